/*
 * test_world.c - the event calendar: ordering, cancel, reschedule, stale
 * handles, running in slices, stop, step, reset, pool reuse, trace; the
 * event source and lanes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim_lane.h"
#include "sim_rng.h"
#include "sim_world.h"
#include "test_main.h"

/* A log of fired events: each action appends its subject's id and the clock. */
#define LOG_MAX 4096

typedef struct fire_log {
    size_t n;
    int id[LOG_MAX];
    double time[LOG_MAX];
} fire_log;

typedef struct tagged {
    fire_log *log;
    int id;
} tagged;

/* Appends id at time; false (nothing appended) when the log is full. */
static bool log_fire(fire_log *log, int id, double time) {
    if (log->n >= LOG_MAX) return false;
    log->id[log->n] = id;
    log->time[log->n] = time;
    log->n++;
    return true;
}

static void record(sim_world *w, void *subject, void *object) {
    tagged *t = subject;
    (void)object;
    assert_true(log_fire(t->log, t->id, sim_world_now(w)));
}

/* Subjects s[0..n-1] of log, with ids 0..n-1. */
static void tag_all(tagged *s, int n, fire_log *log) {
    for (int i = 0; i < n; i++) s[i] = (tagged){log, i};
}

/* The log holds exactly n events, these ids in this order. */
static void assert_fired(const fire_log *log, size_t n, const int *ids) {
    assert_int_equal(log->n, n);
    for (size_t i = 0; i < n; i++) assert_int_equal(log->id[i], ids[i]);
}

static void nothing(sim_world *w, void *subject, void *object) {
    (void)w;
    (void)subject;
    (void)object;
}

/* --- ordering -------------------------------------------------------- */

typedef struct planned {
    double time;
    int priority;
    int seq; /* order in which it was scheduled */
    int id;
} planned;

