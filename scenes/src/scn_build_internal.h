/*
 * scn_build_internal.h - shared between the files of the scene builder
 * (scn_build*.c): the build's state and the small helpers every entity's
 * builder uses. Private to scenes/src.
 *
 * The builder is split by entity: scn_build.c (entry point, the scene's
 * top level, run, the size of a run), scn_build_calendar.c (shifts and
 * calendars), scn_build_station.c, scn_build_product.c (products, routes,
 * setup rules), scn_build_release.c (release, orders incl. order files),
 * scn_build_cost.c (costs, targets, investment). Transport lives in
 * scn_transport.c.
 */
#ifndef SCN_BUILD_INTERNAL_H
#define SCN_BUILD_INTERNAL_H

#include "mdl_transport.h"
#include "scn_internal.h"
#include "scn_keys.h"
#include "scn_scene.h"
#include "sim_units.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct station_ref {
    const char *id;
    const scn_node *node;
    int index;          /* in the model, -1 if not added */
    bool ok;            /* passed its checks */
    bool has_cycle;
    const scn_node *setups; /* its `setups` list, applied after products */
    const char *subject;
} station_ref;

typedef struct bctx {
    scn_build_env *env;
    scn_arena *a;
    scn_diags *d;
    mdl_model *m;
    bool failed;
    double start;       /* run.start, s after Monday 00:00 */
    station_ref *st;
    size_t nst;
    const char **st_ids;
    const char **prod_ids;
    int *prod_index;
    size_t nprod;
    const char **cal_ids;
    int *cal_index;
    size_t ncal;
    /* The same ids by hash (scn_index), filled as they are read: a lookup
     * in O(1) instead of a scan (a plant of 10,000 stations made loading
     * quadratic). When memory for one ran out, its lookups scan. */
    scn_index st_ix, prod_ix, cal_ix;
    bool st_ix_failed, prod_ix_failed, cal_ix_failed;
    /* Order ids seen so far (all release entries, inline and CSV): an open
     * hash table of (id, where), malloc'd, freed at the end of the build. */
    struct order_seen *orders_seen;
    size_t norders_seen, cap_orders_seen;
    /* Setup rules given so far, to refuse one given twice. */
    struct setup_seen *setups_seen;
    size_t nsetups_seen;
    /* For the estimate of a run's size: units per second released by push
     * sources, and whether any other release (conwip, orders ...) exists. */
    double push_rate;
    bool not_only_push;
} bctx;

/* ---- small helpers ---------------------------------------------------------- */

/* The model refused what the scene asked of it: its message for `g`. */
static inline void model_problem(bctx *b, const scn_node *g, const char *subject) {
    scn__model_problem(b->env, g, subject, mdl_model_error(b->m));
    b->failed = true;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static inline void problem(bctx *b, const scn_node *at, const char *subject, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    scn__vproblem(b->env, at, subject, fmt, ap);
    va_end(ap);
    b->failed = true;
}

static inline const char *show(const scn_node *n, char *buf, size_t size) {
    scn__node_show(n, buf, size);
    return buf;
}

static inline const scn_node *member(const scn_node *g, const char *key) {
    return scn__node_member(g, key);
}

/* The outcome of one of the key reader's checks (scn_keys.h): a refused
 * value has been reported and fails the build. */
static inline bool checked(bctx *b, bool ok) {
    if (!ok) b->failed = true;
    return ok;
}

/* A value that must be of one kind. */
static inline bool want_kind(bctx *b, const scn_node *n, scn_kind kind, const char *subject, const char *key,
                             const char *example) {
    return checked(b, scn__want_kind(b->env, n, kind, subject, key, example));
}

static inline const char *subject_of(bctx *b, const char *what, const char *id, size_t index) {
    if (id) return scn__printf(b->a, "%s '%s'", what, id);
    return scn__printf(b->a, "%s #%zu", what, index + 1);
}

static inline int find_name(const char *const *names, size_t n, const char *id) {
    for (size_t i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], id) == 0) return (int)i;
    return -1;
}

/* An id read so far through its index (the first of that name), or -1;
 * the scan of names[0 .. n) when the index ran out of memory. */
static inline int find_indexed(const scn_index *ix, bool failed, const char *const *names, size_t n,
                               const char *id) {
    if (failed) return find_name(names, n, id);
    size_t v;
    return id && scn__index_get(ix, id, &v) ? (int)v : -1;
}

