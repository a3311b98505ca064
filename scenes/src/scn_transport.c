/*
 * scn_transport.c - the material-handling keys of a scene: paths, fleets,
 * robots, conveyors, station nodes and per-product transport.
 *
 * Entry point (called by scn__build once stations and products are built):
 *
 *     bool scn__transport_build(scn_build_env *env, const scn_node *root,
 *                               mdl_model *m);
 *
 * It reads the root group's `paths`, `fleets`, `robots` and `conveyors`,
 * each station's `node` and `out_capacity`, and each product's `transport`
 * group, adds them to m (mdl_transport.h), reports every problem to
 * env->diags as `file:line: subject: message`, and returns false when it
 * reported any. Stations or products that failed their own checks (absent
 * from m) are skipped silently: they already have their message.
 *
 *   paths = { floor = [40.0, 25.0];          # or [x0, y0, x1, y1]
 *             nodes = ( { id = "n1"; at = [2.0, 3.0]; kind = "parking";
 *                         capacity = 2; slots = 1; } );
 *             edges = ( { from = "n1"; to = "n2"; two_way = true;
 *                         speed = 1.0; capacity = 1; } ); };
 *   stations = ( { id = "saw"; ...; node = "n3"; out_capacity = 1; } );
 *   fleets = ( { id = "agv"; count = 4; speed = 1.2; accel = 0.5;
 *                load = "15s"; unload = "15s"; capacity = 1;
 *                mode = "kinematic"; dispatch = "nearest"; idle = "park";
 *                home = "p1"; per_m_kwh = 0.0005; idle_kw = 0.05;
 *                battery = { capacity_kwh = 2.0; threshold = 0.2;
 *                            charge_kw = 1.0; initial = 1.0; };
 *                size = [1.0, 0.7]; dt = "50ms"; near_miss = 0.3;
 *                deadlock_timeout = "60s"; operators = 0; } );
 *   robots = ( { id = "r1"; tends = ["cnc1", "cnc2"]; load = "12s";
 *                unload = "10s"; move = "3s"; mtbf = "exp(40h)";
 *                mttr = "exp(30min)";
 *                power = { busy = 3.0; moving = 2.0; idle = 0.3; down = 0.0; }; } );
 *   conveyors = ( { id = "c1"; length = 12.0; speed = 0.3; spacing = 0.6;
 *                   accumulating = true; power = 0.4;
 *                   from = [4.0, 6.0]; to = [16.0, 6.0]; } );
 *   products = ( { id = "housing"; ...;
 *                  transport = { saw = "agv"; cnc = "conveyor:c1"; }; } );
 *
 * `transport.<station> = "<fleet>"`, `"conveyor:<id>"` or `"direct"`: how
 * units of the product leave that station for the next step of the route.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mdl_transport.h"
#include "scn_internal.h"
#include "scn_keys.h"
#include "scn_scene.h"

typedef struct tctx {
    scn_build_env *env;
    const scn_node *root;
    mdl_model *m;
    bool failed;
} tctx;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void problem(tctx *t, const scn_node *at, const char *subject, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    scn__vproblem(t->env, at, subject, fmt, ap);
    va_end(ap);
    t->failed = true;
}

static const scn_node *member(const scn_node *g, const char *k) { return g ? scn__node_member(g, k) : NULL; }

/* Unknown keys, with the hints every entity gives (scn_keys.h). */
static void check_keys(tctx *t, const scn_node *g, const char *subject, const char *const *known) {
    if (scn__check_keys(t->env, g, subject, known, NULL) > 0) t->failed = true;
}

/* A number >= lo; `shown` is the key as messages name it ("power.busy"
 * for key "busy" of the group "power"). */
static bool num_as(tctx *t, const scn_node *g, const char *key, const char *shown, const char *subj, double lo,
                   double *out);

static bool num(tctx *t, const scn_node *g, const char *key, const char *subj, double lo, double *out) {
    return num_as(t, g, key, key, subj, lo, out);
}

/* A power draw in kW: a number from 0 to SCN_MAX_KW, as for stations. */
static bool kw_as(tctx *t, const scn_node *g, const char *key, const char *shown, const char *subj, double *out) {
    const scn_node *n = member(g, key);
    if (!n) return true;
    double v = 0;
    if (!num_as(t, g, key, shown, subj, 0.0, &v)) return false;
    if (v > SCN_MAX_KW) {
        problem(t, n, subj, "%s: must be between 0 and 1000000 kW, got %g", shown, v);
        return false;
    }
    *out = v;
    return true;
}

/* A share: 0.2 or "20%", as for stations' shares. */
static bool share_as(tctx *t, const scn_node *g, const char *key, const char *shown, const char *subj, double *out) {
    const scn_node *n = member(g, key);
    if (!n) return true;
    if (n->kind == SCN_STRING) {
        char err[200];
        if (!scn_parse_share(n->s, out, err, sizeof err)) {
            problem(t, n, subj, "%s: %s", shown, err);
            return false;
        }
        return true;
    }
    return num_as(t, g, key, shown, subj, 0.0, out);
}

/* Member `key` of the group `parent` ("battery", "power") as a number. */
static bool num_in(tctx *t, const scn_node *g, const char *parent, const char *key, const char *subj, double lo,
                   double *out) {
    char shown[64];
    snprintf(shown, sizeof shown, "%s.%s", parent, key);
    return num_as(t, g, key, shown, subj, lo, out);
}

