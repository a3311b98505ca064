/*
 * test_scene_keys_transport.c - the material-handling keys (paths, fleets,
 * robots, conveyors) are read by the same key reader as the stations'
 * (scenes/src/scn_keys.c): a value of a wrong kind gives the same message
 * for a transport key as for a station key of the same type, and a whole
 * number written as 2.0 is accepted in both places.
 *
 * Each case loads one small scene with one override (--set) and compares
 * what follows "key: " in the message about that key.
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
#include "mdl_transport.h"
#include "scn_scene.h"
#include "test_main.h"

static const char scene[] =
    "run = { horizon = \"1d\"; replications = 1; };\n"
    "stations = ( { id = \"a\"; cycle = \"1min\"; node = \"n1\"; },\n"
    "             { id = \"b\"; cycle = \"1min\"; node = \"n2\"; } );\n"
    "products = ( { id = \"p\"; route = [\"a\", \"b\"]; transport = { a = \"agv\"; }; } );\n"
    "release = ( { product = \"p\"; interarrival = \"2min\"; } );\n"
    "costs = { energy_per_kwh = 0.2; };\n"
    "paths = { nodes = ( { id = \"n1\"; at = [0.0, 0.0]; kind = \"parking\"; capacity = 2; },\n"
    "                    { id = \"n2\"; at = [5.0, 0.0]; } );\n"
    "          edges = ( { from = \"n1\"; to = \"n2\"; } ); };\n"
    "fleets = ( { id = \"agv\"; count = 1; battery = { capacity_kwh = 2.0; charge_kw = 1.0; }; } );\n"
    "robots = ( { id = \"r\"; tends = [\"b\"]; power = { busy = 1.0; }; } );\n"
    "conveyors = ( { id = \"c\"; length = 3.0; speed = 0.1; spacing = 0.2; } );\n";

/* Loads the scene with the override `set`; the model (NULL when refused)
 * and, in msg, what the first message says after "key: " (or the whole
 * message when it does not name the key). */
static mdl_model *load(const char *set, const char *key, char *msg, size_t size) {
    scn_diags *d = scn_diags_new();
    assert_non_null(d);
    const char *sets[1] = {set};
    mdl_model *m = scn_load_buffer("t.cfg", scene, strlen(scene), NULL, sets, set ? 1 : 0, d);
    msg[0] = '\0';
    if (scn_diags_count(d) > 0) {
        const char *all = scn_diags_get(d, 0);
        char pat[96];
        snprintf(pat, sizeof pat, ": %s: ", key);
        const char *at = strstr(all, pat);
        snprintf(msg, size, "%s", at ? at + strlen(pat) : all);
    }
    scn_diags_free(d);
    return m;
}

/* The message about key `key` after the override PATH=VALUE. */
static void message(const char *path, const char *key, const char *value, char *msg, size_t size) {
    char set[256];
    snprintf(set, sizeof set, "%s=%s", path, value);
    mdl_model *m = load(set, key, msg, size);
    if (m) {
        mdl_model_free(m);
        fail_msg("%s was accepted", set);
    }
}

/* A key by its --set path and its name as messages give it. */
typedef struct key_case {
    const char *path, *key;
} key_case;

/* The keys of one type: a station (or other builder) key, the transport
 * keys of that type (the list ends at the first without a path), and
 * values of a wrong kind for them (the list ends at the first NULL). */
typedef struct type_case {
    const char *type;
    key_case builder;
    key_case transport[10];
    const char *wrong[4];
} type_case;

