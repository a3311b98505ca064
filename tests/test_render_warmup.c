/*
 * test_render_warmup.c - the key-figure panel says what its figures count
 * (rnd_view_kpi_note, docs/viewer.md "KPI panel"): from the start while
 * warming up, "just ended" with the time counted so far in the first
 * minute after the warm-up (when the figures still read "-" and 0 though
 * the live chart, which shows the whole history, does not), and the time
 * counted after the warm-up from then on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>

#define SDL_MAIN_HANDLED
#include <SDL.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "rnd_view.h"

#include "render_events.h"
#include "test_main.h"
#include "test_scene_text.h"

static rnd_view *line_view(const char *warmup) {
    char text[600];
    snprintf(text, sizeof text,
             "run = { horizon = \"1d\"; warmup = \"%s\"; replications = 1; seed = 1; };\n"
             "stations = ( { id = \"a\"; at = [0.0, 0.0]; cycle = \"const(3min)\"; } );\n"
             "products = ( { id = \"p\"; route = [\"a\"]; } );\n"
             "release = ( { product = \"p\"; interarrival = \"const(4min)\"; } );\n",
             warmup);
    return view_of(test_scene_text("warm.cfg", text), NULL);
}

/* The note at `at` (s) is `want`. */
static void note_at(rnd_view *v, double at, const char *want) {
    char note[128];
    lv_session_advance_to(rnd_view_session(v), at);
    rnd_view_sync(v);
    rnd_view_kpi_note(v, note, sizeof note);
    assert_string_equal(note, want);
}

/* A 2 h warm-up: the panel says it is warming up; at its end exactly no
 * unit is counted yet (throughput "-", none out) while units did leave
 * before (the chart's 15/h), and the note says so; later the window. */
static void warm_up_end_is_explained(void **state) {
    (void)state;
    rnd_view *v = line_view("2h");
    note_at(v, 3600.0, "since start, warming up to 2 h");
    note_at(v, 7200.0, "warm-up just ended: 0 s counted");
    const mdl_rep_result *r = rnd_view_result(v, 0);
    assert_true(isnan(r->kpi[MDL_KPI_THROUGHPUT_PER_H]) && r->kpi[MDL_KPI_UNITS_OUT] == 0.0);
    note_at(v, 7230.0, "warm-up just ended: 30 s counted");
    note_at(v, 5.0 * 3600.0, "3 h counted after the 2 h warm-up");
    rnd_view_free(v);
}

/* No warm-up: the figures count from the start, and the note says so. */
static void no_warm_up(void **state) {
    (void)state;
    rnd_view *v = line_view("0s");
    note_at(v, 0.0, "since start");
    note_at(v, 3600.0, "since start");
    rnd_view_free(v);
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(warm_up_end_is_explained), cmocka_unit_test(no_warm_up), )
