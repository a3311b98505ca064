/*
 * report_run.c - the pages of `run --report` and `compare --report`
 * (report.h, docs/report.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "mdl_transport.h"
#include "output.h"
#include "report.h"

/* The KPIs that get an interval chart of their own in compare. */
static const mdl_kpi key_kpis[] = {MDL_KPI_THROUGHPUT_PER_H, MDL_KPI_LEAD_TIME_S,   MDL_KPI_WIP,
                                   MDL_KPI_OEE,              MDL_KPI_COST_PER_UNIT, MDL_KPI_ENERGY_KWH_PER_UNIT};
#define NKEY ((int)(sizeof key_kpis / sizeof key_kpis[0]))

/* One sentence with the headline numbers of a batch. */
static void headline(report *r, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    char v[NKEY][64];
    for (int i = 0; i < NKEY; i++) report_kpi_value(m, (int)key_kpis[i], mdl_batch_kpi(b, key_kpis[i]).mean, v[i], sizeof v[i]);
    fprintf(r->f, "The line ships <b>%s units per hour</b> with a lead time of <b>%s</b> and <b>%s</b> units in "
                  "process on average; line OEE <b>%s</b>, operating cost <b>%s</b> and <b>%s kWh</b> per good "
                  "unit.", v[0], v[1], v[2], v[3], v[4], v[5]);
}

/* A fleet whose traffic stalled or was forced through deadlocks: a
 * paragraph each, under the headline (`who`: "" or the scene's role),
 * so that a plan resting on it is not read as sound. */
static void traffic_warnings(report *r, const mdl_batch *b, const char *who) {
    const mdl_model *m = mdl_batch_model(b);
    int reps = mdl_batch_reps(b);
    for (int i = 0; i < mdl_model_fleet_count(m); i++) {
        char lim[40];
        int ns = output_fleet_stalls(b, i, lim, sizeof lim);
        double forced = mdl_batch_fleet_kpi(b, i, MDL_FKPI_DEADLOCK_FORCED).mean;
        if (ns <= 0 && !(forced > 0.0)) continue;
        fprintf(r->f, "<p class=\"notmet\">%s%s <b>", who[0] ? who : "Fleet", who[0] ? ", fleet" : "");
        report_html_text(r->f, mdl_model_fleet(m, i)->id);
        fputs("</b>", r->f);
        if (ns > 0)
            fprintf(r->f, ": traffic stalled in %d of %d replication%s (at the end a vehicle had held one transport task "
                          "for over %s: the line stopped)",
                    ns, reps, reps == 1 ? "" : "s", lim);
        if (forced > 0.0) fprintf(r->f, "%s %.3g deadlocks a replication forced through (safety events)", ns > 0 ? ";" : ":", forced);
        fputs(". Deadlock avoidance does not cover this layout with this fleet: see <code>linetwin check</code>.</p>\n", r->f);
    }
}

/* A figure of an entity table and how it is written for people. */
typedef struct cell {
    enum { CELL_PCT, CELL_NUM, CELL_DUR } kind;
    double v;
} cell;

/* Opens a row of an entity table: its id, a count (servers, vehicles),
 * then the cells; the caller closes it. */
static void entity_row(FILE *f, const char *id, int count, const cell *c, int n) {
    fputs("<tr><td>", f);
    report_html_text(f, id);
    fprintf(f, "</td><td class=\"n\">%d</td>", count);
    for (int i = 0; i < n; i++) {
        char b[64];
        if (c[i].kind == CELL_PCT) report_pct(c[i].v, b, sizeof b);
        else if (c[i].kind == CELL_DUR) report_duration(c[i].v, b, sizeof b);
        else report_num(c[i].v, b, sizeof b);
        fprintf(f, "<td class=\"n\">%s</td>", b);
    }
}