static bool num_as(tctx *t, const scn_node *g, const char *key, const char *shown, const char *subj, double lo,
                   double *out) {
    const scn_node *n = member(g, key);
    if (!n) return true;
    key = shown;
    char got[80];
    if (n->kind != SCN_INT && n->kind != SCN_FLOAT) {
        scn__node_show(n, got, sizeof got);
        problem(t, n, subj, "%s: expected a number, got %s", key, got);
        return false;
    }
    double v = n->kind == SCN_INT ? (double)n->i : n->f;
    if (!isfinite(v)) {
        problem(t, n, subj, "%s: %s", key, scn__not_finite(v));
        return false;
    }
    if (v < lo) {
        problem(t, n, subj, "%s: must be a number >= %g, got %g", key, lo, v);
        return false;
    }
    *out = v;
    return true;
}

static bool integer(tctx *t, const scn_node *g, const char *key, const char *subj, long long lo, long long hi,
                    int *out) {
    const scn_node *n = member(g, key);
    if (!n) return true;
    long long v;
    char err[160];
    if (!scn__whole_number(n, &v, err, sizeof err)) {
        problem(t, n, subj, "%s: %s", key, err);
        return false;
    }
    if (v < lo || v > hi) {
        problem(t, n, subj, "%s: expected a whole number between %lld and %lld, got %lld", key, lo, hi, v);
        return false;
    }
    *out = (int)v;
    return true;
}

static bool boolean(tctx *t, const scn_node *g, const char *key, const char *subj, bool *out) {
    const scn_node *n = member(g, key);
    if (!n) return true;
    if (n->kind != SCN_BOOL) {
        problem(t, n, subj, "%s: expected true or false", key);
        return false;
    }
    *out = n->i != 0;
    return true;
}

static const char *string(tctx *t, const scn_node *g, const char *key, const char *subj) {
    const scn_node *n = member(g, key);
    if (!n) return NULL;
    if (n->kind != SCN_STRING) {
        char got[80];
        scn__node_show(n, got, sizeof got);
        problem(t, n, subj, "%s: expected a string, got %s", key, got);
        return NULL;
    }
    return n->s;
}

static bool duration(tctx *t, const scn_node *g, const char *key, const char *subj, double *out) {
    const scn_node *n = member(g, key);
    if (!n) return true;
    if (n->kind == SCN_INT || n->kind == SCN_FLOAT) return num(t, g, key, subj, 0.0, out);
    char err[300];
    if (n->kind != SCN_STRING || !scn_parse_duration(n->s, out, err, sizeof err)) {
        problem(t, n, subj, "%s: %s", key, n->kind == SCN_STRING ? err : "expected a duration like \"15s\"");
        return false;
    }
    return true;
}

static bool dist(tctx *t, const scn_node *g, const char *key, const char *subj, sim_dist *out, bool *present) {
    const scn_node *n = member(g, key);
    if (present) *present = n != NULL;
    if (!n) return true;
    if (n->kind == SCN_INT || n->kind == SCN_FLOAT) {
        double v = n->kind == SCN_INT ? (double)n->i : n->f;
        if (!isfinite(v)) {
            problem(t, n, subj, "%s: %s", key, scn__not_finite(v));
            return false;
        }
        if (v < 0) {
            problem(t, n, subj, "%s: durations must not be negative, got %g", key, v);
            return false;
        }
        *out = sim_dist_const(v);
        return true;
    }
    char err[300];
    if (n->kind != SCN_STRING || !scn_parse_dist(n->s, t->m, out, err, sizeof err)) {
        problem(t, n, subj, "%s: %s", key, n->kind == SCN_STRING ? err : "expected a distribution like exp(5min)");
        return false;
    }
    return true;
}

/* [x, y] (or [a, b, c, d] when n4) into v. */
static bool point(tctx *t, const scn_node *g, const char *key, const char *subj, double *v, int want) {
    const scn_node *n = member(g, key);
    if (!n) return false;
    if ((n->kind != SCN_ARRAY && n->kind != SCN_LIST) || (int)n->nkids != want) {
        problem(t, n, subj, "%s: expected %s", key, want == 2 ? "[x, y] in metres" : "[x0, y0, x1, y1] in metres");
        return false;
    }
    for (int i = 0; i < want; i++) {
        const scn_node *k = n->kids[i];
        if (k->kind != SCN_INT && k->kind != SCN_FLOAT) {
            problem(t, k, subj, "%s: expected numbers", key);
            return false;
        }
        v[i] = k->kind == SCN_INT ? (double)k->i : k->f;
        if (!isfinite(v[i])) {
            problem(t, k, subj, "%s: %s", key, scn__not_finite(v[i]));
            return false;
        }
        if (fabs(v[i]) > SCN_MAX_METRES) {
            problem(t, k, subj, "%s: %g is too large (at most %g m)", key, v[i], SCN_MAX_METRES);
            return false;
        }
    }
    return true;
}

