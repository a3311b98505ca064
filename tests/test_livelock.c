/*
 * test_livelock.c - the stall that allocation brought (issue 20, session
 * 18's note): a rework loop A -> B -> A whose two one-place station nodes
 * are joined through one parking node of 2, with 3 vehicles, ran at
 * 0 units/h with 0 deadlocks. The two idle vehicles filled the parking
 * node, the only way between A and B; the one sent aside for a loaded
 * vehicle stepped onto that vehicle's goal (the only free node), the
 * loaded vehicle could not stop on the full parking node, so it waited
 * for its goal and sent the idle one back to the parking place, and so
 * on for ever. The watchdog saw a queue that moved.
 *
 * Now a vehicle may stop on a node of two places or more that it fills
 * when the others there are idle (they are sent on, to the node it left)
 * or wait for the node it leaves (a swap), so the vehicles rotate; and the
 * stall watchdog looks at transport tasks, not at moving vehicles: a wait
 * with a task while the fleet began or ended no pick-up or delivery for
 * the watchdog's time is counted as a deadlock (docs/material-handling.md,
 * "Deadlock").
 *
 * The line A -> S -> B with the parking place of 2 beside S locked again
 * and again with 4 vehicles (0.33 units/h and 1,352 forced passes in 5
 * days) and 5 (every node full): nearest dispatching gave S's request to
 * the idle vehicle left on S's node, the gate all traffic passes, and
 * loaded it met the idle vehicle on B's node, which could leave only
 * through S. A fleet larger than its layout holds now keeps the surplus
 * out of the traffic (docs/material-handling.md, "A fleet larger than its
 * layout holds"): 4 and 5 vehicles carry what 3 carry.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"

#include "model_fixtures.h"
#include "fleet_fixtures.h"
#include "test_expect.h"
#include "test_main.h"
#include "test_scene_text.h"

/* The scene of the note (its `%d`s: the parking node's capacity and the
 * vehicles): stations A and B (buffers of 1, exponential cycles of 20 s
 * and 25 s) on dead-end nodes of one place, each joined to the parking
 * node; route A, B, A; CONWIP 2. */
static const char *const loop_fmt =
    "run = { horizon = \"2d\"; warmup = \"1h\"; replications = 1; seed = 1; };\n"
    "paths = {\n"
    "  nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nB\"; at = [20.0, 0.0]; },\n"
    "            { id = \"nP\"; at = [10.0, 8.0]; kind = \"parking\"; capacity = %d; } );\n"
    "  edges = ( { from = \"nA\"; to = \"nP\"; }, { from = \"nP\"; to = \"nB\"; } );\n"
    "};\n"
    "fleets = ( { id = \"agv\"; count = %d; speed = 1.0; load = \"5s\"; unload = \"5s\"; } );\n"
    "stations = ( { id = \"A\"; at = [0.0, -3.0]; cycle = \"exp(20s)\"; node = \"nA\"; buffer = 1; },\n"
    "             { id = \"B\"; at = [20.0, -3.0]; cycle = \"exp(25s)\"; node = \"nB\"; buffer = 1; } );\n"
    "products = ( { id = \"p\"; route = [\"A\", \"B\", \"A\"]; transport = { A = \"agv\"; B = \"agv\"; }; } );\n"
    "release = ( { product = \"p\"; conwip = 2; } );\n";

static mdl_model *loop_with(int parking, int vehicles) {
    char text[2048];
    snprintf(text, sizeof text, loop_fmt, parking, vehicles);
    return test_scene_text("loop.cfg", text);
}

typedef struct outcome {
    double tp, deadlocks, forced, safety, trips;
} outcome;

static outcome run_seed(mdl_model *m, uint64_t seed) {
    const mdl_run_settings *rs = mdl_model_run(m);
    mdl_rep_result res;
    fx_run_one(m, rs->warmup, rs->horizon, seed, &res);
    outcome o = {res.kpi[MDL_KPI_THROUGHPUT_PER_H], mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCKS),
                 mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCK_FORCED), mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_SAFETY_EVENTS),
                 mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_TRIPS)};
    print_message("seed %d: %.3f units/h, deadlocks %g, forced %g, safety %g, trips %g\n", (int)seed, o.tp, o.deadlocks,
                  o.forced, o.safety, o.trips);
    mdl_rep_result_fini(&res);
    return o;
}

