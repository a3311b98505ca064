/*
 * mdl_transport_model.c - building and checking the material-handling part of
 * a model: path network, fleets, robots, conveyors, route-step transport.
 *
 * Like mdl_model.c, every adding function checks its input completely and
 * refuses it with a message naming the object and the field.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_internal.h"
#include "mdl_routing.h"
#include "mdl_conveyor_net_internal.h"
#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "mdl_transport_build.h"

struct tr_model *mdl__transport_model_mut(mdl_model *m) {
    if (!m->transport && (m->transport = calloc(1, sizeof *m->transport)) && !(m->transport->tables = tr_tables_new())) {
        free(m->transport);
        m->transport = NULL;
    }
    /* (a change while the model is built: tables made for a check are stale) */
    if (m->transport) tr_tables_reset(m->transport->tables);
    return m->transport;
}

#define XGROW(x, arr, n, cap) mdl__grow((void **)&(x)->arr, &(x)->cap, (x)->n, sizeof *(x)->arr)

static const tr_kind NODES = TR_KIND(struct tr_model, nodes, nnodes, cap_nodes, node_ids, mdl_node_spec);
static const tr_kind FLEETS = TR_KIND(struct tr_model, fleets, nfleets, cap_fleets, fleet_ids,
                                      mdl_fleet_spec);
static const tr_kind ROBOTS = TR_KIND(struct tr_model, robots, nrobots, cap_robots, robot_ids,
                                      mdl_robot_spec);
static const tr_kind CONVEYORS = TR_KIND(struct tr_model, convs, nconvs, cap_convs, conv_ids,
                                         mdl_conveyor_spec);

/* mdl_model_node_count, mdl_model_find_node, mdl_model_node, and the same
 * for fleets, robots and conveyors */
TR_KIND_ACCESSORS(node, NODES)
TR_KIND_ACCESSORS(fleet, FLEETS)
TR_KIND_ACCESSORS(robot, ROBOTS)
TR_KIND_ACCESSORS(conveyor, CONVEYORS)

void mdl__transport_model_free(struct tr_model *tm) {
    if (!tm) return;
    tr_kind_free(tm, &NODES);
    free(tm->edges);
    free(tm->edge_len);
    mdl__pairmap_free(&tm->edge_ids);
    tr_kind_free(tm, &FLEETS);
    tr_kind_free(tm, &ROBOTS);
    tr_kind_free(tm, &CONVEYORS);
    free(tm->st_node);
    free(tm->st_out);
    free(tm->steps);
    tr_asrs_model_free(tm);
    tr_net_model_free(tm); /* merges and diverters */
    tr_dock_model_free(tm); /* route ends (mdl_dock_model.c) */
    tr_tables_free(tm->tables);
    free(tm);
}

const struct tr_model *mdl__transport_model_of(const mdl_model *m) { return m->transport; }

bool mdl_model_has_transport(const mdl_model *m) {
    const struct tr_model *tm = m->transport;
    return tm && (tm->nfleets > 0 || tm->nrobots > 0 || tm->nconvs > 0 || tm->nasrs > 0 || tm->nends > 0);
}

static bool finite_pos(double v) { return isfinite(v) && v > 0.0; }

bool tr_check_dur(mdl_model *m, const char *what, const char *id, const char *field, const sim_dist *d) {
    char msg[200];
    if (!sim_dist_check(d, msg, sizeof msg)) return mdl__fail(m, "%s '%s': %s: %s", what, id, field, msg);
    if (sim_dist_min(d) < 0.0)
        return mdl__fail(m, "%s '%s': %s: a duration cannot be negative, but %s can be", what, id, field,
                         sim_dist_name(d->kind));
    if (!(sim_dist_mean(d) >= 0.0) || !isfinite(sim_dist_mean(d)))
        return mdl__fail(m, "%s '%s': %s: the mean must be a finite non-negative time", what, id, field);
    return true;
}

/* ---- the entity kinds (mdl_transport_build.h) -------------------------------- */

/* The array of kind k in rec (its field is a T *: read as bytes). */
static const char *kind_array(const void *rec, const tr_kind *k) {
    const char *a;
    memcpy(&a, (const char *)rec + k->arr, sizeof a);
    return a;
}

