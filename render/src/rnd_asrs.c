/*
 * rnd_asrs.c - the AS/RS layer of the floor: each aisle seen from above,
 * its two rack faces shaded by how full the aisle is, the aisle between
 * them, and the stacker crane where it is now (amber while it carries a
 * unit; its state colour otherwise), with the AS/RS's name and occupancy.
 *
 * Geometry (metres): aisle k runs along +x from the AS/RS's `at` point
 * (the I/O point of aisle 1), its centre line at y = at.y + k * 3.4; the
 * rack faces are 1 m deep on both sides of a 1.4 m aisle.
 */
#include <math.h>
#include <stdio.h>

#include "mdl_asrs.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

#define AISLE_PITCH 3.4
#define AISLE_HALF 0.7
#define RACK_DEPTH 1.0

static SDL_FRect world_rect(const rnd_xform *x, double x0, double y0, double x1, double y1) {
    float a = rnd__sx(x, x0), b = rnd__sy(x, y0), c = rnd__sx(x, x1), d = rnd__sy(x, y1);
    return (SDL_FRect){fminf(a, c), fminf(b, d), fabsf(c - a), fabsf(d - b)};
}

void rnd__asrs_bounds(const mdl_model *m, double *x0, double *y0, double *x1, double *y1) {
    for (int i = 0; i < mdl_model_asrs_count(m); i++) {
        const mdl_asrs_spec *s = mdl_model_asrs(m, i);
        *x0 = fmin(*x0, s->x - 2.0); /* its input and output points */
        *x1 = fmax(*x1, s->x + s->bays * s->cell_width + 0.5);
        *y0 = fmin(*y0, s->y - AISLE_HALF - RACK_DEPTH - 0.5);
        *y1 = fmax(*y1, s->y + (s->aisles - 1) * AISLE_PITCH + AISLE_HALF + RACK_DEPTH + 1.2);
    }
}

static float unit_size(const rnd_xform *x) {
    float us = (float)(0.42 * x->ppm);
    return us < 4.0f ? 4.0f : us > 11.0f ? 11.0f : us;
}

int rnd__asrs_tray_spots(const rnd_xform *x, const mdl_asrs_spec *s, bool input, size_t n, SDL_FRect *tray, float *cx,
                         float *cy, float *us) {
    if (!input && s->deliver < 0 && s->deliver_conveyor < 0) return -1; /* straight into the stations */
    *us = unit_size(x);
    float tw = *us + 5.0f;
    int shown = n > 3 ? 3 : (int)n;
    float th = (float)(shown > 1 ? shown : 1) * (*us + 2.0f) + 4.0f;
    float ix = rnd__sx(x, s->x - 0.5), iy = rnd__sy(x, s->y);
    /* the output point above the I/O point's line, the input point below */
    *tray = (SDL_FRect){ix - tw - 2.0f, input ? iy + 1.0f : iy - 1.0f - th, tw, th};
    for (int i = 0; i < shown; i++) {
        cx[i] = tray->x + tw * 0.5f;
        cy[i] = tray->y + th - 2.0f - (*us + 2.0f) * ((float)i + 0.5f);
    }
    return shown;
}

void rnd__crane_unit_spot(const rnd_xform *x, const mdl_asrs_spec *s, int aisle, const mdl_crane_view *cv, float *cx,
                          float *cy, float *us) {
    *cx = rnd__sx(x, s->x + cv->x);
    *cy = rnd__sy(x, s->y + aisle * AISLE_PITCH);
    float aisle_px = (float)(2.0 * AISLE_HALF * 0.9 * x->ppm) - 2.0f;
    *us = unit_size(x);
    if (*us > aisle_px) *us = aisle_px < 3.0f ? 3.0f : aisle_px;
}

/* The units on the input and output points, on their trays. */
static void draw_points(const rnd_frame *f, const mdl_asrs_spec *s, int a) {
    for (int input = 0; input < 2; input++) {
        size_t n = input ? mdl_run_asrs_in_len(f->pane->run, a) : mdl_run_asrs_out_len(f->pane->run, a);
        SDL_FRect tray;
        float cx[3], cy[3], us;
        int shown = rnd__asrs_tray_spots(&f->x, s, input, n, &tray, cx, cy, &us);
        if (shown >= 0)
            rnd__held_tray(f, tray, n, shown, cx, cy, us, input ? mdl_run_asrs_in_unit : mdl_run_asrs_out_unit, a);
    }
}

