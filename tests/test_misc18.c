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
#include "test_expect.h"

/* A scene (over a week) and the mix's work it gives each of its n
 * stations, want[s] seconds. */
typedef struct mix_case {
    const char *what, *body;
    int n;
    double want[16];
} mix_case;

/* Assembled products. A gearbox of 1 housing and 2 shafts. Housings come
 * every 10 min, shafts every 5 min: per unit of the mix 1/3 housing and
 * 2/3 shaft. a1 scraps a fifth of the housings, so 4/15 reach the
 * assembly, and the shafts allow 2/3 / 2 = 1/3 gearbox: 4/15 gearbox.
 * Work: a1 1/3 x 2 min = 40 s; b1 2/3 x 3 min = 120 s; asm 4/15 x 4 min =
 * 64 s (the components bring none: they wait there); cure, a batch of 4
 * in 20 min, 4/15 x 300 s = 80 s; pack 4/15 x 2 min = 32 s. (Before: asm
 * 224 s, cure and pack 0.)
 *
 * Parts of a disassembly. Cores every 12 min, lots every hour: 5/6 core
 * and 1/6 lot per unit of the mix. recv scraps 10 % of the cores and
 * strip 20 % of what it works, so 5/6 x 0.9 x 0.8 = 0.6 cores are taken
 * apart: 0.6 housing and 1.2 shafts. recv 5/6 x 4 min = 200 s; strip 0.75
 * x 8 min = 360 s (the parts bring none: they are made there); wash 0.6 x
 * 5 min = 180 s; grind 1.2 x 4 min = 288 s; ship 1.8 x 1 min = 108 s; cut
 * 1/6 x 10 min = 100 s; split 1/6 x 2 min = 20 s; press 10/6 x 4 min =
 * 400 s. A housing is itself assembled again with a shaft into a pair at
 * ship2: min(0.6, 1.2) = 0.6 pairs x 3 min = 108 s. */
static const mix_case mix_cases[] = {
    {"assembled products",
     "stations = ( { id = \"a1\"; cycle = \"2min\"; scrap = 0.2; }, { id = \"b1\"; cycle = \"3min\"; },\n"
     "  { id = \"asm\"; kind = \"assembly\"; cycle = \"4min\"; },\n"
     "  { id = \"cure\"; cycle = \"20min\"; batch = 4; }, { id = \"pack\"; cycle = \"2min\"; } );\n"
     "products = ( { id = \"h\"; route = [ \"a1\", \"asm\" ]; }, { id = \"s\"; route = [ \"b1\", \"asm\" ]; },\n"
     "  { id = \"g\"; route = [ \"asm\", \"cure\", \"pack\" ]; bom = { h = 1; s = 2; }; } );\n"
     "release = ( { product = \"h\"; interarrival = \"exp(10min)\"; },\n"
     "            { product = \"s\"; interarrival = \"exp(5min)\"; } );\n",
     5, {40.0, 120.0, 64.0, 80.0, 32.0}},
    {"parts of a disassembly",
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
     "            { product = \"lot\"; interarrival = \"exp(1h)\"; } );\n",
     9, {200.0, 360.0, 180.0, 288.0, 108.0, 100.0, 20.0, 400.0, 108.0}},
};

/* Each case's work at each station, to 1e-9 relative. */
static void products_made_on_the_line_bring_their_work(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof mix_cases / sizeof mix_cases[0]; i++) {
        const mix_case *c = &mix_cases[i];
        mdl_model *m = test_one_rep_scene("t.cfg", "1w", c->body);
        double work[16];
        assert_true(mdl_model_station_count(m) == c->n);
        assert_true(mdl_model_mix_work(m, work));
        for (int s = 0; s < c->n; s++)
            if (!(fabs(work[s] - c->want[s]) <= 1e-9 * (1.0 + c->want[s])))
                fail_msg("%s: work at %s: got %.12g s, want %.12g s", c->what, mdl_model_station(m, s)->id, work[s],
                         c->want[s]);
        mdl_model_free(m);
    }
}

/* ---- the event log's records in pairs ------------------------------------------ */

/* An open state: what opened it (kind), on what (a station's server, or a
 * resource), and the unit it holds (blocked, started). */
typedef struct open_state {
    mdl_log_kind kind;
    int station, server, rk, resource;
    long aisle;
    uint64_t unit;
} open_state;

typedef struct pair_check {
    open_state open[4096];
    int n;
    long records, opened;
    double last_t;
    const char *scene;
} pair_check;

/* The closing kind of an opening one, or -1: not a state. */
static int closing_kind(mdl_log_kind k) {
    switch (k) {
    case MDL_LOG_BLOCK: return MDL_LOG_UNBLOCK;
    case MDL_LOG_DOWN: return MDL_LOG_UP;
    case MDL_LOG_MAINT_START: return MDL_LOG_MAINT_END;
    case MDL_LOG_START: return MDL_LOG_FINISH;
    case MDL_LOG_SHIFT_ON: return MDL_LOG_SHIFT_OFF;
    default: return -1;
    }
}

