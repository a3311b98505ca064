/*
 * mdl_agv_idle.c - the available vehicles of each fleet, listed by the
 * node they stand on (or last passed, on their way to park), so that a
 * request finds the nearest one without a look at the whole fleet
 * (issue 21: dispatching was a scan of the fleet per request, which made
 * a day's cost grow as the square of the fleet).
 *
 * A vehicle is listed while `available` holds (mdl_agv_internal.h) and it
 * is on shift (mdl_agv_shift.c: off shift it takes no task). That
 * predicate changes only where the vehicle's state is booked
 * (tr_agv_refresh, which calls tr_agv_idle_sync) and its node only at a
 * pass (which moves a listed vehicle to its new node's list); the lists
 * are therefore always the set the scan of the fleet would find.
 *
 * The nearest available vehicle walks the nodes that reach the request's
 * node in order of free-flow time (the row's `near` list, mdl_agv_tables.c)
 * and stops after the first time at which it found one: the least time,
 * ties to the lowest vehicle index, exactly the choice of the scan.
 */
#include <stdlib.h>

#include "mdl_agv_internal.h"

struct tr_idle {
    int *head;  /* [fleet * nn + node]: a listed vehicle there, -1 */
    int *next;  /* per vehicle: the next listed on its node, -1 */
    int *prev;  /* per vehicle: the previous, -1 (it is the head) */
    int *at;    /* per vehicle: the node it is listed at, -1: not listed */
    int *count; /* per fleet: vehicles listed */
};

bool tr_agv_idle_init(tr_run *tr) {
    struct tr_idle *id = calloc(1, sizeof *id);
    tr->idle = id;
    if (!id) return false;
    size_t heads = (size_t)tr->nfleets * (size_t)tr->nn + 1, nv = (size_t)tr->nveh + 1;
    id->head = malloc(heads * sizeof *id->head);
    id->next = malloc(nv * sizeof *id->next);
    id->prev = malloc(nv * sizeof *id->prev);
    id->at = malloc(nv * sizeof *id->at);
    id->count = calloc((size_t)tr->nfleets + 1, sizeof *id->count);
    if (!id->head || !id->next || !id->prev || !id->at || !id->count) return false;
    for (size_t i = 0; i < heads; i++) id->head[i] = -1;
    for (size_t i = 0; i < nv; i++) id->at[i] = -1;
    for (int g = 0; g < tr->nveh; g++) tr_agv_idle_sync(tr, &tr->veh[g]);
    return true;
}

void tr_agv_idle_free(tr_run *tr) {
    struct tr_idle *id = tr->idle;
    if (!id) return;
    free(id->head);
    free(id->next);
    free(id->prev);
    free(id->at);
    free(id->count);
    free(id);
    tr->idle = NULL;
}

/* Lists v where it is while it is available, and nowhere else. */
void tr_agv_idle_sync(tr_run *tr, const tr_vehicle *v) {
    struct tr_idle *id = tr->idle;
    if (!id) return; /* (set-up: tr_agv_idle_init lists them all) */
    int g = v->index, want = available(v) && !v->off ? v->node : -1, was = id->at[g];
    if (was == want) return;
    if (was >= 0) {
        if (id->prev[g] >= 0) id->next[id->prev[g]] = id->next[g];
        else id->head[v->fleet * tr->nn + was] = id->next[g];
        if (id->next[g] >= 0) id->prev[id->next[g]] = id->prev[g];
        id->count[v->fleet]--;
    }
    if (want >= 0) {
        int *h = &id->head[v->fleet * tr->nn + want];
        id->prev[g] = -1;
        id->next[g] = *h;
        if (*h >= 0) id->prev[*h] = g;
        *h = g;
        id->count[v->fleet]++;
    }
    id->at[g] = want;
}

/* A pass has moved v to a new node: a listed vehicle follows it. */
void tr_agv_idle_moved(tr_run *tr, const tr_vehicle *v) {
    if (tr->idle->at[v->index] >= 0) tr_agv_idle_sync(tr, v);
}

/* The available vehicle of fleet f with the least free-flow time to node
 * `to` (ties: the lowest index), NULL when none can reach it. */
tr_vehicle *tr_agv_idle_nearest(tr_run *tr, const tr_fleet *f, int to) {
    const struct tr_idle *id = tr->idle;
    if (id->count[f->index] == 0) return NULL;
    const int *near = tr_agv_near(tr, f, to);
    const double *dist = tr_agv_row(tr, f, to)->dist;
    const int *head = id->head + (size_t)f->index * (size_t)tr->nn;
    int best = -1;
    double bk = 0.0;
    for (int i = 1; i <= near[0]; i++) {
        int u = near[i];
        if (best >= 0 && dist[u] > bk) break;
        for (int g = head[u]; g >= 0; g = id->next[g])
            if (best < 0 || g < best) best = g, bk = dist[u];
    }
    return best >= 0 ? &tr->veh[best] : NULL;
}
