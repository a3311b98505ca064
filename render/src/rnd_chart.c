/*
 * rnd_chart.c - time charts, Gantt strips and share bars.
 */
#include "rnd_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "rnd_draw.h"

double rnd_nice_ceil(double v) {
    if (!(v > 0.0) || !isfinite(v))
        return 1.0;
    double p = pow(10.0, floor(log10(v)));
    static const double steps[] = {1.0, 2.0, 2.5, 5.0, 10.0};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (v <= steps[i] * p * (1.0 + 1e-9))
            return steps[i] * p;
    return 10.0 * p;
}

static void format_axis(char *buf, size_t n, double v) {
    if (v >= 10000.0)
        snprintf(buf, n, "%.0fk", v / 1000.0);
    else if (v >= 100.0 || v == floor(v))
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.1f", v);
}

/* Reduces a series to at most one point per pixel column (the mean of the
 * points falling in the column), so a day of half-minute samples costs as
 * many line segments as the chart is wide. Returns the number of points. */
static int columns_of(const rnd_series *s, double t0, double t1, float x0, float w,
                      float *px, float *py, int maxcols) {
    int n = 0, col = -1;
    double sum = 0.0;
    int cnt = 0;
    for (int i = 0; i < s->n; i++) {
        if (s->t[i] < t0 || s->t[i] > t1 || !isfinite(s->y[i]))
            continue;
        int c = (int)((s->t[i] - t0) / (t1 - t0) * (double)(maxcols - 1) + 0.5);
        if (c != col && cnt > 0 && n < maxcols) {
            px[n] = x0 + w * (float)col / (float)(maxcols - 1);
            py[n++] = (float)(sum / cnt);
            sum = 0.0;
            cnt = 0;
        }
        col = c;
        sum += s->y[i];
        cnt++;
    }
    if (cnt > 0 && n < maxcols) {
        px[n] = x0 + w * (float)col / (float)(maxcols - 1);
        py[n++] = (float)(sum / cnt);
    }
    return n;
}

/* The current values at the top right, newest series last. */
static void draw_values(rnd_text *text, SDL_FRect area, const rnd_chart *c, const rnd_series *s, int nseries) {
    float vx = area.x + area.w - 7.0f;
    for (int k = nseries - 1; k >= 0; k--) {
        if (!text || s[k].n == 0)
            continue;
        char buf[48], num[32];
        snprintf(num, sizeof num, "%.*f", c->decimals, (double)s[k].y[s[k].n - 1]);
        if (k == nseries - 1 && c->unit)
            snprintf(buf, sizeof buf, "%s %s", num, c->unit);
        else
            snprintf(buf, sizeof buf, "%s", num);
        int w = rnd_text_draw(text, buf, vx, area.y + 2.0f, RND_FONT_BOLD,
                              nseries > 1 ? s[k].color : RND_COL_TEXT, RND_ALIGN_RIGHT);
        vx -= (float)w + 10.0f;
    }
}

/* The top of the value axis: the chart's, or a round number above the
 * highest value shown. */
static double chart_ymax(const rnd_chart *c, const rnd_series *s, int nseries, double t0, double t1) {
    double ymin = c->ymin, ymax = c->ymax;
    if (ymax > ymin)
        return ymax;
    double hi = ymin;
    for (int k = 0; k < nseries; k++)
        for (int i = 0; i < s[k].n; i++)
            if (s[k].t[i] >= t0 && s[k].t[i] <= t1 && s[k].y[i] > hi)
                hi = s[k].y[i];
    return rnd_nice_ceil(hi > ymin ? (hi - ymin) * 1.08 : 1.0) + ymin;
}

