/*
 * mdl_agv_task.c - AGV tasks and battery: the vehicle's ledger state
 * (tr_agv_refresh), battery levels and the low-battery event, transport
 * requests and dispatching, pick-up, drop, charging, parking, and the
 * stations' out-points.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"

static void veh_free(tr_run *tr, tr_vehicle *v);
static void on_low(sim_world *w, void *subject, void *object);
static void dispatch_request(tr_run *tr, int req);
static void serve_outpoint(tr_run *tr, int station);

/* ---- ledger and battery ----------------------------------------------------- */

double tr_battery_now(const tr_vehicle *v, double now) {
    if (!v->spec->battery.enabled) return 1.0;
    double l = v->battery.level;
    if (v->battery.charging)
        l += v->battery.charge_kws * (now - v->battery.bt);
    else
        l -= v->battery.idle_kws * (now - v->battery.bt);
    if (l > bat_cap(v)) l = bat_cap(v);
    if (l < 0.0) l = 0.0;
    return l / bat_cap(v);
}

void tr_agv_arm_low_aim(tr_run *tr, tr_vehicle *v) {
    double t = INFINITY, now = tr_now(tr), thr = v->spec->battery.threshold * bat_cap(v);
    double level = v->battery.level - v->battery.idle_kws * (now - v->battery.bt);
    if (level < thr)
        t = now;
    else if (v->spec->idle_kw > 0.0)
        t = now + (level - thr) / v->battery.idle_kws;
    /* low_ev is pending while non-zero (on_low clears it), at low_t. */
    if (v->battery.low_ev) {
        if (fabs(v->battery.low_t - t) <= 1e-9 * (1.0 + fabs(t))) return;
        if (isfinite(t)) { /* (moved: the same order as a new event, no record freed and taken) */
            sim_event_reschedule(tr->w, v->battery.low_ev, t);
            v->battery.low_t = t;
            return;
        }
        sim_event_cancel(tr->w, v->battery.low_ev);
        v->battery.low_ev = 0;
    }
    if (isfinite(t)) {
        v->battery.low_ev = sim_event_schedule(tr->w, t, 0, on_low, tr, v);
        v->battery.low_t = t;
    }
}

void tr_agv_refresh(tr_run *tr, tr_vehicle *v) {
    bat_update(tr, v);
    /* by priority, lowest first (selects, no branches) */
    int st = v->task.nunits > 0 ? MDL_V_LOADED : MDL_V_EMPTY;
    st = (v->motion.moving | (v->task.kind != VT_NONE)) ? st : MDL_V_IDLE;
    st = v->traffic.wait_zone >= 0 ? MDL_V_TRAFFIC : st;
    st = v->task.blocked ? MDL_V_BLOCKED : st;
    st = v->task.handling ? MDL_V_HANDLING : st;
    st = (v->battery.charging | v->battery.waiting_charger) ? MDL_V_CHARGING : st;
    st = ((st == MDL_V_IDLE) & v->off) ? MDL_V_OFF : st; /* shift hook: idle off shift (mdl_agv_shift.c) */
    if (v->mt) st = tr_maint_vehicle_state(tr, v, st); /* maintenance hook: down, maintenance */
    sim_ledger_set(&v->led, tr_now(tr), st);
    arm_low(tr, v);
    tr_agv_idle_sync(tr, v);
}

/* ---- requests and tasks ---------------------------------------------------------------- */

static int station_node(const tr_run *tr, int place) { return tr_place_node(tr, place); } /* a station or a dock */

static int req_new(tr_run *tr) {
    if (tr->req_free < 0) {
        int old = tr->nreqs_cap, nc = old ? old * 2 : 64;
        tr_req *p = realloc(tr->reqs, (size_t)nc * sizeof *p);
        if (!p) mdl__transport_oom(tr);
        tr->reqs = p;
        for (int i = old; i < nc; i++) p[i].next_free = i + 1 < nc ? i + 1 : -1;
        tr->nreqs_cap = nc;
        tr->req_free = old;
    }
    int i = tr->req_free;
    tr->req_free = tr->reqs[i].next_free;
    return i;
}

/* Allocation: is room at `place` reserved for a request of a fleet of
 * `spec` before its pick-up? At stations and AS/RS (tr_place_allocated),
 * for every fleet but one on the old traffic = "detect". */
static bool allocates(const tr_run *tr, const mdl_fleet_spec *spec, int place) {
    return spec->traffic != MDL_TRAFFIC_DETECT && tr_place_allocated(tr, place);
}

/* The waiting list: requests with no vehicle yet, in arrival order (what
 * a freed vehicle chooses from, without a look at the assigned ones). */
