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
 *   fx_two_shift                  the calendar "two-shift" on the first days of the week
 *   fx_add_pool / fx_add_task     a pool, a task of one person
 *   fx_run_one                    replication 0 to the end into a result
 *   fx_set_window                 warm-up, horizon, one replication; validate
 *   fx_run_new                    a run of m over this warm-up and horizon
 *   fx_result_at_end              a run to its end, into a new result
 *   fx_run_done                   frees a result, its run and its model
 *   fx_run_rep                    replication rep to the end, into a result
 *   fx_run_kept / fx_ran_fini     replication 0 to the end, the run kept
 *   fx_same_result                two results the same, bit for bit
 *   fx_over_reps                  the summary of a figure of each replication
 *   fx_same_runs                  two runs' results so far the same, bit for bit
 *   fx_headless_at                a fresh replication 0 run to a time, its result
 *   fx_same_as_headless           a live run equals a headless one, bit for bit
 *                                 for its per-station queries
 *   fx_walking_line               test_people.c's walking case, by hand
 *   fx_load_file                  a scene file that must load
 *   FX_TECH_DAY, FX_TECH_MODE     one technician on days, a mode needing them
 *   fx_check_tech_day             what a resource with that mode shows
 *   fx_check_availability         a resource's availability with one mode
 */
#ifndef LINETWIN_TESTS_MODEL_FIXTURES_H
#define LINETWIN_TESTS_MODEL_FIXTURES_H

#include <stdio.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_model.h"
#include "model_specs.h"
#include "mdl_people.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "sim_dist.h"
#include "sim_units.h"
#include "test_helpers.h"
#include "validation/ci_family.h"

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

