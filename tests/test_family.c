/*
 * test_family.c - product families, flexible route steps and kanban loops
 * in scenes: hand-worked deterministic runs (cycle additions by option, a
 * setup by option change, a cycle time per visit) and bad input
 * (file:line messages). The statistical checks are in
 * tests/validation/test_routing_exact.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_routing.h"
#include "mdl_run.h"
#include "scn_diag.h"
#include "scn_scene.h"

#include "test_helpers.h"
#include "test_scene_text.h"
#include "test_table.h"
#include "test_main.h"

static mdl_model *load(const char *text, scn_diags *d) { return test_scene_load(text, strlen(text), NULL, 0, d); }

/* Mean lead time of one deterministic replication over 1 day. */
static double lead_of(const char *text) {
    scn_diags *d = scn_diags_new();
    mdl_model *m = load(text, d);
    for (size_t i = 0; i < scn_diags_count(d); i++) print_message("%s\n", scn_diags_get(d, i));
    assert_non_null(m);
    mdl_batch *b = test_run_batch(m, 0.0, 86400.0, 1, 1, 1);
    double lt = mdl_batch_kpi(b, MDL_KPI_LEAD_TIME_S).mean;
    mdl_batch_free(b);
    mdl_model_free(m);
    scn_diags_free(d);
    return lt;
}

#define FAMILY_SCENE(ORDERS)                                                                               \
    "stations = ( { id = \"mill\"; cycle = \"const(1min)\"; }, { id = \"paint\"; cycle = \"const(2min)\"; } );\n" \
    "products = ( { id = \"housing\"; route = [ \"mill\", \"paint\" ];\n"                                  \
    "  options = ( { name = \"bore\"; values = [ \"A\", \"B\" ]; cycle = { mill = [ \"0s\", \"40s\" ]; }; },\n" \
    "              { name = \"color\"; values = [ \"red\", \"blue\" ]; setup = { paint = \"6min\"; }; } ); } );\n" \
    "release = ( { orders = ( " ORDERS " ); } );\n"

/* bore=B adds 40 s at the mill: 60 + 40 + 120 s. */
static void cycle_addition(void **state) {
    (void)state;
    assert_near(lead_of(FAMILY_SCENE("{ id = \"o1\"; product = \"housing\"; options = \"bore=B;color=red\"; "
                                     "quantity = 1; }")),
                220.0, 1e-9);
    assert_near(lead_of(FAMILY_SCENE("{ id = \"o1\"; product = \"housing\"; options = \"color=red; bore=A\"; "
                                     "quantity = 1; }")),
                180.0, 1e-9);
}

/* Two units at time 0, colors red then blue: mill 0-60, 60-120; paint
 * o1 60-180, then o2 a 360 s setup (color changes) 180-540 and its cycle
 * 540-660. Lead times 180 and 660: mean 420 (300 without the setup). Same
 * color, bore B (mill 60-160): no setup, paint 180-300 (mean 240). */
static void setup_by_option(void **state) {
    (void)state;
    assert_near(lead_of(FAMILY_SCENE("{ id = \"o1\"; product = \"housing\"; options = \"bore=A;color=red\"; quantity = 1; },"
                                     "{ id = \"o2\"; product = \"housing\"; options = \"bore=A;color=blue\"; quantity = 1; }")),
                420.0, 1e-9);
    assert_near(lead_of(FAMILY_SCENE("{ id = \"o1\"; product = \"housing\"; options = \"bore=A;color=red\"; quantity = 1; },"
                                     "{ id = \"o2\"; product = \"housing\"; options = \"bore=B;color=red\"; quantity = 1; }")),
                240.0, 1e-9);
}

