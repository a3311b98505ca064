/*
 * test_hardening_models.c - wrong numbers found by the "correctness and
 * hardening" review of the models, each checked against a value worked out
 * by hand here: belt capacity, break days, the capacity bottleneck by the
 * product mix, on-time share with open units, the rework cap, orders
 * released without creating every unit at once, and gridlocks by idle
 * vehicles.
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

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "test_main.h"
#include "model_fixtures.h"

/* ---- helpers -------------------------------------------------------------- */

/* A scene with one product, p, into text: `head` (a run group, or ""), the
 * stations (from the scene's first line after head), p's route (station
 * ids) and the release. */
static void one_product(char *text, size_t size, const char *head, const char *stations, const char *route,
                        const char *release) {
    int n = snprintf(text, size,
                     "%sstations = ( %s );\n"
                     "products = ( { id = \"p\"; route = [ %s ]; } );\n"
                     "release = ( %s );\n",
                     head, stations, route, release);
    assert_true(n > 0 && (size_t)n < size);
}

/* Loads a scene held in a string; fails the test with its problems. */
static mdl_model *load(const char *text) {
    scn_diags *d = scn_diags_new();
    assert_non_null(d);
    mdl_model *m = scn_load_buffer("t.cfg", text, strlen(text), NULL, NULL, 0, d);
    if (!m) {
        for (size_t i = 0; i < scn_diags_count(d); i++) fprintf(stderr, "%s\n", scn_diags_get(d, i));
        scn_diags_free(d);
        fail_msg("the scene did not load");
    }
    scn_diags_free(d);
    return m;
}

/* Loads a scene that must be refused; true when some problem contains
 * `part` (and prints them all otherwise). */
static bool refused_with(const char *text, const char *part) {
    scn_diags *d = scn_diags_new();
    assert_non_null(d);
    mdl_model *m = scn_load_buffer("t.cfg", text, strlen(text), NULL, NULL, 0, d);
    bool found = false;
    for (size_t i = 0; i < scn_diags_count(d); i++)
        if (strstr(scn_diags_get(d, i), part)) found = true;
    if (!found)
        for (size_t i = 0; i < scn_diags_count(d); i++) fprintf(stderr, "got: %s\n", scn_diags_get(d, i));
    mdl_model_free(m);
    scn_diags_free(d);
    return m == NULL && found;
}

/* ---- 1. belt capacity ------------------------------------------------------- */

/* Throughput of a belt of the given length at 0.25 m/s with 1 m spacing,
 * fed without limit by a 1 s station and emptied by another. */
static double belt_throughput(double length) {
    char text[1024];
    snprintf(text, sizeof text,
             "run = { horizon = \"11h\"; warmup = \"1h\"; replications = 1; };\n"
             "stations = ( { id = \"a\"; cycle = \"1s\"; }, { id = \"b\"; cycle = \"1s\"; } );\n"
             "products = ( { id = \"p\"; route = [ \"a\", \"b\" ];\n"
             "               transport = { a = \"conveyor:belt\"; }; } );\n"
             "release = ( { product = \"p\"; unlimited = true; } );\n"
             "conveyors = ( { id = \"belt\"; length = %.1f; speed = 0.25; spacing = 1.0; } );\n",
             length);
    mdl_model *m = load(text);
    mdl_rep_result res = fx_run_rep(m, NULL, 0);
    double tput = res.kpi[MDL_KPI_THROUGHPUT_PER_H];
    fx_run_done(&res, NULL, m);
    return tput;
}

/* A 10.5 m belt at 0.25 m/s with 1 m between units: units may enter while
 * fewer than 10.5 are on it, i.e. up to 11, and the belt never blocks the
 * flow: 0.25 m/s / 1 m = 900 units/h. Holding only 10 (rounded down), the
 * 11th unit waits until the front leaves: 10 units per 42 s = 857/h. */
