/*
 * test_stats.c - tallies, time averages, log histograms, Student t, incomplete
 * beta, batch means.
 *
 * Reference values are closed forms (Cauchy and 2-df t laws, the arcsine
 * law, binomial sums for integer beta parameters) or published table values
 * (Student t 97.5 % points, given to 3 decimals: tolerance 0.0005).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_dist.h"
#include "sim_rng.h"
#include "sim_stats.h"
#include "sim_units.h"
#include "test_main.h"

#define PI 3.14159265358979323846

static bool close_rel(double a, double b, double rel) {
    return fabs(a - b) <= rel * fmax(fabs(a), fabs(b));
}

/* --- tally -------------------------------------------------------------- */

static void test_tally_known(void **state) {
    (void)state;
    sim_tally t;
    sim_tally_reset(&t);
    assert_true(isnan(sim_tally_mean(&t)));
    assert_true(isnan(sim_tally_var(&t)));
    assert_true(isnan(sim_tally_ci95(&t)));
    sim_tally_add(&t, 3.0);
    assert_true(sim_tally_mean(&t) == 3.0);
    assert_true(isnan(sim_tally_var(&t)));
    assert_true(isnan(sim_tally_ci95(&t)));

    /* 2 4 4 4 5 5 7 9: mean 5, squared deviations 32, sample variance 32/7. */
    static const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    sim_tally_reset(&t);
    for (int i = 0; i < 8; i++) sim_tally_add(&t, x[i]);
    assert_int_equal(t.n, 8);
    assert_true(fabs(sim_tally_mean(&t) - 5.0) < 1e-15);
    assert_true(fabs(sim_tally_var(&t) - 32.0 / 7.0) < 1e-14);
    assert_true(fabs(sim_tally_sd(&t) - sqrt(32.0 / 7.0)) < 1e-14);
    assert_true(t.min == 2.0 && t.max == 9.0);
    /* t(0.975, 7) = 2.365 (table). */
    assert_true(fabs(sim_tally_ci95(&t) - 2.365 * sqrt(32.0 / 7.0) / sqrt(8.0)) <
                0.0005 * sqrt(32.0 / 7.0) / sqrt(8.0));
}

/* Welford against the two-pass formula: on data with a large offset the
 * textbook one-pass sum of squares loses every digit; Welford must not. */
static void test_tally_welford(void **state) {
    (void)state;
    sim_tally t;
    sim_tally_reset(&t);
    static const double dev[] = {4, 7, 13, 16}; /* mean 10, variance 30 */
    for (int i = 0; i < 4; i++) sim_tally_add(&t, 1e9 + dev[i]);
    assert_true(fabs(sim_tally_mean(&t) - (1e9 + 10)) < 1e-6);
    assert_true(fabs(sim_tally_var(&t) - 30.0) < 1e-6);

    enum { N = 100000 };
    static double data[N];
    sim_rng r;
    sim_rng_seed(&r, 5, 5);
    sim_dist d = sim_dist_lognormal(1e6, 3e3);
    double sum = 0.0;
    sim_tally_reset(&t);
    for (int i = 0; i < N; i++) {
        data[i] = sim_dist_sample(&d, &r);
        sum += data[i];
        sim_tally_add(&t, data[i]);
    }
    double mean = sum / N, ss = 0.0;
    for (int i = 0; i < N; i++) ss += (data[i] - mean) * (data[i] - mean);
    assert_true(close_rel(sim_tally_mean(&t), mean, 1e-13));
    assert_true(close_rel(sim_tally_var(&t), ss / (N - 1), 1e-9));
}

