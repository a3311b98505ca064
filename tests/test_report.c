/*
 * test_report.c - the content of `--report FILE.html` (docs/report.md),
 * driven through the built command: the tables hold the numbers of the
 * run's JSON formatted for people (durations, money with the scene's
 * currency, thousands separated, never e-notation), the page is
 * self-contained, and bad --report arguments fail before any run. How the
 * page looks in a browser is tests/report_browser.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scn_scene.h"
/* after the libraries' headers: its `result` type would shadow their locals */
#include "test_helpers.h"
#include "cli_run.h"
#include "test_tmpdir.h"
#include "test_main.h"

/* The text of the page outside its <svg> elements (the charts' own
 * numbers are cairo's coordinates). */
static char *without_svg(const char *page) {
    char *out = strdup(page), *o = out;
    assert_non_null(out);
    const char *p = page;
    while (*p) {
        if (strncmp(p, "<svg", 4) == 0) {
            const char *e = strstr(p, "</svg>");
            assert_non_null(e);
            p = e + 6;
            continue;
        }
        *o++ = *p++;
    }
    *o = '\0';
    return out;
}

/* The row of a table: "<tr><td>LABEL</td><td class="n">VALUE</td>". */
static void expect_row(const char *page, const char *label, const char *value) {
    char row[256];
    snprintf(row, sizeof row, "<tr><td>%s</td><td class=\"n\">%s</td>", label, value);
    expect_contains(page, row);
}

static int count(const char *text, const char *part) {
    int n = 0;
    for (const char *p = strstr(text, part); p; p = strstr(p + 1, part)) n++;
    return n;
}

/* run --report: the KPI table holds the JSON's numbers, formatted for people. */
/* The path of the report `name` in the test's folder (the next call
 * reuses the buffer). */