static int opening_kind(mdl_log_kind k) {
    for (int o = 0; o < MDL_LOG_KIND_COUNT; o++)
        if (closing_kind((mdl_log_kind)o) == (int)k) return o;
    return -1;
}

/* The open state of kind `open` on the record's subject, or -1. A
 * resource's crane is told by its aisle (the detail). */
static int find_open(const pair_check *c, int open, const mdl_record *rec) {
    bool crane = rec->resource_kind == MDL_RES_CRANE;
    for (int i = 0; i < c->n; i++) {
        const open_state *o = &c->open[i];
        if ((int)o->kind == open && o->station == rec->station && o->server == rec->server &&
            o->rk == (int)rec->resource_kind && o->resource == rec->resource && (!crane || o->aisle == rec->detail))
            return i;
    }
    return -1;
}

/* Records that say a unit is somewhere else than where a state holds it. */
static bool unit_moves_on(mdl_log_kind k) {
    return k == MDL_LOG_QUEUE || k == MDL_LOG_EXIT || k == MDL_LOG_SCRAP || k == MDL_LOG_MOVE || k == MDL_LOG_RELEASE;
}

static void on_pair_record(void *ctx, const mdl_record *rec) {
    pair_check *c = ctx;
    c->records++;
    if (rec->time < c->last_t) fail_msg("%s: record at %.3f s after one at %.3f s", c->scene, rec->time, c->last_t);
    c->last_t = rec->time;
    const char *name = mdl_log_kind_name(rec->kind);
    for (int i = 0; rec->unit && unit_moves_on(rec->kind) && i < c->n; i++)
        if (c->open[i].kind == MDL_LOG_BLOCK && c->open[i].unit == rec->unit)
            fail_msg("%s: %.3f s: unit %llu %s while its 'blocked' at station %d is open", c->scene, rec->time,
                     (unsigned long long)rec->unit, name, c->open[i].station);
    int close = closing_kind(rec->kind), open = opening_kind(rec->kind);
    if (close >= 0) {
        if (find_open(c, (int)rec->kind, rec) >= 0)
            fail_msg("%s: %.3f s: '%s' at station %d server %d resource %d again before its '%s'", c->scene,
                     rec->time, name, rec->station, rec->server, rec->resource, mdl_log_kind_name((mdl_log_kind)close));
        if (c->n == (int)(sizeof c->open / sizeof c->open[0])) fail_msg("%s: too many open states", c->scene);
        c->open[c->n++] = (open_state){rec->kind, rec->station, rec->server, (int)rec->resource_kind,
                                       rec->resource, rec->detail, rec->unit};
        c->opened++;
    } else if (open >= 0) {
        int i = find_open(c, open, rec);
        if (i < 0)
            fail_msg("%s: %.3f s: '%s' at station %d server %d resource %d with no '%s' open", c->scene, rec->time,
                     name, rec->station, rec->server, rec->resource, mdl_log_kind_name((mdl_log_kind)open));
        if ((rec->kind == MDL_LOG_UNBLOCK || rec->kind == MDL_LOG_FINISH) && c->open[i].unit != rec->unit)
            fail_msg("%s: %.3f s: '%s' of unit %llu closes the one of unit %llu", c->scene, rec->time, name,
                     (unsigned long long)rec->unit, (unsigned long long)c->open[i].unit);
        c->open[i] = c->open[--c->n];
    }
}

/* Runs replication 0 of model m to `until` with the pairing check
 * listening; returns the number of states opened. */
static long pairs_of(const mdl_model *m, const char *name, double until) {
    static pair_check c;
    memset(&c, 0, sizeof c);
    c.scene = name;
    test_run_recorded(m, until, on_pair_record, &c);
    print_message("%s: %ld records, %ld states opened, %d open at the end\n", name, c.records, c.opened, c.n);
    return c.opened;
}

/* The scene file `rel` of the source tree over `horizon` with a 2 h
 * warm-up, through the pairing check. */
static long check_pairs(const char *rel, const char *horizon) {
    char path[600], h[80];
    snprintf(path, sizeof path, "%s/%s", LINETWIN_SOURCE_DIR, rel);
    snprintf(h, sizeof h, "run.horizon=\"%s\"", horizon);
    const char *sets[] = {h, "run.warmup=\"2h\""};
    scn_diags *d = scn_diags_new();
    mdl_model *m = test_loaded(scn_load_file(path, sets, 2, d), d);
    long n = pairs_of(m, rel, mdl_model_run(m)->horizon);
    mdl_model_free(m);
    return n;
}

/* Every example scene (and the transport test scene) over two days, with
 * a warm-up in between (its reset must not touch the stream). */
