/*
 * test_cli_avoid3.c - `linetwin check` on gates (docs/material-handling.md,
 * Layout check): a node of one place that is the only way into and out of
 * part of the network, where vehicles stop (a station's node, a corridor's
 * end), is warned about at the node's line when a vehicle waiting there
 * could not step aside out of the part it waits for: no parking place,
 * and no point node off the through traffic that no station uses, in
 * another part. The line A -> S -> B with a parking place beside S (the
 * avoidance covers it) says nothing; without the parking place, and with
 * B's branch two nodes deep, S's node is warned about (with both vehicles
 * on the network: one alone waits for no one).
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

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"

#include "cli_run.h"
#include "fleet_fixtures.h"
#include "test_main.h"

/* The gap scene (fleet_fixtures.h) with its stations on the floor (the
 * layout check wants them placed); nS is on its line 3. */
static void write_scene(char *path, bool parking, bool deep, bool spare) {
    char text[4096];
    fx_gap_scene(text, sizeof text, (fx_gap){deep, parking, true, spare});
    strcpy(path, "/tmp/test_cli_avoid3.XXXXXX");
    temp_file(path, text);
}

static const char gate_msg[] = "node 'nS': warning: layout: a node of one place that is the only way into and out of part of the network "
                               "(a gate), where vehicles stop, with no place to step aside to";

/* The check with both vehicles on the network (surplus = "drive": without
 * the parking place the fleet-size warning keeps one out, and one vehicle
 * alone waits for no one: no gate warning, see kept_out). */
static void check_says(bool parking, bool deep, bool spare, bool warned) {
    char path[64], want[400];
    write_scene(path, parking, deep, spare);
    result r = RUN("check", path, "--set", "fleets.agv.surplus=drive");
    expect_status(&r, 0);
    snprintf(want, sizeof want, "%s:3: %s", path, gate_msg);
    if (warned) expect_contains(r.err, want);
    else if (strstr(r.err, "(a gate)")) fail_msg("unexpected warning:\n%s", r.err);
    if (warned && strstr(r.err, "node 'nA': warning")) fail_msg("a dead end is no gate:\n%s", r.err);
    result_free(&r);
    unlink(path);
}

/* With the parking place beside S, a vehicle waiting at S for B or A
 * steps aside onto it: no warning. */
static void parking_beside_the_gate(void **state) {
    (void)state;
    check_says(true, false, false, false);
    check_says(true, true, false, false);
}

/* Without it the only places off S are the stations' nodes. */
static void no_place_aside(void **state) {
    (void)state;
    check_says(false, false, false, true);
    check_says(false, true, false, true); /* S also ends the corridor to B */
}

/* Without the parking place and with the surplus held (the default), the
 * run keeps one of the 2 vehicles out of the traffic: the gate warning
 * counts the vehicles on the network (since session 22), and is gone. */
static void kept_out(void **state) {
    (void)state;
    char path[64];
    write_scene(path, false, false, false);
    result r = RUN("check", path);
    expect_status(&r, 0);
    expect_contains(r.err, "the run keeps 1 of them switched off");
    if (strstr(r.err, "(a gate)")) fail_msg("a gate warning with one vehicle on the network:\n%s", r.err);
    result_free(&r);
    unlink(path);
}

/* A spare dead end beyond A (nX, no station) is a place aside for a
 * vehicle waiting at S for B, but one waiting at S for A's part (A and
 * nX) has none outside it: still warned. */
static void place_aside_in_one_part(void **state) {
    (void)state;
    check_says(false, false, true, true);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(parking_beside_the_gate),
        cmocka_unit_test(no_place_aside),
        cmocka_unit_test(place_aside_in_one_part),
        cmocka_unit_test(kept_out),
)