static void test_tally_merge(void **state) {
    (void)state;
    enum { N = 10000 };
    sim_rng r;
    sim_rng_seed(&r, 6, 6);
    sim_dist d = sim_dist_exp(3.0);
    sim_tally all, part[4], merged;
    sim_tally_reset(&all);
    for (int k = 0; k < 4; k++) sim_tally_reset(&part[k]);
    /* Parts of sizes 1234, 0, 7000, rest: one of them empty. */
    for (int i = 0; i < N; i++) {
        double x = sim_dist_sample(&d, &r) + (i < 1234 ? 100.0 : 0.0); /* parts differ in mean */
        sim_tally_add(&all, x);
        int k = i < 1234 ? 0 : i < 8234 ? 2 : 3;
        sim_tally_add(&part[k], x);
    }
    sim_tally_reset(&merged);
    for (int k = 0; k < 4; k++) sim_tally_merge(&merged, &part[k]);
    assert_int_equal(merged.n, all.n);
    assert_true(close_rel(sim_tally_mean(&merged), sim_tally_mean(&all), 1e-12));
    assert_true(close_rel(sim_tally_var(&merged), sim_tally_var(&all), 1e-10));
    assert_true(merged.min == all.min && merged.max == all.max);

    /* Merging into a non-empty tally, and merging an empty one. */
    sim_tally a = part[0], empty;
    sim_tally_reset(&empty);
    sim_tally_merge(&a, &empty);
    assert_memory_equal(&a, &part[0], sizeof a);
    sim_tally_merge(&a, &part[2]);
    sim_tally_merge(&a, &part[3]);
    assert_true(close_rel(sim_tally_var(&a), sim_tally_var(&all), 1e-10));
}

/* --- time average --------------------------------------------------------- */

static void test_timeavg(void **state) {
    (void)state;
    sim_timeavg a;
    /* 0 on [0, 2), 3 on [2, 5), 2 on [5, 10), 0 from 10:
     * area(10) = 0 + 9 + 10 = 19. */
    sim_timeavg_init(&a, 0.0, 0.0);
    assert_true(sim_timeavg_mean(&a, 0.0) == 0.0);
    sim_timeavg_set(&a, 2.0, 3.0);
    sim_timeavg_add(&a, 5.0, -1.0);
    sim_timeavg_set(&a, 10.0, 0.0);
    assert_true(fabs(sim_timeavg_area(&a, 10.0) - 19.0) < 1e-12);
    assert_true(fabs(sim_timeavg_mean(&a, 10.0) - 1.9) < 1e-12);
    assert_true(fabs(sim_timeavg_mean(&a, 12.0) - 19.0 / 12.0) < 1e-12);
    /* Between changes, the current value counts up to t. */
    assert_true(fabs(sim_timeavg_area(&a, 11.0) - 19.0) < 1e-12);

    /* Several changes at one instant: only the last value lasts. */
    sim_timeavg_init(&a, 0.0, 1.0);
    sim_timeavg_add(&a, 1.0, 1.0);
    sim_timeavg_add(&a, 1.0, 1.0);
    sim_timeavg_add(&a, 1.0, -2.0); /* back to 1 at t = 1 */
    assert_true(fabs(sim_timeavg_mean(&a, 4.0) - 1.0) < 1e-12);
    assert_true(a.value == 1.0);

    /* Warm-up: 1 on [0, 4), 3 on [4, 8), 1 on [8, 10); reset at 6 forgets
     * [0, 6): mean over [6, 10] = (3 * 2 + 1 * 2) / 4 = 2. */
    sim_timeavg_init(&a, 0.0, 1.0);
    sim_timeavg_set(&a, 4.0, 3.0);
    sim_timeavg_reset(&a, 6.0);
    assert_true(sim_timeavg_mean(&a, 6.0) == 3.0); /* empty window: current value */
    sim_timeavg_set(&a, 8.0, 1.0);
    assert_true(fabs(sim_timeavg_mean(&a, 10.0) - 2.0) < 1e-12);
    assert_true(fabs(sim_timeavg_area(&a, 10.0) - 8.0) < 1e-12);
}

/* --- lean tally ------------------------------------------------------------ */

/* 1, 2, ..., n: mean (n + 1) / 2 and sample variance n (n + 1) / 12; the lean
 * tally's mean is the full tally's, bit for bit, on any data. */
static void test_mean_closed_form(void **state) {
    (void)state;
    sim_mean m;
    sim_tally t;
    sim_mean_reset(&m);
    sim_tally_reset(&t);
    assert_true(isnan(sim_mean_value(&m)));
    enum { N = 1001 };
    for (int i = 1; i <= N; i++) {
        sim_mean_add(&m, (double)i);
        sim_tally_add(&t, (double)i);
    }
    assert_int_equal(m.n, N);
    assert_true(fabs(sim_mean_value(&m) - (N + 1) / 2.0) < 1e-9);
    assert_true(close_rel(sim_tally_var(&t), N * (N + 1) / 12.0, 1e-12));
    assert_true(sim_mean_value(&m) == sim_tally_mean(&t));

    sim_rng r;
    sim_rng_seed(&r, 3, 4);
    sim_dist d = sim_dist_exp(7.0);
    sim_mean_reset(&m);
    sim_tally_reset(&t);
    for (int i = 0; i < 100000; i++) {
        double x = sim_dist_sample(&d, &r);
        sim_mean_add(&m, x);
        sim_tally_add(&t, x);
        assert_true(sim_mean_value(&m) == sim_tally_mean(&t));
    }
}

