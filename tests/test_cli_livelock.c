/*
 * test_cli_livelock.c - `linetwin check` on the layouts of issue 20's
 * stall (docs/material-handling.md, "Layout check"): vehicles that fill
 * every place of the path network, or leave one free; a parking node of
 * one place that is the only way between the stations; and a loop of
 * stations (rework A -> B -> A) whose units can fill every place of it.
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

/* Lines: 3 the parking node nP, 6 the fleet, 7 station A. */
static void write_scene(char *path, int parking, int vehicles, int buffer, int conwip) {
    char text[4096];
    snprintf(text, sizeof text,
             "run = { horizon = \"4h\"; replications = 1; };\n"
             "paths = { nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nB\"; at = [20.0, 0.0]; },\n"
             "            { id = \"nP\"; at = [10.0, 8.0]; kind = \"parking\"; capacity = %d; } );\n"
             "  edges = ( { from = \"nA\"; to = \"nP\"; }, { from = \"nP\"; to = \"nB\"; } );\n"
             "};\n"
             "fleets = ( { id = \"agv\"; count = %d; speed = 1.0; load = \"5s\"; unload = \"5s\"; } );\n"
             "stations = ( { id = \"A\"; at = [0.0, -3.0]; cycle = \"exp(20s)\"; node = \"nA\"; buffer = %d; },\n"
             "             { id = \"B\"; at = [20.0, -3.0]; cycle = \"exp(25s)\"; node = \"nB\"; buffer = %d; } );\n"
             "products = ( { id = \"p\"; route = [\"A\", \"B\", \"A\"]; transport = { A = \"agv\"; B = \"agv\"; }; } );\n"
             "release = ( { product = \"p\"; conwip = %d; } );\n",
             parking, vehicles, buffer, buffer, conwip);
    strcpy(path, "/tmp/test_cli_livelock.XXXXXX");
    temp_file(path, text);
}

/* Runs `check` on the scene; the warnings expected ("" none), each as
 * ":LINE: TEXT" after the path; `absent`: a text that must not appear. */
static void check_says(int parking, int vehicles, int buffer, int conwip, const char *const *want, const char *absent) {
    char path[64], line[600];
    write_scene(path, parking, vehicles, buffer, conwip);
    result r = RUN("check", path);
    expect_status(&r, 0);
    for (int i = 0; want[i]; i++) {
        snprintf(line, sizeof line, "%s%s", path, want[i]);
        expect_contains(r.err, line);
    }
    if (absent && strstr(r.err, absent)) fail_msg("unexpected warning:\n%s", r.err);
    result_free(&r);
    unlink(path);
}

static const char one_free[] = ":6: fleet 'agv': warning: layout: 3 vehicles leave one place of the path network's nodes (4) free: "
                               "they move only by making way for each other in turn";
static const char all_full[] = ":6: fleet 'agv': warning: layout: 4 vehicles fill every place of the path network's nodes (4): "
                               "none can ever move without a forced pass";
static const char gate[] = ":3: node 'nP': warning: layout: a node of one place that is the only way into and out of part of the "
                           "network (a gate), where vehicles stop";
static const char loop[] = ":7: station 'A': warning: layout: the stations A, B form a loop (a rework or re-entrant route) whose "
                           "units can fill every place of it (servers, buffers and out-points: 4), and the line's WIP limit "
                           "(conwip, 4 in all) is not below that";

/* The scene of the stall: 3 vehicles on 4 places run by rotating (said);
 * 4 fill them all; 2 on a parking node of 3 are nothing to say. */
static void room_on_the_network(void **state) {
    (void)state;
    check_says(2, 3, 1, 2, (const char *const[]){one_free, NULL}, "(a gate)");
    check_says(2, 4, 1, 2, (const char *const[]){all_full, NULL}, NULL);
    check_says(3, 2, 1, 2, (const char *const[]){NULL}, "vehicles leave one place");
}

/* A parking node of one place is the only way between A and B: two
 * vehicles cannot pass each other there. */
static void parking_of_one_on_the_only_way(void **state) {
    (void)state;
    check_says(1, 2, 1, 2, (const char *const[]){gate, NULL}, NULL);
}

/* A -> B -> A without buffers has 4 places (a server and an out-point
 * each): CONWIP 4 can fill them, CONWIP 3 cannot; buffers of 1 make 6. */
static void loop_of_stations(void **state) {
    (void)state;
    check_says(3, 2, 0, 4, (const char *const[]){loop, NULL}, NULL);
    check_says(3, 2, 0, 3, (const char *const[]){NULL}, "form a loop");
    check_says(3, 2, 1, 4, (const char *const[]){NULL}, "form a loop");
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(room_on_the_network),
        cmocka_unit_test(parking_of_one_on_the_only_way),
        cmocka_unit_test(loop_of_stations),
)
