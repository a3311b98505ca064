/*
 * mdl_run_view.c - what the viewer and the live session read of a run
 * while it runs (read-only accessors of mdl_run.h).
 */
#include "mdl_run_internal.h"

static void fill_view(const mdl_run *r, uint32_t ui, mdl_unit_view *v);

void mdl__run_unit_view(const mdl_run *r, uint32_t ui, mdl_unit_view *v) { fill_view(r, ui, v); }

static const station *cst(const mdl_run *r, int s) {
    return s >= 0 && s < r->nst ? &r->st[s] : NULL;
}

static const server *csv(const mdl_run *r, int s, int k) {
    const station *st = cst(r, s);
    return st && k >= 0 && k < st->nmax ? &st->sv[k] : NULL;
}

int mdl_run_servers(const mdl_run *r, int si) {
    const station *s = cst(r, si);
    if (!s) return 0;
    int n = 0;
    for (int i = 0; i < s->nmax; i++)
        if (s->sv[i].active && !s->sv[i].retiring) n++;
    return n;
}

int mdl_run_max_servers(const mdl_run *r, int si) {
    const station *s = cst(r, si);
    return s ? s->nmax : 0;
}

mdl_state mdl_run_server_state(const mdl_run *r, int si, int server_i) {
    const server *sv = csv(r, si, server_i);
    if (!sv || sv->ledger.state == STATE_NONE) return MDL_STATE_IDLE;
    return (mdl_state)sv->ledger.state;
}

static void fill_view(const mdl_run *r, uint32_t ui, mdl_unit_view *v) {
    const unit *u = &r->units[ui];
    v->serial = u->serial;
    v->product = u->product;
    v->defective = u->defective;
    v->reworked = u->reworked;
    v->released = u->released;
}

bool mdl_run_server_unit(const mdl_run *r, int si, int server_i, mdl_unit_view *u) {
    const server *sv = csv(r, si, server_i);
    if (!sv || sv->unit == NO_UNIT) return false;
    if (u) fill_view(r, sv->unit, u);
    return true;
}

double mdl_run_server_progress(const mdl_run *r, int si, int server_i) {
    const server *sv = csv(r, si, server_i);
    if (!sv || (sv->phase != PH_BUSY && sv->phase != PH_SETUP))
        return sv && (sv->phase == PH_BLOCKED || (sv->phase == PH_ROBOT && sv->robot_unload)) ? 1.0 : 0.0;
    if (!(sv->op_total > 0.0)) return 1.0;
    double left = sv->done_ev ? sv->phase_end - sim_world_now(r->w) : sv->remaining;
    double p = 1.0 - left / sv->op_total;
    return p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
}

size_t mdl_run_queue_len(const mdl_run *r, int si) {
    const station *s = cst(r, si);
    return s ? (size_t)((long)s->queue.len + s->qextra) : 0;
}

bool mdl_run_queue_unit(const mdl_run *r, int si, size_t i, mdl_unit_view *u) {
    const station *s = cst(r, si);
    if (!s) return false;
    /* Units of an order batch are not made yet: each shows as a fresh unit
     * of the order (serial 0). */
    for (uint32_t k = 0; k < s->queue.len; k++) {
        uint32_t v = ring_at(&s->queue, k);
        size_t n = v & BATCH_BIT ? (size_t)r->order_left[v & ~BATCH_BIT] : 1;
        if (i >= n) {
            i -= n;
            continue;
        }
        if (!u) return true;
        if (v & BATCH_BIT) {
            int oi = (int)(v & ~BATCH_BIT);
            memset(u, 0, sizeof *u);
            u->product = r->m->orders[oi].product;
            u->released = r->order_entered[oi];
        } else {
            fill_view(r, v, u);
        }
        return true;
    }
    return false;
}

size_t mdl_run_units_live(const mdl_run *r) {
    size_t n = 0;
    for (uint32_t i = 0; i < r->ucap; i++) n += r->units[i].live;
    return n;
}

bool mdl_run_station_off(const mdl_run *r, int si) {
    const station *s = cst(r, si);
    return s ? s->off : false;
}

const char *mdl_run_shift_name(const mdl_run *r) {
    return mdl_model_shift_name(r->m, r->m->line_calendar, sim_world_now(r->w));
}

long mdl_run_wip_now(const mdl_run *r) { return r->wip_now; }

double mdl_run_power_now(const mdl_run *r) {
    double p = 0.0;
    for (int i = 0; i < r->nall; i++) {
        const server *sv = r->all[i];
        if (sv->ledger.state != STATE_NONE) p += sv->st->spec->power[sv->ledger.state];
    }
    if (r->transport) p += mdl__transport_power_now(r->transport); /* transport hook */
    return p;
}

uint64_t mdl_run_station_failures(const mdl_run *r, int si) {
    const station *s = cst(r, si);
    uint64_t mt = 0;
    if (s && s->mts)
        for (int j = 0; j < s->nmax; j++) mt += s->mts[j].total.n[MT_REPAIR];
    return s ? s->failures_total + mt : 0;
}

/* People (mdl_people.h). */
mdl_person_state mdl_run_person_state(const mdl_run *r, int person, int *at) {
    return mdl__people_person_state(r->people, person, at);
}