/* Records names[i] = id in the index as well. */
static inline void record_indexed(scn_index *ix, bool *failed, const char **names, size_t i, const char *id) {
    names[i] = id;
    if (!*failed && !scn__index_put(ix, id, i)) *failed = true;
}

static inline int find_station(bctx *b, const char *id) {
    return find_indexed(&b->st_ix, b->st_ix_failed, b->st_ids, b->nst, id);
}

static inline int find_product(bctx *b, const char *id) {
    return find_indexed(&b->prod_ix, b->prod_ix_failed, b->prod_ids, b->nprod, id);
}

static inline int find_calendar(bctx *b, const char *id) {
    return find_indexed(&b->cal_ix, b->cal_ix_failed, b->cal_ids, b->ncal, id);
}

static inline void unknown_name(bctx *b, const scn_node *at, const char *subject, const char *key,
                                const char *what, const char *id, const char *const *names, size_t n) {
    scn__unknown_name(b->env, at, subject, key, what, id, names, n);
    b->failed = true;
}

/* Ids: printable, no spaces, no '.' (it separates --set path parts). */
bool scn__check_id(bctx *b, const scn_node *n, const char *what);
/* A list of groups (a single group is refused with a hint). */
bool scn__want_list_of_groups(bctx *b, const scn_node *n, const char *subject, const char *example);
/* A group like `example` ("expected a group like ..., got ..."). */
bool scn__want_group(bctx *b, const scn_node *n, const char *subject, const char *example);
/* What is said about a top-level list that a scene needs. */
typedef struct scn_required {
    const char *need;       /* "a scene needs a list of stations" */
    const char *example;    /* of the list: "( { id = \"saw\"; ... } )" */
    const char *empty;      /* why an empty list is refused */
    const char *or_else;    /* said after the example ("" or " or conwip = 20") */
} scn_required;
/* The top-level list `key` that a scene needs, with at least one entry:
 * false (reported) when it is missing ("no 'key': need, e.g. key =
 * example;or_else"), not a list of groups, or empty. */
bool scn__required_list(bctx *b, const scn_node *l, const char *key, const scn_required *say);

/* ---- the entities (each in its scn_build_*.c) ------------------------------- */

/* scn_build_calendar.c */
void scn__build_shifts(bctx *b, const scn_node *sh);
/* A station's `calendar`: the model's calendar index, -2 when refused
 * (reported) or when that calendar failed its own checks. */
int scn__resolve_calendar(bctx *b, const scn_node *n, const char *subject);
/* scn_build_station.c */
void scn__build_stations(bctx *b, const scn_node *sl);
/* scn_build_product.c */
void scn__build_products(bctx *b, const scn_node *pl);
void scn__build_setups(bctx *b);
/* scn_build_release.c */
void scn__build_release(bctx *b, const scn_node *rl);
/* scn_family.c: a product's `options` (pi: its model index), and the
 * variant an order names (options text, or NULL; `n` the node it comes
 * from, or NULL for a CSV cell): false when refused (reported at `at`). */
void scn__family_read(bctx *b, const scn_node *on, const char *subject, int pi);
bool scn__order_variant(bctx *b, const scn_node *at, const char *subject, int product, const scn_node *n,
                        const char *text, long *variant);
/* scn_route_step.c: a route step written as a group, read into spec
 * (stations as indexes among b->st) with its first station's name; false
 * when refused (reported). scn__route_step_apply gives it to the model. */
struct mdl_step_spec;
bool scn__route_step_read(bctx *b, const scn_node *g, const char *subject, struct mdl_step_spec *spec,
                          const char **first);
void scn__route_step_apply(bctx *b, const scn_node *g, const char *subject, int pi, int step,
                           const struct mdl_step_spec *spec);
/* A step's `when` group (option = values), given to the model for step
 * `step` of product pi, a family; false when refused (reported). */
bool scn__route_when_apply(bctx *b, const scn_node *wn, const char *subject, int pi, int step);
/* scn_kanban.c: the scene's `kanban` loops. */
void scn__build_kanban(bctx *b, const scn_node *kl);
/* Bills of materials (scn_bom.c): after products and releases. */
void scn__build_boms(bctx *b, const scn_node *pl);
/* scn_build_cost.c */
void scn__build_costs(bctx *b, const scn_node *c);
void scn__build_targets(bctx *b, const scn_node *t);
void scn__build_investment(bctx *b, const scn_node *inv);

#endif
