/*
 * test_render_trace.c - the viewer's units, safety flashes and state
 * legend (issues 18 and 20), in a window of SDL's dummy video driver with
 * injected events and a fake wall clock:
 *   - clicking a unit's disc selects the unit (its card), as the trace has it;
 *   - the search field ('/'): a serial in the line selects it and centres
 *     the view on it, a shipped one says when it shipped, an unknown one
 *     says so; keys typed into the field do not reach the trainer's commands;
 *   - a safety event (a forced pass) flashes red at its vehicle for
 *     RND_FLASH_S of wall time;
 *   - the colour table of every resource is docs/viewer.md's, and the
 *     legend draws the AGV and robot states when the line has them;
 *   - the assembly station draws its component buffers.
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

#include "lv_trace.h"
#include "mdl_assembly.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "rnd_draw.h"
#include "rnd_snapshot.h"
#include "rnd_view.h"
#include "rnd_viewer.h"
#include "scn_diag.h"
#include "scn_scene.h"

#include "render_events.h"
#include "render_fixtures.h"
#include "test_main.h"
#include "test_helpers.h"

#define DEMO LINETWIN_SOURCE_DIR "/scenes/demo.cfg"
#define RETROFIT LINETWIN_SOURCE_DIR "/scenes/retrofit.cfg"
#define ASSEMBLY LINETWIN_SOURCE_DIR "/scenes/assembly.cfg"
#define W 1280
#define H 720

/* The scene at path with the overrides set and set2 (NULL: none). */
static mdl_model *load2(const char *path, const char *set, const char *set2) {
    scn_diags *d = scn_diags_new();
    assert_non_null(d);
    const char *sets[2] = {set, set2};
    mdl_model *m = scn_load_file(path, set ? sets : NULL, set ? (set2 ? 2 : 1) : 0, d);
    if (!m)
        fail_msg("%s: %s", path, scn_diags_count(d) ? scn_diags_get(d, 0) : "?");
    scn_diags_free(d);
    return m;
}

static mdl_model *load(const char *path, const char *set) { return load2(path, set, NULL); }

static rnd_viewer *new_viewer(mdl_model *m, fake_clock *clk) {
    rnd_viewer *vw = fake_viewer(m, NULL, clk, W, H, 60.0, true);
    assert_null(rnd_viewer_warning(vw)); /* the source tree ships a font */
    return vw;
}

/* The demo scene in a viewer, advanced to time t and drawn once. */
static rnd_viewer *demo_viewer_at(double t, fake_clock *clk) {
    rnd_viewer *vw = new_viewer(load(DEMO, NULL), clk);
    lv_session_advance_to(rnd_view_session(rnd_viewer_view(vw)), t);
    assert_true(rnd_viewer_frame(vw));
    return vw;
}

/* A unit waiting in a buffer of pane 0 (the first found), its serial. */
static uint64_t a_waiting_unit(rnd_view *v, int *station) {
    const mdl_model *m = rnd_view_model(v, 0);
    for (int s = 0; s < mdl_model_station_count(m); s++) {
        mdl_unit_view u;
        if (mdl_run_queue_len(rnd_view_run(v, 0), s) > 0 && mdl_run_queue_unit(rnd_view_run(v, 0), s, 0, &u)) {
            *station = s;
            return u.serial;
        }
    }
    fail_msg("no unit waits anywhere");
    return 0;
}

/* Clicking a unit's disc selects that unit; the card is drawn beside it. */
static void test_click_a_unit(void **state) {
    (void)state;
    fake_clock clk = {0.0, 1.0 / 60.0};
    rnd_viewer *vw = demo_viewer_at(3.0 * 3600.0, &clk);
    rnd_view *v = rnd_viewer_view(vw);
    rnd_view_zoom_at(v, W, H, 2.5f, 400.0f, 300.0f); /* discs big enough to click */
    int st = -1;
    uint64_t unit = a_waiting_unit(v, &st);
    rnd_pick pk = {RND_PICK_UNIT, 0, -1, (int)unit};
    SDL_FRect r;
    if (!rnd_view_pick_rect(v, W, H, &pk, &r) || r.x < 0.0f || r.x > (float)W) {
        /* centre the station first */
        rnd_view_fit(v, W, H);
        assert_true(rnd_view_pick_rect(v, W, H, &pk, &r));
    }
    float cx = r.x + r.w * 0.5f, cy = r.y + r.h * 0.5f;
    rnd_pick hit;
    assert_true(rnd_view_pick_at(v, W, H, cx, cy, &hit));
    assert_int_equal(hit.kind, RND_PICK_UNIT);
    assert_int_equal(hit.index, (int)unit);
    int pane = -1;
    uint64_t u2 = 0;
    assert_true(rnd_view_unit_at(v, W, H, cx, cy, &pane, &u2));
    assert_true(u2 == unit && pane == 0);
    push_click(cx, cy);
    assert_true(rnd_viewer_frame(vw));
    rnd_pick sel = rnd_view_selection(v);
    assert_int_equal(sel.kind, RND_PICK_UNIT);
    assert_int_equal(sel.index, (int)unit);
    /* The card: drawn, not over the unit. */
    SDL_Surface *s = rnd_snapshot_surface(v, W, H, NULL, 0);
    assert_non_null(s);
    render_save_png(s, "trace-unit-card.png");
    SDL_FreeSurface(s);
    /* Esc clears it; a restart would too (numbers start again). */
    push_key(SDLK_ESCAPE, 0);
    assert_true(rnd_viewer_frame(vw));
    assert_int_equal(rnd_view_selection(v).kind, RND_PICK_NONE);
    rnd_viewer_free(vw);
}

