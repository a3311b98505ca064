/*
 * rnd_draw.c - drawing primitives over SDL_RenderGeometry, and the palette.
 */
#include "rnd_draw.h"

#include "mdl_transport.h"

#include <math.h>

#define RND_PI 3.14159265358979323846

const SDL_Color RND_COL_FLOOR = {246, 247, 249, 255};
const SDL_Color RND_COL_GRID = {232, 235, 239, 255};
const SDL_Color RND_COL_GRID_MAJOR = {215, 220, 227, 255};
const SDL_Color RND_COL_PANEL = {252, 252, 253, 255};
const SDL_Color RND_COL_PANEL_EDGE = {218, 222, 228, 255};
const SDL_Color RND_COL_TEXT = {33, 37, 43, 255};
const SDL_Color RND_COL_TEXT_DIM = {104, 112, 124, 255};
const SDL_Color RND_COL_ACCENT = {37, 99, 235, 255};
const SDL_Color RND_COL_ACCENT2 = {234, 108, 20, 255};
const SDL_Color RND_COL_BAR = {30, 36, 46, 255};
const SDL_Color RND_COL_GOOD = {22, 150, 70, 255};
const SDL_Color RND_COL_BAD = {205, 50, 50, 255};

/* Entry i of a cycle of n colours (i < 0: the first). */
static SDL_Color cycle_at(const SDL_Color *cycle, int n, int i) {
    return cycle[i < 0 ? 0 : i % n];
}

SDL_Color rnd_fleet_color(int fleet) {
    static const SDL_Color cycle[4] = {
        {36, 62, 84, 255},  /* graphite blue */
        {96, 46, 110, 255}, /* plum */
        {92, 64, 30, 255},  /* umber */
        {28, 88, 62, 255},  /* forest */
    };
    return cycle_at(cycle, 4, fleet);
}

SDL_Color rnd_product_color(int product) {
    static const SDL_Color cycle[8] = {
        {37, 99, 235, 255},  /* blue */
        {147, 51, 234, 255}, /* violet */
        {8, 145, 178, 255},  /* cyan */
        {219, 39, 119, 255}, /* pink */
        {120, 80, 40, 255},  /* brown */
        {79, 70, 229, 255},  /* indigo */
        {13, 116, 104, 255}, /* teal */
        {71, 85, 105, 255},  /* slate */
    };
    return cycle_at(cycle, 8, product);
}

SDL_Color rnd_alpha(SDL_Color c, Uint8 a) {
    c.a = a;
    return c;
}

static Uint8 mix8(Uint8 a, Uint8 b, float t) {
    float v = (float)a + ((float)b - (float)a) * t;
    if (v < 0.0f)
        v = 0.0f;
    if (v > 255.0f)
        v = 255.0f;
    return (Uint8)(v + 0.5f);
}

SDL_Color rnd_mix(SDL_Color a, SDL_Color b, float t) {
    return (SDL_Color){mix8(a.r, b.r, t), mix8(a.g, b.g, t), mix8(a.b, b.b, t),
                       mix8(a.a, b.a, t)};
}

SDL_Color rnd_darken(SDL_Color c, float f) {
    SDL_Color k = {0, 0, 0, c.a};
    return rnd_mix(c, k, f);
}

static void set_color(SDL_Renderer *r, SDL_Color c) {
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
}

void rnd_fill_rect(SDL_Renderer *r, SDL_FRect rc, SDL_Color c) {
    if (rc.w <= 0.0f || rc.h <= 0.0f)
        return;
    set_color(r, c);
    SDL_RenderFillRectF(r, &rc);
}

void rnd_fill_rects(SDL_Renderer *r, const SDL_FRect *rc, int n, SDL_Color c) {
    if (n <= 0)
        return;
    set_color(r, c);
    SDL_RenderFillRectsF(r, rc, n);
}

void rnd_stroke_rect(SDL_Renderer *r, SDL_FRect rc, float t, SDL_Color c) {
    if (rc.w <= 0.0f || rc.h <= 0.0f)
        return;
    if (t <= 1.0f) {
        set_color(r, c);
        SDL_RenderDrawRectF(r, &rc);
        return;
    }
    if (2.0f * t >= rc.w || 2.0f * t >= rc.h) {
        rnd_fill_rect(r, rc, c);
        return;
    }
    rnd_fill_rect(r, (SDL_FRect){rc.x, rc.y, rc.w, t}, c);
    rnd_fill_rect(r, (SDL_FRect){rc.x, rc.y + rc.h - t, rc.w, t}, c);
    rnd_fill_rect(r, (SDL_FRect){rc.x, rc.y + t, t, rc.h - 2.0f * t}, c);
    rnd_fill_rect(r, (SDL_FRect){rc.x + rc.w - t, rc.y + t, t, rc.h - 2.0f * t}, c);
}

/* A convex polygon drawn as a fan around its first vertex's centroid. The
 * outline holds at most RND_POLY_MAX points. */
#define RND_POLY_MAX 160

