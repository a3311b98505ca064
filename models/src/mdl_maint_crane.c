/*
 * mdl_maint_crane.c - failure modes and maintenance of AS/RS cranes: the
 * engine of mdl_maint.c, one per aisle's crane (each its own modes' ages,
 * clocks and streams), through the resource adapter of mdl_maint_res.c.
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
#include <string.h>

#include "mdl_asrs_internal.h"
#include "mdl_internal.h"
#include "mdl_maint_internal.h"

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

static void crane_stopped(void *a, void *ai, bool stopped) {
    if (stopped) crane_stop(a, ai);
    else crane_resume(a, ai);
}

/* Crew slots: the robots', the vehicles', then the cranes' (mdl__resource_crew_count). */
static int crew_slot(const tr_asrs *a, const tr_aisle *ai) {
    return mdl__resource_crew_count(a->tr->m) - mdl__crane_count(a->tr->m) + a->first_crane + ai->index;
}

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

/* A crane's technician (a mode's `skill`) comes without a walk: a crane
 * stands at no station. */
bool tr_maint_crane_init(tr_asrs *a, tr_aisle *ai) {
    mt_res who = {.r = a->tr->r, .what = "asrs", .id = a->spec->id, .kind = MDL_RES_CRANE, .resource = a->index,
                  .part = ai->index, .crew_slot = crew_slot(a, ai), .station = -1, .stop = crane_stopped,
                  .a = a, .b = ai};
    uint64_t k = (uint64_t)ai->index;
    uint64_t fail = sim_rng_stream_id(a->spec->id, (uint64_t)6 << 40 | (uint64_t)1 << 32 | k);
    uint64_t pred = sim_rng_stream_id(a->spec->id, (uint64_t)6 << 40 | (uint64_t)2 << 32 | k);
    ai->mt = mdl__maint_res_new(&who, a->spec->maint, a->tr->m, a->tr->w, a->tr->master, fail, pred);
    if (!ai->mt) return false;
    if (a->off) mdl__maint_offshift(ai->mt, true);
    return true;
}

void tr_maint_crane_free(tr_aisle *ai) {
    mdl__maint_res_free(ai->mt);
    ai->mt = NULL;
}

void tr_maint_crane_warmup(tr_aisle *ai) { mdl__maint_window(ai->mt); }

void tr_maint_crane_shift(tr_aisle *ai, bool off) { mdl__maint_offshift(ai->mt, off); }

/* What the crane does, for the engine's clocks, and the records of the
 * engine's changes of state (the AS/RS as the resource, the aisle as the
 * detail); returns the ledger state (st when up). */
int tr_maint_crane_state(tr_asrs *a, tr_aisle *ai, int st) {
    (void)a; /* (the adapter knows the crane's AS/RS) */
    bool progressing = ai->busy && !ai->down && (st == MDL_CRANE_MOVING || st == MDL_CRANE_HANDLING);
    mdl__maint_res_sync(ai->mt, ai->busy, progressing, &ai->mt_seen);
    if (!ai->down) return st;
    return ai->mt->state == MT_MAINT ? MDL_CRANE_MAINT : MDL_CRANE_DOWN;
}

void tr_maint_crane_cycle(tr_asrs *a, tr_aisle *ai) {
    mdl__maint_cycle(ai->mt);
    if (ai->mt->state != MT_UP) crane_stop(a, ai); /* a maintenance due at the end of the cycle began */
}

/* An AS/RS's: its cranes' counts summed, MTBF and MTTR over their summed
 * times (acc: the cranes' summed ledger), the response time over all their
 * repairs that had one. */
void tr_maint_crane_result(const tr_asrs *a, const double *acc, double *o) {
    mt_counts c;
    memset(&c, 0, sizeof c);
    for (int k = 0; k < a->spec->aisles; k++)
        if (a->aisle[k].mt) mdl__maint_counts_add(&c, a->aisle[k].mt);
    double tot = 0.0, r[MT_RES_COUNT];
    for (int j = 0; j < MDL_CRANE_STATE_COUNT; j++) tot += acc[j];
    mdl__maint_counts_kpis(&c, acc[MDL_CRANE_MOVING] + acc[MDL_CRANE_HANDLING], acc[MDL_CRANE_DOWN],
                           acc[MDL_CRANE_MAINT], tot, r);
    static const int to[MT_RES_COUNT] = {MDL_WKPI_FAILURES, MDL_WKPI_MTBF_H, MDL_WKPI_MTTR_H, MDL_WKPI_RESPONSE_S,
                                         MDL_WKPI_DOWN, MDL_WKPI_MAINT, MDL_WKPI_PM, MDL_WKPI_PDM, MDL_WKPI_CBM, -1,
                                         MDL_WKPI_MAINT_COST};
    mdl__maint_res_put(r, to, o);
}
