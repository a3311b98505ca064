/*
 * test_cli_hardening.c - the `linetwin` command under failure: every usage
 * error of every command gives exit code 2 with a message naming the
 * option; numbers are read strictly; a full disk (simulated with
 * RLIMIT_FSIZE, or /dev/full) gives exit code 1 and leaves the earlier
 * result and no temporary behind; `--out` folders appear whole or not at
 * all; a kill removes the temporaries and the next run removes those of a
 * process that is gone; --help and docs/cli.md name the same options and
 * files.
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- running the binary: cli_run.h --------------------------------------------- */

#include "test_helpers.h"
#include "cli_run.h"
#include "test_main.h"

/* Entries of dir whose name starts with '.' (other than . and ..): the
 * temporaries; their count, the first one's name in first. */
static int hidden_entries(const char *dir, char *first, size_t size) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    if (first && size) first[0] = '\0';
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (e->d_name[0] != '.') continue;
        if (n++ == 0 && first) snprintf(first, size, "%s", e->d_name);
    }
    closedir(d);
    return n;
}

static void expect_no_temporaries(const char *dir) {
    char name[300];
    int n = hidden_entries(dir, name, sizeof name);
    if (n) fprintf(stderr, "left behind in %s: %s (and %d more)\n", dir, name, n - 1);
    assert_int_equal(n, 0);
}

static bool has_viewer(void) {
    result r = RUN("snapshot", "--help");
    bool yes = r.status == 0;
    result_free(&r);
    return yes;
}

static bool exists(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0;
}

/* ---- usage errors: exit 2, a message naming the option --------------------- */

typedef struct usage_case {
    const char *args[12];
    const char *message;   /* part of stderr */
    bool viewer;           /* needs the viewer (view, snapshot) */
} usage_case;

