/*
 * mdl_agv_task.c - AGV tasks and battery: the vehicle's ledger state
 * (xr_agv_refresh), battery levels and the low-battery event, transport
 * requests and dispatching, pick-up, drop, charging, parking, and the
 * stations' out-points.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"

static void veh_free(mdl_xrun *x, xr_vehicle *v);
static void on_low(sim_world *w, void *subject, void *object);
static void dispatch_request(mdl_xrun *x, int req);
static void serve_outpoint(mdl_xrun *x, int station);

/* ---- ledger and battery ----------------------------------------------------- */

double xr_battery_now(const xr_vehicle *v, double now) {
    if (!v->spec->battery.enabled) return 1.0;
    double l = v->level;
    if (v->charging)
        l += v->charge_kws * (now - v->bt);
    else
        l -= v->idle_kws * (now - v->bt);
    if (l > bat_cap(v)) l = bat_cap(v);
    if (l < 0.0) l = 0.0;
    return l / bat_cap(v);
}

void xr_agv_arm_low_aim(mdl_xrun *x, xr_vehicle *v) {
    double t = INFINITY, now = xr_now(x), thr = v->spec->battery.threshold * bat_cap(v);
    double level = v->level - v->idle_kws * (now - v->bt);
    if (level < thr)
        t = now;
    else if (v->spec->idle_kw > 0.0)
        t = now + (level - thr) / v->idle_kws;
    /* low_ev is pending while non-zero (on_low clears it), at low_t. */
    if (v->low_ev) {
        if (fabs(v->low_t - t) <= 1e-9 * (1.0 + fabs(t))) return;
        if (isfinite(t)) { /* (moved: the same order as a new event, no record freed and taken) */
            sim_event_reschedule(x->w, v->low_ev, t);
            v->low_t = t;
            return;
        }
        sim_event_cancel(x->w, v->low_ev);
        v->low_ev = 0;
    }
    if (isfinite(t)) {
        v->low_ev = sim_event_schedule(x->w, t, 0, on_low, x, v);
        v->low_t = t;
    }
}

void xr_agv_refresh(mdl_xrun *x, xr_vehicle *v) {
    bat_update(x, v);
    /* by priority, lowest first (selects, no branches) */
    int st = v->nunits > 0 ? MDL_V_LOADED : MDL_V_EMPTY;
    st = (v->moving | (v->task != VT_NONE)) ? st : MDL_V_IDLE;
    st = v->wait_zone >= 0 ? MDL_V_TRAFFIC : st;
    st = v->blocked ? MDL_V_BLOCKED : st;
    st = v->handling ? MDL_V_HANDLING : st;
    st = (v->charging | v->waiting_charger) ? MDL_V_CHARGING : st;
    xr_ledger_set(&v->led, xr_now(x), st);
    arm_low(x, v);
}

/* ---- requests and tasks ---------------------------------------------------------------- */

static int station_node(const mdl_xrun *x, int st) { return x->xm->st_node[st]; }

static int req_new(mdl_xrun *x) {
    if (x->req_free < 0) {
        int old = x->nreqs_cap, nc = old ? old * 2 : 64;
        xr_req *p = realloc(x->reqs, (size_t)nc * sizeof *p);
        if (!p) mdl__xrun_oom(x);
        x->reqs = p;
        for (int i = old; i < nc; i++) p[i].next_free = i + 1 < nc ? i + 1 : -1;
        x->nreqs_cap = nc;
        x->req_free = old;
    }
    int i = x->req_free;
    x->req_free = x->reqs[i].next_free;
    return i;
}

static void req_unlink(mdl_xrun *x, int i) {
    xr_req *q = &x->reqs[i];
    xr_fleet *f = &x->fleets[q->fleet];
    if (q->prev >= 0) x->reqs[q->prev].next = q->next; else f->req_head = q->next;
    if (q->next >= 0) x->reqs[q->next].prev = q->prev; else f->req_tail = q->prev;
    f->nreq--;
    q->next_free = x->req_free;
    x->req_free = i;
}

