/*
 * mdl_plan.h - executing a plan (an APS schedule) in a run, and the
 * schedule adherence it reports.
 *
 * A plan is, for every order of the model and every step of its route, the
 * station and the planned start and end of that operation (the planner in
 * plan/ makes one; `linetwin run --plan` reads one from CSV). Attached to a
 * model (mdl_model_set_plan, before any run), it becomes every station's
 * dispatching rule "planned sequence": a free server takes the waiting
 * unit whose operation comes first in its planned sequence (planned
 * start; ties in the order the plan lists them). When the plan names
 * servers, each server k of a station follows its own sequence (a run's
 * extra servers, k >= the planned count, follow k mod that count); else
 * the station has one sequence for all its servers. It is a rule of the
 * one queue (mdl_run_dispatch.c), not a second queue.
 *
 * Policies, when the next planned operation of a station is not there yet:
 * - MDL_PLAN_WAIT: the server waits for it. Units of operations already
 *   begun (the rest of a lot, on any server) and units without a planned operation (push
 *   or CONWIP releases) may always start; an operation whose order lost
 *   all its units (scrapped) is skipped. While a unit or an order waits
 *   for room in the station's buffer (upstream blocked), the station takes
 *   the waiting job planned first instead: the job waited for may be
 *   behind that full buffer, and waiting would never end.
 * - MDL_PLAN_NEXT: the server takes the waiting unit planned first.
 *
 * Adherence (all from time 0, as the order results; an operation's actual
 * start is its first unit's start, its actual end its last unit's end):
 * start and end deviation = actual - planned, their mean (signed: > 0
 * late) and 95th percentile of the absolute value (nearest rank); the
 * sequence changes (operations begun while one planned before them in
 * their sequence had not begun); the share of operations started within the
 * tolerance (|deviation| <= tolerance) among those begun or planned to
 * start more than the tolerance before the end; and each order's
 * completion against its planned completion.
 *
 * Deterministic: the rule draws no random numbers.
 */
#ifndef MDL_PLAN_H
#define MDL_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_run.h"

typedef enum mdl_plan_policy { MDL_PLAN_WAIT = 0, MDL_PLAN_NEXT, MDL_PLAN_POLICY_COUNT } mdl_plan_policy;

/// One planned operation: step `step` (0-based) of order `order` at
/// `station`, planned from `start` to `end` (s from the run's start).
typedef struct mdl_plan_op {
    int order;
    int step;
    int station;
    int server;   ///< 0-based server of the station, -1: the station's (no server named)
    double start;
    double end;
} mdl_plan_op;

/// Attaches a plan to the model: ops[0..n) must hold every step of every
/// order exactly once, at the station of its route, with finite times and
/// end >= start. False with a message (mdl_model_error) otherwise, or when
/// out of memory. tolerance >= 0 (s).
bool mdl_model_set_plan(mdl_model *m, const mdl_plan_op *ops, size_t n, mdl_plan_policy policy, double tolerance);
/// Number of planned operations (0: no plan).
int mdl_model_plan_op_count(const mdl_model *m);
/// Planned operation i (as given, in the order given), NULL out of range.
const mdl_plan_op *mdl_model_plan_op(const mdl_model *m, int i);
mdl_plan_policy mdl_model_plan_policy(const mdl_model *m);
double mdl_model_plan_tolerance(const mdl_model *m);
/// Planned completion of order o (end of its last step), NaN without plan.
double mdl_model_plan_completion(const mdl_model *m, int order);
const char *mdl_plan_policy_name(mdl_plan_policy p);
/// MDL_PLAN_POLICY_COUNT when unknown.
mdl_plan_policy mdl_plan_policy_parse(const char *name);

/// What a run did with planned operation i (mdl_model_plan_op's index):
/// false while it has not begun; else its actual start, and its actual end
/// (NaN while it has not ended). For the viewer's plan against reality.
bool mdl_run_plan_op_actual(const mdl_run *r, int i, double *start, double *end);

/// Adherence of the whole plan.
typedef enum mdl_akpi {
    MDL_AKPI_OPS_PLANNED = 0,
    MDL_AKPI_OPS_STARTED,          ///< operations begun (a first unit started)
    MDL_AKPI_OPS_ENDED,            ///< operations whose every unit left (scrapped units aside)
    MDL_AKPI_START_DEV_MEAN_S,     ///< mean (actual - planned) start over begun operations
    MDL_AKPI_START_DEV_P95_S,      ///< 95th percentile of |actual - planned| start
    MDL_AKPI_END_DEV_MEAN_S,       ///< the same for ends, over ended operations
    MDL_AKPI_END_DEV_P95_S,
    MDL_AKPI_SEQUENCE_CHANGES,     ///< operations begun out of the planned sequence of their station
    MDL_AKPI_WITHIN_TOLERANCE,     ///< share of operations started within the tolerance
    MDL_AKPI_ORDER_DEV_MEAN_S,     ///< mean (completion - planned completion) over completed orders
    MDL_AKPI_ORDER_DEV_MAX_S,
    MDL_AKPI_ORDERS_BEHIND_PLAN,   ///< completed later than plan + tolerance, or open past it
    MDL_AKPI_OPS_REROUTED,         ///< operations whose unit took another branch than planned (not in the deviations)
    MDL_AKPI_COUNT
} mdl_akpi;

/// Adherence per order.
typedef enum mdl_aokpi {
    MDL_AOKPI_PLANNED_START_S = 0,  ///< planned start of its first step
    MDL_AOKPI_START_DEV_S,          ///< actual - planned start of its first step (NaN: not begun)
    MDL_AOKPI_PLANNED_COMPLETION_S, ///< planned end of its last step
    MDL_AOKPI_COMPLETION_DEV_S,     ///< actual - planned completion (NaN: not complete)
    MDL_AOKPI_OPS_WITHIN_TOLERANCE, ///< its operations started within the tolerance
    MDL_AOKPI_COUNT
} mdl_aokpi;

/// Keys and labels: mdl_kpis_name / mdl_kpis_label (mdl_kpis.h), sets
/// MDL_KPIS_PLAN and MDL_KPIS_PLAN_ORDER.

/// One replication's values (NaN without a plan or out of range).
double mdl_rep_plan_kpi(const mdl_rep_result *r, mdl_akpi k);
double mdl_rep_plan_order_kpi(const mdl_rep_result *r, int order, mdl_aokpi k);
/// Summaries over a batch's replications.
mdl_summary mdl_batch_plan_kpi(const mdl_batch *b, mdl_akpi k);
mdl_summary mdl_batch_plan_order_kpi(const mdl_batch *b, int order, mdl_aokpi k);

#endif
