/*
 * test_render_cards.c - the viewer's inspector cards (docs/viewer.md):
 * - they say what their figures count, in the words of the key-figure
 *   panel (rnd_view_kpi_note): "since start, warming up to ..." during
 *   the warm-up, "... counted after the ... warm-up" after it; read off
 *   the text a drawn frame says inside the card (rnd_text_set_listener),
 *   for a station's, a vehicle's, a robot's and a pool's card;
 * - a card never covers the legend or the scale bar
 *   (rnd_view_overlay_boxes, as test_render_legend.c checks the two):
 *   every station, vehicle and robot of a line selected in turn, at
 *   window sizes from 640x480 to 2560x1440, fitted and zoomed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SDL_MAIN_HANDLED
#include <SDL.h>

#include "mdl_model.h"
#include "mdl_people.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "rnd_text.h"
#include "rnd_view.h"
#include "scn_diag.h"
#include "scn_scene.h"

#include "model_fixtures.h"
#include "render_events.h"
#include "render_fixtures.h"
#include "test_main.h"

static bool overlap(SDL_FRect a, SDL_FRect b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* ---- what a card says ---------------------------------------------------------- */

typedef struct said {
    SDL_FRect card;
    const char *want;
    int inside, outside; /* lines equal to `want` drawn inside / outside the card */
} said;

static void on_text(void *ctx, const char *utf8, float x, float y) {
    said *s = ctx;
    if (strcmp(utf8, s->want) != 0) return;
    if (x >= s->card.x && x < s->card.x + s->card.w && y >= s->card.y && y < s->card.y + s->card.h) s->inside++;
    else s->outside++;
}

/* Draws a 1600x1000 frame of v with pick p selected: the card says the
 * panel's note, which contains `words`. */