static void belt_holds_ceil_of_length_over_spacing(void **state) {
    (void)state;
    /* 10 h window at 900/h; the first unit out counts once either way. */
    assert_true(fabs(belt_throughput(10.5) - 900.0) <= 0.2);
}

/* A whole-number ratio keeps its capacity: 10 m / 1 m holds 10, and still
 * runs at 900/h (the 11th enters the instant the front leaves). */
static void belt_whole_ratio_unchanged(void **state) {
    (void)state;
    assert_true(fabs(belt_throughput(10.0) - 900.0) <= 0.2);
}

/* length / spacing of 1e12 places would overflow the int capacity (and
 * its storage): refused at load with the conveyor's line. */
static void belt_absurd_ratio_refused(void **state) {
    (void)state;
    assert_true(refused_with("stations = ( { id = \"a\"; cycle = \"1s\"; }, { id = \"b\"; cycle = \"1s\"; } );\n"
                             "products = ( { id = \"p\"; route = [ \"a\", \"b\" ];\n"
                             "               transport = { a = \"conveyor:belt\"; }; } );\n"
                             "release = ( { product = \"p\"; unlimited = true; } );\n"
                             "conveyors = ( { id = \"belt\"; length = 1e9; speed = 0.25; spacing = 1e-3; } );\n",
                             "t.cfg:5: conveyor 'belt'"));
    mdl_conveyor_spec c = fx_conveyor("belt", 1e300, 1.0, 1e-300);
    mdl_model *m = mdl_model_new();
    assert_int_equal(mdl_model_add_conveyor(m, &c), -1);
    c.length = (double)MDL_CONVEYOR_MAX_PLACES;
    c.spacing = 1.0;
    assert_int_equal(mdl_model_add_conveyor(m, &c), 0);
    mdl_model_free(m);
}

/* ---- 2. break days ------------------------------------------------------------ */

#define H 3600.0
#define D 86400.0

static const char night_line[] =
    "stations = ( { id = \"a\"; cycle = \"1min\"; } );\n"
    "products = ( { id = \"p\"; route = [ \"a\" ]; } );\n"
    "release = ( { product = \"p\"; unlimited = true; } );\n";

static const char night_shift[] = "from = \"22:00\"; to = \"06:00\";";
static const char early_shift[] = "name = \"early\"; from = \"06:00\"; to = \"14:00\";";

/* night_line after head (a run group, or ""), on the calendar "n" of one
 * shift on days (NULL: the default) with its breaks, into text. After
 * head: the calendar's id on the scene's fourth line, the shift on the
 * fifth, the breaks from the sixth. */
static void night_calendar(char *text, size_t size, const char *head, const char *days, const char *shift,
                           const char *breaks) {
    char days_key[64] = "";
    if (days) snprintf(days_key, sizeof days_key, " days = \"%s\";", days);
    int n = snprintf(
        text, size,
        "%s%sshifts = { calendars = ( { id = \"n\";%s\n  shifts = ( { %s } );\n  breaks = ( %s ); } );\n"
        "  line = \"n\"; };\n",
        head, night_line, days_key, shift, breaks);
    assert_true(n > 0 && (size_t)n < size);
}

/* night_calendar with the night shift, loaded. */
static mdl_model *night_model(const char *head, const char *days, const char *breaks) {
    char text[2048];
    night_calendar(text, sizeof text, head, days, night_shift, breaks);
    return load(text);
}

/* At each time t, the calendar c of m is on or off as the table says (a
 * miss names the entry). */
typedef struct calendar_at {
    double t;
    bool on;
} calendar_at;

static void expect_calendar(const mdl_model *m, int c, const calendar_at *at, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (mdl_model_calendar_on(m, c, at[i].t) != at[i].on)
            fail_msg("entry %zu: at %g s the calendar should be %s", i, at[i].t, at[i].on ? "on" : "off");
}