static bool battery_low(mdl_xrun *x, xr_vehicle *v) {
    if (!v->spec->battery.enabled) return false;
    bat_update(x, v);
    return v->level < v->spec->battery.threshold * bat_cap(v);
}

static void assign(mdl_xrun *x, xr_vehicle *v, int req) {
    if (v->park_node >= 0) x->park_used[v->park_node]--;
    v->park_node = -1;
    x->reqs[req].vehicle = v->gid;
    v->req = req;
    v->pick = x->reqs[req].from;
    v->drop = x->reqs[req].to;
    xr_agv_go(x, v, station_node(x, v->pick), VT_PICKUP);
}

static void go_charge(mdl_xrun *x, xr_vehicle *v);

static void dispatch_request(mdl_xrun *x, int req) {
    xr_fleet *f = &x->fleets[x->reqs[req].fleet];
    int pick = station_node(x, x->reqs[req].from);
    xr_vehicle *best = NULL;
    double bk = INFINITY;
    for (int i = f->first; i < f->first + f->count; i++) {
        xr_vehicle *v = &x->veh[i];
        if (!available(v)) continue;
        if (battery_low(x, v)) {
            if (v->task == VT_NONE) go_charge(x, v);
            continue;
        }
        double k = f->spec->dispatch == MDL_FLEET_NEAREST ? xr_agv_travel(x, v, v->node, pick) : v->idle_since;
        if (k < bk) bk = k, best = v;
    }
    if (best) assign(x, best, req);
}

/* The request a freed vehicle takes under its fleet's rule, or -1. */
static int pick_request(mdl_xrun *x, xr_vehicle *v) {
    xr_fleet *f = &x->fleets[v->fleet];
    int best = -1;
    double bk = INFINITY;
    for (int i = f->req_head; i >= 0; i = x->reqs[i].next) {
        const xr_req *q = &x->reqs[i];
        if (q->vehicle >= 0) continue;
        if (f->spec->dispatch == MDL_FLEET_FCFS) return i;
        double k = f->spec->dispatch == MDL_FLEET_NEAREST ? xr_agv_travel(x, v, v->node, station_node(x, q->from))
                                                          : (double)mdl__run_station_content(x->r, q->to);
        if (k < bk) bk = k, best = i;
    }
    return best;
}

static void go_charge(mdl_xrun *x, xr_vehicle *v) {
    if (v->park_node >= 0) x->park_used[v->park_node]--;
    v->park_node = -1;
    int best = -1;
    double bd = INFINITY;
    for (int j = 0; j < x->ncharging; j++) {
        int n = x->charging[j];
        if (x->slots_used[n] >= x->xm->nodes[n].slots) continue;
        double d = xr_agv_travel(x, v, v->node, n);
        if (d < bd) bd = d, best = n;
    }
    if (best < 0) {
        /* Every charger busy: wait in line, on a parking place if there is
         * one (standing on a through node would block the traffic that
         * frees the chargers). */
        v->waiting_charger = true;
        xr_push_int(x, &x->charger_wait, &x->ncharger_wait, &x->capcharger_wait, v->gid);
        int park = -1;
        double pd = INFINITY;
        for (int j = 0; j < x->nparking; j++) {
            int n = x->parking[j];
            if (x->park_used[n] >= x->xm->nodes[n].capacity) continue;
            double d = xr_agv_travel(x, v, v->node, n);
            if (d < pd) pd = d, park = n;
        }
        if (park >= 0) {
            x->park_used[park]++;
            v->park_node = park;
            xr_agv_go(x, v, park, VT_PARK);
            return;
        }
        v->task = VT_CHARGE;
        xr_agv_refresh(x, v);
        return;
    }
    x->slots_used[best]++;
    v->charge_node = best;
    xr_agv_go(x, v, best, VT_CHARGE);
}

