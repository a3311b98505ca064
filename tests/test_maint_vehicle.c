/*
 * test_maint_vehicle.c - failure modes of AGVs (mdl_maint_vehicle.c).
 *
 * Availability. One vehicle with one failure mode on the calendar clock,
 * exponential time to failure (mean m) and repair (mean r), no crews: the
 * clock stops while it is down, so its up and down periods alternate as a
 * two-state chain and its down share is r / (m + r), its availability
 * m / (m + r), whatever it does meanwhile.
 *
 * A deterministic loop, worked by hand. A source station makes a unit
 * every 10 s (always one waiting); one vehicle (speed 1 m/s, instant
 * acceleration, no load or unload time) carries each over 60 m to a sink
 * and drives back: a round trip of 120 s, the first pick-up at t = 10 s,
 * deliveries at 70 + 120 k.
 *  - cycles clock, a life of 10 trips, repairs of 30 min: the vehicle
 *    stops at the sink after every 10th delivery (t = 1150 + 3000 j) for
 *    1800 s: a period of 3000 s with 10 deliveries. In 30000 s: 100
 *    deliveries, 10 failures, 18000 s down.
 *  - operating clock, a life of 90 s of driving, repairs of 30 min: it
 *    fails 30 m into the way back (t = 100), finishes the stretch to the
 *    source while down, and waits there; at the end of the repair it picks
 *    up, delivers 60 s later and fails again 30 s after: a period of 1890 s
 *    with one delivery (t = 70 + 1890 k) and one failure (t = 100 + 1890 k).
 *    In 30000 s: 16 deliveries, 16 failures, 15 x 1800 + 1550 s down.
 *
 * Traffic. Two vehicles on a two-way corridor with long repairs: a stopped
 * vehicle holds its place, the other waits (there is no other way): no
 * forced pass, no safety event, as without failures.
 *
 * Records. A failure is a `down` record and its repair a `repaired` one,
 * with the vehicle as the resource.
 *
 * Technicians, by hand. A robot (and a vehicle) with a mode on the
 * calendar clock, a constant life of 16 h and repairs of 1 h that need
 * skill "mech"; the one technician works 06:00-14:00 every day. The first
 * failure at 16:00 waits 14 h; from its end (07:00 on day 2, t = 31 h) on,
 * every day is the same: up 07:00-23:00, waiting 23:00-06:00 (the
 * response, 7 h), repaired 06:00-07:00. Over 20 days from t = 31 h: 20
 * failures, a down share of 8 / 24, MTTR 8 h, response 7 h.
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

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_scene.h"
#include "sim_units.h"

#include "model_fixtures.h"
#include "test_helpers.h"
#include "test_scene_text.h"
#include "validation/ci_family.h"
#include "test_main.h"

#define REPS 20
#define THREADS 2
#define SEED UINT64_C(1620) /* fixed before the first run; never tuned */
#define K_CHECKS 1

static ci_family family = {K_CHECKS, 0};

/* The source -> sink loop: 60 m, one fleet of `count` with the given keys. */
static mdl_model *loop_scene_with(const char *fleet_keys, int count, const char *horizon, const char *warmup, int reps,
                                  const char *extra) {
    char after[4096];
    snprintf(after, sizeof after,
             "paths = { nodes = ( { id = \"a\"; at = [ 0.0, 0.0 ]; }, { id = \"b\"; at = [ 60.0, 0.0 ]; } );\n"
             "          edges = ( { from = \"a\"; to = \"b\"; } ); };\n"
             "fleets = ( { id = \"agv\"; count = %d; speed = 1.0; accel = 0; home = \"a\"; idle = \"stay\";\n"
             "  %s } );\n%s",
             count, fleet_keys, extra);
    return test_src_sink_line("vehicle.cfg", (test_run){horizon, warmup, reps, ci_family_seed(SEED)},
                              "cycle = \"const(10s)\"; node = \"a\"; out_capacity = 1;", "node = \"b\";", "agv",
                              after);
}

static mdl_model *loop_scene(const char *fleet_keys, int count, const char *horizon, const char *warmup, int reps) {
    return loop_scene_with(fleet_keys, count, horizon, warmup, reps, "");
}

static void availability(void **state) {
    (void)state;
    /* availability = 1 - down share; the interval is on the down share */
    fx_check_availability(
        &family,
        loop_scene("failure_modes = ( { id = \"drive\"; ttf = \"exp(20h)\"; repair = \"exp(2h)\"; } );", 1,
                   "1010d", "10d", REPS),
        FX_VEHICLE, THREADS, 20.0, 2.0, REPS);
}

static const double *one_rep(mdl_batch **b, mdl_model *m) {
    assert_non_null(m);
    *b = test_batch(m, 1);
    return &mdl_batch_rep(*b, 0)->vehicle[0];
}

/* The two loops worked by hand (the file's comment), over 30000 s: the
 * deliveries, failures and down share, and one more figure each: the MTTR
 * of the cycles clock, the distance driven of the operating clock (16 x
 * 120 m: it finished its stretch while down, the last way back included). */
