/*
 * mdl_run_life.c - a run's life: create (mdl_run_new), advance
 * (mdl_run_until, with the stall watch), fail (mdl__run_fail and the
 * protected calls) and free. The event core is mdl_run_lean.c
 * (mdl_run_internal.h has the map).
 */
#include "mdl_run_internal.h"
#include "sim_block.h"
#include "sim_check.h"

/* ---- failure ----------------------------------------------------------------- */

void mdl__run_fail(mdl_run *r, const char *fmt, ...) {
    if (!r->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->error, sizeof r->error, fmt, ap);
        va_end(ap);
        r->failed = true;
    }
    if (r->armed) longjmp(r->fail_jmp, 1);
}

/* Out of memory in the middle of an event: a resource failure of the run,
 * not a bug and not bad input. The run fails with "out of memory"
 * (mdl_run_error) and the protected call around the event returns: every
 * public function that can reach an allocation of the run (mdl_run_new,
 * mdl_run_until, the trainer's actions) runs inside one, so the caller
 * gets a failed run, never a stop. One called outside would be a bug in
 * linetwin, which the invariant check reports (sim_check.h). */
_Noreturn void mdl__run_oom(mdl_run *r) {
    SIM_CHECK(r->armed, "out of memory outside a protected call (a public function of the run that allocates "
                        "must run inside mdl__run_protected)");
    mdl__run_fail(r, "out of memory");
    longjmp(r->fail_jmp, 1); /* (mdl__run_fail has jumped already: armed) */
}

bool mdl__run_protected(mdl_run *r, void (*fn)(mdl_run *, void *), void *arg) {
    if (r->failed) return false;
    if (r->armed) { /* already inside one */
        fn(r, arg);
        return true;
    }
    if (setjmp(r->fail_jmp)) {
        r->armed = false;
        return false;
    }
    r->armed = true;
    fn(r, arg);
    r->armed = false;
    return !r->failed;
}

double mdl__run_bad_sample(mdl_run *r, const char *what, const char *id, const char *key, double x) {
    mdl__run_fail(r, "%s '%s': %s: drew %g, which is not a finite time (the law's parameters are out of range)", what,
             id, key, x);
    return 0.0;
}

double mdl__run_checked(mdl_run *r, double x, const char *what, const char *id, const char *key) {
    return checked(r, x, what, id, key);
}

/* ---- small containers -------------------------------------------------------- */

bool mdl__ring_grow(struct mdl_run *r, ring *q) {
    uint32_t ncap = q->cap ? q->cap * 2 : 8;
    uint32_t *a = ncap > q->cap ? sim_world_realloc(r->w, NULL, (size_t)ncap * sizeof *a) : NULL;
    if (!a) return false;
    for (uint32_t i = 0; i < q->len; i++) a[i] = q->a[(q->head + i) & (q->cap - 1)];
    sim_world_realloc(r->w, q->a, 0);
    q->a = a;
    q->cap = ncap;
    q->head = 0;
    return true;
}

/* ---- lifecycle --------------------------------------------------------------- */

static uint64_t station_stream(const char *id, int purpose, int k) {
    return sim_rng_stream_id(id, ((uint64_t)1 << 40) | ((uint64_t)purpose << 24) | (uint64_t)(unsigned)k);
}

/* Maintenance hook: the engines of a station's servers (their first
 * events are scheduled here, at time 0, before anything else). */
static bool maint_new(mdl_run *r, station *s) {
    const mdl_station_spec *sp = s->spec;
    s->mts = calloc((size_t)s->nmax, sizeof *s->mts);
    if (!s->mts) return false;
    for (int j = 0; j < s->nmax; j++) {
        server *sv = &s->sv[j];
        sv->mt = &s->mts[j];
        if (!mdl__maint_init(sv->mt, sp->maint, &mdl__server_maint_hooks, r->m, r->w, sv, r->master,
                             station_stream(sp->id, STREAM_FAILURE, j), station_stream(sp->id, STREAM_PREDICT, j),
                             sv->active))
            return false;
    }
    return true;
}

static void maint_changed(void *owner) {
    server *sv = owner;
    mdl__server_refresh(sv);
    mdl__server_resume(sv);
}

static double maint_checked(void *owner, double x, const char *key) {
    server *sv = owner;
    return checked(sv->run, x, "station", sv->st->spec->id, key);
}

/* People hook: a failure mode's repair or a maintenance asks for a
 * technician (mdl__people_crew); none in a run without people. */
static bool maint_crew(void *owner, const char *skill, bool repair, double dur) {
    server *sv = owner;
    mdl_run *r = sv->run;
    return r->people && mdl__people_crew(r->people, sv->gid, sv->st->index, skill, repair, dur);
}

