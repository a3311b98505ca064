/*
 * test_asrs_ends.c - an AS/RS at a route's ends (issue 20,
 * docs/material-handling.md "Route ends: the AS/RS"): raw material taken
 * from the store (`from = "asrs:ID"`) and finished goods stored
 * (`to = "asrs:ID"`), hand-worked with fixed times and one unit at a time:
 * lead times, crane cycles, finished-goods stock and the retrievals for
 * shipping exact, and the rack's capacity binding while units of an order
 * are held until their due time. Bad input is in test_cli_asrs_ends.c.
 *
 * The store in every case: one aisle of one bay and one level, so two
 * cells (one a face) both at (1 m, 1 m) from the I/O point (cell 2 m x 2 m),
 * the crane at 1 m/s on both axes: a move takes 1 s; each pick-up or
 * deposit 2 s. A single-command cycle is 2 + 1 + 2 + 1 = 6 s: a store
 * deposits 5 s after it starts, a retrieval picks the unit from its cell
 * 3 s after it starts and drops it 6 s after.
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
#include "mdl_transport.h"
#include "scn_scene.h"

#include "test_expect.h"
#include "test_helpers.h"
#include "test_main.h"
#include "test_scene_text.h"

#define STORE                                                                                        \
    "asrs = ( { id = \"hbw\"; bays = 1; levels = 1; cell = [2.0, 2.0]; speed_x = 1.0; speed_y = 1.0; " \
    "handling = \"2s\"; input_capacity = 1; } );\n"

/* A unit every 10 min from t = 10 min (a release entry's keys). */
#define EVERY_10MIN "product = \"p\"; interarrival = \"const(10min)\";"

/* A KPI closer than this to its hand-worked value is that value. */
#define TOL 1e-9

static bool near(double x, double want) { return fabs(x - want) < TOL; }

/* The scene of the first four cases: over `horizon`, the store, station m
 * (60 s) and product p through m, whose route ends (its keys after the
 * route) are `ends`, released by the release entry `release` (its keys). */
static mdl_model *store_line(const char *name, const char *horizon, const char *ends, const char *release) {
    return test_one_rep_scenef(name, horizon,
                               STORE "stations = ( { id = \"m\"; cycle = \"const(60s)\"; } );\n"
                                     "products = ( { id = \"p\"; route = [\"m\"]; %s } );\n"
                                     "release = ( { %s } );\n",
                               ends, release);
}

typedef struct trail {
    int released_nowhere, exits;
    double exit_t[8];
} trail;

static void on_record(void *ctx, const mdl_record *rec) {
    trail *t = ctx;
    if (rec->kind == MDL_LOG_RELEASE && rec->station == -1) t->released_nowhere++;
    if (rec->kind == MDL_LOG_EXIT && t->exits < 8) t->exit_t[t->exits++] = rec->time;
}

/* What replication 0 of m records until `until`. */
static trail run_trail(const mdl_model *m, double until) {
    trail t = {0};
    test_run_recorded(m, until, on_record, &t);
    return t;
}

/* What a unit every 10 min through one end of the store gives in 10 h, at
 * either end: 59 units out, each retrieved once, and 118 single-command
 * cycles of 6 s (a store and a retrieval a unit). */
static const test_kpi one_end_10h[] = {
    {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 59.0, 0},
    {MDL_KPIS_ASRS, 0, MDL_WKPI_RETRIEVALS, 59.0, 0},
    {MDL_KPIS_ASRS, 0, MDL_WKPI_SINGLE, 118.0, 0},
    {MDL_KPIS_ASRS, 0, MDL_WKPI_CYCLE_S, 6.0, TOL},
};

/* ---- raw material from the store -------------------------------------------------------
 *
 * A unit every 10 min from t = 10 min is released into the store, stored
 * (the crane idle: deposited 5 s after the release, the cycle ends at 6
 * s), and, station m being empty, its room there is granted at the
 * deposit; the retrieval waits for the store's cycle to end (6 s) and
 * drops the unit into m 6 s later, at 12 s; m works 60 s: lead time 72 s,
 * the unit in its cell 5 s to 9 s (4 s), the retrieval wait 12 - 5 = 7 s.
 * In 10 h: 60 releases (the last at 10 h, on the input point), 59 out,
 * 118 single-command cycles of 6 s. */
