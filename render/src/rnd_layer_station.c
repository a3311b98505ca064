/*
 * rnd_layer_station.c - stations: footprint coloured by state, one slot per
 * server with its unit and progress, the input buffer as a fill bar with
 * its units, kind icons, the down badge; then names and counts on top.
 *
 * Level of detail: a footprint narrower than a few pixels is drawn as a
 * coloured block only; slots, units and icons appear as the zoom allows.
 */
#include <math.h>
#include <stdio.h>

#include "rnd_draw.h"
#include "rnd_internal.h"

static bool on_screen(const rnd_frame *f, SDL_FRect rc) {
    SDL_FRect a = f->x.area;
    a.x -= 40.0f;
    a.y -= 40.0f;
    a.w += 80.0f;
    a.h += 80.0f;
    return rnd_rect_overlaps(a, rc);
}

static SDL_FRect buffer_rect(const rnd_frame *f, SDL_FRect rc) {
    float gap = (float)(0.18 * f->x.ppm);
    float h = (float)(0.42 * f->x.ppm);
    if (gap < 3.0f)
        gap = 3.0f;
    h = h < 5.0f ? 5.0f : h > 20.0f ? 20.0f : h;
    return (SDL_FRect){rc.x, rc.y + rc.h + gap, rc.w, h};
}

static void unit_marker(const rnd_frame *f, float cx, float cy, float rad,
                        const mdl_unit_view *u) {
    SDL_Color c = rnd_product_color(u->product);
    if (rad < 2.5f) {
        rnd_fill_rect(f->r, (SDL_FRect){cx - rad, cy - rad, 2.0f * rad, 2.0f * rad},
                      u->defective ? RND_COL_BAD : c);
        return;
    }
    /* A white rim separates the marker from any state colour under it; a
     * defective unit wears a red rim instead (visible even when latent: the
     * trainer sees what the inspection has yet to find). */
    rnd_fill_circle(f->r, cx, cy, rad, u->defective ? RND_COL_BAD : (SDL_Color){255, 255, 255, 255});
    rnd_fill_circle(f->r, cx, cy, rad - (rad > 5.0f ? 2.0f : 1.2f), c);
    if (u->reworked && rad >= 5.0f)
        rnd_fill_circle(f->r, cx, cy, rad * 0.3f, (SDL_Color){255, 255, 255, 230});
}

static void icon_inspection(const rnd_frame *f, float x, float y, float s, SDL_Color c) {
    rnd_stroke_circle(f->r, x + s * 0.42f, y + s * 0.42f, s * 0.34f, s * 0.12f, c);
    rnd_line(f->r, x + s * 0.66f, y + s * 0.66f, x + s * 0.95f, y + s * 0.95f, s * 0.16f, c);
}

static void icon_assembly(const rnd_frame *f, float x, float y, float s, SDL_Color c) {
    rnd_stroke_rect(f->r, (SDL_FRect){x, y, s * 0.6f, s * 0.6f}, s * 0.12f > 1.0f ? s * 0.12f : 1.0f, c);
    rnd_fill_rect(f->r, (SDL_FRect){x + s * 0.4f, y + s * 0.4f, s * 0.6f, s * 0.6f}, c);
}

/* A two-segment arm on a round base; it swings with the operation's
 * progress, so a working robot moves and an idle one rests. */
static void robot_arm(const rnd_frame *f, float bx, float by, float len, double progress,
                      bool working, SDL_Color c) {
    double swing = working ? sin(progress * RND_PI * 2.0) : 0.0;
    double a1 = -RND_PI * 0.5 + 0.9 * swing;           /* shoulder: up, +- 50 deg */
    double a2 = a1 + 1.1 + 0.7 * cos(progress * RND_PI * 2.0) * (working ? 1.0 : 0.0);
    float ex = bx + len * (float)cos(a1), ey = by + len * (float)sin(a1);
    float hx = ex + len * 0.8f * (float)cos(a2), hy = ey + len * 0.8f * (float)sin(a2);
    float w = len * 0.22f < 2.0f ? 2.0f : len * 0.22f;
    rnd_fill_circle(f->r, bx, by, w * 1.3f, rnd_darken(c, 0.25f));
    rnd_line(f->r, bx, by, ex, ey, w, c);
    rnd_fill_circle(f->r, ex, ey, w * 0.7f, rnd_darken(c, 0.25f));
    rnd_line(f->r, ex, ey, hx, hy, w * 0.8f, c);
    rnd_fill_circle(f->r, hx, hy, w * 0.6f, RND_COL_ACCENT2);
}

