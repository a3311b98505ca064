/*
 * scn_values.c - the value syntax of scenes: durations with units,
 * distributions, times of day and of the week, weekdays, shares; and the
 * "did you mean" hints.
 *
 * Every parser takes the whole text and either succeeds or says in one
 * sentence what it expected and what it got, quoting the text.
 */
#include "scn_internal.h"
#include "scn_scene.h"
#include "sim_units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


static const char *skip_ws(const char *s) {
    while (*s && isspace((unsigned char)*s)) s++;
    return s;
}

/* Quotes at most 60 characters of the text for a message. */
static void quote(const char *s, size_t n, char *buf, size_t size) {
    if (n > 60) snprintf(buf, size, "\"%.56s...\"", s);
    else snprintf(buf, size, "\"%.*s\"", (int)n, s);
}

/* A plain decimal number at s (no sign: signs are handled by callers,
 * no inf/nan/hex). Returns the characters read, 0 when none; a number too
 * large for a double is read as infinity (callers say "too large"). */
static size_t read_number(const char *s, double *v) {
    const char *p = s;
    if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1]))) return 0;
    while (isdigit((unsigned char)*p)) p++;
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) p++;
    }
    if ((*p == 'e' || *p == 'E') &&
        (isdigit((unsigned char)p[1]) || ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
        p += 2;
        while (isdigit((unsigned char)*p)) p++;
    }
    char buf[64];
    size_t n = (size_t)(p - s);
    if (n >= sizeof buf) return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    *v = strtod(buf, NULL);
    if (isnan(*v)) return 0;
    return n;
}

typedef struct unit {
    const char *name;
    double seconds;
} unit;

static const unit units[] = {
    {"ms", 0.001}, {"s", 1}, {"sec", 1}, {"secs", 1}, {"second", 1}, {"seconds", 1},
    {"min", SIM_MINUTE}, {"mins", SIM_MINUTE}, {"minute", SIM_MINUTE}, {"minutes", SIM_MINUTE},
    {"h", SIM_HOUR}, {"hr", SIM_HOUR}, {"hrs", SIM_HOUR}, {"hour", SIM_HOUR}, {"hours", SIM_HOUR},
    {"d", SIM_DAY}, {"day", SIM_DAY}, {"days", SIM_DAY},
    {"w", SIM_WEEK}, {"wk", SIM_WEEK}, {"week", SIM_WEEK}, {"weeks", SIM_WEEK},
};

/* "inf", "infinity", "nan" (any case, signed or not) in s[0..n). */
static bool names_non_finite(const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n && (*s == '+' || *s == '-')) s++, n--;
    return (n == 3 && (strncasecmp(s, "inf", 3) == 0 || strncasecmp(s, "nan", 3) == 0)) ||
           (n == 8 && strncasecmp(s, "infinity", 8) == 0);
}

/* Parses a duration in s[0..n): "90", "1.5h", "1h 30min"; no sign. */
static bool parse_duration_n(const char *s, size_t n, double *out, char *err, size_t err_size) {
    char q[80];
    quote(s, n, q, sizeof q);
    const char *end = s + n;
    while (s < end && isspace((unsigned char)*s)) s++;
    while (end > s && isspace((unsigned char)end[-1])) end--;
    if (s == end) {
        snprintf(err, err_size, "expected a duration like \"45s\", \"3min\" or \"1.5h\", got %s", q);
        return false;
    }
    if (names_non_finite(s, (size_t)(end - s))) {
        snprintf(err, err_size, "%s is not a finite duration", q);
        return false;
    }
    if (*s == '-') {
        snprintf(err, err_size, "a duration must not be negative, got %s", q);
        return false;
    }
    double total = 0;
    int terms = 0;
    bool bare = false;
    const char *p = s;
    while (p < end) {
        double v;
        size_t k = read_number(p, &v);
        if (k == 0 || p + k > end) {
            snprintf(err, err_size, "expected a duration like \"45s\", \"3min\" or \"1.5h\", got %s", q);
            return false;
        }
        p += k;
        while (p < end && (*p == ' ' || *p == '\t')) p++;
        const char *u = p;
        while (p < end && isalpha((unsigned char)*p)) p++;
        size_t ul = (size_t)(p - u);
        double mult = 1;
        if (ul == 0) {
            bare = true;
        } else {
            bool found = false;
            for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
                if (strlen(units[i].name) == ul && strncasecmp(units[i].name, u, ul) == 0) {
                    mult = units[i].seconds;
                    found = true;
                    break;
                }
            }
            if (!found) {
                if (ul == 1 && (*u == 'm' || *u == 'M'))
                    snprintf(err, err_size, "unit 'm' in %s is ambiguous: write min for minutes", q);
                else
                    snprintf(err, err_size, "unknown unit '%.*s' in %s (units: ms, s, min, h, d, w)",
                             (int)(ul > 20 ? 20 : ul), u, q);
                return false;
            }
        }
        if (!isfinite(v * mult)) {
            snprintf(err, err_size, "duration %s is too large", q);
            return false;
        }
        total += v * mult;
        terms++;
        while (p < end && isspace((unsigned char)*p)) p++;
        if (bare && (terms > 1 || p < end)) {
            snprintf(err, err_size, "every part of a duration needs a unit (s, min, h, d, w), got %s", q);
            return false;
        }
    }
    if (!isfinite(total)) {
        snprintf(err, err_size, "duration %s is too large", q);
        return false;
    }
    *out = total;
    return true;
}

