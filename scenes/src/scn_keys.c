/*
 * scn_keys.c - the typed key reader (see scn_keys.h): one place that says
 * which values a key of a given type accepts and what is said about the
 * others.
 */
#include "scn_keys.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_scene.h"
#include "sim_check.h"


static const char *show(const scn_node *n, char *buf, size_t size) {
    scn__node_show(n, buf, size);
    return buf;
}

/* ---- node readers ---------------------------------------------------------- */

bool scn__want_kind(scn_build_env *env, const scn_node *n, scn_kind kind, const char *subject, const char *key,
                    const char *example) {
    if (n->kind == kind) return true;
    char got[80];
    scn__problem(env, n, subject, "%s: expected %s%s%s, got %s", key, scn__kind_phrase(kind), example ? " like " : "",
            example ? example : "", show(n, got, sizeof got));
    return false;
}

bool scn__read_whole(scn_build_env *env, const scn_node *n, const char *subject, const char *key, long long lo,
                     long long hi, long long *out) {
    long long v;
    char err[160];
    if (!scn__whole_number(n, &v, err, sizeof err)) {
        scn__problem(env, n, subject, "%s: %s", key, err);
        return false;
    }
    if (v < lo || v > hi) {
        if (hi == LLONG_MAX)
            scn__problem(env, n, subject, "%s: must be >= %lld, got %lld", key, lo, v);
        else
            scn__problem(env, n, subject, "%s: must be between %lld and %lld, got %lld", key, lo, hi, v);
        return false;
    }
    *out = v;
    return true;
}

bool scn__read_number(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double lo,
                      double hi, double *out) {
    double v;
    char got[80];
    if (n->kind == SCN_INT) v = (double)n->i;
    else if (n->kind == SCN_FLOAT) v = n->f;
    else {
        scn__problem(env, n, subject, "%s: expected a number, got %s", key, show(n, got, sizeof got));
        return false;
    }
    if (!isfinite(v)) {
        scn__problem(env, n, subject, "%s: %s", key, scn__not_finite(v));
        return false;
    }
    if (v < lo || v > hi) {
        if (hi >= 1e300)
            scn__problem(env, n, subject, "%s: must be >= %g, got %g", key, lo, v);
        else
            scn__problem(env, n, subject, "%s: must be between %g and %g, got %g", key, lo, hi, v);
        return false;
    }
    *out = v;
    return true;
}

/* A number node (SCN_INT or SCN_FLOAT) of seconds: finite and >= 0,
 * else reported with `negative` ("a duration must be ...") before ", got". */
static bool seconds(scn_build_env *env, const scn_node *n, const char *subject, const char *key, const char *negative,
                    double *out) {
    char got[80];
    double v = n->kind == SCN_INT ? (double)n->i : n->f;
    if (!isfinite(v)) {
        scn__problem(env, n, subject, "%s: %s", key, scn__not_finite(v));
        return false;
    }
    if (v < 0) {
        scn__problem(env, n, subject, "%s: %s, got %s", key, negative, show(n, got, sizeof got));
        return false;
    }
    *out = v;
    return true;
}

bool scn__read_duration(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double *out) {
    char got[80], err[300];
    if (n->kind == SCN_INT || n->kind == SCN_FLOAT)
        return seconds(env, n, subject, key, "a duration must be a finite number of seconds >= 0", out);
    if (n->kind != SCN_STRING) {
        scn__problem(env, n, subject, "%s: expected a duration like \"45s\", \"3min\" or \"1.5h\", got %s", key,
                show(n, got, sizeof got));
        return false;
    }
    if (!scn_parse_duration(n->s, out, err, sizeof err)) {
        scn__problem(env, n, subject, "%s: %s", key, err);
        return false;
    }
    return true;
}

/* The mean of a pacing time: > 0, and at least SCN_MIN_PACE (a plant
 * whose cycle is shorter than a millisecond is no plant: it would only
 * make the run last for ever). */
static bool paces(scn_build_env *env, const scn_node *n, const char *subject, const char *key, const sim_dist *d) {
    char got[80];
    if (!(sim_dist_mean(d) > 0)) {
        scn__problem(env, n, subject, "%s: the mean must be greater than 0, got %s", key, show(n, got, sizeof got));
        return false;
    }
    if (sim_dist_mean(d) < SCN_MIN_PACE) {
        scn__problem(env, n, subject, "%s: the mean must be at least 1ms, got %s (mean %gs)", key,
                show(n, got, sizeof got), sim_dist_mean(d));
        return false;
    }
    return true;
}

