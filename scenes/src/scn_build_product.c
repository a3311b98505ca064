/*
 * scn_build_product.c - the products of a scene (routes, cycle and setup times by
 * station) and the stations' setup rules by product change.
 * Part of the scene builder (scn_build_internal.h).
 */
#include "scn_build_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_routing.h"

typedef struct setup_seen {
    int station, from, to;  /* model indexes; -1: any product */
    const char *file;
    int line;
} setup_seen;

/* A setup rule (station, from, to) may be given once: the scene would
 * otherwise keep one of two different times without a word. */
static bool setup_unique(bctx *b, int station, int from, int to, const scn_node *at, const char *subj,
                         const char *what) {
    for (size_t i = 0; i < b->nsetups_seen; i++) {
        const setup_seen *x = &b->setups_seen[i];
        if (x->station == station && x->from == from && x->to == to) {
            problem(b, at, subj, "%s: duplicate: this setup is already given at %s:%d", what, x->file, x->line);
            return false;
        }
    }
    setup_seen *t = scn__mem(b->a, b->setups_seen, (b->nsetups_seen + 1) * sizeof *t);
    if (!t) return true;
    b->setups_seen = t;
    t[b->nsetups_seen++] = (setup_seen){station, from, to, at->file, at->line};
    return true;
}

/* ---- products --------------------------------------------------------------- */

/* The names of the products, first, so that references to them are
 * checked against every product written, valid or not. */
static void product_names(bctx *b, const scn_node *pl, const char **subjects) {
    for (size_t i = 0; i < pl->nkids; i++) {
        const scn_node *g = pl->kids[i];
        b->prod_index[i] = -1;
        subjects[i] = subject_of(b, "product", NULL, i);
        const scn_node *idn = member(g, "id");
        if (!idn) {
            problem(b, g, subjects[i], "missing 'id' (the product's name, e.g. id = \"housing\")");
            continue;
        }
        if (!scn__check_id(b, idn, subjects[i])) continue;
        subjects[i] = subject_of(b, "product", idn->s, i);
        int dup = find_product(b, idn->s); /* among the products before this one */
        if (dup >= 0) {
            problem(b, idn, subjects[i], "id: duplicate: product '%s' is already defined at %s:%d", idn->s,
                    pl->kids[dup]->file, pl->kids[dup]->line);
            continue;
        }
        record_indexed(&b->prod_ix, &b->prod_ix_failed, b->prod_ids, i, idn->s);
    }
}

/* A product's route: its station names, their indexes among b->st. */
typedef struct route_read {
    const scn_node *n;
    const char **name;
    int *station;
    mdl_step_spec **spec; /* per step: a step written as a group (scn_route_step.c), else NULL */
    const scn_node **when; /* per step: its `when` group, else NULL */
    size_t steps;
} route_read;

static void product_route(bctx *b, scn_keyreader *r, route_read *rt) {
    const scn_node *rn = scn__key_node(r, "route");
    char got[80];
    rt->n = rn;
    if (!rn) {
        scn__key_problem(r, r->g, "missing 'route' (the stations it visits, e.g. route = [\"saw\", \"cnc\"])");
        return;
    }
    if (rn->kind != SCN_ARRAY && rn->kind != SCN_LIST) {
        scn__key_problem(r, rn, "route: expected station names like [\"saw\", \"cnc\"], got %s",
                         show(rn, got, sizeof got));
        return;
    }
    if (rn->nkids == 0) {
        scn__key_problem(r, rn, "route: empty; a product visits at least one station");
        return;
    }
    rt->name = scn__alloc(b->a, rn->nkids * sizeof(char *));
    rt->station = scn__alloc(b->a, rn->nkids * sizeof(int));
    rt->spec = scn__alloc(b->a, rn->nkids * sizeof *rt->spec);
    rt->when = scn__alloc(b->a, rn->nkids * sizeof *rt->when);
    if (!rt->name || !rt->station || !rt->spec || !rt->when) {
        r->failed = true;   /* out of memory: the build fails on the arena */
        return;
    }
    rt->steps = rn->nkids;
    for (size_t k = 0; k < rt->steps; k++) {
        const scn_node *s = rn->kids[k];
        rt->spec[k] = NULL;
        rt->when[k] = s->kind == SCN_GROUP ? member(s, "when") : NULL;
        if (s->kind == SCN_GROUP) { /* a flexible step, or a visit with its own cycle */
            mdl_step_spec *sp = scn__alloc(b->a, sizeof *sp);
            if (!sp || !scn__route_step_read(b, s, r->subject, sp, &rt->name[k])) {
                r->failed = true;
                continue;
            }
            rt->spec[k] = sp;
            rt->station[k] = sp->stations[0];
            continue;
        }
        if (s->kind != SCN_STRING) {
            scn__key_problem(r, s, "route: expected station names, got %s", show(s, got, sizeof got));
            continue;
        }
        int si = find_station(b, s->s);
        if (si < 0) {
            scn__unknown_name(r->env, s, r->subject, "route", "station", s->s, b->st_ids, b->nst);
            r->failed = true;
            continue;
        }
        rt->name[k] = s->s;
        rt->station[k] = si;
    }
}

