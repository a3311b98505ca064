/*
 * mdl_agv_tables.c - the AGV routing tables, shared by every run of a
 * model (issue 21). A table holds, for one top speed, a row per target
 * node: the free-flow time from every node to the target and the first
 * arc of that route (mdl_agv_route.c: tr_route_row, a heap Dijkstra over
 * the arcs entering each node), and, for dispatching, the nodes that reach
 * the target in order of that time (tr_agv_near).
 *
 * The tables depend on the network and the speed alone, so they live on
 * the model (tr_model.tables), not on a run: the replications of a batch,
 * on any number of threads, and the fleets of one run with the same speed
 * read the same rows. A row is built the first time any run asks for it
 * (most networks use the rows of a few targets: stations, parking places,
 * chargers), under the model's lock, and never changes after: a row's
 * pointer is published with release order and read with acquire order, so
 * a reader sees it whole. A run keeps the pointers it has fetched
 * (tr_fleet.rows), so it pays the atomic read once per row. The numbers do
 * not depend on which run or thread built a row: the results of a run are
 * the same bits alone or in a batch.
 *
 * The model is immutable once runs exist; a change to its material
 * handling while it is being built drops the tables (tr_tables_reset).
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"

typedef struct tr_table {
    double speed;
    _Atomic(tr_row *) *rows;   /* nn, NULL until built */
} tr_table;

struct tr_tables {
    pthread_mutex_t lock;
    int nn, na;
    int *rstart, *radj;        /* arcs entering each node (the first build makes them) */
    bool *stop;                /* nodes not to pass through (parking, charging) */
    tr_table *t;
    int nt, cap;
};

