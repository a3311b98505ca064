/*
 * scn_load.c - reading scene files: @include layering, libconfig parsing,
 * overrides, then the build (scn_build.c).
 *
 * @include is handled here, not by libconfig: libconfig would resolve the
 * path against the working directory, report errors inside the included
 * file under the including file's name, and paste the text in place, so
 * that a retrofit scene could not redefine a key of its baseline (libconfig
 * refuses a key set twice). Instead every file is parsed on its own and
 * the trees are layered: the included scene is the base, the including
 * scene is merged over it.
 */
/* realpath() and PATH_MAX are XSI. */
#define _XOPEN_SOURCE 700

#include "scn_internal.h"
#include "scn_scene.h"

#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct loader {
    scn_arena *a;
    scn_diags *d;
    const char *stack[SCN_MAX_INCLUDE_DEPTH + 2];   /* real paths being loaded */
    const char *stack_shown[SCN_MAX_INCLUDE_DEPTH + 2];
    int depth;
    bool broken;    /* a file could not be read or parsed: stop before the build */
} loader;

static void describe_errno(int e, char *buf, size_t size) {
    if (strerror_r(e, buf, size) != 0) snprintf(buf, size, "error %d", e);
}

char *scn__read_file(scn_arena *a, const char *path, size_t *len, char *err, size_t err_size) {
    struct stat st;
    char why[128];
    if (stat(path, &st) != 0) {
        describe_errno(errno, why, sizeof why);
        snprintf(err, err_size, "%s", why);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, err_size, "it is a directory");
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "not a regular file");
        return NULL;
    }
    if ((unsigned long long)st.st_size > SCN_MAX_FILE_SIZE) {
        snprintf(err, err_size, "larger than %u MB", SCN_MAX_FILE_SIZE / (1024u * 1024u));
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        describe_errno(errno, why, sizeof why);
        snprintf(err, err_size, "%s", why);
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1;
    char *buf = scn__alloc(a, cap + 1);
    if (!buf) {
        fclose(f);
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    /* Read one byte more than stat said, to notice a file that grew. */
    size_t n = fread(buf, 1, cap, f);
    bool bad = ferror(f) != 0;
    int e = errno;
    fclose(f);
    if (bad) {
        describe_errno(e, why, sizeof why);
        snprintf(err, err_size, "%s", why);
        return NULL;
    }
    if (n > SCN_MAX_FILE_SIZE) {
        snprintf(err, err_size, "larger than %u MB", SCN_MAX_FILE_SIZE / (1024u * 1024u));
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
    size_t dl = strlen(dir);
    return scn__printf(a, "%s%s%s", dir, dir[dl - 1] == '/' ? "" : "/", path);
}

/* libconfig's settings into our tree. */
static scn_node *convert(loader *L, const config_setting_t *s, const char *file) {
    scn_kind kind;
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_GROUP: kind = SCN_GROUP; break;
    case CONFIG_TYPE_LIST: kind = SCN_LIST; break;
    case CONFIG_TYPE_ARRAY: kind = SCN_ARRAY; break;
    case CONFIG_TYPE_INT: case CONFIG_TYPE_INT64: kind = SCN_INT; break;
    case CONFIG_TYPE_FLOAT: kind = SCN_FLOAT; break;
    case CONFIG_TYPE_STRING: kind = SCN_STRING; break;
    case CONFIG_TYPE_BOOL: kind = SCN_BOOL; break;
    default: return NULL;
    }
    const char *name = config_setting_name(s);
    int line = (int)config_setting_source_line(s);
    scn_node *n = scn__node_new(L->a, kind, name ? scn__strdup(L->a, name) : NULL, file,
                                line > 0 ? line : 1);
    if (!n) return NULL;
    switch (kind) {
    case SCN_INT: n->i = config_setting_get_int64(s); break;
    case SCN_FLOAT: n->f = config_setting_get_float(s); break;
    case SCN_BOOL: n->i = config_setting_get_bool(s) != 0; break;
    case SCN_STRING: {
        const char *v = config_setting_get_string(s);
        n->s = scn__strdup(L->a, v ? v : "");
        if (!n->s) return NULL;
        break;
    }
    default: {
        int len = config_setting_length(s);
        for (int i = 0; i < len; i++) {
            const config_setting_t *k = config_setting_get_elem(s, (unsigned)i);
            if (!k) continue;
            scn_node *kn = convert(L, k, file);
            if (!kn || !scn__node_append(L->a, n, kn)) return NULL;
        }
    }
    }
    return n;
}

static scn_node *load_text(loader *L, const char *shown, const char *real, const char *dir,
                           const char *src, size_t len);

/* Loads one @include of file `shown` (which resolves includes in `dir`). */
static scn_node *load_include(loader *L, const char *shown, const char *dir, const scn_include *inc) {
    char subject[300];
    snprintf(subject, sizeof subject, "@include \"%.200s\"", inc->path);
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
    return load_text(L, path, real, scn__dirname(L->a, path), text, len);
}

static scn_node *load_text(loader *L, const char *shown, const char *real, const char *dir,
                           const char *src, size_t len) {
    /* A NUL byte means this is no text file; libconfig would stop reading at
     * it and report nonsense. */
    const char *nul = memchr(src, '\0', len);
    if (nul) {
        int line = 1;
        for (const char *p = src; p < nul; p++)
            if (*p == '\n') line++;
        scn_diags_add(L->d, shown, line, "scene",
                      "binary data (a NUL byte at offset %zu): a scene is a text file", (size_t)(nul - src));
        L->broken = true;
        return NULL;
    }

    L->stack[L->depth] = real;
    L->stack_shown[L->depth] = shown;
    L->depth++;

    scn_text tx;
    scn__text_prepare(L->a, shown, src, len, &tx, L->d);
    if (!tx.text) {
        L->depth--;
        L->broken = true;
        return NULL;
    }

    /* Included scenes first: they are the base layers. */
    scn_node *base = NULL;
    for (size_t i = 0; i < tx.nincludes; i++) {
        scn_node *t = load_include(L, shown, dir, &tx.includes[i]);
        if (!t) continue;
        if (!base) base = t;
        else scn__tree_merge(L->a, base, t);
    }
    L->depth--;

    scn_node *tree = NULL;
    if (tx.fatal) {
        scn_diags_add(L->d, shown, tx.error_line, "syntax error", "%s", tx.error);
        L->broken = true;
        return NULL;
    }
    config_t cfg;
    config_init(&cfg);
    config_set_auto_convert(&cfg, 1);
    if (!config_read_string(&cfg, tx.text)) {
        /* libconfig has the last word on whether the file parses; our own
         * recogniser (scn_text.c) usually knows better where and why. */
        if (!tx.syntax_ok)
            scn_diags_add(L->d, shown, tx.error_line, "syntax error", "%s", tx.error);
        else
            scn_diags_add(L->d, shown, config_error_line(&cfg), "syntax error", "%s",
                          config_error_text(&cfg) ? config_error_text(&cfg) : "cannot parse");
        L->broken = true;
    } else {
        tree = convert(L, config_root_setting(&cfg), shown);
        if (!tree) L->broken = true;
        else tree->line = 1;
    }
    config_destroy(&cfg);
    if (!tree) return NULL;
    if (base) {
        scn__tree_merge(L->a, base, tree);
        return base;
    }
    return tree;
}

static mdl_model *finish(loader *L, scn_node *root, const char *shown, const char *dir,
                         const char *const *sets, size_t nsets, size_t before, scn_diags *warnings) {
    mdl_model *m = NULL;
    if (root && !L->broken && !L->a->failed) {
        for (size_t i = 0; i < nsets; i++)
            if (sets[i]) scn__tree_set(L->a, root, sets[i], (int)i + 1, L->d);
        scn_build_env env = {shown, dir, L->a, L->d, warnings};
        m = scn__build(&env, root);
    }
    if (L->a->failed && scn_diags_count(L->d) == before)
        scn_diags_add(L->d, shown, 0, NULL, "out of memory while loading the scene");
    if (m && scn_diags_count(L->d) != before) {
        mdl_model_free(m);
        m = NULL;
    }
    if (m && warnings) {
        scn_build_env env = {shown, dir, L->a, L->d, NULL};
        scn__layout_warnings(&env, root, m, warnings);
    }
    scn_diags_sort(L->d);
    return m;
}

mdl_model *scn_load_buffer(const char *name, const char *text, size_t len, const char *include_dir,
                           const char *const *sets, size_t nsets, scn_diags *diags) {
    if (!diags) return NULL;
    size_t before = scn_diags_count(diags);
    scn_arena a;
    scn__arena_init(&a);
    loader L;
    memset(&L, 0, sizeof L);
    L.a = &a;
    L.d = diags;
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
                          include_dir ? scn__strdup(&a, include_dir) : NULL, sets, nsets, before, NULL);
    scn__arena_fini(&a);
    return m;
}

mdl_model *scn_load_file(const char *path, const char *const *sets, size_t nsets, scn_diags *diags) {
    return scn_load_file_checked(path, sets, nsets, diags, NULL);
}

mdl_model *scn_load_file_checked(const char *path, const char *const *sets, size_t nsets, scn_diags *diags,
                                 scn_diags *warnings) {
    if (!diags) return NULL;
    size_t before = scn_diags_count(diags);
    if (!path || !*path) {
        scn_diags_add(diags, "scene", 0, NULL, "no scene file given");
        return NULL;
    }
    scn_arena a;
    scn__arena_init(&a);
    loader L;
    memset(&L, 0, sizeof L);
    L.a = &a;
    L.d = diags;
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
    mdl_model *m = finish(&L, root, path, dir, sets, nsets, before, warnings);
    scn__arena_fini(&a);
    return m;
}
