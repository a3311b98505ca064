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
 * calendar's record per event: an item is three words in a short sorted
 * array, inserted from its end.
 *
 * Cost. An insertion moves the items due after the new one, a cancel
 * searches the lane: a lane is for a few dozen pending items at most (the
 * servers of a short line), not for a plant's thousands.
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

/* The layout, for the inline sim_lane_schedule: treat it as private. An
 * item is its key but the lane's priority, and its subject. The pending
 * items are item[head, end), sorted by (time, seq); the storage holds
 * `room` items, at least twice cap, so that sliding the live part back to
 * the front (when end reaches room) is rare. seq is the world's counter. */
typedef struct sim__lane_item {
    double time;
    uint64_t seq;
    void *subject;
} sim__lane_item;

struct sim_lane {
    sim__lane_item *item;
    size_t head, end, room, cap;
    uint64_t *seq;
    sim_world *w;
    int priority;
    sim_event_fn *fn;
};

/// (private) sim_lane_schedule's rare cases: a misuse (aborts), the live
/// part slid to the storage's front.
void sim__lane_schedule_rare(sim_lane *l, double time);

/// (private) Whether lane l is its world's only source of events but the
/// calendar (no other lane, no event source), for sim_lane_run.
bool sim__lane_alone(const sim_lane *l);
/// (private) A stop asked during sim_lane_run: its status, the stop flag
/// cleared (as sim_world_run_until_max does).
sim_run_status sim__lane_stopped(sim_lane *l);

static inline sim_run_status sim_lane_run(sim_lane *l, double t, uint64_t max_fired, sim_lane_fire_fn *fire) {
    sim_world *w = l->w;
    struct sim__world_clock *c = (struct sim__world_clock *)(void *)w;
    c->stop = false;
    if (!sim__lane_alone(l)) return SIM_RUN_REACHED;
    /* The calendar is empty (and stays checked: an action may schedule
     * into it), so the lane's first item is the world's next event. */
    while (l->head != l->end && c->pending == 0 && !c->trace) {
        const sim__lane_item *it = &l->item[l->head];
        double time = it->time;
        if (!(time <= t)) break;
        if (c->fired >= max_fired) return SIM_RUN_LIMIT;
        l->head++;
        c->now = time;
        c->fired++;
        fire(w, it->subject);
        if (c->stop) return sim__lane_stopped(l);
    }
    return SIM_RUN_REACHED;
}

static inline void sim_lane_schedule(sim_lane *l, double time, void *subject) {
    if (!(time >= sim_world_now(l->w)) || l->end == l->room || l->end - l->head >= l->cap)
        sim__lane_schedule_rare(l, time);
    /* One step of insertion sort from the end: the new item's sequence
     * number is the newest, so it goes after every item of its time. */
    sim__lane_item *a = l->item;
    size_t pos = l->end++, head = l->head;
    for (; pos > head && a[pos - 1].time > time; pos--) a[pos] = a[pos - 1];
    a[pos].time = time;
    a[pos].seq = (*l->seq)++;
    a[pos].subject = subject;
}

#endif
