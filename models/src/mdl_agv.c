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
 * task in one place, xr_agv_refresh, like server_refresh in mdl_run.c.
 *
 * Routing uses per-fleet tables of free-flow travel time (edge length over
 * min(fleet speed, edge limit)), built by one reverse Dijkstra per target
 * node; "nearest" means least free-flow travel time (= least distance when
 * no edge has a limit). Routes avoid running through parking and charging
 * nodes (no_through). Ties always go to the lower index.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"

/* ---- set-up, results, views ------------------------------------------------------------ */

bool xr_agv_init(mdl_xrun *x) {
    const struct mdl_xmodel *xm = x->xm;
    x->nfleets = xm->nfleets;
    x->req_free = -1;
    if (!x->nfleets) return true;
    x->nn = xm->nnodes;
    int ne = xm->nedges;
    x->arcs = calloc((size_t)(2 * ne + 1), sizeof *x->arcs);
    x->adj_start = calloc((size_t)(x->nn + 2), sizeof *x->adj_start);
    x->adj = calloc((size_t)(2 * ne + 1), sizeof *x->adj);
    x->zones = calloc((size_t)(x->nn + ne + 1), sizeof *x->zones);
    x->park_used = calloc((size_t)(x->nn + 1), sizeof *x->park_used);
    x->slots_used = calloc((size_t)(x->nn + 1), sizeof *x->slots_used);
    x->fleets = calloc((size_t)x->nfleets, sizeof *x->fleets);
    if (!x->arcs || !x->adj_start || !x->adj || !x->zones || !x->park_used || !x->slots_used || !x->fleets) return false;
    for (int e = 0; e < ne; e++) {
        const mdl_edge_spec *es = &xm->edges[e];
        double vmax = es->speed_limit > 0.0 ? es->speed_limit : INFINITY;
        x->arcs[x->na++] = (xr_arc){es->from, es->to, e, 1, xm->edge_len[e], vmax};
        if (es->two_way) x->arcs[x->na++] = (xr_arc){es->to, es->from, e, -1, xm->edge_len[e], vmax};
    }
    for (int a = 0; a < x->na; a++) x->adj_start[x->arcs[a].from + 1]++;
    for (int n = 0; n < x->nn; n++) x->adj_start[n + 1] += x->adj_start[n];
    int *fill = calloc((size_t)(x->nn + 1), sizeof *fill);
    if (!fill) return false;
    for (int a = 0; a < x->na; a++) {
        int n = x->arcs[a].from;
        x->adj[x->adj_start[n] + fill[n]++] = a;
    }
    free(fill);
    for (int n = 0; n < x->nn; n++) x->zones[n].cap = xm->nodes[n].capacity;
    for (int e = 0; e < ne; e++) {
        x->zones[x->nn + e].cap = xm->edges[e].capacity;
        x->zones[x->nn + e].two_way = is_two_way(x, x->nn + e);
    }
    int nveh = 0;
    for (int f = 0; f < x->nfleets; f++) nveh += xm->fleets[f].count;
    x->veh = calloc((size_t)nveh, sizeof *x->veh);
    x->scratch = calloc((size_t)nveh + 1, sizeof *x->scratch);
    x->wlist = calloc((size_t)nveh + 1, sizeof *x->wlist);
    if (!x->veh || !x->scratch || !x->wlist) return false;
    x->nveh = nveh;
    bool physics = false;
    int g = 0;
    for (int fi = 0; fi < x->nfleets; fi++) {
        xr_fleet *f = &x->fleets[fi];
        f->index = fi;
        f->spec = &xm->fleets[fi];
        f->first = g;
        f->count = f->spec->count;
        f->req_head = f->req_tail = -1;
        f->speed_factor = 1.0;
        sim_tally_reset(&f->wait);
        if (!xr_agv_fleet_tables(x, f)) return false;
        /* routes kept for networks up to 256 nodes (an index of at most
         * 512 KB and 4 MB of routes per fleet) */
        if (x->nn <= 256 && !(f->route = calloc((size_t)x->nn * (size_t)x->nn, sizeof *f->route))) return false;
        if (f->spec->mode == MDL_MOTION_PHYSICS) physics = true;
        for (int k = 0; k < f->count; k++, g++) {
            xr_vehicle *v = &x->veh[g];
            v->gid = g;
            v->fleet = fi;
            v->spec = f->spec;
            v->req = -1;
            v->park_node = v->charge_node = -1;
            v->wait_zone = -1;
            v->backoff_goal = -1;
            v->units = calloc((size_t)f->spec->capacity, sizeof *v->units);
            v->path_buf = calloc((size_t)(x->nn + 1), sizeof *v->path_buf);
            v->parc_buf = calloc((size_t)(x->nn + 1), sizeof *v->parc_buf);
            xr_agv_route_own(v);
            v->tnode = calloc((size_t)(x->nn + 1), sizeof *v->tnode);
            v->unode = calloc((size_t)(x->nn + 1), sizeof *v->unode);
            if (!v->units || !v->path_buf || !v->parc_buf || !v->tnode || !v->unode) return false;
            v->led.state = MDL_V_IDLE;
            v->force_due = INFINITY;
            v->idle_kws = f->spec->idle_kw / 3600.0;
            v->charge_kws = f->spec->battery.charge_kw / 3600.0;
            xr_agv_latch_speed(x, v);
            if (f->spec->battery.enabled) v->level = f->spec->battery.initial * f->spec->battery.capacity_kwh;
            v->bmin = f->spec->battery.enabled ? INFINITY : NAN;
            sim_rng_seed(&v->rng, x->master, sim_rng_stream_id(f->spec->id, (uint64_t)4 << 40 | (uint64_t)k));
            /* Start node: home, else parking, then charging, then any node, with room. */
            int start = -1;
            if (f->spec->home >= 0 && x->zones[f->spec->home].count < x->zones[f->spec->home].cap) start = f->spec->home;
            for (int round = 0; round < 3 && start < 0; round++)
                for (int n = 0; n < x->nn && start < 0; n++) {
                    mdl_node_kind kd = xm->nodes[n].kind;
                    bool want = round == 0 ? kd == MDL_NODE_PARKING : round == 1 ? kd == MDL_NODE_CHARGING : true;
                    if (want && x->zones[n].count < x->zones[n].cap) start = n;
                }
            if (start < 0) return false; /* validation refuses this */
            v->node = start;
            v->path_buf[0] = start;
            v->plen = 1;
            x->zones[start].count++;
            if (xm->nodes[start].kind == MDL_NODE_PARKING) {
                x->park_used[start]++;
                v->park_node = start;
            }
        }
    }
    if (physics && !xr_phys_init(x)) return false;
    x->parking = malloc((size_t)(x->nn + 1) * sizeof *x->parking);
    x->charging = malloc((size_t)(x->nn + 1) * sizeof *x->charging);
    if (!x->parking || !x->charging) return false;
    for (int n = 0; n < x->nn; n++) {
        if (xm->nodes[n].kind == MDL_NODE_CHARGING) x->charging[x->ncharging++] = n;
        if (xm->nodes[n].kind == MDL_NODE_PARKING) x->parking[x->nparking++] = n;
    }
    for (int i = 0; i < x->nveh; i++) arm_low(x, &x->veh[i]);
    x->own_n = 2;
    while (x->own_n < x->nveh) x->own_n *= 2;
    x->own_key = malloc((size_t)(2 * x->own_n) * sizeof *x->own_key);
    x->own_who = malloc((size_t)(2 * x->own_n) * sizeof *x->own_who);
    if (!x->own_key || !x->own_who) return false;
    for (int i = 0; i < 2 * x->own_n; i++) x->own_key[i] = dbits(INFINITY);
    for (int i = 2 * x->own_n; i-- > 1;) x->own_who[i] = i >= x->own_n ? i - x->own_n : x->own_who[2 * i];
    x->own_running = -1;
    x->own_next = INFINITY;
    sim_world_set_source(x->w, xr_agv_on_vehicle, x, &x->own_next);
    x->smemo_direct = x->na <= XR_SMEMO_N / (XR_SMEMO_K - 1);
    x->smemo = calloc(x->smemo_direct ? (size_t)(x->na * (XR_SMEMO_K - 1) + 1) : XR_SMEMO_N, sizeof *x->smemo);
    x->rest = malloc((size_t)(x->na + 1) * sizeof *x->rest);
    if (!x->smemo || !x->rest) return false;
    for (int a = 0; a <= x->na; a++) x->rest[a].vtop = UINT64_MAX; /* a NaN: no vtop */
    return true;
}

