/*
 * test_plan_family.c - the planner (pln_plan.h) on what a run does beyond
 * fixed routes: variants of a family (cycle time additions, setups by
 * option change), a station visited twice with its own cycle time for one
 * visit, a step of alternative machines (the earliest finish), and a
 * probabilistic branch (planned on the most likely branch, executed as
 * drawn). The schedules are worked out by hand below; executed under
 * deterministic times, the plans adhere 100 %.
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

#include "mdl_model.h"
#include "mdl_orders.h"
#include "mdl_plan.h"
#include "mdl_routing.h"
#include "mdl_run.h"
#include "pln_plan.h"
#include "pln_read.h"
#include "sim_dist.h"
#include "test_helpers.h"
#include "test_main.h"

static void add_station(mdl_model *m, const char *id, double cycle) {
    mdl_station_spec sp;
    mdl_station_spec_default(&sp);
    sp.id = id;
    sp.has_cycle = true;
    sp.cycle = sim_dist_const(cycle);
    assert_true(mdl_model_add_station(m, &sp) >= 0);
}

/* n stations ids[i] of constant cycle cyc[i], and product `product`
 * (index 0) of this route. */
static mdl_model *shop(const char *const *ids, const double *cyc, int n, const char *product,
                       const char *const *route, int nroute) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    for (int i = 0; i < n; i++) add_station(m, ids[i], cyc[i]);
    assert_int_equal(mdl_model_add_product(m, product, route, nroute, 0), 0);
    return m;
}

/* Orders J1 .. Jn of product 0, one unit each, released at 0 (with
 * options opts[j] of the family when opts is not NULL); then one
 * replication over this horizon, and the model validated. */
static void add_orders(mdl_model *m, int n, const char *const *opts, double horizon) {
    for (int j = 0; j < n; j++) {
        char oid[8], err[200];
        snprintf(oid, sizeof oid, "J%d", j + 1);
        assert_int_equal(mdl_model_add_order(m, oid, 0, 1, 0.0, -1), j);
        if (!opts) continue;
        long v = mdl_model_family_variant(m, 0, opts[j], err, sizeof err);
        if (v < 0) fail_msg("J%d %s: %s", j + 1, opts[j], err);
        assert_true(mdl_model_set_order_variant(m, j, v));
    }
    mdl_run_settings rs = {.horizon = horizon, .warmup = 0, .replications = 1, .seed = 5, .start = 0};
    assert_true(mdl_model_set_run(m, &rs));
    assert_true(mdl_model_validate(m));
}

/* m's plan by FIFO (the caller frees it). */
static pln_plan *plan_fifo(const mdl_model *m) {
    char err[200];
    pln_plan *p = pln_schedule(m, MDL_DISPATCH_FIFO, err, sizeof err);
    if (!p) fail_msg("pln_schedule: %s", err);
    return p;
}

/* The planned operation of (order, step). */
static const pln_op *op_of(const pln_plan *p, int order, int step) {
    for (size_t i = 0; i < pln_plan_op_count(p); i++) {
        const pln_op *op = pln_plan_op(p, i);
        if (op->order == order && op->step == step) return op;
    }
    fail_msg("order %d step %d not planned", order, step);
    return NULL;
}

/* The plan runs (order, step) from start to end. */
static void assert_op(const pln_plan *p, int order, int step, double start, double end) {
    assert_near(op_of(p, order, step)->start, start, 1e-12);
    assert_near(op_of(p, order, step)->end, end, 1e-12);
}

/* The plan attached to the model and run once under deterministic times. */
static void execute(mdl_model *m, const pln_plan *p, mdl_rep_result *res) {
    size_t n = pln_plan_op_count(p);
    mdl_plan_op *ops = calloc(n, sizeof *ops);
    assert_non_null(ops);
    for (size_t i = 0; i < n; i++) {
        const pln_op *o = pln_plan_op(p, i);
        ops[i] = (mdl_plan_op){o->order, o->step, o->station, o->server, o->start, o->end};
    }
    assert_true(mdl_model_set_plan(m, ops, n, MDL_PLAN_WAIT, 60));
    free(ops);
    assert_true(mdl_rep_result_init(res, m));
    mdl_run *r = mdl_run_new(m, NULL, 0);
    assert_non_null(r);
    assert_true(mdl_run_to_end(r, res));
    mdl_run_free(r);
}

