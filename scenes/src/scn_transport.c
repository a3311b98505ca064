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

#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "mdl_routing.h"
#include "mdl_transport.h"
#include "scn_maint.h"
#include "scn_internal.h"
#include "scn_keys.h"
#include "scn_scene.h"

typedef struct tctx {
    scn_build_env *env;
    const scn_node *root;
    mdl_model *m;
    bool failed;
} tctx;

/* A problem of the scene (scn__problem); the transport build fails. */
#define problem(t, ...) ((t)->failed = true, scn__problem((t)->env, __VA_ARGS__))

static const scn_node *member(const scn_node *g, const char *k) { return g ? scn__node_member(g, k) : NULL; }

/* Every key is read by the one key reader (scn_keys.h) through its
 * entity's table (scn_schema.c): the same values are accepted, and the
 * same said of the others, as for stations. Starts reading group g. */
static void begin(tctx *t, scn_keyreader *r, const scn_key_table *kt, const scn_node *g, const char *subject) {
    if (scn__keys_begin(r, t->env, t->m, kt, g, subject) > 0) t->failed = true;
}

/* Ends reading: true when no key was refused. */
static bool end(tctx *t, const scn_keyreader *r) {
    if (r->failed) t->failed = true;
    return !r->failed;
}

/* A whole number key into an int (the table bounds it). */
/* A list of groups (entries of paths, fleets, robots, conveyors). */
static bool is_list(tctx *t, const scn_node *n, const char *what, const char *example) {
    if (scn__read_list_of_groups(t->env, n, what, example)) return true;
    t->failed = true;
    return false;
}

static char *subj(tctx *t, const char *what, const char *id, size_t i) {
    return id ? scn__printf(t->env->arena, "%s '%s'", what, id) : scn__printf(t->env->arena, "%s #%zu", what, i + 1);
}

/* The model refused the object of group `at`: its messages (every
 * problem the model named), each said once and at the value it is about
 * (scn__model_problem). */
static void model_fail(tctx *t, const scn_node *at, const char *subject) {
    int n = mdl_model_error_count(t->m);
    if (n == 0) scn__model_problem(t->env, at, subject, mdl_model_error(t->m));
    for (int i = 0; i < n; i++) scn__model_problem(t->env, at, subject, mdl_model_error_at(t->m, i));
    t->failed = true;
}

/* An entry with `remove = true` that is still here removed nothing: the
 * included scenes have no entry of that id (layering takes away the ones
 * they have). True when the entry is such a leftover (reported), or its
 * `remove` is refused. */
static bool stray_removal(tctx *t, scn_keyreader *r, const char *what) {
    const scn_node *n = scn__key_node(r, "remove");
    bool removal = false;
    if (!n) return false;
    if (!scn__key_bool(r, "remove", &removal)) {
        t->failed = true;
        return true;
    }
    if (removal)
        problem(t, n, r->subject, "remove = true: there is no %s '%s' in an included scene to remove", what,
                scn__node_id(r->g) ? scn__node_id(r->g) : "?");
    return removal;
}

/* Reads the keys of an entry through r (its id checked: ok) and adds it
 * to the model unless ok is false or a key was refused; true when the
 * model refused it (the caller says why). */
typedef bool entry_fn(tctx *t, scn_keyreader *r, bool ok);

/* A list of entities with an id: paths.nodes, fleets, robots, conveyors. */
typedef struct entity {
    const char *what;           /* "fleet": an entry's subject */
    const char *list;           /* "fleets": the list's subject */
    const scn_key_table *keys;
    const char *id_hint;        /* said after "missing 'id'" */
    const char *example;        /* of the list */
    entry_fn *read;
} entity;

/* Reads every entry of list l (NULL: none) of entity e. An entry that is
 * a leftover `remove` is not read further; one without an id is read
 * (so that its keys are checked) but not added. */
