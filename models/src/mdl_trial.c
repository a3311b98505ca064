/*
 * mdl_trial.c - a trial run of a model's traffic (mdl_trial.h).
 *
 * Only the public run API: the replication is made and advanced as
 * mdl_batch_run makes and advances replication 0, so the trial is that
 * replication's first part, bit for bit (advancing in slices changes
 * nothing a run computes).
 */
#include "mdl_trial.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_run.h"
#include "mdl_transport.h"

/* The run's progress hook is called after every slice of 2^18 events
 * (mdl_run_set_progress); the trial counts the slices against its budget. */
#define TRIAL_SLICE_EVENTS ((uint64_t)1 << 18)

typedef struct budget {
    uint64_t slices_left;
    bool hit;
} budget;

static bool on_slice(void *ctx, double now, double horizon) {
    (void)now, (void)horizon;
    budget *b = ctx;
    if (b->slices_left == 0) {
        b->hit = true;
        return false;
    }
    b->slices_left--;
    return true;
}

/* Adds the fleets' deadlock counters of the run so far (the window since
 * the warm-up, or since time 0 before it) to the trial's. */
static bool add_counts(const mdl_model *m, const mdl_run *r, mdl_trial *t) {
    mdl_rep_result res;
    if (!mdl_rep_result_init(&res, m)) return false;
    mdl_run_result(r, &res);
    for (int f = 0; f < t->nfleets; f++) {
        t->fleet[f].deadlocks += mdl_rep_fleet_kpi(&res, f, MDL_FKPI_DEADLOCKS);
        t->fleet[f].forced += mdl_rep_fleet_kpi(&res, f, MDL_FKPI_DEADLOCK_FORCED);
    }
    mdl_rep_result_fini(&res);
    return true;
}

/* Advances r to t within the budget; false when it stopped short (the
 * budget, or a failure). */
static bool advance(mdl_run *r, double t) {
    mdl_run_until(r, t);
    return !mdl_run_error(r) && mdl_run_now(r) >= t;
}

/* Runs replication k from time 0 to `end` (or the budget) and adds its
 * fleets' counts; false when memory ran out. The warm-up resets the
 * fleets' counters: they are read just before it (the warm-up's reset is
 * the first event at its time), then the window after it, and added. */
static bool trial_rep(const mdl_model *m, const mdl_run_settings *set, uint32_t k, double end, budget *b,
                      mdl_trial *out) {
    mdl_run *r = mdl_run_new(m, set, k);
    if (!r) return false;
    mdl_run_set_progress(r, on_slice, b);
    bool whole = true, ok = true;
    double w = set->warmup;
    bool split = w > 0 && w <= end;
    if (split) {
        whole = advance(r, nextafter(w, 0.0));
        ok = add_counts(m, r, out);
    }
    if (whole && ok) advance(r, end);
    if (ok && (!split || mdl_run_now(r) >= w)) ok = add_counts(m, r, out);
    for (int f = 0; ok && f < out->nfleets; f++) { /* (a vehicle on one task since long before the end: a stall) */
        double age = mdl_run_fleet_task_age(r, f);
        if (age > out->fleet[f].stalled) out->fleet[f].stalled = age, out->fleet[f].stalled_rep = (int)k + 1;
    }
    out->reps = (int)k + 1;
    out->reached = mdl_run_now(r);
    out->total += out->reached;
    out->events += mdl_run_events(r);
    if (mdl_run_error(r)) snprintf(out->error, sizeof out->error, "%s", mdl_run_error(r));
    mdl_run_free(r);
    return ok;
}

double mdl_stall_limit(double horizon) { return fmax(fmin(MDL_TRIAL_STALL, 0.5 * horizon), 7200.0); }

void mdl_trial_fini(mdl_trial *t) {
    if (!t) return;
    free(t->fleet);
    t->fleet = NULL;
    t->nfleets = 0;
}

bool mdl_trial_run(const mdl_model *m, const mdl_trial_limits *lim, mdl_trial *out) {
    memset(out, 0, sizeof *out);
    const mdl_run_settings *set = mdl_model_run(m);
    out->horizon = set->horizon;
    out->stall_limit = mdl_stall_limit(set->horizon);
    out->nfleets = mdl_model_fleet_count(m);
    if (out->nfleets <= 0) {
        out->nfleets = 0;
        return true;
    }
    out->nodes = mdl_model_node_count(m);
    out->max_nodes = lim && lim->max_nodes > 0 ? lim->max_nodes : MDL_TRIAL_MAX_NODES;
    if (out->nodes > out->max_nodes) { /* (ran false: too large a network to try) */
        out->nfleets = 0;
        return true;
    }
    double max_time = lim && lim->max_time > 0 ? lim->max_time : MDL_TRIAL_MAX_TIME;
    uint64_t max_events = lim && lim->max_events > 0 ? lim->max_events : MDL_TRIAL_MAX_EVENTS;
    out->fleet = calloc((size_t)out->nfleets, sizeof *out->fleet);
    if (!out->fleet) {
        mdl_trial_fini(out);
        return false;
    }
    out->ran = true;
    budget b = {max_events / TRIAL_SLICE_EVENTS, false};
    /* The replications in order, each to the horizon, until max_time of
     * traffic in all, the budget, or a failure. */
    bool ok = true;
    uint32_t reps = set->replications > 0 ? (uint32_t)set->replications : 1;
    for (uint32_t k = 0; ok && k < reps && out->total < max_time && !b.hit && !out->error[0]; k++) {
        out->end = fmin(set->horizon, max_time - out->total);
        ok = trial_rep(m, set, k, out->end, &b, out);
    }
    out->budget_hit = b.hit && out->reached < out->end;
    if (!ok) mdl_trial_fini(out);
    return ok;
}
