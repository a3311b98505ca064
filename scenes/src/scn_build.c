/*
 * scn_build.c - the meaning of a scene: checks every key of the layered
 * tree and builds the model through the models API. This file holds the
 * entry point, the scene's top level, `run` and the estimate of a run's
 * size; each entity is read in its scn_build_*.c (scn_build_internal.h).
 *
 * The checks run to the end even after a problem, so that a planner sees
 * every mistake of a scene at once. An entity with a problem is not added
 * to the model, and whatever refers to it is checked against the names
 * gathered beforehand instead, so one mistake yields one message.
 */
#include "scn_build_internal.h"
#include "scn_maint.h"
#include "mdl_routing.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void scn__vproblem(scn_build_env *env, const scn_node *at, const char *subject, const char *fmt,
                   va_list ap) {
    char msg[900];
    vsnprintf(msg, sizeof msg, fmt, ap);
    scn_diags_add(env->diags, at ? at->file : env->top_file, at ? at->line : 1, subject, "%s", msg);
}

void scn__problem(scn_build_env *env, const scn_node *at, const char *subject, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    scn__vproblem(env, at, subject, fmt, ap);
    va_end(ap);
}

/* The object-naming prefix of a model message ("station 'saw': ",
 * "release of 'a': ", "run: ") that repeats `subject`: its length, 0 when
 * the prefix names something else. Both say the kind of object first and
 * the id in quotes, so the kind and the quoted id are compared. */
static size_t repeated_subject(const char *e, const char *subject) {
    const char *colon = strstr(e, ": ");
    if (!colon || !subject || !*subject) return 0;
    size_t plen = (size_t)(colon - e);
    size_t sl = strlen(subject);
    if (plen == sl && strncmp(e, subject, sl) == 0) return plen + 2;
    size_t kind = strcspn(subject, " ");
    if (strncmp(e, subject, kind) != 0 || (e[kind] != ' ' && e[kind] != ':')) return 0;
    const char *q = strchr(subject, '\'');
    const char *eq = memchr(e, '\'', plen);
    if (!q) return eq || strchr(subject, '#') ? plen + 2 : 0;   /* "release #1" and "release of 'a'" */
    if (!eq) return 0;
    size_t ql = strlen(q);
    return (size_t)(e + plen - eq) == ql && strncmp(eq, q, ql) == 0 ? plen + 2 : 0;
}

/* The member of group `g` that a model message's field names: "cycle",
 * "power.busy", "battery.threshold", "scrap + defect" (the first), "at/size"
 * (the first); NULL when none is written. */
static const scn_node *field_node(const scn_node *g, const char *field, size_t n) {
    if (!g || g->kind != SCN_GROUP || n == 0 || n > 80) return NULL;
    char buf[96];
    memcpy(buf, field, n);
    buf[n] = '\0';
    const scn_node *first = NULL;
    for (char *alt = buf; alt && *alt;) {
        char *next = strpbrk(alt, "/+");
        if (next) *next++ = '\0';
        while (*alt == ' ') alt++;
        size_t l = strlen(alt);
        while (l && alt[l - 1] == ' ') alt[--l] = '\0';
        const scn_node *at = g;
        for (char *part = alt; at && part && *part;) {
            char *dot = strchr(part, '.');
            if (dot) *dot++ = '\0';
            at = at->kind == SCN_GROUP ? scn__node_member(at, part) : NULL;
            part = dot;
        }
        if (at && at != g) {
            /* Of several fields ("scrap + defect"), the one an override gave. */
            if (strcmp(at->file, "--set") == 0) return at;
            if (!first) first = at;
        }
        while (next && (*next == ' ' || *next == '/' || *next == '+')) next++;
        alt = next;
    }
    return first;
}

void scn__model_problem(scn_build_env *env, const scn_node *g, const char *subject, const char *error) {
    const char *e = error ? error : "";
    e += repeated_subject(e, subject);
    /* Point at the value the message is about, when the scene wrote it:
     * that is where an override (--set) of it lives, too. */
    const scn_node *at = g;
    size_t fl = strcspn(e, ":");
    if (e[fl] == ':' && strspn(e, "abcdefghijklmnopqrstuvwxyz_.+/ ") >= fl) {
        const scn_node *f = field_node(g, e, fl);
        if (f) at = f;
    }
    scn_diags_add(env->diags, at ? at->file : env->top_file, at ? at->line : 1, subject, "%s", e);
}


