/*
 * test_eventlog.c - the MES event log (`run --events`, docs/event-log.md):
 * the record stream of a small deterministic scene equals a log worked out
 * by hand; every unit's operations follow its route (plus rework); the
 * log's counts agree with the KPIs of the same replication (demo, retrofit,
 * orders); the OCEL 2.0 output is valid against the official JSON schema
 * (a real validator: Debian's python3-jsonschema, tests/validate_ocel.py);
 * a log that cannot be written fails with exit 1 and leaves nothing; the
 * log changes no result.
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "scn_scene.h"
/* After the library headers: its `result` type would shadow their names. */
#include "test_helpers.h"
#include "cli_run.h"
#include "test_tmpdir.h"
#include "test_main.h"
#include "model_fixtures.h"

/* ---- files ------------------------------------------------------------------- */

static const char *tmp(int slot, const char *name) {
    static char paths[8][600];
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", tmpdir, name);
    return paths[slot];
}

static int files_in(const char *dir) {
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    if (d) closedir(d);
    return n;
}

/* ---- a CSV log in memory -------------------------------------------------------- */

enum { F_TIME, F_STAMP, F_EVENT, F_UNIT, F_PRODUCT, F_ORDER, F_STATION, F_SERVER, F_RESOURCE, F_FROM, F_TO,
       F_DETAIL, F_COUNT };

typedef struct row {
    char *f[F_COUNT];
} row;

typedef struct csv_log {
    char *text;
    row *rows;
    size_t n;
} csv_log;

/* The writer quotes no field of these scenes (ids without commas), so a
 * plain split is the exact reading. */
static void log_read(csv_log *l, const char *path) {
    l->text = test_read_file(path);
    assert_non_null(l->text);
    size_t lines = 0;
    for (char *p = l->text; *p; p++) lines += *p == '\n';
    l->rows = calloc(lines + 1, sizeof *l->rows);
    assert_non_null(l->rows);
    l->n = 0;
    char *save = NULL;
    char *line = strtok_r(l->text, "\n", &save);
    assert_non_null(line);
    assert_string_equal(line, "time_s,timestamp,event,unit,product,order,station,server,resource,from,to,detail");
    while ((line = strtok_r(NULL, "\n", &save))) {
        row *r = &l->rows[l->n++];
        char *p = line;
        for (int k = 0; k < F_COUNT; k++) {
            r->f[k] = p;
            char *c = strchr(p, ',');
            if (k < F_COUNT - 1) {
                assert_non_null(c);
                *c = '\0';
                p = c + 1;
            } else {
                assert_null(c);
            }
        }
    }
}

static void log_free(csv_log *l) {
    free(l->text);
    free(l->rows);
}

static size_t count(const csv_log *l, const char *event, int field, const char *value) {
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->rows[i].f[F_EVENT], event) == 0 && (field < 0 || strcmp(l->rows[i].f[field], value) == 0)) n++;
    return n;
}

static mdl_model *load(const char *rel, const char *horizon) {
    scn_diags *d = scn_diags_new();
    const char *sets[2];
    size_t nsets = 0;
    char h[64];
    if (horizon) {
        snprintf(h, sizeof h, "run.horizon=\"%s\"", horizon);
        sets[nsets++] = h;
    }
    sets[nsets++] = "run.warmup=0";
    char path[512];
    snprintf(path, sizeof path, "%s/%s", LINETWIN_SOURCE_DIR, rel);
    mdl_model *m = scn_load_file(path, sets, nsets, d);
    if (!m) scn_diags_print(d, stderr);
    scn_diags_free(d);
    assert_non_null(m);
    return m;
}

/* Replication `rep` of the model, in this process: the KPIs the log must
 * agree with (same seed, same replication: the same run). */
