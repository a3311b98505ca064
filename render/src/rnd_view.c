/*
 * rnd_view.c - the view's state over its live session (lv_session.h owns
 * the runs, the clock, history, trainer actions and the event log): the
 * layout of the panes, camera, picking, selection, and the key actions and
 * log lines passed on to the session.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_people.h"
#include "mdl_transport.h"
#include "rnd_draw.h"
#include "rnd_internal.h"
#include "sim_units.h"

static const rnd_pick NO_PICK = {RND_PICK_NONE, -1, -1, -1};

static const char *station_id(const rnd_view *v, int pane, int s) {
    const mdl_station_spec *sp = mdl_model_station(lv_session_model(v->session, pane), s);
    return sp && sp->id ? sp->id : "?";
}

/* ---- creation ------------------------------------------------------------ */

/* A fleet larger than its layout holds keeps its surplus out of the
 * traffic, off the floor (mdl_model_fleet_in_traffic): the log says so
 * for each pane's model, since the floor shows only the others. */
static void note_held(rnd_view *v, int only) {
    for (int p = only < 0 ? 0 : only; p < (only < 0 ? v->npanes : only + 1); p++) {
        const mdl_model *m = lv_session_model(v->session, p);
        for (int f = 0; f < mdl_model_fleet_count(m); f++) {
            const mdl_fleet_spec *fs = mdl_model_fleet(m, f);
            int on = mdl_model_fleet_in_traffic(m, f);
            if (on >= 0 && on < fs->count)
                rnd_view_log(v, p, RND_LOG_ALARM, "fleet %s: %d of %d held out of the traffic (the layout holds %d)",
                             fs->id, fs->count - on, fs->count, on);
        }
    }
}

rnd_view *rnd_view_new(const rnd_view_config *cfg, char *err, size_t err_size) {
    /* The session takes the models: on failure it frees them and says why. */
    lv_session *session = lv_session_new(cfg, err, err_size);
    if (!session)
        return NULL;
    rnd_view *v = calloc(1, sizeof *v);
    if (!v) {
        lv_session_free(session); /* and its models */
        if (err)
            snprintf(err, err_size, "viewer: out of memory");
        return NULL;
    }
    v->session = session;
    v->npanes = lv_session_pane_count(v->session);
    v->sel_pane = 0;
    v->sel_station = -1;
    v->sel = NO_PICK;
    v->cam.ppm = 20.0;
    v->mode = v->npanes > 1 ? RND_MODE_SPLIT : RND_MODE_FIRST;
    note_held(v, -1);
    return v;
}

void rnd_view_free(rnd_view *v) {
    if (!v)
        return;
    lv_session_free(v->session);
    free(v);
}

lv_session *rnd_view_session(rnd_view *v) {
    return v->session;
}

const lv_session *rnd_view_session_const(const rnd_view *v) {
    return v->session;
}

int rnd_view_pane_count(const rnd_view *v) {
    return v->npanes;
}

const mdl_model *rnd_view_model(const rnd_view *v, int pane) {
    return lv_session_model(v->session, pane);
}

mdl_run *rnd_view_run(rnd_view *v, int pane) {
    return lv_session_run(v->session, pane);
}

const mdl_rep_result *rnd_view_result(const rnd_view *v, int pane) {
    return lv_session_result(v->session, pane);
}

/* ---- restart, reload: the session's, keeping the selection ------------- */

bool rnd_view_restart(rnd_view *v) {
    bool ok = lv_session_restart(v->session);
    if (ok && v->sel.kind == RND_PICK_UNIT) /* numbers start again: another unit */
        rnd_view_select(v, 0, -1);
    return ok;
}

/* After the session replaced its models, the selection may point at a
 * station, vehicle or robot that no longer exists: keep a selected station
 * when the new model has one of the same id (sel_id, taken before the
 * change), clear anything else. */
static void reselect(rnd_view *v, int sel_pane, const char *sel_id) {
    v->sel_station = -1;
    v->sel = NO_PICK;
    if (sel_id[0]) {
        int s = mdl_model_find_station(lv_session_model(v->session, sel_pane), sel_id);
        if (s >= 0)
            rnd_view_select(v, sel_pane, s);
    }
}

static void selected_id(const rnd_view *v, char *buf, size_t n) {
    buf[0] = '\0';
    if (v->sel_station >= 0)
        snprintf(buf, n, "%s", station_id(v, v->sel_pane, v->sel_station));
}