static const char *report_file(const char *name) {
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

/* The report the command wrote at path html (the caller frees it). */
static char *read_report(const char *html) {
    char *page = test_read_file(html);
    if (!page) fail_msg("no report at %s", html);
    return page;
}

static void test_run_report_numbers(void **state) {
    (void)state;
    const char *html = report_file("run.html");
    const char *demo = scene(0, "scenes/demo.cfg");
    EXPECT_STATUS(RUN("run", demo, "--reps", "2", "--horizon", "2d", "--warmup", "8h", "--report", html), 0);
    result j = RUN("run", demo, "--reps", "2", "--horizon", "2d", "--warmup", "8h", "--json");
    expect_status(&j, 0);
    char *page = read_report(html);

    /* throughput: 4 significant digits like the terminal's tables */
    double tp = json_mean(j.out, "throughput_per_h");
    assert_true(tp >= 1 && tp < 10);
    char v[64];
    snprintf(v, sizeof v, "%.3f", tp);
    expect_row(page, "Throughput [good units/h]", v);
    /* the lead time as a duration, without the [s] of the label */
    char d[64];
    scn_format_duration(json_mean(j.out, "lead_time_s"), d, sizeof d);
    assert_non_null(strstr(d, "h "));
    expect_row(page, "Lead time", d);
    /* money with the scene's currency (costs.currency = "EUR") */
    double cost = json_mean(j.out, "cost_per_unit");
    assert_true(cost >= 10 && cost < 100);
    snprintf(v, sizeof v, "%.2f EUR", cost);
    expect_row(page, "Cost per good unit", v);
    /* thousands separated: the energy is thousands of kWh */
    double kwh = json_mean(j.out, "energy_kwh");
    assert_true(kwh >= 1000 && kwh < 1000000);
    long k = lround(kwh);
    snprintf(v, sizeof v, "%ld,%03ld", k / 1000, k % 1000);
    expect_row(page, "Energy [kWh]", v);

    /* the fleet table: one row a fleet, the carts' utilisation as the JSON's */
    const char *fleets = strstr(j.out, "\"fleets\"");
    assert_non_null(fleets);
    expect_contains(page, "<h2>Material handling</h2>");
    assert_int_equal(count(page, "<table class=\"fleets\">"), 1);
    char row[256];
    snprintf(row, sizeof row, "<tr><td>carts</td><td class=\"n\">1</td><td class=\"n\">%.1f%%</td>", 100.0 * json_mean(fleets, "utilization"));
    expect_contains(page, row);
    expect_contains(page, "<td class=\"n\">0 (0)</td></tr>"); /* (no deadlock) */

    /* charts: utilisation, states, throughput and WIP over time */
    assert_int_equal(count(page, "<figure class=\"chart\""), 4);
    assert_int_equal(count(page, "<svg"), 4);
    expect_contains(page, "data-chart=\"stacked\"");
    /* the scene's summary and the provenance */
    expect_contains(page, "Capacity bottleneck");
    assert_int_equal(count(page, "<p class=\"notmet\">"), 0); /* (no traffic warning: the carts flow) */
    expect_contains(page, "<dt>Master seed</dt><dd>2016 ");
    expect_contains(page, "<dt>Replications</dt><dd>2</dd>");
    expect_contains(page, "<dt>Warm-up</dt><dd>8h;");

    /* self-contained, and no e-notation for people */
    char *text = without_svg(page);
    assert_null(strstr(text, "<script"));
    assert_null(strstr(text, "<link"));
    assert_null(strstr(text, "src="));
    assert_null(strstr(text, "url("));
    for (const char *p = text; *p; p++)
        if (*p >= '0' && *p <= '9' && (p[1] == 'e' || p[1] == 'E') && (p[2] == '-' || p[2] == '+'))
            fail_msg("e-notation in the report: %.40s", p);
    free(text);
    free(page);
    result_free(&j);
}

/* compare --report: the verdicts of the command's JSON, in words. */
static void test_compare_report_verdicts(void **state) {
    (void)state;
    const char *html = report_file("compare.html");
    const char *base = scene(0, "scenes/demo.cfg"), *retro = scene(1, "scenes/retrofit.cfg");
    result r = RUN("compare", base, retro, "--reps", "3", "--horizon", "2d", "--warmup", "8h",
                   "--json", "--report", html);
    expect_status(&r, 0);
    char *page = read_report(html);
    static const char *const words[][2] = {{"\"met\"", "MET"}, {"\"not met\"", "NOT MET"},
                                           {"\"uncertain\"", "UNCERTAIN"}};
    const char *targets = strstr(r.out, "\"targets\"");
    assert_non_null(targets);
    for (int i = 0; i < 3; i++) {
        /* as many verdicts of each kind in the page's table as in the JSON's targets */
        int in_json = 0;
        for (const char *p = strstr(targets, words[i][0]); p && p < strstr(targets, "]"); p = strstr(p + 1, words[i][0]))
            in_json++;
        char cell[64];
        snprintf(cell, sizeof cell, "\">%s</td>", words[i][1]);
        assert_int_equal(count(page, cell), in_json);
    }
    expect_contains(page, "<h2>Retrofit targets</h2>");
    expect_contains(page, "<b>Payback:</b> an investment of ");
    expect_contains(page, " EUR, written off over ");
    assert_int_equal(count(page, "<figure class=\"chart\""), 10);
    free(page);
    result_free(&r);
}

/* sweep --report: every scenario in the table, a response per factor and
 * the heat map over the two; optimize names the procedure and the selection. */
static void test_sweep_report(void **state) {
    (void)state;
    const char *html = report_file("sweep.html");
    const char *mm1 = scene(0, "scenes/validation/mm1.cfg");
    EXPECT_STATUS(RUN("sweep", mm1, "--vary", "stations.server.cycle=exp(45s),exp(50s),exp(55s)", "--vary",
                      "stations.server.servers=1,2", "--reps", "3", "--horizon", "2d", "--warmup", "2h",
                      "--report", html),
                  0);
    char *page = read_report(html);
    expect_contains(page, "<h2>Best scenario per KPI</h2>");
    expect_contains(page, "6 scenarios (a full grid), 18 replications in all");
    assert_int_equal(count(page, "<tr><td class=\"n\">"), 6);   /* one row per scenario */
    /* 6 KPIs by scenario, 2 responses, the heat map, throughput and WIP */
    assert_int_equal(count(page, "data-chart=\"intervals\""), 6);
    assert_int_equal(count(page, "data-chart=\"lines\""), 4);
    assert_int_equal(count(page, "data-chart=\"heat\""), 1);
    free(page);
    html = report_file("optimize.html");
    EXPECT_STATUS(RUN("optimize", mm1, "--vary", "stations.server.cycle=exp(45s),exp(60s)", "--objective",
                      "lead_time_s", "--delta", "20", "--reps", "3", "--horizon", "2d", "--warmup", "2h",
                      "--report", html),
                  0);
    page = read_report(html);
    expect_contains(page, "Kim &amp; Nelson");
    expect_contains(page, "at least 20s better");   /* the indifference zone as a duration */
    expect_contains(page, "<td><b>selected</b></td><td>#1 stations.server.cycle=exp(45s)</td>");
    free(page);
}

/* Bad --report arguments fail before the run, and leave nothing behind. */
static void test_report_bad_arguments(void **state) {
    (void)state;
    char path[400];
    snprintf(path, sizeof path, "%s/report.pdf", tmpdir);
    const char *demo = scene(0, "scenes/demo.cfg");
    EXPECT_ERR(RUN("run", demo, "--report", path), 2, "name it FILE.html");
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);
    EXPECT_STATUS(RUN("sweep", demo, "--vary", "stations.nope.servers=1,2", "--report", path), 2);
    EXPECT_ERR(RUN("compare", demo, demo, "--report="), 2, "--report: the file name is empty");
    /* a folder that does not exist: the run's failure to write (1), no stray file */
    snprintf(path, sizeof path, "%s/no/such/folder/r.html", tmpdir);
    EXPECT_STATUS(RUN("run", demo, "--reps", "1", "--horizon", "1d", "--warmup", "1h", "--report", path), 1);
    /* the currency's length is checked like every scene key */
    EXPECT_ERR(RUN("check", demo, "--set", "costs.currency=\"Euro-Dollar-Pound\""), 2,
               "currency: at most 15 bytes");
}

