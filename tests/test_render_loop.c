/*
 * test_render_loop.c - the viewer's frame loop, driven by injected SDL
 * events and a fake wall clock, in a window of SDL's dummy video driver.
 *
 * Holds: a run advanced by the viewer loop to T (no trainer actions) has
 * exactly the KPIs of a headless run to T; pause, step, speed keys,
 * click-to-inspect, break / repair / server changes, restart, reload,
 * screenshot, pan and zoom change what they should; a few hundred frames
 * end cleanly.
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

#define SDL_MAIN_HANDLED
#include <SDL.h>
#include <SDL_image.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "rnd_view.h"
#include "rnd_viewer.h"

#include "render_events.h"
#include "render_fixtures.h"
#include "test_main.h"
#include "model_fixtures.h"

/* Three stations: breakdowns at the saw, servers at the cnc (which only
 * the trainer breaks, so its state after a repair is known), push release. */
static mdl_model *loop_line(int cnc_servers) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    assert_true(mdl_model_set_name(m, "Loop line"));
    const fx_station_row rows[] = {
        {"saw", sim_dist_lognormal(170.0, 25.0), 3.0, 4.0, .buffer = 10, .mtbf_s = 3.0 * 3600.0,
         .mttr_s = 900.0, .power = {[MDL_STATE_IDLE] = 1.0, [MDL_STATE_BUSY] = 7.5}},
        {"cnc", sim_dist_tnormal(300.0, 40.0), 8.0, 4.0, .servers = cnc_servers, .buffer = 6, .scrap = 0.02,
         .power = {[MDL_STATE_BUSY] = 11.0}},
        {"pack", sim_dist_const(120.0), .x = 13.0, .y = 4.0},
    };
    for (int i = 0; i < 3; i++) {
        mdl_station_spec s = fx_row_station(&rows[i]);
        assert_int_equal(mdl_model_add_station(m, &s), i);
    }
    const char *route[] = {"saw", "cnc", "pack"};
    assert_int_equal(mdl_model_add_product(m, "part", route, 3, 0), 0);
    assert_true(mdl_model_add_push(m, 0, sim_dist_exp(200.0), 0.0, 0) >= 0);
    mdl_run_settings rs = {3.0 * 86400.0, 3600.0, 1, 11, 0.0};
    assert_true(mdl_model_set_run(m, &rs));
    assert_true(mdl_model_validate(m));
    return m;
}


/* Smaller than the default window: quicker frames, the same code. */
static rnd_viewer *new_viewer(mdl_model *base, mdl_model *retrofit, fake_clock *clk, double speed) {
    return fake_viewer(base, retrofit, clk, 960, 540, speed, false);
}

static void frames(rnd_viewer *vw, int n) {
    for (int i = 0; i < n; i++)
        assert_true(rnd_viewer_frame(vw));
}

static void check_against_headless(rnd_viewer *vw, int pane) {
    rnd_view *v = rnd_viewer_view(vw);
    fx_same_as_headless(rnd_view_model(v, pane), rnd_view_run(v, pane), lv_session_now(rnd_view_session_const(v)));
}

/* The viewer at 3600x for 300 frames of 1/60 s reaches 5 h. */
static void test_viewer_equals_headless(void **state) {
    (void)state;
    fake_clock clk = {0.0, 1.0 / 60.0};
    rnd_viewer *vw = new_viewer(loop_line(2), NULL, &clk, 3600.0);
    frames(vw, 300);
    rnd_view *v = rnd_viewer_view(vw);
    assert_true(fabs(lv_session_now(rnd_view_session_const(v)) - 5.0 * 3600.0) < 1e-6);
    check_against_headless(vw, 0);
    /* And at a time that is not a sampling instant nor a frame boundary of
     * the first part: pause, step a few events, continue at 10x. */
    push_key(SDLK_PERIOD, KMOD_NONE);
    push_key(SDLK_PERIOD, KMOD_NONE);
    frames(vw, 1);
    assert_true(rnd_viewer_paused(vw));
    push_key(SDLK_SPACE, KMOD_NONE);
    push_key(SDLK_2, KMOD_NONE);
    frames(vw, 37);
    assert_true(rnd_viewer_speed(vw) == 10.0);
    check_against_headless(vw, 0);
    /* At max speed the clock goes far; still the same state. */
    push_key(SDLK_6, KMOD_NONE);
    frames(vw, 20);
    assert_true(isinf(rnd_viewer_speed(vw)));
    assert_true(lv_session_now(rnd_view_session_const(v)) > 6.0 * 3600.0);
    check_against_headless(vw, 0);
    rnd_viewer_free(vw);
}

