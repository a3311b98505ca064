/*
 * mdl_agv_zone.c - AGV deadlock avoidance (traffic = AVOID, the default):
 * the two-way corridors of the network and their allocation, and the
 * vehicles standing on each node (what local deadlock detection and the
 * nudging of idle vehicles look at instead of every vehicle).
 *
 * A corridor is a maximal chain of lane nodes (point nodes of capacity 1
 * with exactly two neighbours, joined by two-way edges only) between two
 * end nodes. A vehicle stopped inside one blocks it for the oncoming
 * traffic, so a corridor is allocated as a whole, in one direction at a
 * time: it is one more zone (unlimited capacity, one direction, like a
 * two-way edge) that a vehicle takes together with a place at the node
 * where it leaves the corridor (its exit: the end node, or its goal when
 * that lies inside) before it drives onto the corridor's first edge. Inside,
 * it reserves edge by edge as usual and may stop behind a vehicle going
 * the same way: the vehicle in front has its exit place, so the file of
 * them always drains. This is block signalling with the corridor as the
 * block and the exit as the overlap.
 *
 * Chargers are dead ends that vehicles must be able to reach and leave:
 * no vehicle stays idle on a charging node (it leaves after charging when
 * it has nothing to do), a charging node's places beyond its slots are
 * where the line for a charger waits first, and a parking node that is
 * the only way onto a charger keeps one place free for the vehicles
 * passing to and from it (tr->park_places).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"
#include "mdl_agv_refuge.h"
#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "mdl_internal.h"

/* The nodes inside two-way single lanes (see above). deg: distinct
 * neighbours, counted up to 3 (nb: the first two); a node with a one-way
 * edge or a loop is no lane (deg 3). */
void tr_agv_lanes_mark(const struct tr_model *tm, bool *lane, int *nb, int *deg) {
    for (int e = 0; e < tm->nedges; e++) {
        int ends[2] = {tm->edges[e].from, tm->edges[e].to};
        for (int k = 0; k < 2; k++) {
            int n = ends[k], o = ends[1 - k];
            bool known = (deg[n] >= 1 && nb[2 * n] == o) || (deg[n] >= 2 && nb[2 * n + 1] == o);
            if (n == o || !tm->edges[e].two_way) deg[n] = 3;
            else if (!known && deg[n] < 2) nb[2 * n + deg[n]++] = o;
            else if (!known) deg[n] = 3;
        }
    }
    for (int n = 0; n < tm->nnodes; n++)
        lane[n] = deg[n] == 2 && tm->nodes[n].capacity == 1 && tm->nodes[n].kind == MDL_NODE_POINT;
}

/* Labels the arcs between x and y (either way) as corridor c, +1 from x to y. */
static void label_arcs(tr_run *tr, int x, int y, int c) {
    for (int k = tr->adj_start[x]; k < tr->adj_start[x + 1]; k++)
        if (tr->arcs[tr->adj[k]].to == y) tr->arc_corr[tr->adj[k]] = c, tr->arc_cdir[tr->adj[k]] = 1;
    for (int k = tr->adj_start[y]; k < tr->adj_start[y + 1]; k++)
        if (tr->arcs[tr->adj[k]].to == x) tr->arc_corr[tr->adj[k]] = c, tr->arc_cdir[tr->adj[k]] = -1;
}

/* The lane neighbour of n other than `from` (-1: none, an end). */
static int lane_next(const tr_run *tr, const int *nb, int n, int from) {
    int o = nb[2 * n] == from ? nb[2 * n + 1] : nb[2 * n];
    return tr->lane[o] ? o : -1;
}

/* One corridor through lane node s: walk to one end, then label nodes
 * and arcs from that end to the other. A ring of lane nodes (no end) is
 * no corridor. */
static void corridor_walk(tr_run *tr, const int *nb, int s) {
    int prev = nb[2 * s + 1], n = s; /* walk towards nb[2s] */
    for (;;) {
        int o = lane_next(tr, nb, n, prev);
        if (o < 0) break;
        if (o == s) return; /* a ring */
        prev = n;
        n = o;
    }
    int c = tr->ncorr++, end0 = nb[2 * n] == prev ? nb[2 * n + 1] : nb[2 * n], from = end0;
    label_arcs(tr, end0, n, c);
    for (;;) {
        tr->corr_node[n] = c;
        int o = nb[2 * n] == from ? nb[2 * n + 1] : nb[2 * n];
        label_arcs(tr, n, o, c);
        if (!tr->lane[o]) {
            /* (a spur: exactly one end a dead end) */
            bool d0 = tr->hold_ok[end0] == 1, d1 = tr->hold_ok[o] == 1;
            tr->corr_dead[c] = d0 == d1 ? -1 : d0 ? end0 : o;
            break;
        }
        from = n;
        n = o;
    }
}