bool scn_parse_duration(const char *text, double *seconds, char *err, size_t err_size) {
    if (!text) {
        snprintf(err, err_size, "expected a duration");
        return false;
    }
    return parse_duration_n(text, strlen(text), seconds, err, err_size);
}

/* ---- distributions ------------------------------------------------------- */

typedef enum arg_kind { ARG_DUR, ARG_PLAIN, ARG_COUNT } arg_kind;

typedef struct dist_form {
    const char *name;
    const char *alias1, *alias2;
    int nargs;          /* -1: pairs v: w */
    arg_kind args[4];
    const char *usage;
} dist_form;

static const dist_form forms[] = {
    {"const", "constant", "fixed", 1, {ARG_DUR}, "const(value)"},
    {"uniform", "unif", NULL, 2, {ARG_DUR, ARG_DUR}, "uniform(min, max)"},
    {"exp", "exponential", "expo", 1, {ARG_DUR}, "exp(mean)"},
    {"normal", "norm", NULL, 2, {ARG_DUR, ARG_DUR}, "normal(mean, sd)"},
    {"lognormal", "lognorm", NULL, 2, {ARG_DUR, ARG_DUR}, "lognormal(mean, sd)"},
    {"tri", "triangular", "triang", 3, {ARG_DUR, ARG_DUR, ARG_DUR}, "tri(min, mode, max)"},
    {"erlang", NULL, NULL, 2, {ARG_COUNT, ARG_DUR}, "erlang(k, mean)"},
    {"gamma", NULL, NULL, 2, {ARG_DUR, ARG_DUR}, "gamma(mean, sd)"},
    {"weibull", NULL, NULL, 2, {ARG_PLAIN, ARG_DUR}, "weibull(shape, scale)"},
    {"beta", NULL, NULL, 4, {ARG_PLAIN, ARG_PLAIN, ARG_DUR, ARG_DUR}, "beta(alpha, beta, min, max)"},
    {"discrete", NULL, NULL, -1, {ARG_DUR}, "discrete(value: weight, ...)"},
    {"empirical", NULL, NULL, -1, {ARG_DUR}, "empirical(value: cumulative, ...)"},
};

#define SCN_MAX_TABLE 4096

typedef enum plain_status { PLAIN_OK = 0, PLAIN_NOT_A_NUMBER, PLAIN_TOO_LARGE, PLAIN_NOT_FINITE } plain_status;

/* Parses a plain number (sign allowed) in s[0..n). */
static plain_status parse_plain_n(const char *s, size_t n, double *out) {
    if (names_non_finite(s, n)) return PLAIN_NOT_FINITE;
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    bool neg = false;
    if (n && (*s == '-' || *s == '+')) {
        neg = *s == '-';
        s++, n--;
    }
    double v;
    size_t k = read_number(s, &v);
    if (k == 0 || k != n) return PLAIN_NOT_A_NUMBER;
    if (!isfinite(v)) return PLAIN_TOO_LARGE;
    *out = neg ? -v : v;
    return PLAIN_OK;
}

