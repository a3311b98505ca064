/*
 * mdl_agv_index.c - what keeps a vehicle's look-ups local as the plant
 * grows (issue 21: the cost of a simulated day linear in the vehicles):
 *
 * - the scratch of the search that keeps out of a zone (tr_agv_plan with
 *   a zone to avoid: re-routes, steps aside). It was five arrays of the
 *   network's size allocated and filled for every search, O(nodes) per
 *   call however near the goal; now the run allocates them once and a
 *   search stamps the nodes it labels and settles with its own epoch,
 *   so a label from an earlier search reads as "none" and only the part
 *   of the network the search explores is touched;
 * - the fleet's kept routes by (from, to): a hash of the pairs used
 *   (mdl_pairmap) instead of an index of nn x nn pointers, which kept
 *   routes only on networks up to 256 nodes (larger ones walked the
 *   table's row for every task).
 *
 * Neither changes a result: the search labels, settles and breaks ties
 * as before, and a kept route is the walk of the same row.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"

bool tr_plan_scratch_init(tr_run *tr) {
    tr_plan_scratch *s = calloc(1, sizeof *s);
    tr->plan = s;
    if (!s) return false;
    size_t nn = (size_t)tr->nn + 1;
    s->d = malloc(nn * sizeof *s->d);
    s->via = malloc(nn * sizeof *s->via);
    s->cnt = malloc(nn * sizeof *s->cnt);
    s->mark = calloc(nn, sizeof *s->mark);
    s->done = calloc(nn, sizeof *s->done);
    s->heap = malloc(((size_t)tr->na + 1) *
                     sizeof *s->heap); /* a push per improvement: at most one per arc */
    return s->d && s->via && s->cnt && s->mark && s->done && s->heap;
}

void tr_plan_scratch_free(tr_run *tr) {
    tr_plan_scratch *s = tr->plan;
    if (!s) return;
    free(s->d);
    free(s->via);
    free(s->cnt);
    free(s->mark);
    free(s->done);
    free(s->heap);
    free(s);
    tr->plan = NULL;
}

/* A new search: every label and settled flag of the last one is stale. */
void tr_plan_scratch_begin(tr_run *tr) {
    tr_plan_scratch *s = tr->plan;
    if (++s->epoch == 0) { /* wrapped (after 2^32 searches): clear the stamps once */
        memset(s->mark, 0, ((size_t)tr->nn + 1) * sizeof *s->mark);
        memset(s->done, 0, ((size_t)tr->nn + 1) * sizeof *s->done);
        s->epoch = 1;
    }
}

/* ---- kept routes ------------------------------------------------------------- */

/* The kept route (from, to): {arcs n, nodes[n + 1], arcs[n]}, NULL when
 * not kept yet. Its place in the fleet's blocks is chunk x TR_ROUTE_CHUNK
 * + offset. */
const int *tr_route_kept(const tr_fleet *f, int from, int to) {
    int at = mdl__pairmap_find(&f->routes, from, to);
    return at < 0 ? NULL : f->chunks[at / TR_ROUTE_CHUNK] + at % TR_ROUTE_CHUNK;
}

/* Room for a route of `need` ints in the fleet's blocks: where it goes,
 * with its place in *at; NULL when the blocks are full (TR_ROUTE_CHUNKS)
 * or the route is longer than a block (the caller then copies it). */
int *tr_route_room(tr_run *tr, tr_fleet *f, int need, int *at) {
    if (need > TR_ROUTE_CHUNK) return NULL;
    if (f->chunk_used + need > f->chunk_cap) {
        if (f->nchunks >= TR_ROUTE_CHUNKS) return NULL;
        int **c = realloc(f->chunks, (size_t)(f->nchunks + 1) * sizeof *c);
        if (!c) mdl__transport_oom(tr);
        f->chunks = c;
        if (!(c[f->nchunks] = malloc(TR_ROUTE_CHUNK * sizeof **c))) mdl__transport_oom(tr);
        f->nchunks++;
        f->chunk_used = 0;
        f->chunk_cap = TR_ROUTE_CHUNK;
    }
    *at = (f->nchunks - 1) * TR_ROUTE_CHUNK + f->chunk_used;
    return f->chunks[f->nchunks - 1] + f->chunk_used;
}

/* Keeps the route just written at `at` (`len` ints) under (from, to). */
void tr_route_keep(tr_run *tr, tr_fleet *f, int from, int to, int at, int len) {
    if (!mdl__pairmap_add(&f->routes, from, to, at)) mdl__transport_oom(tr);
    f->chunk_used += len;
}

void tr_routes_free(tr_fleet *f) {
    mdl__pairmap_free(&f->routes);
    for (int c = 0; c < f->nchunks; c++) free(f->chunks[c]);
    free(f->chunks);
    f->chunks = NULL;
    f->nchunks = 0;
}
