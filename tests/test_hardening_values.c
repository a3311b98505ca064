/*
 * test_hardening_values.c - the scene's values and their diagnostics under
 * adversarial input: each message names its object once and blames the
 * --set that gave the value, numbers too large say so, references to ids
 * get "did you mean", duplicates are refused, absurd magnitudes are
 * refused (and huge ones warned about), whole numbers are read alike in
 * every entity.
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
#include <sys/stat.h>
#include <unistd.h>

#include "mdl_model.h"
#include "mdl_transport.h"
#include "scn_scene.h"
#include "test_scene_text.h"
#include "test_tmpdir.h"
#include "test_main.h"

/* A line with one of every entity: a calendar, stations (one inspection
 * reworking to mill), a product, a push release, costs, a path network, a
 * fleet, a robot and a conveyor. Lines are numbered for the tests. */
static const char scene[] =
    "name = \"Hardening line\";\n"                                                    /* 1 */
    "run = { horizon = \"2d\"; warmup = \"4h\"; replications = 2; seed = 7; };\n"     /* 2 */
    "shifts = { calendars = ( { id = \"two-shift\"; days = [\"mon-fri\"];\n"          /* 3 */
    "  shifts = ( { name = \"early\"; from = \"06:00\"; to = \"14:00\"; } ); } );\n"  /* 4 */
    "  line = \"two-shift\"; };\n"                                                    /* 5 */
    "products = ( { id = \"part\"; route = [ \"saw\", \"mill\", \"insp\", \"drill\", \"pack\" ];\n" /* 6 */
    "               transport = { saw = \"agv\"; drill = \"conveyor:belt\"; }; } );\n" /* 7 */
    "release = ( { product = \"part\"; interarrival = \"exp(6min)\"; } );\n"          /* 8 */
    "stations = (\n"                                                                  /* 9 */
    "  { id = \"saw\";   at = [ 2.0, 2.0 ]; cycle = \"exp(4min)\"; node = \"n_saw\"; scrap = 0.5; },\n" /* 10 */
    "  { id = \"mill\";  at = [ 12.0, 2.0 ]; servers = 2; cycle = \"normal(7min, 30s)\"; node = \"n_mill\"; },\n" /* 11 */
    "  { id = \"insp\";  kind = \"inspection\"; at = [ 16.0, 2.0 ]; cycle = \"1min\"; detect = 0.9;\n" /* 12 */
    "    reject = \"rework:mill\"; },\n"                                             /* 13 */
    "  { id = \"drill\"; at = [ 12.0, 8.0 ]; cycle = \"const(3min)\"; },\n"           /* 14 */
    "  { id = \"pack\";  at = [ 2.0, 8.0 ]; cycle = \"const(1min)\"; }\n"             /* 15 */
    ");\n"                                                                            /* 16 */
    "costs = { energy_per_kwh = 0.2; labor_per_hour = 40.0; };\n"                     /* 17 */
    "paths = { floor = [ 20.0, 12.0 ];\n"                                             /* 18 */
    "  nodes = ( { id = \"n_saw\";  at = [ 2.0, 4.0 ]; },\n"                          /* 19 */
    "            { id = \"n_mill\"; at = [ 12.0, 4.0 ]; },\n"                         /* 20 */
    "            { id = \"park\";   at = [ 7.0, 5.0 ]; kind = \"parking\"; capacity = 2; } );\n" /* 21 */
    "  edges = ( { from = \"n_saw\"; to = \"park\"; capacity = 2; },\n"               /* 22 */
    "            { from = \"park\"; to = \"n_mill\"; capacity = 2; } ); };\n"         /* 23 */
    "fleets = ( { id = \"agv\"; count = 2; speed = 1.0; load = \"15s\"; unload = \"15s\"; } );\n" /* 24 */
    "robots = ( { id = \"arm\"; tends = [ \"mill\" ]; load = \"20s\"; unload = \"15s\"; } );\n" /* 25 */
    "conveyors = ( { id = \"belt\"; length = 8.0; speed = 0.2; spacing = 0.5;\n"      /* 26 */
    "                from = [ 12.0, 9.5 ]; to = [ 2.0, 9.5 ]; } );\n";                /* 27 */

static mdl_model *load_sets(const char *text, const char *const *sets, size_t n, scn_diags *d) {
    return test_scene_load(text, strlen(text), sets, n, d);
}

