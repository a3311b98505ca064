/*
 * mdl_asrs_ends_model.c - route ends at an AS/RS on the model side
 * (mdl_asrs.h, docs/material-handling.md "Route ends: the AS/RS"): a
 * product's `from` and `to` AS/RS, the finished goods' dwell, and their
 * check. The run side is mdl_asrs_ends.c.
 *
 * A `to` AS/RS makes the transport leaving the last station "asrs:ID"
 * (as `transport.<last>` would): the unit goes there by the AS/RS's feed.
 */
#include <stdlib.h>

#include "mdl_asrs.h"
#include "mdl_conveyor_net.h"
#include "mdl_dock.h"
#include "mdl_internal.h"
#include "mdl_routing.h"
#include "mdl_transport_internal.h"
#include "mdl_transport_build.h"

static bool store_room(mdl_model *m, struct tr_model *tm) {
    int n = m->nproducts;
    if (tm->cap_store >= n) return true;
    int *a = realloc(tm->store_from, (size_t)n * sizeof *a);
    if (a) tm->store_from = a;
    int *b = a ? realloc(tm->store_to, (size_t)n * sizeof *b) : NULL;
    if (b) tm->store_to = b;
    sim_dist *d = b ? realloc(tm->dwell, (size_t)n * sizeof *d) : NULL;
    if (d) tm->dwell = d;
    int *s = d ? realloc(tm->stock, (size_t)n * sizeof *s) : NULL; /* initial stock (mdl_asrs_stock.c) */
    if (!s) return false;
    tm->stock = s;
    for (int i = tm->cap_store; i < n; i++) {
        a[i] = b[i] = -1;
        d[i] = sim_dist_const(0.0);
        s[i] = 0;
    }
    tm->cap_store = n;
    return true;
}

/* The stations of product p's last step (alternatives and branches too)
 * leave for AS/RS `to` (with fill: their transport is set so); none of
 * them may come earlier in the route, where the same `transport` entry
 * would send units into the AS/RS too. */
static bool last_to_store(mdl_model *m, int p, int to, bool fill) {
    const mdl_product *pr = &m->products[p];
    int last = pr->nsteps - 1;
    for (int st = 0; last >= 0 && st < m->nstations; st++) {
        if (!mdl_model_step_allows(m, p, last, st)) continue;
        for (int k = 0; k < last; k++)
            if (mdl_model_step_allows(m, p, k, st))
                return mdl__fail(m, "product '%s': to: its last station '%s' comes earlier in the route too, where "
                                    "units must not go into the AS/RS; give the last step a station of its own",
                                 pr->id, m->stations[st].id);
        int which = -1;
        mdl_transport_kind k = mdl_model_transport(m, p, st, &which);
        if (k == MDL_TRANSPORT_ASRS && which == to) continue;
        if (k != MDL_TRANSPORT_DIRECT)
            return mdl__fail(m, "product '%s': to: finished units go from '%s' to AS/RS '%s' by its feed, but "
                                "transport.%s says otherwise (leave it out or write \"asrs:%s\")", pr->id,
                             m->stations[st].id, mdl_model_asrs(m, to)->id, m->stations[st].id,
                             mdl_model_asrs(m, to)->id);
        if (fill && !mdl_model_set_transport(m, p, st, MDL_TRANSPORT_ASRS, to)) return false;
    }
    return true;
}

