/*
 * test_plan.c - the planner (pln_plan.h): a deterministic flow shop whose
 * schedules are worked out by hand below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mdl_model.h"
#include "mdl_orders.h"
#include "pln_plan.h"
#include "sim_dist.h"
#include "test_helpers.h"
#include "model_specs.h"
#include "test_main.h"

/* Two machines M1 -> M2, three one-unit orders released at 0:
 *   J1: (3, 2) due 7   J2: (1, 4) due 5   J3: (2, 2) due 9
 * (time on M1, time on M2). */
static mdl_model *flow_shop(void) {
    mdl_model *m = mdl_model_new();
    const char *ids[2] = {"M1", "M2"};
    for (int s = 0; s < 2; s++) {
        mdl_station_spec sp = fx_station(ids[s], sim_dist_const(1));
        assert_int_equal(mdl_model_add_station(m, &sp), s);
    }
    const double a[3] = {3, 1, 2}, b[3] = {2, 4, 2}, due[3] = {7, 5, 9};
    const char *route[2] = {"M1", "M2"};
    const char *pid[3] = {"p1", "p2", "p3"}, *oid[3] = {"J1", "J2", "J3"};
    for (int j = 0; j < 3; j++) {
        assert_int_equal(mdl_model_add_product(m, pid[j], route, 2, 0), j);
        assert_true(mdl_model_set_cycle(m, j, 0, sim_dist_const(a[j])));
        assert_true(mdl_model_set_cycle(m, j, 1, sim_dist_const(b[j])));
        assert_int_equal(mdl_model_add_order(m, oid[j], j, 1, 0.0, due[j]), j);
    }
    assert_true(mdl_model_validate(m));
    return m;
}

/* The planned start of (order, step). */
static double start_of(const pln_plan *p, int order, int step) {
    for (size_t i = 0; i < pln_plan_op_count(p); i++) {
        const pln_op *op = pln_plan_op(p, i);
        if (op->order == order && op->step == step) return op->start;
    }
    return NAN;
}

/* The flow shop planned by `rule`; *m is its model (the caller frees both). */
static pln_plan *plan_flow_shop(mdl_dispatch rule, mdl_model **m) {
    *m = flow_shop();
    char err[200];
    pln_plan *p = pln_schedule(*m, rule, err, sizeof err);
    if (!p) fail_msg("pln_schedule: %s", err);
    return p;
}

/* Order j's first operation starts at s1[j], its second at s2[j]. */
static void assert_starts(const pln_plan *p, const double s1[3], const double s2[3]) {
    for (int j = 0; j < 3; j++) {
        assert_near(start_of(p, j, 0), s1[j], 1e-12);
        assert_near(start_of(p, j, 1), s2[j], 1e-12);
    }
}

static void flow_shop_fifo(void **state) {
    (void)state;
    /* FIFO (ready time, then book order), Giffler-Thompson:
     *   M1: J1 0-3, J2 3-4, J3 4-6
     *   M2: J1 3-5 (J1 ready at 3 before J2 at 4), J2 5-9, J3 9-11
     * makespan 11; tardiness: J1 5 <= 7: 0; J2 9 - 5 = 4; J3 11 - 9 = 2. */
    mdl_model *m;
    pln_plan *p = plan_flow_shop(MDL_DISPATCH_FIFO, &m);
    assert_int_equal(pln_plan_op_count(p), 6);
    assert_near(pln_plan_makespan(p), 11, 1e-12);
    assert_starts(p, (const double[]){0, 3, 4}, (const double[]){3, 5, 9});
    assert_near(pln_plan_tardiness_sum(p), 6, 1e-12);
    assert_near(pln_plan_tardiness_max(p), 4, 1e-12);
    assert_int_equal(pln_plan_late_orders(p), 2);
    /* M1 busy 6 of 11, M2 busy 8 of 11. */
    assert_near(pln_plan_utilization(p, 0), 6.0 / 11, 1e-12);
    assert_near(pln_plan_utilization(p, 1), 8.0 / 11, 1e-12);
    pln_plan_free(p);
    mdl_model_free(m);
}