/* --- log histogram ----------------------------------------------------------- */

static void test_loghist_known(void **state) {
    (void)state;
    static sim_loghist h; /* 6 kB: not on the test's stack */
    sim_loghist_reset(&h);
    assert_true(isnan(sim_loghist_quantile(&h, 0.5, 0.0, 1.0)));

    /* Bins: 2^e (1 + m/32); 1.5 = 2^0 (1 + 16/32). */
    sim_loghist_add(&h, 1.5);
    assert_int_equal(h.counts[(0 - SIM_LOGHIST_EMIN) * SIM_LOGHIST_SUB + 16], 1);
    /* Below 2^EMIN (zero, negative, NaN) in the first bin, 2^EMAX and up in the last. */
    sim_loghist_add(&h, 0.0);
    sim_loghist_add(&h, -3.0);
    sim_loghist_add(&h, NAN);
    sim_loghist_add(&h, ldexp(1.0, SIM_LOGHIST_EMIN) * 0.999);
    assert_int_equal(h.counts[0], 4);
    sim_loghist_add(&h, ldexp(1.0, SIM_LOGHIST_EMIN));
    assert_int_equal(h.counts[0], 5);
    sim_loghist_add(&h, ldexp(1.0, SIM_LOGHIST_EMAX));
    sim_loghist_add(&h, 1e300);
    assert_int_equal(h.counts[SIM_LOGHIST_BINS - 1], 2);

    /* 1, 2, 4, 8, one each, at the start of their bins: the q-quantile's
     * target 4 q lands in the bin of 2^(4q - 1) at fraction 1, the bin's top
     * 2^(4q - 1) (1 + 1/32), clamped to the observed [1, 8]. */
    sim_loghist_reset(&h);
    for (int k = 0; k < 4; k++) sim_loghist_add(&h, ldexp(1.0, k));
    assert_true(sim_loghist_quantile(&h, 0.25, 1.0, 8.0) == 1.03125);
    assert_true(sim_loghist_quantile(&h, 0.5, 1.0, 8.0) == 2.0625);
    assert_true(sim_loghist_quantile(&h, 0.75, 1.0, 8.0) == 4.125);
    assert_true(sim_loghist_quantile(&h, 1.0, 1.0, 8.0) == 8.0);
    /* Inside a bin: 3 at 1, 1 at 2: the median's target 2 is 2/3 of bin 1. */
    sim_loghist_reset(&h);
    for (int k = 0; k < 3; k++) sim_loghist_add(&h, 1.0);
    sim_loghist_add(&h, 2.0);
    assert_true(fabs(sim_loghist_quantile(&h, 0.5, 1.0, 2.0) - (1.0 + 2.0 / 3.0 / 32.0)) < 1e-15);
}

/* Quantiles of a large exponential sample: the median ln 2 and the 90 and
 * 99 % points within 4 standard errors of a sample quantile,
 * sqrt(q (1 - q) / n) / f(x_q), plus one bin (1/32 of the value). */
static void test_loghist_exponential(void **state) {
    (void)state;
    enum { N = 1000000 };
    static sim_loghist h;
    sim_loghist_reset(&h);
    sim_tally t;
    sim_tally_reset(&t);
    sim_rng r;
    sim_rng_seed(&r, 8, 8);
    sim_dist d = sim_dist_exp(1.0);
    for (int i = 0; i < N; i++) {
        double x = sim_dist_sample(&d, &r);
        sim_loghist_add(&h, x);
        sim_tally_add(&t, x);
    }
    const double qs[] = {0.5, 0.9, 0.99};
    for (int i = 0; i < 3; i++) {
        double q = qs[i], xq = -log1p(-q), f = 1.0 - q;
        double tol = 4.0 * sqrt(q * (1.0 - q) / N) / f + xq / 32.0;
        assert_true(fabs(sim_loghist_quantile(&h, q, t.min, t.max) - xq) < tol);
    }
}

/* --- units of time --------------------------------------------------------- */

/* The units are the seconds they name, as doubles: dividing by one is the
 * same double as dividing by the literal it replaced. */
