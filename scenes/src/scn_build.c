/*
 * scn_build.c - the meaning of a scene: checks every key of the layered
 * tree and builds the model through the models API.
 *
 * The checks run to the end even after a problem, so that a planner sees
 * every mistake of a scene at once. An entity with a problem is not added
 * to the model, and whatever refers to it is checked against the names
 * gathered beforehand instead, so one mistake yields one message.
 */
#include "mdl_transport.h"
#include "scn_internal.h"
#include "scn_keys.h"
#include "scn_scene.h"
#include "sim_units.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_REPLICATIONS 100000
#define MAX_ORDERS 1000000

typedef struct station_ref {
    const char *id;
    const scn_node *node;
    int index;          /* in the model, -1 if not added */
    bool ok;            /* passed its checks */
    bool has_cycle;
    const scn_node *setups; /* its `setups` list, applied after products */
    const char *subject;
} station_ref;

typedef struct bctx {
    scn_build_env *env;
    scn_arena *a;
    scn_diags *d;
    mdl_model *m;
    bool failed;
    double start;       /* run.start, s after Monday 00:00 */
    station_ref *st;
    size_t nst;
    const char **st_ids;
    const char **prod_ids;
    int *prod_index;
    size_t nprod;
    const char **cal_ids;
    int *cal_index;
    size_t ncal;
    /* Order ids seen so far (all release entries, inline and CSV): an open
     * hash table of (id, where), malloc'd, freed at the end of the build. */
    struct order_seen *orders_seen;
    size_t norders_seen, cap_orders_seen;
    /* Setup rules given so far, to refuse one given twice. */
    struct setup_seen *setups_seen;
    size_t nsetups_seen;
    /* For the estimate of a run's size: units per second released by push
     * sources, and whether any other release (conwip, orders ...) exists. */
    double push_rate;
    bool not_only_push;
} bctx;

typedef struct order_seen {
    const char *id;     /* NULL: free slot */
    const char *file;
    int line;
} order_seen;

typedef struct setup_seen {
    int station, from, to;  /* model indexes; -1: any product */
    const char *file;
    int line;
} setup_seen;

void scn__vproblem(scn_build_env *env, const scn_node *at, const char *subject, const char *fmt,
                   va_list ap) {
    char msg[900];
    vsnprintf(msg, sizeof msg, fmt, ap);
    scn_diags_add(env->diags, at ? at->file : env->top_file, at ? at->line : 1, subject, "%s", msg);
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

/* The model refused what the scene asked of it: its message for `g`. */
static void model_problem(bctx *b, const scn_node *g, const char *subject) {
    scn__model_problem(b->env, g, subject, mdl_model_error(b->m));
    b->failed = true;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void problem(bctx *b, const scn_node *at, const char *subject, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    scn__vproblem(b->env, at, subject, fmt, ap);
    va_end(ap);
    b->failed = true;
}

static const char *show(const scn_node *n, char *buf, size_t size) {
    scn__node_show(n, buf, size);
    return buf;
}

/* ---- keys ---------------------------------------------------------------- */

static void check_keys(bctx *b, const scn_node *g, const char *subject, const char *const *known,
                       const char *where_hint) {
    if (scn__check_keys(b->env, g, subject, known, where_hint) > 0) b->failed = true;
}

static const scn_node *member(const scn_node *g, const char *key) {
    return scn__node_member(g, key);
}

/* The outcome of one of the key reader's checks (scn_keys.h): a refused
 * value has been reported and fails the build. */
static bool checked(bctx *b, bool ok) {
    if (!ok) b->failed = true;
    return ok;
}

/* A value that must be of one kind. */
static bool want_kind(bctx *b, const scn_node *n, scn_kind kind, const char *subject, const char *key,
                      const char *example) {
    return checked(b, scn__want_kind(b->env, n, kind, subject, key, example));
}

static bool node_duration(bctx *b, const scn_node *n, const char *subject, const char *key,
                          double *out) {
    return checked(b, scn__read_duration(b->env, n, subject, key, out));
}

/* Ids: printable, no spaces, no '.' (it separates --set path parts). */
static bool check_id(bctx *b, const scn_node *n, const char *what) {
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

static const char *subject_of(bctx *b, const char *what, const char *id, size_t index) {
    if (id) return scn__printf(b->a, "%s '%s'", what, id);
    return scn__printf(b->a, "%s #%zu", what, index + 1);
}

/* A list of groups (a single group is refused with a hint). */
static bool want_list_of_groups(bctx *b, const scn_node *n, const char *subject, const char *example) {
    char got[80];
    if (n->kind == SCN_GROUP) {
        problem(b, n, subject, "expected a list ( { ... }, { ... } ), got a group { ... }: wrap it in "
                               "parentheses, like %s", example);
        return false;
    }
    if (n->kind != SCN_LIST) {
        problem(b, n, subject, "expected a list like %s, got %s", example, show(n, got, sizeof got));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->kind != SCN_GROUP) {
            problem(b, n->kids[i], subject, "entry %zu: expected a group { ... }, got %s", i + 1,
                    show(n->kids[i], got, sizeof got));
            ok = false;
        }
    }
    return ok;
}

static int find_name(const char *const *names, size_t n, const char *id) {
    for (size_t i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], id) == 0) return (int)i;
    return -1;
}

static int find_station(bctx *b, const char *id) {
    return find_name(b->st_ids, b->nst, id);
}

static void unknown_name(bctx *b, const scn_node *at, const char *subject, const char *key,
                         const char *what, const char *id, const char *const *names, size_t n) {
    scn__unknown_name(b->env, at, subject, key, what, id, names, n);
    b->failed = true;
}

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
    setup_seen *t = realloc(b->setups_seen, (b->nsetups_seen + 1) * sizeof *t);
    if (!t) return true;
    b->setups_seen = t;
    t[b->nsetups_seen++] = (setup_seen){station, from, to, at->file, at->line};
    return true;
}

/* ---- times --------------------------------------------------------------- */

/* A time of the run: a duration after the run start, or a time of the week
 * ("tue 06:00") meaning the first such moment at or after `not_before`. */
