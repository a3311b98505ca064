/*
 * test_oee.c - a station's performance and OEE, and the line's OEE, are
 * shares of at most 1 in every replication (docs/kpis.md, "OEE
 * convention"): the ideal time of an operation is its cycle time as drawn,
 * credited for the part of its processing inside the window, less what
 * people faster than nominal save, times a process batch's units over its
 * size. Performance is then the share of the operating time the station
 * processed at its nominal rate.
 *
 * Deterministic cases are checked exactly against timelines written next
 * to each test (1e-12: sums of event times in floating point). The
 * M/M/1 mean is checked against its closed form with the family-wise
 * interval of validation/ci_family.h (K_CHECKS below) from the
 * replications' own spread; the seed was fixed before the first run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_people.h"
#include "mdl_run.h"
#include "sim_dist.h"

#include "validation/ci_family.h"
#include "test_helpers.h"
#include "model_fixtures.h"
#include "test_main.h"

#define MIN 60.0
#define HOUR 3600.0
#define DAY (24.0 * HOUR)
#define SEED UINT64_C(23017) /* fixed before the first run; never tuned */
/* Rounding of a share computed from event times (sums of doubles). */
#define ROUND 1e-12

/* The interval checks of this file: the M/M/1 mean performance. */
#define K_CHECKS 1
static ci_family family = {K_CHECKS, 0};

/* ---- helpers ------------------------------------------------------------ */

/* One station s and a product "p" through it; the product's index. */
static int one_station(mdl_model *m, mdl_station_spec s) {
    fx_add_station(m, &s);
    const char *route[] = {s.id};
    int p = mdl_model_add_product(m, "p", route, 1, 0);
    assert_int_equal(p, 0);
    return p;
}

static void set_window(mdl_model *m, double warmup, double horizon, int reps) {
    mdl_run_settings rs = *mdl_model_run(m);
    rs.warmup = warmup;
    rs.horizon = horizon;
    rs.replications = reps;
    rs.seed = ci_family_seed(SEED);
    if (!mdl_model_set_run(m, &rs)) fail_msg("set_window: %s", mdl_model_error(m));
    if (!mdl_model_validate(m)) fail_msg("model invalid: %s", mdl_model_error(m));
}

static mdl_batch *run_batch(const mdl_model *m) {
    mdl_batch_options o = {0};
    o.run = *mdl_model_run(m);
    o.threads = 2;
    char err[256];
    mdl_batch *b = mdl_batch_run(m, &o, err, sizeof err);
    if (!b) fail_msg("batch: %s", err);
    return b;
}

/* A share of at most 1 (NaN: undefined, no operating time): every
 * station's performance, quality and OEE of replication rep, and the
 * line's OEE. */
static void check_shares(const mdl_rep_result *x, int rep, const char *what) {
    for (int i = 0; i < x->nstations; i++) {
        const mdl_skpi k[] = {MDL_SKPI_AVAILABILITY, MDL_SKPI_PERFORMANCE, MDL_SKPI_QUALITY, MDL_SKPI_OEE};
        for (size_t j = 0; j < sizeof k / sizeof k[0]; j++) {
            double v = x->station[i][k[j]];
            if (!isnan(v) && !(v >= 0.0 && v <= 1.0 + ROUND))
                fail_msg("%s, replication %d, station %d: KPI %d = %.15g, not in [0, 1]", what, rep, i, (int)k[j], v);
        }
    }
    double oee = x->kpi[MDL_KPI_OEE];
    if (!isnan(oee) && !(oee >= 0.0 && oee <= 1.0 + ROUND))
        fail_msg("%s, replication %d: line OEE = %.15g, not in [0, 1]", what, rep, oee);
}

/* ---- the window's edges ----------------------------------------------- */

/*
 * An operation straddling the warm-up's end counts only its part inside
 * the window. One order of one unit at 0, cycle 3 min: processed 0-180 s;
 * warm-up 150 s, horizon 300 s. In the window (150 s): busy 30 s, idle
 * 120 s; performance 30 / 150 = 0.2 (the whole cycle, 180 / 150 = 1.2,
 * before). Two servers, two units: both 0-180 s, 2 x 30 / (2 x 150).
 */
