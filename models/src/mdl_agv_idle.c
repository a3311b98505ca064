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
 *
 * The places an idle vehicle or one that must charge goes to (parking
 * nodes, chargers) are chosen the other way round, from where it stands:
 * each fleet keeps, per node it was asked from, those places in order of
 * free-flow time from there (ties: node order), made on first use, so
 * "the nearest with room" is the first of that list with room, not a scan
 * of every place of the plant (issue 21: with a parking node per cell the
 * scans of all parking nodes grew with the plant).
 */
#include <math.h>
#include <stdlib.h>

#include "mdl_agv_internal.h"

struct tr_idle {
    int *head;  /* [fleet * nn + node]: a listed vehicle there, -1 */
    int *next;  /* per vehicle: the next listed on its node, -1 */
    int *prev;  /* per vehicle: the previous, -1 (it is the head) */
    int *at;    /* per vehicle: the node it is listed at, -1: not listed */
    int *count; /* per fleet: vehicles listed */
    /* fleets dispatching by idle time (fcfs, starvation): the listed
     * vehicles by (idle_since, index), longest idle first */
    int *ord_head, *ord_tail; /* per fleet, -1 */
    int *ord_next, *ord_prev; /* per vehicle */
    double *ord_key;          /* per vehicle: its idle_since when listed */
    int **by_time[TR_PLACE_SETS]; /* [fleet * nn + from]: {k, places[k]} by time from `from`, NULL until asked */
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
    size_t nf = (size_t)tr->nfleets + 1;
    id->ord_head = malloc(nf * sizeof *id->ord_head);
    id->ord_tail = malloc(nf * sizeof *id->ord_tail);
    id->ord_next = malloc(nv * sizeof *id->ord_next);
    id->ord_prev = malloc(nv * sizeof *id->ord_prev);
    id->ord_key = malloc(nv * sizeof *id->ord_key);
    for (int k = 0; k < TR_PLACE_SETS; k++) id->by_time[k] = calloc(heads, sizeof *id->by_time[k]);
    if (!id->head || !id->next || !id->prev || !id->at || !id->count || !id->by_time[0] || !id->by_time[1] || !id->ord_head ||
        !id->ord_tail || !id->ord_next || !id->ord_prev || !id->ord_key)
        return false;
    for (size_t i = 0; i < heads; i++) id->head[i] = -1;
    for (size_t i = 0; i < nf; i++) id->ord_head[i] = id->ord_tail[i] = -1;
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
    free(id->ord_head);
    free(id->ord_tail);
    free(id->ord_next);
    free(id->ord_prev);
    free(id->ord_key);
    for (int k = 0; k < TR_PLACE_SETS; k++) {
        for (size_t i = 0; id->by_time[k] && i < (size_t)tr->nfleets * (size_t)tr->nn; i++) free(id->by_time[k][i]);
        free(id->by_time[k]);
    }
    free(id);
    tr->idle = NULL;
}

/* ---- by idle time (fcfs, starvation) ---- */

static void ord_remove(struct tr_idle *id, int f, int g) {
    if (id->ord_prev[g] >= 0) id->ord_next[id->ord_prev[g]] = id->ord_next[g];
    else id->ord_head[f] = id->ord_next[g];
    if (id->ord_next[g] >= 0) id->ord_prev[id->ord_next[g]] = id->ord_prev[g];
    else id->ord_tail[f] = id->ord_prev[g];
}

/* Into the fleet's order by (idle_since, index), from the tail: a vehicle
 * freed now is the last but for vehicles freed at this same time with a
 * higher index. */
static void ord_insert(struct tr_idle *id, int f, int g, double key) {
    int p = id->ord_tail[f];
    while (p >= 0 && (id->ord_key[p] > key || (id->ord_key[p] == key && p > g))) p = id->ord_prev[p];
    int n = p >= 0 ? id->ord_next[p] : id->ord_head[f];
    id->ord_prev[g] = p;
    id->ord_next[g] = n;
    if (p >= 0) id->ord_next[p] = g;
    else id->ord_head[f] = g;
    if (n >= 0) id->ord_prev[n] = g;
    else id->ord_tail[f] = g;
    id->ord_key[g] = key;
}