/* Is any fleet avoiding deadlock (the network's rules are shared)? */
static bool any_avoid(const tr_run *tr) {
    for (int f = 0; f < tr->model->nfleets; f++)
        if (tr->model->fleets[f].traffic != MDL_TRAFFIC_DETECT) return true;
    return false;
}

/* Places of each node where vehicles may stand idle or in the line for a
 * charger: a parking node's capacity, one less when it is the only way
 * onto a charger; a charging node's capacity beyond its slots (avoidance
 * only); 0 elsewhere. */
static bool places_init(tr_run *tr) {
    const struct tr_model *tm = tr->model;
    tr->park_places = calloc((size_t)(tr->nn + 1), sizeof *tr->park_places);
    if (!tr->park_places) return false;
    bool avoid = any_avoid(tr);
    for (int n = 0; n < tr->nn; n++) {
        const mdl_node_spec *ns = &tm->nodes[n];
        if (ns->kind == MDL_NODE_PARKING) tr->park_places[n] = ns->capacity;
        if (ns->kind == MDL_NODE_CHARGING && avoid) tr->park_places[n] = ns->capacity > ns->slots ? ns->capacity - ns->slots : 0;
    }
    for (int j = 0; j < tr->ncharging && avoid; j++) {
        int c = tr->charging[j], gate = -1;
        bool one = true;
        for (int a = 0; a < tr->na; a++)
            if (tr->arcs[a].to == c) {
                if (gate >= 0 && tr->arcs[a].from != gate) one = false;
                gate = tr->arcs[a].from;
            }
        if (one && gate >= 0 && tm->nodes[gate].kind == MDL_NODE_PARKING && tm->nodes[gate].capacity >= 2)
            tr->park_places[gate] = tm->nodes[gate].capacity - 1;
    }
    return true;
}

/* Where v goes instead of staying idle on a charging node: the nearest
 * parking place free, else the nearest node with room that is no charger,
 * no parking and not inside a corridor; -1: none (it stays). */
int tr_agv_off_charger(const tr_run *tr, const tr_vehicle *v) {
    if (v->spec->traffic == MDL_TRAFFIC_DETECT || tr->model->nodes[v->node].kind != MDL_NODE_CHARGING) return -1;
    int best = tr_agv_nearest_parking(tr, v, v->node);
    if (best >= 0) return best;
    double bd = INFINITY;
    for (int n = 0; n < tr->nn; n++) {
        if (tr->model->nodes[n].kind != MDL_NODE_POINT || tr->lane[n] || tr->zones[n].count >= tr->zones[n].cap) continue;
        double d = tr_agv_travel(tr, v, v->node, n);
        if (d < bd) bd = d, best = n;
    }
    return best;
}

/* Nodes where waiting vehicles block no one even when they fill it: a
 * dead end (one neighbour), or a node of one-way traffic (it touches a
 * one-way edge: the vehicles behind queue as long as the one in front
 * moves on, as on a loop, whose gridlock is a full loop, the fleet-size
 * warning's; no place for idle ones). */
static bool hold_init(tr_run *tr) {
    int nn = tr->nn;
    tr->hold_ok = calloc((size_t)(nn + 1), sizeof *tr->hold_ok);
    tr->aside_q = malloc((size_t)(nn + 1) * sizeof *tr->aside_q);
    tr->aside_seen = calloc((size_t)(nn + 1), sizeof *tr->aside_seen);
    int *nin = calloc((size_t)(nn + 1), sizeof *nin), *other = malloc((size_t)(nn + 1) * sizeof *other);
    bool ok = tr->hold_ok && tr->aside_q && tr->aside_seen && nin && other;
    for (int n = 0; ok && n < nn; n++) other[n] = -1;
    for (int a = 0; ok && a < tr->na; a++) {
        const tr_arc *ar = &tr->arcs[a];
        if (!tr->model->edges[ar->edge].two_way) nin[ar->from] = nin[ar->to] = 1; /* (touches a one-way edge) */
        for (int k = 0; k < 2; k++) {
            int n = k ? ar->to : ar->from, o = k ? ar->from : ar->to;
            other[n] = other[n] == -1 || other[n] == o ? o : -2;
        }
    }
    const int *oneway = nin;
    for (int n = 0; ok && n < nn; n++) {
        bool chain = oneway[n];
        tr->hold_ok[n] = other[n] >= 0 ? 1 : chain ? 2 : 0;
    }
    /* a station's node of one place: a vehicle loading or unloading there
     * blocks it anyway, and waiting there to pass is no worse (two
     * vehicles swapping the nodes of two such stations do it that way
     * round) */
    for (int s = 0; ok && s < tr->nst && s < tr->model->cap_st; s++) {
        int n = tr->model->st_node[s];
        if (n >= 0 && tr->hold_ok[n] == 0 && tr->model->nodes[n].capacity == 1) tr->hold_ok[n] = 3;
    }
    free(nin);
    free(other);
    return ok;
}