/* No diagnostic says one part twice in a row ("station 'saw': station
 * 'saw': ..."). */
static bool no_repeated_subject(const scn_diags *d) {
    for (size_t i = 0; i < scn_diags_count(d); i++) {
        const char *s = scn_diags_get(d, i);
        const char *p = s;
        while ((p = strstr(p, ": ")) != NULL) {
            p += 2;
            const char *e = strstr(p, ": ");
            if (!e) break;
            size_t n = (size_t)(e - p);
            if (strncmp(e + 2, p, n) == 0 && strncmp(e + 2 + n, ": ", 2) == 0) {
                fprintf(stderr, "repeated subject in: %s\n", s);
                return false;
            }
        }
    }
    return true;
}

/* The scene with overrides must be refused, each message in `parts` must be
 * among the diagnostics, and no diagnostic may repeat its subject. */
static void expect_sets(const char *const *sets, size_t n, const char *const *parts) {
    scn_diags *d = scn_diags_new();
    assert_non_null(d);
    mdl_model *m = load_sets(scene, sets, n, d);
    if (m) fprintf(stderr, "accepted with --set %s\n", sets[0]);
    assert_null(m);
    for (size_t i = 0; parts[i]; i++) assert_true(test_has_diag(d, parts[i]));
    assert_true(no_repeated_subject(d));
    scn_diags_free(d);
}

#define SETS(...) ((const char *const[]){__VA_ARGS__})
#define EXPECT1(set, ...) expect_sets(SETS(set), 1, SETS(__VA_ARGS__, NULL))

static void test_scene_is_valid(void **state) {
    (void)state;
    mdl_model_free(test_scene_must_load(scene, strlen(scene), NULL, 0));
}

/* 1 and 3: the subject once, the line of the --set that gave the value. */
static void test_subject_once_and_set_blamed(void **state) {
    (void)state;
    expect_sets(SETS("stations.saw.scrap=0.6", "stations.saw.defect=0.6"), 2,
                SETS("--set:1: station 'saw': scrap + defect: the two shares add up to 1.2", NULL));
    EXPECT1("products.part.route=[\"saw\", \"insp\", \"mill\", \"drill\", \"pack\"]",
            "--set:1: product 'part': route: inspection 'insp' sends rejects to 'mill'");
    EXPECT1("fleets.agv.speed=0", "--set:1: fleet 'agv': speed: must be > 0 m/s");
    EXPECT1("fleets.agv.dt=\"2s\"", "--set:1: fleet 'agv': dt:");
    EXPECT1("fleets.agv.size=[0.0, 1.0]", "--set:1: fleet 'agv': size:");
    EXPECT1("conveyors.belt.spacing=100", "--set:1: conveyor 'belt': spacing:");
    EXPECT1("robots.arm.tends=[\"mill\", \"mill\"]", "--set:1: robot 'arm': tends: station 'mill' is named twice");
    EXPECT1("robots.arm.power.busy=-1", "--set:1: robot 'arm': power.busy:");
    EXPECT1("paths.nodes.park.capacity=0", "--set:1: node 'park': capacity:");
    EXPECT1("paths.edges.0.speed=-1", "--set:1: edge n_saw-park: speed:");
    EXPECT1("release.0.interarrival=\"exp(0s)\"", "--set:1: release 'part': interarrival:");
    EXPECT1("costs.energy_per_kwh=-1", "--set:1: costs: energy_per_kwh:");
    EXPECT1("run.warmup=\"3d\"", "--set:1: run: warmup");
    EXPECT1("shifts.calendars.0.shifts.0.to=\"06:00\"", "--set:1: calendar 'two-shift': shift 'early'");
    EXPECT1("stations.mill.at.0=1e300", "--set:1: station 'mill': at:");
}