/* The idle draw has taken an idle vehicle down to the threshold. */
static void on_low(sim_world *w, void *subject, void *object) {
    (void)w;
    mdl_xrun *x = subject;
    xr_vehicle *v = object;
    v->low_ev = 0;
    if (!available(v) || v->charge_node >= 0) return;
    bat_update(x, v);
    if (v->level <= v->spec->battery.threshold * bat_cap(v) + 1e-9 * bat_cap(v)) {
        go_charge(x, v);
        return;
    }
    arm_low(x, v); /* not there yet (rounding): aim again */
}

static void veh_free(mdl_xrun *x, xr_vehicle *v) {
    v->task = VT_NONE;
    v->nunits = 0;
    v->req = -1;
    v->idle_since = xr_now(x);
    if (battery_low(x, v) && x->ncharging > 0) {
        go_charge(x, v);
        return;
    }
    int q = pick_request(x, v);
    if (q >= 0) {
        assign(x, v, q);
        return;
    }
    if (v->spec->idle == MDL_IDLE_PARK && !(v->park_node >= 0 && v->park_node == v->node)) {
        int best = -1;
        double bd = INFINITY;
        for (int j = 0; j < x->nparking; j++) {
            int n = x->parking[j];
            if (x->park_used[n] >= x->xm->nodes[n].capacity) continue;
            double d = xr_agv_travel(x, v, v->node, n);
            if (d < bd) bd = d, best = n;
        }
        if (best >= 0) {
            x->park_used[best]++;
            v->park_node = best;
            xr_agv_go(x, v, best, VT_PARK);
            return;
        }
    }
    xr_agv_refresh(x, v);
}

static void start_unload(mdl_xrun *x, xr_vehicle *v) {
    v->blocked = false;
    v->handling = true;
    double t = mdl__run_checked(x->r, sim_dist_sample(&v->spec->unload, &v->rng), "fleet", v->spec->id, "unload");
    vehicle_at(x, v, xr_now(x) + (t > 0.0 ? t : 0.0), VE_HANDLED);
    xr_agv_refresh(x, v);
}

static void try_unload(mdl_xrun *x, xr_vehicle *v) {
    if (mdl__run_reserve(x->r, v->drop, (uint32_t)v->gid)) {
        start_unload(x, v);
    } else {
        v->blocked = true;
        xr_agv_refresh(x, v);
    }
}

void xr_agv_granted(mdl_xrun *x, int gid) { start_unload(x, &x->veh[gid]); }

void xr_agv_arrived(mdl_xrun *x, xr_vehicle *v) {
    xr_fleet *f = &x->fleets[v->fleet];
    double now = xr_now(x);
    switch (v->task) {
    case VT_PICKUP: {
        /* Take the request's unit and others at this out-point bound for the
         * same station, up to the capacity, in order of arrival. */
        int n = 0;
        double t = 0.0;
        int i = f->req_head;
        while (i >= 0 && n < v->spec->capacity) {
            int nx = x->reqs[i].next;
            xr_req *q = &x->reqs[i];
            if (i == v->req || (q->vehicle < 0 && q->from == v->pick && q->to == v->drop)) {
                v->units[n++] = q->unit;
                sim_tally_add(&f->wait, now - q->t);
                xr_hist_add(&f->wait_hist, now - q->t);
                double d =
                    mdl__run_checked(x->r, sim_dist_sample(&v->spec->load, &v->rng), "fleet", v->spec->id, "load");
                t += d > 0.0 ? d : 0.0;
                req_unlink(x, i);
            }
            i = nx;
        }
        v->nunits = n;
        v->req = -1;
        v->handling = true;
        vehicle_at(x, v, xr_now(x) + t, VE_HANDLED);
        xr_agv_refresh(x, v);
        break;
    }
    case VT_DROP:
        v->unloaded = 0;
        try_unload(x, v);
        break;
    case VT_PARK:
        v->task = VT_NONE;
        v->idle_since = now;
        xr_agv_refresh(x, v);
        break;
    case VT_CHARGE:
        bat_update(x, v);
        v->charging = true;
        f->charges++;
        v->charges++;
        vehicle_at(x, v, xr_now(x) + (bat_cap(v) - v->level) / v->charge_kws, VE_CHARGED);
        xr_agv_refresh(x, v);
        break;
    default:
        v->task = VT_NONE;
        xr_agv_refresh(x, v);
        break;
    }
}