static void wait_link(tr_run *tr, int i) {
    tr_req *q = &tr->reqs[i];
    tr_fleet *f = &tr->fleets[q->fleet];
    q->wprev = f->wait_tail;
    q->wnext = -1;
    if (f->wait_tail >= 0) tr->reqs[f->wait_tail].wnext = i; else f->wait_head = i;
    f->wait_tail = i;
}

static void wait_unlink(tr_run *tr, int i) {
    tr_req *q = &tr->reqs[i];
    tr_fleet *f = &tr->fleets[q->fleet];
    if (q->wprev >= 0) tr->reqs[q->wprev].wnext = q->wnext; else f->wait_head = q->wnext;
    if (q->wnext >= 0) tr->reqs[q->wnext].wprev = q->wprev; else f->wait_tail = q->wprev;
}

static void req_unlink(tr_run *tr, int i) {
    tr_req *q = &tr->reqs[i];
    tr_fleet *f = &tr->fleets[q->fleet];
    if (q->vehicle < 0 && q->ready) wait_unlink(tr, i);
    if (q->prev >= 0) tr->reqs[q->prev].next = q->next; else f->req_head = q->next;
    if (q->next >= 0) tr->reqs[q->next].prev = q->prev; else f->req_tail = q->prev;
    f->nreq--;
    q->next_free = tr->req_free;
    tr->req_free = i;
}

/* Request i is open to vehicles: into the waiting list, to a vehicle now if one is available. */
static void req_ready(tr_run *tr, int i) {
    tr_req *q = &tr->reqs[i];
    q->ready = true;
    q->tready = tr_now(tr);
    wait_link(tr, i);
    dispatch_request(tr, i);
}

static bool battery_low(tr_run *tr, tr_vehicle *v) {
    if (!v->spec->battery.enabled) return false;
    bat_update(tr, v);
    return v->battery.level < v->spec->battery.threshold * bat_cap(v);
}

static void assign(tr_run *tr, tr_vehicle *v, int req) {
    if (v->task.park_node >= 0) tr->park_used[v->task.park_node]--;
    v->task.park_node = -1;
    wait_unlink(tr, req);
    tr->reqs[req].vehicle = v->index;
    v->task.req = req;
    v->task.task_since = tr_now(tr);
    v->task.pick = tr->reqs[req].from;
    v->task.drop = tr->reqs[req].to;
    tr_agv_go(tr, v, station_node(tr, v->task.pick), VT_PICKUP);
}

static void go_charge(tr_run *tr, tr_vehicle *v);

/* A new request takes a vehicle under the fleet's rule: "nearest" walks
 * out from the pick-up over the available vehicles, the rules by idle
 * time take the head of the fleet's order of idle vehicles (mdl_agv_idle.c:
 * the same choice as a scan of the fleet, ties to the lowest index, with
 * no look at the whole fleet). */
static void dispatch_request(tr_run *tr, int req) {
    tr_fleet *f = &tr->fleets[tr->reqs[req].fleet];
    int pick = station_node(tr, tr->reqs[req].from);
    tr_vehicle *best = f->spec->dispatch == MDL_FLEET_NEAREST ? tr_agv_idle_nearest(tr, f, pick) : tr_agv_idle_longest(tr, f);
    if (best) assign(tr, best, req);
}

/* The request a freed vehicle takes under its fleet's rule, or -1. */
static int pick_request(tr_run *tr, tr_vehicle *v) {
    tr_fleet *f = &tr->fleets[v->fleet];
    int best = -1;
    double bk = INFINITY;
    if (f->spec->dispatch == MDL_FLEET_FCFS) return f->wait_head;
    for (int i = f->wait_head; i >= 0; i = tr->reqs[i].wnext) {
        const tr_req *q = &tr->reqs[i];
        double k = f->spec->dispatch == MDL_FLEET_NEAREST ? tr_agv_travel(tr, v, v->node, station_node(tr, q->from))
                                                          : (double)tr_place_content(tr, q->to);
        if (k < bk) bk = k, best = i;
    }
    return best;
}

/* Reserves a place on parking node n and sends v there. */
static void go_park(tr_run *tr, tr_vehicle *v, int n) {
    tr->park_used[n]++;
    v->task.park_node = n;
    tr_agv_go(tr, v, n, VT_PARK);
}

/* The chargers v reaches, by time from where it stands (ties: node order). */
static const int *chargers_by_time(const tr_run *tr, const tr_vehicle *v) {
    return tr_agv_places_by_time(tr, &tr->fleets[v->fleet], TR_PLACES_CHARGING, v->node);
}

