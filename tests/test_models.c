/*
 * test_models.c - the models C API: defaults, refusal of bad input,
 * determinism (seeds, slices, threads, independent streams), shifts,
 * pause and resume, setups, scrap / defects / inspection, line OEE,
 * order release and on-time share, trainer actions.
 *
 * Deterministic scenarios (constant times, orders) are checked exactly,
 * against hand-computed timelines written next to each test. Shares of
 * random quality events are checked against their exact probabilities:
 * the family-wise Student-t interval over 40 replications must cover the
 * exact value with a half-width of at most 3 % of it (1 % for a ratio near
 * 1). The intervals are Bonferroni intervals for the K_CHECKS = 12
 * interval checks of this file (validation/ci_family.h):
 * t(1 - 0.05 / 24, 39) = 3.044 instead of t(0.975, 39) = 2.023, so that a
 * correct model passes the whole file with probability >= 95 %. Windows
 * hold ~9e5 units (40 x 22 500 min); measured family half-widths are
 * 0.1-1.4 % on average (at most 1.8 %), and the file was clean for 59 of
 * 60 other seeds (1-60 through LINETWIN_TEST_SEED, validation/ci_family.h;
 * models of 2026-11-23). The seeds were fixed before the first run and are
 * not to be tuned.
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

#include "validation/ci_family.h"
#include "test_helpers.h"
#include "model_fixtures.h"
#include "test_main.h"

#define MIN 60.0
#define HOUR 3600.0
#define DAY (24.0 * HOUR)
#define WEEK (7.0 * DAY)
#define SEED UINT64_C(30006) /* fixed before the first run; never tuned */
#define QUALITY_REPS 40      /* replications of the quality tests */

/*
 * The interval checks of this file, for the Bonferroni level
 * (validation/ci_family.h): scrap and defects 3 (scrap_rate, defect_rate,
 * defective out share), inspection that scraps 4 (the same and inspections
 * per unit), inspection with rework 5 (first-pass yield, defective out
 * share, defect_rate, inspections and s2 operations per unit).
 */
#define K_CHECKS (3 + 4 + 5)
static ci_family family = {K_CHECKS, 0};

/* ---- helpers ------------------------------------------------------------ */

/* Stations: model_fixtures.h (fx_station, fx_add_station). */
static int add_station(mdl_model *m, mdl_station_spec s) { return fx_add_station(m, &s); }

/* Adds station s and product "p" (product 0), whose route is s alone. */
static void add_one_step(mdl_model *m, mdl_station_spec s) {
    add_station(m, s);
    const char *route[] = {s.id};
    assert_int_equal(mdl_model_add_product(m, "p", route, 1, 0), 0);
}

static void set_run(mdl_model *m, double warmup, double horizon, int reps) {
    mdl_run_settings rs = *mdl_model_run(m);
    rs.warmup = warmup;
    rs.horizon = horizon;
    rs.replications = reps;
    rs.seed = ci_family_seed(SEED);
    if (!mdl_model_set_run(m, &rs))
        fail_msg("set_run: %s", mdl_model_error(m));
    if (!mdl_model_validate(m))
        fail_msg("model invalid: %s", mdl_model_error(m));
}

/* Bit-identical results (NaN compares equal to the same NaN). */
static bool same_result(const mdl_rep_result *a, const mdl_rep_result *b) {
    return a->nstations == b->nstations &&
           memcmp(&a->window_s, &b->window_s, sizeof a->window_s) == 0 &&
           memcmp(a->kpi, b->kpi, sizeof a->kpi) == 0 && a->events == b->events &&
           memcmp(a->station, b->station,
                  sizeof(double[MDL_SKPI_COUNT]) * (size_t)a->nstations) == 0;
}

static bool same_station(const mdl_rep_result *a, int sa, const mdl_rep_result *b, int sb) {
    return memcmp(a->station[sa], b->station[sb], sizeof(double[MDL_SKPI_COUNT])) == 0;
}

/* The family-wise interval over QUALITY_REPS replications covers `exact`
 * and its half-width is <= tight x exact. */
static int check_covers(const char *what, mdl_summary s, double exact, double tight) {
    double hw = ci_family_hw(&family, s.ci95, QUALITY_REPS);
    bool covers = fabs(s.mean - exact) <= hw;
    bool ok = covers && hw <= tight * fabs(exact);
    print_message("  %-34s exact %10.6g  sim %10.6g +- %-9.3g (hw %.2f%%, max %.1f%%)%s\n",
                  what, exact, s.mean, hw, 100.0 * hw / fabs(exact), 100.0 * tight,
                  ok ? "" : (covers ? "  WIDE" : "  MISS"));
    return ok ? 0 : 1;
}

/* Frees a quality test's batch and model; fails when any check missed. */
static void quality_done(mdl_batch *b, mdl_model *m, int failed) {
    mdl_batch_free(b);
    mdl_model_free(m);
    assert_int_equal(failed, 0);
}

/* ---- names and defaults ------------------------------------------------- */

static void test_names(void **state) {
    (void)state;
    const char *states[] = {"busy", "setup", "idle", "blocked", "down", "off"};
    for (int s = 0; s < 6; s++)
        assert_string_equal(mdl_state_name((mdl_state)s), states[s]);
    /* The JSON contract's line KPIs, in order. */
    const char *kpis[] = {"throughput_per_h", "units_out", "lead_time_s", "wip",
                          "scrap_rate", "defect_rate", "first_pass_yield", "oee",
                          "energy_kwh", "energy_kwh_per_unit", "cost_per_unit"};
    for (int k = 0; k < 11; k++) assert_string_equal(mdl_kpis_name(MDL_KPIS_LINE, k), kpis[k]);
    const char *skpis[] = {"utilization", "availability", "oee", "queue_len", "wait_s",
                           "energy_kwh"};
    for (int k = 0; k < 6; k++) assert_string_equal(mdl_kpis_name(MDL_KPIS_STATION, k), skpis[k]);
    assert_string_equal(mdl_station_kind_name(MDL_STATION_MACHINE), "machine");
    assert_string_equal(mdl_station_kind_name(MDL_STATION_INSPECTION), "inspection");
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        assert_non_null(mdl_kpis_name(MDL_KPIS_LINE, k));
        assert_non_null(mdl_kpis_label(MDL_KPIS_LINE, k));
    }
    for (int k = 0; k < MDL_SKPI_COUNT; k++) {
        assert_non_null(mdl_kpis_name(MDL_KPIS_STATION, k));
        assert_non_null(mdl_kpis_label(MDL_KPIS_STATION, k));
    }
    for (int k = 0; k < MDL_LOG_KIND_COUNT; k++)
        assert_non_null(mdl_log_kind_name((mdl_log_kind)k));
    for (int k = 0; k < MDL_DISPATCH_COUNT; k++)
        assert_non_null(mdl_dispatch_name((mdl_dispatch)k));
}

static void test_defaults(void **state) {
    (void)state;
    mdl_station_spec s;
    memset(&s, 0x5a, sizeof s);   /* garbage: the default must set every field that matters */
    mdl_station_spec_default(&s);
    assert_int_equal(s.kind, MDL_STATION_MACHINE);
    assert_int_equal(s.servers, 1);
    assert_true(s.buffer < 0);
    assert_false(s.has_cycle);
    assert_false(s.has_setup);
    assert_false(s.has_failures);
    assert_true(s.scrap == 0.0 && s.defect == 0.0);
    assert_true(s.detect == 0.0 && s.false_reject == 0.0);
    assert_null(s.rework_to);
    assert_int_equal(s.operators, 0);
    for (int i = 0; i < MDL_STATE_COUNT; i++)
        assert_true(s.power[i] == 0.0);
    assert_true(s.standby_after < 0.0);
    assert_int_equal(s.dispatch, MDL_DISPATCH_FIFO);
    assert_int_equal(s.calendar, -1);
    assert_true(s.w == 3.0 && s.h == 2.0);

    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    assert_string_equal(mdl_model_error(m), "");
    const mdl_run_settings *r = mdl_model_run(m);
    assert_true(r->horizon == 5.0 * DAY);
    assert_true(r->warmup == 0.0);
    assert_int_equal(r->replications, 10);
    assert_true(r->seed == 1);
    assert_true(r->start == 0.0);
    const mdl_targets *t = mdl_model_targets(m);
    assert_near(t->productivity, 0.30, 1e-15);
    assert_near(t->cost_per_unit, -0.30, 1e-15);
    assert_near(t->defect_rate, -0.20, 1e-15);
    assert_near(t->units_per_kwh, 0.20, 1e-15);
    assert_int_equal(mdl_model_station_count(m), 0);
    assert_int_equal(mdl_model_product_count(m), 0);
    assert_int_equal(mdl_model_release_count(m), 0);
    assert_int_equal(mdl_model_order_count(m), 0);
    assert_int_equal(mdl_model_calendar_count(m), 0);
    assert_int_equal(mdl_model_find_station(m, "x"), -1);
    assert_int_equal(mdl_model_find_product(m, "x"), -1);
    double capex, years;
    assert_false(mdl_model_investment(m, &capex, &years));
    assert_true(mdl_model_calendar_on(m, -1, 12345.0));
    assert_null(mdl_model_shift_name(m, -1, 0.0));
    mdl_model_free(m);
    mdl_model_free(NULL);   /* no-op */
    mdl_batch_free(NULL);
    mdl_run_free(NULL);
}