static bool parse_arg(const char *s, size_t n, arg_kind kind, double *out, char *err, size_t err_size) {
    char q[80];
    const char *a = s;
    size_t an = n;
    while (an && isspace((unsigned char)*a)) a++, an--;
    while (an && isspace((unsigned char)a[an - 1])) an--;
    quote(a, an, q, sizeof q);
    if (kind == ARG_DUR) {
        if (an && *a == '-') {
            double v;
            if (parse_plain_n(a, an, &v) == PLAIN_OK || parse_duration_n(a + 1, an - 1, &v, err, err_size)) {
                snprintf(err, err_size, "durations must not be negative, got %s", q);
                return false;
            }
        }
        return parse_duration_n(a, an, out, err, err_size);
    }
    plain_status ps = parse_plain_n(a, an, out);
    if (ps == PLAIN_TOO_LARGE || ps == PLAIN_NOT_FINITE) {
        snprintf(err, err_size, "%s is %s", q, ps == PLAIN_TOO_LARGE ? "too large" : "not a finite number");
        return false;
    }
    if (ps != PLAIN_OK) {
        if (kind == ARG_COUNT)
            snprintf(err, err_size, "expected a whole number of phases, got %s", q);
        else
            snprintf(err, err_size, "expected a plain number (no unit), got %s", q);
        return false;
    }
    if (kind == ARG_COUNT && (*out < 1 || *out != floor(*out) || *out > 1000)) {
        snprintf(err, err_size, "the number of phases must be a whole number from 1 to 1000, got %s", q);
        return false;
    }
    return true;
}

static const dist_form *find_form(const char *name, size_t n) {
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const dist_form *f = &forms[i];
        const char *names[3] = {f->name, f->alias1, f->alias2};
        for (int k = 0; k < 3; k++)
            if (names[k] && strlen(names[k]) == n && strncasecmp(names[k], name, n) == 0) return f;
    }
    return NULL;
}

/* Splits the arguments of s[0..n) at top-level commas into ranges. */
static size_t split_args(const char *s, size_t n, const char **starts, size_t *lens, size_t max) {
    size_t k = 0;
    size_t from = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == ',') {
            if (k < max) {
                starts[k] = s + from;
                lens[k] = i - from;
            }
            k++;
            from = i + 1;
        }
    }
    return k;
}

/* The text of a distribution without '(' (name: the letters it starts
 * with, nl of them): a plain duration is a constant; else false with the
 * reason. */
static bool dist_without_args(const char *text, const char *name, size_t nl, const char *q, sim_dist *out, char *err,
                              size_t err_size) {
    double v;
    char derr[200];
    if (nl == 0 && parse_duration_n(text, strlen(text), &v, derr, sizeof derr)) {
        *out = sim_dist_const(v);
        return true;
    }
    if (nl == 0 && *skip_ws(text) == '-') {
        snprintf(err, err_size, "durations must not be negative, got %s", q);
        return false;
    }
    /* A number with a unit that is not a duration ("1e308w" too
     * large, "1ns" an unknown unit): the duration's own reason. */
    if (nl == 0 && *skip_ws(text) && strncmp(derr, "expected a duration", 19) != 0) {
        snprintf(err, err_size, "%s", derr);
        return false;
    }
    if (names_non_finite(text, strlen(text))) {
        snprintf(err, err_size, "%s is not a finite duration", q);
        return false;
    }
    if (nl > 0 && find_form(name, nl))
        snprintf(err, err_size, "expected '(' after '%.*s' in %s, like exp(5min)", (int)nl, name, q);
    else
        snprintf(err, err_size, "expected a distribution like exp(5min) or normal(6min, 30s), got %s", q);
    return false;
}

/* The form named name[0..nl), or NULL with the reason ("did you mean"). */
static const dist_form *dist_form_named(const char *name, size_t nl, const char *q, char *err, size_t err_size) {
    const dist_form *f = find_form(name, nl);
    if (f) return f;
    const char *cands[sizeof forms / sizeof forms[0]];
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) cands[i] = forms[i].name;
    char word[40];
    snprintf(word, sizeof word, "%.*s", (int)(nl > 39 ? 39 : nl), name);
    char hint[80];
    scn__hint(word, cands, sizeof forms / sizeof forms[0], hint, sizeof hint);
    snprintf(err, err_size,
             "unknown distribution '%s' in %s%s (known: const, uniform, exp, normal, lognormal, tri, "
             "erlang, gamma, weibull, beta, discrete, empirical)",
             word, q, hint);
    return NULL;
}

