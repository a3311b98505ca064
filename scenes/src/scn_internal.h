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
#include "sim_world.h"

/* ---- arena ---------------------------------------------------------- */

typedef struct scn_chunk scn_chunk;
typedef struct scn_arena {
    scn_chunk *head;
    bool failed;            /* an allocation failed at some point */
    sim_alloc_fn *alloc;    /* every allocation of the load (NULL: the C library) */
    void *alloc_ctx;
} scn_arena;

/* An arena whose chunks, and the load's scratch memory (scn__mem), come
 * from fn (sim_alloc_fn's contract; NULL: the C library). */
void scn__arena_init(scn_arena *a, sim_alloc_fn *fn, void *ctx);
/* Grows, shrinks or frees (size 0) a scratch block through the arena's
 * allocator (a NULL: the C library): the one allocator seam of the scene
 * loader. NULL when out of memory (and a->failed is set). */
void *scn__mem(scn_arena *a, void *p, size_t size);
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

/* A map from names to positions, for the lookups that would otherwise
 * scan a group's members or a list's entries once per key (quadratic in
 * a group of 100,000 keys). Keys are not copied: they must outlive the
 * index. Memory from the arena's allocator (scn__mem); scn__index_fini
 * frees it. */
typedef struct scn_index {
    const char **key;
    size_t *val;
    size_t cap, n;
    scn_arena *a;           /* whose allocator the index uses (scn__mem) */
} scn_index;

/* Adds key -> val unless key is there already (the first one stays);
 * false when out of memory. */
bool scn__index_put(scn_index *ix, const char *key, size_t val);
/* Adds or replaces key -> val; false when out of memory. */
bool scn__index_set(scn_index *ix, const char *key, size_t val);
/* The value of key, or false when absent. */
bool scn__index_get(const scn_index *ix, const char *key, size_t *val);
void scn__index_fini(scn_index *ix);

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
    scn_node *root;         /* the file's tree; NULL after a syntax error */
    scn_include *includes;  /* top-level @include lines, in order */
    size_t nincludes, capincludes;
    bool syntax_ok;         /* no syntax error */
    bool over_limit;        /* the error is SCN_MAX_VALUES */
    int error_line;         /* otherwise: where to report it */
    char error[512];        /* and what to say */
} scn_text;

/* Reads one scene file src (len bytes) into out->root, a root group whose
 * nodes name `file`. @include lines are listed in out (not followed).
 * Every node made is counted down from *budget (values the load may still
 * make); at 0 the file fails as over the limit. Meaning-level problems
 * found on the way (an integer too large) go to diags; the first syntax
 * error is left in out->error for the caller. Linear in len. */
void scn__text_parse(scn_arena *a, const char *file, const char *src, size_t len, size_t *budget,
                     scn_text *out, scn_diags *d);

/* The first byte of s[0..n) that is not well-formed UTF-8 (stray or
 * overlong bytes, surrogates), or n when all of it is. */
size_t scn__utf8_bad_at(const char *s, size_t n);

/* ---- values ------------------------------------------------------------ */

/* A number node as a whole number: an integer, or a float with no
 * fraction (2.0 is 2). False with the reason in err ("expected a whole
 * number, got 2.5", "1e+300 is too large"). Every whole-number key reads
 * its value through this, so that all entities accept the same. */
bool scn__whole_number(const scn_node *n, long long *out, char *err, size_t err_size);
/* "too large (not a finite number)" or "not a number" for a value v that
 * is not finite. */
const char *scn__not_finite(double v);

/* Levenshtein distance, case-insensitive, capped at 64. */
int scn__edit_distance(const char *a, const char *b);
/* Writes " (did you mean 'x'?)" or "" into buf. */
void scn__hint(const char *word, const char *const *cands, size_t n, char *buf,
               size_t size);

/* scn_parse_dist with its scratch memory from the arena's allocator
 * (scn__mem; a NULL: the C library). */
bool scn__parse_dist_in(scn_arena *a, const char *text, mdl_model *m, sim_dist *out, char *err, size_t err_size);

/* ---- build -------------------------------------------------------------- */

typedef struct scn_build_env {
    const char *top_file;   /* display name of the top scene file */
    const char *top_dir;    /* directory for files named by the scene (CSV);
                               NULL forbids them */
    scn_arena *arena;
    scn_diags *diags;
    scn_diags *warnings;    /* for `check`: findings that do not make the scene
                               invalid (a run's size); NULL: none wanted */
} scn_build_env;

/* Reports a problem of the scene at node `at` (NULL: the top file, line 1)
 * as "file:line: subject: message" to env->diags. */
void scn__vproblem(scn_build_env *env, const scn_node *at, const char *subject, const char *fmt,
                   va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 0)))
#endif
    ;

/* scn__vproblem with the arguments given. */
void scn__problem(scn_build_env *env, const scn_node *at, const char *subject, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Reports the model's refusal `error` of the object written as group `g`
 * with `subject`: the object's name is said once (a model message names it
 * too, "station 'saw': cycle: ..."), and the line is that of the member the
 * message is about when `g` has it (so an overridden value is blamed on its
 * --set), else that of g. */
void scn__model_problem(scn_build_env *env, const scn_node *g, const char *subject, const char *error);

/* Checks the layered tree and builds the model; NULL when any problem was
 * reported (or memory ran out). */
mdl_model *scn__build(scn_build_env *env, const scn_node *root);

