/*
 * test_cli_plan.c - `linetwin schedule` and the order outputs of `run`
 * through the built command.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_helpers.h"
#include "cli_run.h"
#include "test_main.h"

static void schedule_orders_scene(void **state) {
    (void)state;
    char out[] = "/tmp/test_cli_plan_XXXXXX";
    temp_file(out, NULL);
    EXPECT_OUT(RUN("schedule", scene(0, "scenes/orders.cfg"), "--rule", "edd", "-o", out), 0, "Makespan",
               "Planned tardiness", "cnc_op10");
    char *csv = test_read_file(out);
    assert_non_null(csv);
    const char *head = "order,product,quantity,step,station,server,start_s,setup_s,end_s,due_s,options\n";
    assert_true(strncmp(csv, head, strlen(head)) == 0);
    /* 600 orders x 9 steps + the header */
    int lines = 0;
    for (const char *p = csv; *p; p++) lines += *p == '\n';
    assert_int_equal(lines, 600 * 9 + 1);
    /* Each row names its order's variant. */
    assert_non_null(strstr(csv, ",bore=B50;flange=std;seal=epdm;finish=black\n"));
    free(csv);
    remove(out);
}

static void schedule_bad_usage(void **state) {
    (void)state;
    EXPECT_ERR(RUN("schedule", scene(0, "scenes/orders.cfg"), "--rule", "ed"), 2, "did you mean edd?");
    EXPECT_ERR(RUN("schedule", scene(0, "scenes/demo.cfg")), 1, "no orders");
    EXPECT_STATUS(RUN("schedule", scene(0, "scenes/orders.cfg"), "--json"), 2);
}

/* run --json of an order book has the order book, the orders and the
 * products; a scene without orders only the products. */
static void run_order_json(void **state) {
    (void)state;
    EXPECT_OUT(RUN("run", scene(0, "scenes/orders.cfg"), "--reps", "2", "--json"), 0, "\"order_book\": {",
               "\"orders_on_time_share\"", "\"id\": \"H-0001\"", "\"tardiness_s\"", "\"products\": [");
    result r = RUN("run", scene(0, "scenes/demo.cfg"), "--reps", "1", "--horizon", "1d", "--warmup", "0s",
                   "--json");
    expect_status(&r, 0);
    expect_contains(r.out, "\"products\": [");
    assert_null(strstr(r.out, "\"order_book\""));
    result_free(&r);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(schedule_orders_scene),
        cmocka_unit_test(schedule_bad_usage),
        cmocka_unit_test(run_order_json),
)
