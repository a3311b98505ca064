/*
 * test_cli_disassembly.c - disassembly and lot splitting through the
 * command (scenes/remanufacture.cfg): the OCEL 2.0 log still validates
 * against the official schema, the CSV log's disassembled records agree
 * with the run's KPIs, `trace` shows the genealogy both ways, and `run`
 * prints the assembly, batching and disassembly results (JSON and table).
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

#include "test_helpers.h"
#include "cli_run.h"
#include "test_tmpdir.h"
#include "test_main.h"

static void ocel_valid(void **state) {
    (void)state;
    char log[300], cmd[2000];
    tmpdir_path(log, sizeof log, "log.jsonocel");
    EXPECT_STATUS(RUN("run", scene(0, "scenes/remanufacture.cfg"), "--reps", "1", "--horizon", "1d",
                      "--warmup", "0", "--events", log),
                  0);
    char *j = read_all(log);
    assert_true(count_of(j, "\"type\":\"disassembled\"") > 0);
    assert_int_equal(count_of(j, "\"qualifier\":\"part\""), count_of(j, "\"type\":\"disassembled\""));
    free(j);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/validate_ocel.py %s/tests/data/ocel20-schema-json.json %s",
             LINETWIN_SOURCE_DIR, LINETWIN_SOURCE_DIR, log);
    assert_int_equal(system(cmd), 0);
}

/* Per core three parts, per lot ten: the log's disassembled records
 * against the parts the JSON reports, and trace both ways. */
static void log_and_trace(void **state) {
    (void)state;
    char log[300];
    tmpdir_path(log, sizeof log, "log.csv");
    EXPECT_OUT(RUN("run", scene(0, "scenes/remanufacture.cfg"), "--reps", "1", "--horizon", "2d", "--warmup",
                   "0", "--events", log),
               0, "Disassembly");
    char *csv = read_all(log);
    int cores = count_of(csv, ",disassembled,core-") / 3, lots = count_of(csv, ",disassembled,lot-") / 10;
    assert_true(cores > 0 && lots > 0);
    assert_int_equal(count_of(csv, ",disassembled,core-"), 3 * cores);
    assert_int_equal(count_of(csv, ",disassembled,lot-"), 10 * lots);
    assert_int_equal(count_of(csv, ",shipped,core-"), 0); /* taken apart, never shipped */
    free(csv);
    result r = RUN("trace", log, "--unit", "core-1");
    expect_status(&r, 0);
    expect_contains(r.out, "genealogy: taken apart into 3 parts, their histories below");
    assert_int_equal(count_of(r.out, "\npart "), 3);
    result_free(&r);
    EXPECT_OUT(RUN("trace", log, "--unit", "shaft-3"), 0,
               "origin: taken apart from core-1, its history below", "taken apart from core-1: product core");
}

static void json_and_table(void **state) {
    (void)state;
    result r = RUN("run", scene(0, "scenes/remanufacture.cfg"), "--reps", "2", "--horizon", "2d", "--json");
    expect_status(&r, 0);
    expect_contains(r.out, "\"disassembly\": {");
    expect_contains(r.out, "\"product\": \"core\"");
    expect_contains(r.out, "\"taken_apart\": {");
    expect_contains(r.out, "\"part_wait_s\": {");
    assert_int_equal(count_of(r.out, "\"disassembly\": {"), 2);
    result_free(&r);
    EXPECT_OUT(RUN("run", scene(0, "scenes/assembly.cfg"), "--reps", "2", "--horizon", "2d", "--json"), 0,
               "\"assembly\": {", "\"components\": [", "\"buffer_level\": {", "\"batching\": {",
               "\"timeout\": {");
    EXPECT_OUT(RUN("run", scene(0, "scenes/assembly.cfg"), "--reps", "2", "--horizon", "2d"), 0, "Assembly",
               "Batching");
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown,
        cmocka_unit_test(ocel_valid),
        cmocka_unit_test(log_and_trace),
        cmocka_unit_test(json_and_table),
)