bool rnd_view_replace_model(rnd_view *v, int pane, mdl_model *m) {
    char sel_id[128];
    selected_id(v, sel_id, sizeof sel_id);
    int sel_pane = v->sel_pane;
    bool ok = lv_session_replace_model(v->session, pane, m);
    if (ok) {
        reselect(v, sel_pane, sel_id);
        note_held(v, pane);
    }
    return ok;
}

bool rnd_view_reload(rnd_view *v, lv_reload_fn *load, void *ctx) {
    char sel_id[128];
    selected_id(v, sel_id, sizeof sel_id);
    int sel_pane = v->sel_pane;
    unsigned gen = lv_session_generation(v->session);
    bool ok = lv_session_reload(v->session, load, ctx);
    /* Also after a reload that failed half-way: a pane may be new. */
    if (lv_session_generation(v->session) != gen) {
        reselect(v, sel_pane, sel_id);
        note_held(v, -1);
    }
    return ok;
}

void rnd_view_sync(rnd_view *v) {
    lv_session_sync(v->session);
}

/* ---- layout and camera --------------------------------------------------- */

bool rnd__pane_visible(const rnd_view *v, int p) {
    if (p < 0 || p >= v->npanes)
        return false;
    if (v->npanes == 1)
        return true;
    switch (v->mode) {
    case RND_MODE_SPLIT: return true;
    case RND_MODE_FIRST: return p == 0;
    case RND_MODE_SECOND: return p == 1;
    }
    return false;
}

static int gantt_rows(const rnd_view *v) {
    int p = v->sel_station >= 0 ? v->sel_pane : (v->mode == RND_MODE_SECOND ? 1 : 0);
    if (p >= v->npanes)
        p = 0;
    return mdl_model_station_count(rnd__pane(v, p).model);
}

void rnd_view_layout(const rnd_view *v, int w, int h, rnd_layout *L) {
    memset(L, 0, sizeof *L);
    float fw = (float)w, fh = (float)h;
    float top_h = h >= 360 ? 44.0f : 30.0f;
    float side_w = 0.0f;
    if (w >= 900) {
        /* Two lines need room for two columns of figures and their change. */
        float lo = v->npanes > 1 ? 320.0f : 280.0f, hi = v->npanes > 1 ? 400.0f : 360.0f;
        side_w = fw * (v->npanes > 1 ? 0.28f : 0.25f);
        side_w = side_w < lo ? lo : side_w > hi ? hi : side_w;
    }
    float gantt_h = 0.0f;
    if (h >= 480) {
        int rows = gantt_rows(v);
        float row_h = rows > 12 ? 10.0f : 14.0f;
        if (rows > 16)
            rows = 16;
        gantt_h = 30.0f + row_h * (float)rows;
        if (gantt_h > fh * 0.28f)
            gantt_h = fh * 0.28f;
    }
    L->top = (SDL_FRect){0.0f, 0.0f, fw, top_h};
    L->side = (SDL_FRect){fw - side_w, top_h, side_w, fh - top_h};
    L->gantt = (SDL_FRect){0.0f, fh - gantt_h, fw - side_w, gantt_h};
    L->floor = (SDL_FRect){0.0f, top_h, fw - side_w, fh - top_h - gantt_h};
    int visible = 0;
    for (int p = 0; p < v->npanes; p++)
        visible += rnd__pane_visible(v, p);
    int k = 0;
    for (int p = 0; p < v->npanes; p++) {
        if (!rnd__pane_visible(v, p))
            continue;
        float pw = (L->floor.w - (float)(visible - 1) * 3.0f) / (float)visible;
        L->pane[p] = (SDL_FRect){L->floor.x + (float)k * (pw + 3.0f), L->floor.y, pw,
                                 L->floor.h};
        k++;
    }
}

void rnd__xform(const rnd_view *v, const rnd_layout *L, int pane, rnd_xform *out) {
    out->area = L->pane[pane];
    out->cx = v->cam.cx;
    out->cy = v->cam.cy;
    out->ppm = v->cam.ppm;
}

SDL_FRect rnd__station_rect(const rnd_xform *x, const mdl_station_spec *s) {
    float x0 = rnd__sx(x, s->x - s->w * 0.5), y0 = rnd__sy(x, s->y - s->h * 0.5);
    float x1 = rnd__sx(x, s->x + s->w * 0.5), y1 = rnd__sy(x, s->y + s->h * 0.5);
    return (SDL_FRect){x0, y0, x1 - x0, y1 - y0};
}