static int planned_cmp(const void *pa, const void *pb) {
    const planned *a = pa, *b = pb;
    if (a->time != b->time) return a->time < b->time ? -1 : 1;
    if (a->priority != b->priority) return a->priority > b->priority ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* A large calendar drawn at random: event i is plan[i], fires as subj[i]
 * (id i) into log, and has handle[i]; rng goes on after the draws. */
enum { BIG_MAX = 3000 };
typedef struct big_calendar {
    planned plan[BIG_MAX];
    tagged subj[BIG_MAX];
    uint64_t handle[BIG_MAX];
    fire_log log;
    sim_rng rng;
} big_calendar;

/* Draws one event's time and priority, in this order. */
typedef void big_draw(sim_rng *r, double *time, int *priority);

/* Schedules n events in w, each drawn by draw from rng (seed, stream). */
static big_calendar *big_calendar_schedule(sim_world *w, int n, uint64_t seed, uint64_t stream,
                                           big_draw *draw) {
    static big_calendar c;
    assert_true(n <= BIG_MAX);
    c.log.n = 0;
    sim_rng_seed(&c.rng, seed, stream);
    tag_all(c.subj, n, &c.log);
    for (int i = 0; i < n; i++) {
        planned *p = &c.plan[i];
        *p = (planned){.seq = i, .id = i};
        draw(&c.rng, &p->time, &p->priority);
        c.handle[i] = sim_event_schedule(w, p->time, p->priority, record, &c.subj[i], NULL);
        assert_true(c.handle[i] != SIM_EVENT_NONE);
    }
    return &c;
}

/* One of 4 times and one of 5 priorities. */
static void draw_classes(sim_rng *r, double *time, int *priority) {
    static const double times[] = {3.0, 0.5, 2.0, 7.25};
    static const int prios[] = {-32768, -1, 0, 1, 32767};
    *time = times[sim_rng_below(r, 4)];
    *priority = prios[sim_rng_below(r, 5)];
}

/* 1000 events over 4 times x 5 priorities, scheduled in scrambled order, so
 * that every (time, priority) class holds about 50 events that only FIFO
 * can separate. The expected order is a sort by the documented key. */
static void test_order_time_priority_fifo(void **state) {
    (void)state;
    enum { N = 1000 };
    sim_world *w = sim_world_new();
    assert_non_null(w);
    big_calendar *c = big_calendar_schedule(w, N, 42, 1, draw_classes);
    planned *plan = c->plan;
    assert_int_equal(sim_world_pending(w), N);
    assert_true(sim_world_next_time(w) == 0.5);
    qsort(plan, N, sizeof plan[0], planned_cmp);
    assert_int_equal(sim_world_run_until(w, 100.0), SIM_RUN_EMPTY);
    assert_int_equal(c->log.n, N);
    for (int i = 0; i < N; i++) {
        assert_int_equal(c->log.id[i], plan[i].id);
        assert_true(c->log.time[i] == plan[i].time);
    }
    assert_int_equal(sim_world_fired(w), N);
    assert_int_equal(sim_world_pending(w), 0);
    assert_true(sim_world_now(w) == 100.0);
    assert_true(isinf(sim_world_next_time(w)));
    sim_world_free(w);
}

/* Times that differ by one ulp are different times, not a tie. */
static void test_order_close_times(void **state) {
    (void)state;
    fire_log log = {0};
    tagged a = {&log, 1}, b = {&log, 2}, c = {&log, 3};
    sim_world *w = sim_world_new();
    double t = 1.0;
    sim_event_schedule(w, nextafter(t, 2.0), 5, record, &a, NULL);
    sim_event_schedule(w, t, -5, record, &b, NULL);
    sim_event_schedule(w, nextafter(t, 0.0), -9, record, &c, NULL);
    sim_world_run_until(w, 2.0);
    assert_fired(&log, 3, (const int[]){3, 2, 1});
    sim_world_free(w);
}

/* The whole int range of priorities orders: the header promises "higher
 * priority first" for any int, not only for a 16-bit window. */
static void test_order_extreme_priorities(void **state) {
    (void)state;
    static const int prios[] = {0, INT_MAX, -40000, 32767, INT_MIN, 40000, -32768, 32768,
                                INT_MAX - 1, -32769, 1, INT_MIN + 1};
    enum { N = sizeof prios / sizeof prios[0] };
    fire_log log = {0};
    tagged s[N];
    planned plan[N];
    sim_world *w = sim_world_new();
    tag_all(s, N, &log);
    for (int i = 0; i < N; i++) {
        plan[i] = (planned){1.0, prios[i], i, i};
        sim_event_schedule(w, 1.0, prios[i], record, &s[i], NULL);
    }
    /* And a FIFO pair at each extreme. */
    tagged last_max = {&log, 100}, last_min = {&log, 101};
    sim_event_schedule(w, 1.0, INT_MAX, record, &last_max, NULL);
    sim_event_schedule(w, 1.0, INT_MIN, record, &last_min, NULL);
    qsort(plan, N, sizeof plan[0], planned_cmp);
    sim_world_run_until(w, 1.0);
    assert_int_equal(log.n, N + 2);
    assert_int_equal(log.id[0], plan[0].id); /* INT_MAX, scheduled first */
    assert_int_equal(log.id[1], 100);        /* INT_MAX, scheduled later */
    for (int i = 1; i < N - 1; i++) assert_int_equal(log.id[i + 1], plan[i].id);
    assert_int_equal(log.id[N], plan[N - 1].id); /* INT_MIN first, then its pair */
    assert_int_equal(log.id[N + 1], 101);
    sim_world_free(w);
}

/* --- cancel and reschedule ---------------------------------------------- */

static void test_cancel(void **state) {
    (void)state;
    fire_log log = {0};
    tagged s[6];
    uint64_t h[6];
    sim_world *w = sim_world_new();
    tag_all(s, 6, &log);
    for (int i = 0; i < 6; i++) h[i] = sim_event_schedule(w, (double)(i % 3), 0, record, &s[i], NULL);
    /* Every live handle is distinct. */
    for (int i = 0; i < 6; i++)
        for (int j = i + 1; j < 6; j++) assert_true(h[i] != h[j]);
    double t = -1.0;
    assert_true(sim_event_pending(w, h[4], &t));
    assert_true(t == 1.0);
    /* Cancel the head of the calendar, one in the middle, and the last. */
    assert_true(sim_event_cancel(w, h[0]));
    assert_true(sim_event_cancel(w, h[4]));
    assert_true(sim_event_cancel(w, h[5]));
    assert_int_equal(sim_world_pending(w), 3);
    assert_false(sim_event_pending(w, h[4], &t));
    assert_true(sim_world_next_time(w) == 0.0); /* event 3 */
    sim_world_run_until(w, 10.0);
    assert_fired(&log, 3, (const int[]){3, 1, 2});
    assert_int_equal(sim_world_fired(w), 3);
    sim_world_free(w);
}

/* A time of 0 .. 199 s, a priority of -1 .. 1. */
static void draw_cancel(sim_rng *r, double *time, int *priority) {
    *time = (double)sim_rng_below(r, 200);
    *priority = (int)sim_rng_below(r, 3) - 1;
}

/* Cancelling at random from a large calendar keeps the heap consistent:
 * the survivors fire in exactly the sorted order. */
static void test_cancel_many(void **state) {
    (void)state;
    enum { N = 3000 };
    static bool cancelled[N];
    memset(cancelled, 0, sizeof cancelled);
    sim_world *w = sim_world_new();
    big_calendar *c = big_calendar_schedule(w, N, 7, 2, draw_cancel);
    planned *plan = c->plan;
    fire_log *log = &c->log;
    size_t live = N;
    for (int k = 0; k < 2 * N; k++) {
        size_t i = sim_rng_below(&c->rng, N);
        bool ok = sim_event_cancel(w, c->handle[i]);
        assert_true(ok == !cancelled[i]);
        if (ok) live--;
        cancelled[i] = true;
        assert_int_equal(sim_world_pending(w), live);
    }
    qsort(plan, N, sizeof plan[0], planned_cmp);
    sim_world_run_until(w, 1000.0);
    size_t j = 0;
    for (int i = 0; i < N; i++) {
        if (cancelled[plan[i].id]) continue;
        assert_true(j < log->n);
        assert_int_equal(log->id[j], plan[i].id);
        j++;
    }
    assert_int_equal(j, log->n);
    assert_int_equal(log->n, live);
    sim_world_free(w);
}

static void test_reschedule(void **state) {
    (void)state;
    fire_log log = {0};
    tagged s[5];
    uint64_t h[5];
    sim_world *w = sim_world_new();
    tag_all(s, 5, &log);
    h[0] = sim_event_schedule(w, 1.0, 0, record, &s[0], NULL);
    h[1] = sim_event_schedule(w, 2.0, 0, record, &s[1], NULL);
    h[2] = sim_event_schedule(w, 3.0, 0, record, &s[2], NULL);
    h[3] = sim_event_schedule(w, 4.0, 0, record, &s[3], NULL);
    h[4] = sim_event_schedule(w, 2.0, 1, record, &s[4], NULL);
    /* Later: event 0 joins the tie at t = 3 behind event 2. */
    assert_true(sim_event_reschedule(w, h[0], 3.0));
    /* Earlier: event 3 joins the tie at t = 2 behind event 1 (same priority)
     * but behind event 4 anyway (higher priority). */
    assert_true(sim_event_reschedule(w, h[3], 2.0));
    double t;
    assert_true(sim_event_pending(w, h[0], &t));
    assert_true(t == 3.0);
    assert_true(sim_event_pending(w, h[3], &t));
    assert_true(t == 2.0);
    /* Same handle still names the event; count is unchanged. */
    assert_int_equal(sim_world_pending(w), 5);
    sim_world_run_until(w, 10.0);
    assert_fired(&log, 5, (const int[]){4, 1, 3, 2, 0});
    for (int i = 0; i < 5; i++) assert_false(sim_event_pending(w, h[i], NULL));
    sim_world_free(w);
}

/* Rescheduling to the very same time moves the event behind its ties, as
 * if it were newly scheduled. */
static void test_reschedule_same_time(void **state) {
    (void)state;
    fire_log log = {0};
    tagged s[3] = {{&log, 0}, {&log, 1}, {&log, 2}};
    sim_world *w = sim_world_new();
    uint64_t h0 = sim_event_schedule(w, 5.0, 0, record, &s[0], NULL);
    sim_event_schedule(w, 5.0, 0, record, &s[1], NULL);
    sim_event_schedule(w, 5.0, 0, record, &s[2], NULL);
    assert_true(sim_event_reschedule(w, h0, 5.0));
    sim_world_run_until(w, 5.0);
    assert_fired(&log, 3, (const int[]){1, 2, 0});
    sim_world_free(w);
}

/* A time of 0 .. 49 s, a priority of 0 or 1. */
static void draw_reschedule(sim_rng *r, double *time, int *priority) {
    *time = (double)sim_rng_below(r, 50);
    *priority = (int)sim_rng_below(r, 2);
}

/* Random reschedules in a large calendar agree with a model that
 * re-inserts the event with a fresh sequence number. */
static void test_reschedule_many(void **state) {
    (void)state;
    enum { N = 2000 };
    sim_world *w = sim_world_new();
    big_calendar *c = big_calendar_schedule(w, N, 11, 3, draw_reschedule);
    planned *plan = c->plan;
    int seq = N;
    for (int k = 0; k < 3 * N; k++) {
        size_t i = sim_rng_below(&c->rng, N);
        double t = (double)sim_rng_below(&c->rng, 50);
        assert_true(sim_event_reschedule(w, c->handle[i], t));
        plan[i].time = t;
        plan[i].seq = seq++;
    }
    assert_int_equal(sim_world_pending(w), N);
    qsort(plan, N, sizeof plan[0], planned_cmp);
    sim_world_run_until(w, 100.0);
    assert_int_equal(c->log.n, N);
    for (int i = 0; i < N; i++) assert_int_equal(c->log.id[i], plan[i].id);
    sim_world_free(w);
}

/* --- stale handles -------------------------------------------------------- */

static void test_stale_handles(void **state) {
    (void)state;
    fire_log log = {0};
    tagged a = {&log, 1}, b = {&log, 2}, c = {&log, 3};
    sim_world *w = sim_world_new();
    double t = 123.0;

    /* On an empty world, before any pool exists. */
    static const uint64_t garbage[] = {SIM_EVENT_NONE, 1, 2, 0xFFFFFFFFull, UINT64_MAX,
                                       ((uint64_t)1 << 32) | 1u, ((uint64_t)7 << 32) | 99999u,
                                       0x123456789ABCDEF0ull};
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
        assert_false(sim_event_cancel(w, garbage[i]));
        assert_false(sim_event_reschedule(w, garbage[i], 1.0));
        assert_false(sim_event_pending(w, garbage[i], &t));
        assert_true(t == 123.0);
    }

    uint64_t ha = sim_event_schedule(w, 1.0, 0, record, &a, NULL);
    uint64_t hb = sim_event_schedule(w, 2.0, 0, record, &b, NULL);
    /* Garbage next to live handles: same slot with another generation, a
     * slot beyond the pool. */
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
        if (garbage[i] == ha || garbage[i] == hb) continue;
        assert_false(sim_event_cancel(w, garbage[i]));
        assert_false(sim_event_reschedule(w, garbage[i], 1.0));
        assert_false(sim_event_pending(w, garbage[i], NULL));
    }
    assert_false(sim_event_cancel(w, ha ^ ((uint64_t)1 << 40)));
    assert_false(sim_event_cancel(w, ha + ((uint64_t)1 << 32)));
    assert_int_equal(sim_world_pending(w), 2);

    /* After fire. */
    assert_true(sim_world_step(w));
    assert_false(sim_event_pending(w, ha, NULL));
    assert_false(sim_event_cancel(w, ha));
    assert_false(sim_event_reschedule(w, ha, 5.0));
    assert_int_equal(sim_world_pending(w), 1);

    /* After cancel, and cancelling twice. */
    assert_true(sim_event_cancel(w, hb));
    assert_false(sim_event_cancel(w, hb));
    assert_false(sim_event_reschedule(w, hb, 5.0));
    assert_false(sim_event_pending(w, hb, NULL));
    assert_int_equal(sim_world_pending(w), 0);

    /* The freed records are reused; old handles must not reach the new
     * events that now live in the same records. */
    uint64_t hc = sim_event_schedule(w, 3.0, 0, record, &c, NULL);
    uint64_t hd = sim_event_schedule(w, 4.0, 0, record, &c, NULL);
    assert_true(hc != ha && hc != hb && hd != ha && hd != hb);
    assert_false(sim_event_cancel(w, ha));
    assert_false(sim_event_cancel(w, hb));
    assert_false(sim_event_reschedule(w, ha, 9.0));
    assert_false(sim_event_reschedule(w, hb, 9.0));
    assert_true(sim_event_pending(w, hc, &t));
    assert_true(t == 3.0);
    assert_true(sim_event_pending(w, hd, &t));
    assert_true(t == 4.0);
    assert_int_equal(sim_world_pending(w), 2);
    sim_world_run_until(w, 10.0);
    assert_fired(&log, 3, (const int[]){1, 3, 3});
    sim_world_free(w);
}

