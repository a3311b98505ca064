/*
 * mdl_people.h - people on the line: operator pools, the tasks that need a
 * person, repair crews, and their KPIs.
 *
 * People are resources like a station's servers: each person of a pool has
 * a time ledger (sim_ledger) over the states of mdl_person_state, a shift
 * calendar (the pool's, or the line's), a cost per hour on the roll, and
 * skills. A station's operation may need people: for the whole operation
 * (`process`, a manual station; `inspection`, the same at an inspection
 * station), only for its setup (`setup`), only to load the machine
 * (`load`: the person is held for the load time, then the machine runs
 * alone), and for repairs (`repair`, a technician). A server that needs
 * people and has none waits in the ledger state MDL_STATE_WAIT_OPERATOR.
 *
 * One waiting mechanism per pool: requests (a server's task) wait in the
 * pool; a person who becomes free (released, back from a break) serves the
 * request chosen by the pool's rule (mdl_people_rule), and a new request
 * takes a free person at once. Ties are broken by the time of the request,
 * then by the order of requests (the kernel's insertion order): see
 * docs/scene-format.md "people".
 *
 * Ownership. The specs are copied into the model's arena (strings too).
 * Model functions return -1 / false with mdl_model_error() on bad input.
 *
 * Determinism. People draw no random numbers of their own: a load time is
 * drawn from the station's stream `load` (a new stream, named after the
 * station), so a model without pools draws exactly what it drew before.
 */
#ifndef MDL_PEOPLE_H
#define MDL_PEOPLE_H

#include <stdbool.h>

#include "mdl_model.h"
#include "sim_dist.h"

struct mdl_rep_result;

/// What a task needs a person for.
typedef enum mdl_task_kind {
    MDL_TASK_PROCESS = 0, ///< the whole operation, setup included (a manual station)
    MDL_TASK_SETUP,       ///< only the setup (changeover)
    MDL_TASK_LOAD,        ///< loading before the operation (machine tending), then the machine runs alone
    MDL_TASK_INSPECTION,  ///< the whole operation of an inspection station
    MDL_TASK_REPAIR,      ///< repairing a breakdown (a technician)
    MDL_TASK_KIND_COUNT
} mdl_task_kind;

/// Task kind names as written in scenes ("process", "setup", ...).
const char *mdl_task_kind_name(mdl_task_kind k);

/// Which waiting request a free person serves.
typedef enum mdl_people_rule {
    MDL_PEOPLE_LONGEST_WAITING = 0, ///< the oldest request (default)
    MDL_PEOPLE_NEAREST,             ///< the request at the station nearest to the person (walking distance)
    MDL_PEOPLE_PRIORITY,            ///< the request of the task with the highest `priority`
    MDL_PEOPLE_BOTTLENECK,          ///< the request of the most loaded station (planned work per server)
    MDL_PEOPLE_RULE_COUNT
} mdl_people_rule;

const char *mdl_people_rule_name(mdl_people_rule r);

/// What a person's shift end or break does to the task in hand.
typedef enum mdl_break_policy {
    MDL_BREAK_INTERRUPT = 0, ///< the person leaves; the task pauses until someone takes it over (default)
    MDL_BREAK_HAND_OVER      ///< the person finishes the task in hand, then leaves (overtime counts as work)
} mdl_break_policy;

const char *mdl_break_policy_name(mdl_break_policy b);

/// A person's ledger states.
typedef enum mdl_person_state {
    MDL_PERSON_WORKING = 0, ///< process or inspection
    MDL_PERSON_SETUP,
    MDL_PERSON_LOADING,
    MDL_PERSON_REPAIRING,
    MDL_PERSON_WALKING,
    MDL_PERSON_IDLE,        ///< on shift, free
    MDL_PERSON_OFF,         ///< off shift (or on a break)
    MDL_PERSON_STATE_COUNT
} mdl_person_state;

const char *mdl_person_state_name(mdl_person_state s);

/// An operator pool, as given to mdl_model_add_pool.
typedef struct mdl_pool_spec {
    const char *id;
    int headcount;              ///< people on the roll, 0 .. 10000
    int calendar;               ///< shift calendar index; -1 = the line's
    double cost_per_hour;       ///< per person on shift; < 0 = costs.labor_per_hour
    const char *const *skills;  ///< what every person of the pool can do (a person's own skills replace these)
    int nskills;
    double efficiency;          ///< task time is divided by this (default 1)
    mdl_people_rule rule;
    mdl_break_policy breaks;
    double walk_speed;          ///< m/s between station centres; 0 = no walking time (default 1)
    int source_line;
} mdl_pool_spec;

/// Defaults: headcount 1, the line's calendar, cost from costs, no skills,
/// efficiency 1, longest waiting, interrupt, 1 m/s.
void mdl_pool_spec_default(mdl_pool_spec *p);