int tr_kind_add(mdl_model *m, void *rec, const tr_kind *k, const void *spec) {
    if (!rec) return mdl__fail(m, "out of memory"), -1;
    char *r = rec;
    mdl_entities e = {.arr = (void **)(r + k->arr),
                      .n = (int *)(r + k->n),
                      .cap = (int *)(r + k->cap),
                      .elem = k->elem,
                      .id_offset = k->id_offset,
                      .ids = (mdl_idmap *)(r + k->ids)};
    return mdl__entity_add(m, &e, spec) ? (*e.n)++ : -1;
}

int tr_kind_count(const void *rec, const tr_kind *k) {
    return rec ? *(const int *)((const char *)rec + k->n) : 0;
}

const void *tr_kind_get(const void *rec, const tr_kind *k, int i) {
    return i >= 0 && i < tr_kind_count(rec, k) ? kind_array(rec, k) + (size_t)i * k->elem : NULL;
}

int tr_kind_find(const void *rec, const tr_kind *k, const char *id) {
    if (!rec) return -1;
    const mdl_idmap *ids = (const mdl_idmap *)((const char *)rec + k->ids);
    return mdl__idmap_find(ids, (mdl_idview){kind_array(rec, k), k->elem, k->id_offset}, id);
}

void tr_kind_free(void *rec, const tr_kind *k) {
    free((void *)kind_array(rec, k));
    mdl__idmap_free((mdl_idmap *)((char *)rec + k->ids));
}

bool tr_maint_take(mdl_model *m, const char *what, const char *id, const struct mdl_maint_spec **maint) {
    char why[256];
    if (!*maint) return true;
    if (!mdl__maint_check_model(m, *maint, why, sizeof why))
        return mdl__fail(m, "%s '%s': %s", what, id, why);
    return (*maint = mdl__maint_copy(m, *maint)) != NULL || mdl__fail(m, "out of memory");
}

/* ---- network --------------------------------------------------------------- */

void mdl_node_spec_default(mdl_node_spec *s) {
    memset(s, 0, sizeof *s);
    s->kind = MDL_NODE_POINT;
    s->capacity = 1;
    s->slots = 1;
}

int mdl_model_add_node(mdl_model *m, const mdl_node_spec *spec) {
    if (!mdl__new_id(m, "node", "node", spec ? spec->id : NULL, mdl_model_find_node)) return -1;
    const char *id = spec->id;
    if (!isfinite(spec->x) || !isfinite(spec->y))
        return mdl__fail(m, "node '%s': at: the position must be finite", id), -1;
    if ((unsigned)spec->kind >= MDL_NODE_KIND_COUNT) return mdl__fail(m, "node '%s': kind: unknown kind", id), -1;
    if (spec->capacity < 1 || spec->capacity > 10000)
        return mdl__fail(m, "node '%s': capacity: must be between 1 and 10000 vehicles, got %d", id, spec->capacity), -1;
    if (spec->kind == MDL_NODE_CHARGING && (spec->slots < 1 || spec->slots > spec->capacity))
        return mdl__fail(m, "node '%s': slots: a charging node needs 1 to capacity (%d) chargers, got %d", id,
                         spec->capacity, spec->slots), -1;
    mdl_node_spec n = *spec;
    if (n.kind != MDL_NODE_CHARGING) n.slots = 0;
    return tr_kind_add(m, mdl__transport_model_mut(m), &NODES, &n);
}

void mdl_edge_spec_default(mdl_edge_spec *s) {
    memset(s, 0, sizeof *s);
    s->two_way = true;
    s->capacity = 1;
}

