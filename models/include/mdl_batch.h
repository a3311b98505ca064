/*
 * mdl_batch.h - replications of a model and their statistics.
 *
 * mdl_batch_run runs N replications of a model, on 1..T threads. Each
 * replication r is seeded from (seed, r) alone and written to slot r, and
 * the summaries are computed in replication order afterwards, so the result
 * is bit-identical whatever the number of threads.
 *
 * A summary is the mean over replications, the half-width of the Student-t
 * 95 % interval of that mean (NaN with one replication), the min and max.
 * Paired comparisons (common random numbers: replication r of both models
 * uses the same seeds) give the mean difference and its paired-t interval.
 */
#ifndef MDL_BATCH_H
#define MDL_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_run.h"

/// Mean, Student-t 95 % half-width, min and max over replications.
typedef struct mdl_summary {
    double mean;
    double ci95;
    double min;
    double max;
} mdl_summary;

/// Called after each finished replication (from the thread that ran it,
/// under a lock): done so far, total.
typedef void mdl_progress_fn(void *ctx, int done, int total);
/// Called inside a replication about every 262,000 events (from the thread
/// that runs it, under the same lock): replication rep (0-based) has reached
/// simulated time `now` of `horizon`.
typedef void mdl_rep_progress_fn(void *ctx, int rep, double now, double horizon);

typedef struct mdl_batch_options {
    mdl_run_settings run;      ///< horizon, warm-up, replications, seed
    int threads;               ///< worker threads (values < 1 mean 1)
    mdl_progress_fn *progress; ///< may be NULL
    void *progress_ctx;        ///< for progress and rep_progress
    mdl_rep_progress_fn *rep_progress; ///< may be NULL
    sim_alloc_fn *alloc;       ///< the runs' allocator (mdl_run_set_alloc); NULL: the C library
    void *alloc_ctx;
    /// The record stream of replication records_rep goes to records (from
    /// the thread that runs it; mdl_run_set_records). NULL: none.
    mdl_record_fn *records;
    void *records_ctx;
    int records_rep;
} mdl_batch_options;

typedef struct mdl_batch mdl_batch;

/// Runs the replications; NULL with a message in err when the options are
/// invalid or a replication failed (mdl_run_error: err is then "out of
/// memory", or "replication 3: " and the run's reason). The other
/// replications stop early. Free with mdl_batch_free.
mdl_batch *mdl_batch_run(const mdl_model *m, const mdl_batch_options *o,
                         char *err, size_t err_size);
void mdl_batch_free(mdl_batch *b);

int mdl_batch_reps(const mdl_batch *b);
const mdl_rep_result *mdl_batch_rep(const mdl_batch *b, int rep);
const mdl_model *mdl_batch_model(const mdl_batch *b);
const mdl_run_settings *mdl_batch_settings(const mdl_batch *b);
/// Wall-clock seconds the batch took, and events fired in all replications.
double mdl_batch_wall_s(const mdl_batch *b);
uint64_t mdl_batch_events(const mdl_batch *b);

/// Summary of a line KPI over the replications (NaN values are skipped).
mdl_summary mdl_batch_kpi(const mdl_batch *b, mdl_kpi k);
/// Summary of a station KPI.
mdl_summary mdl_batch_station_kpi(const mdl_batch *b, int station, mdl_skpi k);
/// Summaries of material-handling KPIs (mdl_transport.h); k is a mdl_fkpi,
/// mdl_rkpi or mdl_ckpi.
mdl_summary mdl_batch_fleet_kpi(const mdl_batch *b, int fleet, int k);
/// One vehicle's KPI over the replications (vehicle: mdl_model_vehicle_index).
mdl_summary mdl_batch_vehicle_kpi(const mdl_batch *b, int vehicle, int k);
mdl_summary mdl_batch_robot_kpi(const mdl_batch *b, int robot, int k);
mdl_summary mdl_batch_conveyor_kpi(const mdl_batch *b, int conveyor, int k);
/// An AS/RS's KPI (mdl_wkpi, mdl_asrs.h).
mdl_summary mdl_batch_asrs_kpi(const mdl_batch *b, int asrs, int k);
/// A dock's KPI (mdl_dkpi, mdl_dock.h).
mdl_summary mdl_batch_dock_kpi(const mdl_batch *b, int dock, int k);
/// A BOM line's KPI (mdl_lkpi, mdl_assembly.h; lines as mdl_model_bomline_index)
/// and an assembly, batching or disassembly station's (mdl_xkpi).
mdl_summary mdl_batch_bomline_kpi(const mdl_batch *b, int line, int k);
mdl_summary mdl_batch_flow_kpi(const mdl_batch *b, int station, int k);
/// Summaries of people KPIs (mdl_people.h): the line's (k a mdl_peoplekpi),
/// a pool's and a person's (k a mdl_poolkpi; person: mdl_model_person_index).
mdl_summary mdl_batch_people_kpi(const mdl_batch *b, int k);
mdl_summary mdl_batch_pool_kpi(const mdl_batch *b, int pool, int k);
mdl_summary mdl_batch_person_kpi(const mdl_batch *b, int person, int k);
/// Summary of values[0..n) (NaN values skipped).
mdl_summary mdl_summarize(const double *values, size_t n);

/// Paired difference retrofit - base of a line KPI (same replication count).
mdl_summary mdl_batch_diff(const mdl_batch *base, const mdl_batch *retrofit, mdl_kpi k);

#endif