static void test_side_by_side_same_clock(void **state) {
    (void)state;
    fake_clock clk = {0.0, 1.0 / 60.0};
    rnd_viewer *vw = new_viewer(loop_line(1), loop_line(2), &clk, 600.0);
    frames(vw, 120);
    rnd_view *v = rnd_viewer_view(vw);
    assert_int_equal(rnd_view_pane_count(v), 2);
    assert_true(mdl_run_now(rnd_view_run(v, 0)) == mdl_run_now(rnd_view_run(v, 1)));
    assert_true(fabs(lv_session_now(rnd_view_session_const(v)) - 120.0 / 60.0 * 600.0) < 1e-6);
    check_against_headless(vw, 0);
    check_against_headless(vw, 1);
    /* Tab: split -> base -> retrofit -> split. */
    push_key(SDLK_TAB, KMOD_NONE);
    frames(vw, 1);
    assert_int_equal(rnd_view_mode(v), RND_MODE_FIRST);
    push_key(SDLK_TAB, KMOD_NONE);
    push_key(SDLK_TAB, KMOD_NONE);
    frames(vw, 1);
    assert_int_equal(rnd_view_mode(v), RND_MODE_SPLIT);
    /* Shift+B breaks the station of that id in both lines. */
    rnd_view_select(v, 1, 1);
    push_key(SDLK_b, KMOD_LSHIFT);
    frames(vw, 1);
    assert_int_equal(mdl_run_server_state(rnd_view_run(v, 0), 1, 0), MDL_STATE_DOWN);
    assert_int_equal(mdl_run_server_state(rnd_view_run(v, 1), 1, 0), MDL_STATE_DOWN);
    assert_int_equal(mdl_run_server_state(rnd_view_run(v, 1), 1, 1), MDL_STATE_DOWN);
    push_key(SDLK_u, KMOD_LSHIFT);
    frames(vw, 1);
    assert_int_not_equal(mdl_run_server_state(rnd_view_run(v, 0), 1, 0), MDL_STATE_DOWN);
    assert_int_not_equal(mdl_run_server_state(rnd_view_run(v, 1), 1, 0), MDL_STATE_DOWN);
    rnd_viewer_free(vw);
}

static int reload_calls;

static mdl_model *reload_ok(void *ctx, int pane, char *err, size_t n) {
    (void)ctx;
    (void)pane;
    (void)err;
    (void)n;
    reload_calls++;
    return loop_line(3);
}

static mdl_model *reload_fails(void *ctx, int pane, char *err, size_t n) {
    (void)ctx;
    (void)pane;
    reload_calls++;
    snprintf(err, n, "line.cfg:7: station 'cnc': servers: must be >= 1, got 0");
    return NULL;
}

static bool log_has(rnd_view *v, const char *needle) {
    for (int i = 0; i < rnd_view_log_count(v); i++)
        if (strstr(rnd_view_log_line(v, i, NULL, NULL), needle))
            return true;
    return false;
}

