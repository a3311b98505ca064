/*
 * mdl_plan_exec.c - a plan executed in a run (mdl_plan.h): the plan as the
 * model keeps it, the "planned sequence" dispatching rule, the adherence
 * counters a run keeps (fed by the record stream, mdl_run_records.c) and
 * their results.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_orders_internal.h"
#include "mdl_plan.h"
#include "mdl_plan_internal.h"
#include "mdl_kpi_at.h"
#include "mdl_routing.h"
#include "mdl_run_internal.h"
#include "sim_block.h"

/* ---- the plan in the model ------------------------------------------------------ */

struct mdl_plan_spec {
    int nops;
    void *block;        /* the arrays below, one block */
    mdl_plan_op *given; /* as given */
    mdl_plan_op *ops;   /* by operation index: off[order] + step */
    int *off;           /* per order, norders + 1 */
    int *rank;          /* per operation: its position in seq */
    int *lane;          /* per operation: its sequence (a station's, or a server's) */
    int *seq;           /* per sequence, its operations in planned order: seq[soff[l] ..] */
    int *soff;          /* nlanes + 1 */
    int *loff;          /* per station: its first sequence (nstations + 1) */
    int nlanes;
    bool by_server;     /* the plan names servers: a sequence per server */
    mdl_plan_policy policy;
    double tolerance;
};

void mdl__plan_free(mdl_plan_spec *p) {
    if (!p) return;
    free(p->block); /* the arrays (mdl_model_set_plan) */
    free(p);
}

/* Order of a station's sequence: planned start, then the plan's order. */
typedef struct seq_key {
    double start;
    int pos, op;
} seq_key;