/* Mon-Thu nights with a Monday 00:00 meal break: the break belongs to the
 * shift that starts on Monday (Tuesday 00:00-00:30). It used to match the
 * day the break falls on (Monday 00:00, inside Sunday's night shift, which
 * does not exist) and the valid calendar was refused. */
static void break_days_are_shift_start_days(void **state) {
    (void)state;
    mdl_model *m = night_model("", "mon-thu",
                               "{ name = \"meal\"; from = \"00:00\"; to = \"00:30\"; days = \"mon\"; }");
    /* Day by day (time 0 is Monday 00:00). */
    static const calendar_at days[] = {
        {0 * D + 0.25 * H, false}, /* Mon 00:15: no Sunday shift */
        {0 * D + 23 * H, true},    /* Mon 23:00: Monday's night */
        {1 * D + 0.25 * H, false}, /* Tue 00:15: its meal break */
        {1 * D + 0.75 * H, true},  /* Tue 00:45: back at work */
        {2 * D + 0.25 * H, true},  /* Wed 00:15: Tuesday's night, no break */
        {3 * D + 0.25 * H, true},  /* Thu 00:15: Wednesday's night */
        {4 * D + 0.25 * H, true},  /* Fri 00:15: Thursday's night */
    };
    expect_calendar(m, mdl_model_line_calendar(m), days, sizeof days / sizeof days[0]);
    mdl_model_free(m);
}

/* Nights every day, a "mon" break at 00:00: Sunday's night (ending Monday
 * 06:00) runs through; Monday's night (Tuesday 00:00) stops. The weekly
 * total is the same either way, so this checks the days one by one, and a
 * one-day run's output: Monday 00:00-06:00 has 6 h of work at 1 min. */
static void break_days_daily_nights(void **state) {
    (void)state;
    mdl_model *m = night_model("run = { horizon = \"6h\"; replications = 1; };\n", "daily",
                               "{ from = \"00:00\"; to = \"01:00\"; days = \"mon\"; }");
    static const calendar_at days[] = {
        {0.5 * H, true},      /* Mon 00:30: Sunday's night works */
        {D + 0.5 * H, false}, /* Tue 00:30: Monday's night breaks */
        {2 * D + 0.5 * H, true},
        {6 * D + 0.5 * H, true}, /* Sun 00:30: Saturday's night */
    };
    expect_calendar(m, mdl_model_line_calendar(m), days, sizeof days / sizeof days[0]);
    mdl_rep_result res = fx_run_rep(m, NULL, 0);
    assert_true(fabs(res.kpi[MDL_KPI_UNITS_OUT] - 360.0) <= 1.0); /* 6 h / 1 min, not 5 h */
    fx_run_done(&res, NULL, m);
}

/* A break that takes a whole shift (the line never works in it) is an
 * error at the break's line; so are breaks that take it together. */
static void break_covering_a_shift_refused(void **state) {
    (void)state;
    char text[2048];
    night_calendar(text, sizeof text, "", NULL, night_shift,
                   "{ from = \"22:00\"; to = \"06:00\"; days = \"wed\"; }");
    assert_true(refused_with(text, "t.cfg:6: calendar 'n': breaks take all of shift"));
    night_calendar(text, sizeof text, "", NULL, early_shift,
                   "{ from = \"06:00\"; to = \"10:00\"; },\n"
                   "             { from = \"09:00\"; to = \"14:00\"; days = \"fri\"; }");
    assert_true(refused_with(text, "t.cfg:7: calendar 'n': breaks take all of shift 'early' on fri"));
    /* Short of the whole shift by a minute: fine. */
    night_calendar(text, sizeof text, "", NULL, early_shift, "{ from = \"06:00\"; to = \"13:59\"; }");
    mdl_model_free(load(text));
}

/* ---- 3. the capacity bottleneck by the release mix ------------------------------ */

