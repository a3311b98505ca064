/*
 * output.h - what `run` and `compare` print and write: the KPI tables for
 * people, the JSON contract for programs, CSV files for spreadsheets.
 *
 * Everything here is a pure function of a finished batch, so output is the
 * same for any number of threads (no wall-clock time goes into JSON or CSV).
 * Files are written into a temporary result folder that atomic.h switches
 * in whole: a reader never sees half a file or a mix of two runs.
 */
#ifndef LINETWIN_OUTPUT_H
#define LINETWIN_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "mdl_batch.h"

/* Longest --out directory accepted (output_make_dir refuses longer ones),
 * and the buffer for a file path in it: the directory, a file name of at
 * most 40 bytes and a temporary suffix always fit, so no path is cut. */
#define OUTPUT_DIR_MAX 4096
#define OUTPUT_PATH_MAX (OUTPUT_DIR_MAX + 104)

/* ---- JSON writer ---------------------------------------------------------- */

/// A streaming JSON writer with two-space indentation. Keys are ignored
/// inside arrays (pass NULL).
typedef struct jw {
    FILE *f;
    int depth;
    bool first[64];
} jw;

void jw_init(jw *w, FILE *f);
void jw_object_begin(jw *w, const char *key);
void jw_object_end(jw *w);
void jw_array_begin(jw *w, const char *key);
void jw_array_end(jw *w);
/// A number; NaN and infinities are written as null.
void jw_number(jw *w, const char *key, double v);
void jw_int(jw *w, const char *key, long long v);
void jw_uint(jw *w, const char *key, unsigned long long v);
void jw_string(jw *w, const char *key, const char *s);
void jw_bool(jw *w, const char *key, bool v);
void jw_null(jw *w, const char *key);
/// Writes s as a JSON string literal (invalid UTF-8 becomes U+FFFD).
void json_write_string(FILE *f, const char *s);

/// {"mean": .., "ci95": .., "min": .., "max": ..}
void jw_summary(jw *w, const char *key, mdl_summary s);

/* ---- a run ------------------------------------------------------------------- */

/// The `run --json` document's members (without the enclosing braces), so
/// that compare can nest it. `scene` is the file as named by the user.
void output_run_members(jw *w, const mdl_batch *b, const char *scene);
/// The "fleets", "robots" and "conveyors" arrays of the document (part of
/// output_run_members; empty arrays when the scene has none).
void output_transport_members(jw *w, const mdl_batch *b);
/// The people members ("people", "pools"; only when the scene has pools or key stations).
/// Most shift names output_headcount_by_shift writes.
#define OUTPUT_MAX_SHIFT_NAMES 32
/// The object "headcount_by_shift": { "early": 14, ... } (people on the roll per named shift).
void output_headcount_by_shift(jw *w, const mdl_model *m);
void output_people_members(jw *w, const mdl_batch *b);
/// The people tables of the text report (nothing without people).
void output_people_text(FILE *f, const mdl_batch *b);
/// The whole `run --json` document.
void output_run_json(FILE *f, const mdl_batch *b, const char *scene);
/// The readable report: header, line KPIs, stations. threads and wall time
/// go into the header only.
void output_run_text(FILE *f, const mdl_batch *b, const char *scene, int threads);

/// The fleet, robot and conveyor tables of the readable report (nothing
/// when the scene has none of them).
void output_transport_text(FILE *f, const mdl_batch *b);

/* output_asrs.c: the "asrs" array of the JSON (only when the scene has an
 * AS/RS), its table, and the report's "Bottleneck" line over stations,
 * robots, fleets, AS/RS cranes and belts (station: the busiest station
 * by the active-period share `load`, -1 for none). */
void output_asrs_members(jw *w, const mdl_batch *b);
void output_asrs_text(FILE *f, const mdl_batch *b);
void output_bottleneck_text(FILE *f, const mdl_batch *b, int station, double load);

/* output_dock.c: the "docks" array of the JSON, the Docks table (each only
 * when the scene has docks), and the ids and KPI names for docks.csv. */
