/*
 * test_queueing.c - single stations against closed-form queueing theory:
 * M/M/1, M/M/c (Erlang C), M/D/1 and M/G/1 with lognormal service
 * (Pollaczek-Khinchine).
 *
 * Method. Each case is run as R = 40 independent replications with
 * mdl_batch_run (2 threads); every replication starts empty, deletes a
 * warm-up and measures over a long window. A KPI passes when
 *   (1) the family-wise Student-t interval over the replications covers
 *       the exact value, and
 *   (2) the interval is tight: half-width <= 3 % of the exact value for
 *       waits, queue lengths, lead time and WIP, <= 1 % for utilisation and
 *       throughput,
 * so that a wide interval cannot hide a wrong model: a station that
 * tallied only the units that actually waited, counted the unit in service
 * as queued, or mis-read the lognormal parameters misses by 20 % or more.
 * The intervals are Bonferroni intervals for the K_CHECKS = 32 interval
 * checks of this file (ci_family.h): each uses t(1 - 0.05 / 64, 39) =
 * 3.401 instead of t(0.975, 39) = 2.023, so that a correct model passes
 * the whole file with probability >= 95 %.
 *
 * Choosing the window. Time unit: 1 min (service means 1 min). For M/M/1
 * at rho = 0.8 the time-average number in system has asymptotic variance
 * 2 rho (1 + rho) / (1 - rho)^4 = 1800 per unit time (Whitt 1989), i.e. a
 * relative variance of 1800 / 4^2 = 112.5 per unit time: over 40 x 300 000
 * min a relative standard error of 0.31 %, a family half-width of 1.04 %.
 * The queue-only and per-customer means are a little noisier; a pilot
 * Lindley recursion (written independently of linetwin) gave 95 %
 * half-widths of 1.8 % (M/M/1 Wq), 1.1 % (M/M/3), 1.3 % (M/D/1) and 1.6 %
 * (M/G/1) with 20 x 1e5 min. Family half-widths scale as
 * t(1 - 0.05 / 64, R - 1) / sqrt(R x window); with 40 replications and
 * the windows below (twice the 95 %-era ones, three times for M/M/3)
 * they were, over 20 seeds, 0.7-1.2 % on average for waits, queues, lead
 * time and WIP (at most 1.4 %) and 0.1-0.15 % for utilisation and
 * throughput: under half of each criterion. The half-width estimate
 * itself varies by ~11 % (39 d.f.), so the tightness check is not a coin
 * toss.
 *
 * Warm-up: the relaxation time of M/M/1 at rho = 0.8 is
 * 1 / (mu (1 - sqrt(rho))^2) ~ 90 min; deleting 2000 min leaves an
 * initial-condition bias of order e^-22, far below the half-widths.
 *
 * Multiple testing. With 95 % intervals a correct model failed some check
 * of this file for 11 of 40 seeds (measured with the models of 2026-11-23:
 * 5.2 % of all checks missed). With the family-wise intervals it was clean
 * for 58 of 60 other seeds (1-60 through LINETWIN_TEST_SEED; models of
 * 2026-11-23 with the buffer-0 fix). Seeds 25 and 38 drew arrival streams
 * whose 40-replication mean count is 2.6 and 3.6 standard errors low (all
 * four cases share that stream: same product and source), and utilisation
 * or throughput missed; the generator itself follows t(39) over 4000
 * seeds.
 * The seed was fixed before the first run and must not be changed to make
 * a miss go away: investigate a miss with many more replications.
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
#include "mdl_run.h"
#include "sim_dist.h"

#include "ci_family.h"
#include "test_helpers.h"
#include "model_specs.h"
#include "test_main.h"

#define MIN 60.0           /* seconds per time unit */
#define REPS 40
#define THREADS 2
#define SEED UINT64_C(30001) /* fixed before the first run; never tuned */
#define TIGHT_WAIT 0.03    /* half-width / exact for waits, queues, WIP */
#define TIGHT_RATE 0.01    /* half-width / exact for utilisation, throughput */

/*
 * The interval checks of this file, for the Bonferroni level (ci_family.h).
 * Each of the 4 cases (M/M/1, M/M/3, M/D/1, M/G/1) makes 8:
 *   6 KPIs against exact values (wait_s, queue_len, utilization,
 *     lead_time_s, wip, throughput_per_h),
 *   2 Little's-law checks (line, the one station's buffer).
 */
