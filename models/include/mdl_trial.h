/*
 * mdl_trial.h - a trial run of a model's traffic, for `linetwin check`.
 *
 * The layout check (mdl_model_layout_check) reads the path network and
 * says where deadlock avoidance cannot promise that no deadlock forms; it
 * is a static analysis and misses layouts whose vehicles lock only in
 * motion. Real AGV controllers' zone schemes are verified by simulating
 * the layout: mdl_trial_run does that. It runs the replications `run`
 * runs, in order (replication k: the model's seed, horizon and warm-up,
 * the same bits as replication k of mdl_batch_run), each to the horizon,
 * up to a bound - at most MDL_TRIAL_MAX_TIME of simulated time in all
 * (so the last one may stop short of its horizon), at most about
 * MDL_TRIAL_MAX_EVENTS events; a path network of more than
 * MDL_TRIAL_MAX_NODES nodes is not tried - and reads each fleet's deadlocks and
 * forced passes over the whole trial, warm-up included (the run's own
 * counters cover the window after the warm-up: the trial adds what they
 * held just before it).
 *
 * Ownership: mdl_trial_run fills a caller-owned mdl_trial, whose fleet
 * array it allocates; mdl_trial_fini frees it. Deterministic: the same
 * model and limits give the same trial, on any thread.
 */
#ifndef MDL_TRIAL_H
#define MDL_TRIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_model.h"

/// The trial's default bound on simulated time: 7 days, seconds.
#define MDL_TRIAL_MAX_TIME (7.0 * 86400.0)
/// The trial's default bound on events fired (checked about every 262,000
/// events, so it may go that much beyond).
#define MDL_TRIAL_MAX_EVENTS 10000000u

/// The trial's default bound on the path network: a larger one is not
/// tried (its vehicles' route rows, built as the run needs them, would
/// cost seconds: a trial of a day on 10,000 nodes took 2.4 s of the
/// routes alone, where the check itself takes 0.07 s).
#define MDL_TRIAL_MAX_NODES 2000

/// A vehicle that has held one transport task (a pick-up and its drop,
/// minutes where traffic flows) this long at the end of a trial
/// replication, or half the horizon if that is less (at least 2 h), is
/// stalled: vehicles that go back and forth without arriving, with no
/// deadlock counted, and the line stops behind them.
#define MDL_TRIAL_STALL 86400.0

/// The stall limit of a run of this horizon: MDL_TRIAL_STALL, or half the
/// horizon if that is less, at least 2 h (the trial's, and the run's
/// MDL_FKPI_STALLED), s.
double mdl_stall_limit(double horizon);

/// Where a trial stops: the first bound it meets (the horizon is the last).
typedef struct mdl_trial_limits {
    double max_time;     ///< simulated seconds; <= 0: MDL_TRIAL_MAX_TIME
    uint64_t max_events; ///< events fired; 0: MDL_TRIAL_MAX_EVENTS
    int max_nodes;       ///< path network nodes tried; <= 0: MDL_TRIAL_MAX_NODES
} mdl_trial_limits;

/// One fleet's traffic in the trial: the sums over its replications, each
/// counted from time 0 to where it stopped.
typedef struct mdl_trial_fleet {
    double deadlocks; ///< deadlocks detected (one per episode)
    double forced;    ///< of them, resolved by a forced pass
    double stalled;   ///< the longest a vehicle had held one transport task at the end of a replication
                      ///< (mdl_run_fleet_task_age), s; over the trial's stall_limit: the traffic stopped
    int stalled_rep;  ///< in which replication (1, 2, ...), 0: none
} mdl_trial_fleet;

/// What a trial did and found.
typedef struct mdl_trial {
    bool ran;            ///< false: the model has no fleet, or too large a network (nodes), nothing was run
    int nodes;           ///< the path network's nodes
    int max_nodes;       ///< the bound it was held to (nodes > max_nodes: not run)
    int reps;            ///< replications run (1, 2, ...: the last may stop short of the horizon)
    double end;          ///< where the last meant to stop: min(horizon, what was left of max_time), s
    double reached;      ///< where the last stopped (end, or earlier at the event budget), s
    double total;        ///< simulated time of all of them, s
    double horizon;      ///< the model's horizon, s
    double stall_limit;  ///< a fleet with `stalled` above this stalled: MDL_TRIAL_STALL, or half the horizon if less, at least 2 h
    uint64_t events;     ///< events fired, in all
    bool budget_hit;     ///< the event budget stopped it before `end`
    char error[200];     ///< why the run failed (mdl_run_error), "" when it did not
    int nfleets;            ///< 0 when it did not run
    mdl_trial_fleet *fleet; ///< [nfleets], in model order
} mdl_trial;

/// Runs the trial of model m within lim (NULL: the defaults) into *out.
/// A model without fleets, or whose path network has more nodes than the
/// limit, is not run (out->ran false, true returned).
/// False when memory ran out (*out then holds nothing to free); a run that
/// fails is reported in out->error, with the counts up to the failure.
bool mdl_trial_run(const mdl_model *m, const mdl_trial_limits *lim, mdl_trial *out);
/// Frees what mdl_trial_run allocated; NULL is a no-op.
void mdl_trial_fini(mdl_trial *t);

#endif
