/*
 * test_exp.c - the experiment library (exp/): factors and designs, MSER-5,
 * the sequential precision rule and Kim & Nelson's KN, against numbers
 * worked out here.
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

#include "exp_design.h"
#include "exp_stats.h"
#include "sim_dist.h"
#include "sim_rng.h"
#include "test_main.h"

static void add(exp_design *d, const char *arg) {
    char err[300];
    if (!exp_design_add_factor(d, arg, err, sizeof err)) fail_msg("%s: %s", arg, err);
}

static void refused(const char *arg, const char *part) {
    exp_design d;
    exp_design_init(&d, EXP_DESIGN_GRID, 0);
    char err[300] = "";
    assert_false(exp_design_add_factor(&d, arg, err, sizeof err));
    if (!strstr(err, part)) fail_msg("%s: \"%s\" lacks \"%s\"", arg, err, part);
    exp_design_fini(&d);
}

static void test_values(void **state) {
    (void)state;
    exp_design d;
    exp_design_init(&d, EXP_DESIGN_GRID, 0);
    add(&d, "stations.cnc.cycle=normal(6min, 30s),const(5min),\"a,b\"");
    add(&d, "fleets.agv.count=2..6");
    add(&d, "run.warmup=10min..30min:5");
    add(&d, "stations.scrap=0.1..0.5:5");
    add(&d, "products.housing.route=[saw, cnc],[saw]");
    assert_int_equal(d.factors[0].nlevels, 3);
    assert_string_equal(d.factors[0].levels[0], "normal(6min, 30s)");
    assert_string_equal(d.factors[0].levels[2], "\"a,b\"");
    assert_int_equal(d.factors[1].nlevels, 5);
    assert_string_equal(d.factors[1].levels[0], "2");
    assert_string_equal(d.factors[1].levels[4], "6");
    const char *w[] = {"10min", "15min", "20min", "25min", "30min"};
    assert_int_equal(d.factors[2].nlevels, 5);
    for (int i = 0; i < 5; i++) assert_string_equal(d.factors[2].levels[i], w[i]);
    const char *s[] = {"0.1", "0.2", "0.3", "0.4", "0.5"};
    for (int i = 0; i < 5; i++) assert_string_equal(d.factors[3].levels[i], s[i]);
    assert_int_equal(d.factors[4].nlevels, 2);
    assert_string_equal(d.factors[4].levels[0], "[saw, cnc]");
    exp_design_fini(&d);

    refused("fleets.agv.count=6..2", "empty");
    refused("fleets.agv.count=", "no values");
    refused("=1,2", "PATH=VALUES");
    refused("fleets.agv.count=1,,2", "empty value");
    refused("fleets.agv.count=1,2,1", "twice");
    refused("fleets.agv.count=0.5..2", "number of points");
    refused("run.warmup=30min..10min:3", "empty");
    refused("run.warmup=10min..30min:0", ":N");
    refused("stations.cnc.cycle=normal(6min, 30s", "unbalanced");
}

static void test_designs(void **state) {
    (void)state;
    char err[300];
    exp_design_kind kind;
    int n;
    assert_true(exp_design_parse_kind("lhs:7", &kind, &n, err, sizeof err));
    assert_int_equal(kind, EXP_DESIGN_LHS);
    assert_int_equal(n, 7);
    assert_false(exp_design_parse_kind("lhs:", &kind, &n, err, sizeof err));
    assert_false(exp_design_parse_kind("full", &kind, &n, err, sizeof err));

    /* grid: every combination, the last factor fastest */
    exp_design d;
    exp_design_init(&d, EXP_DESIGN_GRID, 0);
    add(&d, "a=1,2,3");
    add(&d, "b=x,y");
    assert_true(exp_design_build(&d, 1, err, sizeof err));
    assert_int_equal(d.nscenarios, 6);
    assert_string_equal(exp_design_value(&d, 0, 0), "1");
    assert_string_equal(exp_design_value(&d, 1, 1), "y");
    assert_string_equal(exp_design_value(&d, 5, 0), "3");
    exp_design_fini(&d);

    /* oat: the base (first values), then each other value alone */
    exp_design_init(&d, EXP_DESIGN_OAT, 0);
    add(&d, "a=1,2,3");
    add(&d, "b=x,y");
    assert_true(exp_design_build(&d, 1, err, sizeof err));
    assert_int_equal(d.nscenarios, 1 + 2 + 1);
    int expect[4][2] = {{0, 0}, {1, 0}, {2, 0}, {0, 1}};
    for (int s = 0; s < 4; s++)
        for (int f = 0; f < 2; f++) assert_int_equal(exp_design_level(&d, s, f), expect[s][f]);
    exp_design_fini(&d);

    /* lhs with N = the number of levels: every level of every factor once */
    exp_design_init(&d, EXP_DESIGN_LHS, 5);
    add(&d, "a=1..5");
    add(&d, "b=6..10");
    assert_true(exp_design_build(&d, 42, err, sizeof err));
    assert_int_equal(d.nscenarios, 5);
    for (int f = 0; f < 2; f++) {
        int seen[5] = {0};
        for (int s = 0; s < 5; s++) seen[exp_design_level(&d, s, f)]++;
        for (int l = 0; l < 5; l++) assert_int_equal(seen[l], 1);
    }
    int first[5];
    for (int s = 0; s < 5; s++) first[s] = exp_design_level(&d, s, 1);
    exp_design_fini(&d);
    /* the same seed, the same design */
    exp_design_init(&d, EXP_DESIGN_LHS, 5);
    add(&d, "a=1..5");
    add(&d, "b=6..10");
    assert_true(exp_design_build(&d, 42, err, sizeof err));
    for (int s = 0; s < 5; s++) assert_int_equal(exp_design_level(&d, s, 1), first[s]);
    exp_design_fini(&d);
}