static void straddle(int servers) {
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("press", sim_dist_const(3 * MIN));
    s.servers = servers;
    int p = one_station(m, s);
    assert_true(mdl_model_add_order(m, "o1", p, servers, 0.0, -1.0) >= 0);
    set_window(m, 150.0, 300.0, 1);
    mdl_rep_result x = fx_run_rep(m, NULL, 0);
    assert_near(x.station[0][MDL_SKPI_STATE_BUSY], 0.2, ROUND);
    assert_near(x.station[0][MDL_SKPI_AVAILABILITY], 1.0, 0.0);
    assert_near(x.station[0][MDL_SKPI_PERFORMANCE], 0.2, ROUND);
    assert_near(x.station[0][MDL_SKPI_OEE], 0.2, ROUND);
    assert_near(x.kpi[MDL_KPI_OEE], 0.2, ROUND);
    fx_run_done(&x, NULL, m);
}

static void test_straddles_warmup(void **state) {
    (void)state;
    straddle(1);
    straddle(2);
}

/*
 * A deterministic single server fed without starving (unlimited supply)
 * and never blocked processes all the time: performance exactly 1. Cycle
 * 2 min, warm-up 50 s (inside the first operation, 0-120 s), horizon
 * 36 100 s (inside the 301st, 36 000-36 120 s): the window holds 70 s of
 * the first, 299 whole operations and 100 s of the last, 36 050 s in all.
 * (Counting whole completed operations: 300 x 120 / 36 050 = 0.9986.)
 */
static void test_fed_server_is_one(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int p = one_station(m, fx_station("press", sim_dist_const(2 * MIN)));
    assert_true(mdl_model_add_unlimited(m, p) >= 0);
    set_window(m, 50.0, 36100.0, 1);
    mdl_rep_result x = fx_run_rep(m, NULL, 0);
    assert_near(x.station[0][MDL_SKPI_STATE_BUSY], 1.0, ROUND);
    assert_near(x.station[0][MDL_SKPI_PERFORMANCE], 1.0, ROUND);
    assert_near(x.kpi[MDL_KPI_OEE], 1.0, ROUND);
    fx_run_done(&x, NULL, m);
}

/*
 * Breakdowns and shift ends interrupt operations; the operation goes on
 * after the repair or at the next shift, and its ideal time is credited
 * for what was processed in the window. A station fed without starving,
 * cycle 7 min, calendar breakdowns (exp 2 h, repairs exp 10 min), on the
 * two-shift calendar of fx_two_shift (5 days), warm-up 1 day + 1000 s,
 * horizon 8 days + 500 s: every hour of operating time (on shift, not
 * down) is processing, so performance is 1 in every replication, and
 * availability is below 1.
 */
static void test_interrupted_operations(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("press", sim_dist_const(7 * MIN));
    fx_failures(&s, sim_dist_exp(2 * HOUR), sim_dist_exp(10 * MIN), MDL_FAIL_CALENDAR);
    int p = one_station(m, s);
    assert_true(mdl_model_add_unlimited(m, p) >= 0);
    assert_true(mdl_model_set_line_calendar(m, fx_two_shift(m, 5)));
    set_window(m, DAY + 1000.0, 8 * DAY + 500.0, 8);
    mdl_batch *b = run_batch(m);
    for (int r = 0; r < mdl_batch_reps(b); r++) {
        const mdl_rep_result *x = mdl_batch_rep(b, r);
        check_shares(x, r, "breakdowns and shifts");
        assert_true(x->station[0][MDL_SKPI_AVAILABILITY] < 0.97);
        assert_near(x->station[0][MDL_SKPI_PERFORMANCE], 1.0, ROUND);
    }
    mdl_batch_free(b);
    mdl_model_free(m);
}

/* ---- random process times ------------------------------------------------ */

/*
 * A fully loaded station with random cycle times (exponential, mean 3 min;
 * three servers, uniform(2 min, 4 min)), short windows (2 h after a warm-up
 * of 17 min) over 200 replications: a replication whose operations ran
 * shorter than the mean does not credit more than it processed.
 * Performance is 1 in every one (crediting the mean per operation
 * completed, it was 1 +- 0.2 for the exponential).
 */
