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

/* The keys of one type: a station (or other builder) key, and transport
 * keys of that type, by --set path and the key as messages name it. */
typedef struct key_case {
    const char *path, *key;
} key_case;

/* Every transport key of a type says about each wrong value what the
 * builder's key of that type says. */
static void same_messages(const key_case *builder, const key_case *transport, size_t n, const char *const *wrong,
                          size_t nwrong) {
    for (size_t w = 0; w < nwrong; w++) {
        char want[512], got[512];
        message(builder->path, builder->key, wrong[w], want, sizeof want);
        assert_true(want[0] != '\0');
        for (size_t i = 0; i < n; i++) {
            message(transport[i].path, transport[i].key, wrong[w], got, sizeof got);
            if (strcmp(want, got) != 0)
                fail_msg("%s=%s: \"%s\", but %s=%s: \"%s\"", builder->path, wrong[w], want, transport[i].path,
                         wrong[w], got);
        }
    }
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void whole_numbers(void **state) {
    (void)state;
    static const key_case station = {"stations.a.servers", "servers"};
    static const key_case tr[] = {
        {"fleets.agv.count", "count"},          {"fleets.agv.capacity", "capacity"},
        {"fleets.agv.operators", "operators"},  {"paths.nodes.n1.capacity", "capacity"},
        {"paths.nodes.n1.slots", "slots"},      {"paths.edges.0.capacity", "capacity"},
        {"stations.a.out_capacity", "out_capacity"},
    };
    static const char *const wrong[] = {"\"two\"", "1.5", "true"};
    same_messages(&station, tr, N(tr), wrong, N(wrong));
}

static void numbers(void **state) {
    (void)state;
    static const key_case costs = {"costs.energy_per_kwh", "energy_per_kwh"};
    static const key_case tr[] = {
        {"fleets.agv.speed", "speed"},          {"fleets.agv.accel", "accel"},
        {"fleets.agv.per_m_kwh", "per_m_kwh"},  {"fleets.agv.near_miss", "near_miss"},
        {"paths.edges.0.speed", "speed"},       {"conveyors.c.length", "length"},
        {"conveyors.c.speed", "speed"},         {"conveyors.c.spacing", "spacing"},
        {"fleets.agv.battery.capacity_kwh", "battery.capacity_kwh"},
        {"fleets.agv.battery.charge_kw", "battery.charge_kw"},
    };
    static const char *const wrong[] = {"\"fast\"", "true", "[1, 2]"};
    same_messages(&costs, tr, N(tr), wrong, N(wrong));
}

static void booleans(void **state) {
    (void)state;
    static const key_case station = {"stations.a.remove", "remove"};
    static const key_case tr[] = {
        {"paths.edges.0.two_way", "two_way"}, {"conveyors.c.accumulating", "accumulating"},
        {"fleets.agv.remove", "remove"},      {"robots.r.remove", "remove"},
    };
    static const char *const wrong[] = {"1", "\"yes\""};
    same_messages(&station, tr, N(tr), wrong, N(wrong));
}

static void powers(void **state) {
    (void)state;
    static const key_case station = {"stations.a.power.busy", "power.busy"};
    static const key_case tr[] = {
        {"fleets.agv.idle_kw", "idle_kw"},  {"fleets.agv.battery.idle_kw", "battery.idle_kw"},
        {"conveyors.c.power", "power"},     {"robots.r.power.busy", "power.busy"},
        {"robots.r.power.down", "power.down"},
    };
    static const char *const wrong[] = {"\"3\"", "-1", "2e6", "true"};
    same_messages(&station, tr, N(tr), wrong, N(wrong));
}

static void distributions(void **state) {
    (void)state;
    static const key_case station = {"stations.a.setup", "setup"};
    static const key_case tr[] = {
        {"fleets.agv.load", "load"}, {"fleets.agv.unload", "unload"}, {"robots.r.load", "load"},
        {"robots.r.unload", "unload"}, {"robots.r.move", "move"},
    };
    static const char *const wrong[] = {"true", "-3", "\"fast\"", "\"exp(-1min)\""};
    same_messages(&station, tr, N(tr), wrong, N(wrong));
    /* A time between failures paces the line: at least 1ms, for robots too. */
    static const key_case mtbf = {"stations.a.mtbf", "mtbf"};
    static const key_case robot_mtbf[] = {{"robots.r.mtbf", "mtbf"}};
    static const char *const fast[] = {"\"0.1ms\"", "0"};
    same_messages(&mtbf, robot_mtbf, 1, fast, N(fast));
}

static void durations_shares_points(void **state) {
    (void)state;
    static const key_case warmup = {"run.warmup", "warmup"};
    static const key_case dur[] = {{"fleets.agv.dt", "dt"}, {"fleets.agv.deadlock_timeout", "deadlock_timeout"}};
    static const char *const wrong_dur[] = {"true", "\"soon\"", "-5"};
    same_messages(&warmup, dur, N(dur), wrong_dur, N(wrong_dur));

    static const key_case scrap = {"stations.a.scrap", "scrap"};
    static const key_case share[] = {{"fleets.agv.battery.threshold", "battery.threshold"},
                                     {"fleets.agv.battery.initial", "battery.initial"}};
    static const char *const wrong_share[] = {"true", "2.0", "\"150%\""};
    same_messages(&scrap, share, N(share), wrong_share, N(wrong_share));

    static const key_case at = {"stations.a.at", "at"};
    static const key_case point[] = {{"paths.nodes.n1.at", "at"}, {"conveyors.c.from", "from"},
                                     {"conveyors.c.to", "to"}};
    static const char *const wrong_point[] = {"[1.0]", "[1.0, \"x\"]", "[1.0, true]"};
    same_messages(&at, point, N(point), wrong_point, N(wrong_point));

    static const key_case size = {"stations.a.size", "size"};
    static const key_case fleet_size[] = {{"fleets.agv.size", "size"}};
    static const char *const wrong_size[] = {"[0.0, 1.0]", "\"big\""};
    same_messages(&size, fleet_size, 1, wrong_size, N(wrong_size));
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
        cmocka_unit_test(whole_numbers),
        cmocka_unit_test(numbers),
        cmocka_unit_test(booleans),
        cmocka_unit_test(powers),
        cmocka_unit_test(distributions),
        cmocka_unit_test(durations_shares_points),
        cmocka_unit_test(choices),
        cmocka_unit_test(two_point_zero_is_whole_everywhere),
)
