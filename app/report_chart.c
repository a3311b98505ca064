/*
 * report_chart.c - the report's charts: cairo draws each into an SVG
 * surface in memory, which is then written inline into the page.
 *
 * The only file that knows cairo (tests/layering.sh). cairo is opened on
 * demand (dlopen of libcairo.so.2, the first time a report is asked for),
 * not linked: cairo brings X11, xcb, freetype and libpng, and the headless
 * command must map none of them when it runs scenes (tests/headless.sh).
 * Built without cairo's headers, or where libcairo.so.2 cannot be opened,
 * every chart function returns false and chart_available() says why.
 */
#include "report_chart.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#ifdef LINETWIN_CAIRO

#include <cairo-svg.h>
#include <cairo.h>
#include <dlfcn.h>

/* The cairo functions the charts call, looked up in libcairo.so.2. */
#define CAIRO_FUNCTIONS(X)                                                                                   \
    X(cairo_arc) X(cairo_create) X(cairo_destroy) X(cairo_fill) X(cairo_line_to) X(cairo_move_to)            \
    X(cairo_rectangle) X(cairo_select_font_face) X(cairo_set_dash) X(cairo_set_font_size)                    \
    X(cairo_set_line_width) X(cairo_set_source_rgb) X(cairo_show_text) X(cairo_status) X(cairo_stroke)       \
    X(cairo_surface_destroy) X(cairo_surface_finish) X(cairo_surface_status) X(cairo_surface_flush)                                  \
    X(cairo_svg_surface_create_for_stream) X(cairo_text_extents) X(cairo_image_surface_create)                \
    X(cairo_surface_write_to_png_stream)

static struct cairo_api {
#define CAIRO_POINTER(name) __typeof__(&name) name;
    CAIRO_FUNCTIONS(CAIRO_POINTER)
#undef CAIRO_POINTER
} ca;

static int cairo_state;          /* 0: not tried, 1: loaded, -1: missing */
static char cairo_why[300];

static bool cairo_load(void) {
    if (cairo_state) return cairo_state > 0;
    cairo_state = -1;
    void *lib = dlopen("libcairo.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(cairo_why, sizeof cairo_why, "cairo, which draws the report's charts, cannot be opened (%s); "
                                              "install libcairo2 (Debian)", dlerror());
        return false;
    }
    /* The library stays open for the process's life: charts may be drawn again. */