static bool node_time(bctx *b, const scn_node *n, const char *subject, const char *key,
                      double not_before, double *out) {
    if (n->kind == SCN_STRING) {
        const char *s = n->s;
        while (isspace((unsigned char)*s)) s++;
        if (isalpha((unsigned char)*s)) {
            double tow;
            char err[300];
            if (!scn_parse_time_of_week(s, &tow, err, sizeof err)) {
                problem(b, n, subject, "%s: expected a time like \"2h\" (after the start of the run) or "
                                       "\"tue 06:00\", got \"%s\"", key, n->s);
                return false;
            }
            double t = tow - b->start;
            while (t < not_before) t += SIM_WEEK;
            *out = t;
            return true;
        }
    }
    return node_duration(b, n, subject, key, out);
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

static void build_run(bctx *b, const scn_node *run) {
    mdl_run_settings rs = *mdl_model_run(b->m);
    b->start = rs.start;
    if (!run) {
        return;
    }
    const char *subj = "run";
    if (run->kind != SCN_GROUP) {
        char got[80];
        problem(b, run, subj, "expected a group like { horizon = \"5d\"; replications = 10; }, got %s",
                show(run, got, sizeof got));
        return;
    }
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__run_keys, run, subj) > 0) b->failed = true;
    double v;
    long long iv;
    run_horizon(&r, &rs);
    if (scn__key_duration(&r, "warmup", &v)) rs.warmup = v;
    if (scn__key_whole(&r, "replications", &iv)) rs.replications = (int)iv;
    if (scn__key_whole(&r, "seed", &iv)) rs.seed = (uint64_t)iv;
    run_start(&r, &rs);
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

/* ---- shifts ---------------------------------------------------------------- */

typedef struct span {
    double from, to;    /* seconds into the week; to may pass the week's end */
    const char *name;
    size_t shift;         /* a break: the shift (index into the shifts) it lies in */
    const scn_node *line; /* a break: its entry, for messages */
} span;

static bool node_days(bctx *b, const scn_node *n, const char *subject, const char *key, unsigned *mask) {
    char err[300], got[80];
    *mask = 0;
    if (n->kind == SCN_STRING) {
        if (!scn_parse_weekdays(n->s, mask, err, sizeof err)) {
            problem(b, n, subject, "%s: %s", key, err);
            return false;
        }
        return true;
    }
    if (n->kind != SCN_ARRAY && n->kind != SCN_LIST) {
        problem(b, n, subject, "%s: expected weekdays like [\"mon-fri\"] or [\"mon\", \"wed\"], got %s", key,
                show(n, got, sizeof got));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->nkids; i++) {
        const scn_node *k = n->kids[i];
        unsigned m;
        if (k->kind != SCN_STRING) {
            problem(b, k, subject, "%s: expected weekday names like \"mon\", got %s", key, show(k, got, sizeof got));
            ok = false;
        } else if (!scn_parse_weekdays(k->s, &m, err, sizeof err)) {
            problem(b, k, subject, "%s: %s", key, err);
            ok = false;
        } else {
            *mask |= m;
        }
    }
    if (ok && *mask == 0) {
        problem(b, n, subject, "%s: names no day", key);
        ok = false;
    }
    return ok;
}

static bool node_clock(bctx *b, const scn_node *g, const char *key, const char *subject, double *out) {
    const scn_node *n = member(g, key);
    char err[300], got[80];
    if (!n) {
        problem(b, g, subject, "missing '%s' (a time of day like \"06:00\")", key);
        return false;
    }
    if (n->kind != SCN_STRING) {
        problem(b, n, subject, "%s: expected a time of day like \"06:00\", got %s", key, show(n, got, sizeof got));
        return false;
    }
    if (!scn_parse_clock(n->s, out, err, sizeof err)) {
        problem(b, n, subject, "%s: %s", key, err);
        return false;
    }
    return true;
}

static const char *day_abbrev(int d) {
    static const char *const names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    return names[((d % 7) + 7) % 7];
}

/* A shift whose breaks take all of it never works: surely a mistake (a
 * shift's `days` leave a day out), so it is refused at the break that
 * completes the cover, once per break entry. The breaks are already clipped
 * to their shift. */
static bool breaks_cover_a_shift(bctx *b, const char *subj, const span *shifts, size_t nshifts, const span *breaks,
                                 size_t nbreaks) {
    bool ok = true;
    const scn_node *said = NULL;
    for (size_t s = 0; s < nshifts; s++) {
        /* The union of the shift's breaks, swept from its start. */
        double reach = shifts[s].from;
        const span *last = NULL;
        bool grew = true;
        while (grew && reach < shifts[s].to) {
            grew = false;
            for (size_t k = 0; k < nbreaks; k++) {
                const span *x = &breaks[k];
                if (x->shift != s || x->from > reach || x->to <= reach) continue;
                reach = x->to;
                last = x;
                grew = true;
            }
        }
        if (reach < shifts[s].to || !last || last->line == said) continue;
        said = last->line;
        const scn_node *fn = member(last->line, "from");
        problem(b, fn ? fn : last->line, subj,
                "breaks take all of shift '%s' on %s: the calendar would never work in it; "
                "leave the day out of the shift's days instead", shifts[s].name,
                day_abbrev((int)floor(shifts[s].from / SIM_DAY)));
        ok = false;
    }
    return ok;
}

/* One entry of a calendar's `shifts` (number i): its spans of the week,
 * one per day it starts on, appended to shifts. False when refused. */
static bool calendar_shift(bctx *b, const scn_node *s, size_t i, const char *subj, unsigned days, span *shifts,
                           size_t *nshifts) {
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__shift_entry_keys, s, subj) > 0) b->failed = true;
    const char *name = NULL;
    if (!scn__key_string(&r, "name", &name)) name = scn__printf(b->a, "shift %zu", i + 1);
    if (r.failed) b->failed = true;
    double from = 0, to = 0;
    bool sok = node_clock(b, s, "from", subj, &from);
    sok = node_clock(b, s, "to", subj, &to) && sok;
    unsigned sdays = days;
    const scn_node *sd = scn__key_node(&r, "days");
    if (sd && !node_days(b, sd, subj, "days", &sdays)) sok = false;
    if (sok && to == from) {
        problem(b, member(s, "to"), subj, "shift '%s': from and to are equal; for a 24-hour day write "
                                          "from = \"00:00\"; to = \"24:00\"", name);
        sok = false;
    }
    if (!sok) return false;
    double len = to > from ? to - from : to + SIM_DAY - from;  /* to <= from: crosses midnight */
    for (int d = 0; d < 7; d++) {
        if (!(sdays & (1u << d))) continue;
        shifts[*nshifts].from = d * SIM_DAY + from;
        shifts[*nshifts].to = d * SIM_DAY + from + len;
        shifts[*nshifts].name = name;
        (*nshifts)++;
    }
    return true;
}

/* Shifts of one calendar must not overlap (also across the week's end):
 * false, said once, when two do. */
