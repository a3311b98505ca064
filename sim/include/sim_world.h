/*
 * sim_world.h - the discrete-event kernel: clock and event calendar.
 *
 * A sim_world owns a simulation clock (double seconds) and a calendar of
 * pending events. An event is a record (function, subject, object) that the
 * world calls when the clock reaches its time. Everything is passed
 * explicitly: there are no globals, so worlds run side by side on threads
 * (one world per thread; a world itself is not thread-safe).
 *
 * Ordering. Events fire in increasing time; among events with the same time,
 * the higher priority fires first; among events with the same time and
 * priority, the one scheduled first fires first (FIFO by insertion
 * sequence). The order is therefore a pure function of the calls made, and
 * identical on every run and every machine. A lane (sim_lane.h) keeps the
 * events of one action outside the calendar in this same order.
 *
 * Handles. sim_event_schedule returns a non-zero uint64_t handle made of a
 * slot index and a generation. Once the event has fired or been cancelled
 * its slot's generation moves on, so an old handle no longer matches:
 * cancelling, rescheduling or querying a stale handle is a harmless no-op
 * that returns false. SIM_EVENT_NONE (0) is never a valid handle.
 *
 * Memory. Event records live in a pool owned by the world that grows by
 * doubling and recycles freed records through a free list: in steady state
 * scheduling allocates nothing. The calendar is a ladder queue, O(1)
 * amortised per event, that is a plain sorted array while few events are
 * pending (measured against heaps in bench/, see bench/README.md).
 *
 * Dependencies: libc and libm only.
 */
#ifndef SIM_WORLD_H
#define SIM_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_world sim_world;

/// Handle of a scheduled event; 0 (SIM_EVENT_NONE) is never valid.
#define SIM_EVENT_NONE ((uint64_t)0)

/// Default priority; higher values fire first among events at the same time.
#define SIM_PRIO_NORMAL 0

/// An event action: called with the world, the event's subject and object.
typedef void sim_event_fn(sim_world *w, void *subject, void *object);

/// Trace hook: called before every event fires (off by default); fn is
/// NULL for an item of the event source (sim_world_set_source).
typedef void sim_trace_fn(void *ctx, const sim_world *w, double time,
                          sim_event_fn *fn, void *subject, void *object);

/// Why sim_world_run_until returned.
typedef enum sim_run_status {
    SIM_RUN_REACHED = 0, ///< the clock reached the requested time
    SIM_RUN_STOPPED = 1, ///< an action called sim_world_stop
    SIM_RUN_EMPTY = 2,   ///< no event left (nor an item of the event source); the clock was still moved to the time
    SIM_RUN_LIMIT = 3,   ///< sim_world_run_until_max: the event count reached its limit first; the clock stays at the last event
    SIM_RUN_OUT_OF_MEMORY = 4 ///< the event pool or the calendar could not grow (sim_world_out_of_memory); the run stopped there
} sim_run_status;

/// Creates a world at time 0 with an empty calendar; NULL if out of memory.
/// The caller frees it with sim_world_free.
sim_world *sim_world_new(void);
/// Frees the world and every pending event; NULL is a no-op.
void sim_world_free(sim_world *w);
/// Drops every pending event, sets the clock to 0 and clears the stop flag;
/// handles issued before are stale afterwards.
void sim_world_reset(sim_world *w);

/* The clock is read by every action of every model, so it is the field
 * of the world this header shows, for inlining: a world begins with this
 * struct. With it, the few counters a lane's inline run loop reads and
 * writes (sim_lane_run, sim_lane.h). Treat it as private; read the time
 * with sim_world_now. */
struct sim__world_clock {
    double now;
    uint64_t fired;       /* events fired since creation or reset */
    size_t pending;       /* events in the calendar (not the lanes' items) */
    sim_trace_fn *trace;  /* sim_world_set_trace, NULL when none */
    bool stop;            /* sim_world_stop */
};

/// Current simulation time in seconds.
static inline double sim_world_now(const sim_world *w) {
    return ((const struct sim__world_clock *)(const void *)w)->now;
}
/// Number of pending events (the lanes' items included, the event
/// source's not).
size_t sim_world_pending(const sim_world *w);
/// Number of events fired since creation or reset.
uint64_t sim_world_fired(const sim_world *w);
/// Time of the next pending event (or item of a lane or of the event
/// source), or INFINITY when there is none.
double sim_world_next_time(const sim_world *w);