static SDL_Color crane_colour(const mdl_crane_view *cv) {
    return rnd_crane_color((int)cv->state, cv->loaded);
}

static void draw_aisle(const rnd_frame *f, const mdl_asrs_spec *s, int a, int k) {
    mdl_crane_view cv;
    if (!mdl_run_crane(f->pane->run, a, k, &cv)) return;
    double yc = s->y + k * AISLE_PITCH, len = s->bays * s->cell_width;
    float full = cv.cells > 0 ? (float)cv.stored / (float)cv.cells : 0.0f;
    SDL_Color rack = rnd_mix((SDL_Color){206, 210, 216, 255}, (SDL_Color){120, 96, 60, 255}, full);
    for (int side = -1; side <= 1; side += 2) {
        SDL_FRect rc = world_rect(&f->x, s->x, yc + side * AISLE_HALF, s->x + len, yc + side * (AISLE_HALF + RACK_DEPTH));
        rnd_fill_rect(f->r, rc, rack);
        rnd_stroke_rect(f->r, rc, 1.0f, (SDL_Color){90, 96, 106, 255});
        double bay_px = s->cell_width * f->x.ppm;
        if (bay_px >= 5.0)
            for (int b = 1; b < s->bays; b++) {
                float px = rnd__sx(&f->x, s->x + b * s->cell_width);
                rnd_line(f->r, px, rc.y, px, rc.y + rc.h, 1.0f, (SDL_Color){150, 156, 166, 255});
            }
    }
    SDL_FRect aisle = world_rect(&f->x, s->x, yc - AISLE_HALF, s->x + len, yc + AISLE_HALF);
    rnd_fill_rect(f->r, aisle, (SDL_Color){236, 238, 241, 255});
    /* The crane: a mast, as wide as the aisle, at its position along it;
     * a bar shows the lift's height. */
    double cw = fmax(0.6, fmin(1.2, s->cell_width));
    SDL_FRect crane = world_rect(&f->x, s->x + cv.x - cw * 0.5, yc - AISLE_HALF * 0.9, s->x + cv.x + cw * 0.5,
                                 yc + AISLE_HALF * 0.9);
    rnd_fill_rect(f->r, crane, crane_colour(&cv));
    double height = s->levels * s->cell_height;
    float lift = height > 0.0 ? (float)(cv.y / height) : 0.0f;
    SDL_FRect bar = {crane.x + crane.w + 1.0f, crane.y + crane.h * (1.0f - lift) - 1.5f, 3.0f, 3.0f};
    rnd_fill_rect(f->r, bar, (SDL_Color){40, 44, 52, 255});
    mdl_unit_view u;
    if (mdl_run_crane_unit(f->pane->run, a, k, &u)) { /* the unit it carries */
        float ux, uy, us;
        rnd__crane_unit_spot(&f->x, s, k, &cv, &ux, &uy, &us);
        rnd__unit_square(f, ux, uy, us, &u);
    }
}

void rnd__layer_asrs(const rnd_frame *f) {
    const mdl_model *m = f->pane->model;
    for (int a = 0; a < mdl_model_asrs_count(m); a++) {
        const mdl_asrs_spec *s = mdl_model_asrs(m, a);
        int stored = 0, cells = 0;
        for (int k = 0; k < s->aisles; k++) {
            mdl_crane_view cv;
            draw_aisle(f, s, a, k);
            if (mdl_run_crane(f->pane->run, a, k, &cv)) {
                stored += cv.stored;
                cells += cv.cells;
            }
        }
        draw_points(f, s, a);
        char label[160];
        snprintf(label, sizeof label, "%s \xC2\xB7 AS/RS \xC2\xB7 %d / %d", s->id, stored, cells);
        float lx = rnd__sx(&f->x, s->x), ly = rnd__sy(&f->x, s->y + (s->aisles - 1) * AISLE_PITCH + AISLE_HALF +
                                                              RACK_DEPTH + 0.2);
        rnd_text_draw(f->text, label, lx, ly, (rnd_font_style){11, true}, RND_COL_TEXT, RND_ALIGN_LEFT);
    }
}
