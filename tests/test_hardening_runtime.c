/*
 * test_hardening_runtime.c - a run fails cleanly instead of aborting or
 * hanging: laws whose samples would overflow are refused at load, a run
 * whose clock stands still fails with the source's name, out of memory
 * anywhere in a run is an error return (allocator failure injection, the
 * N-th allocation failing for every N), progress inside a replication, and
 * the command's range checks of numeric flags.
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "sim_dist.h"
#include "sim_rng.h"
#include "sim_world.h"
#include "test_scene_text.h"
#include "test_tmpdir.h"
#include "model_fixtures.h"

extern char **environ;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAS_ASAN 1
#endif
#endif
#ifndef HAS_ASAN
#define HAS_ASAN 0
#endif

/* ---- laws: refused by what they can produce ------------------------------- */

static void test_overflowing_laws_refused(void **state) {
    (void)state;
    const struct {
        sim_dist d;
        const char *why;
    } bad[] = {
        {sim_dist_lognormal(1, 1e300), "too large for mean"},
        {sim_dist_lognormal(1, 1e160), "too large for mean"}, /* cv^2 overflows */
        {sim_dist_lognormal(1e300, 1e302), "too large for mean"}, /* sigma^2 finite, exp(mu + 8.6 sigma) not */
        {sim_dist_gamma(300, 1e-300), "gamma"},
        {sim_dist_gamma(1e300, 1e300), "gamma"},
        {sim_dist_weibull(1e-3, 60), "weibull"},
        {sim_dist_weibull(2, 1e308), "weibull"},
        {sim_dist_erlang(1e6, 1e305), "erlang"},
        {sim_dist_exp(1e307), "exp"},
        {sim_dist_uniform(-1e308, 1e308), "uniform"},
        {sim_dist_tri(0, 1, 1e160), "tri"},
        {sim_dist_tnormal(1e308, 1e307), "normal"},
        {sim_dist_beta(1e307, 1e307, 0, 1), "beta"},
        {sim_dist_beta(2, 2, -1e308, 1e308), "beta"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char msg[256] = "";
        bool ok = sim_dist_check(&bad[i].d, msg, sizeof msg);
        if (ok) fail_msg("law %zu (%s) accepted", i, sim_dist_name(bad[i].d.kind));
        if (!strstr(msg, bad[i].why)) fail_msg("law %zu: message \"%s\" lacks \"%s\"", i, msg, bad[i].why);
    }
}

/* Property: every law that sim_dist_check accepts gives finite samples, a
 * finite mean and variance. Parameters span the whole double range. */
static double wild(sim_rng *r) {
    double e = -320.0 + 628.0 * sim_rng_u01(r);
    double v = pow(10.0, e);
    if (sim_rng_u01(r) < 0.1) v = (double)sim_rng_below(r, 4); /* 0 .. 3 */
    return v;
}

static void test_accepted_laws_sample_finite(void **state) {
    (void)state;
    sim_rng r, g;
    sim_rng_seed(&r, 20261204, 1);
    sim_rng_seed(&g, 20261204, 2);
    int accepted = 0;
    for (int i = 0; i < 60000; i++) {
        double a = wild(&r), b = wild(&r), c = wild(&r), e = wild(&r);
        sim_dist d;
        switch (i % 10) {
        case 0: d = sim_dist_lognormal(a, b); break;
        case 1: d = sim_dist_gamma(a, b); break;
        case 2: d = sim_dist_weibull(a, b); break;
        case 3: d = sim_dist_beta(a, b, c, c + e); break;
        case 4: d = sim_dist_erlang(floor(fmin(a, 2e6)) + 1, b); break;
        case 5: d = sim_dist_exp(a); break;
        case 6: d = sim_dist_uniform(-a, b); break;
        case 7: d = sim_dist_tri(-a, c - a, b); break;
        case 8: d = sim_dist_tnormal(a * (b > 1 ? -1 : 1), c); break;
        default: d = sim_dist_normal(-a, b); break;
        }
        if (!sim_dist_check(&d, NULL, 0)) continue;
        accepted++;
        assert_true(isfinite(sim_dist_mean(&d)) && isfinite(sim_dist_var(&d)));
        int n = d.kind == SIM_DIST_ERLANG && d.p[0] > 1000 ? 2 : 50;
        for (int k = 0; k < n; k++) {
            double x = sim_dist_sample(&d, &g);
            if (!isfinite(x)) {
                char txt[128];
                sim_dist_format(&d, txt, sizeof txt);
                fail_msg("%s (%.17g, %.17g, %.17g, %.17g) drew %g", txt, d.p[0], d.p[1], d.p[2], d.p[3], x);
            }
        }
    }
    assert_true(accepted > 15000); /* the property was exercised */
}

/* beta(1e-300, 1e-300) is valid: all its mass is at lo and hi, half each
 * (both gamma draws underflow to 0; the sampler used to return 0 / 0). */
static void test_beta_tiny_shapes(void **state) {
    (void)state;
    sim_dist d = sim_dist_beta(1e-300, 1e-300, 0, 1);
    char msg[200];
    assert_true(sim_dist_check(&d, msg, sizeof msg));
    assert_true(fabs(sim_dist_var(&d) - 0.25) < 1e-12);
    sim_rng r;
    sim_rng_seed(&r, 7, 7);
    int ones = 0, n = 20000;
    for (int i = 0; i < n; i++) {
        double x = sim_dist_sample(&d, &r);
        assert_true(x == 0.0 || x == 1.0);
        ones += x == 1.0;
    }
    /* Binomial(20000, 0.5): sd 71, 5 sd. */
    assert_true(abs(ones - n / 2) < 355);
}

/* ---- scenes --------------------------------------------------------------- */

static char *scene_text(const char *cycle, const char *interarrival, const char *horizon) {
    static char buf[1024];
    snprintf(buf, sizeof buf,
             "name = \"t\";\n"
             "run = { horizon = \"%s\"; replications = 2; seed = 1; };\n"
             "stations = ( { id = \"a\"; cycle = \"%s\"; } );\n"
             "products = ( { id = \"p\"; route = [\"a\"]; } );\n"
             "release = ( { product = \"p\"; interarrival = \"%s\"; } );\n",
             horizon, cycle, interarrival);
    return buf;
}

static mdl_model *load(const char *text, scn_diags *d) { return test_scene_load(text, strlen(text), NULL, 0, d); }

static void expect_refused(const char *text, const char *want) { test_expect_problem(text, strlen(text), want); }

static void test_scene_refuses_overflowing_laws(void **state) {
    (void)state;
    expect_refused(scene_text("lognormal(1s, 1e300s)", "exp(1min)", "1d"), "t.cfg:3: station 'a': cycle:");
    expect_refused(scene_text("gamma(5min, 1e-300s)", "exp(1min)", "1d"), "t.cfg:3: station 'a': cycle:");
    expect_refused(scene_text("exp(1min)", "lognormal(1s, 1e300s)", "1d"), "t.cfg:5: release 'p': interarrival:");
    expect_refused(scene_text("weibull(0.001, 1min)", "exp(1min)", "1d"), "t.cfg:3: station 'a': cycle:");
}

/* Runs a scene's batch; returns the batch or NULL with err filled. */
static mdl_batch *run_scene(const char *text, sim_alloc_fn *alloc, void *alloc_ctx, char *err, size_t err_size) {
    scn_diags *d = scn_diags_new();
    mdl_model *m = load(text, d);
    if (!m) fail_msg("scene refused: %s", scn_diags_count(d) ? scn_diags_get(d, 0) : "?");
    scn_diags_free(d);
    mdl_batch_options o;
    memset(&o, 0, sizeof o);
    o.run = *mdl_model_run(m);
    o.threads = 1;
    o.alloc = alloc;
    o.alloc_ctx = alloc_ctx;
    mdl_batch *b = mdl_batch_run(m, &o, err, err_size);
    if (!b) mdl_model_free(m);
    return b; /* the model is freed with the batch by the caller */
}

static void free_batch(mdl_batch *b) {
    mdl_model *m = (mdl_model *)(uintptr_t)mdl_batch_model(b);
    mdl_batch_free(b);
    mdl_model_free(m);
}

/* beta(1e-300, 1e-300, 0s, 1s) loads and runs (samples 0 or 1 s). */
static void test_beta_tiny_runs(void **state) {
    (void)state;
    char err[300] = "";
    mdl_batch *b = run_scene(scene_text("beta(1e-300, 1e-300, 0s, 1s)", "exp(1min)", "1d"), NULL, NULL, err,
                             sizeof err);
    if (!b) fail_msg("%s", err);
    assert_true(mdl_batch_kpi(b, MDL_KPI_UNITS_OUT).mean > 1000);
    free_batch(b);
}

/* Arrivals that do not move the clock used to repeat forever, filling the
 * memory with units (exp(1e-300s): t + dt == t). A mean under 1 ms is now
 * refused when the scene is read, so the case is a law whose mean passes
 * (1.03 ms) but that draws 0 s all but once in 3.5e9 draws. */
static void test_time_standing_still_fails(void **state) {
    (void)state;
    char err[300] = "";
    mdl_batch *b = run_scene(scene_text("exp(1min)", "discrete(0s: 3500000000, 1000h: 1)", "1d"), NULL, NULL, err, sizeof err);
    assert_null(b);
    if (!strstr(err, "release of 'p': interarrival:") || !strstr(err, "without simulated time moving"))
        fail_msg("message: %s", err);
}

/* ---- out of memory --------------------------------------------------------- */

typedef struct failing_alloc {
    long left; /* allocations (not frees) that still succeed; < 0: all */
    long calls;
} failing_alloc;

static void *failing(void *ctx, void *ptr, size_t size) {
    failing_alloc *f = ctx;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    f->calls++;
    if (f->left == 0) return NULL;
    if (f->left > 0) f->left--;
    return realloc(ptr, size);
}

/* The kernel: a failing growth of the event pool is an error return and a
 * flag, not an abort; the world stops and can be freed. */
static void noop(sim_world *w, void *s, void *o) { (void)w, (void)s, (void)o; }

static double last_time;

static void order_check(sim_world *w, void *s, void *o) {
    (void)o;
    double *last = s;
    assert_true(sim_world_now(w) >= *last);
    *last = sim_world_now(w);
}

/* An action that schedules more events than the first block holds. */
static void schedule_many(sim_world *w, void *subject, void *object) {
    (void)subject, (void)object;
    for (int i = 0; i < 300; i++) sim_event_schedule(w, 1.0 + i, 0, noop, NULL, NULL);
}

static void test_kernel_out_of_memory(void **state) {
    (void)state;
    sim_world *w = sim_world_new();
    assert_non_null(w);
    failing_alloc f = {0, 0};
    sim_world_set_alloc(w, failing, &f);
    assert_int_equal(sim_event_schedule(w, 1.0, 0, noop, NULL, NULL), SIM_EVENT_NONE);
    assert_true(sim_world_out_of_memory(w));
    assert_int_equal(sim_world_pending(w), 0);
    sim_world_free(w);

    /* Growth past the first block fails after 300 events. */
    w = sim_world_new();
    f = (failing_alloc){2, 0}; /* the first block: bottom and records */
    sim_world_set_alloc(w, failing, &f);
    int ok = 0;
    for (int i = 0; i < 300; i++) ok += sim_event_schedule(w, (double)i, 0, noop, NULL, NULL) != SIM_EVENT_NONE;
    assert_int_equal(ok, 256);
    assert_true(sim_world_out_of_memory(w));
    /* What was scheduled still runs; the owner reads the flag. */
    sim_world_run_until(w, 1000.0);
    assert_int_equal(sim_world_fired(w), 256);
    sim_world_free(w);

    /* Out of memory inside a run stops it with its own status, not the
     * one of sim_world_stop. */
    w = sim_world_new();
    f = (failing_alloc){2, 0};
    sim_world_set_alloc(w, failing, &f);
    assert_int_not_equal(sim_event_schedule(w, 0.0, 0, schedule_many, NULL, NULL), SIM_EVENT_NONE);
    assert_int_equal(sim_world_run_until(w, 1000.0), SIM_RUN_OUT_OF_MEMORY);
    assert_true(sim_world_out_of_memory(w));
    sim_world_free(w);

    /* Failures in the ladder's growth (rungs' buckets) lose no event and
     * keep the order: every accepted event fires, in time order. */
    for (long n = 2; n < 40; n++) {
        w = sim_world_new();
        f = (failing_alloc){n, 0};
        sim_world_set_alloc(w, failing, &f);
        sim_rng r;
        sim_rng_seed(&r, 99, (uint64_t)n);
        uint64_t accepted = 0;
        for (int i = 0; i < 20000; i++)
            accepted += sim_event_schedule(w, 1e4 * sim_rng_u01(&r), 0, order_check, &last_time, NULL) != SIM_EVENT_NONE;
        last_time = -1.0;
        sim_world_run_until(w, 1e5);
        assert_int_equal(sim_world_fired(w), accepted);
        assert_true(last_time >= 0.0);
        sim_world_free(w);
    }
}

/* A run whose N-th allocation fails, for every N: the batch returns "out of
 * memory" (never an abort), or, when the run needed fewer allocations,
 * results identical to a run with a working allocator. The scene's queue
 * grows (arrivals faster than service), so units and rings grow in the run. */
static void test_run_out_of_memory_every_n(void **state) {
    (void)state;
    const char *text = scene_text("exp(2min)", "exp(1min)", "2d");
    char err[300] = "";
    mdl_batch *ref = run_scene(text, NULL, NULL, err, sizeof err);
    if (!ref) fail_msg("%s", err);
    failing_alloc count = {-1, 0};
    mdl_batch *counted = run_scene(text, failing, &count, err, sizeof err);
    assert_non_null(counted);
    assert_true(count.calls >= 4); /* units and the buffer grow */
    assert_true(mdl_batch_kpi(counted, MDL_KPI_UNITS_OUT).mean == mdl_batch_kpi(ref, MDL_KPI_UNITS_OUT).mean);
    free_batch(counted);
    int failures = 0;
    for (long n = 0; n <= count.calls; n++) {
        failing_alloc f = {n, 0};
        err[0] = '\0';
        mdl_batch *b = run_scene(text, failing, &f, err, sizeof err);
        if (b) {
            assert_true(mdl_batch_kpi(b, MDL_KPI_UNITS_OUT).mean == mdl_batch_kpi(ref, MDL_KPI_UNITS_OUT).mean);
            free_batch(b);
        } else {
            assert_string_equal(err, "out of memory");
            failures++;
        }
    }
    assert_true(failures >= 4);
    free_batch(ref);
}

/* ---- progress inside a replication ----------------------------------------- */

typedef struct seen {
    int calls;
    double last;
    bool monotone;
} seen;

static bool on_progress(void *ctx, double now, double horizon) {
    seen *s = ctx;
    s->calls++;
    if (now < s->last || now > horizon) s->monotone = false;
    s->last = now;
    return true;
}

static bool stop_now(void *ctx, double now, double horizon) {
    (void)horizon;
    *(double *)ctx = now;
    return false;
}

static void test_progress_inside_replication(void **state) {
    (void)state;
    scn_diags *d = scn_diags_new();
    mdl_model *m = load(scene_text("exp(50s)", "exp(1min)", "200d"), d);
    assert_non_null(m);
    mdl_rep_result a, b;
    assert_true(mdl_rep_result_init(&a, m) && mdl_rep_result_init(&b, m));
    mdl_run *r = mdl_run_new(m, NULL, 0);
    seen s = {0, 0.0, true};
    mdl_run_set_progress(r, on_progress, &s);
    assert_true(mdl_run_to_end(r, &a));
    assert_null(mdl_run_error(r));
    mdl_run_free(r);
    assert_true(s.calls >= 2); /* ~576,000 arrivals, twice the events: a call per 262,144 */
    assert_true(s.monotone);
    /* Slicing changes nothing. */
    r = mdl_run_new(m, NULL, 0);
    assert_true(mdl_run_to_end(r, &b));
    mdl_run_free(r);
    assert_true(a.events == b.events);
    assert_true(memcmp(a.kpi, b.kpi, sizeof a.kpi) == 0);
    /* A callback that says stop bounds the work of one call; the run then
     * goes on to the same end. */
    r = mdl_run_new(m, NULL, 0);
    double stopped_at = -1.0;
    mdl_run_set_progress(r, stop_now, &stopped_at);
    mdl_run_until(r, mdl_run_horizon(r));
    assert_true(stopped_at > 0.0 && mdl_run_now(r) == stopped_at && stopped_at < mdl_run_horizon(r));
    assert_true(mdl_run_events(r) <= 300000);
    mdl_run_set_progress(r, NULL, NULL);
    assert_true(mdl_run_to_end(r, &b));
    mdl_run_free(r);
    assert_true(a.events == b.events);
    assert_true(memcmp(a.kpi, b.kpi, sizeof a.kpi) == 0);
    mdl_rep_result_fini(&a);
    fx_run_done(&b, NULL, m);
    scn_diags_free(d);
}

/* ---- layout check: the grid finds what a pass over every pair finds ----- */

typedef struct lines {
    char **v;
    size_t n, cap;
} lines;

static void collect(void *ctx, int line, const char *subject, const char *message) {
    lines *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        assert_non_null(l->v);
    }
    char buf[400];
    snprintf(buf, sizeof buf, "%d: %s: %s", line, subject, message);
    l->v[l->n++] = strdup(buf);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void lines_free(lines *l) {
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

/* Liang-Barsky: does segment a-b meet the closed box? */
static bool seg_box(double ax, double ay, double bx, double by, box r) {
    double t0 = 0.0, t1 = 1.0, d[2] = {bx - ax, by - ay}, p0[2] = {ax, ay}, lo[2] = {r.x0, r.y0}, hi[2] = {r.x1, r.y1};
    for (int k = 0; k < 2; k++) {
        if (d[k] == 0.0) {
            if (p0[k] < lo[k] || p0[k] > hi[k]) return false;
            continue;
        }
        double ta = (lo[k] - p0[k]) / d[k], tb = (hi[k] - p0[k]) / d[k];
        if (ta > tb) { double t = ta; ta = tb; tb = t; }
        if (ta > t0) t0 = ta;
        if (tb < t1) t1 = tb;
        if (t0 > t1) return false;
    }
    return true;
}

/* A random layout of n stations (some stacked on one spot, as stations
 * without `at` are), nodes and long edges across it; the warnings of the
 * layout check must equal those of an O(n^2) pass with plain geometry
 * (overlap: more than 1e-6 m on both axes; path: the segment meets the
 * box). Coordinates are random reals, so no case sits on a boundary. */
static void layout_case(int n, int nnodes, uint64_t seed, bool brute) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    sim_rng r;
    sim_rng_seed(&r, seed, 3);
    double side = 4.0 * sqrt((double)n);
    char (*ids)[16] = calloc((size_t)n + (size_t)nnodes, sizeof *ids);
    box *bx = calloc((size_t)n, sizeof *bx);
    for (int i = 0; i < n; i++) {
        snprintf(ids[i], sizeof ids[i], "s%d", i);
        mdl_station_spec s = fx_station(ids[i], sim_dist_exp(60));
        if (i % 50 != 7) { /* else: stacked at the origin with the default size */
            s.x = side * sim_rng_u01(&r);
            s.y = side * sim_rng_u01(&r);
            s.w = 0.5 + 3.0 * sim_rng_u01(&r);
            s.h = 0.5 + 2.0 * sim_rng_u01(&r);
            if (i % 97 == 3) s.w = side / 3; /* a long one */
        }
        s.source_line = 10 + i;
        bx[i] = (box){s.x - s.w / 2, s.y - s.h / 2, s.x + s.w / 2, s.y + s.h / 2};
        assert_true(mdl_model_add_station(m, &s) >= 0);
    }
    double *nx = calloc((size_t)nnodes, sizeof *nx), *ny = calloc((size_t)nnodes, sizeof *ny);
    for (int k = 0; k < nnodes; k++) {
        mdl_node_spec nd;
        mdl_node_spec_default(&nd);
        snprintf(ids[n + k], sizeof ids[n + k], "n%d", k);
        nd.id = ids[n + k];
        nd.x = nx[k] = side * (1.2 * sim_rng_u01(&r) - 0.1);
        nd.y = ny[k] = side * (1.2 * sim_rng_u01(&r) - 0.1);
        nd.source_line = 5000 + k;
        assert_true(mdl_model_add_node(m, &nd) >= 0);
    }
    for (int k = 0; k + 1 < nnodes; k++) {
        mdl_edge_spec e;
        mdl_edge_spec_default(&e);
        e.from = k;
        e.to = k + 1;
        e.source_line = 8000 + k;
        assert_true(mdl_model_add_edge(m, &e) >= 0);
    }
    lines got = {0}, want = {0};
    mdl_model_layout_check(m, collect, &got);
    if (brute) {
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double ox = fmin(bx[i].x1, bx[j].x1) - fmax(bx[i].x0, bx[j].x0);
                double oy = fmin(bx[i].y1, bx[j].y1) - fmax(bx[i].y0, bx[j].y0);
                bool same = bx[i].x0 == bx[j].x0 && bx[i].y0 == bx[j].y0 && bx[i].x1 == bx[j].x1 && bx[i].y1 == bx[j].y1;
                if (ox > 1e-6 && oy > 1e-6 && !same) { /* identical boxes: chipmunk finds no contact */
                    char msg[200], subj[64];
                    snprintf(subj, sizeof subj, "station '%s'", ids[i]);
                    snprintf(msg, sizeof msg, "layout: its footprint overlaps station '%s' (line %d)", ids[j], 10 + j);
                    collect(&want, 10 + i, subj, msg);
                }
            }
        for (int k = 0; k + 1 < nnodes; k++)
            for (int i = 0; i < n; i++)
                if (seg_box(nx[k], ny[k], nx[k + 1], ny[k + 1], bx[i])) {
                    char msg[200], subj[64];
                    snprintf(subj, sizeof subj, "edge n%d-n%d", k, k + 1);
                    snprintf(msg, sizeof msg, "layout: the path crosses the footprint of station '%s'", ids[i]);
                    collect(&want, 8000 + k, subj, msg);
                }
        /* Nodes outside the floor: no floor here, so none. */
        qsort(got.v, got.n, sizeof *got.v, cmp_str);
        qsort(want.v, want.n, sizeof *want.v, cmp_str);
        size_t a = 0, b = 0;
        while (a < got.n || b < want.n) {
            int c = a < got.n && b < want.n ? strcmp(got.v[a], want.v[b]) : a < got.n ? -1 : 1;
            if (c == 0) { a++, b++; continue; }
            fail_msg("%s: %s", c < 0 ? "only the check" : "only brute force", c < 0 ? got.v[a] : want.v[b]);
        }
        assert_true(want.n > 100); /* the case has something to find */
    }
    lines_free(&got);
    lines_free(&want);
    free(nx);
    free(ny);
    free(bx);
    free(ids);
    mdl_model_free(m);
}

