/*
 * mdl_agv_route.c - AGV routing: the rows of the tables of free-flow
 * travel time (edge length over min(fleet speed, edge limit)), each by a
 * reverse Dijkstra to its target node (kept and shared by the runs in
 * mdl_agv_tables.c), and routes by them; "nearest" means least free-flow travel
 * time (= least distance when no edge has a limit). Routes avoid running
 * through parking and charging nodes (no_through). Ties always go to the
 * lower index.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"

double tr_arc_vmax(const tr_run *tr, const tr_vehicle *v, int arc) {
    double w = v->motion.vtop, lim = tr->arcs[arc].vmax;
    return lim < w ? lim : w;
}

/* Charging and parking nodes are places to stop, not to pass: a route
 * may start or end on one but runs through one only when there is no
 * other way (lexicographic cost: such passes first, then free-flow time).
 * Otherwise vehicles shortcut through a charger and wait there behind the
 * vehicles charging on it. */
static bool no_through(const tr_run *tr, int n) {
    mdl_node_kind k = tr->model->nodes[n].kind;
    return k == MDL_NODE_CHARGING || k == MDL_NODE_PARKING;
}

static bool better(int c, double d, int c0, double d0) { return c < c0 || (c == c0 && d < d0); }

/* ---- the tables: a heap Dijkstra per target over the reverse arcs ---------- */

/* A heap entry: the lexicographic key (passes, time) and the node, which
 * breaks ties (the lower index first, as a scan in index order would). */
typedef tr_route_he route_he;

static bool he_less(const route_he *a, const route_he *b) {
    return a->c < b->c || (a->c == b->c && (a->d < b->d || (a->d == b->d && a->u < b->u)));
}

static void he_push(route_he *h, int *n, route_he e) {
    int i = (*n)++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!he_less(&e, &h[p])) break;
        h[i] = h[p];
        i = p;
    }
    h[i] = e;
}

static route_he he_pop(route_he *h, int *n) {
    route_he top = h[0], e = h[--*n];
    int i = 0, m = *n;
    for (;;) {
        int k = 2 * i + 1;
        if (k >= m) break;
        if (k + 1 < m && he_less(&h[k + 1], &h[k])) k++;
        if (!he_less(&h[k], &e)) break;
        h[i] = h[k];
        i = k;
    }
    if (m > 0) h[i] = e;
    return top;
}

/* The arcs entering each node, in arc order (a counting sort):
 * radj[rstart[u] .. rstart[u + 1]). False when out of memory (nothing
 * allocated then). */
bool tr_route_reverse(int nn, int na, const tr_arc *arcs, int **rstart, int **radj) {
    int *rs = calloc((size_t)nn + 2, sizeof *rs), *ra = malloc(((size_t)na + 1) * sizeof *ra);
    int *fill = malloc(((size_t)nn + 1) * sizeof *fill);
    if (!rs || !ra || !fill) {
        free(rs), free(ra), free(fill);
        return false;
    }
    for (int a = 0; a < na; a++) rs[arcs[a].to + 1]++;
    for (int u = 0; u < nn; u++) rs[u + 1] += rs[u];
    for (int u = 0; u < nn; u++) fill[u] = rs[u];
    for (int a = 0; a < na; a++) ra[fill[arcs[a].to]++] = a;
    free(fill);
    *rstart = rs;
    *radj = ra;
    return true;
}

/* Row t: dist[u] the least (passes through `stop` nodes, free-flow time)
 * from u to t at `speed` (arc time len / min(speed, vmax)); next_arc[u]
 * the first arc of that route, -1 when t cannot be reached (or u == t).
 * Settles nodes in the order (passes, time, index) and relaxes the arcs
 * into a node in index order, replacing a label only when strictly better:
 * the same numbers and the same tie rule (lower index) as settling by a
 * scan of every node and every arc, in O((nn + na) log na) instead of
 * O(nn (nn + na)). False when out of memory. */
