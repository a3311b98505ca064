/*
 * test_agv_avoid2.c - what deadlock avoidance can promise on a two-way
 * corridor with no passing place (issue 20), worked out exactly: the
 * vehicles on it can only be at its two ends (a stop inside would block
 * the oncoming ones), so with ends holding c vehicles each
 *
 * - a file of up to c vehicles crosses together (the far end must be
 *   empty to take them all): up to N = c, each vehicle more carries at
 *   least as much (more, until the demand is met);
 * - with c < N < 2c the vehicles not crossing hold places at the far end,
 *   so files are shorter: N carries less than c, but nothing locks;
 * - with N = 2c every place at both ends is taken and no vehicle can
 *   ever cross: no allocation avoids that (`check` warns about the fleet
 *   being larger than the layout can hold).
 *
 * The test holds the first two with avoidance (the default): zero
 * deadlocks and zero forced passes for every N below 2c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"

#include "model_fixtures.h"
#include "test_main.h"

/* A <-> B along a - c1 - c2 - c3 - b (two-way edges of capacity 1, 10 m
 * each), the ends holding `end_cap` vehicles; units both ways every 60 s
 * on average (exponential): 120 an hour, more than a few vehicles carry. */
static mdl_model *corridor(int vehicles, int end_cap) {
    mdl_model *m = mdl_model_new();
    int A = fx_add_machine(m, "A", sim_dist_const(5.0), 1, -1, 0.0), B = fx_add_machine(m, "B", sim_dist_const(5.0), 1, -1, 0.0);
    const char *ids[] = {"a", "c1", "c2", "c3", "b"};
    int n[5];
    for (int i = 0; i < 5; i++) n[i] = fx_add_node(m, ids[i], 10.0 * i, 0.0, i == 0 || i == 4 ? end_cap : 1, MDL_NODE_POINT);
    for (int i = 0; i + 1 < 5; i++) fx_add_edge(m, n[i], n[i + 1]);
    assert_true(mdl_model_set_station_node(m, A, n[0], 2));
    assert_true(mdl_model_set_station_node(m, B, n[4], 2));
    mdl_fleet_spec f = fx_fleet("agv", vehicles, 1.0, 0.5, 10.0, 10.0);
    f.idle = MDL_IDLE_STAY;
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    const char *route[] = {"A", "B"}, *back[] = {"B", "A"};
    int p = mdl_model_add_product(m, "part", route, 2, 0), q = mdl_model_add_product(m, "return", back, 2, 0);
    assert_true(mdl_model_set_transport(m, p, A, MDL_TRANSPORT_FLEET, 0));
    assert_true(mdl_model_set_transport(m, q, B, MDL_TRANSPORT_FLEET, 0));
    assert_true(mdl_model_add_push(m, p, sim_dist_exp(60.0), 0, 0) >= 0);
    assert_true(mdl_model_add_push(m, q, sim_dist_exp(60.0), 0, 0) >= 0);
    assert_true(mdl_model_validate(m));
    return m;
}

typedef struct corridor_out {
    double units, deadlocks, forced;
} corridor_out;

static corridor_out run_corridor(int vehicles, int end_cap) {
    mdl_model *m = corridor(vehicles, end_cap);
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = 3 * 86400.0;
    rs.warmup = 0.0;
    rs.seed = 11;
    mdl_run *r = mdl_run_new(m, &rs, 0);
    assert_non_null(r);
    mdl_rep_result res;
    assert_true(mdl_rep_result_init(&res, m));
    mdl_run_to_end(r, &res);
    corridor_out o = {mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_UNITS), mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCKS),
                      mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCK_FORCED)};
    mdl_rep_result_fini(&res);
    mdl_run_free(r);
    mdl_model_free(m);
    return o;
}

/* Ends of 4: 1, 2, 3, 4 vehicles each carry at least as much as one
 * fewer, with no deadlock and no forced pass. */
static void up_to_the_ends(void **state) {
    (void)state;
    double prev = 0.0;
    for (int n = 1; n <= 4; n++) {
        corridor_out o = run_corridor(n, 4);
        print_message("ends of 4, %d vehicles: %g units, deadlocks %g, forced %g\n", n, o.units, o.deadlocks, o.forced);
        assert_true(o.deadlocks == 0.0 && o.forced == 0.0);
        assert_true(o.units >= prev);
        prev = o.units;
    }
}

/* Ends of 2: three vehicles (c < N < 2c) carry less than two, as worked
 * out above (files of one instead of two), but never lock. */
static void beyond_the_ends(void **state) {
    (void)state;
    corridor_out two = run_corridor(2, 2), three = run_corridor(3, 2);
    print_message("ends of 2: two %g units, three %g units (deadlocks %g, forced %g)\n", two.units, three.units, three.deadlocks,
                  three.forced);
    assert_true(three.deadlocks == 0.0 && three.forced == 0.0);
    assert_true(three.units < two.units);
    assert_true(three.units > 0.0);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(up_to_the_ends),
        cmocka_unit_test(beyond_the_ends),
)
