/*
 * mdl_agv_traffic.c - AGV traffic: zone waits, deadlock detection among
 * waiting vehicles and its resolution (re-route, back off, forced pass),
 * the watchdog, and idle vehicles sent out of the way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"

/* A vehicle waiting for one zone this many deadlock_timeouts is let
 * through even when no deadlock among vehicles was detected. */
#define WATCHDOG 10.0

static void on_force(sim_world *w, void *subject, void *object);

void xr_agv_zone_unwait(mdl_xrun *x, xr_vehicle *v) {
    if (v->wait_zone < 0) return;
    xr_zone *zn = &x->zones[v->wait_zone];
    for (int i = 0; i < zn->nwait; i++)
        if (zn->wait[i] == v->gid) {
            xr_remove_int(zn->wait, &zn->nwait, i);
            break;
        }
    v->wait_zone = -1;
}

/* Lets the waiters of zone z try again, in order. */
__attribute__((noinline)) void xr_agv_zone_wake(mdl_xrun *x, int z) {
    xr_zone *zn = &x->zones[z];
    /* A copy: advancing a waiter changes the list, and may wake the
     * waiters of another zone in turn. The copies are stacked in one
     * buffer of the run, read by index (a nested call may move it), which
     * grows only past the deepest stack seen: no malloc per pass. */
    int n = zn->nwait, base = x->wake_top;
    if (base + n > x->wake_cap) {
        int cap = 2 * (base + n) + 16;
        int *p = realloc(x->wake, (size_t)cap * sizeof *p);
        if (!p) mdl__xrun_oom(x);
        x->wake = p;
        x->wake_cap = cap;
    }
    memcpy(&x->wake[base], zn->wait, (size_t)n * sizeof *x->wake);
    x->wake_top = base + n;
    for (int i = 0; i < n; i++) {
        xr_vehicle *v = &x->veh[x->wake[base + i]];
        if (v->wait_zone != z || v->moving) continue;
        xr_agv_zone_unwait(x, v);
        xr_agv_advance(x, v);
    }
    x->wake_top = base;
}


/* Does v hold zone z now? */
static bool holds(const mdl_xrun *x, const xr_vehicle *v, int z) {
    if (!v->moving) return z == node_zone(v->node);
    for (int j = v->ppos; j <= v->res_end; j++) {
        if (z == node_zone(v->path[j])) return true;
        if (j < v->res_end && z == edge_zone(x, v->parc[j])) return true;
    }
    return false;
}

static void resolve(mdl_xrun *x, xr_vehicle *v);

/* The set of waiting vehicles none of whose zones' holders can move. */
static void detect(mdl_xrun *x) {
    int n = x->nveh;
    /* The usual case first: every waiting vehicle has room or a holder of
     * its zone that does not wait (never in the set), so the first sweep
     * below would take them all out and find nothing. */
    int *wl = x->wlist, nw = 0;
    for (int i = 0; i < n; i++) { /* the waiting vehicles, without a branch */
        wl[nw] = i;
        nw += x->veh[i].wait_zone >= 0;
    }
    bool maybe = false;
    for (int a = 0; a < nw && !maybe; a++) {
        const xr_vehicle *v = &x->veh[wl[a]];
        int z = v->wait_zone;
        if (zone_room(x, z, v->wait_dir)) continue;
        /* A zone's count is the number of its holders, and a waiting
         * vehicle holds only the node it stands on: some holder of z does
         * not wait when z counts more than the vehicles waiting on it. */
        int waiting_on = 0;
        for (int b = 0; b < nw; b++) waiting_on += x->veh[wl[b]].node == z;
        maybe = x->zones[z].count <= waiting_on;
    }
    if (!maybe) return;
    bool *in = x->scratch;
    int count = 0;
    for (int i = 0; i < n; i++) {
        in[i] = x->veh[i].wait_zone >= 0;
        count += in[i];
    }
    bool changed = true;
    while (changed && count > 0) {
        changed = false;
        for (int i = 0; i < n; i++) {
            if (!in[i]) continue;
            const xr_vehicle *v = &x->veh[i];
            int z = v->wait_zone;
            bool stuck = !zone_room(x, z, v->wait_dir);
            for (int h = 0; h < n && stuck; h++)
                if (h != i && !in[h] && holds(x, &x->veh[h], z)) stuck = false;
            if (!stuck) {
                in[i] = false;
                count--;
                changed = true;
            }
        }
    }
    if (count > 0) {
        int victim = -1;
        bool fresh = false;
        for (int i = 0; i < n; i++) {
            if (!in[i]) continue;
            xr_vehicle *v = &x->veh[i];
            if (!v->in_deadlock) fresh = true;
            v->in_deadlock = true;
            if (victim < 0 || v->wait_since >= x->veh[victim].wait_since) victim = i;
        }
        if (fresh) x->fleets[x->veh[victim].fleet].deadlocks++;
        resolve(x, &x->veh[victim]);
    }
}

