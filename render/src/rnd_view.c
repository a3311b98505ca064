/*
 * rnd_view.c - the view's state: panes and runs on one clock, history,
 * camera, picking, selection, trainer actions and the event log.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_transport.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

static const rnd_pick NO_PICK = {RND_PICK_NONE, -1, -1, -1};

/* ---- the MES log of each run -------------------------------------------- */

static const char *station_id(const rnd_pane *p, int s) {
    const mdl_station_spec *sp = mdl_model_station(p->model, s);
    return sp && sp->id ? sp->id : "?";
}

static void on_mes_event(void *ctx, double time, mdl_log_kind kind, int station,
                         uint64_t unit) {
    (void)time;
    (void)unit;
    rnd_pane *p = ctx;
    switch (kind) {
    case MDL_LOG_EXIT:
        p->exits += 1.0;
        break;
    case MDL_LOG_DOWN:
        if (station >= 0)
            rnd_view_log(p->view, p->index, RND_LOG_ALARM, "%s down", station_id(p, station));
        break;
    case MDL_LOG_UP:
        if (station >= 0)
            rnd_view_log(p->view, p->index, RND_LOG_INFO, "%s repaired", station_id(p, station));
        break;
    case MDL_LOG_SHIFT_ON:
        if (station < 0) {
            const char *shift = mdl_run_shift_name(p->run);
            if (shift)
                rnd_view_log(p->view, p->index, RND_LOG_INFO, "shift %s on", shift);
            else
                rnd_view_log(p->view, p->index, RND_LOG_INFO, "shift on");
        }
        break;
    case MDL_LOG_SHIFT_OFF:
        if (station < 0)
            rnd_view_log(p->view, p->index, RND_LOG_INFO, "off shift (break or end)");
        break;
    default:
        break;
    }
}

/* ---- creation ------------------------------------------------------------ */

/* Installs a fresh run in a pane (freeing the old one) and starts its
 * history at time 0. The pane must be at its final address: the MES log
 * callback keeps a pointer to it. */
static void pane_set_run(rnd_pane *p, mdl_run *run) {
    mdl_run_free(p->run);
    p->run = run;
    p->exits = 0.0;
    p->have_result = false;
    p->failure_logged = false;
    rnd__history_clear(&p->hist);
    mdl_run_set_log(p->run, on_mes_event, p);
    rnd__history_record(&p->hist, p->run, 0.0);
}

static void pane_fini(rnd_pane *p) {
    mdl_run_free(p->run);
    p->run = NULL;
    if (p->model)
        mdl_rep_result_fini(&p->result);
    rnd__history_fini(&p->hist);
    mdl_model_free(p->model);
    p->model = NULL;
}

/* Sets up pane storage for model m (taken over, freed on failure) without a
 * run. */
static bool pane_init(rnd_view *v, rnd_pane *p, int index, mdl_model *m,
                      const char *label, bool has_seed, uint64_t seed) {
    memset(p, 0, sizeof *p);
    p->view = v;
    p->index = index;
    snprintf(p->label, sizeof p->label, "%s", label);
    p->settings = *mdl_model_run(m);
    if (has_seed)
        p->settings.seed = seed;
    if (!mdl_rep_result_init(&p->result, m)) {
        mdl_model_free(m);
        return false;
    }
    if (!rnd__history_init(&p->hist, mdl_model_station_count(m))) {
        mdl_rep_result_fini(&p->result);
        mdl_model_free(m);
        return false;
    }
    p->model = m;
    return true;
}

