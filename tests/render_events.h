/*
 * render_events.h - what the viewer tests inject (test_render.c,
 * test_render_loop.c, test_render_trace.c): a fake wall clock, a view and
 * a viewer of given models, SDL events (keys, text, buttons, clicks), and
 * the programs' group setup (SDL's dummy video driver). Include after
 * <cmocka.h> and <SDL.h>.
 */
#ifndef LINETWIN_RENDER_EVENTS_H
#define LINETWIN_RENDER_EVENTS_H

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "rnd_snapshot.h"
#include "rnd_view.h"
#include "rnd_viewer.h"

/* The fake wall clock: each frame reads it once and it moves `step`. */
typedef struct fake_clock {
    double t;
    double step;
} fake_clock;

static inline double fake_now(void *ctx) {
    fake_clock *c = ctx;
    double now = c->t;
    c->t += c->step;
    return now;
}

/* A view of base (and retrofit beside it, when not NULL), which takes the
 * models; fails the test with the view's message when it cannot be made.
 * The caller frees it. */
static inline rnd_view *view_of(mdl_model *base, mdl_model *retrofit) {
    rnd_view_config vc = {.models = {base, retrofit}};
    char err[512];
    rnd_view *v = rnd_view_new(&vc, err, sizeof err);
    if (!v) fail_msg("rnd_view_new: %s", err);
    return v;
}

/* A viewer of base (and retrofit beside it, when not NULL) of width x
 * height, at `speed`, paused or not, on the fake clock clk and never
 * throttled; the caller frees it. */
static inline rnd_viewer *fake_viewer(mdl_model *base, mdl_model *retrofit, fake_clock *clk, int width,
                                      int height, double speed, bool paused) {
    rnd_view *v = view_of(base, retrofit);
    char err[512];
    rnd_viewer_config cfg = {.width = width,
                             .height = height,
                             .speed = speed,
                             .start_paused = paused,
                             .clock = fake_now,
                             .clock_ctx = clk,
                             .no_throttle = true};
    rnd_viewer *vw = rnd_viewer_new(v, &cfg, err, sizeof err);
    if (!vw) fail_msg("%s", err);
    return vw;
}

static inline void push_key(SDL_Keycode k, Uint16 mod) {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.mod = mod;
    assert_int_equal(SDL_PushEvent(&e), 1);
}

/* The left button pressed (SDL_MOUSEBUTTONDOWN) or released
 * (SDL_MOUSEBUTTONUP) at (x, y). */
static inline void push_button(Uint32 type, int x, int y) {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    e.button.x = x;
    e.button.y = y;
    assert_int_equal(SDL_PushEvent(&e), 1);
}

static inline void push_click(float x, float y) {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.x = (int)x;
    e.motion.y = (int)y;
    assert_int_equal(SDL_PushEvent(&e), 1);
    push_button(SDL_MOUSEBUTTONDOWN, (int)x, (int)y);
    push_button(SDL_MOUSEBUTTONUP, (int)x, (int)y);
}

/* Text typed (SDL_TEXTINPUT), as a text field receives it. */
static inline void push_text(const char *s) {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    size_t n = strlen(s) < sizeof e.text.text - 1 ? strlen(s) : sizeof e.text.text - 1;
    memcpy(e.text.text, s, n); /* cut to the event's 32 bytes */
    e.text.text[n] = '\0';
    assert_int_equal(SDL_PushEvent(&e), 1);
}

/* Group setup of a viewer test program: SDL's dummy video driver, unless
 * SDL_VIDEODRIVER names another. */
static inline int render_setup(void **state) {
    (void)state;
    setenv("SDL_VIDEODRIVER", "dummy", 0);
    return 0;
}

/* The same, and SDL's video initialised (render_teardown_sdl quits it). */
static inline int render_setup_sdl(void **state) {
    render_setup(state);
    return SDL_Init(SDL_INIT_VIDEO) == 0 ? 0 : -1;
}

static inline int render_teardown_sdl(void **state) {
    (void)state;
    SDL_Quit();
    return 0;
}

/* ---- pictures (test_render_trace.c, test_render_left.c) -------------------- */

/* Saves a frame as DIR/name when LINETWIN_TEST_PNG_DIR names a folder (to
 * look at what a test saw). */
static inline void render_save_png(SDL_Surface *s, const char *name) {
    const char *dir = getenv("LINETWIN_TEST_PNG_DIR");
    if (!dir)
        return;
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    rnd_snapshot_save_png(s, path, err, sizeof err);
}

/* Pixels of box (clipped to the frame) within tol of `want` in each channel. */
static inline int render_count_colour(SDL_Surface *s, SDL_FRect box, SDL_Color want, int tol) {
    int n = 0;
    for (int y = (int)fmaxf(box.y, 0.0f); y < (int)fminf(box.y + box.h, (float)s->h); y++)
        for (int x = (int)fmaxf(box.x, 0.0f); x < (int)fminf(box.x + box.w, (float)s->w); x++) {
            SDL_Color c;
            SDL_GetRGBA(((Uint32 *)s->pixels)[y * (s->pitch / 4) + x], s->format, &c.r, &c.g, &c.b, &c.a);
            n += abs(c.r - want.r) <= tol && abs(c.g - want.g) <= tol && abs(c.b - want.b) <= tol;
        }
    return n;
}

#endif