/* The forced-pass check (on_force) of a waiting vehicle is due at
 * force_due (+inf: none). Its event may be earlier, left from a wait that
 * ended (a stretch start sets no event aside, it only clears the due
 * time): it then moves on to the due time. So most waits schedule
 * nothing and no stretch start cancels anything. */
static void force_at(mdl_xrun *x, xr_vehicle *v, double due) {
    v->force_due = due;
    if (v->force_ev && v->force_t > due) {
        sim_event_cancel(x->w, v->force_ev);
        v->force_ev = 0;
    }
    if (!v->force_ev) {
        v->force_ev = sim_event_schedule(x->w, due, 0, on_force, x, v);
        v->force_t = due;
    }
}

/* Policy: re-route around the zone, else back off to a free neighbour,
 * else a forced pass after the fleet's deadlock_timeout. */
static void resolve(mdl_xrun *x, xr_vehicle *v) {
    int z = v->wait_zone, goal = v->path[v->plen - 1];
    if (!v->tried_reroute) {
        v->tried_reroute = true;
        xr_agv_zone_unwait(x, v);
        if (xr_agv_plan(x, v, goal, z)) {
            v->replan = false;
            xr_agv_advance(x, v);
            return;
        }
        xr_agv_plan(x, v, goal, -1);
        v->wait_zone = -1;
        xr_agv_advance(x, v);
        return;
    }
    if (!v->tried_backoff) {
        v->tried_backoff = true;
        for (int k = x->adj_start[v->node]; k < x->adj_start[v->node + 1]; k++) {
            int a = x->adj[k];
            const xr_arc *ar = &x->arcs[a];
            if (node_zone(ar->to) == z || edge_zone(x, a) == z) continue;
            if (!zone_room(x, edge_zone(x, a), ar->dir) || !zone_room(x, node_zone(ar->to), 0)) continue;
            xr_agv_zone_unwait(x, v);
            xr_agv_route_own(v);
            v->path_buf[0] = v->node;
            v->parc_buf[0] = a;
            v->path_buf[1] = ar->to;
            v->plen = 2;
            v->ppos = 0;
            v->replan = true; /* from there, the route to the goal anew */
            v->backoff_goal = goal;
            xr_agv_advance(x, v);
            return;
        }
    }
    double at = xr_now(x) + v->spec->deadlock_timeout;
    if (v->force_due <= at) return;
    force_at(x, v, at);
}

static void nudge(mdl_xrun *x, int z, const xr_vehicle *asker);

/* Is node zone z held by an idle vehicle (standing, no task, not waiting,
 * not charging) other than `asker`? Nothing wakes such a vehicle when a
 * place frees up, and the wait-for graph of detect() does not contain it:
 * a vehicle waiting for its node waits until the idle one gets a task. */
static bool idle_holder(const mdl_xrun *x, int z, const xr_vehicle *asker) {
    if (z >= x->nn) return false;
    for (int i = 0; i < x->nveh; i++) {
        const xr_vehicle *h = &x->veh[i];
        if (h->node == z && h != asker && !h->moving && h->task == VT_NONE && h->wait_zone < 0 && !h->charging &&
            !h->waiting_charger)
            return true;
    }
    return false;
}

