/*
 * bench_hold.c - the classic hold model on the event calendar.
 *
 * n events are pending at exponential times; each one, when it fires,
 * schedules one new event at now + exp(1), so the calendar always holds n
 * (Vaucher and Duval 1975; Jones 1986). Measured after a warm-up of
 * min(n, 10^6) events that brings the calendar into its steady shape:
 * events per second of wall time, best of three runs.
 *
 * Besides the kernel, the same workload runs on standalone d-ary heaps
 * written here (d = 2, 4, 8) with the kernel's entry layout (time, key,
 * slot) and its bookkeeping (each move writes the entry's position back
 * into its event record, which cancel needs), so that the table says which
 * arity suits our sizes. A calendar queue in its best case (sized once for
 * this workload, no resize, no cancel) shows what an O(1) calendar could
 * gain. The "sampling only" row is the cost of drawing exp(1) alone,
 * included in every other row.
 *
 * Usage: bench_hold [scale]   (scale multiplies the event counts; default 1)
 * Prints a table; asserts nothing.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_rng.h"
#include "sim_world.h"
#include "bench_clock.h"

/* exp(1) by inversion, as sim_dist_exp samples it. */
static inline double exp1(sim_rng *r) { return -log(sim_rng_u01_pos(r)); }

/* --- the kernel ---------------------------------------------------------- */

typedef struct hold {
    sim_rng rng;
    uint64_t remaining;
} hold;

static void hold_fire(sim_world *w, void *subject, void *object) {
    (void)object;
    hold *h = subject;
    sim_event_after(w, exp1(&h->rng), SIM_PRIO_NORMAL, hold_fire, h, NULL);
    if (--h->remaining == 0) sim_world_stop(w);
}

static double run_kernel(size_t n, uint64_t events, uint64_t warmup) {
    hold h;
    sim_rng_seed(&h.rng, 1, 1);
    sim_world *w = sim_world_new();
    if (!w) {
        fprintf(stderr, "bench_hold: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < n; i++) sim_event_after(w, exp1(&h.rng), SIM_PRIO_NORMAL, hold_fire, &h, NULL);
    h.remaining = warmup;
    if (warmup) sim_world_run_until(w, INFINITY);
    h.remaining = events;
    double t0 = bench_wall_s();
    sim_world_run_until(w, INFINITY);
    double t1 = bench_wall_s();
    if (sim_world_pending(w) != n) {
        fprintf(stderr, "bench_hold: calendar lost events\n");
        exit(1);
    }
    sim_world_free(w);
    return t1 - t0;
}

/* --- standalone d-ary heaps ---------------------------------------------- */

typedef struct entry {
    double time;
    uint64_t key;
    uint32_t slot;
} entry;

typedef struct dheap {
    entry *a;
    uint32_t *pos; /* per slot: index in a[] (the kernel's heap_pos) */
    size_t len;
} dheap;

static inline int entry_less(const entry *x, const entry *y) {
    return x->time < y->time || (x->time == y->time && x->key < y->key);
}

/* Puts e at a[i] and notes its place. */
static inline void dheap_put(dheap *h, size_t i, entry e) {
    h->a[i] = e;
    h->pos[e.slot] = (uint32_t)i;
}

/* One function per arity, so that the compiler sees a constant d, as in the
 * kernel. */
#define DEFINE_DHEAP(D)                                                        \
    static inline void up##D(dheap *h, size_t i) {                             \
        entry e = h->a[i];                                                     \
        while (i > 0) {                                                        \
            size_t p = (i - 1) / (D);                                          \
            if (!entry_less(&e, &h->a[p])) break;                              \
            dheap_put(h, i, h->a[p]);                                          \
            i = p;                                                             \
        }                                                                      \
        dheap_put(h, i, e);                                                    \
    }                                                                          \
    static inline void down##D(dheap *h, size_t i) {                           \
        entry e = h->a[i];                                                     \
        size_t n = h->len;                                                     \
        for (;;) {                                                             \
            size_t c = i * (D) + 1;                                            \
            if (c >= n) break;                                                 \
            size_t best = c, end = c + (D) < n ? c + (D) : n;                  \
            for (size_t k = c + 1; k < end; k++)                               \
                if (entry_less(&h->a[k], &h->a[best])) best = k;               \
            if (!entry_less(&h->a[best], &e)) break;                           \
            dheap_put(h, i, h->a[best]);                                       \
            i = best;                                                          \
        }                                                                      \
        dheap_put(h, i, e);                                                    \
    }                                                                          \
    static void hold##D(dheap *h, sim_rng *r, uint64_t *seq, uint64_t count) { \
        for (uint64_t k = 0; k < count; k++) {                                 \
            entry top = h->a[0];                                               \
            size_t last = --h->len;                                            \
            if (last > 0) {                                                    \
                h->a[0] = h->a[last];                                          \
                down##D(h, 0);                                                 \
            }                                                                  \
            size_t i = h->len++;                                               \
            h->a[i].time = top.time + exp1(r);                                 \
            h->a[i].key = (*seq)++;                                            \
            h->a[i].slot = top.slot;                                           \
            up##D(h, i);                                                       \
        }                                                                      \
    }                                                                          \
    static void fill##D(dheap *h, sim_rng *r, uint64_t *seq, size_t n) {       \
        for (size_t i = 0; i < n; i++) {                                       \
            h->a[i].time = exp1(r);                                            \
            h->a[i].key = (*seq)++;                                            \
            h->a[i].slot = (uint32_t)i;                                        \
            h->len = i + 1;                                                    \
            up##D(h, i);                                                       \
        }                                                                      \
    }