static void raw_from_store(void **state) {
    (void)state;
    mdl_model *m = store_line("from.cfg", "10h", "from = \"asrs:hbw\";", EVERY_10MIN);
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_RELEASED, 60.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 72.0, TOL},
        {MDL_KPIS_LINE, 0, MDL_KPI_WIP, 59.0 * 72.0 / 36000.0, TOL}, /* from the release, in the store too */
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STORES, 59.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_DUAL, 0.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_RETRIEVAL_WAIT_S, 7.0, TOL},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STORED, 59.0 * 4.0 / 36000.0, TOL},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SHIPPED, 0.0, TOL},
    };
    TEST_EXPECT_RUN_KPIS(m, one_end_10h);
    TEST_EXPECT_RUN_KPIS(m, want);
    /* the release record names no station: the unit is not at m yet */
    trail t = run_trail(m, 1800.0);
    assert_int_equal(t.released_nowhere, 3);
    assert_int_equal(t.exits, 2);
    assert_true(near(t.exit_t[0], 672.0) && near(t.exit_t[1], 1272.0));
    mdl_model_free(m);
}

/* ---- finished goods stored, shipped after a dwell -------------------------------------
 *
 * A unit every 10 min from t = 10 min enters m (60 s) and goes onto the
 * store's input point; the crane deposits it 5 s later: finished, lead
 * time 65 s. It is retrieved for shipping `dwell` = 100 s after the store
 * (at 165 s): picked from its cell at 168 s, dropped at 171 s (the
 * retrieval wait 6 s). The finished good is in the racks 65 s to 168 s,
 * 103 s a unit, one at a time. In 10 h: 59 finished (the last release, at
 * 10 h, is still at m), 59 shipped, 118 single-command cycles. */
static void goods_dwell(void **state) {
    (void)state;
    mdl_model *m = store_line("dwell.cfg", "10h", "to = \"asrs:hbw\"; dwell = \"100s\";", EVERY_10MIN);
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 65.0, TOL},
        {MDL_KPIS_LINE, 0, MDL_KPI_WIP, (59.0 * 65.0 + 0.0) / 36000.0, TOL}, /* out of the WIP once stored */
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STOCK_FG, 59.0 * 103.0 / 36000.0, TOL},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STORED, 59.0 * 103.0 / 36000.0, TOL},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STOCK_FG_MAX, 1.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SHIPPED, 59.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_RETRIEVAL_WAIT_S, 6.0, TOL},
    };
    TEST_EXPECT_RUN_KPIS(m, one_end_10h);
    TEST_EXPECT_RUN_KPIS(m, want);
    /* the `exit` record at the deposit */
    trail t = run_trail(m, 1500.0);
    assert_int_equal(t.exits, 2);
    assert_true(near(t.exit_t[0], 665.0) && near(t.exit_t[1], 1265.0));
    mdl_model_free(m);
}

/* ---- finished goods of an order held until due: the rack binds -------------------------
 *
 * An order of 4 units released at 0, due at 1000 s; m (60 s, one server)
 * finishes them at 60, 120, 180 s ... and the store has 2 cells:
 *   unit 1  stored 60 -> deposit 65 (finished, lead 65), cycle ends 66
 *   unit 2  stored 120 -> deposit 125 (lead 125); both cells promised
 *   unit 3  done at 180: no cell, m's server blocks from 180
 *   1000    the due time: both goods are asked for; the crane retrieves
 *           unit 1 (single): picked at 1003 - a cell opens, unit 3 goes onto
 *           the input point and m starts unit 4 - dropped at 1006
 *   1006    a dual cycle (store unit 3, retrieve unit 2), 10 s: unit 3
 *           deposited at 1011 (lead 1011, late: asked for at once),
 *           the move between the two cells (one a face) 0 s, unit 2
 *           picked at 1013, dropped at 1016
 *   1016    unit 3 retrieved: picked 1019, dropped 1022
 *   1063    unit 4 done: deposited 1068 (lead 1068), asked for at once,
 *           the store's cycle ends 1069, picked 1072, dropped 1075.
 * Finished goods in the racks: 1 over [65, 125), 2 over [125, 1003), 1
 * over [1003, 1011), 2 over [1011, 1013), 1 over [1013, 1019), 1 over
 * [1068, 1072): 60 + 1756 + 8 + 4 + 6 + 4 = 1838 unit-seconds in 2000 s.
 * Retrieval waits 6, 16, 11, 7 s; m blocked 823 s; two units on time. */
