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
#include "cli_expect.h"
#include "test_main.h"

/* `linetwin ARGS` (the command first) on a line n0 - n1 - n2 with a
 * receiving dock at n0, a station at n1 and a shipping dock at n2, written
 * to a temporary file; `docks` and `products` go last, lines 11 and 13 on
 * (overrides by layering are not needed: each case writes its own docks
 * and products). */
static result run_scene(const char *docks, const char *products, const char *const *args) {
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
    return run_text(text, args);
}

#define RUN_SCENE(docks, products, ...) run_scene((docks), (products), (const char *const[]){__VA_ARGS__, NULL})

static const char *const good_docks =
    "docks = ( { id = \"receiving\"; kind = \"receiving\"; node = \"n0\"; },\n"
    "          { id = \"shipping\"; kind = \"shipping\"; node = \"n2\"; capacity = 2; } );";

static const char *const good_products =
    "products = ( { id = \"p\"; route = [\"m\"]; from = \"receiving\"; to = \"shipping\";\n"
    "  transport = { receiving = \"agv\"; m = \"conveyor:belt\"; }; } );";

static void json_table_csv(void **state) {
    (void)state;
    EXPECT_OUT(RUN_SCENE(good_docks, good_products, "run", "--json"), 0, "\"docks\": [", "\"id\": \"receiving\"",
               "\"wait_s\"");
    EXPECT_OUT(RUN_SCENE(good_docks, good_products, "run"), 0, "Docks", "shipping");
    char dir[128], out[160];
    temp_dir(dir, sizeof dir, "route_ends");
    snprintf(out, sizeof out, "%s/out", dir);
    EXPECT_STATUS(RUN_SCENE(good_docks, good_products, "run", "--out", out), 0);
    char *csv = read_in(out, "docks.csv");
    char *nl = strchr(csv, '\n');
    if (nl) *nl = '\0'; /* its first line */
    expect_contains(csv, "dock,metric");
    free(csv);
    remove_dir(dir);
}

/* Every problem at its line, at once, exit 2: each case its docks and
 * products, the problems `linetwin check` must name and one it must not. */
static void bad_input(void **state) {
    (void)state;
    const struct {
        const char *docks, *products, *problems[4], *absent;
    } cases[] = {
        {"docks = ( { id = \"receiving\"; kind = \"receiving\"; },\n"          /* line 11 */
         "          { id = \"shipping\"; kind = \"shipping\"; node = \"n9\"; },\n" /* 12: unknown node */
         "          { id = \"dock3\"; kind = \"receiving\"; node = \"n0\"; capacity = 3; } );", /* 13 */
         "products = ( { id = \"p\"; route = [\"m\"]; from = \"recieving\"; to = \"receiving\";\n" /* 14 */
         "  transport = { receiving = \"agv\"; m = \"agv\"; }; } );",
         {":12: dock 'shipping': node: no node 'n9' in paths.nodes",
          ":13: dock 'dock3': capacity: only for a shipping dock",
          ":14: product 'p': from: no dock 'recieving' (did you mean 'receiving'?)"},
         "transport."}, /* nothing repeated at the refused product's transport */
        /* `from` naming a shipping dock; `to` without a transport from the last station */
        {good_docks,
         "products = ( { id = \"p\"; route = [\"m\"]; from = \"shipping\"; },\n"      /* line 13 */
         "             { id = \"q\"; route = [\"m\"]; to = \"shipping\"; } );", /* 14 */
         {":13: product 'p': from: dock 'shipping' is a shipping dock",
          ":14: product 'q': to: its last station 'm' has no transport to dock 'shipping'"},
         NULL},
        /* a fleet serving a dock without a node */
        {"docks = ( { id = \"receiving\"; kind = \"receiving\"; at = [0.0, 0.0]; } );",
         "products = ( { id = \"p\"; route = [\"m\"]; from = \"receiving\";\n"
         "  transport = { receiving = \"agv\"; }; } );", /* line 13 */
         {":13: product 'p': transport.receiving: fleet 'agv' collects units at dock 'receiving', which has no node"},
         NULL},
        /* the last station's transport without a `to` is still refused */
        {good_docks, "products = ( { id = \"p\"; route = [\"m\"]; transport = { m = \"agv\"; }; } );",
         {"transport.m: 'm' is the last step"}, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("case %zu\n", i);
        result r = RUN_SCENE(cases[i].docks, cases[i].products, "check");
        if (cases[i].absent) expect_lacks(r.err, cases[i].absent);
        expect_run_at(r, 2, 2, cases[i].problems, __FILE__, __LINE__);
    }
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(json_table_csv), cmocka_unit_test(bad_input))
