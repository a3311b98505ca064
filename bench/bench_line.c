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
 * 3. The same 5-station line written by hand (hand_line below: five
 *    completion times scanned for the next one, blocking after service,
 *    and the same ledgers: time busy, blocked and idle per station, the
 *    buffer contents' time average, the throughput), and the ratio of the
 *    model's time to it: what the general model costs over a program
 *    that can do only this line (issue 21: target <= 1.2).
 * 4. The line of 1. from a scene file (bench/bench_line.cfg), which is how
 *    a planner gives it: issue 21's ratio is this line's CPU time over the
 *    hand loop's (target <= 1.2).
 * Prints a table; asserts nothing. Usage: bench_line [repeats [horizon
 * [api|scene|hand]]]. With a horizon the lines run to it and the demo is
 * left out; with the third argument only that line runs: for instruction
 * counts, e.g. valgrind --tool=callgrind bench_line 1 2e5 scene.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "mdl_batch.h"
#include "scn_scene.h"
#include "sim_rng.h"
#include "model_specs.h"
#include "bench_clock.h"

static mdl_model *five_station_line(void) {
    mdl_model *m = mdl_model_new();
    const char *ids[] = {"s1", "s2", "s3", "s4", "s5"};
    for (int i = 0; i < 5; i++) {
        mdl_station_spec s = fx_station(ids[i], sim_dist_exp(1.0));
        s.buffer = i == 0 ? -1 : 5;
        s.power[MDL_STATE_BUSY] = 5.0;
        s.power[MDL_STATE_IDLE] = 1.0;
        if (mdl_model_add_station(m, &s) < 0) return NULL;
    }
    int p = mdl_model_add_product(m, "part", ids, 5, 0);
    if (p < 0 || mdl_model_add_unlimited(m, p) < 0) return NULL;
    return m;
}


/* ---- the line by hand --------------------------------------------------- */

enum { HAND_M = 5, HAND_CAP = 5, H_IDLE = 0, H_BUSY = 1, H_BLOCKED = 2 };

typedef struct hand {
    double now, next[HAND_M];     /* completion time of each busy server */
    int s[HAND_M], q[HAND_M];     /* server state, buffer content */
    double since[HAND_M];         /* ledger: time of the last state change */
    double in_state[HAND_M][3];   /* ledger: time in each state */
    double q_since[HAND_M], q_area[HAND_M];
    long done;
    sim_rng rng[HAND_M];
} hand;

static void hand_state(hand *h, int j, int st) {
    h->in_state[j][h->s[j]] += h->now - h->since[j];
    h->since[j] = h->now;
    h->s[j] = st;
}

static void hand_queue(hand *h, int j, int dq) {
    h->q_area[j] += h->q[j] * (h->now - h->q_since[j]);
    h->q_since[j] = h->now;
    h->q[j] += dq;
}

static void hand_start(hand *h, int j) {
    hand_state(h, j, H_BUSY);
    h->next[j] = h->now - log(sim_rng_u01_pos(&h->rng[j]));
}

static void hand_take_next(hand *h, int j);

static void hand_room_at(hand *h, int j) {
    if (j == 0 || h->s[j - 1] != H_BLOCKED) return;
    if (h->s[j] == H_IDLE) hand_start(h, j);
    else hand_queue(h, j, +1);
    hand_take_next(h, j - 1);
}

static void hand_take_next(hand *h, int j) {
    h->next[j] = INFINITY;
    if (j == 0) {
        hand_start(h, 0);
        return;
    }
    if (h->q[j] > 0) {
        hand_queue(h, j, -1);
        hand_start(h, j);
    } else {
        hand_state(h, j, H_IDLE);
    }
    hand_room_at(h, j);
}

/* Runs to the horizon; returns the completions (events). */
static uint64_t hand_line(double horizon, uint64_t seed, double *throughput) {
    hand h;
    memset(&h, 0, sizeof h);
    uint64_t events = 0;
    for (int j = 0; j < HAND_M; j++) {
        sim_rng_seed(&h.rng[j], seed, (uint64_t)j + 1);
        h.next[j] = INFINITY;
    }
    hand_start(&h, 0);
    for (;;) {
        int j = 0;
        for (int k = 1; k < HAND_M; k++)
            if (h.next[k] < h.next[j]) j = k;
        if (h.next[j] > horizon) break;
        h.now = h.next[j];
        events++;
        if (j == HAND_M - 1) {
            h.done++;
            hand_take_next(&h, j);
        } else if (h.s[j + 1] == H_IDLE) {
            hand_start(&h, j + 1);
            hand_take_next(&h, j);
        } else if (h.q[j + 1] < HAND_CAP) {
            hand_queue(&h, j + 1, +1);
            hand_take_next(&h, j);
        } else {
            h.next[j] = INFINITY;
            hand_state(&h, j, H_BLOCKED);
        }
    }
    h.now = horizon;
    for (int j = 0; j < HAND_M; j++) {
        hand_state(&h, j, h.s[j]);
        hand_queue(&h, j, 0);
    }
    *throughput = (double)h.done / horizon;
    return events;
}

/* The demo scene's batch of 20 replications on 1 and 2 threads; returns
 * the exit code. */
static int bench_demo(void) {
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
        double t0 = bench_wall_s();
        mdl_batch *b = mdl_batch_run(demo, &o, err, sizeof err);
        double dt = bench_wall_s() - t0;
        if (!b) {
            fprintf(stderr, "bench_line: %s\n", err);
            return 1;
        }
        printf("  %d thread%s: %6.1f runs/s, %6.1f M events/s\n", th, th > 1 ? "s" : " ",
               20.0 / dt, (double)mdl_batch_events(b) / dt / 1e6);
        mdl_batch_free(b);
    }
    printf("  peak RSS (KiB)             %10ld\n", bench_peak_rss_kib());
    mdl_model_free(demo);
    return 0;
}

