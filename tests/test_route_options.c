/*
 * test_route_options.c - route steps that depend on a family's options
 * (`when`, models/src/mdl_route_when.c):
 *
 * 1. A deterministic line where half the variants skip a station: the
 *    operations per station, the throughput and the lead times worked
 *    out by hand below; a choice of station by option (lead time of each
 *    variant); the steps a variant visits (mdl_model_variant_steps); the
 *    dispatching rules `setup` and `spt` with variants.
 * 2. A station visited only by the variants with coating = yes, a share p
 *    of Poisson arrivals of rate lambda, with exponential service: the
 *    thinned stream is Poisson with rate p lambda, so the station is an
 *    M/M/1 with utilisation rho = p lambda / mu and mean queue
 *    Lq = rho^2 / (1 - rho). Each replication draws its own order book
 *    (arrival times and variants from its own stream) and its own service
 *    times; the family-wise intervals (ci_family.h) over the replications
 *    must cover the exact values and be tight. The seed was fixed before
 *    the first run.
 * 3. Bad input: a `when` naming an unknown option or value, on a product
 *    without options, a route that some variant loses entirely.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_routing.h"
#include "mdl_run.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "sim_dist.h"
#include "sim_rng.h"

#include "test_helpers.h"
#include "test_scene_text.h"
#include "test_table.h"
#include "validation/ci_family.h"
#include "test_main.h"

#define MIN 60.0
#define HOUR 3600.0
#define DAY 86400.0

static mdl_model *load(const char *text) { return test_scene_text("t.cfg", text); }

/* ---- 1. deterministic ------------------------------------------------------------ */

#define COAT_LINE                                                                                              \
    "stations = ( { id = \"saw\"; cycle = \"const(1min)\"; }, { id = \"paint\"; cycle = \"const(2min)\"; },\n"   \
    "             { id = \"pack\"; cycle = \"const(1min)\"; } );\n"                                               \
    "products = ( { id = \"housing\";\n"                                                                       \
    "  route = ( \"saw\", { station = \"paint\"; when = { coating = [ \"yes\" ]; }; }, \"pack\" );\n"             \
    "  options = ( { name = \"coating\"; values = [ \"no\", \"yes\" ]; } ); } );\n"

/* Order i (i = 0 .. 2n-1) of one unit is released at i minutes, coating
 * "no" for even i and "yes" for odd i. The saw takes each unit at once
 * (busy [i, i+1]). A "no" unit goes to the pack: [i+1, i+2] (i + 1 odd).
 * A "yes" unit paints [i+1, i+3] (i + 1 even; the previous yes unit left
 * the paint at i + 1) and packs [i+3, i+4] (i + 3 even). The pack's
 * intervals [odd, even] and [even, odd] never overlap, so no unit waits:
 * lead times 2 min ("no") and 4 min ("yes"), mean 3 min; the saw and the
 * pack do 2n operations, the paint n; 2n units in one day. */
static void skip_a_station(void **state) {
    (void)state;
    const int n = 30;
    size_t cap = 200 + (size_t)(2 * n) * 120;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t at = (size_t)snprintf(text, cap, "%srelease = ( { orders = ( ", COAT_LINE);
    for (int i = 0; i < 2 * n; i++)
        at += (size_t)snprintf(text + at, cap - at,
                               "%s{ id = \"o%d\"; product = \"housing\"; options = \"coating=%s\"; quantity = 1; "
                               "release = \"%dmin\"; }",
                               i ? ", " : "", i, i % 2 ? "yes" : "no", i);
    snprintf(text + at, cap - at, " ); } );\n");
    mdl_model *m = load(text);
    mdl_batch *b = test_run_batch(m, 0.0, DAY, 1, 1, 1);
    int saw = mdl_model_find_station(m, "saw"), paint = mdl_model_find_station(m, "paint"),
        pack = mdl_model_find_station(m, "pack");
    assert_near(mdl_batch_station_kpi(b, saw, MDL_SKPI_UNITS_DONE).mean, 2.0 * n, 1e-9);
    assert_near(mdl_batch_station_kpi(b, paint, MDL_SKPI_UNITS_DONE).mean, (double)n, 1e-9);
    assert_near(mdl_batch_station_kpi(b, pack, MDL_SKPI_UNITS_DONE).mean, 2.0 * n, 1e-9);
    assert_near(mdl_batch_kpi(b, MDL_KPI_UNITS_OUT).mean, 2.0 * n, 1e-9);
    assert_near(mdl_batch_kpi(b, MDL_KPI_THROUGHPUT_PER_H).mean, 2.0 * n / 24.0, 1e-9);
    assert_near(mdl_batch_kpi(b, MDL_KPI_LEAD_TIME_S).mean, 3.0 * MIN, 1e-9);
    /* The paint is busy 2 min for each of the n yes units. */
    assert_near(mdl_batch_station_kpi(b, paint, MDL_SKPI_UTILIZATION).mean, n * 2.0 * MIN / DAY, 1e-9);
    mdl_batch_free(b);
    mdl_model_free(m);
    free(text);
}

