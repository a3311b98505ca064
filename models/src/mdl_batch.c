/*
 * mdl_batch.c - replications on threads, summaries, paired differences.
 *
 * Workers take replication indices from a shared counter; replication r
 * always writes slot r and depends only on (model, settings, r), so the
 * summaries, computed afterwards in slot order, do not depend on the number
 * of threads or on which thread ran what.
 */
#include "mdl_batch.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mdl_people.h"
#include "mdl_transport.h"
#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "mdl_assembly.h"
#include "sim_stats.h"

struct mdl_batch {
    const mdl_model *m;
    mdl_run_settings set;
    int nreps;
    mdl_rep_result *reps;
    double wall_s;
    uint64_t events;
};

typedef struct work {
    mdl_batch *b;
    const mdl_batch_options *o;
    pthread_mutex_t lock;
    int next;
    int done;
    bool failed;
    char error[300]; /* the first failure's reason */
} work;

/* What a worker's run reports progress through. */
typedef struct rep_watch {
    work *wk;
    int rep;
} rep_watch;

static bool rep_progress(void *ctx, double now, double horizon) {
    rep_watch *rw = ctx;
    pthread_mutex_lock(&rw->wk->lock);
    rw->wk->o->rep_progress(rw->wk->o->progress_ctx, rw->rep, now, horizon);
    pthread_mutex_unlock(&rw->wk->lock);
    return true;
}

/* Records the first failure; the other workers take no new replication.
 * Out of memory is the process's resource problem, reported as such; any
 * other failure names its replication. */
static void fail(work *wk, int rep, const char *why) {
    pthread_mutex_lock(&wk->lock);
    if (!wk->failed) {
        wk->failed = true;
        if (strcmp(why, "out of memory") == 0)
            snprintf(wk->error, sizeof wk->error, "%s", why);
        else
            snprintf(wk->error, sizeof wk->error, "replication %d: %s", rep + 1, why);
    }
    pthread_mutex_unlock(&wk->lock);
}

static void *worker(void *arg) {
    work *wk = arg;
    for (;;) {
        pthread_mutex_lock(&wk->lock);
        int i = wk->failed ? wk->b->nreps : wk->next++;
        pthread_mutex_unlock(&wk->lock);
        if (i >= wk->b->nreps) break;
        bool recorded = wk->o->records && i == wk->o->records_rep;
        mdl_run *r = mdl_run_new_recorded(wk->b->m, &wk->b->set, (uint32_t)i, recorded ? wk->o->records : NULL,
                                          wk->o->records_ctx);
        if (!r) {
            fail(wk, i, "out of memory");
            break;
        }
        rep_watch rw = {wk, i};
        if (wk->o->alloc) mdl_run_set_alloc(r, wk->o->alloc, wk->o->alloc_ctx);
        if (wk->o->rep_progress) mdl_run_set_progress(r, rep_progress, &rw);
        bool ok = mdl_run_to_end(r, &wk->b->reps[i]);
        if (!ok) fail(wk, i, mdl_run_error(r));
        mdl_run_free(r);
        if (!ok) break;
        pthread_mutex_lock(&wk->lock);
        wk->done++;
        if (wk->o->progress) wk->o->progress(wk->o->progress_ctx, wk->done, wk->b->nreps);
        pthread_mutex_unlock(&wk->lock);
    }
    return NULL;
}

static double wall_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void mdl_batch_free(mdl_batch *b) {
    if (!b) return;
    if (b->reps)
        for (int i = 0; i < b->nreps; i++) mdl_rep_result_fini(&b->reps[i]);
    free(b->reps);
    free(b);
}

