/*
 * test_route_ends.c - transport into a route's first station and out of
 * its last (issue 20, docs/material-handling.md "Route ends: docks"):
 * hand-worked cases with fixed times, and the M/M/1 sojourn of a station
 * fed from a receiving dock and emptied to a shipping dock by belts.
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
#include "mdl_dock.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_scene.h"

#include "test_expect.h"
#include "test_helpers.h"
#include "test_main.h"
#include "test_scene_text.h"

/* ---- one vehicle: receiving -> station -> shipping ----------------------------------
 *
 * Nodes n0 (the receiving dock) - n1 (station m) - n2 (the shipping dock),
 * 10 m apart, and a parking place p 5 m off n1. One vehicle, 1 m/s, 0.5
 * m/s^2: a stretch of d metres from rest to rest takes d + 2 s. Loading
 * and unloading 10 s; m works 60 s; a unit every 10 min from t = 10 min.
 * Each unit, with the vehicle parked at p:
 *   p -> n0 (one stretch of 15 m)          17 s   (the dock wait)
 *   load 10, n0 -> n1 12, unload 10        32 s   (the vehicle parks: 7 s)
 *   m                                      60 s
 *   p -> n1 7, load 10, n1 -> n2 12, unload 10   39 s
 * Lead time 148 s. In 10 h: 60 releases (the last at 10 h, still at the
 * dock), 59 units out, 118 trips, 59 units through each dock. */
static const char *const line_scene =
    "paths = {\n"
    "  nodes = ( { id = \"n0\"; at = [0.0, 0.0]; }, { id = \"n1\"; at = [10.0, 0.0]; },\n"
    "            { id = \"n2\"; at = [20.0, 0.0]; }, { id = \"p\"; at = [10.0, 5.0]; kind = \"parking\"; } );\n"
    "  edges = ( { from = \"n0\"; to = \"n1\"; }, { from = \"n1\"; to = \"n2\"; }, { from = \"n1\"; to = \"p\"; } );\n"
    "};\n"
    "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; accel = 0.5; load = \"10s\"; unload = \"10s\"; } );\n"
    "docks = ( { id = \"in\"; kind = \"receiving\"; node = \"n0\"; },\n"
    "          { id = \"out\"; kind = \"shipping\"; node = \"n2\"; capacity = 1; } );\n"
    "stations = ( { id = \"m\"; cycle = \"const(60s)\"; node = \"n1\"; } );\n"
    "products = ( { id = \"p\"; route = [\"m\"]; from = \"in\"; to = \"out\";\n"
    "               transport = { in = \"agv\"; m = \"agv\"; }; } );\n"
    "release = ( { product = \"p\"; interarrival = \"const(10min)\"; } );\n";

static void vehicle_both_ends(void **state) {
    (void)state;
    mdl_model *m = test_one_rep_scene("ends.cfg", "10h", line_scene);
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_RELEASED, 60.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 59.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 148.0, 1e-9},
        {MDL_KPIS_LINE, 0, MDL_KPI_WIP, 59.0 * 148.0 / 36000.0, 1e-9}, /* from the release, at the dock too */
        {MDL_KPIS_FLEET, 0, MDL_FKPI_TRIPS, 118.0, 0},
        {MDL_KPIS_DOCK, 0, MDL_DKPI_WAIT_S, 17.0, 1e-9},
        {MDL_KPIS_DOCK, 0, MDL_DKPI_UNITS, 59.0, 0},
        {MDL_KPIS_DOCK, 1, MDL_DKPI_UNITS, 59.0, 0},
        /* the dock's queue: 17 s a unit, 59 of them in the window */
        {MDL_KPIS_DOCK, 0, MDL_DKPI_QUEUE, 59.0 * 17.0 / 36000.0, 1e-9},
        /* p -> n0 15, n0 -> n1 10, n1 -> p 5, p -> n1 5, n1 -> n2 10, n2 -> p 15 metres a unit */
        {MDL_KPIS_FLEET, 0, MDL_FKPI_DISTANCE_M, 59.0 * 60.0, 1e-6},
    };
    TEST_EXPECT_RUN_KPIS(m, want);
    mdl_model_free(m);
}