/* The trainer's session: a few hundred frames of keys and clicks. */
static void test_injected_events(void **state) {
    (void)state;
    fake_clock clk = {0.0, 1.0 / 60.0};
    rnd_view_config vc;
    memset(&vc, 0, sizeof vc);
    vc.models[0] = loop_line(2);
    char err[512];
    rnd_view *v = rnd_view_new(&vc, err, sizeof err);
    assert_non_null(v);
    char dir[] = "/tmp/test_render_loop_XXXXXX";
    assert_non_null(mkdtemp(dir));
    rnd_viewer_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.clock = fake_now;
    cfg.clock_ctx = &clk;
    cfg.no_throttle = true;
    cfg.screenshot_dir = dir;
    cfg.reload = reload_ok;
    rnd_viewer *vw = rnd_viewer_new(v, &cfg, err, sizeof err);
    assert_non_null(vw);
    assert_true(rnd_viewer_speed(vw) == 60.0); /* the default */
    int W = 0, H = 0;
    SDL_GetRendererOutputSize(rnd_viewer_renderer(vw), &W, &H);
    assert_int_equal(W, 1280);
    assert_int_equal(H, 720);

    /* 60 frames at 60x: one simulated minute. */
    frames(vw, 60);
    assert_true(fabs(lv_session_now(rnd_view_session_const(v)) - 60.0) < 1e-9);

    /* Pause: the clock stands still. */
    push_key(SDLK_SPACE, KMOD_NONE);
    frames(vw, 1);
    assert_true(rnd_viewer_paused(vw));
    double t = lv_session_now(rnd_view_session_const(v));
    frames(vw, 30);
    assert_true(lv_session_now(rnd_view_session_const(v)) == t);
    /* '.' steps to the next event. */
    double next = mdl_run_next_event(rnd_view_run(v, 0));
    push_key(SDLK_PERIOD, KMOD_NONE);
    frames(vw, 1);
    assert_true(lv_session_now(rnd_view_session_const(v)) == next);
    assert_true(rnd_viewer_paused(vw));

    /* Speeds: + up to max, - back down to 1x. */
    for (int i = 0; i < 5; i++)
        push_key(SDLK_PLUS, KMOD_NONE);
    frames(vw, 1);
    assert_true(isinf(rnd_viewer_speed(vw)));
    for (int i = 0; i < 7; i++)
        push_key(SDLK_MINUS, KMOD_NONE);
    frames(vw, 1);
    assert_true(rnd_viewer_speed(vw) == 1.0);
    push_key(SDLK_EQUALS, KMOD_LSHIFT); /* '+' on a US keyboard */
    push_key(SDLK_4, KMOD_NONE);
    push_key(SDLK_SPACE, KMOD_NONE);
    frames(vw, 60);
    assert_true(rnd_viewer_speed(vw) == 600.0);
    assert_false(rnd_viewer_paused(vw));
    assert_true(lv_session_now(rnd_view_session_const(v)) > next + 590.0);

    /* Click the cnc: it is selected. */
    SDL_FRect rc;
    assert_true(rnd_view_station_rect(v, W, H, 0, 1, &rc));
    push_click(rc.x + rc.w * 0.5f, rc.y + rc.h * 0.5f);
    frames(vw, 1);
    int pane = -1;
    assert_int_equal(rnd_view_selected(v, &pane), 1);
    assert_int_equal(pane, 0);

    /* B breaks it (logged with its time), U repairs it. */
    push_key(SDLK_b, KMOD_NONE);
    frames(vw, 1);
    mdl_run *run = rnd_view_run(v, 0);
    assert_int_equal(mdl_run_server_state(run, 1, 0), MDL_STATE_DOWN);
    assert_int_equal(mdl_run_server_state(run, 1, 1), MDL_STATE_DOWN);
    assert_true(log_has(v, "you broke cnc"));
    frames(vw, 100);
    assert_int_equal(mdl_run_server_state(run, 1, 0), MDL_STATE_DOWN); /* stays down */
    push_key(SDLK_u, KMOD_NONE);
    frames(vw, 1);
    assert_int_not_equal(mdl_run_server_state(run, 1, 0), MDL_STATE_DOWN);
    assert_true(log_has(v, "you repaired cnc"));

    /* ] adds a server, [ removes one. */
    push_key(SDLK_RIGHTBRACKET, KMOD_NONE);
    frames(vw, 1);
    assert_int_equal(mdl_run_servers(run, 1), 3);
    push_key(SDLK_LEFTBRACKET, KMOD_NONE);
    push_key(SDLK_LEFTBRACKET, KMOD_NONE);
    push_key(SDLK_LEFTBRACKET, KMOD_NONE); /* not below one */
    frames(vw, 1);
    assert_int_equal(mdl_run_servers(run, 1), 1);

    /* Hover, wheel zoom at the cursor, drag pan, F fits again. */
    double z0 = rnd_view_zoom(v);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.y = 2;
    e.wheel.preciseY = 2.0f;
    SDL_PushEvent(&e);
    frames(vw, 1);
    assert_true(rnd_view_zoom(v) > z0 * 1.2);
    SDL_FRect before, after;
    assert_true(rnd_view_station_rect(v, W, H, 0, 0, &before));
    push_button(SDL_MOUSEBUTTONDOWN, 300, 300);
    for (int i = 1; i <= 5; i++) {
        memset(&e, 0, sizeof e);
        e.type = SDL_MOUSEMOTION;
        e.motion.x = 300 + 20 * i;
        e.motion.y = 300;
        e.motion.state = SDL_BUTTON_LMASK;
        SDL_PushEvent(&e);
    }
    push_button(SDL_MOUSEBUTTONUP, 400, 300);
    frames(vw, 1);
    assert_true(rnd_view_station_rect(v, W, H, 0, 0, &after));
    assert_true(fabsf(after.x - before.x - 100.0f) < 1.0f); /* panned, not a click */
    assert_int_equal(rnd_view_selected(v, NULL), 1);        /* selection kept */
    push_key(SDLK_f, KMOD_NONE);
    frames(vw, 1);
    assert_true(fabs(rnd_view_zoom(v) - z0) < 1e-9);

    /* Help overlay toggles with H and F1; Esc closes it, then clears the
     * selection. */
    push_key(SDLK_h, KMOD_NONE);
    frames(vw, 1);
    assert_true(rnd_view_help(v));
    push_key(SDLK_F1, KMOD_NONE);
    frames(vw, 1);
    assert_false(rnd_view_help(v));
    push_key(SDLK_F1, KMOD_NONE);
    push_key(SDLK_ESCAPE, KMOD_NONE);
    frames(vw, 1);
    assert_false(rnd_view_help(v));
    assert_int_equal(rnd_view_selected(v, NULL), 1);
    push_key(SDLK_ESCAPE, KMOD_NONE);
    frames(vw, 1);
    assert_int_equal(rnd_view_selected(v, NULL), -1);
    /* A click on empty floor selects nothing. */
    push_click(20.0f, 100.0f);
    frames(vw, 1);
    assert_int_equal(rnd_view_selected(v, NULL), -1);

    /* S saves a screenshot PNG of the window's size. */
    push_key(SDLK_s, KMOD_NONE);
    frames(vw, 1);
    assert_true(log_has(v, "screenshot saved"));
    char cmd[512];
    const char *shot = NULL;
    for (int i = 0; i < rnd_view_log_count(v); i++) {
        const char *l = rnd_view_log_line(v, i, NULL, NULL);
        if (strstr(l, "screenshot saved: "))
            shot = l + strlen("screenshot saved: ");
    }
    assert_non_null(shot);
    SDL_Surface *img = IMG_Load(shot);
    assert_non_null(img);
    assert_int_equal(img->w, 1280);
    assert_int_equal(img->h, 720);
    SDL_FreeSurface(img);
    remove(shot);

    /* R restarts at time 0; the clock runs again from there. */
    push_key(SDLK_r, KMOD_NONE);
    frames(vw, 1);
    assert_true(lv_session_now(rnd_view_session_const(v)) <= 600.0 / 60.0 + 1e-9);
    assert_int_equal(mdl_run_servers(rnd_view_run(v, 0), 1), 2); /* the scene's again */

    /* Ctrl+R reloads (here: a model with three cnc servers). */
    reload_calls = 0;
    push_key(SDLK_r, KMOD_LCTRL);
    frames(vw, 1);
    assert_int_equal(reload_calls, 1);
    assert_int_equal(mdl_run_servers(rnd_view_run(v, 0), 1), 3);
    assert_true(log_has(v, "reloaded"));

    /* A scene with an error: logged, the old line keeps running. */
    rnd_viewer_free(vw);
    memset(&vc, 0, sizeof vc);
    vc.models[0] = loop_line(2);
    v = rnd_view_new(&vc, err, sizeof err);
    cfg.reload = reload_fails;
    vw = rnd_viewer_new(v, &cfg, err, sizeof err);
    assert_non_null(vw);
    frames(vw, 10);
    push_key(SDLK_r, KMOD_LCTRL);
    frames(vw, 10);
    assert_true(log_has(v, "reload failed: line.cfg:7"));
    assert_int_equal(mdl_run_servers(rnd_view_run(v, 0), 1), 2);
    assert_true(lv_session_now(rnd_view_session_const(v)) > 0.0);

    /* Q closes the viewer. */
    push_key(SDLK_q, KMOD_NONE);
    assert_false(rnd_viewer_frame(vw));
    assert_true(rnd_viewer_frames(vw) == 21);
    rnd_viewer_free(vw);
    snprintf(cmd, sizeof cmd, "%s", dir);
    rmdir(cmd);
}