/* The scene of the note, and the same class one size up (a parking node
 * of 3 with 4 vehicles: every idle vehicle fits on it, and fills it), over
 * four seeds: it runs (about 18/h; 0 before), with no deadlock, no forced
 * pass and no safety event. */
static void loop_runs_without_forcing(void **state) {
    (void)state;
    static const int sizes[][2] = {{2, 3}, {3, 4}};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        mdl_model *m = loop_with(sizes[k][0], sizes[k][1]);
        for (uint64_t seed = 1; seed <= 4; seed++) {
            outcome o = run_seed(m, seed);
            assert_true(o.tp > 12.0);
            assert_true(o.deadlocks == 0.0 && o.forced == 0.0 && o.safety == 0.0);
        }
        mdl_model_free(m);
    }
}

/* A line that stands still is never "0 deadlocks": a parking node of one
 * place between the two stations lets no vehicle pass another, so two
 * vehicles cannot swap ends. Before, the run reported nothing out and
 * no deadlock; now the stall watchdog counts it and lets a vehicle
 * through (forced passes: the layout needs them), so the planner sees it. */
static void stall_is_counted(void **state) {
    (void)state;
    mdl_model *m = loop_with(1, 2);
    for (uint64_t seed = 1; seed <= 2; seed++) {
        outcome o = run_seed(m, seed);
        assert_true(o.deadlocks > 0.0 && o.forced > 0.0);
        /* Counted once per episode: a deadlock ends by its forced pass or
         * by progress (a vehicle of it reaching its pick-up or drop, two
         * per trip), or is still open at the end of the window (one more:
         * an episode begun before the warm-up's end and ended after it).
         * Before, the same stall was counted at every back-off: 11,355
         * deadlocks for 277 forced passes and no trip. */
        assert_true(o.deadlocks <= o.forced + 2.0 * o.trips + 1.0);
    }
    mdl_model_free(m);
}

/* ---- by hand: one deadlock per meeting -------------------------------------------
 *
 * nA - nP - nB on a line (10 m edges, 1 m/s without acceleration), nP a
 * parking place of one; stations A on nA and B on nB (60 s); products p
 * (A -> B) and q (B -> A), one order each released together, three such
 * pairs an hour apart; two vehicles. Each pair's two units are loaded
 * at nA and nB at once and must swap ends through nP: two vehicles cannot
 * pass on a node of one place, so each pair is exactly one deadlock, and
 * exactly one forced pass resolves it (the vehicle let onto the other's
 * node unloads there, the other then drives through). The forced pass
 * comes after the back-offs and the watchdog, well inside the hour, so
 * the pairs never overlap: 3 deadlocks, 3 forced passes, 6 units. Before,
 * the deadlock was counted each time it formed again after a back-off:
 * 177 deadlocks for the 3 forced passes. */
static const char *const pairs_fmt =
    "run = { horizon = \"3h\"; warmup = \"0s\"; replications = 1; seed = 1; };\n"
    "paths = {\n"
    "  nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nB\"; at = [20.0, 0.0]; },\n"
    "            { id = \"nP\"; at = [10.0, 0.0]; kind = \"parking\"; capacity = 1; } );\n"
    "  edges = ( { from = \"nA\"; to = \"nP\"; }, { from = \"nP\"; to = \"nB\"; } );\n"
    "};\n"
    "fleets = ( { id = \"agv\"; count = 2; speed = 1.0; accel = 0; load = \"5s\"; unload = \"5s\";%s } );\n"
    "stations = ( { id = \"A\"; at = [0.0, -3.0]; cycle = \"60s\"; node = \"nA\"; },\n"
    "             { id = \"B\"; at = [20.0, -3.0]; cycle = \"60s\"; node = \"nB\"; } );\n"
    "products = ( { id = \"p\"; route = [\"A\", \"B\"]; transport = { A = \"agv\"; }; },\n"
    "             { id = \"q\"; route = [\"B\", \"A\"]; transport = { B = \"agv\"; }; } );\n"
    "release = ( { orders = ( %s ); } );\n";

