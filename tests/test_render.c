/*
 * test_render.c - offscreen drawing: snapshots are PNGs of the requested
 * size, not blank, show each station in its state's colour where the
 * station is, and change when a station breaks; text, charts, formatting.
 * Also a snapshot of every example scene (the .cfg files in scenes/).
 *
 * Runs with SDL_VIDEODRIVER=dummy (no display is needed at all: snapshots
 * use the software renderer over a surface).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
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
#include "rnd_chart.h"
#include "rnd_draw.h"
#include "rnd_snapshot.h"
#include "rnd_text.h"
#include "rnd_view.h"

#include "render_events.h"
#include "render_fixtures.h"
#include "test_main.h"
#include "scn_scene.h"

/* A five-station line with every station kind, two products, a rework loop
 * and breakdowns at the saw only (so the weld cell's state is known). */
static mdl_model *test_line(void) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    assert_true(mdl_model_set_name(m, "Test line"));
    const fx_station_row rows[] = {
        {"saw", sim_dist_lognormal(170.0, 20.0), 3.0, 5.0, .buffer = 10, .mtbf_s = 4.0 * 3600.0,
         .mttr_s = 1200.0, .power = {[MDL_STATE_IDLE] = 1.5, [MDL_STATE_BUSY] = 7.5, [MDL_STATE_DOWN] = 0.3}},
        {"cnc", sim_dist_tnormal(330.0, 30.0), 8.0, 5.0, .servers = 2, .buffer = 8, .scrap = 0.01,
         .defect = 0.05, .power = {[MDL_STATE_IDLE] = 2.0, [MDL_STATE_BUSY] = 11.0}},
        {"weld", sim_dist_const(140.0), 13.0, 5.0, .kind = MDL_STATION_ROBOT, .buffer = 6,
         .power = {[MDL_STATE_BUSY] = 5.0}},
        {"inspect", sim_dist_const(45.0), 18.0, 5.0, .detect = 0.9, .rework_to = "cnc"},
        {"pack", sim_dist_uniform(100.0, 160.0), 23.0, 5.0, .kind = MDL_STATION_ASSEMBLY},
    };
    for (int i = 0; i < 5; i++) {
        mdl_station_spec s = fx_row_station(&rows[i]);
        assert_int_equal(mdl_model_add_station(m, &s), i);
    }

    const char *r1[] = {"saw", "cnc", "weld", "inspect", "pack"};
    const char *r2[] = {"saw", "cnc", "inspect", "pack"};
    assert_int_equal(mdl_model_add_product(m, "housing", r1, 5, 0), 0);
    assert_int_equal(mdl_model_add_product(m, "cover", r2, 4, 0), 1);
    assert_true(mdl_model_add_push(m, 0, sim_dist_exp(240.0), 0.0, 0) >= 0);
    assert_true(mdl_model_add_push(m, 1, sim_dist_exp(900.0), 0.0, 0) >= 0);
    mdl_run_settings rs = {2.0 * 86400.0, 2.0 * 3600.0, 3, 7, 0.0};
    assert_true(mdl_model_set_run(m, &rs));
    assert_true(mdl_model_validate(m));
    return m;
}


static rnd_view *test_view(double at) {
    rnd_view *v = view_of(test_line(), NULL);
    lv_session_advance_to(rnd_view_session(v), at);
    rnd_view_sync(v);
    rnd_view_set_status(v, 60.0, false);
    return v;
}

