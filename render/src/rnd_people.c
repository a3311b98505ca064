/*
 * rnd_people.c - people on the floor (mdl_people.h): small figures at the
 * stations they work at and on the way between them, coloured by what they
 * do; picking a person; the pool card of the inspector; the people row of
 * the legend.
 *
 * Where a figure stands is the run's own answer (mdl_run_person_where: the
 * walking model's straight line at the pool's walk_speed), so the viewer
 * shows exactly the walks whose times the run charges. People at one
 * station stand side by side along the bottom edge of its footprint, in
 * the order of their numbers; a person not yet at any station (the first
 * walk is free) or off shift is not on the floor (the pool card counts
 * them).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_people.h"
#include "rnd_chart.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

SDL_Color rnd_person_color(int state) {
    switch ((mdl_person_state)state) {
    case MDL_PERSON_WORKING: return (SDL_Color){46, 160, 67, 255};   /* green, like busy */
    case MDL_PERSON_SETUP: return (SDL_Color){233, 163, 38, 255};    /* amber, like setup */
    case MDL_PERSON_LOADING: return (SDL_Color){38, 139, 210, 255};  /* blue */
    case MDL_PERSON_REPAIRING: return (SDL_Color){203, 67, 53, 255}; /* red, like down */
    case MDL_PERSON_WALKING: return (SDL_Color){142, 68, 173, 255};  /* violet */
    case MDL_PERSON_IDLE: return (SDL_Color){160, 168, 180, 255};    /* grey */
    default: return (SDL_Color){90, 96, 108, 255};                   /* off: dark grey */
    }
}

/* Screen size of a figure (its height), pixels. */
static float figure_size(const rnd_xform *x) {
    float s = (float)(0.7 * x->ppm);
    return s < 12.0f ? 12.0f : s > 22.0f ? 22.0f : s;
}

/* Where person g is drawn in a pane: the run's place, and people standing
 * at one station side by side. False when not on the floor. */
static bool figure_at(const rnd_pane *pn, const rnd_xform *x, int g, float *sx, float *sy) {
    double wx, wy;
    if (!mdl_run_person_where(pn->run, g, &wx, &wy)) return false;
    int at = -1;
    mdl_person_state st = mdl_run_person_state(pn->run, g, &at);
    float s = figure_size(x);
    *sx = rnd__sx(x, wx);
    *sy = rnd__sy(x, wy);
    if (st == MDL_PERSON_WALKING || at < 0) return true;
    /* Standing at station `at`: the rank among the people standing there. */
    int rank = 0, n = 0;
    for (int k = 0; k < mdl_run_person_count(pn->run); k++) {
        int a2 = -1;
        double hx, hy;
        if (!mdl_run_person_where(pn->run, k, &hx, &hy)) continue;
        if (mdl_run_person_state(pn->run, k, &a2) == MDL_PERSON_WALKING || a2 != at) continue;
        if (k < g) rank++;
        n++;
    }
    SDL_FRect rc = rnd__station_rect(x, mdl_model_station(pn->model, at));
    float step = s * 0.8f;
    *sx = rc.x + rc.w * 0.5f + ((float)rank - (float)(n - 1) * 0.5f) * step;
    *sy = rc.y + rc.h - s * 0.15f;
    return true;
}

static void figure(SDL_Renderer *r, float x, float y, float s, SDL_Color c, bool ring) {
    float head = s * 0.2f, bw = s * 0.5f;
    SDL_Color rim = {255, 255, 255, 255};
    if (ring) rnd_stroke_circle(r, x, y - s * 0.45f, s * 0.75f, 2.0f, RND_COL_ACCENT2);
    /* Body: a rounded block from the shoulders down; head above it. */
    rnd_fill_round_rect(r, (SDL_FRect){x - bw * 0.5f - 1.0f, y - s * 0.62f - 1.0f, bw + 2.0f, s * 0.62f + 2.0f},
                        bw * 0.3f, rim);
    rnd_fill_round_rect(r, (SDL_FRect){x - bw * 0.5f, y - s * 0.62f, bw, s * 0.62f}, bw * 0.3f, c);
    rnd_fill_circle(r, x, y - s * 0.62f - head * 1.1f, head + 1.0f, rim);
    rnd_fill_circle(r, x, y - s * 0.62f - head * 1.1f, head, c);
}