int mdl_model_add_edge(mdl_model *m, const mdl_edge_spec *spec) {
    int nn = mdl_model_node_count(m);
    if (!spec || spec->from < 0 || spec->from >= nn || spec->to < 0 || spec->to >= nn)
        return mdl__fail(m, "edge: from/to: must name nodes added before"), -1;
    struct tr_model *tm = mdl__transport_model_mut(m); /* (made with the nodes: drops stale tables) */
    const char *a = tm->nodes[spec->from].id, *b = tm->nodes[spec->to].id;
    if (spec->from == spec->to) return mdl__fail(m, "edge %s-%s: to: an edge must join two different nodes", a, b), -1;
    double len = hypot(tm->nodes[spec->to].x - tm->nodes[spec->from].x, tm->nodes[spec->to].y - tm->nodes[spec->from].y);
    if (!(len > 1e-6))
        return mdl__fail(m, "edge %s-%s: length: the two nodes are at the same place", a, b), -1;
    if (!(spec->speed_limit <= 0.0 || isfinite(spec->speed_limit)))
        return mdl__fail(m, "edge %s-%s: speed: must be a finite speed in m/s", a, b), -1;
    if (spec->capacity < 1 || spec->capacity > 10000)
        return mdl__fail(m, "edge %s-%s: capacity: must be between 1 and 10000 vehicles, got %d", a, b, spec->capacity), -1;
    /* Another edge from-to, or a to-from one when either is two-way. Each
     * directed (from, to) has at most one edge: a second is refused here. */
    int same = mdl__pairmap_find(&tm->edge_ids, spec->from, spec->to);
    int back = mdl__pairmap_find(&tm->edge_ids, spec->to, spec->from);
    if (same >= 0 || (back >= 0 && (tm->edges[back].two_way || spec->two_way)))
        return mdl__fail(m, "edge %s-%s: another edge already joins these nodes", a, b), -1;
    if (!XGROW(tm, edges, nedges, cap_edges)) return mdl__fail(m, "out of memory"), -1;
    int cl = tm->cap_len;
    if (!mdl__grow((void **)&tm->edge_len, &cl, tm->nedges, sizeof *tm->edge_len)) return mdl__fail(m, "out of memory"), -1;
    tm->cap_len = cl;
    if (!mdl__pairmap_add(&tm->edge_ids, spec->from, spec->to, tm->nedges)) return mdl__fail(m, "out of memory"), -1;
    tm->edges[tm->nedges] = *spec;
    tm->edge_len[tm->nedges] = len;
    return tm->nedges++;
}

int mdl_model_edge_count(const mdl_model *m) { return m->transport ? m->transport->nedges : 0; }
const mdl_edge_spec *mdl_model_edge(const mdl_model *m, int e) {
    return m->transport && e >= 0 && e < m->transport->nedges ? &m->transport->edges[e] : NULL;
}
double mdl_model_edge_length(const mdl_model *m, int e) {
    return m->transport && e >= 0 && e < m->transport->nedges ? m->transport->edge_len[e] : NAN;
}

static bool st_room(mdl_model *m, struct tr_model *tm) {
    if (tm->cap_st >= m->nstations) return true;
    int n = m->nstations + 16;
    int *a = realloc(tm->st_node, (size_t)n * sizeof *a), *b;
    if (!a) return false;
    tm->st_node = a;
    b = realloc(tm->st_out, (size_t)n * sizeof *b);
    if (!b) return false;
    tm->st_out = b;
    for (int i = tm->cap_st; i < n; i++) tm->st_node[i] = -1, tm->st_out[i] = 1;
    tm->cap_st = n;
    return true;
}

bool mdl_model_set_station_node(mdl_model *m, int station, int node, int out_capacity) {
    if (station < 0 || station >= m->nstations) return mdl__fail(m, "station node: no station with index %d", station);
    const char *sid = m->stations[station].id;
    if (node < 0 || node >= mdl_model_node_count(m))
        return mdl__fail(m, "station '%s': node: no node with index %d", sid, node);
    if (out_capacity < 1 || out_capacity > 100000)
        return mdl__fail(m, "station '%s': out_capacity: must be between 1 and 100000 units, got %d", sid, out_capacity);
    struct tr_model *tm = m->transport;
    if (!st_room(m, tm)) return mdl__fail(m, "out of memory");
    tm->st_node[station] = node;
    tm->st_out[station] = out_capacity;
    return true;
}

int mdl_model_station_node(const mdl_model *m, int station) {
    const struct tr_model *tm = m->transport;
    return tm && station >= 0 && station < tm->cap_st && station < m->nstations ? tm->st_node[station] : -1;
}

bool mdl_model_set_floor(mdl_model *m, double x0, double y0, double x1, double y1) {
    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1) || !(x1 > x0) || !(y1 > y0))
        return mdl__fail(m, "floor: must be a rectangle of positive size");
    struct tr_model *tm = mdl__transport_model_mut(m);
    if (!tm) return mdl__fail(m, "out of memory");
    tm->has_floor = true;
    tm->fx0 = x0, tm->fy0 = y0, tm->fx1 = x1, tm->fy1 = y1;
    return true;
}