bool mdl_model_set_product_store(mdl_model *m, int product, int from, int to, const sim_dist *dwell) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "product ends: no product with index %d", product);
    const char *pid = m->products[product].id;
    int n = mdl_model_asrs_count(m);
    if (from < -1 || from >= n) return mdl__fail(m, "product '%s': from: no AS/RS with index %d", pid, from);
    if (to < -1 || to >= n) return mdl__fail(m, "product '%s': to: no AS/RS with index %d", pid, to);
    if (from >= 0 && mdl_model_product_from(m, product) >= 0)
        return mdl__fail(m, "product '%s': from: a receiving dock or an AS/RS, not both", pid);
    if (to >= 0 && mdl_model_product_to(m, product) >= 0)
        return mdl__fail(m, "product '%s': to: a shipping dock or an AS/RS, not both", pid);
    const mdl_product *pr = &m->products[product];
    if (from >= 0 && pr->steps && pr->steps[0])
        return mdl__fail(m, "product '%s': from: the first step of the route must be one station (not flexible) to "
                            "be fed from a store", pid);
    if (dwell && to < 0)
        return mdl__fail(m, "product '%s': dwell: only with to = \"asrs:ID\" (how long its finished units stay "
                            "stored)", pid);
    if (dwell && !tr_check_dur(m, "product", pid, "dwell", dwell)) return false;
    if (to >= 0 && !last_to_store(m, product, to, false)) return false;
    struct tr_model *tm = mdl__transport_model_mut(m);
    if (!tm || !store_room(m, tm)) return mdl__fail(m, "out of memory");
    bool had = tm->store_from[product] >= 0 || tm->store_to[product] >= 0;
    tm->nends += (from >= 0 || to >= 0) - had;
    tm->store_from[product] = from;
    tm->store_to[product] = to;
    tm->dwell[product] = dwell ? *dwell : sim_dist_const(0.0);
    return to < 0 || last_to_store(m, product, to, true);
}

int mdl_model_product_store_from(const mdl_model *m, int product) {
    return tr_product_end(m, product, true, true);
}
int mdl_model_product_store_to(const mdl_model *m, int product) {
    return tr_product_end(m, product, true, false);
}

bool mdl_model_asrs_stores_goods(const mdl_model *m, int asrs) {
    const struct tr_model *tm = mdl__transport_model_of(m);
    for (int p = 0; tm && asrs >= 0 && p < tm->cap_store; p++)
        if (tm->store_to[p] == asrs) return true;
    return false;
}

void tr_asrs_ends_model_free(struct tr_model *tm) {
    free(tm->store_from);
    free(tm->store_to);
    free(tm->dwell);
    free(tm->stock);
}

/* Units from AS/RS a reach the first station of p: its deliver fleet needs
 * the station's node, its deliver belt must reach the station. */
static bool first_reached(mdl_model *m, const struct tr_model *tm, int p, int a) {
    const mdl_asrs_spec *s = &tm->asrs[a];
    const mdl_product *pr = &m->products[p];
    for (int st = 0; pr->nsteps > 0 && st < m->nstations; st++) {
        if (!mdl_model_step_allows(m, p, 0, st)) continue;
        if (s->deliver >= 0 && (st >= tm->cap_st || tm->st_node[st] < 0))
            return mdl__fail(m, "station '%s': node: units of '%s' arrive from AS/RS '%s' by fleet '%s', so it needs "
                                "a node", m->stations[st].id, pr->id, s->id, tm->fleets[s->deliver].id);
        if (s->deliver_conveyor >= 0 && !mdl_model_conveyor_reaches(m, p, s->deliver_conveyor, st)) return false;
    }
    return true;
}

bool tr_asrs_ends_validate(mdl_model *m) {
    const struct tr_model *tm = m->transport;
    for (int p = 0; p < tm->cap_store && p < m->nproducts; p++) {
        const mdl_product *pr = &m->products[p];
        int from = tm->store_from[p], to = tm->store_to[p];
        for (int i = 0; from >= 0 && i < m->nreleases; i++)
            if (m->releases[i].product == p && m->releases[i].kind == MDL_RELEASE_UNLIMITED)
                return mdl__fail(m, "product '%s': from: an unlimited release fills the first station's buffer itself; "
                                    "use push, conwip or orders with a store", pr->id);
        if (from >= 0 && !first_reached(m, tm, p, from)) return false;
        if (to >= 0 && !last_to_store(m, p, to, true)) return false;
    }
    return true;
}
