/*
 * test_gridlock.c - the station gridlock (issue 20) avoided by allocation:
 * a fleet's transport request is open to vehicles only once room at its
 * destination is reserved for it (docs/material-handling.md,
 * "Allocation"), so no vehicle ever waits loaded at (or for) a station
 * whose buffer is full while that station waits for a vehicle to take its
 * finished unit.
 *
 * Every scene below ended in the watchdog's forced passes before (or
 * stopped for good, silently: one vehicle waiting loaded at a station
 * whose out-point only it could empty). Each now runs with no deadlock,
 * no forced pass and no safety event over several seeds, and no vehicle
 * ever waits loaded (`blocked` 0). The floors on the throughput only
 * guard against a run that stops without a forced pass; the exact
 * figures are in the deterministic case.
 *
 * Also here: a shipping dock never starves, so `starvation` dispatch
 * serves it after the stations (it counted as empty, and went first).
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

#include "fleet_fixtures.h"
#include "model_fixtures.h"
#include "test_expect.h"
#include "test_main.h"

/* ---- the fixtures ------------------------------------------------------------- */

/* A rework loop A -> B -> A, buffers of 1, CONWIP 4, and vehicles: with one
 * the line stopped for good (a vehicle loaded for A waiting at A, A blocked
 * on its out-point), with two the watchdog forced 12 passes in 2 days (a replication on
 * average). */
static const char *const loop_scene =
    "run = { horizon = \"2d\"; warmup = \"1h\"; replications = 1; seed = 1; };\n"
    "paths = {\n"
    "  nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nB\"; at = [20.0, 0.0]; },\n"
    "            { id = \"nP\"; at = [10.0, 8.0]; kind = \"parking\"; capacity = 2; } );\n"
    "  edges = ( { from = \"nA\"; to = \"nP\"; }, { from = \"nP\"; to = \"nB\"; } );\n"
    "};\n"
    "fleets = ( { id = \"agv\"; count = 0; speed = 1.0; load = \"5s\"; unload = \"5s\"; } );\n"
    "stations = ( { id = \"A\"; at = [0.0, -3.0]; cycle = \"exp(20s)\"; node = \"nA\"; buffer = 1; },\n"
    "             { id = \"B\"; at = [20.0, -3.0]; cycle = \"exp(25s)\"; node = \"nB\"; buffer = 1; } );\n"
    "products = ( { id = \"p\"; route = [\"A\", \"B\", \"A\"]; transport = { A = \"agv\"; B = \"agv\"; }; } );\n"
    "release = ( { product = \"p\"; conwip = 4; } );\n";

/* A re-entrant line A -> S -> B -> S with no buffers at S and B, a parking
 * place of 4 beside them, CONWIP 3, and vehicles: 95 forced passes in 2
 * days with three, 127 with four (a replication on average). */
static const char *const reentrant_scene =
    "run = { horizon = \"2d\"; warmup = \"1h\"; replications = 1; seed = 1; };\n"
    "paths = {\n"
    "  nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nS\"; at = [20.0, 0.0]; }, { id = \"nB\"; at = [40.0, 0.0]; },\n"
    "            { id = \"nP\"; at = [20.0, 10.0]; kind = \"parking\"; capacity = 4; } );\n"
    "  edges = ( { from = \"nA\"; to = \"nP\"; }, { from = \"nP\"; to = \"nS\"; }, { from = \"nP\"; to = \"nB\"; } );\n"
    "};\n"
    "fleets = ( { id = \"agv\"; count = 0; speed = 1.0; load = \"5s\"; unload = \"5s\"; } );\n"
    "stations = ( { id = \"A\"; at = [0.0, -3.0]; cycle = \"exp(20s)\"; node = \"nA\"; },\n"
    "             { id = \"S\"; at = [20.0, -3.0]; cycle = \"exp(30s)\"; node = \"nS\"; buffer = 0; },\n"
    "             { id = \"B\"; at = [40.0, -3.0]; cycle = \"exp(15s)\"; node = \"nB\"; buffer = 0; } );\n"
    "products = ( { id = \"p\"; route = [\"A\", \"S\", \"B\", \"S\"]; transport = { A = \"agv\"; S = \"agv\"; B = \"agv\"; }; } );\n"
    "release = ( { product = \"p\"; conwip = 3; } );\n";

