/*
 * mdl_maint_crane.c - failure modes and maintenance of AS/RS cranes: the
 * engine of mdl_maint.c, one per aisle's crane (each its own modes' ages,
 * clocks and streams), through its hooks.
 *
 * Clocks: calendar time (while the crane is up), operating time (moving
 * or handling) and cycles (storage / retrieval cycles done: a dual-command
 * cycle is one). `end_of_unit` is the end of the cycle in hand; a `window`
 * is an off-shift period of the line's calendar (the cranes follow it), or
 * an on period of `maintenance.window`.
 *
 * A stop (a failure or a maintenance) pauses the step in hand: the crane
 * stands where it is (between two cells, or at a cell or the I/O point with
 * the unit on its forks), the step's time left runs after the stop, and
 * the cycle goes on from there. It finishes nothing new meanwhile: no step
 * ends, no cycle starts; the stores and retrievals given to its aisle wait
 * in the aisle's queues (new units still go to the aisle with the fewest
 * requests waiting). The crane's ledger says `down` (`maintenance`) from
 * the engine's stop to its end.
 *
 * A mode's `skill` (and the PM's `pm_skill`) asks the people part for a
 * technician, as for robots and vehicles; the wait (response time) is
 * downtime, inside MTTR. The technician comes without a walk (a crane is
 * at no station). Without a skill the work starts at once.
 *
 * Streams: the engine's fail and predictor streams are named after the
 * AS/RS's id and the aisle (purposes 1 and 2 of the crane family), so an
 * AS/RS without failure modes draws exactly what it drew before.
 */
#include <math.h>
#include <stdlib.h>

#include "mdl_asrs_internal.h"
#include "mdl_internal.h"
#include "mdl_maint_internal.h"

/* The engine's owner: the crane's AS/RS and aisle (the hooks get one pointer). */
typedef struct crane_owner {
    tr_asrs *a;
    tr_aisle *ai;
} crane_owner;

static void crane_stop(tr_asrs *a, tr_aisle *ai) {
    if (ai->down) return;
    ai->down = true;
    double now = tr_now(a->tr), span = ai->leg_t1 - ai->leg_t0;
    double f = span > 0.0 ? (now - ai->leg_t0) / span : 1.0;
    f = f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
    ai->x0 += f * (ai->x1 - ai->x0); /* it stands here (the viewer) */
    ai->y0 += f * (ai->y1 - ai->y0);
    if (ai->busy && ai->ev) {
        sim_event_cancel(a->tr->w, ai->ev);
        ai->ev = 0;
        ai->paused = true;
        ai->left = ai->leg_t1 - now > 0.0 ? ai->leg_t1 - now : 0.0;
    } else {
        ai->x1 = ai->x0;
        ai->y1 = ai->y0;
    }
    tr_crane_ledger(a, ai, (int)ai->led.state);
}

static void crane_resume(tr_asrs *a, tr_aisle *ai) {
    if (!ai->down) return;
    ai->down = false;
    double now = tr_now(a->tr);
    if (ai->paused) { /* the step in hand goes on */
        ai->paused = false;
        ai->leg_t0 = now;
        ai->leg_t1 = now + ai->left;
        tr_crane_ledger(a, ai, ai->steps[ai->step].state);
        tr_crane_step_event(a, ai, ai->left);
        return;
    }
    tr_crane_ledger(a, ai, ai->busy ? ai->steps[ai->step].state : a->off ? MDL_CRANE_OFF : MDL_CRANE_IDLE);
    tr_crane_dispatch(a, ai);
}

static void crane_changed(void *owner) {
    crane_owner *o = owner;
    if (o->ai->mt->state != MT_UP) crane_stop(o->a, o->ai);
    else crane_resume(o->a, o->ai);
}

static double crane_checked(void *owner, double x, const char *key) {
    crane_owner *o = owner;
    return mdl__run_checked(o->a->tr->r, x, "asrs", o->a->spec->id, key);
}

/* Crew slots: the robots', the vehicles', then the cranes' (mdl__resource_crew_count). */
static int crew_slot(const tr_asrs *a, const tr_aisle *ai) {
    return mdl__resource_crew_count(a->tr->m) - mdl__crane_count(a->tr->m) + a->first_crane + ai->index;
}

/* A mode's `skill`: a technician of the people pools; a crane stands at
 * no station: no walk. */
static bool crane_crew(void *owner, const char *skill, bool repair, double dur) {
    crane_owner *o = owner;
    return mdl__run_resource_crew(o->a->tr->r, crew_slot(o->a, o->ai), -1, skill, repair, dur);
}

static void crane_crew_done(void *owner) {
    crane_owner *o = owner;
    mdl__run_resource_crew_done(o->a->tr->r, crew_slot(o->a, o->ai));
}

static const mt_hooks crane_hooks = {crane_changed, crane_checked, crane_crew, crane_crew_done};

int mdl__crane_count(const mdl_model *m) {
    int n = 0;
    for (int i = 0; i < mdl_model_asrs_count(m); i++) n += mdl_model_asrs(m, i)->aisles;
    return n;
}

/* The technician of crane k (over all the AS/RS, in order) came. */
void tr_maint_crane_crew_arrived(tr_run *tr, int k, double dur) {
    for (int i = 0; i < tr->nasrs; i++) {
        tr_asrs *a = &tr->asrs[i];
        if (k < a->first_crane + a->spec->aisles) {
            mdl__maint_crew_arrived(a->aisle[k - a->first_crane].mt, dur); /* (only a crane with an engine asks) */
            return;
        }
    }
}

