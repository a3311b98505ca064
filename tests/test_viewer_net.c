/*
 * test_viewer_net.c - the viewer and conveyor networks (issue 20) and the
 * viewer's frame loop at plant scale (issue 21):
 * - the junctions of scenes/sorting_loop.cfg are drawn in the colours of
 *   the legend table's marks (a teal merge triangle at the start of the
 *   merge's output belt, a plum diamond at the end of a diverter's input
 *   belt), and a line without junctions has none of those colours;
 * - the KPI caches are refreshed a few times a second of wall time, at once
 *   after a trainer action or when the clock stands, and never when
 *   nothing changed (lv_session_sync_due); a run driven by the window to
 *   its horizon equals a headless run bit for bit, and the cache shown at
 *   the end is the final result;
 * - a unit riding a belt or a vehicle can be clicked: the pick is the unit
 *   and selecting it opens its card;
 * - fitting demo.cfg to 1280 x 720 keeps every station clear of the legend.
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

#define SDL_MAIN_HANDLED
#include <SDL.h>

#include "lv_session.h"
#include "mdl_conveyor_net.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "rnd_draw.h"
#include "rnd_snapshot.h"
#include "rnd_view.h"
#include "rnd_viewer.h"
#include "scn_diag.h"
#include "scn_scene.h"

#include "model_fixtures.h"
#include "render_events.h"
#include "test_main.h"
#include "render_fixtures.h"

#define SORTING LINETWIN_SOURCE_DIR "/scenes/sorting_loop.cfg"
#define DEMO LINETWIN_SOURCE_DIR "/scenes/demo.cfg"
#define W 1280
#define H 720

static SDL_Color pixel(const SDL_Surface *s, int x, int y) {
    SDL_Color c = {0, 0, 0, 0};
    if (x < 0 || y < 0 || x >= s->w || y >= s->h)
        return c;
    Uint32 p = ((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x];
    SDL_GetRGBA(p, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

static bool same_rgb(SDL_Color a, SDL_Color b) {
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Pixels of colour c in the (2r+1)^2 square round (x, y); r < 0: the whole surface. */
static int count_near(const SDL_Surface *s, float x, float y, int r, SDL_Color c) {
    int x0 = r < 0 ? 0 : (int)x - r, x1 = r < 0 ? s->w - 1 : (int)x + r;
    int y0 = r < 0 ? 0 : (int)y - r, y1 = r < 0 ? s->h - 1 : (int)y + r;
    int n = 0;
    for (int yy = y0; yy <= y1; yy++)
        for (int xx = x0; xx <= x1; xx++)
            n += same_rgb(pixel(s, xx, yy), c);
    return n;
}

/* The world-to-screen map of pane 0, worked out from two stations' drawn
 * footprints (rnd_view_station_rect): sx = ax + k wx, sy = ay + k wy. */
typedef struct screen_map {
    double ax, ay, k;
} screen_map;

static screen_map map_of(const rnd_view *v, int s0, int s1) {
    SDL_FRect a, b;
    assert_true(rnd_view_station_rect(v, W, H, 0, s0, &a));
    assert_true(rnd_view_station_rect(v, W, H, 0, s1, &b));
    const mdl_station_spec *p = mdl_model_station(rnd_view_model(v, 0), s0);
    const mdl_station_spec *q = mdl_model_station(rnd_view_model(v, 0), s1);
    screen_map m;
    m.k = ((double)(b.x + b.w * 0.5f) - (double)(a.x + a.w * 0.5f)) / (q->x - p->x);
    m.ax = (double)(a.x + a.w * 0.5f) - m.k * p->x;
    m.ay = (double)(a.y + a.h * 0.5f) - m.k * p->y;
    return m;
}

/* Merges and diverters are marked where their belts meet, in the colours
 * the legend table gives the marks; demo.cfg (no junctions) shows none. */
