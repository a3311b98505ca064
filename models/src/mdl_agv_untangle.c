/*
 * mdl_agv_untangle.c - AGV traffic: a wait about to close a cycle of
 * waits (two vehicles head-on, or three and more each waiting for the
 * next one's node) is taken apart before it is counted as a deadlock, by
 * changing what one of the vehicles does (docs/material-handling.md).
 * detect (mdl_agv_traffic.c) calls tr_agv_untangle with the set it found
 * by following the waits-for chain from the vehicle that began to wait,
 * and tr_agv_untangle_idle with the set found when idle vehicles standing
 * on its nodes are counted as holding them (below).
 */
#include "mdl_agv_internal.h"

/* ---- swaps: two vehicles that each wait for the other's node ---------------------
 *
 * A swap forms when a vehicle begins to wait for a node whose one vehicle
 * stands there waiting for the first one's node (two vehicles, two nodes
 * of one place, head-on). On small networks it was most of the deadlocks
 * of two vehicles (issue 20, random layouts): a vehicle done at its drop,
 * sent to park by the shortest route through the node where a loaded one
 * waits for its place; sent to park on the parking place of one that the
 * other is leaving for that node; two empty vehicles each sent to pick up
 * where the other stands; a loaded one waiting on a dead end of one place
 * for the dead end an empty one leaves to fetch its load. Before the wait
 * closes the swap, the allocation changes what one of them is to do, in
 * this order: an idle vehicle takes another way to its place that keeps
 * off the other's node, else parks at another place reached without it
 * and off the other's route, else drives to the nearest free node so
 * (and stays there); two empty vehicles each bound for the other's node
 * trade their pick-ups (each is then where it is to load); a vehicle with
 * a task takes another way round, else steps aside with its task to such
 * a place (tr_agv_step_aside_off), else - when the other has a task too,
 * or it stands on a gate - drives to the nearest free node so and plans
 * its route again from there. Only when none of that can be done is the
 * deadlock counted and resolved (detect). No swap is taken apart inside
 * another (swap_busy): one closed meanwhile is looked at once the first
 * is done (detect). */

/* The nodes of the vehicles standing and waiting for x's node, full (no
 * place to pass there), but `goal` (up to TR_PLAN_ALSO), into
 * tr->plan_also: a vehicle sent out of a swap or cycle (another way
 * round, aside, to a free node) goes through none of them - it would
 * meet that one head-on at once. */
static void waiters_off(tr_run *tr, const tr_vehicle *x, int goal) {
    int z = node_zone(x->node);
    tr->nplan_also = 0;
    for (int i = 0; i < tr->zones[z].nwait && tr->nplan_also < TR_PLAN_ALSO; i++) {
        const tr_vehicle *w = &tr->veh[tr->zone_wait[z].wait[i]];
        int n = node_zone(w->node);
        if (!w->motion.moving && w->node != goal && tr->zones[n].count >= tr->zones[n].cap) tr->plan_also[tr->nplan_also++] = n;
    }
}

/* x plans its way to `to` (tr_agv_plan, keeping off zone `avoid`) or
 * steps aside (to < 0: tr_agv_step_aside_off off `other`'s way), either
 * way off the vehicles waiting for its node (waiters_off, but `keep`);
 * true when it has one. When it has none its route is as it was. */
static bool plan_off_waiters(tr_run *tr, tr_vehicle *x, int to, int avoid, int keep, const tr_vehicle *other) {
    int ppos = x->motion.ppos;
    bool replan = x->motion.replan;
    waiters_off(tr, x, keep);
    bool ok = to >= 0 ? tr_agv_plan(tr, x, to, avoid) : tr_agv_step_aside_off(tr, x, avoid, other);
    tr->nplan_also = 0;
    if (!ok) {
        x->motion.ppos = ppos;
        x->motion.replan = replan;
    }
    return ok;
}

/* x, standing and waiting, takes another way to the end of its route
 * that keeps off node `off`, and off the nodes of the vehicles standing
 * there waiting for its own (but its goal): through one of those it would
 * meet that one head-on at once, a new swap - on a 2 x 4 grid an idle
 * vehicle sent round a loaded one ran into a third waiting for the loaded
 * one's node, and taking that apart sent it back the first way. True when
 * it has one (and goes). Not when an earlier knot has just sent it
 * another way (detect). */