void tr_agv_cut_free(tr_cut_scan *c) {
    free(c->start), free(c->adj), free(c->disc), free(c->low), free(c->stack), free(c->it);
    free(c->up), free(c->par), free(c->sub), free(c->sep), free(c->top), free(c->last);
}

/* The adjacency by edge ids, both ways, of the two-way edges (loops left
 * out): a vehicle in a part reached by one-way edges does not come back
 * the way it came, and a one-way chain only queues (hold_ok). With
 * c->all, of every edge: which way vehicles drive is judged per part
 * (cut_pocket). */
static bool cut_alloc(const struct tr_model *tm, tr_cut_scan *c) {
    int nn = tm->nnodes, ne = tm->nedges;
    size_t n1 = (size_t)nn + 1;
    c->start = calloc(n1 + 1, sizeof *c->start), c->adj = malloc((size_t)(2 * ne + 1) * sizeof *c->adj);
    c->disc = calloc(n1, sizeof *c->disc), c->low = malloc(n1 * sizeof *c->low), c->stack = malloc(n1 * sizeof *c->stack);
    c->it = malloc(n1 * sizeof *c->it), c->up = malloc(n1 * sizeof *c->up), c->par = malloc(n1 * sizeof *c->par);
    c->sub = calloc(2 * n1, sizeof *c->sub), c->sep = calloc(2 * n1, sizeof *c->sep), c->top = malloc(n1 * sizeof *c->top);
    c->last = malloc(n1 * sizeof *c->last);
    if (!c->start || !c->adj || !c->disc || !c->low || !c->stack || !c->it || !c->up || !c->par || !c->sub || !c->sep || !c->top || !c->last)
        return false;
    for (int e = 0; e < ne; e++)
        if (tm->edges[e].from != tm->edges[e].to && (c->all || tm->edges[e].two_way)) c->start[tm->edges[e].from + 1]++, c->start[tm->edges[e].to + 1]++;
    for (int n = 0; n < nn; n++) c->start[n + 1] += c->start[n], c->it[n] = c->start[n];
    for (int e = 0; e < ne; e++)
        if (tm->edges[e].from != tm->edges[e].to && (c->all || tm->edges[e].two_way)) c->adj[c->it[tm->edges[e].from]++] = e, c->adj[c->it[tm->edges[e].to]++] = e;
    return true;
}

/* Is the subtree of u, a part of p, a pocket of p: an arc from p into it
 * and one out of it into p? Its nodes are those discovered from disc[u]
 * to last[u]; p's edges to them are the only ones between p and the part.
 * (A part joined by a two-way edge always is.) */
static bool cut_pocket(const struct tr_model *tm, const tr_cut_scan *c, int u, int p) {
    bool in = false, out = false;
    for (int k = c->start[p]; k < c->start[p + 1] && !(in && out); k++) {
        const mdl_edge_spec *e = &tm->edges[c->adj[k]];
        int y = e->from == p ? e->to : e->from;
        if (c->disc[y] < c->disc[u] || c->disc[y] > c->last[u]) continue;
        in |= e->from == p || e->two_way;
        out |= e->to == p || e->two_way;
    }
    return in && out;
}

/* Node u is done: its low point and sums go to its parent p; its subtree
 * is one of p's parts when it cannot reach above p. */
