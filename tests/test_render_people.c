/*
 * test_render_people.c - people in the viewer (rnd_people.c): a person on
 * the floor is drawn in its state's colour where the run places it, picking
 * there selects the person (and its pool card), and the legend explains the
 * `wait_operator` colour; the O key's command maps to the session's person
 * action on the selected person's pool.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "mdl_people.h"
#include "rnd_draw.h"
#include "rnd_keys.h"
#include "rnd_snapshot.h"
#include "rnd_view.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "model_fixtures.h"
#include "render_events.h"
#include "test_main.h"

#define DEMO LINETWIN_SOURCE_DIR "/scenes/demo.cfg"
#define W 1280
#define H 720

static rnd_view *demo_view(double at) {
    rnd_view *v = view_of(fx_load_file(DEMO), NULL);
    lv_session_advance_to(rnd_view_session(v), at);
    rnd_view_sync(v);
    rnd_view_fit(v, W, H);
    return v;
}

static long count_color(const SDL_Surface *s, SDL_FRect rc, SDL_Color c) {
    long n = 0;
    for (int y = (int)rc.y; y < (int)(rc.y + rc.h) && y < s->h; y++)
        for (int x = (int)rc.x; x < (int)(rc.x + rc.w) && x < s->w; x++) {
            if (x < 0 || y < 0) continue;
            Uint32 p;
            memcpy(&p, (const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch + (size_t)x * 4, 4);
            Uint8 r, g, b, a;
            SDL_GetRGBA(p, s->format, &r, &g, &b, &a);
            n += r == c.r && g == c.g && b == c.b;
        }
    return n;
}

/* At 10 h on Monday the early shift works: every person on the floor is
 * drawn in the colour of its state at the place the run gives, and a click
 * there selects that person. */
static void people_drawn_and_picked(void **state) {
    (void)state;
    rnd_view *v = demo_view(10 * 3600.0);
    const mdl_run *run = rnd_view_run(v, 0);
    char err[256];
    SDL_Surface *s = rnd_snapshot_surface(v, W, H, err, sizeof err);
    assert_non_null(s);
    int drawn = 0;
    for (int g = 0; g < mdl_run_person_count(run); g++) {
        rnd_pick p = {RND_PICK_PERSON, 0, -1, g};
        SDL_FRect rc;
        if (!mdl_run_person_where(run, g, NULL, NULL)) continue;
        assert_true(rnd_view_pick_rect(v, W, H, &p, &rc));
        mdl_person_state st = mdl_run_person_state(run, g, NULL);
        long got = count_color(s, rc, rnd_person_color((int)st));
        if (got <= 4) fail_msg("person %d (%s) at %.0f,%.0f: %ld pixels of its colour", g, mdl_person_state_name(st), (double)rc.x, (double)rc.y, got);
        drawn++;
    }
    assert_true(drawn >= 5);
    SDL_FreeSurface(s);
    /* The legend names the operator wait (its colour was unexplained). */
    assert_string_equal(rnd_state_label(MDL_STATE_WAIT_OPERATOR), "waiting for operator");
    rnd_view_free(v);
}

static void person_pick_selects_its_pool(void **state) {
    (void)state;
    rnd_view *v = demo_view(10 * 3600.0);
    const mdl_run *run = rnd_view_run(v, 0);
    for (int g = 0; g < mdl_run_person_count(run); g++) {
        rnd_pick p = {RND_PICK_PERSON, 0, -1, g}, hit;
        SDL_FRect rc;
        if (!rnd_view_pick_rect(v, W, H, &p, &rc)) continue;
        assert_true(rnd_view_pick_at(v, W, H, rc.x + rc.w * 0.5f, rc.y + rc.h * 0.6f, &hit));
        assert_int_equal(hit.kind, RND_PICK_PERSON);
        rnd_view_select_pick(v, &hit);
        rnd_pick sel = rnd_view_selection(v);
        assert_int_equal(sel.kind, RND_PICK_PERSON);
        int pool = mdl_run_person_pool(run, hit.index);
        assert_int_equal(sel.fleet, pool);
        mdl_pool_now a, b;
        assert_true(mdl_run_pool_now(run, pool, &a));
        int arg;
        assert_int_equal(rnd_key_lookup(SDLK_o, 0, &arg), RND_CMD_ADD_PERSON);
        assert_int_equal(rnd_key_lookup(SDLK_l, 0, &arg), RND_CMD_REMOVE_PERSON);
        assert_true(rnd_view_action(v, RND_ACT_ADD_PERSON, false));
        assert_true(mdl_run_pool_now(run, pool, &b));
        assert_int_equal(b.roll, a.roll + 1);
        char e[256];
        SDL_Surface *s = rnd_snapshot_surface(v, W, H, e, sizeof e); /* the pool card draws */
        assert_non_null(s);
        SDL_FreeSurface(s);
        rnd_view_free(v);
        return;
    }
    fail_msg("no person on the floor at 10 h");
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(people_drawn_and_picked),
        cmocka_unit_test(person_pick_selects_its_pool),
)
