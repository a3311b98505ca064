/*
 * report.h - `--report FILE.html` of run, compare, sweep and optimize: one
 * self-contained HTML page a manager reads (docs/report.md). Internal to app/.
 *
 * The page holds the KPI tables, the verdicts, the charts (report_chart.h:
 * cairo's SVG, inline), the scene's summary and how the numbers were
 * obtained. It needs no network: no script, no external style sheet,
 * image or font. Numbers are for people: no e-notation, durations in
 * h / min, money with the scene's `costs.currency`.
 *
 * Like every output it is written to a temporary file next to FILE and
 * renamed into place (atomic.h). Everything in it but the scene file's
 * date is a function of the results, so the same run gives the same page.
 */
#ifndef LINETWIN_REPORT_H
#define LINETWIN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "atomic.h"
#include "mdl_batch.h"
#include "report_chart.h"

/* ---- numbers for people -------------------------------------------------------------- */

/// The tables' digits (output_format_value), with thousands separated by
/// commas.
void report_num(double v, char *buf, size_t size);
/// A share as a percentage: "12.3%".
void report_pct(double v, char *buf, size_t size);
/// Seconds as a duration: "2h 15min", "4min 30s", "12.5s".
void report_duration(double s, char *buf, size_t size);
/// Money with the scene's currency: "1,234 EUR" (the number alone without one).
void report_money(const mdl_model *m, double v, char *buf, size_t size);
/// A line KPI's value by its kind: duration, share, money or number.
void report_kpi_value(const mdl_model *m, int kpi, double v, char *buf, size_t size);
/// A line KPI's label, without " [s]" when its values are shown as durations.
void report_kpi_label(int kpi, char *buf, size_t size);
/// How a line KPI's values are shown on a chart's axis.
chart_axis report_kpi_axis(int kpi);
/// Text with &, <, >, " escaped.
void report_html_text(FILE *f, const char *s);

/* ---- the page ------------------------------------------------------------------------------- */

typedef struct report {
    atomic_file af;
    FILE *f;
    const char *cmd;
    int charts;     ///< charts drawn so far (their ids)
    bool chart_failed;
} report;

/// Before any run: 0 when --report FILE can be written by this build, else
/// 2 after a message (no cairo, not an .html name).
int report_check(const char *cmd, const char *path);
/// Opens the temporary file and writes the head and the title; false after a message.
bool report_begin(report *r, const char *cmd, const char *path, const char *title);
/// Ends the page and renames it into place; false after a message.
bool report_end(report *r);
/// <h2> of a new section.
void report_section(report *r, const char *title);
/// The scene's summary (the paragraph of `linetwin check`) under a heading.
void report_scene_summary(report *r, const mdl_model *m, const char *scene);
/// How the numbers were obtained: scene file and its date, seed,
/// replications, horizon, warm-up (and how chosen), linetwin's version.
void report_provenance(report *r, const char *const *scenes, int nscenes, const mdl_run_settings *rs, int reps,
                       const char *warmup_note);
/// The line KPI table of a batch (mean, 95 % interval, min, max).
void report_kpi_table(report *r, const mdl_batch *b);
/// Station state shares as stacked bars: one row per station of each batch
/// (labels prefixed by the batch names when there are several).
void report_state_chart(report *r, const mdl_batch *const *b, const char *const *names, int nb);
/// A chart was not drawn: remembered (the page says so).
void report_chart_done(report *r, bool drawn);

/* ---- a sampled replication ------------------------------------------------------------------ */

/// Throughput and WIP over time of replication 0, sampled on n points
/// (each the units shipped per hour in the interval ending at t, and the
/// WIP at t). Runs the replication again with a record listener.
typedef struct report_series {
    int n;
    double *t_h;          ///< time in hours
    double *out_per_h;
    double *wip;
} report_series;

bool report_sample(const mdl_model *m, const mdl_run_settings *rs, report_series *s);
void report_series_fini(report_series *s);
/// The two charts of one or more sampled replications (names: their labels).
void report_series_charts(report *r, const report_series *s, const char *const *names, int ns);

/* ---- the pages (report_run.c, report_sweep.c) --------------------------------------------- */

/// `run --report`: false after a message.
bool report_run(const char *path, const mdl_batch *b, const char *scene);
/// `compare --report`: goals are the targets in the order of mdl_targets.
bool report_compare(const char *path, const mdl_batch *base, const mdl_batch *retro, const char *bpath,
                    const char *rpath, const double *goals);
/// compare's per-entity tables (material handling, stations, AS/RS, docks,
/// conveyors, batching, assembly, disassembly, people: report_diff.c),
/// from the rows of compare's text table.
void report_compare_tables(report *r, const mdl_batch *base, const mdl_batch *retro, double productivity_goal);
struct experiment;
struct kn_outcome;
/// `sweep --report` (ko NULL) and `optimize --report`.
bool report_sweep(const char *path, const struct experiment *e, const struct kn_outcome *ko);

#endif
