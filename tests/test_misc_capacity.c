/*
 * test_misc_capacity.c - the work a unit of the release mix brings to each
 * station (mdl_model_mix_work, mdl_model_variant_visits: check's capacity
 * line and the people model's load) read through the run's and the
 * planner's tables: a variant's steps and option additions, a visit's own
 * cycle time, alternatives and branches. Each load is worked out by hand
 * in the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "mdl_model.h"
#include "mdl_routing.h"
#include "test_main.h"
#include "test_scene_text.h"

/* got[0 .. n-1] are want[0 .. n-1] to 1e-9 relative; what names them in
 * a failure. */
static void all_near(const char *what, const double *got, const double *want, int n) {
    for (int s = 0; s < n; s++)
        if (!(fabs(got[s] - want[s]) <= 1e-9 * (1.0 + fabs(want[s]))))
            fail_msg("%s[%d]: got %.12g, want %.12g", what, s, got[s], want[s]);
}

static void near(double got, double want) { all_near("value", &got, &want, 1); }

/* The mix's work at each of the scene's n stations is want[s] seconds. */
static void expect_work(const mdl_model *m, int n, const double *want) {
    double work[16];
    assert_true(n <= 16 && mdl_model_station_count(m) == n);
    assert_true(mdl_model_mix_work(m, work));
    all_near("work", work, want, n);
}

/* bore=B;coat=yes is variant 1 x 2 + 1 = 3: every step once; variant 0
 * (bore=A;coat=no) does not visit paint; there is no variant 4. */
static void variant_visits(const mdl_model *m) {
    double v[3];
    assert_true(mdl_model_variant_visits(m, 0, 3, v));
    all_near("visits", v, (const double[]){1.0, 1.0, 1.0}, 3);
    assert_true(mdl_model_variant_visits(m, 0, 0, v));
    near(v[1], 0.0);
    assert_false(mdl_model_variant_visits(m, 0, 4, v));
}

/* The visits of m1, m2, wash and deburr per unit: the shares of the
 * alternatives, the branch's of what saw leaves. */
static void flexible_visits(const mdl_model *m) {
    double v[5];
    mdl_model_expected_visits(m, 0, v);
    all_near("visits of m1 ..", v + 1, (const double[]){0.75, 0.25, 0.63, 0.27}, 4);
}

/* A scene, the work a unit of its mix brings to each of its n stations
 * (s), and further checks of the model (NULL: none). */
typedef struct work_case {
    const char *what;
    const char *scene;
    int n;
    double work[5];
    void (*more)(const mdl_model *m);
} work_case;