/* Strings and tables passed in are copied: the caller's may change. */
static void test_copies_input(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    char id[16], step[16], name[16];
    strcpy(id, "saw");
    add_station(m, fx_station(id, sim_dist_const(60)));
    strcpy(id, "XXX");
    assert_string_equal(mdl_model_station(m, 0)->id, "saw");
    strcpy(step, "saw");
    strcpy(name, "housing");
    const char *route[] = {step};
    assert_int_equal(mdl_model_add_product(m, name, route, 1, 0), 0);
    strcpy(step, "YYY");
    strcpy(name, "ZZZ");
    assert_string_equal(mdl_model_product_id(m, 0), "housing");
    assert_int_equal(mdl_model_route_length(m, 0), 1);
    assert_int_equal(mdl_model_route_station(m, 0, 0), 0);
    assert_int_equal(mdl_model_find_product(m, "housing"), 0);
    assert_near(mdl_model_mean_cycle(m, 0, 0), 60.0, 0.0);
    double values[3] = {1, 2, 3};
    const double *kept = mdl_model_keep_table(m, values, 3);
    assert_non_null(kept);
    assert_true(kept != values);
    values[1] = 99;
    assert_true(kept[1] == 2.0);
    mdl_model_set_investment(m, 250000.0, 5.0);
    double capex = 0, years = 0;
    assert_true(mdl_model_investment(m, &capex, &years));
    assert_true(capex == 250000.0 && years == 5.0);
    mdl_model_free(m);
}

/* ---- bad input ----------------------------------------------------------- */

/* The last error names `object` and `field` (any of the '|'-separated
 * alternatives in field). */
static void expect_message(const mdl_model *m, const char *object, const char *field) {
    const char *msg = mdl_model_error(m);
    print_message("  refused: %s\n", msg);
    assert_non_null(msg);
    if (object != NULL && strstr(msg, object) == NULL)
        fail_msg("message \"%s\" does not name the object '%s'", msg, object);
    char alts[128];
    snprintf(alts, sizeof alts, "%s", field);
    bool found = false;
    for (char *save = NULL, *f = strtok_r(alts, "|", &save); f; f = strtok_r(NULL, "|", &save))
        found = found || strstr(msg, f) != NULL;
    if (!found)
        fail_msg("message \"%s\" does not name the field '%s'", msg, field);
}

typedef struct bad_station {
    const char *field;  /* expected in the message */
    void (*spoil)(mdl_station_spec *s);
} bad_station;

static void zero_servers(mdl_station_spec *s) { s->servers = 0; }
static void negative_servers(mdl_station_spec *s) { s->servers = -2; }
static void negative_cycle(mdl_station_spec *s) { s->cycle = sim_dist_const(-5.0); }
static void negative_exp_cycle(mdl_station_spec *s) { s->cycle = sim_dist_exp(-60.0); }
static void bad_setup(mdl_station_spec *s) {
    s->has_setup = true;
    s->setup = sim_dist_uniform(30.0, -10.0);
}
static void negative_mtbf(mdl_station_spec *s) {
    s->has_failures = true;
    s->mtbf = sim_dist_exp(-3600.0);
    s->mttr = sim_dist_exp(600.0);
}
static void negative_mttr(mdl_station_spec *s) {
    s->has_failures = true;
    s->mtbf = sim_dist_exp(3600.0);
    s->mttr = sim_dist_const(-1.0);
}
static void scrap_above_one(mdl_station_spec *s) { s->scrap = 1.5; }
static void scrap_negative(mdl_station_spec *s) { s->scrap = -0.1; }
static void defect_above_one(mdl_station_spec *s) { s->defect = 2.0; }
static void detect_negative(mdl_station_spec *s) {
    s->kind = MDL_STATION_INSPECTION;
    s->detect = -0.2;
}
static void false_reject_above_one(mdl_station_spec *s) {
    s->kind = MDL_STATION_INSPECTION;
    s->false_reject = 1.01;
}
static void negative_operators(mdl_station_spec *s) { s->operators = -1; }
static void negative_power(mdl_station_spec *s) { s->power[MDL_STATE_BUSY] = -3.0; }
static void nan_scrap(mdl_station_spec *s) { s->scrap = NAN; }

static void test_bad_station(void **state) {
    (void)state;
    const bad_station cases[] = {
        {"servers", zero_servers},         {"servers", negative_servers},
        {"cycle", negative_cycle},         {"cycle", negative_exp_cycle},
        {"setup", bad_setup},              {"mtbf", negative_mtbf},
        {"mttr", negative_mttr},           {"scrap", scrap_above_one},
        {"scrap", scrap_negative},         {"defect", defect_above_one},
        {"detect", detect_negative},       {"reject", false_reject_above_one},
        {"operators", negative_operators}, {"power", negative_power},
        {"scrap", nan_scrap},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mdl_model *m = mdl_model_new();
        add_station(m, fx_station("saw", sim_dist_const(60)));
        mdl_station_spec s = fx_station("cnc", sim_dist_exp(300));
        cases[i].spoil(&s);
        assert_int_equal(mdl_model_add_station(m, &s), -1);
        expect_message(m, "cnc", cases[i].field);
        assert_int_equal(mdl_model_station_count(m), 1);
        assert_int_equal(mdl_model_find_station(m, "cnc"), -1);
        /* The model is still usable after a refusal. */
        assert_int_equal(add_station(m, fx_station("cnc", sim_dist_exp(300))), 1);
        mdl_model_free(m);
    }
    /* Duplicate and missing ids. */
    mdl_model *m = mdl_model_new();
    add_station(m, fx_station("cnc", sim_dist_const(60)));
    mdl_station_spec dup = fx_station("cnc", sim_dist_const(30));
    assert_int_equal(mdl_model_add_station(m, &dup), -1);
    expect_message(m, "cnc", "id|duplicate|already");
    mdl_station_spec anonymous = fx_station(NULL, sim_dist_const(30));
    assert_int_equal(mdl_model_add_station(m, &anonymous), -1);
    expect_message(m, NULL, "id");
    mdl_station_spec empty = fx_station("", sim_dist_const(30));
    assert_int_equal(mdl_model_add_station(m, &empty), -1);
    expect_message(m, NULL, "id");
    assert_int_equal(mdl_model_station_count(m), 1);
    mdl_model_free(m);
}