void xr_agv_free(mdl_xrun *x) {
    if (x->own_key) sim_world_set_source(x->w, NULL, NULL, NULL);
    xr_phys_free(x);
    for (int i = 0; i < x->nveh && x->veh; i++) {
        xr_vehicle *v = &x->veh[i];
        free(v->units);
        free(v->path_buf);
        free(v->parc_buf);
        free(v->tnode);
        free(v->unode);
    }
    free(x->veh);
    free(x->scratch);
    free(x->wlist);
    free(x->wake);
    for (int f = 0; f < x->nfleets && x->fleets; f++) {
        xr_fleet *fl = &x->fleets[f];
        free(fl->dist);
        free(fl->next_arc);
        free(fl->route);
        for (int c = 0; c < fl->nchunks; c++) free(fl->chunks[c]);
        free(fl->chunks);
    }
    free(x->fleets);
    if (x->zones)
        for (int z = 0; z < x->nn + x->xm->nedges; z++) free(x->zones[z].wait);
    free(x->zones);
    free(x->smemo);
    free(x->rest);
    free(x->own_key);
    free(x->own_who);
    free(x->parking);
    free(x->charging);
    free(x->arcs);
    free(x->adj);
    free(x->adj_start);
    free(x->park_used);
    free(x->slots_used);
    free(x->charger_wait);
    free(x->reqs);
}