rnd_view *rnd_view_new(const rnd_view_config *cfg, char *err, size_t err_size) {
    if (err && err_size)
        err[0] = '\0';
    if (!cfg || !cfg->models[0]) {
        if (cfg && cfg->models[1])
            mdl_model_free(cfg->models[1]);
        if (err)
            snprintf(err, err_size, "viewer: no model to show");
        return NULL;
    }
    rnd_view *v = calloc(1, sizeof *v);
    if (!v) {
        mdl_model_free(cfg->models[0]);
        mdl_model_free(cfg->models[1]);
        if (err)
            snprintf(err, err_size, "viewer: out of memory");
        return NULL;
    }
    v->replication = cfg->replication;
    v->sel_pane = 0;
    v->sel_station = -1;
    v->sel = NO_PICK;
    v->speed = 60.0;
    v->cam.ppm = 20.0;
    static const char *const default_labels[RND_MAX_PANES] = {"BASE", "RETROFIT"};
    bool ok = true;
    for (int i = 0; i < RND_MAX_PANES; i++) {
        if (!cfg->models[i])
            continue;
        if (!ok) {
            mdl_model_free(cfg->models[i]);
            continue;
        }
        const char *label = cfg->labels[i] ? cfg->labels[i] : default_labels[i];
        rnd_pane *p = &v->pane[v->npanes];
        if (!pane_init(v, p, v->npanes, cfg->models[i], label, cfg->has_seed, cfg->seed)) {
            ok = false;
            continue;
        }
        v->npanes++;
        mdl_run *run = mdl_run_new(p->model, &p->settings, v->replication);
        if (!run) {
            ok = false;
            continue;
        }
        pane_set_run(p, run);
    }
    if (!ok) {
        rnd_view_free(v);
        if (err)
            snprintf(err, err_size, "viewer: out of memory creating the runs");
        return NULL;
    }
    v->mode = v->npanes > 1 ? RND_MODE_SPLIT : RND_MODE_FIRST;
    return v;
}

void rnd_view_free(rnd_view *v) {
    if (!v)
        return;
    for (int i = 0; i < v->npanes; i++)
        pane_fini(&v->pane[i]);
    free(v);
}

int rnd_view_pane_count(const rnd_view *v) {
    return v->npanes;
}

const mdl_model *rnd_view_model(const rnd_view *v, int pane) {
    return pane >= 0 && pane < v->npanes ? v->pane[pane].model : NULL;
}

mdl_run *rnd_view_run(rnd_view *v, int pane) {
    return pane >= 0 && pane < v->npanes ? v->pane[pane].run : NULL;
}

const mdl_rep_result *rnd_view_result(const rnd_view *v, int pane) {
    return pane >= 0 && pane < v->npanes && v->pane[pane].have_result
               ? &v->pane[pane].result
               : NULL;
}

double rnd_view_now(const rnd_view *v) {
    return v->now;
}

double rnd_view_horizon(const rnd_view *v) {
    double h = 0.0;
    for (int i = 0; i < v->npanes; i++)
        if (mdl_run_horizon(v->pane[i].run) > h)
            h = mdl_run_horizon(v->pane[i].run);
    return h;
}

bool rnd_view_finished(const rnd_view *v) {
    return v->now >= rnd_view_horizon(v);
}

/* ---- the clock ----------------------------------------------------------- */

void rnd_view_advance_to(rnd_view *v, double t) {
    double horizon = rnd_view_horizon(v);
    if (t > horizon)
        t = horizon;
    /* Slices end on sampling instants; all panes move together so that they
     * are always at the same time when drawn or sampled. */
    while (v->now < t) {
        double next_sample = (double)v->pane[0].hist.next_k * RND_SAMPLE_S;
        double step = next_sample < t ? next_sample : t;
        for (int i = 0; i < v->npanes; i++) {
            rnd_pane *p = &v->pane[i];
            mdl_run_until(p->run, step);
            /* A failed run (out of memory, time standing still) stops
             * where it failed; say why once. */
            if (mdl_run_error(p->run) && !p->failure_logged) {
                p->failure_logged = true;
                rnd_view_log(v, i, RND_LOG_ERROR, "the run failed: %s", mdl_run_error(p->run));
            }
        }
        v->now = step;
        if (step == next_sample) {
            for (int i = 0; i < v->npanes; i++) {
                rnd_pane *p = &v->pane[i];
                /* A pane past its own horizon has stopped; its history too. */
                if (mdl_run_now(p->run) >= step)
                    rnd__history_record(&p->hist, p->run, p->exits);
                else
                    p->hist.next_k++;
            }
        }
    }
}

