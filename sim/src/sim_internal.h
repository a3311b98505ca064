/*
 * sim_internal.h - what the kernel's files share: the invariant check
 * SIM_CHECK (sim_check.h), the layout of a lane and of the world, whose
 * calendar sim_world.c keeps and whose lanes sim_lane.c fills.
 */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "sim_check.h"
#include "sim_lane.h"

/* ---- the world's layout (sim_world.c; sim_lane.c takes its items'
 * sequence numbers from it and counts them as pending) ------------------ */

#define NIL UINT32_MAX
#define MAX_RUNGS 8

enum { LOC_FREE = 0, LOC_BOTTOM, LOC_RUNG, LOC_TOP, LOC_NEVER };

typedef struct event_rec {
    double time;
    uint64_t seq; /* insertion sequence: FIFO among equal (time, priority) */
    sim_event_fn *fn;
    void *subject;
    void *object;
    int priority;
    uint32_t generation;
    uint32_t next; /* list successor; the free list's link when free */
    uint32_t prev;
    uint32_t pos;  /* bucket index in its rung */
    uint8_t where; /* LOC_* */
    uint8_t rung;
} event_rec;

/* 16 bytes: one vector move. The sequence number, needed only between
 * equal times and priorities, is read from the record. */
typedef struct bottom_entry {
    double time;
    uint32_t slot;
    int32_t priority;
} bottom_entry;

typedef struct rung {
    uint32_t *bucket; /* heads of the bucket lists, NIL when empty */
    uint32_t cap;     /* buckets allocated */
    uint32_t nb;      /* buckets in use */
    uint32_t cur;     /* first bucket not yet moved down */
    uint32_t count;   /* events in the rung */
    double start;
    double inv_width;
} rung;

typedef struct ev_list {
    uint32_t head;
    uint32_t count;
    double min, max; /* bounds of the times ever added since the last drain */
} ev_list;

struct sim_world {
    struct sim__world_clock clock; /* first: sim_world_now and sim_lane_run read it inline */
    bottom_entry *bottom; /* sorted; the live part is [bhead, bend) */
    size_t bhead, bend;
    size_t bottom_cap;
    event_rec *recs;
    uint32_t rec_cap;
    uint32_t free_head; /* NIL when empty */
    unsigned nrungs;
    rung rungs[MAX_RUNGS];
    ev_list top;
    ev_list never;
    /* Top holds the events later than top_start. +infinity is small mode:
     * every event goes to bottom (also when only events at +infinity are
     * left, which must not be overtaken). */
    double top_start;
    bool small; /* top_start == +infinity, kept for the hot path */
    uint64_t seq;
    /* the event source (sim_world_set_source): fn NULL when none, and
     * src_next then points at a constant +infinity */
    sim_source_fn *src_fn;
    void *src_ctx;
    const double *src_next;
    sim_lane *lane[SIM_LANES_MAX]; /* sim_lane_new; [0, nlanes) in use */
    unsigned nlanes;
    bool oom; /* a pool or the calendar could not grow (sim_world_out_of_memory) */
    sim_alloc_fn *alloc; /* NULL: the C library's realloc and free */
    void *alloc_ctx;
    void *trace_ctx;
};

/* sim_world.c, for sim_lane_new: registers a new lane (false: the world
 * has SIM_LANES_MAX already). */
bool sim__world_add_lane(sim_world *w, sim_lane *l);
/* sim_lane.c, for sim_world_reset: empties lane l. */
void sim__lane_reset(sim_lane *l);

#endif