/* An action that looks at its own handle sees it as no longer pending. */
typedef struct self_ref {
    uint64_t handle;
    bool pending_inside;
    bool cancel_inside;
} self_ref;

static void check_self(sim_world *w, void *subject, void *object) {
    self_ref *s = subject;
    (void)object;
    s->pending_inside = sim_event_pending(w, s->handle, NULL);
    s->cancel_inside = sim_event_cancel(w, s->handle);
}

static void test_own_handle_stale_in_action(void **state) {
    (void)state;
    self_ref s = {0, true, true};
    sim_world *w = sim_world_new();
    s.handle = sim_event_schedule(w, 1.0, 0, check_self, &s, NULL);
    sim_world_run_until(w, 2.0);
    assert_false(s.pending_inside);
    assert_false(s.cancel_inside);
    sim_world_free(w);
}

/* --- running ---------------------------------------------------------------- */

/* A small self-driving model: a few chains that reschedule themselves at
 * random delays (including zero, and with random priorities), logging every
 * firing. Used to compare one run against the same run in slices. */
typedef struct chain {
    fire_log *log;
    sim_rng rng;
    int id;
} chain;

static void chain_fire(sim_world *w, void *subject, void *object) {
    chain *c = subject;
    (void)object;
    (void)log_fire(c->log, c->id, sim_world_now(w)); /* a full log stops logging, not the chains */
    /* Delays on a coarse grid so that ties across chains are common. */
    double delay = 0.25 * (double)sim_rng_below(&c->rng, 8);
    int prio = (int)sim_rng_below(&c->rng, 3);
    sim_event_after(w, delay, prio, chain_fire, c, NULL);
}

static void start_chains(sim_world *w, chain *c, int n, fire_log *log) {
    for (int i = 0; i < n; i++) {
        c[i].log = log;
        c[i].id = i;
        sim_rng_seed(&c[i].rng, 99, (uint64_t)i);
        sim_event_schedule(w, 0.0, 0, chain_fire, &c[i], NULL);
    }
}

static void test_run_in_slices(void **state) {
    (void)state;
    enum { CHAINS = 5 };
    static fire_log one, sliced;
    chain c1[CHAINS], c2[CHAINS];
    one.n = sliced.n = 0;
    const double horizon = 300.0;

    sim_world *w1 = sim_world_new();
    start_chains(w1, c1, CHAINS, &one);
    assert_int_equal(sim_world_run_until(w1, horizon), SIM_RUN_REACHED);

    sim_world *w2 = sim_world_new();
    start_chains(w2, c2, CHAINS, &sliced);
    /* Slices of irregular length, some ending exactly on the event grid
     * (multiples of 0.25), some repeating the previous end. */
    sim_rng r;
    sim_rng_seed(&r, 5, 5);
    double t = 0.0;
    while (t < horizon) {
        double step = sim_rng_below(&r, 3) == 0 ? 0.25 * (double)sim_rng_below(&r, 6)
                                                 : 2.0 * sim_rng_u01(&r);
        t = fmin(t + step, horizon);
        assert_int_equal(sim_world_run_until(w2, t), SIM_RUN_REACHED);
        assert_true(sim_world_now(w2) == t);
        assert_true(sim_world_next_time(w2) > t);
    }
    assert_true(one.n > 1000 && one.n < LOG_MAX);
    assert_int_equal(one.n, sliced.n);
    for (size_t i = 0; i < one.n; i++) {
        assert_int_equal(one.id[i], sliced.id[i]);
        assert_true(one.time[i] == sliced.time[i]);
    }
    assert_true(sim_world_now(w1) == sim_world_now(w2));
    assert_int_equal(sim_world_fired(w1), sim_world_fired(w2));
    assert_int_equal(sim_world_pending(w1), sim_world_pending(w2));
    sim_world_free(w1);
    sim_world_free(w2);
}

static void test_run_until_edges(void **state) {
    (void)state;
    fire_log log = {0};
    tagged a = {&log, 1}, b = {&log, 2};
    sim_world *w = sim_world_new();
    assert_true(sim_world_now(w) == 0.0);
    assert_int_equal(sim_world_fired(w), 0);
    assert_true(isinf(sim_world_next_time(w)));

    /* Empty calendar: the clock still moves. */
    assert_int_equal(sim_world_run_until(w, 1.5), SIM_RUN_EMPTY);
    assert_true(sim_world_now(w) == 1.5);

    sim_event_schedule(w, 4.0, 0, record, &a, NULL);
    sim_event_after(w, 3.5, 0, record, &b, NULL); /* at 1.5 + 3.5 = 5 */
    assert_true(sim_world_next_time(w) == 4.0);

    /* Before the first event: nothing fires, the clock moves to t. */
    assert_int_equal(sim_world_run_until(w, 3.999), SIM_RUN_REACHED);
    assert_int_equal(log.n, 0);
    assert_true(sim_world_now(w) == 3.999);

    /* Exactly at an event's time: it fires, and the other stays. */
    assert_int_equal(sim_world_run_until(w, 4.0), SIM_RUN_REACHED);
    assert_int_equal(log.n, 1);
    assert_true(log.time[0] == 4.0);
    assert_true(sim_world_now(w) == 4.0);
    assert_int_equal(sim_world_pending(w), 1);

    /* A time in the past does not move the clock back. */
    assert_int_equal(sim_world_run_until(w, 2.0), SIM_RUN_REACHED);
    assert_true(sim_world_now(w) == 4.0);

    /* Exactly at the last event: it fires and the calendar is empty. */
    assert_int_equal(sim_world_run_until(w, 5.0), SIM_RUN_EMPTY);
    assert_int_equal(log.n, 2);
    assert_true(log.time[1] == 5.0);
    assert_true(sim_world_now(w) == 5.0);

    /* Running to infinity fires everything and leaves the clock at the last
     * event, not at infinity. */
    sim_event_schedule(w, 8.0, 0, record, &a, NULL);
    assert_int_equal(sim_world_run_until(w, INFINITY), SIM_RUN_EMPTY);
    assert_true(sim_world_now(w) == 8.0);
    assert_int_equal(sim_world_fired(w), 3);
    sim_world_free(w);
}