/* With avoidance, the line for a charger waits first on a charging node's
 * places beyond its slots (the nearest with room), -1: none. */
static int charger_place(const tr_run *tr, const tr_vehicle *v) {
    if (v->spec->traffic == MDL_TRAFFIC_DETECT || tr->ncharging == 0) return -1;
    const int *by = chargers_by_time(tr, v);
    for (int i = 1; i <= by[0]; i++) {
        int n = by[i];
        /* (its places beyond the slots, and room on it now: not a vehicle
         * that has charged and could not leave yet) */
        if (tr->park_used[n] < tr->park_places[n] && tr->zones[n].count < tr->zones[n].cap) return n;
    }
    return -1;
}

/* The nearest charger with a free slot, -1: none. */
static int free_charger(const tr_run *tr, const tr_vehicle *v) {
    if (tr->ncharging == 0) return -1;
    const int *by = chargers_by_time(tr, v);
    for (int i = 1; i <= by[0]; i++)
        if (tr->slots_used[by[i]] < tr->model->nodes[by[i]].slots) return by[i];
    return -1;
}

static void go_charge(tr_run *tr, tr_vehicle *v) {
    if (v->task.park_node >= 0) tr->park_used[v->task.park_node]--;
    v->task.park_node = -1;
    int best = free_charger(tr, v);
    if (best < 0) {
        /* Every charger busy: wait in line, on a parking place if there is
         * one (standing on a through node would block the traffic that
         * frees the chargers). */
        v->battery.waiting_charger = true;
        tr_push_int(tr, &tr->charger_wait, &tr->ncharger_wait, &tr->capcharger_wait, v->index);
        int park = charger_place(tr, v);
        if (park < 0) park = tr_agv_nearest_parking(tr, v, -1);
        /* (avoidance: else a place aside, never the through node it stands on) */
        if (park < 0 && v->spec->traffic != MDL_TRAFFIC_DETECT && tr_agv_in_the_way(tr, v)) park = tr_agv_aside(tr, v->node, -1);
        if (park >= 0) {
            go_park(tr, v, park);
            return;
        }
        v->task.kind = VT_CHARGE;
        tr_agv_refresh(tr, v);
        return;
    }
    tr->slots_used[best]++;
    v->task.charge_node = best;
    tr_agv_go(tr, v, best, VT_CHARGE);
}

/* The idle draw has taken an idle vehicle down to the threshold. */
static void on_low(sim_world *w, void *subject, void *object) {
    (void)w;
    tr_run *tr = subject;
    tr_vehicle *v = object;
    v->battery.low_ev = 0;
    if (!available(v) || v->task.charge_node >= 0) return;
    bat_update(tr, v);
    if (v->battery.level <= v->spec->battery.threshold * bat_cap(v) + 1e-9 * bat_cap(v)) {
        go_charge(tr, v);
        return;
    }
    arm_low(tr, v); /* not there yet (rounding): aim again */
}

static void veh_free(tr_run *tr, tr_vehicle *v) {
    v->task.kind = VT_NONE;
    v->task.nunits = 0;
    v->task.req = -1;
    v->task.idle_since = tr_now(tr);
    if (v->down) { /* maintenance hook: stopped, it takes nothing until the end of the stop */
        tr_agv_refresh(tr, v);
        return;
    }
    if (battery_low(tr, v) && tr->ncharging > 0) {
        go_charge(tr, v);
        return;
    }
    int q = v->off ? -1 : pick_request(tr, v); /* shift hook: off shift it takes no task, it parks */
    if (q >= 0) {
        assign(tr, v, q);
        return;
    }
    if (v->spec->idle == MDL_IDLE_PARK && !(v->task.park_node >= 0 && v->task.park_node == v->node)) {
        int best = tr_agv_nearest_parking(tr, v, -1);
        if (best >= 0) {
            go_park(tr, v, best);
            return;
        }
    }
    int off = tr_agv_off_charger(tr, v); /* (avoidance: never idle on a charger) */
    if (off >= 0) {
        if (tr->model->nodes[off].kind == MDL_NODE_PARKING) {
            go_park(tr, v, off);
            return;
        }
        tr_agv_go(tr, v, off, VT_PARK);
        return;
    }
    if (tr_agv_in_the_way(tr, v)) { /* (avoidance: idle, it leaves a place for passing) */
        int aside = tr_agv_aside(tr, v->node, -1);
        if (aside >= 0) {
            go_park(tr, v, aside);
            return;
        }
    }
    tr_agv_refresh(tr, v);
    tr_agv_became_idle(tr, v);
}

