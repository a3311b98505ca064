/*
 * mdl_routing_internal.h - families, flexible route steps and kanban loops
 * (mdl_routing.h): their storage in the model and the run's calls into
 * them (mdl_family.c, mdl_route_flex.c, mdl_kanban.c). Private to models/.
 *
 * The run calls these only where r->routing is set (a model that uses
 * none of them never reaches them: lean runs stay as they were).
 */
#ifndef MDL_ROUTING_INTERNAL_H
#define MDL_ROUTING_INTERNAL_H

#include "mdl_internal.h"
#include "mdl_routing.h"
#include "sim_rng.h"

typedef struct mdl_family {
    int noptions;
    const char **names;
    int *nvalues;
    const char ***values;
    uint32_t *radix;     /* variant / radix[k] % nvalues[k] = value of option k */
    uint32_t nvariants;
    int *first;          /* option k's values start at first[k] in the tables below */
    int nst;             /* stations when set (the tables' width) */
    double *add;         /* [(first[k] + value) * nst + station]: seconds added to the cycle */
    bool *adds_at;       /* [station]: some option adds time there */
    sim_dist *setup;     /* [k * nst + station] */
    bool *has_setup;     /* [k * nst + station] */
    bool *setup_at;      /* [station]: some option has a setup there */
    /* [variant * nst + station]: the additions summed, made by the model's
     * check when small enough (mdl__routing_tables); NULL: sum per call. */
    double *extra_tab;
} mdl_family;

typedef struct mdl_step {
    mdl_step_rule rule;
    int n;
    int *st;
    double *cum;   /* MDL_STEP_SHARE: cumulative shares */
    int rng;       /* MDL_STEP_SHARE: its stream among the run's step streams */
    bool has_cycle;
    sim_dist cycle;
    double cycle_mean;
} mdl_step;

/* A step's condition on the options (mdl_route_when.c): the step applies
 * when, for each option opt[i], allow[first[opt[i]] + its value] holds. */
typedef struct mdl_when {
    int nopt;
    int opt[MDL_FAMILY_MAX_OPTIONS];
    bool *allow; /* over all the family's values, as mdl_family's add table */
} mdl_when;

/* A product's conditional route (mdl_route_when.c): per step its
 * condition, and when small enough the next step of every variant. */
typedef struct mdl_route_when {
    mdl_when **step;   /* [step]: NULL: every variant */
    int32_t *next_tab; /* [variant * (nsteps + 1) + step + 1]: the next step after `step`; NULL: none made */
} mdl_route_when;

typedef struct mdl_kanban {
    const char *id;
    int from, to, cards;
} mdl_kanban;

/* mdl_model.c's duration check (a law of time: valid, never negative). */
bool mdl__check_duration(mdl_model *m, const char *what, const char *id, const char *field, const sim_dist *d);
/* mdl_model_validate's part: every station of a flexible step has a cycle
 * time for the product (or the step its own). */
bool mdl__routing_validate(mdl_model *m);

/* Lookup tables of families and conditional routes (a variant's cycle
 * additions, its next step), made by mdl__routing_validate when they are
 * small: the run then reads one number instead of dividing per option.
 * Without them (large families) the same values are computed per call. */
#define MDL_ROUTING_TABLE_MAX (1 << 20)
bool mdl__family_table(mdl_model *m, int product);
bool mdl__route_when_table(mdl_model *m, int product);

/* mdl_route_when.c: the model check (every variant keeps a step; rework
 * targets fixed; no condition in a bill of materials) and the first step after `step` that `variant` visits
 * (p->nsteps: none; step -1 gives the first). */
bool mdl__route_when_validate(mdl_model *m);
int mdl__route_next(const mdl_model *m, int product, uint32_t variant, int step);
/* The place of `step` among the steps `variant` visits (0 .. ), -1 when it
 * skips it: the index of an operation within its order (a plan). */
int mdl__variant_step_pos(const mdl_model *m, int product, uint32_t variant, int step);

struct mdl_run;
struct station;
struct server;

/* ---- the run's state (mdl_run_life.c creates it with the run) ---------------- */

typedef struct rt_run {
    sim_rng *step_rng;  /* one per MDL_STEP_SHARE step */
    int *cards_free;    /* per kanban loop */
    int *reentries;     /* per loop: room reserved at its first station for its card's holders */
} rt_run;

bool mdl__rt_init(struct mdl_run *r);
void mdl__rt_fini(struct mdl_run *r);

/* mdl_family.c: seconds added to the cycle of `variant` at station s, and
 * the setup drawn when a server at s goes from variant `from` to `to` of
 * the family (0 when none; *any set when some setup applies). */
double mdl__family_extra(const mdl_model *m, int product, uint32_t variant, int s);
double mdl__family_setup(struct mdl_run *r, struct station *s, int product, uint32_t from, uint32_t to, bool *any);

/* mdl_route_flex.c: the station of step `step` for unit ui (a choice for a
 * flexible step); *wait_all: first free, none can take it, the caller
 * waits at every station of the step (mdl__flex_wait_all). */
struct station *mdl__flex_station(struct mdl_run *r, uint32_t ui, int product, int step, bool *wait_all);
/* The same for an operation of order `order` (-1: none; an order's release
 * has no unit yet): with a plan, a step of alternatives goes to the planned
 * station. */
struct station *mdl__flex_station_for(struct mdl_run *r, uint32_t ui, int order, int product, int step,
                                      bool *wait_all);
void mdl__flex_wait_all(struct mdl_run *r, int product, int step, uint32_t waiter);
/* A waiter of a first-free step that station s lets in leaves the rings
 * of the step's other stations. */
void mdl__flex_unwait(struct mdl_run *r, const struct station *s, uint32_t waiter);
/* The cycle law of this visit, or NULL (the product's or the station's). */
const sim_dist *mdl__visit_cycle(const mdl_model *m, int product, int step);

/* mdl_kanban.c: a unit enters station s (takes a card where a loop starts);
 * unit ui leaves station s for another or the line (gives its card back
 * where its loop ends, or anywhere when it leaves the line). */
void mdl__kanban_enter(struct mdl_run *r, struct station *s, uint32_t ui);
void mdl__kanban_leave(struct mdl_run *r, int s, uint32_t ui, bool out_of_line);
/* mdl_kanban.c: does a unit of some product visit station si inside loop
 * kb (at its first or last station, or on a route between a visit of the
 * first and the next visit of the last, a flexible step's stations too)?
 * mdl__kanban_validate: no station that assembles or takes units apart
 * inside a loop but at its end; false with a message. */
bool mdl__kanban_covers(const mdl_model *m, const mdl_kanban *kb, int si);
bool mdl__kanban_validate(mdl_model *m);
/* mdl_run_routing.c: room reserved at station s for unit ui (NO_UNIT: not
 * known yet) that a vehicle, belt, AS/RS or dock will bring
 * (mdl_run_seam.c). Where a loop starts the reservation takes a card (the
 * room check found one free), so that no release takes it in the
 * meantime; but a unit that holds the loop's card already (it comes back
 * into its loop: mdl__kanban_holds) takes none. The delivery gives unit
 * ui the reserved card, or returns the loop whose card to give back (the
 * unit holds one already), or -1. */
void mdl__kanban_reserve(struct mdl_run *r, const struct station *s, uint32_t ui);
bool mdl__kanban_holds(const struct station *s, uint32_t ui);
int mdl__kanban_delivered(struct mdl_run *r, const struct station *s, uint32_t ui);

#endif
