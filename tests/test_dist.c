/*
 * test_dist.c - distributions: sampling against theory, exact moments,
 * parameter checks, cumulate, min, format.
 *
 * For every family the test draws N samples with a fixed seed and checks
 *  - the library's exact mean and variance against the textbook formula,
 *    written out here independently of the library;
 *  - the sample mean within 4 standard errors sqrt(var / N) of the exact mean;
 *  - the sample variance within 4 standard errors of the exact variance,
 *    with the standard error of a sample variance
 *    sqrt((m4 - var^2 (N - 3) / (N - 1)) / N), m4 the sample fourth central
 *    moment;
 *  - where a closed-form CDF exists, the Kolmogorov-Smirnov statistic D
 *    below a critical value (see KS_TESTS below);
 *  - that every sample lies in the support and at or above sim_dist_min.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_dist.h"
#include "test_helpers.h"
#include "test_main.h"

#define PI 3.14159265358979323846
#define N_SAMPLES 200000
/* Kolmogorov-Smirnov critical values. The published asymptotic points,
 * 1.358 / sqrt(n) at 5 % and 1.628 / sqrt(n) at 1 %, are c = sqrt(ln(2 / a) / 2)
 * (the leading term of Kolmogorov's series, P(sqrt(n) D > c) ~ 2 exp(-2 c^2)).
 * This file runs KS_TESTS of them; at 1 % each, one of the 36 would fail
 * on about every fourth seed (it did: gamma shape 0.5625, sqrt(n) D = 1.663,
 * while five other seeds at n = 5e6 gave 0.51 to 1.07, i.e. no bias). So
 * each test runs at a = 1 % / KS_TESTS (Bonferroni), which keeps the chance
 * of any false alarm in the file at or below 1 %: c = 2.107. */
#define KS_TESTS 36
#define KS_FAMILY_ALPHA 0.01
#define CHI2_99_DF3 11.345

static double samples[N_SAMPLES];
static int ks_tests_run;

/* --- textbook functions, written here, not taken from the library ----- */

static double phi(double z) { return exp(-0.5 * z * z) / sqrt(2.0 * PI); }
/* Upper tail of the standard normal, accurate far out. */
static double upper(double z) { return 0.5 * erfc(z / sqrt(2.0)); }

/* Regularised lower incomplete gamma P(a, x) by its power series
 * (Abramowitz and Stegun 6.5.29); fine for the x / a ranges used here. */
static double gamma_p(double a, double x) {
    if (x <= 0.0) return 0.0;
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 100000; n++) {
        term *= x / (a + n);
        sum += term;
        if (term < sum * 1e-17) break;
    }
    return sum * exp(-x + a * log(x) - lgamma(a));
}

/* Parameters of a case in textbook form; each CDF reads what it needs. */
typedef struct params {
    double a, b, c, d;
} params;

static double cdf_uniform(const params *p, double x) {
    return x <= p->a ? 0.0 : x >= p->b ? 1.0 : (x - p->a) / (p->b - p->a);
}
static double cdf_exp(const params *p, double x) { return x <= 0 ? 0.0 : -expm1(-x / p->a); }
static double cdf_normal(const params *p, double x) { return upper(-(x - p->a) / p->b); }
/* Normal(a, b) conditioned on >= 0: 1 - Q((x - a) / b) / Q(-a / b). */
static double cdf_tnormal(const params *p, double x) {
    return x <= 0 ? 0.0 : 1.0 - upper((x - p->a) / p->b) / upper(-p->a / p->b);
}
/* Lognormal with log-mean a and log-sd b. */
static double cdf_lognormal(const params *p, double x) {
    return x <= 0 ? 0.0 : upper(-(log(x) - p->a) / p->b);
}
/* Triangular (min a, mode b, max c). */
static double cdf_tri(const params *p, double x) {
    double lo = p->a, m = p->b, hi = p->c;
    if (x <= lo) return 0.0;
    if (x >= hi) return 1.0;
    if (x <= m) return (x - lo) * (x - lo) / ((hi - lo) * (m - lo));
    return 1.0 - (hi - x) * (hi - x) / ((hi - lo) * (hi - m));
}
/* Erlang with a phases of rate b: 1 - sum_{i<a} e^{-bx} (bx)^i / i!. */
static double cdf_erlang(const params *p, double x) {
    if (x <= 0) return 0.0;
    double lx = p->b * x, term = exp(-lx), sum = term;
    for (int i = 1; i < (int)p->a; i++) {
        term *= lx / i;
        sum += term;
    }
    return 1.0 - sum;
}
/* Gamma with shape a and scale b. */
static double cdf_gamma(const params *p, double x) { return gamma_p(p->a, x / p->b); }
/* Weibull with shape a and scale b. */
static double cdf_weibull(const params *p, double x) {
    return x <= 0 ? 0.0 : -expm1(-pow(x / p->b, p->a));
}
/* Beta(2, 5) on [c, d]: I_y(2, 5) = sum_{j=2}^{6} C(6, j) y^j (1 - y)^(6 - j). */
static double cdf_beta25(const params *p, double x) {
    double y = (x - p->c) / (p->d - p->c);
    if (y <= 0) return 0.0;
    if (y >= 1) return 1.0;
    static const double binom6[] = {1, 6, 15, 20, 15, 6, 1};
    double s = 0.0;
    for (int j = 2; j <= 6; j++) s += binom6[j] * pow(y, j) * pow(1.0 - y, 6 - j);
    return s;
}
/* Beta(1/2, 1/2) on [c, d]: the arcsine law, (2 / pi) asin(sqrt(y)). */
static double cdf_arcsine(const params *p, double x) {
    double y = (x - p->c) / (p->d - p->c);
    if (y <= 0) return 0.0;
    if (y >= 1) return 1.0;
    return 2.0 / PI * asin(sqrt(y));
}
/* The empirical table of test_families: (0, 0) (1, .5) (3, .8) (4, 1). */
static double cdf_table(const params *p, double x) {
    (void)p;
    if (x <= 0) return 0.0;
    if (x <= 1) return 0.5 * x;
    if (x <= 3) return 0.5 + 0.3 * (x - 1) / 2;
    if (x <= 4) return 0.8 + 0.2 * (x - 3);
    return 1.0;
}

