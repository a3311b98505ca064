/*
 * test_scene_oom.c - loading a scene when memory runs out: the N-th
 * allocation of the load fails, for every N until a load needs no more.
 * Each such load returns NULL with an "out of memory" message, never
 * crashes, and frees what it took (the sanitizer build checks the leaks);
 * with no failure the same load succeeds.
 *
 * The scene has stations, products, an order list, shifts and a transport
 * section (paths, a fleet with a battery, a robot, a conveyor), so that
 * each builder takes part; it is loaded from a buffer and from a file
 * (layered with @include, so that the file reader and the layering take
 * part too).
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

#include "mdl_model.h"
#include "scn_scene.h"
#include "test_main.h"

static const char base[] =
    "name = \"oom\";\n"
    "run = { horizon = \"1d\"; replications = 2; };\n"
    "shifts = { calendars = ( { id = \"two\"; shifts = ( { name = \"early\"; from = \"06:00\"; to = \"14:00\"; },\n"
    "                                                    { name = \"late\"; from = \"14:00\"; to = \"22:00\"; } );\n"
    "                           breaks = ( { from = \"10:00\"; to = \"10:15\"; } ); } ); line = \"two\"; };\n"
    "stations = ( { id = \"saw\"; cycle = \"exp(4min)\"; node = \"n1\"; power = { idle = 1.0; busy = 5.0; }; },\n"
    "             { id = \"mill\"; servers = 2; cycle = \"normal(7min, 30s)\"; buffer = 4; node = \"n2\";\n"
    "               setups = ( { from = \"a\"; to = \"b\"; time = \"5min\"; } ); },\n"
    "             { id = \"pack\"; cycle = \"discrete(1min: 1, 2min: 3)\"; } );\n"
    "products = ( { id = \"a\"; route = [\"saw\", \"mill\", \"pack\"]; transport = { saw = \"agv\"; mill = "
    "\"conveyor:belt\"; }; },\n"
    "             { id = \"b\"; route = [\"saw\", \"mill\", \"pack\"]; cycle = { pack = \"empirical(1min: 0, "
    "2min: 1)\"; }; } );\n"
    "release = ( { orders = ( { id = \"A-1\"; product = \"a\"; quantity = 5; release = \"mon 06:00\"; due = "
    "\"tue 06:00\"; },\n"
    "                         { id = \"B-1\"; product = \"b\"; quantity = 3; release = \"2h\"; } ); } );\n"
    "costs = { energy_per_kwh = 0.2; labor_per_hour = 40.0; };\n"
    "paths = { floor = [20.0, 10.0];\n"
    "          nodes = ( { id = \"n1\"; at = [2.0, 2.0]; }, { id = \"n2\"; at = [12.0, 2.0]; },\n"
    "                    { id = \"park\"; at = [7.0, 5.0]; kind = \"parking\"; capacity = 2; } );\n"
    "          edges = ( { from = \"n1\"; to = \"park\"; }, { from = \"park\"; to = \"n2\"; } ); };\n"
    "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; load = \"15s\"; battery = { capacity_kwh = 2.0; "
    "charge_kw = 1.0; threshold = \"20%\"; }; } );\n"
    "robots = ( { id = \"arm\"; tends = [\"pack\"]; load = \"20s\"; power = { busy = 3.0; }; } );\n"
    "conveyors = ( { id = \"belt\"; length = 8.0; speed = 0.2; spacing = 0.5; } );\n";

/* An allocator that refuses its `fail_at`-th allocation (counting from 1;
 * 0: none) and counts the blocks it holds. */
typedef struct failing {
    long calls;      /* allocations and growths so far */
    long fail_at;
    long live;       /* blocks handed out and not freed */
} failing;

static void *failing_alloc(void *ctx, void *ptr, size_t size) {
    failing *f = ctx;
    if (size == 0) {
        if (ptr) f->live--;
        free(ptr);
        return NULL;
    }
    if (++f->calls == f->fail_at) return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr) f->live++;
    return p;
}

/* True when some message of d says "out of memory". */
static bool says_out_of_memory(const scn_diags *d) {
    for (size_t i = 0; i < scn_diags_count(d); i++)
        if (strstr(scn_diags_get(d, i), "out of memory")) return true;
    return false;
}

typedef mdl_model *load_fn(failing *f, scn_diags *d, const void *arg);

static mdl_model *from_buffer(failing *f, scn_diags *d, const void *arg) {
    (void)arg;
    static const char *const sets[] = {"stations.mill.servers=3"};
    return scn_load_buffer_alloc("oom.cfg", base, strlen(base), NULL, sets, 1, d, failing_alloc, f);
}

static mdl_model *from_file(failing *f, scn_diags *d, const void *arg) {
    return scn_load_file_alloc(arg, NULL, 0, d, NULL, failing_alloc, f);
}

/* Fails allocation N of the load for N = 1, 2, ... until the load takes
 * fewer than N; returns how many loads failed. */
static long fail_each_allocation(load_fn *load, const void *arg) {
    failing f = {0, 0, 0};
    scn_diags *d = scn_diags_new();
    assert_non_null(d);
    mdl_model *m = load(&f, d, arg);
    if (!m)
        for (size_t i = 0; i < scn_diags_count(d); i++) fprintf(stderr, "%s\n", scn_diags_get(d, i));
    assert_non_null(m);
    assert_int_equal(scn_diags_count(d), 0);
    assert_int_equal(f.live, 0);
    long total = f.calls;
    printf("the load takes %ld allocations through the seam; failing each in turn\n", total);
    assert_true(total > 3);
    mdl_model_free(m);
    scn_diags_free(d);
    for (long n = 1; n <= total; n++) {
        failing g = {0, n, 0};
        d = scn_diags_new();
        assert_non_null(d);
        m = load(&g, d, arg);
        if (m) fail_msg("allocation %ld of %ld failed, yet the load succeeded", n, total);
        if (!says_out_of_memory(d)) {
            for (size_t i = 0; i < scn_diags_count(d); i++) fprintf(stderr, "%s\n", scn_diags_get(d, i));
            fail_msg("allocation %ld of %ld failed without an \"out of memory\" message", n, total);
        }
        if (g.live != 0) fail_msg("allocation %ld of %ld failed: %ld blocks not freed", n, total, g.live);
        scn_diags_free(d);
    }
    return total;
}

static void buffer_load_survives_every_failed_allocation(void **state) {
    (void)state;
    assert_true(fail_each_allocation(from_buffer, NULL) > 3);
}

static void file_load_survives_every_failed_allocation(void **state) {
    (void)state;
    char dir[] = "/tmp/linetwin-oom-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char basefile[128], top[128];
    snprintf(basefile, sizeof basefile, "%s/base.cfg", dir);
    snprintf(top, sizeof top, "%s/top.cfg", dir);
    FILE *f = fopen(basefile, "w");
    assert_non_null(f);
    fputs(base, f);
    fclose(f);
    f = fopen(top, "w");
    assert_non_null(f);
    fputs("@include \"base.cfg\"\nstations = ( { id = \"mill\"; servers = 3; } );\n", f);
    fclose(f);
    long total = fail_each_allocation(from_file, top);
    remove(basefile);
    remove(top);
    rmdir(dir);
    assert_true(total > 3);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(buffer_load_survives_every_failed_allocation),
        cmocka_unit_test(file_load_survives_every_failed_allocation),
)
