/*
 * test_cli_asrs_feed.c - the scene side of an AS/RS served by a fleet
 * (docs/material-handling.md, AS/RS, "Served by a fleet"): a scene with
 * `node`, `feed` and `deliver` runs and its fleet carries every unit twice;
 * bad input is said at its line, all at once, exit 2: an unknown fleet
 * (with "did you mean"), a fleet without the AS/RS's node, a node not on
 * the network, an unknown belt, a station the fleet cannot reach; and a
 * belt that ends at a diverter cannot feed the AS/RS.
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

/* Lines 1-9; the AS/RS entry is line 10, the product line 11. */
static const char head[] =
    "run = { horizon = \"1d\"; warmup = \"1h\"; replications = 1; };\n"
    "paths = {\n"
    "  nodes = ( { id = \"na\"; at = [0.0, 0.0]; }, { id = \"ns\"; at = [10.0, 0.0]; },\n"
    "            { id = \"nb\"; at = [20.0, 0.0]; } );\n"
    "  edges = ( { from = \"na\"; to = \"ns\"; }, { from = \"ns\"; to = \"nb\"; } );\n"
    "};\n"
    "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; accel = 0.0; load = \"10s\"; unload = \"10s\"; } );\n"
    "stations = ( { id = \"a\"; cycle = \"const(60s)\"; node = \"na\"; },\n"
    "             { id = \"b\"; cycle = \"const(30s)\"; %s } );\n";

static result run_scene(const char *asrs, const char *b_node, const char *extra) {
    char text[4096];
    int n = snprintf(text, sizeof text, head, b_node);
    snprintf(text + n, sizeof text - (size_t)n,
             "asrs = ( { id = \"hbw\"; bays = 4; levels = 2; %s } );\n"
             "products = ( { id = \"p\"; route = [\"a\", \"b\"]; transport = { a = \"asrs:hbw\"; }; } );\n"
             "release = ( { product = \"p\"; conwip = 1; } );\n%s",
             asrs, extra);
    return RUN_TEXT(text, "run", "--reps", "1", "--json");
}

static void runs(void **state) {
    (void)state;
    EXPECT_OUT(run_scene("node = \"ns\"; feed = \"agv\"; deliver = \"agv\";", "node = \"nb\";", ""), 0,
               "\"asrs\": [");
    EXPECT_STATUS(run_scene("feed = \"direct\"; deliver = \"direct\";", "node = \"nb\";", ""), 0); /* the default, said */
}

static void bad_input(void **state) {
    (void)state;
    EXPECT_ERR(run_scene("node = \"nz\"; feed = \"agx\"; deliver = \"conveyor:c1\";", "node = \"nb\";", ""), 2,
               ":10: asrs 'hbw': node: no node 'nz' in paths.nodes",
               ":10: asrs 'hbw': feed: no fleet 'agx' (did you mean 'agv'?)",
               ":10: asrs 'hbw': deliver: no conveyor 'c1' (write a fleet id, \"conveyor:ID\" or \"direct\")");
    EXPECT_ERR(run_scene("deliver = \"agv\";", "node = \"nb\";", ""), 2,
               ":10: asrs 'hbw': deliver: fleet 'agv' serves the AS/RS's I/O point, which has no node");
    EXPECT_ERR(run_scene("node = \"ns\"; deliver = \"agv\";", "", ""), 2, /* b has no node */
               ":11: product 'p': transport.a: fleet 'agv' delivers to station 'b', which has no node");
}

/* Belts: one in and one out runs; a belt ending at a diverter cannot
 * feed the AS/RS (its end is the input point), said at the AS/RS. The
 * belts: "in" to the AS/RS, "x" and "y" from it. */
#define BELTS                                                                    \
    "conveyors = ( { id = \"in\"; length = 6.0; speed = 0.5; spacing = 1.0; },\n" \
    "              { id = \"x\"; length = 4.0; speed = 0.5; spacing = 1.0; },\n"  \
    "              { id = \"y\"; length = 4.0; speed = 0.5; spacing = 1.0; } );\n"

static void belts(void **state) {
    (void)state;
    EXPECT_OUT(run_scene("feed = \"conveyor:in\"; deliver = \"conveyor:x\";", "", BELTS), 0, "\"asrs\": [");
    EXPECT_ERR(run_scene("feed = \"conveyor:in\";", "",
                         BELTS "diverters = ( { id = \"sort\"; input = \"in\"; rule = \"product\"; "
                               "outputs = ( { conveyor = \"x\"; }, { conveyor = \"y\"; } ); } );\n"),
               2, ":10: asrs 'hbw': feed: conveyor 'in' ends at a merge or a diverter");
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(runs),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(belts),
)
