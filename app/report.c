/*
 * report.c - the HTML page of `--report` (report.h): numbers for people,
 * the head and its style, the tables shared by every command's page, the
 * scene's summary, the provenance, and the sampled replication.
 */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "output.h"
#include "options.h"
#include "scn_scene.h"
#include "sim_units.h"

/* ---- numbers for people ----------------------------------------------------------------------- */

/* Commas between the thousands of the integer part of a plain number. */
static void group_thousands(const char *in, char *buf, size_t size) {
    const char *digits = in + (*in == '-');
    size_t n = strspn(digits, "0123456789"), o = 0;
    if (*in == '-' && o + 1 < size) buf[o++] = '-';
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        buf[o++] = digits[i];
        if ((n - 1 - i) % 3 == 0 && i + 1 < n) buf[o++] = ',';
    }
    snprintf(buf + o, size > o ? size - o : 0, "%s", digits + n);
}

void report_num(double v, char *buf, size_t size) {
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
        return;
    }
    char raw[400];
    output_format_value(v, raw, sizeof raw); /* the tables' digits */
    group_thousands(raw, buf, size);
}

void report_pct(double v, char *buf, size_t size) {
    if (!isfinite(v)) snprintf(buf, size, "-");
    else if (fabs(v) < 5e-4) snprintf(buf, size, "0%%");   /* no "-0.0%" */
    else snprintf(buf, size, "%.1f%%", 100 * v);
}

void report_duration(double s, char *buf, size_t size) {
    if (!isfinite(s)) snprintf(buf, size, "-");
    else if (fabs(s) < 0.005) snprintf(buf, size, "0s");
    else if (fabs(s) < 1) snprintf(buf, size, "%.2fs", s);
    else scn_format_duration(s, buf, size);
}

void report_money(const mdl_model *m, double v, char *buf, size_t size) {
    char n[64];
    report_num(v, n, sizeof n);
    const char *cur = mdl_model_costs(m)->currency;
    if (*cur && isfinite(v)) snprintf(buf, size, "%s %s", n, cur);
    else snprintf(buf, size, "%s", n);
}

static bool kpi_is_money(int k) {
    return k == MDL_KPI_COST_PER_UNIT || k == MDL_KPI_OPERATING_COST || k == MDL_KPI_ENERGY_COST ||
           k == MDL_KPI_LABOR_COST || k == MDL_KPI_MATERIAL_COST || k == MDL_KPI_MAINT_COST;
}

static bool kpi_is_share(int k) {
    return k == MDL_KPI_SCRAP_RATE || k == MDL_KPI_DEFECT_RATE || k == MDL_KPI_FIRST_PASS_YIELD ||
           k == MDL_KPI_OEE || k == MDL_KPI_ON_TIME_SHARE || k == MDL_KPI_PLANNED_DOWN || k == MDL_KPI_UNPLANNED_DOWN;
}

static bool kpi_is_duration(int k) {
    const char *name = mdl_kpis_name(MDL_KPIS_LINE, k);
    size_t n = strlen(name);
    return n > 2 && strcmp(name + n - 2, "_s") == 0;
}

chart_axis report_kpi_axis(int kpi) {
    if (kpi_is_share(kpi)) return CHART_PERCENT;
    if (kpi_is_duration(kpi)) return CHART_DURATION;
    return CHART_NUMBER;
}

void report_kpi_value(const mdl_model *m, int kpi, double v, char *buf, size_t size) {
    if (kpi_is_money(kpi)) report_money(m, v, buf, size);
    else if (kpi_is_share(kpi)) report_pct(v, buf, size);
    else if (kpi_is_duration(kpi)) report_duration(v, buf, size);
    else report_num(v, buf, size);
}

void report_kpi_label(int kpi, char *buf, size_t size) {
    snprintf(buf, size, "%s", mdl_kpis_label(MDL_KPIS_LINE, kpi));
    char *unit = strstr(buf, " [s]");   /* shown as a duration: the unit is in the value */
    if (kpi_is_duration(kpi) && unit) memmove(unit, unit + 4, strlen(unit + 4) + 1);
}

