/*
 * test_cli.c - end-to-end tests of the `linetwin` command: every example
 * scene checks and runs, --json is one valid JSON document carrying every
 * contract key, -j 2 gives the same result as -j 1, --out writes whole
 * files, compare works, and every broken scene in tests/broken/ gives exit
 * code 2 with its expected `file:line: ...` message (the `# expect:` lines
 * at the top of each file).
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linetwin_version.h"

/* ---- running the binary: cli_run.h --------------------------------------------- */

#include "test_helpers.h"
#include "cli_run.h"
#include "scene_files.h"
#include "test_tmpdir.h"
#include "test_main.h"

/* ---- a small JSON parser (enough to check the contract) ------------------------ */

typedef enum jkind { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jkind;

typedef struct jval jval;
struct jval {
    jkind kind;
    double num;
    bool b;
    char *str;
    char **keys;    /* J_OBJ */
    jval **items;   /* J_ARR and J_OBJ values */
    size_t n;
};

typedef struct jparser {
    const char *s;
    bool bad;
} jparser;

static void jskip(jparser *p) {
    while (*p->s == ' ' || *p->s == '\n' || *p->s == '\t' || *p->s == '\r') p->s++;
}

static jval *jnew(jkind k) {
    jval *v = calloc(1, sizeof *v);
    assert_non_null(v);
    v->kind = k;
    return v;
}

static char *jstring(jparser *p) {
    if (*p->s != '"') {
        p->bad = true;
        return NULL;
    }
    p->s++;
    size_t cap = 32, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    while (*p->s && *p->s != '"') {
        char c = *p->s++;
        if ((unsigned char)c < 0x20) {
            p->bad = true;
            break;
        }
        if (c == '\\') {
            char e = *p->s++;
            switch (e) {
            case '"': case '\\': case '/': c = e; break;
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u':
                for (int i = 0; i < 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", p->s[i]) || !p->s[i]) p->bad = true;
                if (!p->bad) p->s += 4;
                c = '?';
                break;
            default: p->bad = true;
            }
        }
        if (n + 2 >= cap) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        out[n++] = c;
        if (p->bad) break;
    }
    if (*p->s != '"') p->bad = true;
    else p->s++;
    out[n] = '\0';
    return out;
}

static jval *jparse_value(jparser *p, int depth);

static void jpush(jval *v, char *key, jval *item) {
    v->items = realloc(v->items, (v->n + 1) * sizeof(jval *));
    assert_non_null(v->items);
    if (v->kind == J_OBJ) {
        v->keys = realloc(v->keys, (v->n + 1) * sizeof(char *));
        assert_non_null(v->keys);
        v->keys[v->n] = key;
    }
    v->items[v->n++] = item;
}

static jval *jparse_value(jparser *p, int depth) {
    jskip(p);
    if (depth > 100) {
        p->bad = true;
        return NULL;
    }
    const char *s = p->s;
    if (*s == '{' || *s == '[') {
        bool obj = *s == '{';
        jval *v = jnew(obj ? J_OBJ : J_ARR);
        p->s++;
        jskip(p);
        if (*p->s == (obj ? '}' : ']')) {
            p->s++;
            return v;
        }
        for (;;) {
            char *key = NULL;
            if (obj) {
                jskip(p);
                key = jstring(p);
                jskip(p);
                if (p->bad || *p->s != ':') {
                    p->bad = true;
                    free(key);
                    return v;
                }
                p->s++;
            }
            jval *item = jparse_value(p, depth + 1);
            if (p->bad) {
                free(key);
                return v;
            }
            jpush(v, key, item);
            jskip(p);
            if (*p->s == ',') {
                p->s++;
                continue;
            }
            if (*p->s == (obj ? '}' : ']')) {
                p->s++;
                return v;
            }
            p->bad = true;
            return v;
        }
    }
    if (*s == '"') {
        jval *v = jnew(J_STR);
        v->str = jstring(p);
        return v;
    }
    if (strncmp(s, "true", 4) == 0 || strncmp(s, "false", 5) == 0) {
        jval *v = jnew(J_BOOL);
        v->b = s[0] == 't';
        p->s += v->b ? 4 : 5;
        return v;
    }
    if (strncmp(s, "null", 4) == 0) {
        p->s += 4;
        return jnew(J_NULL);
    }
    /* number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    const char *q = s;
    if (*q == '-') q++;
    if (*q == '0') q++;
    else if (*q >= '1' && *q <= '9')
        while (*q >= '0' && *q <= '9') q++;
    else {
        p->bad = true;
        return NULL;
    }
    if (*q == '.') {
        q++;
        if (!(*q >= '0' && *q <= '9')) p->bad = true;
        while (*q >= '0' && *q <= '9') q++;
    }
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-') q++;
        if (!(*q >= '0' && *q <= '9')) p->bad = true;
        while (*q >= '0' && *q <= '9') q++;
    }
    jval *v = jnew(J_NUM);
    v->num = strtod(s, NULL);
    p->s = q;
    return v;
}

/* Parses a whole document: exactly one value and nothing else. */
static jval *jparse(const char *text) {
    jparser p = {text, false};
    jval *v = jparse_value(&p, 0);
    jskip(&p);
    if (p.bad || *p.s != '\0') {
        fprintf(stderr, "invalid JSON near: %.80s\n", p.s);
        return NULL;
    }
    return v;
}

static void jfree(jval *v) {
    if (!v) return;
    for (size_t i = 0; i < v->n; i++) {
        jfree(v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

static jval *jget(const jval *v, const char *key) {
    if (!v || v->kind != J_OBJ) return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->keys[i], key) == 0) return v->items[i];
    return NULL;
}

static jval *jmust(const jval *v, const char *key) {
    jval *x = jget(v, key);
    if (!x) fprintf(stderr, "JSON: missing key \"%s\"\n", key);
    assert_non_null(x);
    return x;
}

/* {"mean", "ci95", "min", "max"}, numbers (ci95 may be null) */
static void check_summary(const jval *v, const char *what) {
    if (!v || v->kind != J_OBJ) fprintf(stderr, "JSON: %s is not an object\n", what);
    assert_true(v && v->kind == J_OBJ);
    static const char *const keys[] = {"mean", "ci95", "min", "max"};
    for (int i = 0; i < 4; i++) {
        jval *x = jget(v, keys[i]);
        if (!x) fprintf(stderr, "JSON: %s lacks \"%s\"\n", what, keys[i]);
        assert_non_null(x);
        assert_true(x->kind == J_NUM || x->kind == J_NULL);
    }
}

static void check_run_document(const jval *doc, int reps) {
    assert_non_null(doc);
    assert_int_equal(doc->kind, J_OBJ);
    jval *v = jmust(doc, "linetwin");
    assert_int_equal(v->kind, J_STR);
    assert_string_equal(v->str, LINETWIN_VERSION);
    assert_int_equal(jmust(doc, "scene")->kind, J_STR);
    assert_int_equal(jmust(doc, "seed")->kind, J_NUM);
    assert_int_equal((int)jmust(doc, "replications")->num, reps);
    assert_true(jmust(doc, "horizon_s")->num > 0);
    assert_true(jmust(doc, "warmup_s")->num >= 0);
    jval *kpi = jmust(doc, "kpi");
    static const char *const contract_kpis[] = {"throughput_per_h", "units_out", "lead_time_s", "wip",
                                                "scrap_rate", "defect_rate", "first_pass_yield", "oee",
                                                "energy_kwh", "energy_kwh_per_unit", "cost_per_unit"};
    for (size_t i = 0; i < sizeof contract_kpis / sizeof contract_kpis[0]; i++)
        check_summary(jmust(kpi, contract_kpis[i]), contract_kpis[i]);
    jval *st = jmust(doc, "stations");
    assert_int_equal(st->kind, J_ARR);
    assert_true(st->n > 0);
    static const char *const station_kpis[] = {"utilization", "availability", "oee", "queue_len", "wait_s",
                                               "energy_kwh"};
    static const char *const states[] = {"busy", "setup", "idle",          "blocked",
                                         "down", "off",   "wait_operator", "maintenance"};
    for (size_t s = 0; s < st->n; s++) {
        jval *x = st->items[s];
        assert_int_equal(jmust(x, "id")->kind, J_STR);
        for (size_t k = 0; k < sizeof station_kpis / sizeof station_kpis[0]; k++)
            check_summary(jmust(x, station_kpis[k]), station_kpis[k]);
        jval *sv = jmust(x, "states");
        double total = 0;
        for (int k = 0; k < 8; k++) {
            jval *one = jmust(sv, states[k]);
            check_summary(one, states[k]);
            total += jmust(one, "mean")->num;
        }
        /* the ledger's shares add up to 1 */
        assert_float_equal(total, 1.0, 1e-6);
    }
    /* material handling: the three arrays are always there */
    assert_int_equal(jmust(doc, "fleets")->kind, J_ARR);
    assert_int_equal(jmust(doc, "robots")->kind, J_ARR);
    assert_int_equal(jmust(doc, "conveyors")->kind, J_ARR);
}

/* ---- tests ----------------------------------------------------------------------- */

static void test_version_and_help(void **state) {
    (void)state;
    result r = RUN("--version");
    expect_status(&r, 0);
    assert_string_equal(r.out, "linetwin " LINETWIN_VERSION "\n");
    result_free(&r);
    EXPECT_OUT(RUN("--help"), 0, "usage: linetwin COMMAND");
    static const char *const cmds[] = {"check", "run", "compare"};
    for (int i = 0; i < 3; i++) {
        r = RUN(cmds[i], "--help");
        expect_status(&r, 0);
        char want[64];
        snprintf(want, sizeof want, "usage: linetwin %s", cmds[i]);
        expect_contains(r.out, want);
        result_free(&r);
        EXPECT_OUT(RUN("help", cmds[i]), 0, want);
    }
    r = RUN("view", "--help");   /* the viewer, or the stub without it */
    assert_true(r.status == 0 || r.status == 2);
    result_free(&r);
}

static void test_usage_errors(void **state) {
    (void)state;
    result r = run_limited((const char *const[]){NULL}, 0);
    expect_status(&r, 2);
    result_free(&r);
    EXPECT_ERR(RUN("rnu"), 2, "unknown command 'rnu' (did you mean 'run'?)");
    const char *demo = scene(0, "scenes/demo.cfg");
    EXPECT_ERR(RUN("run", demo, "--reps", "0"), 2, "--reps: expected a number of replications");
    EXPECT_ERR(RUN("run", demo, "--horizon", "fast"), 2, "--horizon: expected a duration");
    EXPECT_ERR(RUN("run", demo, "--seeed", "3"), 2, "unknown option --seeed (did you mean --seed?)");
    EXPECT_ERR(RUN("run", demo, "--seed"), 2, "--seed needs a value");
    EXPECT_ERR(RUN("run", demo, "--horizon", "2h", "--warmup", "3h"), 2, "must be shorter than the horizon");
    EXPECT_STATUS(RUN("run"), 2);
    EXPECT_ERR(RUN("compare", demo), 2, "expected two scenes");
    EXPECT_ERR(RUN("check", scene(1, "no/such/scene.cfg")), 2,
               "scene.cfg: cannot open the scene: No such file or directory");
    EXPECT_ERR(RUN("run", demo, "--set", "nonsense"), 2, "--set nonsense: expected PATH=VALUE");
    EXPECT_ERR(
        RUN("run", demo, "--set", "stations.cnc.servers=3"), 2,
        "--set:1: stations.cnc.servers: 'stations' has no entry with id 'cnc' (did you mean 'cnc_op10'?)");
}

static const char *const example_scenes[] = {
    "scenes/demo.cfg", "scenes/retrofit.cfg", "scenes/orders.cfg", "scenes/assembly.cfg", "scenes/validation/mm1.cfg", "scenes/validation/mmc.cfg",
    "scenes/validation/md1.cfg", "scenes/validation/tandem_blocking.cfg", "scenes/validation/conwip_mva.cfg",
    "scenes/validation/breakdown.cfg", "scenes/warehouse.cfg", "scenes/sorting_loop.cfg", "scenes/docks.cfg",
    "scenes/remanufacture.cfg", "scenes/stockroom.cfg"};

/* Fails unless the scene rel is in example_scenes. */
static void must_be_listed(void *ctx, const char *rel, const char *path, const char *name) {
    (void)ctx, (void)path, (void)name;
    bool listed = false;
    for (size_t i = 0; i < sizeof example_scenes / sizeof example_scenes[0]; i++)
        if (strcmp(example_scenes[i], rel) == 0) listed = true;
    if (!listed) fprintf(stderr, "example scene %s is not tested\n", rel);
    assert_true(listed);
}

static void test_examples_check_and_run(void **state) {
    (void)state;
    /* every scene in scenes/ and scenes/validation/ is listed above */
    scene_files_each("scenes", must_be_listed, NULL);
    scene_files_each("scenes/validation", must_be_listed, NULL);
    for (size_t i = 0; i < sizeof example_scenes / sizeof example_scenes[0]; i++) {
        const char *path = scene(0, example_scenes[i]);
        EXPECT_OUT(RUN("check", path), 0, ": ok");
        EXPECT_OUT(RUN("run", path, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "-j", "2"), 0,
                   "Throughput", "Station");
    }
    /* all example scenes at once */
    EXPECT_STATUS(RUN("check", scene(0, "scenes/demo.cfg"), scene(1, "scenes/retrofit.cfg")), 0);
}

static void test_json_contract(void **state) {
    (void)state;
    const char *demo = scene(0, "scenes/demo.cfg");
    result r = RUN("run", demo, "--reps", "3", "--horizon", "1w", "--warmup", "1d", "--json");
    expect_status(&r, 0);
    jval *doc = jparse(r.out);
    assert_non_null(doc);
    check_run_document(doc, 3);
    assert_string_equal(jmust(doc, "scene")->str, demo);
    assert_float_equal(jmust(doc, "horizon_s")->num, 604800, 0);
    assert_float_equal(jmust(doc, "warmup_s")->num, 86400, 0);
    assert_float_equal(jmust(doc, "seed")->num, 2016, 0);
    jval *tp = jmust(jmust(doc, "kpi"), "throughput_per_h");
    assert_true(jmust(tp, "mean")->num > 0);
    assert_true(jmust(tp, "min")->num <= jmust(tp, "mean")->num);
    assert_true(jmust(tp, "max")->num >= jmust(tp, "mean")->num);
    jfree(doc);
    result_free(&r);

    /* --set reaches the model; --seed changes the numbers, and the same seed repeats them */
    r = RUN("run", demo, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "--json", "--set",
            "stations.saw.servers=2", "--seed", "5");
    expect_status(&r, 0);
    doc = jparse(r.out);
    assert_non_null(doc);
    jval *st = jmust(doc, "stations");
    assert_string_equal(jmust(st->items[0], "id")->str, "saw");
    assert_float_equal(jmust(st->items[0], "servers")->num, 2, 0);
    assert_float_equal(jmust(doc, "seed")->num, 5, 0);
    jfree(doc);
    result r2 = RUN("run", demo, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "--json", "--set",
                    "stations.saw.servers=2", "--seed", "5");
    assert_string_equal(r.out, r2.out);
    result_free(&r2);
    r2 = RUN("run", demo, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "--json", "--set",
             "stations.saw.servers=2", "--seed", "6");
    assert_string_not_equal(r.out, r2.out);
    result_free(&r2);
    result_free(&r);

    /* one replication: no interval, written as null */
    r = RUN("run", demo, "--reps", "1", "--horizon", "2d", "--warmup", "4h", "--json");
    expect_status(&r, 0);
    doc = jparse(r.out);
    assert_non_null(doc);
    assert_int_equal(jmust(jmust(jmust(doc, "kpi"), "units_out"), "ci95")->kind, J_NULL);
    jfree(doc);
    result_free(&r);
}

static void test_threads_identical(void **state) {
    (void)state;
    const char *demo = scene(0, "scenes/retrofit.cfg");
    result a = RUN("run", demo, "--reps", "5", "--horizon", "1w", "--warmup", "1d", "--json", "-j", "1");
    result b = RUN("run", demo, "--reps", "5", "--horizon", "1w", "--warmup", "1d", "--json", "-j", "2");
    result c = RUN("run", demo, "--reps", "5", "--horizon", "1w", "--warmup", "1d", "--json", "-j3");
    expect_status(&a, 0);
    expect_status(&b, 0);
    expect_status(&c, 0);
    assert_string_equal(a.out, b.out);
    assert_string_equal(a.out, c.out);
    result_free(&a);
    result_free(&b);
    result_free(&c);
}

static int count_lines(const char *s) {
    int n = 0;
    for (; *s; s++)
        if (*s == '\n') n++;
    return n;
}

static void test_out_files(void **state) {
    (void)state;
    char out[600];
    tmpdir_path(out, sizeof out, "results/demo");   /* created with its parent */
    const char *demo = scene(0, "scenes/demo.cfg");
    result r = RUN("run", demo, "--reps", "3", "--horizon", "1w", "--warmup", "1d", "--out", out);
    expect_status(&r, 0);
    result j = RUN("run", demo, "--reps", "3", "--horizon", "1w", "--warmup", "1d", "--json");
    expect_status(&j, 0);
    char path[700];
    char *json = read_in(out, "result.json");
    assert_string_equal(json, j.out);   /* the same document as --json */
    char *kpis = read_in(out, "kpis.csv");
    assert_true(strncmp(kpis, "kpi,label,mean,ci95,min,max\n", 28) == 0);
    expect_contains(kpis, "\nthroughput_per_h,");
    expect_contains(kpis, "\ncost_per_unit,");
    char *stations = read_in(out, "stations.csv");
    assert_true(strncmp(stations, "station,metric,mean,ci95,min,max\n", 33) == 0);
    expect_contains(stations, "\ncnc_op10,utilization,");
    char *reps = read_in(out, "replications.csv");
    assert_true(strncmp(reps, "replication,seed,window_s,events,throughput_per_h", 49) == 0);
    assert_int_equal(count_lines(reps), 4);   /* header + 3 replications */
    /* no temporary files are left behind */
    DIR *d = opendir(out);
    assert_non_null(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || (e->d_name[1] == '.' && e->d_name[2] == '\0'))) continue;
        if (e->d_name[0] == '.') fprintf(stderr, "left behind: %s\n", e->d_name);
        assert_true(e->d_name[0] != '.');
        files++;
    }
    closedir(d);
    assert_int_equal(files, 9);   /* and fleets.csv, vehicles.csv (the demo's hand cart), pools.csv, people.csv
                                     (its people), products.csv */
    char *products = read_in(out, "products.csv");
    const char *phead = "product,metric,mean,ci95,min,max\nhousing,throughput_per_h,";
    assert_true(strncmp(products, phead, strlen(phead)) == 0);
    free(products);
    char *vehicles = read_in(out, "vehicles.csv");
    const char *vhead = "fleet,vehicle,metric,mean,ci95,min,max\ncarts,0,utilization,";
    assert_true(strncmp(vehicles, vhead, strlen(vhead)) == 0);
    free(vehicles);
    free(json);
    free(kpis);
    free(stations);
    free(reps);
    result_free(&r);
    result_free(&j);

    /* an output directory that cannot be made: the run failed, exit 1 */
    snprintf(path, sizeof path, "%s/kpis.csv/x", out);
    EXPECT_ERR(RUN("run", demo, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "--out", path), 1,
               "cannot create directory");
}

static void test_compare(void **state) {
    (void)state;
    const char *base = scene(0, "scenes/demo.cfg"), *retro = scene(1, "scenes/retrofit.cfg");
    result r = RUN("compare", base, retro, "--reps", "3", "--horizon", "1w", "--warmup", "1d", "--json",
                   "--target-productivity", "10%");
    expect_status(&r, 0);
    jval *doc = jparse(r.out);
    assert_non_null(doc);
    check_run_document(jmust(doc, "base"), 3);
    check_run_document(jmust(doc, "retrofit"), 3);
    jval *diff = jmust(doc, "diff");
    jval *tp = jmust(diff, "throughput_per_h");
    check_summary(jmust(tp, "diff"), "diff");
    assert_true(fabs(jmust(jmust(tp, "diff"), "mean")->num - (jmust(tp, "retrofit")->num - jmust(tp, "base")->num)) <= 1e-6);
    jval *targets = jmust(doc, "targets");
    assert_int_equal(targets->kind, J_ARR);
    assert_int_equal(targets->n, 4);
    static const char *const names[] = {"productivity", "cost_per_unit", "defect_rate", "units_per_kwh"};
    static const double goals[] = {0.10, -0.30, -0.20, 0.20};   /* the flag wins over the scene */
    for (int t = 0; t < 4; t++) {
        jval *x = targets->items[t];
        assert_string_equal(jmust(x, "target")->str, names[t]);
        assert_float_equal(jmust(x, "goal")->num, goals[t], 1e-12);
        const char *v = jmust(x, "verdict")->str;
        assert_true(strcmp(v, "met") == 0 || strcmp(v, "not met") == 0 || strcmp(v, "uncertain") == 0);
    }
    jval *pb = jmust(doc, "payback");
    assert_int_equal(pb->kind, J_OBJ);
    assert_float_equal(jmust(pb, "capex")->num, 1210000, 0);
    /* the hand cart of the base and the AGVs and robots of the retrofit */
    jval *bf = jmust(jmust(doc, "base"), "fleets"), *rf = jmust(jmust(doc, "retrofit"), "fleets");
    assert_int_equal(bf->n, 1);
    assert_int_equal(rf->n, 1);
    assert_string_equal(jmust(bf->items[0], "id")->str, "carts");
    assert_string_equal(jmust(rf->items[0], "id")->str, "agv");
    assert_int_equal(jmust(jmust(doc, "retrofit"), "robots")->n, 2);
    jval *years = jmust(pb, "payback_years");
    assert_true(years->kind == J_NUM || (years->kind == J_STR && strcmp(years->str, "never") == 0));
    jfree(doc);
    result_free(&r);

    EXPECT_OUT(RUN("compare", base, retro, "--reps", "3", "--horizon", "1w", "--warmup", "1d"), 0,
               "Retrofit target", "Payback:", "Material handling", "All fleets (carts -> agv)",
               "request wait");

    /* comparing a scene with itself: every difference is exactly 0 */
    r = RUN("compare", base, base, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "--json");
    expect_status(&r, 0);
    doc = jparse(r.out);
    assert_non_null(doc);
    jval *d = jmust(jmust(jmust(doc, "diff"), "units_out"), "diff");
    assert_float_equal(jmust(d, "mean")->num, 0, 0);
    assert_int_equal(jmust(doc, "payback")->kind, J_NULL);
    jfree(doc);
    result_free(&r);
}

/* A scene with a fleet, a robot and a conveyor: JSON, table and CSV carry
 * them; --set reaches their keys. */
static void test_transport_output(void **state) {
    (void)state;
    const char *tr = scene(0, "tests/scenes/transport.cfg");
    result r = RUN("run", tr, "--json");
    expect_status(&r, 0);
    jval *doc = jparse(r.out);
    assert_non_null(doc);
    check_run_document(doc, 2);
    jval *fl = jmust(doc, "fleets");
    assert_int_equal(fl->n, 1);
    jval *agv = fl->items[0];
    assert_string_equal(jmust(agv, "id")->str, "agv");
    assert_float_equal(jmust(agv, "count")->num, 2, 0);
    static const char *const fkpis[] = {"utilization", "loaded", "empty", "handling", "traffic", "blocked",
                                        "charging", "idle", "trips", "distance_m", "energy_kwh", "request_wait_s",
                                        "request_wait_p95_s", "collisions", "near_misses", "deadlocks"};
    for (size_t k = 0; k < sizeof fkpis / sizeof fkpis[0]; k++) check_summary(jmust(agv, fkpis[k]), fkpis[k]);
    /* the vehicles' state shares add up to 1; the AGVs did carry units */
    double total = 0;
    for (size_t k = 1; k < 8; k++) total += jmust(jmust(agv, fkpis[k]), "mean")->num;
    assert_float_equal(total, 1.0, 1e-6);
    assert_true(jmust(jmust(agv, "trips"), "mean")->num > 100);
    /* Two vehicles cannot deadlock here: a waiting vehicle stands and holds
     * only its node, so each would wait for the other's node as the next on
     * its route; every route between the nodes of capacity 1 runs through
     * `park` (capacity 2), which two vehicles fill only standing on it
     * together. (A pass once let the waiters of the edge it left try while
     * the node it left still counted: the check saw a full node nobody
     * held, and reported 9 to 16 deadlocks a run.) The count also takes the
     * watchdog's forced passes (a wait of 10 deadlock_timeouts behind a
     * blocked station); none happens in these runs. */
    assert_float_equal(jmust(jmust(agv, "deadlocks"), "max")->num, 0, 0);
    jval *rb = jmust(doc, "robots");
    assert_int_equal(rb->n, 1);
    assert_string_equal(jmust(rb->items[0], "id")->str, "arm");
    assert_string_equal(jmust(rb->items[0], "tends")->items[0]->str, "mill");
    check_summary(jmust(rb->items[0], "utilization"), "robot utilization");
    check_summary(jmust(rb->items[0], "wait_s"), "robot wait_s");
    jval *cv = jmust(doc, "conveyors");
    assert_int_equal(cv->n, 1);
    assert_string_equal(jmust(cv->items[0], "id")->str, "belt");
    check_summary(jmust(cv->items[0], "occupancy"), "occupancy");
    /* the belt delivers everything the drill makes: 40 s transit */
    assert_float_equal(jmust(jmust(cv->items[0], "transit_s"), "mean")->num, 40.0, 1e-6);
    jfree(doc);
    result_free(&r);

    EXPECT_OUT(RUN("run", tr), 0, "\nFleet ", "req.wait", "\nRobot ", "\nConveyor ");

    /* --set on a fleet and on a node of the path network */
    r = RUN("run", tr, "--json", "--reps", "2", "--set", "fleets.agv.count=1", "--set",
            "paths.nodes.park.capacity=1");
    expect_status(&r, 0);
    doc = jparse(r.out);
    assert_non_null(doc);
    assert_float_equal(jmust(jmust(doc, "fleets")->items[0], "count")->num, 1, 0);
    jfree(doc);
    result_free(&r);

    /* --out: fleets.csv, robots.csv, conveyors.csv */
    char dir[600];
    tmpdir_path(dir, sizeof dir, "transport");
    EXPECT_STATUS(RUN("run", tr, "--out", dir), 0);
    static const struct { const char *file, *head, *row; } csv[] = {
        {"fleets.csv", "fleet,metric,mean,ci95,min,max\n", "\nagv,request_wait_s,"},
        {"robots.csv", "robot,metric,mean,ci95,min,max\n", "\narm,utilization,"},
        {"conveyors.csv", "conveyor,metric,mean,ci95,min,max\n", "\nbelt,occupancy,"}};
    for (size_t i = 0; i < 3; i++) {
        char *text = read_in(dir, csv[i].file);
        assert_true(strncmp(text, csv[i].head, strlen(csv[i].head)) == 0);
        expect_contains(text, csv[i].row);
        free(text);
    }

    /* check: the summary names them */
    EXPECT_QUIET(RUN("check", tr), 0, "fleet agv (2 x kinematic", "robot arm tending mill", "conveyor belt");
}

/* Keeps the working folder in cwd and enters the source tree's folder
 * `folder` (messages then name its files as given). */
static void enter_source_folder(const char *folder, char *cwd, size_t size) {
    assert_non_null(getcwd(cwd, size));
    char dir[600];
    snprintf(dir, sizeof dir, "%s/%s", LINETWIN_SOURCE_DIR, folder);
    assert_int_equal(chdir(dir), 0);
}

/* Layout problems are warnings: `check` prints them as file:line and still
 * says the scene is valid. */
static void test_layout_warnings(void **state) {
    (void)state;
    char cwd[1024];
    enter_source_folder("tests/scenes", cwd, sizeof cwd);
    result r = RUN("check", "layout_warnings.cfg");
    expect_status(&r, 0);
    expect_contains(r.out, "layout_warnings.cfg: ok");
    expect_contains(r.err, "layout_warnings.cfg:9: station 'b': warning: layout: its footprint overlaps station 'c'");
    expect_contains(r.err, "layout_warnings.cfg:17: node 'far': warning: layout: at [30, 4], outside the floor");
    expect_contains(r.err, "layout_warnings.cfg:18: edge na-nb: warning: layout: the path crosses the footprint of "
                           "station 'd'");
    result_free(&r);
    /* the example scenes have none */
    r = RUN("check", "../../scenes/demo.cfg", "../../scenes/retrofit.cfg");
    expect_status(&r, 0);
    assert_string_equal(r.err, "");
    result_free(&r);
    assert_int_equal(chdir(cwd), 0);
}

/* Broken scenes that cannot carry `# expect:` comments. */
static const struct {
    const char *file;
    const char *expect;
} uncommented[] = {
    {"empty.cfg", "empty.cfg:1: scene: the scene is empty: it needs at least 'stations', 'products' and 'release'"},
    {"binary.cfg", "binary.cfg:1: scene: binary data (a NUL byte at offset 40): a scene is a text file"},
    {"garbage_text.cfg", "garbage_text.cfg:1: syntax error: unexpected byte 0x7F (a scene is a text file)"},
};

/* `check` and `run` refuse the broken scene `name` (in the working
 * folder) with exit 2 and the messages it expects; counted in *(int *)ctx. */
static void check_broken(void *ctx, const char *rel, const char *path, const char *name) {
    (void)rel, (void)path;
    char *text = test_read_file(name);
    assert_non_null(text);
    const char *expects[16];
    size_t nexp = 0;
    for (size_t i = 0; i < sizeof uncommented / sizeof uncommented[0]; i++)
        if (strcmp(uncommented[i].file, name) == 0) expects[nexp++] = uncommented[i].expect;
    char *lines = text;
    while (nexp < 16 && (lines = strstr(lines, "# expect: ")) != NULL) {
        lines += strlen("# expect: ");
        char *nl = strchr(lines, '\n');
        if (nl) *nl = '\0';
        expects[nexp++] = lines;
        if (!nl) break;
        lines = nl + 1;
    }
    if (nexp == 0) fprintf(stderr, "%s has no expectation\n", name);
    assert_true(nexp > 0);
    result r = RUN("check", name);
    if (r.status != 2) fprintf(stderr, "%s:\n", name);
    expect_status(&r, 2);
    assert_string_equal(r.out, "");
    for (size_t i = 0; i < nexp; i++) {
        if (!strstr(r.err, expects[i])) fprintf(stderr, "%s: expected message missing\n", name);
        expect_contains(r.err, expects[i]);
    }
    /* every message has the form file:line: or file: */
    for (char *p = r.err; *p;) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char first[600];
        snprintf(first, sizeof first, "%.*s", (int)(len < 599 ? len : 599), p);
        assert_non_null(strchr(first, ':'));
        assert_null(strstr(first, "libconfig.c"));
        p = nl ? nl + 1 : p + len;
    }
    result_free(&r);
    /* run refuses them the same way */
    EXPECT_STATUS(RUN("run", name, "--reps", "1"), 2);
    free(text);
    ++*(int *)ctx;
}

static void test_broken_scenes(void **state) {
    (void)state;
    char cwd[1024];
    enter_source_folder("tests/broken", cwd, sizeof cwd);
    int tested = 0;
    scene_files_each("tests/broken", check_broken, &tested);
    assert_int_equal(chdir(cwd), 0);
    assert_true(tested >= 25);
}

/* The complete scenes in docs/scene-format.md (blocks starting with
 * "# example: NAME") check and run. */
static void test_doc_examples(void **state) {
    (void)state;
    char *md = read_in(LINETWIN_SOURCE_DIR, "docs/scene-format.md");
    int n = 0;
    static const char marker[] = "```\n# example: ";
    for (char *p = md; (p = strstr(p, marker)) != NULL;) {
        char *start = p + 4;
        char *name = p + strlen(marker);
        char *nl = strchr(name, '\n');
        char *end = strstr(start, "```");
        assert_non_null(nl);
        assert_non_null(end);
        char example[200], file[800];
        snprintf(example, sizeof example, "%.*s", (int)(nl - name), name);
        tmpdir_write(example, start, (size_t)(end - start));
        tmpdir_path(file, sizeof file, example);
        EXPECT_STATUS(RUN("check", file), 0);
        EXPECT_STATUS(RUN("run", file, "--reps", "2", "--horizon", "2d", "--warmup", "4h"), 0);
        n++;
        p = end + 3;
    }
    assert_true(n >= 4);
    free(md);
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown,
        cmocka_unit_test(test_version_and_help),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_examples_check_and_run),
        cmocka_unit_test(test_json_contract),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_out_files),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_transport_output),
        cmocka_unit_test(test_layout_warnings),
        cmocka_unit_test(test_broken_scenes),
        cmocka_unit_test(test_doc_examples),
)