/* Events scheduled by an action at the current time fire in the same call,
 * ordered among the events already due by priority and then FIFO. */
typedef struct spawner {
    fire_log *log;
    tagged child_same_prio;
    tagged child_high_prio;
    tagged child_later;
} spawner;

static void spawn(sim_world *w, void *subject, void *object) {
    spawner *s = subject;
    (void)object;
    assert_true(log_fire(s->log, 0, sim_world_now(w)));
    sim_event_after(w, 0.0, 0, record, &s->child_same_prio, NULL);
    sim_event_schedule(w, sim_world_now(w), 5, record, &s->child_high_prio, NULL);
    sim_event_after(w, 1.0, 0, record, &s->child_later, NULL);
}

static void test_schedule_now_from_action(void **state) {
    (void)state;
    fire_log log = {0};
    spawner s = {&log, {&log, 10}, {&log, 11}, {&log, 12}};
    tagged other = {&log, 20};
    sim_world *w = sim_world_new();
    sim_event_schedule(w, 2.0, 0, spawn, &s, NULL);
    sim_event_schedule(w, 2.0, 0, record, &other, NULL);
    assert_int_equal(sim_world_run_until(w, 2.0), SIM_RUN_REACHED);
    /* spawn; then the high-priority child; then FIFO among priority 0:
     * `other` (scheduled before the child) and the child. */
    assert_fired(&log, 4, (const int[]){0, 11, 20, 10});
    for (int i = 0; i < 4; i++) assert_true(log.time[i] == 2.0);
    assert_int_equal(sim_world_pending(w), 1);
    assert_true(sim_world_next_time(w) == 3.0);
    sim_world_free(w);
}

/* --- stop and step --------------------------------------------------------- */

typedef struct stopper {
    fire_log *log;
    int id;
    bool stop;
} stopper;

static void maybe_stop(sim_world *w, void *subject, void *object) {
    stopper *s = subject;
    (void)object;
    assert_true(log_fire(s->log, s->id, sim_world_now(w)));
    if (s->stop) sim_world_stop(w);
}

static void test_stop(void **state) {
    (void)state;
    fire_log log = {0};
    stopper s[4] = {{&log, 0, false}, {&log, 1, true}, {&log, 2, false}, {&log, 3, false}};
    sim_world *w = sim_world_new();
    sim_event_schedule(w, 1.0, 0, maybe_stop, &s[0], NULL);
    sim_event_schedule(w, 2.0, 0, maybe_stop, &s[1], NULL);
    sim_event_schedule(w, 2.0, 0, maybe_stop, &s[2], NULL); /* same time, after the stop */
    sim_event_schedule(w, 3.0, 0, maybe_stop, &s[3], NULL);
    assert_int_equal(sim_world_run_until(w, 10.0), SIM_RUN_STOPPED);
    assert_int_equal(log.n, 2);
    assert_true(sim_world_now(w) == 2.0); /* not moved on to 10 */
    assert_int_equal(sim_world_pending(w), 2);
    /* The stop request was consumed: the next call runs on. */
    assert_int_equal(sim_world_run_until(w, 10.0), SIM_RUN_EMPTY);
    assert_int_equal(log.n, 4);
    assert_int_equal(log.id[2], 2);
    assert_int_equal(log.id[3], 3);
    assert_true(sim_world_now(w) == 10.0);
    sim_world_free(w);
}

static void test_step(void **state) {
    (void)state;
    fire_log log = {0};
    tagged s[3] = {{&log, 0}, {&log, 1}, {&log, 2}};
    sim_world *w = sim_world_new();
    assert_false(sim_world_step(w));
    sim_event_schedule(w, 3.0, 0, record, &s[2], NULL);
    sim_event_schedule(w, 1.0, 0, record, &s[0], NULL);
    sim_event_schedule(w, 2.0, 0, record, &s[1], NULL);
    for (int i = 0; i < 3; i++) {
        assert_true(sim_world_step(w));
        assert_int_equal(log.n, (size_t)i + 1);
        assert_int_equal(log.id[i], i);
        assert_true(sim_world_now(w) == (double)(i + 1));
        assert_int_equal(sim_world_fired(w), (uint64_t)i + 1);
        assert_int_equal(sim_world_pending(w), 2 - (size_t)i);
    }
    assert_false(sim_world_step(w));
    assert_true(sim_world_now(w) == 3.0);
    sim_world_free(w);
}

/* --- reset -------------------------------------------------------------------- */

static void test_reset(void **state) {
    (void)state;
    fire_log log = {0};
    tagged a = {&log, 1}, b = {&log, 2};
    sim_world *w = sim_world_new();
    uint64_t old[50];
    for (int i = 0; i < 50; i++) old[i] = sim_event_schedule(w, 10.0 + i, 0, record, &a, NULL);
    sim_world_run_until(w, 20.0);
    assert_int_equal(log.n, 11);
    sim_world_reset(w);
    assert_true(sim_world_now(w) == 0.0);
    assert_int_equal(sim_world_pending(w), 0);
    assert_int_equal(sim_world_fired(w), 0);
    assert_true(isinf(sim_world_next_time(w)));
    for (int i = 0; i < 50; i++) {
        assert_false(sim_event_pending(w, old[i], NULL));
        assert_false(sim_event_cancel(w, old[i]));
        assert_false(sim_event_reschedule(w, old[i], 1.0));
    }
    /* New events reuse the records; old handles still do not reach them. */
    uint64_t fresh[60];
    for (int i = 0; i < 60; i++) fresh[i] = sim_event_schedule(w, 1.0 + i, 0, record, &b, NULL);
    for (int i = 0; i < 50; i++) {
        assert_false(sim_event_cancel(w, old[i]));
        for (int j = 0; j < 60; j++) assert_true(old[i] != fresh[j]);
    }
    assert_int_equal(sim_world_pending(w), 60);
    assert_int_equal(sim_world_run_until(w, 100.0), SIM_RUN_EMPTY);
    assert_int_equal(log.n, 71);
    for (size_t i = 11; i < 71; i++) assert_int_equal(log.id[i], 2);
    assert_int_equal(sim_world_fired(w), 60);
    sim_world_free(w);
    sim_world_free(NULL);
}

/* --- pool reuse ------------------------------------------------------------------- */

/* K chains, each rescheduling itself: the pending count is always exactly
 * K while millions of events pass. The records must be recycled: the slot
 * part of the handles (low 32 bits, the handle is documented as slot index
 * and generation) stays within the first pool block. */
typedef struct churn {
    uint64_t fired;
    uint64_t limit;
    uint32_t max_slot_bits;
    uint64_t last_handle;
    bool handles_fresh;
    sim_rng rng;
} churn;

