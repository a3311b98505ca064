/*
 * experiment.c - replications of many scenarios on threads (and ranks),
 * the journal, the MSER-5 pilot.
 */
#include "experiment.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exp_stats.h"
#include "linetwin_version.h"
#include "progress.h"

volatile sig_atomic_t xp_interrupted;

static void on_interrupt(int sig) {
    xp_interrupted = 1;
    signal(sig, SIG_DFL);   /* a second Ctrl-C stops at once */
}

void xp_catch_interrupt(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* ---- KPIs -------------------------------------------------------------------- */

bool xp_kpi_higher_is_better(int kpi) {
    switch ((mdl_kpi)kpi) {
    case MDL_KPI_THROUGHPUT_PER_H:
    case MDL_KPI_UNITS_OUT:
    case MDL_KPI_FIRST_PASS_YIELD:
    case MDL_KPI_OEE:
    case MDL_KPI_UNITS_RELEASED:
    case MDL_KPI_ON_TIME_SHARE:
    case MDL_KPI_UNITS_PER_KWH: return true;
    default: return false;
    }
}

int xp_kpi_find(const char *name) {
    for (int k = 0; k < MDL_KPI_COUNT; k++)
        if (strcmp(name, mdl_kpis_name(MDL_KPIS_LINE, k)) == 0) return k;
    return -1;
}

/* ---- the store ------------------------------------------------------------------ */

bool xp_init(xp *x, const char *cmd, int n, int threads) {
    memset(x, 0, sizeof *x);
    x->cmd = cmd;
    x->journal_fd = -1;
    x->threads = threads < 1 ? 1 : threads;
    x->size = 1;
    x->s = calloc((size_t)(n > 0 ? n : 1), sizeof *x->s);
    if (!x->s) return false;
    x->n = n;
    return true;
}

void xp_fini(xp *x) {
    for (int i = 0; i < x->n; i++) {
        xp_scenario *s = &x->s[i];
        free(s->label);
        for (int j = 0; j < s->nsets; j++) free(s->sets[j]);
        free(s->sets);
        mdl_model_free(s->m);
        free(s->val);
        free(s->have);
    }
    free(x->s);
    if (x->journal_fd >= 0) close(x->journal_fd);
    memset(x, 0, sizeof *x);
    x->journal_fd = -1;
}

static bool grow(xp_scenario *s, int n) {
    if (n <= s->cap) return true;
    int cap = s->cap ? s->cap : 8;
    while (cap < n) cap *= 2;
    double *v = realloc(s->val, (size_t)cap * MDL_KPI_COUNT * sizeof *v);
    if (!v) return false;
    s->val = v;
    unsigned char *h = realloc(s->have, (size_t)cap);
    if (!h) return false;
    memset(h + s->cap, 0, (size_t)(cap - s->cap));
    s->have = h;
    s->cap = cap;
    return true;
}

bool xp_want(xp *x, int s, int n) {
    if (!grow(&x->s[s], n)) return false;
    if (n > x->s[s].want) x->s[s].want = n;
    return true;
}

int xp_done(const xp *x, int s) {
    int r = 0;
    while (r < x->s[s].cap && x->s[s].have[r]) r++;
    return r;
}

double xp_value(const xp *x, int s, int r, int kpi) { return x->s[s].val[(size_t)r * MDL_KPI_COUNT + (size_t)kpi]; }

mdl_summary xp_summary(const xp *x, int s, int n, int kpi) {
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (!v) return (mdl_summary){NAN, NAN, NAN, NAN};
    for (int r = 0; r < n; r++) v[r] = xp_value(x, s, r, kpi);
    mdl_summary m = mdl_summarize(v, (size_t)n);
    free(v);
    return m;
}

mdl_summary xp_diff(const xp *x, int a, int b, int n, int kpi) {
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (!v) return (mdl_summary){NAN, NAN, NAN, NAN};
    for (int r = 0; r < n; r++) v[r] = xp_value(x, a, r, kpi) - xp_value(x, b, r, kpi);
    mdl_summary m = mdl_summarize(v, (size_t)n);
    free(v);
    return m;
}

/* ---- the journal ------------------------------------------------------------------ */

static uint64_t fnv(uint64_t h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s) { return fnv(h, s, strlen(s) + 1); }

uint64_t xp_key(const xp *x, const char *scene_path) {
    uint64_t h = 14695981039346656037ULL;
    h = fnv_str(h, "linetwin sweep journal " LINETWIN_VERSION);
    FILE *f = fopen(scene_path, "rb");
    if (f) {
        char buf[8192];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) h = fnv(h, buf, n);
        fclose(f);
    }
    int nk = MDL_KPI_COUNT;
    h = fnv(h, &nk, sizeof nk);
    for (int i = 0; i < x->n; i++) {
        const xp_scenario *s = &x->s[i];
        for (int j = 0; j < s->nsets; j++) h = fnv_str(h, s->sets[j]);
        h = fnv_str(h, "|");
        h = fnv(h, &s->run.horizon, sizeof s->run.horizon);
        h = fnv(h, &s->run.warmup, sizeof s->run.warmup);
        h = fnv(h, &s->run.seed, sizeof s->run.seed);
        h = fnv(h, &s->run.start, sizeof s->run.start);
    }
    return h;
}

