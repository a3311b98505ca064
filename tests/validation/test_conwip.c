/*
 * test_conwip.c - closed CONWIP lines of exponential single-server
 * stations against exact mean-value analysis (MVA).
 *
 * A CONWIP line with w cards is a closed network: a unit is released the
 * instant one leaves, so exactly w units circulate through the stations.
 * With single exponential FIFO servers and unlimited buffers the network
 * has product form, and MVA (Reiser & Lavenberg 1980) is exact:
 *   L_i(0) = 0;  for n = 1..w:
 *     R_i(n) = S_i (1 + L_i(n - 1))       response time at station i
 *     X(n)   = n / sum_i R_i(n)            throughput
 *     L_i(n) = X(n) R_i(n)                 units at station i
 * and then utilisation U_i = X S_i, queue (buffer only) Lq_i = L_i - U_i,
 * buffer wait Wq_i = R_i - S_i, lead time = sum_i R_i = w / X, WIP = w.
 * For M balanced stations of mean S this gives X = w / (w + M - 1) / S,
 * e.g. 4 stations of 2 h: X = w / (w + 3) x 0.5 per hour.
 *
 * Pass criterion: the family-wise Student-t interval over 40 replications
 * covers the exact value, with half-width <= 1 % of the value for
 * throughput, lead time and utilisation and <= 3 % for queue lengths and
 * waits. WIP is constant, so it must equal w to rounding, in every
 * replication. The intervals are Bonferroni intervals for the
 * K_CHECKS = 68 interval checks of this file (ci_family.h):
 * t(1 - 0.05 / 136, 39) = 3.665 instead of t(0.975, 39) = 2.023, so that a
 * correct model passes the whole file with probability >= 95 %.
 *
 * Windows. With w = 1 one unit cycles through 4 exponential stations: a
 * cycle has mean 8 h and squared coefficient of variation 1/4, so n cycles
 * estimate X with relative standard error 0.5 / sqrt(n). A pilot
 * simulation of the closed network's Markov chain (written independently
 * of linetwin) gave, with 20 x 16 000 h, 95 % half-widths of 0.3-0.55 %
 * for X and 1.1-2.2 % for the queue lengths. Family half-widths scale as
 * t(1 - 0.05 / 136, R - 1) / sqrt(R x window): with 40 x 128 000 h
 * (>= 640 000 departures) they are 0.44 times the pilot's, 0.13-0.24 %
 * and 0.5-1.0 %. The noisiest utilisation is that of w = 1: per cycle
 * S_1 - C / 4 has variance 9/16 x 4 + 3/16 x 4 = 3 h^2, so over n = 640 000
 * cycles of 8 h the busy share has standard error sqrt(3 / n) / 8 =
 * 0.00027, a family half-width of 0.40 % of 0.25. All are at most about
 * half their criteria. Warm-up: 200 h (dozens of services; the chains
 * here have few states).
 *
 * Multiple testing. With 95 % intervals a correct model failed some check
 * of this file for 21 of 40 seeds (measured with the models of
 * 2026-11-23: 5.2 % of all checks missed). With the family-wise intervals
 * it was clean for 60 of 60 other seeds (1-60 through LINETWIN_TEST_SEED;
 * models of 2026-11-23 with the buffer-0 fix).
 * The seed was fixed before the first run and must not be changed to make
 * a miss go away: investigate a miss with many more replications.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "sim_dist.h"

#include "ci_family.h"
#include "test_helpers.h"
#include "model_specs.h"
#include "test_main.h"

#define HOUR 3600.0
#define REPS 40
#define THREADS 2
#define SEED UINT64_C(30003) /* fixed before the first run; never tuned */
#define MAXST 8

/*
 * The interval checks of this file, for the Bonferroni level (ci_family.h).
 * Every line of 4 stations: throughput and lead time (2), utilisation of
 * each station (4), queue length and wait of each station when w > 1 (8;
 * with w = 1 they are exactly 0 and checked so), Little's law for the line
 * and each buffer (5).
 *   balanced, w = 1:      2 + 4     + 5 = 11
 *   balanced, w = 3, 8:   2 + 4 + 8 + 5 = 19 each
 *   unbalanced, w = 5:    2 + 4 + 8 + 5 = 19
 */
#define K_CHECKS (11 + 19 + 19 + 19)
static ci_family family = {K_CHECKS, 0};

/* ---- mean-value analysis ---------------------------------------------- */

typedef struct mva_result {
    double x;            /* throughput per hour */
    double lead;         /* h */
    double util[MAXST];
    double lq[MAXST];    /* units waiting in the buffer */
    double wq[MAXST];    /* h waiting in the buffer */
} mva_result;

/* Exact MVA for single-server FIFO exponential stations (means s[i], h). */
static mva_result mva(int nst, const double *s, int w) {
    double l[MAXST] = {0}, r[MAXST] = {0};
    double x = 0.0;
    for (int n = 1; n <= w; n++) {
        double total = 0.0;
        for (int i = 0; i < nst; i++) {
            r[i] = s[i] * (1.0 + l[i]);
            total += r[i];
        }
        x = n / total;
        for (int i = 0; i < nst; i++)
            l[i] = x * r[i];
    }
    mva_result m;
    memset(&m, 0, sizeof m);
    m.x = x;
    m.lead = w / x;
    for (int i = 0; i < nst; i++) {
        m.util[i] = x * s[i];
        m.lq[i] = l[i] - m.util[i];
        m.wq[i] = r[i] - s[i];
    }
    return m;
}