static void churn_fire(sim_world *w, void *subject, void *object) {
    churn *c = subject;
    (void)object;
    c->fired++;
    if (c->fired > c->limit) return;
    /* Cancel-and-replace on every 7th event exercises the free list from
     * both ends. */
    uint64_t h = sim_event_after(w, sim_rng_u01(&c->rng), 0, churn_fire, c, NULL);
    if (c->fired % 7 == 0) {
        assert_true(sim_event_cancel(w, h));
        uint64_t dead = h;
        h = sim_event_after(w, sim_rng_u01(&c->rng), 0, churn_fire, c, NULL);
        /* The replacement takes the record just freed, under a new
         * generation: the cancelled handle stays dead. */
        if (h == dead || sim_event_pending(w, dead, NULL)) c->handles_fresh = false;
    }
    if (h == c->last_handle) c->handles_fresh = false;
    c->last_handle = h;
    uint32_t slot_bits = (uint32_t)(h & 0xFFFFFFFFu);
    if (slot_bits > c->max_slot_bits) c->max_slot_bits = slot_bits;
}

static void test_pool_reuse(void **state) {
    (void)state;
    enum { K = 100 };
    churn c = {0, 3000000, 0, 0, true, {{0}}};
    sim_rng_seed(&c.rng, 1, 1);
    sim_world *w = sim_world_new();
    for (int i = 0; i < K; i++) sim_event_after(w, sim_rng_u01(&c.rng), 0, churn_fire, &c, NULL);
    uint64_t total = 0;
    while (c.fired < c.limit) {
        sim_world_run_until(w, sim_world_now(w) + 10.0);
        if (c.fired <= c.limit) assert_int_equal(sim_world_pending(w), K);
        total = sim_world_fired(w);
        assert_int_equal(total, c.fired);
    }
    assert_true(c.handles_fresh);
    /* K + 1 records are live at most (one being replaced); the pool's
     * first block holds 256. */
    assert_true(c.max_slot_bits <= 256);
    assert_true(c.max_slot_bits >= K);
    sim_world_run_until(w, INFINITY);
    assert_int_equal(sim_world_pending(w), 0);
    assert_int_equal(sim_world_fired(w), c.limit + K);
    sim_world_free(w);
}

/* One or two pending events for a long time: the sorted array the small
 * calendar fires from slides to the end of its storage again and again,
 * emptied there, and must take the next event without reading past it
 * (AddressSanitizer watches). Each event schedules its successor and, one
 * time in three, an event that may come before or after it. */
typedef struct pair_chain {
    sim_rng rng;
    double last;
    uint64_t fired, limit;
    bool ordered;
} pair_chain;

static void pair_fire(sim_world *w, void *subject, void *object) {
    pair_chain *c = subject;
    if (sim_world_now(w) < c->last) c->ordered = false;
    c->last = sim_world_now(w);
    c->fired++;
    if (object != NULL || c->fired >= c->limit) return; /* a side event: no successor */
    sim_event_after(w, sim_rng_u01(&c->rng), 0, pair_fire, c, NULL);
    if (sim_rng_u01(&c->rng) < 1.0 / 3.0) sim_event_after(w, 2.0 * sim_rng_u01(&c->rng), 0, pair_fire, c, c);
}

static void test_small_chain(void **state) {
    (void)state;
    pair_chain c = {.limit = 20000, .ordered = true};
    sim_rng_seed(&c.rng, 7, 7);
    sim_world *w = sim_world_new();
    sim_event_after(w, 0.5, 0, pair_fire, &c, NULL);
    assert_int_equal(sim_world_run_until(w, INFINITY), SIM_RUN_EMPTY);
    assert_true(c.ordered);
    assert_true(c.fired >= c.limit);
    assert_int_equal(sim_world_fired(w), c.fired);
    sim_world_free(w);
}

/* The pool grows past its first blocks with a million pending events and
 * still fires them all in time order. */
typedef struct mono {
    double last;
    uint64_t count;
    bool ordered;
} mono;

static void check_monotone(sim_world *w, void *subject, void *object) {
    mono *m = subject;
    (void)object;
    if (sim_world_now(w) < m->last) m->ordered = false;
    m->last = sim_world_now(w);
    m->count++;
}

static void test_pool_growth(void **state) {
    (void)state;
    enum { N = 1000000 };
    mono m = {0.0, 0, true};
    sim_rng r;
    sim_rng_seed(&r, 3, 3);
    sim_world *w = sim_world_new();
    for (int i = 0; i < N; i++) sim_event_schedule(w, 1e6 * sim_rng_u01(&r), 0, check_monotone, &m, NULL);
    assert_int_equal(sim_world_pending(w), N);
    assert_int_equal(sim_world_run_until(w, INFINITY), SIM_RUN_EMPTY);
    assert_true(m.ordered);
    assert_int_equal(m.count, N);
    assert_int_equal(sim_world_fired(w), N);
    sim_world_free(w);
}

/* --- trace --------------------------------------------------------------------- */

typedef struct trace_rec {
    size_t calls;
    bool consistent;
    fire_log *log; /* to check the hook runs before the action */
} trace_rec;

static int trace_marker; /* the object of every traced event */

static void on_trace(void *ctx, const sim_world *w, double time, sim_event_fn *fn,
                     void *subject, void *object) {
    trace_rec *tr = ctx;
    tagged *t = subject;
    bool ok = fn == record && object == (void *)&trace_marker && time == sim_world_now(w) &&
              t->log->n == tr->calls; /* the action has not run yet */
    /* Events in test_trace are at time id. */
    ok = ok && time == (double)t->id;
    if (!ok) tr->consistent = false;
    tr->calls++;
}

static void test_trace(void **state) {
    (void)state;
    fire_log log = {0};
    trace_rec tr = {0, true, &log};
    tagged s[6];
    sim_world *w = sim_world_new();
    for (int i = 0; i < 6; i++) {
        s[i].log = &log;
        s[i].id = 5 - i;
        sim_event_schedule(w, (double)(5 - i), 0, record, &s[i], &trace_marker);
    }
    sim_world_set_trace(w, on_trace, &tr);
    sim_world_run_until(w, 2.0); /* fires t = 0, 1, 2 */
    assert_int_equal(tr.calls, 3);
    assert_int_equal(log.n, 3);
    assert_true(tr.consistent);
    sim_world_step(w); /* t = 3, traced as well */
    assert_int_equal(tr.calls, 4);
    sim_world_set_trace(w, NULL, &tr);
    sim_world_run_until(w, 10.0);
    assert_int_equal(log.n, 6);
    assert_int_equal(tr.calls, 4);
    assert_true(tr.consistent);
    sim_world_free(w);
}

/* --- the event source: a model's own queue -------------------------------- */

/* Items at increasing times, taken one by one; each logs 1000 + its index.
 * The item stop_at stops the run. */
typedef struct own_queue {
    fire_log *log;
    const double *t;
    int n, next;
    double first;   /* the source's next time */
    int stop_at;    /* item that calls sim_world_stop, -1 */
} own_queue;

static void on_item(sim_world *w, void *ctx) {
    own_queue *q = ctx;
    assert_true(q->next < q->n);
    assert_true(sim_world_now(w) == q->t[q->next]);
    assert_true(log_fire(q->log, 1000 + q->next, sim_world_now(w)));
    if (q->next == q->stop_at) sim_world_stop(w);
    q->next++;
    q->first = q->next < q->n ? q->t[q->next] : INFINITY;
}

/* 200 items and 100 plain events (a third of them at an item's time), run
 * in slices of `slice` (0: one call); the log in *log. */