static void goods_order_rack_binds(void **state) {
    (void)state;
    mdl_model *m =
        store_line("order.cfg", "2000s", "to = \"asrs:hbw\"; dwell = \"1h\";",
                   "orders = ( { id = \"o1\"; product = \"p\"; quantity = 4; release = \"0s\"; due = \"1000s\"; } );");
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 4.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, (65.0 + 125.0 + 1011.0 + 1068.0) / 4.0, TOL},
        {MDL_KPIS_LINE, 0, MDL_KPI_ON_TIME_SHARE, 0.5, TOL},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STOCK_FG, 1838.0 / 2000.0, TOL},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STOCK_FG_MAX, 2.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SHIPPED, 4.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SINGLE, 6.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_DUAL, 1.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_DUAL_S, 10.0, TOL},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_RETRIEVAL_WAIT_S, 10.0, TOL},
        {MDL_KPIS_STATION, 0, MDL_SKPI_STATE_BLOCKED, 823.0 / 2000.0, TOL},
    };
    TEST_EXPECT_RUN_KPIS(m, want);
    mdl_model_free(m);
}

/* ---- both ends in one store ------------------------------------------------------------
 *
 * Raw material from the store and the finished goods back into it: the
 * unit released at 10 min is stored (deposit 5 s), retrieved for m (drop
 * 12 s), made (72 s), stored again (deposit 77 s: lead time 77 s) and
 * shipped after a dwell of 100 s (asked for at 177 s, picked 180 s,
 * dropped 183 s). Four single-command cycles a unit; 59 units in 10 h.
 * In the racks a unit: raw 4 s (5 to 9) and finished 103 s (77 to 180). */
static void both_ends(void **state) {
    (void)state;
    mdl_model *m = store_line("both.cfg", "10h", "from = \"asrs:hbw\"; to = \"asrs:hbw\"; dwell = \"100s\";",
                              EVERY_10MIN);
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 59.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 77.0, TOL},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SINGLE, 4.0 * 59.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STORES, 2.0 * 59.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SHIPPED, 59.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STORED, 59.0 * 107.0 / 36000.0, TOL},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STOCK_FG, 59.0 * 103.0 / 36000.0, TOL},
    };
    TEST_EXPECT_RUN_KPIS(m, want);
    mdl_model_free(m);
}

/* ---- loose ends: records and dispatching ---------------------------------------------- */

typedef struct moves {
    int crane_out, crane_in, belt;
} moves;

static void on_move(void *ctx, const mdl_record *rec) {
    moves *mv = ctx;
    if (rec->kind != MDL_LOG_MOVE) return;
    if (rec->resource_kind == MDL_RES_CRANE && rec->to == -1) mv->crane_out++;
    if (rec->resource_kind == MDL_RES_CRANE && rec->to >= 0) mv->crane_in++;
    if (rec->resource_kind == MDL_RES_CONVEYOR) mv->belt++;
}

/* A crane's drop on the output point (for a belt) is a `moved` record of
 * the crane (to no station), as its drop into a buffer is (to the
 * station); the belt's ride then is the belt's. Three units from the store. */
static void output_drop_recorded(void **state) {
    (void)state;
    static const char *const scenes[2] = {
        "asrs = ( { id = \"hbw\"; bays = 1; levels = 1; deliver = \"conveyor:c\"; } );\n"
        "conveyors = ( { id = \"c\"; length = 2.0; speed = 1.0; spacing = 1.0; } );\n"
        "stations = ( { id = \"m\"; cycle = \"const(60s)\"; } );\n"
        "products = ( { id = \"p\"; route = [\"m\"]; from = \"asrs:hbw\"; } );\n"
        "release = ( { product = \"p\"; interarrival = \"const(5min)\"; limit = 3; } );\n",
        "asrs = ( { id = \"hbw\"; bays = 1; levels = 1; } );\n"
        "stations = ( { id = \"m\"; cycle = \"const(60s)\"; } );\n"
        "products = ( { id = \"p\"; route = [\"m\"]; from = \"asrs:hbw\"; } );\n"
        "release = ( { product = \"p\"; interarrival = \"const(5min)\"; limit = 3; } );\n",
    };
    for (int k = 0; k < 2; k++) {
        mdl_model *m = test_one_rep_scene("drop.cfg", "1h", scenes[k]);
        moves mv = {0, 0, 0};
        test_run_recorded(m, 3600.0, on_move, &mv);
        print_message("crane out %d in %d belt %d\n", mv.crane_out, mv.crane_in, mv.belt);
        assert_int_equal(mv.crane_out, k == 0 ? 3 : 0);
        assert_int_equal(mv.crane_in, k == 0 ? 0 : 3);
        assert_int_equal(mv.belt, k == 0 ? 3 : 0);
        mdl_model_free(m);
    }
}

