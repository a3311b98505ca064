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

void tr_agv_zone_unwait(tr_run *tr, tr_vehicle *v) {
    if (v->traffic.wait_zone < 0) return;
    tr_zone *zn = &tr->zones[v->traffic.wait_zone];
    for (int i = 0; i < zn->nwait; i++)
        if (zn->wait[i] == v->index) {
            tr_remove_int(zn->wait, &zn->nwait, i);
            break;
        }
    v->traffic.wait_zone = -1;
}

/* Lets the waiters of zone z try again, in order. */
__attribute__((noinline)) void tr_agv_zone_wake(tr_run *tr, int z) {
    tr_zone *zn = &tr->zones[z];
    /* A copy: advancing a waiter changes the list, and may wake the
     * waiters of another zone in turn. The copies are stacked in one
     * buffer of the run, read by index (a nested call may move it), which
     * grows only past the deepest stack seen: no malloc per pass. */
    int n = zn->nwait, base = tr->wake_top;
    if (base + n > tr->wake_cap) {
        int cap = 2 * (base + n) + 16;
        int *p = realloc(tr->wake, (size_t)cap * sizeof *p);
        if (!p) mdl__transport_oom(tr);
        tr->wake = p;
        tr->wake_cap = cap;
    }
    memcpy(&tr->wake[base], zn->wait, (size_t)n * sizeof *tr->wake);
    tr->wake_top = base + n;
    for (int i = 0; i < n; i++) {
        tr_vehicle *v = &tr->veh[tr->wake[base + i]];
        if (v->traffic.wait_zone != z || v->motion.moving) continue;
        tr_agv_zone_unwait(tr, v);
        tr_agv_advance(tr, v);
    }
    tr->wake_top = base;
}


/* Does v hold zone z now? */
static bool holds(const tr_run *tr, const tr_vehicle *v, int z) {
    if (!v->motion.moving) return z == node_zone(v->node);
    for (int j = v->motion.ppos; j <= v->motion.res_end; j++) {
        if (z == node_zone(v->motion.path[j])) return true;
        if (j < v->motion.res_end && z == edge_zone(tr, v->motion.parc[j])) return true;
    }
    return false;
}

static void resolve(tr_run *tr, tr_vehicle *v);

/* The set of waiting vehicles none of whose zones' holders can move. */
static void detect(tr_run *tr) {
    int n = tr->nveh;
    /* The usual case first: every waiting vehicle has room or a holder of
     * its zone that does not wait (never in the set), so the first sweep
     * below would take them all out and find nothing. */
    int *wl = tr->wlist, nw = 0;
    for (int i = 0; i < n; i++) { /* the waiting vehicles, without a branch */
        wl[nw] = i;
        nw += tr->veh[i].traffic.wait_zone >= 0;
    }
    bool maybe = false;
    for (int a = 0; a < nw && !maybe; a++) {
        const tr_vehicle *v = &tr->veh[wl[a]];
        int z = v->traffic.wait_zone;
        if (zone_room(tr, z, v->traffic.wait_dir)) continue;
        /* A zone's count is the number of its holders, and a waiting
         * vehicle holds only the node it stands on: some holder of z does
         * not wait when z counts more than the vehicles waiting on it. */
        int waiting_on = 0;
        for (int b = 0; b < nw; b++) waiting_on += tr->veh[wl[b]].node == z;
        maybe = tr->zones[z].count <= waiting_on;
    }
    if (!maybe) return;
    bool *in = tr->scratch;
    int count = 0;
    for (int i = 0; i < n; i++) {
        in[i] = tr->veh[i].traffic.wait_zone >= 0;
        count += in[i];
    }
    bool changed = true;
    while (changed && count > 0) {
        changed = false;
        for (int i = 0; i < n; i++) {
            if (!in[i]) continue;
            const tr_vehicle *v = &tr->veh[i];
            int z = v->traffic.wait_zone;
            bool stuck = !zone_room(tr, z, v->traffic.wait_dir);
            for (int h = 0; h < n && stuck; h++)
                if (h != i && !in[h] && holds(tr, &tr->veh[h], z)) stuck = false;
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
            tr_vehicle *v = &tr->veh[i];
            if (!v->traffic.in_deadlock) fresh = true;
            v->traffic.in_deadlock = true;
            if (victim < 0 || v->traffic.wait_since >= tr->veh[victim].traffic.wait_since) victim = i;
        }
        if (fresh) tr->fleets[tr->veh[victim].fleet].deadlocks++;
        resolve(tr, &tr->veh[victim]);
    }
}

