/*
 * mdl_people_run.h - a run's people (pp_run) as the files of the people
 * part share it: mdl_people.c (the waiting mechanism, shifts, results),
 * mdl_people_live.c (where a person is, the trainer's changes of a pool's
 * roll, the viewer's pool card) and mdl_people_zone.c (safety zones and
 * the time people spend in them). Nothing outside mdl_people*.c includes
 * it.
 *
 * People. A run holds the model's people (global index g < nps, as
 * mdl_model_person_index numbers them) and, after them, PP_SPARE spare
 * places per pool for people the trainer adds live (mdl_run_add_person).
 * A pool's roll (`members`, ascending index) is the people it can send;
 * a person removed from the roll keeps its ledger (off from then on).
 */
#ifndef MDL_PEOPLE_RUN_H
#define MDL_PEOPLE_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_internal.h"
#include "mdl_people_internal.h"
#include "sim_ledger.h"
#include "sim_rng.h"
#include "sim_stats.h"
#include "sim_world.h"

#define PP_STREAM_LOAD 16 /* a station's load-time stream (purpose id, next to mdl_run.c's) */
#define PP_SPARE MDL_PERSON_SPARE

typedef struct person {
    int pool;
    int loc;        /* station where the person is (-1: not yet anywhere: the first walk is free) */
    int dest;       /* while walking: where to */
    int slot;       /* holder slot, -1 when free or off */
    bool on_shift;
    bool leaving;   /* hand-over: goes off when the task in hand ends */
    bool on_roll;   /* in the pool's members (a spare not yet added, or a person removed: false) */
    bool quitting;  /* removed live while busy: leaves the roll when the task in hand ends */
    bool ever;      /* was on the roll (counts in the pool's totals) */
    double free_since;
    uint64_t tasks;
    sim_ledger ledger;
    /* Where: a walk started at walk_t0 from (walk_x0, walk_y0) towards
     * station dest at the pool's speed (while the ledger says walking). */
    double walk_t0, walk_x0, walk_y0;
    /* Safety zones (mdl_people_zone.c): time inside them in the window,
     * charged up to zone_t. */
    double zone_t, zone_s;
} person;

typedef struct slot {
    int task;       /* -1: empty */
    bool pending, walking, held, manned;
    double req_t;
    double first_t; /* the first request of the task not yet served (kept when a stop withdraws it); -1: none */
    double factor;
    double ttr;
    uint64_t arrive_ev;
    int nheld;
    int *people;    /* room for the most people a task needs */
} slot;

typedef struct pool_run {
    const mdl_pool_spec *spec;
    int *members;   /* the roll: person indices, ascending; n of them */
    int n;
    int spare_first, spare_used; /* the pool's spare places: [spare_first, spare_first + PP_SPARE) */
    int calendar;
    bool on;
    int *pending; /* slot indices, in request order */
    int npending, cap_pending;
    int nfree;
    double cost_per_hour;
    uint64_t tasks;
    sim_tally wait;
    sim_loghist wait_hist;
} pool_run;

typedef struct pp_zones pp_zones;

struct pp_run {
    struct mdl_run *run;
    const mdl_model *m;
    const pp_model *pm;
    sim_world *w;
    void *block;       /* the fixed arrays below, one block (people_alloc) */
    int nst, np;
    person *ps;
    int nps;           /* the model's people */
    int nall;          /* with the spare places */
    pool_run *pools;
    int *members;      /* storage of the pools' rolls */
    slot *slots;
    int nslots;
    int *slot_people;
    int *task_of;      /* [(s * np + p) * PP_PHASE_COUNT + phase] */
    int *repair_of;    /* [s] */
    mdl_task_spec *tasks; /* the model's tasks, then the failure modes' crew tasks (mdl__people_crew) */
    int ntasks;
    bool *has;         /* [s] */
    bool *key;         /* [s] */
    double *load;      /* [s] planned work per server (bottleneck rule) */
    sim_rng *load_rng; /* [s] */
    double *sxy;       /* [2 s], [2 s + 1]: station centres, compact (walking distances) */
    int *own_first;    /* [g .. g + 1): person g's own skills, indices into own_skill */
    int *own_skill;    /* indices into pm->pskills, grouped by person */
    uint64_t key_ops, key_manned;
    sim_tally wait_all, repair_wait;
    sim_timeavg on_shift, any_on;
    int n_on;
    bool zoned;        /* the model has safety zones */
};

/* mdl_people.c */
void pp__person_set(pp_run *pp, person *p, mdl_person_state st);
void pp__dispatch(pp_run *pp, pool_run *pr);
void pp__timeavg_on(pp_run *pp);

/* mdl_people_live.c: where person p is at time t (false: nowhere: off
 * shift, off the roll or not yet at any station). */
bool pp__person_where(const pp_run *pp, const person *p, double t, double *x, double *y);

/* mdl_people_zone.c */
/* Charges person p's time in zones up to now (before its state or place changes). */
void pp__zone_charge(pp_run *pp, person *p);
/* Person p's time in zones in the window, as of now (nothing charged). */
double pp__zone_time(const pp_run *pp, const person *p, double now);
/* Warm-up: the time in zones so far is forgotten. */
void pp__zone_restart(pp_run *pp, double now);

#endif
