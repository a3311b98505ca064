/*
 * lv_session.c - the live session: panes and runs on one clock, the speed
 * and pause state, trainer actions, history, the event log, restart and
 * reload.
 */
#include "lv_session.h"
#include "mdl_people.h"
#include "mdl_maint.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mdl_transport.h"
#include "sim_units.h"

typedef struct lv_log_entry {
    double t;
    int pane;
    lv_log_level level;
    char text[120];
} lv_log_entry;

/* The listener of one run's record stream (installed before time zero,
 * mdl_run_new_recorded): at a fixed address for the run's life, so a pane
 * can be copied (lv_session_replace_model) while its run keeps the pointer. */
typedef struct lv_listen {
    struct lv_session *session;
    int pane;
    const mdl_model *model;
    const mdl_run *run;     /* NULL while the run is being made (time-0 records) */
    lv_trace *trace;        /* owned: the units and their records */
    double exits;           /* good units out since time 0 */
    uint64_t safety;        /* safety events since time 0 */
    lv_safety_event ring[LV_SAFETY_RING]; /* the last ones: safety % LV_SAFETY_RING is next */
} lv_listen;

typedef struct lv_pane {
    mdl_model *model;       /* owned */
    mdl_run *run;           /* owned */
    lv_listen *listen;      /* owned: the run's record listener */
    mdl_run_settings settings;
    mdl_rep_result result;  /* KPI cache (lv_session_sync) */
    bool have_result;
    lv_history hist;
    char label[32];
    bool failure_logged;    /* the run failed (mdl_run_error) and the log says so */
    struct lv_session *session; /* for the log callback */
    int index;
} lv_pane;

struct lv_session {
    lv_pane pane[LV_MAX_PANES];
    int npanes;
    uint32_t replication;
    unsigned generation;
    double now;
    double speed;
    bool paused;
    double max_chunk; /* simulated seconds per slice at speed INFINITY */
    int next_mode;    /* LV_ACT_FAIL_MODE: the chosen mode (modulo the station's modes; LV_ACT_NEXT_MODE) */
    lv_clock_fn *budget_clock;
    void *budget_ctx;
    lv_log_entry log[LV_LOG_CAP];
    int log_first, log_count;
    /* What the KPI caches were made from (lv_session_sync_due). */
    unsigned actions;   /* trainer actions so far */
    bool synced;
    double synced_now, synced_wall;
    unsigned synced_gen, synced_actions;
};

static const double speed_steps[] = {1.0, 10.0, 60.0, 600.0, 3600.0, INFINITY};
#define NSPEEDS ((int)(sizeof speed_steps / sizeof speed_steps[0]))

/* ---- the MES log of each run -------------------------------------------- */

static const char *station_id(const mdl_model *m, int st) {
    const mdl_station_spec *sp = mdl_model_station(m, st);
    return sp && sp->id ? sp->id : "?";
}

/* "safety: agv #2 forced through a zone" (the ring's newest event). */
static void log_safety(lv_listen *p) {
    const lv_safety_event *e = &p->ring[(p->safety - 1) % LV_SAFETY_RING];
    char who[96] = "a vehicle";
    for (int f = 0; f < mdl_model_fleet_count(p->model); f++) {
        int first = mdl_model_vehicle_index(p->model, f, 0);
        const mdl_fleet_spec *fs = mdl_model_fleet(p->model, f);
        if (first >= 0 && e->vehicle >= first && e->vehicle < first + fs->count)
            snprintf(who, sizeof who, "%s #%d", fs->id, e->vehicle - first + 1);
    }
    if (e->other < 0)
        lv_session_log(p->session, p->pane, LV_LOG_ALARM, "safety: %s forced through a zone", who);
    else
        lv_session_log(p->session, p->pane, LV_LOG_ALARM, "safety: %s touched a standing vehicle", who);
}

/* The events the session's log tells (breakdowns, shifts), once the run
 * exists: records made while it is being made (time 0) go to the trace
 * and the counters only, as the restart clears the log afterwards. */