static void one_deadlock_per_meeting(void **state) {
    (void)state;
    for (int detect = 0; detect < 2; detect++) {
        char orders[1024], text[4096];
        int n = 0;
        for (int k = 0; k < 6; k++)
            n += snprintf(orders + n, sizeof orders - (size_t)n,
                          "%s{ id = \"o%d\"; product = \"%s\"; quantity = 1; release = \"%dh\"; due = \"3h\"; }", k ? ", " : "",
                          k + 1, k % 2 ? "q" : "p", k / 2);
        snprintf(text, sizeof text, pairs_fmt, detect ? " traffic = \"detect\";" : "", orders);
        mdl_model *m = test_scene_text("pairs.cfg", text);
        const mdl_run_settings *rs = mdl_model_run(m);
        mdl_rep_result res;
        fx_run_one(m, rs->warmup, rs->horizon, 1, &res);
        double dl = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCKS), forced = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCK_FORCED);
        print_message("pairs (%s): %g units, %g deadlocks, %g forced\n", detect ? "detect" : "avoid", res.kpi[MDL_KPI_UNITS_OUT], dl,
                      forced);
        assert_true(res.kpi[MDL_KPI_UNITS_OUT] == 6.0);
        assert_true(dl == 3.0);
        assert_true(forced == 3.0);
        assert_true(mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_SAFETY_EVENTS) == 3.0);
        fx_run_done(&res, NULL, m);
    }
}

/* ---- by hand: the loop at fixed times ------------------------------------------
 *
 * The same layout on a straight line (nA at 0, nP at 10 m, nB at 20 m),
 * 1 m/s without acceleration (10 s an edge), load and unload 5 s, A works
 * 20 s, B 25 s, CONWIP 1, three vehicles (0, 1, 2). Before the fix it
 * stood still. It settles from t0 = 185 s into a cycle of 185 s; at t0 a
 * unit is released into A, vehicles 0 and 1 stand idle on nP, vehicle 2
 * on nB.
 *   t0 + 20: A ends, the request A -> B is ready (B is empty). Vehicles 0
 *     and 1 are nearest (10 s): vehicle 0 (the lower index) drives to nA
 *     (+ 30), loads (+ 35), drives to nP (+ 45) and stops there beside
 *     idle vehicle 1: nB holds idle vehicle 2, whose only way out is nP.
 *     Vehicle 2 is sent to nP, which sends vehicle 1 on to nA (+ 45 ..
 *     55); vehicle 2 then drives to nP (+ 55 .. 65), and vehicle 0 to nB
 *     (+ 65 .. 75), unloads (+ 80): request wait 10 s, the trip 60 s.
 *     Vehicle 0, idle, parks on nP (+ 80 .. 90).
 *   t0 + 105: B ends, the request B -> A is ready (A is empty). Vehicles
 *     0 and 2 on nP are nearest: vehicle 0 drives to nB (+ 115), loads
 *     (+ 120), drives to nP (+ 130) beside idle vehicle 2; nA holds idle
 *     vehicle 1: vehicle 2 is sent on to nB (+ 130 .. 140), vehicle 1 to
 *     nP (+ 140 .. 150), vehicle 0 to nA (+ 150 .. 160), unloads (+ 165),
 *     and parks on nP (+ 165 .. 175). Request wait 10 s.
 *   t0 + 185: A ends the unit's second visit (+ 165 .. 185); it leaves
 *     and the next is released: vehicles 0 and 1 on nP, 2 on nB, as at t0.
 * So one unit every 185 s (20 + 60 + 25 + 60 + 20): lead time 185 s;
 * two trips a cycle, both by vehicle 0; a cycle drives 80 m (vehicle 0)
 * + 20 (1) + 20 (2) = 120 m; A works 40 s of it, B 25 s; no deadlock.
 * The window [3710 s, 77710 s] is 400 cycles (t0 = 3700 + 10, no pass
 * or exit at that offset of a cycle). */
