/*
 * model_fixtures.h - small models built through the model's API that
 * several cmocka programs share (tests/, tests/validation/). Header only,
 * like test_helpers.h; include it after <cmocka.h> (and cmocka's
 * prerequisites). Every adding helper fails the test with the model's
 * message when the model refuses what it adds.
 *
 *   fx_add_station                a station spec (model_specs.h), added
 *   fx_add_machine                the usual station: servers, buffer, x
 *   fx_add_node / fx_add_edge     a path node, a two-way edge
 *   fx_layout_check               the layout check's findings as text
 *   fx_add_unlimited              a product released without limit
 *   fx_add_pool / fx_add_task     a pool, a task of one person
 *   fx_run_one                    replication 0 to the end into a result
 *   fx_walking_line               test_people.c's walking case, by hand
 *   fx_load_file                  a scene file that must load
 */
#ifndef LINETWIN_TESTS_MODEL_FIXTURES_H
#define LINETWIN_TESTS_MODEL_FIXTURES_H

#include <stdio.h>
#include <string.h>

#include "mdl_model.h"
#include "model_specs.h"
#include "mdl_people.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "sim_dist.h"

/// Adds s to m; its index.
static inline int fx_add_station(mdl_model *m, const mdl_station_spec *s) {
    int i = mdl_model_add_station(m, s);
    if (i < 0) fail_msg("station %s: %s", s->id, mdl_model_error(m));
    return i;
}

/// A station of `servers` servers and `buffer` places (-1: unlimited) at
/// (x, 0); its index.
static inline int fx_add_machine(mdl_model *m, const char *id, sim_dist cycle, int servers, long buffer, double x) {
    mdl_station_spec s = fx_station(id, cycle);
    s.servers = servers;
    s.buffer = buffer;
    s.x = x;
    return fx_add_station(m, &s);
}

/// A product of this route (n station ids) released without limit (the
/// first station is never starved); its index.
static inline int fx_add_unlimited(mdl_model *m, const char *id, const char *const *route, int n) {
    int p = mdl_model_add_product(m, id, route, n, 0);
    if (p < 0) fail_msg("product %s: %s", id, mdl_model_error(m));
    assert_true(mdl_model_add_unlimited(m, p) >= 0);
    return p;
}

/// Adds ps to m; its index.
static inline int fx_add_pool(mdl_model *m, const mdl_pool_spec *ps) {
    int q = mdl_model_add_pool(m, ps);
    if (q < 0) fail_msg("pool %s: %s", ps->id, mdl_model_error(m));
    return q;
}

/// Adds t to m.
static inline void fx_add_task(mdl_model *m, const mdl_task_spec *t) {
    if (mdl_model_add_task(m, t) < 0) fail_msg("task: %s", mdl_model_error(m));
}

/// Adds the node (fx_node); its index.
static inline int fx_add_node(mdl_model *m, const char *id, double x, double y, int capacity, mdl_node_kind kind) {
    mdl_node_spec n = fx_node(id, x, y, capacity, kind);
    int i = mdl_model_add_node(m, &n);
    if (i < 0) fail_msg("node %s: %s", id, mdl_model_error(m));
    return i;
}

/// Adds the edge (fx_edge); its index.
static inline int fx_add_edge(mdl_model *m, int a, int b) {
    mdl_edge_spec e = fx_edge(a, b);
    int i = mdl_model_add_edge(m, &e);
    if (i < 0) fail_msg("edge %d-%d: %s", a, b, mdl_model_error(m));
    return i;
}

typedef struct fx_text {
    char *buf;
    size_t size;
} fx_text;

static inline void fx_collect_layout(void *ctx, int line, const char *subject, const char *message) {
    (void)line;
    fx_text *t = ctx;
    size_t n = strlen(t->buf);
    snprintf(t->buf + n, t->size - n, "%s: %s\n", subject, message);
}

/// The layout check's findings ("subject: message" lines) into buf
/// (size bytes, emptied first); their count.
static inline int fx_layout_check(const mdl_model *m, char *buf, size_t size) {
    fx_text t = {buf, size};
    buf[0] = '\0';
    return mdl_model_layout_check(m, fx_collect_layout, &t);
}

/// Validates m and runs its replication 0 with this warm-up, horizon and
/// seed to the end into *res (initialised here; the caller finishes it).
static inline void fx_run_one(mdl_model *m, double warmup, double horizon, uint64_t seed, mdl_rep_result *res) {
    if (!mdl_model_validate(m)) fail_msg("model invalid: %s", mdl_model_error(m));
    mdl_run_settings rs = *mdl_model_run(m);
    rs.warmup = warmup;
    rs.horizon = horizon;
    rs.seed = seed;
    assert_true(mdl_rep_result_init(res, m));
    mdl_run *r = mdl_run_new(m, &rs, 0);
    assert_non_null(r);
    assert_null(mdl_run_error(r));
    assert_true(mdl_run_to_end(r, res));
    mdl_run_free(r);
}

/*
 * Walking, by hand. Stations A (x = 0) and B (x = 10 m), cycle 60 s each,
 * both manual (`process`) with the one operator of pool "ops" walking
 * `speed` m/s (cost 30 per hour); unlimited supply at A. The operator
 * finishes a unit at A at t; the unit enters B, whose request finds the
 * operator free: 10 s walk, 60 s at B; meanwhile A began its next unit and
 * asks for the operator, who walks back (10 s) and works 60 s at A. One
 * unit per 2 x (60 + 10) = 140 s: 3600 / 140 = 25.714 units/h. The
 * operator walks 20 of every 140 s; A waits for the operator 10 + 60 + 10
 * of its 140 s, B 10 (the walk). With speed 0 the cycle is 120 s: 30
 * units/h.
 */
static inline mdl_model *fx_walking_line(double speed) {
    mdl_model *m = mdl_model_new();
    int a = fx_add_machine(m, "A", sim_dist_const(60.0), 1, -1, 0.0);
    int b = fx_add_machine(m, "B", sim_dist_const(60.0), 1, -1, 10.0);
    const char *route[] = {"A", "B"};
    fx_add_unlimited(m, "p", route, 2);
    mdl_pool_spec ps = fx_pool("ops", 1);
    ps.walk_speed = speed;
    ps.cost_per_hour = 30.0;
    int pool = fx_add_pool(m, &ps);
    for (int st = a; st <= b; st++) {
        mdl_task_spec t = fx_task(st, pool, MDL_TASK_PROCESS);
        fx_add_task(m, &t);
    }
    return m;
}

/// The model of a scene file that must load (else the test fails with the
/// loader's first message).
static inline mdl_model *fx_load_file(const char *path) {
    scn_diags *d = scn_diags_new();
    assert_non_null(d);
    mdl_model *m = scn_load_file(path, NULL, 0, d);
    if (!m) fail_msg("%s: %s", path, scn_diags_count(d) ? scn_diags_get(d, 0) : "?");
    scn_diags_free(d);
    return m;
}

#endif
