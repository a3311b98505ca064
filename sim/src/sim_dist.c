/*
 * sim_dist.c - distribution constructors, sampling, exact moments.
 */
#include "sim_dist.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

#define PI 3.14159265358979323846

static sim_dist make(sim_dist_kind k, double a, double b, double c, double d) {
    sim_dist x;
    memset(&x, 0, sizeof x);
    x.kind = k;
    x.p[0] = a;
    x.p[1] = b;
    x.p[2] = c;
    x.p[3] = d;
    return x;
}

sim_dist sim_dist_const(double v) { return make(SIM_DIST_CONST, v, 0, 0, 0); }
sim_dist sim_dist_uniform(double a, double b) { return make(SIM_DIST_UNIFORM, a, b, 0, 0); }
sim_dist sim_dist_exp(double mean) { return make(SIM_DIST_EXP, mean, 0, 0, 0); }
sim_dist sim_dist_normal(double mean, double sd) { return make(SIM_DIST_NORMAL, mean, sd, 0, 0); }

sim_dist sim_dist_tnormal(double mean, double sd) {
    sim_dist d = make(SIM_DIST_TNORMAL, mean, sd, 0, 0);
    /* Standardised truncation point and, for the exponential-proposal
     * sampler of Robert (1995), its optimal rate. */
    double a = sd > 0 ? -mean / sd : 0.0;
    d.q[0] = a;
    d.q[1] = 0.5 * (a + sqrt(a * a + 4.0));
    return d;
}

sim_dist sim_dist_lognormal(double mean, double sd) {
    sim_dist d = make(SIM_DIST_LOGNORMAL, mean, sd, 0, 0);
    if (mean > 0) {
        double s2 = log1p((sd * sd) / (mean * mean));
        d.q[0] = log(mean) - 0.5 * s2; /* mu of the logarithm */
        d.q[1] = sqrt(s2);             /* sigma of the logarithm */
    }
    return d;
}

sim_dist sim_dist_tri(double min, double mode, double max) {
    sim_dist d = make(SIM_DIST_TRI, min, mode, max, 0);
    d.q[0] = max > min ? (mode - min) / (max - min) : 0.0;
    return d;
}

sim_dist sim_dist_erlang(double k, double mean) { return make(SIM_DIST_ERLANG, k, mean, 0, 0); }

sim_dist sim_dist_gamma(double mean, double sd) {
    sim_dist d = make(SIM_DIST_GAMMA, mean, sd, 0, 0);
    if (mean > 0 && sd > 0) {
        d.q[0] = (mean / sd) * (mean / sd); /* shape */
        d.q[1] = sd * sd / mean;            /* scale */
    }
    return d;
}

sim_dist sim_dist_weibull(double shape, double scale) {
    sim_dist d = make(SIM_DIST_WEIBULL, shape, scale, 0, 0);
    d.q[0] = shape > 0 ? 1.0 / shape : 0.0;
    return d;
}

sim_dist sim_dist_beta(double alpha, double beta, double lo, double hi) {
    return make(SIM_DIST_BETA, alpha, beta, lo, hi);
}

sim_dist sim_dist_bernoulli(double p) { return make(SIM_DIST_BERNOULLI, p, 0, 0, 0); }

/* A law given by a table of n points x and cumulative probabilities. */
static sim_dist tabulated(sim_dist_kind kind, size_t n, const double *x, const double *cum) {
    sim_dist d = make(kind, 0, 0, 0, 0);
    d.n = n;
    d.x = x;
    d.cum = cum;
    return d;
}

sim_dist sim_dist_discrete(size_t n, const double *values, const double *cum) {
    return tabulated(SIM_DIST_DISCRETE, n, values, cum);
}

sim_dist sim_dist_empirical(size_t n, const double *x, const double *cum) {
    return tabulated(SIM_DIST_EMPIRICAL, n, x, cum);
}

bool sim_dist_cumulate(size_t n, const double *weights, double *cum_out) {
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!(weights[i] >= 0.0) || !isfinite(weights[i])) return false;
        total += weights[i];
    }
    if (!(total > 0.0)) return false;
    double run = 0.0;
    for (size_t i = 0; i < n; i++) {
        run += weights[i];
        cum_out[i] = run / total;
    }
    cum_out[n - 1] = 1.0;
    return true;
}

static const char *const names[SIM_DIST_KIND_COUNT] = {
    "const", "uniform", "exp", "normal", "tnormal", "lognormal", "tri",
    "erlang", "gamma", "weibull", "beta", "bernoulli", "discrete", "empirical"};

