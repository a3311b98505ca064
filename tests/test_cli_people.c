/*
 * test_cli_people.c - issue 15's bad-input and "waits for ever" items end to
 * end through the built command: a pool never on shift while the station
 * it serves is (a `check` warning with file:line, exit 0), the run of that
 * scene saying that work waited for people to the end (text and JSON), the
 * safety exposure and the headcount per shift in the JSON, and a zone
 * given a number instead of a corner (exit 2, file:line). The broken scene
 * with a skill nobody has and a headcount of 0 is one of tests/broken/
 * (test_cli.c runs them all).
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

static void a_zone_needs_corners(void **state) {
    (void)state;
    const char *text = "stations = ( { id = \"a\"; cycle = \"1min\"; } );\n"
                       "products = ( { id = \"p\"; route = [ \"a\" ]; } );\n"
                       "release = ( { product = \"p\"; interarrival = \"2min\"; } );\n"
                       "zones = ( { id = \"cell\"; from = 3; },\n"
                       "          { id = \"flat\"; from = [0, 0]; to = [5, 0]; },\n"
                       "          [ 1, 2 ] );\n";
    EXPECT_ERR(RUN_TEXT(text, "check"), 2, ":4: zone 'cell': from:", ":4: zone 'cell': missing 'to'",
               ":5: zone 'flat': the rectangle is empty", ":6: zones: expected a group");
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(check_warns_about_a_pool_never_on_shift),
        cmocka_unit_test(run_says_work_waits_for_ever),
        cmocka_unit_test(a_zone_needs_corners),
)
