/*
 * test_asrs_feed.c - an AS/RS served by an AGV fleet (mdl_asrs.h, "Served
 * by a fleet"; docs/material-handling.md, AS/RS): one vehicle, fixed load,
 * unload and travel times, a crane at constant speeds and one unit in the
 * line at a time (CONWIP 1), so that every unit's time in the line is a
 * sum worked out by hand here; the line's throughput and lead time, the
 * crane's cycle and the fleet's trips against it. The model's refusals of
 * bad input are here too; the scene's (file:line) are in
 * test_cli_asrs_feed.c.
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
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"
#include "model_specs.h"
#include "test_expect.h"
#include "test_main.h"

/* The plant, in seconds and metres: A -> AS/RS -> B on a straight path
 * nA (0 m) - nS (10 m) - nB (20 m), a vehicle at 1 m/s without
 * acceleration, loading and unloading 10 s; the crane's one cell pair is
 * at (1 m, 1 m) from the I/O point (cell 2 m x 2 m), both axes 1 m/s, so
 * a move is 1 s; each pick-up or deposit 2 s. */
#define CYCLE_A 60.0
#define CYCLE_B 30.0
#define LOAD 10.0
#define UNLOAD 10.0
#define LEG 10.0     /* nA - nS and nS - nB at 1 m/s */
#define MOVE 1.0     /* the crane, I/O point <-> cell */
#define HANDLING 2.0 /* the crane, each pick-up or deposit */

typedef struct plant {
    mdl_model *m;
    int a, b, nodes[3], fleet;
} plant;

enum { BY_FLEET = 1, BY_BELT = 2 };
#define BELT_IN 6.0  /* m, at BELT_SPEED: 12 s */
#define BELT_OUT 4.0 /* m: 8 s */
#define BELT_SPEED 0.5

static int belt(mdl_model *m, const char *id, double length) {
    mdl_conveyor_spec c = fx_conveyor(id, length, BELT_SPEED, 1.0);
    int i = mdl_model_add_conveyor(m, &c);
    assert_true(i >= 0);
    return i;
}

/* feed and deliver: 0 (direct), BY_FLEET or BY_BELT. */
static void build(plant *p, int feed, int deliver) {
    mdl_model *m = p->m = mdl_model_new();
    assert_non_null(m);
    static const char *const ids[] = {"nA", "nS", "nB"};
    for (int i = 0; i < 3; i++) {
        /* Room for one: the vehicle, alone on the network, stays where it
         * is left idle even on a node it fills (test_fleet_scale). */
        mdl_node_spec n = fx_node(ids[i], 10.0 * i, 0.0, 1, MDL_NODE_POINT);
        p->nodes[i] = mdl_model_add_node(m, &n);
        assert_true(p->nodes[i] >= 0);
    }
    for (int i = 0; i < 2; i++) {
        mdl_edge_spec e = fx_edge(p->nodes[i], p->nodes[i + 1]);
        assert_true(mdl_model_add_edge(m, &e) >= 0);
    }
    mdl_fleet_spec f = fx_fleet("agv", 1, 1.0, 0.0, LOAD, UNLOAD);
    f.idle = MDL_IDLE_STAY;
    f.home = p->nodes[1];
    p->fleet = mdl_model_add_fleet(m, &f);
    assert_true(p->fleet >= 0);
    mdl_station_spec sa = fx_station("A", sim_dist_const(CYCLE_A));
    mdl_station_spec sb = fx_station("B", sim_dist_const(CYCLE_B));
    p->a = mdl_model_add_station(m, &sa);
    p->b = mdl_model_add_station(m, &sb);
    assert_true(p->a >= 0 && p->b >= 0);
    assert_true(mdl_model_set_station_node(m, p->a, p->nodes[0], 1));
    assert_true(mdl_model_set_station_node(m, p->b, p->nodes[2], 1));
    mdl_asrs_spec s;
    mdl_asrs_spec_default(&s);
    s.id = "hbw";
    s.bays = 1;
    s.levels = 1;
    s.cell_width = 2.0;
    s.cell_height = 2.0;
    s.speed_x = 1.0;
    s.speed_y = 1.0;
    s.handling = sim_dist_const(HANDLING);
    s.node = p->nodes[1];
    s.feed = feed == BY_FLEET ? p->fleet : -1;
    s.deliver = deliver == BY_FLEET ? p->fleet : -1;
    s.feed_conveyor = feed == BY_BELT ? belt(m, "in", BELT_IN) : -1;
    s.deliver_conveyor = deliver == BY_BELT ? belt(m, "out", BELT_OUT) : -1;
    assert_int_equal(mdl_model_add_asrs(m, &s), 0);
    const char *route[] = {"A", "B"};
    int prod = mdl_model_add_product(m, "p", route, 2, 0);
    assert_true(prod >= 0);
    assert_true(mdl_model_set_transport(m, prod, p->a, MDL_TRANSPORT_ASRS, 0));
    assert_true(mdl_model_add_conwip(m, prod, 1) >= 0);
    assert_true(mdl_model_validate(m));
}

