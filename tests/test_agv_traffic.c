/*
 * test_agv_traffic.c - AGV deadlock avoidance (traffic = AVOID, the
 * default): a two-way corridor taken whole in one direction, forced passes
 * as safety events (KPI and record), traffic waiting split into waiting
 * for a stretch and at a passing place, the retrofit layout with 6
 * vehicles (a `check` warning, no forced pass), and deadlock detection,
 * now local to the vehicle that begins to wait, still finding deadlocks
 * with traffic = DETECT.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "sim_dist.h"

#include "model_fixtures.h"
#include "test_main.h"

typedef struct corridor_result {
    double units, deadlocks, forced, safety, traffic, stretch, passing;
    int safety_records;
} corridor_result;

static void count_safety(void *ctx, const mdl_record *rec) {
    if (rec->kind == MDL_LOG_SAFETY) (*(int *)ctx)++;
}

/* One run of the corridor; traffic -1: the fleet's default. */
static corridor_result corridor_cap(int vehicles, int traffic, int end_cap) {
    mdl_model *m = fx_corridor(vehicles, traffic, false, end_cap);
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = 3 * 86400.0;
    rs.warmup = 0.0; /* (records count from time 0, like the KPIs then) */
    rs.seed = 11;
    corridor_result out = {0};
    mdl_run *r = mdl_run_new_recorded(m, &rs, 0, count_safety, &out.safety_records);
    assert_non_null(r);
    mdl_rep_result res = fx_result_at_end(r, m);
    out.units = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_UNITS);
    out.deadlocks = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCKS);
    out.forced = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCK_FORCED);
    out.safety = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_SAFETY_EVENTS);
    out.traffic = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_TRAFFIC);
    out.stretch = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_TRAFFIC_STRETCH);
    out.passing = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_TRAFFIC_PASSING);
    /* a vehicle's own safety events add up to the fleet's */
    double per_vehicle = 0.0;
    for (int i = 0; i < vehicles; i++) per_vehicle += mdl_rep_vehicle_kpi(&res, i, MDL_FKPI_SAFETY_EVENTS);
    assert_true(per_vehicle == out.safety);
    fx_run_done(&res, r, m);
    return out;
}

static corridor_result corridor(int vehicles, int traffic) { return corridor_cap(vehicles, traffic, 2); }

/* Avoidance is the default. */
static void avoid_is_default(void **state) {
    (void)state;
    mdl_fleet_spec f;
    mdl_fleet_spec_default(&f);
    assert_int_equal(f.traffic, MDL_TRAFFIC_AVOID);
}

/* The corridor with two vehicles and no passing place: with avoidance no
 * deadlock and no forced pass, and two vehicles carry more than one. (With
 * detection only, as before, the two meet head-on inside and are forced
 * through each other: the numbers the issue reported.) */
static void corridor_two_vehicles(void **state) {
    (void)state;
    corridor_result one = corridor(1, -1), two = corridor(2, -1), old = corridor_cap(2, MDL_TRAFFIC_DETECT, 1);
    print_message("avoid: one %g units, two %g units (forced %g); detect, ends for one: forced %g\n", one.units, two.units,
                  two.forced, old.forced);
    assert_true(one.forced == 0.0 && one.deadlocks == 0.0);
    assert_true(two.forced == 0.0 && two.deadlocks == 0.0 && two.safety == 0.0);
    assert_int_equal(two.safety_records, 0);
    assert_true(two.units > one.units * 1.2);
    /* where no method can help (ends with room for one: two vehicles
     * cannot swap), detection finds the deadlocks (locally now) and every
     * forced pass is a safety event, once in the KPI and once in the
     * record stream. Since session 18 the back-off really happens, but
     * here it only let the two meet again, for ever: 0 units in 3 days
     * with 10,798 deadlocks and no forced pass. Now, when the fleet has
     * carried nothing for the watchdog's time, the forced pass comes at
     * once, and a deadlock is counted once, however often it forms again
     * before one of its vehicles gets on or is forced through (each ends
     * by a forced pass or a pick-up or drop, two per unit, or is open at
     * the end). */
    print_message("detect: %g units, %g deadlocks, %g forced\n", old.units, old.deadlocks, old.forced);
    assert_true(old.units > 0.0);
    assert_true(old.deadlocks > 10.0 && old.forced > 0.0);
    assert_true(old.deadlocks <= old.forced + 2.0 * old.units + 1.0);
    assert_true(old.safety == old.forced);
    assert_int_equal(old.safety_records, (int)old.forced);
    /* LANES is the old name of AVOID */
    corridor_result lanes = corridor(2, MDL_TRAFFIC_LANES);
    assert_true(lanes.units == two.units && lanes.forced == 0.0);
}