/* The station with the least capacity in units of the mix per hour. */
static int mix_bottleneck(const mdl_model *m, double *work) {
    int ns = mdl_model_station_count(m), best = -1;
    double least = INFINITY;
    assert_true(mdl_model_mix_work(m, work));
    for (int s = 0; s < ns; s++) {
        double cap = mdl_model_station(m, s)->servers * 3600.0 / work[s];
        if (cap < least) {
            least = cap;
            best = s;
        }
    }
    return best;
}

/* Two products over x and y; a is 10 min at x and 1 min at y, b the other
 * way round (1 and 6 min). Averaged without weights x (5.5 min) looks like
 * the bottleneck; but b is 9 of every 10 units: x does 0.1 x 10 + 0.9 x 1 =
 * 1.9 min per unit of the mix, y 0.1 x 1 + 0.9 x 6 = 5.5 min. The same mix
 * by push rates, by order quantities and by CONWIP loops. */
static void capacity_by_release_mix(void **state) {
    (void)state;
    static const char *const releases[] = {
        "release = ( { product = \"a\"; interarrival = \"exp(100min)\"; },\n"
        "            { product = \"b\"; interarrival = \"exp(100min)\"; },\n"
        "            { product = \"b\"; interarrival = \"12.5min\"; } );\n", /* 0.01 + (0.01 + 0.08) per min */
        "release = ( { orders = ( { id = \"o1\"; product = \"a\"; quantity = 100; },\n"
        "                         { id = \"o2\"; product = \"b\"; quantity = 900; },\n"
        "                         { id = \"late\"; product = \"a\"; quantity = 9000; release = \"2w\"; } ); } );\n",
        "release = ( { product = \"a\"; conwip = 1; }, { product = \"b\"; conwip = 9; } );\n",
    };
    for (int k = 0; k < 3; k++) {
        char text[2048];
        snprintf(text, sizeof text,
                 "run = { horizon = \"1w\"; };\n"
                 "stations = ( { id = \"x\"; cycle = \"1min\"; }, { id = \"y\"; cycle = \"6min\"; } );\n"
                 "products = ( { id = \"a\"; route = [ \"x\", \"y\" ]; cycle = { x = \"10min\"; y = \"1min\"; }; },\n"
                 "             { id = \"b\"; route = [ \"x\", \"y\" ]; } );\n%s",
                 releases[k]);
        mdl_model *m = load(text);
        double work[2], share[2];
        assert_true(mdl_model_release_mix(m, share));
        assert_true(fabs(share[0] - 0.1) < 1e-12 && fabs(share[1] - 0.9) < 1e-12);
        assert_int_equal(mix_bottleneck(m, work), 1);
        assert_true(fabs(work[0] - 1.9 * 60) < 1e-9);
        assert_true(fabs(work[1] - 5.5 * 60) < 1e-9);
        mdl_model_free(m);
    }
}

/* Visits: a station twice on a route counts twice; scrap thins the flow
 * after it; a rework loop adds its expected passes. m makes a defect half
 * the time, the inspection finds all and sends them back to m, at most
 * max_rework = 3 times: m and i see 1 + 1/2 + 1/4 + 1/8 = 1.875 visits; p
 * (after i) sees the units that pass: 1 - 1/16. s is on the route twice
 * and scraps 20 % at each visit, which thins everything after it. */
