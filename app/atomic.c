/*
 * atomic.c - result folders and files that appear whole or not at all;
 * temporaries removed on failure, on signals and by the next run.
 */
/* renameat2 (RENAME_EXCHANGE), nftw, mkdtemp. */
#define _GNU_SOURCE

#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the list of temporaries for the signal handler ------------------------ */

/* A run has at most one temporary folder with two sub-folders and 17 files
 * (compare), or one temporary file; more slots than that are spare. The
 * paths live in static storage so that the handler never reads memory
 * that is being freed. */
#define ATOMIC_SLOTS 48
enum { SLOT_FREE, SLOT_FILE, SLOT_DIR };

static char slot_path[ATOMIC_SLOTS][OUTPUT_PATH_MAX];
static volatile sig_atomic_t slot_kind[ATOMIC_SLOTS];
static volatile sig_atomic_t handlers_installed;

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ};

/* The result folder being built, so that messages name the file as it
 * will be called, not by its temporary path. */
static char current_tmp[OUTPUT_PATH_MAX], current_target[OUTPUT_PATH_MAX];

static const char *shown(const char *path, char *buf, size_t size) {
    size_t n = strlen(current_tmp);
    if (n && strncmp(path, current_tmp, n) == 0 && path[n] == '/') {
        snprintf(buf, size, "%s%s", current_target, path + n);
        return buf;
    }
    return path;
}

/* Only async-signal-safe calls: unlink, rmdir, signal, raise. Files first,
 * then folders from the most recently made (sub-folders before theirs). */
