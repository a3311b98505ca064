/*
 * model_specs.h - the specs of small models, for the tests and the
 * benchmarks alike: each returns a spec with the model's defaults and the
 * few fields a fixture names, for the caller to adjust and add. Plain
 * values, no cmocka (bench/ includes it too); the adding helpers that fail
 * a test are in model_fixtures.h.
 */
#ifndef LINETWIN_TESTS_MODEL_SPECS_H
#define LINETWIN_TESTS_MODEL_SPECS_H

#include <string.h>

#include "mdl_model.h"
#include "mdl_people.h"
#include "mdl_transport.h"
#include "sim_dist.h"

/// A station: one server, an unlimited buffer, this id and cycle time.
static inline mdl_station_spec fx_station(const char *id, sim_dist cycle) {
    mdl_station_spec s;
    mdl_station_spec_default(&s);
    s.id = id;
    s.has_cycle = true;
    s.cycle = cycle;
    return s;
}

/// Places the station's footprint centre at (x, y), metres.
static inline void fx_place(mdl_station_spec *s, double x, double y) {
    s->x = x;
    s->y = y;
}

/// A pool of `headcount` people.
static inline mdl_pool_spec fx_pool(const char *id, int headcount) {
    mdl_pool_spec ps;
    mdl_pool_spec_default(&ps);
    ps.id = id;
    ps.headcount = headcount;
    return ps;
}

/// `kind` at station `station`: one person of `pool`, for every product.
static inline mdl_task_spec fx_task(int station, int pool, mdl_task_kind kind) {
    mdl_task_spec t;
    memset(&t, 0, sizeof t);
    t.station = station;
    t.product = -1;
    t.kind = kind;
    t.pool = pool;
    t.people = 1;
    return t;
}

/// A path node of this kind and capacity at (x, y) (one charging slot).
static inline mdl_node_spec fx_node(const char *id, double x, double y, int capacity, mdl_node_kind kind) {
    mdl_node_spec n;
    mdl_node_spec_default(&n);
    n.id = id;
    n.x = x;
    n.y = y;
    n.capacity = capacity;
    n.kind = kind;
    return n;
}

/// A two-way edge from node a to node b, capacity 1, no speed limit.
static inline mdl_edge_spec fx_edge(int a, int b) {
    mdl_edge_spec e;
    mdl_edge_spec_default(&e);
    e.from = a;
    e.to = b;
    return e;
}

/// A fleet of `count` vehicles: top speed (m/s), acceleration (m/s²),
/// constant loading and unloading times (s).
static inline mdl_fleet_spec fx_fleet(const char *id, int count, double speed, double accel, double load_s,
                                      double unload_s) {
    mdl_fleet_spec f;
    mdl_fleet_spec_default(&f);
    f.id = id;
    f.count = count;
    f.speed = speed;
    f.accel = accel;
    f.load = sim_dist_const(load_s);
    f.unload = sim_dist_const(unload_s);
    return f;
}

/// Puts the fleet's vehicles on a battery: capacity (kWh), the share
/// below which they charge, the charging power (kW), the share at start.
static inline void fx_battery(mdl_fleet_spec *f, double capacity_kwh, double threshold, double charge_kw,
                              double initial) {
    f->battery.enabled = true;
    f->battery.capacity_kwh = capacity_kwh;
    f->battery.threshold = threshold;
    f->battery.charge_kw = charge_kw;
    f->battery.initial = initial;
}

#endif
