/*
 * mdl_run_seam.c - the line's side of the transport seam
 * (mdl_transport_seam.h): what fleets, robots and belts call to reserve
 * room, deliver units, retry a blocked exit and finish a robot task.
 */
#include "mdl_run_internal.h"

sim_world *mdl__run_world(mdl_run *r) { return r->w; }
tr_run *mdl__run_transport(const mdl_run *r) { return r->transport; }

/* Is there room at s for the unit of a transport's token? A unit coming
 * back into the loop whose card it holds needs no second card: with every
 * card out it passes those waiting for one (as a direct hand-over does,
 * mdl_run_lean.c: pull), else it would wait for itself. */
static bool accepts_token(const station *s, uint32_t token) {
    if (mdl__station_accepts(s)) return true;
    return s->kanban_in >= 0 && mdl__station_reentry(s, mdl__transport_token_unit(s->run->transport, token));
}

bool mdl__run_reserve(mdl_run *r, int si, uint32_t token) {
    station *s = &r->st[si];
    if (accepts_token(s, token)) {
        mdl__station_reserve(s, token);
        return true;
    }
    ring_push(r, &s->waiters, XFER_BIT | token);
    return false;
}

bool mdl__run_try_reserve(mdl_run *r, int si, uint32_t token) {
    station *s = &r->st[si];
    if (!accepts_token(s, token)) return false;
    mdl__station_reserve(s, token);
    return true;
}

/* Room promised at s to a transport's token: where a kanban loop starts,
 * with its card, unless the token's unit holds it (routing hook). */
void mdl__station_reserve(station *s, uint32_t token) {
    s->reserved++;
    if (s->run->routing && s->kanban_in >= 0)
        mdl__kanban_reserve(s->run, s, mdl__transport_token_unit(s->run->transport, token));
}

void mdl__run_deliver(mdl_run *r, int si, uint32_t ui) {
    station *s = &r->st[si];
    if (s->reserved <= 0) { /* a bug: the run fails with it, app/ reports it */
        mdl__run_fail(r, "internal error (%s:%d): delivery to station '%s' without a reservation", __FILE__, __LINE__,
                      s->spec->id);
        return;
    }
    s->reserved--;
    int back = r->routing ? mdl__kanban_delivered(r, s, ui) : -1; /* routing hook: the reserved card */
    mdl__unit_enter(s, ui);
    if (back >= 0) mdl__kanban_return(r, back);
    mdl__station_pull(s);
}

void mdl__run_finish(mdl_run *r, uint32_t ui) { mdl__unit_exit(r, ui); }

uint32_t mdl__run_stock_unit(mdl_run *r, int product, int *first) {
    uint32_t ui = mdl__unit_new(r, product, -1, -1); /* of no release: its exit releases nothing */
    unit *u = U(r, ui);
    u->step = route_next(r, product, 0, -1); /* variant 0, as a release makes */
    u->due = -1.0;
    *first = r->products[product].route[u->step];
    logev(r, MDL_LOG_CREATE, -1, ui);
    mdl__count_release(r, ui, -1);
    return ui;
}

bool mdl__run_entry_retry(mdl_run *r, int gid) {
    server *sv = r->all[gid];
    if (!sv->transport_wait || server_stopped(sv)) return false;
    sv->transport_wait = false;
    if (sv->st->batching && mdl__bt_resume(sv)) return true; /* batching hook: the batch's riders first */
    mdl__server_after_op(sv);
    return true;
}

void mdl__run_robot_done(mdl_run *r, int gid, bool load) {
    server *sv = r->all[gid];
    if (sv->phase != PH_ROBOT || sv->robot_unload == load) { /* a bug: the run fails with it */
        mdl__run_fail(r, "internal error (%s:%d): robot task does not match the server's phase", __FILE__, __LINE__);
        return;
    }
    if (load) {
        sv->phase = sv->robot_next;
        mdl__server_refresh(sv);
    } else if (server_stopped(sv)) {
        /* Off shift, down or broken: the unit is out of the machine but is
         * handed on (and judged) only when the station works again. */
        sv->robot_unloaded = true;
    } else {
        mdl__op_complete(sv);
    }
}

int mdl__run_unit_product(const mdl_run *r, uint32_t ui) { return r->units[ui].product; }
int mdl__run_unit_order(const mdl_run *r, uint32_t ui) { return r->units[ui].order; }
bool mdl__run_calendar_on(const mdl_run *r, int cal) { return r->cal_on[cal]; }

long mdl__run_station_content(const mdl_run *r, int si) {
    const station *s = &r->st[si];
    long n = (long)s->queue.len + s->qextra + s->reserved;
    for (int i = 0; i < s->nslots; i++)
        if (s->sv[i].unit != NO_UNIT) n++;
    return n;
}
