/*
 * scn_people.c - the people keys of a scene: the root's `pools`, and each
 * station's `people` (the tasks that need a person) and `key` (a key
 * process). Read through the key tables of scn_schema.c (scn__pool_keys,
 * scn__person_keys, scn__task_keys) once stations, products and calendars
 * are in the model.
 *
 *   pools = ( { id = "assemblers"; headcount = 3; skills = ["assemble"]; } );
 *   stations = ( { id = "assembly"; ...; people = ( { task = "process"; pool = "assemblers"; } ); key = true; } );
 */
#include <stdio.h>
#include <string.h>

#include "mdl_people.h"
#include "scn_internal.h"
#include "scn_keys.h"

typedef struct pctx {
    scn_build_env *env;
    const scn_node *root;
    mdl_model *m;
    bool failed;
} pctx;

static const scn_node *member(const scn_node *g, const char *k) { return g ? scn__node_member(g, k) : NULL; }

/* A problem of the scene (scn__problem); the people build fails. */
#define problem(c, ...) ((c)->failed = true, scn__problem((c)->env, __VA_ARGS__))

static char *subj(pctx *c, const char *what, const char *id, size_t i) {
    return id ? scn__printf(c->env->arena, "%s '%s'", what, id) : scn__printf(c->env->arena, "%s #%zu", what, i + 1);
}

/* The index of the entry of kind `what` (its list "<what>s") that node n
 * names, found with `find`; false after a problem: not a string, or no
 * such entry (refused with "did you mean" among the `count` ids of
 * `id_of`, unless the entry was written and refused with its own). */
static bool named(pctx *c, const scn_node *n, const char *sj, const char *what, const char *example,
                  int (*find)(const mdl_model *, const char *), int count,
                  const char *(*id_of)(const mdl_model *, int), int *out) {
    if (!scn__want_kind(c->env, n, SCN_STRING, sj, what, example)) return false;
    *out = find(c->m, n->s);
    if (*out >= 0) return true;
    char list[32];
    snprintf(list, sizeof list, "%ss", what);
    if (!scn__written(member(c->root, list), n->s)) {
        const char *names[64];
        size_t k = 0;
        for (int i = 0; i < count && k < 64; i++) names[k++] = id_of(c->m, i);
        scn__unknown_name(c->env, n, sj, what, what, n->s, names, k);
    }
    return false;
}

static const char *pool_id(const mdl_model *m, int pool) { return mdl_model_pool(m, pool)->id; }

/* Starts reading the entry g by table t (subject sj); false after the
 * problem `expected` (subject `where`) when g is not a group. */
static bool begin(pctx *c, scn_keyreader *r, const scn_node *g, const scn_key_table *t, const char *sj,
                  const char *where, const char *expected) {
    if (g->kind != SCN_GROUP) {
        problem(c, g, where, "%s", expected);
        return false;
    }
    if (scn__keys_begin(r, c->env, c->m, t, g, sj) > 0) c->failed = true;
    return true;
}

/* The end of reading an entry: false (and the build fails) when a key
 * was refused. */
static bool read_ok(pctx *c, const scn_keyreader *r) {
    if (r->failed) c->failed = true;
    return !r->failed;
}

/* The model's answer to adding the entry written as g: its index, or -1
 * after its refusal has been reported. */
static int added(pctx *c, int index, const scn_node *g, const char *subject) {
    if (index < 0) {
        scn__model_problem(c->env, g, subject, mdl_model_error(c->m));
        c->failed = true;
    }
    return index;
}

/* An array of strings (skills) into the arena; false when refused. */
static bool strings(pctx *c, const scn_node *n, const char *subject, const char *key, const char ***out, int *count) {
    if (n->kind != SCN_ARRAY && n->kind != SCN_LIST) {
        problem(c, n, subject, "%s: expected an array of names like [\"weld\", \"assemble\"]", key);
        return false;
    }
    const char **a = scn__alloc(c->env->arena, (n->nkids + 1) * sizeof *a);
    if (!a) return false;
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->kind != SCN_STRING || !n->kids[i]->s[0]) {
            problem(c, n->kids[i], subject, "%s: expected a non-empty name in quotes", key);
            return false;
        }
        a[i] = n->kids[i]->s;
    }
    *out = a;
    *count = (int)n->nkids;
    return true;
}

/* ---- pools ---- */

