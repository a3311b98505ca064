/*
 * output_flow.c - the results of assembly, batching and disassembly
 * stations (mdl_assembly.h): a station's "assembly", "batching" and
 * "disassembly" objects in `run --json`, and their tables in the text
 * report (docs/kpis.md, "Assembly, batching and disassembly"). Nothing
 * for a scene without such stations.
 */
#include <stdio.h>
#include <string.h>

#include "mdl_assembly.h"
#include "output.h"

static void flow_summaries(jw *w, const mdl_batch *b, int s, mdl_xkpi from, mdl_xkpi to) {
    for (int k = (int)from; k <= (int)to; k++)
        jw_summary(w, mdl_kpis_name(MDL_KPIS_FLOW, k), mdl_batch_flow_kpi(b, s, k));
}

static int assembled_at(const mdl_model *m, int s) { return mdl_model_assembled_at(m, s); }
static int taken_apart_at(const mdl_model *m, int s) { return mdl_model_taken_apart_at(m, s); }

void output_flow_station_members(jw *w, const mdl_batch *b, int s) {
    const mdl_model *m = mdl_batch_model(b);
    int p = assembled_at(m, s);
    if (p >= 0) {
        jw_object_begin(w, "assembly");
        jw_string(w, "product", mdl_model_product_id(m, p));
        flow_summaries(w, b, s, MDL_XKPI_KITS, MDL_XKPI_KITS);
        jw_array_begin(w, "components");
        for (int k = 0; k < mdl_model_bom_count(m, p); k++) {
            int c, q, line = mdl_model_bomline_index(m, p, k);
            mdl_model_bom_line(m, p, k, &c, &q);
            jw_object_begin(w, NULL);
            jw_string(w, "product", mdl_model_product_id(m, c));
            jw_int(w, "quantity", q);
            for (int i = 0; i < MDL_LKPI_COUNT; i++)
                jw_summary(w, mdl_kpis_name(MDL_KPIS_BOM_LINE, i), mdl_batch_bomline_kpi(b, line, i));
            jw_object_end(w);
        }
        jw_array_end(w);
        jw_object_end(w);
    }
    if (mdl_model_station(m, s)->batch > 1) {
        jw_object_begin(w, "batching");
        flow_summaries(w, b, s, MDL_XKPI_BATCHES, MDL_XKPI_BATCH_WAIT_S);
        jw_object_end(w);
    }
    p = taken_apart_at(m, s);
    if (p >= 0) {
        jw_object_begin(w, "disassembly");
        jw_string(w, "product", mdl_model_product_id(m, p));
        flow_summaries(w, b, s, MDL_XKPI_TAKEN_APART, MDL_XKPI_PART_WAIT_S);
        jw_object_end(w);
    }
}

static double mean(const mdl_batch *b, int s, mdl_xkpi k) { return mdl_batch_flow_kpi(b, s, (int)k).mean; }

/* The head line of a flow table (w: the id column), and the rows of a
 * flow station s (its product p). */
typedef void flow_head_fn(FILE *f, int w);
typedef void flow_rows_fn(FILE *f, const mdl_batch *b, int w, int s, int p);

/* A table of the stations where at() finds a product: the head line
 * (before the first row; none without such a station), then their rows. */
static void flow_table(FILE *f, const mdl_batch *b, int w, int (*at)(const mdl_model *m, int s), flow_head_fn *head,
                       flow_rows_fn *rows) {
    const mdl_model *m = mdl_batch_model(b);
    bool any = false;
    for (int s = 0; s < mdl_model_station_count(m); s++) {
        int p = at(m, s);
        if (p < 0) continue;
        if (!any) head(f, w);
        any = true;
        rows(f, b, w, s, p);
    }
}

