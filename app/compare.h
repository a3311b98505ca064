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

/// KPI k of entity i: over the replications, and in replication `rep`.
typedef mdl_summary compare_kpi_fn(const mdl_batch *b, int i, int k);
typedef double compare_rep_fn(const mdl_batch *b, int rep, int i, int k);

/// The paired difference retrofit - base of KPI k of entity ib (base) /
/// ir (retrofit): NaN unless it is in both.
mdl_summary compare_xdiff(const mdl_batch *base, const mdl_batch *retro, int ib, int ir, int k, compare_rep_fn *rep);
/// A table row: label, both means and the paired difference with its
/// 95 % half-width, as a share, a duration or a number; "-" where none.
void compare_xrow(const mdl_batch *base, const mdl_batch *retro, int ib, int ir, int k, const char *label,
                  bool share, bool duration, compare_kpi_fn *get, compare_rep_fn *rep);

/// The sections of the plant's entities matched by id (AS/RS, docks,
/// conveyors, batching, assembly, disassembly): the tables, and the JSON's
/// `asrs_diff`, `dock_diff`, `conveyor_diff`, `batching_diff`,
/// `assembly_diff`, `disassembly_diff` (each only when a scene has one).
void compare_print_sections(const mdl_batch *base, const mdl_batch *retro);
void compare_write_sections(jw *w, const mdl_batch *base, const mdl_batch *retro);

#endif