static void build_entries(tctx *t, const scn_node *l, const entity *e) {
    if (!l || !is_list(t, l, e->list, e->example)) return;
    for (size_t i = 0; i < l->nkids; i++) {
        const scn_node *g = l->kids[i];
        const char *id = scn__node_id(g);
        scn_keyreader r;
        begin(t, &r, e->keys, g, subj(t, e->what, id, i));
        if (stray_removal(t, &r, e->what)) continue;
        if (!id) problem(t, g, r.subject, "missing 'id'%s", e->id_hint);
        if (e->read(t, &r, id != NULL)) model_fail(t, g, r.subject);
    }
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
    static const char expected[] = "[w, h] or [x0, y0, x1, y1] in metres";
    double v[4] = {0, 0, 0, 0};
    bool wh = (fl->kind == SCN_ARRAY || fl->kind == SCN_LIST) && fl->nkids == 2;
    if (!scn__read_coords(t->env, fl, "paths", "floor", wh ? 2 : 4, false, expected, wh ? v + 2 : v)) {
        t->failed = true;
        return;
    }
    if (!mdl_model_set_floor(t->m, v[0], v[1], v[2], v[3])) model_fail(t, fl, "paths");
}

/* An entry of paths.nodes. */
static bool read_node(tctx *t, scn_keyreader *r, bool ok) {
    mdl_node_spec s;
    mdl_node_spec_default(&s);
    s.id = scn__node_id(r->g);
    if (!scn__key_pair(r, "at", &s.x, &s.y)) {
        if (!scn__key_node(r, "at")) problem(t, r->g, r->subject, "missing 'at' (its position [x, y] in metres)");
        ok = false;
    }
    static const char *const kinds[] = {"point", "parking", "charging"};
    int k;
    if (scn__key_choice(r, "kind", kinds, 3, &k)) s.kind = (mdl_node_kind)k;
    scn__key_int(r, "capacity", &s.capacity);
    scn__key_int(r, "slots", &s.slots);
    s.source_line = r->g->line;
    return end(t, r) && ok && mdl_model_add_node(t->m, &s) < 0;
}

/* Entry g (number i) of paths.edges. */
static void path_edge(tctx *t, const scn_node *p, const scn_node *g, size_t i) {
    const char *sj = subj(t, "edge", NULL, i);
    const scn_node *fn = member(g, "from"), *tn = member(g, "to");
    if (fn && tn && fn->kind == SCN_STRING && tn->kind == SCN_STRING)
        sj = scn__printf(t->env->arena, "edge %s-%s", fn->s, tn->s);
    scn_keyreader r;
    begin(t, &r, &scn__path_edge_keys, g, sj);
    const char *from = NULL, *to = NULL;
    scn__key_string(&r, "from", &from);
    scn__key_string(&r, "to", &to);
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
        if (e.from < 0 && !scn__written(member(p, "nodes"), from))
            problem(t, fn, sj, "from: no node '%s'%s", from, near_name(t, 'n', from));
        if (e.to < 0 && !scn__written(member(p, "nodes"), to))
            problem(t, tn, sj, "to: no node '%s'%s", to, near_name(t, 'n', to));
        if (e.from < 0 || e.to < 0) ok = false;
    }
    scn__key_bool(&r, "two_way", &e.two_way);
    scn__key_number(&r, "speed", &e.speed_limit);
    scn__key_int(&r, "capacity", &e.capacity);
    e.source_line = g->line;
    if (end(t, &r) && ok && mdl_model_add_edge(t->m, &e) < 0) model_fail(t, g, sj);
}

static void build_paths(tctx *t, const scn_node *p) {
    if (!scn__want_kind(t->env, p, SCN_GROUP, "paths", "paths", "{ nodes = (...); edges = (...); }")) {
        t->failed = true;
        return;
    }
    scn_keyreader r;
    begin(t, &r, &scn__paths_keys, p, "paths");
    paths_floor(t, p);
    static const entity nodes = {"node", "paths.nodes", &scn__path_node_keys, " (the node's name)",
                                 "( { id = \"n1\"; at = [2.0, 3.0]; } )", read_node};
    build_entries(t, member(p, "nodes"), &nodes);
    const scn_node *el = member(p, "edges");
    if (el && is_list(t, el, "paths.edges", "( { from = \"n1\"; to = \"n2\"; } )"))
        for (size_t i = 0; i < el->nkids; i++) path_edge(t, p, el->kids[i], i);
}

/* ---- fleets, robots, conveyors ---------------------------------------------- */

/* Starts reading the group kt->entity of entity g (a fleet's `battery`,
 * a robot's `power`) through its own table: 1 when reading, 0 when the
 * group is not written, -1 when it is not a group (reported). */
static int begin_within(tctx *t, scn_keyreader *r, const scn_key_table *kt, const scn_node *g, const char *sj,
                        const char *example) {
    const scn_node *n = member(g, kt->entity);
    if (!n) return 0;
    if (!scn__want_kind(t->env, n, SCN_GROUP, sj, kt->entity, example)) {
        t->failed = true;
        return -1;
    }
    begin(t, r, kt, n, sj);
    r->in = kt->entity;
    return 1;
}