static int pick(tctx *t, const scn_node *n, const char *subj, const char *key, const char *const *names, int count) {
    if (!n) return -1;
    if (n->kind == SCN_STRING)
        for (int i = 0; i < count; i++)
            if (strcmp(n->s, names[i]) == 0) return i;
    char hint[120] = "";
    if (n->kind == SCN_STRING) scn__hint(n->s, names, (size_t)count, hint, sizeof hint);
    char list[200] = "";
    for (int i = 0; i < count; i++) {
        strncat(list, i ? ", \"" : "\"", sizeof list - strlen(list) - 1);
        strncat(list, names[i], sizeof list - strlen(list) - 1);
        strncat(list, "\"", sizeof list - strlen(list) - 1);
    }
    problem(t, n, subj, "%s: expected one of %s%s", key, list, hint);
    return -2;
}

static char *subj(tctx *t, const char *what, const char *id, size_t i) {
    return id ? scn__printf(t->env->arena, "%s '%s'", what, id) : scn__printf(t->env->arena, "%s #%zu", what, i + 1);
}

static bool is_list(tctx *t, const scn_node *n, const char *what) {
    if (n->kind == SCN_LIST) return true;
    problem(t, n, what, "expected a list of groups ( { ... }, { ... } )");
    return false;
}

/* The model refused the object of group `at`: its message, said once and
 * at the value it is about (scn__model_problem). */
static void model_fail(tctx *t, const scn_node *at, const char *subject) {
    scn__model_problem(t->env, at, subject, mdl_model_error(t->m));
    t->failed = true;
}

/* An entry with `remove = true` that is still here removed nothing: the
 * included scenes have no entry of that id (layering takes away the ones
 * they have). True when the entry is such a leftover (reported). */
static bool stray_removal(tctx *t, const scn_node *g, const char *subject, const char *what) {
    const scn_node *r = member(g, "remove");
    if (!r) return false;
    if (r->kind != SCN_BOOL) {
        problem(t, r, subject, "remove: expected true or false");
        return true;
    }
    if (r->i)
        problem(t, r, subject, "remove = true: there is no %s '%s' in an included scene to remove", what,
                scn__node_id(g) ? scn__node_id(g) : "?");
    return r->i != 0;
}

/* Was an entry of this id written in the list `l` (even one refused with
 * a message of its own)? */
static bool written(const scn_node *l, const char *id) {
    if (!l || l->kind != SCN_LIST || !id) return false;
    for (size_t i = 0; i < l->nkids; i++) {
        const char *x = scn__node_id(l->kids[i]);
        if (x && strcmp(x, id) == 0) return true;
    }
    return false;
}

/* " (did you mean 'x'?)" among the model's stations (what = 's'),
 * nodes ('n'), fleets ('f') or conveyors ('c'); "" when nothing is close. */
static const char *near_name(tctx *t, char what, const char *word) {
    int n = what == 's' ? mdl_model_station_count(t->m) : what == 'n' ? mdl_model_node_count(t->m)
          : what == 'f' ? mdl_model_fleet_count(t->m) : mdl_model_conveyor_count(t->m);
    if (n <= 0 || !word) return "";
    const char **ids = scn__alloc(t->env->arena, (size_t)n * sizeof *ids);
    char *hint = scn__alloc(t->env->arena, 160);
    if (!ids || !hint) return "";
    for (int i = 0; i < n; i++)
        ids[i] = what == 's' ? mdl_model_station(t->m, i)->id : what == 'n' ? mdl_model_node(t->m, i)->id
               : what == 'f' ? mdl_model_fleet(t->m, i)->id : mdl_model_conveyor(t->m, i)->id;
    scn__hint(word, ids, (size_t)n, hint, 160);
    return hint;
}

/* ---- paths ---------------------------------------------------------------- */

/* paths.floor: [w, h] or [x0, y0, x1, y1]. */
static void paths_floor(tctx *t, const scn_node *p) {
    const scn_node *fl = member(p, "floor");
    if (!fl) return;
    double v[4] = {0, 0, 0, 0};
    if (fl->kind == SCN_ARRAY && fl->nkids == 2 && point(t, p, "floor", "paths", v + 2, 2)) {
        if (!mdl_model_set_floor(t->m, 0, 0, v[2], v[3])) model_fail(t, fl, "paths");
    } else if (point(t, p, "floor", "paths", v, 4)) {
        if (!mdl_model_set_floor(t->m, v[0], v[1], v[2], v[3])) model_fail(t, fl, "paths");
    }
}

/* Entry g (number i) of paths.nodes. */
static void path_node(tctx *t, const scn_node *g, size_t i) {
    static const char *const nk[] = {"id", "at", "kind", "capacity", "slots", "remove", NULL};
    mdl_node_spec s;
    mdl_node_spec_default(&s);
    s.id = scn__node_id(g);
    const char *sj = subj(t, "node", s.id, i);
    if (g->kind != SCN_GROUP) {
        problem(t, g, sj, "expected a group { id = \"n1\"; at = [x, y]; }");
        return;
    }
    check_keys(t, g, sj, nk);
    if (stray_removal(t, g, sj, "node")) return;
    bool ok = s.id != NULL;
    if (!s.id) problem(t, g, sj, "missing 'id' (the node's name)");
    double xy[2];
    if (point(t, g, "at", sj, xy, 2)) {
        s.x = xy[0];
        s.y = xy[1];
    } else {
        if (!member(g, "at")) problem(t, g, sj, "missing 'at' (its position [x, y] in metres)");
        ok = false;
    }
    static const char *const kinds[] = {"point", "parking", "charging"};
    int k = pick(t, member(g, "kind"), sj, "kind", kinds, 3);
    if (k >= 0) s.kind = (mdl_node_kind)k;
    if (k == -2) ok = false;
    ok &= integer(t, g, "capacity", sj, 1, 10000, &s.capacity);
    ok &= integer(t, g, "slots", sj, 1, 10000, &s.slots);
    s.source_line = g->line;
    if (ok && mdl_model_add_node(t->m, &s) < 0) model_fail(t, g, sj);
}

