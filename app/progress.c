/*
 * progress.c - the progress bar.
 */
#include "progress.h"
#include "sim_units.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress_start(progress *p, const char *label, int total) {
    p->label = label;
    p->tty = isatty(fileno(stderr)) != 0;
    p->shown = false;
    p->t0 = now_s();
    p->last_draw = 0.0;
    p->done = 0;
    p->total = total;
    p->rep = -1;
    p->now = p->horizon = 0.0;
    p->note[0] = '\0';
}

void progress_note(progress *p, const char *note) { snprintf(p->note, sizeof p->note, "%s", note); }

/* A simulated time in the largest unit that keeps it readable. */
static void fmt_span(char *buf, size_t size, double s) {
    if (s >= 2.0 * SIM_DAY) snprintf(buf, size, "%.1f d", s / SIM_DAY);
    else if (s >= 2.0 * SIM_HOUR) snprintf(buf, size, "%.1f h", s / SIM_HOUR);
    else if (s >= 2.0 * SIM_MINUTE) snprintf(buf, size, "%.1f min", s / SIM_MINUTE);
    else snprintf(buf, size, "%.1f s", s);
}

static void draw(progress *p, double t) {
    double el = t - p->t0;
    enum { WIDTH = 30 };
    /* The bar counts finished replications and the share of the one in
     * progress (the last heard from). */
    double part = p->rep >= 0 && p->horizon > 0.0 && p->done < p->total ? p->now / p->horizon : 0.0;
    double share = p->total > 0 ? (p->done + part) / p->total : 0.0;
    if (share > 1.0) share = 1.0;
    int fill = (int)(WIDTH * share);
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++) bar[i] = i < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    char inside[96] = "";
    if (part > 0.0) {
        char a[32], b[32];
        fmt_span(a, sizeof a, p->now);
        fmt_span(b, sizeof b, p->horizon);
        snprintf(inside, sizeof inside, "; rep %d/%d: %s of %s", p->rep + 1, p->total, a, b);
    }
    double eta = share > 0.0 ? el * (1.0 - share) / share : 0.0;
    fprintf(stderr, "\r%s [%s] %d/%d replications%s%s%s, %.0f s, about %.0f s left\033[K", p->label, bar, p->done,
            p->total, p->note[0] ? ", " : "", p->note, inside, el, eta);
    fflush(stderr);
    p->shown = true;
    p->last_draw = t;
}

void progress_update(void *ctx, int done, int total) {
    progress *p = ctx;
    p->done = done;
    p->total = total;
    if (!p->tty || total <= 0) return;
    double t = now_s();
    if (t - p->t0 < 1.0 && !p->shown) return;
    draw(p, t);
}

void progress_rep(void *ctx, int rep, double now, double horizon) {
    progress *p = ctx;
    p->rep = rep;
    p->now = now;
    p->horizon = horizon;
    if (!p->tty || p->total <= 0) return;
    double t = now_s();
    if (t - p->t0 < 1.0 || t - p->last_draw < 0.25) return;
    draw(p, t);
}

void progress_report_failure(const char *cmd, const char *scene, const char *why) {
    if (why && strcmp(why, "out of memory") == 0)
        fputs("linetwin: out of memory\n", stderr);
    else
        fprintf(stderr, "linetwin %s: %s: the run failed: %s\n", cmd, scene, why && *why ? why : "unknown error");
}

void progress_finish(progress *p) {
    if (p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->shown = false;
}
