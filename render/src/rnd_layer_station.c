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
#include <string.h>

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
    return rnd__buffer_rect(&f->x, rc);
}

SDL_FRect rnd__buffer_rect(const rnd_xform *x, SDL_FRect rc) {
    float gap = (float)(0.18 * x->ppm);
    float h = (float)(0.42 * x->ppm);
    if (gap < 3.0f)
        gap = 3.0f;
    h = h < 5.0f ? 5.0f : h > 20.0f ? 20.0f : h;
    return (SDL_FRect){rc.x, rc.y + rc.h + gap, rc.w, h};
}

/* Where a station's server tiles go (the footprint's inner area, one or two
 * rows); slot < 5 px: no tiles. */
typedef struct rnd_slots {
    SDL_FRect inner;
    int nserv, rows, per_row;
    float pad, avail_h, slot, gap;
    bool robot;
} rnd_slots;

static void slots_of(SDL_FRect rc, int nserv, bool robot, rnd_slots *g) {
    float border = rc.w >= 30.0f ? 3.0f : 1.5f;
    g->inner = (SDL_FRect){rc.x + border, rc.y + border, rc.w - 2.0f * border, rc.h - 2.0f * border};
    g->nserv = nserv;
    g->robot = robot;
    g->rows = nserv > 4 && g->inner.w < g->inner.h * 3.0f ? 2 : 1;
    g->per_row = (nserv + g->rows - 1) / g->rows;
    g->pad = g->inner.h * 0.1f;
    float avail_w = g->inner.w - 2.0f * g->pad;
    g->avail_h = (g->inner.h - 2.0f * g->pad) / (float)g->rows;
    g->slot = fminf(g->avail_h * 0.9f, (avail_w - (float)(g->per_row - 1) * g->pad * 0.6f) / (float)g->per_row);
    g->gap = g->pad * 0.6f;
}

static SDL_FRect slot_rect(const rnd_slots *g, int k) {
    int row = k / g->per_row, col = k % g->per_row;
    int in_row = row == g->rows - 1 ? g->nserv - row * g->per_row : g->per_row;
    float row_w = (float)in_row * g->slot + (float)(in_row - 1) * g->gap;
    float x = g->inner.x + (g->inner.w - row_w) * 0.5f + (float)col * (g->slot + g->gap);
    float y = g->inner.y + g->pad + g->avail_h * (float)row + (g->avail_h - g->slot) * 0.35f;
    return (SDL_FRect){x, y, g->slot, g->slot * (g->robot ? 1.0f : 0.86f)};
}

/* Where the unit on a server tile is drawn: centre and radius. */
static void slot_unit_spot(SDL_FRect sr, bool robot, float *cx, float *cy, float *rad) {
    if (robot && sr.w >= 14.0f) {
        *cx = sr.x + sr.w * 0.82f, *cy = sr.y + sr.h * 0.22f, *rad = sr.w * 0.14f;
    } else {
        *cx = sr.x + sr.w * 0.5f, *cy = sr.y + sr.h * 0.5f, *rad = sr.h * 0.3f;
    }
}

/* How the buffer bar shows its units: marker size, how many, where. */
typedef struct rnd_qmarks {
    float d;  /* marker diameter */
    int show; /* markers drawn */
} rnd_qmarks;

static bool queue_marks(SDL_FRect b, size_t n, rnd_qmarks *q) {
    if (!(b.h >= 7.0f && b.w >= 20.0f && n > 0))
        return false;
    q->d = b.h - 3.0f;
    int fit = (int)((b.w - 2.0f) / (q->d + 1.0f));
    q->show = (int)n < fit ? (int)n : fit;
    if ((size_t)q->show < n && q->show > 0)
        q->show--; /* room for the "more" tick */
    return true;
}

static float queue_mark_x(SDL_FRect b, const rnd_qmarks *q, int i) {
    return b.x + 1.5f + q->d * 0.5f + (float)i * (q->d + 1.0f);
}

