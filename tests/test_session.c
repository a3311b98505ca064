/*
 * test_session.c - the live session (live/lv_session.h) driven headless,
 * with no SDL: the clock by wall-clock ticks at a speed, pause and step,
 * restart, the equality with a headless run, reload of a changed scene,
 * trainer actions, the two-pane compare on one clock, the history and the
 * event log.
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
#include <unistd.h>

#include "lv_session.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "test_helpers.h"
#include "model_fixtures.h"
#include "test_main.h"

#define DEMO LINETWIN_SOURCE_DIR "/scenes/demo.cfg"
#define RETROFIT LINETWIN_SOURCE_DIR "/scenes/retrofit.cfg"
#define TRANSPORT LINETWIN_SOURCE_DIR "/tests/scenes/transport.cfg"

static lv_session *session2(const char *base, const char *retrofit) {
    lv_session_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.models[0] = fx_load_file(base);
    cfg.models[1] = retrofit ? fx_load_file(retrofit) : NULL;
    char err[256];
    lv_session *s = lv_session_new(&cfg, err, sizeof err);
    if (!s)
        fail_msg("lv_session_new: %s", err);
    return s;
}

static lv_session *session1(const char *path) {
    return session2(path, NULL);
}

/* The session's pane against a fresh headless run of the same model to the
 * session's time. */
static void assert_equals_headless(lv_session *s, int pane) {
    fx_same_as_headless(lv_session_model(s, pane), lv_session_run(s, pane), lv_session_now(s));
}

static bool log_has(const lv_session *s, const char *needle, lv_log_level *level) {
    for (int i = 0; i < lv_session_log_count(s); i++) {
        lv_log_level l;
        const char *line = lv_session_log_line(s, i, NULL, &l, NULL);
        if (strstr(line, needle)) {
            if (level)
                *level = l;
            return true;
        }
    }
    return false;
}

/* ---- the clock ----------------------------------------------------------- */

static void test_ticks_at_a_speed(void **state) {
    (void)state;
    lv_session *s = session1(DEMO);
    assert_true(lv_session_speed(s) == 60.0); /* the default */
    assert_false(lv_session_paused(s));
    for (int i = 0; i < 10; i++)
        lv_session_tick(s, 0.1);
    assert_near(lv_session_now(s), 60.0, 1e-9);
    /* A stalled caller: one tick accounts for LV_MAX_TICK_S at most. */
    lv_session_tick(s, 30.0);
    assert_near(lv_session_now(s), 60.0 + LV_MAX_TICK_S * 60.0, 1e-9);
    double t = lv_session_now(s);
    lv_session_tick(s, -1.0); /* a clock going backwards: nothing */
    lv_session_tick(s, NAN);
    assert_true(lv_session_now(s) == t);
    /* The speed steps of + and -. */
    assert_true(lv_session_speed_step(s, +1));
    assert_true(lv_session_speed(s) == 600.0);
    lv_session_tick(s, 0.2);
    assert_near(lv_session_now(s), t + 120.0, 1e-9);
    assert_true(lv_session_speed_step(s, -1));
    assert_true(lv_session_speed_step(s, -1));
    assert_true(lv_session_speed(s) == 10.0);
    assert_true(lv_session_speed_step(s, -1));
    assert_false(lv_session_speed_step(s, -1)); /* 1x is the slowest step */
    assert_true(lv_session_speed(s) == 1.0);
    lv_session_set_speed(s, 0.0);  /* ignored */
    lv_session_set_speed(s, -5.0); /* ignored */
    assert_true(lv_session_speed(s) == 1.0);
    int n = 0;
    const double *steps = lv_session_speed_steps(&n);
    assert_int_equal(n, 6);
    assert_true(isinf(steps[n - 1]));
    lv_session_free(s);
}

/* A fake real-time clock: each reading is 1 ms later. */
static double fake_clock(void *ctx) {
    double *t = ctx;
    *t += 0.001;
    return *t;
}