/* The scene text with its fleet's `count = 0` made `count = vehicles` (1 .. 9). */
static mdl_model *scene_with(const char *name, const char *text, int vehicles) {
    char buf[2048];
    assert_true(vehicles >= 1 && vehicles <= 9 && strlen(text) < sizeof buf);
    strcpy(buf, text);
    char *at = strstr(buf, "count = 0;");
    assert_non_null(at);
    at[8] = (char)('0' + vehicles);
    return test_scene_text(name, buf);
}

/* Seeds 1 .. 4 of m: no deadlock, no forced pass, no safety event, no
 * vehicle waiting loaded, and a throughput above `floor` (not stopped). */
static void expect_no_gridlock(mdl_model *m, double floor) {
    const mdl_run_settings *rs = mdl_model_run(m);
    for (uint64_t seed = 1; seed <= 4; seed++) {
        mdl_rep_result res;
        fx_run_one(m, rs->warmup, rs->horizon, seed, &res);
        double tp = res.kpi[MDL_KPI_THROUGHPUT_PER_H];
        double dl = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCKS), forced = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCK_FORCED);
        double safety = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_SAFETY_EVENTS), blocked = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_BLOCKED);
        print_message("seed %d: throughput %.3f/h, deadlocks %g, forced %g, safety %g, blocked %g\n", (int)seed, tp, dl,
                      forced, safety, blocked);
        assert_true(dl == 0.0 && forced == 0.0 && safety == 0.0);
        assert_true(blocked == 0.0);
        assert_true(tp > floor);
        mdl_rep_result_fini(&res);
    }
    mdl_model_free(m);
}

/* ---- the reproduced cases ----------------------------------------------------------- */

static void line_with_buffer_of_one(void **state) {
    (void)state;
    char line_scene[4096]; /* fleet_fixtures.h: the avoidance gap of session 17 */
    fx_gap_text(line_scene, sizeof line_scene, false, true);
    expect_no_gridlock(test_scene_text("line.cfg", line_scene), 20.0); /* ~25.7/h */
}

static void rework_loop_one_vehicle(void **state) {
    (void)state;
    expect_no_gridlock(scene_with("loop1.cfg", loop_scene, 1), 30.0); /* ~42/h; before: stopped (2.3/h) */
}

static void rework_loop_two_vehicles(void **state) {
    (void)state;
    expect_no_gridlock(scene_with("loop2.cfg", loop_scene, 2), 25.0); /* ~36/h */
}

static void reentrant_line_three_and_four_vehicles(void **state) {
    (void)state;
    expect_no_gridlock(scene_with("reentrant3.cfg", reentrant_scene, 3), 12.0); /* ~18/h */
    expect_no_gridlock(scene_with("reentrant4.cfg", reentrant_scene, 4), 12.0); /* ~17.5/h */
}

/* ---- by hand: the rework loop at fixed times ----------------------------------------
 *
 * A (node nA) and B (nB, 10 m away), no buffers, out-points of 1; route A ->
 * B -> A, both legs by one vehicle at 1 m/s with no acceleration (10 s a
 * leg), load and unload 2 s; A works 20 s, B 5 s; CONWIP 3. Before the fix
 * the line stopped for good at 98 s: the vehicle, loaded for A, waited at A
 * while A's server was blocked on a full out-point only it could empty.
 *
 * With allocation the line settles (from t0 = 200 s) into a cycle of 68 s.
 * At t0 a unit X ends its second visit at A and leaves; the unit N that
 * has waited in A's line (a CONWIP release, in line before the room asked
 * for by unit Y on B's out-point) enters A and ends at t0 + 20 on A's
 * out-point: B is empty, so its request is ready at once; A's server is
 * free, so A's room goes to Y. The vehicle, standing at nA since it
 * brought X, loads N (t0 + 20 .. 22), drives (.. 32), unloads into B (..
 * 34); B works N to t0 + 39 (onto B's out-point, asking for A's room,
 * in line after the next release). From nB the vehicle loads Y (t0 + 34 ..
 * 36), drives (.. 46), unloads into A (.. 48), where Y's second visit ends
 * at t0 + 68: the state of t0, one unit on.
 *
 * So: 3600 / 68 units/h; lead time 136 s (N, released at t0, leaves at
 * t0 + 136 after its second visit, two cycles on); the requests wait 0 (N)
 * and 14 s (Y) for the vehicle: 7 s; A works 40 s of 68, B 5; nobody
 * blocks (each out-point is emptied before its next unit) and the vehicle
 * never waits loaded. The window [3610 s, 71610 s] is 1000 cycles (exits
 * at 200 + 68 k: k = 51 .. 1050; loadings at t0 + 20 and t0 + 34 for
 * k = 50 .. 1049). */