#define JOURNAL_MAGIC "linetwin-sweep-journal 1"

/* One line: "S R V0 ... V21 C\n", values as the hex of their bits, C the
 * FNV-1a of everything before it. */
static size_t format_record(char *buf, size_t size, int s, int r, const double *v) {
    size_t n = (size_t)snprintf(buf, size, "%d %d", s, r);
    for (int k = 0; k < MDL_KPI_COUNT && n < size; k++) {
        uint64_t bits;
        memcpy(&bits, &v[k], sizeof bits);
        n += (size_t)snprintf(buf + n, size - n, " %016" PRIx64, bits);
    }
    uint64_t c = fnv(14695981039346656037ULL, buf, n);
    n += (size_t)snprintf(buf + n, size - n, " %016" PRIx64 "\n", c);
    return n;
}

static bool parse_record(const char *line, size_t len, int *s, int *r, double *v) {
    char buf[1024];
    if (len == 0 || len >= sizeof buf || line[len - 1] != '\n') return false;
    memcpy(buf, line, len);
    buf[len] = '\0';
    char *last = strrchr(buf, ' ');
    if (!last) return false;
    uint64_t c = fnv(14695981039346656037ULL, buf, (size_t)(last - buf));
    char *end;
    errno = 0;
    uint64_t want = strtoull(last + 1, &end, 16);
    if (errno || *end != '\n' || want != c) return false;
    char *p = buf;
    long ls = strtol(p, &end, 10);
    if (end == p) return false;
    p = end;
    long lr = strtol(p, &end, 10);
    if (end == p || ls < 0 || lr < 0 || lr > 10000000) return false;
    p = end;
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        uint64_t bits = strtoull(p, &end, 16);
        if (end == p) return false;
        memcpy(&v[k], &bits, sizeof bits);
        p = end;
    }
    *s = (int)ls;
    *r = (int)lr;
    return true;
}

/* Reads an existing journal into the store; the offset of the end of its
 * last whole line in *good. -1: not this experiment's; 0: read. */