static void test_max_speed_runs_to_the_horizon(void **state) {
    (void)state;
    lv_session *s = session1(TRANSPORT);
    double fake = 0.0;
    lv_session_set_budget_clock(s, fake_clock, &fake);
    lv_session_set_speed(s, INFINITY);
    double last = 0.0;
    int ticks = 0;
    while (!lv_session_finished(s) && ticks < 100000) {
        double now = lv_session_tick(s, 1.0 / 60.0);
        assert_true(now > last); /* every tick at max gets somewhere */
        last = now;
        ticks++;
    }
    assert_true(lv_session_finished(s));
    assert_true(lv_session_now(s) == lv_session_horizon(s));
    /* The horizon stops the clock; ticks after it do nothing. */
    lv_session_tick(s, 1.0);
    assert_true(lv_session_now(s) == lv_session_horizon(s));
    assert_equals_headless(s, 0);
    lv_session_free(s);
}

static void test_pause_and_step(void **state) {
    (void)state;
    lv_session *s = session1(DEMO);
    lv_session_advance_to(s, 3600.0);
    lv_session_set_paused(s, true);
    for (int i = 0; i < 5; i++)
        lv_session_tick(s, 0.1);
    assert_true(lv_session_now(s) == 3600.0); /* paused: the clock stands */
    lv_session_set_paused(s, false);
    double next = mdl_run_next_event(lv_session_run(s, 0));
    assert_true(next > 3600.0);
    double t = lv_session_step_paused(s);
    assert_true(lv_session_paused(s)); /* the step key pauses */
    assert_true(t == next);
    assert_true(lv_session_now(s) == next);
    /* Steps never go backwards and stay on a headless run's track. */
    for (int i = 0; i < 50; i++) {
        double before = lv_session_now(s);
        assert_true(lv_session_step(s) >= before);
    }
    assert_equals_headless(s, 0);
    lv_session_free(s);
}

/* ---- determinism --------------------------------------------------------- */

static void test_session_equals_headless_run(void **state) {
    (void)state;
    lv_session *s = session1(DEMO);
    /* Wall-clock ticks at changing speeds, uneven frame times, a pause. */
    const double speeds[] = {60.0, 600.0, 3600.0, 10.0, 3600.0};
    for (int k = 0; k < 5; k++) {
        lv_session_set_speed(s, speeds[k]);
        for (int i = 0; i < 40; i++)
            lv_session_tick(s, i % 3 == 0 ? 1.0 / 30.0 : 1.0 / 61.0);
        if (k == 2) {
            lv_session_set_paused(s, true);
            lv_session_tick(s, 0.2);
            lv_session_set_paused(s, false);
        }
    }
    assert_true(lv_session_now(s) > 3600.0);
    assert_equals_headless(s, 0);
    /* Further on, past warm-up, with results being collected. */
    lv_session_advance_to(s, 8.0 * 86400.0 + 0.5);
    lv_session_tick(s, 0.01);
    assert_equals_headless(s, 0);
    /* The KPI cache is the run's result. */
    assert_null(lv_session_result(s, 0));
    lv_session_sync(s);
    const mdl_rep_result *r = lv_session_result(s, 0);
    assert_non_null(r);
    mdl_rep_result b;
    assert_true(mdl_rep_result_init(&b, lv_session_model(s, 0)));
    mdl_run_result(lv_session_run(s, 0), &b);
    fx_same_result(r, &b);
    mdl_rep_result_fini(&b);
    lv_session_free(s);
}

