/*
 * scn_build_station.c - the stations of a scene, checked and added to the model.
 * Part of the scene builder (scn_build_internal.h).
 */
#include "scn_build_internal.h"
#include "scn_maint.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void check_keys(bctx *b, const scn_node *g, const char *subject, const char *const *known,
                       const char *where_hint) {
    if (scn__check_keys(b->env, g, subject, known, where_hint) > 0) b->failed = true;
}

/* ---- stations ------------------------------------------------------------ */

/* kind, servers, buffer. */
static void station_shape(scn_keyreader *r, mdl_station_spec *spec) {
    const char *kinds[MDL_STATION_KIND_COUNT];
    for (int k = 0; k < MDL_STATION_KIND_COUNT; k++) kinds[k] = mdl_station_kind_name((mdl_station_kind)k);
    int kind;
    if (scn__key_choice(r, "kind", kinds, MDL_STATION_KIND_COUNT, &kind)) spec->kind = (mdl_station_kind)kind;
    long long iv;
    scn__key_int(r, "servers", &spec->servers);
    if (scn__key_whole(r, "component_buffer", &iv)) spec->component_buffer = (long)iv; /* assembly (scn_bom.c) */
    scn__key_int(r, "batch", &spec->batch); /* process batching (mdl_batching.c) */
    double bto;
    if (scn__key_duration(r, "batch_timeout", &bto)) spec->batch_timeout = bto;
    const scn_node *bn = scn__key_node(r, "buffer");
    if (!bn) return;
    char got[80];
    if (bn->kind == SCN_STRING && (strcmp(bn->s, "unlimited") == 0 || strcmp(bn->s, "infinite") == 0))
        spec->buffer = -1;
    else if (bn->kind == SCN_STRING)
        scn__key_problem(r, bn, "buffer: expected a capacity >= 0 or \"unlimited\", got %s", show(bn, got, sizeof got));
    else if (scn__key_whole(r, "buffer", &iv))
        spec->buffer = (long)iv;
}

/* cycle, setup, setups, mtbf, mttr, failure_clock. */
static void station_times(bctx *b, scn_keyreader *r, station_ref *sr, mdl_station_spec *spec) {
    if (scn__key_dist(r, "cycle", &spec->cycle)) spec->has_cycle = true;
    sr->has_cycle = spec->has_cycle;
    if (scn__key_dist(r, "setup", &spec->setup)) spec->has_setup = true;
    const scn_node *setups = scn__key_node(r, "setups");
    if (setups) {
        if (scn__want_list_of_groups(b, setups, r->subject, "( { from = \"a\"; to = \"b\"; time = \"20min\"; } )"))
            sr->setups = setups;
        else
            r->failed = true;
    }
    const scn_node *mtbf = scn__key_node(r, "mtbf"), *mttr = scn__key_node(r, "mttr");
    bool fok = scn__key_dist(r, "mtbf", &spec->mtbf);
    fok = scn__key_dist(r, "mttr", &spec->mttr) && fok;
    if (mtbf && !mttr) scn__key_problem(r, mtbf, "mtbf: breakdowns also need 'mttr' (the time to repair)");
    if (mttr && !mtbf) scn__key_problem(r, mttr, "mttr: breakdowns also need 'mtbf' (the time between failures)");
    if (fok) spec->has_failures = true;
    static const char *const clocks[] = {"calendar", "operating"};
    static const mdl_failure_clock clock_of[] = {MDL_FAIL_CALENDAR, MDL_FAIL_OPERATING};
    int c;
    if (scn__key_choice(r, "failure_clock", clocks, 2, &c)) spec->failure_clock = clock_of[c];
    const scn_node *fc = scn__key_node(r, "failure_clock");
    if (fc && !mtbf) scn__key_problem(r, fc, "failure_clock: only meaningful with 'mtbf' and 'mttr'");
}