static void test_quit_after(void **state) {
    (void)state;
    fake_clock clk = {0.0, 0.1};
    rnd_view_config vc;
    memset(&vc, 0, sizeof vc);
    vc.models[0] = loop_line(1);
    char err[512];
    rnd_viewer_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.clock = fake_now;
    cfg.clock_ctx = &clk;
    cfg.no_throttle = true;
    cfg.width = 640;
    cfg.height = 360;
    cfg.quit_after_s = 2.0;
    rnd_viewer *vw = rnd_viewer_new(rnd_view_new(&vc, err, sizeof err), &cfg, err, sizeof err);
    assert_non_null(vw);
    long n = rnd_viewer_run(vw);
    assert_true(n >= 19 && n <= 21); /* 2 s of a clock moving 0.1 s a frame */
    rnd_viewer_free(vw);

    memset(&vc, 0, sizeof vc);
    vc.models[0] = loop_line(1);
    cfg.quit_after_s = 0.0;
    cfg.quit_after_frames = 250;
    vw = rnd_viewer_new(rnd_view_new(&vc, err, sizeof err), &cfg, err, sizeof err);
    assert_non_null(vw);
    assert_int_equal(rnd_viewer_run(vw), 250);
    rnd_viewer_free(vw);

    /* An SDL_QUIT event (the window's close button) ends it too. */
    memset(&vc, 0, sizeof vc);
    vc.models[0] = loop_line(1);
    cfg.quit_after_frames = 0;
    vw = rnd_viewer_new(rnd_view_new(&vc, err, sizeof err), &cfg, err, sizeof err);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_QUIT;
    SDL_PushEvent(&e);
    assert_false(rnd_viewer_frame(vw));
    rnd_viewer_free(vw);
}