/* Entry g (number i) of paths.edges. */
static void path_edge(tctx *t, const scn_node *p, const scn_node *g, size_t i) {
    static const char *const ek[] = {"from", "to", "two_way", "speed", "capacity", NULL};
    const char *sj = subj(t, "edge", NULL, i);
    if (g->kind != SCN_GROUP) {
        problem(t, g, sj, "expected a group { from = \"n1\"; to = \"n2\"; }");
        return;
    }
    const char *from = string(t, g, "from", sj), *to = string(t, g, "to", sj);
    if (from && to) sj = scn__printf(t->env->arena, "edge %s-%s", from, to);
    check_keys(t, g, sj, ek);
    mdl_edge_spec e;
    mdl_edge_spec_default(&e);
    bool ok = true;
    e.from = mdl_model_find_node(t->m, from);
    e.to = mdl_model_find_node(t->m, to);
    if (!from || !to) {
        problem(t, g, sj, "needs 'from' and 'to' (node ids)");
        ok = false;
    } else {
        /* A node refused with its own message is not reported again. */
        if (e.from < 0 && !written(member(p, "nodes"), from))
            problem(t, member(g, "from"), sj, "from: no node '%s'%s", from, near_name(t, 'n', from));
        if (e.to < 0 && !written(member(p, "nodes"), to))
            problem(t, member(g, "to"), sj, "to: no node '%s'%s", to, near_name(t, 'n', to));
        if (e.from < 0 || e.to < 0) ok = false;
    }
    ok &= boolean(t, g, "two_way", sj, &e.two_way);
    ok &= num(t, g, "speed", sj, 0.0, &e.speed_limit);
    ok &= integer(t, g, "capacity", sj, 1, 10000, &e.capacity);
    e.source_line = g->line;
    if (ok && mdl_model_add_edge(t->m, &e) < 0) model_fail(t, g, sj);
}

static void build_paths(tctx *t, const scn_node *p) {
    static const char *const keys[] = {"floor", "nodes", "edges", NULL};
    if (p->kind != SCN_GROUP) {
        problem(t, p, "paths", "expected a group { nodes = (...); edges = (...); }");
        return;
    }
    check_keys(t, p, "paths", keys);
    paths_floor(t, p);
    const scn_node *nl = member(p, "nodes");
    if (nl && is_list(t, nl, "paths.nodes"))
        for (size_t i = 0; i < nl->nkids; i++) path_node(t, nl->kids[i], i);
    const scn_node *el = member(p, "edges");
    if (el && is_list(t, el, "paths.edges"))
        for (size_t i = 0; i < el->nkids; i++) path_edge(t, p, el->kids[i], i);
}

/* ---- fleets, robots, conveyors ---------------------------------------------- */

/* A fleet's `battery` group; false when refused. */
static bool fleet_battery(tctx *t, const scn_node *g, const char *sj, mdl_fleet_spec *f) {
    const scn_node *b = member(g, "battery");
    if (!b) return true;
    static const char *const bk[] = {"capacity_kwh", "threshold", "charge_kw", "initial", "per_m_kwh", "idle_kw", NULL};
    if (b->kind != SCN_GROUP) {
        problem(t, b, sj, "battery: expected a group { capacity_kwh = 2.0; ... }");
        return false;
    }
    check_keys(t, b, sj, bk);
    f->battery.enabled = true;
    bool ok = num_in(t, b, "battery", "capacity_kwh", sj, 0.0, &f->battery.capacity_kwh);
    ok &= share_as(t, b, "threshold", "battery.threshold", sj, &f->battery.threshold);
    ok &= num_in(t, b, "battery", "charge_kw", sj, 0.0, &f->battery.charge_kw);
    ok &= share_as(t, b, "initial", "battery.initial", sj, &f->battery.initial);
    /* consumption may also be written inside the battery group */
    ok &= num_in(t, b, "battery", "per_m_kwh", sj, 0.0, &f->per_m_kwh);
    ok &= kw_as(t, b, "idle_kw", "battery.idle_kw", sj, &f->idle_kw);
    return ok;
}