/* Dispatching by starvation counts what waits at an AS/RS (it was taken
 * for empty). Everything at one node (no travel); one vehicle, load and
 * unload 10 s. Unit p1 leaves s1 at 2 s for the store (fed by the
 * vehicle: loaded 2-12 s, unloaded 12-22 s; the crane's pick-up takes
 * 1000 s, so p1 stays on the input point); p2 asks for the vehicle at 3 s
 * (s1 has an out-point for two), q1 at 6 s, from s2 for station t, which
 * is empty. Freed at 22 s, the vehicle takes q1 (t holds 0 units, the
 * store 1): loaded 22-32, unloaded 32-42, t works 1 s: q1 out at 43 s.
 * (Taken for empty, the store would tie with t and the older request p2
 * would go first: q1 out at 63 s.) */
static void starvation_sees_store(void **state) {
    (void)state;
    mdl_model *m = test_one_rep_scene("starve.cfg", "200s",
        "paths = { nodes = ( { id = \"n0\"; at = [0.0, 0.0]; capacity = 2; }, { id = \"n1\"; at = [5.0, 0.0]; } );\n"
        "          edges = ( { from = \"n0\"; to = \"n1\"; } ); };\n"
        "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; load = \"10s\"; unload = \"10s\"; home = \"n0\";\n"
        "             idle = \"stay\"; dispatch = \"starvation\"; } );\n"
        "asrs = ( { id = \"hbw\"; bays = 2; levels = 2; handling = \"1000s\"; input_capacity = 3; node = \"n0\";\n"
        "           feed = \"agv\"; } );\n"
        "stations = ( { id = \"s1\"; cycle = \"const(1s)\"; node = \"n0\"; out_capacity = 2; },\n"
        "             { id = \"x\"; cycle = \"const(1s)\"; },\n"
        "             { id = \"s2\"; cycle = \"const(1s)\"; node = \"n0\"; },\n"
        "             { id = \"t\"; cycle = \"const(1s)\"; node = \"n0\"; } );\n"
        "products = ( { id = \"p\"; route = [\"s1\", \"x\"]; transport = { s1 = \"asrs:hbw\"; }; },\n"
        "             { id = \"q\"; route = [\"s2\", \"t\"]; transport = { s2 = \"agv\"; }; } );\n"
        "release = ( { product = \"p\"; interarrival = \"const(1s)\"; limit = 2; },\n"
        "            { product = \"q\"; interarrival = \"const(5s)\"; limit = 1; } );\n");
    trail t = run_trail(m, 200.0);
    print_message("exits %d first at %.12g\n", t.exits, t.exits ? t.exit_t[0] : -1.0);
    assert_int_equal(t.exits, 1);
    assert_true(near(t.exit_t[0], 43.0));
    mdl_model_free(m);
}

/* ---- the model's refusals -------------------------------------------------------------- */

static void model_refusals(void **state) {
    (void)state;
    mdl_model *m = test_one_rep_scene("plain.cfg", "1h", STORE
        "stations = ( { id = \"a\"; cycle = \"const(60s)\"; }, { id = \"b\"; cycle = \"const(60s)\"; } );\n"
        "products = ( { id = \"p\"; route = [\"a\", \"b\"]; }, { id = \"q\"; route = [\"b\", \"a\", \"b\"]; } );\n"
        "release = ( { product = \"p\"; interarrival = \"const(10min)\"; } );\n");
    sim_dist d = sim_dist_const(60.0);
    assert_false(mdl_model_set_product_store(m, 0, 1, -1, NULL)); /* no AS/RS 1 */
    assert_non_null(strstr(mdl_model_error(m), "from: no AS/RS"));
    assert_false(mdl_model_set_product_store(m, 0, 0, -1, &d)); /* a dwell without a `to` */
    assert_non_null(strstr(mdl_model_error(m), "dwell: only with"));
    assert_false(mdl_model_set_product_store(m, 1, -1, 0, NULL)); /* b comes earlier in q's route */
    assert_non_null(strstr(mdl_model_error(m), "comes earlier"));
    assert_true(mdl_model_set_product_store(m, 0, -1, 0, &d));
    int which = -1;
    assert_int_equal(mdl_model_transport(m, 0, 1, &which), MDL_TRANSPORT_ASRS); /* b leaves for the store */
    assert_int_equal(which, 0);
    assert_int_equal(mdl_model_product_store_to(m, 0), 0);
    assert_true(mdl_model_asrs_stores_goods(m, 0));
    bool valid = mdl_model_validate(m);
    if (!valid) print_message("%s\n", mdl_model_error(m));
    assert_true(valid);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(raw_from_store), cmocka_unit_test(goods_dwell),
          cmocka_unit_test(goods_order_rack_binds), cmocka_unit_test(both_ends), cmocka_unit_test(output_drop_recorded),
          cmocka_unit_test(starvation_sees_store), cmocka_unit_test(model_refusals))