static void assembly_rows(FILE *f, const mdl_batch *b, int w, int s, int p) {
    const mdl_model *m = mdl_batch_model(b);
    char kits[32];
    output_format_value(mean(b, s, MDL_XKPI_KITS), kits, sizeof kits);
    for (int k = 0; k < mdl_model_bom_count(m, p); k++) {
        int c, q, line = mdl_model_bomline_index(m, p, k);
        mdl_model_bom_line(m, p, k, &c, &q);
        char wt[32], st[16], lv[32], tk[32];
        output_duration(mdl_batch_bomline_kpi(b, line, MDL_LKPI_WAIT_S).mean, wt, sizeof wt);
        output_pct(mdl_batch_bomline_kpi(b, line, MDL_LKPI_STARVED_SHARE).mean, st, sizeof st);
        output_format_value(mdl_batch_bomline_kpi(b, line, MDL_LKPI_BUFFER_LEVEL).mean, lv, sizeof lv);
        output_format_value(mdl_batch_bomline_kpi(b, line, MDL_LKPI_TAKEN).mean, tk, sizeof tk);
        fprintf(f, "  %-*.*s %-14.14s %5d %9s %9s %8s %9s %8s\n", w, w, k ? "" : mdl_model_station(m, s)->id,
                mdl_model_product_id(m, c), q, k ? "" : kits, wt, st, lv, tk);
    }
}

static void assembly_head(FILE *f, int w) {
    fprintf(f, "\n%-*s %-14s %5s %9s %9s %8s %9s %8s\n", w + 2, "Assembly", "component", "qty", "kits", "wait",
            "starved", "buffer", "taken");
}

static bool batching(const mdl_model *m, int s) { return mdl_model_station(m, s)->batch > 1; }
static const char *station_id(const mdl_model *m, int s) { return mdl_model_station(m, s)->id; }

static void batching_text(FILE *f, const mdl_batch *b, int w) {
    const mdl_model *m = mdl_batch_model(b);
    int ns = mdl_model_station_count(m);
    bool any = false;
    for (int s = 0; s < ns; s++) any |= batching(m, s);
    if (!any) return;
    static const output_column cols[] = {
        OUTPUT_NUM("batches", 8, MDL_XKPI_BATCHES),          OUTPUT_NUM("mean size", 9, MDL_XKPI_BATCH_SIZE),
        OUTPUT_NUM("full", 8, MDL_XKPI_BATCHES_FULL),        OUTPUT_NUM("timeout", 8, MDL_XKPI_BATCHES_TIMEOUT),
        OUTPUT_DUR("wait", 9, MDL_XKPI_BATCH_WAIT_S),
    };
    output_table t = {"Batching", w, station_id, mdl_batch_flow_kpi, cols, sizeof cols / sizeof cols[0], batching};
    output_entity_table(f, &t, b, ns);
}

static void disassembly_rows(FILE *f, const mdl_batch *b, int w, int s, int p) {
    const mdl_model *m = mdl_batch_model(b);
    char n[32], pa[32], wt[32];
    output_format_value(mean(b, s, MDL_XKPI_TAKEN_APART), n, sizeof n);
    output_format_value(mean(b, s, MDL_XKPI_PARTS), pa, sizeof pa);
    output_duration(mean(b, s, MDL_XKPI_PART_WAIT_S), wt, sizeof wt);
    fprintf(f, "  %-*.*s %-14.14s %11s %9s %10s\n", w, w, mdl_model_station(m, s)->id, mdl_model_product_id(m, p), n,
            pa, wt);
}

static void disassembly_head(FILE *f, int w) {
    fprintf(f, "\n%-*s %-14s %11s %9s %10s\n", w + 2, "Disassembly", "product", "taken apart", "parts", "part wait");
}

void output_flow_text(FILE *f, const mdl_batch *b, int idw) {
    flow_table(f, b, idw, assembled_at, assembly_head, assembly_rows);
    batching_text(f, b, idw);
    flow_table(f, b, idw, taken_apart_at, disassembly_head, disassembly_rows);
}
