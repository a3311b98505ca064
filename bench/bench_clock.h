/*
 * bench_clock.h - what the benchmarks measure with: wall-clock and CPU
 * seconds, the peak resident memory of the process, and one replication
 * timed. Header only; every bench_*.c is its own program.
 */
#ifndef LINETWIN_BENCH_CLOCK_H
#define LINETWIN_BENCH_CLOCK_H

#include <sys/resource.h>
#include <time.h>

#include "mdl_model.h"
#include "mdl_orders.h"
#include "mdl_run.h"

/* Seconds on the monotonic clock (for differences). */
static inline double bench_wall_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds used by the process so far. */
static inline double bench_cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The process's peak resident set so far, KiB. */
static inline long bench_peak_rss_kib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Replication 0 of m with the settings rs (NULL: the model's), run to the
 * end into *res (initialised by the caller), timed on `clock` (seconds):
 * its seconds, < 0 where the run failed. */
static inline double bench_run_on(const mdl_model *m, const mdl_run_settings *rs, mdl_rep_result *res,
                                  double (*clock)(void)) {
    double t0 = clock();
    mdl_run *r = mdl_run_new(m, rs, 0);
    bool ok = r && mdl_run_to_end(r, res);
    double dt = clock() - t0;
    mdl_run_free(r);
    return ok ? dt : -1.0;
}

/* Replication 0 of m with the settings rs, run to the end into *res
 * (initialised here; the caller finishes it): its wall-clock seconds. */
static inline double bench_run_timed(const mdl_model *m, const mdl_run_settings *rs, mdl_rep_result *res) {
    mdl_rep_result_init(res, m);
    return bench_run_on(m, rs, res, bench_wall_s);
}

/* Sets m's run to one replication of `horizon` seconds from time 0, no
 * warm-up, seed 1, and validates it: false where m refuses. */
static inline bool bench_set_run(mdl_model *m, double horizon) {
    mdl_run_settings rs = {.horizon = horizon, .warmup = 0, .replications = 1, .seed = 1, .start = 0};
    return mdl_model_set_run(m, &rs) && mdl_model_validate(m);
}

/* What one timed run gives: its seconds (< 0: it failed), its events, its
 * units out and its on-time share of orders (NaN without orders). */
typedef struct bench_figures {
    double seconds;
    uint64_t events;
    double units_out, orders_on_time;
} bench_figures;

/* Replication 0 of m with its own settings, timed on `clock`. */
static inline bench_figures bench_run_figures(const mdl_model *m, double (*clock)(void)) {
    bench_figures f = {-1.0, 0, 0.0, -1.0};
    mdl_rep_result res;
    if (!mdl_rep_result_init(&res, m)) return f;
    f.seconds = bench_run_on(m, NULL, &res, clock);
    f.events = res.events;
    f.units_out = res.kpi[MDL_KPI_UNITS_OUT];
    if (f.seconds >= 0.0) f.orders_on_time = mdl_rep_book_kpi(&res, MDL_BKPI_ORDERS_ON_TIME_SHARE);
    mdl_rep_result_fini(&res);
    return f;
}

#endif