const char *sim_dist_name(sim_dist_kind kind) {
    return (unsigned)kind < SIM_DIST_KIND_COUNT ? names[kind] : "?";
}

#define FAIL(...)                                                              \
    do {                                                                       \
        if (msg && msg_size) snprintf(msg, msg_size, __VA_ARGS__);             \
        return false;                                                          \
    } while (0)

static bool check_params(const sim_dist *d, char *msg, size_t msg_size) {
    const double *p = d->p;
    for (int i = 0; i < 4; i++)
        if (!isfinite(p[i])) FAIL("%s: parameters must be finite numbers", sim_dist_name(d->kind));
    switch (d->kind) {
    case SIM_DIST_CONST:
        return true;
    case SIM_DIST_UNIFORM:
        if (!(p[0] <= p[1])) FAIL("uniform(a, b) needs a <= b, got a=%g, b=%g", p[0], p[1]);
        return true;
    case SIM_DIST_EXP:
        if (!(p[0] > 0)) FAIL("exp(mean) needs mean > 0, got %g", p[0]);
        return true;
    case SIM_DIST_NORMAL:
        if (!(p[1] >= 0)) FAIL("normal(mean, sd) needs sd >= 0, got %g", p[1]);
        return true;
    case SIM_DIST_TNORMAL:
        if (!(p[1] >= 0)) FAIL("normal(mean, sd) needs sd >= 0, got %g", p[1]);
        if (p[1] == 0 && p[0] < 0) FAIL("normal(mean, 0) of a duration needs mean >= 0, got %g", p[0]);
        if (p[1] > 0 && p[0] / p[1] < -30)
            FAIL("normal(%g, %g) truncated at 0 is almost surely 0: the mean is %g sd below 0",
                 p[0], p[1], -p[0] / p[1]);
        return true;
    case SIM_DIST_LOGNORMAL:
        if (!(p[0] > 0)) FAIL("lognormal(mean, sd) needs mean > 0, got %g", p[0]);
        if (!(p[1] >= 0)) FAIL("lognormal(mean, sd) needs sd >= 0, got %g", p[1]);
        return true;
    case SIM_DIST_TRI:
        if (!(p[0] <= p[1] && p[1] <= p[2]))
            FAIL("tri(min, mode, max) needs min <= mode <= max, got %g, %g, %g", p[0], p[1], p[2]);
        return true;
    case SIM_DIST_ERLANG:
        if (!(p[0] >= 1 && p[0] == floor(p[0]) && p[0] <= 1e6))
            FAIL("erlang(k, mean) needs a whole number of phases k >= 1, got %g", p[0]);
        if (!(p[1] > 0)) FAIL("erlang(k, mean) needs mean > 0, got %g", p[1]);
        return true;
    case SIM_DIST_GAMMA:
        if (!(p[0] > 0)) FAIL("gamma(mean, sd) needs mean > 0, got %g", p[0]);
        if (!(p[1] > 0)) FAIL("gamma(mean, sd) needs sd > 0, got %g", p[1]);
        if (!(d->q[0] > 1e-6)) FAIL("gamma(mean, sd): sd %g is too large for mean %g", p[1], p[0]);
        return true;
    case SIM_DIST_WEIBULL:
        if (!(p[0] > 0)) FAIL("weibull(shape, scale) needs shape > 0, got %g", p[0]);
        if (!(p[1] > 0)) FAIL("weibull(shape, scale) needs scale > 0, got %g", p[1]);
        return true;
    case SIM_DIST_BETA:
        if (!(p[0] > 0 && p[1] > 0)) FAIL("beta(alpha, beta, lo, hi) needs alpha > 0 and beta > 0, got %g, %g", p[0], p[1]);
        if (!(p[2] < p[3])) FAIL("beta(alpha, beta, lo, hi) needs lo < hi, got %g, %g", p[2], p[3]);
        return true;
    case SIM_DIST_BERNOULLI:
        if (!(p[0] >= 0 && p[0] <= 1)) FAIL("bernoulli(p) needs 0 <= p <= 1, got %g", p[0]);
        return true;
    case SIM_DIST_DISCRETE:
    case SIM_DIST_EMPIRICAL: {
        bool emp = d->kind == SIM_DIST_EMPIRICAL;
        if (!d->x || !d->cum || d->n < (emp ? 2u : 1u))
            FAIL("%s needs at least %d points", sim_dist_name(d->kind), emp ? 2 : 1);
        for (size_t i = 0; i < d->n; i++) {
            if (!isfinite(d->x[i]) || !isfinite(d->cum[i])) FAIL("%s: point %zu is not a finite number", sim_dist_name(d->kind), i + 1);
            if (d->cum[i] < 0 || d->cum[i] > 1) FAIL("%s: cumulative probability %g of point %zu is outside [0, 1]", sim_dist_name(d->kind), d->cum[i], i + 1);
            if (i && d->cum[i] < d->cum[i - 1]) FAIL("%s: cumulative probabilities must not decrease (point %zu)", sim_dist_name(d->kind), i + 1);
            if (emp && i && d->x[i] < d->x[i - 1]) FAIL("empirical: values must not decrease (point %zu)", i + 1);
        }
        if (d->cum[d->n - 1] != 1.0) FAIL("%s: the last cumulative probability must be 1, got %g", sim_dist_name(d->kind), d->cum[d->n - 1]);
        if (emp && d->cum[0] != 0.0) FAIL("empirical: the first cumulative probability must be 0, got %g", d->cum[0]);
        return true;
    }
    default:
        FAIL("unknown distribution");
    }
}