static void capacity_counts_visits_and_rework(void **state) {
    (void)state;
    mdl_model *m = load("stations = ( { id = \"s\"; cycle = \"1min\"; scrap = 0.2; },\n"
                        "             { id = \"m\"; cycle = \"2min\"; defect = 0.5; },\n"
                        "             { id = \"i\"; kind = \"inspection\"; cycle = \"1min\"; detect = 1.0;\n"
                        "               reject = \"rework:m\"; },\n"
                        "             { id = \"p\"; cycle = \"3min\"; } );\n"
                        "products = ( { id = \"a\"; route = [ \"s\", \"m\", \"i\", \"s\", \"p\" ]; } );\n"
                        "release = ( { product = \"a\"; conwip = 3; } );\n");
    double v[4], work[4];
    mdl_model_expected_visits(m, 0, v);
    /* s: 1, then the 0.8 that survived its scrap, times the 15/16 that pass i. */
    assert_true(fabs(v[0] - (1.0 + 0.8 * 15.0 / 16.0)) < 1e-12);
    assert_true(fabs(v[1] - 0.8 * 1.875) < 1e-12);
    assert_true(fabs(v[2] - 0.8 * 1.875) < 1e-12);
    /* p: after the second visit to s, which scraps 20 % again. */
    assert_true(fabs(v[3] - 0.8 * 15.0 / 16.0 * 0.8) < 1e-12);
    /* m: 1.5 visits x 2 min = 3 min per unit, more than s (1.75 min) or p
     * (0.6 x 3 = 1.8 min): the bottleneck, though p's cycle is the longest. */
    assert_int_equal(mix_bottleneck(m, work), 1);
    assert_true(fabs(work[1] - 0.8 * 1.875 * 120.0) < 1e-9);
    mdl_model_free(m);
}

/* ---- 4. on-time share counts open units past due ------------------------------ */

static const char run_61min[] = "run = { horizon = \"61min\"; replications = 1; };\n";

/* One order of 1000 units due at 1 h on a 1-minute machine, run to 1 h 1 min:
 * 60 units leave by 1 h, the 61st a minute late, and 939 are still open and
 * past due. On time: 60 of 1000 (it was 60 of 61 = 0.984). */
static void on_time_share_counts_open_late_units(void **state) {
    (void)state;
    char text[1024];
    one_product(text, sizeof text, run_61min, "{ id = \"a\"; cycle = \"1min\"; }", "\"a\"",
                "{ orders = ( { id = \"o1\"; product = \"p\"; quantity = 1000; due = \"1h\"; },\n"
                "             { id = \"o2\"; product = \"p\"; quantity = 5; due = \"1d\"; } ); }");
    mdl_model *m = load(text);
    mdl_rep_result res = fx_run_rep(m, NULL, 0);
    assert_true(res.kpi[MDL_KPI_UNITS_OUT] == 61.0);
    /* o2's 5 open units are not yet due: neither late nor on time. */
    assert_true(fabs(res.kpi[MDL_KPI_ON_TIME_SHARE] - 60.0 / 1000.0) < 1e-12);
    fx_run_done(&res, NULL, m);
}

/* ---- 5. rework cap, and quality of a station whose defects are found ---------- */

/* The rework line: after `head` (a run group, or ""), m (1 min, with
 * m_keys) makes the units and inspection i finds every defect and sends it
 * back to m (i_keys: its cap); one unit in the line. The stations start on
 * the scene's first line after head; i's cap is on its third. */
static void rework_line(char *text, size_t size, const char *head, const char *m_keys, const char *i_keys) {
    char stations[512];
    int n = snprintf(stations, sizeof stations,
                     "{ id = \"m\"; cycle = \"1min\"; %s},\n"
                     "             { id = \"i\"; kind = \"inspection\"; cycle = \"1min\"; detect = 1.0;\n"
                     "               reject = \"rework:m\"; %s}",
                     m_keys, i_keys);
    assert_true(n > 0 && (size_t)n < sizeof stations);
    one_product(text, size, head, stations, "\"m\", \"i\"", "{ product = \"p\"; conwip = 1; }");
}

/* The rework line (rework_line) run for horizon, loaded. */
static mdl_model *rework_model(const char *horizon, const char *m_keys, const char *i_keys) {
    char head[128], text[1024];
    snprintf(head, sizeof head, "run = { horizon = \"%s\"; replications = 1; };\n", horizon);
    rework_line(text, sizeof text, head, m_keys, i_keys);
    return load(text);
}

