/*
 * test_cli_loop_warn.c - `check` warns about a belt loop that its feeders
 * can fill to a lock (docs/material-handling.md, "Conveyor networks"):
 * a lock needs every belt's entry taken, that is sum(accumulating ?
 * ceil(length / spacing) : 1) units on the loop; the warning is given
 * unless the line's WIP (CONWIP) is below that. The loop here is
 * scenes/sorting_loop.cfg's: loop_a and loop_b 8 m, loop_c 12 m, spacing
 * 0.6 m, so 14 + 14 + 20 = 48 places (29 with loop_c non-accumulating).
 * The warning names the loop's first belt at its scene line.
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_run.h"

/* The sorting loop with a release and loop_c's extra keys given; loop_a is
 * written on line 12. */
static const char *loop_scene(char *path, const char *release, const char *loop_c_extra) {
    strcpy(path, "/tmp/test_cli_loop_warn.XXXXXX");
    char text[4096];
    snprintf(text, sizeof text,
             "run = { horizon = \"1d\"; warmup = \"1h\"; replications = 1; seed = 7; };\n"
             "stations = ( { id = \"saw\"; at = [2.0, 5.0]; cycle = \"40s\"; },\n"
             "  { id = \"mill\"; at = [10.0, 1.0]; cycle = \"80s\"; buffer = 2; },\n"
             "  { id = \"drill\"; at = [10.0, 9.0]; cycle = \"80s\"; buffer = 2; },\n"
             "  { id = \"pack\"; at = [20.0, 5.0]; cycle = \"25s\"; } );\n"
             "products = ( { id = \"shaft\"; route = [\"saw\", \"mill\", \"pack\"];\n"
             "    transport = { saw = \"conveyor:feed\"; mill = \"conveyor:mill_out\"; }; },\n"
             "  { id = \"flange\"; route = [\"saw\", \"drill\", \"pack\"];\n"
             "    transport = { saw = \"conveyor:feed\"; drill = \"conveyor:drill_out\"; }; } );\n"
             "release = ( %s );\n"
             "conveyors = ( { id = \"feed\"; length = 3.0; speed = 0.3; spacing = 0.6; },\n"
             "  { id = \"loop_a\"; length = 8.0; speed = 0.3; spacing = 0.6; },\n"
             "  { id = \"loop_b\"; length = 8.0; speed = 0.3; spacing = 0.6; },\n"
             "  { id = \"loop_c\"; length = 12.0; speed = 0.3; spacing = 0.6; %s },\n"
             "  { id = \"mill_out\"; length = 6.0; speed = 0.3; spacing = 0.6; },\n"
             "  { id = \"drill_out\"; length = 6.0; speed = 0.3; spacing = 0.6; },\n"
             "  { id = \"to_pack\"; length = 2.0; speed = 0.3; spacing = 0.6; } );\n"
             "merges = ( { id = \"loop_in\"; inputs = [\"loop_c\", \"feed\"]; output = \"loop_a\"; rule = \"priority\"; },\n"
             "  { id = \"to_pack\"; inputs = [\"mill_out\", \"drill_out\"]; output = \"to_pack\"; } );\n"
             "diverters = ( { id = \"at_mill\"; input = \"loop_a\"; rule = \"destination\";\n"
             "    outputs = ( { station = \"mill\"; }, { conveyor = \"loop_b\"; } ); },\n"
             "  { id = \"at_drill\"; input = \"loop_b\"; rule = \"destination\";\n"
             "    outputs = ( { station = \"drill\"; }, { conveyor = \"loop_c\"; } ); } );\n",
             release, loop_c_extra);
    temp_file(path, text);
    return path;
}

/* Runs `check` on the scene; true when it warns about the loop (and then
 * the warning is at loop_a's line and says how many units lock it). */
static bool loop_warned(const char *release, const char *loop_c_extra, int places) {
    char path[64];
    result r = RUN("check", loop_scene(path, release, loop_c_extra));
    expect_status(&r, 0);
    char where[256], units[96];
    snprintf(where, sizeof where, "%s:12: conveyor 'loop_a': warning: layout: the belt loop loop_a -> loop_b -> loop_c",
             path);
    snprintf(units, sizeof units, ": %d units on it take every belt's entry", places);
    bool warned = strstr(r.err, "belt loop") != NULL || strstr(r.out, "belt loop") != NULL;
    if (warned) {
        const char *all = strstr(r.err, "belt loop") ? r.err : r.out;
        if (!strstr(all, where) || !strstr(all, units) || !strstr(all, "merge 'loop_in'"))
            fail_msg("unexpected warning:\n%s", all);
    }
    unlink(path);
    result_free(&r);
    return warned;
}

/* Push release: nothing bounds the units on the loop. */
static void test_push_release_warns(void **state) {
    (void)state;
    assert_true(loop_warned("{ product = \"shaft\"; interarrival = \"exp(2min)\"; },"
                            " { product = \"flange\"; interarrival = \"exp(2min)\"; }",
                            "", 48));
}

/* CONWIP: 47 units in the line cannot fill 48 places; 48 can. */
static void test_conwip_below_the_places_is_quiet(void **state) {
    (void)state;
    assert_false(loop_warned("{ product = \"shaft\"; conwip = 20; }, { product = \"flange\"; conwip = 27; }", "",
                             48));
    assert_true(loop_warned("{ product = \"shaft\"; conwip = 20; }, { product = \"flange\"; conwip = 28; }", "",
                            48));
}

/* A non-accumulating belt stops as a whole: one unit at its entry takes
 * it, so 14 + 14 + 1 = 29 units can lock the loop. */
static void test_non_accumulating_belt_counts_one(void **state) {
    (void)state;
    const char *extra = "accumulating = false;";
    assert_false(loop_warned("{ product = \"shaft\"; conwip = 28; }", extra, 29));
    assert_true(loop_warned("{ product = \"shaft\"; conwip = 29; }", extra, 29));
}

/* The example scene gets the warning at its loop_a line; a network
 * without a loop (the merge to packing alone) gets none. */
static void test_example_and_no_loop(void **state) {
    (void)state;
    result r = RUN("check", LINETWIN_SOURCE_DIR "/scenes/sorting_loop.cfg");
    expect_status(&r, 0);
    expect_contains(r.out, ": ok");
    const char *all = strstr(r.err, "belt loop") ? r.err : r.out;
    expect_contains(all, "sorting_loop.cfg:");
    expect_contains(all, "conveyor 'loop_a': warning: layout: the belt loop loop_a -> loop_b -> loop_c");
    result_free(&r);

    r = RUN("check", LINETWIN_SOURCE_DIR "/scenes/demo.cfg");
    expect_status(&r, 0);
    assert_null(strstr(r.out, "belt loop"));
    assert_null(strstr(r.err, "belt loop"));
    result_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_release_warns),
        cmocka_unit_test(test_conwip_below_the_places_is_quiet),
        cmocka_unit_test(test_non_accumulating_belt_counts_one),
        cmocka_unit_test(test_example_and_no_loop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
