/*
 * test_render_misc18.c - the size of a `snapshot` without `--size`
 * (rnd_view_fit_size): the viewer's default window, 1280x720, grown to the
 * plant's shape until the fitted layout fills the floor both ways (then
 * the scale drops when either side shrinks), at most 2560x1440; wider for
 * two lines side by side. A plant that fills the default to 2 % keeps it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#define SDL_MAIN_HANDLED
#include <SDL.h>

#include "mdl_model.h"
#include "rnd_view.h"

#include "render_events.h"
#include "test_main.h"
#include "test_scene_text.h"

/* A line of n stations 2 m square, `dx` m apart along x and `dy` along y. */
static mdl_model *line_of(int n, double dx, double dy) {
    char text[4096];
    int at = snprintf(text, sizeof text, "stations = (");
    for (int i = 0; i < n; i++)
        at += snprintf(text + at, sizeof text - (size_t)at, "%s { id = \"s%d\"; at = [ %g, %g ]; cycle = \"1min\"; }",
                       i ? "," : "", i, i * dx, i * dy);
    snprintf(text + at, sizeof text - (size_t)at,
             " );\nproducts = ( { id = \"p\"; route = [ \"s0\" ]; } );\n"
             "release = ( { product = \"p\"; interarrival = \"exp(2min)\"; } );\n");
    return test_scene_text("line.cfg", text);
}

/* The camera's scale with the layout fitted to w x h. */
static double zoom_at(rnd_view *v, int w, int h) {
    rnd_view_fit(v, w, h);
    return rnd_view_zoom(v);
}

/* At w x h the layout fills the floor both ways: 10 pixels less either
 * way shrink the fitted scale. */
static void fills_both_ways(rnd_view *v, int w, int h) {
    double z = zoom_at(v, w, h);
    if (!(zoom_at(v, w - 10, h) < z)) fail_msg("%dx%d: the width has room to spare", w, h);
    if (!(zoom_at(v, w, h - 10) < z)) fail_msg("%dx%d: the height has room to spare", w, h);
}

/* A line of n stations (as line_of); n 0: none. */
typedef struct line_shape {
    int n;
    double dx, dy;
} line_shape;

static mdl_model *line_or_none(line_shape s) { return s.n ? line_of(s.n, s.dx, s.dy) : NULL; }

/* A plant (base, and retrofit beside it unless its n is 0) and its size
 * from 1280x720: w in [w_lo, w_hi), h in [h_lo, h_hi); with `fills` the
 * layout fills the floor both ways there; spare_w, spare_h (when not 0):
 * at 1280x720 that much width or height was to spare (the scale is the
 * same without it). */
typedef struct fit_case {
    const char *what;
    line_shape base, retrofit;
    int w_lo, w_hi, h_lo, h_hi;
    bool fills;
    int spare_w, spare_h;
} fit_case;

/* A short wide line (2 stations 4 m apart) widens: wider than 1280, as
 * high as 720 (to 2 %). A plant about as deep as wide (3 stations on a
 * diagonal, 6 m by 4 m) heightens: higher than 720, as wide as 1280 (to
 * 2 %). A very long line is capped at 2560 wide. Two lines side by side
 * each get the width: a line that fits 1280x720 alone (kept as it is)
 * needs a wider picture beside another. */
static const fit_case fit_cases[] = {
    {"long line", {2, 4.0, 0.0}, {0, 0.0, 0.0}, 1280 + 1280 / 50 + 1, 2560, 720, 720 + 720 / 50, true, 0, 20},
    {"deep plant", {3, 3.0, 2.0}, {0, 0.0, 0.0}, 1280, 1280 + 1280 / 50, 720 + 720 / 50 + 1, 1440, true, 10, 0},
    {"very long line", {20, 20.0, 0.0}, {0, 0.0, 0.0}, 2560, 2561, 720, 721, false, 0, 0},
    {"line that fits", {2, 3.0, 0.0}, {0, 0.0, 0.0}, 1280, 1281, 720, 721, false, 0, 0},
    {"two lines", {2, 3.0, 0.0}, {2, 3.0, 0.0}, 1280 + 640 + 1, 2560, 720, 1441, true, 0, 0},
};

static void sizes_fit_the_plant(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof fit_cases / sizeof fit_cases[0]; i++) {
        const fit_case *c = &fit_cases[i];
        rnd_view *v = view_of(line_or_none(c->base), line_or_none(c->retrofit));
        int w, h;
        rnd_view_fit_size(v, 1280, 720, 2560, 1440, &w, &h);
        print_message("%s: %dx%d\n", c->what, w, h);
        if (w < c->w_lo || w >= c->w_hi || h < c->h_lo || h >= c->h_hi)
            fail_msg("%s: %dx%d, wanted [%d, %d) x [%d, %d)", c->what, w, h, c->w_lo, c->w_hi, c->h_lo, c->h_hi);
        if ((c->spare_w || c->spare_h) && zoom_at(v, 1280, 720) != zoom_at(v, 1280 - c->spare_w, 720 - c->spare_h))
            fail_msg("%s: at 1280x720 there was no room to spare", c->what);
        if (c->fills) fills_both_ways(v, w, h);
        rnd_view_free(v);
    }
}

/* The result is a fixed point: from it, nothing grows. */
static void the_size_is_settled(void **state) {
    (void)state;
    static const line_shape lines[] = {{2, 4.0, 0.0}, {3, 3.0, 2.0}, {2, 1.0, 0.0}};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        rnd_view *v = view_of(line_or_none(lines[i]), NULL);
        int w, h, w2, h2;
        rnd_view_fit_size(v, 1280, 720, 2560, 1440, &w, &h);
        rnd_view_fit_size(v, w, h, 2560, 1440, &w2, &h2);
        assert_int_equal(w2, w);
        assert_int_equal(h2, h);
        rnd_view_free(v);
    }
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(sizes_fit_the_plant), cmocka_unit_test(the_size_is_settled), )