/* MSER-5 on a series whose first 50 values are a transient: dropping
 * exactly those leaves a constant, whose statistic is 0. */
static void test_mser(void **state) {
    (void)state;
    double y[500];
    for (int i = 0; i < 500; i++) y[i] = i < 50 ? 100.0 - i : 7.0;
    double stat;
    assert_int_equal(exp_mser(y, 500, 5, &stat), 50);
    assert_true(stat == 0.0);
    /* a stationary series: nothing to drop beyond what noise suggests, and
     * never more than half */
    sim_rng r;
    sim_rng_seed(&r, 3, 1);
    for (int i = 0; i < 500; i++) y[i] = sim_rng_u01(&r);
    assert_true(exp_mser(y, 500, 5, NULL) <= 250);
    assert_int_equal(exp_mser(y, 9, 5, NULL), 0);   /* one batch: nothing */
}

static void test_precision(void **state) {
    (void)state;
    /* gamma = 2 %: gamma' = 0.02 / 1.02 */
    assert_true(exp_precision_met(100.0, 1.96, 0.02));
    assert_false(exp_precision_met(100.0, 1.97, 0.02));
    assert_true(exp_precision_met(5.0, 0.0, 0.02));
    assert_false(exp_precision_met(5.0, NAN, 0.02));
    /* n (ci / target)^2: 10 (3.92 / 1.9608)^2 = 39.97 -> 40 */
    assert_int_equal(exp_precision_next(10, 100.0, 3.92, 0.02, 1000), 40);
    assert_int_equal(exp_precision_next(10, 100.0, 3.92, 0.02, 20), 20);
    assert_int_equal(exp_precision_next(10, 100.0, 1.0, 0.02, 1000), 11);
}