#define CAIRO_LOOKUP(name)                                                                                   \
    {                                                                                                        \
        void *sym = dlsym(lib, #name);                                                                       \
        if (!sym) {                                                                                          \
            snprintf(cairo_why, sizeof cairo_why, "libcairo.so.2 has no %s: cairo 1.16 or later is needed", #name); \
            return false;                                                                                    \
        }                                                                                                    \
        memcpy(&ca.name, &sym, sizeof ca.name); /* POSIX: a function's address through void * */          \
    }
    CAIRO_FUNCTIONS(CAIRO_LOOKUP)
#undef CAIRO_LOOKUP
    cairo_state = 1;
    return true;
}

/* From here on every cairo call goes through the looked-up pointers. */
#define cairo_arc ca.cairo_arc
#define cairo_create ca.cairo_create
#define cairo_destroy ca.cairo_destroy
#define cairo_fill ca.cairo_fill
#define cairo_line_to ca.cairo_line_to
#define cairo_move_to ca.cairo_move_to
#define cairo_rectangle ca.cairo_rectangle
#define cairo_select_font_face ca.cairo_select_font_face
#define cairo_set_dash ca.cairo_set_dash
#define cairo_set_font_size ca.cairo_set_font_size
#define cairo_set_line_width ca.cairo_set_line_width
#define cairo_set_source_rgb ca.cairo_set_source_rgb
#define cairo_show_text ca.cairo_show_text
#define cairo_status ca.cairo_status
#define cairo_stroke ca.cairo_stroke
#define cairo_surface_destroy ca.cairo_surface_destroy
#define cairo_surface_finish ca.cairo_surface_finish
#define cairo_surface_flush ca.cairo_surface_flush
#define cairo_surface_status ca.cairo_surface_status
#define cairo_svg_surface_create_for_stream ca.cairo_svg_surface_create_for_stream
#define cairo_text_extents ca.cairo_text_extents
#define cairo_image_surface_create ca.cairo_image_surface_create
#define cairo_surface_write_to_png_stream ca.cairo_surface_write_to_png_stream

bool chart_available(void) { return cairo_load(); }

const char *chart_unavailable_reason(void) { return cairo_load() ? NULL : cairo_why; }

/* ---- the SVG in memory -------------------------------------------------------------------------------- */

typedef struct svgbuf {
    char *p;
    size_t n, cap;
    bool failed;
} svgbuf;

static cairo_status_t svg_write(void *closure, const unsigned char *data, unsigned int length) {
    svgbuf *b = closure;
    if (b->failed) return CAIRO_STATUS_WRITE_ERROR;
    if (b->n + length + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->n + length + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = true;
            return CAIRO_STATUS_NO_MEMORY;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, length);
    b->n += length;
    b->p[b->n] = '\0';
    return CAIRO_STATUS_SUCCESS;
}

typedef struct chart {
    svgbuf buf;
    cairo_surface_t *surface;
    cairo_t *cr;
    double w, h;
    /* the plot area */
    double x0, y0, x1, y1;
} chart;

/* Saturated colours for data marks only (see report_chart.h). */
static const double palette[][3] = {
    {0.12, 0.47, 0.71}, {1.00, 0.50, 0.05}, {0.17, 0.63, 0.17}, {0.84, 0.15, 0.16},
    {0.58, 0.33, 0.80}, {0.09, 0.70, 0.80}, {0.89, 0.35, 0.70}, {0.70, 0.70, 0.05},
};
#define NPALETTE ((int)(sizeof palette / sizeof palette[0]))

static void set_colour(cairo_t *cr, int i) {
    const double *c = palette[((i % NPALETTE) + NPALETTE) % NPALETTE];
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

static bool chart_begin(chart *c, double w, double h, double left) {
    memset(c, 0, sizeof *c);
    if (!cairo_load()) return false;
    c->w = w;
    c->h = h;
    c->surface = cairo_svg_surface_create_for_stream(svg_write, &c->buf, w, h);
    c->cr = cairo_create(c->surface);
    if (cairo_status(c->cr) != CAIRO_STATUS_SUCCESS) {
        cairo_destroy(c->cr);
        cairo_surface_destroy(c->surface);
        free(c->buf.p);
        return false;
    }
    cairo_select_font_face(c->cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(c->cr, 11);
    c->x0 = left;
    c->x1 = w - 44;
    c->y0 = 30;
    c->y1 = h - 36;
    return true;
}

/* Copies the SVG into the page, its ids prefixed with "c<id>-". */
static void inline_svg(FILE *f, const char *svg, int id) {
    const char *p = svg;
    if (strncmp(p, "<?xml", 5) == 0) {
        const char *e = strstr(p, "?>");
        if (e) p = e + 2;
        while (*p == '\n') p++;
    }
    static const char *const refs[] = {"id=\"", "href=\"#", "url(#"};
    while (*p) {
        bool hit = false;
        for (size_t k = 0; k < 3 && !hit; k++) {
            size_t n = strlen(refs[k]);
            if (strncmp(p, refs[k], n) == 0) {
                fprintf(f, "%sc%d-", refs[k], id);
                p += n;
                hit = true;
            }
        }
        if (!hit) fputc(*p++, f);
    }
}

static bool chart_end(chart *c, FILE *f, int id, const char *kind, const char *title) {
    cairo_destroy(c->cr);
    cairo_surface_finish(c->surface);
    bool ok = cairo_surface_status(c->surface) == CAIRO_STATUS_SUCCESS && !c->buf.failed && c->buf.p;
    cairo_surface_destroy(c->surface);
    if (ok) {
        fprintf(f, "<figure class=\"chart\" id=\"chart-%d\" data-chart=\"%s\">\n", id, kind);
        inline_svg(f, c->buf.p, id);
        fputs("<figcaption>", f);
        report_html_text(f, title);
        fputs("</figcaption></figure>\n", f);
    }
    free(c->buf.p);
    return ok;
}

/* ---- text and axes ------------------------------------------------------------------------------------- */

/* Text at (x, y) (the baseline), aligned left (0), centred (0.5) or right (1). */
static void text_at(cairo_t *cr, double x, double y, const char *s, double align) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - align * e.x_advance, y);
    cairo_show_text(cr, s);
}

/* A label cut to fit max_w points, with "..." when cut. */
static void label_at(cairo_t *cr, double x, double y, const char *s, double max_w) {
    char buf[160];
    snprintf(buf, sizeof buf, "%s", s);
    cairo_text_extents_t e;
    cairo_text_extents(cr, buf, &e);
    size_t n = strlen(buf);
    while (e.x_advance > max_w && n > 4) {
        n--;
        while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80) n--;   /* whole UTF-8 characters */
        memcpy(buf + n, "...", 4);
        cairo_text_extents(cr, buf, &e);
    }
    text_at(cr, x, y, buf, 1);
}

