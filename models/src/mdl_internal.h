/*
 * mdl_internal.h - the model's storage, shared by the models sources.
 */
#ifndef MDL_INTERNAL_H
#define MDL_INTERNAL_H

#include "mdl_idmap.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_model.h"
#include "sim_world.h"


/* A bump arena for scenario-lifetime data: strings, routes, tables. */
typedef struct mdl_arena_block {
    struct mdl_arena_block *next;
    size_t used;
    size_t size;
    max_align_t data[];
} mdl_arena_block;

typedef struct mdl_product {
    const char *id;
    int *route;
    int nsteps;
    int priority;
    struct mdl_family *fam;  /* options and variants (mdl_family.c); NULL: not a family */
    struct mdl_step **steps; /* per step: flexible or own cycle (mdl_route_flex.c), else NULL; NULL: none */
    struct mdl_route_when *when; /* steps that depend on the options (mdl_route_when.c); NULL: none */
} mdl_product;

/* Does step `step` of p depend on the options (a `when`, mdl_route_when.c)?
 * Then a variant may skip it: checks of "the next step" look further. */
bool mdl__step_conditional(const mdl_product *p, int step);

typedef struct mdl_bom_line {
    int product, component, quantity;
} mdl_bom_line;

typedef enum mdl_release_kind {
    MDL_RELEASE_PUSH = 0,
    MDL_RELEASE_CONWIP,
    MDL_RELEASE_UNLIMITED
} mdl_release_kind;

typedef struct mdl_release {
    mdl_release_kind kind;
    int product;
    sim_dist interarrival;
    double start;
    long limit;
    int wip;
    int index_for_product; /* k-th source of this product: stable stream id */
} mdl_release;

typedef struct mdl_order {
    const char *id;
    int product;
    long quantity;
    double release;
    double due;
    uint32_t variant; /* of a family (mdl_family.c); 0 otherwise */
} mdl_order;

typedef struct mdl_cycle_rule {
    int product;
    int station;
    sim_dist d;
} mdl_cycle_rule;

typedef struct mdl_setup_rule {
    int station;
    int from;
    int to;
    sim_dist d;
} mdl_setup_rule;

typedef struct mdl_interval {
    double a, b;       /* [a, b) in seconds into the week */
    const char *name;  /* shift name (shifts only) */
} mdl_interval;

typedef struct mdl_calendar {
    const char *id;
    mdl_interval *shifts;
    int nshifts, cap_shifts;
    mdl_interval *breaks;
    int nbreaks, cap_breaks;
    /* On-intervals: shifts minus breaks, merged, sorted, within [0, WEEK). */
    mdl_interval *on;
    int non;
} mdl_calendar;

/* Growable array helper: ensures room for one more element. */
bool mdl__grow(void **ptr, int *cap, int len, size_t elem);
/* The same for an array that lives as long as the model, in its arena:
 * the old copy stays there (at most as much again as the final size) and
 * goes with the arena, so the array needs no free. */
bool mdl__arena_grow(struct mdl_model *m, void **ptr, int *cap, int len, size_t elem);
/* Room for one more entry of a model's growable array and a copy of the
 * new entry's id in the arena: the copy, or NULL after mdl__fail("out of
 * memory"). The caller fills entry n and counts it. */
const char *mdl__grow_id(struct mdl_model *m, void **ptr, int *cap, int len, size_t elem, const char *id);
#define MDL_GROW_ID(m, arr, n, cap, id) \
    mdl__grow_id((m), (void **)&(m)->arr, &(m)->cap, (m)->n, sizeof *(m)->arr, (id))

/* A growable array of entities of one kind, each found by its id through
 * an id map (mdl_idmap.h): the array, its count and capacity, the size of
 * an entry and the place of its id (the transport kinds make one from
 * their tr_kind, mdl_transport_build.h). */
typedef struct mdl_entities {
    void **arr;
    int *n, *cap;
    size_t elem, id_offset;
    mdl_idmap *ids;
} mdl_entities;
/* The id of a new entity of kind `what` ("dock"; `noun` in the message,
 * "AS/RS"): non-empty and not found by `find` (the kind's finder) yet.
 * False after mdl__fail. */
bool mdl__new_id(struct mdl_model *m, const char *what, const char *noun, const char *id,
                 int (*find)(const struct mdl_model *, const char *));
/* Appends a copy of *spec (e->elem bytes) as entry *e->n: room made, its
 * id copied into the arena, the id map told. The new entry, or NULL after
 * mdl__fail("out of memory"). The caller finishes the entry and counts it. */
void *mdl__entity_add(struct mdl_model *m, const mdl_entities *e, const void *spec);

/* Defines an enum's public name function `const char *fn(type k)`: the
 * k-th of the names (scene files, JSON, CSV: extend, never rename), "?"
 * out of range. The names must be `count`, one per value: a missing one
 * does not compile. */