bool scn__read_dist(scn_build_env *env, mdl_model *m, const scn_node *n, const char *subject, const char *key,
                    bool positive, sim_dist *out) {
    char got[80], err[300];
    double v;
    if (n->kind == SCN_INT || n->kind == SCN_FLOAT) {
        if (!seconds(env, n, subject, key, "expected a distribution like exp(5min) or a duration >= 0", &v))
            return false;
        *out = sim_dist_const(v);
    } else if (n->kind == SCN_STRING) {
        if (!scn__parse_dist_in(env->arena, n->s, m, out, err, sizeof err)) {
            scn__problem(env, n, subject, "%s: %s", key, err);
            return false;
        }
    } else {
        scn__problem(env, n, subject, "%s: expected a distribution like exp(5min), got %s", key,
                show(n, got, sizeof got));
        return false;
    }
    return !positive || paces(env, n, subject, key, out);
}

bool scn__read_share(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double *out) {
    char got[80], err[300];
    if (n->kind == SCN_INT || n->kind == SCN_FLOAT) {
        double v = n->kind == SCN_INT ? (double)n->i : n->f;
        if (!isfinite(v)) {
            scn__problem(env, n, subject, "%s: %s (a share is between 0 and 1)", key, scn__not_finite(v));
            return false;
        }
        if (!(v >= 0 && v <= 1)) {
            scn__problem(env, n, subject, "%s: a share must be between 0 and 1 (or \"0%%\" and \"100%%\"), got %s", key,
                    show(n, got, sizeof got));
            return false;
        }
        *out = v;
        return true;
    }
    if (n->kind == SCN_STRING) {
        if (!scn_parse_share(n->s, out, err, sizeof err)) {
            scn__problem(env, n, subject, "%s: %s", key, err);
            return false;
        }
        return true;
    }
    scn__problem(env, n, subject, "%s: expected a share like 0.02 or \"2%%\", got %s", key, show(n, got, sizeof got));
    return false;
}

/* The value of a relative change written as a string ("+30%", "0.3"). */
static bool change_text(const char *s, double *v) {
    char *end;
    *v = strtod(s, &end);
    while (*end == ' ') end++;
    if (end != s && *end == '%') {
        end++;
        while (*end == ' ') end++;
        *v /= 100.0;
        return *end == '\0' && isfinite(*v);
    }
    return end != s && *end == '\0' && isfinite(*v);
}

bool scn__read_change(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double *out) {
    char got[80];
    double v = 0;
    bool ok = false;
    if (n->kind == SCN_INT || n->kind == SCN_FLOAT) {
        v = n->kind == SCN_INT ? (double)n->i : n->f;
        ok = isfinite(v);
    } else if (n->kind == SCN_STRING) {
        ok = change_text(n->s, &v);
    }
    if (!ok && !isfinite(v)) {
        scn__problem(env, n, subject, "%s: %s", key, scn__not_finite(v));
        return false;
    }
    if (!ok) {
        scn__problem(env, n, subject, "%s: expected a relative change like 0.3 or \"+30%%\", got %s", key,
                show(n, got, sizeof got));
        return false;
    }
    if (v < -1 || v > 100) {
        scn__problem(env, n, subject, "%s: a relative change must be between -100%% and +10000%%, got %s", key,
                show(n, got, sizeof got));
        return false;
    }
    *out = v;
    return true;
}

bool scn__read_power(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double *out) {
    char got[80];
    if (n->kind != SCN_INT && n->kind != SCN_FLOAT) {
        scn__problem(env, n, subject, "%s: expected a number of kW, got %s", key, show(n, got, sizeof got));
        return false;
    }
    double x = n->kind == SCN_INT ? (double)n->i : n->f;
    if (!isfinite(x)) {
        scn__problem(env, n, subject, "%s: %s", key, scn__not_finite(x));
        return false;
    }
    if (x < 0 || x > SCN_MAX_KW) {
        scn__problem(env, n, subject, "%s: must be between 0 and 1000000 kW, got %g", key, x);
        return false;
    }
    *out = x;
    return true;
}