static const char *const rework_fixed =
    "run = { horizon = \"71610s\"; warmup = \"3610s\"; replications = 1; seed = 1; };\n"
    "paths = {\n"
    "  nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nB\"; at = [10.0, 0.0]; } );\n"
    "  edges = ( { from = \"nA\"; to = \"nB\"; } );\n"
    "};\n"
    "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; accel = 0; load = \"2s\"; unload = \"2s\"; idle = \"stay\"; } );\n"
    "stations = ( { id = \"A\"; at = [0.0, -3.0]; cycle = \"20s\"; node = \"nA\"; buffer = 0; },\n"
    "             { id = \"B\"; at = [10.0, -3.0]; cycle = \"5s\"; node = \"nB\"; buffer = 0; } );\n"
    "products = ( { id = \"p\"; route = [\"A\", \"B\", \"A\"]; transport = { A = \"agv\"; B = \"agv\"; }; } );\n"
    "release = ( { product = \"p\"; conwip = 3; } );\n";

/* ---- starvation dispatch and a shipping dock ----------------------------------------
 *
 * A (nA) -> B (nB, 10 m on) -> shipping dock D (nD, 10 m further), all by
 * one vehicle (1 m/s, no acceleration, no handling time) parked at nB,
 * `starvation` dispatch; A and B work 5 s; CONWIP 3 (all three released
 * at 0 into A). A ends unit 1 at 5 s; the vehicle fetches it (nB -> nA ->
 * nB, into B at 25 s). A ends unit 2 at 10 s (blocked until unit 1 is
 * loaded at 15 s), unit 3 at 20 s (blocked until 35 s). B ends unit 1 at
 * 30 s: a request for D. The vehicle fetches unit 2 (into B at 45 s;
 * unit 3 onto A's out-point at 35 s). At 45 s the vehicle at nB has two
 * requests: unit 1 for D (since 30 s) and unit 3 for B (since 35 s). B
 * holds unit 2 and the room reserved for unit 3; the dock does no work and
 * never starves, so unit 3 goes first (to nA and back: into B at 65 s),
 * then unit 1 to D (10 s): finished at 75 s, lead time 75 s. Counted as
 * empty, the dock went first: unit 1 finished at 55 s. */
static const char *const dock_scene =
    "run = { horizon = \"76s\"; warmup = \"0s\"; replications = 1; seed = 1; };\n"
    "paths = {\n"
    "  nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nB\"; at = [10.0, 0.0]; }, { id = \"nD\"; at = [20.0, 0.0]; } );\n"
    "  edges = ( { from = \"nA\"; to = \"nB\"; }, { from = \"nB\"; to = \"nD\"; } );\n"
    "};\n"
    "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; accel = 0; idle = \"stay\"; dispatch = \"starvation\"; home = \"nB\"; } );\n"
    "stations = ( { id = \"A\"; at = [0.0, -3.0]; cycle = \"5s\"; node = \"nA\"; },\n"
    "             { id = \"B\"; at = [10.0, -3.0]; cycle = \"5s\"; node = \"nB\"; } );\n"
    "docks = ( { id = \"D\"; kind = \"shipping\"; node = \"nD\"; } );\n"
    "products = ( { id = \"p\"; route = [\"A\", \"B\"]; to = \"D\"; transport = { A = \"agv\"; B = \"agv\"; }; } );\n"
    "release = ( { product = \"p\"; conwip = 3; } );\n";

/* ---- the fixed-time cases, each run over its own window (seed 1) ------------------ */

