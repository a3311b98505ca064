/*
 * test_availability.c - a machine with breakdowns: long-run availability,
 * state shares, failure rate and throughput, for failure clocks that run in
 * calendar time and in operating time, saturated and not; and
 * preemptive-resume (a breakdown keeps the remaining work).
 *
 * Exact values (m = mean time to failure, r = mean time to repair, c =
 * cycle time, all in minutes):
 * - Calendar clock: up and down periods alternate, up ~ TTF, down ~ TTR,
 *   whatever the machine is doing (the clock restarts at the end of each
 *   repair). By the renewal-reward theorem the long-run down share is
 *   r / (m + r), availability A = m / (m + r), failures per unit time
 *   1 / (m + r) - for any TTF and TTR laws, not only exponential ones.
 * - Operating-time clock: the clock advances only while the machine works
 *   (busy or setup), so failures come at rate 1 / m per unit of busy time.
 *   With Poisson arrivals at rate lambda and preemptive resume all work
 *   that arrives is done: busy share u = lambda c, failures per unit time
 *   u / m, down share u r / m, availability 1 - u r / m.
 * - Saturated (unlimited supply, single machine, last station: never
 *   starved, never blocked): the machine is busy whenever it is up, so
 *   operating time = up time and both clocks give busy share = A =
 *   m / (m + r), and throughput A / c.
 * - Preemptive resume, one job at a time (CONWIP w = 1): a job needs c of
 *   up time; with exponential TTF the failures during that up time are
 *   Poisson with mean c / m, each adding a repair of mean r, so the mean
 *   job completion (lead) time is c + (c / m) r = c / A. Had the
 *   breakdown destroyed the work (preemptive repeat) the mean would be
 *   (e^(c/m) - 1)(m + r) instead: with c = m = 60 and r = 20 min, 137.5
 *   against 80 min.
 *
 * Pass criterion: the family-wise Student-t interval over 40 replications
 * covers the exact value and its half-width is at most 5 % of the exact
 * down share for the down share and availability (tightness on 1 - A, as
 * A is close to 1), 1 % of the value for busy share, throughput and lead
 * time, 5 % for the failure rate. The intervals are Bonferroni intervals
 * for the K_CHECKS = 51 interval checks of this file (ci_family.h):
 * t(1 - 0.05 / 102, 39) = 3.565 instead of t(0.975, 39) = 2.023, so that
 * a correct model passes the whole file with probability >= 95 %.
 *
 * Windows. With exponential up (rate a = 1/m) and down (rate b = 1/r)
 * periods the down indicator is a two-state Markov chain whose time average
 * has asymptotic variance 2 pi_up pi_down / (a + b): 5.27 min for m = 240,
 * r = 30. Over 40 x 400 000 min its standard error is 0.00057, a family
 * half-width of 1.8 % of the down share 1/9. In the operating-time case the
 * down time is a compound Poisson sum with variance (u T / m) 2 r^2, giving
 * 2.0 % over 40 x 800 000 min. Completion times in the resume case have
 * coefficient of variation sqrt(2 c r^2 / m) / 80 = 0.35; 150 000 jobs
 * (40 x 300 000 min) give a 0.32 % family half-width. All leave a factor
 * >= 2 to the criteria.
 *
 * Multiple testing. With 95 % intervals a correct model failed some check
 * of this file for 11 of 40 seeds (measured with the models of
 * 2026-11-23: 5.2 % of all checks missed). With the family-wise intervals
 * it was clean for 60 of 60 other seeds (1-60 through LINETWIN_TEST_SEED;
 * models of 2026-11-23 with the buffer-0 fix).
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

#define MIN 60.0
#define REPS 40
#define THREADS 2
#define SEED UINT64_C(30004) /* fixed before the first run; never tuned */

/*
 * The interval checks of this file, for the Bonferroni level (ci_family.h).
 * Every case: down share, availability, busy share, throughput (4), failures
 * per hour (1) and Little's law for the line and the buffer (2); the
 * preemptive-resume cases also lead time (1).
 *   saturated, calendar and operating clock:         2 x 7
 *   saturated, general laws:                             7
 *   Poisson load, calendar and operating clock:      2 x 7
 *   one job at a time, calendar and operating clock: 2 x 8
 */
#define K_CHECKS (2 * 7 + 7 + 2 * 7 + 2 * 8)
static ci_family family = {K_CHECKS, 0};