static void test_units(void **state) {
    (void)state;
    assert_true(SIM_MINUTE == 60.0);
    assert_true(SIM_HOUR == 60.0 * SIM_MINUTE);
    assert_true(SIM_DAY == 24.0 * SIM_HOUR);
    assert_true(SIM_WEEK == 7.0 * SIM_DAY);
    double t = 123456.789;
    assert_true(t / SIM_HOUR == t / 3600.0);
    assert_true(t / SIM_DAY == t / 86400.0);
    assert_true(sizeof(SIM_WEEK) == sizeof(double));
}

/* --- Student t and the incomplete beta -------------------------------------- */

static void test_t_quantile_table(void **state) {
    (void)state;
    static const struct {
        double df, t;
    } table[] = {{1, 12.706}, {2, 4.303}, {3, 3.182},  {4, 2.776},   {5, 2.571},
                 {9, 2.262},  {10, 2.228}, {19, 2.093}, {24, 2.064}, {29, 2.045},
                 {30, 2.042}, {60, 2.000}, {120, 1.980}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        double q = sim_t_quantile(0.975, table[i].df);
        if (fabs(q - table[i].t) > 0.0005)
            print_error("df %g: %.6f, table %.3f\n", table[i].df, q, table[i].t);
        assert_true(fabs(q - table[i].t) <= 0.0005);
        /* Lower tail by symmetry. */
        assert_true(fabs(sim_t_quantile(0.025, table[i].df) + q) < 1e-9);
    }
    /* Other levels: 99.5 % at df 1 and 10, 95 % at df 5 (tables). */
    assert_true(fabs(sim_t_quantile(0.995, 1) - 63.657) <= 0.0005);
    assert_true(fabs(sim_t_quantile(0.995, 10) - 3.169) <= 0.0005);
    assert_true(fabs(sim_t_quantile(0.95, 5) - 2.015) <= 0.0005);
    /* Closed forms: df 1 is Cauchy, x = tan(pi (p - 1/2)); df 2 has
     * x = (2p - 1) / sqrt(2 p (1 - p)). */
    assert_true(close_rel(sim_t_quantile(0.975, 1), tan(PI * 0.475), 1e-9));
    assert_true(close_rel(sim_t_quantile(0.9, 1), tan(PI * 0.4), 1e-9));
    assert_true(close_rel(sim_t_quantile(0.975, 2), 0.95 / sqrt(2 * 0.975 * 0.025), 1e-9));
    /* Large df: the normal quantile 1.959963985. */
    assert_true(fabs(sim_t_quantile(0.975, 1e8) - 1.959963985) < 1e-6);
    assert_true(fabs(sim_t_quantile(0.975, 1e4) - 1.960) <= 0.0005);
    assert_true(sim_t_quantile(0.5, 7) == 0.0);
    assert_true(isnan(sim_t_quantile(0.0, 7)));
    assert_true(isnan(sim_t_quantile(1.0, 7)));
    assert_true(isnan(sim_t_quantile(0.9, 0)));
    /* Inverse of the CDF. */
    const double ps[] = {0.6, 0.9, 0.975, 0.999};
    const double dfs[] = {1, 2.5, 7, 50};
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            assert_true(fabs(sim_t_cdf(sim_t_quantile(ps[i], dfs[j]), dfs[j]) - ps[i]) < 1e-10);
}

static void test_t_cdf(void **state) {
    (void)state;
    const double ts[] = {0.1, 0.5, 1.0, 2.0, 5.0, 30.0};
    const double dfs[] = {1, 2, 2.5, 9, 100};
    for (int i = 0; i < 6; i++) {
        double t = ts[i];
        for (int j = 0; j < 5; j++) {
            double df = dfs[j];
            double up = sim_t_cdf(t, df), down = sim_t_cdf(-t, df);
            assert_true(fabs(up + down - 1.0) < 1e-13);
            assert_true(up > 0.5);
        }
        /* df 1: 1/2 + atan(t) / pi; df 2: 1/2 + t / (2 sqrt(2 + t^2)). */
        assert_true(fabs(sim_t_cdf(t, 1) - (0.5 + atan(t) / PI)) < 1e-13);
        assert_true(fabs(sim_t_cdf(-t, 1) - (0.5 - atan(t) / PI)) < 1e-13);
        assert_true(fabs(sim_t_cdf(t, 2) - (0.5 + t / (2.0 * sqrt(2.0 + t * t)))) < 1e-13);
    }
    assert_true(fabs(sim_t_cdf(0.0, 5) - 0.5) < 1e-15);
    /* Monotone in t. */
    double prev = 0.0;
    for (double t = -10.0; t <= 10.0; t += 0.125) {
        double c = sim_t_cdf(t, 3.0);
        assert_true(c >= prev);
        prev = c;
    }
}

