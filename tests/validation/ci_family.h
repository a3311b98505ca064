/*
 * ci_family.h - family-wise 95 % confidence for the statistical tests
 * (tests/validation/test_*.c, tests/test_models.c). Header only: every
 * test is its own program, and tests/CMakeLists.txt builds each from one
 * file.
 *
 * Why. A program that makes k interval checks at 95 % each fails some
 * check for a correct model with probability up to 1 - 0.95^k (k = 60:
 * 95 %), so a red suite would say nothing. Each program therefore keeps
 * its family-wise level at 95 %: every check uses the two-sided Student-t
 * quantile at 1 - 0.05 / (2k) (Bonferroni), and a correct model passes
 * all k checks of the program with probability >= 95 %, whatever the
 * correlation between them. From the summary's 95 % half-width
 * ci95 = t(0.975, n - 1) s / sqrt(n) over n replications,
 *   hw = ci95 x t(1 - 0.05 / (2k), n - 1) / t(0.975, n - 1).
 *
 * Counting. k is a constant of each program, written next to a comment
 * that lists its checks. ci_family_hw counts the checks made, and the last
 * test of the program (ci_family_check_count) compares the count with k,
 * so a check added without raising k fails the program.
 *
 * Seeds. Every program has a master seed fixed before its first run,
 * never tuned. LINETWIN_TEST_SEED (a decimal integer) in the environment
 * replaces it, to re-roll the whole program; under another seed a correct
 * model still passes with probability >= 95 %, so one red seed in twenty
 * is expected and a miss under many seeds is a bug. Investigate a miss
 * with more replications, never by changing the fixed seed.
 */
#ifndef LINETWIN_TESTS_CI_FAMILY_H
#define LINETWIN_TESTS_CI_FAMILY_H

/* cmocka.h (and its prerequisites) must be included before this file. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "sim_stats.h"

typedef struct ci_family {
    int k;     /* interval checks the program makes */
    int made;  /* checks made so far */
} ci_family;

/* hw / ci95 for n replications: t(1 - 0.05 / (2k), n - 1) / t(0.975, n - 1). */
static inline double ci_family_factor(const ci_family *f, int n) {
    double df = (double)(n - 1);
    return sim_t_quantile(1.0 - 0.05 / (2.0 * f->k), df) / sim_t_quantile(0.975, df);
}

/* The family half-width of one check from a 95 % half-width over n
 * replications; counts the check. */
static inline double ci_family_hw(ci_family *f, double ci95, int n) {
    f->made++;
    if (f->made > f->k)
        fail_msg("interval check %d of a family of k = %d: raise k and list the new check",
                 f->made, f->k);
    return ci95 * ci_family_factor(f, n);
}

/* The last test of a program: every check counted in k was made, and no
 * other. (Fails too when an earlier test stopped before its checks.) */
static inline void ci_family_check_count(const ci_family *f) {
    print_message("family-wise 95 %%: %d interval checks made, k = %d\n", f->made, f->k);
    assert_int_equal(f->made, f->k);
}

/* ci_family_check_count as a cmocka test whose state is the family: the
 * last entry of a program's test list is CI_FAMILY_LAST_TEST(family). */
static inline void ci_family_all_made(void **state) { ci_family_check_count(*state); }
#define CI_FAMILY_LAST_TEST(f) cmocka_unit_test_prestate(ci_family_all_made, &(f))

/* The master seed: `fixed`, or LINETWIN_TEST_SEED when set. */
static inline uint64_t ci_family_seed(uint64_t fixed) {
    static int told;
    const char *s = getenv("LINETWIN_TEST_SEED");
    if (s == NULL || *s == '\0')
        return fixed;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || *s == '-')
        fail_msg("LINETWIN_TEST_SEED=\"%s\": expected a decimal integer", s);
    if (!told) {
        print_message("master seed %llu from LINETWIN_TEST_SEED (fixed seed %llu)\n", v,
                      (unsigned long long)fixed);
        told = 1;
    }
    return (uint64_t)v;
}


/* ---- checks shared by the validation programs (they include mdl_batch.h) ---- */
#ifdef MDL_BATCH_H
#include <math.h>
#include <stdio.h>

/* Interval checks made and failed by one case; the case fails at the end
 * when any failed, after every check has printed its line. */
typedef struct ci_checks {
    int run;
    int failed;
} ci_checks;

/* The end of a case: its count of checks and misses with the batch's wall
 * time and events; frees the batch and its model. The misses. */
static inline int ci_checks_end(const ci_checks *c, mdl_batch *b, mdl_model *m) {
    print_message("  %d checks, %d failed; %.2f s wall, %llu events\n", c->run, c->failed, mdl_batch_wall_s(b),
                  (unsigned long long)mdl_batch_events(b));
    mdl_batch_free(b);
    mdl_model_free(m);
    return c->failed;
}

