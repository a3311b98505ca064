/*
 * test_scenes.c - the scene loader: value syntax (durations, distributions,
 * times, weekdays, shares), building models, --set overrides, @include
 * layering, order files, and the diagnostics for every kind of mistake.
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mdl_model.h"
#include "scn_scene.h"

#include "test_tmpdir.h"
#include "test_scene_text.h"
#include "test_main.h"

/* ---- helpers -------------------------------------------------------------- */

static double dur(const char *s) {
    double v = -1;
    char err[256];
    if (!scn_parse_duration(s, &v, err, sizeof err)) {
        fprintf(stderr, "duration %s: %s\n", s, err);
        return -1;
    }
    return v;
}

static bool dur_fails(const char *s, const char *msg_part) {
    double v;
    char err[256] = "";
    if (scn_parse_duration(s, &v, err, sizeof err)) return false;
    if (msg_part && !strstr(err, msg_part)) {
        fprintf(stderr, "duration %s: message \"%s\" lacks \"%s\"\n", s, err, msg_part);
        return false;
    }
    return true;
}

static bool dist_fails(mdl_model *m, const char *s, const char *msg_part) {
    sim_dist d;
    char err[256] = "";
    if (scn_parse_dist(s, m, &d, err, sizeof err)) {
        fprintf(stderr, "distribution %s: accepted\n", s);
        return false;
    }
    if (msg_part && !strstr(err, msg_part)) {
        fprintf(stderr, "distribution %s: message \"%s\" lacks \"%s\"\n", s, err, msg_part);
        return false;
    }
    return true;
}

/* A minimal valid scene, to which tests add lines. */
static const char base_scene[] =
    "name = \"Test line\";\n"                                             /* 1 */
    "run = { horizon = \"2d\"; warmup = \"4h\"; replications = 3; seed = 9; };\n"
    "stations = (\n"                                                      /* 3 */
    "  { id = \"saw\"; cycle = \"lognormal(3min, 20s)\"; buffer = 10; },\n"
    "  { id = \"cnc\"; servers = 2; cycle = \"normal(6min, 30s)\"; },\n"  /* 5 */
    "  { id = \"inspect\"; kind = \"inspection\"; cycle = \"45s\"; detect = 0.9; }\n"
    ");\n"                                                                /* 7 */
    "products = ( { id = \"housing\"; route = [\"saw\", \"cnc\", \"inspect\"]; } );\n"
    "release = ( { product = \"housing\"; interarrival = \"exp(8min)\"; } );\n";

static mdl_model *load(const char *text, scn_diags *d) { return test_scene_load(text, strlen(text), NULL, 0, d); }

/* A scene that must load: its problems are printed when it does not. */
static mdl_model *load_ok(const char *text) { return test_scene_must_load(text, strlen(text), NULL, 0); }

static mdl_model *load_sets(const char *text, const char *const *sets, size_t n, scn_diags *d) {
    return test_scene_load(text, strlen(text), sets, n, d);
}

static void expect_problem(const char *text, const char *part) { test_expect_problem(text, strlen(text), part); }

static char *concat(const char *a, const char *b) {
    size_t n = strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    assert_non_null(s);
    snprintf(s, n, "%s%s", a, b);
    return s;
}

/* base_scene with `from` replaced by `to` (first occurrence). */
static char *edit(const char *from, const char *to) {
    const char *p = strstr(base_scene, from);
    assert_non_null(p);
    size_t n = strlen(base_scene) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);
    assert_non_null(s);
    snprintf(s, n, "%.*s%s%s", (int)(p - base_scene), base_scene, to, p + strlen(from));
    return s;
}

static void expect_edit_problem(const char *from, const char *to, const char *part) {
    char *s = edit(from, to);
    expect_problem(s, part);
    free(s);
}

static void expect_extra_problem(const char *extra, const char *part) {
    char *s = concat(base_scene, extra);
    expect_problem(s, part);
    free(s);
}

/* ---- value syntax ----------------------------------------------------------- */

static void test_durations(void **state) {
    (void)state;
    assert_float_equal(dur("45s"), 45, 1e-12);
    assert_float_equal(dur("3min"), 180, 1e-12);
    assert_float_equal(dur("1.5h"), 5400, 1e-9);
    assert_float_equal(dur("2d"), 172800, 1e-9);
    assert_float_equal(dur("1w"), 604800, 1e-9);
    assert_float_equal(dur("90"), 90, 1e-12);
    assert_float_equal(dur("2.5"), 2.5, 1e-12);
    assert_float_equal(dur("1h 30min"), 5400, 1e-9);
    assert_float_equal(dur("1h30min"), 5400, 1e-9);
    assert_float_equal(dur("250ms"), 0.25, 1e-12);
    assert_float_equal(dur(" 3 min "), 180, 1e-12);
    assert_float_equal(dur("2 hours"), 7200, 1e-9);
    assert_float_equal(dur("1e3s"), 1000, 1e-9);
    assert_float_equal(dur(".5h"), 1800, 1e-9);
    assert_float_equal(dur("0"), 0, 0);
    assert_true(dur_fails("fast", "expected a duration"));
    assert_true(dur_fails("", "expected a duration"));
    assert_true(dur_fails("-5min", "negative"));
    assert_true(dur_fails("5m", "write min"));
    assert_true(dur_fails("5 parsecs", "unknown unit 'parsecs'"));
    assert_true(dur_fails("1h 30", "needs a unit"));
    assert_true(dur_fails("30 1h", "needs a unit"));
    assert_true(dur_fails("1e400s", NULL));
    assert_true(dur_fails("inf", NULL));
    assert_true(dur_fails("nan", NULL));
    assert_true(dur_fails("0x10", NULL));
    assert_true(dur_fails("3min,", NULL));
}

/* Distributions that parse to a kind with a mean (within tol). */
static const struct {
    const char *text;
    sim_dist_kind kind;
    double mean, tol;
} parsed_dists[] = {
    {"exp(4min)", SIM_DIST_EXP, 240, 1e-9},
    {"lognormal(3min, 20s)", SIM_DIST_LOGNORMAL, 180, 1e-6},
    {"tri(2min, 3min, 5min)", SIM_DIST_TRI, 200, 1e-9},
    {"erlang(3, 12min)", SIM_DIST_ERLANG, 720, 1e-9},
    {"gamma(10min, 2min)", SIM_DIST_GAMMA, 600, 1e-6},
    {"uniform(1min, 2min)", SIM_DIST_UNIFORM, 90, 1e-9},
    {"const(45s)", SIM_DIST_CONST, 45, 1e-12},
    {"45s", SIM_DIST_CONST, 45, 1e-12},
    {"EXP( 1h )", SIM_DIST_EXP, 3600, 1e-9},
    {"exponential(2min)", SIM_DIST_EXP, 120, 1e-9},
    {"beta(2, 3, 1min, 6min)", SIM_DIST_BETA, 60 + 300 * 2.0 / 5.0, 1e-9},
};