/* The largest |z| a standard normal draw can take: Box-Muller with
 * u1 >= 2^-53 gives sqrt(-2 ln 2^-53) = 8.57. */
#define Z_MAX 8.6
/* -log(u) for u in (0, 1] from sim_rng_u01_pos: at most 53 ln 2. */
#define NEG_LOG_U_MAX 36.8
/* ln(DBL_MAX) less a margin. */
#define LOG_MAX 709.0

static bool finite_sum(double a, double b) { return isfinite(a + b); }

/* Parameters that are finite and in their family's domain can still make
 * the sampler's arithmetic overflow or underflow into an infinite or NaN
 * sample (lognormal(1, 1e300): sigma^2 = ln(1 + cv^2) is infinite;
 * gamma(300, 1e-300): an infinite shape times a zero scale). This checks,
 * family by family, that every value the sampler can compute from the
 * extreme uniforms it can draw is finite. */
static bool check_range(const sim_dist *d, char *msg, size_t msg_size) {
    const double *p = d->p, *q = d->q;
    const char *n = sim_dist_name(d->kind);
    switch (d->kind) {
    case SIM_DIST_UNIFORM:
        if (!isfinite(p[1] - p[0])) FAIL("uniform(%g, %g): the range is too wide to sample", p[0], p[1]);
        break;
    case SIM_DIST_EXP:
        if (!isfinite(p[0] * NEG_LOG_U_MAX)) FAIL("exp(%g): the mean is too large to sample", p[0]);
        break;
    case SIM_DIST_NORMAL:
    case SIM_DIST_TNORMAL:
        if (!finite_sum(fabs(p[0]), p[1] * Z_MAX)) FAIL("normal(%g, %g): too large to sample", p[0], p[1]);
        break;
    case SIM_DIST_LOGNORMAL:
        if (!(isfinite(q[0]) && isfinite(q[1]) && q[0] + Z_MAX * q[1] < LOG_MAX))
            FAIL("lognormal(%g, %g): sd %g is too large for mean %g (its samples overflow)", p[0], p[1], p[1], p[0]);
        break;
    case SIM_DIST_TRI:
        if (!isfinite((p[2] - p[0]) * (p[2] - p[0])))
            FAIL("tri(%g, %g, %g): the range is too wide to sample", p[0], p[1], p[2]);
        break;
    case SIM_DIST_ERLANG:
        if (!isfinite(NEG_LOG_U_MAX * p[0] * p[1]))
            FAIL("erlang(%g, %g): the mean is too large to sample", p[0], p[1]);
        break;
    case SIM_DIST_GAMMA:
        /* Marsaglia-Tsang returns d v with v <= (1 + 8.6 / 3)^3 < 60. */
        if (!(isfinite(q[0]) && q[1] >= DBL_MIN && isfinite((q[0] + 1.0) * 64.0 * q[1])))
            FAIL("gamma(%g, %g): sd %g is too small or too large for mean %g (its samples overflow)", p[0], p[1],
                 p[1], p[0]);
        break;
    case SIM_DIST_WEIBULL:
        if (!(log(p[1]) + log(NEG_LOG_U_MAX) / p[0] < LOG_MAX))
            FAIL("weibull(%g, %g): the shape is too small or the scale too large to sample", p[0], p[1]);
        break;
    case SIM_DIST_BETA:
        if (!isfinite((p[0] + p[1]) * 64.0))
            FAIL("beta(%g, %g, %g, %g): the shapes are too large to sample", p[0], p[1], p[2], p[3]);
        if (!isfinite(p[3] - p[2])) FAIL("beta(%g, %g, %g, %g): the range is too wide to sample", p[0], p[1], p[2], p[3]);
        break;
    case SIM_DIST_EMPIRICAL:
        for (size_t i = 1; i < d->n; i++)
            if (!isfinite(d->x[i] - d->x[i - 1])) FAIL("empirical: the range is too wide to sample (point %zu)", i + 1);
        break;
    default:
        break;
    }
    /* Means and variances feed KPIs (performance, the capacity estimate). */
    double mean = sim_dist_mean(d), var = sim_dist_var(d);
    if (!isfinite(mean) || !isfinite(var))
        FAIL("%s: the mean or the variance of these parameters is not a finite number", n);
    return true;
}