static void test_restart_equals_a_fresh_run(void **state) {
    (void)state;
    lv_session *s = session1(TRANSPORT);
    lv_session_advance_to(s, 7200.0);
    /* Trainer actions change this run... */
    assert_true(lv_session_act(s, LV_ACT_BREAK, 0, 1, false));
    assert_true(lv_session_act(s, LV_ACT_FLEET_FASTER, 0, 0, false));
    lv_session_advance_to(s, 9000.0);
    assert_true(lv_session_log_count(s) > 0);
    unsigned gen = lv_session_generation(s);
    /* ... and a restart forgets them: time 0, the scene's settings. */
    assert_true(lv_session_restart(s));
    assert_true(lv_session_generation(s) != gen);
    assert_true(lv_session_now(s) == 0.0);
    assert_int_equal(lv_session_log_count(s), 1);
    assert_string_equal(lv_session_log_line(s, 0, NULL, NULL, NULL), "restarted at time 0");
    assert_true(mdl_run_fleet_speed(lv_session_run(s, 0), 0) == 1.0);
    assert_int_equal(lv_session_history(s, 0)->count, 1);
    assert_true(lv_session_exits(s, 0) == 0.0);
    lv_session_advance_to(s, 20000.0);
    assert_equals_headless(s, 0);

    lv_session *fresh = session1(TRANSPORT);
    lv_session_advance_to(fresh, 20000.0);
    fx_same_runs(lv_session_model(s, 0), lv_session_run(s, 0), lv_session_model(fresh, 0),
                 lv_session_run(fresh, 0));
    assert_true(lv_session_exits(s, 0) == lv_session_exits(fresh, 0));
    const lv_history *ha = lv_session_history(s, 0), *hb = lv_session_history(fresh, 0);
    assert_int_equal(ha->count, hb->count);
    assert_memory_equal(ha->wip, hb->wip, sizeof *ha->wip * (size_t)ha->count);
    lv_session_free(fresh);
    lv_session_free(s);
}

/* ---- two panes on one clock ---------------------------------------------- */

static void test_compare_on_one_clock(void **state) {
    (void)state;
    lv_session *s = session2(DEMO, RETROFIT);
    assert_int_equal(lv_session_pane_count(s), 2);
    assert_string_equal(lv_session_label(s, 0), "BASE");
    assert_string_equal(lv_session_label(s, 1), "RETROFIT");
    lv_session_set_speed(s, 3600.0);
    for (int i = 0; i < 120; i++)
        lv_session_tick(s, 1.0 / 60.0);
    assert_near(lv_session_now(s), 7200.0, 1e-6);
    /* Both runs stand at the session's time, each as its headless run. */
    assert_true(mdl_run_now(lv_session_run(s, 0)) == lv_session_now(s));
    assert_true(mdl_run_now(lv_session_run(s, 1)) == lv_session_now(s));
    assert_equals_headless(s, 0);
    assert_equals_headless(s, 1);
    /* Histories sampled at the same instants. */
    const lv_history *h0 = lv_session_history(s, 0), *h1 = lv_session_history(s, 1);
    assert_int_equal(h0->count, h1->count);
    assert_int_equal(h0->count, (int)(7200.0 / LV_SAMPLE_S) + 1);
    for (int i = 0; i < h0->count; i++) {
        assert_true(h0->t[i] == (double)i * LV_SAMPLE_S);
        assert_true(h1->t[i] == h0->t[i]);
    }
    /* The same scene twice: common random numbers, identical panes. */
    lv_session *twin = session2(DEMO, DEMO);
    lv_session_advance_to(twin, 86400.0);
    fx_same_runs(lv_session_model(twin, 0), lv_session_run(twin, 0), lv_session_model(twin, 1),
                 lv_session_run(twin, 1));
    lv_session_free(twin);
    lv_session_free(s);
}

/* ---- trainer actions ----------------------------------------------------- */