/* Frees what execute made and what it ran: the result, the plan, the model. */
static void executed_done(mdl_rep_result *res, pln_plan *p, mdl_model *m) {
    mdl_rep_result_fini(res);
    pln_plan_free(p);
    mdl_model_free(m);
}

/* Every planned operation begun and ended on time, in sequence. */
static void assert_adheres(const mdl_rep_result *res, double ops) {
    assert_near(mdl_rep_plan_kpi(res, MDL_AKPI_OPS_PLANNED), ops, 0);
    assert_near(mdl_rep_plan_kpi(res, MDL_AKPI_OPS_STARTED), ops, 0);
    assert_near(mdl_rep_plan_kpi(res, MDL_AKPI_OPS_ENDED), ops, 0);
    assert_near(mdl_rep_plan_kpi(res, MDL_AKPI_START_DEV_P95_S), 0, 1e-9);
    assert_near(mdl_rep_plan_kpi(res, MDL_AKPI_END_DEV_P95_S), 0, 1e-9);
    assert_near(mdl_rep_plan_kpi(res, MDL_AKPI_SEQUENCE_CHANGES), 0, 0);
    assert_near(mdl_rep_plan_kpi(res, MDL_AKPI_WITHIN_TOLERANCE), 1, 0);
    assert_near(mdl_rep_plan_kpi(res, MDL_AKPI_ORDER_DEV_MAX_S), 0, 1e-9);
    assert_near(mdl_rep_plan_kpi(res, MDL_AKPI_ORDERS_BEHIND_PLAN), 0, 0);
    assert_near(mdl_rep_plan_kpi(res, MDL_AKPI_OPS_REROUTED), 0, 0);
}

/* execute, and the run followed the plan's `ops` operations exactly. */
static void execute_as_planned(mdl_model *m, const pln_plan *p, mdl_rep_result *res, double ops) {
    execute(m, p, res);
    assert_adheres(res, ops);
}

/* ---- variants ---------------------------------------------------------------- */

/* M1 (2) -> M2 (3); a family with size = S | L (L adds 2 at M1) and
 * color = red | blue (a setup of 1 at M2 when the color changes). Four
 * lot-size-1 orders released at 0, in book order:
 *   J1 S red   J2 L red   J3 S blue   J4 L blue */
static mdl_model *variant_shop(void) {
    const char *route[2] = {"M1", "M2"};
    const double cyc[2] = {2, 3};
    mdl_model *m = shop(route, cyc, 2, "f", route, 2);
    const char *names[2] = {"size", "color"}, *sizes[2] = {"S", "L"}, *colors[2] = {"red", "blue"};
    const char *const *values[2] = {sizes, colors};
    const int nvalues[2] = {2, 2};
    assert_true(mdl_model_set_family(m, 0, 2, names, nvalues, values));
    assert_true(mdl_model_family_cycle_add(m, 0, 0, 0, 1, 2.0));
    assert_true(mdl_model_family_setup(m, 0, 1, 1, sim_dist_const(1)));
    const char *opts[4] = {"size=S;color=red", "size=L;color=red", "size=S;color=blue", "size=L;color=blue"};
    add_orders(m, 4, opts, 100);
    return m;
}

