/*
 * test_conveyor_net.c - conveyor networks (mdl_conveyor_net.h): merges
 * against the throughput worked out by hand, diverters by product with
 * exact counts per branch, a loop that feeds a machine by destination with
 * recirculation, a belt's capacity when length / spacing is not whole, and
 * the model's refusals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_conveyor_net.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "test_scene_text.h"
#include "test_expect.h"
#include "test_main.h"
#include "model_fixtures.h"

/* One replication of scene `text` over its run settings; the result (the
 * caller finishes it) and, when wanted, the run's belts' lengths at the end. */
static mdl_rep_result run_text(const char *text, mdl_model **keep) {
    mdl_model *m = test_scene_text("net.cfg", text);
    mdl_rep_result res = fx_run_rep(m, NULL, 0);
    if (keep)
        *keep = m;
    else
        mdl_model_free(m);
    return res;
}

static double belt_units(const mdl_rep_result *res, const mdl_model *m, const char *id) {
    int c = mdl_model_find_conveyor(m, id);
    assert_true(c >= 0);
    return mdl_rep_conveyor_kpi(res, c, MDL_CKPI_UNITS);
}

/* Two belts a and b (2 m at 1 m/s, 0.5 m apart) merge into `main` (10 m at
 * 1 m/s, units 2 m apart: its entry is free every 2 s, so it carries at
 * most 0.5 units/s) that ends at M. A1 and A2 put units on a and b. */
static const char merge_scene[] =
    "run = { warmup = \"600s\"; horizon = \"4200s\"; replications = 1; };\n"
    "stations = ( { id = \"A1\"; cycle = \"1s\"; }, { id = \"A2\"; cycle = \"1s\"; },\n"
    "             { id = \"M\"; cycle = \"0.1s\"; } );\n"
    "products = ( { id = \"pa\"; route = [ \"A1\", \"M\" ]; transport = { A1 = \"conveyor:a\"; }; },\n"
    "             { id = \"pb\"; route = [ \"A2\", \"M\" ]; transport = { A2 = \"conveyor:b\"; }; } );\n"
    "conveyors = ( { id = \"a\"; length = 2.0; speed = 1.0; spacing = 0.5; },\n"
    "              { id = \"b\"; length = 2.0; speed = 1.0; spacing = 0.5; },\n"
    "              { id = \"main\"; length = 10.0; speed = 1.0; spacing = 2.0; } );\n";

static void merge_run(const char *release, const char *rule, double *a, double *b, double *main_units) {
    char text[4096];
    snprintf(text, sizeof text, "%s%s\nmerges = ( { id = \"join\"; inputs = [ \"a\", \"b\" ]; output = \"main\"; "
             "rule = \"%s\"; } );\n", merge_scene, release, rule);
    mdl_model *m = NULL;
    mdl_rep_result res = run_text(text, &m);
    *a = belt_units(&res, m, "a");
    *b = belt_units(&res, m, "b");
    *main_units = belt_units(&res, m, "main");
    assert_true(fabs(*main_units - (*a + *b)) <= 1.0); /* what goes in comes out, but the one on the junction */
    fx_run_done(&res, NULL, m);
}

/* Deterministic feeds below the merged belt's capacity: one unit every
 * 10 s on a and every 15 s on b. The merged belt carries
 * min(1/10 + 1/15, 1/2) = 1/6 units/s: 600 in the hour's window, 360 of a
 * (a share of 0.6) and 240 of b, whatever the rule. */
static void merge_below_capacity(void **state) {
    (void)state;
    const char *rel = "release = ( { product = \"pa\"; interarrival = \"10s\"; },\n"
                      "            { product = \"pb\"; interarrival = \"15s\"; } );";
    const double window = 3600.0, la = 1.0 / 10.0, lb = 1.0 / 15.0, cap = 1.0 / 2.0;
    const char *rules[] = {"alternate", "priority"};
    for (int k = 0; k < 2; k++) {
        double a, b, mn;
        merge_run(rel, rules[k], &a, &b, &mn);
        assert_true(fabs(mn - window * fmin(la + lb, cap)) <= 1.0);
        assert_true(fabs(a - window * la) <= 1.0);
        assert_true(fabs(b - window * lb) <= 1.0);
        assert_true(fabs(a / mn - la / (la + lb)) < 0.005);
    }
}

/* Saturated: both sources never starve (unlimited), each belt always has a
 * unit waiting at the merge. The merged belt carries its capacity, 1/2
 * unit/s = 1800 units in the window; "alternate" gives each input exactly
 * half (they differ by at most the one unit of the turn in hand), and
 * "priority" gives everything to a, the first input, and nothing to b. */