static void records_pair_in_every_example(void **state) {
    (void)state;
    static const char *const scenes[] = {"scenes/demo.cfg",        "scenes/retrofit.cfg",     "scenes/orders.cfg",
                                         "scenes/assembly.cfg",    "scenes/remanufacture.cfg", "scenes/docks.cfg",
                                         "scenes/stockroom.cfg",   "scenes/warehouse.cfg",    "scenes/sorting_loop.cfg",
                                         "tests/scenes/transport.cfg", "tests/scenes/eventlog_small.cfg"};
    for (size_t i = 0; i < sizeof scenes / sizeof scenes[0]; i++) assert_true(check_pairs(scenes[i], "2d") > 0);
}

/* ---- a mixed batch whose riders wait for the belt -------------------------------
 *
 * q-1 is released at 0.5 s, p-2 and p-3 at 1 and 2 s: the oven's batch of
 * 3 is full at 2 s and done at 62 s, q-1 the server's own unit. The riders
 * (p) leave by a belt that takes a unit every 2 s (1 m apart at 0.5 m/s):
 * p-2 at 62 s, p-3 at 64 s: the oven is blocked from 62 to 64 s for p-3,
 * then q-1 goes straight to m (1 s: out at 65 s). The belt takes 6 s: p-2
 * at m at 68 s, out 69 s; p-3 at 70 s, out 71 s. Before the fix the log
 * had p-3's "blocked" and no "unblocked". */
typedef struct oven_log {
    double t[8];
    mdl_log_kind k[8];
    uint64_t unit[8];
    int to[8], n;
    double exit[4];
    int nexit;
} oven_log;

static void on_oven_record(void *ctx, const mdl_record *rec) {
    oven_log *o = ctx;
    if ((rec->kind == MDL_LOG_BLOCK || rec->kind == MDL_LOG_UNBLOCK) && o->n < 8) {
        o->t[o->n] = rec->time;
        o->k[o->n] = rec->kind;
        o->unit[o->n] = rec->unit;
        o->to[o->n++] = rec->to;
    }
    if (rec->kind == MDL_LOG_EXIT && o->nexit < 4) o->exit[o->nexit++] = rec->time;
}

static void mixed_batch_riders_unblock(void **state) {
    (void)state;
    mdl_model *m = test_one_rep_scene(
        "mixed.cfg", "1h",
        "conveyors = ( { id = \"c\"; length = 3.0; speed = 0.5; spacing = 1.0; from = [0.0, 0.0]; to = [3.0, 0.0]; } );\n"
        "stations = ( { id = \"oven\"; cycle = \"const(60s)\"; batch = 3; }, { id = \"m\"; cycle = \"const(1s)\"; } );\n"
        "products = ( { id = \"q\"; route = [\"oven\", \"m\"]; },\n"
        "             { id = \"p\"; route = [\"oven\", \"m\"]; transport = { oven = \"conveyor:c\"; }; } );\n"
        "release = ( { product = \"q\"; interarrival = \"const(0.5s)\"; limit = 1; },\n"
        "            { product = \"p\"; interarrival = \"const(1s)\"; limit = 2; } );\n");
    oven_log o = {.n = 0};
    test_run_recorded(m, 3600.0, on_oven_record, &o);
    assert_int_equal(o.n, 2);
    assert_true(o.k[0] == MDL_LOG_BLOCK && o.k[1] == MDL_LOG_UNBLOCK);
    assert_true(o.t[0] == 62.0 && o.t[1] == 64.0);
    assert_true(o.unit[0] == 3 && o.unit[1] == 3 && o.to[0] == 1 && o.to[1] == 1);
    assert_int_equal(o.nexit, 3);
    assert_true(o.exit[0] == 65.0 && o.exit[1] == 69.0 && o.exit[2] == 71.0);
    assert_true(pairs_of(m, "mixed.cfg", 3600.0) > 0);
    mdl_model_free(m);
}

/* Two servers with a failure mode and a PM every 8 h: their downs,
 * repairs and maintenances overlap, and each server's records pair up
 * (they named the station alone, so that a second server's 'down' came
 * before the first one's 'repaired'). */
static void failure_modes_pair_per_server(void **state) {
    (void)state;
    mdl_model *m = test_scene_text(
        "modes.cfg",
        "run = { horizon = \"3d\"; warmup = \"4h\"; replications = 1; seed = 3; };\n"
        "stations = ( { id = \"m\"; servers = 2; cycle = \"exp(5min)\";\n"
        "  failure_modes = ( { id = \"wear\"; ttf = \"exp(3h)\"; repair = \"exp(40min)\"; } );\n"
        "  maintenance = { pm_interval = \"8h\"; pm_duration = \"20min\"; pm_when = \"immediately\"; }; } );\n"
        "products = ( { id = \"p\"; route = [\"m\"]; } );\n"
        "release = ( { product = \"p\"; interarrival = \"exp(3min)\"; } );\n");
    assert_true(pairs_of(m, "modes.cfg", 3.0 * 86400.0) > 100);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(products_made_on_the_line_bring_their_work),
          cmocka_unit_test(mixed_batch_riders_unblock),
          cmocka_unit_test(records_pair_in_every_example),
          cmocka_unit_test(failure_modes_pair_per_server),
)
