/*
 * mdl_disassembly.c - disassembly and lot splitting: a station that takes
 * one unit apart into its parts (or splits a lot into its pieces), each
 * part a new unit with a serial of its own and a route of its own onward.
 *
 * The model. A product with parts (mdl_model_add_part_line) is taken apart
 * at the station its route ends at, into `quantity` units of each part;
 * each part's route starts at that station (the taking apart is its step
 * 0) and goes on from there. Splitting a lot is the same with one line
 * (`lot` into 25 `piece`). mdl_model_check_parts refuses what cannot run.
 *
 * The run. When the operation of such a unit at that station is complete
 * (and its quality judged: a unit scrapped there gives no parts), the unit
 * leaves the line and its parts are made, in the order of the lines, one
 * "created" and one "disassembled" record each (unit: the one taken
 * apart; part: the new one). The server then hands the parts on one after
 * the other, each as a finished unit of its own: a part whose next
 * station has no room blocks the server (blocking after service, as for
 * any unit), and the server takes no new unit before its last part has
 * gone. Between two parts the server is `blocked` with no unit of its own
 * (server_free keeps it so while parts remain: the core's hooks call
 * mdl__ds_server_free and mdl__ds_dispatch). A part's lead time counts
 * from the release of the unit it came from; it is defective (and
 * reworked) when that unit was.
 *
 * KPIs (mdl_run_ds_kpi): units taken apart and parts made in the window,
 * and the mean time a part waited on the server for its next station
 * (0 when nothing ever blocks).
 */
#include "mdl_run_internal.h"

#include "mdl_assembly.h"

/* ---- the model --------------------------------------------------------------- */

bool mdl_model_add_part_line(mdl_model *m, int product, int part, int quantity) {
    return mdl__lines_add(m, &m->parts, &m->nparts, &m->cap_parts, "parts", product, part, quantity);
}

int mdl_model_parts_count(const mdl_model *m, int product) { return mdl__lines_count(m->parts, m->nparts, product); }

bool mdl_model_part_line(const mdl_model *m, int product, int line, int *part, int *quantity) {
    return mdl__lines_get(m->parts, m->nparts, product, line, part, quantity);
}

/* The product taken apart at station si, or -1. */
static int taken_apart_at(const mdl_model *m, int si) {
    return mdl__lines_product_at(m, m->parts, m->nparts, si, true);
}

int mdl_model_taken_apart_at(const mdl_model *m, int si) { return taken_apart_at(m, si); }

static bool is_part_of(const mdl_model *m, int product, int q) {
    for (int i = 0; i < m->nparts; i++)
        if (m->parts[i].product == product && m->parts[i].component == q) return true;
    return false;
}

/* Every visit to the station d (which takes `product` apart) is the
 * product's own (its last step) or a part's step 0. */
static bool ds_visitors_ok(mdl_model *m, int product, int d) {
    for (int q = 0; q < m->nproducts; q++) {
        const mdl_product *pr = &m->products[q];
        bool part = is_part_of(m, product, q);
        for (int i = 0; i < pr->nsteps; i++) {
            if (pr->route[i] != d) continue;
            if (q == product && i == pr->nsteps - 1) continue;
            if (part && i == 0) continue;
            return mdl__fail(m, "product '%s': route: station '%s' takes '%s' apart and takes nothing else (its "
                                "parts start there)",
                             pr->id, m->stations[d].id, m->products[product].id);
        }
    }
    return true;
}

/* Is anything else making part q (a release, an order, a bill of materials)? */
static bool part_made_elsewhere(const mdl_model *m, int q) {
    for (int i = 0; i < m->nreleases; i++)
        if (m->releases[i].product == q) return true;
    for (int i = 0; i < m->norders; i++)
        if (m->orders[i].product == q) return true;
    return mdl_model_bom_count(m, q) > 0;
}

static bool check_part(mdl_model *m, int product, int c, int d) {
    const mdl_product *p = &m->products[product], *cp = &m->products[c];
    const char *did = m->stations[d].id;
    if (cp->route[0] != d)
        return mdl__fail(m, "product '%s': parts: the route of part '%s' must start at '%s', where it is taken "
                            "apart from '%s'", p->id, cp->id, did, p->id);
    if (cp->nsteps < 2)
        return mdl__fail(m, "product '%s': parts: part '%s' has no route onward: its route must go on after '%s'",
                         p->id, cp->id, did);
    if (cp->steps || cp->fam)
        return mdl__fail(m, "product '%s': parts: part '%s' cannot be a family or have flexible steps", p->id,
                         cp->id);
    if (part_made_elsewhere(m, c))
        return mdl__fail(m, "product '%s': parts: part '%s' is made by taking '%s' apart; it cannot also be "
                            "released, ordered or assembled", p->id, cp->id, p->id);
    if (mdl_model_has_transport(m) && mdl_model_transport(m, c, d, NULL) != MDL_TRANSPORT_DIRECT)
        return mdl__fail(m, "product '%s': parts: part '%s' cannot leave '%s' by material handling (not supported)",
                         p->id, cp->id, did);
    return true;
}

