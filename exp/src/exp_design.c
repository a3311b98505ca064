/*
 * exp_design.c - factors (PATH=VALUES) and designs (grid, oat, lhs:N).
 */
#include "exp_design.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_scene.h"
#include "sim_rng.h"

bool exp_design_parse_kind(const char *text, exp_design_kind *kind, int *lhs_points, char *err, size_t err_size) {
    *lhs_points = 0;
    if (strcmp(text, "grid") == 0) {
        *kind = EXP_DESIGN_GRID;
        return true;
    }
    if (strcmp(text, "oat") == 0) {
        *kind = EXP_DESIGN_OAT;
        return true;
    }
    if (strncmp(text, "lhs:", 4) == 0) {
        const char *p = text + 4;
        long n = 0;
        bool ok = *p != '\0';
        for (; *p && ok; p++) {
            if (*p < '0' || *p > '9' || n > EXP_MAX_SCENARIOS) ok = false;
            else n = n * 10 + (*p - '0');
        }
        if (ok && n >= 1 && n <= EXP_MAX_SCENARIOS) {
            *kind = EXP_DESIGN_LHS;
            *lhs_points = (int)n;
            return true;
        }
        snprintf(err, err_size, "expected lhs:N with N from 1 to %d points, got \"%s\"", EXP_MAX_SCENARIOS, text);
        return false;
    }
    snprintf(err, err_size, "expected grid, oat or lhs:N, got \"%s\"", text);
    return false;
}

void exp_design_init(exp_design *d, exp_design_kind kind, int lhs_points) {
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->lhs_points = lhs_points;
}

static void factor_fini(exp_factor *f) {
    for (int i = 0; i < f->nlevels; i++) free(f->levels[i]);
    free(f->levels);
    free(f->path);
    memset(f, 0, sizeof *f);
}

void exp_design_fini(exp_design *d) {
    for (int i = 0; i < d->nfactors; i++) factor_fini(&d->factors[i]);
    free(d->level);
    memset(d, 0, sizeof *d);
}

bool exp_split_list(const char *text, exp_item_fn *fn, void *ctx) {
    int depth = 0;
    bool quoted = false;
    const char *start = text;
    for (const char *p = text;; p++) {
        char c = *p;
        if (quoted) {
            if (c == '\\' && p[1]) p++;
            else if (c == '"') quoted = false;
            else if (c == '\0') return false;
            continue;
        }
        if (c == '"') quoted = true;
        else if (c == '(' || c == '[' || c == '{') depth++;
        else if (c == ')' || c == ']' || c == '}') {
            if (--depth < 0) return false;
        } else if ((c == ',' && depth == 0) || c == '\0') {
            if (c == '\0' && depth != 0) return false;
            size_t len = (size_t)(p - start);
            if (len == 0 || !fn(ctx, start, len)) return false;
            if (c == '\0') return true;
            start = p + 1;
        }
    }
}

/* ---- adding values ------------------------------------------------------- */

typedef struct adder {
    exp_factor *f;
    char *err;
    size_t err_size;
    bool failed;   /* err holds the reason */
} adder;

static bool add_level(adder *a, const char *start, size_t len) {
    exp_factor *f = a->f;
    if (f->nlevels >= EXP_MAX_LEVELS) {
        snprintf(a->err, a->err_size, "more than %d values", EXP_MAX_LEVELS);
        a->failed = true;
        return false;
    }
    for (int i = 0; i < f->nlevels; i++)
        if (strlen(f->levels[i]) == len && memcmp(f->levels[i], start, len) == 0) {
            snprintf(a->err, a->err_size, "the value \"%.*s\" is listed twice", (int)(len > 60 ? 60 : len), start);
            a->failed = true;
            return false;
        }
    char **grown = realloc(f->levels, (size_t)(f->nlevels + 1) * sizeof *grown);
    char *copy = malloc(len + 1);
    if (grown) f->levels = grown;
    if (!grown || !copy) {
        free(copy);
        snprintf(a->err, a->err_size, "out of memory");
        a->failed = true;
        return false;
    }
    memcpy(copy, start, len);
    copy[len] = '\0';
    f->levels[f->nlevels++] = copy;
    return true;
}

