/*
 * scn_conveyor.c - the scene's conveyor networks: entries of `merges` and
 * `diverters` into mdl_merge_spec / mdl_diverter_spec
 * (docs/material-handling.md, "Conveyor networks"), and the check that
 * every route step that leaves on a belt reaches its next station:
 *
 *   merges = ( { id = "join"; inputs = ["a", "b"]; output = "main"; rule = "alternate"; } );
 *   diverters = ( { id = "sort"; input = "main"; rule = "product";
 *                   outputs = ( { conveyor = "to_x"; products = ["x"]; },
 *                               { conveyor = "to_y"; } ); } );
 *
 * Every key goes through the one key reader (scn_keys.h) and the tables
 * scn__merge_keys, scn__diverter_keys and scn__divert_output_keys
 * (scn_schema.c); scn_transport.c walks the lists (after the conveyors).
 */
#include <string.h>

#include "mdl_conveyor_net.h"
#include "mdl_transport.h"
#include "scn_internal.h"
#include "scn_keys.h"
#include "scn_scene.h"

#define MAX_WAYS 256

/* Was an entry of this id written in the root's list `list` (even one
 * refused with a message of its own)? */
static bool written_in(const scn_node *root, const char *list, const char *id) {
    const scn_node *l = root ? scn__node_member(root, list) : NULL;
    if (!l || l->kind != SCN_LIST || !id) return false;
    for (size_t i = 0; i < l->nkids; i++) {
        const char *x = scn__node_id(l->kids[i]);
        if (x && strcmp(x, id) == 0) return true;
    }
    return false;
}

/* Value n of `key` as a conveyor (what = 'c'), station ('s') or product
 * ('p') of the model: its index, or -1 (reported unless the entry it names
 * has its own message: *ok false either way). */
static int named(scn_keyreader *r, const scn_node *root, const scn_node *n, const char *key, char what, bool *ok) {
    static const char *const lists[] = {"conveyors", "stations", "products"};
    static const char *const whats[] = {"conveyor", "station", "product"};
    int w = what == 'c' ? 0 : what == 's' ? 1 : 2;
    if (n->kind != SCN_STRING) {
        char got[80];
        scn__node_show(n, got, sizeof got);
        scn__key_problem(r, n, "%s: expected a %s id like \"a\", got %s", key, whats[w], got);
        *ok = false;
        return -1;
    }
    const mdl_model *m = r->m;
    int k = w == 0 ? mdl_model_find_conveyor(m, n->s) : w == 1 ? mdl_model_find_station(m, n->s)
                                                              : mdl_model_find_product(m, n->s);
    if (k >= 0) return k;
    *ok = false;
    if (written_in(root, lists[w], n->s)) return -1; /* it has its message */
    int cnt = w == 0 ? mdl_model_conveyor_count(m) : w == 1 ? mdl_model_station_count(m) : mdl_model_product_count(m);
    const char **ids = scn__alloc(r->env->arena, (size_t)(cnt + 1) * sizeof *ids);
    for (int i = 0; ids && i < cnt; i++)
        ids[i] = w == 0 ? mdl_model_conveyor(m, i)->id : w == 1 ? mdl_model_station(m, i)->id
                                                             : mdl_model_product_id(m, i);
    scn__unknown_name(r->env, n, r->subject, key, whats[w], n->s, ids, ids ? (size_t)cnt : 0);
    r->failed = true;
    return -1;
}

/* An array of ids (at least `min`) into idx; their number, or -1. */
static int named_list(scn_keyreader *r, const scn_node *root, const char *key, char what, int min, int *idx, bool *ok) {
    const scn_node *n = scn__key_node(r, key);
    if (!n) return 0;
    if ((n->kind != SCN_ARRAY && n->kind != SCN_LIST) || n->nkids > MAX_WAYS) {
        scn__key_problem(r, n, "%s: expected an array of ids like [\"a\", \"b\"]", key);
        *ok = false;
        return -1;
    }
    if ((int)n->nkids < min) {
        scn__key_problem(r, n, "%s: a merge joins two or more belts, got %zu", key, n->nkids);
        *ok = false;
        return -1;
    }
    for (size_t k = 0; k < n->nkids; k++) idx[k] = named(r, root, n->kids[k], key, what, ok);
    return (int)n->nkids;
}

static int named_key(scn_keyreader *r, const scn_node *root, const char *key, char what, bool required, bool *ok) {
    const scn_node *n = scn__key_node(r, key);
    if (!n && required) {
        scn__problem(r->env, r->g, r->subject, "missing '%s'", key);
        r->failed = true;
        *ok = false;
    }
    return n ? named(r, root, n, key, what, ok) : -1;
}

bool scn__merge_read(scn_keyreader *r, const scn_node *root, bool ok, bool *failed) {
    static const char *const rules[] = {"alternate", "priority"};
    int inputs[MAX_WAYS];
    mdl_merge_spec s = {scn__node_id(r->g), inputs, 0, -1, MDL_MERGE_ALTERNATE, r->g->line};
    if (!scn__key_node(r, "inputs")) {
        scn__problem(r->env, r->g, r->subject, "missing 'inputs'");
        r->failed = true;
    }
    s.ninputs = named_list(r, root, "inputs", 'c', 2, inputs, &ok);
    s.output = named_key(r, root, "output", 'c', true, &ok);
    int rule = 0;
    if (scn__key_choice(r, "rule", rules, 2, &rule)) s.rule = (mdl_merge_rule)rule;
    if (r->failed) *failed = true;
    return !r->failed && ok && mdl_model_add_merge(r->m, &s) < 0;
}