/* 4: every reference to an id gets "did you mean" when one is close. */
static void test_did_you_mean_everywhere(void **state) {
    (void)state;
    EXPECT1("robots.arm.tends=[\"mil\"]", "tends: no station 'mil' (did you mean 'mill'?)");
    EXPECT1("products.part.route=[\"saw\", \"mil\"]", "(did you mean 'mill'?)");
    EXPECT1("stations.insp.reject=\"rework:mil\"", "(did you mean 'mill'?)");
    EXPECT1("paths.edges.0.from=\"n_sa\"", "from: no node 'n_sa' (did you mean 'n_saw'?)");
    EXPECT1("paths.edges.1.to=\"n_mil\"", "to: no node 'n_mil' (did you mean 'n_mill'?)");
    EXPECT1("fleets.agv.home=\"prk\"", "home: no node 'prk' (did you mean 'park'?)");
    EXPECT1("stations.saw.node=\"n_sw\"", "(did you mean 'n_saw'?)");
    EXPECT1("products.part.transport.saw=\"agw\"", "(did you mean 'agv'?)");
    EXPECT1("products.part.transport.drill=\"conveyor:blt\"", "(did you mean 'belt'?)");
    EXPECT1("stations.saw.calendar=\"two-shft\"", "(did you mean 'two-shift'?)");
    EXPECT1("shifts.line=\"two-shft\"", "(did you mean 'two-shift'?)");
    EXPECT1("release.0.product=\"prt\"", "(did you mean 'part'?)");
}

/* A refused object is not reported again by what refers to it. */
static void test_no_cascade(void **state) {
    (void)state;
    const char *sets[] = {"paths.nodes.park.capacity=0"};
    scn_diags *d = scn_diags_new();
    assert_null(load_sets(scene, sets, 1, d));
    assert_int_equal(scn_diags_count(d), 1);
    scn_diags_clear(d);
    const char *sets2[] = {"conveyors.belt.spacing=100"};
    assert_null(load_sets(scene, sets2, 1, d));
    assert_int_equal(scn_diags_count(d), 1);
    scn_diags_free(d);
}

/* 2: a number too large for its unit, or not finite, says so, whatever
 * reads it. */
static bool value_says(const char *text, bool dist, const char *part) {
    char err[256] = "";
    double v;
    sim_dist d;
    mdl_model *m = mdl_model_new();
    bool ok = dist ? scn_parse_dist(text, m, &d, err, sizeof err) : scn_parse_duration(text, &v, err, sizeof err);
    mdl_model_free(m);
    if (ok || !strstr(err, part)) {
        fprintf(stderr, "%s: %s, expected \"%s\"\n", text, ok ? "accepted" : err, part);
        return false;
    }
    return true;
}

static void test_too_large_and_not_finite(void **state) {
    (void)state;
    static const char *const durations[] = {"1e308w", "1e400s", "1e308s 1e308s"};
    static const char *const dists[] = {"1e308w", "exp(1e308w)", "weibull(1e400, 1h)",
                                        "beta(2, 1e999, 1min, 2min)", "erlang(1e400, 1h)", "discrete(1min: 1e400)"};
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++)
        assert_true(value_says(durations[i], false, "too large"));
    for (size_t i = 0; i < sizeof dists / sizeof dists[0]; i++)
        assert_true(value_says(dists[i], true, "too large"));
    assert_true(value_says("inf", false, "not a finite"));
    assert_true(value_says("nan", true, "not a finite"));
    assert_true(value_says("1ns", true, "unknown unit 'ns'"));
    double share;
    char err[200];
    assert_false(scn_parse_share("1e400%", &share, err, sizeof err));
    assert_non_null(strstr(err, "too large"));
    /* In the scene, and through --set. */
    EXPECT1("stations.saw.cycle=\"1e308w\"", "--set:1: station 'saw': cycle: duration \"1e308w\" is too large");
    EXPECT1("fleets.agv.load=\"1e308w\"", "fleet 'agv': load: duration \"1e308w\" is too large");
    EXPECT1("stations.saw.scrap=\"1e400%\"", "station 'saw': scrap: \"1e400%\" is too large");
    EXPECT1("paths.nodes.park.at=[1e7, 0.0]", "node 'park': at: 1e+07 is too large");
    EXPECT1("conveyors.belt.from=[0.0, 1e9]", "conveyor 'belt': from: 1e+09 is too large");
    EXPECT1("stations.saw.at=[1e9, 0.0]", "station 'saw': at: 1e+09 is too large");
    EXPECT1("targets.productivity=\"1e400%\"", "--set:1: targets: productivity: too large");
    EXPECT1("costs.labor_per_hour=1e400", "--set:1: costs.labor_per_hour: 1e400 is not a finite number");
    scn_diags *d = scn_diags_new();
    char *big = malloc(sizeof scene + 64);
    assert_non_null(big);
    /* libconfig reads 1e400 as infinity: the message must not call it a
     * wrong kind of value. */
    const char *from = "servers = 2;";
    const char *at = strstr(scene, from);
    snprintf(big, sizeof scene + 64, "%.*sservers = 1e400;%s", (int)(at - scene), scene, at + strlen(from));
    assert_null(scn_load_buffer("t.cfg", big, strlen(big), NULL, NULL, 0, d));
    assert_true(test_has_diag(d, "t.cfg:11: station 'mill': servers: too large"));
    free(big);
    scn_diags_free(d);
}

