/*
 * bench_family.c - "lot size 1 works at full speed" (issue 17): the cost
 * of a run per event and per unit when every order is a different variant
 * of a 200-variant family, against the same order book of one plain
 * product.
 *
 * The line: 5 stations in series (triangular cycle times of mean 18-22 s,
 * buffers of 10 behind the first); one order of one unit every 25 s,
 * due 4 h after its release, over a month. Three books on the same line:
 *   plain    one product without options;
 *   bare     a family of 5 x 5 x 8 = 200 variants whose options change
 *            nothing, order k of variant (k x 7919) mod 200: the same
 *            work as `plain`, so the difference is the cost of carrying
 *            variants (the target: within about 10 % per event);
 *   family   the same variants with cycle additions by option at three
 *            stations, a setup by option change at one, and a station
 *            visited only when option `coat` is not "none" (a route that
 *            depends on the options): more work per unit (setups, one
 *            more draw), shown for scale.
 * Prints the best of `reps` runs of each (CPU seconds of the run, so that
 * other work on the machine counts less): seconds, events, ns per event,
 * us per unit out. Asserts nothing. Usage: bench_family [orders [reps [book]]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mdl_routing.h"
#include "mdl_run.h"
#include "sim_dist.h"
#include "sim_units.h"

#include "bench_clock.h"

/* CPU time of this thread: the machine may be busy with other work. */
static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

enum { PLAIN, BARE, FAMILY };

static bool family(mdl_model *m, bool effects) {
    static const char *const names[3] = {"size", "color", "coat"};
    static const char *const size[5] = {"xs", "s", "m", "l", "xl"};
    static const char *const color[5] = {"red", "blue", "green", "black", "white"};
    static const char *const coat[8] = {"none", "c1", "c2", "c3", "c4", "c5", "c6", "c7"};
    const char *const *const values[3] = {size, color, coat};
    const int nvalues[3] = {5, 5, 8};
    if (!mdl_model_set_family(m, 0, 3, names, nvalues, values)) return false;
    if (!effects) return true;
    for (int v = 0; v < 5; v++)
        if (!mdl_model_family_cycle_add(m, 0, 1, 0, v, 0.5 * v) || !mdl_model_family_cycle_add(m, 0, 2, 1, v, 0.3 * v))
            return false;
    for (int v = 0; v < 8; v++)
        if (!mdl_model_family_cycle_add(m, 0, 3, 2, v, 0.2 * v)) return false;
    if (!mdl_model_family_setup(m, 0, 2, 1, sim_dist_const(2.0))) return false;
    int coated[7] = {1, 2, 3, 4, 5, 6, 7};
    return mdl_model_step_when(m, 0, 3, 2, 7, coated); /* s4 only for a coat */
}

static mdl_model *book(int norders, int kind) {
    mdl_model *m = mdl_model_new();
    const char *ids[5] = {"s1", "s2", "s3", "s4", "s5"};
    const double mean[5] = {18, 20, 19, 18, 21};
    for (int i = 0; i < 5; i++) {
        mdl_station_spec s;
        mdl_station_spec_default(&s);
        s.id = ids[i];
        s.has_cycle = true;
        s.cycle = sim_dist_tri(mean[i] - 4, mean[i], mean[i] + 4);
        s.buffer = i == 0 ? -1 : 10;
        if (mdl_model_add_station(m, &s) < 0) return NULL;
    }
    if (mdl_model_add_product(m, "housing", ids, 5, 0) < 0) return NULL;
    if (kind != PLAIN && !family(m, kind == FAMILY)) return NULL;
    for (int o = 0; o < norders; o++) {
        char id[24];
        snprintf(id, sizeof id, "O%06d", o + 1);
        double rel = 25.0 * o;
        int oi = mdl_model_add_order(m, id, 0, 1, rel, rel + 4 * SIM_HOUR);
        if (oi < 0) return NULL;
        if (kind != PLAIN && !mdl_model_set_order_variant(m, oi, (long)o * 7919 % 200)) return NULL;
    }
    return bench_set_run(m, 30 * SIM_DAY) ? m : NULL;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 100000, reps = argc > 2 ? atoi(argv[2]) : 5;
    int only = argc > 3 ? atoi(argv[3]) : -1; /* one book only (0, 1, 2), for a profiler */
    static const char *const label[3] = {"one product", "200 variants, bare", "200 variants, full"};
    mdl_model *m[3] = {NULL, NULL, NULL};
    double best[3] = {-1, -1, -1}, units[3] = {0, 0, 0};
    uint64_t events[3] = {0, 0, 0};
    for (int kind = PLAIN; kind <= FAMILY; kind++)
        if ((only < 0 || kind == only) && !(m[kind] = book(n, kind))) {
            fprintf(stderr, "bench_family: could not build the model\n");
            return 1;
        }
    /* The books' runs take turns, so that the state of the machine (heap,
     * caches, clock) weighs on each alike; the best of each counts. */
    for (int k = 0; k < reps; k++)
        for (int kind = PLAIN; kind <= FAMILY; kind++) {
            if (!m[kind]) continue;
            bench_figures f = bench_run_figures(m[kind], now_s); /* CPU seconds */
            double t = f.seconds;
            events[kind] = f.events;
            units[kind] = f.units_out;
            if (t < 0.0) {
                fprintf(stderr, "bench_family: the run failed\n");
                return 1;
            }
            if (best[kind] < 0.0 || t < best[kind]) best[kind] = t;
        }
    printf("%d lot-size-1 orders, 5 stations, 30 days, best of %d runs (CPU time)\n", n, reps);
    double per_event[3] = {0, 0, 0};
    for (int kind = PLAIN; kind <= FAMILY; kind++) {
        if (!m[kind]) continue;
        per_event[kind] = events[kind] ? 1e9 * best[kind] / (double)events[kind] : 0.0;
        printf("  %-22s %7.3f s  %9llu events  %6.1f ns/event  %6.2f us/unit  (%.0f units out)\n", label[kind],
               best[kind], (unsigned long long)events[kind], per_event[kind],
               units[kind] > 0 ? 1e6 * best[kind] / units[kind] : 0.0, units[kind]);
        mdl_model_free(m[kind]);
    }
    if (per_event[PLAIN] > 0.0 && per_event[BARE] > 0.0 && per_event[FAMILY] > 0.0)
        printf("  per event against one product: bare %+.1f %%, full %+.1f %%\n",
               100.0 * (per_event[BARE] / per_event[PLAIN] - 1.0), 100.0 * (per_event[FAMILY] / per_event[PLAIN] - 1.0));
    return 0;
}