static void run_rep(const mdl_model *m, int rep, mdl_rep_result *res) {
    assert_true(mdl_rep_result_init(res, m));
    mdl_run *r = mdl_run_new(m, NULL, (uint32_t)rep);
    assert_non_null(r);
    assert_true(mdl_run_to_end(r, res));
    mdl_run_free(r);
}

/* ---- the golden log ---------------------------------------------------------------- */

/* tests/scenes/eventlog_small.cfg, worked out by hand (minutes after
 * Monday 2026-03-02 06:00, the scene's start_date and start):
 *  0:10 order PO-7 releases gear-1 and gear-2; gear-1 starts at cut (no
 *       setup: the first product there), gear-2 waits in cut's buffer.
 *  0:12 gear-1 ends at cut, goes straight to mill (5 min); gear-2 starts.
 *  0:14 gear-2 ends at cut; mill is busy and has no buffer: blocked.
 *  0:17 gear-1 ends at mill (defective: defect = 1), goes to check; gear-2
 *       unblocked, mill.
 *  0:18 check fails gear-1 (detect = 1, defect made at mill): rework pass 1
 *       back to mill, busy: blocked on check's server.
 *  0:22 gear-2 ends at mill, waits in check's buffer; gear-1 unblocked,
 *       mill again; check takes gear-2.
 *  0:23 check fails gear-2: rework pass 1, blocked on check.
 *  0:27 gear-1 ends at mill, to check's buffer; gear-2 unblocked, mill;
 *       check takes gear-1.
 *  0:28 check fails gear-1 again: max_rework = 1 reached, scrapped
 *       (rework_cap) - a unit made defective at every pass does not loop.
 *  0:30 shaft-3 arrives: setup at cut (gear -> shaft, 1 min) + 2 min.
 *  0:32 gear-2 ends at mill; check 0:32-0:33, scrapped (rework_cap).
 *  0:33 shaft-3 to pack; 0:34 shipped good.
 *  1:00 shaft-4 arrives (no setup: shaft after shaft), cut to 1:02, pack to
 *       1:03, shipped. The push source's limit (2) ends the arrivals. */
static void golden_small_scene(void **state) {
    (void)state;
    const char *out = tmp(0, "small.csv");
    EXPECT_STATUS(RUN("run", scene(0, "tests/scenes/eventlog_small.cfg"), "--events", out), 0);
    char *got = test_read_file(out);
    char gold_path[600];
    snprintf(gold_path, sizeof gold_path, "%s/tests/golden/eventlog_small.csv", LINETWIN_SOURCE_DIR);
    char *gold = test_read_file(gold_path);
    assert_non_null(got);
    assert_non_null(gold);
    assert_string_equal(got, gold);
    free(got);
    free(gold);

    /* What the log says agrees with the KPIs of the run, and the hand
     * count: two units capped, two shipped. */
    csv_log l;
    log_read(&l, out);
    mdl_model *m = load("tests/scenes/eventlog_small.cfg", NULL);
    mdl_rep_result res;
    run_rep(m, 0, &res);
    assert_int_equal(res.kpi[MDL_KPI_REWORK_CAPPED], 2);
    assert_int_equal(count(&l, "scrapped", F_DETAIL, "rework_cap"), 2);
    assert_int_equal(count(&l, "reworked", -1, NULL), 2);
    assert_int_equal(res.kpi[MDL_KPI_UNITS_OUT], 2);
    assert_int_equal(count(&l, "shipped", F_DETAIL, "good"), 2);
    /* The inspection's quality counts its rejects: check passed nothing. */
    int check = mdl_model_find_station(m, "check");
    assert_int_equal(count(&l, "inspected", F_DETAIL, "pass"), 0);
    assert_int_equal(res.station[check][MDL_SKPI_UNITS_DONE], 4);
    assert_true(res.station[check][MDL_SKPI_QUALITY] == 0.0);
    /* and mill, which made every defect, shows it: its four operations
     * were all found bad, so its quality and OEE are 0, not high. */
    int mill = mdl_model_find_station(m, "mill");
    assert_int_equal(res.station[mill][MDL_SKPI_UNITS_DONE], 4);
    assert_true(res.station[mill][MDL_SKPI_QUALITY] == 0.0);
    assert_true(res.station[mill][MDL_SKPI_OEE] == 0.0);
    fx_run_done(&res, NULL, m);
    log_free(&l);
}