/// Adds a pool; its index, or -1.
int mdl_model_add_pool(mdl_model *m, const mdl_pool_spec *spec);
/// Person `person` (0 .. headcount - 1) of a pool has `skill` with an
/// efficiency (task time / efficiency). A person with any skill set this way
/// has exactly those skills (the pool's do not apply to it).
bool mdl_model_set_person_skill(mdl_model *m, int pool, int person, const char *skill, double efficiency);

/// A task: station `station` needs `people` persons of `pool` with `skill`
/// (NULL: any person of the pool) for `kind`, for product `product` (-1:
/// every product without a task of its own of this kind). people = 0 for a
/// product means: this product needs nobody for this kind here.
typedef struct mdl_task_spec {
    int station;
    int product;
    mdl_task_kind kind;
    int pool;
    const char *skill;
    int people;
    bool has_load;
    sim_dist load;              ///< MDL_TASK_LOAD: the load time
    int priority;               ///< for MDL_PEOPLE_PRIORITY
    int source_line;
} mdl_task_spec;

/// Adds a task; its index or -1 (unknown station, pool, a skill no person
/// of the pool has, more people than the headcount, a load without a time).
int mdl_model_add_task(mdl_model *m, const mdl_task_spec *spec);
/// Marks a station as a key process (automation rate).
bool mdl_model_set_key_station(mdl_model *m, int station, bool key);

int mdl_model_pool_count(const mdl_model *m);
int mdl_model_find_pool(const mdl_model *m, const char *id);
/// The pool's spec (strings point into the model); NULL when out of range.
const mdl_pool_spec *mdl_model_pool(const mdl_model *m, int pool);
int mdl_model_task_count(const mdl_model *m);
const mdl_task_spec *mdl_model_task(const mdl_model *m, int task);
bool mdl_model_key_station(const mdl_model *m, int station);
/// Total people of all pools (index of person k of pool p: mdl_model_person_index).
int mdl_model_person_count(const mdl_model *m);
int mdl_model_person_index(const mdl_model *m, int pool, int person);
/// Does the model have pools or key stations (and so a people part)?
bool mdl_model_has_people(const mdl_model *m);

/// Warnings about a model with people that is valid but will not work as
/// meant (a pool never on shift while a station it serves is): each
/// calls fn with the task's source line and a message. The count.
typedef void mdl_people_warn_fn(void *ctx, int source_line, const char *subject, const char *message);
int mdl_model_people_check(const mdl_model *m, mdl_people_warn_fn *fn, void *ctx);

/// KPIs of a pool, and (the shares and tasks) of each person.
typedef enum mdl_poolkpi {
    MDL_POOLKPI_HEADCOUNT = 0,  ///< people on the roll
    MDL_POOLKPI_UTILIZATION,    ///< (working + setup + loading + repairing + walking) / on-shift time
    MDL_POOLKPI_WORKING,        ///< shares of the window, as in mdl_person_state
    MDL_POOLKPI_SETUP,
    MDL_POOLKPI_LOADING,
    MDL_POOLKPI_REPAIRING,
    MDL_POOLKPI_WALKING,
    MDL_POOLKPI_IDLE,
    MDL_POOLKPI_OFF,
    MDL_POOLKPI_TASKS,          ///< tasks done in the window
    MDL_POOLKPI_WAIT_S,         ///< mean wait of a task for its people (request to arrival)
    MDL_POOLKPI_WAIT_P95_S,
    MDL_POOLKPI_HOURS,          ///< person-hours on the roll (on shift) in the window
    MDL_POOLKPI_COST,           ///< hours x cost per hour
    MDL_POOLKPI_EXPOSURE_H,     ///< person-hours inside safety zones in the window (0 without zones)
    MDL_POOLKPI_COUNT
} mdl_poolkpi;

/// Line KPIs of people (JSON object "people").
typedef enum mdl_peoplekpi {
    MDL_PEOPLEKPI_HEADCOUNT = 0,        ///< people on the roll, all pools
    MDL_PEOPLEKPI_ON_SHIFT,             ///< mean people on shift while any is
    MDL_PEOPLEKPI_OPERATOR_HOURS,       ///< person-hours on shift (pools + stations' `operators`)
    MDL_PEOPLEKPI_LABOUR_PRODUCTIVITY,  ///< good units per operator-hour
    MDL_PEOPLEKPI_LABOUR_COST,          ///< pools' cost (part of labor_cost)
    MDL_PEOPLEKPI_AUTOMATION_RATE,      ///< key stations: operations with no person held / operations
    MDL_PEOPLEKPI_WAIT_S,               ///< mean wait of a task for people, all pools
    MDL_PEOPLEKPI_REPAIR_RESPONSE_S,    ///< mean wait of a breakdown for its technician
    MDL_PEOPLEKPI_OPEN_TASKS,           ///< requests still waiting at the end
    MDL_PEOPLEKPI_LONGEST_OPEN_S,       ///< the longest of their waits (work that may wait for ever)
    MDL_PEOPLEKPI_SAFETY_EXPOSURE_H,    ///< person-hours inside safety zones (NAN: the scene has none)
    MDL_PEOPLEKPI_COUNT
} mdl_peoplekpi;