/* A fleet's `battery` group; false when refused. */
static bool fleet_battery(tctx *t, const scn_node *g, const char *sj, mdl_fleet_spec *f) {
    scn_keyreader r;
    int in = begin_within(t, &r, &scn__battery_keys, g, sj, "{ capacity_kwh = 2.0; charge_kw = 1.0; }");
    if (in <= 0) return in == 0;
    f->battery.enabled = true;
    scn__key_number(&r, "capacity_kwh", &f->battery.capacity_kwh);
    scn__key_share(&r, "threshold", &f->battery.threshold);
    scn__key_number(&r, "charge_kw", &f->battery.charge_kw);
    scn__key_share(&r, "initial", &f->battery.initial);
    /* consumption may also be written inside the battery group */
    scn__key_number(&r, "per_m_kwh", &f->per_m_kwh);
    scn__key_power(&r, "idle_kw", &f->idle_kw);
    return end(t, &r);
}

/* mode, dispatch, idle, traffic, home. */
static bool fleet_choices(tctx *t, scn_keyreader *r, mdl_fleet_spec *f) {
    static const char *const modes[] = {"kinematic", "physics"};
    static const char *const disp[] = {"nearest", "fcfs", "starvation"};
    static const char *const idle[] = {"park", "stay"};
    static const char *const traffic[] = {"detect", "avoid"}; /* (mdl_fleet_traffic's DETECT and AVOID) */
    int k;
    if (scn__key_choice(r, "mode", modes, 2, &k)) f->mode = (mdl_motion)k;
    if (scn__key_choice(r, "dispatch", disp, 3, &k)) f->dispatch = (mdl_fleet_dispatch)k;
    if (scn__key_choice(r, "idle", idle, 2, &k)) f->idle = (mdl_fleet_idle)k;
    if (scn__key_choice(r, "traffic", traffic, 2, &k)) f->traffic = k == 0 ? MDL_TRAFFIC_DETECT : MDL_TRAFFIC_AVOID;
    static const char *const surplus[] = {"hold", "drive"};
    if (scn__key_choice(r, "surplus", surplus, 2, &k)) f->surplus_drive = k == 1;
    const char *home = NULL;
    if (scn__key_string(r, "home", &home) && (f->home = mdl_model_find_node(t->m, home)) < 0) {
        if (!scn__written(member(member(t->root, "paths"), "nodes"), home))
            problem(t, scn__key_node(r, "home"), r->subject, "home: no node '%s'%s", home, near_name(t, 'n', home));
        return false;
    }
    return true;
}

/* The physics body: size, dt, near_miss, deadlock_timeout. */
static void fleet_physics(scn_keyreader *r, mdl_fleet_spec *f) {
    scn__key_pair(r, "size", &f->length, &f->width);
    /* A physics step under a millisecond resolves nothing a vehicle does
     * and makes a run last for ever. */
    if (scn__key_duration(r, "dt", &f->dt) && f->dt < SCN_MIN_STEP) {
        char got[80];
        scn__node_show(scn__key_node(r, "dt"), got, sizeof got);
        scn__key_problem(r, scn__key_node(r, "dt"), "dt: the physics step must be at least 1ms, got %s", got);
    }
    scn__key_number(r, "near_miss", &f->near_miss);
    scn__key_duration(r, "deadlock_timeout", &f->deadlock_timeout);
}

/* A `window` moment on a resource without shifts of its own (what: "a
 * robot", "a vehicle") needs the maintenance calendar; false when refused. */
static bool maint_window_check(tctx *t, scn_keyreader *r, const mdl_maint_spec *ms, const char *what) {
    if (ms && ms->window_calendar < 0 && (ms->pm_when == MDL_MWHEN_WINDOW || ms->pdm_when == MDL_MWHEN_WINDOW)) {
        problem(t, scn__key_node(r, "maintenance"), r->subject,
                "maintenance: \"window\" needs `window = \"calendar-id\"` on %s (it has no off-shift periods)", what);
        return false;
    }
    return true;
}

/* A fleet's `failure_modes` and `maintenance`: each vehicle's (scn_maint.c;
 * a fleet has no mtbf / mttr pair). */