void report_html_text(FILE *f, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* ---- the page ------------------------------------------------------------------------------------- */

static const char style[] =
    "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;color:#222;margin:24px auto;max-width:1100px;"
    "padding:0 16px;line-height:1.4}\n"
    "h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ccc}\n"
    "table{border-collapse:collapse;margin:8px 0 16px}th,td{padding:3px 10px;border-bottom:1px solid #e4e4e4}\n"
    "th{text-align:left;background:#f2f2f2}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    ".met{color:#1a7f37;font-weight:bold}.notmet{color:#c62828;font-weight:bold}"
    ".uncertain{color:#b26a00;font-weight:bold}\n"
    "figure.chart{margin:12px 0 20px}figure.chart svg{max-width:100%;height:auto;display:block}\n"
    "figcaption{font-size:12px;color:#666}p.note{font-size:13px;color:#555}dl{display:grid;"
    "grid-template-columns:max-content auto;gap:2px 16px}dt{font-weight:bold}dd{margin:0}\n"
    "h3{font-size:16px;margin:20px 0 4px}table.diff tr.head td{font-weight:bold;background:#fafafa;padding-top:6px}"
    "table.diff td.d1{padding-left:22px}table.diff td.d2{padding-left:40px}td.note{font-size:13px;color:#555}\n";

int report_check(const char *cmd, const char *path) {
    if (!path) return 0;
    size_t n = strlen(path);
    if (n < 5 || (strcmp(path + n - 5, ".html") != 0 && (n < 4 || strcmp(path + n - 4, ".htm") != 0)))
        return app_usage_error(cmd, "--report %s: the report is an HTML page: name it FILE.html", path);
    if (!chart_available()) return app_usage_error(cmd, "--report: %s", chart_unavailable_reason());
    return 0;
}

bool report_begin(report *r, const char *cmd, const char *path, const char *title) {
    memset(r, 0, sizeof *r);
    r->cmd = cmd;
    if (!atomic_file_begin(&r->af, cmd, path)) return false;
    r->f = r->af.f;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", r->f);
    report_html_text(r->f, title);
    fprintf(r->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
    report_html_text(r->f, title);
    fputs("</h1>\n", r->f);
    return true;
}

bool report_end(report *r) {
    if (r->chart_failed)
        fputs("<p class=\"note\">Some charts could not be drawn (no finite values, or memory ran out).</p>\n", r->f);
    fprintf(r->f, "<p class=\"note\">Written by linetwin %s.</p>\n</body>\n</html>\n", LINETWIN_VERSION);
    return atomic_file_commit(&r->af);
}

void report_section(report *r, const char *title) {
    fputs("<h2>", r->f);
    report_html_text(r->f, title);
    fputs("</h2>\n", r->f);
}

void report_chart_done(report *r, bool drawn) {
    r->charts++;
    if (!drawn) r->chart_failed = true;
}

void report_scene_summary(report *r, const mdl_model *m, const char *scene) {
    char *text = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&text, &len);
    if (!mf) return;
    run_scene_summary(mf, m);
    if (fclose(mf) != 0) {
        free(text);
        return;
    }
    report_section(r, "The scene");
    fputs("<p><b>", r->f);
    report_html_text(r->f, mdl_model_name(m));
    fputs("</b> (", r->f);
    report_html_text(r->f, scene);
    fputs(")</p>\n<p>", r->f);
    report_html_text(r->f, text);
    fputs("</p>\n", r->f);
    free(text);
}

/* The modification date of a file, "YYYY-MM-DD HH:MM UTC", or "unknown". */
static void file_date(const char *path, char *buf, size_t size) {
    struct stat st;
    struct tm tm;
    if (stat(path, &st) != 0 || !gmtime_r(&st.st_mtime, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm))
        snprintf(buf, size, "unknown");
}

void report_provenance(report *r, const char *const *scenes, int nscenes, const mdl_run_settings *rs, int reps,
                       const char *warmup_note) {
    FILE *f = r->f;
    report_section(r, "How these numbers were obtained");
    fputs("<dl>\n", f);
    for (int i = 0; i < nscenes; i++) {
        char d[64];
        file_date(scenes[i], d, sizeof d);
        fputs("<dt>Scene file</dt><dd>", f);
        report_html_text(f, scenes[i]);
        fprintf(f, " (modified %s)</dd>\n", d);
    }
    char h[64], w[64], win[64];
    report_duration(rs->horizon, h, sizeof h);
    report_duration(rs->warmup, w, sizeof w);
    report_duration(rs->horizon - rs->warmup, win, sizeof win);
    fprintf(f, "<dt>Master seed</dt><dd>%llu (replication r is seeded from the seed and r alone)</dd>\n",
            (unsigned long long)rs->seed);
    fprintf(f, "<dt>Replications</dt><dd>%d</dd>\n", reps);
    fprintf(f, "<dt>Run length</dt><dd>%s per replication</dd>\n", h);
    fprintf(f, "<dt>Warm-up</dt><dd>%s", w);
    if (warmup_note) {
        fputs(" (", f);
        report_html_text(f, warmup_note);
        fputs(")", f);
    }
    fprintf(f, "; statistics over the remaining %s</dd>\n", win);
    fputs("<dt>Intervals</dt><dd>95 % Student-t confidence intervals over the replications; differences are "
          "paired (common random numbers)</dd>\n", f);
    fprintf(f, "<dt>Software</dt><dd>linetwin %s</dd>\n</dl>\n", LINETWIN_VERSION);
}

void report_kpi_table(report *r, const mdl_batch *b) {
    FILE *f = r->f;
    const mdl_model *m = mdl_batch_model(b);
    fputs("<table class=\"kpis\">\n<tr><th>KPI</th><th>mean</th><th>&plusmn; 95 %</th><th>min</th><th>max</th></tr>\n",
          f);
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        mdl_summary s = mdl_batch_kpi(b, (mdl_kpi)k);
        char a[64], c[64], lo[64], hi[64];
        report_kpi_value(m, k, s.mean, a, sizeof a);
        report_kpi_value(m, k, s.ci95, c, sizeof c);
        report_kpi_value(m, k, s.min, lo, sizeof lo);
        report_kpi_value(m, k, s.max, hi, sizeof hi);
        char label[128];
        report_kpi_label(k, label, sizeof label);
        fputs("<tr><td>", f);
        report_html_text(f, label);
        fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                   "</tr>\n", a, c, lo, hi);
    }
    fputs("</table>\n", f);
}