bool tr_route_row(int nn, const int *rstart, const int *radj, const tr_arc *arcs, const bool *stop, double speed, int t, double *d,
                  int *via) {
    route_he *heap = malloc(((size_t)rstart[nn] + 1) * sizeof *heap); /* a push per improvement: at most one per arc */
    int *cnt = malloc((size_t)nn * sizeof *cnt); /* passes through charging / parking nodes */
    bool *done = malloc((size_t)nn * sizeof *done);
    bool ok = heap && cnt && done;
    if (ok) {
        for (int u = 0; u < nn; u++) d[u] = INFINITY, cnt[u] = 0, via[u] = -1, done[u] = false;
        d[t] = 0.0;
        int nh = 0;
        he_push(heap, &nh, (route_he){0, 0.0, t});
        while (nh > 0) {
            route_he e = he_pop(heap, &nh);
            int best = e.u;
            if (done[best] || e.c != cnt[best] || e.d != d[best]) continue; /* stale: the node has a better label */
            done[best] = true;
            double bd = d[best];
            int bc = cnt[best] + (best != t && stop[best]);
            for (int k = rstart[best]; k < rstart[best + 1]; k++) {
                int a = radj[k];
                const tr_arc *ar = &arcs[a];
                double w = speed < ar->vmax ? speed : ar->vmax;
                double nd = bd + ar->len / w;
                int u = ar->from;
                if (!done[u] && better(bc, nd, isfinite(d[u]) ? cnt[u] : INT_MAX, d[u])) {
                    d[u] = nd;
                    cnt[u] = bc;
                    via[u] = a;
                    if (isfinite(nd)) he_push(heap, &nh, (route_he){bc, nd, u});
                }
            }
        }
    }
    free(heap);
    free(cnt);
    free(done);
    return ok;
}

/* Every row: dist[t * nn + u] and next_arc likewise (a row per target).
 * The runs build rows one at a time, as they need them
 * (mdl_agv_tables.c); this whole form is for tests. */
bool tr_route_tables(int nn, int na, const tr_arc *arcs, const bool *stop, double speed, double *dist, int *next_arc) {
    int *rstart, *radj;
    if (!tr_route_reverse(nn, na, arcs, &rstart, &radj)) return false;
    bool ok = true;
    for (int t = 0; t < nn && ok; t++)
        ok = tr_route_row(nn, rstart, radj, arcs, stop, speed, t, dist + (size_t)t * (size_t)nn, next_arc + (size_t)t * (size_t)nn);
    free(rstart);
    free(radj);
    return ok;
}

/* The route from s to goal by the fleet's table into path and parc;
 * its arcs. */
static int route_walk(const tr_run *tr, const tr_fleet *f, int s, int goal, int *path, int *parc) {
    int nn = tr->nn, n = 0, u = s;
    const int *next_arc = tr_agv_row(tr, f, goal)->next_arc;
    path[n] = u;
    while (u != goal && n < nn) {
        int a = next_arc[u];
        parc[n++] = a;
        u = tr->arcs[a].to;
        path[n] = u;
    }
    return n;
}

/* The fleet's route from s to goal (s reaches goal), made once: a vehicle
 * points to it instead of copying it (a route is planned at every task).
 * NULL when it is not kept and the fleet's blocks are full (plan then
 * copies it). */
static const int *route_get(tr_run *tr, tr_fleet *f, int s, int goal) {
    const int *kept = tr_route_kept(f, s, goal);
    if (kept) return kept;
    int n = 0;
    const int *next_arc = tr_agv_row(tr, f, goal)->next_arc;
    for (int u = s; u != goal && n < tr->nn; u = tr->arcs[next_arc[u]].to) n++;
    int at, *e = tr_route_room(tr, f, 2 * n + 2, &at);
    if (!e) return NULL;
    e[0] = route_walk(tr, f, s, goal, e + 1, e + 2 + n); /* arcs right after the nodes */
    tr_route_keep(tr, f, s, goal, at, 2 * n + 2);
    return e;
}

/* Makes v's route its own buffers, to write one into. */
void tr_agv_route_own(tr_vehicle *v) {
    v->motion.path = v->motion.path_buf;
    v->motion.parc = v->motion.parc_buf;
}

/* Is node zone z one of tr->plan_also? */
static bool kept_off(const tr_run *tr, int z) {
    for (int i = 0; i < tr->nplan_also; i++)
        if (tr->plan_also[i] == z) return true;
    return false;
}

/* Route from v->node to goal into v->motion.path, by the fleet's table, or (avoid
 * >= 0) by a Dijkstra that keeps out of zone `avoid` (and of the node
 * zones in tr->plan_also). False if none. */