static void test_distributions(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    sim_dist d;
    char err[256];
    for (size_t i = 0; i < sizeof parsed_dists / sizeof parsed_dists[0]; i++) {
        if (!scn_parse_dist(parsed_dists[i].text, m, &d, err, sizeof err)) fail_msg("%s: %s", parsed_dists[i].text, err);
        assert_int_equal(d.kind, parsed_dists[i].kind);
        assert_float_equal(sim_dist_mean(&d), parsed_dists[i].mean, parsed_dists[i].tol);
    }
    /* normal for durations is truncated at 0 */
    assert_true(scn_parse_dist("normal(6min, 30s)", m, &d, err, sizeof err));
    assert_int_equal(d.kind, SIM_DIST_TNORMAL);
    assert_float_equal(d.p[0], 360, 1e-9);
    assert_float_equal(d.p[1], 30, 1e-9);
    assert_true(scn_parse_dist("weibull(1.5, 10min)", m, &d, err, sizeof err));
    assert_int_equal(d.kind, SIM_DIST_WEIBULL);
    assert_float_equal(d.p[0], 1.5, 1e-12);
    assert_float_equal(d.p[1], 600, 1e-9);
    /* tables are copied into the model */
    assert_true(scn_parse_dist("discrete(1min: 1, 2min: 3)", m, &d, err, sizeof err));
    assert_int_equal(d.kind, SIM_DIST_DISCRETE);
    assert_int_equal(d.n, 2);
    assert_float_equal(d.x[0], 60, 0);
    assert_float_equal(d.cum[0], 0.25, 1e-12);
    assert_float_equal(d.cum[1], 1, 0);
    assert_float_equal(sim_dist_mean(&d), 60 * 0.25 + 120 * 0.75, 1e-9);
    assert_true(scn_parse_dist("empirical(1min: 0, 2min: 0.5, 4min: 1)", m, &d, err, sizeof err));
    assert_int_equal(d.kind, SIM_DIST_EMPIRICAL);
    assert_int_equal(d.n, 3);
    assert_float_equal(d.x[2], 240, 0);

    assert_true(dist_fails(m, "fast", "expected a distribution like exp(5min)"));
    assert_true(dist_fails(m, "exp(-4min)", "negative"));
    assert_true(dist_fails(m, "exp(4min", "closing ')'"));
    assert_true(dist_fails(m, "exp 4min", "expected '(' after 'exp'"));
    assert_true(dist_fails(m, "lognormall(3min, 20s)", "did you mean 'lognormal'"));
    assert_true(dist_fails(m, "normal(6min)", "normal takes 2 arguments"));
    assert_true(dist_fails(m, "erlang(2.5, 1min)", "whole number"));
    assert_true(dist_fails(m, "weibull(1.5min, 10min)", "plain number"));
    assert_true(dist_fails(m, "uniform(-1min, 2min)", "negative"));
    assert_true(dist_fails(m, "tri(5min, 3min, 2min)", NULL));
    assert_true(dist_fails(m, "lognormal(3min, -20s)", "negative"));
    assert_true(dist_fails(m, "discrete(1min: -1, 2min: 1)", "weights"));
    assert_true(dist_fails(m, "discrete(1min 1)", "value: weight"));
    assert_true(dist_fails(m, "empirical(1min: 0.2, 2min: 1)", NULL));
    assert_true(dist_fails(NULL, "discrete(1min: 1)", "table"));
    assert_true(dist_fails(m, "exp(4min) x", NULL));
    assert_true(dist_fails(m, "exp((4min))", "unexpected '('"));
    assert_true(dist_fails(m, "exp()", "takes 1 argument"));
    mdl_model_free(m);
}

static void test_times_and_days(void **state) {
    (void)state;
    double t;
    char err[256];
    assert_true(scn_parse_clock("06:00", &t, err, sizeof err));
    assert_float_equal(t, 21600, 0);
    assert_true(scn_parse_clock("6:30", &t, err, sizeof err));
    assert_float_equal(t, 23400, 0);
    assert_true(scn_parse_clock("22:15:30", &t, err, sizeof err));
    assert_float_equal(t, 22 * 3600 + 15 * 60 + 30, 0);
    assert_true(scn_parse_clock("24:00", &t, err, sizeof err));
    assert_float_equal(t, 86400, 0);
    assert_false(scn_parse_clock("25:00", &t, err, sizeof err));
    assert_false(scn_parse_clock("24:01", &t, err, sizeof err));
    assert_false(scn_parse_clock("6:60", &t, err, sizeof err));
    assert_false(scn_parse_clock("6", &t, err, sizeof err));
    assert_false(scn_parse_clock("6am", &t, err, sizeof err));
    assert_non_null(strstr(err, "expected a time of day"));
    assert_false(scn_parse_clock("06:00pm", &t, err, sizeof err));
    assert_false(scn_parse_clock("6:5", &t, err, sizeof err));

    int day = -1;
    assert_true(scn_parse_weekday("mon", &day));
    assert_int_equal(day, 0);
    assert_true(scn_parse_weekday("Sunday", &day));
    assert_int_equal(day, 6);
    assert_true(scn_parse_weekday("thu", &day));
    assert_int_equal(day, 3);
    assert_true(scn_parse_weekday("TU", &day));
    assert_int_equal(day, 1);
    assert_false(scn_parse_weekday("m", &day));
    assert_false(scn_parse_weekday("xyz", &day));
    assert_false(scn_parse_weekday("mondays", &day));

    static const struct {
        const char *text;
        unsigned mask; /* bit 0 monday */
    } weekdays[] = {{"mon-fri", 0x1f}, {"fri-mon", 0x71}, {"sat", 0x20},
                    {"weekend", 0x60}, {"daily", 0x7f},   {"tue - thu", 0x0e}};
    unsigned mask = 0;
    for (size_t i = 0; i < sizeof weekdays / sizeof weekdays[0]; i++) {
        assert_true(scn_parse_weekdays(weekdays[i].text, &mask, err, sizeof err));
        assert_int_equal(mask, weekdays[i].mask);
    }
    assert_false(scn_parse_weekdays("mon-fry", &mask, err, sizeof err));
    assert_non_null(strstr(err, "mon-fry"));

    assert_true(scn_parse_time_of_week("tue 06:00", &t, err, sizeof err));
    assert_float_equal(t, 86400 + 21600, 0);
    assert_true(scn_parse_time_of_week("sun", &t, err, sizeof err));
    assert_float_equal(t, 6 * 86400, 0);
    assert_false(scn_parse_time_of_week("06:00", &t, err, sizeof err));
    assert_false(scn_parse_time_of_week("tue 25:00", &t, err, sizeof err));

    double s;
    assert_true(scn_parse_share("2%", &s, err, sizeof err));
    assert_float_equal(s, 0.02, 1e-15);
    assert_true(scn_parse_share("2.5 %", &s, err, sizeof err));
    assert_float_equal(s, 0.025, 1e-15);
    assert_true(scn_parse_share("0.5", &s, err, sizeof err));
    assert_float_equal(s, 0.5, 0);
    assert_false(scn_parse_share("150%", &s, err, sizeof err));
    assert_false(scn_parse_share("-1%", &s, err, sizeof err));
    assert_false(scn_parse_share("abc", &s, err, sizeof err));

    char buf[64];
    scn_format_duration(45, buf, sizeof buf);
    assert_string_equal(buf, "45s");
    scn_format_duration(5400, buf, sizeof buf);
    assert_string_equal(buf, "1h 30min");
    scn_format_duration(4 * 86400 + 16 * 3600, buf, sizeof buf);
    assert_string_equal(buf, "4d 16h");
    scn_format_duration(3 * 604800, buf, sizeof buf);
    assert_string_equal(buf, "3w");
    scn_format_duration(0.5, buf, sizeof buf);
    assert_string_equal(buf, "0.5s");
}

