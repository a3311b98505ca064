/*
 * scn_asrs_stock.c - an AS/RS entry's `initial_stock` (`initial_stock =
 * { board = 40; };`, product = units in the racks at time 0), read after
 * the products' route ends (`from = "asrs:ID"`), so that each problem (an
 * unknown product, a count that is not a whole number >= 1, a product not
 * released into this AS/RS, more units than cells) is told at the line of
 * the entry it concerns. The key is in the AS/RS's key table
 * (scn__asrs_keys, scn_schema.c); the meaning is the model's
 * (mdl_model_set_product_stock).
 */
#include <stdio.h>

#include "mdl_asrs.h"
#include "scn_internal.h"
#include "scn_keys.h"

/* The products' ids, for "did you mean" (from the arena). */
static const char **product_ids(scn_build_env *env, const mdl_model *m, size_t *n) {
    *n = (size_t)mdl_model_product_count(m);
    const char **ids = scn__alloc(env->arena, (*n + 1) * sizeof *ids);
    for (size_t p = 0; ids && p < *n; p++) ids[p] = mdl_model_product_id(m, (int)p);
    return ids;
}

/* One line `product = count` of AS/RS number ai's initial_stock. */
static bool stock_line(scn_build_env *env, mdl_model *m, const scn_node *c, const char *subj, int ai, bool quiet) {
    char got[80];
    int p = c->name ? mdl_model_find_product(m, c->name) : -1;
    if (p < 0) {
        size_t n;
        const char **ids = product_ids(env, m, &n);
        scn__unknown_name(env, c, subj, "initial_stock", "product", c->name ? c->name : "", ids, ids ? n : 0);
        return false;
    }
    if (c->kind != SCN_INT || c->i < 1 || c->i > 100000000) {
        scn__problem(env, c, subj, "initial_stock.%s: expected a number of units >= 1, got %s", c->name,
                     (scn__node_show(c, got, sizeof got), got));
        return false;
    }
    if (mdl_model_product_store_from(m, p) != ai) {
        if (quiet) return false; /* (its `from` may be the one refused) */
        const char *id = mdl_model_asrs(m, ai)->id;
        scn__problem(env, c, subj, "initial_stock.%s: product '%s' is not released into AS/RS '%s' (give it from = "
                     "\"asrs:%s\")", c->name, c->name, id, id);
        return false;
    }
    if (!mdl_model_set_product_stock(m, p, (int)c->i)) {
        scn__model_problem(env, c, subj, mdl_model_error(m));
        return false;
    }
    return true;
}

bool scn__asrs_stock_build(scn_build_env *env, const scn_node *root, mdl_model *m, bool ends_failed) {
    const scn_node *l = scn__node_member(root, "asrs");
    bool ok = true;
    for (size_t i = 0; l && l->kind == SCN_LIST && i < l->nkids; i++) {
        const scn_node *g = l->kids[i], *s = g->kind == SCN_GROUP ? scn__node_member(g, "initial_stock") : NULL;
        const char *id = s ? scn__node_id(g) : NULL;
        int ai = id ? mdl_model_find_asrs(m, id) : -1;
        if (ai < 0) continue; /* (a refused AS/RS has its message) */
        char subj[160];
        snprintf(subj, sizeof subj, "asrs '%s'", id);
        if (s->kind != SCN_GROUP || s->nkids == 0) {
            char got[80];
            scn__problem(env, s, subj, "initial_stock: expected a group of product = units, like { board = 40; }, "
                         "got %s", (scn__node_show(s, got, sizeof got), got));
            ok = false;
            continue;
        }
        for (size_t k = 0; k < s->nkids; k++) ok &= stock_line(env, m, s->kids[k], subj, ai, ends_failed);
    }
    return ok;
}
