/*
 * test_plan_exec.c - a plan executed in a run (mdl_plan.h) and a plan read
 * from CSV (pln_read.h).
 *
 * The flow shop: two machines M1 -> M2, five one-unit orders released at
 * 0, deterministic times. Its optimal makespan is worked out here by trying
 * every sequence (5! = 120) and checked against Johnson's rule; the plan
 * (EDD, with due dates in Johnson's order) must reach it, and its
 * execution under deterministic times must adhere 100 %: every deviation 0.
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
#include "mdl_run.h"
#include "pln_plan.h"
#include "pln_read.h"
#include "sim_dist.h"
#include "test_helpers.h"
#include "model_specs.h"
#include "test_main.h"
#include "model_fixtures.h"

#define NJOBS 5
/* (time on M1, time on M2) per job. */
static const double A[NJOBS] = {4, 1, 5, 2, 3};
static const double B[NJOBS] = {2, 6, 3, 4, 1};

/* Makespan of a permutation flow shop on two machines. */
static double makespan_of(const int *seq) {
    double c1 = 0, c2 = 0;
    for (int i = 0; i < NJOBS; i++) {
        c1 += A[seq[i]];
        c2 = fmax(c2, c1) + B[seq[i]];
    }
    return c2;
}

/* The least makespan over all sequences (Heap's algorithm). */
static double best_makespan(void) {
    int seq[NJOBS], c[NJOBS] = {0};
    for (int i = 0; i < NJOBS; i++) seq[i] = i;
    double best = makespan_of(seq);
    int i = 0;
    while (i < NJOBS) {
        if (c[i] < i) {
            int k = i % 2 == 0 ? 0 : c[i], t = seq[k];
            seq[k] = seq[i];
            seq[i] = t;
            best = fmin(best, makespan_of(seq));
            c[i]++;
            i = 0;
        } else {
            c[i++] = 0;
        }
    }
    return best;
}

/* Johnson's rule: jobs with a <= b first by a ascending, then the others
 * by b descending. */
static void johnson(int *seq) {
    int n = 0;
    bool used[NJOBS] = {false};
    for (int round = 0; round < NJOBS; round++) { /* set 1, by a ascending */
        int pick = -1;
        for (int j = 0; j < NJOBS; j++)
            if (!used[j] && A[j] <= B[j] && (pick < 0 || A[j] < A[pick])) pick = j;
        if (pick < 0) break;
        used[pick] = true;
        seq[n++] = pick;
    }
    while (n < NJOBS) { /* set 2, by b descending */
        int pick = -1;
        for (int j = 0; j < NJOBS; j++)
            if (!used[j] && (pick < 0 || B[j] > B[pick])) pick = j;
        used[pick] = true;
        seq[n++] = pick;
    }
}

/* The flow shop, with order j due at (its position in seq) + 1 so that EDD
 * plans seq. */
static mdl_model *flow_shop(const int *seq, double horizon) {
    mdl_model *m = mdl_model_new();
    const char *ids[2] = {"M1", "M2"};
    for (int s = 0; s < 2; s++) {
        mdl_station_spec sp = fx_station(ids[s], sim_dist_const(1));
        assert_int_equal(mdl_model_add_station(m, &sp), s);
    }
    const char *route[2] = {"M1", "M2"};
    double due[NJOBS];
    for (int i = 0; i < NJOBS; i++) due[seq[i]] = i + 1;
    for (int j = 0; j < NJOBS; j++) {
        char pid[8], oid[8];
        snprintf(pid, sizeof pid, "p%d", j + 1);
        snprintf(oid, sizeof oid, "J%d", j + 1);
        assert_int_equal(mdl_model_add_product(m, pid, route, 2, 0), j);
        assert_true(mdl_model_set_cycle(m, j, 0, sim_dist_const(A[j])));
        assert_true(mdl_model_set_cycle(m, j, 1, sim_dist_const(B[j])));
        assert_int_equal(mdl_model_add_order(m, oid, j, 1, 0.0, due[j]), j);
    }
    mdl_run_settings rs = {.horizon = horizon, .warmup = 0, .replications = 1, .seed = 3, .start = 0};
    assert_true(mdl_model_set_run(m, &rs));
    assert_true(mdl_model_validate(m));
    return m;
}

