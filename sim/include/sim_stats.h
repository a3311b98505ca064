/*
 * sim_stats.h - statistics collectors and confidence intervals.
 *
 * - sim_tally: observations (Welford's update: mean, variance, min, max, n).
 * - sim_timeavg: a piecewise-constant quantity (queue length, WIP, power)
 *   averaged over time; reset at the end of the warm-up keeps the current
 *   value and restarts the window.
 * - sim_hist: fixed-width histogram with under/overflow and quantiles by
 *   linear interpolation inside a bin.
 * - sim_batchmeans: batch means for one long run (keeps at most
 *   SIM_BATCH_MAX batches; when full, neighbouring batches are merged and the
 *   batch size doubles), with a Student-t interval over the batch means.
 * - sim_t_quantile / sim_ci95_halfwidth: Student-t quantiles computed from
 *   the regularised incomplete beta function (exact, not 1.96).
 *
 * All collectors are plain values owned by the caller; only sim_hist holds
 * heap memory (sim_hist_init allocates, sim_hist_fini frees).
 * Dependencies: libc, libm.
 */
#ifndef SIM_STATS_H
#define SIM_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Observations: count, mean, sum of squared deviations, min, max.
typedef struct sim_tally {
    uint64_t n;
    double mean;
    double m2;
    double min;
    double max;
} sim_tally;

void sim_tally_reset(sim_tally *t);                 ///< empty it
void sim_tally_add(sim_tally *t, double x);         ///< one observation
double sim_tally_mean(const sim_tally *t);          ///< NaN when empty
double sim_tally_var(const sim_tally *t);           ///< sample variance (n-1); NaN when n < 2
double sim_tally_sd(const sim_tally *t);            ///< sqrt of the above
/// Student-t 95 % half-width of the mean; NaN when n < 2.
double sim_tally_ci95(const sim_tally *t);
/// Adds the observations of b into a (parallel Welford merge).
void sim_tally_merge(sim_tally *a, const sim_tally *b);

/// A piecewise-constant value averaged over time.
typedef struct sim_timeavg {
    double start;  ///< start of the window
    double last;   ///< time of the last change
    double value;  ///< current value
    double area;   ///< integral of value over [start, last]
    double min;
    double max;
} sim_timeavg;

/// Starts at time t with value v.
void sim_timeavg_init(sim_timeavg *a, double t, double v);
/// The value becomes v at time t (t >= last change).
void sim_timeavg_set(sim_timeavg *a, double t, double v);
/// Adds dv to the value at time t.
void sim_timeavg_add(sim_timeavg *a, double t, double dv);
/// Warm-up deletion: forgets everything before t, keeps the current value.
void sim_timeavg_reset(sim_timeavg *a, double t);
/// Integral of the value over [start, t].
double sim_timeavg_area(const sim_timeavg *a, double t);
/// Time average over [start, t]; the current value when t == start.
double sim_timeavg_mean(const sim_timeavg *a, double t);

/// Fixed-width histogram on [lo, hi) with nbins bins.
typedef struct sim_hist {
    double lo;
    double hi;
    size_t nbins;
    uint64_t *counts;
    uint64_t under;
    uint64_t over;
    sim_tally tally;
} sim_hist;

/// Allocates the bins; false when out of memory or lo >= hi or nbins == 0.
bool sim_hist_init(sim_hist *h, double lo, double hi, size_t nbins);
void sim_hist_fini(sim_hist *h);             ///< frees the bins
void sim_hist_reset(sim_hist *h);            ///< empties it, keeps the bins
void sim_hist_add(sim_hist *h, double x);    ///< one observation
/// Quantile q in [0, 1], linear inside a bin; values in the under/overflow
/// are taken as the observed min/max. NaN when empty.
double sim_hist_quantile(const sim_hist *h, double q);

#define SIM_BATCH_MAX 64

/// Batch means of one long run.
typedef struct sim_batchmeans {
    uint64_t batch_size;
    size_t nbatches;
    double means[SIM_BATCH_MAX];
    double cur_sum;
    uint64_t cur_n;
    uint64_t total;
} sim_batchmeans;

/// Starts with batches of batch_size observations (>= 1).
void sim_batchmeans_init(sim_batchmeans *b, uint64_t batch_size);
void sim_batchmeans_add(sim_batchmeans *b, double x);   ///< one observation
/// Mean over the completed batches (NaN when none).
double sim_batchmeans_mean(const sim_batchmeans *b);
/// Student-t 95 % half-width over the completed batches (NaN when < 2).
double sim_batchmeans_ci95(const sim_batchmeans *b);

/// Student-t cumulative distribution function with df degrees of freedom.
double sim_t_cdf(double t, double df);
/// Student-t quantile: the x with sim_t_cdf(x, df) == p, for 0 < p < 1.
double sim_t_quantile(double p, double df);
/// Half-width of the 95 % interval of a mean from n values with std. dev. sd.
double sim_ci95_halfwidth(double sd, uint64_t n);
/// Regularised incomplete beta function I_x(a, b).
double sim_betainc(double a, double b, double x);

#endif