/* The forced-pass check (on_force) of a waiting vehicle is due at
 * force_due (+inf: none). Its event may be earlier, left from a wait that
 * ended (a stretch start sets no event aside, it only clears the due
 * time): it then moves on to the due time. So most waits schedule
 * nothing and no stretch start cancels anything. */
static void force_at(tr_run *tr, tr_vehicle *v, double due) {
    v->traffic.force_due = due;
    if (v->traffic.force_ev && v->traffic.force_t > due) {
        sim_event_cancel(tr->w, v->traffic.force_ev);
        v->traffic.force_ev = 0;
    }
    if (!v->traffic.force_ev) {
        v->traffic.force_ev = sim_event_schedule(tr->w, due, 0, on_force, tr, v);
        v->traffic.force_t = due;
    }
}

/* Policy: re-route around the zone, else back off to a free neighbour,
 * else a forced pass after the fleet's deadlock_timeout. */
static void resolve(tr_run *tr, tr_vehicle *v) {
    int z = v->traffic.wait_zone, goal = v->motion.path[v->motion.plen - 1];
    if (!v->traffic.tried_reroute) {
        v->traffic.tried_reroute = true;
        tr_agv_zone_unwait(tr, v);
        if (tr_agv_plan(tr, v, goal, z)) {
            v->motion.replan = false;
            tr_agv_advance(tr, v);
            return;
        }
        tr_agv_plan(tr, v, goal, -1);
        v->traffic.wait_zone = -1;
        tr_agv_advance(tr, v);
        return;
    }
    if (!v->traffic.tried_backoff) {
        v->traffic.tried_backoff = true;
        for (int k = tr->adj_start[v->node]; k < tr->adj_start[v->node + 1]; k++) {
            int a = tr->adj[k];
            const tr_arc *ar = &tr->arcs[a];
            if (node_zone(ar->to) == z || edge_zone(tr, a) == z) continue;
            if (!zone_room(tr, edge_zone(tr, a), ar->dir) || !zone_room(tr, node_zone(ar->to), 0)) continue;
            tr_agv_zone_unwait(tr, v);
            tr_agv_route_own(v);
            v->motion.path_buf[0] = v->node;
            v->motion.parc_buf[0] = a;
            v->motion.path_buf[1] = ar->to;
            v->motion.plen = 2;
            v->motion.ppos = 0;
            v->motion.replan = true; /* from there, the route to the goal anew */
            v->traffic.backoff_goal = goal;
            tr_agv_advance(tr, v);
            return;
        }
    }
    double at = tr_now(tr) + v->spec->deadlock_timeout;
    if (v->traffic.force_due <= at) return;
    force_at(tr, v, at);
}

static void nudge(tr_run *tr, int z, const tr_vehicle *asker);

/* Is node zone z held by an idle vehicle (standing, no task, not waiting,
 * not charging) other than `asker`? Nothing wakes such a vehicle when a
 * place frees up, and the wait-for graph of detect() does not contain it:
 * a vehicle waiting for its node waits until the idle one gets a task. */
static bool idle_holder(const tr_run *tr, int z, const tr_vehicle *asker) {
    if (z >= tr->nn) return false;
    for (int i = 0; i < tr->nveh; i++) {
        const tr_vehicle *h = &tr->veh[i];
        if (h->node == z && h != asker && !h->motion.moving && h->task.kind == VT_NONE && h->traffic.wait_zone < 0 && !h->battery.charging &&
            !h->battery.waiting_charger)
            return true;
    }
    return false;
}

