/*
 * mdl_agv_traffic.c - AGV traffic: zone waits, deadlock detection among
 * waiting vehicles and its resolution (re-route, back off, forced pass),
 * the watchdog, and idle vehicles sent out of the way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "mdl_agv_internal.h"

/* A vehicle waiting for one zone this many deadlock_timeouts is let
 * through even when no deadlock among vehicles was detected. */
#define WATCHDOG 10.0

/* How far a file of idle vehicles is moved up to let one step aside. */
#define NUDGE_DEPTH 8

static void on_force(sim_world *w, void *subject, void *object);

/* The end of a wait: its time at a passing place, if it was one. */
static void wait_end(tr_run *tr, tr_vehicle *v) {
    if (!isnan(v->traffic.pass_since)) v->stats.pass_wait += tr_now(tr) - v->traffic.pass_since;
    v->traffic.pass_since = NAN;
    v->traffic.wait_zone = -1;
}

void tr_agv_zone_unwait(tr_run *tr, tr_vehicle *v) {
    if (v->traffic.wait_zone < 0) return;
    tr_zone *zn = &tr->zones[v->traffic.wait_zone];
    int *wait = tr->zone_wait[v->traffic.wait_zone].wait;
    for (int i = 0; i < zn->nwait; i++)
        if (wait[i] == v->index) {
            tr_remove_int(wait, &zn->nwait, i);
            break;
        }
    wait_end(tr, v);
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
    memcpy(&tr->wake[base], tr->zone_wait[z].wait, (size_t)n * sizeof *tr->wake);
    tr->wake_top = base + n;
    for (int i = 0; i < n; i++) {
        tr_vehicle *v = &tr->veh[tr->wake[base + i]];
        if (v->traffic.wait_zone != z || v->motion.moving) continue;
        tr_agv_zone_unwait(tr, v);
        tr_agv_advance(tr, v);
    }
    tr->wake_top = base;
}


static void resolve(tr_run *tr, tr_vehicle *v, int n);

/* Adds the waiting vehicles of list l not yet seen to the visit list;
 * returns how many of l wait. */
static int visit_waiting(tr_run *tr, const tr_stand *l, int *nvis) {
    int w = 0;
    for (int i = 0; i < l->n; i++) {
        const tr_vehicle *h = &tr->veh[l->v[i]];
        if (h->traffic.wait_zone < 0 || h->motion.moving) continue;
        w++;
        if (!tr->scratch[h->index]) {
            tr->scratch[h->index] = true;
            tr->wlist[(*nvis)++] = h->index;
        }
    }
    return w;
}

/* Is v, which has just begun to wait, in a deadlock: a set of waiting
 * vehicles, each waiting for a full zone all of whose holders are in the
 * set? Follows the waits-for graph from v only (a deadlock that forms
 * contains the vehicle whose wait closed it): a node zone's holders are
 * the vehicles standing on it, those driving onto it and a corridor's
 * exit claims, so it is closed only when its count is that of the waiting
 * vehicles standing on it; an edge zone is held by moving vehicles only;
 * a corridor by the vehicles in its holder list. The cost is the part of
 * the graph reached, not the fleet. The same walk also finds the set
 * that closes only when a node zone all of whose vehicles stand there,
 * waiting or idle, counts as closed (a swap or cycle beside idle
 * vehicles, for tr_agv_untangle_idle only: an idle one may still be sent
 * away); *beside_only then says so. Returns the set's size (in
 * tr->wlist), 0 when v can still move on. */
static int knot_from(tr_run *tr, const tr_vehicle *v, bool *beside_only) {
    int nvis = 1, nn = tr->nn, ne = tr->model->nedges;
    bool closed = true, beside = true; /* (closed implies beside) */
    tr->wlist[0] = v->index;
    tr->scratch[v->index] = true;
    for (int q = 0; q < nvis && beside; q++) {
        const tr_vehicle *u = &tr->veh[tr->wlist[q]];
        int z = u->traffic.wait_zone;
        bool c;
        if (zone_room(tr, z, u->traffic.wait_dir)) c = beside = false;
        else if (z < nn) {
            int w = visit_waiting(tr, &tr->stand[z], &nvis);
            c = w >= tr->zones[z].count;
            beside = c || (w > 0 && tr_agv_idle_rest(tr, z));
        } else if (z < nn + ne)
            c = beside = false;
        else {
            const tr_stand *h = &tr->corr_hold[z - nn - ne];
            c = beside = visit_waiting(tr, h, &nvis) == h->n;
        }
        closed &= c;
    }
    for (int i = 0; i < nvis; i++) tr->scratch[tr->wlist[i]] = false;
    *beside_only = beside && !closed;
    return beside ? nvis : 0;
}

/* ---- counting: one deadlock per episode ----------------------------------------
 *
 * A deadlock is counted once per episode, not once per detection: from
 * the first detection of a set of vehicles that cannot move until one of
 * them makes progress (reaches its pick-up or drop) or is let through by
 * a forced pass. A set that forms again after a re-route, a back-off or a
 * step aside with no such progress, or that takes in vehicles of an
 * episode still open, is the same deadlock:
 * re-counting it made a layout that stalled show 40 detections per forced
 * pass. Vehicles carry their episode's id; ids are never reused. The scans
 * of the fleet below run only when an episode ends or two merge: never
 * on a layout without deadlocks. */

/* Every vehicle of episode `from` joins episode `to`. */
static void episode_relabel(tr_run *tr, uint32_t from, uint32_t to) {
    for (int g = 0; g < tr->nveh; g++)
        if (tr->veh[g].traffic.episode == from) tr->veh[g].traffic.episode = to;
}

/* Episode `episode` is over: its vehicles are in none. */
void tr_agv_episode_end(tr_run *tr, uint32_t episode) { episode_relabel(tr, episode, 0); }

/* The deadlocked set in tr->wlist[0..n) is one episode: the open episode
 * of the first of them in one (merged with any other open among them),
 * else a new one, counted for the fleet of `victim`. */