/* Entry k of a diverter's `outputs`. */
static void read_output(scn_keyreader *outer, const scn_node *root, const scn_node *g, mdl_divert_output *o, int *products, bool *ok) {
    scn_keyreader r;
    const char *sj = scn__printf(outer->env->arena, "%s: outputs", outer->subject);
    if (scn__keys_begin(&r, outer->env, outer->m, &scn__divert_output_keys, g, sj ? sj : outer->subject) > 0)
        *ok = false;
    o->conveyor = named_key(&r, root, "conveyor", 'c', false, ok);
    o->station = named_key(&r, root, "station", 's', false, ok);
    int n = named_list(&r, root, "products", 'p', 1, products, ok);
    o->products = products;
    o->nproducts = n > 0 ? n : 0;
    if (!scn__key_node(&r, "conveyor") && !scn__key_node(&r, "station")) {
        scn__key_problem(&r, g, "leads nowhere: give `conveyor = \"belt\"`, `station = \"id\"` or both");
        *ok = false;
    }
    if (r.failed) outer->failed = true;
}

bool scn__diverter_read(scn_keyreader *r, const scn_node *root, bool ok, bool *failed) {
    static const char *const rules[] = {"product", "destination", "shortest_queue"};
    mdl_divert_output outs[MAX_WAYS];
    mdl_diverter_spec s = {scn__node_id(r->g), -1, MDL_DIVERT_PRODUCT, outs, 0, r->g->line};
    s.input = named_key(r, root, "input", 'c', true, &ok);
    int rule = 0;
    if (!scn__key_node(r, "rule")) {
        scn__problem(r->env, r->g, r->subject, "missing 'rule' (\"product\", \"destination\" or \"shortest_queue\")");
        r->failed = true;
    } else if (scn__key_choice(r, "rule", rules, 3, &rule)) {
        s.rule = (mdl_divert_rule)rule;
    }
    const scn_node *l = scn__key_node(r, "outputs");
    if (!l) {
        scn__problem(r->env, r->g, r->subject, "missing 'outputs'");
        r->failed = true;
    } else if (!scn__read_list_of_groups(r->env, l, r->subject, "( { conveyor = \"a\"; }, { conveyor = \"b\"; } )") ||
               l->nkids > MAX_WAYS) {
        r->failed = true;
    } else {
        s.noutputs = (int)l->nkids;
        int *products = scn__alloc(r->env->arena, l->nkids * MAX_WAYS * sizeof *products);
        for (size_t k = 0; products && k < l->nkids; k++)
            read_output(r, root, l->kids[k], &outs[k], products + k * MAX_WAYS, &ok);
        if (!products) ok = false;
    }
    if (r->failed) *failed = true;
    return !r->failed && ok && mdl_model_add_diverter(r->m, &s) < 0;
}

/* Product p's `transport` entry e ("conveyor:ID"): its units reach their
 * next station through the network (said at the entry, with the model's
 * reason). */
static bool step_reaches(scn_build_env *env, mdl_model *m, const scn_node *e, int p, const char *sj) {
    int st = mdl_model_find_station(m, e->name), c = mdl_model_find_conveyor(m, e->s + 9);
    int len = mdl_model_route_length(m, p);
    if (st < 0 || c < 0) return true;
    for (int k = 0; k + 1 < len; k++) {
        int next = mdl_model_route_station(m, p, k + 1);
        if (mdl_model_route_station(m, p, k) != st || next < 0 || mdl_model_conveyor_reaches(m, p, c, next))
            continue;
        scn__problem(env, e, sj, "transport.%s: units on conveyor '%s' never reach station '%s': %s", e->name,
                     e->s + 9, mdl_model_station(m, next)->id, mdl_model_error(m));
        return false;
    }
    return true;
}

bool scn__conveyor_net_check(scn_build_env *env, const scn_node *root, mdl_model *m) {
    const scn_node *l = scn__node_member(root, "products");
    if (!l || l->kind != SCN_LIST || mdl_model_merge_count(m) + mdl_model_diverter_count(m) == 0) return true;
    bool ok = true;
    for (size_t i = 0; i < l->nkids; i++) {
        const char *id = scn__node_id(l->kids[i]);
        int p = id ? mdl_model_find_product(m, id) : -1;
        const scn_node *tr = p >= 0 ? scn__node_member(l->kids[i], "transport") : NULL;
        if (!tr || tr->kind != SCN_GROUP) continue;
        const char *sj = scn__printf(env->arena, "product '%s'", id);
        for (size_t k = 0; k < tr->nkids; k++) {
            const scn_node *e = tr->kids[k];
            if (e->kind == SCN_STRING && strncmp(e->s, "conveyor:", 9) == 0)
                ok &= step_reaches(env, m, e, p, sj ? sj : "product");
        }
    }
    return ok;
}