static bool shifts_apart(bctx *b, const scn_node *sl, const char *subj, const span *shifts, size_t nshifts) {
    for (size_t i = 0; i < nshifts; i++)
        for (size_t j = i + 1; j < nshifts; j++) {
            const span *x = &shifts[i], *y = &shifts[j];
            for (int w = -1; w <= 1; w++) {
                double yf = y->from + w * SIM_WEEK, yt = y->to + w * SIM_WEEK;
                if (x->from < yt && yf < x->to) {
                    problem(b, sl, subj, "shift '%s' overlaps shift '%s' on %s", y->name, x->name,
                            day_abbrev((int)floor(fmax(x->from, yf) / SIM_DAY)));
                    return false;
                }
            }
        }
    return true;
}

/* A calendar's `shifts` into *shifts (arena); false when refused.
 * `days_ok`: the calendar's days were read (else overlaps are not looked
 * for: the days they would be on are not known). */
static bool calendar_shifts(bctx *b, const scn_node *c, const char *subj, unsigned days, bool days_ok,
                            span **shifts, size_t *nshifts) {
    const scn_node *sl = member(c, "shifts");
    if (!sl) {
        problem(b, c, subj, "missing 'shifts', e.g. shifts = ( { name = \"early\"; from = \"06:00\"; to = \"14:00\"; } )");
        return false;
    }
    if (!want_list_of_groups(b, sl, subj, "( { name = \"early\"; from = \"06:00\"; to = \"14:00\"; } )")) return true;
    bool ok = true;
    if (sl->nkids == 0) {
        problem(b, sl, subj, "shifts: the list is empty (a calendar without shifts is never on)");
        ok = false;
    }
    *shifts = scn__alloc(b->a, (sl->nkids * 7 + 1) * sizeof(span));
    if (!*shifts) return false;
    for (size_t i = 0; i < sl->nkids; i++)
        if (!calendar_shift(b, sl->kids[i], i, subj, days, *shifts, nshifts)) ok = false;
    return ok && (!days_ok || shifts_apart(b, sl, subj, *shifts, *nshifts));
}

/* One entry k of a calendar's `breaks`: its spans inside the shifts,
 * appended to breaks. False when refused. */
static bool calendar_break(bctx *b, const scn_node *k, const char *subj, const span *shifts, size_t nshifts,
                           span *breaks, size_t *nbreaks) {
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__break_entry_keys, k, subj) > 0) b->failed = true;
    const char *name = NULL;
    scn__key_string(&r, "name", &name);
    if (r.failed) b->failed = true;
    double from = 0, to = 0;
    bool bok = node_clock(b, k, "from", subj, &from);
    bok = node_clock(b, k, "to", subj, &to) && bok;
    unsigned bdays = 0x7f;
    const scn_node *bd = scn__key_node(&r, "days");
    if (bd && !node_days(b, bd, subj, "days", &bdays)) bok = false;
    if (bok && to == from) {
        problem(b, member(k, "to"), subj, "break %s: from and to are equal", name ? name : "");
        bok = false;
    }
    if (!bok) return false;
    double len = to > from ? to - from : to + SIM_DAY - from;
    /* A break applies inside every shift it falls into, on the day the
     * shift starts or the next (a night shift's break after midnight).
     * Its `days` are the days its shifts *start* on: a "mon" 00:30 break
     * belongs to Monday's night shift (Tuesday 00:30), not to Sunday's. */
    size_t added = 0;
    for (size_t s = 0; s < nshifts; s++) {
        int sday = (int)floor(shifts[s].from / SIM_DAY);
        if (!(bdays & (1u << (sday % 7)))) continue;
        for (int dd = 0; dd <= 1; dd++) {
            double bf = (sday + dd) * SIM_DAY + from, bt = bf + len;
            double lo = fmax(bf, shifts[s].from), hi = fmin(bt, shifts[s].to);
            if (hi > lo) {
                breaks[*nbreaks] = (span){lo, hi, shifts[s].name, s, k};
                (*nbreaks)++;
                added++;
            }
        }
    }
    if (added == 0 && nshifts > 0) {
        const scn_node *fn = member(k, "from");
        char f1[16], t1[16];
        snprintf(f1, sizeof f1, "%02d:%02d", (int)(from / SIM_HOUR), (int)fmod(from / SIM_MINUTE, 60));
        snprintf(t1, sizeof t1, "%02d:%02d", (int)(to / SIM_HOUR) % 25, (int)fmod(to / SIM_MINUTE, 60));
        problem(b, fn ? fn : k, subj, "break %s-%s lies outside every shift of the calendar", f1, t1);
        return false;
    }
    return true;
}

/* A calendar's `breaks` into *breaks (arena); false when refused. */
static bool calendar_breaks(bctx *b, const scn_node *c, const char *subj, const span *shifts, size_t nshifts,
                            span **breaks, size_t *nbreaks) {
    const scn_node *bl = member(c, "breaks");
    if (!bl || !want_list_of_groups(b, bl, subj, "( { from = \"09:00\"; to = \"09:15\"; } )")) return true;
    *breaks = scn__alloc(b->a, (bl->nkids * 7 * (nshifts + 1) + 1) * sizeof(span));
    if (!*breaks) return false;
    bool ok = true;
    for (size_t i = 0; i < bl->nkids; i++)
        if (!calendar_break(b, bl->kids[i], subj, shifts, nshifts, *breaks, nbreaks)) ok = false;
    return breaks_cover_a_shift(b, subj, shifts, nshifts, *breaks, *nbreaks) && ok;
}

/* Adds calendar number ci, with its shifts and breaks, to the model. */
static void calendar_add(bctx *b, const scn_node *c, size_t ci, const char *subj, const span *shifts, size_t nshifts,
                         const span *breaks, size_t nbreaks) {
    int idx = mdl_model_add_calendar(b->m, b->cal_ids[ci]);
    if (idx < 0) {
        model_problem(b, c, subj);
        return;
    }
    b->cal_index[ci] = idx;
    for (size_t s = 0; s < nshifts; s++)
        if (!mdl_calendar_add_shift(b->m, idx, shifts[s].name, shifts[s].from, shifts[s].to)) {
            model_problem(b, member(c, "shifts"), subj);
            return;
        }
    for (size_t k = 0; k < nbreaks; k++) {
        double f = breaks[k].from, t = breaks[k].to;
        if (f >= SIM_WEEK) {
            f -= SIM_WEEK;
            t -= SIM_WEEK;
        }
        if (!mdl_calendar_add_break(b->m, idx, f, t)) {
            model_problem(b, member(c, "breaks"), subj);
            return;
        }
    }
}

