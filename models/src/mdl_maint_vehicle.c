/*
 * mdl_maint_vehicle.c - failure modes and maintenance of AGVs: the engine
 * of mdl_maint.c, one per vehicle (each its own modes' ages, clocks and
 * streams), through the resource adapter of mdl_maint_res.c.
 *
 * Clocks: calendar time (while the vehicle is up), operating time
 * (driving or loading / unloading) and cycles (trips done: a trip ends
 * when its last unit is unloaded). `end_of_unit` is the end of the trip in
 * hand; a `window` is an on period of the maintenance calendar
 * (`maintenance.window`; a vehicle has no shifts of its own).
 *
 * A stop (a failure or a maintenance) is safe in traffic. The vehicle's
 * ledger says `down` (`maintenance`) from the engine's stop to its end.
 *   - Driving: it finishes the stretch it has reserved (its zones are its
 *     own: nobody else can be there) and stands at its end; it starts no
 *     new stretch until the end of the stop.
 *   - Standing, waiting for a zone: it stops waiting (it is not part of any
 *     wait-for chain while down).
 *   - Loading or unloading: the work is paused; the time left runs after
 *     the stop.
 *   - Charging: the charge goes on.
 * A stopped vehicle keeps its node zone, its corridor and its claims: the
 * others wait for it or re-route, exactly as for a vehicle standing there
 * with a task. It is never sent aside as an idle vehicle, and the traffic
 * watchdog (the forced pass after ten deadlock timeouts) does not fire
 * while a vehicle of the run is stopped, so a stop adds no forced pass.
 * Its task waits for it (it is not handed to another vehicle: the vehicle
 * may hold the units); a free vehicle takes no request while stopped.
 * After the stop it carries on where it was.
 *
 * A mode's `skill` (and the PM's `pm_skill`) asks the people part for a
 * technician, as for stations; the wait (response time) is downtime,
 * inside MTTR. The technician comes without a walk (a vehicle is at no
 * station; it is not drawn meanwhile). Without a skill the work starts
 * at once.
 *
 * Streams: the engine's fail and predictor streams are named after the
 * fleet's id and the vehicle's number in it (purposes 1 and 2 of the
 * vehicle family), so a fleet without failure modes draws exactly what it
 * drew before.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"
#include "mdl_internal.h"
#include "mdl_maint_internal.h"

/* The time its own event is due (+inf: none). */
static double own_time(const tr_run *tr, const tr_vehicle *v) {
    double t;
    uint64_t b = tr->own_key[tr->own_n + v->index];
    memcpy(&t, &b, sizeof t);
    return t;
}

static void vehicle_stop(tr_run *tr, tr_vehicle *v) {
    if (v->down) return;
    v->down = true;
    if (v->task.handling && !v->paused && v->motion.next_kind == VE_HANDLED) {
        double t = own_time(tr, v);
        if (isfinite(t)) {
            v->paused = true;
            v->paused_left = t - tr_now(tr) > 0.0 ? t - tr_now(tr) : 0.0;
            vehicle_at(tr, v, INFINITY, VE_HANDLED);
        }
    }
    if (v->traffic.wait_zone >= 0 && !v->motion.moving) {
        tr_agv_zone_unwait(tr, v);
        v->traffic.was_waiting = false;
        v->traffic.force_due = INFINITY; /* a pending check finds nothing to do */
    }
    tr_agv_refresh(tr, v);
}

static void vehicle_resume(tr_run *tr, tr_vehicle *v) {
    if (!v->down) return;
    v->down = false;
    if (v->paused) {
        v->paused = false;
        vehicle_at(tr, v, tr_now(tr) + v->paused_left, VE_HANDLED);
        tr_agv_refresh(tr, v);
    } else if (v->motion.moving || v->task.handling || v->task.blocked || v->battery.charging ||
               v->battery.waiting_charger) {
        tr_agv_refresh(tr, v); /* it carries on by itself */
    } else if (v->task.kind == VT_NONE) {
        tr_agv_free_vehicle(tr, v); /* a free vehicle: the next request, or park */
    } else {
        tr_agv_advance(tr, v); /* on its way: on from the node where it stands */
    }
}

static void vehicle_stopped(void *tr, void *v, bool stopped) {
    if (stopped) vehicle_stop(tr, v);
    else vehicle_resume(tr, v);
}

/* A mode's `skill`: a technician of the people pools (crew slot: after
 * the robots'); a vehicle stands at no station: no walk. */