static void test_closest(void **state) {
    (void)state;
    static const char *const keys[] = {"mtbf", "mttr", "servers", "cycle", "cnc_op10"};
    assert_int_equal(scn_closest("mtfb", keys, 5), 0);       /* a swap counts once */
    assert_int_equal(scn_closest("srvers", keys, 5), 2);
    assert_int_equal(scn_closest("Cycle", keys, 5), 3);
    assert_int_equal(scn_closest("cnc", keys, 5), 4);        /* start of a name */
    assert_int_equal(scn_closest("xyz", keys, 5), -1);
    assert_int_equal(scn_closest("", keys, 5), -1);
}

/* ---- building models ------------------------------------------------------------ */

static void test_load_scene(void **state) {
    (void)state;
    scn_diags *d = scn_diags_new();
    mdl_model *m = load(base_scene, d);
    if (!m) scn_diags_print(d, stderr);
    assert_non_null(m);
    assert_int_equal(scn_diags_count(d), 0);
    assert_string_equal(mdl_model_name(m), "Test line");
    assert_int_equal(mdl_model_station_count(m), 3);
    assert_int_equal(mdl_model_product_count(m), 1);
    assert_int_equal(mdl_model_release_count(m), 1);
    const mdl_run_settings *rs = mdl_model_run(m);
    assert_float_equal(rs->horizon, 172800, 0);
    assert_float_equal(rs->warmup, 14400, 0);
    assert_int_equal(rs->replications, 3);
    assert_int_equal(rs->seed, 9);
    int cnc = mdl_model_find_station(m, "cnc");
    assert_int_equal(cnc, 1);
    const mdl_station_spec *sp = mdl_model_station(m, cnc);
    assert_int_equal(sp->servers, 2);
    assert_true(sp->buffer < 0);   /* unlimited by default */
    assert_int_equal(sp->cycle.kind, SIM_DIST_TNORMAL);
    assert_int_equal(sp->source_line, 5);
    const mdl_station_spec *saw = mdl_model_station(m, 0);
    assert_int_equal(saw->buffer, 10);
    const mdl_station_spec *insp = mdl_model_station(m, 2);
    assert_int_equal(insp->kind, MDL_STATION_INSPECTION);
    assert_float_equal(insp->detect, 0.9, 0);
    assert_int_equal(mdl_model_route_length(m, 0), 3);
    assert_int_equal(mdl_model_route_station(m, 0, 2), 2);
    mdl_model_free(m);
    scn_diags_free(d);
}

static void test_station_details(void **state) {
    (void)state;
    const char *text =
        "stations = (\n"
        "  { id = \"saw\"; cycle = \"2min\"; at = [4, 6.5]; size = [5.0, 3.0];\n"
        "    mtbf = \"exp(6h)\"; mttr = \"exp(25min)\"; failure_clock = \"operating\";\n"
        "    scrap = \"1%\"; defect = 0.02; operators = 2; dispatch = \"edd\"; buffer = \"unlimited\";\n"
        "    power = { off = 0.5; idle = 1.5; busy = 7.5; down = 0.3; }; standby_after = \"5min\"; },\n"
        "  { id = \"check\"; kind = \"inspection\"; cycle = 30; detect = \"95%\"; false_reject = 0.01;\n"
        "    reject = \"rework:saw\"; power = { idle = 1.0; busy = 2.0; setup = 3.0; blocked = 0.5; standby = 0.2; }; }\n"
        ");\n"
        "products = ( { id = \"p\"; route = [\"saw\", \"check\"]; priority = 2;\n"
        "               cycle = { saw = \"tri(1min, 2min, 4min)\"; }; setup = { saw = \"10min\"; }; } );\n"
        "release = ( { product = \"p\"; conwip = 4; } );\n"
        "costs = { energy_per_kwh = 0.2; labor_per_hour = 40; material_per_unit = 12.5; scrap_per_unit = 3;\n"
        "          overhead_per_hour = 50; repair_per_hour = 90; };\n"
        "targets = { productivity = \"+25%\"; cost_per_unit = -0.2; };\n"
        "investment = { capex = 250000; years = 6; };\n";
    mdl_model *m = load_ok(text);
    const mdl_station_spec *s = mdl_model_station(m, 0);
    assert_float_equal(s->x, 4, 0);
    assert_float_equal(s->y, 6.5, 0);
    assert_float_equal(s->w, 5, 0);
    assert_true(s->has_failures);
    assert_int_equal(s->failure_clock, MDL_FAIL_OPERATING);
    assert_float_equal(s->scrap, 0.01, 1e-15);
    assert_int_equal(s->operators, 2);
    assert_int_equal(s->dispatch, MDL_DISPATCH_EDD);
    assert_float_equal(s->standby_after, 300, 0);
    assert_float_equal(s->power[MDL_STATE_OFF], 0.5, 0);
    assert_float_equal(s->power[MDL_STATE_BUSY], 7.5, 0);
    /* defaults: setup as busy, blocked and standby as idle */
    assert_float_equal(s->power[MDL_STATE_SETUP], 7.5, 0);
    assert_float_equal(s->power[MDL_STATE_BLOCKED], 1.5, 0);
    assert_float_equal(s->power[MDL_STATE_STANDBY], 1.5, 0);
    const mdl_station_spec *c = mdl_model_station(m, 1);
    assert_float_equal(c->detect, 0.95, 1e-15);
    assert_int_equal(c->reject, MDL_REJECT_REWORK);
    assert_string_equal(c->rework_to, "saw");
    assert_float_equal(c->power[MDL_STATE_SETUP], 3.0, 0);
    assert_float_equal(c->power[MDL_STATE_STANDBY], 0.2, 0);
    assert_float_equal(mdl_model_mean_cycle(m, 0, 0), 140, 1e-9);   /* the product's tri() */
    assert_float_equal(mdl_model_mean_cycle(m, 0, 1), 30, 1e-9);
    const mdl_costs *k = mdl_model_costs(m);
    assert_float_equal(k->material_per_unit, 12.5, 0);
    assert_float_equal(k->repair_per_hour, 90, 0);
    const mdl_targets *t = mdl_model_targets(m);
    assert_float_equal(t->productivity, 0.25, 1e-15);
    assert_float_equal(t->cost_per_unit, -0.2, 1e-15);
    assert_float_equal(t->defect_rate, -0.20, 1e-15);   /* default kept */
    double capex, years;
    assert_true(mdl_model_investment(m, &capex, &years));
    assert_float_equal(capex, 250000, 0);
    assert_float_equal(years, 6, 0);
    mdl_model_free(m);
}