/* The pairs "v: w" of a discrete or empirical table (cnt of them, split
 * at st/ln) into vals and ws; false with the reason. */
static bool dist_pairs(const dist_form *f, size_t cnt, const char **st, const size_t *ln, double *vals, double *ws,
                       char *err, size_t err_size) {
    for (size_t i = 0; i < cnt; i++) {
        const char *colon = memchr(st[i], ':', ln[i]);
        if (!colon) {
            char pq[80];
            quote(st[i], ln[i], pq, sizeof pq);
            snprintf(err, err_size, "expected value: %s pairs in %s, got %s",
                     f->name[0] == 'd' ? "weight" : "cumulative", f->usage, pq);
            return false;
        }
        if (!parse_arg(st[i], (size_t)(colon - st[i]), ARG_DUR, &vals[i], err, err_size) ||
            !parse_arg(colon + 1, ln[i] - (size_t)(colon + 1 - st[i]), ARG_PLAIN, &ws[i], err, err_size))
            return false;
    }
    return true;
}

/* The table of a discrete or empirical distribution (body[0..blen)),
 * kept in m; false with the reason. */
static bool dist_table(scn_arena *a, const dist_form *f, const char *body, size_t blen, mdl_model *m, const char *q,
                       sim_dist *out, char *err, size_t err_size) {
    if (!m) {
        snprintf(err, err_size, "%s needs a table, which is not available here", f->name);
        return false;
    }
    size_t cnt = split_args(body, blen, NULL, NULL, 0);
    if (cnt < 1 || cnt > SCN_MAX_TABLE || (cnt == 1 && *skip_ws(body) == ')')) {
        snprintf(err, err_size, "expected %s with 1 to %d pairs, got %s", f->usage, SCN_MAX_TABLE, q);
        return false;
    }
    const char **st = scn__mem(a, NULL, cnt * sizeof(*st));
    size_t *ln = scn__mem(a, NULL, cnt * sizeof(*ln));
    double *vals = scn__mem(a, NULL, cnt * sizeof(double));
    double *ws = scn__mem(a, NULL, cnt * sizeof(double));
    double *cum = scn__mem(a, NULL, cnt * sizeof(double));
    bool ok = st && ln && vals && ws && cum;
    if (!ok) snprintf(err, err_size, "out of memory");
    if (ok) split_args(body, blen, st, ln, cnt);
    ok = ok && dist_pairs(f, cnt, st, ln, vals, ws, err, err_size);
    if (ok && f->name[0] == 'd' && !sim_dist_cumulate(cnt, ws, cum)) {
        snprintf(err, err_size, "weights in %s must be >= 0 and not all 0", q);
        ok = false;
    }
    if (ok) {
        const double *kv = mdl_model_keep_table(m, vals, cnt);
        const double *kc = mdl_model_keep_table(m, f->name[0] == 'd' ? cum : ws, cnt);
        if (!kv || !kc) {
            snprintf(err, err_size, "out of memory");
            ok = false;
        } else {
            *out = f->name[0] == 'd' ? sim_dist_discrete(cnt, kv, kc) : sim_dist_empirical(cnt, kv, kc);
        }
    }
    scn__mem(a, (void *)st, 0);
    scn__mem(a, ln, 0);
    scn__mem(a, vals, 0);
    scn__mem(a, ws, 0);
    scn__mem(a, cum, 0);
    return ok;
}

/* A distribution of f->nargs arguments (body[0..blen)); false with the
 * reason. */