/* Pixels kept free when the layout is fitted, and the scale that leaves:
 * a margin all round, the pane titles at the top (two lines), the
 * legend's rows at the bottom (rnd_legend.c) and, with --plan, the
 * open-orders panel in the top-left corner (rnd_orders.c), above the
 * stations or left of them, whichever keeps the larger scale; so that
 * none of them covers a station. */
typedef struct fit_room {
    double top, bottom, left, ppm;
} fit_room;

#define FIT_MARGIN 20.0

static fit_room fit_scale(const rnd_view *v, const rnd_layout *L, int pane, SDL_FRect area, double dx, double dy) {
    double margin = FIT_MARGIN, pw = area.w, ph = area.h;
    fit_room fr = {v->npanes > 1 ? 36.0 : 8.0, 0.0, 0.0, 0.0};
    fr.bottom = ph > 300.0 ? (double)rnd__legend_height(v, NULL, L->floor.w) - margin + 10.0 : 0.0;
    if (fr.bottom < 0.0)
        fr.bottom = 0.0;
    fr.ppm = fmin((pw - 2.0 * margin) / dx, (ph - 2.0 * margin - fr.top - fr.bottom) / dy);
    float ow, oh;
    if (pane < 0 || !rnd__orders_panel_size(rnd__pane(v, pane).model, area, &ow, &oh))
        return fr;
    double top = fmax(fr.top, (double)oh - margin + 6.0), left = (double)ow - margin + 6.0;
    double above = fmin((pw - 2.0 * margin) / dx, (ph - 2.0 * margin - top - fr.bottom) / dy);
    double beside = fmin((pw - 2.0 * margin - left) / dx, (ph - 2.0 * margin - fr.top - fr.bottom) / dy);
    if (above >= beside)
        fr.top = top, fr.ppm = above;
    else
        fr.left = left, fr.ppm = beside;
    return fr;
}

/* The extent in metres that rnd_view_fit shows: the visible panes'
 * stations and material handling, with room for the name above and the
 * buffer bar below each footprint and for rework loops, which run below
 * the stations. */
static void fit_bounds(const rnd_view *v, double *bx0, double *by0, double *bx1, double *by1) {
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    bool rework = false;
    for (int p = 0; p < v->npanes; p++) {
        if (!rnd__pane_visible(v, p))
            continue;
        const mdl_model *m = rnd__pane(v, p).model;
        for (int s = 0; s < mdl_model_station_count(m); s++) {
            const mdl_station_spec *sp = mdl_model_station(m, s);
            x0 = fmin(x0, sp->x - sp->w * 0.5);
            x1 = fmax(x1, sp->x + sp->w * 0.5);
            y0 = fmin(y0, sp->y - sp->h * 0.5);
            y1 = fmax(y1, sp->y + sp->h * 0.5);
        }
        rnd__transport_bounds(m, &x0, &y0, &x1, &y1);
    }
    for (int p = 0; p < v->npanes; p++)
        for (int s = 0; s < mdl_model_station_count(rnd__pane(v, p).model); s++) {
            const mdl_station_spec *sp = mdl_model_station(rnd__pane(v, p).model, s);
            rework |= sp->kind == MDL_STATION_INSPECTION && sp->reject == MDL_REJECT_REWORK;
        }
    if (!isfinite(x0)) {
        x0 = y0 = 0.0;
        x1 = y1 = 20.0;
    }
    *bx0 = x0 - 1.0;
    *bx1 = x1 + 1.0;
    *by0 = y0 - 1.2;
    *by1 = y1 + (rework ? 2.6 : 1.4);
}

/* The area rnd_view_fit fits into: the first visible pane, or the whole
 * frame when none is big enough; returns the pane (-1: none). */
static int fit_area(const rnd_view *v, const rnd_layout *L, int w, int h, SDL_FRect *area) {
    int pane = -1;
    for (int p = 0; p < v->npanes && pane < 0; p++)
        if (L->pane[p].w > 0.0f)
            pane = p;
    *area = pane >= 0 && L->pane[pane].w >= 10.0f && L->pane[pane].h >= 10.0f
                ? L->pane[pane]
                : (SDL_FRect){0.0f, 0.0f, (float)w, (float)h};
    return pane;
}

