/*
 * pln_schedule.c - list scheduling of the order book (pln_plan.h has the
 * method; docs/planning.md explains it for users).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_orders.h"
#include "pln_plan.h"

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

typedef struct sched {
    const mdl_model *m;
    mdl_dispatch rule;
    int no, ns;
    int *step;          /* per order: next step to plan */
    double *ready;      /* per order: earliest start of its next step (its first unit is there) */
    double *prev_end;   /* per order: when its previous step ends (its last unit is there) */
    double **free_at;   /* per station, per server */
    int **last;         /* per station, per server: last product (-1) */
    int *cal;           /* per station */
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

/* The lot's work of order o at station s on server k (setup, processing). */
static void lot_work(const sched *S, int o, int s, int k, double *setup, double *proc) {
    int p = mdl_model_order_product(S->m, o);
    double c = mdl_model_mean_cycle(S->m, p, s);
    if (!isfinite(c) || c < 0) c = 0;
    *proc = (double)mdl_model_order_quantity(S->m, o) * c;
    *setup = mdl_model_mean_setup(S->m, s, S->last[s][k], p);
}

/* Mean work left on the route of order o from its next step on. */
static double work_left(const sched *S, int o) {
    int p = mdl_model_order_product(S->m, o);
    double w = 0;
    for (int st = S->step[o]; st < mdl_model_route_length(S->m, p); st++) {
        double c = mdl_model_mean_cycle(S->m, p, mdl_model_route_station(S->m, p, st));
        if (isfinite(c) && c > 0) w += c * (double)mdl_model_order_quantity(S->m, o);
    }
    return w;
}

/* The rule's key for order o competing at time t (smallest first); the
 * same rules as a station's queue (docs/kpis.md), on lots. */
static double rule_key(const sched *S, int o, int s, int k, double t, double pbar) {
    double due = mdl_model_order_due(S->m, o);
    bool has_due = due >= 0;
    double setup, proc;
    lot_work(S, o, s, k, &setup, &proc);
    int p = mdl_model_order_product(S->m, o);
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
    case MDL_DISPATCH_SETUP: return p == S->last[s][k] ? 0.0 : 1.0;
    case MDL_DISPATCH_COUNT: break;
    }
    return 0.0;
}

static void sched_free(sched *S) {
    if (S->free_at)
        for (int s = 0; s < S->ns; s++) free(S->free_at[s]);
    if (S->last)
        for (int s = 0; s < S->ns; s++) free(S->last[s]);
    free(S->free_at);
    free(S->last);
    free(S->step);
    free(S->ready);
    free(S->prev_end);
    free(S->cal);
}

void pln_plan_free(pln_plan *p) {
    if (!p) return;
    free(p->ops);
    free(p->completion);
    free(p->busy);
    free(p->servers);
    free(p);
}

/* The working storage of the schedule S and its plan P (false: out of
 * memory; sched_free and pln_plan_free release what was made). */
static bool sched_alloc(sched *S, pln_plan *P, size_t total) {
    const mdl_model *m = S->m;
    int no = S->no, ns = S->ns;
    S->step = calloc((size_t)no, sizeof *S->step);
    S->ready = calloc((size_t)no, sizeof *S->ready);
    S->prev_end = calloc((size_t)no, sizeof *S->prev_end);
    S->free_at = calloc((size_t)ns, sizeof *S->free_at);
    S->last = calloc((size_t)ns, sizeof *S->last);
    S->cal = calloc((size_t)ns, sizeof *S->cal);
    bool ok = P && S->step && S->ready && S->prev_end && S->free_at && S->last && S->cal;
    if (ok) {
        P->ops = calloc(total ? total : 1, sizeof *P->ops);
        P->completion = calloc((size_t)no, sizeof *P->completion);
        P->busy = calloc((size_t)ns, sizeof *P->busy);
        P->servers = calloc((size_t)ns, sizeof *P->servers);
        ok = P->ops && P->completion && P->busy && P->servers;
    }
    for (int s = 0; ok && s < ns; s++) {
        int n = mdl_model_station(m, s)->servers;
        P->servers[s] = n;
        S->cal[s] = station_calendar(m, s);
        S->free_at[s] = calloc((size_t)n, sizeof **S->free_at);
        S->last[s] = malloc((size_t)n * sizeof **S->last);
        ok = S->free_at[s] && S->last[s];
        for (int k = 0; ok && k < n; k++) S->last[s][k] = -1;
    }
    return ok;
}

/* The operation that could end first, over every order's next step: its
 * end, and its station in *best_s. */
static double first_end(const sched *S, int *best_s) {
    const mdl_model *m = S->m;
    double best_end = INFINITY;
    *best_s = -1;
    for (int o = 0; o < S->no; o++) {
        int p = mdl_model_order_product(m, o);
        if (S->step[o] >= mdl_model_route_length(m, p)) continue;
        int s = mdl_model_route_station(m, p, S->step[o]);
        int k = first_free(S, s);
        double est = next_on(m, S->cal[s], fmax(S->ready[o], S->free_at[s][k]));
        double setup, proc;
        lot_work(S, o, s, k, &setup, &proc);
        double end = lot_end(S, o, s, est, setup, proc);
        if (end < best_end || *best_s < 0) {
            best_end = end;
            *best_s = s;
        }
    }
    return best_end;
}