static void cut_up(const struct tr_model *tm, tr_cut_scan *c, uint8_t *gate, int u, int p, int r) {
    if (c->low[u] < c->low[p]) c->low[p] = c->low[u];
    for (int k = 0; k < 2; k++) c->sub[2 * p + k] += c->sub[2 * u + k];
    if (c->low[u] < c->disc[p]) return;
    for (int k = 0; k < 2; k++) c->sep[2 * p + k] += c->sub[2 * u + k];
    if (!cut_pocket(tm, c, u, p)) return;
    if (p != r) gate[p] |= c->mark;
    else c->root_pocket = true;
}

bool tr_agv_cut_nodes(const struct tr_model *tm, uint8_t *gate, const uint8_t *want, tr_cut_scan *c) {
    if (!cut_alloc(tm, c)) return false;
    for (int r = 0, t = 0; r < tm->nnodes; r++) {
        if (c->disc[r]) continue;
        int sp = 0, kids = 0;
        c->root_pocket = false;
        c->disc[r] = c->low[r] = ++t, c->up[r] = -1, c->par[r] = -1, c->it[r] = c->start[r], c->stack[sp++] = r;
        while (sp > 0) {
            int u = c->stack[sp - 1];
            if (c->it[u] < c->start[u + 1]) {
                int e = c->adj[c->it[u]++], w = tm->edges[e].from == u ? tm->edges[e].to : tm->edges[e].from;
                if (e == c->up[u]) continue;
                if (c->disc[w]) {
                    if (c->disc[w] < c->low[u]) c->low[u] = c->disc[w];
                    continue;
                }
                c->disc[w] = c->low[w] = ++t, c->up[w] = e, c->par[w] = u, c->it[w] = c->start[w], c->stack[sp++] = w;
                kids += u == r;
                continue;
            }
            c->top[u] = r;
            c->last[u] = t;
            for (int k = 0; want && k < 2; k++) c->sub[2 * u + k] += (want[u] >> k) & 1;
            if (--sp > 0) cut_up(tm, c, gate, u, c->stack[sp - 1], r);
        }
        if (kids > 1 && c->root_pocket) gate[r] |= c->mark;
    }
    return true;
}

static bool gates_init(tr_run *tr) {
    const struct tr_model *tm = tr->model;
    tr_cut_scan c = {.mark = TR_GATE}, p = {.all = true, .mark = TR_POCKET};
    tr->gate = calloc((size_t)(tr->nn + 1), sizeof *tr->gate);
    bool ok = tr->gate && tr_agv_cut_nodes(tm, tr->gate, NULL, &c) && tr_agv_cut_nodes(tm, tr->gate, NULL, &p);
    tr_agv_cut_free(&c);
    tr_agv_cut_free(&p);
    /* the places vehicles handle at: no place to step aside to */
    for (int s = 0; ok && s < tr->nst && s < tm->cap_st; s++)
        if (tm->st_node[s] >= 0) tr->gate[tm->st_node[s]] |= TR_SERVED;
    for (int d = 0; ok && d < tm->ndocks; d++)
        if (tm->docks[d].node >= 0) tr->gate[tm->docks[d].node] |= TR_SERVED;
    for (int a = 0; ok && a < tm->nasrs; a++)
        if (tm->asrs[a].node >= 0) tr->gate[tm->asrs[a].node] |= TR_SERVED;
    return ok;
}

/* May v, reserving its route, end a stretch at path[k] (its places there
 * taken)? Avoidance lets a vehicle stop only where it blocks no one: at
 * its goal, inside the corridor it holds or at that corridor's exit, on a
 * node that keeps a place for passing with it there, or on one where
 * standing blocks no one (hold_ok) unless it is a gate or a pocket's cut
 * node it fills (the vehicles of the part ahead could not come out). */
bool tr_agv_stop_ok(const tr_run *tr, const tr_vehicle *v, int k) {
    int n = v->motion.path[k];
    if (k >= v->motion.plen - 1 || n == v->traffic.claim) return true;
    if (v->traffic.corr >= 0 && tr->corr_node[n] == v->traffic.corr - (tr->nn + tr->model->nedges)) return true;
    if (tr->lane[n]) return false;
    if (tr->zones[n].count < tr->zones[n].cap) return true;
    return (tr->hold_ok[n] != 0 && !(tr->gate[n] & (TR_GATE | TR_POCKET))) || tr_agv_share_ok(tr, v, k); /* (mdl_agv_traffic.c) */
}

/* Can one more idle vehicle stand on point node n without blocking
 * anyone? Its places for that: all on a node where standing blocks no one
 * (hold_ok), else all but one kept for passing; the vehicles sent aside
 * there count from when they are sent (park_used, as for parking), so
 * two are never sent to one place. */