static void build_calendar(bctx *b, const scn_node *c, size_t ci) {
    const char *id = b->cal_ids[ci];
    const char *subj = subject_of(b, "calendar", id, ci);
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__calendar_keys, c, subj) > 0) b->failed = true;
    bool ok = id != NULL;
    unsigned days = 0x1f;
    const scn_node *dn = scn__key_node(&r, "days");
    if (dn && !node_days(b, dn, subj, "days", &days)) ok = false;
    span *shifts = NULL, *breaks = NULL;
    size_t nshifts = 0, nbreaks = 0;
    if (!calendar_shifts(b, c, subj, days, ok, &shifts, &nshifts)) ok = false;
    if (!calendar_breaks(b, c, subj, shifts, nshifts, &breaks, &nbreaks)) ok = false;
    if (ok) calendar_add(b, c, ci, subj, shifts, nshifts, breaks, nbreaks);
}

static void build_shifts(bctx *b, const scn_node *sh) {
    if (!sh) return;
    const char *subj = "shifts";
    char got[80];
    if (sh->kind != SCN_GROUP) {
        problem(b, sh, subj, "expected a group like { calendars = ( ... ); line = \"two-shift\"; }, got %s",
                show(sh, got, sizeof got));
        return;
    }
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__shifts_keys, sh, subj) > 0) b->failed = true;
    const scn_node *cl = scn__key_node(&r, "calendars");
    if (cl && want_list_of_groups(b, cl, subj, "( { id = \"two-shift\"; shifts = ( ... ); } )")) {
        b->cal_ids = scn__alloc(b->a, (cl->nkids + 1) * sizeof(char *));
        b->cal_index = scn__alloc(b->a, (cl->nkids + 1) * sizeof(int));
        if (!b->cal_ids || !b->cal_index) return;
        b->ncal = cl->nkids;
        for (size_t i = 0; i < cl->nkids; i++) {
            const scn_node *c = cl->kids[i];
            b->cal_index[i] = -1;
            const scn_node *idn = member(c, "id");
            if (!idn) {
                problem(b, c, subject_of(b, "calendar", NULL, i), "missing 'id'");
                continue;
            }
            if (!check_id(b, idn, subject_of(b, "calendar", NULL, i))) continue;
            int dup = find_name(b->cal_ids, i, idn->s);
            if (dup >= 0) {
                problem(b, idn, subject_of(b, "calendar", idn->s, i), "id: duplicate (already used by calendar #%d)",
                        dup + 1);
                continue;
            }
            b->cal_ids[i] = idn->s;
        }
        for (size_t i = 0; i < cl->nkids; i++)
            if (b->cal_ids[i]) build_calendar(b, cl->kids[i], i);
    }
    const scn_node *line = scn__key_node(&r, "line");
    if (line) {
        if (!want_kind(b, line, SCN_STRING, subj, "line", "\"two-shift\"")) return;
        int c = find_name(b->cal_ids, b->ncal, line->s);
        if (c < 0) {
            unknown_name(b, line, subj, "line", "calendar", line->s, b->cal_ids, b->ncal);
            return;
        }
        if (b->cal_index[c] >= 0 && !mdl_model_set_line_calendar(b->m, b->cal_index[c]))
            model_problem(b, line, subj);
    }
}

static int resolve_calendar(bctx *b, const scn_node *n, const char *subject) {
    if (!want_kind(b, n, SCN_STRING, subject, "calendar", "\"one-shift\"")) return -2;
    int c = find_name(b->cal_ids, b->ncal, n->s);
    if (c < 0) {
        unknown_name(b, n, subject, "calendar", "calendar", n->s, b->cal_ids, b->ncal);
        return -2;
    }
    return b->cal_index[c] >= 0 ? b->cal_index[c] : -2;
}

/* ---- stations ------------------------------------------------------------ */

/* kind, servers, buffer. */
static void station_shape(scn_keyreader *r, mdl_station_spec *spec) {
    const char *kinds[MDL_STATION_KIND_COUNT];
    for (int k = 0; k < MDL_STATION_KIND_COUNT; k++) kinds[k] = mdl_station_kind_name((mdl_station_kind)k);
    int kind;
    if (scn__key_choice(r, "kind", kinds, MDL_STATION_KIND_COUNT, &kind)) spec->kind = (mdl_station_kind)kind;
    long long iv;
    if (scn__key_whole(r, "servers", &iv)) spec->servers = (int)iv;
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
        if (want_list_of_groups(b, setups, r->subject, "( { from = \"a\"; to = \"b\"; time = \"20min\"; } )"))
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
    long long iv;
    if (scn__key_whole(r, "max_rework", &iv)) spec->max_rework = (int)iv;
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
    static const char *const pkeys[] = {"off", "idle", "busy", "down", "setup", "blocked", "standby", NULL};
    check_keys(b, pw, r->subject, pkeys, "power states: off, idle, busy, down, setup, blocked, standby");
    static const mdl_state state_of[] = {MDL_STATE_OFF,   MDL_STATE_IDLE,    MDL_STATE_BUSY,   MDL_STATE_DOWN,
                                         MDL_STATE_SETUP, MDL_STATE_BLOCKED, MDL_STATE_STANDBY};
    double p[MDL_STATE_COUNT] = {0};
    bool has[MDL_STATE_COUNT] = {false};
    for (size_t k = 0; k < sizeof state_of / sizeof state_of[0]; k++) {
        const scn_node *pn = member(pw, pkeys[k]);
        if (!pn) continue;
        char key[32];
        snprintf(key, sizeof key, "power.%s", pkeys[k]);
        if (pn->kind != SCN_INT && pn->kind != SCN_FLOAT) {
            scn__key_problem(r, pn, "%s: expected a number of kW, got %s", key, show(pn, got, sizeof got));
            continue;
        }
        double x = pn->kind == SCN_INT ? (double)pn->i : pn->f;
        if (!isfinite(x)) scn__key_problem(r, pn, "%s: %s", key, scn__not_finite(x));
        else if (x < 0 || x > SCN_MAX_KW) scn__key_problem(r, pn, "%s: must be between 0 and 1000000 kW, got %g", key, x);
        else {
            p[state_of[k]] = x;
            has[state_of[k]] = true;
        }
    }
    /* Sensible defaults: setup draws what processing draws, a blocked or
     * standing-by server what an idle one draws (unless given). */
    if (!has[MDL_STATE_SETUP]) p[MDL_STATE_SETUP] = p[MDL_STATE_BUSY];
    if (!has[MDL_STATE_BLOCKED]) p[MDL_STATE_BLOCKED] = p[MDL_STATE_IDLE];
    if (!has[MDL_STATE_STANDBY]) p[MDL_STATE_STANDBY] = p[MDL_STATE_IDLE];
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
        int c = resolve_calendar(b, cn, r->subject);
        if (c == -2) r->failed = true;
        else spec->calendar = c;
    }
    scn__key_pair(r, "at", &spec->x, &spec->y);
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
    long long iv;
    if (scn__key_whole(&r, "operators", &iv)) spec.operators = (int)iv;
    station_power(b, &r, &spec);
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