/* mode, dispatch, idle, home. */
static bool fleet_choices(tctx *t, const scn_node *g, const char *sj, mdl_fleet_spec *f) {
    static const char *const modes[] = {"kinematic", "physics"};
    static const char *const disp[] = {"nearest", "fcfs", "starvation"};
    static const char *const idle[] = {"park", "stay"};
    bool ok = true;
    int k = pick(t, member(g, "mode"), sj, "mode", modes, 2);
    if (k >= 0) f->mode = (mdl_motion)k;
    ok &= k != -2;
    k = pick(t, member(g, "dispatch"), sj, "dispatch", disp, 3);
    if (k >= 0) f->dispatch = (mdl_fleet_dispatch)k;
    ok &= k != -2;
    k = pick(t, member(g, "idle"), sj, "idle", idle, 2);
    if (k >= 0) f->idle = (mdl_fleet_idle)k;
    ok &= k != -2;
    const char *home = string(t, g, "home", sj);
    if (home && (f->home = mdl_model_find_node(t->m, home)) < 0) {
        if (!written(member(member(t->root, "paths"), "nodes"), home))
            problem(t, member(g, "home"), sj, "home: no node '%s'%s", home, near_name(t, 'n', home));
        ok = false;
    }
    return ok;
}

/* The physics body: size, dt, near_miss, deadlock_timeout. */
static bool fleet_physics(tctx *t, const scn_node *g, const char *sj, mdl_fleet_spec *f) {
    bool ok = true;
    double sz[2];
    if (point(t, g, "size", sj, sz, 2)) {
        f->length = sz[0];
        f->width = sz[1];
    }
    if (duration(t, g, "dt", sj, &f->dt)) {
        /* A physics step under a millisecond resolves nothing a vehicle
         * does and makes a run last for ever. */
        if (member(g, "dt") && f->dt < SCN_MIN_STEP) {
            char got[80];
            scn__node_show(member(g, "dt"), got, sizeof got);
            problem(t, member(g, "dt"), sj, "dt: the physics step must be at least 1ms, got %s", got);
            ok = false;
        }
    } else {
        ok = false;
    }
    ok &= num(t, g, "near_miss", sj, 0.0, &f->near_miss);
    ok &= duration(t, g, "deadlock_timeout", sj, &f->deadlock_timeout);
    return ok;
}

/* Entry g (number i) of `fleets`. */
static void build_fleet(tctx *t, const scn_node *g, size_t i) {
    static const char *const keys[] = {"id", "count", "speed", "accel", "load", "unload", "capacity", "mode",
                                       "dispatch", "idle", "home", "per_m_kwh", "idle_kw", "battery", "size",
                                       "dt", "near_miss", "deadlock_timeout", "operators", "remove", NULL};
    mdl_fleet_spec f;
    mdl_fleet_spec_default(&f);
    f.id = scn__node_id(g);
    const char *sj = subj(t, "fleet", f.id, i);
    if (g->kind != SCN_GROUP) {
        problem(t, g, sj, "expected a group { id = \"agv\"; count = 4; ... }");
        return;
    }
    check_keys(t, g, sj, keys);
    if (stray_removal(t, g, sj, "fleet")) return;
    bool ok = f.id != NULL;
    if (!f.id) problem(t, g, sj, "missing 'id' (the fleet's name, used by products' transport)");
    ok &= integer(t, g, "count", sj, 1, 100000, &f.count);
    ok &= num(t, g, "speed", sj, 0.0, &f.speed);
    ok &= num(t, g, "accel", sj, 0.0, &f.accel);
    ok &= integer(t, g, "capacity", sj, 1, 64, &f.capacity);
    ok &= dist(t, g, "load", sj, &f.load, NULL);
    ok &= dist(t, g, "unload", sj, &f.unload, NULL);
    ok &= fleet_choices(t, g, sj, &f);
    ok &= num(t, g, "per_m_kwh", sj, 0.0, &f.per_m_kwh);
    ok &= kw_as(t, g, "idle_kw", "idle_kw", sj, &f.idle_kw);
    ok &= fleet_battery(t, g, sj, &f);
    ok &= fleet_physics(t, g, sj, &f);
    ok &= integer(t, g, "operators", sj, 0, 10000, &f.operators);
    f.source_line = g->line;
    if (ok && mdl_model_add_fleet(t->m, &f) < 0) model_fail(t, g, sj);
}

static void build_fleets(tctx *t, const scn_node *fl) {
    if (!is_list(t, fl, "fleets")) return;
    for (size_t i = 0; i < fl->nkids; i++) build_fleet(t, fl->kids[i], i);
}