#define K_CHECKS (4 * 8)
static ci_family family = {K_CHECKS, 0};

/* ---- checking --------------------------------------------------------- */

typedef ci_checks checks;
#define check_covers(c, what, s, exact, max_hw) \
    ci_check_covers(&family, (c), (what), (s), (exact), (max_hw), REPS)
#define check_little(c, what, b) ci_check_little(&family, (c), (what), (b))



/* ---- exact values ----------------------------------------------------- */

/*
 * Erlang C: probability that an arrival waits in M/M/c with offered load
 * a = lambda / mu < c:
 *   P_wait = [a^c / c! * c / (c - a)] / [sum_{k<c} a^k / k! + a^c / c! * c / (c - a)]
 * and then Wq = P_wait / (c mu - lambda) (Kleinrock, Queueing Systems I, 3.40).
 */
static double erlang_c(int c, double a) {
    double term = 1.0, sum = 0.0;
    for (int k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    /* term is now a^c / c! */
    double tail = term * c / (c - a);
    return tail / (sum + tail);
}

/*
 * Pollaczek-Khinchine mean wait in M/G/1: Wq = lambda E[S^2] / (2 (1 - rho))
 * with rho = lambda E[S].
 */
static double pk_wq(double lambda, double es, double es2) {
    return lambda * es2 / (2.0 * (1.0 - lambda * es));
}

typedef struct exact {
    double wq;   /* mean wait in the buffer, min */
    double w;    /* mean time in system, min */
    double lq;   /* mean number waiting */
    double l;    /* mean number in system */
    double rho;  /* utilisation of a server */
    double x;    /* throughput, per min */
} exact;

static exact from_wq(double lambda, double es, int servers, double wq) {
    exact e;
    e.wq = wq;
    e.w = wq + es;             /* W = Wq + E[S] */
    e.lq = lambda * wq;        /* Little at the buffer */
    e.l = lambda * e.w;        /* Little for the station */
    e.rho = lambda * es / servers;
    e.x = lambda;              /* stable: everything that arrives leaves */
    return e;
}

/* ---- the model -------------------------------------------------------- */

/* One station "q" with `servers` servers, unlimited buffer, Poisson arrivals
 * at `lambda` per minute, service law `service` (seconds). */
static mdl_model *queue_model(int servers, double lambda, sim_dist service) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    mdl_station_spec s = fx_station("q", service);
    s.servers = servers;
    assert_int_equal(mdl_model_add_station(m, &s), 0);
    const char *route[] = {"q"};
    int p = mdl_model_add_product(m, "job", route, 1, 0);
    assert_int_equal(p, 0);
    assert_true(mdl_model_add_push(m, p, sim_dist_exp(MIN / lambda), 0.0, 0) >= 0);
    return m;
}

/* Runs one case (service rate 1 / min) and compares every KPI with its
 * exact value, from its exact Wq (min), which must be the one worked out
 * by hand in the case's comment. */
static void run_case(const char *name, int servers, double lambda, sim_dist service, double wq,
                     double wq_by_hand, double window_min) {
    exact e = from_wq(lambda, 1.0, servers, wq);
    assert_near(e.wq, wq_by_hand, 1e-12);
    print_message("%s\n", name);
    mdl_model *m = queue_model(servers, lambda, service);
    mdl_batch *b = test_run_batch(m, 2000.0 * MIN, (2000.0 + window_min) * MIN, REPS,
                                  ci_family_seed(SEED), THREADS);
    checks c = {0, 0};
    check_covers(&c, "station wait_s [s]", mdl_batch_station_kpi(b, 0, MDL_SKPI_WAIT_S),
                 e.wq * MIN, TIGHT_WAIT * e.wq * MIN);
    check_covers(&c, "station queue_len", mdl_batch_station_kpi(b, 0, MDL_SKPI_QUEUE_LEN),
                 e.lq, TIGHT_WAIT * e.lq);
    check_covers(&c, "station utilization", mdl_batch_station_kpi(b, 0, MDL_SKPI_UTILIZATION),
                 e.rho, TIGHT_RATE * e.rho);
    check_covers(&c, "line lead_time_s [s]", mdl_batch_kpi(b, MDL_KPI_LEAD_TIME_S),
                 e.w * MIN, TIGHT_WAIT * e.w * MIN);
    check_covers(&c, "line wip", mdl_batch_kpi(b, MDL_KPI_WIP), e.l, TIGHT_WAIT * e.l);
    check_covers(&c, "line throughput_per_h", mdl_batch_kpi(b, MDL_KPI_THROUGHPUT_PER_H),
                 e.x * 60.0, TIGHT_RATE * e.x * 60.0);
    check_little(&c, "Little's law", b);
    assert_int_equal(ci_checks_end(&c, b, m), 0);
}