static void test_trainer_actions(void **state) {
    (void)state;
    lv_session *s = session2(DEMO, RETROFIT);
    lv_session_advance_to(s, 8.0 * 3600.0);
    const mdl_model *m = lv_session_model(s, 0);
    int cnc = mdl_model_find_station(m, "cnc_op10");
    int cnc_r = mdl_model_find_station(lv_session_model(s, 1), "cnc_op10");
    assert_true(cnc >= 0 && cnc_r >= 0);
    mdl_run *run = lv_session_run(s, 0);

    /* Break: every server down, logged as an action; twice is refused. */
    assert_true(lv_session_act(s, LV_ACT_BREAK, 0, cnc, false));
    for (int k = 0; k < mdl_run_servers(run, cnc); k++)
        assert_int_equal(mdl_run_server_state(run, cnc, k), MDL_STATE_DOWN);
    lv_log_level level;
    assert_true(log_has(s, "you broke cnc_op10 (BASE)", &level));
    assert_int_equal(level, LV_LOG_ACTION);
    assert_false(lv_session_act(s, LV_ACT_BREAK, 0, cnc, false));
    assert_false(log_has(s, "(RETROFIT)", NULL)); /* the other line untouched */
    lv_session_advance_to(s, 8.5 * 3600.0);
    assert_int_equal(lv_station_state(run, cnc), MDL_STATE_DOWN);
    assert_true(lv_session_act(s, LV_ACT_REPAIR, 0, cnc, false));
    assert_true(log_has(s, "you repaired cnc_op10 (BASE)", NULL));
    assert_false(lv_session_act(s, LV_ACT_REPAIR, 0, cnc, false));

    /* Servers: down to one, never below; back up to the run's maximum. */
    int n = mdl_run_servers(run, cnc), max = mdl_run_max_servers(run, cnc);
    for (int k = n; k > 1; k--)
        assert_true(lv_session_act(s, LV_ACT_REMOVE_SERVER, 0, cnc, false));
    assert_int_equal(mdl_run_servers(run, cnc), 1);
    assert_false(lv_session_act(s, LV_ACT_REMOVE_SERVER, 0, cnc, false));
    for (int k = 1; k < max; k++)
        assert_true(lv_session_act(s, LV_ACT_ADD_SERVER, 0, cnc, false));
    assert_int_equal(mdl_run_servers(run, cnc), max);
    assert_false(lv_session_act(s, LV_ACT_ADD_SERVER, 0, cnc, false));

    /* In both lines: the station of the same id in the other pane. */
    assert_true(lv_session_act(s, LV_ACT_BREAK, 0, cnc, true));
    assert_true(log_has(s, "you broke cnc_op10 (RETROFIT)", NULL));
    assert_int_equal(lv_station_state(lv_session_run(s, 1), cnc_r), MDL_STATE_DOWN);

    /* Nonsense targets change nothing. */
    assert_false(lv_session_act(s, LV_ACT_BREAK, 0, -1, false));
    assert_false(lv_session_act(s, LV_ACT_BREAK, 0, mdl_model_station_count(m), false));
    assert_false(lv_session_act(s, LV_ACT_BREAK, 5, 0, false));
    lv_session_free(s);
}

static void test_fleet_speed_actions(void **state) {
    (void)state;
    lv_session *s = session1(TRANSPORT);
    lv_session_advance_to(s, 3600.0);
    mdl_run *run = lv_session_run(s, 0);
    assert_true(mdl_run_fleet_speed(run, 0) == 1.0);
    assert_true(lv_session_act(s, LV_ACT_FLEET_FASTER, 0, 0, false));
    assert_true(mdl_run_fleet_speed(run, 0) == 1.25);
    assert_true(log_has(s, "fleet agv: speed \xC3\x97" "1 -> \xC3\x97" "1.25", NULL));
    static const double steps[] = LV_FLEET_SPEED_STEPS;
    const int nsteps = (int)(sizeof steps / sizeof steps[0]);
    while (lv_session_act(s, LV_ACT_FLEET_FASTER, 0, 0, false)) {
    }
    assert_true(mdl_run_fleet_speed(run, 0) == steps[nsteps - 1]);
    while (lv_session_act(s, LV_ACT_FLEET_SLOWER, 0, 0, false)) {
    }
    assert_true(mdl_run_fleet_speed(run, 0) == steps[0]);
    assert_false(lv_session_act(s, LV_ACT_FLEET_FASTER, 0, 1, false)); /* no fleet 1 */
    lv_session_free(s);
}

/* ---- reload -------------------------------------------------------------- */

typedef struct file_loader {
    const char *path;
    int calls;
} file_loader;