bool tr_agv_plan(tr_run *tr, tr_vehicle *v, int goal, int avoid) {
    int s = v->node;
    v->motion.ppos = 0;
    v->motion.replan = false;
    if (avoid < 0) {
        tr_fleet *f = &tr->fleets[v->fleet];
        if (s != goal && tr_agv_row(tr, f, goal)->next_arc[s] < 0) return false;
        const int *e = route_get(tr, f, s, goal);
        if (e) {
            v->motion.plen = e[0] + 1;
            v->motion.path = e + 1;
            v->motion.parc = e + 1 + v->motion.plen;
            return true;
        }
        tr_agv_route_own(v);
        v->motion.plen = route_walk(tr, f, s, goal, v->motion.path_buf, v->motion.parc_buf) + 1;
        return true;
    }
    /* the run's scratch: labels valid where stamped with this search's
     * epoch (mdl_agv_index.c), so only the part explored is touched */
    tr_plan_scratch_begin(tr);
    tr_plan_scratch *ps = tr->plan;
    double *d = ps->d;
    int *via = ps->via, *cnt = ps->cnt;
    uint32_t *mark = ps->mark, *done = ps->done, ep = ps->epoch;
    route_he *heap = ps->heap;
    d[s] = 0.0, cnt[s] = 0, via[s] = -1, mark[s] = ep;
    int nh = 0;
    he_push(heap, &nh, (route_he){0, 0.0, s});
    /* settles in the order (passes, time, index), as the tables do */
    while (nh > 0) {
        route_he e = he_pop(heap, &nh);
        int best = e.u;
        if (done[best] == ep || e.c != cnt[best] || e.d != d[best]) continue; /* stale: the node has a better label */
        if (best == goal) break;
        done[best] = ep;
        double bd = d[best];
        int bc = cnt[best] + (best != s && no_through(tr, best)); /* like the fleet's tables */
        for (int k = tr->adj_start[best]; k < tr->adj_start[best + 1]; k++) {
            int a = tr->adj[k];
            const tr_arc *ar = &tr->arcs[a];
            if (edge_zone(tr, a) == avoid || node_zone(ar->to) == avoid || kept_off(tr, node_zone(ar->to))) continue;
            /* free-flow time at the built speed, like the fleet's tables */
            double w = v->spec->speed < ar->vmax ? v->spec->speed : ar->vmax;
            double nd = bd + ar->len / w;
            int to = ar->to;
            bool seen = mark[to] == ep; /* else no label yet: (INT_MAX, +inf) */
            if (done[to] != ep && better(bc, nd, seen ? cnt[to] : INT_MAX, seen ? d[to] : INFINITY)) {
                d[to] = nd, cnt[to] = bc, via[to] = a, mark[to] = ep;
                if (isfinite(nd)) he_push(heap, &nh, (route_he){bc, nd, ar->to});
            }
        }
    }
    bool ok = mark[goal] == ep && isfinite(d[goal]);
    if (ok) {
        int n = 0;
        for (int u = goal; u != s; u = tr->arcs[via[u]].from) n++;
        v->motion.plen = n + 1;
        tr_agv_route_own(v);
        int u = goal;
        for (int i = n; i > 0; i--) {
            v->motion.path_buf[i] = u;
            v->motion.parc_buf[i - 1] = via[u];
            u = tr->arcs[via[u]].from;
        }
        v->motion.path_buf[0] = s;
    }
    return ok;
}

/* The parking node with room (other than `except`) that v reaches first
 * from where it stands (ties: node order), -1 when none: the first with
 * room of the places in order of time from its node (mdl_agv_idle.c). */
int tr_agv_nearest_parking(const tr_run *tr, const tr_vehicle *v, int except) {
    if (tr->nparking == 0) return -1;
    const int *by = tr_agv_places_by_time(tr, &tr->fleets[v->fleet], TR_PLACES_PARKING, v->node);
    for (int i = 1; i <= by[0]; i++) {
        int n = by[i];
        if (n != except && tr->park_used[n] < tr->park_places[n]) return n;
    }
    return -1;
}

/* Is node n on the rest of v's route (after where it stands)? */
bool tr_agv_on_route(const tr_vehicle *v, int n) {
    for (int i = v->motion.ppos + 1; i < v->motion.plen; i++)
        if (v->motion.path[i] == n) return true;
    return false;
}
