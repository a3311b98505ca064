/*
 * mdl_agv_refuge.c - refuges for the layout check (mdl_agv_refuge.h).
 *
 * Two vehicles that would swap places through a gate of one place (one
 * on the gate bound into a part behind it, the other in the part bound
 * out, or one bound for a parking place of one the other is leaving) are
 * taken apart by the run before the wait closes (mdl_agv_traffic.c,
 * swap_out): one of them drives to a free node reached without the
 * other's node and off its way, and lets it pass. From the gate, such a
 * node lies outside the part waited for and not behind the parking place
 * contended. The check counts those nodes: where there are as many as
 * the other vehicles on the network (each may stand on one), the swap is
 * the run's to take apart, not the fallback's.
 */
#include <stdlib.h>

#include "mdl_agv_refuge.h"
#include "mdl_transport_internal.h"

/* A search looks at no more nodes than this (as the run's step aside,
 * tr_agv_aside_by): a refuge is near or not counted. */
#define REFUGE_REACH 256

bool tr_refuge_init(const struct tr_model *tm, tr_refuge *r) {
    int nn = tm->nnodes, ne = tm->nedges;
    r->start = calloc((size_t)nn + 2, sizeof *r->start), r->adj = malloc((size_t)(2 * ne + 1) * sizeof *r->adj);
    r->seen = calloc((size_t)nn + 1, sizeof *r->seen), r->queue = malloc((size_t)(nn + 1) * sizeof *r->queue);
    r->par = malloc((size_t)(nn + 1) * sizeof *r->par), r->way = calloc((size_t)nn + 1, 1);
    r->epoch = 0;
    if (!r->start || !r->adj || !r->seen || !r->queue || !r->par || !r->way) return false;
    for (int e = 0; e < ne; e++) {
        r->start[tm->edges[e].from + 1]++;
        if (tm->edges[e].two_way) r->start[tm->edges[e].to + 1]++;
    }
    for (int n = 0; n < nn; n++) r->start[n + 1] += r->start[n];
    int *at = r->queue; /* (scratch: the next free slot per node) */
    for (int n = 0; n < nn; n++) at[n] = r->start[n];
    for (int e = 0; e < ne; e++) {
        r->adj[at[tm->edges[e].from]++] = tm->edges[e].to;
        if (tm->edges[e].two_way) r->adj[at[tm->edges[e].to]++] = tm->edges[e].from;
    }
    return true;
}

static bool park_of_one(const struct tr_model *tm, int n) {
    return tm->nodes[n].kind == MDL_NODE_PARKING && tm->nodes[n].capacity == 1;
}

void tr_refuge_places(const struct tr_model *tm, const bool *lane, uint8_t *ok) {
    for (int e = 0; e < tm->nedges; e++) {
        const mdl_edge_spec *es = &tm->edges[e];
        if (es->from == es->to) continue;
        if (!park_of_one(tm, es->to)) ok[es->from] = 1;
        if (es->two_way && !park_of_one(tm, es->from)) ok[es->to] = 1;
    }
    for (int n = 0; n < tm->nnodes; n++) {
        const mdl_node_spec *ns = &tm->nodes[n];
        bool place = (ns->kind == MDL_NODE_POINT && !lane[n]) || (ns->kind == MDL_NODE_PARKING && ns->capacity >= 2);
        ok[n] = (uint8_t)(ok[n] && place);
    }
}

void tr_refuge_free(tr_refuge *r) { free(r->start), free(r->adj), free(r->seen), free(r->queue), free(r->par), free(r->way); }

int tr_refuge_count(const struct tr_model *tm, tr_refuge *r, int g, const uint8_t *skip, const uint8_t *ok, const uint8_t *goal,
                    bool no_goal, int need) {
    int epoch = ++r->epoch, head = 0, tail = 0, found = 0;
    r->queue[tail++] = g;
    r->seen[g] = epoch, r->par[g] = -1, r->way[g] = 0;
    while (head < tail && tail < REFUGE_REACH) {
        int u = r->queue[head++];
        for (int k = r->start[u]; k < r->start[u + 1] && tail < REFUGE_REACH; k++) {
            int o = r->adj[k];
            if (r->seen[o] == epoch || skip[o] || park_of_one(tm, o)) continue;
            r->seen[o] = epoch, r->par[o] = u, r->way[o] = 0;
            r->queue[tail++] = o;
        }
    }
    /* the nodes a vehicle leaving through g passes on its way to a place
     * it drives to (the search's path to it) are on its way */
    for (int i = 1; i < tail; i++)
        if (goal[r->queue[i]])
            for (int u = r->par[r->queue[i]]; u != g && !r->way[u]; u = r->par[u]) r->way[u] = 1;
    for (int i = 1; i < tail && found < need; i++) {
        int u = r->queue[i];
        found += ok[u] && ((!r->way[u] && !(no_goal && goal[u])) || tm->nodes[u].capacity >= 2);
    }
    return found;
}
