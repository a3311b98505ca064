/*
 * test_cli_asrs_ends.c - the scene side of an AS/RS at a route's ends
 * (docs/material-handling.md "Route ends: the AS/RS"): a scene with
 * `from = "asrs:ID"`, `to = "asrs:ID"` and `dwell` runs and writes the
 * finished-goods KPIs in the JSON, the report and asrs.csv; bad input is
 * said at its line, all at once, exit 2: an unknown AS/RS (with "did you
 * mean"), a `dwell` without `to = "asrs:ID"`, a bad dwell, a last station
 * whose transport goes elsewhere; and the model's refusals (an unlimited
 * release from a store, a deliver fleet to a first station without a
 * node) at their entries.
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_run.h"
#include "test_main.h"

/* Lines 1-9; the products from line 10 on. */
static const char head[] =
    "run = { horizon = \"1d\"; replications = 1; };\n"
    "paths = {\n"
    "  nodes = ( { id = \"na\"; at = [0.0, 0.0]; }, { id = \"ns\"; at = [10.0, 0.0]; } );\n"
    "  edges = ( { from = \"na\"; to = \"ns\"; } );\n"
    "};\n"
    "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; load = \"10s\"; unload = \"10s\"; } );\n"
    "asrs = ( { id = \"hbw\"; bays = 4; levels = 2; node = \"ns\"; %s } );\n"
    "stations = ( { id = \"a\"; cycle = \"const(60s)\"; node = \"na\"; },\n"
    "             { id = \"b\"; cycle = \"const(30s)\"; } );\n";

static result run_scene(const char *asrs, const char *rest, const char *const *extra, int nextra) {
    char path[] = "/tmp/test_cli_asrs_ends.XXXXXX";
    char text[4096];
    int n = snprintf(text, sizeof text, head, asrs);
    snprintf(text + n, sizeof text - (size_t)n, "%s", rest);
    temp_file(path, text);
    result r = nextra == 0 ? RUN("run", path, "--reps", "1")
               : nextra == 1 ? RUN("run", path, "--reps", "1", extra[0])
                             : RUN("run", path, "--reps", "1", extra[0], extra[1]);
    unlink(path);
    return r;
}

static const char good[] =
    "products = ( { id = \"p\"; route = [\"a\", \"b\"]; from = \"asrs:hbw\"; to = \"asrs:hbw\"; dwell = \"exp(2h)\"; } );\n"
    "release = ( { product = \"p\"; interarrival = \"exp(3min)\"; } );\n";

static void runs(void **state) {
    (void)state;
    const char *json[] = {"--json"};
    result r = run_scene("deliver = \"agv\";", good, json, 1);
    expect_status(&r, 0);
    expect_contains(r.out, "\"stock_fg\"");
    expect_contains(r.out, "\"stock_fg_max\"");
    expect_contains(r.out, "\"shipped\"");
    result_free(&r);
    r = run_scene("", good, NULL, 0);
    expect_status(&r, 0);
    expect_contains(r.out, "AS/RS finished goods");
    result_free(&r);
    char dir[128], out[160];
    temp_dir(dir, sizeof dir, "asrs_ends");
    snprintf(out, sizeof out, "%s/out", dir);
    const char *csv[] = {"--out", out};
    r = run_scene("", good, csv, 2);
    expect_status(&r, 0);
    char *text = read_in(out, "asrs.csv");
    assert_non_null(text);
    expect_contains(text, "asrs,metric");
    expect_contains(text, "hbw,stock_fg,");
    expect_contains(text, "hbw,shipped,");
    free(text);
    result_free(&r);
    remove_dir(dir);
    /* without finished goods the FG KPIs are not in the JSON */
    r = run_scene("", "products = ( { id = \"p\"; route = [\"a\", \"b\"]; from = \"asrs:hbw\"; } );\n"
                      "release = ( { product = \"p\"; interarrival = \"exp(3min)\"; } );\n", json, 1);
    expect_status(&r, 0);
    assert_null(strstr(r.out, "stock_fg"));
    result_free(&r);
}

