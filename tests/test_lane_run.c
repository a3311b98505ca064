/*
 * test_lane_run.c - a lane's inline run loop (sim_lane_run) against the
 * world's general loop, and the lane's first-due item kept by a scan:
 * the same events in the same order, the same counts, limits and stops,
 * exact ties decided by sequence number.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "sim_lane.h"
#include "sim_rng.h"
#include "sim_world.h"
#include "test_main.h"

#define SUBJECTS 6
#define LOG_MAX 20000

/* A workload of one lane and, now and then, calendar events: each item
 * reschedules its subject after a delay of 0, 0.5, 1 or 1.5 (exact ties
 * all the time), one in 23 also schedules a calendar event at the same
 * time or later at priority -1, 0 or 1, one in eleven cancels another
 * subject's item and schedules it again. */
typedef struct drive drive;
typedef struct subj {
    drive *d;
    int id;
} subj;

struct drive {
    sim_world *w;
    sim_lane *lane;
    sim_rng rng;
    subj s[SUBJECTS];
    size_t n;
    int id[LOG_MAX];
    double time[LOG_MAX];
    uint64_t direct; /* items fired by sim_lane_run's loop */
    uint64_t stop_at; /* sim_world_stop at this event (0: never) */
};

static void note(drive *d, int id) {
    if (d->n < LOG_MAX) {
        d->id[d->n] = id;
        d->time[d->n] = sim_world_now(d->w);
    }
    d->n++;
    if (d->stop_at && sim_world_fired(d->w) == d->stop_at) sim_world_stop(d->w);
}

static double delay(drive *d) { return 0.5 * (double)(sim_rng_next(&d->rng) % 4); }

static void on_cal(sim_world *w, void *subject, void *object) {
    (void)w, (void)object;
    subj *s = subject;
    note(s->d, 100 + s->id);
}

static void on_item(sim_world *w, void *subject, void *object) {
    (void)object;
    subj *s = subject;
    drive *d = s->d;
    note(d, s->id);
    if (d->n > 4000) return; /* the workload ends */
    uint64_t u = sim_rng_next(&d->rng);
    if (u % 23 == 0) sim_event_schedule(w, sim_world_now(w) + delay(d), (int)(u / 23 % 3) - 1, on_cal, s, NULL);
    if (u % 11 == 0) {
        subj *o = &d->s[(s->id + 1) % SUBJECTS];
        if (sim_lane_cancel(d->lane, o)) sim_lane_schedule(d->lane, sim_world_now(w) + delay(d), o);
    }
    sim_lane_schedule(d->lane, sim_world_now(w) + delay(d), s);
}

static inline void fire_direct(sim_world *w, void *subject) {
    ((subj *)subject)->d->direct++;
    on_item(w, subject, NULL);
}

static void drive_start(drive *d, uint64_t stop_at) {
    memset(d, 0, sizeof *d);
    d->w = sim_world_new();
    assert_non_null(d->w);
    d->lane = sim_lane_new(d->w, SUBJECTS, 0, on_item);
    assert_non_null(d->lane);
    sim_rng_seed(&d->rng, 7, 1);
    d->stop_at = stop_at;
    for (int i = 0; i < SUBJECTS; i++) {
        d->s[i] = (subj){d, i};
        sim_lane_schedule(d->lane, (double)(i % 2), &d->s[i]);
    }
}

/* Runs to time t in slices of `slice` events, through the lane's loop or
 * not; the statuses in st[] (at most nst), their number returned. */
static size_t drive_run(drive *d, double t, uint64_t slice, bool direct, sim_run_status *st, size_t nst) {
    size_t k = 0;
    for (;;) {
        uint64_t max = sim_world_fired(d->w) + slice;
        sim_run_status s = direct ? sim_lane_run(d->lane, t, max, fire_direct) : SIM_RUN_REACHED;
        if (s == SIM_RUN_REACHED) s = sim_world_run_until_max(d->w, t, max);
        if (k < nst) st[k] = s;
        k++;
        if (s != SIM_RUN_LIMIT && s != SIM_RUN_STOPPED) return k;
    }
}

static void assert_same(const drive *a, const drive *b) {
    assert_int_equal(a->n, b->n);
    assert_int_equal(sim_world_fired(a->w), sim_world_fired(b->w));
    assert_int_equal(sim_world_pending(a->w), sim_world_pending(b->w));
    assert_true(sim_world_now(a->w) == sim_world_now(b->w));
    size_t n = a->n < LOG_MAX ? a->n : LOG_MAX;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a->id[i], b->id[i]);
        assert_true(a->time[i] == b->time[i]);
    }
}

static void drive_free(drive *d) { sim_world_free(d->w); }

/* The same events in the same order, in slices of various lengths, and
 * most of them through the lane's loop. */