static bool add_item(void *ctx, const char *start, size_t len) {
    adder *a = ctx;
    for (size_t i = 0; i < len; i++)
        if (!isspace((unsigned char)start[i])) return add_level(a, start, len);
    return false;   /* blank: reported as an empty value */
}

/* The len characters at s as a string in buf; false when empty or too long. */
static bool slice(char *buf, size_t size, const char *s, size_t len) {
    if (len == 0 || len >= size) return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return true;
}

/* A plain whole number: digits, an optional leading '-'. */
static bool parse_int(const char *s, size_t len, long long *out) {
    if (len == 0 || len > 18) return false;
    size_t i = s[0] == '-' ? 1 : 0;
    if (i == len) return false;
    long long v = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = s[0] == '-' ? -v : v;
    return true;
}

/* A plain number ("0.5", "-2", "1e3"). */
static bool parse_number(const char *s, size_t len, double *out) {
    char buf[64];
    if (!slice(buf, sizeof buf, s, len)) return false;
    if (!(isdigit((unsigned char)buf[0]) || buf[0] == '-' || buf[0] == '.')) return false;
    for (size_t i = 0; i < len; i++)
        if (buf[i] == 'x' || buf[i] == 'X' || buf[i] == 'n' || buf[i] == 'N' || buf[i] == 'i' || buf[i] == 'I')
            return false;
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || errno || !isfinite(v)) return false;
    *out = v;
    return true;
}

/* A duration ("10min", "1.5h"); its unit suffix in unit (empty: seconds). */
static bool parse_dur(const char *s, size_t len, double *out, char *unit, size_t unit_size, double *unit_s) {
    char buf[64], e[200];
    if (!slice(buf, sizeof buf, s, len)) return false;
    if (!scn_parse_duration(buf, out, e, sizeof e) || !isfinite(*out)) return false;
    size_t k = len;
    while (k > 0 && isalpha((unsigned char)buf[k - 1])) k--;
    size_t ul = len - k;
    if (ul >= unit_size) ul = 0;   /* no unit this long: seconds */
    memcpy(unit, buf + k, ul);
    unit[ul] = '\0';
    *unit_s = 1.0;
    if (*unit) {
        char one[40];
        snprintf(one, sizeof one, "1%.30s", unit);
        if (!scn_parse_duration(one, unit_s, e, sizeof e) || !(*unit_s > 0)) {
            *unit = '\0';
            *unit_s = 1.0;
        }
    }
    return true;
}

static bool add_text(adder *a, const char *text) { return add_level(a, text, strlen(text)); }