bool tr_maint_crane_init(tr_asrs *a, tr_aisle *ai) {
    /* the engine and its owner in one block (the owner right after it) */
    ai->mt = calloc(1, sizeof(mt_server) + sizeof(crane_owner));
    if (!ai->mt) return false;
    crane_owner *o = (crane_owner *)(void *)(ai->mt + 1);
    *o = (crane_owner){a, ai};
    uint64_t k = (uint64_t)ai->index;
    uint64_t fail = sim_rng_stream_id(a->spec->id, (uint64_t)6 << 40 | (uint64_t)1 << 32 | k);
    uint64_t pred = sim_rng_stream_id(a->spec->id, (uint64_t)6 << 40 | (uint64_t)2 << 32 | k);
    if (!mdl__maint_init(ai->mt, a->spec->maint, &crane_hooks, a->tr->m, a->tr->w, o, a->tr->master, fail, pred,
                         true))
        return false;
    if (a->off) mdl__maint_offshift(ai->mt, true);
    return true;
}

void tr_maint_crane_free(tr_aisle *ai) {
    if (!ai->mt) return;
    mdl__maint_fini(ai->mt);
    free(ai->mt);
    ai->mt = NULL;
}

void tr_maint_crane_warmup(tr_aisle *ai) { mdl__maint_window(ai->mt); }

void tr_maint_crane_shift(tr_aisle *ai, bool off) { mdl__maint_offshift(ai->mt, off); }

/* What the crane does, for the engine's clocks, and the records of the
 * engine's changes of state (the AS/RS as the resource, the aisle as the
 * detail); returns the ledger state (st when up). */
int tr_maint_crane_state(tr_asrs *a, tr_aisle *ai, int st) {
    mt_server *mt = ai->mt;
    bool progressing = ai->busy && !ai->down && (st == MDL_CRANE_MOVING || st == MDL_CRANE_HANDLING);
    mdl__maint_sync(mt, ai->busy, progressing);
    if (mt->state != ai->mt_seen) {
        mdl_run *r = a->tr->r;
        if (ai->mt_seen == MT_DOWN) mdl__run_log_crane(r, MDL_LOG_UP, a->index, ai->index);
        if (ai->mt_seen == MT_MAINT) mdl__run_log_crane(r, MDL_LOG_MAINT_END, a->index, ai->index);
        if (mt->state == MT_DOWN) mdl__run_log_crane(r, MDL_LOG_DOWN, a->index, ai->index);
        if (mt->state == MT_MAINT) mdl__run_log_crane(r, MDL_LOG_MAINT_START, a->index, ai->index);
        ai->mt_seen = mt->state;
    }
    if (!ai->down) return st;
    return mt->state == MT_MAINT ? MDL_CRANE_MAINT : MDL_CRANE_DOWN;
}

void tr_maint_crane_cycle(tr_asrs *a, tr_aisle *ai) {
    mdl__maint_cycle(ai->mt);
    if (ai->mt->state != MT_UP) crane_stop(a, ai); /* a maintenance due at the end of the cycle began */
}

/* An AS/RS's: its cranes' counts summed, MTBF and MTTR over their summed
 * times (acc: the cranes' summed ledger), the response time over all their
 * repairs that had one. */
void tr_maint_crane_result(const tr_asrs *a, const double *acc, double *o) {
    double fails = 0.0, pm = 0.0, pdm = 0.0, cbm = 0.0, cost = 0.0, resp = 0.0, nresp = 0.0, tot = 0.0;
    for (int k = 0; k < a->spec->aisles; k++) {
        const mt_server *mt = a->aisle[k].mt;
        fails += (double)mt->win.n[MT_REPAIR];
        pm += (double)mt->win.n[MT_PM];
        pdm += (double)mt->win.n[MT_PDM];
        cbm += (double)mt->win.n[MT_CBM];
        cost += mt->win.cost;
        resp += mt->win.response_s;
        nresp += (double)mt->win.responses;
    }
    for (int j = 0; j < MDL_CRANE_STATE_COUNT; j++) tot += acc[j];
    double operating = acc[MDL_CRANE_MOVING] + acc[MDL_CRANE_HANDLING];
    o[MDL_WKPI_DOWN] = tot > 0.0 ? acc[MDL_CRANE_DOWN] / tot : 0.0;
    o[MDL_WKPI_MAINT] = tot > 0.0 ? acc[MDL_CRANE_MAINT] / tot : 0.0;
    o[MDL_WKPI_FAILURES] = fails;
    o[MDL_WKPI_MTBF_H] = fails > 0.0 ? operating / 3600.0 / fails : 0.0;
    o[MDL_WKPI_MTTR_H] = fails > 0.0 ? acc[MDL_CRANE_DOWN] / 3600.0 / fails : 0.0;
    o[MDL_WKPI_RESPONSE_S] = nresp > 0.0 ? resp / nresp : 0.0;
    o[MDL_WKPI_PM] = pm;
    o[MDL_WKPI_PDM] = pdm;
    o[MDL_WKPI_CBM] = cbm;
    o[MDL_WKPI_MAINT_COST] = cost;
}