static void on_signal(int sig) {
    for (int i = 0; i < ATOMIC_SLOTS; i++)
        if (slot_kind[i] == SLOT_FILE) unlink(slot_path[i]);
    for (int i = ATOMIC_SLOTS - 1; i >= 0; i--)
        if (slot_kind[i] == SLOT_DIR) rmdir(slot_path[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Installed with the first temporary, not at start-up: the viewer leaves
 * SIGINT to SDL, which installs its handler only over the default one. */
static void install_handlers(void) {
    if (handlers_installed) return;
    handlers_installed = 1;
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
        struct sigaction sa, old;
        if (sigaction(cleanup_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN) continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        for (size_t k = 0; k < sizeof cleanup_signals / sizeof cleanup_signals[0]; k++)
            sigaddset(&sa.sa_mask, cleanup_signals[k]);
        sigaction(cleanup_signals[i], &sa, NULL);
    }
}

/* Adds a path to the list; -1 when the list is full (the next run's sweep
 * still removes it). */
static int slot_add(const char *path, int kind) {
    install_handlers();
    for (int i = 0; i < ATOMIC_SLOTS; i++) {
        if (slot_kind[i] != SLOT_FREE) continue;
        snprintf(slot_path[i], sizeof slot_path[i], "%s", path);
        atomic_signal_fence(memory_order_seq_cst);   /* the path before the mark */
        slot_kind[i] = kind;
        return i;
    }
    return -1;
}

/* Creating a temporary and listing it happen with the signals held, so
 * that a signal in between cannot leave an unlisted temporary behind: it
 * is delivered on release, when the handler knows the path. */
static void hold_signals(sigset_t *old) {
    install_handlers();
    sigset_t set;
    sigemptyset(&set);
    for (size_t k = 0; k < sizeof cleanup_signals / sizeof cleanup_signals[0]; k++) sigaddset(&set, cleanup_signals[k]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void release_signals(const sigset_t *old) {
    int e = errno;   /* callers report the creation's errno */
    pthread_sigmask(SIG_SETMASK, old, NULL);
    errno = e;
}

static void slot_drop(int slot) {
    if (slot >= 0 && slot < ATOMIC_SLOTS) slot_kind[slot] = SLOT_FREE;
}

/* Drops every slot whose path starts with prefix (a folder and its files). */
static void slot_drop_under(const char *prefix) {
    size_t n = strlen(prefix);
    for (int i = 0; i < ATOMIC_SLOTS; i++)
        if (slot_kind[i] != SLOT_FREE && strncmp(slot_path[i], prefix, n) == 0 &&
            (slot_path[i][n] == '\0' || slot_path[i][n] == '/'))
            slot_kind[i] = SLOT_FREE;
}

/* ---- names --------------------------------------------------------------- */

/* A path into out (OUTPUT_PATH_MAX bytes); false when it does not fit,
 * never a silently shortened path. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static bool path_fmt(char *out, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, OUTPUT_PATH_MAX, fmt, ap);
    va_end(ap);
    return n >= 0 && n < OUTPUT_PATH_MAX;
}

#define TEMP_MARK ".linetwin-"

/* dir and base of path: "a/b/c" -> "a/b", "c"; "c" -> ".", "c". Trailing
 * slashes are ignored. False when there is no base name ("/", ""). */
static bool split_path(const char *path, char *dir, char *base) {
    char p[OUTPUT_PATH_MAX];
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p) return false;
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') p[--n] = '\0';
    char *slash = strrchr(p, '/');
    if (!slash) {
        strcpy(dir, ".");
        snprintf(base, NAME_MAX + 1, "%s", p);
    } else {
        snprintf(base, NAME_MAX + 1, "%s", slash + 1);
        if (slash == p) strcpy(dir, "/");
        else {
            *slash = '\0';
            path_fmt(dir, "%s", p);
        }
    }
    return base[0] != '\0' && strcmp(base, ".") != 0 && strcmp(base, "..") != 0;
}

/* The template of a temporary for base in dir: .BASE.linetwin-PID-XXXXXX
 * (the base shortened so that the name fits NAME_MAX). */
static bool temp_template(char *out, const char *dir, const char *base) {
    return path_fmt(out, "%s/.%.180s" TEMP_MARK "%ld-XXXXXX", dir, base, (long)getpid());
}

/* The process id in a temporary's name, or 0 when the name is not one of
 * ours. Also recognises the snapshot temporaries of earlier versions,
 * "NAME.tmp-PID". */
static long temp_owner(const char *name) {
    const char *mark = NULL;
    for (const char *p = strstr(name, TEMP_MARK); p; p = strstr(p + 1, TEMP_MARK)) mark = p;
    const char *digits;
    if (name[0] == '.' && mark) {
        digits = mark + strlen(TEMP_MARK);
    } else {
        const char *t = strstr(name, ".tmp-");
        if (!t || !strstr(name, ".png.tmp-")) return 0;
        digits = t + 5;
    }
    long pid = 0;
    const char *p = digits;
    while (*p >= '0' && *p <= '9' && pid < 100000000) pid = pid * 10 + (*p++ - '0');
    if (p == digits || pid <= 0) return 0;
    if (mark && name[0] == '.') {
        if (*p != '-' || strlen(p + 1) != 6) return 0;
    } else if (*p != '\0') {
        return 0;
    }
    return pid;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void remove_tree(const char *path) { nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

/* Removes the temporaries in dir whose process no longer exists: left
 * behind by a run that was killed with SIGKILL or lost its machine. */
static void sweep_stale(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        long pid = temp_owner(e->d_name);
        if (pid <= 0 || pid == (long)getpid()) continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;   /* alive, or not ours to judge */
        char path[OUTPUT_PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        remove_tree(path);
    }
    closedir(d);
}

/* fsync of a folder, so that a rename in it survives a crash; file systems
 * that cannot (EINVAL) are fine. */
static bool sync_dir(const char *dir) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return false;
    bool ok = fsync(fd) == 0 || errno == EINVAL;
    close(fd);
    return ok;
}

static mode_t current_umask(void) {
    mode_t m = umask(022);
    umask(m);
    return m;
}

/* ---- writing one file ------------------------------------------------------ */

/* Runs fn on f and then checks everything: the stream's error flag, the
 * flush, fsync (not for devices) and close. Returns 0 or the errno of the
 * first failure; f is closed either way. */
static int finish_stream(FILE *f, output_write_fn *fn, void *ctx, bool sync) {
    int e = 0;
    if (fn) {
        errno = 0;
        if (!fn(f, ctx)) e = errno ? errno : EIO;
    }
    if (fflush(f) != 0 && !e) e = errno ? errno : EIO;
    if (ferror(f) && !e) e = EIO;
    if (sync && !e && fsync(fileno(f)) != 0 && errno != EINVAL) e = errno;
    if (fclose(f) != 0 && !e) e = errno ? errno : EIO;
    return e;
}

bool atomic_write_new(const char *path, output_write_fn *fn, void *ctx) {
    char buf[2 * OUTPUT_PATH_MAX];
    sigset_t held;
    hold_signals(&held);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    int slot = fd >= 0 ? slot_add(path, SLOT_FILE) : -1;
    release_signals(&held);
    if (fd < 0) {
        fprintf(stderr, "linetwin: cannot write %s: %s\n", shown(path, buf, sizeof buf), strerror(errno));
        return false;
    }
    FILE *f = fdopen(fd, "w");
    int e = 0;
    if (!f) {
        e = errno;
        close(fd);
    } else {
        e = finish_stream(f, fn, ctx, true);
    }
    if (e) {
        fprintf(stderr, "linetwin: cannot write %s: %s\n", shown(path, buf, sizeof buf), strerror(e));
        unlink(path);
    }
    slot_drop(slot);
    return e == 0;
}

/* ---- a result folder ---------------------------------------------------------- */

/* The names a result folder of linetwin holds (run's files, compare's
 * compare.json and sub-folders); anything else in an existing target is
 * somebody's else, and replacing the folder would delete it. */
static const char *const result_names[] = {"kpis.csv",      "stations.csv",      "fleets.csv",
                                           "vehicles.csv",  "robots.csv",        "conveyors.csv",
                                           "pools.csv",     "people.csv",
                                           "orders.csv",    "products.csv",
                                           "replications.csv", "result.json",    "compare.json",
                                           "base",          "retrofit"};

static bool is_result_name(const char *name) {
    for (size_t i = 0; i < sizeof result_names / sizeof result_names[0]; i++) {
        size_t n = strlen(result_names[i]);
        if (strcmp(name, result_names[i]) == 0) return true;
        /* a temporary of an earlier version: ".kpis.csv.XXXXXX" */
        if (name[0] == '.' && strncmp(name + 1, result_names[i], n) == 0 && name[1 + n] == '.') return true;
    }
    return temp_owner(name) > 0;
}

/* The first entry of folder dir (and of its base/ and retrofit/) that
 * linetwin did not write, into what; false when there is none. */
static bool foreign_entry(const char *dir, int depth, char *what, size_t size) {
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(what, size, "%s (%s)", dir, strerror(errno));
        return true;
    }
    struct dirent *e;
    bool found = false;
    while (!found && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char path[OUTPUT_PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        bool is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
        bool sub = strcmp(e->d_name, "base") == 0 || strcmp(e->d_name, "retrofit") == 0;
        if (!is_result_name(e->d_name) || (is_dir && !sub && temp_owner(e->d_name) <= 0) ||
            (sub && !is_dir)) {
            snprintf(what, size, "%s", path);
            found = true;
        } else if (sub && depth == 0) {
            found = foreign_entry(path, 1, what, size);
        }
    }
    closedir(d);
    return found;
}

bool atomic_dir_begin(atomic_dir *d, const char *cmd, const char *target) {
    d->slot = -1;
    d->tmp[0] = '\0';
    if (strlen(target) >= OUTPUT_DIR_MAX) {
        fprintf(stderr, "linetwin %s: --out: the path is too long\n", cmd);
        return false;
    }
    /* A symbolic link to a folder stays: the folder it names is replaced. */
    struct stat st;
    char resolved[PATH_MAX];
    if (lstat(target, &st) == 0 && S_ISLNK(st.st_mode) && realpath(target, resolved))
        target = resolved;
    char dir[OUTPUT_PATH_MAX], base[NAME_MAX + 1];
    if (!split_path(target, dir, base)) {
        fprintf(stderr, "linetwin %s: --out %s: name a folder to create or replace\n", cmd, target);
        return false;
    }
    if (!path_fmt(d->target, "%s/%s", dir, base)) {
        fprintf(stderr, "linetwin %s: --out: the path is too long\n", cmd);
        return false;
    }
    if (lstat(d->target, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            fprintf(stderr, "linetwin %s: --out %s: exists and is not a folder\n", cmd, target);
            return false;
        }
        char what[OUTPUT_PATH_MAX + 64];
        if (foreign_entry(d->target, 0, what, sizeof what)) {
            fprintf(stderr,
                    "linetwin %s: --out %s: the folder holds files linetwin did not write (%s); the result "
                    "replaces the whole folder, so give a new or empty one or an earlier result's\n",
                    cmd, target, what);
            return false;
        }
    } else if (errno != ENOENT && errno != ENOTDIR) {   /* ENOTDIR: output_make_dir says which */
        fprintf(stderr, "linetwin %s: --out %s: %s\n", cmd, target, strerror(errno));
        return false;
    }
    if (!output_make_dir(dir)) return false;
    sweep_stale(dir);
    sigset_t held;
    hold_signals(&held);
    bool made = temp_template(d->tmp, dir, base) && mkdtemp(d->tmp);
    if (made) d->slot = slot_add(d->tmp, SLOT_DIR);
    release_signals(&held);
    if (!made) {
        fprintf(stderr, "linetwin %s: cannot write %s: cannot create a folder in %s: %s\n", cmd, target, dir,
                strerror(errno));
        d->tmp[0] = '\0';
        return false;
    }
    chmod(d->tmp, 0777 & ~current_umask());   /* mkdtemp makes 0700; results are ordinary folders */
    snprintf(current_tmp, sizeof current_tmp, "%s", d->tmp);
    snprintf(current_target, sizeof current_target, "%s", target);
    return true;
}

bool atomic_dir_path(const atomic_dir *d, const char *name, char *out) {
    if (path_fmt(out, "%s/%s", d->tmp, name)) return true;
    fprintf(stderr, "linetwin: cannot write %s/%s: the path is too long\n", d->target, name);
    return false;
}

bool atomic_dir_sub(atomic_dir *d, const char *name, char *out) {
    if (!path_fmt(out, "%s/%s", d->tmp, name)) {
        fprintf(stderr, "linetwin: cannot write %s/%s: the path is too long\n", d->target, name);
        return false;
    }
    sigset_t held;
    hold_signals(&held);
    bool made = mkdir(out, 0777) == 0;
    if (made) slot_add(out, SLOT_DIR);
    release_signals(&held);
    if (!made) {
        char buf[2 * OUTPUT_PATH_MAX];
        fprintf(stderr, "linetwin: cannot create directory %s: %s\n", shown(out, buf, sizeof buf), strerror(errno));
        return false;
    }
    return true;
}

void atomic_dir_abort(atomic_dir *d) {
    if (!d->tmp[0]) return;
    remove_tree(d->tmp);
    slot_drop_under(d->tmp);
    d->tmp[0] = '\0';
}

/* Syncs every folder of the tree (the files were synced when written). */
static int sync_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)ftw;
    if (flag == FTW_DP && !sync_dir(path)) return errno ? errno : EIO;
    return 0;
}

bool atomic_dir_commit(atomic_dir *d) {
    char dir[OUTPUT_PATH_MAX], base[NAME_MAX + 1];
    split_path(d->target, dir, base);
    int e = nftw(d->tmp, sync_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (e != 0) {
        fprintf(stderr, "linetwin: cannot write %s: %s\n", d->target, strerror(e > 0 ? e : errno));
        atomic_dir_abort(d);
        return false;
    }
    /* An earlier result is exchanged with the new one in one step; where
     * the file system cannot exchange, it is renamed away first (for a
     * moment there is no folder, never a mixed one). */
    bool replaced = false;
    char old[OUTPUT_PATH_MAX] = "";
    if (rename(d->tmp, d->target) != 0) {
        if (errno != ENOTEMPTY && errno != EEXIST) {
            fprintf(stderr, "linetwin: cannot write %s: %s\n", d->target, strerror(errno));
            atomic_dir_abort(d);
            return false;
        }
        if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->target, RENAME_EXCHANGE) == 0) {
            snprintf(old, sizeof old, "%s", d->tmp);   /* the earlier result is now here */
            replaced = true;
        } else {
            if (!temp_template(old, dir, base) || !mkdtemp(old) || rename(d->target, old) != 0) {
                fprintf(stderr, "linetwin: cannot replace %s: %s\n", d->target, strerror(errno));
                if (old[0]) rmdir(old);
                atomic_dir_abort(d);
                return false;
            }
            if (rename(d->tmp, d->target) != 0) {
                int err = errno;
                rename(old, d->target);
                fprintf(stderr, "linetwin: cannot replace %s: %s\n", d->target, strerror(err));
                atomic_dir_abort(d);
                return false;
            }
            replaced = true;
        }
    }
    slot_drop_under(d->tmp);
    d->tmp[0] = '\0';
    if (!sync_dir(dir)) {
        fprintf(stderr, "linetwin: cannot write %s: %s\n", d->target, strerror(errno));
        if (replaced) remove_tree(old);
        return false;
    }
    if (replaced) remove_tree(old);
    return true;
}

/* ---- a single file ----------------------------------------------------------- */

bool atomic_file_begin(atomic_file *a, const char *cmd, const char *path) {
    a->f = NULL;
    a->tmp[0] = '\0';
    a->slot = -1;
    snprintf(a->target, sizeof a->target, "%s", path);
    if (strlen(path) >= OUTPUT_DIR_MAX) {
        fprintf(stderr, "linetwin %s: %s: the path is too long\n", cmd, path);
        return false;
    }
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "linetwin %s: cannot write %s: it is a folder\n", cmd, path);
            return false;
        }
        if (!S_ISREG(st.st_mode)) {
            /* A device or a pipe (/dev/stdout): written in place, checked
             * all the same; a rename would replace the device node. */
            a->f = fopen(path, "w");
            if (!a->f) {
                fprintf(stderr, "linetwin %s: cannot write %s: %s\n", cmd, path, strerror(errno));
                return false;
            }
            return true;
        }
    }
    char dir[OUTPUT_PATH_MAX], base[NAME_MAX + 1];
    if (!split_path(path, dir, base)) {
        fprintf(stderr, "linetwin %s: cannot write %s: not a file name\n", cmd, path);
        return false;
    }
    /* Through a symbolic link the file it names is replaced, not the link. */
    char resolved[PATH_MAX];
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && realpath(path, resolved)) {
        snprintf(a->target, sizeof a->target, "%s", resolved);
        split_path(resolved, dir, base);
    }
    sweep_stale(dir);
    if (!temp_template(a->tmp, dir, base)) {
        fprintf(stderr, "linetwin %s: %s: the path is too long\n", cmd, path);
        a->tmp[0] = '\0';
        return false;
    }
    sigset_t held;
    hold_signals(&held);
    int fd = mkstemp(a->tmp);
    if (fd >= 0) a->slot = slot_add(a->tmp, SLOT_FILE);
    release_signals(&held);
    if (fd < 0) {
        fprintf(stderr, "linetwin %s: cannot write %s: %s\n", cmd, path, strerror(errno));
        a->tmp[0] = '\0';
        return false;
    }
    fchmod(fd, 0666 & ~current_umask());   /* mkstemp makes 0600 */
    a->f = fdopen(fd, "w");
    if (!a->f) {
        fprintf(stderr, "linetwin %s: cannot write %s: %s\n", cmd, path, strerror(errno));
        close(fd);
        atomic_file_abort(a);
        return false;
    }
    return true;
}

void atomic_file_abort(atomic_file *a) {
    if (a->f) fclose(a->f);
    a->f = NULL;
    if (a->tmp[0]) unlink(a->tmp);
    a->tmp[0] = '\0';
    slot_drop(a->slot);
    a->slot = -1;
}

bool atomic_file_commit(atomic_file *a) {
    int e = finish_stream(a->f, NULL, NULL, a->tmp[0] != '\0');
    a->f = NULL;
    if (!e && a->tmp[0] && rename(a->tmp, a->target) != 0) e = errno;
    if (!e && a->tmp[0]) {
        char dir[OUTPUT_PATH_MAX], base[NAME_MAX + 1];
        split_path(a->target, dir, base);
        sync_dir(dir);
        a->tmp[0] = '\0';
    }
    if (e) {
        fprintf(stderr, "linetwin: cannot write %s: %s\n", a->target, strerror(e));
        atomic_file_abort(a);
        return false;
    }
    slot_drop(a->slot);
    a->slot = -1;
    return true;
}