static bool dist_args(const dist_form *f, const char *body, size_t blen, const char *q, sim_dist *out, char *err,
                      size_t err_size) {
    const char *st[5];
    size_t ln[5];
    size_t cnt = split_args(body, blen, st, ln, 5);
    if (cnt == 1 && *skip_ws(body) == ')') cnt = 0;
    if ((int)cnt != f->nargs) {
        snprintf(err, err_size, "%s takes %d argument%s: %s, got %s", f->name, f->nargs, f->nargs == 1 ? "" : "s",
                 f->usage, q);
        return false;
    }
    double a[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < cnt; i++)
        if (!parse_arg(st[i], ln[i], f->args[i], &a[i], err, err_size)) return false;
    if (strcmp(f->name, "const") == 0) *out = sim_dist_const(a[0]);
    else if (strcmp(f->name, "uniform") == 0) *out = sim_dist_uniform(a[0], a[1]);
    else if (strcmp(f->name, "exp") == 0) *out = sim_dist_exp(a[0]);
    else if (strcmp(f->name, "normal") == 0) *out = sim_dist_tnormal(a[0], a[1]);
    else if (strcmp(f->name, "lognormal") == 0) *out = sim_dist_lognormal(a[0], a[1]);
    else if (strcmp(f->name, "tri") == 0) *out = sim_dist_tri(a[0], a[1], a[2]);
    else if (strcmp(f->name, "erlang") == 0) *out = sim_dist_erlang(a[0], a[1]);
    else if (strcmp(f->name, "gamma") == 0) *out = sim_dist_gamma(a[0], a[1]);
    else if (strcmp(f->name, "weibull") == 0) *out = sim_dist_weibull(a[0], a[1]);
    else *out = sim_dist_beta(a[0], a[1], a[2], a[3]);
    return true;
}

bool scn_parse_dist(const char *text, mdl_model *m, sim_dist *out, char *err, size_t err_size) {
    return scn__parse_dist_in(NULL, text, m, out, err, err_size);
}

bool scn__parse_dist_in(scn_arena *a, const char *text, mdl_model *m, sim_dist *out, char *err, size_t err_size) {
    if (!text) {
        snprintf(err, err_size, "expected a distribution");
        return false;
    }
    char q[80];
    quote(text, strlen(text), q, sizeof q);
    const char *s = skip_ws(text);
    const char *name = s;
    while (isalpha((unsigned char)*s)) s++;
    size_t nl = (size_t)(s - name);
    const char *open = skip_ws(s);
    if (nl == 0 || *open != '(') return dist_without_args(text, name, nl, q, out, err, err_size);
    const dist_form *f = dist_form_named(name, nl, q, err, err_size);
    if (!f) return false;
    const char *body = open + 1;
    const char *close = strrchr(body, ')');
    if (!close || *skip_ws(close + 1) != '\0') {
        snprintf(err, err_size, "expected %s with a closing ')', got %s", f->usage, q);
        return false;
    }
    for (const char *c = body; c < close; c++)
        if (*c == '(' || *c == ')') {
            snprintf(err, err_size, "unexpected '%c' inside %s", *c, q);
            return false;
        }
    size_t blen = (size_t)(close - body);
    if (f->nargs < 0 ? !dist_table(a, f, body, blen, m, q, out, err, err_size)
                     : !dist_args(f, body, blen, q, out, err, err_size))
        return false;
    char why[200];
    if (!sim_dist_check(out, why, sizeof why)) {
        snprintf(err, err_size, "%s: %s", q, why);
        return false;
    }
    double lo = sim_dist_min(out);
    if (lo < 0) {
        snprintf(err, err_size, "%s can give negative durations", q);
        return false;
    }
    return true;
}

/* text (NULL: "") quoted into q for messages; returns where its first
 * non-blank is. */
static const char *quoted(const char *text, char *q, size_t size) {
    quote(text ? text : "", text ? strlen(text) : 0, q, size);
    return text ? skip_ws(text) : "";
}

/* ---- times and days ------------------------------------------------------ */

bool scn_parse_clock(const char *text, double *seconds, char *err, size_t err_size) {
    char q[80];
    const char *p = quoted(text, q, sizeof q);
    int part[3] = {0, 0, 0};
    int nparts = 0;
    while (nparts < 3) {
        if (!isdigit((unsigned char)*p)) break;
        int v = 0, digits = 0;
        while (isdigit((unsigned char)*p) && digits < 3) {
            v = v * 10 + (*p - '0');
            p++;
            digits++;
        }
        if (nparts > 0 && digits != 2) break;
        part[nparts++] = v;
        if (*p != ':') break;
        p++;
    }
    p = skip_ws(p);
    if (nparts < 2 || *p != '\0') {
        snprintf(err, err_size, "expected a time of day like \"06:00\" or \"22:30\", got %s", q);
        return false;
    }
    if (part[0] > 24 || part[1] > 59 || part[2] > 59 || (part[0] == 24 && (part[1] || part[2]))) {
        snprintf(err, err_size, "%s is not a time of day (00:00 to 24:00)", q);
        return false;
    }
    *seconds = part[0] * SIM_HOUR + part[1] * SIM_MINUTE + part[2];
    return true;
}