static void run_source(double slice, fire_log *log) {
    enum { NI = 200, NE = 100 };
    static double it[NI];
    static tagged ev[NE];
    sim_rng r;
    sim_rng_seed(&r, 42, 7);
    double t = 0.0;
    for (int k = 0; k < NI; k++) it[k] = t += (k % 5 == 0) ? 0.0 : sim_rng_u01(&r);
    log->n = 0;
    own_queue q = {log, it, NI, 0, it[0], -1};
    sim_world *w = sim_world_new();
    for (int e = 0; e < NE; e++) {
        ev[e].log = log;
        ev[e].id = e;
        double te = e % 3 == 0 ? it[(e * 7) % NI] : sim_rng_u01(&r) * t;
        sim_event_schedule(w, te, 0, record, &ev[e], NULL);
    }
    sim_world_set_source(w, on_item, &q, &q.first);
    if (slice > 0.0)
        for (double s = slice; s < t + slice; s += slice) assert_int_not_equal(sim_world_run_until(w, s), SIM_RUN_STOPPED);
    assert_int_equal(sim_world_run_until(w, t + 1.0), SIM_RUN_EMPTY);
    assert_int_equal(q.next, NI);
    assert_int_equal(sim_world_fired(w), NI + NE);
    sim_world_free(w);
}

static void test_source(void **state) {
    (void)state;
    static fire_log one, sliced;
    run_source(0.0, &one);
    assert_int_equal(one.n, 300);
    /* in time order; at equal times the calendar's events first */
    for (size_t i = 1; i < one.n; i++) {
        assert_true(one.time[i - 1] <= one.time[i]);
        assert_false(one.time[i - 1] == one.time[i] && one.id[i - 1] >= 1000 && one.id[i] < 1000);
    }
    /* slicing (the viewer) changes nothing, whatever the slices */
    const double slices[] = {0.37, 1.0, 0.05, 3.3};
    for (size_t k = 0; k < sizeof slices / sizeof *slices; k++) {
        run_source(slices[k], &sliced);
        assert_int_equal(sliced.n, one.n);
        assert_memory_equal(sliced.id, one.id, one.n * sizeof *one.id);
        assert_memory_equal(sliced.time, one.time, one.n * sizeof *one.time);
    }
}

static void on_trace_source(void *ctx, const sim_world *w, double time, sim_event_fn *fn, void *subject,
                            void *object) {
    trace_rec *tr = ctx;
    const own_queue *q = subject;
    /* an item: no action, the source's context, before the item runs */
    if (!(fn == NULL && object == NULL && q->log == tr->log && time == sim_world_now(w) && time == q->first))
        tr->consistent = false;
    tr->calls++;
}

static void test_source_step_stop(void **state) {
    (void)state;
    fire_log log = {0};
    const double it[3] = {1.0, 2.0, 4.0};
    own_queue q = {&log, it, 3, 0, 1.0, 1};
    tagged ev = {&log, 7};
    trace_rec tr = {0, true, &log};
    sim_world *w = sim_world_new();
    sim_event_schedule(w, 2.0, 0, record, &ev, NULL);
    sim_world_set_source(w, on_item, &q, &q.first);
    assert_true(sim_world_next_time(w) == 1.0); /* the source's item */
    assert_int_equal(sim_world_pending(w), 1);  /* the calendar's only */
    assert_true(sim_world_step(w));             /* item 0 at 1 */
    assert_true(sim_world_now(w) == 1.0);
    /* at 2 the event first, then item 1, which stops the run */
    assert_int_equal(sim_world_run_until(w, 10.0), SIM_RUN_STOPPED);
    assert_int_equal(log.n, 3);
    assert_int_equal(log.id[1], 7);
    assert_int_equal(log.id[2], 1001);
    assert_true(sim_world_now(w) == 2.0);
    /* the calendar is empty, the source is not: not EMPTY, and the run's
     * end holds back the item at 4 */
    assert_int_equal(sim_world_run_until(w, 3.0), SIM_RUN_REACHED);
    assert_int_equal(log.n, 3);
    sim_world_set_trace(w, on_trace_source, &tr);
    assert_true(sim_world_step(w)); /* item 2 at 4, traced */
    assert_int_equal(tr.calls, 1);
    assert_true(tr.consistent);
    assert_false(sim_world_step(w));
    assert_int_equal(sim_world_fired(w), 4);
    /* removed: the world runs its calendar alone again */
    sim_world_set_source(w, NULL, NULL, NULL);
    assert_true(isinf(sim_world_next_time(w)));
    sim_world_free(w);
}

/* --- lanes: the calendar's order with fewer calendar events -------------- */

/* Events that schedule more events at a few delays (many exact ties of
 * time) and priorities; one kind in two lanes (priorities 0 and 1) where
 * the world has them, in the calendar at the lanes' priorities where it
 * has none. Both worlds must fire the same events in the same order. */
enum { LN_MAX = 3000, LN_STOP = 2400 };

typedef struct lane_drive lane_drive;
typedef struct lane_tag {
    lane_drive *d;
    int id;
    int kind; /* 0-2: calendar at priority kind - 1; 3, 4: lane 0, 1 */
    bool pending;
    uint64_t handle; /* calendar events */
} lane_tag;

struct lane_drive {
    sim_world *w;
    sim_lane *lane[2]; /* NULL: everything in the calendar */
    sim_rng rng;
    lane_tag tag[LN_MAX];
    int n;
    fire_log log;
    fire_log traced;
};

static void lane_act(sim_world *w, void *subject, void *object);

static void lane_add(lane_drive *d, int kind, double at) {
    lane_tag *g = &d->tag[d->n];
    *g = (lane_tag){d, d->n, kind, true, 0};
    d->n++;
    if (kind >= 3 && d->lane[kind - 3])
        sim_lane_schedule(d->lane[kind - 3], at, g);
    else
        g->handle = sim_event_schedule(d->w, at, kind >= 3 ? kind - 3 : kind - 1, lane_act, g, NULL);
}

static void lane_act(sim_world *w, void *subject, void *object) {
    (void)object;
    lane_tag *g = subject;
    lane_drive *d = g->d;
    assert_true(g->pending);
    g->pending = false;
    assert_true(log_fire(&d->log, g->id, sim_world_now(w)));
    int k = (int)(sim_rng_u01(&d->rng) * 4.0);
    for (; k > 0 && d->n < LN_STOP; k--)
        lane_add(d, (int)(sim_rng_u01(&d->rng) * 5.0), sim_world_now(w) + 0.5 * (int)(sim_rng_u01(&d->rng) * 3.0));
    /* now and then the newest lane item is cancelled */
    lane_tag *last = &d->tag[d->n - 1];
    if (sim_rng_u01(&d->rng) < 0.1 && last->kind >= 3 && last->pending) {
        last->pending = false;
        if (d->lane[last->kind - 3])
            assert_true(sim_lane_cancel(d->lane[last->kind - 3], last));
        else
            assert_true(sim_event_cancel(w, last->handle));
    }
}

static void lane_trace(void *ctx, const sim_world *w, double time, sim_event_fn *fn, void *subject, void *object) {
    lane_drive *d = ctx;
    const lane_tag *g = subject;
    assert_true(fn == lane_act && object == NULL && time == sim_world_now(w));
    assert_true(log_fire(&d->traced, g->id, time));
}

/* Runs the workload with or without lanes, by run_until in slices of
 * `slice` or (slice 0) by steps. */
