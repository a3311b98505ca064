/*
 * test_fleet_scale.c - the AGV fleet's choices without a look at the
 * whole fleet (issue 21; docs/material-handling.md, Dispatching): the
 * rules by idle time (`fcfs`, `starvation`) take the longest-idle vehicle
 * from an order kept as vehicles become idle, ties to the lowest index; a
 * freed vehicle under `starvation` serves the waiting request whose
 * destination holds the fewest units, ties to the older request; a
 * vehicle alone on the network stays where it is left idle (`idle =
 * "stay"`), even on a node it fills. Each case is worked out by hand and
 * fails when its tie order is reversed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>

#include "mdl_model.h"
#include "mdl_orders.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"
#include "model_fixtures.h"
#include "test_main.h"

/* A station at node n (its out-point holds one unit), its index. */
static int station_at(mdl_model *m, const char *id, double cycle, int n) {
    mdl_station_spec s = fx_station(id, sim_dist_const(cycle));
    int i = fx_add_station(m, &s);
    assert_true(mdl_model_set_station_node(m, i, n, 1));
    return i;
}

/* A product from station a to station b by fleet 0 (b < 0: a alone), its
 * units released at `first`, then every `every` seconds (limit: how many,
 * 0: no limit). */
static int product(mdl_model *m, const char *id, int a, int b, double first, double every, long limit) {
    const char *route[] = {mdl_model_station(m, a)->id, b >= 0 ? mdl_model_station(m, b)->id : NULL};
    int p = mdl_model_add_product(m, id, route, b >= 0 ? 2 : 1, 0);
    assert_true(p >= 0);
    if (b >= 0) assert_true(mdl_model_set_transport(m, p, a, MDL_TRANSPORT_FLEET, 0));
    assert_true(mdl_model_add_push(m, p, sim_dist_const(every), first - every, limit) >= 0);
    return p;
}

/* ---- the rules by idle time: the longest-idle vehicle, ties to the lowest index ---- */

/* Nodes nA and nB, 20 m apart, with room for all; A at nA sends a unit to
 * B at nB every 1000 s (the first at 1000 s), three vehicles start at nA,
 * 1 m/s without acceleration, loading and unloading 10 s. A request comes
 * at 1020 s, 2020 s, ...; each trip is over long before the next (at most
 * 20 + 10 + 20 + 10 s), so every vehicle is idle at each request. The
 * longest idle takes it: at 1020 s all three have been idle since 0, and
 * the lowest index, 0, goes; then 1 and 2 (still idle since 0), then 0
 * again (idle since its first trip ended, the earliest), and so on: seven
 * requests by 7600 s give 3, 2, 2 trips. Ties to the highest index would
 * give 2, 2, 3; the most recently idle first, 7, 0, 0. */
static void longest_idle(mdl_fleet_dispatch rule, bool battery) {
    mdl_model *m = mdl_model_new();
    int na = fx_add_node(m, "nA", 0.0, 0.0, 4, MDL_NODE_POINT), nb = fx_add_node(m, "nB", 20.0, 0.0, 4, MDL_NODE_POINT);
    fx_add_edge(m, na, nb);
    mdl_fleet_spec f = fx_fleet("agv", 3, 1.0, 0.0, 10.0, 10.0);
    f.dispatch = rule;
    f.idle = MDL_IDLE_STAY;
    f.home = na;
    if (battery) fx_battery(&f, 1e9, 0.0, 1.0, 1.0); /* one that never runs low: the battery fleet's path */
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    product(m, "p", station_at(m, "A", 20.0, na), station_at(m, "B", 20.0, nb), 1000.0, 1000.0, 0);
    mdl_rep_result res;
    fx_run_one(m, 0.0, 7600.0, 1, &res);
    const double want[3] = {3.0, 2.0, 2.0};
    for (int v = 0; v < 3; v++) assert_true(mdl_rep_vehicle_kpi(&res, v, MDL_FKPI_TRIPS) == want[v]);
    assert_true(mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_TRIPS) == 7.0);
    mdl_rep_result_fini(&res);
    mdl_model_free(m);
}

static void fcfs_longest_idle(void **state) {
    (void)state;
    longest_idle(MDL_FLEET_FCFS, false);
    longest_idle(MDL_FLEET_FCFS, true);
}

static void starvation_longest_idle(void **state) {
    (void)state;
    longest_idle(MDL_FLEET_STARVATION, false);
    longest_idle(MDL_FLEET_STARVATION, true);
}

/* ---- starvation: the emptiest destination, ties to the older request ---- */

/* A hub nH with five spokes of 10 m (room for all everywhere), one vehicle
 * at nH, 1 m/s, loading and unloading 10 s. A0 (spoke 0) sends one unit to
 * B0 at nH at 1 s; it keeps the vehicle busy until 1 + 1 + 10 + 10 + 10 +
 * 10 = 42 s (cycle 1 s; to A0, load, back, unload). Meanwhile A1 and A2 at
 * the end of spokes 1 and 2 (one unit each, at 5 s and 10 s) ask for it,
 * bound for B1 and B2 (cycle 1000 s) at the ends of spokes 3 and 4. The
 * vehicle, freed at nH, serves one of them first: to the pick-up, load, to
 * the drop, unload, 10 + 10 + 20 + 10 s, so that unit starts at 92 s. With
 * `full_b1`, B1 already holds a unit (on its server from 1 s): B2 is the
 * emptier and A2's request goes first although it is newer; without, both
 * are empty and the older, A1's, goes first. Returns B2's busy share over
 * the first 120 s: (120 - 92) / 120 when A2's went first, else 0. */