static const char *const day_names[7] = {"monday", "tuesday", "wednesday", "thursday",
                                         "friday", "saturday", "sunday"};

bool scn_parse_weekday(const char *text, int *day) {
    if (!text) return false;
    const char *s = skip_ws(text);
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n < 2) return false;
    for (int d = 0; d < 7; d++)
        if (n <= strlen(day_names[d]) && strncasecmp(day_names[d], s, n) == 0) {
            *day = d;
            return true;
        }
    return false;
}

static bool weekday_n(const char *s, size_t n, int *day) {
    char buf[16];
    if (n == 0 || n >= sizeof buf) return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return scn_parse_weekday(buf, day);
}

bool scn_parse_weekdays(const char *text, unsigned *mask, char *err, size_t err_size) {
    char q[80];
    const char *s = quoted(text, q, sizeof q);
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if ((n == 5 && strncasecmp(s, "daily", 5) == 0) || (n == 3 && strncasecmp(s, "all", 3) == 0)) {
        *mask = 0x7f;
        return true;
    }
    if (n == 8 && strncasecmp(s, "weekdays", 8) == 0) {
        *mask = 0x1f;
        return true;
    }
    if (n == 7 && strncasecmp(s, "weekend", 7) == 0) {
        *mask = 0x60;
        return true;
    }
    const char *dash = memchr(s, '-', n);
    int a, b;
    if (dash) {
        const char *e1 = dash;
        while (e1 > s && isspace((unsigned char)e1[-1])) e1--;
        const char *s2 = dash + 1;
        while (s2 < s + n && isspace((unsigned char)*s2)) s2++;
        if (weekday_n(s, (size_t)(e1 - s), &a) && weekday_n(s2, (size_t)(s + n - s2), &b)) {
            unsigned m = 0;
            for (int d = a;; d = (d + 1) % 7) {
                m |= 1u << d;
                if (d == b) break;
            }
            *mask = m;
            return true;
        }
    } else if (weekday_n(s, n, &a)) {
        *mask = 1u << a;
        return true;
    }
    snprintf(err, err_size,
             "expected a weekday (mon, tue, wed, thu, fri, sat, sun) or a range like \"mon-fri\", got %s", q);
    return false;
}

bool scn_parse_time_of_week(const char *text, double *seconds, char *err, size_t err_size) {
    char q[80];
    const char *s = quoted(text, q, sizeof q);
    const char *e = s;
    while (isalpha((unsigned char)*e)) e++;
    int day;
    if (!weekday_n(s, (size_t)(e - s), &day)) {
        snprintf(err, err_size, "expected a time of the week like \"tue 06:00\", got %s", q);
        return false;
    }
    const char *rest = skip_ws(e);
    double t = 0;
    if (*rest) {
        char cerr[160];
        if (!scn_parse_clock(rest, &t, cerr, sizeof cerr)) {
            snprintf(err, err_size, "expected a time of the week like \"tue 06:00\", got %s", q);
            return false;
        }
    }
    *seconds = day * SIM_DAY + t;
    return true;
}

bool scn_parse_share(const char *text, double *share, char *err, size_t err_size) {
    char q[80];
    const char *s = quoted(text, q, sizeof q);
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    bool pct = false;
    if (n && s[n - 1] == '%') {
        pct = true;
        n--;
        while (n && isspace((unsigned char)s[n - 1])) n--;
    }
    double v;
    plain_status ps = parse_plain_n(s, n, &v);
    if (ps == PLAIN_TOO_LARGE || ps == PLAIN_NOT_FINITE) {
        snprintf(err, err_size, "%s is %s (a share is between 0 and 1)", q,
                 ps == PLAIN_TOO_LARGE ? "too large" : "not a finite number");
        return false;
    }
    if (ps != PLAIN_OK) {
        snprintf(err, err_size, "expected a share like 0.02 or \"2%%\", got %s", q);
        return false;
    }
    if (pct) v /= 100.0;
    if (v < 0 || v > 1) {
        snprintf(err, err_size, "a share must be between 0 and 1 (0%% and 100%%), got %s", q);
        return false;
    }
    *share = v;
    return true;
}

