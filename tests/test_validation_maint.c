/*
 * test_validation_maint.c - maintenance strategies against exact results
 * computed here (renewal-reward, a two-state Markov chain, binomial).
 *
 * One saturated machine (unlimited supply, last station: busy whenever it
 * is up), so its operating time is its up time.
 *
 * - Age replacement: lifetimes X ~ weibull(k, s) on the operating clock, a
 *   PM at age T (pm_basis "age", immediately), repair Dr and PM Dp
 *   constant. A cycle ends with a failure (prob. F(T)) or a PM. By the
 *   renewal-reward theorem, with U = int_0^T R(t) dt (Simpson's rule here):
 *     cycle length  C = U + F(T) Dr + (1 - F(T)) Dp
 *     busy share U / C, down share F Dr / C, maintenance share (1 - F) Dp / C
 *     failures per operating hour F / U
 *     cost rate (F (parts + h Dr) + (1 - F)(pm_parts + h Dp)) / C.
 * - Block replacement: exponential lifetimes (rate a) on the calendar clock,
 *   exponential repairs (rate b), a PM every T of calendar time (a fixed
 *   grid), duration Dp, taking over a repair under way. After each PM the
 *   machine is up and the up/down process is the two-state Markov chain
 *   for L = T - Dp: P(up at t) = b/(a+b) + a/(a+b) e^-(a+b)t, so
 *     up share  (1/T) int_0^L P(up) dt,  maintenance share Dp / T,
 *     failures per hour  a x up share.
 * - A perfect predictor (recall 1) with a lead time longer than the planned
 *   replacement, acted on immediately: no failure ever (exactly 0).
 * - Recall r: each life ends in a failure with probability 1 - r exactly
 *   (a warning due before the life's start comes at once), so the share of
 *   failures among lives is 1 - r.
 * - Two exponential modes (calendar clock; the clocks stop while the machine
 *   is down) are the single mode with rate a1 + a2 and mean repair
 *   (a1 r1 + a2 r2) / (a1 + a2): availability m / (m + r) of that mode.
 *
 * Family-wise intervals (ci_family.h) over K_CHECKS checks; each must cover
 * the exact value and be at most the stated half-width. The seed was fixed
 * before the first run.
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
#include "scn_scene.h"
#include "sim_units.h"

#include "test_helpers.h"
#include "test_scene_text.h"
#include "validation/ci_family.h"
#include "test_main.h"
#include "model_fixtures.h"

#define REPS 20
#define THREADS 2
#define SEED UINT64_C(16016) /* fixed before the first run; never tuned */
#define K_CHECKS 12

static ci_family family = {K_CHECKS, 0};


/* The batch of the job line whose station m (const 10 min) has the keys
 * printf(format, ...) makes. */
static mdl_batch *run(const char *format, ...) __attribute__((format(printf, 1, 2)));
static mdl_batch *run(const char *format, ...) {
    char keys[1536], st[2048];
    va_list ap;
    va_start(ap, format);
    vsnprintf(keys, sizeof keys, format, ap);
    va_end(ap);
    snprintf(st, sizeof st, "{ id = \"m\"; cycle = \"const(10min)\"; %s }", keys);
    mdl_model *m = test_job_line("maint.cfg", (test_run){"1610d", "10d", REPS, ci_family_seed(SEED)}, "", st, "");
    mdl_batch *b = test_batch(m, THREADS);
    /* the batch keeps its model: freed with it below by the caller */
    return b;
}

/* Frees the batch and its model; then fails when any of the `failed`
 * interval checks missed. */
static void done(mdl_batch *b, int failed) {
    mdl_model *m = (mdl_model *)mdl_batch_model(b);
    mdl_batch_free(b);
    mdl_model_free(m);
    assert_int_equal(failed, 0);
}

/* Figures of one replication (fx_over_reps): station 0's maintenance cost
 * and failures per hour of the window, and the share of its lives (a
 * failure or a predictive maintenance ends one) that end in a failure. */
static double window_h(const mdl_rep_result *x) { return x->window_s / SIM_HOUR; }
static double cost_rate(const mdl_rep_result *x) { return x->station[0][MDL_SKPI_MAINT_COST] / window_h(x); }
static double fail_share(const mdl_rep_result *x) {
    const double *o = x->station[0];
    double lives = o[MDL_SKPI_FAILURES] + o[MDL_SKPI_PDM];
    return lives > 0 ? o[MDL_SKPI_FAILURES] / lives : 0.0;
}
static double fail_rate(const mdl_rep_result *x) { return x->station[0][MDL_SKPI_FAILURES] / window_h(x); }

static double weib_R(double t, double k, double s) { return exp(-pow(t / s, k)); }