static int journal_read(xp *x, int fd, off_t *good) {
    struct stat st;
    if (fstat(fd, &st) != 0) return -2;
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size + 1);
    if (!buf) return -2;
    size_t got = 0;
    while (got < size) {
        ssize_t k = pread(fd, buf + got, size - got, (off_t)got);
        if (k <= 0) break;
        got += (size_t)k;
    }
    buf[got] = '\0';
    char head[80];
    snprintf(head, sizeof head, JOURNAL_MAGIC " %016" PRIx64 "\n", x->key);
    size_t hl = strlen(head);
    if (got < hl || memcmp(buf, head, hl) != 0) {
        free(buf);
        return got == 0 ? 1 : -1;   /* 1: empty, write the header */
    }
    size_t pos = hl;
    double v[MDL_KPI_COUNT];
    while (pos < got) {
        char *nl = memchr(buf + pos, '\n', got - pos);
        if (!nl) break;
        size_t len = (size_t)(nl - (buf + pos)) + 1;
        int s, r;
        if (!parse_record(buf + pos, len, &s, &r, v) || s >= x->n) break;
        if (!grow(&x->s[s], r + 1)) {
            free(buf);
            return -2;
        }
        if (!x->s[s].have[r]) {
            memcpy(&x->s[s].val[(size_t)r * MDL_KPI_COUNT], v, sizeof v);
            x->s[s].have[r] = 1;
            x->resumed++;
        }
        pos += len;
    }
    *good = (off_t)pos;
    free(buf);
    return 0;
}

int xp_journal_open(xp *x, const char *dir, bool resume) {
    if (x->rank != 0) return 0;
    if (!output_make_dir(dir)) return 1;
    if (snprintf(x->journal_path, sizeof x->journal_path, "%s/sweep.journal", dir) >= (int)sizeof x->journal_path) {
        fprintf(stderr, "linetwin %s: --out: the path is too long\n", x->cmd);
        return 2;
    }
    int fd = open(x->journal_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "linetwin %s: cannot write %s: %s\n", x->cmd, x->journal_path, strerror(errno));
        return 1;
    }
    struct stat st;
    bool exists = fstat(fd, &st) == 0 && st.st_size > 0;
    off_t good = 0;
    bool header = true;
    if (exists && !resume) {
        fprintf(stderr, "linetwin %s: %s holds the journal of an earlier sweep: add --resume to continue it, or "
                        "give another --out folder (or remove the file)\n", x->cmd, x->journal_path);
        close(fd);
        return 2;
    }
    if (exists) {
        int rc = journal_read(x, fd, &good);
        if (rc == -1) {
            fprintf(stderr, "linetwin %s: --resume: %s is the journal of a different sweep (another scene, other "
                            "--vary values or run settings); give the same arguments, or another --out folder\n",
                    x->cmd, x->journal_path);
            close(fd);
            return 2;
        }
        if (rc == -2) {
            fprintf(stderr, "linetwin %s: cannot read %s\n", x->cmd, x->journal_path);
            close(fd);
            return 1;
        }
        header = rc == 1;
        if (rc == 0 && ftruncate(fd, good) != 0) {   /* a line cut short by a kill goes */
            fprintf(stderr, "linetwin %s: cannot write %s: %s\n", x->cmd, x->journal_path, strerror(errno));
            close(fd);
            return 1;
        }
    }
    if (header) {
        char head[80];
        int n = snprintf(head, sizeof head, JOURNAL_MAGIC " %016" PRIx64 "\n", x->key);
        if (ftruncate(fd, 0) != 0 || pwrite(fd, head, (size_t)n, 0) != n || fdatasync(fd) != 0) {
            fprintf(stderr, "linetwin %s: cannot write %s: %s\n", x->cmd, x->journal_path, strerror(errno));
            close(fd);
            return 1;
        }
        good = n;
    }
    if (lseek(fd, 0, SEEK_END) < 0) {
        close(fd);
        return 1;
    }
    x->journal_fd = fd;
    return 0;
}

static bool journal_append(xp *x, int s, int r, const double *v) {
    if (x->journal_fd < 0) return true;
    char line[1024];
    size_t n = format_record(line, sizeof line, s, r, v);
    ssize_t w = write(x->journal_fd, line, n);
    if (w != (ssize_t)n || fdatasync(x->journal_fd) != 0) {
        fprintf(stderr, "linetwin %s: cannot write %s: %s\n", x->cmd, x->journal_path,
                w < 0 || errno ? strerror(errno) : "short write");
        return false;
    }
    return true;
}