static void log_event(lv_listen *p, mdl_log_kind kind, int station) {
    if (!p->run)
        return;
    switch (kind) {
    case MDL_LOG_DOWN:
        if (station >= 0)
            lv_session_log(p->session, p->pane, LV_LOG_ALARM, "%s down", station_id(p->model, station));
        break;
    case MDL_LOG_UP:
        if (station >= 0)
            lv_session_log(p->session, p->pane, LV_LOG_INFO, "%s repaired",
                           station_id(p->model, station));
        break;
    case MDL_LOG_SHIFT_ON:
        if (station < 0) {
            const char *shift = mdl_run_shift_name(p->run);
            if (shift)
                lv_session_log(p->session, p->pane, LV_LOG_INFO, "shift %s on", shift);
            else
                lv_session_log(p->session, p->pane, LV_LOG_INFO, "shift on");
        }
        break;
    case MDL_LOG_SHIFT_OFF:
        if (station < 0)
            lv_session_log(p->session, p->pane, LV_LOG_INFO, "off shift (break or end)");
        break;
    case MDL_LOG_SAFETY:
        log_safety(p);
        break;
    default:
        break;
    }
}

static void on_record(void *ctx, const mdl_record *rec) {
    lv_listen *p = ctx;
    if (rec->unit)
        lv_trace_add(p->trace, rec);
    if (rec->kind == MDL_LOG_EXIT)
        p->exits += 1.0;
    else if (rec->kind == MDL_LOG_SAFETY) {
        lv_safety_event *e = &p->ring[p->safety % LV_SAFETY_RING];
        e->time = rec->time;
        e->vehicle = rec->resource_kind == MDL_RES_VEHICLE ? rec->resource : -1;
        e->other = (int)rec->detail;
        p->safety++;
    }
    log_event(p, rec->kind, rec->station);
}

static void listen_free(lv_listen *l) {
    if (l) {
        lv_trace_free(l->trace);
        free(l);
    }
}

/* A run of pane p's model with a fresh listener, the listener installed
 * before time zero so that the units the set-up releases at time 0 have
 * their whole history. NULL when out of memory. */
static mdl_run *run_new_listened(lv_session *s, int pane, const mdl_model *m,
                                 const mdl_run_settings *settings, lv_listen **out) {
    lv_listen *l = calloc(1, sizeof *l);
    if (l)
        l->trace = lv_trace_new();
    if (!l || !l->trace) {
        listen_free(l);
        return NULL;
    }
    l->session = s;
    l->pane = pane;
    l->model = m;
    mdl_run *run = mdl_run_new_recorded(m, settings, s->replication, on_record, l);
    if (!run) {
        listen_free(l);
        return NULL;
    }
    l->run = run;
    *out = l;
    return run;
}

/* ---- creation ------------------------------------------------------------ */

/* Installs a fresh run in a pane (freeing the old one) and starts its
 * history at time 0. The pane must be at its final address: the MES log
 * callback keeps a pointer to it. */
static void pane_set_run(lv_pane *p, mdl_run *run, lv_listen *l) {
    mdl_run_free(p->run);
    listen_free(p->listen);
    p->run = run;
    p->listen = l;
    l->pane = p->index;
    p->have_result = false;
    p->failure_logged = false;
    lv_history_clear(&p->hist);
    lv_history_record(&p->hist, p->run, l->exits);
}

static void pane_fini(lv_pane *p) {
    mdl_run_free(p->run);
    p->run = NULL;
    listen_free(p->listen);
    p->listen = NULL;
    if (p->model)
        mdl_rep_result_fini(&p->result);
    lv_history_fini(&p->hist);
    mdl_model_free(p->model);
    p->model = NULL;
}

/* Sets up pane storage for model m (taken over, freed on failure) without a
 * run. */
static bool pane_init(lv_session *s, lv_pane *p, int index, mdl_model *m, const char *label,
                      bool has_seed, uint64_t seed) {
    memset(p, 0, sizeof *p);
    p->session = s;
    p->index = index;
    snprintf(p->label, sizeof p->label, "%s", label);
    p->settings = *mdl_model_run(m);
    if (has_seed)
        p->settings.seed = seed;
    if (!mdl_rep_result_init(&p->result, m)) {
        mdl_model_free(m);
        return false;
    }
    if (!lv_history_init(&p->hist, mdl_model_station_count(m))) {
        mdl_rep_result_fini(&p->result);
        mdl_model_free(m);
        return false;
    }
    p->model = m;
    return true;
}

