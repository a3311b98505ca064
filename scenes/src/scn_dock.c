/*
 * scn_dock.c - the route ends of a scene (docs/material-handling.md,
 * "Route ends: docks"): the `docks` list and a product's `from` and `to`.
 *
 *   docks = ( { id = "receiving"; kind = "receiving"; node = "n0"; },
 *             { id = "shipping"; kind = "shipping"; node = "n9"; capacity = 4; } );
 *   products = ( { id = "p"; route = ["a", "b"]; from = "receiving"; to = "shipping";
 *                  transport = { receiving = "agv"; b = "conveyor:out"; }; } );
 *
 * Every key of a dock goes through the one key reader and the table
 * scn__dock_keys (scn_schema.c); `from` and `to` are rows of the
 * products' table. scn_transport.c reads `transport.<dock>`.
 */
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "scn_internal.h"
#include "scn_keys.h"
#include "scn_scene.h"

typedef const char *id_of_fn(const mdl_model *m, int i);
static const char *dock_id(const mdl_model *m, int i) { return mdl_model_dock(m, i)->id; }
static const char *asrs_id(const mdl_model *m, int i) { return mdl_model_asrs(m, i)->id; }
static const char *node_id(const mdl_model *m, int i) { return mdl_model_node(m, i)->id; }

/* " (did you mean 'x'?)" among the model's n docks, AS/RS or nodes (id_of), or "". */
static const char *near_hint(scn_build_env *env, const mdl_model *m, const char *word, int n, id_of_fn *id_of) {
    const char **ids = n > 0 ? scn__alloc(env->arena, (size_t)n * sizeof *ids) : NULL;
    char *hint = scn__alloc(env->arena, 160);
    if (!ids || !hint) return "";
    for (int i = 0; i < n; i++) ids[i] = id_of(m, i);
    scn__hint(word, ids, (size_t)n, hint, 160);
    return hint;
}

bool scn__key_path_node(scn_keyreader *r, const scn_node *root, int *node) {
    const char *id = NULL;
    if (!scn__key_string(r, "node", &id) || (*node = mdl_model_find_node(r->m, id)) >= 0) return true;
    const scn_node *paths = scn__node_member(root, "paths");
    const scn_node *nodes = paths ? scn__node_member(paths, "nodes") : NULL;
    if (!nodes || !scn__written(nodes, id)) /* (a node refused has its message) */
        scn__key_problem(r, scn__key_node(r, "node"), "node: no node '%s' in paths.nodes%s", id,
                         near_hint(r->env, r->m, id, mdl_model_node_count(r->m), node_id));
    return false;
}

bool scn__dock_read(scn_keyreader *r, const scn_node *root, bool ok, bool *failed) {
    static const char *const kinds[] = {"receiving", "shipping"};
    mdl_dock_spec d;
    mdl_dock_spec_default(&d);
    d.id = scn__node_id(r->g);
    if (!scn__key_node(r, "kind")) {
        scn__problem(r->env, r->g, r->subject, "missing 'kind' (\"receiving\" or \"shipping\")");
        *failed = true;
        ok = false;
    }
    int k = 0;
    if (scn__key_choice(r, "kind", kinds, 2, &k)) d.kind = (mdl_dock_kind)k;
    if (!scn__key_path_node(r, root, &d.node)) {
        *failed = true;
        ok = false;
    }
    d.has_at = scn__key_pair(r, "at", &d.x, &d.y) && scn__key_node(r, "at");
    scn__key_int(r, "capacity", &d.capacity);
    if (d.kind == MDL_DOCK_RECEIVING && scn__key_node(r, "capacity"))
        scn__key_problem(r, scn__key_node(r, "capacity"), "capacity: only for a shipping dock (a receiving dock "
                         "holds every unit released at it)");
    d.source_line = r->g->line;
    if (r->failed) *failed = true;
    return !r->failed && ok && mdl_model_add_dock(r->m, &d) < 0;
}

/* `key` of product entry g: the dock it names, or -2 - the AS/RS of
 * "asrs:ID" (-1: none or refused, *bad). */
static int end_dock(scn_build_env *env, const scn_node *root, mdl_model *m, const scn_node *g, const char *key,
                    const char *sj, bool *bad) {
    const scn_node *n = scn__node_member(g, key);
    if (!n) return -1;
    if (!scn__want_kind(env, n, SCN_STRING, sj, key, "\"receiving\"")) {
        *bad = true;
        return -1;
    }
    if (strncmp(n->s, "asrs:", 5) == 0) { /* route ends at an AS/RS (mdl_asrs_ends_model.c) */
        int a = mdl_model_find_asrs(m, n->s + 5);
        if (a >= 0) return -2 - a;
        *bad = true;
        if (!scn__written(scn__node_member(root, "asrs"), n->s + 5)) /* (one refused has its message) */
            scn__problem(env, n, sj, "%s: no AS/RS '%s'%s", key, n->s + 5,
                         near_hint(env, m, n->s + 5, mdl_model_asrs_count(m), asrs_id));
        return -1;
    }
    int d = mdl_model_find_dock(m, n->s);
    if (d >= 0) return d;
    *bad = true;
    const scn_node *docks = scn__node_member(root, "docks");
    if (docks && scn__written(docks, n->s)) return -1; /* it has its message */
    scn__problem(env, n, sj, "%s: no dock '%s'%s", key, n->s,
                 near_hint(env, m, n->s, mdl_model_dock_count(m), dock_id));
    return -1;
}

