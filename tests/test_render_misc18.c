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

/* A short wide line (2 stations 4 m apart): wider than 1280, as high as
 * 720 (to 2 %); at 1280x720 the height had room to spare. */
static void a_long_line_widens(void **state) {
    (void)state;
    rnd_view *v = view_of(line_of(2, 4.0, 0.0), NULL);
    int w, h;
    rnd_view_fit_size(v, 1280, 720, 2560, 1440, &w, &h);
    print_message("long line: %dx%d\n", w, h);
    assert_true(w > 1280 + 1280 / 50 && w < 2560);
    assert_true(h >= 720 && h < 720 + 720 / 50);
    assert_true(zoom_at(v, 1280, 720) == zoom_at(v, 1280, 700));
    fills_both_ways(v, w, h);
    rnd_view_free(v);
}

/* A plant about as deep as wide (3 stations on a diagonal, 6 m by 4 m):
 * higher than 720, as wide as 1280 (to 2 %). */
static void a_deep_plant_heightens(void **state) {
    (void)state;
    rnd_view *v = view_of(line_of(3, 3.0, 2.0), NULL);
    int w, h;
    rnd_view_fit_size(v, 1280, 720, 2560, 1440, &w, &h);
    print_message("deep plant: %dx%d\n", w, h);
    assert_true(w >= 1280 && w < 1280 + 1280 / 50);
    assert_true(h > 720 + 720 / 50 && h < 1440);
    assert_true(zoom_at(v, 1280, 720) == zoom_at(v, 1270, 720));
    fills_both_ways(v, w, h);
    rnd_view_free(v);
}

/* A very long line is capped at 2560 wide. Two lines side by side each
 * get the width: a line that fits 1280x720 alone (kept as it is) needs a
 * wider picture beside another. */
static void capped_and_shared(void **state) {
    (void)state;
    rnd_view *v = view_of(line_of(20, 20.0, 0.0), NULL);
    int w, h;
    rnd_view_fit_size(v, 1280, 720, 2560, 1440, &w, &h);
    assert_int_equal(w, 2560);
    assert_int_equal(h, 720);
    rnd_view_free(v);
    v = view_of(line_of(2, 3.0, 0.0), NULL);
    rnd_view_fit_size(v, 1280, 720, 2560, 1440, &w, &h);
    assert_int_equal(w, 1280);
    assert_int_equal(h, 720);
    rnd_view_free(v);
    v = view_of(line_of(2, 3.0, 0.0), line_of(2, 3.0, 0.0));
    rnd_view_fit_size(v, 1280, 720, 2560, 1440, &w, &h);
    print_message("two lines: %dx%d\n", w, h);
    assert_true(w > 1280 + 640 && w < 2560);
    fills_both_ways(v, w, h);
    rnd_view_free(v);
}

/* The result is a fixed point: from it, nothing grows. */
static void the_size_is_settled(void **state) {
    (void)state;
    static const double lines[][3] = {{2, 4.0, 0.0}, {3, 3.0, 2.0}, {2, 1.0, 0.0}};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        rnd_view *v = view_of(line_of((int)lines[i][0], lines[i][1], lines[i][2]), NULL);
        int w, h, w2, h2;
        rnd_view_fit_size(v, 1280, 720, 2560, 1440, &w, &h);
        rnd_view_fit_size(v, w, h, 2560, 1440, &w2, &h2);
        assert_int_equal(w2, w);
        assert_int_equal(h2, h);
        rnd_view_free(v);
    }
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(a_long_line_widens), cmocka_unit_test(a_deep_plant_heightens),
          cmocka_unit_test(capped_and_shared), cmocka_unit_test(the_size_is_settled), )
