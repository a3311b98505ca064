/*
 * test_cli_trace.c - `linetwin trace LOG --unit SERIAL | --order ID`: a
 * unit's and an order's history from the golden event log
 * (tests/golden/eventlog_small.csv, worked out by hand in
 * tests/test_eventlog.c), by serial and by number; the end of a log written
 * by `run --events`; what it says about logs and units it cannot find.
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
#include "test_tmpdir.h"
#include "test_main.h"

static const char *golden(void) { return scene(0, "tests/golden/eventlog_small.csv"); }

static void unit_history(void **state) {
    (void)state;
    result r = RUN("trace", golden(), "--unit", "gear-1");
    expect_status(&r, 0);
    expect_contains(r.out, "unit gear-1: product gear, order PO-7");
    /* cut, mill, check, mill, check: five operations, two inspections
     * failed, one rework pass, then the cap. */
    assert_int_equal(count_of(r.out, " started "), 5);
    assert_int_equal(count_of(r.out, " inspected "), 2);
    assert_int_equal(count_of(r.out, "defect made at mill"), 2);
    expect_contains(r.out, "2026-03-02T06:10:00.000Z      600.000  started         cut            1\n");
    assert_null(strstr(r.out, "06:14:00")); /* gear-2's block, not gear-1's */
    /* its end, after one rework pass */
    expect_contains(r.out, "status: scrapped at 2026-03-02T06:28:00.000Z, rework_cap\n");
    expect_contains(r.out, "rework passes: 1\n");
    expect_contains(r.out, "genealogy: no components");
    assert_null(strstr(r.out, "gear-2"));
    result_free(&r);
}

/* By number alone, a shipped unit with its setup. */
static void unit_by_number(void **state) {
    (void)state;
    EXPECT_OUT(RUN("trace", golden(), "--unit", "3"), 0, "unit shaft-3: product shaft, order none",
               "status: shipped at 2026-03-02T06:34:00.000Z, good\n", "setup");
}

static void order_history(void **state) {
    (void)state;
    result r = RUN("trace", golden(), "--order", "PO-7");
    expect_status(&r, 0);
    expect_contains(r.out, "order PO-7: product gear");
    expect_contains(r.out, "units: 2 created, 0 shipped, 2 scrapped, 0 in the line at the end\n");
    expect_contains(r.out, "order_released");
    assert_true(count_of(r.out, "gear-1 ") > 10);
    assert_true(count_of(r.out, "gear-2 ") > 10);
    assert_null(strstr(r.out, "shaft"));
    result_free(&r);
}

/* A log the command wrote itself, read back: every unit of a week of the
 * demo line that was shipped says so. */
static void log_of_a_run(void **state) {
    (void)state;
    char log[300];
    tmpdir_path(log, sizeof log, "demo.csv");
    EXPECT_STATUS(RUN("run", scene(1, "scenes/demo.cfg"), "--reps", "1", "--horizon", "1w", "--warmup", "0",
                      "--events", log),
                  0);
    EXPECT_OUT(RUN("trace", log, "--unit", "housing-1"), 0, "unit housing-1: product housing, order none",
               "status: shipped at 2026-01-05T");
    EXPECT_ERR(RUN("trace", log, "--unit", "housing-999999"), 1, "no unit housing-999999 in the log");
}

static void bad_logs_and_usage(void **state) {
    (void)state;
    EXPECT_ERR(RUN("trace", "/nonexistent/log.csv", "--unit", "a-1"), 1, "cannot read /nonexistent/log.csv");
    result r = RUN("trace", scene(2, "scenes/demo.cfg"), "--unit", "a-1"); /* not a log */
    expect_status(&r, 2);
    expect_contains(r.err, "demo.cfg:1: not a CSV event log");
    result_free(&r);
    EXPECT_ERR(RUN("trace", golden(), "--unit", "gear-1", "--order", "PO-7"), 2,
               "give one of --unit SERIAL or --order ID");
    EXPECT_STATUS(RUN("trace", golden()), 2);
    EXPECT_ERR(RUN("trace", golden(), "--order", "PO-8"), 1, "no order PO-8");
    EXPECT_OUT(RUN("trace", "--help"), 0, "--unit SERIAL");
    r = RUN("--help");
    expect_contains(r.out, "trace LOG");
    result_free(&r);
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown,
        cmocka_unit_test(unit_history),
        cmocka_unit_test(unit_by_number),
        cmocka_unit_test(order_history),
        cmocka_unit_test(log_of_a_run),
        cmocka_unit_test(bad_logs_and_usage),
)