/* Traffic waiting split: the two parts add up to traffic, and in the
 * corridor the waits are at the ends (for the corridor), not for a stretch
 * inside it. */
static void traffic_split(void **state) {
    (void)state;
    corridor_result two = corridor(2, -1);
    print_message("traffic %.5f = stretch %.5f + passing %.5f\n", two.traffic, two.stretch, two.passing);
    assert_true(fabs(two.stretch + two.passing - two.traffic) < 1e-12);
    assert_true(two.passing > 0.0);
    assert_true(two.stretch >= 0.0 && two.stretch < two.passing);
    corridor_result old = corridor(2, MDL_TRAFFIC_DETECT);
    assert_true(old.passing == 0.0 && old.stretch == old.traffic && old.traffic > 0.0);
}

/* `check`: a station in the middle of the single lane is not said (its
 * node ends the corridors on either side, and the run handles it:
 * tests/test_layout_warn.c), nor is the corridor with its stations at the
 * ends. */
static void check_station_inside(void **state) {
    (void)state;
    char buf[4096];
    mdl_model *m = fx_corridor(2, -1, true, 2);
    fx_layout_check(m, buf, sizeof buf);
    assert_null(strstr(buf, "corridor"));
    assert_null(strstr(buf, "(a gate)"));
    mdl_model_free(m);
    m = fx_corridor(2, -1, false, 2);
    fx_layout_check(m, buf, sizeof buf); /* (the stations' footprints are not placed here) */
    assert_null(strstr(buf, "corridor"));
    assert_null(strstr(buf, "places off the through traffic"));
    mdl_model_free(m);
}

/* The retrofit example with 6 vehicles: `check` warns (places off the
 * through traffic for 5), and with avoidance no vehicle is forced through
 * another over 10 replications; detection alone forced dozens. */
static void retrofit_six(void **state) {
    (void)state;
    const char *sets[] = {"fleets.agv.count=6"};
    scn_diags *d = scn_diags_new(), *w = scn_diags_new();
    mdl_model *m = scn_load_file_checked(LINETWIN_SOURCE_DIR "/scenes/retrofit.cfg", sets, 1, d, w);
    assert_non_null(m);
    bool warned = false;
    for (size_t i = 0; i < scn_diags_count(w); i++)
        warned |= strstr(scn_diags_get(w, i), "fleet 'agv': warning: layout: 6 vehicles, but the network has places off the through traffic for 5") != NULL;
    assert_true(warned);
    double forced = 0.0, safety = 0.0;
    for (uint32_t rep = 0; rep < 10; rep++) {
        mdl_run *r = mdl_run_new(m, mdl_model_run(m), rep);
        assert_non_null(r);
        mdl_rep_result res = fx_result_at_end(r, m);
        forced += mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCK_FORCED);
        safety += mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_SAFETY_EVENTS);
        fx_run_done(&res, r, NULL);
    }
    assert_true(forced == 0.0 && safety == 0.0);
    mdl_model_free(m);
    scn_diags_free(d);
    scn_diags_free(w);
    /* 2 vehicles (the example as it is): no warning */
    d = scn_diags_new(), w = scn_diags_new();
    m = scn_load_file_checked(LINETWIN_SOURCE_DIR "/scenes/retrofit.cfg", NULL, 0, d, w);
    assert_non_null(m);
    for (size_t i = 0; i < scn_diags_count(w); i++) assert_null(strstr(scn_diags_get(w, i), "places off the through traffic"));
    mdl_model_free(m);
    scn_diags_free(d);
    scn_diags_free(w);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(avoid_is_default),
        cmocka_unit_test(corridor_two_vehicles),
        cmocka_unit_test(traffic_split),
        cmocka_unit_test(check_station_inside),
        cmocka_unit_test(retrofit_six),
)
