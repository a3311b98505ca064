/*
 * test_people_queues.c - people as resources against exact results.
 *
 * 1. The machine-repairman model (finite-source queue): N = 5 machines
 *    (the servers of one station, saturated: an unlimited supply, never
 *    blocked), exponential lifetimes of mean 60 min (calendar clock: a
 *    machine fails only while up), c = 2 technicians of a pool that the
 *    station's `repair` task needs, exponential repairs of mean 20 min.
 *    The number of machines down is a birth-death chain on 0..N with
 *    birth rate (N - k) lambda and death rate min(k, c) mu; its
 *    stationary law pi (computed below from the balance equations) gives
 *      down share              E[k] / N
 *      throughput per hour     60 (N - E[k])    (cycle 1 min: a machine that is up is busy)
 *      technicians' repairing  E[min(k, c)] / c
 *      repair response time    E[(k - c)+] / (lambda (N - E[k]))   (Little's law on the waiting machines)
 * 2. A station whose servers outnumber its operators: 4 servers, a
 *    `process` task of one person from a pool of c = 2, Poisson arrivals
 *    at 1.5 per min, exponential operations of mean 1 min. Only two units
 *    are worked on at once: an M/M/2 queue (Erlang C), whatever the
 *    servers, with
 *      lead time W = C(2, a) / (c mu - lambda) + 1 / mu,  WIP L = lambda W,
 *      operators' working share rho = lambda / (c mu).
 *
 * Pass criterion: the family-wise Student-t interval over 20 replications
 * (ci_family.h, K_CHECKS below) covers the exact value, and its half-width
 * is at most 3 % of it (1.5 % for throughput and the working share). The
 * seed was fixed before the first run; never tuned.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_people.h"
#include "mdl_run.h"
#include "sim_dist.h"

#include "ci_family.h"
#include "test_helpers.h"
#include "model_fixtures.h"
#include "test_main.h"

#define MIN 60.0
#define REPS 20
#define THREADS 2
#define SEED UINT64_C(15015) /* fixed before the first run; never tuned */

/* repairman: down share, throughput, repairing share, response time (4);
 * M/M/2 with 4 servers: lead time, WIP, working share (3). */
#define K_CHECKS (4 + 3)
static ci_family family = {K_CHECKS, 0};

#define check_covers(c, what, s, exact, max_hw) \
    ci_check_covers(&family, (c), (what), (s), (exact), (max_hw), REPS)

static int add_pool(mdl_model *m, const char *id, int headcount) {
    mdl_pool_spec ps = fx_pool(id, headcount);
    ps.walk_speed = 0.0;
    return fx_add_pool(m, &ps);
}

static void add_task(mdl_model *m, int station, int pool, mdl_task_kind kind) {
    mdl_task_spec t = fx_task(station, pool, kind);
    fx_add_task(m, &t);
}

