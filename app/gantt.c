/*
 * gantt.c - the Gantt chart of a plan as PNG (gantt.h), drawn through the
 * canvas of report_chart.h.
 */
#include "gantt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_orders.h"
#include "report_chart.h"
#include "scn_scene.h"
#include "sim_units.h"

#define LEFT 150.0   /* the row labels */
#define RIGHT 30.0
#define TOP 56.0     /* title and axis */
#define ROW 20.0
#define BOTTOM 64.0  /* legend */
#define MAX_ROWS 400 /* rows beyond are left out (a note says so) */

static const double BLACK[3] = {0.1, 0.1, 0.1}, GREY[3] = {0.55, 0.55, 0.55}, LIGHT[3] = {0.9, 0.9, 0.9},
                    SETUP[3] = {0.72, 0.72, 0.72}, LATE[3] = {0.85, 0.0, 0.0}, RELEASE[3] = {0.0, 0.55, 0.2},
                    OFF[3] = {0.94, 0.94, 0.94};

/* Row of (station, server): stations in scene order, servers in order. */
static int row_count(const mdl_model *m, int *first) {
    int n = 0;
    for (int s = 0; s < mdl_model_station_count(m); s++) {
        if (first) first[s] = n;
        n += mdl_model_station(m, s)->servers;
    }
    return n;
}

int gantt_height(const mdl_model *m) {
    int rows = row_count(m, NULL);
    if (rows > MAX_ROWS) rows = MAX_ROWS;
    return (int)(TOP + ROW * rows + BOTTOM);
}

/* The pieces of [a, b) during which calendar `cal` is on, as pairs in xs
 * (at most max pairs); their number. */
static int on_pieces(const mdl_model *m, int cal, double a, double b, double *xs, int max) {
    int n = 0;
    double t = a;
    for (int guard = 0; t < b && n < max && guard < 100000; guard++) {
        bool after;
        bool on = mdl_model_calendar_on(m, cal, t);
        double next = fmin(mdl_model_calendar_next(m, cal, t, &after), b);
        if (!(next > t)) next = b; /* never stuck */
        if (on) {
            if (n > 0 && xs[2 * n - 1] == t) xs[2 * n - 1] = next; /* a boundary that changes nothing */
            else xs[2 * n] = t, xs[2 * n + 1] = next, n++;
        }
        t = next;
    }
    return n;
}

static int station_calendar(const mdl_model *m, int s) {
    int c = mdl_model_station(m, s)->calendar;
    return c >= 0 ? c : mdl_model_line_calendar(m);
}

typedef struct frame {
    chart_canvas *c;
    double t1;     /* the axis ends here (s) */
    double x0, x1; /* the plot's x range, px */
    int rows;
    double week0;  /* time 0 as an offset into the week */
} frame;

static double fx(const frame *f, double t) { return f->x0 + t / f->t1 * (f->x1 - f->x0); }
static double fy(int row) { return TOP + ROW * row; }

/* A tick label in the scene's clock: "Tue 06:00" (steps under a day) or
 * "Tue d9" (day 9 of the run). */
static void clock_label(const frame *f, double t, double step, char *buf, size_t n) {
    static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    double a = t + f->week0;
    long day = (long)floor(a / SIM_DAY), sec = (long)floor(a - (double)day * SIM_DAY + 0.5);
    if (step >= SIM_DAY)
        snprintf(buf, n, "%s d%ld", wd[((day % 7) + 7) % 7], (long)floor(t / SIM_DAY) + 1);
    else
        snprintf(buf, n, "%s %02ld:%02ld", wd[((day % 7) + 7) % 7], sec / 3600, (sec / 60) % 60);
}

/* The time axis: ticks at a round step from time 0, a grid, labels. */
static void time_axis(frame *f) {
    static const double steps[] = {60, 300, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 172800, 604800, 1209600};
    double step = steps[sizeof steps / sizeof steps[0] - 1];
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (f->t1 / steps[i] <= 14) {
            step = steps[i];
            break;
        }
    double bottom = fy(f->rows);
    for (double t = 0; t <= f->t1 + 1e-9; t += step) {
        double x = fx(f, t);
        chart_canvas_line(f->c, x, TOP - 4, x, bottom, LIGHT, 1, false);
        char b[40];
        clock_label(f, t, step, b, sizeof b);
        chart_canvas_text(f->c, x, TOP - 8, 10, BLACK, 0.5, b);
    }
}

