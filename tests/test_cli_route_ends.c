/*
 * test_cli_route_ends.c - route ends from the command line (issue 20,
 * docs/material-handling.md "Route ends: docks"): the docks' JSON, table
 * and CSV, and bad input as `file:line` messages, all at once, exit 2.
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

/* A line n0 - n1 - n2 with a receiving dock at n0, a station at n1 and a
 * shipping dock at n2; `extra` goes last (overrides by layering are not
 * needed: each case writes its own docks and products). */
static void write_scene(char *path, const char *docks, const char *products) {
    char text[4096];
    snprintf(text, sizeof text,
             "run = { horizon = \"4h\"; replications = 2; seed = 3; };\n"
             "paths = {\n"
             "  nodes = ( { id = \"n0\"; at = [0.0, 0.0]; }, { id = \"n1\"; at = [10.0, 0.0]; },\n"
             "            { id = \"n2\"; at = [20.0, 0.0]; }, { id = \"p\"; at = [10.0, 5.0]; kind = \"parking\"; } );\n"
             "  edges = ( { from = \"n0\"; to = \"n1\"; }, { from = \"n1\"; to = \"n2\"; }, { from = \"n1\"; to = \"p\"; } );\n"
             "};\n"
             "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; load = \"10s\"; unload = \"10s\"; } );\n"
             "conveyors = ( { id = \"belt\"; length = 6.0; speed = 0.5; spacing = 1.0; } );\n"
             "stations = ( { id = \"m\"; cycle = \"exp(60s)\"; node = \"n1\"; } );\n"
             "release = ( { product = \"p\"; interarrival = \"exp(10min)\"; } );\n"
             "%s\n%s\n",
             docks, products);
    strcpy(path, "/tmp/test_cli_route_ends.XXXXXX");
    temp_file(path, text);
}

static const char *const good_docks =
    "docks = ( { id = \"receiving\"; kind = \"receiving\"; node = \"n0\"; },\n"
    "          { id = \"shipping\"; kind = \"shipping\"; node = \"n2\"; capacity = 2; } );";

static void json_table_csv(void **state) {
    (void)state;
    char path[128], dir[128];
    write_scene(path, good_docks,
                "products = ( { id = \"p\"; route = [\"m\"]; from = \"receiving\"; to = \"shipping\";\n"
                "  transport = { receiving = \"agv\"; m = \"conveyor:belt\"; }; } );");
    result r = RUN("run", path, "--json");
    expect_status(&r, 0);
    expect_contains(r.out, "\"docks\": [");
    expect_contains(r.out, "\"id\": \"receiving\"");
    expect_contains(r.out, "\"wait_s\"");
    result_free(&r);
    r = RUN("run", path);
    expect_status(&r, 0);
    expect_contains(r.out, "Docks");
    expect_contains(r.out, "shipping");
    result_free(&r);
    temp_dir(dir, sizeof dir, "route_ends");
    char out[160], csv[256];
    snprintf(out, sizeof out, "%s/out", dir);
    r = RUN("run", path, "--out", out);
    expect_status(&r, 0);
    snprintf(csv, sizeof csv, "%s/docks.csv", out);
    FILE *f = fopen(csv, "r");
    assert_non_null(f);
    char line[256] = "";
    assert_non_null(fgets(line, sizeof line, f));
    expect_contains(line, "dock,metric");
    fclose(f);
    result_free(&r);
    remove_dir(dir);
    unlink(path);
}

/* Every problem at its line, at once, exit 2. */
static void bad_input(void **state) {
    (void)state;
    char path[128];
    write_scene(path,
                "docks = ( { id = \"receiving\"; kind = \"receiving\"; },\n"          /* line 11 */
                "          { id = \"shipping\"; kind = \"shipping\"; node = \"n9\"; },\n" /* 12: unknown node */
                "          { id = \"dock3\"; kind = \"receiving\"; node = \"n0\"; capacity = 3; } );", /* 13 */
                "products = ( { id = \"p\"; route = [\"m\"]; from = \"recieving\"; to = \"receiving\";\n" /* 14 */
                "  transport = { receiving = \"agv\"; m = \"agv\"; }; } );");
    result r = RUN("check", path);
    expect_status(&r, 2);
    expect_contains(r.err, ":12: dock 'shipping': node: no node 'n9' in paths.nodes");
    expect_contains(r.err, ":13: dock 'dock3': capacity: only for a shipping dock");
    expect_contains(r.err, ":14: product 'p': from: no dock 'recieving' (did you mean 'receiving'?)");
    assert_null(strstr(r.err, "transport.")); /* nothing repeated at the refused product's transport */
    result_free(&r);
    unlink(path);

    /* `from` naming a shipping dock; `to` without a transport from the last station */
    write_scene(path, good_docks,
                "products = ( { id = \"p\"; route = [\"m\"]; from = \"shipping\"; },\n"      /* line 13 */
                "             { id = \"q\"; route = [\"m\"]; to = \"shipping\"; } );"); /* 14 */
    r = RUN("check", path);
    expect_status(&r, 2);
    expect_contains(r.err, ":13: product 'p': from: dock 'shipping' is a shipping dock");
    expect_contains(r.err, ":14: product 'q': to: its last station 'm' has no transport to dock 'shipping'");
    result_free(&r);
    unlink(path);

    /* a fleet serving a dock without a node */
    write_scene(path,
                "docks = ( { id = \"receiving\"; kind = \"receiving\"; at = [0.0, 0.0]; } );",
                "products = ( { id = \"p\"; route = [\"m\"]; from = \"receiving\";\n"
                "  transport = { receiving = \"agv\"; }; } );"); /* line 13 */
    r = RUN("check", path);
    expect_status(&r, 2);
    expect_contains(r.err, ":13: product 'p': transport.receiving: fleet 'agv' collects units at dock 'receiving', "
                           "which has no node");
    result_free(&r);
    unlink(path);

    /* the last station's transport without a `to` is still refused */
    write_scene(path, good_docks,
                "products = ( { id = \"p\"; route = [\"m\"]; transport = { m = \"agv\"; }; } );");
    r = RUN("check", path);
    expect_status(&r, 2);
    expect_contains(r.err, "transport.m: 'm' is the last step");
    result_free(&r);
    unlink(path);
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(json_table_csv), cmocka_unit_test(bad_input))
