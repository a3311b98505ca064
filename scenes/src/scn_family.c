/*
 * scn_family.c - product families in a scene: a product's `options` (each
 * with its values, cycle time additions by station and setups by station),
 * and the variant an order names ("bore=A;color=red", in the scene or in
 * the `options` column of an order file). Part of the scene builder
 * (scn_build_internal.h); the model's side is models/src/mdl_family.c.
 */
#include "scn_build_internal.h"

#include <stdio.h>
#include <string.h>

#include "mdl_routing.h"

static const char *const option_example = "( { name = \"bore\"; values = [\"A\", \"B\"]; } )";

/* An option's `values`: distinct strings; their number, or 0 (reported). */
static int option_values(bctx *b, scn_keyreader *r, const char ***out) {
    const scn_node *vn = scn__key_node(r, "values");
    char got[80];
    if (!vn) {
        scn__key_problem(r, r->g, "missing 'values' (e.g. values = [\"A\", \"B\"])");
        return 0;
    }
    if ((vn->kind != SCN_ARRAY && vn->kind != SCN_LIST) || vn->nkids == 0 || vn->nkids > MDL_FAMILY_MAX_VALUES) {
        scn__key_problem(r, vn, "values: expected 1 to %d names like [\"A\", \"B\"], got %s", MDL_FAMILY_MAX_VALUES,
                         show(vn, got, sizeof got));
        return 0;
    }
    const char **v = scn__alloc(b->a, vn->nkids * sizeof *v);
    if (!v) return 0;
    for (size_t k = 0; k < vn->nkids; k++) {
        const scn_node *c = vn->kids[k];
        if (c->kind != SCN_STRING || !*c->s || strpbrk(c->s, "=;,")) {
            scn__key_problem(r, c, "values: expected a name without '=', ';' or ',', got %s", show(c, got, sizeof got));
            return 0;
        }
        for (size_t j = 0; j < k; j++)
            if (strcmp(v[j], c->s) == 0) {
                scn__key_problem(r, c, "values: '%s' is listed twice", c->s);
                return 0;
            }
        v[k] = c->s;
    }
    *out = v;
    return (int)vn->nkids;
}

/* The station of member c of an option's `cycle` or `setup`: its model
 * index, or -1 (reported, or a station that failed its own checks). */
static int option_station(bctx *b, scn_keyreader *r, const scn_node *c, const char *key) {
    int si = find_station(b, c->name);
    if (si < 0) {
        scn__unknown_name(r->env, c, r->subject, key, "station", c->name, b->st_ids, b->nst);
        r->failed = true;
        return -1;
    }
    return b->st[si].ok ? b->st[si].index : -1;
}

/* Option k's `cycle = { cnc = ["0s", "30s"]; }` and `setup = { cnc = "5min"; }`. */
static void option_times(bctx *b, scn_keyreader *r, int pi, int k, int nvalues) {
    char got[80], key[120];
    const scn_node *cg = scn__key_node(r, "cycle"), *sg = scn__key_node(r, "setup");
    if (cg && cg->kind != SCN_GROUP) scn__key_problem(r, cg, "cycle: expected a group like { cnc = [\"0s\", \"30s\"]; }, got %s", show(cg, got, sizeof got));
    for (size_t i = 0; cg && cg->kind == SCN_GROUP && i < cg->nkids; i++) {
        const scn_node *c = cg->kids[i];
        int st = option_station(b, r, c, "cycle");
        if ((c->kind != SCN_ARRAY && c->kind != SCN_LIST) || c->nkids != (size_t)nvalues) {
            scn__key_problem(r, c, "cycle.%s: expected %d durations (one per value), got %s", c->name, nvalues,
                             show(c, got, sizeof got));
            continue;
        }
        for (int v = 0; v < nvalues; v++) {
            double sec;
            snprintf(key, sizeof key, "cycle.%s", c->name);
            if (!scn__read_duration(r->env, c->kids[v], r->subject, key, &sec)) r->failed = true;
            else if (st >= 0 && !mdl_model_family_cycle_add(b->m, pi, st, k, v, sec)) model_problem(b, c, r->subject);
        }
    }
    if (sg && sg->kind != SCN_GROUP) scn__key_problem(r, sg, "setup: expected a group like { cnc = \"5min\"; }, got %s", show(sg, got, sizeof got));
    for (size_t i = 0; sg && sg->kind == SCN_GROUP && i < sg->nkids; i++) {
        const scn_node *c = sg->kids[i];
        int st = option_station(b, r, c, "setup");
        sim_dist d;
        snprintf(key, sizeof key, "setup.%s", c->name);
        if (!scn__read_dist(r->env, b->m, c, r->subject, key, false, &d)) r->failed = true;
        else if (st >= 0 && !mdl_model_family_setup(b->m, pi, st, k, d)) model_problem(b, c, r->subject);
    }
}

