/*
 * test_cli_sweep.c - `linetwin sweep` and `linetwin optimize` end to end:
 * the same numbers as `run` (common random numbers), the same bytes for
 * any number of threads, after kills at random moments and --resume, and
 * under mpirun; bad input refused before any run; --precision meets its
 * target; KN selects the known best M/M/1 variant (true means worked out
 * here) with the stated probability.
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "test_helpers.h"
#include "cli_run.h"

#define MM1 "scenes/validation/mm1.cfg"

static void sleep_us(long us) {
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* The number after the n-th (from 0) "key": in json. */
static double nth_number(const char *json, const char *key, int n) {
    char pat[80];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    return strtod(after_nth(json, pat, n), NULL);
}

/* Exact M/M/1 lead time (sojourn) with arrivals every 75 s on average:
 * W = 1 / (mu - lambda). */
static double mm1_w(double service_s) { return 1.0 / (1.0 / service_s - 1.0 / 75.0); }

/* A scenario of a sweep has the numbers `run --set` gives: replication r
 * is seeded alike in both (common random numbers across scenarios). */
static void test_sweep_matches_run(void **state) {
    (void)state;
    result s = RUN("sweep", scene(0, MM1), "--vary", "stations.server.cycle=exp(50s),exp(60s)", "--reps", "3",
                   "--horizon", "3d", "--warmup", "2h", "--json");
    expect_status(&s, 0);
    result r = RUN("run", scene(0, MM1), "--set", "stations.server.cycle=exp(60s)", "--reps", "3", "--horizon", "3d",
                   "--warmup", "2h", "--json");
    expect_status(&r, 0);
    const char *keys[] = {"lead_time_s", "throughput_per_h", "wip"};
    for (int i = 0; i < 3; i++) {
        double a = json_nth_mean(s.out, keys[i], 1), b = json_nth_mean(r.out, keys[i], 0);
        if (a != b) fail_msg("%s: sweep %.17g, run %.17g", keys[i], a, b);
    }
    result_free(&s);
    result_free(&r);
}

/* The table, sweep.csv in long format, sweep.json and the best per KPI. */
static void test_sweep_outputs(void **state) {
    (void)state;
    char dir[64], out[128];
    temp_dir(dir, sizeof dir, "test_cli_sweep");
    snprintf(out, sizeof out, "%s/res", dir);
    result s = RUN("sweep", scene(0, MM1), "--vary", "stations.server.cycle=exp(45s),exp(60s)", "--vary",
                   "stations.server.buffer=5,1000", "--reps", "3", "--horizon", "3d", "--warmup", "2h", "--out", out,
                   "--kpi", "lead_time_s,throughput_per_h");
    expect_status(&s, 0);
    expect_contains(s.out, "4 scenarios (grid)");
    expect_contains(s.out, "stations.server.cycle");
    expect_contains(s.out, "Best per KPI");
    /* the shortest lead time: the fast server with the small buffer (it
     * turns work away) */
    expect_contains(s.out, "lead_time_s            min #1");
    char *csv = read_in(out, "sweep.csv");
    assert_true(strncmp(csv, "scenario,label,\"stations.server.cycle\",\"stations.server.buffer\",kpi,mean,ci95,min,max,"
                             "replications\n", 97) == 0);
    int lines = 0;
    for (const char *p = csv; *p; p++) lines += *p == '\n';
    assert_int_equal(lines, 1 + 4 * 26); /* 4 scenarios x the 26 line KPIs */
    expect_contains(csv, "\n4,\"stations.server.cycle=exp(60s), stations.server.buffer=1000\",\"exp(60s)\",\"1000\","
                         "throughput_per_h,");
    char *json = read_in(out, "sweep.json");
    expect_contains(json, "\"design\": \"grid\"");
    expect_contains(json, "\"best\": [");
    expect_contains(json, "\"runner_up\": ");
    expect_contains(json, "\"paired_replications\": 3");
    free(csv);
    free(json);
    result_free(&s);
    remove_dir(dir);
}

/* A number like 4.26e-15 anywhere in s. */
static bool has_e_notation(const char *s) {
    for (const char *p = s; p[0] && p[1] && p[2] && p[3]; p++)
        if (p[0] >= '0' && p[0] <= '9' && (p[1] == 'e' || p[1] == 'E') && (p[2] == '-' || p[2] == '+') &&
            p[3] >= '0' && p[3] <= '9')
            return true;
    return false;
}

