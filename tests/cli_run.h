/*
 * cli_run.h - running the built `linetwin` command from a cmocka test
 * (test_cli*.c, which get LINETWIN_BINARY and LINETWIN_SOURCE_DIR).
 * Header only, one copy for every such test program. Define
 * _XOPEN_SOURCE 700 and include cmocka (with its prerequisites) first.
 *
 *   RUN("run", scene, "--json")      exit status, stdout and stderr
 *   RUN_FULL(limit, ...)             the same with every file it writes
 *                                    limited to limit bytes (a full disk)
 *   start / wait_status              a child to signal or to wait for
 *   child_memory                     RLIMIT_AS of the next children (0: none)
 *   expect_status, expect_contains   assertions that print what was seen
 *   RUN_TEXT(text, "run", "--json")  RUN on a scene given as text (a
 *                                    temporary file, its path after the
 *                                    command)
 *   EXPECT_OUT(RUN(...), 0, "a", "b") one run: its status, and stdout holds
 *                                    each part (EXPECT_ERR: stderr;
 *                                    EXPECT_QUIET: stdout, and nothing on
 *                                    stderr; EXPECT_STATUS: the status
 *                                    alone); fails at the caller's line,
 *                                    frees it
 *   EXPECT_SAME_OUT(RUN(a), RUN(b))  two runs exit 0 with the same stdout,
 *                                    byte for byte; frees both
 *   scene(slot, "scenes/demo.cfg")   a path in the source tree
 *   json_mean(json, "energy_kwh")    the mean of a KPI in a `run --json` document
 *                                    (json_nth_mean: of its n-th object)
 *   after_nth(text, part, n)         just past the n-th place of part in text
 *   count_of(text, part)             how many times part stands in text
 *   temp_dir / remove_dir            a fresh directory under /tmp, and rm -rf
 *   read_all(path), read_in(dir, "kpis.csv")  a whole file, which must exist
 *   temp_file(path, text)            a new file /tmp/<name>.XXXXXX holding text
 *
 * The status is the exit code, or 128 + the signal that killed it.
 */
#ifndef LINETWIN_TESTS_CLI_RUN_H
#define LINETWIN_TESTS_CLI_RUN_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct result {
    int status;   /* exit code; 128 + signal when killed */
    char *out;
    char *err;
} result;

static inline char *slurp(int fd) {
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    lseek(fd, 0, SEEK_SET);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r <= 0) break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    return buf;
}

static inline int temp_fd(void) {
    char path[] = "/tmp/test_cli_run.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    return fd;
}

/* Starts LINETWIN_BINARY with args; fsize > 0 limits the size of any file
 * it writes (a full disk: writes fail with EFBIG, SIGXFSZ ignored). */
/* Address space for the child (RLIMIT_AS), 0: no limit; set by tests of
 * running out of memory. */
static long child_memory __attribute__((unused));