/* ---- fleets ----------------------------------------------------------------- */

void mdl_fleet_spec_default(mdl_fleet_spec *s) {
    memset(s, 0, sizeof *s);
    s->count = 1;
    s->speed = 1.0;
    s->accel = 0.5;
    s->capacity = 1;
    s->load = sim_dist_const(0.0);
    s->unload = sim_dist_const(0.0);
    s->mode = MDL_MOTION_KINEMATIC;
    s->dispatch = MDL_FLEET_NEAREST;
    s->idle = MDL_IDLE_PARK;
    s->battery.initial = 1.0;
    s->length = 1.0;
    s->width = 0.7;
    s->dt = 0.05;
    s->near_miss = 0.3;
    s->deadlock_timeout = 60.0;
    s->calendar = -1;
    s->traffic = MDL_TRAFFIC_AVOID;
    s->home = -1;
}

int mdl_model_add_fleet(mdl_model *m, const mdl_fleet_spec *s) {
    if (!mdl__new_id(m, "fleet", "fleet", s ? s->id : NULL, mdl_model_find_fleet)) return -1;
    const char *id = s->id;
    if (s->count < 1 || s->count > 100000)
        return mdl__fail(m, "fleet '%s': count: must be between 1 and 100000 vehicles, got %d", id, s->count), -1;
    if (!finite_pos(s->speed)) return mdl__fail(m, "fleet '%s': speed: must be > 0 m/s, got %g", id, s->speed), -1;
    if (!isfinite(s->accel)) return mdl__fail(m, "fleet '%s': accel: must be a finite acceleration in m/s^2", id), -1;
    if (s->capacity < 1 || s->capacity > 64)
        return mdl__fail(m, "fleet '%s': capacity: must be between 1 and 64 units per trip, got %d", id, s->capacity), -1;
    if (!tr_check_dur(m, "fleet", id, "load", &s->load) || !tr_check_dur(m, "fleet", id, "unload", &s->unload)) return -1;
    if (s->calendar < -1 || s->calendar >= m->ncalendars)
        return mdl__fail(m, "fleet '%s': calendar: no calendar with index %d", id, s->calendar), -1;
    if ((unsigned)s->mode >= MDL_MOTION_COUNT) return mdl__fail(m, "fleet '%s': mode: unknown", id), -1;
    if ((unsigned)s->traffic > MDL_TRAFFIC_AVOID) return mdl__fail(m, "fleet '%s': traffic: unknown", id), -1;
    if ((unsigned)s->dispatch >= MDL_FLEET_DISPATCH_COUNT) return mdl__fail(m, "fleet '%s': dispatch: unknown", id), -1;
    if ((unsigned)s->idle >= MDL_IDLE_COUNT) return mdl__fail(m, "fleet '%s': idle: unknown", id), -1;
    if (!(s->per_m_kwh >= 0.0) || !isfinite(s->per_m_kwh))
        return mdl__fail(m, "fleet '%s': per_m_kwh: must be >= 0, got %g", id, s->per_m_kwh), -1;
    if (!(s->idle_kw >= 0.0) || !isfinite(s->idle_kw))
        return mdl__fail(m, "fleet '%s': idle_kw: must be >= 0, got %g", id, s->idle_kw), -1;
    const mdl_battery_spec *b = &s->battery;
    if (b->enabled) {
        if (!finite_pos(b->capacity_kwh))
            return mdl__fail(m, "fleet '%s': battery.capacity_kwh: must be > 0, got %g", id, b->capacity_kwh), -1;
        if (!(b->threshold >= 0.0 && b->threshold < 1.0))
            return mdl__fail(m, "fleet '%s': battery.threshold: must be a share in [0, 1), got %g", id, b->threshold), -1;
        if (!finite_pos(b->charge_kw))
            return mdl__fail(m, "fleet '%s': battery.charge_kw: must be > 0, got %g", id, b->charge_kw), -1;
        if (!(b->initial >= 0.0 && b->initial <= 1.0))
            return mdl__fail(m, "fleet '%s': battery.initial: must be a share in [0, 1], got %g", id, b->initial), -1;
    }
    if (!finite_pos(s->length) || !finite_pos(s->width))
        return mdl__fail(m, "fleet '%s': size: length and width must be > 0 m", id), -1;
    if (!finite_pos(s->dt) || s->dt > 1.0) return mdl__fail(m, "fleet '%s': dt: must be in (0, 1] s, got %g", id, s->dt), -1;
    if (!(s->near_miss >= 0.0) || !isfinite(s->near_miss))
        return mdl__fail(m, "fleet '%s': near_miss: must be >= 0 m", id), -1;
    if (!finite_pos(s->deadlock_timeout))
        return mdl__fail(m, "fleet '%s': deadlock_timeout: must be > 0 s", id), -1;
    if (s->operators < 0 || s->operators > 10000)
        return mdl__fail(m, "fleet '%s': operators: must be between 0 and 10000 people per vehicle, got %d", id,
                         s->operators), -1;
    if (s->home < -1 || s->home >= mdl_model_node_count(m))
        return mdl__fail(m, "fleet '%s': home: no node with index %d", id, s->home), -1;
    mdl_fleet_spec f = *s;
    if (!tr_maint_take(m, "fleet", id, &f.maint)) return -1;
    return tr_kind_add(m, mdl__transport_model_mut(m), &FLEETS, &f);
}

