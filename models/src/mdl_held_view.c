/*
 * mdl_held_view.c - what the viewer reads of units that material handling
 * holds between two stations without moving them: the units waiting on a
 * station's out-point (transport requests not loaded yet), at a receiving
 * dock, on an AS/RS's input and output points, and the unit a crane
 * carries. Read-only views of
 * the run's transport state, as mdl_run_vehicle_unit and
 * mdl_run_conveyor_unit are for vehicles and belts (mdl_transport.h,
 * mdl_asrs.h).
 */
#include "mdl_asrs_internal.h"
#include "mdl_dock.h"
#include "mdl_transport.h"

/* The k-th fleet request waiting at place `place` (fleet by fleet, each
 * in arrival order), not loaded yet; UINT32_MAX: fewer wait. */
static uint32_t waiting_at(const tr_run *tr, int place, size_t k) {
    for (int fl = 0; fl < tr->nfleets; fl++)
        for (int i = tr->fleets[fl].req_head; i >= 0; i = tr->reqs[i].next)
            if (tr->reqs[i].from == place && k-- == 0) return tr->reqs[i].unit;
    return UINT32_MAX;
}

bool mdl_run_outpoint_unit(const mdl_run *r, int station, size_t k, mdl_unit_view *u) {
    const tr_run *tr = mdl__run_transport(r);
    if (!tr || station < 0 || station >= tr->nst) return false;
    uint32_t ui = waiting_at(tr, station, k);
    if (ui == UINT32_MAX) return false;
    if (u) mdl__run_unit_view(r, ui, u);
    return true;
}

static const tr_asrs *asrs_of(const mdl_run *r, int asrs) {
    const tr_run *tr = mdl__run_transport(r);
    return tr && asrs >= 0 && asrs < tr->nasrs ? &tr->asrs[asrs] : NULL;
}

size_t mdl_run_asrs_out_len(const mdl_run *r, int asrs) {
    const tr_asrs *a = asrs_of(r, asrs);
    if (!a) return 0;
    if (a->spec->deliver >= 0) return (size_t)a->tr->out[a->place].count; /* for its fleet */
    return (size_t)(a->nout / 2);                                         /* in line for its belt */
}

bool mdl_run_asrs_out_unit(const mdl_run *r, int asrs, size_t k, mdl_unit_view *u) {
    const tr_asrs *a = asrs_of(r, asrs);
    if (!a) return false;
    uint32_t ui = UINT32_MAX;
    if (a->spec->deliver >= 0)
        ui = waiting_at(a->tr, a->place, k);
    else if (k < (size_t)(a->nout / 2))
        ui = (uint32_t)a->out[2 * k];
    if (ui == UINT32_MAX) return false;
    if (u) mdl__run_unit_view(r, ui, u);
    return true;
}

bool mdl_run_crane_unit(const mdl_run *r, int asrs, int aisle, mdl_unit_view *u) {
    const tr_asrs *a = asrs_of(r, asrs);
    if (!a || aisle < 0 || aisle >= a->spec->aisles || !a->aisle[aisle].loaded) return false;
    const tr_aisle *ai = &a->aisle[aisle];
    /* Loaded from picking a store at the input point to depositing it, and
     * from picking a retrieval in its cell to dropping it: the next of
     * those two steps says which unit it holds. */
    for (int s = ai->step; s < ai->nsteps; s++)
        if (ai->steps[s].act == ACT_DEPOSIT || ai->steps[s].act == ACT_DROP) {
            if (u) mdl__run_unit_view(r, ai->steps[s].act == ACT_DEPOSIT ? ai->st.unit : ai->rt.unit, u);
            return true;
        }
    return false;
}

/* The k-th unit on the input point: each aisle's, the one its crane is on
 * its way to pick up first, then its line of stores in order;
 * UINT32_MAX: fewer. */
static uint32_t input_unit(const tr_asrs *a, size_t k) {
    for (int i = 0; i < a->spec->aisles; i++) {
        const tr_aisle *ai = &a->aisle[i];
        for (int s = ai->busy ? ai->step : ai->nsteps; s < ai->nsteps; s++)
            if (ai->steps[s].act == ACT_PICK_INPUT && k-- == 0) return ai->st.unit;
        if (k < (size_t)ai->sq.n) return ai->sq.a[(ai->sq.head + (int)k) % ai->sq.cap].unit;
        k -= (size_t)ai->sq.n;
    }
    return UINT32_MAX;
}

size_t mdl_run_asrs_in_len(const mdl_run *r, int asrs) {
    const tr_asrs *a = asrs_of(r, asrs);
    size_t n = 0;
    while (a && input_unit(a, n) != UINT32_MAX) n++;
    return n;
}

bool mdl_run_asrs_in_unit(const mdl_run *r, int asrs, size_t k, mdl_unit_view *u) {
    const tr_asrs *a = asrs_of(r, asrs);
    uint32_t ui = a ? input_unit(a, k) : UINT32_MAX;
    if (ui == UINT32_MAX) return false;
    if (u) mdl__run_unit_view(r, ui, u);
    return true;
}

bool mdl_run_dock_unit(const mdl_run *r, int dock, size_t k, mdl_unit_view *u) {
    const tr_run *tr = mdl__run_transport(r);
    if (!tr || dock < 0 || dock >= tr->ndocks) return false;
    size_t line = (size_t)tr_dock_line_len(tr, dock);
    uint32_t ui = k < line ? tr_dock_line_unit(tr, dock, (int)k) : waiting_at(tr, tr->nst + dock, k - line);
    if (ui == UINT32_MAX) return false;
    if (u) mdl__run_unit_view(r, ui, u);
    return true;
}