/* A whole number reads alike in every entity: 2.0 is 2, 2.5 is refused
 * with the same words. */
static void test_whole_numbers_alike(void **state) {
    (void)state;
    static const char *const keys[] = {"stations.mill.servers", "fleets.agv.count", "fleets.agv.capacity",
                                       "paths.nodes.park.capacity", "paths.edges.0.capacity", "release.0.limit",
                                       "run.replications", "stations.saw.operators", "fleets.agv.operators"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char set[100];
        snprintf(set, sizeof set, "%s=2.0", keys[i]);
        const char *sets[] = {set};
        scn_diags *d = scn_diags_new();
        mdl_model *m = load_sets(scene, sets, 1, d);
        if (!m) scn_diags_print(d, stderr);
        assert_non_null(m);
        mdl_model_free(m);
        snprintf(set, sizeof set, "%s=2.5", keys[i]);
        assert_null(load_sets(scene, sets, 1, d));
        assert_true(test_has_diag(d, "expected a whole number, got 2.5"));
        scn_diags_free(d);
    }
    scn_diags *d = scn_diags_new();
    const char *sets[] = {"fleets.agv.count=2.0"};
    mdl_model *m = load_sets(scene, sets, 1, d);
    assert_non_null(m);
    assert_int_equal(mdl_model_fleet(m, 0)->count, 2);
    mdl_model_free(m);
    scn_diags_free(d);
}

static const char orders_scene[] =
    "stations = ( { id = \"saw\"; cycle = \"3min\"; } );\n"                       /* 1 */
    "products = ( { id = \"housing\"; route = [\"saw\"]; } );\n"                   /* 2 */
    "release = ( { orders = \"orders.csv\"; },\n"                                  /* 3 */
    "  { orders = ( { id = \"A-1\"; product = \"housing\"; quantity = 2; },\n"      /* 4 */
    "               { id = \"B-1\"; product = \"housing\"; quantity = 2.0; },\n"    /* 5 */
    "               { id = \"B-1\"; product = \"housing\"; quantity = 3; } ); } );\n"; /* 6 */

/* Loads tmpdir/s.cfg; returns the diagnostics (caller frees) and whether it
 * loaded. */
static scn_diags *load_dir(bool *loaded) {
    char path[600];
    tmpdir_path(path, sizeof path, "s.cfg");
    scn_diags *d = scn_diags_new();
    mdl_model *m = scn_load_file(path, NULL, 0, d);
    *loaded = m != NULL;
    mdl_model_free(m);
    return d;
}

/* 5: an order id, a CSV column or a setup given twice is refused where the
 * second one is written. */