static void test_bad_product_and_release(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    add_station(m, fx_station("saw", sim_dist_const(60)));
    add_station(m, fx_station("cnc", sim_dist_const(60)));
    const char *ghost[] = {"saw", "nope"};
    assert_int_equal(mdl_model_add_product(m, "housing", ghost, 2, 0), -1);
    expect_message(m, "housing", "nope");
    expect_message(m, "housing", "route");
    assert_int_equal(mdl_model_add_product(m, "housing", ghost, 0, 0), -1);
    expect_message(m, "housing", "route");
    assert_int_equal(mdl_model_product_count(m), 0);
    const char *route[] = {"saw", "cnc"};
    assert_int_equal(mdl_model_add_product(m, "housing", route, 2, 0), 0);
    assert_int_equal(mdl_model_add_product(m, "housing", route, 2, 0), -1);
    expect_message(m, "housing", "id|duplicate|already");
    assert_int_equal(mdl_model_product_count(m), 1);

    /* Releases. */
    assert_int_equal(mdl_model_add_push(m, 0, sim_dist_exp(-240.0), 0.0, 0), -1);
    expect_message(m, "housing", "interarrival");
    assert_int_equal(mdl_model_add_push(m, 7, sim_dist_exp(240.0), 0.0, 0), -1);
    assert_int_equal(mdl_model_add_push(m, -1, sim_dist_exp(240.0), 0.0, 0), -1);
    assert_int_equal(mdl_model_add_conwip(m, 0, 0), -1);
    expect_message(m, "housing", "wip");
    assert_int_equal(mdl_model_add_order(m, "o1", 0, 0, 0.0, -1.0), -1);
    expect_message(m, "o1", "quantity");
    assert_int_equal(mdl_model_add_order(m, "o1", 0, 5, -10.0, -1.0), -1);
    expect_message(m, "o1", "release");
    assert_int_equal(mdl_model_release_count(m), 0);
    assert_int_equal(mdl_model_order_count(m), 0);

    /* Product-specific times. */
    assert_false(mdl_model_set_cycle(m, 0, 1, sim_dist_const(-1.0)));
    expect_message(m, "cnc", "cycle");
    assert_false(mdl_model_set_setup(m, 1, 0, 0, sim_dist_exp(-5.0)));
    expect_message(m, "cnc", "setup");

    /* Calendars. */
    int cal = mdl_model_add_calendar(m, "day");
    assert_true(cal >= 0);
    assert_false(mdl_calendar_add_shift(m, cal, "early", 14 * HOUR, 6 * HOUR));
    expect_message(m, "day", "shift|end|start");
    assert_false(mdl_calendar_add_shift(m, 5, "early", 6 * HOUR, 14 * HOUR));
    assert_false(mdl_model_set_line_calendar(m, 9));

    /* Run settings. */
    mdl_run_settings rs = *mdl_model_run(m);
    mdl_run_settings bad = rs;
    bad.horizon = -1.0;
    assert_false(mdl_model_set_run(m, &bad));
    expect_message(m, "run", "horizon");
    bad = rs;
    bad.warmup = -5.0;
    assert_false(mdl_model_set_run(m, &bad));
    expect_message(m, "run", "warmup|warm-up");
    bad = rs;
    bad.warmup = bad.horizon;
    assert_false(mdl_model_set_run(m, &bad));
    expect_message(m, "run", "warmup|warm-up");
    bad = rs;
    bad.replications = 0;
    assert_false(mdl_model_set_run(m, &bad));
    expect_message(m, "run", "replications");
    /* Refused settings are not kept. */
    assert_true(mdl_model_run(m)->horizon == rs.horizon);
    assert_int_equal(mdl_model_run(m)->replications, rs.replications);

    /* Batch options. */
    assert_int_equal(mdl_model_add_push(m, 0, sim_dist_exp(240.0), 0.0, 0), 0);
    assert_true(mdl_model_validate(m));
    mdl_batch_options o;
    memset(&o, 0, sizeof o);
    o.run = rs;
    o.run.replications = 0;
    o.threads = 1;
    char err[256] = "";
    assert_null(mdl_batch_run(m, &o, err, sizeof err));
    assert_true(strstr(err, "replications") != NULL);
    print_message("  refused batch: %s\n", err);
    o.run = rs;
    o.run.warmup = o.run.horizon + 1.0;
    err[0] = '\0';
    assert_null(mdl_batch_run(m, &o, err, sizeof err));
    assert_true(strlen(err) > 0);
    print_message("  refused batch: %s\n", err);
    mdl_model_free(m);
}

/*
 * Builds cnc -> insp (rework to `target`), optionally with a station
 * "lathe" that no route uses, and expects the model to be refused at some
 * step (adding the inspection, adding the product, or validation) with a
 * message naming the inspection and its reject / rework_to field.
 */
static void expect_bad_rework(const char *target, bool with_lathe) {
    mdl_model *m = mdl_model_new();
    add_station(m, fx_station("cnc", sim_dist_const(60)));
    if (with_lathe)
        add_station(m, fx_station("lathe", sim_dist_const(60)));
    mdl_station_spec insp = fx_station("insp", sim_dist_const(30));
    insp.kind = MDL_STATION_INSPECTION;
    insp.detect = 0.9;
    insp.reject = MDL_REJECT_REWORK;
    insp.rework_to = target;
    const char *route[] = {"cnc", "insp"};
    bool refused = mdl_model_add_station(m, &insp) < 0 ||
                   mdl_model_add_product(m, "p", route, 2, 0) < 0 ||
                   mdl_model_add_push(m, 0, sim_dist_exp(120), 0, 0) < 0 ||
                   !mdl_model_validate(m);
    assert_true(refused);
    expect_message(m, "insp", "rework_to|rework|reject");
    mdl_model_free(m);
}

/* Rework must go to a station of the product's route before the inspection. */
static void test_bad_rework(void **state) {
    (void)state;
    expect_bad_rework("ghost", false);   /* no such station */
    expect_bad_rework(NULL, false);      /* no target at all */
    expect_bad_rework("lathe", true);    /* a station, but not on the route */
    expect_bad_rework("insp", false);    /* not an earlier step */

    /* A valid rework target passes. */
    mdl_model *m = mdl_model_new();
    add_station(m, fx_station("cnc", sim_dist_const(60)));
    mdl_station_spec insp = fx_station("insp", sim_dist_const(30));
    insp.kind = MDL_STATION_INSPECTION;
    insp.reject = MDL_REJECT_REWORK;
    insp.rework_to = "cnc";
    add_station(m, insp);
    const char *route[] = {"cnc", "insp"};
    assert_int_equal(mdl_model_add_product(m, "p", route, 2, 0), 0);
    assert_int_equal(mdl_model_add_push(m, 0, sim_dist_exp(120), 0, 0), 0);
    if (!mdl_model_validate(m))
        fail_msg("valid rework refused: %s", mdl_model_error(m));
    mdl_model_free(m);

    /* A product with no cycle time at a station of its route. */
    m = mdl_model_new();
    mdl_station_spec bare;
    mdl_station_spec_default(&bare);
    bare.id = "bare";
    add_station(m, bare);
    const char *r1[] = {"bare"};
    int p = mdl_model_add_product(m, "p", r1, 1, 0);
    if (p >= 0)
        assert_true(isnan(mdl_model_mean_cycle(m, p, 0)));
    assert_true(p < 0 || mdl_model_add_push(m, p, sim_dist_exp(120), 0, 0) < 0 ||
                !mdl_model_validate(m));
    expect_message(m, "bare", "cycle");
    mdl_model_free(m);
}

/* ---- determinism --------------------------------------------------------- */

/* A line that uses most random streams: arrivals, cycles, failures, scrap,
 * defects, inspection. */
static mdl_model *busy_line(double s2_mean) {
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("saw", sim_dist_exp(50.0));
    s.scrap = 0.02;
    s.power[MDL_STATE_BUSY] = 3.0;
    add_station(m, s);
    s = fx_station("cnc", sim_dist_lognormal(s2_mean, 15.0));
    s.buffer = 4;
    s.has_failures = true;
    s.mtbf = sim_dist_exp(HOUR);
    s.mttr = sim_dist_exp(300.0);
    s.defect = 0.05;
    add_station(m, s);
    s = fx_station("insp", sim_dist_tri(10.0, 20.0, 40.0));
    s.kind = MDL_STATION_INSPECTION;
    s.detect = 0.9;
    s.false_reject = 0.01;
    s.reject = MDL_REJECT_REWORK;
    s.rework_to = "cnc";
    s.buffer = 2;
    add_station(m, s);
    const char *route[] = {"saw", "cnc", "insp"};
    assert_int_equal(mdl_model_add_product(m, "p", route, 3, 0), 0);
    assert_int_equal(mdl_model_add_push(m, 0, sim_dist_exp(70.0), 0.0, 0), 0);
    set_run(m, HOUR, 30.0 * HOUR, 6);
    return m;
}

static void test_same_seed_same_result(void **state) {
    (void)state;
    mdl_model *m = busy_line(45.0);
    mdl_rep_result a, b, c;
    a = fx_run_rep(m, NULL, 3);
    b = fx_run_rep(m, NULL, 3);
    assert_true(a.events > 0);
    assert_true(a.kpi[MDL_KPI_UNITS_OUT] > 0);
    assert_true(same_result(&a, &b));
    /* Another replication draws other numbers. */
    c = fx_run_rep(m, NULL, 4);
    assert_false(memcmp(a.kpi, c.kpi, sizeof a.kpi) == 0);
    mdl_rep_result_fini(&c);

    /* Running in slices is running in one go. */
    assert_true(mdl_rep_result_init(&c, m));
    mdl_run *r = mdl_run_new(m, NULL, 3);
    double h = mdl_run_horizon(r);
    const double cuts[] = {0.0, 1.0, 0.01 * h, 0.2 * h, 0.2 * h, 0.5 * h + 0.123, 0.9 * h};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        mdl_run_until(r, cuts[i]);
        assert_true(mdl_run_now(r) == cuts[i]);
        assert_true(mdl_run_next_event(r) >= cuts[i]);
    }
    mdl_run_to_end(r, &c);
    assert_true(mdl_run_now(r) == h);
    assert_true(same_result(&a, &c));
    mdl_run_free(r);

    /* Past the horizon, the clock stops at the horizon. */
    r = mdl_run_new(m, NULL, 3);
    mdl_run_until(r, 2.0 * h);
    assert_true(mdl_run_now(r) == h);
    mdl_run_free(r);

    /* A batch's replication r is the run seeded (seed, r) alone. */
    mdl_batch *bt = test_batch(m, 2);
    assert_int_equal(mdl_batch_reps(bt), 6);
    assert_true(same_result(mdl_batch_rep(bt, 3), &a));
    mdl_batch_free(bt);

    mdl_rep_result_fini(&a);
    mdl_rep_result_fini(&b);
    fx_run_done(&c, NULL, m);
}

