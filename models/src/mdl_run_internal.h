/*
 * mdl_run_internal.h - the state of one replication, shared by the files
 * of the run (private to models/).
 *
 * mdl_run_lean.c is the event core: the hand-over path (completion, next
 * station, next start) and releases; mdl_run.c orders and the time-zero
 * start. Around them:
 * mdl_run_stops.c (breakdowns, repairs, shifts, the trainer's actions),
 * mdl_run_seam.c (what transport calls), mdl_run_dispatch.c (queue
 * rules), mdl_run_life.c (create, free, advance, fail), mdl_run_result.c
 * (the warm-up reset and the KPIs of the window) and mdl_run_view.c (what
 * the viewer reads). The other files reach the core's inline steps through
 * the mdl__ entry points at the end of this header: the general (not lean)
 * copies, which is what they need outside the hot path.
 */
#ifndef MDL_RUN_INTERNAL_H
#define MDL_RUN_INTERNAL_H

#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_internal.h"
#include "mdl_people_internal.h"
#include "mdl_maint_internal.h"
#include "mdl_dispatch.h"
#include "mdl_orders_internal.h"
#include "mdl_plan_internal.h"
#include "mdl_routing_internal.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "mdl_transport_seam.h"
#include "sim_dist.h"
#include "sim_lane.h"
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
/* PH_LOAD: a person loads the unit (people: a `load` task), then PH_BUSY; ledger `busy`. */
enum { PH_IDLE = 0, PH_SETUP, PH_BUSY, PH_BLOCKED, PH_ROBOT, PH_LOAD };
enum { STREAM_CYCLE = 1, STREAM_SETUP, STREAM_QUALITY, STREAM_FAILURE, STREAM_SOURCE, STREAM_PREDICT };

typedef struct unit {
    uint64_t serial;
    double released;
    double enq;
    double due;
    int32_t product;
    int32_t step;
    int32_t source;
    int32_t order;   /* index of its order, -1 for none (mdl_orders_internal.h, the record stream) */
    uint8_t defective;
    uint8_t ever_defective;
    uint8_t reworked;
    uint8_t in_line;
    uint8_t live;    /* allocated (not on the free list) */
    uint8_t reworks; /* times sent back by an inspection (capped by max_rework) */
    uint16_t defect_from; /* 1 + the station whose operation made it defective; 0: none or unknown */
    uint32_t next_free;
    uint32_t variant : 24; /* of its family (mdl_routing.h); 0 otherwise */
    uint32_t card : 8;     /* 1 + the kanban loop whose card it holds; 0: none */
} unit;
_Static_assert(MDL_FAMILY_MAX_VARIANTS <= (1u << 24), "a unit's variant fits its 24 bits");

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
    /* The ideal time of this operation's processing still to be credited
     * to the station's performance at its completion: its cycle time as
     * drawn (docs/kpis.md, OEE convention), less the part processed before
     * the window (mdl__on_warmup) and what people faster than nominal save
     * (mdl_run_hooks.c). Credited times batch_share. */
    double ideal_op;
    double batch_share; /* a process batch's units over the station's batch size (mdl_batching.c); else 1 */
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
    uint32_t last_variant; /* with last_product: of a family (setups by option) */
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
    /* People (mdl_people.c), at stations with tasks only: the task the
     * current phase needs + 1 (0: none), whether its people are there, and
     * whether `remaining` is scaled by their efficiency factor. */
    int crew;
    bool crew_held;
    bool crew_scaled;
    double crew_factor;
    double busy_rest; /* PH_LOAD: the cycle time that follows */
    mt_server *mt;     /* maintenance engine (station with spec->maint), else NULL */
    uint8_t mt_seen;   /* the engine's state the ledger and the log last saw */
    bool mt_warned;    /* a warning the log has seen */
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
    bool plain_refresh;      /* none of the above (nor people, nor maintenance): see server_refresh */
    bool people;             /* some phase or repair here needs people (people hook) */
    int kanban_in, kanban_out; /* the kanban loop that starts / ends here, or -1 (routing hook) */
    mt_server *mts;          /* maintenance engines of the servers (spec->maint), else NULL */
    struct asm_station *assembly; /* joins a bill of materials (mdl_assembly.c), else NULL */
    struct bt_station *batching;  /* process batches (mdl_batching.c), else NULL */
    struct ds_station *disassembly; /* takes units apart (mdl_disassembly.c), else NULL */
    uint64_t done, good_done, failures_win, failures_total;
    uint64_t defects_found; /* operations counted good here whose defect an inspection rejected later */
    /* Operations whose unit was judged (mdl__op_leave), quality's
     * denominator: at the end of the operation, but a batch's only once
     * its other units have gone on (mdl__bt_resume), maybe in the next
     * window. */
    uint64_t judged;
    double ideal_done; /* ideal time of the operations completed in the window (ideal_op) */
} station;