static bool fleet_maint(tctx *t, scn_keyreader *r, mdl_fleet_spec *f) {
    if (!scn__maint_read(t->env, t->m, r, NULL, NULL, NULL, MDL_MCLOCK_CALENDAR, &f->maint)) return false;
    return maint_window_check(t, r, f->maint, "a vehicle");
}

/* An entry of `fleets`. */
static bool read_fleet(tctx *t, scn_keyreader *r, bool ok) {
    mdl_fleet_spec f;
    mdl_fleet_spec_default(&f);
    f.id = scn__node_id(r->g);
    static const scn_key_field fields[] = {
        SCN_FIELD(mdl_fleet_spec, count), SCN_FIELD(mdl_fleet_spec, speed), SCN_FIELD(mdl_fleet_spec, accel),
        SCN_FIELD(mdl_fleet_spec, capacity), SCN_FIELD(mdl_fleet_spec, load), SCN_FIELD(mdl_fleet_spec, unload),
    };
    scn__key_fields(r, &f, fields, sizeof fields / sizeof fields[0]);
    ok &= fleet_choices(t, r, &f);
    scn__key_number(r, "per_m_kwh", &f.per_m_kwh);
    scn__key_power(r, "idle_kw", &f.idle_kw);
    ok &= fleet_battery(t, r->g, r->subject, &f);
    fleet_physics(r, &f);
    scn__key_int(r, "operators", &f.operators);
    ok &= fleet_maint(t, r, &f);
    ok &= scn__key_calendar(r, t->root, &f.calendar);
    f.source_line = r->g->line;
    return end(t, r) && ok && mdl_model_add_fleet(t->m, &f) < 0;
}