/* "A..B" (whole numbers, step 1) or "A..B:N" (N evenly spaced points). */
static bool add_range(adder *a, const char *values, const char *dots) {
    const char *from = values, *to = dots + 2;
    size_t from_len = (size_t)(dots - values);
    const char *colon = strrchr(to, ':');
    size_t to_len = colon ? (size_t)(colon - to) : strlen(to);
    long long points = -1;
    if (colon && (!parse_int(colon + 1, strlen(colon + 1), &points) || points < 1 || points > EXP_MAX_LEVELS)) {
        snprintf(a->err, a->err_size, "range %s: expected :N with N from 1 to %d points after the range", values,
                 EXP_MAX_LEVELS);
        return false;
    }
    long long ia, ib;
    if (parse_int(from, from_len, &ia) && parse_int(to, to_len, &ib)) {
        if (ia > ib) {
            snprintf(a->err, a->err_size, "range %s is empty (%lld > %lld)", values, ia, ib);
            return false;
        }
        if (points < 0) {
            if (ib - ia + 1 > EXP_MAX_LEVELS) {
                snprintf(a->err, a->err_size, "range %s has more than %d values", values, EXP_MAX_LEVELS);
                return false;
            }
            char buf[32];
            for (long long v = ia; v <= ib; v++) {
                snprintf(buf, sizeof buf, "%lld", v);
                if (!add_text(a, buf)) return false;
            }
            return true;
        }
    }
    if (points < 0) {
        snprintf(a->err, a->err_size, "range %s: a range of numbers that are not whole or of durations needs a "
                 "number of points, like 0.1..0.5:5 or 10min..30min:5", values);
        return false;
    }
    double va, vb, unit_s = 1.0;
    char unit[16] = "";
    bool numbers = parse_number(from, from_len, &va) && parse_number(to, to_len, &vb);
    if (!numbers) {
        char unit_b[16];
        double unit_b_s;
        if (!parse_dur(from, from_len, &va, unit, sizeof unit, &unit_s) ||
            !parse_dur(to, to_len, &vb, unit_b, sizeof unit_b, &unit_b_s)) {
            snprintf(a->err, a->err_size, "range %s: expected numbers or durations at both ends", values);
            return false;
        }
    }
    if (va > vb) {
        snprintf(a->err, a->err_size, "range %s is empty (its start is past its end)", values);
        return false;
    }
    if (points == 1 && va != vb) {
        snprintf(a->err, a->err_size, "range %s: one point cannot span a range; give at least 2", values);
        return false;
    }
    for (long long i = 0; i < points; i++) {
        double v = points == 1 ? va : va + (vb - va) * (double)i / (double)(points - 1);
        if (i == points - 1) v = vb;
        char buf[48];
        snprintf(buf, sizeof buf, "%.12g%s", v / unit_s, unit);
        if (!add_text(a, buf)) return false;
    }
    return true;
}

/* ".." at the top level (outside brackets and quotes), or NULL. */
static const char *find_dots(const char *s) {
    int depth = 0;
    bool quoted = false;
    for (const char *p = s; *p; p++) {
        if (quoted) {
            if (*p == '\\' && p[1]) p++;
            else if (*p == '"') quoted = false;
        } else if (*p == '"') quoted = true;
        else if (*p == '(' || *p == '[' || *p == '{') depth++;
        else if (*p == ')' || *p == ']' || *p == '}') depth--;
        else if (depth == 0 && p[0] == '.' && p[1] == '.') return p;
    }
    return NULL;
}

bool exp_design_add_factor(exp_design *d, const char *arg, char *err, size_t err_size) {
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg) {
        snprintf(err, err_size, "expected PATH=VALUES, like fleets.agv.count=2,3,4 or stations.wash.buffer=8..16");
        return false;
    }
    if (d->nfactors >= EXP_MAX_FACTORS) {
        snprintf(err, err_size, "at most %d factors (--vary) in one sweep", EXP_MAX_FACTORS);
        return false;
    }
    size_t plen = (size_t)(eq - arg);
    for (int i = 0; i < d->nfactors; i++)
        if (strlen(d->factors[i].path) == plen && memcmp(d->factors[i].path, arg, plen) == 0) {
            snprintf(err, err_size, "the path %.*s is varied twice (give all its values in one --vary)",
                     (int)plen, arg);
            return false;
        }
    const char *values = eq + 1;
    if (!*values) {
        snprintf(err, err_size, "no values after '=' (a list 2,3,4, a range 2..6 or 10min..30min:5)");
        return false;
    }
    exp_factor *f = &d->factors[d->nfactors];
    memset(f, 0, sizeof *f);
    f->path = malloc(plen + 1);
    if (!f->path) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    memcpy(f->path, arg, plen);
    f->path[plen] = '\0';
    adder a = {f, err, err_size, false};
    const char *dots = find_dots(values);
    bool ok;
    if (dots && !strchr(values, ',')) {
        ok = add_range(&a, values, dots);
    } else {
        ok = exp_split_list(values, add_item, &a);
        if (!ok && !a.failed)
            snprintf(err, err_size, "the list \"%s\" has an empty value or unbalanced brackets", values);
    }
    if (!ok) {
        factor_fini(f);
        return false;
    }
    d->nfactors++;
    return true;
}