typedef struct progress_log {
    int calls;
    int last_done;
    int total;
    bool increasing;
} progress_log;

static void on_progress(void *ctx, int done, int total) {
    progress_log *p = ctx;
    p->increasing = p->increasing && done > p->last_done;
    p->calls++;
    p->last_done = done;
    p->total = total;
}

static void test_threads_bit_identical(void **state) {
    (void)state;
    mdl_model *m = busy_line(45.0);
    mdl_batch *one = test_batch(m, 1);
    progress_log log = {0, 0, 0, true};
    mdl_batch_options o;
    memset(&o, 0, sizeof o);
    o.run = *mdl_model_run(m);
    o.threads = 2;
    o.progress = on_progress;
    o.progress_ctx = &log;
    char err[256] = "";
    mdl_batch *two = mdl_batch_run(m, &o, err, sizeof err);
    assert_non_null(two);
    mdl_batch *three = test_batch(m, 3);
    assert_int_equal(log.calls, 6);
    assert_int_equal(log.last_done, 6);
    assert_int_equal(log.total, 6);
    assert_true(log.increasing);
    for (int r = 0; r < 6; r++) {
        assert_true(same_result(mdl_batch_rep(one, r), mdl_batch_rep(two, r)));
        assert_true(same_result(mdl_batch_rep(one, r), mdl_batch_rep(three, r)));
    }
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        mdl_summary a = mdl_batch_kpi(one, (mdl_kpi)k), b = mdl_batch_kpi(two, (mdl_kpi)k);
        assert_true(memcmp(&a, &b, sizeof a) == 0);
    }
    for (int s = 0; s < 3; s++)
        for (int k = 0; k < MDL_SKPI_COUNT; k++) {
            mdl_summary a = mdl_batch_station_kpi(one, s, (mdl_skpi)k);
            mdl_summary b = mdl_batch_station_kpi(two, s, (mdl_skpi)k);
            assert_true(memcmp(&a, &b, sizeof a) == 0);
        }
    assert_true(mdl_batch_events(one) == mdl_batch_events(two));
    /* Paired difference of a model with itself: exactly zero. */
    mdl_summary d = mdl_batch_diff(one, two, MDL_KPI_THROUGHPUT_PER_H);
    assert_true(d.mean == 0.0 && d.ci95 == 0.0);
    mdl_batch_free(one);
    mdl_batch_free(two);
    mdl_batch_free(three);
    mdl_model_free(m);
}

/* Summaries: mean, Student-t half-width, min, max; NaN skipped. */
static void test_summaries(void **state) {
    (void)state;
    const double v[5] = {1, 2, 3, 4, 5};
    mdl_summary s = mdl_summarize(v, 5);
    /* sd = sqrt(2.5); t(0.975, 4) = 2.7764451051977987. */
    assert_near(s.mean, 3.0, 1e-15);
    assert_near(s.ci95, 2.7764451051977987 * sqrt(2.5) / sqrt(5.0), 1e-9);
    assert_true(s.min == 1.0 && s.max == 5.0);
    const double w[3] = {1.0, NAN, 3.0};
    s = mdl_summarize(w, 3);
    /* Two values: sd = sqrt(2), t(0.975, 1) = 12.706204736174707. */
    assert_near(s.mean, 2.0, 1e-15);
    assert_near(s.ci95, 12.706204736174707, 1e-8);
    assert_true(s.min == 1.0 && s.max == 3.0);
    const double one[1] = {7.0};
    s = mdl_summarize(one, 1);
    assert_near(s.mean, 7.0, 0.0);
    assert_true(isnan(s.ci95));

    /* A batch's summary is the summary of its replications. */
    mdl_model *m = busy_line(45.0);
    mdl_batch *b = test_batch(m, 2);
    double x[6];
    for (int r = 0; r < 6; r++)
        x[r] = mdl_batch_rep(b, r)->station[1][MDL_SKPI_WAIT_S];
    mdl_summary a = mdl_summarize(x, 6), c = mdl_batch_station_kpi(b, 1, MDL_SKPI_WAIT_S);
    assert_true(memcmp(&a, &c, sizeof a) == 0);
    assert_true(mdl_batch_model(b) == m);
    assert_true(mdl_batch_settings(b)->replications == 6);
    assert_true(mdl_batch_wall_s(b) >= 0.0);
    mdl_batch_free(b);
    mdl_model_free(m);
}

/*
 * Common random numbers: a station's random numbers depend only on the
 * seed, the replication and the station's own id, so changing one station
 * (or adding another) leaves every independent station's results
 * bit-identical.
 */
static mdl_model *two_cells(double b_mean, bool b_failures, bool extra_station) {
    mdl_model *m = mdl_model_new();
    if (extra_station)   /* shifts every index after it */
        add_station(m, fx_station("mc", sim_dist_exp(30.0)));
    add_station(m, fx_station("ma", sim_dist_exp(60.0)));
    mdl_station_spec s = fx_station("mb", sim_dist_exp(b_mean));
    if (b_failures) {
        s.has_failures = true;
        s.mtbf = sim_dist_exp(2 * HOUR);
        s.mttr = sim_dist_exp(600.0);
    }
    add_station(m, s);
    const char *ra[] = {"ma"}, *rb[] = {"mb"}, *rc[] = {"mc"};
    assert_int_equal(mdl_model_add_product(m, "a", ra, 1, 0), 0);
    assert_int_equal(mdl_model_add_product(m, "b", rb, 1, 0), 1);
    assert_true(mdl_model_add_push(m, 0, sim_dist_exp(80.0), 0.0, 0) >= 0);
    assert_true(mdl_model_add_push(m, 1, sim_dist_exp(80.0), 0.0, 0) >= 0);
    if (extra_station) {
        assert_true(mdl_model_add_product(m, "c", rc, 1, 0) >= 0);
        assert_true(mdl_model_add_push(m, 2, sim_dist_exp(60.0), 0.0, 0) >= 0);
    }
    set_run(m, HOUR, 50.0 * HOUR, 3);
    return m;
}

static mdl_model *two_in_line(double s2_mean) {
    mdl_model *m = mdl_model_new();
    add_station(m, fx_station("s1", sim_dist_exp(60.0)));
    add_station(m, fx_station("s2", sim_dist_gamma(s2_mean, 0.5 * s2_mean))); /* unlimited buffer */
    const char *route[] = {"s1", "s2"};
    assert_int_equal(mdl_model_add_product(m, "p", route, 2, 0), 0);
    assert_true(mdl_model_add_push(m, 0, sim_dist_exp(90.0), 0.0, 0) >= 0);
    set_run(m, HOUR, 50.0 * HOUR, 3);
    return m;
}

static void test_independent_streams(void **state) {
    (void)state;
    mdl_model *base = two_cells(50.0, false, false);
    mdl_model *slower = two_cells(70.0, false, false);
    mdl_model *failing = two_cells(50.0, true, false);
    mdl_model *extra = two_cells(50.0, false, true);
    for (uint32_t rep = 0; rep < 3; rep++) {
        mdl_rep_result a, b, c, d;
        a = fx_run_rep(base, NULL, rep);
        b = fx_run_rep(slower, NULL, rep);
        c = fx_run_rep(failing, NULL, rep);
        d = fx_run_rep(extra, NULL, rep);
        /* Station ma: identical in all four. */
        assert_true(same_station(&a, 0, &b, 0));
        assert_true(same_station(&a, 0, &c, 0));
        assert_true(same_station(&a, 0, &d, 1));
        /* Station mb: changed where it was changed, not where it was not. */
        assert_false(same_station(&a, 1, &b, 1));
        assert_false(same_station(&a, 1, &c, 1));
        assert_true(same_station(&a, 1, &d, 2));
        mdl_rep_result_fini(&a);
        mdl_rep_result_fini(&b);
        mdl_rep_result_fini(&c);
        mdl_rep_result_fini(&d);
    }
    mdl_model_free(base);
    mdl_model_free(slower);
    mdl_model_free(failing);
    mdl_model_free(extra);

    /* In a line: a slower second station (unlimited buffer in front of it,
     * so no blocking) leaves the first station's results unchanged. */
    mdl_model *l1 = two_in_line(50.0), *l2 = two_in_line(75.0);
    mdl_rep_result a, b;
    a = fx_run_rep(l1, NULL, 1);
    b = fx_run_rep(l2, NULL, 1);
    assert_true(same_station(&a, 0, &b, 0));
    assert_false(same_station(&a, 1, &b, 1));
    assert_true(a.kpi[MDL_KPI_UNITS_RELEASED] == b.kpi[MDL_KPI_UNITS_RELEASED]);
    mdl_rep_result_fini(&a);
    fx_run_done(&b, NULL, l1);
    mdl_model_free(l2);
}