void rnd_chart_draw(SDL_Renderer *r, rnd_text *text, SDL_FRect area,
                    const rnd_chart *c, const rnd_series *s, int nseries) {
    if (area.w < 40.0f || area.h < 30.0f)
        return;
    const float title_h = 17.0f;
    rnd_fill_round_rect(r, area, 5.0f, (SDL_Color){255, 255, 255, 255});
    rnd_stroke_rect(r, area, 1.0f, rnd_alpha(RND_COL_PANEL_EDGE, 160));
    if (text && c->title)
        rnd_text_draw(text, c->title, area.x + 7.0f, area.y + 3.0f, RND_FONT_SMALL,
                      RND_COL_TEXT_DIM, RND_ALIGN_LEFT);

    draw_values(text, area, c, s, nseries);

    SDL_FRect plot = {area.x + 6.0f, area.y + title_h + 3.0f, area.w - 40.0f,
                      area.h - title_h - 8.0f};
    if (plot.w < 10.0f || plot.h < 8.0f)
        return;
    double t0 = c->t0, t1 = c->t1 > c->t0 ? c->t1 : c->t0 + 1.0;
    double ymin = c->ymin, ymax = chart_ymax(c, s, nseries, t0, t1);

    /* Guides at 0, 1/2 and the top, labelled at the right edge. */
    for (int g = 0; g <= 2; g++) {
        float gy = plot.y + plot.h - plot.h * (float)g / 2.0f;
        rnd_fill_rect(r, (SDL_FRect){plot.x, SDL_floorf(gy), plot.w, 1.0f},
                      g == 0 ? RND_COL_GRID_MAJOR : RND_COL_GRID);
        if (text && g > 0) {
            char lab[24];
            format_axis(lab, sizeof lab, ymin + (ymax - ymin) * g / 2.0);
            rnd_text_draw(text, lab, plot.x + plot.w + 4.0f, g == 2 ? gy - 1.0f : gy - 7.0f,
                          (rnd_font_style){10, false}, RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
        }
    }

    /* One point per pixel column, on the stack: no allocation per frame. */
    enum { MAX_COLS = 2048 };
    float px[MAX_COLS], py[MAX_COLS];
    int maxcols = (int)plot.w < MAX_COLS ? (int)plot.w : MAX_COLS;
    if (maxcols < 2)
        return;
    for (int k = 0; k < nseries; k++) {
        int n = columns_of(&s[k], t0, t1, plot.x, plot.w, px, py, maxcols);
        for (int i = 0; i < n; i++) {
            double f = (py[i] - ymin) / (ymax - ymin);
            f = f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
            py[i] = plot.y + plot.h - (float)f * plot.h;
        }
        if (k == 0 && c->fill) {
            SDL_Color fc = rnd_alpha(s[k].color, 40);
            for (int i = 0; i + 1 < n; i++) {
                float top = py[i] < py[i + 1] ? py[i] : py[i + 1];
                rnd_fill_rect(r, (SDL_FRect){px[i], top, px[i + 1] - px[i] + 0.5f,
                                             plot.y + plot.h - top}, fc);
            }
        }
        for (int i = 0; i + 1 < n; i++)
            rnd_line(r, px[i], py[i], px[i + 1], py[i + 1], 1.8f, s[k].color);
        if (n == 1)
            rnd_fill_circle(r, px[0], py[0], 2.0f, s[k].color);
        if (n > 0)
            rnd_fill_circle(r, px[n - 1], py[n - 1], 2.5f, s[k].color);
    }
}

void rnd_gantt_draw(SDL_Renderer *r, rnd_text *text, SDL_FRect area, float label_w,
                    int nrows, const char *const *labels, int ncols,
                    rnd_gantt_cell_fn *cell, void *ctx, const SDL_Color *palette,
                    int npalette, int highlight_row) {
    if (nrows <= 0 || ncols <= 0 || area.w <= label_w + 4.0f || area.h < (float)nrows)
        return;
    float row_h = area.h / (float)nrows;
    float bars_x = area.x + label_w, bars_w = area.w - label_w;
    float col_w = bars_w / (float)ncols;
    rnd_font_style st = {row_h >= 13.0f ? 11 : row_h >= 10.0f ? 9 : 8, false};
    for (int row = 0; row < nrows; row++) {
        float y = area.y + row_h * (float)row;
        float bh = row_h > 4.0f ? row_h - 2.0f : row_h;
        if (row == highlight_row)
            rnd_fill_rect(r, (SDL_FRect){area.x, y, area.w, row_h},
                          rnd_alpha(RND_COL_ACCENT, 36));
        if (text && labels && labels[row] && row_h >= 8.0f)
            rnd_text_draw_fit(text, labels[row], area.x + 4.0f,
                              y + (row_h - (float)rnd_text_height(text, st)) * 0.5f, st,
                              row == highlight_row ? RND_COL_ACCENT : RND_COL_TEXT_DIM,
                              RND_ALIGN_LEFT, label_w - 8.0f);
        rnd_fill_rect(r, (SDL_FRect){bars_x, y + 1.0f, bars_w, bh},
                      (SDL_Color){240, 242, 245, 255});
        int run_start = 0, run_state = cell(ctx, row, 0);
        for (int col = 1; col <= ncols; col++) {
            int st_here = col < ncols ? cell(ctx, row, col) : -2;
            if (st_here == run_state)
                continue;
            if (run_state >= 0 && run_state < npalette) {
                float x0 = bars_x + col_w * (float)run_start;
                float x1 = bars_x + col_w * (float)col;
                rnd_fill_rect(r, (SDL_FRect){x0, y + 1.0f, x1 - x0 + 0.35f, bh},
                              palette[run_state]);
            }
            run_start = col;
            run_state = st_here;
        }
    }
}

void rnd_share_bar(SDL_Renderer *r, SDL_FRect area, const double *shares,
                   const SDL_Color *colors, int n) {
    rnd_fill_rect(r, area, (SDL_Color){236, 239, 243, 255});
    float x = area.x;
    for (int i = 0; i < n; i++) {
        double v = shares[i];
        if (!(v > 0.0))
            continue;
        float w = (float)v * area.w;
        if (x + w > area.x + area.w)
            w = area.x + area.w - x;
        rnd_fill_rect(r, (SDL_FRect){x, area.y, w, area.h}, colors[i]);
        x += w;
    }
    rnd_stroke_rect(r, area, 1.0f, rnd_alpha(RND_COL_TEXT, 40));
}
