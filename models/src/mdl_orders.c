/*
 * mdl_orders.c - results by order, order book and product (mdl_orders.h):
 * the run's counters (mdl_orders_internal.h), their results, their names
 * and their summaries over a batch.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_orders_internal.h"
#include "sim_block.h"
#include "mdl_kpi_at.h"
#include "sim_units.h"

/* ---- names ------------------------------------------------------------------- */

const char *const mdl__okpi_names[MDL_OKPI_COUNT] = {
    "completion_s", "flow_time_s",    "lateness_s",       "tardiness_s", "on_time",   "units_good",
    "units_on_time", "units_scrapped", "units_defective", "units_open",  "units_late"};

const char *const mdl__bkpi_names[MDL_BKPI_COUNT][2] = {
    {"orders", "Orders released"},
    {"orders_complete", "Orders complete"},
    {"orders_late", "Orders late"},
    {"orders_on_time_share", "On-time share of orders"},
    {"units_on_time_share", "On-time share of units"},
    {"service_level", "Service level (units due, on time)"},
    {"mean_tardiness_s", "Mean tardiness [s]"},
    {"max_tardiness_s", "Max tardiness [s]"},
    {"mean_lateness_s", "Mean lateness [s]"},
    {"mean_flow_time_s", "Mean flow time [s]"},
    {"backlog_units", "Backlog [units, time average]"},
    {"backlog_end_units", "Backlog at the end [units]"}};

const char *const mdl__pkpi_names[MDL_PKPI_COUNT][2] = {
    {"throughput_per_h", "Throughput [good units/h]"},
    {"units_out", "Good units out"},
    {"lead_time_s", "Lead time [s]"},
    {"yield", "Yield"},
    {"units_released", "Units released"},
    {"units_scrapped", "Units scrapped"},
    {"defective_out", "Defective units shipped"}};

/* ---- the model's order book ----------------------------------------------------- */

static const mdl_order *order_at(const mdl_model *m, int i) {
    return i >= 0 && i < m->norders ? &m->orders[i] : NULL;
}

int mdl_model_order_product(const mdl_model *m, int i) { return order_at(m, i) ? m->orders[i].product : -1; }
long mdl_model_order_quantity(const mdl_model *m, int i) { return order_at(m, i) ? m->orders[i].quantity : 0; }
double mdl_model_order_release(const mdl_model *m, int i) { return order_at(m, i) ? m->orders[i].release : NAN; }
double mdl_model_order_due(const mdl_model *m, int i) { return order_at(m, i) ? m->orders[i].due : NAN; }

/* ---- the run's counters ------------------------------------------------------------ */

/* The per-order and per-product trackers live and die together: one
 * block (sim_block.h), the orders' first. */
static void book_layout(mdl_book *b, sim_block *blk) {
    SIM_BLOCK_PART(blk, b->order, b->norders ? b->norders : 1);
    SIM_BLOCK_PART(blk, b->product, b->nproducts ? b->nproducts : 1);
}

bool mdl__book_init(mdl_book *b, const mdl_model *m, double horizon) {
    memset(b, 0, sizeof *b);
    b->sample_dt = horizon / (MDL_BOOK_SAMPLES - 1);
    b->norders = m->norders;
    b->nproducts = m->nproducts;
    sim_timeavg_init(&b->backlog, 0.0, 0.0);
    sim_block blk = {0};
    book_layout(b, &blk);
    if (!(blk.base = calloc(1, blk.size))) return false;
    blk.size = 0;
    book_layout(b, &blk);
    return true;
}

void mdl__book_fini(mdl_book *b) {
    free(b->order); /* the block */
    b->order = NULL;
    b->product = NULL;
}

void mdl__book_order_released(mdl_book *b, const mdl_model *m, int oi, double now) {
    b->order[oi].released = true;
    mdl__book_sample(b, now, false);
    b->backlog_now += m->orders[oi].quantity;
    sim_timeavg_set(&b->backlog, now, (double)b->backlog_now);
}

void mdl__book_warmup(mdl_book *b) {
    memset(b->product, 0, (size_t)b->nproducts * sizeof *b->product);
}

/* ---- results ------------------------------------------------------------------------ */

bool mdl__book_rep_init(mdl_rep_result *res, const mdl_model *m) {
    res->norders = m->norders;
    res->nproducts = m->nproducts;
    res->order = calloc((size_t)(m->norders ? m->norders : 1) * MDL_OKPI_COUNT, sizeof *res->order);
    res->product = calloc((size_t)(m->nproducts ? m->nproducts : 1) * MDL_PKPI_COUNT, sizeof *res->product);
    res->book = calloc(MDL_BKPI_COUNT, sizeof *res->book);
    res->nbacklog = m->norders ? MDL_BOOK_SAMPLES : 0;
    res->backlog = calloc(MDL_BOOK_SAMPLES, sizeof *res->backlog);
    return res->order && res->product && res->book && res->backlog;
}

