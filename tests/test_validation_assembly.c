/*
 * test_validation_assembly.c - an assembly station fed by two exponential
 * lines with finite component buffers, against the exact solution of its
 * continuous-time Markov chain, built and solved here.
 *
 * The line. Machine ma (exponential, rate la) makes component A, machine
 * mb (rate lb) makes B, each from an unlimited supply; both hand to the
 * assembly station asm (one server, exponential, rate mu), which joins qa
 * A and qb B into one unit. Each component waits in its own buffer of K
 * places at asm; a machine whose component finds its buffer full stays
 * blocked, holding it, until a place frees (mdl_assembly.c).
 *
 * The chain. State = (asm busy?, a, b, ma blocked?, mb blocked?), a and b
 * the buffer contents. Random events: ma completes (rate la, when not
 * blocked), mb completes (lb), asm completes (mu, when busy). After each,
 * a deterministic cascade: an idle asm with a >= qa and b >= qb starts
 * (taking them), a blocked machine whose buffer has a place puts its unit
 * there and starts the next; repeated until nothing changes. The states
 * reachable from the empty line are enumerated, and pi Q = 0 with
 * sum pi = 1 is solved directly (Gaussian elimination with partial
 * pivoting; at most 2 x 9 x 9 x 2 x 2 states here). Then
 *   throughput  = mu P(asm busy)
 *   blocked ma  = P(ma blocked),  E[a] = mean A buffer content.
 *
 * Pass criterion: the family-wise Student-t interval (ci_family.h, K_CHECKS
 * checks) over REPS replications covers the exact value, and is at most
 * 1.5 % of the exact throughput wide (half-width), 0.01 for a share, 4 %
 * of an exact buffer content. The seed was fixed before the first run.
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

#include "mdl_assembly.h"
#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "sim_dist.h"
#include "test_helpers.h"
#include "validation/ci_family.h"
#include "test_main.h"

#define MIN 60.0
#define REPS 20
#define SEED UINT64_C(18018) /* fixed before the first run; never tuned */
#define K_CHECKS 6
static ci_family family = {K_CHECKS, 0};

typedef struct asm_case {
    double la, lb, mu; /* rates per minute */
    int qa, qb;        /* BOM quantities */
    int cap;           /* places per component buffer */
} asm_case;

typedef struct astate {
    int busy, a, b, ba, bb;
} astate;

/* ---- the chain ------------------------------------------------------------- */

static int encode(const asm_case *c, const astate *x) {
    int k = c->cap + 1;
    return (((x->busy * k + x->a) * k + x->b) * 2 + x->ba) * 2 + x->bb;
}

static void cascade(const asm_case *c, astate *x) {
    for (bool changed = true; changed;) {
        changed = false;
        if (!x->busy && x->a >= c->qa && x->b >= c->qb) {
            x->a -= c->qa;
            x->b -= c->qb;
            x->busy = 1;
            changed = true;
        }
        if (x->ba && x->a < c->cap) {
            x->a++;
            x->ba = 0;
            changed = true;
        }
        if (x->bb && x->b < c->cap) {
            x->b++;
            x->bb = 0;
            changed = true;
        }
    }
}

/* The successor of x by event e (0: ma, 1: mb, 2: asm) and its rate (0: none). */
static double step(const asm_case *c, const astate *x, int e, astate *y) {
    *y = *x;
    if (e == 0 && !x->ba) {
        if (y->a < c->cap) y->a++;
        else y->ba = 1;
        cascade(c, y);
        return c->la;
    }
    if (e == 1 && !x->bb) {
        if (y->b < c->cap) y->b++;
        else y->bb = 1;
        cascade(c, y);
        return c->lb;
    }
    if (e == 2 && x->busy) {
        y->busy = 0;
        cascade(c, y);
        return c->mu;
    }
    return 0.0;
}

typedef struct asm_exact {
    double throughput; /* per minute */
    double blocked_a, blocked_b, mean_a;
    int states;
} asm_exact;

