/*
 * test_asrs_stock.c - an AS/RS's initial stock (`initial_stock`,
 * docs/material-handling.md "Route ends: the AS/RS"): raw material in the
 * racks at time 0, released then, retrieved at once for the first station;
 * its units belong to no release. Hand-worked with fixed times; bad input
 * at file:line is in test_cli_misc18.c.
 *
 * The store (as in test_asrs_ends.c): one aisle of one bay and one level,
 * two cells (one a face) both 1 m along and 1 m up from the I/O point, the
 * crane at 1 m/s: a move takes 1 s, each pick-up or deposit 2 s. A
 * retrieval picks its unit 3 s after it starts and drops it after 6 s; a
 * store deposits 5 s after it starts and ends after 6 s.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mdl_asrs.h"
#include "mdl_run.h"

#include "test_expect.h"
#include "test_main.h"
#include "test_timeline.h"

/* The line of every case: the store holding `stock` units of p, station
 * m (60 s a unit) fed from it, p released by `release` (the rest of a
 * release entry), over an hour with no warm-up. */
static mdl_model *stock_line(const char *name, int stock, const char *release) {
    char text[1024];
    int n = snprintf(text, sizeof text,
                     "run = { horizon = \"1h\"; warmup = \"0s\"; replications = 1; seed = 1; };\n"
                     "asrs = ( { id = \"hbw\"; bays = 1; levels = 1; cell = [2.0, 2.0]; speed_x = 1.0; "
                     "speed_y = 1.0; handling = \"2s\"; input_capacity = 1; initial_stock = { p = %d; }; } );\n"
                     "stations = ( { id = \"m\"; cycle = \"const(60s)\"; } );\n"
                     "products = ( { id = \"p\"; route = [\"m\"]; from = \"asrs:hbw\"; } );\n"
                     "release = ( { product = \"p\"; %s } );\n",
                     stock, release);
    assert_true(n > 0 && (size_t)n < sizeof text);
    return test_scene_text(name, text);
}

/* Two units in stock, nothing released in the hour (the first push
 * arrival is at 10 h). Both retrievals are asked for at time 0 (m's
 * buffer is unlimited): the first drops its unit into m at 6 s, the
 * second (6 s to 12 s) at 12 s. m works 60 s each: out at 66 s and 126 s,
 * lead times 66 s and 126 s (released at 0). The units were in their
 * cells 0 to 3 s and 0 to 9 s: 12 unit-seconds, occupancy half that (two
 * cells). Retrieval waits (room granted at 0) 6 s and 12 s. No store by
 * the crane: two single-command retrievals of 6 s. */
static void stock_is_retrieved_at_once(void **state) {
    (void)state;
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_RELEASED, 2.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 2.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 96.0, 1e-9},
        {MDL_KPIS_LINE, 0, MDL_KPI_WIP, (66.0 + 126.0) / 3600.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STORES, 0.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_RETRIEVALS, 2.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_SINGLE, 2.0, 0},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_CYCLE_S, 6.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_RETRIEVAL_WAIT_S, 9.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_STORED, 12.0 / 3600.0, 1e-9},
        {MDL_KPIS_ASRS, 0, MDL_WKPI_OCCUPANCY, 6.0 / 3600.0, 1e-9},
    };
    mdl_model *m = stock_line("stock.cfg", 2, "interarrival = \"const(10h)\";");
    assert_int_equal(mdl_model_product_stock(m, 0), 2);
    TEST_EXPECT_RUN_KPIS(m, want);
    test_timeline t = {.kinds = TEST_KIND(MDL_LOG_CREATE) | TEST_KIND(MDL_LOG_RELEASE) | TEST_KIND(MDL_LOG_EXIT)};
    test_run_recorded(m, 3600.0, test_timeline_record, &t);
    /* both units made and released (at no station) at 0; out at 66 s and 126 s */
    assert_string_equal(t.text, "created 0 s at -1\nreleased 0 s at -1\ncreated 0 s at -1\nreleased 0 s at -1\n"
                                "shipped 66 s at -1\nshipped 126 s at -1\n");
    mdl_model_free(m);
}

/* One unit in stock beside a CONWIP loop of 1. At 0 the stock unit s is
 * retrieved (into m at 6 s, out at 66 s) and the loop's c1 goes onto the
 * input point; stored 6 to 12 s (deposited at 11 s), retrieved 12 to
 * 18 s, it waits in m's buffer till 66 s: out at 126 s. s's exit releases
 * nothing (it is of no release); c1's releases c2 at 126 s: stored 126 to
 * 132 s, retrieved to m at 138 s, out at 198 s; each next unit 72 s
 * later. In the hour: s and c1 .. c49 out (c49 at 126 + 48 x 72 = 3582
 * s), 51 released (c50 at 3582 s); lead times 66, 126 and 48 x 72 s:
 * mean 3648 / 50 s. A stock unit that released a loop unit would give 2
 * loop units in the line and about twice the units out. */
static void stock_belongs_to_no_release(void **state) {
    (void)state;
    static const test_kpi want[] = {
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_RELEASED, 51.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 50.0, 0},
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 3648.0 / 50.0, 1e-9},
    };
    mdl_model *m = stock_line("loop.cfg", 1, "conwip = 1;");
    TEST_EXPECT_RUN_KPIS(m, want);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(stock_is_retrieved_at_once), cmocka_unit_test(stock_belongs_to_no_release), )