static void lane_run(lane_drive *d, bool lanes, double slice) {
    memset(d, 0, sizeof *d);
    d->w = sim_world_new();
    sim_rng_seed(&d->rng, 5, 21);
    if (lanes) {
        d->lane[0] = sim_lane_new(d->w, LN_MAX, 0, lane_act);
        d->lane[1] = sim_lane_new(d->w, LN_MAX, 1, lane_act);
        assert_non_null(d->lane[0]);
        assert_non_null(d->lane[1]);
    }
    sim_world_set_trace(d->w, lane_trace, d);
    for (int i = 0; i < 40; i++) lane_add(d, i % 5, 0.5 * (i % 4));
    assert_int_equal(sim_world_pending(d->w), 40);
    assert_true(sim_world_next_time(d->w) == 0.0);
    if (slice > 0.0) {
        for (double s = 0.0; sim_world_run_until(d->w, s) != SIM_RUN_EMPTY; s += slice) continue;
    } else {
        while (sim_world_step(d->w)) continue;
    }
    assert_int_equal(sim_world_pending(d->w), 0);
    assert_int_equal(sim_world_fired(d->w), d->log.n);
    sim_world_free(d->w);
}

static void test_lane_order(void **state) {
    (void)state;
    static lane_drive ref, lane;
    lane_run(&ref, false, 0.75);
    assert_true(ref.log.n > 1500);
    const double slices[] = {0.75, 0.0, 1e9};
    for (size_t k = 0; k < sizeof slices / sizeof *slices; k++) {
        lane_run(&lane, true, slices[k]);
        assert_int_equal(lane.log.n, ref.log.n);
        assert_memory_equal(lane.log.id, ref.log.id, ref.log.n * sizeof *ref.log.id);
        assert_memory_equal(lane.log.time, ref.log.time, ref.log.n * sizeof *ref.log.time);
        /* the trace hook sees each item as the calendar's event */
        assert_int_equal(lane.traced.n, ref.log.n);
        assert_memory_equal(lane.traced.id, ref.log.id, ref.log.n * sizeof *ref.log.id);
    }
}

/* A lane with the event source and a reset: the source's item goes first
 * only strictly before the lane's; reset empties the lane. */
static void test_lane_source_reset(void **state) {
    (void)state;
    fire_log log = {0};
    const double it[2] = {1.0, 3.0};
    own_queue q = {&log, it, 2, 0, 1.0, -1};
    tagged a = {&log, 1}, b = {&log, 2};
    sim_world *w = sim_world_new();
    sim_lane *l = sim_lane_new(w, 4, 0, record);
    sim_lane_schedule(l, 1.0, &a);
    sim_lane_schedule(l, 2.0, &b);
    assert_int_equal(sim_lane_pending(l), 2);
    sim_world_set_source(w, on_item, &q, &q.first);
    assert_int_equal(sim_world_run_until(w, 2.5), SIM_RUN_REACHED);
    assert_int_equal(log.n, 3); /* lane at 1, item at 1, lane at 2 */
    assert_int_equal(log.id[0], 1);
    assert_int_equal(log.id[1], 1000);
    assert_int_equal(log.id[2], 2);
    sim_world_set_source(w, NULL, NULL, NULL);
    sim_lane_schedule(l, 5.0, &a);
    assert_true(sim_world_next_time(w) == 5.0);
    assert_false(sim_lane_cancel(l, &b));
    sim_world_reset(w);
    assert_int_equal(sim_lane_pending(l), 0);
    assert_int_equal(sim_world_pending(w), 0);
    assert_false(sim_world_step(w));
    sim_world_free(w);
}

/* --- misuse is a bug: abort with file:line and a sentence ------------------ */

typedef void misuse_fn(void);

/* Runs fn in a child process and returns what it wrote on stderr; asserts
 * that it died of SIGABRT with a message from `file` that holds needle. */
static void expect_abort_in(misuse_fn *fn, const char *file, const char *needle) {
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGABRT, SIG_DFL);
        dup2(fds[1], 2);
        close(fds[0]);
        fn();
        _exit(0); /* not reached when the kernel aborts */
    }
    close(fds[1]);
    char buf[1024];
    size_t len = 0;
    ssize_t got;
    while (len < sizeof buf - 1 && (got = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)got;
    buf[len] = '\0';
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_non_null(strstr(buf, file));
    assert_non_null(strstr(buf, needle));
}

static void expect_abort(misuse_fn *fn, const char *needle) { expect_abort_in(fn, "sim_world.c:", needle); }

static void schedule_in_past(void) {
    sim_world *w = sim_world_new();
    sim_world_run_until(w, 5.0);
    sim_event_schedule(w, 4.0, 0, nothing, NULL, NULL);
}

static void lane_in_past(void) {
    sim_world *w = sim_world_new();
    sim_lane *l = sim_lane_new(w, 2, 0, nothing);
    sim_world_run_until(w, 5.0);
    sim_lane_schedule(l, 4.0, NULL);
}

static void lane_over_capacity(void) {
    sim_world *w = sim_world_new();
    sim_lane *l = sim_lane_new(w, 2, 0, nothing);
    for (int i = 0; i < 3; i++) sim_lane_schedule(l, 1.0, NULL);
}

static void schedule_at_nan(void) {
    sim_world *w = sim_world_new();
    sim_event_schedule(w, NAN, 0, nothing, NULL, NULL);
}

static void negative_delay(void) {
    sim_world *w = sim_world_new();
    sim_event_after(w, -1.0, 0, nothing, NULL, NULL);
}

static void reschedule_into_past(void) {
    sim_world *w = sim_world_new();
    uint64_t h = sim_event_schedule(w, 9.0, 0, nothing, NULL, NULL);
    sim_world_run_until(w, 5.0);
    sim_event_reschedule(w, h, 1.0);
}

/* --- the calendar against a plain reference --------------------------- */

/* Random workloads run on the kernel and, alongside, on a reference that
 * keeps every pending event in an array and fires the least by (time,
 * priority, sequence) found by a full scan. Actions schedule, cancel and
 * reschedule at random with delays that mix exponential spreads, exact
 * ties, far-future jumps, tiny steps and +infinity, so that every part of
 * the ladder (small mode, rungs, splitting, top, the +infinity list) is
 * exercised; the fired order, the clock, next_time and the pending count
 * must match the reference at every step. */

typedef struct ref_ev {
    double time;
    int priority;
    uint64_t seq;
    uint64_t handle;
    size_t live_at; /* index in live[], or SIZE_MAX */
} ref_ev;

typedef struct diff {
    sim_world *w;
    sim_rng rng;
    int mode;
    ref_ev *ev;
    size_t nev, cap;
    size_t *live;
    size_t nlive;
    uint64_t seq;
    size_t budget; /* events that may still be scheduled */
    size_t steady; /* > 0: keep about this many pending (else the calendar grows) */
    size_t fired;
    bool mismatch;
} diff;

static bool ref_less(const ref_ev *a, const ref_ev *b) {
    if (a->time != b->time) return a->time < b->time;
    if (a->priority != b->priority) return a->priority > b->priority;
    return a->seq < b->seq;
}

static size_t ref_first(const diff *d) {
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < d->nlive; i++)
        if (best == SIZE_MAX || ref_less(&d->ev[d->live[i]], &d->ev[best])) best = d->live[i];
    return best;
}

static void ref_unlive(diff *d, size_t id) {
    size_t at = d->ev[id].live_at;
    d->live[at] = d->live[--d->nlive];
    d->ev[d->live[at]].live_at = at;
    d->ev[id].live_at = SIZE_MAX;
}

static double random_delay(diff *d) {
    double u = sim_rng_u01(&d->rng);
    int pick = (int)(sim_rng_u01(&d->rng) * 100.0);
    switch (d->mode) {
    case 0: /* smooth: the hold model's exponential delays */
        return -log(1.0 - u);
    case 1: /* ties: a few exact delays, many events at equal times */
        return (double)(pick % 4);
    default: /* a bit of everything */
        if (pick < 40) return -log(1.0 - u);
        if (pick < 55) return 0.0;
        if (pick < 65) return (double)(pick % 3);
        if (pick < 75) return 1e6 * u;
        if (pick < 85) return 1e-9 * u;
        if (pick < 90) return 4.9e-324 * (double)(pick % 2);
        if (pick < 92) return INFINITY;
        return 100.0 * u * u;
    }
}