static void test_duplicates_refused(void **state) {
    (void)state;
    tmpdir_put("s.cfg", orders_scene);
    tmpdir_put("orders.csv", "id,product,quantity,release\n"      /* 1 */
                                  "C-1,housing,2.0,0s\n"                /* 2 */
                                  "C-2,housing,1,1h\n"                  /* 3 */
                                  "C-1,housing,1,2h\n"                  /* 4 */
                                  "A-1,housing,1,2h\n");                /* 5 */
    bool loaded;
    scn_diags *d = load_dir(&loaded);
    assert_false(loaded);
    char want[700];
    snprintf(want, sizeof want, "%s/orders.csv:4: order 'C-1': id: duplicate: order 'C-1' is already listed at "
             "%s/orders.csv:2", tmpdir, tmpdir);
    assert_true(test_has_diag(d, want));
    snprintf(want, sizeof want, "s.cfg:4: order 'A-1': id: duplicate: order 'A-1' is already listed at %s/orders.csv:5",
             tmpdir);
    assert_true(test_has_diag(d, want));
    assert_true(test_has_diag(d, "s.cfg:6: order 'B-1': id: duplicate: order 'B-1' is already listed at"));
    assert_int_equal(scn_diags_count(d), 3);
    assert_true(no_repeated_subject(d));
    scn_diags_free(d);

    /* A column named twice in the CSV's header. */
    tmpdir_put("orders.csv", "id,product,quantity,release,quantity\nC-1,housing,2,0s,3\n");
    d = load_dir(&loaded);
    assert_false(loaded);
    snprintf(want, sizeof want, "%s/orders.csv:1: orders: header: duplicate column 'quantity' (columns 3 and 5)",
             tmpdir);
    assert_true(test_has_diag(d, want));
    scn_diags_free(d);

    /* Without the duplicates it loads (2.0 is a whole quantity in a CSV too). */
    /* Order keys: each message names the order once. */
    tmpdir_put("orders.csv", "id,product,quantity,release,due\nC-1,housng,2.5,0s,1h\nC-2,housing,1,3h,1h\n");
    d = load_dir(&loaded);
    assert_false(loaded);
    assert_true(test_has_diag(d, "order 'C-1': product: no product 'housng' (did you mean 'housing'?)"));
    assert_true(test_has_diag(d, "order 'C-1': quantity: expected a whole number"));
    assert_true(test_has_diag(d, "order 'C-2': due: the due date comes before the release"));
    assert_true(test_has_diag(d, "s.cfg:6: order 'B-1': id: duplicate"));
    assert_true(no_repeated_subject(d));
    scn_diags_free(d);

    tmpdir_put("orders.csv", "id,product,quantity,release\nC-1,housing,2.0,0s\n");
    tmpdir_put("s.cfg", "stations = ( { id = \"saw\"; cycle = \"3min\"; } );\n"
                             "products = ( { id = \"housing\"; route = [\"saw\"]; } );\n"
                             "release = ( { orders = \"orders.csv\"; } );\n");
    d = load_dir(&loaded);
    if (!loaded) scn_diags_print(d, stderr);
    assert_true(loaded);
    scn_diags_free(d);

    /* Setups: the same change twice in a station's list, and a product's
     * setup that a station's rule repeats. */
    static const char setups[] =
        "stations = ( { id = \"saw\"; cycle = \"3min\";\n"                                     /* 1 */
        "  setups = ( { from = \"a\"; to = \"b\"; time = \"5min\"; },\n"                       /* 2 */
        "             { from = \"a\"; to = \"b\"; time = \"9min\"; },\n"                       /* 3 */
        "             { to = \"a\"; time = \"2min\"; } ); } );\n"                              /* 4 */
        "products = ( { id = \"a\"; route = [\"saw\"]; setup = { saw = \"1min\"; }; },\n"      /* 5 */
        "             { id = \"b\"; route = [\"saw\"]; } );\n"                                 /* 6 */
        "release = ( { product = \"a\"; interarrival = \"exp(8min)\"; } );\n";
    d = scn_diags_new();
    assert_null(scn_load_buffer("t.cfg", setups, strlen(setups), NULL, NULL, 0, d));
    assert_true(test_has_diag(d, "t.cfg:3: station 'saw': setups: duplicate: this setup is already given at t.cfg:2"));
    assert_true(test_has_diag(d, "t.cfg:4: station 'saw': setups: duplicate: this setup is already given at t.cfg:5"));
    scn_diags_free(d);

    /* Ids of the material-handling objects. */
    static const struct { const char *from, *to, *part; } dups[] = {
        {"fleets = ( {", "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; }, {",
         "t.cfg:24: fleet 'agv': id: another fleet already has this id"},
        {"robots = ( {", "robots = ( { id = \"arm\"; tends = [ \"drill\" ]; }, {",
         "t.cfg:25: robot 'arm': id: another robot already has this id"},
        {"conveyors = ( {", "conveyors = ( { id = \"belt\"; length = 2.0; speed = 0.2; spacing = 0.5; }, {",
         "t.cfg:26: conveyor 'belt': id: another conveyor already has this id"},
        {"nodes = ( {", "nodes = ( { id = \"park\"; at = [ 1.0, 1.0 ]; }, {",
         "t.cfg:21: node 'park': id: another node already has this id"},
    };
    for (size_t i = 0; i < sizeof dups / sizeof dups[0]; i++) {
        const char *at = strstr(scene, dups[i].from);
        assert_non_null(at);
        size_t n = sizeof scene + strlen(dups[i].to);
        char *text = malloc(n);
        assert_non_null(text);
        snprintf(text, n, "%.*s%s%s", (int)(at - scene), scene, dups[i].to, at + strlen(dups[i].from));
        d = scn_diags_new();
        assert_null(scn_load_buffer("t.cfg", text, strlen(text), NULL, NULL, 0, d));
        assert_true(test_has_diag(d, dups[i].part));
        assert_true(no_repeated_subject(d));
        scn_diags_free(d);
        free(text);
    }
}