bool scn__read_coords(scn_build_env *env, const scn_node *n, const char *subject, const char *key, size_t count,
                      bool positive, const char *expected, double *v) {
    char got[80];
    if ((n->kind != SCN_ARRAY && n->kind != SCN_LIST) || n->nkids != count) {
        scn__problem(env, n, subject, "%s: expected %s, got %s", key, expected, show(n, got, sizeof got));
        return false;
    }
    for (size_t i = 0; i < count; i++) {
        const scn_node *k = n->kids[i];
        if (k->kind == SCN_INT) v[i] = (double)k->i;
        else if (k->kind == SCN_FLOAT) v[i] = k->f;
        else {
            scn__problem(env, n, subject, "%s: expected %s, got %s", key, expected, show(k, got, sizeof got));
            return false;
        }
        if (!isfinite(v[i])) {
            scn__problem(env, k, subject, "%s: %s is not a finite number", key, show(k, got, sizeof got));
            return false;
        }
        if (fabs(v[i]) > SCN_MAX_METRES) {
            scn__problem(env, k, subject, "%s: %g is too large (at most %g m)", key, v[i], SCN_MAX_METRES);
            return false;
        }
        if (positive && v[i] <= 0) {
            scn__problem(env, k, subject, "%s: %g is out of range (must be > 0)", key, v[i]);
            return false;
        }
    }
    return true;
}

bool scn__read_pair(scn_build_env *env, const scn_node *n, const char *subject, const char *key, bool positive,
                    double *x, double *y) {
    double v[2];
    if (!scn__read_coords(env, n, subject, key, 2, positive, "two numbers like [4.0, 6.5]", v)) return false;
    *x = v[0];
    *y = v[1];
    return true;
}

bool scn__read_list_of_groups(scn_build_env *env, const scn_node *n, const char *subject, const char *example) {
    char got[80];
    if (n->kind == SCN_GROUP) {
        scn__problem(env, n, subject, "expected a list ( { ... }, { ... } ), got a group { ... }: wrap it in "
                               "parentheses, like %s", example);
        return false;
    }
    if (n->kind != SCN_LIST) {
        scn__problem(env, n, subject, "expected a list like %s, got %s", example, show(n, got, sizeof got));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->kind != SCN_GROUP) {
            scn__problem(env, n->kids[i], subject, "entry %zu: expected a group { ... }, got %s", i + 1,
                    show(n->kids[i], got, sizeof got));
            ok = false;
        }
    }
    return ok;
}

void scn__unknown_name(scn_build_env *env, const scn_node *at, const char *subject, const char *key,
                       const char *what, const char *id, const char *const *names, size_t n) {
    char hint[160];
    scn__hint(id, names, n, hint, sizeof hint);
    size_t known = 0;
    for (size_t i = 0; i < n; i++)
        if (names[i]) known++;
    if (!hint[0] && known > 0 && known <= 12) {
        size_t l = (size_t)snprintf(hint, sizeof hint, " (known: ");
        bool first = true;
        for (size_t i = 0; i < n && l < sizeof hint - 8; i++) {
            if (!names[i]) continue;
            l += (size_t)snprintf(hint + l, sizeof hint - l, "%s%s", first ? "" : ", ", names[i]);
            first = false;
        }
        if (l < sizeof hint - 2) snprintf(hint + l, sizeof hint - l, ")");
        else snprintf(hint + sizeof hint - 6, 6, "...)");
    }
    if (known == 0) snprintf(hint, sizeof hint, " (the scene defines no %s)", what);
    scn__problem(env, at, subject, "%s: no %s '%s'%s", key, what, id, hint);
}

int scn__read_choice(scn_build_env *env, const scn_node *n, const char *subject, const char *key,
                     const char *example, const char *what, const char *const *names, size_t count) {
    if (!scn__want_kind(env, n, SCN_STRING, subject, key, example)) return -1;
    for (size_t k = 0; k < count; k++)
        if (names[k] && strcmp(names[k], n->s) == 0) return (int)k;
    scn__unknown_name(env, n, subject, key, what, n->s, names, count);
    return -1;
}

size_t scn__check_keys(scn_build_env *env, const scn_node *g, const char *subject, const char *const *known,
                       const char *where_hint) {
    size_t nk = 0, bad = 0;
    if (g->kind != SCN_GROUP) return 0; /* only a group's members have names */
    while (known[nk]) nk++;
    for (size_t i = 0; i < g->nkids; i++) {
        const scn_node *k = g->kids[i];
        bool ok = false;
        for (size_t j = 0; j < nk && !ok; j++)
            if (strcmp(k->name, known[j]) == 0) ok = true;
        if (ok) continue;
        char hint[120];
        scn__hint(k->name, known, nk, hint, sizeof hint);
        if (!hint[0] && where_hint)
            scn__problem(env, k, subject, "unknown key '%s' (%s)", k->name, where_hint);
        else
            scn__problem(env, k, subject, "unknown key '%s'%s", k->name, hint);
        bad++;
    }
    return bad;
}