static const char *const loop_fixed =
    "run = { horizon = \"77710s\"; warmup = \"3710s\"; replications = 1; seed = 1; };\n"
    "paths = {\n"
    "  nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nB\"; at = [20.0, 0.0]; },\n"
    "            { id = \"nP\"; at = [10.0, 0.0]; kind = \"parking\"; capacity = 2; } );\n"
    "  edges = ( { from = \"nA\"; to = \"nP\"; }, { from = \"nP\"; to = \"nB\"; } );\n"
    "};\n"
    "fleets = ( { id = \"agv\"; count = 3; speed = 1.0; accel = 0; load = \"5s\"; unload = \"5s\"; } );\n"
    "stations = ( { id = \"A\"; at = [0.0, -3.0]; cycle = \"20s\"; node = \"nA\"; buffer = 1; },\n"
    "             { id = \"B\"; at = [20.0, -3.0]; cycle = \"25s\"; node = \"nB\"; buffer = 1; } );\n"
    "products = ( { id = \"p\"; route = [\"A\", \"B\", \"A\"]; transport = { A = \"agv\"; B = \"agv\"; }; } );\n"
    "release = ( { product = \"p\"; conwip = 1; } );\n";

static void fixed_times_by_hand(void **state) {
    (void)state;
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 400.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_THROUGHPUT_PER_H, 3600.0 / 185.0, 1e-9},
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 185.0, 1e-9},
        {MDL_KPIS_FLEET, 0, MDL_FKPI_TRIPS, 800.0, 0},
        {MDL_KPIS_FLEET, 0, MDL_FKPI_REQUEST_WAIT_S, 10.0, 1e-9},
        {MDL_KPIS_FLEET, 0, MDL_FKPI_DISTANCE_M, 48000.0, 1e-6},
        {MDL_KPIS_FLEET, 0, MDL_FKPI_DEADLOCKS, 0.0, 0},
        {MDL_KPIS_FLEET, 0, MDL_FKPI_DEADLOCK_FORCED, 0.0, 0},
        {MDL_KPIS_STATION, 0, MDL_SKPI_STATE_BUSY, 40.0 / 185.0, 1e-9},
        {MDL_KPIS_STATION, 1, MDL_SKPI_STATE_BUSY, 25.0 / 185.0, 1e-9},
    };
    mdl_model *m = test_scene_text("loop_fixed.cfg", loop_fixed);
    const mdl_run_settings *rs = mdl_model_run(m);
    mdl_rep_result res;
    fx_run_one(m, rs->warmup, rs->horizon, 1, &res);
    print_message("out %g, lead %.12g s, distance %.12g m\n", res.kpi[MDL_KPI_UNITS_OUT], res.kpi[MDL_KPI_LEAD_TIME_S],
                  mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DISTANCE_M));
    test_expect_kpis_at(&res, want, sizeof want / sizeof want[0], __FILE__, __LINE__);
    fx_run_done(&res, NULL, m);
}

/* The gap line (fleet_fixtures.h) with the parking place of 2 beside S:
 * its places off the through traffic are nA, nB and the parking place's
 * two, passed through S's node of one place, so it holds 3 vehicles. With
 * 4 and 5, two days: the units of 3 to the unit (the vehicles kept out
 * draw no random number and hold no place), no deadlock, no forced pass.
 * Before: 4 vehicles about 30 units and 270 forced passes, 5 none and
 * every node full. */
static void gap_line_keeps_the_surplus_out(void **state) {
    (void)state;
    char text[4096], set[48];
    fx_gap_text(text, sizeof text, false, true);
    fleet_out three = {0.0, 0.0, 0.0};
    for (int n = 3; n <= 5; n++) {
        snprintf(set, sizeof set, "fleets.agv.count=%d", n);
        const char *sets[] = {set, "run.horizon=\"2d\""};
        mdl_model *m = test_scene_must_load(text, strlen(text), sets, 2);
        fleet_out o = fleet_run_once(m, mdl_model_run(m), 0);
        print_message("gap line, %d vehicles: %g units, deadlocks %g, forced %g\n", n, o.units, o.deadlocks, o.forced);
        if (n == 3) three = o;
        assert_true(o.units > 1000.0);
        assert_true(o.units == three.units);
        assert_true(o.deadlocks == 0.0 && o.forced == 0.0);
        mdl_model_free(m);
    }
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(loop_runs_without_forcing),
          cmocka_unit_test(gap_line_keeps_the_surplus_out),
          cmocka_unit_test(stall_is_counted),
          cmocka_unit_test(one_deadlock_per_meeting),
          cmocka_unit_test(fixed_times_by_hand),
)