/* 6: what no plant means is refused; a run merely huge is warned about by
 * the checked load, and still loads. */
static void test_absurd_magnitudes(void **state) {
    (void)state;
    EXPECT1("run.horizon=\"1e308s\"", "--set:1: run: horizon: at most 100 years (5218w), got 1e+308s");
    EXPECT1("run.horizon=\"5300w\"", "run: horizon: at most 100 years");
    EXPECT1("stations.saw.cycle=\"1e-9s\"", "station 'saw': cycle: the mean must be at least 1ms");
    EXPECT1("stations.saw.cycle=\"exp(0.1ms)\"", "station 'saw': cycle: the mean must be at least 1ms");
    EXPECT1("products.part.cycle.mill=\"0.0001s\"", "product 'part': cycle.mill: the mean must be at least 1ms");
    EXPECT1("release.0.interarrival=\"1e-6s\"", "release 'part': interarrival: the mean must be at least 1ms");
    EXPECT1("stations.saw.mtbf=\"1e-6s\"", "station 'saw': mtbf: the mean must be at least 1ms");
    EXPECT1("fleets.agv.dt=\"1e-6s\"", "fleet 'agv': dt: the physics step must be at least 1ms");
    EXPECT1("robots.arm.mtbf=\"1e-6s\"", "robot 'arm': mtbf: the mean must be at least 1ms");

    /* The bounds themselves are fine: 1 ms, 100 years. */
    scn_diags *d = scn_diags_new(), *w = scn_diags_new();
    const char *ok_sets[] = {"stations.saw.cycle=\"1ms\"", "fleets.agv.dt=\"1ms\""};
    mdl_model *m = load_sets(scene, ok_sets, 2, d);
    if (!m) scn_diags_print(d, stderr);
    assert_non_null(m);
    mdl_model_free(m);

    /* A huge run: a warning at the horizon, from the checked load only. */
    char path[600];
    tmpdir_file(path, sizeof path, "s.cfg", scene);
    const char *big[] = {"run.horizon=\"5000w\"", "run.replications=1000"};
    m = scn_load_file_checked(path, big, 2, d, w);
    assert_non_null(m);
    mdl_model_free(m);
    assert_int_equal(scn_diags_count(d), 0);
    assert_true(test_has_diag(w, "--set:1: run: warning: horizon: about"));
    assert_true(test_has_diag(w, "1000 replications of 5000w"));
    /* The scene as written is small: no warning. */
    scn_diags_clear(w);
    m = scn_load_file_checked(path, NULL, 0, d, w);
    assert_non_null(m);
    mdl_model_free(m);
    assert_int_equal(scn_diags_count(w), 0);
    scn_diags_free(d);
    scn_diags_free(w);
}

/* 8: every command of the docs that uses --set (a line starting with
 * "linetwin ", scenes from scenes/) gives a valid scene. */
static int check_doc_commands(const char *doc) {
    char path[600];
    snprintf(path, sizeof path, "%s/%s", LINETWIN_SOURCE_DIR, doc);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1000];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "linetwin ", 9) != 0 || !strstr(line, "--set")) continue;
        /* Split like a shell: spaces, and '...' quoting. */
        char *words[32];
        int nw = 0;
        for (char *p = line; *p && nw < 32;) {
            while (*p == ' ' || *p == '\n') p++;
            if (!*p) break;
            char *w = p, *o = p;
            bool quoted = false;
            while (*p && (quoted || (*p != ' ' && *p != '\n'))) {
                if (*p == '\'') quoted = !quoted, p++;
                else *o++ = *p++;
            }
            if (*p) p++;
            *o = '\0';
            words[nw++] = w;
        }
        const char *sets[16];
        size_t nsets = 0;
        const char *scenes[2];
        int nscenes = 0;
        for (int i = 2; i < nw; i++) {
            if (strcmp(words[i], "--set") == 0 && i + 1 < nw && nsets < 16) sets[nsets++] = words[++i];
            else if (strstr(words[i], ".cfg") && nscenes < 2) scenes[nscenes++] = words[i];
        }
        for (int k = 0; k < nscenes; k++) {
            char scene_path[700];
            snprintf(scene_path, sizeof scene_path, "%s/%s", LINETWIN_SOURCE_DIR, scenes[k]);
            scn_diags *d = scn_diags_new();
            mdl_model *m = scn_load_file(scene_path, sets, nsets, d);
            if (!m) {
                fprintf(stderr, "%s: %s", doc, line);
                scn_diags_print(d, stderr);
            }
            assert_non_null(m);
            mdl_model_free(m);
            scn_diags_free(d);
            n++;
        }
    }
    fclose(f);
    return n;
}