/* ---- shifts --------------------------------------------------------------- */

/* Mon-Fri early 06-14 and late 14-22 with breaks 10:00-10:30 and
 * 18:00-18:30, and a night shift Sunday 22:00 to Monday 06:00 (written
 * past the end of the week, wrapping into Monday). On per week:
 * 5 x (16 h - 1 h) + 8 h = 83 h; off share 85 / 168. */
static int add_week_calendar(mdl_model *m) {
    int cal = fx_two_shift(m, 5);
    assert_true(mdl_calendar_add_shift(m, cal, "night", 6 * DAY + 22 * HOUR, WEEK + 6 * HOUR));
    return cal;
}

static void test_shift_calendar(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int cal = add_week_calendar(m);
    /* A second calendar: Monday 00:00 to Saturday 00:00, off share 2/7. */
    int weekdays = mdl_model_add_calendar(m, "weekdays");
    assert_true(mdl_calendar_add_shift(m, weekdays, "all", 0.0, 5 * DAY));
    assert_int_equal(mdl_model_find_calendar(m, "weekdays"), weekdays);
    assert_true(mdl_model_set_line_calendar(m, cal));

    assert_true(mdl_model_calendar_on(m, cal, 3 * HOUR));           /* Mon 03:00 night */
    assert_true(mdl_model_calendar_on(m, cal, 6 * HOUR + 1));       /* Mon 06:00:01 */
    assert_false(mdl_model_calendar_on(m, cal, 10.25 * HOUR));      /* break */
    assert_true(mdl_model_calendar_on(m, cal, 10.75 * HOUR));
    assert_false(mdl_model_calendar_on(m, cal, 23 * HOUR));         /* Mon 23:00 */
    assert_false(mdl_model_calendar_on(m, cal, 5 * DAY + 12 * HOUR)); /* Sat noon */
    assert_true(mdl_model_calendar_on(m, cal, 6 * DAY + 23 * HOUR));  /* Sun 23:00 */
    assert_true(mdl_model_calendar_on(m, cal, WEEK + 3 * HOUR));      /* next Monday */
    assert_string_equal(mdl_model_shift_name(m, cal, 7 * HOUR), "early");
    assert_string_equal(mdl_model_shift_name(m, cal, 2 * DAY + 15 * HOUR), "late");
    assert_string_equal(mdl_model_shift_name(m, cal, 6 * DAY + 23 * HOUR), "night");
    assert_null(mdl_model_shift_name(m, cal, 5 * DAY + 12 * HOUR));

    add_station(m, fx_station("line-cal", sim_dist_exp(60.0)));
    mdl_station_spec own = fx_station("own-cal", sim_dist_exp(60.0));
    own.calendar = weekdays;
    add_station(m, own);
    const char *r1[] = {"line-cal"}, *r2[] = {"own-cal"};
    assert_int_equal(mdl_model_add_product(m, "a", r1, 1, 0), 0);
    assert_int_equal(mdl_model_add_product(m, "b", r2, 1, 0), 1);
    assert_true(mdl_model_add_push(m, 0, sim_dist_exp(600.0), 0.0, 0) >= 0);
    assert_true(mdl_model_add_push(m, 1, sim_dist_exp(600.0), 0.0, 0) >= 0);

    /* Two whole weeks from Monday 00:00: off shares are the calendars'. */
    set_run(m, 0.0, 2 * WEEK, 1);
    mdl_rep_result x = fx_run_rep(m, NULL, 0);
    assert_near(x.station[0][MDL_SKPI_STATE_OFF], 85.0 / 168.0, 1e-9);
    assert_near(x.station[1][MDL_SKPI_STATE_OFF], 2.0 / 7.0, 1e-9);
    /* Off time is not idle time: availability ignores it. */
    assert_near(x.station[0][MDL_SKPI_AVAILABILITY], 1.0, 1e-12);
    mdl_rep_result_fini(&x);

    /* A start offset into the week: time 0 is Wednesday 07:00. A whole
     * week from there has the same off share; the run's time 3.25 h is
     * Wednesday 10:15, in a break. */
    mdl_run_settings rs = *mdl_model_run(m);
    rs.start = 2 * DAY + 7 * HOUR;
    rs.horizon = WEEK;
    assert_true(mdl_model_set_run(m, &rs));
    assert_true(mdl_model_calendar_on(m, cal, 0.0));
    assert_string_equal(mdl_model_shift_name(m, cal, 0.0), "early");
    assert_false(mdl_model_calendar_on(m, cal, 3.25 * HOUR));
    x = fx_run_rep(m, NULL, 0);
    assert_near(x.station[0][MDL_SKPI_STATE_OFF], 85.0 / 168.0, 1e-9);
    assert_near(x.station[1][MDL_SKPI_STATE_OFF], 2.0 / 7.0, 1e-9);
    mdl_rep_result_fini(&x);

    mdl_run *r = mdl_run_new(m, NULL, 0);
    mdl_run_until(r, 3.25 * HOUR);
    assert_true(mdl_run_station_off(r, 0));
    assert_false(mdl_run_station_off(r, 1));
    assert_int_equal(mdl_run_server_state(r, 0, 0), MDL_STATE_OFF);
    mdl_run_until(r, 8 * HOUR);   /* Wednesday 15:00 */
    assert_false(mdl_run_station_off(r, 0));
    assert_string_equal(mdl_run_shift_name(r), "late");
    mdl_run_free(r);
    mdl_model_free(m);
}

/* Log of line events for the timeline tests. */
#define LOG_MAX 64
typedef struct event_log {
    int n;
    double time[LOG_MAX];
    mdl_log_kind kind[LOG_MAX];
    uint64_t unit[LOG_MAX];
} event_log;

static void on_log(void *ctx, double time, mdl_log_kind kind, int station, uint64_t unit) {
    event_log *log = ctx;
    (void)station;
    if (log->n < LOG_MAX) {
        log->time[log->n] = time;
        log->kind[log->n] = kind;
        log->unit[log->n] = unit;
        log->n++;
    }
}

/* Times of the logged events of one kind, in order; returns how many. */
static int times_of(const event_log *log, mdl_log_kind kind, double *out, int max) {
    int n = 0;
    for (int i = 0; i < log->n && n < max; i++)
        if (log->kind[i] == kind)
            out[n++] = log->time[i];
    return n;
}

/*
 * Pause and resume: a shift Monday-Friday 06:00-14:00; one unit released
 * Monday 13:50 onto a machine with a constant 30-min cycle. It works 10
 * min, pauses at 14:00 (state off, a third done), resumes Tuesday 06:00
 * with 20 min left and exits Tuesday 06:20: lead time 10 min + 16 h +
 * 20 min = 16.5 h.
 */
static void test_pause_resume(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int cal = mdl_model_add_calendar(m, "day");
    for (int d = 0; d < 5; d++)
        assert_true(mdl_calendar_add_shift(m, cal, "day", d * DAY + 6 * HOUR, d * DAY + 14 * HOUR));
    assert_true(mdl_model_set_line_calendar(m, cal));
    add_one_step(m, fx_station("m", sim_dist_const(30 * MIN)));
    double release = 13 * HOUR + 50 * MIN;
    assert_true(mdl_model_add_order(m, "o1", 0, 1, release, -1.0) >= 0);
    set_run(m, 0.0, 2 * DAY, 1);

    event_log log = {0};
    mdl_run *r = mdl_run_new(m, NULL, 0);
    mdl_run_set_log(r, on_log, &log);
    mdl_run_until(r, 15 * HOUR);
    assert_int_equal(mdl_run_wip_now(r), 1);
    assert_int_equal(mdl_run_server_state(r, 0, 0), MDL_STATE_OFF);
    assert_near(mdl_run_server_progress(r, 0, 0), 1.0 / 3.0, 1e-9);
    mdl_unit_view u;
    assert_true(mdl_run_server_unit(r, 0, 0, &u));
    assert_true(u.serial == 1);
    assert_near(u.released, release, 1e-9);
    mdl_run_until(r, DAY + 6 * HOUR + 10 * MIN);
    assert_int_equal(mdl_run_server_state(r, 0, 0), MDL_STATE_BUSY);
    assert_near(mdl_run_server_progress(r, 0, 0), 2.0 / 3.0, 1e-9);
    mdl_rep_result x = fx_result_at_end(r, m);
    double exits[4];
    assert_int_equal(times_of(&log, MDL_LOG_EXIT, exits, 4), 1);
    assert_near(exits[0], DAY + 6 * HOUR + 20 * MIN, 1e-6);
    assert_near(x.kpi[MDL_KPI_UNITS_OUT], 1.0, 0.0);
    assert_near(x.kpi[MDL_KPI_LEAD_TIME_S], 16.5 * HOUR, 1e-6);
    /* Busy 30 min of 48 h; off 32 h of 48. */
    assert_near(x.station[0][MDL_SKPI_STATE_BUSY], 0.5 / 48.0, 1e-9);
    assert_near(x.station[0][MDL_SKPI_STATE_OFF], 32.0 / 48.0, 1e-9);
    fx_run_done(&x, r, m);
}

