/*
 * test_misc_left.c - the defects session 16 noticed and left alone, each
 * with a hand-worked case:
 *   - a process batch leaving by transport: every unit of the batch is
 *     carried (riders too), at a route's end to its shipping dock too;
 *   - a kanban loop whose cards come back when a unit leaves its last
 *     station by transport, and a loop from a batching station (a card per
 *     unit; fewer cards than a batch is refused);
 *   - the work of the release mix of a product family released by push.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_dock.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_scene.h"

#include "test_expect.h"
#include "test_helpers.h"
#include "test_main.h"
#include "test_scene_text.h"

/* The exit times of a run, from the record stream. */
typedef struct exits {
    double t[64];
    int n;
} exits;

static void on_record(void *ctx, const mdl_record *rec) {
    exits *e = ctx;
    if (rec->kind == MDL_LOG_EXIT && e->n < 64) e->t[e->n++] = rec->time;
}

/* Replication 0 of m, run until `until`, has n exits, at the times t. */
static void expect_exits(const mdl_model *m, double until, const double *t, int n) {
    exits e = {{0}, 0};
    test_run_recorded(m, until, on_record, &e);
    assert_int_equal(e.n, n);
    for (int i = 0; i < n; i++) {
        if (fabs(e.t[i] - t[i]) > 1e-9) print_message("exit %d at %.12g, expected %g\n", i, e.t[i], t[i]);
        assert_true(fabs(e.t[i] - t[i]) < 1e-9);
    }
}

/* The scene `text` (after its run group: an hour, one replication), run
 * until `until`, has n exits, at the times t. */
static void expect_scene_exits(const char *name, const char *text, double until, const double *t, int n) {
    mdl_model *m = test_one_rep_scene(name, "1h", text);
    expect_exits(m, until, t, n);
    mdl_model_free(m);
}

/* The belt c of the belt cases: 3 m at 0.5 m/s (6 s), units 1 m apart. */
#define BELT_C                                                                  \
    "conveyors = ( { id = \"c\"; length = 3.0; speed = 0.5; spacing = 1.0;\n" \
    "                from = [0.0, 0.0]; to = [3.0, 0.0]; } );\n"

/* ---- 1. a batch leaves by belt ----------------------------------------------------
 *
 * Three units released at 1, 2 and 3 s fill the oven's batch of 3 at 3 s;
 * it works 60 s, to 63 s. The batch leaves on a belt of 3 m at 0.5 m/s (6
 * s; units 1 m apart, so its entry takes a unit every 2 s): the two riders
 * first, at 63 and 65 s, the oven's own unit at 67 s (the oven blocked
 * from 63 to 67 s). They reach `m` at 69, 71, 73 s and leave it 1 s later.
 * Before the fix the riders skipped the belt and left `m` at 64 and 65 s. */
static const char *const belt_scene =
    BELT_C
    "stations = ( { id = \"oven\"; cycle = \"const(60s)\"; batch = 3; },\n"
    "             { id = \"m\"; cycle = \"const(1s)\"; } );\n"
    "products = ( { id = \"p\"; route = [\"oven\", \"m\"]; transport = { oven = \"conveyor:c\"; }; } );\n"
    "release = ( { product = \"p\"; interarrival = \"const(1s)\"; limit = 3; } );\n";

static void batch_leaves_by_belt(void **state) {
    (void)state;
    mdl_model *m = test_one_rep_scene("belt.cfg", "1h", belt_scene);
    const double exit_t[] = {70.0, 72.0, 74.0};
    expect_exits(m, 3600.0, exit_t, 3);
    static const test_kpi want[] = {
        {MDL_KPIS_CONVEYOR, 0, MDL_CKPI_UNITS, 3.0, 0}, /* every unit of the batch rode it */
        {MDL_KPIS_STATION, 0, MDL_SKPI_STATE_BLOCKED, 4.0 / 3600.0, 1e-12},
        /* lead times 68 and 69 s for the riders (released at 2 and 3 s, out at 70
         * and 72 s), 73 s for the oven's own unit (released at 1 s, out at 74 s) */
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, 70.0, 1e-9},
    };
    TEST_EXPECT_RUN_KPIS(m, want);
    mdl_model_free(m);
}

