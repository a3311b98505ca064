/*
 * cli_compare.h - `compare`'s AS/RS section, as the command-line tests of
 * it read it: a scene of the source tree against itself with some lines
 * added (an @include of it in the scratch directory), the table's section
 * and the JSON's asrs_diff. Header only; include after cli_run.h and
 * test_tmpdir.h.
 *
 *   asrs_compare c = compare_asrs("scenes/warehouse.cfg", "faster.cfg", lines, "1w");
 *   ... c.sec, c.diff ...
 *   asrs_compare_free(&c);
 */
#ifndef LINETWIN_TESTS_CLI_COMPARE_H
#define LINETWIN_TESTS_CLI_COMPARE_H

#include <stdio.h>
#include <string.h>

/* The two runs of a compare (the table, --json) and where, in each, the
 * AS/RS part starts. */
typedef struct asrs_compare {
    result table, json;
    const char *sec;  /* the table's "\nAS/RS " section */
    const char *diff; /* the JSON's "asrs_diff": [ */
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
 * JSON: both exit 0, with an AS/RS section and an asrs_diff. */
static inline asrs_compare compare_asrs(const char *rel, const char *name, const char *lines,
                                        const char *horizon) {
    char base[600], retro[600], text[1200];
    snprintf(base, sizeof base, "%s/%s", LINETWIN_SOURCE_DIR, rel);
    snprintf(retro, sizeof retro, "%s", base);
    if (name) {
        int n = snprintf(text, sizeof text, "@include \"%s\"\n%s", base, lines);
        assert_true(n > 0 && (size_t)n < sizeof text);
        tmpdir_file(retro, sizeof retro, name, text);
    }
    asrs_compare c;
    c.table = RUN("compare", base, retro, "--reps", "2", "--horizon", horizon, "--warmup", "1d");
    expect_status(&c.table, 0);
    c.sec = expect_from(c.table.out, "\nAS/RS ");
    c.json = RUN("compare", base, retro, "--reps", "2", "--horizon", horizon, "--warmup", "1d", "--json");
    expect_status(&c.json, 0);
    c.diff = expect_from(c.json.out, "\"asrs_diff\": [");
    return c;
}

static inline void asrs_compare_free(asrs_compare *c) {
    result_free(&c->table);
    result_free(&c->json);
}

#endif
