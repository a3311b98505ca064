/*
 * mdl_agv.c - AGV fleets: path network, transport requests and
 * dispatching, zone control, deadlock detection and resolution, battery,
 * kinematic motion. This file: set-up, warm-up and results. The rest, by
 * concern: mdl_agv_route.c, mdl_agv_traffic.c, mdl_agv_motion.c (and
 * mdl_agv_physics.c), mdl_agv_task.c; shared: mdl_agv_internal.h.
 *
 * A vehicle is always in exactly one of: standing on a node (holding that
 * node's zone), waiting there for a zone (wait_zone), or driving a reserved
 * stretch path[ppos..res_end] (holding every node and edge zone of it not
 * yet left behind). Its ledger state is derived from these facts and its
 * task in one place, tr_agv_refresh, like server_refresh in mdl_run_lean.c.
 *
 * Routing uses tables of free-flow travel time (edge length over
 * min(fleet speed, edge limit)), a row per target node built by a reverse
 * Dijkstra when first needed and shared by every run of the model
 * (mdl_agv_tables.c); "nearest" means least free-flow travel time (= least
 * distance when no edge has a limit). Routes avoid running through parking and charging
 * nodes (no_through). Ties always go to the lower index.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"
#include "mdl_trial.h"

/* ---- set-up, results, views ------------------------------------------------------------ */

/* Arcs (each edge along, two-way edges also against), the CSR adjacency,
 * the zones and the corridors. */
static bool network_init(tr_run *tr) {
    const struct tr_model *tm = tr->model;
    tr->nn = tm->nnodes;
    int ne = tm->nedges;
    tr->arcs = calloc((size_t)(2 * ne + 1), sizeof *tr->arcs);
    tr->adj_start = calloc((size_t)(tr->nn + 2), sizeof *tr->adj_start);
    tr->adj = calloc((size_t)(2 * ne + 1), sizeof *tr->adj);
    tr->zones = calloc((size_t)(tr->nn + ne + 1), sizeof *tr->zones);
    tr->park_used = calloc((size_t)(tr->nn + 1), sizeof *tr->park_used);
    tr->slots_used = calloc((size_t)(tr->nn + 1), sizeof *tr->slots_used);
    if (!tr->arcs || !tr->adj_start || !tr->adj || !tr->zones || !tr->park_used || !tr->slots_used) return false;
    for (int e = 0; e < ne; e++) {
        const mdl_edge_spec *es = &tm->edges[e];
        double vmax = es->speed_limit > 0.0 ? es->speed_limit : INFINITY;
        tr->arcs[tr->na++] = (tr_arc){es->from, es->to, e, 1, tm->edge_len[e], vmax};
        if (es->two_way) tr->arcs[tr->na++] = (tr_arc){es->to, es->from, e, -1, tm->edge_len[e], vmax};
    }
    for (int a = 0; a < tr->na; a++) tr->adj_start[tr->arcs[a].from + 1]++;
    for (int n = 0; n < tr->nn; n++) tr->adj_start[n + 1] += tr->adj_start[n];
    int *fill = calloc((size_t)(tr->nn + 1), sizeof *fill);
    if (!fill) return false;
    for (int a = 0; a < tr->na; a++) {
        int n = tr->arcs[a].from;
        tr->adj[tr->adj_start[n] + fill[n]++] = a;
    }
    free(fill);
    for (int n = 0; n < tr->nn; n++) tr->zones[n].cap = tm->nodes[n].capacity;
    for (int e = 0; e < ne; e++) {
        tr->zones[tr->nn + e].cap = tm->edges[e].capacity;
        tr->zones[tr->nn + e].two_way = is_two_way(tr, tr->nn + e);
    }
    tr->parking = malloc((size_t)(tr->nn + 1) * sizeof *tr->parking);
    tr->charging = malloc((size_t)(tr->nn + 1) * sizeof *tr->charging);
    if (!tr->parking || !tr->charging) return false;
    for (int n = 0; n < tr->nn; n++) {
        if (tm->nodes[n].kind == MDL_NODE_CHARGING) tr->charging[tr->ncharging++] = n;
        if (tm->nodes[n].kind == MDL_NODE_PARKING) tr->parking[tr->nparking++] = n;
    }
    return tr_agv_zones_init(tr);
}

/* The start node of a vehicle: home, else parking, then charging, then
 * any node, with room; -1 when none (validation refuses this). */
