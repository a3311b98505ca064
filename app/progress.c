/*
 * progress.c - the progress bar.
 */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress_start(progress *p, const char *label) {
    p->label = label;
    p->tty = isatty(fileno(stderr)) != 0;
    p->shown = false;
    p->t0 = now_s();
}

void progress_update(void *ctx, int done, int total) {
    progress *p = ctx;
    if (!p->tty || total <= 0) return;
    double el = now_s() - p->t0;
    if (el < 1.0 && !p->shown) return;
    enum { WIDTH = 30 };
    int fill = (int)((long long)WIDTH * done / total);
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++) bar[i] = i < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    double eta = done > 0 ? el * (total - done) / done : 0;
    fprintf(stderr, "\r%s [%s] %d/%d replications, %.0f s, about %.0f s left   ", p->label, bar, done, total, el,
            eta);
    fflush(stderr);
    p->shown = true;
}

void progress_finish(progress *p) {
    if (p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->shown = false;
}