void rnd__layer_people(const rnd_frame *f) {
    const rnd_pane *pn = f->pane;
    int n = mdl_run_person_count(pn->run);
    float s = figure_size(&f->x);
    for (int g = 0; g < n; g++) {
        float x, y;
        if (!figure_at(pn, &f->x, g, &x, &y)) continue;
        mdl_person_state st = mdl_run_person_state(pn->run, g, NULL);
        bool sel = f->sel.kind == RND_PICK_PERSON && f->sel.index == g;
        bool hov = f->hover.kind == RND_PICK_PERSON && f->hover.index == g;
        figure(f->r, x, y, hov ? s * 1.15f : s, rnd_person_color((int)st), sel);
    }
}

bool rnd__person_rect(const rnd_view *v, const rnd_xform *x, int pane, int g, SDL_FRect *out) {
    const rnd_pane pn = rnd__pane(v, pane);
    float sx, sy;
    if (!figure_at(&pn, x, g, &sx, &sy)) return false;
    float s = figure_size(x);
    *out = (SDL_FRect){sx - s * 0.4f, sy - s * 1.1f, s * 0.8f, s * 1.1f};
    return true;
}

int rnd__person_at(const rnd_view *v, const rnd_xform *x, int pane, float px, float py) {
    const rnd_pane pn = rnd__pane(v, pane);
    for (int g = mdl_run_person_count(pn.run) - 1; g >= 0; g--) {
        SDL_FRect rc;
        if (rnd__person_rect(v, x, pane, g, &rc) && rnd_rect_contains(rc, px, py)) return g;
    }
    return -1;
}

/* ---- the pool card ---- */

static const char *person_state_name(int s) { return mdl_person_state_name((mdl_person_state)s); }

float rnd__pool_card_height(void) {
    return 10.0f + 26.0f + 22.0f + 16.0f * 3.0f + 8.0f + RND_CARD_HEADING_H + 60.0f + 16.0f * 4.0f + 8.0f;
}

/* Card header: pool (and the person clicked), what the pool does now. */
static float pool_header(const rnd_view *v, const rnd_pane *pn, int pool, const mdl_pool_now *now, SDL_Renderer *r,
                         rnd_text *t, float x, float y, float iw) {
    const mdl_pool_spec *ps = mdl_model_pool(pn->model, pool);
    char b[160];
    rnd_text_draw_fit(t, ps->id, x, y, (rnd_font_style){17, true}, RND_COL_TEXT, RND_ALIGN_LEFT, iw * 0.6f);
    snprintf(b, sizeof b, "pool \xC2\xB7 %s", mdl_people_rule_name(ps->rule));
    rnd__chip(r, t, x + iw, y + 2.0f, b, RND_FONT_SMALL, (SDL_Color){232, 236, 242, 255}, RND_COL_TEXT_DIM,
              RND_ALIGN_RIGHT, NULL);
    y += 26.0f;
    if (v->sel.kind == RND_PICK_PERSON) {
        int at = -1;
        mdl_person_state st = mdl_run_person_state(pn->run, v->sel.index, &at);
        SDL_FRect sc;
        rnd__chip(r, t, x, y, mdl_person_state_name(st), (rnd_font_style){11, true}, rnd_person_color((int)st),
                  (SDL_Color){255, 255, 255, 255}, RND_ALIGN_LEFT, &sc);
        const char *where = at >= 0 ? mdl_model_station(pn->model, at)->id : "nowhere yet";
        snprintf(b, sizeof b, "person %d %s %s", v->sel.index - mdl_model_person_index(pn->model, pool, 0) + 1,
                 st == MDL_PERSON_WALKING ? "to" : "at", where);
        if (v->sel.index >= mdl_model_person_count(pn->model)) snprintf(b, sizeof b, "added live, %s %s",
                                                                          st == MDL_PERSON_WALKING ? "to" : "at", where);
        rnd_text_draw_fit(t, b, sc.x + sc.w + 8.0f, y + 1.0f, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT,
                          iw - sc.w - 8.0f);
    }
    y += 22.0f;
    snprintf(b, sizeof b, "%d (of %d max.), %d on shift", now->roll, now->max_roll, now->on_shift);
    rnd__kv(t, x, y, iw, "Headcount now", b);
    y += 16.0f;
    snprintf(b, sizeof b, "%d busy (%d walking), %d idle", now->busy, now->walking, now->idle);
    if (now->leaving) snprintf(b + strlen(b), sizeof b - strlen(b), ", %d leaving", now->leaving);
    rnd__kv(t, x, y, iw, "Now", b);
    y += 16.0f;
    snprintf(b, sizeof b, "%d", now->waiting);
    rnd__kv(t, x, y, iw, "Tasks waiting for people", b);
    return y + 16.0f;
}