/* The station's time off shift, shaded over its rows. */
static void off_shift(frame *f, const mdl_model *m, int s, int row, int nrows) {
    enum { MAXP = 2048 };
    static double xs[2 * MAXP];
    int n = on_pieces(m, station_calendar(m, s), 0, f->t1, xs, MAXP);
    if (n == MAXP) return; /* too fine to draw */
    double prev = 0;
    for (int i = 0; i <= n; i++) {
        double a = prev, b = i < n ? xs[2 * i] : f->t1;
        if (b > a) chart_canvas_rect(f->c, fx(f, a), fy(row), fx(f, b) - fx(f, a), ROW * nrows, OFF, 0);
        if (i < n) prev = xs[2 * i + 1];
    }
}

static void rows_and_labels(frame *f, const mdl_model *m) {
    int row = 0;
    for (int s = 0; s < mdl_model_station_count(m) && row < f->rows; s++) {
        const mdl_station_spec *sp = mdl_model_station(m, s);
        off_shift(f, m, s, row, sp->servers < f->rows - row ? sp->servers : f->rows - row);
        for (int k = 0; k < sp->servers && row < f->rows; k++, row++) {
            char b[80];
            if (sp->servers > 1) snprintf(b, sizeof b, "%.60s/%d", sp->id, k + 1);
            else snprintf(b, sizeof b, "%.60s", sp->id);
            chart_canvas_text(f->c, LEFT - 8, fy(row) + ROW * 0.7, 10, BLACK, 1, b);
            chart_canvas_line(f->c, f->x0, fy(row + 1), f->x1, fy(row + 1), LIGHT, 1, false);
        }
    }
}

/* The colour of an operation: its product's, or its order's when the book
 * has one product. */
static void op_colour(const mdl_model *m, int order, bool by_order, double rgb[3]) {
    chart_palette(by_order ? order : mdl_model_order_product(m, order), rgb);
}

/* One operation: its pieces on shift (it pauses off shift), the setup
 * first, outlined in red when its order is planned late. */
static void bar(frame *f, const mdl_model *m, const pln_plan *p, const pln_op *op, int row, bool by_order) {
    double rgb[3];
    op_colour(m, op->order, by_order, rgb);
    double due = mdl_model_order_due(m, op->order), y = fy(row) + 3, h = ROW - 6;
    bool late = due >= 0 && pln_plan_completion(p, op->order) > due + 1e-9;
    double xs[2 * 64], setup_left = op->setup;
    int n = on_pieces(m, station_calendar(m, op->station), op->start, op->end, xs, 64);
    if (n == 0) xs[0] = op->start, xs[1] = op->end, n = 1;
    for (int i = 0; i < n; i++) {
        double x0 = fx(f, xs[2 * i]), w = fmax(fx(f, xs[2 * i + 1]) - x0, 1.0);
        double su = fmin(setup_left, xs[2 * i + 1] - xs[2 * i]), ws = fx(f, xs[2 * i] + su) - x0;
        setup_left -= su;
        chart_canvas_rect(f->c, x0, y, w, h, rgb, 0);
        if (su > 0 && ws >= 1.0) chart_canvas_rect(f->c, x0, y, ws, h, SETUP, 0);
        if (late) chart_canvas_rect(f->c, x0 + 0.75, y + 0.75, fmax(w - 1.5, 0.5), h - 1.5, LATE, 1.5);
    }
}

static void bars(frame *f, const mdl_model *m, const pln_plan *p, const int *first, bool by_order) {
    for (size_t i = 0; i < pln_plan_op_count(p); i++) {
        const pln_op *op = pln_plan_op(p, i);
        int row = first[op->station] + op->server;
        if (row < f->rows) bar(f, m, p, op, row, by_order);
    }
}

/* Release (green) and due (black; red when planned late) ticks on the rows
 * of each order's first and last operation. */
static void markers(frame *f, const mdl_model *m, const pln_plan *p, const int *first) {
    int no = mdl_model_order_count(m);
    int *row_first = malloc((size_t)no * sizeof *row_first), *row_last = malloc((size_t)no * sizeof *row_last);
    int *step_last = calloc((size_t)no, sizeof *step_last);
    if (!row_first || !row_last || !step_last) goto out;
    for (int o = 0; o < no; o++) row_first[o] = row_last[o] = -1;
    for (size_t i = 0; i < pln_plan_op_count(p); i++) {
        const pln_op *op = pln_plan_op(p, i);
        int row = first[op->station] + op->server;
        if (op->step == 0) row_first[op->order] = row;
        if (op->step >= step_last[op->order]) step_last[op->order] = op->step, row_last[op->order] = row;
    }
    for (int o = 0; o < no; o++) {
        double rel = mdl_model_order_release(m, o), due = mdl_model_order_due(m, o);
        if (row_first[o] >= 0 && row_first[o] < f->rows && rel <= f->t1)
            chart_canvas_line(f->c, fx(f, rel), fy(row_first[o]), fx(f, rel), fy(row_first[o]) + 5, RELEASE, 2, false);
        if (due >= 0 && row_last[o] >= 0 && row_last[o] < f->rows && due <= f->t1) {
            bool late = pln_plan_completion(p, o) > due + 1e-9;
            double x = fx(f, due), y = fy(row_last[o]);
            chart_canvas_line(f->c, x, y + ROW - 6, x, y + ROW, late ? LATE : BLACK, 2, false);
        }
    }
out:
    free(row_first);
    free(row_last);
    free(step_last);
}

