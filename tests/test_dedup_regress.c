/*
 * test_dedup_regress.c - what the clean-up of issue 13 fixed on the way,
 * driven through the built command (the tables' fixed notation, never
 * e-notation, is test_cli_misc's):
 *  - what the model's check refuses after the build (batching, a task of a
 *    product that does not come by) is said at the file and line the scene
 *    wrote it, also when it comes from an included scene, not at `file:1`;
 *  - every CSV file of `--out` (with a plan: adherence.csv too) has the
 *    header's number of cells on every row and no empty row.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <stdbool.h>
#include <string.h>

#include "test_helpers.h"
#include "cli_run.h"
#include "test_tmpdir.h"
#include "test_main.h"

/* A base scene whose oven batches, and a retrofit that includes it and
 * gives the next station a buffer: the refusal is the base's `batch` line. */
static void batching_refusal_at_its_line(void **state) {
    (void)state;
    static const char base[] = "stations = (\n"
                               "  { id = \"saw\"; cycle = \"3min\"; },\n"
                               "  { id = \"oven\"; cycle = \"1h\";\n"
                               "    batch = 4; },\n"
                               "  { id = \"pack\"; cycle = \"1min\"; }\n"
                               ");\n"
                               "products = ( { id = \"housing\"; route = [ \"saw\", \"oven\", \"pack\" ]; } );\n"
                               "release = ( { product = \"housing\"; interarrival = \"exp(8min)\"; } );\n";
    static const char retro[] = "@include \"base.cfg\"\n"
                                "stations = ( { id = \"pack\"; buffer = 5; } );\n";
    char b[600], r[600];
    tmpdir_file(b, sizeof b, "base.cfg", base);
    tmpdir_file(r, sizeof r, "retro.cfg", retro);
    result ok = RUN("check", b);
    expect_status(&ok, 0);
    result bad = RUN("check", r);
    expect_status(&bad, 2);
    char want[800];
    snprintf(want, sizeof want, "%s:4: station 'oven': batch: product 'housing' goes on to 'pack', which must have "
             "an unlimited buffer", b);
    expect_contains(bad.err, want);
    assert_null(strstr(bad.err, ":1: "));
    result_free(&ok);
    result_free(&bad);
}

/* Every broken scene of tests/broken/ whose problem is found by the
 * model's check names a line of the scene other than 1 (the whole-file
 * problems, an empty or binary file, are the exceptions test_cli knows). */
static void model_check_problems_have_lines(void **state) {
    (void)state;
    static const char *const files[] = {"batch_next_buffer.cfg", "batch_at_inspection.cfg",
                                        "people_product_not_visiting.cfg"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char rel[200];
        snprintf(rel, sizeof rel, "tests/broken/%s", files[i]);
        result r = RUN("check", scene(0, rel));
        expect_status(&r, 2);
        assert_null(strstr(r.err, ":1: scene:"));
        assert_null(strstr(r.err, ":0:"));
        result_free(&r);
    }
}

/* Cells of a CSV row (commas outside quotes, plus one). */
static int cells(const char *row, size_t len) {
    int n = 1;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        if (row[i] == '"') quoted = !quoted;
        else if (row[i] == ',' && !quoted) n++;
    }
    return n;
}

static void csv_rows_are_whole(void **state) {
    (void)state;
    char plan[600], out[600];
    tmpdir_path(plan, sizeof plan, "plan.csv");
    tmpdir_path(out, sizeof out, "out");
    const char *orders = scene(0, "scenes/orders.cfg");
    EXPECT_STATUS(RUN("schedule", orders, "-o", plan), 0);
    EXPECT_STATUS(RUN("run", orders, "--reps", "2", "--horizon", "3d", "--plan", plan, "--out", out), 0);
    DIR *d = opendir(out);
    assert_non_null(d);
    struct dirent *e;
    int files = 0;
    bool adherence = false;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".csv") != 0) continue;
        adherence |= strcmp(e->d_name, "adherence.csv") == 0;
        char path[900];
        snprintf(path, sizeof path, "%s/%s", out, e->d_name);
        char *text = test_read_file(path);
        assert_non_null(text);
        const char *nl = strchr(text, '\n');
        assert_non_null(nl);
        int want = cells(text, (size_t)(nl - text));
        for (const char *p = nl + 1; *p; p = nl + 1) {
            nl = strchr(p, '\n');
            assert_non_null(nl); /* every row ends with a newline */
            if (nl == p || cells(p, (size_t)(nl - p)) != want)
                fail_msg("%s: the row \"%.*s\" has not the header's %d cells", e->d_name, (int)(nl - p), p, want);
        }
        free(text);
        files++;
    }
    closedir(d);
    assert_true(adherence);
    assert_true(files >= 4);
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown,
        cmocka_unit_test(batching_refusal_at_its_line),
        cmocka_unit_test(model_check_problems_have_lines),
        cmocka_unit_test(csv_rows_are_whole),
)