double rnd_view_step(rnd_view *v) {
    double next = INFINITY;
    for (int i = 0; i < v->npanes; i++) {
        double e = mdl_run_next_event(v->pane[i].run);
        if (e < next)
            next = e;
    }
    if (!isfinite(next))
        next = rnd_view_horizon(v);
    if (next <= v->now) {
        /* Events due now were fired by the last advance (run_until fires
         * everything up to and including its time); nothing left at now. */
        next = v->now;
    }
    rnd_view_advance_to(v, next);
    return v->now;
}

/* New runs for every pane (pane `skip` excepted), all or nothing. */
static bool new_runs(rnd_view *v, int skip, mdl_run **fresh) {
    for (int i = 0; i < v->npanes; i++) {
        fresh[i] = NULL;
        if (i == skip)
            continue;
        fresh[i] = mdl_run_new(v->pane[i].model, &v->pane[i].settings, v->replication);
        if (!fresh[i]) {
            for (int j = 0; j < i; j++)
                mdl_run_free(fresh[j]);
            return false;
        }
    }
    return true;
}

bool rnd_view_restart(rnd_view *v) {
    mdl_run *fresh[RND_MAX_PANES];
    if (!new_runs(v, -1, fresh)) {
        rnd_view_log(v, -1, RND_LOG_ERROR, "restart failed: out of memory");
        return false;
    }
    for (int i = 0; i < v->npanes; i++)
        pane_set_run(&v->pane[i], fresh[i]);
    v->now = 0.0;
    v->log_first = v->log_count = 0;
    return true;
}

bool rnd_view_replace_model(rnd_view *v, int pane, mdl_model *m) {
    if (!m)
        return false;
    if (pane < 0 || pane >= v->npanes) {
        mdl_model_free(m);
        return false;
    }
    rnd_pane *p = &v->pane[pane];
    char sel_id[128] = "";
    int sel_pane = v->sel_pane;
    if (v->sel_station >= 0)
        snprintf(sel_id, sizeof sel_id, "%s", station_id(&v->pane[sel_pane], v->sel_station));
    /* A replacement keeps the seed the pane was started with, so a --seed
     * override survives a reload. */
    rnd_pane np;
    if (!pane_init(v, &np, pane, m, p->label, true, p->settings.seed))
        return false;
    mdl_run *first = mdl_run_new(np.model, &np.settings, v->replication);
    mdl_run *fresh[RND_MAX_PANES];
    if (!first || !new_runs(v, pane, fresh)) {
        mdl_run_free(first);
        pane_fini(&np);
        return false;
    }
    /* Commit: the new model and, so both panes stay on one clock, fresh
     * runs everywhere. */
    pane_fini(p);
    *p = np;
    fresh[pane] = first;
    for (int i = 0; i < v->npanes; i++)
        pane_set_run(&v->pane[i], fresh[i]);
    v->now = 0.0;
    v->log_first = v->log_count = 0;
    v->sel_station = -1;
    v->sel = NO_PICK;
    if (sel_id[0]) {
        int s = mdl_model_find_station(v->pane[sel_pane].model, sel_id);
        if (s >= 0)
            rnd_view_select(v, sel_pane, s);
    }
    return true;
}

void rnd_view_sync(rnd_view *v) {
    for (int i = 0; i < v->npanes; i++) {
        mdl_run_result(v->pane[i].run, &v->pane[i].result);
        v->pane[i].have_result = true;
    }
}

/* ---- station display state --------------------------------------------- */