/* Every unit made defective, every defect found, sent back for rework: it
 * used to loop for ever while the machine showed an OEE of 99.5 %. With
 * the default max_rework = 3 a unit makes 4 passes (8 min with two 1-min
 * stations and one unit in the line) and is scrapped: 60 in 8 h 1 min. The
 * machine's every operation made a defect that was found: quality 0. */
static void rework_is_capped(void **state) {
    (void)state;
    mdl_model *m = rework_model("8h 1min", "defect = 1.0; ", "");
    mdl_rep_result res = fx_run_rep(m, NULL, 0);
    assert_true(res.kpi[MDL_KPI_REWORK_CAPPED] == 60.0);
    assert_true(res.kpi[MDL_KPI_UNITS_SCRAPPED] == 60.0);
    assert_true(res.kpi[MDL_KPI_UNITS_OUT] == 0.0);
    if (res.station[0][MDL_SKPI_UNITS_DONE] != 241.0) fail_msg("m: %g operations", res.station[0][MDL_SKPI_UNITS_DONE]);
    /* Only the last operation (the 61st unit's, at 8 h) is not found yet. */
    assert_true(fabs(res.station[0][MDL_SKPI_QUALITY] - 1.0 / 241.0) < 1e-15);
    assert_true(res.station[0][MDL_SKPI_OEE] < 0.005);
    assert_true(res.station[1][MDL_SKPI_QUALITY] == 0.0);
    fx_run_done(&res, NULL, m);
}

/* max_rework = 1, a defect on every other operation (discrete draws are not
 * needed: defect = 0.5 is checked by hand through the quality identity):
 * every rejected unit's defect counts against the machine, so its quality
 * is 1 - (defects found) / (operations), and the KPI counts units scrapped
 * at the cap only (not those a scrap inspection would scrap). */
static void rework_cap_one_and_quality(void **state) {
    (void)state;
    mdl_model *m = rework_model("2d", "defect = 0.5; ", "max_rework = 1; ");
    mdl_rep_result res = fx_run_rep(m, NULL, 0);
    double ops = res.station[0][MDL_SKPI_UNITS_DONE], insp = res.station[1][MDL_SKPI_UNITS_DONE];
    double out = res.kpi[MDL_KPI_UNITS_OUT], capped = res.kpi[MDL_KPI_REWORK_CAPPED];
    /* Each unit: out after 1 or 2 passes, or capped after 2 defective ones. */
    /* Every inspection either passes a unit out or rejects a defect; a
     * unit makes as many operations at m as inspections (+1 in progress). */
    assert_true(ops - insp >= 0.0 && ops - insp <= 1.0);
    /* Shares, by hand: P(out in 1) = 1/2, P(out in 2) = 1/4, P(capped) = 1/4. */
    double units = out + capped;
    assert_true(fabs(capped / units - 0.25) < 0.03);
    /* Quality of m: good operations are those whose unit passed. */
    assert_true(fabs(res.station[0][MDL_SKPI_QUALITY] - (ops - (insp - out)) / ops) < 1e-3);
    assert_true(res.kpi[MDL_KPI_UNITS_SCRAPPED] == capped);
    fx_run_done(&res, NULL, m);
}

static void rework_cap_checked(void **state) {
    (void)state;
    char text[1024];
    rework_line(text, sizeof text, "", "", "max_rework = -1; ");
    assert_true(refused_with(text, "t.cfg:3: station 'i': max_rework"));
    assert_true(refused_with("stations = ( { id = \"m\"; cycle = \"1min\"; max_rework = 2; } );\n"
                             "products = ( { id = \"p\"; route = [ \"m\" ]; } );\n"
                             "release = ( { product = \"p\"; conwip = 1; } );\n",
                             "t.cfg:1: station 'm': max_rework: only for inspection stations"));
}

/* ---- 6. orders make their units as they move --------------------------------- */

static void no_log(void *ctx, double time, mdl_log_kind kind, int station, uint64_t unit) {
    (void)ctx, (void)time, (void)kind, (void)station, (void)unit;
}