static void maint_crew_done(void *owner) {
    server *sv = owner;
    if (sv->run->people) mdl__people_repair_end(sv->run->people, sv->gid);
}

const mt_hooks mdl__server_maint_hooks = {maint_changed, maint_checked, maint_crew, maint_crew_done};

/* The run's tables by (product, station), by calendar and by order live
 * and die together: one block (sim_block.h), `cycle_tab` first. */
static void tables_layout(mdl_run *r, sim_block *b) {
    const mdl_model *m = r->m;
    SIM_BLOCK_PART(b, r->cycle_tab, m->nproducts * r->nst + 1);
    SIM_BLOCK_PART(b, r->mean_tab, m->nproducts * r->nst + 1);
    SIM_BLOCK_PART(b, r->cal_on, m->ncalendars + 1);
    SIM_BLOCK_PART(b, r->order_left, m->norders + 1);
    SIM_BLOCK_PART(b, r->order_entered, m->norders + 1);
}

void mdl_run_free(mdl_run *r) {
    if (!r) return;
    mdl__flow_free(r); /* assembly, batching and disassembly hook: before the stations go */
    /* The units and the rings grow through the world's allocator
     * (sim_world_realloc): they go back through it too. */
    for (int i = 0; i < r->nst; i++) {
        if (r->st[i].mts)
            for (int j = 0; j < r->st[i].nmax; j++) mdl__maint_fini(&r->st[i].mts[j]);
        free(r->st[i].mts);
        free(r->st[i].sv);
        sim_world_realloc(r->w, r->st[i].queue.a, 0);
        sim_world_realloc(r->w, r->st[i].waiters.a, 0);
    }
    free(r->st);
    free(r->all);
    free(r->src);
    sim_world_realloc(r->w, r->units, 0);
    if (r->step_tab) sim_world_realloc(r->w, r->step_tab, 0); /* step_base is in its block */
    free(r->cycle_tab); /* the tables' block */
    mdl__rt_fini(r);
    mdl__book_fini(&r->book);
    mdl__plan_run_free(r->plan);
    mdl__dispatch_env_fini(&r->disp);
    mdl__transport_free(r->transport);
    mdl__people_free(r->people);
    sim_world_free(r->w);
    free(r);
}

/* Station i and its servers at time 0. False: out of memory. */
static bool station_init(mdl_run *r, int i, double now) {
    const mdl_model *m = r->m;
    int np = m->nproducts;
    station *s = &r->st[i];
    const mdl_station_spec *sp = &m->stations[i];
    s->run = r;
    s->index = i;
    s->spec = sp;
    s->buffer = sp->buffer;
    s->cycle = np > 0 ? r->cycle_tab[i] : NULL;
    for (int p = 1; p < np; p++)
        if (r->cycle_tab[p * r->nst + i] != s->cycle) s->cycle = NULL;
    s->calendar = sp->calendar >= 0 ? sp->calendar : m->line_calendar;
    s->off = s->calendar >= 0 && !r->cal_on[s->calendar];
    s->unlimited = -1;
    s->kanban_in = s->kanban_out = -1; /* set by mdl__rt_init */
    s->operating_failures = sp->has_failures && sp->failure_clock == MDL_FAIL_OPERATING;
    s->has_standby = sp->standby_after >= 0.0;
    s->plain_refresh = !s->operating_failures && !s->has_standby && !sp->maint;
    s->quality_draws = sp->kind == MDL_STATION_INSPECTION || sp->scrap > 0.0 || sp->scrap + sp->defect > 0.0;
    int k = sp->servers;
    s->nmax = k * 2 > k + 8 ? k * 2 : k + 8;
    s->nslots = k;
    s->sv = calloc((size_t)s->nmax, sizeof *s->sv);
    if (!s->sv) return false;
    sim_rng_seed(&s->cycle_rng, r->master, station_stream(sp->id, STREAM_CYCLE, 0));
    if (s->cycle) s->cycle_next = checked(r, sim_dist_sample(s->cycle, &s->cycle_rng), "station", sp->id, "cycle");
    sim_rng_seed(&s->setup_rng, r->master, station_stream(sp->id, STREAM_SETUP, 0));
    sim_rng_seed(&s->quality_rng, r->master, station_stream(sp->id, STREAM_QUALITY, 0));
    sim_timeavg_init(&s->qlen, now, 0.0);
    sim_timeavg_init(&s->offta, now, s->off ? 1.0 : 0.0);
    sim_mean_reset(&s->wait);
    for (int j = 0; j < s->nmax; j++) {
        server *sv = &s->sv[j];
        sv->st = s;
        sv->run = r;
        sv->index = j;
        sv->gid = r->nall;
        r->all[r->nall++] = sv;
        sv->unit = NO_UNIT;
        sv->phase = PH_IDLE;
        sv->last_product = -1;
        sv->batch_share = 1.0;
        sv->active = j < k;
        sim_ledger_init(&sv->ledger, now, STATE_NONE);
        sim_rng_seed(&sv->fail_rng, r->master, station_stream(sp->id, STREAM_FAILURE, j));
    }
    if (sp->maint && !maint_new(r, s)) return false; /* maintenance hook */
    return true;
}

