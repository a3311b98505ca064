/*
 * test_cli_traffic_key.c - the fleet's `traffic` key from a scene (issue
 * 20): on a two-way corridor with no passing place and three vehicles,
 * `traffic = "detect"` meets head-on inside and locks again and again
 * (each lock resolved by backing off, or forced), `"avoid"` (the
 * default) never locks; a wrong value is a file:line message with a
 * suggestion, exit 2.
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

/* A <-> B along a - c1 - c2 - c3 - b (two-way edges of capacity 1, 10 m
 * each; a and b hold two vehicles), three vehicles, units both ways
 * every minute on average: more than the fleet can carry. `traffic` is line 16. */
static const char *corridor_scene(char *path, const char *traffic_line) {
    strcpy(path, "/tmp/test_cli_traffic_key.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char text[2048];
    snprintf(text, sizeof text,
             "run = { horizon = \"3d\"; warmup = \"0s\"; replications = 1; seed = 11; };\n"
             "stations = ( { id = \"A\"; cycle = \"const(5s)\"; node = \"a\"; out_capacity = 2; },\n"
             "             { id = \"B\"; cycle = \"const(5s)\"; node = \"b\"; out_capacity = 2; } );\n"
             "paths = {\n"
             "  nodes = ( { id = \"a\"; at = [0.0, 0.0]; capacity = 2; },\n"
             "            { id = \"c1\"; at = [10.0, 0.0]; },\n"
             "            { id = \"c2\"; at = [20.0, 0.0]; },\n"
             "            { id = \"c3\"; at = [30.0, 0.0]; },\n"
             "            { id = \"b\"; at = [40.0, 0.0]; capacity = 2; } );\n"
             "  edges = ( { from = \"a\"; to = \"c1\"; }, { from = \"c1\"; to = \"c2\"; },\n"
             "            { from = \"c2\"; to = \"c3\"; }, { from = \"c3\"; to = \"b\"; } );\n"
             "};\n"
             "fleets = ( { id = \"agv\"; count = 3; speed = 1.0; accel = 0.5;\n"
             "             load = \"10s\"; unload = \"10s\"; idle = \"stay\";\n"
             "             deadlock_timeout = \"60s\";\n"
             "%s\n"
             "} );\n"
             "products = ( { id = \"part\"; route = [\"A\", \"B\"]; transport = { A = \"agv\"; }; },\n"
             "             { id = \"return\"; route = [\"B\", \"A\"]; transport = { B = \"agv\"; }; } );\n"
             "release = ( { product = \"part\"; interarrival = \"exp(60s)\"; },\n"
             "            { product = \"return\"; interarrival = \"exp(60s)\"; } );\n",
             traffic_line);
    assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* The fleet's `name` mean ("deadlocks", "deadlock_forced") from the run's JSON. */
static double fleet_mean(const char *json, const char *name) {
    const char *f = strstr(json, "\"fleets\"");
    assert_non_null(f);
    char key[64];
    snprintf(key, sizeof key, "\"%s\"", name);
    const char *k = strstr(f, key);
    assert_non_null(k);
    const char *m = strstr(k, "\"mean\":");
    assert_non_null(m);
    return strtod(m + 7, NULL);
}

typedef struct locks {
    double deadlocks, forced;
} locks;

static locks run_locks(const char *traffic_line) {
    char path[64];
    result r = RUN("run", corridor_scene(path, traffic_line), "--json");
    unlink(path);
    expect_status(&r, 0);
    locks l = {fleet_mean(r.out, "deadlocks"), fleet_mean(r.out, "deadlock_forced")};
    result_free(&r);
    return l;
}

/* Detection alone lets the corridor lock again and again (each lock
 * resolved by backing off, or forced); avoidance never lets it lock. */
static void detect_locks_avoid_does_not(void **state) {
    (void)state;
    locks detect = run_locks("  traffic = \"detect\";");
    locks avoid = run_locks("  traffic = \"avoid\";");
    locks dflt = run_locks("");
    print_message("deadlocks (forced): detect %g (%g), avoid %g (%g), default %g (%g)\n", detect.deadlocks,
                  detect.forced, avoid.deadlocks, avoid.forced, dflt.deadlocks, dflt.forced);
    assert_true(detect.deadlocks > 10.0);
    assert_true(avoid.deadlocks == 0.0 && avoid.forced == 0.0);
    assert_true(dflt.deadlocks == 0.0 && dflt.forced == 0.0);
}

static void bad_value(void **state) {
    (void)state;
    char path[64];
    result r = RUN("check", corridor_scene(path, "  traffic = \"avid\";"));
    char where[96];
    snprintf(where, sizeof where, "%s:16: fleet 'agv': traffic:", path);
    unlink(path);
    expect_status(&r, 2);
    expect_contains(r.err, where);
    expect_contains(r.err, "did you mean 'avoid'?");
    result_free(&r);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(detect_locks_avoid_does_not),
        cmocka_unit_test(bad_value),
)
