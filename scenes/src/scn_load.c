/*
 * scn_load.c - reading scene files: @include layering, parsing (scn_text.c),
 * overrides, then the build (scn_build.c).
 *
 * @include is handled here, not pasted in as libconfig would do: libconfig
 * resolves the path against the working directory, reports errors inside
 * the included file under the including file's name, and a retrofit scene
 * could then not redefine a key of its baseline (a key set twice is an
 * error). Instead every file is parsed on its own and the trees are
 * layered: the included scene is the base, the including scene is merged
 * over it.
 *
 * The work of one load is bounded whatever the files say: at most
 * SCN_MAX_INCLUDES files through @include, SCN_MAX_LOAD_SIZE bytes read
 * and SCN_MAX_VALUES values made, all files together (8 includes on each
 * of 8 levels would otherwise read 16 million files).
 */
/* realpath() and PATH_MAX are XSI. */
#define _XOPEN_SOURCE 700

#include "scn_internal.h"
#include "scn_scene.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct loader {
    scn_arena *a;
    scn_diags *d;
    const char *stack[SCN_MAX_INCLUDE_DEPTH + 2];   /* real paths being loaded */
    const char *stack_shown[SCN_MAX_INCLUDE_DEPTH + 2];
    int depth;
    bool broken;    /* a file could not be read or parsed: stop before the build */
    size_t files;   /* files read through @include so far */
    size_t bytes;   /* bytes read so far, all files */
    size_t budget;  /* values this load may still make */
    bool over;      /* a limit of the load was reported: read no more */
} loader;

static void describe_errno(int e, char *buf, size_t size) {
    if (strerror_r(e, buf, size) != 0) snprintf(buf, size, "error %d", e);
}