static void test_lane_run_same_order(void **state) {
    (void)state;
    static drive a, b;
    const uint64_t slices[] = {1, 2, 37, 1000, UINT64_MAX / 2};
    for (size_t i = 0; i < sizeof slices / sizeof *slices; i++) {
        sim_run_status sa[64], sb[64];
        drive_start(&a, 0);
        drive_start(&b, 0);
        size_t na = drive_run(&a, 1e9, slices[i], false, sa, 64);
        size_t nb = drive_run(&b, 1e9, slices[i], true, sb, 64);
        assert_int_equal(na, nb);
        for (size_t k = 0; k < na && k < 64; k++) assert_int_equal(sa[k], sb[k]);
        assert_same(&a, &b);
        assert_true(a.n > 4000);
        assert_int_equal(a.direct, 0);
        /* Through the loop while the calendar is empty: from each slice's
         * start until a calendar event is pending (then the world's loop
         * runs the rest of the slice). */
        assert_true(b.direct > 0);
        if (slices[i] <= 2) assert_true(b.direct > b.n / 2);
        assert_true(b.direct < b.n);
        drive_free(&a);
        drive_free(&b);
    }
}

/* Runs to a time in steps (the clock moved to each), a stop asked by an
 * action (the same status and event as the general loop's), and a trace
 * hook (every event through the general loop, which calls it). */
static void count_trace(void *ctx, const sim_world *w, double time, sim_event_fn *fn, void *subject, void *object) {
    (void)w, (void)time, (void)fn, (void)subject, (void)object;
    (*(uint64_t *)ctx)++;
}

static void test_lane_run_steps_stop_trace(void **state) {
    (void)state;
    static drive a, b;
    drive_start(&a, 0);
    drive_start(&b, 0);
    for (double t = 0.25; t < 400.0; t += 3.75) {
        sim_run_status s1, s2;
        drive_run(&a, t, 1000, false, &s1, 1);
        drive_run(&b, t, 1000, true, &s2, 1);
        assert_int_equal(s1, s2);
        assert_true(sim_world_now(b.w) == t || sim_world_now(b.w) > t);
        assert_same(&a, &b);
    }
    drive_free(&a);
    drive_free(&b);

    drive_start(&a, 2); /* the calendar is still empty: in the loop */
    drive_start(&b, 2);
    sim_run_status sa[8], sb[8];
    size_t na = drive_run(&a, 1e9, UINT64_MAX / 2, false, sa, 8);
    size_t nb = drive_run(&b, 1e9, UINT64_MAX / 2, true, sb, 8);
    assert_int_equal(b.direct, 2); /* the stop came inside the loop */
    assert_int_equal(na, 2);
    assert_int_equal(nb, 2);
    assert_int_equal(sa[0], SIM_RUN_STOPPED);
    assert_int_equal(sb[0], SIM_RUN_STOPPED);
    assert_same(&a, &b);
    drive_free(&a);
    drive_free(&b);

    uint64_t traced = 0;
    drive_start(&b, 0);
    sim_world_set_trace(b.w, count_trace, &traced);
    sim_run_status s;
    drive_run(&b, 1e9, 1000, true, &s, 1);
    assert_int_equal(b.direct, 0);
    assert_int_equal(traced, sim_world_fired(b.w));
    drive_free(&b);
}

/* Items at equal times come out by sequence number whatever their slots;
 * a cancel takes the subject's first-due item; pending counts them. */
static void test_lane_ties_cancel(void **state) {
    (void)state;
    static drive d;
    drive_start(&d, 0);
    sim_world_free(d.w);
    d.w = sim_world_new();
    d.lane = sim_lane_new(d.w, 8, 0, on_cal);
    subj s[8];
    for (int i = 0; i < 8; i++) s[i] = (subj){&d, i};
    d.stop_at = 0;
    /* Times 2, 1, 2, 1, 2, 1, 2, 1: the ones first, each time in order. */
    for (int i = 0; i < 8; i++) sim_lane_schedule(d.lane, i % 2 ? 1.0 : 2.0, &s[i]);
    assert_int_equal(sim_lane_pending(d.lane), 8);
    assert_true(sim_lane_cancel(d.lane, &s[3]));
    assert_false(sim_lane_cancel(d.lane, &s[3]));
    assert_int_equal(sim_world_pending(d.w), 7);
    sim_world_run_until(d.w, 10.0);
    const int want[] = {101, 105, 107, 100, 102, 104, 106};
    assert_int_equal(d.n, 7);
    for (int i = 0; i < 7; i++) assert_int_equal(d.id[i], want[i]);
    sim_world_free(d.w);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_lane_run_same_order),
        cmocka_unit_test(test_lane_run_steps_stop_trace),
        cmocka_unit_test(test_lane_ties_cancel),
)
