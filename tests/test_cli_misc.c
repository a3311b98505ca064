/*
 * test_cli_misc.c - the command's side of small fixes:
 *  - `compare` has an AS/RS section (table and JSON `asrs_diff`), like its
 *    fleets, robots and people: the warehouse against a retrofit with
 *    faster cranes;
 *  - the terminal's tables fit their columns to their values: a very small
 *    value (three significant digits in fixed notation, twelve characters)
 *    never pushes the columns after it out of line, and no value is
 *    printed in e-notation, at any size;
 *  - `check`'s capacity line reads an order book's variants: cnc_op10 of
 *    the orders example takes 15 min a unit, its cycle plus the options'
 *    additions of the book's variants, not the 14 min of variant 0.
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
#include <string.h>
#include <unistd.h>

#include "cli_run.h"
#include "test_main.h"
#include "test_tmpdir.h"
#include "cli_compare.h"

/* ---- compare: AS/RS ------------------------------------------------------- */

/* The warehouse's cranes twice as fast in the retrofit: the section names
 * the AS/RS once, with its five rows, and the retrofit's mean cycle is the
 * shorter; in the JSON, asrs_diff has the pair with a paired difference. */
static void compare_has_an_asrs_section(void **state) {
    (void)state;
    asrs_compare c = compare_asrs("scenes/warehouse.cfg", "faster.cfg",
                                  "asrs = ( { id = \"hbw\"; speed_x = 5.0; speed_y = 1.2; } );\n", "1w");
    expect_contains(c.sec, "AS/RS 'hbw'\n");
    static const char *const rows[] = {"crane utilisation", "cycles per hour", "mean cycle time", "occupancy",
                                       "retrieval wait"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) expect_contains(c.sec, rows[i]);
    expect_contains(c.diff, "\"id\": \"hbw\"");
    const char *cyc = strstr(c.diff, "\"cycle_s\": {");
    assert_non_null(cyc);
    double b = strtod(strstr(cyc, "\"base\": ") + 8, NULL);
    double a = strtod(strstr(cyc, "\"retrofit\": ") + 12, NULL);
    double diff = strtod(strstr(strstr(cyc, "\"diff\": {"), "\"mean\": ") + 8, NULL);
    assert_true(b > 0.0 && a > 0.0 && a < b);  /* faster cranes: shorter cycles */
    assert_true(diff < 0.0 && diff > -b);
    expect_contains(c.diff, "\"retrieval_wait_s\": {");
    asrs_compare_free(&c);
}

/* A scene without an AS/RS on either side has neither. */
static void compare_without_asrs_has_none(void **state) {
    (void)state;
    char base[600];
    snprintf(base, sizeof base, "%s/scenes/demo.cfg", LINETWIN_SOURCE_DIR);
    result r = RUN("compare", base, base, "--reps", "2", "--horizon", "2d", "--warmup", "1d", "--json");
    expect_status(&r, 0);
    assert_null(strstr(r.out, "asrs_diff"));
    result_free(&r);
}

/* ---- tables fit their values ------------------------------------------------ */

/* A day of a station drawing `busy` kW while busy (nothing idle), two
 * replications: the scene tmpdir/name, its path into path. */
static const char *tiny_power_scene(char *path, size_t size, const char *name, const char *busy) {
    char text[512];
    int n = snprintf(text, sizeof text,
                     "run = { horizon = \"1d\"; replications = 2; };\n"
                     "stations = ( { id = \"saw\"; cycle = \"3min\";\n"
                     "  power = { busy = %s; idle = 0.0; }; } );\n"
                     "products = ( { id = \"housing\"; route = [ \"saw\" ]; } );\n"
                     "release = ( { product = \"housing\"; interarrival = \"exp(8min)\"; } );\n",
                     busy);
    assert_true(n > 0 && (size_t)n < sizeof text);
    return tmpdir_file(path, size, name, text);
}

/* The table that starts with the line beginning `head`: in each row (up
 * to an empty line) the cell of every right-aligned column ends where its
 * heading ends (a character there, a space or the line's end after it):
 * no value pushed the columns after it out of line. */
