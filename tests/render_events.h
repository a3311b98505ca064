/*
 * render_events.h - what the viewer tests inject (test_render_loop.c,
 * test_render_trace.c): a fake wall clock and SDL events (keys, text,
 * clicks). Include after <cmocka.h> and <SDL.h>.
 */
#ifndef LINETWIN_RENDER_EVENTS_H
#define LINETWIN_RENDER_EVENTS_H

/* A group setup and teardown for viewer tests: SDL's video (the dummy
 * driver unless the environment names one). */
static inline int setup_sdl(void **state) {
    (void)state;
    setenv("SDL_VIDEODRIVER", "dummy", 0);
    return SDL_Init(SDL_INIT_VIDEO) == 0 ? 0 : -1;
}

static inline int teardown_sdl(void **state) {
    (void)state;
    SDL_Quit();
    return 0;
}

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

static inline void push_key(SDL_Keycode k, Uint16 mod) {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.mod = mod;
    assert_int_equal(SDL_PushEvent(&e), 1);
}

static inline void push_click(float x, float y) {
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.x = (int)x;
    e.motion.y = (int)y;
    assert_int_equal(SDL_PushEvent(&e), 1);
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = SDL_PRESSED;
    e.button.x = (int)x;
    e.button.y = (int)y;
    assert_int_equal(SDL_PushEvent(&e), 1);
    e.type = SDL_MOUSEBUTTONUP;
    e.button.state = SDL_RELEASED;
    assert_int_equal(SDL_PushEvent(&e), 1);
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

#endif