static void episode_note(tr_run *tr, int n, const tr_vehicle *victim) {
    uint32_t ep = 0;
    for (int i = 0; i < n && !ep; i++) ep = tr->veh[tr->wlist[i]].traffic.episode;
    if (!ep) {
        ep = ++tr->episodes;
        tr->fleets[victim->fleet].deadlocks++;
    }
    for (int i = 0; i < n; i++) {
        uint32_t old = tr->veh[tr->wlist[i]].traffic.episode;
        if (old && old != ep) episode_relabel(tr, old, ep);
        tr->veh[tr->wlist[i]].traffic.episode = ep;
    }
}

/* The knot tr->wlist[0..n) that v's wait closed: taken apart, else
 * counted and resolved. */
static void knot(tr_run *tr, tr_vehicle *v, int n, bool beside_only) {
    if (beside_only) { /* a swap or cycle with idle vehicles beside: taken apart, never counted (mdl_agv_untangle.c) */
        tr_agv_untangle_idle(tr, v, n);
        return;
    }
    if (tr_agv_untangle(tr, v, n)) return;
    int victim = -1;
    for (int i = 0; i < n; i++) {
        tr_vehicle *u = &tr->veh[tr->wlist[i]];
        u->traffic.in_deadlock = true;
        /* the one that began waiting last (ties: the higher index) */
        const tr_vehicle *b = victim >= 0 ? &tr->veh[victim] : NULL;
        if (!b || u->traffic.wait_since > b->traffic.wait_since || (u->traffic.wait_since == b->traffic.wait_since && u->index > b->index))
            victim = u->index;
    }
    episode_note(tr, n, &tr->veh[victim]);
    resolve(tr, &tr->veh[victim], n);
}

/* A swap or cycle taken apart sends one of its vehicles another way, and
 * that one may close a new knot at once: an idle vehicle re-routed to
 * park round the other's node runs into a third vehicle waiting for the
 * same one, or reaches for the parking place a vehicle stands on, waiting
 * to leave by the node the idle one left. Inside that, no second knot is
 * taken apart (swap_busy); counted there at once, it was most of the
 * deadlocks left on two-way grids with 3 vehicles (issue 20). Its waiter
 * is kept, and the new knot looked at as one of its own once the first
 * is done: taken apart, else counted - but not by sending the vehicle
 * the first knot sent another way round another way again (it went back
 * the first way, into the first knot, and the two vehicles it met took
 * turns until the watchdog: 22 forced passes on a random layout where
 * none were). One level: a knot closed while that is done (or a fifth
 * inside the first) is counted at once. */
