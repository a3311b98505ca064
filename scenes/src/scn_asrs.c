/*
 * scn_asrs.c - an entry of the scene's `asrs` list into an mdl_asrs_spec
 * (docs/material-handling.md, "AS/RS"):
 *
 *   asrs = ( { id = "hbw"; aisles = 2; bays = 40; levels = 10; cell = [1.2, 1.0];
 *              speed_x = 3.0; speed_y = 0.8; accel_x = 1.0; accel_y = 0.5;
 *              handling = "4s"; assign = "class"; classes = [0.2, 0.3, 0.5];
 *              retrieve = "fifo"; power = { moving = 8.0; idle = 0.5; };
 *              node = "n5"; feed = "agv"; deliver = "conveyor:out";
 *              failure_modes = ( ... ); maintenance = { ... }; } );
 *
 * Every key goes through the one key reader (scn_keys.h) and the table
 * scn__asrs_keys (scn_schema.c); `failure_modes` and `maintenance` through
 * the stations' reader (scn_maint.c), each crane's. scn_transport.c walks the list and reads
 * products' `transport.<station> = "asrs:<id>"`.
 */
#include <math.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_transport.h"
#include "scn_internal.h"
#include "scn_keys.h"
#include "scn_maint.h"
#include "scn_scene.h"

/* `classes`: an array of shares, one per class; false when refused. */
static bool read_classes(scn_keyreader *r, mdl_asrs_spec *s) {
    const scn_node *n = scn__key_node(r, "classes");
    if (!n) return true;
    if (n->kind != SCN_ARRAY && n->kind != SCN_LIST) {
        scn__key_problem(r, n, "classes: expected an array of shares, e.g. [0.2, 0.3, 0.5]");
        return false;
    }
    if (n->nkids < 1 || n->nkids > MDL_ASRS_MAX_CLASSES) {
        scn__key_problem(r, n, "classes: 1 to %d shares, got %zu", MDL_ASRS_MAX_CLASSES, n->nkids);
        return false;
    }
    for (size_t k = 0; k < n->nkids; k++) {
        const scn_node *e = n->kids[k];
        double v = e->kind == SCN_INT ? (double)e->i : e->kind == SCN_FLOAT ? e->f : NAN;
        if (!(v > 0.0 && v <= 1.0)) {
            scn__key_problem(r, e, "classes: share %zu must be a number in (0, 1]", k + 1);
            return false;
        }
        s->class_share[k] = v;
    }
    s->nclasses = (int)n->nkids;
    return true;
}

/* `power`: kW by crane state; false when refused. */
static bool read_power(scn_keyreader *outer, mdl_asrs_spec *s) {
    const scn_node *n = scn__key_node(outer, "power");
    if (!n) return true;
    if (!scn__want_kind(outer->env, n, SCN_GROUP, outer->subject, "power", "{ moving = 8.0; idle = 0.5; }"))
        return false;
    scn_keyreader r;
    size_t refused = scn__keys_begin(&r, outer->env, outer->m, &scn__crane_power_keys, n, outer->subject);
    r.in = "power";
    for (size_t k = 0; k < scn__crane_power_keys.n; k++) /* each key to the state of its name */
        for (int st = 0; st < MDL_CRANE_STATE_COUNT; st++)
            if (strcmp(scn__crane_power_keys.keys[k].name, mdl_crane_state_name((mdl_crane_state)st)) == 0)
                scn__key_power(&r, scn__crane_power_keys.keys[k].name, &s->power[st]);
    if (!scn__key_node(&r, "maintenance")) s->power[MDL_CRANE_MAINT] = s->power[MDL_CRANE_DOWN];
    if (r.failed || refused > 0) outer->failed = true;
    return !r.failed && refused == 0;
}

#define FIELD(member) SCN_FIELD(mdl_asrs_spec, member)
static const scn_key_field fields[] = {
    FIELD(aisles),  FIELD(bays),    FIELD(levels),   FIELD(input_capacity), FIELD(speed_x),
    FIELD(speed_y), FIELD(accel_x), FIELD(accel_y), FIELD(handling),       FIELD(dual_command),
};