static void unit_marker(const rnd_frame *f, float cx, float cy, float rad,
                        const mdl_unit_view *u) {
    SDL_Color c = rnd_product_color(u->product);
    if (f->sel.kind == RND_PICK_UNIT && (uint64_t)f->sel.index == u->serial) /* the unit's card is open */
        rnd_stroke_circle(f->r, cx, cy, rad + 3.0f, 2.5f, RND_COL_ACCENT);
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
    rnd_qmarks q;
    if (queue_marks(b, n, &q)) {
        /* Units as markers, next to be served first from the left. */
        float d = q.d;
        int show = q.show;
        for (int i = 0; i < show; i++) {
            mdl_unit_view u;
            if (!mdl_run_queue_unit(run, s, (size_t)i, &u))
                break;
            unit_marker(f, queue_mark_x(b, &q, i), b.y + b.h * 0.5f, d * 0.5f, &u);
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
    if (robot && slot >= 14.0f)
        robot_arm(f, sr.x + sr.w * 0.5f, sr.y + sr.h * 0.78f, slot * 0.36f, prog,
                  ks == MDL_STATE_BUSY || ks == MDL_STATE_SETUP,
                  (SDL_Color){70, 78, 92, 255});
    if (has_unit) {
        float cx, cy, rad;
        slot_unit_spot(sr, robot, &cx, &cy, &rad);
        unit_marker(f, cx, cy, rad, &u);
    }
    if (slot >= 9.0f) {
        SDL_FRect pb = {sr.x, sr.y + sr.h + 2.0f, sr.w, slot >= 20.0f ? 3.0f : 2.0f};
        rnd_fill_rect(f->r, pb, (SDL_Color){255, 255, 255, 200});
        if (prog > 0.0)
            rnd_fill_rect(f->r, (SDL_FRect){pb.x, pb.y, pb.w * (float)fmin(prog, 1.0), pb.h},
                          rnd_darken(kc, 0.35f));
    }
}

bool rnd__unit_at(const rnd_xform *x, const rnd_pane *pn, float px, float py, uint64_t *unit) {
    const mdl_model *m = pn->model;
    int n = mdl_model_station_count(m);
    for (int s = 0; s < n; s++) {
        const mdl_station_spec *sp = mdl_model_station(m, s);
        SDL_FRect rc = rnd__station_rect(x, sp);
        if (rc.w < 14.0f || px < rc.x - 2.0f || px > rc.x + rc.w + 2.0f || py < rc.y - 2.0f ||
            py > rc.y + rc.h + 30.0f)
            continue;
        mdl_unit_view u;
        SDL_FRect b = rnd__buffer_rect(x, rc);
        rnd_qmarks q;
        if (py >= b.y && py <= b.y + b.h && queue_marks(b, mdl_run_queue_len(pn->run, s), &q)) {
            int i = (int)floorf((px - (b.x + 1.5f)) / (q.d + 1.0f));
            if (i >= 0 && i < q.show && mdl_run_queue_unit(pn->run, s, (size_t)i, &u)) {
                *unit = u.serial;
                return true;
            }
        }
        rnd_slots g;
        int nserv = mdl_run_servers(pn->run, s);
        slots_of(rc, nserv, sp->kind == MDL_STATION_ROBOT, &g);
        if (rc.w < 8.0f || rc.h < 6.0f || g.slot < 5.0f)
            continue;
        for (int k = 0; k < nserv; k++) {
            float cx, cy, rad;
            slot_unit_spot(slot_rect(&g, k), g.robot, &cx, &cy, &rad);
            rad = rad < 4.0f ? 4.0f : rad;
            if ((px - cx) * (px - cx) + (py - cy) * (py - cy) <= rad * rad &&
                mdl_run_server_unit(pn->run, s, k, &u)) {
                *unit = u.serial;
                return true;
            }
        }
    }
    return rnd__carried_unit_at(x, pn, px, py, unit); /* on a vehicle or a belt (rnd_carried.c) */
}

bool rnd__unit_spot(const rnd_xform *x, const rnd_pane *pn, uint64_t unit, float *cx, float *cy) {
    const mdl_model *m = pn->model;
    int n = mdl_model_station_count(m);
    for (int s = 0; s < n; s++) {
        const mdl_station_spec *sp = mdl_model_station(m, s);
        SDL_FRect rc = rnd__station_rect(x, sp);
        mdl_unit_view u;
        int nserv = mdl_run_servers(pn->run, s);
        rnd_slots g;
        slots_of(rc, nserv, sp->kind == MDL_STATION_ROBOT, &g);
        for (int k = 0; k < nserv; k++)
            if (mdl_run_server_unit(pn->run, s, k, &u) && u.serial == unit) {
                float rad;
                if (g.slot >= 5.0f && rc.w >= 8.0f)
                    slot_unit_spot(slot_rect(&g, k), g.robot, cx, cy, &rad);
                else
                    *cx = rc.x + rc.w * 0.5f, *cy = rc.y + rc.h * 0.5f;
                return true;
            }
        size_t q = mdl_run_queue_len(pn->run, s);
        for (size_t i = 0; i < q; i++)
            if (mdl_run_queue_unit(pn->run, s, i, &u) && u.serial == unit) {
                SDL_FRect b = rnd__buffer_rect(x, rc);
                rnd_qmarks qm;
                if (queue_marks(b, q, &qm) && (int)i < qm.show)
                    *cx = queue_mark_x(b, &qm, (int)i), *cy = b.y + b.h * 0.5f;
                else
                    *cx = b.x + b.w * 0.5f, *cy = b.y + b.h * 0.5f;
                return true;
            }
    }
    return rnd__carried_unit_spot(x, pn, unit, cx, cy);
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
    rnd_slots g;
    slots_of(rc, nserv, sp->kind == MDL_STATION_ROBOT, &g);
    int per_row = g.per_row;
    float slot = g.slot, pad = g.pad;
    bool robot = g.robot;
    if (slot >= 5.0f)
        for (int k = 0; k < nserv; k++)
            draw_server_slot(f, s, k, slot_rect(&g, k), robot);
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
    if (rc.w >= 14.0f) {
        if (!rnd__draw_components(f, s, sp, rc))
            draw_buffer(f, s, sp, rc);
        rnd__draw_batch(f, s, sp, rc);
    }
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
        if (sp->kind == MDL_STATION_ASSEMBLY && rc.w >= 40.0f)
            rnd__label_components(f, s, sp, rc, count_st);
        if (sp->buffer == 0 && mdl_run_queue_len(f->pane->run, s) == 0)
            continue;
        SDL_FRect b = buffer_rect(f, rc);
        char buf[48];
        size_t q = mdl_run_queue_len(f->pane->run, s);
        if (sp->buffer >= 0)
            snprintf(buf, sizeof buf, "%zu / %ld", q, sp->buffer);
        else
            snprintf(buf, sizeof buf, "%zu", q);
        if (sp->batch > 1) /* the next batch gathering (rnd_buffers.c) */
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " \xC2\xB7 batch %zu/%d", q < (size_t)sp->batch ? q : (size_t)sp->batch,
                     sp->batch);
        if (rc.w >= 40.0f)
            rnd_text_draw(f->text, buf, b.x + b.w * 0.5f, b.y + b.h + (sp->batch > 1 ? 9.0f : 1.0f), count_st,
                          RND_COL_TEXT_DIM, RND_ALIGN_CENTER);
    }
}