/* The search field: '/' opens it, text and Enter find the unit. */
static void test_search_a_serial(void **state) {
    (void)state;
    fake_clock clk = {0.0, 1.0 / 60.0};
    rnd_viewer *vw = demo_viewer_at(20.0 * 3600.0, &clk);
    rnd_view *v = rnd_viewer_view(vw);
    const lv_trace *tr = lv_session_trace(rnd_view_session(v), 0);
    /* A unit in the line (waiting in a buffer) and one shipped. */
    int st = -1;
    uint64_t inline_unit = a_waiting_unit(v, &st), shipped = 0;
    for (uint64_t n = 1; n <= lv_trace_units(tr) && !shipped; n++) {
        lv_unit_info u;
        if (lv_trace_unit(tr, n, &u) && u.fate == LV_UNIT_SHIPPED)
            shipped = n;
    }
    assert_true(shipped > 0);
    unsigned gen = lv_session_generation(rnd_view_session(v));

    char text[64];
    snprintf(text, sizeof text, "housing-%llu", (unsigned long long)inline_unit);
    push_key(SDLK_SLASH, 0);
    push_text("/"); /* the key's own text is not typed */
    push_key(SDLK_r, 0); /* a trainer key while the field is open: typed, not a restart */
    push_text("r");
    push_key(SDLK_BACKSPACE, 0);
    push_text(text);
    push_key(SDLK_RETURN, 0);
    assert_true(rnd_viewer_frame(vw));
    assert_int_equal(lv_session_generation(rnd_view_session(v)), gen);
    assert_false(rnd_view_search_active(v));
    rnd_pick sel = rnd_view_selection(v);
    assert_int_equal(sel.kind, RND_PICK_UNIT);
    assert_int_equal(sel.index, (int)inline_unit);
    const mdl_station_spec *sp = mdl_model_station(rnd_view_model(v, 0), st);
    char want[128];
    snprintf(want, sizeof want, "%s at %s", text, sp->id);
    assert_string_equal(rnd_view_search_message(v), want);
    /* Centred: the unit is in the middle of the floor. */
    SDL_FRect r;
    rnd_layout L;
    rnd_view_layout(v, W, H, &L);
    assert_true(rnd_view_pick_rect(v, W, H, &sel, &r));
    assert_true(fabsf(r.x + r.w * 0.5f - (L.pane[0].x + L.pane[0].w * 0.5f)) < 2.0f);
    assert_true(fabsf(r.y + r.h * 0.5f - (L.pane[0].y + L.pane[0].h * 0.5f)) < 2.0f);

    /* A shipped one by its number alone: where it went, and when. */
    snprintf(text, sizeof text, "%llu", (unsigned long long)shipped);
    push_key(SDLK_SLASH, 0);
    push_text(text);
    push_key(SDLK_KP_ENTER, 0);
    assert_true(rnd_viewer_frame(vw));
    assert_int_equal(rnd_view_selection(v).index, (int)shipped);
    assert_non_null(strstr(rnd_view_search_message(v), " shipped at Day 1 "));
    SDL_Surface *s = rnd_snapshot_surface(v, W, H, NULL, 0);
    render_save_png(s, "trace-search-shipped.png");
    SDL_FreeSurface(s);

    /* Unknown: the field stays open and says so. */
    push_key(SDLK_SLASH, 0);
    push_text("cover-999999");
    push_key(SDLK_RETURN, 0);
    assert_true(rnd_viewer_frame(vw));
    assert_true(rnd_view_search_active(v));
    assert_non_null(strstr(rnd_view_search_message(v), "no unit \"cover-999999\""));
    s = rnd_snapshot_surface(v, W, H, NULL, 0);
    render_save_png(s, "trace-search-unknown.png");
    SDL_FreeSurface(s);
    push_key(SDLK_ESCAPE, 0);
    assert_true(rnd_viewer_frame(vw));
    assert_false(rnd_view_search_active(v));
    rnd_viewer_free(vw);
}