bool xp_share_journal(xp *x) {
    if (x->size <= 1) return true;
    /* rank 0 packs (scenario, replication, 22 values) per stored replication */
    long n = 0;
    if (x->rank == 0)
        for (int s = 0; s < x->n; s++)
            for (int r = 0; r < x->s[s].cap; r++) n += x->s[s].have[r];
    n = xp_mpi_bcast_count(n);
    if (n == 0) return true;
    size_t width = 2 + MDL_KPI_COUNT;
    double *buf = malloc((size_t)n * width * sizeof *buf);
    bool ok = buf != NULL;
    if (ok && x->rank == 0) {
        long k = 0;
        for (int s = 0; s < x->n; s++)
            for (int r = 0; r < x->s[s].cap; r++)
                if (x->s[s].have[r]) {
                    double *row = &buf[(size_t)k++ * width];
                    row[0] = s;
                    row[1] = r;
                    memcpy(row + 2, &x->s[s].val[(size_t)r * MDL_KPI_COUNT], MDL_KPI_COUNT * sizeof *row);
                }
    }
    /* every rank takes part in the broadcast, even one whose buffer failed */
    ok = xp_mpi_max(!ok) == 0 && xp_mpi_bcast(buf, (long)((size_t)n * width));
    if (ok && x->rank != 0)
        for (long k = 0; k < n && ok; k++) {
            const double *row = &buf[(size_t)k * width];
            int s = (int)row[0], r = (int)row[1];
            if (s < 0 || s >= x->n || r < 0 || !grow(&x->s[s], r + 1)) {
                ok = false;
                break;
            }
            memcpy(&x->s[s].val[(size_t)r * MDL_KPI_COUNT], row + 2, MDL_KPI_COUNT * sizeof *row);
            x->s[s].have[r] = 1;
        }
    free(buf);
    return ok;
}

/* ---- running ----------------------------------------------------------------------- */

typedef struct item {
    int s, r;
} item;

typedef struct pool {
    xp *x;
    item *items;
    int nitems;
    double *vals;          /* [nitems][MDL_KPI_COUNT] */
    unsigned char *ok;     /* [nitems] */
    pthread_mutex_t lock;
    pthread_mutex_t journal_lock;
    int next;
    bool failed;
    char error[400];
    progress *pr;
    int done, total, scen_done;
    int *left;             /* [x->n] items left per scenario */
} pool;

static bool keep_going(void *ctx, double now, double horizon) {
    (void)ctx;
    (void)now;
    (void)horizon;
    return !xp_interrupted;
}