static void test_calendar(void **state) {
    (void)state;
    char *text = concat(base_scene,
        "shifts = { calendars = (\n"
        "  { id = \"two-shift\"; days = [\"mon-fri\"];\n"
        "    shifts = ( { name = \"early\"; from = \"06:00\"; to = \"14:00\"; },\n"
        "               { name = \"late\"; from = \"14:00\"; to = \"22:00\"; } );\n"
        "    breaks = ( { from = \"09:00\"; to = \"09:15\"; } ); },\n"
        "  { id = \"nights\"; days = \"fri\";\n"
        "    shifts = ( { name = \"night\"; from = \"22:00\"; to = \"06:00\"; } );\n"
        "    breaks = ( { from = \"02:00\"; to = \"02:30\"; } ); } );\n"
        "  line = \"two-shift\"; };\n");
    mdl_model *m = load_ok(text);
    assert_int_equal(mdl_model_calendar_count(m), 2);
    int c = mdl_model_find_calendar(m, "two-shift");
    assert_int_equal(c, 0);
    const double H = 3600, D = 86400;
    assert_false(mdl_model_calendar_on(m, c, 5 * H));          /* mon 05:00 */
    assert_true(mdl_model_calendar_on(m, c, 6.5 * H));         /* mon 06:30 */
    assert_false(mdl_model_calendar_on(m, c, 9 * H + 300));    /* mon 09:05, break */
    assert_true(mdl_model_calendar_on(m, c, 21 * H));          /* mon 21:00 */
    assert_false(mdl_model_calendar_on(m, c, 23 * H));
    assert_false(mdl_model_calendar_on(m, c, 5 * D + 10 * H)); /* sat */
    assert_string_equal(mdl_model_shift_name(m, c, D + 15 * H), "late");
    int n = mdl_model_find_calendar(m, "nights");
    assert_true(mdl_model_calendar_on(m, n, 4 * D + 23 * H));    /* fri 23:00 */
    assert_true(mdl_model_calendar_on(m, n, 5 * D + 1 * H));     /* sat 01:00: over midnight */
    assert_false(mdl_model_calendar_on(m, n, 5 * D + 2.25 * H)); /* sat 02:15: the break */
    assert_false(mdl_model_calendar_on(m, n, 5 * D + 7 * H));
    assert_false(mdl_model_calendar_on(m, n, 3 * D + 23 * H));   /* thu night: off */
    mdl_model_free(m);
    free(text);
}

static void test_orders_inline(void **state) {
    (void)state;
    char *text = edit("release = ( { product = \"housing\"; interarrival = \"exp(8min)\"; } );",
                      "release = ( { orders = (\n"
                      "  { id = \"A-1\"; product = \"housing\"; quantity = 20; release = \"mon 06:00\"; due = \"wed 14:00\"; },\n"
                      "  { id = \"A-2\"; product = \"housing\"; quantity = 5; release = \"2h\"; } ); } );");
    mdl_model *m = load_ok(text);
    assert_int_equal(mdl_model_order_count(m), 2);
    mdl_model_free(m);
    free(text);
    expect_edit_problem("release = ( { product = \"housing\"; interarrival = \"exp(8min)\"; } );",
                        "release = ( { orders = (\n"
                        "  { id = \"A-1\"; product = \"housing\"; quantity = 0; release = \"1h\"; } ); } );",
                        "t.cfg:10: order 'A-1': quantity: must be between 1 and 100000000, got 0");
}

/* ---- --set ------------------------------------------------------------------------- */

