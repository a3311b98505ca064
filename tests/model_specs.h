/*
 * model_specs.h - the specs of small models, for the tests and the
 * benchmarks alike: each returns a spec with the model's defaults and the
 * few fields a fixture names, for the caller to adjust and add. Plain
 * values, no cmocka (bench/ includes it too); the adding helpers that fail
 * a test are in model_fixtures.h.
 */
#ifndef LINETWIN_TESTS_MODEL_SPECS_H
#define LINETWIN_TESTS_MODEL_SPECS_H

#include <stdbool.h>
#include <stdio.h>
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

/// A station (fx_station) that scraps a share of its operations and makes
/// a share of them defective (one draw decides which: scrap + defect <= 1).
static inline mdl_station_spec fx_station_quality(const char *id, sim_dist cycle, double scrap, double defect) {
    mdl_station_spec s = fx_station(id, cycle);
    s.scrap = scrap;
    s.defect = defect;
    return s;
}

/// Places the station's footprint centre at (x, y), metres.
static inline void fx_place(mdl_station_spec *s, double x, double y) {
    s->x = x;
    s->y = y;
}

/// Breakdowns: time between failures and to repair, on this clock.
static inline void fx_failures(mdl_station_spec *s, sim_dist mtbf, sim_dist mttr, mdl_failure_clock clock) {
    s->has_failures = true;
    s->mtbf = mtbf;
    s->mttr = mttr;
    s->failure_clock = clock;
}

/// Makes the station an inspection: P(reject | defective), P(reject |
/// good), what happens to a rejected unit (rework_to: the station of
/// MDL_REJECT_REWORK, else NULL).
static inline void fx_inspection(mdl_station_spec *s, double detect, double false_reject, mdl_reject reject,
                                 const char *rework_to) {
    s->kind = MDL_STATION_INSPECTION;
    s->detect = detect;
    s->false_reject = false_reject;
    s->reject = reject;
    s->rework_to = rework_to;
}

/// One station of a line written as a table row: id, cycle, where it
/// stands, and the fields a row names. A zero keeps fx_station's default
/// (kind machine, 1 server, unlimited buffer, no scrap or defects, no
/// power); mtbf_s > 0: exponential breakdowns on the calendar clock, with
/// exponential repairs of mttr_s; rework_to: an inspection that finds a
/// defect with P `detect` and sends the unit back to that station.
typedef struct fx_station_row {
    const char *id;
    sim_dist cycle;
    double x, y;
    mdl_station_kind kind;
    int servers;
    long buffer;
    double scrap, defect;
    double mtbf_s, mttr_s;
    double detect;
    const char *rework_to;
    double power[MDL_STATE_COUNT]; ///< kW per server by state
} fx_station_row;

/// The spec of the row's station.
static inline mdl_station_spec fx_row_station(const fx_station_row *r) {
    mdl_station_spec s = fx_station_quality(r->id, r->cycle, r->scrap, r->defect);
    fx_place(&s, r->x, r->y);
    s.kind = r->kind;
    if (r->servers) s.servers = r->servers;
    if (r->buffer) s.buffer = r->buffer;
    if (r->mtbf_s > 0.0) fx_failures(&s, sim_dist_exp(r->mtbf_s), sim_dist_exp(r->mttr_s), MDL_FAIL_CALENDAR);
    if (r->rework_to) fx_inspection(&s, r->detect, 0.0, MDL_REJECT_REWORK, r->rework_to);
    memcpy(s.power, r->power, sizeof s.power);
    return s;
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

/// Adds a ladder of path nodes: two rows of `cols` nodes "n<row>_<col>",
/// 6 m apart, each column's two joined and each row's neighbours joined
/// (two-way edges). Row 0's even columns and row 1's odd ones hold two
/// vehicles, the others one. The nodes' indices into row0[] and row1[];
/// false where the model refuses a node or an edge.
static inline bool fx_ladder(mdl_model *m, int cols, int *row0, int *row1) {
    for (int c = 0; c < cols; c++) {
        int *row[2] = {row0, row1};
        for (int k = 0; k < 2; k++) {
            char id[32];
            snprintf(id, sizeof id, "n%d_%d", k, c);
            mdl_node_spec n = fx_node(id, 6.0 * c, 6.0 * k, c % 2 == k ? 2 : 1, MDL_NODE_POINT);
            if ((row[k][c] = mdl_model_add_node(m, &n)) < 0) return false;
        }
        mdl_edge_spec e = fx_edge(row0[c], row1[c]);
        if (mdl_model_add_edge(m, &e) < 0) return false;
        for (int k = 0; k < 2 && c > 0; k++) {
            e = fx_edge(row[k][c - 1], row[k][c]);
            if (mdl_model_add_edge(m, &e) < 0) return false;
        }
    }
    return true;
}

/// bench_fleet's line on a ladder (fx_ladder of 2n columns): n stations
/// "s<k>" on row 0's even columns, each sending product "p<k>" by fleet 0
/// to station "t<k>" one column on, on row 1, every `interarrival` s on
/// average (exponential); stations of 20 s with unlimited buffers. False
/// where the model refuses a part.
static inline bool fx_ladder_line(mdl_model *m, int n, const int *row0, const int *row1,
                                  double interarrival) {
    for (int k = 0; k < n; k++) {
        char from[32], to[32], prod[32];
        snprintf(from, sizeof from, "s%d", k);
        snprintf(to, sizeof to, "t%d", k);
        snprintf(prod, sizeof prod, "p%d", k);
        mdl_station_spec s = fx_station(from, sim_dist_const(20.0));
        s.buffer = -1;
        int a = mdl_model_add_station(m, &s);
        s.id = to;
        int b = mdl_model_add_station(m, &s);
        if (a < 0 || b < 0 || !mdl_model_set_station_node(m, a, row0[2 * k], 1) ||
            !mdl_model_set_station_node(m, b, row1[2 * k + 1], 1))
            return false;
        const char *route[] = {from, to};
        int p = mdl_model_add_product(m, prod, route, 2, 0);
        if (p < 0 || !mdl_model_set_transport(m, p, a, MDL_TRANSPORT_FLEET, 0) ||
            mdl_model_add_push(m, p, sim_dist_exp(interarrival), 0, 0) < 0)
            return false;
    }
    return true;
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

/// A conveyor (belt) of this length (m), speed (m/s) and spacing between
/// units (m); its other fields the defaults.
static inline mdl_conveyor_spec fx_conveyor(const char *id, double length, double speed, double spacing) {
    mdl_conveyor_spec c;
    mdl_conveyor_spec_default(&c);
    c.id = id;
    c.length = length;
    c.speed = speed;
    c.spacing = spacing;
    return c;
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