static void build_stations(bctx *b, const scn_node *sl) {
    if (!sl) {
        problem(b, NULL, "scene", "no 'stations': a scene needs a list of stations, e.g. stations = ( { id = "
                                  "\"saw\"; cycle = \"3min\"; } );");
        return;
    }
    if (!want_list_of_groups(b, sl, "stations", "( { id = \"saw\"; cycle = \"3min\"; } )")) return;
    if (sl->nkids == 0) {
        problem(b, sl, "stations", "the list is empty: a scene needs at least one station");
        return;
    }
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
        if (!check_id(b, idn, sr->subject)) continue;
        sr->subject = subject_of(b, "station", idn->s, i);
        int dup = find_station(b, idn->s);
        if (dup >= 0) {
            problem(b, idn, sr->subject, "id: duplicate: station '%s' is already defined at %s:%d", idn->s,
                    b->st[dup].node->file, b->st[dup].node->line);
            continue;
        }
        sr->id = idn->s;
        b->st_ids[i] = idn->s;
    }
    for (size_t i = 0; i < b->nst; i++)
        if (b->st[i].id) build_station(b, &b->st[i]);
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
        if (!check_id(b, idn, subjects[i])) continue;
        subjects[i] = subject_of(b, "product", idn->s, i);
        int dup = find_name(b->prod_ids, i, idn->s);
        if (dup >= 0) {
            problem(b, idn, subjects[i], "id: duplicate: product '%s' is already defined at %s:%d", idn->s,
                    pl->kids[dup]->file, pl->kids[dup]->line);
            continue;
        }
        b->prod_ids[i] = idn->s;
    }
}

