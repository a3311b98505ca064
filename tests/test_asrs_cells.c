/*
 * test_asrs_cells.c - what an AS/RS remembers of each cell (mdl_asrs.c,
 * the cell record: its state and the time it was stored), pinned through
 * what a run shows: the store cell `closest` chooses while other cells
 * are stored, coming back or leaving, a freed cell used again, the cell a
 * dual-command store takes beside the retrieval of its cycle, the
 * turnover classes, the time-average stock, and which stored unit goes
 * first onto a fleet's output point (the one stored first, whatever its
 * destination). Hand-worked with fixed times.
 *
 * The rack of every case: one aisle, `bays` bays of one level, cells of
 * 2 m x 2 m, the crane at 1 m/s on both axes, handling 0. Cell k (by
 * travel time, face 0 before face 1) of bay b is b x 2 + 1 m along and
 * 1 m up: a move to bay 0 takes 1 s, to bay 1 3 s, to bay 2 5 s; a single
 * command cycle is twice that, the deposit (or pick-up) half-way.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>

#include "mdl_asrs.h"
#include "mdl_run.h"

#include "test_expect.h"
#include "test_main.h"
#include "test_timeline.h"

/* The scene of the store cases: the rack of `bays` bays assigning by
 * `assign`, dual command or not; station m (1 s a unit) whose finished
 * units are stored (`to`) for `dwell`; `release` the release list's
 * entries. An hour, no warm-up. */
static mdl_model *store_scene(const char *name, int bays, const char *assign, const char *dual, const char *dwell,
                              const char *release) {
    char text[2048];
    int n = snprintf(text, sizeof text,
                     "run = { horizon = \"1h\"; warmup = \"0s\"; replications = 1; seed = 1; };\n"
                     "asrs = ( { id = \"hbw\"; bays = %d; levels = 1; cell = [2.0, 2.0]; speed_x = 1.0; "
                     "speed_y = 1.0; assign = %s; dual_command = %s; } );\n"
                     "stations = ( { id = \"m\"; cycle = \"const(1s)\"; } );\n"
                     "products = ( { id = \"p\"; route = [\"m\"]; to = \"asrs:hbw\"; dwell = \"%s\"; },\n"
                     "             { id = \"q\"; route = [\"m\"]; to = \"asrs:hbw\"; dwell = \"%s\"; } );\n"
                     "release = ( %s );\n",
                     bays, assign, dual, dwell, dwell, release);
    assert_true(n > 0 && (size_t)n < sizeof text);
    return test_scene_text(name, text);
}

/* Closest open cell, single command, 3 bays (cells 0 and 1: 1 s, 2 and 3:
 * 3 s, 4 and 5: 5 s). Five units of p, released at 10, 20 .. 50 s, leave
 * m 1 s later onto the input point and are stored for 36 s:
 *   u1 11-13 s into cell 0 (deposit 12), shipped 48-50 (picked 49);
 *   u2 21-23 into cell 1 (cell 0 holds u1; deposit 22), shipped 58-60 (59);
 *   u3 31-37 into cell 2 (deposit 34), shipped 70-76 (73);
 *   u4 41-47 into cell 3 (deposit 44), shipped 80-86 (83);
 *   u5 51-53 into cell 0 again (freed at 49; deposit 52), shipped 88-90 (89).
 * Ten single cycles of 2, 2, 6, 6, 2 s twice: mean 3.6 s. In the racks
 * 37, 37, 39, 39 and 37 s: 189 unit-seconds over the hour, over 6 cells.
 * A stored cell taken for open would put u2 into cell 0 (2 s); a freed
 * cell kept closed would put u5 into cell 4 (10 s cycles). */
