/*
 * mdl_asrs_stock.c - an AS/RS's initial stock (mdl_asrs.h,
 * docs/material-handling.md "Route ends: the AS/RS"): raw material in the
 * racks at time 0, per product whose `from` is the AS/RS a number of units.
 *
 * At the start of a run, before any release, each unit is made and
 * released (it is in the WIP from time 0 and its lead time counts from
 * then; it belongs to no release, so a CONWIP loop's cap counts only its
 * own units and the unit's exit releases nothing), and put in a cell by
 * the storage assignment rule, the aisles taking turns (products in scene
 * order, each product's units one after the other). Then each destination
 * asks for its retrievals as after a store: the first units are retrieved
 * at once. The units are stored without a crane cycle: the racks'
 * occupancy counts them, the crane's stores do not.
 */
#include "mdl_asrs.h"
#include "mdl_asrs_internal.h"
#include "mdl_internal.h"
#include "mdl_transport_internal.h"

/* ---- the model --------------------------------------------------------------- */

static long asrs_cells(const mdl_asrs_spec *s) { return 2L * s->aisles * s->bays * s->levels; }

bool mdl_model_set_product_stock(mdl_model *m, int product, int count) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "initial stock: no product with index %d", product);
    const char *pid = m->products[product].id;
    int from = mdl_model_product_store_from(m, product);
    if (from < 0)
        return mdl__fail(m, "product '%s': initial stock only in the AS/RS it is released into (from = \"asrs:ID\")",
                         pid);
    const mdl_asrs_spec *s = mdl_model_asrs(m, from);
    long cells = asrs_cells(s), others = 0;
    struct tr_model *tm = mdl__transport_model_mut(m);
    for (int p = 0; p < tm->cap_store && p < m->nproducts; p++)
        if (p != product && tm->store_from[p] == from) others += tm->stock[p];
    if (count < 0 || others + count > cells)
        return mdl__fail(m, "asrs '%s': initial_stock: %ld units do not fit its %ld cells", s->id, others + count,
                         cells);
    tm->stock[product] = count;
    return true;
}

int mdl_model_product_stock(const mdl_model *m, int product) {
    const struct tr_model *tm = mdl__transport_model_of(m);
    return tm && product >= 0 && product < tm->cap_store && tm->store_from[product] >= 0 ? tm->stock[product] : 0;
}

/* ---- the run ------------------------------------------------------------------ */

/* The next aisle in turn from *turn with a cell not yet promised. */
static tr_aisle *next_aisle(tr_asrs *a, int *turn) {
    for (int j = 0; j < a->spec->aisles; j++) {
        tr_aisle *ai = &a->aisle[(*turn + j) % a->spec->aisles];
        if (ai->committed < a->ncells) {
            *turn = (*turn + j + 1) % a->spec->aisles;
            return ai;
        }
    }
    return NULL; /* (the model keeps the stock within the cells) */
}

void mdl__transport_stock(tr_run *tr) {
    const struct tr_model *tm = tr->model;
    for (int i = 0; i < tr->nasrs; i++) {
        tr_asrs *a = &tr->asrs[i];
        int turn = 0;
        bool any = false;
        for (int p = 0; p < tm->cap_store; p++)
            for (int k = 0; tm->store_from[p] == i && k < tm->stock[p]; k++) {
                tr_aisle *ai = next_aisle(a, &turn);
                if (!ai) break;
                int first;
                uint32_t unit = mdl__run_stock_unit(tr->r, p, &first);
                tr_asrs_stock_place(a, ai, unit, first);
                any = true;
            }
        for (int d = 0; any && d < tr->nst; d++)
            if (a->bydest[d].n > 0) tr_asrs_stock_pull(a, d);
    }
}