/* ---- designs --------------------------------------------------------------- */

static bool same_row(const int *a, const int *b, int n) {
    for (int i = 0; i < n; i++)
        if (a[i] != b[i]) return false;
    return true;
}

bool exp_design_build(exp_design *d, uint64_t seed, char *err, size_t err_size) {
    int nf = d->nfactors;
    free(d->level);
    d->level = NULL;
    d->nscenarios = 0;
    long long n = 1;
    if (nf == 0) {
        n = 1;
    } else if (d->kind == EXP_DESIGN_GRID) {
        for (int f = 0; f < nf; f++) {
            n *= d->factors[f].nlevels;
            if (n > EXP_MAX_SCENARIOS) {
                snprintf(err, err_size, "the grid has more than %d scenarios; use --design lhs:N or oat",
                         EXP_MAX_SCENARIOS);
                return false;
            }
        }
    } else if (d->kind == EXP_DESIGN_OAT) {
        for (int f = 0; f < nf; f++) n += d->factors[f].nlevels - 1;
    } else {
        n = d->lhs_points;
    }
    d->level = calloc((size_t)n * (size_t)(nf > 0 ? nf : 1), sizeof *d->level);
    if (!d->level) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    if (nf == 0) {
        d->nscenarios = 1;
        return true;
    }
    if (d->kind == EXP_DESIGN_GRID) {
        for (long long s = 0; s < n; s++) {
            long long rest = s;
            for (int f = nf - 1; f >= 0; f--) {
                d->level[s * nf + f] = (int)(rest % d->factors[f].nlevels);
                rest /= d->factors[f].nlevels;
            }
        }
        d->nscenarios = (int)n;
        return true;
    }
    if (d->kind == EXP_DESIGN_OAT) {
        int s = 1;   /* scenario 0: every factor at its first value */
        for (int f = 0; f < nf; f++)
            for (int l = 1; l < d->factors[f].nlevels; l++, s++) d->level[s * nf + f] = l;
        d->nscenarios = s;
        return true;
    }
    /* Latin hypercube: factor f's strata 0..N-1 in a random order (a
     * Fisher-Yates shuffle from the seed, one stream per factor); stratum
     * k maps to level floor((k + 0.5) * L / N). */
    int *perm = malloc((size_t)n * sizeof *perm);
    if (!perm) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    for (int f = 0; f < nf; f++) {
        sim_rng rng;
        sim_rng_seed(&rng, seed, sim_rng_stream_id("sweep.lhs", (uint64_t)f));
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = (int)n - 1; i > 0; i--) {
            int j = (int)sim_rng_below(&rng, (uint64_t)i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int L = d->factors[f].nlevels;
        for (int i = 0; i < n; i++) d->level[i * nf + f] = (int)(((double)perm[i] + 0.5) * L / (double)n);
    }
    free(perm);
    int kept = 0;   /* a repeated combination is run once */
    for (int i = 0; i < n; i++) {
        bool dup = false;
        for (int j = 0; j < kept && !dup; j++) dup = same_row(&d->level[j * nf], &d->level[i * nf], nf);
        if (dup) continue;
        if (kept != i) memmove(&d->level[kept * nf], &d->level[i * nf], (size_t)nf * sizeof *d->level);
        kept++;
    }
    d->nscenarios = kept;
    return true;
}

int exp_design_level(const exp_design *d, int s, int f) { return d->level[s * d->nfactors + f]; }

const char *exp_design_value(const exp_design *d, int s, int f) {
    return d->factors[f].levels[exp_design_level(d, s, f)];
}