bool sim_dist_check(const sim_dist *d, char *msg, size_t msg_size) {
    return check_params(d, msg, msg_size) && check_range(d, msg, msg_size);
}

double sim_rng_std_normal(sim_rng *r) {
    double u1 = sim_rng_u01_pos(r);
    double u2 = sim_rng_u01(r);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * PI * u2);
}

double sim_rng_gamma_shape(sim_rng *r, double shape) {
    if (shape < 1.0) {
        /* Boost: G(a) = G(a + 1) * U^(1/a). */
        double g = sim_rng_gamma_shape(r, shape + 1.0);
        return g * pow(sim_rng_u01_pos(r), 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = sim_rng_std_normal(r);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = sim_rng_u01_pos(r);
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v))) return d * v;
    }
}

static double sample_tnormal(const sim_dist *d, sim_rng *r) {
    double mean = d->p[0], sd = d->p[1];
    if (sd == 0.0) return mean > 0 ? mean : 0.0;
    double a = d->q[0];
    if (a < 0.45) {
        /* Acceptance >= 1 - Phi(0.45) = 0.33: plain rejection. */
        for (;;) {
            double z = sim_rng_std_normal(r);
            if (z >= a) return mean + sd * z;
        }
    }
    /* Far tail: exponential proposal shifted to a (Robert 1995). */
    double alpha = d->q[1];
    for (;;) {
        double z = a - log(sim_rng_u01_pos(r)) / alpha;
        double rho = exp(-0.5 * (z - alpha) * (z - alpha));
        if (sim_rng_u01(r) <= rho) {
            double x = mean + sd * z;
            return x > 0.0 ? x : 0.0;
        }
    }
}