static void merge_saturated(void **state) {
    (void)state;
    const char *rel = "release = ( { product = \"pa\"; unlimited = true; }, { product = \"pb\"; unlimited = true; } );";
    double a, b, mn;
    merge_run(rel, "alternate", &a, &b, &mn);
    assert_true(fabs(mn - 1800.0) <= 1.0);
    assert_true(fabs(a - b) <= 1.0);
    assert_true(fabs(a - 900.0) <= 1.0);
    merge_run(rel, "priority", &a, &b, &mn);
    assert_true(fabs(mn - 1800.0) <= 1.0);
    assert_true(fabs(a - 1800.0) <= 1.0);
    assert_true(b == 0.0);
}

/* S (1 s) puts every unit on `main` (5 m at 1 m/s); a diverter by product
 * sends pa onto bx, pb onto by and every other product (pc) onto bz, each
 * 5 m at 1 m/s to its own machine. Releases every 10, 20 and 30 s (the
 * first one interarrival after the start): a unit reaches the end of its branch 11 s (plus at most 2 s
 * waiting at S behind units released at the same instant) after its
 * release, never on the window's bounds 600 s and 4200 s, so the counts in
 * the window are exact: 360, 180 and 120. */
static void diverter_by_product(void **state) {
    (void)state;
    const char *text =
        "run = { warmup = \"600s\"; horizon = \"4200s\"; replications = 1; };\n"
        "stations = ( { id = \"S\"; cycle = \"1s\"; }, { id = \"X\"; cycle = \"1s\"; },\n"
        "             { id = \"Y\"; cycle = \"1s\"; }, { id = \"Z\"; cycle = \"1s\"; } );\n"
        "products = ( { id = \"pa\"; route = [ \"S\", \"X\" ]; transport = { S = \"conveyor:main\"; }; },\n"
        "             { id = \"pb\"; route = [ \"S\", \"Y\" ]; transport = { S = \"conveyor:main\"; }; },\n"
        "             { id = \"pc\"; route = [ \"S\", \"Z\" ]; transport = { S = \"conveyor:main\"; }; } );\n"
        "release = ( { product = \"pa\"; interarrival = \"10s\"; }, { product = \"pb\"; interarrival = \"20s\"; },\n"
        "            { product = \"pc\"; interarrival = \"30s\"; } );\n"
        "conveyors = ( { id = \"main\"; length = 5.0; speed = 1.0; spacing = 0.5; },\n"
        "              { id = \"bx\"; length = 5.0; speed = 1.0; spacing = 0.5; },\n"
        "              { id = \"by\"; length = 5.0; speed = 1.0; spacing = 0.5; },\n"
        "              { id = \"bz\"; length = 5.0; speed = 1.0; spacing = 0.5; } );\n"
        "diverters = ( { id = \"sort\"; input = \"main\"; rule = \"product\";\n"
        "                outputs = ( { conveyor = \"by\"; products = [ \"pb\" ]; },\n"
        "                            { conveyor = \"bz\"; },\n"
        "                            { conveyor = \"bx\"; products = [ \"pa\" ]; } ); } );\n";
    mdl_model *m = NULL;
    mdl_rep_result res = run_text(text, &m);
    assert_true(belt_units(&res, m, "bx") == 360.0);
    assert_true(belt_units(&res, m, "by") == 180.0);
    assert_true(belt_units(&res, m, "bz") == 120.0);
    assert_true(belt_units(&res, m, "main") == 660.0);
    fx_run_done(&res, NULL, m);
}

/* A loop feeds X (60 s, buffer 1) by destination. S (1 s) puts ten units,
 * one every 10 s (the first one interarrival after the start), on `feed`
 * (2 m at 1 m/s); it merges into loop_a (5 m), whose diverter drops a unit
 * into X when X has room and else sends it on round loop_b (5 m) back into
 * loop_a: one round is 10 s. The first unit reaches X at 10 + 1 + 2 + 5 =
 * 18 s; from then on X always finds its next unit in its buffer, refilled
 * within a round of the room opening, so it works without a break and the
 * tenth unit leaves at 18 + 10 x 60 = 618 s exactly. Units 3 to 10 find X
 * full at least once: they recirculate. */
static const char loop_scene[] =
    "stations = ( { id = \"S\"; cycle = \"1s\"; }, { id = \"X\"; cycle = \"60s\"; buffer = 1; } );\n"
    "products = ( { id = \"p\"; route = [ \"S\", \"X\" ]; transport = { S = \"conveyor:feed\"; }; } );\n"
    "release = ( { product = \"p\"; interarrival = \"10s\"; limit = 10; } );\n"
    "conveyors = ( { id = \"feed\"; length = 2.0; speed = 1.0; spacing = 0.5; },\n"
    "              { id = \"loop_a\"; length = 5.0; speed = 1.0; spacing = 0.5; },\n"
    "              { id = \"loop_b\"; length = 5.0; speed = 1.0; spacing = 0.5; } );\n"
    "merges = ( { id = \"in\"; inputs = [ \"loop_b\", \"feed\" ]; output = \"loop_a\"; rule = \"priority\"; } );\n"
    "diverters = ( { id = \"at_x\"; input = \"loop_a\"; rule = \"destination\";\n"
    "                outputs = ( { station = \"X\"; }, { conveyor = \"loop_b\"; } ); } );\n";