/*
 * Setups on product change, most specific rule first: station default
 * setup 10 min; A -> B 5 min; any -> A 2 min. Cycle 1 min, 3 min for B.
 * Orders: 2 x A at 0 (before the warm-up at 100 min), then B at 200, A at
 * 300, C at 400 min. In the window [100, 1000] min:
 *   B: setup A->B 5, cycle 3 -> out at 208 (lead 8)
 *   A: setup B->A 2 (any->A), cycle 1 -> out at 303 (lead 3)
 *   C: setup A->C 10 (default), cycle 1 -> out at 411 (lead 11)
 * setup share 17 / 900, busy share 5 / 900, 3 units, mean lead 22/3 min.
 */
static void test_setups(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("m", sim_dist_const(1 * MIN));
    s.has_setup = true;
    s.setup = sim_dist_const(10 * MIN);
    add_station(m, s);
    const char *route[] = {"m"};
    int a = mdl_model_add_product(m, "A", route, 1, 0);
    int b = mdl_model_add_product(m, "B", route, 1, 0);
    int c = mdl_model_add_product(m, "C", route, 1, 0);
    assert_true(mdl_model_set_cycle(m, b, 0, sim_dist_const(3 * MIN)));
    assert_true(mdl_model_set_setup(m, 0, a, b, sim_dist_const(5 * MIN)));
    assert_true(mdl_model_set_setup(m, 0, -1, a, sim_dist_const(2 * MIN)));
    assert_near(mdl_model_mean_cycle(m, b, 0), 3 * MIN, 1e-12);
    assert_near(mdl_model_mean_cycle(m, a, 0), 1 * MIN, 1e-12);
    assert_true(mdl_model_add_order(m, "o1", a, 2, 0.0, -1.0) >= 0);
    assert_true(mdl_model_add_order(m, "o2", b, 1, 200 * MIN, -1.0) >= 0);
    assert_true(mdl_model_add_order(m, "o3", a, 1, 300 * MIN, -1.0) >= 0);
    assert_true(mdl_model_add_order(m, "o4", c, 1, 400 * MIN, -1.0) >= 0);
    assert_int_equal(mdl_model_order_count(m), 4);
    set_run(m, 100 * MIN, 1000 * MIN, 1);
    mdl_rep_result x = fx_run_rep(m, NULL, 0);
    assert_near(x.window_s, 900 * MIN, 1e-9);
    assert_near(x.station[0][MDL_SKPI_STATE_SETUP], 17.0 / 900.0, 1e-9);
    assert_near(x.station[0][MDL_SKPI_STATE_BUSY], 5.0 / 900.0, 1e-9);
    assert_near(x.station[0][MDL_SKPI_UNITS_DONE], 3.0, 0.0);
    assert_near(x.kpi[MDL_KPI_UNITS_OUT], 3.0, 0.0);
    assert_near(x.kpi[MDL_KPI_LEAD_TIME_S], 22.0 / 3.0 * MIN, 1e-6);
    fx_run_done(&x, NULL, m);
}

/*
 * Orders: one machine, constant 10-min cycle.
 *   o1: 3 units at 60 min, due 85 -> out at 70, 80, 90: 2 on time
 *   o2: 2 units at 200 min, due 300 -> out at 210, 220: 2 on time
 *   o3: 1 unit at 400 min, no due date -> out at 410 (not counted)
 * on-time share 4 / 5; lead times 10, 20, 30, 10, 20, 10 -> mean 100/6 min.
 */
static void test_orders(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    add_one_step(m, fx_station("m", sim_dist_const(10 * MIN)));
    assert_true(mdl_model_add_order(m, "o1", 0, 3, 60 * MIN, 85 * MIN) >= 0);
    assert_true(mdl_model_add_order(m, "o2", 0, 2, 200 * MIN, 300 * MIN) >= 0);
    assert_true(mdl_model_add_order(m, "o3", 0, 1, 400 * MIN, -1.0) >= 0);
    set_run(m, 0.0, 600 * MIN, 1);

    event_log log = {0};
    mdl_run *r = mdl_run_new(m, NULL, 0);
    mdl_run_set_log(r, on_log, &log);
    mdl_run_until(r, 60 * MIN - 1.0);
    assert_int_equal(mdl_run_wip_now(r), 0);
    mdl_run_until(r, 60 * MIN);
    assert_int_equal(mdl_run_wip_now(r), 3);
    assert_int_equal(mdl_run_queue_len(r, 0), 2);
    mdl_unit_view u;
    assert_true(mdl_run_queue_unit(r, 0, 0, &u));
    assert_true(u.serial == 2);
    mdl_rep_result x = fx_result_at_end(r, m);
    double t[8];
    const double released[6] = {60, 60, 60, 200, 200, 400};
    const double out[6] = {70, 80, 90, 210, 220, 410};
    assert_int_equal(times_of(&log, MDL_LOG_RELEASE, t, 8), 6);
    for (int i = 0; i < 6; i++)
        assert_near(t[i], released[i] * MIN, 1e-9);
    assert_int_equal(times_of(&log, MDL_LOG_EXIT, t, 8), 6);
    for (int i = 0; i < 6; i++)
        assert_near(t[i], out[i] * MIN, 1e-9);
    assert_near(x.kpi[MDL_KPI_UNITS_OUT], 6.0, 0.0);
    assert_near(x.kpi[MDL_KPI_UNITS_RELEASED], 6.0, 0.0);
    assert_near(x.kpi[MDL_KPI_ON_TIME_SHARE], 0.8, 1e-12);
    assert_near(x.kpi[MDL_KPI_LEAD_TIME_S], 1000.0, 1e-6);
    assert_int_equal(mdl_run_wip_now(r), 0);
    fx_run_done(&x, r, m);
}

/* ---- quality: scrap, defects, inspection ---------------------------------- */

/*
 * Definitions (docs/kpis.md): units_out counts good units only - a latent
 * defect that leaves undetected is an escape, counted in defective_out and
 * not in units_out; scrap_rate = scrapped / (scrapped + good out);
 * defect_rate = units ever defective / units finished or scrapped, where a
 * unit scrapped at a machine counts as defective and a good unit falsely
 * rejected does not; first_pass_yield = good units out never reworked /
 * good units out. At the end of an operation at a machine ONE uniform
 * number decides scrap (share `scrap`), latent defect (share `defect`) or
 * good, so scrap and defect at one machine are exclusive.
 */

static double defective_out_share(const mdl_rep_result *x) {
    return x->kpi[MDL_KPI_DEFECTIVE_OUT] / x->kpi[MDL_KPI_UNITS_OUT];
}

/* Operations at station 2 (the inspection) per unit that left the line,
 * good or escaped. */
static double insp_visits_per_unit(const mdl_rep_result *x) {
    return x->station[2][MDL_SKPI_UNITS_DONE] /
           (x->kpi[MDL_KPI_UNITS_OUT] + x->kpi[MDL_KPI_DEFECTIVE_OUT]);
}

static double rework_visits_per_unit(const mdl_rep_result *x) {
    return x->station[1][MDL_SKPI_UNITS_DONE] /
           (x->kpi[MDL_KPI_UNITS_OUT] + x->kpi[MDL_KPI_DEFECTIVE_OUT]);
}

/* Poisson arrivals every 60 s on average into a short line (loads <= 0.5);
 * 40 replications of 22 500 min (~22 500 units each). */
static mdl_batch *quality_batch(mdl_model *m) {
    const char *route[] = {"s1", "s2", "insp"};
    int n = mdl_model_station_count(m);
    assert_int_equal(mdl_model_add_product(m, "p", route, n, 0), 0);
    assert_true(mdl_model_add_push(m, 0, sim_dist_exp(60.0), 0.0, 0) >= 0);
    set_run(m, 100 * MIN, 22600 * MIN, QUALITY_REPS);
    return test_batch(m, 2);
}

/* One figure a quality test checks: a KPI of the line (fn NULL) or a
 * figure of each replication (fx_over_reps of fn), its exact value and
 * the largest half-width as a share of it. */