static void on_force(sim_world *w, void *subject, void *object) {
    (void)w;
    mdl_xrun *x = subject;
    xr_vehicle *v = object;
    v->force_ev = 0;
    double due = v->force_due;
    if (xr_now(x) < due) {
        /* left from a wait that ended: on to the check of this one, if any */
        if (due < INFINITY) force_at(x, v, due);
        return;
    }
    v->force_due = INFINITY;
    if (v->wait_zone < 0 || v->moving) return;
    if (!v->in_deadlock && idle_holder(x, v->wait_zone, v)) {
        /* Blocked by an idle vehicle for deadlock_timeout: ask it to move
         * again (a place may have freed up); if it still cannot, this is a
         * gridlock like any other, counted and resolved by a forced pass. */
        int z = v->wait_zone;
        nudge(x, z, v);
        if (!idle_holder(x, z, v)) { /* it left: back to the watchdog */
            double watch = v->wait_since + WATCHDOG * v->spec->deadlock_timeout;
            force_at(x, v, watch > xr_now(x) ? watch : xr_now(x) + v->spec->deadlock_timeout);
            return;
        }
        x->fleets[v->fleet].deadlocks++;
    } else if (!v->in_deadlock) {
        /* The watchdog: a wait this long is a gridlock the vehicles' wait-for
         * graph cannot see (it runs through a station or a charger). */
        if (xr_now(x) - v->wait_since < WATCHDOG * v->spec->deadlock_timeout - 1e-9) {
            force_at(x, v, v->wait_since + WATCHDOG * v->spec->deadlock_timeout);
            return;
        }
        x->fleets[v->fleet].deadlocks++;
    }
    x->fleets[v->fleet].forced++;
    xr_agv_zone_unwait(x, v);
    int a = v->parc[v->ppos];
    zone_take(x, edge_zone(x, a), x->arcs[a].dir);
    zone_take(x, node_zone(x->arcs[a].to), 0);
    xr_agv_start_stretch(x, v, v->ppos + 1);
}

/* An idle vehicle standing where another must pass is sent away. */
static void nudge(mdl_xrun *x, int z, const xr_vehicle *asker) {
    if (z >= x->nn) return;
    for (int i = 0; i < x->nveh; i++) {
        xr_vehicle *h = &x->veh[i];
        /* (the test that fails for almost every vehicle first) */
        if (h->node != z || h == asker || h->moving || h->task != VT_NONE || h->wait_zone >= 0 || h->charging ||
            h->waiting_charger)
            continue;
        /* the nearest other parking node with room, else a free neighbour */
        int best = -1;
        double bd = INFINITY;
        for (int j = 0; j < x->nparking; j++) {
            int n = x->parking[j];
            if (n == z || x->park_used[n] >= x->xm->nodes[n].capacity) continue;
            double d = xr_agv_travel(x, h, h->node, n);
            if (d < bd) bd = d, best = n;
        }
        if (best < 0)
            for (int k = x->adj_start[z]; k < x->adj_start[z + 1] && best < 0; k++) {
                const xr_arc *ar = &x->arcs[x->adj[k]];
                if (zone_room(x, node_zone(ar->to), 0) && (!asker->moving && ar->to != asker->node)) best = ar->to;
            }
        if (best < 0) continue;
        if (h->park_node >= 0) x->park_used[h->park_node]--;
        h->park_node = -1;
        if (x->xm->nodes[best].kind == MDL_NODE_PARKING) {
            x->park_used[best]++;
            h->park_node = best;
        }
        h->task = VT_PARK;
        h->goal = best;
        if (xr_agv_plan(x, h, best, -1)) xr_agv_advance(x, h);
    }
}

void xr_agv_wait_for(mdl_xrun *x, xr_vehicle *v, int z, int dir) {
    if (!v->was_waiting) v->wait_since = xr_now(x);
    v->was_waiting = true;
    v->wait_zone = z;
    v->wait_dir = dir;
    xr_zone *zn = &x->zones[z];
    xr_push_int(x, &zn->wait, &zn->nwait, &zn->capwait, v->gid);
    if (v->force_due == INFINITY) force_at(x, v, v->wait_since + WATCHDOG * v->spec->deadlock_timeout);
    xr_agv_refresh(x, v);
    nudge(x, z, v);
    if (v->wait_zone != z) return;
    /* An idle vehicle that could not be sent away: check again (and else
     * pass) after deadlock_timeout, not the watchdog's ten. */
    if (idle_holder(x, z, v) && v->force_due > xr_now(x) + v->spec->deadlock_timeout)
        force_at(x, v, xr_now(x) + v->spec->deadlock_timeout);
    detect(x);
}
