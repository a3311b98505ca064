/*
 * bench_eventlog.c - the MES event log (docs/event-log.md): how fast the
 * writers format records into a file, what the log costs a run, and its
 * memory. Prints figures; asserts nothing (bench/README.md).
 *
 *   bench_eventlog [weeks]   (default 52: a year of the demo line)
 *
 * 1. Writer: 5 million records of the demo line's kinds (a synthetic mix
 *    cycling through stations, products and units) formatted into a file
 *    in $TMPDIR (default /tmp), CSV and OCEL 2.0 JSON: records per second.
 * 2. Run: replication 0 of scenes/demo.cfg for `weeks`, without a listener,
 *    with a counting listener (the stream alone), and writing the CSV log:
 *    wall time and the slowdown against the run without.
 * 3. Peak RSS of each of the three runs, each in a child process.
 * Times are the process's CPU time (user + system, the kernel's part of
 * writing the file included), so that other load on the machine does not
 * count; each figure is the best of 3.
 */
#define _DEFAULT_SOURCE /* wait4 */
#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "eventlog.h"
#include "mdl_run.h"
#include "scn_scene.h"
#include "bench_clock.h"

/* Process CPU time (user + system): on a shared machine, wall time also
 * counts the other processes' turns; the figures are per CPU second. */
static const char *tmp_dir(void) {
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

static mdl_model *load_demo(double weeks) {
    scn_diags *d = scn_diags_new();
    char h[64];
    snprintf(h, sizeof h, "run.horizon=\"%gw\"", weeks);
    const char *sets[] = {h, "run.warmup=0"};
    mdl_model *m = scn_load_file(LINETWIN_SOURCE_DIR "/scenes/demo.cfg", sets, 2, d);
    if (!m) scn_diags_print(d, stderr);
    scn_diags_free(d);
    return m;
}

/* ---- 1. the writers alone ------------------------------------------------------ */

static double writer_rate(const mdl_model *m, eventlog_format fmt, long n, double *mb) {
    char path[512];
    snprintf(path, sizeof path, "%s/bench_eventlog.%d.%s", tmp_dir(), (int)getpid(),
             fmt == EVENTLOG_CSV ? "csv" : "json");
    FILE *f = fopen(path, "w");
    if (!f) return 0.0;
    eventlog *e = eventlog_new(m, fmt, f, MDL_DEFAULT_START_EPOCH);
    if (!e) {
        fclose(f);
        return 0.0;
    }
    static const mdl_log_kind kinds[] = {MDL_LOG_QUEUE, MDL_LOG_START, MDL_LOG_FINISH, MDL_LOG_BLOCK,
                                         MDL_LOG_UNBLOCK, MDL_LOG_INSPECT, MDL_LOG_CREATE, MDL_LOG_EXIT};
    int ns = mdl_model_station_count(m);
    double t0 = bench_cpu_s();
    mdl_record rec = {.order = -1, .resource_kind = MDL_RES_NONE, .resource = -1, .from = -1, .to = -1};
    for (long i = 0; i < n; i++) {
        rec.time = 0.37 * (double)i;
        rec.kind = kinds[i % 8];
        rec.unit = 1 + (uint64_t)(i / 16);
        rec.product = 0;
        rec.station = (int)(i % ns);
        rec.server = (int)(i % 3);
        rec.detail = i & 1;
        eventlog_record(e, &rec);
    }
    bool ok = eventlog_finish(e);
    eventlog_free(e);
    ok = fclose(f) == 0 && ok;
    double t = bench_cpu_s() - t0;
    FILE *g = fopen(path, "r");
    *mb = 0;
    if (g) {
        fseek(g, 0, SEEK_END);
        *mb = (double)ftell(g) / 1e6;
        fclose(g);
    }
    unlink(path);
    return ok ? (double)n / t : 0.0;
}

/* ---- 2. and 3. runs ------------------------------------------------------------- */

static void count_record(void *ctx, const mdl_record *rec) {
    (void)rec;
    ++*(uint64_t *)ctx;
}

enum { RUN_PLAIN, RUN_STREAM, RUN_CSV };

/* One run of the demo in this process; its wall time, records in *records. */
static double one_run(const mdl_model *m, int mode, uint64_t *records) {
    char path[512];
    snprintf(path, sizeof path, "%s/bench_eventlog.run.%d.csv", tmp_dir(), (int)getpid());
    FILE *f = NULL;
    eventlog *e = NULL;
    *records = 0;
    if (mode == RUN_CSV) {
        f = fopen(path, "w");
        e = f ? eventlog_new(m, EVENTLOG_CSV, f, MDL_DEFAULT_START_EPOCH) : NULL;
        if (!e) return -1.0;
    }
    double t0 = bench_cpu_s();
    mdl_run *r = mode == RUN_PLAIN    ? mdl_run_new(m, NULL, 0)
                 : mode == RUN_STREAM ? mdl_run_new_recorded(m, NULL, 0, count_record, records)
                                      : mdl_run_new_recorded(m, NULL, 0, eventlog_record, e);
    mdl_rep_result res;
    mdl_rep_result_init(&res, m);
    bool ok = r && mdl_run_to_end(r, &res);
    if (e) {
        ok = eventlog_finish(e) && ok;
        *records = eventlog_count(e);
        eventlog_free(e);
        ok = fclose(f) == 0 && ok;
    }
    double t = bench_cpu_s() - t0;
    mdl_rep_result_fini(&res);
    mdl_run_free(r);
    unlink(path);
    return ok ? t : -1.0;
}

/* The same in a child process: wall time and peak RSS (KiB). */
static double child_run(const mdl_model *m, int mode, uint64_t *records, long *rss_kib) {
    int fd[2];
    if (pipe(fd) != 0) return -1.0;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        uint64_t n;
        double t = one_run(m, mode, &n);
        double out[2] = {t, (double)n};
        ssize_t w = write(fd[1], out, sizeof out);
        _exit(w == (ssize_t)sizeof out ? 0 : 1);
    }
    close(fd[1]);
    double in[2] = {-1.0, 0.0};
    ssize_t got = read(fd[0], in, sizeof in);
    close(fd[0]);
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0 || got != (ssize_t)sizeof in) return -1.0;
    *rss_kib = ru.ru_maxrss;
    *records = (uint64_t)in[1];
    return in[0];
}

