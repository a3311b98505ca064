/*
 * compare.h - what `linetwin compare` judges (cmd_compare.c), shared with
 * its HTML report (report_run.c): the paired change of a KPI, the verdict
 * against a retrofit target, and the payback. Internal to app/.
 */
#ifndef LINETWIN_COMPARE_H
#define LINETWIN_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "mdl_batch.h"
#include "options.h"
#include "output.h"

/// A retrofit target: its JSON / mdl_targets name, its label, its KPI.
typedef struct compare_target {
    const char *name;
    const char *label;
    mdl_kpi kpi;
} compare_target;

/// The targets, in the order of mdl_targets (APP_TARGET_*).
extern const compare_target compare_targets[APP_TARGET_COUNT];

/// A KPI in both scenes and their paired difference.
typedef struct change {
    mdl_summary base, retro, diff;
    double rel, rel_ci;     /* relative change and the half-width of its interval */
} change;

typedef enum verdict { VERDICT_MET, VERDICT_UNCERTAIN, VERDICT_NOT_MET, VERDICT_UNKNOWN } verdict;

/// The change of line KPI k from base to retrofit (replication r of both shares its seed).
change compare_change(const mdl_batch *base, const mdl_batch *retro, mdl_kpi k);
/// Met when the whole 95 % interval of the relative change lies beyond goal,
/// not met when it falls short, uncertain otherwise.
verdict compare_judge(const change *c, double goal);
/// "met", "uncertain", "not met", "unknown" (the JSON's words).
const char *compare_verdict_name(verdict v);
/// "+12.3%", or "-" when not finite.
void compare_signed_pct(double v, char *buf, size_t size);

/// The payback of the retrofit scene's investment (has: the scene names one).
typedef struct payback {
    bool has;
    double capex, years;
    double saving_per_unit, saving_ci;   /* base - retrofit cost per unit */
    double annual_units;
    double annual_saving;
    double years_to_pay;                 /* INFINITY: never */
    double years_lo, years_hi;           /* from the interval of the saving */
} payback;

payback compare_payback(const mdl_batch *base, const mdl_batch *retro);

/* ---- compare_sections.c ---- */

/// How a row's numbers are written: a number, a share, a duration, a count.
typedef enum compare_fmt { COMPARE_NUM = 0, COMPARE_SHARE, COMPARE_DURATION, COMPARE_COUNT } compare_fmt;

/// One row of a per-entity table: both means and the paired difference
/// retrofit - base with its 95 % half-width (NaN where there is none).
typedef struct compare_row {
    const char *label;
    const char *key;    ///< the JSON key of the row's KPI or setting (NULL: none)
    compare_fmt fmt;
    int depth;          ///< 0: a row of the table, 1: of an entity, 2: of a component
    double base, retro;
    mdl_summary diff;
    bool has_rel;       ///< a "change" column (the people's table)
    double rel;         ///< relative change (NaN: none)
} compare_row;

/// Where the per-entity tables go: the text table (compare_text_sink) or
/// the HTML report (report_run.c). One producer (the sections, material
/// handling, people) feeds every sink, so the tables of both say the
/// same. `table` starts a table (json: the JSON member that holds the same
/// numbers, NULL: none; with_change: it has a "change" column), `head`
/// names an entity (depth 1, json_id its id) or a component (depth 2,
/// json_id the product), `note` is a
/// sentence under the rows, `end` closes the table. ctx is the sink's own.
typedef struct compare_sink {
    void (*table)(void *ctx, const char *title, const char *json, bool with_change);
    void (*head)(void *ctx, int depth, const char *text, const char *json_id);
    void (*row)(void *ctx, const compare_row *r);
    void (*note)(void *ctx, const char *text);
    void (*end)(void *ctx);
    void *ctx;
} compare_sink;

/// The text table's sink (stdout).
extern const compare_sink compare_text_sink;

/// KPI k of entity i: over the replications, and in replication `rep`.
typedef mdl_summary compare_kpi_fn(const mdl_batch *b, int i, int k);
typedef double compare_rep_fn(const mdl_batch *b, int rep, int i, int k);

/// The paired difference retrofit - base of KPI k of entity ib (base) /
/// ir (retrofit): NaN unless it is in both.
mdl_summary compare_xdiff(const mdl_batch *base, const mdl_batch *retro, int ib, int ir, int k, compare_rep_fn *rep);
/// A row to the sink: KPI k of entity ib / ir (-1: not on that side), both
/// means and the paired difference; key: its JSON name (NULL: none).
void compare_xrow(const compare_sink *out, const mdl_batch *base, const mdl_batch *retro, int ib, int ir, int k,
                  const char *label, const char *key, int depth, compare_fmt fmt, compare_kpi_fn *get,
                  compare_rep_fn *rep);

/// The sections of the plant's entities matched by id (stations, AS/RS,
/// docks, conveyors, batching, assembly, disassembly): to a sink, and the
/// JSON's `station_diff`, `asrs_diff`, `dock_diff`, `conveyor_diff`,
/// `batching_diff`, `assembly_diff`, `disassembly_diff` (each only when a
/// scene has one). An entity in both scenes is one entry, matched by id,
/// also when a feature (a batch, a bill of materials) is on one side only:
/// the feature's setting is then a row with its change.
void compare_put_sections(const compare_sink *out, const mdl_batch *base, const mdl_batch *retro);
void compare_write_sections(jw *w, const mdl_batch *base, const mdl_batch *retro);

/* ---- cmd_compare.c: material handling and people, to a sink ---- */

/// Fleets (all together, then each) and robots; nothing without any.
void compare_put_transport(const compare_sink *out, const mdl_batch *base, const mdl_batch *retro);
/// Headcount by shift, operator hours, labour productivity (judged
/// against the productivity goal), automation rate, safety exposure;
/// nothing when neither scene has people.
void compare_put_people(const compare_sink *out, const mdl_batch *base, const mdl_batch *retro, double goal);

#endif