void report_state_chart(report *r, const mdl_batch *const *b, const char *const *names, int nb) {
    int rows = 0;
    for (int i = 0; i < nb; i++) rows += mdl_model_station_count(mdl_batch_model(b[i]));
    double *shares = calloc((size_t)rows * OUTPUT_NLEDGER + 1, sizeof *shares);
    char **labels = calloc((size_t)rows + 1, sizeof *labels);
    const char *parts[OUTPUT_NLEDGER];
    for (int j = 0; j < OUTPUT_NLEDGER; j++) parts[j] = mdl_state_name(output_ledger_states[j]);
    bool ok = shares && labels;
    int row = 0;
    for (int i = 0; ok && i < nb; i++) {
        const mdl_model *m = mdl_batch_model(b[i]);
        for (int s = 0; ok && s < mdl_model_station_count(m); s++, row++) {
            size_t n = strlen(mdl_model_station(m, s)->id) + (nb > 1 ? strlen(names[i]) + 4 : 1);
            labels[row] = malloc(n);
            if (!labels[row]) ok = false;
            else if (nb > 1) snprintf(labels[row], n, "%s: %s", names[i], mdl_model_station(m, s)->id);
            else snprintf(labels[row], n, "%s", mdl_model_station(m, s)->id);
            for (int j = 0; j < OUTPUT_NLEDGER; j++)
                shares[(size_t)row * OUTPUT_NLEDGER + (size_t)j] = mdl_batch_station_kpi(b[i], s, output_ledger_skpi[j]).mean;
        }
    }
    if (ok)
        report_chart_done(r, chart_stacked(r->f, r->charts, "Station states: share of time in each state", rows,
                                           (const char *const *)labels, OUTPUT_NLEDGER, parts, shares));
    for (int i = 0; labels && i < rows; i++) free(labels[i]);
    free(labels);
    free(shares);
}