/// Fires events in order while their time is <= t, then sets the clock to t
/// (unless stopped). Calling it repeatedly with increasing t is the same as
/// one call with the last t: this is how the viewer advances in slices.
sim_run_status sim_world_run_until(sim_world *w, double t);
/// sim_world_run_until that also returns (SIM_RUN_LIMIT) before firing an
/// event once sim_world_fired has reached max_fired; calling it again goes
/// on where it left off. Callers run long spans in slices of events this
/// way (progress, a watch for time standing still) with the same result.
sim_run_status sim_world_run_until_max(sim_world *w, double t, uint64_t max_fired);
/// Fires the next event (or item of a lane or of the event source), if
/// any; false when there is none.
bool sim_world_step(sim_world *w);
/// Asks a running sim_world_run_until to return after the current event.
void sim_world_stop(sim_world *w);

/// An event source: events a model keeps in a queue of its own.
typedef void sim_source_fn(sim_world *w, void *ctx);
/// Installs (fn != NULL) or removes (fn == NULL) the world's event source.
/// *next is the time of the source's first item (+infinity when it has
/// none), which the model keeps current. Whenever *next is earlier than the
/// first pending event (strictly: on a tie the calendar's event, or a
/// lane's item, runs first)
/// and not after the end of the running sim_world_run_until, the world
/// moves the clock to *next and calls fn(w, ctx), which must take that item
/// (and so move *next on); it counts as a fired event, and the trace hook
/// sees it with a NULL action and ctx as subject. A model whose items make
/// up most of its events (the AGVs' node passes) saves a calendar operation
/// per item this way. sim_world_next_time and sim_world_step include the
/// source; sim_world_pending does not. One source per world.
void sim_world_set_source(sim_world *w, sim_source_fn *fn, void *ctx, const double *next);

/// An allocator with realloc's contract, in the style of Lua's lua_Alloc:
/// size 0 frees ptr and returns NULL; NULL otherwise means out of memory
/// (ptr is then untouched). It works on the C heap (it may be given blocks
/// from malloc, and its blocks may end in free): it is a seam to watch or
/// fail allocations, as tests do, not a separate heap.
typedef void *sim_alloc_fn(void *ctx, void *ptr, size_t size);
/// Routes the world's growth (event pool, calendar) and sim_world_realloc
/// through fn (NULL: the C library).
void sim_world_set_alloc(sim_world *w, sim_alloc_fn *fn, void *ctx);
/// Grows, shrinks or frees (size 0) a block through the world's allocator,
/// for the pools of the models that run on it; NULL when out of memory.
void *sim_world_realloc(sim_world *w, void *ptr, size_t size);
/// True once the world could not grow: sim_event_schedule then returned
/// SIM_EVENT_NONE and the world stopped as sim_world_stop does. The world
/// is no longer complete; its owner reports the failure and frees it.
bool sim_world_out_of_memory(const sim_world *w);

/// Installs (fn != NULL) or removes (fn == NULL) the trace hook.
void sim_world_set_trace(sim_world *w, sim_trace_fn *fn, void *ctx);

/// Schedules fn(w, subject, object) at absolute time `time` (>= now; an
/// earlier or NaN time is a bug and aborts with a message). Returns its handle,
/// or SIM_EVENT_NONE when out of memory (sim_world_out_of_memory).
uint64_t sim_event_schedule(sim_world *w, double time, int priority,
                            sim_event_fn *fn, void *subject, void *object);
/// Schedules after a delay (>= 0) from now.
uint64_t sim_event_after(sim_world *w, double delay, int priority,
                         sim_event_fn *fn, void *subject, void *object);
/// Removes a pending event; false (and nothing happens) for a stale handle.
bool sim_event_cancel(sim_world *w, uint64_t handle);
/// Moves a pending event to a new time (>= now), keeping its action; it is
/// ordered as if newly scheduled. False for a stale handle.
bool sim_event_reschedule(sim_world *w, uint64_t handle, double time);
/// True when the handle names a pending event; then *time receives its time.
bool sim_event_pending(const sim_world *w, uint64_t handle, double *time);

#endif
