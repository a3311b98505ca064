/*
 * mdl_internal.h - the model's storage, shared by the models sources.
 */
#ifndef MDL_INTERNAL_H
#define MDL_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_model.h"
#include "sim_world.h"

#define MDL_WEEK (7.0 * 86400.0)

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
} mdl_product;

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

struct mdl_model {
    mdl_arena_block *arena;
    char error[512];
    const char *name;

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

    mdl_costs costs;
    mdl_targets targets;
    mdl_run_settings run;
    bool has_investment;
    double capex, years;
    struct tr_model *transport; /* material handling (mdl_transport_model.c); NULL when none */
};

/* Arena copy helpers; NULL when out of memory. */
void *mdl__alloc(mdl_model *m, size_t size);
const char *mdl__strdup(mdl_model *m, const char *s);
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

/* ---- material handling: the seams between mdl_run.c and mdl_transport*.c ----
 * (see mdl_transport_internal.h for the transport side; declared here because
 * mdl_run.c and mdl_model.c need them). */

typedef struct tr_run tr_run;
struct mdl_run;
struct mdl_rep_result;

/* Model side: frees the transport part; checks it in mdl_model_validate. */
void mdl__transport_model_free(struct tr_model *tm);
bool mdl__transport_model_validate(mdl_model *m);

/* Out of memory inside a run: the run fails (mdl_run_error) and the call
 * does not return; it jumps back to the public entry that runs the event. */
_Noreturn void mdl__run_oom(struct mdl_run *r);
/* x itself when it is a finite number; otherwise the run fails ("WHAT 'ID':
 * KEY: drew ...") and the call jumps out (or, while the run is being set
 * up, returns 0). */
double mdl__run_checked(struct mdl_run *r, double x, const char *what, const char *id, const char *key);

/* Called by mdl_run.c (only when the run has transport, r->transport != NULL). */
tr_run *mdl__transport_new(struct mdl_run *r, const mdl_model *m, struct sim_world *w, uint64_t master);
void mdl__transport_free(tr_run *tr);                  /* NULL is a no-op */
void mdl__transport_warmup(tr_run *tr, double now);
/* Fills the transport KPIs of out; returns their energy (kWh) for the line total. */
double mdl__transport_result(const tr_run *tr, double now, struct mdl_rep_result *out);
bool mdl__transport_rep_init(struct mdl_rep_result *res, const mdl_model *m);
/* mdl_transport_kind of units of `product` leaving `station`. */
int mdl__transport_mode(const tr_run *tr, int product, int station);
/* Offers a finished unit to the transport from `from` to `to`: true when it
 * was taken; else server gid waits and mdl__run_entry_retry is called later. */
bool mdl__transport_offer(tr_run *tr, int gid, uint32_t unit, int product, int from, int to);
/* A blocked server waiting on that entry may move again: re-check. */
void mdl__transport_poke(tr_run *tr, int product, int station);
/* station_pull granted (and reserved) room for a transport token. */
void mdl__transport_granted(tr_run *tr, uint32_t token);
bool mdl__transport_tended(const tr_run *tr, int station);
void mdl__transport_robot_request(tr_run *tr, int station, int gid, bool load);

/* Called by the transport code, implemented in mdl_run.c. */
struct sim_world *mdl__run_world(struct mdl_run *r);
tr_run *mdl__run_transport(const struct mdl_run *r);
/* Reserves room in a station's buffer for a delivery: true at once, or
 * false and `token` waits in line until mdl__transport_granted(token). */
bool mdl__run_reserve(struct mdl_run *r, int station, uint32_t token);
/* The unit enters the station, using the reservation. */
void mdl__run_deliver(struct mdl_run *r, int station, uint32_t unit);
/* The entry server gid waits on has room: false if the server cannot move
 * now (down, off); else it hands its unit on (calling mdl__transport_offer). */
bool mdl__run_entry_retry(struct mdl_run *r, int gid);
void mdl__run_robot_done(struct mdl_run *r, int gid, bool load);
int mdl__run_unit_product(const struct mdl_run *r, uint32_t unit);
/* Units in the buffer, promised to it, and on its servers. */
long mdl__run_station_content(const struct mdl_run *r, int station);
struct mdl_unit_view;
void mdl__run_unit_view(const struct mdl_run *r, uint32_t unit, struct mdl_unit_view *v);

#endif