/* The family-wise interval over n replications must cover `exact`, and
 * its half-width must be at most max_hw. */
static inline void ci_check_covers(ci_family *f, ci_checks *c, const char *what, mdl_summary s,
                                   double exact, double max_hw, int n) {
    double hw = ci_family_hw(f, s.ci95, n);
    bool covers = fabs(s.mean - exact) <= hw;
    bool tight = hw <= max_hw;
    c->run++;
    if (!(covers && tight))
        c->failed++;
    print_message("  %-30s exact %11.6g  sim %11.6g +- %-10.4g (max hw %.4g)%s%s\n", what,
                  exact, s.mean, hw, max_hw, covers ? "" : "  MISS: CI does not cover",
                  tight ? "" : "  WIDE: CI too wide");
}

/* A resource with one failure mode of exponential life (mean m) and
 * repair (mean r), no crews, over n replications: its up and down periods
 * alternate as a two-state chain, so the family-wise interval of its down
 * share must cover r / (m + r) within 3 % of it; more than 300 failures,
 * an MTTR within 10 % of r (hours) and no maintenance. `what` names it in
 * the lines printed ("crane", "vehicle"). */
static inline void ci_check_availability(ci_family *f, const char *what, mdl_summary down,
                                         mdl_summary failures, mdl_summary mttr_h, mdl_summary maint,
                                         double m, double r, int n) {
    ci_checks c = {0, 0};
    char name[64];
    snprintf(name, sizeof name, "%s down share", what);
    ci_check_covers(f, &c, name, down, r / (m + r), 0.03 * r / (m + r), n);
    print_message("%s availability %.5f (exact %.5f)\n", what, 1.0 - down.mean, m / (m + r));
    assert_true(failures.mean > 300.0);
    assert_true(fabs(mttr_h.mean - r) < 0.1 * r);
    assert_true(maint.mean == 0.0);
    assert_int_equal(c.failed, 0);
}

/* Little's law, L = lambda W, on every run, for the line (WIP = X W) and
 * for every station's buffer (Lq = lambda Wq). For each replication,
 * d = L_window - (N_window / T) W_window is a window-edge term (units
 * present at warm-up or at the horizon) whose expectation is zero in
 * steady state and whose size is O(L W / T). The law holds when |mean d|
 * is within the sampling resolution of L (its family-wise half-width) plus
 * 0.5 % of L for the edges. An accounting error - a unit in service
 * counted in the queue, lead time started at the wrong event - moves d by
 * a sizeable share of L. */
static inline void ci_check_little(ci_family *f, ci_checks *c, const char *what,
                                   const mdl_batch *b) {
    int n = mdl_batch_reps(b);
    double d[64];
    assert_true(n <= 64);
    for (int r = 0; r < n; r++) {
        const mdl_rep_result *x = mdl_batch_rep(b, r);
        d[r] = x->kpi[MDL_KPI_WIP] -
               x->kpi[MDL_KPI_THROUGHPUT_PER_H] / 3600.0 * x->kpi[MDL_KPI_LEAD_TIME_S];
    }
    mdl_summary sd = mdl_summarize(d, (size_t)n);
    mdl_summary wip = mdl_batch_kpi(b, MDL_KPI_WIP);
    double tol = ci_family_hw(f, wip.ci95, n) + 0.005 * fabs(wip.mean);
    bool ok = fabs(sd.mean) <= tol;
    c->run++;
    if (!ok)
        c->failed++;
    print_message("  %-30s line: WIP - X W = %.3g (tolerance %.3g)%s\n", what, sd.mean, tol,
                  ok ? "" : "  FAIL");
    const mdl_model *m = mdl_batch_model(b);
    for (int s = 0; s < mdl_model_station_count(m); s++) {
        for (int r = 0; r < n; r++) {
            const mdl_rep_result *x = mdl_batch_rep(b, r);
            d[r] = x->station[s][MDL_SKPI_QUEUE_LEN] -
                   x->station[s][MDL_SKPI_UNITS_DONE] / x->window_s * x->station[s][MDL_SKPI_WAIT_S];
        }
        sd = mdl_summarize(d, (size_t)n);
        mdl_summary q = mdl_batch_station_kpi(b, s, MDL_SKPI_QUEUE_LEN);
        tol = ci_family_hw(f, q.ci95, n) + 0.005 * fabs(q.mean);
        ok = fabs(sd.mean) <= tol;
        c->run++;
        if (!ok)
            c->failed++;
        print_message("  %-30s station %d: Lq - lambda Wq = %.3g (tolerance %.3g)%s\n", what, s,
                      sd.mean, tol, ok ? "" : "  FAIL");
    }
}
#endif /* MDL_BATCH_H */

#endif