static void build_robots(tctx *t, const scn_node *rl) {
    if (!is_list(t, rl, "robots")) return;
    for (size_t i = 0; i < rl->nkids; i++) {
        const scn_node *g = rl->kids[i];
        static const char *const keys[] = {"id", "tends", "load", "unload", "move", "mtbf", "mttr", "power",
                                           "remove", NULL};
        mdl_robot_spec r;
        mdl_robot_spec_default(&r);
        r.id = scn__node_id(g);
        const char *sj = subj(t, "robot", r.id, i);
        if (g->kind != SCN_GROUP) {
            problem(t, g, sj, "expected a group { id = \"r1\"; tends = [\"cnc1\"]; ... }");
            continue;
        }
        check_keys(t, g, sj, keys);
        if (stray_removal(t, g, sj, "robot")) continue;
        bool ok = r.id != NULL;
        if (!r.id) problem(t, g, sj, "missing 'id'");
        const scn_node *tn = member(g, "tends");
        int tends[256];
        if (!tn || (tn->kind != SCN_ARRAY && tn->kind != SCN_LIST) || tn->nkids < 1 || tn->nkids > 256) {
            problem(t, tn ? tn : g, sj, "tends: expected the stations it serves, e.g. [\"cnc1\", \"cnc2\"]");
            ok = false;
        } else {
            for (size_t k = 0; k < tn->nkids; k++) {
                const scn_node *s = tn->kids[k];
                int st = s->kind == SCN_STRING ? mdl_model_find_station(t->m, s->s) : -1;
                if (st < 0 && s->kind == SCN_STRING && written(member(t->root, "stations"), s->s)) {
                    ok = false; /* the station has its own message */
                } else if (st < 0 && s->kind == SCN_STRING) {
                    problem(t, s, sj, "tends: no station '%s'%s", s->s, near_name(t, 's', s->s));
                    ok = false;
                } else if (st < 0) {
                    char got[80];
                    scn__node_show(s, got, sizeof got);
                    problem(t, s, sj, "tends: expected station ids, got %s", got);
                    ok = false;
                }
                tends[k] = st;
            }
            r.tends = tends;
            r.ntends = (int)tn->nkids;
        }
        ok &= dist(t, g, "load", sj, &r.load, NULL);
        ok &= dist(t, g, "unload", sj, &r.unload, NULL);
        ok &= dist(t, g, "move", sj, &r.move, NULL);
        bool has_mtbf, has_mttr;
        ok &= dist(t, g, "mtbf", sj, &r.mtbf, &has_mtbf);
        ok &= dist(t, g, "mttr", sj, &r.mttr, &has_mttr);
        if (has_mtbf && sim_dist_mean(&r.mtbf) < SCN_MIN_PACE && sim_dist_mean(&r.mtbf) > 0) {
            problem(t, member(g, "mtbf"), sj, "mtbf: the mean must be at least 1ms");
            ok = false;
        }
        if (has_mtbf != has_mttr) {
            problem(t, member(g, has_mtbf ? "mtbf" : "mttr"), sj, "mtbf and mttr go together: give both or neither");
            ok = false;
        }
        r.has_failures = has_mtbf && has_mttr;
        const scn_node *pw = member(g, "power");
        if (pw) {
            static const char *const pk[] = {"busy", "moving", "idle", "down", NULL};
            if (pw->kind != SCN_GROUP) {
                problem(t, pw, sj, "power: expected a group { busy = 3.0; idle = 0.3; ... } in kW");
                ok = false;
            } else {
                check_keys(t, pw, sj, pk);
                for (int k = 0; k < MDL_ROBOT_STATE_COUNT; k++) {
                    char shown[40];
                    snprintf(shown, sizeof shown, "power.%s", pk[k]);
                    ok &= kw_as(t, pw, pk[k], shown, sj, &r.power[k]);
                }
            }
        }
        r.source_line = g->line;
        if (ok && mdl_model_add_robot(t->m, &r) < 0) model_fail(t, g, sj);
    }
}

static void build_conveyors(tctx *t, const scn_node *cl) {
    if (!is_list(t, cl, "conveyors")) return;
    for (size_t i = 0; i < cl->nkids; i++) {
        const scn_node *g = cl->kids[i];
        static const char *const keys[] = {"id", "length", "speed", "spacing", "accumulating", "power", "from", "to",
                                           "remove", NULL};
        mdl_conveyor_spec c;
        mdl_conveyor_spec_default(&c);
        c.id = scn__node_id(g);
        const char *sj = subj(t, "conveyor", c.id, i);
        if (g->kind != SCN_GROUP) {
            problem(t, g, sj, "expected a group { id = \"c1\"; length = 12.0; speed = 0.3; spacing = 0.6; }");
            continue;
        }
        check_keys(t, g, sj, keys);
        if (stray_removal(t, g, sj, "conveyor")) continue;
        bool ok = c.id != NULL;
        if (!c.id) problem(t, g, sj, "missing 'id'");
        for (int k = 0; k < 3; k++) {
            static const char *const need[] = {"length", "speed", "spacing"};
            if (!member(g, need[k])) {
                problem(t, g, sj, "missing '%s'", need[k]);
                ok = false;
            }
        }
        ok &= num(t, g, "length", sj, 0.0, &c.length);
        if (c.length > SCN_MAX_METRES) {
            problem(t, member(g, "length"), sj, "length: %g is too large (at most %g m)", c.length, SCN_MAX_METRES);
            ok = false;
        }
        ok &= num(t, g, "speed", sj, 0.0, &c.speed);
        ok &= num(t, g, "spacing", sj, 0.0, &c.spacing);
        ok &= boolean(t, g, "accumulating", sj, &c.accumulating);
        ok &= kw_as(t, g, "power", "power", sj, &c.power_kw);
        double a[2], b[2];
        if (point(t, g, "from", sj, a, 2) && point(t, g, "to", sj, b, 2)) c.x0 = a[0], c.y0 = a[1], c.x1 = b[0], c.y1 = b[1];
        c.source_line = g->line;
        if (ok && mdl_model_add_conveyor(t->m, &c) < 0) model_fail(t, g, sj);
    }
}

/* ---- stations and products ------------------------------------------------------ */