static int start_node(const tr_run *tr, const mdl_fleet_spec *fs) {
    const struct tr_model *tm = tr->model;
    if (fs->home >= 0 && tr->zones[fs->home].count < tr->zones[fs->home].cap) return fs->home;
    /* With avoidance: parking places (as many as they keep), then nodes
     * off the chargers and outside corridors, and only then the rest. */
    bool avoid = fs->traffic != MDL_TRAFFIC_DETECT;
    for (int round = avoid ? 3 : 0; round < (avoid ? 6 : 3); round++)
        for (int n = 0; n < tr->nn; n++) {
            mdl_node_kind kd = tm->nodes[n].kind;
            bool want = round == 0 ? kd == MDL_NODE_PARKING : round == 1 ? kd == MDL_NODE_CHARGING : true;
            if (round == 3) want = kd == MDL_NODE_PARKING && tr->park_used[n] < tr->park_places[n];
            if (round == 4) want = tr_agv_aside_ok(tr, n); /* (a place kept for passing) */
            if (want && tr->zones[n].count < tr->zones[n].cap) return n;
        }
    return -1;
}

/* Vehicle g, number k of fleet f: its buffers, battery, stream and start
 * node; `held`: surplus, off the network (fleets_init). */
static bool vehicle_init(tr_run *tr, tr_fleet *f, int g, int k, bool held) {
    tr_vehicle *v = &tr->veh[g];
    v->index = g;
    v->fleet = f->index;
    v->spec = f->spec;
    v->task.req = -1;
    v->task.park_node = v->task.charge_node = -1;
    v->traffic.wait_zone = -1;
    v->traffic.backoff_goal = v->traffic.aside_node = -1;
    v->traffic.corr = v->traffic.claim = -1;
    v->traffic.pass_since = NAN;
    v->task.units = calloc((size_t)f->spec->capacity, sizeof *v->task.units);
    v->motion.path_buf = calloc((size_t)(tr->nn + 1), sizeof *v->motion.path_buf);
    v->motion.parc_buf = calloc((size_t)(tr->nn + 1), sizeof *v->motion.parc_buf);
    tr_agv_route_own(v);
    v->motion.tnode = calloc((size_t)(tr->nn + 1), sizeof *v->motion.tnode);
    v->motion.unode = calloc((size_t)(tr->nn + 1), sizeof *v->motion.unode);
    if (!v->task.units || !v->motion.path_buf || !v->motion.parc_buf || !v->motion.tnode || !v->motion.unode) return false;
    v->off = f->spec->calendar >= 0 && !mdl__run_calendar_on(tr->r, f->spec->calendar); /* (mdl_agv_shift.c) */
    v->led.state = v->off ? MDL_V_OFF : MDL_V_IDLE;
    v->traffic.force_due = INFINITY;
    v->battery.idle_kws = f->spec->idle_kw / 3600.0;
    v->battery.charge_kws = f->spec->battery.charge_kw / 3600.0;
    tr_agv_latch_speed(tr, v);
    if (f->spec->battery.enabled) v->battery.level = f->spec->battery.initial * f->spec->battery.capacity_kwh;
    v->stats.bmin = f->spec->battery.enabled ? INFINITY : NAN;
    sim_rng_seed(&v->rng, tr->master, sim_rng_stream_id(f->spec->id, (uint64_t)4 << 40 | (uint64_t)k));
    if (held) { /* (switched off, on no node: shown where the fleet's first vehicle starts) */
        v->task.held = true;
        v->battery.idle_kws = 0.0;
        v->node = v->motion.path_buf[0] = tr->veh[f->first].node;
        v->motion.plen = 1;
        return true;
    }
    int start = start_node(tr, f->spec);
    if (start < 0) return false;
    v->node = start;
    v->motion.path_buf[0] = start;
    v->motion.plen = 1;
    bool aside = f->spec->traffic != MDL_TRAFFIC_DETECT && tr_agv_aside_ok(tr, start); /* (a place aside, kept as parking's) */
    tr->zones[start].count++;
    tr_agv_stand(tr, v);
    if (tr->model->nodes[start].kind == MDL_NODE_PARKING || aside) {
        tr->park_used[start]++;
        v->task.park_node = start;
    }
    return true;
}

