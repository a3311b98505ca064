/*
 * rnd_dock.c - the docks layer of the floor (docs/viewer.md): each
 * receiving or shipping dock a small marked rectangle at its position (its
 * `at`, else its node), hatched along its edge like a loading bay, with
 * its id, its kind and, for a receiving dock, the units waiting there
 * (the first few drawn and picked as units on belts and vehicles are).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_dock.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

#define DOCK_W 2.4 /* metres */
#define DOCK_H 1.4

void rnd__dock_bounds(const mdl_model *m, double *x0, double *y0, double *x1, double *y1) {
    for (int d = 0; d < mdl_model_dock_count(m); d++) {
        double x, y;
        if (!mdl_model_dock_position(m, d, &x, &y)) continue;
        *x0 = fmin(*x0, x - DOCK_W);
        *x1 = fmax(*x1, x + DOCK_W);
        *y0 = fmin(*y0, y - DOCK_H);
        *y1 = fmax(*y1, y + DOCK_H + 1.0); /* its label */
    }
}

static SDL_FRect dock_rect(const rnd_xform *x, double cx, double cy) {
    float a = rnd__sx(x, cx - DOCK_W / 2), b = rnd__sy(x, cy - DOCK_H / 2);
    float c = rnd__sx(x, cx + DOCK_W / 2), e = rnd__sy(x, cy + DOCK_H / 2);
    return (SDL_FRect){fminf(a, c), fminf(b, e), fabsf(c - a), fabsf(e - b)};
}

int rnd__dock_unit_spots(const rnd_xform *x, const mdl_model *m, int d, size_t n, float *cx, float *cy, float *us) {
    double wx, wy;
    if (!mdl_model_dock_position(m, d, &wx, &wy)) return -1;
    SDL_FRect rc = dock_rect(x, wx, wy);
    *us = rc.h * 0.45f > 11.0f ? 11.0f : rc.h * 0.45f;
    if (*us < 4.0f) return -1; /* far out: the count in the label says it */
    int fit = (int)((rc.w - 4.0f) / (*us + 3.0f)), shown = n < (size_t)fit ? (int)n : fit;
    shown = shown > 4 ? 4 : shown;
    for (int i = 0; i < shown; i++) {
        cx[i] = rc.x + 4.0f + (*us + 3.0f) * ((float)i + 0.5f);
        cy[i] = rc.y + rc.h * 0.45f;
    }
    return shown;
}

/* The units waiting at a receiving dock, as units on belts and vehicles. */
static void draw_waiting(const rnd_frame *f, int d, int waiting) {
    float cx[4], cy[4], us;
    int shown = rnd__dock_unit_spots(&f->x, f->pane->model, d, (size_t)(waiting > 0 ? waiting : 0), cx, cy, &us);
    for (int i = 0; i < shown; i++) {
        mdl_unit_view u;
        bool known = mdl_run_dock_unit(f->pane->run, d, (size_t)i, &u);
        rnd__unit_square(f, cx[i], cy[i], us, known ? &u : NULL);
    }
}

void rnd__layer_docks(const rnd_frame *f) {
    const mdl_model *m = f->pane->model;
    for (int d = 0; d < mdl_model_dock_count(m); d++) {
        double x, y;
        if (!mdl_model_dock_position(m, d, &x, &y)) continue;
        const mdl_dock_spec *s = mdl_model_dock(m, d);
        bool recv = s->kind == MDL_DOCK_RECEIVING;
        SDL_FRect rc = dock_rect(&f->x, x, y);
        SDL_Color fill = recv ? (SDL_Color){214, 236, 214, 255} : (SDL_Color){212, 224, 242, 255};
        SDL_Color edge = recv ? (SDL_Color){60, 130, 70, 255} : (SDL_Color){50, 90, 160, 255};
        rnd_fill_rect(f->r, rc, fill);
        rnd_stroke_rect(f->r, rc, 2.0f, edge);
        for (float t = 4.0f; t < rc.w - 2.0f; t += 8.0f) /* the bay's hatching along its lower edge */
            rnd_line(f->r, rc.x + t, rc.y + rc.h, rc.x + t + 4.0f, rc.y + rc.h - 5.0f, 1.0f, edge);
        char label[160];
        int waiting = recv ? mdl_run_dock_units(f->pane->run, d) : 0;
        const char *kind = mdl_dock_kind_name(s->kind);
        bool named = strcmp(s->id, kind) == 0; /* (a dock called "receiving": no need to say it twice) */
        if (recv)
            snprintf(label, sizeof label, "%s%s%s \xC2\xB7 %d waiting", s->id, named ? "" : " \xC2\xB7 ",
                     named ? "" : kind, waiting);
        else
            snprintf(label, sizeof label, "%s%s%s", s->id, named ? "" : " \xC2\xB7 ", named ? "" : kind);
        rnd_text_draw(f->text, label, rc.x, rc.y - 14.0f, (rnd_font_style){11, true}, RND_COL_TEXT, RND_ALIGN_LEFT);
        if (recv) draw_waiting(f, d, waiting);
    }
}