/* The station table: utilisation, availability, OEE, queue, wait, energy. */
static void station_table(report *r, const mdl_batch *b) {
    FILE *f = r->f;
    const mdl_model *m = mdl_batch_model(b);
    fputs("<table class=\"stations\">\n<tr><th>Station</th><th>servers</th><th>utilisation</th><th>availability</th>"
          "<th>OEE</th><th>queue</th><th>wait</th><th>energy (kWh)</th></tr>\n", f);
    for (int s = 0; s < mdl_model_station_count(m); s++) {
        const cell c[] = {{CELL_PCT, mdl_batch_station_kpi(b, s, MDL_SKPI_UTILIZATION).mean},
                          {CELL_PCT, mdl_batch_station_kpi(b, s, MDL_SKPI_AVAILABILITY).mean},
                          {CELL_PCT, mdl_batch_station_kpi(b, s, MDL_SKPI_OEE).mean},
                          {CELL_NUM, mdl_batch_station_kpi(b, s, MDL_SKPI_QUEUE_LEN).mean},
                          {CELL_DUR, mdl_batch_station_kpi(b, s, MDL_SKPI_WAIT_S).mean},
                          {CELL_NUM, mdl_batch_station_kpi(b, s, MDL_SKPI_ENERGY_KWH).mean}};
        entity_row(f, mdl_model_station(m, s)->id, mdl_model_station(m, s)->servers, c, (int)(sizeof c / sizeof c[0]));
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* The fleet table (a scene with fleets): vehicles, utilisation, the time
 * in traffic, units moved, the wait of a request for a vehicle, distance,
 * energy, deadlocks (forced passes). */
static void fleet_table(report *r, const mdl_batch *b) {
    FILE *f = r->f;
    const mdl_model *m = mdl_batch_model(b);
    if (mdl_model_fleet_count(m) == 0) return;
    report_section(r, "Material handling");
    fputs("<table class=\"fleets\">\n<tr><th>Fleet</th><th>vehicles</th><th>utilisation</th><th>in traffic</th>"
          "<th>units moved</th><th>request wait</th><th>distance (km)</th><th>energy (kWh)</th><th>deadlocks (forced)</th></tr>\n",
          f);
    for (int i = 0; i < mdl_model_fleet_count(m); i++) {
        const cell c[] = {{CELL_PCT, mdl_batch_fleet_kpi(b, i, MDL_FKPI_UTILIZATION).mean},
                          {CELL_PCT, mdl_batch_fleet_kpi(b, i, MDL_FKPI_TRAFFIC).mean},
                          {CELL_NUM, mdl_batch_fleet_kpi(b, i, MDL_FKPI_UNITS).mean},
                          {CELL_DUR, mdl_batch_fleet_kpi(b, i, MDL_FKPI_REQUEST_WAIT_S).mean},
                          {CELL_NUM, mdl_batch_fleet_kpi(b, i, MDL_FKPI_DISTANCE_M).mean / 1000.0},
                          {CELL_NUM, mdl_batch_fleet_kpi(b, i, MDL_FKPI_ENERGY_KWH).mean}};
        entity_row(f, mdl_model_fleet(m, i)->id, mdl_model_fleet(m, i)->count, c, (int)(sizeof c / sizeof c[0]));
        char d[64], fo[64];
        report_num(mdl_batch_fleet_kpi(b, i, MDL_FKPI_DEADLOCKS).mean, d, sizeof d);
        report_num(mdl_batch_fleet_kpi(b, i, MDL_FKPI_DEADLOCK_FORCED).mean, fo, sizeof fo);
        fprintf(f, "<td class=\"n\">%s (%s)</td></tr>\n", d, fo);
    }
    fputs("</table>\n<p class=\"note\">Means per replication over the statistics window; utilisation is the share "
          "of time driving or handling, <i>in traffic</i> the share waiting for the way (docs/material-handling.md).</p>\n",
          f);
}

/* Utilisation of every station with its interval. */
static void utilisation_chart(report *r, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    int n = mdl_model_station_count(m);
    const char **labels = calloc((size_t)n + 1, sizeof *labels);
    double *mean = calloc((size_t)n + 1, sizeof *mean), *ci = calloc((size_t)n + 1, sizeof *ci);
    if (labels && mean && ci) {
        for (int s = 0; s < n; s++) {
            mdl_summary u = mdl_batch_station_kpi(b, s, MDL_SKPI_UTILIZATION);
            labels[s] = mdl_model_station(m, s)->id;
            mean[s] = u.mean;
            ci[s] = u.ci95;
        }
        report_chart_done(r, chart_intervals(r->f, r->charts, "Station utilisation with its 95 % interval",
                                             CHART_PERCENT, n, labels, mean, ci, NULL, false, 0));
    }
    free(labels);
    free(mean);
    free(ci);
}

/* The time series of replication 1 of each batch. */
static void series_section(report *r, const mdl_batch *const *b, const char *const *names, int nb) {
    report_series s[2];
    int ok = 0;
    for (int i = 0; i < nb && i < 2; i++, ok++)
        if (!report_sample(mdl_batch_model(b[i]), mdl_batch_settings(b[i]), &s[i])) break;
    if (ok == nb) report_series_charts(r, s, names, nb);
    else report_chart_done(r, false);
    for (int i = 0; i < ok; i++) report_series_fini(&s[i]);
}

bool report_run(const char *path, const mdl_batch *b, const char *scene) {
    report r;
    const mdl_model *m = mdl_batch_model(b);
    char title[400];
    snprintf(title, sizeof title, "Line report: %s", mdl_model_name(m));
    if (!report_begin(&r, "run", path, title)) return false;
    fputs("<p>", r.f);
    headline(&r, b);
    fputs("</p>\n", r.f);
    traffic_warnings(&r, b, "");
    report_section(&r, "Line KPIs");
    report_kpi_table(&r, b);
    report_section(&r, "Stations");
    station_table(&r, b);
    utilisation_chart(&r, b);
    const char *names[] = {mdl_model_name(m)};
    report_state_chart(&r, &b, names, 1);
    fleet_table(&r, b);
    series_section(&r, &b, names, 1);
    report_scene_summary(&r, m, scene);
    report_provenance(&r, &scene, 1, mdl_batch_settings(b), mdl_batch_reps(b), NULL);
    return report_end(&r);
}

/* ---- compare ------------------------------------------------------------------------------------------ */

static const char *verdict_class(verdict v) {
    return v == VERDICT_MET ? "met" : v == VERDICT_NOT_MET ? "notmet" : v == VERDICT_UNCERTAIN ? "uncertain" : "";
}

/* The verdicts against the targets, their chart and the payback. */
static void verdicts(report *r, const mdl_batch *base, const mdl_batch *retro, const double *goals) {
    FILE *f = r->f;
    report_section(r, "Retrofit targets");
    fputs("<table class=\"verdicts\">\n<tr><th>Target</th><th>goal</th><th>change</th><th>95 % interval</th>"
          "<th>verdict</th></tr>\n", f);
    const char *labels[APP_TARGET_COUNT];
    double mean[APP_TARGET_COUNT], ci[APP_TARGET_COUNT], mark[APP_TARGET_COUNT];
    for (int t = 0; t < APP_TARGET_COUNT; t++) {
        change c = compare_change(base, retro, compare_targets[t].kpi);
        verdict v = compare_judge(&c, goals[t]);
        char g[32], rel[32], lo[32], hi[32];
        compare_signed_pct(goals[t], g, sizeof g);
        compare_signed_pct(c.rel, rel, sizeof rel);
        compare_signed_pct(c.rel - c.rel_ci, lo, sizeof lo);
        compare_signed_pct(c.rel + c.rel_ci, hi, sizeof hi);
        fprintf(f, "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s .. %s</td>"
                   "<td class=\"%s\">%s</td></tr>\n", compare_targets[t].label, g, rel, lo, hi, verdict_class(v),
                v == VERDICT_MET ? "MET" : v == VERDICT_NOT_MET ? "NOT MET" : v == VERDICT_UNCERTAIN ? "UNCERTAIN" : "-");
        labels[t] = compare_targets[t].label;
        mean[t] = c.rel;
        ci[t] = c.rel_ci;
        mark[t] = goals[t];
    }
    fputs("</table>\n<p class=\"note\">A target is met when the whole 95 % interval of the change lies beyond it "
          "(green tick: the target; dashed line: no change).</p>\n", f);
    report_chart_done(r, chart_intervals(f, r->charts, "Change against the targets (paired, 95 % intervals)",
                                         CHART_PERCENT, APP_TARGET_COUNT, labels, mean, ci, mark, true, 0));
}

static void payback_text(report *r, const mdl_batch *base, const mdl_batch *retro) {
    payback p = compare_payback(base, retro);
    const mdl_model *m = mdl_batch_model(retro);
    if (!p.has) {
        fputs("<p>Payback: the retrofit scene names no investment.</p>\n", r->f);
        return;
    }
    char cap[64], sav[64], ann[64], units[64];
    report_money(m, p.capex, cap, sizeof cap);
    report_money(m, p.saving_per_unit, sav, sizeof sav);
    report_money(m, p.annual_saving, ann, sizeof ann);
    report_num(p.annual_units, units, sizeof units);
    fprintf(r->f, "<p><b>Payback:</b> an investment of %s, written off over %g years. Each unit costs %s less; on "
                  "today's %s units a year that saves %s a year", cap, p.years, sav, units, ann);
    if (!isfinite(p.years_to_pay)) fputs(": the retrofit never pays back.</p>\n", r->f);
    else if (isfinite(p.years_lo) && isfinite(p.years_hi))
        fprintf(r->f, ": payback in <b>%.1f years</b> (95 %% interval %.1f to %.1f years), %s the write-off.</p>\n",
                p.years_to_pay, p.years_lo, p.years_hi, p.years_to_pay <= p.years ? "within" : "beyond");
    else
        fprintf(r->f, ": payback in <b>%.1f years</b> (the interval reaches to never).</p>\n", p.years_to_pay);
}

/* Every KPI of both scenes with the paired difference and the change. */
static void compare_table(report *r, const mdl_batch *base, const mdl_batch *retro) {
    FILE *f = r->f;
    const mdl_model *m = mdl_batch_model(base);
    fputs("<table class=\"kpis\">\n<tr><th>KPI</th><th>base</th><th>retrofit</th><th>difference</th>"
          "<th>&plusmn; 95 %</th><th>change</th></tr>\n", f);
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        change c = compare_change(base, retro, (mdl_kpi)k);
        char a[64], b[64], d[64], ci[64], rel[32];
        report_kpi_value(m, k, c.base.mean, a, sizeof a);
        report_kpi_value(m, k, c.retro.mean, b, sizeof b);
        report_kpi_value(m, k, c.diff.mean, d, sizeof d);
        report_kpi_value(m, k, c.diff.ci95, ci, sizeof ci);
        compare_signed_pct(c.rel, rel, sizeof rel);
        char label[128];
        report_kpi_label(k, label, sizeof label);
        fputs("<tr><td>", f);
        report_html_text(f, label);
        fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                   "<td class=\"n\">%s</td></tr>\n", a, b, d, ci, rel);
    }
    fputs("</table>\n", f);
}

