/*
 * mdl_maint_res.c - failure modes and maintenance of resources other than
 * a station's servers: robots. The same engine (mdl_maint.c), one per
 * robot, through its hooks: a robot's clocks are calendar time (while it
 * is not stopped), operating time (moving or loading / unloading) and
 * cycles (loads and unloads done); `end_of_unit` is the end of the task in
 * hand; a `window` is an on period of the maintenance calendar
 * (`maintenance.window`; a robot has no shifts of its own). A failure or a
 * maintenance pre-empts the task in hand (mdl_robot.c, tr_robot_stop),
 * which resumes afterwards. A robot's repairs start at once: the crews of
 * the people part serve stations only.
 *
 * Streams: the engine's fail and predictor streams are named after the
 * robot's id (purposes 4 and 5 of the robot's family), so a robot without
 * failure modes draws exactly what it drew before.
 */
#include <math.h>
#include <stdlib.h>

#include "mdl_internal.h"
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

static const mt_hooks robot_hooks = {robot_changed, robot_checked, NULL, NULL};

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

void tr_maint_robot_sync(tr_robot *b) { mdl__maint_sync(b->mt, b->cur != 0, b->cur != 0 && !b->down); }

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
    o[MDL_RKPI_FAILURES] = r[MT_RES_FAILURES];
    o[MDL_RKPI_MTBF_H] = r[MT_RES_MTBF_H];
    o[MDL_RKPI_MTTR_H] = r[MT_RES_MTTR_H];
    o[MDL_RKPI_PM] = r[MT_RES_PM];
    o[MDL_RKPI_PDM] = r[MT_RES_PDM];
    o[MDL_RKPI_CBM] = r[MT_RES_CBM];
    o[MDL_RKPI_MAINT_COST] = r[MT_RES_COST];
}
