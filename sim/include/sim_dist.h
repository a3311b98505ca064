/*
 * sim_dist.h - probability distributions for durations, shares and counts.
 *
 * A sim_dist is a plain value: a kind and its parameters, with derived
 * constants precomputed by the constructor so that sampling is cheap. Every
 * sample draws from a caller-given stream (sim_rng), so the numbers depend
 * only on that stream. Empirical distributions point at tables the caller
 * owns and keeps alive as long as the distribution is used.
 *
 * Parameterisation (the way planners speak, not the textbook's):
 *   const(v), uniform(a, b), exp(mean), normal(mean, sd) (may be negative),
 *   tnormal(mean, sd) (normal truncated to >= 0: the law for durations),
 *   lognormal(mean, sd) (of the variable itself, not of its logarithm),
 *   tri(min, mode, max), erlang(k, mean) (total mean of k phases),
 *   gamma(mean, sd), weibull(shape, scale), beta(alpha, beta, lo, hi),
 *   bernoulli(p) (1 with probability p, else 0), discrete(values, cumulative
 *   probabilities), empirical(points x_i with cumulative F_i, piecewise linear).
 *
 * Constructors never fail; sim_dist_check tells whether the parameters are
 * valid and, if not, why (a sentence for the user). Valid means in the
 * family's domain and also that every sample, the mean and the variance
 * are finite numbers (parameters whose samples would overflow, such as
 * lognormal(1, 1e300), are refused). Sampling an invalid distribution is a
 * bug.
 * Dependencies: libc, libm.
 */
#ifndef SIM_DIST_H
#define SIM_DIST_H

#include <stdbool.h>
#include <stddef.h>

#include "sim_rng.h"

/// Distribution families.
typedef enum sim_dist_kind {
    SIM_DIST_CONST,
    SIM_DIST_UNIFORM,
    SIM_DIST_EXP,
    SIM_DIST_NORMAL,
    SIM_DIST_TNORMAL,
    SIM_DIST_LOGNORMAL,
    SIM_DIST_TRI,
    SIM_DIST_ERLANG,
    SIM_DIST_GAMMA,
    SIM_DIST_WEIBULL,
    SIM_DIST_BETA,
    SIM_DIST_BERNOULLI,
    SIM_DIST_DISCRETE,
    SIM_DIST_EMPIRICAL,
    SIM_DIST_KIND_COUNT
} sim_dist_kind;

/// A distribution: plain value. p[] holds the parameters as given, q[] the
/// constants derived from them; x/cum point at caller-owned tables.
typedef struct sim_dist {
    sim_dist_kind kind;
    double p[4];
    double q[4];
    size_t n;
    const double *x;
    const double *cum;
} sim_dist;

sim_dist sim_dist_const(double v);                       ///< always v
sim_dist sim_dist_uniform(double a, double b);           ///< U[a, b)
sim_dist sim_dist_exp(double mean);                      ///< exponential
sim_dist sim_dist_normal(double mean, double sd);        ///< normal
sim_dist sim_dist_tnormal(double mean, double sd);       ///< normal | >= 0
sim_dist sim_dist_lognormal(double mean, double sd);     ///< by mean and sd
sim_dist sim_dist_tri(double min, double mode, double max); ///< triangular
sim_dist sim_dist_erlang(double k, double mean);         ///< k phases, total mean
sim_dist sim_dist_gamma(double mean, double sd);         ///< by mean and sd
sim_dist sim_dist_weibull(double shape, double scale);   ///< Weibull
sim_dist sim_dist_beta(double alpha, double beta, double lo, double hi); ///< scaled beta
sim_dist sim_dist_bernoulli(double p);                   ///< 1 w.p. p, else 0
/// Discrete: values[i] with cumulative probability cum[i] (cum[n-1] == 1).
sim_dist sim_dist_discrete(size_t n, const double *values, const double *cum);
/// Continuous empirical: CDF through (x[i], cum[i]), cum[0] == 0, cum[n-1] == 1.
sim_dist sim_dist_empirical(size_t n, const double *x, const double *cum);

/// Turns probabilities (or weights) into cumulative probabilities normalised
/// to end at exactly 1; false when a weight is negative or all are zero.
bool sim_dist_cumulate(size_t n, const double *weights, double *cum_out);

/// True when the parameters are valid; otherwise writes a reason such as
/// "sd must be >= 0, got -3" into msg (if msg != NULL) and returns false.
bool sim_dist_check(const sim_dist *d, char *msg, size_t msg_size);

/// Draws one value from stream r.
double sim_dist_sample(const sim_dist *d, sim_rng *r);
/// Exact mean of the distribution (for tnormal: of the truncated law).
double sim_dist_mean(const sim_dist *d);
/// Exact variance of the distribution.
double sim_dist_var(const sim_dist *d);
/// Smallest value the distribution can produce (may be -INFINITY).
double sim_dist_min(const sim_dist *d);
/// Name of the family as written in scenes ("exp", "lognormal", ...).
const char *sim_dist_name(sim_dist_kind kind);
/// Writes the distribution as text, e.g. "exp(240)"; returns snprintf's count.
int sim_dist_format(const sim_dist *d, char *buf, size_t size);

/// Standard normal sample (Box-Muller, two uniforms, no cached state).
double sim_rng_std_normal(sim_rng *r);
/// Gamma(shape, 1) sample (Marsaglia-Tsang), shape > 0.
double sim_rng_gamma_shape(sim_rng *r, double shape);

#endif