/* Ids: printable, no spaces, no '.' (it separates --set path parts). */
bool scn__check_id(bctx *b, const scn_node *n, const char *what) {
    char got[80];
    if (n->kind != SCN_STRING) {
        problem(b, n, what, "id: expected a string, got %s", show(n, got, sizeof got));
        return false;
    }
    const char *s = n->s;
    size_t len = strlen(s);
    if (len == 0 || len > 64) {
        problem(b, n, what, "id: must have 1 to 64 characters");
        return false;
    }
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c == '.' || c == '"' || c == '\'' || c == ',' || c == '=' || c == 0x7f) {
            problem(b, n, what, "id: \"%s\" may not contain spaces, quotes, '.', ',' or '=' "
                                "(write e.g. cnc_op10)", s);
            return false;
        }
    }
    return true;
}

/* A list of groups (a single group is refused with a hint). */
bool scn__want_list_of_groups(bctx *b, const scn_node *n, const char *subject, const char *example) {
    return checked(b, scn__read_list_of_groups(b->env, n, subject, example));
}

bool scn__want_group(bctx *b, const scn_node *n, const char *subject, const char *example) {
    if (n->kind == SCN_GROUP) return true;
    char got[80];
    problem(b, n, subject, "expected a group like %s, got %s", example, show(n, got, sizeof got));
    return false;
}

bool scn__required_list(bctx *b, const scn_node *l, const char *key, const scn_required *say) {
    if (!l) {
        problem(b, NULL, "scene", "no '%s': %s, e.g. %s = %s;%s", key, say->need, key, say->example, say->or_else);
        return false;
    }
    if (!scn__want_list_of_groups(b, l, key, say->example)) return false;
    if (l->nkids > 0) return true;
    problem(b, l, key, "the list is empty: %s", say->empty);
    return false;
}

/* ---- run ------------------------------------------------------------------- */

/* run.horizon: > 0 and at most SCN_MAX_HORIZON. */
static void run_horizon(scn_keyreader *r, mdl_run_settings *rs) {
    double v;
    if (!scn__key_duration(r, "horizon", &v)) return;
    const scn_node *hn = scn__key_node(r, "horizon");
    if (v <= 0) {
        scn__key_problem(r, hn, "horizon: must be longer than 0");
    } else if (v > SCN_MAX_HORIZON) {
        char h[40];
        scn_format_duration(v, h, sizeof h);
        scn__key_problem(r, hn, "horizon: at most 100 years (5218w), got %s", h);
    } else {
        rs->horizon = v;
    }
}

/* run.start: a time of the week ("mon 06:00") or a duration after Monday
 * 00:00 (taken within the week). */
static void run_start(scn_keyreader *r, mdl_run_settings *rs) {
    const scn_node *st = scn__key_node(r, "start");
    if (!st) return;
    char err[300];
    double v;
    if (st->kind == SCN_STRING && isalpha((unsigned char)*st->s)) {
        if (scn_parse_time_of_week(st->s, &v, err, sizeof err)) rs->start = v;
        else scn__key_problem(r, st, "start: %s", err);
    } else if (scn__read_duration(r->env, st, r->subject, "start", &v)) {
        rs->start = fmod(v, SIM_WEEK);
    } else {
        r->failed = true;
    }
}

/* run.start_date: the Monday of time 0's week, "YYYY-MM-DD" (the event
 * log's timestamps). */
static void run_start_date(scn_keyreader *r, mdl_model *m) {
    const scn_node *n = scn__key_node(r, "start_date");
    if (!n) return;
    const char *s = n->kind == SCN_STRING ? n->s : "";
    int y = 0, mo = 0, d = 0;
    char tail;
    bool ok = n->kind == SCN_STRING && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) == 3 &&
              s[4] == '-' && s[7] == '-' && y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
    if (ok) {
        /* days from 1970-01-01 (civil calendar), checked by the model */
        int yy = mo <= 2 ? y - 1 : y;
        int era = yy / 400, yoe = yy - era * 400;
        int doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
        long days = (long)era * 146097 + (long)(yoe * 365 + yoe / 4 - yoe / 100 + doy) - 719468;
        static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        ok = d <= mdays[mo - 1] && !(mo == 2 && d == 29 && !leap) && mdl_model_set_start_epoch(m, (double)days * 86400.0);
    }
    if (!ok) scn__key_problem(r, n, "start_date: expected the date of a Monday as \"YYYY-MM-DD\", like \"2026-01-05\"");
}

