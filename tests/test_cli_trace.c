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
#include "test_main.h"

static const char *golden(void) { return scene(0, "tests/golden/eventlog_small.csv"); }

/* The lines of text that contain `part`. */
static int lines_with(const char *text, const char *part) {
    int n = 0;
    for (const char *p = text; (p = strstr(p, part)); p += strlen(part)) n++;
    return n;
}

static void unit_history(void **state) {
    (void)state;
    result r = RUN("trace", golden(), "--unit", "gear-1");
    expect_status(&r, 0);
    expect_contains(r.out, "unit gear-1: product gear, order PO-7");
    /* cut, mill, check, mill, check: five operations, two inspections
     * failed, one rework pass, then the cap. */
    assert_int_equal(lines_with(r.out, " started "), 5);
    assert_int_equal(lines_with(r.out, " inspected "), 2);
    assert_int_equal(lines_with(r.out, "defect made at mill"), 2);
    expect_contains(r.out, "2026-03-02T06:10:00.000Z      600.000  started         cut            1\n");
    assert_null(strstr(r.out, "06:14:00")); /* gear-2's block, not gear-1's */
    result_free(&r);
}

static void unit_end_and_rework(void **state) {
    (void)state;
    result r = RUN("trace", golden(), "--unit", "gear-1");
    expect_status(&r, 0);
    expect_contains(r.out, "status: scrapped at 2026-03-02T06:28:00.000Z, rework_cap\n");
    expect_contains(r.out, "rework passes: 1\n");
    expect_contains(r.out, "genealogy: no components");
    assert_null(strstr(r.out, "gear-2"));
    result_free(&r);
    /* By number alone, a shipped unit with its setup. */
    r = RUN("trace", golden(), "--unit", "3");
    expect_status(&r, 0);
    expect_contains(r.out, "unit shaft-3: product shaft, order none");
    expect_contains(r.out, "status: shipped at 2026-03-02T06:34:00.000Z, good\n");
    expect_contains(r.out, "setup");
    result_free(&r);
}

static void order_history(void **state) {
    (void)state;
    result r = RUN("trace", golden(), "--order", "PO-7");
    expect_status(&r, 0);
    expect_contains(r.out, "order PO-7: product gear");
    expect_contains(r.out, "units: 2 created, 0 shipped, 2 scrapped, 0 in the line at the end\n");
    expect_contains(r.out, "order_released");
    assert_true(lines_with(r.out, "gear-1 ") > 10);
    assert_true(lines_with(r.out, "gear-2 ") > 10);
    assert_null(strstr(r.out, "shaft"));
    result_free(&r);
}

/* A log the command wrote itself, read back: every unit of a week of the
 * demo line that was shipped says so. */
static void log_of_a_run(void **state) {
    (void)state;
    char dir[] = "/tmp/test_cli_trace.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char log[200];
    snprintf(log, sizeof log, "%s/demo.csv", dir);
    result r = RUN("run", scene(1, "scenes/demo.cfg"), "--reps", "1", "--horizon", "1w", "--warmup", "0", "--events",
                   log);
    expect_status(&r, 0);
    result_free(&r);
    r = RUN("trace", log, "--unit", "housing-1");
    expect_status(&r, 0);
    expect_contains(r.out, "unit housing-1: product housing, order none");
    expect_contains(r.out, "status: shipped at 2026-01-05T");
    result_free(&r);
    r = RUN("trace", log, "--unit", "housing-999999");
    expect_status(&r, 1);
    expect_contains(r.err, "no unit housing-999999 in the log");
    result_free(&r);
    unlink(log);
    rmdir(dir);
}

static void bad_logs_and_usage(void **state) {
    (void)state;
    result r = RUN("trace", "/nonexistent/log.csv", "--unit", "a-1");
    expect_status(&r, 1);
    expect_contains(r.err, "cannot read /nonexistent/log.csv");
    result_free(&r);
    r = RUN("trace", scene(2, "scenes/demo.cfg"), "--unit", "a-1"); /* not a log */
    expect_status(&r, 2);
    expect_contains(r.err, "demo.cfg:1: not a CSV event log");
    result_free(&r);
    r = RUN("trace", golden(), "--unit", "gear-1", "--order", "PO-7");
    expect_status(&r, 2);
    expect_contains(r.err, "give one of --unit SERIAL or --order ID");
    result_free(&r);
    r = RUN("trace", golden());
    expect_status(&r, 2);
    result_free(&r);
    r = RUN("trace", golden(), "--order", "PO-8");
    expect_status(&r, 1);
    expect_contains(r.err, "no order PO-8");
    result_free(&r);
    r = RUN("trace", "--help");
    expect_status(&r, 0);
    expect_contains(r.out, "--unit SERIAL");
    result_free(&r);
    r = RUN("--help");
    expect_contains(r.out, "trace LOG");
    result_free(&r);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(unit_history),   cmocka_unit_test(unit_end_and_rework), cmocka_unit_test(order_history),
        cmocka_unit_test(log_of_a_run),   cmocka_unit_test(bad_logs_and_usage),
)