static void fill_convex(SDL_Renderer *r, const SDL_FPoint *pts, int n, SDL_Color c) {
    SDL_Vertex v[RND_POLY_MAX + 1];
    int idx[3 * RND_POLY_MAX];
    if (n < 3 || n > RND_POLY_MAX)
        return;
    float cx = 0.0f, cy = 0.0f;
    for (int i = 0; i < n; i++) {
        cx += pts[i].x;
        cy += pts[i].y;
    }
    v[0].position = (SDL_FPoint){cx / (float)n, cy / (float)n};
    v[0].color = c;
    v[0].tex_coord = (SDL_FPoint){0.0f, 0.0f};
    for (int i = 0; i < n; i++) {
        v[i + 1].position = pts[i];
        v[i + 1].color = c;
        v[i + 1].tex_coord = (SDL_FPoint){0.0f, 0.0f};
        idx[3 * i] = 0;
        idx[3 * i + 1] = i + 1;
        idx[3 * i + 2] = (i + 1) % n + 1;
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_RenderGeometry(r, NULL, v, n + 1, idx, 3 * n);
}

static int arc_segments(float radius) {
    int n = (int)(radius * 0.6f) + 3;
    if (n > 16)
        n = 16;
    return n;
}

void rnd_fill_round_rect(SDL_Renderer *r, SDL_FRect rc, float radius, SDL_Color c) {
    if (rc.w <= 0.0f || rc.h <= 0.0f)
        return;
    float maxr = (rc.w < rc.h ? rc.w : rc.h) * 0.5f;
    if (radius > maxr)
        radius = maxr;
    if (radius < 0.75f) {
        rnd_fill_rect(r, rc, c);
        return;
    }
    SDL_FPoint pts[4 * 17];
    int seg = arc_segments(radius), n = 0;
    const float cx[4] = {rc.x + rc.w - radius, rc.x + radius, rc.x + radius,
                         rc.x + rc.w - radius};
    const float cy[4] = {rc.y + radius, rc.y + radius, rc.y + rc.h - radius,
                         rc.y + rc.h - radius};
    for (int k = 0; k < 4; k++) {
        /* Corner k spans the quarter from angle -k*90 deg going counter-
         * clockwise on screen (y down): top-right, top-left, bottom-left,
         * bottom-right. */
        for (int i = 0; i <= seg; i++) {
            double a = ((double)k + (double)i / seg) * RND_PI * 0.5;
            pts[n++] = (SDL_FPoint){cx[k] + radius * (float)cos(a),
                                    cy[k] - radius * (float)sin(a)};
        }
    }
    fill_convex(r, pts, n, c);
}

void rnd_shadow(SDL_Renderer *r, SDL_FRect rc, float radius, float spread) {
    /* Three translucent layers offset downwards give a soft edge that reads
     * as elevation without a blur pass (which the software renderer lacks). */
    for (int i = 3; i >= 1; i--) {
        float g = spread * (float)i / 3.0f;
        SDL_FRect s = {rc.x - g * 0.5f, rc.y - g * 0.25f + spread * 0.5f, rc.w + g,
                       rc.h + g};
        rnd_fill_round_rect(r, s, radius + g, (SDL_Color){20, 30, 45, (Uint8)(14 + 6 * (3 - i))});
    }
}

static int circle_segments(float radius) {
    int n = (int)(radius * 0.9f) + 6;
    if (n > 96)
        n = 96;
    return n;
}

void rnd_fill_circle(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c) {
    if (radius <= 0.0f)
        return;
    if (radius < 2.0f) { /* a dot: a square of the same area costs one rectangle */
        float h = radius * 0.886f < 1.0f ? 1.0f : radius * 0.886f;
        rnd_fill_rect(r, (SDL_FRect){cx - h, cy - h, 2.0f * h, 2.0f * h}, c);
        return;
    }
    SDL_FPoint pts[96];
    int n = circle_segments(radius);
    for (int i = 0; i < n; i++) {
        double a = 2.0 * RND_PI * i / n;
        pts[i] = (SDL_FPoint){cx + radius * (float)cos(a), cy + radius * (float)sin(a)};
    }
    fill_convex(r, pts, n, c);
}

void rnd_stroke_circle(SDL_Renderer *r, float cx, float cy, float radius, float t,
                       SDL_Color c) {
    if (radius <= 0.0f || t <= 0.0f)
        return;
    if (t >= radius) {
        rnd_fill_circle(r, cx, cy, radius, c);
        return;
    }
    SDL_Vertex v[2 * 96];
    int idx[6 * 96];
    int n = circle_segments(radius);
    float ri = radius - t;
    for (int i = 0; i < n; i++) {
        double a = 2.0 * RND_PI * i / n;
        float ca = (float)cos(a), sa = (float)sin(a);
        v[2 * i].position = (SDL_FPoint){cx + radius * ca, cy + radius * sa};
        v[2 * i + 1].position = (SDL_FPoint){cx + ri * ca, cy + ri * sa};
        v[2 * i].color = v[2 * i + 1].color = c;
        v[2 * i].tex_coord = v[2 * i + 1].tex_coord = (SDL_FPoint){0.0f, 0.0f};
        int j = (i + 1) % n;
        idx[6 * i + 0] = 2 * i;
        idx[6 * i + 1] = 2 * i + 1;
        idx[6 * i + 2] = 2 * j;
        idx[6 * i + 3] = 2 * j;
        idx[6 * i + 4] = 2 * i + 1;
        idx[6 * i + 5] = 2 * j + 1;
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_RenderGeometry(r, NULL, v, 2 * n, idx, 6 * n);
}

void rnd_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w,
              SDL_Color c) {
    float dx = x1 - x0, dy = y1 - y0;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-3f)
        return;
    if (w <= 1.0f) {
        set_color(r, c);
        SDL_RenderDrawLineF(r, x0, y0, x1, y1);
        return;
    }
    if (dx == 0.0f || dy == 0.0f) { /* along an axis: the same quad as a rectangle, SDL's fast path */
        float h = w * 0.5f;
        rnd_fill_rect(r, dx == 0.0f ? (SDL_FRect){x0 - h, fminf(y0, y1), w, fabsf(dy)}
                                    : (SDL_FRect){fminf(x0, x1), y0 - h, fabsf(dx), w}, c);
        return;
    }
    float nx = -dy / len * w * 0.5f, ny = dx / len * w * 0.5f;
    SDL_Vertex v[4];
    const int idx[6] = {0, 1, 2, 2, 1, 3};
    v[0].position = (SDL_FPoint){x0 + nx, y0 + ny};
    v[1].position = (SDL_FPoint){x0 - nx, y0 - ny};
    v[2].position = (SDL_FPoint){x1 + nx, y1 + ny};
    v[3].position = (SDL_FPoint){x1 - nx, y1 - ny};
    for (int i = 0; i < 4; i++) {
        v[i].color = c;
        v[i].tex_coord = (SDL_FPoint){0.0f, 0.0f};
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_RenderGeometry(r, NULL, v, 4, idx, 6);
}

void rnd_dashed_line(SDL_Renderer *r, float x0, float y0, float x1, float y1,
                     float w, float dash, float gap, SDL_Color c) {
    float dx = x1 - x0, dy = y1 - y0;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-3f || dash <= 0.0f)
        return;
    float ux = dx / len, uy = dy / len;
    for (float s = 0.0f; s < len; s += dash + gap) {
        float e = s + dash < len ? s + dash : len;
        rnd_line(r, x0 + ux * s, y0 + uy * s, x0 + ux * e, y0 + uy * e, w, c);
    }
}

