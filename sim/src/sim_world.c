/*
 * sim_world.c - clock, event pool and calendar (implicit 4-ary heap).
 *
 * The heap stores (time, priority, sequence, slot) inline so that sifting
 * compares without touching the event records; each record remembers its
 * heap position so that cancel and reschedule are O(log n) without a
 * search. The priority is kept as the caller's whole int, not squeezed
 * into a narrower key, so that every int orders as the header promises; it
 * fills what would otherwise be padding (an entry stays 24 bytes) and is
 * only compared when two times are equal.
 */
#include "sim_world.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define ARITY 4
#define NO_POS UINT32_MAX

typedef struct heap_entry {
    double time;
    uint64_t seq; /* insertion sequence: FIFO among equal (time, priority) */
    uint32_t slot;
    int priority;
} heap_entry;

typedef struct event_rec {
    sim_event_fn *fn;
    void *subject;
    void *object;
    uint32_t generation;
    uint32_t heap_pos; /* NO_POS when free */
    uint32_t next_free;
} event_rec;

struct sim_world {
    struct sim__world_clock clock; /* first: sim_world_now reads it inline */
    heap_entry *heap;
    size_t heap_len;
    size_t heap_cap;
    event_rec *recs;
    uint32_t rec_cap;
    uint32_t free_head; /* NO_POS when empty */
    uint64_t seq;
    uint64_t fired;
    bool stop;
    sim_trace_fn *trace;
    void *trace_ctx;
};

static inline bool entry_less(const heap_entry *a, const heap_entry *b) {
    return a->time < b->time ||
           (a->time == b->time &&
            (a->priority > b->priority || (a->priority == b->priority && a->seq < b->seq)));
}

static inline uint64_t make_handle(uint32_t slot, uint32_t gen) {
    return ((uint64_t)gen << 32) | (uint64_t)(slot + 1u);
}

sim_world *sim_world_new(void) {
    sim_world *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->free_head = NO_POS;
    return w;
}

void sim_world_free(sim_world *w) {
    if (!w) return;
    free(w->heap);
    free(w->recs);
    free(w);
}

void sim_world_reset(sim_world *w) {
    /* Every pending record goes back to the free list with a new generation,
     * so handles issued before the reset are stale. */
    for (size_t i = 0; i < w->heap_len; i++) {
        event_rec *r = &w->recs[w->heap[i].slot];
        r->generation++;
        r->heap_pos = NO_POS;
        r->next_free = w->free_head;
        w->free_head = w->heap[i].slot;
    }
    w->heap_len = 0;
    w->clock.now = 0.0;
    w->stop = false;
    w->fired = 0;
}

size_t sim_world_pending(const sim_world *w) { return w->heap_len; }
uint64_t sim_world_fired(const sim_world *w) { return w->fired; }

double sim_world_next_time(const sim_world *w) {
    return w->heap_len ? w->heap[0].time : INFINITY;
}

void sim_world_set_trace(sim_world *w, sim_trace_fn *fn, void *ctx) {
    w->trace = fn;
    w->trace_ctx = ctx;
}

void sim_world_stop(sim_world *w) { w->stop = true; }

static void sift_up(sim_world *w, size_t i) {
    heap_entry e = w->heap[i];
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (!entry_less(&e, &w->heap[parent])) break;
        w->heap[i] = w->heap[parent];
        w->recs[w->heap[i].slot].heap_pos = (uint32_t)i;
        i = parent;
    }
    w->heap[i] = e;
    w->recs[e.slot].heap_pos = (uint32_t)i;
}

static void sift_down(sim_world *w, size_t i) {
    heap_entry e = w->heap[i];
    size_t n = w->heap_len;
    for (;;) {
        size_t c = i * ARITY + 1;
        if (c >= n) break;
        size_t best = c;
        size_t end = c + ARITY < n ? c + ARITY : n;
        for (size_t k = c + 1; k < end; k++)
            if (entry_less(&w->heap[k], &w->heap[best])) best = k;
        if (!entry_less(&w->heap[best], &e)) break;
        w->heap[i] = w->heap[best];
        w->recs[w->heap[i].slot].heap_pos = (uint32_t)i;
        i = best;
    }
    w->heap[i] = e;
    w->recs[e.slot].heap_pos = (uint32_t)i;
}

static uint32_t alloc_rec(sim_world *w) {
    if (w->free_head == NO_POS) {
        uint32_t old = w->rec_cap;
        uint32_t cap = old ? old * 2u : 256u;
        SIM_CHECK(cap > old && cap < NO_POS, "event pool exhausted (over 4e9 pending events)");
        event_rec *r = realloc(w->recs, (size_t)cap * sizeof *r);
        SIM_CHECK(r != NULL, "out of memory growing the event pool");
        for (uint32_t i = old; i < cap; i++) {
            r[i].generation = 1;
            r[i].heap_pos = NO_POS;
            r[i].next_free = i + 1 < cap ? i + 1 : NO_POS;
        }
        w->recs = r;
        w->rec_cap = cap;
        w->free_head = old;
        heap_entry *h = realloc(w->heap, (size_t)cap * sizeof *h);
        SIM_CHECK(h != NULL, "out of memory growing the event calendar");
        w->heap = h;
        w->heap_cap = cap;
    }
    uint32_t slot = w->free_head;
    w->free_head = w->recs[slot].next_free;
    return slot;
}