static void *worker(void *arg) {
    pool *p = arg;
    xp *x = p->x;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int i = -1;
        while (!p->failed && !xp_interrupted && p->next < p->nitems) {
            int j = p->next++;
            if (j % x->size == x->rank) {
                i = j;
                break;
            }
        }
        pthread_mutex_unlock(&p->lock);
        if (i < 0) break;
        xp_scenario *sc = &x->s[p->items[i].s];
        int rep = p->items[i].r;
        mdl_rep_result res;
        bool ok = mdl_rep_result_init(&res, sc->m);
        mdl_run *run = ok ? mdl_run_new(sc->m, &sc->run, (uint32_t)rep) : NULL;
        const char *why = "out of memory";
        if (run) {
            mdl_run_set_progress(run, keep_going, NULL);
            while (!xp_interrupted && !mdl_run_error(run) && mdl_run_now(run) < sc->run.horizon)
                mdl_run_until(run, sc->run.horizon);
            ok = !xp_interrupted && mdl_run_to_end(run, &res);
            if (!ok && mdl_run_error(run)) why = mdl_run_error(run);
        } else {
            ok = false;
        }
        pthread_mutex_lock(&p->lock);
        if (ok) {
            memcpy(&p->vals[(size_t)i * MDL_KPI_COUNT], res.kpi, sizeof res.kpi);
            p->ok[i] = 1;
            if (x->size == 1) {   /* stored and journaled now; under MPI after the gather */
                memcpy(&sc->val[(size_t)rep * MDL_KPI_COUNT], res.kpi, sizeof res.kpi);
                sc->have[rep] = 1;
            }
            p->done++;
            if (--p->left[p->items[i].s] == 0) p->scen_done++;
            char note[64];
            snprintf(note, sizeof note, "%d/%d scenarios", p->scen_done, x->n);
            progress_note(p->pr, note);
            progress_update(p->pr, p->done, p->total);
        } else if (!xp_interrupted && !p->failed) {
            p->failed = true;
            if (strcmp(why, "out of memory") == 0) snprintf(p->error, sizeof p->error, "out of memory");
            else snprintf(p->error, sizeof p->error, "scenario %d (%s), replication %d: %s", p->items[i].s + 1,
                          sc->label, rep + 1, why);
        }
        pthread_mutex_unlock(&p->lock);
        /* journaled outside the pool's lock (the sync takes milliseconds,
         * the other workers go on meanwhile) */
        if (ok && x->size == 1) {
            pthread_mutex_lock(&p->journal_lock);
            bool written = journal_append(x, p->items[i].s, rep, res.kpi);
            pthread_mutex_unlock(&p->journal_lock);
            if (!written) {
                pthread_mutex_lock(&p->lock);
                p->failed = true;
                pthread_mutex_unlock(&p->lock);
            }
        }
        if (run) mdl_run_free(run);
        mdl_rep_result_fini(&res);
    }
    return NULL;
}

/* Runs this rank's share of the pool's items on up to x->threads threads
 * (on the calling thread when one is enough or none can start). */
static void run_workers(pool *p, const xp *x, int nitems) {
    int mine = 0;
    for (int i = 0; i < nitems; i++)
        if (i % x->size == x->rank) mine++;
    int nth = x->threads < mine ? x->threads : mine;
    if (nth <= 1) {
        worker(p);
        return;
    }
    pthread_t *th = calloc((size_t)nth, sizeof *th);
    int started = 0;
    if (th)
        for (; started < nth; started++)
            if (pthread_create(&th[started], NULL, worker, p) != 0) break;
    if (started == 0) worker(p);
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    free(th);
}

/* With MPI ranks: gathers every rank's results into the scenarios and the
 * journal; the exit status (0, 1 or 130 when interrupted). */
static int gather_ranks(pool *p, xp *x, int nitems) {
    int status = 0;
    int bad = xp_mpi_any(p->failed || xp_interrupted);
    if (!bad && !xp_mpi_gather(p->vals, p->ok, nitems, MDL_KPI_COUNT, x->rank, x->size)) bad = 1;
    if (!bad)
        for (int i = 0; i < nitems; i++) {
            xp_scenario *sc = &x->s[p->items[i].s];
            int rep = p->items[i].r;
            memcpy(&sc->val[(size_t)rep * MDL_KPI_COUNT], &p->vals[(size_t)i * MDL_KPI_COUNT],
                   MDL_KPI_COUNT * sizeof(double));
            sc->have[rep] = 1;
            if (!journal_append(x, p->items[i].s, rep, &p->vals[(size_t)i * MDL_KPI_COUNT])) bad = 1;
        }
    if (bad) {
        if (p->failed && p->error[0]) fprintf(stderr, "linetwin %s: the run failed: %s\n", x->cmd, p->error);
        status = xp_interrupted ? 130 : 1;
    }
    x->ran += nitems;
    return status;
}