/* Loads the line of bench/bench_line.cfg; NULL (after a message) when it
 * does not load. */
static mdl_model *scene_line(void) {
    scn_diags *d = scn_diags_new();
    mdl_model *m = scn_load_file(LINETWIN_SOURCE_DIR "/bench/bench_line.cfg", NULL, 0, d);
    if (!m) scn_diags_print(d, stderr);
    scn_diags_free(d);
    return m;
}

typedef struct line_figs {
    double best;       /* CPU seconds, best run */
    uint64_t events;   /* of seed 1 */
    double throughput; /* of seed 1, per second */
} line_figs;

/* One timed replication of model m (CPU seconds) with this seed, into f. */
static void model_once(const mdl_model *m, double horizon, uint64_t seed, line_figs *f) {
    mdl_run_settings rs = {.horizon = horizon, .warmup = 0.0, .replications = 1, .seed = seed};
    mdl_rep_result res;
    mdl_rep_result_init(&res, m);
    double dt = bench_run_on(m, &rs, &res, bench_cpu_s);
    if (dt >= 0.0 && dt < f->best) f->best = dt;
    /* Events and throughput of seed 1, whichever run was fastest: the same
     * on every invocation, so a change in them is a change in the model. */
    if (seed == 1) {
        f->events = res.events;
        f->throughput = res.kpi[MDL_KPI_THROUGHPUT_PER_H] / 3600.0;
    }
    mdl_rep_result_fini(&res);
}

static void hand_once(double horizon, uint64_t seed, line_figs *f) {
    double t0 = bench_cpu_s(), th;
    uint64_t ev = hand_line(horizon, seed, &th);
    double dt = bench_cpu_s() - t0;
    if (dt < f->best) f->best = dt;
    if (seed == 1) f->events = ev, f->throughput = th;
}

static void print_line(const char *title, double horizon, int repeats, const line_figs *f) {
    printf("%s, T = %g (best of %d)\n", title, horizon, repeats);
    printf("  CPU time (s)               %10.3f\n", f->best);
    printf("  events/s (millions)        %10.1f\n", (double)f->events / f->best / 1e6);
    printf("  events, seed 1             %10llu\n", (unsigned long long)f->events);
    printf("  throughput, seed 1         %.17g   (exact 0.79336740)\n", f->throughput);
}

/* Usage: bench_line [repeats [horizon [api|scene|hand]]]. With a horizon
 * the demo is left out; with a third argument only that line runs (for
 * instruction counts: valgrind --tool=callgrind bench_line 1 2e5 scene). */
int main(int argc, char **argv) {
    int repeats = argc > 1 ? atoi(argv[1]) : 5;
    if (repeats < 1) repeats = 1;
    double horizon = argc > 2 ? atof(argv[2]) : 1e6;
    if (!(horizon > 0.0)) horizon = 1e6;
    const char *only = argc > 3 ? argv[3] : NULL;
    bool run_api = !only || !strcmp(only, "api"), run_scene = !only || !strcmp(only, "scene");
    bool run_hand = !only || !strcmp(only, "hand");
    mdl_model *m = run_api ? five_station_line() : NULL, *ms = run_scene ? scene_line() : NULL;
    if ((run_api && !m) || (run_scene && !ms)) {
        fprintf(stderr, "bench_line: cannot build the model\n");
        mdl_model_free(m);
        mdl_model_free(ms);
        return 1;
    }
    /* The runs take turns (API line, scene line, hand loop), so that a
     * loaded machine disturbs the three alike; CPU time, not wall time. */
    line_figs api = {.best = 1e300}, scene = {.best = 1e300}, byhand = {.best = 1e300};
    for (int k = 0; k < repeats; k++) {
        uint64_t seed = (uint64_t)k + 1;
        if (run_api) model_once(m, horizon, seed, &api);
        if (run_scene) model_once(ms, horizon, seed, &scene);
        if (run_hand) hand_once(horizon, seed, &byhand);
    }
    mdl_model_free(m);
    mdl_model_free(ms);
    if (run_api) print_line("5-station line, exp(1), buffers 5, built by the API", horizon, repeats, &api);
    if (run_scene) print_line("the same line from a scene file (bench/bench_line.cfg)", horizon, repeats, &scene);
    if (run_hand) print_line("the same line by hand (hand_line)", horizon, repeats, &byhand);
    printf("  peak RSS (KiB)             %10ld\n", bench_peak_rss_kib());
    if (run_scene && run_hand)
        printf("  scene line / by hand, CPU  %10.2f x   (same horizon; per event %.2f x)\n", scene.best / byhand.best,
               (scene.best / (double)scene.events) / (byhand.best / (double)byhand.events));
    if (argc > 2) return 0;
    return bench_demo();
}