typedef double cdf_fn(const params *p, double x);

typedef struct dcase {
    const char *label;
    sim_dist d;
    double mean; /* textbook */
    double var;  /* textbook */
    params p;    /* for the CDF */
    cdf_fn *cdf; /* NULL: no KS test */
    double lo, hi; /* support, closed */
} dcase;

static bool close_rel(double a, double b, double rel) {
    return fabs(a - b) <= rel * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* Runs all the checks of the file comment on one case. */
static void check_case(const dcase *c, uint64_t stream) {
    const sim_dist *d = &c->d;
    char msg[200] = "untouched";
    bool valid = sim_dist_check(d, msg, sizeof msg);
    if (!valid) print_error("%s: rejected: %s\n", c->label, msg);
    assert_true(valid);
    assert_string_equal(msg, "untouched");

    /* Library moments against the textbook. */
    double lib_mean = sim_dist_mean(d), lib_var = sim_dist_var(d);
    if (!close_rel(lib_mean, c->mean, 1e-9) || !close_rel(lib_var, c->var, 1e-9))
        print_error("%s: library mean %.12g var %.12g, textbook %.12g %.12g\n", c->label,
                    lib_mean, lib_var, c->mean, c->var);
    assert_true(close_rel(lib_mean, c->mean, 1e-9));
    assert_true(close_rel(lib_var, c->var, 1e-9));

    /* Samples. */
    sim_rng r;
    sim_rng_seed(&r, 2016, stream);
    const size_t n = N_SAMPLES;
    double dmin = sim_dist_min(d);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x = sim_dist_sample(d, &r);
        if (!(x >= c->lo && x <= c->hi && x >= dmin))
            print_error("%s: sample %.17g outside [%g, %g] or below min %g\n", c->label, x, c->lo,
                        c->hi, dmin);
        assert_true(x >= c->lo && x <= c->hi && x >= dmin);
        samples[i] = x;
        sum += x;
    }
    double mean = sum / (double)n;
    double m2 = 0.0, m4 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = samples[i] - mean, e2 = e * e;
        m2 += e2;
        m4 += e2 * e2;
    }
    double var = m2 / (double)(n - 1);
    m4 /= (double)n;

    if (c->var == 0.0) {
        for (size_t i = 0; i < n; i++) assert_true(samples[i] == c->mean);
    } else {
        double dn = (double)n;
        double se_mean = sqrt(c->var / dn);
        double se_var = sqrt(fmax(m4 - c->var * c->var * (dn - 3.0) / (dn - 1.0), 0.0) / dn);
        double z_mean = (mean - c->mean) / se_mean;
        double z_var = (var - c->var) / se_var;
        if (fabs(z_mean) >= 4.0 || fabs(z_var) >= 4.0)
            print_error("%s: sample mean %.8g (z %.2f), var %.8g (z %.2f); exact %.8g, %.8g\n",
                        c->label, mean, z_mean, var, z_var, c->mean, c->var);
        assert_true(fabs(z_mean) < 4.0);
        assert_true(fabs(z_var) < 4.0);
    }

    if (c->cdf) {
        qsort(samples, n, sizeof samples[0], cmp_double);
        double dmax = 0.0;
        for (size_t i = 0; i < n; i++) {
            double f = c->cdf(&c->p, samples[i]);
            double below = f - (double)i / (double)n, above = (double)(i + 1) / (double)n - f;
            if (below > dmax) dmax = below;
            if (above > dmax) dmax = above;
        }
        double crit = sqrt(log(2.0 * KS_TESTS / KS_FAMILY_ALPHA) / 2.0) / sqrt((double)n);
        ks_tests_run++;
        if (dmax >= crit) print_error("%s: KS D = %.5f >= %.5f\n", c->label, dmax, crit);
        assert_true(dmax < crit);
    }

    /* Same stream, same numbers. */
    sim_rng a, b;
    sim_rng_seed(&a, 7, stream);
    sim_rng_seed(&b, 7, stream);
    for (int i = 0; i < 100; i++) {
        double xa = sim_dist_sample(d, &a), xb = sim_dist_sample(d, &b);
        assert_memory_equal(&xa, &xb, sizeof xa);
    }
}

