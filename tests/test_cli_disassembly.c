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

#include "cli_run.h"

static int count(const char *text, const char *part) {
    int n = 0;
    for (const char *p = text; (p = strstr(p, part)); p += strlen(part)) n++;
    return n;
}

static char *read_all(const char *path) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static void ocel_valid(void **state) {
    (void)state;
    char dir[] = "/tmp/test_cli_disassembly.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char log[200], cmd[2000];
    snprintf(log, sizeof log, "%s/log.jsonocel", dir);
    result r = RUN("run", scene(0, "scenes/remanufacture.cfg"), "--reps", "1", "--horizon", "1d", "--warmup", "0",
                   "--events", log);
    expect_status(&r, 0);
    result_free(&r);
    char *j = read_all(log);
    assert_true(count(j, "\"type\":\"disassembled\"") > 0);
    assert_int_equal(count(j, "\"qualifier\":\"part\""), count(j, "\"type\":\"disassembled\""));
    free(j);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/validate_ocel.py %s/tests/data/ocel20-schema-json.json %s",
             LINETWIN_SOURCE_DIR, LINETWIN_SOURCE_DIR, log);
    assert_int_equal(system(cmd), 0);
    unlink(log);
    rmdir(dir);
}

/* Per core three parts, per lot ten: the log's disassembled records
 * against the parts the JSON reports, and trace both ways. */
static void log_and_trace(void **state) {
    (void)state;
    char dir[] = "/tmp/test_cli_disassembly.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char log[200];
    snprintf(log, sizeof log, "%s/log.csv", dir);
    result r = RUN("run", scene(0, "scenes/remanufacture.cfg"), "--reps", "1", "--horizon", "2d", "--warmup", "0",
                   "--events", log);
    expect_status(&r, 0);
    expect_contains(r.out, "Disassembly");
    result_free(&r);
    char *csv = read_all(log);
    int cores = count(csv, ",disassembled,core-") / 3, lots = count(csv, ",disassembled,lot-") / 10;
    assert_true(cores > 0 && lots > 0);
    assert_int_equal(count(csv, ",disassembled,core-"), 3 * cores);
    assert_int_equal(count(csv, ",disassembled,lot-"), 10 * lots);
    assert_int_equal(count(csv, ",shipped,core-"), 0); /* taken apart, never shipped */
    free(csv);
    r = RUN("trace", log, "--unit", "core-1");
    expect_status(&r, 0);
    expect_contains(r.out, "genealogy: taken apart into 3 parts, their histories below");
    assert_int_equal(count(r.out, "\npart "), 3);
    result_free(&r);
    r = RUN("trace", log, "--unit", "shaft-3");
    expect_status(&r, 0);
    expect_contains(r.out, "origin: taken apart from core-1, its history below");
    expect_contains(r.out, "taken apart from core-1: product core");
    result_free(&r);
    unlink(log);
    rmdir(dir);
}

static void json_and_table(void **state) {
    (void)state;
    result r = RUN("run", scene(0, "scenes/remanufacture.cfg"), "--reps", "2", "--horizon", "2d", "--json");
    expect_status(&r, 0);
    expect_contains(r.out, "\"disassembly\": {");
    expect_contains(r.out, "\"product\": \"core\"");
    expect_contains(r.out, "\"taken_apart\": {");
    expect_contains(r.out, "\"part_wait_s\": {");
    assert_int_equal(count(r.out, "\"disassembly\": {"), 2);
    result_free(&r);
    r = RUN("run", scene(0, "scenes/assembly.cfg"), "--reps", "2", "--horizon", "2d", "--json");
    expect_status(&r, 0);
    expect_contains(r.out, "\"assembly\": {");
    expect_contains(r.out, "\"components\": [");
    expect_contains(r.out, "\"buffer_level\": {");
    expect_contains(r.out, "\"batching\": {");
    expect_contains(r.out, "\"timeout\": {");
    result_free(&r);
    r = RUN("run", scene(0, "scenes/assembly.cfg"), "--reps", "2", "--horizon", "2d");
    expect_status(&r, 0);
    expect_contains(r.out, "Assembly");
    expect_contains(r.out, "Batching");
    result_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ocel_valid),
        cmocka_unit_test(log_and_trace),
        cmocka_unit_test(json_and_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