static void flow_shop_edd(void **state) {
    (void)state;
    /* EDD gives Johnson's optimal sequence J2, J1, J3 here:
     *   M1: J2 0-1, J1 1-4, J3 4-6
     *   M2: J2 1-5, J1 5-7, J3 7-9
     * makespan 9 (Johnson: the lower bound min a + sum b = 1 + 8 = 9), no
     * order late (J2 5 <= 5, J1 7 <= 7, J3 9 <= 9). */
    mdl_model *m;
    pln_plan *p = plan_flow_shop(MDL_DISPATCH_EDD, &m);
    assert_near(pln_plan_makespan(p), 9, 1e-12);
    assert_starts(p, (const double[]){1, 0, 4}, (const double[]){5, 1, 7});
    assert_near(pln_plan_tardiness_sum(p), 0, 0);
    assert_int_equal(pln_plan_late_orders(p), 0);
    pln_plan_free(p);
    mdl_model_free(m);
}

/* A shift calendar: M1 works Monday 00:00-00:00:05 and from 00:00:10 on
 * (a break from 5 s to 10 s); an operation pauses over the break. */
static void shift_pauses(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int cal = mdl_model_add_calendar(m, "c");
    assert_true(cal >= 0);
    assert_true(mdl_calendar_add_shift(m, cal, "day", 0, 7 * 86400.0));
    assert_true(mdl_calendar_add_break(m, cal, 5, 10));
    mdl_station_spec sp = fx_station("M1", sim_dist_const(4));
    sp.calendar = cal;
    assert_int_equal(mdl_model_add_station(m, &sp), 0);
    const char *route[1] = {"M1"};
    assert_int_equal(mdl_model_add_product(m, "p", route, 1, 0), 0);
    /* Two units (8 s of work) released at 2 s: 2-5 (3 s), break, 10-15. */
    assert_int_equal(mdl_model_add_order(m, "A", 0, 2, 2.0, -1), 0);
    assert_true(mdl_model_validate(m));
    char err[200];
    pln_plan *p = pln_schedule(m, MDL_DISPATCH_FIFO, err, sizeof err);
    assert_non_null(p);
    assert_near(start_of(p, 0, 0), 2, 1e-12);
    assert_near(pln_plan_completion(p, 0), 15, 1e-12);
    pln_plan_free(p);
    mdl_model_free(m);
}

/* A lot's units pass on one by one: two units of J1 (3 s on M1, 2 s on
 * M2): M1 0-6 (units done at 3 and 6); M2 starts when the first unit is
 * there (3) and ends at max(3 + 2 x 2, 6 + 2) = 8. */
static void lot_overlap(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    const char *ids[2] = {"M1", "M2"};
    const double c[2] = {3, 2};
    for (int s = 0; s < 2; s++) {
        mdl_station_spec sp = fx_station(ids[s], sim_dist_const(c[s]));
        assert_int_equal(mdl_model_add_station(m, &sp), s);
    }
    const char *route[2] = {"M1", "M2"};
    assert_int_equal(mdl_model_add_product(m, "p", route, 2, 0), 0);
    assert_int_equal(mdl_model_add_order(m, "J1", 0, 2, 0.0, 7.0), 0);
    assert_true(mdl_model_validate(m));
    char err[200];
    pln_plan *p = pln_schedule(m, MDL_DISPATCH_EDD, err, sizeof err);
    assert_non_null(p);
    assert_near(start_of(p, 0, 0), 0, 0);
    assert_near(start_of(p, 0, 1), 3, 1e-12);
    assert_near(pln_plan_makespan(p), 8, 1e-12);
    assert_near(pln_plan_tardiness_sum(p), 1, 1e-12);
    pln_plan_free(p);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(flow_shop_fifo),
        cmocka_unit_test(flow_shop_edd),
        cmocka_unit_test(shift_pauses),
        cmocka_unit_test(lot_overlap),
)