/* The run reaches its horizon: the clock stops there, the END state shows. */
static void test_runs_to_horizon(void **state) {
    (void)state;
    fake_clock clk = {0.0, 1.0 / 60.0};
    rnd_viewer *vw = new_viewer(loop_line(2), NULL, &clk, INFINITY);
    rnd_view *v = rnd_viewer_view(vw);
    for (int i = 0; i < 5000 && !lv_session_finished(rnd_view_session_const(v)); i++)
        assert_true(rnd_viewer_frame(vw));
    assert_true(lv_session_finished(rnd_view_session_const(v)));
    assert_true(lv_session_now(rnd_view_session_const(v)) == 3.0 * 86400.0);
    frames(vw, 3);
    check_against_headless(vw, 0);
    rnd_viewer_free(vw);
}

/* With AGVs, a belt and a robot: the viewer still computes exactly what a
 * headless run does; a click on a cart selects it, A and Z step its
 * fleet's speed (logged), Esc clears. */
static void test_transport_loop(void **state) {
    (void)state;
    fake_clock clk = {0.0, 1.0 / 60.0};
    rnd_viewer *vw = new_viewer(transport_line(), NULL, &clk, 600.0);
    frames(vw, 240); /* 4 s of wall time at 600x: 40 min */
    rnd_view *v = rnd_viewer_view(vw);
    assert_true(fabs(lv_session_now(rnd_view_session_const(v)) - 2400.0) < 1e-6);
    check_against_headless(vw, 0);
    mdl_run *run = rnd_view_run(v, 0);
    assert_true(mdl_run_fleet_speed(run, 0) == 1.0);

    /* Click the second cart. */
    push_key(SDLK_SPACE, KMOD_NONE);
    frames(vw, 1);
    assert_true(rnd_viewer_paused(vw));
    mdl_vehicle_view vv;
    assert_true(mdl_run_vehicle(run, 0, 1, &vv));
    float x, y;
    assert_true(rnd_view_world_to_screen(v, 960, 540, 0, vv.x, vv.y, &x, &y));
    push_click(x, y);
    frames(vw, 1);
    rnd_pick sel = rnd_view_selection(v);
    assert_int_equal(sel.kind, RND_PICK_VEHICLE);
    assert_int_equal(sel.fleet, 0);

    int logs = rnd_view_log_count(v);
    push_key(SDLK_a, KMOD_NONE);
    frames(vw, 1);
    assert_true(mdl_run_fleet_speed(run, 0) == 1.25);
    assert_int_equal(rnd_view_log_count(v), logs + 1);
    double when;
    rnd_log_level lvl;
    const char *line = rnd_view_log_line(v, logs, &when, &lvl);
    assert_non_null(strstr(line, "fleet cart"));
    assert_int_equal(lvl, RND_LOG_ACTION);
    assert_true(when == lv_session_now(rnd_view_session_const(v)));
    push_key(SDLK_z, KMOD_NONE);
    push_key(SDLK_z, KMOD_NONE);
    frames(vw, 1);
    assert_true(mdl_run_fleet_speed(run, 0) == 0.75);
    /* The slowest step is the floor. */
    for (int i = 0; i < 6; i++)
        push_key(SDLK_z, KMOD_NONE);
    frames(vw, 1);
    assert_true(mdl_run_fleet_speed(run, 0) == 0.25);
    /* With nothing selected, A applies to the first fleet. */
    push_key(SDLK_ESCAPE, KMOD_NONE);
    frames(vw, 1);
    assert_int_equal(rnd_view_selection(v).kind, RND_PICK_NONE);
    push_key(SDLK_a, KMOD_NONE);
    frames(vw, 1);
    assert_true(mdl_run_fleet_speed(run, 0) == 0.5);
    /* And the run goes on at the new speed. */
    push_key(SDLK_SPACE, KMOD_NONE);
    frames(vw, 60);
    assert_true(lv_session_now(rnd_view_session_const(v)) > 2400.0 + 500.0);
    rnd_viewer_free(vw);
}

TEST_MAIN(render_setup_sdl, render_teardown_sdl,
        cmocka_unit_test(test_viewer_equals_headless),
        cmocka_unit_test(test_side_by_side_same_clock),
        cmocka_unit_test(test_injected_events),
        cmocka_unit_test(test_quit_after),
        cmocka_unit_test(test_runs_to_horizon),
        cmocka_unit_test(test_transport_loop),
)
