/*
 * bench_mm1.c - an M/M/1 queue (lambda = 0.9, mu = 1) on the kernel: the
 * cost of a small but complete model, two events per customer.
 *
 * 10^6 customers arrive (then arrivals stop) and all are served: exactly
 * 2 * 10^6 events. Reported: wall time of the run (world creation to the
 * last departure; best and median of five), events per second, the peak
 * resident set size of the process (getrusage ru_maxrss) and the mean time
 * in system, which should be near the exact 1 / (mu - lambda) = 10.
 * The same model without the kernel (two clocks) runs alongside: the
 * difference is the kernel's cost per event; both see the same numbers
 * and must report the same mean.
 *
 * Usage: bench_mm1 [customers]   (default 1000000)
 * Prints a table; asserts nothing.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sim_dist.h"
#include "sim_rng.h"
#include "sim_stats.h"
#include "sim_world.h"
#include "bench_clock.h"

#define RUNS 5

typedef struct mm1 {
    sim_rng arrival_rng;
    sim_rng service_rng;
    sim_dist interarrival;
    sim_dist service;
    double *arrived; /* FIFO ring of arrival times (cap a power of two); the head is in service */
    size_t head;
    size_t count;
    size_t cap;
    uint64_t to_arrive;
    sim_tally sojourn;
} mm1;

static void depart(sim_world *w, void *subject, void *object);

static void arrive(sim_world *w, void *subject, void *object) {
    mm1 *q = subject;
    (void)object;
    if (q->count == q->cap) {
        size_t cap = q->cap * 2;
        double *a = malloc(cap * sizeof *a);
        if (!a) {
            fprintf(stderr, "bench_mm1: out of memory\n");
            exit(1);
        }
        for (size_t i = 0; i < q->count; i++) a[i] = q->arrived[(q->head + i) & (q->cap - 1)];
        free(q->arrived);
        q->arrived = a;
        q->head = 0;
        q->cap = cap;
    }
    q->arrived[(q->head + q->count) & (q->cap - 1)] = sim_world_now(w);
    if (++q->count == 1)
        sim_event_after(w, sim_dist_sample(&q->service, &q->service_rng), SIM_PRIO_NORMAL, depart,
                        q, NULL);
    if (--q->to_arrive > 0)
        sim_event_after(w, sim_dist_sample(&q->interarrival, &q->arrival_rng), SIM_PRIO_NORMAL,
                        arrive, q, NULL);
}

static void depart(sim_world *w, void *subject, void *object) {
    mm1 *q = subject;
    (void)object;
    sim_tally_add(&q->sojourn, sim_world_now(w) - q->arrived[q->head]);
    q->head = (q->head + 1) & (q->cap - 1);
    if (--q->count > 0)
        sim_event_after(w, sim_dist_sample(&q->service, &q->service_rng), SIM_PRIO_NORMAL, depart,
                        q, NULL);
}

typedef struct result {
    double seconds;
    uint64_t events;
    double mean_sojourn;
} result;

/* The queue of both runs: the same streams, laws and ring (to_arrive:
 * the customers still to come, counted down by the kernel's run). */
static void mm1_init(mm1 *q, uint64_t customers) {
    memset(q, 0, sizeof *q);
    sim_rng_seed(&q->arrival_rng, 2016, sim_rng_stream_id("arrivals", 0));
    sim_rng_seed(&q->service_rng, 2016, sim_rng_stream_id("service", 0));
    q->interarrival = sim_dist_exp(1.0 / 0.9);
    q->service = sim_dist_exp(1.0);
    q->cap = 1024;
    q->arrived = malloc(q->cap * sizeof *q->arrived);
    q->to_arrive = customers;
    sim_tally_reset(&q->sojourn);
    if (!q->arrived) {
        fprintf(stderr, "bench_mm1: out of memory\n");
        exit(1);
    }
}