mdl_batch *mdl_batch_run(const mdl_model *m, const mdl_batch_options *o, char *err, size_t err_size) {
    const mdl_run_settings *s = &o->run;
    if (!(s->horizon > 0.0) || !isfinite(s->horizon) || !(s->warmup >= 0.0) || !(s->warmup < s->horizon)) {
        snprintf(err, err_size, "run: the warm-up must be >= 0 and shorter than the horizon");
        return NULL;
    }
    if (s->replications < 1) {
        snprintf(err, err_size, "run: replications must be >= 1");
        return NULL;
    }
    mdl_batch *b = calloc(1, sizeof *b);
    if (!b) goto oom;
    b->m = m;
    b->set = *s;
    b->nreps = s->replications;
    b->reps = calloc((size_t)b->nreps, sizeof *b->reps);
    if (!b->reps) goto oom;
    for (int i = 0; i < b->nreps; i++)
        if (!mdl_rep_result_init(&b->reps[i], m)) goto oom;
    double t0 = wall_now();
    work wk = {.b = b, .o = o, .next = 0, .done = 0, .failed = false, .error = ""};
    pthread_mutex_init(&wk.lock, NULL);
    int nth = o->threads < 1 ? 1 : o->threads;
    if (nth > b->nreps) nth = b->nreps;
    if (nth == 1) {
        worker(&wk);
    } else {
        pthread_t *th = calloc((size_t)nth, sizeof *th);
        int started = 0;
        if (th)
            for (; started < nth; started++)
                if (pthread_create(&th[started], NULL, worker, &wk) != 0) break;
        if (started == 0) worker(&wk);
        for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
        free(th);
    }
    pthread_mutex_destroy(&wk.lock);
    if (wk.failed) {
        snprintf(err, err_size, "%s", wk.error);
        mdl_batch_free(b);
        return NULL;
    }
    b->wall_s = wall_now() - t0;
    for (int i = 0; i < b->nreps; i++) b->events += b->reps[i].events;
    return b;
oom:
    snprintf(err, err_size, "out of memory");
    mdl_batch_free(b);
    return NULL;
}

int mdl_batch_reps(const mdl_batch *b) { return b->nreps; }
const mdl_rep_result *mdl_batch_rep(const mdl_batch *b, int rep) {
    return rep >= 0 && rep < b->nreps ? &b->reps[rep] : NULL;
}
const mdl_model *mdl_batch_model(const mdl_batch *b) { return b->m; }
const mdl_run_settings *mdl_batch_settings(const mdl_batch *b) { return &b->set; }
double mdl_batch_wall_s(const mdl_batch *b) { return b->wall_s; }
uint64_t mdl_batch_events(const mdl_batch *b) { return b->events; }

mdl_summary mdl_summarize(const double *values, size_t n) {
    sim_tally t;
    sim_tally_reset(&t);
    for (size_t i = 0; i < n; i++)
        if (!isnan(values[i])) sim_tally_add(&t, values[i]);
    mdl_summary s;
    s.mean = sim_tally_mean(&t);
    s.ci95 = sim_tally_ci95(&t);
    s.min = t.n ? t.min : NAN;
    s.max = t.n ? t.max : NAN;
    /* A sample that is constant (to rounding: a CONWIP level's time average
     * comes out as 45 +- 1e-14) has a zero-width interval. */
    if (t.n > 1 && (t.m2 == 0.0 || t.max - t.min <= 1e-12 * fabs(s.mean))) s.ci95 = 0.0;
    return s;
}

static mdl_summary summarize_by(const mdl_batch *b, double (*get)(const mdl_rep_result *, int, int),
                                int a, int c) {
    double *v = malloc((size_t)b->nreps * sizeof *v);
    if (!v) return (mdl_summary){NAN, NAN, NAN, NAN};
    for (int i = 0; i < b->nreps; i++) v[i] = get(&b->reps[i], a, c);
    mdl_summary s = mdl_summarize(v, (size_t)b->nreps);
    free(v);
    return s;
}

static double get_kpi(const mdl_rep_result *r, int k, int unused) {
    (void)unused;
    return r->kpi[k];
}

static double get_skpi(const mdl_rep_result *r, int station, int k) {
    return station >= 0 && station < r->nstations ? r->station[station][k] : NAN;
}

mdl_summary mdl_batch_kpi(const mdl_batch *b, mdl_kpi k) {
    if ((unsigned)k >= MDL_KPI_COUNT) return (mdl_summary){NAN, NAN, NAN, NAN};
    return summarize_by(b, get_kpi, (int)k, 0);
}

mdl_summary mdl_batch_station_kpi(const mdl_batch *b, int station, mdl_skpi k) {
    if ((unsigned)k >= MDL_SKPI_COUNT) return (mdl_summary){NAN, NAN, NAN, NAN};
    return summarize_by(b, get_skpi, station, (int)k);
}

