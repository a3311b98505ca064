/*
 * test_tandem.c - serial lines with finite buffers and blocking after
 * service, against the exact solution of their continuous-time Markov
 * chain, solved here.
 *
 * The line. Stations 1..M in series, one server each, exponential service
 * with rate mu_j; unlimited supply in front of station 1 (it never
 * starves); station j >= 2 has an input buffer of capacity B_j (not
 * counting its server); a finished unit that finds no room downstream
 * stays on its server (blocked) until room appears; the last station
 * hands to the sink and never blocks. A station takes a unit when its
 * buffer has room, or when the buffer is empty and its server is idle
 * (mdl_run.h) - so with B_j = 0 a unit passes only to an idle server.
 *
 * The chain. State = for every station its server status (idle, busy,
 * blocked) and buffer content q_j; station 1 is never idle. The only
 * random events are service completions (rate mu_j at each busy station);
 * each one triggers a deterministic cascade: the unit moves on or blocks,
 * the freed server takes the next unit from its buffer, which frees a
 * buffer place for a blocked server upstream, and so on. The reachable
 * states are enumerated from the empty line, the balance equations
 * pi Q = 0 are solved by Gauss-Seidel sweeps to a residual below 1e-15,
 * and then
 *   throughput      = mu_M P(station M busy)
 *   busy share j    = P(s_j = busy)        (= throughput / mu_j)
 *   blocked share j = P(s_j = blocked),  idle share j = P(s_j = idle)
 *   queue_len j     = E[q_j].
 * The solver is itself checked against the closed form of the two-station
 * line and the published five-station value 0.79336740 (issue 3; M = 5,
 * mu = 1, B = 5), which it reproduces to 1e-9.
 *
 * Pass criterion (per KPI): the family-wise Student-t interval over 40
 * replications covers the exact value, and its half-width is at most 1 %
 * of the exact throughput, at most 0.005 (half a percentage point) for a
 * state share, at most 3 % of an exact queue length. The intervals are
 * Bonferroni intervals for the K_CHECKS = 60 interval checks of this file
 * (ci_family.h): t(1 - 0.05 / 120, 39) = 3.622 instead of
 * t(0.975, 39) = 2.023, so that a correct model passes the whole file with
 * probability >= 95 %.
 *
 * Windows. A pilot simulation of the chain (written independently of
 * linetwin) gave, with 20 x 20 000 min, 95 % half-widths of 0.2-0.5 % for
 * throughput, 0.0024-0.0028 for the state shares and 0.6-1.3 % for the
 * buffer contents. Family half-widths scale as
 * t(1 - 0.05 / 120, R - 1) / sqrt(R x window): with 40 replications of
 * 40 000 min (two stations) they are 0.87 times the pilot's, of 60 000
 * min (three) 0.71 times, of 80 000 min (five) 0.61 times, which leaves a
 * factor of about 2 or more to every criterion. Warm-up 500 min: these
 * chains mix within tens of service times.
 *
 * Multiple testing. With 95 % intervals a correct model failed some check
 * of this file for 19 of 40 seeds (measured with the models of
 * 2026-11-23, not counting the cases that hit the buffer-0 deadlock: 5.2 %
 * of all checks missed). With the family-wise intervals it was clean for
 * 60 of 60 other seeds (1-60 through LINETWIN_TEST_SEED; models of
 * 2026-11-23 with the buffer-0 fix).
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
#include <stdlib.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "sim_dist.h"

#include "ci_family.h"
#include "test_helpers.h"
#include "model_specs.h"
#include "test_main.h"

#define MIN 60.0
#define REPS 40
#define THREADS 2
#define SEED UINT64_C(30002) /* fixed before the first run; never tuned */
#define MAXM 6