/* The retrofit line with seven AGVs, all of them on the network
 * (surplus = "drive": held, the two beyond what the layout holds would
 * stand out of the traffic), has forced passes: each flashes red at its
 * vehicle for RND_FLASH_S of wall time; the log says so. */
static void test_safety_flash(void **state) {
    (void)state;
    rnd_view *v = view_of(load2(RETROFIT, "fleets.agv.count=7", "fleets.agv.surplus=\"drive\""), NULL);
    lv_session *ses = rnd_view_session(v);
    double t = 0.0;
    while (lv_session_safety_count(ses, 0) == 0 && t < 5.0 * 86400.0) {
        t += 600.0;
        lv_session_advance_to(rnd_view_session(v), t);
    }
    assert_true(lv_session_safety_count(ses, 0) > 0);
    rnd_view_flash_update(v, 100.0);
    int n = rnd_view_flash_count(v);
    assert_true(n >= 1 && (uint64_t)n <= lv_session_safety_count(ses, 0));
    lv_safety_event e;
    assert_true(lv_session_safety_event(ses, 0, lv_session_safety_count(ses, 0) - 1, &e));
    assert_true(e.vehicle >= 0 && e.time <= t);
    bool logged = false;
    for (int i = 0; i < rnd_view_log_count(v); i++)
        logged |= strstr(rnd_view_log_line(v, i, NULL, NULL), "safety: agv #") != NULL;
    assert_true(logged);
    /* Red round the flash's vehicle. */
    rnd_view_fit(v, W, H);
    SDL_Surface *s = rnd_snapshot_surface(v, W, H, NULL, 0);
    render_save_png(s, "trace-safety-flash.png");
    int red = render_count_colour(s, (SDL_FRect){0, 0, W, H}, (SDL_Color){205, 50, 50, 255}, 2);
    SDL_FreeSurface(s);
    rnd_view_flash_update(v, 100.0 + RND_FLASH_S + 0.01);
    assert_int_equal(rnd_view_flash_count(v), 0);
    s = rnd_snapshot_surface(v, W, H, NULL, 0);
    int red_after = render_count_colour(s, (SDL_FRect){0, 0, W, H}, (SDL_Color){205, 50, 50, 255}, 2);
    SDL_FreeSurface(s);
    assert_true(red > red_after + 20);
    /* A restart forgets them. */
    rnd_view_flash_update(v, 200.0);
    assert_true(rnd_view_restart(v));
    rnd_view_flash_update(v, 200.1);
    assert_int_equal(rnd_view_flash_count(v), 0);
    rnd_view_free(v);
}

/* One table: docs/viewer.md's colour tables are the table's Markdown, and
 * the drawing's colour functions read it. */
static void test_state_table_is_the_docs(void **state) {
    (void)state;
    char *doc = test_read_file(LINETWIN_SOURCE_DIR "/docs/viewer.md");
    assert_non_null(doc);
    for (int res = 0; res < RND_RES_COUNT; res++) {
        char md[4096];
        size_t n = rnd_states_markdown((rnd_resource)res, md, sizeof md);
        assert_true(n > 0 && n < sizeof md);
        if (!strstr(doc, md))
            fail_msg("docs/viewer.md lacks this table (rnd_legend.c):\n%s", md);
    }
    free(doc);
    int n = 0;
    const rnd_state_row *rows = rnd_states(&n);
    for (int i = 0; i < n; i++) {
        SDL_Color c = rows[i].res == RND_RES_STATION   ? rnd_state_color((mdl_state)rows[i].state)
                      : rows[i].res == RND_RES_VEHICLE ? rnd_vstate_color(rows[i].state)
                      : rows[i].res == RND_RES_ROBOT   ? rnd_robot_state_color(rows[i].state)
                      : rows[i].res == RND_RES_JUNCTION ? rnd_belt_mark_color(rows[i].state)
                                                       : rnd_crane_color(rows[i].state, rows[i].state == RND_CRANE_LOADED);
        assert_memory_equal(&c, &rows[i].color, sizeof c);
    }
    for (int s = 0; s < MDL_V_STATE_COUNT; s++)
        assert_string_not_equal(rnd_resource_label(RND_RES_VEHICLE, s), "?");
    for (int s = 0; s < MDL_ROBOT_STATE_COUNT; s++)
        assert_string_not_equal(rnd_resource_label(RND_RES_ROBOT, s), "?");
    for (int s = 0; s < MDL_STATE_COUNT; s++)
        assert_string_not_equal(rnd_resource_label(RND_RES_STATION, s), "?");
    for (int k = 0; k < RND_MARK_COUNT; k++) /* every mark of conveyor networks is a row (and so in the docs) */
        assert_string_not_equal(rnd_resource_label(RND_RES_JUNCTION, k), "?");
}

