/*
 * mdl_layout_loops.c - two warnings of the layout check (`linetwin
 * check`, docs/material-handling.md "Layout check") about what can stand
 * still for good:
 *
 * - Room on the path network: vehicles that fill every place of its nodes
 *   can never move; vehicles that leave one place free move only by
 *   making way for each other in turn (rotating through the free place),
 *   which costs throughput, and a swap of two loaded vehicles may need a
 *   forced pass.
 * - Loops of stations (rework, re-entrant routes): with allocation a unit
 *   goes on only to a place reserved for it, so a cycle of stations whose
 *   units can fill every place of the cycle - servers, buffers and
 *   out-points - locks as it would with direct hand-overs (docs,
 *   "Allocation"). A loop is a strongly connected set of stations of the
 *   graph "a route goes from s to t"; what bounds its units is the line's
 *   WIP limit (tr_line_wip_bound, as for belt loops). The check warns
 *   unless every station of the loop has an unlimited buffer or that bound
 *   is below the loop's places.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_conveyor_net_internal.h"
#include "mdl_internal.h"

/* ---- room on the network ------------------------------------------------------ */

/* The vehicles the run puts on the network: with avoidance, a fleet's
 * surplus over what its layout holds stays out of the traffic
 * (tr_layout_fleet_on); -1: out of memory. */
static long vehicles_in_traffic(const mdl_model *m, const struct tr_model *tm) {
    int *on = calloc((size_t)tm->nfleets + 1, sizeof *on);
    if (!on || !tr_layout_fleet_on(m, tm, on)) {
        free(on);
        return -1;
    }
    long vehicles = 0;
    for (int f = 0; f < tm->nfleets; f++) vehicles += on[f];
    free(on);
    return vehicles;
}

void tr_layout_room(const mdl_model *m, const struct tr_model *tm, tr_layout_report_fn *fn, void *c) {
    long places = 0, vehicles = vehicles_in_traffic(m, tm), all = 0;
    for (int f = 0; f < tm->nfleets; f++) all += tm->fleets[f].count;
    const char *in = vehicles < all ? " in the traffic" : "";
    for (int n = 0; n < tm->nnodes; n++) places += tm->nodes[n].capacity;
    if (vehicles < 0) {
        fn(c, 0, "layout", "out of memory");
        return;
    }
    if (vehicles < 2 || vehicles < places - 1 || tm->nfleets == 0) return;
    const mdl_fleet_spec *fs = &tm->fleets[tm->nfleets - 1];
    char subj[200], msg[500];
    snprintf(subj, sizeof subj, "fleet '%s'", fs->id);
    if (vehicles >= places)
        snprintf(msg, sizeof msg,
                 "layout: %ld vehicles%s fill every place of the path network's nodes (%ld): none can ever move "
                 "without a forced pass; add parking places or use fewer vehicles",
                 vehicles, in, places);
    else
        snprintf(msg, sizeof msg,
                 "layout: %ld vehicles%s leave one place of the path network's nodes (%ld) free: they move only by "
                 "making way for each other in turn, which costs throughput, and vehicles that must swap places "
                 "may need forced passes; add a parking place or use fewer vehicles",
                 vehicles, in, places);
    fn(c, fs->source_line, subj, msg);
}

/* ---- loops of stations ----------------------------------------------------------- */

/* The places of station s on a loop: its servers, its buffer (-1:
 * unlimited) and its out-point when it has a node. */
static long station_places(const mdl_model *m, const struct tr_model *tm, int s) {
    const mdl_station_spec *st = &m->stations[s];
    if (st->buffer < 0) return -1;
    long out = tm && s < tm->cap_st && tm->st_node[s] >= 0 ? tm->st_out[s] : 0;
    return st->servers + st->buffer + out;
}

/* The graph "a route goes from s to t" (CSR: start[ns + 1], adj), and its
 * strongly connected components (Tarjan, iterative): low[s] = -1 - the
 * component once closed, and a self-loop flag per station. */
typedef struct st_graph {
    int *start, *adj, *index, *low, *stack, *path, *it;
    bool *on, *self;
} st_graph;

static void graph_free(st_graph *g) {
    free(g->start), free(g->adj), free(g->index), free(g->low), free(g->stack), free(g->path), free(g->it);
    free(g->on), free(g->self);
}

static bool graph_build(const mdl_model *m, st_graph *g) {
    int ns = m->nstations;
    size_t ne = 0, n1 = (size_t)ns + 1;
    for (int p = 0; p < m->nproducts; p++) ne += m->products[p].nsteps > 0 ? (size_t)m->products[p].nsteps : 0;
    g->start = calloc(n1 + 1, sizeof *g->start), g->adj = malloc((ne + 1) * sizeof *g->adj);
    g->index = malloc(n1 * sizeof *g->index), g->low = malloc(n1 * sizeof *g->low), g->stack = malloc(n1 * sizeof *g->stack);
    g->path = malloc(n1 * sizeof *g->path), g->it = malloc(n1 * sizeof *g->it);
    g->on = calloc(n1, sizeof *g->on), g->self = calloc(n1, sizeof *g->self);
    if (!g->start || !g->adj || !g->index || !g->low || !g->stack || !g->path || !g->it || !g->on || !g->self) return false;
    for (int p = 0; p < m->nproducts; p++)
        for (int i = 0; i + 1 < m->products[p].nsteps; i++) g->start[m->products[p].route[i] + 1]++;
    for (int s = 0; s < ns; s++) g->start[s + 1] += g->start[s], g->it[s] = g->start[s];
    for (int p = 0; p < m->nproducts; p++)
        for (int i = 0; i + 1 < m->products[p].nsteps; i++) {
            int s = m->products[p].route[i], t = m->products[p].route[i + 1];
            g->adj[g->it[s]++] = t;
            g->self[s] |= s == t;
        }
    return true;
}