typedef struct quality_check {
    const char *what;
    mdl_kpi kpi;
    double (*fn)(const mdl_rep_result *);
    double exact, tight;
} quality_check;

/* check_covers of each of the n figures (each prints its line); the misses. */
static int quality_checks(const mdl_batch *b, const quality_check *c, size_t n) {
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        mdl_summary s = c[i].fn ? fx_over_reps(b, c[i].fn) : mdl_batch_kpi(b, c[i].kpi);
        failed += check_covers(c[i].what, s, c[i].exact, c[i].tight);
    }
    return failed;
}

/*
 * Scrap and latent defects: s1 scraps 10 % and makes 20 % defective (one
 * draw: good 70 %); s2 scraps 5 % of what it processes. Per unit released:
 *   scrapped 0.1 + 0.9 x 0.05 = 0.145;
 *   escapes (defective out) 0.2 x 0.95 = 0.19; good out 0.7 x 0.95 = 0.665;
 *   ever defective: 0.2 (s1 defect) + 0.1 (s1 scrap) + 0.7 x 0.05 (s2 scrap
 *   of a good unit; a defective unit scrapped at s2 is counted once) = 0.335.
 *   scrap_rate = 0.145 / (0.145 + 0.665) = 0.1790123
 *   defect_rate = 0.335 / 1 = 0.335
 *   defective out / units out = 0.19 / 0.665 = 0.2857143
 *   first_pass_yield = 1 (no rework).
 * (Independent draws at s1, scrap then defect, would give 0.1749, 0.316
 * and 0.25.)
 */
static void test_scrap_and_defects(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station_quality("s1", sim_dist_exp(30.0), 0.1, 0.2);
    add_station(m, s);
    s = fx_station("s2", sim_dist_exp(30.0));
    s.scrap = 0.05;
    add_station(m, s);
    const char *route[] = {"s1", "s2"};
    assert_int_equal(mdl_model_add_product(m, "p", route, 2, 0), 0);
    assert_true(mdl_model_add_push(m, 0, sim_dist_exp(60.0), 0.0, 0) >= 0);
    set_run(m, 100 * MIN, 22600 * MIN, QUALITY_REPS);
    mdl_batch *b = test_batch(m, 2);
    print_message("s1 scrap 10 %% + defect 20 %%, s2 scrap 5 %%\n");
    static const quality_check checks[] = {
        {"scrap_rate", MDL_KPI_SCRAP_RATE, NULL, 0.145 / 0.81, 0.03},
        {"defect_rate", MDL_KPI_DEFECT_RATE, NULL, 0.335, 0.03},
        {"defective out / units out", .fn = defective_out_share, .exact = 0.19 / 0.665, .tight = 0.03},
    };
    int failed = quality_checks(b, checks, sizeof checks / sizeof checks[0]);
    for (int r = 0; r < QUALITY_REPS; r++)
        assert_near(mdl_batch_rep(b, r)->kpi[MDL_KPI_FIRST_PASS_YIELD], 1.0, 0.0);
    quality_done(b, m, failed);
}

/* s1 (exp 30 s, defect 0.3) -> s2 (exp 20 s) -> an inspection of 20 s
 * detecting with p = 0.8, rejecting good units with f = 0.05; rejects are
 * scrapped or reworked at s2 (with no cap: the formulas below assume none,
 * and 0.05^100 is never reached). */
static mdl_model *inspection_line(mdl_reject reject) {
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("s1", sim_dist_exp(30.0));
    s.defect = 0.3;
    add_station(m, s);
    add_station(m, fx_station("s2", sim_dist_exp(20.0)));
    s = fx_station("insp", sim_dist_const(20.0));
    s.kind = MDL_STATION_INSPECTION;
    s.detect = 0.8;
    s.false_reject = 0.05;
    s.reject = reject;
    if (reject == MDL_REJECT_REWORK) {
        s.rework_to = "s2";
        s.max_rework = MDL_MAX_REWORK;
    }
    add_station(m, s);
    return m;
}

/*
 * Inspection that scraps rejects: s1 makes d = 0.3 defective; the
 * inspection detects with p = 0.8 and falsely rejects good units with
 * f = 0.05. Per unit: rejected (scrapped) d p + (1 - d) f = 0.24 + 0.035 =
 * 0.275, escapes d (1 - p) = 0.06, good out (1 - d)(1 - f) = 0.665.
 *   scrap_rate = 0.275 / (0.275 + 0.665) = 0.2925532
 *   defect_rate = 0.3 (false rejects are not defects)
 *   defective out / units out = 0.06 / 0.665 = 0.0902256
 */
static void test_inspection_scrap(void **state) {
    (void)state;
    mdl_model *m = inspection_line(MDL_REJECT_SCRAP);
    mdl_batch *b = quality_batch(m);
    print_message("inspection d=0.3 p=0.8 f=0.05, reject = scrap\n");
    static const quality_check checks[] = {
        {"scrap_rate", MDL_KPI_SCRAP_RATE, NULL, 0.275 / 0.94, 0.03},
        {"defect_rate", MDL_KPI_DEFECT_RATE, NULL, 0.3, 0.03},
        {"defective out / units out", .fn = defective_out_share, .exact = 0.06 / 0.665, .tight = 0.03},
        {"inspections per unit out", .fn = insp_visits_per_unit, .exact = 1.0 / 0.725, .tight = 0.01},
    };
    int failed = quality_checks(b, checks, sizeof checks / sizeof checks[0]);
    quality_done(b, m, failed);
}

/*
 * Inspection with rework at s2: a rejected unit goes back to s2 (its
 * defect repaired there), then through the inspection again, where as a
 * good unit it is falsely rejected with f each time. The first inspection
 * rejects q1 = d p + (1 - d) f = 0.275, every later one f = 0.05, so each
 * unit makes 1 + q1 / (1 - f) = 1.2894737 inspections, and as many
 * operations at s2. Nothing is scrapped; escapes d (1 - p) = 0.06; good
 * out 0.94, of which never reworked 1 - q1 - 0.06 = 0.665.
 *   first_pass_yield = 0.665 / 0.94 = 0.7074468
 *   defective out / units out = 0.06 / 0.94 = 0.0638298
 *   defect_rate = 0.3
 */
static void test_inspection_rework(void **state) {
    (void)state;
    mdl_model *m = inspection_line(MDL_REJECT_REWORK);
    mdl_batch *b = quality_batch(m);
    print_message("inspection d=0.3 p=0.8 f=0.05, reject = rework at s2\n");
    const double visits = 1.0 + 0.275 / 0.95;
    const quality_check checks[] = {
        {"first_pass_yield", MDL_KPI_FIRST_PASS_YIELD, NULL, 0.665 / 0.94, 0.03},
        {"defective out / units out", .fn = defective_out_share, .exact = 0.06 / 0.94, .tight = 0.03},
        {"defect_rate", MDL_KPI_DEFECT_RATE, NULL, 0.3, 0.03},
        {"inspections per unit out", .fn = insp_visits_per_unit, .exact = visits, .tight = 0.01},
        {"s2 operations per unit out", .fn = rework_visits_per_unit, .exact = visits, .tight = 0.01},
    };
    int failed = quality_checks(b, checks, sizeof checks / sizeof checks[0]);
    for (int r = 0; r < QUALITY_REPS; r++)
        assert_near(mdl_batch_rep(b, r)->kpi[MDL_KPI_SCRAP_RATE], 0.0, 0.0);
    quality_done(b, m, failed);
}

/*
 * Line OEE (docs/kpis.md): availability x performance of the bottleneck
 * station - the one with the largest busy + setup share - times the
 * line's quality, good units out / units finished or scrapped. Two
 * independent cells, constant times, horizon 601 min:
 *   press (2 min, unlimited supply of P): busy all 601 min, out at 2, 4,
 *     ..., 600: 300 good units, and the 301st half made at the end;
 *     availability 1, performance (300 x 2 + 1) / 601 = 1 (the ideal time
 *     of an operation counts for its part in the window: docs/kpis.md,
 *     OEE convention);
 *   drill (1 min, scrap 1: every unit scrapped): an order of 100 units of
 *     Q at 0, done at 1, ..., 100 min; busy 100 / 601.
 * The press is the bottleneck; line quality 300 / (300 + 100) = 0.75;
 * line OEE = 1 x 0.75. (Ideal bottleneck time of the good units over
 * scheduled time, an older definition, would give 600 / 601; counting
 * every unit's ideal time, 700 / 601 > 1.)
 */
