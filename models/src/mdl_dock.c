/*
 * mdl_dock.c - places and route ends in a run (mdl_dock.h,
 * docs/material-handling.md "Route ends: docks").
 *
 * A *place* is where a transport picks a unit up or drops it: a station
 * (its out-point, its buffer), a dock, or an AS/RS served by fleets (its
 * output point, its input point: mdl_asrs.c). Fleets and belts reach every
 * place through the tr_place_ calls: the node a vehicle drives to, the
 * room reserved for a delivery and the delivery itself.
 *
 * A receiving dock holds the units released at it until they leave for
 * their first station: by fleet they are transport requests on the dock's
 * out-point (unlimited), by belt or directly they wait in the dock's line,
 * first released first, for the belt's entry or the room in the station's
 * buffer (the dock waits there as one token, as a blocked server would).
 * A shipping dock takes units off the line: a delivery reserves one of its
 * doors (`capacity`, 0: any number) and the unit is finished when it is
 * dropped there.
 */
#include <limits.h>
#include <stdlib.h>

#include "mdl_dock.h"
#include "mdl_kpi_at.h"
#include "mdl_transport_internal.h"

typedef struct tr_dock {
    const mdl_dock_spec *spec;
    int place;
    /* receiving: the line of units leaving by belt or directly, FIFO */
    uint32_t *q;
    int *qto;
    double *qt;
    int qhead, qlen, qcap;
    int count;           /* receiving: units at the dock (line and out-point) */
    bool sending;        /* dock_send runs: a retry must not start it again */
    /* shipping: doors taken, and the deliveries waiting for one (tokens) */
    int busy;
    uint32_t *wait;
    int nwait, capwait;
    sim_timeavg queue;
    sim_tally wait_t;
    uint64_t units;
} tr_dock;

bool tr_dock_init(tr_run *tr) {
    tr->ndocks = tr->model->ndocks;
    tr->nplaces = tr->nst + tr->ndocks + tr->model->nasrs; /* (each AS/RS a place: mdl_asrs.c) */
    if (!tr->ndocks) return true;
    tr->docks = calloc((size_t)tr->ndocks, sizeof *tr->docks);
    if (!tr->docks) return false;
    for (int i = 0; i < tr->ndocks; i++) {
        tr_dock *d = &tr->docks[i];
        d->spec = &tr->model->docks[i];
        d->place = tr->nst + i;
        sim_timeavg_init(&d->queue, 0.0, 0.0);
        sim_tally_reset(&d->wait_t);
    }
    return true;
}

void tr_dock_free(tr_run *tr) {
    for (int i = 0; i < tr->ndocks && tr->docks; i++) {
        free(tr->docks[i].q);
        free(tr->docks[i].qto);
        free(tr->docks[i].qt);
        free(tr->docks[i].wait);
    }
    free(tr->docks);
}

void tr_dock_warmup(tr_run *tr, double now) {
    for (int i = 0; i < tr->ndocks; i++) {
        tr_dock *d = &tr->docks[i];
        sim_timeavg_reset(&d->queue, now);
        sim_tally_reset(&d->wait_t);
        d->units = 0;
    }
}

void tr_dock_result(const tr_run *tr, double now, mdl_rep_result *out) {
    for (int i = 0; i < tr->ndocks && out->dock && i < out->ndocks; i++) {
        const tr_dock *d = &tr->docks[i];
        double *o = &out->dock[i * MDL_DKPI_COUNT];
        bool recv = d->spec->kind == MDL_DOCK_RECEIVING;
        o[MDL_DKPI_UNITS] = (double)d->units;
        o[MDL_DKPI_WAIT_S] = recv ? sim_tally_mean(&d->wait_t) : 0.0;
        o[MDL_DKPI_QUEUE] = recv ? sim_timeavg_mean(&d->queue, now) : 0.0;
    }
}

double mdl_rep_dock_kpi(const mdl_rep_result *r, int dock, mdl_dkpi k) {
    return r ? mdl__kpi_at(r->dock, r->ndocks, dock, MDL_DKPI_COUNT, (int)k) : NAN;
}

int mdl_run_dock_units(const mdl_run *r, int dock) {
    const tr_run *tr = r ? mdl__run_transport(r) : NULL;
    return tr && dock >= 0 && dock < tr->ndocks ? tr->docks[dock].count : 0;
}

/* ---- places ------------------------------------------------------------------------ */

static tr_dock *dock_at(const tr_run *tr, int place) { return &tr->docks[place - tr->nst]; }

/* Places after the docks are the AS/RS served by fleets (mdl_asrs.c): the
 * AS/RS of that index. */
static int asrs_at(const tr_run *tr, int place) { return place >= tr->nst + tr->ndocks ? place - tr->nst - tr->ndocks : -1; }

