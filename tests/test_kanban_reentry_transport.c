/*
 * test_kanban_reentry_transport.c - a unit that comes back into the first station of
 * the kanban loop whose card it holds needs no second card, whichever way
 * it comes back (mdl_run_seam.c, mdl_run_routing.c): by a direct
 * hand-over, a vehicle, a belt or an AS/RS retrieval. Before, the room a
 * vehicle, belt or AS/RS reserved there had to take a card: with every
 * card out (held by the units on their way back) the re-entry waited for
 * a card only its own exit would return, and the loop stopped for good
 * (route K, L, K by vehicle with one card: 0 units out). The invariant of
 * test_kanban_leak holds too: the units inside the loop never outnumber
 * its cards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "scn_diag.h"
#include "scn_scene.h"

#include "test_helpers.h"
#include "test_main.h"
#include "kanban_count.h"

/* How the unit comes back from L to K (and goes from K to L). */
enum way { DIRECT, VEHICLE, BELT, ASRS };
static const char *const WAY_NAME[] = {"direct", "vehicle", "belt", "AS/RS"};

/* Route K, L, K with a loop of `cards` over K .. L; K (10 s) and L (5 s)
 * work at constant speed, an unlimited supply waits in front of K. */
static char *scene(enum way way, int cards, int vehicles) {
    static const char *const transport[] = {
        "",
        "transport = { K = \"agv\"; L = \"agv\"; };",
        "transport = { L = \"conveyor:b\"; };",
        "transport = { L = \"asrs:s\"; };",
    };
    char *text = malloc(4096);
    assert_non_null(text);
    snprintf(text, 4096,
             "run = { horizon = \"1d\"; warmup = \"0s\"; replications = 1; seed = 1; };\n"
             "paths = {\n"
             "  nodes = ( { id = \"nK\"; at = [0.0, 0.0]; capacity = 2; },"
             " { id = \"nL\"; at = [10.0, 0.0]; capacity = 2; } );\n"
             "  edges = ( { from = \"nK\"; to = \"nL\"; capacity = 2; } );\n"
             "};\n"
             "fleets = ( { id = \"agv\"; count = %d; speed = 1.0; load = \"2s\"; unload = \"2s\"; } );\n"
             "conveyors = ( { id = \"b\"; length = 6.0; speed = 1.0; spacing = 1.0; } );\n"
             "asrs = ( { id = \"s\"; bays = 4; levels = 2; speed_x = 1.0; speed_y = 1.0; } );\n"
             "stations = ( { id = \"K\"; at = [0.0, -3.0]; cycle = \"const(10s)\"; node = \"nK\"; },\n"
             "             { id = \"L\"; at = [10.0, -3.0]; cycle = \"const(5s)\"; node = \"nL\"; } );\n"
             "products = ( { id = \"p\"; route = [\"K\", \"L\", \"K\"]; %s } );\n"
             "release = ( { product = \"p\"; unlimited = true; } );\n"
             "kanban = ( { id = \"k\"; from = \"K\"; to = \"L\"; cards = %d; } );\n",
             vehicles, transport[way], cards);
    return text;
}

/* One day of the scene: the units out, and the most in the loop. */
static long run_day(enum way way, int cards, int vehicles, int *max) {
    char *text = scene(way, cards, vehicles);
    loop_count c;
    long out = loop_count_run(text, 0, 0, &c);
    free(text);
    *max = c.max;
    print_message("%-7s %d card(s), %d vehicle(s): %ld out, at most %d in the loop\n", WAY_NAME[way], cards,
                  vehicles, out, c.max);
    return out;
}

/* Every unit takes K twice and L once, 25 s of work, one at a time per
 * card: at most cards x 86,400 / 25 units a day (K alone allows 4,320),
 * fewer by the time each round trip adds (`trip` s). The loop must run
 * (at least a tenth of that), never over its cards. */
static void check_way(enum way way, long trip) {
    for (int cards = 1; cards <= 3; cards++) {
        int max = 0;
        long out = run_day(way, cards, cards, &max);
        long bound = cards * 86400L / (25L + trip);
        if (bound > 4320) bound = 4320;
        assert_true(out <= bound);
        assert_true(out * 10 >= bound);
        assert_true(max <= cards);
        assert_int_equal(max, cards); /* and the loop was full */
    }
}

/* A direct hand-over with one card, worked by hand: the unit holds the
 * card from its first arrival at K to its exit, 25 s, and the next enters
 * at once: 86,400 / 25 = 3,456 units. */
static void direct(void **state) {
    (void)state;
    int max = 0;
    assert_int_equal(run_day(DIRECT, 1, 1, &max), 3456);
    assert_int_equal(max, 1);
    check_way(DIRECT, 0);
}

/* The reported case: K, L, K by vehicle with one card gave 0 units out.
 * A round trip takes at least two loads, two unloads (2 s each) and 2 x 10 m
 * at 1 m/s: 28 s. */
static void vehicle(void **state) {
    (void)state;
    check_way(VEHICLE, 28);
}

/* One card by belt, worked by hand: K 10 s, L 5 s, 6 m of belt at 1 m/s,
 * K 10 s again: 31 s a unit, floor(86,400 / 31) = 2,787 units. */
static void belt(void **state) {
    (void)state;
    int max = 0;
    assert_int_equal(run_day(BELT, 1, 1, &max), 2787);
    check_way(BELT, 6);
}

static void asrs(void **state) {
    (void)state;
    check_way(ASRS, 0);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(direct),
        cmocka_unit_test(vehicle),
        cmocka_unit_test(belt),
        cmocka_unit_test(asrs),
)