DEFINE_DHEAP(2)
DEFINE_DHEAP(4)
DEFINE_DHEAP(8)

typedef void fill_fn(dheap *h, sim_rng *r, uint64_t *seq, size_t n);
typedef void hold_fn(dheap *h, sim_rng *r, uint64_t *seq, uint64_t count);

static double run_dheap(fill_fn *fill, hold_fn *run, size_t n, uint64_t events, uint64_t warmup) {
    dheap h;
    h.a = malloc(n * sizeof *h.a);
    h.pos = malloc(n * sizeof *h.pos);
    if (!h.a || !h.pos) {
        fprintf(stderr, "bench_hold: out of memory\n");
        exit(1);
    }
    h.len = 0;
    sim_rng r;
    sim_rng_seed(&r, 1, 1);
    uint64_t seq = 0;
    fill(&h, &r, &seq, n);
    run(&h, &r, &seq, warmup);
    double t0 = bench_wall_s();
    run(&h, &r, &seq, events);
    double t1 = bench_wall_s();
    /* Use the result so that nothing is optimised away. */
    if (!(h.a[0].time > 0.0)) fprintf(stderr, "bench_hold: odd heap\n");
    free(h.a);
    free(h.pos);
    return t1 - t0;
}

/* --- a calendar queue, for comparison ------------------------------------ */

/* Brown's calendar queue (CACM 31(10), 1988): nb buckets of width wd, an
 * event at time t goes to bucket floor(t / wd) mod nb, kept sorted by
 * (time, key); the dequeue walks the buckets one "year" at a time. Sized
 * once for this workload (nb = n rounded up to a power of two, width three
 * mean separations 3 / n, as Brown recommends) with no resizing and no
 * cancel: the best case of the idea, to show what a heap leaves on the
 * table, not a drop-in calendar. Virtual bucket numbers are integers so that
 * no rounding can let an event slip into the next year. */
typedef struct cq_node {
    double time;
    uint64_t key;
    uint64_t vbucket;
    uint32_t next;
} cq_node;

#define CQ_NIL UINT32_MAX

typedef struct calq {
    cq_node *node;
    uint32_t *bucket;
    size_t nbuckets; /* a power of two */
    double inv_width;
    uint64_t cur; /* virtual bucket being served */
} calq;

static void cq_insert(calq *q, uint32_t x) {
    cq_node *nd = q->node;
    nd[x].vbucket = (uint64_t)(nd[x].time * q->inv_width);
    uint32_t *link = &q->bucket[nd[x].vbucket & (q->nbuckets - 1)];
    while (*link != CQ_NIL && (nd[*link].time < nd[x].time ||
                               (nd[*link].time == nd[x].time && nd[*link].key < nd[x].key)))
        link = &nd[*link].next;
    nd[x].next = *link;
    *link = x;
}

