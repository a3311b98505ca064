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
#include "cli_expect.h"
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

/* `linetwin ARGS` (the command first) on the scene head (the AS/RS's keys
 * `asrs`) and `rest`, written to a temporary file. */
static result run_scene(const char *asrs, const char *rest, const char *const *args) {
    char text[4096];
    int n = snprintf(text, sizeof text, head, asrs);
    snprintf(text + n, sizeof text - (size_t)n, "%s", rest);
    return run_text(text, args);
}

#define RUN_SCENE(asrs, rest, ...) run_scene((asrs), (rest), (const char *const[]){__VA_ARGS__, NULL})

static const char good[] =
    "products = ( { id = \"p\"; route = [\"a\", \"b\"]; from = \"asrs:hbw\"; to = \"asrs:hbw\"; dwell = \"exp(2h)\"; } );\n"
    "release = ( { product = \"p\"; interarrival = \"exp(3min)\"; } );\n";

static void runs(void **state) {
    (void)state;
    EXPECT_OUT(RUN_SCENE("deliver = \"agv\";", good, "run", "--reps", "1", "--json"), 0, "\"stock_fg\"",
               "\"stock_fg_max\"", "\"shipped\"");
    EXPECT_OUT(RUN_SCENE("", good, "run", "--reps", "1"), 0, "AS/RS finished goods");
    char dir[128], out[160];
    temp_dir(dir, sizeof dir, "asrs_ends");
    snprintf(out, sizeof out, "%s/out", dir);
    EXPECT_STATUS(RUN_SCENE("", good, "run", "--reps", "1", "--out", out), 0);
    char *text = read_in(out, "asrs.csv");
    assert_non_null(text);
    expect_contains(text, "asrs,metric");
    expect_contains(text, "hbw,stock_fg,");
    expect_contains(text, "hbw,shipped,");
    free(text);
    remove_dir(dir);
    /* without finished goods the FG KPIs are not in the JSON */
    result r = RUN_SCENE("",
                         "products = ( { id = \"p\"; route = [\"a\", \"b\"]; from = \"asrs:hbw\"; } );\n"
                         "release = ( { product = \"p\"; interarrival = \"exp(3min)\"; } );\n",
                         "run", "--reps", "1", "--json");
    expect_lacks(r.out, "stock_fg");
    EXPECT_STATUS(r, 0);
}

/* Every problem at its line, at once, exit 2: each case the AS/RS's keys,
 * the products and release, and the problems the run must name. */
static void bad_input(void **state) {
    (void)state;
    static const struct {
        const char *asrs, *rest, *problems[6];
    } cases[] = {
        {"",
         "products = ( { id = \"p1\"; route = [\"a\"]; from = \"asrs:hbx\"; },\n"                          /* 10 */
         "             { id = \"p2\"; route = [\"a\"]; dwell = \"1h\"; },\n"                               /* 11 */
         "             { id = \"p3\"; route = [\"a\", \"b\"]; to = \"asrs:hbw\"; transport = { b = \"agv\"; }; },\n" /* 12 */
         "             { id = \"p4\"; route = [\"a\"]; to = \"asrs:hbw\"; dwell = \"fast\"; },\n"          /* 13 */
         "             { id = \"p5\"; route = [\"a\"]; to = \"asrs:nope\"; } );\n"                         /* 14 */
         "release = ( { product = \"p1\"; interarrival = \"exp(3min)\"; } );\n",
         {":10: product 'p1': from: no AS/RS 'hbx' (did you mean 'hbw'?)",
          ":11: product 'p2': dwell: only with to = \"asrs:ID\"",
          ":12: product 'p3': to: finished units go from 'b' to AS/RS 'hbw' by its feed, but "
          "transport.b says otherwise (leave it out or write \"asrs:hbw\")",
          ":13: product 'p4': dwell: expected a distribution", ":14: product 'p5': to: no AS/RS 'nope'"}},
        /* the model's check: an unlimited release from a store */
        {"",
         "products = ( { id = \"p\"; route = [\"a\"]; from = \"asrs:hbw\"; } );\n"
         "release = ( { product = \"p\"; unlimited = true; } );\n",
         {"product 'p': from: an unlimited release fills the first station's buffer itself"}},
        /* a flexible first step */
        {"",
         "products = ( { id = \"p\"; route = ( { any = [\"a\", \"b\"]; } ); from = \"asrs:hbw\"; } );\n"
         "release = ( { product = \"p\"; interarrival = \"exp(3min)\"; } );\n",
         {":10: product 'p': from: the first step of the route must be one station (not flexible)"}},
        /* a deliver fleet to a first station without a node */
        {"deliver = \"agv\";",
         "products = ( { id = \"p\"; route = [\"b\"]; from = \"asrs:hbw\"; } );\n"
         "release = ( { product = \"p\"; interarrival = \"exp(3min)\"; } );\n",
         {"station 'b': node: units of 'p' arrive from AS/RS 'hbw' by fleet 'agv', so it needs a node"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("case %zu\n", i);
        expect_run_at(RUN_SCENE(cases[i].asrs, cases[i].rest, "run", "--reps", "1"), 2, 2, cases[i].problems,
                      __FILE__, __LINE__);
    }
}

/* `check` warns about an AS/RS node that no fleet uses (line 7), and not
 * when a fleet serves the AS/RS. */
static void unused_node_warned(void **state) {
    (void)state;
    EXPECT_ERR(RUN_SCENE("", good, "check"), 0,
               ":7: asrs 'hbw': warning: layout: its node 'ns' is not used: no fleet serves the AS/RS");
    result r = RUN_SCENE("deliver = \"agv\";", good, "check");
    expect_lacks(r.err, "its node 'ns' is not used");
    EXPECT_STATUS(r, 0);
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(runs), cmocka_unit_test(bad_input), cmocka_unit_test(unused_node_warned))