static void build_station_nodes(tctx *t, const scn_node *sl) {
    if (!sl || sl->kind != SCN_LIST) return;
    for (size_t i = 0; i < sl->nkids; i++) {
        const scn_node *g = sl->kids[i];
        const char *id = scn__node_id(g);
        int st = mdl_model_find_station(t->m, id);
        const scn_node *nn = member(g, "node");
        if (st < 0) continue;
        const char *sj = subj(t, "station", id, i);
        if (!nn) {
            const scn_node *oc = member(g, "out_capacity");
            if (oc) problem(t, oc, sj, "out_capacity: only with a node (the out-point is where vehicles collect units)");
            continue;
        }
        const char *name = string(t, g, "node", sj);
        int out = 1;
        bool ok = integer(t, g, "out_capacity", sj, 1, 100000, &out);
        int n = mdl_model_find_node(t->m, name);
        if (name && n < 0) {
            if (!written(member(member(t->root, "paths"), "nodes"), name))
                problem(t, nn, sj, "node: no node '%s' in paths.nodes%s", name, near_name(t, 'n', name));
            else
                t->failed = true;   /* the node has its message */
            continue;
        }
        if (ok && name && !mdl_model_set_station_node(t->m, st, n, out)) model_fail(t, nn, sj);
    }
}

/* A fleet collects units at `st` and delivers them to the next station of
 * the route: both need a node. Said here, at the transport line, rather
 * than by the model's validation (which knows no lines). */
/* Did the scene give station `id` a node (even one refused with its own
 * message)? */
static bool node_written(const scn_node *root, const char *id) {
    const scn_node *l = member(root, "stations");
    if (!l || l->kind != SCN_LIST) return false;
    for (size_t i = 0; i < l->nkids; i++) {
        const char *x = scn__node_id(l->kids[i]);
        if (x && strcmp(x, id) == 0 && member(l->kids[i], "node")) return true;
    }
    return false;
}

static void need_nodes(tctx *t, const scn_node *e, const char *sj, int p, int st, int fleet) {
    int len = mdl_model_route_length(t->m, p);
    const char *fid = mdl_model_fleet(t->m, fleet)->id;
    if (mdl_model_station_node(t->m, st) < 0 && !node_written(t->root, e->name))
        problem(t, e, sj, "transport.%s: fleet '%s' collects units at station '%s', which has no node "
                "(add node = \"...\" to the station)", e->name, fid, e->name);
    for (int k = 0; k + 1 < len; k++) {
        if (mdl_model_route_station(t->m, p, k) != st) continue;
        int next = mdl_model_route_station(t->m, p, k + 1);
        if (next >= 0 && mdl_model_station_node(t->m, next) < 0 &&
            !node_written(t->root, mdl_model_station(t->m, next)->id)) {
            problem(t, e, sj, "transport.%s: fleet '%s' delivers to station '%s', which has no node "
                    "(add node = \"...\" to it)", e->name, fid, mdl_model_station(t->m, next)->id);
            break;
        }
    }
}

static void build_product_transport(tctx *t, const scn_node *root, const scn_node *pl) {
    if (!pl || pl->kind != SCN_LIST) return;
    for (size_t i = 0; i < pl->nkids; i++) {
        const scn_node *g = pl->kids[i];
        const char *id = scn__node_id(g);
        int p = mdl_model_find_product(t->m, id);
        const scn_node *tr = member(g, "transport");
        if (p < 0 || !tr) continue;
        const char *sj = subj(t, "product", id, i);
        if (tr->kind != SCN_GROUP) {
            problem(t, tr, sj, "transport: expected a group { saw = \"agv\"; cnc = \"conveyor:c1\"; }");
            continue;
        }
        /* A route given by --set may leave out stations the scene's
         * transport names (`--set products.p.route=[a, b]`): the override
         * means the shorter route, so the entries it orphans go with it. */
        const scn_node *rn = member(g, "route");
        bool route_overridden = rn && rn->file && strcmp(rn->file, "--set") == 0;
        int len = mdl_model_route_length(t->m, p);
        for (size_t k = 0; k < tr->nkids; k++) {
            const scn_node *e = tr->kids[k];
            int st = mdl_model_find_station(t->m, e->name);
            if (st < 0 && written(member(root, "stations"), e->name)) continue; /* it has its message */
            if (route_overridden && st >= 0 && strcmp(e->file, "--set") != 0) {
                bool leaves = false;    /* some step at st has a next step */
                for (int r = 0; r + 1 < len; r++)
                    if (mdl_model_route_station(t->m, p, r) == st) leaves = true;
                if (!leaves) continue;
            }
            if (st < 0) {
                problem(t, e, sj, "transport.%s: no station '%s'%s", e->name, e->name, near_name(t, 's', e->name));
                continue;
            }
            if (e->kind != SCN_STRING) {
                problem(t, e, sj, "transport.%s: expected \"<fleet id>\", \"conveyor:<id>\" or \"direct\"", e->name);
                continue;
            }
            mdl_transport_kind kind;
            int which = -1;
            if (strcmp(e->s, "direct") == 0) {
                kind = MDL_TRANSPORT_DIRECT;
            } else if (strncmp(e->s, "conveyor:", 9) == 0) {
                kind = MDL_TRANSPORT_CONVEYOR;
                which = mdl_model_find_conveyor(t->m, e->s + 9);
                if (which < 0 && written(member(root, "conveyors"), e->s + 9)) continue; /* it has its message */
                if (which < 0) {
                    problem(t, e, sj, "transport.%s: no conveyor '%s'%s", e->name, e->s + 9,
                            near_name(t, 'c', e->s + 9));
                    continue;
                }
            } else {
                kind = MDL_TRANSPORT_FLEET;
                which = mdl_model_find_fleet(t->m, e->s);
                if (which < 0 && written(member(root, "fleets"), e->s)) continue; /* it has its message */
                if (which < 0) {
                    const char *h = near_name(t, 'f', e->s);
                    if (*h)
                        problem(t, e, sj, "transport.%s: no fleet '%s'%s", e->name, e->s, h);
                    else
                        problem(t, e, sj, "transport.%s: no fleet '%s' (write a fleet id, \"conveyor:<id>\" or "
                                "\"direct\")", e->name, e->s);
                    continue;
                }
            }
            if (!mdl_model_set_transport(t->m, p, st, kind, which)) {
                model_fail(t, e, sj);
                continue;
            }
            if (kind == MDL_TRANSPORT_FLEET) need_nodes(t, e, sj, p, st, which);
        }
    }
}