/* The material-handling keys (scn_transport.c): the root's `paths`,
 * `fleets`, `robots` and `conveyors`, each station's `node` and
 * `out_capacity`, each product's `transport`. Called once stations and
 * products are in m; false when it reported any problem. */
bool scn__transport_build(scn_build_env *env, const scn_node *root, mdl_model *m);
/* scn_asrs.c: reads an entry of `asrs` (its keyreader begun; ok: its id is
 * fine) and adds it unless ok is false or a key was refused (*failed then
 * set); true when the model refused it (mdl_model_error says why). */
struct scn_keyreader;
bool scn__asrs_read(struct scn_keyreader *r, const scn_node *root, bool ok, bool *failed);
/* scn_dock.c: an entry of `docks` (true when the model refused it; *failed
 * when a key was refused), and a product's `from` and `to` (before its
 * `transport`, which may then name the last station and the dock). */
bool scn__dock_read(struct scn_keyreader *r, const scn_node *root, bool ok, bool *failed);
/* An entry's `node` (a node of paths.nodes) into *node (left as is when
 * absent); false when refused (said at the key, or at the node's entry). */
bool scn__key_path_node(struct scn_keyreader *r, const scn_node *root, int *node);
bool scn__product_ends(scn_build_env *env, const scn_node *root, mdl_model *m, const scn_node *g, int p, const char *sj);
/* After its transport: a product's `to` has a transport from its last station (false: said). */
bool scn__product_to_check(scn_build_env *env, mdl_model *m, const scn_node *g, int p, const char *sj);
/* scn_conveyor.c: reads an entry of `merges` / `diverters` (its keyreader
 * begun; ok: its id is there; root: the scene, to know the entries it
 * names that have their own message); true when the model refused it (the
 * caller says why); *failed when a key was refused. Then, once products'
 * transport is read, the check that every belt step reaches its station
 * (false when reported). */
bool scn__merge_read(struct scn_keyreader *r, const scn_node *root, bool ok, bool *failed);
bool scn__diverter_read(struct scn_keyreader *r, const scn_node *root, bool ok, bool *failed);
bool scn__conveyor_net_check(scn_build_env *env, const scn_node *root, mdl_model *m);
/* The AS/RS entries' `initial_stock` (scn_asrs_stock.c), after the products' route ends
 * (ends_failed: some were refused, so a product not released into the AS/RS is not told again). */
bool scn__asrs_stock_build(scn_build_env *env, const scn_node *root, mdl_model *m, bool ends_failed);
/* People (scn_people.c): the root's `pools`, each station's `people` and
 * `key`. Called once stations, products and calendars are in m; false
 * when it reported any problem. */
bool scn__people_build(scn_build_env *env, const scn_node *root, mdl_model *m);

/* From the model's words back to the scene (scn_subject.c). */
/* The entry of list `l` (NULL or not a list: none) whose id is the idlen
 * bytes of `id`, or NULL; entries refused with a message of their own
 * count too (to not report an unknown name twice). */
const scn_node *scn__entry_by_id(const scn_node *l, const char *id, size_t idlen);
/* Was an entry of this id (NULL: no) written in list l? */
bool scn__written(const scn_node *l, const char *id);
/* scn_calendar_ref.c: r's `calendar` (a calendar id of the model) into
 * *cal; true when absent or read, false (r->failed, reported) when refused.
 * root: the scene's root (a refused calendar is not reported twice). */
struct scn_keyreader;
bool scn__key_calendar(struct scn_keyreader *r, const scn_node *root, int *cal);
/* The entry of the layered tree that `subject` ("station 'cnc'", "node
 * 'n1'", "edge n1-n2") names, or the part of it on `line` (> 0: the
 * model's source line); else any group on `line`; NULL when none. */
const scn_node *scn__subject_node(const scn_node *root, const char *subject, int line);
/* Reports the model check's refusal `error` (mdl_model_validate) at the
 * entry its subject names and the member it is about ("station 'oven':
 * batch: ..." at the station's `batch`); the top file's line 1 only when
 * the scene wrote nothing it could be about. */
void scn__model_check_problem(scn_build_env *env, const scn_node *root, const char *error);
/* Appends the people check's warnings (mdl_model_people_check). */
void scn__people_warnings(scn_build_env *env, const scn_node *root, const mdl_model *m, scn_diags *warnings);
/* Runs the model's layout check and appends each finding to warnings as
 * `file:line: subject: warning: ...`, the file found in the layered tree. */
void scn__layout_warnings(scn_build_env *env, const scn_node *root, const mdl_model *m, scn_diags *warnings);
/* Runs the trial of the traffic (mdl_trial.h, scn_trial.c) of a model with
 * fleets and appends a warning at each fleet that met a deadlock. */
void scn__trial_warnings(scn_build_env *env, const scn_node *root, const mdl_model *m, scn_diags *warnings);

/* Reads a whole regular file (at most SCN_MAX_FILE_SIZE bytes) into the
 * arena; NULL with the reason ("No such file or directory", "it is a
 * directory", "not a regular file") in err. Never blocks on a FIFO or a
 * device. */
char *scn__read_file(scn_arena *a, const char *path, size_t *len, char *err,
                     size_t err_size);
/* dirname of a path into the arena ("." when none). */
char *scn__dirname(scn_arena *a, const char *path);
/* path resolved against dir (absolute paths kept). */
char *scn__join(scn_arena *a, const char *dir, const char *path);

#endif
