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

#include "model_fixtures.h"
#include "test_main.h"

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
        int S = fx_add_machine(m, sid[k][0], sim_dist_const(30.0), 1, -1, 0.0), T = fx_add_machine(m, sid[k][1], sim_dist_const(5.0), 1, -1, 0.0);
        int nd[3];
        for (int i = 0; i < 3; i++)
            nd[i] = fx_add_node(m, nid[k][i], 100.0 * k + 20.0 * i, 0.0, 2, i == 2 ? MDL_NODE_CHARGING : MDL_NODE_POINT);
        for (int i = 0; i < 2; i++) fx_add_edge(m, nd[i], nd[i + 1]);
        assert_true(mdl_model_set_station_node(m, S, nd[0], 1));
        assert_true(mdl_model_set_station_node(m, T, nd[1], 1));
        mdl_fleet_spec f = fx_fleet(fid[k], 2, 1.0, 0.5, 0.0, 0.0);
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
    mdl_run *r = fx_run_new(m, 86400.0, 4 * 86400.0);
    mdl_rep_result res = fx_result_at_end(r, m);
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
    fx_run_done(&res, r, m);
}

/* `check`: a fleet with a battery and no charger on its island. */
static void check_unreachable_charger(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int S = fx_add_machine(m, "S", sim_dist_const(30.0), 1, -1, 0.0), T = fx_add_machine(m, "T", sim_dist_const(5.0), 1, -1, 0.0);
    int s = fx_add_node(m, "s", 0.0, 0.0, 2, MDL_NODE_POINT), t = fx_add_node(m, "t", 20.0, 0.0, 2, MDL_NODE_POINT);
    int c = fx_add_node(m, "c", 100.0, 0.0, 1, MDL_NODE_CHARGING), d = fx_add_node(m, "d", 120.0, 0.0, 1, MDL_NODE_POINT);
    int ends[2][2] = {{s, t}, {c, d}};
    for (int i = 0; i < 2; i++) fx_add_edge(m, ends[i][0], ends[i][1]);
    assert_true(mdl_model_set_station_node(m, S, s, 1));
    assert_true(mdl_model_set_station_node(m, T, t, 1));
    mdl_fleet_spec f = fx_fleet("agv", 1, 1.0, 0.5, 0.0, 0.0);
    f.home = s;
    fx_battery(&f, 1.0, 0.3, 1.0, 1.0);
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    const char *route[] = {"S", "T"};
    int p = mdl_model_add_product(m, "p", route, 2, 0);
    assert_true(mdl_model_set_transport(m, p, S, MDL_TRANSPORT_FLEET, 0));
    assert_true(mdl_model_add_push(m, p, sim_dist_const(600.0), 0, 0) >= 0);
    assert_true(mdl_model_validate(m));
    char buf[2048];
    assert_true(fx_layout_check(m, buf, sizeof buf) >= 1);
    assert_non_null(strstr(buf, "fleet 'agv': layout: no charger can be reached from station 'S' (node 's')"));
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(islands_charge),
        cmocka_unit_test(check_unreachable_charger),
)