void rnd_view_fit(rnd_view *v, int w, int h) {
    double x0, y0, x1, y1;
    fit_bounds(v, &x0, &y0, &x1, &y1);
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    SDL_FRect area;
    int pane = fit_area(v, &L, w, h, &area);
    fit_room fr = fit_scale(v, &L, pane, area, x1 - x0, y1 - y0);
    v->cam.ppm = fr.ppm < 1.0 ? 1.0 : fr.ppm > 400.0 ? 400.0 : fr.ppm;
    v->cam.cx = 0.5 * (x0 + x1) - 0.5 * fr.left / v->cam.ppm;
    v->cam.cy = 0.5 * (y0 + y1) - 0.5 * (fr.top - fr.bottom) / v->cam.ppm;
}

/* Grows the frame from min_w x min_h until the fitted layout fills its
 * pane both ways: wider for a wide plant (every visible pane gets the
 * width), higher for a deep one; the side panel, the legend and the Gantt
 * strip change with the frame, so a few rounds settle it. A plant that
 * fills min_w x min_h to 2 % keeps it. */
void rnd_view_fit_size(const rnd_view *v, int min_w, int min_h, int max_w, int max_h, int *w, int *h) {
    double x0, y0, x1, y1;
    fit_bounds(v, &x0, &y0, &x1, &y1);
    int W = min_w, H = min_h, visible = 0;
    for (int p = 0; p < v->npanes; p++)
        visible += rnd__pane_visible(v, p);
    for (int round = 0; round < 6; round++) {
        rnd_layout L;
        rnd_view_layout(v, W, H, &L);
        SDL_FRect area;
        int pane = fit_area(v, &L, W, H, &area);
        fit_room fr = fit_scale(v, &L, pane, area, x1 - x0, y1 - y0);
        double sx = (area.w - 2.0 * FIT_MARGIN - fr.left) / (x1 - x0);
        double sy = (area.h - 2.0 * FIT_MARGIN - fr.top - fr.bottom) / (y1 - y0);
        int nw = W, nh = H;
        if (sx < sy)
            nw = W + (int)ceil((sy - sx) * (x1 - x0)) * (visible > 0 ? visible : 1);
        else if (sy < sx)
            nh = H + (int)ceil((sx - sy) * (y1 - y0));
        if (round == 0 && nw < W + W / 50 && nh < H + H / 50)
            break; /* the default fits to 2 %: kept */
        nw = nw > max_w ? max_w : nw;
        nh = nh > max_h ? max_h : nh;
        if (nw == W && nh == H)
            break;
        W = nw;
        H = nh;
    }
    *w = W;
    *h = H;
}

void rnd_view_pan(rnd_view *v, float dx, float dy) {
    v->cam.cx -= dx / v->cam.ppm;
    v->cam.cy -= dy / v->cam.ppm;
}

void rnd_view_zoom_at(rnd_view *v, int w, int h, float factor, float x, float y) {
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    SDL_FRect area = L.floor;
    for (int p = 0; p < v->npanes; p++)
        if (L.pane[p].w > 0.0f && rnd_rect_contains(L.pane[p], x, y))
            area = L.pane[p];
    double ppm = v->cam.ppm * factor;
    ppm = ppm < 0.5 ? 0.5 : ppm > 600.0 ? 600.0 : ppm;
    /* Keep the world point under the cursor where it is. */
    double ox = (double)x - ((double)area.x + (double)area.w * 0.5);
    double oy = (double)y - ((double)area.y + (double)area.h * 0.5);
    double wx = v->cam.cx + ox / v->cam.ppm, wy = v->cam.cy + oy / v->cam.ppm;
    v->cam.ppm = ppm;
    v->cam.cx = wx - ox / ppm;
    v->cam.cy = wy - oy / ppm;
}

double rnd_view_zoom(const rnd_view *v) {
    return v->cam.ppm;
}

/* The world-to-screen transform of pane `pane` in a w x h window. */
static void pane_xform(const rnd_view *v, int w, int h, int pane, rnd_xform *x) {
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    rnd__xform(v, &L, pane, x);
}

/* The layout of a w x h window for a pick at (x, y): false where the
 * inspector card covers that point. */
static bool floor_layout(const rnd_view *v, int w, int h, float x, float y, rnd_layout *L) {
    rnd_view_layout(v, w, h, L);
    SDL_FRect card;
    return !(rnd__inspector_rect(v, w, h, &card) && rnd_rect_contains(card, x, y));
}