static void test_set_overrides(void **state) {
    (void)state;
    const char *sets[] = {"stations.cnc.servers=3", "run.seed=7", "stations.saw.cycle=exp(2min)",
                          "stations.saw.at=[1.5, 2]", "stations.inspect.mtbf=exp(8h)",
                          "stations.inspect.mttr=\"exp(30min)\"", "run.replications=5", "name=Other line",
                          "stations.1.buffer=4"};
    scn_diags *d = scn_diags_new();
    mdl_model *m = load_sets(base_scene, sets, sizeof sets / sizeof sets[0], d);
    if (!m) scn_diags_print(d, stderr);
    assert_non_null(m);
    assert_int_equal(mdl_model_station(m, 1)->servers, 3);
    assert_int_equal(mdl_model_station(m, 1)->buffer, 4);
    assert_int_equal(mdl_model_run(m)->seed, 7);
    assert_int_equal(mdl_model_run(m)->replications, 5);
    assert_int_equal(mdl_model_station(m, 0)->cycle.kind, SIM_DIST_EXP);
    assert_float_equal(mdl_model_station(m, 0)->x, 1.5, 0);
    assert_float_equal(mdl_model_station(m, 0)->y, 2, 0);
    assert_true(mdl_model_station(m, 2)->has_failures);
    assert_string_equal(mdl_model_name(m), "Other line");
    mdl_model_free(m);

    /* Problems: each names --set and its position. */
    struct { const char *set; const char *msg; } bad[] = {
        {"stations.cnx.servers=3", "--set:1: stations.cnx.servers: 'stations' has no entry with id 'cnx' (did you mean 'cnc'?)"},
        {"stations.cnc.servers=0", "--set:1: station 'cnc': servers: must be between 1 and 1000, got 0"},
        {"stations.cnc.srvers=2", "--set:1: station 'cnc': unknown key 'srvers' (did you mean 'servers'?)"},
        {"stations.cnc=2", "--set:1: stations.cnc: 'cnc' is an entry of a list"},
        {"run=2", "--set:1: run: 'run' is a group"},
        {"run.seed.x=2", "--set:1: run.seed.x: 'run.seed' is a single value; it has no key 'x'"},
        {"stations.9.servers=2", "--set:1: stations.9.servers: 'stations' has 3 entries; there is no entry 9"},
        {"products.housing.route.5=saw", "--set:1: products.housing.route.5: 'products.housing.route' is an array of 3 values; '5' is not one of its indexes"},
        {"run.seed=99999999999999999999", "--set:1: run.seed: 99999999999999999999 is out of range"},
        {"noequals", "--set:1: expected PATH=VALUE"},
        {"stations.cnc.cycle=fast", "--set:1: station 'cnc': cycle: expected a distribution like exp(5min)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        scn_diags_clear(d);
        const char *one[] = {bad[i].set};
        m = load_sets(base_scene, one, 1, d);
        assert_null(m);
        assert_true(test_has_diag(d, bad[i].msg));
    }
    /* The second of two --set is numbered 2. */
    scn_diags_clear(d);
    const char *two[] = {"run.seed=3", "stations.cnc.servers=-1"};
    assert_null(load_sets(base_scene, two, 2, d));
    assert_true(test_has_diag(d, "--set:2: station 'cnc': servers"));
    char err[200];
    assert_true(scn_check_set("a.b=1", err, sizeof err));
    assert_false(scn_check_set("a..b=1", err, sizeof err));
    assert_false(scn_check_set("=1", err, sizeof err));
    assert_false(scn_check_set("ab", err, sizeof err));
    scn_diags_free(d);
}

/* ---- files: @include and order CSVs ------------------------------------------------ */

static void write_file(const char *name, const char *text) { tmpdir_write(name, text, strlen(text)); }

/* tmpdir with a folder sub/ for the included scenes. */
static int setup_dir(void **state) {
    if (tmpdir_setup(state) != 0) return -1;
    char sub[300];
    return mkdir(tmpdir_path(sub, sizeof sub, "sub"), 0777) == 0 ? 0 : -1;
}

static mdl_model *load_path(const char *name, scn_diags *d) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return scn_load_file(path, NULL, 0, d);
}

static void test_include_layers(void **state) {
    (void)state;
    write_file("sub/base.cfg", base_scene);
    write_file("over.cfg",
               "# a retrofit\n"
               "@include \"sub/base.cfg\"\n"
               "name = \"Retrofit\";\n"
               "stations = (\n"
               "  { id = \"cnc\"; cycle = \"const(5min)\"; },\n"
               "  { id = \"vision\"; kind = \"inspection\"; cycle = \"40s\"; detect = 0.98; },\n"
               "  { id = \"inspect\"; remove = true; }\n"
               ");\n"
               "products = ( { id = \"housing\"; route = [\"saw\", \"cnc\", \"vision\"]; } );\n");
    scn_diags *d = scn_diags_new();
    mdl_model *m = load_path("over.cfg", d);
    if (!m) scn_diags_print(d, stderr);
    assert_non_null(m);
    assert_string_equal(mdl_model_name(m), "Retrofit");
    assert_int_equal(mdl_model_station_count(m), 3);
    /* vision goes after cnc, where the retrofit lists it; inspect is gone */
    assert_string_equal(mdl_model_station(m, 0)->id, "saw");
    assert_string_equal(mdl_model_station(m, 1)->id, "cnc");
    assert_string_equal(mdl_model_station(m, 2)->id, "vision");
    assert_int_equal(mdl_model_find_station(m, "inspect"), -1);
    /* cnc keeps its servers from the base, takes the new cycle */
    assert_int_equal(mdl_model_station(m, 1)->servers, 2);
    assert_int_equal(mdl_model_station(m, 1)->cycle.kind, SIM_DIST_CONST);
    assert_int_equal(mdl_model_run(m)->seed, 9);
    mdl_model_free(m);

    /* A problem in the base is reported against the base file and line. */
    scn_diags_clear(d);
    char *bad = edit("servers = 2;", "servers = 0;");
    write_file("sub/base.cfg", bad);
    free(bad);
    assert_null(load_path("over.cfg", d));
    char want[600];
    snprintf(want, sizeof want, "%s/sub/base.cfg:5: station 'cnc': servers: must be between 1 and 1000, got 0", tmpdir);
    assert_true(test_has_diag(d, want));

    /* A syntax error in the included file names that file. */
    scn_diags_clear(d);
    write_file("sub/base.cfg", "name = \"x\";\nstations = ( { id = \"a\" } { id = \"b\" } );\n");
    assert_null(load_path("over.cfg", d));
    snprintf(want, sizeof want, "%s/sub/base.cfg:2: syntax error: expected ',' or ')' in the list", tmpdir);
    assert_true(test_has_diag(d, want));

    /* A missing include is reported at the @include line of the includer. */
    scn_diags_clear(d);
    write_file("miss.cfg", "name = \"x\";\n\n@include \"nothere.cfg\"\n");
    assert_null(load_path("miss.cfg", d));
    snprintf(want, sizeof want, "%s/miss.cfg:3: @include \"nothere.cfg\": cannot open %s/nothere.cfg: No such file",
             tmpdir, tmpdir);
    assert_true(test_has_diag(d, want));

    /* Loops are found. */
    scn_diags_clear(d);
    write_file("loop_a.cfg", "@include \"loop_b.cfg\"\n");
    write_file("loop_b.cfg", "name = \"b\";\n@include \"loop_a.cfg\"\n");
    assert_null(load_path("loop_a.cfg", d));
    assert_true(test_has_diag(d, "loop_b.cfg:2: @include \"loop_a.cfg\": include loop:"));

    /* A buffer without an include directory refuses @include. */
    scn_diags_clear(d);
    assert_null(load("@include \"x.cfg\"\n", d));
    assert_true(test_has_diag(d, "t.cfg:1: @include \"x.cfg\": @include is not available"));
    scn_diags_free(d);
}