static void on_force(sim_world *w, void *subject, void *object) {
    (void)w;
    tr_run *tr = subject;
    tr_vehicle *v = object;
    v->traffic.force_ev = 0;
    double due = v->traffic.force_due;
    if (tr_now(tr) < due) {
        /* left from a wait that ended: on to the check of this one, if any */
        if (due < INFINITY) force_at(tr, v, due);
        return;
    }
    v->traffic.force_due = INFINITY;
    if (v->traffic.wait_zone < 0 || v->motion.moving) return;
    if (!v->traffic.in_deadlock && idle_holder(tr, v->traffic.wait_zone, v)) {
        /* Blocked by an idle vehicle for deadlock_timeout: ask it to move
         * again (a place may have freed up); if it still cannot, this is a
         * gridlock like any other, counted and resolved by a forced pass. */
        int z = v->traffic.wait_zone;
        nudge(tr, z, v);
        if (!idle_holder(tr, z, v)) { /* it left: back to the watchdog */
            double watch = v->traffic.wait_since + WATCHDOG * v->spec->deadlock_timeout;
            force_at(tr, v, watch > tr_now(tr) ? watch : tr_now(tr) + v->spec->deadlock_timeout);
            return;
        }
        tr->fleets[v->fleet].deadlocks++;
    } else if (!v->traffic.in_deadlock) {
        /* The watchdog: a wait this long is a gridlock the vehicles' wait-for
         * graph cannot see (it runs through a station or a charger). */
        if (tr_now(tr) - v->traffic.wait_since < WATCHDOG * v->spec->deadlock_timeout - 1e-9) {
            force_at(tr, v, v->traffic.wait_since + WATCHDOG * v->spec->deadlock_timeout);
            return;
        }
        tr->fleets[v->fleet].deadlocks++;
    }
    tr->fleets[v->fleet].forced++;
    tr_agv_zone_unwait(tr, v);
    int a = v->motion.parc[v->motion.ppos];
    zone_take(tr, edge_zone(tr, a), tr->arcs[a].dir);
    zone_take(tr, node_zone(tr->arcs[a].to), 0);
    tr_agv_start_stretch(tr, v, v->motion.ppos + 1);
}

/* An idle vehicle standing where another must pass is sent away. */
static void nudge(tr_run *tr, int z, const tr_vehicle *asker) {
    if (z >= tr->nn) return;
    for (int i = 0; i < tr->nveh; i++) {
        tr_vehicle *h = &tr->veh[i];
        /* (the test that fails for almost every vehicle first) */
        if (h->node != z || h == asker || h->motion.moving || h->task.kind != VT_NONE || h->traffic.wait_zone >= 0 || h->battery.charging ||
            h->battery.waiting_charger)
            continue;
        /* the nearest other parking node with room, else a free neighbour */
        int best = tr_agv_nearest_parking(tr, h, z);
        if (best < 0)
            for (int k = tr->adj_start[z]; k < tr->adj_start[z + 1] && best < 0; k++) {
                const tr_arc *ar = &tr->arcs[tr->adj[k]];
                if (zone_room(tr, node_zone(ar->to), 0) && (!asker->motion.moving && ar->to != asker->node)) best = ar->to;
            }
        if (best < 0) continue;
        if (h->task.park_node >= 0) tr->park_used[h->task.park_node]--;
        h->task.park_node = -1;
        if (tr->model->nodes[best].kind == MDL_NODE_PARKING) {
            tr->park_used[best]++;
            h->task.park_node = best;
        }
        h->task.kind = VT_PARK;
        h->task.goal = best;
        if (tr_agv_plan(tr, h, best, -1)) tr_agv_advance(tr, h);
    }
}

void tr_agv_wait_for(tr_run *tr, tr_vehicle *v, int z, int dir) {
    if (!v->traffic.was_waiting) v->traffic.wait_since = tr_now(tr);
    v->traffic.was_waiting = true;
    v->traffic.wait_zone = z;
    v->traffic.wait_dir = dir;
    tr_zone *zn = &tr->zones[z];
    tr_push_int(tr, &zn->wait, &zn->nwait, &zn->capwait, v->index);
    if (v->traffic.force_due == INFINITY) force_at(tr, v, v->traffic.wait_since + WATCHDOG * v->spec->deadlock_timeout);
    tr_agv_refresh(tr, v);
    nudge(tr, z, v);
    if (v->traffic.wait_zone != z) return;
    /* An idle vehicle that could not be sent away: check again (and else
     * pass) after deadlock_timeout, not the watchdog's ten. */
    if (idle_holder(tr, z, v) && v->traffic.force_due > tr_now(tr) + v->spec->deadlock_timeout)
        force_at(tr, v, tr_now(tr) + v->spec->deadlock_timeout);
    detect(tr);
}