static double get_fkpi(const mdl_rep_result *r, int f, int k) { return mdl_rep_fleet_kpi(r, f, (mdl_fkpi)k); }
static double get_vkpi(const mdl_rep_result *r, int v, int k) { return mdl_rep_vehicle_kpi(r, v, (mdl_fkpi)k); }
static double get_rkpi(const mdl_rep_result *r, int f, int k) { return mdl_rep_robot_kpi(r, f, (mdl_rkpi)k); }
static double get_ckpi(const mdl_rep_result *r, int f, int k) { return mdl_rep_conveyor_kpi(r, f, (mdl_ckpi)k); }

mdl_summary mdl_batch_fleet_kpi(const mdl_batch *b, int fleet, int k) { return summarize_by(b, get_fkpi, fleet, k); }
mdl_summary mdl_batch_vehicle_kpi(const mdl_batch *b, int vehicle, int k) {
    return summarize_by(b, get_vkpi, vehicle, k);
}
mdl_summary mdl_batch_robot_kpi(const mdl_batch *b, int robot, int k) { return summarize_by(b, get_rkpi, robot, k); }
mdl_summary mdl_batch_conveyor_kpi(const mdl_batch *b, int conveyor, int k) {
    return summarize_by(b, get_ckpi, conveyor, k);
}
static double get_akpi(const mdl_rep_result *r, int a, int k) { return mdl_rep_asrs_kpi(r, a, (mdl_wkpi)k); }
mdl_summary mdl_batch_asrs_kpi(const mdl_batch *b, int asrs, int k) { return summarize_by(b, get_akpi, asrs, k); }
static double get_dkpi(const mdl_rep_result *r, int d, int k) { return mdl_rep_dock_kpi(r, d, (mdl_dkpi)k); }
mdl_summary mdl_batch_dock_kpi(const mdl_batch *b, int dock, int k) { return summarize_by(b, get_dkpi, dock, k); }
/* Assembly, batching and disassembly (mdl_assembly.h). */
static double get_lkpi(const mdl_rep_result *r, int l, int k) { return mdl_rep_bomline_kpi(r, l, (mdl_lkpi)k); }
static double get_xkpi(const mdl_rep_result *r, int s, int k) { return mdl_rep_flow_kpi(r, s, (mdl_xkpi)k); }
mdl_summary mdl_batch_bomline_kpi(const mdl_batch *b, int line, int k) { return summarize_by(b, get_lkpi, line, k); }
mdl_summary mdl_batch_flow_kpi(const mdl_batch *b, int station, int k) { return summarize_by(b, get_xkpi, station, k); }

/* People (mdl_people.h). */
static double get_people(const mdl_rep_result *r, int k, int unused) {
    (void)unused;
    return mdl_rep_people_kpi(r, (mdl_peoplekpi)k);
}
static double get_pool(const mdl_rep_result *r, int q, int k) { return mdl_rep_pool_kpi(r, q, (mdl_poolkpi)k); }
static double get_person(const mdl_rep_result *r, int g, int k) { return mdl_rep_person_kpi(r, g, (mdl_poolkpi)k); }

mdl_summary mdl_batch_people_kpi(const mdl_batch *b, int k) { return summarize_by(b, get_people, k, 0); }
mdl_summary mdl_batch_pool_kpi(const mdl_batch *b, int pool, int k) { return summarize_by(b, get_pool, pool, k); }
mdl_summary mdl_batch_person_kpi(const mdl_batch *b, int person, int k) {
    return summarize_by(b, get_person, person, k);
}

mdl_summary mdl_batch_diff(const mdl_batch *base, const mdl_batch *retrofit, mdl_kpi k) {
    int n = base->nreps < retrofit->nreps ? base->nreps : retrofit->nreps;
    if ((unsigned)k >= MDL_KPI_COUNT || n < 1) return (mdl_summary){NAN, NAN, NAN, NAN};
    double *v = malloc((size_t)n * sizeof *v);
    if (!v) return (mdl_summary){NAN, NAN, NAN, NAN};
    for (int i = 0; i < n; i++) v[i] = retrofit->reps[i].kpi[k] - base->reps[i].kpi[k];
    mdl_summary s = mdl_summarize(v, (size_t)n);
    free(v);
    return s;
}