#define CHOICE_LINE(OPTIONS)                                                                                     \
    "stations = ( { id = \"saw\"; cycle = \"const(1min)\"; }, { id = \"paint\"; cycle = \"const(2min)\"; },\n"   \
    "  { id = \"mill_a\"; cycle = \"const(3min)\"; }, { id = \"mill_c\"; cycle = \"const(5min)\"; },\n"          \
    "  { id = \"pack\"; cycle = \"const(1min)\"; } );\n"                                                          \
    "products = ( { id = \"housing\";\n"                                                                         \
    "  route = ( \"saw\", { station = \"paint\"; when = { coating = \"yes\"; }; },\n"                            \
    "            { station = \"mill_a\"; when = { bore = [ \"A\", \"B\" ]; }; },\n"                               \
    "            { station = \"mill_c\"; when = { bore = [ \"C\" ]; coating = [ \"no\", \"yes\" ]; }; },\n"       \
    "            \"pack\" );\n"                                                                                   \
    "  options = ( { name = \"coating\"; values = [ \"no\", \"yes\" ]; },\n"                                     \
    "              { name = \"bore\"; values = [ \"A\", \"B\", \"C\" ]; } ); } );\n"                              \
    "release = ( { orders = ( { id = \"o\"; product = \"housing\"; options = \"" OPTIONS "\"; quantity = 1; } ); } );\n"

static double lead_of(const char *text) {
    mdl_model *m = load(text);
    mdl_batch *b = test_run_batch(m, 0.0, DAY, 1, 1, 1);
    double lt = mdl_batch_kpi(b, MDL_KPI_LEAD_TIME_S).mean;
    mdl_batch_free(b);
    mdl_model_free(m);
    return lt;
}

/* One unit alone: saw 1 + (paint 2 if coated) + (mill_a 3 for bores A and
 * B, mill_c 5 for bore C) + pack 1 minutes. */
static void station_by_option(void **state) {
    (void)state;
    assert_near(lead_of(CHOICE_LINE("coating=no;bore=A")), 5.0 * MIN, 1e-9);
    assert_near(lead_of(CHOICE_LINE("coating=yes;bore=B")), 7.0 * MIN, 1e-9);
    assert_near(lead_of(CHOICE_LINE("coating=no;bore=C")), 7.0 * MIN, 1e-9);
    assert_near(lead_of(CHOICE_LINE("coating=yes;bore=C")), 9.0 * MIN, 1e-9);
}

/* The library's one rule for a variant's steps (the planner uses it). */
static void variant_steps(void **state) {
    (void)state;
    mdl_model *m = load(CHOICE_LINE("coating=no;bore=A"));
    int p = mdl_model_find_product(m, "housing"), steps[8];
    char err[100];
    long v = mdl_model_family_variant(m, p, "coating=yes;bore=C", err, sizeof err);
    assert_true(v >= 0);
    assert_int_equal(mdl_model_variant_steps(m, p, v, steps, 8), 4);
    assert_int_equal(steps[0], 0);
    assert_int_equal(steps[1], 1);
    assert_int_equal(steps[2], 3);
    assert_int_equal(steps[3], 4);
    assert_int_equal(mdl_model_route_station(m, p, steps[2]), mdl_model_find_station(m, "mill_c"));
    v = mdl_model_family_variant(m, p, "coating=no;bore=B", err, sizeof err);
    assert_int_equal(mdl_model_variant_steps(m, p, v, steps, 2), 3); /* only 2 written */
    assert_int_equal(steps[0], 0);
    assert_int_equal(steps[1], 2);
    assert_int_equal(mdl_model_variant_steps(m, p, 6, steps, 8), -1); /* 2 x 3 variants */
    mdl_model_free(m);
}