/* " (did you mean 'x'?)" among the model's fleets (conveyors when belt), or "". */
static const char *near_id(scn_keyreader *r, const char *id, bool belt) {
    int n = belt ? mdl_model_conveyor_count(r->m) : mdl_model_fleet_count(r->m);
    const char **ids = n > 0 ? scn__alloc(r->env->arena, (size_t)n * sizeof *ids) : NULL;
    char *hint = scn__alloc(r->env->arena, 160);
    if (!ids || !hint) return "";
    for (int i = 0; i < n; i++) ids[i] = belt ? mdl_model_conveyor(r->m, i)->id : mdl_model_fleet(r->m, i)->id;
    scn__hint(id, ids, (size_t)n, hint, 160);
    return hint;
}

/* `feed` or `deliver`: "direct", a fleet's id (*fleet) or "conveyor:ID"
 * (*belt); false when refused. */
static bool read_side(scn_keyreader *r, const scn_node *root, const char *key, int *fleet, int *belt) {
    const char *id = NULL;
    if (!scn__key_string(r, key, &id) || strcmp(id, "direct") == 0) return true;
    bool on_belt = strncmp(id, "conveyor:", 9) == 0;
    const char *name = on_belt ? id + 9 : id;
    int found = on_belt ? mdl_model_find_conveyor(r->m, name) : mdl_model_find_fleet(r->m, name);
    if (found >= 0) {
        *(on_belt ? belt : fleet) = found;
        return true;
    }
    if (scn__written(scn__node_member(root, on_belt ? "conveyors" : "fleets"), name))
        return false; /* (it has its message) */
    const char *hint = near_id(r, name, on_belt);
    scn__key_problem(r, scn__key_node(r, key), "%s: no %s '%s'%s", key, on_belt ? "conveyor" : "fleet", name,
                     *hint ? hint : " (write a fleet id, \"conveyor:ID\" or \"direct\")");
    return false;
}

/* `node`, `feed` and `deliver`: the I/O point on the path network and the
 * fleets or belts serving it; false when refused. */
static bool read_service(scn_keyreader *r, const scn_node *root, mdl_asrs_spec *s) {
    bool ok = scn__key_path_node(r, root, &s->node);
    ok &= read_side(r, root, "feed", &s->feed, &s->feed_conveyor);
    ok &= read_side(r, root, "deliver", &s->deliver, &s->deliver_conveyor);
    if (ok && s->node < 0 && (s->feed >= 0 || s->deliver >= 0) && !scn__key_node(r, "node")) {
        const char *key = s->feed >= 0 ? "feed" : "deliver";
        scn__key_problem(r, scn__key_node(r, key), "%s: fleet '%s' serves the AS/RS's I/O point, which has no node "
                         "(add node = \"...\" to the AS/RS)", key, mdl_model_fleet(r->m, s->feed >= 0 ? s->feed
                         : s->deliver)->id);
        ok = false;
    }
    return ok;
}

bool scn__asrs_read(scn_keyreader *r, const scn_node *root, bool ok, bool *failed) {
    static const char *const need[] = {"bays", "levels"};
    static const char *const assign[] = {"random", "closest", "class"};
    static const char *const retrieve[] = {"fifo", "order"};
    mdl_asrs_spec s;
    mdl_asrs_spec_default(&s);
    s.id = scn__node_id(r->g);
    for (int k = 0; k < 2; k++)
        if (!scn__key_node(r, need[k])) {
            scn__problem(r->env, r->g, r->subject, "missing '%s'", need[k]);
            *failed = true;
            ok = false;
        }
    scn__key_fields(r, &s, fields, sizeof fields / sizeof fields[0]);
    scn__key_pair(r, "cell", &s.cell_width, &s.cell_height);
    int a = (int)s.assign, q = (int)s.retrieve;
    if (scn__key_choice(r, "assign", assign, 3, &a)) s.assign = (mdl_asrs_assign)a;
    if (scn__key_choice(r, "retrieve", retrieve, 2, &q)) s.retrieve = (mdl_asrs_retrieve)q;
    ok &= read_classes(r, &s);
    ok &= read_power(r, &s);
    if (!scn__maint_read(r->env, r->m, r, NULL, NULL, NULL, MDL_MCLOCK_CALENDAR, &s.maint)) {
        *failed = true;
        ok = false;
    }
    scn__key_pair(r, "at", &s.x, &s.y);
    if (!read_service(r, root, &s)) {
        *failed = true;
        ok = false;
    }
    s.source_line = r->g->line;
    if (r->failed) *failed = true;
    return !r->failed && ok && mdl_model_add_asrs(r->m, &s) < 0;
}