void xr_agv_warmup(mdl_xrun *x, double now) {
    for (int i = 0; i < x->nveh; i++) {
        xr_vehicle *v = &x->veh[i];
        bat_update(x, v);
        xr_ledger_set(&v->led, now, v->led.state);
        memset(v->led.acc, 0, sizeof v->led.acc);
        v->led.since = now;
        v->trips = v->delivered = v->charges = v->collisions = v->near_misses = 0;
        v->distance = v->e_drive = v->e_idle = 0.0;
        v->bmin = v->spec->battery.enabled ? INFINITY : NAN;
    }
    for (int f = 0; f < x->nfleets; f++) {
        xr_fleet *fl = &x->fleets[f];
        sim_tally_reset(&fl->wait);
        memset(&fl->wait_hist, 0, sizeof fl->wait_hist);
        fl->trips = fl->units = fl->collisions = fl->near_misses = fl->deadlocks = fl->forced = fl->charges = 0;
        for (int k = fl->first; k < fl->first + fl->count; k++) bat_note(&x->veh[k]);
    }
}

/* The time shares (and utilisation) of the seconds acc[] spent per state. */
static void put_shares(const double *acc, double *o) {
    double tot = 0.0;
    for (int k = 0; k < MDL_V_STATE_COUNT; k++) tot += acc[k];
    double t = tot > 0.0 ? tot : NAN;
    o[MDL_FKPI_LOADED] = acc[MDL_V_LOADED] / t;
    o[MDL_FKPI_EMPTY] = acc[MDL_V_EMPTY] / t;
    o[MDL_FKPI_HANDLING] = acc[MDL_V_HANDLING] / t;
    o[MDL_FKPI_TRAFFIC] = acc[MDL_V_TRAFFIC] / t;
    o[MDL_FKPI_BLOCKED] = acc[MDL_V_BLOCKED] / t;
    o[MDL_FKPI_CHARGING] = acc[MDL_V_CHARGING] / t;
    o[MDL_FKPI_IDLE] = acc[MDL_V_IDLE] / t;
    o[MDL_FKPI_UTILIZATION] = (acc[MDL_V_LOADED] + acc[MDL_V_EMPTY] + acc[MDL_V_HANDLING]) / t;
}