static void detect(tr_run *tr, tr_vehicle *v) {
    bool beside_only;
    int n = knot_from(tr, v, &beside_only);
    if (!n) return;
    if (tr->swap_busy && !tr->knot_again && tr->nknot_later < TR_KNOTS_LATER && v->spec->traffic != MDL_TRAFFIC_DETECT) {
        tr->knot_later[tr->nknot_later++] = v->index;
        return;
    }
    if (!tr->knot_again && !tr->swap_busy) tr->knot_moved = 0;
    knot(tr, v, n, beside_only);
    if (tr->knot_again || tr->swap_busy) return;
    tr->knot_again = true;
    for (int i = 0; i < tr->nknot_later; i++) {
        tr_vehicle *w = &tr->veh[tr->knot_later[i]];
        if (!w->motion.moving && w->traffic.wait_zone >= 0) detect(tr, w); /* (else it moved on meanwhile) */
    }
    tr->nknot_later = 0;
    tr->knot_moved = 0;
    tr->knot_again = false;
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

/* v, standing with its task unfinished and about to wait for zone z,
 * steps aside instead (avoidance): to the nearest parking place or place
 * aside (tr_agv_aside_by; not a station's, dock's or AS/RS's node, where
 * it would block the vehicles handling there) reached without z, which it
 * reserves until it leaves it (aside_node, counted as parking's), keeping
 * its task: its goal waits in backoff_goal and is planned again from
 * there. An idle vehicle on its way to park parks there instead (any
 * place aside, as when nudged, but a station's node another vehicle is
 * bound for only when there is no other: mdl_agv_zone.c task_goal). Once per
 * trip aside (not while on the way to one). True: its route now leads
 * there (the caller reserves it). */
bool tr_agv_step_aside(tr_run *tr, tr_vehicle *v, int z) { return tr_agv_step_aside_off(tr, v, z, NULL); }

/* Does vehicle u hold node zone z: stand on it, have it reserved ahead,
 * or claim it as a corridor's exit? */
bool tr_agv_holds_node(const tr_vehicle *u, int z) {
    if (u->node == z || u->traffic.claim == z) return true;
    for (int k = u->motion.ppos + 1; u->motion.moving && k <= u->motion.res_end && k < u->motion.plen; k++)
        if (u->motion.path[k] == z) return true;
    return false;
}

/* Is zone z held, and only by idle vehicles (`idle`), or only by driving
 * vehicles none of which is bound through v's node (!`idle`)? A node
 * zone's holders: a scan of the fleet (tr_agv_holds_node), on a step aside only;
 * an edge's: none known (false); a corridor's: its holder list. */
static bool held_only_by(const tr_run *tr, const tr_vehicle *v, int z, bool idle) {
    int nn = tr->nn, ne = tr->model->nedges, found = 0;
    if (z >= nn && z < nn + ne) return false;
    const tr_stand *ch = z >= nn + ne ? &tr->corr_hold[z - nn - ne] : NULL;
    for (int i = 0, n = ch ? ch->n : tr->nveh; i < n; i++) {
        const tr_vehicle *u = &tr->veh[ch ? ch->v[i] : i];
        if (u == v || u->node < 0 || (!ch && !tr_agv_holds_node(u, z))) continue;
        bool ok = idle ? u->task.kind == VT_PARK || u->task.kind == VT_NONE : u->motion.moving && !tr_agv_on_route(u, v->node);
        if (!ok) return false;
        found++;
    }
    return found > 0;
}

/* The same, to a place off the rest of the route of `clear` (NULL: any). */
bool tr_agv_step_aside_off(tr_run *tr, tr_vehicle *v, int z, const tr_vehicle *clear) {
    if (v->spec->traffic == MDL_TRAFFIC_DETECT || v->traffic.backoff_goal >= 0 || v->traffic.aside_node >= 0 || v->task.handling ||
        v->down || v->motion.moving)
        return false;
    bool idle = v->task.kind == VT_PARK;
    if (idle && v->traffic.tried_backoff) return false; /* (once a standstill: a nudge may send it back) */
    /* (on a gate it fills, the places promised to idle vehicles that must pass it are as good as free) */
    bool full_gate = (tr->gate[v->node] & TR_GATE) && tr->zones[v->node].count >= tr->zones[v->node].cap;
    /* (a vehicle with a task giving way to idle ones may wait in an empty
     * spur: see TR_ASIDE_POCKET, mdl_agv_zone.c pocket_free. Not to one with
     * a task: both would step aside, come back together, and so on) */
    int kinds = TR_ASIDE_PARKING | (idle ? TR_ASIDE_NOGOAL : TR_ASIDE_UNSERVED) | (full_gate ? TR_ASIDE_BORROW : 0) |
                (!idle && held_only_by(tr, v, z, true) ? TR_ASIDE_POCKET : 0);
    int best = tr_agv_aside_by(tr, v->node, -1, z, kinds, clear), goal = v->motion.path[v->motion.plen - 1];
    /* (an idle one with no place but another's goal waits instead when
     * the node ahead is only passed through: on the comb, the vehicle with
     * a task leaving for its spur; else it would turn back onto the
     * station the other is bound for, and the two would trade places for
     * ever) */
    if (best < 0 && idle && z < tr->nn && held_only_by(tr, v, z, false)) return false;
    if (best < 0 && idle) best = tr_agv_aside_by(tr, v->node, -1, z, kinds & ~TR_ASIDE_NOGOAL, clear); /* (none else: there after all) */
    if (best < 0 || !tr_agv_plan(tr, v, best, z)) return false; /* (the search found a way without z: so does the plan) */
    tr->park_used[best]++;
    if (idle) { /* an idle vehicle parks there instead */
        v->traffic.tried_backoff = true;
        if (v->task.park_node >= 0) tr->park_used[v->task.park_node]--;
        v->task.park_node = v->task.goal = best;
        return true;
    }
    v->traffic.aside_node = best;
    v->traffic.backoff_goal = goal;
    v->motion.replan = true;
    return true;
}

/* Is there an arc from node `from` to node `to`? */
static bool arc_between(const tr_run *tr, int from, int to) {
    for (int k = tr->adj_start[from]; k < tr->adj_start[from + 1]; k++)
        if (tr->arcs[tr->adj[k]].to == to) return true;
    return false;
}

/* v stands on the node of a one-way chain that is the only way into and
 * out of a part of the network (a pocket's cut node: the loop's node in
 * front of a parking spur), fills it, and its route goes into that part
 * (its next node leads back to v's), which it cannot enter now
 * (avoidance). The vehicles there can leave only through v's node, so v
 * must not wait there: it moves on along the chain (an arc with none
 * back) to a node with room where it may stop, and plans its route again
 * from there (its goal waits in backoff_goal, as after backing off).
 * Coming round, it waits before the cut node, as every stretch does
 * (tr_agv_stop_ok). No stretch ends on such a node, so v stands there
 * only after it was idle there (an idle vehicle is sent on along the
 * loop) and was then sent into the part: to a charger, to park. On the
 * retrofit example with 5 vehicles one sent to the charger from gate_m
 * waited there for the full parking place in front of the charger,
 * whose two idle vehicles could leave only through gate_m: a forced
 * pass, with no `check` warning. True: its route now leads there (the
 * caller reserves it). */
bool tr_agv_move_on(tr_run *tr, tr_vehicle *v) {
    int at = v->node, p = v->motion.ppos;
    if (v->spec->traffic == MDL_TRAFFIC_DETECT || v->motion.moving || v->task.handling || v->down || v->traffic.backoff_goal >= 0 ||
        !(tr->gate[at] & TR_POCKET) || tr->zones[at].count < tr->zones[at].cap || p >= v->motion.plen - 1)
        return false;
    int into = v->motion.path[p + 1];
    if (!arc_between(tr, into, at)) return false; /* (its route goes on along the chain: it only queues) */
    for (int k = tr->adj_start[at]; k < tr->adj_start[at + 1]; k++) {
        int a = tr->adj[k], o = tr->arcs[a].to;
        const tr_zone *zo = &tr->zones[o];
        if (arc_between(tr, o, at) || tr->lane[o] || !zone_room(tr, edge_zone(tr, a), tr->arcs[a].dir) || !zone_room(tr, o, 0)) continue;
        if (zo->count + 1 >= zo->cap && (tr->hold_ok[o] == 0 || (tr->gate[o] & (TR_GATE | TR_POCKET)))) continue; /* (no place to stop) */
        int goal = v->motion.path[v->motion.plen - 1];
        tr_agv_route_own(v);
        v->motion.path_buf[0] = at;
        v->motion.parc_buf[0] = a;
        v->motion.path_buf[1] = o;
        v->motion.plen = 2;
        v->motion.ppos = 0;
        v->motion.replan = true; /* from there, the route to the goal anew */
        v->traffic.backoff_goal = goal;
        return true;
    }
    return false;
}

/* Waiting vehicle u steps aside now if it can (and goes); true when it did. */
static bool aside_now(tr_run *tr, tr_vehicle *u) {
    int z = u->traffic.wait_zone;
    if (z < 0 || !tr_agv_step_aside(tr, u, z)) return false;
    tr_agv_zone_unwait(tr, u);
    u->traffic.was_waiting = false;
    tr_agv_advance(tr, u);
    return true;
}

/* Any vehicle of the deadlocked set in tr->wlist[0..n) (v, the one that
 * began waiting last, first) that can step aside does; true when one did. */
static bool aside_any(tr_run *tr, tr_vehicle *v, int n) {
    for (int i = -1; i < n; i++) {
        tr_vehicle *u = i < 0 ? v : &tr->veh[tr->wlist[i]];
        if (i >= 0 && u == v) continue;
        if (aside_now(tr, u)) return true;
    }
    return false;
}

/* v begins to wait for node zone z, a gate filled by vehicles that wait
 * there for something else (avoidance): v comes from a part they can
 * reach only through it, or passes it, so each steps aside now if it can
 * (a place may have freed since its own wait began), before a cycle can
 * close. The gate's list is short. */
static void gate_clear(tr_run *tr, const tr_vehicle *v, int z) {
    if (z >= tr->nn || !(tr->gate[z] & TR_GATE) || v->spec->traffic == MDL_TRAFFIC_DETECT) return;
    for (int again = 1; again && tr->zones[z].count >= tr->zones[z].cap;) {
        again = 0;
        const tr_stand *s = &tr->stand[z];
        for (int i = 0; i < s->n && !again; i++) {
            tr_vehicle *h = &tr->veh[s->v[i]];
            if (h != v && h->traffic.wait_zone >= 0 && !h->motion.moving) again = aside_now(tr, h);
        }
    }
}

/* Has the ladder below (re-route, step aside, back off) been climbed in
 * vain: the deadlocked set in tr->wlist[0..n) holds a vehicle with a task
 * (a pick-up or a drop) and no vehicle of v's fleet has reached or ended
 * a pick-up or drop for the watchdog's time? Then the set only forms
 * again after each back-off, for ever (a detected livelock: two loaded
 * vehicles that must swap the ends of a corridor whose ends hold one each
 * backed off and met again for three days, with no forced pass and no
 * unit carried), and the forced pass comes at once, after
 * deadlock_timeout. */
static bool ladder_spent(const tr_run *tr, const tr_vehicle *v, int n) {
    if (tr_now(tr) - tr->fleets[v->fleet].progress_t < WATCHDOG * v->spec->deadlock_timeout - 1e-9) return false;
    for (int i = 0; i < n; i++) {
        int k = tr->veh[tr->wlist[i]].task.kind;
        if (k == VT_PICKUP || k == VT_DROP) return true;
    }
    return false;
}

/* Policy: re-route around the zone, else any vehicle of the set steps
 * aside (avoidance), else back off to a free neighbour, else a forced pass
 * after the fleet's deadlock_timeout. */
static void resolve(tr_run *tr, tr_vehicle *v, int n) {
    int z = v->traffic.wait_zone, goal = v->motion.path[v->motion.plen - 1];
    if (ladder_spent(tr, v, n)) {
        double at = tr_now(tr) + v->spec->deadlock_timeout;
        if (v->traffic.force_due > at) force_at(tr, v, at);
        return;
    }
    if (!v->traffic.tried_reroute) {
        v->traffic.tried_reroute = true;
        tr_agv_zone_unwait(tr, v);
        if (tr_agv_plan(tr, v, goal, z)) {
            v->motion.replan = false;
            tr_agv_advance(tr, v);
            return;
        }
        tr_agv_plan(tr, v, goal, -1);
        wait_end(tr, v);
        tr_agv_advance(tr, v);
        return;
    }
    if (aside_any(tr, v, n)) return;
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

static int nudge(tr_run *tr, int z, const tr_vehicle *asker, int depth);

/* Is node zone z held by an idle vehicle (standing, no task, not waiting,
 * not charging) other than `asker`? Nothing wakes such a vehicle when a
 * place frees up, and the wait-for graph of detect() does not contain it:
 * a vehicle waiting for its node waits until the idle one gets a task. */
static bool idle_at(const tr_vehicle *h, int z, const tr_vehicle *asker) {
    return h->node == z && h != asker && !h->motion.moving && h->task.kind == VT_NONE && h->traffic.wait_zone < 0 && !h->battery.charging &&
           !h->battery.waiting_charger && !h->down;
}

/* The idle vehicle standing on node zone z with the lowest index above
 * `after` (other than asker), -1: none. In index order, as a scan of the
 * fleet would find them; the node's list is short. */
static int idle_next(const tr_run *tr, int z, const tr_vehicle *asker, int after) {
    if (z >= tr->nn) return -1;
    int best = -1;
    const tr_stand *s = &tr->stand[z];
    for (int i = 0; i < s->n; i++) {
        int g = s->v[i];
        if (g > after && (best < 0 || g < best) && idle_at(&tr->veh[g], z, asker)) best = g;
    }
    return best;
}

/* May v, reserving its route, end a stretch on path[k], a gate of two
 * places or more that it fills (tr_agv_stop_ok)? Yes when every other
 * vehicle there stands on it (none drives onto it or holds it as a
 * corridor's exit) and is idle - it can be sent on, to the node v leaves
 * among others - or waits for path[k - 1], the node v leaves: the two
 * swap there. Without it a vehicle waits before a node kept full by
 * idle vehicles, and the idle vehicles sent aside for it step onto its
 * goal and back (the livelock of issue 20: two one-place station nodes
 * joined through a parking node of two, with three vehicles). Only on a
 * gate, the only way on: elsewhere a vehicle can go round, and the rule
 * of a place kept for passing stands. */
bool tr_agv_share_ok(const tr_run *tr, const tr_vehicle *v, int k) {
    int n = v->motion.path[k];
    const tr_stand *s = &tr->stand[n];
    if (k == 0 || !(tr->gate[n] & TR_GATE) || tr->zones[n].cap < 2 || tr->zones[n].count - 1 > s->n) return false;
    int left = node_zone(v->motion.path[k - 1]);
    for (int i = 0; i < s->n; i++) {
        const tr_vehicle *h = &tr->veh[s->v[i]];
        if (h == v) continue;
        bool swap = !h->motion.moving && h->traffic.wait_zone == left;
        if (!idle_at(h, n, v) && !swap) return false;
    }
    return true;
}

/* Is node zone z held by idle vehicles only (none of its holders will
 * move by itself)? With another holder about to leave, the wait is
 * ordinary traffic, not a gridlock. */
static bool idle_holder(const tr_run *tr, int z, const tr_vehicle *asker) {
    int idle = 0;
    for (int i = idle_next(tr, z, asker, -1); i >= 0; i = idle_next(tr, z, asker, i)) idle++;
    return idle > 0 && idle >= tr->zones[z].count;
}

/* Has node zone z a way out other than the asker's node? Then an idle
 * vehicle on z that cannot step aside now may soon (the places beyond
 * change); with none, the gridlock is certain. */
static bool room_soon(const tr_run *tr, int z, const tr_vehicle *asker) {
    for (int k = tr->adj_start[z]; k < tr->adj_start[z + 1]; k++)
        if (tr->arcs[tr->adj[k]].to != asker->node || asker->motion.moving) return true;
    return false;
}

/* Will zone z free by itself: is it an edge (only moving vehicles hold
 * one), or held by a vehicle still driving or handling (a node's count
 * above the vehicles standing on it: some drive onto it or hold it as a
 * corridor's exit, or waiting at the station `root` brings a unit to)?
 * A wait for such a zone is traffic, however long the queue, not a
 * gridlock for the watchdog. */
static bool zone_live(const tr_run *tr, int z, const tr_vehicle *root) {
    int nn = tr->nn, ne = tr->model->nedges;
    const tr_stand *l = z < nn ? &tr->stand[z] : z >= nn + ne ? &tr->corr_hold[z - nn - ne] : NULL;
    if (!l) return true;
    if (z < nn && tr->zones[z].count > l->n) return true;
    for (int i = 0; i < l->n; i++) {
        const tr_vehicle *h = &tr->veh[l->v[i]];
        if (h->motion.moving || h->task.handling || h->battery.charging) return true;
        /* a vehicle waiting for room at the station root brings a unit to
         * too: root waits for the station (a forced pass would only add a
         * second unit waiting there), however long it is stopped */
        if (h->task.blocked && root->task.kind == VT_DROP && root->task.drop == h->task.drop) return true;
    }
    return false;
}

/* Does the waits-for graph from v reach a zone that frees by itself
 * (zone_live) or has room? Then v's wait is a queue that moves, however
 * long: the watchdog leaves it. Its cost is the part of the graph
 * reached, once per watchdog period of a wait. */
static bool chain_live(tr_run *tr, const tr_vehicle *v) {
    int nvis = 1, nn = tr->nn, ne = tr->model->nedges;
    bool live = false;
    tr->wlist[0] = v->index;
    tr->scratch[v->index] = true;
    for (int q = 0; q < nvis && !live; q++) {
        const tr_vehicle *u = &tr->veh[tr->wlist[q]];
        int z = u->traffic.wait_zone;
        if (z < 0 || zone_room(tr, z, u->traffic.wait_dir) || zone_live(tr, z, v)) live = true;
        else visit_waiting(tr, z < nn ? &tr->stand[z] : &tr->corr_hold[z - nn - ne], &nvis);
    }
    for (int i = 0; i < nvis; i++) tr->scratch[tr->wlist[i]] = false;
    return live;
}

/* The stall watchdog: v waits with a task (avoidance) and no vehicle of
 * its fleet has begun or ended a pick-up or delivery for the watchdog's
 * time. Vehicles may still move - an idle one sent aside and back, a
 * queue that seems to move - but the line stands: that is a gridlock
 * too (a livelock), counted and resolved as the watchdog's. */
static bool stalled(const tr_run *tr, const tr_vehicle *v) {
    return v->spec->traffic != MDL_TRAFFIC_DETECT && (v->task.kind == VT_PICKUP || v->task.kind == VT_DROP) &&
           tr_now(tr) - tr->fleets[v->fleet].progress_t >= WATCHDOG * v->spec->deadlock_timeout - 1e-9;
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
    double watch = v->traffic.wait_since + WATCHDOG * v->spec->deadlock_timeout;
    if (v->spec->traffic != MDL_TRAFFIC_DETECT && !v->traffic.in_deadlock && tr_now(tr) < watch - 1e-9 &&
        idle_next(tr, v->traffic.wait_zone, v, -1) >= 0 &&
        (!idle_holder(tr, v->traffic.wait_zone, v) || room_soon(tr, v->traffic.wait_zone, v))) {
        /* With avoidance, an idle vehicle in the way with nowhere to go now
         * may have somewhere soon (a vehicle leaving the node beside it):
         * ask again every deadlock_timeout, up to the watchdog. */
        nudge(tr, v->traffic.wait_zone, v, NUDGE_DEPTH);
        if (v->traffic.wait_zone < 0 || v->motion.moving) return;
        double next = tr_now(tr) + v->spec->deadlock_timeout;
        force_at(tr, v, next < watch ? next : watch);
        return;
    }
    if (!v->traffic.in_deadlock && idle_holder(tr, v->traffic.wait_zone, v)) {
        /* Blocked by an idle vehicle for deadlock_timeout: ask it to move
         * again (a place may have freed up); if it still cannot, this is a
         * gridlock like any other, counted and resolved by a forced pass. */
        int z = v->traffic.wait_zone;
        nudge(tr, z, v, NUDGE_DEPTH);
        if (!idle_holder(tr, z, v) && !stalled(tr, v)) { /* it left: back to the watchdog */
            force_at(tr, v, watch > tr_now(tr) ? watch : tr_now(tr) + v->spec->deadlock_timeout);
            return;
        }
    } else if (!v->traffic.in_deadlock) {
        /* The watchdog: a wait this long is a gridlock the vehicles' wait-for
         * graph cannot see (it runs through a station or a charger). */
        if (tr_now(tr) - v->traffic.wait_since < WATCHDOG * v->spec->deadlock_timeout - 1e-9) {
            force_at(tr, v, v->traffic.wait_since + WATCHDOG * v->spec->deadlock_timeout);
            return;
        }
        if (v->spec->traffic != MDL_TRAFFIC_DETECT && chain_live(tr, v) && !stalled(tr, v)) {
            /* avoidance: a queue that still moves is no gridlock; look again
             * a watchdog period on */
            force_at(tr, v, tr_now(tr) + WATCHDOG * v->spec->deadlock_timeout);
            return;
        }
        if (tr_maint_any_down(tr)) {
            /* maintenance hook: a stopped vehicle is no gridlock; the
             * watchdog counts again from the end of the stop */
            v->traffic.wait_since = tr_now(tr);
            force_at(tr, v, tr_now(tr) + v->spec->deadlock_timeout);
            return;
        }
    }
    /* A forced pass ends one deadlock: the episode v is in (counted when
     * it began), else one of its own - a gridlock the wait-for graph does
     * not see, or a set whose episode ended while v still waited in it. */
    if (!v->traffic.episode) tr->fleets[v->fleet].deadlocks++;
    tr->fleets[v->fleet].forced++;
    if (v->traffic.episode) tr_agv_episode_end(tr, v->traffic.episode); /* (resolved) */
    tr_agv_safety(tr, v, -1);
    tr_agv_zone_unwait(tr, v);
    int a = v->motion.parc[v->motion.ppos];
    zone_take(tr, edge_zone(tr, a), tr->arcs[a].dir);
    zone_take(tr, node_zone(tr->arcs[a].to), 0);
    tr_agv_start_stretch(tr, v, v->motion.ppos + 1);
}

/* A safety event: v forced through a zone (other -1) or, in physics,
 * touching the standing vehicle `other`. One record, one count for the
 * vehicle and one for its fleet. */
void tr_agv_safety(tr_run *tr, tr_vehicle *v, int other) {
    tr->fleets[v->fleet].safety++;
    v->stats.safety++;
    mdl__run_log_safety(tr->r, v->index, other);
}

/* An idle vehicle standing where another must pass is sent away. */
/* Can idle vehicle h step aside to node n? When n is held only by idle
 * vehicles (and `depth` allows), they are sent on first: the file of
 * idle vehicles along a one-way loop moves up by one place. */
static bool step_to(tr_run *tr, const tr_vehicle *h, int n, const tr_vehicle *asker, int depth) {
    /* (onto the asker's own node only to swap with it there: room for two) */
    if (n == asker->node && !asker->motion.moving && (h->spec->traffic == MDL_TRAFFIC_DETECT || tr->zones[n].cap < 2)) return false;
    /* (not onto a gate the asker must pass: it would stand in its way there) */
    if (h->spec->traffic != MDL_TRAFFIC_DETECT && !asker->motion.moving && (tr->gate[n] & TR_GATE) && tr_agv_on_route(asker, n)) return false;

    /* never into a corridor: standing there it would block the corridor
     * for everyone (it would be the obstacle it was sent aside from) */
    if (h->spec->traffic != MDL_TRAFFIC_DETECT && tr->lane[n]) return false;
    /* (a parking place kept for passing serves a vehicle leaving a charger) */
    const mdl_node_spec *ns = &tr->model->nodes[n];
    bool promised = h->spec->traffic != MDL_TRAFFIC_DETECT && ns->kind != MDL_NODE_POINT &&
                    (ns->kind == MDL_NODE_CHARGING || (tr->park_used[n] >= tr->park_places[n] && tr->model->nodes[h->node].kind != MDL_NODE_CHARGING));
    /* (a parking place whose places are all promised: only from a link of
     * a one-way chain, and when the idle vehicles parked there move up and
     * give theirs back, below) */
    if (promised && (ns->kind != MDL_NODE_PARKING || tr->hold_ok[h->node] != 2)) return false;
    if (!promised && zone_room(tr, node_zone(n), 0)) return true;
    if (h->spec->traffic == MDL_TRAFFIC_DETECT || depth <= 0) return false;
    /* the idle vehicles there are sent on when that leaves a place: all
     * of them, or (avoidance) enough beside the others standing there */
    int idle = 0, need = tr->zones[n].count - tr->zones[n].cap + 1;
    for (int i = idle_next(tr, n, asker, -1); i >= 0; i = idle_next(tr, n, asker, i)) idle++;
    if (need < 1) need = 1;
    if (idle == 0 || idle < need || tr->zones[n].count > tr->stand[n].n) return false;
    return nudge(tr, n, h, depth - 1) >= need && (!promised || tr->park_used[n] < tr->park_places[n]);
}

/* Would an idle vehicle on node n stand in the way of `asker` again: is n
 * its goal, or a gate on the rest of its route? */
static bool in_the_way_of(const tr_run *tr, const tr_vehicle *asker, int n) {
    return n == asker->motion.path[asker->motion.plen - 1] || ((tr->gate[n] & TR_GATE) && tr_agv_on_route(asker, n));
}

/* Does the rest of the asker's route pass gate z and then node n? An
 * idle vehicle sent from z to n stands in its way again: the asker may
 * not stop on the gate, so it needs n as well (the only parking place on
 * the only way out of a station's node: the idle vehicle parked there was
 * sent one node on, then back round a loop onto the parking place, until
 * the watchdog forced a pass - issue 20's probe). */
static bool gate_then(const tr_run *tr, const tr_vehicle *asker, int z, int n) {
    if (!(tr->gate[z] & TR_GATE)) return false;
    for (int i = asker->motion.ppos + 1; i + 1 < asker->motion.plen; i++)
        if (asker->motion.path[i] == z) return asker->motion.path[i + 1] == n;
    return false;
}

/* Is node z a dead end: do all its arcs lead to one node? */
static bool dead_end(const tr_run *tr, int z) {
    int o = -1;
    for (int k = tr->adj_start[z]; k < tr->adj_start[z + 1]; k++) {
        int n = tr->arcs[tr->adj[k]].to;
        if (o >= 0 && n != o) return false;
        o = n;
    }
    return true;
}

/* Is parking node n a dead end (one neighbour), full now with a vehicle
 * standing there waiting to drive on (whatever its task: its place there
 * frees only once the way out is clear)? Then it has no room for an
 * idle vehicle sent out of the way: the
 * idle one, sent to park there, would wait on the one node the waiting
 * one must leave by - on a T of dead-end arms with the parking node off
 * the centre, sent from the station the waiting one was bound for, it
 * stopped on the arm, was sent back onto the station, and so on until
 * the watchdog. (A parking node with two ways out is no such trap, and
 * may be the only place to go: kept from idle vehicles too, a chain of
 * stations with the parking node between two of them locked for good.) */
static bool parking_stuck(const tr_run *tr, int n) {
    if (!dead_end(tr, n) || zone_room(tr, node_zone(n), 0)) return false;
    for (int i = 0; i < tr->stand[n].n; i++) {
        const tr_vehicle *u = &tr->veh[tr->stand[n].v[i]];
        if (u->traffic.wait_zone >= 0 && !u->motion.moving) return true;
    }
    return false;
}

/* The nearest parking place with room for h other than `except`, not in
 * the way of `clear` (NULL: anywhere); one full with a vehicle waiting
 * there (parking_stuck) only when `stuck`. */
static int parking_for(const tr_run *tr, const tr_vehicle *h, int except, const tr_vehicle *clear, bool stuck) {
    if (tr->nparking == 0) return -1;
    const int *by = tr_agv_places_by_time(tr, &tr->fleets[h->fleet], TR_PLACES_PARKING, h->node);
    for (int i = 1; i <= by[0]; i++) {
        int n = by[i];
        if (n != except && tr->park_used[n] < tr->park_places[n] && !(clear && in_the_way_of(tr, clear, n)) &&
            (stuck || !parking_stuck(tr, n)))
            return n;
    }
    return -1;
}

/* Idle vehicle h stands on node z, a link of a one-way chain (avoidance):
 * the nearest parking place on a one-way chain (not one behind a gate,
 * where vehicles must trade places) whose places, promised to idle vehicles that
 * have yet to pass z, are as good as free (tr_agv_promised_past: they
 * cannot get there before h, and one that finds its place taken is sent
 * on from there as any idle vehicle), not in the way of `clear`; -1:
 * none. Without it an idle vehicle left on a through node of a one-way
 * loop, in front of a parking place promised to the idle vehicles behind
 * it, could not move on, nor they (the docks example with 4 vehicles: 115
 * forced passes in two weeks). */
static int parking_borrowed(const tr_run *tr, const tr_vehicle *h, int z, const tr_vehicle *clear) {
    if (h->spec->traffic == MDL_TRAFFIC_DETECT || tr->hold_ok[z] != 2 || tr->nparking == 0) return -1;
    const int *by = tr_agv_places_by_time(tr, &tr->fleets[h->fleet], TR_PLACES_PARKING, h->node);
    for (int i = 1; i <= by[0]; i++) {
        int n = by[i];
        if (n == z || tr->hold_ok[n] != 2 || (clear && in_the_way_of(tr, clear, n)) || tr->zones[n].count >= tr->zones[n].cap) continue;
        if (tr->park_used[n] - tr_agv_promised_past(tr, n, z) < tr->park_places[n]) return n;
    }
    return -1;
}

/* Where idle vehicle h on node z goes out of the asker's way: the nearest
 * other parking node with room, else a neighbour it can step to, else
 * (avoidance) the nearest place aside further on (*aside). `clear`: not
 * where it would stand in the asker's way again and be sent back (its
 * goal, a gate on its route: the livelock of issue 20, an idle vehicle
 * sent onto a loaded one's goal, then back onto the parking place on its
 * way; nor a neighbour on the rest of its route: on the 3 x 3 grid an
 * idle vehicle was sent from one crossing the vehicles leaving the full
 * parking node had to pass to the next, and back, until the watchdog;
 * nor the asker's own node, whose vehicles must leave by h's: in the
 * retrofit example with 4 vehicles, an idle one on the one-way loop was
 * sent onto the full parking node the asker was leaving; with 5, seed 4,
 * 14 forced passes in a replication: test_scene_fleets); -1: none. */
static int nudge_target(tr_run *tr, const tr_vehicle *h, int z, const tr_vehicle *asker, int depth, bool clear, bool *aside) {
    const tr_vehicle *c = clear ? asker : NULL;
    int best = parking_for(tr, h, z, c, false);
    for (int k = tr->adj_start[z]; k < tr->adj_start[z + 1] && best < 0; k++) {
        int n = tr->arcs[tr->adj[k]].to;
        bool off = !c || !(in_the_way_of(tr, c, n) || gate_then(tr, c, z, n) || n == c->node || tr_agv_on_route(c, n));
        if (off && step_to(tr, h, n, asker, depth)) best = n;
    }
    if (best < 0) best = parking_borrowed(tr, h, z, c);
    *aside = false;
    if (best < 0 && h->spec->traffic != MDL_TRAFFIC_DETECT && z < tr->nn) *aside = (best = tr_agv_aside_by(tr, z, asker->node, -1, 0, NULL)) >= 0;
    if (*aside && c && in_the_way_of(tr, c, best)) best = -1, *aside = false;
    return best;
}

/* An idle vehicle on node zone z could not be sent away: its waiters
 * ask again after their deadlock_timeout, not the watchdog's ten (a place
 * beside it may free by then), as when a wait begins behind one. Used for
 * a link of a one-way chain, where the file ahead moves up. */
static void recheck_soon(tr_run *tr, int z) {
    const tr_zone *zn = &tr->zones[z];
    for (int i = 0; i < zn->nwait; i++) {
        tr_vehicle *w = &tr->veh[tr->zone_wait[z].wait[i]];
        double due = tr_now(tr) + w->spec->deadlock_timeout;
        if (w->traffic.force_due > due) force_at(tr, w, due);
    }
}

/* An idle vehicle standing where another must pass is sent away
 * (nudge_target: with avoidance off the asker's route first, then
 * anywhere - a rotation may need its goal for a while). Returns how many
 * were sent. */
static int nudge(tr_run *tr, int z, const tr_vehicle *asker, int depth) {
    int sent = 0;
    for (int i = idle_next(tr, z, asker, -1); i >= 0; i = idle_next(tr, z, asker, i)) {
        tr_vehicle *h = &tr->veh[i];
        bool aside = false;
        int best = h->spec->traffic != MDL_TRAFFIC_DETECT ? nudge_target(tr, h, z, asker, depth, true, &aside) : -1;
        if (best < 0) best = nudge_target(tr, h, z, asker, depth, false, &aside);
        /* (nowhere to park nor step to: the nearest free node off the asker's
         * way, reached without its node, where it stays - a dead-end
         * station whose only way out the asker must pass: issue 20; from
         * any other point node, a free node that is no station's a vehicle
         * is bound for: on a two-way grid an idle vehicle on a station,
         * between a vehicle bound for the only parking place and the
         * crossing in front of it, a gate on that one's route, could go
         * nowhere - a crossing is no place aside - until the watchdog: 5
         * forced passes in 3 days with 2 vehicles. Sent to any station's
         * node, random layouts seed 3 case 129 got up to 368 deadlocks; to
         * none, an idle vehicle on a two-way ring of single lanes - a
         * ladder - had nowhere to go but the forced pass) */
        int avoid = -1;
        if (best < 0 && h->spec->traffic != MDL_TRAFFIC_DETECT && !asker->motion.moving) {
            bool tasked = asker->task.kind == VT_PICKUP || asker->task.kind == VT_DROP, dead = tasked && dead_end(tr, z);
            if (dead || tr->model->nodes[z].kind == MDL_NODE_POINT)
                avoid = (best = tr_agv_free_node(tr, h, asker->node, asker, !dead)) >= 0 ? node_zone(asker->node) : -1;
        }
        /* (nor that: a parking place full with a vehicle waiting there after
         * all, not in the asker's way - it waits for that place there, in
         * the wait-for graph, where a swap is taken apart; on the T with the
         * stations next to the centre, without it, a forced pass with 3
         * vehicles and parking of 1, 22 in 3 replications with 4 and
         * parking of 2. Never one in its way, its goal: sent there, it is
         * sent back, issue 20) */
        if (best < 0 && h->spec->traffic != MDL_TRAFFIC_DETECT) best = parking_for(tr, h, z, asker, true);
        /* (the search may have moved vehicles, h among them: it is sent
         * only while it still stands idle there) */
        if (best < 0 || !idle_at(h, z, asker)) continue;
        if (h->task.park_node >= 0) tr->park_used[h->task.park_node]--;
        h->task.park_node = -1;
        if (tr->model->nodes[best].kind == MDL_NODE_PARKING || aside) {
            tr->park_used[best]++;
            h->task.park_node = best;
        }
        h->task.kind = VT_PARK;
        h->task.goal = best;
        sent++;
        if (tr_agv_plan(tr, h, best, avoid)) tr_agv_advance(tr, h);
    }
    return sent;
}

/* v, with a task, stands on a gate it fills and cannot go on: node zone
 * z ahead is held. An idle vehicle standing there is sent away before v
 * steps aside (tr_agv_advance): v never waits on the gate, so no wait
 * would ever ask it to move (issue 20: a comb of dead-end station spurs
 * with 2 vehicles, an idle one at the end of the spur the other must pick
 * up at; the other drove to the gate in front of the spur and back to the
 * parking place, for ever, and the line stood). Returns how many were
 * sent. */
int tr_agv_nudge_ahead(tr_run *tr, const tr_vehicle *v, int z) {
    if (z < tr->nn && (v->task.kind == VT_PICKUP || v->task.kind == VT_DROP) && idle_next(tr, z, v, -1) >= 0) return nudge(tr, z, v, NUDGE_DEPTH);
    return 0;
}

/* v has just become idle where others wait to pass (avoidance): it is
 * sent aside now, not when their next check comes. */
void tr_agv_became_idle(tr_run *tr, tr_vehicle *v) {
    tr_zone *zn = &tr->zones[node_zone(v->node)];
    if (v->spec->traffic == MDL_TRAFFIC_DETECT || zn->nwait == 0 || v->task.kind != VT_NONE) return;
    nudge(tr, node_zone(v->node), &tr->veh[tr->zone_wait[node_zone(v->node)].wait[0]], NUDGE_DEPTH);
    /* (still there, on a link of a one-way chain: those waiting for it look again soon) */
    if (v->task.kind == VT_NONE && !v->motion.moving && tr->hold_ok[v->node] == 2) recheck_soon(tr, node_zone(v->node));
}

void tr_agv_wait_for(tr_run *tr, tr_vehicle *v, int z, int dir) {
    if (!v->traffic.was_waiting) v->traffic.wait_since = tr_now(tr);
    v->traffic.was_waiting = true;
    v->traffic.wait_zone = z;
    v->traffic.wait_dir = dir;
    if (v->traffic.at_passing) v->traffic.pass_since = tr_now(tr);
    tr_zone *zn = &tr->zones[z];
    tr_zone_waiters *zw = &tr->zone_wait[z];
    tr_push_int(tr, &zw->wait, &zn->nwait, &zw->capwait, v->index);
    if (v->traffic.force_due == INFINITY) force_at(tr, v, v->traffic.wait_since + WATCHDOG * v->spec->deadlock_timeout);
    tr_agv_refresh(tr, v);
    nudge(tr, z, v, NUDGE_DEPTH);
    if (v->traffic.wait_zone != z) return;
    gate_clear(tr, v, z);
    if (v->traffic.wait_zone != z) return;
    /* An idle vehicle that could not be sent away: check again (and else
     * pass) after deadlock_timeout, not the watchdog's ten. */
    bool idle = v->spec->traffic != MDL_TRAFFIC_DETECT ? idle_next(tr, z, v, -1) >= 0 : idle_holder(tr, z, v);
    if (idle && v->traffic.force_due > tr_now(tr) + v->spec->deadlock_timeout)
        force_at(tr, v, tr_now(tr) + v->spec->deadlock_timeout);
    detect(tr, v);
}