void rnd__draw_pool_inspector(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect box) {
    const rnd_pane pn_ = rnd__pane(v, v->sel.pane), *pn = &pn_;
    int pool = v->sel.fleet;
    mdl_pool_now now;
    if (!mdl_model_pool(pn->model, pool) || !mdl_run_pool_now(pn->run, pool, &now)) return;
    rnd_shadow(r, box, 10.0f, 8.0f);
    rnd__card(r, box);
    float x = box.x + 14.0f, y = box.y + 10.0f, iw = box.w - 28.0f;
    y = pool_header(v, pn, pool, &now, r, t, x, y, iw);
    y += 8.0f;
    y = rnd__card_heading(v, t, x, y, iw, "Time split");
    double k[MDL_POOLKPI_COUNT];
    for (int i = 0; i < MDL_POOLKPI_COUNT; i++) k[i] = pn->result ? mdl_rep_pool_kpi(pn->result, pool, (mdl_poolkpi)i) : NAN;
    rnd__state_split(r, t, x, y, iw, pn->result ? k : NULL, MDL_POOLKPI_WORKING, MDL_PERSON_STATE_COUNT,
                     rnd_person_color, person_state_name, 3);
    y += 60.0f;
    static const rnd_kv_row rows[] = {
        {"Utilisation (of on-shift time)", MDL_POOLKPI_UTILIZATION, '%', 0},
        {"Tasks taken", MDL_POOLKPI_TASKS, 'n', 0},
    };
    y = rnd__kv_rows(t, x, y, 16.0f, iw, k, rows, 2);
    char b[64];
    rnd__fmt_num(b, sizeof b, k[MDL_POOLKPI_WAIT_S] / 60.0, 1);
    if (isfinite(k[MDL_POOLKPI_WAIT_S])) snprintf(b + strlen(b), sizeof b - strlen(b), " min");
    rnd__kv(t, x, y, iw, "Mean wait of a task", b);
    y += 16.0f;
    rnd__fmt_num(b, sizeof b, k[MDL_POOLKPI_EXPOSURE_H], 1);
    if (isfinite(k[MDL_POOLKPI_EXPOSURE_H])) snprintf(b + strlen(b), sizeof b - strlen(b), " h");
    rnd__kv(t, x, y, iw, "In safety zones", b);
}

/* ---- the legend's people row ---- */

float rnd__people_legend_width(const rnd_view *v, rnd_text *t) {
    if (mdl_model_pool_count(rnd__pane(v, 0).model) == 0) return 0.0f;
    float w = 16.0f + (float)rnd_text_width(t, "people:", RND_FONT_SMALL) + 8.0f;
    for (int s = 0; s < MDL_PERSON_STATE_COUNT; s++)
        w += 14.0f + (float)rnd_text_width(t, person_state_name(s), RND_FONT_SMALL) + 10.0f;
    return w;
}

void rnd__people_legend(const rnd_view *v, SDL_Renderer *r, rnd_text *t, float x, float y) {
    float w = rnd__people_legend_width(v, t), h = 22.0f;
    if (w <= 0.0f) return;
    rnd_fill_round_rect(r, (SDL_FRect){x, y, w, h}, 6.0f, (SDL_Color){255, 255, 255, 225});
    float cx = x + 10.0f, cy = y + h * 0.5f;
    cx += (float)rnd_text_draw(t, "people:", cx, cy - 7.0f, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT) + 8.0f;
    for (int s = 0; s < MDL_PERSON_STATE_COUNT; s++) {
        figure(r, cx + 4.0f, cy + 6.0f, 12.0f, rnd_person_color(s), false);
        cx += 14.0f;
        cx += (float)rnd_text_draw(t, person_state_name(s), cx, cy - 7.0f, RND_FONT_SMALL, RND_COL_TEXT,
                                   RND_ALIGN_LEFT) + 10.0f;
    }
}
