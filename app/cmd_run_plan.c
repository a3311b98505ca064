/*
 * cmd_run_plan.c - `linetwin run --plan plan.csv`: the plan read and
 * checked (plan/, pln_read.h), attached to the model (mdl_plan.h), and the
 * schedule adherence in the report, the JSON document and adherence.csv.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mdl_orders.h"
#include "mdl_plan.h"
#include "options.h"
#include "output.h"
#include "pln_read.h"
#include "scn_scene.h"
#include "sim_units.h"

/* The whole file; NULL after a message. */
static char *slurp(const char *cmd, const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "linetwin %s: --plan %s: %s\n", cmd, path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        char *t = cap < ((size_t)1 << 34) ? realloc(buf, cap * 2) : NULL;
        if (!t) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = t;
        cap *= 2;
    }
    bool bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        fprintf(stderr, "linetwin %s: --plan %s: %s\n", cmd, path, buf ? "cannot read" : "out of memory");
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

int app_plan_attach(const app_opts *o, mdl_model *m) {
    if (!o->plan_file) return 0;
    if (mdl_model_order_count(m) == 0) {
        fprintf(stderr, "linetwin %s: --plan %s: the scene releases no orders: nothing to execute\n", o->cmd,
                o->plan_file);
        return 2;
    }
    size_t len;
    char *text = slurp(o->cmd, o->plan_file, &len);
    if (!text) return 1;
    mdl_plan_op *ops;
    size_t n;
    pln_diags d;
    bool ok = pln_read_csv(m, o->plan_file, text, len, &ops, &n, &d);
    free(text);
    if (!ok) {
        fputs(d.text ? d.text : "", stderr);
        if (d.oom) fprintf(stderr, "linetwin %s: --plan %s: out of memory\n", o->cmd, o->plan_file);
        int rc = d.oom ? 1 : 2;
        pln_diags_fini(&d);
        return rc;
    }
    pln_diags_fini(&d);
    mdl_plan_policy pol = o->has_plan_policy ? o->plan_policy : MDL_PLAN_WAIT;
    double tol = o->has_plan_tolerance ? o->plan_tolerance : APP_PLAN_TOLERANCE_DEFAULT;
    ok = mdl_model_set_plan(m, ops, n, pol, tol);
    free(ops);
    if (!ok) {
        fprintf(stderr, "%s: %s\n", o->plan_file, mdl_model_error(m));
        return 2;
    }
    return 0;
}

/* ---- output ----------------------------------------------------------------------- */

static mdl_summary plan_order_kpi(const mdl_batch *b, int o, int k) {
    return mdl_batch_plan_order_kpi(b, o, (mdl_aokpi)k);
}

void output_plan_members(jw *w, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    if (mdl_model_plan_op_count(m) == 0) return;
    jw_object_begin(w, "plan");
    jw_string(w, "policy", mdl_plan_policy_name(mdl_model_plan_policy(m)));
    jw_number(w, "tolerance_s", mdl_model_plan_tolerance(m));
    for (int k = 0; k < MDL_AKPI_COUNT; k++)
        jw_summary(w, mdl_kpis_name(MDL_KPIS_PLAN, k), mdl_batch_plan_kpi(b, (mdl_akpi)k));
    output_table t = {NULL, 0, mdl_model_order_id, plan_order_kpi, NULL, 0, NULL};
    output_json_entities(w, "orders", &t, b, mdl_model_order_count(m), MDL_KPIS_PLAN_ORDER);
    jw_object_end(w);
}

static bool is_time(mdl_akpi k) {
    return k == MDL_AKPI_START_DEV_MEAN_S || k == MDL_AKPI_START_DEV_P95_S || k == MDL_AKPI_END_DEV_MEAN_S ||
           k == MDL_AKPI_END_DEV_P95_S || k == MDL_AKPI_ORDER_DEV_MEAN_S || k == MDL_AKPI_ORDER_DEV_MAX_S;
}

void output_plan_text(FILE *f, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    if (mdl_model_plan_op_count(m) == 0) return;
    char tol[40];
    scn_format_duration(mdl_model_plan_tolerance(m), tol, sizeof tol);
    fprintf(f, "\nSchedule adherence (plan executed with policy %s, tolerance %s; from time 0)\n",
            mdl_plan_policy_name(mdl_model_plan_policy(m)), tol);
    fprintf(f, "  %-34s %12s %12s %12s %12s\n", "", "mean", "ci95", "min", "max");
    for (int k = 0; k < MDL_AKPI_COUNT; k++) {
        mdl_summary s = mdl_batch_plan_kpi(b, (mdl_akpi)k);
        double sc = is_time((mdl_akpi)k) ? 1.0 / SIM_MINUTE : k == MDL_AKPI_WITHIN_TOLERANCE ? 100.0 : 1.0;
        char label[60];
        snprintf(label, sizeof label, "%s%s", mdl_kpis_label(MDL_KPIS_PLAN, k),
                 is_time((mdl_akpi)k) ? " (min)" : k == MDL_AKPI_WITHIN_TOLERANCE ? " (%)" : "");
        char v[4][32];
        output_format_value(s.mean * sc, v[0], sizeof v[0]);
        output_format_value(s.ci95 * sc, v[1], sizeof v[1]);
        output_format_value(s.min * sc, v[2], sizeof v[2]);
        output_format_value(s.max * sc, v[3], sizeof v[3]);
        fprintf(f, "  %-34s %12s %12s %12s %12s\n", label, v[0], v[1], v[2], v[3]);
    }
}

/* adherence.csv: one row per order and metric (orders.csv's layout). */
bool output_plan_csv(FILE *f, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    fputs("order,product,metric,mean,ci95,min,max\n", f);
    for (int i = 0; i < mdl_model_order_count(m); i++)
        for (int k = 0; k < MDL_AOKPI_COUNT; k++) {
            output_csv_text(f, mdl_model_order_id(m, i));
            fputc(',', f);
            output_csv_text(f, mdl_model_product_id(m, mdl_model_order_product(m, i)));
            fprintf(f, ",%s", mdl_kpis_name(MDL_KPIS_PLAN_ORDER, k));
            output_csv_summary(f, mdl_batch_plan_order_kpi(b, i, (mdl_aokpi)k)); /* ends the row */
        }
    return !ferror(f);
}