/* One vehicle's own KPIs into o[MDL_FKPI_COUNT]. */
static void vehicle_result(const xr_vehicle *v, double now, double *o) {
    double acc[MDL_V_STATE_COUNT];
    for (int k = 0; k < MDL_V_STATE_COUNT; k++) acc[k] = v->led.acc[k];
    acc[v->led.state] += now - v->led.since;
    double e_idle = v->e_idle;
    if (!v->charging) e_idle += v->idle_kws * (now - v->bt);
    for (int k = 0; k < MDL_FKPI_COUNT; k++) o[k] = NAN;
    put_shares(acc, o);
    o[MDL_FKPI_TRIPS] = (double)v->trips;
    o[MDL_FKPI_UNITS] = (double)v->delivered;
    o[MDL_FKPI_DISTANCE_M] = v->distance;
    o[MDL_FKPI_ENERGY_KWH] = v->e_drive + e_idle;
    o[MDL_FKPI_COLLISIONS] = (double)v->collisions;
    o[MDL_FKPI_NEAR_MISSES] = (double)v->near_misses;
    o[MDL_FKPI_CHARGES] = (double)v->charges;
    if (v->spec->battery.enabled) {
        double b = xr_battery_now(v, now);
        o[MDL_FKPI_BATTERY_MIN] = b >= v->bmin ? v->bmin : b;
    }
}

double xr_agv_result(const mdl_xrun *x, double now, mdl_rep_result *out) {
    if (out->vehicle)
        for (int i = 0; i < x->nveh && i < out->nvehicles; i++)
            vehicle_result(&x->veh[i], now, &out->vehicle[i * MDL_FKPI_COUNT]);
    double total = 0.0;
    for (int fi = 0; fi < x->nfleets; fi++) {
        const xr_fleet *f = &x->fleets[fi];
        /* The fleet's sums are its vehicles' (which keep their own). */
        double acc[MDL_V_STATE_COUNT] = {0}, distance = 0.0, e_drive = 0.0, e_idle = 0.0;
        double bmin = INFINITY;
        for (int i = f->first; i < f->first + f->count; i++) {
            const xr_vehicle *v = &x->veh[i];
            for (int k = 0; k < MDL_V_STATE_COUNT; k++) acc[k] += v->led.acc[k];
            acc[v->led.state] += now - v->led.since;
            distance += v->distance;
            e_drive += v->e_drive;
            e_idle += v->e_idle;
            if (!v->charging) e_idle += v->idle_kws * (now - v->bt);
            if (!(v->bmin >= bmin)) bmin = v->bmin;
        }
        double e = e_drive + e_idle;
        total += e;
        if (!out->fleet || fi >= out->nfleets) continue;
        double *o = &out->fleet[fi * MDL_FKPI_COUNT];
        put_shares(acc, o);
        o[MDL_FKPI_TRIPS] = (double)f->trips;
        o[MDL_FKPI_UNITS] = (double)f->units;
        o[MDL_FKPI_DISTANCE_M] = distance;
        o[MDL_FKPI_ENERGY_KWH] = e;
        o[MDL_FKPI_REQUEST_WAIT_S] = sim_tally_mean(&f->wait);
        o[MDL_FKPI_REQUEST_WAIT_P95_S] = xr_hist_quantile(&f->wait_hist, 0.95);
        o[MDL_FKPI_COLLISIONS] = (double)f->collisions;
        o[MDL_FKPI_NEAR_MISSES] = (double)f->near_misses;
        o[MDL_FKPI_DEADLOCKS] = (double)f->deadlocks;
        o[MDL_FKPI_DEADLOCK_FORCED] = (double)f->forced;
        o[MDL_FKPI_CHARGES] = (double)f->charges;
        if (f->spec->battery.enabled)
            for (int i = f->first; i < f->first + f->count; i++) {
                double b = xr_battery_now(&x->veh[i], now);
                if (!(b >= bmin)) bmin = b;
            }
        o[MDL_FKPI_BATTERY_MIN] = f->spec->battery.enabled ? bmin : NAN;
    }
    return total;
}


bool xr_agv_set_speed(mdl_xrun *x, int fleet, double factor) {
    if (fleet < 0 || fleet >= x->nfleets || !(factor > 0.0 && factor <= 10.0)) return false;
    x->fleets[fleet].speed_factor = factor;
    return true;
}