/* Solves A x = rhs in place (n x n, row-major), partial pivoting. */
static void gauss(double *A, double *rhs, int n) {
    for (int col = 0; col < n; col++) {
        int piv = col;
        for (int r = col + 1; r < n; r++)
            if (fabs(A[r * n + col]) > fabs(A[piv * n + col])) piv = r;
        assert_true(fabs(A[piv * n + col]) > 1e-14);
        for (int k = 0; k < n; k++) {
            double t = A[col * n + k];
            A[col * n + k] = A[piv * n + k];
            A[piv * n + k] = t;
        }
        double t = rhs[col];
        rhs[col] = rhs[piv];
        rhs[piv] = t;
        for (int r = 0; r < n; r++) {
            if (r == col || A[r * n + col] == 0.0) continue;
            double f = A[r * n + col] / A[col * n + col];
            for (int k = col; k < n; k++) A[r * n + k] -= f * A[col * n + k];
            rhs[r] -= f * rhs[col];
        }
    }
    for (int i = 0; i < n; i++) rhs[i] /= A[i * n + i];
}

static asm_exact asm_solve(const asm_case *c) {
    int ncodes = 2 * (c->cap + 1) * (c->cap + 1) * 4;
    int *index = malloc(sizeof *index * (size_t)ncodes);
    astate *st = malloc(sizeof *st * (size_t)ncodes);
    assert_non_null(index);
    assert_non_null(st);
    for (int i = 0; i < ncodes; i++) index[i] = -1;
    int n = 0;
    st[n] = (astate){0, 0, 0, 0, 0};
    index[encode(c, &st[0])] = n++;
    for (int i = 0; i < n; i++) /* breadth first: every reachable state */
        for (int e = 0; e < 3; e++) {
            astate y;
            if (step(c, &st[i], e, &y) > 0.0 && index[encode(c, &y)] < 0) {
                index[encode(c, &y)] = n;
                st[n++] = y;
            }
        }
    /* pi Q = 0: Q^T pi = 0, the last equation replaced by sum pi = 1. */
    double *A = calloc((size_t)n * (size_t)n, sizeof *A), *pi = calloc((size_t)n, sizeof *pi);
    assert_non_null(A);
    assert_non_null(pi);
    for (int i = 0; i < n; i++)
        for (int e = 0; e < 3; e++) {
            astate y;
            double rate = step(c, &st[i], e, &y);
            int j = index[encode(c, &y)];
            if (rate <= 0.0 || j == i) continue;
            A[j * n + i] += rate; /* flow into j from i */
            A[i * n + i] -= rate; /* out of i */
        }
    for (int i = 0; i < n; i++) A[(n - 1) * n + i] = 1.0;
    pi[n - 1] = 1.0;
    gauss(A, pi, n);
    asm_exact x = {0};
    x.states = n;
    for (int i = 0; i < n; i++) {
        x.throughput += c->mu * pi[i] * st[i].busy;
        x.blocked_a += pi[i] * st[i].ba;
        x.blocked_b += pi[i] * st[i].bb;
        x.mean_a += pi[i] * st[i].a;
    }
    free(A);
    free(pi);
    free(index);
    free(st);
    return x;
}

/* ---- the simulation ---------------------------------------------------------- */

static mdl_model *case_model(const asm_case *c) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    const char *ids[] = {"ma", "mb", "asm"};
    const double rate[] = {c->la, c->lb, c->mu};
    for (int i = 0; i < 3; i++) {
        mdl_station_spec s;
        mdl_station_spec_default(&s);
        s.id = ids[i];
        s.has_cycle = true;
        s.cycle = sim_dist_exp(MIN / rate[i]);
        if (i == 2) {
            s.kind = MDL_STATION_ASSEMBLY;
            s.component_buffer = c->cap;
        }
        assert_true(mdl_model_add_station(m, &s) >= 0);
    }
    const char *ra[] = {"ma", "asm"}, *rb[] = {"mb", "asm"}, *rp[] = {"asm"};
    int a = mdl_model_add_product(m, "A", ra, 2, 0), b = mdl_model_add_product(m, "B", rb, 2, 0);
    int p = mdl_model_add_product(m, "P", rp, 1, 0);
    assert_true(mdl_model_add_unlimited(m, a) >= 0 && mdl_model_add_unlimited(m, b) >= 0);
    assert_true(mdl_model_add_bom_line(m, p, a, c->qa) && mdl_model_add_bom_line(m, p, b, c->qb));
    return m;
}