/* The ends at an AS/RS (from, to: -2 - AS/RS, or other) and `dwell`.
 * refused: an end was refused (it has its message), so whether `to` is an
 * AS/RS is unknown: `dwell` is read alone. */
static bool store_ends(scn_build_env *env, mdl_model *m, const scn_node *g, int p, int from, int to, bool refused,
                       const char *sj) {
    const scn_node *dn = scn__node_member(g, "dwell");
    sim_dist dwell;
    if (refused) return !dn || scn__read_dist(env, m, dn, sj, "dwell", false, &dwell);
    if (dn && to > -2) {
        scn__problem(env, dn, sj, "dwell: only with to = \"asrs:ID\" (how long finished units stay stored before "
                     "they are shipped)");
        return false;
    }
    if (dn && !scn__read_dist(env, m, dn, sj, "dwell", false, &dwell)) return false;
    if (from > -2 && to > -2) return true;
    if (mdl_model_set_product_store(m, p, from <= -2 ? -2 - from : -1, to <= -2 ? -2 - to : -1, dn ? &dwell : NULL))
        return true;
    const char *e = mdl_model_error(m);
    const scn_node *at = scn__node_member(g, strstr(e, "dwell:") ? "dwell" : strstr(e, "from:") ? "from" : "to");
    scn__model_problem(env, at ? at : g, sj, e);
    return false;
}

bool scn__product_ends(scn_build_env *env, const scn_node *root, mdl_model *m, const scn_node *g, int p,
                       const char *sj) {
    bool bad = false;
    int from = end_dock(env, root, m, g, "from", sj, &bad), to = end_dock(env, root, m, g, "to", sj, &bad);
    if (!store_ends(env, m, g, p, from, to, bad, sj)) bad = true;
    if (from < -1) from = -1;
    if (to < -1) to = -1;
    if (bad || (from < 0 && to < 0)) return !bad;
    if (!mdl_model_set_product_ends(m, p, from, to)) {
        const scn_node *at = scn__node_member(g, from >= 0 && strstr(mdl_model_error(m), "from:") ? "from" : "to");
        scn__model_problem(env, at ? at : g, sj, mdl_model_error(m));
        return false;
    }
    return true;
}

bool scn__product_to_check(scn_build_env *env, mdl_model *m, const scn_node *g, int p, const char *sj) {
    int to = mdl_model_product_to(m, p), len = mdl_model_route_length(m, p), store = mdl_model_product_store_to(m, p);
    const scn_node *n = scn__node_member(g, "to");
    if (store >= 0 && len > 0 && n) { /* finished goods into an AS/RS: by its feed, from the last station */
        int last = mdl_model_route_station(m, p, len - 1), which = -1;
        const char *sid = mdl_model_station(m, last)->id, *aid = mdl_model_asrs(m, store)->id;
        if (mdl_model_transport(m, p, last, &which) == MDL_TRANSPORT_ASRS && which == store) return true;
        scn__problem(env, n, sj, "to: finished units go from '%s' to AS/RS '%s' by its feed, but transport.%s says "
                     "otherwise (leave it out or write \"asrs:%s\")", sid, aid, sid, aid);
        return false;
    }
    if (to < 0 || len <= 0 || !n) return true;
    int last = mdl_model_route_station(m, p, len - 1);
    mdl_transport_kind k = mdl_model_transport(m, p, last, NULL);
    const char *sid = mdl_model_station(m, last)->id, *did = mdl_model_dock(m, to)->id;
    /* A transport written for the last station but not in the model was
     * refused (it, or the fleet or belt it names, has its message). */
    const scn_node *tg = scn__node_member(g, "transport"), *tw = tg ? scn__node_member(tg, sid) : NULL;
    if (k == MDL_TRANSPORT_DIRECT && tw && !(tw->kind == SCN_STRING && strcmp(tw->s, "direct") == 0) &&
        scn_diags_count(env->diags) > 0)
        return false;
    if (k == MDL_TRANSPORT_DIRECT)
        scn__problem(env, n, sj, "to: its last station '%s' has no transport to dock '%s' (set transport.%s to a "
                     "fleet or \"conveyor:ID\")", sid, did, sid);
    else if (k == MDL_TRANSPORT_ASRS)
        scn__problem(env, n, sj, "to: an AS/RS does not deliver to dock '%s'; set transport.%s to a fleet or a "
                     "conveyor", did, sid);
    return k != MDL_TRANSPORT_DIRECT && k != MDL_TRANSPORT_ASRS;
}