typedef struct outcome {
    double throughput, lead, single_s, cycles, trips, retrieval_wait, belt_units;
} outcome;

/* One replication: warm-up w, then n units' worth of time per unit t. */
static outcome run(const plant *p, double w, double t, int n) {
    mdl_run_settings rs = *mdl_model_run(p->m);
    rs.warmup = w;
    rs.horizon = w + t * n;
    mdl_run *r = mdl_run_new(p->m, &rs, 0);
    assert_non_null(r);
    mdl_rep_result res;
    assert_true(mdl_rep_result_init(&res, p->m));
    assert_true(mdl_run_to_end(r, &res));
    outcome o = {res.kpi[MDL_KPI_THROUGHPUT_PER_H],
                 res.kpi[MDL_KPI_LEAD_TIME_S],
                 mdl_rep_asrs_kpi(&res, 0, MDL_WKPI_SINGLE_S),
                 mdl_rep_asrs_kpi(&res, 0, MDL_WKPI_SINGLE),
                 mdl_rep_fleet_kpi(&res, p->fleet, MDL_FKPI_TRIPS),
                 mdl_rep_asrs_kpi(&res, 0, MDL_WKPI_RETRIEVAL_WAIT_S),
                 0.0};
    for (int c = 0; c < mdl_model_conveyor_count(p->m); c++) o.belt_units += mdl_rep_conveyor_kpi(&res, c, MDL_CKPI_UNITS);
    mdl_rep_result_fini(&res);
    mdl_run_free(r);
    return o;
}

/* The crane: a store (pick up at the input point, move, deposit, move
 * back), then the retrieval asked for at the deposit, which waits for the
 * move back: move, pick up, move back, drop. */
static double crane_time(void) { return 2.0 * (2.0 * HANDLING + 2.0 * MOVE); }
/* The retrieval's wait, from the deposit to the drop: the move back, then
 * the retrieval cycle. */
#define RETRIEVAL_WAIT (MOVE + 2.0 * MOVE + 2.0 * HANDLING)

/* The plant fed and delivered this way (build) makes a unit every
 * per_unit s, which must be by_hand (the sum worked out in the comment),
 * with trips_per_unit loaded vehicle trips and belts_per_unit belt rides. */
static void check(int feed, int deliver, double per_unit, double by_hand, int trips_per_unit,
                  int belts_per_unit) {
    enum { N = 100 };
    assert_true(fabs(per_unit - by_hand) < 1e-12);
    plant p;
    build(&p, feed, deliver);
    /* The warm-up ends half a unit into the steady cycle: N units finish
     * in the window, none on its edge. */
    outcome o = run(&p, 20.5 * per_unit, per_unit, N);
    mdl_model_free(p.m);
    double want = 3600.0 / per_unit;
    printf("per unit %.1f s: throughput %.4f /h (want %.4f), lead time %.4f s, crane single cycle %.4f s, %g trips\n",
           per_unit, o.throughput, want, o.lead, o.single_s, o.trips);
    assert_true(fabs(o.throughput - want) < 1e-9 * want);
    assert_true(fabs(o.lead - per_unit) < 1e-6);
    assert_true(fabs(o.single_s - (2.0 * HANDLING + 2.0 * MOVE)) < 1e-9);
    assert_true(fabs(o.cycles - 2.0 * N) < 0.5); /* a store and a retrieval a unit */
    assert_true(fabs(o.retrieval_wait - RETRIEVAL_WAIT) < 1e-6);
    assert_true(fabs(o.trips - (double)(trips_per_unit * N)) < 0.5); /* loaded trips: the feed's and the delivery's */
    assert_true(fabs(o.belt_units - (double)(belts_per_unit * N)) < 0.5);
}

/* Feed and deliver by the one vehicle. A unit: A works (60); the vehicle,
 * waiting at nB since the last unit, drives to nA (20), loads (10), drives
 * to nS (10), unloads onto the input point (10); the crane stores and
 * retrieves it (12); the vehicle, waiting at nS, loads it off the output
 * point (10), drives to nB (10), unloads (10); B works (30); the unit is
 * out and the next one is released at A. */
static void feed_and_deliver(void **state) {
    (void)state;
    check(BY_FLEET, BY_FLEET,
          CYCLE_A + 2.0 * LEG + LOAD + LEG + UNLOAD + crane_time() + LOAD + LEG + UNLOAD + CYCLE_B, 182.0, 2, 0);
}

/* Fed by the vehicle, delivered directly: the vehicle waits at nS (it
 * stays where its task ended) and drives only nS - nA - nS; the retrieved
 * unit drops into B's buffer at the I/O point. */