#define RULE_LINE(RULE, ORDERS)                                                                                 \
    "stations = ( { id = \"paint\"; cycle = \"const(2min)\"; dispatch = \"" RULE "\"; } );\n"                   \
    "products = ( { id = \"housing\"; route = [ \"paint\" ];\n"                                                  \
    "  options = ( { name = \"color\"; values = [ \"red\", \"blue\" ]; setup = { paint = \"6min\"; }; },\n"     \
    "              { name = \"bore\"; values = [ \"A\", \"B\" ]; cycle = { paint = [ \"0s\", \"40s\" ]; }; } ); } );\n" \
    "release = ( { orders = ( " ORDERS " ); } );\n"
#define ORDER(ID, OPT) "{ id = \"" ID "\"; product = \"housing\"; options = \"" OPT "\"; quantity = 1; }"

/* Three orders at time 0: o1 starts at once, o2 and o3 wait.
 * setup rule, o1 red, o2 blue, o3 red: the server made red last, so o3
 * (same variant) goes before o2: o1 0-2, o3 2-4, o2 a 6 min setup and
 * 2 min, 4-12: mean lead (2 + 4 + 12) / 3 = 6 min (FIFO: 2, 10, 18).
 * spt, o1 bore A, o2 bore B (+40 s), o3 bore A: o3 (2 min) before o2
 * (2 min 40 s): 120, 240, 400 s, mean 253.33 s (FIFO: 120, 280, 400). */
static void dispatch_sees_variants(void **state) {
    (void)state;
    assert_near(lead_of(RULE_LINE("setup", ORDER("o1", "color=red;bore=A") ", " ORDER("o2", "color=blue;bore=A") ", "
                                           ORDER("o3", "color=red;bore=A"))),
                6.0 * MIN, 1e-9);
    assert_near(lead_of(RULE_LINE("spt", ORDER("o1", "color=red;bore=A") ", " ORDER("o2", "color=red;bore=B") ", "
                                         ORDER("o3", "color=red;bore=A"))),
                760.0 / 3.0, 1e-9);
}

/* ---- 2. M/M/1 on the coated share ------------------------------------------------- */

#define REPS 20
#define SEED UINT64_C(170417) /* fixed before the first run; never tuned */
#define K_CHECKS 3             /* paint: utilisation, queue; line: throughput */
static ci_family family = {K_CHECKS, 0};

/* One replication: a model with its own order book over `until` seconds
 * (Poisson arrivals of rate lambda, coated with probability p, drawn
 * from stream `rep`), run once with seed `rep`. */
static mdl_batch *mm1_rep(double lambda, double p, double mean_service, double until, uint64_t seed, int rep) {
    mdl_model *m = mdl_model_new();
    mdl_station_spec st;
    mdl_station_spec_default(&st);
    st.id = "paint";
    st.has_cycle = true;
    st.cycle = sim_dist_exp(mean_service);
    assert_true(mdl_model_add_station(m, &st) >= 0);
    st.id = "pack";
    st.cycle = sim_dist_const(1.0);
    assert_true(mdl_model_add_station(m, &st) >= 0);
    const char *route[] = {"paint", "pack"};
    int pi = mdl_model_add_product(m, "housing", route, 2, 0);
    assert_true(pi >= 0);
    const char *names[] = {"coating"}, *vals[] = {"no", "yes"};
    const char *const *values[] = {vals};
    int nvalues[] = {2}, yes = 1;
    assert_true(mdl_model_set_family(m, pi, 1, names, nvalues, values));
    assert_true(mdl_model_step_when(m, pi, 0, 0, 1, &yes));
    sim_rng rng;
    sim_rng_seed(&rng, seed, (uint64_t)rep + 1);
    char id[32];
    double t = 0.0;
    for (int k = 0;; k++) {
        t += -log(1.0 - sim_rng_u01(&rng)) / lambda;
        if (t > until) break;
        snprintf(id, sizeof id, "o%d", k);
        int oi = mdl_model_add_order(m, id, pi, 1, t, -1.0);
        assert_true(oi >= 0);
        assert_true(mdl_model_set_order_variant(m, oi, sim_rng_u01(&rng) < p ? 1 : 0));
    }
    mdl_batch *b = test_run_batch(m, 5.0 * HOUR, until, 1, seed + (uint64_t)rep, 1);
    mdl_model_free(m);
    return b;
}

