/*
 * test_helpers.h - helpers that several cmocka programs share (tests/ and
 * tests/validation/). Header only, like ci_family.h: every test is its own
 * program built from one file. Include it after <cmocka.h> (and cmocka's
 * prerequisites <stdarg.h> <stddef.h> <stdint.h> <setjmp.h>).
 *
 *   assert_near(a, b, tol)   |a - b| <= tol, else fails with both values
 *   same_bits(a, b)          a and b are the same double, bit for bit (NaN = NaN)
 *   cmp_double               qsort's comparison of doubles, ascending
 *   test_batch               the model's replications with its own settings
 *   test_run_batch           set warm-up, horizon, replications and seed,
 *                            validate, run (the validation tests' pattern)
 *   test_read_file           a whole file as a string (NULL when unreadable)
 *
 * The batches are the caller's (mdl_batch_free); a failure to run fails
 * the test with mdl_batch_run's or the model's message.
 */
#ifndef LINETWIN_TESTS_HELPERS_H
#define LINETWIN_TESTS_HELPERS_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_model.h"

/// Fails at the caller's line unless |a - b| <= tol (NaN never passes);
/// cmocka 1.1.5 compares doubles only as floats.
#define assert_near(a, b, tol) near_at((a), (b), (tol), #a, __FILE__, __LINE__)
static inline void near_at(double a, double b, double tol, const char *expr, const char *file,
                           int line) {
    if (!(fabs(a - b) <= tol)) {
        print_error("%s = %.17g, expected %.17g +- %.3g\n", expr, a, b, tol);
        _fail(file, line);
    }
}

/// Fails unless a and b are the same double bit for bit (two NaNs pass):
/// for results that must not depend on threads, slicing or mode.
static inline void same_bits(double a, double b) {
    if (isnan(a) && isnan(b)) return;
    assert_memory_equal(&a, &b, sizeof a);
}

/// qsort comparison of doubles, ascending.
static inline int cmp_double(const void *pa, const void *pb) {
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/// Runs rs->replications replications of m with the settings rs on
/// `threads` threads.
static inline mdl_batch *test_batch_with(const mdl_model *m, const mdl_run_settings *rs,
                                         int threads) {
    mdl_batch_options o;
    memset(&o, 0, sizeof o);
    o.run = *rs;
    o.threads = threads;
    char err[256] = "";
    mdl_batch *b = mdl_batch_run(m, &o, err, sizeof err);
    if (b == NULL) fail_msg("mdl_batch_run: %s", err);
    return b;
}

/// Runs the model's replications with its own run settings.
static inline mdl_batch *test_batch(const mdl_model *m, int threads) {
    return test_batch_with(m, mdl_model_run(m), threads);
}

/// Sets the model's warm-up and horizon (s), replication count and master
/// seed, validates the model and runs its replications.
static inline mdl_batch *test_run_batch(mdl_model *m, double warmup_s, double horizon_s, int reps,
                                        uint64_t seed, int threads) {
    mdl_run_settings rs = *mdl_model_run(m);
    rs.warmup = warmup_s;
    rs.horizon = horizon_s;
    rs.replications = reps;
    rs.seed = seed;
    assert_true(mdl_model_set_run(m, &rs));
    if (!mdl_model_validate(m)) fail_msg("model invalid: %s", mdl_model_error(m));
    mdl_batch *b = test_batch_with(m, &rs, threads);
    assert_int_equal(mdl_batch_reps(b), reps);
    return b;
}

/// The whole file as a NUL-terminated string (the caller frees it), or
/// NULL when it cannot be opened.
static inline char *test_read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    assert_non_null(buf);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            buf = realloc(buf, cap *= 2);
            assert_non_null(buf);
        }
    }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

#endif