/* A product's times by station: `cycle = { cnc = "6min"; }` or
 * `setup = { ... }`. */
typedef struct by_station {
    const scn_node *g;
    sim_dist *d;
    int *station;       /* indexes among b->st */
    size_t n;
} by_station;

/* Reads group `key` of the product (number `pi` in the scene's list);
 * `expected` says what the group holds when it is not one. */
static void product_by_station(bctx *b, scn_keyreader *r, const char *key, const char *expected, size_t pi,
                               by_station *out) {
    const scn_node *g = scn__key_node(r, key);
    out->g = g;
    if (!g) return;
    char got[80];
    if (g->kind != SCN_GROUP) {
        scn__key_problem(r, g, "%s: expected %s, got %s", key, expected, show(g, got, sizeof got));
        return;
    }
    out->d = scn__alloc(b->a, (g->nkids + 1) * sizeof(sim_dist));
    out->station = scn__alloc(b->a, (g->nkids + 1) * sizeof(int));
    if (!out->d || !out->station) {
        r->failed = true;
        return;
    }
    bool setup = strcmp(key, "setup") == 0;
    for (size_t k = 0; k < g->nkids; k++) {
        const scn_node *c = g->kids[k];
        int si = find_station(b, c->name);
        char shown[100];
        snprintf(shown, sizeof shown, "%s.%s", key, c->name ? c->name : "");
        if (si < 0) {
            scn__unknown_name(r->env, c, r->subject, key, "station", c->name, b->st_ids, b->nst);
            r->failed = true;
        } else if (!scn__read_dist(r->env, b->m, c, r->subject, shown, !setup, &out->d[out->n])) {
            r->failed = true;
        } else if (setup && !setup_unique(b, si, -1, (int)pi, c, r->subject, shown)) {
            r->failed = true;
        } else {
            out->station[out->n++] = si;
        }
    }
}

/* Every station on the route needs a cycle time for this product. */
static void product_covers_route(bctx *b, scn_keyreader *r, const route_read *rt, const by_station *cyc) {
    for (size_t k = 0; k < rt->steps; k++) {
        const mdl_step_spec *sp = rt->spec[k];
        if (sp && sp->has_cycle) continue; /* the visit has its own */
        for (int a = 0; a < (sp ? sp->nstations : 1); a++) {
            int si = sp ? sp->stations[a] : rt->station[k];
            bool has = b->st[si].has_cycle;
            for (size_t c = 0; c < cyc->n; c++)
                if (cyc->station[c] == si) has = true;
            if (!has && b->st[si].ok)
                scn__key_problem(r, rt->n, "route: station '%s' has no cycle time for this product: give the station "
                                           "a 'cycle' or the product a 'cycle = { %s = \"...\"; }'",
                                 b->st[si].id, b->st[si].id);
        }
    }
}

/* Adds product number i to the model, unless a station it names failed
 * (that has its message). */
static void product_add(bctx *b, size_t i, const scn_keyreader *r, const route_read *rt, const by_station *cyc,
                        const by_station *set, long long prio) {
    for (size_t k = 0; k < rt->steps; k++)
        if (!b->st[rt->station[k]].ok) return;
    for (size_t c = 0; c < cyc->n; c++)
        if (!b->st[cyc->station[c]].ok) return;
    for (size_t c = 0; c < set->n; c++)
        if (!b->st[set->station[c]].ok) return;
    int pi = mdl_model_add_product(b->m, b->prod_ids[i], rt->name, (int)rt->steps, (int)prio);
    if (pi < 0) {
        model_problem(b, r->g, r->subject);
        return;
    }
    b->prod_index[i] = pi;
    for (size_t c = 0; c < cyc->n; c++)
        if (!mdl_model_set_cycle(b->m, pi, b->st[cyc->station[c]].index, cyc->d[c])) model_problem(b, cyc->g, r->subject);
    for (size_t c = 0; c < set->n; c++)
        if (!mdl_model_set_setup(b->m, b->st[set->station[c]].index, -1, pi, set->d[c]))
            model_problem(b, set->g, r->subject);
    for (size_t k = 0; k < rt->steps; k++) /* flexible steps (scn_route_step.c) */
        if (rt->spec[k]) scn__route_step_apply(b, rt->n->kids[k], r->subject, pi, (int)k, rt->spec[k]);
}

/* The steps' `when` groups, once the family is known (not when its options
 * were refused: they have their messages), then the check that every
 * variant keeps a step, at the route's line. */