int mdl_model_vehicle_index(const mdl_model *m, int fleet, int i) {
    const mdl_fleet_spec *fs = mdl_model_fleet(m, fleet);
    if (!fs || i < 0 || i >= fs->count) return -1;
    int g = i;
    for (int f = 0; f < fleet; f++) g += m->transport->fleets[f].count;
    return g;
}

/* ---- robots ------------------------------------------------------------------- */

void mdl_robot_spec_default(mdl_robot_spec *s) {
    memset(s, 0, sizeof *s);
    s->load = sim_dist_const(0.0);
    s->unload = sim_dist_const(0.0);
    s->move = sim_dist_const(0.0);
    s->calendar = -1;
}

int mdl_model_add_robot(mdl_model *m, const mdl_robot_spec *s) {
    if (!mdl__new_id(m, "robot", "robot", s ? s->id : NULL, mdl_model_find_robot)) return -1;
    const char *id = s->id;
    struct tr_model *tm = mdl__transport_model_mut(m);
    if (!tm) return mdl__fail(m, "out of memory"), -1;
    if (s->ntends < 1 || !s->tends) return mdl__fail(m, "robot '%s': tends: must name at least one station", id), -1;
    for (int i = 0; i < s->ntends; i++) {
        int st = s->tends[i];
        if (st < 0 || st >= m->nstations) return mdl__fail(m, "robot '%s': tends: no station with index %d", id, st), -1;
        for (int j = 0; j < i; j++)
            if (s->tends[j] == st)
                return mdl__fail(m, "robot '%s': tends: station '%s' is named twice", id, m->stations[st].id), -1;
        for (int r = 0; r < tm->nrobots; r++)
            for (int k = 0; k < tm->robots[r].ntends; k++)
                if (tm->robots[r].tends[k] == st)
                    return mdl__fail(m, "robot '%s': tends: station '%s' is already tended by robot '%s'", id,
                                     m->stations[st].id, tm->robots[r].id), -1;
    }
    if (!tr_check_dur(m, "robot", id, "load", &s->load) || !tr_check_dur(m, "robot", id, "unload", &s->unload) ||
        !tr_check_dur(m, "robot", id, "move", &s->move))
        return -1;
    if (s->has_failures) {
        if (!tr_check_dur(m, "robot", id, "mtbf", &s->mtbf) || !tr_check_dur(m, "robot", id, "mttr", &s->mttr)) return -1;
        if (!(sim_dist_mean(&s->mtbf) > 0.0)) return mdl__fail(m, "robot '%s': mtbf: must have a mean > 0", id), -1;
    }
    if (s->calendar < -1 || s->calendar >= m->ncalendars)
        return mdl__fail(m, "robot '%s': calendar: no calendar with index %d", id, s->calendar), -1;
    mdl_robot_spec r = *s;
    if (!tr_maint_take(m, "robot", id, &r.maint)) return -1;
    for (int k = 0; k < MDL_ROBOT_STATE_COUNT; k++)
        if (!(s->power[k] >= 0.0) || !isfinite(s->power[k]))
            return mdl__fail(m, "robot '%s': power.%s: must be a power >= 0 kW, got %g", id,
                             mdl_robot_state_name((mdl_robot_state)k), s->power[k]), -1;
    int *t = mdl__alloc(m, (size_t)s->ntends * sizeof *t);
    if (!t) return mdl__fail(m, "out of memory"), -1;
    memcpy(t, s->tends, (size_t)s->ntends * sizeof *t);
    r.tends = t;
    return tr_kind_add(m, tm, &ROBOTS, &r);
}