static void loaded_random(sim_dist cycle, int servers) {
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("press", cycle);
    s.servers = servers;
    int p = one_station(m, s);
    assert_true(mdl_model_add_unlimited(m, p) >= 0);
    set_window(m, 17 * MIN, 17 * MIN + 2 * HOUR, 200);
    mdl_batch *b = run_batch(m);
    double worst = 0.0;
    for (int r = 0; r < mdl_batch_reps(b); r++) {
        const mdl_rep_result *x = mdl_batch_rep(b, r);
        check_shares(x, r, "fully loaded");
        assert_near(x->station[0][MDL_SKPI_PERFORMANCE], 1.0, ROUND);
        worst = fmax(worst, fabs(x->station[0][MDL_SKPI_PERFORMANCE] - 1.0));
    }
    print_message("fully loaded, %d server(s): largest |performance - 1| %.3g\n", servers, worst);
    mdl_batch_free(b);
    mdl_model_free(m);
}

static void test_loaded_random_times(void **state) {
    (void)state;
    loaded_random(sim_dist_exp(3 * MIN), 1);
    loaded_random(sim_dist_uniform(2 * MIN, 4 * MIN), 3);
}

/*
 * M/M/1, rho = 0.8 (scenes/validation/mm1.cfg: arrivals exp(75 s),
 * service exp(60 s)), no warm-up, T = 20 days, 200 replications.
 * Performance is the busy share B(T) / T. From empty, the departures D(t)
 * less mu x B(t) are a martingale, and D(T) = A(T) - L(T), so
 * E[B(T)] = (lambda T - E[L(T)]) / mu, E[L(T)] -> rho / (1 - rho) = 4:
 * E[performance] = rho - 4 x 60 s / T = 0.8 - 1.39e-4. Every replication
 * also at most 1.
 */
static void test_mm1_performance_is_rho(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int p = one_station(m, fx_station("server", sim_dist_exp(60.0)));
    assert_true(mdl_model_add_push(m, p, sim_dist_exp(75.0), 0.0, 0) >= 0);
    double T = 20 * DAY;
    set_window(m, 0.0, T, 200);
    mdl_batch *b = run_batch(m);
    for (int r = 0; r < mdl_batch_reps(b); r++) check_shares(mdl_batch_rep(b, r), r, "M/M/1");
    mdl_summary perf = mdl_batch_station_kpi(b, 0, MDL_SKPI_PERFORMANCE);
    double exact = 0.8 - 4.0 * 60.0 / T;
    double hw = ci_family_hw(&family, perf.ci95, mdl_batch_reps(b));
    print_message("M/M/1 performance %.5f +- %.5f (exact %.5f)\n", perf.mean, hw, exact);
    assert_true(fabs(perf.mean - exact) <= hw);
    assert_true(hw < 0.002);
    mdl_batch_free(b);
    mdl_model_free(m);
}

/* ---- people and batches ------------------------------------------------------ */

/*
 * A manual station (a `process` task), cycle 100 s, fed without starving,
 * worked by one person of efficiency e (no walking): each operation takes
 * 100 / e s. Warm-up 30 s, horizon 10 070 s. Efficiency 1.25: 80 s per
 * operation, all of it processing; its ideal time is the time it takes
 * (faster than the nominal cycle), performance 1 (1.25 before). Efficiency
 * 0.8: 125 s per operation for 100 s of ideal time, performance 0.8.
 */
static void manual_station(double efficiency, double expected) {
    mdl_model *m = mdl_model_new();
    int p = one_station(m, fx_station("bench", sim_dist_const(100.0)));
    assert_true(mdl_model_add_unlimited(m, p) >= 0);
    mdl_pool_spec ps = fx_pool("crew", 1);
    ps.efficiency = efficiency;
    ps.walk_speed = 0.0;
    int q = fx_add_pool(m, &ps);
    fx_add_task(m, &(mdl_task_spec){.station = 0, .product = -1, .kind = MDL_TASK_PROCESS, .pool = q, .people = 1});
    set_window(m, 30.0, 10070.0, 1);
    mdl_rep_result x = fx_run_rep(m, NULL, 0);
    assert_near(x.station[0][MDL_SKPI_STATE_BUSY], 1.0, ROUND);
    assert_near(x.station[0][MDL_SKPI_PERFORMANCE], expected, ROUND);
    fx_run_done(&x, NULL, m);
}

static void test_people_efficiency(void **state) {
    (void)state;
    manual_station(1.25, 1.0);
    manual_station(0.8, 0.8);
}

