/*
 * mdl_people_internal.h - the seam between the line (mdl_run_lean.c) and people
 * (mdl_people.c): the model's storage of pools and tasks, and the calls
 * each side makes to the other. A run whose model has no people part has
 * no pp_run (NULL) and makes none of these calls.
 */
#ifndef MDL_PEOPLE_INTERNAL_H
#define MDL_PEOPLE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_people.h"

struct mdl_model;
struct mdl_run;
struct mdl_rep_result;
struct sim_world;

/* ---- the model's part ---- */

typedef struct pp_person_skill {
    int person; /* global person index */
    const char *skill;
    double efficiency;
} pp_person_skill;

typedef struct pp_model {
    mdl_pool_spec *pools;
    int *first_person; /* per pool: global index of its person 0 */
    int npools, cap_pools;
    mdl_task_spec *tasks;
    int ntasks, cap_tasks;
    pp_person_skill *pskills;
    int npskills, cap_pskills;
    int *key_stations;
    int nkey, cap_key;
    int npersons;
    mdl_zone_spec *zones; /* safety zones (mdl_people_zone.c) */
    int nzones, cap_zones;
} pp_model;

/* The model's people part, made on first use in the model's arena with
 * its arrays (nothing to free); NULL when out of memory. */
pp_model *mdl__people_of(struct mdl_model *m);
/* Checks that refer across entities (called by mdl_model_validate). */
bool mdl__people_model_validate(struct mdl_model *m);

/* ---- the run's part ---- */

typedef struct pp_run pp_run;

/* Phases of an operation that may need people (mdl__people_task). */
enum { PP_PHASE_SETUP = 0, PP_PHASE_LOAD, PP_PHASE_BUSY, PP_PHASE_COUNT };

pp_run *mdl__people_new(struct mdl_run *r, const struct mdl_model *m, struct sim_world *w, uint64_t master,
                        int nservers);
void mdl__people_free(pp_run *pp);
/* Schedules the pools' shift changes (time zero of the run). */
void mdl__people_start(pp_run *pp);
/* Does the station need people for anything (operation or repair)? */
bool mdl__people_station_has(const pp_run *pp, int station);
/* The task (index) a phase of product p at station s needs, or -1. */
int mdl__people_task(const pp_run *pp, int station, int product, int phase);
/* Draws the load time of task t (the station's `load` stream). */
double mdl__people_load_time(pp_run *pp, int task);
/* Server gid (of `station`) needs the people of task t for its operation.
 * True when they are there at once (*factor: time multiplier of their
 * efficiency); else they come later through mdl__run_crew_arrived. */
bool mdl__people_request(pp_run *pp, int gid, int station, int task, double *factor);
/* The operation's people of server gid are no longer needed (or the
 * request is withdrawn). */
void mdl__people_release(pp_run *pp, int gid);
/* An operation of server gid completed (automation rate). */
void mdl__people_op_done(pp_run *pp, int gid, int station);
/* The repair start of a breakdown of server gid (ttr drawn): true when a
 * technician must come first (the run then waits for
 * mdl__run_repair_begin); false: no crew, the repair starts now. */
bool mdl__people_repair(pp_run *pp, int gid, int station, double ttr);
/* A failure mode's repair (repair true) or a maintenance of server gid
 * needs a technician: with `skill`, the crew task of (station, skill);
 * without, a repair takes the station's repair task. True when a
 * technician comes (now or later: mdl__run_repair_begin with dur, its
 * efficiency applied); false: no crew, the work starts at once. */
bool mdl__people_crew(pp_run *pp, int gid, int station, const char *skill, bool repair, double dur);
/* The repair of server gid ended (its technicians go free); a breakdown
 * dropped (server taken out of service) withdraws its request. */
void mdl__people_repair_end(pp_run *pp, int gid);
void mdl__people_warmup(pp_run *pp, double now);
/* Fills the people KPIs of out; returns the pools' labour cost and adds
 * their person-hours to *hours. */
double mdl__people_result(const pp_run *pp, double now, double win_start, double good, double station_hours,
                          struct mdl_rep_result *out);
bool mdl__people_rep_init(struct mdl_rep_result *res, const struct mdl_model *m);
/* The viewer's view of person g (mdl_run_person_state). */
mdl_person_state mdl__people_person_state(const pp_run *pp, int g, int *station);

/* Called by people on the run (mdl_run_lean.c). */
void mdl__run_crew_arrived(struct mdl_run *r, int gid, double factor);
void mdl__run_crew_lost(struct mdl_run *r, int gid);
void mdl__run_repair_begin(struct mdl_run *r, int gid, double ttr);

#endif