mdl_run *mdl_run_new(const mdl_model *m, const mdl_run_settings *settings, uint32_t replication) {
    return mdl_run_new_recorded(m, settings, replication, NULL, NULL);
}

mdl_run *mdl_run_new_recorded(const mdl_model *m, const mdl_run_settings *settings, uint32_t replication,
                              mdl_record_fn *records, void *records_ctx) {
    mdl_run *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->rec = records; /* before time 0: the set-up's records are in the stream */
    r->rec_ctx = records_ctx;
    r->logging = records != NULL;
    r->m = m;
    r->products = m->products;
    r->set = settings ? *settings : m->run;
    r->rep = replication;
    {
        sim_rng t;
        sim_rng_seed(&t, r->set.seed, 0x7265706C69636174ull ^ (uint64_t)replication);
        r->master = sim_rng_next(&t);
    }
    r->w = sim_world_new();
    r->nst = m->nstations;
    int np = m->nproducts;
    r->st = calloc((size_t)(r->nst ? r->nst : 1), sizeof *r->st);
    r->nsrc = m->nreleases + np; /* + one order pseudo-source per product */
    r->src = calloc((size_t)(r->nsrc ? r->nsrc : 1), sizeof *r->src);
    sim_block tables = {0};
    tables_layout(r, &tables);
    tables.base = calloc(1, tables.size);
    tables.size = 0;
    tables_layout(r, &tables); /* (every table NULL when the block is) */
    r->ufree = NO_UNIT;
    if (!r->w || !r->st || !r->src || !r->cycle_tab) {
        mdl_run_free(r);
        return NULL;
    }
    for (int p = 0; p < np; p++)
        for (int s = 0; s < r->nst; s++) {
            const sim_dist *d = mdl__cycle(m, p, s);
            r->cycle_tab[p * r->nst + s] = d;
            r->mean_tab[p * r->nst + s] = d ? sim_dist_mean(d) : 0.0;
        }
    if (!mdl__book_init(&r->book, m, r->set.horizon) || !mdl__dispatch_env_init(&r->disp, m, r->mean_tab, r->nst) ||
        !mdl__plan_run_new(r)) {
        mdl_run_free(r);
        return NULL;
    }

    int total = 0;
    for (int i = 0; i < r->nst; i++) {
        int k = m->stations[i].servers;
        int nmax = k * 2 > k + 8 ? k * 2 : k + 8;
        total += nmax;
    }
    r->all = calloc((size_t)(total ? total : 1), sizeof *r->all);
    if (!r->all) {
        mdl_run_free(r);
        return NULL;
    }
    double now = 0.0;
    for (int c = 0; c < m->ncalendars; c++) r->cal_on[c] = mdl_model_calendar_on(m, c, 0.0);
    for (int i = 0; i < r->nst; i++)
        if (!station_init(r, i, now)) {
            mdl_run_free(r);
            return NULL;
        }
    sim_timeavg_init(&r->wip, now, 0.0);
    sim_tally_reset(&r->lead);
    if (m->routing && !mdl__rt_init(r)) { /* families, flexible steps, kanban */
        mdl_run_free(r);
        return NULL;
    }

    /* The rest draws, schedules and releases: a failure there leaves a
     * failed run (mdl_run_error), which the caller frees. */
    mdl__run_protected(r, mdl__run_start, NULL);
    if (!r->failed && sim_world_out_of_memory(r->w)) mdl__run_fail(r, "out of memory");
    return r;
}

/* ---- advancing ------------------------------------------------------------- */

/* The kernel runs in slices of SLICE_EVENTS events: between two, the run
 * reports progress and watches the clock. STALL_SLICES slices in a row in
 * which the clock moves by less than 1e-12 of the horizon (a million
 * events: at that pace the run would take 1e17 events) are a loop in zero
 * time (durations of 0, or too small to move the clock: t + dt == t,
 * exp(1e-300s)), which would otherwise never end and, with arrivals, fill
 * the memory. Slicing changes no result (sim_world_run_until_max). */
#define SLICE_EVENTS ((uint64_t)1 << 18)
#define STALL_SLICES 4u

/* The trace hook of one more event when time stood still: who fires. */
typedef struct stall_probe {
    sim_event_fn *fn;
    void *subject;
} stall_probe;

static void stall_trace(void *ctx, const sim_world *w, double time, sim_event_fn *fn, void *subject, void *object) {
    (void)w, (void)time, (void)object;
    stall_probe *p = ctx;
    p->fn = fn;
    p->subject = subject;
}