/* A product's route: its station names, their indexes among b->st. */
typedef struct route_read {
    const scn_node *n;
    const char **name;
    int *station;
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
    if (!rt->name || !rt->station) {
        r->failed = true;   /* out of memory: the build fails on the arena */
        return;
    }
    rt->steps = rn->nkids;
    for (size_t k = 0; k < rt->steps; k++) {
        const scn_node *s = rn->kids[k];
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
        snprintf(shown, sizeof shown, "%s.%s", key, c->name);
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
        int si = rt->station[k];
        bool has = b->st[si].has_cycle;
        for (size_t c = 0; c < cyc->n; c++)
            if (cyc->station[c] == si) has = true;
        if (!has && b->st[si].ok)
            scn__key_problem(r, rt->n, "route: station '%s' has no cycle time for this product: give the station a "
                                       "'cycle' or the product a 'cycle = { %s = \"...\"; }'",
                             b->st[si].id, b->st[si].id);
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
}

static void build_products(bctx *b, const scn_node *pl) {
    if (!pl) {
        problem(b, NULL, "scene", "no 'products': a scene needs at least one product with its route, e.g. "
                                  "products = ( { id = \"housing\"; route = [\"saw\", \"cnc\"]; } );");
        return;
    }
    if (!want_list_of_groups(b, pl, "products", "( { id = \"housing\"; route = [\"saw\", \"cnc\"]; } )")) return;
    if (pl->nkids == 0) {
        problem(b, pl, "products", "the list is empty: a scene needs at least one product");
        return;
    }
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
        else if ((p = find_name(b->prod_ids, b->nprod, n->s)) < 0) {
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

static void build_setups(bctx *b) {
    for (size_t i = 0; i < b->nst; i++) {
        const scn_node *setups = b->st[i].setups;
        if (!setups) continue;
        for (size_t k = 0; k < setups->nkids; k++) build_setup_rule(b, i, setups->kids[k]);
    }
}

/* ---- release ----------------------------------------------------------------- */

static int resolve_product(bctx *b, const scn_node *n, const char *subject, const char *key, bool *known) {
    *known = false;
    if (!want_kind(b, n, SCN_STRING, subject, key, "\"housing\"")) return -1;
    int p = find_name(b->prod_ids, b->nprod, n->s);
    if (p < 0) {
        unknown_name(b, n, subject, key, "product", n->s, b->prod_ids, b->nprod);
        return -1;
    }
    *known = true;
    return b->prod_index[p];
}

static size_t hash_id(const char *s) {
    size_t h = 1469598103934665603u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* An order id must name one order of the scene (its rows in reports, its
 * due date); false, with a message at `file:line`, when it was seen before. */
static bool order_id_unique(bctx *b, const char *id, const char *file, int line, const char *subj) {
    if (b->norders_seen * 2 >= b->cap_orders_seen) {
        size_t cap = b->cap_orders_seen ? 2 * b->cap_orders_seen : 256;
        order_seen *t = calloc(cap, sizeof *t);
        if (!t) return true;    /* out of memory: the check is skipped, not the order */
        for (size_t i = 0; i < b->cap_orders_seen; i++) {
            if (!b->orders_seen[i].id) continue;
            size_t k = hash_id(b->orders_seen[i].id) & (cap - 1);
            while (t[k].id) k = (k + 1) & (cap - 1);
            t[k] = b->orders_seen[i];
        }
        free(b->orders_seen);
        b->orders_seen = t;
        b->cap_orders_seen = cap;
    }
    size_t k = hash_id(id) & (b->cap_orders_seen - 1);
    for (; b->orders_seen[k].id; k = (k + 1) & (b->cap_orders_seen - 1)) {
        const order_seen *o = &b->orders_seen[k];
        if (strcmp(o->id, id) == 0) {
            scn_node at = {0};
            at.file = file;
            at.line = line;
            problem(b, &at, subj, "id: duplicate: order '%s' is already listed at %s:%d", id, o->file, o->line);
            return false;
        }
    }
    b->orders_seen[k] = (order_seen){id, file, line};
    b->norders_seen++;
    return true;
}

static void add_order(bctx *b, const scn_node *at, const char *subj, const char *id, int product,
                      long long qty, double release, double due) {
    if (product < 0 || b->failed) return;
    if (mdl_model_add_order(b->m, id, product, (long)qty, release, due) < 0)
        model_problem(b, at, subj);
}

/* One entry g (number i) of an order list written in the scene. */
static void build_order(bctx *b, const scn_node *g, size_t i) {
    const char *id = NULL;
    const char *subj = subject_of(b, "order", NULL, i);
    const scn_node *idn = member(g, "id");
    if (idn && check_id(b, idn, subj)) {
        id = idn->s;
        subj = subject_of(b, "order", id, i);
        if (!order_id_unique(b, id, idn->file, idn->line, subj)) return;
    } else if (!idn) {
        problem(b, g, subj, "missing 'id' (the order number, e.g. id = \"A-1001\")");
    }
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__order_keys, g, subj) > 0) b->failed = true;
    bool ok = id != NULL;
    int product = -1;
    bool known = false;
    const scn_node *pn = scn__key_node(&r, "product");
    if (!pn) {
        scn__key_problem(&r, g, "missing 'product'");
    } else {
        product = resolve_product(b, pn, subj, "product", &known);
        if (!known) ok = false;
    }
    long long qty = 1;
    if (!scn__key_node(&r, "quantity")) scn__key_problem(&r, g, "missing 'quantity'");
    else scn__key_whole(&r, "quantity", &qty);
    double rel = 0, due = -1;
    const scn_node *rn = scn__key_node(&r, "release");
    if (rn && !node_time(b, rn, subj, "release", 0, &rel)) ok = false;
    const scn_node *dn = scn__key_node(&r, "due");
    if (dn && !node_time(b, dn, subj, "due", rel, &due)) ok = false;
    else if (dn && due < rel) scn__key_problem(&r, dn, "due: the due date comes before the release");
    if (r.failed) b->failed = true;
    if (ok && !r.failed) add_order(b, g, subj, id, product, qty, rel, due);
}

static void build_inline_orders(bctx *b, const scn_node *ol) {
    if (!want_list_of_groups(b, ol, "orders", "( { id = \"A-1001\"; product = \"housing\"; quantity = 20; "
                                              "release = \"mon 06:00\"; due = \"wed 14:00\"; } )"))
        return;
    for (size_t i = 0; i < ol->nkids; i++) build_order(b, ol->kids[i], i);
}

/* CSV: id,product,quantity,release[,due] with a header line; ',' or ';'. */
static size_t csv_split(char *line, char sep, char **cells, size_t max) {
    size_t n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        char *cell = p;
        if (*p == '"') {
            char *w = p;
            p++;
            cell = w;
            for (;;) {
                if (*p == '\0') break;
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                    continue;
                }
                if (*p == '"') {
                    p++;
                    break;
                }
                *w++ = *p++;
            }
            char *rest = p;
            while (*rest && *rest != sep) rest++;
            *w = '\0';
            p = rest;
        } else {
            while (*p && *p != sep) p++;
            char *e = p;
            while (e > cell && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
            if (*p) {
                *e = '\0';
                p++;
                if (n < max) cells[n] = cell;
                n++;
                continue;
            }
            *e = '\0';
        }
        if (n < max) cells[n] = cell;
        n++;
        if (*p == sep) {
            p++;
            continue;
        }
        break;
    }
    return n;
}

/* The columns of an order file: the keys of an order written in the scene
 * (scn__order_keys), in that order. */
enum { C_ID, C_PRODUCT, C_QTY, C_RELEASE, C_DUE, C_N };

/* Reads the order file that `at` names into the arena: its text and path,
 * or NULL (reported). */
static char *csv_read(bctx *b, const scn_node *at, const char **path) {
    const char *subj = "release";
    if (!b->env->top_dir) {
        problem(b, at, subj, "orders: order files cannot be read for a scene held in memory");
        return NULL;
    }
    /* Relative to the file that names it. */
    const char *dir = strcmp(at->file, "--set") == 0 ? b->env->top_dir : scn__dirname(b->a, at->file);
    *path = scn__join(b->a, dir, at->s);
    if (!*path) return NULL;
    char err[600];
    size_t len;
    char *text = scn__read_file(b->a, *path, &len, err, sizeof err);
    if (!text) {
        problem(b, at, subj, "orders: cannot open %s: %s", *path, err);
        return NULL;
    }
    if (memchr(text, '\0', len)) {
        problem(b, at, subj, "orders: %s is not a text file", *path);
        return NULL;
    }
    return text;
}

/* The header line s: where each column is (colidx), and the separator.
 * False when refused (reported). */
static bool csv_header(bctx *b, const scn_node *at_line, char *s, const char *const *cols, int *colidx, char *sep) {
    char *cells[16];
    if (!strchr(s, ',') && strchr(s, ';')) *sep = ';';
    size_t n = csv_split(s, *sep, cells, 16);
    bool ok = true;
    for (size_t c = 0; c < n && c < 16; c++) {
        int k = find_name(cols, C_N, cells[c]);
        if (k < 0) {
            unknown_name(b, at_line, "orders", "header", "column", cells[c], cols, C_N);
            ok = false;
        } else if (colidx[k] >= 0) {
            problem(b, at_line, "orders", "header: duplicate column '%s' (columns %d and %zu)", cols[k], colidx[k] + 1,
                    c + 1);
            ok = false;
        } else {
            colidx[k] = (int)c;
        }
    }
    for (int k = 0; k < C_DUE; k++)
        if (colidx[k] < 0) {
            problem(b, at_line, "orders", "header: missing column '%s' (columns: id, product, quantity, release, due)",
                    cols[k]);
            ok = false;
        }
    return ok;
}

/* A quantity cell: a whole number as everywhere in a scene (20 and 20.0
 * alike), 1 .. 100000000. */
static bool csv_quantity(bctx *b, const scn_node *at_line, const char *osubj, const char *q, long long *qty) {
    char *end;
    double qv = strtod(q, &end);
    if (*end || end == q || isnan(qv) || strpbrk(q, "xX")) {
        problem(b, at_line, osubj, "quantity: expected a whole number from 1 to 100000000, got \"%s\"", q);
        return false;
    }
    if (!isfinite(qv) || qv > 100000000 || qv < 1 || qv != floor(qv)) {
        problem(b, at_line, osubj, "quantity: %s, got \"%s\"",
                !isfinite(qv) || qv > 100000000 ? "too large (at most 100000000)"
                : qv != floor(qv)              ? "expected a whole number"
                                               : "must be at least 1",
                q);
        return false;
    }
    *qty = (long long)qv;
    return true;
}

/* One order line (its cells by column) of the file; false to stop
 * reading (too many orders, out of memory). */
static bool csv_order(bctx *b, const scn_node *at_line, const char *const *cols, const char *const *cell,
                      size_t *norders) {
    const char *id = cell[C_ID] && *cell[C_ID] ? cell[C_ID] : NULL;
    const char *osubj = id ? scn__printf(b->a, "order '%s'", id) : "order";
    if (!osubj) return false;
    if (id && !order_id_unique(b, id, at_line->file, at_line->line, osubj)) return true;
    bool ok = true;
    for (int k = 0; k < C_DUE; k++)
        if (!cell[k] || !*cell[k]) {
            problem(b, at_line, osubj, "%s: missing", cols[k]);
            ok = false;
        }
    if (!ok) return true;
    if (++*norders > MAX_ORDERS) {
        problem(b, at_line, "orders", "more than %d orders", MAX_ORDERS);
        return false;
    }
    scn_node tmp = *at_line;
    tmp.kind = SCN_STRING;
    tmp.s = cell[C_PRODUCT];
    bool known;
    int product = resolve_product(b, &tmp, osubj, "product", &known);
    long long qty = 0;
    ok = csv_quantity(b, at_line, osubj, cell[C_QTY], &qty) && known;
    double rel = 0, due = -1;
    tmp.s = cell[C_RELEASE];
    if (!node_time(b, &tmp, osubj, "release", 0, &rel)) ok = false;
    if (cell[C_DUE] && *cell[C_DUE]) {
        tmp.s = cell[C_DUE];
        if (!node_time(b, &tmp, osubj, "due", rel, &due)) ok = false;
        else if (due < rel) {
            problem(b, at_line, osubj, "due: the due date comes before the release");
            ok = false;
        }
    }
    if (ok) add_order(b, at_line, osubj, id, product, qty, rel, due);
    return true;
}

/* The next line of *p, cut off in place (lines end in "\n", "\r\n" or a
 * lone "\r", as in scenes). */
static char *csv_line(char **p) {
    char *line = *p;
    char *nl = strpbrk(*p, "\r\n");
    if (nl) {
        bool crlf = nl[0] == '\r' && nl[1] == '\n';
        *nl = '\0';
        *p = nl + (crlf ? 2 : 1);
    } else {
        *p += strlen(*p);
    }
    return line;
}

static void build_csv_orders(bctx *b, const scn_node *at) {
    const char *path = NULL;
    char *text = csv_read(b, at, &path);
    if (!text) return;
    const char *cols[C_N];
    for (int k = 0; k < C_N; k++) cols[k] = scn__order_keys.keys[k].name;
    int colidx[C_N] = {-1, -1, -1, -1, -1};
    bool header = false;
    char sep = ',';
    int lineno = 0;
    size_t norders = 0;
    for (char *p = text; *p;) {
        char *s = csv_line(&p);
        lineno++;
        while (*s == ' ' || *s == '\t' || *s == '\r') s++;
        if (*s == '\0' || *s == '#') continue;
        if (lineno == 1 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
            s += 3;   /* UTF-8 byte order mark from spreadsheet exports */
        scn_node at_line = {0};
        at_line.file = path;
        at_line.line = lineno;
        size_t slen = strlen(s), bad = scn__utf8_bad_at(s, slen);
        if (bad < slen) {
            problem(b, &at_line, "orders", "not valid UTF-8 (byte 0x%02X): save the file as UTF-8", (unsigned char)s[bad]);
            continue;
        }
        if (!header) {
            if (!csv_header(b, &at_line, s, cols, colidx, &sep)) return;
            header = true;
            continue;
        }
        char *cells[16];
        size_t n = csv_split(s, sep, cells, 16);
        const char *cell[C_N] = {NULL, NULL, NULL, NULL, NULL};
        for (int k = 0; k < C_N; k++)
            if (colidx[k] >= 0 && (size_t)colidx[k] < n && colidx[k] < 16) cell[k] = cells[colidx[k]];
        if (!csv_order(b, &at_line, cols, cell, &norders)) return;
    }
    if (!header) problem(b, at, "release", "orders: %s has no header line (id,product,quantity,release,due)", path);
    else if (norders == 0) problem(b, at, "release", "orders: %s lists no orders", path);
}

/* Which of interarrival, conwip, unlimited and orders a release entry
 * gives (0 .. 3), or -1 when it gives none or several (reported). */
static int release_mode(bctx *b, scn_keyreader *r) {
    static const char *const modes[] = {"interarrival", "conwip", "unlimited", "orders"};
    int mode = -1, nmodes = 0;
    for (int k = 0; k < 4; k++)
        if (scn__key_node(r, modes[k])) {
            if (mode < 0) mode = k;
            nmodes++;
        }
    if (nmodes == 1) return mode;
    /* With two modes, blame the one an override added, if one did. */
    const scn_node *at = r->g;
    for (int k = 0; k < 4; k++) {
        const scn_node *n = scn__key_node(r, modes[k]);
        if (n && strcmp(n->file, "--set") == 0) at = n;
    }
    problem(b, at, r->subject, nmodes == 0 ? "say how units are released: interarrival = \"exp(4min)\", conwip = "
                                             "20, unlimited = true or orders = \"orders.csv\""
                                           : "give only one of interarrival, conwip, unlimited and orders");
    return -1;
}

/* A push source: interarrival, start, limit. */
static void release_push(bctx *b, scn_keyreader *r, int product, bool ok) {
    sim_dist d;
    double start = 0;
    long long limit = 0;
    if (!scn__key_dist(r, "interarrival", &d)) ok = false;
    const scn_node *sn = scn__key_node(r, "start");
    if (sn && !node_time(b, sn, r->subject, "start", 0, &start)) ok = false;
    if (scn__key_node(r, "limit") && !scn__key_whole(r, "limit", &limit)) ok = false;
    if (ok) b->push_rate += 1.0 / sim_dist_mean(&d);
    if (ok && product >= 0 && mdl_model_add_push(b->m, product, d, start, (long)limit) < 0)
        model_problem(b, r->g, r->subject);
}

/* A CONWIP loop (mode 1) or an unlimited source (mode 2). */
static void release_pull(bctx *b, scn_keyreader *r, int mode, int product, bool ok) {
    if (mode == 1) {
        long long w = 0;
        if (!scn__key_whole(r, "conwip", &w)) ok = false;
        if (ok && product >= 0 && mdl_model_add_conwip(b->m, product, (int)w) < 0) model_problem(b, r->g, r->subject);
        return;
    }
    bool u = false;
    if (!scn__key_bool(r, "unlimited", &u)) {
        ok = false;
    } else if (!u) {
        scn__key_problem(r, scn__key_node(r, "unlimited"), "unlimited: write unlimited = true, or leave the release out");
        ok = false;
    }
    if (ok && product >= 0 && mdl_model_add_unlimited(b->m, product) < 0) model_problem(b, r->g, r->subject);
}

/* Entry g (number i) of `release`. */
static void build_release_entry(bctx *b, const scn_node *g, size_t i) {
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__release_keys, g, subject_of(b, "release", NULL, i)) > 0)
        b->failed = true;
    int mode = release_mode(b, &r);
    if (mode < 0) return;
    if (mode != 0) {
        b->not_only_push = true;
        static const char *const pk[] = {"start", "limit"};
        for (int k = 0; k < 2; k++)
            if (scn__key_node(&r, pk[k]))
                problem(b, scn__key_node(&r, pk[k]), r.subject, "%s: only for releases with an interarrival time",
                        pk[k]);
    }
    const scn_node *pn = scn__key_node(&r, "product");
    if (mode == 3) {
        if (pn) problem(b, pn, r.subject, "product: an order list names the product of each order");
        const scn_node *on = scn__key_node(&r, "orders");
        if (on->kind == SCN_STRING) build_csv_orders(b, on);
        else build_inline_orders(b, on);
        return;
    }
    if (!pn) {
        problem(b, g, r.subject, "missing 'product'");
        return;
    }
    bool known = false;
    int product = resolve_product(b, pn, r.subject, "product", &known);
    if (known) r.subject = scn__printf(b->a, "release '%s'", pn->s);
    if (mode == 0) release_push(b, &r, product, known);
    else release_pull(b, &r, mode, product, known);
    if (r.failed) b->failed = true;
}