static void product_when(bctx *b, const route_read *rt, const scn_node *options, const char *subj, int pi) {
    bool any = false, ok = true;
    if (options && !mdl_model_is_family(b->m, pi)) return;
    for (size_t k = 0; k < rt->steps; k++)
        if (rt->when[k]) {
            ok = scn__route_when_apply(b, rt->when[k], subj, pi, (int)k) && ok;
            any = true;
        }
    if (any && ok && !mdl_model_route_when_check(b->m, pi)) model_problem(b, rt->n, subj);
}

static void build_product(bctx *b, const scn_node *g, size_t i, const char *subj) {
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__product_keys, g, subj) > 0) b->failed = true;
    bool removal = false;
    if (scn__key_bool(&r, "remove", &removal) && removal)
        scn__key_problem(&r, scn__key_node(&r, "remove"),
                         "remove = true: there is no product '%s' in an included scene to remove", b->prod_ids[i]);
    long long prio = 0;
    scn__key_whole(&r, "priority", &prio);
    route_read rt = {0};
    product_route(b, &r, &rt);
    by_station cyc = {0}, set = {0};
    product_by_station(b, &r, "cycle", "a group of station = distribution, like { cnc = \"normal(6min, 30s)\"; }", i,
                       &cyc);
    product_by_station(b, &r, "setup", "a group of station = distribution (the setup when a station changes over "
                                       "to this product)", i, &set);
    if (rt.steps && !r.failed) product_covers_route(b, &r, &rt, &cyc);
    if (r.failed) b->failed = true;
    else product_add(b, i, &r, &rt, &cyc, &set, prio);
    scn__family_read(b, scn__key_node(&r, "options"), subj, b->prod_index[i]); /* a family (scn_family.c) */
    if (b->prod_index[i] >= 0) product_when(b, &rt, scn__key_node(&r, "options"), subj, b->prod_index[i]);
}

/* What is said when the scene's `products` is missing, not a list, or empty. */
static const scn_required products_list = {"a scene needs at least one product with its route",
                                           "( { id = \"housing\"; route = [\"saw\", \"cnc\"]; } )",
                                           "a scene needs at least one product", ""};

void scn__build_products(bctx *b, const scn_node *pl) {
    if (!scn__required_list(b, pl, "products", &products_list)) return;
    b->prod_ids = scn__alloc(b->a, (pl->nkids + 1) * sizeof(char *));
    b->prod_index = scn__alloc(b->a, (pl->nkids + 1) * sizeof(int));
    const char **subjects = scn__alloc(b->a, (pl->nkids + 1) * sizeof(char *));
    if (!b->prod_ids || !b->prod_index || !subjects) return;
    b->nprod = pl->nkids;
    product_names(b, pl, subjects);
    for (size_t i = 0; i < pl->nkids; i++)
        if (b->prod_ids[i]) build_product(b, pl->kids[i], i, subjects[i]);
}

/* Station setups by product change: ( { from = "a"; to = "b"; time = "20min"; } ). */
static void build_setup_rule(bctx *b, size_t si, const scn_node *g) {
    station_ref *sr = &b->st[si];
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__setup_rule_keys, g, sr->subject) > 0) b->failed = true;
    int ends[2] = {-1, -1};
    int slots[2] = {-1, -1};    /* the products' places in the scene's list */
    bool ok = true;
    static const char *const which[2] = {"from", "to"};
    for (int e = 0; e < 2; e++) {
        const scn_node *n = scn__key_node(&r, which[e]);
        if (!n) continue;
        char key[32];
        snprintf(key, sizeof key, "setups.%s", which[e]);
        int p = -1;
        if (!want_kind(b, n, SCN_STRING, sr->subject, key, "\"housing\"")) ok = false;
        else if ((p = find_product(b, n->s)) < 0) {
            unknown_name(b, n, sr->subject, key, "product", n->s, b->prod_ids, b->nprod);
            ok = false;
        } else {
            if (b->prod_index[p] < 0) ok = false;
            ends[e] = b->prod_index[p];
            slots[e] = p;
        }
    }
    sim_dist d;
    if (!scn__key_node(&r, "time")) scn__key_problem(&r, g, "setups: missing 'time' (the setup's duration)");
    else scn__key_dist(&r, "time", &d);
    if (r.failed) b->failed = true;
    ok = ok && !r.failed;
    if (ok && !setup_unique(b, (int)si, slots[0], slots[1], g, sr->subject, "setups")) ok = false;
    if (ok && sr->ok && !mdl_model_set_setup(b->m, sr->index, ends[0], ends[1], d)) model_problem(b, g, sr->subject);
}

void scn__build_setups(bctx *b) {
    for (size_t i = 0; i < b->nst; i++) {
        const scn_node *setups = b->st[i].setups;
        if (!setups) continue;
        for (size_t k = 0; k < setups->nkids; k++) build_setup_rule(b, i, setups->kids[k]);
    }
}
