/*
 * sim_world.c - clock, event pool and calendar (a ladder queue).
 *
 * The calendar is a ladder queue (Tang, Goh and Thng, ACM TOMACS 15(3),
 * 2005): O(1) amortised per event where a heap pays O(log n). Events live in
 * one of five containers, each holding only events that come before every
 * event of the next one:
 *
 *   bottom   an array sorted by (time, priority, sequence): the events about
 *            to fire, and the only container that is kept sorted;
 *   rungs    rung r divides a time range into buckets of equal width; each
 *            bucket is an unsorted singly-linked list. A deeper rung
 *            subdivides the single bucket of the rung above that was too
 *            full to sort (more than SPLIT events);
 *   top      an unsorted doubly-linked list of events later than top_start;
 *   never    an unsorted doubly-linked list of events at time +infinity.
 *
 * Enqueue puts an event in the first container whose range holds its time:
 * O(1) for top and rungs; into bottom, which is short, a sorted insertion.
 * Firing takes bottom's first entry. When bottom runs empty, the first non-empty bucket of the deepest rung is moved into
 * it (or split into a new rung when large); when the ladder runs empty, top
 * is spread over a new rung 0 with as many buckets as it holds events.
 *
 * Exactness. A rung places time t in bucket floor((t - start) * inv_width),
 * clamped to its last bucket; the rung takes t only when that index is not
 * behind its current bucket. That index is a monotone function of t, so
 * whichever container an event lands in, it precedes every event of the
 * containers after it, and two events at the same time always land in the
 * same container: ties of time are resolved by priority and sequence in the
 * bottom only, and the firing order is exactly (time, priority,
 * sequence), whatever the bucket widths. tests/test_world.c checks this
 * order against a plain sort on random workloads with cancels, reschedules,
 * ties and infinities.
 *
 * A calendar of at most SMALL_MAX events is all bottom ("small mode": the
 * M/M/1 queue or a short line holds a handful of events, for which a short
 * sorted array is the cheapest calendar); it turns into a ladder when it
 * grows past that.
 *
 * Each record remembers its container (and bucket and rung). Cancel and
 * reschedule are O(1) in top, a binary search in bottom, and a walk of the
 * bucket in a rung: buckets are singly linked, which spares every
 * insertion a write into a cold record (measured: 42 -> 39 ns per event in
 * the hold model at n = 1000), and hold few events, except for large
 * groups of equal times that no bucket width can split.
 * bench/bench_hold measures this calendar against heaps (bench/README.md).
 */
#include "sim_world.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static const double no_source = INFINITY;

/* Rare paths (growth) and the ladder's paths stay out of the functions
 * that a small calendar runs through, to keep those short. */
#if defined(__GNUC__)
#define COLD __attribute__((noinline, cold))
#define OUT_OF_LINE __attribute__((noinline))
#define HOT_INLINE inline __attribute__((always_inline))
#else
#define COLD
#define OUT_OF_LINE
#define HOT_INLINE inline
#endif
/* A bucket of more events than SPLIT is split into a deeper rung instead of
 * being sorted into bottom (measured in bench_hold). */
#ifndef SPLIT
#define SPLIT 16
#endif
/* A calendar of at most this many events is just bottom (small mode). */
#ifndef SMALL_MAX
#define SMALL_MAX 16
#endif

static inline void set_top_start(sim_world *w, double t) {
    w->top_start = t;
    w->small = t == INFINITY;
}

static inline uint64_t make_handle(uint32_t slot, uint32_t gen) {
    return ((uint64_t)gen << 32) | (uint64_t)(slot + 1u);
}

static void list_clear(ev_list *l) {
    l->head = NIL;
    l->count = 0;
    l->min = INFINITY;
    l->max = -INFINITY;
}

static void calendar_clear(sim_world *w) {
    w->bhead = w->bend = 0;
    w->nrungs = 0;
    list_clear(&w->top);
    list_clear(&w->never);
    set_top_start(w, INFINITY);
    w->clock.pending = 0;
}

sim_world *sim_world_new(void) {
    sim_world *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->free_head = NIL;
    w->src_next = &no_source;
    calendar_clear(w);
    return w;
}

