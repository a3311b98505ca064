/*
 * mdl_run.c - one replication: units flowing through stations on the kernel.
 *
 * Structure. Every server is a small state machine (phase: idle, setup,
 * busy, blocked) with three overriding conditions (its station off shift,
 * down after a breakdown, broken by hand). server_refresh() is the single
 * place that turns phase and conditions into (a) the ledger state, charging
 * the time spent in the previous one, (b) the pending completion event,
 * pausing or resuming the remaining work, and (c) the operating-time failure
 * clock. Everything else changes a phase or a condition and calls it, so the
 * ledger cannot drift from what the server is doing.
 *
 * Units are referred to by index into a pool that may move when it grows:
 * never keep a unit pointer across a call that can release a unit.
 *
 * Speed. The hand-over path (completion, next station, next start) runs
 * for nearly every event; its steps are inlined into the completion event
 * (HOT), and compiled twice: a lean copy for runs that use no shifts,
 * breakdowns, setups, quality draws, rules, transport or log (`lean`
 * below), and the general one. bench/bench_line measures it
 * (bench/README.md); every optimisation here keeps every number the same.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_internal.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"
#include "sim_ledger.h"
#include "sim_rng.h"
#include "sim_stats.h"
#include "sim_world.h"
#include "sim_units.h"

/* Material handling (mdl_transport.h) lives in mdl_transport*.c, mdl_agv*.c,
 * mdl_robot.c and mdl_conveyor.c. This file knows it only through the
 * hooks marked "transport hook": each is behind `r->transport`, NULL when the model
 * has no fleet, robot or conveyor, so such a run takes exactly the paths
 * (and draws exactly the random numbers) it took before. */
#define NO_UNIT UINT32_MAX
#define BACKLOG_BIT 0x80000000u
#define XFER_BIT 0x40000000u /* waiter is a transport token (mdl__transport_granted) */
/* Units of an order are made only as they are needed, so that a legal order
 * of 1e8 units does not create 1e8 unit objects at once. The units of order
 * o not yet made wait as one entry: in a waiters ring ORDER_TOKEN | o (its
 * backlog in front of the line), in a queue BATCH_BIT | o (units released
 * into an unlimited buffer). r->order_left[o] counts them. */
#define ORDER_TOKEN (BACKLOG_BIT | XFER_BIT)
#define BATCH_BIT 0x80000000u
#define STATE_NONE SIM_LEDGER_NONE /* an inactive server charges nothing */
_Static_assert(MDL_STATE_COUNT <= SIM_LEDGER_MAX, "a server ledger holds every mdl_state");
#define PRIO_WARMUP (-32768)
/* PH_ROBOT: waiting for or being served by the robot that tends the
 * station (load before the operation, unload after); ledger `blocked`. */
enum { PH_IDLE = 0, PH_SETUP, PH_BUSY, PH_BLOCKED, PH_ROBOT };
enum { STREAM_CYCLE = 1, STREAM_SETUP, STREAM_QUALITY, STREAM_FAILURE, STREAM_SOURCE };

typedef struct unit {
    uint64_t serial;
    double released;
    double enq;
    double due;
    int32_t product;
    int32_t step;
    int32_t source;
    uint8_t defective;
    uint8_t ever_defective;
    uint8_t reworked;
    uint8_t in_line;
    uint8_t live;    /* allocated (not on the free list) */
    uint8_t reworks; /* times sent back by an inspection (capped by max_rework) */
    uint16_t defect_from; /* 1 + the station whose operation made it defective; 0: none or unknown */
    uint32_t next_free;
} unit;

typedef struct ring {
    uint32_t *a;
    uint32_t cap; /* power of two, or 0 */
    uint32_t head;
    uint32_t len;
} ring;

struct station;

typedef struct server {
    struct station *st;
    struct mdl_run *run;     /* st->run, one load nearer */
    struct station *next_st; /* where the unit goes after this operation (NULL: out of the line) */
    double ideal_op;         /* mean cycle time of this operation (performance) */
    int index;
    int gid;
    uint32_t unit;
    uint8_t phase;
    bool down;
    bool hand_down;
    bool active;
    bool retiring;
    bool standby;
    bool in_waiters;
    bool transport_wait;   /* blocked on a transport entry (out-point, belt) */
    bool robot_unload; /* PH_ROBOT: unloading (else loading) */
    uint8_t robot_next; /* PH_ROBOT while loading: the phase after the load */
    bool robot_unloaded; /* PH_ROBOT: unloaded while the station was stopped; hand on at resume */
    int next_step;
    int last_product;
    double remaining;
    double phase_end;
    double op_total;
    uint64_t done_ev;
    uint64_t fail_ev;
    uint64_t repair_ev;
    uint64_t standby_ev;
    double ttf_left;
    double run_since;
    sim_ledger ledger; /* time in each mdl_state; STATE_NONE while inactive */
    sim_rng fail_rng;
} server;

typedef struct station {
    struct mdl_run *run;
    int index;
    const mdl_station_spec *spec;
    long buffer; /* spec->buffer, one load nearer on every hand-over */
    const sim_dist *cycle; /* the cycle time law when every product has the same here, else NULL */
    double cycle_next;     /* with cycle: its next draw, made one operation ahead */
    int calendar;
    server *sv;
    int nmax;
    int nslots; /* servers [0, nslots) may be active: the hot loops stop there */
    ring queue;
    long qextra;  /* units of the order batches in the queue beyond one per entry */
    ring waiters; /* blocked upstream servers (gid) and backlog units (BACKLOG_BIT | unit) */
    sim_timeavg qlen;
    sim_timeavg offta;
    sim_mean wait;
    sim_rng cycle_rng, setup_rng, quality_rng;
    bool off;
    bool hand_broken;
    int unlimited; /* release index of an unlimited source feeding this station, or -1 */
    int reserved;  /* room promised to a transport that is unloading (0 without transport) */
    bool operating_failures; /* failures by operating time: server_refresh runs their clock */
    bool has_standby;        /* idle servers go to standby after spec->standby_after */
    bool quality_draws;      /* an operation's outcome depends on a quality draw */
    bool plain_refresh;      /* neither of the two above: see server_refresh */
    uint64_t done, good_done, failures_win, failures_total;
    uint64_t defects_found; /* operations counted good here whose defect an inspection rejected later */
    double ideal_done;
} station;

typedef struct source {
    struct mdl_run *run;
    int index;
    int product;
    mdl_release_kind kind;
    const mdl_release *rel; /* NULL for the order pseudo-sources */
    sim_rng rng;
    long count;
} source;

struct mdl_run {
    const mdl_model *m;
    const mdl_product *products; /* m->products */
    sim_world *w;
    mdl_run_settings set;
    uint32_t rep;
    uint64_t master;
    station *st;
    int nst;
    server **all;
    int nall;
    source *src;
    int nsrc;
    unit *units;
    uint32_t ucap;
    uint32_t ufree;
    uint64_t next_serial;
    const sim_dist **cycle_tab;
    double *mean_tab;
    bool *cal_on;
    /* line statistics over the window */
    double win_start;
    long wip_now;
    sim_timeavg wip;
    sim_tally lead;
    sim_loghist lead_hist;
    uint64_t released, out_good, out_fpy, out_defective, scrapped, defect_num, finished;
    uint64_t due_units, on_time;
    uint64_t rework_capped; /* units scrapped at an inspection's rework cap */
    long *order_left;       /* per order: units not yet made into unit objects */
    double *order_entered;  /* per order: when its batch entered the first buffer */
    mdl_log_fn *log;
    void *log_ctx;
    tr_run *transport; /* material handling, NULL when the model has none */
    bool lean_model; /* see `lean` below: what the model never uses */
    bool trained;    /* a trainer action has changed the run */
    bool lean;       /* lean_model, no log, never trained */
    /* Failure (mdl_run_error): out of memory, or a sample that is not a
     * finite number, inside an event cannot return through the kernel's
     * call. As Lua's luaD_throw does, mdl__run_fail jumps back to the
     * public entry that armed fail_jmp (run_protected); the run is dead
     * from then on, and only freeing it is allowed. */
    jmp_buf fail_jmp;
    bool armed;
    bool failed;
    char error[200];
    unsigned stalled_slices; /* consecutive event slices without the clock moving */
    mdl_run_progress_fn *progress;
    void *progress_ctx;
};

/* The steps of a hand-over (completion, next station, start of the next
 * operation) are small functions for reading; at this size the compiler
 * keeps them as calls, and on the 5-station line the calls' entry and exit
 * cost as much as their work. HOT marks the ones inlined into the event
 * actions. The recursion (a start pulls in a blocked upstream unit, which
 * may start there; it tops up an unlimited supply) stays a call at
 * station_pull and release_unit (and station_start_queued outside lean
 * runs, see below). */
#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#else
#define HOT static inline
#define NOINLINE
#endif

/* `lean`, a parameter of the hot steps, is true when the run is known to
 * use none of: shifts, breakdowns (by time or by hand), standby, setups,
 * quality draws, dispatching rules, material handling, changed server
 * counts, the MES log. Then no server is ever stopped, every server in
 * [0, nslots) is active, and each check for those features is false.
 * The event actions pick the copy by r->lean and the steps pass it on as
 * a constant, so the compiler drops the checks from the lean copy; both
 * copies keep all the same state, so a run can leave lean mode (a log or
 * a trainer action) at any event. */

/* ---- small containers ----------------------------------------------------- */

/* Growing is rare (the rings reach their working size within the first
 * units), so it stays out of line and the push that every hand-over makes
 * is a few instructions. */