/* Numbers printed for people never come out in e-notation: in the best
 * per KPI of retrofit.cfg (the wash buffer changes nothing) the paired
 * differences are exactly 0 (a tie) or floating-point noise like -4e-15,
 * printed as 0 at the KPI's precision. */
static void test_sweep_no_e_notation(void **state) {
    (void)state;
    result s = RUN("sweep", scene(0, "scenes/retrofit.cfg"), "--vary", "fleets.agv.count=1..3", "--vary",
                   "stations.wash.buffer=8,16", "--reps", "5");
    expect_status(&s, 0);
    const char *best = strstr(s.out, "Best per KPI");
    assert_non_null(best);
    if (has_e_notation(s.out)) fail_msg("e-notation in:\n%s", s.out);
    /* scenarios 3 and 4 differ only in the wash buffer: the same numbers */
    expect_contains(best, "max #3 5.473; vs #4: tie  (");
    expect_contains(best, "vs #1: 0 +/- 0  (");
    result_free(&s);
}

/* A sweep of MM1 over three cycles and three warm-ups by this design, on
 * `threads` threads, in JSON. */
static result design_sweep(const char *design, const char *threads) {
    return RUN("sweep", scene(0, MM1), "--vary", "stations.server.cycle=exp(45s),exp(50s),exp(60s)", "--vary",
               "run.warmup=1h..3h:3", "--design", design, "--reps", "3", "--horizon", "2d", "-j", threads,
               "--json");
}

/* The same bytes on 1 and 2 threads, for every design. */
static void test_sweep_threads(void **state) {
    (void)state;
    const char *designs[] = {"grid", "oat", "lhs:3"};
    for (int i = 0; i < 3; i++) EXPECT_SAME_OUT(design_sweep(designs[i], "1"), design_sweep(designs[i], "2"));
}