/// Adds the calendar "two-shift" - early 06:00-14:00 and late 14:00-22:00,
/// breaks 10:00-10:30 and 18:00-18:30 - on the first `days` days of the
/// week (day 0 Monday); its index.
static inline int fx_two_shift(mdl_model *m, int days) {
    int cal = mdl_model_add_calendar(m, "two-shift");
    assert_true(cal >= 0);
    for (int d = 0; d < days; d++) {
        double day = d * SIM_DAY;
        assert_true(mdl_calendar_add_shift(m, cal, "early", day + 6 * SIM_HOUR, day + 14 * SIM_HOUR));
        assert_true(mdl_calendar_add_shift(m, cal, "late", day + 14 * SIM_HOUR, day + 22 * SIM_HOUR));
        assert_true(mdl_calendar_add_break(m, cal, day + 10 * SIM_HOUR, day + 10.5 * SIM_HOUR));
        assert_true(mdl_calendar_add_break(m, cal, day + 18 * SIM_HOUR, day + 18.5 * SIM_HOUR));
    }
    return cal;
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

/// Sets m's warm-up and horizon (s) and one replication, and validates m.
static inline void fx_set_window(mdl_model *m, double warmup, double horizon) {
    mdl_run_settings rs = *mdl_model_run(m);
    rs.warmup = warmup;
    rs.horizon = horizon;
    rs.replications = 1;
    assert_true(mdl_model_set_run(m, &rs));
    if (!mdl_model_validate(m)) fail_msg("model invalid: %s", mdl_model_error(m));
}

/// Replication 0 of m with its own settings but this warm-up and horizon
/// (s), not yet started (the caller frees it).
static inline mdl_run *fx_run_new(const mdl_model *m, double warmup, double horizon) {
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = horizon;
    rs.warmup = warmup;
    mdl_run *r = mdl_run_new(m, &rs, 0);
    assert_non_null(r);
    return r;
}

/// Runs r (a run of m) to its end into a new result (the caller frees it:
/// fx_run_done); fails the test with the run's error when it stops.
static inline mdl_rep_result fx_result_at_end(mdl_run *r, const mdl_model *m) {
    mdl_rep_result res;
    assert_non_null(r);
    assert_true(mdl_rep_result_init(&res, m));
    if (!mdl_run_to_end(r, &res)) fail_msg("run: %s", mdl_run_error(r) ? mdl_run_error(r) : "stopped");
    return res;
}

/// Frees a result, its run and the run's model (a NULL run or model:
/// none, or kept).
static inline void fx_run_done(mdl_rep_result *res, mdl_run *r, mdl_model *m) {
    mdl_rep_result_fini(res);
    mdl_run_free(r);
    mdl_model_free(m);
}

/// Replication `rep` of m with the settings rs (NULL: the model's) to the
/// end, into a new result (the caller frees it).
static inline mdl_rep_result fx_run_rep(const mdl_model *m, const mdl_run_settings *rs, uint32_t rep) {
    mdl_run *r = mdl_run_new(m, rs, rep);
    mdl_rep_result res = fx_result_at_end(r, m);
    mdl_run_free(r);
    return res;
}

/// A run that ended and its results (fx_run_kept).
typedef struct fx_ran {
    mdl_run *run;
    mdl_rep_result res;
} fx_ran;

/// Runs replication 0 of m with its own settings to the end into x (each
/// record to fn, when not NULL), keeping the run for the queries that read
/// it (mdl_run_ds_kpi, mdl_run_bom_kpi ...); fx_ran_fini frees both.
static inline void fx_run_kept(const mdl_model *m, fx_ran *x, mdl_record_fn *fn, void *ctx) {
    x->run = fn ? mdl_run_new_recorded(m, NULL, 0, fn, ctx) : mdl_run_new(m, NULL, 0);
    x->res = fx_result_at_end(x->run, m);
}

static inline void fx_ran_fini(fx_ran *x) { fx_run_done(&x->res, x->run, NULL); }

/// Fails unless a and b are the same double bit for bit, naming what.
static inline void fx_same_bits(double a, double b, const char *what, int index, const char *name) {
    if (memcmp(&a, &b, sizeof a) != 0)
        fail_msg("%s %d %s: live %.17g, headless %.17g", what, index, name, a, b);
}

/// Two results the same bit for bit (the same computation, not a close
/// one): the KPIs of the line, of every station, fleet and conveyor, and
/// the count of events. A difference fails, naming the KPI.
static inline void fx_same_result(const mdl_rep_result *a, const mdl_rep_result *b) {
    for (int k = 0; k < MDL_KPI_COUNT; k++)
        fx_same_bits(a->kpi[k], b->kpi[k], "line", 0, mdl_kpis_name(MDL_KPIS_LINE, k));
    assert_int_equal(a->nstations, b->nstations);
    for (int s = 0; s < a->nstations; s++)
        for (int k = 0; k < MDL_SKPI_COUNT; k++)
            fx_same_bits(a->station[s][k], b->station[s][k], "station", s,
                         mdl_kpis_name(MDL_KPIS_STATION, k));
    assert_int_equal(a->nfleets, b->nfleets);
    for (int f = 0; f < a->nfleets; f++)
        for (int k = 0; k < MDL_FKPI_COUNT; k++)
            fx_same_bits(mdl_rep_fleet_kpi(a, f, (mdl_fkpi)k), mdl_rep_fleet_kpi(b, f, (mdl_fkpi)k), "fleet",
                         f, mdl_kpis_name(MDL_KPIS_FLEET, k));
    assert_int_equal(a->nconveyors, b->nconveyors);
    for (int c = 0; c < a->nconveyors; c++)
        for (int k = 0; k < MDL_CKPI_COUNT; k++)
            fx_same_bits(mdl_rep_conveyor_kpi(a, c, (mdl_ckpi)k), mdl_rep_conveyor_kpi(b, c, (mdl_ckpi)k),
                         "conveyor", c, mdl_kpis_name(MDL_KPIS_CONVEYOR, k));
    assert_int_equal(a->events, b->events);
}

/// The results so far of run a (of model ma) and run b (of mb) the same,
/// bit for bit: fx_same_result.
static inline void fx_same_runs(const mdl_model *ma, const mdl_run *a, const mdl_model *mb, const mdl_run *b) {
    mdl_rep_result x, y;
    assert_true(mdl_rep_result_init(&x, ma));
    assert_true(mdl_rep_result_init(&y, mb));
    mdl_run_result(a, &x);
    mdl_run_result(b, &y);
    fx_same_result(&x, &y);
    mdl_rep_result_fini(&x);
    mdl_rep_result_fini(&y);
}

/// The result of a fresh headless replication 0 of m run to time t, into
/// a new *res (the caller frees it: mdl_rep_result_fini).
static inline void fx_headless_at(const mdl_model *m, double t, mdl_rep_result *res) {
    mdl_run *headless = mdl_run_new(m, NULL, 0);
    assert_non_null(headless);
    mdl_run_until(headless, t);
    assert_true(mdl_rep_result_init(res, m));
    mdl_run_result(headless, res);
    mdl_run_free(headless);
}

/// The summary over b's replications (at most 256) of f(replication).
static inline mdl_summary fx_over_reps(const mdl_batch *b, double (*f)(const mdl_rep_result *)) {
    double v[256];
    int n = mdl_batch_reps(b);
    assert_true(n <= 256);
    for (int r = 0; r < n; r++) v[r] = f(mdl_batch_rep(b, r));
    return mdl_summarize(v, (size_t)n);
}

/// A live run of m (the viewer's or a session's) at time t against a fresh
/// headless replication 0 of m run to t: fx_same_result, and the same
/// count of events in the runs.
static inline void fx_same_as_headless(const mdl_model *m, const mdl_run *live, double t) {
    mdl_rep_result a, b;
    fx_headless_at(m, t, &b);
    assert_true(mdl_rep_result_init(&a, m));
    mdl_run_result(live, &a);
    fx_same_result(&a, &b);
    assert_int_equal(mdl_run_events(live), b.events);
    mdl_rep_result_fini(&a);
    mdl_rep_result_fini(&b);
}

/// Validates m and runs its replication 0 with this warm-up, horizon and
/// seed to the end into *res (initialised here; the caller finishes it).
static inline void fx_run_one(mdl_model *m, double warmup, double horizon, uint64_t seed, mdl_rep_result *res) {
    if (!mdl_model_validate(m)) fail_msg("model invalid: %s", mdl_model_error(m));
    mdl_run_settings rs = *mdl_model_run(m);
    rs.warmup = warmup;
    rs.horizon = horizon;
    rs.seed = seed;
    *res = fx_run_rep(m, &rs, 0);
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

/*
 * Technicians, by hand (test_maint_vehicle.c, test_maint_crane.c): a mode
 * on the calendar clock (FX_TECH_MODE), a constant life of 16 h and
 * repairs of 1 h that need skill "mech"; the one technician of pool
 * "techs" works 06:00-14:00 every day (FX_TECH_DAY: the scene's shifts and
 * pools). The first failure at 16:00 waits 14 h; from its end (t = 31 h)
 * every day is the same: up 07:00-23:00, waiting 23:00-06:00 (the
 * response, 7 h), repaired 06:00-07:00. Over 20 days from t = 31 h
 * (horizon 511 h, warm-up 31 h): 20 failures, a down share of 8 / 24,
 * MTTR 8 h, response 7 h; fx_check_tech_day checks those KPIs.
 */
#define FX_TECH_DAY                                                                                          \
    "shifts = { calendars = ( { id = \"day\"; days = [ \"mon-sun\" ];\n"                                     \
    "  shifts = ( { name = \"d\"; from = \"06:00\"; to = \"14:00\"; } ); } ); };\n"                          \
    "pools = ( { id = \"techs\"; headcount = 1; skills = [ \"mech\" ]; calendar = \"day\"; walk_speed = 0; " \
    "} );\n"
#define FX_TECH_MODE \
    "failure_modes = ( { id = \"x\"; ttf = \"const(16h)\"; repair = \"const(1h)\"; skill = \"mech\"; } );"

/// The resources fx_check_tech_day reads: robot, vehicle or crane 0.
typedef enum { FX_ROBOT, FX_VEHICLE, FX_CRANE } fx_resource;

/// Runs replication 0 of m (freed here) and checks the technician's day
/// on its first resource of this kind.
static inline void fx_check_tech_day(mdl_model *m, fx_resource kind) {
    assert_non_null(m);
    mdl_batch *b = test_batch(m, 1);
    const mdl_rep_result *x = mdl_batch_rep(b, 0);
    const double *o = kind == FX_ROBOT ? x->robot : kind == FX_VEHICLE ? x->vehicle : x->asrs;
    const int down[3] = {MDL_RKPI_DOWN, MDL_FKPI_DOWN, MDL_WKPI_DOWN},
              failures[3] = {MDL_RKPI_FAILURES, MDL_FKPI_FAILURES, MDL_WKPI_FAILURES},
              mttr_h[3] = {MDL_RKPI_MTTR_H, MDL_FKPI_MTTR_H, MDL_WKPI_MTTR_H},
              response_s[3] = {MDL_RKPI_RESPONSE_S, MDL_FKPI_RESPONSE_S, MDL_WKPI_RESPONSE_S};
    print_message("technician: down %g, failures %g, mttr %g h, response %g s\n", o[down[kind]],
                  o[failures[kind]], o[mttr_h[kind]], o[response_s[kind]]);
    assert_near(o[down[kind]], 8.0 / 24.0, 1e-9);
    assert_true(o[failures[kind]] == 20.0);
    assert_near(o[mttr_h[kind]], 8.0, 1e-9);
    assert_near(o[response_s[kind]], 7.0 * 3600.0, 1e-6);
    mdl_batch_free(b);
    mdl_model_free(m);
}

/// A resource with one failure mode of exponential life (mean m h) and
/// repair (mean r h), no crews, over the n replications of m (freed here)
/// on `threads` threads: its up and down periods alternate as a two-state
/// chain, so the family-wise interval of its down share must cover
/// r / (m + r) within 3 % of it; more than 300 failures, an MTTR within
/// 10 % of r and no maintenance. The vehicle's down share is its own, its
/// other figures its fleet's (of one vehicle).
static inline void fx_check_availability(ci_family *f, mdl_model *model, fx_resource kind, int threads,
                                         double m, double r, int n) {
    assert_non_null(model);
    mdl_batch *b = test_batch(model, threads);
    mdl_summary (*kpi)(const mdl_batch *, int, int) = kind == FX_CRANE ? mdl_batch_asrs_kpi
                                                                       : mdl_batch_fleet_kpi;
    int down = kind == FX_CRANE ? MDL_WKPI_DOWN : MDL_FKPI_DOWN;
    if (kind == FX_ROBOT) fail_msg("fx_check_availability: robots are not read here");
    ci_check_availability(f, kind == FX_CRANE ? "crane" : "vehicle",
                          kind == FX_CRANE ? kpi(b, 0, down) : mdl_batch_vehicle_kpi(b, 0, down),
                          kpi(b, 0, kind == FX_CRANE ? MDL_WKPI_FAILURES : MDL_FKPI_FAILURES),
                          kpi(b, 0, kind == FX_CRANE ? MDL_WKPI_MTTR_H : MDL_FKPI_MTTR_H),
                          kpi(b, 0, kind == FX_CRANE ? MDL_WKPI_MAINT : MDL_FKPI_MAINT), m, r, n);
    mdl_batch_free(b);
    mdl_model_free(model);
}

/* A <-> B along a corridor a - c1 - c2 - c3 - b of two-way edges
 * (capacity 1, 10 m each), with no passing place inside; a and b hold
 * end_cap vehicles each. Units both ways every 60 s on average (exponential), more
 * than one vehicle can carry. traffic: a mdl_fleet_traffic, or -1 for the
 * default; station_inside: B stands at c2, inside the corridor. */
static inline mdl_model *fx_corridor(int vehicles, int traffic, bool station_inside, int end_cap) {
    mdl_model *m = mdl_model_new();
    int A = fx_add_machine(m, "A", sim_dist_const(5.0), 1, -1, 0.0), B = fx_add_machine(m, "B", sim_dist_const(5.0), 1, -1, 0.0);
    const char *ids[] = {"a", "c1", "c2", "c3", "b"};
    int n[5];
    for (int i = 0; i < 5; i++) n[i] = fx_add_node(m, ids[i], 10.0 * i, 0.0, i == 0 || i == 4 ? end_cap : 1, MDL_NODE_POINT);
    for (int i = 0; i + 1 < 5; i++) fx_add_edge(m, n[i], n[i + 1]);
    assert_true(mdl_model_set_station_node(m, A, n[0], 2));
    assert_true(mdl_model_set_station_node(m, B, station_inside ? n[2] : n[4], 2));
    mdl_fleet_spec f = fx_fleet("agv", vehicles, 1.0, 0.5, 10.0, 10.0);
    f.idle = MDL_IDLE_STAY;
    if (traffic >= 0) f.traffic = (mdl_fleet_traffic)traffic;
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    const char *route[] = {"A", "B"};
    int p = mdl_model_add_product(m, "part", route, 2, 0);
    assert_true(mdl_model_set_transport(m, p, A, MDL_TRANSPORT_FLEET, 0));
    assert_true(mdl_model_add_push(m, p, sim_dist_exp(60.0), 0, 0) >= 0);
    const char *back[] = {"B", "A"};
    int q = mdl_model_add_product(m, "return", back, 2, 0);
    assert_true(mdl_model_set_transport(m, q, B, MDL_TRANSPORT_FLEET, 0));
    assert_true(mdl_model_add_push(m, q, sim_dist_exp(60.0), 0, 0) >= 0);
    assert_true(mdl_model_validate(m));
    return m;
}

#endif