/* ---- routes and counts ------------------------------------------------------------- */

/* The unit's number: what follows the last '-' of its serial. */
static size_t serial_number(const char *s) {
    const char *d = strrchr(s, '-');
    assert_non_null(d);
    return (size_t)strtoull(d + 1, NULL, 10);
}

/* Every unit starts its operations in route order; a rework sends it back
 * to the last earlier step at the rework station; it ships after the last
 * step. Returns the units checked. */
static size_t check_routes(const csv_log *l, const mdl_model *m) {
    size_t maxn = 0;
    for (size_t i = 0; i < l->n; i++)
        if (*l->rows[i].f[F_UNIT]) {
            size_t n = serial_number(l->rows[i].f[F_UNIT]);
            if (n > maxn) maxn = n;
        }
    int *step = calloc(maxn + 1, sizeof *step);
    bool *seen = calloc(maxn + 1, sizeof *seen);
    assert_non_null(step);
    assert_non_null(seen);
    size_t units = 0;
    for (size_t i = 0; i < l->n; i++) {
        const row *r = &l->rows[i];
        if (!*r->f[F_UNIT]) continue;
        size_t n = serial_number(r->f[F_UNIT]);
        int p = mdl_model_find_product(m, r->f[F_PRODUCT]);
        assert_true(p >= 0);
        int len = mdl_model_route_length(m, p);
        const char *ev = r->f[F_EVENT];
        if (strcmp(ev, "created") == 0) {
            assert_false(seen[n]); /* one serial, one unit */
            seen[n] = true;
            units++;
            continue;
        }
        assert_true(seen[n]); /* nothing happens to a unit before it exists */
        if (strcmp(ev, "started") == 0) {
            assert_true(step[n] < len);
            const char *want = mdl_model_station(m, mdl_model_route_station(m, p, step[n]))->id;
            if (strcmp(r->f[F_STATION], want) != 0)
                fprintf(stderr, "%s: started at %s, route step %d is %s\n", r->f[F_UNIT], r->f[F_STATION], step[n],
                        want);
            assert_string_equal(r->f[F_STATION], want);
        } else if (strcmp(ev, "ended") == 0) {
            step[n]++;
        } else if (strcmp(ev, "reworked") == 0) {
            int back = -1;
            for (int k = step[n] - 2; k >= 0; k--)
                if (strcmp(mdl_model_station(m, mdl_model_route_station(m, p, k))->id, r->f[F_TO]) == 0) {
                    back = k;
                    break;
                }
            assert_true(back >= 0);
            step[n] = back;
        } else if (strcmp(ev, "shipped") == 0) {
            assert_int_equal(step[n], len);
        }
    }
    free(step);
    free(seen);
    return units;
}

/* The log of replication `rep` of a scene over `horizon` from time 0
 * against the KPIs of the same replication computed here. */