static void pool_people(pctx *c, const scn_node *pl, int pool, const char *sj, int headcount) {
    if (pl->kind != SCN_LIST) {
        problem(c, pl, sj, "people: expected a list of groups like ( { skills = [\"weld\"]; efficiency = 1.2; } )");
        return;
    }
    if ((long)pl->nkids > headcount) {
        problem(c, pl, sj, "people: %zu people listed, but the headcount is %d", pl->nkids, headcount);
        return;
    }
    for (size_t i = 0; i < pl->nkids; i++) {
        const scn_node *g = pl->kids[i];
        char *ps = scn__printf(c->env->arena, "%s: person %zu", sj, i + 1);
        scn_keyreader r;
        if (!begin(c, &r, g, &scn__person_keys, ps, ps,
                   "expected a group like { skills = [\"weld\"]; efficiency = 1.2; }"))
            continue;
        double eff = 1.0;
        if (scn__key_number(&r, "efficiency", &eff) && !(eff > 0.0))
            scn__key_problem(&r, scn__key_node(&r, "efficiency"), "efficiency: must be greater than 0");
        const scn_node *sk = scn__key_node(&r, "skills");
        const char **skills = NULL;
        int nsk = 0;
        if (!sk) scn__key_problem(&r, g, "missing 'skills' (what this person can do, e.g. skills = [\"weld\"])");
        else if (!strings(c, sk, ps, "skills", &skills, &nsk)) r.failed = true;
        if (!read_ok(c, &r)) continue;
        for (int k = 0; k < nsk; k++)
            if (pool >= 0 && !mdl_model_set_person_skill(c->m, pool, (int)i, skills[k], eff)) {
                scn__model_problem(c->env, g, ps, mdl_model_error(c->m));
                c->failed = true;
            }
    }
}

static void build_pool(pctx *c, const scn_node *g, size_t i) {
    const char *id = scn__node_id(g);
    const char *sj = subj(c, "pool", id, i);
    scn_keyreader r;
    if (!begin(c, &r, g, &scn__pool_keys, sj, "pools", "expected a group like { id = \"assemblers\"; headcount = 3; }"))
        return;
    bool removal = false;
    if (scn__key_bool(&r, "remove", &removal) && removal) {
        scn__key_problem(&r, scn__key_node(&r, "remove"),
                         "remove = true: there is no pool '%s' in an included scene to remove", id ? id : "?");
        c->failed = true;
        return;
    }
    if (!id) {
        scn__key_problem(&r, g, "missing 'id' (the pool's name, e.g. id = \"assemblers\")");
        c->failed = true;
        return;
    }
    mdl_pool_spec spec;
    mdl_pool_spec_default(&spec);
    spec.id = id;
    spec.source_line = g->line;
    scn__key_int(&r, "headcount", &spec.headcount);
    scn__key_calendar(&r, c->root, &spec.calendar);
    scn__key_number(&r, "cost_per_hour", &spec.cost_per_hour);
    if (scn__key_number(&r, "efficiency", &spec.efficiency) && !(spec.efficiency > 0.0))
        scn__key_problem(&r, scn__key_node(&r, "efficiency"), "efficiency: must be greater than 0");
    scn__key_number(&r, "walk_speed", &spec.walk_speed);
    const char *rules[MDL_PEOPLE_RULE_COUNT];
    for (int k = 0; k < MDL_PEOPLE_RULE_COUNT; k++) rules[k] = mdl_people_rule_name((mdl_people_rule)k);
    int ch;
    if (scn__key_choice(&r, "rule", rules, MDL_PEOPLE_RULE_COUNT, &ch)) spec.rule = (mdl_people_rule)ch;
    static const char *const policies[] = {"interrupt", "hand_over"};
    if (scn__key_choice(&r, "breaks", policies, 2, &ch)) spec.breaks = (mdl_break_policy)ch;
    const scn_node *sk = scn__key_node(&r, "skills");
    const char **skills = NULL;
    if (sk && !strings(c, sk, sj, "skills", &skills, &spec.nskills)) r.failed = true;
    spec.skills = skills;
    if (!read_ok(c, &r)) return;
    int pool = added(c, mdl_model_add_pool(c->m, &spec), g, sj);
    if (pool < 0) return;
    const scn_node *pl = scn__key_node(&r, "people");
    if (pl) pool_people(c, pl, pool, sj, spec.headcount);
}

/* ---- the stations' tasks ---- */

static void build_task(pctx *c, const scn_node *g, int station, const char *ssj, size_t i) {
    char *sj = scn__printf(c->env->arena, "%s: people #%zu", ssj, i + 1);
    scn_keyreader r;
    if (!begin(c, &r, g, &scn__task_keys, sj, ssj,
               "people: expected a list of groups like ( { task = \"process\"; pool = \"assemblers\"; } )"))
        return;
    mdl_task_spec t;
    memset(&t, 0, sizeof t);
    t.station = station;
    t.product = -1;
    t.pool = -1;
    t.people = 1;
    t.source_line = g->line;
    const char *kinds[MDL_TASK_KIND_COUNT];
    for (int k = 0; k < MDL_TASK_KIND_COUNT; k++) kinds[k] = mdl_task_kind_name((mdl_task_kind)k);
    int ch;
    if (scn__key_choice(&r, "task", kinds, MDL_TASK_KIND_COUNT, &ch)) t.kind = (mdl_task_kind)ch;
    else if (!scn__key_node(&r, "task"))
        scn__key_problem(&r, g, "missing 'task' (\"process\", \"setup\", \"load\", \"inspection\" or \"repair\")");
    scn__key_int(&r, "count", &t.people);
    scn__key_string(&r, "skill", &t.skill);
    scn__key_int(&r, "priority", &t.priority);
    if (scn__key_dist(&r, "time", &t.load)) t.has_load = true;
    const scn_node *tn = scn__key_node(&r, "time");
    if (tn && t.kind != MDL_TASK_LOAD && !r.failed)
        scn__key_problem(&r, tn, "time: only for task = \"load\" (the other tasks last as long as the operation or "
                                 "repair)");
    const scn_node *pn = scn__key_node(&r, "product");
    if (pn && !named(c, pn, sj, "product", "\"housing\"", mdl_model_find_product, mdl_model_product_count(c->m),
                     mdl_model_product_id, &t.product))
        r.failed = true;
    const scn_node *pool = scn__key_node(&r, "pool");
    if (pool) {
        if (!named(c, pool, sj, "pool", "\"assemblers\"", mdl_model_find_pool, mdl_model_pool_count(c->m), pool_id,
                   &t.pool))
            r.failed = true;
    } else if (t.people > 0) {
        scn__key_problem(&r, g, "missing 'pool' (whose people do the task, e.g. pool = \"assemblers\")");
    }
    if (t.people == 0 && t.product < 0 && !r.failed)
        scn__key_problem(&r, scn__key_node(&r, "count"),
                         "count = 0: only with a product (this product needs nobody); leave the task out instead");
    if (read_ok(c, &r)) added(c, mdl_model_add_task(c->m, &t), g, ssj);
}

