/*
 * rnd_layer_floor.c - the floor (background and metre grid) and the
 * material-flow arrows between the stations of each route.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_transport.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

void rnd__layer_floor(const rnd_frame *f) {
    const rnd_xform *x = &f->x;
    rnd_fill_rect(f->r, x->area, RND_COL_FLOOR);
    /* The finest grid whose cells are at least 14 px wide; every fifth line
     * (or every 10 m line at coarse steps) is a major line. */
    static const double steps[] = {0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0};
    double step = steps[sizeof steps / sizeof steps[0] - 1];
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * x->ppm >= 14.0) {
            step = steps[i];
            break;
        }
    double major = step * 5.0;
    double wx0 = x->cx - x->area.w * 0.5 / x->ppm, wx1 = x->cx + x->area.w * 0.5 / x->ppm;
    double wy0 = x->cy - x->area.h * 0.5 / x->ppm, wy1 = x->cy + x->area.h * 0.5 / x->ppm;
    /* One batch of rectangles per colour (a call each, not one per line). */
    SDL_FRect lines[256];
    for (int pass = 0; pass < 2; pass++) {
        int n = 0;
        SDL_Color c = pass == 1 ? RND_COL_GRID_MAJOR : RND_COL_GRID;
        for (int axis = 0; axis < 2; axis++) { /* vertical lines, then horizontal ones */
            double lo = axis ? wy0 : wx0, hi = axis ? wy1 : wx1;
            for (double g = floor(lo / step) * step; g <= hi; g += step) {
                bool is_major = fabs(remainder(g, major)) < step * 0.01;
                if (is_major != (pass == 1))
                    continue;
                if (n == (int)(sizeof lines / sizeof lines[0]))
                    rnd_fill_rects(f->r, lines, n, c), n = 0;
                lines[n++] = axis ? (SDL_FRect){x->area.x, SDL_floorf(rnd__sy(x, g)) + 0.5f, x->area.w, 1.0f}
                                  : (SDL_FRect){SDL_floorf(rnd__sx(x, g)) + 0.5f, x->area.y, 1.0f, x->area.h};
            }
        }
        rnd_fill_rects(f->r, lines, n, c);
    }
}

/* Where the segment from a footprint's centre towards (tx, ty) leaves it,
 * gap pixels out. */
static void edge_point(SDL_FRect rc, float tx, float ty, float gap, float *ox, float *oy) {
    double x, y;
    rnd__box_exit(rc.x + rc.w * 0.5f, rc.y + rc.h * 0.5f, rc.w * 0.5f + gap, rc.h * 0.5f + gap, tx, ty, &x, &y);
    *ox = (float)x;
    *oy = (float)y;
}

static void flow_arrow(const rnd_frame *f, int a, int b, SDL_Color c, bool by_vehicle) {
    const mdl_model *m = f->pane->model;
    SDL_FRect ra = rnd__station_rect(&f->x, mdl_model_station(m, a));
    SDL_FRect rb = rnd__station_rect(&f->x, mdl_model_station(m, b));
    float ax = ra.x + ra.w * 0.5f, ay = ra.y + ra.h * 0.5f;
    float bx = rb.x + rb.w * 0.5f, by = rb.y + rb.h * 0.5f;
    SDL_FRect area = f->x.area; /* off screen: nothing to draw (zoomed in on a plant) */
    if (fmaxf(ax, bx) < area.x - 20.0f || fminf(ax, bx) > area.x + area.w + 20.0f ||
        fmaxf(ay, by) < area.y - 20.0f || fminf(ay, by) > area.y + area.h + 20.0f)
        return;
    float x0, y0, x1, y1;
    edge_point(ra, bx, by, 3.0f, &x0, &y0);
    edge_point(rb, ax, ay, 3.0f, &x1, &y1);
    float w = (float)(f->x.ppm * 0.07);
    w = w < 1.5f ? 1.5f : w > 3.5f ? 3.5f : w;
    float head = w * 3.2f + 3.0f;
    float dx = x1 - x0, dy = y1 - y0;
    if (dx * dx + dy * dy < head * head)
        return;
    if (by_vehicle) {
        /* Carried by AGVs: the lanes show the way; a dashed hint of the
         * flow is enough. */
        float len = sqrtf(dx * dx + dy * dy);
        float ex = x1 - dx / len * head, ey = y1 - dy / len * head;
        rnd_dashed_line(f->r, x0, y0, ex, ey, w * 0.8f, 5.0f, 5.0f, rnd_alpha(c, 110));
        rnd_arrow(f->r, ex, ey, x1, y1, w * 0.8f, head, rnd_alpha(c, 110));
        return;
    }
    rnd_arrow(f->r, x0, y0, x1, y1, w, head, c);
}