/* Tarjan's components from station r (iterative; it[] walks the arcs). */
static void scc_from(st_graph *g, int r, int *next, int *sp, int *ncomp) {
    int top = 0;
    g->index[r] = g->low[r] = (*next)++;
    g->stack[(*sp)++] = r, g->on[r] = true;
    g->it[r] = g->start[r];
    int *path = g->path; /* the search's path; it[u]: u's next arc */
    path[top++] = r;
    while (top > 0) {
        int u = path[top - 1];
        if (g->it[u] < g->start[u + 1]) {
            int w = g->adj[g->it[u]++];
            if (g->index[w] < 0) {
                g->index[w] = g->low[w] = (*next)++;
                g->stack[(*sp)++] = w, g->on[w] = true;
                g->it[w] = g->start[w];
                path[top++] = w;
            } else if (g->on[w] && g->index[w] < g->low[u]) {
                g->low[u] = g->index[w];
            }
            continue;
        }
        top--;
        if (top > 0 && g->low[u] < g->low[path[top - 1]]) g->low[path[top - 1]] = g->low[u];
        if (g->low[u] != g->index[u]) continue;
        int w;
        do {
            w = g->stack[--(*sp)];
            g->on[w] = false;
            g->low[w] = -1 - *ncomp; /* the component, once closed */
        } while (w != u);
        (*ncomp)++;
    }
}

static void loop_warn(const mdl_model *m, int first, const char *names, long places, long bound, tr_layout_report_fn *fn,
                      void *c) {
    char subj[200], msg[700], why[220];
    if (bound < 0)
        snprintf(why, sizeof why, "nothing bounds the units in the line (push release, orders or parts)");
    else
        snprintf(why, sizeof why, "the line's WIP limit (conwip, %ld in all) is not below that", bound);
    snprintf(subj, sizeof subj, "station '%s'", m->stations[first].id);
    snprintf(msg, sizeof msg,
             "layout: the stations %s form a loop (a rework or re-entrant route) whose units can fill every place "
             "of it (servers, buffers and out-points: %ld), and %s: it then locks as with direct hand-overs; give "
             "it a buffer or an out_capacity, or keep the WIP below %ld",
             names, places, why, places);
    fn(c, m->stations[first].source_line, subj, msg);
}

/* Warns about the loop of component k (its first station s) when its
 * units can fill it. */
static void check_station_loop(const mdl_model *m, const st_graph *g, int s, long bound, tr_layout_report_fn *fn, void *c) {
    int ns = m->nstations, k = g->low[s], count = 0;
    long places = 0;
    char names[200] = "";
    for (int t = s; t < ns; t++) {
        if (g->low[t] != k) continue;
        long p = station_places(m, m->transport, t);
        places = p < 0 || places < 0 ? -1 : places + p;
        size_t l = strlen(names);
        if (count < 6 && l < sizeof names)
            snprintf(names + l, sizeof names - l, "%s%s", count ? ", " : "", m->stations[t].id);
        else if (count == 6 && l < sizeof names)
            snprintf(names + l, sizeof names - l, ", ...");
        count++;
    }
    if (count < 2 && !g->self[s]) return; /* no loop */
    if (places >= 0 && (bound < 0 || bound >= places)) loop_warn(m, s, names, places, bound, fn, c);
}

void tr_layout_station_loops(const mdl_model *m, tr_layout_report_fn *fn, void *c) {
    int ns = m->nstations;
    st_graph g;
    memset(&g, 0, sizeof g);
    if (ns == 0) return;
    if (!graph_build(m, &g)) {
        fn(c, 0, "layout", "out of memory");
        graph_free(&g);
        return;
    }
    int next = 0, sp = 0, ncomp = 0;
    for (int s = 0; s < ns; s++) g.index[s] = -1;
    for (int s = 0; s < ns; s++)
        if (g.index[s] < 0) scc_from(&g, s, &next, &sp, &ncomp);
    /* each component once, at its first station */
    bool *seen = calloc((size_t)ncomp + 1, sizeof *seen);
    long bound = tr_line_wip_bound(m);
    for (int s = 0; seen && s < ns; s++) {
        int k = -1 - g.low[s];
        if (seen[k]) continue;
        seen[k] = true;
        check_station_loop(m, &g, s, bound, fn, c);
    }
    if (!seen) fn(c, 0, "layout", "out of memory");
    free(seen);
    graph_free(&g);
}