void mdl__book_rep_fini(mdl_rep_result *res) {
    free(res->order);
    free(res->product);
    free(res->book);
    free(res->backlog);
    res->order = res->product = res->book = res->backlog = NULL;
    res->nbacklog = 0;
    res->norders = res->nproducts = 0;
}

static double ratio(double a, double b) { return b > 0.0 ? a / b : NAN; }

/* The results by product: one row of out->product per product. */
static void product_results(const mdl_book *b, double hours, mdl_rep_result *out) {
    int np = out->nproducts < b->nproducts ? out->nproducts : b->nproducts;
    for (int p = 0; p < np; p++) {
        const mdl_product_track *t = &b->product[p];
        double *v = &out->product[(size_t)p * MDL_PKPI_COUNT];
        double good = (double)t->good;
        v[MDL_PKPI_THROUGHPUT_PER_H] = ratio(good, hours);
        v[MDL_PKPI_UNITS_OUT] = good;
        v[MDL_PKPI_LEAD_TIME_S] = t->good ? t->lead_sum / good : NAN;
        v[MDL_PKPI_YIELD] = ratio(good, good + (double)t->defective + (double)t->scrapped);
        v[MDL_PKPI_UNITS_RELEASED] = (double)t->released;
        v[MDL_PKPI_UNITS_SCRAPPED] = (double)t->scrapped;
        v[MDL_PKPI_DEFECTIVE_OUT] = (double)t->defective;
    }
}

void mdl__book_result(const mdl_book *b, const mdl_model *m, double now, double window_s, mdl_rep_result *out) {
    if (!out->order || !out->product || !out->book) return;
    product_results(b, window_s / SIM_HOUR, out);
    /* The order book: sums in order index order (deterministic). */
    double released = 0, complete = 0, late = 0, decided = 0, on_time_orders = 0;
    double units_on_time = 0, units_due_den = 0, units_due_by_end = 0;
    double tard_sum = 0, tard_max = NAN, lat_sum = 0, lat_n = 0, flow_sum = 0;
    int no = out->norders < b->norders ? out->norders : b->norders;
    for (int i = 0; i < no; i++) {
        const mdl_order *o = &m->orders[i];
        const mdl_order_track *t = &b->order[i];
        double *v = &out->order[(size_t)i * MDL_OKPI_COUNT];
        double out_units = (double)t->good + (double)t->scrapped + (double)t->defective;
        double open = (double)o->quantity - out_units;
        bool has_due = o->due >= 0.0;
        bool done = t->released && open <= 0.0;
        double completion = done ? t->last_out : NAN;
        v[MDL_OKPI_COMPLETION_S] = completion;
        v[MDL_OKPI_FLOW_TIME_S] = done ? completion - o->release : NAN;
        v[MDL_OKPI_LATENESS_S] = done && has_due ? completion - o->due : NAN;
        double tard = NAN;
        if (has_due && done) tard = completion > o->due ? completion - o->due : 0.0;
        else if (has_due && o->due < now) tard = now - o->due; /* open past due: at least this late */
        v[MDL_OKPI_TARDINESS_S] = tard;
        v[MDL_OKPI_ON_TIME] = isnan(tard) ? NAN : (done && tard == 0.0 ? 1.0 : 0.0);
        v[MDL_OKPI_UNITS_GOOD] = (double)t->good;
        v[MDL_OKPI_UNITS_ON_TIME] = (double)t->on_time;
        v[MDL_OKPI_UNITS_SCRAPPED] = (double)t->scrapped;
        v[MDL_OKPI_UNITS_DEFECTIVE] = (double)t->defective;
        v[MDL_OKPI_UNITS_OPEN] = open;
        double open_late = has_due && o->due < now ? open : 0.0;
        v[MDL_OKPI_UNITS_LATE] = has_due ? (double)t->good - (double)t->on_time + open_late : 0.0;
        if (t->released) released++;
        if (done) {
            complete++;
            flow_sum += completion - o->release;
        }
        if (!isnan(tard)) {
            decided++;
            if (v[MDL_OKPI_ON_TIME] == 1.0) on_time_orders++;
            else late++;
            tard_sum += tard;
            if (isnan(tard_max) || tard > tard_max) tard_max = tard;
        }
        if (done && has_due) {
            lat_sum += completion - o->due;
            lat_n++;
        }
        if (has_due) {
            units_on_time += (double)t->on_time;
            units_due_den += (double)t->good + open_late;
            if (o->due <= now) units_due_by_end += (double)o->quantity;
        }
    }
    double *k = out->book;
    k[MDL_BKPI_ORDERS] = released;
    k[MDL_BKPI_ORDERS_COMPLETE] = complete;
    k[MDL_BKPI_ORDERS_LATE] = late;
    k[MDL_BKPI_ORDERS_ON_TIME_SHARE] = ratio(on_time_orders, decided);
    k[MDL_BKPI_UNITS_ON_TIME_SHARE] = ratio(units_on_time, units_due_den);
    k[MDL_BKPI_SERVICE_LEVEL] = ratio(units_on_time, units_due_by_end);
    k[MDL_BKPI_MEAN_TARDINESS_S] = ratio(tard_sum, decided);
    k[MDL_BKPI_MAX_TARDINESS_S] = tard_max;
    k[MDL_BKPI_MEAN_LATENESS_S] = lat_n > 0 ? lat_sum / lat_n : NAN;
    k[MDL_BKPI_MEAN_FLOW_TIME_S] = ratio(flow_sum, complete);
    k[MDL_BKPI_BACKLOG_UNITS] = now > 0.0 ? sim_timeavg_mean(&b->backlog, now) : NAN;
    k[MDL_BKPI_BACKLOG_END_UNITS] = (double)b->backlog_now;
    /* Backlog over time: the points passed by now (NaN beyond: the run
     * was stopped early). */
    if (out->backlog) {
        mdl_book tmp = *b;
        mdl__book_sample(&tmp, now, true);
        out->backlog_dt = b->sample_dt;
        for (int i = 0; i < MDL_BOOK_SAMPLES; i++) out->backlog[i] = i < tmp.next_sample ? tmp.samples[i] : NAN;
    }
}

