/*
 * scn_route_step.c - a route step written as a group (flexible routes):
 * `{ station = "cnc"; cycle = "4min"; }` (one station, a cycle time for
 * this visit), `{ any = ["m1", "m2"]; rule = "first_free"; }` (alternative
 * stations) or `{ branch = { wash = 0.7; deburr = 0.3; }; }` (a
 * probabilistic branch), each with an optional `when = { coating =
 * ["yes"]; }` (the step only for the variants of a family that meet it;
 * applied once the family's options are known). Part of the scene builder (scn_build_internal.h);
 * the model's side is models/src/mdl_route_flex.c.
 */
#include "scn_build_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_routing.h"

static const char *const step_example = "{ any = [\"cnc1\", \"cnc2\"]; rule = \"first_free\"; }";
static const char *const rule_names[] = {"first_free", "shortest_queue", "fastest"};

/* A station name n of the step: its index among b->st, or -1 (reported). */
static int step_station(bctx *b, scn_keyreader *r, const scn_node *at, const char *name, const char *key) {
    int si = find_station(b, name);
    if (si < 0) {
        scn__unknown_name(r->env, at, r->subject, key, "station", name, b->st_ids, b->nst);
        r->failed = true;
    }
    return si;
}

/* `any = [...]`: the stations, distinct. */
static void step_any(bctx *b, scn_keyreader *r, const scn_node *an, int *st, mdl_step_spec *spec) {
    char got[80];
    if ((an->kind != SCN_ARRAY && an->kind != SCN_LIST) || an->nkids < 1 || an->nkids > 64) {
        scn__key_problem(r, an, "any: expected 1 to 64 station names like [\"cnc1\", \"cnc2\"], got %s",
                         show(an, got, sizeof got));
        return;
    }
    for (size_t k = 0; k < an->nkids; k++) {
        const scn_node *c = an->kids[k];
        if (c->kind != SCN_STRING) {
            scn__key_problem(r, c, "any: expected station names, got %s", show(c, got, sizeof got));
            return;
        }
        st[k] = step_station(b, r, c, c->s, "any");
        for (size_t j = 0; j < k; j++)
            if (st[k] >= 0 && st[j] == st[k]) scn__key_problem(r, c, "any: station '%s' is listed twice", c->s);
    }
    spec->nstations = (int)an->nkids;
}

/* `branch = { wash = 0.7; deburr = 0.3; }`: stations and probabilities adding up to 1. */
static void step_branch(bctx *b, scn_keyreader *r, const scn_node *bn, int *st, double *share, mdl_step_spec *spec) {
    char got[80], key[120];
    if (bn->kind != SCN_GROUP || bn->nkids < 2 || bn->nkids > 64) {
        scn__key_problem(r, bn, "branch: expected 2 to 64 stations with probabilities like { wash = 0.7; deburr = "
                                "0.3; }, got %s", show(bn, got, sizeof got));
        return;
    }
    double sum = 0.0;
    for (size_t k = 0; k < bn->nkids; k++) {
        const scn_node *c = bn->kids[k];
        st[k] = step_station(b, r, c, c->name, "branch");
        snprintf(key, sizeof key, "branch.%s", c->name);
        if (!scn__read_share(r->env, c, r->subject, key, &share[k])) r->failed = true;
        sum += share[k];
    }
    if (!r->failed && fabs(sum - 1.0) > 1e-9)
        scn__key_problem(r, bn, "branch: the probabilities add up to %g, not 1", sum);
    spec->nstations = (int)bn->nkids;
    spec->rule = MDL_STEP_SHARE;
}

