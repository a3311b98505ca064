/*
 * rnd_chart.h - small charts: time series, Gantt strips of states, share
 * bars. Used by the viewer's HUD and meant to be reused by reports (drawn
 * offscreen like snapshots).
 *
 * Every function draws into the given rectangle of an SDL_Renderer and
 * reads only its arguments; nothing is kept between calls. Text goes
 * through a rnd_text (may be NULL: then no labels).
 *
 * Dependencies: SDL2, rnd_draw, rnd_text.
 */
#ifndef RND_CHART_H
#define RND_CHART_H

#include <stdbool.h>

#include <SDL.h>

#include "rnd_text.h"

/// One series of a time chart: n points (t[i], y[i]), t increasing.
typedef struct rnd_series {
    const double *t;
    const float *y;
    int n;
    SDL_Color color;
    const char *label; ///< shown in the legend when the chart has two or more series
} rnd_series;

/// A time chart's frame: title, unit, time span and value range.
typedef struct rnd_chart {
    const char *title;   ///< top-left, e.g. "Throughput"
    const char *unit;    ///< after the current value, e.g. "units/h"
    double t0, t1;       ///< time span shown (s)
    double ymin;         ///< lower bound of the value axis (usually 0)
    double ymax;         ///< upper bound; <= ymin: automatic (rounded up)
    bool fill;           ///< fill the area under the first series
    int decimals;        ///< decimals of the current value shown
} rnd_chart;

/// Draws a time chart with a light frame, a few horizontal guides, the
/// series as lines and each series' last value at the top right.
void rnd_chart_draw(SDL_Renderer *r, rnd_text *text, SDL_FRect area,
                    const rnd_chart *c, const rnd_series *s, int nseries);

/// Cell callback of a Gantt strip: the state (palette index) of row `row`
/// in column `col`, or -1 when there is no data.
typedef int rnd_gantt_cell_fn(void *ctx, int row, int col);

/// A Gantt strip: nrows rows (labels at the left, label_w pixels wide),
/// ncols columns of equal width spanning the rest of the area; runs of equal
/// cells are drawn as one bar. palette[k] colours state k. highlight_row
/// (or -1) is drawn with a marker.
void rnd_gantt_draw(SDL_Renderer *r, rnd_text *text, SDL_FRect area, float label_w,
                    int nrows, const char *const *labels, int ncols,
                    rnd_gantt_cell_fn *cell, void *ctx, const SDL_Color *palette,
                    int npalette, int highlight_row);

/// A horizontal bar split into n shares (summing to about 1) in the given
/// colours; the remainder, if any, is left empty.
void rnd_share_bar(SDL_Renderer *r, SDL_FRect area, const double *shares,
                   const SDL_Color *colors, int n);

/// Rounds v up to 1, 2, 2.5 or 5 times a power of ten (an axis maximum).
double rnd_nice_ceil(double v);

#endif