/*
 * The interval checks of this file, for the Bonferroni level (ci_family.h).
 * Every line: throughput, and Little's law for the line and for each
 * station's buffer (1 + 1 + M); every station checked in detail: busy,
 * blocked and idle shares, and the buffer content where the exact one is
 * not 0 (3 or 4).
 *   two stations, B = 0, detail s1, s2:        1 + 3 + 3     + 3 = 10
 *   two stations, B = 1, no detail:            1             + 3 =  4
 *   two stations, B = 2, detail s1, s2:        1 + 3 + 4     + 3 = 11
 *   three, B = 1, 1, detail s2:                1 + 4         + 4 =  9
 *   three, B = 2, 0, detail s1, s2, s3:        1 + 3 + 4 + 3 + 4 = 15
 *   five, B = 5, detail s3:                    1 + 4         + 6 = 11
 */
#define K_CHECKS (10 + 4 + 11 + 9 + 15 + 11)
static ci_family family = {K_CHECKS, 0};

/* ---- the Markov chain ------------------------------------------------- */

enum { IDLE = 0, BUSY = 1, BLOCKED = 2 };

typedef struct tandem {
    int m;             /* stations */
    double mu[MAXM];   /* service rates, per minute */
    int cap[MAXM];     /* input buffer capacity of station j (cap[0] unused: supply) */
} tandem;

typedef struct tstate {
    int s[MAXM];       /* server status */
    int q[MAXM];       /* units in the input buffer */
} tstate;

/* Exact stationary measures of a tandem line. */
typedef struct tandem_exact {
    double throughput;           /* per minute */
    double busy[MAXM];
    double blocked[MAXM];
    double idle[MAXM];
    double queue[MAXM];
    long states;
    int sweeps;        /* Gauss-Seidel sweeps it took */
} tandem_exact;

static long radix(const tandem *t, int j) {
    return 3L * (t->cap[j] + 1);
}

static long encode(const tandem *t, const tstate *x) {
    long c = 0;
    for (int j = t->m - 1; j >= 0; j--)
        c = c * radix(t, j) + x->s[j] * (t->cap[j] + 1) + x->q[j];
    return c;
}

static void decode(const tandem *t, long c, tstate *x) {
    memset(x, 0, sizeof *x);
    for (int j = 0; j < t->m; j++) {
        long r = radix(t, j);
        long d = c % r;
        c /= r;
        x->s[j] = (int)(d / (t->cap[j] + 1));
        x->q[j] = (int)(d % (t->cap[j] + 1));
    }
}

static void take_next(const tandem *t, tstate *x, int j);

/* Station j has just got room (a buffer place or an idle server): a
 * server blocked upstream hands its unit over and takes its next one. */
static void room_at(const tandem *t, tstate *x, int j) {
    if (j == 0 || x->s[j - 1] != BLOCKED)
        return;
    if (x->s[j] == IDLE)
        x->s[j] = BUSY;   /* only possible with an empty buffer */
    else
        x->q[j]++;
    take_next(t, x, j - 1);
}

/* Server j has handed its unit on: it takes the next one, if any. */
static void take_next(const tandem *t, tstate *x, int j) {
    if (j == 0) {
        x->s[0] = BUSY;   /* unlimited supply */
        return;
    }
    if (x->q[j] > 0) {
        x->q[j]--;
        x->s[j] = BUSY;
    } else {
        x->s[j] = IDLE;
    }
    room_at(t, x, j);
}

/* Server j finishes its operation. */
static void complete(const tandem *t, tstate *x, int j) {
    if (j == t->m - 1) {          /* to the sink: never blocks */
        take_next(t, x, j);
        return;
    }
    if (x->s[j + 1] == IDLE) {    /* straight onto the idle server */
        x->s[j + 1] = BUSY;
        take_next(t, x, j);
    } else if (x->q[j + 1] < t->cap[j + 1]) {
        x->q[j + 1]++;
        take_next(t, x, j);
    } else {
        x->s[j] = BLOCKED;        /* blocking after service */
    }
}