/* The planner's plan as a run's plan. */
static mdl_plan_op *to_ops(const pln_plan *p, size_t *n) {
    *n = pln_plan_op_count(p);
    mdl_plan_op *ops = calloc(*n, sizeof *ops);
    assert_non_null(ops);
    for (size_t i = 0; i < *n; i++) {
        const pln_op *o = pln_plan_op(p, i);
        ops[i] = (mdl_plan_op){o->order, o->step, o->station, o->server, o->start, o->end};
    }
    return ops;
}

static void run_once(const mdl_model *m, mdl_rep_result *res) {
    assert_true(mdl_rep_result_init(res, m));
    mdl_run *r = mdl_run_new(m, NULL, 0);
    assert_non_null(r);
    assert_true(mdl_run_to_end(r, res));
    mdl_run_free(r);
}

/* The plan reaches the optimum; executed (policy wait), it adheres 100 %.
 * (Under policy next, M1 would take J1, released first, at time 0.) */
static void johnson_plan_adheres(void **state) {
    (void)state;
    int seq[NJOBS];
    johnson(seq);
    /* Worked out: Johnson gives J2 (1,6), J4 (2,4), J5 ... here a <= b for
     * J2, J4: by a: J2, J4; then b descending: J3 (3), J1 (2), J5 (1). */
    const int want[NJOBS] = {1, 3, 2, 0, 4};
    for (int i = 0; i < NJOBS; i++) assert_int_equal(seq[i], want[i]);
    /* M1: J2 0-1, J4 1-3, J3 3-8, J1 8-12, J5 12-15;
     * M2: J2 1-7, J4 7-11, J3 11-14, J1 14-16, J5 16-17: makespan 17,
     * which is also the least over all 120 sequences. */
    assert_near(makespan_of(seq), 17, 0);
    assert_near(best_makespan(), 17, 0);
    for (int pol = 0; pol < 1; pol++) {
        mdl_model *m = flow_shop(seq, 100);
        char err[200];
        pln_plan *p = pln_schedule(m, MDL_DISPATCH_EDD, err, sizeof err);
        assert_non_null(p);
        assert_near(pln_plan_makespan(p), best_makespan(), 1e-12);
        size_t n;
        mdl_plan_op *ops = to_ops(p, &n);
        assert_true(mdl_model_set_plan(m, ops, n, (mdl_plan_policy)pol, 60));
        free(ops);
        mdl_rep_result res;
        run_once(m, &res);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_OPS_PLANNED), 10, 0);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_OPS_STARTED), 10, 0);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_OPS_ENDED), 10, 0);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_START_DEV_MEAN_S), 0, 1e-9);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_START_DEV_P95_S), 0, 1e-9);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_END_DEV_MEAN_S), 0, 1e-9);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_END_DEV_P95_S), 0, 1e-9);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_SEQUENCE_CHANGES), 0, 0);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_WITHIN_TOLERANCE), 1, 0);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_ORDER_DEV_MEAN_S), 0, 1e-9);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_ORDER_DEV_MAX_S), 0, 1e-9);
        assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_ORDERS_BEHIND_PLAN), 0, 0);
        /* The line's own results agree: the last order out at 17. */
        double last = 0;
        for (int o = 0; o < NJOBS; o++) {
            last = fmax(last, mdl_rep_order_kpi(&res, o, MDL_OKPI_COMPLETION_S));
            assert_near(mdl_rep_plan_order_kpi(&res, o, MDL_AOKPI_COMPLETION_DEV_S), 0, 1e-9);
            assert_near(mdl_rep_plan_order_kpi(&res, o, MDL_AOKPI_OPS_WITHIN_TOLERANCE), 2, 0);
        }
        assert_near(last, 17, 1e-9);
        mdl_rep_result_fini(&res);
        pln_plan_free(p);
        mdl_model_free(m);
    }
}

/* A plan in another sequence than the stations' own rule (FIFO by book
 * order): the run follows the plan, and a plan in book order (not
 * Johnson's) has the makespan of that sequence worked out above. */
