/*
 * mdl_dock_model.c - the route ends on the model side (mdl_dock.h): adding
 * docks, a product's `from` and `to`, the transport leaving a receiving
 * dock, their check, and the names of the dock KPIs. The run side is
 * mdl_dock.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_dock.h"
#include "mdl_internal.h"
#include "mdl_transport_internal.h"
#include "mdl_transport_build.h"

static const tr_kind DOCKS = TR_KIND(struct tr_model, docks, ndocks, cap_docks, dock_ids, mdl_dock_spec);
TR_KIND_ACCESSORS(dock, DOCKS) /* mdl_model_dock_count, mdl_model_find_dock, mdl_model_dock */

MDL_NAMES(mdl_dock_kind_name, mdl_dock_kind, MDL_DOCK_KIND_COUNT, "receiving", "shipping");

const char *const mdl__dkpi_names[MDL_DKPI_COUNT][2] = {
    {"units", "Units through the dock"},
    {"wait_s", "Wait at the receiving dock [s]"},
    {"queue", "Units waiting at the receiving dock (time-average)"},
};

void mdl_dock_spec_default(mdl_dock_spec *s) {
    memset(s, 0, sizeof *s);
    s->kind = MDL_DOCK_RECEIVING;
    s->node = -1;
}

int mdl_model_add_dock(mdl_model *m, const mdl_dock_spec *s) {
    if (!mdl__new_id(m, "dock", "dock", s ? s->id : NULL, mdl_model_find_dock)) return -1;
    const char *id = s->id;
    if ((unsigned)s->kind >= MDL_DOCK_KIND_COUNT) return mdl__fail(m, "dock '%s': kind: unknown kind", id), -1;
    if (s->node < -1 || s->node >= mdl_model_node_count(m))
        return mdl__fail(m, "dock '%s': node: no node with index %d", id, s->node), -1;
    if (s->capacity < 0) return mdl__fail(m, "dock '%s': capacity: must be >= 0, got %d", id, s->capacity), -1;
    if (s->has_at && (!isfinite(s->x) || !isfinite(s->y)))
        return mdl__fail(m, "dock '%s': at: the position must be finite", id), -1;
    return tr_kind_add(m, mdl__transport_model_mut(m), &DOCKS, s);
}

void tr_dock_model_free(struct tr_model *tm) {
    tr_kind_free(tm, &DOCKS);
    free(tm->prod_from);
    free(tm->prod_to);
}

bool mdl_model_dock_position(const mdl_model *m, int dock, double *x, double *y) {
    const mdl_dock_spec *d = mdl_model_dock(m, dock);
    if (!d) return false;
    if (d->has_at) {
        *x = d->x, *y = d->y;
        return true;
    }
    const mdl_node_spec *n = d->node >= 0 ? mdl_model_node(m, d->node) : NULL;
    if (!n) return false;
    *x = n->x, *y = n->y;
    return true;
}

/* ---- a product's ends ------------------------------------------------------------ */

static bool prod_room(mdl_model *m, struct tr_model *tm) {
    int n = m->nproducts;
    if (tm->cap_prod >= n) return true;
    int *a = realloc(tm->prod_from, (size_t)n * sizeof *a), *b = a ? realloc(tm->prod_to, (size_t)n * sizeof *b) : NULL;
    if (a) tm->prod_from = a;
    if (!a || !b) return false;
    tm->prod_to = b;
    for (int i = tm->cap_prod; i < n; i++) a[i] = b[i] = -1;
    tm->cap_prod = n;
    return true;
}

bool mdl_model_set_product_ends(mdl_model *m, int product, int from, int to) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "product ends: no product with index %d", product);
    const char *pid = m->products[product].id;
    const mdl_dock_spec *f = mdl_model_dock(m, from), *t = mdl_model_dock(m, to);
    if (from != -1 && !f) return mdl__fail(m, "product '%s': from: no dock with index %d", pid, from);
    if (to != -1 && !t) return mdl__fail(m, "product '%s': to: no dock with index %d", pid, to);
    if (f && f->kind != MDL_DOCK_RECEIVING)
        return mdl__fail(m, "product '%s': from: dock '%s' is a %s dock; units come from a receiving dock", pid, f->id,
                         mdl_dock_kind_name(f->kind));
    if (t && t->kind != MDL_DOCK_SHIPPING)
        return mdl__fail(m, "product '%s': to: dock '%s' is a %s dock; finished units go to a shipping dock", pid,
                         t->id, mdl_dock_kind_name(t->kind));
    const mdl_product *p = &m->products[product];
    if (f && p->steps && p->steps[0])
        return mdl__fail(m, "product '%s': from: the first step of the route must be one station (not flexible) "
                            "to be fed from a dock", pid);
    struct tr_model *tm = mdl__transport_model_mut(m);
    if (!tm || !prod_room(m, tm)) return mdl__fail(m, "out of memory");
    tm->nends += (tm->prod_from[product] < 0 && tm->prod_to[product] < 0) - (from < 0 && to < 0);
    tm->prod_from[product] = from;
    tm->prod_to[product] = to;
    return true;
}

int tr_product_end(const mdl_model *m, int product, bool store, bool from) {
    const struct tr_model *tm = mdl__transport_model_of(m);
    if (!tm || product < 0 || product >= (store ? tm->cap_store : tm->cap_prod)) return -1;
    if (store) return (from ? tm->store_from : tm->store_to)[product];
    return (from ? tm->prod_from : tm->prod_to)[product];
}