/* Does the next step of order o wait for station s, and could it start
 * there (server k) before best_end? Its earliest start in *est. */
static bool competes(const sched *S, int o, int s, int k, double best_end, double *est) {
    const mdl_model *m = S->m;
    int p = mdl_model_order_product(m, o);
    if (S->step[o] >= mdl_model_route_length(m, p) || mdl_model_route_station(m, p, S->step[o]) != s) return false;
    *est = next_on(m, S->cal[s], fmax(S->ready[o], S->free_at[s][k]));
    return *est < best_end || (*est == best_end && best_end == S->free_at[s][k]);
}

/* The order that goes next on server k of station s: among those that
 * compete there before best_end, the one the rule puts first. */
static int pick_order(const sched *S, int s, int k, double best_end) {
    const mdl_model *m = S->m;
    double pbar = 0, t_min = INFINITY, est;
    int ncand = 0;
    for (int o = 0; o < S->no; o++) {
        if (!competes(S, o, s, k, best_end, &est)) continue;
        double setup, proc;
        lot_work(S, o, s, k, &setup, &proc);
        pbar += proc;
        ncand++;
        if (est < t_min) t_min = est;
    }
    pbar = ncand ? pbar / ncand : 0;
    int pick = -1;
    double pick_key = INFINITY;
    for (int o = 0; o < S->no; o++) {
        if (!competes(S, o, s, k, best_end, &est)) continue;
        double key = rule_key(S, o, s, k, t_min, pbar);
        if (pick < 0 || key < pick_key) { /* strict: the book's order among equals */
            pick = o;
            pick_key = key;
        }
    }
    if (pick < 0) { /* zero-length operations: take the one that ends first */
        for (int o = 0; o < S->no && pick < 0; o++) {
            int p = mdl_model_order_product(m, o);
            if (S->step[o] < mdl_model_route_length(m, p) && mdl_model_route_station(m, p, S->step[o]) == s)
                pick = o;
        }
    }
    return pick;
}

/* Plans the next step of order `pick` on server k of station s. */
static void plan_step(sched *S, pln_plan *P, int pick, int s, int k) {
    const mdl_model *m = S->m;
    int p = mdl_model_order_product(m, pick);
    double setup, proc;
    lot_work(S, pick, s, k, &setup, &proc);
    double start = next_on(m, S->cal[s], fmax(S->ready[pick], S->free_at[s][k]));
    double end = lot_end(S, pick, s, start, setup, proc);
    P->ops[P->nops++] = (pln_op){pick, S->step[pick], s, k, start, setup, end};
    P->busy[s] += setup + proc;
    S->free_at[s][k] = end;
    S->last[s][k] = p;
    /* The next step may start when the first unit is done here. */
    S->ready[pick] = advance(m, S->cal[s], start, setup + proc / (double)mdl_model_order_quantity(m, pick));
    S->prev_end[pick] = end;
    S->step[pick]++;
    if (end > P->makespan) P->makespan = end;
}

pln_plan *pln_schedule(const mdl_model *m, mdl_dispatch rule, char *err, size_t err_size) {
    int no = mdl_model_order_count(m), ns = mdl_model_station_count(m);
    if (no == 0) {
        snprintf(err, err_size, "the scene releases no orders: nothing to schedule");
        return NULL;
    }
    size_t total = 0;
    for (int o = 0; o < no; o++) total += (size_t)mdl_model_route_length(m, mdl_model_order_product(m, o));
    sched S = {m, rule, no, ns, NULL, NULL, NULL, NULL, NULL, NULL};
    pln_plan *P = calloc(1, sizeof *P);
    if (!sched_alloc(&S, P, total)) {
        snprintf(err, err_size, "out of memory");
        sched_free(&S);
        pln_plan_free(P);
        return NULL;
    }
    P->norders = no;
    P->nstations = ns;
    for (int o = 0; o < no; o++) S.ready[o] = S.prev_end[o] = mdl_model_order_release(m, o);
    for (size_t n = 0; n < total; n++) {
        int best_s;
        double best_end = first_end(&S, &best_s);
        if (!isfinite(best_end)) {
            snprintf(err, err_size, "station '%s': its calendar is never on again: the plan cannot finish",
                     mdl_model_station(m, best_s)->id);
            sched_free(&S);
            pln_plan_free(P);
            return NULL;
        }
        /* Every operation that could start at best_s before best_end competes. */
        int k = first_free(&S, best_s);
        plan_step(&S, P, pick_order(&S, best_s, k, best_end), best_s, k);
    }
    P->tard_max = 0;
    for (int o = 0; o < no; o++) {
        P->completion[o] = S.prev_end[o];
        double due = mdl_model_order_due(m, o);
        if (due < 0) continue;
        double t = S.prev_end[o] > due ? S.prev_end[o] - due : 0;
        P->tard_sum += t;
        if (t > P->tard_max) P->tard_max = t;
        if (t > 0) P->late++;
    }
    sched_free(&S);
    return P;
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
