/*
 * mdl_maint_res.c - failure modes and maintenance of resources other than
 * a station's servers: the one adapter (mt_res) through which the engine
 * of mdl_maint.c reaches a robot, a vehicle (mdl_maint_vehicle.c) or an
 * AS/RS crane (mdl_maint_crane.c), and the robots' use of it.
 *
 * Robots: the same engine, one per robot, through the adapter: a robot's clocks are calendar time (while it
 * is not stopped), operating time (moving or loading / unloading) and
 * cycles (loads and unloads done); `end_of_unit` is the end of the task in
 * hand; a `window` is an on period of the maintenance calendar
 * (`maintenance.window`; a robot has no shifts of its own). A failure or a
 * maintenance pre-empts the task in hand (mdl_robot.c, tr_robot_stop),
 * which resumes afterwards. A mode's `skill` (and the PM's `pm_skill`)
 * asks the people part for a technician, who walks to the first station
 * the robot tends; the wait (response time) is downtime, inside MTTR, as
 * for stations; without a skill (or people) the work starts at once.
 *
 * Streams: the engine's fail and predictor streams are named after the
 * robot's id (purposes 4 and 5 of the robot's family), so a robot without
 * failure modes draws exactly what it drew before.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_internal.h"
#include "mdl_asrs_internal.h"
#include "mdl_maint_internal.h"
#include "mdl_transport_internal.h"

/* ---- the adapter ---- */

static void res_changed(void *owner) {
    mt_res *o = owner;
    o->stop(o->a, o->b, o->mt.state != MT_UP);
}

static double res_checked(void *owner, double x, const char *key) {
    mt_res *o = owner;
    return mdl__run_checked(o->r, x, o->what, o->id, key);
}

/* A mode's `skill` (or the PM's): a technician of the people pools, who
 * walks to the resource's station, if it has one. */
static bool res_crew(void *owner, const char *skill, bool repair, double dur) {
    mt_res *o = owner;
    return mdl__run_resource_crew(o->r, o->crew_slot, o->station, skill, repair, dur);
}

static void res_crew_done(void *owner) {
    mt_res *o = owner;
    mdl__run_resource_crew_done(o->r, o->crew_slot);
}

static const mt_hooks res_hooks = {res_changed, res_checked, res_crew, res_crew_done};

mt_server *mdl__maint_res_new(const mt_res *who, const mdl_maint_spec *spec, const mdl_model *model, sim_world *w,
                              uint64_t master, uint64_t fail_stream, uint64_t pred_stream) {
    mt_res *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    *o = *who;
    memset(&o->mt, 0, sizeof o->mt);
    if (!mdl__maint_init(&o->mt, spec, &res_hooks, model, w, o, master, fail_stream, pred_stream, true)) {
        mdl__maint_res_free(&o->mt);
        return NULL;
    }
    return &o->mt;
}

void mdl__maint_res_free(mt_server *mt) {
    if (!mt) return;
    mdl__maint_fini(mt);
    free(mt); /* the adapter's block: its engine comes first */
}

static void res_record(const mt_res *o, mdl_log_kind k) {
    if (o->part >= 0) mdl__run_log_crane(o->r, k, o->resource, o->part);
    else mdl__run_log_resource(o->r, k, o->kind, o->resource);
}

void mdl__maint_res_sync(mt_server *mt, bool working, bool progressing, uint8_t *seen) {
    mdl__maint_sync(mt, working, progressing);
    if (mt->state == *seen) return;
    const mt_res *o = (const mt_res *)(void *)mt;
    if (*seen == MT_DOWN) res_record(o, MDL_LOG_UP);
    if (*seen == MT_MAINT) res_record(o, MDL_LOG_MAINT_END);
    if (mt->state == MT_DOWN) res_record(o, MDL_LOG_DOWN);
    if (mt->state == MT_MAINT) res_record(o, MDL_LOG_MAINT_START);
    *seen = mt->state;
}

/* ---- robots ---- */

static void robot_stopped(void *tr, void *b, bool stopped) { tr_robot_stop(tr, b, stopped); }

int mdl__resource_crew_count(const mdl_model *m) {
    int n = mdl_model_robot_count(m);
    for (int f = 0; f < mdl_model_fleet_count(m); f++) n += mdl_model_fleet(m, f)->count;
    return n + mdl__crane_count(m);
}

/* The technician of crew slot k (robots, then vehicles, then cranes) came. */
void mdl__transport_crew_arrived(tr_run *tr, int k, double dur) {
    if (k >= tr->nrobots + tr->nveh) {
        tr_maint_crane_crew_arrived(tr, k - tr->nrobots - tr->nveh, dur);
        return;
    }
    if (k < tr->nrobots) {
        mdl__maint_crew_arrived(tr->robots[k].mt, dur);
        return;
    }
    mdl__maint_crew_arrived(tr->veh[k - tr->nrobots].mt, dur); /* (only a vehicle with an engine asks) */
}

/* A robot's technician comes to the first station it tends (crew slot:
 * the robot's index). */
bool tr_maint_robot_init(tr_run *tr, tr_robot *b) {
    mt_res who = {.r = tr->r, .what = "robot", .id = b->spec->id, .kind = MDL_RES_ROBOT, .resource = b->index,
                  .part = -1, .crew_slot = b->index, .station = b->spec->tends[0], .stop = robot_stopped,
                  .a = tr, .b = b};
    uint64_t fail = sim_rng_stream_id(b->spec->id, (uint64_t)3 << 40 | 4);
    uint64_t pred = sim_rng_stream_id(b->spec->id, (uint64_t)3 << 40 | 5);
    b->mt = mdl__maint_res_new(&who, b->spec->maint, tr->m, tr->w, tr->master, fail, pred);
    return b->mt != NULL;
}

void tr_maint_robot_free(tr_robot *b) {
    mdl__maint_res_free(b->mt);
    b->mt = NULL;
}

/* What the robot does, for the engine's clocks, and the records of the
 * engine's changes of state (the robot as the resource). */
void tr_maint_robot_sync(tr_robot *b) { mdl__maint_res_sync(b->mt, b->cur != 0, b->cur != 0 && !b->down, &b->mt_seen); }

void tr_maint_robot_cycle(tr_robot *b) {
    mdl__maint_cycle(b->mt);
    if (b->mt->state != MT_UP) b->down = true; /* a maintenance due at the end of the task began */
}

void tr_maint_robot_warmup(tr_robot *b) { mdl__maint_window(b->mt); }

bool tr_maint_robot_maint(const tr_robot *b) { return b->mt->state == MT_MAINT; }

void tr_maint_robot_result(const tr_robot *b, const double *acc, double *o) {
    double total = 0.0;
    for (int k = 0; k < MDL_ROBOT_STATE_COUNT; k++) total += acc[k];
    double r[MT_RES_COUNT];
    mdl__maint_res_kpis(b->mt, acc[MDL_ROBOT_BUSY] + acc[MDL_ROBOT_MOVING], acc[MDL_ROBOT_DOWN], acc[MDL_ROBOT_MAINT],
                        total, r);
    static const int to[MT_RES_COUNT] = {MDL_RKPI_FAILURES, MDL_RKPI_MTBF_H, MDL_RKPI_MTTR_H, MDL_RKPI_RESPONSE_S,
                                         -1, -1, MDL_RKPI_PM, MDL_RKPI_PDM, MDL_RKPI_CBM, -1, MDL_RKPI_MAINT_COST};
    mdl__maint_res_put(r, to, o);
}