static void test_betainc(void **state) {
    (void)state;
    const double xs[] = {0.01, 0.1, 0.3, 0.5, 0.77, 0.99};
    for (int i = 0; i < 6; i++) {
        double x = xs[i];
        /* I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b. */
        assert_true(fabs(sim_betainc(2.5, 1.0, x) - pow(x, 2.5)) < 1e-13);
        assert_true(fabs(sim_betainc(1.0, 3.5, x) - (1.0 - pow(1.0 - x, 3.5))) < 1e-13);
        /* Arcsine law: I_x(1/2, 1/2) = (2 / pi) asin(sqrt(x)). */
        assert_true(fabs(sim_betainc(0.5, 0.5, x) - 2.0 / PI * asin(sqrt(x))) < 1e-13);
        /* Reflection: I_x(a, b) = 1 - I_{1-x}(b, a). */
        assert_true(fabs(sim_betainc(3.2, 7.9, x) + sim_betainc(7.9, 3.2, 1.0 - x) - 1.0) < 1e-13);
        /* Integer parameters: a binomial tail,
         * I_x(2, 3) = sum_{j=2}^{4} C(4, j) x^j (1 - x)^(4 - j). */
        double y = 1.0 - x;
        double binom = 6 * x * x * y * y + 4 * x * x * x * y + x * x * x * x;
        assert_true(fabs(sim_betainc(2, 3, x) - binom) < 1e-13);
    }
    assert_true(fabs(sim_betainc(2, 3, 0.3) - 0.3483) < 1e-13);
    assert_true(fabs(sim_betainc(7, 7, 0.5) - 0.5) < 1e-13);
    assert_true(fabs(sim_betainc(200, 200, 0.5) - 0.5) < 1e-12);
    assert_true(sim_betainc(2, 3, 0.0) == 0.0);
    assert_true(sim_betainc(2, 3, 1.0) == 1.0);
    assert_true(sim_betainc(2, 3, -1.0) == 0.0);
    assert_true(sim_betainc(2, 3, 2.0) == 1.0);
}

static void test_ci95_halfwidth(void **state) {
    (void)state;
    /* n = 10: t(0.975, 9) = 2.262; n = 30: t(0.975, 29) = 2.045. */
    assert_true(fabs(sim_ci95_halfwidth(2.0, 10) - 2.262 * 2.0 / sqrt(10.0)) < 0.0005 * 2.0 / sqrt(10.0));
    assert_true(fabs(sim_ci95_halfwidth(1.0, 30) - 2.045 / sqrt(30.0)) < 0.0005 / sqrt(30.0));
    assert_true(sim_ci95_halfwidth(0.0, 5) == 0.0);
    assert_true(isnan(sim_ci95_halfwidth(1.0, 1)));
    assert_true(isnan(sim_ci95_halfwidth(1.0, 0)));
}

/* --- batch means ------------------------------------------------------------ */

static void check_batch_invariant(const sim_batchmeans *b) {
    /* Every observation is in a completed batch or the current one. */
    assert_true(b->total == b->batch_size * b->nbatches + b->cur_n);
    assert_true(b->nbatches <= SIM_BATCH_MAX);
}