/* ---- belts at both ends: exit times ---------------------------------------------------
 *
 * A belt from the receiving dock (3 m at 0.5 m/s: 6 s; units 1 m apart, so
 * its entry frees every 2 s), m (60 s), a belt to shipping (6 m: 12 s).
 * Five units released at 1, 2, 3, 4 and 5 s go onto the belt at 1, 3, 5,
 * 7, 9 s (dock waits 0, 1, 2, 3, 4), reach m at 7, 9, ..., 15 s, leave it
 * at 67, 127, 187, 247, 307 s and are finished at the shipping dock 12 s
 * later. */
typedef struct exits {
    double t[16];
    int n, released_at_dock;
} exits;

static void on_record(void *ctx, const mdl_record *rec) {
    exits *e = ctx;
    if (rec->kind == MDL_LOG_EXIT && e->n < 16) e->t[e->n++] = rec->time;
    if (rec->kind == MDL_LOG_RELEASE && rec->station == -1) e->released_at_dock++;
}

/* Runs replication 0 of m until `until` and returns what it recorded. */
static exits run_exits(const mdl_model *m, double until) {
    exits e = {{0}, 0, 0};
    test_run_recorded(m, until, on_record, &e);
    return e;
}

static void belts_exit_times(void **state) {
    (void)state;
    mdl_model *m = test_one_rep_scene("belts.cfg", "1h",
        "conveyors = ( { id = \"cin\"; length = 3.0; speed = 0.5; spacing = 1.0; },\n"
        "              { id = \"cout\"; length = 6.0; speed = 0.5; spacing = 1.0; } );\n"
        "docks = ( { id = \"in\"; kind = \"receiving\"; at = [0.0, 0.0]; },\n"
        "          { id = \"out\"; kind = \"shipping\"; at = [9.0, 0.0]; } );\n"
        "stations = ( { id = \"m\"; cycle = \"const(60s)\"; } );\n"
        "products = ( { id = \"p\"; route = [\"m\"]; from = \"in\"; to = \"out\";\n"
        "               transport = { in = \"conveyor:cin\"; m = \"conveyor:cout\"; }; } );\n"
        "release = ( { product = \"p\"; interarrival = \"const(1s)\"; limit = 5; } );\n");
    exits e = run_exits(m, 3600.0);
    assert_int_equal(e.n, 5);
    assert_int_equal(e.released_at_dock, 5);
    for (int i = 0; i < 5; i++) assert_true(fabs(e.t[i] - (79.0 + 60.0 * i)) < 1e-9);
    static const test_kpi want[] = {
        {MDL_KPIS_DOCK, 0, MDL_DKPI_WAIT_S, 2.0, 1e-9},
        {MDL_KPIS_DOCK, 1, MDL_DKPI_UNITS, 5.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 196.0, 1e-9}, /* lead times 78, 137, 196, 255, 314 */
        {MDL_KPIS_CONVEYOR, 1, MDL_CKPI_UNITS, 5.0, 0},
    };
    TEST_EXPECT_RUN_KPIS(m, want);
    mdl_model_free(m);
}

/* ---- a shipping dock with one door ----------------------------------------------------
 *
 * Two vehicles bring units from two stations to a shipping dock of
 * capacity 1 with an unload of 60 s: the second waits for the door,
 * blocked, and its unit is finished 60 s after the first. */