static const work_case cases[] = {
    /* A family: bore A or B adds 0 s or 60 s at mill, and only coat = yes
     * visits paint. Orders: 3 units of bore=A;coat=no and 1 of
     * bore=B;coat=yes. Per unit of the mix: saw 2 min; paint 1/4 x 4 min =
     * 60 s; mill 3/4 x 5 min + 1/4 x 6 min = 315 s. (Read as variant 0
     * alone: paint 0, mill 300 s; with every step: paint 240 s.) */
    {"variants bring their steps and additions",
     "run = { horizon = \"1w\"; };\n"
     "stations = ( { id = \"saw\"; cycle = \"2min\"; }, { id = \"paint\"; cycle = \"4min\"; },\n"
     "             { id = \"mill\"; cycle = \"5min\"; } );\n"
     "products = ( { id = \"h\";\n"
     "  route = ( \"saw\", { station = \"paint\"; when = { coat = [ \"yes\" ]; }; }, \"mill\" );\n"
     "  options = ( { name = \"bore\"; values = [ \"A\", \"B\" ]; cycle = { mill = [ \"0s\", \"60s\" ]; }; },\n"
     "              { name = \"coat\"; values = [ \"no\", \"yes\" ]; } ); } );\n"
     "release = ( { orders = (\n"
     "  { id = \"o1\"; product = \"h\"; options = \"bore=A;coat=no\"; quantity = 2; },\n"
     "  { id = \"o2\"; product = \"h\"; options = \"bore=B;coat=yes\"; quantity = 1; },\n"
     "  { id = \"o3\"; product = \"h\"; options = \"bore=A;coat=no\"; quantity = 1; } ); } );\n",
     3, {120.0, 60.0, 315.0}, variant_visits},
    /* cnc is visited twice, the second time with a cycle of its own (4 min
     * instead of 10): 14 min per unit, not 20. wash in between: 3 min. */
    {"a visit takes its own cycle",
     "stations = ( { id = \"cnc\"; cycle = \"10min\"; }, { id = \"wash\"; cycle = \"3min\"; } );\n"
     "products = ( { id = \"p\"; route = ( \"cnc\", \"wash\", { station = \"cnc\"; cycle = \"const(4min)\"; } ); } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(30min)\"; } );\n",
     2, {14.0 * 60.0, 3.0 * 60.0}, NULL},
    /* Alternatives m1 (1 server, 4 min: 15 units/h) and m2 (1 server, 12
     * min for the product: 5 units/h) share the step by rate, 3/4 and 1/4:
     * each gets 180 s of work per unit, so both show the pool's 20
     * units/h. A branch: after saw scraps 10 %, wash takes 0.7 and deburr
     * 0.3 of the rest: 0.9 x 0.7 x 5 min = 189 s and 0.9 x 0.3 x 10 min =
     * 162 s. */
    {"flexible steps split their visits",
     "stations = ( { id = \"saw\"; cycle = \"1min\"; scrap = 0.1; },\n"
     "             { id = \"m1\"; cycle = \"4min\"; }, { id = \"m2\"; cycle = \"1min\"; },\n"
     "             { id = \"wash\"; cycle = \"5min\"; }, { id = \"deburr\"; cycle = \"10min\"; } );\n"
     "products = ( { id = \"p\"; cycle = { m2 = \"12min\"; };\n"
     "  route = ( { any = [ \"m1\", \"m2\" ]; rule = \"fastest\"; }, \"saw\",\n"
     "            { branch = { wash = 0.7; deburr = 0.3; }; } ); } );\n"
     "release = ( { product = \"p\"; conwip = 4; } );\n",
     5, {60.0, 180.0, 180.0, 0.9 * 0.7 * 300.0, 0.9 * 0.3 * 600.0}, flexible_visits},
    /* Two servers at m2 double its rate: m1 4 min (15/h), m2 2 x 12 min
     * (10/h); shares 0.6 and 0.4, work 144 s and 288 s, i.e. 144 s per
     * server at each: loaded alike. A rework loop through the
     * alternatives: i finds every defect (m1 and m2 make one half the
     * time) and sends it back to the step (its route station is m1), at
     * most once: 1.5 visits to the step and to i. */
    {"alternatives by servers and rework",
     "stations = ( { id = \"m1\"; cycle = \"4min\"; defect = 0.5; },\n"
     "             { id = \"m2\"; cycle = \"12min\"; servers = 2; defect = 0.5; },\n"
     "             { id = \"i\"; kind = \"inspection\"; cycle = \"1min\"; detect = 1.0;\n"
     "               reject = \"rework:m1\"; max_rework = 1; } );\n"
     "products = ( { id = \"p\"; route = ( { any = [ \"m1\", \"m2\" ]; }, \"i\" ); } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(1h)\"; } );\n",
     3, {1.5 * 0.6 * 240.0, 1.5 * 0.4 * 720.0, 1.5 * 60.0}, NULL},
};

static void work_of_each_case(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("%s\n", cases[i].what);
        mdl_model *m = test_scene_text("t.cfg", cases[i].scene);
        expect_work(m, cases[i].n, cases[i].work);
        if (cases[i].more) cases[i].more(m);
        mdl_model_free(m);
    }
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(work_of_each_case))
