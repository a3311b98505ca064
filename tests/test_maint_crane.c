/*
 * test_maint_crane.c - failure modes of AS/RS cranes (mdl_maint_crane.c).
 *
 * The line: a source station makes a unit every `cycle`, stored by a
 * one-aisle AS/RS (1 bay, 1 level: two cells at 0.5 m along and 0.5 m
 * up; speeds 1 m/s along, 0.5 m/s up, no acceleration limit, no handling
 * time: 1 s to a cell and 1 s back) and retrieved to a sink.
 *
 * Availability. One failure mode on the calendar clock, exponential time
 * to failure (mean m) and repair (mean r), no crews: the clock stops while
 * the crane is down, so its up and down periods alternate as a two-state
 * chain and its down share is r / (m + r), its availability m / (m + r),
 * whatever it does meanwhile.
 *
 * By hand (cycles clock). A unit every 600 s: unit k arrives at 600 k;
 * its store cycle runs 600 k .. 600 k + 2 (deposit at + 1, when the sink
 * grants room and the retrieval is queued), its retrieval cycle
 * 600 k + 2 .. 600 k + 4. A life of 10 cycles, repairs of 60 s: the crane
 * fails at the end of every 5th unit's retrieval (t = 3000 j + 4) and is
 * repaired 60 s later, long before the next unit. In 29,900 s: 49 units,
 * 98 cycles, 9 failures, 540 s down, MTTR 60 s; operating time 196 s, so
 * MTBF 196 / 9 s.
 *
 * Family-wise intervals (ci_family.h); the seed was fixed before the
 * first run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "scn_scene.h"

#include "model_fixtures.h"
#include "test_helpers.h"
#include "test_scene_text.h"
#include "validation/ci_family.h"
#include "test_main.h"

#define REPS 20
#define THREADS 2
#define SEED UINT64_C(1621) /* fixed before the first run; never tuned */
#define K_CHECKS 1

static ci_family family = {K_CHECKS, 0};

static mdl_model *crane_scene_with(const char *cycle, const char *asrs_keys, const char *horizon, const char *warmup,
                                   int reps, const char *extra) {
    char src[128], after[2048];
    snprintf(src, sizeof src, "cycle = \"%s\";", cycle);
    snprintf(after, sizeof after,
             "asrs = ( { id = \"hbw\"; bays = 1; levels = 1; cell = [ 1.0, 1.0 ]; speed_x = 1.0; speed_y = 0.5;\n"
             "  assign = \"closest\"; %s } );\n%s",
             asrs_keys, extra);
    return test_src_sink_line("crane.cfg", (test_run){horizon, warmup, reps, ci_family_seed(SEED)}, src, "",
                              "asrs:hbw", after);
}

static mdl_model *crane_scene(const char *cycle, const char *asrs_keys, const char *horizon, const char *warmup,
                              int reps) {
    return crane_scene_with(cycle, asrs_keys, horizon, warmup, reps, "");
}

static void availability(void **state) {
    (void)state;
    /* availability = 1 - down share; the interval is on the down share */
    fx_check_availability(
        &family,
        crane_scene("const(5min)",
                    "failure_modes = ( { id = \"lift\"; ttf = \"exp(20h)\"; repair = \"exp(2h)\"; } );",
                    "1010d", "10d", REPS),
        FX_CRANE, THREADS, 20.0, 2.0, REPS);
}

static void cycles_by_hand(void **state) {
    (void)state;
    mdl_model *m = crane_scene("const(600s)",
                               "failure_modes = ( { id = \"lift\"; clock = \"cycles\"; ttf = \"const(10)\";"
                               "  repair = \"const(60s)\"; } );",
                               "29900s", "0s", 1);
    assert_non_null(m);
    mdl_batch *b = test_batch(m, 1);
    const double *o = &mdl_batch_rep(b, 0)->asrs[0];
    print_message("cycles: stores %g, retrievals %g, failures %g, down %g\n", o[MDL_WKPI_STORES],
                  o[MDL_WKPI_RETRIEVALS], o[MDL_WKPI_FAILURES], o[MDL_WKPI_DOWN]);
    assert_true(o[MDL_WKPI_STORES] == 49.0);
    assert_true(o[MDL_WKPI_RETRIEVALS] == 49.0);
    assert_true(o[MDL_WKPI_SINGLE] == 98.0);
    assert_true(o[MDL_WKPI_FAILURES] == 9.0);
    assert_near(o[MDL_WKPI_DOWN], 540.0 / 29900.0, 1e-9);
    assert_near(o[MDL_WKPI_MTTR_H], 60.0 / 3600.0, 1e-9);
    assert_near(o[MDL_WKPI_MTBF_H], 196.0 / 3600.0 / 9.0, 1e-9);
    mdl_batch_free(b);
    mdl_model_free(m);
}

/* Technicians, by hand: as for robots and vehicles (test_maint_vehicle.c):
 * a mode on the calendar clock, a constant life of 16 h, repairs of 1 h
 * that need skill "mech"; the one technician works 06:00-14:00 every day.
 * From t = 31 h every day is the same: up 07:00-23:00, waiting 23:00-06:00
 * (the response, 7 h), repaired 06:00-07:00. Over 20 days: 20 failures, a
 * down share of 8 / 24, MTTR 8 h, response 7 h. */
static void crane_technician(void **state) {
    (void)state;
    fx_check_tech_day(crane_scene_with("const(10min)", FX_TECH_MODE, "511h", "31h", 1, FX_TECH_DAY),
                      FX_CRANE);
}

/* An AS/RS without failure modes: no such KPI (the JSON leaves them out). */
static void no_modes_no_change(void **state) {
    (void)state;
    mdl_model *m = crane_scene("const(600s)", "", "29900s", "0s", 1);
    assert_non_null(m);
    assert_null(mdl_model_asrs(m, 0)->maint);
    mdl_batch *b = test_batch(m, 1);
    const double *o = &mdl_batch_rep(b, 0)->asrs[0];
    assert_true(o[MDL_WKPI_RETRIEVALS] == 49.0 && o[MDL_WKPI_SINGLE] == 98.0);
    mdl_batch_free(b);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(availability),
        cmocka_unit_test(cycles_by_hand),
        cmocka_unit_test(crane_technician),
        cmocka_unit_test(no_modes_no_change),
        CI_FAMILY_LAST_TEST(family),
)