static void plan_overrides_rule(void **state) {
    (void)state;
    const int book[NJOBS] = {0, 1, 2, 3, 4};
    int seq[NJOBS];
    johnson(seq);
    mdl_model *m = flow_shop(seq, 100);
    /* The book order J1..J5 by hand: M1 0-4, 4-5, 5-10, 10-12, 12-15;
     * M2 J1 4-6, J2 6-12, J3 12-15, J4 15-19, J5 19-20. */
    assert_near(makespan_of(book), 20, 0);
    const double s1[NJOBS] = {0, 4, 5, 10, 12}, s2[NJOBS] = {4, 6, 12, 15, 19};
    mdl_plan_op ops[2 * NJOBS];
    for (int j = 0; j < NJOBS; j++) {
        ops[2 * j] = (mdl_plan_op){j, 0, 0, -1, s1[j], s1[j] + A[j]};
        ops[2 * j + 1] = (mdl_plan_op){j, 1, 1, -1, s2[j], s2[j] + B[j]};
    }
    assert_true(mdl_model_set_plan(m, ops, 2 * NJOBS, MDL_PLAN_WAIT, 0));
    mdl_rep_result res;
    run_once(m, &res);
    for (int o = 0; o < NJOBS; o++)
        assert_near(mdl_rep_order_kpi(&res, o, MDL_OKPI_COMPLETION_S), s2[o] + B[o], 1e-9);
    assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_START_DEV_P95_S), 0, 1e-9);
    assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_SEQUENCE_CHANGES), 0, 0);
    fx_run_done(&res, NULL, m);
}

/* Policy wait against next: the first job of M1's sequence ("late") is
 * released at 5, the second ("early") at 0. Under wait M1 idles until 5;
 * under next it takes "early" at once (one sequence change). */
static void policies_differ(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_station_spec sp = fx_station("M1", sim_dist_const(2));
    assert_int_equal(mdl_model_add_station(m, &sp), 0);
    const char *route[1] = {"M1"};
    assert_int_equal(mdl_model_add_product(m, "p", route, 1, 0), 0);
    assert_int_equal(mdl_model_add_order(m, "late", 0, 1, 5.0, -1), 0);
    assert_int_equal(mdl_model_add_order(m, "early", 0, 1, 0.0, -1), 1);
    mdl_run_settings rs = {.horizon = 50, .warmup = 0, .replications = 1, .seed = 3, .start = 0};
    assert_true(mdl_model_set_run(m, &rs));
    assert_true(mdl_model_validate(m));
    /* Planned: late 5-7, then early 7-9. */
    mdl_plan_op ops[2] = {{0, 0, 0, -1, 5, 7}, {1, 0, 0, -1, 7, 9}};
    /* wait: early waits for late: late 5-7 (on plan), early 7-9. */
    assert_true(mdl_model_set_plan(m, ops, 2, MDL_PLAN_WAIT, 0));
    mdl_rep_result res;
    run_once(m, &res);
    assert_near(mdl_rep_order_kpi(&res, 1, MDL_OKPI_COMPLETION_S), 9, 1e-9);
    assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_SEQUENCE_CHANGES), 0, 0);
    assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_WITHIN_TOLERANCE), 1, 0);
    mdl_rep_result_fini(&res);
    /* next: early 0-2 (7 s before plan), late 5-7: one change; start
     * deviations -7 and 0: mean -3.5, p95 of |.| 7; within 0 s: 1 of 2. */
    assert_true(mdl_model_set_plan(m, ops, 2, MDL_PLAN_NEXT, 0));
    run_once(m, &res);
    assert_near(mdl_rep_order_kpi(&res, 1, MDL_OKPI_COMPLETION_S), 2, 1e-9);
    assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_SEQUENCE_CHANGES), 1, 0);
    assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_START_DEV_MEAN_S), -3.5, 1e-9);
    assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_START_DEV_P95_S), 7, 1e-9);
    assert_near(mdl_rep_plan_kpi(&res, MDL_AKPI_WITHIN_TOLERANCE), 0.5, 0);
    fx_run_done(&res, NULL, m);
}

