/*
 * exp_stats.h - how many replications a scenario gets, and from when its
 * statistics count: the published procedures a sweep and `optimize` use.
 *
 * - MSER-5 (White 1997; White, Cobb & Spratt 2000): the warm-up that
 *   minimises the marginal standard error of the rest of a series of batch
 *   means of 5 observations, searched over the first half of the series.
 * - The sequential procedure for a relative precision (Law, Simulation
 *   Modeling and Analysis, 5th ed., 2015, section 9.4.1): replications are
 *   added until the 95 % half-width is within gamma' = gamma / (1 + gamma)
 *   of the mean's magnitude, which gives a relative error of at most gamma
 *   with about 95 % confidence.
 * - KN (Kim & Nelson, "A fully sequential procedure for indifference-zone
 *   selection in simulation", ACM TOMACS 11(3), 2001): with k systems, a
 *   first stage of n0 replications, indifference zone delta and 1 - alpha,
 *   it selects the best system with probability at least 1 - alpha when the
 *   best is at least delta better than every other (normal outputs, common
 *   random numbers allowed). Systems are eliminated one replication at a
 *   time; the decision depends only on the values, never on how many were
 *   run in parallel.
 *
 * Pure functions of their inputs; the caller runs the replications.
 */
#ifndef EXP_STATS_H
#define EXP_STATS_H

#include <stdbool.h>
#include <stddef.h>

/// MSER with batches of `batch` observations (5 for MSER-5) over y[0..n):
/// the number of observations to drop (a multiple of batch, at most half
/// the series), and the minimised statistic in *stat when not NULL. 0 when
/// the series has fewer than 2 batches.
size_t exp_mser(const double *y, size_t n, size_t batch, double *stat);

/// The sequential rule: given the mean and 95 % half-width of n
/// replications, is the relative precision gamma (0.02 for 2 %) reached?
bool exp_precision_met(double mean, double ci95, double gamma);
/// Replications to try next for the rule: n (ci95 / (gamma' |mean|))^2,
/// at least n + 1, at most max_n.
int exp_precision_next(int n, double mean, double ci95, double gamma, int max_n);

/// Kim & Nelson's KN procedure, fed replication by replication.
typedef struct exp_kn {
    int k, n0;
    double alpha, delta, h2;
    bool maximize;
    int r;             ///< replications processed for the systems alive
    double *sum;       ///< [k] running sums
    double *s2;        ///< [k*k] first-stage variances of the differences
    bool *alive;       ///< [k]
    int *out_at;       ///< [k] replications when eliminated (0: alive)
    int nalive;
    int nmax;          ///< the bound on replications: floor(h2 max S2 / delta^2) + 1
} exp_kn;

/// Value of system i in replication r (0-based), for exp_kn_*.
typedef double exp_kn_value_fn(void *ctx, int i, int r);

/// Starts KN for k >= 2 systems, n0 >= 2, 0 < alpha < 1, delta > 0; false
/// when memory ran out or an argument is out of range. Systems with
/// feasible[i] false (NULL: all feasible) start eliminated.
bool exp_kn_init(exp_kn *kn, int k, int n0, double alpha, double delta, bool maximize, const bool *feasible);
void exp_kn_fini(exp_kn *kn);
/// The first stage: the variances of the paired differences from
/// replications 0..n0-1 of the alive systems (get must have them).
void exp_kn_first_stage(exp_kn *kn, exp_kn_value_fn *get, void *ctx);
/// Processes replications kn->r .. upto-1 of the alive systems in order,
/// eliminating after each. True when the procedure has ended (one system
/// left, or the bound nmax reached: then the best sample mean wins).
bool exp_kn_advance(exp_kn *kn, exp_kn_value_fn *get, void *ctx, int upto);
/// The selected system (the one alive, else the best mean of the alive).
int exp_kn_selected(const exp_kn *kn);

#endif