static bool aside_used_ok(const tr_run *tr, int n, int used) {
    if (tr->model->nodes[n].kind != MDL_NODE_POINT || tr->lane[n]) return false;
    int places = tr->zones[n].cap - (tr->hold_ok[n] == 1 ? 0 : 1);
    return used < places && tr->zones[n].count < tr->zones[n].cap;
}

bool tr_agv_aside_ok(const tr_run *tr, int n) { return aside_used_ok(tr, n, tr->park_used[n]); }

/* A parking node with a place nobody has been sent to (used: the places
 * counted as promised). */
static bool park_ok(const tr_run *tr, int n, int used) {
    return tr->model->nodes[n].kind == MDL_NODE_PARKING && used < tr->park_places[n] && tr->zones[n].count < tr->zones[n].cap;
}

/* The places of node n promised to idle vehicles on their way to park
 * there that have yet to pass node g (TR_ASIDE_BORROW, and an idle vehicle
 * sent on from g, mdl_agv_traffic.c): g is full with
 * the vehicle stepping aside from it, so they cannot get there before it
 * (one that finds its place taken parks at the nearest place aside, as
 * an idle vehicle on a full gate does). Counted only where the promises
 * fill the node (a scan of the fleet, on a rare step aside). */
int tr_agv_promised_past(const tr_run *tr, int n, int g) {
    if (tr->park_used[n] < tr->park_places[n] && tr->model->nodes[n].kind == MDL_NODE_PARKING) return 0;
    /* every promise of n is counted in park_used[n] (go_park, a step
     * aside, a nudge): none, and the scan would find none */
    if (tr->park_used[n] <= 0) return 0;
    int k = 0;
    for (int i = 0; i < tr->nveh; i++) {
        const tr_vehicle *w = &tr->veh[i];
        k += w->task.kind == VT_PARK && w->task.park_node == n && w->node != g && tr_agv_on_route(w, g);
    }
    return k;
}

/* Is node n where a vehicle is bound to pick up or drop? An idle vehicle
 * standing there aside would stand in its way at its goal, be sent away
 * as it comes, and may step aside there again when they meet (issue 20:
 * on a comb of dead-end station spurs, an idle vehicle on its way to park
 * met the one bound for the spur's station and stepped aside onto that
 * station, again and again, and the line stood). A scan of the fleet,
 * for a station's node found as a place aside or as a free node for an
 * idle vehicle sent out of the way (tr_agv_free_node) only. */
bool tr_agv_task_goal(const tr_run *tr, int n) {
    for (int i = 0; i < tr->nveh; i++) {
        const tr_vehicle *w = &tr->veh[i];
        if ((w->task.kind == VT_PICKUP || w->task.kind == VT_DROP) && w->task.goal == n) return true;
    }
    return false;
}

/* Is lane node n in a spur (a corridor that ends in a dead end, a plain
 * point node: not a parking place or charger, where vehicles come and
 * go) nobody but the vehicles standing on `from` is in, holds, or is
 * bound into? A vehicle with a task may wait there off the traffic until
 * its way is clear (TR_ASIDE_POCKET; the search for a place aside passes
 * no spur's node promised so: a second vehicle sent deeper would be shut
 * in behind the first): on a comb of dead-end station spurs, every other
 * node is the aisle or a station, and a loaded vehicle meeting an idle
 * one coming out of the spur it is bound for had no place to let it pass
 * but the parking place the idle one was sent to (issue 20). A scan of
 * the fleet, for a spur's node found as a place aside only. */
static bool pocket_free(const tr_run *tr, int n, int from) {
    int c = tr->corr_node[n];
    if (!tr->lane[n] || c < 0 || tr->corr_dead[c] < 0 || tr->corr_hold[c].n > 0) return false;
    int d = tr->corr_dead[c];
    if (tr->zones[d].count > 0 || tr->park_used[d] > 0 || tr->model->nodes[d].kind != MDL_NODE_POINT) return false;
    for (int i = 0; i < tr->nveh; i++) {
        const tr_vehicle *w = &tr->veh[i];
        if (w->node < 0 || (w->node == from && !w->motion.moving)) continue;
        if (w->node == d || tr->corr_node[w->node] == c) return false;
        for (int k = w->motion.ppos; k < w->motion.plen; k++)
            if (w->motion.path[k] == d || tr->corr_node[w->motion.path[k]] == c) return false;
    }
    return true;
}