bool mdl_model_check_parts(mdl_model *m, int product) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "parts: no such product");
    const mdl_product *p = &m->products[product];
    int d = p->route[p->nsteps - 1];
    const mdl_station_spec *ds = &m->stations[d];
    if (ds->kind == MDL_STATION_INSPECTION || ds->kind == MDL_STATION_ASSEMBLY || ds->batch > 1)
        return mdl__fail(m, "product '%s': parts: it is taken apart at the last station of its route, '%s', which "
                            "cannot be an inspection, assembly or batching station", p->id, ds->id);
    if (taken_apart_at(m, d) != product)
        return mdl__fail(m, "product '%s': parts: station '%s' takes '%s' apart already (one product per "
                            "disassembly station)", p->id, ds->id, m->products[taken_apart_at(m, d)].id);
    if (mdl__lines_reach(m->parts, m->nparts, m->nproducts, product, product, 0))
        return mdl__fail(m, "product '%s': parts: a cycle: '%s' is (through its parts) a part of itself", p->id,
                         p->id);
    if (p->steps && p->steps[p->nsteps - 1])
        return mdl__fail(m, "product '%s': parts: the last step of its route cannot be a flexible step", p->id);
    int c, qty;
    for (int k = 0; mdl_model_part_line(m, product, k, &c, &qty); k++)
        if (!check_part(m, product, c, d)) return false;
    return ds_visitors_ok(m, product, d);
}

/* ---- the run ----------------------------------------------------------------- */

typedef struct ds_station {
    int product;       /* taken apart here */
    int nlines;
    int *part, *qty;   /* the lines */
    int total;         /* parts per unit */
    uint32_t *pending; /* [server][total]: the parts still to hand on */
    int *npending, *next; /* per server: parts made, the next to hand on */
    double *made_at;   /* per server: when its parts were made */
    bool handing;      /* mdl__ds_dispatch is running (no nesting) */
    uint64_t apart, parts; /* in the window */
    sim_mean wait;     /* of the parts handed on in the window, on the server */
} ds_station;

bool mdl__ds_start(mdl_run *r) {
    const mdl_model *m = r->m;
    bool any = false;
    for (int si = 0; si < r->nst && m->nparts; si++) {
        int p = taken_apart_at(m, si);
        if (p < 0) continue;
        station *s = &r->st[si];
        int nlines = mdl_model_parts_count(m, p), total = 0;
        for (int k = 0; k < nlines; k++) {
            int part, q;
            mdl_model_part_line(m, p, k, &part, &q);
            total += q;
        }
        /* the state and its arrays in one block: made_at [server], pending
         * [server][total], part and qty [line], npending and next [server] */
        size_t nsv = (size_t)s->nmax, nl = (size_t)nlines, np = nsv * (size_t)total;
        size_t size = sizeof(ds_station) + nsv * sizeof(double) + np * sizeof(uint32_t) + 2 * (nl + nsv) * sizeof(int);
        ds_station *d = s->disassembly = mdl__flow_state(r, s, size);
        d->made_at = (double *)(void *)(d + 1);
        d->pending = (uint32_t *)(void *)(d->made_at + nsv);
        d->part = (int *)(void *)(d->pending + np);
        d->qty = d->part + nl;
        d->npending = d->qty + nl;
        d->next = d->npending + nsv;
        d->product = p;
        d->nlines = nlines;
        d->total = total;
        for (int k = 0; k < nlines; k++) mdl_model_part_line(m, p, k, &d->part[k], &d->qty[k]);
        any = true;
    }
    return any;
}

void mdl__ds_warmup(mdl_run *r) {
    for (int si = 0; si < r->nst; si++) {
        ds_station *d = r->st[si].disassembly;
        if (!d) continue;
        d->apart = d->parts = 0;
        sim_mean_reset(&d->wait);
    }
}