bool rnd_view_station_rect(const rnd_view *v, int w, int h, int pane, int station,
                           SDL_FRect *out) {
    if (!rnd__pane_visible(v, pane) || station < 0 ||
        station >= mdl_model_station_count(rnd__pane(v, pane).model))
        return false;
    rnd_xform x;
    pane_xform(v, w, h, pane, &x);
    *out = rnd__station_rect(&x, mdl_model_station(rnd__pane(v, pane).model, station));
    return true;
}

bool rnd_view_pick(const rnd_view *v, int w, int h, float x, float y, int *pane,
                   int *station) {
    rnd_layout L;
    if (!floor_layout(v, w, h, x, y, &L))
        return false; /* the inspector covers the floor there */
    for (int p = 0; p < v->npanes; p++) {
        if (L.pane[p].w <= 0.0f || !rnd_rect_contains(L.pane[p], x, y))
            continue;
        rnd_xform xf;
        rnd__xform(v, &L, p, &xf);
        const mdl_model *m = rnd__pane(v, p).model;
        /* Last drawn is on top: search backwards. The pick area includes the
         * name above and the buffer bar below the footprint. */
        for (int s = mdl_model_station_count(m) - 1; s >= 0; s--) {
            SDL_FRect rc = rnd__station_rect(&xf, mdl_model_station(m, s));
            float extra_top = 16.0f, extra_bottom = (float)(0.9 * xf.ppm) + 4.0f;
            SDL_FRect hit = {rc.x - 2.0f, rc.y - extra_top, rc.w + 4.0f,
                             rc.h + extra_top + extra_bottom};
            if (rnd_rect_contains(hit, x, y)) {
                if (pane)
                    *pane = p;
                if (station)
                    *station = s;
                return true;
            }
        }
    }
    return false;
}

bool rnd_view_world_to_screen(const rnd_view *v, int w, int h, int pane, double wx,
                              double wy, float *sx, float *sy) {
    if (!rnd__pane_visible(v, pane))
        return false;
    rnd_xform x;
    pane_xform(v, w, h, pane, &x);
    *sx = rnd__sx(&x, wx);
    *sy = rnd__sy(&x, wy);
    return true;
}

/* Distance from (px, py) to the segment a-b, pixels. */
static float seg_dist(float px, float py, float ax, float ay, float bx, float by) {
    float dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    float t = l2 > 0.0f ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0.0f;
    t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
    return hypotf(px - (ax + t * dx), py - (ay + t * dy));
}

bool rnd__pick_rect(const rnd_view *v, int fw, int fh, const rnd_pick *p, SDL_FRect *out) {
    if (!rnd__pane_visible(v, p->pane))
        return false;
    rnd_layout L;
    rnd_view_layout(v, fw, fh, &L);
    rnd_xform xf;
    rnd__xform(v, &L, p->pane, &xf);
    const rnd_pane pn_ = rnd__pane(v, p->pane), *pn = &pn_;
    if (p->kind == RND_PICK_VEHICLE) {
        mdl_vehicle_view vv;
        if (!mdl_run_vehicle(pn->run, p->fleet, p->index, &vv) || vv.held)
            return false;
        float len, wid;
        rnd__vehicle_size(&xf, pn->model, p->fleet, &len, &wid);
        float r = len * 0.5f + 4.0f;
        *out = (SDL_FRect){rnd__sx(&xf, vv.x) - r, rnd__sy(&xf, vv.y) - r, 2.0f * r, 2.0f * r};
        return true;
    }
    if (p->kind == RND_PICK_PERSON)
        return rnd__person_rect(v, &xf, p->pane, p->index, out);
    float ux, uy;
    if (p->kind == RND_PICK_UNIT && rnd__unit_spot(&xf, pn, (uint64_t)p->index, &ux, &uy)) {
        *out = (SDL_FRect){ux - 6.0f, uy - 6.0f, 12.0f, 12.0f};
        return true;
    }
    if (p->kind == RND_PICK_ROBOT && p->index >= 0 &&
        p->index < mdl_model_robot_count(pn->model)) {
        double bx, by;
        rnd__robot_base(pn->model, p->index, &bx, &by);
        float r = (float)(0.55 * xf.ppm);
        r = r < 6.0f ? 6.0f : r > 22.0f ? 22.0f : r;
        r += 4.0f;
        *out = (SDL_FRect){rnd__sx(&xf, bx) - r, rnd__sy(&xf, by) - r, 2.0f * r, 2.0f * r};
        return true;
    }
    return false;
}

