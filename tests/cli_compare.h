/*
 * cli_compare.h - `compare`'s sections of the plant's entities (AS/RS,
 * docks, conveyors, batching, assembly, disassembly), as the command-line
 * tests of them read them: a scene of the source tree against itself with
 * some lines added (an @include of it in the scratch directory), the
 * table's section and the JSON's `<kind>_diff`. Header only; include after
 * cli_run.h and test_tmpdir.h.
 *
 *   asrs_compare c = compare_asrs("scenes/warehouse.cfg", "faster.cfg", lines, "1w");
 *   asrs_compare d = compare_section("scenes/docks.cfg", NULL, NULL, "2d", "Docks", "dock_diff");
 *   ... c.sec, c.diff, diff_value(c.diff, "cycle_s", "base") ...
 *   asrs_compare_free(&c);
 */
#ifndef LINETWIN_TESTS_CLI_COMPARE_H
#define LINETWIN_TESTS_CLI_COMPARE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The two runs of a compare (the table, --json) and where, in each, the
 * section starts. */
typedef struct asrs_compare {
    result table, json;
    const char *sec;  /* the table's section, e.g. "\nAS/RS " */
    const char *diff; /* the JSON's array, e.g. "asrs_diff": [ */
} asrs_compare;

/* text from the first `part` on; the test fails, printing text, where part
 * stands nowhere in it. */
static inline const char *expect_from(const char *text, const char *part) {
    const char *at = strstr(text, part);
    if (!at) fail_msg("no \"%s\" in:\n%.4000s", part, text);
    return at;
}

/* `compare` of the source tree's scene `rel` (base) against the retrofit
 * tmpdir/name, rel with `lines` added (name NULL: against itself), 2
 * replications over `horizon` after a day's warm-up, as a table and as
 * JSON: both exit 0, with the section titled `title` and the JSON array
 * `key`. */
static inline asrs_compare compare_section(const char *rel, const char *name, const char *lines,
                                           const char *horizon, const char *title, const char *key) {
    char base[600], retro[600], text[1200], sec[80], arr[80];
    snprintf(base, sizeof base, "%s/%s", LINETWIN_SOURCE_DIR, rel);
    snprintf(retro, sizeof retro, "%s", base);
    if (name) {
        int n = snprintf(text, sizeof text, "@include \"%s\"\n%s", base, lines);
        assert_true(n > 0 && (size_t)n < sizeof text);
        tmpdir_file(retro, sizeof retro, name, text);
    }
    snprintf(sec, sizeof sec, "\n%s ", title);
    snprintf(arr, sizeof arr, "\"%s\": [", key);
    asrs_compare c;
    c.table = RUN("compare", base, retro, "--reps", "2", "--horizon", horizon, "--warmup", "1d");
    expect_status(&c.table, 0);
    c.sec = expect_from(c.table.out, sec);
    c.json = RUN("compare", base, retro, "--reps", "2", "--horizon", horizon, "--warmup", "1d", "--json");
    expect_status(&c.json, 0);
    c.diff = expect_from(c.json.out, arr);
    return c;
}

/* The AS/RS section and asrs_diff (compare_section). */
static inline asrs_compare compare_asrs(const char *rel, const char *name, const char *lines,
                                        const char *horizon) {
    return compare_section(rel, name, lines, horizon, "AS/RS", "asrs_diff");
}

/* The mean of `key` on side `side` ("base", "retrofit") or of its paired
 * difference ("diff") in the JSON from d on (its first `key` object). */
static inline double diff_value(const char *d, const char *key, const char *side) {
    char k[80];
    snprintf(k, sizeof k, "\"%s\": {", key);
    const char *at = strstr(d, k);
    if (!at) fail_msg("no %s in:\n%.2000s", key, d);
    if (strcmp(side, "diff") == 0) return strtod(strstr(strstr(at, "\"diff\": {"), "\"mean\": ") + 8, NULL);
    snprintf(k, sizeof k, "\"%s\": ", side);
    return strtod(strstr(at, k) + strlen(k), NULL);
}

static inline void asrs_compare_free(asrs_compare *c) {
    result_free(&c->table);
    result_free(&c->json);
}

#endif