static void test_line_oee(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    add_station(m, fx_station("press", sim_dist_const(2 * MIN)));
    mdl_station_spec s = fx_station("drill", sim_dist_const(1 * MIN));
    s.scrap = 1.0;
    add_station(m, s);
    const char *r1[] = {"press"}, *r2[] = {"drill"};
    assert_int_equal(mdl_model_add_product(m, "P", r1, 1, 0), 0);
    assert_int_equal(mdl_model_add_product(m, "Q", r2, 1, 0), 1);
    assert_true(mdl_model_add_unlimited(m, 0) >= 0);
    assert_true(mdl_model_add_order(m, "o1", 1, 100, 0.0, -1.0) >= 0);
    set_run(m, 0.0, 601 * MIN, 1);
    mdl_rep_result x = fx_run_rep(m, NULL, 0);
    assert_near(x.station[0][MDL_SKPI_STATE_BUSY], 1.0, 1e-12);
    assert_near(x.station[0][MDL_SKPI_AVAILABILITY], 1.0, 1e-12);
    assert_near(x.station[0][MDL_SKPI_PERFORMANCE], 1.0, 1e-12);
    assert_near(x.station[1][MDL_SKPI_STATE_BUSY], 100.0 / 601.0, 1e-12);
    assert_near(x.kpi[MDL_KPI_UNITS_OUT], 300.0, 0.0);
    assert_near(x.kpi[MDL_KPI_UNITS_SCRAPPED], 100.0, 0.0);
    assert_near(x.kpi[MDL_KPI_OEE], 0.75, 1e-12);
    fx_run_done(&x, NULL, m);
}

/* ---- trainer actions ------------------------------------------------------ */

/* The trainer tests' line: station s, an unlimited supply of "p", a
 * window of 1005 min; a new run of it. */
static mdl_run *trainer_run(mdl_model *m, mdl_station_spec s) {
    add_one_step(m, s);
    assert_true(mdl_model_add_unlimited(m, 0) >= 0);
    set_run(m, 0.0, 1005 * MIN, 1);
    mdl_run *r = mdl_run_new(m, NULL, 0);
    assert_non_null(r);
    return r;
}

/* The end of a trainer test: station 0 made `units` units, and all of
 * them left the line; frees the result, the run and the model. */
static void trainer_done(mdl_rep_result *x, mdl_run *r, mdl_model *m, double units) {
    assert_near(x->station[0][MDL_SKPI_UNITS_DONE], units, 0.0);
    assert_near(x->kpi[MDL_KPI_UNITS_OUT], units, 0.0);
    fx_run_done(x, r, m);
}

/*
 * Break and repair by hand: one machine, constant 10-min cycle, unlimited
 * supply, horizon 1005 min. Out at 10, 20, ..., 100; the unit started at
 * 100 is half done when the machine is broken at 105; repaired at 305 it
 * resumes and is out at 310, then 320, ..., 1000: 10 + 70 = 80 units.
 * Down 200 min, busy 805 min of 1005.
 */
static void test_trainer_break_repair(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_run *r = trainer_run(m, fx_station("m", sim_dist_const(10 * MIN)));
    assert_false(mdl_run_repair_station(r, 0));   /* nothing to repair */
    mdl_run_until(r, 105 * MIN);
    assert_near(mdl_run_server_progress(r, 0, 0), 0.5, 1e-9);
    assert_true(mdl_run_break_station(r, 0));
    assert_int_equal(mdl_run_server_state(r, 0, 0), MDL_STATE_DOWN);
    assert_false(mdl_run_break_station(r, 0));    /* already broken by hand */
    mdl_run_until(r, 305 * MIN);
    assert_int_equal(mdl_run_server_state(r, 0, 0), MDL_STATE_DOWN);
    assert_near(mdl_run_server_progress(r, 0, 0), 0.5, 1e-9);
    assert_true(mdl_run_repair_station(r, 0));
    assert_false(mdl_run_repair_station(r, 0));
    assert_int_equal(mdl_run_server_state(r, 0, 0), MDL_STATE_BUSY);
    mdl_rep_result x = fx_result_at_end(r, m);
    assert_near(x.station[0][MDL_SKPI_STATE_DOWN], 200.0 / 1005.0, 1e-9);
    assert_near(x.station[0][MDL_SKPI_STATE_BUSY], 805.0 / 1005.0, 1e-9);
    trainer_done(&x, r, m, 80.0);
}

/*
 * Servers by hand: two servers, constant 10-min cycle, unlimited supply,
 * horizon 1005 min. At 1 min one server is removed: it finishes its unit
 * (out at 10) and leaves; the other makes 10, 20, ..., 1000 (100 units).
 * At 500.5 min a second server is added and starts at once: out at 510.5,
 * ..., 1000.5 (50 units). Total 151.
 */
static void test_trainer_set_servers(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("m", sim_dist_const(10 * MIN));
    s.servers = 2;
    mdl_run *r = trainer_run(m, s);
    int max = mdl_run_max_servers(r, 0);
    assert_true(max >= 2);
    assert_int_equal(mdl_run_servers(r, 0), 2);
    assert_false(mdl_run_set_servers(r, 0, 0));
    assert_false(mdl_run_set_servers(r, 0, max + 1));
    assert_int_equal(mdl_run_servers(r, 0), 2);
    mdl_run_until(r, 1 * MIN);
    assert_true(mdl_run_set_servers(r, 0, 1));
    assert_int_equal(mdl_run_servers(r, 0), 1);
    mdl_run_until(r, 500.5 * MIN);
    assert_true(mdl_run_set_servers(r, 0, 2));
    assert_int_equal(mdl_run_servers(r, 0), 2);
    mdl_rep_result x = fx_result_at_end(r, m);
    trainer_done(&x, r, m, 151.0);
}

/* An operation that ends exactly at the end of a shift is done, not paused
 * with nothing left: const(100 s) cycles, unlimited supply, one shift of
 * one hour on Monday. 36 operations fit (the 36th ends at 3600 s), so 36
 * units leave in the week (the supply's next unit waits until next Monday). */
static void test_completion_at_shift_end(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int cal = mdl_model_add_calendar(m, "one-hour");
    assert_true(cal >= 0);
    assert_true(mdl_calendar_add_shift(m, cal, "early", 0.0, HOUR));
    assert_true(mdl_model_set_line_calendar(m, cal));
    add_one_step(m, fx_station("m", sim_dist_const(100.0)));
    assert_true(mdl_model_add_unlimited(m, 0) >= 0);
    set_run(m, 0.0, WEEK - 1.0, 1);
    mdl_rep_result res = fx_run_rep(m, NULL, 0);
    assert_int_equal((int)res.kpi[MDL_KPI_UNITS_OUT], 36);
    fx_run_done(&res, NULL, m);
}

/* A server taken out of service by the trainer stops failing: 2 servers
 * with calendar-time failures (exp mean 1000 s, repair const 10 s), one
 * removed at time 0. Over 2e5 s the remaining server fails about
 * 2e5 / 1010 = 198 times (Poisson-like, sd about 14); two servers would give
 * about 396. */
static void test_removed_server_does_not_fail(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("m", sim_dist_exp(50.0));
    s.servers = 2;
    s.has_failures = true;
    s.mtbf = sim_dist_exp(1000.0);
    s.mttr = sim_dist_const(10.0);
    add_one_step(m, s);
    assert_true(mdl_model_add_push(m, 0, sim_dist_exp(200.0), 0.0, 0) >= 0);
    set_run(m, 0.0, 2e5, 1);
    mdl_run *r = mdl_run_new(m, NULL, 0);
    assert_non_null(r);
    assert_true(mdl_run_set_servers(r, 0, 1));
    mdl_rep_result res = fx_result_at_end(r, m);
    double f = res.station[0][MDL_SKPI_FAILURES];
    assert_true(f > 198.0 - 5.0 * 14.0 && f < 198.0 + 5.0 * 14.0);
    fx_run_done(&res, r, m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_copies_input),
        cmocka_unit_test(test_bad_station),
        cmocka_unit_test(test_bad_product_and_release),
        cmocka_unit_test(test_bad_rework),
        cmocka_unit_test(test_same_seed_same_result),
        cmocka_unit_test(test_threads_bit_identical),
        cmocka_unit_test(test_summaries),
        cmocka_unit_test(test_independent_streams),
        cmocka_unit_test(test_shift_calendar),
        cmocka_unit_test(test_pause_resume),
        cmocka_unit_test(test_setups),
        cmocka_unit_test(test_orders),
        cmocka_unit_test(test_scrap_and_defects),
        cmocka_unit_test(test_inspection_scrap),
        cmocka_unit_test(test_inspection_rework),
        cmocka_unit_test(test_line_oee),
        cmocka_unit_test(test_trainer_break_repair),
        cmocka_unit_test(test_trainer_set_servers),
        cmocka_unit_test(test_completion_at_shift_end),
        cmocka_unit_test(test_removed_server_does_not_fail),
        CI_FAMILY_LAST_TEST(family),
)