static void shipping_door(void **state) {
    (void)state;
    mdl_model *m = test_one_rep_scene("door.cfg", "1h",
        "paths = {\n"
        "  nodes = ( { id = \"a\"; at = [0.0, 0.0]; }, { id = \"b\"; at = [0.0, 10.0]; },\n"
        "            { id = \"d\"; at = [10.0, 5.0]; capacity = 2; } );\n"
        "  edges = ( { from = \"a\"; to = \"d\"; capacity = 2; }, { from = \"b\"; to = \"d\"; capacity = 2; } );\n"
        "};\n"
        "fleets = ( { id = \"agv\"; count = 2; speed = 1.0; load = \"0s\"; unload = \"60s\"; idle = \"stay\"; } );\n"
        "docks = ( { id = \"out\"; kind = \"shipping\"; node = \"d\"; capacity = 1; } );\n"
        "stations = ( { id = \"A\"; cycle = \"const(10s)\"; node = \"a\"; }, { id = \"B\"; cycle = \"const(10s)\"; "
        "node = \"b\"; } );\n"
        "products = ( { id = \"pa\"; route = [\"A\"]; to = \"out\"; transport = { A = \"agv\"; }; },\n"
        "             { id = \"pb\"; route = [\"B\"]; to = \"out\"; transport = { B = \"agv\"; }; } );\n"
        "release = ( { product = \"pa\"; interarrival = \"const(1s)\"; limit = 1; },\n"
        "            { product = \"pb\"; interarrival = \"const(1s)\"; limit = 1; } );\n");
    exits e = run_exits(m, 3600.0);
    assert_int_equal(e.n, 2);
    print_message("exits %.12g %.12g\n", e.t[0], e.t[1]);
    assert_true(fabs(e.t[1] - e.t[0] - 60.0) < 1e-9);
    mdl_model_free(m);
}

/* ---- M/M/1 between two belts -----------------------------------------------------------
 *
 * Poisson releases (mean 10 min) at a receiving dock, a belt of 5 s to an
 * exponential station (mean 5 min, unlimited buffer), a belt of 5 s to the
 * shipping dock. Belts 1 cm apart never make a unit wait at their entry,
 * and the shifted arrivals are still Poisson: the lead time is the M/M/1
 * sojourn 1 / (mu - lambda) = 600 s plus the 10 s of the belts. */
static void mm1_plus_legs(void **state) {
    (void)state;
    mdl_model *m = test_scene_text("mm1.cfg",
        "run = { horizon = \"2050h\"; warmup = \"50h\"; replications = 10; seed = 7; };\n"
        "conveyors = ( { id = \"cin\"; length = 5.0; speed = 1.0; spacing = 0.01; },\n"
        "              { id = \"cout\"; length = 5.0; speed = 1.0; spacing = 0.01; } );\n"
        "docks = ( { id = \"in\"; kind = \"receiving\"; }, { id = \"out\"; kind = \"shipping\"; } );\n"
        "stations = ( { id = \"m\"; cycle = \"exp(5min)\"; } );\n"
        "products = ( { id = \"p\"; route = [\"m\"]; from = \"in\"; to = \"out\";\n"
        "               transport = { in = \"conveyor:cin\"; m = \"conveyor:cout\"; }; } );\n"
        "release = ( { product = \"p\"; interarrival = \"exp(10min)\"; } );\n");
    mdl_batch *b = test_batch(m, 2);
    mdl_summary s = mdl_batch_kpi(b, MDL_KPI_LEAD_TIME_S);
    double exact = 1.0 / (1.0 / 300.0 - 1.0 / 600.0) + 10.0;
    print_message("lead %.3f +/- %.3f (exact %.3f)\n", s.mean, s.ci95, exact);
    assert_true(fabs(s.mean - exact) <= s.ci95);
    assert_true(s.ci95 < 0.03 * exact);
    mdl_summary w = mdl_batch_dock_kpi(b, 0, MDL_DKPI_WAIT_S);
    assert_true(w.mean < 0.01); /* a belt 1 cm apart: no unit waits at the dock */
    mdl_batch_free(b);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(vehicle_both_ends), cmocka_unit_test(belts_exit_times),
          cmocka_unit_test(shipping_door),
          cmocka_unit_test(mm1_plus_legs))
