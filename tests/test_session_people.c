/*
 * test_session_people.c - people as the viewer and the trainer see them
 * (mdl_people.h "live", mdl_people_zone.c): the trainer's add / remove of a
 * person through the live session (lv_session_act), headless; a removed busy
 * person finishes the task in hand; where a walking person is; the safety
 * exposure of a walking case worked out by hand; headcount per named shift.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lv_session.h"
#include "mdl_model.h"
#include "mdl_people.h"
#include "mdl_run.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "sim_dist.h"

#include "model_fixtures.h"
#include "test_main.h"

#define DEMO LINETWIN_SOURCE_DIR "/scenes/demo.cfg"
#define RETROFIT LINETWIN_SOURCE_DIR "/scenes/retrofit.cfg"

/* The walking line: model_fixtures.h (fx_walking_line, walking 1 m/s). */

static void add_zone(mdl_model *m, const char *id, double x0, double x1) {
    mdl_zone_spec z = {id, x0, -1.0, x1, 1.0, 0};
    assert_true(mdl_model_add_zone(m, &z) >= 0);
}

/* Person-hours in zones over whole cycles of 140 s (the window starts at a
 * cycle's start, 1400 s in, as in test_people.c). */
static double exposure_h(mdl_model *m) {
    mdl_rep_result res;
    fx_run_one(m, 1400.0, 1400.0 + 140.0 * 1000, mdl_model_run(m)->seed, &res);
    double e = mdl_rep_people_kpi(&res, MDL_PEOPLEKPI_SAFETY_EXPOSURE_H);
    double pool = mdl_rep_pool_kpi(&res, 0, MDL_POOLKPI_EXPOSURE_H);
    assert_true(isnan(e) ? isnan(pool) : fabs(pool - e) < 1e-12);
    mdl_rep_result_fini(&res);
    return e;
}

/*
 * Exposure by hand, per 140 s cycle (1000 cycles = 140,000 s):
 *  - a zone across the walkway, x in [2, 6]: 4 m of each walk at 1 m/s,
 *    twice: 8 s per cycle -> 8000 s = 2.2222 h;
 *  - a zone around B, x in [8, 12]: 60 s working at B plus the last and
 *    first 2 m of the walks: 64 s -> 17.7778 h;
 *  - zones x in [2, 6] and [4, 9] overlap: their union [2, 9] is 7 m of
 *    each walk, 14 s per cycle -> 3.8889 h (not 4 + 5 m: a person inside
 *    two zones at once counts once);
 *  - a zone nobody enters: 0; no zone: no figure (NAN).
 */