/* A red triangle: down; an amber one: a predictor or sensor has warned. */
static void down_badge(const rnd_frame *f, SDL_FRect rc, SDL_Color fill) {
    float s = rc.h * 0.42f;
    s = s < 10.0f ? 10.0f : s > 20.0f ? 20.0f : s;
    float x = rc.x + rc.w - s * 0.35f, y = rc.y - s * 0.55f;
    rnd_fill_triangle(f->r, x, y - s * 0.5f, x - s * 0.58f, y + s * 0.5f, x + s * 0.58f,
                      y + s * 0.5f, (SDL_Color){255, 255, 255, 255});
    rnd_fill_triangle(f->r, x, y - s * 0.5f + 2.2f, x - s * 0.58f + 2.0f, y + s * 0.5f - 1.2f,
                      x + s * 0.58f - 2.0f, y + s * 0.5f - 1.2f, fill);
    rnd_fill_rect(f->r, (SDL_FRect){x - s * 0.06f, y - s * 0.18f, s * 0.12f, s * 0.38f},
                  (SDL_Color){255, 255, 255, 255});
    rnd_fill_rect(f->r, (SDL_FRect){x - s * 0.06f, y + s * 0.26f, s * 0.12f, s * 0.1f},
                  (SDL_Color){255, 255, 255, 255});
}

static void draw_buffer(const rnd_frame *f, int s, const mdl_station_spec *sp, SDL_FRect rc) {
    const mdl_run *run = f->pane->run;
    SDL_FRect b = buffer_rect(f, rc);
    size_t n = mdl_run_queue_len(run, s);
    double cap = sp->buffer >= 0 ? (double)sp->buffer : -1.0;
    double share = cap > 0.0 ? (double)n / cap : cap == 0.0 ? (n > 0 ? 1.0 : 0.0)
                                                            : fmin((double)n / 20.0, 1.0);
    SDL_Color fill = {120, 140, 170, 255};
    if (cap >= 0.0 && share >= 0.999)
        fill = RND_COL_BAD;
    else if (cap > 0.0 && share >= 0.8)
        fill = rnd_state_color(MDL_STATE_BLOCKED);
    if (sp->buffer == 0 && n == 0) {
        /* No buffer: just a thin line so the station still reads as one. */
        rnd_fill_rect(f->r, (SDL_FRect){b.x, b.y, b.w, 1.0f}, RND_COL_GRID_MAJOR);
        return;
    }
    rnd_fill_rect(f->r, b, (SDL_Color){255, 255, 255, 255});
    if (b.h >= 7.0f && b.w >= 20.0f && n > 0) {
        /* Units as markers, next to be served first from the left. */
        float d = b.h - 3.0f;
        int fit = (int)((b.w - 2.0f) / (d + 1.0f));
        int show = (int)n < fit ? (int)n : fit;
        if ((size_t)show < n && show > 0)
            show--; /* room for the "more" tick */
        for (int i = 0; i < show; i++) {
            mdl_unit_view u;
            if (!mdl_run_queue_unit(run, s, (size_t)i, &u))
                break;
            unit_marker(f, b.x + 1.5f + d * 0.5f + (float)i * (d + 1.0f), b.y + b.h * 0.5f,
                        d * 0.5f, &u);
        }
        if ((size_t)show < n) {
            float x = b.x + 1.5f + (float)show * (d + 1.0f);
            rnd_fill_rect(f->r, (SDL_FRect){x + d * 0.2f, b.y + b.h * 0.5f - 1.0f, d * 0.6f, 2.0f},
                          RND_COL_TEXT_DIM);
            rnd_fill_rect(f->r, (SDL_FRect){x + d * 0.5f - 1.0f, b.y + b.h * 0.5f - d * 0.3f, 2.0f,
                                            d * 0.6f}, RND_COL_TEXT_DIM);
        }
        /* The fill level as a strip along the bottom of the bar. */
        rnd_fill_rect(f->r, (SDL_FRect){b.x, b.y + b.h - 2.0f, b.w * (float)share, 2.0f}, fill);
    } else {
        rnd_fill_rect(f->r, (SDL_FRect){b.x, b.y, b.w * (float)share, b.h}, fill);
    }
    rnd_stroke_rect(f->r, b, 1.0f, (SDL_Color){150, 160, 175, 255});
}