lv_session *lv_session_new(const lv_session_config *cfg, char *err, size_t err_size) {
    if (err && err_size)
        err[0] = '\0';
    if (!cfg || !cfg->models[0]) {
        if (cfg && cfg->models[1])
            mdl_model_free(cfg->models[1]);
        if (err)
            snprintf(err, err_size, "viewer: no model to show");
        return NULL;
    }
    lv_session *s = calloc(1, sizeof *s);
    if (!s) {
        mdl_model_free(cfg->models[0]);
        mdl_model_free(cfg->models[1]);
        if (err)
            snprintf(err, err_size, "viewer: out of memory");
        return NULL;
    }
    s->replication = cfg->replication;
    s->speed = LV_DEFAULT_SPEED;
    s->max_chunk = SIM_MINUTE;
    static const char *const default_labels[LV_MAX_PANES] = {"BASE", "RETROFIT"};
    bool ok = true;
    for (int i = 0; i < LV_MAX_PANES; i++) {
        if (!cfg->models[i])
            continue;
        if (!ok) {
            mdl_model_free(cfg->models[i]);
            continue;
        }
        const char *label = cfg->labels[i] ? cfg->labels[i] : default_labels[i];
        lv_pane *p = &s->pane[s->npanes];
        if (!pane_init(s, p, s->npanes, cfg->models[i], label, cfg->has_seed, cfg->seed)) {
            ok = false;
            continue;
        }
        s->npanes++;
        lv_listen *l = NULL;
        mdl_run *run = run_new_listened(s, p->index, p->model, &p->settings, &l);
        if (!run) {
            ok = false;
            continue;
        }
        pane_set_run(p, run, l);
    }
    if (!ok) {
        lv_session_free(s);
        if (err)
            snprintf(err, err_size, "viewer: out of memory creating the runs");
        return NULL;
    }
    return s;
}

void lv_session_free(lv_session *s) {
    if (!s)
        return;
    for (int i = 0; i < s->npanes; i++)
        pane_fini(&s->pane[i]);
    free(s);
}

/* ---- accessors ----------------------------------------------------------- */

static bool has_pane(const lv_session *s, int pane) {
    return pane >= 0 && pane < s->npanes;
}

int lv_session_pane_count(const lv_session *s) {
    return s->npanes;
}

const mdl_model *lv_session_model(const lv_session *s, int pane) {
    return has_pane(s, pane) ? s->pane[pane].model : NULL;
}

mdl_run *lv_session_run(lv_session *s, int pane) {
    return has_pane(s, pane) ? s->pane[pane].run : NULL;
}

const mdl_run *lv_session_run_const(const lv_session *s, int pane) {
    return has_pane(s, pane) ? s->pane[pane].run : NULL;
}

const char *lv_session_label(const lv_session *s, int pane) {
    return has_pane(s, pane) ? s->pane[pane].label : "";
}

const mdl_rep_result *lv_session_result(const lv_session *s, int pane) {
    return has_pane(s, pane) && s->pane[pane].have_result ? &s->pane[pane].result : NULL;
}

const lv_history *lv_session_history(const lv_session *s, int pane) {
    return has_pane(s, pane) ? &s->pane[pane].hist : NULL;
}

const lv_trace *lv_session_trace(const lv_session *s, int pane) {
    return has_pane(s, pane) ? s->pane[pane].listen->trace : NULL;
}

uint64_t lv_session_safety_count(const lv_session *s, int pane) {
    return has_pane(s, pane) ? s->pane[pane].listen->safety : 0;
}

bool lv_session_safety_event(const lv_session *s, int pane, uint64_t k, lv_safety_event *out) {
    if (!has_pane(s, pane))
        return false;
    const lv_listen *l = s->pane[pane].listen;
    if (k >= l->safety || l->safety - k > LV_SAFETY_RING)
        return false;
    *out = l->ring[k % LV_SAFETY_RING];
    return true;
}

double lv_session_exits(const lv_session *s, int pane) {
    return has_pane(s, pane) ? s->pane[pane].listen->exits : 0.0;
}

