/*
 * test_kanban_reentry.c - a kanban loop over a route that comes back into
 * the loop (mdl_run_routing.c, mdl__kanban_leave; the room check in
 * mdl_run.c). The card is taken when a unit first enters the loop's first
 * station and comes back when it leaves the loop's last station for the
 * last time, so a unit that comes back never waits for a card. Before,
 * the card came back at the first pass of the last station and the
 * re-entry needed a new one: with every card out the line stood still.
 * Also CONWIP shared by several products (a loop fed by their unlimited
 * releases, which take turns). Deterministic lines, worked out by hand
 * below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_orders.h"
#include "mdl_run.h"
#include "scn_diag.h"
#include "scn_scene.h"

#include "test_helpers.h"
#include "test_main.h"

#define DAY 86400.0

static mdl_batch *run_day(const char *text) {
    scn_diags *d = scn_diags_new();
    mdl_model *m = scn_load_buffer("t.cfg", text, strlen(text), NULL, NULL, 0, d);
    for (size_t i = 0; !m && i < scn_diags_count(d); i++) print_message("%s\n", scn_diags_get(d, i));
    assert_non_null(m);
    mdl_batch *b = test_run_batch(m, 0.0, DAY, 1, 1, 1);
    mdl_model_free(m);
    scn_diags_free(d);
    return b;
}

#define STATIONS                                                                                                \
    "stations = ( { id = \"a\"; cycle = \"const(1min)\"; }, { id = \"b\"; cycle = \"const(2min)\"; },\n"         \
    "             { id = \"c\"; cycle = \"const(1min)\"; }, { id = \"d\"; cycle = \"const(1min)\"; } );\n"

/* One product on `route` from an unlimited supply, one kanban card over
 * a..b: a day's run. */
static mdl_batch *one_card_over_ab(const char *route) {
    char text[1024];
    snprintf(text, sizeof text,
             "%sproducts = ( { id = \"p\"; route = %s; } );\n"
             "release = ( { product = \"p\"; unlimited = true; } );\n"
             "kanban = ( { id = \"k\"; from = \"a\"; to = \"b\"; cards = 1; } );\n",
             STATIONS, route);
    return run_day(text);
}

/* Route a, b, a (30 s) with one card over a..b and a supermarket in front
 * of a: one unit at a time, a 1 + b 2 + a 0.5 = 3.5 min; unit k leaves at
 * 3.5 k min, so 411 units in 1,440 min (3.5 x 412 = 1,442 > 1,440). */
static void reenter_first_station(void **state) {
    (void)state;
    mdl_batch *b = one_card_over_ab("( \"a\", \"b\", { station = \"a\"; cycle = \"const(30s)\"; } )");
    assert_near(mdl_batch_kpi(b, MDL_KPI_UNITS_OUT).mean, 411.0, 1e-9);
    assert_near(mdl_batch_kpi(b, MDL_KPI_THROUGHPUT_PER_H).mean, 411.0 / 24.0, 1e-9);
    assert_near(mdl_batch_station_kpi(b, 0, MDL_SKPI_UNITS_DONE).mean, 2.0 * 411.0 + 1.0, 1e-9); /* + the 412th's first visit */
    mdl_batch_free(b);
}

/* Route a, b, c, b, d with one card over a..b: the card is held from a to
 * the second pass of b (a 1 + b 2 + c 1 + b 2 = 6 min); unit k (from 0)
 * enters a at 6k and leaves d at 6k + 7 min: 6k + 7 <= 1,440 for
 * k = 0 .. 238, 239 units. */
static void reenter_last_station(void **state) {
    (void)state;
    mdl_batch *b = one_card_over_ab("[ \"a\", \"b\", \"c\", \"b\", \"d\" ]");
    assert_near(mdl_batch_kpi(b, MDL_KPI_UNITS_OUT).mean, 239.0, 1e-9);
    mdl_batch_free(b);
}

/* 200 orders of one unit at time 0 on route a, b, a (30 s) with 3 cards:
 * every unit finishes. Stations a (1.5 min per unit over its two visits)
 * and b (2 min) are never idle while units wait (three cards keep one
 * unit at b and one at a or coming back), so b, the bottleneck, sets the
 * pace: the last unit leaves at about 200 x 2 min, well inside the day. */
static void every_order_finishes(void **state) {
    (void)state;
    char *text = malloc(64 * 1024);
    assert_non_null(text);
    size_t at = (size_t)snprintf(text, 64 * 1024, "%s%s", STATIONS,
                                 "products = ( { id = \"p\"; route = ( \"a\", \"b\", { station = \"a\"; cycle = "
                                 "\"const(30s)\"; } ); } );\n"
                                 "kanban = ( { id = \"k\"; from = \"a\"; to = \"b\"; cards = 3; } );\n"
                                 "release = ( { orders = ( ");
    for (int i = 0; i < 200; i++)
        at += (size_t)snprintf(text + at, 64 * 1024 - at, "%s{ id = \"o%d\"; product = \"p\"; quantity = 1; }",
                               i ? ", " : "", i);
    snprintf(text + at, 64 * 1024 - at, " ); } );\n");
    mdl_batch *b = run_day(text);
    assert_near(mdl_batch_kpi(b, MDL_KPI_UNITS_OUT).mean, 200.0, 1e-9);
    assert_true(mdl_batch_kpi(b, MDL_KPI_LEAD_TIME_S).mean < 200.0 * 120.0);
    mdl_batch_free(b);
    free(text);
}

/* CONWIP shared by two products: one card over a..b and an unlimited
 * release of each product at a, which take turns. Unit k (from 0) enters
 * a at 3k min and leaves b at 3k + 3 (a 1 + b 2): 480 units in 1,440 min,
 * 240 of each product (10 per hour each). Before, the second product's
 * unlimited release was never used. */
static void conwip_shared_by_two_products(void **state) {
    (void)state;
    scn_diags *d = scn_diags_new();
    const char *text = STATIONS "products = ( { id = \"p1\"; route = [ \"a\", \"b\" ]; },\n"
                                "             { id = \"p2\"; route = [ \"a\", \"b\" ]; } );\n"
                                "release = ( { product = \"p1\"; unlimited = true; }, { product = \"p2\"; unlimited = true; } );\n"
                                "kanban = ( { id = \"k\"; from = \"a\"; to = \"b\"; cards = 1; } );\n";
    mdl_model *m = scn_load_buffer("t.cfg", text, strlen(text), NULL, NULL, 0, d);
    assert_non_null(m);
    mdl_batch *b = test_run_batch(m, 0.0, DAY, 1, 1, 1);
    assert_near(mdl_batch_kpi(b, MDL_KPI_UNITS_OUT).mean, 480.0, 1e-9);
    for (int p = 0; p < 2; p++) {
        assert_near(mdl_batch_product_kpi(b, p, MDL_PKPI_UNITS_OUT).mean, 240.0, 1e-9);
        assert_near(mdl_batch_product_kpi(b, p, MDL_PKPI_THROUGHPUT_PER_H).mean, 10.0, 1e-9);
    }
    assert_near(mdl_batch_kpi(b, MDL_KPI_WIP).mean, 1.0, 1e-9);
    mdl_batch_free(b);
    mdl_model_free(m);
    scn_diags_free(d);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(reenter_first_station),
        cmocka_unit_test(reenter_last_station),
        cmocka_unit_test(every_order_finishes),
        cmocka_unit_test(conwip_shared_by_two_products),
)