static bool swap_reroute(tr_run *tr, tr_vehicle *x, int off) {
    int goal = x->motion.path[x->motion.plen - 1];
    if (goal == off || (tr->knot_again && tr->knot_moved == 1 + x->index)) return false;
    if (!plan_off_waiters(tr, x, goal, node_zone(off), goal, NULL)) return false;
    if (!tr->knot_again) tr->knot_moved = 1 + x->index; /* (detect: the knot it may close now) */
    tr_agv_zone_unwait(tr, x);
    x->traffic.was_waiting = false;
    tr_agv_advance(tr, x);
    return true;
}

/* x steps aside to a place reached without node `avoid` and off the
 * rest of the route of `other` (idle: it parks there), by a way that
 * keeps off the vehicles waiting for its node (waiters_off); true when
 * it did (and goes). */
static bool swap_aside(tr_run *tr, tr_vehicle *x, int avoid, const tr_vehicle *other) {
    if (!plan_off_waiters(tr, x, -1, node_zone(avoid), -1, other)) return false;
    tr_agv_zone_unwait(tr, x);
    x->traffic.was_waiting = false;
    tr_agv_advance(tr, x);
    return true;
}

/* The nearest node (fewest arcs) from x's node, reached without node
 * `avoid`, with no vehicle on it, bound for it or promised it, no lane
 * nor charger (nor, when `unserved`, a node vehicles handle at that a
 * vehicle is bound to pick up or drop at: tr_agv_task_goal), and off the
 * rest of other's route; -1: none. */
int tr_agv_free_node(tr_run *tr, const tr_vehicle *x, int avoid, const tr_vehicle *other, bool unserved) {
    int epoch = ++tr->aside_epoch, head = 0, tail = 0, from = x->node;
    tr->aside_q[tail++] = from;
    tr->aside_seen[from] = epoch;
    while (head < tail) {
        int u = tr->aside_q[head++];
        if (u != from && tr->zones[u].count == 0 && tr->park_used[u] == 0 && !tr->lane[u] &&
            tr->model->nodes[u].kind != MDL_NODE_CHARGING && !tr_agv_on_route(other, u) &&
            !(unserved && (tr->gate[u] & TR_SERVED) && tr_agv_task_goal(tr, u)))
            return u;
        for (int k = tr->adj_start[u]; k < tr->adj_start[u + 1]; k++) {
            int o = tr->arcs[tr->adj[k]].to;
            if (tr->aside_seen[o] == epoch || o == avoid) continue;
            tr->aside_seen[o] = epoch;
            tr->aside_q[tail++] = o;
        }
    }
    return -1;
}

/* x clears the way: it drives to the nearest free node off other's way
 * (tr_agv_free_node), reached without node `avoid` and by a way that
 * keeps off the vehicles waiting for its node (waiters_off). Idle, it stays there
 * (the parking place it was bound for given back); with a task, it plans
 * its route to its goal again from there, as after backing off. True
 * when it goes. */
static bool swap_clear(tr_run *tr, tr_vehicle *x, int avoid, const tr_vehicle *other) {
    if (x->task.handling || x->down || x->traffic.backoff_goal >= 0 || x->traffic.aside_node >= 0) return false;
    int n = tr_agv_free_node(tr, x, avoid, other, false), goal = x->motion.path[x->motion.plen - 1];
    if (n < 0 || !plan_off_waiters(tr, x, n, node_zone(avoid), -1, NULL)) return false;
    if (x->task.kind == VT_PARK) {
        if (x->task.park_node >= 0) tr->park_used[x->task.park_node]--;
        x->task.park_node = -1;
        x->task.goal = n;
    } else {
        x->traffic.backoff_goal = goal;
        x->motion.replan = true; /* from there, the route to the goal anew */
    }
    tr_agv_zone_unwait(tr, x);
    x->traffic.was_waiting = false;
    tr_agv_advance(tr, x);
    return true;
}

/* v and u, empty, each bound to pick up at the other's node: they trade
 * their pick-ups and are each where they load. */
static bool swap_tasks(tr_run *tr, tr_vehicle *v, tr_vehicle *u) {
    if (v->task.kind != VT_PICKUP || u->task.kind != VT_PICKUP || v->task.nunits || u->task.nunits || v->fleet != u->fleet ||
        v->task.goal != u->node || u->task.goal != v->node)
        return false;
    int req = v->task.req, pick = v->task.pick, drop = v->task.drop;
    v->task.req = u->task.req, v->task.pick = u->task.pick, v->task.drop = u->task.drop;
    u->task.req = req, u->task.pick = pick, u->task.drop = drop;
    tr->reqs[v->task.req].vehicle = v->index;
    tr->reqs[u->task.req].vehicle = u->index;
    tr_vehicle *both[2] = {v, u};
    for (int i = 0; i < 2; i++) {
        tr_vehicle *x = both[i];
        x->task.goal = x->node;
        tr_agv_zone_unwait(tr, x);
        x->traffic.was_waiting = false;
        tr_agv_plan(tr, x, x->node, -1);
        tr_agv_advance(tr, x); /* (arrives: it loads there) */
    }
    return true;
}