int main(int argc, char **argv) {
    double weeks = argc > 1 ? atof(argv[1]) : 52.0;
    if (!(weeks > 0)) weeks = 52.0;
    mdl_model *m = load_demo(weeks);
    if (!m) return 1;

    long n = 5000000;
    double mb_csv, mb_ocel;
    double csv = writer_rate(m, EVENTLOG_CSV, n, &mb_csv);
    double ocel = writer_rate(m, EVENTLOG_OCEL, n, &mb_ocel);
    printf("event log writers, %ld records of the demo line's kinds into %s (best of 3, CPU time)\n", n,
           tmp_dir());
    for (int k = 1; k < 3; k++) {
        double a, b;
        if ((a = writer_rate(m, EVENTLOG_CSV, n, &mb_csv)) > csv) csv = a;
        if ((b = writer_rate(m, EVENTLOG_OCEL, n, &mb_ocel)) > ocel) ocel = b;
    }
    printf("  CSV        %6.2f M records/s  (%5.0f MB, %.0f bytes/record)\n", csv / 1e6, mb_csv, 1e6 * mb_csv / (double)n);
    printf("  OCEL 2.0   %6.2f M records/s  (%5.0f MB, %.0f bytes/record)\n", ocel / 1e6, mb_ocel,
           1e6 * mb_ocel / (double)n);

    printf("demo scene, replication 0 over %g weeks (best of 3, CPU time; each run in a child process)\n", weeks);
    static const char *const names[] = {"no listener", "stream, counting", "CSV log to a file"};
    double best[3] = {0, 0, 0};
    long rss[3] = {0, 0, 0};
    uint64_t recs[3] = {0, 0, 0};
    for (int rep = 0; rep < 3; rep++)
        for (int mode = 0; mode < 3; mode++) {
            long k = 0;
            uint64_t c = 0;
            double t = child_run(m, mode, &c, &k);
            if (t > 0 && (best[mode] == 0 || t < best[mode])) best[mode] = t;
            if (k > rss[mode]) rss[mode] = k;
            recs[mode] = c;
        }
    for (int mode = 0; mode < 3; mode++) {
        printf("  %-18s %7.3f s  x%.2f", names[mode], best[mode], best[0] > 0 ? best[mode] / best[0] : 0.0);
        if (mode) printf("  %10llu records, %5.2f M records/s", (unsigned long long)recs[mode],
                         best[mode] > 0 ? (double)recs[mode] / best[mode] / 1e6 : 0.0);
        printf("  peak RSS %6ld KiB (%+.1f MB)\n", rss[mode], (double)(rss[mode] - rss[0]) / 1024.0);
    }
    mdl_model_free(m);
    return 0;
}