static void fixed_times_by_hand(void **state) {
    (void)state;
    /* the rework loop: 1000 cycles of 68 s; nobody blocks, nothing forced */
    static const test_kpi rework[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 1000.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_THROUGHPUT_PER_H, 3600.0 / 68.0, 1e-9},
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 136.0, 1e-9},
        {MDL_KPIS_FLEET, 0, MDL_FKPI_REQUEST_WAIT_S, 7.0, 1e-9},
        {MDL_KPIS_FLEET, 0, MDL_FKPI_TRIPS, 2000.0, 0},
        {MDL_KPIS_FLEET, 0, MDL_FKPI_BLOCKED, 0.0, 0},
        {MDL_KPIS_STATION, 0, MDL_SKPI_STATE_BUSY, 40.0 / 68.0, 1e-9},
        {MDL_KPIS_STATION, 1, MDL_SKPI_STATE_BUSY, 5.0 / 68.0, 1e-9},
        {MDL_KPIS_STATION, 0, MDL_SKPI_STATE_BLOCKED, 0.0, 0},
        {MDL_KPIS_STATION, 1, MDL_SKPI_STATE_BLOCKED, 0.0, 0},
        {MDL_KPIS_FLEET, 0, MDL_FKPI_DEADLOCK_FORCED, 0.0, 0},
    };
    /* starvation dispatch serves the dock last: unit 1 finished at 75 s */
    static const test_kpi dock[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 1.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 75.0, 1e-9},
    };
    static const struct {
        const char *name, *text;
        const test_kpi *want;
        size_t n;
    } cases[] = {
        {"rework.cfg", rework_fixed, rework, sizeof rework / sizeof rework[0]},
        {"dock.cfg", dock_scene, dock, sizeof dock / sizeof dock[0]},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mdl_model *m = test_scene_text(cases[i].name, cases[i].text);
        const mdl_run_settings *rs = mdl_model_run(m);
        mdl_rep_result res;
        fx_run_one(m, rs->warmup, rs->horizon, 1, &res);
        print_message("%s: out %g, lead %.12g s\n", cases[i].name, res.kpi[MDL_KPI_UNITS_OUT],
                      res.kpi[MDL_KPI_LEAD_TIME_S]);
        test_expect_kpis_at(&res, cases[i].want, cases[i].n, __FILE__, __LINE__);
        fx_run_done(&res, NULL, m);
    }
}

/* The dock scene under `nearest` and `fcfs`: the shipping dock is served
 * as any other place. At 45 s the vehicle at nB has unit 1 for D (picked
 * up at nB, since 30 s) and unit 3 for B (at nA, since 35 s): unit 1 is
 * both the nearest and the older, so it goes first, finished at 55 s.
 * Meanwhile B ends unit 2 at 50 s (a request for D at nB). At 55 s the
 * vehicle at nD has unit 3 (at nA, 20 m, since 35 s) and unit 2 (at nB,
 * 10 m, since 50 s): `nearest` takes unit 2, finished at 75 s (two out,
 * mean lead time 65 s); `fcfs` takes unit 3 (at nA at 75 s: one out, 55
 * s). Under `starvation` (fixed_times_by_hand) the dock went last: 75 s. */
static void dock_under_nearest_and_fcfs(void **state) {
    (void)state;
    static const struct {
        const char *rule;
        double out, lead;
    } want[] = {{"nearest", 2.0, 65.0}, {"fcfs", 1.0, 55.0}};
    for (size_t i = 0; i < 2; i++) {
        char text[2048];
        const char *at = strstr(dock_scene, "starvation");
        assert_non_null(at);
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - dock_scene), dock_scene, want[i].rule,
                 at + strlen("starvation"));
        mdl_model *m = test_scene_text("dock.cfg", text);
        const mdl_run_settings *rs = mdl_model_run(m);
        mdl_rep_result res;
        fx_run_one(m, rs->warmup, rs->horizon, 1, &res);
        print_message("%s: out %g, lead %.12g s\n", want[i].rule, res.kpi[MDL_KPI_UNITS_OUT],
                      res.kpi[MDL_KPI_LEAD_TIME_S]);
        assert_true(res.kpi[MDL_KPI_UNITS_OUT] == want[i].out);
        assert_true(fabs(res.kpi[MDL_KPI_LEAD_TIME_S] - want[i].lead) < 1e-9);
        fx_run_done(&res, NULL, m);
    }
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(line_with_buffer_of_one),
          cmocka_unit_test(rework_loop_one_vehicle),
          cmocka_unit_test(rework_loop_two_vehicles),
          cmocka_unit_test(reentrant_line_three_and_four_vehicles),
          cmocka_unit_test(fixed_times_by_hand),
          cmocka_unit_test(dock_under_nearest_and_fcfs),
)