/* The nearest node (fewest arcs, ties: arc order) from `from` where an
 * idle vehicle can stand aside (aside_ok; `kinds`: TR_ASIDE_PARKING a
 * parking place too, TR_ASIDE_POCKET a node of an empty spur too
 * (pocket_free), TR_ASIDE_UNSERVED not on a node vehicles handle at,
 * where one with a task would block them; TR_ASIDE_NOGOAL not on one a
 * vehicle is bound for, task_goal; TR_ASIDE_BORROW the places promised
 * to idle vehicles waiting for `from`, see promised_past, count as free), other than `except` and off the rest of the route of `clear`
 * (NULL: none), reached without zone `avoid` (-1: any); -1 when none
 * within AGV_ASIDE_REACH nodes. The search stops at the first found: its
 * cost is the neighbourhood looked at, not the network. */
#define AGV_ASIDE_REACH 256
int tr_agv_aside_by(tr_run *tr, int from, int except, int avoid, int kinds, const tr_vehicle *clear) {
    int epoch = ++tr->aside_epoch, head = 0, tail = 0;
    tr->aside_q[tail++] = from;
    tr->aside_seen[from] = epoch;
    while (head < tail && head < AGV_ASIDE_REACH) {
        int u = tr->aside_q[head++];
        int used = tr->park_used[u] - ((kinds & TR_ASIDE_BORROW) ? tr_agv_promised_past(tr, u, from) : 0);
        bool ok = ((kinds & TR_ASIDE_PARKING) && park_ok(tr, u, used)) || ((kinds & TR_ASIDE_POCKET) && used == 0 && pocket_free(tr, u, from)) ||
                  (aside_used_ok(tr, u, used) && !((tr->gate[u] & TR_SERVED) && ((kinds & TR_ASIDE_UNSERVED) || ((kinds & TR_ASIDE_NOGOAL) && tr_agv_task_goal(tr, u)))));
        if (u != from && u != except && ok && !(clear && tr_agv_on_route(clear, u))) return u;
        for (int k = tr->adj_start[u]; k < tr->adj_start[u + 1]; k++) {
            int o = tr->arcs[tr->adj[k]].to;
            /* (not past a spur's node promised to a vehicle waiting there) */
            if (tr->aside_seen[o] == epoch || o == avoid || edge_zone(tr, tr->adj[k]) == avoid || (tr->lane[o] && tr->park_used[o] > 0)) continue;
            tr->aside_seen[o] = epoch;
            tr->aside_q[tail++] = o;
        }
    }
    return -1;
}

int tr_agv_aside(tr_run *tr, int from, int except) { return tr_agv_aside_by(tr, from, except, -1, 0, NULL); }

/* Does idle v, standing where it is, leave no place for vehicles passing
 * (avoidance: then it goes aside when it becomes idle)? Never when it is
 * the only vehicle on the network: no one else can need its node. */
bool tr_agv_in_the_way(const tr_run *tr, const tr_vehicle *v) {
    int n = v->node;
    return tr->nveh_on > 1 && v->spec->traffic != MDL_TRAFFIC_DETECT && tr->model->nodes[n].kind == MDL_NODE_POINT && tr->hold_ok[n] != 1 &&
           (tr->lane[n] || tr->zones[n].count >= tr->zones[n].cap);
}