int mdl_model_product_from(const mdl_model *m, int product) {
    return tr_product_end(m, product, false, true);
}
int mdl_model_product_to(const mdl_model *m, int product) { return tr_product_end(m, product, false, false); }

bool mdl_model_set_dock_transport(mdl_model *m, int product, int dock, mdl_transport_kind kind, int which) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "transport: no product with index %d", product);
    const char *pid = m->products[product].id;
    const mdl_dock_spec *d = mdl_model_dock(m, dock);
    if (!d) return mdl__fail(m, "product '%s': transport: no dock with index %d", pid, dock);
    if (mdl_model_product_from(m, product) != dock)
        return mdl__fail(m, "product '%s': transport.%s: units of '%s' do not come from dock '%s' (set from = \"%s\")",
                         pid, d->id, pid, d->id, d->id);
    if (kind == MDL_TRANSPORT_FLEET && (which < 0 || which >= mdl_model_fleet_count(m)))
        return mdl__fail(m, "product '%s': transport.%s: no fleet with index %d", pid, d->id, which);
    if (kind == MDL_TRANSPORT_CONVEYOR && (which < 0 || which >= mdl_model_conveyor_count(m)))
        return mdl__fail(m, "product '%s': transport.%s: no conveyor with index %d", pid, d->id, which);
    if (kind != MDL_TRANSPORT_DIRECT && kind != MDL_TRANSPORT_FLEET && kind != MDL_TRANSPORT_CONVEYOR)
        return mdl__fail(m, "product '%s': transport.%s: units leave a dock by a fleet, a conveyor or directly", pid,
                         d->id);
    struct tr_model *tm = mdl__transport_model_mut(m);
    if (!tm) return mdl__fail(m, "out of memory");
    for (int i = 0; i < tm->nsteps; i++)
        if (tm->steps[i].product == product && tm->steps[i].station == -1 - dock) {
            tm->steps[i].kind = (int)kind;
            tm->steps[i].which = which;
            return true;
        }
    if (!mdl__grow((void **)&tm->steps, &tm->cap_steps, tm->nsteps, sizeof *tm->steps))
        return mdl__fail(m, "out of memory");
    tm->steps[tm->nsteps++] = (tr_step){product, -1 - dock, (int)kind, which};
    return true;
}

mdl_transport_kind mdl_model_dock_transport(const mdl_model *m, int product, int dock, int *which) {
    return dock >= 0 ? mdl_model_transport(m, product, -1 - dock, which) : MDL_TRANSPORT_DIRECT;
}

/* ---- the check ---------------------------------------------------------------------- */

/* A fleet serving dock d (of product p) needs the dock's node and the
 * station's at the other end. */
static bool fleet_nodes(mdl_model *m, const struct tr_model *tm, int p, int d, int station, int fleet) {
    const char *pid = m->products[p].id, *fid = tm->fleets[fleet].id;
    if (tm->docks[d].node < 0)
        return mdl__fail(m, "dock '%s': node: fleet '%s' serves it for '%s', so it needs a node on the path network",
                         tm->docks[d].id, fid, pid);
    if (station >= tm->cap_st || tm->st_node[station] < 0)
        return mdl__fail(m, "station '%s': node: units of '%s' go between it and dock '%s' by fleet '%s', so it needs "
                            "a node", m->stations[station].id, pid, tm->docks[d].id, fid);
    return true;
}

bool tr_dock_model_validate(mdl_model *m) {
    const struct tr_model *tm = m->transport;
    for (int p = 0; p < tm->cap_prod && p < m->nproducts; p++) {
        const mdl_product *pr = &m->products[p];
        int from = tm->prod_from[p], to = tm->prod_to[p], which;
        for (int i = 0; from >= 0 && i < m->nreleases; i++)
            if (m->releases[i].product == p && m->releases[i].kind == MDL_RELEASE_UNLIMITED)
                return mdl__fail(m, "product '%s': from: an unlimited release fills the first station's buffer itself; "
                                    "use push, conwip or orders with a receiving dock", pr->id);
        if (from >= 0 && pr->nsteps > 0 &&
            mdl_model_transport(m, p, -1 - from, &which) == MDL_TRANSPORT_FLEET &&
            !fleet_nodes(m, tm, p, from, pr->route[0], which))
            return false;
        if (to < 0 || pr->nsteps == 0) continue;
        int last = pr->route[pr->nsteps - 1];
        mdl_transport_kind k = mdl_model_transport(m, p, last, &which);
        if (k == MDL_TRANSPORT_DIRECT)
            return mdl__fail(m, "product '%s': to: its last station '%s' has no transport to dock '%s' (set "
                                "transport.%s)", pr->id, m->stations[last].id, tm->docks[to].id, m->stations[last].id);
        if (k == MDL_TRANSPORT_ASRS)
            return mdl__fail(m, "product '%s': transport.%s: an AS/RS does not deliver to a dock; use a fleet or a "
                                "conveyor", pr->id, m->stations[last].id);
        if (k == MDL_TRANSPORT_FLEET && !fleet_nodes(m, tm, p, to, last, which)) return false;
    }
    return true;
}