static void test_orders_csv(void **state) {
    (void)state;
    write_file("orders.csv",
               "# order book, week 12\n"
               "id,product,quantity,release,due\n"
               "A-1,housing,20,mon 06:00,wed 14:00\n"
               "A-2,housing,10,4h,\n"
               "\"A-3\",housing,5,1d,2d\n");
    char *text = edit("release = ( { product = \"housing\"; interarrival = \"exp(8min)\"; } );",
                      "release = ( { orders = \"orders.csv\"; } );");
    write_file("orders.cfg", text);
    scn_diags *d = scn_diags_new();
    mdl_model *m = load_path("orders.cfg", d);
    if (!m) scn_diags_print(d, stderr);
    assert_non_null(m);
    assert_int_equal(mdl_model_order_count(m), 3);
    mdl_model_free(m);

    scn_diags_clear(d);
    write_file("orders.csv",
               "id;product;qty;release\n"
               "A-1;housing;20;mon 06:00\n");
    assert_null(load_path("orders.cfg", d));
    char want[600];
    snprintf(want, sizeof want, "%s/orders.csv:1: orders: header: no column 'qty'", tmpdir);
    assert_true(test_has_diag(d, want));

    scn_diags_clear(d);
    write_file("orders.csv",
               "id,product,quantity,release,due\n"
               "A-1,housing,20,mon 06:00,wed 14:00\n"
               "A-2,hosing,ten,later,\n");
    assert_null(load_path("orders.cfg", d));
    snprintf(want, sizeof want, "%s/orders.csv:3: order 'A-2': product: no product 'hosing' (did you mean 'housing'?)", tmpdir);
    assert_true(test_has_diag(d, want));
    snprintf(want, sizeof want, "%s/orders.csv:3: order 'A-2': quantity: expected a whole number", tmpdir);
    assert_true(test_has_diag(d, want));
    snprintf(want, sizeof want, "%s/orders.csv:3: order 'A-2': release: expected a time like \"2h\"", tmpdir);
    assert_true(test_has_diag(d, want));
    scn_diags_free(d);
    free(text);
}

/* ---- diagnostics ------------------------------------------------------------------ */

static void test_syntax_diagnostics(void **state) {
    (void)state;
    /* a missing ',' between list entries: reported at the end of the line before */
    expect_problem("stations = (\n  { id = \"a\"; }\n  { id = \"b\"; }\n);\n",
                   "t.cfg:2: syntax error: expected ',' or ')' in the list at the end of this line, found '{' on line 3");
    expect_problem("run = { horizon = ; };\n", "t.cfg:1: syntax error: expected a value after 'horizon =', found ';'");
    expect_problem("run = {\n  horizon = \"5d\";\n", "t.cfg:2: syntax error: expected '}' to close the group opened on line 1");
    expect_problem("name = \"abc;\nrun = { horizon = \"5d\"; };\n",
                   "t.cfg:2: syntax error: expected a key name, found the number 5 (the string opened on line 1 runs over several lines");
    expect_problem("a = 1;\nname = \"x\";\nname = \"y\";\n", "t.cfg:3: syntax error: duplicate key 'name' (already set on line 2)");
    expect_problem("at = [1, 2,];\n", "trailing comma");
    expect_problem("route = [\"saw\", 3];\n", "t.cfg:1: syntax error: array elements must all be of one type");
    expect_problem("servers = 'two';\n", "t.cfg:1: syntax error: unexpected character '''");
    expect_problem("}\n", "t.cfg:1: syntax error: expected a key name (this closing bracket has no opening one)");
    expect_problem("a = [ (1) ];\n", "an array [ ] holds numbers, strings or booleans");
    expect_problem("x = \x01;\n", "unexpected byte 0x01");
    expect_problem("x = 1;\n\n@oops\n", "t.cfg:3: syntax error: unexpected character '@'");
    expect_problem("g = {\n  @include \"x.cfg\"\n};\n", "t.cfg:2: @include: @include is only allowed at the top level");
    /* libconfig 1.5 wraps 5000000000 silently: we refuse it */
    expect_extra_problem("investment = { capex = 5000000000; years = 5; };\n",
                         "t.cfg:10: number: 5000000000 does not fit in a 32-bit integer");
    expect_extra_problem("investment = { capex = 99999999999999999999L; years = 5; };\n",
                         "t.cfg:10: number: 99999999999999999999 is out of range for a 64-bit integer");
    /* a comment in the last line without a newline is fine (libconfig 1.5 chokes) */
    char *s = concat(base_scene, "# last line without newline");
    mdl_model *m = load_ok(s);
    mdl_model_free(m);
    free(s);
    /* integers next to fractions in an array are fine too */
    s = edit("buffer = 10;", "buffer = 10; at = [4, 6.5];");
    m = load_ok(s);
    assert_float_equal(mdl_model_station(m, 0)->x, 4, 0);
    mdl_model_free(m);
    free(s);
    /* empty and binary */
    scn_diags *d = scn_diags_new();
    assert_null(load("", d));
    assert_true(test_has_diag(d, "t.cfg:1: scene: the scene is empty"));
    scn_diags_clear(d);
    assert_null(scn_load_buffer("b.cfg", "a = 1;\n\n\0\x01\x02", 10, NULL, NULL, 0, d));
    assert_true(test_has_diag(d, "b.cfg:3: scene: binary data (a NUL byte at offset 8)"));
    scn_diags_free(d);
}

/* Scenes refused for what they mean: base_scene with one edit, or with
 * extra lines, and a part of the problem each must report. */