static void build_release(bctx *b, const scn_node *rl) {
    if (!rl) {
        problem(b, NULL, "scene", "no 'release': say how work enters the line, e.g. release = ( { product = "
                                  "\"housing\"; interarrival = \"exp(4min)\"; } ); or conwip = 20");
        return;
    }
    if (!want_list_of_groups(b, rl, "release", "( { product = \"housing\"; interarrival = \"exp(4min)\"; } )")) return;
    if (rl->nkids == 0) {
        problem(b, rl, "release", "the list is empty: nothing would ever enter the line");
        return;
    }
    for (size_t i = 0; i < rl->nkids; i++) build_release_entry(b, rl->kids[i], i);
}

/* ---- costs, targets, investment -------------------------------------------- */

/* A group of numbers (costs) or relative changes (targets) read into
 * fields, one per key of table t, in the table's order. */
static void read_fields(bctx *b, const scn_node *g, const scn_key_table *t, double *const *fields) {
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, t, g, t->entity) > 0) b->failed = true;
    for (size_t i = 0; i < t->n; i++) {
        if (t->keys[i].type == SCN_KEY_CHANGE) scn__key_change(&r, t->keys[i].name, fields[i]);
        else scn__key_number(&r, t->keys[i].name, fields[i]);
    }
    if (r.failed) b->failed = true;
}