static void test_usage_errors_exit_2(void **state) {
    (void)state;
    const char *demo = scene(0, "scenes/demo.cfg");
    const char *D = demo;
    const usage_case cases[] = {
        /* positional arguments: too few, too many */
        {{"run"}, "linetwin run: expected one scene, got 0", false},
        {{"run", D, D}, "linetwin run: expected one scene, got more", false},
        {{"check"}, "linetwin check: expected one to 64 scenes, got 0", false},
        {{"compare", D}, "expected two scenes, BASE and RETROFIT, got 1", false},
        {{"compare", D, D, D}, "expected two scenes, BASE and RETROFIT, got more", false},
        {{"view"}, "linetwin view: expected a scene", true},
        {{"view", D, D, D}, "linetwin view: expected a scene and at most one RETROFIT, got more", true},
        {{"snapshot", "--at", "1h", "-o", "x.png"}, "linetwin snapshot: expected a scene", true},
        {{"snapshot", D, D, D, "--at", "1h", "-o", "x.png"}, "got more", true},
        {{"snapshot", D, "-o", "x.png"}, "missing --at", true},
        {{"snapshot", D, "--at", "1h"}, "missing -o", true},
        /* unknown options, with the closest one as a hint */
        {{"run", D, "--seeed", "3"}, "unknown option --seeed (did you mean --seed?)", false},
        {{"compare", D, D, "--jsn"}, "unknown option --jsn (did you mean --json?)", false},
        {{"check", D, "--sett", "a=1"}, "unknown option --sett (did you mean --set?)", false},
        {{"view", D, "--seeed", "3"}, "linetwin view: unknown option --seeed (did you mean --seed?)", true},
        {{"view", D, "--pasued"}, "unknown option --pasued (did you mean --paused?)", true},
        {{"snapshot", D, "--at", "1h", "-o", "x.png", "--sizee", "20x20"}, "(did you mean --size?)", true},
        {{"run", D, "--paused"}, "--paused is not an option of run", false},
        {{"check", D, "--reps", "2"}, "--reps is not an option of check", false},
        {{"snapshot", D, "--at", "1h", "-o", "x.png", "--json"}, "--json is not an option of snapshot", true},
        {{"run", D, "--json=yes"}, "--json takes no value", false},
        /* missing values */
        {{"run", D, "--reps"}, "--reps needs a value", false},
        {{"compare", D, D, "--target-cost-per-unit"}, "--target-cost-per-unit needs a value", false},
        {{"check", D, "--set"}, "--set needs a value", false},
        {{"view", D, "--size"}, "--size needs a value", true},
        {{"view", D, "--quit-after"}, "--quit-after needs a value", true},
        {{"snapshot", D, "-o", "x.png", "--at"}, "--at needs a value", true},
        {{"snapshot", D, "--at", "1h", "-o"}, "-o needs a value", true},
        /* repeated options */
        {{"run", D, "--seed", "1", "--seed", "2"}, "--seed is given twice", false},
        {{"run", D, "-j1", "--jobs", "2"}, "--jobs is given twice", false},
        {{"compare", D, D, "--out", "a", "--out", "b"}, "--out is given twice", false},
        {{"run", D, "--json", "--json"}, "--json is given twice", false},
        {{"view", D, "--speed", "2", "--speed", "3"}, "--speed is given twice", true},
        {{"snapshot", D, "--at", "1h", "--at", "2h", "-o", "x.png"}, "--at is given twice", true},
        /* numbers: no spaces, no signs, no overflow, no junk */
        {{"run", D, "--seed", " -1"}, "--seed: expected an integer from 0 to 18446744073709551615", false},
        {{"run", D, "--seed", "-1"}, "--seed: expected an integer", false},
        {{"run", D, "--seed", "+1"}, "--seed: expected an integer", false},
        {{"run", D, "--seed", "1 "}, "--seed: expected an integer", false},
        {{"run", D, "--seed", "18446744073709551616"}, "--seed: expected an integer", false},
        {{"run", D, "--seed", "0x10"}, "--seed: expected an integer", false},
        {{"view", D, "--seed", " 7"}, "--seed: expected an integer", true},
        {{"run", D, "--reps", " 3"}, "--reps: expected a number of replications", false},
        {{"run", D, "--reps", "3 "}, "--reps: expected a number of replications", false},
        {{"run", D, "--reps", "+3"}, "--reps: expected a number of replications", false},
        {{"run", D, "--reps", "99999999999999999999"}, "--reps: expected a number of replications", false},
        {{"run", D, "-j", " 1"}, "-j: expected a number of threads", false},
        {{"run", D, "-j", "-1"}, "-j: expected a number of threads", false},
        {{"run", D, "--horizon", " 2d"}, "--horizon: expected a duration", false},
        {{"run", D, "--warmup", "1h "}, "--warmup: expected a duration", false},
        {{"compare", D, D, "--target-productivity", " 30%"}, "--target-productivity: expected a relative change",
         false},
        {{"compare", D, D, "--target-productivity", "inf"}, "--target-productivity: expected", false},
        {{"view", D, "--size", " 20x20"}, "--size: expected WxH", true},
        {{"view", D, "--size", "20x+20"}, "--size: expected WxH", true},
        {{"snapshot", D, "--at", "1h", "-o", "x.png", "--size", "99999999999999999999x20"}, "--size: expected WxH",
         true},
        {{"view", D, "--speed", " 3"}, "--speed: expected a factor", true},
        {{"view", D, "--speed", "-3"}, "--speed: expected a factor", true},
        {{"view", D, "--speed", "inf"}, "--speed: expected a factor", true},
        {{"view", D, "--quit-after", " 2"}, "--quit-after: expected seconds", true},
        {{"view", D, "--quit-after", "2ff"}, "--quit-after: expected seconds", true},
        {{"snapshot", D, "--at", " 1h", "-o", "x.png"}, "--at: expected a duration", true},
        /* empty names */
        {{"run", D, "--out", ""}, "--out: the folder name is empty", false},
        {{"snapshot", D, "--at", "1h", "-o", ""}, "-o: the file name is empty", true},
        /* commands */
        {{"rnu"}, "unknown command 'rnu' (did you mean 'run'?)", false},
        {{"comprae", D, D}, "unknown command 'comprae' (did you mean 'compare'?)", false},
        {{"--verison"}, "(did you mean '--version'?)", false},
        {{"help", "chek"}, "(did you mean 'check'?)", false},
        {{"--version", "run"}, "--version takes no more arguments", false},
        {{"help", "run", "x"}, "help takes no more arguments", false},
        {{"--help", "x"}, "--help takes no more arguments", false},
    };
    bool viewer = has_viewer();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].viewer && !viewer) continue;
        result r = run_limited(cases[i].args, 0);
        if (r.status != 2 || !strstr(r.err, cases[i].message)) {
            fprintf(stderr, "case %zu:", i);
            for (size_t k = 0; cases[i].args[k]; k++) fprintf(stderr, " '%s'", cases[i].args[k]);
            fprintf(stderr, "\n");
        }
        expect_status(&r, 2);
        expect_contains(r.err, cases[i].message);
        assert_string_equal(r.out, "");   /* nothing on stdout */
        result_free(&r);
    }

    /* more scene files than check takes */
    const char *many[80];
    many[0] = "check";
    for (int i = 1; i < 70; i++) many[i] = demo;
    many[70] = NULL;
    result r = run_limited(many, 0);
    expect_status(&r, 2);
    expect_contains(r.err, "expected one to 64 scenes, got more");
    result_free(&r);
}