static mdl_model *load_file(void *ctx, int pane, char *err, size_t err_size) {
    file_loader *fl = ctx;
    (void)pane;
    fl->calls++;
    scn_diags *d = scn_diags_new();
    mdl_model *m = scn_load_file(fl->path, NULL, 0, d);
    if (!m)
        snprintf(err, err_size, "%s", scn_diags_count(d) ? scn_diags_get(d, 0) : "?");
    scn_diags_free(d);
    return m;
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* text with the first `from` replaced by `to` (caller frees). */
static char *replace(const char *text, const char *from, const char *to) {
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t n = strlen(text) - strlen(from) + strlen(to);
    char *out = malloc(n + 1);
    assert_non_null(out);
    size_t head = (size_t)(at - text);
    memcpy(out, text, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

static void test_reload_a_changed_scene(void **state) {
    (void)state;
    char dir[] = "/tmp/linetwin-session-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/line.cfg", dir);
    char *orig = test_read_file(TRANSPORT);
    assert_non_null(orig);
    write_text(path, orig);
    lv_session *s = session1(path);
    int mill = mdl_model_find_station(lv_session_model(s, 0), "mill");
    assert_int_equal(mdl_run_servers(lv_session_run(s, 0), mill), 2);
    lv_session_advance_to(s, 5000.0);

    /* No loader: logged, nothing changes. */
    assert_false(lv_session_reload(s, NULL, NULL));
    assert_true(log_has(s, "no scene file to reload", NULL));
    assert_true(lv_session_now(s) == 5000.0);

    /* A changed file: the new line, restarted at time 0 on the old seed. */
    char *changed = replace(orig, "servers = 2;", "servers = 3;");
    write_text(path, changed);
    file_loader fl = {path, 0};
    unsigned gen = lv_session_generation(s);
    assert_true(lv_session_reload(s, load_file, &fl));
    assert_int_equal(fl.calls, 1);
    assert_true(lv_session_generation(s) != gen);
    assert_true(lv_session_now(s) == 0.0);
    mill = mdl_model_find_station(lv_session_model(s, 0), "mill");
    assert_int_equal(mdl_run_servers(lv_session_run(s, 0), mill), 3);
    assert_int_equal(lv_session_log_count(s), 1);
    assert_string_equal(lv_session_log_line(s, 0, NULL, NULL, NULL), "scene reloaded from disk");
    lv_session_advance_to(s, 5000.0);
    assert_equals_headless(s, 0);

    /* A broken file: the old line keeps running, the reason is logged. */
    char *broken = replace(orig, "servers = 2;", "servers = \"two\";");
    write_text(path, broken);
    gen = lv_session_generation(s);
    assert_false(lv_session_reload(s, load_file, &fl));
    assert_true(lv_session_generation(s) == gen);
    assert_true(lv_session_now(s) == 5000.0);
    assert_int_equal(mdl_run_servers(lv_session_run(s, 0), mill), 3);
    lv_log_level level;
    assert_true(log_has(s, "reload failed: ", &level));
    assert_int_equal(level, LV_LOG_ERROR);
    assert_true(log_has(s, path, NULL)); /* file:line: subject: message */
    lv_session_tick(s, 0.1);
    assert_true(lv_session_now(s) > 5000.0);

    free(broken);
    free(changed);
    free(orig);
    lv_session_free(s);
    unlink(path);
    rmdir(dir);
}

/* ---- history and log ------------------------------------------------------ */

static void test_history_and_log(void **state) {
    (void)state;
    lv_session *s = session1(DEMO);
    const lv_history *h = lv_session_history(s, 0);
    assert_int_equal(h->count, 1); /* the sample at time 0 */
    /* Uneven ticks still sample exactly every LV_SAMPLE_S. */
    lv_session_set_speed(s, 600.0);
    for (int i = 0; i < 300; i++)
        lv_session_tick(s, i % 2 ? 0.013 : 0.021);
    double now = lv_session_now(s);
    assert_int_equal(h->count, (int)floor(now / LV_SAMPLE_S) + 1);
    for (int i = 0; i < h->count; i++)
        assert_true(h->t[i] == (double)i * LV_SAMPLE_S);
    assert_int_equal(h->nst, mdl_model_station_count(lv_session_model(s, 0)));
    /* A long run keeps at least the span, at most twice it. */
    lv_session_advance_to(s, 3.0 * 86400.0);
    assert_true((double)(h->count - 1) * LV_SAMPLE_S >= LV_HISTORY_SPAN_S);
    assert_true(h->count <= h->cap);
    assert_true(h->t[h->count - 1] == lv_session_now(s));

    /* The log keeps the last LV_LOG_CAP lines, oldest first. */
    for (int i = 0; i < LV_LOG_CAP + 10; i++)
        lv_session_log(s, -1, LV_LOG_INFO, "line %d", i);
    assert_int_equal(lv_session_log_count(s), LV_LOG_CAP);
    char want[32];
    snprintf(want, sizeof want, "line %d", LV_LOG_CAP + 9);
    assert_string_equal(lv_session_log_line(s, LV_LOG_CAP - 1, NULL, NULL, NULL), want);
    assert_null(lv_session_log_line(s, LV_LOG_CAP, NULL, NULL, NULL));
    assert_null(lv_session_log_line(s, -1, NULL, NULL, NULL));
    /* The same line at the same instant is kept once. */
    lv_session_log(s, 0, LV_LOG_INFO, "shift early on");
    lv_session_log(s, 0, LV_LOG_INFO, "shift early on");
    int same = 0;
    for (int i = 0; i < lv_session_log_count(s); i++)
        same += strcmp(lv_session_log_line(s, i, NULL, NULL, NULL), "shift early on") == 0;
    assert_int_equal(same, 1);
    double t;
    int pane;
    lv_session_log_line(s, lv_session_log_count(s) - 1, &t, NULL, &pane);
    assert_int_equal(pane, 0);
    assert_true(t == lv_session_now(s));
    lv_session_free(s);
}

static void test_bad_config(void **state) {
    (void)state;
    char err[128];
    assert_null(lv_session_new(NULL, err, sizeof err));
    assert_true(strstr(err, "no model") != NULL);
    lv_session_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.models[1] = fx_load_file(DEMO); /* a retrofit without a base: freed, refused */
    assert_null(lv_session_new(&cfg, err, sizeof err));
    lv_session_free(NULL);
}

/* The trainer's failure mode (issue 16): N chooses, M fails the chosen
 * mode (and keeps it), the inspector reads the choice. */
static void test_chosen_failure_mode(void **state) {
    (void)state;
    lv_session *s = session1(DEMO);
    lv_session_advance_to(s, 8.0 * 3600.0);
    int cnc = mdl_model_find_station(lv_session_model(s, 0), "cnc_op10");
    int saw = mdl_model_find_station(lv_session_model(s, 0), "saw");
    assert_int_equal(lv_session_chosen_mode(s, 0, cnc), 0);
    assert_int_equal(lv_session_chosen_mode(s, 0, saw), -1); /* no failure modes */
    assert_false(lv_session_act(s, LV_ACT_NEXT_MODE, 0, saw, false));
    assert_true(lv_session_act(s, LV_ACT_NEXT_MODE, 0, cnc, true)); /* once, even for both lines */
    assert_int_equal(lv_session_chosen_mode(s, 0, cnc), 1);
    lv_log_level level;
    assert_true(log_has(s, "M now fails cnc_op10: mode tooling", &level));
    assert_true(lv_session_act(s, LV_ACT_FAIL_MODE, 0, cnc, false));
    assert_true(log_has(s, "you failed cnc_op10: mode tooling", &level));
    assert_int_equal(lv_session_chosen_mode(s, 0, cnc), 1); /* the choice stays */
    assert_true(lv_session_act(s, LV_ACT_NEXT_MODE, 0, cnc, false));
    assert_int_equal(lv_session_chosen_mode(s, 0, cnc), 0); /* in turn, back to the first */
    lv_session_free(s);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_ticks_at_a_speed),
        cmocka_unit_test(test_max_speed_runs_to_the_horizon),
        cmocka_unit_test(test_pause_and_step),
        cmocka_unit_test(test_session_equals_headless_run),
        cmocka_unit_test(test_restart_equals_a_fresh_run),
        cmocka_unit_test(test_compare_on_one_clock),
        cmocka_unit_test(test_trainer_actions),
        cmocka_unit_test(test_fleet_speed_actions),
        cmocka_unit_test(test_reload_a_changed_scene),
        cmocka_unit_test(test_history_and_log),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_chosen_failure_mode),
)
