/*
 * bench_line.c - the production models at full load.
 *
 * 1. The 5-station serial line of issue 3: exponential service with mean
 *    1.0 at every station, buffers of 5 between stations, unlimited supply
 *    in front of station 1, T = 10^6, all ledgers on. Its exact throughput,
 *    from the Markov chain, is 0.79336740 (tests/validation/test_tandem.c).
 * 2. Replications per second of the demo scene (scenes/demo.cfg: 10
 *    stations, 5 weeks each), on 1 and 2 threads: what an analyst's sweep
 *    gets from this machine.
 * Prints a table; asserts nothing. Usage: bench_line [repeats [horizon]]
 * With a horizon the line runs to it and the demo is left out: for
 * instruction counts, e.g. valgrind --tool=callgrind bench_line 1 1e5.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "mdl_batch.h"
#include "scn_scene.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long peak_rss_kib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static mdl_model *five_station_line(void) {
    mdl_model *m = mdl_model_new();
    const char *ids[] = {"s1", "s2", "s3", "s4", "s5"};
    for (int i = 0; i < 5; i++) {
        mdl_station_spec s;
        mdl_station_spec_default(&s);
        s.id = ids[i];
        s.has_cycle = true;
        s.cycle = sim_dist_exp(1.0);
        s.buffer = i == 0 ? -1 : 5;
        s.power[MDL_STATE_BUSY] = 5.0;
        s.power[MDL_STATE_IDLE] = 1.0;
        if (mdl_model_add_station(m, &s) < 0) return NULL;
    }
    int p = mdl_model_add_product(m, "part", ids, 5, 0);
    if (p < 0 || mdl_model_add_unlimited(m, p) < 0) return NULL;
    return m;
}

int main(int argc, char **argv) {
    int repeats = argc > 1 ? atoi(argv[1]) : 5;
    if (repeats < 1) repeats = 1;
    double horizon = argc > 2 ? atof(argv[2]) : 1e6;
    if (!(horizon > 0.0)) horizon = 1e6;
    mdl_model *m = five_station_line();
    if (!m) {
        fprintf(stderr, "bench_line: cannot build the model\n");
        return 1;
    }
    mdl_run_settings rs = {.horizon = horizon, .warmup = 0.0, .replications = 1, .seed = 1};
    double best = 1e300, rate = 0.0, thr = 0.0;
    uint64_t events = 0;
    for (int k = 0; k < repeats; k++) {
        rs.seed = (uint64_t)k + 1;
        mdl_rep_result res;
        mdl_rep_result_init(&res, m);
        double t0 = now_s();
        mdl_run *r = mdl_run_new(m, &rs, 0);
        mdl_run_to_end(r, &res);
        double dt = now_s() - t0;
        if (dt < best) {
            best = dt;
            rate = (double)res.events / dt;
        }
        /* Events and throughput of seed 1, whichever run was fastest: the
         * same on every invocation, so a change in them is a change in the
         * model. */
        if (k == 0) {
            events = res.events;
            thr = res.kpi[MDL_KPI_THROUGHPUT_PER_H] / 3600.0;
        }
        mdl_run_free(r);
        mdl_rep_result_fini(&res);
    }
    mdl_model_free(m);
    printf("5-station line, exp(1), buffers 5, T = %g (best of %d)\n", horizon, repeats);
    printf("  wall time (s)              %10.3f\n", best);
    printf("  events/s (millions)        %10.1f\n", rate / 1e6);
    printf("  events, seed 1             %10llu\n", (unsigned long long)events);
    printf("  throughput, seed 1         %.17g   (exact 0.79336740)\n", thr);
    printf("  peak RSS (KiB)             %10ld\n", peak_rss_kib());
    if (argc > 2) return 0;

    scn_diags *d = scn_diags_new();
    mdl_model *demo = scn_load_file(LINETWIN_SOURCE_DIR "/scenes/demo.cfg", NULL, 0, d);
    if (!demo) {
        scn_diags_print(d, stderr);
        scn_diags_free(d);
        return 1;
    }
    scn_diags_free(d);
    printf("demo scene (scenes/demo.cfg), 20 replications of 5 weeks\n");
    for (int th = 1; th <= 2; th++) {
        mdl_batch_options o = {.run = *mdl_model_run(demo), .threads = th};
        o.run.replications = 20;
        char err[200];
        double t0 = now_s();
        mdl_batch *b = mdl_batch_run(demo, &o, err, sizeof err);
        double dt = now_s() - t0;
        if (!b) {
            fprintf(stderr, "bench_line: %s\n", err);
            return 1;
        }
        printf("  %d thread%s: %6.1f runs/s, %6.1f M events/s\n", th, th > 1 ? "s" : " ",
               20.0 / dt, (double)mdl_batch_events(b) / dt / 1e6);
        mdl_batch_free(b);
    }
    printf("  peak RSS (KiB)             %10ld\n", peak_rss_kib());
    mdl_model_free(demo);
    return 0;
}