static Uint32 pixel_at(const SDL_Surface *s, int x, int y) {
    const Uint8 *row = (const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch;
    Uint32 p;
    memcpy(&p, row + (size_t)x * 4, 4);
    return p;
}

static bool same_rgb(const SDL_Surface *s, Uint32 p, SDL_Color c) {
    Uint8 r, g, b, a;
    SDL_GetRGBA(p, s->format, &r, &g, &b, &a);
    return r == c.r && g == c.g && b == c.b;
}

/* Pixels of colour c inside rectangle rc. */
static long count_color(const SDL_Surface *s, SDL_FRect rc, SDL_Color c) {
    long n = 0;
    int x0 = (int)ceilf(rc.x), y0 = (int)ceilf(rc.y);
    int x1 = (int)floorf(rc.x + rc.w), y1 = (int)floorf(rc.y + rc.h);
    for (int y = y0 < 0 ? 0 : y0; y < y1 && y < s->h; y++)
        for (int x = x0 < 0 ? 0 : x0; x < x1 && x < s->w; x++)
            n += same_rgb(s, pixel_at(s, x, y), c);
    return n;
}

static long count_different(const SDL_Surface *a, const SDL_Surface *b, SDL_FRect rc) {
    long n = 0;
    for (int y = (int)rc.y; y < (int)(rc.y + rc.h) && y < a->h; y++)
        for (int x = (int)rc.x; x < (int)(rc.x + rc.w) && x < a->w; x++)
            n += pixel_at(a, x, y) != pixel_at(b, x, y);
    return n;
}

static void test_snapshot_is_png_of_size(void **state) {
    (void)state;
    rnd_view *v = test_view(0.0);
    char path[256], err[512];
    snprintf(path, sizeof path, "/tmp/test_render_%ld.png", (long)getpid());
    assert_true(rnd_snapshot_png(v, 3.0 * 3600.0, 800, 450, path, err, sizeof err));
    assert_true(lv_session_now(rnd_view_session_const(v)) == 3.0 * 3600.0);
    SDL_Surface *img = IMG_Load(path);
    assert_non_null(img);
    assert_int_equal(img->w, 800);
    assert_int_equal(img->h, 450);
    /* No temporary file left beside it. */
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    assert_int_not_equal(access(tmp, F_OK), 0);
    SDL_FreeSurface(img);
    remove(path);

    /* Not blank: a real frame has many colours. */
    SDL_Surface *s = rnd_snapshot_surface(v, 800, 450, err, sizeof err);
    assert_non_null(s);
    Uint32 seen[512];
    int nseen = 0;
    for (int y = 0; y < s->h && nseen < 512; y += 3)
        for (int x = 0; x < s->w && nseen < 512; x += 3) {
            Uint32 p = pixel_at(s, x, y);
            bool found = false;
            for (int i = 0; i < nseen && !found; i++)
                found = seen[i] == p;
            if (!found)
                seen[nseen++] = p;
        }
    assert_true(nseen >= 100);
    SDL_FreeSurface(s);

    /* A bad size is refused with a message, not a crash. */
    assert_null(rnd_snapshot_surface(v, 4, 4, err, sizeof err));
    assert_non_null(strstr(err, "size"));
    /* An unwritable path fails cleanly. */
    assert_false(rnd_snapshot_png(v, 3.0 * 3600.0, 64, 64, "/nonexistent-dir/x.png", err,
                                  sizeof err));
    rnd_view_free(v);
}

/* Each single-server station shows its server's state colour inside its
 * footprint; each server of the two-server cnc shows its own. */
static void test_station_colors_where_stations_are(void **state) {
    (void)state;
    const int W = 1280, H = 720;
    for (int k = 1; k <= 4; k++) {
        rnd_view *v = test_view(2.5 * 3600.0 * k);
        rnd_view_fit(v, W, H);
        char err[512];
        SDL_Surface *s = rnd_snapshot_surface(v, W, H, err, sizeof err);
        assert_non_null(s);
        mdl_run *run = rnd_view_run(v, 0);
        for (int st = 0; st < 5; st++) {
            SDL_FRect rc;
            assert_true(rnd_view_station_rect(v, W, H, 0, st, &rc));
            assert_true(rc.w > 40.0f && rc.h > 25.0f);
            assert_true(rc.x >= 0.0f && rc.x + rc.w <= (float)W);
            for (int sv = 0; sv < mdl_run_servers(run, st); sv++) {
                SDL_Color c = rnd_state_color(mdl_run_server_state(run, st, sv));
                long n = count_color(s, rc, c);
                /* The server slot alone covers well over 5 % of the
                 * footprint. */
                if (n < (long)(rc.w * rc.h * 0.05f))
                    fail_msg("station %d server %d (%s): %ld pixels of its colour in %gx%g", st,
                             sv, mdl_state_name(mdl_run_server_state(run, st, sv)), n,
                             (double)rc.w, (double)rc.h);
            }
            /* Nothing is red where no server is down. */
            bool any_down = false;
            for (int sv = 0; sv < mdl_run_servers(run, st); sv++)
                any_down |= mdl_run_server_state(run, st, sv) == MDL_STATE_DOWN;
            if (!any_down)
                assert_true(count_color(s, rc, rnd_state_color(MDL_STATE_DOWN)) == 0);
        }
        SDL_FreeSurface(s);
        rnd_view_free(v);
    }
}

static void test_broken_station_changes_picture(void **state) {
    (void)state;
    const int W = 1280, H = 720;
    rnd_view *v = test_view(4.0 * 3600.0);
    rnd_view_fit(v, W, H);
    char err[512];
    SDL_Surface *before = rnd_snapshot_surface(v, W, H, err, sizeof err);
    assert_non_null(before);
    SDL_FRect rc;
    assert_true(rnd_view_station_rect(v, W, H, 0, 2, &rc));
    SDL_Color red = rnd_state_color(MDL_STATE_DOWN);
    assert_int_equal(count_color(before, rc, red), 0);

    rnd_view_select(v, 0, 2);
    assert_true(rnd_view_action(v, RND_ACT_BREAK, false));
    assert_int_equal(mdl_run_server_state(rnd_view_run(v, 0), 2, 0), MDL_STATE_DOWN);
    assert_false(rnd_view_action(v, RND_ACT_BREAK, false)); /* already broken by hand */
    rnd_view_sync(v);
    SDL_Surface *after = rnd_snapshot_surface(v, W, H, err, sizeof err);
    assert_non_null(after);
    assert_true(count_color(after, rc, red) > (long)(rc.w * rc.h * 0.15f));
    assert_true(count_different(before, after, rc) > (long)(rc.w * rc.h * 0.3f));
    /* The action is in the event log with its simulated time. */
    int n = rnd_view_log_count(v);
    assert_true(n >= 1);
    double t = -1.0;
    bool found = false;
    for (int i = 0; i < n; i++) {
        const char *line = rnd_view_log_line(v, i, &t, NULL);
        if (strstr(line, "you broke weld")) {
            found = true;
            assert_true(t == 4.0 * 3600.0);
        }
    }
    assert_true(found);
    assert_true(rnd_view_action(v, RND_ACT_REPAIR, false));
    assert_int_not_equal(mdl_run_server_state(rnd_view_run(v, 0), 2, 0), MDL_STATE_DOWN);
    SDL_FreeSurface(before);
    SDL_FreeSurface(after);
    rnd_view_free(v);
}

static void test_snapshot_side_by_side(void **state) {
    (void)state;
    rnd_view_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.models[0] = test_line();
    cfg.models[1] = test_line();
    cfg.has_seed = true;
    cfg.seed = 99;
    char err[512];
    rnd_view *v = rnd_view_new(&cfg, err, sizeof err);
    assert_non_null(v);
    assert_int_equal(rnd_view_pane_count(v), 2);
    lv_session_advance_to(rnd_view_session(v), 5.0 * 3600.0);
    /* Same model, same seed, same clock: the same state in both panes. */
    for (int st = 0; st < 5; st++) {
        assert_int_equal(mdl_run_queue_len(rnd_view_run(v, 0), st),
                         mdl_run_queue_len(rnd_view_run(v, 1), st));
        assert_int_equal(mdl_run_server_state(rnd_view_run(v, 0), st, 0),
                         mdl_run_server_state(rnd_view_run(v, 1), st, 0));
    }
    rnd_view_sync(v);
    rnd_view_fit(v, 1280, 720);
    SDL_FRect a, b;
    assert_true(rnd_view_station_rect(v, 1280, 720, 0, 0, &a));
    assert_true(rnd_view_station_rect(v, 1280, 720, 1, 0, &b));
    assert_true(b.x > a.x + a.w); /* the retrofit pane is to the right */
    SDL_Surface *s = rnd_snapshot_surface(v, 1280, 720, err, sizeof err);
    assert_non_null(s);
    SDL_FreeSurface(s);
    /* Tab cycles: base only, then retrofit only. */
    rnd_view_cycle_mode(v);
    assert_int_equal(rnd_view_mode(v), RND_MODE_FIRST);
    assert_false(rnd_view_station_rect(v, 1280, 720, 1, 0, &b));
    rnd_view_cycle_mode(v);
    assert_int_equal(rnd_view_mode(v), RND_MODE_SECOND);
    assert_false(rnd_view_station_rect(v, 1280, 720, 0, 0, &a));
    rnd_view_free(v);
}

static void test_small_and_large_sizes(void **state) {
    (void)state;
    rnd_view *v = test_view(3600.0);
    static const int sizes[][2] = {{320, 200}, {640, 360}, {1920, 1080}, {2560, 1440}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char err[512];
        rnd_view_fit(v, sizes[i][0], sizes[i][1]);
        SDL_Surface *s = rnd_snapshot_surface(v, sizes[i][0], sizes[i][1], err, sizeof err);
        assert_non_null(s);
        assert_int_equal(s->w, sizes[i][0]);
        SDL_FreeSurface(s);
    }
    /* Help overlay, tooltip and inspector draw at every size too. */
    rnd_view_set_help(v, true);
    rnd_view_select(v, 0, 1);
    rnd_view_hover(v, 100.0f, 100.0f, true);
    char err[512];
    SDL_Surface *s = rnd_snapshot_surface(v, 640, 360, err, sizeof err);
    assert_non_null(s);
    SDL_FreeSurface(s);
    rnd_view_free(v);
}

static void test_text(void **state) {
    (void)state;
    char path[1024];
    /* The repository ships DejaVu Sans, so a font is always found. */
    assert_non_null(rnd_font_find(path, sizeof path));
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 200, 50, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    rnd_text *t = rnd_text_new(r);
    assert_non_null(t);
    assert_non_null(rnd_text_font_path(t));
    int w1 = rnd_text_width(t, "cnc", RND_FONT_NORMAL);
    int w2 = rnd_text_width(t, "cnc-station", RND_FONT_NORMAL);
    assert_true(w1 > 0 && w2 > w1);
    assert_true(rnd_text_width(t, "S\xC3\xA4ge \xC3\x9C", RND_FONT_NORMAL) > 0); /* UTF-8 */
    assert_true(rnd_text_width(t, "\xE9\x93\xA3\xE5\xBA\x8A", RND_FONT_NORMAL) > 0); /* CJK */
    if (rnd_text_cjk_path(t))
        print_message("CJK font: %s\n", rnd_text_cjk_path(t));
    /* Fitting cuts with an ellipsis. */
    int wf = rnd_text_draw_fit(t, "a very long station name indeed", 0, 0, RND_FONT_NORMAL,
                               RND_COL_TEXT, RND_ALIGN_LEFT, 60.0f);
    assert_true(wf > 0 && wf <= 60);
    /* Many distinct strings (cache eviction) do not fail. */
    for (int i = 0; i < 6000; i++) {
        char b[32];
        snprintf(b, sizeof b, "%d", i);
        assert_true(rnd_text_draw(t, b, 0, 0, RND_FONT_SMALL, RND_COL_TEXT, RND_ALIGN_LEFT) > 0);
        if (i % 100 == 0)
            rnd_text_frame_end(t);
    }
    rnd_text_free(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

static void test_chart(void **state) {
    (void)state;
    assert_true(rnd_nice_ceil(0.0) == 1.0);
    assert_true(rnd_nice_ceil(7.3) == 10.0);
    assert_true(rnd_nice_ceil(2.1) == 2.5);
    assert_true(rnd_nice_ceil(0.04) == 0.05);
    assert_true(rnd_nice_ceil(120.0) == 200.0);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 300, 100, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    double t[50];
    float y[50];
    for (int i = 0; i < 50; i++) {
        t[i] = i * 60.0;
        y[i] = (float)(10.0 + 5.0 * sin(i * 0.3));
    }
    SDL_Color c = {200, 20, 180, 255};
    rnd_series ser = {t, y, 50, c, "x"};
    rnd_chart ch = {"test", "u", 0.0, 49 * 60.0, 0.0, 0.0, false, 1};
    rnd_chart_draw(r, NULL, (SDL_FRect){0, 0, 300, 100}, &ch, &ser, 1);
    SDL_RenderPresent(r);
    assert_true(count_color(s, (SDL_FRect){0, 0, 300, 100}, c) > 100);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

static void test_format(void **state) {
    (void)state;
    char b[64];
    rnd_format_clock(b, sizeof b, 0.0, 0.0);
    assert_string_equal(b, "Day 1 Mon 00:00:00");
    rnd_format_clock(b, sizeof b, 86400.0 + 6 * 3600.0 + 5 * 60.0 + 9.0, 0.0);
    assert_string_equal(b, "Day 2 Tue 06:05:09");
    /* A run that starts Sunday 22:00: two hours in, it is Monday. */
    rnd_format_clock(b, sizeof b, 7200.0, 6 * 86400.0 + 22 * 3600.0);
    assert_string_equal(b, "Day 1 Mon 00:00:00");
    rnd_format_duration(b, sizeof b, 45.0);
    assert_string_equal(b, "45 s");
    rnd_format_duration(b, sizeof b, 3.0 * 3600.0 + 20 * 60.0);
    assert_string_equal(b, "3 h 20 min");
    rnd_format_duration(b, sizeof b, 2.0 * 86400.0 + 4 * 3600.0);
    assert_string_equal(b, "2 d 4 h");
}

/* Every example scene draws: right size, its stations in their colours. */
static void test_example_scenes(void **state) {
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/scenes", LINETWIN_SOURCE_DIR);
    DIR *d = opendir(dir);
    int tried = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".cfg") != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        scn_diags *dg = scn_diags_new();
        mdl_model *m = scn_load_file(path, NULL, 0, dg);
        if (!m) {
            scn_diags_print(dg, stderr);
            scn_diags_free(dg);
            fail_msg("%s does not load", path);
        }
        scn_diags_free(dg);
        rnd_view *v = view_of(m, NULL);
        double horizon = lv_session_horizon(rnd_view_session_const(v));
        double at = horizon < 8.0 * 3600.0 ? horizon : 8.0 * 3600.0;
        lv_session_advance_to(rnd_view_session(v), at);
        rnd_view_sync(v);
        rnd_view_fit(v, 1280, 720);
        char err[512];
        SDL_Surface *s = rnd_snapshot_surface(v, 1280, 720, err, sizeof err);
        assert_non_null(s);
        assert_int_equal(s->w, 1280);
        assert_int_equal(s->h, 720);
        mdl_run *run = rnd_view_run(v, 0);
        int nst = mdl_model_station_count(m);
        for (int st = 0; st < nst && st < 40; st++) {
            SDL_FRect rc;
            assert_true(rnd_view_station_rect(v, 1280, 720, 0, st, &rc));
            if (rc.w < 20.0f || rc.h < 14.0f)
                continue; /* too small to hold a server slot */
            SDL_Color c = rnd_state_color(mdl_run_server_state(run, st, 0));
            if (count_color(s, rc, c) == 0)
                fail_msg("%s: station %s shows no pixel of its state colour (%s)", e->d_name,
                         mdl_model_station(m, st)->id,
                         mdl_state_name(mdl_run_server_state(run, st, 0)));
        }
        SDL_FreeSurface(s);
        rnd_view_free(v);
        tried++;
    }
    if (d)
        closedir(d);
    if (tried == 0)
        skip();
}

/* Pixels of colour c within r pixels of (x, y). */
static long count_near(const SDL_Surface *s, float x, float y, float r, SDL_Color c) {
    return count_color(s, (SDL_FRect){x - r, y - r, 2.0f * r, 2.0f * r}, c);
}

static rnd_view *transport_view(void) {
    rnd_view *v = view_of(transport_line(), NULL);
    rnd_view_set_status(v, 60.0, false);
    return v;
}

/* Each vehicle's body colour is drawn where the run says the vehicle is,
 * while driving too (positions between events), and a click there picks
 * it; the belt's units and the robot are drawn. */
static void test_transport_drawn(void **state) {
    (void)state;
    const int W = 1280, H = 720;
    rnd_view *v = transport_view();
    mdl_run *run = rnd_view_run(v, 0);
    SDL_Color body = rnd_fleet_color(0);
    int driving_seen = 0, belt_seen = 0;
    char err[512];
    /* Every 7 s for a while: vehicles at nodes and between them. */
    for (double t = 600.0; t < 600.0 + 7.0 * 120.0 && (driving_seen < 3 || belt_seen < 2); t += 7.0) {
        lv_session_advance_to(rnd_view_session(v), t);
        rnd_view_sync(v);
        rnd_view_fit(v, W, H);
        SDL_Surface *s = rnd_snapshot_surface(v, W, H, err, sizeof err);
        assert_non_null(s);
        bool driving = false;
        for (int i = 0; i < mdl_run_vehicle_count(run, 0); i++) {
            mdl_vehicle_view vv;
            assert_true(mdl_run_vehicle(run, 0, i, &vv));
            float x, y;
            assert_true(rnd_view_world_to_screen(v, W, H, 0, vv.x, vv.y, &x, &y));
            double ppm = rnd_view_zoom(v);
            /* A 1 m x 0.7 m body: well over a third of its area in the
             * fleet's colour, within its half-length of the position. */
            long n = count_near(s, x, y, (float)(0.5 * ppm), body);
            if (n < (long)(0.3 * ppm * 0.7 * ppm))
                fail_msg("t=%g vehicle %d (%s at %.2f, %.2f): %ld body pixels near (%g, %g)", t, i,
                         mdl_vstate_name(vv.state), vv.x, vv.y, n, (double)x, (double)y);
            driving |= vv.node < 0 && vv.speed > 0.0;
            rnd_pick p;
            assert_true(rnd_view_pick_at(v, W, H, x, y, &p));
            if (p.kind == RND_PICK_UNIT) { /* a unit on board is drawn on top: it wins */
                bool on_a_cart = false;
                for (int j = 0; j < mdl_run_vehicle_count(run, 0); j++) {
                    mdl_vehicle_view cv;
                    mdl_unit_view u;
                    assert_true(mdl_run_vehicle(run, 0, j, &cv));
                    for (int k = 0; k < cv.units; k++)
                        on_a_cart |= mdl_run_vehicle_unit(run, 0, j, k, &u) && u.serial == (uint64_t)p.index &&
                                     hypot(cv.x - vv.x, cv.y - vv.y) < 1.0;
                }
                assert_true(on_a_cart);
                continue;
            }
            assert_int_equal(p.kind, RND_PICK_VEHICLE);
            assert_int_equal(p.fleet, 0);
            /* Two carts may overlap at a node; then either is right. */
            if (p.index != i) {
                mdl_vehicle_view other;
                assert_true(mdl_run_vehicle(run, 0, p.index, &other));
                assert_true(hypot(other.x - vv.x, other.y - vv.y) < 1.0);
            }
        }
        driving_seen += driving;
        /* Units on the belt in their product's colour at their place. */
        size_t nb = mdl_run_conveyor_len(run, 0);
        for (size_t i = 0; i < nb; i++) {
            double sdist, wx, wy;
            mdl_unit_view u;
            assert_true(mdl_run_conveyor_unit(run, 0, i, &sdist, &wx, &wy, &u));
            float x, y;
            assert_true(rnd_view_world_to_screen(v, W, H, 0, wx, wy, &x, &y));
            long n = count_near(s, x, y, 10.0f, rnd_product_color(u.product));
            if (n < 12)
                fail_msg("belt unit %zu at s=%.2f: %ld product pixels", i, sdist, n);
        }
        belt_seen += nb > 0;
        /* The robot: its orange arm between the stations it tends. */
        SDL_FRect weld, pack;
        assert_true(rnd_view_station_rect(v, W, H, 0, 2, &weld));
        assert_true(rnd_view_station_rect(v, W, H, 0, 3, &pack));
        SDL_FRect area = {weld.x, weld.y, pack.x + pack.w - weld.x, weld.h * 3.5f};
        assert_true(count_color(s, area, (SDL_Color){236, 124, 32, 255}) > 40);
        /* To look at the picture: LINETWIN_TEST_PNG_DIR=/tmp. */
        if (getenv("LINETWIN_TEST_PNG_DIR")) {
            char path[512];
            snprintf(path, sizeof path, "%s/transport-%04.0f.png", getenv("LINETWIN_TEST_PNG_DIR"), t);
            assert_true(rnd_snapshot_save_png(s, path, err, sizeof err));
        }
        SDL_FreeSurface(s);
    }
    assert_true(driving_seen >= 3);
    assert_true(belt_seen >= 2);
    rnd_view_free(v);
}

/* The inspector of a vehicle and of a robot, the hover tooltip, and the
 * transport objects inside the fitted view. */
static void test_transport_inspector(void **state) {
    (void)state;
    const int W = 1280, H = 720;
    rnd_view *v = transport_view();
    lv_session_advance_to(rnd_view_session(v), 3.0 * 3600.0);
    rnd_view_sync(v);
    rnd_view_fit(v, W, H);
    mdl_run *run = rnd_view_run(v, 0);
    const mdl_model *m = rnd_view_model(v, 0);
    /* Fit: every node on screen, inside the floor. */
    rnd_layout L;
    rnd_view_layout(v, W, H, &L);
    for (int i = 0; i < mdl_model_node_count(m); i++) {
        float x, y;
        const mdl_node_spec *n = mdl_model_node(m, i);
        assert_true(rnd_view_world_to_screen(v, W, H, 0, n->x, n->y, &x, &y));
        assert_true(rnd_rect_contains(L.pane[0], x, y));
    }
    char err[512];
    SDL_Surface *plain = rnd_snapshot_surface(v, W, H, err, sizeof err);
    assert_non_null(plain);
    rnd_pick p = {RND_PICK_VEHICLE, 0, 0, 1};
    rnd_view_select_pick(v, &p);
    rnd_pick sel = rnd_view_selection(v);
    assert_int_equal(sel.kind, RND_PICK_VEHICLE);
    assert_int_equal(sel.index, 1);
    assert_int_equal(rnd_view_selected(v, NULL), -1);
    SDL_Surface *insp = rnd_snapshot_surface(v, W, H, err, sizeof err);
    assert_non_null(insp);
    /* A 300 px wide card appears on the floor: many more white pixels. */
    long white0 = count_color(plain, L.floor, (SDL_Color){255, 255, 255, 255});
    long white1 = count_color(insp, L.floor, (SDL_Color){255, 255, 255, 255});
    assert_true(white1 - white0 > 300L * 200L / 2L);
    if (getenv("LINETWIN_TEST_PNG_DIR")) {
        char path[512];
        snprintf(path, sizeof path, "%s/transport-vehicle-card.png", getenv("LINETWIN_TEST_PNG_DIR"));
        assert_true(rnd_snapshot_save_png(insp, path, err, sizeof err));
    }
    SDL_FreeSurface(insp);
    rnd_pick rp = {RND_PICK_ROBOT, 0, -1, 0};
    rnd_view_select_pick(v, &rp);
    assert_int_equal(rnd_view_selection(v).kind, RND_PICK_ROBOT);
    insp = rnd_snapshot_surface(v, W, H, err, sizeof err);
    assert_non_null(insp);
    assert_true(count_different(plain, insp, L.pane[0]) > 5000);
    if (getenv("LINETWIN_TEST_PNG_DIR")) {
        char path[512];
        snprintf(path, sizeof path, "%s/transport-robot-card.png", getenv("LINETWIN_TEST_PNG_DIR"));
        assert_true(rnd_snapshot_save_png(insp, path, err, sizeof err));
    }
    SDL_FreeSurface(insp);
    /* Out of range clears. */
    rnd_pick bad = {RND_PICK_VEHICLE, 0, 0, 7};
    rnd_view_select_pick(v, &bad);
    assert_int_equal(rnd_view_selection(v).kind, RND_PICK_NONE);
    /* Hovering a vehicle draws a tooltip near the mouse. */
    mdl_vehicle_view vv;
    assert_true(mdl_run_vehicle(run, 0, 0, &vv));
    float x, y;
    assert_true(rnd_view_world_to_screen(v, W, H, 0, vv.x, vv.y, &x, &y));
    rnd_view_hover(v, x, y, true);
    SDL_Surface *tip = rnd_snapshot_surface(v, W, H, err, sizeof err);
    assert_non_null(tip);
    assert_true(count_different(plain, tip, (SDL_FRect){x + 10.0f, y + 10.0f, 120.0f, 40.0f}) > 1000);
    SDL_FreeSurface(tip);
    SDL_FreeSurface(plain);
    rnd_view_free(v);
}

TEST_MAIN(render_setup, NULL,
        cmocka_unit_test(test_snapshot_is_png_of_size),
        cmocka_unit_test(test_station_colors_where_stations_are),
        cmocka_unit_test(test_broken_station_changes_picture),
        cmocka_unit_test(test_snapshot_side_by_side),
        cmocka_unit_test(test_small_and_large_sizes),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_chart),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_example_scenes),
        cmocka_unit_test(test_transport_drawn),
        cmocka_unit_test(test_transport_inspector),
)