/* ---- 1. a batch at a route's end, carried to the shipping dock --------------------
 *
 * The oven (node n0) is the last station; its units go by vehicle to the
 * shipping dock (node n1, 10 m away). One vehicle parked at p, 5 m off n0,
 * 1 m/s, 0.5 m/s^2 (a stretch of d m from rest to rest takes d + 2 s), load
 * and unload 10 s a unit. The batch is done at 63 s and all three units go
 * onto the oven's out-point (out_capacity 3).
 * Capacity 1, three trips:
 *   p -> n0 7 (70), load 10 (80), n0 -> n1 12 (92), unload 10 (102)
 *   n1 -> n0 12 (114), load (124), -> n1 (136), unload (146)
 *   again: (158), (168), (180), (190)
 *   exits at 102, 146, 190; the riders (released at 2, 3 s) first:
 *   lead times 100, 143, 189 s, mean 144 s.
 * Capacity 3, one trip with the whole batch:
 *   p -> n0 (70), load 3 x 10 (100), -> n1 (112), unload one by one:
 *   exits at 122, 132, 142; lead (120 + 129 + 141) / 3 = 130 s.
 * Before the fix the riders left the line at 63 s, never carried. */
static mdl_model *dock_scene(int capacity) {
    return test_one_rep_scenef("dock.cfg", "1h",
             "paths = {\n"
             "  nodes = ( { id = \"n0\"; at = [0.0, 0.0]; }, { id = \"n1\"; at = [10.0, 0.0]; },\n"
             "            { id = \"p\"; at = [0.0, 5.0]; kind = \"parking\"; } );\n"
             "  edges = ( { from = \"n0\"; to = \"n1\"; }, { from = \"n0\"; to = \"p\"; } );\n"
             "};\n"
             "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; accel = 0.5; load = \"10s\"; unload = \"10s\";\n"
             "             capacity = %d; } );\n"
             "docks = ( { id = \"out\"; kind = \"shipping\"; node = \"n1\"; } );\n"
             "stations = ( { id = \"oven\"; cycle = \"const(60s)\"; batch = 3; node = \"n0\"; out_capacity = 3; } );\n"
             "products = ( { id = \"p\"; route = [\"oven\"]; to = \"out\"; transport = { oven = \"agv\"; }; } );\n"
             "release = ( { product = \"p\"; interarrival = \"const(1s)\"; limit = 3; } );\n",
             capacity);
}

