/*
 * pln_schedule.c - list scheduling of the order book (pln_plan.h has the
 * method; docs/planning.md explains it for users).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "mdl_orders.h"
#include "mdl_routing.h"
#include "pln_plan.h"
#include "sim_block.h"

struct pln_plan {
    pln_op *ops;
    size_t nops;
    int norders, nstations;
    double makespan;
    double *completion; /* per order */
    double tard_sum, tard_max;
    int late;
    double *busy;       /* per station: planned busy time */
    int *servers;       /* per station */
};

/* The calendar a station works by (-1: always on). */
static int station_calendar(const mdl_model *m, int s) {
    int c = mdl_model_station(m, s)->calendar;
    return c >= 0 ? c : mdl_model_line_calendar(m);
}

/* The first time >= t the calendar is on (INFINITY: never again). */
static double next_on(const mdl_model *m, int cal, double t) {
    for (int guard = 0; guard < 100000; guard++) {
        if (mdl_model_calendar_on(m, cal, t)) return t;
        bool after;
        double nb = mdl_model_calendar_next(m, cal, t, &after);
        if (!isfinite(nb)) return INFINITY;
        t = nb;
    }
    return INFINITY;
}

/* When `work` seconds of work started at t (on shift) end, pausing while
 * the calendar is off. */
static double advance(const mdl_model *m, int cal, double t, double work) {
    while (work > 0.0) {
        t = next_on(m, cal, t);
        if (!isfinite(t)) return INFINITY;
        bool after;
        double nb = mdl_model_calendar_next(m, cal, t, &after);
        double chunk = nb - t;
        if (!(chunk < work)) return t + work;
        t = nb;
        work -= chunk;
    }
    return t;
}

/* A time-ordered event of the schedule: an order's next step becomes
 * ready (order >= 0; its station is chosen then), or a server of station
 * `station` may be free (order < 0). Ties: in the order made. */
typedef struct sev {
    double t;
    uint64_t seq;
    int order, station;
} sev;

/* A waiting lot in a station's pool: its rule key (static rules) and
 * order; smallest key first, then the book's order. */
typedef struct pent {
    double key;
    double work; /* its lot time here (the station's backlog) */
    int order;
} pent;

typedef struct pool {
    pent *a;
    size_t n, cap;
} pool;

typedef struct sched {
    const mdl_model *m;
    mdl_dispatch rule;
    int no, ns;
    int *step;          /* per order: next step to plan (a position in its variant's steps) */
    int *voff, *vstep;  /* per order: its variant's route steps, vstep[voff[o] .. voff[o + 1]) */
    double *ready;      /* per order: earliest start of its next step (its first unit is there) */
    double *prev_end;   /* per order: when its previous step ends (its last unit is there) */
    double **free_at;   /* per station, per server */
    int **last;         /* per station, per server: last product (-1) */
    long **lastv;       /* per station, per server: last variant */
    int *cal;           /* per station */
    pool *pools;        /* per station: the lots ready there */
    double *backlog;    /* per station: the lot time waiting in its pool */
    sev *ev;            /* the event heap */
    size_t nev, capev;
    uint64_t seq;
    int *dirty;         /* stations to dispatch at the current time */
    bool *is_dirty;
    int ndirty;
} sched;

/* The server of station s that is free first (lowest index among equals). */
static int first_free(const sched *S, int s) {
    int n = mdl_model_station(S->m, s)->servers, best = 0;
    for (int k = 1; k < n; k++)
        if (S->free_at[s][k] < S->free_at[s][best]) best = k;
    return best;
}

/* The end of a lot's step that starts at est: its work done while on
 * shift, and no earlier than one unit's time after the last unit arrived
 * from the previous step (units pass on one by one). */
static double lot_end(const sched *S, int o, int s, double est, double setup, double proc) {
    double unit = proc / (double)mdl_model_order_quantity(S->m, o);
    double a = advance(S->m, S->cal[s], est, setup + proc);
    double b = advance(S->m, S->cal[s], fmax(est, S->prev_end[o]), unit);
    return a > b ? a : b;
}

/* ---- an order's route: the one place the planner reads it ------------------- */
/* An order visits its variant's steps (steps that depend on the options:
 * mdl_model_variant_steps, the run's own rule); S->step[o] is a position
 * among them, and the model's functions take the route step. */