static void title(frame *f, const mdl_model *m, const pln_plan *p, const char *rule) {
    char ms[40], ts[40], b[400];
    scn_format_duration(pln_plan_makespan(p), ms, sizeof ms);
    scn_format_duration(pln_plan_tardiness_sum(p), ts, sizeof ts);
    snprintf(b, sizeof b, "%.120s - plan by rule %s: makespan %s, planned tardiness %s (%d of %d orders late)",
             mdl_model_name(m), rule, ms, ts, pln_plan_late_orders(p), mdl_model_order_count(m));
    chart_canvas_text(f->c, 12, 22, 14, BLACK, 0, b);
}

static double legend_item(frame *f, double x, double y, const double rgb[3], bool outline, const char *text) {
    chart_canvas_rect(f->c, x, y - 9, 14, 10, rgb, outline ? 1.5 : 0);
    return x + 22 + chart_canvas_text(f->c, x + 18, y, 10, BLACK, 0, text) + 14;
}

static void legend(frame *f, const mdl_model *m, bool by_order, int total_rows) {
    double y = fy(f->rows) + 22, x = LEFT;
    double rgb[3];
    if (by_order) {
        chart_palette(0, rgb);
        x = legend_item(f, x, y, rgb, false, "colour: order");
    } else {
        for (int p = 0; p < mdl_model_product_count(m) && x < f->x1 - 200; p++) {
            chart_palette(p, rgb);
            x = legend_item(f, x, y, rgb, false, mdl_model_product_id(m, p));
        }
    }
    x = legend_item(f, x, y, SETUP, false, "setup");
    x = legend_item(f, x, y, OFF, false, "off shift");
    x = legend_item(f, x, y, LATE, true, "order planned late");
    chart_canvas_line(f->c, x, y - 9, x, y - 4, RELEASE, 2, false);
    x += 6 + chart_canvas_text(f->c, x + 6, y, 10, BLACK, 0, "release") + 14;
    chart_canvas_line(f->c, x, y - 4, x, y + 1, BLACK, 2, false);
    chart_canvas_text(f->c, x + 6, y, 10, BLACK, 0, "due (red: missed)");
    if (total_rows > f->rows) {
        char b[80];
        snprintf(b, sizeof b, "%d more rows not drawn", total_rows - f->rows);
        chart_canvas_text(f->c, LEFT, y + 20, 10, GREY, 0, b);
    }
}

bool gantt_write_png(FILE *out, const mdl_model *m, const pln_plan *p, const char *rule, char *err, size_t errlen) {
    int ns = mdl_model_station_count(m), *first = calloc((size_t)ns + 1, sizeof *first);
    frame f = {.c = chart_canvas_new(GANTT_WIDTH, gantt_height(m)), .x0 = LEFT, .x1 = GANTT_WIDTH - RIGHT};
    if (!first || !f.c) {
        snprintf(err, errlen, "%s", f.c ? "out of memory" : chart_unavailable_reason() ? chart_unavailable_reason()
                                                                                         : "out of memory");
        free(first);
        chart_canvas_free(f.c);
        return false;
    }
    int total = row_count(m, first);
    f.rows = total < MAX_ROWS ? total : MAX_ROWS;
    f.t1 = pln_plan_makespan(p) > 0 ? pln_plan_makespan(p) : 1.0;
    f.week0 = mdl_model_run(m)->start;
    bool by_order = mdl_model_product_count(m) == 1;
    title(&f, m, p, rule);
    time_axis(&f);
    rows_and_labels(&f, m);
    bars(&f, m, p, first, by_order);
    markers(&f, m, p, first);
    legend(&f, m, by_order, total);
    bool ok = chart_canvas_write_png(f.c, out);
    if (!ok) snprintf(err, errlen, "cannot write the PNG");
    chart_canvas_free(f.c);
    free(first);
    return ok;
}