static void test_junction_marks(void **state) {
    (void)state;
    rnd_view *v = view_of(fx_load_file(SORTING), NULL);
    lv_session_advance_to(rnd_view_session(v), 3600.0);
    rnd_view_fit(v, W, H);
    char err[256];
    SDL_Surface *s = rnd_snapshot_surface(v, W, H, err, sizeof err);
    assert_non_null(s);
    const mdl_model *m = rnd_view_model(v, 0);
    screen_map sm = map_of(v, mdl_model_find_station(m, "saw"), mdl_model_find_station(m, "pack"));
    SDL_Color merge = rnd_belt_mark_color(RND_MARK_MERGE), divert = rnd_belt_mark_color(RND_MARK_DIVERTER);
    assert_int_equal(mdl_model_merge_count(m), 2);
    assert_int_equal(mdl_model_diverter_count(m), 2);
    for (int j = 0; j < mdl_model_merge_count(m); j++) {
        const mdl_conveyor_spec *out = mdl_model_conveyor(m, mdl_model_merge(m, j)->output);
        int n = count_near(s, (float)(sm.ax + sm.k * out->x0), (float)(sm.ay + sm.k * out->y0), 4, merge);
        if (n < 10)
            fail_msg("merge %s: %d teal pixels at its node", mdl_model_merge(m, j)->id, n);
        assert_true(count_near(s, (float)(sm.ax + sm.k * out->x0), (float)(sm.ay + sm.k * out->y0), 4, divert) == 0);
    }
    for (int j = 0; j < mdl_model_diverter_count(m); j++) {
        const mdl_conveyor_spec *in = mdl_model_conveyor(m, mdl_model_diverter(m, j)->input);
        int n = count_near(s, (float)(sm.ax + sm.k * in->x1), (float)(sm.ay + sm.k * in->y1), 4, divert);
        if (n < 10)
            fail_msg("diverter %s: %d plum pixels at its node", mdl_model_diverter(m, j)->id, n);
    }
    /* The colours are the table's rows, distinct from every state colour. */
    int rows = 0;
    const rnd_state_row *t = rnd_states(&rows);
    for (int i = 0; i < rows; i++)
        if (t[i].res != RND_RES_JUNCTION)
            assert_false(same_rgb(t[i].color, merge) || same_rgb(t[i].color, divert));
    SDL_FreeSurface(s);
    rnd_view_free(v);

    v = view_of(fx_load_file(DEMO), NULL);
    lv_session_advance_to(rnd_view_session(v), 3600.0);
    s = rnd_snapshot_surface(v, W, H, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(count_near(s, 0.0f, 0.0f, -1, merge), 0);
    assert_int_equal(count_near(s, 0.0f, 0.0f, -1, divert), 0);
    SDL_FreeSurface(s);
    rnd_view_free(v);
}

/* The refresh rule of the KPI caches, with a wall clock in the test's hands. */
static void test_kpi_refresh_rule(void **state) {
    (void)state;
    rnd_view *v = view_of(fx_load_file(SORTING), NULL);
    lv_session *s = rnd_view_session(v);
    lv_session_set_speed(s, 60.0);
    assert_true(lv_session_sync_due(s, 0.0, 0.25));   /* never refreshed */
    assert_false(lv_session_sync_due(s, 5.0, 0.25));  /* nothing changed, however long */
    lv_session_tick(s, 0.1);
    assert_false(lv_session_sync_due(s, 0.1, 0.25)); /* the clock ran: not yet */
    lv_session_tick(s, 0.1);
    assert_false(lv_session_sync_due(s, 0.2, 0.25));
    lv_session_tick(s, 0.1);
    assert_true(lv_session_sync_due(s, 0.3, 0.25)); /* a quarter of a second on */
    const mdl_rep_result *r = lv_session_result(s, 0);
    assert_non_null(r);
    lv_session_tick(s, 0.1);
    assert_false(lv_session_sync_due(s, 0.4, 0.25));
    /* A trainer action is shown at once. */
    assert_true(lv_session_act(s, LV_ACT_ADD_SERVER, 0, mdl_model_find_station(rnd_view_model(v, 0), "mill"), false));
    assert_true(lv_session_sync_due(s, 0.41, 0.25));
    /* Paused and stepped: the clock stands, so each step is shown at once. */
    lv_session_set_paused(s, true);
    lv_session_step_paused(s);
    assert_true(lv_session_sync_due(s, 0.42, 0.25));
    assert_false(lv_session_sync_due(s, 0.43, 0.25));
    /* A restart, at once. */
    assert_true(rnd_view_restart(v));
    assert_true(lv_session_sync_due(s, 0.44, 0.25));
    rnd_view_free(v);
}

/* The window drives sorting_loop.cfg to its horizon at 3600x (a quarter of
 * a second of fake wall time a frame: the KPIs refreshed about every
 * frame-and-a-bit, not every frame): the run equals a headless run bit
 * for bit, and the cache on screen at the end is the final result. */
static void test_window_run_equals_headless(void **state) {
    (void)state;
    rnd_view *v = view_of(fx_load_file(SORTING), NULL);
    fake_clock clk = {0.0, 0.2};
    rnd_viewer_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.width = W;
    cfg.height = H;
    cfg.speed = 3600.0;
    cfg.no_throttle = true;
    cfg.clock = fake_now;
    cfg.clock_ctx = &clk;
    char err[256];
    rnd_viewer *vw = rnd_viewer_new(v, &cfg, err, sizeof err);
    if (!vw)
        fail_msg("%s", err);
    double horizon = lv_session_horizon(rnd_view_session_const(v));
    for (int i = 0; i < 2000 && lv_session_now(rnd_view_session_const(v)) < horizon; i++)
        assert_true(rnd_viewer_frame(vw));
    assert_true(lv_session_now(rnd_view_session_const(v)) >= horizon);
    assert_true(rnd_viewer_frame(vw)); /* the frame after the end */
    const mdl_model *m = rnd_view_model(v, 0);
    fx_same_as_headless(m, rnd_view_run(v, 0), horizon);
    mdl_rep_result b;
    fx_headless_at(m, horizon, &b);
    const mdl_rep_result *shown = rnd_view_result(v, 0);
    assert_non_null(shown);
    fx_same_result(shown, &b);
    mdl_rep_result_fini(&b);
    rnd_viewer_free(vw);
}

typedef struct riding {
    uint64_t serial[256];
    int n;
} riding;

static bool rides(const riding *r, uint64_t serial) {
    for (int i = 0; i < r->n; i++)
        if (r->serial[i] == serial)
            return true;
    return false;
}

/* Looks over the floor (every 2 px) for a point where the pick is a unit
 * in `set`; false when there is none. */
static bool find_riding(rnd_view *v, const riding *set, float *px, float *py, rnd_pick *p) {
    for (int y = 44; y < H; y += 2)
        for (int x = 0; x < W; x += 2)
            if (rnd_view_pick_at(v, W, H, (float)x, (float)y, p) && p->kind == RND_PICK_UNIT &&
                rides(set, (uint64_t)p->index)) {
                *px = (float)x;
                *py = (float)y;
                return true;
            }
    return false;
}

static void click_opens_card(rnd_view *v, const riding *set) {
    float x, y;
    rnd_pick p;
    if (!find_riding(v, set, &x, &y, &p))
        fail_msg("none of the %d riding units can be picked", set->n);
    rnd_view_select_pick(v, &p);
    rnd_pick sel = rnd_view_selection(v);
    assert_int_equal(sel.kind, RND_PICK_UNIT);
    assert_true(rides(set, (uint64_t)sel.index));
}

/* Units on a belt (sorting_loop.cfg) and on a vehicle (the transport
 * fixture) can be clicked: the pick is the unit, not the belt or vehicle. */
static void test_riding_units_clickable(void **state) {
    (void)state;
    rnd_view *v = view_of(fx_load_file(SORTING), NULL);
    lv_session_advance_to(rnd_view_session(v), 2.0 * 3600.0);
    rnd_view_fit(v, W, H);
    const mdl_model *m = rnd_view_model(v, 0);
    riding set = {{0}, 0};
    for (int c = 0; c < mdl_model_conveyor_count(m); c++)
        for (size_t i = 0; i < mdl_run_conveyor_len(rnd_view_run(v, 0), c) && set.n < 256; i++) {
            mdl_unit_view u;
            if (mdl_run_conveyor_unit(rnd_view_run(v, 0), c, i, NULL, NULL, NULL, &u))
                set.serial[set.n++] = u.serial;
        }
    assert_true(set.n > 0);
    click_opens_card(v, &set);
    rnd_view_free(v);

    v = view_of(transport_line(), NULL);
    set.n = 0;
    for (double t = 600.0; t < 86400.0 && set.n == 0; t += 60.0) {
        lv_session_advance_to(rnd_view_session(v), t);
        for (int i = 0; i < mdl_run_vehicle_count(rnd_view_run(v, 0), 0); i++) {
            mdl_unit_view u;
            for (int k = 0; mdl_run_vehicle_unit(rnd_view_run(v, 0), 0, i, k, &u) && set.n < 256; k++)
                set.serial[set.n++] = u.serial;
        }
    }
    assert_true(set.n > 0);
    rnd_view_fit(v, W, H);
    click_opens_card(v, &set);
    rnd_view_free(v);
}

/* demo.cfg fitted to 1280 x 720: every station's footprint and buffer bar
 * lie above the legend (its top: the highest legend-white pixel row in
 * the floor's bottom-left corner). */
static void test_legend_clear_of_stations(void **state) {
    (void)state;
    rnd_view *v = view_of(fx_load_file(DEMO), NULL);
    lv_session_advance_to(rnd_view_session(v), 3600.0);
    rnd_view_fit(v, W, H);
    rnd_layout L;
    rnd_view_layout(v, W, H, &L);
    char err[256];
    SDL_Surface *s = rnd_snapshot_surface(v, W, H, err, sizeof err);
    assert_non_null(s);
    /* The legend's boxes are white over the floor at x = floor.x + 12. */
    float top = L.floor.y + L.floor.h;
    for (int y = (int)(L.floor.y + L.floor.h) - 12; y > (int)L.floor.y; y--) {
        SDL_Color c = pixel(s, (int)L.floor.x + 12, y);
        if (c.r >= 250 && c.g >= 250 && c.b >= 250)
            top = (float)y;
        else if (top < L.floor.y + L.floor.h - 20.0f && (float)y < top - 6.0f)
            break; /* above the legend's boxes (6 px gaps between them) */
    }
    assert_true(top < L.floor.y + L.floor.h - 20.0f); /* a legend was found */
    const mdl_model *m = rnd_view_model(v, 0);
    for (int st = 0; st < mdl_model_station_count(m); st++) {
        SDL_FRect rc;
        assert_true(rnd_view_station_rect(v, W, H, 0, st, &rc));
        float bottom = rc.y + rc.h + 0.7f * (float)rnd_view_zoom(v); /* the buffer bar and its count below */
        if (bottom >= top)
            fail_msg("station %s reaches y %.0f, the legend starts at %.0f", mdl_model_station(m, st)->id,
                     (double)bottom, (double)top);
    }
    SDL_FreeSurface(s);
    rnd_view_free(v);
}

TEST_MAIN(render_setup_sdl, render_teardown_sdl,
          cmocka_unit_test(test_junction_marks),
          cmocka_unit_test(test_kpi_refresh_rule),
          cmocka_unit_test(test_window_run_equals_headless),
          cmocka_unit_test(test_riding_units_clickable),
          cmocka_unit_test(test_legend_clear_of_stations),
)