/* KN's constant: eta = 1/2 [(2 alpha / (k-1))^(-2/(n0-1)) - 1], h^2 = 2 eta (n0 - 1). */
static void test_kn_constant(void **state) {
    (void)state;
    exp_kn kn;
    assert_true(exp_kn_init(&kn, 2, 10, 0.05, 1.0, true, NULL));
    double eta = 0.5 * (pow(10.0, 2.0 / 9.0) - 1.0);   /* (0.1)^(-2/9) */
    assert_true(fabs(kn.h2 - 2 * eta * 9) < 1e-12);
    assert_true(fabs(kn.h2 - 6.01290) < 1e-4);
    exp_kn_fini(&kn);
    assert_false(exp_kn_init(&kn, 1, 10, 0.05, 1.0, true, NULL));
    assert_false(exp_kn_init(&kn, 3, 1, 0.05, 1.0, true, NULL));
    assert_false(exp_kn_init(&kn, 3, 10, 0.05, 0.0, true, NULL));
}

/* Normal systems in the slippage configuration, the least favourable one
 * for KN: the best mean delta above the others, all with variance 1.
 * Over many macro-replications the share of correct selections must be
 * consistent with 1 - alpha (KN guarantees at least that; a share below
 * 1 - alpha by more than 3 binomial standard deviations fails). */
typedef struct sysdata {
    int k, cap;
    double *x;   /* [k][cap] */
} sysdata;

static double get_x(void *ctx, int i, int r) {
    sysdata *s = ctx;
    assert_true(r < s->cap);
    return s->x[i * s->cap + r];
}

static void test_kn_pcs(void **state) {
    (void)state;
    enum { K = 5, N0 = 10, MACRO = 400, CAP = 4000 };
    double alpha = 0.05, delta = 0.5;
    sysdata sd = {K, CAP, malloc(sizeof(double) * K * CAP)};
    assert_non_null(sd.x);
    int correct = 0;
    long total = 0;
    for (int m = 0; m < MACRO; m++) {
        sim_rng r;
        sim_rng_seed(&r, 1000 + (uint64_t)m, 7);
        int best = m % K;   /* the best sits anywhere */
        for (int i = 0; i < K; i++)
            for (int j = 0; j < CAP; j++) {
                /* Box-Muller */
                double u1 = sim_rng_u01_pos(&r), u2 = sim_rng_u01(&r);
                double z = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
                sd.x[i * CAP + j] = (i == best ? delta : 0.0) + z;
            }
        exp_kn kn;
        assert_true(exp_kn_init(&kn, K, N0, alpha, delta, true, NULL));
        exp_kn_first_stage(&kn, get_x, &sd);
        bool done = false;
        for (int upto = N0; !done && upto <= CAP; upto++) done = exp_kn_advance(&kn, get_x, &sd, upto);
        assert_true(done);
        if (exp_kn_selected(&kn) == best) correct++;
        total += kn.r;
        exp_kn_fini(&kn);
    }
    free(sd.x);
    double p = 1 - alpha, sdv = sqrt(MACRO * p * (1 - p));
    printf("KN: %d of %d correct (1 - alpha = %.2f), mean stage %.1f\n", correct, MACRO, p, (double)total / MACRO);
    assert_true(correct >= MACRO * p - 3 * sdv);
    /* and not a procedure that simply runs for ever: KN stops well before
     * its bound on average */
    assert_true((double)total / MACRO < 200);
}

/* The constrained start: an infeasible system is never selected. */
static void test_kn_feasible(void **state) {
    (void)state;
    double x[3 * 20];
    for (int i = 0; i < 3; i++)
        for (int r = 0; r < 20; r++) x[i * 20 + r] = (i == 2 ? 10.0 : i) + 0.01 * ((r * 7 + i) % 5);
    sysdata sd = {3, 20, x};
    bool feas[3] = {true, true, false};
    exp_kn kn;
    assert_true(exp_kn_init(&kn, 3, 5, 0.05, 0.5, true, feas));
    exp_kn_first_stage(&kn, get_x, &sd);
    assert_true(exp_kn_advance(&kn, get_x, &sd, 20));
    assert_int_equal(exp_kn_selected(&kn), 1);
    exp_kn_fini(&kn);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_values),     cmocka_unit_test(test_designs),   cmocka_unit_test(test_mser),
        cmocka_unit_test(test_precision),  cmocka_unit_test(test_kn_constant), cmocka_unit_test(test_kn_pcs),
        cmocka_unit_test(test_kn_feasible),
)