/* A fleet whose traffic stalled or was forced through deadlocks is said
 * under the headline, in run and compare reports; a sound one is not. */
static void test_report_warns_of_traffic(void **state) {
    (void)state;
    const char *html = report_file("stall.html");
    const char *stall = scene(0, "tests/scenes/stall.cfg");
    EXPECT_STATUS(RUN("run", stall, "--reps", "2", "--report", html), 0);
    char *page = read_report(html);
    expect_contains(page, "<p class=\"notmet\">Fleet <b>agv</b>: traffic stalled in 2 of 2 replications (at the end a vehicle "
                          "had held one transport task for over 1d: the line stopped). Deadlock avoidance does not cover "
                          "this layout with this fleet: see <code>linetwin check</code>.</p>");
    free(page);
    html = report_file("stall_compare.html");
    EXPECT_STATUS(RUN("compare", stall, scene(1, "scenes/demo.cfg"), "--reps", "2", "--horizon", "3d", "--warmup", "1h", "--report", html), 0);
    page = read_report(html);
    expect_contains(page, "<p class=\"notmet\">Base, fleet <b>agv</b>: traffic stalled in 2 of 2 replications");
    assert_int_equal(count(page, "Retrofit, fleet"), 0); /* (the demo's carts flow) */
    free(page);
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown,
        cmocka_unit_test(test_run_report_numbers),
        cmocka_unit_test(test_compare_report_verdicts),
        cmocka_unit_test(test_sweep_report),
        cmocka_unit_test(test_report_bad_arguments),
        cmocka_unit_test(test_report_warns_of_traffic),
)
