/*
 * test_render_left.c - the viewer defects session 16 left alone, in a
 * window of SDL's dummy video driver with injected clicks:
 *   - units held by material handling between stations are drawn as the
 *     units on belts and vehicles are (their product's colour) and a click
 *     selects them, and the unit card says where they are: waiting on a
 *     station's out-point tray for a vehicle, on an AS/RS crane, on an
 *     AS/RS's output or input point, at a receiving dock;
 *   - with --plan, fitting the layout leaves room for the open-orders
 *     panel: it covers no station.
 * LINETWIN_TEST_PNG_DIR=/tmp saves the frames to look at.
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

#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "mdl_model.h"
#include "mdl_plan.h"
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
#include "test_expect.h"

#define DOCKS LINETWIN_SOURCE_DIR "/scenes/docks.cfg"
#define W 1280
#define H 720

/* A unit held somewhere now, found through the run's accessors: true and
 * its view, else false. */
typedef bool held_fn(const mdl_run *r, const mdl_model *m, mdl_unit_view *u);

/* The accessor of the k-th unit held at entity i of one kind (a station's
 * out-point, an AS/RS's output or input point, a dock). */
typedef bool held_at_fn(const mdl_run *r, int i, size_t k, mdl_unit_view *u);

/* The first unit held at the first of n entities that holds one. */
static bool first_held(const mdl_run *r, int n, held_at_fn *at, mdl_unit_view *u) {
    for (int i = 0; i < n; i++)
        if (at(r, i, 0, u)) return true;
    return false;
}

static bool on_a_tray(const mdl_run *r, const mdl_model *m, mdl_unit_view *u) {
    return first_held(r, mdl_model_station_count(m), mdl_run_outpoint_unit, u);
}

static bool on_a_crane(const mdl_run *r, const mdl_model *m, mdl_unit_view *u) {
    for (int a = 0; a < mdl_model_asrs_count(m); a++)
        for (int k = 0; k < mdl_model_asrs(m, a)->aisles; k++)
            if (mdl_run_crane_unit(r, a, k, u)) return true;
    return false;
}

static bool on_an_output_point(const mdl_run *r, const mdl_model *m, mdl_unit_view *u) {
    return first_held(r, mdl_model_asrs_count(m), mdl_run_asrs_out_unit, u);
}

static bool on_an_input_point(const mdl_run *r, const mdl_model *m, mdl_unit_view *u) {
    return first_held(r, mdl_model_asrs_count(m), mdl_run_asrs_in_unit, u);
}

static bool at_a_dock(const mdl_run *r, const mdl_model *m, mdl_unit_view *u) {
    return first_held(r, mdl_model_dock_count(m), mdl_run_dock_unit, u);
}

/* Runs the viewer on until find() holds, then: the unit is drawn in its
 * product's colour where the view says it is, a click there selects it,
 * and searching its serial says `where`. */
static void click_held(mdl_model *model, held_fn *find, const char *where, const char *png) {
    fake_clock clk = {0.0, 1.0 / 60.0};
    rnd_viewer *vw = fake_viewer(model, NULL, &clk, W, H, 60.0, true);
    rnd_view *v = rnd_viewer_view(vw);
    const mdl_model *m = rnd_view_model(v, 0);
    mdl_unit_view u;
    double t = 60.0;
    for (; !find(rnd_view_run(v, 0), m, &u); t += 7.0) {
        if (t > 2.0 * 86400.0) fail_msg("no unit held for %s", where);
        lv_session_advance_to(rnd_view_session(v), t);
    }
    rnd_view_fit(v, W, H);
    assert_true(rnd_viewer_frame(vw));
    rnd_pick pk = {RND_PICK_UNIT, 0, -1, (int)u.serial};
    SDL_FRect r;
    assert_true(rnd_view_pick_rect(v, W, H, &pk, &r));
    float cx = r.x + r.w * 0.5f, cy = r.y + r.h * 0.5f;
    SDL_Surface *s = rnd_snapshot_surface(v, W, H, NULL, 0);
    assert_non_null(s);
    render_save_png(s, png);
    SDL_FRect around = {cx - 5.0f, cy - 5.0f, 10.0f, 10.0f};
    int drawn = render_count_colour(s, around, rnd_product_color(u.product), 0);
    if (drawn < 9)
        fail_msg("%s: %d pixels of the unit's colour at (%g, %g)", where, drawn, (double)cx, (double)cy);
    SDL_FreeSurface(s);
    rnd_pick hit;
    assert_true(rnd_view_pick_at(v, W, H, cx, cy, &hit));
    assert_int_equal(hit.kind, RND_PICK_UNIT);
    assert_int_equal(hit.index, (int)u.serial);
    push_click(cx, cy);
    assert_true(rnd_viewer_frame(vw));
    rnd_pick sel = rnd_view_selection(v);
    assert_int_equal(sel.kind, RND_PICK_UNIT);
    assert_int_equal(sel.index, (int)u.serial);
    /* The card's "where", as the search reports it. */
    char text[64];
    snprintf(text, sizeof text, "%s-%llu", mdl_model_product_id(m, u.product), (unsigned long long)u.serial);
    rnd_view_search_open(v, true);
    rnd_view_search_type(v, text);
    assert_true(rnd_view_search_submit(v, W, H));
    if (!strstr(rnd_view_search_message(v), where))
        fail_msg("search says \"%s\", expected \"%s\"", rnd_view_search_message(v), where);
    rnd_viewer_free(vw);
}

/* Units held in the docks scene: on a station's tray, on a crane, on an
 * AS/RS's input point, at a dock. */