int xp_execute(xp *x) {
    int nitems = 0;
    for (int s = 0; s < x->n; s++)
        for (int r = 0; r < x->s[s].want; r++)
            if (!x->s[s].have[r]) nitems++;
    if (nitems == 0) return 0;
    pool p;
    memset(&p, 0, sizeof p);
    p.x = x;
    p.items = malloc((size_t)nitems * sizeof *p.items);
    p.vals = calloc((size_t)nitems * MDL_KPI_COUNT, sizeof *p.vals);
    p.ok = calloc((size_t)nitems, 1);
    p.left = calloc((size_t)x->n, sizeof *p.left);
    if (!p.items || !p.vals || !p.ok || !p.left) {
        free(p.items);
        free(p.vals);
        free(p.ok);
        free(p.left);
        fputs("linetwin: out of memory\n", stderr);
        return 1;
    }
    /* Replication-major: the first replications of every scenario come
     * first, so that an interrupted sweep has something of each. */
    int maxwant = 0;
    for (int s = 0; s < x->n; s++)
        if (x->s[s].want > maxwant) maxwant = x->s[s].want;
    int n = 0;
    for (int r = 0; r < maxwant; r++)
        for (int s = 0; s < x->n; s++)
            if (r < x->s[s].want && !x->s[s].have[r]) {
                p.items[n++] = (item){s, r};
                p.left[s]++;
            }
    for (int s = 0; s < x->n; s++)
        if (p.left[s] == 0) p.scen_done++;
    p.nitems = nitems;
    p.total = nitems;
    progress pr;
    progress_start(&pr, x->cmd, nitems);
    if (x->rank != 0) pr.tty = false;
    p.pr = &pr;
    pthread_mutex_init(&p.lock, NULL);
    pthread_mutex_init(&p.journal_lock, NULL);
    run_workers(&p, x, nitems);
    pthread_mutex_destroy(&p.lock);
    pthread_mutex_destroy(&p.journal_lock);
    progress_finish(&pr);
    int status = 0;
    if (x->size > 1) {
        status = gather_ranks(&p, x, nitems);
    } else {
        x->ran += p.done;
        if (p.failed) {
            if (strcmp(p.error, "out of memory") == 0) fputs("linetwin: out of memory\n", stderr);
            else if (p.error[0]) fprintf(stderr, "linetwin %s: the run failed: %s\n", x->cmd, p.error);
            status = 1;
        } else if (xp_interrupted) {
            status = 130;
        }
    }
    free(p.items);
    free(p.vals);
    free(p.ok);
    free(p.left);
    return status;
}

/* ---- MSER-5 ------------------------------------------------------------------------ */

int xp_warmup_mser5(xp *x, int s, int pilots, int samples, double *warmup, size_t *dropped) {
    xp_scenario *sc = &x->s[s];
    mdl_run_settings set = sc->run;
    set.warmup = 0;
    double *y = calloc((size_t)samples, sizeof *y);
    if (!y) {
        fputs("linetwin: out of memory\n", stderr);
        return 1;
    }
    double dt = set.horizon / samples;
    for (int p = 0; p < pilots; p++) {
        mdl_run *run = mdl_run_new(sc->m, &set, (uint32_t)p);
        if (!run) {
            free(y);
            fputs("linetwin: out of memory\n", stderr);
            return 1;
        }
        for (int i = 0; i < samples && !mdl_run_error(run); i++) {
            mdl_run_until(run, dt * (i + 1));
            y[i] += (double)mdl_run_wip_now(run) / pilots;
        }
        if (mdl_run_error(run)) {
            fprintf(stderr, "linetwin %s: the warm-up pilot failed: %s\n", x->cmd, mdl_run_error(run));
            mdl_run_free(run);
            free(y);
            return 1;
        }
        mdl_run_free(run);
    }
    size_t d = exp_mser(y, (size_t)samples, 5, NULL);
    free(y);
    *dropped = d;
    *warmup = dt * (double)d;
    return 0;
}
