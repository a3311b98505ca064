/*
 * rnd_view_draw.c - one frame: the floor of each visible pane as a stack of
 * layers, then the HUD (top bar, KPI panel, live charts, event log, Gantt
 * strip, legend), the inspector, the tooltip and the help overlay.
 *
 * Everything here reads the view; nothing advances or changes a run.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_maint.h"
#include "mdl_trial.h"
#include "rnd_chart.h"
#include "rnd_draw.h"
#include "rnd_internal.h"
#include "rnd_keys.h"
#include "sim_units.h"

/* The floor, bottom-up. A new entity kind adds a layer here. Lanes and
 * belts lie under the stations (a belt's ends tuck under the footprints),
 * robots and vehicles move above them and above the names. */
static const struct {
    const char *name;
    rnd_layer_fn *draw;
} layers[] = {
    {"floor", rnd__layer_floor},
    {"paths", rnd__layer_paths},
    {"conveyors", rnd__layer_conveyors},
    {"junctions", rnd__layer_junctions},
    {"asrs", rnd__layer_asrs},
    {"docks", rnd__layer_docks},
    {"flows", rnd__layer_flows},
    {"stations", rnd__layer_stations},
    {"outpoints", rnd__layer_outpoints},
    {"labels", rnd__layer_labels},
    {"robots", rnd__layer_robots},
    {"people", rnd__layer_people},
    {"vehicles", rnd__layer_vehicles},
    {"safety flashes", rnd__layer_flashes},
};

static const SDL_Color WHITE = {255, 255, 255, 255};

static SDL_Color pane_color(int p) {
    return p == 0 ? RND_COL_ACCENT : RND_COL_ACCENT2;
}

void rnd__card(SDL_Renderer *r, SDL_FRect rc) {
    rnd_shadow(r, rc, 8.0f, 8.0f);
    rnd_fill_round_rect(r, rc, 8.0f, rnd_darken(RND_COL_PANEL_EDGE, 0.05f));
    rnd_fill_round_rect(r, (SDL_FRect){rc.x + 1.0f, rc.y + 1.0f, rc.w - 2.0f, rc.h - 2.0f},
                        7.0f, WHITE);
}

void rnd__chip(SDL_Renderer *r, rnd_text *t, float x, float y, const char *s,
                 rnd_font_style st, SDL_Color bg, SDL_Color fg, rnd_align align,
                 SDL_FRect *out) {
    float w = (float)rnd_text_width(t, s, st) + 14.0f;
    float h = (float)rnd_text_height(t, st) + 4.0f;
    if (align == RND_ALIGN_RIGHT)
        x -= w;
    else if (align == RND_ALIGN_CENTER)
        x -= w * 0.5f;
    SDL_FRect rc = {x, y, w, h};
    rnd_fill_round_rect(r, rc, h * 0.5f, bg);
    rnd_text_draw(t, s, x + 7.0f, y + 2.0f, st, fg, RND_ALIGN_LEFT);
    if (out)
        *out = rc;
}

void rnd__fmt_pct(char *b, size_t n, double v) {
    if (isfinite(v))
        snprintf(b, n, "%.1f %%", v * 100.0);
    else
        snprintf(b, n, "\xE2\x80\x93");
}

void rnd__fmt_num(char *b, size_t n, double v, int decimals) {
    if (!isfinite(v)) {
        snprintf(b, n, "\xE2\x80\x93");
        return;
    }
    if (fabs(v) >= 100000.0)
        decimals = 0;
    snprintf(b, n, "%.*f", decimals, v);
}

static double week_offset(const rnd_view *v) {
    return mdl_model_run(rnd__pane(v, 0).model)->start;
}

/* ---- top bar ------------------------------------------------------------- */

/* Two scenes whose warm-ups differ: each pane counts its own window. */
static bool warmups_differ(const rnd_view *v) {
    return v->npanes > 1 && mdl_run_warmup(rnd__pane(v, 0).run) != mdl_run_warmup(rnd__pane(v, 1).run);
}

/* The top bar's chip while a warm-up runs: "warm-up to 2 d"; with two
 * scenes whose warm-ups differ, the panes still warming up, by label
 * ("BASE warm-up to 7 d"; cut to `size` with long labels). False when
 * no pane is warming up. */
static bool warmup_chip(const rnd_view *v, char *buf, size_t size) {
    double now = lv_session_now(v->session);
    int np = warmups_differ(v) ? v->npanes : 1;
    size_t n = 0;
    buf[0] = '\0';
    for (int p = 0; p < np; p++) {
        double warm = mdl_run_warmup(rnd__pane(v, p).run);
        if (now >= warm)
            continue;
        char d[32];
        rnd_format_duration(d, sizeof d, warm);
        int k = snprintf(buf + n, size - n, "%s%s%swarm-up to %s", n ? ", " : "", np > 1 ? rnd__pane(v, p).label : "",
                         np > 1 ? " " : "", d);
        if (k < 0)
            break;
        n = (size_t)k < size - n ? n + (size_t)k : size - 1; /* (a long label: the chip is cut) */
        if (n == size - 1)
            break;
    }
    return n > 0;
}