/* ---- the CSV reader ---------------------------------------------------------------- */

static const int JOHNSON[NJOBS] = {1, 3, 2, 0, 4};

static void read_good(void **state) {
    (void)state;
    mdl_model *m = flow_shop(JOHNSON, 100);
    const char *csv = "order,product,quantity,step,station,server,start_s,setup_s,end_s,due_s\n"
                      "J1,p1,1,1,M1,1,8,0,12,4\nJ1,p1,1,2,M2,1,14,0,16,4\n"
                      "J2,p2,1,1,M1,1,0,0,1,1\nJ2,p2,1,2,M2,1,1,0,7,1\n"
                      "\"J3\",p3,1,1,M1,1,3,0,8,3\r\nJ3,p3,1,2,M2,1,11,0,14,3\n"
                      "J4,p4,1,1,M1,1,1,0,3,2\nJ4,p4,1,2,M2,1,7,0,11,2\n"
                      "J5,p5,1,1,M1,1,12,0,15,5\nJ5,p5,1,2,M2,1,16,0,17,5\n";
    mdl_plan_op *ops;
    size_t n;
    pln_diags d;
    assert_true(pln_read_csv(m, "plan.csv", csv, strlen(csv), &ops, &n, &d));
    assert_int_equal(d.count, 0);
    assert_int_equal(n, 10);
    assert_int_equal(ops[4].order, 2);
    assert_int_equal(ops[4].step, 0);
    assert_int_equal(ops[4].server, 0);
    assert_near(ops[5].start, 11, 0);
    assert_true(mdl_model_set_plan(m, ops, n, MDL_PLAN_WAIT, 0));
    free(ops);
    pln_diags_fini(&d);
    mdl_model_free(m);
}

/* Every problem, each at its line, all at once. */
static void read_bad(void **state) {
    (void)state;
    mdl_model *m = flow_shop(JOHNSON, 100);
    const char *csv = "order,step,station,start_s,end_s,server\n" /* 1 */
                      "J9,1,M1,0,1,1\n"                             /* 2: unknown order */
                      "J1,1,M7,0,1,1\n"                             /* 3: unknown station */
                      "J1,2,M1,0,1,1\n"                             /* 4: route has M2 there */
                      "J1,3,M2,0,1,1\n"                             /* 5: no step 3 */
                      "J2,1,M1,abc,1,1\n"                           /* 6: bad start */
                      "J2,2,M2,5,4,1\n"                             /* 7: end before start */
                      "J3,1,M1,0,1,1\n"                             /* 8 */
                      "J3,1,M1,0,1,1\n"                             /* 9: twice */
                      "J4,1,M1,0,1,2\n"                             /* 10: no server 2 */
                      "J4,x,M1,0,1,1\n";                            /* 11: bad step */
    mdl_plan_op *ops;
    size_t n;
    pln_diags d;
    assert_false(pln_read_csv(m, "plan.csv", csv, strlen(csv), &ops, &n, &d));
    assert_null(ops);
    const char *want[] = {
        "plan.csv:2: order 'J9': no such order in the scene\n",
        "plan.csv:3: station 'M7': no such station in the scene\n",
        "plan.csv:4: order 'J1' step 2: at station 'M1', but the route of 'p1' has 'M2' there\n",
        "plan.csv:5: order 'J1' step 3: the route of 'p1' has 2 steps\n",
        "plan.csv:6: start_s 'abc': not a time >= 0\n",
        "plan.csv:7: end_s 4: before start_s 5\n",
        "plan.csv:9: order 'J3' step 1: planned twice (first on line 8)\n",
        "plan.csv:10: server 2: station 'M1' has 1 server\n",
        "plan.csv:11: step 'x': not a step number (1, 2, ...)\n",
        "plan.csv:11: order 'J1': not in the plan (every order of the scene is planned)\n",
        "plan.csv:11: order 'J3' step 2: not in the plan\n",
        "plan.csv:11: order 'J4': not in the plan (every order of the scene is planned)\n",
        "plan.csv:11: order 'J5': not in the plan (every order of the scene is planned)\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (!strstr(d.text, want[i])) fprintf(stderr, "missing: %s---\n%s", want[i], d.text);
        assert_non_null(strstr(d.text, want[i]));
    }
    assert_int_equal(d.count, (int)(sizeof want / sizeof want[0]));
    pln_diags_fini(&d);
    /* A plan whose steps run against the route: step 2 before step 1. */
    const char *rev = "order,step,station,start_s,end_s\n"
                      "J1,1,M1,8,12\nJ1,2,M2,2,6\nJ2,1,M1,0,1\nJ2,2,M2,1,7\nJ3,1,M1,3,8\n"
                      "J3,2,M2,11,14\nJ4,1,M1,1,3\nJ4,2,M2,7,11\nJ5,1,M1,12,15\nJ5,2,M2,16,17\n";
    assert_false(pln_read_csv(m, "p.csv", rev, strlen(rev), &ops, &n, &d));
    assert_string_equal(d.text,
                        "p.csv:3: order 'J1' step 2: planned before step 1 (line 2): the plan contradicts the route\n");
    pln_diags_fini(&d);
    /* A header without the needed columns; an empty file. */
    assert_false(pln_read_csv(m, "p.csv", "a,b\n1,2\n", 8, &ops, &n, &d));
    assert_int_equal(d.count, 5);
    assert_non_null(strstr(d.text, "p.csv:1: header: no column 'order'"));
    pln_diags_fini(&d);
    const char *q = "order,step,station,start_s,end_s\n\"J1,1,M1,0,1\n";
    assert_false(pln_read_csv(m, "p.csv", q, strlen(q), &ops, &n, &d));
    assert_non_null(strstr(d.text, "p.csv:2: a quoted field is not closed on its line\n"));
    pln_diags_fini(&d);
    assert_false(pln_read_csv(m, "p.csv", "", 0, &ops, &n, &d));
    assert_string_equal(d.text, "p.csv:1: empty: no header line\n");
    pln_diags_fini(&d);
    mdl_model_free(m);
}