/* The person under (x, y) in pane p into *hit, if any. */
static void pick_person(const rnd_view *v, const rnd_xform *xf, int p, float x, float y, rnd_pick *hit) {
    int g = rnd__person_at(v, xf, p, x, y);
    if (g < 0)
        return;
    hit->kind = RND_PICK_PERSON;
    hit->fleet = mdl_run_person_pool(rnd__pane(v, p).run, g);
    hit->index = g;
}

/* The vehicle whose body is under (x, y), the nearest when several, into *hit. */
static void pick_vehicle(const rnd_xform *xf, const rnd_pane *pn, float x, float y, rnd_pick *hit) {
    const mdl_model *m = pn->model;
    float best = INFINITY;
    for (int fl = 0; fl < mdl_model_fleet_count(m); fl++) {
        float len, wid;
        rnd__vehicle_size(xf, m, fl, &len, &wid);
        float r = len * 0.5f + 3.0f;
        for (int i = 0; i < mdl_run_vehicle_count(pn->run, fl); i++) {
            mdl_vehicle_view vv;
            if (!mdl_run_vehicle(pn->run, fl, i, &vv) || vv.held)
                continue;
            float d = hypotf(x - rnd__sx(xf, vv.x), y - rnd__sy(xf, vv.y));
            if (d <= r && d < best) {
                best = d;
                hit->kind = RND_PICK_VEHICLE;
                hit->fleet = fl;
                hit->index = i;
            }
        }
    }
}

bool rnd_view_pick_at(const rnd_view *v, int w, int h, float x, float y, rnd_pick *out) {
    rnd_pick none = NO_PICK;
    if (out)
        *out = none;
    rnd_layout L;
    if (!floor_layout(v, w, h, x, y, &L))
        return false;
    for (int p = 0; p < v->npanes; p++) {
        if (L.pane[p].w <= 0.0f || !rnd_rect_contains(L.pane[p], x, y))
            continue;
        rnd_xform xf;
        rnd__xform(v, &L, p, &xf);
        const rnd_pane pn_ = rnd__pane(v, p), *pn = &pn_;
        const mdl_model *m = pn->model;
        rnd_pick hit = none;
        hit.pane = p;
        /* A unit riding a vehicle or a belt is drawn on top of it: it wins
         * (its card shows where it rides). Then vehicles, drawn last: the
         * nearest one whose body is under the point. */
        uint64_t riding;
        bool on_unit = rnd__carried_unit_at(&xf, pn, x, y, &riding);
        if (on_unit) {
            hit.kind = RND_PICK_UNIT;
            hit.index = (int)riding;
        }
        if (!on_unit)
            pick_vehicle(&xf, pn, x, y, &hit);
        if (hit.kind == RND_PICK_NONE) /* people stand on the stations: a figure wins */
            pick_person(v, &xf, p, x, y, &hit);
        if (hit.kind == RND_PICK_NONE)
            for (int r = mdl_model_robot_count(m) - 1; r >= 0; r--) {
                rnd_pick rp = {RND_PICK_ROBOT, p, -1, r};
                SDL_FRect rc;
                if (rnd__pick_rect(v, w, h, &rp, &rc) && rnd_rect_contains(rc, x, y)) {
                    hit = rp;
                    break;
                }
            }
        uint64_t unit;
        if (hit.kind == RND_PICK_NONE && rnd__unit_at(&xf, pn, x, y, &unit)) {
            hit.kind = RND_PICK_UNIT;
            hit.index = (int)unit;
        }
        int ps, st;
        if (hit.kind == RND_PICK_NONE && rnd_view_pick(v, w, h, x, y, &ps, &st) && ps == p) {
            hit.kind = RND_PICK_STATION;
            hit.index = st;
        }
        if (hit.kind == RND_PICK_NONE)
            for (int c = 0; c < mdl_model_conveyor_count(m); c++) {
                double x0, y0, x1, y1;
                if (!rnd__conveyor_ends(m, c, &x0, &y0, &x1, &y1))
                    continue;
                float bw = (float)(0.6 * xf.ppm);
                bw = bw < 4.0f ? 4.0f : bw > 26.0f ? 26.0f : bw;
                if (seg_dist(x, y, rnd__sx(&xf, x0), rnd__sy(&xf, y0), rnd__sx(&xf, x1),
                             rnd__sy(&xf, y1)) <= bw * 0.5f + 3.0f) {
                    hit.kind = RND_PICK_CONVEYOR;
                    hit.index = c;
                    break;
                }
            }
        if (hit.kind != RND_PICK_NONE) {
            if (out)
                *out = hit;
            return true;
        }
    }
    return false;
}