static double b2_busy(bool full_b1, mdl_fleet_dispatch rule) {
    mdl_model *m = mdl_model_new();
    int nh = fx_add_node(m, "nH", 0.0, 0.0, 4, MDL_NODE_POINT), spoke[5];
    static const char *const ids[] = {"n0", "n1", "n2", "n3", "n4"};
    for (int k = 0; k < 5; k++) {
        double a = 2.0 * 3.14159265358979 * k / 5.0;
        spoke[k] = fx_add_node(m, ids[k], 10.0 * cos(a), 10.0 * sin(a), 4, MDL_NODE_POINT);
        fx_add_edge(m, nh, spoke[k]);
    }
    mdl_fleet_spec f = fx_fleet("agv", 1, 1.0, 0.0, 10.0, 10.0);
    f.dispatch = rule;
    f.idle = MDL_IDLE_STAY;
    f.home = nh;
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    int b1 = station_at(m, "B1", 1000.0, spoke[3]), b2 = station_at(m, "B2", 1000.0, spoke[4]);
    product(m, "p0", station_at(m, "A0", 1.0, spoke[0]), station_at(m, "B0", 1.0, nh), 1.0, 1.0, 1);
    product(m, "p1", station_at(m, "A1", 1.0, spoke[1]), b1, 5.0, 5.0, 1);
    product(m, "p2", station_at(m, "A2", 1.0, spoke[2]), b2, 10.0, 10.0, 1);
    if (full_b1) product(m, "p3", b1, -1, 1.0, 1.0, 1);
    mdl_rep_result res;
    fx_run_one(m, 0.0, 120.0, 1, &res);
    double busy = res.station[b2][MDL_SKPI_UTILIZATION];
    mdl_rep_result_fini(&res);
    mdl_model_free(m);
    return busy;
}

static void starvation_emptiest_first(void **state) {
    (void)state;
    const double first = (120.0 - 92.0) / 120.0;
    /* both empty: A1's (asked at 6 s) before A2's (11 s) */
    assert_true(b2_busy(false, MDL_FLEET_STARVATION) == 0.0);
    /* B1 holds a unit: A2's first although newer */
    assert_true(fabs(b2_busy(true, MDL_FLEET_STARVATION) - first) < 1e-9);
    /* fcfs: the older request first either way */
    assert_true(b2_busy(true, MDL_FLEET_FCFS) == 0.0);
}

/* ---- a vehicle alone on the network stays where it is left idle ---- */

/* nA (0 m) - nS (10 m) - nB (20 m), and nC 10 m off nS: nS is a junction
 * of one place, a node the vehicle fills. A at nA sends a unit to S at nS
 * every 300 s (the first at 300 s); the one vehicle starts at nS, 1 m/s
 * without acceleration, loading and unloading 10 s, `idle = "stay"`. It
 * waits at nS, so each request (at 360 s, 660 s, ...) waits exactly the
 * 10 s to nA, and each trip drives 20 m. Sent aside when idle (to nA,
 * nB or nC) the wait would be 0, 20 or 20 s and the metres more. */
static void lone_vehicle_stays(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int na = fx_add_node(m, "nA", 0.0, 0.0, 1, MDL_NODE_POINT), ns = fx_add_node(m, "nS", 10.0, 0.0, 1, MDL_NODE_POINT);
    int nb = fx_add_node(m, "nB", 20.0, 0.0, 1, MDL_NODE_POINT), nc = fx_add_node(m, "nC", 10.0, 10.0, 1, MDL_NODE_POINT);
    fx_add_edge(m, na, ns);
    fx_add_edge(m, ns, nb);
    fx_add_edge(m, ns, nc);
    mdl_fleet_spec f = fx_fleet("agv", 1, 1.0, 0.0, 10.0, 10.0);
    f.idle = MDL_IDLE_STAY;
    f.home = ns;
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    product(m, "p", station_at(m, "A", 60.0, na), station_at(m, "S", 30.0, ns), 300.0, 300.0, 0);
    mdl_rep_result res;
    fx_run_one(m, 0.0, 3200.0, 1, &res); /* units at 300 .. 3000 s, each delivered by 100 s after */
    assert_true(mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_TRIPS) == 10.0);
    assert_true(fabs(mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_REQUEST_WAIT_S) - 10.0) < 1e-9);
    assert_true(fabs(mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DISTANCE_M) - 200.0) < 1e-9);
    mdl_rep_result_fini(&res);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(fcfs_longest_idle),
        cmocka_unit_test(starvation_longest_idle),
        cmocka_unit_test(starvation_emptiest_first),
        cmocka_unit_test(lone_vehicle_stays),
)