int tr_place_node(const tr_run *tr, int place) {
    if (asrs_at(tr, place) >= 0) return tr_asrs_node(tr, asrs_at(tr, place));
    return place < tr->nst ? tr->model->st_node[place] : dock_at(tr, place)->spec->node;
}

void tr_place_picked(tr_run *tr, int place) {
    if (asrs_at(tr, place) >= 0) tr_asrs_picked(tr, asrs_at(tr, place));
}

/* What dispatching by starvation counts at a destination: a station's
 * units; an AS/RS's input point (units on it and room reserved there) and
 * those in line for it. A shipping dock does no work and so never
 * starves: it counts as fuller than any station (LONG_MAX), and its
 * deliveries go after every request for a station or an AS/RS (among
 * themselves, the older first). */
long tr_place_content(const tr_run *tr, int place) {
    if (asrs_at(tr, place) >= 0) return tr_asrs_content(tr, asrs_at(tr, place));
    return place < tr->nst ? mdl__run_station_content(tr->r, place) : LONG_MAX;
}

/* Is room at place reserved before a pick-up for it (fleets that
 * allocate, mdl_agv_task.c)? At a station and an AS/RS's input point, yes.
 * A shipping dock is a sink whose doors free by themselves (an unloading
 * ends): a vehicle waiting for one can hold no one up for good, so its
 * door is taken when unloading begins. */
bool tr_place_allocated(const tr_run *tr, int place) { return place < tr->nst || asrs_at(tr, place) >= 0; }

bool tr_place_reserve(tr_run *tr, int place, uint32_t token) {
    if (place < tr->nst) return mdl__run_reserve(tr->r, place, token);
    if (asrs_at(tr, place) >= 0) return tr_asrs_reserve(tr, asrs_at(tr, place), token);
    tr_dock *d = dock_at(tr, place);
    if (d->spec->capacity == 0 || (d->busy < d->spec->capacity && d->nwait == 0)) {
        d->busy++;
        return true;
    }
    if (d->nwait == d->capwait) {
        int nc = d->capwait ? d->capwait * 2 : 8;
        uint32_t *p = realloc(d->wait, (size_t)nc * sizeof *p);
        if (!p) mdl__transport_oom(tr);
        d->wait = p;
        d->capwait = nc;
    }
    d->wait[d->nwait++] = token;
    return false;
}

void tr_place_deliver(tr_run *tr, int place, uint32_t unit, mdl_resource_kind rk, int resource, int from) {
    mdl__run_log_move(tr->r, unit, rk, resource, from < tr->nst ? from : -1, place < tr->nst ? place : -1);
    if (place < tr->nst) {
        mdl__run_deliver(tr->r, place, unit);
        return;
    }
    if (asrs_at(tr, place) >= 0) {
        tr_asrs_deliver(tr, asrs_at(tr, place), unit);
        return;
    }
    tr_dock *d = dock_at(tr, place);
    d->busy--;
    d->units++;
    mdl__run_finish(tr->r, unit);
    if (d->nwait > 0 && (d->spec->capacity == 0 || d->busy < d->spec->capacity)) { /* the next in line gets the door */
        uint32_t token = d->wait[0];
        for (int i = 1; i < d->nwait; i++) d->wait[i - 1] = d->wait[i];
        d->nwait--;
        d->busy++;
        mdl__transport_granted(tr, token);
    }
}

/* ---- receiving -------------------------------------------------------------------- */

/* The AS/RS at a product's end (mdl_asrs_ends_model.c), -1: none. */
static int store_end(const tr_run *tr, int product, bool from) {
    const struct tr_model *tm = tr->model;
    return product < tm->cap_store ? (from ? tm->store_from : tm->store_to)[product] : -1;
}

int mdl__transport_dock_of(const tr_run *tr, int product) {
    int dock = product < tr->model->cap_prod ? tr->model->prod_from[product] : -1, a = store_end(tr, product, true);
    return dock >= 0 ? tr->nst + dock : a >= 0 ? tr->nst + tr->ndocks + a : -1;
}

int mdl__transport_ship_place(const tr_run *tr, int product) {
    int to = product < tr->model->cap_prod ? tr->model->prod_to[product] : -1, a = store_end(tr, product, false);
    return to >= 0 ? tr->nst + to : a >= 0 ? tr->nst + tr->ndocks + a : -1;
}

void tr_dock_left(tr_run *tr, int place, double t0) {
    if (asrs_at(tr, place) >= 0) return; /* (an AS/RS's output point keeps no line) */
    tr_dock *d = dock_at(tr, place);
    double now = tr_now(tr);
    d->count--;
    d->units++;
    sim_tally_add(&d->wait_t, now - t0);
    sim_timeavg_set(&d->queue, now, (double)d->count);
}

