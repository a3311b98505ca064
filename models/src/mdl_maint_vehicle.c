/*
 * mdl_maint_vehicle.c - failure modes and maintenance of AGVs: the engine
 * of mdl_maint.c, one per vehicle (each its own modes' ages, clocks and
 * streams), through its hooks.
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

/* The engine's owner: the vehicle and its run (the hooks get one pointer). */
typedef struct veh_owner {
    tr_run *tr;
    tr_vehicle *v;
} veh_owner;

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

static void vehicle_changed(void *owner) {
    veh_owner *o = owner;
    if (o->v->mt->state != MT_UP) vehicle_stop(o->tr, o->v);
    else vehicle_resume(o->tr, o->v);
}

static double vehicle_checked(void *owner, double x, const char *key) {
    veh_owner *o = owner;
    return mdl__run_checked(o->tr->r, x, "fleet", o->v->spec->id, key);
}

/* A mode's `skill`: a technician of the people pools (crew slot: after
 * the robots'); a vehicle stands at no station: no walk. */
static bool vehicle_crew(void *owner, const char *skill, bool repair, double dur) {
    veh_owner *o = owner;
    return mdl__run_resource_crew(o->tr->r, o->tr->nrobots + o->v->index, -1, skill, repair, dur);
}

static void vehicle_crew_done(void *owner) {
    veh_owner *o = owner;
    mdl__run_resource_crew_done(o->tr->r, o->tr->nrobots + o->v->index);
}

static const mt_hooks vehicle_hooks = {vehicle_changed, vehicle_checked, vehicle_crew, vehicle_crew_done};

bool tr_maint_vehicle_init(tr_run *tr) {
    for (int g = 0; g < tr->nveh; g++) {
        tr_vehicle *v = &tr->veh[g];
        if (!v->spec->maint) continue;
        /* the engine and its owner in one block (the owner right after it) */
        v->mt = calloc(1, sizeof(mt_server) + sizeof(veh_owner));
        if (!v->mt) return false;
        veh_owner *o = (veh_owner *)(void *)(v->mt + 1);
        *o = (veh_owner){tr, v};
        int k = g - tr->fleets[v->fleet].first;
        uint64_t fail = sim_rng_stream_id(v->spec->id, (uint64_t)4 << 40 | (uint64_t)1 << 32 | (uint64_t)k);
        uint64_t pred = sim_rng_stream_id(v->spec->id, (uint64_t)4 << 40 | (uint64_t)2 << 32 | (uint64_t)k);
        if (!mdl__maint_init(v->mt, v->spec->maint, &vehicle_hooks, tr->m, tr->w, o, tr->master, fail, pred, true))
            return false;
    }
    return true;
}

void tr_maint_vehicle_free(tr_run *tr) {
    for (int g = 0; g < tr->nveh && tr->veh; g++) {
        tr_vehicle *v = &tr->veh[g];
        if (!v->mt) continue;
        mdl__maint_fini(v->mt);
        free(v->mt);
        v->mt = NULL;
    }
}

/* What the vehicle does, for the engine's clocks, and the record of the
 * engine's changes of state; returns the ledger state (st when up). */
int tr_maint_vehicle_state(tr_run *tr, tr_vehicle *v, int st) {
    mt_server *mt = v->mt;
    bool working = v->task.kind == VT_PICKUP || v->task.kind == VT_DROP;
    bool progressing = !v->down && (v->motion.moving || (v->task.handling && !v->paused));
    mdl__maint_sync(mt, working, progressing);
    if (mt->state != v->mt_seen) {
        if (v->mt_seen == MT_DOWN) mdl__run_log_resource(tr->r, MDL_LOG_UP, MDL_RES_VEHICLE, v->index);
        if (v->mt_seen == MT_MAINT) mdl__run_log_resource(tr->r, MDL_LOG_MAINT_END, MDL_RES_VEHICLE, v->index);
        if (mt->state == MT_DOWN) mdl__run_log_resource(tr->r, MDL_LOG_DOWN, MDL_RES_VEHICLE, v->index);
        if (mt->state == MT_MAINT) mdl__run_log_resource(tr->r, MDL_LOG_MAINT_START, MDL_RES_VEHICLE, v->index);
        v->mt_seen = mt->state;
    }
    if (!v->down) return st;
    return mt->state == MT_MAINT ? MDL_V_MAINT : MDL_V_DOWN;
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

void tr_maint_vehicle_result(const tr_vehicle *v, const double *acc, double *o) {
    double r[MT_RES_COUNT];
    mdl__maint_res_kpis(v->mt, operating_of(acc), acc[MDL_V_DOWN], acc[MDL_V_MAINT], total_of(acc), r);
    static const int to[MT_RES_COUNT] = {MDL_FKPI_FAILURES, MDL_FKPI_MTBF_H, MDL_FKPI_MTTR_H, MDL_FKPI_RESPONSE_S,
                                         -1, -1, MDL_FKPI_PM, MDL_FKPI_PDM, MDL_FKPI_CBM, -1, MDL_FKPI_MAINT_COST};
    mdl__maint_res_put(r, to, o);
}

/* A fleet's: its vehicles' counts summed, MTBF and MTTR over its summed
 * times, the response time over all its repairs that had one. */
void tr_maint_fleet_result(const tr_run *tr, const tr_fleet *f, const double *acc, double *o) {
    double fails = 0.0, pm = 0.0, pdm = 0.0, cbm = 0.0, cost = 0.0, resp = 0.0, nresp = 0.0;
    for (int g = f->first; g < f->first + f->count; g++) {
        const mt_server *mt = tr->veh[g].mt;
        if (!mt) continue;
        fails += (double)mt->win.n[MT_REPAIR];
        pm += (double)mt->win.n[MT_PM];
        pdm += (double)mt->win.n[MT_PDM];
        cbm += (double)mt->win.n[MT_CBM];
        cost += mt->win.cost;
        resp += mt->win.response_s;
        nresp += (double)mt->win.responses;
    }
    o[MDL_FKPI_FAILURES] = fails;
    o[MDL_FKPI_MTBF_H] = fails > 0.0 ? operating_of(acc) / 3600.0 / fails : 0.0;
    o[MDL_FKPI_MTTR_H] = fails > 0.0 ? acc[MDL_V_DOWN] / 3600.0 / fails : 0.0;
    o[MDL_FKPI_RESPONSE_S] = nresp > 0.0 ? resp / nresp : 0.0;
    o[MDL_FKPI_PM] = pm;
    o[MDL_FKPI_PDM] = pdm;
    o[MDL_FKPI_CBM] = cbm;
    o[MDL_FKPI_MAINT_COST] = cost;
}

void tr_maint_vehicle_handle(tr_run *tr, tr_vehicle *v, double dur) {
    if (v->down) {
        v->paused = true;
        v->paused_left = dur;
        return;
    }
    vehicle_at(tr, v, tr_now(tr) + dur, VE_HANDLED);
}