/* Builds the chain reachable from the empty line and solves pi Q = 0. */
static tandem_exact tandem_solve(const tandem *t) {
    long ncodes = 1;
    for (int j = 0; j < t->m; j++)
        ncodes *= radix(t, j);
    long *index = malloc(sizeof *index * (size_t)ncodes);
    long *codes = malloc(sizeof *codes * (size_t)ncodes);
    size_t maxtr = (size_t)ncodes * (size_t)t->m;
    long *from = malloc(sizeof *from * maxtr);
    long *to = malloc(sizeof *to * maxtr);
    double *rate = malloc(sizeof *rate * maxtr);
    assert_true(index && codes && from && to && rate);
    for (long i = 0; i < ncodes; i++)
        index[i] = -1;

    tstate x0;
    memset(&x0, 0, sizeof x0);
    x0.s[0] = BUSY;
    long n = 0;
    size_t ntr = 0;
    codes[n] = encode(t, &x0);
    index[codes[n]] = n;
    n++;
    for (long k = 0; k < n; k++) {  /* breadth-first: n grows as we go */
        tstate x;
        decode(t, codes[k], &x);
        for (int j = 0; j < t->m; j++) {
            if (x.s[j] != BUSY)
                continue;
            tstate y = x;
            complete(t, &y, j);
            long c = encode(t, &y);
            if (index[c] < 0) {
                index[c] = n;
                codes[n++] = c;
            }
            from[ntr] = k;
            to[ntr] = index[c];
            rate[ntr] = t->mu[j];
            ntr++;
        }
    }

    /* Incoming transitions per state (compressed rows) and total out-rates. */
    double *out = calloc((size_t)n, sizeof *out);
    long *start = calloc((size_t)n + 1, sizeof *start);
    long *fill = malloc(sizeof *fill * (size_t)n);
    long *in_from = malloc(sizeof *in_from * ntr);
    double *in_rate = malloc(sizeof *in_rate * ntr);
    double *pi = malloc(sizeof *pi * (size_t)n);
    assert_true(out && start && fill && in_from && in_rate && pi);
    for (size_t i = 0; i < ntr; i++) {
        out[from[i]] += rate[i];
        start[to[i] + 1]++;
    }
    for (long i = 0; i < n; i++)
        start[i + 1] += start[i];
    memcpy(fill, start, sizeof *fill * (size_t)n);
    for (size_t i = 0; i < ntr; i++) {
        long p = fill[to[i]]++;
        in_from[p] = from[i];
        in_rate[p] = rate[i];
    }

    /* Gauss-Seidel on pi_i out_i = sum_k pi_k q_ki, renormalised each
     * sweep, until the largest balance residual is below 1e-15. */
    for (long i = 0; i < n; i++)
        pi[i] = 1.0 / (double)n;
    double resid = INFINITY;
    int sweep;
    for (sweep = 0; sweep < 200000 && resid > 1e-15; sweep++) {
        double sum = 0.0;
        for (long i = 0; i < n; i++) {
            double in = 0.0;
            for (long p = start[i]; p < start[i + 1]; p++)
                in += pi[in_from[p]] * in_rate[p];
            pi[i] = in / out[i];
            sum += pi[i];
        }
        for (long i = 0; i < n; i++)
            pi[i] /= sum;
        resid = 0.0;
        for (long i = 0; i < n; i++) {
            double in = 0.0;
            for (long p = start[i]; p < start[i + 1]; p++)
                in += pi[in_from[p]] * in_rate[p];
            resid = fmax(resid, fabs(in - pi[i] * out[i]));
        }
    }
    assert_true(resid <= 1e-15);

    tandem_exact e;
    memset(&e, 0, sizeof e);
    e.states = n;
    e.sweeps = sweep;
    for (long k = 0; k < n; k++) {
        tstate x;
        decode(t, codes[k], &x);
        for (int j = 0; j < t->m; j++) {
            if (x.s[j] == BUSY)
                e.busy[j] += pi[k];
            else if (x.s[j] == BLOCKED)
                e.blocked[j] += pi[k];
            else
                e.idle[j] += pi[k];
            e.queue[j] += pi[k] * x.q[j];
        }
    }
    e.throughput = t->mu[t->m - 1] * e.busy[t->m - 1];

    free(index);
    free(codes);
    free(from);
    free(to);
    free(rate);
    free(out);
    free(start);
    free(fill);
    free(in_from);
    free(in_rate);
    free(pi);
    return e;
}

/* A line of m stations with mean service times `mean` (min) and buffer
 * capacity `buf` in front of every station but the first. */