/* ---- UI state ------------------------------------------------------------ */

void rnd_view_set_mode(rnd_view *v, rnd_pane_mode mode) {
    v->mode = v->npanes > 1 ? mode : RND_MODE_FIRST;
}

rnd_pane_mode rnd_view_mode(const rnd_view *v) {
    return v->mode;
}

void rnd_view_cycle_mode(rnd_view *v) {
    if (v->npanes < 2)
        return;
    v->mode = (rnd_pane_mode)(((int)v->mode + 1) % 3);
}

void rnd_view_select(rnd_view *v, int pane, int station) {
    v->sel = NO_PICK;
    if (pane < 0 || pane >= v->npanes || station < 0 ||
        station >= mdl_model_station_count(rnd__pane(v, pane).model)) {
        v->sel_station = -1;
        return;
    }
    v->sel_pane = pane;
    v->sel_station = station;
    v->sel = (rnd_pick){RND_PICK_STATION, pane, -1, station};
}

void rnd_view_select_pick(rnd_view *v, const rnd_pick *p) {
    if (!p || p->pane < 0 || p->pane >= v->npanes) {
        rnd_view_select(v, 0, -1);
        return;
    }
    const rnd_pane pn_ = rnd__pane(v, p->pane), *pn = &pn_;
    switch (p->kind) {
    case RND_PICK_STATION:
        rnd_view_select(v, p->pane, p->index);
        return;
    case RND_PICK_VEHICLE: {
        mdl_vehicle_view vv;
        if (!mdl_run_vehicle(pn->run, p->fleet, p->index, &vv) || vv.held) /* (held: off the floor) */
            break;
        v->sel_station = -1;
        v->sel_pane = p->pane;
        v->sel = (rnd_pick){RND_PICK_VEHICLE, p->pane, p->fleet, p->index};
        return;
    }
    case RND_PICK_PERSON:
        if (mdl_run_person_pool(pn->run, p->index) < 0)
            break;
        v->sel_station = -1;
        v->sel_pane = p->pane;
        v->sel = (rnd_pick){RND_PICK_PERSON, p->pane, mdl_run_person_pool(pn->run, p->index), p->index};
        return;
    case RND_PICK_ROBOT:
        if (p->index < 0 || p->index >= mdl_model_robot_count(pn->model))
            break;
        v->sel_station = -1;
        v->sel_pane = p->pane;
        v->sel = (rnd_pick){RND_PICK_ROBOT, p->pane, -1, p->index};
        return;
    case RND_PICK_UNIT: {
        lv_unit_info u;
        if (p->index <= 0 || !lv_trace_unit(lv_session_trace(v->session, p->pane), (uint64_t)p->index, &u))
            break;
        v->sel_station = -1;
        v->sel_pane = p->pane;
        v->sel = (rnd_pick){RND_PICK_UNIT, p->pane, -1, p->index};
        return;
    }
    default:
        break;
    }
    rnd_view_select(v, 0, -1);
}

bool rnd_view_pick_rect(const rnd_view *v, int w, int h, const rnd_pick *p, SDL_FRect *out) {
    return p && rnd__pick_rect(v, w, h, p, out);
}

rnd_pick rnd_view_selection(const rnd_view *v) {
    return v->sel;
}

int rnd_view_selected(const rnd_view *v, int *pane) {
    if (pane)
        *pane = v->sel_pane;
    return v->sel_station;
}

void rnd_view_hover(rnd_view *v, float x, float y, bool inside) {
    v->mouse_x = x;
    v->mouse_y = y;
    v->mouse_in = inside;
}

void rnd_view_set_help(rnd_view *v, bool shown) {
    v->help = shown;
}

bool rnd_view_help(const rnd_view *v) {
    return v->help;
}