/* ---- conveyors ------------------------------------------------------------------ */

void mdl_conveyor_spec_default(mdl_conveyor_spec *s) {
    memset(s, 0, sizeof *s);
    s->accumulating = true;
}

int mdl_model_add_conveyor(mdl_model *m, const mdl_conveyor_spec *s) {
    if (!mdl__new_id(m, "conveyor", "conveyor", s ? s->id : NULL, mdl_model_find_conveyor)) return -1;
    const char *id = s->id;
    mdl__collect(m, true); /* every problem of the belt, not only the first */
    bool ok = true;
    if (!finite_pos(s->length)) ok = mdl__fail(m, "conveyor '%s': length: must be > 0 m, got %g", id, s->length);
    if (!finite_pos(s->speed)) ok = mdl__fail(m, "conveyor '%s': speed: must be > 0 m/s, got %g", id, s->speed);
    if (!finite_pos(s->spacing) || (finite_pos(s->length) && s->spacing > s->length))
        ok = mdl__fail(m, "conveyor '%s': spacing: must be > 0 m and at most the length (%g m), got %g", id,
                       s->length, s->spacing);
    /* Every place on the belt is storage in the run (mdl_conveyor.c): a belt
     * of more places than this is a typo, not a plant. */
    else if (finite_pos(s->length) && s->length / s->spacing > MDL_CONVEYOR_MAX_PLACES)
        ok = mdl__fail(m, "conveyor '%s': spacing: a %g m belt with units %g m apart holds more than %d units; "
                          "check the units of length and spacing", id, s->length, s->spacing,
                       MDL_CONVEYOR_MAX_PLACES);
    if (!(s->power_kw >= 0.0) || !isfinite(s->power_kw))
        ok = mdl__fail(m, "conveyor '%s': power: must be >= 0 kW", id);
    if (!isfinite(s->x0) || !isfinite(s->y0) || !isfinite(s->x1) || !isfinite(s->y1))
        ok = mdl__fail(m, "conveyor '%s': from/to: positions must be finite", id);
    mdl__collect(m, false);
    if (!ok) return -1;
    return tr_kind_add(m, mdl__transport_model_mut(m), &CONVEYORS, s);
}

static int tm_count_asrs(const mdl_model *m) { return m->transport ? m->transport->nasrs : 0; }

/* ---- route steps ----------------------------------------------------------------- */