static tandem make_tandem(int m, const double *mean, const int *buf) {
    tandem t;
    memset(&t, 0, sizeof t);
    t.m = m;
    for (int j = 0; j < m; j++) {
        t.mu[j] = 1.0 / mean[j];
        t.cap[j] = j == 0 ? 0 : buf[j - 1];
    }
    return t;
}

/*
 * Two stations, buffer B between them: the chain is a birth-death process
 * on the N = B + 2 places of the line (buffer + server 2 + the blocked
 * place on server 1), so (Hunt 1956; Buzacott & Shanthikumar 1993, 3.3)
 *   X = mu1 mu2 (mu1^N - mu2^N) / (mu1^(N+1) - mu2^(N+1)),  mu1 != mu2,
 *   X = mu (N) / (N + 1) = mu (B + 2) / (B + 3),           mu1 == mu2.
 */
static double two_station_closed_form(double mu1, double mu2, int b) {
    int n = b + 2;
    if (mu1 == mu2)
        return mu1 * n / (n + 1.0);
    return mu1 * mu2 * (pow(mu1, n) - pow(mu2, n)) / (pow(mu1, n + 1) - pow(mu2, n + 1));
}

static void test_solver(void **state) {
    (void)state;
    /* Two stations: closed form, equal and unequal rates. */
    const double means[][2] = {{1.0, 1.0}, {1.0, 0.5}, {0.8, 1.25}};
    for (size_t i = 0; i < sizeof means / sizeof means[0]; i++) {
        for (int b = 0; b <= 3; b++) {
            tandem t = make_tandem(2, means[i], &b);
            tandem_exact e = tandem_solve(&t);
            assert_near(e.throughput, two_station_closed_form(t.mu[0], t.mu[1], b), 1e-10);
            /* Throughput is the same through every station. */
            assert_near(e.busy[0] * t.mu[0], e.throughput, 1e-10);
        }
    }
    /* Five stations, mean 1, buffers of 5: the published value. */
    const double ones[5] = {1, 1, 1, 1, 1};
    const int fives[4] = {5, 5, 5, 5};
    tandem t5 = make_tandem(5, ones, fives);
    tandem_exact e5 = tandem_solve(&t5);
    print_message("five-station chain: %ld states, %d sweeps, throughput %.10f\n", e5.states,
                  e5.sweeps, e5.throughput);
    assert_near(e5.throughput, 0.79336740, 5e-9);
    for (int j = 0; j < 5; j++)
        assert_near(e5.busy[j], e5.throughput, 1e-10);
}

/* ---- simulation and checks -------------------------------------------- */

typedef ci_checks checks;
#define check_covers(c, what, s, exact, max_hw) \
    ci_check_covers(&family, (c), (what), (s), (exact), (max_hw), REPS)
#define check_little(c, b) ci_check_little(&family, (c), "Little's law", (b))



static mdl_model *line_model(const tandem *t) {
    static const char *const ids[MAXM] = {"s1", "s2", "s3", "s4", "s5", "s6"};
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    for (int j = 0; j < t->m; j++) {
        mdl_station_spec s = fx_station(ids[j], sim_dist_exp(MIN / t->mu[j]));
        s.buffer = j == 0 ? -1 : t->cap[j];
        assert_int_equal(mdl_model_add_station(m, &s), j);
    }
    int p = mdl_model_add_product(m, "part", ids, t->m, 0);
    assert_int_equal(p, 0);
    assert_true(mdl_model_add_unlimited(m, p) >= 0);
    return m;
}

/* Simulates the line; checks throughput always, and the full ledger and
 * queue lengths of the stations listed in `detail` (-1 ends the list). */