static NOINLINE void fail_stalled(mdl_run *r) {
    double now = NOW(r);
    stall_probe p = {NULL, NULL};
    sim_world_set_trace(r->w, stall_trace, &p);
    sim_world_step(r->w);
    sim_world_set_trace(r->w, NULL, NULL);
    char who[160];
    mdl__run_event_who(r, p.fn, p.subject, who, sizeof who);
    mdl__run_fail(r, "%s repeat without simulated time moving (%llu events near t = %g s): a duration is 0 or too small "
                "to move the clock",
             who, (unsigned long long)(SLICE_EVENTS * STALL_SLICES), now);
}

static void run_until_body(mdl_run *r, void *arg) {
    double t = *(const double *)arg;
    for (;;) {
        double before = NOW(r);
        sim_run_status st = mdl__run_slice(r, t, sim_world_fired(r->w) + SLICE_EVENTS);
        if (sim_world_out_of_memory(r->w)) mdl__run_oom(r);
        if (st != SIM_RUN_LIMIT) break;
        r->stalled_slices = NOW(r) - before <= 1e-12 * r->set.horizon ? r->stalled_slices + 1 : 0;
        if (r->stalled_slices >= STALL_SLICES) fail_stalled(r);
        if (r->progress && !r->progress(r->progress_ctx, NOW(r), r->set.horizon)) break;
    }
}

void mdl_run_until(mdl_run *r, double t) {
    if (t > r->set.horizon) t = r->set.horizon;
    if (r->failed || t < sim_world_now(r->w)) return;
    mdl__run_protected(r, run_until_body, &t);
}

bool mdl_run_to_end(mdl_run *r, mdl_rep_result *out) {
    mdl_run_until(r, r->set.horizon);
    if (r->failed) return false;
    mdl_run_result(r, out);
    return true;
}

const char *mdl_run_error(const mdl_run *r) { return r->failed ? r->error : NULL; }

void mdl_run_set_progress(mdl_run *r, mdl_run_progress_fn *fn, void *ctx) {
    r->progress = fn;
    r->progress_ctx = fn ? ctx : NULL;
}

void mdl_run_set_alloc(mdl_run *r, sim_alloc_fn *fn, void *ctx) { sim_world_set_alloc(r->w, fn, ctx); }

const mdl_model *mdl_run_model(const mdl_run *r) { return r->m; }
double mdl_run_now(const mdl_run *r) { return sim_world_now(r->w); }
double mdl_run_horizon(const mdl_run *r) { return r->set.horizon; }
double mdl_run_warmup(const mdl_run *r) { return r->set.warmup; }
double mdl_run_next_event(const mdl_run *r) { return sim_world_next_time(r->w); }
uint64_t mdl_run_events(const mdl_run *r) { return sim_world_fired(r->w); }

void mdl_run_set_log(mdl_run *r, mdl_log_fn *fn, void *ctx) {
    r->log = fn;
    r->log_ctx = ctx;
    run_update_lean(r);
}

/* ---- moved from mdl_run.c: what the time-zero start asks ---------------------- */

/* Does the model use none of the features that lean mode leaves out? */
bool mdl__model_is_lean(const mdl_run *r) {
    const mdl_model *m = r->m;
    if (r->transport || r->people) return false;
    for (int i = 0; i < r->nst; i++) {
        const station *s = &r->st[i];
        const mdl_station_spec *sp = s->spec;
        if (s->calendar >= 0 || sp->has_failures || sp->maint || s->has_standby || s->quality_draws || sp->has_setup ||
            sp->dispatch != MDL_DISPATCH_FIFO)
            return false;
    }
    /* Order batches (BATCH_BIT, ORDER_TOKEN) are handled on the general path only. */
    return m->nsetups == 0 && m->norders == 0 && !m->routing;
}



/* The sources (releases), and the order pseudo-sources: one per product,
 * released by on_order. */
void mdl__start_sources(mdl_run *r) {
    const mdl_model *m = r->m;
    int np = m->nproducts;
    for (int i = 0; i < r->nsrc; i++) {
        source *so = &r->src[i];
        so->run = r;
        so->index = i;
        if (i < m->nreleases) {
            so->rel = &m->releases[i];
            so->product = so->rel->product;
            so->kind = so->rel->kind;
            const char *pid = m->products[so->rel->product].id;
            sim_rng_seed(&so->rng, r->master,
                         sim_rng_stream_id(pid, ((uint64_t)2 << 40) | (uint64_t)so->rel->index_for_product));
        }
    }
    for (int p = 0; p < np; p++) {
        source *so = &r->src[m->nreleases + p];
        so->rel = NULL;
        so->product = p;
        so->kind = MDL_RELEASE_PUSH;
    }
}