static int route_len(const sched *S, int o) { return S->voff[o + 1] - S->voff[o]; }

/* The route step (0-based) at position pos of order o's steps. */
static int route_step(const sched *S, int o, int pos) { return S->vstep[S->voff[o] + pos]; }

/* The route step order o plans next. */
static int cur_step(const sched *S, int o) { return route_step(S, o, S->step[o]); }

/* Every order's steps (false: out of memory, or a product the model does
 * not know, which its check refuses first). */
static bool routes_init(sched *S) {
    const mdl_model *m = S->m;
    S->voff = malloc(((size_t)S->no + 1) * sizeof *S->voff);
    if (!S->voff) return false;
    S->voff[0] = 0;
    for (int o = 0; o < S->no; o++) {
        int n = mdl_model_variant_steps(m, mdl_model_order_product(m, o), mdl_model_order_variant(m, o), NULL, 0);
        if (n < 0) return false;
        S->voff[o + 1] = S->voff[o] + n;
    }
    S->vstep = malloc(((size_t)S->voff[S->no] + 1) * sizeof *S->vstep);
    if (!S->vstep) return false;
    for (int o = 0; o < S->no; o++)
        mdl_model_variant_steps(m, mdl_model_order_product(m, o), mdl_model_order_variant(m, o), S->vstep + S->voff[o],
                                route_len(S, o));
    return true;
}

/* The stations of order o's step `step`: how many, and the k-th. */
static int step_choices(const sched *S, int o, int step) {
    return mdl_model_step_station_count(S->m, mdl_model_order_product(S->m, o), step);
}

static int step_station(const sched *S, int o, int step, int k) {
    return mdl_model_step_station(S->m, mdl_model_order_product(S->m, o), step, k);
}

/* ---- an operation's times (the model's means) -------------------------------- */

/* The lot's processing time of order o's step `step` at station s. */
static double lot_proc_at(const sched *S, int o, int step, int s) {
    int p = mdl_model_order_product(S->m, o);
    double c = mdl_model_op_mean_cycle(S->m, p, mdl_model_order_variant(S->m, o), step, s);
    return (double)mdl_model_order_quantity(S->m, o) * (isfinite(c) && c > 0 ? c : 0.0);
}

/* The lot's processing time of order o's next step at station s. */
static double lot_proc(const sched *S, int o, int s) { return lot_proc_at(S, o, cur_step(S, o), s); }

/* The lot's work of order o at station s on server k (setup, processing). */
static void lot_work(const sched *S, int o, int s, int k, double *setup, double *proc) {
    *proc = lot_proc(S, o, s);
    *setup = mdl_model_op_mean_setup(S->m, s, S->last[s][k], S->lastv[s][k], mdl_model_order_product(S->m, o),
                                     mdl_model_order_variant(S->m, o));
}

/* The branch a probabilistic step is planned on: the most likely (ties:
 * the first listed). */
static int likely_branch(const sched *S, int o, int step) {
    int p = mdl_model_order_product(S->m, o), n = step_choices(S, o, step), best = 0;
    for (int k = 1; k < n; k++)
        if (mdl_model_step_share(S->m, p, step, k) > mdl_model_step_share(S->m, p, step, best)) best = k;
    return step_station(S, o, step, best);
}

static bool is_branch(const sched *S, int o, int step) {
    return mdl_model_step_rule(S->m, mdl_model_order_product(S->m, o), step) == MDL_STEP_SHARE;
}

/* Mean lot time of a step for the rules' work left: the planned branch of
 * a probabilistic step, the fastest of alternatives. */
static double step_work(const sched *S, int o, int step) {
    if (is_branch(S, o, step)) return lot_proc_at(S, o, step, likely_branch(S, o, step));
    double w = INFINITY;
    for (int k = 0; k < step_choices(S, o, step); k++) w = fmin(w, lot_proc_at(S, o, step, step_station(S, o, step, k)));
    return isfinite(w) ? w : 0.0;
}