/* An inspection's `reject`: "scrap" or "rework:STATION". */
static void station_reject(bctx *b, scn_keyreader *r, mdl_station_spec *spec) {
    const scn_node *rj = scn__key_node(r, "reject");
    if (!rj) return;
    char got[80];
    if (!scn__want_kind(r->env, rj, SCN_STRING, r->subject, "reject", "\"scrap\" or \"rework:cnc\"")) {
        r->failed = true;
    } else if (strcmp(rj->s, "scrap") == 0) {
        spec->reject = MDL_REJECT_SCRAP;
    } else if (strncmp(rj->s, "rework:", 7) == 0) {
        const char *to = rj->s + 7;
        while (*to == ' ') to++;
        spec->reject = MDL_REJECT_REWORK;
        if (find_station(b, to) < 0) {
            scn__unknown_name(r->env, rj, r->subject, "reject", "station", to, b->st_ids, b->nst);
            r->failed = true;
        } else {
            spec->rework_to = to;
        }
    } else {
        scn__key_problem(r, rj, "reject: expected \"scrap\" or \"rework:STATION\" (e.g. \"rework:assembly\"), got %s",
                         show(rj, got, sizeof got));
    }
}

/* scrap, defect, and the inspection keys. */
static void station_quality(bctx *b, scn_keyreader *r, mdl_station_spec *spec) {
    scn__key_share(r, "scrap", &spec->scrap);
    scn__key_share(r, "defect", &spec->defect);
    bool inspection = spec->kind == MDL_STATION_INSPECTION;
    /* A kind refused has its message; whether the inspection keys belong
     * is then unknown, and nothing more is said of them. */
    const scn_node *kn = scn__key_node(r, "kind");
    if (kn && (kn->kind != SCN_STRING || strcmp(kn->s, mdl_station_kind_name(spec->kind)) != 0)) return;
    static const char *const insp_keys[] = {"detect", "false_reject", "reject", "max_rework"};
    for (int k = 0; k < 4; k++) {
        const scn_node *n = scn__key_node(r, insp_keys[k]);
        if (n && !inspection)
            scn__key_problem(r, n, "%s: only for inspection stations (add kind = \"inspection\")", insp_keys[k]);
    }
    if (!inspection) return;
    if (!scn__key_node(r, "detect"))
        scn__key_problem(r, scn__key_node(r, "kind"), "an inspection station needs 'detect' (the share of defective "
                                                      "units it rejects, e.g. detect = 0.9)");
    else
        scn__key_share(r, "detect", &spec->detect);
    scn__key_share(r, "false_reject", &spec->false_reject);
    station_reject(b, r, spec);
    scn__key_int(r, "max_rework", &spec->max_rework);
}

/* `power`: kW per server in each state. */
static void station_power(bctx *b, scn_keyreader *r, mdl_station_spec *spec) {
    const scn_node *pw = scn__key_node(r, "power");
    if (!pw) return;
    char got[80];
    if (pw->kind != SCN_GROUP) {
        scn__key_problem(r, pw, "power: expected a group like { idle = 1.5; busy = 7.5; } (kW), got %s",
                         show(pw, got, sizeof got));
        return;
    }
    static const char *const pkeys[] = {"off", "idle", "busy", "down", "setup", "blocked", "standby", "maintenance",
                                        NULL};
    check_keys(b, pw, r->subject, pkeys, "power states: off, idle, busy, down, setup, blocked, standby, maintenance");
    static const mdl_state state_of[] = {MDL_STATE_OFF,   MDL_STATE_IDLE,    MDL_STATE_BUSY,    MDL_STATE_DOWN,
                                         MDL_STATE_SETUP, MDL_STATE_BLOCKED, MDL_STATE_STANDBY, MDL_STATE_MAINT};
    double p[MDL_STATE_COUNT] = {0};
    bool has[MDL_STATE_COUNT] = {false};
    for (size_t k = 0; k < sizeof state_of / sizeof state_of[0]; k++) {
        const scn_node *pn = member(pw, pkeys[k]);
        if (!pn) continue;
        char key[32];
        snprintf(key, sizeof key, "power.%s", pkeys[k]);
        if (!scn__read_power(r->env, pn, r->subject, key, &p[state_of[k]])) r->failed = true;
        else has[state_of[k]] = true;
    }
    /* Sensible defaults: setup draws what processing draws, a blocked or
     * standing-by server what an idle one draws (unless given). */
    if (!has[MDL_STATE_SETUP]) p[MDL_STATE_SETUP] = p[MDL_STATE_BUSY];
    if (!has[MDL_STATE_BLOCKED]) p[MDL_STATE_BLOCKED] = p[MDL_STATE_IDLE];
    if (!has[MDL_STATE_STANDBY]) p[MDL_STATE_STANDBY] = p[MDL_STATE_IDLE];
    if (!has[MDL_STATE_MAINT]) p[MDL_STATE_MAINT] = p[MDL_STATE_DOWN];
    for (int s = 0; s < MDL_STATE_COUNT; s++) spec->power[s] = p[s];
}