static int random_priority(diff *d) {
    static const int prios[] = {0, 0, 0, 1, -1, 7, INT_MAX, INT_MIN};
    return prios[(size_t)(sim_rng_u01(&d->rng) * 8.0)];
}

static void diff_fire(sim_world *w, void *subject, void *object);

static void diff_schedule(diff *d) {
    if (d->budget == 0) return;
    d->budget--;
    assert_true(d->nev < d->cap);
    size_t id = d->nev++;
    ref_ev *e = &d->ev[id];
    e->time = sim_world_now(d->w) + random_delay(d);
    e->priority = random_priority(d);
    e->seq = d->seq++;
    e->handle = sim_event_schedule(d->w, e->time, e->priority, diff_fire, d, (void *)(uintptr_t)id);
    e->live_at = d->nlive;
    d->live[d->nlive++] = id;
}

static void diff_fire(sim_world *w, void *subject, void *object) {
    diff *d = subject;
    size_t id = (size_t)(uintptr_t)object;
    size_t expect = ref_first(d);
    if (id != expect || sim_world_now(w) != d->ev[id].time) d->mismatch = true;
    ref_unlive(d, id);
    d->fired++;
    if (!isfinite(sim_world_now(w))) return; /* nothing can follow +infinity */
    int news = 1 + (sim_rng_u01(&d->rng) < 0.5); /* the calendar grows to the budget */
    if (d->steady) { /* events at +infinity wait for the end: not counted */
        size_t finite = 0;
        for (size_t i = 0; i < d->nlive; i++) finite += isfinite(d->ev[d->live[i]].time) ? 1u : 0u;
        news = finite < d->steady ? 2 : finite > d->steady ? 0 : 1;
    }
    for (int k = 0; k < news; k++) diff_schedule(d);
    double u = sim_rng_u01(&d->rng);
    if (u < 0.15 && d->nlive) { /* cancel a pending event */
        size_t victim = d->live[(size_t)(sim_rng_u01(&d->rng) * (double)d->nlive)];
        if (!sim_event_cancel(w, d->ev[victim].handle)) d->mismatch = true;
        ref_unlive(d, victim);
    } else if (u < 0.30 && d->nlive) { /* move a pending event */
        size_t m = d->live[(size_t)(sim_rng_u01(&d->rng) * (double)d->nlive)];
        ref_ev *e = &d->ev[m];
        e->time = sim_world_now(w) + random_delay(d);
        e->seq = d->seq++;
        if (!sim_event_reschedule(w, e->handle, e->time)) d->mismatch = true;
    }
}

static void run_differential(int mode, size_t initial, size_t total, uint64_t seed, size_t steady) {
    diff d = {0};
    d.steady = steady;
    d.w = sim_world_new();
    assert_non_null(d.w);
    sim_rng_seed(&d.rng, seed, (uint64_t)mode);
    d.mode = mode;
    d.cap = total;
    d.budget = total;
    d.ev = calloc(total, sizeof *d.ev);
    d.live = calloc(total, sizeof *d.live);
    assert_true(d.ev && d.live);
    for (size_t i = 0; i < initial; i++) diff_schedule(&d);
    size_t steps = 0;
    while (!d.mismatch) {
        size_t first = ref_first(&d);
        double expect_next = first == SIZE_MAX ? INFINITY : d.ev[first].time;
        if (sim_world_next_time(d.w) != expect_next) d.mismatch = true;
        if (sim_world_pending(d.w) != d.nlive) d.mismatch = true;
        if (d.nlive && (steps % 7) == 0) { /* the pending query agrees too */
            size_t any = d.live[steps % d.nlive];
            double t = -1.0;
            if (!sim_event_pending(d.w, d.ev[any].handle, &t) || t != d.ev[any].time)
                d.mismatch = true;
        }
        if (!sim_world_step(d.w)) break;
        steps++;
    }
    if (d.mismatch)
        fail_msg("mode %d, %zu initial events, seed %llu: the calendar left the reference "
                 "after %zu events", mode, initial, (unsigned long long)seed, d.fired);
    assert_int_equal(d.nlive, 0);
    assert_int_equal(sim_world_pending(d.w), 0);
    assert_true(d.fired > total / 2);
    sim_world_free(d.w);
    free(d.ev);
    free(d.live);
}

static void test_matches_reference(void **state) {
    (void)state;
    static const size_t initial[] = {1, 8, 70, 400, 3000};
    for (int mode = 0; mode < 3; mode++)
        for (size_t i = 0; i < sizeof initial / sizeof initial[0]; i++)
            for (uint64_t seed = 1; seed <= 3; seed++)
                run_differential(mode, initial[i], initial[i] + 6000, seed, 0);
}

/* A calendar that stays small (about 3 to 20 events pending, across the
 * small-mode limit and back): small mode keeps only its first event in
 * place and the others in no order, and must fire them in exactly the
 * reference's order too, ties, cancels and reschedules included. */
static void test_small_matches_reference(void **state) {
    (void)state;
    static const size_t steady[] = {3, 4, 5, 9, 15, 16, 17, 20};
    for (int mode = 0; mode < 3; mode++)
        for (size_t i = 0; i < sizeof steady / sizeof steady[0]; i++)
            for (uint64_t seed = 1; seed <= 3; seed++) run_differential(mode, steady[i], 20000, seed, steady[i]);
}

/* Thousands of events at one time cannot be split by bucket width; they
 * must still come out by priority, then FIFO, and interleave correctly with
 * events scheduled while they are being fired. */
static void test_mass_tie(void **state) {
    (void)state;
    run_differential(1, 20000, 26000, 11, 0);
}

static void test_misuse_aborts(void **state) {
    (void)state;
    expect_abort(schedule_in_past, "in the past");
    expect_abort(schedule_at_nan, "NaN");
    expect_abort(negative_delay, "negative");
    expect_abort(reschedule_into_past, "into the past");
    expect_abort_in(lane_in_past, "sim_lane.c:", "lane item scheduled in the past");
    expect_abort_in(lane_over_capacity, "sim_lane.c:", "beyond the lane's capacity");
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_order_time_priority_fifo),
        cmocka_unit_test(test_order_close_times),
        cmocka_unit_test(test_order_extreme_priorities),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_cancel_many),
        cmocka_unit_test(test_reschedule),
        cmocka_unit_test(test_reschedule_same_time),
        cmocka_unit_test(test_reschedule_many),
        cmocka_unit_test(test_stale_handles),
        cmocka_unit_test(test_own_handle_stale_in_action),
        cmocka_unit_test(test_run_in_slices),
        cmocka_unit_test(test_run_until_edges),
        cmocka_unit_test(test_schedule_now_from_action),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_step),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_pool_reuse),
        cmocka_unit_test(test_small_chain),
        cmocka_unit_test(test_small_matches_reference),
        cmocka_unit_test(test_pool_growth),
        cmocka_unit_test(test_trace),
        cmocka_unit_test(test_source),
        cmocka_unit_test(test_source_step_stop),
        cmocka_unit_test(test_lane_order),
        cmocka_unit_test(test_lane_source_reset),
        cmocka_unit_test(test_matches_reference),
        cmocka_unit_test(test_mass_tie),
        cmocka_unit_test(test_misuse_aborts),
)
