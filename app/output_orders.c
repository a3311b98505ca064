/*
 * output_orders.c - results by order, order book and product in the JSON
 * document, the readable report and orders.csv / products.csv
 * (mdl_orders.h has the definitions, docs/kpis.md explains them).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_orders.h"
#include "mdl_routing.h"
#include "output.h"
#include "scn_scene.h"
#include "sim_units.h"

static mdl_summary product_kpi(const mdl_batch *b, int p, int k) { return mdl_batch_product_kpi(b, p, (mdl_pkpi)k); }

/* ---- JSON -------------------------------------------------------------------- */

void output_orders_members(jw *w, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    output_table t = {NULL, 0, mdl_model_product_id, product_kpi, NULL, 0, NULL};
    output_json_entities(w, "products", &t, b, mdl_model_product_count(m), MDL_KPIS_PRODUCT);
    int no = mdl_model_order_count(m);
    if (no == 0) return; /* scenes without orders keep their document */
    jw_object_begin(w, "order_book");
    for (int k = 0; k < MDL_BKPI_COUNT; k++)
        jw_summary(w, mdl_kpis_name(MDL_KPIS_BOOK, k), mdl_batch_book_kpi(b, (mdl_bkpi)k));
    jw_object_end(w);
    jw_array_begin(w, "orders");
    char opt[512];
    for (int o = 0; o < no; o++) {
        jw_object_begin(w, NULL);
        jw_string(w, "id", mdl_model_order_id(m, o));
        int p = mdl_model_order_product(m, o);
        jw_string(w, "product", mdl_model_product_id(m, p));
        if (mdl_model_is_family(m, p)) /* the variant, as the order names it */
            jw_string(w, "options", mdl_model_variant_name(m, p, mdl_model_order_variant(m, o), opt, sizeof opt));
        jw_int(w, "quantity", mdl_model_order_quantity(m, o));
        jw_number(w, "release_s", mdl_model_order_release(m, o));
        double due = mdl_model_order_due(m, o);
        jw_number(w, "due_s", due >= 0.0 ? due : NAN);
        for (int k = 0; k < MDL_OKPI_COUNT; k++)
            jw_summary(w, mdl_kpis_name(MDL_KPIS_ORDER, k), mdl_batch_order_kpi(b, o, (mdl_okpi)k));
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_array_begin(w, "backlog_over_time");
    for (int i = 0; i < mdl_batch_backlog_points(b); i++) {
        mdl_summary s = mdl_batch_backlog(b, i);
        jw_object_begin(w, NULL);
        jw_number(w, "t_s", mdl_batch_backlog_time(b, i));
        jw_number(w, "mean", s.mean);
        jw_number(w, "ci95", s.ci95);
        jw_number(w, "min", s.min);
        jw_number(w, "max", s.max);
        jw_object_end(w);
    }
    jw_array_end(w);
}


typedef struct order_rank {
    int order;
    double tardiness;
} order_rank;

static int by_tardiness(const void *a, const void *b) {
    const order_rank *x = a, *y = b;
    double tx = isnan(x->tardiness) ? -1 : x->tardiness, ty = isnan(y->tardiness) ? -1 : y->tardiness;
    if (tx != ty) return tx > ty ? -1 : 1;
    return x->order - y->order;
}

/* The most orders the report lists; orders.csv has them all. */
#define ORDERS_SHOWN 20

void output_orders_text(FILE *f, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    int np = mdl_model_product_count(m);
    if (np > 1) {
        static const output_column cols[] = {
            OUTPUT_NUM("units/h", 9, MDL_PKPI_THROUGHPUT_PER_H), OUTPUT_NUM("out", 9, MDL_PKPI_UNITS_OUT),
            OUTPUT_DUR_SIGNED("lead time", 12, MDL_PKPI_LEAD_TIME_S), OUTPUT_PCT("yield", 7, MDL_PKPI_YIELD),
            OUTPUT_NUM("released", 9, MDL_PKPI_UNITS_RELEASED), OUTPUT_NUM("scrapped", 9, MDL_PKPI_UNITS_SCRAPPED),
        };
        output_table t = {"Product", 14, mdl_model_product_id, product_kpi, cols, sizeof cols / sizeof cols[0], NULL};
        output_entity_table(f, &t, b, np);
    }
    int no = mdl_model_order_count(m);
    if (no == 0) return;
    mdl_summary bs[MDL_BKPI_COUNT];
    for (int k = 0; k < MDL_BKPI_COUNT; k++) bs[k] = mdl_batch_book_kpi(b, (mdl_bkpi)k);
    fputc('\n', f);
    output_kpi_table(f, "Order book (whole run)", MDL_KPIS_BOOK, bs);
    order_rank *rank = malloc((size_t)no * sizeof *rank);
    if (!rank) return;
    for (int o = 0; o < no; o++)
        rank[o] = (order_rank){o, mdl_batch_order_kpi(b, o, MDL_OKPI_TARDINESS_S).mean};
    qsort(rank, (size_t)no, sizeof *rank, by_tardiness);
    int shown = no < ORDERS_SHOWN ? no : ORDERS_SHOWN;
    fprintf(f, "\n%-14s %-12s %6s %12s %12s %12s %7s %7s %7s %7s\n",
            no > shown ? "Orders (most tardy first)" : "Orders", "product", "qty", "due", "completion", "tardiness",
            "on time", "good", "scrap", "open");
    for (int i = 0; i < shown; i++) {
        int o = rank[i].order;
        char due[40], comp[40], tard[40], good[32], scr[32], open[32], ot[16];
        double d = mdl_model_order_due(m, o);
        output_duration_signed(d >= 0 ? d : NAN, due, sizeof due);
        output_duration_signed(mdl_batch_order_kpi(b, o, MDL_OKPI_COMPLETION_S).mean, comp, sizeof comp);
        output_duration_signed(rank[i].tardiness, tard, sizeof tard);
        output_format_value(mdl_batch_order_kpi(b, o, MDL_OKPI_UNITS_GOOD).mean, good, sizeof good);
        output_format_value(mdl_batch_order_kpi(b, o, MDL_OKPI_UNITS_SCRAPPED).mean, scr, sizeof scr);
        output_format_value(mdl_batch_order_kpi(b, o, MDL_OKPI_UNITS_OPEN).mean, open, sizeof open);
        double on = mdl_batch_order_kpi(b, o, MDL_OKPI_ON_TIME).mean;
        if (isnan(on)) snprintf(ot, sizeof ot, "-");
        else snprintf(ot, sizeof ot, "%.0f%%", 100 * on);
        fprintf(f, "  %-12.12s %-12.12s %6ld %12s %12s %12s %7s %7s %7s %7s\n", mdl_model_order_id(m, o),
                mdl_model_product_id(m, mdl_model_order_product(m, o)), mdl_model_order_quantity(m, o), due, comp,
                tard, ot, good, scr, open);
    }
    if (no > shown) fprintf(f, "  ... %d more orders (all of them in orders.csv with --out)\n", no - shown);
    free(rank);
}

/* ---- CSV --------------------------------------------------------------------- */

bool output_orders_csv(FILE *f, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    fputs("order,product,quantity,release_s,due_s,options,metric,mean,ci95,min,max\n", f);
    char opt[512];
    for (int o = 0; o < mdl_model_order_count(m); o++) {
        int p = mdl_model_order_product(m, o);
        mdl_model_variant_name(m, p, mdl_model_order_variant(m, o), opt, sizeof opt); /* "" without options */
        for (int k = 0; k < MDL_OKPI_COUNT; k++) {
            output_csv_text(f, mdl_model_order_id(m, o));
            fputc(',', f);
            output_csv_text(f, mdl_model_product_id(m, mdl_model_order_product(m, o)));
            fprintf(f, ",%ld,", mdl_model_order_quantity(m, o));
            output_csv_number(f, mdl_model_order_release(m, o));
            fputc(',', f);
            double due = mdl_model_order_due(m, o);
            if (due >= 0.0) output_csv_number(f, due);
            fputc(',', f);
            output_csv_text(f, opt);
            fputc(',', f);
            output_csv_text(f, mdl_kpis_name(MDL_KPIS_ORDER, k));
            output_csv_summary(f, mdl_batch_order_kpi(b, o, (mdl_okpi)k));
        }
    }
    return !ferror(f);
}

bool output_products_csv(FILE *f, const mdl_batch *b) {
    return output_entity_csv(f, b, "product", mdl_model_product_count(mdl_batch_model(b)), MDL_KPIS_PRODUCT,
                             mdl_model_product_id, product_kpi);
}

void output_book_csv_rows(FILE *f, const mdl_batch *b) {
    if (mdl_model_order_count(mdl_batch_model(b)) == 0) return;
    for (int k = 0; k < MDL_BKPI_COUNT; k++) {
        output_csv_text(f, mdl_kpis_name(MDL_KPIS_BOOK, k));
        fputc(',', f);
        output_csv_text(f, mdl_kpis_label(MDL_KPIS_BOOK, k));
        output_csv_summary(f, mdl_batch_book_kpi(b, (mdl_bkpi)k));
    }
}