/* The strict numbers still take what they should. */
static void test_numbers_accepted(void **state) {
    (void)state;
    const char *demo = scene(0, "scenes/demo.cfg");
    EXPECT_OUT(RUN("run", demo, "--seed", "18446744073709551615", "--reps", "2", "-j1", "--horizon", "2d",
                   "--warmup=4h", "--json"),
               0, "\"seed\": 18446744073709551615");
    EXPECT_OUT(RUN("compare", demo, demo, "--reps=2", "--jobs", "2", "--horizon", "1d 12h", "--warmup", "0",
                   "--target-productivity", "-30 %", "--target-cost-per-unit=+0.25", "--json"),
               0, "\"goal\": -0.3", "\"goal\": 0.25");
}

/* ---- a full disk --------------------------------------------------------------- */

static void test_snapshot_to_dev_full(void **state) {
    (void)state;
    struct stat dev;
    if (!has_viewer() || stat("/dev/full", &dev) != 0 || !S_ISCHR(dev.st_mode)) skip();
    const char *demo = scene(0, "scenes/demo.cfg");
    /* Only through a symbolic link: a binary that renames its temporary
     * over the target (the bug) then replaces the link, not /dev/full
     * itself (which, run as root, it would). */
    char dir[300], link[400];
    temp_dir(dir, sizeof dir, "test_cli_hardening_dir");
    snprintf(link, sizeof link, "%s/picture.png", dir);
    assert_int_equal(symlink("/dev/full", link), 0);
    EXPECT_ERR(RUN("snapshot", demo, "--at", "1h", "-o", link, "--size", "64x64"), 1,
               "No space left on device");
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    expect_no_temporaries(dir);
    remove_dir(dir);
}

