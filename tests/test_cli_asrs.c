/*
 * test_cli_asrs.c - the command's side of the AS/RS and of the resources
 * beside the stations: the warehouse example runs with an "asrs" member in
 * its JSON and a table in its report; the report's "Bottleneck" line names
 * a robot at work 91 % of the time before the machine it tends, which
 * works 9 % of the time (it named the machine).
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

static void warehouse(void **state) {
    (void)state;
    EXPECT_OUT(RUN("run", scene(0, "scenes/warehouse.cfg"), "--reps", "2", "--json"), 0, "\"asrs\": [",
               "\"dual_cycle_s\"");
    EXPECT_OUT(RUN("run", scene(1, "scenes/warehouse.cfg"), "--reps", "2"), 0, "AS/RS", "cycles/h");
}

/* A machine of 6 s tended by a robot that loads for 30 s and unloads for
 * 30 s: per 66 s cycle the robot works 60 s (idle while the machine runs),
 * the machine 6 s: 90.9 % against 9.1 %. */
static void robot_bottleneck(void **state) {
    (void)state;
    const char *text = "run = { horizon = \"2d\"; warmup = \"1h\"; replications = 2; };\n"
                       "stations = ( { id = \"m\"; cycle = \"const(6s)\"; } );\n"
                       "robots = ( { id = \"r1\"; tends = [\"m\"]; load = \"const(30s)\"; unload = \"const(30s)\"; } );\n"
                       "products = ( { id = \"p\"; route = [ \"m\" ]; } );\n"
                       "release = ( { product = \"p\"; conwip = 3; } );\n";
    EXPECT_OUT(RUN_TEXT(text, "run", "--reps", "1"), 0,
               "Bottleneck: robot r1 (busy, moving or down 90.9% of the time)");
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(warehouse),
        cmocka_unit_test(robot_bottleneck),
)