static void age_replacement(void **state) {
    (void)state;
    const double k = 2.5, s = 100.0, T = 50.0, Dr = 5.0, Dp = 1.0, parts = 500.0, pm_parts = 100.0, h = 50.0;
    /* U = int_0^T R(t) dt by Simpson's rule (R is smooth: 1e-10 accurate). */
    const int N = 20000;
    double U = weib_R(0, k, s) + weib_R(T, k, s);
    for (int i = 1; i < N; i++) U += (i % 2 ? 4.0 : 2.0) * weib_R(T * i / N, k, s);
    U *= T / N / 3.0;
    double F = 1.0 - weib_R(T, k, s);
    double C = U + F * Dr + (1.0 - F) * Dp;
    mdl_batch *b = run("failure_modes = ( { id = \"bearing\"; ttf = \"weibull(2.5, 100h)\"; clock = \"operating\";"
                       "                      repair = \"const(5h)\"; parts = 500.0; } );"
                       "  maintenance = { pm_interval = \"50h\"; pm_clock = \"operating\"; pm_basis = \"age\";"
                       "                  pm_duration = \"const(1h)\"; pm_when = \"immediately\"; pm_parts = 100.0;"
                       "                  cost_per_hour = 50.0; };");
    ci_checks c = {0, 0};
    print_message("age replacement: U = %.6f h, F(T) = %.6f, cycle %.6f h\n", U, F, C);
    ci_check_covers(&family, &c, "busy share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_BUSY), U / C, 0.003, REPS);
    ci_check_covers(&family, &c, "down share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_DOWN), F * Dr / C,
                    0.1 * F * Dr / C, REPS);
    ci_check_covers(&family, &c, "maintenance share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_MAINT),
                    (1 - F) * Dp / C, 0.05 * (1 - F) * Dp / C, REPS);
    ci_check_covers(&family, &c, "failures per 1000 op. h", mdl_batch_station_kpi(b, 0, MDL_SKPI_FAILURES_PER_1000H),
                    1000.0 * F / U, 0.1 * 1000.0 * F / U, REPS);
    double rate = (F * (parts + h * Dr) + (1 - F) * (pm_parts + h * Dp)) / C;
    ci_check_covers(&family, &c, "cost per hour", fx_over_reps(b, cost_rate), rate, 0.05 * rate, REPS);
    done(b, c.failed);
}

static void block_replacement(void **state) {
    (void)state;
    const double a = 1.0 / 100.0, bb = 1.0 / 5.0, T = 100.0, Dp = 2.0, L = T - Dp;
    double up = (bb / (a + bb) * L + a / ((a + bb) * (a + bb)) * (1.0 - exp(-(a + bb) * L))) / T;
    mdl_batch *b = run("failure_modes = ( { id = \"x\"; ttf = \"exp(100h)\"; repair = \"exp(5h)\"; } );"
                       "  maintenance = { pm_interval = \"100h\"; pm_duration = \"const(2h)\";"
                       "                  pm_when = \"immediately\"; };");
    ci_checks c = {0, 0};
    print_message("block replacement: up share %.6f\n", up);
    ci_check_covers(&family, &c, "busy share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_BUSY), up, 0.004, REPS);
    ci_check_covers(&family, &c, "down share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_DOWN), 1 - up - Dp / T,
                    0.1 * (1 - up - Dp / T), REPS);
    ci_check_covers(&family, &c, "maintenance share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_MAINT), Dp / T,
                    0.01 * Dp / T, REPS);
    ci_check_covers(&family, &c, "failures per hour", fx_over_reps(b, fail_rate), a * up, 0.08 * a * up, REPS);
    done(b, c.failed);
}

/* run() of a wearing mode (Weibull(2, 80 h) of operating time, repaired
 * in 2 h, 1 h when planned) that a predictor of this recall warns of this
 * lead before it fails; a warning starts the maintenance at once. */
static mdl_batch *run_predicted(double recall, const char *lead) {
    return run("failure_modes = ( { id = \"x\"; ttf = \"weibull(2, 80h)\"; clock = \"operating\";"
               "  repair = \"const(2h)\"; planned = \"const(1h)\"; recall = %.17g; lead = \"%s\"; } );"
               "  maintenance = { on_warning = \"immediately\"; };",
               recall, lead);
}

static void perfect_predictor(void **state) {
    (void)state;
    mdl_batch *b = run_predicted(1.0, "const(3h)");
    mdl_summary f = mdl_batch_station_kpi(b, 0, MDL_SKPI_FAILURES);
    mdl_summary p = mdl_batch_station_kpi(b, 0, MDL_SKPI_PDM);
    print_message("perfect predictor: failures max %g, PdM mean %g\n", f.max, p.mean);
    assert_true(f.max == 0.0);
    assert_true(p.min > 50.0);
    assert_true(mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_DOWN).max == 0.0);
    done(b, 0);
}

static void recall_share(void **state) {
    (void)state;
    const double r = 0.6;
    mdl_batch *b = run_predicted(r, "exp(5h)");
    ci_checks c = {0, 0};
    ci_check_covers(&family, &c, "share of lives failing", fx_over_reps(b, fail_share), 1.0 - r, 0.05, REPS);
    done(b, c.failed);
}

static void modes_as_one(void **state) {
    (void)state;
    const double a1 = 1.0 / 200.0, a2 = 1.0 / 300.0, r1 = 2.0, r2 = 6.0;
    double m = 1.0 / (a1 + a2), rr = (a1 * r1 + a2 * r2) / (a1 + a2);
    double A = m / (m + rr);
    mdl_batch *b = run("failure_modes = ( { id = \"a\"; ttf = \"exp(200h)\"; repair = \"exp(2h)\"; },"
                       "                    { id = \"b\"; ttf = \"exp(300h)\"; repair = \"exp(6h)\"; } );");
    ci_checks c = {0, 0};
    print_message("two modes as one: MTBF %.3f h, MTTR %.3f h, A = %.6f\n", m, rr, A);
    ci_check_covers(&family, &c, "availability (busy)", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_BUSY), A,
                    0.1 * (1 - A), REPS);
    ci_check_covers(&family, &c, "down share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_DOWN), 1 - A, 0.1 * (1 - A),
                    REPS);
    done(b, c.failed);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(age_replacement), cmocka_unit_test(block_replacement), cmocka_unit_test(perfect_predictor),
        cmocka_unit_test(recall_share),    cmocka_unit_test(modes_as_one),      CI_FAMILY_LAST_TEST(family),
)