static void draw_top_bar(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect top) {
    rnd_fill_rect(r, top, RND_COL_BAR);
    bool compact = top.h < 40.0f;
    float cy = top.y + top.h * 0.5f;
    rnd_font_style brand = {compact ? 13 : 16, true};
    float x = top.x + 14.0f;
    x += (float)rnd_text_draw(t, "linetwin", x, cy - (float)rnd_text_height(t, brand) * 0.5f,
                              brand, (SDL_Color){120, 170, 255, 255}, RND_ALIGN_LEFT);
    x += 12.0f;
    char name[256];
    const char *n0 = mdl_model_name(rnd__pane(v, 0).model);
    if (v->npanes > 1) {
        const char *n1 = mdl_model_name(rnd__pane(v, 1).model);
        snprintf(name, sizeof name, "%s  vs  %s", n0 && n0[0] ? n0 : "base",
                 n1 && n1[0] ? n1 : "retrofit");
    } else {
        snprintf(name, sizeof name, "%s", n0 && n0[0] ? n0 : "(unnamed line)");
    }
    float name_room = top.w * 0.5f - 190.0f - x;
    rnd_text_draw_fit(t, name, x, cy - 8.0f, RND_FONT_NORMAL, (SDL_Color){190, 198, 210, 255},
                      RND_ALIGN_LEFT, name_room);

    /* The clock in the middle, the shift beside it. */
    char clock[64];
    rnd_format_clock(clock, sizeof clock, lv_session_now(v->session), week_offset(v));
    rnd_font_style cst = {compact ? 14 : 19, true};
    float cx = top.x + top.w * 0.5f;
    int cw = rnd_text_draw(t, clock, cx, cy - (float)rnd_text_height(t, cst) * 0.5f, cst,
                           WHITE, RND_ALIGN_CENTER);
    const char *shift = mdl_run_shift_name(rnd__pane(v, 0).run);
    char sh[96];
    if (shift)
        snprintf(sh, sizeof sh, "shift %s", shift);
    else if (mdl_model_calendar_count(rnd__pane(v, 0).model) > 0)
        snprintf(sh, sizeof sh, "off shift");
    else
        snprintf(sh, sizeof sh, "24/7");
    SDL_FRect sr;
    rnd__chip(r, t, cx + (float)cw * 0.5f + 12.0f, cy - 9.0f, sh, RND_FONT_SMALL,
         shift ? (SDL_Color){46, 110, 70, 255} : (SDL_Color){70, 78, 92, 255}, WHITE,
         RND_ALIGN_LEFT, &sr);
    char wb[160];
    if (warmup_chip(v, wb, sizeof wb))
        rnd__chip(r, t, sr.x + sr.w + 6.0f, cy - 9.0f, wb, RND_FONT_SMALL, (SDL_Color){95, 80, 30, 255},
             WHITE, RND_ALIGN_LEFT, NULL);

    /* Speed and run state at the right. */
    float rx = top.x + top.w - 14.0f;
    char sp[32];
    if (isinf(lv_session_speed(v->session)))
        snprintf(sp, sizeof sp, "max speed");
    else if (lv_session_speed(v->session) >= 1.0)
        snprintf(sp, sizeof sp, "%g\xC3\x97", lv_session_speed(v->session));
    else
        snprintf(sp, sizeof sp, "%.2g\xC3\x97", lv_session_speed(v->session));
    SDL_FRect pr;
    if (lv_session_finished(v->session))
        rnd__chip(r, t, rx, cy - 10.0f, "END", RND_FONT_BOLD, (SDL_Color){90, 96, 110, 255}, WHITE,
             RND_ALIGN_RIGHT, &pr);
    else if (lv_session_paused(v->session))
        rnd__chip(r, t, rx, cy - 10.0f, "PAUSED", RND_FONT_BOLD, RND_COL_BAD, WHITE, RND_ALIGN_RIGHT,
             &pr);
    else {
        /* A play triangle. */
        pr = (SDL_FRect){rx - 16.0f, cy - 8.0f, 16.0f, 16.0f};
        rnd_fill_triangle(r, pr.x + 3.0f, pr.y + 1.0f, pr.x + 3.0f, pr.y + 15.0f, pr.x + 15.0f,
                          pr.y + 8.0f, (SDL_Color){90, 210, 120, 255});
    }
    rnd_text_draw(t, sp, pr.x - 10.0f, cy - 9.0f, (rnd_font_style){15, true}, WHITE,
                  RND_ALIGN_RIGHT);

    /* Progress through the horizon along the bottom edge. */
    double hz = lv_session_horizon(v->session);
    float frac = hz > 0.0 ? (float)(lv_session_now(v->session) / hz) : 0.0f;
    rnd_fill_rect(r, (SDL_FRect){top.x, top.y + top.h - 3.0f, top.w, 3.0f}, (SDL_Color){50, 58, 72, 255});
    rnd_fill_rect(r, (SDL_FRect){top.x, top.y + top.h - 3.0f, top.w * frac, 3.0f},
                  (SDL_Color){90, 150, 255, 255});
}

/* ---- KPI panel ----------------------------------------------------------- */

typedef enum kpi_fmt { KF_NUM1, KF_NUM0, KF_NUM2, KF_PCT, KF_DUR } kpi_fmt;

static const struct {
    mdl_kpi k;
    const char *label;
    kpi_fmt fmt;
    int better; /* +1: higher is better, -1: lower is better */
} kpi_rows[] = {
    {MDL_KPI_THROUGHPUT_PER_H, "Throughput /h", KF_NUM1, +1},
    {MDL_KPI_UNITS_OUT, "Good units out", KF_NUM0, +1},
    {MDL_KPI_WIP, "WIP (avg)", KF_NUM1, -1},
    {MDL_KPI_LEAD_TIME_S, "Lead time", KF_DUR, -1},
    {MDL_KPI_OEE, "OEE", KF_PCT, +1},
    {MDL_KPI_SCRAP_RATE, "Scrap rate", KF_PCT, -1},
    {MDL_KPI_DEFECT_RATE, "Defect rate", KF_PCT, -1},
    {MDL_KPI_ENERGY_KWH, "Energy kWh", KF_NUM0, -1},
    {MDL_KPI_ENERGY_KWH_PER_UNIT, "kWh per good unit", KF_NUM2, -1},
    {MDL_KPI_COST_PER_UNIT, "Cost per unit", KF_NUM2, -1},
};

static void fmt_kpi(char *b, size_t n, double v, kpi_fmt f) {
    switch (f) {
    case KF_NUM0: rnd__fmt_num(b, n, v, 0); break;
    case KF_NUM1: rnd__fmt_num(b, n, v, 1); break;
    case KF_NUM2: rnd__fmt_num(b, n, v, 2); break;
    case KF_PCT: rnd__fmt_pct(b, n, v); break;
    case KF_DUR:
        /* One number and a unit: fits the narrow columns of two lines. */
        if (!(isfinite(v) && v > 0.0))
            snprintf(b, n, "\xE2\x80\x93");
        else if (v < SIM_MINUTE)
            snprintf(b, n, "%.0f s", v);
        else if (v < SIM_HOUR)
            snprintf(b, n, "%.1f min", v / SIM_MINUTE);
        else if (v < SIM_DAY)
            snprintf(b, n, "%.2f h", v / SIM_HOUR);
        else
            snprintf(b, n, "%.2f d", v / SIM_DAY);
        break;
    }
}