void rnd_view_set_status(rnd_view *v, double speed, bool paused) {
    lv_session_set_speed(v->session, speed);
    lv_session_set_paused(v->session, paused);
}

/* ---- trainer actions: the session's, on the selection -------------------- */

/* The pool a person action acts on with no person selected: the pool of
 * the selected station's first task, else the line's first pool. */
static int people_pool_of(const rnd_view *v, int pane, int station) {
    const mdl_model *m = rnd__pane(v, pane).model;
    for (int i = 0; station >= 0 && i < mdl_model_task_count(m); i++) {
        const mdl_task_spec *t = mdl_model_task(m, i);
        if (t->station == station && t->pool >= 0)
            return t->pool;
    }
    return mdl_model_pool_count(m) > 0 ? 0 : -1;
}

bool rnd_view_action(rnd_view *v, rnd_action a, bool all_panes) {
    if (a == RND_ACT_FLEET_FASTER || a == RND_ACT_FLEET_SLOWER) {
        int p = v->sel.kind != RND_PICK_NONE ? v->sel.pane : 0;
        int fleet = v->sel.kind == RND_PICK_VEHICLE ? v->sel.fleet : 0;
        return lv_session_act(v->session, a, p, fleet, all_panes);
    }
    if (a == RND_ACT_ADD_PERSON || a == RND_ACT_REMOVE_PERSON) {
        int p = v->sel.kind != RND_PICK_NONE ? v->sel.pane : 0;
        int pool = v->sel.kind == RND_PICK_PERSON ? v->sel.fleet : people_pool_of(v, p, v->sel_station);
        return pool >= 0 && lv_session_act(v->session, a, p, pool, all_panes);
    }
    if (v->sel_station < 0)
        return false;
    return lv_session_act(v->session, a, v->sel_pane, v->sel_station, all_panes);
}

/* ---- event log: the session's -------------------------------------------- */

void rnd_view_log(rnd_view *v, int pane, rnd_log_level level, const char *fmt, ...) {
    char text[120];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    lv_session_log(v->session, pane, level, "%s", text);
}

int rnd_view_log_count(const rnd_view *v) {
    return lv_session_log_count(v->session);
}

const char *rnd_view_log_line(const rnd_view *v, int i, double *time, rnd_log_level *level) {
    return lv_session_log_line(v->session, i, time, level, NULL);
}

/* ---- formatting ---------------------------------------------------------- */

void rnd_format_clock(char *buf, size_t size, double t, double week_offset) {
    static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (!(t >= 0.0))
        t = 0.0;
    /* A scene's horizon may be any duration (1e300 s): past a trillion
     * days the day does not fit a long, and nobody reads the hour. */
    if (!(t + week_offset < 1e17)) {
        snprintf(buf, size, "Day %.3g", floor(t / SIM_DAY) + 1.0);
        return;
    }
    long day = (long)floor(t / SIM_DAY);
    double abs_t = t + week_offset;
    long abs_day = (long)floor(abs_t / SIM_DAY);
    long sec = (long)floor(abs_t - (double)abs_day * SIM_DAY);
    snprintf(buf, size, "Day %ld %s %02ld:%02ld:%02ld", day + 1, wd[((abs_day % 7) + 7) % 7],
             sec / (long)SIM_HOUR, (sec / (long)SIM_MINUTE) % 60, sec % 60);
}

void rnd_format_duration(char *buf, size_t size, double s) {
    if (!isfinite(s)) {
        snprintf(buf, size, "-");
    } else if (s < SIM_MINUTE) {
        snprintf(buf, size, "%.0f s", s);
    } else if (s < SIM_HOUR) {
        snprintf(buf, size, "%.1f min", s / SIM_MINUTE);
    } else if (s >= 1e17) { /* hours beyond a long (horizons of 1e300 s) */
        snprintf(buf, size, "%.3g d", s / SIM_DAY);
    } else if (s < SIM_DAY) {
        long m = (long)(s / SIM_MINUTE + 0.5);
        if (m % 60 == 0)
            snprintf(buf, size, "%ld h", m / 60);
        else
            snprintf(buf, size, "%ld h %02ld min", m / 60, m % 60);
    } else {
        long hrs = (long)(s / SIM_HOUR + 0.5);
        if (hrs % 24 == 0)
            snprintf(buf, size, "%ld d", hrs / 24);
        else
            snprintf(buf, size, "%ld d %ld h", hrs / 24, hrs % 24);
    }
}