#define MDL_NAMES(fn, type, count, ...)                                                      \
    static const char *const fn##_names[] = {__VA_ARGS__};                                   \
    const char *fn(type k) { return (unsigned)k < (unsigned)(count) ? fn##_names[k] : "?"; } \
    _Static_assert(sizeof fn##_names / sizeof *fn##_names == (count), #fn ": one name per value")

/* The names of the KPI sets (mdl_kpis.h; mdl_names.c), each beside the
 * code that computes its KPIs: {key, label} per KPI, or the keys only. */
extern const char *const mdl__kpi_names[][2], *const mdl__skpi_names[][2];
extern const char *const mdl__okpi_names[], *const mdl__bkpi_names[][2], *const mdl__pkpi_names[][2];
extern const char *const mdl__fkpi_names[][2], *const mdl__rkpi_names[][2], *const mdl__ckpi_names[][2];
extern const char *const mdl__poolkpi_names[][2], *const mdl__peoplekpi_names[][2];
extern const char *const mdl__wkpi_names[][2], *const mdl__dkpi_names[][2];
extern const char *const mdl__akpi_names[][2], *const mdl__aokpi_names[];
extern const char *const mdl__lkpi_names[], *const mdl__xkpi_names[];

/* Problems kept after the first while a call checks all of an object
 * (mdl__collect). */
#define MDL_MORE_ERRORS 15

struct mdl_model {
    mdl_arena_block *arena;
    char error[512];
    const char *more_errors[MDL_MORE_ERRORS]; /* the problems after `error` of the last refused call */
    int nmore_errors;
    bool collecting;                          /* mdl__fail keeps each problem, not only the last */
    const char *name;
    double start_epoch; /* run.start_date: the Monday of time 0, s since 1970 UTC (event log) */

    mdl_station_spec *stations;
    int nstations, cap_stations;
    mdl_product *products;
    int nproducts, cap_products;
    mdl_release *releases;
    int nreleases, cap_releases;
    mdl_order *orders;
    int norders, cap_orders;
    mdl_cycle_rule *cycles;
    int ncycles, cap_cycles;
    mdl_setup_rule *setups;
    int nsetups, cap_setups;
    mdl_calendar *calendars;
    int ncalendars, cap_calendars;
    int line_calendar;
    mdl_idmap station_ids, product_ids, calendar_ids; /* id -> index (mdl_idmap.h) */

    mdl_costs costs;
    mdl_targets targets;
    mdl_run_settings run;
    bool has_investment;
    double capex, years;
    struct tr_model *transport; /* material handling (mdl_transport_model.c); NULL when none */
    struct pp_model *people;    /* pools, tasks, key stations (mdl_people_model.c); NULL when none */
    struct mdl_plan_spec *plan; /* a plan to execute (mdl_plan_exec.c); NULL when none */
    /* Families, flexible steps and kanban loops (mdl_routing_internal.h). */
    struct mdl_kanban *kanbans;
    int nkanbans, cap_kanbans;
    int nshare_steps; /* steps with MDL_STEP_SHARE: one random stream each */
    bool routing;     /* any family, flexible step or kanban loop */
    struct mdl_bom_line *bom;   /* bills of materials (mdl_assembly.c), in the order added */
    int nbom, cap_bom;
    struct mdl_bom_line *parts; /* disassembly and lot splitting (mdl_disassembly.c): product -> part lines */
    int nparts, cap_parts;
};

/* Lists of lines product -> other product with a quantity: bills of
 * materials and parts lists (mdl_assembly.c). _add checks and appends
 * (false with a message naming `key`), _count and _get read a product's. */
bool mdl__lines_add(mdl_model *m, mdl_bom_line **lines, int *n, int *cap, const char *key, int product, int other,
                    int quantity);
int mdl__lines_count(const mdl_bom_line *lines, int n, int product);
bool mdl__lines_get(const mdl_bom_line *lines, int n, int product, int line, int *other, int *quantity);
/* The product of the lines made at station si: the first station of its
 * route (a BOM), or the last (route_end: parts); -1: none. */
int mdl__lines_product_at(const mdl_model *m, const mdl_bom_line *lines, int n, int si, bool route_end);
/* Is `to` reachable from `from` through the lines (product -> other)?
 * Depth-first, at most nproducts deep (deeper: true, a cycle). */
bool mdl__lines_reach(const mdl_bom_line *lines, int n, int nproducts, int from, int to, int depth);

/* Process batches (mdl_batching.c): the stations' batch keys and what
 * follows a batching station; false with a message. */
bool mdl__batching_validate(mdl_model *m);

/* Arena copy helpers; NULL when out of memory. */
void *mdl__alloc(mdl_model *m, size_t size);
const char *mdl__strdup(mdl_model *m, const char *s);
/* A copy of a maintenance description in the model's arena (mdl_maint.c). */
struct mdl_maint_spec *mdl__maint_copy(mdl_model *m, const struct mdl_maint_spec *s);
/* The robots, vehicles and AS/RS cranes of the model: the crew slots of a
 * run's people after the servers' (robots first, then the vehicles in
 * fleet order, then the cranes in AS/RS and aisle order; mdl_maint_res.c). */
int mdl__resource_crew_count(const mdl_model *m);
/* The AS/RS cranes of the model (one per aisle; mdl_maint_crane.c). */
int mdl__crane_count(const mdl_model *m);
/* mdl_maint_check and the model's side (the window calendar exists). */
bool mdl__maint_check_model(const mdl_model *m, const struct mdl_maint_spec *s, char *msg, size_t size);
/* Begins (on) or ends checking every value of one object: from begin to
 * end, the first mdl__fail sets the error and later ones are kept as
 * more problems (mdl_model_error_at), so that one refused call can name
 * all of its problems. */
void mdl__collect(mdl_model *m, bool on);
/* Sets the model's error message; returns false (or -1 through callers). */
bool mdl__fail(mdl_model *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Resolved cycle law of product p at station s, or NULL. */
const sim_dist *mdl__cycle(const mdl_model *m, int product, int station);
/* Resolved setup law at station s from product `from` to `to`, or NULL. */
const sim_dist *mdl__setup(const mdl_model *m, int station, int from, int to);
/* Next boundary of a calendar strictly after run time t; *on_after receives
 * the calendar state from that boundary on. INFINITY when there is none. */
double mdl__calendar_next(const mdl_model *m, int calendar, double t, bool current,
                          bool *on_after);

/* The calls between the line (mdl_run_lean.c, mdl_model.c) and the transport
 * (mdl_transport*.c, mdl_agv*.c, mdl_robot.c, mdl_conveyor.c). */
#include "mdl_transport_seam.h"

#endif