static void build_run(bctx *b, const scn_node *run) {
    mdl_run_settings rs = *mdl_model_run(b->m);
    b->start = rs.start;
    if (!run) {
        return;
    }
    const char *subj = "run";
    if (!scn__want_group(b, run, subj, "{ horizon = \"5d\"; replications = 10; }")) return;
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__run_keys, run, subj) > 0) b->failed = true;
    double v;
    long long iv;
    run_horizon(&r, &rs);
    if (scn__key_duration(&r, "warmup", &v)) rs.warmup = v;
    scn__key_int(&r, "replications", &rs.replications);
    if (scn__key_whole(&r, "seed", &iv)) rs.seed = (uint64_t)iv;
    run_start(&r, &rs);
    run_start_date(&r, b->m);
    b->start = rs.start;
    if (!r.failed && rs.warmup >= rs.horizon) {
        char w[40], h[40];
        scn_format_duration(rs.warmup, w, sizeof w);
        scn_format_duration(rs.horizon, h, sizeof h);
        /* Blame the one of the two that an override gave, if one did. */
        const scn_node *wn = member(run, "warmup"), *hn = member(run, "horizon");
        const scn_node *at = wn ? wn : hn;
        if (hn && strcmp(hn->file, "--set") == 0 && !(wn && strcmp(wn->file, "--set") == 0)) at = hn;
        scn__key_problem(&r, at ? at : run, "warmup (%s) must be shorter than the horizon (%s)", w, h);
    }
    if (r.failed) b->failed = true;
    else if (!mdl_model_set_run(b->m, &rs)) model_problem(b, run, subj);
}

/* ---- the size of a run ---------------------------------------------------------- */

/* An upper estimate of the events one run (all replications) handles: each
 * service starts and ends, at most as often as the station can serve (and
 * as units arrive, when only push sources release them); each breakdown
 * fails and is repaired; each physics fleet steps every dt. Warns, at the
 * horizon, when it passes SCN_WARN_EVENTS: such a run takes many minutes. */
/* Per station: the most visits one product's route makes to it, and the
 * shortest mean cycle among the products that visit it (INFINITY: none);
 * one pass over the routes. False when memory ran out. */
static bool station_loads(scn_arena *a, const mdl_model *m, int *visits, double *cycle) {
    int ns = mdl_model_station_count(m);
    int *count = scn__mem(a, NULL, ((size_t)ns + 1) * sizeof *count);
    if (!count) return false;
    memset(count, 0, ((size_t)ns + 1) * sizeof *count);
    for (int st = 0; st < ns; st++) visits[st] = 0, cycle[st] = INFINITY;
    /* Every station of a flexible step may get the visit, at the visit's
     * own cycle when it has one (mdl_routing.h: the run's tables). */
    for (int p = 0; p < mdl_model_product_count(m); p++) {
        int len = mdl_model_route_length(m, p);
        for (int k = 0; k < len; k++)
            for (int j = 0; j < mdl_model_step_station_count(m, p, k); j++) count[mdl_model_step_station(m, p, k, j)]++;
        for (int k = 0; k < len; k++)
            for (int j = 0; j < mdl_model_step_station_count(m, p, k); j++) {
                int st = mdl_model_step_station(m, p, k, j), v = count[st];
                double c = mdl_model_op_mean_cycle(m, p, 0, k, st);
                if (c > 0 && c < cycle[st]) cycle[st] = c;
                if (v == 0) continue; /* this product's visits to st are counted */
                count[st] = 0;
                if (v > visits[st]) visits[st] = v;
            }
    }
    scn__mem(a, count, 0);
    return true;
}