static int seq_cmp(const void *a, const void *b) {
    const seq_key *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Operation index of step `step` of order o: off[o] + the step's place
 * among those its variant visits (mdl_route_when.c); -1 when the variant
 * skips it. */
static int op_index(const mdl_model *m, const mdl_plan_spec *p, int o, int step) {
    const mdl_order *od = &m->orders[o];
    int pos = mdl__variant_step_pos(m, od->product, od->variant, step);
    return pos < 0 ? -1 : p->off[o] + pos;
}

/* Checks one given operation against the model; false with a message. */
static bool op_check(mdl_model *m, const mdl_plan_op *g, const mdl_plan_spec *p, const bool *seen) {
    if (g->order < 0 || g->order >= m->norders) return mdl__fail(m, "plan: operation of an unknown order");
    const mdl_product *pp = &m->products[m->orders[g->order].product];
    const char *oid = m->orders[g->order].id;
    if (g->step < 0 || g->step >= pp->nsteps)
        return mdl__fail(m, "plan: order '%s' has no step %d", oid, g->step + 1);
    if (!mdl_model_step_allows(m, m->orders[g->order].product, g->step, g->station))
        return mdl__fail(m, "plan: order '%s' step %d is at station '%s' on its route", oid, g->step + 1,
                         m->stations[pp->route[g->step]].id);
    if (g->server < -1 || g->server >= m->stations[g->station].servers)
        return mdl__fail(m, "plan: order '%s' step %d: station '%s' has no server %d", oid, g->step + 1,
                         m->stations[g->station].id, g->server + 1);
    if (!isfinite(g->start) || !isfinite(g->end) || g->start < 0 || g->end < g->start)
        return mdl__fail(m, "plan: order '%s' step %d: times must be finite, >= 0, end >= start", oid, g->step + 1);
    int k = op_index(m, p, g->order, g->step);
    if (k < 0) return mdl__fail(m, "plan: order '%s' step %d is not on the route of its variant", oid, g->step + 1);
    if (seen[k]) return mdl__fail(m, "plan: order '%s' step %d is planned twice", oid, g->step + 1);
    return true;
}

/* Fills ops, rank, seq and soff from given; false with a message. */
static bool plan_index(mdl_model *m, mdl_plan_spec *p) {
    bool *seen = calloc((size_t)p->nops + 1, sizeof *seen);
    seq_key *keys = malloc(((size_t)p->nops + 1) * sizeof *keys);
    bool ok = seen && keys;
    if (!ok) mdl__fail(m, "out of memory");
    for (int i = 0; ok && i < p->nops; i++) {
        const mdl_plan_op *g = &p->given[i];
        ok = op_check(m, g, p, seen);
        if (!ok) break;
        int k = op_index(m, p, g->order, g->step);
        seen[k] = true;
        p->ops[k] = *g;
        p->lane[k] = p->loff[g->station] + (p->by_server ? g->server : 0);
        p->soff[p->lane[k] + 1]++;
    }
    for (int l = 0; ok && l < p->nlanes; l++) p->soff[l + 1] += p->soff[l];
    if (ok) {
        int *fill = calloc((size_t)p->nlanes + 1, sizeof *fill);
        ok = fill != NULL;
        for (int i = 0; ok && i < p->nops; i++) { /* by sequence, in the plan's order */
            const mdl_plan_op *g = &p->given[i];
            int k = op_index(m, p, g->order, g->step), at = p->soff[p->lane[k]] + fill[p->lane[k]]++;
            keys[at] = (seq_key){g->start, i, k};
        }
        free(fill);
        if (!ok) mdl__fail(m, "out of memory");
    }
    for (int s = 0; ok && s < p->nlanes; s++) {
        int a = p->soff[s], n = p->soff[s + 1] - a;
        qsort(keys + a, (size_t)n, sizeof *keys, seq_cmp);
        for (int j = 0; j < n; j++) {
            p->seq[a + j] = keys[a + j].op;
            p->rank[keys[a + j].op] = a + j;
        }
    }
    free(seen);
    free(keys);
    return ok;
}

/* The steps order o's variant visits (all of its product's without `when`). */
static int order_steps(const mdl_model *m, int o) {
    return mdl_model_variant_steps(m, m->orders[o].product, m->orders[o].variant, NULL, 0);
}

/* The plan's arrays in the block b (sim_block.h). */
static void plan_layout(mdl_plan_spec *p, const mdl_model *m, sim_block *b) {
    size_t cnt = p->nops ? (size_t)p->nops : 1;
    SIM_BLOCK_PART(b, p->given, cnt);
    SIM_BLOCK_PART(b, p->ops, cnt);
    SIM_BLOCK_PART(b, p->off, (size_t)m->norders + 1);
    SIM_BLOCK_PART(b, p->rank, cnt);
    SIM_BLOCK_PART(b, p->lane, cnt);
    SIM_BLOCK_PART(b, p->seq, cnt);
    SIM_BLOCK_PART(b, p->soff, (size_t)p->nlanes + 1);
    SIM_BLOCK_PART(b, p->loff, (size_t)m->nstations + 1);
}

bool mdl_model_set_plan(mdl_model *m, const mdl_plan_op *ops, size_t n, mdl_plan_policy policy, double tolerance) {
    if ((unsigned)policy >= MDL_PLAN_POLICY_COUNT) return mdl__fail(m, "plan: unknown policy");
    if (!(tolerance >= 0) || !isfinite(tolerance)) return mdl__fail(m, "plan: tolerance must be >= 0");
    size_t total = 0;
    for (int o = 0; o < m->norders; o++) total += (size_t)order_steps(m, o);
    if (n != total || total > (size_t)INT32_MAX)
        return mdl__fail(m, "plan: %zu operations, but the orders have %zu steps: every step must be planned once",
                         n, total);
    mdl_plan_spec *p = calloc(1, sizeof *p);
    if (!p) return mdl__fail(m, "out of memory");
    p->nops = (int)total;
    p->policy = policy;
    p->tolerance = tolerance;
    for (size_t i = 0; i < n; i++) p->by_server |= ops[i].server >= 0;
    for (int s = 0; s < m->nstations; s++) p->nlanes += p->by_server ? m->stations[s].servers : 1;
    sim_block b = {NULL, 0};
    plan_layout(p, m, &b);
    b.base = p->block = calloc(1, b.size);
    if (!b.base) {
        mdl__plan_free(p);
        return mdl__fail(m, "out of memory");
    }
    b.size = 0;
    plan_layout(p, m, &b);
    for (int s = 0; s < m->nstations; s++) p->loff[s + 1] = p->loff[s] + (p->by_server ? m->stations[s].servers : 1);
    if (n) memcpy(p->given, ops, n * sizeof *ops);
    for (int o = 0; o < m->norders; o++) p->off[o + 1] = p->off[o] + order_steps(m, o);
    if (!plan_index(m, p)) {
        mdl__plan_free(p);
        return false;
    }
    mdl__plan_free(m->plan);
    m->plan = p;
    return true;
}

int mdl_model_plan_op_count(const mdl_model *m) { return m->plan ? m->plan->nops : 0; }
const mdl_plan_op *mdl_model_plan_op(const mdl_model *m, int i) {
    return m->plan && i >= 0 && i < m->plan->nops ? &m->plan->given[i] : NULL;
}
mdl_plan_policy mdl_model_plan_policy(const mdl_model *m) { return m->plan ? m->plan->policy : MDL_PLAN_WAIT; }
double mdl_model_plan_tolerance(const mdl_model *m) { return m->plan ? m->plan->tolerance : NAN; }
double mdl_model_plan_completion(const mdl_model *m, int o) {
    if (!m->plan || o < 0 || o >= m->norders || m->plan->off[o + 1] == m->plan->off[o]) return NAN;
    return m->plan->ops[m->plan->off[o + 1] - 1].end;
}

static const char *const policy_names[MDL_PLAN_POLICY_COUNT] = {"wait", "next"};
const char *mdl_plan_policy_name(mdl_plan_policy p) {
    return (unsigned)p < MDL_PLAN_POLICY_COUNT ? policy_names[p] : "?";
}
mdl_plan_policy mdl_plan_policy_parse(const char *name) {
    for (int i = 0; i < MDL_PLAN_POLICY_COUNT; i++)
        if (strcmp(name, policy_names[i]) == 0) return (mdl_plan_policy)i;
    return MDL_PLAN_POLICY_COUNT;
}

/* ---- a run's adherence counters ------------------------------------------------- */

/* What became of a planned operation. */
typedef struct plan_op {
    uint32_t started, ended; /* units started, ended */
    double t_start, t_end;   /* first start, last end */
    bool skipped;            /* its order lost every unit before it began, or it was rerouted */
    bool rerouted;           /* a unit of it took another branch than planned */
} plan_op;

struct mdl_plan_run {
    const mdl_plan_spec *p;
    void *block;               /* the arrays below, one block */
    plan_op *op;               /* per operation */
    uint64_t nrerouted;
    int *cursor;               /* per sequence: its next position not begun */
    long *lost;                /* per order: units scrapped */
    uint64_t seq_changes;
    double *scratch;           /* for the percentiles */
};

/* The execution's arrays in the block b (sim_block.h). */
static void plan_run_layout(mdl_plan_run *x, int norders, sim_block *b) {
    size_t n = (size_t)x->p->nops + 1;
    SIM_BLOCK_PART(b, x->op, n);
    SIM_BLOCK_PART(b, x->scratch, n);
    SIM_BLOCK_PART(b, x->cursor, (size_t)x->p->nlanes + 1);
    SIM_BLOCK_PART(b, x->lost, (size_t)norders + 1);
}

bool mdl__plan_run_new(mdl_run *r) {
    const mdl_plan_spec *p = r->m->plan;
    if (!p) return true;
    mdl_plan_run *x = calloc(1, sizeof *x);
    if (!x) return false;
    r->plan = x;
    x->p = p;
    sim_block b = {NULL, 0};
    plan_run_layout(x, r->m->norders, &b);
    b.base = x->block = calloc(1, b.size);
    if (!b.base) return false;
    b.size = 0;
    plan_run_layout(x, r->m->norders, &b);
    for (int l = 0; l < p->nlanes; l++) x->cursor[l] = p->soff[l];
    return true;
}

void mdl__plan_run_free(mdl_plan_run *x) {
    if (!x) return;
    free(x->block); /* the arrays (mdl__plan_run_new) */
    free(x);
}

/* The planned operation of a unit at its current step, -1 for none. */
static int unit_op(const mdl_run *r, uint32_t v) {
    const mdl_plan_spec *p = r->plan->p;
    int o, step;
    if (v & BATCH_BIT) {
        o = (int)(v & ~BATCH_BIT);
        step = 0;
    } else {
        o = r->units[v].order;
        step = r->units[v].step;
    }
    if (o < 0 || step < 0) return -1;
    return v & BATCH_BIT ? p->off[o] : op_index(r->m, p, o, step);
}

static void advance_cursor(mdl_plan_run *x, int s) {
    const mdl_plan_spec *p = x->p;
    int c = x->cursor[s];
    while (c < p->soff[s + 1] && (x->op[p->seq[c]].started || x->op[p->seq[c]].skipped)) c++;
    x->cursor[s] = c;
}

static void on_redispatch(sim_world *w, void *subject, void *object) {
    (void)w;
    (void)object;
    mdl__station_dispatch(subject);
}

/* Operation k, not begun, leaves its sequence: the station that waited for
 * it looks at its queue again. */
static void skip_op(mdl_run *r, int k) {
    mdl_plan_run *x = r->plan;
    const mdl_plan_spec *p = x->p;
    if (x->op[k].started || x->op[k].skipped) return;
    x->op[k].skipped = true;
    int l = p->lane[k], s = p->ops[k].station, before = x->cursor[l];
    advance_cursor(x, l);
    if (x->cursor[l] != before && !sim_event_schedule(r->w, NOW(r), 0, on_redispatch, &r->st[s], NULL))
        mdl__run_fail(r, "out of memory");
}

/* Order o lost every unit: its operations not begun are skipped. */
static void order_lost(mdl_run *r, int o) {
    const mdl_plan_spec *p = r->plan->p;
    for (int k = p->off[o]; k < p->off[o + 1]; k++) skip_op(r, k);
}

int mdl__plan_station(const mdl_run *r, int o, int step) {
    const mdl_plan_spec *p = r->plan->p;
    if (o < 0 || o >= r->m->norders || step < 0 || step >= p->off[o + 1] - p->off[o]) return -1;
    return p->ops[p->off[o] + step].station;
}

void mdl__plan_rerouted(mdl_run *r, int o, int step) {
    mdl_plan_run *x = r->plan;
    int k = x->p->off[o] + step;
    if (!x->op[k].rerouted) x->nrerouted++;
    x->op[k].rerouted = true;
    skip_op(r, k);
}

void mdl__plan_record(mdl_run *r, mdl_log_kind k, int si, uint32_t ui) {
    mdl_plan_run *x = r->plan;
    if (ui == NO_UNIT || (k != MDL_LOG_START && k != MDL_LOG_FINISH && k != MDL_LOG_SCRAP)) return;
    int o = r->units[ui].order;
    if (k == MDL_LOG_SCRAP) {
        if (o >= 0 && ++x->lost[o] >= r->m->orders[o].quantity) order_lost(r, o);
        return;
    }
    int op = unit_op(r, ui);
    if (op < 0 || (x->p->ops[op].station != si && !x->op[op].rerouted)) return;
    double now = NOW(r);
    if (k == MDL_LOG_FINISH) {
        x->op[op].ended++;
        x->op[op].t_end = now;
        return;
    }
    if (x->op[op].started++ == 0) {
        x->op[op].t_start = now;
        int l = x->p->lane[op];
        if (!x->op[op].rerouted && x->p->rank[op] != x->cursor[l]) x->seq_changes++;
        advance_cursor(x, l);
    }
}

/* May the waiting entry v (a unit, or an order batch) start on server k
 * of s now? Its planned operation in *op (-1: none here). */
static bool may_start(const mdl_run *r, const station *s, int k, uint32_t v, int *op) {
    const mdl_plan_run *x = r->plan;
    const mdl_plan_spec *p = x->p;
    *op = unit_op(r, v);
    if (*op < 0 || p->ops[*op].station != s->index) { /* not planned here: after the planned ones */
        *op = -1;
        return true;
    }
    int nl = p->loff[s->index + 1] - p->loff[s->index];
    int lane = p->loff[s->index] + (nl > 1 && k >= 0 ? k % nl : 0);
    /* Wait, unless someone waits for room here: the job waited for may be
     * behind the full buffer, and waiting would never end. */
    return p->policy == MDL_PLAN_NEXT || x->op[*op].started > 0 || x->op[*op].rerouted ||
           (p->lane[*op] == lane && p->rank[*op] == x->cursor[lane]) || s->waiters.len > 0;
}

bool mdl__plan_may_start(const station *s, int svi, uint32_t ui) {
    int op;
    return may_start(s->run, s, svi, ui, &op);
}

/* Does planned operation a (-1: none) go before b? Planned start, then
 * the plan's own order. */
static bool before(const mdl_plan_spec *p, int a, int b) {
    if (a < 0) return false;
    if (b < 0) return true;
    if (p->ops[a].start != p->ops[b].start) return p->ops[a].start < p->ops[b].start;
    return p->lane[a] == p->lane[b] ? p->rank[a] < p->rank[b] : p->lane[a] < p->lane[b];
}

uint32_t mdl__plan_pick(const station *s, int svi) {
    const mdl_run *r = s->run;
    uint32_t best = NO_UNIT;
    int best_op = -1;
    for (uint32_t i = 0; i < s->queue.len; i++) {
        int op;
        if (!may_start(r, s, svi, ring_at(&s->queue, i), &op)) continue;
        if (best == NO_UNIT || before(r->plan->p, op, best_op)) { /* strict: FIFO among equals */
            best = i;
            best_op = op;
        }
    }
    return best;
}

/* Has operation k ended: every unit of its order not scrapped left it? */
static bool op_ended(const mdl_run *r, int o, int k) {
    const mdl_plan_run *x = r->plan;
    long want = r->m->orders[o].quantity - x->lost[o];
    return x->op[k].started > 0 && want > 0 && (long)x->op[k].ended >= want;
}

bool mdl_run_plan_op_actual(const mdl_run *r, int i, double *start, double *end) {
    const mdl_plan_run *x = r->plan;
    if (!x || i < 0 || i >= x->p->nops) return false;
    const mdl_plan_op *g = &x->p->given[i];
    int k = op_index(r->m, x->p, g->order, g->step);
    if (!x->op[k].started) return false;
    *start = x->op[k].t_start;
    *end = op_ended(r, g->order, k) ? x->op[k].t_end : NAN;
    return true;
}

/* ---- results -------------------------------------------------------------------- */

const char *const mdl__akpi_names[MDL_AKPI_COUNT][2] = {
    {"ops_planned", "Operations planned"},
    {"ops_started", "Operations begun"},
    {"ops_ended", "Operations ended"},
    {"start_deviation_mean_s", "Start deviation, mean"},
    {"start_deviation_p95_s", "Start deviation, p95 |.|"},
    {"end_deviation_mean_s", "End deviation, mean"},
    {"end_deviation_p95_s", "End deviation, p95 |.|"},
    {"sequence_changes", "Sequence changes"},
    {"started_within_tolerance_share", "Started within tolerance"},
    {"order_deviation_mean_s", "Order completion vs plan, mean"},
    {"order_deviation_max_s", "Order completion vs plan, max"},
    {"orders_behind_plan", "Orders behind plan"},
    {"ops_rerouted", "Operations rerouted"}};
const char *const mdl__aokpi_names[MDL_AOKPI_COUNT] = {"planned_start_s", "start_deviation_s",
                                                         "planned_completion_s", "completion_deviation_s",
                                                         "ops_within_tolerance"};

bool mdl__plan_rep_init(mdl_rep_result *res, const mdl_model *m) {
    if (!m->plan) return true;
    res->plan = malloc(MDL_AKPI_COUNT * sizeof *res->plan);
    res->plan_order = malloc(((size_t)m->norders * MDL_AOKPI_COUNT + 1) * sizeof *res->plan_order);
    return res->plan && res->plan_order;
}

void mdl__plan_rep_fini(mdl_rep_result *res) {
    free(res->plan);
    free(res->plan_order);
    res->plan = res->plan_order = NULL;
}

static int dbl_cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The nearest-rank 95th percentile of v[0..n) (sorts it); NaN when n = 0. */
static double p95(double *v, size_t n) {
    if (n == 0) return NAN;
    qsort(v, n, sizeof *v, dbl_cmp);
    size_t k = (size_t)ceil(0.95 * (double)n);
    return v[k > 0 ? k - 1 : 0];
}

/* Start deviations: mean, p95 |.|, share within tolerance; per order. */
static void start_results(const mdl_run *r, double now, double *k, double *per_order) {
    const mdl_plan_run *x = r->plan;
    const mdl_plan_spec *p = x->p;
    double tol = p->tolerance, sum = 0;
    size_t n = 0, counted = 0, within = 0;
    for (int o = 0; o < r->m->norders; o++) {
        double *po = per_order + (size_t)o * MDL_AOKPI_COUNT;
        int first = p->off[o], last = p->off[o + 1] - 1, inside = 0;
        po[MDL_AOKPI_PLANNED_START_S] = last >= first ? p->ops[first].start : NAN;
        po[MDL_AOKPI_START_DEV_S] =
            last >= first && x->op[first].started ? x->op[first].t_start - p->ops[first].start : NAN;
        po[MDL_AOKPI_PLANNED_COMPLETION_S] = last >= first ? p->ops[last].end : NAN;
        po[MDL_AOKPI_COMPLETION_DEV_S] =
            last >= first && op_ended(r, o, last) ? x->op[last].t_end - p->ops[last].end : NAN;
        for (int op = first; op <= last; op++) {
            if (x->op[op].rerouted) continue; /* no planned time where it went */
            if (!x->op[op].started) {
                if (!x->op[op].skipped && p->ops[op].start + tol < now) counted++;
                continue;
            }
            double d = x->op[op].t_start - p->ops[op].start;
            sum += d;
            x->scratch[n++] = fabs(d);
            counted++;
            if (fabs(d) <= tol) {
                within++;
                inside++;
            }
        }
        po[MDL_AOKPI_OPS_WITHIN_TOLERANCE] = inside;
    }
    k[MDL_AKPI_OPS_STARTED] = (double)n;
    k[MDL_AKPI_START_DEV_MEAN_S] = n ? sum / (double)n : NAN;
    k[MDL_AKPI_START_DEV_P95_S] = p95(x->scratch, n);
    k[MDL_AKPI_WITHIN_TOLERANCE] = counted ? (double)within / (double)counted : NAN;
}

/* End deviations and the orders against their planned completion. */
static void end_results(const mdl_run *r, double now, double *k) {
    const mdl_plan_run *x = r->plan;
    const mdl_plan_spec *p = x->p;
    double sum = 0, osum = 0, omax = -INFINITY;
    size_t n = 0, no = 0, behind = 0;
    for (int o = 0; o < r->m->norders; o++) {
        int last = p->off[o + 1] - 1;
        for (int op = p->off[o]; op <= last; op++) {
            if (x->op[op].rerouted || !op_ended(r, o, op)) continue;
            double d = x->op[op].t_end - p->ops[op].end;
            sum += d;
            x->scratch[n++] = fabs(d);
        }
        if (last < p->off[o]) continue;
        if (op_ended(r, o, last)) {
            double d = x->op[last].t_end - p->ops[last].end;
            osum += d;
            no++;
            if (d > omax) omax = d;
            if (d > p->tolerance) behind++;
        } else if (x->lost[o] < r->m->orders[o].quantity && p->ops[last].end + p->tolerance < now) {
            behind++;
        }
    }
    k[MDL_AKPI_OPS_ENDED] = (double)n;
    k[MDL_AKPI_END_DEV_MEAN_S] = n ? sum / (double)n : NAN;
    k[MDL_AKPI_END_DEV_P95_S] = p95(x->scratch, n);
    k[MDL_AKPI_ORDER_DEV_MEAN_S] = no ? osum / (double)no : NAN;
    k[MDL_AKPI_ORDER_DEV_MAX_S] = no ? omax : NAN;
    k[MDL_AKPI_ORDERS_BEHIND_PLAN] = (double)behind;
}

void mdl__plan_result(const mdl_run *r, mdl_rep_result *out) {
    if (!r->plan || !out->plan) return;
    double now = NOW(r), *k = out->plan;
    k[MDL_AKPI_OPS_PLANNED] = r->plan->p->nops;
    start_results(r, now, k, out->plan_order);
    end_results(r, now, k);
    k[MDL_AKPI_SEQUENCE_CHANGES] = (double)r->plan->seq_changes;
    k[MDL_AKPI_OPS_REROUTED] = (double)r->plan->nrerouted;
}

double mdl_rep_plan_kpi(const mdl_rep_result *r, mdl_akpi k) {
    return r ? mdl__kpi_at(r->plan, 1, 0, MDL_AKPI_COUNT, (int)k) : NAN;
}

double mdl_rep_plan_order_kpi(const mdl_rep_result *r, int order, mdl_aokpi k) {
    return r ? mdl__kpi_at(r->plan_order, r->norders, order, MDL_AOKPI_COUNT, (int)k) : NAN;
}

static double get_plan(const mdl_rep_result *r, int i, int k) {
    (void)i;
    return mdl_rep_plan_kpi(r, (mdl_akpi)k);
}
static double get_plan_order(const mdl_rep_result *r, int i, int k) {
    return mdl_rep_plan_order_kpi(r, i, (mdl_aokpi)k);
}

mdl_summary mdl_batch_plan_kpi(const mdl_batch *b, mdl_akpi k) { return mdl__summarize_reps(b, get_plan, 0, (int)k); }
mdl_summary mdl_batch_plan_order_kpi(const mdl_batch *b, int order, mdl_aokpi k) {
    return mdl__summarize_reps(b, get_plan_order, order, (int)k);
}