bool tr_maint_vehicle_init(tr_run *tr) {
    for (int g = 0; g < tr->nveh; g++) {
        tr_vehicle *v = &tr->veh[g];
        if (!v->spec->maint || v->task.held) continue; /* (held: switched off, it runs nothing) */
        mt_res who = {.r = tr->r, .what = "fleet", .id = v->spec->id, .kind = MDL_RES_VEHICLE, .resource = v->index,
                      .part = -1, .crew_slot = tr->nrobots + v->index, .station = -1, .stop = vehicle_stopped,
                      .a = tr, .b = v};
        int k = g - tr->fleets[v->fleet].first;
        uint64_t fail = sim_rng_stream_id(v->spec->id, (uint64_t)4 << 40 | (uint64_t)1 << 32 | (uint64_t)k);
        uint64_t pred = sim_rng_stream_id(v->spec->id, (uint64_t)4 << 40 | (uint64_t)2 << 32 | (uint64_t)k);
        v->mt = mdl__maint_res_new(&who, v->spec->maint, tr->m, tr->w, tr->master, fail, pred);
        if (!v->mt) return false;
    }
    return true;
}

void tr_maint_vehicle_free(tr_run *tr) {
    for (int g = 0; g < tr->nveh && tr->veh; g++) {
        mdl__maint_res_free(tr->veh[g].mt);
        tr->veh[g].mt = NULL;
    }
}

/* What the vehicle does, for the engine's clocks, and the record of the
 * engine's changes of state; returns the ledger state (st when up). */
int tr_maint_vehicle_state(tr_run *tr, tr_vehicle *v, int st) {
    (void)tr; /* (the adapter knows the vehicle's run) */
    bool working = v->task.kind == VT_PICKUP || v->task.kind == VT_DROP;
    bool progressing = !v->down && (v->motion.moving || (v->task.handling && !v->paused));
    mdl__maint_res_sync(v->mt, working, progressing, &v->mt_seen);
    if (!v->down) return st;
    return v->mt->state == MT_MAINT ? MDL_V_MAINT : MDL_V_DOWN;
}

void tr_maint_vehicle_cycle(tr_run *tr, tr_vehicle *v) {
    mdl__maint_cycle(v->mt);
    if (v->mt->state != MT_UP) vehicle_stop(tr, v); /* a maintenance due at the end of the trip began */
}

bool tr_maint_any_down(const tr_run *tr) {
    for (int g = 0; g < tr->nveh; g++)
        if (tr->veh[g].down) return true;
    return false;
}

void tr_maint_vehicle_warmup(tr_run *tr) {
    for (int g = 0; g < tr->nveh; g++)
        if (tr->veh[g].mt) mdl__maint_window(tr->veh[g].mt);
}

static double total_of(const double *acc) {
    double t = 0.0;
    for (int k = 0; k < MDL_V_STATE_COUNT; k++) t += acc[k];
    return t;
}

static double operating_of(const double *acc) { return acc[MDL_V_LOADED] + acc[MDL_V_EMPTY] + acc[MDL_V_HANDLING]; }

/* A vehicle's (and a fleet's) maintenance KPIs among its own. */
static const int vehicle_kpis[MT_RES_COUNT] = {MDL_FKPI_FAILURES, MDL_FKPI_MTBF_H, MDL_FKPI_MTTR_H,
                                                MDL_FKPI_RESPONSE_S, -1, -1, MDL_FKPI_PM, MDL_FKPI_PDM,
                                                MDL_FKPI_CBM, -1, MDL_FKPI_MAINT_COST};

void tr_maint_vehicle_result(const tr_vehicle *v, const double *acc, double *o) {
    double r[MT_RES_COUNT];
    mdl__maint_res_kpis(v->mt, operating_of(acc), acc[MDL_V_DOWN], acc[MDL_V_MAINT], total_of(acc), r);
    mdl__maint_res_put(r, vehicle_kpis, o);
}

/* A fleet's: its vehicles' counts summed, MTBF and MTTR over its summed
 * times, the response time over all its repairs that had one. */
void tr_maint_fleet_result(const tr_run *tr, const tr_fleet *f, const double *acc, double *o) {
    mt_counts c;
    memset(&c, 0, sizeof c);
    for (int g = f->first; g < f->first + f->count; g++)
        if (tr->veh[g].mt) mdl__maint_counts_add(&c, tr->veh[g].mt);
    double r[MT_RES_COUNT];
    mdl__maint_counts_kpis(&c, operating_of(acc), acc[MDL_V_DOWN], acc[MDL_V_MAINT], total_of(acc), r);
    mdl__maint_res_put(r, vehicle_kpis, o);
}

void tr_maint_vehicle_handle(tr_run *tr, tr_vehicle *v, double dur) {
    if (v->down) {
        v->paused = true;
        v->paused_left = dur;
        return;
    }
    vehicle_at(tr, v, tr_now(tr) + dur, VE_HANDLED);
}