static void feed_only(void **state) {
    (void)state;
    check(BY_FLEET, 0, CYCLE_A + LEG + LOAD + LEG + UNLOAD + crane_time() + CYCLE_B, 142.0, 1, 0);
}

/* Fed and delivered by belts: A works (60), the unit rides the 6 m belt
 * at 0.5 m/s (12) onto the input point, is stored and retrieved (12),
 * waits on the output point for nothing (the belt's entry is free), rides
 * the 4 m belt (8) into B's buffer, B works (30). */
static void belts(void **state) {
    (void)state;
    check(BY_BELT, BY_BELT, CYCLE_A + BELT_IN / BELT_SPEED + crane_time() + BELT_OUT / BELT_SPEED + CYCLE_B,
          122.0, 0, 2);
}

/* A belt in, the vehicle out: A (60), the belt (12), the crane (12); the
 * vehicle, waiting at nB since the last unit, drives to nS (10), loads
 * (10), drives to nB (10), unloads (10); B (30). */
static void belt_in_fleet_out(void **state) {
    (void)state;
    check(BY_BELT, BY_FLEET,
          CYCLE_A + BELT_IN / BELT_SPEED + crane_time() + LEG + LOAD + LEG + UNLOAD + CYCLE_B, 154.0, 1, 1);
}

/* The model refuses a fleet serving an AS/RS without a node, a fleet or a
 * node that does not exist, and a station a fleet must reach without one. */
static void refusals(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_node_spec n = fx_node("n0", 0.0, 0.0, 1, MDL_NODE_POINT);
    int n0 = mdl_model_add_node(m, &n);
    mdl_fleet_spec f;
    mdl_fleet_spec_default(&f);
    f.id = "agv";
    int fl = mdl_model_add_fleet(m, &f);
    assert_true(n0 >= 0 && fl >= 0);
    mdl_asrs_spec s;
    mdl_asrs_spec_default(&s);
    s.id = "hbw";
    s.bays = s.levels = 2;
    s.feed = fl;
    TEST_EXPECT_REFUSED(m, mdl_model_add_asrs(m, &s), "asrs 'hbw': node: fleet 'agv' serves its I/O point");
    s.feed = -1;
    s.deliver = 7;
    s.node = n0;
    TEST_EXPECT_REFUSED(m, mdl_model_add_asrs(m, &s), "deliver: no fleet with index 7");
    s.deliver = fl;
    s.node = 9;
    TEST_EXPECT_REFUSED(m, mdl_model_add_asrs(m, &s), "node: no node with index 9");
    mdl_conveyor_spec c = fx_conveyor("in", 1.0, 1.0, 1.0);
    s.node = n0;
    s.deliver_conveyor = mdl_model_add_conveyor(m, &c);
    TEST_EXPECT_REFUSED(m, mdl_model_add_asrs(m, &s), "asrs 'hbw': deliver: a fleet or a conveyor, not both");
    mdl_model_free(m);

    /* The line of feed_only with A's node taken away: the vehicle would
     * have nowhere to collect A's units. */
    mdl_model *m2 = mdl_model_new();
    mdl_station_spec sa = fx_station("A", sim_dist_const(1.0));
    mdl_station_spec sb = fx_station("B", sim_dist_const(1.0));
    int a = mdl_model_add_station(m2, &sa);
    assert_true(mdl_model_add_station(m2, &sb) >= 0);
    mdl_node_spec na = fx_node("n0", 0.0, 0.0, 1, MDL_NODE_POINT), nb = fx_node("n1", 5.0, 0.0, 1, MDL_NODE_POINT);
    int i0 = mdl_model_add_node(m2, &na), i1 = mdl_model_add_node(m2, &nb);
    mdl_edge_spec e = fx_edge(i0, i1);
    assert_true(mdl_model_add_edge(m2, &e) >= 0);
    f.home = -1;
    int fl2 = mdl_model_add_fleet(m2, &f);
    mdl_asrs_spec_default(&s);
    s.id = "hbw";
    s.bays = s.levels = 2;
    s.node = i1;
    s.feed = fl2;
    assert_int_equal(mdl_model_add_asrs(m2, &s), 0);
    const char *route[] = {"A", "B"};
    int prod = mdl_model_add_product(m2, "p", route, 2, 0);
    assert_true(mdl_model_set_transport(m2, prod, a, MDL_TRANSPORT_ASRS, 0));
    mdl_model_add_unlimited(m2, prod);
    assert_false(mdl_model_validate(m2));
    assert_non_null(strstr(mdl_model_error(m2), "station 'A': node: units of 'p' leave it for AS/RS 'hbw' by fleet "
                                                 "'agv', so it needs a node"));
    mdl_model_free(m2);
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(feed_and_deliver),
          cmocka_unit_test(feed_only),
          cmocka_unit_test(belts),
          cmocka_unit_test(belt_in_fleet_out),
          cmocka_unit_test(refusals),
)
