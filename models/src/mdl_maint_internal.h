/*
 * mdl_maint_internal.h - the maintenance engine of one server (mdl_maint.c)
 * and the two functions the run gives it (mdl_run_lean.c).
 *
 * A server of a station with a maintenance description embeds one
 * mt_server. The run tells it what the server does (mdl__maint_sync from
 * server_refresh, mdl__maint_cycle when an operation completes,
 * mdl__maint_offshift when the station goes off or on shift); the engine
 * keeps every failure mode's age on its clock, owns ONE kernel event per
 * server (the next failure, warning, PM or false alarm, or the end of the
 * current repair or maintenance), and tells the run when the server's
 * state changes (mdl__maint_changed). state != MT_UP stops the server.
 */
#ifndef MDL_MAINT_INTERNAL_H
#define MDL_MAINT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_maint.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "sim_rng.h"
#include "sim_world.h"

enum { MT_UP = 0, MT_DOWN, MT_MAINT };
/* Interventions by kind (the KPIs' order). */
enum { MT_REPAIR = 0, MT_PM, MT_PDM, MT_CBM, MT_FALSE_ALARM, MT_KIND_COUNT };

typedef struct mt_mode {
    double vage;     /* virtual age at the last renewal */
    double since;    /* age run since the last renewal */
    double fail_at;  /* `since` at which the mode fails */
    double warn_at;  /* `since` at which a warning comes (INFINITY: none) */
    uint8_t warn_kind; /* MT_PDM or MT_CBM */
    uint8_t requested; /* 0, or the kind of a warning that waits for maintenance */
} mt_mode;

typedef struct mt_counts {
    uint64_t n[MT_KIND_COUNT]; /* interventions begun, by kind (MT_REPAIR: failures) */
    double cost;               /* parts, labour and per-intervention cost */
    double response_s;         /* summed waits for a technician (repairs) */
    uint64_t responses;        /* repairs that had a technician come */
} mt_counts;

/* What the engine asks of the resource that owns it (a station's server,
 * a robot): owner is handed back. crew may be NULL (no crews): true when
 * the work (a repair: repair true; a PM or planned replacement: false)
 * must wait for a technician with `skill` (NULL: the owner's repair crew,
 * if any); the owner then calls mdl__maint_crew_arrived. crew_done: the
 * technicians go (also when a waiting request is dropped). */
typedef struct mt_hooks {
    void (*changed)(void *owner);
    double (*checked)(void *owner, double x, const char *key);
    bool (*crew)(void *owner, const char *skill, bool repair, double dur);
    void (*crew_done)(void *owner);
} mt_hooks;

typedef struct mt_server {
    const mdl_maint_spec *spec;
    const mt_hooks *hooks;
    const mdl_model *model; /* the maintenance calendar (spec->window_calendar) */
    sim_world *w;
    void *owner;       /* the run's server or robot, handed back to the hooks */
    mt_mode *modes;
    sim_rng fail_rng;  /* times to failure and repair times */
    sim_rng pred_rng;  /* the predictor and the sensors */
    double last;       /* when the clocks were last brought up to date */
    double pm_left;    /* PM clock left (grid PM: the due time) */
    double fa_left;    /* operating time to the next false alarm */
    double stop_end;   /* end of the current repair or maintenance */
    uint64_t ev;
    uint64_t win_ev;   /* the maintenance calendar's next boundary */
    double crew_t;     /* when the stop under way asked for its technician */
    bool crew_wait;    /* the stop waits for its technician (stop_end is INFINITY) */
    bool crew_held;    /* technicians are at the stop under way */
    int down_mode;
    int next_false;    /* the predicted mode the next false alarm names */
    uint8_t state;
    bool pm_pending;
    bool doing_pm;     /* the maintenance under way is a PM */
    bool working, progressing, off, active;
    mt_counts win, total;
} mt_server;

/* Sets up mt for a server (state up, first lives drawn, event
 * scheduled when active); false when out of memory. */
bool mdl__maint_init(mt_server *mt, const mdl_maint_spec *spec, const mt_hooks *hooks, const mdl_model *model,
                     sim_world *w, void *owner, uint64_t master, uint64_t fail_stream, uint64_t pred_stream,
                     bool active);
/* The technician of the stop under way is there: the work (dur, its
 * efficiency applied) begins now. */
void mdl__maint_crew_arrived(mt_server *mt, double dur);
void mdl__maint_fini(mt_server *mt);
/* What the server does now (from server_refresh). */
void mdl__maint_sync(mt_server *mt, bool working, bool progressing);
/* An operation of the server completed (before it is handed on): the
 * cycles clocks count it, and what waits for the end of the unit starts.
 * The caller refreshes the server afterwards; no mdl__maint_changed. */