typedef struct source {
    struct mdl_run *run;
    int index;
    int product;
    mdl_release_kind kind;
    const mdl_release *rel; /* NULL for the order pseudo-sources */
    sim_rng rng;
    long count;
    int next_unlimited; /* unlimited: the next unlimited source at the same first station (a ring) */
} source;

/* A route step of a lean run (mdl__handover_start). */
typedef struct step_info {
    struct station *next; /* the station of the next step; NULL: the last step */
} step_info;

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
    /* The servers' completion events (on_done) when the line is short
     * (mdl__handover_start): a lane, in the calendar's order, that
     * costs less per event than the calendar; NULL: in the calendar. */
    sim_lane *done_lane;
    step_info *step_tab; /* by route step (mdl__handover_start) */
    int *step_base;      /* per product: its first step's index in step_tab */
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
    /* The record stream (mdl_run_records.c): `logging` is the one flag an
     * event tests when no one listens. */
    bool logging;
    mdl_record_fn *rec;
    void *rec_ctx;
    mdl_book book;          /* results by order and product (mdl_orders_internal.h) */
    mdl_dispatch_env disp;  /* the dispatching rules' tables (mdl_dispatch.h) */
    mdl_log_fn *log;
    void *log_ctx;
    tr_run *transport; /* material handling, NULL when the model has none */
    pp_run *people;    /* people (mdl_people.c), NULL when the model has none */
    struct mdl_plan_run *plan; /* plan execution (mdl_plan_exec.c), NULL without a plan */
    bool routing;      /* families, flexible steps or kanban (mdl_run_routing.c): m->routing */
    rt_run rt;
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
bool mdl__ring_grow(struct mdl_run *r, ring *q); /* mdl_run_life.c */