/* One case: throughput, ma's blocked share, and the mean content of A's
 * buffer, which is not a KPI of its own: Little's law gives it from the
 * BOM line's KPIs of each replication, E[a] = (A taken per second) x (mean
 * wait of A), the replications run again one by one (same seeds, same
 * numbers) to read them. */
static void check_case(const asm_case *c, double window_min) {
    asm_exact x = asm_solve(c);
    print_message("assembly la %.2f lb %.2f mu %.2f qa %d qb %d K %d: %d states, X %.6f/min\n", c->la, c->lb, c->mu,
                  c->qa, c->qb, c->cap, x.states, x.throughput);
    mdl_model *m = case_model(c);
    uint64_t seed = ci_family_seed(SEED);
    mdl_batch *b = test_run_batch(m, 200 * MIN, (200 + window_min) * MIN, REPS, seed, 2);
    ci_checks ck = {0};
    mdl_summary th = mdl_batch_kpi(b, MDL_KPI_THROUGHPUT_PER_H);
    ci_check_covers(&family, &ck, "throughput [1/min]",
                    (mdl_summary){th.mean / 60.0, th.ci95 / 60.0, th.min / 60.0, th.max / 60.0},
                    x.throughput, 0.015 * x.throughput, REPS);
    ci_check_covers(&family, &ck, "ma blocked", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_BLOCKED), x.blocked_a,
                    0.01, REPS);
    /* E[a] by Little's law on each replication's BOM line KPIs. */
    double la_[REPS], sum = 0.0, sq = 0.0;
    for (int r = 0; r < REPS; r++) {
        mdl_run_settings rs = *mdl_model_run(m);
        rs.seed = seed;
        mdl_run *run = mdl_run_new(m, &rs, (uint32_t)r);
        mdl_run_until(run, rs.horizon);
        mdl_bom_kpi k;
        assert_true(mdl_run_bom_kpi(run, 2, 0, &k));
        la_[r] = (double)k.taken / (window_min * MIN) * k.wait_mean_s;
        sum += la_[r];
        mdl_run_free(run);
    }
    double mean = sum / REPS;
    for (int r = 0; r < REPS; r++) sq += (la_[r] - mean) * (la_[r] - mean);
    double ci95 = sim_t_quantile(0.975, REPS - 1) * sqrt(sq / (REPS - 1) / REPS);
    ci_check_covers(&family, &ck, "E[A in its buffer]", (mdl_summary){mean, ci95, 0.0, 0.0}, x.mean_a,
                    0.04 * x.mean_a, REPS);
    mdl_batch_free(b);
    mdl_model_free(m);
    assert_int_equal(ck.failed, 0);
}

/* The solver against a closed form: with an unlimited buffer for B and a
 * machine mb much faster than everything, B is never short, and A's line
 * is a two-station tandem (ma, asm) with K places between: blocking
 * after service, its throughput by the birth-death chain on the number of
 * A at asm (0 .. K + 2 with the one in service and the blocked one). */
static void test_solver_closed_form(void **state) {
    (void)state;
    asm_case c = {1.0, 1e6, 1.5, 1, 1, 2};
    asm_exact x = asm_solve(&c);
    /* n = A at asm incl. in service, 0 .. K + 1, plus ma blocked at K + 1:
     * birth rate la for n <= K + 1 (into state K + 2 = blocked), death mu. */
    double r = c.la / c.mu, z = 0.0, p0;
    int top = c.cap + 2;
    for (int n = 0; n <= top; n++) z += pow(r, n);
    p0 = 1.0 / z;
    assert_near(x.throughput, c.mu * (1.0 - p0), 1e-4);
}

static void test_one_and_one(void **state) {
    (void)state;
    asm_case c = {1.0, 0.8, 1.2, 1, 1, 2};
    check_case(&c, 20000.0);
}

static void test_one_and_two(void **state) {
    (void)state;
    asm_case c = {0.6, 1.5, 0.8, 1, 2, 3};
    check_case(&c, 20000.0);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_solver_closed_form),
        cmocka_unit_test(test_one_and_one),
        cmocka_unit_test(test_one_and_two),
        CI_FAMILY_LAST_TEST(family),
)