/* The fleets, their routing tables and their vehicles. */
static bool fleets_init(tr_run *tr, bool *physics) {
    const struct tr_model *tm = tr->model;
    tr->fleets = calloc((size_t)tr->nfleets, sizeof *tr->fleets);
    int nveh = 0;
    for (int f = 0; f < tr->nfleets; f++) nveh += tm->fleets[f].count;
    tr->veh = calloc((size_t)nveh, sizeof *tr->veh);
    tr->scratch = calloc((size_t)nveh + 1, sizeof *tr->scratch);
    tr->wlist = calloc((size_t)nveh + 1, sizeof *tr->wlist);
    if (!tr->fleets || !tr->veh || !tr->scratch || !tr->wlist) return false;
    tr->nveh = nveh;
    /* With avoidance, a fleet larger than its layout holds (check's
     * fleet-size warning) keeps its surplus out of the traffic, as a
     * controller with too many vehicles would: its last vehicles stand
     * switched off, off the path network, for the whole run. Put on it,
     * they filled the places vehicles make way in (the line A -> S -> B
     * with 4: two loaded vehicles had to swap on S's node, 1,352 forced
     * passes in 5 days). */
    int *on = calloc((size_t)tr->nfleets, sizeof *on);
    if (!on || !tr_layout_fleet_on(tr->m, tm, on)) {
        free(on);
        return false;
    }
    int g = 0;
    for (int fi = 0; fi < tr->nfleets; fi++) {
        tr_fleet *f = &tr->fleets[fi];
        f->index = fi;
        f->spec = &tm->fleets[fi];
        f->first = g;
        f->count = f->spec->count;
        f->req_head = f->req_tail = -1;
        f->wait_head = f->wait_tail = -1;
        f->speed_factor = 1.0;
        sim_tally_reset(&f->wait);
        bool ok = tr_agv_fleet_tables(tr, f);
        if (f->spec->mode == MDL_MOTION_PHYSICS) *physics = true;
        for (int k = 0; ok && k < f->count; k++, g++) ok = vehicle_init(tr, f, g, k, k >= on[fi]);
        if (!ok) {
            free(on);
            return false;
        }
        tr->nveh_on += on[fi];
    }
    free(on);
    return true;
}

/* The tournament tree of the vehicles' own events, the world's event source. */
static bool own_init(tr_run *tr) {
    tr->own_n = 2;
    while (tr->own_n < tr->nveh) tr->own_n *= 2;
    tr->own_key = malloc((size_t)(2 * tr->own_n) * sizeof *tr->own_key);
    tr->own_who = malloc((size_t)(2 * tr->own_n) * sizeof *tr->own_who);
    if (!tr->own_key || !tr->own_who) return false;
    for (int i = 0; i < 2 * tr->own_n; i++) tr->own_key[i] = dbits(INFINITY);
    for (int i = 2 * tr->own_n; i-- > 1;) tr->own_who[i] = i >= tr->own_n ? i - tr->own_n : tr->own_who[2 * i];
    tr->own_running = -1;
    tr->own_next = INFINITY;
    sim_world_set_source(tr->w, tr_agv_on_vehicle, tr, &tr->own_next);
    return true;
}

bool tr_agv_init(tr_run *tr) {
    tr->nfleets = tr->model->nfleets;
    tr->req_free = -1;
    if (!tr->nfleets) return true;
    bool physics = false;
    if (!network_init(tr) || !fleets_init(tr, &physics) || !tr_agv_idle_init(tr) || !tr_plan_scratch_init(tr)) return false;
    if (physics && !tr_phys_init(tr)) return false;
    for (int i = 0; i < tr->nveh; i++) arm_low(tr, &tr->veh[i]);
    if (!own_init(tr)) return false;
    if (!tr_maint_vehicle_init(tr)) return false; /* maintenance hook */
    tr->smemo_direct = tr->na <= TR_SMEMO_N / (TR_SMEMO_K - 1);
    tr->smemo = calloc(tr->smemo_direct ? (size_t)(tr->na * (TR_SMEMO_K - 1) + 1) : TR_SMEMO_N, sizeof *tr->smemo);
    tr->rest = malloc((size_t)(tr->na + 1) * sizeof *tr->rest);
    if (!tr->smemo || !tr->rest) return false;
    for (int a = 0; a <= tr->na; a++) tr->rest[a].vtop = UINT64_MAX; /* a NaN: no vtop */
    return true;
}

void tr_agv_free(tr_run *tr) {
    if (tr->own_key) sim_world_set_source(tr->w, NULL, NULL, NULL);
    tr_phys_free(tr);
    tr_maint_vehicle_free(tr); /* maintenance hook */
    for (int i = 0; i < tr->nveh && tr->veh; i++) {
        tr_vehicle *v = &tr->veh[i];
        free(v->task.units);
        free(v->motion.path_buf);
        free(v->motion.parc_buf);
        free(v->motion.tnode);
        free(v->motion.unode);
    }
    tr_agv_idle_free(tr);
    tr_plan_scratch_free(tr);
    free(tr->veh);
    free(tr->scratch);
    free(tr->wlist);
    free(tr->wake);
    for (int f = 0; f < tr->nfleets && tr->fleets; f++) {
        tr_fleet *fl = &tr->fleets[f];
        free(fl->rows); /* (the rows are the model's: mdl_agv_tables.c) */
        tr_routes_free(fl);
    }
    free(tr->fleets);
    tr_agv_zones_free(tr);
    free(tr->zones);
    free(tr->smemo);
    free(tr->rest);
    free(tr->own_key);
    free(tr->own_who);
    free(tr->parking);
    free(tr->charging);
    free(tr->arcs);
    free(tr->adj);
    free(tr->adj_start);
    free(tr->park_used);
    free(tr->slots_used);
    free(tr->charger_wait);
    free(tr->reqs);
}