static const type_case types[] = {
    {"whole number",
     {"stations.a.servers", "servers"},
     {{"fleets.agv.count", "count"},
      {"fleets.agv.capacity", "capacity"},
      {"fleets.agv.operators", "operators"},
      {"paths.nodes.n1.capacity", "capacity"},
      {"paths.nodes.n1.slots", "slots"},
      {"paths.edges.0.capacity", "capacity"},
      {"stations.a.out_capacity", "out_capacity"}},
     {"\"two\"", "1.5", "true"}},
    {"number",
     {"costs.energy_per_kwh", "energy_per_kwh"},
     {{"fleets.agv.speed", "speed"},
      {"fleets.agv.accel", "accel"},
      {"fleets.agv.per_m_kwh", "per_m_kwh"},
      {"fleets.agv.near_miss", "near_miss"},
      {"paths.edges.0.speed", "speed"},
      {"conveyors.c.length", "length"},
      {"conveyors.c.speed", "speed"},
      {"conveyors.c.spacing", "spacing"},
      {"fleets.agv.battery.capacity_kwh", "battery.capacity_kwh"},
      {"fleets.agv.battery.charge_kw", "battery.charge_kw"}},
     {"\"fast\"", "true", "[1, 2]"}},
    {"boolean",
     {"stations.a.remove", "remove"},
     {{"paths.edges.0.two_way", "two_way"},
      {"conveyors.c.accumulating", "accumulating"},
      {"fleets.agv.remove", "remove"},
      {"robots.r.remove", "remove"}},
     {"1", "\"yes\""}},
    {"power",
     {"stations.a.power.busy", "power.busy"},
     {{"fleets.agv.idle_kw", "idle_kw"},
      {"fleets.agv.battery.idle_kw", "battery.idle_kw"},
      {"conveyors.c.power", "power"},
      {"robots.r.power.busy", "power.busy"},
      {"robots.r.power.down", "power.down"}},
     {"\"3\"", "-1", "2e6", "true"}},
    {"distribution",
     {"stations.a.setup", "setup"},
     {{"fleets.agv.load", "load"},
      {"fleets.agv.unload", "unload"},
      {"robots.r.load", "load"},
      {"robots.r.unload", "unload"},
      {"robots.r.move", "move"}},
     {"true", "-3", "\"fast\"", "\"exp(-1min)\""}},
    /* A time between failures paces the line: at least 1ms, for robots too. */
    {"time between failures", {"stations.a.mtbf", "mtbf"}, {{"robots.r.mtbf", "mtbf"}}, {"\"0.1ms\"", "0"}},
    {"duration",
     {"run.warmup", "warmup"},
     {{"fleets.agv.dt", "dt"}, {"fleets.agv.deadlock_timeout", "deadlock_timeout"}},
     {"true", "\"soon\"", "-5"}},
    {"share",
     {"stations.a.scrap", "scrap"},
     {{"fleets.agv.battery.threshold", "battery.threshold"}, {"fleets.agv.battery.initial", "battery.initial"}},
     {"true", "2.0", "\"150%\""}},
    {"point",
     {"stations.a.at", "at"},
     {{"paths.nodes.n1.at", "at"}, {"conveyors.c.from", "from"}, {"conveyors.c.to", "to"}},
     {"[1.0]", "[1.0, \"x\"]", "[1.0, true]"}},
    {"size", {"stations.a.size", "size"}, {{"fleets.agv.size", "size"}}, {"[0.0, 1.0]", "\"big\""}},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Every transport key of a type says about each wrong value what the
 * builder's key of that type says. */
static void same_messages_by_type(void **state) {
    (void)state;
    for (size_t t = 0; t < N(types); t++) {
        const type_case *c = &types[t];
        print_message("%s\n", c->type);
        for (size_t w = 0; w < N(c->wrong) && c->wrong[w]; w++) {
            char want[512], got[512];
            message(c->builder.path, c->builder.key, c->wrong[w], want, sizeof want);
            assert_true(want[0] != '\0');
            for (size_t i = 0; i < N(c->transport) && c->transport[i].path; i++) {
                message(c->transport[i].path, c->transport[i].key, c->wrong[w], got, sizeof got);
                if (strcmp(want, got) != 0)
                    fail_msg("%s=%s: \"%s\", but %s=%s: \"%s\"", c->builder.path, c->wrong[w], want,
                             c->transport[i].path, c->wrong[w], got);
            }
        }
    }
}

/* A choice of a wrong kind is refused alike: "expected a string like ...". */
static void choices(void **state) {
    (void)state;
    static const char *const paths[][2] = {
        {"stations.a.kind", "kind"},       {"fleets.agv.mode", "mode"}, {"fleets.agv.dispatch", "dispatch"},
        {"fleets.agv.idle", "idle"},       {"paths.nodes.n1.kind", "kind"},
    };
    for (size_t i = 0; i < N(paths); i++) {
        char msg[512];
        message(paths[i][0], paths[i][1], "3", msg, sizeof msg);
        if (strncmp(msg, "expected a string like \"", 24) != 0 || !strstr(msg, ", got 3"))
            fail_msg("%s=3: \"%s\"", paths[i][0], msg);
        message(paths[i][0], paths[i][1], "\"zzz\"", msg, sizeof msg);
        if (strncmp(msg, "no ", 3) != 0 || !strstr(msg, " 'zzz' (known: "))
            fail_msg("%s=\"zzz\": \"%s\"", paths[i][0], msg);
    }
}

/* 2.0 is a whole number for a station and for transport alike. */
static void two_point_zero_is_whole_everywhere(void **state) {
    (void)state;
    static const char *const sets[] = {
        "stations.a.servers=2.0", "fleets.agv.count=2.0",     "fleets.agv.capacity=2.0",
        "paths.nodes.n1.capacity=3.0", "paths.edges.0.capacity=2.0", "stations.a.out_capacity=2.0",
    };
    char msg[512];
    mdl_model *m = load(NULL, "", msg, sizeof msg);
    assert_non_null(m);
    mdl_model_free(m);
    for (size_t i = 0; i < N(sets); i++) {
        m = load(sets[i], "", msg, sizeof msg);
        if (!m) fail_msg("%s refused: %s", sets[i], msg);
        mdl_model_free(m);
    }
    m = load("fleets.agv.count=2.0", "", msg, sizeof msg);
    assert_non_null(m);
    assert_int_equal(mdl_model_fleet(m, 0)->count, 2);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(same_messages_by_type),
        cmocka_unit_test(choices),
        cmocka_unit_test(two_point_zero_is_whole_everywhere),
)