static size_t find_cum(const double *cum, size_t n, double u) {
    /* First i with u < cum[i]. */
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u < cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Every family but the two that production models draw most often
 * (exponential and constant durations). Kept out of line so that the
 * common draw runs without this switch's prologue (register saves and a
 * stack frame: 17 instructions a draw on the 5-station line of
 * bench_line); the values are the same. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static double sample_general(const sim_dist *d, sim_rng *r) {
    const double *p = d->p;
    switch (d->kind) {
    case SIM_DIST_CONST:
        return p[0];
    case SIM_DIST_UNIFORM: {
        /* a + (b - a) u can round up to b itself when u is within an ulp
         * of 1 (e.g. uniform(2, 4)); the interval is half-open, and a
         * caller flooring uniform(0, n) to an index relies on that. */
        double x = p[0] + (p[1] - p[0]) * sim_rng_u01(r);
        return x < p[1] || !(p[0] < p[1]) ? x : nextafter(p[1], p[0]);
    }
    case SIM_DIST_EXP:
        return -p[0] * log(sim_rng_u01_pos(r));
    case SIM_DIST_NORMAL:
        return p[0] + p[1] * sim_rng_std_normal(r);
    case SIM_DIST_TNORMAL:
        return sample_tnormal(d, r);
    case SIM_DIST_LOGNORMAL:
        /* exp(log(mean)) is not always mean: a zero sd must give exactly
         * the mean, as const() would. */
        if (d->q[1] == 0.0) return p[0];
        return exp(d->q[0] + d->q[1] * sim_rng_std_normal(r));
    case SIM_DIST_TRI: {
        double u = sim_rng_u01(r);
        double lo = p[0], mode = p[1], hi = p[2];
        if (u < d->q[0]) return lo + sqrt(u * (hi - lo) * (mode - lo));
        return hi - sqrt((1.0 - u) * (hi - lo) * (hi - mode));
    }
    case SIM_DIST_ERLANG: {
        /* Product of uniforms in chunks of 16 so that it never underflows. */
        long k = (long)p[0];
        double s = 0.0;
        while (k > 0) {
            double prod = 1.0;
            for (int i = 0; i < 16 && k > 0; i++, k--) prod *= sim_rng_u01_pos(r);
            s -= log(prod);
        }
        return s * p[1] / p[0];
    }
    case SIM_DIST_GAMMA:
        return sim_rng_gamma_shape(r, d->q[0]) * d->q[1];
    case SIM_DIST_WEIBULL:
        return p[1] * pow(-log(sim_rng_u01_pos(r)), d->q[0]);
    case SIM_DIST_BETA: {
        double x = sim_rng_gamma_shape(r, p[0]);
        double y = sim_rng_gamma_shape(r, p[1]);
        /* With tiny shapes both draws can underflow to 0 (0 / 0): the law
         * is then, to double precision, all at lo or hi, with P(hi) =
         * alpha / (alpha + beta). Only reached where the quotient has no
         * value, so every other draw is unchanged. */
        if (!(x + y > 0.0)) return sim_rng_u01(r) < p[0] / (p[0] + p[1]) ? p[3] : p[2];
        return p[2] + (p[3] - p[2]) * (x / (x + y));
    }
    case SIM_DIST_BERNOULLI:
        return sim_rng_u01(r) < p[0] ? 1.0 : 0.0;
    case SIM_DIST_DISCRETE:
        return d->x[find_cum(d->cum, d->n, sim_rng_u01(r))];
    case SIM_DIST_EMPIRICAL: {
        double u = sim_rng_u01(r);
        size_t i = find_cum(d->cum, d->n, u); /* cum[i-1] <= u < cum[i] */
        if (i == 0) return d->x[0];
        double f0 = d->cum[i - 1], f1 = d->cum[i];
        double t = f1 > f0 ? (u - f0) / (f1 - f0) : 0.0;
        return d->x[i - 1] + t * (d->x[i] - d->x[i - 1]);
    }
    default:
        SIM_CHECK(0, "sampling an unknown distribution kind");
        return NAN;
    }
}

double sim_dist_sample(const sim_dist *d, sim_rng *r) {
    if (d->kind == SIM_DIST_EXP) return -d->p[0] * log(sim_rng_u01_pos(r));
    if (d->kind == SIM_DIST_CONST) return d->p[0];
    return sample_general(d, r);
}

static double std_pdf(double z) { return exp(-0.5 * z * z) / sqrt(2.0 * PI); }
static double std_upper(double z) { return 0.5 * erfc(z / sqrt(2.0)); }

double sim_dist_mean(const sim_dist *d) {
    const double *p = d->p;
    switch (d->kind) {
    case SIM_DIST_CONST:
        return p[0];
    case SIM_DIST_UNIFORM:
        return 0.5 * (p[0] + p[1]);
    case SIM_DIST_EXP:
        return p[0];
    case SIM_DIST_NORMAL:
        return p[0];
    case SIM_DIST_TNORMAL: {
        if (p[1] == 0) return p[0] > 0 ? p[0] : 0;
        double a = d->q[0];
        return p[0] + p[1] * std_pdf(a) / std_upper(a);
    }
    case SIM_DIST_LOGNORMAL:
    case SIM_DIST_GAMMA:
        return p[0];
    case SIM_DIST_TRI:
        return (p[0] + p[1] + p[2]) / 3.0;
    case SIM_DIST_ERLANG:
        return p[1];
    case SIM_DIST_WEIBULL:
        return p[1] * tgamma(1.0 + 1.0 / p[0]);
    case SIM_DIST_BETA:
        return p[2] + (p[3] - p[2]) * p[0] / (p[0] + p[1]);
    case SIM_DIST_BERNOULLI:
        return p[0];
    case SIM_DIST_DISCRETE: {
        double m = 0, prev = 0;
        for (size_t i = 0; i < d->n; i++) {
            m += d->x[i] * (d->cum[i] - prev);
            prev = d->cum[i];
        }
        return m;
    }
    case SIM_DIST_EMPIRICAL: {
        double m = 0;
        for (size_t i = 1; i < d->n; i++)
            m += 0.5 * (d->x[i - 1] + d->x[i]) * (d->cum[i] - d->cum[i - 1]);
        return m;
    }
    default:
        return NAN;
    }
}