/// Keys and labels: mdl_kpis_name / mdl_kpis_label (mdl_kpis.h), sets
/// MDL_KPIS_POOL and MDL_KPIS_PEOPLE.

/// A replication's people KPIs (NAN when the result has none).
double mdl_rep_people_kpi(const struct mdl_rep_result *r, mdl_peoplekpi k);
double mdl_rep_pool_kpi(const struct mdl_rep_result *r, int pool, mdl_poolkpi k);
/// Person g (mdl_model_person_index) of the model.
double mdl_rep_person_kpi(const struct mdl_rep_result *r, int person, mdl_poolkpi k);

/// A safety zone: a rectangle of the floor shared by people with robots or
/// AGVs (given in the scene, `zones`). People's time inside any zone is
/// the safety exposure (docs/kpis.md).
typedef struct mdl_zone_spec {
    const char *id;
    double x0, y0, x1, y1; ///< corners, metres (x0 < x1, y0 < y1)
    int source_line;
} mdl_zone_spec;

/// At most this many zones in a model.
#define MDL_MAX_ZONES 64

/// Adds a zone (corners in any order); its index, or -1 (no id, the same id
/// twice, an empty or non-finite rectangle, more than MDL_MAX_ZONES).
int mdl_model_add_zone(mdl_model *m, const mdl_zone_spec *z);
int mdl_model_zone_count(const mdl_model *m);
/// Zone i (corners sorted), or NULL.
const mdl_zone_spec *mdl_model_zone(const mdl_model *m, int i);

/// Headcount per named shift: for every shift name of the calendars the
/// pools work by (their own or the line's), the people on the roll of the
/// pools whose calendar has a shift of that name, in order of first
/// appearance (pools in order, shifts in the calendar's order). A pool on
/// no calendar counts under "all day". Writes at most cap names (pointing
/// into the model) and counts; returns how many there are.
int mdl_model_headcount_by_shift(const mdl_model *m, const char **names, int *counts, int cap);

struct mdl_run;
/// Viewer: the state of person g now, and the station it is at or walks to (-1: none yet).
mdl_person_state mdl_run_person_state(const struct mdl_run *r, int person, int *at);

/* ---- live: the viewer and the trainer (mdl_people_live.c) ---- */

/// People places of a run: the model's people (mdl_model_person_index),
/// then MDL_PERSON_SPARE places per pool for people added live.
int mdl_run_person_count(const struct mdl_run *r);
/// The pool of person place g, or -1.
int mdl_run_person_pool(const struct mdl_run *r, int person);
/// Where person g is now on the floor, metres: at a station, or on the way
/// between two (a straight line at the pool's walk_speed, as the walking
/// times are computed). False when the person is not on the floor: off
/// shift, not on the roll, or not yet at any station (a person's first
/// task costs no walk).
bool mdl_run_person_where(const struct mdl_run *r, int person, double *x, double *y);

/// People a trainer may add to a pool beyond its headcount.
#define MDL_PERSON_SPARE 10

/// What a pool is doing now (the viewer's pool card).
typedef struct mdl_pool_now {
    int roll;      ///< people on the roll
    int max_roll;  ///< the most mdl_run_add_person allows (headcount + MDL_PERSON_SPARE)
    int on_shift;  ///< of them on shift
    int busy;      ///< holding a task (walking to it included)
    int walking;   ///< on the way to a task
    int idle;      ///< on shift and free
    int waiting;   ///< tasks waiting for the pool's people
    int leaving;   ///< taken off the roll, finishing the task in hand
} mdl_pool_now;

/// Fills out; false when pool is out of range or the run has no people.
bool mdl_run_pool_now(const struct mdl_run *r, int pool, mdl_pool_now *out);
/// Trainer: one more person on pool's roll (a person taken off before
/// comes back first, else a new one with the pool's skills, at no station
/// yet). The person is on shift when the pool is and takes waiting work at
/// once. False at max_roll. Changes what the run computes from now on.
bool mdl_run_add_person(struct mdl_run *r, int pool);
/// Trainer: one person fewer on pool's roll: a free person (idle, else off
/// shift; the highest number) leaves at once; when everybody is busy, the
/// busy person with the highest number finishes the task in hand and then
/// leaves (the task is never dropped). False when the roll is empty.
bool mdl_run_remove_person(struct mdl_run *r, int pool);

#endif