void mdl__maint_cycle(mt_server *mt);
/* The station went off shift (off) or back on (ignored when the spec has
 * its own maintenance calendar). */
void mdl__maint_offshift(mt_server *mt, bool off);
/* The server was taken out of service / back into it (trainer). */
void mdl__maint_set_active(mt_server *mt, bool active);
/* The statistics window starts now (warm-up end). */
void mdl__maint_window(mt_server *mt);
/* Trainer: mode i fails now / a PM is called now; false when not possible. */
bool mdl__maint_force_failure(mt_server *mt, int i);
bool mdl__maint_force_pm(mt_server *mt);
/* True while a warning waits for maintenance (the viewer's icon). */
bool mdl__maint_warned(const mt_server *mt);

/* KPIs. A station's maintenance KPIs (o: its row of mdl_skpi) from its
 * servers' engines (mts, nsv of them; NULL for a station without a
 * maintenance description), breakdowns and cost counted by the run
 * (mtbf/mttr stations), and its servers' summed ledger acc (mdl_state);
 * sums for the line go to *line (may be NULL). */
typedef struct mt_line {
    double scheduled_s, down_s, planned_s, operating_h, failures, cost;
    double engine_cost; /* the part of cost the engines counted (not costs.repair_per_hour) */
} mt_line;
void mdl__maint_station_kpis(const mt_server *mts, int nsv, uint64_t failures, double cost, const double *acc,
                             double *o, mt_line *line);
void mdl__maint_line_kpis(const mt_line *line, double *kpi);

/* A resource's maintenance KPIs (robots, vehicles): from its engine and
 * its time up (operating_s: working; up_s: scheduled and not stopped),
 * down_s and planned_s (maintenance). o[0..MT_RES_COUNT). */
enum { MT_RES_FAILURES = 0, MT_RES_MTBF_H, MT_RES_MTTR_H, MT_RES_RESPONSE_S, MT_RES_UNPLANNED, MT_RES_PLANNED,
       MT_RES_PM, MT_RES_PDM, MT_RES_CBM, MT_RES_FALSE_ALARMS, MT_RES_COST, MT_RES_COUNT };
void mdl__maint_res_kpis(const mt_server *mt, double operating_s, double down_s, double planned_s, double total_s,
                         double *o);
/* The same for a group of resources (a fleet's vehicles, an AS/RS's
 * cranes): their engines' counts summed into *sum (from zero) with
 * mdl__maint_counts_add, then the KPIs over the group's summed times. */
void mdl__maint_counts_add(mt_counts *sum, const mt_server *mt);
void mdl__maint_counts_kpis(const mt_counts *c, double operating_s, double down_s, double planned_s, double total_s,
                            double *o);
/* Copies r[k] (mdl__maint_res_kpis) to o[to[k]] for each k with to[k] >= 0:
 * a resource's own KPI numbering. */
void mdl__maint_res_put(const double *r, const int to[MT_RES_COUNT], double *o);
/* The mean response time of a station's servers' repairs (NaN: none). */
double mdl__maint_response(const mt_server *mts, int nsv);

/* ---- a resource with failure modes other than a station's server ----------
 * (mdl_maint_res.c): a robot, a vehicle, an AS/RS crane. One adapter, made
 * with the engine in one block (the engine first: the resource holds it as
 * its mt_server *), through which the engine's hooks go: the resource's
 * stop and resume, the checked values' messages, its technicians, the
 * records of its changes of state. */
typedef struct mt_res {
    mt_server mt;
    struct mdl_run *r;
    const char *what, *id;   /* messages: `what` 'id' ("robot", "fleet", "asrs") */
    mdl_resource_kind kind;  /* the records' resource kind */
    int resource, part;      /* its index there (a crane: its AS/RS's) and a crane's aisle (else -1) */
    int crew_slot, station;  /* its technicians' crew slot; the station they walk to (-1: none) */
    void (*stop)(void *a, void *b, bool stopped); /* the resource stops (true) or resumes (false) */
    void *a, *b;             /* handed to stop */
} mt_res;
/* The engine of the resource `who` describes (copied) with description
 * spec and streams fail / pred; NULL when out of memory. */
mt_server *mdl__maint_res_new(const mt_res *who, const mdl_maint_spec *spec, const mdl_model *model, sim_world *w,
                              uint64_t master, uint64_t fail_stream, uint64_t pred_stream);
/* mdl_maint_res_new's engine freed (NULL: nothing). */
void mdl__maint_res_free(mt_server *mt);
/* mdl__maint_sync, then the records of the engine's changes of state since
 * *seen (the state last recorded), which it updates. */
void mdl__maint_res_sync(mt_server *mt, bool working, bool progressing, uint8_t *seen);

/* The hooks of a station's server (mdl_run_life.c). */
extern const mt_hooks mdl__server_maint_hooks;

#endif