static void variants_planned(void **state) {
    (void)state;
    mdl_model *m = variant_shop();
    /* The model's own times: J2 (L) takes 4 at M1; J3 after J2 at M2 needs
     * the color setup, J4 after J3 does not. */
    assert_near(mdl_model_op_mean_cycle(m, 0, mdl_model_order_variant(m, 1), 0, 0), 4, 0);
    assert_near(mdl_model_op_mean_setup(m, 1, 0, mdl_model_order_variant(m, 1), 0, mdl_model_order_variant(m, 2)), 1, 0);
    assert_near(mdl_model_op_mean_setup(m, 1, 0, mdl_model_order_variant(m, 2), 0, mdl_model_order_variant(m, 3)), 0, 0);
    /* FIFO:  M1: J1 0-2, J2 2-6, J3 6-8, J4 8-12
     *        M2: J1 2-5, J2 6-9, J3 9-13 (setup 9-10), J4 13-16
     * makespan 16 (a planner blind to variants: M1 ends at 8, M2 at 14). */
    pln_plan *p = plan_fifo(m);
    const double s1[4] = {0, 2, 6, 8}, e1[4] = {2, 6, 8, 12};
    const double s2[4] = {2, 6, 9, 13}, e2[4] = {5, 9, 13, 16}, su[4] = {0, 0, 1, 0};
    for (int j = 0; j < 4; j++) {
        assert_op(p, j, 0, s1[j], e1[j]);
        assert_op(p, j, 1, s2[j], e2[j]);
        assert_near(op_of(p, j, 1)->setup, su[j], 1e-12);
    }
    assert_near(pln_plan_makespan(p), 16, 1e-12);
    /* Busy: M1 2 + 4 + 2 + 4 = 12, M2 3 x 4 + 1 = 13, of 16. */
    assert_near(pln_plan_utilization(p, 0), 12.0 / 16, 1e-12);
    assert_near(pln_plan_utilization(p, 1), 13.0 / 16, 1e-12);
    mdl_rep_result res;
    execute_as_planned(m, p, &res, 8);
    assert_near(mdl_rep_order_kpi(&res, 3, MDL_OKPI_COMPLETION_S), 16, 1e-9);
    executed_done(&res, p, m);
}

/* M1 (2) -> M2 (3) -> M1 again, this visit 1: two orders.
 *   M1: J1 0-2, J2 2-4; M2: J1 2-5, J2 5-8; M1 again: J1 5-6, J2 8-9. */
static void visit_twice(void **state) {
    (void)state;
    const char *route[3] = {"M1", "M2", "M1"};
    const double cyc[2] = {2, 3};
    mdl_model *m = shop(route, cyc, 2, "g", route, 3);
    int st[1] = {0};
    mdl_step_spec sp = {.nstations = 1, .stations = st, .rule = MDL_STEP_FIRST_FREE, .has_cycle = true,
                        .cycle = sim_dist_const(1)};
    assert_true(mdl_model_set_step(m, 0, 2, &sp));
    add_orders(m, 2, NULL, 100);
    pln_plan *p = plan_fifo(m);
    assert_op(p, 0, 2, 5, 6);
    assert_op(p, 1, 2, 8, 9);
    assert_near(pln_plan_makespan(p), 9, 1e-12);
    mdl_rep_result res;
    execute_as_planned(m, p, &res, 6);
    executed_done(&res, p, m);
}

/* ---- alternatives -------------------------------------------------------------- */

/* M0 (1) -> one of A, B (cycle a, b; rule `rule`, with these shares
 * when not NULL); n orders at 0. */
static mdl_model *alt_shop(double a, double b, int n, mdl_step_rule rule, double *share) {
    const char *ids[3] = {"M0", "A", "B"};
    const double cyc[3] = {1, a, b};
    mdl_model *m = shop(ids, cyc, 3, "p", ids, 2);
    int st[2] = {1, 2};
    mdl_step_spec sp = {.nstations = 2, .stations = st, .shares = share, .rule = rule};
    assert_true(mdl_model_set_step(m, 0, 1, &sp));
    add_orders(m, n, NULL, 1000);
    return m;
}

/* Plans alt_shop(a, b, n, rule) by FIFO: step 1 of order j at station
 * want[j] from start[j], the makespan; executed, it adheres and the units
 * go where the plan put them. */
