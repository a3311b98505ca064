/*
 * render_fixtures.h - the model the viewer tests share (test_render.c and
 * test_render_loop.c): a line with every kind of material handling. Built
 * through the mdl_* C API; include after <cmocka.h> and the mdl headers.
 */
#ifndef LINETWIN_RENDER_FIXTURES_H
#define LINETWIN_RENDER_FIXTURES_H

#include "model_specs.h"

/* A line with material handling: saw -> (AGV fleet "cart") -> mill ->
 * (conveyor "belt") -> weld -> pack, a robot tending weld and pack, lanes
 * below the stations with a parking and a charging node. */
static mdl_model *transport_line(void) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    assert_true(mdl_model_set_name(m, "Transport line"));
    const char *ids[] = {"saw", "mill", "weld", "pack"};
    const double xs[] = {3.0, 11.0, 18.0, 24.0};
    const double cyc[] = {100.0, 90.0, 60.0, 50.0};
    for (int i = 0; i < 4; i++) {
        mdl_station_spec s = fx_station(ids[i], sim_dist_exp(cyc[i]));
        fx_place(&s, xs[i], 5.0);
        s.buffer = 4;
        s.power[MDL_STATE_BUSY] = 4.0;
        assert_int_equal(mdl_model_add_station(m, &s), i);
    }
    /* Lanes: saw's node to mill's node along y = 9, a parking spur and a
     * one-way loop past the charger. */
    static const struct {
        const char *id;
        double x, y;
        mdl_node_kind kind;
        int cap;
    } nodes[] = {{"n_saw", 3.0, 8.5, MDL_NODE_POINT, 1},   {"n_mill", 11.0, 8.5, MDL_NODE_POINT, 1},
                 {"n_mid", 7.0, 8.5, MDL_NODE_POINT, 2},   {"park", 7.0, 12.0, MDL_NODE_PARKING, 2},
                 {"charge", 11.0, 12.0, MDL_NODE_CHARGING, 1}};
    for (int i = 0; i < 5; i++) {
        mdl_node_spec n = fx_node(nodes[i].id, nodes[i].x, nodes[i].y, nodes[i].cap, nodes[i].kind);
        assert_int_equal(mdl_model_add_node(m, &n), i);
    }
    static const int edges[][3] = {{0, 2, 1}, {2, 1, 1}, {2, 3, 1}, {4, 3, 0}, {1, 4, 0}};
    for (int i = 0; i < 5; i++) {
        mdl_edge_spec e = fx_edge(edges[i][0], edges[i][1]);
        e.two_way = edges[i][2] != 0;
        assert_true(mdl_model_add_edge(m, &e) >= 0);
    }
    assert_true(mdl_model_set_station_node(m, 0, 0, 2));
    assert_true(mdl_model_set_station_node(m, 1, 1, 1));
    mdl_fleet_spec f = fx_fleet("cart", 2, 0.4, 0.3, 10.0, 10.0);
    f.per_m_kwh = 0.004;
    f.idle_kw = 0.05;
    fx_battery(&f, 0.6, 0.25, 0.5, 0.9);
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    mdl_conveyor_spec c = fx_conveyor("belt", 5.0, 0.05, 0.6);
    c.x0 = 12.6;
    c.y0 = 5.0;
    c.x1 = 16.4;
    c.y1 = 5.0;
    assert_int_equal(mdl_model_add_conveyor(m, &c), 0);
    mdl_robot_spec r;
    mdl_robot_spec_default(&r);
    r.id = "arm";
    int tends[] = {2, 3};
    r.tends = tends;
    r.ntends = 2;
    r.load = sim_dist_const(8.0);
    r.unload = sim_dist_const(6.0);
    r.move = sim_dist_const(4.0);
    assert_int_equal(mdl_model_add_robot(m, &r), 0);
    assert_int_equal(mdl_model_add_product(m, "part", ids, 4, 0), 0);
    assert_true(mdl_model_set_transport(m, 0, 0, MDL_TRANSPORT_FLEET, 0));
    assert_true(mdl_model_set_transport(m, 0, 1, MDL_TRANSPORT_CONVEYOR, 0));
    assert_true(mdl_model_add_push(m, 0, sim_dist_exp(110.0), 0.0, 0) >= 0);
    mdl_run_settings rs = {2.0 * 86400.0, 0.0, 1, 5, 0.0};
    assert_true(mdl_model_set_run(m, &rs));
    if (!mdl_model_validate(m))
        fail_msg("%s", mdl_model_error(m));
    return m;
}

#endif
