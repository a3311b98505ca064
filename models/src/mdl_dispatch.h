/*
 * mdl_dispatch.h - the dispatching rules of a station's queue (internal to
 * models/): which waiting unit a server takes next.
 *
 * Every rule is a key per waiting unit; the unit with the smallest key goes
 * first, and among equal keys the one that has waited longest (the queue's
 * order: FIFO). The keys use the mean cycle times of the model (never a
 * sample), so dispatching draws no random numbers.
 */
#ifndef MDL_DISPATCH_H
#define MDL_DISPATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_internal.h"

/// The ATC rule's look-ahead: K in exp(-slack / (K x mean processing time)).
#define MDL_ATC_K 2.0

/// A waiting unit as a rule sees it.
typedef struct mdl_dispatch_job {
    int product;
    int step;      ///< its step on the route (this station's)
    double due;    ///< due date, < 0 none
    uint32_t variant; ///< of a family (its cycle additions and steps count), else 0
} mdl_dispatch_job;

/// Read-only tables of a run for the rules: the remaining mean work of each
/// product from each step of its route on.
typedef struct mdl_dispatch_env {
    const mdl_model *m;
    const double *mean_tab; ///< [product * nst + station]: mean cycle time
    int nst;
    double *remwork;        ///< remwork[remoff[p] + step]
    int *remoff;
} mdl_dispatch_env;

/// Builds the tables (mean_tab must outlive env); false when out of memory.
bool mdl__dispatch_env_init(mdl_dispatch_env *e, const mdl_model *m, const double *mean_tab, int nst);
void mdl__dispatch_env_fini(mdl_dispatch_env *e);

/// What the choosing server made last: product (-1 none) and variant.
typedef struct mdl_dispatch_last {
    int product;
    uint32_t variant;
} mdl_dispatch_last;

/// The key of job j under `rule` at station si, at time now; pbar is the
/// mean processing time here over the queue (ATC only).
double mdl__dispatch_key(const mdl_dispatch_env *e, mdl_dispatch rule, int si, const mdl_dispatch_job *j,
                         double now, mdl_dispatch_last last, double pbar);
/// The job's mean processing time at station si (with its variant's additions).
double mdl__dispatch_p(const mdl_dispatch_env *e, int si, const mdl_dispatch_job *j);

/// Does the rule need pbar (a first pass over the queue)?
static inline bool mdl__dispatch_needs_pbar(mdl_dispatch rule) { return rule == MDL_DISPATCH_ATC; }

#endif