static void batch_to_shipping_dock(void **state) {
    (void)state;
    static const struct {
        int capacity;
        double exit[3], trips, lead;
    } cases[] = {{1, {102.0, 146.0, 190.0}, 3.0, 144.0}, {3, {122.0, 132.0, 142.0}, 1.0, 130.0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        print_message("capacity %d\n", cases[c].capacity);
        mdl_model *m = dock_scene(cases[c].capacity);
        expect_exits(m, 3600.0, cases[c].exit, 3);
        const test_kpi want[] = {
            {MDL_KPIS_FLEET, 0, MDL_FKPI_TRIPS, cases[c].trips, 0},
            {MDL_KPIS_DOCK, 0, MDL_DKPI_UNITS, 3.0, 0},
            {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 3.0, 0},
            {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, cases[c].lead, 1e-9},
        };
        TEST_EXPECT_RUN_KPIS(m, want);
        mdl_model_free(m);
    }
}

/* ---- 1. the riders of a batch choose at a flexible step --------------------------
 *
 * The batch of 3 (done at 63 s) goes on to { any = [slow, fast]; rule =
 * "fastest" }: every unit to `fast` (1 s), riders first, out at 64, 65 and
 * 66 s. Before the fix the riders went to the step's first station,
 * `slow` (100 s), and left at 163 and 263 s. */
static void batch_riders_choose(void **state) {
    (void)state;
    static const double want[] = {64.0, 65.0, 66.0};
    expect_scene_exits("flex.cfg",
        "stations = ( { id = \"oven\"; cycle = \"const(60s)\"; batch = 3; },\n"
        "             { id = \"slow\"; cycle = \"const(100s)\"; }, { id = \"fast\"; cycle = \"const(1s)\"; } );\n"
        "products = ( { id = \"p\"; route = ( \"oven\", { any = [\"slow\", \"fast\"]; rule = \"fastest\"; } ); } );\n"
        "release = ( { product = \"p\"; interarrival = \"const(1s)\"; limit = 3; } );\n",
        3600.0, want, 3);
}

/* The stations after a batching station take the whole batch at once:
 * a flexible step's other stations too, and not the first station of a
 * kanban loop (a rider would pass it without a card). */
static void batch_next_stations_checked(void **state) {
    (void)state;
    static const char *const base =
        "stations = ( { id = \"oven\"; cycle = \"const(60s)\"; batch = 3; },\n"
        "             { id = \"a\"; cycle = \"const(1s)\"; }, { id = \"b\"; cycle = \"const(1s)\";%s } );\n"
        "products = ( { id = \"p\"; route = ( \"oven\", { any = [\"a\", \"b\"]; } ); } );\n"
        "release = ( { product = \"p\"; interarrival = \"const(1s)\"; } );\n%s";
    char text[1024];
    snprintf(text, sizeof text, base, " buffer = 2;", "");
    test_expect_problem(text, strlen(text), "goes on to 'b', which must have an unlimited buffer");
    snprintf(text, sizeof text, base, "", "kanban = ( { id = \"k\"; from = \"b\"; to = \"b\"; cards = 5; } );\n");
    test_expect_problem(text, strlen(text), "start a kanban loop");
}

/* ---- kanban: the card comes back when a unit leaves `to` by transport -------------
 *
 * A supermarket loop over m1 alone (1 card): m1 works 10 s, its units leave
 * on a belt of 3 m at 0.5 m/s (6 s) to m2 (1 s). The card comes back when
 * a unit leaves m1, onto the belt, so m1 starts every 10 s: exits at 17,
 * 27, 37 s. Before the fix the card came back only when the unit left the
 * line: a unit every 17 s. */
static void kanban_card_back_on_belt(void **state) {
    (void)state;
    static const double want[] = {17.0, 27.0, 37.0};
    expect_scene_exits("kanban_belt.cfg", BELT_C
        "stations = ( { id = \"m1\"; cycle = \"const(10s)\"; }, { id = \"m2\"; cycle = \"const(1s)\"; } );\n"
        "products = ( { id = \"p\"; route = [\"m1\", \"m2\"]; transport = { m1 = \"conveyor:c\"; }; } );\n"
        "release = ( { product = \"p\"; unlimited = true; } );\n"
        "kanban = ( { id = \"k\"; from = \"m1\"; to = \"m1\"; cards = 1; } );\n",
        40.0, want, 3);
}

/* ---- 2. a kanban loop from a batching station: a card per unit ---------------------
 *
 * unlimited -> oven (batch 3, 60 s) -> press (10 s), a loop from the oven
 * to the press with `cards` cards. With 3: the first batch (in at 0) is
 * out of the oven at 60 s, out of the press at 70, 80, 90 s; each unit
 * gives its card back there, and each card lets one unit into the oven's
 * buffer (at 70, 80, 90 s), so the next batch starts at 90 s and leaves
 * the press at 160, 170, 180 s: a batch every 90 s, lead time 90 s. With
 * 6 cards two batches are in the loop: the second fills at once (0 s) and
 * the oven works without a break: batches out of it at 60, 120, 180 ...
 * and the press (30 s a batch) keeps up: exits at 70, 80, 90, 130, 140,
 * 150, 190, ... With 2 (fewer than a batch, no timeout) the loop could
 * never start: refused. */
/* The loop's scene after its run group; `cards = %d`. */
#define KANBAN_OVEN                                                                          \
    "stations = ( { id = \"oven\"; cycle = \"const(60s)\"; batch = 3; },\n"                     \
    "             { id = \"press\"; cycle = \"const(10s)\"; } );\n"                             \
    "products = ( { id = \"p\"; route = [\"oven\", \"press\"]; } );\n"                         \
    "release = ( { product = \"p\"; unlimited = true; } );\n"                                    \
    "kanban = ( { id = \"k\"; from = \"oven\"; to = \"press\"; cards = %d; } );\n"

static mdl_model *kanban_oven(int cards) { return test_one_rep_scenef("kanban_oven.cfg", "1h", KANBAN_OVEN, cards); }

static void kanban_from_batching(void **state) {
    (void)state;
    mdl_model *m = kanban_oven(3);
    const double three[] = {70.0, 80.0, 90.0, 160.0, 170.0, 180.0};
    expect_exits(m, 185.0, three, 6);
    static const test_kpi want[] = {
        /* in an hour: 40 batches started at 0, 90, ..., 3510 s; the last two not out yet */
        {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 3.0 * 40.0, 0},
        /* 70, 80, 90 s for the first batch, 90 s for each unit after it */
        {MDL_KPIS_LINE, 0, MDL_KPI_LEAD_TIME_S, (240.0 + 90.0 * 117.0) / 120.0, 1e-9},
    };
    TEST_EXPECT_RUN_KPIS(m, want);
    mdl_model_free(m);
    m = kanban_oven(6);
    const double six[] = {70.0, 80.0, 90.0, 130.0, 140.0, 150.0, 190.0};
    expect_exits(m, 195.0, six, 7);
    mdl_model_free(m);
    char two[1024];
    snprintf(two, sizeof two, KANBAN_OVEN, 2);
    test_expect_problem(two, strlen(two), "2 cards cannot fill a batch of 3 at station 'oven'");
    /* An assembly station's components wait in buffers of their own, and
     * never took a card: a loop may not start there. */
    static const char *const kit = "stations = ( { id = \"c1\"; cycle = \"const(1s)\"; },\n"
                                   "  { id = \"a\"; kind = \"assembly\"; cycle = \"const(1s)\"; } );\n"
                                   "products = ( { id = \"comp\"; route = [\"c1\", \"a\"]; },\n"
                                   "  { id = \"kit\"; route = [\"a\"]; bom = { comp = 1; }; } );\n"
                                   "release = ( { product = \"comp\"; interarrival = \"const(1s)\"; } );\n"
                                   "kanban = ( { id = \"k\"; from = \"a\"; to = \"a\"; cards = 2; } );\n";
    test_expect_problem(kit, strlen(kit), "station 'a' is an assembly station: not supported");
}

/* ---- 3. the work of the release mix of a family released by push -------------------
 *
 * A family whose first value is the slow one: size L adds 30 s at m (60 s),
 * S nothing; variant 0 is L. A unit released by interarrival, conwip or
 * unlimited is variant 0 (docs/scene-format.md, product families), so the
 * mix's work at m is 90 s a unit, not an average over the variants; an
 * order names its own variant (100 units of S next to 100 pushed: (100 x
 * 90 + 100 x 60) / 200 = 75 s). The run agrees: pushed every 100 s for
 * 10,000 s, 99 units of 90 s keep m busy 8,910 s. */
static mdl_model *family_scene(const char *release) {
    return test_one_rep_scenef("family.cfg", "10000s",
             "stations = ( { id = \"m\"; cycle = \"const(60s)\"; } );\n"
             "products = ( { id = \"p\"; route = [\"m\"];\n"
             "  options = ( { name = \"size\"; values = [\"L\", \"S\"]; cycle = { m = [\"30s\", \"0s\"]; }; } ); } );\n"
             "release = ( %s );\n",
             release);
}

static void family_mix_work(void **state) {
    (void)state;
    static const struct {
        const char *release;
        double work;
    } cases[] = {
        {"{ product = \"p\"; interarrival = \"const(100s)\"; }", 90.0},
        {"{ product = \"p\"; conwip = 2; }", 90.0},
        {"{ product = \"p\"; unlimited = true; }", 90.0},
        {"{ product = \"p\"; interarrival = \"const(100s)\"; },\n"
         "  { orders = ( { id = \"o\"; product = \"p\"; options = \"size=S\"; quantity = 100; } ); }",
         75.0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        mdl_model *m = family_scene(cases[c].release);
        double work[1];
        assert_true(mdl_model_mix_work(m, work));
        if (fabs(work[0] - cases[c].work) > 1e-9)
            fail_msg("case %zu: work %.12g, expected %g", c, work[0], cases[c].work);
        if (c == 0) {
            static const test_kpi want[] = {
                {MDL_KPIS_LINE, 0, MDL_KPI_UNITS_OUT, 99.0, 0},
                {MDL_KPIS_STATION, 0, MDL_SKPI_STATE_BUSY, 99.0 * 90.0 / 10000.0, 1e-12},
            };
            TEST_EXPECT_RUN_KPIS(m, want);
        }
        mdl_model_free(m);
    }
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(batch_leaves_by_belt), cmocka_unit_test(batch_to_shipping_dock),
          cmocka_unit_test(batch_riders_choose), cmocka_unit_test(batch_next_stations_checked),
          cmocka_unit_test(kanban_card_back_on_belt), cmocka_unit_test(kanban_from_batching),
          cmocka_unit_test(family_mix_work))