void tr_agv_warmup(tr_run *tr, double now) {
    for (int i = 0; i < tr->nveh; i++) {
        tr_vehicle *v = &tr->veh[i];
        bat_update(tr, v);
        sim_ledger_restart(&v->led, now);
        v->stats.trips = v->stats.delivered = v->stats.charges = v->stats.collisions = v->stats.near_misses = v->stats.safety = 0;
        v->stats.distance = v->stats.e_drive = v->stats.e_idle = v->stats.pass_wait = 0.0;
        if (!isnan(v->traffic.pass_since)) v->traffic.pass_since = now;
        v->stats.bmin = v->spec->battery.enabled ? INFINITY : NAN;
    }
    for (int f = 0; f < tr->nfleets; f++) {
        tr_fleet *fl = &tr->fleets[f];
        sim_tally_reset(&fl->wait);
        memset(&fl->wait_hist, 0, sizeof fl->wait_hist);
        fl->trips = fl->units = fl->collisions = fl->near_misses = fl->deadlocks = fl->forced = fl->charges = fl->safety = 0;
        for (int k = fl->first; k < fl->first + fl->count; k++) bat_note(&tr->veh[k]);
    }
    tr_maint_vehicle_warmup(tr); /* maintenance hook */
}

/* Seconds v has waited at a passing place up to now. */
static double pass_wait(const tr_vehicle *v, double now) {
    return v->stats.pass_wait + (isnan(v->traffic.pass_since) ? 0.0 : now - v->traffic.pass_since);
}

/* The time shares (and utilisation) of the seconds acc[] spent per state,
 * traffic split by the seconds `passing` of it spent at passing places. */
static void put_shares(const double *acc, double passing, double *o) {
    double tot = 0.0;
    for (int k = 0; k < MDL_V_STATE_COUNT; k++) tot += acc[k];
    /* the shares are of the shift hours, as stations' (off_shift: of all) */
    double on = tot - acc[MDL_V_OFF];
    double t = on > 0.0 ? on : NAN;
    o[MDL_FKPI_OFF_SHIFT] = tot > 0.0 ? acc[MDL_V_OFF] / tot : NAN;
    o[MDL_FKPI_LOADED] = acc[MDL_V_LOADED] / t;
    o[MDL_FKPI_EMPTY] = acc[MDL_V_EMPTY] / t;
    o[MDL_FKPI_HANDLING] = acc[MDL_V_HANDLING] / t;
    o[MDL_FKPI_TRAFFIC] = acc[MDL_V_TRAFFIC] / t;
    o[MDL_FKPI_BLOCKED] = acc[MDL_V_BLOCKED] / t;
    o[MDL_FKPI_CHARGING] = acc[MDL_V_CHARGING] / t;
    o[MDL_FKPI_IDLE] = acc[MDL_V_IDLE] / t;
    o[MDL_FKPI_UTILIZATION] = (acc[MDL_V_LOADED] + acc[MDL_V_EMPTY] + acc[MDL_V_HANDLING]) / t;
    o[MDL_FKPI_TRAFFIC_PASSING] = passing / t;
    o[MDL_FKPI_TRAFFIC_STRETCH] = (acc[MDL_V_TRAFFIC] - passing) / t;
    o[MDL_FKPI_DOWN] = acc[MDL_V_DOWN] / t;
    o[MDL_FKPI_MAINT] = acc[MDL_V_MAINT] / t;
}