void output_dock_members(jw *w, const mdl_batch *b);
void output_dock_text(FILE *f, const mdl_batch *b);
const char *output_dock_id(const mdl_model *m, int d);
/* asrs.csv (output_asrs.c): an AS/RS's id */
const char *output_asrs_id(const mdl_model *m, int a);

/* output_flow.c: a station's "assembly", "batching" and "disassembly"
 * objects (only at such stations) and their tables (idw: the id column). */
void output_flow_station_members(jw *w, const mdl_batch *b, int station);
void output_flow_text(FILE *f, const mdl_batch *b, int idw);
/// "12.5%" or "-" (NaN); a duration ("1h 2min") or "-".
void output_pct(double v, char *buf, size_t size);
void output_duration(double v, char *buf, size_t size);

/// Entity tables (output_table.c): one row an entity, a column a KPI read
/// by its kind.
typedef enum { OUTPUT_CELL_NUMBER, OUTPUT_CELL_PCT, OUTPUT_CELL_DURATION, OUTPUT_CELL_DURATION_SIGNED } output_cell;
typedef struct output_column {
    const char *head;
    int width;
    int kpi; /* the entity kind's KPI (mdl_wkpi, mdl_ckpi ...) */
    output_cell cell;
} output_column;
/// A column by its kind: OUTPUT_PCT("util", 7, MDL_WKPI_UTILIZATION).
#define OUTPUT_NUM(head, width, kpi) {head, width, kpi, OUTPUT_CELL_NUMBER}
#define OUTPUT_PCT(head, width, kpi) {head, width, kpi, OUTPUT_CELL_PCT}
#define OUTPUT_DUR(head, width, kpi) {head, width, kpi, OUTPUT_CELL_DURATION}
#define OUTPUT_DUR_SIGNED(head, width, kpi) {head, width, kpi, OUTPUT_CELL_DURATION_SIGNED}
typedef struct output_table {
    const char *title;                                         /* over the ids */
    int id_width;                                              /* the ids' column */
    const char *(*id)(const mdl_model *m, int entity);         /* an entity's id */
    mdl_summary (*kpi)(const mdl_batch *b, int entity, int k); /* its KPI k */
    const output_column *columns;
    size_t ncolumns;
    bool (*shown)(const mdl_model *m, int entity);             /* the rows of the text table; NULL: all */
} output_table;
/// A value as a cell of its kind: output_format_value, output_pct,
/// output_duration or output_duration_signed.
void output_cell_text(output_cell kind, double v, char *buf, size_t size);
/// The table's head line (after an empty line) and one row for each of the
/// n entities; each column as wide as its widest cell (at least its
/// declared width and its head).
void output_entity_table(FILE *f, const output_table *t, const mdl_batch *b, int n);
/// The width a column needs for `cell`: its length, at least `min`.
int output_text_width(const char *cell, int min);
/// The width a column of numbers needs for the means, intervals, minima and
/// maxima of s[0 .. n) as output_format_value writes them, at least `min`:
/// tables of summaries size their number columns with it, so that a very
/// small value (3 significant digits in fixed notation) or a very large one
/// never pushes the columns after it out of line.
int output_summary_width(const mdl_summary *s, size_t n, int min);
/// The JSON array `key` of the n entities: each {"id": ..., then the
/// summaries of the KPI set's KPIs under their keys} (t's columns unused).
void output_json_entities(jw *w, const char *key, const output_table *t, const mdl_batch *b, int n,
                          mdl_kpi_set kpis);
/// A CSV file of the KPIs of set `kpis` of n entities, one row per entity
/// and KPI: "<what>,metric,mean,ci95,min,max" (the ids by id).
bool output_entity_csv(FILE *f, const mdl_batch *b, const char *what, int n, mdl_kpi_set kpis,
                       const char *(*id)(const mdl_model *, int),
                       mdl_summary (*get)(const mdl_batch *, int, int));