static void scale_warning(bctx *b, const scn_node *root) {
    if (!b->env->warnings) return;
    const mdl_model *m = b->m;
    const mdl_run_settings *rs = mdl_model_run(m);
    int ns = mdl_model_station_count(m);
    int *visits = scn__mem(b->a, NULL, ((size_t)ns + 1) * sizeof *visits);
    double *cycles = scn__mem(b->a, NULL, ((size_t)ns + 1) * sizeof *cycles);
    bool ok = visits && cycles && station_loads(b->a, m, visits, cycles);
    if (!ok) {
        scn__mem(b->a, visits, 0);
        scn__mem(b->a, cycles, 0);
        return;
    }
    double per_second = 0;
    for (int st = 0; st < ns; st++) {
        const mdl_station_spec *s = mdl_model_station(m, st);
        double cycle = cycles[st];
        if (visits[st] == 0 || !isfinite(cycle)) continue;
        double rate = s->servers / cycle;
        if (!b->not_only_push && b->push_rate * visits[st] < rate) rate = b->push_rate * visits[st];
        per_second += 2 * rate;
        if (s->has_failures && sim_dist_mean(&s->mtbf) > 0) per_second += 2 * s->servers / sim_dist_mean(&s->mtbf);
    }
    scn__mem(b->a, visits, 0);
    scn__mem(b->a, cycles, 0);
    for (int f = 0; f < mdl_model_fleet_count(m); f++) {
        const mdl_fleet_spec *fs = mdl_model_fleet(m, f);
        if (fs->mode == MDL_MOTION_PHYSICS && fs->dt > 0) per_second += 1.0 / fs->dt;
    }
    double events = per_second * rs->horizon * rs->replications;
    if (!(events > SCN_WARN_EVENTS)) return;
    const scn_node *run = member(root, "run");
    const scn_node *at = run && run->kind == SCN_GROUP && member(run, "horizon") ? member(run, "horizon") : run;
    char h[40];
    scn_format_duration(rs->horizon, h, sizeof h);
    scn_diags_add(b->env->warnings, at ? at->file : b->env->top_file, at ? at->line : 1, "run",
                  "warning: horizon: about %.2g events to simulate (%d replication%s of %s, up to %.3g events "
                  "per simulated second): this run may take hours; a shorter horizon or fewer replications "
                  "answer sooner", events, rs->replications, rs->replications == 1 ? "" : "s", h, per_second);
}

/* ---- the scene --------------------------------------------------------------- */

mdl_model *scn__build(scn_build_env *env, const scn_node *root) {
    bctx b;
    memset(&b, 0, sizeof b);
    b.env = env;
    b.a = env->arena;
    b.d = env->diags;
    b.st_ix.a = b.prod_ix.a = b.cal_ix.a = b.a; /* the id indexes use the load's allocator */
    if (root->nkids == 0) {
        scn_diags_add(b.d, env->top_file, 1, "scene",
                      "the scene is empty: it needs at least 'stations', 'products' and 'release'");
        return NULL;
    }
    b.m = mdl_model_new();
    if (!b.m) {
        scn_diags_add(b.d, env->top_file, 0, NULL, "out of memory");
        return NULL;
    }
    scn_keyreader r;
    if (scn__keys_begin(&r, env, b.m, &scn__scene_keys, root, "scene") > 0) b.failed = true;
    const char *name = NULL, *description;
    if (scn__key_string(&r, "name", &name)) {
        mdl_model_set_name(b.m, name);
    } else if (!scn__key_node(&r, "name")) {
        /* The file's base name, without directory and extension. */
        const char *base = strrchr(env->top_file, '/');
        base = base ? base + 1 : env->top_file;
        const char *dot = strrchr(base, '.');
        char *n = scn__strndup(b.a, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
        if (n) mdl_model_set_name(b.m, n);
    }
    scn__key_string(&r, "description", &description);
    if (r.failed) b.failed = true;

    build_run(&b, member(root, "run"));
    scn__build_shifts(&b, member(root, "shifts"));
    scn__build_stations(&b, member(root, "stations"));
    scn__build_products(&b, member(root, "products"));
    for (size_t i = 0; i < b.nst; i++) /* maintenance: a cycles clock needs a route through the station */
        if (b.st[i].ok && b.st[i].index >= 0 &&
            !scn__maint_check_cycles(env, b.m, b.st[i].index, b.st[i].node, b.st[i].subject))
            b.failed = true;
    scn__build_setups(&b);
    scn__build_release(&b, member(root, "release"));
    scn__build_kanban(&b, member(root, "kanban")); /* kanban loops (scn_kanban.c) */
    if (!b.failed) scn__build_boms(&b, member(root, "products")); /* bills of materials (scn_bom.c) */
    scn__build_costs(&b, member(root, "costs"));
    scn__build_targets(&b, member(root, "targets"));
    scn__build_investment(&b, member(root, "investment"));
    if (!scn__transport_build(env, root, b.m)) b.failed = true;
    if (!scn__people_build(env, root, b.m)) b.failed = true; /* pools, stations' people and key */

    if (!b.failed && !b.a->failed && !mdl_model_validate(b.m)) {
        scn__model_check_problem(env, root, mdl_model_error(b.m));
        b.failed = true;
    }
    scn__mem(b.a, b.orders_seen, 0);
    scn__mem(b.a, b.setups_seen, 0);
    scn__index_fini(&b.st_ix);
    scn__index_fini(&b.prod_ix);
    scn__index_fini(&b.cal_ix);
    if (b.failed || b.a->failed) {
        mdl_model_free(b.m);
        return NULL;
    }
    scale_warning(&b, root);
    return b.m;
}
