/*
 * mdl_orders_internal.h - what a run keeps for the results by order, order
 * book and product (mdl_orders.h), and the hooks the run (mdl_run.c, mdl_run_lean.c) calls.
 *
 * Each hook is a counter update: no allocation after mdl__book_init. The
 * order counters run from time 0 (an order is one story); the product
 * counters are reset at the warm-up like the line's.
 */
#ifndef MDL_ORDERS_INTERNAL_H
#define MDL_ORDERS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_internal.h"
#include "mdl_orders.h"
#include "sim_stats.h"

/* Points of the backlog-over-time series: 0, 1 %, ..., 100 % of the horizon. */
#define MDL_BOOK_SAMPLES 101

typedef struct mdl_order_track {
    uint32_t good, on_time, scrapped, defective; /* quantities are <= 1e8 */
    bool released;
    double last_out; /* when its last unit so far left the line */
} mdl_order_track;

typedef struct mdl_product_track {
    uint64_t released, good, scrapped, defective;
    double lead_sum; /* of its good units out in the window */
} mdl_product_track;

typedef struct mdl_book {
    mdl_order_track *order;
    int norders;
    mdl_product_track *product;
    int nproducts;
    long backlog_now; /* units of released orders not yet out */
    sim_timeavg backlog;
    /* Backlog over time: backlog_now at t = k x sample_dt, k = 0 ..
     * MDL_BOOK_SAMPLES - 1, filled lazily (the level is piecewise
     * constant): before each change, every sample point passed so far. */
    double sample_dt;
    int next_sample;
    double samples[MDL_BOOK_SAMPLES];
} mdl_book;

/* How a unit left the line. */
typedef enum mdl_book_exit { MDL_BOOK_GOOD = 0, MDL_BOOK_DEFECTIVE, MDL_BOOK_SCRAPPED } mdl_book_exit;

/* Sizes the tracker for model m and a run to `horizon` (zeroed); false
 * when out of memory. */
bool mdl__book_init(mdl_book *b, const mdl_model *m, double horizon);
void mdl__book_fini(mdl_book *b);
/* Order oi is released now: its quantity joins the backlog. */
void mdl__book_order_released(mdl_book *b, const mdl_model *m, int oi, double now);
/* The warm-up: product counters restart. */
void mdl__book_warmup(mdl_book *b);
/* Fills the order, book and product arrays of out (sized by
 * mdl__book_rep_init) at time now; window_s is the line's window. */
void mdl__book_result(const mdl_book *b, const mdl_model *m, double now, double window_s, mdl_rep_result *out);
/* Sizes and frees the result arrays of a mdl_rep_result. */
bool mdl__book_rep_init(mdl_rep_result *res, const mdl_model *m);
void mdl__book_rep_fini(mdl_rep_result *res);

/* The summary over a batch's replications of get(rep, i, k) (NaN skipped). */
typedef double mdl__rep_get_fn(const mdl_rep_result *r, int i, int k);
mdl_summary mdl__summarize_reps(const mdl_batch *b, mdl__rep_get_fn *get, int i, int k);

/* Fills the backlog samples at points before now (or at now too). */
static inline void mdl__book_sample(mdl_book *b, double now, bool inclusive) {
    while (b->next_sample < MDL_BOOK_SAMPLES) {
        double t = b->next_sample * b->sample_dt;
        if (t > now || (!inclusive && t == now)) break;
        b->samples[b->next_sample++] = (double)b->backlog_now;
    }
}

/* n units of product p were released into the line. */
static inline void mdl__book_released(mdl_book *b, int p, uint64_t n) { b->product[p].released += n; }

/* A unit of product p (order oi, -1 for none; lead its release -> exit
 * time) left the line now. due is its order's due date (< 0: none). */
static inline void mdl__book_out(mdl_book *b, int oi, int p, mdl_book_exit how, double now, double lead,
                                 double due) {
    mdl_product_track *pt = &b->product[p];
    if (how == MDL_BOOK_GOOD) {
        pt->good++;
        pt->lead_sum += lead;
    } else if (how == MDL_BOOK_DEFECTIVE) {
        pt->defective++;
    } else {
        pt->scrapped++;
    }
    if (oi < 0) return;
    mdl_order_track *o = &b->order[oi];
    if (how == MDL_BOOK_GOOD) {
        o->good++;
        if (due >= 0.0 && now <= due) o->on_time++;
    } else if (how == MDL_BOOK_DEFECTIVE) {
        o->defective++;
    } else {
        o->scrapped++;
    }
    o->last_out = now;
    mdl__book_sample(b, now, false);
    b->backlog_now--;
    sim_timeavg_set(&b->backlog, now, (double)b->backlog_now);
}

#endif