/* Bad input: exit 2 naming the argument, before any run (no folder made). */
static void test_sweep_bad_input(void **state) {
    (void)state;
    char dir[64], out[128];
    temp_dir(dir, sizeof dir, "test_cli_sweep");
    snprintf(out, sizeof out, "%s/res", dir);
    static const struct {
        const char *cmd, *a1, *a2, *a3, *a4, *expect;
    } cases[] = {
        {"sweep", "--vary", "stations.server.cycel=exp(1s),exp(2s)", NULL, NULL,
         "--vary stations.server.cycel=exp(1s),exp(2s): value exp(1s): station 'server': unknown key 'cycel' (did you mean 'cycle'?)"},
        {"sweep", "--vary", "stations.server.servers=6..2", NULL, NULL, "--vary stations.server.servers=6..2: range 6..2 is empty"},
        {"sweep", "--vary", "stations.server.servers=2,x", NULL, NULL,
         "--vary stations.server.servers=2,x: value x: station 'server': servers: expected"},
        {"sweep", "--vary", "stations.server.servers=1..2:3", NULL, NULL, "value 1.5"},
        {"sweep", "--vary", "stations.server.servers=", NULL, NULL, "--vary stations.server.servers=: no values"},
        {"sweep", "--vary", "stations.server.servers=1,2", "--precision", "lead_tme_s=2%",
         "--precision lead_tme_s=2%: unknown KPI 'lead_tme_s' (did you mean lead_time_s?)"},
        {"sweep", "--vary", "stations.server.servers=1,2", "--design", "cube", "--design cube: expected grid, oat or lhs:N"},
        {"sweep", "--vary", "stations.server.servers=1,2", "--kpi", "oee,foo", "--kpi oee,foo: unknown KPI 'foo'"},
        {"sweep", "--set", "run.seed=2", NULL, NULL, "give the factors to vary"},
        {"sweep", "--scenarios", "/nonexistent/scenarios.txt", NULL, NULL, "--scenarios /nonexistent/scenarios.txt: cannot read it"},
        {"optimize", "--vary", "stations.server.servers=1,2", "--objective", "wip",
         "missing --delta D"},
        {"optimize", "--vary", "stations.server.servers=1,2", "--constraint", "wipp<=3",
         "--constraint wipp<=3: unknown KPI 'wipp'"},
        {"optimize", "--vary", "stations.server.servers=1,2", "--objective", "wip:up", "--objective wip:up: the sense"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[16];
        int n = 0;
        args[n++] = cases[i].cmd;
        args[n++] = scene(0, MM1);
        args[n++] = "--out";
        args[n++] = out;
        if (strcmp(cases[i].cmd, "optimize") == 0 && strcmp(cases[i].a3, "--objective") != 0) {
            args[n++] = "--objective";
            args[n++] = "wip";
            args[n++] = "--delta";
            args[n++] = "1";
        }
        const char *rest[] = {cases[i].a1, cases[i].a2, cases[i].a3, cases[i].a4};
        for (int k = 0; k < 4 && rest[k]; k++) args[n++] = rest[k];
        args[n] = NULL;
        result r = run_limited(args, 0);
        expect_status(&r, 2);
        expect_contains(r.err, cases[i].expect);
        assert_string_equal(r.out, "");
        struct stat st;
        assert_true(stat(out, &st) != 0);   /* nothing ran, nothing written */
        result_free(&r);
    }
    EXPECT_ERR(RUN("sweep", scene(0, MM1), "--vary", "stations.server.servers=1,2", "--resume"), 2,
               "--resume continues the sweep journaled in --out DIR");
    remove_dir(dir);
}

/* A sweep long enough to be killed in the middle: 6 scenarios x 8
 * replications of the retrofit line. */
#define KILL_ARGS "sweep", scene(1, "scenes/retrofit.cfg"), "--vary", "fleets.agv.count=1..3", "--vary", \
                  "stations.wash.buffer=8,16", "--reps", "8", "--horizon", "3w", "--warmup", "1d", "-j", "2", "--json"

static int journal_lines(const char *out) {
    char path[256];
    snprintf(path, sizeof path, "%s/sweep.journal", out);
    char *j = test_read_file(path);
    if (!j) return 0;
    int n = 0;
    for (const char *p = j; *p; p++) n += *p == '\n';
    free(j);
    return n;
}

/* SIGKILL at random moments, then --resume: the same bytes as a sweep
 * that was never interrupted (stdout, sweep.csv, sweep.json). */
static void test_sweep_kill_resume(void **state) {
    (void)state;
    char dir[64], ref[128], out[128];
    temp_dir(dir, sizeof dir, "test_cli_sweep");
    snprintf(ref, sizeof ref, "%s/ref", dir);
    snprintf(out, sizeof out, "%s/killed", dir);
    result a = RUN(KILL_ARGS, "--out", ref);
    expect_status(&a, 0);
    /* deterministic "random" moments: the test does not depend on luck,
     * only the moments do (any moment must do) */
    unsigned x = 12345u;
    int kills = 0, finished = 0;
    for (int round = 0; round < 12 && !finished; round++) {
        x = x * 1103515245u + 12345u;
        long delay_us = 20000 + (long)((x >> 8) % 250000);
        const char *args[24] = {KILL_ARGS, "--out", out, round ? "--resume" : NULL, NULL};
        int fd = temp_fd(), efd = temp_fd();
        pid_t pid = start(args, 0, fd, efd);
        sleep_us(delay_us);
        kill(pid, SIGKILL);
        int st = wait_status(pid);
        if (st == 0) finished = 1;
        else {
            assert_int_equal(st, 128 + SIGKILL);
            kills++;
        }
        close(fd);
        close(efd);
        /* the journal grows and keeps only whole lines */
        (void)journal_lines(out);
    }
    assert_true(kills >= 1);
    result b = RUN(KILL_ARGS, "--out", out, "--resume");
    expect_status(&b, 0);
    assert_string_equal(a.out, b.out);
    const char *files[] = {"sweep.csv", "sweep.json"};
    for (int i = 0; i < 2; i++) {
        char p1[256], p2[256];
        snprintf(p1, sizeof p1, "%s/%s", ref, files[i]);
        snprintf(p2, sizeof p2, "%s/%s", out, files[i]);
        char *f1 = test_read_file(p1), *f2 = test_read_file(p2);
        assert_non_null(f1);
        assert_non_null(f2);
        assert_string_equal(f1, f2);
        free(f1);
        free(f2);
    }
    assert_int_equal(journal_lines(out), 1 + 6 * 8);
    /* a journal of another sweep is refused, and so is starting over
     * without --resume */
    result c = RUN("sweep", scene(1, "scenes/retrofit.cfg"), "--vary", "fleets.agv.count=1..2", "--reps", "2",
                   "--out", out, "--resume");
    expect_status(&c, 2);
    expect_contains(c.err, "is the journal of a different sweep");
    result d = RUN(KILL_ARGS, "--out", out);
    expect_status(&d, 2);
    expect_contains(d.err, "add --resume to continue it");
    result_free(&a);
    result_free(&b);
    result_free(&c);
    result_free(&d);
    remove_dir(dir);
}

/* Ctrl-C: exit 130, what finished kept; --resume completes it alike. */
static void test_sweep_interrupt(void **state) {
    (void)state;
    char dir[64], out[128];
    temp_dir(dir, sizeof dir, "test_cli_sweep");
    snprintf(out, sizeof out, "%s/res", dir);
    result a = RUN(KILL_ARGS);
    expect_status(&a, 0);
    const char *args[24] = {KILL_ARGS, "--out", out, NULL};
    int fd = temp_fd(), efd = temp_fd();
    pid_t pid = start(args, 0, fd, efd);
    /* once the first replication is journaled: the sweep is running (a
     * signal during the checks before it ends the process as usual) */
    for (int i = 0; i < 3000 && journal_lines(out) < 2; i++) sleep_us(2000);
    kill(pid, SIGINT);
    int st = wait_status(pid);
    char *err = slurp(efd);
    char *sout = slurp(fd);
    close(fd);
    close(efd);
    if (st == 130) {
        expect_contains(err, "interrupted; the replications that finished are kept");
        assert_string_equal(sout, "");
    } else {
        assert_int_equal(st, 0);   /* a fast machine finished first */
    }
    free(err);
    free(sout);
    result b = RUN(KILL_ARGS, "--out", out, "--resume");
    expect_status(&b, 0);
    assert_string_equal(a.out, b.out);
    result_free(&a);
    result_free(&b);
    remove_dir(dir);
}

/* --precision: every scenario ends at the first n >= n0 whose half-width
 * is within gamma / (1 + gamma) of the mean; the intervals then cover the
 * exact M/M/1 lead time. */
static void test_sweep_precision(void **state) {
    (void)state;
    const double svc[2] = {45, 55};
    result s = RUN("sweep", scene(0, MM1), "--vary", "stations.server.cycle=exp(45s),exp(55s)", "--reps", "3",
                   "--horizon", "6d", "--warmup", "1d", "--precision", "lead_time_s=3%", "--json");
    expect_status(&s, 0);
    for (int i = 0; i < 2; i++) {
        double mean = json_nth_mean(s.out, "lead_time_s", i);
        double ci = nth_number(s.out, "ci95", 0);
        /* the ci95 of scenario i's lead time: after its "mean" */
        char pat[40] = "\"lead_time_s\": {";
        const char *p = s.out;
        for (int k = 0; k <= i; k++) p = strstr(p, pat) + strlen(pat);
        ci = strtod(strstr(p, "\"ci95\": ") + 8, NULL);
        int n = (int)nth_number(s.out, "replications", i + 1);
        double w = mm1_w(svc[i]);
        printf("scenario %d: W = %.2f, %.2f +- %.2f after %d replications\n", i + 1, w, mean, ci, n);
        assert_true(n >= 3);
        assert_true(ci <= 0.03 / 1.03 * mean);
        assert_true(fabs(mean - w) <= ci * 1.5);   /* covers (a 1.5 margin for the family of two) */
    }
    expect_contains(s.out, "\"precision_met\": true");
    result_free(&s);
}

/* KN selects the known best: M/M/1 variants whose exact lead times are
 * 1 / (mu - lambda); the best (45 s service) is 37.5 s better than the
 * next, beyond the indifference zone of 20 s. Over 10 seeds the selection
 * is correct at least as often as 1 - alpha = 0.95 allows (9 of 10: fewer
 * has probability below 9 % under PCS = 0.95). */
static void test_optimize_mm1(void **state) {
    (void)state;
    const double svc[4] = {45, 50, 55, 60};
    int best = 0;
    for (int i = 1; i < 4; i++)
        if (mm1_w(svc[i]) < mm1_w(svc[best])) best = i;
    assert_int_equal(best, 0);
    int correct = 0;
    for (int seed = 1; seed <= 10; seed++) {
        char sd[16];
        snprintf(sd, sizeof sd, "%d", seed);
        result r = RUN("optimize", scene(0, MM1), "--vary", "stations.server.cycle=exp(45s),exp(50s),exp(55s),exp(60s)",
                       "--objective", "lead_time_s", "min", "--delta", "20", "--reps", "5", "--horizon", "6d",
                       "--warmup", "1d", "--seed", sd, "--json");
        expect_status(&r, 0);
        int sel = (int)nth_number(r.out, "selected", 0);
        if (sel == best + 1) correct++;
        if (seed == 1) {
            expect_contains(r.out, "\"method\": \"KN\"");
            assert_true(nth_number(r.out, "replications_spent", 0) >= 20);
        }
        result_free(&r);
    }
    printf("KN on M/M/1: %d of 10 correct\n", correct);
    assert_true(correct >= 9);
    /* the text: selected scenario, its interval, runners-up, replications */
    EXPECT_OUT(RUN("optimize", scene(0, MM1), "--vary", "stations.server.cycle=exp(45s),exp(50s),exp(60s)",
                   "--objective", "lead_time_s:min", "--delta", "20", "--reps", "5", "--horizon", "6d",
                   "--warmup", "1d", "--constraint", "throughput_per_h>=40"),
               0, "KN (Kim & Nelson 2001)", "Selected: #1 stations.server.cycle=exp(45s)", "Runners-up",
               "replications spent: ");
    /* a larger space: a heuristic screen to 3 finalists, then KN; M/D/1
     * lead times D + rho D / (2 (1 - rho)) grow with D, so the best is 40 s */
    double md1_40 = 40 + (40.0 / 75) * 40 / (2 * (1 - 40.0 / 75)), md1_44 = 44 + (44.0 / 75) * 44 / (2 * (1 - 44.0 / 75));
    assert_true(md1_40 < md1_44);
    result f = RUN("optimize", scene(0, MM1), "--vary", "stations.server.cycle=40s..64s:7", "--finalists", "3",
                   "--objective", "lead_time_s", "--delta", "3", "--reps", "5", "--horizon", "6d", "--warmup", "1d",
                   "--json");
    expect_status(&f, 0);
    assert_int_equal((int)nth_number(f.out, "selected", 0), 1);
    assert_int_equal((int)nth_number(f.out, "screened", 0), 4);
    double w = json_nth_mean(f.out, "lead_time_s", 0);
    printf("M/D/1 D = 40 s: W = %.2f, selected with %.2f\n", md1_40, w);
    assert_true(fabs(w - md1_40) < 0.05 * md1_40);
    result_free(&f);
    /* a constraint no scenario meets */
    EXPECT_OUT(RUN("optimize", scene(0, MM1), "--vary", "stations.server.cycle=exp(45s),exp(50s)",
                   "--objective", "lead_time_s", "--delta", "20", "--reps", "3", "--horizon", "3d",
                   "--warmup", "1d", "--constraint", "throughput_per_h>=100"),
               0, "No scenario meets the constraints");
}

/* A sweep of MM1 over two cycles with the warm-up found by MSER-5; format:
 * "--json", or NULL for the table (NULL ends the arguments). */
static result mser_sweep(const char *format) {
    return RUN("sweep", scene(0, MM1), "--vary", "stations.server.cycle=exp(45s),exp(60s)", "--reps", "3",
               "--horizon", "4d", "--warmup", "auto", format);
}

/* --warmup auto: MSER-5 on the WIP of pilot replications, reported. */
static void test_sweep_warmup_auto(void **state) {
    (void)state;
    result s = mser_sweep("--json");
    expect_status(&s, 0);
    expect_contains(s.out, "\"method\": \"MSER-5\"");
    double w = nth_number(s.out, "warmup_s", 0);
    double d = nth_number(s.out, "dropped", 0);
    assert_true(w >= 0 && w <= 2 * 86400.0);   /* at most half the horizon */
    assert_true(fabs(w - d * 4 * 86400.0 / 500) < 1e-6);
    result_free(&s);
    EXPECT_OUT(mser_sweep(NULL), 0, "warm-up by MSER-5");
}

/* A file of scenarios. */
static void test_sweep_file(void **state) {
    (void)state;
    char dir[64], path[128];
    temp_dir(dir, sizeof dir, "test_cli_sweep");
    snprintf(path, sizeof path, "%s/scenarios.txt", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# two servers or a faster one\nstations.server.servers=2; stations.server.cycle=exp(100s)\n\n"
          "stations.server.cycle=exp(45s)\n", f);
    fclose(f);
    result s = RUN("sweep", scene(0, MM1), "--scenarios", path, "--reps", "2", "--horizon", "2d", "--warmup", "2h");
    expect_status(&s, 0);
    expect_contains(s.out, "2 scenarios (from the scenario file)");
    expect_contains(s.out, "stations.server.servers=2, stations.server.cycle=exp(100s)");
    f = fopen(path, "w");
    fputs("stations.server.cycl=exp(45s)\n", f);
    fclose(f);
    result b = RUN("sweep", scene(0, MM1), "--scenarios", path);
    expect_status(&b, 2);
    expect_contains(b.err, "scenario 1: stations.server.cycl=exp(45s): station 'server': unknown key 'cycl'");
    result_free(&s);
    result_free(&b);
    remove_dir(dir);
}

#ifdef LINETWIN_MPIEXEC
/* Runs cmd (a shell command line) and returns its stdout. */
static char *shell(const char *cmd, int *status) {
    char path[] = "/tmp/test_cli_sweep_mpi.XXXXXX";
    temp_file(path, NULL);
    char line[2048];
    snprintf(line, sizeof line, "%s > %s", cmd, path);
    *status = system(line);
    char *out = test_read_file(path);
    unlink(path);
    return out;
}

/* mpirun -np 2 spreads the replications over two ranks: the same bytes as
 * one process on one thread (sweep, and optimize's sequential rounds). */
static void test_mpi_same_bytes(void **state) {
    (void)state;
    const char *sweep = "--vary 'stations.server.cycle=exp(45s),exp(50s),exp(60s)' --vary "
                        "'stations.server.buffer=4,1000' --reps 5 --horizon 2d --warmup 2h --json";
    const char *opt = "--vary 'stations.server.cycle=exp(45s),exp(50s),exp(55s)' --objective lead_time_s "
                      "--delta 20 --reps 4 --horizon 3d --warmup 1d --json";
    const char *forms[] = {sweep, opt};
    for (int i = 0; i < 2; i++) {
        char args[1024], one[1400], mpi[1600];
        snprintf(args, sizeof args, "%s %s %s", i == 0 ? "sweep" : "optimize", scene(0, MM1), forms[i]);
        snprintf(one, sizeof one, "%s %s -j 1 2>/dev/null", LINETWIN_BINARY, args);
        /* OpenMPI's own allocations are not ours to leak-check */
        snprintf(mpi, sizeof mpi, "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 "
                 "OMPI_MCA_btl_vader_single_copy_mechanism=none %s --allow-run-as-root --oversubscribe "
                 "-np 2 %s %s -j 2 2>/dev/null", LINETWIN_MPIEXEC, LINETWIN_BINARY, args);
        int s1, s2;
        char *a = shell(one, &s1), *b = shell(mpi, &s2);
        assert_int_equal(s1, 0);
        assert_int_equal(s2, 0);
        assert_non_null(a);
        assert_non_null(b);
        assert_true(strlen(a) > 100);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    /* --resume under mpirun: rank 0 reads the journal of a one-process run
     * with fewer replications and shares it; the same bytes as -j 1 */
    char dir[64], args[1024], line[2400];
    temp_dir(dir, sizeof dir, "test_cli_sweep");
    snprintf(args, sizeof args, "sweep %s --vary 'stations.server.cycle=exp(45s),exp(60s)' --horizon 2d --warmup 2h "
             "--json", scene(0, MM1));
    int st;
    snprintf(line, sizeof line, "%s %s --reps 3 --out %s/res 2>/dev/null", LINETWIN_BINARY, args, dir);
    free(shell(line, &st));
    assert_int_equal(st, 0);
    snprintf(line, sizeof line, "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 %s --allow-run-as-root --oversubscribe "
             "-np 2 %s %s --reps 6 --out %s/res --resume "
             "2>/dev/null", LINETWIN_MPIEXEC, LINETWIN_BINARY, args, dir);
    char *m = shell(line, &st);
    assert_int_equal(st, 0);
    snprintf(line, sizeof line, "%s %s --reps 6 -j 1 2>/dev/null", LINETWIN_BINARY, args);
    char *one = shell(line, &st);
    assert_int_equal(st, 0);
    assert_string_equal(m, one);
    free(m);
    free(one);
    remove_dir(dir);
}
#endif

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_matches_run), cmocka_unit_test(test_sweep_outputs),
        cmocka_unit_test(test_sweep_threads),     cmocka_unit_test(test_sweep_bad_input),
        cmocka_unit_test(test_sweep_kill_resume), cmocka_unit_test(test_sweep_interrupt),
        cmocka_unit_test(test_sweep_precision),   cmocka_unit_test(test_optimize_mm1),
        cmocka_unit_test(test_sweep_warmup_auto), cmocka_unit_test(test_sweep_file),
        cmocka_unit_test(test_sweep_no_e_notation),
#ifdef LINETWIN_MPIEXEC
        cmocka_unit_test(test_mpi_same_bytes),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
