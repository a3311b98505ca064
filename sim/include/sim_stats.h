/*
 * sim_stats.h - statistics collectors and confidence intervals.
 *
 * - sim_tally: observations (Welford's update: mean, variance, min, max, n).
 * - sim_mean: the lean tally, the mean alone by the same update (bit for bit
 *   the mean of a sim_tally fed the same values), for hot paths.
 * - sim_timeavg: a piecewise-constant quantity (queue length, WIP, power)
 *   averaged over time; reset at the end of the warm-up keeps the current
 *   value and restarts the window. Inline: it changes on every hand-over.
 * - sim_loghist: histogram on a log scale read straight off the bits of the
 *   double (32 bins per octave, 2.2 % wide, from 2^-10 to 2^40), quantiles by
 *   interpolation inside a bin. A plain value, no heap memory.
 * - The time-in-state ledger is in sim_ledger.h.
 * - sim_batchmeans: batch means for one long run (keeps at most
 *   SIM_BATCH_MAX batches; when full, neighbouring batches are merged and the
 *   batch size doubles), with a Student-t interval over the batch means.
 * - sim_t_quantile / sim_ci95_halfwidth: Student-t quantiles computed from
 *   the regularised incomplete beta function (exact, not 1.96).
 *
 * All collectors are plain values owned by the caller; none holds heap memory.
 * Dependencies: libc, libm.
 */
#ifndef SIM_STATS_H
#define SIM_STATS_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/// The lean tally: count and mean, Welford's update without the spread and
/// extremes (two operations per observation).
typedef struct sim_mean {
    uint64_t n;
    double mean;
} sim_mean;

/// Empties it.
static inline void sim_mean_reset(sim_mean *a) {
    a->n = 0;
    a->mean = 0.0;
}

/// One observation: the same arithmetic as sim_tally_add's mean.
static inline void sim_mean_add(sim_mean *a, double x) {
    a->n++;
    a->mean += (x - a->mean) / (double)a->n;
}

/// The mean; NaN when empty.
static inline double sim_mean_value(const sim_mean *a) { return a->n ? a->mean : NAN; }

/// A piecewise-constant value averaged over time (a time-weighted level).
typedef struct sim_timeavg {
    double start;  ///< start of the window
    double last;   ///< time of the last change
    double value;  ///< current value
    double area;   ///< integral of value over [start, last]
} sim_timeavg;

/// Starts at time t with value v.
static inline void sim_timeavg_init(sim_timeavg *a, double t, double v) {
    a->start = a->last = t;
    a->value = v;
    a->area = 0.0;
}

/// The value becomes v at time t (t >= last change; an earlier t charges nothing).
static inline void sim_timeavg_set(sim_timeavg *a, double t, double v) {
    if (t > a->last) {
        a->area += a->value * (t - a->last);
        a->last = t;
    }
    a->value = v;
}

/// Adds dv to the value at time t.
static inline void sim_timeavg_add(sim_timeavg *a, double t, double dv) {
    sim_timeavg_set(a, t, a->value + dv);
}

/// Warm-up deletion: forgets everything before t, keeps the current value.
static inline void sim_timeavg_reset(sim_timeavg *a, double t) { sim_timeavg_init(a, t, a->value); }

/// Integral of the value over [start, t].
double sim_timeavg_area(const sim_timeavg *a, double t);
/// Time average over [start, t]; the current value when t == start.
double sim_timeavg_mean(const sim_timeavg *a, double t);

#define SIM_LOGHIST_SUB 32    ///< bins per octave
#define SIM_LOGHIST_EMIN (-10) ///< the first bin starts at 2^EMIN
#define SIM_LOGHIST_EMAX 40   ///< the last bin holds everything from 2^(EMAX-1)
#define SIM_LOGHIST_BINS ((SIM_LOGHIST_EMAX - SIM_LOGHIST_EMIN) * SIM_LOGHIST_SUB)

/// Histogram on a log scale: bin (e - EMIN) * SUB + m holds [2^e (1 + m/SUB),
/// 2^e (1 + (m+1)/SUB)); values below 2^EMIN (and NaN) go to the first bin,
/// values from 2^EMAX on to the last. Zero it with sim_loghist_reset.
typedef struct sim_loghist {
    uint64_t counts[SIM_LOGHIST_BINS];
} sim_loghist;

void sim_loghist_reset(sim_loghist *h); ///< empties it

/// One observation: the bin is the exponent and the top mantissa bits.
static inline void sim_loghist_add(sim_loghist *h, double x) {
    int b = 0;
    if (x >= 0x1p-10) { /* 2^SIM_LOGHIST_EMIN */
        uint64_t u;
        memcpy(&u, &x, sizeof u);
        int e = (int)((u >> 52) & 0x7FF) - 1023;
        int m = (int)((u >> 47) & (SIM_LOGHIST_SUB - 1));
        b = e >= SIM_LOGHIST_EMAX ? SIM_LOGHIST_BINS - 1 : (e - SIM_LOGHIST_EMIN) * SIM_LOGHIST_SUB + m;
    }
    h->counts[b]++;
}

/// Quantile q in (0, 1], interpolated inside its bin and clamped to the
/// observed [min, max] (the caller keeps them, e.g. in a sim_tally). NaN when
/// empty.
double sim_loghist_quantile(const sim_loghist *h, double q, double min, double max);

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
