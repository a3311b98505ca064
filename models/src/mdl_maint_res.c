/*
 * mdl_maint_res.c - failure modes and maintenance of resources other than
 * a station's servers: robots. The same engine (mdl_maint.c), one per
 * robot, through its hooks: a robot's clocks are calendar time (while it
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

#include "mdl_internal.h"
#include "mdl_asrs_internal.h"
#include "mdl_maint_internal.h"
#include "mdl_transport_internal.h"

static void robot_changed(void *owner) {
    tr_robot *b = owner;
    tr_robot_stop(b->tr, b, b->mt->state != MT_UP);
}

static double robot_checked(void *owner, double x, const char *key) {
    tr_robot *b = owner;
    return mdl__run_checked(b->tr->r, x, "robot", b->spec->id, key);
}

/* A mode's `skill` (or the PM's): a technician of the people pools, who
 * comes to the first station the robot tends (crew slot: the robot's index). */
static bool robot_crew(void *owner, const char *skill, bool repair, double dur) {
    tr_robot *b = owner;
    return mdl__run_resource_crew(b->tr->r, b->index, b->spec->tends[0], skill, repair, dur);
}

static void robot_crew_done(void *owner) {
    tr_robot *b = owner;
    mdl__run_resource_crew_done(b->tr->r, b->index);
}

static const mt_hooks robot_hooks = {robot_changed, robot_checked, robot_crew, robot_crew_done};

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

bool tr_maint_robot_init(tr_run *tr, tr_robot *b) {
    b->mt = calloc(1, sizeof *b->mt);
    if (!b->mt) return false;
    uint64_t fail = sim_rng_stream_id(b->spec->id, (uint64_t)3 << 40 | 4);
    uint64_t pred = sim_rng_stream_id(b->spec->id, (uint64_t)3 << 40 | 5);
    return mdl__maint_init(b->mt, b->spec->maint, &robot_hooks, tr->m, tr->w, b, tr->master, fail, pred, true);
}

void tr_maint_robot_free(tr_robot *b) {
    if (!b->mt) return;
    mdl__maint_fini(b->mt);
    free(b->mt);
    b->mt = NULL;
}

/* What the robot does, for the engine's clocks, and the records of the
 * engine's changes of state (the robot as the resource). */
void tr_maint_robot_sync(tr_robot *b) {
    mt_server *mt = b->mt;
    mdl__maint_sync(mt, b->cur != 0, b->cur != 0 && !b->down);
    if (mt->state == b->mt_seen) return;
    mdl_run *r = b->tr->r;
    if (b->mt_seen == MT_DOWN) mdl__run_log_resource(r, MDL_LOG_UP, MDL_RES_ROBOT, b->index);
    if (b->mt_seen == MT_MAINT) mdl__run_log_resource(r, MDL_LOG_MAINT_END, MDL_RES_ROBOT, b->index);
    if (mt->state == MT_DOWN) mdl__run_log_resource(r, MDL_LOG_DOWN, MDL_RES_ROBOT, b->index);
    if (mt->state == MT_MAINT) mdl__run_log_resource(r, MDL_LOG_MAINT_START, MDL_RES_ROBOT, b->index);
    b->mt_seen = mt->state;
}

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