static void rows_fit_head(const char *out, const char *head, const char *const *columns, int ncolumns) {
    const char *h = strstr(out, head);
    if (!h) fail_msg("no table %s in:\n%s", head, out);
    const char *nl = strchr(h, '\n');
    assert_non_null(nl);
    int rows = 0;
    for (const char *p = nl + 1; *p && *p != '\n'; rows++) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        for (int c = 0; c < ncolumns; c++) {
            const char *col = strstr(h, columns[c]);
            assert_true(col && col < nl);
            size_t end = (size_t)(col - h) + strlen(columns[c]); /* one past the heading */
            if (!(end <= len && p[end - 1] != ' ' && (end == len || p[end] == ' ')))
                fail_msg("column '%s' out of line:\n%.*s\n%.*s", columns[c], (int)(nl - h), h, (int)len, p);
        }
        p = e ? e + 1 : p + len;
    }
    assert_true(rows > 5);
}

/* A billionth of a kW while busy: the line's energy is about 1e-8 kWh a
 * day, "0.0000000xyz" in three significant digits, wider than the 10
 * characters the table used to give every column. */
static void tables_fit_very_small_values(void **state) {
    (void)state;
    char path[600];
    result r = RUN("run", tiny_power_scene(path, sizeof path, "tiny.cfg", "0.000000001"));
    expect_status(&r, 0);
    expect_contains(r.out, "0.0000000");   /* the small value, in fixed notation */
    static const char *const line[] = {"mean", "+/-95% CI", "min", "max"};
    rows_fit_head(r.out, "Line KPI", line, 4);
    result_free(&r);
    r = RUN("compare", path, path);
    expect_status(&r, 0);
    static const char *const kpi[] = {"base", "retrofit", "difference", "+/-95%", "change"};
    rows_fit_head(r.out, "KPI ", kpi, 5);
    result_free(&r);
}

/* The first cell after `label` on its line of the table. */
static double cell_after(const char *table, const char *label) {
    const char *p = strstr(table, label);
    if (!p) fail_msg("no row %s in:\n%s", label, table);
    return strtod(p + strlen(label), NULL);
}

/* A millionth of a kW while busy: the energy is about 1e-5 kWh a day and
 * the line's good units per kWh about 2e7, in fixed notation in the
 * table, never e-notation (output_format_value: the HTML report's rule). */
static void tables_never_print_e_notation(void **state) {
    (void)state;
    char path[600];
    result t = RUN("run", tiny_power_scene(path, sizeof path, "tiny_power.cfg", "0.000001"));
    expect_status(&t, 0);
    for (const char *p = t.out; *p; p++)
        if (*p >= '0' && *p <= '9' && (p[1] == 'e' || p[1] == 'E') && (p[2] == '-' || p[2] == '+'))
            fail_msg("e-notation in the table: %.40s", p);
    result j = RUN("run", path, "--json");
    expect_status(&j, 0);
    /* three significant digits at both ends: the cell is the JSON's mean
     * rounded (a relative error of at most half a unit of the third digit) */
    double kwh = json_mean(j.out, "energy_kwh"), per_kwh = json_mean(j.out, "units_per_kwh");
    assert_true(kwh > 1e-6 && kwh < 1e-4);
    assert_true(per_kwh > 1e7);
    assert_true(fabs(cell_after(t.out, "Energy [kWh]") - kwh) <= 0.005 * kwh);
    assert_true(fabs(cell_after(t.out, "Good units per kWh") - per_kwh) <= 0.5);
    result_free(&t);
    result_free(&j);
}

/* ---- check: the capacity line reads the variants -------------------------------- */

/* orders.cfg: cnc_op10 (3 servers) has a mean cycle of 13min 58s for
 * variant 0 (bore B40), and each other bore adds 30 s more (0 .. 2 min);
 * the 600 orders of orders.csv add 60.6 s on average (worked out from the
 * file): 14min 58.6s, printed 14min 59s. The line used to print variant
 * 0's 13min 58s. */
static void check_capacity_reads_variants(void **state) {
    (void)state;
    result r = RUN("check", scene(0, "scenes/orders.cfg"));
    expect_status(&r, 0);
    const char *c = strstr(r.out, "Capacity bottleneck: cnc_op10, ");
    if (!c) fail_msg("no capacity line for cnc_op10 in:\n%s", r.out);
    expect_contains(c, "(3 servers x 14min 59s)");
    result_free(&r);
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown, cmocka_unit_test(compare_has_an_asrs_section),
          cmocka_unit_test(compare_without_asrs_has_none), cmocka_unit_test(tables_fit_very_small_values),
          cmocka_unit_test(tables_never_print_e_notation),
          cmocka_unit_test(check_capacity_reads_variants))
