/*
 * test_cli_plan_exec.c - `linetwin run --plan` through the built command:
 * schedule -o, then run the plan (JSON "plan", adherence.csv); a bad plan
 * refused before any run with every problem at its line, exit 2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_run.h"
#include "test_main.h"

static void run_plan(void **state) {
    (void)state;
    char plan[] = "/tmp/test_cli_plan_exec_XXXXXX";
    temp_file(plan, NULL);
    EXPECT_STATUS(RUN("schedule", scene(0, "scenes/orders.cfg"), "-o", plan), 0);
    EXPECT_OUT(RUN("run", scene(0, "scenes/orders.cfg"), "--reps", "1", "--horizon", "5d", "--plan", plan,
                   "--plan-policy", "next", "--plan-tolerance", "30min", "--json"),
               0, "\"plan\": {", "\"policy\": \"next\"", "\"tolerance_s\": 1800", "\"ops_planned\"",
               "\"started_within_tolerance_share\"", "\"completion_deviation_s\"");
    EXPECT_OUT(RUN("run", scene(0, "scenes/orders.cfg"), "--reps", "1", "--horizon", "5d", "--plan", plan), 0,
               "Schedule adherence (plan executed with policy wait, tolerance 15min", "Sequence changes");
    /* Without --plan: no plan object; --plan-policy alone is a usage error. */
    result r = RUN("run", scene(0, "scenes/orders.cfg"), "--reps", "1", "--horizon", "1d", "--json");
    expect_status(&r, 0);
    assert_null(strstr(r.out, "\"plan\": {"));
    result_free(&r);
    EXPECT_ERR(RUN("run", scene(0, "scenes/orders.cfg"), "--plan-policy", "next"), 2, "need --plan FILE");
    EXPECT_ERR(RUN("run", scene(0, "scenes/orders.cfg"), "--plan", plan, "--plan-policy", "later"), 2,
               "no policy \"later\"");
    remove(plan);
}

static void bad_plan(void **state) {
    (void)state;
    char plan[] = "/tmp/test_cli_plan_exec_XXXXXX";
    temp_file(plan, NULL);
    FILE *f = fopen(plan, "w");
    assert_non_null(f);
    fputs("order,step,station,start_s,end_s\nNOPE,1,saw,0,1\nH-0001,1,wash,0,1\nH-0001,1,saw,5,1\n", f);
    fclose(f);
    result r = RUN("run", scene(0, "scenes/orders.cfg"), "--plan", plan);
    expect_status(&r, 2);
    char want[200];
    snprintf(want, sizeof want, "%s:2: order 'NOPE': no such order in the scene", plan);
    expect_contains(r.err, want);
    snprintf(want, sizeof want, "%s:3: order 'H-0001' step 1: at station 'wash', but the route of 'housing' has 'saw' there",
             plan);
    expect_contains(r.err, want);
    snprintf(want, sizeof want, "%s:4: end_s 1: before start_s 5", plan);
    expect_contains(r.err, want);
    expect_contains(r.err, "not in the plan");
    assert_null(strstr(r.out, "Throughput")); /* refused before any run */
    result_free(&r);
    EXPECT_ERR(RUN("run", scene(0, "scenes/demo.cfg"), "--plan", plan), 2, "releases no orders");
    EXPECT_STATUS(RUN("run", scene(0, "scenes/orders.cfg"), "--plan", "/nonexistent/plan.csv"), 1);
    remove(plan);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(run_plan),
        cmocka_unit_test(bad_plan),
)
