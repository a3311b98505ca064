/*
 * test_cli_people.c - issue 15's bad-input and "waits for ever" items end to
 * end through the built command: a pool never on shift while the station
 * it serves is (a `check` warning with file:line, exit 0), the run of that
 * scene saying that work waited for people to the end (text and JSON), the
 * safety exposure and the headcount per shift in the JSON. The broken
 * scenes with a skill nobody has and a headcount of 0, and with a zone
 * given a number instead of a corner (zone_corners.cfg), are tests/broken/
 * (test_cli.c runs them all: exit 2, each problem at its file:line).
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_run.h"
#include "test_main.h"

#define NEVER "tests/scenes/people_never_on_shift.cfg"

static void check_warns_about_a_pool_never_on_shift(void **state) {
    (void)state;
    EXPECT_ERR(RUN("check", scene(0, NEVER)), 0,
               "people_never_on_shift.cfg:21: station 'weld': warning: people.process: pool "
               "'night-crew' is never on shift while this station is");
}

static void run_says_work_waits_for_ever(void **state) {
    (void)state;
    EXPECT_OUT(RUN("run", scene(0, NEVER)), 0, "weld waits for an operator",
               "still waits at the end: no one able to do it may ever come",
               "Headcount by shift: night 2, day 1");
    /* The day crew's one person works the saw, inside the zone, 8 h a day
     * for 2 days; the night crew never gets to the weld: 16 person-hours. */
    EXPECT_OUT(RUN("run", scene(0, NEVER), "--json"), 0, "\"open_tasks\": {\n      \"mean\": 1,",
               "\"headcount_by_shift\": {\n    \"night\": 2,\n    \"day\": 1\n  }",
               "\"safety_exposure_h\": {\n      \"mean\": 16,\n");
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(check_warns_about_a_pool_never_on_shift),
        cmocka_unit_test(run_says_work_waits_for_ever),
)