static void closest_takes_the_nearest_open_cell(void **state) {
    (void)state;
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 5.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SINGLE, 10.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_DUAL, 0.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_CYCLE_S, 3.6, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STORED, 189.0 / 3600.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_OCCUPANCY, 189.0 / 3600.0 / 6.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STOCK_FG, 189.0 / 3600.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STOCK_FG_MAX, 4.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SHIPPED, 5.0, 0},
    };
    mdl_model *m = store_scene("closest.cfg", 3, "\"closest\"", "false", "36s",
                               "{ product = \"p\"; interarrival = \"const(10s)\"; limit = 5; }");
    TEST_EXPECT_RUN_KPIS(m, want);
    mdl_model_free(m);
}

/* Closest open cell, dual command, 2 bays. u1, u2, u3 released at 10, 20,
 * 30 s and u4 at 34 s, each stored for 20.25 s:
 *   u1 11-13 into cell 0 (deposit 12), u2 21-23 into cell 1 (22);
 *   u3 31-37 into cell 2 (deposit 34); meanwhile u1's shipping is asked
 *   for at 32.25 (cell 0 leaving) and u4 comes onto the input point at 35;
 *   37-43, one dual cycle: u4 into cell 3 (3 s, deposit 40; cell 0 is
 *   leaving, 1 and 2 stored), across to cell 0 (2 s, picked 42), back
 *   (1 s);
 *   u2's shipping (asked at 42.25) 43-45, picked 44;
 *   u3's (54.25) 54.25-60.25, picked 57.25; u4's (60.25) 60.25-66.25,
 *   picked 63.25.
 * Single cycles 2, 2, 6, 2, 6, 6 s (mean 4), the dual 6 s. In the racks
 * 30 + 22 + 23.25 + 23.25 = 98.5 unit-seconds. A leaving cell taken for
 * open would put u4 into cell 0 itself: a dual cycle of 2 s. */
static void dual_store_passes_the_leaving_cell(void **state) {
    (void)state;
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 4.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SINGLE, 6.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_DUAL, 1.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SINGLE_S, 4.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_DUAL_S, 6.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STORED, 98.5 / 3600.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SHIPPED, 4.0, 0},
    };
    mdl_model *m = store_scene("dual.cfg", 2, "\"closest\"", "true", "20.25s",
                               "{ product = \"p\"; interarrival = \"const(10s)\"; limit = 3; },\n"
                               "{ product = \"p\"; interarrival = \"const(34s)\"; limit = 1; }");
    TEST_EXPECT_RUN_KPIS(m, want);
    mdl_model_free(m);
}

/* Turnover classes, single command, 2 bays, classes of half the cells
 * each: A = cells 0 and 1 (1 s), B = cells 2 and 3 (3 s). p and q are
 * released in turn (p at 20, 40, 60 s; q at 30, 50, 70 s) and stored for
 * 15 s. At each store p has stored at least as many as q (ties: p, the
 * lower product): p ranks first (class A), q second (class B), so p's
 * stores and shippings take 2 s cycles, q's 6 s:
 *   p1 21-23 (deposit 22), shipped 37-39 (picked 38): 16 s in the racks;
 *   q1 31-37 (34), shipped 49-55 (52): 18 s;
 *   p2 41-43 (42), its shipping (57) waits for q2's store: 61-63 (62): 20 s;
 *   q2 55-61 (58; in line since 51), shipped 77-83 (80; asked at 73): 22 s;
 *   p3 63-65 (64; in line since 61), shipped 83-85 (84; asked at 79): 20 s;
 *   q3 71-77 (74), shipped 89-95 (92): 18 s.
 * Twelve single cycles, 6 x 2 + 6 x 6 s: mean 4 s; 114 unit-seconds in
 * the racks. One class for all would store q in A (2 s cycles). */
static void classes_by_turnover(void **state) {
    (void)state;
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 6.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SINGLE, 12.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_CYCLE_S, 4.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STORED, 114.0 / 3600.0, 1e-9},
    };
    mdl_model *m = store_scene("class.cfg", 2, "\"class\"; classes = [0.5, 0.5]", "false", "15s",
                               "{ product = \"p\"; interarrival = \"const(20s)\"; limit = 3; },\n"
                               "{ product = \"q\"; interarrival = \"const(20s)\"; start = \"10s\"; limit = 3; }");
    TEST_EXPECT_RUN_KPIS(m, want);
    mdl_model_free(m);
}