bool tr_agv_zones_init(tr_run *tr) {
    int nn = tr->nn, ne = tr->model->nedges;
    if (!places_init(tr) || !hold_init(tr) || !gates_init(tr)) return false;
    int *nb = malloc((size_t)(2 * nn + 2) * sizeof *nb), *deg = calloc((size_t)(nn + 1), sizeof *deg);
    tr->lane = calloc((size_t)(nn + 1), sizeof *tr->lane);
    tr->corr_node = malloc((size_t)(nn + 1) * sizeof *tr->corr_node);
    tr->corr_dead = malloc((size_t)(nn + 1) * sizeof *tr->corr_dead); /* (corridors < nodes) */
    tr->arc_corr = malloc((size_t)(tr->na + 1) * sizeof *tr->arc_corr);
    tr->arc_cdir = calloc((size_t)(tr->na + 1), sizeof *tr->arc_cdir);
    tr->stand = calloc((size_t)(nn + 1), sizeof *tr->stand);
    tr->corr_hold = calloc((size_t)(nn + 1), sizeof *tr->corr_hold); /* (corridors < nodes) */
    if (!nb || !deg || !tr->lane || !tr->corr_node || !tr->corr_dead || !tr->arc_corr || !tr->arc_cdir || !tr->stand || !tr->corr_hold) {
        free(nb);
        free(deg);
        return false;
    }
    for (int n = 0; n < nn; n++) tr->corr_node[n] = -1;
    for (int a = 0; a < tr->na; a++) tr->arc_corr[a] = -1;
    tr_agv_lanes_mark(tr->model, tr->lane, nb, deg);
    /* a node vehicles handle at is a place to stop, not a lane: it ends
     * the corridors on either side (a station in the middle of a branch) */
    for (int n = 0; n < nn; n++)
        if (tr->gate[n] & TR_SERVED) tr->lane[n] = false;
    for (int n = 0; n < nn; n++)
        if (tr->lane[n] && tr->corr_node[n] < 0) corridor_walk(tr, nb, n);
    free(nb);
    free(deg);
    /* the corridors' zones after the nodes' and edges' */
    tr_zone *z = realloc(tr->zones, (size_t)(nn + ne + tr->ncorr + 1) * sizeof *z);
    if (!z) return false;
    tr->zones = z;
    memset(&z[nn + ne], 0, (size_t)(tr->ncorr + 1) * sizeof *z);
    tr->zone_wait = calloc((size_t)(nn + ne + tr->ncorr + 1), sizeof *tr->zone_wait);
    if (!tr->zone_wait) return false;
    for (int c = 0; c < tr->ncorr; c++) {
        z[nn + ne + c].cap = INT_MAX;
        z[nn + ne + c].two_way = true;
    }
    return true;
}

void tr_agv_zones_free(tr_run *tr) {
    if (tr->zone_wait)
        for (int z = 0; z < tr->nn + tr->model->nedges + tr->ncorr; z++) free(tr->zone_wait[z].wait);
    free(tr->zone_wait);
    tr->zone_wait = NULL;
    if (tr->stand)
        for (int n = 0; n < tr->nn; n++) free(tr->stand[n].v);
    free(tr->stand);
    if (tr->corr_hold)
        for (int c = 0; c < tr->ncorr; c++) free(tr->corr_hold[c].v);
    free(tr->corr_hold);
    free(tr->park_places);
    free(tr->lane);
    free(tr->hold_ok);
    free(tr->gate);
    free(tr->aside_q);
    free(tr->aside_seen);
    free(tr->corr_node);
    free(tr->corr_dead);
    free(tr->arc_corr);
    free(tr->arc_cdir);
}

/* ---- the vehicles standing on a node ----------------------------------------------- */

static void list_add(tr_run *tr, tr_stand *s, int vehicle) { tr_push_int(tr, &s->v, &s->n, &s->cap, vehicle); }

static void list_remove(tr_stand *s, int vehicle) {
    for (int i = 0; i < s->n; i++)
        if (s->v[i] == vehicle) {
            tr_remove_int(s->v, &s->n, i);
            return;
        }
}

void tr_agv_stand(tr_run *tr, tr_vehicle *v) { list_add(tr, &tr->stand[v->node], v->index); }

void tr_agv_unstand(tr_run *tr, tr_vehicle *v) { list_remove(&tr->stand[v->node], v->index); }

/* ---- corridor allocation ------------------------------------------------------------ */

static int corr_zone(const tr_run *tr, int c) { return tr->nn + tr->model->nedges + c; }

/* Frees v's corridor and exit place (the zones to wake go to wake[]). */
static int corridor_release(tr_run *tr, tr_vehicle *v, int *wake) {
    int nw = 0;
    if (v->traffic.claim >= 0) {
        zone_free(tr, node_zone(v->traffic.claim));
        wake[nw++] = node_zone(v->traffic.claim);
        v->traffic.claim = -1;
    }
    if (v->traffic.corr >= 0) {
        zone_free(tr, v->traffic.corr);
        list_remove(&tr->corr_hold[v->traffic.corr - corr_zone(tr, 0)], v->index);
        wake[nw++] = v->traffic.corr;
        v->traffic.corr = -1;
    }
    return nw;
}

/* Standing at path[ppos]: gives back what the route no longer needs (a
 * new task, a re-route): the corridor and the exit place when v stands
 * outside the corridor and does not enter it next, the exit place when
 * the route leaves the corridor elsewhere. Inside, turning round is
 * tr_agv_corridor_enter's. Returns the zones to wake (at most 2). */