static const struct { const char *from, *to, *part; } meaning_edits[] = {
    {"buffer = 10;", "buffer = 10; mtfb = \"exp(6h)\";", "t.cfg:4: station 'saw': unknown key 'mtfb' (did you mean 'mtbf'?)"},
    {"servers = 2;", "servers = \"two\";", "t.cfg:5: station 'cnc': servers: expected a whole number, got \"two\""},
    {"servers = 2;", "servers = 2.5;", "t.cfg:5: station 'cnc': servers: expected a whole number, got 2.5"},
    {"cycle = \"normal(6min, 30s)\"", "cycle = \"fast\"", "t.cfg:5: station 'cnc': cycle: expected a distribution like exp(5min) or normal(6min, 30s), got \"fast\""},
    {"cycle = \"normal(6min, 30s)\"", "cycle = \"const(0)\"", "t.cfg:5: station 'cnc': cycle: the mean must be greater than 0"},
    {"buffer = 10;", "buffer = 10; mtbf = \"exp(6h)\"; mttr = \"-20min\";", "t.cfg:4: station 'saw': mttr: durations must not be negative, got \"-20min\""},
    {"buffer = 10;", "buffer = 10; scrap = 1.5;", "t.cfg:4: station 'saw': scrap: a share must be between 0 and 1"},
    {"buffer = 10;", "buffer = 10; defect = \"150%\";", "t.cfg:4: station 'saw': defect: a share must be between 0 and 1"},
    {"buffer = 10;", "buffer = -1;", "t.cfg:4: station 'saw': buffer: must be between 0 and 1000000000, got -1"},
    {"[\"saw\", \"cnc\", \"inspect\"]", "[\"saw\", \"cnc3\", \"inspect\"]", "t.cfg:8: product 'housing': route: no station 'cnc3' (did you mean 'cnc'?)"},
    {"{ id = \"inspect\";", "{ id = \"cnc\";", "t.cfg:6: station 'cnc': id: duplicate: station 'cnc' is already defined at t.cfg:5"},
    {"product = \"housing\"; interarrival", "product = \"housng\"; interarrival", "t.cfg:9: release #1: product: no product 'housng' (did you mean 'housing'?)"},
    {"detect = 0.9;", "", "t.cfg:6: station 'inspect': an inspection station needs 'detect'"},
    {"detect = 0.9;", "detect = 0.9; reject = \"rework:cn\";", "t.cfg:6: station 'inspect': reject: no station 'cn' (did you mean 'cnc'?)"},
    {"detect = 0.9;", "detect = 0.9; reject = \"bin\";", "reject: expected \"scrap\" or \"rework:STATION\""},
    {"servers = 2;", "servers = 2; detect = 0.5;", "t.cfg:5: station 'cnc': detect: only for inspection stations"},
    {"servers = 2;", "servers = 2; kind = \"machin\";", "kind: no station kind 'machin' (did you mean 'machine'?)"},
    {"servers = 2;", "servers = 2; calendar = \"nights\";", "t.cfg:5: station 'cnc': calendar: no calendar 'nights' (the scene defines no calendar)"},
    {"buffer = 10;", "buffer = 10; mtbf = \"exp(6h)\";", "mtbf: breakdowns also need 'mttr'"},
    {"horizon = \"2d\"; warmup = \"4h\";", "horizon = \"2d\"; warmup = \"3d\";", "t.cfg:2: run: warmup (3d) must be shorter than the horizon (2d)"},
    {"replications = 3;", "replications = 0;", "t.cfg:2: run: replications: must be between 1 and 100000, got 0"},
    {"interarrival = \"exp(8min)\";", "interarrival = \"exp(8min)\"; conwip = 3;", "give only one of interarrival, conwip, unlimited and orders"},
    {"interarrival = \"exp(8min)\";", "", "say how units are released"},
    {"cycle = \"45s\";", "", "t.cfg:8: product 'housing': route: station 'inspect' has no cycle time for this product"},
    {"stations = (", "stations = {", "t.cfg:4: syntax error: expected a key name or '}', found '{'"},
    {"{ id = \"saw\";", "{ name = \"saw\";", "t.cfg:4: station #1: missing 'id'"},
    {"{ id = \"saw\";", "{ id = \"the saw\";", "t.cfg:4: station #1: id: \"the saw\" may not contain spaces"},
};

static const struct { const char *extra, *part; } meaning_extras[] = {
    {"stattions = 3;\n", "t.cfg:10: scene: unknown key 'stattions' (did you mean 'stations'?)"},
    {"costs = { energy_per_kwh = \"cheap\"; };\n", "t.cfg:10: costs: energy_per_kwh: expected a number, got \"cheap\""},
    {"costs = { labour_per_hour = 40; };\n", "unknown key 'labour_per_hour' (did you mean 'labor_per_hour'?)"},
    {"targets = { productivity = \"lots\"; };\n", "targets: productivity: expected a relative change"},
    {"investment = { capex = 1000.0; years = 0; };\n", "investment: years: must be greater than 0"},
    {"shifts = { calendars = ( { id = \"c\"; shifts = ( { from = \"6am\"; to = \"14:00\"; } ); } ); };\n", "t.cfg:10: calendar 'c': from: expected a time of day like \"06:00\" or \"22:30\", got \"6am\""},
    {"shifts = { calendars = ( { id = \"c\"; days = [\"mon-fry\"]; shifts = ( { from = \"06:00\"; to = \"14:00\"; } ); } ); };\n", "calendar 'c': days: expected a weekday"},
    {"shifts = { calendars = ( { id = \"c\"; shifts = ( { name = \"a\"; from = \"06:00\"; to = \"14:00\"; },\n"
     "  { name = \"b\"; from = \"13:00\"; to = \"20:00\"; } ); } ); };\n", "calendar 'c': shift 'b' overlaps shift 'a' on mon"},
    {"shifts = { calendars = ( { id = \"c\"; shifts = ( { from = \"06:00\"; to = \"14:00\"; } );\n"
     "  breaks = ( { from = \"15:00\"; to = \"15:15\"; } ); } ); };\n", "t.cfg:11: calendar 'c': break 15:00-15:15 lies outside every shift of the calendar"},
    {"shifts = { line = \"two-shift\"; };\n", "t.cfg:10: shifts: line: no calendar 'two-shift'"},
    {"release = 3;\n", "duplicate key 'release'"},
};

static void test_meaning_diagnostics(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof meaning_edits / sizeof meaning_edits[0]; i++)
        expect_edit_problem(meaning_edits[i].from, meaning_edits[i].to, meaning_edits[i].part);
    for (size_t i = 0; i < sizeof meaning_extras / sizeof meaning_extras[0]; i++)
        expect_extra_problem(meaning_extras[i].extra, meaning_extras[i].part);
}