typedef ci_checks checks;
#define check_covers(c, what, s, exact, max_hw) \
    ci_check_covers(&family, (c), (what), (s), (exact), (max_hw), REPS)
#define check_little(c, b) ci_check_little(&family, (c), "Little's law", (b))



typedef enum supply { SATURATED, POISSON, ONE_AT_A_TIME } supply;

/* One machine "m" and how it is fed and fails. */
typedef struct machine_case {
    const char *name;
    mdl_failure_clock clock;
    sim_dist ttf, ttr, cycle;   /* seconds */
    supply feed;
    double lambda;              /* arrivals per min when POISSON */
    double window;              /* min per replication */
} machine_case;

/* Exact values; NaN = not checked. */
typedef struct machine_exact {
    double down;        /* down share = 1 - availability (no off time) */
    double busy;        /* busy share */
    double per_h;       /* throughput, units per hour */
    double fail_per_h;  /* breakdowns per hour */
    double lead_s;      /* mean lead time, s */
} machine_exact;

static mdl_batch *run_machine(const machine_case *k, mdl_model **out) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    mdl_station_spec s = fx_station("m", k->cycle);
    s.has_failures = true;
    s.mtbf = k->ttf;
    s.mttr = k->ttr;
    s.failure_clock = k->clock;
    assert_int_equal(mdl_model_add_station(m, &s), 0);
    const char *route[] = {"m"};
    int p = mdl_model_add_product(m, "job", route, 1, 0);
    assert_int_equal(p, 0);
    switch (k->feed) {
    case SATURATED:
        assert_true(mdl_model_add_unlimited(m, p) >= 0);
        break;
    case POISSON:
        assert_true(mdl_model_add_push(m, p, sim_dist_exp(MIN / k->lambda), 0.0, 0) >= 0);
        break;
    case ONE_AT_A_TIME:
        assert_true(mdl_model_add_conwip(m, p, 1) >= 0);
        break;
    }
    double warmup = 2000.0 * MIN;
    mdl_batch *b = test_run_batch(m, warmup, warmup + k->window * MIN, REPS, ci_family_seed(SEED),
                                  THREADS);
    *out = m;
    return b;
}

static int run_case(const machine_case *k, machine_exact e) {
    print_message("%s\n", k->name);
    mdl_model *m = NULL;
    mdl_batch *b = run_machine(k, &m);
    checks c = {0, 0};
    check_covers(&c, "down share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_DOWN), e.down,
                 0.05 * e.down);
    check_covers(&c, "availability", mdl_batch_station_kpi(b, 0, MDL_SKPI_AVAILABILITY),
                 1.0 - e.down, 0.05 * e.down);
    check_covers(&c, "busy share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_BUSY), e.busy,
                 0.01 * e.busy);
    check_covers(&c, "throughput_per_h", mdl_batch_kpi(b, MDL_KPI_THROUGHPUT_PER_H), e.per_h,
                 0.01 * e.per_h);
    if (!isnan(e.fail_per_h)) {
        double rate[64];
        for (int r = 0; r < REPS; r++) {
            const mdl_rep_result *x = mdl_batch_rep(b, r);
            rate[r] = x->station[0][MDL_SKPI_FAILURES] / (x->window_s / 3600.0);
        }
        check_covers(&c, "failures per hour", mdl_summarize(rate, REPS), e.fail_per_h,
                     0.05 * e.fail_per_h);
    }
    if (!isnan(e.lead_s))
        check_covers(&c, "lead_time_s", mdl_batch_kpi(b, MDL_KPI_LEAD_TIME_S), e.lead_s,
                     0.01 * e.lead_s);
    /* Nothing is off, blocked (single last station) or in setup. */
    for (int r = 0; r < REPS; r++) {
        const mdl_rep_result *x = mdl_batch_rep(b, r);
        assert_true(x->station[0][MDL_SKPI_STATE_OFF] == 0.0);
        assert_true(x->station[0][MDL_SKPI_STATE_BLOCKED] == 0.0);
        assert_true(x->station[0][MDL_SKPI_STATE_SETUP] == 0.0);
    }
    check_little(&c, b);
    return ci_checks_end(&c, b, m);
}

/* The case on the calendar clock against e_cal, then the same on the
 * operating clock (named op_name) against e_op; fails when either missed. */
static void run_both_clocks(const machine_case *cal, machine_exact e_cal, const char *op_name,
                            machine_exact e_op) {
    machine_case op = *cal;
    op.name = op_name;
    op.clock = MDL_FAIL_OPERATING;
    int failed = run_case(cal, e_cal);
    failed += run_case(&op, e_op);
    assert_int_equal(failed, 0);
}