/* The model refuses a plan that is not whole or not the routes'. */
static void model_refuses(void **state) {
    (void)state;
    mdl_model *m = flow_shop(JOHNSON, 100);
    mdl_plan_op one[1] = {{0, 0, 0, -1, 0, 1}};
    assert_false(mdl_model_set_plan(m, one, 1, MDL_PLAN_WAIT, 0));
    assert_non_null(strstr(mdl_model_error(m), "every step must be planned once"));
    mdl_plan_op ops[2 * NJOBS];
    for (int j = 0; j < NJOBS; j++) {
        ops[2 * j] = (mdl_plan_op){j, 0, 0, -1, 0, 1};
        ops[2 * j + 1] = (mdl_plan_op){j, 1, 1, -1, 1, 2};
    }
    ops[3].station = 0;
    assert_false(mdl_model_set_plan(m, ops, 2 * NJOBS, MDL_PLAN_WAIT, 0));
    assert_non_null(strstr(mdl_model_error(m), "order 'J2' step 2 is at station 'M2'"));
    ops[3].step = 0; /* J2 step 1 twice */
    assert_false(mdl_model_set_plan(m, ops, 2 * NJOBS, MDL_PLAN_WAIT, 0));
    assert_non_null(strstr(mdl_model_error(m), "planned twice"));
    ops[3].step = 1;
    ops[3].station = 1;
    assert_false(mdl_model_set_plan(m, ops, 2 * NJOBS, MDL_PLAN_WAIT, -1));
    assert_true(mdl_model_set_plan(m, ops, 2 * NJOBS, MDL_PLAN_NEXT, 0));
    assert_int_equal(mdl_model_plan_op_count(m), 10);
    assert_near(mdl_model_plan_completion(m, 1), 2, 0);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(johnson_plan_adheres),
        cmocka_unit_test(plan_overrides_rule),
        cmocka_unit_test(policies_differ),
        cmocka_unit_test(read_good),
        cmocka_unit_test(read_bad),
        cmocka_unit_test(model_refuses),
)