int scn_format_duration(double s, char *buf, size_t size) {
    if (!isfinite(s)) return snprintf(buf, size, "%g", s);
    if (s < 0) {
        char inner[64];
        scn_format_duration(-s, inner, sizeof inner);
        return snprintf(buf, size, "-%s", inner);
    }
    if (s < SIM_MINUTE) return snprintf(buf, size, "%.3gs", s);
    /* Beyond a million weeks, weeks and days say nothing: seconds, short. */
    if (s >= SIM_WEEK * 1e6) return snprintf(buf, size, "%.3gs", s);
    static const struct { const char *u; double s; } parts[] = {
        {"w", SIM_WEEK}, {"d", SIM_DAY}, {"h", SIM_HOUR}, {"min", SIM_MINUTE}, {"s", 1}};
    double r = floor(s + 0.5);
    /* Whole weeks read best as weeks; otherwise days, hours... */
    int first = fmod(r, SIM_WEEK) == 0 ? 0 : 1;
    int shown = 0;
    int len = 0;
    buf[0] = '\0';
    for (int i = first; i < 5 && shown < 2; i++) {
        double k = floor(r / parts[i].s);
        if (k >= 1) {
            int w = snprintf(buf + len, (size_t)len < size ? size - (size_t)len : 0, "%s%.0f%s",
                             shown ? " " : "", k, parts[i].u);
            if (w > 0) len += w;
            r -= k * parts[i].s;
            shown++;
        } else if (shown) {
            break;
        }
    }
    return len;
}

/* ---- hints --------------------------------------------------------------- */

int scn__edit_distance(const char *a, const char *b) {
    /* Optimal string alignment distance (a swap of two neighbours counts
     * once: "mtfb" is one step from "mtbf"), case-insensitive. */
    enum { MAXL = 64 };
    size_t n = strlen(a), m = strlen(b);
    if (n > MAXL) n = MAXL;
    if (m > MAXL) m = MAXL;
    static const int big = 1000;
    int d[MAXL + 1][MAXL + 1];
    for (size_t i = 0; i <= n; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            int cost = ca != cb;
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v < big ? v : big;
        }
    }
    return d[n][m];
}

int scn_closest(const char *word, const char *const *cands, size_t n) {
    if (!word || !*word) return -1;
    size_t wl = strlen(word);
    int best = -1, bestd = 1000;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i]) continue;
        int dist = scn__edit_distance(word, cands[i]);
        /* A word that is the start of a longer name ("cnc" for "cnc_op10")
         * is as good a guess as a one-letter typo. */
        if (wl >= 3 && strncasecmp(cands[i], word, wl) == 0 && dist > 1) dist = 1;
        if (dist < bestd) {
            bestd = dist;
            best = (int)i;
        }
    }
    int limit = wl <= 3 ? 1 : wl <= 6 ? 2 : 3;
    return bestd <= limit ? best : -1;
}

void scn__hint(const char *word, const char *const *cands, size_t n, char *buf, size_t size) {
    int i = scn_closest(word, cands, n);
    if (i >= 0 && strcasecmp(cands[i], word) != 0)
        snprintf(buf, size, " (did you mean '%s'?)", cands[i]);
    else if (i >= 0)
        snprintf(buf, size, " (names are case-sensitive: '%s')", cands[i]);
    else
        buf[0] = '\0';
}

/* ---- numbers of the tree --------------------------------------------------- */

const char *scn__not_finite(double v) {
    return isnan(v) ? "not a number" : "too large (not a finite number)";
}

bool scn__whole_number(const scn_node *n, long long *out, char *err, size_t err_size) {
    if (n->kind == SCN_INT) {
        *out = n->i;
        return true;
    }
    char got[80];
    scn__node_show(n, got, sizeof got);
    if (n->kind != SCN_FLOAT) {
        snprintf(err, err_size, "expected a whole number, got %s", got);
        return false;
    }
    if (!isfinite(n->f)) {
        snprintf(err, err_size, "%s", scn__not_finite(n->f));
        return false;
    }
    /* 2^53: beyond it a double holds no odd numbers, and no key wants it. */
    if (fabs(n->f) >= 9007199254740992.0) {
        snprintf(err, err_size, "%s is too large for a whole number", got);
        return false;
    }
    if (n->f != floor(n->f)) {
        snprintf(err, err_size, "expected a whole number, got %s", got);
        return false;
    }
    *out = (long long)n->f;
    return true;
}
