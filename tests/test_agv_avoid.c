/*
 * test_agv_avoid.c - AGV chargers: on a network of islands a charger
 * goes only to a vehicle that can reach it, and `check` says when a fleet
 * can reach none. (The corridor test moved to test_agv_traffic.c.)
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

static int add_station(mdl_model *m, const char *id, double cycle) {
    mdl_station_spec s;
    mdl_station_spec_default(&s);
    s.id = id;
    s.has_cycle = true;
    s.cycle = sim_dist_const(cycle);
    s.buffer = -1;
    int i = mdl_model_add_station(m, &s);
    assert_true(i >= 0);
    return i;
}

static int add_node_kind(mdl_model *m, const char *id, double x, int cap, mdl_node_kind kind) {
    mdl_node_spec n;
    mdl_node_spec_default(&n);
    n.kind = kind;
    n.slots = 1;
    n.id = id;
    n.x = x;
    n.y = 0.0;
    n.capacity = cap;
    int i = mdl_model_add_node(m, &n);
    assert_true(i >= 0);
    return i;
}

static int add_node(mdl_model *m, const char *id, double x, int cap) { return add_node_kind(m, id, x, cap, MDL_NODE_POINT); }

/* Two islands (no edge between them), each with its own line, fleet and
 * charger of one slot: a freed charger goes only to a vehicle that can
 * reach it. (Before, the first vehicle in the run's line for a charger
 * got it even from the other island: it could not drive there, the slot
 * stayed reserved for ever, and both fleets ended up waiting to charge.) */
static void islands_charge(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    const char *sid[2][2] = {{"S0", "T0"}, {"S1", "T1"}};
    const char *nid[2][3] = {{"s0", "t0", "c0"}, {"s1", "t1", "c1"}};
    const char *fid[2] = {"f0", "f1"}, *pid[2] = {"p0", "p1"};
    for (int k = 0; k < 2; k++) {
        int S = add_station(m, sid[k][0], 30.0), T = add_station(m, sid[k][1], 5.0);
        int nd[3];
        for (int i = 0; i < 3; i++)
            nd[i] = add_node_kind(m, nid[k][i], 100.0 * k + 20.0 * i, 2, i == 2 ? MDL_NODE_CHARGING : MDL_NODE_POINT);
        for (int i = 0; i < 2; i++) {
            mdl_edge_spec e;
            mdl_edge_spec_default(&e);
            e.from = nd[i];
            e.to = nd[i + 1];
            assert_true(mdl_model_add_edge(m, &e) >= 0);
        }
        assert_true(mdl_model_set_station_node(m, S, nd[0], 1));
        assert_true(mdl_model_set_station_node(m, T, nd[1], 1));
        mdl_fleet_spec f;
        mdl_fleet_spec_default(&f);
        f.id = fid[k];
        f.count = 2;
        f.home = nd[0];
        f.idle = MDL_IDLE_STAY;
        f.per_m_kwh = 0.002;
        f.idle_kw = 0.1;
        f.battery.enabled = true;
        f.battery.capacity_kwh = 1.0;
        f.battery.threshold = 0.3;
        f.battery.charge_kw = k == 0 ? 2.0 : 0.4; /* island 1 waits longer for its charger */
        f.battery.initial = 1.0;
        assert_int_equal(mdl_model_add_fleet(m, &f), k);
        const char *route[] = {sid[k][0], sid[k][1]};
        int p = mdl_model_add_product(m, pid[k], route, 2, 0);
        assert_true(mdl_model_set_transport(m, p, S, MDL_TRANSPORT_FLEET, k));
        assert_true(mdl_model_add_push(m, p, sim_dist_const(600.0), 0, 0) >= 0);
    }
    assert_true(mdl_model_validate(m));
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = 4 * 86400.0;
    rs.warmup = 86400.0;
    mdl_run *r = mdl_run_new(m, &rs, 0);
    assert_non_null(r);
    mdl_rep_result res;
    assert_true(mdl_rep_result_init(&res, m));
    mdl_run_to_end(r, &res);
    /* Island 0 (fast charging): one unit every 10 min for 3 days, 432
     * give or take the few in transit, little time charging. Before, its
     * charger went to a vehicle of island 1 that could not reach it, and
     * island 0 delivered nothing. Island 1 charges too slowly for its
     * work (its own limit) but keeps charging. */
    double units = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_UNITS), charging = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_CHARGING);
    assert_true(units >= 430.0 && units <= 434.0);
    assert_true(charging < 0.5);
    assert_true(mdl_rep_fleet_kpi(&res, 1, MDL_FKPI_CHARGES) > 10.0);
    assert_true(mdl_rep_fleet_kpi(&res, 1, MDL_FKPI_UNITS) > 100.0);
    mdl_rep_result_fini(&res);
    mdl_run_free(r);
    mdl_model_free(m);
}

static void collect_layout(void *ctx, int line, const char *subject, const char *message) {
    (void)line;
    char *buf = ctx;
    size_t n = strlen(buf);
    snprintf(buf + n, 2048 - n, "%s: %s\n", subject, message);
}

/* `check`: a fleet with a battery and no charger on its island. */
static void check_unreachable_charger(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int S = add_station(m, "S", 30.0), T = add_station(m, "T", 5.0);
    int s = add_node(m, "s", 0.0, 2), t = add_node(m, "t", 20.0, 2);
    int c = add_node_kind(m, "c", 100.0, 1, MDL_NODE_CHARGING), d = add_node(m, "d", 120.0, 1);
    int ends[2][2] = {{s, t}, {c, d}};
    for (int i = 0; i < 2; i++) {
        mdl_edge_spec e;
        mdl_edge_spec_default(&e);
        e.from = ends[i][0];
        e.to = ends[i][1];
        assert_true(mdl_model_add_edge(m, &e) >= 0);
    }
    assert_true(mdl_model_set_station_node(m, S, s, 1));
    assert_true(mdl_model_set_station_node(m, T, t, 1));
    mdl_fleet_spec f;
    mdl_fleet_spec_default(&f);
    f.id = "agv";
    f.home = s;
    f.battery.enabled = true;
    f.battery.capacity_kwh = 1.0;
    f.battery.threshold = 0.3;
    f.battery.charge_kw = 1.0;
    f.battery.initial = 1.0;
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    const char *route[] = {"S", "T"};
    int p = mdl_model_add_product(m, "p", route, 2, 0);
    assert_true(mdl_model_set_transport(m, p, S, MDL_TRANSPORT_FLEET, 0));
    assert_true(mdl_model_add_push(m, p, sim_dist_const(600.0), 0, 0) >= 0);
    assert_true(mdl_model_validate(m));
    char buf[2048] = "";
    assert_true(mdl_model_layout_check(m, collect_layout, buf) >= 1);
    assert_non_null(strstr(buf, "fleet 'agv': layout: no charger can be reached from station 'S' (node 's')"));
    mdl_model_free(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(islands_charge),
        cmocka_unit_test(check_unreachable_charger),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