static void click_units_held_in_docks(void **state) {
    (void)state;
    static const struct {
        held_fn *find;
        const char *where, *png;
    } cases[] = {
        {on_a_tray, "waiting for pick-up at ", "left-tray.png"},
        {on_a_crane, "on crane of aisle 1 of buffer", "left-crane.png"},
        {on_an_input_point, "on the input point of buffer", "left-input.png"},
        {at_a_dock, "waiting at receiving dock receiving", "left-dock.png"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        click_held(fx_load_file(DOCKS), cases[i].find, cases[i].where, cases[i].png);
}

/* A station feeds an AS/RS that delivers by a slow belt: retrieved units
 * wait on its output point. */
static void click_unit_on_output_point(void **state) {
    (void)state;
    mdl_model *m = test_one_rep_scene(
        "out.cfg", "1d",
        "conveyors = ( { id = \"out\"; length = 4.0; speed = 0.05; spacing = 2.0;\n"
        "                from = [ 7.0, 2.0 ]; to = [ 11.0, 2.0 ]; } );\n"
        "asrs = ( { id = \"store\"; aisles = 2; bays = 6; levels = 3; cell = [ 1.0, 0.8 ];\n"
        "           speed_x = 2.0; speed_y = 0.6; handling = \"2s\"; at = [ 2.0, 6.0 ];\n"
        "           deliver = \"conveyor:out\"; } );\n"
        "stations = ( { id = \"A\"; cycle = \"const(20s)\"; at = [ 0.0, 2.0 ]; size = [ 2.0, 1.5 ]; },\n"
        "             { id = \"B\"; cycle = \"const(5s)\"; at = [ 13.0, 2.0 ]; size = [ 2.0, 1.5 ]; } );\n"
        "products = ( { id = \"p\"; route = [ \"A\", \"B\" ]; transport = { A = \"asrs:store\"; }; } );\n"
        "release = ( { product = \"p\"; interarrival = \"const(20s)\"; } );\n");
    click_held(m, on_an_output_point, "on the output point of store", "left-output.png");
}

/* ---- the --plan orders panel ------------------------------------------------------
 *
 * A 4 x 3 grid of stations (one is s0, top left) and 12 one-step orders,
 * planned: the open-orders panel (top left of the pane, 240 px wide, a row
 * per open order) is at its tallest. Fitted, at several window sizes, no
 * station is under it; before the fix the top-left stations were. */
static mdl_model *planned_grid(void) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    static char ids[12][8];
    for (int i = 0; i < 12; i++) {
        snprintf(ids[i], sizeof ids[i], "s%d", i);
        mdl_station_spec sp = fx_station(ids[i], sim_dist_const(60.0));
        fx_place(&sp, 6.0 * (i % 4), 5.0 * (i / 4));
        assert_int_equal(mdl_model_add_station(m, &sp), i);
    }
    const char *route[1] = {"s0"};
    assert_int_equal(mdl_model_add_product(m, "p", route, 1, 0), 0);
    mdl_plan_op ops[12];
    for (int o = 0; o < 12; o++) {
        char id[16];
        snprintf(id, sizeof id, "o%d", o + 1);
        assert_int_equal(mdl_model_add_order(m, id, 0, 1, 0.0, 3600.0 * (o + 1)), o);
        ops[o] = (mdl_plan_op){o, 0, 0, -1, 60.0 * o, 60.0 * (o + 1)};
    }
    mdl_run_settings rs = {.horizon = 86400.0, .warmup = 0, .replications = 1, .seed = 1, .start = 0};
    assert_true(mdl_model_set_run(m, &rs));
    assert_true(mdl_model_validate(m));
    assert_true(mdl_model_set_plan(m, ops, 12, MDL_PLAN_WAIT, 0));
    return m;
}

static bool overlap(SDL_FRect a, SDL_FRect b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void plan_panel_leaves_room(void **state) {
    (void)state;
    rnd_view_config vc;
    memset(&vc, 0, sizeof vc);
    vc.models[0] = planned_grid();
    char err[256];
    rnd_view *v = rnd_view_new(&vc, err, sizeof err);
    assert_non_null(v);
    static const int sizes[][2] = {{1280, 720}, {1400, 900}, {1024, 768}, {1920, 1080}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int w = sizes[i][0], h = sizes[i][1];
        rnd_view_fit(v, w, h);
        rnd_layout L;
        rnd_view_layout(v, w, h, &L);
        SDL_FRect pane = L.pane[0];
        int rows = (int)((pane.h * 0.5f - 30.0f) / 14.0f);
        rows = rows > 12 ? 12 : rows;
        assert_true(rows > 0); /* the panel is drawn */
        SDL_FRect panel = {pane.x + 8.0f, pane.y + 8.0f, 240.0f, 42.0f + 14.0f * (float)rows};
        for (int st = 0; st < 12; st++) {
            SDL_FRect rc;
            assert_true(rnd_view_station_rect(v, w, h, 0, st, &rc));
            rc.y -= 16.0f; /* its name above it */
            if (overlap(rc, panel))
                fail_msg("%dx%d: station s%d (%g, %g, %g x %g) under the orders panel", w, h, st,
                         (double)rc.x, (double)rc.y, (double)rc.w, (double)rc.h);
            assert_true(rc.x + rc.w <= pane.x + pane.w &&
                        rc.y + rc.h <= pane.y + pane.h); /* still in the pane */
        }
        if (i == 0) {
            SDL_Surface *s = rnd_snapshot_surface(v, w, h, NULL, 0);
            assert_non_null(s);
            render_save_png(s, "left-plan.png");
            SDL_FreeSurface(s);
        }
    }
    rnd_view_free(v);
}

TEST_MAIN(render_setup_sdl, render_teardown_sdl, cmocka_unit_test(click_units_held_in_docks),
          cmocka_unit_test(click_unit_on_output_point), cmocka_unit_test(plan_panel_leaves_room))