static void start_unload(tr_run *tr, tr_vehicle *v) {
    v->task.blocked = false;
    v->task.handling = true;
    double t = mdl__run_checked(tr->r, sim_dist_sample(&v->spec->unload, &v->rng), "fleet", v->spec->id, "unload");
    tr_maint_vehicle_handle(tr, v, t > 0.0 ? t : 0.0); /* (paused while the vehicle is stopped) */
    tr_agv_refresh(tr, v);
}

/* With allocation each unit's room was reserved before its pick-up
 * (tr_agv_offer): the vehicle unloads at once and never waits loaded. */
static void try_unload(tr_run *tr, tr_vehicle *v) {
    if (allocates(tr, v->spec, v->task.drop) || tr_place_reserve(tr, v->task.drop, (uint32_t)v->index)) {
        start_unload(tr, v);
    } else {
        v->task.blocked = true;
        tr_agv_refresh(tr, v);
    }
}

void tr_agv_granted(tr_run *tr, int vehicle_index) { start_unload(tr, &tr->veh[vehicle_index]); }

void tr_agv_arrived(tr_run *tr, tr_vehicle *v) {
    tr_fleet *f = &tr->fleets[v->fleet];
    double now = tr_now(tr);
    if (v->task.kind == VT_PICKUP || v->task.kind == VT_DROP) {
        tr_agv_progress(tr, v);
        if (v->traffic.episode) tr_agv_episode_end(tr, v->traffic.episode); /* (a deadlock it was in is over) */
    }
    switch (v->task.kind) {
    case VT_PICKUP: {
        /* Take the request's unit and others at this out-point bound for the
         * same station, up to the capacity, in order of arrival. */
        int n = 0;
        double t = 0.0;
        int i = f->req_head;
        while (i >= 0 && n < v->spec->capacity) {
            int nx = tr->reqs[i].next;
            tr_req *q = &tr->reqs[i];
            if (i == v->task.req || (q->vehicle < 0 && q->ready && q->from == v->task.pick && q->to == v->task.drop)) {
                v->task.units[n++] = q->unit;
                sim_tally_add(&f->wait, now - q->tready);
                tr_hist_add(&f->wait_hist, now - q->tready);
                if (q->from >= tr->nst) tr_dock_left(tr, q->from, q->t); /* route ends: off a receiving dock */
                double d =
                    mdl__run_checked(tr->r, sim_dist_sample(&v->spec->load, &v->rng), "fleet", v->spec->id, "load");
                t += d > 0.0 ? d : 0.0;
                req_unlink(tr, i);
            }
            i = nx;
        }
        v->task.nunits = n;
        v->task.req = -1;
        v->task.handling = true;
        tr_maint_vehicle_handle(tr, v, t); /* (paused while the vehicle is stopped) */
        tr_agv_refresh(tr, v);
        break;
    }
    case VT_DROP:
        v->task.unloaded = 0;
        try_unload(tr, v);
        break;
    case VT_PARK:
        v->task.kind = VT_NONE;
        v->task.idle_since = now;
        tr_agv_refresh(tr, v);
        tr_agv_became_idle(tr, v);
        break;
    case VT_CHARGE:
        if (v->task.charge_node < 0) {
            /* In line for a charger, sent there on its way somewhere (its
             * battery ran low while it drove aside, go_charge): no slot is
             * its yet, so it waits where it stands, as in go_charge, until
             * a charger frees (tr_agv_charged). Charging here, with no
             * slot, ended in a charger freed that it never held. */
            tr_agv_refresh(tr, v);
            break;
        }
        bat_update(tr, v);
        v->battery.charging = true;
        f->charges++;
        v->stats.charges++;
        vehicle_at(tr, v, tr_now(tr) + (bat_cap(v) - v->battery.level) / v->battery.charge_kws, VE_CHARGED);
        tr_agv_refresh(tr, v);
        break;
    default:
        v->task.kind = VT_NONE;
        tr_agv_refresh(tr, v);
        break;
    }
}

void tr_agv_handled(tr_run *tr, tr_vehicle *v) {
    v->task.handling = false;
    tr_agv_progress(tr, v);
    if (v->task.kind == VT_PICKUP) {
        tr->out[v->task.pick].count -= v->task.nunits;
        tr_agv_go(tr, v, station_node(tr, v->task.drop), VT_DROP);
        serve_outpoint(tr, v->task.pick);
        tr_place_picked(tr, v->task.pick);
        return;
    }
    /* One unit unloaded into its reserved room. */
    uint32_t u = v->task.units[v->task.unloaded++];
    tr_fleet *f = &tr->fleets[v->fleet];
    f->units++;
    v->stats.delivered++;
    /* (try_unload and veh_free book the vehicle's new state) */
    if (v->task.unloaded < v->task.nunits) {
        tr_place_deliver(tr, v->task.drop, u, MDL_RES_VEHICLE, v->index, v->task.pick);
        try_unload(tr, v);
        return;
    }
    f->trips++;
    v->stats.trips++;
    v->task.nunits = 0;
    tr_place_deliver(tr, v->task.drop, u, MDL_RES_VEHICLE, v->index, v->task.pick);
    if (v->mt) tr_maint_vehicle_cycle(tr, v); /* maintenance hook: a trip done (cycles; may stop it) */
    veh_free(tr, v);
}