static void repairman(void **state) {
    (void)state;
    const int N = 5, c = 2;
    const double lambda = 1.0 / 60.0, mu = 1.0 / 20.0; /* per min */
    /* The birth-death chain's stationary law. */
    double pi[6], sum = 0.0;
    pi[0] = 1.0;
    for (int k = 1; k <= N; k++) pi[k] = pi[k - 1] * (N - k + 1) * lambda / ((k < c ? k : c) * mu);
    for (int k = 0; k <= N; k++) sum += pi[k];
    double ek = 0.0, ebusy = 0.0, eq = 0.0;
    for (int k = 0; k <= N; k++) {
        pi[k] /= sum;
        ek += k * pi[k];
        ebusy += (k < c ? k : c) * pi[k];
        eq += (k > c ? k - c : 0) * pi[k];
    }
    double down = ek / N, per_h = 60.0 * (N - ek), repairing = ebusy / c;
    double response_s = eq / (lambda * (N - ek)) * MIN;

    mdl_model *m = mdl_model_new();
    mdl_station_spec s;
    mdl_station_spec_default(&s);
    s.id = "machines";
    s.servers = N;
    s.has_cycle = true;
    s.cycle = sim_dist_const(1.0 * MIN);
    s.has_failures = true;
    s.mtbf = sim_dist_exp(60.0 * MIN);
    s.mttr = sim_dist_exp(20.0 * MIN);
    int st = mdl_model_add_station(m, &s);
    assert_true(st >= 0);
    const char *route[] = {"machines"};
    int p = mdl_model_add_product(m, "job", route, 1, 0);
    assert_true(mdl_model_add_unlimited(m, p) >= 0);
    int pool = add_pool(m, "technicians", c);
    add_task(m, st, pool, MDL_TASK_REPAIR);
    double warmup = 1000.0 * MIN;
    mdl_batch *b = test_run_batch(m, warmup, warmup + 300000.0 * MIN, REPS, ci_family_seed(SEED), THREADS);
    ci_checks k = {0, 0};
    print_message("machine repairman: N = %d, c = %d\n", N, c);
    check_covers(&k, "down share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_DOWN), down, 0.03 * down);
    check_covers(&k, "throughput_per_h", mdl_batch_kpi(b, MDL_KPI_THROUGHPUT_PER_H), per_h, 0.015 * per_h);
    check_covers(&k, "technicians repairing", mdl_batch_pool_kpi(b, 0, MDL_POOLKPI_REPAIRING), repairing,
                 0.03 * repairing);
    check_covers(&k, "repair response s", mdl_batch_people_kpi(b, MDL_PEOPLEKPI_REPAIR_RESPONSE_S), response_s,
                 0.03 * response_s);
    mdl_batch_free(b);
    mdl_model_free(m);
    assert_int_equal(k.failed, 0);
}

static void mmc_operators(void **state) {
    (void)state;
    const int c = 2;
    const double lambda = 1.5, mu = 1.0; /* per min */
    double a = lambda / mu, rho = a / c;
    double tail = pow(a, c) / tgamma(c + 1.0) / (1.0 - rho), head = 0.0;
    for (int k = 0; k < c; k++) head += pow(a, k) / tgamma(k + 1.0);
    double erlang_c = tail / (head + tail);
    double w_s = (erlang_c / (c * mu - lambda) + 1.0 / mu) * MIN;
    double l = lambda * w_s / MIN;

    mdl_model *m = mdl_model_new();
    mdl_station_spec s;
    mdl_station_spec_default(&s);
    s.id = "manual";
    s.servers = 4;
    s.has_cycle = true;
    s.cycle = sim_dist_exp(MIN / mu);
    int st = mdl_model_add_station(m, &s);
    const char *route[] = {"manual"};
    int p = mdl_model_add_product(m, "job", route, 1, 0);
    assert_true(mdl_model_add_push(m, p, sim_dist_exp(MIN / lambda), 0.0, 0) >= 0);
    int pool = add_pool(m, "operators", c);
    add_task(m, st, pool, MDL_TASK_PROCESS);
    double warmup = 1000.0 * MIN;
    mdl_batch *b = test_run_batch(m, warmup, warmup + 150000.0 * MIN, REPS, ci_family_seed(SEED + 1), THREADS);
    ci_checks k = {0, 0};
    print_message("M/M/%d by operators (4 servers)\n", c);
    check_covers(&k, "lead_time_s", mdl_batch_kpi(b, MDL_KPI_LEAD_TIME_S), w_s, 0.03 * w_s);
    check_covers(&k, "wip", mdl_batch_kpi(b, MDL_KPI_WIP), l, 0.03 * l);
    check_covers(&k, "operators working", mdl_batch_pool_kpi(b, 0, MDL_POOLKPI_WORKING), rho, 0.015 * rho);
    mdl_batch_free(b);
    mdl_model_free(m);
    assert_int_equal(k.failed, 0);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(repairman),
        cmocka_unit_test(mmc_operators),
        CI_FAMILY_LAST_TEST(family),
)