static void by_hand(void **state) {
    (void)state;
    static const struct {
        const char *clock, *mode;
        double units, failures, down;
        mdl_fkpi more;
        double more_value, more_tol;
    } cases[] = {
        {"cycles",
         "failure_modes = ( { id = \"wheel\"; clock = \"cycles\"; ttf = \"const(10)\"; repair = "
         "\"const(30min)\"; } );",
         100.0, 10.0, 18000.0 / 30000.0, MDL_FKPI_MTTR_H, 0.5, 1e-9},
        {"operating",
         "failure_modes = ( { id = \"motor\"; clock = \"operating\"; ttf = \"const(90s)\"; "
         "repair = \"const(30min)\"; } );",
         16.0, 16.0, (15.0 * 1800.0 + 1550.0) / 30000.0, MDL_FKPI_DISTANCE_M, 16.0 * 120.0, 1e-6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mdl_model *m = loop_scene(cases[i].mode, 1, "30000s", "0s", 1);
        mdl_batch *b;
        const double *o = one_rep(&b, m);
        print_message("%s: units %g, failures %g, down %g\n", cases[i].clock, o[MDL_FKPI_UNITS],
                      o[MDL_FKPI_FAILURES], o[MDL_FKPI_DOWN]);
        if (o[MDL_FKPI_UNITS] != cases[i].units || o[MDL_FKPI_FAILURES] != cases[i].failures ||
            !(fabs(o[MDL_FKPI_DOWN] - cases[i].down) <= 1e-9) ||
            !(fabs(o[cases[i].more] - cases[i].more_value) <= cases[i].more_tol))
            fail_msg("%s clock: units %g (%g), failures %g (%g), down %.17g (%.17g), %s %.17g (%.17g)",
                     cases[i].clock, o[MDL_FKPI_UNITS], cases[i].units, o[MDL_FKPI_FAILURES],
                     cases[i].failures, o[MDL_FKPI_DOWN], cases[i].down,
                     mdl_kpis_name(MDL_KPIS_FLEET, (int)cases[i].more), o[cases[i].more], cases[i].more_value);
        /* no traffic rules on the loop (forced passes NaN), or no safety event */
        assert_true(o[MDL_FKPI_DEADLOCK_FORCED] != o[MDL_FKPI_DEADLOCK_FORCED] ||
                    o[MDL_FKPI_SAFETY_EVENTS] == 0.0);
        mdl_batch_free(b);
        mdl_model_free(m);
    }
}

/* A <-> B along the two-way corridor a - c1 - c2 - c3 - b (one direction
 * at a time; the ends hold two vehicles), units both ways, two vehicles
 * (the layout of test_agv_traffic.c, which has no forced pass). */
static mdl_model *corridor_scene(const char *fleet_keys) {
    char text[4096];
    snprintf(text, sizeof text,
             "run = { horizon = \"10d\"; warmup = \"1d\"; replications = 3; seed = %llu; };\n"
             "stations = ( { id = \"A\"; cycle = \"const(5s)\"; node = \"a\"; out_capacity = 2; },\n"
             "             { id = \"B\"; cycle = \"const(5s)\"; node = \"b\"; out_capacity = 2; } );\n"
             "products = ( { id = \"part\"; route = [ \"A\", \"B\" ]; transport = { A = \"agv\"; }; },\n"
             "             { id = \"back\"; route = [ \"B\", \"A\" ]; transport = { B = \"agv\"; }; } );\n"
             "release = ( { product = \"part\"; interarrival = \"exp(60s)\"; },\n"
             "            { product = \"back\"; interarrival = \"exp(60s)\"; } );\n"
             "paths = { nodes = ( { id = \"a\"; at = [ 0.0, 0.0 ]; capacity = 2; }, { id = \"c1\"; at = [ 10.0, 0.0 ]; },\n"
             "                    { id = \"c2\"; at = [ 20.0, 0.0 ]; }, { id = \"c3\"; at = [ 30.0, 0.0 ]; },\n"
             "                    { id = \"b\"; at = [ 40.0, 0.0 ]; capacity = 2; } );\n"
             "          edges = ( { from = \"a\"; to = \"c1\"; }, { from = \"c1\"; to = \"c2\"; },\n"
             "                    { from = \"c2\"; to = \"c3\"; }, { from = \"c3\"; to = \"b\"; } ); };\n"
             "fleets = ( { id = \"agv\"; count = 2; speed = 1.0; accel = 0.5; load = \"const(10s)\";\n"
             "  unload = \"const(10s)\"; idle = \"stay\"; %s } );\n",
             (unsigned long long)ci_family_seed(SEED), fleet_keys);
    return test_scene_text("corridor.cfg", text);
}

/* Long repairs (3 h, beyond the 10-minute traffic watchdog) on the corridor. */
static void traffic_no_forced_pass(void **state) {
    (void)state;
    for (int with = 0; with < 2; with++) {
        mdl_model *m = corridor_scene(with ? "failure_modes = ( { id = \"drive\"; ttf = \"exp(2h)\"; "
                                             "repair = \"exp(3h)\"; } );"
                                           : "");
        assert_non_null(m);
        mdl_batch *b = test_batch(m, THREADS);
        double fails = with ? mdl_batch_fleet_kpi(b, 0, MDL_FKPI_FAILURES).mean : 0.0;
        print_message("traffic: failures %g, units %g, deadlocks %g, forced %g, safety %g, down %g\n", fails,
                      mdl_batch_fleet_kpi(b, 0, MDL_FKPI_UNITS).mean, mdl_batch_fleet_kpi(b, 0, MDL_FKPI_DEADLOCKS).mean,
                      mdl_batch_fleet_kpi(b, 0, MDL_FKPI_DEADLOCK_FORCED).mean,
                      mdl_batch_fleet_kpi(b, 0, MDL_FKPI_SAFETY_EVENTS).mean,
                      mdl_batch_fleet_kpi(b, 0, MDL_FKPI_DOWN).mean);
        assert_true(!with || fails > 50.0); /* about 86: up 40 % of 2 x 216 h, 2 h each */
        assert_true(mdl_batch_fleet_kpi(b, 0, MDL_FKPI_DEADLOCK_FORCED).max == 0.0);
        assert_true(mdl_batch_fleet_kpi(b, 0, MDL_FKPI_SAFETY_EVENTS).max == 0.0);
        assert_true(mdl_batch_fleet_kpi(b, 0, MDL_FKPI_UNITS).mean > 1000.0);
        mdl_batch_free(b);
        mdl_model_free(m);
    }
}

typedef struct rec_count {
    int down, up;
    bool other;
} rec_count;

static void on_record(void *ctx, const mdl_record *r) {
    rec_count *c = ctx;
    if (r->kind != MDL_LOG_DOWN && r->kind != MDL_LOG_UP) return;
    if (r->resource_kind != MDL_RES_VEHICLE || r->resource != 0 || r->station != -1) c->other = true;
    if (r->kind == MDL_LOG_DOWN) c->down++;
    else c->up++;
}

static void records(void **state) {
    (void)state;
    mdl_model *m = loop_scene("failure_modes = ( { id = \"wheel\"; clock = \"cycles\"; ttf = \"const(10)\";"
                              "  repair = \"const(30min)\"; } );",
                              1, "30000s", "0s", 1);
    assert_non_null(m);
    mdl_run_settings s = *mdl_model_run(m);
    rec_count c = {0, 0, false};
    mdl_run *r = mdl_run_new_recorded(m, &s, 0, on_record, &c);
    assert_non_null(r);
    mdl_run_until(r, 30000.0);
    assert_int_equal(c.down, 10);
    assert_int_equal(c.up, 10);
    assert_false(c.other);
    mdl_run_free(r);
    mdl_model_free(m);
}

static void robot_technician(void **state) {
    (void)state;
    char text[4096];
    snprintf(
        text, sizeof text,
        "run = { horizon = \"511h\"; warmup = \"31h\"; replications = 1; seed = 1; };\n"
        "stations = ( { id = \"m\"; cycle = \"const(10min)\"; } );\n"
        "products = ( { id = \"job\"; route = [ \"m\" ]; } );\n"
        "release = ( { product = \"job\"; unlimited = true; } );\n"
        "robots = ( { id = \"r1\"; tends = [ \"m\" ]; load = \"const(1min)\"; unload = \"const(1min)\";\n"
        "  %s } );\n%s",
        FX_TECH_MODE, FX_TECH_DAY);
    fx_check_tech_day(test_scene_text("robot.cfg", text), FX_ROBOT);
}

static void vehicle_technician(void **state) {
    (void)state;
    fx_check_tech_day(loop_scene_with(FX_TECH_MODE, 1, "511h", "31h", 1, FX_TECH_DAY), FX_VEHICLE);
}

/* A fleet without failure modes runs as before: no stop, no state. */
static void no_modes_no_change(void **state) {
    (void)state;
    mdl_model *m = loop_scene("", 1, "30000s", "0s", 1);
    mdl_batch *b;
    const double *o = one_rep(&b, m);
    assert_true(o[MDL_FKPI_DOWN] == 0.0 && o[MDL_FKPI_MAINT] == 0.0);
    assert_true(isnan(mdl_batch_fleet_kpi(b, 0, MDL_FKPI_FAILURES).mean));
    /* deliveries at 70 + 120 k up to 30000 s */
    assert_true(o[MDL_FKPI_UNITS] == 250.0);
    mdl_batch_free(b);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(availability),
        cmocka_unit_test(by_hand),
        cmocka_unit_test(traffic_no_forced_pass),
        cmocka_unit_test(records),
        cmocka_unit_test(no_modes_no_change),
        cmocka_unit_test(robot_technician),
        cmocka_unit_test(vehicle_technician),
        CI_FAMILY_LAST_TEST(family),
)