unsigned lv_session_generation(const lv_session *s) {
    return s->generation;
}

double lv_session_now(const lv_session *s) {
    return s->now;
}

double lv_session_horizon(const lv_session *s) {
    double h = 0.0;
    for (int i = 0; i < s->npanes; i++)
        if (mdl_run_horizon(s->pane[i].run) > h)
            h = mdl_run_horizon(s->pane[i].run);
    return h;
}

bool lv_session_finished(const lv_session *s) {
    return s->now >= lv_session_horizon(s);
}

/* ---- the clock ----------------------------------------------------------- */

void lv_session_advance_to(lv_session *s, double t) {
    double horizon = lv_session_horizon(s);
    if (t > horizon)
        t = horizon;
    /* Slices end on sampling instants; all panes move together so that they
     * are always at the same time when drawn or sampled. */
    while (s->now < t) {
        double next_sample = (double)s->pane[0].hist.next_k * LV_SAMPLE_S;
        double step = next_sample < t ? next_sample : t;
        for (int i = 0; i < s->npanes; i++) {
            lv_pane *p = &s->pane[i];
            mdl_run_until(p->run, step);
            /* A failed run (out of memory, time standing still) stops
             * where it failed; the log says why, once. */
            if (mdl_run_error(p->run) && !p->failure_logged) {
                p->failure_logged = true;
                lv_session_log(s, i, LV_LOG_ERROR, "the run failed: %s", mdl_run_error(p->run));
            }
        }
        s->now = step;
        if (step == next_sample) {
            for (int i = 0; i < s->npanes; i++) {
                lv_pane *p = &s->pane[i];
                /* A pane past its own horizon has stopped; its history too. */
                if (mdl_run_now(p->run) >= step)
                    lv_history_record(&p->hist, p->run, p->listen->exits);
                else
                    p->hist.next_k++;
            }
        }
    }
}

double lv_session_step(lv_session *s) {
    double next = INFINITY;
    for (int i = 0; i < s->npanes; i++) {
        double e = mdl_run_next_event(s->pane[i].run);
        if (e < next)
            next = e;
    }
    if (!isfinite(next))
        next = lv_session_horizon(s);
    if (next <= s->now) {
        /* Events due now were fired by the last advance (run_until fires
         * everything up to and including its time); nothing left at now. */
        next = s->now;
    }
    lv_session_advance_to(s, next);
    return s->now;
}

double lv_session_step_paused(lv_session *s) {
    s->paused = true;
    return lv_session_step(s);
}