static void mm1_on_a_share(void **state) {
    (void)state;
    const double lambda = 1.0 / MIN, p = 0.5, S = 1.2 * MIN, until = 400.0 * HOUR;
    const double rho = p * lambda * S, lq = rho * rho / (1.0 - rho);
    uint64_t seed = ci_family_seed(SEED);
    double util[REPS], queue[REPS], thr[REPS];
    for (int r = 0; r < REPS; r++) {
        mdl_batch *b = mm1_rep(lambda, p, S, until, seed, r);
        util[r] = mdl_batch_station_kpi(b, 0, MDL_SKPI_UTILIZATION).mean;
        queue[r] = mdl_batch_station_kpi(b, 0, MDL_SKPI_QUEUE_LEN).mean;
        thr[r] = mdl_batch_kpi(b, MDL_KPI_THROUGHPUT_PER_H).mean;
        mdl_batch_free(b);
    }
    ci_checks c = {0, 0};
    ci_check_covers(&family, &c, "paint utilisation", mdl_summarize(util, REPS), rho, 0.01, REPS);
    ci_check_covers(&family, &c, "paint mean queue Lq", mdl_summarize(queue, REPS), lq, 0.08 * lq, REPS);
    ci_check_covers(&family, &c, "line throughput per h", mdl_summarize(thr, REPS), lambda * HOUR, 0.01 * lambda * HOUR,
                    REPS);
    assert_int_equal(c.failed, 0);
}

static void family_count(void **state) {
    (void)state;
    ci_family_check_count(&family);
}

/* ---- 3. bad input ---------------------------------------------------------------- */

/* A `when` naming an unknown option or value, or on a product without
 * options; a route that some variant loses entirely. */
static const test_refusal bad_input[] = {
    {"conditions",
     "stations = ( { id = \"saw\"; cycle = \"1min\"; }, { id = \"paint\"; cycle = \"2min\"; } );\n"
     "products = ( { id = \"housing\"; route = ( \"saw\",\n"
     "    { station = \"paint\"; when = { coat = [ \"yes\" ]; }; },\n"
     "    { station = \"saw\"; when = { coating = [ \"maybe\" ]; }; } );\n"
     "  options = ( { name = \"coating\"; values = [ \"no\", \"yes\" ]; } ); },\n"
     "  { id = \"plain\"; route = ( \"saw\",\n"
     "    { station = \"paint\"; when = { coating = [ \"yes\" ]; }; } ); } );\n"
     "release = ( { product = \"plain\"; interarrival = \"5min\"; } );\n",
     {"t.cfg:3: product 'housing': when: no option 'coat'",
      "t.cfg:4: product 'housing': when.coating: no value 'maybe'",
      "t.cfg:7: product 'plain': when: product 'plain' has no options"}},
    {"empty route",
     "stations = ( { id = \"saw\"; cycle = \"1min\"; }, { id = \"paint\"; cycle = \"2min\"; } );\n"
     "products = ( { id = \"housing\"; route = (\n"
     "    { station = \"saw\"; when = { coating = [ \"no\" ]; }; },\n"
     "    { station = \"paint\"; when = { bore = [ \"A\", \"B\" ]; }; } );\n"
     "  options = ( { name = \"coating\"; values = [ \"no\", \"yes\" ]; },\n"
     "              { name = \"bore\"; values = [ \"A\", \"B\", \"C\" ]; } ); } );\n"
     "release = ( { product = \"housing\"; interarrival = \"5min\"; } );\n",
     {"t.cfg:2: product 'housing': route: when: variant \"coating=yes;bore=C\" meets no step's condition, so its "
      "route is empty"}},
};

static void bad_conditions_and_routes(void **state) {
    (void)state;
    test_expect_refusals(bad_input, sizeof bad_input / sizeof bad_input[0]);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(skip_a_station),
        cmocka_unit_test(station_by_option),
        cmocka_unit_test(variant_steps),
        cmocka_unit_test(dispatch_sees_variants),
        cmocka_unit_test(mm1_on_a_share),
        cmocka_unit_test(bad_conditions_and_routes),
        cmocka_unit_test(family_count),
)