static void test_layout_grid_matches_brute_force(void **state) {
    (void)state;
    layout_case(1500, 60, 1, true);
    layout_case(400, 30, 2, true);
}

/* 10,000 stations (200 of them stacked at the origin): the check scales.
 * It took 24-31 s when every query walked all stations; the bound here is
 * loose enough for a loaded sanitizer build. */
static void test_layout_10000_stations_fast(void **state) {
    (void)state;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    layout_case(10000, 300, 3, false);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    print_message("layout check of 10,000 stations: %.2f s\n", s);
    assert_true(s < 20.0);

    /* 10,000 stations without positions (all at the origin, as in a scene
     * without `at`): no warning, and no pass over all pairs (50 s before). */
    mdl_model *m = mdl_model_new();
    char (*ids)[16] = calloc(10000, sizeof *ids);
    for (int i = 0; i < 10000; i++) {
        snprintf(ids[i], sizeof ids[i], "s%d", i);
        mdl_station_spec st = fx_station(ids[i], sim_dist_exp(60));
        assert_true(mdl_model_add_station(m, &st) >= 0);
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(mdl_model_layout_check(m, NULL, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    print_message("layout check of 10,000 stations at one spot: %.2f s\n", s);
    assert_true(s < 10.0);
    mdl_model_free(m);
    free(ids);
}

/* ---- the command: exit codes and messages --------------------------------- */

#ifdef LINETWIN_BINARY
/* Runs `sh -c script` with $B the command and $T the scratch directory
 * (tmpdir); returns the exit code (-1 when killed) and stderr in err. */
static int sh(const char *script, char *err, size_t err_size) {
    char errfile[512];
    tmpdir_path(errfile, sizeof errfile, "stderr.txt");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "B='%s'; T='%s'; export SDL_VIDEODRIVER=dummy; %s 2>'%s' >/dev/null", LINETWIN_BINARY,
             tmpdir, script, errfile);
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, "/bin/sh", NULL, NULL, (char *const *)argv, environ), 0);
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0) {
    }
    FILE *f = fopen(errfile, "r");
    size_t n = f ? fread(err, 1, err_size - 1, f) : 0;
    err[n] = '\0';
    if (f) fclose(f);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