static void test_doc_set_examples_run(void **state) {
    (void)state;
    int n = check_doc_commands("docs/scene-format.md") + check_doc_commands("docs/cli.md") +
            check_doc_commands("docs/viewer.md") + check_doc_commands("README.md");
    assert_true(n >= 5);
}

/* A kind of value accepted by one entity is accepted by all that take it:
 * lists as well as arrays for positions and station lists, "20%" for every
 * share, the same bound on every power draw. */
static void test_same_values_everywhere(void **state) {
    (void)state;
    static const char *const good[] = {
        "fleets.agv.battery.threshold=\"20%\"",
        "stations.saw.scrap=\"2%\"",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        const char *sets[] = {good[i], "fleets.agv.battery.capacity_kwh=1.0", "fleets.agv.battery.charge_kw=1.0"};
        mdl_model_free(test_scene_must_load(scene, strlen(scene), sets, 3));
    }
    /* A node's position and a robot's stations written as lists, like a
     * station's position and a route. */
    static const struct { const char *from, *to; } lists[] = {
        {"{ id = \"park\";   at = [ 7.0, 5.0 ];", "{ id = \"park\";   at = ( 7.0, 5.0 );"},
        {"tends = [ \"mill\" ];", "tends = ( \"mill\" );"},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const char *at = strstr(scene, lists[i].from);
        assert_non_null(at);
        char *text = malloc(sizeof scene + 8);
        assert_non_null(text);
        snprintf(text, sizeof scene + 8, "%.*s%s%s", (int)(at - scene), scene, lists[i].to, at + strlen(lists[i].from));
        scn_diags *d = scn_diags_new();
        mdl_model *m = scn_load_buffer("t.cfg", text, strlen(text), NULL, NULL, 0, d);
        if (!m) scn_diags_print(d, stderr);
        assert_non_null(m);
        mdl_model_free(m);
        scn_diags_free(d);
        free(text);
    }
    EXPECT1("stations.saw.power.busy=2e6", "station 'saw': power.busy: must be between 0 and 1000000 kW");
    EXPECT1("robots.arm.power.busy=2e6", "robot 'arm': power.busy: must be between 0 and 1000000 kW");
    EXPECT1("conveyors.belt.power=2e6", "conveyor 'belt': power: must be between 0 and 1000000 kW");
    EXPECT1("fleets.agv.idle_kw=2e6", "fleet 'agv': idle_kw: must be between 0 and 1000000 kW");
    EXPECT1("conveyors.belt.length=1e9", "conveyor 'belt': length: 1e+09 is too large");
}

/* 3: of two values that disagree, the one an override gave is blamed. */
static void test_override_blamed_of_two(void **state) {
    (void)state;
    EXPECT1("run.horizon=\"2h\"", "--set:1: run: warmup (4h) must be shorter than the horizon (2h)");
    EXPECT1("stations.saw.defect=0.6", "--set:1: station 'saw': scrap + defect");
    EXPECT1("robots.arm.mtbf=\"exp(40h)\"", "--set:1: robot 'arm': mtbf and mttr go together");
    EXPECT1("stations.drill.kind=\"inspection\"", "--set:1: station 'drill': an inspection station needs 'detect'");
    EXPECT1("release.0.conwip=20", "--set:1: release #1: give only one of");
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown,
        cmocka_unit_test(test_scene_is_valid),
        cmocka_unit_test(test_subject_once_and_set_blamed),
        cmocka_unit_test(test_did_you_mean_everywhere),
        cmocka_unit_test(test_no_cascade),
        cmocka_unit_test(test_too_large_and_not_finite),
        cmocka_unit_test(test_whole_numbers_alike),
        cmocka_unit_test(test_duplicates_refused),
        cmocka_unit_test(test_absurd_magnitudes),
        cmocka_unit_test(test_doc_set_examples_run),
        cmocka_unit_test(test_same_values_everywhere),
        cmocka_unit_test(test_override_blamed_of_two),
)