/* Runs m to its end, with or without a log (a log makes every unit of an
 * order at its release, as the run always did); returns the live units at
 * the end. */
static size_t run_orders(const mdl_model *m, bool logged, mdl_rep_result *out) {
    assert_true(mdl_rep_result_init(out, m));
    mdl_run *r = mdl_run_new(m, NULL, 0);
    assert_non_null(r);
    if (logged) mdl_run_set_log(r, no_log, NULL);
    mdl_run_to_end(r, out);
    size_t live = mdl_run_units_live(r);
    mdl_run_free(r);
    return live;
}

/* An order of 1e7 units into an unlimited buffer, run for an hour: 61
 * units leave, every unit counts as released and in the line, and only the
 * units that moved exist (it used to make all 1e7 at the release). */
static void huge_order_keeps_memory_flat(void **state) {
    (void)state;
    static const char huge[] =
        "{ orders = ( { id = \"o1\"; product = \"p\"; quantity = 10000000; due = \"2h\"; } ); }";
    char text[1024];
    one_product(text, sizeof text, run_61min,
                "{ id = \"a\"; cycle = \"1min\"; }, { id = \"b\"; cycle = \"30s\"; buffer = 2; }",
                "\"a\", \"b\"", huge);
    mdl_model *m = load(text);
    mdl_rep_result res;
    size_t live = run_orders(m, false, &res);
    assert_true(live <= 2); /* one on each machine at most */
    assert_true(res.kpi[MDL_KPI_UNITS_RELEASED] == 1e7);
    assert_true(res.kpi[MDL_KPI_UNITS_OUT] == 60.0); /* the 1st leaves at 1.5 min, the 60th at 60.5 min */
    fx_run_done(&res, NULL, m);
    /* A full first buffer: the rest wait in front of the line, as a count. */
    one_product(text, sizeof text, run_61min, "{ id = \"a\"; cycle = \"1min\"; buffer = 5; }", "\"a\"", huge);
    m = load(text);
    live = run_orders(m, false, &res);
    assert_true(live <= 6);
    assert_true(res.kpi[MDL_KPI_UNITS_RELEASED] == 61.0 + 6.0); /* out, plus 1 on the machine and 5 waiting */
    fx_run_done(&res, NULL, m);
}

/* Batches and backlogs of orders give bit-identical numbers to units made
 * one by one (what a run with a log does): two orders, a finite and an
 * unlimited buffer, EDD dispatching that takes the later order first. */
static void order_batches_change_no_number(void **state) {
    (void)state;
    mdl_model *m = load("run = { horizon = \"12h\"; warmup = \"1h\"; replications = 1; };\n"
                        "stations = ( { id = \"a\"; cycle = \"exp(50s)\"; dispatch = \"edd\"; },\n"
                        "             { id = \"b\"; cycle = \"exp(45s)\"; buffer = 3; servers = 2; },\n"
                        "             { id = \"c\"; cycle = \"exp(20s)\"; buffer = 1; } );\n"
                        "products = ( { id = \"p\"; route = [ \"a\", \"b\" ]; }, { id = \"q\"; route = [ \"c\", \"b\" ]; } );\n"
                        "release = ( { orders = ( { id = \"o1\"; product = \"p\"; quantity = 900; due = \"20h\"; },\n"
                        "                         { id = \"o2\"; product = \"p\"; quantity = 700; release = \"2h\"; due = \"6h\"; },\n"
                        "                         { id = \"o3\"; product = \"q\"; quantity = 800; release = \"1h\"; due = \"9h\"; } ); } );\n");
    mdl_rep_result a, b;
    size_t live_a = run_orders(m, false, &a);
    size_t live_b = run_orders(m, true, &b);
    assert_true(live_a < 10);
    if (live_b <= 100) fail_msg("live units: %zu batched, %zu logged", live_a, live_b);
    assert_memory_equal(a.kpi, b.kpi, sizeof a.kpi);
    for (int s = 0; s < 3; s++) assert_memory_equal(a.station[s], b.station[s], sizeof a.station[s]);
    assert_true(a.kpi[MDL_KPI_ON_TIME_SHARE] > 0.0 && a.kpi[MDL_KPI_ON_TIME_SHARE] < 1.0);
    mdl_rep_result_fini(&a);
    fx_run_done(&b, NULL, m);
}