/* ---- the exact formulas themselves ------------------------------------ */

/* The two closed forms agree where they overlap (M/M/1 is both M/M/c with
 * c = 1 and M/G/1 with E[S^2] = 2 E[S]^2), and match hand-computed values. */
static void test_formulas(void **state) {
    (void)state;
    /* M/M/1, rho = 0.8: Wq = rho / (mu - lambda) = 0.8 / 0.2 = 4. */
    assert_near(erlang_c(1, 0.8) / (1.0 - 0.8), 4.0, 1e-12);
    assert_near(pk_wq(0.8, 1.0, 2.0), 4.0, 1e-12);
    /* M/M/3, a = 2.4: sum_{k<3} a^k/k! = 1 + 2.4 + 2.88 = 6.28;
     * a^3/3! = 2.304, times 3 / 0.6 = 11.52; P_wait = 11.52 / 17.8. */
    assert_near(erlang_c(3, 2.4), 11.52 / 17.8, 1e-12);
    /* The service laws have the moments the formulas assume. */
    sim_dist ln = sim_dist_lognormal(MIN, 0.5 * MIN);
    assert_near(sim_dist_mean(&ln), MIN, 1e-9);
    assert_near(sim_dist_var(&ln), 0.25 * MIN * MIN, 1e-6);
    sim_dist ex = sim_dist_exp(MIN);
    assert_near(sim_dist_var(&ex), MIN * MIN, 1e-6);
}

/*
 * M/M/1, lambda = 0.8 / min, mu = 1 / min (rho = 0.8):
 *   Wq = rho / (mu - lambda) = 4 min, W = 5 min, Lq = 3.2, L = 4.
 */
static void test_mm1(void **state) {
    (void)state;
    run_case("M/M/1 rho=0.8", 1, 0.8, sim_dist_exp(MIN), erlang_c(1, 0.8) / (1.0 - 0.8), 4.0, 300000.0);
}

/*
 * M/M/3, lambda = 2.4 / min, mu = 1 / min (a = 2.4, rho = 0.8):
 *   P_wait = 11.52 / 17.8 = 0.647191, Wq = P_wait / (3 - 2.4) = 1.078652 min,
 *   W = 2.078652 min, Lq = 2.588764, L = 4.988764.
 */
static void test_mm3(void **state) {
    (void)state;
    run_case("M/M/3 Erlang C lambda=2.4 mu=1", 3, 2.4, sim_dist_exp(MIN), erlang_c(3, 2.4) / (3.0 - 2.4),
             1.0786516853932584, 150000.0);
}

/*
 * M/D/1, lambda = 0.8 / min, S = 1 min: E[S^2] = 1,
 *   Wq = 0.8 * 1 / (2 * 0.2) = 2 min, W = 3 min, Lq = 1.6, L = 2.4.
 */
static void test_md1(void **state) {
    (void)state;
    run_case("M/D/1 rho=0.8 (P-K, constant)", 1, 0.8, sim_dist_const(MIN), pk_wq(0.8, 1.0, 1.0), 2.0,
             200000.0);
}

/*
 * M/G/1, lambda = 0.8 / min, S lognormal with mean 1 min and sd 0.5 min:
 * E[S^2] = Var + mean^2 = 0.25 + 1 = 1.25,
 *   Wq = 0.8 * 1.25 / (2 * 0.2) = 2.5 min, W = 3.5 min, Lq = 2, L = 2.8.
 * (Between M/D/1's 2 and M/M/1's 4: a wrong variance moves it visibly.)
 */
static void test_mg1_lognormal(void **state) {
    (void)state;
    run_case("M/G/1 rho=0.8 (P-K, lognormal cv 0.5)", 1, 0.8, sim_dist_lognormal(MIN, 0.5 * MIN),
             pk_wq(0.8, 1.0, 1.25), 2.5, 240000.0);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_formulas),
        cmocka_unit_test(test_mm1),
        cmocka_unit_test(test_mm3),
        cmocka_unit_test(test_md1),
        cmocka_unit_test(test_mg1_lognormal),
        CI_FAMILY_LAST_TEST(family),
)
