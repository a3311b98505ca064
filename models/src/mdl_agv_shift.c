/*
 * mdl_agv_shift.c - vehicles on their fleet's shift calendar (issue 20).
 *
 * Off shift a vehicle ends the task in hand (a pick-up it drove to is
 * loaded and delivered), then goes where a free vehicle goes (its idle
 * policy: a parking place; never a charger) and takes no new task: it is
 * left out of the fleet's available vehicles (mdl_agv_idle.c and the
 * dispatch scan) and its idle time is booked `off` (MDL_V_OFF). It still
 * charges when its idle draw takes it below the threshold. On again, the
 * fleet's waiting requests are dispatched under its rule, in order of
 * arrival (as if they came then).
 * As with a stop (mdl_maint_vehicle.c), every change of the flag goes
 * through tr_agv_refresh, which keeps the idle lists right.
 */
#include "mdl_agv_internal.h"

void tr_agv_shift(tr_run *tr, int cal, bool on) {
    for (int fi = 0; fi < tr->nfleets; fi++) {
        tr_fleet *f = &tr->fleets[fi];
        if (f->spec->calendar != cal) continue;
        for (int g = f->first; g < f->first + f->count; g++) {
            tr_vehicle *v = &tr->veh[g];
            v->off = !on;
            tr_agv_refresh(tr, v);
        }
        if (on) tr_agv_dispatch_waiting(tr, f);
    }
}
