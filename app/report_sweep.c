/*
 * report_sweep.c - the pages of `sweep --report` and `optimize --report`
 * (report.h, docs/report.md): the scenarios' intervals, the best per KPI
 * or the selection, the response to each factor and a heat map over the
 * first two, and the sampled replication of scenario 1.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "sweep.h"

/* Interval charts list at most this many scenarios (the tables have all). */
#define MAX_ROWS 60

static const mdl_model *model0(const experiment *e) { return e->x.s[0].m; }

static void kpi_cell(FILE *f, const experiment *e, int s, int k) {
    mdl_summary m = xp_summary(&e->x, s, e->used[s], k);
    char a[64], c[64];
    report_kpi_value(model0(e), k, m.mean, a, sizeof a);
    report_kpi_value(model0(e), k, m.ci95, c, sizeof c);
    fprintf(f, "<td class=\"n\">%s &plusmn; %s</td>", a, c);
}

/* The table of every scenario: its overrides, replications and the shown KPIs. */
static void scenario_table(report *r, const experiment *e) {
    FILE *f = r->f;
    fputs("<table class=\"scenarios\">\n<tr><th>#</th><th>scenario</th><th>replications</th>", f);
    for (int i = 0; i < e->nshow; i++) {
        char label[128];
        report_kpi_label(e->show[i], label, sizeof label);
        fputs("<th>", f);
        report_html_text(f, label);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (int s = 0; s < e->x.n; s++) {
        fprintf(f, "<tr><td class=\"n\">%d</td><td>", s + 1);
        report_html_text(f, e->x.s[s].label);
        fprintf(f, "</td><td class=\"n\">%d</td>", e->used[s]);
        for (int i = 0; i < e->nshow; i++) kpi_cell(f, e, s, e->show[i]);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void best_table(report *r, const experiment *e) {
    FILE *f = r->f;
    report_section(r, "Best scenario per KPI");
    fputs("<table class=\"best\">\n<tr><th>KPI</th><th>best</th><th>mean</th><th>runner-up</th>"
          "<th>difference (paired, 95 %)</th></tr>\n", f);
    for (int i = 0; i < e->nshow; i++) {
        int k = e->show[i];
        sweep_best b = sweep_best_of(e, k);
        if (b.s < 0) continue;
        char m[64], d[64], c[64];
        report_kpi_value(model0(e), k, xp_summary(&e->x, b.s, e->used[b.s], k).mean, m, sizeof m);
        report_kpi_value(model0(e), k, b.diff.mean, d, sizeof d);
        report_kpi_value(model0(e), k, b.diff.ci95, c, sizeof c);
        char label[128];
        report_kpi_label(k, label, sizeof label);
        fputs("<tr><td>", f);
        report_html_text(f, label);
        fprintf(f, "</td><td>#%d ", b.s + 1);
        report_html_text(f, e->x.s[b.s].label);
        fprintf(f, "</td><td class=\"n\">%s</td><td>", m);
        if (b.runner >= 0) {
            fprintf(f, "#%d ", b.runner + 1);
            report_html_text(f, e->x.s[b.runner].label);
            fprintf(f, "</td><td class=\"n\">%s &plusmn; %s</td></tr>\n", d, c);
        } else {
            fputs("-</td><td>-</td></tr>\n", f);
        }
    }
    fputs("</table>\n", f);
}

/* One interval chart per shown KPI over the scenarios (at most MAX_ROWS). */
static void interval_charts(report *r, const experiment *e) {
    int n = e->x.n < MAX_ROWS ? e->x.n : MAX_ROWS;
    char **labels = calloc((size_t)n, sizeof *labels);
    double *mean = calloc((size_t)n, sizeof *mean), *ci = calloc((size_t)n, sizeof *ci);
    bool ok = labels && mean && ci;
    for (int s = 0; ok && s < n; s++) {
        size_t len = strlen(e->x.s[s].label) + 16;
        labels[s] = malloc(len);
        if (!labels[s]) {
            ok = false;
            continue;
        }
        /* "#3 2, 16": the factors' values only (their paths are in the caption) */
        int w = snprintf(labels[s], len, "#%d ", s + 1);
        for (int f = 0; f < e->d.nfactors && !e->from_file && w > 0 && (size_t)w < len; f++)
            w += snprintf(labels[s] + w, len - (size_t)w, "%s%s", f ? ", " : "", exp_design_value(&e->d, s, f));
        if (e->from_file || e->d.nfactors == 0) snprintf(labels[s], len, "#%d %s", s + 1, e->x.s[s].label);
    }
    for (int i = 0; ok && i < e->nshow; i++) {
        int k = e->show[i];
        for (int s = 0; s < n; s++) {
            mdl_summary m = xp_summary(&e->x, s, e->used[s], k);
            mean[s] = m.mean;
            ci[s] = m.ci95;
        }
        char title[200];
        int w = snprintf(title, sizeof title, "%s by scenario (mean and 95 %% interval)%s",
                         mdl_kpis_label(MDL_KPIS_LINE, k), n < e->x.n ? ", the first 60" : "");
        for (int f = 0; f < e->d.nfactors && !e->from_file && w > 0 && (size_t)w < sizeof title; f++)
            w += snprintf(title + w, sizeof title - (size_t)w, "%s%s", f ? ", " : "; rows: ", e->d.factors[f].path);
        report_chart_done(r, chart_intervals(r->f, r->charts, title, report_kpi_axis(k), n,
                                             (const char *const *)labels, mean, ci, NULL, false, 0));
    }
    for (int s = 0; labels && s < n; s++) free(labels[s]);
    free(labels);
    free(mean);
    free(ci);
}

/* The mean of KPI k over the scenarios with factor f at level lf and (when
 * g >= 0) factor g at level lg: the response averaged over the other factors. */
static double level_mean(const experiment *e, int k, int f, int lf, int g, int lg) {
    double sum = 0;
    int n = 0;
    for (int s = 0; s < e->x.n; s++) {
        if (exp_design_level(&e->d, s, f) != lf || (g >= 0 && exp_design_level(&e->d, s, g) != lg)) continue;
        double v = xp_summary(&e->x, s, e->used[s], k).mean;
        if (isfinite(v)) sum += v, n++;
    }
    return n ? sum / n : NAN;
}

/* The response of KPI k to each factor, and a heat map over the first two. */
static void response_charts(report *r, const experiment *e, int k) {
    const exp_design *d = &e->d;
    for (int f = 0; f < d->nfactors; f++) {
        int nl = d->factors[f].nlevels;
        double *y = calloc((size_t)nl, sizeof *y);
        if (!y) return;
        for (int l = 0; l < nl; l++) y[l] = level_mean(e, k, f, l, -1, 0);
        char title[300];
        snprintf(title, sizeof title, "%s against %s%s", mdl_kpis_label(MDL_KPIS_LINE, k), d->factors[f].path,
                 d->nfactors > 1 ? " (mean over the other factors)" : "");
        const char *name = mdl_kpis_label(MDL_KPIS_LINE, k);
        report_chart_done(r, chart_lines(r->f, r->charts, title, d->factors[f].path, report_kpi_axis(k), nl, NULL,
                                         (const char *const *)d->factors[f].levels, 1, &name, y, NULL, NULL));
        free(y);
    }
    if (d->nfactors < 2) return;
    int nx = d->factors[0].nlevels, ny = d->factors[1].nlevels;
    double *v = calloc((size_t)nx * (size_t)ny, sizeof *v);
    if (!v) return;
    for (int iy = 0; iy < ny; iy++)
        for (int ix = 0; ix < nx; ix++) v[(size_t)iy * (size_t)nx + (size_t)ix] = level_mean(e, k, 0, ix, 1, iy);
    char title[300];
    snprintf(title, sizeof title, "%s over %s and %s%s", mdl_kpis_label(MDL_KPIS_LINE, k), d->factors[0].path,
             d->factors[1].path, d->nfactors > 2 ? " (mean over the other factors)" : "");
    report_chart_done(r, chart_heat(r->f, r->charts, title, report_kpi_axis(k), d->factors[0].path, nx,
                                    (const char *const *)d->factors[0].levels, d->factors[1].path, ny,
                                    (const char *const *)d->factors[1].levels, v));
    free(v);
}

/* optimize: the selected scenario, the method, the runners-up. */
static void selection(report *r, const experiment *e, const kn_outcome *o) {
    FILE *f = r->f;
    report_section(r, "Selected scenario");
    double alpha = e->o.has_alpha ? e->o.alpha : 0.05;
    char d[64];
    report_kpi_value(model0(e), e->objective, e->o.delta, d, sizeof d);
    fprintf(f, "<p>Kim &amp; Nelson's fully sequential procedure (KN, 2001) to %s <b>%s</b>: with probability at "
               "least %.1f %% the selected scenario is the best when the best is at least %s better than every "
               "other (the indifference zone).%s</p>\n", e->maximize ? "maximise" : "minimise",
            mdl_kpis_label(MDL_KPIS_LINE, e->objective), 100 * (1 - alpha), d,
            o->guaranteed ? "" : " <b>--max-reps was reached before KN ended: the best sample mean, without the "
                                 "guarantee.</b>");
    if (o->selected < 0) {
        fputs("<p><b>No scenario meets the constraints.</b></p>\n", f);
        return;
    }
    int *order = malloc((size_t)e->x.n * sizeof *order);
    if (!order) return;
    int n = optimize_rank(e, o, order);
    fputs("<table class=\"selection\">\n<tr><th></th><th>scenario</th><th>objective</th><th>replications</th></tr>\n", f);
    for (int i = 0; i < n && i <= 5; i++) {
        int s = order[i];
        fprintf(f, "<tr><td>%s</td><td>#%d ", i == 0 ? "<b>selected</b>" : "runner-up", s + 1);
        report_html_text(f, e->x.s[s].label);
        fputs("</td>", f);
        kpi_cell(f, e, s, e->objective);
        fprintf(f, "<td class=\"n\">%d</td></tr>\n", e->used[s]);
    }
    fputs("</table>\n", f);
    free(order);
}

static void intro(report *r, const experiment *e) {
    FILE *f = r->f;
    const char *kind = e->from_file ? "from the scenario file" : e->d.kind == EXP_DESIGN_GRID ? "a full grid"
                                                           : e->d.kind == EXP_DESIGN_OAT ? "one factor at a time"
                                                                                         : "a Latin hypercube";
    long reps = 0;
    for (int s = 0; s < e->x.n; s++) reps += e->used[s];
    fprintf(f, "<p>%d scenario%s (%s), %ld replications in all, every scenario with the same random numbers.",
            e->x.n, e->x.n == 1 ? "" : "s", kind, reps);
    for (int i = 0; i < e->d.nfactors; i++) {
        fputs(i ? "; " : " Factors: ", f);
        report_html_text(f, e->d.factors[i].path);
        fprintf(f, " (%d level%s)", e->d.factors[i].nlevels, e->d.factors[i].nlevels == 1 ? "" : "s");
    }
    fputs("</p>\n", f);
}

bool report_sweep(const char *path, const experiment *e, const kn_outcome *ko) {
    report r;
    char title[400];
    snprintf(title, sizeof title, "%s report: %s", ko ? "Optimisation" : "Sweep", mdl_model_name(model0(e)));
    if (!report_begin(&r, e->o.cmd, path, title)) return false;
    intro(&r, e);
    if (ko) selection(&r, e, ko);
    else best_table(&r, e);
    report_section(&r, "Scenarios");
    scenario_table(&r, e);
    interval_charts(&r, e);
    if (e->d.nfactors > 0) {
        report_section(&r, "Response to the factors");
        int k = ko ? e->objective : e->show[0];
        response_charts(&r, e, k);
    }
    report_series s;
    const char *name = e->x.s[0].label;
    if (report_sample(model0(e), &e->x.s[0].run, &s)) {
        report_series_charts(&r, &s, &name, 1);
        report_series_fini(&s);
    } else {
        report_chart_done(&r, false);
    }
    report_scene_summary(&r, model0(e), e->scene);
    char note[200];
    snprintf(note, sizeof note, "MSER-5 on the WIP of %d pilot replications of scenario 1", PILOTS);
    report_provenance(&r, &e->scene, 1, &e->x.s[0].run, e->n0, e->warmup_auto ? note : NULL);
    return report_end(&r);
}