/* ---- tables ------------------------------------------------------------------ */

const scn_key *scn__key_find(const scn_key_table *t, const char *key) {
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->keys[i].name, key) == 0) return &t->keys[i];
    return NULL;
}

void scn__key_names(const scn_key_table *t, const char **names) {
    for (size_t i = 0; i < t->n; i++) names[i] = t->keys[i].name;
    names[t->n] = NULL;
}

void scn__key_row(const scn_key_table *t, const scn_key *k, char *buf, size_t size) {
    char type[160];
    if (k->type_doc) snprintf(type, sizeof type, "%s", k->type_doc);
    else snprintf(type, sizeof type, "%.0f .. %.0f", k->lo, k->hi);
    snprintf(buf, size, "| `%s%s` | %s | %s | %s |", t->prefix, k->name, type, k->default_doc, k->doc);
}

/* ---- reading through a table ------------------------------------------------------ */

size_t scn__keys_begin(scn_keyreader *r, scn_build_env *env, mdl_model *m, const scn_key_table *t,
                       const scn_node *g, const char *subject) {
    *r = (scn_keyreader){env, m, t, g, subject, false, NULL};
    const char *names[64];
    SIM_CHECK(t->n < sizeof names / sizeof names[0], "a key table is longer than 63 keys");
    scn__key_names(t, names);
    if (g->kind != SCN_GROUP) {
        char got[80];
        scn__problem(env, g, subject, "%s: expected a group { %s = ...; ... }, got %s", t->entity,
                     t->n ? t->keys[0].name : "key", show(g, got, sizeof got));
        return 1;
    }
    return scn__check_keys(env, g, subject, names, NULL);
}

/* The entry of `key`, which must be of `type` (a bug otherwise). */
static const scn_key *entry(const scn_keyreader *r, const char *key, scn_key_type type) {
    const scn_key *k = scn__key_find(r->t, key);
    SIM_CHECK(k, "the key is not in the entity's table");
    SIM_CHECK(k->type == type, "the key is read as another type than its table's");
    return k;
}

const scn_node *scn__key_node(const scn_keyreader *r, const char *key) {
    SIM_CHECK(scn__key_find(r->t, key), "the key is not in the entity's table");
    return scn__node_member(r->g, key);
}

/* The key as messages name it: "battery.threshold" inside a group. */
static const char *shown(const scn_keyreader *r, const char *key, char *buf, size_t size) {
    if (!r->in) return key;
    snprintf(buf, size, "%s.%s", r->in, key);
    return buf;
}

/* Records the outcome of one read of a written key. */
static bool done(scn_keyreader *r, bool ok) {
    if (!ok) r->failed = true;
    return ok;
}

/* A key of `type` read by `read` (a node reader of a double without
 * bounds of its own). */
typedef bool node_reader(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double *out);
static bool key_double(scn_keyreader *r, const char *key, scn_key_type type, node_reader *read, double *out) {
    char sk[96];
    (void)entry(r, key, type);
    const scn_node *n = scn__node_member(r->g, key);
    return n && done(r, read(r->env, n, r->subject, shown(r, key, sk, sizeof sk), out));
}

bool scn__key_whole(scn_keyreader *r, const char *key, long long *out) {
    char sk[96];
    const scn_key *k = entry(r, key, SCN_KEY_WHOLE);
    const scn_node *n = scn__node_member(r->g, key);
    long long hi = k->hi >= 9.2e18 ? LLONG_MAX : (long long)k->hi;
    return n && done(r, scn__read_whole(r->env, n, r->subject, shown(r, key, sk, sizeof sk), (long long)k->lo, hi, out));
}

bool scn__key_int(scn_keyreader *r, const char *key, int *out) {
    long long v;
    if (!scn__key_whole(r, key, &v)) return false;
    *out = (int)v;
    return true;
}

bool scn__key_number(scn_keyreader *r, const char *key, double *out) {
    char sk[96];
    const scn_key *k = entry(r, key, SCN_KEY_NUMBER);
    const scn_node *n = scn__node_member(r->g, key);
    return n && done(r, scn__read_number(r->env, n, r->subject, shown(r, key, sk, sizeof sk), k->lo, k->hi, out));
}