bool scn__route_step_read(bctx *b, const scn_node *g, const char *subject, mdl_step_spec *spec, const char **first) {
    scn_keyreader r;
    memset(spec, 0, sizeof *spec);
    if (scn__keys_begin(&r, b->env, b->m, &scn__route_step_keys, g, subject) > 0) return false;
    const scn_node *sn = scn__key_node(&r, "station"), *an = scn__key_node(&r, "any"), *bn = scn__key_node(&r, "branch");
    if (!!sn + !!an + !!bn != 1) {
        scn__key_problem(&r, g, "route: a step group names its stations with one of station, any and branch, e.g. %s",
                         step_example);
        return false;
    }
    int *st = scn__alloc(b->a, 64 * sizeof *st);
    double *share = scn__alloc(b->a, 64 * sizeof *share);
    if (!st || !share) return false;
    if (sn && want_kind(b, sn, SCN_STRING, subject, "station", "\"cnc\"")) {
        st[0] = step_station(b, &r, sn, sn->s, "station");
        spec->nstations = 1;
    } else if (sn) {
        r.failed = true;
    }
    if (an) step_any(b, &r, an, st, spec);
    if (bn) step_branch(b, &r, bn, st, share, spec);
    int rule = 0;
    const scn_node *rn = scn__key_node(&r, "rule");
    if (rn && !an) scn__key_problem(&r, rn, "rule: only for a step with `any`");
    else if (rn && scn__key_choice(&r, "rule", rule_names, 3, &rule)) spec->rule = (mdl_step_rule)rule;
    if (scn__key_node(&r, "cycle")) spec->has_cycle = scn__key_dist(&r, "cycle", &spec->cycle);
    if (r.failed || spec->nstations == 0) return false;
    spec->stations = st;
    spec->shares = share;
    *first = b->st[st[0]].id;
    return true;
}

void scn__route_step_apply(bctx *b, const scn_node *g, const char *subject, int pi, int step,
                           const mdl_step_spec *spec) {
    int st[64];
    for (int k = 0; k < spec->nstations; k++) {
        if (!b->st[spec->stations[k]].ok) return; /* that station has its message */
        st[k] = b->st[spec->stations[k]].index;
    }
    mdl_step_spec s = *spec;
    s.stations = st;
    if (!mdl_model_set_step(b->m, pi, step, &s)) model_problem(b, g, subject);
}

/* ---- `when`: a step that depends on the options -------------------------------- */

/* Member c of `when` (option = values): the option's index and the values'
 * into vals; the number of values, or 0 (reported). */
static int when_option(bctx *b, const scn_node *c, const char *subject, int pi, int *option, int *vals) {
    char got[80], key[120];
    int nopt = 0, nval = 0;
    const char *const *opts = mdl_model_family_names(b->m, pi, -1, &nopt);
    int k = 0;
    while (k < nopt && strcmp(opts[k], c->name) != 0) k++;
    if (k == nopt) {
        unknown_name(b, c, subject, "when", "option", c->name, opts, (size_t)nopt);
        return 0;
    }
    const char *const *values = mdl_model_family_names(b->m, pi, k, &nval);
    snprintf(key, sizeof key, "when.%s", c->name);
    bool list = c->kind == SCN_ARRAY || c->kind == SCN_LIST;
    size_t n = list ? c->nkids : 1;
    if ((!list && c->kind != SCN_STRING) || n == 0 || n > (size_t)nval) {
        problem(b, c, subject, "%s: expected 1 to %d of the option's values like [\"%s\"], got %s", key, nval,
                values[0], show(c, got, sizeof got));
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        const scn_node *vn = list ? c->kids[i] : c;
        int v = 0;
        if (vn->kind != SCN_STRING) {
            problem(b, vn, subject, "%s: expected value names, got %s", key, show(vn, got, sizeof got));
            return 0;
        }
        while (v < nval && strcmp(values[v], vn->s) != 0) v++;
        if (v == nval) {
            unknown_name(b, vn, subject, key, "value", vn->s, values, (size_t)nval);
            return 0;
        }
        for (size_t j = 0; j < i; j++)
            if (vals[j] == v) {
                problem(b, vn, subject, "%s: value '%s' is listed twice", key, vn->s);
                return 0;
            }
        vals[i] = v;
    }
    *option = k;
    return (int)n;
}

bool scn__route_when_apply(bctx *b, const scn_node *wn, const char *subject, int pi, int step) {
    char got[80];
    if (wn->kind != SCN_GROUP || wn->nkids == 0) {
        problem(b, wn, subject, "when: expected a group of option = values like { coating = [\"yes\"]; }, got %s",
                show(wn, got, sizeof got));
        return false;
    }
    if (!mdl_model_is_family(b->m, pi)) {
        problem(b, wn, subject, "when: product '%s' has no options; a step can depend only on a family's options",
                mdl_model_product_id(b->m, pi));
        return false;
    }
    int vals[MDL_FAMILY_MAX_VALUES];
    bool ok = true;
    for (size_t i = 0; i < wn->nkids; i++) {
        int option = -1, n = when_option(b, wn->kids[i], subject, pi, &option, vals);
        if (n == 0) {
            ok = false;
        } else if (!mdl_model_step_when(b->m, pi, step, option, n, vals)) {
            model_problem(b, wn->kids[i], subject);
            ok = false;
        }
    }
    return ok;
}