static void test_batchmeans_merging(void **state) {
    (void)state;
    sim_batchmeans b;
    sim_batchmeans_init(&b, 0); /* 0 means 1 */
    assert_int_equal(b.batch_size, 1);
    assert_true(isnan(sim_batchmeans_mean(&b)));
    assert_true(isnan(sim_batchmeans_ci95(&b)));
    sim_batchmeans_add(&b, 0.0);
    assert_int_equal(b.nbatches, 1);
    assert_true(isnan(sim_batchmeans_ci95(&b)));

    /* Observations 0, 1, 2, ...: with batches of 1, the 65th observation
     * halves the 64 batches into 32 of size 2 and starts the next one. */
    sim_batchmeans_init(&b, 1);
    for (int i = 0; i < 64; i++) {
        sim_batchmeans_add(&b, (double)i);
        check_batch_invariant(&b);
    }
    assert_int_equal(b.nbatches, 64);
    assert_int_equal(b.batch_size, 1);
    sim_batchmeans_add(&b, 64.0);
    check_batch_invariant(&b);
    assert_int_equal(b.nbatches, 32);
    assert_int_equal(b.batch_size, 2);
    assert_int_equal(b.cur_n, 1);
    for (int i = 0; i < 32; i++) assert_true(b.means[i] == 2.0 * i + 0.5);
    sim_batchmeans_add(&b, 65.0);
    assert_int_equal(b.nbatches, 33);
    assert_true(b.means[32] == 64.5);
    for (int i = 66; i < 128; i++) {
        sim_batchmeans_add(&b, (double)i);
        check_batch_invariant(&b);
    }
    assert_int_equal(b.nbatches, 64);
    assert_int_equal(b.cur_n, 0);
    assert_true(sim_batchmeans_mean(&b) == 63.5);

    /* After many doublings: batch size a power of two, 32..64 batches, and
     * the mean of the completed batches is the mean of what they hold. */
    sim_batchmeans_init(&b, 3);
    for (int i = 0; i < 100000; i++) {
        sim_batchmeans_add(&b, (double)i);
        if (i % 977 == 0) check_batch_invariant(&b);
    }
    check_batch_invariant(&b);
    assert_true(b.nbatches >= SIM_BATCH_MAX / 2 && b.nbatches <= SIM_BATCH_MAX);
    uint64_t covered = b.batch_size * b.nbatches;
    assert_true(b.batch_size % 3 == 0);
    assert_true(fabs(sim_batchmeans_mean(&b) - (double)(covered - 1) / 2.0) < 1e-6);
    assert_int_equal(b.total, 100000);
}

/* AR(1), X_t = mu + phi (X_{t-1} - mu) + e_t with N(0, 1) noise and
 * phi = 0.9, started in its stationary law N(mu, 1 / (1 - phi^2)). The
 * batch-means 95 % interval must cover mu = 5 in about 95 % of independent
 * runs: 40 runs cover at least 34 times, except with probability
 * P(Binomial(40, 0.95) <= 33) = 0.34 %. The naive interval that treats the
 * observations as independent is too narrow by sqrt((1 + phi) / (1 - phi))
 * = 4.4 and covers about 35 % of the time: it must fail the same bar, which
 * shows the test can tell a right interval from a wrong one. */
static void test_batchmeans_ar1_coverage(void **state) {
    (void)state;
    enum { RUNS = 40, N = 1 << 17 };
    const double mu = 5.0, phi = 0.9;
    int covered = 0, naive_covered = 0;
    for (int run = 0; run < RUNS; run++) {
        sim_rng r;
        sim_rng_seed(&r, 2016, sim_rng_stream_id("ar1", (uint64_t)run));
        sim_batchmeans b;
        sim_batchmeans_init(&b, 1);
        sim_tally naive;
        sim_tally_reset(&naive);
        double x = mu + sim_rng_std_normal(&r) / sqrt(1.0 - phi * phi);
        for (int i = 0; i < N; i++) {
            x = mu + phi * (x - mu) + sim_rng_std_normal(&r);
            sim_batchmeans_add(&b, x);
            sim_tally_add(&naive, x);
        }
        double m = sim_batchmeans_mean(&b), hw = sim_batchmeans_ci95(&b);
        assert_true(hw > 0.0);
        if (fabs(m - mu) <= hw) covered++;
        if (fabs(sim_tally_mean(&naive) - mu) <= sim_tally_ci95(&naive)) naive_covered++;
    }
    assert_true(covered >= 34);
    assert_true(naive_covered < 34);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_tally_known),
        cmocka_unit_test(test_tally_welford),
        cmocka_unit_test(test_tally_merge),
        cmocka_unit_test(test_timeavg),
        cmocka_unit_test(test_mean_closed_form),
        cmocka_unit_test(test_loghist_known),
        cmocka_unit_test(test_loghist_exponential),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_t_quantile_table),
        cmocka_unit_test(test_t_cdf),
        cmocka_unit_test(test_betainc),
        cmocka_unit_test(test_ci95_halfwidth),
        cmocka_unit_test(test_batchmeans_merging),
        cmocka_unit_test(test_batchmeans_ar1_coverage),
)