/* ---- 7. a gridlock by an idle vehicle ------------------------------------------------ */

/* Two nodes 10 m apart, one vehicle staying idle on each. The one at na
 * loads the only unit (done at a at 1 s + 5 min = 301 s) for b, whose node
 * the other vehicle holds with nowhere to go (its only neighbour is the
 * asker's node). The wait-for graph does not contain the idle vehicle, so
 * this was left to the watchdog (10 x deadlock_timeout = 10 min): 0
 * deadlocks and 0 units in an 8-minute run. Now after deadlock_timeout
 * (60 s) the idle vehicle is asked to move once more, cannot, and the
 * gridlock is counted and passed: at 361 s the vehicle leaves, drives the
 * 10 m in 12 s (2 s up to 1 m/s over 1 m, 8 m at 1 m/s, 2 s down), and the
 * unit leaves b at 373 + 60 = 433 s: lead time 432 s. */
static void idle_vehicle_gridlock_counted(void **state) {
    (void)state;
    mdl_model *m = load("run = { horizon = \"8min\"; replications = 1; };\n"
                        "stations = ( { id = \"a\"; cycle = \"5min\"; node = \"na\"; },\n"
                        "             { id = \"b\"; cycle = \"1min\"; node = \"nb\"; } );\n"
                        "products = ( { id = \"p\"; route = [ \"a\", \"b\" ]; transport = { a = \"agv\"; }; } );\n"
                        "release = ( { product = \"p\"; interarrival = \"1s\"; limit = 1; } );\n"
                        "paths = { nodes = ( { id = \"na\"; at = [0.0, 0.0]; }, { id = \"nb\"; at = [10.0, 0.0]; } );\n"
                        "          edges = ( { from = \"na\"; to = \"nb\"; } ); };\n"
                        "fleets = ( { id = \"agv\"; count = 2; idle = \"stay\"; } );\n");
    mdl_rep_result res = fx_run_rep(m, NULL, 0);
    assert_true(mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCKS) == 1.0);
    assert_true(mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCK_FORCED) == 1.0);
    assert_true(res.kpi[MDL_KPI_UNITS_OUT] == 1.0);
    assert_true(fabs(res.kpi[MDL_KPI_LEAD_TIME_S] - 432.0) < 1e-6);
    /* Waiting 60 s of the 2 x 480 vehicle-seconds. */
    assert_true(fabs(mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_TRAFFIC) - 60.0 / 960.0) < 1e-9);
    fx_run_done(&res, NULL, m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(belt_holds_ceil_of_length_over_spacing),
        cmocka_unit_test(belt_whole_ratio_unchanged),
        cmocka_unit_test(belt_absurd_ratio_refused),
        cmocka_unit_test(break_days_are_shift_start_days),
        cmocka_unit_test(break_days_daily_nights),
        cmocka_unit_test(break_covering_a_shift_refused),
        cmocka_unit_test(capacity_by_release_mix),
        cmocka_unit_test(capacity_counts_visits_and_rework),
        cmocka_unit_test(on_time_share_counts_open_late_units),
        cmocka_unit_test(rework_is_capped),
        cmocka_unit_test(rework_cap_one_and_quality),
        cmocka_unit_test(rework_cap_checked),
        cmocka_unit_test(huge_order_keeps_memory_flat),
        cmocka_unit_test(order_batches_change_no_number),
        cmocka_unit_test(idle_vehicle_gridlock_counted),
)
