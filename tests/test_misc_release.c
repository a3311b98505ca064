/*
 * test_misc_release.c - releases counted exactly: several products'
 * unlimited releases at one first station take turns (one unit of each in
 * turn, in scene order), and a push release makes its first unit one
 * interarrival time after `start` (docs/scene-format.md, "When a push
 * release starts"). Deterministic times, so every count is worked out by
 * hand here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "mdl_model.h"
#include "mdl_orders.h"
#include "mdl_run.h"
#include "test_main.h"
#include "test_scene_text.h"

/* The run of the scenes below: one day from time 0. */
#define ONE_DAY "run = { horizon = \"1d\"; warmup = \"0s\"; };\n"

/* One replication of the scene to its horizon: each of its np products
 * has out[p] units out and rel[p] released. */
static void expect_counts(const char *text, int np, const double *out, const double *rel) {
    mdl_model *m = test_scene_text("t.cfg", text);
    assert_int_equal(mdl_model_product_count(m), np);
    mdl_rep_result res;
    assert_true(mdl_rep_result_init(&res, m));
    mdl_run *r = mdl_run_new(m, NULL, 0);
    assert_non_null(r);
    if (!mdl_run_to_end(r, &res)) fail_msg("run failed: %s", mdl_run_error(r));
    for (int p = 0; p < np; p++) {
        double o = mdl_rep_product_kpi(&res, p, MDL_PKPI_UNITS_OUT);
        double n = mdl_rep_product_kpi(&res, p, MDL_PKPI_UNITS_RELEASED);
        if (o != out[p] || n != rel[p])
            fail_msg("product %d: %g out, %g released; want %g and %g", p, o, n, out[p], rel[p]);
    }
    mdl_run_free(r);
    mdl_rep_result_fini(&res);
    mdl_model_free(m);
}

/* Two products, each with an unlimited release, share the first station m
 * (one server, 10 min a unit, 1 day). a is released at 0 and starts at
 * once, which releases b (its turn); every start releases the next in
 * turn. Operations end at 10, 20, ..., 1440 min: 144, a, b, a, b, ... so
 * 72 of each; starts at 0, 10, ..., 1440 min release 1 + 145 units, 73 of
 * each. */
static void two_unlimited_releases_take_turns(void **state) {
    (void)state;
    expect_counts(ONE_DAY
                  "stations = ( { id = \"m\"; cycle = \"const(10min)\"; } );\n"
                  "products = ( { id = \"a\"; route = [ \"m\" ]; }, { id = \"b\"; route = [ \"m\" ]; } );\n"
                  "release = ( { product = \"a\"; unlimited = true; }, { product = \"b\"; unlimited = true; } );\n",
                  2, (const double[]){72.0, 72.0}, (const double[]){73.0, 73.0});
}

/* Three products at m with two servers (20 min a unit): a and b start at
 * 0, c waits; every 20 min two operations end, 144 in the day in turns a,
 * b, c: 48 of each. b goes on to q (1 min): its last leaves m at 1440 min
 * and q after the horizon, so 47 of b are out. Released: 3 at time 0 and
 * one per start at 20, 40, ..., 1440 min (2 x 72): 49 of each. */
static void three_unlimited_releases_with_two_servers(void **state) {
    (void)state;
    expect_counts(ONE_DAY
                  "stations = ( { id = \"m\"; cycle = \"const(20min)\"; servers = 2; },\n"
                  "             { id = \"q\"; cycle = \"const(1min)\"; } );\n"
                  "products = ( { id = \"a\"; route = [ \"m\" ]; }, { id = \"b\"; route = [ \"m\", \"q\" ]; },\n"
                  "             { id = \"c\"; route = [ \"m\" ]; } );\n"
                  "release = ( { product = \"a\"; unlimited = true; }, { product = \"b\"; unlimited = true; },\n"
                  "            { product = \"c\"; unlimited = true; } );\n",
                  3, (const double[]){48.0, 47.0, 48.0}, (const double[]){49.0, 49.0, 49.0});
}

/* Unlimited releases into a batching station (batch = 2, 10 min a batch):
 * the supply keeps a whole batch in the buffer, one unit of each product
 * in turn (it kept one unit, and the oven waited for ever with nothing
 * out). Batches start at 0, 10, ..., 1440 min (145), each of one a and one
 * b; each start releases the next two, after the first two: 146 of each.
 * Their units leave n (1 min) by the horizon for the first 143 batches. */
static void unlimited_releases_fill_a_batch(void **state) {
    (void)state;
    expect_counts(ONE_DAY
                  "stations = ( { id = \"m\"; cycle = \"const(10min)\"; batch = 2; },\n"
                  "             { id = \"n\"; cycle = \"const(1min)\"; } );\n"
                  "products = ( { id = \"a\"; route = [ \"m\", \"n\" ]; }, { id = \"b\"; route = [ \"m\", \"n\" ]; } );\n"
                  "release = ( { product = \"a\"; unlimited = true; }, { product = \"b\"; unlimited = true; } );\n",
                  2, (const double[]){143.0, 143.0}, (const double[]){146.0, 146.0});
    /* one product alone: a batch of two a's every 10 min, 286 out */
    expect_counts(ONE_DAY
                  "stations = ( { id = \"m\"; cycle = \"const(10min)\"; batch = 2; },\n"
                  "             { id = \"n\"; cycle = \"const(1min)\"; } );\n"
                  "products = ( { id = \"a\"; route = [ \"m\", \"n\" ]; } );\n"
                  "release = ( { product = \"a\"; unlimited = true; } );\n",
                  1, (const double[]){286.0}, (const double[]){292.0});
}

/* A push release with start = 1h and const(10min) between units, over
 * 2 h: units at 1:10, 1:20, ..., 2:00, not at 1:00: 6 released; the one
 * of 2:00 is still on m (1 s) at the horizon: 5 out. */
static void push_starts_one_interarrival_after_start(void **state) {
    (void)state;
    expect_counts("run = { horizon = \"2h\"; warmup = \"0s\"; };\n"
                  "stations = ( { id = \"m\"; cycle = \"const(1s)\"; } );\n"
                  "products = ( { id = \"a\"; route = [ \"m\" ]; } );\n"
                  "release = ( { product = \"a\"; interarrival = \"const(10min)\"; start = \"1h\"; } );\n",
                  1, (const double[]){5.0}, (const double[]){6.0});
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(two_unlimited_releases_take_turns),
          cmocka_unit_test(three_unlimited_releases_with_two_servers),
          cmocka_unit_test(unlimited_releases_fill_a_batch),
          cmocka_unit_test(push_starts_one_interarrival_after_start))
