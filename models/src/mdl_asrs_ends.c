/*
 * mdl_asrs_ends.c - finished goods in an AS/RS (a product's `to`,
 * docs/material-handling.md "Route ends: the AS/RS"); the model side is
 * mdl_asrs_ends_model.c, units released at an AS/RS (`from`) go through
 * tr_asrs_receive (mdl_asrs.c).
 *
 * A finished unit's store ends its life in the line: when the crane has
 * deposited it, it is finished (throughput, lead time, the `exit` record,
 * the WIP) and its cell holds only a finished good, bound for shipping
 * (the AS/RS's destination tr->nst). Its retrieval is timed then: at its
 * order's due time (at once when that has passed), else `dwell` after the
 * store, drawn from a stream per product named after the product; at that
 * time the request joins its crane's retrievals like any other, and the
 * unit leaves at the output point when the crane drops it there.
 */
#include <stdint.h>
#include <stdlib.h>

#include "mdl_asrs.h"
#include "mdl_asrs_internal.h"
#include "mdl_orders.h"

bool tr_asrs_ends_init(tr_asrs *a) {
    const mdl_model *m = a->tr->m;
    sim_timeavg_init(&a->fg_avg, 0.0, 0.0);
    if (!mdl_model_asrs_stores_goods(m, a->index)) return true;
    int np = mdl_model_product_count(m);
    a->dwell_rng = calloc((size_t)np + 1, sizeof *a->dwell_rng);
    if (!a->dwell_rng) return false;
    for (int p = 0; p < np; p++)
        sim_rng_seed(&a->dwell_rng[p], a->tr->master,
                     sim_rng_stream_id(mdl_model_product_id(m, p), (uint64_t)7 << 40 | (uint64_t)a->index));
    return true;
}

void tr_asrs_ends_free(tr_asrs *a) {
    free(a->ext);
    free(a->dwell_rng);
}

static void on_ship(sim_world *w, void *subject, void *object) {
    (void)w;
    tr_asrs *a = subject;
    int code = (int)(intptr_t)object;
    tr_asrs_retrieve_cell(a, &a->aisle[code / a->ncells], code % a->ncells, a->tr->nst);
}

/* When the finished unit just stored is retrieved for shipping. */
static double ship_time(tr_asrs *a, uint32_t unit, double now) {
    tr_run *tr = a->tr;
    int order = mdl__run_unit_order(tr->r, unit);
    if (order >= 0) return mdl_model_order_due(tr->m, order);
    int p = mdl__run_unit_product(tr->r, unit);
    double d = sim_dist_sample(&tr->model->dwell[p], &a->dwell_rng[p]);
    d = mdl__run_checked(tr->r, d, "product", mdl_model_product_id(tr->m, p), "dwell");
    return now + (d > 0.0 ? d : 0.0);
}

void tr_asrs_fg_stored(tr_asrs *a, tr_aisle *ai, int c) {
    double now = tr_now(a->tr), t = ship_time(a, ai->cell[c].unit, now);
    a->fg_now++;
    if (a->fg_now > a->fg_max) a->fg_max = a->fg_now;
    sim_timeavg_set(&a->fg_avg, now, (double)a->fg_now);
    sim_event_after(a->tr->w, t > now ? t - now : 0.0, 0, on_ship, a, (void *)(intptr_t)(ai->index * a->ncells + c));
    mdl__run_finish(a->tr->r, ai->cell[c].unit); /* (the unit is gone from the line; its cell keeps the good) */
}

void tr_asrs_fg_picked(tr_asrs *a) {
    a->fg_now--;
    sim_timeavg_set(&a->fg_avg, tr_now(a->tr), (double)a->fg_now);
}

void tr_asrs_ends_warmup(tr_asrs *a, double now) {
    sim_timeavg_reset(&a->fg_avg, now);
    a->fg_max = a->fg_now;
    a->shipped = 0;
}

void tr_asrs_ends_result(const tr_asrs *a, double now, double *o) {
    o[MDL_WKPI_STOCK_FG] = sim_timeavg_mean(&a->fg_avg, now);
    o[MDL_WKPI_STOCK_FG_MAX] = (double)a->fg_max;
    o[MDL_WKPI_SHIPPED] = (double)a->shipped;
}
