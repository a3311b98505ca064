/*
 * scn_internal.h - shared between the scene loader's source files.
 *
 * The loader works on its own small tree (scn_node) rather than on
 * libconfig's settings: trees of several files are layered (@include) and
 * overridden (--set) before anything is checked, and every node remembers
 * the file and line it came from so that messages can name them. All nodes
 * and strings of one load live in one arena, freed at once.
 */
#ifndef SCN_INTERNAL_H
#define SCN_INTERNAL_H

#include <stdarg.h>

#include <stdbool.h>
#include <stddef.h>

#include "mdl_model.h"
#include "scn_diag.h"
#include "sim_dist.h"

/* ---- arena ---------------------------------------------------------- */

typedef struct scn_chunk scn_chunk;
typedef struct scn_arena {
    scn_chunk *head;
    bool failed;            /* an allocation failed at some point */
} scn_arena;

void scn__arena_init(scn_arena *a);
void scn__arena_fini(scn_arena *a);
/* Zeroed memory from the arena; NULL (and a->failed) when out of memory. */
void *scn__alloc(scn_arena *a, size_t n);
char *scn__strdup(scn_arena *a, const char *s);
char *scn__strndup(scn_arena *a, const char *s, size_t n);
char *scn__printf(scn_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- tree ------------------------------------------------------------ */

typedef enum scn_kind {
    SCN_GROUP = 0,   /* { key = value; ... } */
    SCN_LIST,        /* ( value, ... )       */
    SCN_ARRAY,       /* [ scalar, ... ]      */
    SCN_INT,
    SCN_FLOAT,
    SCN_STRING,
    SCN_BOOL
} scn_kind;

typedef struct scn_node scn_node;
struct scn_node {
    scn_kind kind;
    const char *name;   /* key within a group; NULL for list/array elements */
    const char *file;   /* display name of the file (or "--set") */
    int line;
    long long i;        /* SCN_INT (and SCN_BOOL: 0/1) */
    double f;           /* SCN_FLOAT */
    const char *s;      /* SCN_STRING */
    scn_node **kids;    /* aggregates */
    size_t nkids, capkids;
};

scn_node *scn__node_new(scn_arena *a, scn_kind kind, const char *name,
                        const char *file, int line);
bool scn__node_append(scn_arena *a, scn_node *parent, scn_node *kid);
bool scn__node_insert(scn_arena *a, scn_node *parent, size_t at, scn_node *kid);
void scn__node_remove(scn_node *parent, size_t at);
/* Member of a group by key, or NULL. */
scn_node *scn__node_member(const scn_node *group, const char *name);
/* The `id` string of a group, or NULL. */
const char *scn__node_id(const scn_node *n);
bool scn__node_is_aggregate(const scn_node *n);
/* "a group { ... }", "a string" ... for messages. */
const char *scn__kind_phrase(scn_kind k);
/* Writes a short rendering of a scalar node for messages: "fast" (quoted),
 * 42, 1.5, true; aggregates as their phrase. */
void scn__node_show(const scn_node *n, char *buf, size_t size);

/* Layers `over` onto `base` (both root groups): see scn_scene.h. */
void scn__tree_merge(scn_arena *a, scn_node *base, scn_node *over);
/* Applies one "PATH=VALUE" override (number `index`, from 1) to the root
 * group; problems go to diags as "--set:index: ...". */
void scn__tree_set(scn_arena *a, scn_node *root, const char *set, int index,
                   scn_diags *d);
/* Checks the form of an override. */
bool scn__set_split(const char *set, char *err, size_t err_size);

/* ---- text: syntax, includes --------------------------------------------- */

typedef struct scn_include {
    const char *path;   /* as written */
    int line;
} scn_include;

typedef struct scn_text {
    char *text;             /* the file prepared for libconfig (NUL-ended) */
    size_t len;
    scn_include *includes;
    size_t nincludes;
    bool syntax_ok;         /* our own check found no syntax error */
    int error_line;         /* otherwise: where to report it */
    char error[512];        /* and what to say */
    bool fatal;             /* an error libconfig must not see (too deep) */
} scn_text;

/* Checks the syntax of src (len bytes) and prepares it for libconfig:
 * @include lines are blanked out (and listed), integers in arrays that mix
 * them with floats become floats, integers too large for 32 bits without
 * `L` are reported and widened. Meaning-level problems found on the way go
 * to diags; the first syntax error is left in out->error for the caller,
 * which trusts libconfig's verdict on whether there is one. */
void scn__text_prepare(scn_arena *a, const char *file, const char *src, size_t len,
                       scn_text *out, scn_diags *d);

/* ---- values ------------------------------------------------------------ */

/* Levenshtein distance, case-insensitive, capped at 64. */
int scn__edit_distance(const char *a, const char *b);
/* Writes " (did you mean 'x'?)" or "" into buf. */
void scn__hint(const char *word, const char *const *cands, size_t n, char *buf,
               size_t size);

/* ---- build -------------------------------------------------------------- */

typedef struct scn_build_env {
    const char *top_file;   /* display name of the top scene file */
    const char *top_dir;    /* directory for files named by the scene (CSV);
                               NULL forbids them */
    scn_arena *arena;
    scn_diags *diags;
} scn_build_env;

/* Reports a problem of the scene at node `at` (NULL: the top file, line 1)
 * as "file:line: subject: message" to env->diags. */
void scn__vproblem(scn_build_env *env, const scn_node *at, const char *subject, const char *fmt,
                   va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 0)))
#endif
    ;

/* Checks the layered tree and builds the model; NULL when any problem was
 * reported (or memory ran out). */
mdl_model *scn__build(scn_build_env *env, const scn_node *root);

/* The material-handling keys (scn_transport.c): the root's `paths`,
 * `fleets`, `robots` and `conveyors`, each station's `node` and
 * `out_capacity`, each product's `transport`. Called once stations and
 * products are in m; false when it reported any problem. */
bool scn__transport_build(scn_build_env *env, const scn_node *root, mdl_model *m);
/* Runs the model's layout check and appends each finding to warnings as
 * `file:line: subject: warning: ...`, the file found in the layered tree. */
void scn__layout_warnings(scn_build_env *env, const scn_node *root, const mdl_model *m, scn_diags *warnings);

/* Reads a whole regular file (at most SCN_MAX_FILE_SIZE bytes) into the
 * arena; NULL with the reason ("No such file or directory") in err. */
char *scn__read_file(scn_arena *a, const char *path, size_t *len, char *err,
                     size_t err_size);
/* dirname of a path into the arena ("." when none). */
char *scn__dirname(scn_arena *a, const char *path);
/* path resolved against dir (absolute paths kept). */
char *scn__join(scn_arena *a, const char *dir, const char *path);

#endif