/* ---- accessors and summaries ---------------------------------------------------------- */

double mdl_rep_order_kpi(const mdl_rep_result *r, int order, mdl_okpi k) {
    return r ? mdl__kpi_at(r->order, r->norders, order, MDL_OKPI_COUNT, (int)k) : NAN;
}

double mdl_rep_book_kpi(const mdl_rep_result *r, mdl_bkpi k) {
    return r ? mdl__kpi_at(r->book, 1, 0, MDL_BKPI_COUNT, (int)k) : NAN;
}

double mdl_rep_product_kpi(const mdl_rep_result *r, int product, mdl_pkpi k) {
    return r ? mdl__kpi_at(r->product, r->nproducts, product, MDL_PKPI_COUNT, (int)k) : NAN;
}


mdl_summary mdl__summarize_reps(const mdl_batch *b, mdl__rep_get_fn *get, int i, int k) {
    int n = mdl_batch_reps(b);
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (!v) return (mdl_summary){NAN, NAN, NAN, NAN};
    for (int r = 0; r < n; r++) v[r] = get(mdl_batch_rep(b, r), i, k);
    mdl_summary s = mdl_summarize(v, (size_t)n);
    free(v);
    return s;
}

static double get_order(const mdl_rep_result *r, int i, int k) { return mdl_rep_order_kpi(r, i, (mdl_okpi)k); }
static double get_book(const mdl_rep_result *r, int i, int k) {
    (void)i;
    return mdl_rep_book_kpi(r, (mdl_bkpi)k);
}
static double get_product(const mdl_rep_result *r, int i, int k) { return mdl_rep_product_kpi(r, i, (mdl_pkpi)k); }

mdl_summary mdl_batch_order_kpi(const mdl_batch *b, int order, mdl_okpi k) {
    return mdl__summarize_reps(b, get_order, order, (int)k);
}
mdl_summary mdl_batch_book_kpi(const mdl_batch *b, mdl_bkpi k) { return mdl__summarize_reps(b, get_book, 0, (int)k); }
static double get_backlog(const mdl_rep_result *r, int i, int k) {
    (void)k;
    return r->backlog && i >= 0 && i < r->nbacklog ? r->backlog[i] : NAN;
}

int mdl_batch_backlog_points(const mdl_batch *b) {
    return mdl_batch_reps(b) > 0 ? mdl_batch_rep(b, 0)->nbacklog : 0;
}

double mdl_batch_backlog_time(const mdl_batch *b, int i) {
    return mdl_batch_reps(b) > 0 ? i * mdl_batch_rep(b, 0)->backlog_dt : NAN;
}

mdl_summary mdl_batch_backlog(const mdl_batch *b, int i) { return mdl__summarize_reps(b, get_backlog, i, 0); }

mdl_summary mdl_batch_product_kpi(const mdl_batch *b, int product, mdl_pkpi k) {
    return mdl__summarize_reps(b, get_product, product, (int)k);
}