/* A station visited twice, 1 min then 3 min: 60 + 120 + 180 s. */
static void cycle_per_visit(void **state) {
    (void)state;
    assert_near(lead_of("stations = ( { id = \"a\"; cycle = \"const(1min)\"; }, { id = \"b\"; cycle = \"const(2min)\"; } );\n"
                        "products = ( { id = \"p\"; route = ( \"a\", \"b\", { station = \"a\"; cycle = \"const(3min)\"; } ); } );\n"
                        "release = ( { orders = ( { id = \"o\"; product = \"p\"; quantity = 1; } ); } );\n"),
                360.0, 1e-9);
}

/* Bad orders of a family and bad flexible steps: every problem, with its line. */
static const test_refusal bad_input[] = {
    {"variants",
     FAMILY_SCENE("{ id = \"o1\"; product = \"housing\"; options = \"bore=C;color=red\"; quantity = 1; },"
                  "{ id = \"o2\"; product = \"housing\"; options = \"size=A;color=red\"; quantity = 1; },"
                  "{ id = \"o3\"; product = \"housing\"; options = \"bore=A\"; quantity = 1; },"
                  "{ id = \"o4\"; product = \"housing\"; quantity = 1; },"
                  "{ id = \"o5\"; product = \"housing\"; options = \"bore=A;color=red\"; quantity = 1; "
                  "release = \"2h\"; due = \"1h\"; },"
                  "{ id = \"o1\"; product = \"housing\"; options = \"bore=A;color=red\"; quantity = 1; }"),
     {"t.cfg:5: order 'o1': options: option 'bore' has no value 'C'",
      "t.cfg:5: order 'o2': options: no option 'size' in product 'housing'",
      "t.cfg:5: order 'o3': options: missing option 'color'",
      "t.cfg:5: order 'o4': options: missing: product 'housing' is a family",
      "t.cfg:5: order 'o5': due: the due date comes before the release",
      "t.cfg:5: order 'o1': id: duplicate"}},
    {"routes",
     "stations = ( { id = \"m1\"; cycle = \"1min\"; }, { id = \"m2\"; cycle = \"1min\"; } );\n"
     "products = (\n"
     "  { id = \"p\"; route = ( \"m1\", { branch = { m1 = 0.5; m2 = 0.4; }; } ); },\n"
     "  { id = \"q\"; route = ( { any = [ \"m1\", \"m3\" ]; } ); },\n"
     "  { id = \"r\"; route = ( { rule = \"fastest\"; } ); } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(2min)\"; } );\n"
     "kanban = ( { id = \"k\"; from = \"m1\"; to = \"nowhere\"; cards = 3; } );\n",
     {"t.cfg:3: product 'p': branch: the probabilities add up to 0.9, not 1",
      "t.cfg:4: product 'q': any: no station 'm3'",
      "t.cfg:5: product 'r': route: a step group names its stations with one of station, any and branch",
      "t.cfg:7: kanban 'k': to: no station 'nowhere'"}},
};

static void bad_variants_and_routes(void **state) {
    (void)state;
    test_expect_refusals(bad_input, sizeof bad_input / sizeof bad_input[0]);
}

/* A variant is a number in mixed radix, and its name reads back. */
static void variant_numbers(void **state) {
    (void)state;
    scn_diags *d = scn_diags_new();
    mdl_model *m = load(FAMILY_SCENE("{ id = \"o1\"; product = \"housing\"; options = \"bore=B;color=blue\"; quantity = 1; }"), d);
    assert_non_null(m);
    char err[200], name[200];
    assert_int_equal(mdl_model_variant_count(m, 0), 4);
    long v = mdl_model_family_variant(m, 0, "bore=B;color=blue", err, sizeof err);
    assert_int_equal(v, 3);
    assert_string_equal(mdl_model_variant_name(m, 0, v, name, sizeof name), "bore=B;color=blue");
    mdl_model_free(m);
    scn_diags_free(d);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(cycle_addition), cmocka_unit_test(setup_by_option), cmocka_unit_test(cycle_per_visit),
        cmocka_unit_test(bad_variants_and_routes),
        cmocka_unit_test(variant_numbers),
)