static inline void ring_push(struct mdl_run *r, ring *q, uint32_t v) {
    if (q->len == q->cap && !mdl__ring_grow(r, q)) mdl__run_oom(r);
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
/* ---- failure (mdl_run_life.c) ------------------------------------------------ */

/* Records the run's failure (the first one wins) and, when a protected
 * call is running, jumps out of it. Returns only when none is (a sample
 * drawn while the run is set up): the caller then goes on with a harmless
 * value, and the run never starts. */
void mdl__run_fail(mdl_run *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Runs fn(r, arg) so that a failure inside returns here (false) instead of
 * unwinding through the kernel; luaD_rawrunprotected in Lua. */
bool mdl__run_protected(mdl_run *r, void (*fn)(mdl_run *, void *), void *arg);
double mdl__run_bad_sample(mdl_run *r, const char *what, const char *id, const char *key, double x);

/* A sample that is not a finite number cannot come from a law that
 * sim_dist_check accepted; should one get through, the run fails with a
 * message, rather than scheduling at NaN (an abort) or clamping it to 0
 * (time standing still). */
static inline double checked(mdl_run *r, double x, const char *what, const char *id, const char *key) {
    return fabs(x) <= DBL_MAX ? x : mdl__run_bad_sample(r, what, id, key, x);
}

static inline unit *U(mdl_run *r, uint32_t i) { return &r->units[i]; }

/* Does an operation of product p at station si need the routing hook
 * (mdl__rt_begin, mdl__rt_cycle): a visit cycle or flexible step, or a
 * family whose options add time or setups there? */
static inline bool rt_needed(const mdl_run *r, int p, int si) {
    const mdl_product *pp = &r->products[p];
    const mdl_family *f = pp->fam;
    return pp->steps || (f && (f->adds_at[si] || f->setup_at[si]));
}

/* The unlimited source whose turn it is at station s (s->unlimited >= 0):
 * several products' unlimited releases at one first station take turns,
 * in scene order (one source: always itself). */
static inline int unlimited_turn(mdl_run *r, station *s) {
    int src = s->unlimited;
    s->unlimited = r->src[src].next_unlimited;
    return src;
}

/* The step of product p that a unit of `variant` visits after `step` (-1:
 * its first step; nsteps: none): step + 1 unless the route has steps that
 * depend on the options (mdl_route_when.c). */
static inline int route_next(const mdl_run *r, int p, uint32_t variant, int step) {
    return r->products[p].when ? mdl__route_next(r->m, p, variant, step) : step + 1;
}
static inline double NOW(const mdl_run *r) { return sim_world_now(r->w); }

/* The record stream (mdl_run_records.c). mdl__run_log_emit sends one record
 * to the listeners, reading the unit's serial, product and order from its
 * index (NO_UNIT: none); it stays out of line, so that an event path keeps
 * only the flag test of logev or LOGX. */
void mdl__run_log_emit(mdl_run *r, mdl_log_kind k, int si, int svi, uint32_t u, int from, int to, long detail,
                       mdl_resource_kind rk, int res);

/* An "assembled" record: unit ui took the component unit `part`. */
void mdl__run_log_part(mdl_run *r, mdl_log_kind k, int si, int svi, uint32_t ui, uint32_t part);

/* An order's release time has come (MDL_LOG_ORDER_RELEASE). */
void mdl__run_log_order(mdl_run *r, int oi, int first_station);

static inline void logev(mdl_run *r, mdl_log_kind k, int si, uint32_t u) {
    if (r->logging) mdl__run_log_emit(r, k, si, -1, u, -1, -1, 0, MDL_RES_NONE, -1);
}

/* A record with every field: LOGX(r, kind, station, server, unit, from, to,
 * detail, resource kind, resource). */
#define LOGX(r, ...)                                          \
    do {                                                      \
        if ((r)->logging) mdl__run_log_emit((r), __VA_ARGS__); \
    } while (0)

static inline bool server_stopped(const server *sv) {
    return sv->st->off || sv->down || sv->hand_down || (sv->mt && sv->mt->state != MT_UP);
}

static inline void run_update_lean(mdl_run *r) {
    r->logging = r->log || r->rec || r->plan; /* a plan listens to the stream (mdl_plan_exec.c) */
    r->lean = r->lean_model && !r->logging && !r->trained;
}

/* A shift ends after whatever completes at that instant (an operation that
 * ends exactly at shift end is done, not paused with nothing left), and
 * starts before anything else happens at its instant. */
static inline int shift_priority(bool on_after) { return on_after ? 1 : -1; }

/* ---- queue rules (mdl_run_dispatch.c) ---------------------------------------- */

uint32_t mdl__pick_ruled(const station *s, mdl_dispatch_last last);

/* Picks the queue position to serve next under the station's rule. */
/* The queue position a free server takes next; NO_UNIT: none may start
 * (a plan's policy wait, mdl_plan.h). */
static inline uint32_t pick_from_queue(const station *s, int svi, mdl_dispatch_last last) {
    if (s->run->plan) return mdl__plan_pick(s, svi);
    return s->spec->dispatch == MDL_DISPATCH_FIFO || s->queue.len < 2 ? 0 : mdl__pick_ruled(s, last);
}

/* ---- between the files of the run ------------------------------------------ */

/* mdl_run.c: the time-zero start (run protected by mdl_run_new) and
 * orders: the next unit of order oi (entered the line at `entered`), a
 * whole order into the buffer of s as one entry, one unit of it into s
 * (or, with `dock`, to its receiving dock bound for s). */
void mdl__run_start(mdl_run *r, void *unused);
uint32_t mdl__order_unit(mdl_run *r, int oi, double entered);
void mdl__order_batch(mdl_run *r, station *s, int oi);
void mdl__order_enter(mdl_run *r, station *s, int oi, bool dock);
/* mdl_run_lean.c: the general copies of the hand-over steps, the release
 * event, whether an order may enter s as one batch, and who fires an
 * event. */
void mdl__on_arrival(sim_world *w, void *subject, void *object);
bool mdl__order_batchable(const station *s);
bool mdl__station_accepts_unit(const station *s, int product);
void mdl__count_release(mdl_run *r, uint32_t ui, int si);
bool mdl__station_accepts(const station *s);
void mdl__unit_enter(station *s, uint32_t ui);
void mdl__station_pull(station *s);
void mdl__station_dispatch(station *s);
void mdl__server_free(server *sv);
/* mdl_run_quality.c: judges a finished unit by the quality draw q (scrap,
 * defects, inspection, rework); false when the unit left the line. */
bool mdl__op_judge(server *sv, double q);
void mdl__server_refresh(server *sv);
void mdl__server_after_op(server *sv);
void mdl__op_complete(server *sv);
void mdl__op_leave(server *sv); /* after the batching hook: judged, handed on */
void mdl__server_deactivate(server *sv);
/* At time zero, before any completion is scheduled: the completion lane
 * of a run of few servers and the lean hand-over's table of route steps
 * (step_tab, in the world's memory, freed with the run). The cancel of a
 * server's pending completion (sv->done_ev set), wherever it waits. */
void mdl__handover_start(mdl_run *r);
/* sim_world_run_until_max for the run: a lean run's completions first
 * straight from their lane (mdl_run_lean.c), the same events in order. */
sim_run_status mdl__run_slice(mdl_run *r, double t, uint64_t max_fired);
void mdl__done_cancel(server *sv);
double mdl__cycle_draw(station *s, int product);
void mdl__release_unit(mdl_run *r, int src);
void mdl__run_event_who(const mdl_run *r, sim_event_fn *fn, void *subject, char *who, size_t n);

/* mdl_run_stops.c: breakdowns, repairs and shifts. */
void mdl__on_fail(sim_world *w, void *subject, void *object);
/* The start of a repair (time ttr) of a down server: at once, or when a
 * technician (people: a `repair` task) has come. The one place a repair
 * starts. */
void mdl__repair_start(server *sv, double ttr);
void mdl__on_repair(sim_world *w, void *subject, void *object);
void mdl__on_shift(sim_world *w, void *subject, void *object);
void mdl__server_resume(server *sv);

/* mdl_run_hooks.c: the people and maintenance hooks of server_refresh's
 * general path (and the load by a person that begins a cycle); the crew's
 * arrival and loss (mdl__run_crew_arrived, _lost) are declared in
 * mdl_people_internal.h. */
void mdl__run_crew_sync(server *sv);
void mdl__run_begin_load(server *sv, int p);
void mdl__run_maint_refresh(server *sv, bool working, bool progressing);

/* mdl_run_routing.c: the routing hooks of the hand-over (r->routing only).
 * mdl__rt_begin: the first phase of an operation on ui at sv (setup or
 * cycle, *setup says which; sets last_product/variant);
 * mdl__rt_cycle: its cycle time after a setup. */
double mdl__rt_begin(server *sv, uint32_t ui, bool *setup);
double mdl__rt_cycle(station *s, uint32_t ui);
void mdl__kanban_return(mdl_run *r, int loop);
/* mdl_run_seam.c: room promised at s to a transport's token (with its
 * kanban card unless the token's unit holds it); mdl__station_reentry:
 * may unit ui, which holds the card of the loop starting at s, come back
 * in ahead of those waiting for a card (every card is out)? */
void mdl__station_reserve(station *s, uint32_t token);
bool mdl__station_reentry(const station *s, uint32_t ui);
/* mdl_run_lean.c, for the assembly (mdl_assembly.c): the general copies of
 * making a unit, beginning an operation, a unit leaving the line, and
 * letting waiter number `at` of a station's waiters in. */
uint32_t mdl__unit_new(mdl_run *r, int product, int src, int order);
void mdl__server_begin(server *sv, uint32_t ui);
bool mdl__server_can_start(const server *sv);
void mdl__line_unit_out(mdl_run *r, uint32_t ui);
void mdl__waiter_admit(station *s, uint32_t at);

/* mdl_assembly.c: the zeroed state (size bytes) of assembly, batching or
 * disassembly at station s, which then takes the general path (an
 * out-of-memory stop when it cannot be made). */
void *mdl__flow_state(mdl_run *r, station *s, size_t size);
/* mdl_assembly.c: the assembly stations of a run (stations whose
 * `assembly` is set take the general path only: such a run is never lean). */
bool mdl__asm_start(mdl_run *r);
/* The state of the three at every station freed. */
void mdl__flow_free(mdl_run *r);
void mdl__asm_enter(station *s, uint32_t ui);
void mdl__asm_dispatch(station *s);
void mdl__asm_pull(station *s);
bool mdl__asm_accepts(const station *s, int product);
void mdl__asm_warmup(mdl_run *r, double now);

/* mdl_batching.c: stations that process units in batches (spec->batch >
 * 1; never in lean runs). The batch's first unit is the server's `unit`;
 * the others ride along and move on when the operation completes. */
bool mdl__bt_start(mdl_run *r);
void mdl__bt_enter(station *s, uint32_t ui);
void mdl__bt_dispatch(station *s);
/* The batch's other units move on; false while the transport cannot take
 * one (the server is blocked, transport_wait): mdl__bt_resume goes on. */
bool mdl__bt_complete(server *sv);
/* From mdl__run_entry_retry: false when sv hands on no rider (its own unit
 * waits); else the riders go on, and the server's unit after them. */
bool mdl__bt_resume(server *sv);
void mdl__bt_warmup(mdl_run *r);
/* An unlimited supply at batching station s tops up a whole batch; false
 * when s does not batch. */
bool mdl__bt_top_up(station *s);
/* The results of the three (mdl_rep_result's bomline and flow): sized by
 * mdl__flow_rep_init (mdl_assembly.c), filled by each file's _result. */
bool mdl__flow_rep_init(mdl_rep_result *res, const mdl_model *m);
void mdl__asm_result(const mdl_run *r, mdl_rep_result *out);
void mdl__bt_result(const mdl_run *r, mdl_rep_result *out);
void mdl__ds_result(const mdl_run *r, mdl_rep_result *out);
/* mdl_disassembly.c: stations that take units apart (never in lean runs).
 * mdl__ds_after_op turns a finished unit to be taken apart into its parts
 * (the server's unit becomes the first); mdl__ds_server_free keeps a
 * server blocked while parts remain; mdl__ds_dispatch hands on the next. */
bool mdl__ds_start(mdl_run *r);
void mdl__ds_after_op(server *sv);
bool mdl__ds_server_free(server *sv);
void mdl__ds_dispatch(station *s);
void mdl__ds_warmup(mdl_run *r);
/* mdl_run_lean.c: a unit leaves the line after its last step. */
void mdl__unit_exit(mdl_run *r, uint32_t ui);
/* mdl_run_life.c: for the time-zero start (mdl__run_start) - does the
 * model use none of what lean mode leaves out; the sources' set-up. */
bool mdl__model_is_lean(const mdl_run *r);
void mdl__start_sources(mdl_run *r);

/* mdl_run_result.c: the start of the measured window. */
void mdl__on_warmup(sim_world *w, void *subject, void *object);

#endif