static void pop_line(tr_run *tr, tr_dock *d) {
    tr_dock_left(tr, d->place, d->qt[d->qhead]);
    d->qhead = (d->qhead + 1) % d->qcap;
    d->qlen--;
}

/* The head of the dock's line leaves while it can: onto its belt, or into
 * its first station's buffer; else the dock waits there (as a token). */
static void dock_send(tr_run *tr, tr_dock *d) {
    uint32_t token = TR_TOKEN_DOCK | (uint32_t)(d->place - tr->nst);
    d->sending = true;
    while (d->qlen > 0) {
        uint32_t u = d->q[d->qhead];
        int to = d->qto[d->qhead], product = mdl__run_unit_product(tr->r, u);
        int k = tr->kind[product * tr->nplaces + d->place], which = tr->which[product * tr->nplaces + d->place];
        if (k == MDL_TRANSPORT_CONVEYOR) {
            if (!tr_conv_offer(tr, (int)token, u, which, to)) break;
            pop_line(tr, d);
        } else {
            if (!mdl__run_reserve(tr->r, to, token)) break;
            pop_line(tr, d);
            mdl__run_deliver(tr->r, to, u);
        }
    }
    d->sending = false;
}

void mdl__transport_receive(tr_run *tr, uint32_t unit, int product, int first) {
    int place = mdl__transport_dock_of(tr, product);
    if (asrs_at(tr, place) >= 0) { /* route ends: released at an AS/RS (mdl_asrs.c) */
        tr_asrs_receive(tr, asrs_at(tr, place), unit, first);
        return;
    }
    tr_dock *d = dock_at(tr, place);
    d->count++;
    sim_timeavg_set(&d->queue, tr_now(tr), (double)d->count);
    int k = tr->kind[product * tr->nplaces + place], which = tr->which[product * tr->nplaces + place];
    if (k == MDL_TRANSPORT_FLEET) { /* a request on the dock's out-point, which has room for all */
        tr_agv_offer(tr, -1, unit, which, place, first);
        return;
    }
    if (d->qlen == d->qcap) {
        int nc = d->qcap ? d->qcap * 2 : 16;
        uint32_t *q = malloc((size_t)nc * sizeof *q);
        int *qto = malloc((size_t)nc * sizeof *qto);
        double *qt = malloc((size_t)nc * sizeof *qt);
        if (!q || !qto || !qt) {
            free(q), free(qto), free(qt);
            mdl__transport_oom(tr);
        }
        for (int i = 0; i < d->qlen; i++) {
            int j = (d->qhead + i) % (d->qcap ? d->qcap : 1);
            q[i] = d->q[j], qto[i] = d->qto[j], qt[i] = d->qt[j];
        }
        free(d->q), free(d->qto), free(d->qt);
        d->q = q, d->qto = qto, d->qt = qt;
        d->qhead = 0;
        d->qcap = nc;
    }
    int at = (d->qhead + d->qlen) % d->qcap;
    d->q[at] = unit, d->qto[at] = first, d->qt[at] = tr_now(tr);
    d->qlen++;
    if (d->qlen == 1 && !d->sending) dock_send(tr, d);
}

bool tr_entry_retry(tr_run *tr, int gid) {
    if ((uint32_t)gid & TR_TOKEN_ASRS) return tr_asrs_entry_retry(tr, (int)((uint32_t)gid & ~TR_TOKEN_ASRS));
    if (!((uint32_t)gid & TR_TOKEN_DOCK)) return mdl__run_entry_retry(tr->r, gid);
    tr_dock *d = &tr->docks[(uint32_t)gid & ~TR_TOKEN_DOCK];
    if (d->qlen == 0 || d->sending) return d->qlen == 0;
    dock_send(tr, d); /* (the belt lets the head on; the next may wait again) */
    return true;
}

void tr_dock_granted(tr_run *tr, int dock) {
    tr_dock *d = &tr->docks[dock];
    /* the room at the head's first station is reserved (mdl_run_lean.c: admit) */
    uint32_t u = d->q[d->qhead];
    int to = d->qto[d->qhead];
    pop_line(tr, d);
    mdl__run_deliver(tr->r, to, u);
    if (!d->sending) dock_send(tr, d);
}

/* ---- the viewer: a receiving dock's line (mdl_run_dock_unit, mdl_held_view.c) --- */

int tr_dock_line_len(const tr_run *tr, int dock) { return tr->docks[dock].qlen; }

uint32_t tr_dock_line_unit(const tr_run *tr, int dock, int k) {
    const tr_dock *d = &tr->docks[dock];
    return d->q[(d->qhead + k) % d->qcap];
}
