/*
 * test_agv_motion.c - kinematic AGVs on a chain of capacity-1 zones: the
 * position and battery a vehicle reports at arbitrary times follow the
 * analytic profile of a stretch of several edges (its nodes passed between
 * two samples), and a second vehicle behind it keeps a zone's distance and
 * starts at the very instant the zone it waits for is freed.
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
#include "sim_dist.h"
#include "test_helpers.h"
#include "test_main.h"
#include "model_fixtures.h"

/* A straight chain a0 .. a5, 10 m apart, of capacity-1 edges and nodes
 * (a0 and a5 hold both vehicles). Two units leave station A at a0 one second
 * apart for B at a5; each vehicle loads for 2 s, drives at most 1 m/s with
 * 0.5 m/s^2 and has a battery. */
enum { CHAIN = 5 };
static const double GAP = 10.0, T_LOAD = 2.0, IDLE_KW = 0.36, PER_M = 0.001, CAP = 1.0;

static mdl_model *chain(void) {
    mdl_model *m = mdl_model_new();
    mdl_station_spec s;
    mdl_station_spec_default(&s);
    s.id = "A", s.has_cycle = true, s.cycle = sim_dist_const(1.0), s.x = 0.0, s.y = -3.0;
    int A = mdl_model_add_station(m, &s);
    s.id = "B", s.x = CHAIN * GAP, s.buffer = -1;
    int B = mdl_model_add_station(m, &s);
    int nd[CHAIN + 1];
    for (int i = 0; i <= CHAIN; i++) {
        char id[8];
        snprintf(id, sizeof id, "a%d", i);
        mdl_node_spec n;
        mdl_node_spec_default(&n);
        n.id = id, n.x = GAP * i, n.y = 0.0, n.capacity = i == 0 || i == CHAIN ? 2 : 1;
        nd[i] = mdl_model_add_node(m, &n);
        if (i > 0) {
            mdl_edge_spec e;
            mdl_edge_spec_default(&e);
            e.from = nd[i - 1], e.to = nd[i], e.capacity = 1, e.two_way = false;
            assert_true(mdl_model_add_edge(m, &e) >= 0);
        }
    }
    assert_true(mdl_model_set_station_node(m, A, nd[0], 2));
    assert_true(mdl_model_set_station_node(m, B, nd[CHAIN], 1));
    mdl_fleet_spec f;
    mdl_fleet_spec_default(&f);
    f.id = "agv", f.count = 2, f.speed = 1.0, f.accel = 0.5, f.home = nd[0], f.idle = MDL_IDLE_STAY;
    f.load = sim_dist_const(T_LOAD), f.unload = sim_dist_const(T_LOAD);
    f.idle_kw = IDLE_KW, f.per_m_kwh = PER_M;
    f.battery.enabled = true, f.battery.capacity_kwh = CAP, f.battery.threshold = 0.01, f.battery.initial = 1.0;
    f.battery.charge_kw = 1.0;
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    const char *route[] = {"A", "B"};
    int p = mdl_model_add_product(m, "p", route, 2, 0);
    assert_true(mdl_model_set_transport(m, p, A, MDL_TRANSPORT_FLEET, 0));
    assert_true(mdl_model_add_order(m, "o", p, 2, 0.0, -1.0) >= 0);
    assert_true(mdl_model_validate(m));
    return m;
}

/* Distance from rest to rest over L with top speed 1 and acceleration 0.5
 * after tau seconds (the trapezoid: 2 s up, L - 2 m at 1 m/s, 2 s down). */
static double trapezoid(double L, double tau) {
    double T = L + 2.0;
    if (tau <= 0.0) return 0.0;
    if (tau >= T) return L;
    if (tau <= 2.0) return 0.25 * tau * tau;
    if (tau <= T - 2.0) return 1.0 + (tau - 2.0);
    double r = T - tau;
    return L - 0.25 * r * r;
}

static void chain_convoy(void **state) {
    (void)state;
    mdl_model *m = chain();
    mdl_run *r = fx_run_new(m, 0.0, 400.0);
    /* The first unit is done at A at 1 s, the vehicle loads it and leaves
     * at t0; nothing stands in its way, so it drives all 50 m as one
     * stretch (the samples fall between and across its passes of a1 .. a4).
     * The second vehicle, loaded a second later, waits for the edge to a1
     * and then for a1, which the first frees at its pass of a2 (20 m in). */
    const double L = CHAIN * GAP, t0 = 1.0 + T_LOAD, t_follow = t0 + 2.0 + (2.0 * GAP - 1.0);
    bool follower_started = false;
    double max_err = 0.0, max_bat_err = 0.0;
    for (double t = 0.05; t < t0 + L + 2.0; t += 0.0625) {
        mdl_run_until(r, t);
        mdl_vehicle_view lead, follow;
        assert_true(mdl_run_vehicle(r, 0, 0, &lead));
        assert_true(mdl_run_vehicle(r, 0, 1, &follow));
        /* Where the first vehicle is: the trapezoid over the whole stretch. */
        double s = trapezoid(L, t - t0);
        double err = fabs(lead.x - s) + fabs(lead.y);
        if (err > max_err) max_err = err;
        /* Its battery: the idle draw until now, the metres of the nodes
         * passed (energy is booked per edge, at the node that ends it). */
        double passed = GAP * floor((s + 1e-9) / GAP);
        double bat = (CAP - IDLE_KW * t / 3600.0 - PER_M * passed) / CAP;
        if (fabs(lead.battery - bat) > max_bat_err) max_bat_err = fabs(lead.battery - bat);
        /* Zones: never two vehicles on one edge or node, so the second
         * stays a whole edge behind once it has left a0 (until the first
         * stands at a5, which holds both). */
        if (follow.x > 1e-9 && lead.x < L - 1e-9) assert_true(lead.x - follow.x >= GAP - 1e-9);
        /* It waits at a0 until the first vehicle passes a2 exactly. */
        if (t < t_follow - 1e-6) {
            assert_int_equal(follow.node, 0);
            if (t > 2.0 + T_LOAD + 1e-6) assert_int_equal(follow.state, MDL_V_TRAFFIC);
        } else if (t > t_follow + 1e-6 && !follower_started) {
            assert_int_equal(follow.node, -1);
            follower_started = true;
        }
    }
    assert_true(follower_started);
    assert_true(max_err < 1e-9);
    assert_true(max_bat_err < 1e-12);
    mdl_rep_result res = fx_result_at_end(r, m);
    assert_true(res.kpi[MDL_KPI_UNITS_OUT] == 2.0);
    same_bits(mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DISTANCE_M), 2.0 * L);
    assert_true(mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_TRAFFIC) > 0.0);
    fx_run_done(&res, r, m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(chain_convoy),
)