/* The legend of a line with AGVs and a robot has their states' swatches
 * (charging violet is the vehicles' alone). */
static void test_legend_has_vehicle_states(void **state) {
    (void)state;
    rnd_view *v = view_of(transport_line(), NULL);
    lv_session_advance_to(rnd_view_session(v), 3600.0);
    rnd_view_fit(v, W, H);
    SDL_Surface *s = rnd_snapshot_surface(v, W, H, NULL, 0);
    assert_non_null(s);
    render_save_png(s, "trace-legend.png");
    rnd_layout L;
    rnd_view_layout(v, W, H, &L);
    SDL_FRect corner = {L.floor.x, L.floor.y + L.floor.h - 140.0f, 700.0f, 140.0f};
    assert_true(render_count_colour(s, corner, rnd_vstate_color(MDL_V_CHARGING), 0) >= 100);
    assert_true(render_count_colour(s, corner, rnd_vstate_color(MDL_V_HANDLING), 0) >= 100);
    SDL_FreeSurface(s);
    rnd_view_free(v);
}

/* The assembly bench draws its component buffers (housings and shafts
 * waiting for their partners, in their colours) under its footprint, and
 * the oven the units gathered for its next batch. */
static void test_component_buffers(void **state) {
    (void)state;
    rnd_view *v = view_of(load(ASSEMBLY, NULL), NULL);
    const mdl_model *m = rnd_view_model(v, 0);
    int st = mdl_model_find_station(m, "assemble"), cure = mdl_model_find_station(m, "cure");
    int gearbox = -1;
    for (int p = 0; p < mdl_model_product_count(m); p++)
        if (mdl_model_bom_count(m, p) > 0)
            gearbox = p;
    assert_true(st >= 0 && cure >= 0 && gearbox >= 0);
    /* Until both component buffers hold parts and the oven gathers a batch. */
    double t = 3600.0;
    for (;; t += 300.0) {
        assert_true(t < 5.0 * 86400.0);
        lv_session_advance_to(rnd_view_session(v), t);
        mdl_bom_kpi k0, k1;
        assert_true(mdl_run_bom_kpi(rnd_view_run(v, 0), gearbox, 0, &k0));
        assert_true(mdl_run_bom_kpi(rnd_view_run(v, 0), gearbox, 1, &k1));
        if (k0.waiting > 0 && k1.waiting > 0 && mdl_run_queue_len(rnd_view_run(v, 0), cure) > 0)
            break;
    }
    assert_int_equal(mdl_run_queue_len(rnd_view_run(v, 0), st), 0); /* its input buffer: nothing */
    rnd_view_fit(v, W, H);
    SDL_Surface *s = rnd_snapshot_surface(v, W, H, NULL, 0);
    assert_non_null(s);
    render_save_png(s, "trace-assembly.png");
    SDL_FRect rc;
    assert_true(rnd_view_station_rect(v, W, H, 0, st, &rc));
    SDL_FRect under = {rc.x, rc.y + rc.h + 1.0f, rc.w, 40.0f};
    for (int line = 0; line < 2; line++) {
        int comp = -1, qty = 0;
        assert_true(mdl_model_bom_line(m, gearbox, line, &comp, &qty));
        if (render_count_colour(s, under, rnd_product_color(comp), 0) < 10)
            fail_msg("no %s waiting drawn under the assembly station", mdl_model_product_id(m, comp));
    }
    assert_true(rnd_view_station_rect(v, W, H, 0, cure, &rc));
    under = (SDL_FRect){rc.x, rc.y + rc.h + 1.0f, rc.w, 30.0f};
    assert_true(render_count_colour(s, under, rnd_state_color(MDL_STATE_SETUP), 0) >= 6); /* the batch's ticks */
    SDL_FreeSurface(s);
    rnd_view_free(v);
}

TEST_MAIN(render_setup_sdl, render_teardown_sdl,
        cmocka_unit_test(test_click_a_unit),
        cmocka_unit_test(test_search_a_serial),
        cmocka_unit_test(test_safety_flash),
        cmocka_unit_test(test_state_table_is_the_docs),
        cmocka_unit_test(test_legend_has_vehicle_states),
        cmocka_unit_test(test_component_buffers),
)