/* One server slot of a station: a tile in the server's state colour, a robot
 * arm on robot cells, the unit on it, and the operation's progress beneath;
 * sr is the tile (its width is the slot size). */
static void draw_server_slot(const rnd_frame *f, int s, int k, SDL_FRect sr, bool robot) {
    const mdl_run *run = f->pane->run;
    float slot = sr.w;
    mdl_state ks = mdl_run_server_state(run, s, k);
    SDL_Color kc = rnd_state_color(ks);
    float rr = slot * 0.16f;
    rnd_fill_round_rect(f->r, sr, rr, rnd_darken(kc, 0.25f));
    rnd_fill_round_rect(f->r, (SDL_FRect){sr.x + 1.0f, sr.y + 1.0f, sr.w - 2.0f, sr.h - 2.0f},
                        rr - 1.0f, kc);
    double prog = mdl_run_server_progress(run, s, k);
    mdl_unit_view u;
    bool has_unit = mdl_run_server_unit(run, s, k, &u);
    if (robot && slot >= 14.0f) {
        robot_arm(f, sr.x + sr.w * 0.5f, sr.y + sr.h * 0.78f, slot * 0.36f, prog,
                  ks == MDL_STATE_BUSY || ks == MDL_STATE_SETUP,
                  (SDL_Color){70, 78, 92, 255});
        if (has_unit)
            unit_marker(f, sr.x + sr.w * 0.82f, sr.y + sr.h * 0.22f, slot * 0.14f, &u);
    } else if (has_unit) {
        unit_marker(f, sr.x + sr.w * 0.5f, sr.y + sr.h * 0.5f, sr.h * 0.3f, &u);
    }
    if (slot >= 9.0f) {
        SDL_FRect pb = {sr.x, sr.y + sr.h + 2.0f, sr.w, slot >= 20.0f ? 3.0f : 2.0f};
        rnd_fill_rect(f->r, pb, (SDL_Color){255, 255, 255, 200});
        if (prog > 0.0)
            rnd_fill_rect(f->r, (SDL_FRect){pb.x, pb.y, pb.w * (float)fmin(prog, 1.0), pb.h},
                          rnd_darken(kc, 0.35f));
    }
}