static void counts_agree(const char *rel, const char *horizon, int rep) {
    const char *out = tmp(1, "counts.csv");
    char reps[16], r_s[16];
    snprintf(reps, sizeof reps, "%d", rep + 1);
    snprintf(r_s, sizeof r_s, "%d", rep);
    EXPECT_STATUS(RUN("run", scene(1, rel), "--reps", reps, "--horizon", horizon, "--warmup", "0", "--events",
                      out, "--events-rep", r_s, "-j", "2"),
                  0);
    csv_log l;
    log_read(&l, out);
    mdl_model *m = load(rel, horizon);
    mdl_rep_result res;
    run_rep(m, rep, &res);

    assert_true(res.kpi[MDL_KPI_UNITS_OUT] > 100); /* a real amount of work */
    assert_int_equal(count(&l, "shipped", F_DETAIL, "good"), res.kpi[MDL_KPI_UNITS_OUT]);
    assert_int_equal(count(&l, "shipped", F_DETAIL, "defective"), res.kpi[MDL_KPI_DEFECTIVE_OUT]);
    assert_int_equal(count(&l, "scrapped", -1, NULL), res.kpi[MDL_KPI_UNITS_SCRAPPED]);
    assert_int_equal(count(&l, "scrapped", F_DETAIL, "rework_cap"), res.kpi[MDL_KPI_REWORK_CAPPED]);
    assert_int_equal(count(&l, "released", -1, NULL), res.kpi[MDL_KPI_UNITS_RELEASED]);
    for (int s = 0; s < mdl_model_station_count(m); s++) {
        const char *id = mdl_model_station(m, s)->id;
        assert_int_equal(count(&l, "ended", F_STATION, id), res.station[s][MDL_SKPI_UNITS_DONE]);
        assert_int_equal(count(&l, "down", F_STATION, id), res.station[s][MDL_SKPI_FAILURES]);
    }
    size_t units = check_routes(&l, m);
    assert_int_equal(units, count(&l, "created", -1, NULL));
    fx_run_done(&res, NULL, m);
    log_free(&l);
}

static void counts_demo(void **state) {
    (void)state;
    counts_agree("scenes/demo.cfg", "1w", 1);
}

static void counts_retrofit(void **state) {
    (void)state;
    counts_agree("scenes/retrofit.cfg", "1w", 0);
}

static void counts_orders(void **state) {
    (void)state;
    counts_agree("scenes/orders.cfg", "2w", 0);
}

/* ---- OCEL 2.0 --------------------------------------------------------------------- */

static void validate(const char *log) {
    char cmd[2000];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/validate_ocel.py %s/tests/data/ocel20-schema-json.json %s",
             LINETWIN_SOURCE_DIR, LINETWIN_SOURCE_DIR, log);
    int rc = system(cmd);
    if (rc != 0)
        fprintf(stderr, "validate_ocel.py failed (%d); 77 << 8 means python3-jsonschema is missing: .ci/deps\n",
                rc);
    assert_int_equal(rc, 0);
}

static void ocel_valid(void **state) {
    (void)state;
    const char *scenes[][2] = {{"tests/scenes/eventlog_small.cfg", "2h"},
                               {"scenes/orders.cfg", "1w"},
                               {"scenes/retrofit.cfg", "3d"}};
    for (size_t i = 0; i < sizeof scenes / sizeof scenes[0]; i++) {
        const char *json = tmp(2, "log.jsonocel"), *csv = tmp(3, "log.csv");
        EXPECT_STATUS(RUN("run", scene(2, scenes[i][0]), "--reps", "1", "--horizon", scenes[i][1], "--warmup",
                          "0", "--events", json),
                      0);
        validate(json);
        /* The same records as the CSV: one event per row. */
        EXPECT_STATUS(RUN("run", scene(2, scenes[i][0]), "--reps", "1", "--horizon", scenes[i][1], "--warmup",
                          "0", "--events", csv),
                      0);
        csv_log l;
        log_read(&l, csv);
        char *j = test_read_file(json);
        size_t events = 0;
        for (const char *p = j; (p = strstr(p, "\n{\"id\":\"e")); p++) events++;
        assert_int_equal(events, l.n);
        free(j);
        log_free(&l);
    }
}

/* ---- failures and options --------------------------------------------------------- */

