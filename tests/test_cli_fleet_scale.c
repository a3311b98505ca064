/*
 * test_cli_fleet_scale.c - `linetwin check` on the route ends a fleet
 * serves (docs/material-handling.md, Layout check): a fleet that cannot
 * reach a dock's node, or an AS/RS's I/O node, from the station at the
 * other end of its move (or cannot come back) is warned about at the
 * dock's or the AS/RS's line, as for two stations; a scene whose fleet
 * reaches them all has no warning; the docks and AS/RS nodes a fleet
 * serves count as places off the through traffic, as its stations do.
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

/* n0 - n1 - n2 both ways, a parking place beside n1; "island" is a node
 * of its own, and "oneway" is reached from n2 by a one-way edge only. The dock entry is line 10, the
 * AS/RS entry line 11. */
static void write_scene(char *path, const char *dock_node, const char *asrs_node, int vehicles) {
    char text[4096];
    snprintf(text, sizeof text,
             "run = { horizon = \"4h\"; replications = 1; };\n"
             "paths = {\n"
             "  nodes = ( { id = \"n0\"; at = [0.0, 0.0]; }, { id = \"n1\"; at = [10.0, 0.0]; },\n"
             "            { id = \"n2\"; at = [20.0, 0.0]; }, { id = \"island\"; at = [30.0, 10.0]; },\n"
             "            { id = \"oneway\"; at = [30.0, 0.0]; }, { id = \"park\"; at = [10.0, 5.0]; kind = \"parking\"; } );\n"
             "  edges = ( { from = \"n0\"; to = \"n1\"; }, { from = \"n1\"; to = \"n2\"; }, { from = \"n1\"; to = \"park\"; },\n"
             "            { from = \"n2\"; to = \"oneway\"; two_way = false; } );\n"
             "};\n"
             "fleets = ( { id = \"agv\"; count = %d; speed = 1.0; load = \"10s\"; unload = \"10s\"; } );\n"
             "docks = ( { id = \"ship\"; kind = \"shipping\"; node = \"%s\"; } );\n"
             "asrs = ( { id = \"store\"; bays = 4; levels = 2; node = \"%s\"; feed = \"agv\"; deliver = \"agv\"; } );\n"
             "stations = ( { id = \"a\"; cycle = \"exp(60s)\"; node = \"n0\"; },\n"
             "             { id = \"b\"; cycle = \"exp(30s)\"; node = \"n1\"; } );\n"
             "products = ( { id = \"p\"; route = [\"a\", \"b\"]; to = \"ship\";\n"
             "  transport = { a = \"asrs:store\"; b = \"agv\"; }; } );\n"
             "release = ( { product = \"p\"; interarrival = \"exp(10min)\"; } );\n",
             vehicles, dock_node, asrs_node);
    strcpy(path, "/tmp/test_cli_fleet_scale.XXXXXX");
    temp_file(path, text);
}

/* `linetwin check` of write_scene's scene, its file (path) removed since. */
static result check_scene(char *path, const char *dock_node, const char *asrs_node, int vehicles) {
    write_scene(path, dock_node, asrs_node, vehicles);
    result r = RUN("check", path);
    unlink(path);
    return r;
}

static void reachable_ends_say_nothing(void **state) {
    (void)state;
    char path[64];
    result r = check_scene(path, "n2", "n1", 1);
    expect_lacks(r.err, "layout:");
    EXPECT_OUT(r, 0, ": ok");
}

static void unreachable_dock_and_asrs(void **state) {
    (void)state;
    char path[64], want[4][320];
    result r = check_scene(path, "oneway", "island", 1);
    /* the dock: reached from b (over the one-way edge), but no way back */
    snprintf(want[0], sizeof want[0],
             "%s:13: station 'b': warning: layout: fleet 'agv' cannot return to it from dock 'ship' (node 'oneway')", path);
    /* the AS/RS on an island: neither fed from a nor delivering to b */
    snprintf(want[1], sizeof want[1],
             "%s:11: asrs 'store': warning: layout: fleet 'agv' cannot reach its node 'island' from station 'a' (node 'n0')",
             path);
    snprintf(want[2], sizeof want[2],
             "%s:13: station 'b': warning: layout: fleet 'agv' cannot reach its node 'n1' from asrs 'store' (node 'island')",
             path);
    snprintf(want[3], sizeof want[3],
             "%s:12: station 'a': warning: layout: fleet 'agv' cannot return to it from asrs 'store' (node 'island')", path);
    /* b reaches the dock: that way is not warned about */
    expect_lacks(r.err, "dock 'ship': warning");
    EXPECT_ERR(r, 0, want[0], want[1], want[2], want[3]);
}

/* The fleet-size warning counts the nodes a fleet serves as places off the
 * through traffic: stations, docks and AS/RS I/O nodes, each node once
 * (here n0 for a, n2 for the dock), with the parking place: 3. Not n1
 * (b's node and the AS/RS's): it is the gate between n0, n2 and the
 * parking place, a node of one place every vehicle passes (before, it
 * counted: 4 places, no warning for 3 or 4 vehicles, which lock there:
 * 658 and 2429 deadlocks in three replications of 3 days; 2 run clean).
 * Three vehicles fill the 3 places and must trade places through n1. */
static void served_ends_are_places(void **state) {
    (void)state;
    char path[64];
    result r = check_scene(path, "n2", "n1", 2);
    expect_lacks(r.err, "fleet 'agv': warning");
    EXPECT_STATUS(r, 0);
    EXPECT_ERR(check_scene(path, "n2", "n1", 3), 0,
               ":9: fleet 'agv': warning: layout: 3 vehicles, but the network has places off the through "
               "traffic for 3 (parking, chargers and places aside 1, stations, docks and AS/RS served 2), and they "
               "pass each other through a node of one place (a gate or a single lane)");
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(served_ends_are_places),
        cmocka_unit_test(reachable_ends_say_nothing),
        cmocka_unit_test(unreachable_dock_and_asrs),
)