/* stdout on a full disk: every command's output is checked at the end */
static void test_stdout_full(void **state) {
    (void)state;
    struct stat dev;
    if (stat("/dev/full", &dev) != 0 || !S_ISCHR(dev.st_mode)) skip();
    const char *demo = scene(0, "scenes/demo.cfg");
    const char *const cases[][12] = {
        {"--version"},
        {"run", "--help"},
        {"check", demo},
        {"run", demo, "--reps", "1", "--horizon", "1d", "--warmup", "1h", "--json"},
        {"compare", demo, demo, "--reps", "2", "--horizon", "1d", "--warmup", "1h"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int out_fd = open("/dev/full", O_WRONLY), err_fd = temp_fd();
        assert_true(out_fd >= 0);
        pid_t pid = start(cases[i], 0, out_fd, err_fd);
        int status = wait_status(pid);
        char *err = slurp(err_fd);
        close(out_fd);
        close(err_fd);
        if (status != 1) fprintf(stderr, "%s %s: status %d\n%s\n", cases[i][0], cases[i][1] ? cases[i][1] : "",
                                 status, err);
        assert_int_equal(status, 1);
        expect_contains(err, "cannot write the output: No space left on device");
        free(err);
    }
}

static void test_snapshot_full_disk_keeps_old_picture(void **state) {
    (void)state;
    if (!has_viewer()) skip();
    const char *demo = scene(0, "scenes/demo.cfg");
    char dir[300], png[400];
    temp_dir(dir, sizeof dir, "test_cli_hardening_dir");
    snprintf(png, sizeof png, "%s/line.png", dir);
    EXPECT_STATUS(RUN("snapshot", demo, "--at", "1h", "-o", png, "--size", "32x32"), 0);
    char *before = test_read_file(png);
    assert_non_null(before);
    struct stat st;
    assert_int_equal(stat(png, &st), 0);
    off_t small = st.st_size;
    /* a bigger picture on a disk that holds only a few kilobytes per file */
    EXPECT_ERR(RUN_FULL(4096, "snapshot", demo, "--at", "2h", "-o", png, "--size", "640x480"), 1, "line.png");
    assert_int_equal(stat(png, &st), 0);
    assert_int_equal(st.st_size, small);   /* the earlier picture, not a truncated new one */
    char *after = test_read_file(png);
    assert_int_equal(memcmp(before, after, (size_t)small), 0);
    free(before);
    free(after);
    expect_no_temporaries(dir);
    remove_dir(dir);
}

static void test_run_full_disk_keeps_old_result(void **state) {
    (void)state;
    const char *demo = scene(0, "scenes/demo.cfg");
    char dir[300], out[400], json[500];
    temp_dir(dir, sizeof dir, "test_cli_hardening_dir");
    snprintf(out, sizeof out, "%s/res", dir);
    snprintf(json, sizeof json, "%s/result.json", out);
    EXPECT_STATUS(
        RUN("run", demo, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "--seed", "1", "--out", out), 0);
    char *before = test_read_file(json);
    assert_non_null(before);
    EXPECT_ERR(RUN_FULL(4096, "run", demo, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "--seed", "2",
                        "--out", out),
               1, "cannot write", "File too large");
    char *after = test_read_file(json);
    assert_non_null(after);
    assert_string_equal(before, after);
    free(before);
    free(after);
    expect_no_temporaries(dir);
    expect_no_temporaries(out);
    remove_dir(dir);
}

/* ---- result folders whole or not at all --------------------------------------- */

static unsigned long long json_seed(const char *path) {
    char *s = test_read_file(path);
    assert_non_null(s);
    const char *p = strstr(s, "\"seed\": ");
    assert_non_null(p);
    unsigned long long v = strtoull(p + 8, NULL, 10);
    free(s);
    return v;
}

/* compare's three results (compare.json, base's and retrofit's
 * result.json) name this seed. */
static void expect_seeds(const char *cj, const char *bj, const char *rj, unsigned long long seed) {
    assert_int_equal(json_seed(cj), seed);
    assert_int_equal(json_seed(bj), seed);
    assert_int_equal(json_seed(rj), seed);
}

static off_t file_size(const char *path) {
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_size;
}

static void test_compare_out_whole(void **state) {
    (void)state;
    const char *base = scene(0, "scenes/demo.cfg"), *retro = scene(1, "scenes/retrofit.cfg");
    char dir[300], out[400], cj[500], bj[500], rj[500];
    temp_dir(dir, sizeof dir, "test_cli_hardening_dir");
    snprintf(out, sizeof out, "%s/cmp", dir);
    snprintf(cj, sizeof cj, "%s/compare.json", out);
    snprintf(bj, sizeof bj, "%s/base/result.json", out);
    snprintf(rj, sizeof rj, "%s/retrofit/result.json", out);
    EXPECT_STATUS(RUN("compare", base, retro, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "--seed",
                      "11", "--out", out),
                  0);
    expect_seeds(cj, bj, rj, 11);
    /* A disk on which base/ and retrofit/ fit but compare.json does not:
     * before, base/ and retrofit/ of the second run were committed next to
     * the first run's compare.json. */
    off_t part = file_size(bj) > file_size(rj) ? file_size(bj) : file_size(rj);
    off_t whole = file_size(cj);
    assert_true(whole > part + 8192);
    /* Half-way between: the second run's result.json (another seed) may
     * be a few hundred bytes longer than the first's. */
    EXPECT_ERR(RUN_FULL((long)(part + (whole - part) / 2), "compare", base, retro, "--reps", "2", "--horizon",
                        "2d", "--warmup", "4h", "--seed", "12", "--out", out),
               1, "compare.json");
    expect_seeds(cj, bj, rj, 11);
    expect_no_temporaries(dir);
    /* and a successful second run replaces all three */
    EXPECT_STATUS(RUN("compare", base, retro, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "--seed",
                      "13", "--out", out),
                  0);
    expect_seeds(cj, bj, rj, 13);
    /* a run's result in the same folder: compare's files are gone */
    EXPECT_STATUS(RUN("run", base, "--reps", "2", "--horizon", "2d", "--warmup", "4h", "--out", out), 0);
    assert_false(exists(cj));
    assert_false(exists(bj));
    char kpis[500];
    snprintf(kpis, sizeof kpis, "%s/kpis.csv", out);
    assert_true(exists(kpis));
    expect_no_temporaries(dir);
    remove_dir(dir);
}

static void test_out_refuses_foreign_folder(void **state) {
    (void)state;
    const char *demo = scene(0, "scenes/demo.cfg");
    char dir[300], notes[400];
    temp_dir(dir, sizeof dir, "test_cli_hardening_dir");
    snprintf(notes, sizeof notes, "%s/notes.txt", dir);
    FILE *f = fopen(notes, "w");
    assert_non_null(f);
    fputs("mine\n", f);
    fclose(f);
    EXPECT_ERR(RUN("run", demo, "--reps", "1", "--horizon", "1d", "--warmup", "1h", "--out", dir), 1,
               "notes.txt");
    char *s = test_read_file(notes);
    assert_non_null(s);
    assert_string_equal(s, "mine\n");
    free(s);
    /* a file where the folder should be */
    EXPECT_ERR(RUN("run", demo, "--reps", "1", "--horizon", "1d", "--warmup", "1h", "--out", notes), 1,
               "not a folder");
    remove_dir(dir);
}

/* ---- temporaries after a kill --------------------------------------------------- */

/* Waits up to 60 s for a temporary to appear in dir; true when it did. */
static bool wait_for_temporary(const char *dir, pid_t pid) {
    for (int i = 0; i < 6000; i++) {
        if (hidden_entries(dir, NULL, 0) > 0) return true;
        int ws;
        if (waitpid(pid, &ws, WNOHANG) == pid) return false;   /* finished without one */
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return false;
}

static void kill_while_writing(const char *const *args, const char *dir, int sig) {
    int out_fd = open("/dev/null", O_WRONLY), err_fd = temp_fd();
    pid_t pid = start(args, 0, out_fd, err_fd);
    bool seen = wait_for_temporary(dir, pid);
    if (!seen) {
        char *err = slurp(err_fd);
        fprintf(stderr, "no temporary appeared in %s before the end; stderr:\n%s\n", dir, err);
        free(err);
    }
    assert_true(seen);
    assert_int_equal(kill(pid, sig), 0);
    assert_int_equal(wait_status(pid), 128 + sig);   /* killed by the signal, raised again */
    close(out_fd);
    close(err_fd);
    expect_no_temporaries(dir);
}

static void test_kill_removes_temporaries(void **state) {
    (void)state;
    const char *demo = scene(0, "scenes/demo.cfg"), *retro = scene(1, "scenes/retrofit.cfg");
    char dir[300], out[400];
    temp_dir(dir, sizeof dir, "test_cli_hardening_dir");
    snprintf(out, sizeof out, "%s/res", dir);
    static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < 3; i++) {
        const char *run[] = {"run", demo, "--reps", "400", "-j", "1", "--horizon", "30w", "--out", out, NULL};
        kill_while_writing(run, dir, sigs[i]);
        assert_false(exists(out));
    }
    const char *cmp[] = {"compare", demo, retro, "--reps", "400", "-j", "1", "--horizon", "30w", "--out", out, NULL};
    kill_while_writing(cmp, dir, SIGTERM);
    if (has_viewer()) {
        char png[400];
        snprintf(png, sizeof png, "%s/line.png", dir);
        const char *snap[] = {"snapshot", demo, "--set", "run.horizon=2000w", "--at", "2000w", "-o", png, NULL};
        kill_while_writing(snap, dir, SIGINT);
        assert_false(exists(png));
    }
    remove_dir(dir);
}

static void plant(const char *dir, const char *name, bool folder) {
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (folder) {
        assert_int_equal(mkdir(path, 0755), 0);
        char inner[800];
        snprintf(inner, sizeof inner, "%s/kpis.csv", path);
        FILE *f = fopen(inner, "w");
        assert_non_null(f);
        fputs("half a file", f);
        fclose(f);
    } else {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs("half a file", f);
        fclose(f);
    }
}

static void test_stale_temporaries_removed(void **state) {
    (void)state;
    const char *demo = scene(0, "scenes/demo.cfg");
    /* a process id that no longer exists */
    pid_t dead = fork();
    assert_true(dead >= 0);
    if (dead == 0) _exit(0);
    wait_status(dead);
    char dir[300], out[400], name[6][200];
    temp_dir(dir, sizeof dir, "test_cli_hardening_dir");
    snprintf(out, sizeof out, "%s/res", dir);
    snprintf(name[0], sizeof name[0], ".res.linetwin-%ld-Ab12Cd", (long)dead);        /* a folder of a dead run */
    snprintf(name[1], sizeof name[1], ".other.csv.linetwin-%ld-zzzzzz", (long)dead);  /* a file of one */
    snprintf(name[2], sizeof name[2], "line.png.tmp-%ld", (long)dead);   /* an earlier version's snapshot */
    snprintf(name[3], sizeof name[3], ".res.linetwin-%ld-Ef34Gh", (long)getpid());  /* a live process's */
    snprintf(name[4], sizeof name[4], "res.linetwin-%ld-Ab12Cd", (long)dead);         /* not a temporary */
    snprintf(name[5], sizeof name[5], ".notes.linetwin-%ld-toolong", (long)dead);     /* not one either */
    plant(dir, name[0], true);
    for (int i = 1; i < 6; i++) plant(dir, name[i], false);
    EXPECT_STATUS(RUN("run", demo, "--reps", "1", "--horizon", "1d", "--warmup", "1h", "--out", out), 0);
    char path[700];
    for (int i = 0; i < 6; i++) {
        assert_true(snprintf(path, sizeof path, "%s/%s", dir, name[i]) < (int)sizeof path);
        if (exists(path) != (i >= 3)) fprintf(stderr, "%s: %s\n", name[i], i >= 3 ? "removed" : "still there");
        assert_true(exists(path) == (i >= 3));
    }
    /* snapshot sweeps its folder too */
    if (has_viewer()) {
        plant(dir, name[1], false);
        char png[400];
        snprintf(png, sizeof png, "%s/line.png", dir);
        EXPECT_STATUS(RUN("snapshot", demo, "--at", "1h", "-o", png, "--size", "32x32"), 0);
        snprintf(path, sizeof path, "%s/%s", dir, name[1]);
        assert_false(exists(path));
    }
    remove_dir(dir);
}

/* ---- out of memory: exit 1 with a message, never an abort ------------------------ */

static void test_out_of_memory_exit_1(void **state) {
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip();   /* the sanitizer's shadow memory does not fit an address-space limit */
#endif
    const char *demo = scene(0, "scenes/demo.cfg"), *retro = scene(1, "scenes/retrofit.cfg");
    int failed = 0;
    for (long mb = 40; mb <= 100; mb += 20) {
        child_memory = mb << 20;
        result r = RUN("run", demo, "--reps", "100000", "-j", "1", "--horizon", "1d", "--warmup", "1h", "--json");
        child_memory = 0;
        if (r.status == 127) {   /* the program itself did not fit */
            result_free(&r);
            continue;
        }
        if (r.status != 0 && r.status != 1) fprintf(stderr, "with %ld MB: status %d\n%s\n", mb, r.status, r.err);
        assert_true(r.status == 0 || r.status == 1);
        if (r.status == 1) {
            expect_contains(r.err, "out of memory");
            failed++;
        }
        result_free(&r);
        child_memory = mb << 20;
        r = RUN("compare", demo, retro, "--reps", "100000", "-j", "1", "--horizon", "1d", "--warmup", "1h");
        child_memory = 0;
        if (r.status != 127) {
            if (r.status != 0 && r.status != 1) fprintf(stderr, "with %ld MB: status %d\n%s\n", mb, r.status, r.err);
            assert_true(r.status == 0 || r.status == 1);
            if (r.status == 1) expect_contains(r.err, "out of memory");
        }
        result_free(&r);
    }
    assert_true(failed > 0);   /* 100000 replications' results do not fit in 40 MB */
}

/* ---- --help and docs/cli.md ------------------------------------------------------- */

static char *doc(const char *rel) {
    char *s = read_in(LINETWIN_SOURCE_DIR, rel);
    return s;
}

/* Every option a command's --help names is documented, in the command's
 * own section. */
static void test_help_matches_docs(void **state) {
    (void)state;
    char *cli = doc("docs/cli.md"), *viewer = doc("docs/viewer.md");
    static const char *const cmds[] = {"check", "run", "compare", "view", "snapshot", "sweep", "optimize"};
    bool has_view = has_viewer();
    for (size_t c = 0; c < 7; c++) {
        bool viewer_cmd = c == 3 || c == 4;
        if (viewer_cmd && !has_view) continue;
        result r = RUN(cmds[c], "--help");
        expect_status(&r, 0);
        const char *text = viewer_cmd ? viewer : cli;
        for (const char *p = strstr(r.out, "--"); p; p = strstr(p + 2, "--")) {
            char opt[64];
            size_t n = 0;
            while (n < sizeof opt - 1 && (p[n] == '-' || (p[n] >= 'a' && p[n] <= 'z'))) opt[n] = p[n], n++;
            opt[n] = '\0';
            if (n <= 2) continue;
            char quoted[80];
            snprintf(quoted, sizeof quoted, "`%s", opt);
            if (!strstr(text, quoted)) fprintf(stderr, "%s --help: %s is not documented\n", cmds[c], opt);
            assert_non_null(strstr(text, quoted));
        }
        result_free(&r);
    }
    /* The files run --out writes: every one is named by --help and the docs. */
    result h = RUN("run", "--help");
    static const char *const files[] = {"kpis.csv",      "stations.csv",     "fleets.csv",  "vehicles.csv",
                                        "robots.csv",    "conveyors.csv",    "pools.csv",   "people.csv",
                                        "products.csv",  "orders.csv",
                                        "replications.csv", "result.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        expect_contains(h.out, files[i]);
        char quoted[80];
        snprintf(quoted, sizeof quoted, "`%s`", files[i]);
        expect_contains(cli, quoted);
    }
    result_free(&h);
    char dir[300], out[400];
    temp_dir(dir, sizeof dir, "test_cli_hardening_dir");
    snprintf(out, sizeof out, "%s/res", dir);
    EXPECT_STATUS(RUN("run", scene(0, "tests/scenes/transport.cfg"), "--reps", "1", "--horizon", "1d",
                      "--warmup", "1h", "--out", out),
                  0);
    DIR *d = opendir(out);
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        bool known = false;
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) known |= strcmp(e->d_name, files[i]) == 0;
        if (!known) fprintf(stderr, "run --out wrote %s, which --help does not name\n", e->d_name);
        assert_true(known);
        n++;
    }
    closedir(d);
    assert_int_equal(n, 9);   /* the transport scene has fleets, robots and a conveyor (and products.csv; no orders) */
    remove_dir(dir);
    /* no link to a file that is not in the project */
    assert_null(strstr(cli, "DESIGN.md"));
    free(cli);
    free(viewer);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_usage_errors_exit_2),
        cmocka_unit_test(test_numbers_accepted),
        cmocka_unit_test(test_snapshot_to_dev_full),
        cmocka_unit_test(test_stdout_full),
        cmocka_unit_test(test_snapshot_full_disk_keeps_old_picture),
        cmocka_unit_test(test_run_full_disk_keeps_old_result),
        cmocka_unit_test(test_compare_out_whole),
        cmocka_unit_test(test_out_refuses_foreign_folder),
        cmocka_unit_test(test_kill_removes_temporaries),
        cmocka_unit_test(test_stale_temporaries_removed),
        cmocka_unit_test(test_out_of_memory_exit_1),
        cmocka_unit_test(test_help_matches_docs),
)