/* Which stored unit goes onto a fleet's output point (room for one)
 * first: the one stored first, whatever its destination. The store feeds
 * stations x (at nX, 10 m from the I/O point nS) and y (nY, 20 m); the
 * one vehicle (1 m/s, no loading time) waits at nF, 100 m from nS. r (for
 * x) is stored 1-2 s and retrieved 2-5 s onto the output point; u (for
 * y, released at 10 s) is stored at 12 s and v (for x, at 20 s) at 22 s,
 * and wait: the output point is full till the vehicle comes (105 s) and
 * loads r. Then u, stored first, is retrieved (105-107 s) though v's
 * station comes first: r is at x at 115 s, u at y at 145 s (the vehicle
 * back at nS at 125 s), v at x at 175 s. A stored time lost (all equal)
 * would send v first (ties: the lower station). */
static void output_point_takes_the_first_stored(void **state) {
    (void)state;
    mdl_model *m = test_one_rep_scene(
        "first.cfg", "1h",
        "paths = { nodes = ( { id = \"nS\"; at = [0.0, 0.0]; }, { id = \"nX\"; at = [10.0, 0.0]; },\n"
        "                    { id = \"nY\"; at = [20.0, 0.0]; }, { id = \"nF\"; at = [0.0, 100.0]; } );\n"
        "          edges = ( { from = \"nS\"; to = \"nX\"; }, { from = \"nX\"; to = \"nY\"; },\n"
        "                    { from = \"nS\"; to = \"nF\"; } ); };\n"
        "fleets = ( { id = \"agv\"; speed = 1.0; accel = 0.0; idle = \"stay\"; home = \"nF\"; } );\n"
        "asrs = ( { id = \"hbw\"; bays = 1; levels = 1; cell = [2.0, 2.0]; speed_x = 1.0; speed_y = 1.0;\n"
        "           node = \"nS\"; deliver = \"agv\"; } );\n"
        "stations = ( { id = \"a\"; cycle = \"const(1s)\"; },\n"
        "             { id = \"x\"; cycle = \"const(1s)\"; node = \"nX\"; },\n"
        "             { id = \"y\"; cycle = \"const(1s)\"; node = \"nY\"; } );\n"
        "products = ( { id = \"p\"; route = [\"a\", \"x\"]; transport = { a = \"asrs:hbw\"; }; },\n"
        "             { id = \"q\"; route = [\"a\", \"y\"]; transport = { a = \"asrs:hbw\"; }; } );\n"
        "release = ( { orders = ( { id = \"r\"; product = \"p\"; quantity = 1; release = \"0s\"; },\n"
        "                         { id = \"u\"; product = \"q\"; quantity = 1; release = \"10s\"; },\n"
        "                         { id = \"v\"; product = \"p\"; quantity = 1; release = \"20s\"; } ); } );\n");
    test_timeline t = {.kinds = TEST_KIND(MDL_LOG_EXIT)};
    test_run_recorded(m, 3600.0, test_timeline_record, &t);
    printf("%s", t.text);
    assert_string_equal(t.text, "shipped 116 s at -1\nshipped 146 s at -1\nshipped 176 s at -1\n");
    mdl_model_free(m);
}

/* The products of the units shipped, in order ("ppq..."). */
typedef struct shipped {
    char order[32];
    size_t n;
} shipped;

static void on_record(void *ctx, const mdl_record *rec) {
    shipped *s = ctx;
    if (rec->kind == MDL_LOG_EXIT && s->n + 1 < sizeof s->order) s->order[s->n++] = rec->product == 0 ? 'p' : 'q';
}