/* ---- the sampled replication ------------------------------------------------------------------- */

#define SAMPLE_POINTS 120

typedef struct sampler {
    double *shipped;
    double dt;
    int n;
} sampler;

static void on_record(void *ctx, const mdl_record *rec) {
    sampler *s = ctx;
    if (rec->kind != MDL_LOG_EXIT) return;
    int i = (int)(rec->time / s->dt);
    if (i >= s->n) i = s->n - 1;
    if (i >= 0) s->shipped[i] += 1;
}

bool report_sample(const mdl_model *m, const mdl_run_settings *rs, report_series *out) {
    memset(out, 0, sizeof *out);
    int n = SAMPLE_POINTS;
    if (rs->horizon / SIM_HOUR < n) n = rs->horizon / SIM_HOUR >= 2 ? (int)(rs->horizon / SIM_HOUR) : 2;
    sampler sp = {calloc((size_t)n, sizeof(double)), rs->horizon / n, n};
    out->t_h = calloc((size_t)n, sizeof(double));
    out->out_per_h = calloc((size_t)n, sizeof(double));
    out->wip = calloc((size_t)n, sizeof(double));
    mdl_run *run = sp.shipped && out->t_h && out->out_per_h && out->wip
                       ? mdl_run_new_recorded(m, rs, 0, on_record, &sp) : NULL;
    bool ok = run && !mdl_run_error(run);
    for (int i = 0; ok && i < n; i++) {
        mdl_run_until(run, (i + 1) * sp.dt);
        ok = !mdl_run_error(run);
        out->t_h[i] = (i + 1) * sp.dt / SIM_HOUR;
        out->wip[i] = (double)mdl_run_wip_now(run);
    }
    for (int i = 0; ok && i < n; i++) out->out_per_h[i] = sp.shipped[i] * SIM_HOUR / sp.dt;
    mdl_run_free(run);
    free(sp.shipped);
    if (!ok) {
        report_series_fini(out);
        return false;
    }
    out->n = n;
    return true;
}

void report_series_fini(report_series *s) {
    free(s->t_h);
    free(s->out_per_h);
    free(s->wip);
    memset(s, 0, sizeof *s);
}

void report_series_charts(report *r, const report_series *s, const char *const *names, int ns) {
    if (ns <= 0 || s[0].n <= 0) return;
    int n = s[0].n;
    double *y = calloc((size_t)n * (size_t)ns * 2, sizeof *y);
    if (!y) return;
    for (int k = 0; k < ns; k++)
        for (int i = 0; i < n; i++) {
            y[(size_t)k * (size_t)n + (size_t)i] = i < s[k].n ? s[k].out_per_h[i] : NAN;
            y[(size_t)(ns + k) * (size_t)n + (size_t)i] = i < s[k].n ? s[k].wip[i] : NAN;
        }
    report_section(r, "Throughput and WIP over time (replication 1, warm-up included)");
    report_chart_done(r, chart_lines(r->f, r->charts, "Units shipped per hour", "time (h)", CHART_NUMBER, n,
                                     s[0].t_h, NULL, ns, names, y, NULL, NULL));
    report_chart_done(r, chart_lines(r->f, r->charts, "Work in process (units in the line)", "time (h)",
                                     CHART_NUMBER, n, s[0].t_h, NULL, ns, names, y + (size_t)ns * (size_t)n, NULL,
                                     NULL));
    free(y);
}