void xr_agv_handled(mdl_xrun *x, xr_vehicle *v) {
    v->handling = false;
    if (v->task == VT_PICKUP) {
        x->out[v->pick].count -= v->nunits;
        xr_agv_go(x, v, station_node(x, v->drop), VT_DROP);
        serve_outpoint(x, v->pick);
        return;
    }
    /* One unit unloaded into its reserved room. */
    uint32_t u = v->units[v->unloaded++];
    xr_fleet *f = &x->fleets[v->fleet];
    f->units++;
    v->delivered++;
    /* (try_unload and veh_free book the vehicle's new state) */
    if (v->unloaded < v->nunits) {
        mdl__run_deliver(x->r, v->drop, u);
        try_unload(x, v);
        return;
    }
    f->trips++;
    v->trips++;
    v->nunits = 0;
    mdl__run_deliver(x->r, v->drop, u);
    veh_free(x, v);
}

void xr_agv_charged(mdl_xrun *x, xr_vehicle *v) {
    bat_update(x, v);
    v->level = bat_cap(v);
    v->charging = false;
    int node = v->charge_node;
    x->slots_used[node]--;
    v->charge_node = -1;
    if (x->ncharger_wait > 0) {
        xr_vehicle *u = &x->veh[x->charger_wait[0]];
        xr_remove_int(x->charger_wait, &x->ncharger_wait, 0);
        u->waiting_charger = false;
        if (u->park_node >= 0) x->park_used[u->park_node]--;
        u->park_node = -1;
        x->slots_used[node]++;
        u->charge_node = node;
        xr_agv_go(x, u, node, VT_CHARGE);
    }
    veh_free(x, v);
}

/* ---- out-points --------------------------------------------------------------------- */


bool xr_agv_offer(mdl_xrun *x, int gid, uint32_t unit, int fleet, int from, int to) {
    xr_outpoint *o = &x->out[from];
    if ((o->nwait > 0 && !o->serving) || o->count >= o->cap) {
        xr_push_int(x, &o->wait, &o->nwait, &o->capwait, gid);
        /* Room, but others wait: serve them in order now; a stopped one
         * keeps its place and lets this one pass. */
        if (o->count < o->cap) serve_outpoint(x, from);
        return false;
    }
    o->count++;
    int i = req_new(x);
    xr_fleet *f = &x->fleets[fleet];
    x->reqs[i] = (xr_req){unit, from, to, fleet, -1, xr_now(x), f->req_tail, -1, -1};
    if (f->req_tail >= 0) x->reqs[f->req_tail].next = i; else f->req_head = i;
    f->req_tail = i;
    f->nreq++;
    dispatch_request(x, i);
    return true;
}

static void serve_outpoint(mdl_xrun *x, int station) {
    xr_outpoint *o = &x->out[station];
    int i = 0;
    while (i < o->nwait && o->count < o->cap) {
        int gid = o->wait[i];
        xr_remove_int(o->wait, &o->nwait, i);
        o->serving = true;
        bool moved = mdl__run_entry_retry(x->r, gid);
        o->serving = false;
        if (!moved) {
            xr_insert_int(x, &o->wait, &o->nwait, &o->capwait, i, gid);
            i++;
        }
    }
}

void xr_agv_poke(mdl_xrun *x, int station) { serve_outpoint(x, station); }