/* Keeps v's place in its fleet's order (listed at node was, now want). */
static void ord_sync(struct tr_idle *id, const tr_vehicle *v, int was, int want) {
    if (v->spec->dispatch == MDL_FLEET_NEAREST) return;
    int g = v->index;
    bool moved = was >= 0 && want >= 0 && id->ord_key[g] != v->task.idle_since;
    if (was >= 0 && (want < 0 || moved)) ord_remove(id, v->fleet, g);
    if (want >= 0 && (was < 0 || moved)) ord_insert(id, v->fleet, g, v->task.idle_since);
}

/* Lists v where it is while it is available, and nowhere else. */
void tr_agv_idle_sync(tr_run *tr, const tr_vehicle *v) {
    struct tr_idle *id = tr->idle;
    if (!id) return; /* (set-up: tr_agv_idle_init lists them all) */
    int g = v->index, want = available(v) && !v->off ? v->node : -1, was = id->at[g];
    ord_sync(id, v, was, want);
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

/* Can listed vehicle v take a request (not below its charging threshold,
 * looked at without booking its battery)? */
static bool charged(const tr_run *tr, const tr_vehicle *v) {
    if (!v->spec->battery.enabled) return true;
    double level = v->battery.level - v->battery.idle_kws * (tr_now(tr) - v->battery.bt);
    if (level < 0.0) level = 0.0; /* (as booking it would) */
    return !(level < v->spec->battery.threshold * bat_cap(v));
}

/* The available vehicle of fleet f with the least free-flow time to node
 * `to` (ties: the lowest index), NULL when none can reach it. On a
 * battery, vehicles below the threshold are passed over (their low-battery
 * event sends them charging). */
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
            if ((best < 0 || g < best) && charged(tr, &tr->veh[g])) best = g, bk = dist[u];
    }
    return best >= 0 ? &tr->veh[best] : NULL;
}

/* The available vehicle of fleet f idle the longest (ties: the lowest
 * index) that can take a request, NULL: none (fcfs, starvation). */
tr_vehicle *tr_agv_idle_longest(tr_run *tr, const tr_fleet *f) {
    const struct tr_idle *id = tr->idle;
    for (int g = id->ord_head[f->index]; g >= 0; g = id->ord_next[g])
        if (charged(tr, &tr->veh[g])) return &tr->veh[g];
    return NULL;
}

/* ---- places by travel time --------------------------------------------------------- */

/* Places of `set` (TR_PLACES_PARKING: tr->parking, TR_PLACES_CHARGING:
 * tr->charging) that fleet f reaches from node `from`, by (free-flow time,
 * node order): {k, nodes[k]}. Made on first use per (fleet, node). */
const int *tr_agv_places_by_time(const tr_run *tr, const tr_fleet *f, int set, int from) {
    int **slot = &tr->idle->by_time[set][(size_t)f->index * (size_t)tr->nn + (size_t)from];
    if (*slot) return *slot;
    int np = set == TR_PLACES_PARKING ? tr->nparking : tr->ncharging;
    const int *nodes = set == TR_PLACES_PARKING ? tr->parking : tr->charging;
    tr_time_item *keys = malloc(((size_t)np + 1) * sizeof *keys);
    int *list = malloc(((size_t)np + 1) * sizeof *list);
    if (!keys || !list) {
        free(keys);
        free(list);
        mdl__transport_oom(tr);
    }
    int k = 0;
    for (int j = 0; j < np; j++) {
        double d = tr_agv_row(tr, f, nodes[j])->dist[from];
        if (isfinite(d)) keys[k++] = (tr_time_item){d, j};
    }
    qsort(keys, (size_t)k, sizeof *keys, tr_time_item_cmp);
    list[0] = k;
    for (int i = 0; i < k; i++) list[i + 1] = nodes[keys[i].i];
    free(keys);
    return *slot = list;
}