static void test_mva(void **state) {
    (void)state;
    const double s[4] = {2, 2, 2, 2};
    for (int w = 1; w <= 12; w++) {
        mva_result m = mva(4, s, w);
        /* Balanced closed form: X = w / (w + 3) x 0.5 per hour. */
        assert_near(m.x, w / (w + 3.0) * 0.5, 1e-12);
        /* Units are spread evenly: L_i = w / 4. */
        assert_near(m.lq[0] + m.util[0], w / 4.0, 1e-12);
    }
    /* One unit never waits; lead time is the sum of the means. */
    const double u[4] = {1.0, 1.5, 2.0, 1.2};
    mva_result one = mva(4, u, 1);
    assert_near(one.lead, 5.7, 1e-12);
    assert_near(one.lq[2], 0.0, 1e-15);
    /* Many cards: throughput tends to the bottleneck rate 1 / 2 h. */
    assert_near(mva(4, u, 200).x, 0.5, 1e-3);
}

/* ---- simulation ------------------------------------------------------- */

typedef ci_checks checks;
#define check_covers(c, what, s, exact, max_hw) \
    ci_check_covers(&family, (c), (what), (s), (exact), (max_hw), REPS)
#define check_little(c, b) ci_check_little(&family, (c), "Little's law", (b))



/* Closed line: stations c1..cN (means s[i] hours, exponential, unlimited
 * buffers), one product, CONWIP with w cards; REPS replications. */
static int run_conwip(const char *name, int nst, const double *s, int w) {
    static const char *const ids[MAXST] = {"c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"};
    mva_result e = mva(nst, s, w);
    print_message("%s: w = %d\n", name, w);
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    for (int i = 0; i < nst; i++) {
        mdl_station_spec st = fx_station(ids[i], sim_dist_exp(s[i] * HOUR));
        assert_int_equal(mdl_model_add_station(m, &st), i);
    }
    int p = mdl_model_add_product(m, "lot", ids, nst, 0);
    assert_int_equal(p, 0);
    assert_true(mdl_model_add_conwip(m, p, w) >= 0);

    double warmup = 200.0 * HOUR;
    mdl_batch *b = test_run_batch(m, warmup, warmup + 128000.0 * HOUR, REPS, ci_family_seed(SEED),
                                  THREADS);

    checks c = {0, 0};
    check_covers(&c, "throughput_per_h", mdl_batch_kpi(b, MDL_KPI_THROUGHPUT_PER_H), e.x,
                 0.01 * e.x);
    check_covers(&c, "lead_time_s", mdl_batch_kpi(b, MDL_KPI_LEAD_TIME_S), e.lead * HOUR,
                 0.01 * e.lead * HOUR);
    for (int i = 0; i < nst; i++) {
        char what[64];
        snprintf(what, sizeof what, "%s utilization", ids[i]);
        check_covers(&c, what, mdl_batch_station_kpi(b, i, MDL_SKPI_UTILIZATION), e.util[i],
                     0.01 * e.util[i]);
        if (w == 1) {
            /* One unit in the line never waits: exactly zero, every run. */
            for (int r = 0; r < REPS; r++) {
                const mdl_rep_result *x = mdl_batch_rep(b, r);
                assert_true(x->station[i][MDL_SKPI_QUEUE_LEN] == 0.0);
                assert_true(x->station[i][MDL_SKPI_WAIT_S] == 0.0);
            }
            continue;
        }
        snprintf(what, sizeof what, "%s queue_len", ids[i]);
        check_covers(&c, what, mdl_batch_station_kpi(b, i, MDL_SKPI_QUEUE_LEN), e.lq[i],
                     0.03 * e.lq[i]);
        snprintf(what, sizeof what, "%s wait_s", ids[i]);
        check_covers(&c, what, mdl_batch_station_kpi(b, i, MDL_SKPI_WAIT_S), e.wq[i] * HOUR,
                     0.03 * e.wq[i] * HOUR);
    }
    /* WIP is held at w exactly: w units released at time 0, one released
     * at the instant one leaves. */
    for (int r = 0; r < REPS; r++)
        assert_near(mdl_batch_rep(b, r)->kpi[MDL_KPI_WIP], (double)w, 1e-9 * w);
    check_little(&c, b);
    return ci_checks_end(&c, b, m);
}

/*
 * Four stations of mean 2 h: X = w / (w + 3) x 0.5 per hour, i.e.
 *   w = 1: 0.125 / h, lead 8 h;  w = 3: 0.25 / h, lead 12 h;
 *   w = 8: 0.363636 / h, lead 22 h;
 * utilisation 2 X; per station L = w / 4, Lq = w / 4 - 2 X,
 * Wq = R - 2 h with R = lead / 4.
 */
static void test_balanced(void **state) {
    (void)state;
    const double s[4] = {2, 2, 2, 2};
    const int cards[3] = {1, 3, 8};
    int failed = 0;
    for (int i = 0; i < 3; i++)
        failed += run_conwip("balanced 4 x 2 h", 4, s, cards[i]);
    assert_int_equal(failed, 0);
}

/*
 * Unbalanced: means 1.0, 1.5, 2.0, 1.2 h, w = 5, exact values from the
 * MVA recursion above (X = 0.4150658 / h, lead 12.046 h; c3 is the
 * bottleneck, Lq 1.4007 there, 0.2319 at c1).
 */
static void test_unbalanced(void **state) {
    (void)state;
    const double s[4] = {1.0, 1.5, 2.0, 1.2};
    mva_result e = mva(4, s, 5);
    print_message("MVA unbalanced w=5: X = %.9f / h, lead = %.9f h\n", e.x, e.lead);
    assert_int_equal(run_conwip("unbalanced 1/1.5/2/1.2 h", 4, s, 5), 0);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_mva),
        cmocka_unit_test(test_balanced),
        cmocka_unit_test(test_unbalanced),
        CI_FAMILY_LAST_TEST(family),
)