/* A robot's `tends` into tends[0..256) and rs; false when refused. */
static bool robot_tends(tctx *t, scn_keyreader *r, int *tends, mdl_robot_spec *rs) {
    const scn_node *tn = scn__key_node(r, "tends");
    const char *sj = r->subject;
    if (!tn || (tn->kind != SCN_ARRAY && tn->kind != SCN_LIST) || tn->nkids < 1 || tn->nkids > 256) {
        problem(t, tn ? tn : r->g, sj, "tends: expected the stations it serves, e.g. [\"cnc1\", \"cnc2\"]");
        return false;
    }
    bool ok = true;
    for (size_t k = 0; k < tn->nkids; k++) {
        const scn_node *s = tn->kids[k];
        int st = s->kind == SCN_STRING ? mdl_model_find_station(t->m, s->s) : -1;
        if (st < 0 && s->kind == SCN_STRING && scn__written(member(t->root, "stations"), s->s)) {
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
    rs->tends = tends;
    rs->ntends = (int)tn->nkids;
    return ok;
}

/* A robot's `power` (kW by state); false when refused. */
static bool robot_power(tctx *t, const scn_node *g, const char *sj, mdl_robot_spec *rs) {
    scn_keyreader r;
    int in = begin_within(t, &r, &scn__robot_power_keys, g, sj, "{ busy = 3.0; idle = 0.3; }");
    if (in <= 0) return in == 0;
    for (size_t k = 0; k < scn__robot_power_keys.n && k < MDL_ROBOT_STATE_COUNT; k++)
        scn__key_power(&r, scn__robot_power_keys.keys[k].name, &rs->power[k]);
    if (!scn__key_node(&r, "maintenance")) rs->power[MDL_ROBOT_MAINT] = rs->power[MDL_ROBOT_DOWN];
    return end(t, &r);
}

/* A robot's `failure_modes` and `maintenance` (scn_maint.c). */
static bool robot_maint(tctx *t, scn_keyreader *r, mdl_robot_spec *rs) {
    if (!scn__maint_read(t->env, t->m, r, &rs->has_failures, &rs->mtbf, &rs->mttr, MDL_MCLOCK_CALENDAR, &rs->maint))
        return false;
    return maint_window_check(t, r, rs->maint, "a robot");
}

/* An entry of `robots`. */
static bool read_robot(tctx *t, scn_keyreader *r, bool ok) {
    int tends[256];
    mdl_robot_spec rs;
    mdl_robot_spec_default(&rs);
    rs.id = scn__node_id(r->g);
    ok &= robot_tends(t, r, tends, &rs);
    scn__key_dist(r, "load", &rs.load);
    scn__key_dist(r, "unload", &rs.unload);
    scn__key_dist(r, "move", &rs.move);
    const scn_node *mtbf = scn__key_node(r, "mtbf"), *mttr = scn__key_node(r, "mttr");
    bool fok = scn__key_dist(r, "mtbf", &rs.mtbf);
    fok = scn__key_dist(r, "mttr", &rs.mttr) && fok;
    if (!mtbf != !mttr)
        problem(t, mtbf ? mtbf : mttr, r->subject, "mtbf and mttr go together: give both or neither");
    rs.has_failures = fok && mtbf && mttr;
    ok &= robot_maint(t, r, &rs);
    ok &= robot_power(t, r->g, r->subject, &rs);
    ok &= scn__key_calendar(r, t->root, &rs.calendar);
    rs.source_line = r->g->line;
    return end(t, r) && ok && mdl_model_add_robot(t->m, &rs) < 0;
}

/* An entry of `conveyors`. */
static bool read_conveyor(tctx *t, scn_keyreader *r, bool ok) {
    static const char *const need[] = {"length", "speed", "spacing"};
    mdl_conveyor_spec c;
    mdl_conveyor_spec_default(&c);
    c.id = scn__node_id(r->g);
    for (int k = 0; k < 3; k++)
        if (!scn__key_node(r, need[k])) {
            problem(t, r->g, r->subject, "missing '%s'", need[k]);
            ok = false;
        }
    if (scn__key_number(r, "length", &c.length) && c.length > SCN_MAX_METRES)
        scn__key_problem(r, scn__key_node(r, "length"), "length: %g is too large (at most %g m)", c.length,
                         SCN_MAX_METRES);
    scn__key_number(r, "speed", &c.speed);
    scn__key_number(r, "spacing", &c.spacing);
    scn__key_bool(r, "accumulating", &c.accumulating);
    scn__key_power(r, "power", &c.power_kw);
    scn__key_pair(r, "from", &c.x0, &c.y0);
    scn__key_pair(r, "to", &c.x1, &c.y1);
    c.source_line = r->g->line;
    return end(t, r) && ok && mdl_model_add_conveyor(t->m, &c) < 0;
}

/* An entry of `asrs` (scn_asrs.c). */
/* An entry read by its own file's reader: a failure there fails the scene. */
typedef bool (*entry_reader)(scn_keyreader *r, const scn_node *root, bool ok, bool *failed);
static bool delegate(tctx *t, scn_keyreader *r, bool ok, entry_reader read) {
    bool failed = false, refused = read(r, t->root, ok, &failed);
    if (failed) t->failed = true;
    return refused;
}

static bool read_asrs(tctx *t, scn_keyreader *r, bool ok) { return delegate(t, r, ok, scn__asrs_read); }

/* Entries of `merges` and `diverters` (scn_conveyor.c). */
static bool read_merge(tctx *t, scn_keyreader *r, bool ok) { return delegate(t, r, ok, scn__merge_read); }
static bool read_diverter(tctx *t, scn_keyreader *r, bool ok) { return delegate(t, r, ok, scn__diverter_read); }
static const entity merges = {"merge", "merges", &scn__merge_keys, "",
                              "( { id = \"join\"; inputs = [\"a\", \"b\"]; output = \"main\"; } )", read_merge};
static const entity diverters = {"diverter", "diverters", &scn__diverter_keys, "",
                                 "( { id = \"sort\"; input = \"main\"; rule = \"product\"; outputs = (...); } )",
                                 read_diverter};

static const entity asrs = {"asrs", "asrs", &scn__asrs_keys, "",
                            "( { id = \"hbw\"; bays = 40; levels = 10; } )", read_asrs};

/* An entry of `docks` (scn_dock.c). */
static bool read_dock(tctx *t, scn_keyreader *r, bool ok) { return delegate(t, r, ok, scn__dock_read); }
static const entity docks = {"dock", "docks", &scn__dock_keys, " (the dock's name, used by products' from and to)",
                             "( { id = \"receiving\"; kind = \"receiving\"; node = \"n0\"; } )", read_dock};

/* Product p's `from` and `to` (scn_dock.c). */
static void product_ends(tctx *t, const scn_node *g, int p, const char *sj) {
    if (!scn__product_ends(t->env, t->root, t->m, g, p, sj)) t->failed = true;
}
static void product_to_check(tctx *t, const scn_node *g, int p, const char *sj) {
    if (!scn__product_to_check(t->env, t->m, g, p, sj)) t->failed = true;
}
static const entity fleets = {"fleet", "fleets", &scn__fleet_keys, " (the fleet's name, used by products' transport)",
                              "( { id = \"agv\"; count = 4; speed = 1.2; } )", read_fleet};
static const entity robots = {"robot", "robots", &scn__robot_keys, "", "( { id = \"r1\"; tends = [\"cnc1\"]; } )",
                              read_robot};
static const entity conveyors = {"conveyor", "conveyors", &scn__conveyor_keys, "",
                                 "( { id = \"c1\"; length = 12.0; speed = 0.3; spacing = 0.6; } )", read_conveyor};

/* ---- stations and products ------------------------------------------------------ */

/* Calls fn for each entry of list l (of `what`s: stations or products)
 * that the model has, with its index there (find) and its subject. The
 * others failed their own checks and have their message. */
typedef void built_fn(tctx *t, const scn_node *g, int index, const char *sj);
static void each_built(tctx *t, const scn_node *l, const char *what, int (*find)(const mdl_model *, const char *),
                       built_fn *fn) {
    if (!l || l->kind != SCN_LIST) return;
    for (size_t i = 0; i < l->nkids; i++) {
        const char *id = scn__node_id(l->kids[i]);
        int k = find(t->m, id);
        if (k >= 0) fn(t, l->kids[i], k, subj(t, what, id, i));
    }
}

/* Station st (entry g of `stations`): its `node` and `out_capacity`. */
static void station_node(tctx *t, const scn_node *g, int st, const char *sj) {
    const scn_node *nn = member(g, "node");
    if (!nn) {
        const scn_node *oc = member(g, "out_capacity");
        if (oc) problem(t, oc, sj, "out_capacity: only with a node (the out-point is where vehicles collect units)");
        return;
    }
    const char *name = NULL;
    if (scn__want_kind(t->env, nn, SCN_STRING, sj, "node", "\"n1\"")) name = nn->s;
    else t->failed = true;
    const scn_node *oc = member(g, "out_capacity");
    long long out = 1;
    bool ok = !oc || scn__read_whole(t->env, oc, sj, "out_capacity", 1, 100000, &out);
    if (!ok) t->failed = true;
    int n = mdl_model_find_node(t->m, name);
    if (name && n < 0) {
        if (!scn__written(member(member(t->root, "paths"), "nodes"), name))
            problem(t, nn, sj, "node: no node '%s' in paths.nodes%s", name, near_name(t, 'n', name));
        else
            t->failed = true;   /* the node has its message */
        return;
    }
    if (ok && name && !mdl_model_set_station_node(t->m, st, n, (int)out)) model_fail(t, nn, sj);
}

/* Did the scene give station `id` a node (even one refused with its own
 * message)? */
static bool node_written(const scn_node *root, const char *id) {
    return member(scn__entry_by_id(member(root, "stations"), id, strlen(id)), "node") != NULL;
}

/* The station `e` names (st) needs a node: fleet fid collects units there. */
static void collect_node(tctx *t, const scn_node *e, const char *sj, int st, const char *fid) {
    if (mdl_model_station_node(t->m, st) < 0 && !node_written(t->root, e->name))
        problem(t, e, sj, "transport.%s: fleet '%s' collects units at station '%s', which has no node "
                "(add node = \"...\" to the station)", e->name, fid, e->name);
}

/* Fleet fid delivers to every station a unit may go to next from each step
 * `st` does (alternatives, branches, the next step of each variant:
 * mdl_model_step_next_stations): all of them need a node. Said here, at
 * the transport line, each station once, rather than by the model's
 * validation (which knows no lines). */
static void deliver_nodes(tctx *t, const scn_node *e, const char *sj, int p, int st, const char *fid) {
    enum { MAX_SAID = 64 };
    int len = mdl_model_route_length(t->m, p), said[MAX_SAID], nsaid = 0;
    for (int k = 0; k + 1 < len; k++) {
        if (!mdl_model_step_allows(t->m, p, k, st)) continue;
        int next[MAX_SAID];
        int n = mdl_model_step_next_stations(t->m, p, k, next, MAX_SAID);
        for (int j = 0; j < n && j < MAX_SAID; j++) {
            const char *nid = mdl_model_station(t->m, next[j])->id;
            bool seen = false;
            for (int i = 0; i < nsaid; i++) seen |= said[i] == next[j];
            if (seen || mdl_model_station_node(t->m, next[j]) >= 0 || node_written(t->root, nid)) continue;
            problem(t, e, sj, "transport.%s: fleet '%s' delivers to station '%s', which has no node "
                    "(add node = \"...\" to it)", e->name, fid, nid);
            if (nsaid < MAX_SAID) said[nsaid++] = next[j];
        }
    }
}

static void need_nodes(tctx *t, const scn_node *e, const char *sj, int p, int st, int fleet) {
    int len = mdl_model_route_length(t->m, p);
    const char *fid = mdl_model_fleet(t->m, fleet)->id;
    collect_node(t, e, sj, st, fid);
    int to = mdl_model_product_to(t->m, p); /* route ends: the last station's fleet drives to the shipping dock */
    if (to >= 0 && len > 0 && mdl_model_route_station(t->m, p, len - 1) == st && mdl_model_dock(t->m, to)->node < 0)
        problem(t, e, sj, "transport.%s: fleet '%s' delivers to dock '%s', which has no node (add node = \"...\" to "
                "the dock)", e->name, fid, mdl_model_dock(t->m, to)->id);
    deliver_nodes(t, e, sj, p, st, fid);
}

/* An AS/RS served by fleets: the station units leave for it (feed) and the
 * stations they go on to (deliver) need nodes. */
static void asrs_nodes(tctx *t, const scn_node *e, const char *sj, int p, int st, int index) {
    const mdl_asrs_spec *a = mdl_model_asrs(t->m, index);
    if (a->feed >= 0) collect_node(t, e, sj, st, mdl_model_fleet(t->m, a->feed)->id);
    if (a->deliver >= 0) deliver_nodes(t, e, sj, p, st, mdl_model_fleet(t->m, a->deliver)->id);
}

/* The value of `transport.<name>` (entry e): its kind and which; false
 * when refused (said, or said by the object it names). */
static bool transport_value(tctx *t, const scn_node *e, const char *sj, mdl_transport_kind *kindp, int *whichp) {
    const scn_node *root = t->root;
    if (e->kind != SCN_STRING) {
        problem(t, e, sj, "transport.%s: expected \"<fleet id>\", \"conveyor:<id>\" or \"direct\"", e->name);
        return false;
    }
    mdl_transport_kind kind;
    int which = -1;
    if (strcmp(e->s, "direct") == 0) {
        kind = MDL_TRANSPORT_DIRECT;
    } else if (strncmp(e->s, "conveyor:", 9) == 0) {
        kind = MDL_TRANSPORT_CONVEYOR;
        which = mdl_model_find_conveyor(t->m, e->s + 9);
        if (which < 0 && scn__written(member(root, "conveyors"), e->s + 9)) return false; /* it has its message */
        if (which < 0) {
            problem(t, e, sj, "transport.%s: no conveyor '%s'%s", e->name, e->s + 9,
                    near_name(t, 'c', e->s + 9));
            return false;
        }
    } else if (strncmp(e->s, "asrs:", 5) == 0) {
        kind = MDL_TRANSPORT_ASRS;
        which = mdl_model_find_asrs(t->m, e->s + 5);
        if (which < 0 && scn__written(member(root, "asrs"), e->s + 5)) return false; /* it has its message */
        if (which < 0) {
            problem(t, e, sj, "transport.%s: no AS/RS '%s'", e->name, e->s + 5);
            return false;
        }
    } else {
        kind = MDL_TRANSPORT_FLEET;
        which = mdl_model_find_fleet(t->m, e->s);
        if (which < 0 && scn__written(member(root, "fleets"), e->s)) return false; /* it has its message */
        if (which < 0) {
            const char *h = near_name(t, 'f', e->s);
            if (*h)
                problem(t, e, sj, "transport.%s: no fleet '%s'%s", e->name, e->s, h);
            else
                problem(t, e, sj, "transport.%s: no fleet '%s' (write a fleet id, \"conveyor:<id>\" or "
                        "\"direct\")", e->name, e->s);
            return false;
        }
    }
    *kindp = kind;
    *whichp = which;
    return true;
}

/* `transport.<dock>` of product p: how its units leave its receiving dock. */
static void dock_transport(tctx *t, const scn_node *e, const char *sj, int p, int dock) {
    mdl_transport_kind kind;
    int which;
    if (!transport_value(t, e, sj, &kind, &which)) return;
    if (!mdl_model_set_dock_transport(t->m, p, dock, kind, which)) {
        model_fail(t, e, sj);
        return;
    }
    if (kind == MDL_TRANSPORT_FLEET && mdl_model_dock(t->m, dock)->node < 0 &&
        !member(scn__entry_by_id(member(t->root, "docks"), e->name, strlen(e->name)), "node"))
        problem(t, e, sj, "transport.%s: fleet '%s' collects units at dock '%s', which has no node (add node = "
                "\"...\" to the dock)", e->name, mdl_model_fleet(t->m, which)->id, e->name);
    int first = mdl_model_route_length(t->m, p) > 0 ? mdl_model_route_station(t->m, p, 0) : -1;
    if (kind == MDL_TRANSPORT_FLEET && first >= 0 && mdl_model_station_node(t->m, first) < 0 &&
        !node_written(t->root, mdl_model_station(t->m, first)->id))
        problem(t, e, sj, "transport.%s: fleet '%s' delivers to station '%s', which has no node (add node = \"...\" "
                "to it)", e->name, mdl_model_fleet(t->m, which)->id, mdl_model_station(t->m, first)->id);
}

/* Product p (entry g of `products`): its `transport`. */
static void product_transport(tctx *t, const scn_node *g, int p, const char *sj) {
    const scn_node *root = t->root;
    const scn_node *tr = member(g, "transport");
    if (!tr) return;
    if ((member(g, "from") && mdl_model_product_from(t->m, p) < 0 && mdl_model_product_store_from(t->m, p) < 0) ||
        (member(g, "to") && mdl_model_product_to(t->m, p) < 0 && mdl_model_product_store_to(t->m, p) < 0))
        return; /* a refused route end has its message; its transport would only repeat it */
    if (tr->kind != SCN_GROUP) {
        problem(t, tr, sj, "transport: expected a group { saw = \"agv\"; cnc = \"conveyor:c1\"; }");
        return;
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
        if (st < 0 && scn__written(member(root, "stations"), e->name)) continue; /* it has its message */
        if (route_overridden && st >= 0 && strcmp(e->file, "--set") != 0) {
            bool leaves = false;    /* some step at st has a next step */
            for (int r = 0; r + 1 < len; r++)
                if (mdl_model_route_station(t->m, p, r) == st) leaves = true;
            if (!leaves) continue;
        }
        if (st < 0 && mdl_model_find_dock(t->m, e->name) >= 0) { /* route ends: leaving a receiving dock */
            dock_transport(t, e, sj, p, mdl_model_find_dock(t->m, e->name));
            continue;
        }
        if (st < 0 && scn__written(member(root, "docks"), e->name)) continue; /* it has its message */
        if (st < 0) {
            problem(t, e, sj, "transport.%s: no station '%s'%s", e->name, e->name, near_name(t, 's', e->name));
            continue;
        }
        mdl_transport_kind kind;
        int which = -1;
        if (!transport_value(t, e, sj, &kind, &which)) continue;
        if (!mdl_model_set_transport(t->m, p, st, kind, which)) {
            model_fail(t, e, sj);
            continue;
        }
        if (kind == MDL_TRANSPORT_FLEET) need_nodes(t, e, sj, p, st, which);
        if (kind == MDL_TRANSPORT_ASRS) asrs_nodes(t, e, sj, p, st, which);
    }
}

bool scn__transport_build(scn_build_env *env, const scn_node *root, mdl_model *m) {
    tctx t = {env, root, m, false};
    const scn_node *n;
    if ((n = member(root, "paths"))) build_paths(&t, n);
    build_entries(&t, member(root, "fleets"), &fleets);
    build_entries(&t, member(root, "robots"), &robots);
    build_entries(&t, member(root, "conveyors"), &conveyors);
    build_entries(&t, member(root, "asrs"), &asrs);
    build_entries(&t, member(root, "docks"), &docks);
    build_entries(&t, member(root, "merges"), &merges);
    build_entries(&t, member(root, "diverters"), &diverters);
    each_built(&t, member(root, "stations"), "station", mdl_model_find_station, station_node);
    each_built(&t, member(root, "products"), "product", mdl_model_find_product, product_ends); /* before transport */
    each_built(&t, member(root, "products"), "product", mdl_model_find_product, product_transport);
    each_built(&t, member(root, "products"), "product", mdl_model_find_product, product_to_check); /* after it */
    if (!scn__asrs_stock_build(env, root, m, t.failed)) t.failed = true; /* AS/RS initial stock: after the ends */
    if (!scn__conveyor_net_check(env, root, m)) t.failed = true; /* a refused junction is a plain end */
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