static void loop_recirculates(void **state) {
    (void)state;
    const double horizon[] = {617.9, 618.1};
    const double out[] = {9.0, 10.0};
    for (int k = 0; k < 2; k++) {
        char text[4096];
        snprintf(text, sizeof text, "run = { warmup = 0; horizon = %.1f; replications = 1; };\n%s", horizon[k],
                 loop_scene);
        mdl_model *m = NULL;
        mdl_rep_result res = run_text(text, &m);
        assert_true(res.kpi[MDL_KPI_UNITS_OUT] == out[k]);
        assert_true(belt_units(&res, m, "loop_b") >= 8.0); /* recirculations */
        assert_true(belt_units(&res, m, "feed") == 10.0);
        fx_run_done(&res, NULL, m);
    }
}

/* A belt in front of a machine that never finishes fills up: it holds
 * ceil(length / spacing) units, 11 on a 10.5 m belt with 1 m spacing, 10
 * on a 10 m one. */
static void belt_capacity_not_whole(void **state) {
    (void)state;
    const double len[] = {10.5, 10.0, 10.2, 0.5};
    const size_t want[] = {11, 10, 11, 1};
    for (int k = 0; k < 4; k++) {
        char text[2048];
        snprintf(text, sizeof text,
                 "run = { warmup = 0; horizon = \"2h\"; replications = 1; };\n"
                 "stations = ( { id = \"S\"; cycle = \"1s\"; }, { id = \"B\"; cycle = \"100h\"; buffer = 0; } );\n"
                 "products = ( { id = \"p\"; route = [ \"S\", \"B\" ]; transport = { S = \"conveyor:c\"; }; } );\n"
                 "release = ( { product = \"p\"; unlimited = true; } );\n"
                 "conveyors = ( { id = \"c\"; length = %g; speed = 1.0; spacing = %g; } );\n",
                 len[k], k == 3 ? 0.5 : 1.0);
        mdl_model *m = test_scene_text("cap.cfg", text);
        mdl_run *r = mdl_run_new(m, mdl_model_run(m), 0);
        mdl_rep_result res = fx_result_at_end(r, m);
        assert_int_equal(mdl_run_conveyor_len(r, 0), want[k]);
        fx_run_done(&res, r, m);
    }
}

/* The library refuses what the scene loader reports with lines. */
static void model_refusals(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    const char *route[] = {"A", "B"};
    mdl_station_spec st;
    for (int k = 0; k < 2; k++) {
        mdl_station_spec_default(&st);
        st.id = route[k];
        st.cycle = sim_dist_const(1.0);
        assert_true(mdl_model_add_station(m, &st) >= 0);
    }
    assert_true(mdl_model_add_product(m, "p", route, 2, 0) >= 0);
    for (int k = 0; k < 3; k++) {
        mdl_conveyor_spec c = fx_conveyor(k == 0 ? "a" : k == 1 ? "b" : "c", 2.0, 1.0, 0.5);
        assert_int_equal(mdl_model_add_conveyor(m, &c), k);
    }
    int one[] = {0}, two[] = {0, 1}, same[] = {0, 0};
    mdl_merge_spec mg = {"j", one, 1, 2, MDL_MERGE_ALTERNATE, 0};
    TEST_EXPECT_REFUSED(m, mdl_model_add_merge(m, &mg), "two or more");
    mg.inputs = same;
    mg.ninputs = 2;
    TEST_EXPECT_REFUSED(m, mdl_model_add_merge(m, &mg), "named twice");
    mg.inputs = two;
    mg.output = 1;
    TEST_EXPECT_REFUSED(m, mdl_model_add_merge(m, &mg), "also the output");
    mg.output = 2;
    assert_int_equal(mdl_model_add_merge(m, &mg), 0);
    /* Belt a already ends at merge j. */
    mdl_divert_output outs[2] = {{1, -1, NULL, 0}, {2, -1, NULL, 0}};
    mdl_diverter_spec d = {"d", 0, MDL_DIVERT_SHORTEST, outs, 2, 0};
    TEST_EXPECT_REFUSED(m, mdl_model_add_diverter(m, &d), "already ends at merge 'j'");
    /* A diverter on c back onto c, or with an output leading nowhere. */
    d.input = 2;
    outs[0].conveyor = 2;
    TEST_EXPECT_REFUSED(m, mdl_model_add_diverter(m, &d), "back onto its own input");
    outs[0].conveyor = -1;
    d.rule = MDL_DIVERT_DESTINATION;
    TEST_EXPECT_REFUSED(m, mdl_model_add_diverter(m, &d), "leads nowhere");
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(merge_below_capacity),
        cmocka_unit_test(merge_saturated),
        cmocka_unit_test(diverter_by_product),
        cmocka_unit_test(loop_recirculates),
        cmocka_unit_test(belt_capacity_not_whole),
        cmocka_unit_test(model_refusals),
)