static void test_all_problems_at_once(void **state) {
    (void)state;
    const char *text =
        "run = { horizon = \"2x\"; replications = 0; };\n"                           /* 1 */
        "stations = (\n"
        "  { id = \"saw\"; servers = 0; cycle = \"fast\"; mtfb = 3; },\n"            /* 3 */
        "  { id = \"cnc\"; cycle = \"exp(5min)\"; scrap = 2; }\n"                    /* 4 */
        ");\n"
        "products = ( { id = \"p\"; route = [\"saw\", \"cnc2\"]; } );\n"             /* 6 */
        "release = ( { product = \"q\"; conwip = 0; } );\n";                         /* 7 */
    scn_diags *d = scn_diags_new();
    assert_null(load(text, d));
    assert_true(scn_diags_count(d) >= 9);
    assert_true(test_has_diag(d, "t.cfg:1: run: horizon: unknown unit 'x'"));
    assert_true(test_has_diag(d, "t.cfg:1: run: replications"));
    assert_true(test_has_diag(d, "t.cfg:3: station 'saw': servers"));
    assert_true(test_has_diag(d, "t.cfg:3: station 'saw': cycle"));
    assert_true(test_has_diag(d, "t.cfg:3: station 'saw': unknown key 'mtfb'"));
    assert_true(test_has_diag(d, "t.cfg:4: station 'cnc': scrap"));
    assert_true(test_has_diag(d, "t.cfg:6: product 'p': route: no station 'cnc2'"));
    assert_true(test_has_diag(d, "t.cfg:7: release #1: product: no product 'q'"));
    assert_true(test_has_diag(d, "t.cfg:7: release #1: conwip"));
    /* sorted by line */
    int last = 0;
    for (size_t i = 0; i < scn_diags_count(d); i++) {
        int line = atoi(scn_diags_get(d, i) + strlen("t.cfg:"));
        assert_true(line >= last);
        last = line;
    }
    /* the same scene gives the same diagnostics in the same order */
    scn_diags *d2 = scn_diags_new();
    assert_null(load(text, d2));
    assert_int_equal(scn_diags_count(d), scn_diags_count(d2));
    for (size_t i = 0; i < scn_diags_count(d); i++) assert_string_equal(scn_diags_get(d, i), scn_diags_get(d2, i));
    scn_diags_free(d2);
    scn_diags_free(d);
}

static void test_diags_collection(void **state) {
    (void)state;
    scn_diags *d = scn_diags_new();
    scn_diags_add(d, "b.cfg", 3, "station 'x'", "bad %d", 1);
    scn_diags_add(d, "a.cfg", 9, NULL, "later");
    scn_diags_add(d, "b.cfg", 1, "run", "first");
    scn_diags_add(d, "b.cfg", 1, "run", "first");          /* kept once */
    scn_diags_add(d, "c.cfg", 0, "scene", "no line");
    assert_int_equal(scn_diags_count(d), 4);
    scn_diags_sort(d);
    assert_string_equal(scn_diags_get(d, 0), "b.cfg:1: run: first");
    assert_string_equal(scn_diags_get(d, 1), "b.cfg:3: station 'x': bad 1");
    assert_string_equal(scn_diags_get(d, 2), "a.cfg:9: later");
    assert_string_equal(scn_diags_get(d, 3), "c.cfg: scene: no line");
    for (int i = 0; i < SCN_DIAGS_MAX + 5; i++) scn_diags_add(d, "x.cfg", i + 1, "s", "m");
    assert_int_equal(scn_diags_count(d), SCN_DIAGS_MAX + 1);
    assert_non_null(strstr(scn_diags_get(d, SCN_DIAGS_MAX), "more problems"));
    scn_diags_free(d);
    scn_diags_free(NULL);
}

static void test_example_scenes_load(void **state) {
    (void)state;
    static const char *const files[] = {"scenes/demo.cfg", "scenes/retrofit.cfg", "scenes/orders.cfg",
                                        "scenes/validation/mm1.cfg", "scenes/validation/mmc.cfg",
                                        "scenes/validation/md1.cfg", "scenes/validation/tandem_blocking.cfg",
                                        "scenes/validation/conwip_mva.cfg", "scenes/validation/breakdown.cfg"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", LINETWIN_SOURCE_DIR, files[i]);
        scn_diags *d = scn_diags_new();
        mdl_model *m = scn_load_file(path, NULL, 0, d);
        if (!m) scn_diags_print(d, stderr);
        assert_non_null(m);
        mdl_model_free(m);
        scn_diags_free(d);
    }
    /* the retrofit layers over the demo: one station more, the robot cells changed */
    char path[512];
    scn_diags *d = scn_diags_new();
    snprintf(path, sizeof path, "%s/scenes/retrofit.cfg", LINETWIN_SOURCE_DIR);
    mdl_model *r = scn_load_file(path, NULL, 0, d);
    snprintf(path, sizeof path, "%s/scenes/demo.cfg", LINETWIN_SOURCE_DIR);
    mdl_model *b = scn_load_file(path, NULL, 0, d);
    assert_non_null(r);
    assert_non_null(b);
    assert_int_equal(mdl_model_station_count(r), mdl_model_station_count(b) + 1);
    int v = mdl_model_find_station(r, "vision");
    assert_int_equal(v, mdl_model_find_station(r, "cnc_op20") + 1);
    assert_true(mdl_model_station(r, mdl_model_find_station(r, "cnc_op10"))->standby_after > 0);
    assert_int_equal(mdl_model_station(r, mdl_model_find_station(r, "deburr"))->servers,
                     mdl_model_station(b, mdl_model_find_station(b, "deburr"))->servers);
    double capex = 0, years = 0;
    assert_true(mdl_model_investment(r, &capex, &years));
    assert_true(capex > 0 && years > 0);
    assert_false(mdl_model_investment(b, &capex, &years));
    mdl_model_free(r);
    mdl_model_free(b);
    scn_diags_free(d);
}

TEST_MAIN(setup_dir, tmpdir_teardown,
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_distributions),
        cmocka_unit_test(test_times_and_days),
        cmocka_unit_test(test_closest),
        cmocka_unit_test(test_load_scene),
        cmocka_unit_test(test_station_details),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_orders_inline),
        cmocka_unit_test(test_set_overrides),
        cmocka_unit_test(test_include_layers),
        cmocka_unit_test(test_orders_csv),
        cmocka_unit_test(test_syntax_diagnostics),
        cmocka_unit_test(test_meaning_diagnostics),
        cmocka_unit_test(test_all_problems_at_once),
        cmocka_unit_test(test_diags_collection),
        cmocka_unit_test(test_example_scenes_load),
)
