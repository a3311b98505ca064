/*
 * maint_log.h - the events of station 0 of one run, read off the run's
 * event log: what the maintenance tests (test_maint.c, test_maint_more.c)
 * check about when breakdowns and maintenance happen. Include after
 * cmocka.h (and its prerequisites) and model_fixtures.h.
 *
 *   evlog          the counts and coincidences of station 0's events
 *   run_logged     replication 0 of a model to its end, logged
 *   count          how many events of a kind station 0 had
 */
#ifndef LINETWIN_TESTS_MAINT_LOG_H
#define LINETWIN_TESTS_MAINT_LOG_H

#include <math.h>
#include <string.h>

#include "mdl_run.h"
#include "sim_units.h"

/// How many maintenance start times an evlog keeps.
#define EVLOG_MAINT_TIMES 64

/// The events of station 0 of one run.
typedef struct evlog {
    int count[MDL_LOG_KIND_COUNT];
    mdl_run *r;
    int off_at_maint_start;   /* maintenance starts while the station was on shift */
    int maint_after_finish;   /* maintenance starts at the time of a finish */
    int maint_on_grid;        /* maintenance starts on the 95 min grid */
    int down_after_finish;    /* breakdowns at the time of a finish */
    int down_at_hundreds;     /* breakdowns after a multiple of 100 finishes */
    double last_finish;
    double maint_at[EVLOG_MAINT_TIMES]; /* the times of the first maintenance starts */
} evlog;

static inline void evlog_listen(void *ctx, double t, mdl_log_kind k, int station, uint64_t unit) {
    (void)unit;
    evlog *l = ctx;
    if (station != 0) return;
    l->count[k]++;
    if (k == MDL_LOG_FINISH) l->last_finish = t;
    if (k == MDL_LOG_MAINT_START) {
        if (l->count[k] <= EVLOG_MAINT_TIMES) l->maint_at[l->count[k] - 1] = t;
        if (!mdl_run_station_off(l->r, 0)) l->off_at_maint_start++;
        if (l->last_finish == t) l->maint_after_finish++;
        double g = t / (95.0 * SIM_MINUTE);
        if (fabs(g - round(g)) < 1e-9) l->maint_on_grid++;
    }
    if (k == MDL_LOG_DOWN) {
        if (l->last_finish == t) l->down_after_finish++;
        if (l->count[MDL_LOG_FINISH] % 100 == 0) l->down_at_hundreds++;
    }
}

/// Replication 0 of m to its end, its station 0's events in *l; the result
/// (the caller frees it).
static inline mdl_rep_result run_logged(const mdl_model *m, evlog *l) {
    memset(l, 0, sizeof *l);
    mdl_run *r = mdl_run_new(m, NULL, 0);
    assert_non_null(r);
    l->r = r;
    mdl_run_set_log(r, evlog_listen, l);
    mdl_rep_result res = fx_result_at_end(r, m);
    mdl_run_free(r);
    return res;
}

/// How many events of kind k station 0 had.
static inline int count(const evlog *l, mdl_log_kind k) { return l->count[k]; }

#endif
