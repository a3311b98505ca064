/*
 * test_expect.h - what several model tests check the same way, each in one
 * place. Header only (it includes test_helpers.h and test_scene_text.h);
 * include after <cmocka.h> and its prerequisites <stdarg.h> <stddef.h>
 * <stdint.h> <setjmp.h>.
 *
 *   test_kpi, TEST_EXPECT_KPIS(r, want)  a table of expected KPIs of a
 *                                        replication's result, checked in one
 *                                        loop; every miss is named (its set's
 *                                        key, entity, value, expected), then
 *                                        the test fails at the caller's line
 *   TEST_EXPECT_RUN_KPIS(m, want)        the same of replication 0 of m's batch
 *                                        (its own settings, one thread)
 *   test_one_rep_scene(name, horizon, body)
 *                                        the scene of a hand-worked case: one
 *                                        replication, seed 1, over horizon,
 *                                        then body (refused: the test fails);
 *                                        _scenef: body printf-style
 *   test_run_recorded(m, until, fn, ctx) replication 0 of m run to `until`
 *                                        with the record listener fn(ctx)
 *   TEST_EXPECT_REFUSED(m, index, part) an adding function refused its input
 *                                        (returned -1) and m's error says part
 *   test_loaded(m, d)                    the model a load returned, which must
 *                                        be there (else d's problems are
 *                                        printed and the test fails); frees d
 */
#ifndef LINETWIN_TESTS_EXPECT_H
#define LINETWIN_TESTS_EXPECT_H

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_batch.h"
#include "mdl_dock.h"
#include "mdl_kpis.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_scene.h"

#include "test_helpers.h"
#include "test_scene_text.h"

/* One expected KPI: KPI `kpi` of set `set` (its enum's value) of entity
 * `entity` (the station, fleet, conveyor, AS/RS or dock; 0 for the line)
 * is `want`, exactly when tol is 0, else closer than tol. */
typedef struct test_kpi {
    mdl_kpi_set set;
    int entity, kpi;
    double want, tol;
} test_kpi;

/* The value of KPI k of set `set` of entity `entity` in r. */
static inline double test_kpi_value(const mdl_rep_result *r, mdl_kpi_set set, int entity, int k) {
    switch (set) {
    case MDL_KPIS_LINE: return r->kpi[k];
    case MDL_KPIS_STATION: return r->station[entity][k];
    case MDL_KPIS_FLEET: return mdl_rep_fleet_kpi(r, entity, (mdl_fkpi)k);
    case MDL_KPIS_CONVEYOR: return mdl_rep_conveyor_kpi(r, entity, (mdl_ckpi)k);
    case MDL_KPIS_ASRS: return mdl_rep_asrs_kpi(r, entity, (mdl_wkpi)k);
    case MDL_KPIS_DOCK: return mdl_rep_dock_kpi(r, entity, (mdl_dkpi)k);
    default: fail_msg("test_kpi_value: no accessor for KPI set %d", (int)set);
    }
    return NAN;
}

/* Every entry of want[n] holds for r; each miss is printed, then the test
 * fails at file:line (the caller's). NaN never passes. */
static inline void test_expect_kpis_at(const mdl_rep_result *r, const test_kpi *want, size_t n,
                                       const char *file, int line) {
    int misses = 0;
    for (size_t i = 0; i < n; i++) {
        const test_kpi *w = &want[i];
        double v = test_kpi_value(r, w->set, w->entity, w->kpi);
        if (v == w->want || fabs(v - w->want) < w->tol) continue;
        print_error("entry %zu: %s of %d = %.17g, expected %.17g +- %.3g\n", i, mdl_kpis_name(w->set, w->kpi),
                    w->entity, v, w->want, w->tol);
        misses++;
    }
    if (misses) _fail(file, line);
}

#define TEST_EXPECT_KPIS(r, want) \
    test_expect_kpis_at((r), (want), sizeof(want) / sizeof((want)[0]), __FILE__, __LINE__)

/* Runs m's replications with its own settings on one thread and checks
 * want[n] against the first one's result (TEST_EXPECT_RUN_KPIS). */
static inline void test_expect_run_kpis_at(const mdl_model *m, const test_kpi *want, size_t n,
                                           const char *file, int line) {
    mdl_batch *b = test_batch(m, 1);
    test_expect_kpis_at(mdl_batch_rep(b, 0), want, n, file, line);
    mdl_batch_free(b);
}

#define TEST_EXPECT_RUN_KPIS(m, want) \
    test_expect_run_kpis_at((m), (want), sizeof(want) / sizeof((want)[0]), __FILE__, __LINE__)

/* The model of the scene
 *   run = { horizon = "<horizon>"; replications = 1; seed = 1; };
 *   <fmt, printf-style, with the arguments that follow>
 * (refused: the test fails with the loader's messages). */
__attribute__((format(printf, 3, 4))) static inline mdl_model *
test_one_rep_scenef(const char *name, const char *horizon, const char *fmt, ...) {
    char text[8192];
    test_run_line((test_run){horizon, NULL, 1, 1}, text, sizeof text);
    size_t n = strlen(text);
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(text + n, sizeof text - n, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)k < sizeof text - n);
    return test_scene_text(name, text);
}

/* test_one_rep_scenef of the scene text body. */
static inline mdl_model *test_one_rep_scene(const char *name, const char *horizon, const char *body) {
    return test_one_rep_scenef(name, horizon, "%s", body);
}

/* Runs replication 0 of m (its own run settings) to `until` with the record
 * listener fn(ctx), and frees the run. */
static inline void test_run_recorded(const mdl_model *m, double until, mdl_record_fn *fn, void *ctx) {
    mdl_run *run = mdl_run_new_recorded(m, mdl_model_run(m), 0, fn, ctx);
    assert_non_null(run);
    mdl_run_until(run, until);
    mdl_run_free(run);
}

/* `index`, what one of m's adding functions returned, is -1 (refused) and
 * m's error holds `part`; else the error is printed and the test fails at
 * file:line (the caller's). */
static inline void test_expect_refused_at(const mdl_model *m, int index, const char *part, const char *file,
                                          int line) {
    const char *err = mdl_model_error(m);
    if (index == -1 && err && strstr(err, part)) return;
    print_error("returned %d, expected -1 and an error holding \"%s\"; the error: %s\n", index, part,
                err ? err : "(none)");
    _fail(file, line);
}

#define TEST_EXPECT_REFUSED(m, index, part) test_expect_refused_at((m), (index), (part), __FILE__, __LINE__)

/* m, the model a load returned with its problems in d, which must be
 * there: else the problems are printed and the test fails. Frees d. */
static inline mdl_model *test_loaded(mdl_model *m, scn_diags *d) {
    if (!m) scn_diags_print(d, stderr);
    scn_diags_free(d);
    assert_non_null(m);
    return m;
}

#endif
