/*
 * test_render_legend.c - the legend and the scale bar in the floor's
 * bottom corners never overlap (rnd_view_overlay_boxes): for legends of
 * every width (a line alone, six products, material handling of every
 * kind, people, the stockroom scene whose "defective" entry once covered
 * the bar) at window sizes from 640x480 to 2560x1440, the layout fitted
 * and zoomed in and out (the bar's length follows the scale). The legend
 * is not simply dropped: at 1280x720 and more its main box is there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#define SDL_MAIN_HANDLED
#include <SDL.h>

#include "mdl_model.h"
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
#include "test_scene_text.h"

static bool overlap(SDL_FRect a, SDL_FRect b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Six products with long ids: the units' part of the legend at its widest. */
static mdl_model *six_products(void) {
    return test_scene_text("six.cfg",
                           "stations = ( { id = \"press\"; at = [0.0, 0.0]; cycle = \"1min\"; },\n"
                           "             { id = \"paint\"; at = [40.0, 0.0]; cycle = \"1min\"; } );\n"
                           "products = ( { id = \"housing-left\"; route = [\"press\", \"paint\"]; },\n"
                           "             { id = \"housing-right\"; route = [\"press\", \"paint\"]; },\n"
                           "             { id = \"cover-large\"; route = [\"press\", \"paint\"]; },\n"
                           "             { id = \"cover-small\"; route = [\"press\", \"paint\"]; },\n"
                           "             { id = \"bracket-long\"; route = [\"press\", \"paint\"]; },\n"
                           "             { id = \"bracket-short\"; route = [\"press\", \"paint\"]; } );\n"
                           "release = ( { product = \"housing-left\"; interarrival = \"exp(5min)\"; } );\n");
}

/* Every size and zoom of the view of m: no legend box meets the bar. */
static void never_overlap(mdl_model *m, const char *what) {
    static const int sizes[][2] = {{640, 480}, {800, 600}, {1024, 768}, {1280, 720},
                                   {1400, 900}, {1920, 1080}, {2560, 1440}, {3000, 700}};
    static const float zooms[] = {1.0f, 4.0f, 0.25f, 12.0f};
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    rnd_text *t = rnd_text_new(r);
    assert_non_null(t);
    rnd_view *v = view_of(m, NULL);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (size_t z = 0; z < sizeof zooms / sizeof zooms[0]; z++) {
            int w = sizes[i][0], h = sizes[i][1];
            rnd_view_fit(v, w, h);
            rnd_view_zoom_at(v, w, h, zooms[z], (float)w * 0.5f, (float)h * 0.5f);
            SDL_FRect bar, legend[8];
            int n = rnd_view_overlay_boxes(v, t, w, h, &bar, legend, 8);
            if (w >= 1280 && h >= 720 && n < 1)
                fail_msg("%s at %dx%d, zoom %g: no legend", what, w, h, (double)zooms[z]);
            for (int k = 0; k < n; k++)
                if (overlap(legend[k], bar))
                    fail_msg("%s at %dx%d, zoom %g: legend box %d (%g, %g, %g x %g) meets the scale bar "
                             "(%g, %g, %g x %g)",
                             what, w, h, (double)zooms[z], k, (double)legend[k].x, (double)legend[k].y,
                             (double)legend[k].w, (double)legend[k].h, (double)bar.x, (double)bar.y, (double)bar.w,
                             (double)bar.h);
        }
    rnd_view_free(v);
    rnd_text_free(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

static void stockroom_legend(void **state) {
    (void)state;
    never_overlap(fx_load_file(LINETWIN_SOURCE_DIR "/scenes/stockroom.cfg"), "stockroom");
}

static void material_handling_legend(void **state) {
    (void)state;
    never_overlap(transport_line(), "transport line");
}

static void products_legend(void **state) {
    (void)state;
    never_overlap(six_products(), "six products");
}

static void people_legend(void **state) {
    (void)state;
    never_overlap(fx_load_file(LINETWIN_SOURCE_DIR "/scenes/demo.cfg"), "demo (people)");
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(stockroom_legend),
          cmocka_unit_test(material_handling_legend),
          cmocka_unit_test(products_legend),
          cmocka_unit_test(people_legend),
)
