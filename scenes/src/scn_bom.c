/*
 * scn_bom.c - bills of materials: a product's `bom` group
 * (`bom = { shaft = 2; housing = 1; };`, component = quantity), read after
 * every product and release exists, so that each problem of a BOM (an
 * unknown component, a cycle, a component nothing feeds or whose route
 * does not end at the assembly station) is told at the line of the
 * product's `bom`. The meaning is the model's (mdl_model_check_bom);
 * docs/scene-format.md, "Assembly: bills of materials", is the user's view.
 */
#include "scn_build_internal.h"

/* Adds the lines of product number i's `bom` (g) to the model. */
static bool bom_lines(bctx *b, const scn_node *g, int pi, const char *subj) {
    char got[80];
    if (g->kind != SCN_GROUP) {
        problem(b, g, subj, "bom: expected a group of product = quantity, like { shaft = 2; housing = 1; }, got %s",
                show(g, got, sizeof got));
        return false;
    }
    if (g->nkids == 0) {
        problem(b, g, subj, "bom: a bill of materials needs at least one component");
        return false;
    }
    bool ok = true;
    for (size_t k = 0; k < g->nkids; k++) {
        const scn_node *c = g->kids[k];
        int ci = c->name ? find_product(b, c->name) : -1;
        if (ci < 0) {
            unknown_name(b, c, subj, "bom", "product", c->name ? c->name : "", b->prod_ids, b->nprod);
            ok = false;
            continue;
        }
        if (c->kind != SCN_INT || c->i < 1 || c->i > MDL_MAX_BOM_QTY) {
            problem(b, c, subj, "bom.%s: expected a quantity 1 .. %d, got %s", c->name, MDL_MAX_BOM_QTY,
                    show(c, got, sizeof got));
            ok = false;
            continue;
        }
        if (b->prod_index[ci] < 0) {
            ok = false; /* the component has its own message */
            continue;
        }
        if (!mdl_model_add_bom_line(b->m, pi, b->prod_index[ci], (int)c->i)) {
            model_problem(b, c, subj);
            ok = false;
        }
    }
    return ok;
}

void scn__build_boms(bctx *b, const scn_node *pl) {
    if (!pl || pl->kind != SCN_LIST || pl->nkids != b->nprod) return;
    bool *added = scn__alloc(b->a, (b->nprod + 1) * sizeof(bool));
    if (!added) return;
    for (size_t i = 0; i < b->nprod; i++) {
        const scn_node *g = pl->kids[i];
        const scn_node *bom = g && g->kind == SCN_GROUP ? member(g, "bom") : NULL;
        added[i] = false;
        if (!bom || !b->prod_ids[i] || b->prod_index[i] < 0) continue;
        const char *subj = subject_of(b, "product", b->prod_ids[i], i);
        added[i] = bom_lines(b, bom, b->prod_index[i], subj);
    }
    /* The checks need every line: a cycle runs through several products. */
    for (size_t i = 0; i < b->nprod; i++) {
        if (!added[i]) continue;
        const scn_node *bom = member(pl->kids[i], "bom");
        if (!mdl_model_check_bom(b->m, b->prod_index[i])) {
            scn__model_problem(b->env, bom, subject_of(b, "product", b->prod_ids[i], i), mdl_model_error(b->m));
            b->failed = true;
        }
    }
}