/* Mean work left on the route of order o from its next step on. */
static double work_left(const sched *S, int o) {
    double w = 0;
    for (int pos = S->step[o]; pos < route_len(S, o); pos++) w += step_work(S, o, route_step(S, o, pos));
    return w;
}

/* Do the rule's keys change with time or server (a scan at each pick)? */
static bool rule_dynamic(mdl_dispatch r) {
    return r == MDL_DISPATCH_CR || r == MDL_DISPATCH_SLACK || r == MDL_DISPATCH_ATC || r == MDL_DISPATCH_SETUP;
}

/* The rule's key for order o competing at station s on server k at time t
 * (smallest first); the same rules as a station's queue (docs/kpis.md),
 * on lots. pbar: the mean lot time of the competitors (ATC). */
static double rule_key(const sched *S, int o, int s, int k, double t, double pbar) {
    double due = mdl_model_order_due(S->m, o);
    bool has_due = due >= 0;
    double proc = lot_proc(S, o, s);
    switch (S->rule) {
    case MDL_DISPATCH_FIFO: return S->ready[o];
    case MDL_DISPATCH_EDD: return has_due ? due : INFINITY;
    case MDL_DISPATCH_SPT: return proc;
    case MDL_DISPATCH_PRIORITY: return 0.0; /* product priorities are not public: FIFO by book order */
    case MDL_DISPATCH_CR: {
        if (!has_due) return INFINITY;
        double w = work_left(S, o);
        return w > 0 ? (due - t) / w : due - t;
    }
    case MDL_DISPATCH_SLACK: return has_due ? due - t - work_left(S, o) : INFINITY;
    case MDL_DISPATCH_ATC: {
        if (!has_due) return 0.0;
        double sl = due - proc - t;
        double idx = exp(-(sl > 0 ? sl : 0) / (2.0 * (pbar > 0 ? pbar : 1.0))) / (proc > 0 ? proc : 1e-9);
        return -idx;
    }
    case MDL_DISPATCH_SETUP: return mdl_model_order_product(S->m, o) == S->last[s][k] ? 0.0 : 1.0;
    case MDL_DISPATCH_COUNT: break;
    }
    return 0.0;
}

/* ---- heaps -------------------------------------------------------------------- */

static bool pent_less(pent a, pent b) { return a.key < b.key || (a.key == b.key && a.order < b.order); }

/* The array a of n elements of `size` bytes, with room for one more: grown
 * (doubled, or `first` elements) when full, *cap updated; NULL when out of
 * memory (a is then untouched). */
static void *room_for_one(void *a, size_t n, size_t *cap, size_t size, size_t first) {
    if (n < *cap) return a;
    size_t c = *cap ? *cap * 2 : first;
    void *b = realloc(a, c * size);
    if (b) *cap = c;
    return b;
}