void scn__family_read(bctx *b, const scn_node *on, const char *subject, int pi) {
    if (!on) return;
    if (!scn__want_list_of_groups(b, on, subject, option_example)) return;
    size_t n = on->nkids;
    if (n == 0 || n > MDL_FAMILY_MAX_OPTIONS) {
        problem(b, on, subject, "options: give 1 to %d options like %s", MDL_FAMILY_MAX_OPTIONS, option_example);
        return;
    }
    const char *names[MDL_FAMILY_MAX_OPTIONS];
    const char *const *values[MDL_FAMILY_MAX_OPTIONS];
    int nvalues[MDL_FAMILY_MAX_OPTIONS];
    bool ok = true;
    for (size_t k = 0; k < n; k++) {
        scn_keyreader r;
        const char *osubj = scn__printf(b->a, "%s: options[%zu]", subject, k);
        if (scn__keys_begin(&r, b->env, b->m, &scn__option_keys, on->kids[k], osubj ? osubj : subject) > 0)
            b->failed = true;
        names[k] = NULL;
        if (!scn__key_node(&r, "name")) scn__key_problem(&r, r.g, "missing 'name' (e.g. name = \"bore\")");
        else scn__key_string(&r, "name", &names[k]);
        const char **v = NULL;
        nvalues[k] = option_values(b, &r, &v);
        values[k] = v;
        if (r.failed || !names[k] || !nvalues[k]) ok = false;
        if (r.failed) b->failed = true;
    }
    if (!ok || pi < 0) return;
    if (!mdl_model_set_family(b->m, pi, (int)n, names, nvalues, values)) {
        model_problem(b, on, subject);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        scn_keyreader r = {b->env, b->m, &scn__option_keys, on->kids[k], subject, false, NULL};
        option_times(b, &r, pi, (int)k, nvalues[k]);
        if (r.failed) b->failed = true;
    }
}

bool scn__order_variant(bctx *b, const scn_node *at, const char *subject, int product, const scn_node *n,
                        const char *text, long *variant) {
    *variant = 0;
    if (product < 0) return true;
    char got[80], err[200];
    if (n && n->kind != SCN_STRING) {
        problem(b, n, subject, "options: expected text like \"bore=A;color=red\", got %s", show(n, got, sizeof got));
        return false;
    }
    bool family = mdl_model_is_family(b->m, product);
    const char *pid = mdl_model_product_id(b->m, product);
    if (!text || !*text) {
        if (!family) return true;
        problem(b, at, subject, "options: missing: product '%s' is a family; name the variant, e.g. options = "
                                "\"%s\"", pid, mdl_model_family_example(b->m, product, err, sizeof err));
        return false;
    }
    if (!family) {
        problem(b, at, subject, "options: product '%s' has no options", pid);
        return false;
    }
    long v = mdl_model_family_variant(b->m, product, text, err, sizeof err);
    if (v < 0) {
        problem(b, at, subject, "options: %s", err);
        return false;
    }
    *variant = v;
    return true;
}