static void title_at(chart *c, const char *title) {
    cairo_set_source_rgb(c->cr, 0.1, 0.1, 0.1);
    cairo_set_font_size(c->cr, 13);
    text_at(c->cr, 12, 18, title, 0);
    cairo_set_font_size(c->cr, 11);
}

static void axis_label(chart_axis axis, double v, char *buf, size_t size) {
    if (axis == CHART_PERCENT) report_pct(v, buf, size);
    else if (axis == CHART_DURATION) report_duration(v, buf, size);
    else report_num(v, buf, size);
}

/* A range [lo, hi] widened to round steps of 1, 2 or 5 x 10^k. */
typedef struct ticks {
    double lo, hi, step;
} ticks;

static ticks nice_ticks(double lo, double hi) {
    if (!(hi - lo > 1e-9 * fmax(1, fmax(fabs(lo), fabs(hi))))) {   /* one value (up to rounding) */
        double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
        lo -= pad;
        hi += pad;
    }
    double raw = (hi - lo) / 5, mag = pow(10, floor(log10(raw))), step = mag;
    if (raw / mag > 5) step = 10 * mag;
    else if (raw / mag > 2) step = 5 * mag;
    else if (raw / mag > 1) step = 2 * mag;
    ticks t = {floor(lo / step) * step, ceil(hi / step) * step, step};
    return t;
}

static double map(double v, double lo, double hi, double a, double b) { return a + (v - lo) / (hi - lo) * (b - a); }

/* Grid lines and labels of a value axis: along x (horizontal charts) or
 * along y (line charts). */
static void value_axis(chart *c, ticks t, chart_axis axis, bool along_x) {
    cairo_t *cr = c->cr;
    cairo_set_line_width(cr, 0.5);
    for (double v = t.lo; v <= t.hi + t.step * 0.01; v += t.step) {
        double p = along_x ? map(v, t.lo, t.hi, c->x0, c->x1) : map(v, t.lo, t.hi, c->y1, c->y0);
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, along_x ? p : c->x0, along_x ? c->y0 : p);
        cairo_line_to(cr, along_x ? p : c->x1, along_x ? c->y1 : p);
        cairo_stroke(cr);
        char s[48];
        axis_label(axis, fabs(v) < t.step * 1e-9 ? 0 : v, s, sizeof s);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        if (along_x) text_at(cr, p, c->y1 + 14, s, 0.5);
        else text_at(cr, c->x0 - 6, p + 4, s, 1);
    }
}

/* The range of the finite values of a[0..n), widened by b (a +/- b) when given. */
static bool finite_range(const double *a, const double *b, size_t n, double *lo, double *hi) {
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(a[i])) continue;
        double d = b && isfinite(b[i]) ? b[i] : 0;
        if (!any || a[i] - d < *lo) *lo = a[i] - d;
        if (!any || a[i] + d > *hi) *hi = a[i] + d;
        any = true;
    }
    return any;
}

/* ---- the charts ---------------------------------------------------------------------------------------- */