int tr_agv_corridor_check(tr_run *tr, tr_vehicle *v, int *wake) {
    int p = v->motion.ppos, c = v->traffic.corr >= 0 ? v->traffic.corr - corr_zone(tr, 0) : -1;
    bool next_in = c >= 0 && p < v->motion.plen - 1 && tr->arc_corr[v->motion.parc[p]] == c &&
                   tr->arc_cdir[v->motion.parc[p]] == v->traffic.cdir;
    bool inside = c >= 0 && tr->corr_node[v->node] == c;
    if (!next_in && !inside) return corridor_release(tr, v, wake);
    if (v->traffic.claim < 0) return 0;
    if (next_in) {
        int e = p + 1;
        while (e < v->motion.plen - 1 && tr->corr_node[v->motion.path[e]] == c) e++;
        if (v->motion.path[e] == v->traffic.claim) return 0;
    }
    zone_free(tr, node_zone(v->traffic.claim));
    wake[0] = node_zone(v->traffic.claim);
    v->traffic.claim = -1;
    return 1;
}

/* Will a vehicle holding node y come out through node x: has it x on
 * the rest of its route? (A scan of the fleet, for a corridor's exit on
 * a gate only.) */
static bool comes_through(const tr_run *tr, int y, int x) {
    for (int i = 0; i < tr->nveh; i++) {
        const tr_vehicle *u = &tr->veh[i];
        if (u->node >= 0 && tr_agv_holds_node(u, y) && tr_agv_on_route(u, x)) return true;
    }
    return false;
}

/* Before reserving arc parc[k] (v stands, or will stand, at path[k]):
 * when it leads into a corridor or on inside one, v must hold the
 * corridor in its direction and a place at its exit. Takes them and
 * returns -1, or returns the zone to wait for (direction into *dir). A
 * vehicle inside turning round gives the corridor up first (wake[]). */
int tr_agv_corridor_enter(tr_run *tr, tr_vehicle *v, int k, int *dir, int *wake, int *nwake) {
    int a = v->motion.parc[k], c = tr->arc_corr[a];
    if (c < 0) return -1;
    int cz = corr_zone(tr, c), d = tr->arc_cdir[a];
    bool held = v->traffic.corr == cz;
    if (held && v->traffic.cdir == d && v->traffic.claim >= 0) return -1;
    if (held && v->traffic.cdir != d) *nwake += corridor_release(tr, v, wake + *nwake), held = false;
    int e = k + 1;
    while (e < v->motion.plen - 1 && tr->corr_node[v->motion.path[e]] == c) e++;
    int x = node_zone(v->motion.path[e]);
    if (!held && !zone_room(tr, cz, d)) return *dir = d, cz;
    if (!zone_room(tr, x, 0)) return *dir = 0, x;
    /* (a vehicle with a task, waiting off a station's node, does not enter
     * when the exit is a gate of one place and the node after it on its
     * way has no room, held by a vehicle that must come out through the
     * gate: it could stop only on the gate, the other's one way out, and
     * the two would meet there head on - on a corridor with a passing
     * place, the vehicles bound for the station at its dead end drove to
     * the gate in front of it, where the one loaded there waited to come
     * out, stepped aside, and came again, one after the other, so that
     * it never got out) */
    int w = v->motion.path[k], y = e < v->motion.plen - 1 ? v->motion.path[e + 1] : -1;
    if (!held && y >= 0 && (v->task.kind == VT_PICKUP || v->task.kind == VT_DROP) && !(tr->gate[w] & TR_SERVED) &&
        (tr->gate[x] & TR_GATE) && tr->zones[x].cap == 1 && !zone_room(tr, node_zone(y), 0) && comes_through(tr, y, x))
        return *dir = 0, node_zone(y);
    if (!held) {
        zone_take(tr, cz, d);
        list_add(tr, &tr->corr_hold[c], v->index);
    }
    zone_take(tr, x, 0);
    v->traffic.corr = cz;
    v->traffic.cdir = d;
    v->traffic.claim = x;
    return -1;
}

/* v has just reached v->node: out of its corridor, it gives it up. */
void tr_agv_corridor_left(tr_run *tr, tr_vehicle *v) {
    int cz = v->traffic.corr;
    if (tr->corr_node[v->node] == cz - corr_zone(tr, 0)) return;
    zone_free(tr, cz);
    list_remove(&tr->corr_hold[cz - corr_zone(tr, 0)], v->index);
    v->traffic.corr = -1;
    if (tr->zones[cz].nwait) tr_agv_zone_wake(tr, cz);
}
