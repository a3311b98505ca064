/*
 * sim_lane.h - a lane: events of one kind that a model keeps out of the
 * world's calendar, in the calendar's own order.
 *
 * A lane holds up to `cap` pending items, each fired as fn(w, subject,
 * NULL) at the lane's priority: a station's completions, one per busy
 * server. An item takes its sequence number from the world's counter when
 * it is scheduled, exactly as sim_event_schedule would have given it, and
 * the world fires whichever comes first of its calendar's first event and
 * each lane's first item by (time, priority, sequence). So moving events
 * of one action from the calendar into a lane changes nothing a model
 * sees: the order of events, sim_world_fired, sim_world_next_time, the
 * trace hook (called with fn and the subject) and sim_world_pending (which
 * counts the items) stay what they were, bit for bit. What it saves is the
 * calendar's record per event: an item is three words in short arrays,
 * appended, and the first-due one is found again by a scan of all cap
 * slots, without a branch on the times, when it is taken.
 *
 * Cost. Taking an item scans the lane's cap slots, a cancel searches it: a
 * lane is for a dozen pending items at most (the servers of a short
 * line), not for a plant's thousands.
 *
 * Ownership. The world owns its lanes: sim_lane_new registers one (at most
 * SIM_LANES_MAX per world), sim_world_free frees them, sim_world_reset
 * empties them. Memory comes through the world's allocator
 * (sim_world_set_alloc), all of it when the lane is made: scheduling
 * allocates nothing.
 *
 * Dependencies: libc (sim_world.h).
 */
#ifndef SIM_LANE_H
#define SIM_LANE_H

#include <stdbool.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>

#include "sim_world.h"

typedef struct sim_lane sim_lane;

/// Lanes a world can hold.
#define SIM_LANES_MAX 4

/// Makes a lane of world w for at most cap pending items fired as
/// fn(w, subject, NULL) at `priority`, owned by w; NULL when out of
/// memory or w already has SIM_LANES_MAX lanes.
sim_lane *sim_lane_new(sim_world *w, size_t cap, int priority, sim_event_fn *fn);
/// Schedules an item for subject at absolute time `time` (>= now). More
/// than cap items pending, an earlier or a NaN time are bugs (they abort
/// with a message). Inline: a completion path calls it for every event.
static inline void sim_lane_schedule(sim_lane *l, double time, void *subject);
/// An action fired by sim_lane_run: fn(w, subject).
typedef void sim_lane_fire_fn(sim_world *w, void *subject);
/// Runs world w = the lane's world as sim_world_run_until_max(w, t,
/// max_fired) would while lane l alone has events: no event in the
/// calendar, no event source, no other lane and no trace hook. Each item
/// is fired as fire(w, subject), with the clock at its time and counted as
/// fired; pass a static inline function: inlined with this loop into the
/// caller, it runs without the world's general loop and its indirect call
/// (a short line's completions, mdl_run_lean.c). Returns SIM_RUN_LIMIT,
/// SIM_RUN_STOPPED or SIM_RUN_OUT_OF_MEMORY as that call would, and then
/// the run is where that call would have left it; otherwise
/// SIM_RUN_REACHED, and the caller goes on with sim_world_run_until_max(w,
/// t, max_fired), which fires what is left (the calendar's events, ties
/// with them, the lane's items after them) and moves the clock to t. The
/// order of events is the same either way.
static inline sim_run_status sim_lane_run(sim_lane *l, double t, uint64_t max_fired, sim_lane_fire_fn *fire);
/// Removes the first-due pending item of subject; false when it has none.
bool sim_lane_cancel(sim_lane *l, const void *subject);
/// Number of pending items.
size_t sim_lane_pending(const sim_lane *l);