/// Writes kpis.csv, stations.csv, replications.csv and result.json (and
/// fleets.csv and vehicles.csv, robots.csv, conveyors.csv when the scene
/// has such objects) into dir, an existing empty temporary folder
/// (atomic_dir_begin). False with a message on stderr.
bool output_run_files(const char *dir, const mdl_batch *b, const char *scene);

/* ---- orders and products (output_orders.c) ----------------------------------- */

/// The "products" array (always) and, when the scene has orders, the
/// "order_book" object and the "orders" array of the document.
void output_orders_members(jw *w, const mdl_batch *b);
/// The product table (scenes with several products), the order book and
/// the most tardy orders of the readable report.
void output_orders_text(FILE *f, const mdl_batch *b);
/// orders.csv and products.csv: one row per order (product) and metric.
bool output_orders_csv(FILE *f, const mdl_batch *b);
bool output_products_csv(FILE *f, const mdl_batch *b);
/// The order book's rows of kpis.csv (none without orders).
void output_book_csv_rows(FILE *f, const mdl_batch *b);

/* ---- schedule adherence (cmd_run_plan.c) --------------------------------------- */

/// The "plan" object of the document (nothing when the run has no plan).
void output_plan_members(jw *w, const mdl_batch *b);
/// The adherence table of the readable report (nothing without a plan).
void output_plan_text(FILE *f, const mdl_batch *b);
/// adherence.csv: one row per order and metric.
bool output_plan_csv(FILE *f, const mdl_batch *b);

/// Writes one file's content on f; false on failure (errno set if known).
typedef bool output_write_fn(FILE *f, void *ctx);
/// mkdir -p; false with a message printed.
bool output_make_dir(const char *dir);

/// The station states of the ledger in the order of the tables (busy,
/// setup, idle, blocked, down, off, waiting for an operator, maintenance)
/// and their station KPIs (shares of time).
#define OUTPUT_NLEDGER 8
extern const mdl_state output_ledger_states[OUTPUT_NLEDGER];
extern const mdl_skpi output_ledger_skpi[OUTPUT_NLEDGER];

/// A value for a table (and, with commas, the HTML report): fixed notation,
/// never e-notation, at least 3 significant digits (1234, 123.4, 12.34,
/// 1.234, 0.012, 0.00123); below 1e-9 "0".
void output_format_value(double v, char *buf, size_t size);
/// Fleet i's replications whose traffic stalled (MDL_FKPI_STALLED), and in
/// `limit` the stall limit as a duration (output_fleet.c).
int output_fleet_stalls(const mdl_batch *b, int i, char *limit, size_t size);
/// Fleet i's traffic and safety line of the KPI table (output_fleet.c), ids w wide.
void output_fleet_traffic(FILE *f, const mdl_batch *b, int i, int w);

/// CSV cells of the result files: a number (%.12g, nothing when not
/// finite), a text (quoted when it holds a comma, quote or newline), and a
/// summary's ",mean,ci95,min,max" ending the row.
void output_csv_number(FILE *f, double v);
/// output_csv_number with `digits` significant digits (the sweep's files: 17).
void output_csv_number_digits(FILE *f, double v, int digits);
void output_csv_text(FILE *f, const char *s);

/// A duration for people ("2h 5min"), with a sign; "-" when not finite.
void output_duration_signed(double v, char *buf, size_t size);

/// A table of the summaries s[0 .. n) of the n KPIs of set `kpis` under
/// the line `head`: a row per KPI with its label, mean, 95 % interval,
/// min and max, in columns as wide as the widest value needs
/// (output_summary_width); a KPI whose key ends in `_s` also shows its
/// mean as a duration.
void output_kpi_table(FILE *f, const char *head, mdl_kpi_set kpis, const mdl_summary *s);
void output_csv_summary(FILE *f, mdl_summary s);
/// The summary's ",mean,ci95,min,max" cells with `digits` significant digits, the row left open.
void output_csv_summary_cells(FILE *f, mdl_summary s, int digits);

#endif