static void build_station_people(pctx *c, const scn_node *sl) {
    if (!sl || sl->kind != SCN_LIST) return;
    for (size_t i = 0; i < sl->nkids; i++) {
        const scn_node *g = sl->kids[i];
        const char *id = scn__node_id(g);
        int st = mdl_model_find_station(c->m, id);
        if (st < 0) continue; /* refused with its own message */
        const char *sj = subj(c, "station", id, i);
        const scn_node *kn = member(g, "key");
        if (kn) {
            if (kn->kind != SCN_BOOL) problem(c, kn, sj, "key: expected true or false");
            else if (!mdl_model_set_key_station(c->m, st, kn->i != 0)) problem(c, kn, sj, "key: %s", mdl_model_error(c->m));
        }
        const scn_node *pl = member(g, "people");
        if (!pl) continue;
        if (pl->kind != SCN_LIST) {
            problem(c, pl, sj, "people: expected a list of groups like ( { task = \"process\"; pool = \"assemblers\"; } )");
            continue;
        }
        for (size_t k = 0; k < pl->nkids; k++) build_task(c, pl->kids[k], st, sj, k);
    }
}

/* ---- safety zones ---- */

static void build_zone(pctx *c, const scn_node *g, size_t i) {
    const char *id = scn__node_id(g);
    const char *sj = subj(c, "zone", id, i);
    scn_keyreader r;
    if (!begin(c, &r, g, &scn__zone_keys, sj, "zones",
               "expected a group like { id = \"robot-cell\"; from = [0, 0]; to = [4, 3]; }"))
        return;
    mdl_zone_spec z = {id, 0.0, 0.0, 0.0, 0.0, g->line};
    if (!id) scn__key_problem(&r, g, "missing 'id' (the zone's name, e.g. id = \"robot-cell\")");
    if (!scn__key_pair(&r, "from", &z.x0, &z.y0) && !scn__key_node(&r, "from"))
        scn__key_problem(&r, g, "missing 'from' (a corner [x, y] in metres)");
    if (!scn__key_pair(&r, "to", &z.x1, &z.y1) && !scn__key_node(&r, "to"))
        scn__key_problem(&r, g, "missing 'to' (the opposite corner [x, y] in metres)");
    if (read_ok(c, &r)) added(c, mdl_model_add_zone(c->m, &z), g, sj);
}

static void build_zones(pctx *c, const scn_node *zl) {
    if (!zl) return;
    if (zl->kind != SCN_LIST) {
        problem(c, zl, "zones", "expected a list of groups like ( { id = \"robot-cell\"; from = [0, 0]; to = [4, 3]; } )");
        return;
    }
    for (size_t i = 0; i < zl->nkids; i++) build_zone(c, zl->kids[i], i);
}

bool scn__people_build(scn_build_env *env, const scn_node *root, mdl_model *m) {
    pctx c = {env, root, m, false};
    const scn_node *pl = member(root, "pools");
    if (pl) {
        if (pl->kind != SCN_LIST) {
            problem(&c, pl, "pools", "expected a list of groups like ( { id = \"assemblers\"; headcount = 3; } )");
        } else {
            for (size_t i = 0; i < pl->nkids; i++) {
                const char *id = scn__node_id(pl->kids[i]);
                bool dup = false;
                for (size_t k = 0; k < i && id; k++) {
                    const char *o = scn__node_id(pl->kids[k]);
                    if (o && strcmp(o, id) == 0) {
                        problem(&c, pl->kids[i], subj(&c, "pool", id, i), "id: duplicate: pool '%s' is already "
                                "defined at %s:%d", id, pl->kids[k]->file, pl->kids[k]->line);
                        dup = true;
                        break;
                    }
                }
                if (!dup) build_pool(&c, pl->kids[i], i);
            }
        }
    }
    build_station_people(&c, member(root, "stations"));
    build_zones(&c, member(root, "zones"));
    return !c.failed;
}
