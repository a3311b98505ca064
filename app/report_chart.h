/*
 * report_chart.h - the charts of `--report FILE.html`, drawn by cairo into
 * SVG and written inline into the page (internal to app/).
 *
 * Each chart function writes one `<figure class="chart" data-chart="KIND">`
 * with an inline `<svg>` and a caption to f. The SVG is cairo's own output
 * (report_chart.c is the only file that knows cairo); its ids are prefixed
 * with the chart's number so that several charts can share one page. Text
 * in the charts is drawn as glyph outlines, so the page needs no font.
 *
 * Data marks are drawn in the palette's saturated colours and nothing else
 * is (axes, grid and text are grey or black): a chart whose data is missing
 * has no coloured pixel, which is what tests/report_browser.sh looks for.
 *
 * Without cairo (LINETWIN_CAIRO undefined at build time, or libcairo.so.2
 * missing at run time) chart_available() is false and the functions write
 * nothing and return false; the commands refuse --report before running
 * anything.
 */
#ifndef LINETWIN_REPORT_CHART_H
#define LINETWIN_REPORT_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/// How a chart's value axis is labelled.
typedef enum chart_axis {
    CHART_NUMBER,   ///< plain numbers (report_num)
    CHART_PERCENT,  ///< shares 0..1 shown as 0 %..100 %
    CHART_DURATION, ///< seconds shown as h / min
} chart_axis;

/// Whether charts can be drawn: built with cairo's headers and
/// libcairo.so.2 opened (on the first call; linetwin does not link it).
bool chart_available(void);
/// Why not (a sentence for the user), or NULL when charts can be drawn.
const char *chart_unavailable_reason(void);

/// Rows of intervals: a dot at mean[i] and a whisker of +/- ci[i] (NaN: no
/// whisker), one row per label; with has_ref a dashed line at ref (0 for
/// differences, a target). mark[i] >= 0 draws a target tick at mark[i]
/// (NULL: none). False when cairo is missing or memory ran out.
bool chart_intervals(FILE *f, int id, const char *title, chart_axis axis, int n, const char *const *labels,
                     const double *mean, const double *ci, const double *mark, bool has_ref, double ref);

/// Horizontal stacked bars: row i is shares[i * nparts + j], j < nparts
/// (each row sums to at most 1), with a legend of the parts' names.
bool chart_stacked(FILE *f, int id, const char *title, int n, const char *const *labels, int nparts,
                   const char *const *parts, const double *shares);

/// Lines over a shared x: series s is y[s * npoints + i] (NaN: a gap),
/// with an optional band lo..hi of the same layout (NULL: none). With
/// xlabels the x positions are categories named by them; else x holds the
/// numbers (hours, for time).
bool chart_lines(FILE *f, int id, const char *title, const char *xname, chart_axis axis, int npoints,
                 const double *x, const char *const *xlabels, int nseries, const char *const *names,
                 const double *y, const double *lo, const double *hi);

/// A heat map of v[iy * nx + ix] (NaN: blank) over two factors, each cell
/// labelled with its value; larger values darker.
bool chart_heat(FILE *f, int id, const char *title, chart_axis axis, const char *xname, int nx,
                const char *const *xlabels, const char *yname, int ny, const char *const *ylabels, const double *v);

/* ---- a PNG canvas (schedule --gantt): cairo's image surface, drawn by
 * app/gantt.c through these few calls, so that this file stays the only
 * one that knows cairo. Coordinates in pixels from the top left. */

typedef struct chart_canvas chart_canvas;

/// A white w x h picture; NULL when cairo is missing or memory ran out.
chart_canvas *chart_canvas_new(int w, int h);
void chart_canvas_free(chart_canvas *c);
/// A rectangle filled (line <= 0) or outlined with a line `line` wide.
void chart_canvas_rect(chart_canvas *c, double x, double y, double w, double h, const double rgb[3], double line);
void chart_canvas_line(chart_canvas *c, double x0, double y0, double x1, double y1, const double rgb[3], double width,
                       bool dashed);
/// Text with its baseline at y, aligned left (0), centred (0.5) or right
/// (1) at x; returns its width.
double chart_canvas_text(chart_canvas *c, double x, double y, double size, const double rgb[3], double align,
                         const char *s);
/// Writes the picture as PNG to f; false on a write error.
bool chart_canvas_write_png(chart_canvas *c, FILE *f);
/// Colour i of the charts' palette (saturated, for data marks).
void chart_palette(int i, double rgb[3]);

#endif