static bool swap_pair(tr_run *tr, tr_vehicle *v, tr_vehicle *u);

/* v has just begun to wait, closing the deadlocked set tr->wlist[0..n):
 * when that is a swap, takes it apart (above); true when it did. */
static bool swap_out(tr_run *tr, tr_vehicle *v, int n) {
    int z = v->traffic.wait_zone;
    if (n != 2 || v->spec->traffic == MDL_TRAFFIC_DETECT || tr->swap_busy || z < 0 || z >= tr->nn || tr->stand[z].n != 1 ||
        tr->zones[z].count != 1 || tr->zones[v->node].count != 1)
        return false;
    tr_vehicle *u = &tr->veh[tr->stand[z].v[0]];
    if (u == v || u->motion.moving || u->traffic.wait_zone != node_zone(v->node) || u->spec->traffic == MDL_TRAFFIC_DETECT) return false;
    return swap_pair(tr, v, u);
}

/* v and u, standing, each wait for the other's node: one of them is sent
 * elsewhere (above); true when one was. */
static bool swap_pair(tr_run *tr, tr_vehicle *v, tr_vehicle *u) {
    tr->swap_busy = true;
    bool u_first = u->task.kind == VT_PARK && v->task.kind != VT_PARK;
    tr_vehicle *x[2] = {u_first ? u : v, u_first ? v : u};
    bool done = false;
    for (int i = 0; i < 2 && !done; i++)
        if (x[i]->task.kind == VT_PARK)
            done = swap_reroute(tr, x[i], x[1 - i]->node) || swap_aside(tr, x[i], x[1 - i]->node, x[1 - i]) ||
                   swap_clear(tr, x[i], x[1 - i]->node, x[1 - i]);
    if (!done) done = swap_tasks(tr, v, u);
    for (int i = 0; i < 2 && !done; i++)
        if (x[i]->task.kind != VT_PARK) done = swap_reroute(tr, x[i], x[1 - i]->node);
    for (int i = 0; i < 2 && !done; i++)
        if (x[i]->task.kind != VT_PARK) done = swap_aside(tr, x[i], x[1 - i]->node, x[1 - i]);
    /* (not out of an idle one's way: it would only come back - unless it
     * stands on a gate, the idle one's only way out: the centre of a T of
     * dead-end arms, the idle one on its drop station) */
    for (int i = 0; i < 2 && !done; i++)
        if (x[i]->task.kind != VT_PARK && (x[1 - i]->task.kind != VT_PARK || (tr->gate[x[i]->node] & TR_GATE)))
            done = swap_clear(tr, x[i], x[1 - i]->node, x[1 - i]);
    tr->swap_busy = false;
    return done;
}

/* ---- cycles: three or more vehicles, each waiting for the node of the next -------
 *
 * The same pattern with more vehicles (issue 20's probe, 3-4 vehicles):
 * two loaded vehicles stepped aside onto a parking place of two wait for
 * the dead-end station where an empty one stands, which waits for the
 * parking place to get out. Before the wait closes the cycle, one of
 * them is sent elsewhere, as in a swap: x, waiting for node b, with
 * vehicle y of the set waiting for x's node, takes another way that
 * keeps off b, else steps aside off y's route, else (y has a task)
 * drives to the nearest free node reached without b and off y's route
 * (and plans again from there). Idle vehicles first. The set is the one
 * knot_from found from the vehicle that began to wait: no scan of the
 * fleet. */
#define CYCLE_MAX 8

/* The vehicle of s[0..n) other than x that waits for x's node; NULL: none. */
static tr_vehicle *cycle_waiter(tr_vehicle *const *s, int n, const tr_vehicle *x) {
    for (int i = 0; i < n; i++)
        if (s[i] != x && s[i]->traffic.wait_zone == node_zone(x->node)) return s[i];
    return NULL;
}

/* x of a cycle, waiting for node b, gets out of the way of y, by step
 * `how` (0: another way, 1: aside, 2: to a free node); true: it goes. */