char *scn__read_file(scn_arena *a, const char *path, size_t *len, char *err, size_t err_size) {
    char why[128];
    /* O_NONBLOCK: opening a FIFO named by a scene must not hang the load;
     * the checks below are on the file actually opened. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        describe_errno(errno, why, sizeof why);
        snprintf(err, err_size, "%s", why);
        return NULL;
    }
    struct stat st;
    const char *refuse = NULL;
    if (fstat(fd, &st) != 0) refuse = "cannot stat it";
    else if (S_ISDIR(st.st_mode)) refuse = "it is a directory";
    else if (!S_ISREG(st.st_mode)) refuse = "not a regular file";
    else if ((unsigned long long)st.st_size > SCN_MAX_FILE_SIZE) refuse = "too large";
    if (refuse) {
        close(fd);
        if (strcmp(refuse, "too large") == 0)
            snprintf(err, err_size, "larger than %u MB", SCN_MAX_FILE_SIZE / (1024u * 1024u));
        else
            snprintf(err, err_size, "%s", refuse);
        return NULL;
    }
    /* Read one byte more than fstat said, to notice a file that grew. */
    size_t cap = (size_t)st.st_size + 1;
    char *buf = scn__alloc(a, cap + 1);
    if (!buf) {
        close(fd);
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    size_t n = 0;
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            describe_errno(errno, why, sizeof why);
            close(fd);
            snprintf(err, err_size, "%s", why);
            return NULL;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    if (n > SCN_MAX_FILE_SIZE || n >= cap) {
        if (n > SCN_MAX_FILE_SIZE)
            snprintf(err, err_size, "larger than %u MB", SCN_MAX_FILE_SIZE / (1024u * 1024u));
        else
            snprintf(err, err_size, "it grew while being read");
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

char *scn__dirname(scn_arena *a, const char *path) {
    const char *slash = strrchr(path, '/');
    if (!slash) return scn__strdup(a, ".");
    if (slash == path) return scn__strdup(a, "/");
    return scn__strndup(a, path, (size_t)(slash - path));
}

char *scn__join(scn_arena *a, const char *dir, const char *path) {
    if (path[0] == '/' || !dir || strcmp(dir, ".") == 0) return scn__strdup(a, path);
    /* Not through scn__printf, whose buffer would cut a long path short
     * (and name another file). */
    size_t dl = strlen(dir), pl = strlen(path);
    bool slash = dir[dl - 1] == '/';
    char *p = scn__alloc(a, dl + pl + 2);
    if (!p) return NULL;
    memcpy(p, dir, dl);
    if (!slash) p[dl++] = '/';
    memcpy(p + dl, path, pl + 1);
    return p;
}

static scn_node *load_text(loader *L, const char *shown, const char *real, const char *dir,
                           const char *src, size_t len);

/* Reports that the load went over one of its limits (once). */
static void over_limit(loader *L, const char *shown, int line, const char *subject, const char *what) {
    L->broken = true;
    if (L->over) return;
    L->over = true;
    scn_diags_add(L->d, shown, line, subject, "%s (the limit of one load)", what);
}

/* Loads one @include of file `shown` (which resolves includes in `dir`). */
static scn_node *load_include(loader *L, const char *shown, const char *dir, const scn_include *inc) {
    char subject[300];
    snprintf(subject, sizeof subject, "@include \"%.200s\"", inc->path);
    if (L->over) return NULL;
    if (!dir) {
        scn_diags_add(L->d, shown, inc->line, subject, "@include is not available for a scene read from memory");
        L->broken = true;
        return NULL;
    }
    if (inc->path[0] == '\0') {
        scn_diags_add(L->d, shown, inc->line, subject, "the file name is empty");
        L->broken = true;
        return NULL;
    }
    const char *path = scn__join(L->a, dir, inc->path);
    if (!path) return NULL;
    if (L->depth >= SCN_MAX_INCLUDE_DEPTH) {
        scn_diags_add(L->d, shown, inc->line, subject, "includes are nested more than %d deep",
                      SCN_MAX_INCLUDE_DEPTH);
        L->broken = true;
        return NULL;
    }
    if (L->files >= SCN_MAX_INCLUDES) {
        char what[120];
        snprintf(what, sizeof what, "more than %d files included, all levels together", SCN_MAX_INCLUDES);
        over_limit(L, shown, inc->line, subject, what);
        return NULL;
    }
    L->files++;
    char realbuf[PATH_MAX];
    const char *real = realpath(path, realbuf) ? scn__strdup(L->a, realbuf) : NULL;
    if (real) {
        for (int i = 0; i < L->depth; i++) {
            if (L->stack[i] && strcmp(L->stack[i], real) == 0) {
                char chain[900] = "";
                for (int k = i; k < L->depth; k++) {
                    strncat(chain, L->stack_shown[k], sizeof chain - strlen(chain) - 1);
                    strncat(chain, " -> ", sizeof chain - strlen(chain) - 1);
                }
                strncat(chain, path, sizeof chain - strlen(chain) - 1);
                scn_diags_add(L->d, shown, inc->line, subject, "include loop: %s", chain);
                L->broken = true;
                return NULL;
            }
        }
    }
    char err[600];
    size_t len = 0;
    char *text = scn__read_file(L->a, path, &len, err, sizeof err);
    if (!text) {
        scn_diags_add(L->d, shown, inc->line, subject, "cannot open %s: %s", path, err);
        L->broken = true;
        return NULL;
    }
    if (len > SCN_MAX_LOAD_SIZE - L->bytes) {
        char what[120];
        snprintf(what, sizeof what, "more than %u MB read, the scene and its includes together",
                 SCN_MAX_LOAD_SIZE / (1024u * 1024u));
        over_limit(L, shown, inc->line, subject, what);
        return NULL;
    }
    return load_text(L, path, real, scn__dirname(L->a, path), text, len);
}

static scn_node *load_text(loader *L, const char *shown, const char *real, const char *dir,
                           const char *src, size_t len) {
    L->bytes += len;
    /* A NUL byte means this is no text file. */
    const char *nul = memchr(src, '\0', len);
    if (nul) {
        int line = 1;
        for (const char *p = src; p < nul; p++)
            if (*p == '\n' || (*p == '\r' && p[1] != '\n')) line++;
        scn_diags_add(L->d, shown, line, "scene",
                      "binary data (a NUL byte at offset %zu): a scene is a text file", (size_t)(nul - src));
        L->broken = true;
        return NULL;
    }

    scn_text tx;
    scn__text_parse(L->a, shown, src, len, &L->budget, &tx, L->d);
    if (!tx.syntax_ok) {
        if (tx.over_limit) over_limit(L, shown, tx.error_line, "scene", tx.error);
        else scn_diags_add(L->d, shown, tx.error_line, "syntax error", "%s", tx.error);
        L->broken = true;
    }

    /* Included scenes first: they are the base layers. Those named before
     * a syntax error are still read, so that their own mistakes show. */
    L->stack[L->depth] = real;
    L->stack_shown[L->depth] = shown;
    L->depth++;
    scn_node *base = NULL;
    for (size_t i = 0; i < tx.nincludes && !L->over; i++) {
        scn_node *t = load_include(L, shown, dir, &tx.includes[i]);
        if (!t) continue;
        if (!base) base = t;
        else scn__tree_merge(L->a, base, t);
    }
    L->depth--;

    scn_node *tree = tx.root;
    if (!tree) {
        L->broken = true;
        return NULL;
    }
    if (base) {
        scn__tree_merge(L->a, base, tree);
        return base;
    }
    return tree;
}

static mdl_model *finish(loader *L, scn_node *root, const char *shown, const char *dir,
                         const char *const *sets, size_t nsets, size_t before, scn_diags *warnings,
                         unsigned checks) {
    mdl_model *m = NULL;
    if (root && !L->broken && !L->a->failed) {
        for (size_t i = 0; i < nsets; i++)
            if (sets[i]) scn__tree_set(L->a, root, sets[i], (int)i + 1, L->d);
        scn_build_env env = {shown, dir, L->a, L->d, warnings};
        m = scn__build(&env, root);
    }
    /* Out of memory: said even after other messages, which it may have
     * caused (a part of the scene that could not be kept looks missing). */
    if (L->a->failed) scn_diags_add(L->d, shown, 0, NULL, "out of memory while loading the scene");
    if (m && scn_diags_count(L->d) != before) {
        mdl_model_free(m);
        m = NULL;
    }
    if (m && warnings) {
        scn_build_env env = {shown, dir, L->a, L->d, NULL};
        if (checks & SCN_CHECK_LAYOUT) {
            scn__layout_warnings(&env, root, m, warnings);
            scn__people_warnings(&env, root, m, warnings);
        }
        if (checks & SCN_CHECK_TRIAL) scn__trial_warnings(&env, root, m, warnings);
    }
    scn_diags_sort(L->d);
    return m;
}

/* A loader for one load, with its arena (whose allocator is alloc). */
static void loader_init(loader *L, scn_arena *a, scn_diags *diags, sim_alloc_fn *alloc, void *alloc_ctx) {
    scn__arena_init(a, alloc, alloc_ctx);
    memset(L, 0, sizeof *L);
    L->a = a;
    L->d = diags;
    L->budget = SCN_MAX_VALUES;
}

mdl_model *scn_load_buffer(const char *name, const char *text, size_t len, const char *include_dir,
                           const char *const *sets, size_t nsets, scn_diags *diags) {
    return scn_load_buffer_alloc(name, text, len, include_dir, sets, nsets, diags, NULL, NULL);
}

mdl_model *scn_load_buffer_alloc(const char *name, const char *text, size_t len, const char *include_dir,
                                 const char *const *sets, size_t nsets, scn_diags *diags, sim_alloc_fn *alloc,
                                 void *alloc_ctx) {
    if (!diags) return NULL;
    size_t before = scn_diags_count(diags);
    scn_arena a;
    loader L;
    loader_init(&L, &a, diags, alloc, alloc_ctx);
    const char *shown = scn__strdup(&a, name ? name : "scene");
    scn_node *root = NULL;
    if (shown) {
        char *copy = scn__alloc(&a, len + 1);
        if (copy) {
            if (len) memcpy(copy, text, len);
            copy[len] = '\0';
            root = load_text(&L, shown, NULL, include_dir ? scn__strdup(&a, include_dir) : NULL, copy, len);
        }
    }
    mdl_model *m = finish(&L, root, shown ? shown : "scene",
                          include_dir ? scn__strdup(&a, include_dir) : NULL, sets, nsets, before, NULL, 0);
    scn__arena_fini(&a);
    return m;
}

mdl_model *scn_load_file(const char *path, const char *const *sets, size_t nsets, scn_diags *diags) {
    return scn_load_file_checked(path, sets, nsets, diags, NULL);
}

static mdl_model *load_file(const char *path, const char *const *sets, size_t nsets, scn_diags *diags,
                            scn_diags *warnings, unsigned checks, sim_alloc_fn *alloc, void *alloc_ctx);

mdl_model *scn_load_file_checked(const char *path, const char *const *sets, size_t nsets, scn_diags *diags,
                                 scn_diags *warnings) {
    return load_file(path, sets, nsets, diags, warnings, SCN_CHECK_LAYOUT, NULL, NULL);
}

mdl_model *scn_load_file_checks(const char *path, const char *const *sets, size_t nsets, scn_diags *diags,
                                scn_diags *warnings, unsigned checks) {
    return load_file(path, sets, nsets, diags, warnings, checks, NULL, NULL);
}

mdl_model *scn_load_file_alloc(const char *path, const char *const *sets, size_t nsets, scn_diags *diags,
                               scn_diags *warnings, sim_alloc_fn *alloc, void *alloc_ctx) {
    return load_file(path, sets, nsets, diags, warnings, SCN_CHECK_LAYOUT, alloc, alloc_ctx);
}

static mdl_model *load_file(const char *path, const char *const *sets, size_t nsets, scn_diags *diags,
                            scn_diags *warnings, unsigned checks, sim_alloc_fn *alloc, void *alloc_ctx) {
    if (!diags) return NULL;
    size_t before = scn_diags_count(diags);
    if (!path || !*path) {
        scn_diags_add(diags, "scene", 0, NULL, "no scene file given");
        return NULL;
    }
    scn_arena a;
    loader L;
    loader_init(&L, &a, diags, alloc, alloc_ctx);
    char err[600];
    size_t len = 0;
    scn_node *root = NULL;
    char *text = scn__read_file(&a, path, &len, err, sizeof err);
    const char *dir = scn__dirname(&a, path);
    if (!text) {
        scn_diags_add(diags, path, 0, NULL, "cannot open the scene: %s", err);
        L.broken = true;
    } else {
        char realbuf[PATH_MAX];
        const char *real = realpath(path, realbuf) ? scn__strdup(&a, realbuf) : NULL;
        root = load_text(&L, path, real, dir, text, len);
    }
    mdl_model *m = finish(&L, root, path, dir, sets, nsets, before, warnings, checks);
    scn__arena_fini(&a);
    return m;
}