/* One vehicle's own KPIs into o[MDL_FKPI_COUNT]. */
static void vehicle_result(const tr_vehicle *v, double now, double *o) {
    double acc[MDL_V_STATE_COUNT] = {0};
    sim_ledger_sum(&v->led, now, acc, MDL_V_STATE_COUNT);
    double e_idle = v->stats.e_idle;
    if (!v->battery.charging) e_idle += v->battery.idle_kws * (now - v->battery.bt);
    for (int k = 0; k < MDL_FKPI_COUNT; k++) o[k] = NAN;
    put_shares(acc, pass_wait(v, now), o);
    o[MDL_FKPI_SAFETY_EVENTS] = (double)v->stats.safety;
    o[MDL_FKPI_TRIPS] = (double)v->stats.trips;
    o[MDL_FKPI_UNITS] = (double)v->stats.delivered;
    o[MDL_FKPI_DISTANCE_M] = v->stats.distance;
    o[MDL_FKPI_ENERGY_KWH] = v->stats.e_drive + e_idle;
    o[MDL_FKPI_COLLISIONS] = (double)v->stats.collisions;
    o[MDL_FKPI_NEAR_MISSES] = (double)v->stats.near_misses;
    o[MDL_FKPI_CHARGES] = (double)v->stats.charges;
    if (v->spec->battery.enabled) {
        double b = tr_battery_now(v, now);
        o[MDL_FKPI_BATTERY_MIN] = b >= v->stats.bmin ? v->stats.bmin : b;
    }
    if (v->mt) tr_maint_vehicle_result(v, acc, o); /* maintenance hook */
}

double tr_agv_result(const tr_run *tr, double now, mdl_rep_result *out) {
    if (out->vehicle)
        for (int i = 0; i < tr->nveh && i < out->nvehicles; i++)
            vehicle_result(&tr->veh[i], now, &out->vehicle[i * MDL_FKPI_COUNT]);
    double total = 0.0;
    for (int fi = 0; fi < tr->nfleets; fi++) {
        const tr_fleet *f = &tr->fleets[fi];
        /* The fleet's sums are its vehicles' (which keep their own). */
        double acc[MDL_V_STATE_COUNT] = {0}, distance = 0.0, e_drive = 0.0, e_idle = 0.0;
        double bmin = INFINITY, passing = 0.0;
        for (int i = f->first; i < f->first + f->count; i++) {
            const tr_vehicle *v = &tr->veh[i];
            sim_ledger_sum(&v->led, now, acc, MDL_V_STATE_COUNT);
            passing += pass_wait(v, now);
            distance += v->stats.distance;
            e_drive += v->stats.e_drive;
            e_idle += v->stats.e_idle;
            if (!v->battery.charging) e_idle += v->battery.idle_kws * (now - v->battery.bt);
            if (!(v->stats.bmin >= bmin)) bmin = v->stats.bmin;
        }
        double e = e_drive + e_idle;
        total += e;
        if (!out->fleet || fi >= out->nfleets) continue;
        double *o = &out->fleet[fi * MDL_FKPI_COUNT];
        put_shares(acc, passing, o);
        o[MDL_FKPI_SAFETY_EVENTS] = (double)f->safety;
        o[MDL_FKPI_TRIPS] = (double)f->trips;
        o[MDL_FKPI_UNITS] = (double)f->units;
        o[MDL_FKPI_DISTANCE_M] = distance;
        o[MDL_FKPI_ENERGY_KWH] = e;
        o[MDL_FKPI_REQUEST_WAIT_S] = sim_tally_mean(&f->wait);
        o[MDL_FKPI_REQUEST_WAIT_P95_S] = tr_hist_quantile(&f->wait_hist, 0.95);
        o[MDL_FKPI_COLLISIONS] = (double)f->collisions;
        o[MDL_FKPI_NEAR_MISSES] = (double)f->near_misses;
        o[MDL_FKPI_DEADLOCKS] = (double)f->deadlocks;
        o[MDL_FKPI_DEADLOCK_FORCED] = (double)f->forced;
        o[MDL_FKPI_CHARGES] = (double)f->charges;
        o[MDL_FKPI_STALLED] = mdl_run_fleet_task_age(tr->r, fi) > mdl_stall_limit(mdl_run_horizon(tr->r)) ? 1.0 : 0.0;
        if (f->spec->battery.enabled)
            for (int i = f->first; i < f->first + f->count; i++) {
                double b = tr_battery_now(&tr->veh[i], now);
                if (!(b >= bmin)) bmin = b;
            }
        o[MDL_FKPI_BATTERY_MIN] = f->spec->battery.enabled ? bmin : NAN;
        for (int k = MDL_FKPI_FAILURES; k <= MDL_FKPI_MAINT_COST; k++) o[k] = f->spec->maint ? 0.0 : NAN;
        if (f->spec->maint) tr_maint_fleet_result(tr, f, acc, o); /* maintenance hook */
    }
    return total;
}


bool tr_agv_set_speed(tr_run *tr, int fleet, double factor) {
    if (fleet < 0 || fleet >= tr->nfleets || !(factor > 0.0 && factor <= 10.0)) return false;
    tr->fleets[fleet].speed_factor = factor;
    return true;
}