void *sim_world_realloc(sim_world *w, void *ptr, size_t size) {
    if (w->alloc) return w->alloc(w->alloc_ctx, ptr, size);
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

void sim_world_set_alloc(sim_world *w, sim_alloc_fn *fn, void *ctx) {
    w->alloc = fn;
    w->alloc_ctx = fn ? ctx : NULL;
}

bool sim_world_out_of_memory(const sim_world *w) { return w->oom; }

void sim_world_free(sim_world *w) {
    if (!w) return;
    for (unsigned r = 0; r < MAX_RUNGS; r++) free(w->rungs[r].bucket);
    for (unsigned k = 0; k < w->nlanes; k++) {
        free(w->lane[k]->time);
        free(w->lane[k]);
    }
    free(w->bottom);
    free(w->recs);
    free(w);
}

static void free_rec(sim_world *w, uint32_t slot) {
    event_rec *r = &w->recs[slot];
    r->generation++; /* wrapping to 0 is fine: a handle's slot part is never 0 */
    r->where = LOC_FREE;
    r->next = w->free_head;
    w->free_head = slot;
}

void sim_world_reset(sim_world *w) {
    /* Every pending record goes back to the free list with a new generation,
     * so handles issued before the reset are stale. */
    for (uint32_t s = 0; s < w->rec_cap; s++)
        if (w->recs[s].where != LOC_FREE) free_rec(w, s);
    calendar_clear(w);
    for (unsigned k = 0; k < w->nlanes; k++) sim__lane_reset(w->lane[k]);
    w->clock.now = 0.0;
    w->clock.stop = false;
    w->oom = false;
    w->clock.fired = 0;
}

size_t sim_world_pending(const sim_world *w) {
    size_t n = w->clock.pending; /* the calendar's */
    for (unsigned k = 0; k < w->nlanes; k++) n += w->lane[k]->n;
    return n;
}
uint64_t sim_world_fired(const sim_world *w) { return w->clock.fired; }

void sim_world_set_trace(sim_world *w, sim_trace_fn *fn, void *ctx) {
    w->clock.trace = fn;
    w->trace_ctx = ctx;
}

void sim_world_stop(sim_world *w) { w->clock.stop = true; }

/* --- bottom: a sorted array ------------------------------------------------ */

/* True when entry a fires before an event with the given key. */
static inline bool entry_before(const sim_world *w, const bottom_entry *a, double time, int priority,
                                uint64_t seq) {
    if (a->time != time) return a->time < time;
    if (a->priority != priority) return a->priority > priority;
    return w->recs[a->slot].seq < seq;
}

/* The same for a key whose sequence number is newer than every pending
 * event's (a new or rescheduled event): no record is read. */
static inline bool entry_before_new(const bottom_entry *a, double time, int priority) {
    return a->time < time || (a->time == time && a->priority >= priority);
}

static inline bool entry_less(const sim_world *w, const bottom_entry *a, const bottom_entry *b) {
    return entry_before(w, a, b->time, b->priority, w->recs[b->slot].seq);
}

/* Stores an entry field by field from registers. (Passing the entry by
 * value put it on the stack with narrow stores, which the wide load of
 * a struct copy could not forward from: a stall on every insertion.) */
static inline void set_entry(bottom_entry *d, double time, uint32_t slot, int priority) {
    d->time = time;
    d->slot = slot;
    d->priority = priority;
}

/* memmove for the short moves of a short bottom, without a library call. */
static inline void move_entries(bottom_entry *dst, const bottom_entry *src, size_t n) {
    if (n > 8) {
        memmove(dst, src, n * sizeof *dst);
    } else if (dst < src) {
        for (size_t i = 0; i < n; i++) dst[i] = src[i];
    } else {
        for (size_t i = n; i-- > 0;) dst[i] = src[i];
    }
}

/* Index in [bhead, bend] of the first entry not before the key. New
 * events usually belong near the end, so the last few entries are tried
 * first. */
static size_t bottom_find(const sim_world *w, double time, int priority, uint64_t seq) {
    const bottom_entry *b = w->bottom;
    size_t lo = w->bhead, hi = w->bend;
    for (int k = 0; k < 4 && hi > lo; k++, hi--)
        if (entry_before(w, &b[hi - 1], time, priority, seq)) return hi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (entry_before(w, &b[mid], time, priority, seq))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Inserts a new event's entry that bottom_insert_entry could not put at
 * either end (or that found the array's storage used up at its end), by
 * moving the shorter side of the array. The moves compare times only;
 * equal times, rare, are settled after. */
static OUT_OF_LINE void bottom_insert_slow(sim_world *w, double time, uint32_t slot, int priority) {
    bottom_entry *b = w->bottom;
    if (w->bend == w->bottom_cap) {
        /* Slide the live part to the front. bottom never holds more than
         * every record but the one being inserted, so room appears. */
        size_t n = w->bend - w->bhead;
        memmove(b, &b[w->bhead], n * sizeof *b);
        w->bhead = 0;
        w->bend = n;
    }
    size_t n = w->bend - w->bhead, pos;
    if (n <= 32) {
        /* Short: one step of insertion sort from the nearer end. */
        if (w->bhead > 0 && time < b[w->bhead + n / 2].time) {
            pos = --w->bhead;
            while (pos + 1 < w->bend && b[pos + 1].time < time) {
                b[pos] = b[pos + 1];
                pos++;
            }
            while (pos + 1 < w->bend && entry_before_new(&b[pos + 1], time, priority)) {
                b[pos] = b[pos + 1];
                pos++;
            }
        } else {
            pos = w->bend++;
            while (pos > w->bhead && b[pos - 1].time > time) {
                b[pos] = b[pos - 1];
                pos--;
            }
            while (pos > w->bhead && !entry_before_new(&b[pos - 1], time, priority)) {
                b[pos] = b[pos - 1];
                pos--;
            }
        }
    } else {
        pos = bottom_find(w, time, priority, UINT64_MAX);
        if (w->bhead > 0 && pos - w->bhead < w->bend - pos) {
            move_entries(&b[w->bhead - 1], &b[w->bhead], pos - w->bhead);
            w->bhead--;
            pos--;
        } else {
            move_entries(&b[pos + 1], &b[pos], w->bend - pos);
            w->bend++;
        }
    }
    set_entry(&b[pos], time, slot, priority);
}

/* Inserts the entry of a new (or rescheduled) event: at either end in
 * O(1), the common cases, else bottom_insert_slow. */
static inline void bottom_insert_entry(sim_world *w, double time, uint32_t slot, int priority) {
    bottom_entry *b = w->bottom;
    w->recs[slot].where = LOC_BOTTOM;
    if (w->bend < w->bottom_cap &&
        (w->bend == w->bhead || entry_before_new(&b[w->bend - 1], time, priority)))
        set_entry(&b[w->bend++], time, slot, priority);
    else if (w->bhead > 0 && w->bhead < w->bend && !entry_before_new(&b[w->bhead], time, priority))
        set_entry(&b[--w->bhead], time, slot, priority);
    else
        bottom_insert_slow(w, time, slot, priority);
}

static inline void bottom_insert(sim_world *w, uint32_t slot) {
    const event_rec *r = &w->recs[slot];
    bottom_insert_entry(w, r->time, slot, r->priority);
}

/* Slides the live part of bottom to the front (its end has reached the
 * storage's end). bottom never holds more than every record but the one
 * being inserted, so room appears. */
static COLD void bottom_slide(sim_world *w) {
    size_t n = w->bend - w->bhead;
    memmove(w->bottom, &w->bottom[w->bhead], n * sizeof *w->bottom);
    w->bhead = 0;
    w->bend = n;
}

/* Moves the entries of equal time and lower priority than a new event's
 * one place on, from pos down (rare: only an equal time asks). */
static COLD size_t bottom_tie_down(sim_world *w, size_t pos, double time, int priority) {
    bottom_entry *b = w->bottom;
    for (; pos > w->bhead && !entry_before_new(&b[pos - 1], time, priority); pos--)
        set_entry(&b[pos], b[pos - 1].time, b[pos - 1].slot, b[pos - 1].priority);
    return pos;
}

/* Small mode (at most SMALL_MAX entries): a new (or rescheduled) event's
 * entry (bottom's storage has room at its end), by one step of insertion
 * sort from the end, comparing times only
 * (bench_line's 5-station line: the fast paths at either end, then a call
 * that chose the nearer end, cost twice as many instructions). */
static HOT_INLINE void small_insert(sim_world *w, double time, uint32_t slot, int priority) {
    w->recs[slot].where = LOC_BOTTOM;
    bottom_entry *b = w->bottom;
    size_t pos = w->bend++, head = w->bhead;
    for (; pos > head && b[pos - 1].time > time; pos--)
        set_entry(&b[pos], b[pos - 1].time, b[pos - 1].slot, b[pos - 1].priority);
    if (pos > head && b[pos - 1].time == time) pos = bottom_tie_down(w, pos, time, priority);
    set_entry(&b[pos], time, slot, priority);
}

static void bottom_remove(sim_world *w, uint32_t slot) {
    const event_rec *r = &w->recs[slot];
    bottom_entry *b = w->bottom;
    size_t pos = bottom_find(w, r->time, r->priority, r->seq);
    SIM_CHECK(pos < w->bend && b[pos].slot == slot, "event calendar corrupted");
    if (pos - w->bhead < w->bend - pos - 1) {
        move_entries(&b[w->bhead + 1], &b[w->bhead], pos - w->bhead);
        w->bhead++;
    } else {
        move_entries(&b[pos], &b[pos + 1], w->bend - pos - 1);
        w->bend--;
    }
}


/* --- lists, rungs, top ------------------------------------------------------ */

static HOT_INLINE void list_push(sim_world *w, uint32_t *head, uint32_t slot) {
    event_rec *r = &w->recs[slot];
    r->prev = NIL;
    r->next = *head;
    if (*head != NIL) w->recs[*head].prev = slot;
    *head = slot;
}

/* Rung buckets are singly linked: an insertion then writes nothing into
 * the (cold) record it goes in front of. A bucket holds few events, so a
 * cancel finds its predecessor by walking from the head. */
static HOT_INLINE void bucket_push(sim_world *w, uint32_t *head, uint32_t slot) {
    w->recs[slot].next = *head;
    *head = slot;
}

static void bucket_unlink(sim_world *w, uint32_t *head, uint32_t slot) {
    uint32_t *link = head;
    while (*link != slot) link = &w->recs[*link].next;
    *link = w->recs[slot].next;
}

static inline void list_unlink(sim_world *w, uint32_t *head, uint32_t slot) {
    event_rec *r = &w->recs[slot];
    if (r->prev != NIL)
        w->recs[r->prev].next = r->next;
    else
        *head = r->next;
    if (r->next != NIL) w->recs[r->next].prev = r->prev;
}

static HOT_INLINE void list_add(sim_world *w, ev_list *l, uint32_t slot, uint8_t where) {
    double t = w->recs[slot].time;
    list_push(w, &l->head, slot);
    l->count++;
    if (t < l->min) l->min = t;
    if (t > l->max) l->max = t;
    w->recs[slot].where = where;
}

/* Buckets of a new rung per event it receives. More buckets mean shorter
 * buckets to sort into bottom but more empty ones to step over; 2, 4 and 8
 * measured no faster than 1 on the hold model. */
#define BUCKETS_PER_EVENT 1

static uint32_t rung_buckets(uint32_t count) {
    uint64_t nb = (uint64_t)count * BUCKETS_PER_EVENT;
    return nb < NIL ? (uint32_t)nb : NIL - 1;
}

/* True when the times in [lo, hi] can be told apart by buckets of a new
 * rung for `count` events; *inv receives the rung's 1 / width. */
static bool can_spawn(const sim_world *w, uint32_t count, double lo, double hi, double *inv) {
    double width = (hi - lo) / (double)rung_buckets(count);
    *inv = 1.0 / width;
    return w->nrungs < MAX_RUNGS && isfinite(hi) && width > 0.0 && isfinite(*inv);
}

/* Spreads `count` events of the list `head`, whose times lie in [lo, hi],
 * over a new rung below the others. False (and nothing changes) when
 * can_spawn says no. */
static bool spawn_rung(sim_world *w, uint32_t head, uint32_t count, double lo, double hi) {
    double inv;
    if (!can_spawn(w, count, lo, hi, &inv)) return false;
    uint32_t nb = rung_buckets(count);
    rung *g = &w->rungs[w->nrungs];
    if (g->cap < nb) {
        uint32_t *b = sim_world_realloc(w, g->bucket, (size_t)nb * sizeof *b);
        /* Without a new rung the caller sorts the bucket into bottom:
         * slower, the same order. */
        if (!b) return false;
        g->bucket = b;
        g->cap = nb;
    }
    g->nb = nb;
    g->cur = 0;
    g->count = count;
    g->start = lo;
    g->inv_width = inv;
    for (uint32_t k = 0; k < nb; k++) g->bucket[k] = NIL;
    unsigned r = w->nrungs++;
    for (uint32_t x = head; x != NIL;) {
        event_rec *e = &w->recs[x];
        uint32_t next = e->next;
        double f = (e->time - lo) * inv;
        uint32_t k = f < (double)(nb - 1) ? (uint32_t)f : nb - 1;
        bucket_push(w, &g->bucket[k], x);
        e->where = LOC_RUNG;
        e->rung = (uint8_t)r;
        e->pos = k;
        x = next;
    }
    return true;
}

static void list_to_bottom(sim_world *w, uint32_t head);

/* Bottom has grown too long to insert into cheaply. In small mode, events
 * later than its last one now go to top. */
static void bottom_overflow(sim_world *w) {
    bottom_entry *b = w->bottom;
    double lo = b[w->bhead].time, hi = b[w->bend - 1].time;
    if (w->small) set_top_start(w, hi); /* stays +inf while events at +inf wait */
    /* Spread bottom over a new deepest rung, as if it were a bucket. */
    double inv;
    uint32_t count = (uint32_t)(w->bend - w->bhead);
    if (!can_spawn(w, count, lo, hi, &inv)) return;
    uint32_t head = NIL;
    for (size_t i = w->bend; i-- > w->bhead;) list_push(w, &head, b[i].slot);
    w->bhead = w->bend = 0;
    /* Out of memory for the rung's buckets: back into bottom, sorted. */
    if (!spawn_rung(w, head, count, lo, hi)) list_to_bottom(w, head);
}

/* Puts a record whose time (<= top_start) is set into the ladder or, when
 * no rung takes it, into bottom. */
static HOT_INLINE void ladder_insert(sim_world *w, uint32_t slot) {
    event_rec *e = &w->recs[slot];
    double t = e->time;
    for (unsigned r = 0; r < w->nrungs; r++) {
        rung *g = &w->rungs[r];
        if (g->cur >= g->nb) continue;
        double x = (t - g->start) * g->inv_width;
        if (x >= (double)g->cur) {
            uint32_t k = x < (double)(g->nb - 1) ? (uint32_t)x : g->nb - 1;
            bucket_push(w, &g->bucket[k], slot);
            g->count++;
            e->where = LOC_RUNG;
            e->rung = (uint8_t)r;
            e->pos = k;
            return;
        }
    }
    bottom_insert(w, slot);
    if (w->bend - w->bhead > SMALL_MAX) bottom_overflow(w);
}

static OUT_OF_LINE void calendar_insert_rest(sim_world *w, uint32_t slot) {
    double t = w->recs[slot].time;
    if (t > w->top_start) {
        if (t == INFINITY)
            list_add(w, &w->never, slot, LOC_NEVER);
        else
            list_add(w, &w->top, slot, LOC_TOP);
    } else {
        ladder_insert(w, slot);
    }
}

/* Puts a record whose time is set into the calendar. */
static inline void calendar_insert(sim_world *w, uint32_t slot) {
    if (w->small && w->bend - w->bhead < SMALL_MAX) {
        if (w->bend == w->bottom_cap) bottom_slide(w);
        small_insert(w, w->recs[slot].time, slot, w->recs[slot].priority);
    } else
        calendar_insert_rest(w, slot);
}

static void calendar_remove(sim_world *w, uint32_t slot) {
    event_rec *e = &w->recs[slot];
    switch (e->where) {
    case LOC_BOTTOM:
        bottom_remove(w, slot);
        break;
    case LOC_RUNG: {
        rung *g = &w->rungs[e->rung];
        bucket_unlink(w, &g->bucket[e->pos], slot);
        g->count--;
        break;
    }
    case LOC_TOP:
        list_unlink(w, &w->top.head, slot);
        if (--w->top.count == 0) list_clear(&w->top);
        break;
    default:
        list_unlink(w, &w->never.head, slot);
        if (--w->never.count == 0) list_clear(&w->never);
        break;
    }
}

/* Refills bottom when it is empty; false when the calendar is empty. */
/* One pass over a bucket's list: counts it and finds its time range and,
 * while it holds no more than SPLIT events, sorts it into the empty bottom
 * (insertion sort straight from the records, comparing times only until an
 * equal time asks for priority and sequence; entries move field by field,
 * since a struct copy's wide load of an entry stored a moment ago cannot be
 * forwarded from the narrower stores that wrote it). True when it did;
 * false for a longer list, whose events are then still in it (bottom
 * empty) for the caller to split. */
static bool bucket_to_bottom(sim_world *w, uint32_t head, uint32_t *count, double *lo, double *hi) {
    bottom_entry *b = w->bottom;
    uint32_t n = 0;
    double tlo = INFINITY, thi = -INFINITY;
    for (uint32_t x = head; x != NIL; x = w->recs[x].next, n++) {
        event_rec *r = &w->recs[x];
        double t = r->time;
        if (t < tlo) tlo = t;
        if (t > thi) thi = t;
        if (n >= SPLIT) continue;
        r->where = LOC_BOTTOM;
        size_t j = n;
        int pr = r->priority;
        while (j > 0 && b[j - 1].time > t) {
            set_entry(&b[j], b[j - 1].time, b[j - 1].slot, b[j - 1].priority);
            j--;
        }
        if (j > 0 && b[j - 1].time == t)
            for (; j > 0 && !entry_before(w, &b[j - 1], t, pr, r->seq); j--)
                set_entry(&b[j], b[j - 1].time, b[j - 1].slot, b[j - 1].priority);
        set_entry(&b[j], t, x, pr);
    }
    *count = n;
    *lo = tlo;
    *hi = thi;
    bool sorted = n <= SPLIT;
    w->bhead = 0;
    w->bend = sorted ? n : 0;
    return sorted;
}

/* Heapsort of n entries (in place, no allocation, O(n log n) also for a
 * large group of equal times). */
static void sift_down(const sim_world *w, bottom_entry *b, size_t i, size_t n) {
    for (size_t c; (c = 2 * i + 1) < n; i = c) {
        if (c + 1 < n && entry_less(w, &b[c], &b[c + 1])) c++;
        if (!entry_less(w, &b[i], &b[c])) break;
        bottom_entry t = b[i];
        b[i] = b[c];
        b[c] = t;
    }
}

static void sort_entries(const sim_world *w, bottom_entry *b, size_t n) {
    for (size_t i = n / 2; i-- > 0;) sift_down(w, b, i, n);
    for (size_t e = n; e-- > 1;) {
        bottom_entry t = b[0];
        b[0] = b[e];
        b[e] = t;
        sift_down(w, b, 0, e);
    }
}

/* Moves a whole list into the empty bottom, sorted. */
static void list_to_bottom(sim_world *w, uint32_t head) {
    uint32_t count;
    double lo, hi;
    if (bucket_to_bottom(w, head, &count, &lo, &hi)) return;
    bottom_entry *b = w->bottom;
    size_t n = 0;
    for (uint32_t x = head; x != NIL; x = w->recs[x].next) {
        event_rec *r = &w->recs[x];
        set_entry(&b[n++], r->time, x, r->priority);
        r->where = LOC_BOTTOM;
    }
    sort_entries(w, b, n);
    w->bend = n;
}

static OUT_OF_LINE bool refill(sim_world *w) {
    while (w->bhead == w->bend) {
        if (w->nrungs) {
            rung *g = &w->rungs[w->nrungs - 1];
            if (g->count == 0) {
                w->nrungs--;
                continue;
            }
            while (g->bucket[g->cur] == NIL) g->cur++;
            uint32_t k = g->cur++;
            uint32_t head = g->bucket[k];
            g->bucket[k] = NIL;
            uint32_t count;
            double lo, hi;
            if (!bucket_to_bottom(w, head, &count, &lo, &hi) && !spawn_rung(w, head, count, lo, hi))
                list_to_bottom(w, head);
            g->count -= count;
        } else if (w->top.count) {
            ev_list l = w->top;
            list_clear(&w->top);
            set_top_start(w, l.max);
            if (l.count <= SPLIT || !spawn_rung(w, l.head, l.count, l.min, l.max)) {
                set_top_start(w, INFINITY);
                list_to_bottom(w, l.head);
            }
        } else if (w->never.count) {
            /* Only events at +infinity are left: small mode. */
            uint32_t head = w->never.head;
            list_clear(&w->never);
            set_top_start(w, INFINITY);
            list_to_bottom(w, head);
        } else {
            set_top_start(w, INFINITY);
            return false;
        }
    }
    return true;
}

static inline bool ready(sim_world *w) { return w->bhead != w->bend || refill(w); }

/* Whether the calendar has an event (at bottom[bhead]): ready() that
 * spares refill's call where it has nothing to do (an empty calendar in
 * small mode: a line whose events are all in a lane). */
static HOT_INLINE bool ready_lanes(sim_world *w) {
    return w->bhead != w->bend || ((w->clock.pending || w->nrungs || !w->small) && refill(w));
}

double sim_world_next_time(const sim_world *w) {
    /* Finding the first event may move events between containers, which
     * changes no observable state; the world is never defined const. */
    sim_world *mw = (sim_world *)(uintptr_t)w;
    double t = ready(mw) ? mw->bottom[mw->bhead].time : INFINITY;
    for (unsigned k = 0; k < w->nlanes; k++) {
        const sim_lane *l = w->lane[k];
        if (l->n && l->time[l->first] < t) t = l->time[l->first];
    }
    return *w->src_next < t ? *w->src_next : t;
}

bool sim__lane_alone(const sim_lane *l) {
    const sim_world *w = l->w;
    return w->nlanes == 1 && w->lane[0] == l && !w->src_fn;
}

sim_run_status sim__lane_stopped(sim_lane *l) {
    sim_world *w = l->w;
    w->clock.stop = false;
    return w->oom ? SIM_RUN_OUT_OF_MEMORY : SIM_RUN_STOPPED;
}

bool sim__world_add_lane(sim_world *w, sim_lane *l) {
    if (w->nlanes == SIM_LANES_MAX) return false;
    w->lane[w->nlanes++] = l;
    return true;
}

void sim_world_set_source(sim_world *w, sim_source_fn *fn, void *ctx, const double *next) {
    SIM_CHECK(fn == NULL || next != NULL, "event source without its next time");
    w->src_fn = fn;
    w->src_ctx = ctx;
    w->src_next = fn ? next : &no_source;
}

/* --- events ----------------------------------------------------------------- */

/* False when memory runs out (or the pool would pass 4e9 records); then
 * nothing changes but the out-of-memory flag, and the world stops. The
 * bottom grows first: it must hold as many entries as there are records. */
static COLD bool grow_pool(sim_world *w) {
    uint32_t old = w->rec_cap;
    uint32_t cap = old ? old * 2u : 256u;
    bottom_entry *h = cap > old && cap < NIL ? sim_world_realloc(w, w->bottom, (size_t)cap * sizeof *h) : NULL;
    if (h) {
        w->bottom = h;
        w->bottom_cap = cap;
    }
    event_rec *r = h ? sim_world_realloc(w, w->recs, (size_t)cap * sizeof *r) : NULL;
    if (!r) {
        w->oom = true;
        w->clock.stop = true;
        return false;
    }
    for (uint32_t i = old; i < cap; i++) {
        r[i].generation = 1;
        r[i].where = LOC_FREE;
        r[i].next = i + 1 < cap ? i + 1 : NIL;
    }
    w->recs = r;
    w->rec_cap = cap;
    w->free_head = old;
    return true;
}

static COLD void schedule_misuse(sim_event_fn *fn) {
    SIM_CHECK(fn != NULL, "event scheduled without an action");
    SIM_CHECK(false, "event scheduled in the past or at NaN time");
}

/* A calendar_insert_rest that returns the handle: sim_event_schedule's
 * ladder path ends in a tail call, and its small path needs no frame. */
static uint64_t insert_rest_handle(sim_world *w, uint32_t slot, uint64_t handle) {
    calendar_insert_rest(w, slot);
    return handle;
}

/* sim_event_schedule once the pool has a free record and bottom's storage
 * has room at its end. */
static HOT_INLINE uint64_t schedule_ready(sim_world *w, double time, int priority, sim_event_fn *fn, void *subject,
                                          void *object) {
    uint32_t slot = w->free_head;
    event_rec *r = &w->recs[slot];
    w->free_head = r->next;
    r->fn = fn;
    r->subject = subject;
    r->object = object;
    r->time = time;
    r->seq = w->seq++;
    r->priority = priority;
    w->clock.pending++;
    uint64_t handle = make_handle(slot, r->generation);
    /* The small calendar's path inline, with the entry built from the
     * arguments rather than read back from the record. */
    if (!(w->small && w->bend - w->bhead < SMALL_MAX)) return insert_rest_handle(w, slot, handle);
    small_insert(w, time, slot, priority);
    return handle;
}

/* The rare cases: a misuse (aborts), a full pool, bottom's storage used up
 * at its end. */
static COLD uint64_t schedule_grow(sim_world *w, double time, int priority, sim_event_fn *fn, void *subject,
                                   void *object) {
    if (!(fn != NULL && time >= w->clock.now)) schedule_misuse(fn);
    if (w->free_head == NIL && !grow_pool(w)) return SIM_EVENT_NONE;
    if (w->bend == w->bottom_cap) bottom_slide(w);
    return schedule_ready(w, time, priority, fn, subject, object);
}

uint64_t sim_event_schedule(sim_world *w, double time, int priority,
                            sim_event_fn *fn, void *subject, void *object) {
    if (!(fn != NULL && time >= w->clock.now) || w->free_head == NIL || w->bend == w->bottom_cap)
        return schedule_grow(w, time, priority, fn, subject, object);
    return schedule_ready(w, time, priority, fn, subject, object);
}

uint64_t sim_event_after(sim_world *w, double delay, int priority,
                         sim_event_fn *fn, void *subject, void *object) {
    SIM_CHECK(delay >= 0.0, "event scheduled with a negative or NaN delay");
    return sim_event_schedule(w, w->clock.now + delay, priority, fn, subject, object);
}

/* Returns the slot of a live handle, or NIL. */
static uint32_t lookup(const sim_world *w, uint64_t handle) {
    uint32_t idx = (uint32_t)(handle & 0xFFFFFFFFu);
    if (idx == 0 || idx > w->rec_cap) return NIL;
    uint32_t slot = idx - 1;
    const event_rec *r = &w->recs[slot];
    if (r->generation != (uint32_t)(handle >> 32) || r->where == LOC_FREE) return NIL;
    return slot;
}

bool sim_event_cancel(sim_world *w, uint64_t handle) {
    uint32_t slot = lookup(w, handle);
    if (slot == NIL) return false;
    calendar_remove(w, slot);
    free_rec(w, slot);
    w->clock.pending--;
    return true;
}

bool sim_event_reschedule(sim_world *w, uint64_t handle, double time) {
    SIM_CHECK(time >= w->clock.now, "event rescheduled into the past or to NaN time");
    uint32_t slot = lookup(w, handle);
    if (slot == NIL) return false;
    calendar_remove(w, slot);
    event_rec *r = &w->recs[slot];
    r->time = time;
    r->seq = w->seq++;
    calendar_insert(w, slot);
    return true;
}

bool sim_event_pending(const sim_world *w, uint64_t handle, double *time) {
    uint32_t slot = lookup(w, handle);
    if (slot == NIL) return false;
    if (time) *time = w->recs[slot].time;
    return true;
}

/* Pops the first event of a non-empty bottom and runs it. */
static inline void fire_first(sim_world *w) {
    uint32_t slot = w->bottom[w->bhead++].slot;
    event_rec *r = &w->recs[slot];
    double time = r->time;
    sim_event_fn *fn = r->fn;
    void *subject = r->subject;
    void *object = r->object;
    free_rec(w, slot);
    w->clock.pending--;
    w->clock.now = time;
    w->clock.fired++;
    if (w->clock.trace) w->clock.trace(w->trace_ctx, w, time, fn, subject, object);
    fn(w, subject, object);
}

/* Runs the source's first item, due at ts (before the calendar's first). */
static inline void fire_source(sim_world *w, double ts) {
    SIM_CHECK(ts >= w->clock.now, "event source went back in time");
    w->clock.now = ts;
    w->clock.fired++;
    if (w->clock.trace) w->clock.trace(w->trace_ctx, w, ts, NULL, w->src_ctx, NULL);
    w->src_fn(w, w->src_ctx);
}

/* Fires the first item of lane l (the first of all events now). */
static inline void fire_lane(sim_world *w, sim_lane *l) {
    double time;
    void *subject = sim__lane_take(l, &time);
    w->clock.now = time;
    w->clock.fired++;
    if (w->clock.trace) w->clock.trace(w->trace_ctx, w, time, l->fn, subject, NULL);
    l->fn(w, subject, NULL);
}

/* A lane's first item and the calendar's first event at the same time:
 * priority, then sequence decide (rare: out of line). */
static OUT_OF_LINE bool lane_wins_tie(const sim_world *w, const sim_lane *l, const bottom_entry *c) {
    if (l->priority != c->priority) return l->priority > c->priority;
    return l->seqs[l->first] < w->recs[c->slot].seq;
}

/* Whether lane l's first item comes before the first of the calendar's
 * event (best NULL; have: there is one, *c) and the lanes' items looked at
 * so far (best: the earliest). */
static inline bool lane_first(const sim_world *w, const sim_lane *l, const sim_lane *best, bool have,
                              const bottom_entry *c) {
    double at = l->time[l->first];
    if (best) {
        double bt = best->time[best->first];
        if (at != bt) return at < bt;
        if (l->priority != best->priority) return l->priority > best->priority;
        return l->seqs[l->first] < best->seqs[best->first];
    }
    if (!have || at < c->time) return true;
    return at == c->time && lane_wins_tie(w, l, c);
}

/* The first of the calendar's events and the lanes' items: *lane is the
 * lane it is in (NULL: the calendar), *tk its time; false when there is
 * none. */
static inline bool keyed_first(sim_world *w, sim_lane **lane, double *tk) {
    bool have = ready_lanes(w);
    const bottom_entry *c = have ? &w->bottom[w->bhead] : NULL;
    sim_lane *best = NULL;
    for (unsigned k = 0; k < w->nlanes; k++) {
        sim_lane *l = w->lane[k];
        if (l->n && lane_first(w, l, best, have, c)) best = l;
    }
    *lane = best;
    *tk = best ? best->time[best->first] : have ? c->time : INFINITY;
    return have || best;
}

/* The next event of a world with a source or lanes: the source's first
 * item when it comes strictly before the calendar's and the lanes' first
 * (*src), else that one (*lane: its lane, NULL: the calendar's); *tk its
 * time; false when there is none. */
static inline bool next_of_all(sim_world *w, bool *src, sim_lane **lane, double *tk) {
    bool have = keyed_first(w, lane, tk);
    double ts = *w->src_next;
    *src = ts < *tk;
    if (*src) *tk = ts;
    return have || *src;
}

static inline void fire_next(sim_world *w, bool src, sim_lane *lane, double tk) {
    if (src)
        fire_source(w, tk);
    else if (lane)
        fire_lane(w, lane);
    else
        fire_first(w);
}

/* The run loop with one lane and no source (a short line's completions):
 * each step runs the first of the calendar's event and the lane's item. */
static OUT_OF_LINE sim_run_status run_one_lane(sim_world *w, double t, uint64_t max_fired) {
    sim_lane *l = w->lane[0];
    for (;;) {
        bool have = ready_lanes(w), lane = l->n != 0;
        double tk = lane ? l->time[l->first] : INFINITY;
        if (have) {
            const bottom_entry *c = &w->bottom[w->bhead];
            lane = lane && (tk < c->time || (tk == c->time && lane_wins_tie(w, l, c)));
            if (!lane) tk = c->time;
        } else if (!lane) {
            return SIM_RUN_REACHED;
        }
        if (!(tk <= t)) return SIM_RUN_REACHED;
        if (w->clock.fired >= max_fired) return SIM_RUN_LIMIT;
        if (lane)
            fire_lane(w, l);
        else
            fire_first(w);
        if (w->clock.stop) return w->oom ? SIM_RUN_OUT_OF_MEMORY : SIM_RUN_STOPPED;
    }
}

/* The run loop with a source or lanes: each step runs the first of all. */
static OUT_OF_LINE sim_run_status run_with_source(sim_world *w, double t, uint64_t max_fired) {
    for (;;) {
        bool src;
        sim_lane *lane;
        double tk;
        if (!next_of_all(w, &src, &lane, &tk) || !(tk <= t)) return SIM_RUN_REACHED;
        if (w->clock.fired >= max_fired) return SIM_RUN_LIMIT;
        fire_next(w, src, lane, tk);
        if (w->clock.stop) return w->oom ? SIM_RUN_OUT_OF_MEMORY : SIM_RUN_STOPPED;
    }
}

sim_run_status sim_world_run_until(sim_world *w, double t) { return sim_world_run_until_max(w, t, UINT64_MAX); }

sim_run_status sim_world_run_until_max(sim_world *w, double t, uint64_t max_fired) {
    w->clock.stop = false;
    if (w->src_fn || w->nlanes) {
        sim_run_status st = w->src_fn || w->nlanes > 1 ? run_with_source(w, t, max_fired) : run_one_lane(w, t, max_fired);
        if (st != SIM_RUN_REACHED) {
            w->clock.stop = false;
            return st;
        }
    } else {
        while (ready(w) && w->bottom[w->bhead].time <= t) {
            if (w->clock.fired >= max_fired) return SIM_RUN_LIMIT;
            fire_first(w);
            if (w->clock.stop) {
                w->clock.stop = false;
                return w->oom ? SIM_RUN_OUT_OF_MEMORY : SIM_RUN_STOPPED;
            }
        }
    }
    bool empty = sim_world_pending(w) == 0 && *w->src_next == INFINITY;
    if (t > w->clock.now && isfinite(t)) w->clock.now = t;
    return empty ? SIM_RUN_EMPTY : SIM_RUN_REACHED;
}

bool sim_world_step(sim_world *w) {
    bool src;
    sim_lane *lane;
    double tk;
    if (!next_of_all(w, &src, &lane, &tk)) return false;
    fire_next(w, src, lane, tk);
    return true;
}