/* The layout, for the inline functions: treat it as private. The pending
 * items are slots [0, n) of three arrays (time, sequence number, subject)
 * in no order; the slots [n, cap) hold +infinity and the largest sequence
 * number, so that a scan of the slots [0, high), high the most items ever
 * pending at once, finds the first-due item with no branch on the data:
 * its length is the same at every take (a sorted array's insertion stops
 * at a random place, about one mispredicted branch per item). `first` is the slot of
 * the first-due item by (time, seq), kept on every change; seq is the
 * world's counter. */
struct sim_lane {
    double *time;
    uint64_t *seqs;
    void **subject;
    size_t n, cap, first, high;
    uint64_t *seq;
    sim_world *w;
    int priority;
    sim_event_fn *fn;
};

/// (private) sim_lane_schedule's rare cases: a misuse (aborts), more
/// items pending than ever before (high grows).
void sim__lane_schedule_rare(sim_lane *l, double time);
/// (private) The first-due slot by (time, seq) when two items' times
/// are equal (sim__lane_take's scan flags it).
size_t sim__lane_first_tied(const sim_lane *l);
/// (private) Whether lane l is its world's only source of events but the
/// calendar (no other lane, no event source), for sim_lane_run.
bool sim__lane_alone(const sim_lane *l);
/// (private) A stop asked during sim_lane_run: its status, the stop flag
/// cleared (as sim_world_run_until_max does).
sim_run_status sim__lane_stopped(sim_lane *l);

/// (private) Takes the first-due item (the lane is not empty): its time in
/// *time, its subject returned; the next first-due item found.
static inline void *sim__lane_take(sim_lane *l, double *time) {
    size_t f = l->first, last = --l->n;
    double *t = l->time;
    uint64_t *q = l->seqs;
    void *subject = l->subject[f];
    *time = t[f];
    t[f] = t[last];
    q[f] = q[last];
    l->subject[f] = l->subject[last];
    t[last] = INFINITY;
    q[last] = UINT64_MAX;
    /* The first of the times, with no branch on them: the loop runs high
     * times whatever n is. Equal times (a tie, or a tie with a time that
     * lost later) go to the sequence-aware scan. */
    size_t best = 0;
    double bt = t[0];
    bool tie = false;
    for (size_t k = 1; k < l->high; k++) {
        double tk = t[k];
        tie |= tk == bt;
        bool lt = tk < bt;
        best = lt ? k : best;
        bt = lt ? tk : bt;
    }
    l->first = tie && l->n > 1 ? sim__lane_first_tied(l) : best;
    return subject;
}

static inline sim_run_status sim_lane_run(sim_lane *l, double t, uint64_t max_fired, sim_lane_fire_fn *fire) {
    sim_world *w = l->w;
    struct sim__world_clock *c = (struct sim__world_clock *)(void *)w;
    c->stop = false;
    if (!sim__lane_alone(l)) return SIM_RUN_REACHED;
    /* The calendar is empty (and stays checked: an action may schedule
     * into it), so the lane's first item is the world's next event. */
    while (l->n && c->pending == 0 && !c->trace) {
        if (!(l->time[l->first] <= t)) break;
        if (c->fired >= max_fired) return SIM_RUN_LIMIT;
        double time;
        void *subject = sim__lane_take(l, &time);
        c->now = time;
        c->fired++;
        fire(w, subject);
        if (c->stop) return sim__lane_stopped(l);
    }
    return SIM_RUN_REACHED;
}

static inline void sim_lane_schedule(sim_lane *l, double time, void *subject) {
    if (!(time >= sim_world_now(l->w)) || l->n >= l->high) sim__lane_schedule_rare(l, time);
    size_t k = l->n++;
    /* The new item's sequence number is the newest: it comes first only
     * by an earlier time (or in an empty lane). */
    bool first = (time < l->time[l->first]) | (k == 0);
    l->time[k] = time;
    l->seqs[k] = (*l->seq)++;
    l->subject[k] = subject;
    l->first ^= (l->first ^ k) & ((size_t)0 - (size_t)first); /* k if first, without a branch */
}

#endif
