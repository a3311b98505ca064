/*
 * scn_bom.c - bills of materials and parts lists: a product's `bom` group
 * (`bom = { shaft = 2; housing = 1; };`, component = quantity) and its
 * `parts` group (`parts = { shaft = 2; housing = 1; };`, what taking it
 * apart gives), read after every product and release exists, so that each
 * problem (an unknown product, a cycle, a component nothing feeds or whose
 * route does not end at the assembly station, a part with no route
 * onward) is told at the line of the product's `bom` or `parts`. The
 * meaning is the model's (mdl_model_check_bom, mdl_model_check_parts);
 * docs/scene-format.md, "Assembly: bills of materials" and "Disassembly and
 * lot splitting", is the user's view.
 */
#include "scn_build_internal.h"

/* A list of lines: `bom` (components) or `parts`, and its model calls. */
typedef struct line_key {
    const char *key, *what, *example;
    bool (*add)(mdl_model *m, int product, int other, int quantity);
    bool (*check)(mdl_model *m, int product);
} line_key;

static const line_key line_keys[] = {
    {"bom", "component", "{ shaft = 2; housing = 1; }", mdl_model_add_bom_line, mdl_model_check_bom},
    {"parts", "part", "{ shaft = 2; housing = 1; }", mdl_model_add_part_line, mdl_model_check_parts},
};

/* Adds the lines of product number pi's `bom` or `parts` (g) to the model. */
static bool bom_lines(bctx *b, const scn_node *g, int pi, const char *subj, const line_key *lk) {
    char got[80];
    if (g->kind != SCN_GROUP) {
        problem(b, g, subj, "%s: expected a group of product = quantity, like %s, got %s", lk->key, lk->example,
                show(g, got, sizeof got));
        return false;
    }
    if (g->nkids == 0) {
        problem(b, g, subj, "%s: expected at least one %s", lk->key, lk->what);
        return false;
    }
    bool ok = true;
    for (size_t k = 0; k < g->nkids; k++) {
        const scn_node *c = g->kids[k];
        int ci = c->name ? find_product(b, c->name) : -1;
        if (ci < 0) {
            unknown_name(b, c, subj, lk->key, "product", c->name ? c->name : "", b->prod_ids, b->nprod);
            ok = false;
            continue;
        }
        if (c->kind != SCN_INT || c->i < 1 || c->i > MDL_MAX_BOM_QTY) {
            problem(b, c, subj, "%s.%s: expected a quantity 1 .. %d, got %s", lk->key, c->name, MDL_MAX_BOM_QTY,
                    show(c, got, sizeof got));
            ok = false;
            continue;
        }
        if (b->prod_index[ci] < 0) {
            ok = false; /* the component has its own message */
            continue;
        }
        if (!lk->add(b->m, pi, b->prod_index[ci], (int)c->i)) {
            model_problem(b, c, subj);
            ok = false;
        }
    }
    return ok;
}

static void build_lines(bctx *b, const scn_node *pl, bool *added, const line_key *lk) {
    for (size_t i = 0; i < b->nprod; i++) {
        const scn_node *g = pl->kids[i];
        const scn_node *lines = g && g->kind == SCN_GROUP ? member(g, lk->key) : NULL;
        added[i] = false;
        if (!lines || !b->prod_ids[i] || b->prod_index[i] < 0) continue;
        const char *subj = subject_of(b, "product", b->prod_ids[i], i);
        added[i] = bom_lines(b, lines, b->prod_index[i], subj, lk);
    }
}

void scn__build_boms(bctx *b, const scn_node *pl) {
    if (!pl || pl->kind != SCN_LIST || pl->nkids != b->nprod) return;
    size_t nk = sizeof line_keys / sizeof line_keys[0];
    bool *added = scn__alloc(b->a, (nk * b->nprod + 1) * sizeof(bool));
    if (!added) return;
    for (size_t k = 0; k < nk; k++) build_lines(b, pl, added + k * b->nprod, &line_keys[k]);
    /* The checks need every line: a cycle runs through several products. */
    for (size_t k = 0; k < nk; k++)
        for (size_t i = 0; i < b->nprod; i++) {
            if (!added[k * b->nprod + i]) continue;
            const scn_node *lines = member(pl->kids[i], line_keys[k].key);
            if (!line_keys[k].check(b->m, b->prod_index[i])) {
                scn__model_problem(b->env, lines, subject_of(b, "product", b->prod_ids[i], i), mdl_model_error(b->m));
                b->failed = true;
            }
        }
}