/* Entry e moved up from place i of a pool's heap to its place. */
static size_t pool_up(pool *q, size_t i, pent e) {
    while (i > 0 && pent_less(e, q->a[(i - 1) / 2])) {
        q->a[i] = q->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    return i;
}

static bool pool_push(pool *q, pent e) {
    pent *a = room_for_one(q->a, q->n, &q->cap, sizeof *a, 8);
    if (!a) return false;
    q->a = a;
    size_t i = pool_up(q, q->n++, e);
    q->a[i] = e;
    return true;
}

/* Removes entry i of a pool kept as a heap. */
static void pool_remove(pool *q, size_t i) {
    pent e = q->a[--q->n];
    if (i == q->n) return;
    i = pool_up(q, i, e);
    for (;;) { /* down */
        size_t c = 2 * i + 1;
        if (c >= q->n) break;
        if (c + 1 < q->n && pent_less(q->a[c + 1], q->a[c])) c++;
        if (!pent_less(q->a[c], e)) break;
        q->a[i] = q->a[c];
        i = c;
    }
    q->a[i] = e;
}

static bool sev_less(const sev *a, const sev *b) { return a->t < b->t || (a->t == b->t && a->seq < b->seq); }

static bool ev_push(sched *S, double t, int order, int station) {
    sev *a = room_for_one(S->ev, S->nev, &S->capev, sizeof *a, 64);
    if (!a) return false;
    S->ev = a;
    sev e = {t, S->seq++, order, station};
    size_t i = S->nev++;
    while (i > 0 && sev_less(&e, &S->ev[(i - 1) / 2])) {
        S->ev[i] = S->ev[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    S->ev[i] = e;
    return true;
}

static sev ev_pop(sched *S) {
    sev top = S->ev[0], e = S->ev[--S->nev];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= S->nev) break;
        if (c + 1 < S->nev && sev_less(&S->ev[c + 1], &S->ev[c])) c++;
        if (!sev_less(&S->ev[c], &e)) break;
        S->ev[i] = S->ev[c];
        i = c;
    }
    if (S->nev) S->ev[i] = e;
    return top;
}

/* ---- storage ------------------------------------------------------------------ */

static void sched_free(sched *S) {
    for (int s = 0; s < S->ns; s++) {
        if (S->free_at) free(S->free_at[s]);
        if (S->last) free(S->last[s]);
        if (S->lastv) free(S->lastv[s]);
        if (S->pools) free(S->pools[s].a);
    }
    free(S->step); /* the block of the fixed arrays (sched_layout) */
    free(S->voff);
    free(S->vstep);
    free(S->ev);
}

/* The plan and its arrays are one block (plan_new). */
void pln_plan_free(pln_plan *p) { free(p); }

/* The per-station storage of S and P (false: out of memory). */
static bool sched_alloc_stations(sched *S, pln_plan *P) {
    const mdl_model *m = S->m;
    bool ok = true;
    for (int s = 0; ok && s < S->ns; s++) {
        int n = mdl_model_station(m, s)->servers;
        P->servers[s] = n;
        S->cal[s] = station_calendar(m, s);
        S->free_at[s] = calloc((size_t)n, sizeof **S->free_at);
        S->last[s] = malloc((size_t)n * sizeof **S->last);
        S->lastv[s] = calloc((size_t)n, sizeof **S->lastv);
        ok = S->free_at[s] && S->last[s] && S->lastv[s];
        for (int k = 0; ok && k < n; k++) S->last[s][k] = -1;
    }
    return ok;
}

/* The schedule's fixed arrays in the block b (sim_block.h): per order,
 * then per station; step first, so that freeing it frees them all. */
static void sched_layout(sched *S, sim_block *b) {
    size_t no = (size_t)S->no, ns = (size_t)S->ns + 1;
    SIM_BLOCK_PART(b, S->step, no);
    SIM_BLOCK_PART(b, S->ready, no);
    SIM_BLOCK_PART(b, S->prev_end, no);
    SIM_BLOCK_PART(b, S->free_at, ns);
    SIM_BLOCK_PART(b, S->last, ns);
    SIM_BLOCK_PART(b, S->lastv, ns);
    SIM_BLOCK_PART(b, S->backlog, ns);
    SIM_BLOCK_PART(b, S->cal, ns);
    SIM_BLOCK_PART(b, S->pools, ns);
    SIM_BLOCK_PART(b, S->dirty, ns);
    SIM_BLOCK_PART(b, S->is_dirty, ns);
}

/* A plan with its arrays, zeroed, in one block (pln_plan_free frees it);
 * NULL when out of memory. */
static pln_plan *plan_new(size_t no, size_t ns, size_t total) {
    pln_plan parts = {0}, *P = NULL;
    sim_block b = {NULL, 0};
    for (int pass = 0; pass < 2; pass++) { /* measure, then place */
        b.size = 0;
        SIM_BLOCK_PART(&b, P, 1);
        SIM_BLOCK_PART(&b, parts.ops, total ? total : 1);
        SIM_BLOCK_PART(&b, parts.completion, no);
        SIM_BLOCK_PART(&b, parts.busy, ns + 1);
        SIM_BLOCK_PART(&b, parts.servers, ns + 1);
        if (pass == 0 && !(b.base = calloc(1, b.size))) return NULL;
    }
    *P = parts; /* the pointers, into the block's first part */
    return P;
}

/* The working storage of the schedule S and its plan P's per-station
 * counts (false: out of memory; sched_free releases what was made). */
static bool sched_alloc(sched *S, pln_plan *P) {
    sim_block b = {NULL, 0};
    sched_layout(S, &b);
    if (!(b.base = calloc(1, b.size))) return false;
    b.size = 0;
    sched_layout(S, &b);
    return sched_alloc_stations(S, P);
}

/* ---- the list scheduler --------------------------------------------------------- */

/* Order o's next step is ready at S->ready[o] (its station is chosen then). */
static bool next_ready(sched *S, int o) {
    if (S->step[o] >= route_len(S, o)) return true;
    return ev_push(S, S->ready[o], o, -1);
}

/* The station of order o's next step, ready at t: the route's; the most
 * likely branch of a probabilistic step; of alternatives, the one where
 * the lot would end first (its first free server, after the lot time
 * already waiting there shared over its servers, with the setup it would
 * need; ties: the first listed). */
static int choose_station(const sched *S, int o, double t) {
    int step = cur_step(S, o), n = step_choices(S, o, step);
    if (n == 1) return step_station(S, o, step, 0);
    if (is_branch(S, o, step)) return likely_branch(S, o, step);
    int best = -1;
    double best_end = INFINITY;
    for (int i = 0; i < n; i++) {
        int s = step_station(S, o, step, i), k = first_free(S, s);
        double setup, proc;
        lot_work(S, o, s, k, &setup, &proc);
        double queued = S->backlog[s] / (double)mdl_model_station(S->m, s)->servers;
        double est = advance(S->m, S->cal[s], fmax(t, fmax(S->ready[o], S->free_at[s][k])), queued);
        double end = isfinite(est) ? lot_end(S, o, s, next_on(S->m, S->cal[s], est), setup, proc) : INFINITY;
        if (best < 0 || end < best_end) best = s, best_end = end;
    }
    return best;
}

/* The pool entry the rule takes for server k of station s at time t. */
static size_t pick(const sched *S, int s, int k, double t) {
    const pool *q = &S->pools[s];
    if (!rule_dynamic(S->rule)) return 0; /* the heap's top */
    double pbar = 0;
    if (S->rule == MDL_DISPATCH_ATC) {
        for (size_t i = 0; i < q->n; i++) pbar += lot_proc(S, q->a[i].order, s);
        pbar /= (double)q->n;
    }
    size_t best = 0;
    double best_key = INFINITY;
    for (size_t i = 0; i < q->n; i++) {
        double key = rule_key(S, q->a[i].order, s, k, t, pbar);
        if (i == 0 || key < best_key || (key == best_key && q->a[i].order < q->a[best].order)) {
            best = i;
            best_key = key;
        }
    }
    return best;
}

/* Plans the next step of order o on server k of station s, not before t. */
static bool plan_step(sched *S, pln_plan *P, int o, int s, int k, double t) {
    const mdl_model *m = S->m;
    double setup, proc;
    lot_work(S, o, s, k, &setup, &proc);
    double start = next_on(m, S->cal[s], fmax(t, fmax(S->ready[o], S->free_at[s][k])));
    double end = lot_end(S, o, s, start, setup, proc);
    if (!isfinite(end)) return false;
    P->ops[P->nops++] = (pln_op){o, cur_step(S, o), s, k, start, setup, end};
    P->busy[s] += setup + proc;
    S->free_at[s][k] = end;
    S->last[s][k] = mdl_model_order_product(m, o);
    S->lastv[s][k] = mdl_model_order_variant(m, o);
    /* The next step may start when the first unit is done here. */
    S->ready[o] = advance(m, S->cal[s], start, setup + proc / (double)mdl_model_order_quantity(m, o));
    S->prev_end[o] = end;
    S->step[o]++;
    if (end > P->makespan) P->makespan = end;
    return ev_push(S, end, -1, s) && next_ready(S, o);
}

/* Gives station s's ready lots to its servers free by t. 0: done; -1: out
 * of memory; 1: the calendar is never on again. */
static int dispatch(sched *S, pln_plan *P, int s, double t) {
    pool *q = &S->pools[s];
    while (q->n > 0) {
        int k = first_free(S, s);
        if (S->free_at[s][k] > t) break; /* a server-free event comes */
        size_t i = pick(S, s, k, t);
        int o = q->a[i].order;
        S->backlog[s] = q->n > 1 ? fmax(0.0, S->backlog[s] - q->a[i].work) : 0.0;
        pool_remove(q, i);
        size_t before = P->nops;
        if (!plan_step(S, P, o, s, k, t)) return P->nops == before ? 1 : -1;
    }
    return 0;
}

/* Runs the events in time order; at each time, the stations touched are
 * dispatched once every event of that time is in. */
static int run_events(sched *S, pln_plan *P, int *bad_station) {
    while (S->nev > 0) {
        double t = S->ev[0].t;
        while (S->nev > 0 && S->ev[0].t == t) {
            sev e = ev_pop(S);
            if (e.order >= 0) {
                e.station = choose_station(S, e.order, t);
                double key = rule_dynamic(S->rule) ? 0.0 : rule_key(S, e.order, e.station, 0, t, 0.0);
                double work = lot_proc(S, e.order, e.station);
                S->backlog[e.station] += work;
                if (!pool_push(&S->pools[e.station], (pent){key, work, e.order})) return -1;
            }
            if (!S->is_dirty[e.station]) {
                S->is_dirty[e.station] = true;
                S->dirty[S->ndirty++] = e.station;
            }
        }
        for (int i = 0; i < S->ndirty; i++) {
            int s = S->dirty[i];
            S->is_dirty[s] = false;
            int rc = dispatch(S, P, s, t);
            if (rc) {
                *bad_station = s;
                return rc;
            }
        }
        S->ndirty = 0;
    }
    return 0;
}

static void plan_totals(sched *S, pln_plan *P) {
    P->tard_max = 0;
    for (int o = 0; o < S->no; o++) {
        P->completion[o] = S->prev_end[o];
        double due = mdl_model_order_due(S->m, o);
        if (due < 0) continue;
        double t = S->prev_end[o] > due ? S->prev_end[o] - due : 0;
        P->tard_sum += t;
        if (t > P->tard_max) P->tard_max = t;
        if (t > 0) P->late++;
    }
}

pln_plan *pln_schedule(const mdl_model *m, mdl_dispatch rule, char *err, size_t err_size) {
    int no = mdl_model_order_count(m), ns = mdl_model_station_count(m);
    if (no == 0) {
        snprintf(err, err_size, "the scene releases no orders: nothing to schedule");
        return NULL;
    }
    sched S;
    memset(&S, 0, sizeof S);
    S.m = m;
    S.rule = rule;
    S.no = no;
    S.ns = ns;
    pln_plan *P = NULL;
    bool ok = routes_init(&S) && (P = plan_new((size_t)no, (size_t)ns, (size_t)S.voff[no])) && sched_alloc(&S, P);
    int rc = -1, bad = 0;
    if (ok) {
        P->norders = no;
        P->nstations = ns;
        for (int o = 0; o < no && ok; o++) {
            S.ready[o] = S.prev_end[o] = mdl_model_order_release(m, o);
            ok = next_ready(&S, o);
        }
        rc = ok ? run_events(&S, P, &bad) : -1;
    }
    if (rc == 0) {
        plan_totals(&S, P);
        sched_free(&S);
        return P;
    }
    if (rc > 0)
        snprintf(err, err_size, "station '%s': its calendar is never on again: the plan cannot finish",
                 mdl_model_station(m, bad)->id);
    else
        snprintf(err, err_size, "out of memory");
    sched_free(&S);
    pln_plan_free(P);
    return NULL;
}

size_t pln_plan_op_count(const pln_plan *p) { return p->nops; }
const pln_op *pln_plan_op(const pln_plan *p, size_t i) { return i < p->nops ? &p->ops[i] : NULL; }
double pln_plan_makespan(const pln_plan *p) { return p->makespan; }
double pln_plan_completion(const pln_plan *p, int o) { return o >= 0 && o < p->norders ? p->completion[o] : NAN; }
double pln_plan_tardiness_sum(const pln_plan *p) { return p->tard_sum; }
double pln_plan_tardiness_max(const pln_plan *p) { return p->tard_max; }
int pln_plan_late_orders(const pln_plan *p) { return p->late; }
double pln_plan_utilization(const pln_plan *p, int s) {
    if (s < 0 || s >= p->nstations || p->makespan <= 0) return NAN;
    return p->busy[s] / ((double)p->servers[s] * p->makespan);
}