bool scn__transport_build(scn_build_env *env, const scn_node *root, mdl_model *m) {
    tctx t = {env, root, m, false};
    const scn_node *n;
    if ((n = member(root, "paths"))) build_paths(&t, n);
    if ((n = member(root, "fleets"))) build_fleets(&t, n);
    if ((n = member(root, "robots"))) build_robots(&t, n);
    if ((n = member(root, "conveyors"))) build_conveyors(&t, n);
    build_station_nodes(&t, member(root, "stations"));
    build_product_transport(&t, root, member(root, "products"));
    /* The model checks these too, but without a line to point at. */
    const scn_node *fl = member(root, "fleets");
    if (!t.failed && fl && mdl_model_fleet_count(m) > 0) {
        long places = 0, vehicles = 0;
        for (int i = 0; i < mdl_model_node_count(m); i++) places += mdl_model_node(m, i)->capacity;
        for (int f = 0; f < mdl_model_fleet_count(m); f++) vehicles += mdl_model_fleet(m, f)->count;
        if (mdl_model_edge_count(m) == 0)
            problem(&t, fl, "fleets", "the fleets need a path network: paths = { nodes = (...); edges = (...); }");
        else if (vehicles > places)
            problem(&t, fl, "fleets", "count: %ld vehicles do not fit on the %ld places of the path network's "
                    "nodes (raise a parking node's capacity)", vehicles, places);
    }
    return !t.failed;
}

/* ---- layout warnings ---------------------------------------------------------- */

typedef struct lwctx {
    scn_build_env *env;
    const scn_node *root;
    scn_diags *warnings;
} lwctx;

/* The entry of list `l` whose id is `id`, or NULL. */
static const scn_node *entry_by_id(const scn_node *l, const char *id, size_t idlen) {
    if (!l || l->kind != SCN_LIST) return NULL;
    for (size_t i = 0; i < l->nkids; i++) {
        const char *x = scn__node_id(l->kids[i]);
        if (x && strlen(x) == idlen && strncmp(x, id, idlen) == 0) return l->kids[i];
    }
    return NULL;
}

/* Any node of the tree on `line`, preferring groups; NULL when none. */
static const scn_node *node_on_line(const scn_node *n, int line) {
    if (n->line == line && n->kind == SCN_GROUP) return n;
    for (size_t i = 0; i < n->nkids; i++) {
        const scn_node *k = node_on_line(n->kids[i], line);
        if (k) return k;
    }
    return NULL;
}

/* The model knows the line of each object, not the file (a retrofit scene
 * layers several): find the object in the layered tree by its subject
 * ("station 'cnc'", "node 'n1'", "edge n1-n2") and take the file from
 * there. */
static void layout_warning(void *ctx, int source_line, const char *subject, const char *message) {
    lwctx *c = ctx;
    const scn_node *at = NULL;
    const char *q = strchr(subject, '\'');
    const char *qe = q ? strchr(q + 1, '\'') : NULL;
    if (q && qe) {
        size_t idlen = (size_t)(qe - q - 1);
        if (strncmp(subject, "station ", 8) == 0) at = entry_by_id(member(c->root, "stations"), q + 1, idlen);
        else if (strncmp(subject, "node ", 5) == 0)
            at = entry_by_id(member(member(c->root, "paths"), "nodes"), q + 1, idlen);
        else if (strncmp(subject, "fleet ", 6) == 0) at = entry_by_id(member(c->root, "fleets"), q + 1, idlen);
    } else if (strncmp(subject, "edge ", 5) == 0) {
        const scn_node *el = member(member(c->root, "paths"), "edges");
        for (size_t i = 0; el && el->kind == SCN_LIST && i < el->nkids && !at; i++)
            if (el->kids[i]->line == source_line) at = el->kids[i];
    }
    if (at && source_line > 0 && at->line != source_line) at = NULL; /* not the object meant */
    if (!at && source_line > 0) at = node_on_line(c->root, source_line);
    const char *file = at ? at->file : c->env->top_file;
    scn_diags_add(c->warnings, file, source_line, subject, "warning: %s", message);
}

void scn__layout_warnings(scn_build_env *env, const scn_node *root, const mdl_model *m, scn_diags *warnings) {
    lwctx c = {env, root, warnings};
    mdl_model_layout_check(m, layout_warning, &c);
    scn_diags_sort(warnings);
}