static double monotonic_seconds(void *ctx) {
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double real_seconds(const lv_session *s) {
    return s->budget_clock ? s->budget_clock(s->budget_ctx) : monotonic_seconds(NULL);
}

void lv_session_set_budget_clock(lv_session *s, lv_clock_fn *fn, void *ctx) {
    s->budget_clock = fn;
    s->budget_ctx = ctx;
}

static void advance_max(lv_session *s) {
    /* As fast as possible, but still drawing: advance in slices until the
     * tick's budget of real time is used, growing or shrinking the slice
     * so that a slice costs a fraction of the budget. */
    double t0 = real_seconds(s);
    for (;;) {
        double s0 = real_seconds(s);
        lv_session_advance_to(s, s->now + s->max_chunk);
        double took = real_seconds(s) - s0;
        if (took < LV_MAX_SPEED_BUDGET_S / 8.0 && s->max_chunk < SIM_DAY)
            s->max_chunk *= 2.0;
        else if (took > LV_MAX_SPEED_BUDGET_S / 2.0 && s->max_chunk > 1.0)
            s->max_chunk *= 0.5;
        if (lv_session_finished(s) || real_seconds(s) - t0 >= LV_MAX_SPEED_BUDGET_S)
            break;
    }
}

double lv_session_tick(lv_session *s, double wall_dt) {
    double dt = wall_dt < 0.0 || isnan(wall_dt) ? 0.0
                : wall_dt > LV_MAX_TICK_S       ? LV_MAX_TICK_S
                                                : wall_dt;
    if (!s->paused && !lv_session_finished(s)) {
        if (isinf(s->speed))
            advance_max(s);
        else
            lv_session_advance_to(s, s->now + dt * s->speed);
    }
    return s->now;
}

double lv_session_speed(const lv_session *s) {
    return s->speed;
}

void lv_session_set_speed(lv_session *s, double speed) {
    if (speed > 0.0)
        s->speed = speed;
}

const double *lv_session_speed_steps(int *count) {
    if (count)
        *count = NSPEEDS;
    return speed_steps;
}

bool lv_session_speed_step(lv_session *s, int dir) {
    if (dir > 0) {
        for (int i = 0; i < NSPEEDS; i++)
            if (speed_steps[i] > s->speed) {
                s->speed = speed_steps[i];
                return true;
            }
    } else if (dir < 0) {
        for (int i = NSPEEDS - 1; i >= 0; i--)
            if (speed_steps[i] < s->speed) {
                s->speed = speed_steps[i];
                return true;
            }
    }
    return false;
}

bool lv_session_paused(const lv_session *s) {
    return s->paused;
}

void lv_session_set_paused(lv_session *s, bool paused) {
    s->paused = paused;
}

/* ---- restart and reload -------------------------------------------------- */

/* New runs for every pane (pane `skip` excepted), all or nothing. */
static bool new_runs(lv_session *s, int skip, mdl_run **fresh, lv_listen **ls) {
    for (int i = 0; i < s->npanes; i++) {
        fresh[i] = NULL;
        ls[i] = NULL;
        if (i == skip)
            continue;
        fresh[i] = run_new_listened(s, i, s->pane[i].model, &s->pane[i].settings, &ls[i]);
        if (!fresh[i]) {
            for (int j = 0; j < i; j++) {
                mdl_run_free(fresh[j]);
                listen_free(ls[j]);
            }
            return false;
        }
    }
    return true;
}

bool lv_session_restart(lv_session *s) {
    mdl_run *fresh[LV_MAX_PANES];
    lv_listen *ls[LV_MAX_PANES];
    if (!new_runs(s, -1, fresh, ls)) {
        lv_session_log(s, -1, LV_LOG_ERROR, "restart failed: out of memory");
        return false;
    }
    for (int i = 0; i < s->npanes; i++)
        pane_set_run(&s->pane[i], fresh[i], ls[i]);
    s->now = 0.0;
    s->log_first = s->log_count = 0;
    s->generation++;
    lv_session_log(s, -1, LV_LOG_INFO, "restarted at time 0");
    return true;
}

bool lv_session_replace_model(lv_session *s, int pane, mdl_model *m) {
    if (!m)
        return false;
    if (!has_pane(s, pane)) {
        mdl_model_free(m);
        return false;
    }
    lv_pane *p = &s->pane[pane];
    /* A replacement keeps the seed the pane was started with, so a --seed
     * override survives a reload. */
    lv_pane np;
    if (!pane_init(s, &np, pane, m, p->label, true, p->settings.seed))
        return false;
    lv_listen *first_l = NULL;
    mdl_run *first = run_new_listened(s, pane, np.model, &np.settings, &first_l);
    mdl_run *fresh[LV_MAX_PANES];
    lv_listen *ls[LV_MAX_PANES];
    if (!first || !new_runs(s, pane, fresh, ls)) {
        mdl_run_free(first);
        listen_free(first_l);
        pane_fini(&np);
        return false;
    }
    /* Commit: the new model and, so both panes stay on one clock, fresh
     * runs everywhere. */
    pane_fini(p);
    *p = np;
    fresh[pane] = first;
    ls[pane] = first_l;
    for (int i = 0; i < s->npanes; i++)
        pane_set_run(&s->pane[i], fresh[i], ls[i]);
    s->now = 0.0;
    s->log_first = s->log_count = 0;
    s->generation++;
    return true;
}

bool lv_session_reload(lv_session *s, lv_reload_fn *load, void *ctx) {
    if (!load) {
        lv_session_log(s, -1, LV_LOG_ERROR, "reload: no scene file to reload");
        return false;
    }
    mdl_model *fresh[LV_MAX_PANES] = {NULL, NULL};
    for (int p = 0; p < s->npanes; p++) {
        char err[512] = "";
        fresh[p] = load(ctx, p, err, sizeof err);
        if (!fresh[p]) {
            for (int q = 0; q < p; q++)
                mdl_model_free(fresh[q]);
            /* The old line keeps running: a typo in the file must not end
             * the session in front of an audience. */
            lv_session_log(s, p, LV_LOG_ERROR, "reload failed: %s", err[0] ? err : "invalid scene");
            return false;
        }
    }
    for (int p = 0; p < s->npanes; p++)
        if (!lv_session_replace_model(s, p, fresh[p])) {
            for (int q = p + 1; q < s->npanes; q++)
                mdl_model_free(fresh[q]);
            lv_session_log(s, p, LV_LOG_ERROR, "reload failed: out of memory");
            return false;
        }
    lv_session_log(s, -1, LV_LOG_INFO, "scene reloaded from disk");
    return true;
}

void lv_session_sync(lv_session *s) {
    for (int i = 0; i < s->npanes; i++) {
        mdl_run_result(s->pane[i].run, &s->pane[i].result);
        s->pane[i].have_result = true;
    }
    s->synced = true;
    s->synced_now = s->now;
    s->synced_gen = s->generation;
    s->synced_actions = s->actions;
}

/* The KPIs of a plant take up to a millisecond (every station's ledger,
 * every vehicle's): a window drawing 60 frames a second refreshes them a
 * few times a second while the clock runs, at once after a restart, a
 * reload or a trainer action, and once more when the clock stops (paused,
 * stepped, at the horizon), so the numbers on screen are never stale when
 * someone reads them. mdl_run_result only reads the run: how often it is
 * called changes nothing a run computes. */
bool lv_session_sync_due(lv_session *s, double wall, double min_interval) {
    bool same_runs = s->synced && s->synced_gen == s->generation && s->synced_actions == s->actions;
    if (same_runs && s->synced_now == s->now)
        return false;
    bool clock_stands = s->paused || lv_session_finished(s);
    if (same_runs && !clock_stands && wall - s->synced_wall < min_interval && wall >= s->synced_wall)
        return false;
    lv_session_sync(s);
    s->synced_wall = wall;
    return true;
}

/* ---- trainer actions ----------------------------------------------------- */

/* The actions on a station that call one run function and log one line. */
static const struct station_act {
    lv_action action;
    bool (*fn)(mdl_run *r, int station);
    const char *done; /* "you broke" + " cnc (pane)" */
} station_acts[] = {
    {LV_ACT_BREAK, mdl_run_break_station, "you broke"},
    {LV_ACT_REPAIR, mdl_run_repair_station, "you repaired"},
    {LV_ACT_START_PM, mdl_run_start_pm, "you started a PM at"},
};

static bool act_on_station(lv_session *s, int p, int st, lv_action a) {
    lv_pane *pn = &s->pane[p];
    if (st < 0 || st >= mdl_model_station_count(pn->model))
        return false;
    const char *id = station_id(pn->model, st);
    char where[48] = "";
    if (s->npanes > 1)
        snprintf(where, sizeof where, " (%s)", pn->label);
    for (size_t k = 0; k < sizeof station_acts / sizeof station_acts[0]; k++)
        if (station_acts[k].action == a) {
            if (!station_acts[k].fn(pn->run, st))
                return false;
            lv_session_log(s, p, LV_LOG_ACTION, "%s %s%s", station_acts[k].done, id, where);
            return true;
        }
    int n = mdl_run_servers(pn->run, st);
    const mdl_maint_spec *mt = mdl_model_station(pn->model, st)->maint;
    int nmodes = mt ? mt->nmodes : 0;
    switch (a) {
    case LV_ACT_ADD_SERVER:
        if (n >= mdl_run_max_servers(pn->run, st) || !mdl_run_set_servers(pn->run, st, n + 1))
            return false;
        lv_session_log(s, p, LV_LOG_ACTION, "%s: servers %d -> %d%s", id, n, n + 1, where);
        return true;
    case LV_ACT_REMOVE_SERVER:
        if (n <= 1 || !mdl_run_set_servers(pn->run, st, n - 1))
            return false;
        lv_session_log(s, p, LV_LOG_ACTION, "%s: servers %d -> %d%s", id, n, n - 1, where);
        return true;
    case LV_ACT_FAIL_MODE: {
        int k = nmodes ? s->next_mode % nmodes : 0;
        if (nmodes == 0 || !mdl_run_fail_mode(pn->run, st, k))
            return false;
        lv_session_log(s, p, LV_LOG_ACTION, "you failed %s: mode %s%s", id, mt->modes[k].id, where);
        return true;
    }
    case LV_ACT_NEXT_MODE:
        if (nmodes == 0)
            return false;
        s->next_mode = (s->next_mode % nmodes + 1) % nmodes;
        lv_session_log(s, p, LV_LOG_INFO, "M now fails %s: mode %s", id, mt->modes[s->next_mode].id);
        return true;
    case LV_ACT_BREAK:
    case LV_ACT_REPAIR:
    case LV_ACT_START_PM: /* station_acts, above */
    case LV_ACT_FLEET_FASTER:
    case LV_ACT_FLEET_SLOWER:
    case LV_ACT_ADD_PERSON:
    case LV_ACT_REMOVE_PERSON:
        return false; /* fleets: fleet_speed_step; pools: pool_roll_step */
    }
    return false;
}

/* One fleet speed step of pane p's fleet; logs it. */
static bool fleet_speed_step(lv_session *s, int p, int fleet, int dir) {
    static const double steps[] = LV_FLEET_SPEED_STEPS;
    const int n = (int)(sizeof steps / sizeof steps[0]);
    lv_pane *pn = &s->pane[p];
    const mdl_fleet_spec *fs = mdl_model_fleet(pn->model, fleet);
    if (!fs)
        return false;
    double cur = mdl_run_fleet_speed(pn->run, fleet), next = cur;
    /* The next step beyond the current factor (which a scene or an API
     * call may have set between steps). */
    if (dir > 0) {
        for (int i = 0; i < n; i++)
            if (steps[i] > cur + 1e-9) {
                next = steps[i];
                break;
            }
    } else {
        for (int i = n - 1; i >= 0; i--)
            if (steps[i] < cur - 1e-9) {
                next = steps[i];
                break;
            }
    }
    if (next == cur || !mdl_run_set_fleet_speed(pn->run, fleet, next))
        return false;
    char where[48] = "";
    if (s->npanes > 1)
        snprintf(where, sizeof where, " (%s)", pn->label);
    lv_session_log(s, p, LV_LOG_ACTION, "fleet %s: speed \xC3\x97%g -> \xC3\x97%g (%.2g m/s)%s",
                   fs->id, cur, next, fs->speed * next, where);
    return true;
}

int lv_session_chosen_mode(const lv_session *s, int pane, int station) {
    if (pane < 0 || pane >= s->npanes || station < 0 || station >= mdl_model_station_count(s->pane[pane].model))
        return -1;
    const mdl_station_spec *sp = mdl_model_station(s->pane[pane].model, station);
    return sp->maint && sp->maint->nmodes > 0 ? s->next_mode % sp->maint->nmodes : -1;
}

/* One person more (dir > 0) or fewer on pool `pool` of pane p; logs it. */
static bool pool_roll_step(lv_session *s, int p, int pool, int dir) {
    lv_pane *pn = &s->pane[p];
    const mdl_pool_spec *ps = mdl_model_pool(pn->model, pool);
    mdl_pool_now before, after;
    if (!ps || !mdl_run_pool_now(pn->run, pool, &before))
        return false;
    if (!(dir > 0 ? mdl_run_add_person(pn->run, pool) : mdl_run_remove_person(pn->run, pool)))
        return false;
    mdl_run_pool_now(pn->run, pool, &after);
    char where[48] = "";
    if (s->npanes > 1)
        snprintf(where, sizeof where, " (%s)", pn->label);
    lv_session_log(s, p, LV_LOG_ACTION, "pool %s: people %d -> %d%s%s", ps->id, before.roll, after.roll,
                   after.leaving > before.leaving ? " (one finishes the task in hand first)" : "", where);
    return true;
}

/* A trainer's step (with its argument) on entity `index` of pane `pane`
 * and, with all_panes, on the entity with the same id in each other pane:
 * whether any of them took. */
typedef bool pane_step_fn(lv_session *s, int pane, int index, int arg);
typedef int find_id_fn(const mdl_model *m, const char *id);

static bool step_panes(lv_session *s, int pane, int index, const char *id, bool all_panes, pane_step_fn *step,
                       find_id_fn *find, int arg) {
    bool any = step(s, pane, index, arg);
    for (int q = 0; all_panes && q < s->npanes; q++) {
        int i2 = q == pane ? -1 : find(s->pane[q].model, id);
        if (i2 >= 0)
            any = step(s, q, i2, arg) || any;
    }
    return any;
}

static bool station_step(lv_session *s, int pane, int st, int a) { return act_on_station(s, pane, st, (lv_action)a); }

static bool act_on_pool(lv_session *s, lv_action a, int pane, int pool, bool all_panes) {
    const mdl_model *m = s->pane[pane].model;
    if (pool >= mdl_model_pool_count(m))
        return false;
    int dir = a == LV_ACT_ADD_PERSON ? +1 : -1;
    return step_panes(s, pane, pool, mdl_model_pool(m, pool)->id, all_panes, pool_roll_step, mdl_model_find_pool,
                      dir);
}

bool lv_session_act(lv_session *s, lv_action a, int pane, int target, bool all_panes) {
    if (!has_pane(s, pane) || target < 0)
        return false;
    s->actions++; /* the KPI caches are due (lv_session_sync_due) */
    if (a == LV_ACT_ADD_PERSON || a == LV_ACT_REMOVE_PERSON)
        return act_on_pool(s, a, pane, target, all_panes);
    const mdl_model *m = s->pane[pane].model;
    if (a == LV_ACT_FLEET_FASTER || a == LV_ACT_FLEET_SLOWER) {
        int dir = a == LV_ACT_FLEET_FASTER ? +1 : -1;
        if (target >= mdl_model_fleet_count(m))
            return false;
        return step_panes(s, pane, target, mdl_model_fleet(m, target)->id, all_panes, fleet_speed_step,
                          mdl_model_find_fleet, dir);
    }
    if (target >= mdl_model_station_count(m))
        return false;
    /* LV_ACT_NEXT_MODE: the choice is the session's, made once */
    return step_panes(s, pane, target, station_id(m, target), all_panes && a != LV_ACT_NEXT_MODE, station_step,
                      mdl_model_find_station, (int)a);
}

/* ---- event log ----------------------------------------------------------- */

void lv_session_log(lv_session *s, int pane, lv_log_level level, const char *fmt, ...) {
    char text[sizeof s->log[0].text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    double t = has_pane(s, pane) && s->pane[pane].run ? mdl_run_now(s->pane[pane].run) : s->now;
    /* Several calendars switching at one instant log one line each; show
     * the change once. */
    for (int i = s->log_count - 1; i >= 0 && i >= s->log_count - 4; i--) {
        const lv_log_entry *e = &s->log[(s->log_first + i) % LV_LOG_CAP];
        if (e->t != t)
            break;
        if (e->pane == pane && e->level == level && strcmp(e->text, text) == 0)
            return;
    }
    int slot;
    if (s->log_count < LV_LOG_CAP) {
        slot = (s->log_first + s->log_count) % LV_LOG_CAP;
        s->log_count++;
    } else {
        slot = s->log_first;
        s->log_first = (s->log_first + 1) % LV_LOG_CAP;
    }
    lv_log_entry *e = &s->log[slot];
    e->t = t;
    e->pane = pane;
    e->level = level;
    memcpy(e->text, text, sizeof e->text);
}

int lv_session_log_count(const lv_session *s) {
    return s->log_count;
}

const char *lv_session_log_line(const lv_session *s, int i, double *time, lv_log_level *level,
                                int *pane) {
    if (i < 0 || i >= s->log_count)
        return NULL;
    const lv_log_entry *e = &s->log[(s->log_first + i) % LV_LOG_CAP];
    if (time)
        *time = e->t;
    if (level)
        *level = e->level;
    if (pane)
        *pane = e->pane;
    return e->text;
}