/* A rework loop runs below both stations, like a return conveyor, so that
 * it does not hide the forward flow on a straight line. */
static void rework_loop(const rnd_frame *f, int from, int to) {
    const mdl_model *m = f->pane->model;
    const mdl_station_spec *sa = mdl_model_station(m, from), *sb = mdl_model_station(m, to);
    SDL_FRect ra = rnd__station_rect(&f->x, sa), rb = rnd__station_rect(&f->x, sb);
    float below = (float)(1.25 * f->x.ppm) + 16.0f;
    float ya = ra.y + ra.h, yb = rb.y + rb.h;
    float yl = (ya > yb ? ya : yb) + below;
    float xa = ra.x + ra.w * 0.5f, xb = rb.x + rb.w * 0.5f;
    float w = 1.6f, dash = 6.0f, gap = 4.0f;
    SDL_Color c = rnd_alpha(RND_COL_BAD, 150);
    rnd_dashed_line(f->r, xa, ya + below * 0.55f, xa, yl, w, dash, gap, c);
    rnd_dashed_line(f->r, xa, yl, xb, yl, w, dash, gap, c);
    rnd_dashed_line(f->r, xb, yl, xb, yb + below * 0.55f + 8.0f, w, dash, gap, c);
    rnd_fill_triangle(f->r, xb, yb + below * 0.55f, xb - 5.0f, yb + below * 0.55f + 8.0f,
                      xb + 5.0f, yb + below * 0.55f + 8.0f, c);
    if (f->text && f->x.ppm > 12.0)
        rnd_text_draw(f->text, "rework", (xa + xb) * 0.5f, yl + 2.0f,
                      (rnd_font_style){10, false}, c, RND_ALIGN_CENTER);
}

void rnd__layer_flows(const rnd_frame *f) {
    const mdl_model *m = f->pane->model;
    int nst = mdl_model_station_count(m);
    if (nst <= 1)
        return;
    /* Each (from, to) pair once, however many products share it: a set of
     * pairs in an open-addressed table on the stack (no allocation per
     * frame, linear in the routes' steps; issue 21). Past its size a pair
     * may be drawn twice, which only costs time. */
    enum { SET_SIZE = 8192 };
    uint64_t set[SET_SIZE];
    memset(set, 0, sizeof set);
    int used = 0;
    SDL_Color c = {110, 122, 140, 150};
    for (int p = 0; p < mdl_model_product_count(m); p++) {
        int n = mdl_model_route_length(m, p);
        for (int i = 0; i + 1 < n; i++) {
            int a = mdl_model_route_station(m, p, i), b = mdl_model_route_station(m, p, i + 1);
            if (a < 0 || b < 0 || a == b || a >= nst || b >= nst)
                continue;
            /* A belt draws its own flow (rnd_layer_transport.c). */
            mdl_transport_kind tk = mdl_model_transport(m, p, a, NULL);
            if (tk == MDL_TRANSPORT_CONVEYOR)
                continue;
            uint64_t key = ((uint64_t)(uint32_t)a << 32 | (uint32_t)b) + 1; /* 0: empty */
            size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 51) & (SET_SIZE - 1);
            bool seen = false;
            while (set[h] && !(seen = set[h] == key))
                h = (h + 1) & (SET_SIZE - 1);
            if (seen)
                continue;
            if (used < SET_SIZE / 2) { /* keep the table at most half full */
                set[h] = key;
                used++;
            }
            flow_arrow(f, a, b, c, tk == MDL_TRANSPORT_FLEET);
        }
    }
    for (int s = 0; s < nst; s++) {
        const mdl_station_spec *sp = mdl_model_station(m, s);
        if (sp->kind == MDL_STATION_INSPECTION && sp->reject == MDL_REJECT_REWORK &&
            sp->rework_to) {
            int to = mdl_model_find_station(m, sp->rework_to);
            if (to >= 0 && to != s)
                rework_loop(f, s, to);
        }
    }
}