mdl_state rnd__station_state(const mdl_run *run, int station) {
    int n = mdl_run_servers(run, station);
    if (n <= 0)
        return MDL_STATE_IDLE;
    if (n == 1)
        return mdl_run_server_state(run, station, 0);
    int count[MDL_STATE_COUNT] = {0};
    for (int k = 0; k < n; k++) {
        mdl_state s = mdl_run_server_state(run, station, k);
        if ((int)s >= 0 && s < MDL_STATE_COUNT)
            count[s]++;
    }
    static const mdl_state urgency[MDL_STATE_COUNT] = {
        MDL_STATE_DOWN, MDL_STATE_BLOCKED, MDL_STATE_SETUP, MDL_STATE_BUSY,
        MDL_STATE_IDLE, MDL_STATE_STANDBY, MDL_STATE_OFF};
    mdl_state best = urgency[0];
    for (int i = 1; i < MDL_STATE_COUNT; i++)
        if (count[urgency[i]] > count[best])
            best = urgency[i];
    return best;
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
    return mdl_model_station_count(v->pane[p].model);
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

void rnd_view_fit(rnd_view *v, int w, int h) {
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int p = 0; p < v->npanes; p++) {
        if (!rnd__pane_visible(v, p))
            continue;
        const mdl_model *m = v->pane[p].model;
        for (int s = 0; s < mdl_model_station_count(m); s++) {
            const mdl_station_spec *sp = mdl_model_station(m, s);
            x0 = fmin(x0, sp->x - sp->w * 0.5);
            x1 = fmax(x1, sp->x + sp->w * 0.5);
            y0 = fmin(y0, sp->y - sp->h * 0.5);
            y1 = fmax(y1, sp->y + sp->h * 0.5);
        }
    }
    for (int p = 0; p < v->npanes; p++)
        if (rnd__pane_visible(v, p))
            rnd__transport_bounds(v->pane[p].model, &x0, &y0, &x1, &y1);
    if (!isfinite(x0)) {
        x0 = y0 = 0.0;
        x1 = y1 = 20.0;
    }
    /* Room for the name above and the buffer bar below each footprint,
     * and for rework loops, which run below the stations. */
    bool rework = false;
    for (int p = 0; p < v->npanes; p++)
        for (int s = 0; s < mdl_model_station_count(v->pane[p].model); s++) {
            const mdl_station_spec *sp = mdl_model_station(v->pane[p].model, s);
            rework |= sp->kind == MDL_STATION_INSPECTION && sp->reject == MDL_REJECT_REWORK;
        }
    y0 -= 1.2;
    y1 += rework ? 2.6 : 1.4;
    x0 -= 1.0;
    x1 += 1.0;
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    float pw = 0.0f, ph = 0.0f;
    for (int p = 0; p < v->npanes; p++)
        if (L.pane[p].w > 0.0f) {
            pw = L.pane[p].w;
            ph = L.pane[p].h;
            break;
        }
    if (pw < 10.0f || ph < 10.0f) {
        pw = (float)w;
        ph = (float)h;
    }
    /* Pixels kept free: a margin all round, the pane titles at the top
     * (two lines) and the legend at the bottom. */
    double margin = 20.0, top = v->npanes > 1 ? 36.0 : 8.0, bottom = ph > 300.0f ? 40.0 : 0.0;
    double sx = (pw - 2.0 * margin) / (x1 - x0);
    double sy = (ph - 2.0 * margin - top - bottom) / (y1 - y0);
    double ppm = fmin(sx, sy);
    v->cam.ppm = ppm < 1.0 ? 1.0 : ppm > 400.0 ? 400.0 : ppm;
    v->cam.cx = 0.5 * (x0 + x1);
    v->cam.cy = 0.5 * (y0 + y1) - 0.5 * (top - bottom) / v->cam.ppm;
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

bool rnd_view_station_rect(const rnd_view *v, int w, int h, int pane, int station,
                           SDL_FRect *out) {
    if (!rnd__pane_visible(v, pane) || station < 0 ||
        station >= mdl_model_station_count(v->pane[pane].model))
        return false;
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    rnd_xform x;
    rnd__xform(v, &L, pane, &x);
    *out = rnd__station_rect(&x, mdl_model_station(v->pane[pane].model, station));
    return true;
}

bool rnd_view_pick(const rnd_view *v, int w, int h, float x, float y, int *pane,
                   int *station) {
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    SDL_FRect card;
    if (rnd__inspector_rect(v, w, h, &card) && rnd_rect_contains(card, x, y))
        return false; /* the inspector covers the floor there */
    for (int p = 0; p < v->npanes; p++) {
        if (L.pane[p].w <= 0.0f || !rnd_rect_contains(L.pane[p], x, y))
            continue;
        rnd_xform xf;
        rnd__xform(v, &L, p, &xf);
        const mdl_model *m = v->pane[p].model;
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
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    rnd_xform x;
    rnd__xform(v, &L, pane, &x);
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
    const rnd_pane *pn = &v->pane[p->pane];
    if (p->kind == RND_PICK_VEHICLE) {
        mdl_vehicle_view vv;
        if (!mdl_run_vehicle(pn->run, p->fleet, p->index, &vv))
            return false;
        float len, wid;
        rnd__vehicle_size(&xf, pn->model, p->fleet, &len, &wid);
        float r = len * 0.5f + 4.0f;
        *out = (SDL_FRect){rnd__sx(&xf, vv.x) - r, rnd__sy(&xf, vv.y) - r, 2.0f * r, 2.0f * r};
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

bool rnd_view_pick_at(const rnd_view *v, int w, int h, float x, float y, rnd_pick *out) {
    rnd_pick none = NO_PICK;
    if (out)
        *out = none;
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    SDL_FRect card;
    if (rnd__inspector_rect(v, w, h, &card) && rnd_rect_contains(card, x, y))
        return false;
    for (int p = 0; p < v->npanes; p++) {
        if (L.pane[p].w <= 0.0f || !rnd_rect_contains(L.pane[p], x, y))
            continue;
        rnd_xform xf;
        rnd__xform(v, &L, p, &xf);
        const rnd_pane *pn = &v->pane[p];
        const mdl_model *m = pn->model;
        rnd_pick hit = none;
        hit.pane = p;
        /* Vehicles are drawn last: the nearest one whose body is under the
         * point wins. */
        float best = INFINITY;
        for (int fl = 0; fl < mdl_model_fleet_count(m); fl++) {
            float len, wid;
            rnd__vehicle_size(&xf, m, fl, &len, &wid);
            float r = len * 0.5f + 3.0f;
            for (int i = 0; i < mdl_run_vehicle_count(pn->run, fl); i++) {
                mdl_vehicle_view vv;
                if (!mdl_run_vehicle(pn->run, fl, i, &vv))
                    continue;
                float d = hypotf(x - rnd__sx(&xf, vv.x), y - rnd__sy(&xf, vv.y));
                if (d <= r && d < best) {
                    best = d;
                    hit.kind = RND_PICK_VEHICLE;
                    hit.fleet = fl;
                    hit.index = i;
                }
            }
        }
        if (hit.kind == RND_PICK_NONE)
            for (int r = mdl_model_robot_count(m) - 1; r >= 0; r--) {
                rnd_pick rp = {RND_PICK_ROBOT, p, -1, r};
                SDL_FRect rc;
                if (rnd__pick_rect(v, w, h, &rp, &rc) && rnd_rect_contains(rc, x, y)) {
                    hit = rp;
                    break;
                }
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
        station >= mdl_model_station_count(v->pane[pane].model)) {
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
    const rnd_pane *pn = &v->pane[p->pane];
    switch (p->kind) {
    case RND_PICK_STATION:
        rnd_view_select(v, p->pane, p->index);
        return;
    case RND_PICK_VEHICLE:
        if (p->index < 0 || p->index >= mdl_run_vehicle_count(pn->run, p->fleet))
            break;
        v->sel_station = -1;
        v->sel_pane = p->pane;
        v->sel = (rnd_pick){RND_PICK_VEHICLE, p->pane, p->fleet, p->index};
        return;
    case RND_PICK_ROBOT:
        if (p->index < 0 || p->index >= mdl_model_robot_count(pn->model))
            break;
        v->sel_station = -1;
        v->sel_pane = p->pane;
        v->sel = (rnd_pick){RND_PICK_ROBOT, p->pane, -1, p->index};
        return;
    default:
        break;
    }
    rnd_view_select(v, 0, -1);
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
    v->speed = speed;
    v->paused = paused;
}

/* ---- trainer actions ----------------------------------------------------- */

static bool act_on(rnd_view *v, int p, int s, rnd_action a) {
    rnd_pane *pn = &v->pane[p];
    const char *id = station_id(pn, s);
    const char *tag = v->npanes > 1 ? pn->label : NULL;
    char where[48] = "";
    if (tag)
        snprintf(where, sizeof where, " (%s)", tag);
    int n = mdl_run_servers(pn->run, s);
    switch (a) {
    case RND_ACT_BREAK:
        if (!mdl_run_break_station(pn->run, s))
            return false;
        rnd_view_log(v, p, RND_LOG_ACTION, "you broke %s%s", id, where);
        return true;
    case RND_ACT_REPAIR:
        if (!mdl_run_repair_station(pn->run, s))
            return false;
        rnd_view_log(v, p, RND_LOG_ACTION, "you repaired %s%s", id, where);
        return true;
    case RND_ACT_ADD_SERVER:
        if (n >= mdl_run_max_servers(pn->run, s) || !mdl_run_set_servers(pn->run, s, n + 1))
            return false;
        rnd_view_log(v, p, RND_LOG_ACTION, "%s: servers %d -> %d%s", id, n, n + 1, where);
        return true;
    case RND_ACT_REMOVE_SERVER:
        if (n <= 1 || !mdl_run_set_servers(pn->run, s, n - 1))
            return false;
        rnd_view_log(v, p, RND_LOG_ACTION, "%s: servers %d -> %d%s", id, n, n - 1, where);
        return true;
    case RND_ACT_FLEET_FASTER:
    case RND_ACT_FLEET_SLOWER:
        return false; /* fleets: rnd_view_action */
    }
    return false;
}

bool rnd_view_action(rnd_view *v, rnd_action a, bool all_panes) {
    if (a == RND_ACT_FLEET_FASTER || a == RND_ACT_FLEET_SLOWER) {
        int dir = a == RND_ACT_FLEET_FASTER ? +1 : -1;
        int p = v->sel.kind != RND_PICK_NONE ? v->sel.pane : 0;
        int fleet = v->sel.kind == RND_PICK_VEHICLE ? v->sel.fleet : 0;
        if (fleet >= mdl_model_fleet_count(v->pane[p].model))
            return false;
        bool any = rnd__fleet_speed_step(v, p, fleet, dir);
        if (all_panes) {
            const char *id = mdl_model_fleet(v->pane[p].model, fleet)->id;
            for (int q = 0; q < v->npanes; q++) {
                int f2 = q == p ? -1 : mdl_model_find_fleet(v->pane[q].model, id);
                if (f2 >= 0)
                    any = rnd__fleet_speed_step(v, q, f2, dir) || any;
            }
        }
        return any;
    }
    if (v->sel_station < 0)
        return false;
    bool any = act_on(v, v->sel_pane, v->sel_station, a);
    if (all_panes) {
        const char *id = station_id(&v->pane[v->sel_pane], v->sel_station);
        for (int p = 0; p < v->npanes; p++) {
            if (p == v->sel_pane)
                continue;
            int s = mdl_model_find_station(v->pane[p].model, id);
            if (s >= 0)
                any = act_on(v, p, s, a) || any;
        }
    }
    return any;
}

/* ---- event log ----------------------------------------------------------- */

void rnd_view_log(rnd_view *v, int pane, rnd_log_level level, const char *fmt, ...) {
    char text[sizeof v->log[0].text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    double t = pane >= 0 && pane < v->npanes && v->pane[pane].run ? mdl_run_now(v->pane[pane].run)
                                                                  : v->now;
    /* Several calendars switching at one instant log one line each; show
     * the change once. */
    for (int i = v->log_count - 1; i >= 0 && i >= v->log_count - 4; i--) {
        const rnd_log_entry *e = &v->log[(v->log_first + i) % RND_LOG_CAP];
        if (e->t != t)
            break;
        if (e->pane == pane && e->level == level && strcmp(e->text, text) == 0)
            return;
    }
    int slot;
    if (v->log_count < RND_LOG_CAP) {
        slot = (v->log_first + v->log_count) % RND_LOG_CAP;
        v->log_count++;
    } else {
        slot = v->log_first;
        v->log_first = (v->log_first + 1) % RND_LOG_CAP;
    }
    rnd_log_entry *e = &v->log[slot];
    e->t = t;
    e->pane = pane;
    e->level = level;
    memcpy(e->text, text, sizeof e->text);
}

int rnd_view_log_count(const rnd_view *v) {
    return v->log_count;
}

const char *rnd_view_log_line(const rnd_view *v, int i, double *time, rnd_log_level *level) {
    if (i < 0 || i >= v->log_count)
        return NULL;
    const rnd_log_entry *e = &v->log[(v->log_first + i) % RND_LOG_CAP];
    if (time)
        *time = e->t;
    if (level)
        *level = e->level;
    return e->text;
}

/* ---- formatting ---------------------------------------------------------- */

void rnd_format_clock(char *buf, size_t size, double t, double week_offset) {
    static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (!(t >= 0.0))
        t = 0.0;
    /* A scene's horizon may be any duration (1e300 s): past a trillion
     * days the day does not fit a long, and nobody reads the hour. */
    if (!(t + week_offset < 1e17)) {
        snprintf(buf, size, "Day %.3g", floor(t / 86400.0) + 1.0);
        return;
    }
    long day = (long)floor(t / 86400.0);
    double abs_t = t + week_offset;
    long abs_day = (long)floor(abs_t / 86400.0);
    long sec = (long)floor(abs_t - (double)abs_day * 86400.0);
    snprintf(buf, size, "Day %ld %s %02ld:%02ld:%02ld", day + 1, wd[((abs_day % 7) + 7) % 7],
             sec / 3600, (sec / 60) % 60, sec % 60);
}

void rnd_format_duration(char *buf, size_t size, double s) {
    if (!isfinite(s)) {
        snprintf(buf, size, "-");
    } else if (s < 60.0) {
        snprintf(buf, size, "%.0f s", s);
    } else if (s < 3600.0) {
        snprintf(buf, size, "%.1f min", s / 60.0);
    } else if (s >= 1e17) { /* hours beyond a long (horizons of 1e300 s) */
        snprintf(buf, size, "%.3g d", s / 86400.0);
    } else if (s < 86400.0) {
        long m = (long)(s / 60.0 + 0.5);
        if (m % 60 == 0)
            snprintf(buf, size, "%ld h", m / 60);
        else
            snprintf(buf, size, "%ld h %02ld min", m / 60, m % 60);
    } else {
        long hrs = (long)(s / 3600.0 + 0.5);
        if (hrs % 24 == 0)
            snprintf(buf, size, "%ld d", hrs / 24);
        else
            snprintf(buf, size, "%ld d %ld h", hrs / 24, hrs % 24);
    }
}