/* Makes part number `number` of the line k from the unit pi (taken apart). */
static uint32_t make_part(mdl_run *r, const ds_station *d, int k, uint32_t pi) {
    uint32_t ci = mdl__unit_new(r, d->part[k], -1, -1);
    unit *c = U(r, ci);
    const unit *p = U(r, pi);
    c->due = -1.0;
    c->in_line = 1;
    c->released = p->released;
    c->defective = p->defective;
    c->ever_defective = p->ever_defective;
    c->reworked = p->reworked;
    c->defect_from = p->defect_from;
    return ci;
}

/* The operation on sv's unit is complete at a disassembly station: if the
 * unit is the product taken apart here (at its last step), it leaves the
 * line and sv's unit becomes its first part, to be handed on. */
void mdl__ds_after_op(server *sv) {
    station *s = sv->st;
    mdl_run *r = s->run;
    ds_station *d = s->disassembly;
    uint32_t pi = sv->unit;
    if (U(r, pi)->product != d->product || sv->next_step < r->products[d->product].nsteps) return;
    uint32_t *pend = &d->pending[(size_t)sv->index * (size_t)d->total];
    int n = 0;
    for (int k = 0; k < d->nlines; k++)
        for (int q = 0; q < d->qty[k]; q++) {
            uint32_t ci = make_part(r, d, k, pi); /* may move the pool: no unit pointer kept */
            pend[n++] = ci;
            mdl__book_released(&r->book, d->part[k], 1);
            logev(r, MDL_LOG_CREATE, -1, ci);
            if (r->logging) mdl__run_log_part(r, MDL_LOG_DISASSEMBLE, s->index, sv->index, pi, ci);
        }
    d->apart++;
    d->parts += (uint64_t)n;
    r->wip_now += n;
    sim_timeavg_set(&r->wip, NOW(r), (double)r->wip_now);
    d->npending[sv->index] = n;
    d->next[sv->index] = 1;
    d->made_at[sv->index] = NOW(r);
    sv->unit = pend[0];
    sv->next_step = 1;
    mdl__line_unit_out(r, pi);
}

/* server_free at a disassembly station: true (and the server stays
 * blocked, with no unit) while parts remain to be handed on. */
bool mdl__ds_server_free(server *sv) {
    ds_station *d = sv->st->disassembly;
    int i = sv->index;
    if (d->npending[i] == 0) return false; /* not handing parts on (a unit scrapped here, a plain one) */
    sim_mean_add(&d->wait, NOW(sv->run) - d->made_at[i]); /* the part leaving */
    if (d->next[i] >= d->npending[i]) { /* it was the last */
        d->npending[i] = d->next[i] = 0;
        return false;
    }
    sv->unit = NO_UNIT;
    sv->phase = PH_BLOCKED;
    mdl__server_refresh(sv);
    return true;
}

/* Hands on the next part of every server that has one and can (not
 * stopped, its last part gone). Parts handed on here may pull units into
 * other stations, which may call back: the outer call does the work. */
void mdl__ds_dispatch(station *s) {
    ds_station *d = s->disassembly;
    if (d->handing) return;
    d->handing = true;
    bool moved = true;
    while (moved) {
        moved = false;
        for (int i = 0; i < s->nslots; i++) {
            server *sv = &s->sv[i];
            if (sv->phase != PH_BLOCKED || sv->unit != NO_UNIT || server_stopped(sv)) continue;
            if (d->next[i] >= d->npending[i]) continue;
            sv->unit = d->pending[(size_t)i * (size_t)d->total + (size_t)d->next[i]++];
            sv->next_step = 1;
            mdl__server_after_op(sv);
            moved = true;
        }
    }
    d->handing = false;
}

bool mdl_run_ds_kpi(const mdl_run *r, int si, mdl_ds_kpi *out) {
    if (si < 0 || si >= r->nst || !r->st[si].disassembly) return false;
    const ds_station *d = r->st[si].disassembly;
    out->product = d->product;
    out->taken_apart = d->apart;
    out->parts = d->parts;
    out->part_wait_mean_s = d->wait.n ? sim_mean_value(&d->wait) : 0.0;
    return true;
}

void mdl__ds_result(const mdl_run *r, mdl_rep_result *out) {
    for (int si = 0; si < r->nst && si < out->nstations; si++) {
        mdl_ds_kpi k;
        if (!mdl_run_ds_kpi(r, si, &k)) continue;
        double *o = &out->flow[(size_t)si * MDL_XKPI_COUNT];
        o[MDL_XKPI_TAKEN_APART] = (double)k.taken_apart;
        o[MDL_XKPI_PARTS] = (double)k.parts;
        o[MDL_XKPI_PART_WAIT_S] = k.part_wait_mean_s;
    }
}