bool mdl_model_set_transport(mdl_model *m, int product, int station, mdl_transport_kind kind, int which) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "transport: no product with index %d", product);
    const char *pid = m->products[product].id;
    if (station < 0 || station >= m->nstations)
        return mdl__fail(m, "product '%s': transport: no station with index %d", pid, station);
    const char *sid = m->stations[station].id;
    const mdl_product *p = &m->products[product];
    bool on_route = false, has_next = false;
    for (int i = 0; i < p->nsteps; i++) /* a step's station, or one of its alternatives or branches */
        if (mdl_model_step_allows(m, product, i, station)) {
            on_route = true;
            if (i + 1 < p->nsteps) has_next = true;
        }
    if (!on_route) return mdl__fail(m, "product '%s': transport.%s: station '%s' is not on its route", pid, sid, sid);
    if (kind != MDL_TRANSPORT_DIRECT && !has_next && mdl_model_product_to(m, product) < 0 &&
        mdl_model_product_store_to(m, product) < 0) /* route ends: a `to` (a dock or an AS/RS) */
        return mdl__fail(m, "product '%s': transport.%s: '%s' is the last step; finished units leave the line "
                            "directly (give the product a `to`)", pid, sid, sid);
    if (kind == MDL_TRANSPORT_FLEET && (which < 0 || which >= mdl_model_fleet_count(m)))
        return mdl__fail(m, "product '%s': transport.%s: no fleet with index %d", pid, sid, which);
    if (kind == MDL_TRANSPORT_CONVEYOR && (which < 0 || which >= mdl_model_conveyor_count(m)))
        return mdl__fail(m, "product '%s': transport.%s: no conveyor with index %d", pid, sid, which);
    if (kind == MDL_TRANSPORT_ASRS && (which < 0 || which >= tm_count_asrs(m)))
        return mdl__fail(m, "product '%s': transport.%s: no AS/RS with index %d", pid, sid, which);
    if ((unsigned)kind > MDL_TRANSPORT_ASRS) return mdl__fail(m, "product '%s': transport.%s: unknown kind", pid, sid);
    struct tr_model *tm = mdl__transport_model_mut(m);
    if (!tm) return mdl__fail(m, "out of memory");
    for (int i = 0; i < tm->nsteps; i++)
        if (tm->steps[i].product == product && tm->steps[i].station == station) {
            tm->steps[i].kind = (int)kind;
            tm->steps[i].which = which;
            return true;
        }
    if (!XGROW(tm, steps, nsteps, cap_steps)) return mdl__fail(m, "out of memory");
    tm->steps[tm->nsteps++] = (tr_step){product, station, (int)kind, which};
    return true;
}

mdl_transport_kind mdl_model_transport(const mdl_model *m, int product, int station, int *which) {
    const struct tr_model *tm = m->transport;
    if (tm)
        for (int i = 0; i < tm->nsteps; i++)
            if (tm->steps[i].product == product && tm->steps[i].station == station) {
                if (which) *which = tm->steps[i].which;
                return (mdl_transport_kind)tm->steps[i].kind;
            }
    if (which) *which = -1;
    return MDL_TRANSPORT_DIRECT;
}

/* ---- validation -------------------------------------------------------------------- */

bool mdl__transport_model_validate(mdl_model *m) {
    struct tr_model *tm = m->transport;
    if (!st_room(m, tm)) return mdl__fail(m, "out of memory");
    for (int i = 0; i < tm->nsteps; i++) {
        const tr_step *s = &tm->steps[i];
        if (s->kind != MDL_TRANSPORT_FLEET) continue;
        const mdl_product *p = &m->products[s->product];
        for (int k = 0; k + 1 < p->nsteps; k++) {
            int a = s->station, next[64];
            if (!mdl_model_step_allows(m, s->product, k, a)) continue;
            if (tm->st_node[a] < 0)
                return mdl__fail(m, "station '%s': node: units of '%s' leave it by fleet '%s', so it needs a node",
                                 m->stations[a].id, p->id, tm->fleets[s->which].id);
            /* every station a unit may go to next: alternatives, branches,
             * the next step of each variant (mdl_routing.h) */
            int n = mdl_model_step_next_stations(m, s->product, k, next, 64);
            for (int j = 0; j < n && j < 64; j++)
                if (tm->st_node[next[j]] < 0)
                    return mdl__fail(m, "station '%s': node: units of '%s' arrive by fleet '%s', so it needs a node",
                                     m->stations[next[j]].id, p->id, tm->fleets[s->which].id);
        }
    }
    long places = 0;
    for (int i = 0; i < tm->nnodes; i++) places += tm->nodes[i].capacity;
    long vehicles = 0;
    for (int f = 0; f < tm->nfleets; f++) vehicles += tm->fleets[f].count;
    if (vehicles > places)
        return mdl__fail(m, "fleets: count: %ld vehicles do not fit on the %ld places of the path network's nodes",
                         vehicles, places);
    if (vehicles > 0 && tm->nedges == 0)
        return mdl__fail(m, "paths: edges: the fleets need a path network with edges");
    if (!tr_dock_model_validate(m)) return false; /* route ends (mdl_dock_model.c) */
    if (!tr_asrs_ends_validate(m)) return false;  /* route ends at an AS/RS (mdl_asrs_ends_model.c) */
    if (!tr_asrs_model_validate(m)) return false; /* an AS/RS served by fleets (mdl_asrs_model.c) */
    return tr_net_model_validate(m); /* every belt step reaches its station (mdl_conveyor_net_model.c) */
}