bool scn__key_share(scn_keyreader *r, const char *key, double *out) {
    return key_double(r, key, SCN_KEY_SHARE, scn__read_share, out);
}

bool scn__key_change(scn_keyreader *r, const char *key, double *out) {
    return key_double(r, key, SCN_KEY_CHANGE, scn__read_change, out);
}

bool scn__key_duration(scn_keyreader *r, const char *key, double *out) {
    return key_double(r, key, SCN_KEY_DURATION, scn__read_duration, out);
}

bool scn__key_dist(scn_keyreader *r, const char *key, sim_dist *out) {
    char sk[96];
    const scn_key *k = scn__key_find(r->t, key);
    SIM_CHECK(k && (k->type == SCN_KEY_DIST || k->type == SCN_KEY_PACE), "not a distribution key");
    const scn_node *n = scn__node_member(r->g, key);
    return n && done(r, scn__read_dist(r->env, r->m, n, r->subject, shown(r, key, sk, sizeof sk), k->type == SCN_KEY_PACE, out));
}

bool scn__key_bool(scn_keyreader *r, const char *key, bool *out) {
    char sk[96];
    (void)entry(r, key, SCN_KEY_BOOL);
    const scn_node *n = scn__node_member(r->g, key);
    if (!n || !done(r, scn__want_kind(r->env, n, SCN_BOOL, r->subject, shown(r, key, sk, sizeof sk), "true"))) return false;
    *out = n->i != 0;
    return true;
}

bool scn__key_string(scn_keyreader *r, const char *key, const char **out) {
    char sk[96];
    const scn_key *k = entry(r, key, SCN_KEY_STRING);
    const scn_node *n = scn__node_member(r->g, key);
    if (!n || !done(r, scn__want_kind(r->env, n, SCN_STRING, r->subject, shown(r, key, sk, sizeof sk), k->example))) return false;
    *out = n->s;
    return true;
}

bool scn__key_choice(scn_keyreader *r, const char *key, const char *const *names, size_t count, int *out) {
    char sk[96];
    const scn_key *k = entry(r, key, SCN_KEY_CHOICE);
    const scn_node *n = scn__node_member(r->g, key);
    if (!n) return false;
    int i = scn__read_choice(r->env, n, r->subject, shown(r, key, sk, sizeof sk), k->example, k->what, names, count);
    if (!done(r, i >= 0)) return false;
    *out = i;
    return true;
}

bool scn__key_pair(scn_keyreader *r, const char *key, double *x, double *y) {
    char sk[96];
    const scn_key *k = scn__key_find(r->t, key);
    SIM_CHECK(k && (k->type == SCN_KEY_POINT || k->type == SCN_KEY_SIZE), "not a pair key");
    const scn_node *n = scn__node_member(r->g, key);
    return n && done(r, scn__read_pair(r->env, n, r->subject, shown(r, key, sk, sizeof sk), k->type == SCN_KEY_SIZE, x, y));
}

bool scn__key_power(scn_keyreader *r, const char *key, double *out) {
    return key_double(r, key, SCN_KEY_POWER, scn__read_power, out);
}

void scn__key_fields(scn_keyreader *r, void *spec, const scn_key_field *fields, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const char *key = fields[i].key;
        void *at = (char *)spec + fields[i].offset;
        const scn_key *k = scn__key_find(r->t, key);
        SIM_CHECK(k, "a field without a key in the entity's table");
        switch (fields[i].kind) {
        case SCN_FIELD_INT: scn__key_int(r, key, at); break;
        case SCN_FIELD_BOOL: scn__key_bool(r, key, at); break;
        case SCN_FIELD_DIST: scn__key_dist(r, key, at); break;
        case SCN_FIELD_DOUBLE:
            if (k->type == SCN_KEY_POWER) scn__key_power(r, key, at);
            else if (k->type == SCN_KEY_SHARE) scn__key_share(r, key, at);
            else if (k->type == SCN_KEY_DURATION) scn__key_duration(r, key, at);
            else scn__key_number(r, key, at);
            break;
        }
    }
}

void scn__key_problem(scn_keyreader *r, const scn_node *at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    scn__vproblem(r->env, at, r->subject, fmt, ap);
    va_end(ap);
    r->failed = true;
}