static inline pid_t start(const char *const *args, long fsize, int out_fd, int err_fd) {
    const char *argv[160];
    size_t n = 0;
    argv[n++] = LINETWIN_BINARY;
    for (size_t i = 0; args[i] && n < 159; i++) argv[n++] = args[i];
    argv[n] = NULL;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        /* as from a terminal, even when the tests run in the background */
        signal(SIGINT, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        if (fsize > 0) {
            signal(SIGXFSZ, SIG_IGN);
            struct rlimit rl = {(rlim_t)fsize, (rlim_t)fsize};
            setrlimit(RLIMIT_FSIZE, &rl);
        }
        if (child_memory > 0) {
            struct rlimit rl = {(rlim_t)child_memory, (rlim_t)child_memory};
            setrlimit(RLIMIT_AS, &rl);
        }
        execv(LINETWIN_BINARY, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static inline int wait_status(pid_t pid) {
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : -1;
}

static inline result run_limited(const char *const *args, long fsize) {
    /* stdout to /dev/null under a size limit: only the files count */
    int out_fd = fsize > 0 ? open("/dev/null", O_WRONLY) : temp_fd(), err_fd = temp_fd();
    assert_true(out_fd >= 0);
    pid_t pid = start(args, fsize, out_fd, err_fd);
    result r;
    r.status = wait_status(pid);
    r.out = fsize > 0 ? strdup("") : slurp(out_fd);
    r.err = slurp(err_fd);
    close(out_fd);
    close(err_fd);
    return r;
}

#define RUN(...) run_limited((const char *const[]){__VA_ARGS__, NULL}, 0)
#define RUN_FULL(limit, ...) run_limited((const char *const[]){__VA_ARGS__, NULL}, limit)

static inline void result_free(result *r) {
    free(r->out);
    free(r->err);
}

static inline void expect_status(const result *r, int status) {
    if (r->status != status)
        fprintf(stderr, "exit status %d, expected %d\n--- stdout:\n%.2000s\n--- stderr:\n%.2000s\n", r->status,
                status, r->out, r->err);
    assert_int_equal(r->status, status);
}

static inline void expect_contains(const char *text, const char *part) {
    if (!strstr(text, part)) fprintf(stderr, "\"%s\" not found in:\n%.4000s\n", part, text);
    assert_non_null(strstr(text, part));
}

/* The status of r, and each of the NULL-terminated parts in its stdout
 * (stream 1; 3: and stderr empty) or stderr (stream 2); then frees r. A
 * miss prints what was seen and fails at file:line, the caller's. */
static inline void expect_run_at(result r, int status, int stream, const char *const *parts, const char *file,
                                 int line) {
    const char *miss = NULL, *text = stream == 2 ? r.err : r.out;
    for (size_t i = 0; parts[i] && !miss; i++)
        if (!strstr(text, parts[i])) miss = parts[i];
    bool noisy = stream == 3 && r.err[0] != '\0';
    if (r.status != status || miss || noisy) {
        if (r.status != status) fprintf(stderr, "exit status %d, expected %d\n", r.status, status);
        if (miss) fprintf(stderr, "\"%s\" not found in std%s\n", miss, stream == 2 ? "err" : "out");
        if (noisy) fprintf(stderr, "stderr is not empty\n");
        fprintf(stderr, "--- stdout:\n%.4000s\n--- stderr:\n%.4000s\n", r.out, r.err);
        result_free(&r);
        _fail(file, line);
    }
    result_free(&r);
}

#define EXPECT_OUT(res, status, ...) \
    expect_run_at(res, status, 1, (const char *const[]){__VA_ARGS__, NULL}, __FILE__, __LINE__)
#define EXPECT_ERR(res, status, ...) \
    expect_run_at(res, status, 2, (const char *const[]){__VA_ARGS__, NULL}, __FILE__, __LINE__)
#define EXPECT_QUIET(res, status, ...) \
    expect_run_at(res, status, 3, (const char *const[]){__VA_ARGS__, NULL}, __FILE__, __LINE__)
#define EXPECT_STATUS(res, status) \
    expect_run_at(res, status, 1, (const char *const[]){NULL}, __FILE__, __LINE__)

/* Two runs (another thread count, a log on or off ...) that must both
 * exit 0 and print the same stdout, byte for byte; frees both. A
 * difference prints where it starts and fails at file:line, the caller's. */
static inline void expect_same_out_at(result a, result b, const char *file, int line) {
    size_t at = 0;
    while (a.out[at] && a.out[at] == b.out[at]) at++;
    bool same = a.out[at] == b.out[at];
    if (a.status != 0 || b.status != 0 || !same) {
        fprintf(stderr, "exit status %d and %d, expected 0\n--- stderr:\n%.2000s\n--- stderr:\n%.2000s\n",
                a.status, b.status, a.err, b.err);
        if (!same)
            fprintf(stderr, "stdout differs at byte %zu:\n%.200s\n--- against:\n%.200s\n", at, a.out + at,
                    b.out + at);
        result_free(&a);
        result_free(&b);
        _fail(file, line);
    }
    result_free(&a);
    result_free(&b);
}

#define EXPECT_SAME_OUT(a, b) expect_same_out_at(a, b, __FILE__, __LINE__)

/* How many times part stands in text (not overlapping). */
static inline int count_of(const char *text, const char *part) {
    int n = 0;
    for (const char *p = text; (p = strstr(p, part)); p += strlen(part)) n++;
    return n;
}

/* Just past the n-th (from 0) place where part stands in text; fails,
 * naming it, when there are fewer. */
static inline const char *after_nth(const char *text, const char *part, int n) {
    const char *p = text;
    for (int i = 0; i <= n; i++) {
        p = strstr(p, part);
        if (!p) fail_msg("%s #%d not found", part, n);
        p += strlen(part);
    }
    return p;
}

/* The mean of KPI `name` in a `run --json` document: of its n-th (from 0)
 * object of that name (json_mean: the first). */
static inline double json_nth_mean(const char *json, const char *name, int n) {
    char key[80];
    snprintf(key, sizeof key, "\"%s\": {", name);
    const char *p = strstr(after_nth(json, key, n), "\"mean\": ");
    assert_non_null(p);
    return strtod(p + 8, NULL);
}

static inline double json_mean(const char *json, const char *name) { return json_nth_mean(json, name, 0); }

/* A new directory /tmp/<prefix>.XXXXXX into dir (size bytes). */
static inline void temp_dir(char *dir, size_t size, const char *prefix) {
    snprintf(dir, size, "/tmp/%s.XXXXXX", prefix);
    assert_non_null(mkdtemp(dir));
}

/* A new file from the template path ("/tmp/name.XXXXXX", rewritten with
 * its name) holding text (NULL: empty); the caller unlinks it. */
static inline void temp_file(char *path, const char *text) {
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = text ? strlen(text) : 0;
    assert_true(n == 0 || write(fd, text, n) == (ssize_t)n);
    close(fd);
}

/* RUN on a scene given as text: the text goes to a new file
 * /tmp/cli_run_scene.XXXXXX, whose path follows the command (args[0]); the
 * file is removed afterwards. */
static inline result run_text(const char *text, const char *const *args) {
    char path[] = "/tmp/cli_run_scene.XXXXXX";
    temp_file(path, text);
    const char *argv[160] = {args[0], path};
    size_t n = 2;
    for (size_t i = 1; args[i] && n < 159; i++) argv[n++] = args[i];
    argv[n] = NULL;
    result r = run_limited(argv, 0);
    unlink(path);
    return r;
}

#define RUN_TEXT(text, ...) run_text((text), (const char *const[]){__VA_ARGS__, NULL})

/* The whole file at path as a string (the caller frees it); fails the
 * test when it cannot be opened. */
static inline char *read_all(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) fail_msg("%s: %s", path, strerror(errno));
    char *text = slurp(fd);
    close(fd);
    return text;
}

/* read_all of the file dir/name. */
static inline char *read_in(const char *dir, const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return read_all(path);
}

/* rm -rf dir. */
static inline void remove_dir(const char *dir) {
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static char scene_path[16][512];

static inline const char *scene(int slot, const char *rel) {
    snprintf(scene_path[slot], sizeof scene_path[slot], "%s/%s", LINETWIN_SOURCE_DIR, rel);
    return scene_path[slot];
}

#endif