static void check_alternatives(double a, double b, int n, mdl_step_rule rule, const int *want, const double *start,
                               double makespan) {
    mdl_model *m = alt_shop(a, b, n, rule, NULL);
    pln_plan *p = plan_fifo(m);
    int at[3] = {0, 0, 0};
    for (int j = 0; j < n; j++) {
        assert_int_equal(op_of(p, j, 1)->station, want[j]);
        assert_near(op_of(p, j, 1)->start, start[j], 1e-12);
        at[want[j]]++;
    }
    assert_near(pln_plan_makespan(p), makespan, 1e-12);
    mdl_rep_result res;
    execute_as_planned(m, p, &res, 2.0 * n);
    assert_near(res.station[1][MDL_SKPI_UNITS_DONE], at[1], 0);
    assert_near(res.station[2][MDL_SKPI_UNITS_DONE], at[2], 0);
    executed_done(&res, p, m);
}

static void alternatives_identical(void **state) {
    (void)state;
    /* Two identical machines (5): J1 ready at 1 ends at 6 on either: A
     * (the first listed); J2 ready at 2: A (free at 6) would end at 11, B
     * at 7: B; J3 ready at 3: A ends at 11, B at 12: A. Makespan 11. The
     * run sends the units where the plan said. */
    const int want[3] = {1, 2, 1};
    const double start[3] = {1, 2, 6};
    check_alternatives(5, 5, 3, MDL_STEP_SHORTEST_QUEUE, want, start, 11);
}

static void alternatives_earliest_finish(void **state) {
    (void)state;
    /* A slow (8), B fast (3), four orders ready at 1, 2, 3, 4:
     *   J1: A ends 9, B 4: B (1-4);  J2: A 10, B 7: B (4-7);
     *   J3: A 11, B 10: B (7-10);    J4: A 12, B 13: A (4-12).
     * Makespan 12; always the fastest machine (B) would end at 13. The
     * step's run rule (first free) is not the plan's: executed with the
     * plan, the run follows the plan's stations. */
    const int want[4] = {2, 2, 2, 1};
    const double start[4] = {1, 4, 7, 4};
    check_alternatives(8, 3, 4, MDL_STEP_FIRST_FREE, want, start, 12);
}

/* A plan read from CSV may put a step of alternatives on any of its
 * stations, and no other: the line of the one that does not is named. */
static void alternatives_read(void **state) {
    (void)state;
    mdl_model *m = alt_shop(5, 5, 2, MDL_STEP_FIRST_FREE, NULL);
    const char *good = "order,step,station,start_s,end_s\nJ1,1,M0,0,1\nJ1,2,B,1,6\nJ2,1,M0,1,2\nJ2,2,A,2,7\n";
    mdl_plan_op *ops = NULL;
    size_t n = 0;
    pln_diags d = {0};
    assert_true(pln_read_csv(m, "plan.csv", good, strlen(good), &ops, &n, &d));
    assert_int_equal(n, 4);
    assert_int_equal(ops[1].station, 2);
    assert_true(mdl_model_set_plan(m, ops, n, MDL_PLAN_WAIT, 0));
    free(ops);
    pln_diags_fini(&d);
    const char *bad = "order,step,station,start_s,end_s\nJ1,1,M0,0,1\nJ1,2,M0,1,6\nJ2,1,M0,1,2\nJ2,2,A,2,7\n";
    assert_false(pln_read_csv(m, "plan.csv", bad, strlen(bad), &ops, &n, &d));
    assert_non_null(strstr(d.text, "plan.csv:3: order 'J1' step 2: at station 'M0', but the route of 'p' has 'A' "
                                   "(or its alternatives) there"));
    pln_diags_fini(&d);
    mdl_model_free(m);
}

/* ---- branches ------------------------------------------------------------------ */

