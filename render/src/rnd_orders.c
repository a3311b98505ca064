/*
 * rnd_orders.c - the plan against reality (a view started with --plan):
 * planned operations outlined over the Gantt's station rows, what the run
 * did filled inside them, and the order panel (open orders by due date,
 * late ones marked). Reads the model's plan and the run's actuals
 * (mdl_plan.h) and the pane's KPI cache (mdl_orders.h); draws only.
 */
#include <math.h>
#include <stdio.h>

#include "mdl_orders.h"
#include "mdl_plan.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

/* The run's operations in the Gantt (no state uses this colour). */
static const SDL_Color RND_PLAN_ACTUAL = {190, 30, 170, 255};

/* Screen x of time t in the bars [bx, bx + bw) showing [t0, t1]. */
static float time_x(double t, double t0, double t1, float bx, float bw) {
    double f = (t - t0) / (t1 - t0);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return bx + (float)f * bw;
}

void rnd__plan_gantt(const rnd_pane *pn, SDL_Renderer *r, SDL_FRect bars, float label_w, const int *rows,
                     int nrows, double t0, double t1) {
    const mdl_model *m = pn->model;
    int n = mdl_model_plan_op_count(m);
    if (n == 0 || nrows <= 0 || !(t1 > t0)) return;
    float row_h = bars.h / (float)nrows, bx = bars.x + label_w, bw = bars.w - label_w;
    double now = mdl_run_now(pn->run);
    SDL_Color plan_c = RND_COL_BAR, done_c = RND_PLAN_ACTUAL;
    for (int i = 0; i < n; i++) {
        const mdl_plan_op *op = mdl_model_plan_op(m, i);
        int row = -1;
        for (int k = 0; k < nrows && row < 0; k++)
            if (rows[k] == op->station) row = k;
        if (row < 0) continue;
        double as, ae;
        bool begun = mdl_run_plan_op_actual(pn->run, i, &as, &ae);
        if (begun && isnan(ae)) ae = now;
        bool plan_in = op->end >= t0 && op->start <= t1, act_in = begun && ae >= t0 && as <= t1;
        if (!plan_in && !act_in) continue;
        float y = bars.y + row_h * (float)row + 1.0f, h = row_h > 4.0f ? row_h - 2.0f : row_h;
        if (act_in) { /* reality: a filled bar in the lower half */
            float x0 = time_x(as, t0, t1, bx, bw), x1 = time_x(ae, t0, t1, bx, bw);
            rnd_fill_rect(r, (SDL_FRect){x0, y + h * 0.6f, fmaxf(x1 - x0, 1.0f), h * 0.4f}, done_c);
        }
        if (plan_in) { /* the plan: an outline over the whole row */
            float x0 = time_x(op->start, t0, t1, bx, bw), x1 = time_x(op->end, t0, t1, bx, bw);
            rnd_stroke_rect(r, (SDL_FRect){x0, y, fmaxf(x1 - x0, 2.0f), h}, 1.0f, plan_c);
        }
    }
}

/* The open orders with the earliest due dates (up to max), by due date. */
static int earliest_open(const rnd_pane *pn, int *pick, int max) {
    const mdl_model *m = pn->model;
    int n = 0;
    for (int o = 0; o < mdl_model_order_count(m); o++) {
        double due = mdl_model_order_due(m, o);
        double open = pn->result ? mdl_rep_order_kpi(pn->result, o, MDL_OKPI_UNITS_OPEN) : NAN;
        if (due < 0 || !(open > 0)) continue;
        int at;
        if (n < max)
            at = n++;
        else if (due < mdl_model_order_due(m, pick[max - 1]))
            at = max - 1;
        else
            continue;
        while (at > 0 && mdl_model_order_due(m, pick[at - 1]) > due) {
            pick[at] = pick[at - 1];
            at--;
        }
        pick[at] = o;
    }
    return n;
}

enum { MAXROWS = 12, LINE_H = 14 };

/* Order rows the panel may show in a pane of this size (0: no panel). */
static int panel_rows(const mdl_model *m, SDL_FRect floor) {
    if (mdl_model_plan_op_count(m) == 0 || floor.w < 260.0f || floor.h < 120.0f) return 0;
    int nmax = (int)((floor.h * 0.5f - 30.0f) / (float)LINE_H);
    return nmax > MAXROWS ? MAXROWS : nmax > 0 ? nmax : 0;
}

/* The panel's box with n order rows. */
static SDL_FRect panel_box(SDL_FRect floor, int n) {
    return (SDL_FRect){floor.x + 8.0f, floor.y + 8.0f, 240.0f, 42.0f + (float)(n ? n : 1) * (float)LINE_H};
}

bool rnd__orders_panel_size(const mdl_model *m, SDL_FRect floor, float *w, float *h) {
    int nmax = panel_rows(m, floor), norders = mdl_model_order_count(m);
    if (nmax == 0) return false;
    SDL_FRect box = panel_box(floor, norders < nmax ? norders : nmax); /* its tallest */
    *w = box.x - floor.x + box.w;
    *h = box.y - floor.y + box.h;
    return true;
}

void rnd__orders_panel(const rnd_pane *pn, SDL_Renderer *r, rnd_text *t, SDL_FRect floor) {
    const mdl_model *m = pn->model;
    int pick[MAXROWS];
    int line_h = LINE_H, nmax = panel_rows(m, floor);
    if (nmax <= 0) return;
    int n = earliest_open(pn, pick, nmax);
    SDL_FRect box = panel_box(floor, n);
    rnd_fill_rect(r, box, rnd_alpha(RND_COL_PANEL, 235));
    rnd_stroke_rect(r, box, 1.0f, RND_COL_PANEL_EDGE);
    rnd_text_draw(t, "OPEN ORDERS \xC2\xB7 by due date", box.x + 8.0f, box.y + 5.0f, (rnd_font_style){10, true},
                  RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
    double now = mdl_run_now(pn->run);
    if (n == 0)
        rnd_text_draw(t, "none", box.x + 8.0f, box.y + 22.0f, (rnd_font_style){10, false}, RND_COL_TEXT_DIM,
                      RND_ALIGN_LEFT);
    float key_y = box.y + box.h - 16.0f; /* the Gantt's key */
    rnd_stroke_rect(r, (SDL_FRect){box.x + 8.0f, key_y + 2.0f, 16.0f, 9.0f}, 1.0f, RND_COL_BAR);
    rnd_fill_rect(r, (SDL_FRect){box.x + 8.0f, key_y + 7.0f, 16.0f, 4.0f}, RND_PLAN_ACTUAL);
    rnd_text_draw(t, "Gantt: plan outlined, actual filled", box.x + 30.0f, key_y, (rnd_font_style){9, false},
                  RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
    for (int i = 0; i < n; i++) {
        int o = pick[i];
        double due = mdl_model_order_due(m, o);
        bool late = due < now;
        char d[32], line[96];
        rnd_format_duration(d, sizeof d, fabs(due - now));
        snprintf(line, sizeof line, "%s  %s %s", mdl_model_order_id(m, o), late ? "LATE by" : "due in", d);
        float y = box.y + 22.0f + (float)(i * line_h);
        if (late) rnd_fill_rect(r, (SDL_FRect){box.x + 2.0f, y, 3.0f, (float)line_h - 2.0f}, RND_COL_BAD);
        rnd_text_draw(t, line, box.x + 8.0f, y, (rnd_font_style){10, late}, late ? RND_COL_BAD : RND_COL_TEXT,
                      RND_ALIGN_LEFT);
    }
}