static void test_cli_exit_codes(void **state) {
    (void)state;
    char err[4096];
    tmpdir_put("ln.cfg", scene_text("lognormal(1s, 1e300s)", "exp(1min)", "1d"));
    assert_int_equal(sh("\"$B\" run \"$T/ln.cfg\"", err, sizeof err), 2);
    assert_non_null(strstr(err, "ln.cfg:3: station 'a': cycle:"));
    tmpdir_put("stall.cfg", scene_text("exp(1min)", "discrete(0s: 3500000000, 1000h: 1)", "1d"));
    assert_int_equal(sh("\"$B\" run --json \"$T/stall.cfg\"", err, sizeof err), 1);
    assert_non_null(strstr(err, "release of 'p': interarrival:"));
    /* --quit-after 1e19 used to be converted to an integer (undefined)
     * and never quit; out of range is now a usage error. The viewer-less
     * build refuses `view` anyway (also exit 2). */
    assert_int_equal(sh("timeout 20 \"$B\" view \"$T/ln.cfg\" --quit-after 1e19f", err, sizeof err), 2);
    assert_int_equal(sh("timeout 20 \"$B\" view \"$T/ln.cfg\" --quit-after 1e19", err, sizeof err), 2);
#if !defined(__SANITIZE_ADDRESS__) && !HAS_ASAN /* ASan reserves terabytes of address space */
    /* Out of memory under a memory limit: the documented exit 1 and one
     * line, not an abort (134). Arrivals every millisecond for a year pile
     * up units until the limit. */
    tmpdir_put("flood.cfg", scene_text("exp(1min)", "exp(1ms)", "365d"));
    int rc = sh("ulimit -v 400000; timeout 120 \"$B\" run -j 1 \"$T/flood.cfg\"", err, sizeof err);
    if (rc != 1 || !strstr(err, "linetwin: out of memory")) fail_msg("exit %d: %s", rc, err);
#endif
}
#endif

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overflowing_laws_refused),
        cmocka_unit_test(test_accepted_laws_sample_finite),
        cmocka_unit_test(test_beta_tiny_shapes),
        cmocka_unit_test(test_scene_refuses_overflowing_laws),
        cmocka_unit_test(test_beta_tiny_runs),
        cmocka_unit_test(test_time_standing_still_fails),
        cmocka_unit_test(test_kernel_out_of_memory),
        cmocka_unit_test(test_run_out_of_memory_every_n),
        cmocka_unit_test(test_progress_inside_replication),
        cmocka_unit_test(test_layout_grid_matches_brute_force),
        cmocka_unit_test(test_layout_10000_stations_fast),
#ifdef LINETWIN_BINARY
        cmocka_unit_test(test_cli_exit_codes),
#endif
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