static int run_line(const char *name, int m, const double *mean, const int *buf,
                    double window_min, const int *detail) {
    tandem t = make_tandem(m, mean, buf);
    tandem_exact e = tandem_solve(&t);
    print_message("%s (%ld states)\n", name, e.states);
    mdl_model *model = line_model(&t);
    mdl_batch *b = test_run_batch(model, 500.0 * MIN, (500.0 + window_min) * MIN, REPS,
                                  ci_family_seed(SEED), THREADS);
    checks c = {0, 0};
    check_covers(&c, "throughput_per_h", mdl_batch_kpi(b, MDL_KPI_THROUGHPUT_PER_H),
                 e.throughput * 60.0, 0.01 * e.throughput * 60.0);
    for (const int *d = detail; d != NULL && *d >= 0; d++) {
        int j = *d;
        char what[64];
        snprintf(what, sizeof what, "s%d busy share", j + 1);
        check_covers(&c, what, mdl_batch_station_kpi(b, j, MDL_SKPI_STATE_BUSY), e.busy[j],
                     0.005);
        snprintf(what, sizeof what, "s%d blocked share", j + 1);
        check_covers(&c, what, mdl_batch_station_kpi(b, j, MDL_SKPI_STATE_BLOCKED),
                     e.blocked[j], 0.005);
        snprintf(what, sizeof what, "s%d idle share", j + 1);
        check_covers(&c, what, mdl_batch_station_kpi(b, j, MDL_SKPI_STATE_IDLE), e.idle[j],
                     0.005);
        if (j > 0 && e.queue[j] > 0.0) {
            snprintf(what, sizeof what, "s%d queue_len", j + 1);
            check_covers(&c, what, mdl_batch_station_kpi(b, j, MDL_SKPI_QUEUE_LEN),
                         e.queue[j], 0.03 * e.queue[j]);
        }
    }
    check_little(&c, b);
    return ci_checks_end(&c, b, model);
}

/*
 * Two stations, mean 1 min each, buffer B = 0, 1, 2:
 * X = (B + 2) / (B + 3) per min = 0.6667, 0.75, 0.8 (40, 45, 48 per hour).
 * Station 1 is busy X of the time and blocked 1 - X; station 2 is idle
 * 1 - X (chain marginals, checked in full for B = 0 and B = 2).
 */
static void test_two_stations(void **state) {
    (void)state;
    const double mean[2] = {1.0, 1.0};
    const int all[] = {0, 1, -1};
    int failed = 0;
    for (int b = 0; b <= 2; b++) {
        char name[64];
        snprintf(name, sizeof name, "two stations, B = %d", b);
        failed += run_line(name, 2, mean, &b, 40000.0, b == 1 ? NULL : all);
    }
    assert_int_equal(failed, 0);
}

/*
 * Three stations: balanced (mean 1, buffers 1 and 1; X = 0.6704662 per min
 * from the chain) and unbalanced (means 1.0, 1.25, 0.8 min, buffers 2 and
 * 0; the slow middle station starves and blocks). The unbalanced line is
 * checked station by station: busy, blocked and idle shares and buffer
 * contents against the chain's marginals.
 */
static void test_three_stations(void **state) {
    (void)state;
    int failed = 0;
    const double balanced[3] = {1.0, 1.0, 1.0};
    const int ones[2] = {1, 1};
    const int middle[] = {1, -1};
    failed += run_line("three stations, B = 1, 1", 3, balanced, ones, 60000.0, middle);
    const double unbalanced[3] = {1.0, 1.25, 0.8};
    const int buf[2] = {2, 0};
    const int all[] = {0, 1, 2, -1};
    failed += run_line("three stations, means 1/1.25/0.8, B = 2, 0", 3, unbalanced, buf,
                       60000.0, all);
    assert_int_equal(failed, 0);
}

/*
 * Five stations, exponential mean 1, buffers of 5, unlimited supply:
 * X = 0.79336740 per time unit (issue 3; reproduced by the chain solver in
 * test_solver, 3905 states) = 47.602044 per hour with 1-min services.
 */
static void test_five_stations(void **state) {
    (void)state;
    const double mean[5] = {1, 1, 1, 1, 1};
    const int buf[4] = {5, 5, 5, 5};
    const int middle[] = {2, -1};
    assert_int_equal(run_line("five stations, B = 5", 5, mean, buf, 80000.0, middle), 0);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_solver),
        cmocka_unit_test(test_two_stations),
        cmocka_unit_test(test_three_stations),
        cmocka_unit_test(test_five_stations),
        CI_FAMILY_LAST_TEST(family),
)