/* standby_after, dispatch, calendar, at, size. */
static void station_rest(bctx *b, scn_keyreader *r, mdl_station_spec *spec) {
    const scn_node *sa = scn__key_node(r, "standby_after");
    double v;
    if (sa && sa->kind == SCN_STRING && strcmp(sa->s, "never") == 0) spec->standby_after = -1;
    else if (sa && scn__read_duration(r->env, sa, r->subject, "standby_after", &v)) spec->standby_after = v;
    else if (sa) r->failed = true;
    const char *rules[MDL_DISPATCH_COUNT];
    for (int k = 0; k < MDL_DISPATCH_COUNT; k++) rules[k] = mdl_dispatch_name((mdl_dispatch)k);
    int d;
    if (scn__key_choice(r, "dispatch", rules, MDL_DISPATCH_COUNT, &d)) spec->dispatch = (mdl_dispatch)d;
    const scn_node *cn = scn__key_node(r, "calendar");
    if (cn) {
        int c = scn__resolve_calendar(b, cn, r->subject);
        if (c == -2) r->failed = true;
        else spec->calendar = c;
    }
    spec->unplaced = !scn__key_pair(r, "at", &spec->x, &spec->y);
    scn__key_pair(r, "size", &spec->w, &spec->h);
}

static void build_station(bctx *b, station_ref *sr) {
    const scn_node *g = sr->node;
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__station_keys, g, sr->subject) > 0) b->failed = true;
    mdl_station_spec spec;
    mdl_station_spec_default(&spec);
    spec.id = sr->id;
    spec.source_line = g->line;
    bool removal = false;
    if (scn__key_bool(&r, "remove", &removal) && removal)
        scn__key_problem(&r, scn__key_node(&r, "remove"),
                         "remove = true: there is no station '%s' in an included scene to remove", sr->id);
    station_shape(&r, &spec);
    station_times(b, &r, sr, &spec);
    station_quality(b, &r, &spec);
    scn__key_int(&r, "operators", &spec.operators);
    station_power(b, &r, &spec);
    if (!scn__station_maint(b->env, b->m, &r, &spec)) b->failed = true; /* failure modes, maintenance (scn_maint.c) */
    station_rest(b, &r, &spec);
    if (r.failed) b->failed = true;
    sr->ok = !r.failed;
    if (!sr->ok) return;
    int idx = mdl_model_add_station(b->m, &spec);
    if (idx < 0) {
        model_problem(b, g, sr->subject);
        sr->ok = false;
        return;
    }
    sr->index = idx;
}

/* What is said when the scene's `stations` is missing, not a list, or empty. */
static const scn_required stations_list = {"a scene needs a list of stations", "( { id = \"saw\"; cycle = \"3min\"; } )",
                                           "a scene needs at least one station", ""};

void scn__build_stations(bctx *b, const scn_node *sl) {
    if (!scn__required_list(b, sl, "stations", &stations_list)) return;
    b->st = scn__alloc(b->a, sl->nkids * sizeof(station_ref));
    b->st_ids = scn__alloc(b->a, (sl->nkids + 1) * sizeof(char *));
    if (!b->st || !b->st_ids) return;
    b->nst = sl->nkids;
    /* First the names, so that references between stations (rework) and
     * from routes are checked against every station, valid or not. */
    for (size_t i = 0; i < sl->nkids; i++) {
        station_ref *sr = &b->st[i];
        sr->node = sl->kids[i];
        sr->index = -1;
        sr->subject = subject_of(b, "station", NULL, i);
        const scn_node *idn = member(sr->node, "id");
        if (!idn) {
            problem(b, sr->node, sr->subject, "missing 'id' (the station's name, e.g. id = \"cnc1\")");
            continue;
        }
        if (!scn__check_id(b, idn, sr->subject)) continue;
        sr->subject = subject_of(b, "station", idn->s, i);
        int dup = find_station(b, idn->s);
        if (dup >= 0) {
            problem(b, idn, sr->subject, "id: duplicate: station '%s' is already defined at %s:%d", idn->s,
                    b->st[dup].node->file, b->st[dup].node->line);
            continue;
        }
        sr->id = idn->s;
        record_indexed(&b->st_ix, &b->st_ix_failed, b->st_ids, i, idn->s);
    }
    for (size_t i = 0; i < b->nst; i++)
        if (b->st[i].id) build_station(b, &b->st[i]);
}