/*
 * A process batch of k units of a batch size N runs at k / N of the
 * station's rate: its ideal time is cycle x k / N. An oven (batch 4,
 * cycle 100 s, timeout 10 s) gets two orders of a unit at 0: a batch of 2
 * at 10 s, processed 10-110 s; window 0-200 s. Performance
 * (100 x 2 / 4) / 200 = 0.25, busy share 0.5.
 */
static void test_partial_batch(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("oven", sim_dist_const(100.0));
    s.batch = 4;
    s.batch_timeout = 10.0;
    int p = one_station(m, s);
    assert_true(mdl_model_add_order(m, "o1", p, 1, 0.0, -1.0) >= 0);
    assert_true(mdl_model_add_order(m, "o2", p, 1, 0.0, -1.0) >= 0);
    set_window(m, 0.0, 200.0, 1);
    mdl_rep_result x = fx_run_rep(m, NULL, 0);
    assert_near(x.station[0][MDL_SKPI_STATE_BUSY], 0.5, ROUND);
    assert_near(x.station[0][MDL_SKPI_PERFORMANCE], 0.25, ROUND);
    fx_run_done(&x, NULL, m);
}

/*
 * Quality is over the operations judged in the window: an oven's batch
 * that waits for the AGV has its own unit judged once the others have
 * gone, sometimes after the warm-up's end or the horizon
 * (tests/data/oee_batch_agv.cfg, 300 replications of 1 h); counted over
 * the operations done, quality read up to 1.5 (and 0.5).
 */
static void test_batch_quality(void **state) {
    (void)state;
    mdl_model *m = fx_load_file(LINETWIN_SOURCE_DIR "/tests/data/oee_batch_agv.cfg");
    mdl_batch *b = run_batch(m);
    assert_int_equal(mdl_batch_reps(b), 300);
    for (int r = 0; r < mdl_batch_reps(b); r++) {
        const mdl_rep_result *x = mdl_batch_rep(b, r);
        check_shares(x, r, "oven and AGV");
        assert_near(x->station[0][MDL_SKPI_QUALITY], 1.0, 0.0); /* no scrap, no defects */
    }
    mdl_batch_free(b);
    mdl_model_free(m);
}

/* ---- every scene ---------------------------------------------------------------- */

/*
 * Every scene of the project (plain and parallel stations, assembly,
 * batching, disassembly, setups, rework, shifts, maintenance, people,
 * transport), 6 replications each: every share in [0, 1] in every
 * replication (scenes/warehouse.cfg's `assemble` read 1.0022 before).
 */
static void test_every_scene(void **state) {
    (void)state;
    const char *scenes[] = {
        "scenes/assembly.cfg",       "scenes/demo.cfg",          "scenes/docks.cfg",
        "scenes/orders.cfg",         "scenes/remanufacture.cfg", "scenes/retrofit.cfg",
        "scenes/sorting_loop.cfg",   "scenes/stockroom.cfg",     "scenes/warehouse.cfg",
        "scenes/validation/breakdown.cfg", "scenes/validation/conwip_mva.cfg",
        "scenes/validation/md1.cfg", "scenes/validation/mm1.cfg", "scenes/validation/mmc.cfg",
        "scenes/validation/tandem_blocking.cfg",
    };
    for (size_t i = 0; i < sizeof scenes / sizeof scenes[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", LINETWIN_SOURCE_DIR, scenes[i]);
        mdl_model *m = fx_load_file(path);
        mdl_run_settings rs = *mdl_model_run(m);
        rs.replications = 6;
        assert_true(mdl_model_set_run(m, &rs));
        mdl_batch *b = run_batch(m);
        for (int r = 0; r < mdl_batch_reps(b); r++) check_shares(mdl_batch_rep(b, r), r, scenes[i]);
        mdl_batch_free(b);
        mdl_model_free(m);
    }
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_straddles_warmup),
        cmocka_unit_test(test_fed_server_is_one),
        cmocka_unit_test(test_interrupted_operations),
        cmocka_unit_test(test_loaded_random_times),
        cmocka_unit_test(test_mm1_performance_is_rho),
        cmocka_unit_test(test_people_efficiency),
        cmocka_unit_test(test_partial_batch),
        cmocka_unit_test(test_batch_quality),
        cmocka_unit_test(test_every_scene),
        CI_FAMILY_LAST_TEST(family),
)