/* Two aisles of 2 bays (cells 0 and 1 of each: 1 s, 2 and 3: 3 s), the
 * output point of room 2 and the vehicle as above: the stored time is
 * the deposit's, not the cycle's start nor the request's. r1 and r2 (p,
 * for x; released at 0 and 6 s) are stored in aisle 0 and retrieved onto
 * the output point, which is full from 11 s till the vehicle loads r1 at
 * 105 s; r3 and r4 (q, for y; 12 and 16 s) are stored in aisle 0's cells
 * 0 and 1 (deposits 14 and 18 s) and stay. u (q, 30 s) goes to aisle 0
 * (both idle: the lower), to cell 2: its cycle starts at 31 s, it is
 * deposited at 34 s; v (p, 31.5 s) to aisle 1 (aisle 0 is busy), cell 0:
 * its cycle starts at 32.5 s, it is deposited at 33.5 s. The vehicle
 * carries the output point's units in turn, each freed place taking the
 * first stored of the destinations' next units: r3, r4, then v (33.5 s)
 * before u (34 s). Shipped: p p q q p q; the cycle's start, or the
 * request's time, as the stored time would send u before v. */
static void stored_time_is_the_deposit(void **state) {
    (void)state;
    mdl_model *m = test_one_rep_scene(
        "aisles.cfg", "1h",
        "paths = { nodes = ( { id = \"nS\"; at = [0.0, 0.0]; }, { id = \"nX\"; at = [10.0, 0.0]; },\n"
        "                    { id = \"nY\"; at = [20.0, 0.0]; }, { id = \"nF\"; at = [0.0, 100.0]; } );\n"
        "          edges = ( { from = \"nS\"; to = \"nX\"; }, { from = \"nX\"; to = \"nY\"; },\n"
        "                    { from = \"nS\"; to = \"nF\"; } ); };\n"
        "fleets = ( { id = \"agv\"; speed = 1.0; accel = 0.0; idle = \"stay\"; home = \"nF\"; } );\n"
        "asrs = ( { id = \"hbw\"; aisles = 2; bays = 2; levels = 1; cell = [2.0, 2.0]; speed_x = 1.0;\n"
        "           speed_y = 1.0; assign = \"closest\"; node = \"nS\"; deliver = \"agv\"; } );\n"
        "stations = ( { id = \"a\"; cycle = \"const(1s)\"; },\n"
        "             { id = \"x\"; cycle = \"const(1s)\"; node = \"nX\"; },\n"
        "             { id = \"y\"; cycle = \"const(1s)\"; node = \"nY\"; } );\n"
        "products = ( { id = \"p\"; route = [\"a\", \"x\"]; transport = { a = \"asrs:hbw\"; }; },\n"
        "             { id = \"q\"; route = [\"a\", \"y\"]; transport = { a = \"asrs:hbw\"; }; } );\n"
        "release = ( { orders = ( { id = \"r1\"; product = \"p\"; quantity = 1; release = \"0s\"; },\n"
        "                         { id = \"r2\"; product = \"p\"; quantity = 1; release = \"6s\"; },\n"
        "                         { id = \"r3\"; product = \"q\"; quantity = 1; release = \"12s\"; },\n"
        "                         { id = \"r4\"; product = \"q\"; quantity = 1; release = \"16s\"; },\n"
        "                         { id = \"u\"; product = \"q\"; quantity = 1; release = \"30s\"; },\n"
        "                         { id = \"v\"; product = \"p\"; quantity = 1; release = \"31.5s\"; } ); } );\n");
    shipped s = {{0}, 0};
    test_run_recorded(m, 3600.0, on_record, &s);
    assert_string_equal(s.order, "ppqqpq");
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(closest_takes_the_nearest_open_cell),
          cmocka_unit_test(dual_store_passes_the_leaving_cell),
          cmocka_unit_test(classes_by_turnover),
          cmocka_unit_test(output_point_takes_the_first_stored),
          cmocka_unit_test(stored_time_is_the_deposit),
)
