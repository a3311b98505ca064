/*
 * rnd_junctions.c - the marks of conveyor networks (mdl_conveyor_net.h):
 * a teal triangle at each merge, pointing along its output belt, with a
 * bar across the input a priority merge favours; a plum diamond at each
 * diverter, at the end of its input belt, with a numbered tag at the start
 * of each output (in the order the rule reads them) and a dashed arrow for
 * an output that goes straight into a station; each with its rule's name
 * beside it; and chevrons along every belt for the way its units ride.
 *
 * The marks and their colours are rows of the legend's table
 * (rnd_legend.c, RND_RES_JUNCTION), which also gives docs/viewer.md its
 * table of them. Junctions sit where the belts' drawn ends meet
 * (rnd__conveyor_ends): a merge at its output belt's start, a diverter at
 * its input belt's end. Nothing here reads or changes a run.
 */
#include <math.h>
#include <stdio.h>

#include "mdl_conveyor_net.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

static const SDL_Color WHITE = {255, 255, 255, 255};

static float clampf(float v, float lo, float hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

/* A belt's drawn ends on screen and its unit direction; false when it has
 * none or is too short to point anywhere. */
typedef struct belt_px {
    float x0, y0, x1, y1, ux, uy, len;
} belt_px;

static bool belt_on_screen(const rnd_frame *f, int c, belt_px *b) {
    double wx0, wy0, wx1, wy1;
    if (c < 0 || !rnd__conveyor_ends(f->pane->model, c, &wx0, &wy0, &wx1, &wy1))
        return false;
    b->x0 = rnd__sx(&f->x, wx0);
    b->y0 = rnd__sy(&f->x, wy0);
    b->x1 = rnd__sx(&f->x, wx1);
    b->y1 = rnd__sy(&f->x, wy1);
    float dx = b->x1 - b->x0, dy = b->y1 - b->y0;
    b->len = sqrtf(dx * dx + dy * dy);
    if (b->len < 1.0f)
        return false;
    b->ux = dx / b->len;
    b->uy = dy / b->len;
    return true;
}

static void chevron(SDL_Renderer *r, float cx, float cy, float ux, float uy, float s, float w, SDL_Color c) {
    rnd_line(r, cx - ux * s - uy * s, cy - uy * s + ux * s, cx, cy, w, c);
    rnd_line(r, cx - ux * s + uy * s, cy - uy * s - ux * s, cx, cy, w, c);
}

void rnd__belt_mark(SDL_Renderer *r, rnd_text *t, int mark, float cx, float cy, float s, float ux, float uy) {
    SDL_Color c = rnd_belt_mark_color(mark);
    float px = -uy, py = ux; /* across */
    switch (mark) {
    case RND_MARK_MERGE: {
        float o = s + 1.5f;
        rnd_fill_triangle(r, cx + ux * o * 1.2f, cy + uy * o * 1.2f, cx - ux * o * 0.8f + px * o,
                          cy - uy * o * 0.8f + py * o, cx - ux * o * 0.8f - px * o, cy - uy * o * 0.8f - py * o, WHITE);
        rnd_fill_triangle(r, cx + ux * s * 1.2f, cy + uy * s * 1.2f, cx - ux * s * 0.8f + px * s,
                          cy - uy * s * 0.8f + py * s, cx - ux * s * 0.8f - px * s, cy - uy * s * 0.8f - py * s, c);
        break;
    }
    case RND_MARK_FAVOURED:
        rnd_fill_oriented_rect(r, cx, cy, ux, uy, s * 0.6f, s * 2.0f, c);
        break;
    case RND_MARK_DIVERTER: {
        float o = s + 1.5f;
        SDL_FPoint outer[4] = {{cx + ux * o, cy + uy * o}, {cx + px * o, cy + py * o},
                               {cx - ux * o, cy - uy * o}, {cx - px * o, cy - py * o}};
        SDL_FPoint inner[4] = {{cx + ux * s, cy + uy * s}, {cx + px * s, cy + py * s},
                               {cx - ux * s, cy - uy * s}, {cx - px * s, cy - py * s}};
        rnd_fill_quad(r, outer, WHITE);
        rnd_fill_quad(r, inner, c);
        break;
    }
    case RND_MARK_OUTPUT:
        rnd_fill_circle(r, cx, cy, s + 1.0f, WHITE);
        rnd_fill_circle(r, cx, cy, s, c);
        if (t && s >= 5.0f)
            rnd_text_draw(t, "1", cx, cy - s * 0.95f, (rnd_font_style){(int)(s * 1.5f), true}, WHITE,
                          RND_ALIGN_CENTER);
        break;
    case RND_MARK_DIRECTION:
        chevron(r, cx + ux * s * 0.5f, cy + uy * s * 0.5f, ux, uy, s * 0.8f, 2.0f, c);
        break;
    default:
        break;
    }
}

void rnd__belt_chevrons(const rnd_frame *f, float x0, float y0, float ux, float uy, float len, float bw) {
    if (bw < 6.0f)
        return;
    float step = bw * 3.0f > 40.0f ? bw * 3.0f : 40.0f;
    if (len < step * 1.5f)
        return;
    SDL_Color c = rnd_alpha(rnd_belt_mark_color(RND_MARK_DIRECTION), 200);
    for (float s = step; s < len - step * 0.5f; s += step)
        chevron(f->r, x0 + ux * s, y0 + uy * s, ux, uy, bw * 0.3f, bw > 12.0f ? 2.0f : 1.5f, c);
}

/* The rule's name beside a mark, across the belt (ux, uy) on the side
 * away from (ax, ay): the sum of the directions in which the junction's
 * other belts (and stations) lie, so the name covers none of them. */
static void rule_label(const rnd_frame *f, float cx, float cy, float s, float ux, float uy, float ax, float ay,
                       const char *rule, SDL_Color c) {
    if (!f->text || s < 6.0f)
        return;
    float px = -uy, py = ux;
    if (px * ax + py * ay > 0.0f)
        px = -px, py = -py;
    float lx = cx + px * (s + 6.0f), ly = cy + py * (s + 6.0f);
    rnd_font_style st = {10, true};
    rnd_align al = px > 0.5f ? RND_ALIGN_LEFT : px < -0.5f ? RND_ALIGN_RIGHT : RND_ALIGN_CENTER;
    rnd__chip(f->r, f->text, lx, py > 0.5f ? ly : py < -0.5f ? ly - 16.0f : ly - 8.0f, rule, st,
              rnd_alpha(WHITE, 220), c, al, NULL);
}

/* Adds the unit direction from (x, y) toward (tx, ty) to (*ax, *ay). */
static void add_dir(float x, float y, float tx, float ty, float *ax, float *ay) {
    float l = hypotf(tx - x, ty - y);
    if (l > 1e-3f) {
        *ax += (tx - x) / l;
        *ay += (ty - y) / l;
    }
}

/* A numbered output tag at (x, y). */
static void output_tag(const rnd_frame *f, float x, float y, float s, int number, bool through) {
    SDL_Color c = rnd_belt_mark_color(RND_MARK_OUTPUT);
    rnd_fill_circle(f->r, x, y, s + 1.0f, WHITE);
    rnd_fill_circle(f->r, x, y, s, c);
    if (f->text && s >= 5.0f) {
        char b[8];
        snprintf(b, sizeof b, through ? "~" : "%d", number);
        rnd_text_draw(f->text, b, x, y - s * 0.95f, (rnd_font_style){(int)(s * 1.5f), true}, WHITE,
                      RND_ALIGN_CENTER);
    }
}

static void draw_merge(const rnd_frame *f, const mdl_merge_spec *g, float s) {
    belt_px out, in;
    if (!belt_on_screen(f, g->output, &out))
        return;
    if (g->rule == MDL_MERGE_PRIORITY && belt_on_screen(f, g->inputs[0], &in))
        rnd__belt_mark(f->r, f->text, RND_MARK_FAVOURED, in.x1 - in.ux * s * 1.4f, in.y1 - in.uy * s * 1.4f, s,
                       in.ux, in.uy);
    rnd__belt_mark(f->r, f->text, RND_MARK_MERGE, out.x0, out.y0, s, out.ux, out.uy);
    float ax = 0.0f, ay = 0.0f;
    for (int i = 0; i < g->ninputs; i++)
        if (belt_on_screen(f, g->inputs[i], &in))
            add_dir(out.x0, out.y0, in.x0, in.y0, &ax, &ay);
    rule_label(f, out.x0, out.y0, s, out.ux, out.uy, ax, ay, mdl_merge_rule_name(g->rule),
               rnd_belt_mark_color(RND_MARK_MERGE));
}

/* An output straight into a station: a dashed arrow from the diverter to
 * the station's footprint. */
static bool station_output(const rnd_frame *f, float nx, float ny, int st, float s, int number, float *tx,
                           float *ty) {
    const mdl_station_spec *sp = mdl_model_station(f->pane->model, st);
    if (!sp)
        return false;
    SDL_FRect rc = rnd__station_rect(&f->x, sp);
    *tx = rc.x + rc.w * 0.5f;
    *ty = rc.y + rc.h * 0.5f;
    float dx = *tx - nx, dy = *ty - ny;
    float k = 1.0f; /* stop at the footprint's edge */
    if (fabsf(dx) > 1e-3f && rc.w * 0.5f / fabsf(dx) < k)
        k = rc.w * 0.5f / fabsf(dx);
    if (fabsf(dy) > 1e-3f && rc.h * 0.5f / fabsf(dy) < k)
        k = rc.h * 0.5f / fabsf(dy);
    float ex = *tx - dx * k, ey = *ty - dy * k, l = sqrtf((ex - nx) * (ex - nx) + (ey - ny) * (ey - ny));
    SDL_Color c = rnd_belt_mark_color(RND_MARK_OUTPUT);
    if (l > s * 2.0f) {
        rnd_dashed_line(f->r, nx, ny, ex, ey, 2.0f, 5.0f, 4.0f, c);
        rnd_arrow(f->r, ex - (ex - nx) / l * s * 1.5f, ey - (ey - ny) / l * s * 1.5f, ex, ey, 2.0f, s, c);
        output_tag(f, nx + (ex - nx) * 0.5f, ny + (ey - ny) * 0.5f, s * 0.8f, number, false);
    } else {
        output_tag(f, ex, ey, s * 0.8f, number, false);
    }
    return true;
}

static void draw_diverter(const rnd_frame *f, const mdl_diverter_spec *d, float s) {
    belt_px in, out;
    if (!belt_on_screen(f, d->input, &in))
        return;
    float ax = 0.0f, ay = 0.0f;
    for (int k = 0; k < d->noutputs; k++) {
        const mdl_divert_output *o = &d->outputs[k];
        bool through = d->rule == MDL_DIVERT_DESTINATION && o->station < 0;
        if (o->conveyor >= 0 && belt_on_screen(f, o->conveyor, &out)) {
            float at = clampf(s * 2.6f, 0.0f, out.len * 0.5f);
            output_tag(f, out.x0 + out.ux * at, out.y0 + out.uy * at, s * 0.8f, k + 1, through);
            add_dir(in.x1, in.y1, out.x1, out.y1, &ax, &ay);
        } else if (o->conveyor < 0 && o->station >= 0) {
            float tx, ty;
            if (station_output(f, in.x1, in.y1, o->station, s, k + 1, &tx, &ty))
                add_dir(in.x1, in.y1, tx, ty, &ax, &ay);
        }
    }
    rnd__belt_mark(f->r, f->text, RND_MARK_DIVERTER, in.x1, in.y1, s, in.ux, in.uy);
    const char *rule = d->rule == MDL_DIVERT_SHORTEST ? "shortest queue" : mdl_divert_rule_name(d->rule);
    rule_label(f, in.x1, in.y1, s, in.ux, in.uy, ax, ay, rule, rnd_belt_mark_color(RND_MARK_DIVERTER));
}

void rnd__layer_junctions(const rnd_frame *f) {
    const mdl_model *m = f->pane->model;
    int nm = mdl_model_merge_count(m), nd = mdl_model_diverter_count(m);
    if (nm + nd == 0)
        return;
    float s = clampf((float)(0.45 * f->x.ppm), 3.0f, 11.0f);
    for (int j = 0; j < nm; j++)
        draw_merge(f, mdl_model_merge(m, j), s);
    for (int j = 0; j < nd; j++)
        draw_diverter(f, mdl_model_diverter(m, j), s);
}