static void exposure_by_hand(void **state) {
    (void)state;
    struct {
        double zones[2][2];
        int n;
        double per_cycle;
    } cases[] = {
        {{{2, 6}}, 1, 8.0},
        {{{8, 12}}, 1, 64.0},
        {{{2, 6}, {4, 9}}, 2, 14.0},
        {{{20, 30}}, 1, 0.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mdl_model *m = fx_walking_line(1.0);
        for (int z = 0; z < cases[i].n; z++)
            add_zone(m, z ? "z2" : "z1", cases[i].zones[z][0], cases[i].zones[z][1]);
        double want = cases[i].per_cycle * 1000.0 / 3600.0;
        double got = exposure_h(m);
        if (fabs(got - want) > 1e-6) fail_msg("case %zu: exposure %.9f h, by hand %.9f h", i, got, want);
        mdl_model_free(m);
    }
    mdl_model *m = fx_walking_line(1.0);
    assert_true(isnan(exposure_h(m)));
    mdl_model_free(m);
}

static void zones_refuse_bad_rectangles(void **state) {
    (void)state;
    mdl_model *m = fx_walking_line(1.0);
    mdl_zone_spec z = {"flat", 0.0, 1.0, 5.0, 1.0, 0};
    assert_true(mdl_model_add_zone(m, &z) < 0);
    assert_non_null(strstr(mdl_model_error(m), "empty"));
    z = (mdl_zone_spec){"ok", 5.0, 1.0, 0.0, -1.0, 0};
    assert_true(mdl_model_add_zone(m, &z) == 0);
    assert_true(mdl_model_zone(m, 0)->x0 == 0.0 && mdl_model_zone(m, 0)->x1 == 5.0); /* corners sorted */
    assert_true(mdl_model_add_zone(m, &z) < 0);                                     /* the same id */
    mdl_model_free(m);
}

/* A run of the walking line (validated m) advanced past 1400 s, second by
 * second, until its operator is in `state`; *t: that time. */
static mdl_run *walking_run(mdl_model *m, mdl_person_state state, double *t) {
    assert_true(mdl_model_validate(m));
    mdl_run *r = mdl_run_new(m, NULL, 0);
    assert_non_null(r);
    *t = 1400.0;
    mdl_run_until(r, *t);
    while (mdl_run_person_state(r, 0, NULL) != state) mdl_run_until(r, *t += 1.0);
    return r;
}

/* A walking person is on the straight line between the stations, as far as
 * the walking speed took it since the walk began. */
static void where_a_walking_person_is(void **state) {
    (void)state;
    mdl_model *m = fx_walking_line(1.0);
    double t;
    mdl_run *r = walking_run(m, MDL_PERSON_WALKING, &t);
    double x, y;
    assert_true(mdl_run_person_where(r, 0, &x, &y));
    int dest = -1;
    mdl_run_person_state(r, 0, &dest);
    mdl_run_until(r, t + 5.0);
    assert_true(mdl_run_person_where(r, 0, &x, &y));
    assert_true(y == 0.0);
    double from_start = dest == 1 ? x : 10.0 - x; /* metres walked since the walk began */
    assert_true(from_start >= 5.0 && from_start < 6.0);
    /* Standing: at a station's centre. */
    mdl_run_until(r, t + 30.0);
    assert_true(mdl_run_person_where(r, 0, &x, &y));
    assert_true(x == 0.0 || x == 10.0);
    mdl_run_free(r);
    mdl_model_free(m);
}

/* The trainer takes the only operator off while busy: the task in hand is
 * finished (the unit completes), then nothing more is made; adding a
 * person back makes the line run again. */
static void remove_busy_person_finishes_task(void **state) {
    (void)state;
    mdl_model *m = fx_walking_line(1.0);
    double t;
    mdl_run *r = walking_run(m, MDL_PERSON_WORKING, &t);
    mdl_pool_now now;
    assert_true(mdl_run_remove_person(r, 0));
    assert_true(mdl_run_pool_now(r, 0, &now));
    assert_int_equal(now.roll, 0);
    assert_int_equal(now.leaving, 1);
    assert_int_equal(now.busy, 0);
    assert_true(mdl_run_person_state(r, 0, NULL) == MDL_PERSON_WORKING); /* still at it */
    assert_false(mdl_run_remove_person(r, 0));                          /* nobody left */
    mdl_run_until(r, t + 61.0);                                          /* the task ends */
    assert_true(mdl_run_person_state(r, 0, NULL) == MDL_PERSON_OFF);
    assert_false(mdl_run_person_where(r, 0, NULL, NULL));
    assert_true(mdl_run_pool_now(r, 0, &now));
    assert_int_equal(now.leaving, 0);
    long wip = mdl_run_wip_now(r);
    mdl_rep_result a, b;
    assert_true(mdl_rep_result_init(&a, m) && mdl_rep_result_init(&b, m));
    mdl_run_result(r, &a);
    mdl_run_until(r, t + 3600.0);
    mdl_run_result(r, &b);
    assert_true(b.kpi[MDL_KPI_UNITS_OUT] == a.kpi[MDL_KPI_UNITS_OUT]); /* nobody works */
    assert_true(mdl_run_pool_now(r, 0, &now) && now.waiting >= 1);
    /* Back: the same person (number 0) takes the waiting work at once. */
    assert_true(mdl_run_add_person(r, 0));
    assert_true(mdl_run_person_state(r, 0, NULL) != MDL_PERSON_OFF);
    mdl_run_until(r, t + 7200.0);
    mdl_run_result(r, &a);
    assert_true(a.kpi[MDL_KPI_UNITS_OUT] > b.kpi[MDL_KPI_UNITS_OUT]);
    assert_true(mdl_run_wip_now(r) <= wip + 1);
    /* At most headcount + MDL_PERSON_SPARE on the roll; spares are new places. */
    int added = 0;
    while (mdl_run_add_person(r, 0)) added++;
    assert_int_equal(added, MDL_PERSON_SPARE);
    assert_int_equal(mdl_run_person_count(r), 1 + MDL_PERSON_SPARE);
    assert_int_equal(mdl_run_person_pool(r, MDL_PERSON_SPARE), 0);
    mdl_rep_result_fini(&a);
    fx_run_done(&b, r, m);
}

static const char *last_log(const lv_session *s) {
    int n = lv_session_log_count(s);
    return n > 0 ? lv_session_log_line(s, n - 1, NULL, NULL, NULL) : "";
}

/* The session's person actions: the pool's roll changes in the run and the
 * log says so; Shift (all panes) acts on the pool of the same id in the
 * retrofit; a pool index out of range or a full roll is refused. */
static void session_adds_and_removes_people(void **state) {
    (void)state;
    lv_session_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.models[0] = fx_load_file(DEMO);
    cfg.models[1] = fx_load_file(RETROFIT);
    char err[256];
    lv_session *s = lv_session_new(&cfg, err, sizeof err);
    assert_non_null(s);
    lv_session_advance_to(s, 8 * 3600.0);
    const mdl_model *base = lv_session_model(s, 0), *retro = lv_session_model(s, 1);
    int q = mdl_model_find_pool(base, "assemblers"), q2 = mdl_model_find_pool(retro, "assemblers");
    assert_true(q >= 0 && q2 >= 0);
    mdl_pool_now a, b;
    assert_true(mdl_run_pool_now(lv_session_run(s, 0), q, &a));
    assert_true(mdl_run_pool_now(lv_session_run(s, 1), q2, &b));
    assert_true(lv_session_act(s, LV_ACT_ADD_PERSON, 0, q, true));
    mdl_pool_now a2, b2;
    assert_true(mdl_run_pool_now(lv_session_run(s, 0), q, &a2));
    assert_true(mdl_run_pool_now(lv_session_run(s, 1), q2, &b2));
    assert_int_equal(a2.roll, a.roll + 1);
    assert_int_equal(b2.roll, b.roll + 1);
    char want[80];
    snprintf(want, sizeof want, "pool assemblers: people %d -> %d", b.roll, b.roll + 1);
    assert_non_null(strstr(last_log(s), want));
    assert_true(lv_session_act(s, LV_ACT_REMOVE_PERSON, 0, q, false));
    assert_true(mdl_run_pool_now(lv_session_run(s, 0), q, &a2));
    assert_int_equal(a2.roll, a.roll);
    assert_false(lv_session_act(s, LV_ACT_ADD_PERSON, 0, mdl_model_pool_count(base), false));
    while (lv_session_act(s, LV_ACT_ADD_PERSON, 0, q, false)) {
    }
    assert_true(mdl_run_pool_now(lv_session_run(s, 0), q, &a2));
    assert_int_equal(a2.roll, a2.max_roll);
    assert_int_equal(a2.max_roll, mdl_model_pool(base, q)->headcount + MDL_PERSON_SPARE);
    /* The run goes on with them (no crash, people keep working). */
    lv_session_advance_to(s, 30 * 3600.0);
    lv_session_sync(s);
    assert_true(mdl_rep_pool_kpi(lv_session_result(s, 0), q, MDL_POOLKPI_HEADCOUNT) == (double)a2.roll);
    lv_session_free(s);
}

/* demo.cfg: 14 people in three pools, all on the line's two-shift
 * calendar (shifts "early" and "late"): 14 on the roll of each shift. */
static void headcount_per_shift(void **state) {
    (void)state;
    mdl_model *m = fx_load_file(DEMO);
    const char *names[8];
    int counts[8];
    int n = mdl_model_headcount_by_shift(m, names, counts, 8);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "early");
    assert_string_equal(names[1], "late");
    assert_int_equal(counts[0], 14);
    assert_int_equal(counts[1], 14);
    mdl_model_free(m);
    /* No calendar: "all day". */
    m = fx_walking_line(1.0);
    n = mdl_model_headcount_by_shift(m, names, counts, 8);
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "all day");
    assert_int_equal(counts[0], 1);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(exposure_by_hand),
        cmocka_unit_test(zones_refuse_bad_rectangles),
        cmocka_unit_test(where_a_walking_person_is),
        cmocka_unit_test(remove_busy_person_finishes_task),
        cmocka_unit_test(session_adds_and_removes_people),
        cmocka_unit_test(headcount_per_shift),
)