void rnd_fill_triangle(SDL_Renderer *r, float x0, float y0, float x1, float y1,
                       float x2, float y2, SDL_Color c) {
    SDL_Vertex v[3];
    v[0].position = (SDL_FPoint){x0, y0};
    v[1].position = (SDL_FPoint){x1, y1};
    v[2].position = (SDL_FPoint){x2, y2};
    for (int i = 0; i < 3; i++) {
        v[i].color = c;
        v[i].tex_coord = (SDL_FPoint){0.0f, 0.0f};
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_RenderGeometry(r, NULL, v, 3, NULL, 0);
}

void rnd_fill_quad(SDL_Renderer *r, const SDL_FPoint q[4], SDL_Color c) {
    SDL_Vertex v[4];
    for (int i = 0; i < 4; i++) {
        v[i].position = q[i];
        v[i].color = c;
        v[i].tex_coord = (SDL_FPoint){0.0f, 0.0f};
    }
    static const int idx[6] = {0, 1, 2, 0, 2, 3};
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_RenderGeometry(r, NULL, v, 4, idx, 6);
}

void rnd_fill_oriented_rect(SDL_Renderer *r, float cx, float cy, float ux, float uy,
                            float len, float w, SDL_Color c) {
    float ax = ux * len * 0.5f, ay = uy * len * 0.5f;
    float bx = -uy * w * 0.5f, by = ux * w * 0.5f;
    SDL_FPoint q[4] = {{cx + ax + bx, cy + ay + by},
                       {cx + ax - bx, cy + ay - by},
                       {cx - ax - bx, cy - ay - by},
                       {cx - ax + bx, cy - ay + by}};
    rnd_fill_quad(r, q, c);
}

void rnd_arrow(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w,
               float head, SDL_Color c) {
    float dx = x1 - x0, dy = y1 - y0;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-3f)
        return;
    float ux = dx / len, uy = dy / len;
    if (head > len * 0.6f)
        head = len * 0.6f;
    float bx = x1 - ux * head, by = y1 - uy * head;
    rnd_line(r, x0, y0, bx, by, w, c);
    float hw = head * 0.55f;
    rnd_fill_triangle(r, x1, y1, bx - uy * hw, by + ux * hw, bx + uy * hw, by - ux * hw, c);
}

bool rnd_rect_overlaps(SDL_FRect a, SDL_FRect b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool rnd_rect_contains(SDL_FRect a, float x, float y) {
    return x >= a.x && x < a.x + a.w && y >= a.y && y < a.y + a.h;
}