static void run_cases(const dcase *cases, size_t count) {
    for (size_t i = 0; i < count; i++) check_case(&cases[i], 1000 + i);
}

/* --- the families ------------------------------------------------------ */

static void test_simple_families(void **state) {
    (void)state;
    const dcase cases[] = {
        {"const(7.5)", sim_dist_const(7.5), 7.5, 0.0, {0, 0, 0, 0}, NULL, 7.5, 7.5},
        {"uniform(2, 5)", sim_dist_uniform(2, 5), 3.5, 9.0 / 12.0, {2, 5, 0, 0}, cdf_uniform, 2, 5},
        {"uniform(-1, 1)", sim_dist_uniform(-1, 1), 0.0, 4.0 / 12.0, {-1, 1, 0, 0}, cdf_uniform, -1, 1},
        {"exp(240)", sim_dist_exp(240), 240, 240.0 * 240.0, {240, 0, 0, 0}, cdf_exp, 0, INFINITY},
        {"exp(0.01)", sim_dist_exp(0.01), 0.01, 1e-4, {0.01, 0, 0, 0}, cdf_exp, 0, INFINITY},
        {"normal(10, 3)", sim_dist_normal(10, 3), 10, 9, {10, 3, 0, 0}, cdf_normal, -INFINITY, INFINITY},
        {"normal(-2, 0.5)", sim_dist_normal(-2, 0.5), -2, 0.25, {-2, 0.5, 0, 0}, cdf_normal, -INFINITY, INFINITY},
        {"normal(5, 0)", sim_dist_normal(5, 0), 5, 0, {0, 0, 0, 0}, NULL, 5, 5},
        {"tri(1, 2, 4)", sim_dist_tri(1, 2, 4), 7.0 / 3.0, (1 + 16 + 4 - 4 - 2 - 8) / 18.0,
         {1, 2, 4, 0}, cdf_tri, 1, 4},
        {"tri(0, 0, 1)", sim_dist_tri(0, 0, 1), 1.0 / 3.0, 1.0 / 18.0, {0, 0, 1, 0}, cdf_tri, 0, 1},
        {"tri(0, 1, 1)", sim_dist_tri(0, 1, 1), 2.0 / 3.0, 1.0 / 18.0, {0, 1, 1, 0}, cdf_tri, 0, 1},
        {"tri(-3, 0.5, 10)", sim_dist_tri(-3, 0.5, 10), 7.5 / 3.0,
         (9 + 100 + 0.25 + 30 + 1.5 - 5) / 18.0, {-3, 0.5, 10, 0}, cdf_tri, -3, 10},
        {"bernoulli(0.3)", sim_dist_bernoulli(0.3), 0.3, 0.21, {0, 0, 0, 0}, NULL, 0, 1},
        {"bernoulli(0)", sim_dist_bernoulli(0), 0, 0, {0, 0, 0, 0}, NULL, 0, 0},
        {"bernoulli(1)", sim_dist_bernoulli(1), 1, 0, {0, 0, 0, 0}, NULL, 1, 1},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Truncated normal N(m, s^2) | X >= 0, with alpha = -m / s and
 * lambda = phi(alpha) / (1 - Phi(alpha)) (Johnson, Kotz and Balakrishnan):
 * mean m + s lambda, variance s^2 (1 + alpha lambda - lambda^2). */
static dcase tnormal_case(const char *label, double m, double s) {
    double alpha = -m / s, lambda = phi(alpha) / upper(alpha);
    dcase c = {label, sim_dist_tnormal(m, s), m + s * lambda,
               s * s * (1.0 + alpha * lambda - lambda * lambda), {m, s, 0, 0}, cdf_tnormal,
               0, INFINITY};
    return c;
}

static void test_tnormal(void **state) {
    (void)state;
    const double s = 2.0;
    const dcase cases[] = {
        /* Mean far above 0: truncation never bites. */
        tnormal_case("tnormal(50, 5)", 50, 5),
        /* Plain rejection from the normal (alpha < 0.45). */
        tnormal_case("tnormal(1, 1)", 1, 1),
        tnormal_case("tnormal(-0.4, 1)", -0.4, 1),
        /* Half-normal, textbook: mean s sqrt(2 / pi), var s^2 (1 - 2 / pi). */
        {"tnormal(0, 2)", sim_dist_tnormal(0, s), s * sqrt(2.0 / PI), s * s * (1.0 - 2.0 / PI),
         {0, s, 0, 0}, cdf_tnormal, 0, INFINITY},
        /* Robert's exponential-proposal tail sampler (alpha >= 0.45), from
         * its threshold to far out. */
        tnormal_case("tnormal(-0.5, 1)", -0.5, 1),
        tnormal_case("tnormal(-1, 1)", -1, 1),
        tnormal_case("tnormal(-5, 2)", -5, 2),
        tnormal_case("tnormal(-8, 1)", -8, 1),
        tnormal_case("tnormal(-60, 3)", -60, 3),
        /* Zero sd: a constant, and zero for a zero mean. */
        {"tnormal(3, 0)", sim_dist_tnormal(3, 0), 3, 0, {0, 0, 0, 0}, NULL, 3, 3},
        {"tnormal(0, 0)", sim_dist_tnormal(0, 0), 0, 0, {0, 0, 0, 0}, NULL, 0, 0},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Lognormal by (mean m, sd s) of the variable: the log has
 * sigma^2 = ln(1 + s^2 / m^2), mu = ln m - sigma^2 / 2; then textbook
 * mean exp(mu + sigma^2 / 2), variance (exp(sigma^2) - 1) exp(2 mu + sigma^2). */
static dcase lognormal_case(const char *label, double m, double s) {
    double s2 = log(1.0 + s * s / (m * m)), mu = log(m) - 0.5 * s2;
    dcase c = {label, sim_dist_lognormal(m, s), exp(mu + 0.5 * s2),
               expm1(s2) * exp(2.0 * mu + s2), {mu, sqrt(s2), 0, 0}, cdf_lognormal, 0, INFINITY};
    return c;
}

/* Gamma by (mean m, sd s): shape k = (m / s)^2, scale theta = s^2 / m;
 * textbook mean k theta, variance k theta^2. */
static dcase gamma_case(const char *label, double m, double s) {
    double k = (m / s) * (m / s), theta = s * s / m;
    dcase c = {label, sim_dist_gamma(m, s), k * theta, k * theta * theta, {k, theta, 0, 0},
               cdf_gamma, 0, INFINITY};
    return c;
}

/* Erlang(k, total mean m): k phases of rate k / m; mean m, var m^2 / k. */
static dcase erlang_case(const char *label, int k, double m) {
    dcase c = {label, sim_dist_erlang(k, m), m, m * m / k, {k, k / m, 0, 0}, cdf_erlang, 0,
               INFINITY};
    return c;
}

/* Weibull(shape k, scale l): mean l G(1 + 1/k), var l^2 (G(1 + 2/k) - G(1 + 1/k)^2). */
static dcase weibull_case(const char *label, double k, double l) {
    double g1 = tgamma(1.0 + 1.0 / k), g2 = tgamma(1.0 + 2.0 / k);
    dcase c = {label, sim_dist_weibull(k, l), l * g1, l * l * (g2 - g1 * g1), {k, l, 0, 0},
               cdf_weibull, 0, INFINITY};
    return c;
}

/* Beta(a, b) on [lo, hi]: mean lo + w a / (a + b),
 * var w^2 a b / ((a + b)^2 (a + b + 1)). */
static dcase beta_case(const char *label, double a, double b, double lo, double hi, cdf_fn *cdf) {
    double w = hi - lo, s = a + b;
    dcase c = {label, sim_dist_beta(a, b, lo, hi), lo + w * a / s,
               w * w * a * b / (s * s * (s + 1.0)), {a, b, lo, hi}, cdf, lo, hi};
    return c;
}

static void test_shape_families(void **state) {
    (void)state;
    const dcase cases[] = {
        lognormal_case("lognormal(3, 1)", 3, 1),
        lognormal_case("lognormal(180, 20)", 180, 20),
        lognormal_case("lognormal(60, 30)", 60, 30),
        {"lognormal(5, 0)", sim_dist_lognormal(5, 0), 5, 0, {0, 0, 0, 0}, NULL, 5, 5},
        erlang_case("erlang(1, 5)", 1, 5),
        erlang_case("erlang(3, 60)", 3, 60),
        erlang_case("erlang(40, 10)", 40, 10), /* more than one chunk of 16 */
        gamma_case("gamma(1, 2) shape 0.25", 1, 2),
        gamma_case("gamma(3, 4) shape 0.5625", 3, 4),
        gamma_case("gamma(2, 2) shape 1", 2, 2),
        gamma_case("gamma(10, 3) shape 11.1", 10, 3),
        weibull_case("weibull(0.8, 100)", 0.8, 100),
        weibull_case("weibull(1, 7)", 1, 7),
        weibull_case("weibull(2.5, 10)", 2.5, 10),
        beta_case("beta(2, 5, 0, 1)", 2, 5, 0, 1, cdf_beta25),
        beta_case("beta(2, 5, 3, 8)", 2, 5, 3, 8, cdf_beta25),
        beta_case("beta(0.5, 0.5, 10, 20)", 0.5, 0.5, 10, 20, cdf_arcsine),
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_tables(void **state) {
    (void)state;
    /* Discrete: values 1, 2, 3, 5, 10 with weights 1, 2, 0, 3, 4. */
    static const double values[] = {1, 2, 3, 5, 10};
    static const double weights[] = {1, 2, 0, 3, 4};
    double cum[5];
    assert_true(sim_dist_cumulate(5, weights, cum));
    /* mean = .1 + .4 + 1.5 + 4 = 6; E[X^2] = .1 + .8 + 7.5 + 40 = 48.4. */
    dcase disc = {"discrete", sim_dist_discrete(5, values, cum), 6.0, 48.4 - 36.0, {0, 0, 0, 0}, NULL, 1, 10};
    check_case(&disc, 1);

    /* Chi-square over the four values with positive weight (3 degrees of
     * freedom); the zero-weight value must never appear. */
    sim_rng r;
    sim_rng_seed(&r, 2016, 2);
    uint64_t count[5] = {0};
    for (int i = 0; i < N_SAMPLES; i++) {
        double x = sim_dist_sample(&disc.d, &r);
        int k = x == 1 ? 0 : x == 2 ? 1 : x == 3 ? 2 : x == 5 ? 3 : x == 10 ? 4 : -1;
        assert_true(k >= 0);
        count[k]++;
    }
    assert_int_equal(count[2], 0);
    double x2 = 0.0;
    for (int k = 0; k < 5; k++) {
        if (weights[k] == 0) continue;
        double e = N_SAMPLES * weights[k] / 10.0;
        x2 += ((double)count[k] - e) * ((double)count[k] - e) / e;
    }
    assert_true(x2 < CHI2_99_DF3);

    /* A single value is a constant. */
    static const double one_value[] = {42};
    static const double one_cum[] = {1};
    dcase single = {"discrete(1 point)", sim_dist_discrete(1, one_value, one_cum), 42, 0, {0, 0, 0, 0},
                    NULL, 42, 42};
    check_case(&single, 3);

    /* Continuous empirical through (0, 0) (1, .5) (3, .8) (4, 1): a mixture
     * of uniforms; mean = .5 * .5 + 2 * .3 + 3.5 * .2 = 1.55 and
     * E[X^2] = sum (a^2 + ab + b^2) / 3 * p = 59 / 15. */
    static const double ex[] = {0, 1, 3, 4};
    static const double ec[] = {0, 0.5, 0.8, 1};
    dcase emp = {"empirical", sim_dist_empirical(4, ex, ec), 1.55, 59.0 / 15.0 - 1.55 * 1.55,
                 {0, 0, 0, 0}, cdf_table, 0, 4};
    check_case(&emp, 4);

    /* An atom (a repeated x) and an empty first segment: through
     * (0, 0) (1, 0) (1, .4) (3, 1): P(X = 1) = .4, then uniform on [1, 3]
     * with mass .6; mean = .4 + 2 * .6 = 1.6, E[X^2] = .4 + .6 * 13 / 3. */
    static const double ax[] = {0, 1, 1, 3};
    static const double ac[] = {0, 0, 0.4, 1};
    dcase atom = {"empirical with atom", sim_dist_empirical(4, ax, ac), 1.6,
                  0.4 + 0.6 * 13.0 / 3.0 - 1.6 * 1.6, {0, 0, 0, 0}, NULL, 1, 3};
    check_case(&atom, 5);
}

/* --- exact boundaries -------------------------------------------------- */

/* Streams forced to give a chosen uniform: with state {0, 0, 0, s3} the
 * next output is rotl(s3, 23), so s3 = 0 gives u01 = 0, s3 = 2^40 gives
 * exactly 2^63, i.e. u01 = 1/2, and s3 = ~0 gives the largest output
 * (u01 = 1 - 2^-53, u01_pos = 1). Sampling with these shows which side of
 * each boundary a value falls on: intervals are closed on the left. */
static double sample_at(const sim_dist *d, uint64_t s3) {
    sim_rng r = {{0, 0, 0, s3}};
    return sim_dist_sample(d, &r);
}

static void test_boundaries(void **state) {
    (void)state;
    const uint64_t zero = 0, half = (uint64_t)1 << 40, top = UINT64_MAX;
    sim_rng probe = {{0, 0, 0, half}};
    assert_true(sim_rng_u01(&probe) == 0.5);

    sim_dist b = sim_dist_bernoulli(0.5);
    assert_true(sample_at(&b, zero) == 1.0);
    assert_true(sample_at(&b, half) == 0.0); /* P(1) = P(u < p) */

    static const double v[] = {10, 20};
    static const double c[] = {0.5, 1.0};
    sim_dist disc = sim_dist_discrete(2, v, c);
    assert_true(sample_at(&disc, zero) == 10.0);
    assert_true(sample_at(&disc, half) == 20.0); /* [0, .5) -> 10, [.5, 1) -> 20 */
    assert_true(sample_at(&disc, top) == 20.0);

    sim_dist u = sim_dist_uniform(2, 4);
    assert_true(sample_at(&u, zero) == 2.0);
    assert_true(sample_at(&u, half) == 3.0);
    assert_true(sample_at(&u, top) < 4.0);

    static const double ex[] = {0, 1, 3, 4};
    static const double ec[] = {0, 0.5, 0.8, 1};
    sim_dist emp = sim_dist_empirical(4, ex, ec);
    assert_true(sample_at(&emp, zero) == 0.0);
    assert_true(sample_at(&emp, half) == 1.0);
    assert_true(sample_at(&emp, top) < 4.0 && sample_at(&emp, top) > 3.99);

    sim_dist tri = sim_dist_tri(1, 2, 4);
    assert_true(sample_at(&tri, zero) == 1.0);
    assert_true(sample_at(&tri, top) < 4.0);

    /* exp and weibull take the logarithm of u01_pos: u = 1 gives 0, the
     * smallest u gives the largest value, 53 ln 2 means. */
    sim_dist e = sim_dist_exp(2.0);
    assert_true(sample_at(&e, top) == 0.0);
    assert_true(fabs(sample_at(&e, zero) - 2.0 * 53.0 * log(2.0)) < 1e-12);
    sim_dist wb = sim_dist_weibull(2.0, 3.0);
    assert_true(sample_at(&wb, top) == 0.0);
}

/* --- sim_dist_check ---------------------------------------------------- */

/* The cumulative probabilities of three values, for a discrete
 * distribution (ending at 1) and an empirical one (from 0 to 1), that the
 * check and the minimum tests share. */
static const double cum3_discrete[] = {0.2, 0.5, 1.0};
static const double cum3_empirical[] = {0, 0.5, 1};

static void test_check_rejects(void **state) {
    (void)state;
    static const double v3[] = {1, 2, 3};
    static const double c_short[] = {0.2, 0.5, 0.9};
    static const double c_down[] = {0.5, 0.2, 1.0};
    static const double c_neg[] = {-0.1, 0.5, 1.0};
    static const double e_x[] = {0, 1, 2};
    static const double e_down_x[] = {0, 2, 1};
    static const double e_c_start[] = {0.1, 0.5, 1};
    static const double v_nan[] = {1, NAN, 3};
    struct {
        sim_dist d;
        const char *needle; /* a word the message must contain */
    } bad[] = {
        {sim_dist_const(NAN), "finite"},
        {sim_dist_uniform(2, 1), "a <= b"},
        {sim_dist_uniform(0, INFINITY), "finite"},
        {sim_dist_exp(0), "mean > 0"},
        {sim_dist_exp(-3), "-3"},
        {sim_dist_normal(1, -1), "sd >= 0"},
        {sim_dist_tnormal(1, -1), "sd >= 0"},
        {sim_dist_tnormal(-1, 0), "mean >= 0"},
        {sim_dist_tnormal(-40, 1), "almost surely 0"},
        {sim_dist_lognormal(0, 1), "mean > 0"},
        {sim_dist_lognormal(1, -1), "sd >= 0"},
        {sim_dist_tri(0, 5, 3), "min <= mode <= max"},
        {sim_dist_tri(2, 1, 3), "min <= mode <= max"},
        {sim_dist_erlang(2.5, 1), "whole number"},
        {sim_dist_erlang(0, 1), "k >= 1"},
        {sim_dist_erlang(2, 0), "mean > 0"},
        {sim_dist_gamma(0, 1), "mean > 0"},
        {sim_dist_gamma(1, 0), "sd > 0"},
        {sim_dist_gamma(1, 1e4), "too large"},
        {sim_dist_weibull(0, 1), "shape > 0"},
        {sim_dist_weibull(1, -2), "scale > 0"},
        {sim_dist_beta(0, 1, 0, 1), "alpha > 0"},
        {sim_dist_beta(1, 1, 1, 1), "lo < hi"},
        {sim_dist_bernoulli(1.5), "0 <= p <= 1"},
        {sim_dist_bernoulli(-0.1), "0 <= p <= 1"},
        {sim_dist_discrete(0, v3, cum3_discrete), "at least 1"},
        {sim_dist_discrete(3, NULL, cum3_discrete), "at least"},
        {sim_dist_discrete(3, v3, c_short), "must be 1"},
        {sim_dist_discrete(3, v3, c_down), "not decrease"},
        {sim_dist_discrete(3, v3, c_neg), "outside [0, 1]"},
        {sim_dist_discrete(3, v_nan, cum3_discrete), "not a finite"},
        {sim_dist_empirical(1, e_x, cum3_empirical), "at least 2"},
        {sim_dist_empirical(3, e_down_x, cum3_empirical), "values must not decrease"},
        {sim_dist_empirical(3, e_x, e_c_start), "first cumulative probability must be 0"},
        {sim_dist_empirical(3, e_x, c_short), "must be 1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char msg[160] = "";
        bool ok = sim_dist_check(&bad[i].d, msg, sizeof msg);
        if (ok || !strstr(msg, bad[i].needle))
            print_error("case %zu (%s): ok=%d msg=\"%s\", wanted \"%s\"\n", i,
                        sim_dist_name(bad[i].d.kind), ok, msg, bad[i].needle);
        assert_false(ok);
        assert_non_null(strstr(msg, bad[i].needle));
        /* No message buffer: still rejected, nothing written. */
        assert_false(sim_dist_check(&bad[i].d, NULL, 0));
    }

    /* A short buffer gets a truncated, terminated message. */
    char tiny[8];
    memset(tiny, 'x', sizeof tiny);
    sim_dist e = sim_dist_exp(-1);
    assert_false(sim_dist_check(&e, tiny, sizeof tiny));
    assert_int_equal(strlen(tiny), sizeof tiny - 1);

    /* An unknown kind is rejected, not sampled. */
    sim_dist unknown = sim_dist_const(1);
    unknown.kind = SIM_DIST_KIND_COUNT;
    char msg[80] = "";
    assert_false(sim_dist_check(&unknown, msg, sizeof msg));
    assert_true(msg[0] != '\0');

    /* Edge values that are valid. */
    sim_dist good[] = {sim_dist_uniform(3, 3), sim_dist_tri(1, 1, 1), sim_dist_normal(-5, 0),
                       sim_dist_tnormal(-29, 1), sim_dist_erlang(1e6, 1),
                       sim_dist_bernoulli(0), sim_dist_bernoulli(1),
                       sim_dist_discrete(3, v3, cum3_discrete), sim_dist_empirical(3, e_x, cum3_empirical)};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char m[160] = "";
        bool ok = sim_dist_check(&good[i], m, sizeof m);
        if (!ok) print_error("good case %zu rejected: %s\n", i, m);
        assert_true(ok);
    }
}

/* --- cumulate, min, format, names -------------------------------------- */

static void test_cumulate(void **state) {
    (void)state;
    double cum[5];
    const double w1[] = {1, 2, 3, 4};
    assert_true(sim_dist_cumulate(4, w1, cum));
    assert_true(fabs(cum[0] - 0.1) < 1e-15 && fabs(cum[1] - 0.3) < 1e-15 &&
                fabs(cum[2] - 0.6) < 1e-15);
    assert_true(cum[3] == 1.0);
    /* Rounding never leaves the last entry short of 1. */
    const double thirds[] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    assert_true(sim_dist_cumulate(3, thirds, cum));
    assert_true(cum[2] == 1.0);
    const double tenths[] = {0.1, 0.1, 0.1, 0.1, 0.6};
    assert_true(sim_dist_cumulate(5, tenths, cum));
    assert_true(cum[4] == 1.0);
    for (int i = 1; i < 5; i++) assert_true(cum[i] >= cum[i - 1]);
    const double one[] = {5};
    assert_true(sim_dist_cumulate(1, one, cum));
    assert_true(cum[0] == 1.0);
    /* Zero weights are allowed, all zero is not; negative, NaN, infinite
     * weights are rejected. */
    const double zero_first[] = {0, 1};
    assert_true(sim_dist_cumulate(2, zero_first, cum));
    assert_true(cum[0] == 0.0 && cum[1] == 1.0);
    const double zeros[] = {0, 0};
    const double neg[] = {1, -1, 2};
    const double nan[] = {1, NAN};
    const double inf[] = {1, INFINITY};
    assert_false(sim_dist_cumulate(2, zeros, cum));
    assert_false(sim_dist_cumulate(3, neg, cum));
    assert_false(sim_dist_cumulate(2, nan, cum));
    assert_false(sim_dist_cumulate(2, inf, cum));
    assert_false(sim_dist_cumulate(0, w1, cum));
}

static void test_min(void **state) {
    (void)state;
    static const double v[] = {5, 2, 9};
    static const double ex[] = {1.5, 2, 4};
    struct {
        sim_dist d;
        double min;
    } cases[] = {
        {sim_dist_const(3), 3},
        {sim_dist_uniform(-2, 4), -2},
        {sim_dist_exp(5), 0},
        {sim_dist_normal(1, 2), -INFINITY},
        {sim_dist_normal(1, 0), 1},
        {sim_dist_tnormal(-3, 1), 0},
        {sim_dist_lognormal(3, 1), 0},
        {sim_dist_tri(1, 2, 3), 1},
        {sim_dist_erlang(2, 3), 0},
        {sim_dist_gamma(2, 1), 0},
        {sim_dist_weibull(2, 1), 0},
        {sim_dist_beta(2, 3, 10, 20), 10},
        {sim_dist_bernoulli(0.5), 0},
        {sim_dist_discrete(3, v, cum3_discrete), 2},
        {sim_dist_empirical(3, ex, cum3_empirical), 1.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_true(sim_dist_min(&cases[i].d) == cases[i].min);

    /* Values that carry no probability cannot be produced: a zero-weight
     * value, an empirical first segment with no mass. */
    static const double zv[] = {-5, 3, 7};
    static const double zc[] = {0, 0.5, 1};
    sim_dist zero_weight = sim_dist_discrete(3, zv, zc);
    assert_true(sim_dist_min(&zero_weight) == 3.0);
    static const double fx[] = {0, 1, 2, 3};
    static const double fc[] = {0, 0, 0.5, 1};
    sim_dist flat_start = sim_dist_empirical(4, fx, fc);
    assert_true(sim_dist_min(&flat_start) == 1.0);
    sim_rng r;
    sim_rng_seed(&r, 4, 4);
    double lowest = INFINITY;
    for (int i = 0; i < 100000; i++) {
        lowest = fmin(lowest, sim_dist_sample(&zero_weight, &r));
        assert_true(sim_dist_sample(&flat_start, &r) >= 1.0);
    }
    assert_true(lowest == 3.0);
}

static void test_format_and_names(void **state) {
    (void)state;
    static const double v[] = {1, 2};
    static const double c[] = {0.5, 1};
    struct {
        sim_dist d;
        const char *text;
    } cases[] = {
        {sim_dist_const(7.5), "const(7.5)"},
        {sim_dist_uniform(1, 2), "uniform(1, 2)"},
        {sim_dist_exp(240), "exp(240)"},
        {sim_dist_normal(-5, 1), "normal(-5, 1)"},
        {sim_dist_tnormal(360, 30), "normal(360, 30)"}, /* as written in scenes */
        {sim_dist_lognormal(180, 20), "lognormal(180, 20)"},
        {sim_dist_tri(1, 2, 3), "tri(1, 2, 3)"},
        {sim_dist_erlang(3, 60), "erlang(3, 60)"},
        {sim_dist_gamma(10, 3), "gamma(10, 3)"},
        {sim_dist_weibull(1.5, 3600), "weibull(1.5, 3600)"},
        {sim_dist_beta(2, 5, 0, 1), "beta(2, 5, 0, 1)"},
        {sim_dist_bernoulli(0.25), "bernoulli(0.25)"},
        {sim_dist_discrete(2, v, c), "discrete(2 points)"},
        {sim_dist_empirical(2, v, c), "empirical(2 points)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        int len = sim_dist_format(&cases[i].d, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
        assert_int_equal(len, (int)strlen(cases[i].text));
    }
    /* Truncation: snprintf semantics, the full length is returned. */
    char small[4];
    sim_dist e = sim_dist_exp(240);
    assert_int_equal(sim_dist_format(&e, small, sizeof small), 8);
    assert_string_equal(small, "exp");

    static const char *const names[] = {"const", "uniform", "exp", "normal", "tnormal",
                                        "lognormal", "tri", "erlang", "gamma", "weibull",
                                        "beta", "bernoulli", "discrete", "empirical"};
    assert_int_equal(sizeof names / sizeof names[0], SIM_DIST_KIND_COUNT);
    for (int k = 0; k < SIM_DIST_KIND_COUNT; k++)
        assert_string_equal(sim_dist_name((sim_dist_kind)k), names[k]);
    assert_string_equal(sim_dist_name(SIM_DIST_KIND_COUNT), "?");
}

/* The two generator helpers exported by the header. */
static void test_rng_helpers(void **state) {
    (void)state;
    enum { N = 200000 };
    sim_rng r;
    sim_rng_seed(&r, 1, 77);
    /* Standard normal: mean 0 (se 1/sqrt(N)), variance 1 (se sqrt(2/N)). */
    double s = 0, s2 = 0;
    for (int i = 0; i < N; i++) {
        double z = sim_rng_std_normal(&r);
        s += z;
        s2 += z * z;
    }
    double m = s / N, v = (s2 - N * m * m) / (N - 1);
    assert_true(fabs(m) < 4.0 / sqrt((double)N));
    assert_true(fabs(v - 1.0) < 4.0 * sqrt(2.0 / N));
    /* Gamma(shape, 1): mean = variance = shape. Var of the sample variance
     * for a gamma: (m4 - var^2) / N with m4 = 3 k^2 + 6 k. */
    const double shapes[] = {0.3, 1.0, 2.5, 40.0};
    for (int j = 0; j < 4; j++) {
        double k = shapes[j];
        s = s2 = 0;
        for (int i = 0; i < N; i++) {
            double g = sim_rng_gamma_shape(&r, k);
            assert_true(g >= 0.0);
            s += g;
            s2 += g * g;
        }
        m = s / N;
        v = (s2 - N * m * m) / (N - 1);
        assert_true(fabs(m - k) < 4.0 * sqrt(k / N));
        assert_true(fabs(v - k) < 4.0 * sqrt((3 * k * k + 6 * k - k * k) / N));
    }
}

/* Keeps KS_TESTS honest: it must be the number of KS tests that ran. */
static void test_ks_count(void **state) {
    (void)state;
    assert_int_equal(ks_tests_run, KS_TESTS);
    assert_true(fabs(sqrt(log(2.0 / 0.01) / 2.0) - 1.628) < 5e-4); /* the table's 1 % point */
    assert_true(fabs(sqrt(log(2.0 / 0.05) / 2.0) - 1.358) < 5e-4); /* and its 5 % point */
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_simple_families),
        cmocka_unit_test(test_tnormal),
        cmocka_unit_test(test_shape_families),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_check_rejects),
        cmocka_unit_test(test_cumulate),
        cmocka_unit_test(test_min),
        cmocka_unit_test(test_format_and_names),
        cmocka_unit_test(test_rng_helpers),
        cmocka_unit_test(test_ks_count), /* last: counts the KS tests above */
)