static void card_says(rnd_view *v, const rnd_pick *p, const char *words, const char *what) {
    const int w = 1600, h = 1000;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    rnd_text *t = rnd_text_new(r);
    assert_non_null(t);
    char note[128];
    rnd_view_pane_kpi_note(v, p->pane, note, sizeof note);
    if (!strstr(note, words)) fail_msg("%s: the note is \"%s\", not about \"%s\"", what, note, words);
    rnd_view_fit(v, w, h);
    said sd = {{0, 0, 0, 0}, note, 0, 0};
    /* a person is picked where it stands: the first one on the floor */
    int people = p->kind == RND_PICK_PERSON ? 500 : 1; /* the ids past the last are refused */
    bool card = false;
    for (int k = 0; k < people && !card; k++) {
        rnd_pick q = *p;
        if (p->kind == RND_PICK_PERSON) q.index = k;
        if (q.kind == RND_PICK_STATION) rnd_view_select(v, q.pane, q.index);
        else rnd_view_select_pick(v, &q);
        card = rnd_view_card_rect(v, w, h, &sd.card);
    }
    if (!card) fail_msg("%s: no card", what);
    rnd_text_set_listener(t, on_text, &sd);
    rnd_view_draw(v, r, t, w, h);
    print_message("%s: \"%s\" %d time(s) in the card, %d outside\n", what, note, sd.inside, sd.outside);
    if (sd.inside != 1) fail_msg("%s: the card does not say \"%s\"", what, note);
    rnd_text_set_listener(t, NULL, NULL);
    rnd_view_select(v, 0, -1);
    rnd_text_free(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

/* The retrofit line (a week's warm-up, AGVs, robots, people): during the
 * warm-up and after it, each kind of card says what the panel says. */
static void cards_say_what_they_count(void **state) {
    (void)state;
    mdl_model *m = fx_load_file(LINETWIN_SOURCE_DIR "/scenes/retrofit.cfg");
    assert_true(mdl_model_fleet_count(m) > 0 && mdl_model_pool_count(m) > 0 && mdl_model_robot_count(m) > 0);
    rnd_view *v = view_of(m, NULL);
    double warm = mdl_model_run(m)->warmup;
    assert_true(warm > 10.0 * 3600.0);
    rnd_pick picks[4] = {{RND_PICK_STATION, 0, -1, 0}, {RND_PICK_VEHICLE, 0, 0, 0}, {RND_PICK_PERSON, 0, 0, 0},
                         {RND_PICK_ROBOT, 0, -1, 0}};
    static const char *const names[] = {"station card", "vehicle card", "pool card", "robot card"};
    int n = 4;
    for (int phase = 0; phase < 2; phase++) {
        lv_session_advance_to(rnd_view_session(v), phase == 0 ? 10.0 * 3600.0 : warm + 10.0 * 3600.0); /* Monday 10:00: on shift, no break */
        rnd_view_sync(v);
        for (int i = 0; i < n; i++) card_says(v, &picks[i], phase == 0 ? "warming up to" : "counted after", names[i]);
    }
    rnd_view_free(v);
}

/* The retrofit beside itself with a warm-up of 1 d instead of 7 d. */
static rnd_view *two_warmups(void) {
    const char *path = LINETWIN_SOURCE_DIR "/scenes/retrofit.cfg";
    const char *sets[] = {"run.warmup=\"1d\""};
    scn_diags *d = scn_diags_new();
    mdl_model *second = scn_load_file(path, sets, 1, d);
    if (!second) fail_msg("%s: %s", path, scn_diags_count(d) ? scn_diags_get(d, 0) : "?");
    scn_diags_free(d);
    return view_of(fx_load_file(path), second);
}

/* Two scenes side by side whose warm-ups differ (7 d and 1 d): at day 2
 * the base is still warming up and the retrofit counts; each card says
 * what its own scene's figures count (the second pane's cards once said
 * the first pane's note). */
static void cards_say_their_panes_window(void **state) {
    (void)state;
    rnd_view *v = two_warmups();
    lv_session_advance_to(rnd_view_session(v), 24.0 * 3600.0 + 10.0 * 3600.0); /* Tuesday 10:00 */
    rnd_view_sync(v);
    rnd_pick picks[4] = {{RND_PICK_STATION, 0, -1, 0}, {RND_PICK_VEHICLE, 0, 0, 0}, {RND_PICK_STATION, 1, -1, 0},
                         {RND_PICK_VEHICLE, 1, 0, 0}};
    static const char *const names[] = {"base station card", "base vehicle card", "retrofit station card",
                                        "retrofit vehicle card"};
    for (int i = 0; i < 4; i++) card_says(v, &picks[i], i < 2 ? "warming up to 7 d" : "after the 1 d warm-up", names[i]);
    rnd_view_free(v);
}

/* The text a frame draws, every line of it (for the key-figure panel). */
typedef struct drawn {
    char text[512][192];
    int n;
} drawn;

static void on_any_text(void *ctx, const char *utf8, float x, float y) {
    (void)x, (void)y;
    drawn *d = ctx;
    if (d->n < 512) snprintf(d->text[d->n++], sizeof d->text[0], "%s", utf8);
}

static bool drew(const drawn *d, const char *want) {
    for (int i = 0; i < d->n; i++)
        if (strcmp(d->text[i], want) == 0) return true;
    return false;
}

/* What a 1600x1000 frame of v at time `at` (s) draws (free it). */
static drawn *frame_text(rnd_view *v, double at) {
    const int w = 1600, h = 1000;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    rnd_text *t = rnd_text_new(r);
    assert_non_null(t);
    lv_session_advance_to(rnd_view_session(v), at);
    rnd_view_sync(v);
    drawn *dr = calloc(1, sizeof *dr);
    assert_non_null(dr);
    rnd_text_set_listener(t, on_any_text, dr);
    rnd_view_fit(v, w, h);
    rnd_view_draw(v, r, t, w, h);
    rnd_text_set_listener(t, NULL, NULL);
    rnd_text_free(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    return dr;
}

static void must_draw(const drawn *dr, double at, const char *what, const char *want) {
    if (drew(dr, want)) return;
    for (int i = 0; i < dr->n; i++) print_message("drawn: %s\n", dr->text[i]);
    fail_msg("at %g h the %s does not say \"%s\"", at / 3600.0, what, want);
}

/* Does any line drawn contain `part`? */
static bool drew_part(const drawn *dr, const char *part) {
    for (int i = 0; i < dr->n; i++)
        if (strstr(dr->text[i], part)) return true;
    return false;
}

/* The same two scenes: the key-figure panel says each scene's window on
 * a line of its own ("BASE: since start, warming up to 7 d", "RETROFIT:
 * 10 h counted after the 1 d warm-up"), and the top bar's warm-up chip
 * names the scene still warming up (both once said the first scene's
 * warm-up alone). At 12 h both are warming up, and the chip says both;
 * after both warm-ups there is no chip. */
static void panel_says_each_panes_window(void **state) {
    (void)state;
    rnd_view *v = two_warmups();
    const char *l0 = lv_session_label(rnd_view_session(v), 0), *l1 = lv_session_label(rnd_view_session(v), 1);
    static const struct {
        double at;
        const char *note0, *note1, *chip0, *chip1;
    } when[] = {{12.0 * 3600.0, "since start, warming up to 7 d", "since start, warming up to 1 d", "warm-up to 7 d",
                 "warm-up to 1 d"},
                {34.0 * 3600.0, "since start, warming up to 7 d", "10 h counted after the 1 d warm-up",
                 "warm-up to 7 d", NULL}};
    for (int k = 0; k < 2; k++) {
        drawn *dr = frame_text(v, when[k].at);
        char want[192];
        snprintf(want, sizeof want, "%s: %s", l0, when[k].note0);
        must_draw(dr, when[k].at, "panel", want);
        snprintf(want, sizeof want, "%s: %s", l1, when[k].note1);
        must_draw(dr, when[k].at, "panel", want);
        if (when[k].chip1)
            snprintf(want, sizeof want, "%s %s, %s %s", l0, when[k].chip0, l1, when[k].chip1);
        else
            snprintf(want, sizeof want, "%s %s", l0, when[k].chip0);
        must_draw(dr, when[k].at, "top bar", want);
        free(dr);
    }
    drawn *dr = frame_text(v, 8.0 * 24.0 * 3600.0 + 10.0 * 3600.0);
    assert_false(drew_part(dr, "warm-up to"));
    char want[192];
    snprintf(want, sizeof want, "%s: 1 d 10 h counted after the 7 d warm-up", l0);
    must_draw(dr, 202.0 * 3600.0, "panel", want);
    free(dr);
    rnd_view_free(v);
}

/* Two scenes with the same warm-up: one note beside the panel's title and
 * a chip without labels, as with one scene. */
static void panel_with_equal_warmups(void **state) {
    (void)state;
    const char *path = LINETWIN_SOURCE_DIR "/scenes/retrofit.cfg";
    rnd_view *v = view_of(fx_load_file(path), fx_load_file(path));
    drawn *dr = frame_text(v, 10.0 * 3600.0);
    must_draw(dr, 10.0 * 3600.0, "panel", "since start, warming up to 7 d");
    must_draw(dr, 10.0 * 3600.0, "top bar", "warm-up to 7 d");
    assert_false(drew_part(dr, ": since start"));
    free(dr);
    rnd_view_free(v);
}

/* A fleet larger than its layout holds (retrofit with 8 AGVs: 5 fit)
 * keeps 3 switched off, out of the traffic: they are not on the floor,
 * so no click or selection finds them, and the events log says so. */
static void held_vehicles_are_off_the_floor(void **state) {
    (void)state;
    const char *path = LINETWIN_SOURCE_DIR "/scenes/retrofit.cfg";
    const char *sets[] = {"fleets.agv.count=8"};
    scn_diags *d = scn_diags_new();
    mdl_model *m = scn_load_file(path, sets, 1, d);
    if (!m) fail_msg("%s: %s", path, scn_diags_count(d) ? scn_diags_get(d, 0) : "?");
    scn_diags_free(d);
    int on = mdl_model_fleet_in_traffic(m, 0);
    assert_int_equal(on, 5);
    rnd_view *v = view_of(m, NULL);
    bool logged = false;
    for (int i = 0; i < rnd_view_log_count(v); i++)
        logged |= strcmp(rnd_view_log_line(v, i, NULL, NULL), "fleet agv: 3 of 8 held out of the traffic (the layout holds 5)") == 0;
    assert_true(logged);
    lv_session_advance_to(rnd_view_session(v), 10.0 * 3600.0);
    rnd_view_sync(v);
    const int w = 1600, h = 1000;
    rnd_view_fit(v, w, h);
    mdl_run *run = rnd_view_run(v, 0);
    for (int i = 0; i < 8; i++) {
        mdl_vehicle_view vv;
        assert_true(mdl_run_vehicle(run, 0, i, &vv));
        assert_int_equal(vv.held, i >= on);
        rnd_pick p = {RND_PICK_VEHICLE, 0, 0, i};
        SDL_FRect card;
        rnd_view_select_pick(v, &p);
        assert_int_equal(rnd_view_card_rect(v, w, h, &card), i < on); /* a card for those on the floor only */
        if (i < on) continue;
        assert_int_equal(vv.node, -1);
        float x, y;
        assert_true(rnd_view_world_to_screen(v, w, h, 0, vv.x, vv.y, &x, &y));
        rnd_pick q;
        if (rnd_view_pick_at(v, w, h, x, y, &q) && q.kind == RND_PICK_VEHICLE) assert_true(q.index < on);
    }
    rnd_view_free(v);
}

/* ---- a vehicle's task ---------------------------------------------------------- */

static void expect_prefix(const char *line, const char *prefix) {
    if (strncmp(line, prefix, strlen(prefix)) != 0) fail_msg("\"%s\" does not begin \"%s\"", line, prefix);
}

/* A vehicle's card says how long it has held its task, and "(stalled)"
 * past the stall limit, the key figures say the fleet's traffic stalled,
 * and the event log says the stall once: on the
 * stalled layout (tests/scenes/stall.cfg) at day 2 a vehicle has held
 * one for over a day; on the retrofit line at 10 h none has, and the
 * tasks in hand are minutes old. */
static void vehicle_card_says_its_task(void **state) {
    (void)state;
    static const char *const scenes[2] = {"/tests/scenes/stall.cfg", "/scenes/retrofit.cfg"};
    static const double at[2] = {2.0 * 86400.0, 10.0 * 3600.0};
    for (int k = 0; k < 2; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s%s", LINETWIN_SOURCE_DIR, scenes[k]);
        mdl_model *m = fx_load_file(path);
        rnd_view *v = view_of(m, NULL);
        mdl_run *run = rnd_view_run(v, 0);
        /* (on to the first moment after `at` with a task in hand, half-minute steps) */
        bool any = false;
        double now = at[k];
        for (int j = 0; j < 240 && !any; j++) {
            now = at[k] + 30.0 * j;
            lv_session_advance_to(rnd_view_session(v), now);
            rnd_view_sync(v);
            run = rnd_view_run(v, 0);
            for (int i = 0; i < mdl_model_fleet(m, 0)->count && !any; i++) {
                mdl_vehicle_view vv;
                any = mdl_run_vehicle(run, 0, i, &vv) && vv.task_s > 0.0;
            }
        }
        int stalled = 0, tasks = 0;
        for (int i = 0; i < mdl_model_fleet(m, 0)->count; i++) {
            mdl_vehicle_view vv;
            assert_true(mdl_run_vehicle(run, 0, i, &vv));
            if (vv.held) continue;
            rnd_pick p = {RND_PICK_VEHICLE, 0, 0, i};
            rnd_view_select_pick(v, &p);
            drawn *d = frame_text(v, now);
            rnd_view_select(v, 0, -1);
            /* (3 days: the stall limit is 1 d) */
            char want[96] = "none", dur[48];
            rnd_format_duration(dur, sizeof dur, vv.task_s);
            if (vv.task_s > 0.0)
                snprintf(want, sizeof want, "%s, for %s%s", vv.units > 0 ? "drop" : "pick-up", dur, vv.task_s > 86400.0 ? " (stalled)" : "");
            if (!drew(d, "Task") || !drew(d, want)) fail_msg("%s vehicle %d: the card does not say \"Task: %s\"", scenes[k], i, want);
            tasks += vv.task_s > 0.0;
            stalled += vv.task_s > 86400.0;
            free(d);
        }
        print_message("%s at %.0f h: %d vehicle(s) with a task, %d stalled\n", scenes[k], at[k] / 3600.0, tasks, stalled);
        assert_true(tasks > 0);
        assert_int_equal(stalled > 0, k == 0);
        /* the key figures say it too, while it lasts */
        drawn *kd = frame_text(v, now);
        assert_int_equal(drew(kd, "Traffic stalled: fleet agv"), k == 0);
        free(kd);
        /* the event log says a stall once, however many frames take it in */
        for (int frame = 0; frame < 3; frame++) rnd_view_flash_update(v, 100.0 + frame);
        int alarms = 0;
        for (int i = 0; i < rnd_view_log_count(v); i++) {
            const char *line = rnd_view_log_line(v, i, NULL, NULL);
            if (strstr(line, "traffic stalled")) {
                alarms++;
                expect_prefix(line, "fleet agv: traffic stalled, a task held ");
                assert_non_null(strstr(line, " d")); /* (over a day) */
            }
        }
        assert_int_equal(alarms, k == 0 ? 1 : 0);
        rnd_view_free(v);
    }
}

/* ---- where a card goes ------------------------------------------------------------ */

/* Every size and zoom with the selection made by select(v, k): the open
 * card meets no legend box and not the scale bar; returns how many cards
 * were checked. */
typedef bool select_fn(rnd_view *v, int k);

static int never_cover(mdl_model *m, select_fn *select, const char *what) {
    static const int sizes[][2] = {{640, 480}, {800, 600}, {1024, 768}, {1280, 720},
                                   {1400, 900}, {1920, 1080}, {2560, 1440}, {3000, 700}};
    static const float zooms[] = {1.0f, 1.6f, 0.6f};
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    rnd_text *t = rnd_text_new(r);
    assert_non_null(t);
    rnd_view *v = view_of(m, NULL);
    lv_session_advance_to(rnd_view_session(v), 4.0 * 3600.0);
    rnd_view_sync(v);
    int checked = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (size_t z = 0; z < sizeof zooms / sizeof zooms[0]; z++)
            for (int k = 0; select(v, k); k++) {
                int w = sizes[i][0], h = sizes[i][1];
                rnd_view_fit(v, w, h);
                rnd_view_zoom_at(v, w, h, zooms[z], (float)w * 0.5f, (float)h * 0.5f);
                SDL_FRect card, bar, legend[8];
                if (!rnd_view_card_rect(v, w, h, &card)) continue;
                int n = rnd_view_overlay_boxes(v, t, w, h, &bar, legend, 8);
                if (n < 0) continue;
                checked++;
                if (overlap(card, bar))
                    fail_msg("%s %d at %dx%d, zoom %g: the card (%g, %g, %g x %g) covers the scale bar (%g, %g)",
                             what, k, w, h, (double)zooms[z], (double)card.x, (double)card.y, (double)card.w,
                             (double)card.h, (double)bar.x, (double)bar.y);
                for (int b = 0; b < n; b++)
                    if (overlap(card, legend[b]))
                        fail_msg("%s %d at %dx%d, zoom %g: the card (%g, %g, %g x %g) covers legend box %d "
                                 "(%g, %g, %g x %g)", what, k, w, h, (double)zooms[z], (double)card.x,
                                 (double)card.y, (double)card.w, (double)card.h, b, (double)legend[b].x,
                                 (double)legend[b].y, (double)legend[b].w, (double)legend[b].h);
            }
    rnd_view_free(v);
    rnd_text_free(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    return checked;
}

static bool select_station(rnd_view *v, int k) {
    const mdl_model *m = rnd_view_model(v, 0);
    if (k >= mdl_model_station_count(m)) return false;
    rnd_view_select(v, 0, k);
    return true;
}

static bool select_mover(rnd_view *v, int k) {
    const mdl_model *m = rnd_view_model(v, 0);
    int nv = 0;
    for (int f = 0; f < mdl_model_fleet_count(m); f++) {
        int c = mdl_model_fleet(m, f)->count;
        if (k < nv + c) {
            rnd_pick p = {RND_PICK_VEHICLE, 0, f, k - nv};
            rnd_view_select_pick(v, &p);
            return true;
        }
        nv += c;
    }
    if (k - nv >= mdl_model_robot_count(m)) return false;
    rnd_pick p = {RND_PICK_ROBOT, 0, -1, k - nv};
    rnd_view_select_pick(v, &p);
    return true;
}

/* A line whose stations stand along the floor's bottom edge: the cards of
 * the low ones once covered the legend. */
static void station_cards_keep_clear(void **state) {
    (void)state;
    assert_true(never_cover(fx_load_file(LINETWIN_SOURCE_DIR "/scenes/demo.cfg"), select_station, "demo station") >
                0);
    assert_true(never_cover(transport_line(), select_station, "transport line station") > 0);
}

static void vehicle_and_robot_cards_keep_clear(void **state) {
    (void)state;
    assert_true(never_cover(transport_line(), select_mover, "transport line vehicle/robot") > 0);
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(cards_say_what_they_count),
          cmocka_unit_test(cards_say_their_panes_window),
          cmocka_unit_test(panel_says_each_panes_window),
          cmocka_unit_test(panel_with_equal_warmups),
          cmocka_unit_test(held_vehicles_are_off_the_floor),
          cmocka_unit_test(vehicle_card_says_its_task),
          cmocka_unit_test(station_cards_keep_clear),
          cmocka_unit_test(vehicle_and_robot_cards_keep_clear),
)