static void unwritable_log(void **state) {
    (void)state;
    const char *demo = scene(3, "scenes/demo.cfg");
    EXPECT_ERR(RUN("run", demo, "--reps", "1", "--horizon", "1d", "--warmup", "0", "--events",
                   "/nonexistent-folder/log.csv"),
               1, "/nonexistent-folder/log.csv");

    /* A folder in the way. */
    result r = RUN("run", demo, "--reps", "1", "--horizon", "1d", "--warmup", "0", "--events", tmpdir);
    expect_status(&r, 2); /* no extension: not a log format */
    result_free(&r);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/dir.csv", tmpdir);
    assert_int_equal(mkdir(sub, 0700), 0);
    EXPECT_ERR(RUN("run", demo, "--reps", "1", "--horizon", "1d", "--warmup", "0", "--events", sub), 1,
               "folder");
    rmdir(sub);

    /* A full disk half-way: exit 1, and neither the log nor a temporary
     * is left (never a half-written log). */
    int before = files_in(tmpdir);
    const char *out = tmp(4, "full.csv");
    EXPECT_ERR(
        RUN_FULL(200000, "run", demo, "--reps", "1", "--horizon", "1w", "--warmup", "0", "--events", out), 1,
        "full.csv");
    assert_int_equal(access(out, F_OK), -1);
    assert_int_equal(files_in(tmpdir), before);

    /* An earlier log stays as it was when the new one fails. */
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    fputs("old\n", f);
    fclose(f);
    EXPECT_STATUS(
        RUN_FULL(200000, "run", demo, "--reps", "1", "--horizon", "1w", "--warmup", "0", "--events", out), 1);
    char *old = test_read_file(out);
    assert_string_equal(old, "old\n");
    free(old);
    unlink(out);
}

static void bad_options(void **state) {
    (void)state;
    const char *demo = scene(4, "scenes/demo.cfg");
    EXPECT_ERR(RUN("run", demo, "--events", tmp(5, "log.txt")), 2, ".csv");
    EXPECT_ERR(RUN("run", demo, "--reps", "2", "--events", tmp(5, "log.csv"), "--events-rep", "2"), 2,
               "replications 0 to 1");
    EXPECT_ERR(RUN("run", demo, "--events-rep", "1"), 2, "--events");
    EXPECT_STATUS(RUN("compare", demo, demo, "--events", tmp(5, "log.csv")), 2);
    EXPECT_OUT(RUN("run", "--help"), 0, "--events FILE", "--events-rep R");
}

/* The log changes no number: the JSON with and without it, on 1 and 2
 * threads, is the same. */
static void log_changes_nothing(void **state) {
    (void)state;
    const char *demo = scene(5, "scenes/orders.cfg");
    EXPECT_SAME_OUT(RUN("run", demo, "--reps", "3", "--horizon", "1w", "--json", "-j", "1"),
                    RUN("run", demo, "--reps", "3", "--horizon", "1w", "--json", "-j", "2", "--events",
                        tmp(6, "x.csv"), "--events-rep", "2"));
}

/* Serials: product id, '-', the unit's number (docs/event-log.md). */
static void serial_scheme(void **state) {
    (void)state;
    mdl_model *m = load("tests/scenes/eventlog_small.cfg", NULL);
    char b[64];
    mdl_unit_serial_format(m, mdl_model_find_product(m, "shaft"), 17, b, sizeof b);
    assert_string_equal(b, "shaft-17");
    mdl_unit_serial_format(m, -1, 3, b, sizeof b);
    assert_string_equal(b, "unit-3");
    for (int k = 0; k < MDL_LOG_KIND_COUNT; k++) assert_string_not_equal(mdl_log_kind_name((mdl_log_kind)k), "?");
    mdl_model_free(m);
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown,
        cmocka_unit_test(golden_small_scene),
        cmocka_unit_test(counts_demo),
        cmocka_unit_test(counts_retrofit),
        cmocka_unit_test(counts_orders),
        cmocka_unit_test(ocel_valid),
        cmocka_unit_test(unwritable_log),
        cmocka_unit_test(bad_options),
        cmocka_unit_test(log_changes_nothing),
        cmocka_unit_test(serial_scheme),
)