static void build_costs(bctx *b, const scn_node *c) {
    if (!c) return;
    char got[80];
    if (c->kind != SCN_GROUP) {
        problem(b, c, "costs", "expected a group like { energy_per_kwh = 0.2; labor_per_hour = 40.0; }, got %s",
                show(c, got, sizeof got));
        return;
    }
    mdl_costs k = *mdl_model_costs(b->m);
    double *const fields[] = {&k.energy_per_kwh, &k.labor_per_hour, &k.material_per_unit, &k.scrap_per_unit,
                              &k.overhead_per_hour, &k.repair_per_hour};
    read_fields(b, c, &scn__cost_keys, fields);
    mdl_model_set_costs(b->m, &k);
}

static void build_targets(bctx *b, const scn_node *t) {
    if (!t) return;
    char got[80];
    if (t->kind != SCN_GROUP) {
        problem(b, t, "targets", "expected a group like { productivity = \"+30%%\"; }, got %s",
                show(t, got, sizeof got));
        return;
    }
    mdl_targets k = *mdl_model_targets(b->m);
    double *const fields[] = {&k.productivity, &k.cost_per_unit, &k.defect_rate, &k.units_per_kwh};
    read_fields(b, t, &scn__target_keys, fields);
    mdl_model_set_targets(b->m, &k);
}

static void build_investment(bctx *b, const scn_node *inv) {
    if (!inv) return;
    char got[80];
    if (inv->kind != SCN_GROUP) {
        problem(b, inv, "investment", "expected a group like { capex = 450000.0; years = 8; }, got %s",
                show(inv, got, sizeof got));
        return;
    }
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__investment_keys, inv, "investment") > 0) b->failed = true;
    double capex = 0, years = 0;
    if (!scn__key_node(&r, "capex")) scn__key_problem(&r, inv, "missing 'capex' (the capital expense)");
    else scn__key_number(&r, "capex", &capex);
    if (!scn__key_node(&r, "years")) scn__key_problem(&r, inv, "missing 'years' (the write-off period)");
    else if (scn__key_number(&r, "years", &years) && years <= 0)
        scn__key_problem(&r, scn__key_node(&r, "years"), "years: must be greater than 0");
    if (r.failed) b->failed = true;
    else mdl_model_set_investment(b->m, capex, years);
}

/* ---- the size of a run ---------------------------------------------------------- */

/* An upper estimate of the events one run (all replications) handles: each
 * service starts and ends, at most as often as the station can serve (and
 * as units arrive, when only push sources release them); each breakdown
 * fails and is repaired; each physics fleet steps every dt. Warns, at the
 * horizon, when it passes SCN_WARN_EVENTS: such a run takes many minutes. */
static void scale_warning(bctx *b, const scn_node *root) {
    if (!b->env->warnings) return;
    const mdl_model *m = b->m;
    const mdl_run_settings *rs = mdl_model_run(m);
    double per_second = 0;
    for (int st = 0; st < mdl_model_station_count(m); st++) {
        const mdl_station_spec *s = mdl_model_station(m, st);
        double cycle = INFINITY;
        int visits = 0;
        for (int p = 0; p < mdl_model_product_count(m); p++) {
            int v = 0;
            for (int k = 0; k < mdl_model_route_length(m, p); k++)
                if (mdl_model_route_station(m, p, k) == st) v++;
            if (v == 0) continue;
            if (v > visits) visits = v;
            double c = mdl_model_mean_cycle(m, p, st);
            if (c > 0 && c < cycle) cycle = c;
        }
        if (visits == 0 || !isfinite(cycle)) continue;
        double rate = s->servers / cycle;
        if (!b->not_only_push && b->push_rate * visits < rate) rate = b->push_rate * visits;
        per_second += 2 * rate;
        if (s->has_failures && sim_dist_mean(&s->mtbf) > 0) per_second += 2 * s->servers / sim_dist_mean(&s->mtbf);
    }
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
    build_shifts(&b, member(root, "shifts"));
    build_stations(&b, member(root, "stations"));
    build_products(&b, member(root, "products"));
    build_setups(&b);
    build_release(&b, member(root, "release"));
    build_costs(&b, member(root, "costs"));
    build_targets(&b, member(root, "targets"));
    build_investment(&b, member(root, "investment"));
    if (!scn__transport_build(env, root, b.m)) b.failed = true;

    if (!b.failed && !b.a->failed && !mdl_model_validate(b.m)) {
        scn_diags_add(b.d, env->top_file, 1, "scene", "%s", mdl_model_error(b.m));
        b.failed = true;
    }
    free(b.orders_seen);
    free(b.setups_seen);
    if (b.failed || b.a->failed) {
        mdl_model_free(b.m);
        return NULL;
    }
    scale_warning(&b, root);
    return b.m;
}