static result run(uint64_t customers) {
    mm1 q;
    mm1_init(&q, customers);

    double t0 = bench_wall_s();
    sim_world *w = sim_world_new();
    if (!w) {
        fprintf(stderr, "bench_mm1: out of memory\n");
        exit(1);
    }
    sim_event_after(w, sim_dist_sample(&q.interarrival, &q.arrival_rng), SIM_PRIO_NORMAL, arrive,
                    &q, NULL);
    sim_world_run_until(w, INFINITY);
    result r = {0.0, sim_world_fired(w), sim_tally_mean(&q.sojourn)};
    sim_world_free(w);
    r.seconds = bench_wall_s() - t0;
    free(q.arrived);
    return r;
}

/* The same model without the kernel: the next event is the earlier of two
 * clocks, the FIFO is the same ring, the same streams and tally. The
 * difference to run() is what the kernel costs per event. */
static result run_no_kernel(uint64_t customers) {
    mm1 q;
    mm1_init(&q, customers);
    double t0 = bench_wall_s();
    double next_arrival = sim_dist_sample(&q.interarrival, &q.arrival_rng);
    double next_departure = INFINITY;
    uint64_t to_arrive = customers, events = 0;
    while (to_arrive > 0 || q.count > 0) {
        events++;
        if (next_arrival <= next_departure) {
            double now = next_arrival;
            if (q.count == q.cap) {
                size_t cap = q.cap * 2;
                double *a = malloc(cap * sizeof *a);
                if (!a) exit(1);
                for (size_t i = 0; i < q.count; i++) a[i] = q.arrived[(q.head + i) & (q.cap - 1)];
                free(q.arrived);
                q.arrived = a;
                q.head = 0;
                q.cap = cap;
            }
            q.arrived[(q.head + q.count) & (q.cap - 1)] = now;
            if (++q.count == 1) next_departure = now + sim_dist_sample(&q.service, &q.service_rng);
            next_arrival = --to_arrive > 0
                               ? now + sim_dist_sample(&q.interarrival, &q.arrival_rng)
                               : INFINITY;
        } else {
            double now = next_departure;
            sim_tally_add(&q.sojourn, now - q.arrived[q.head]);
            q.head = (q.head + 1) & (q.cap - 1);
            next_departure = --q.count > 0 ? now + sim_dist_sample(&q.service, &q.service_rng)
                                           : INFINITY;
        }
    }
    result r = {bench_wall_s() - t0, events, sim_tally_mean(&q.sojourn)};
    free(q.arrived);
    return r;
}

static int cmp_double(const void *pa, const void *pb) {
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

int main(int argc, char **argv) {
    uint64_t customers = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    if (customers == 0) customers = 1000000;
    double secs[RUNS], base[RUNS];
    result r = {0}, b = {0};
    for (int i = 0; i < RUNS; i++) {
        r = run(customers);
        secs[i] = r.seconds;
        b = run_no_kernel(customers);
        base[i] = b.seconds;
    }
    qsort(secs, RUNS, sizeof secs[0], cmp_double);
    qsort(base, RUNS, sizeof base[0], cmp_double);

    printf("M/M/1, lambda 0.9, mu 1: %llu customers, %llu events, best and median of %d runs\n\n",
           (unsigned long long)customers, (unsigned long long)r.events, RUNS);
    printf("%-30s %14s %14s\n", "", "on the kernel", "no kernel");
    printf("%-30s %14.4f %14.4f\n", "wall time best (s)", secs[0], base[0]);
    printf("%-30s %14.4f %14.4f\n", "wall time median (s)", secs[RUNS / 2], base[RUNS / 2]);
    printf("%-30s %14.1f %14.1f\n", "events/s best (millions)", (double)r.events / secs[0] / 1e6,
           (double)b.events / base[0] / 1e6);
    printf("%-30s %14.1f %14.1f\n", "ns per event (best)", secs[0] / (double)r.events * 1e9,
           base[0] / (double)b.events * 1e9);
    printf("%-30s %14.4f %14.4f   (exact 10)\n", "mean time in system", r.mean_sojourn,
           b.mean_sojourn);
    printf("%-30s %14ld\n", "peak RSS of the process (KiB)", bench_peak_rss_kib());
    return 0;
}