static bool ring_grow(struct mdl_run *r, ring *q) {
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

static inline void ring_push(struct mdl_run *r, ring *q, uint32_t v) {
    if (q->len == q->cap && !ring_grow(r, q)) mdl__run_oom(r);
    q->a[(q->head + q->len) & (q->cap - 1)] = v;
    q->len++;
}

static inline uint32_t ring_at(const ring *q, uint32_t i) { return q->a[(q->head + i) & (q->cap - 1)]; }

/* Removes element i, keeping the order of the others. */
static inline uint32_t ring_remove(ring *q, uint32_t i) {
    uint32_t v = ring_at(q, i);
    if (i == 0) {
        q->head = (q->head + 1) & (q->cap - 1);
    } else {
        for (uint32_t k = i; k + 1 < q->len; k++)
            q->a[(q->head + k) & (q->cap - 1)] = q->a[(q->head + k + 1) & (q->cap - 1)];
    }
    q->len--;
    return v;
}

/* Records the run's failure (the first one wins) and, when a protected
 * call is running, jumps out of it. Returns only when none is (a sample
 * drawn while the run is set up): the caller then goes on with a harmless
 * value, and the run never starts. */
static void run_fail(mdl_run *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void run_fail(mdl_run *r, const char *fmt, ...) {
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
 * not a bug and not bad input. Outside a protected call it cannot be
 * survived (the caller needs the memory): that would be a bug here. */
static NOINLINE _Noreturn void run_oom(mdl_run *r) {
    run_fail(r, "out of memory");
    fprintf(stderr, "%s:%d: %s: out of memory outside a protected call\n", __FILE__, __LINE__, __func__);
    abort();
}

void mdl__run_oom(mdl_run *r) { run_oom(r); }

/* Runs fn(r, arg) so that a failure inside returns here (false) instead of
 * unwinding through the kernel; luaD_rawrunprotected in Lua. */
static bool run_protected(mdl_run *r, void (*fn)(mdl_run *, void *), void *arg) {
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

/* A sample that is not a finite number cannot come from a law that
 * sim_dist_check accepted; should one get through, the run fails with a
 * message, rather than scheduling at NaN (an abort) or clamping it to 0
 * (time standing still). */
static NOINLINE double bad_sample(mdl_run *r, const char *what, const char *id, const char *key, double x) {
    run_fail(r, "%s '%s': %s: drew %g, which is not a finite time (the law's parameters are out of range)", what,
             id, key, x);
    return 0.0;
}

static inline double checked(mdl_run *r, double x, const char *what, const char *id, const char *key) {
    return fabs(x) <= DBL_MAX ? x : bad_sample(r, what, id, key, x);
}

double mdl__run_checked(mdl_run *r, double x, const char *what, const char *id, const char *key) {
    return checked(r, x, what, id, key);
}

static inline unit *U(mdl_run *r, uint32_t i) { return &r->units[i]; }
static inline double NOW(const mdl_run *r) { return sim_world_now(r->w); }

static inline void logev(mdl_run *r, mdl_log_kind k, int si, uint32_t u) {
    if (r->log) r->log(r->log_ctx, NOW(r), k, si, u == NO_UNIT ? 0 : r->units[u].serial);
}

HOT uint32_t unit_alloc(mdl_run *r) {
    if (r->ufree == NO_UNIT) {
        uint32_t old = r->ucap, ncap = old ? old * 2 : 256;
        /* Indices stay below the token bits (XFER_BIT, BACKLOG_BIT). */
        unit *u = ncap <= XFER_BIT ? sim_world_realloc(r->w, r->units, (size_t)ncap * sizeof *u) : NULL;
        if (!u) run_oom(r);
        for (uint32_t i = old; i < ncap; i++) {
            u[i].next_free = i + 1 < ncap ? i + 1 : NO_UNIT;
            u[i].live = 0;
        }
        r->units = u;
        r->ucap = ncap;
        r->ufree = old;
    }
    uint32_t i = r->ufree;
    r->ufree = r->units[i].next_free;
    return i;
}

HOT void unit_free(mdl_run *r, uint32_t i) {
    r->units[i].live = 0;
    r->units[i].next_free = r->ufree;
    r->ufree = i;
}

/* Makes the next unit of order oi, which entered the line at `entered`. */
static uint32_t order_unit(mdl_run *r, int oi, double entered) {
    const mdl_order *o = &r->m->orders[oi];
    uint32_t ui = unit_alloc(r);
    unit *u = U(r, ui);
    memset(u, 0, sizeof *u);
    u->live = 1;
    u->serial = ++r->next_serial;
    u->product = o->product;
    u->source = r->m->nreleases + o->product; /* the order pseudo-source of its product */
    u->due = o->due;
    u->released = entered;
    u->enq = entered;
    u->in_line = 1;
    return ui;
}

/* ---- forward declarations ------------------------------------------------ */

HOT void station_dispatch(station *s, bool lean);
HOT void station_pull(station *s, bool lean);
HOT void server_refresh(server *sv, bool lean);
HOT void server_after_op(server *sv, bool lean);
HOT void release_unit(mdl_run *r, int src, double due, bool lean);
static bool order_batchable(const station *s);
static void order_batch(mdl_run *r, station *s, int oi);
static void order_enter(mdl_run *r, station *s, int oi);
static void on_done(sim_world *w, void *subject, void *object);
static void on_fail(sim_world *w, void *subject, void *object);
static void on_repair(sim_world *w, void *subject, void *object);
static void on_standby(sim_world *w, void *subject, void *object);
HOT void op_complete(server *sv, bool lean);

/* ---- ledger ---------------------------------------------------------------- */

static inline bool server_stopped(const server *sv) {
    return sv->st->off || sv->down || sv->hand_down;
}

static inline bool server_can_start(const server *sv, bool lean) {
    return sv->phase == PH_IDLE && (lean || (sv->active && !sv->retiring && !server_stopped(sv)));
}

/* Ledger state of a working server by phase (not off, down or broken). */
static const uint8_t phase_state[] = {
    [PH_IDLE] = MDL_STATE_IDLE,       [PH_SETUP] = MDL_STATE_SETUP, [PH_BUSY] = MDL_STATE_BUSY,
    [PH_BLOCKED] = MDL_STATE_BLOCKED, [PH_ROBOT] = MDL_STATE_BLOCKED,
};

/* The completion event exists exactly while the operation progresses: it
 * is scheduled for the remaining work, or cancelled keeping what is left. */
static inline void sync_done_event(server *sv, sim_world *w, double now, bool progressing) {
    if (progressing) {
        if (!sv->done_ev) {
            sv->phase_end = now + sv->remaining;
            sv->done_ev = sim_event_schedule(w, sv->phase_end, 0, on_done, sv, NULL);
        }
    } else if (sv->done_ev) {
        sim_event_cancel(w, sv->done_ev);
        sv->done_ev = 0;
        sv->remaining = sv->phase_end - now;
        if (sv->remaining < 0.0) sv->remaining = 0.0;
    }
}

static void server_refresh_general(server *sv) {
    station *s = sv->st;
    sim_world *w = s->run->w;
    double now = sim_world_now(w);
    bool stopped = server_stopped(sv);
    bool working = sv->phase == PH_SETUP || sv->phase == PH_BUSY;
    bool progressing = working && !stopped;

    sync_done_event(sv, w, now, progressing);

    if (s->operating_failures) {
        if (progressing && !sv->fail_ev && !sv->down) {
            sv->run_since = now;
            sv->fail_ev = sim_event_schedule(w, now + sv->ttf_left, 0, on_fail, sv, NULL);
        } else if (!progressing && sv->fail_ev) {
            sim_event_cancel(w, sv->fail_ev);
            sv->fail_ev = 0;
            sv->ttf_left -= now - sv->run_since;
            if (sv->ttf_left < 0.0) sv->ttf_left = 0.0;
        }
    }

    int st;
    if (!sv->active)
        st = STATE_NONE;
    else if (s->off)
        st = MDL_STATE_OFF;
    else if (sv->down || sv->hand_down)
        st = MDL_STATE_DOWN;
    else
        st = phase_state[sv->phase];

    /* Standby exists only where the station asks for it: elsewhere no
     * standby event is ever pending and sv->standby stays false. */
    if (s->has_standby) {
        if (st == MDL_STATE_IDLE && sv->standby) st = MDL_STATE_STANDBY;
        if (st == MDL_STATE_IDLE && !sv->standby_ev)
            sv->standby_ev = sim_event_schedule(w, now + s->spec->standby_after, 0, on_standby, sv, NULL);
        if (st != MDL_STATE_IDLE && st != MDL_STATE_STANDBY) {
            if (sv->standby_ev) {
                sim_event_cancel(w, sv->standby_ev);
                sv->standby_ev = 0;
            }
            sv->standby = false;
        }
    }

    sim_ledger_set(&sv->ledger, now, st);
}

/* Most calls find the server active and not stopped, at a station
 * without an operating-time failure clock or standby: then only the
 * completion event and the ledger state can change, and this inline copy
 * of the general case does exactly that (the caller usually knows the
 * phase, so it folds further). Everything else takes the general path. */
HOT void server_refresh(server *sv, bool lean) {
    station *s = sv->st;
    if (!lean && (!s->plain_refresh || !sv->active || s->off || sv->down || sv->hand_down)) {
        server_refresh_general(sv);
        return;
    }
    sim_world *w = s->run->w;
    double now = sim_world_now(w);
    int phase = sv->phase;
    sync_done_event(sv, w, now, phase == PH_SETUP || phase == PH_BUSY);
    int st = phase_state[phase];
    sim_ledger_set(&sv->ledger, now, st);
}

static void on_standby(sim_world *w, void *subject, void *object) {
    (void)w, (void)object;
    server *sv = subject;
    sv->standby_ev = 0;
    if (sv->active && sv->phase == PH_IDLE && !server_stopped(sv)) {
        sv->standby = true;
        server_refresh(sv, false);
    }
}

/* ---- buffers ------------------------------------------------------------- */

static inline bool station_has_idle(const station *s, bool lean) {
    for (int i = 0; i < s->nslots; i++)
        if (server_can_start(&s->sv[i], lean)) return true;
    return false;
}

/* Room for one more unit, ignoring anyone already waiting. Room promised
 * to an unloading vehicle (reserved, transport hook) counts as taken. */
HOT bool station_has_room(const station *s, bool lean) {
    long reserved = lean ? 0 : s->reserved; /* only transport reserves */
    if (s->buffer < 0) return true;
    long queued = (long)s->queue.len + (lean ? 0 : s->qextra); /* order batches: never in lean runs */
    if (queued + reserved < s->buffer) return true;
    return s->queue.len == 0 && reserved == 0 && station_has_idle(s, lean);
}

/* May a newcomer enter now? Not while others wait: they go first. */
HOT bool station_accepts_new(const station *s, bool lean) {
    return s->waiters.len == 0 && station_has_room(s, lean);
}

/* Picks the queue position to serve next under the station's rule. */
static uint32_t pick_from_queue(const station *s) {
    mdl_dispatch rule = s->spec->dispatch;
    if (rule == MDL_DISPATCH_FIFO || s->queue.len < 2) return 0;
    const mdl_run *r = s->run;
    uint32_t best = 0;
    double best_key = INFINITY;
    for (uint32_t i = 0; i < s->queue.len; i++) {
        uint32_t v = ring_at(&s->queue, i);
        int product;
        double due;
        if (v & BATCH_BIT) {
            const mdl_order *o = &r->m->orders[v & ~BATCH_BIT];
            product = o->product;
            due = o->due;
        } else {
            product = r->units[v].product;
            due = r->units[v].due;
        }
        double key;
        if (rule == MDL_DISPATCH_EDD)
            key = due >= 0.0 ? due : INFINITY;
        else if (rule == MDL_DISPATCH_SPT)
            key = r->mean_tab[product * r->nst + s->index];
        else
            key = -(double)r->m->products[product].priority;
        if (key < best_key) { /* strict: FIFO among equals */
            best_key = key;
            best = i;
        }
    }
    return best;
}

/* The next cycle time at station s for product p. Where the law does not
 * depend on the product, the draw is made one operation ahead: the value
 * an operation uses is the same (the same stream, drawn in the same
 * order), but its logarithm is no longer on the path from a completion to
 * the scheduling of the next one. */
HOT double cycle_draw(station *s, int p) {
    mdl_run *r = s->run;
    if (!s->cycle)
        return checked(r, sim_dist_sample(r->cycle_tab[p * r->nst + s->index], &s->cycle_rng), "station",
                       s->spec->id, "cycle");
    double d = s->cycle_next;
    s->cycle_next = checked(r, sim_dist_sample(s->cycle, &s->cycle_rng), "station", s->spec->id, "cycle");
    return d;
}

/* Begins the operation on unit ui, which has just left the buffer (or
 * gone straight to the machine). */
HOT void server_begin(server *sv, uint32_t ui, bool lean) {
    station *s = sv->st;
    mdl_run *r = sv->run;
    sv->unit = ui;
    int p = U(r, ui)->product;
    /* Where the unit goes next, and the ideal time of this operation: read
     * now, so that the completion starts from the server's own fields
     * rather than from a chain of loads (unit, product, route, station). */
    const mdl_product *pp = &r->products[p];
    int next_step = U(r, ui)->step + 1;
    sv->next_st = next_step < pp->nsteps ? &r->st[pp->route[next_step]] : NULL;
    sv->ideal_op = r->mean_tab[p * r->nst + s->index];
    const sim_dist *setup = NULL;
    if (!lean && sv->last_product >= 0 && sv->last_product != p)
        setup = mdl__setup(r->m, s->index, sv->last_product, p);
    sv->last_product = p;
    double d = setup ? checked(r, sim_dist_sample(setup, &s->setup_rng), "station", s->spec->id, "setup")
                     : cycle_draw(s, p);
    sv->phase = setup ? PH_SETUP : PH_BUSY;
    sv->remaining = d < 0.0 ? 0.0 : d;
    sv->op_total = sv->remaining;
    if (!lean && r->transport && mdl__transport_tended(r->transport, s->index)) { /* transport hook: robot loads first */
        sv->robot_next = sv->phase;
        sv->phase = PH_ROBOT;
        sv->robot_unload = false;
        mdl__transport_robot_request(r->transport, s->index, sv->gid, true);
    }
    if (!lean) logev(r, MDL_LOG_START, s->index, ui);
    server_refresh(sv, lean);
    /* A unit left the buffer: top up an unlimited supply, then let blocked
     * upstream servers and waiting releases in. */
    if (s->unlimited >= 0 && s->queue.len == 0) release_unit(r, s->unlimited, -1.0, lean);
    if (s->waiters.len) station_pull(s, lean);
}

/* Takes the next unit out of the buffer and begins its operation. */
HOT void server_start(server *sv, bool lean) {
    station *s = sv->st;
    mdl_run *r = s->run;
    double now = NOW(r);
    uint32_t ui;
    if (lean) {
        ui = ring_remove(&s->queue, 0);
    } else {
        uint32_t at = pick_from_queue(s);
        ui = ring_at(&s->queue, at);
        if (ui & BATCH_BIT) { /* the next unit of an order batch is made now */
            int oi = (int)(ui & ~BATCH_BIT);
            ui = order_unit(r, oi, r->order_entered[oi]);
            if (--r->order_left[oi] == 0)
                ring_remove(&s->queue, at);
            else
                s->qextra--;
        } else {
            ring_remove(&s->queue, at);
        }
    }
    sim_timeavg_set(&s->qlen, now, (double)s->queue.len + (double)(lean ? 0 : s->qextra));
    sim_mean_add(&s->wait, now - U(r, ui)->enq);
    server_begin(sv, ui, lean);
}

/* Starts queued units on the servers [from, nslots) that can take one. */
HOT void start_queued(station *s, int from, bool lean) {
    for (int i = from; i < s->nslots && s->queue.len > 0; i++)
        if (server_can_start(&s->sv[i], lean)) server_start(&s->sv[i], lean);
}

/* The general copy stays out of line (the recursion of a hand-over goes
 * through a call here, and through station_pull and release_unit); the
 * lean copy, whose recursion goes through those two, is inlined into the
 * completion event. */
NOINLINE static void start_queued_all(station *s, int from) { start_queued(s, from, false); }

HOT void station_start_queued(station *s, int from, bool lean) {
    if (lean)
        start_queued(s, from, true);
    else
        start_queued_all(s, from);
}

/* Called after every change at a station, and mostly finds nothing to
 * do: the checks stay inline, the work out of line. */
HOT void station_dispatch(station *s, bool lean) {
    if (s->queue.len && station_has_idle(s, lean)) station_start_queued(s, 0, lean);
    /* An idle server with an empty buffer is room too (buffer = 0 means
     * "only the machine"): let a blocked upstream unit in. */
    if (s->waiters.len) station_pull(s, lean);
}

/* A unit arrives in the buffer. If the buffer is empty and a server can
 * start, the unit goes straight to the machine: this is what pushing it,
 * dispatching and popping it again would do, without touching the buffer.
 * Its wait is exactly 0, and the queue length stays 0, so its time
 * average adds 0 x (time since the last change) either way. */
HOT void unit_enter(station *s, uint32_t ui, bool lean) {
    mdl_run *r = s->run;
    double now = NOW(r);
    /* The servers first: on a busy line the answer is mostly "none free",
     * and that branch predicts better than "is the buffer empty". */
    bool none_free = true;
    for (int i = 0; i < s->nslots; i++) {
        if (!server_can_start(&s->sv[i], lean)) continue;
        none_free = false;
        if (s->queue.len) break;
        sim_mean_add(&s->wait, 0.0);
        server_begin(&s->sv[i], ui, lean);
        if (s->queue.len) station_start_queued(s, i + 1, lean);
        if (s->waiters.len) station_pull(s, lean);
        return;
    }
    U(r, ui)->enq = now;
    ring_push(s->run, &s->queue, ui);
    sim_timeavg_set(&s->qlen, now, (double)s->queue.len + (double)(lean ? 0 : s->qextra));
    if (none_free) { /* station_dispatch, knowing that no server can start */
        if (s->waiters.len) station_pull(s, lean);
    } else {
        station_dispatch(s, lean);
    }
}

/* ---- leaving the line -------------------------------------------------------- */

HOT void line_unit_out(mdl_run *r, uint32_t ui, bool lean) {
    double now = NOW(r);
    r->wip_now--;
    sim_timeavg_set(&r->wip, now, (double)r->wip_now);
    int src = U(r, ui)->source;
    unit_free(r, ui);
    if (src >= 0 && r->src[src].kind == MDL_RELEASE_CONWIP) release_unit(r, src, -1.0, lean);
}

HOT void unit_exit(mdl_run *r, uint32_t ui, bool lean) {
    double now = NOW(r);
    unit *u = U(r, ui);
    r->finished++;
    if (u->ever_defective) r->defect_num++;
    if (!u->defective) {
        double lt = now - u->released;
        r->out_good++;
        sim_tally_add(&r->lead, lt);
        sim_loghist_add(&r->lead_hist, lt);
        if (!u->reworked) r->out_fpy++;
        if (u->due >= 0.0) {
            r->due_units++;
            if (now <= u->due) r->on_time++;
        }
    } else {
        r->out_defective++;
    }
    if (!lean) logev(r, MDL_LOG_EXIT, -1, ui);
    line_unit_out(r, ui, lean);
}

static void unit_scrap(mdl_run *r, uint32_t ui, int si) {
    r->scrapped++;
    r->finished++;
    if (U(r, ui)->ever_defective) r->defect_num++;
    logev(r, MDL_LOG_SCRAP, si, ui);
    line_unit_out(r, ui, false);
}

/* ---- moving on --------------------------------------------------------------- */

/* Takes an idle server out of service (trainer action): it no longer
 * fails, and a repair under way is dropped with the breakdown. */
static void server_deactivate(server *sv) {
    sim_world *w = sv->st->run->w;
    sv->active = false;
    sv->retiring = false;
    if (sv->fail_ev) {
        sim_event_cancel(w, sv->fail_ev);
        sv->fail_ev = 0;
    }
    if (sv->repair_ev) {
        sim_event_cancel(w, sv->repair_ev);
        sv->repair_ev = 0;
        sv->down = false;
    }
}

/* The server gives up its unit and becomes idle (or retires). */
HOT void server_free(server *sv, bool lean) {
    sv->unit = NO_UNIT;
    sv->phase = PH_IDLE;
    if (!lean && sv->retiring) server_deactivate(sv);
    server_refresh(sv, lean);
}

/* Hands the finished unit of a server to its next station (or the sink). */
HOT void server_handoff(server *sv, station *next, bool lean) {
    mdl_run *r = sv->st->run;
    uint32_t ui = sv->unit;
    U(r, ui)->step = sv->next_step;
    server_free(sv, lean);
    unit_enter(next, ui, lean);
    station_dispatch(sv->st, lean);
}

HOT void server_after_op(server *sv, bool lean) {
    station *s = sv->st;
    mdl_run *r = sv->run;
    uint32_t ui = sv->unit;
    station *next;
    if (lean) {
        next = sv->next_st;
    } else {
        const mdl_product *p = &r->products[U(r, ui)->product];
        next = sv->next_step < p->nsteps ? &r->st[p->route[sv->next_step]] : NULL;
    }
    if (!next) {
        server_free(sv, lean);
        unit_exit(r, ui, lean);
        station_dispatch(s, lean);
        return;
    }
    if (!lean && r->transport && mdl__transport_mode(r->transport, U(r, ui)->product, s->index) != MDL_TRANSPORT_DIRECT) {
        /* Transport hook: the unit leaves by vehicle or belt when its entry
         * (out-point, belt entry) has room; else the server blocks until the
         * transport calls mdl__run_entry_retry. */
        U(r, ui)->step = sv->next_step;
        /* Blocked and waiting before the offer: if the entry serves others
         * first, a stopped one among them lets this server pass inside the
         * offer (mdl__run_entry_retry), which then frees it itself. */
        sv->phase = PH_BLOCKED;
        sv->transport_wait = true;
        server_refresh(sv, false);
        if (mdl__transport_offer(r->transport, sv->gid, ui, U(r, ui)->product, s->index, next->index)) {
            sv->transport_wait = false;
            server_free(sv, false);
            station_dispatch(s, false);
        }
        return;
    }
    if (station_accepts_new(next, lean)) {
        server_handoff(sv, next, lean);
    } else {
        sv->phase = PH_BLOCKED;
        sv->in_waiters = true;
        ring_push(next->run, &next->waiters, (uint32_t)sv->gid);
        server_refresh(sv, lean);
    }
}

/* Lets waiting upstream servers and backlog releases in, first come first. */
HOT void pull(station *s, bool lean) {
    mdl_run *r = s->run;
    for (;;) {
        if (s->waiters.len == 0 || !station_has_room(s, lean)) return;
        /* The first waiter able to move goes: a blocked server that is down
         * or off shift keeps its place but lets the next one pass. */
        uint32_t pick = UINT32_MAX;
        for (uint32_t i = 0; i < s->waiters.len; i++) {
            uint32_t v = ring_at(&s->waiters, i);
            if (v & (BACKLOG_BIT | XFER_BIT)) {
                pick = i;
                break;
            }
            const server *up = r->all[v];
            if (lean || !server_stopped(up)) {
                pick = i;
                break;
            }
        }
        if (pick == UINT32_MAX) return;
        uint32_t v = ring_at(&s->waiters, pick);
        if (!lean && (v & ORDER_TOKEN) == ORDER_TOKEN) { /* the backlog of an order: its next unit */
            int oi = (int)(v & ~ORDER_TOKEN);
            if (order_batchable(s)) { /* all of it goes to the buffer at once */
                ring_remove(&s->waiters, pick);
                order_batch(r, s, oi);
                continue;
            }
            if (--r->order_left[oi] == 0) ring_remove(&s->waiters, pick);
            order_enter(r, s, oi);
            continue;
        }
        ring_remove(&s->waiters, pick);
        if (v & BACKLOG_BIT) {
            uint32_t ui = v & ~BACKLOG_BIT;
            double now = NOW(r);
            unit *u = U(r, ui);
            u->released = now;
            u->in_line = 1;
            r->released++;
            r->wip_now++;
            sim_timeavg_set(&r->wip, now, (double)r->wip_now);
            if (!lean) logev(r, MDL_LOG_RELEASE, s->index, ui);
            unit_enter(s, ui, lean);
        } else if (!lean && (v & XFER_BIT)) { /* transport hook: a vehicle or belt end gets the room */
            s->reserved++;
            mdl__transport_granted(r->transport, v & ~XFER_BIT);
        } else {
            server *up = r->all[v];
            up->in_waiters = false;
            server_handoff(up, s, lean);
        }
    }
}

/* ---- orders ------------------------------------------------------------------ */

/* Would the next unit entering s go to its buffer (not straight to a server),
 * with room for any number of units there? Then an order's units may enter
 * as one batch. Not with a log, which names each unit as it is released. */
static bool order_batchable(const station *s) {
    return s->buffer < 0 && !s->run->log && !s->reserved &&
           (s->queue.len > 0 || !station_has_idle(s, false));
}

/* The units of order oi not yet made (r->order_left) enter the buffer of s
 * as one entry, made into units one by one as servers take them. */
static void order_batch(mdl_run *r, station *s, int oi) {
    double now = NOW(r);
    long n = r->order_left[oi];
    r->order_entered[oi] = now;
    r->released += (uint64_t)n;
    r->wip_now += n;
    sim_timeavg_set(&r->wip, now, (double)r->wip_now);
    ring_push(r, &s->queue, BATCH_BIT | (uint32_t)oi);
    s->qextra += n - 1;
    sim_timeavg_set(&s->qlen, now, (double)s->queue.len + (double)s->qextra);
    /* What unit_enter does after queueing a unit no server can take. */
    if (s->waiters.len) station_pull(s, false);
}

/* One unit of order oi enters the line at s (its first station), now. */
static void order_enter(mdl_run *r, station *s, int oi) {
    double now = NOW(r);
    uint32_t ui = order_unit(r, oi, now);
    r->released++;
    r->wip_now++;
    sim_timeavg_set(&r->wip, now, (double)r->wip_now);
    logev(r, MDL_LOG_RELEASE, s->index, ui);
    unit_enter(s, ui, false);
}

NOINLINE static void pull_lean(station *s) { pull(s, true); }
NOINLINE static void pull_all(station *s) { pull(s, false); }

HOT void station_pull(station *s, bool lean) {
    if (lean)
        pull_lean(s);
    else
        pull_all(s);
}

/* ---- events ------------------------------------------------------------------ */

/* A server's setup or operation ends. */
HOT void done(server *sv, bool lean) {
    station *s = sv->st;
    mdl_run *r = sv->run;
    sv->done_ev = 0;
    uint32_t ui = sv->unit;
    int prod = U(r, ui)->product;
    if (!lean && sv->phase == PH_SETUP) {
        sv->phase = PH_BUSY;
        sv->remaining = cycle_draw(s, prod);
        if (sv->remaining < 0.0) sv->remaining = 0.0;
        sv->op_total = sv->remaining;
        server_refresh(sv, false);
        return;
    }
    if (!lean && r->transport && mdl__transport_tended(r->transport, s->index)) { /* transport hook: the robot unloads first */
        sv->phase = PH_ROBOT;
        sv->robot_unload = true;
        server_refresh(sv, false);
        mdl__transport_robot_request(r->transport, s->index, sv->gid, false);
        return;
    }
    op_complete(sv, lean);
}

static void on_done(sim_world *w, void *subject, void *object) {
    (void)w, (void)object;
    server *sv = subject;
    if (sv->run->lean)
        done(sv, true);
    else
        done(sv, false);
}

/* Judges a finished unit by the quality draw q: scrap, defects and
 * inspection. False when the unit left the line (scrapped here). */
static bool op_judge(server *sv, double q) {
    station *s = sv->st;
    mdl_run *r = s->run;
    uint32_t ui = sv->unit;
    const mdl_station_spec *sp = s->spec;
    unit *u = U(r, ui);
    if (sp->kind == MDL_STATION_INSPECTION) {
        bool reject = u->defective ? q < sp->detect : q < sp->false_reject;
        if (reject) {
            logev(r, MDL_LOG_REJECT, s->index, ui);
            /* The operation that made the defect was not good after all:
             * it counts against its station's quality from now on. */
            if (u->defective && u->defect_from) r->st[u->defect_from - 1].defects_found++;
            /* A unit sent back max_rework times already is scrapped: with
             * defects made at every pass it would loop for ever. */
            bool capped = sp->reject == MDL_REJECT_REWORK && u->reworks >= sp->max_rework;
            if (capped) r->rework_capped++;
            if (sp->reject == MDL_REJECT_SCRAP || capped) {
                server_free(sv, false);
                unit_scrap(r, ui, s->index);
                station_dispatch(s, false);
                return false;
            }
            /* Rework: back to the last earlier step at the rework station,
             * where the defect is repaired. */
            const mdl_product *p = &r->m->products[u->product];
            int back = -1;
            for (int i = u->step - 1; i >= 0; i--)
                if (strcmp(r->m->stations[p->route[i]].id, sp->rework_to) == 0) {
                    back = i;
                    break;
                }
            u->defective = 0;
            u->defect_from = 0;
            u->reworked = 1;
            u->reworks++;
            sv->next_step = back;
        } else {
            s->good_done++;
        }
    } else if (q < sp->scrap) {
        u->ever_defective = 1;
        server_free(sv, false);
        unit_scrap(r, ui, s->index);
        station_dispatch(s, false);
        return false;
    } else {
        if (q < sp->scrap + sp->defect) {
            if (!u->defective && s->index < UINT16_MAX) u->defect_from = (uint16_t)(s->index + 1);
            u->defective = 1;
            u->ever_defective = 1;
        }
        s->good_done++;
    }
    return true;
}

/* The operation of a server is complete (and its unit unloaded). */
HOT void op_complete(server *sv, bool lean) {
    station *s = sv->st;
    mdl_run *r = sv->run;
    uint32_t ui = sv->unit;
    s->done++;
    s->ideal_done += sv->ideal_op;
    sv->next_step = U(r, ui)->step + 1;
    /* The operation is complete: decide quality with one draw, always, so
     * that the stream stays aligned whatever the outcome. Where neither
     * scrap, defects nor inspection can follow from the draw (q < 0 is
     * never true) the stream is never read: skipping it changes no number,
     * here or at any other station. */
    if (!lean && s->quality_draws) {
        double q = sim_rng_u01(&s->quality_rng);
        logev(r, MDL_LOG_FINISH, s->index, ui);
        if (!op_judge(sv, q)) return;
    } else {
        if (!lean) logev(r, MDL_LOG_FINISH, s->index, ui);
        s->good_done++;
    }
    server_after_op(sv, lean);
}

static void on_fail(sim_world *w, void *subject, void *object) {
    (void)object;
    server *sv = subject;
    station *s = sv->st;
    sv->fail_ev = 0;
    sv->down = true;
    s->failures_win++;
    s->failures_total++;
    logev(s->run, MDL_LOG_DOWN, s->index, NO_UNIT);
    double ttr = checked(s->run, sim_dist_sample(&s->spec->mttr, &sv->fail_rng), "station", s->spec->id, "mttr");
    if (s->spec->failure_clock == MDL_FAIL_OPERATING)
        sv->ttf_left = checked(s->run, sim_dist_sample(&s->spec->mtbf, &sv->fail_rng), "station", s->spec->id, "mtbf");
    sv->repair_ev = sim_event_after(w, ttr > 0.0 ? ttr : 0.0, 0, on_repair, sv, NULL);
    server_refresh(sv, false);
}

/* A server can work again: start, or hand on a blocked unit. */
static void server_resume(server *sv) {
    station *s = sv->st;
    if (server_stopped(sv)) return;
    if (sv->phase == PH_ROBOT && sv->robot_unloaded) { /* transport hook */
        sv->robot_unloaded = false;
        op_complete(sv, false);
    } else if (sv->phase == PH_IDLE) {
        station_dispatch(s, false);
    } else if (sv->phase == PH_BLOCKED && sv->in_waiters) {
        const mdl_product *p = &s->run->m->products[s->run->units[sv->unit].product];
        station_pull(&s->run->st[p->route[sv->next_step]], false);
    } else if (sv->phase == PH_BLOCKED && sv->transport_wait) { /* transport hook */
        mdl__transport_poke(s->run->transport, s->run->units[sv->unit].product, s->index);
    }
}

static void on_repair(sim_world *w, void *subject, void *object) {
    (void)object;
    server *sv = subject;
    station *s = sv->st;
    sv->repair_ev = 0;
    sv->down = false;
    logev(s->run, MDL_LOG_UP, s->index, NO_UNIT);
    if (s->spec->failure_clock == MDL_FAIL_CALENDAR) {
        double ttf = checked(s->run, sim_dist_sample(&s->spec->mtbf, &sv->fail_rng), "station", s->spec->id, "mtbf");
        sv->fail_ev = sim_event_after(w, ttf > 0.0 ? ttf : 0.0, 0, on_fail, sv, NULL);
    }
    server_refresh(sv, false);
    server_resume(sv);
}

static void station_set_off(station *s, bool off) {
    if (s->off == off) return;
    mdl_run *r = s->run;
    s->off = off;
    sim_timeavg_set(&s->offta, NOW(r), off ? 1.0 : 0.0);
    for (int i = 0; i < s->nmax; i++) server_refresh(&s->sv[i], false);
    if (!off)
        for (int i = 0; i < s->nmax; i++) server_resume(&s->sv[i]);
}

/* A shift ends after whatever completes at that instant (an operation that
 * ends exactly at shift end is done, not paused with nothing left), and
 * starts before anything else happens at its instant. */
static int shift_priority(bool on_after) { return on_after ? 1 : -1; }

static void on_shift(sim_world *w, void *subject, void *object) {
    mdl_run *r = subject;
    int cal = (int)(intptr_t)object;
    double now = sim_world_now(w);
    bool on = !r->cal_on[cal];
    r->cal_on[cal] = on;
    logev(r, on ? MDL_LOG_SHIFT_ON : MDL_LOG_SHIFT_OFF, -1, NO_UNIT);
    for (int i = 0; i < r->nst; i++)
        if (r->st[i].calendar == cal) station_set_off(&r->st[i], !on);
    bool after;
    double next = mdl__calendar_next(r->m, cal, now, on, &after);
    if (isfinite(next)) sim_event_schedule(w, next, shift_priority(after), on_shift, r, object);
}

/* ---- release ----------------------------------------------------------------- */

HOT void release(mdl_run *r, int src, double due, bool lean) {
    int prod = r->src[src].product;
    uint32_t ui = unit_alloc(r);
    unit *u = U(r, ui);
    memset(u, 0, sizeof *u);
    u->live = 1;
    u->serial = ++r->next_serial;
    u->product = prod;
    u->source = src;
    u->step = 0;
    u->due = due;
    station *first = &r->st[r->products[prod].route[0]];
    if (station_accepts_new(first, lean)) {
        double now = NOW(r);
        u->released = now;
        u->in_line = 1;
        r->released++;
        r->wip_now++;
        sim_timeavg_set(&r->wip, now, (double)r->wip_now);
        if (!lean) logev(r, MDL_LOG_RELEASE, first->index, ui);
        unit_enter(first, ui, lean);
    } else {
        ring_push(r, &first->waiters, BACKLOG_BIT | ui);
    }
}

NOINLINE static void release_lean(mdl_run *r, int src, double due) { release(r, src, due, true); }
NOINLINE static void release_all(mdl_run *r, int src, double due) { release(r, src, due, false); }

/* Releases a unit of source src into the line (or its backlog). */
HOT void release_unit(mdl_run *r, int src, double due, bool lean) {
    if (lean)
        release_lean(r, src, due);
    else
        release_all(r, src, due);
}

static void on_arrival(sim_world *w, void *subject, void *object) {
    (void)object;
    source *so = subject;
    mdl_run *r = so->run;
    so->count++;
    if (so->rel->limit == 0 || so->count < so->rel->limit) {
        double dt = checked(r, sim_dist_sample(&so->rel->interarrival, &so->rng), "release of",
                            r->products[so->product].id, "interarrival");
        sim_event_after(w, dt > 0.0 ? dt : 0.0, 0, on_arrival, so, NULL);
    }
    release_unit(r, so->index, -1.0, r->lean);
}

/* An order releases its quantity at once: the units enter the first
 * station while it takes them, the rest wait in its backlog as one entry
 * (ORDER_TOKEN), and where they would all wait in an unlimited buffer they
 * enter it as one batch (BATCH_BIT). Either way a unit object is made only
 * when the unit moves, so memory does not grow with the quantity; the
 * order of events and every number are those of releasing the units one
 * by one. Orders release through a pseudo-source per product (index >=
 * nreleases). */
static void on_order(sim_world *w, void *subject, void *object) {
    (void)w;
    mdl_run *r = subject;
    int oi = (int)(intptr_t)object;
    const mdl_order *o = &r->m->orders[oi];
    station *first = &r->st[r->products[o->product].route[0]];
    r->order_left[oi] = o->quantity;
    while (r->order_left[oi] > 0 && station_accepts_new(first, false)) {
        if (order_batchable(first)) {
            order_batch(r, first, oi);
            return;
        }
        r->order_left[oi]--;
        order_enter(r, first, oi);
    }
    if (r->order_left[oi] > 0) ring_push(r, &first->waiters, ORDER_TOKEN | (uint32_t)oi);
}

static void on_warmup(sim_world *w, void *subject, void *object) {
    (void)object;
    mdl_run *r = subject;
    double now = sim_world_now(w);
    r->win_start = now;
    for (int i = 0; i < r->nall; i++) {
        server *sv = r->all[i];
        sim_ledger_restart(&sv->ledger, now);
    }
    for (int i = 0; i < r->nst; i++) {
        station *s = &r->st[i];
        sim_timeavg_init(&s->qlen, now, s->qlen.value);
        sim_timeavg_reset(&s->offta, now);
        sim_mean_reset(&s->wait);
        s->done = s->good_done = s->failures_win = s->defects_found = 0;
        s->ideal_done = 0.0;
    }
    sim_timeavg_init(&r->wip, now, r->wip.value);
    sim_tally_reset(&r->lead);
    sim_loghist_reset(&r->lead_hist);
    r->released = r->out_good = r->out_fpy = r->out_defective = 0;
    r->scrapped = r->defect_num = r->finished = r->due_units = r->on_time = r->rework_capped = 0;
    if (r->transport) mdl__transport_warmup(r->transport, now); /* transport hook */
}

/* ---- lifecycle --------------------------------------------------------------- */

static void run_update_lean(mdl_run *r) { r->lean = r->lean_model && !r->log && !r->trained; }

/* Does the model use none of the features that lean mode leaves out? */
static bool model_is_lean(const mdl_run *r) {
    const mdl_model *m = r->m;
    if (r->transport) return false;
    for (int i = 0; i < r->nst; i++) {
        const station *s = &r->st[i];
        const mdl_station_spec *sp = s->spec;
        if (s->calendar >= 0 || sp->has_failures || s->has_standby || s->quality_draws || sp->has_setup ||
            sp->dispatch != MDL_DISPATCH_FIFO)
            return false;
    }
    /* Order batches (BATCH_BIT, ORDER_TOKEN) are handled on the general path only. */
    return m->nsetups == 0 && m->norders == 0;
}

static uint64_t station_stream(const char *id, int purpose, int k) {
    return sim_rng_stream_id(id, ((uint64_t)1 << 40) | ((uint64_t)purpose << 24) | (uint64_t)(unsigned)k);
}

void mdl_run_free(mdl_run *r) {
    if (!r) return;
    /* The units and the rings grow through the world's allocator
     * (sim_world_realloc): they go back through it too. */
    for (int i = 0; i < r->nst; i++) {
        free(r->st[i].sv);
        sim_world_realloc(r->w, r->st[i].queue.a, 0);
        sim_world_realloc(r->w, r->st[i].waiters.a, 0);
    }
    free(r->st);
    free(r->all);
    free(r->src);
    sim_world_realloc(r->w, r->units, 0);
    free(r->cycle_tab);
    free(r->mean_tab);
    free(r->cal_on);
    free(r->order_left);
    free(r->order_entered);
    mdl__transport_free(r->transport);
    sim_world_free(r->w);
    free(r);
}

/* The time-zero part of mdl_run_new: first failures, calendars,
 * transport, sources and time-zero releases. */
static void run_start(mdl_run *r, void *unused) {
    (void)unused;
    const mdl_model *m = r->m;
    int np = m->nproducts;
    /* Initial ledger states, and the first failures. */
    for (int i = 0; i < r->nall; i++) {
        server *sv = r->all[i];
        const mdl_station_spec *sp = sv->st->spec;
        if (sp->has_failures) {
            double ttf = checked(r, sim_dist_sample(&sp->mtbf, &sv->fail_rng), "station", sp->id, "mtbf");
            if (ttf < 0.0) ttf = 0.0;
            if (sp->failure_clock == MDL_FAIL_CALENDAR) {
                if (sv->active) sv->fail_ev = sim_event_schedule(r->w, ttf, 0, on_fail, sv, NULL);
            } else {
                sv->ttf_left = ttf;
            }
        }
        server_refresh(sv, false);
    }

    /* Calendars: the first change of each calendar in use. */
    for (int c = 0; c < m->ncalendars; c++) {
        bool after;
        double next = mdl__calendar_next(m, c, 0.0, r->cal_on[c], &after);
        if (isfinite(next)) sim_event_schedule(r->w, next, shift_priority(after), on_shift, r, (void *)(intptr_t)c);
    }

    /* Transport hook: fleets, robots and conveyors, before anything is
     * released (a time-zero start may already call a robot). */
    if (mdl_model_has_transport(m)) {
        r->transport = mdl__transport_new(r, m, r->w, r->master);
        if (!r->transport) run_oom(r);
    }

    /* Sources. */
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
    /* Order pseudo-sources: one per product, released by on_order. */
    for (int p = 0; p < np; p++) {
        source *so = &r->src[m->nreleases + p];
        so->rel = NULL;
        so->product = p;
        so->kind = MDL_RELEASE_PUSH;
    }
    if (r->set.warmup > 0.0)
        sim_event_schedule(r->w, r->set.warmup, PRIO_WARMUP, on_warmup, r, NULL);
    for (int i = 0; i < m->norders; i++)
        sim_event_schedule(r->w, m->orders[i].release, 0, on_order, r, (void *)(intptr_t)i);
    for (int i = 0; i < m->nreleases; i++) {
        source *so = &r->src[i];
        const mdl_release *rel = so->rel;
        if (rel->kind == MDL_RELEASE_PUSH) {
            double dt = checked(r, sim_dist_sample(&rel->interarrival, &so->rng), "release of",
                                m->products[rel->product].id, "interarrival");
            sim_event_schedule(r->w, rel->start + (dt > 0.0 ? dt : 0.0), 0, on_arrival, so, NULL);
        } else if (rel->kind == MDL_RELEASE_UNLIMITED) {
            station *first = &r->st[m->products[rel->product].route[0]];
            if (first->unlimited < 0) first->unlimited = i;
        }
    }
    r->lean_model = model_is_lean(r);
    r->lean = r->lean_model; /* no log yet, never trained */
    /* Time-zero releases happen in model order, after everything is set. */
    for (int i = 0; i < m->nreleases; i++) {
        const mdl_release *rel = r->src[i].rel;
        if (rel->kind == MDL_RELEASE_CONWIP) {
            for (int k = 0; k < rel->wip; k++) release_unit(r, i, -1.0, false);
        } else if (rel->kind == MDL_RELEASE_UNLIMITED) {
            station *first = &r->st[m->products[rel->product].route[0]];
            if (first->unlimited == i && first->queue.len == 0) release_unit(r, i, -1.0, false);
        }
    }
}

mdl_run *mdl_run_new(const mdl_model *m, const mdl_run_settings *settings, uint32_t replication) {
    mdl_run *r = calloc(1, sizeof *r);
    if (!r) return NULL;
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
    r->cycle_tab = calloc((size_t)(np * r->nst + 1), sizeof *r->cycle_tab);
    r->mean_tab = calloc((size_t)(np * r->nst + 1), sizeof *r->mean_tab);
    r->cal_on = calloc((size_t)(m->ncalendars + 1), sizeof *r->cal_on);
    r->order_left = calloc((size_t)(m->norders + 1), sizeof *r->order_left);
    r->order_entered = calloc((size_t)(m->norders + 1), sizeof *r->order_entered);
    r->ufree = NO_UNIT;
    if (!r->w || !r->st || !r->src || !r->cycle_tab || !r->mean_tab || !r->cal_on || !r->order_left ||
        !r->order_entered) {
        mdl_run_free(r);
        return NULL;
    }
    for (int p = 0; p < np; p++)
        for (int s = 0; s < r->nst; s++) {
            const sim_dist *d = mdl__cycle(m, p, s);
            r->cycle_tab[p * r->nst + s] = d;
            r->mean_tab[p * r->nst + s] = d ? sim_dist_mean(d) : 0.0;
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
    for (int i = 0; i < r->nst; i++) {
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
        s->operating_failures = sp->has_failures && sp->failure_clock == MDL_FAIL_OPERATING;
        s->has_standby = sp->standby_after >= 0.0;
        s->plain_refresh = !s->operating_failures && !s->has_standby;
        s->quality_draws = sp->kind == MDL_STATION_INSPECTION || sp->scrap > 0.0 || sp->scrap + sp->defect > 0.0;
        int k = sp->servers;
        s->nmax = k * 2 > k + 8 ? k * 2 : k + 8;
        s->nslots = k;
        s->sv = calloc((size_t)s->nmax, sizeof *s->sv);
        if (!s->sv) {
            mdl_run_free(r);
            return NULL;
        }
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
            sv->active = j < k;
            sim_ledger_init(&sv->ledger, now, STATE_NONE);
            sim_rng_seed(&sv->fail_rng, r->master, station_stream(sp->id, STREAM_FAILURE, j));
        }
    }
    sim_timeavg_init(&r->wip, now, 0.0);
    sim_tally_reset(&r->lead);

    /* The rest draws, schedules and releases: a failure there leaves a
     * failed run (mdl_run_error), which the caller frees. */
    run_protected(r, run_start, NULL);
    if (!r->failed && sim_world_out_of_memory(r->w)) run_fail(r, "out of memory");
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
    if (p.fn == on_arrival) {
        const source *so = p.subject;
        snprintf(who, sizeof who, "release of '%s': interarrival: arrivals", r->products[so->product].id);
    } else if (p.fn == on_done || p.fn == on_fail || p.fn == on_repair || p.fn == on_standby) {
        const server *sv = p.subject;
        snprintf(who, sizeof who, "station '%s': %s", sv->st->spec->id,
                 p.fn == on_done ? "operations" : p.fn == on_standby ? "standby" : "breakdowns and repairs");
    } else {
        snprintf(who, sizeof who, "%s", r->transport ? "material handling: moves" : "events");
    }
    run_fail(r, "%s repeat without simulated time moving (%llu events near t = %g s): a duration is 0 or too small "
                "to move the clock",
             who, (unsigned long long)(SLICE_EVENTS * STALL_SLICES), now);
}

static void run_until_body(mdl_run *r, void *arg) {
    double t = *(const double *)arg;
    for (;;) {
        double before = NOW(r);
        sim_run_status st = sim_world_run_until_max(r->w, t, sim_world_fired(r->w) + SLICE_EVENTS);
        if (sim_world_out_of_memory(r->w)) run_oom(r);
        if (st != SIM_RUN_LIMIT) break;
        r->stalled_slices = NOW(r) - before <= 1e-12 * r->set.horizon ? r->stalled_slices + 1 : 0;
        if (r->stalled_slices >= STALL_SLICES) fail_stalled(r);
        if (r->progress && !r->progress(r->progress_ctx, NOW(r), r->set.horizon)) break;
    }
}

void mdl_run_until(mdl_run *r, double t) {
    if (t > r->set.horizon) t = r->set.horizon;
    if (r->failed || t < sim_world_now(r->w)) return;
    run_protected(r, run_until_body, &t);
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

/* ---- results ---------------------------------------------------------------- */

bool mdl_rep_result_init(mdl_rep_result *res, const mdl_model *m) {
    memset(res, 0, sizeof *res);
    res->nstations = m->nstations;
    res->station = calloc((size_t)(m->nstations ? m->nstations : 1), sizeof *res->station);
    if (!res->station) return false;
    if (mdl_model_has_transport(m) && !mdl__transport_rep_init(res, m)) {
        mdl_rep_result_fini(res);
        return false;
    }
    return true;
}

void mdl_rep_result_fini(mdl_rep_result *res) {
    free(res->fleet);
    free(res->robot);
    free(res->conveyor);
    free(res->vehicle);
    res->fleet = res->robot = res->conveyor = res->vehicle = NULL;
    res->nfleets = res->nrobots = res->nconveyors = res->nvehicles = 0;
    free(res->station);
    res->station = NULL;
    res->nstations = 0;
}

static double ratio(double a, double b) { return b > 0.0 ? a / b : NAN; }

void mdl_run_result(const mdl_run *r, mdl_rep_result *out) {
    const mdl_model *m = r->m;
    double now = sim_world_now(r->w);
    double window = now - r->win_start;
    double hours = window / SIM_HOUR;
    out->window_s = window;
    out->events = sim_world_fired(r->w);
    double energy = 0.0, labor_h = 0.0, down_h = 0.0;
    int n = out->nstations < r->nst ? out->nstations : r->nst;
    for (int i = 0; i < r->nst; i++) {
        const station *s = &r->st[i];
        const mdl_station_spec *sp = s->spec;
        double acc[MDL_STATE_COUNT] = {0};
        for (int j = 0; j < s->nmax; j++) {
            const server *sv = &s->sv[j];
            sim_ledger_sum(&sv->ledger, now, acc, MDL_STATE_COUNT);
        }
        double total = 0.0, e = 0.0;
        for (int k = 0; k < MDL_STATE_COUNT; k++) {
            total += acc[k];
            e += sp->power[k] * acc[k];
        }
        e /= SIM_HOUR;
        energy += e;
        double off_share = sim_timeavg_mean(&s->offta, now);
        labor_h += sp->operators * hours * (1.0 - off_share);
        down_h += acc[MDL_STATE_DOWN] / SIM_HOUR;
        if (i >= n) continue;
        double *o = out->station[i];
        double scheduled = total - acc[MDL_STATE_OFF];
        double operating = scheduled - acc[MDL_STATE_DOWN];
        double avail = ratio(operating, scheduled);
        double perf = ratio(s->ideal_done, operating);
        /* Defects found later count against the station that made them (in
         * the window they are found: never below 0). */
        double good_ops = s->good_done > s->defects_found ? (double)(s->good_done - s->defects_found) : 0.0;
        double qual = s->done ? good_ops / (double)s->done : 1.0;
        o[MDL_SKPI_UTILIZATION] = ratio(acc[MDL_STATE_BUSY], total);
        o[MDL_SKPI_AVAILABILITY] = avail;
        o[MDL_SKPI_PERFORMANCE] = perf;
        o[MDL_SKPI_QUALITY] = qual;
        o[MDL_SKPI_OEE] = avail * perf * qual;
        o[MDL_SKPI_QUEUE_LEN] = sim_timeavg_mean(&s->qlen, now);
        o[MDL_SKPI_WAIT_S] = sim_mean_value(&s->wait);
        o[MDL_SKPI_ENERGY_KWH] = e;
        o[MDL_SKPI_STATE_BUSY] = ratio(acc[MDL_STATE_BUSY], total);
        o[MDL_SKPI_STATE_SETUP] = ratio(acc[MDL_STATE_SETUP], total);
        o[MDL_SKPI_STATE_IDLE] = ratio(acc[MDL_STATE_IDLE] + acc[MDL_STATE_STANDBY], total);
        o[MDL_SKPI_STATE_BLOCKED] = ratio(acc[MDL_STATE_BLOCKED], total);
        o[MDL_SKPI_STATE_DOWN] = ratio(acc[MDL_STATE_DOWN], total);
        o[MDL_SKPI_STATE_OFF] = ratio(acc[MDL_STATE_OFF], total);
        o[MDL_SKPI_STATE_STANDBY] = ratio(acc[MDL_STATE_STANDBY], total);
        o[MDL_SKPI_UNITS_DONE] = (double)s->done;
        o[MDL_SKPI_FAILURES] = (double)s->failures_win;
    }
    if (r->transport) energy += mdl__transport_result(r->transport, now, out); /* transport hook: vehicles, robots, belts */
    /* Fleet operators (people per vehicle, e.g. a manual cart's runner):
     * operators x vehicles over the hours of the window the line's calendar
     * is on (the whole window without a line calendar). */
    {
        double crew = 0.0;
        for (int f = 0; f < mdl_model_fleet_count(m); f++)
            crew += (double)mdl_model_fleet(m, f)->operators * mdl_model_fleet(m, f)->count;
        if (crew > 0.0) {
            double on_s = window;
            int lc = m->line_calendar;
            if (lc >= 0) {
                on_s = 0.0;
                double t = r->win_start;
                bool on = mdl_model_calendar_on(m, lc, t), after = on;
                while (t < now) {
                    double next = mdl__calendar_next(m, lc, t, on, &after);
                    double end = next < now ? next : now;
                    if (on) on_s += end - t;
                    t = end;
                    on = after;
                }
            }
            labor_h += crew * on_s / SIM_HOUR;
        }
    }
    const mdl_costs *c = &m->costs;
    double *k = out->kpi;
    double good = (double)r->out_good;
    k[MDL_KPI_THROUGHPUT_PER_H] = ratio(good, hours);
    k[MDL_KPI_UNITS_OUT] = good;
    k[MDL_KPI_LEAD_TIME_S] = sim_tally_mean(&r->lead);
    k[MDL_KPI_WIP] = sim_timeavg_mean(&r->wip, now);
    k[MDL_KPI_SCRAP_RATE] = ratio((double)r->scrapped, (double)r->scrapped + good);
    k[MDL_KPI_DEFECT_RATE] = ratio((double)r->defect_num, (double)r->finished);
    k[MDL_KPI_FIRST_PASS_YIELD] = ratio((double)r->out_fpy, good);
    /* Line OEE is measured at the constraint: availability and performance
     * of the bottleneck station (the one busy or in setup for the largest
     * share of its scheduled, on-shift time), times the line's quality (good units out over all units that
     * finished or were scrapped). Bounded by 1 whatever the routing. */
    {
        int b = -1;
        double best = -1.0;
        for (int i = 0; i < n; i++) {
            const double *o = out->station[i];
            double sched = 1.0 - o[MDL_SKPI_STATE_OFF];
            double load = sched > 0.0 ? (o[MDL_SKPI_STATE_BUSY] + o[MDL_SKPI_STATE_SETUP]) / sched : 0.0;
            if (load > best) {
                best = load;
                b = i;
            }
        }
        double qline = ratio(good, (double)r->finished);
        k[MDL_KPI_OEE] = b >= 0 ? out->station[b][MDL_SKPI_AVAILABILITY] *
                                      out->station[b][MDL_SKPI_PERFORMANCE] * qline
                                : NAN;
    }
    k[MDL_KPI_ENERGY_KWH] = energy;
    k[MDL_KPI_ENERGY_KWH_PER_UNIT] = ratio(energy, good);
    k[MDL_KPI_UNITS_RELEASED] = (double)r->released;
    k[MDL_KPI_UNITS_SCRAPPED] = (double)r->scrapped;
    k[MDL_KPI_DEFECTIVE_OUT] = (double)r->out_defective;
    k[MDL_KPI_LEAD_TIME_P95_S] = sim_loghist_quantile(&r->lead_hist, 0.95, r->lead.min, r->lead.max);
    /* Units with a due date still open at the end (in the line, in a
     * backlog, or not yet made) and already past due are late too. */
    {
        uint64_t late_open = 0;
        for (uint32_t i = 0; i < r->ucap; i++) {
            const unit *u = &r->units[i];
            if (u->live && u->due >= 0.0 && u->due < now) late_open++;
        }
        for (int o = 0; o < m->norders; o++)
            if (r->order_left[o] > 0 && m->orders[o].due >= 0.0 && m->orders[o].due < now)
                late_open += (uint64_t)r->order_left[o];
        k[MDL_KPI_ON_TIME_SHARE] = ratio((double)r->on_time, (double)(r->due_units + late_open));
    }
    k[MDL_KPI_UNITS_PER_KWH] = ratio(good, energy);
    k[MDL_KPI_REWORK_CAPPED] = (double)r->rework_capped;
    double ecost = energy * c->energy_per_kwh;
    double lcost = labor_h * c->labor_per_hour;
    double mcost = (double)r->released * c->material_per_unit;
    double total_cost = ecost + lcost + mcost + (double)r->scrapped * c->scrap_per_unit +
                        hours * c->overhead_per_hour + down_h * c->repair_per_hour;
    k[MDL_KPI_ENERGY_COST] = ecost;
    k[MDL_KPI_LABOR_COST] = lcost;
    k[MDL_KPI_MATERIAL_COST] = mcost;
    k[MDL_KPI_OPERATING_COST] = total_cost;
    k[MDL_KPI_COST_PER_UNIT] = ratio(total_cost, good);
}

/* ---- views ------------------------------------------------------------------ */

/* ---- transport hooks: the run as the material-handling code sees it ---- */

sim_world *mdl__run_world(mdl_run *r) { return r->w; }
tr_run *mdl__run_transport(const mdl_run *r) { return r->transport; }

bool mdl__run_reserve(mdl_run *r, int si, uint32_t token) {
    station *s = &r->st[si];
    if (station_accepts_new(s, false)) {
        s->reserved++;
        return true;
    }
    ring_push(r, &s->waiters, XFER_BIT | token);
    return false;
}

void mdl__run_deliver(mdl_run *r, int si, uint32_t ui) {
    station *s = &r->st[si];
    if (s->reserved <= 0) {
        fprintf(stderr, "%s:%d: %s: delivery to station '%s' without a reservation\n", __FILE__, __LINE__,
                __func__, s->spec->id);
        abort();
    }
    s->reserved--;
    unit_enter(s, ui, false);
    station_pull(s, false);
}

bool mdl__run_entry_retry(mdl_run *r, int gid) {
    server *sv = r->all[gid];
    if (!sv->transport_wait || server_stopped(sv)) return false;
    sv->transport_wait = false;
    server_after_op(sv, false);
    return true;
}

void mdl__run_robot_done(mdl_run *r, int gid, bool load) {
    server *sv = r->all[gid];
    if (sv->phase != PH_ROBOT || sv->robot_unload == load) {
        fprintf(stderr, "%s:%d: %s: robot task does not match the server's phase\n", __FILE__, __LINE__, __func__);
        abort();
    }
    if (load) {
        sv->phase = sv->robot_next;
        server_refresh(sv, false);
    } else if (server_stopped(sv)) {
        /* Off shift, down or broken: the unit is out of the machine but is
         * handed on (and judged) only when the station works again. */
        sv->robot_unloaded = true;
    } else {
        op_complete(sv, false);
    }
}

int mdl__run_unit_product(const mdl_run *r, uint32_t ui) { return r->units[ui].product; }

long mdl__run_station_content(const mdl_run *r, int si) {
    const station *s = &r->st[si];
    long n = (long)s->queue.len + s->qextra + s->reserved;
    for (int i = 0; i < s->nslots; i++)
        if (s->sv[i].unit != NO_UNIT) n++;
    return n;
}

static void fill_view(const mdl_run *r, uint32_t ui, mdl_unit_view *v);

void mdl__run_unit_view(const mdl_run *r, uint32_t ui, mdl_unit_view *v) { fill_view(r, ui, v); }

static const station *cst(const mdl_run *r, int s) {
    return s >= 0 && s < r->nst ? &r->st[s] : NULL;
}

static const server *csv(const mdl_run *r, int s, int k) {
    const station *st = cst(r, s);
    return st && k >= 0 && k < st->nmax ? &st->sv[k] : NULL;
}

int mdl_run_servers(const mdl_run *r, int si) {
    const station *s = cst(r, si);
    if (!s) return 0;
    int n = 0;
    for (int i = 0; i < s->nmax; i++)
        if (s->sv[i].active && !s->sv[i].retiring) n++;
    return n;
}

int mdl_run_max_servers(const mdl_run *r, int si) {
    const station *s = cst(r, si);
    return s ? s->nmax : 0;
}

mdl_state mdl_run_server_state(const mdl_run *r, int si, int server_i) {
    const server *sv = csv(r, si, server_i);
    if (!sv || sv->ledger.state == STATE_NONE) return MDL_STATE_IDLE;
    return (mdl_state)sv->ledger.state;
}

static void fill_view(const mdl_run *r, uint32_t ui, mdl_unit_view *v) {
    const unit *u = &r->units[ui];
    v->serial = u->serial;
    v->product = u->product;
    v->defective = u->defective;
    v->reworked = u->reworked;
    v->released = u->released;
}

bool mdl_run_server_unit(const mdl_run *r, int si, int server_i, mdl_unit_view *u) {
    const server *sv = csv(r, si, server_i);
    if (!sv || sv->unit == NO_UNIT) return false;
    if (u) fill_view(r, sv->unit, u);
    return true;
}

double mdl_run_server_progress(const mdl_run *r, int si, int server_i) {
    const server *sv = csv(r, si, server_i);
    if (!sv || (sv->phase != PH_BUSY && sv->phase != PH_SETUP))
        return sv && (sv->phase == PH_BLOCKED || (sv->phase == PH_ROBOT && sv->robot_unload)) ? 1.0 : 0.0;
    if (!(sv->op_total > 0.0)) return 1.0;
    double left = sv->done_ev ? sv->phase_end - sim_world_now(r->w) : sv->remaining;
    double p = 1.0 - left / sv->op_total;
    return p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
}

size_t mdl_run_queue_len(const mdl_run *r, int si) {
    const station *s = cst(r, si);
    return s ? (size_t)((long)s->queue.len + s->qextra) : 0;
}

bool mdl_run_queue_unit(const mdl_run *r, int si, size_t i, mdl_unit_view *u) {
    const station *s = cst(r, si);
    if (!s) return false;
    /* Units of an order batch are not made yet: each shows as a fresh unit
     * of the order (serial 0). */
    for (uint32_t k = 0; k < s->queue.len; k++) {
        uint32_t v = ring_at(&s->queue, k);
        size_t n = v & BATCH_BIT ? (size_t)r->order_left[v & ~BATCH_BIT] : 1;
        if (i >= n) {
            i -= n;
            continue;
        }
        if (!u) return true;
        if (v & BATCH_BIT) {
            int oi = (int)(v & ~BATCH_BIT);
            memset(u, 0, sizeof *u);
            u->product = r->m->orders[oi].product;
            u->released = r->order_entered[oi];
        } else {
            fill_view(r, v, u);
        }
        return true;
    }
    return false;
}

size_t mdl_run_units_live(const mdl_run *r) {
    size_t n = 0;
    for (uint32_t i = 0; i < r->ucap; i++) n += r->units[i].live;
    return n;
}

bool mdl_run_station_off(const mdl_run *r, int si) {
    const station *s = cst(r, si);
    return s ? s->off : false;
}

const char *mdl_run_shift_name(const mdl_run *r) {
    return mdl_model_shift_name(r->m, r->m->line_calendar, sim_world_now(r->w));
}

long mdl_run_wip_now(const mdl_run *r) { return r->wip_now; }

double mdl_run_power_now(const mdl_run *r) {
    double p = 0.0;
    for (int i = 0; i < r->nall; i++) {
        const server *sv = r->all[i];
        if (sv->ledger.state != STATE_NONE) p += sv->st->spec->power[sv->ledger.state];
    }
    return p;
}

uint64_t mdl_run_station_failures(const mdl_run *r, int si) {
    const station *s = cst(r, si);
    return s ? s->failures_total : 0;
}

/* ---- trainer actions --------------------------------------------------------- */

/* The trainer actions change the run outside mdl_run_until, so they run
 * protected too (run_protected): each checks its arguments, then calls
 * its body. */
typedef struct trainer_args {
    int station;
    int servers;
} trainer_args;

static void break_body(mdl_run *r, void *arg);
static void repair_body(mdl_run *r, void *arg);
static void set_servers_body(mdl_run *r, void *arg);

bool mdl_run_break_station(mdl_run *r, int station_i) {
    if (r->failed || station_i < 0 || station_i >= r->nst || r->st[station_i].hand_broken) return false;
    trainer_args a = {station_i, 0};
    return run_protected(r, break_body, &a);
}

bool mdl_run_repair_station(mdl_run *r, int station_i) {
    if (r->failed || station_i < 0 || station_i >= r->nst || !r->st[station_i].hand_broken) return false;
    trainer_args a = {station_i, 0};
    return run_protected(r, repair_body, &a);
}

bool mdl_run_set_servers(mdl_run *r, int station_i, int servers) {
    if (r->failed || station_i < 0 || station_i >= r->nst) return false;
    if (servers < 1 || servers > r->st[station_i].nmax) return false;
    trainer_args a = {station_i, servers};
    return run_protected(r, set_servers_body, &a);
}

static void break_body(mdl_run *r, void *arg) {
    station *s = &r->st[((const trainer_args *)arg)->station];
    r->trained = true;
    run_update_lean(r);
    s->hand_broken = true;
    s->failures_win++;
    s->failures_total++;
    logev(r, MDL_LOG_DOWN, s->index, NO_UNIT);
    for (int i = 0; i < s->nmax; i++) {
        s->sv[i].hand_down = true;
        server_refresh(&s->sv[i], false);
    }
}

static void repair_body(mdl_run *r, void *arg) {
    station *s = &r->st[((const trainer_args *)arg)->station];
    r->trained = true;
    run_update_lean(r);
    s->hand_broken = false;
    logev(r, MDL_LOG_UP, s->index, NO_UNIT);
    for (int i = 0; i < s->nmax; i++) {
        s->sv[i].hand_down = false;
        server_refresh(&s->sv[i], false);
    }
    for (int i = 0; i < s->nmax; i++) server_resume(&s->sv[i]);
}

static void set_servers_body(mdl_run *r, void *arg) {
    const trainer_args *a = arg;
    int station_i = a->station, servers = a->servers;
    station *s = &r->st[station_i];
    r->trained = true;
    run_update_lean(r);
    int cur = mdl_run_servers(r, station_i);
    double now = NOW(r);
    for (int i = 0; i < s->nmax && cur < servers; i++) {
        server *sv = &s->sv[i];
        if (sv->retiring) {
            sv->retiring = false;
            cur++;
        } else if (!sv->active) {
            sv->active = true;
            if (i + 1 > s->nslots) s->nslots = i + 1;
            sim_ledger_charge(&sv->ledger, now); /* inactive: charges nothing, restarts the clock */
            sv->hand_down = s->hand_broken;
            if (s->spec->has_failures && s->spec->failure_clock == MDL_FAIL_CALENDAR && !sv->fail_ev && !sv->down) {
                double ttf = checked(r, sim_dist_sample(&s->spec->mtbf, &sv->fail_rng), "station", s->spec->id, "mtbf");
                sv->fail_ev = sim_event_after(r->w, ttf > 0.0 ? ttf : 0.0, 0, on_fail, sv, NULL);
            }
            server_refresh(sv, false);
            cur++;
        }
    }
    for (int i = s->nmax - 1; i >= 0 && cur > servers; i--) {
        server *sv = &s->sv[i];
        if (!sv->active || sv->retiring) continue;
        if (sv->phase == PH_IDLE) {
            server_deactivate(sv);
            server_refresh(sv, false);
        } else {
            sv->retiring = true;
        }
        cur--;
    }
    station_dispatch(s, false);
    station_pull(s, false);
}