bool chart_intervals(FILE *f, int id, const char *title, chart_axis axis, int n, const char *const *labels,
                     const double *mean, const double *ci, const double *mark, bool has_ref, double ref) {
    double lo = 0, hi = 0;
    if (n <= 0 || !finite_range(mean, ci, (size_t)n, &lo, &hi)) return false;
    if (has_ref) lo = fmin(lo, ref), hi = fmax(hi, ref);
    for (int i = 0; mark && i < n; i++)
        if (isfinite(mark[i])) lo = fmin(lo, mark[i]), hi = fmax(hi, mark[i]);
    chart c;
    if (!chart_begin(&c, 760, 70 + 24.0 * n, 230)) return false;
    cairo_t *cr = c.cr;
    title_at(&c, title);
    ticks t = nice_ticks(lo, hi);
    value_axis(&c, t, axis, true);
    if (has_ref) {
        double x = map(ref, t.lo, t.hi, c.x0, c.x1);
        double dash[] = {4, 3};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_set_line_width(cr, 1);
        cairo_move_to(cr, x, c.y0);
        cairo_line_to(cr, x, c.y1);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    double row = (c.y1 - c.y0) / n;
    for (int i = 0; i < n; i++) {
        double y = c.y0 + row * (i + 0.5);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        label_at(cr, c.x0 - 8, y + 4, labels[i], c.x0 - 16);
        if (!isfinite(mean[i])) continue;
        double xm = map(mean[i], t.lo, t.hi, c.x0, c.x1);
        set_colour(cr, 0);
        if (ci && isfinite(ci[i])) {
            double xa = map(mean[i] - ci[i], t.lo, t.hi, c.x0, c.x1), xb = map(mean[i] + ci[i], t.lo, t.hi, c.x0, c.x1);
            cairo_rectangle(cr, xa, y - 4, fmax(xb - xa, 1), 8);
            cairo_fill(cr);
        }
        set_colour(cr, 3);
        cairo_arc(cr, xm, y, 3.5, 0, 6.283185307179586);
        cairo_fill(cr);
        if (mark && isfinite(mark[i])) {
            double xt = map(mark[i], t.lo, t.hi, c.x0, c.x1);
            set_colour(cr, 2);
            cairo_set_line_width(cr, 2.5);
            cairo_move_to(cr, xt, y - 9);
            cairo_line_to(cr, xt, y + 9);
            cairo_stroke(cr);
        }
    }
    return chart_end(&c, f, id, "intervals", title);
}

/* A legend of coloured squares from (x, y), left to right. */
static void legend(chart *c, double x, double y, int n, const char *const *names, int colour0) {
    for (int j = 0; j < n; j++) {
        cairo_text_extents_t e;
        cairo_text_extents(c->cr, names[j], &e);
        if (x + 16 + e.x_advance > c->w - 10) {
            x = c->x0;
            y += 16;
        }
        set_colour(c->cr, colour0 + j);
        cairo_rectangle(c->cr, x, y - 9, 10, 10);
        cairo_fill(c->cr);
        cairo_set_source_rgb(c->cr, 0.2, 0.2, 0.2);
        text_at(c->cr, x + 14, y, names[j], 0);
        x += 26 + e.x_advance;
    }
}

bool chart_stacked(FILE *f, int id, const char *title, int n, const char *const *labels, int nparts,
                   const char *const *parts, const double *shares) {
    if (n <= 0 || nparts <= 0) return false;
    chart c;
    if (!chart_begin(&c, 760, 100 + 24.0 * n, 170)) return false;
    cairo_t *cr = c.cr;
    c.y1 -= 26;   /* room for the legend */
    title_at(&c, title);
    ticks t = {0, 1, 0.2};
    value_axis(&c, t, CHART_PERCENT, true);
    double row = (c.y1 - c.y0) / n;
    bool any = false;
    for (int i = 0; i < n; i++) {
        double y = c.y0 + row * (i + 0.5), x = c.x0;
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        label_at(cr, c.x0 - 8, y + 4, labels[i], c.x0 - 16);
        for (int j = 0; j < nparts; j++) {
            double s = shares[(size_t)i * (size_t)nparts + (size_t)j];
            if (!(s > 0) || !isfinite(s)) continue;
            double wd = s * (c.x1 - c.x0);
            set_colour(cr, j);
            cairo_rectangle(cr, x, y - row * 0.35, wd, row * 0.7);
            cairo_fill(cr);
            x += wd;
            any = true;
        }
    }
    legend(&c, c.x0, c.y1 + 36, nparts, parts, 0);
    if (!any) {   /* nothing to show: no chart, rather than an empty frame */
        cairo_destroy(c.cr);
        cairo_surface_destroy(c.surface);
        free(c.buf.p);
        return false;
    }
    return chart_end(&c, f, id, "stacked", title);
}

/* The x axis of a line chart: categories or numbers. */
static void x_line_axis(chart *c, int npoints, const double *x, const char *const *xlabels, ticks *tx) {
    cairo_t *cr = c->cr;
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    if (xlabels) {
        for (int i = 0; i < npoints; i++) {
            double px = npoints == 1 ? (c->x0 + c->x1) / 2 : map(i, 0, npoints - 1, c->x0, c->x1);
            text_at(cr, px, c->y1 + 14, xlabels[i], 0.5);
        }
        return;
    }
    double lo = 0, hi = 0;
    finite_range(x, NULL, (size_t)npoints, &lo, &hi);
    *tx = nice_ticks(lo, hi);
    for (double v = tx->lo; v <= tx->hi + tx->step * 0.01; v += tx->step) {
        char s[48];
        report_num(v, s, sizeof s);
        text_at(cr, map(v, tx->lo, tx->hi, c->x0, c->x1), c->y1 + 14, s, 0.5);
    }
}

static double line_x(const chart *c, int i, int npoints, const double *x, const char *const *xlabels, ticks tx) {
    if (xlabels) return npoints == 1 ? (c->x0 + c->x1) / 2 : map(i, 0, npoints - 1, c->x0, c->x1);
    return map(x[i], tx.lo, tx.hi, c->x0, c->x1);
}

bool chart_lines(FILE *f, int id, const char *title, const char *xname, chart_axis axis, int npoints,
                 const double *x, const char *const *xlabels, int nseries, const char *const *names,
                 const double *y, const double *lo, const double *hi) {
    size_t total = (size_t)npoints * (size_t)nseries;
    double ylo = 0, yhi = 0, a = 0, b = 0;
    if (npoints <= 0 || nseries <= 0 || !finite_range(y, NULL, total, &ylo, &yhi)) return false;
    if (lo && finite_range(lo, NULL, total, &a, &b)) ylo = fmin(ylo, a);
    if (hi && finite_range(hi, NULL, total, &a, &b)) yhi = fmax(yhi, b);
    if (ylo > 0 && ylo < 0.5 * yhi) ylo = 0;   /* counts and rates read best from zero */
    chart c;
    if (!chart_begin(&c, 760, nseries > 1 ? 330 : 300, 80)) return false;
    cairo_t *cr = c.cr;
    if (nseries > 1) c.y1 -= 22;
    title_at(&c, title);
    ticks ty = nice_ticks(ylo, yhi), tx = {0, 1, 1};
    value_axis(&c, ty, axis, false);
    x_line_axis(&c, npoints, x, xlabels, &tx);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    text_at(cr, (c.x0 + c.x1) / 2, c.y1 + 28, xname, 0.5);
    for (int s = 0; s < nseries; s++) {
        const double *ys = y + (size_t)s * (size_t)npoints;
        set_colour(cr, s);
        cairo_set_line_width(cr, 2);
        bool pen = false;
        for (int i = 0; i < npoints; i++) {
            if (!isfinite(ys[i])) {
                pen = false;
                continue;
            }
            double px = line_x(&c, i, npoints, x, xlabels, tx), py = map(ys[i], ty.lo, ty.hi, c.y1, c.y0);
            if (pen) cairo_line_to(cr, px, py);
            else cairo_move_to(cr, px, py);
            pen = true;
        }
        cairo_stroke(cr);
        for (int i = 0; lo && hi && i < npoints; i++) {
            size_t k = (size_t)s * (size_t)npoints + (size_t)i;
            if (!isfinite(lo[k]) || !isfinite(hi[k])) continue;
            double px = line_x(&c, i, npoints, x, xlabels, tx);
            cairo_set_line_width(cr, 1.2);
            cairo_move_to(cr, px, map(lo[k], ty.lo, ty.hi, c.y1, c.y0));
            cairo_line_to(cr, px, map(hi[k], ty.lo, ty.hi, c.y1, c.y0));
            cairo_stroke(cr);
        }
    }
    if (nseries > 1) legend(&c, c.x0, c.y1 + 46, nseries, names, 0);
    return chart_end(&c, f, id, "lines", title);
}

bool chart_heat(FILE *f, int id, const char *title, chart_axis axis, const char *xname, int nx,
                const char *const *xlabels, const char *yname, int ny, const char *const *ylabels, const double *v) {
    double lo = 0, hi = 0;
    if (nx <= 0 || ny <= 0 || !finite_range(v, NULL, (size_t)nx * (size_t)ny, &lo, &hi)) return false;
    chart c;
    if (!chart_begin(&c, 760, 90 + 30.0 * ny, 170)) return false;
    cairo_t *cr = c.cr;
    title_at(&c, title);
    double cw = (c.x1 - c.x0) / nx, ch = (c.y1 - c.y0) / ny;
    for (int iy = 0; iy < ny; iy++) {
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        label_at(cr, c.x0 - 8, c.y0 + ch * (iy + 0.5) + 4, ylabels[iy], c.x0 - 16);
        for (int ix = 0; ix < nx; ix++) {
            double val = v[(size_t)iy * (size_t)nx + (size_t)ix];
            if (!isfinite(val)) continue;
            double s = hi > lo ? (val - lo) / (hi - lo) : 0.5;
            /* from a pale to a deep blue: every cell stays a saturated colour */
            cairo_set_source_rgb(cr, 0.75 - 0.70 * s, 0.85 - 0.55 * s, 1.0 - 0.25 * s);
            cairo_rectangle(cr, c.x0 + cw * ix + 1, c.y0 + ch * iy + 1, cw - 2, ch - 2);
            cairo_fill(cr);
            char t[48];
            axis_label(axis, val, t, sizeof t);
            if (s > 0.55) cairo_set_source_rgb(cr, 1, 1, 1);
            else cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
            text_at(cr, c.x0 + cw * (ix + 0.5), c.y0 + ch * (iy + 0.5) + 4, t, 0.5);
        }
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    for (int ix = 0; ix < nx; ix++) text_at(cr, c.x0 + cw * (ix + 0.5), c.y1 + 14, xlabels[ix], 0.5);
    text_at(cr, (c.x0 + c.x1) / 2, c.y1 + 28, xname, 0.5);
    text_at(cr, 12, c.y0 - 4, yname, 0);
    return chart_end(&c, f, id, "heat", title);
}

/* ---- a PNG canvas (schedule --gantt) ------------------------------------------------------------------- */

struct chart_canvas {
    cairo_surface_t *surface;
    cairo_t *cr;
};

chart_canvas *chart_canvas_new(int w, int h) {
    if (!cairo_load() || w < 1 || h < 1) return NULL;
    chart_canvas *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    c->cr = cairo_create(c->surface);
    if (cairo_status(c->cr) != CAIRO_STATUS_SUCCESS) {
        chart_canvas_free(c);
        return NULL;
    }
    cairo_select_font_face(c->cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_rectangle(c->cr, 0, 0, w, h);
    cairo_fill(c->cr);
    return c;
}

void chart_canvas_free(chart_canvas *c) {
    if (!c) return;
    if (c->cr) cairo_destroy(c->cr);
    if (c->surface) cairo_surface_destroy(c->surface);
    free(c);
}

void chart_canvas_rect(chart_canvas *c, double x, double y, double w, double h, const double rgb[3], double line) {
    cairo_set_source_rgb(c->cr, rgb[0], rgb[1], rgb[2]);
    cairo_rectangle(c->cr, x, y, w, h);
    if (line > 0) {
        cairo_set_line_width(c->cr, line);
        cairo_stroke(c->cr);
    } else {
        cairo_fill(c->cr);
    }
}

void chart_canvas_line(chart_canvas *c, double x0, double y0, double x1, double y1, const double rgb[3], double width,
                       bool dashed) {
    static const double dash[] = {4, 3};
    cairo_set_source_rgb(c->cr, rgb[0], rgb[1], rgb[2]);
    cairo_set_line_width(c->cr, width);
    cairo_set_dash(c->cr, dash, dashed ? 2 : 0, 0);
    cairo_move_to(c->cr, x0, y0);
    cairo_line_to(c->cr, x1, y1);
    cairo_stroke(c->cr);
    cairo_set_dash(c->cr, dash, 0, 0);
}

double chart_canvas_text(chart_canvas *c, double x, double y, double size, const double rgb[3], double align,
                         const char *s) {
    cairo_set_font_size(c->cr, size);
    cairo_set_source_rgb(c->cr, rgb[0], rgb[1], rgb[2]);
    cairo_text_extents_t e;
    cairo_text_extents(c->cr, s, &e);
    text_at(c->cr, x, y, s, align);
    return e.x_advance;
}

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int length) {
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

bool chart_canvas_write_png(chart_canvas *c, FILE *f) {
    cairo_surface_flush(c->surface);
    return cairo_surface_write_to_png_stream(c->surface, png_write, f) == CAIRO_STATUS_SUCCESS;
}

void chart_palette(int i, double rgb[3]) {
    const double *c = palette[((i % NPALETTE) + NPALETTE) % NPALETTE];
    memcpy(rgb, c, 3 * sizeof *rgb);
}

#else /* no cairo: --report is refused before any run (report_check) */

bool chart_available(void) { return false; }

const char *chart_unavailable_reason(void) {
    return "this linetwin was built without cairo, which draws the report's charts; install libcairo2-dev "
           "(Debian) and build again";
}

bool chart_intervals(FILE *f, int id, const char *title, chart_axis axis, int n, const char *const *labels,
                     const double *mean, const double *ci, const double *mark, bool has_ref, double ref) {
    (void)f, (void)id, (void)title, (void)axis, (void)n, (void)labels, (void)mean, (void)ci, (void)mark;
    (void)has_ref, (void)ref;
    return false;
}

bool chart_stacked(FILE *f, int id, const char *title, int n, const char *const *labels, int nparts,
                   const char *const *parts, const double *shares) {
    (void)f, (void)id, (void)title, (void)n, (void)labels, (void)nparts, (void)parts, (void)shares;
    return false;
}

bool chart_lines(FILE *f, int id, const char *title, const char *xname, chart_axis axis, int npoints,
                 const double *x, const char *const *xlabels, int nseries, const char *const *names,
                 const double *y, const double *lo, const double *hi) {
    (void)f, (void)id, (void)title, (void)xname, (void)axis, (void)npoints, (void)x, (void)xlabels;
    (void)nseries, (void)names, (void)y, (void)lo, (void)hi;
    return false;
}

bool chart_heat(FILE *f, int id, const char *title, chart_axis axis, const char *xname, int nx,
                const char *const *xlabels, const char *yname, int ny, const char *const *ylabels, const double *v) {
    (void)f, (void)id, (void)title, (void)axis, (void)xname, (void)nx, (void)xlabels, (void)yname, (void)ny;
    (void)ylabels, (void)v;
    return false;
}

chart_canvas *chart_canvas_new(int w, int h) {
    (void)w, (void)h;
    return NULL;
}
void chart_canvas_free(chart_canvas *c) { (void)c; }
void chart_canvas_rect(chart_canvas *c, double x, double y, double w, double h, const double rgb[3], double line) {
    (void)c, (void)x, (void)y, (void)w, (void)h, (void)rgb, (void)line;
}
void chart_canvas_line(chart_canvas *c, double x0, double y0, double x1, double y1, const double rgb[3], double width,
                       bool dashed) {
    (void)c, (void)x0, (void)y0, (void)x1, (void)y1, (void)rgb, (void)width, (void)dashed;
}
double chart_canvas_text(chart_canvas *c, double x, double y, double size, const double rgb[3], double align,
                         const char *s) {
    (void)c, (void)x, (void)y, (void)size, (void)rgb, (void)align, (void)s;
    return 0;
}
bool chart_canvas_write_png(chart_canvas *c, FILE *f) {
    (void)c, (void)f;
    return false;
}
void chart_palette(int i, double rgb[3]) {
    (void)i;
    rgb[0] = rgb[1] = rgb[2] = 0;
}

#endif