static bool cycle_move(tr_run *tr, tr_vehicle *x, const tr_vehicle *y, int how) {
    int b = x->traffic.wait_zone;
    if (how == 0) return swap_reroute(tr, x, b);
    if (how == 1) return swap_aside(tr, x, b, y);
    return y->task.kind != VT_PARK && swap_clear(tr, x, b, y);
}

/* v has just begun to wait, closing the deadlocked set tr->wlist[0..n)
 * of 3 or more vehicles, each waiting for a node: one of them is sent
 * out of the way (above); true when one was. */
static bool cycle_out(tr_run *tr, tr_vehicle *v, int n) {
    if (n < 3 || n > CYCLE_MAX || v->spec->traffic == MDL_TRAFFIC_DETECT || tr->swap_busy) return false;
    tr_vehicle *s[CYCLE_MAX], *w[CYCLE_MAX];
    int k = 0;
    for (int pass = 0; pass < 2; pass++) /* (idle ones first) */
        for (int i = 0; i < n; i++) {
            tr_vehicle *x = &tr->veh[tr->wlist[i]];
            if (x->spec->traffic == MDL_TRAFFIC_DETECT || x->traffic.wait_zone >= tr->nn) return false;
            if ((x->task.kind == VT_PARK) == (pass == 0)) s[k++] = x;
        }
    for (int i = 0; i < n; i++) w[i] = cycle_waiter(s, n, s[i]);
    tr->swap_busy = true;
    bool done = false;
    for (int i = 0; i < n && !done; i++) /* an idle one: any way out */
        for (int how = 0; how < 3 && !done && w[i] && s[i]->task.kind == VT_PARK; how++) done = cycle_move(tr, s[i], w[i], how);
    for (int how = 0; how < 3 && !done; how++) /* one with a task: each way, in turn */
        for (int i = 0; i < n && !done; i++)
            if (w[i] && s[i]->task.kind != VT_PARK) done = cycle_move(tr, s[i], w[i], how);
    tr->swap_busy = false;
    return done;
}

bool tr_agv_untangle(tr_run *tr, tr_vehicle *v, int n) { return swap_out(tr, v, n) || cycle_out(tr, v, n); }

/* ---- swaps and cycles beside idle vehicles ----------------------------------------
 *
 * The same swap or cycle where idle vehicles stand on its nodes too
 * (issue 20, a 3 x 3 grid of two-way aisles with 3 and 4 vehicles): a
 * vehicle done at a station is sent to park on a parking place of two
 * whose place was given back when the vehicle parked there took a task,
 * but that vehicle is still there, its way out the first one's way in,
 * to the station where the first stands (or to a station where a third
 * waits for the first one's); the parking place's other place holds an
 * idle vehicle. No node between is one to wait on (the grid's crossings
 * of one place), so each needs the next one's node, and the idle one has
 * nowhere to go aside. The waits-for knot does not close on a node an
 * idle vehicle holds (it might still be sent away), so this was left to
 * the watchdog's forced passes, one per node of the way. detect follows
 * the waits again counting the idle vehicles standing on a node as held
 * there, and the set found is taken apart as above; when it cannot be,
 * nothing is counted (the nudging and the watchdog go on as before). */

/* Does every vehicle on node n stand there, waiting or idle (no task, or
 * parked where it was sent), with none driving onto n? */
bool tr_agv_idle_rest(const tr_run *tr, int n) {
    const tr_stand *s = &tr->stand[n];
    if (tr->zones[n].count != s->n) return false;
    for (int i = 0; i < s->n; i++) {
        const tr_vehicle *h = &tr->veh[s->v[i]];
        bool parked = h->task.kind == VT_NONE || (h->task.kind == VT_PARK && h->task.goal == h->node);
        if (h->motion.moving || h->task.handling || (h->traffic.wait_zone < 0 && !parked)) return false;
    }
    return true;
}

bool tr_agv_untangle_idle(tr_run *tr, tr_vehicle *v, int n) {
    if (n != 2) return cycle_out(tr, v, n);
    tr_vehicle *u = &tr->veh[tr->wlist[1]];
    if (v->spec->traffic == MDL_TRAFFIC_DETECT || u->spec->traffic == MDL_TRAFFIC_DETECT || tr->swap_busy ||
        v->traffic.wait_zone != node_zone(u->node) || u->traffic.wait_zone != node_zone(v->node))
        return false;
    return swap_pair(tr, v, u);
}