/*
 * Saturated machine, cycle 5 min, TTF exp(240 min), TTR exp(30 min):
 * A = 240 / 270 = 0.888889, down 1/9, busy = A (busy whenever up),
 * throughput A / c = 0.888889 x 12 = 10.666667 per hour,
 * failures 60 / 270 = 0.222222 per hour - for both clocks.
 */
static void test_saturated_both_clocks(void **state) {
    (void)state;
    machine_exact e = {1.0 / 9.0, 8.0 / 9.0, 8.0 / 9.0 * 12.0, 60.0 / 270.0, NAN};
    machine_case cal = {"saturated, calendar-time failures", MDL_FAIL_CALENDAR,
                        sim_dist_exp(240 * MIN), sim_dist_exp(30 * MIN),
                        sim_dist_const(5 * MIN), SATURATED, 0.0, 400000.0};
    run_both_clocks(&cal, e, "saturated, operating-time failures", e);
}

/*
 * Non-exponential laws, calendar clock, saturated: TTF uniform(120, 360)
 * min (mean 240), TTR const(30 min). Renewal-reward gives the same
 * A = 240 / 270 as above; this fails if the clock were not restarted at
 * the end of a repair (e.g. kept running through it).
 */
static void test_general_laws(void **state) {
    (void)state;
    machine_exact e = {1.0 / 9.0, 8.0 / 9.0, 8.0 / 9.0 * 12.0, 60.0 / 270.0, NAN};
    machine_case k = {"saturated, calendar, uniform TTF, constant TTR", MDL_FAIL_CALENDAR,
                      sim_dist_uniform(120 * MIN, 360 * MIN), sim_dist_const(30 * MIN),
                      sim_dist_const(5 * MIN), SATURATED, 0.0, 400000.0};
    assert_int_equal(run_case(&k, e), 0);
}

/*
 * Poisson arrivals, lambda = 0.1 / min, cycle 5 min (u = 0.5),
 * TTF exp(240), TTR exp(30) min; throughput = lambda = 6 per hour (stable:
 * capacity A / c >= 0.178 / min > 0.1).
 *  calendar:  down = 30 / 270 = 1/9, failures 0.222222 / h, busy 0.5;
 *  operating: down = u r / m = 0.5 x 30 / 240 = 0.0625,
 *             failures u / m = 0.5 / 240 / min = 0.125 / h, busy 0.5.
 */
static void test_partial_load(void **state) {
    (void)state;
    machine_case cal = {"Poisson load 0.5, calendar-time failures", MDL_FAIL_CALENDAR,
                        sim_dist_exp(240 * MIN), sim_dist_exp(30 * MIN),
                        sim_dist_const(5 * MIN), POISSON, 0.1, 800000.0};
    machine_exact ecal = {1.0 / 9.0, 0.5, 6.0, 60.0 / 270.0, NAN};
    machine_exact eop = {0.0625, 0.5, 6.0, 0.125, NAN};
    run_both_clocks(&cal, ecal, "Poisson load 0.5, operating-time failures", eop);
}

/*
 * Preemptive resume: one job at a time (CONWIP 1), cycle const 60 min,
 * TTF exp(60 min), TTR exp(20 min). Mean completion = c + (c / m) r =
 * 60 + 20 = 80 min = 4800 s (preemptive repeat would give 137.5 min);
 * throughput 60 / 80 = 0.75 per hour; down share 20 / 80 = 0.25; busy
 * 0.75; failures 60 / 80 = 0.75 per hour. Same for both clocks, since the
 * machine works whenever it is up.
 */
static void test_preemptive_resume(void **state) {
    (void)state;
    machine_exact e = {0.25, 0.75, 0.75, 0.75, 80.0 * MIN};
    machine_case cal = {"one job at a time, calendar clock: resume keeps the work",
                        MDL_FAIL_CALENDAR, sim_dist_exp(60 * MIN), sim_dist_exp(20 * MIN),
                        sim_dist_const(60 * MIN), ONE_AT_A_TIME, 0.0, 300000.0};
    run_both_clocks(&cal, e, "one job at a time, operating clock: resume keeps the work", e);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_saturated_both_clocks),
        cmocka_unit_test(test_general_laws),
        cmocka_unit_test(test_partial_load),
        cmocka_unit_test(test_preemptive_resume),
        CI_FAMILY_LAST_TEST(family),
)