static float draw_section_title(SDL_Renderer *r, rnd_text *t, float x, float y, float w,
                                const char *title, const char *note) {
    rnd_text_draw(t, title, x, y, (rnd_font_style){11, true}, RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
    if (note)
        rnd_text_draw_fit(t, note, x + w, y, (rnd_font_style){10, false}, RND_COL_TEXT_DIM,
                          RND_ALIGN_RIGHT, w - (float)rnd_text_width(t, title, (rnd_font_style){11, true}) - 10.0f);
    rnd_fill_rect(r, (SDL_FRect){x, y + 16.0f, w, 1.0f}, RND_COL_PANEL_EDGE);
    return y + 21.0f;
}

void rnd_view_kpi_note(const rnd_view *v, char *buf, size_t size) {
    rnd_view_pane_kpi_note(v, 0, buf, size);
}

void rnd_view_pane_kpi_note(const rnd_view *v, int pane, char *buf, size_t size) {
    char d[32], c[32];
    if (pane < 0 || pane >= v->npanes)
        pane = 0;
    double warm = mdl_run_warmup(rnd__pane(v, pane).run), counted = lv_session_now(v->session) - warm;
    rnd_format_duration(d, sizeof d, warm);
    rnd_format_duration(c, sizeof c, counted);
    if (warm <= 0.0)
        snprintf(buf, size, "since start");
    else if (counted < 0.0)
        snprintf(buf, size, "since start, warming up to %s", d);
    else if (counted < SIM_MINUTE)
        snprintf(buf, size, "warm-up just ended: %s counted", c);
    else
        snprintf(buf, size, "%s counted after the %s warm-up", c, d);
}

static float draw_kpis(const rnd_view *v, SDL_Renderer *r, rnd_text *t, float x, float y,
                       float w) {
    char note[128];
    rnd_view_kpi_note(v, note, sizeof note);
    bool differ = warmups_differ(v);
    y = draw_section_title(r, t, x, y, w, "KEY FIGURES", differ ? NULL : note);
    /* Warm-ups that differ: a line per scene, in its colour, says its window. */
    for (int p = 0; differ && p < v->npanes; p++) {
        char line[192];
        rnd_view_pane_kpi_note(v, p, note, sizeof note);
        snprintf(line, sizeof line, "%s: %s", rnd__pane(v, p).label, note);
        rnd_text_draw_fit(t, line, x, y, (rnd_font_style){10, false}, pane_color(p), RND_ALIGN_LEFT, w);
        y += 14.0f;
    }
    bool two = v->npanes > 1;
    float col_b = x + w * (two ? 0.61f : 1.0f), col_r = x + w * 0.83f, col_d = x + w;
    rnd_font_style vst = two ? (rnd_font_style){12, true} : RND_FONT_BOLD;
    if (two) {
        rnd_text_draw(t, rnd__pane(v, 0).label, col_b, y, (rnd_font_style){10, true}, pane_color(0),
                      RND_ALIGN_RIGHT);
        rnd_text_draw(t, rnd__pane(v, 1).label, col_r, y, (rnd_font_style){10, true}, pane_color(1),
                      RND_ALIGN_RIGHT);
        rnd_text_draw(t, "\xCE\x94", col_d, y, (rnd_font_style){10, true}, RND_COL_TEXT_DIM,
                      RND_ALIGN_RIGHT);
        y += 15.0f;
    }
    const float row_h = 19.0f;
    for (size_t i = 0; i < sizeof kpi_rows / sizeof kpi_rows[0]; i++) {
        if (i % 2 == 1)
            rnd_fill_rect(r, (SDL_FRect){x - 4.0f, y - 2.0f, w + 8.0f, row_h},
                          (SDL_Color){244, 246, 249, 255});
        rnd_text_draw_fit(t, kpi_rows[i].label, x, y, two ? (rnd_font_style){12, false} : RND_FONT_NORMAL,
                          RND_COL_TEXT_DIM, RND_ALIGN_LEFT, two ? w * 0.38f : w * 0.6f);
        double vals[RND_MAX_PANES] = {NAN, NAN};
        for (int p = 0; p < v->npanes; p++)
            if ((rnd__pane(v, p).result != NULL))
                vals[p] = rnd__pane(v, p).result->kpi[kpi_rows[i].k];
        char b[48];
        fmt_kpi(b, sizeof b, vals[0], kpi_rows[i].fmt);
        rnd_text_draw(t, b, col_b, y, vst, RND_COL_TEXT, RND_ALIGN_RIGHT);
        if (two) {
            fmt_kpi(b, sizeof b, vals[1], kpi_rows[i].fmt);
            rnd_text_draw(t, b, col_r, y, vst, RND_COL_TEXT, RND_ALIGN_RIGHT);
            double rel = (vals[1] - vals[0]) / fabs(vals[0]);
            if (isfinite(rel) && vals[0] != 0.0) {
                if (fabs(rel) < 0.005)
                    snprintf(b, sizeof b, "0%%");
                else
                    snprintf(b, sizeof b, "%+.0f%%", rel * 100.0);
                bool better = rel * kpi_rows[i].better > 0.0;
                SDL_Color c = fabs(rel) < 0.005 ? RND_COL_TEXT_DIM
                              : better          ? RND_COL_GOOD
                                                : RND_COL_BAD;
                rnd_text_draw(t, b, col_d, y, vst, c, RND_ALIGN_RIGHT);
            } else {
                rnd_text_draw(t, "\xE2\x80\x93", col_d, y, RND_FONT_NORMAL, RND_COL_TEXT_DIM,
                              RND_ALIGN_RIGHT);
            }
        }
        y += row_h;
    }
    /* A fleet whose traffic stalls is said under the figures, in red, for
     * as long as it lasts (the events log says it once: an alarm). */
    for (int p = 0; p < v->npanes; p++) {
        const mdl_model *m = lv_session_model(v->session, p);
        const mdl_run *run = rnd__pane(v, p).run;
        if (!m || !run) continue;
        double limit = mdl_stall_limit(mdl_run_horizon(run));
        char line[192];
        int n = two ? snprintf(line, sizeof line, "%s: traffic stalled,", rnd__pane(v, p).label) : snprintf(line, sizeof line, "Traffic stalled:");
        bool any = false;
        for (int f = 0; f < mdl_model_fleet_count(m) && n > 0 && (size_t)n < sizeof line; f++)
            if (mdl_run_fleet_task_age(run, f) > limit) {
                n += snprintf(line + n, sizeof line - (size_t)n, "%s fleet %s", any ? "," : "", mdl_model_fleet(m, f)->id);
                any = true;
            }
        if (!any) continue;
        y += 2.0f;
        rnd_text_draw_fit(t, line, x, y, (rnd_font_style){12, true}, RND_COL_BAD, RND_ALIGN_LEFT, w);
        y += 16.0f;
    }
    return y + 6.0f;
}

/* ---- live charts --------------------------------------------------------- */

static void chart_window(const rnd_view *v, double *t0, double *t1) {
    double span = RND_HISTORY_SPAN_S;
    *t0 = lv_session_now(v->session) > span ? lv_session_now(v->session) - span : 0.0;
    double min_w = SIM_HOUR < span ? SIM_HOUR : span;
    *t1 = lv_session_now(v->session) > *t0 + min_w ? lv_session_now(v->session) : *t0 + min_w;
}

static float draw_charts(const rnd_view *v, SDL_Renderer *r, rnd_text *t, float x, float y,
                         float w, float ch) {
    char note[48], d[32];
    double t0, t1;
    chart_window(v, &t0, &t1);
    rnd_format_duration(d, sizeof d, t1 - t0);
    snprintf(note, sizeof note, "last %s", d);
    y = draw_section_title(r, t, x, y, w, "LIVE", note);
    struct {
        const char *title, *unit;
        int decimals, which;
    } charts[3] = {
        {"Throughput (last hour)", "/h", 1, 0},
        {"WIP", "units", 0, 1},
        {"Power draw", "kW", 1, 2},
    };
    for (int c = 0; c < 3; c++) {
        rnd_series s[RND_MAX_PANES];
        for (int p = 0; p < v->npanes; p++) {
            const lv_history *h = rnd__pane(v, p).hist;
            const float *ys = charts[c].which == 0 ? h->tput : charts[c].which == 1 ? h->wip : h->power;
            s[p] = (rnd_series){h->t, ys, h->count, pane_color(p), rnd__pane(v, p).label};
        }
        if (v->npanes == 1)
            s[0].color = charts[c].which == 0 ? RND_COL_GOOD
                         : charts[c].which == 1 ? RND_COL_ACCENT
                                                : (SDL_Color){200, 120, 20, 255};
        rnd_chart chart = {charts[c].title, charts[c].unit, t0, t1, 0.0, 0.0, v->npanes == 1,
                           charts[c].decimals};
        rnd_chart_draw(r, t, (SDL_FRect){x, y, w, ch}, &chart, s, v->npanes);
        y += ch + 6.0f;
    }
    return y;
}

/* ---- event log ----------------------------------------------------------- */

/* One line of the session's event log. */
typedef struct log_line {
    double t;
    lv_log_level level;
    int pane;
    const char *text;
} log_line;

static void draw_events(const rnd_view *v, SDL_Renderer *r, rnd_text *t, float x, float y,
                        float w, float bottom) {
    if (bottom - y < 40.0f)
        return;
    y = draw_section_title(r, t, x, y, w, "EVENTS", "newest first");
    const float line_h = 16.0f;
    int nlog = lv_session_log_count(v->session);
    if (nlog == 0) {
        rnd_text_draw(t, "Select a station and press B to break it.", x, y, RND_FONT_SMALL,
                      RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
        return;
    }
    for (int i = nlog - 1; i >= 0 && y + line_h <= bottom; i--) {
        log_line ev;
        const log_line *e = &ev;
        ev.text = lv_session_log_line(v->session, i, &ev.t, &ev.level, &ev.pane);
        char when[48];
        long day = (long)floor(e->t / SIM_DAY);
        double sod = e->t + week_offset(v) - floor((e->t + week_offset(v)) / SIM_DAY) * SIM_DAY;
        long sec = (long)sod;
        snprintf(when, sizeof when, "D%ld %02ld:%02ld", day + 1, sec / (long)SIM_HOUR, (sec / (long)SIM_MINUTE) % 60);
        float tx = x;
        if (v->npanes > 1 && e->pane >= 0) {
            rnd_fill_circle(r, x + 3.0f, y + 7.0f, 3.0f, pane_color(e->pane));
            tx += 10.0f;
        }
        int ww = rnd_text_draw(t, when, tx, y, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
        SDL_Color c = e->level == RND_LOG_ACTION  ? RND_COL_ACCENT
                      : e->level == RND_LOG_ALARM ? RND_COL_BAD
                      : e->level == RND_LOG_ERROR ? (SDL_Color){170, 30, 30, 255}
                                                  : RND_COL_TEXT;
        rnd_font_style st = e->level == RND_LOG_ACTION || e->level == RND_LOG_ERROR
                                ? (rnd_font_style){11, true}
                                : RND_FONT_SMALL;
        rnd_text_draw_fit(t, e->text, tx + (float)ww + 8.0f, y, st, c, RND_ALIGN_LEFT,
                          x + w - (tx + (float)ww + 8.0f));
        y += line_h;
    }
}

static void draw_side(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect side) {
    if (side.w <= 0.0f)
        return;
    rnd_fill_rect(r, side, RND_COL_PANEL);
    rnd_fill_rect(r, (SDL_FRect){side.x, side.y, 1.0f, side.h}, RND_COL_PANEL_EDGE);
    float x = side.x + 14.0f, w = side.w - 28.0f, y = side.y + 12.0f;
    y = draw_kpis(v, r, t, x, y, w);
    float rest = side.y + side.h - y;
    float ch = (rest - 140.0f) / 3.0f - 6.0f;
    ch = ch > 92.0f ? 92.0f : ch;
    if (ch >= 48.0f)
        y = draw_charts(v, r, t, x, y + 4.0f, w, ch);
    draw_events(v, r, t, x, y + 6.0f, w, side.y + side.h - 6.0f);
}

/* ---- Gantt strip ---------------------------------------------------------- */

typedef struct gantt_ctx {
    const lv_history *h;
    const int *rows;  /* station of each row */
    long k_first;     /* sample index of column 0 */
    long k0;          /* sample index of h's first sample */
} gantt_ctx;

static int gantt_cell(void *ctx, int row, int col) {
    const gantt_ctx *g = ctx;
    long i = g->k_first + col - g->k0;
    if (i < 0 || i >= g->h->count)
        return -1;
    return g->h->state[(size_t)i * (size_t)g->h->nst + (size_t)g->rows[row]];
}

/* Gantt time ticks at round times of day over the bars (labels at label_y,
 * drawn only between text_lo and text_hi), and a "now" marker; the bars'
 * first label_w pixels are the station names. */
static void gantt_ticks(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect bars,
                        float label_w, float label_y, double t0, double t1, float text_lo,
                        float text_hi) {
    float bx = bars.x + label_w, bw = bars.w - label_w;
    static const double tick_steps[] = {10 * SIM_MINUTE, 30 * SIM_MINUTE, SIM_HOUR,
                                        2 * SIM_HOUR,    4 * SIM_HOUR,    8 * SIM_HOUR};
    double step = tick_steps[5];
    for (size_t i = 0; i < sizeof tick_steps / sizeof tick_steps[0]; i++)
        if (tick_steps[i] / (t1 - t0) * bw >= 70.0) {
            step = tick_steps[i];
            break;
        }
    double off = week_offset(v);
    for (double tt = ceil((t0 + off) / step) * step - off; tt <= t1; tt += step) {
        float tx = bx + (float)((tt - t0) / (t1 - t0)) * bw;
        rnd_fill_rect(r, (SDL_FRect){SDL_floorf(tx), bars.y - 3.0f, 1.0f, bars.h + 3.0f},
                      rnd_alpha(RND_COL_TEXT, 45));
        long sec = (long)fmod(tt + off, SIM_DAY);
        char lab[32];
        snprintf(lab, sizeof lab, "%02ld:%02ld", sec / (long)SIM_HOUR, (sec / (long)SIM_MINUTE) % 60);
        if (tx + 20.0f < text_hi && tx - 20.0f > text_lo)
            rnd_text_draw(t, lab, tx, label_y, (rnd_font_style){10, false},
                          RND_COL_TEXT_DIM, RND_ALIGN_CENTER);
    }
    float nx = bx + (float)((lv_session_now(v->session) - t0) / (t1 - t0)) * bw;
    if (nx <= bx + bw)
        rnd_fill_rect(r, (SDL_FRect){nx, bars.y - 4.0f, 2.0f, bars.h + 4.0f}, RND_COL_TEXT);
}

static void draw_gantt(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect area) {
    if (area.h < 40.0f || area.w < 200.0f)
        return;
    rnd_fill_rect(r, area, RND_COL_PANEL);
    rnd_fill_rect(r, (SDL_FRect){area.x, area.y, area.w, 1.0f}, RND_COL_PANEL_EDGE);
    int p = v->sel_station >= 0 ? v->sel_pane : (v->mode == RND_MODE_SECOND ? 1 : 0);
    if (p >= v->npanes)
        p = 0;
    const rnd_pane pn_ = rnd__pane(v, p), *pn = &pn_;
    const lv_history *h = pn->hist;
    int nst = mdl_model_station_count(pn->model);
    if (nst == 0 || h->count == 0)
        return;
    float label_w = area.w * 0.14f;
    label_w = label_w < 90.0f ? 90.0f : label_w > 150.0f ? 150.0f : label_w;
    float x = area.x + 12.0f, w = area.w - 24.0f;
    double t0, t1;
    chart_window(v, &t0, &t1);
    char title[96], d[32];
    rnd_format_duration(d, sizeof d, t1 - t0);
    if (v->npanes > 1)
        snprintf(title, sizeof title, "STATION STATES \xC2\xB7 %s \xC2\xB7 last %s", pn->label, d);
    else
        snprintf(title, sizeof title, "STATION STATES \xC2\xB7 last %s", d);
    float title_end = x + (float)rnd_text_draw(t, title, x, area.y + 6.0f,
                                               (rnd_font_style){11, true}, RND_COL_TEXT_DIM,
                                               RND_ALIGN_LEFT);

    float bars_y = area.y + 24.0f, bars_h = area.h - 30.0f;
    float row_h = nst > 12 ? 10.0f : 14.0f;
    int nrows = (int)(bars_h / row_h);
    if (nrows > nst)
        nrows = nst;
    if (nrows <= 0)
        return;
    int rows[64];
    const char *labels[64];
    if (nrows > 64)
        nrows = 64;
    for (int i = 0; i < nrows; i++)
        rows[i] = i;
    int highlight = -1;
    if (v->sel_station >= 0 && v->sel_pane == p) {
        if (v->sel_station < nrows)
            highlight = v->sel_station;
        else {
            rows[nrows - 1] = v->sel_station;
            highlight = nrows - 1;
        }
    }
    for (int i = 0; i < nrows; i++)
        labels[i] = mdl_model_station(pn->model, rows[i])->id;
    long ncols = (long)ceil((t1 - t0) / RND_SAMPLE_S);
    gantt_ctx g = {h, rows, (long)floor(t0 / RND_SAMPLE_S + 0.5),
                   (long)floor(h->t[0] / RND_SAMPLE_S + 0.5)};
    SDL_Color palette[MDL_STATE_COUNT];
    for (int s = 0; s < MDL_STATE_COUNT; s++)
        palette[s] = rnd_state_color((mdl_state)s);
    SDL_FRect bars = {x, bars_y, w, row_h * (float)nrows};
    rnd_gantt_draw(r, t, bars, label_w, nrows, labels, (int)ncols, gantt_cell, &g, palette,
                   MDL_STATE_COUNT, highlight);
    rnd__plan_gantt(pn, r, bars, label_w, rows, nrows, t0, t1); /* with --plan (rnd_orders.c) */
    float more_w = 0.0f;
    if (nst > nrows) {
        char more[80];
        snprintf(more, sizeof more, "+%d more stations (click one to show it)", nst - nrows);
        more_w = (float)rnd_text_draw(t, more, x + w, area.y + 6.0f, (rnd_font_style){10, false},
                                      RND_COL_TEXT_DIM, RND_ALIGN_RIGHT) + 8.0f;
    }

    gantt_ticks(v, r, t, bars, label_w, area.y + 8.0f, t0, t1, title_end + 6.0f, x + w - more_w);
}

/* ---- legend, scale, pane titles ----------------------------------------- */

rnd_scale rnd__scale(const rnd_view *v, SDL_FRect floor) {
    static const double lens[] = {0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    rnd_scale sc = {lens[0], 0.0f, 0.0f, 0.0f, {0.0f, 0.0f, 0.0f, 0.0f}};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        sc.len = lens[i];
        if (sc.len * v->cam.ppm >= 70.0)
            break;
    }
    float px = (float)(sc.len * v->cam.ppm);
    sc.x1 = floor.x + floor.w - 16.0f;
    sc.x0 = sc.x1 - px;
    sc.y = floor.y + floor.h - 18.0f;
    sc.box = (SDL_FRect){sc.x0 - 8.0f, sc.y - 18.0f, px + 16.0f, 28.0f};
    return sc;
}

static void draw_scale(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect floor) {
    rnd_scale sc = rnd__scale(v, floor);
    rnd_fill_round_rect(r, sc.box, 6.0f, (SDL_Color){255, 255, 255, 225});
    rnd_fill_rect(r, (SDL_FRect){sc.x0, sc.y, sc.x1 - sc.x0, 2.0f}, RND_COL_TEXT);
    rnd_fill_rect(r, (SDL_FRect){sc.x0, sc.y - 4.0f, 2.0f, 6.0f}, RND_COL_TEXT);
    rnd_fill_rect(r, (SDL_FRect){sc.x1 - 2.0f, sc.y - 4.0f, 2.0f, 6.0f}, RND_COL_TEXT);
    char b[24];
    snprintf(b, sizeof b, "%g m", sc.len);
    rnd_text_draw(t, b, (sc.x0 + sc.x1) * 0.5f, sc.y - 17.0f, RND_FONT_SMALL, RND_COL_TEXT, RND_ALIGN_CENTER);
}

static void draw_pane_title(const rnd_view *v, SDL_Renderer *r, rnd_text *t, int p,
                            SDL_FRect area) {
    const char *name = mdl_model_name(rnd__pane(v, p).model);
    char b[200];
    if (v->npanes > 1)
        snprintf(b, sizeof b, "%s", rnd__pane(v, p).label);
    else
        return; /* one line: the top bar already names it */
    SDL_FRect cr;
    rnd__chip(r, t, area.x + 10.0f, area.y + 8.0f, b, (rnd_font_style){12, true}, pane_color(p),
         WHITE, RND_ALIGN_LEFT, &cr);
    if (name && name[0])
        rnd_text_draw_fit(t, name, cr.x + cr.w + 8.0f, cr.y + 2.0f, RND_FONT_NORMAL,
                          RND_COL_TEXT_DIM, RND_ALIGN_LEFT, area.w - cr.w - 30.0f);
}

/* ---- inspector, tooltip, help ------------------------------------------- */

void rnd__kv(rnd_text *t, float x, float y, float w, const char *k, const char *val) {
    rnd_text_draw(t, k, x, y, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
    float kw = (float)rnd_text_width(t, k, RND_FONT_SMALL);
    rnd_text_draw_fit(t, val, x + w, y, (rnd_font_style){11, true}, RND_COL_TEXT,
                      RND_ALIGN_RIGHT, w - kw - 10.0f);
}

void rnd__fmt_kpi(char *b, size_t n, double v, char fmt, int decimals) {
    if (fmt == '%')
        rnd__fmt_pct(b, n, v);
    else if (fmt == 't')
        rnd_format_duration(b, n, v);
    else
        rnd__fmt_num(b, n, v, decimals);
}

float rnd__card_heading(const rnd_view *v, rnd_text *t, float x, float y, float iw, const char *title) {
    char note[128];
    rnd_text_draw(t, title, x, y, (rnd_font_style){11, true}, RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
    rnd_view_pane_kpi_note(v, v->sel_pane, note, sizeof note); /* (the card's entity is the selected pane's) */
    rnd_text_draw_fit(t, note, x, y + 14.0f, (rnd_font_style){10, false}, RND_COL_TEXT_DIM, RND_ALIGN_LEFT, iw);
    return y + RND_CARD_HEADING_H;
}

float rnd__kv_rows(rnd_text *t, float x, float y, float lh, float w, const double *k, const rnd_kv_row *rows,
                   int n) {
    for (int i = 0; i < n; i++, y += lh) {
        char b[64];
        rnd__fmt_kpi(b, sizeof b, k ? k[rows[i].kpi] : NAN, rows[i].fmt, rows[i].decimals);
        rnd__kv(t, x, y, w, rows[i].label, b);
    }
    return y;
}

/* A card's box kept above the legend and the scale bar (rnd__overlay_top):
 * moved up, and cut shorter (its content is clipped) when the floor has
 * not the room above them. */
static SDL_FRect keep_clear(const rnd_view *v, SDL_FRect floor, SDL_FRect box) {
    float bottom = fminf(floor.y + floor.h - 44.0f, rnd__overlay_top(v, floor) - 8.0f);
    if (box.y + box.h > bottom)
        box.y = bottom - box.h;
    if (box.y < floor.y + 8.0f)
        box.y = floor.y + 8.0f;
    if (box.y + box.h > bottom)
        box.h = fmaxf(bottom - box.y, 0.0f);
    return box;
}

/* Places a card of w x h beside the anchor rectangle, never over it: to
 * its right when there is room, else to its left, else in the far corner
 * of the floor; always above the legend and the scale bar. */
static SDL_FRect place_card(const rnd_view *v, SDL_FRect floor, SDL_FRect srect, float w,
                            float h) {
    SDL_FRect box = {floor.x + 12.0f, floor.y + (v->npanes > 1 ? 40.0f : 12.0f), w, h};
    float gap = 18.0f;
    float right_x = srect.x + srect.w + gap, left_x = srect.x - gap - w;
    if (right_x + w <= floor.x + floor.w - 8.0f)
        box.x = right_x;
    else if (left_x >= floor.x + 8.0f)
        box.x = left_x;
    else if (srect.x + srect.w * 0.5f < floor.x + floor.w * 0.5f)
        box.x = floor.x + floor.w - w - 12.0f;
    box.y = srect.y + srect.h * 0.5f - h * 0.4f;
    return keep_clear(v, floor, box);
}

bool rnd__inspector_rect(const rnd_view *v, int fw, int fh, SDL_FRect *out) {
    if (v->sel.kind == RND_PICK_UNIT) {
        rnd_layout L;
        rnd_view_layout(v, fw, fh, &L);
        float w = 320.0f, h = rnd__unit_card_height(v);
        SDL_FRect anchor;
        if (L.floor.w < w + 40.0f || !rnd__unit_anchor(v, fw, fh, &anchor))
            return false;
        if (h > L.floor.h - 60.0f)
            h = L.floor.h - 60.0f;
        *out = place_card(v, L.floor, anchor, w, h);
        return true;
    }
    if ((v->sel.kind == RND_PICK_VEHICLE || v->sel.kind == RND_PICK_ROBOT || v->sel.kind == RND_PICK_PERSON) &&
        rnd__pane_visible(v, v->sel.pane)) {
        rnd_layout L;
        rnd_view_layout(v, fw, fh, &L);
        float w = 300.0f;
        float h = v->sel.kind == RND_PICK_PERSON ? rnd__pool_card_height() : rnd__transport_card_height(v);
        SDL_FRect anchor;
        if (L.floor.w < w + 40.0f || !rnd__pick_rect(v, fw, fh, &v->sel, &anchor))
            return false;
        if (h > L.floor.h - 60.0f)
            h = L.floor.h - 60.0f;
        *out = place_card(v, L.floor, anchor, w, h);
        return true;
    }
    if (v->sel_station < 0 || !rnd__pane_visible(v, v->sel_pane))
        return false;
    rnd_layout L;
    rnd_view_layout(v, fw, fh, &L);
    SDL_FRect floor = L.floor;
    const rnd_pane pn_ = rnd__pane(v, v->sel_pane), *pn = &pn_;
    int s = v->sel_station;
    const mdl_station_spec *sp = mdl_model_station(pn->model, s);
    float w = 300.0f;
    if (floor.w < w + 40.0f)
        return false;
    int nserv = mdl_run_servers(pn->run, s);
    int server_lines = nserv <= 6 ? nserv : 1;
    int param_rows = 4 + (sp->has_cycle ? 1 : 0) + (sp->has_failures ? 1 : 0) +
                     (sp->kind == MDL_STATION_INSPECTION ? 1 : 0);
    float h = 10.0f + 48.0f + 15.0f * (float)server_lines + 6.0f + 68.0f - 16.0f + RND_CARD_HEADING_H + 8.0f * 16.0f + 6.0f +
              16.0f * (float)param_rows + 20.0f;
    if (sp->maint && sp->maint->nmodes > 0)
        h += 30.0f; /* the trainer's failure mode and its keys (rnd_inspect_station.c) */
    if (h > floor.h - 60.0f)
        h = floor.h - 60.0f;
    SDL_FRect srect;
    SDL_FRect box = {floor.x + 12.0f, floor.y + (v->npanes > 1 ? 40.0f : 12.0f), w, h};
    if (rnd_view_station_rect(v, fw, fh, v->sel_pane, s, &srect))
        box = place_card(v, floor, srect, w, h);
    *out = keep_clear(v, floor, box);
    return true;
}

bool rnd_view_card_rect(const rnd_view *v, int w, int h, SDL_FRect *out) { return rnd__inspector_rect(v, w, h, out); }

static void draw_inspector(const rnd_view *v, SDL_Renderer *r, rnd_text *t, int fw, int fh) {
    SDL_FRect box;
    if (!rnd__inspector_rect(v, fw, fh, &box))
        return;
    if (v->sel.kind == RND_PICK_UNIT)
        rnd__draw_unit_inspector(v, r, t, box);
    else if (v->sel.kind == RND_PICK_PERSON)
        rnd__draw_pool_inspector(v, r, t, box);
    else if (v->sel.kind == RND_PICK_VEHICLE || v->sel.kind == RND_PICK_ROBOT)
        rnd__draw_transport_inspector(v, r, t, box);
    else
        rnd__draw_station_inspector(v, r, t, box);
}

/* A two-line tooltip beside the mouse, kept inside the w x h window, with
 * an accent mark before the first line; pad widens the box beyond the
 * longer line. */
static void tooltip_box(const rnd_view *v, SDL_Renderer *r, rnd_text *t, const char *l1,
                        const char *l2, SDL_Color accent, float pad, int w, int h) {
    float tw = (float)rnd_text_width(t, l1, RND_FONT_BOLD);
    float tw2 = (float)rnd_text_width(t, l2, RND_FONT_SMALL);
    float bw = (tw > tw2 ? tw : tw2) + pad, bh = 42.0f;
    float x = v->mouse_x + 16.0f, y = v->mouse_y + 18.0f;
    if (x + bw > (float)w - 4.0f)
        x = v->mouse_x - bw - 8.0f;
    if (y + bh > (float)h - 4.0f)
        y = v->mouse_y - bh - 8.0f;
    SDL_FRect box = {x, y, bw, bh};
    rnd_shadow(r, box, 6.0f, 5.0f);
    rnd_fill_round_rect(r, box, 6.0f, (SDL_Color){33, 38, 48, 240});
    rnd_fill_rect(r, (SDL_FRect){x + 8.0f, y + 9.0f, 4.0f, 12.0f}, accent);
    rnd_text_draw(t, l1, x + 16.0f, y + 5.0f, RND_FONT_BOLD, WHITE, RND_ALIGN_LEFT);
    rnd_text_draw(t, l2, x + 10.0f, y + 23.0f, RND_FONT_SMALL, (SDL_Color){200, 206, 216, 255},
                  RND_ALIGN_LEFT);
}

static void draw_tooltip(const rnd_view *v, SDL_Renderer *r, rnd_text *t, int pane, int s,
                         int w, int h) {
    const rnd_pane pn_ = rnd__pane(v, pane), *pn = &pn_;
    const mdl_station_spec *sp = mdl_model_station(pn->model, s);
    mdl_state st = lv_station_state(pn->run, s);
    char l1[160], l2[160], u[32];
    size_t q = mdl_run_queue_len(pn->run, s);
    const double *kp = pn->result && s < pn->result->nstations ? pn->result->station[s] : NULL;
    rnd__fmt_pct(u, sizeof u, kp ? kp[MDL_SKPI_UTILIZATION] : NAN);
    snprintf(l1, sizeof l1, "%s \xC2\xB7 %s", sp->id, rnd_state_label(st));
    if (sp->buffer >= 0)
        snprintf(l2, sizeof l2, "queue %zu/%ld \xC2\xB7 %d server%s \xC2\xB7 util %s", q,
                 sp->buffer, mdl_run_servers(pn->run, s),
                 mdl_run_servers(pn->run, s) == 1 ? "" : "s", u);
    else
        snprintf(l2, sizeof l2, "queue %zu \xC2\xB7 %d server%s \xC2\xB7 util %s", q,
                 mdl_run_servers(pn->run, s), mdl_run_servers(pn->run, s) == 1 ? "" : "s", u);
    tooltip_box(v, r, t, l1, l2, rnd_state_color(st), 20.0f, w, h);
}

static void draw_transport_tooltip(const rnd_view *v, SDL_Renderer *r, rnd_text *t,
                                   const rnd_pick *p, int w, int h) {
    char l1[160], l2[200];
    SDL_Color accent;
    if (p->kind == RND_PICK_UNIT)
        rnd__unit_tooltip(v, p, l1, sizeof l1, l2, sizeof l2, &accent);
    else
        rnd__transport_tooltip(v, p, l1, sizeof l1, l2, sizeof l2, &accent);
    tooltip_box(v, r, t, l1, l2, accent, 26.0f, w, h);
}

static void draw_help(SDL_Renderer *r, rnd_text *t, int w, int h) {
    rnd_fill_rect(r, (SDL_FRect){0.0f, 0.0f, (float)w, (float)h}, (SDL_Color){15, 20, 30, 150});
    /* One line per row of the key table (rnd_keys.h) that has overlay words. */
    int nrows = 0, n = 0;
    const rnd_key_row *keys = rnd_keys(&nrows);
    for (int i = 0; i < nrows; i++)
        n += keys[i].help_keys != NULL;
    const float lh = 21.0f;
    float bw = 580.0f;
    float bh = 18.0f + 36.0f + lh * (float)n + 8.0f + 20.0f + 20.0f + 24.0f + 68.0f + 10.0f;
    if (bw > (float)w - 20.0f)
        bw = (float)w - 20.0f;
    if (bh > (float)h - 20.0f)
        bh = (float)h - 20.0f;
    SDL_FRect box = {((float)w - bw) * 0.5f, ((float)h - bh) * 0.5f, bw, bh};
    rnd__card(r, box);
    SDL_Rect clip = {(int)box.x, (int)box.y, (int)box.w, (int)box.h};
    SDL_RenderSetClipRect(r, &clip);
    float x = box.x + 24.0f, y = box.y + 18.0f;
    rnd_text_draw(t, "linetwin viewer \xE2\x80\x94 keys", x, y, (rnd_font_style){18, true},
                  RND_COL_TEXT, RND_ALIGN_LEFT);
    y += 36.0f;
    for (int i = 0; i < nrows; i++) {
        if (!keys[i].help_keys)
            continue;
        float kw = (float)rnd_text_width(t, keys[i].help_keys, RND_FONT_BOLD) + 12.0f;
        rnd_fill_round_rect(r, (SDL_FRect){x, y - 1.0f, kw, 18.0f}, 4.0f,
                            (SDL_Color){236, 240, 246, 255});
        rnd_text_draw(t, keys[i].help_keys, x + 6.0f, y, RND_FONT_BOLD, RND_COL_TEXT,
                      RND_ALIGN_LEFT);
        rnd_text_draw_fit(t, keys[i].help, x + 150.0f, y, RND_FONT_NORMAL, RND_COL_TEXT,
                          RND_ALIGN_LEFT, bw - 190.0f);
        y += lh;
    }
    y += 8.0f;
    rnd_text_draw(t, "Colours", x, y, (rnd_font_style){12, true}, RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
    y += 20.0f;
    static const mdl_state order[] = {MDL_STATE_BUSY,    MDL_STATE_SETUP, MDL_STATE_IDLE,
                                      MDL_STATE_STANDBY, MDL_STATE_BLOCKED, MDL_STATE_DOWN,
                                      MDL_STATE_MAINT, MDL_STATE_OFF};
    float cx = x;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        float lw = (float)rnd_text_width(t, rnd_state_label(order[i]), RND_FONT_SMALL) + 30.0f;
        if (cx + lw > box.x + bw - 20.0f) {
            cx = x;
            y += 18.0f;
        }
        rnd_fill_round_rect(r, (SDL_FRect){cx, y + 1.0f, 12.0f, 12.0f}, 3.0f,
                            rnd_state_color(order[i]));
        rnd_text_draw(t, rnd_state_label(order[i]), cx + 17.0f, y, RND_FONT_SMALL, RND_COL_TEXT,
                      RND_ALIGN_LEFT);
        cx += lw;
    }
    y += 24.0f;
    rnd_text_draw_fit(t, "Footprint: the state most of its servers are in. Squares inside: one per",
                      x, y, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT, bw - 48.0f);
    rnd_text_draw_fit(t, "server, its unit and progress. Bar below: the input buffer and its units.",
                      x, y + 16.0f, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT, bw - 48.0f);
    rnd_text_draw_fit(t, "AGVs: dark bodies, bright bumper at the front, lamp at the rear in the",
                      x, y + 32.0f, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT, bw - 48.0f);
    rnd_text_draw_fit(t, "vehicle's state colour (amber halo: waiting), boxes = load, bar = battery.",
                      x, y + 48.0f, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT, bw - 48.0f);
    SDL_RenderSetClipRect(r, NULL);
}

/* ---- the frame ----------------------------------------------------------- */

void rnd_view_draw(const rnd_view *v, SDL_Renderer *r, rnd_text *t, int w, int h) {
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    SDL_RenderSetClipRect(r, NULL);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(r, RND_COL_PANEL_EDGE.r, RND_COL_PANEL_EDGE.g, RND_COL_PANEL_EDGE.b, 255);
    SDL_RenderClear(r);

    int hover_pane = -1, hover_station = -1;
    rnd_pick hover = {RND_PICK_NONE, -1, -1, -1};
    if (v->mouse_in && !v->help && rnd_view_pick_at(v, w, h, v->mouse_x, v->mouse_y, &hover)) {
        hover_pane = hover.pane;
        if (hover.kind == RND_PICK_STATION)
            hover_station = hover.index;
    }

    for (int p = 0; p < v->npanes; p++) {
        if (L.pane[p].w <= 0.0f || L.pane[p].h <= 0.0f)
            continue;
        rnd_pane pn = rnd__pane(v, p);
        rnd_frame f = {v, &pn, r, t, {L.pane[p], 0, 0, 1}, -1, -1,
                       {RND_PICK_NONE, -1, -1, -1}, {RND_PICK_NONE, -1, -1, -1}};
        rnd__xform(v, &L, p, &f.x);
        if (v->sel_pane == p) {
            f.selected = v->sel_station;
            if (v->sel.kind != RND_PICK_NONE && v->sel.pane == p)
                f.sel = v->sel;
        }
        if (hover_pane == p) {
            f.hovered = hover_station;
            f.hover = hover;
        }
        SDL_Rect clip = {(int)L.pane[p].x, (int)L.pane[p].y, (int)L.pane[p].w, (int)L.pane[p].h};
        SDL_RenderSetClipRect(r, &clip);
        for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++)
            layers[i].draw(&f);
        draw_pane_title(v, r, t, p, L.pane[p]);
        SDL_RenderSetClipRect(r, NULL);
    }
    if (L.floor.w > 0.0f && L.floor.h > 60.0f) {
        rnd__draw_legend(v, r, t, L.floor);
        draw_scale(v, r, t, L.floor);
        if (lv_session_finished(v->session)) {
            char b[96], d[32];
            rnd_format_duration(d, sizeof d, lv_session_horizon(v->session));
            snprintf(b, sizeof b, "Horizon reached (%s) \xE2\x80\x94 press R to restart", d);
            rnd__chip(r, t, L.floor.x + L.floor.w * 0.5f, L.floor.y + 10.0f, b, RND_FONT_BOLD,
                 (SDL_Color){40, 46, 58, 230}, WHITE, RND_ALIGN_CENTER, NULL);
        } else if (lv_session_paused(v->session)) {
            rnd__chip(r, t, L.floor.x + L.floor.w * 0.5f, L.floor.y + 10.0f,
                 "Paused \xE2\x80\x94 Space resumes, . steps", RND_FONT_BOLD,
                 (SDL_Color){40, 46, 58, 200}, WHITE, RND_ALIGN_CENTER, NULL);
        }
    }
    draw_top_bar(v, r, t, L.top);
    draw_side(v, r, t, L.side);
    draw_gantt(v, r, t, L.gantt);
    for (int p = 0; p < v->npanes; p++) /* with --plan: open orders (rnd_orders.c) */
        if (rnd__pane_visible(v, p)) {
            rnd_pane pn = rnd__pane(v, p);
            rnd__orders_panel(&pn, r, t, L.pane[p]);
        }
    draw_inspector(v, r, t, w, h);
    if (hover_station >= 0 && !(hover_pane == v->sel_pane && hover_station == v->sel_station))
        draw_tooltip(v, r, t, hover_pane, hover_station, w, h);
    else if (hover.kind != RND_PICK_NONE && hover.kind != RND_PICK_STATION &&
             !(hover.kind == v->sel.kind && hover.pane == v->sel.pane &&
               hover.fleet == v->sel.fleet && hover.index == v->sel.index))
        draw_transport_tooltip(v, r, t, &hover, w, h);
    rnd__draw_search(v, r, t, L.floor);
    if (v->help)
        draw_help(r, t, w, h);
    rnd_text_frame_end(t);
}