static void draw_station(const rnd_frame *f, int s) {
    const mdl_run *run = f->pane->run;
    const mdl_station_spec *sp = mdl_model_station(f->pane->model, s);
    SDL_FRect rc = rnd__station_rect(&f->x, sp);
    if (!on_screen(f, rc))
        return;
    mdl_state st = lv_station_state(run, s);
    SDL_Color sc = rnd_state_color(st);
    int nserv = mdl_run_servers(run, s);

    if (rc.w < 8.0f || rc.h < 6.0f) {
        rnd_fill_rect(f->r, rc, sc);
        if (s == f->selected)
            rnd_stroke_rect(f->r, (SDL_FRect){rc.x - 2.0f, rc.y - 2.0f, rc.w + 4.0f, rc.h + 4.0f},
                            2.0f, RND_COL_ACCENT);
        return;
    }
    if (rc.w >= 24.0f)
        rnd_shadow(f->r, rc, 4.0f, 5.0f);
    if (s == f->selected) {
        SDL_FRect o = {rc.x - 4.0f, rc.y - 4.0f, rc.w + 8.0f, rc.h + 8.0f};
        rnd_fill_round_rect(f->r, o, 7.0f, RND_COL_ACCENT);
    } else if (s == f->hovered) {
        SDL_FRect o = {rc.x - 3.0f, rc.y - 3.0f, rc.w + 6.0f, rc.h + 6.0f};
        rnd_fill_round_rect(f->r, o, 6.0f, rnd_alpha(RND_COL_ACCENT, 110));
    }
    float radius = rc.w >= 30.0f ? 5.0f : 2.0f;
    rnd_fill_round_rect(f->r, rc, radius, sc);
    float border = rc.w >= 30.0f ? 3.0f : 1.5f;
    SDL_FRect inner = {rc.x + border, rc.y + border, rc.w - 2.0f * border, rc.h - 2.0f * border};
    rnd_fill_round_rect(f->r, inner, radius - 1.0f > 1.0f ? radius - 1.0f : 1.0f,
                        rnd_mix(sc, (SDL_Color){255, 255, 255, 255}, 0.62f));

    /* Server slots in a row (two rows when many), each in its own state's
     * colour, the unit on it and the operation's progress underneath. */
    int rows = nserv > 4 && inner.w < inner.h * 3.0f ? 2 : 1;
    int per_row = (nserv + rows - 1) / rows;
    float pad = inner.h * 0.1f;
    float avail_w = inner.w - 2.0f * pad, avail_h = (inner.h - 2.0f * pad) / (float)rows;
    float slot = fminf(avail_h * 0.9f, (avail_w - (float)(per_row - 1) * pad * 0.6f) / (float)per_row);
    bool robot = sp->kind == MDL_STATION_ROBOT;
    if (slot >= 5.0f) {
        float gap = pad * 0.6f;
        for (int k = 0; k < nserv; k++) {
            int row = k / per_row, col = k % per_row;
            int in_row = row == rows - 1 ? nserv - row * per_row : per_row;
            float row_w = (float)in_row * slot + (float)(in_row - 1) * gap;
            float x = inner.x + (inner.w - row_w) * 0.5f + (float)col * (slot + gap);
            float y = inner.y + pad + avail_h * (float)row + (avail_h - slot) * 0.35f;
            SDL_FRect sr = {x, y, slot, slot * (robot ? 1.0f : 0.86f)};
            draw_server_slot(f, s, k, sr, robot);
        }
    }
    /* Kind icon in the top-left corner. */
    float isz = inner.h * 0.3f;
    isz = isz > 14.0f ? 14.0f : isz;
    SDL_Color ic = rnd_darken(sc, 0.45f);
    float first_slot_x = inner.x + (inner.w - ((float)per_row * slot + (float)(per_row - 1) * pad * 0.6f)) * 0.5f;
    if (isz >= 7.0f && inner.w >= 40.0f && (slot < 5.0f || first_slot_x >= inner.x + isz + 5.0f)) {
        if (sp->kind == MDL_STATION_INSPECTION)
            icon_inspection(f, inner.x + 3.0f, inner.y + 3.0f, isz, ic);
        else if (sp->kind == MDL_STATION_ASSEMBLY)
            icon_assembly(f, inner.x + 3.0f, inner.y + 3.0f, isz, ic);
    }
    if (st == MDL_STATE_DOWN || (nserv > 1 && mdl_run_server_state(run, s, 0) == MDL_STATE_DOWN))
        down_badge(f, rc, RND_COL_BAD);
    else if (sp->maint && mdl_run_station_warned(run, s))
        down_badge(f, rc, (SDL_Color){240, 169, 46, 255});
    if (rc.w >= 14.0f)
        draw_buffer(f, s, sp, rc);
}

void rnd__layer_stations(const rnd_frame *f) {
    int n = mdl_model_station_count(f->pane->model);
    for (int s = 0; s < n; s++)
        draw_station(f, s);
}

void rnd__layer_labels(const rnd_frame *f) {
    if (!f->text)
        return;
    const mdl_model *m = f->pane->model;
    int n = mdl_model_station_count(m);
    int px = (int)(f->x.ppm * 0.42);
    px = px < 10 ? 10 : px > 15 ? 15 : px;
    rnd_font_style name_st = {px, true};
    rnd_font_style count_st = {px - 2 < 9 ? 9 : px - 2, false};
    for (int s = 0; s < n; s++) {
        const mdl_station_spec *sp = mdl_model_station(m, s);
        SDL_FRect rc = rnd__station_rect(&f->x, sp);
        if (rc.w < 26.0f || !on_screen(f, rc))
            continue;
        float th = (float)rnd_text_height(f->text, name_st);
        /* The name may run a little wider than its footprint before it is
         * shortened: stations are usually spaced more than their width. */
        rnd_text_draw_fit(f->text, sp->id, rc.x + rc.w * 0.5f, rc.y - th - 3.0f, name_st,
                          s == f->selected ? RND_COL_ACCENT : RND_COL_TEXT, RND_ALIGN_CENTER,
                          rc.w * 1.3f + 10.0f);
        if (sp->buffer == 0 && mdl_run_queue_len(f->pane->run, s) == 0)
            continue;
        SDL_FRect b = buffer_rect(f, rc);
        char buf[48];
        size_t q = mdl_run_queue_len(f->pane->run, s);
        if (sp->buffer >= 0)
            snprintf(buf, sizeof buf, "%zu / %ld", q, sp->buffer);
        else
            snprintf(buf, sizeof buf, "%zu", q);
        if (rc.w >= 40.0f)
            rnd_text_draw(f->text, buf, b.x + b.w * 0.5f, b.y + b.h + 1.0f, count_st,
                          RND_COL_TEXT_DIM, RND_ALIGN_CENTER);
    }
}
