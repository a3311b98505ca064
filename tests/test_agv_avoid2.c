/*
 * test_agv_avoid2.c - what deadlock avoidance can promise on a two-way
 * corridor with no passing place (issue 20), worked out exactly: the
 * vehicles on it can only be at its two ends (a stop inside would block
 * the oncoming ones), so with ends holding c vehicles each
 *
 * - a file of up to c vehicles crosses together (the far end must be
 *   empty to take them all): up to N = c, each vehicle more carries at
 *   least as much (more, until the demand is met);
 * - with c < N < 2c the vehicles not crossing hold places at the far end,
 *   so files are shorter: N carries less than c, but nothing locks;
 * - with N = 2c every place at both ends is taken and no vehicle can
 *   ever cross: no allocation avoids that (`check` warns about the fleet
 *   being larger than the layout can hold).
 *
 * The test holds the first two with avoidance (the default): zero
 * deadlocks and zero forced passes for every N below 2c. And the two
 * holes avoidance had, each with a sample: a vehicle could end a stretch
 * where it blocked others (on a junction of two-way traffic, short of a
 * goal held by others) and idle vehicles were sent into corridors and to
 * places others were sent to (the ladder of bench_fleet: 9 to 427
 * deadlocks in 5 days from 20 to 200 vehicles), and the watchdog forced
 * a vehicle through one waiting at a stopped station (a robot breakdown
 * in tests/scenes/transport.cfg: 5.9 forced passes a replication).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "sim_dist.h"

#include "model_fixtures.h"
#include "fleet_fixtures.h"
#include "test_main.h"

/* A run of `days` from time 0 with `seed`. */
static fleet_out run_days(mdl_model *m, double days, uint64_t seed) {
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = days * 86400.0;
    rs.warmup = 0.0;
    rs.seed = seed;
    fleet_out o = fleet_run_once(m, &rs, 0);
    mdl_model_free(m);
    return o;
}

static fleet_out run_corridor(int vehicles, int end_cap) { return run_days(fx_corridor(vehicles, -1, false, end_cap), 3.0, 11); }

/* Ends of 4: 1, 2, 3, 4 vehicles each carry at least as much as one
 * fewer, with no deadlock and no forced pass. */
static void up_to_the_ends(void **state) {
    (void)state;
    double prev = 0.0;
    for (int n = 1; n <= 4; n++) {
        fleet_out o = run_corridor(n, 4);
        print_message("ends of 4, %d vehicles: %g units, deadlocks %g, forced %g\n", n, o.units, o.deadlocks, o.forced);
        assert_true(o.deadlocks == 0.0 && o.forced == 0.0);
        assert_true(o.units >= prev);
        prev = o.units;
    }
}

/* Ends of 2: three vehicles (c < N < 2c) carry less than two, as worked
 * out above (files of one instead of two), but never lock. */
static void beyond_the_ends(void **state) {
    (void)state;
    fleet_out two = run_corridor(2, 2), three = run_corridor(3, 2);
    print_message("ends of 2: two %g units, three %g units (deadlocks %g, forced %g)\n", two.units, three.units, three.deadlocks,
                  three.forced);
    assert_true(three.deadlocks == 0.0 && three.forced == 0.0);
    assert_true(three.units < two.units);
    assert_true(three.units > 0.0);
}

/* bench_fleet's plant: a ladder of two rows of 2N nodes (two-way edges of
 * capacity 1 along the rows and across every rung, every other node
 * holding 2), N stations on the bottom row each sending a unit every 10
 * min on average to the station one column on, on the top row. */
static mdl_model *ladder(int vehicles) {
    mdl_model *m = mdl_model_new();
    int cols = 2 * vehicles, *row0 = malloc((size_t)cols * sizeof *row0), *row1 = malloc((size_t)cols * sizeof *row1);
    assert_true(m && row0 && row1 && fx_ladder(m, cols, row0, row1));
    mdl_fleet_spec f = fx_fleet("agv", vehicles, 1.0, 0.5, 15.0, 15.0);
    f.idle = MDL_IDLE_STAY;
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    assert_true(fx_ladder_line(m, vehicles, row0, row1, 600.0));
    free(row0);
    free(row1);
    assert_true(mdl_model_validate(m));
    return m;
}

/* The ladder at every size of bench_fleet, 5 days: no deadlock, no
 * forced pass, and every vehicle busy with its share (about 144 units a
 * day per vehicle: the work keeps up with the demand). */
static void ladder_every_size(void **state) {
    (void)state;
    const int sizes[] = {10, 20, 50, 100, 200};
    for (int i = 0; i < 5; i++) {
        fleet_out o = run_days(ladder(sizes[i]), 5.0, 7);
        print_message("ladder, %d vehicles: %g units, deadlocks %g, forced %g\n", sizes[i], o.units, o.deadlocks, o.forced);
        assert_true(o.deadlocks == 0.0 && o.forced == 0.0);
        /* 5 days x 144 a day x N, less the few in transit */
        assert_true(o.units > 0.97 * 720.0 * sizes[i] && o.units < 1.03 * 720.0 * sizes[i]);
    }
}

/* A robot breakdown of 40 min on average every 3 h in the transport test
 * line: the vehicle waiting (on the parking place) to unload where the
 * other waits for room at the stopped machine is not forced through it. */
static void long_breakdown(void **state) {
    (void)state;
    const char *sets[] = {"robots.arm.mtbf=\"exp(3h)\"", "robots.arm.mttr=\"exp(40min)\""};
    scn_diags *d = scn_diags_new();
    mdl_model *m = scn_load_file(LINETWIN_SOURCE_DIR "/tests/scenes/transport.cfg", sets, 2, d);
    assert_non_null(m);
    double forced = 0.0, units = 0.0;
    for (uint32_t rep = 0; rep < 10; rep++) {
        fleet_out o = fleet_run_once(m, mdl_model_run(m), rep);
        forced += o.forced;
        units += o.units;
    }
    print_message("breakdowns: forced %g, units %g in 10 replications\n", forced, units);
    assert_true(forced == 0.0);
    assert_true(units > 0.0);
    mdl_model_free(m);
    scn_diags_free(d);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(ladder_every_size),
        cmocka_unit_test(long_breakdown),
        cmocka_unit_test(up_to_the_ends),
        cmocka_unit_test(beyond_the_ends),
)