void tr_agv_charged(tr_run *tr, tr_vehicle *v) {
    bat_update(tr, v);
    v->battery.level = bat_cap(v);
    v->battery.charging = false;
    int node = v->task.charge_node;
    tr->slots_used[node]--;
    v->task.charge_node = -1;
    /* v takes its next task (and claims its way off the charger) before the
     * next in line is sent here: sent first, that one drove towards the
     * charger v still stood on and met v head-on beside it. */
    veh_free(tr, v);
    /* The first in line that can reach this charger (on a network of
     * islands, a vehicle of another island never can: handing it the slot
     * left the charger reserved for ever and the island's fleet ran flat). */
    int first = 0;
    while (first < tr->ncharger_wait && !isfinite(tr_agv_travel(tr, &tr->veh[tr->charger_wait[first]], tr->veh[tr->charger_wait[first]].node, node)))
        first++;
    if (first < tr->ncharger_wait) {
        tr_vehicle *u = &tr->veh[tr->charger_wait[first]];
        tr_remove_int(tr->charger_wait, &tr->ncharger_wait, first);
        u->battery.waiting_charger = false;
        if (u->task.park_node >= 0) tr->park_used[u->task.park_node]--;
        u->task.park_node = -1;
        tr->slots_used[node]++;
        u->task.charge_node = node;
        tr_agv_go(tr, u, node, VT_CHARGE);
    }
}

/* ---- out-points --------------------------------------------------------------------- */


bool tr_agv_offer(tr_run *tr, int server_gid, uint32_t unit, int fleet, int from, int to) {
    tr_outpoint *o = &tr->out[from];
    if ((o->nwait > 0 && !o->serving) || o->count >= o->cap) {
        tr_push_int(tr, &o->wait, &o->nwait, &o->capwait, server_gid);
        /* Room, but others wait: serve them in order now; a stopped one
         * keeps its place and lets this one pass. */
        if (o->count < o->cap) serve_outpoint(tr, from);
        return false;
    }
    o->count++;
    int i = req_new(tr);
    tr_fleet *f = &tr->fleets[fleet];
    double now = tr_now(tr);
    tr->reqs[i] = (tr_req){unit, from, to, fleet, -1, now, now, false, f->req_tail, -1, -1, -1, -1};
    if (f->req_tail >= 0) tr->reqs[f->req_tail].next = i; else f->req_head = i;
    f->req_tail = i;
    f->nreq++;
    /* Allocation: the request waits on the out-point, closed to vehicles,
     * until room at its destination is reserved for it (then
     * tr_agv_req_granted); its unit meanwhile stays where it is. */
    if (!allocates(tr, f->spec, to) || tr_place_reserve(tr, to, TR_TOKEN_REQ | (uint32_t)i)) req_ready(tr, i);
    return true;
}

void tr_agv_req_granted(tr_run *tr, int req) { req_ready(tr, req); }

static void serve_outpoint(tr_run *tr, int station) {
    tr_outpoint *o = &tr->out[station];
    int i = 0;
    while (i < o->nwait && o->count < o->cap) {
        int server_gid = o->wait[i];
        tr_remove_int(o->wait, &o->nwait, i);
        o->serving = true;
        bool moved = tr_entry_retry(tr, server_gid);
        o->serving = false;
        if (!moved) {
            tr_insert_int(tr, &o->wait, &o->nwait, &o->capwait, i, server_gid);
            i++;
        }
    }
}

void tr_agv_poke(tr_run *tr, int station) { serve_outpoint(tr, station); }

/* Maintenance hook (mdl_maint_vehicle.c): a vehicle back from a stop with no task. */
void tr_agv_free_vehicle(tr_run *tr, tr_vehicle *v) { veh_free(tr, v); }

void tr_agv_dispatch_waiting(tr_run *tr, const tr_fleet *f) {
    for (int i = f->wait_head; i >= 0;) {
        int nx = tr->reqs[i].wnext;
        dispatch_request(tr, i);
        i = nx;
    }
}