struct tr_tables *tr_tables_new(void) {
    struct tr_tables *c = calloc(1, sizeof *c);
    if (c && pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    return c;
}

void tr_tables_reset(struct tr_tables *c) {
    if (!c) return;
    for (int i = 0; i < c->nt; i++) {
        for (int n = 0; n < c->nn; n++) {
            tr_row *r = atomic_load_explicit(&c->t[i].rows[n], memory_order_relaxed);
            if (!r) continue;
            free((void *)atomic_load_explicit(&r->near, memory_order_relaxed));
            free(r);
        }
        free(c->t[i].rows);
    }
    free(c->t);
    free(c->rstart);
    free(c->radj);
    free(c->stop);
    c->t = NULL;
    c->rstart = c->radj = NULL;
    c->stop = NULL;
    c->nt = c->cap = c->nn = c->na = 0;
}

void tr_tables_free(struct tr_tables *c) {
    if (!c) return;
    tr_tables_reset(c);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* The reverse adjacency and the stop flags, from the run's network (the
 * same for every run of the model). Under the lock. */
static bool graph_init(struct tr_tables *c, const tr_run *tr) {
    if (c->rstart) return true;
    c->nn = tr->nn;
    c->na = tr->na;
    c->stop = malloc((size_t)tr->nn * sizeof *c->stop + 1);
    if (!c->stop || !tr_route_reverse(tr->nn, tr->na, tr->arcs, &c->rstart, &c->radj)) return false;
    for (int u = 0; u < tr->nn; u++) {
        mdl_node_kind k = tr->model->nodes[u].kind;
        c->stop[u] = k == MDL_NODE_CHARGING || k == MDL_NODE_PARKING;
    }
    return true;
}

/* The table of this speed, made (with no rows yet) if none is; under the
 * lock. NULL when out of memory. */
static tr_table *table_of(struct tr_tables *c, double speed) {
    for (int i = 0; i < c->nt; i++)
        if (c->t[i].speed == speed) return &c->t[i];
    if (c->nt == c->cap) {
        int cap = c->cap ? 2 * c->cap : 4;
        tr_table *p = realloc(c->t, (size_t)cap * sizeof *p);
        if (!p) return NULL;
        c->t = p;
        c->cap = cap;
    }
    tr_table *t = &c->t[c->nt];
    t->speed = speed;
    t->rows = calloc((size_t)c->nn + 1, sizeof *t->rows);
    if (!t->rows) return NULL;
    for (int n = 0; n < c->nn; n++) atomic_init(&t->rows[n], NULL);
    c->nt++;
    return t;
}

/* The fleet's table: its index in the model's list (tables never move
 * once listed: the list only grows, and a run keeps row pointers, not
 * table pointers). */
bool tr_agv_fleet_tables(tr_run *tr, tr_fleet *f) {
    struct tr_tables *c = tr->model->tables;
    f->rows = calloc((size_t)tr->nn + 1, sizeof *f->rows);
    if (!c || !f->rows) return false;
    pthread_mutex_lock(&c->lock);
    tr_table *t = graph_init(c, tr) ? table_of(c, f->spec->speed) : NULL;
    f->table = t ? (int)(t - c->t) : -1;
    pthread_mutex_unlock(&c->lock);
    return t != NULL;
}

/* Row `target` of the fleet's table, built if no run has yet. */
tr_row *tr_agv_row_fetch(const tr_run *tr, const tr_fleet *f, int target) {
    struct tr_tables *c = tr->model->tables;
    pthread_mutex_lock(&c->lock); /* (the list of tables may grow meanwhile) */
    tr_table *t = &c->t[f->table];
    tr_row *r = atomic_load_explicit(&t->rows[target], memory_order_acquire);
    if (!r) {
        size_t nn = (size_t)c->nn;
        r = malloc(sizeof *r + nn * (sizeof *r->dist + sizeof *r->next_arc));
        if (r) {
            r->dist = (double *)(r + 1);
            r->next_arc = (int *)(r->dist + nn);
            atomic_init(&r->near, NULL);
            if (!tr_route_row(c->nn, c->rstart, c->radj, tr->arcs, c->stop, t->speed, target, r->dist, r->next_arc)) {
                free(r);
                r = NULL;
            } else {
                atomic_store_explicit(&t->rows[target], r, memory_order_release);
            }
        }
    }
    pthread_mutex_unlock(&c->lock);
    if (!r) mdl__transport_oom(tr);
    f->rows[target] = r;
    return r;
}

/* qsort's order of tr_time_item: by time, then index. */
int tr_time_item_cmp(const void *a, const void *b) {
    const tr_time_item *x = a, *y = b;
    if (x->d != y->d) return x->d < y->d ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* The nodes that reach `target`, by (free-flow time, index): {k, nodes[k]}. */
const int *tr_agv_near(const tr_run *tr, const tr_fleet *f, int target) {
    tr_row *r = tr_agv_row(tr, f, target);
    const int *near = atomic_load_explicit(&r->near, memory_order_acquire);
    if (near) return near;
    struct tr_tables *c = tr->model->tables;
    int nn = c->nn, k = 0;
    tr_time_item *items = malloc((size_t)nn * sizeof *items + 1);
    int *out = malloc(((size_t)nn + 1) * sizeof *out);
    if (!items || !out) {
        free(items), free(out);
        mdl__transport_oom(tr);
    }
    for (int u = 0; u < nn; u++)
        if (isfinite(r->dist[u])) items[k++] = (tr_time_item){r->dist[u], u};
    qsort(items, (size_t)k, sizeof *items, tr_time_item_cmp);
    out[0] = k;
    for (int i = 0; i < k; i++) out[i + 1] = items[i].i;
    free(items);
    pthread_mutex_lock(&c->lock);
    near = atomic_load_explicit(&r->near, memory_order_relaxed);
    if (!near) {
        atomic_store_explicit(&r->near, out, memory_order_release);
        near = out;
        out = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    free(out); /* (another thread published the same list first) */
    return near;
}

/* Tables and rows built so far (tests: what is shared). */
void tr_tables_counts(struct tr_tables *c, int *tables, int *rows) {
    *tables = *rows = 0;
    if (!c) return;
    pthread_mutex_lock(&c->lock);
    *tables = c->nt;
    for (int i = 0; i < c->nt; i++)
        for (int n = 0; n < c->nn; n++) *rows += atomic_load_explicit(&c->t[i].rows[n], memory_order_relaxed) != NULL;
    pthread_mutex_unlock(&c->lock);
}