/* The key KPIs of both scenes, each its own interval chart. */
static void interval_charts(report *r, const mdl_batch *base, const mdl_batch *retro) {
    const char *labels[2] = {"base", "retrofit"};
    for (int i = 0; i < NKEY; i++) {
        mdl_summary a = mdl_batch_kpi(base, key_kpis[i]), b = mdl_batch_kpi(retro, key_kpis[i]);
        double mean[2] = {a.mean, b.mean}, ci[2] = {a.ci95, b.ci95};
        char title[200];
        char label[128];
        report_kpi_label((int)key_kpis[i], label, sizeof label);
        snprintf(title, sizeof title, "%s: mean and 95 %% interval", label);
        report_chart_done(r, chart_intervals(r->f, r->charts, title, report_kpi_axis((int)key_kpis[i]), 2, labels, mean,
                                             ci, NULL, false, 0));
    }
}

bool report_compare(const char *path, const mdl_batch *base, const mdl_batch *retro, const char *bpath,
                    const char *rpath, const double *goals) {
    report r;
    char title[600];
    snprintf(title, sizeof title, "Retrofit report: %s against %s", mdl_model_name(mdl_batch_model(retro)),
             mdl_model_name(mdl_batch_model(base)));
    if (!report_begin(&r, "compare", path, title)) return false;
    fputs("<p><b>Base</b> (today): ", r.f);
    headline(&r, base);
    fputs("</p>\n<p><b>Retrofit</b>: ", r.f);
    headline(&r, retro);
    fputs("</p>\n", r.f);
    traffic_warnings(&r, base, "Base");
    traffic_warnings(&r, retro, "Retrofit");
    verdicts(&r, base, retro, goals);
    payback_text(&r, base, retro);
    report_section(&r, "Line KPIs, both scenes");
    compare_table(&r, base, retro);
    interval_charts(&r, base, retro);
    report_section(&r, "Stations");
    const mdl_batch *both[2] = {base, retro};
    const char *names[2] = {"base", "retrofit"};
    report_state_chart(&r, both, names, 2);
    report_compare_tables(&r, base, retro, goals[0]);
    series_section(&r, both, names, 2);
    report_scene_summary(&r, mdl_batch_model(base), bpath);
    report_scene_summary(&r, mdl_batch_model(retro), rpath);
    const char *scenes[2] = {bpath, rpath};
    report_provenance(&r, scenes, 2, mdl_batch_settings(base), mdl_batch_reps(base), NULL);
    return report_end(&r);
}