double sim_dist_var(const sim_dist *d) {
    const double *p = d->p;
    switch (d->kind) {
    case SIM_DIST_CONST:
        return 0.0;
    case SIM_DIST_UNIFORM:
        return (p[1] - p[0]) * (p[1] - p[0]) / 12.0;
    case SIM_DIST_EXP:
        return p[0] * p[0];
    case SIM_DIST_NORMAL:
        return p[1] * p[1];
    case SIM_DIST_TNORMAL: {
        if (p[1] == 0) return 0.0;
        double a = d->q[0];
        double lam = std_pdf(a) / std_upper(a);
        return p[1] * p[1] * (1.0 + a * lam - lam * lam);
    }
    case SIM_DIST_LOGNORMAL:
    case SIM_DIST_GAMMA:
        return p[1] * p[1];
    case SIM_DIST_TRI: {
        double a = p[0], c = p[1], b = p[2];
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    }
    case SIM_DIST_ERLANG:
        return p[1] * p[1] / p[0];
    case SIM_DIST_WEIBULL: {
        double g1 = tgamma(1.0 + 1.0 / p[0]), g2 = tgamma(1.0 + 2.0 / p[0]);
        return p[1] * p[1] * (g2 - g1 * g1);
    }
    case SIM_DIST_BETA: {
        /* As ratios: s * s underflows for tiny shapes (beta(1e-300,
         * 1e-300) has variance w^2 / 4, not 0 / 0). */
        double s = p[0] + p[1], w = p[3] - p[2];
        return w * w * (p[0] / s) * (p[1] / s) / (s + 1.0);
    }
    case SIM_DIST_BERNOULLI:
        return p[0] * (1.0 - p[0]);
    case SIM_DIST_DISCRETE: {
        double m = sim_dist_mean(d), v = 0, prev = 0;
        for (size_t i = 0; i < d->n; i++) {
            v += (d->x[i] - m) * (d->x[i] - m) * (d->cum[i] - prev);
            prev = d->cum[i];
        }
        return v;
    }
    case SIM_DIST_EMPIRICAL: {
        double m = sim_dist_mean(d), e2 = 0;
        for (size_t i = 1; i < d->n; i++) {
            double a = d->x[i - 1], b = d->x[i];
            e2 += (a * a + a * b + b * b) / 3.0 * (d->cum[i] - d->cum[i - 1]);
        }
        return e2 - m * m;
    }
    default:
        return NAN;
    }
}

double sim_dist_min(const sim_dist *d) {
    const double *p = d->p;
    switch (d->kind) {
    case SIM_DIST_CONST:
    case SIM_DIST_UNIFORM:
    case SIM_DIST_TRI:
        return p[0];
    case SIM_DIST_NORMAL:
        return p[1] > 0 ? -INFINITY : p[0];
    case SIM_DIST_BETA:
        return p[2];
    case SIM_DIST_DISCRETE: {
        /* Only values with a positive probability can be produced. */
        double m = INFINITY, prev = 0.0;
        for (size_t i = 0; i < d->n; i++) {
            if (d->cum[i] > prev && d->x[i] < m) m = d->x[i];
            prev = d->cum[i];
        }
        return m;
    }
    case SIM_DIST_EMPIRICAL:
        /* The start of the first segment that carries probability. */
        for (size_t i = 1; i < d->n; i++)
            if (d->cum[i] > d->cum[i - 1]) return d->x[i - 1];
        return d->n ? d->x[0] : NAN;
    default:
        return 0.0; /* exp, tnormal, lognormal, erlang, gamma, weibull, bernoulli */
    }
}

int sim_dist_format(const sim_dist *d, char *buf, size_t size) {
    const double *p = d->p;
    const char *n = sim_dist_name(d->kind);
    switch (d->kind) {
    case SIM_DIST_CONST:
    case SIM_DIST_EXP:
    case SIM_DIST_BERNOULLI:
        return snprintf(buf, size, "%s(%g)", n, p[0]);
    case SIM_DIST_TRI:
        return snprintf(buf, size, "%s(%g, %g, %g)", n, p[0], p[1], p[2]);
    case SIM_DIST_BETA:
        return snprintf(buf, size, "%s(%g, %g, %g, %g)", n, p[0], p[1], p[2], p[3]);
    case SIM_DIST_DISCRETE:
    case SIM_DIST_EMPIRICAL:
        return snprintf(buf, size, "%s(%zu points)", n, d->n);
    case SIM_DIST_TNORMAL:
        return snprintf(buf, size, "normal(%g, %g)", p[0], p[1]);
    default:
        return snprintf(buf, size, "%s(%g, %g)", n, p[0], p[1]);
    }
}