static uint32_t cq_pop(calq *q) {
    for (;;) {
        for (size_t k = 0; k < q->nbuckets; k++, q->cur++) {
            uint32_t *head = &q->bucket[q->cur & (q->nbuckets - 1)];
            if (*head != CQ_NIL && q->node[*head].vbucket <= q->cur) {
                uint32_t x = *head;
                *head = q->node[x].next;
                return x;
            }
        }
        /* A whole year without an event: jump to the earliest one. */
        uint64_t best = UINT64_MAX;
        for (size_t b = 0; b < q->nbuckets; b++)
            if (q->bucket[b] != CQ_NIL && q->node[q->bucket[b]].vbucket < best)
                best = q->node[q->bucket[b]].vbucket;
        q->cur = best;
    }
}

static double run_calq(size_t n, uint64_t events, uint64_t warmup) {
    calq q;
    q.nbuckets = 1;
    while (q.nbuckets < n) q.nbuckets *= 2;
    q.node = malloc(n * sizeof *q.node);
    q.bucket = malloc(q.nbuckets * sizeof *q.bucket);
    if (!q.node || !q.bucket) {
        fprintf(stderr, "bench_hold: out of memory\n");
        exit(1);
    }
    for (size_t b = 0; b < q.nbuckets; b++) q.bucket[b] = CQ_NIL;
    q.inv_width = (double)n / 3.0;
    q.cur = 0;
    sim_rng r;
    sim_rng_seed(&r, 1, 1);
    uint64_t seq = 0;
    for (size_t i = 0; i < n; i++) {
        q.node[i].time = exp1(&r);
        q.node[i].key = seq++;
        cq_insert(&q, (uint32_t)i);
    }
    double t0 = 0.0;
    for (uint64_t k = 0; k < warmup + events; k++) {
        if (k == warmup) t0 = bench_wall_s();
        uint32_t x = cq_pop(&q);
        q.node[x].time += exp1(&r);
        q.node[x].key = seq++;
        cq_insert(&q, x);
    }
    double t1 = bench_wall_s();
    free(q.node);
    free(q.bucket);
    return t1 - t0;
}

static volatile double sink;

static double run_sampling(uint64_t events) {
    sim_rng r;
    sim_rng_seed(&r, 1, 1);
    double s = 0.0;
    double t0 = bench_wall_s();
    for (uint64_t k = 0; k < events; k++) s += exp1(&r);
    double t1 = bench_wall_s();
    sink = s;
    return t1 - t0;
}

/* --- table ---------------------------------------------------------------- */

#define REPEATS 3

int main(int argc, char **argv) {
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    if (!(scale > 0)) scale = 1.0;
    static const size_t sizes[] = {10, 1000, 100000, 1000000};
    static const double base_events[] = {2e7, 1.5e7, 5e6, 3e6};
    enum { NSIZES = 4 };

    printf("hold model: n pending events, each firing schedules one at now + exp(1)\n");
    printf("events/s in millions, best of %d (ns/event in parentheses)\n\n", REPEATS);
    printf("%-22s", "calendar");
    for (int s = 0; s < NSIZES; s++) printf(" %18zu", sizes[s]);
    printf("\n");

    const char *names[] = {"sim_world (ladder)", "binary heap", "4-ary heap", "8-ary heap",
                           "calendar queue", "sampling only"};
    for (int v = 0; v < 6; v++) {
        printf("%-22s", names[v]);
        fflush(stdout);
        for (int s = 0; s < NSIZES; s++) {
            size_t n = sizes[s];
            uint64_t events = (uint64_t)(base_events[s] * scale);
            uint64_t warmup = n < 1000000 ? n : 1000000;
            double best = INFINITY;
            for (int k = 0; k < REPEATS; k++) {
                double t;
                switch (v) {
                case 0: t = run_kernel(n, events, warmup); break;
                case 1: t = run_dheap(fill2, hold2, n, events, warmup); break;
                case 2: t = run_dheap(fill4, hold4, n, events, warmup); break;
                case 3: t = run_dheap(fill8, hold8, n, events, warmup); break;
                case 4: t = run_calq(n, events, warmup); break;
                default: t = run_sampling(events); break;
                }
                if (t < best) best = t;
            }
            char cell[32];
            snprintf(cell, sizeof cell, "%.1f (%.0f)", (double)events / best / 1e6,
                     best / (double)events * 1e9);
            printf(" %18s", cell);
            fflush(stdout);
        }
        printf("\n");
    }
    return 0;
}