static void branch_most_likely(void **state) {
    (void)state;
    /* M0 (1) -> branch A 0.3 / B 0.7 (both 1): every order is planned on
     * B, the most likely; the run draws, and the units that went to A are
     * the rerouted operations: the plan's B does not wait for them, every
     * order completes, and begun + rerouted = planned. */
    double share[2] = {0.3, 0.7};
    enum { N = 40 };
    mdl_model *m = alt_shop(1, 1, N, MDL_STEP_SHARE, share);
    pln_plan *p = plan_fifo(m);
    for (int j = 0; j < N; j++) assert_int_equal(op_of(p, j, 1)->station, 2);
    assert_near(pln_plan_makespan(p), N + 1, 1e-12);
    mdl_rep_result res;
    execute(m, p, &res);
    double at_a = res.station[1][MDL_SKPI_UNITS_DONE], at_b = res.station[2][MDL_SKPI_UNITS_DONE];
    assert_near(at_a + at_b, N, 0);
    assert_true(at_a > 0);
    assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_OPS_REROUTED), at_a, 0);
    assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_OPS_STARTED) + at_a, 2 * N, 0);
    for (int j = 0; j < N; j++) assert_true(mdl_rep_order_kpi(&res, j, MDL_OKPI_COMPLETION_S) <= N + 1 + 1e-9);
    executed_done(&res, p, m);
}

/* ---- steps that depend on the options ------------------------------------------- */

/* M1 (2) -> M2 (3, only color = blue) -> M3 (1); J1 red, J2 blue at 0.
 * FIFO: J1 M1 0-2, M3 2-3 (M2 skipped); J2 M1 2-4, M2 4-7, M3 7-8. */
static void variant_steps_planned(void **state) {
    (void)state;
    const char *route[3] = {"M1", "M2", "M3"};
    const double cyc[3] = {2, 3, 1};
    mdl_model *m = shop(route, cyc, 3, "f", route, 3);
    const char *names[1] = {"color"}, *colors[2] = {"red", "blue"};
    const char *const *values[1] = {colors};
    const int nvalues[1] = {2}, blue = 1;
    assert_true(mdl_model_set_family(m, 0, 1, names, nvalues, values));
    assert_true(mdl_model_step_when(m, 0, 1, 0, 1, &blue));
    const char *opts[2] = {"color=red", "color=blue"};
    add_orders(m, 2, opts, 100);
    pln_plan *p = plan_fifo(m);
    assert_int_equal(pln_plan_op_count(p), 5); /* J1 skips M2 */
    for (size_t i = 0; i < pln_plan_op_count(p); i++)
        assert_false(pln_plan_op(p, i)->order == 0 && pln_plan_op(p, i)->step == 1);
    assert_op(p, 0, 2, 2, 3);
    assert_op(p, 1, 1, 4, 7);
    assert_op(p, 1, 2, 7, 8);
    assert_near(pln_plan_makespan(p), 8, 1e-12);
    mdl_rep_result res;
    execute_as_planned(m, p, &res, 5);
    assert_near(mdl_rep_order_kpi(&res, 0, MDL_OKPI_COMPLETION_S), 3, 1e-9);
    mdl_rep_result_fini(&res);
    /* Read back from CSV: J1's skipped step is refused at its line. */
    const char *csv = "order,step,station,start_s,end_s\n"
                      "J1,1,M1,0,2\nJ1,2,M2,2,5\nJ1,3,M3,5,6\n"
                      "J2,1,M1,2,4\nJ2,2,M2,4,7\nJ2,3,M3,7,8\n";
    mdl_plan_op *ops = NULL;
    size_t n = 0;
    pln_diags d;
    assert_false(pln_read_csv(m, "plan.csv", csv, strlen(csv), &ops, &n, &d));
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(d.text, "plan.csv:3: order 'J1' step 2: not on the route of its variant"));
    pln_diags_fini(&d);
    pln_plan_free(p);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(variants_planned),
        cmocka_unit_test(variant_steps_planned),
        cmocka_unit_test(visit_twice),
        cmocka_unit_test(alternatives_identical),
        cmocka_unit_test(alternatives_earliest_finish),
        cmocka_unit_test(alternatives_read),
        cmocka_unit_test(branch_most_likely),
)