/* Every problem at its line, at once, exit 2. */
static void bad_input(void **state) {
    (void)state;
    result r = run_scene("",
        "products = ( { id = \"p1\"; route = [\"a\"]; from = \"asrs:hbx\"; },\n"                          /* 10 */
        "             { id = \"p2\"; route = [\"a\"]; dwell = \"1h\"; },\n"                               /* 11 */
        "             { id = \"p3\"; route = [\"a\", \"b\"]; to = \"asrs:hbw\"; transport = { b = \"agv\"; }; },\n" /* 12 */
        "             { id = \"p4\"; route = [\"a\"]; to = \"asrs:hbw\"; dwell = \"fast\"; },\n"          /* 13 */
        "             { id = \"p5\"; route = [\"a\"]; to = \"asrs:nope\"; } );\n"                         /* 14 */
        "release = ( { product = \"p1\"; interarrival = \"exp(3min)\"; } );\n", NULL, 0);
    expect_status(&r, 2);
    expect_contains(r.err, ":10: product 'p1': from: no AS/RS 'hbx' (did you mean 'hbw'?)");
    expect_contains(r.err, ":11: product 'p2': dwell: only with to = \"asrs:ID\"");
    expect_contains(r.err, ":12: product 'p3': to: finished units go from 'b' to AS/RS 'hbw' by its feed, but "
                           "transport.b says otherwise (leave it out or write \"asrs:hbw\")");
    expect_contains(r.err, ":13: product 'p4': dwell: expected a distribution");
    expect_contains(r.err, ":14: product 'p5': to: no AS/RS 'nope'");
    result_free(&r);
    /* the model's check: an unlimited release from a store */
    r = run_scene("", "products = ( { id = \"p\"; route = [\"a\"]; from = \"asrs:hbw\"; } );\n"
                      "release = ( { product = \"p\"; unlimited = true; } );\n", NULL, 0);
    expect_status(&r, 2);
    expect_contains(r.err, "product 'p': from: an unlimited release fills the first station's buffer itself");
    result_free(&r);
    /* a flexible first step */
    r = run_scene("", "products = ( { id = \"p\"; route = ( { any = [\"a\", \"b\"]; } ); from = \"asrs:hbw\"; } );\n"
                      "release = ( { product = \"p\"; interarrival = \"exp(3min)\"; } );\n", NULL, 0);
    expect_status(&r, 2);
    expect_contains(r.err, ":10: product 'p': from: the first step of the route must be one station (not flexible)");
    result_free(&r);
    /* a deliver fleet to a first station without a node */
    r = run_scene("deliver = \"agv\";", "products = ( { id = \"p\"; route = [\"b\"]; from = \"asrs:hbw\"; } );\n"
                                        "release = ( { product = \"p\"; interarrival = \"exp(3min)\"; } );\n", NULL, 0);
    expect_status(&r, 2);
    expect_contains(r.err, "station 'b': node: units of 'p' arrive from AS/RS 'hbw' by fleet 'agv', so it needs a node");
    result_free(&r);
}

/* `check` warns about an AS/RS node that no fleet uses (line 7), and not
 * when a fleet serves the AS/RS. */
static void unused_node_warned(void **state) {
    (void)state;
    char path[] = "/tmp/test_cli_asrs_ends.XXXXXX";
    char text[4096];
    for (int k = 0; k < 2; k++) {
        int n = snprintf(text, sizeof text, head, k == 0 ? "" : "deliver = \"agv\";");
        snprintf(text + n, sizeof text - (size_t)n, "%s", good);
        temp_file(path, text);
        result r = RUN("check", path);
        expect_status(&r, 0);
        const char *warning = ":7: asrs 'hbw': warning: layout: its node 'ns' is not used: no fleet serves the AS/RS";
        if (k == 0) expect_contains(r.err, warning);
        else assert_null(strstr(r.err, "its node 'ns' is not used"));
        result_free(&r);
        unlink(path);
        strcpy(path, "/tmp/test_cli_asrs_ends.XXXXXX");
    }
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(runs), cmocka_unit_test(bad_input), cmocka_unit_test(unused_node_warned))
