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

static void reachable_ends_say_nothing(void **state) {
    (void)state;
    char path[64];
    write_scene(path, "n2", "n1", 1);
    result r = RUN("check", path);
    expect_status(&r, 0);
    expect_contains(r.out, ": ok");
    if (strstr(r.err, "layout:")) fail_msg("unexpected warning:\n%s", r.err);
    result_free(&r);
    unlink(path);
}

static void unreachable_dock_and_asrs(void **state) {
    (void)state;
    char path[64], want[4][320];
    write_scene(path, "oneway", "island", 1);
    result r = RUN("check", path);
    expect_status(&r, 0);
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
    for (int i = 0; i < 4; i++) expect_contains(r.err, want[i]);
    /* b reaches the dock: that way is not warned about */
    if (strstr(r.err, "dock 'ship': warning")) fail_msg("unexpected warning:\n%s", r.err);
    result_free(&r);
    unlink(path);
}

/* The fleet-size warning counts the nodes a fleet serves as places off the
 * through traffic: stations, docks and AS/RS I/O nodes, each node once
 * (here n0, n1 for the AS/RS and b, n2 for the dock), with the parking
 * place: 4. */
static void served_ends_are_places(void **state) {
    (void)state;
    char path[64];
    write_scene(path, "n2", "n1", 4);
    result r = RUN("check", path);
    expect_status(&r, 0);
    if (strstr(r.err, "fleet 'agv': warning")) fail_msg("unexpected warning:\n%s", r.err);
    result_free(&r);
    unlink(path);
    write_scene(path, "n2", "n1", 5);
    r = RUN("check", path);
    expect_status(&r, 0);
    expect_contains(r.err, ":9: fleet 'agv': warning: layout: 5 vehicles, but the network has places off the through "
                           "traffic for 4 (parking and chargers 1, stations, docks and AS/RS served 3)");
    result_free(&r);
    unlink(path);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(served_ends_are_places),
        cmocka_unit_test(reachable_ends_say_nothing),
        cmocka_unit_test(unreachable_dock_and_asrs),
)