static void free_rec(sim_world *w, uint32_t slot) {
    event_rec *r = &w->recs[slot];
    r->generation++;
    if (r->generation == 0) r->generation = 1;
    r->heap_pos = NO_POS;
    r->next_free = w->free_head;
    w->free_head = slot;
}

uint64_t sim_event_schedule(sim_world *w, double time, int priority,
                            sim_event_fn *fn, void *subject, void *object) {
    SIM_CHECK(fn != NULL, "event scheduled without an action");
    SIM_CHECK(time >= w->clock.now, "event scheduled in the past or at NaN time");
    uint32_t slot = alloc_rec(w);
    event_rec *r = &w->recs[slot];
    r->fn = fn;
    r->subject = subject;
    r->object = object;
    size_t i = w->heap_len++;
    w->heap[i].time = time;
    w->heap[i].seq = w->seq++;
    w->heap[i].priority = priority;
    w->heap[i].slot = slot;
    sift_up(w, i);
    return make_handle(slot, r->generation);
}

uint64_t sim_event_after(sim_world *w, double delay, int priority,
                         sim_event_fn *fn, void *subject, void *object) {
    SIM_CHECK(delay >= 0.0, "event scheduled with a negative or NaN delay");
    return sim_event_schedule(w, w->clock.now + delay, priority, fn, subject, object);
}

/* Returns the record of a live handle or NULL. */
static event_rec *lookup(const sim_world *w, uint64_t handle, uint32_t *slot_out) {
    uint32_t idx = (uint32_t)(handle & 0xFFFFFFFFu);
    if (idx == 0 || idx > w->rec_cap) return NULL;
    uint32_t slot = idx - 1;
    event_rec *r = &w->recs[slot];
    if (r->generation != (uint32_t)(handle >> 32) || r->heap_pos == NO_POS) return NULL;
    *slot_out = slot;
    return r;
}

static void heap_remove_at(sim_world *w, size_t pos) {
    size_t last = --w->heap_len;
    if (pos != last) {
        bool up = entry_less(&w->heap[last], &w->heap[pos]);
        w->heap[pos] = w->heap[last];
        w->recs[w->heap[pos].slot].heap_pos = (uint32_t)pos;
        if (up)
            sift_up(w, pos);
        else
            sift_down(w, pos);
    }
}

bool sim_event_cancel(sim_world *w, uint64_t handle) {
    uint32_t slot;
    event_rec *r = lookup(w, handle, &slot);
    if (!r) return false;
    heap_remove_at(w, r->heap_pos);
    free_rec(w, slot);
    return true;
}

bool sim_event_reschedule(sim_world *w, uint64_t handle, double time) {
    SIM_CHECK(time >= w->clock.now, "event rescheduled into the past or to NaN time");
    uint32_t slot;
    event_rec *r = lookup(w, handle, &slot);
    if (!r) return false;
    size_t pos = r->heap_pos;
    heap_entry *e = &w->heap[pos];
    double old = e->time;
    e->time = time;
    e->seq = w->seq++;
    /* The new sequence number is larger than every one issued before, so
     * the entry can only need to move down when the time grew or stayed;
     * up when it shrank. */
    if (time < old)
        sift_up(w, pos);
    else
        sift_down(w, pos);
    return true;
}

bool sim_event_pending(const sim_world *w, uint64_t handle, double *time) {
    uint32_t slot;
    event_rec *r = lookup(w, handle, &slot);
    if (!r) return false;
    if (time) *time = w->heap[r->heap_pos].time;
    return true;
}

/* Pops the first event and runs it. */
static inline void fire_first(sim_world *w) {
    heap_entry top = w->heap[0];
    event_rec *r = &w->recs[top.slot];
    sim_event_fn *fn = r->fn;
    void *subject = r->subject;
    void *object = r->object;
    size_t last = --w->heap_len;
    if (last > 0) {
        w->heap[0] = w->heap[last];
        sift_down(w, 0);
    }
    free_rec(w, top.slot);
    w->clock.now = top.time;
    w->fired++;
    if (w->trace) w->trace(w->trace_ctx, w, top.time, fn, subject, object);
    fn(w, subject, object);
}

sim_run_status sim_world_run_until(sim_world *w, double t) {
    w->stop = false;
    while (w->heap_len && w->heap[0].time <= t) {
        fire_first(w);
        if (w->stop) {
            w->stop = false;
            return SIM_RUN_STOPPED;
        }
    }
    bool empty = w->heap_len == 0;
    if (t > w->clock.now && isfinite(t)) w->clock.now = t;
    return empty ? SIM_RUN_EMPTY : SIM_RUN_REACHED;
}

bool sim_world_step(sim_world *w) {
    if (!w->heap_len) return false;
    fire_first(w);
    return true;
}
