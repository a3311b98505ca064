/*
 * pln_read.c - a plan from CSV, checked against the model (pln_read.h).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_orders.h"
#include "mdl_routing.h"
#include "pln_read.h"

void pln_diags_fini(pln_diags *d) {
    free(d->text);
    memset(d, 0, sizeof *d);
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void diag(pln_diags *d, const char *name, long line, const char *fmt, ...) {
    if (d->count++ >= PLN_READ_MAX_DIAGS || d->oom) return;
    char msg[600];
    int k = snprintf(msg, sizeof msg, "%s:%ld: ", name, line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + (k > 0 && (size_t)k < sizeof msg ? k : 0), sizeof msg - (size_t)(k > 0 ? k : 0), fmt, ap);
    va_end(ap);
    size_t n = strlen(msg);
    if (d->len + n + 2 > d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        while (cap < d->len + n + 2) cap *= 2;
        char *t = realloc(d->text, cap);
        if (!t) {
            d->oom = true;
            return;
        }
        d->text = t;
        d->cap = cap;
    }
    memcpy(d->text + d->len, msg, n);
    d->len += n;
    d->text[d->len++] = '\n';
    d->text[d->len] = '\0';
}

/* ---- CSV fields ----------------------------------------------------------------- */

enum { COL_ORDER, COL_STEP, COL_STATION, COL_START, COL_END, COL_PRODUCT, COL_SERVER, NCOLS };
static const char *const col_names[NCOLS] = {"order", "step", "station", "start_s", "end_s", "product", "server"};
#define MAX_FIELDS 32
#define FIELD_MAX 256

typedef struct row {
    char f[MAX_FIELDS][FIELD_MAX];
    int n;
    bool open_quote; /* a quoted field not closed on its line */
} row;

/* Splits the line at *p (up to end) into r, moving *p past it; quoted
 * fields with "" for a quote. Long fields are cut (they name nothing). */
static void split_line(const char **p, const char *end, row *r) {
    const char *s = *p;
    r->n = 0;
    r->open_quote = false;
    for (;;) {
        char *out = r->n < MAX_FIELDS ? r->f[r->n] : NULL;
        size_t k = 0;
        bool quoted = s < end && *s == '"';
        if (quoted) s++;
        while (s < end) {
            char c = *s;
            if (quoted && c == '"') {
                if (s + 1 < end && s[1] == '"') {
                    s++;
                } else {
                    quoted = false;
                    s++;
                    continue;
                }
            } else if (c == '\n' || (!quoted && (c == ',' || c == '\r'))) {
                r->open_quote |= quoted; /* a field never spans lines here */
                break;
            }
            if (out && k + 1 < FIELD_MAX) out[k++] = c;
            s++;
        }
        if (out) out[k] = '\0';
        r->n++;
        if (s < end && *s == ',') {
            s++;
            continue;
        }
        break;
    }
    while (s < end && *s != '\n') s++;
    if (s < end) s++;
    if (r->n > MAX_FIELDS) r->n = MAX_FIELDS;
    *p = s;
}

static bool blank_line(const char *s, const char *end) {
    for (; s < end && *s != '\n'; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r') return false;
    return true;
}

/* ---- order ids ------------------------------------------------------------------- */

typedef struct order_key {
    const char *id;
    int index;
} order_key;

static int key_cmp(const void *a, const void *b) {
    return strcmp(((const order_key *)a)->id, ((const order_key *)b)->id);
}

static int find_order(const order_key *keys, int n, const char *id) {
    order_key k = {id, -1};
    const order_key *f = bsearch(&k, keys, (size_t)n, sizeof *keys, key_cmp);
    return f ? f->index : -1;
}

/* ---- reading --------------------------------------------------------------------- */

typedef struct reader {
    const mdl_model *m;
    const char *name;
    pln_diags *d;
    int col[NCOLS];
    order_key *keys;
    int *off;      /* per order: its first operation slot */
    long *line_of; /* per operation slot: the line planning it (0: none) */
    int *vs;       /* scratch: an order's variant's steps (mdl_model_variant_steps) */
    int vs_cap;
    mdl_plan_op *ops;
    size_t n, cap;
    long last_line;
} reader;

/* The route steps order o's variant visits, into R->vs: how many. */
static int variant_steps(reader *R, int o) {
    const mdl_model *m = R->m;
    int n = mdl_model_variant_steps(m, mdl_model_order_product(m, o), mdl_model_order_variant(m, o), R->vs, R->vs_cap);
    return n < 0 ? 0 : n > R->vs_cap ? R->vs_cap : n;
}

static bool on_variant_route(reader *R, int o, int step) {
    int n = variant_steps(R, o);
    for (int i = 0; i < n; i++)
        if (R->vs[i] == step) return true;
    return false;
}

static bool number(const char *s, double *v) {
    char *e;
    errno = 0;
    *v = strtod(s, &e);
    return *s && *e == '\0' && errno == 0 && isfinite(*v);
}

static bool header(reader *R, const row *h, long line) {
    for (int c = 0; c < NCOLS; c++) {
        R->col[c] = -1;
        for (int i = 0; i < h->n; i++)
            if (strcmp(h->f[i], col_names[c]) == 0) R->col[c] = i;
        if (R->col[c] < 0 && c != COL_PRODUCT && c != COL_SERVER)
            diag(R->d, R->name, line, "header: no column '%.60s' (needs order, step, station, start_s, end_s)",
                 col_names[c]);
    }
    return R->d->count == 0;
}

static const char *field(const reader *R, const row *r, int c) {
    return R->col[c] >= 0 && R->col[c] < r->n ? r->f[R->col[c]] : "";
}

/* The order, step and station of a row; false after a message. */
static bool row_where(reader *R, const row *r, long line, int *o, int *step, int *st) {
    const mdl_model *m = R->m;
    const char *oid = field(R, r, COL_ORDER), *sid = field(R, r, COL_STATION), *ss = field(R, r, COL_STEP);
    bool ok = true;
    *o = find_order(R->keys, mdl_model_order_count(m), oid);
    if (*o < 0) ok = false, diag(R->d, R->name, line, "order '%.60s': no such order in the scene", oid);
    *st = mdl_model_find_station(m, sid);
    if (*st < 0) ok = false, diag(R->d, R->name, line, "station '%.60s': no such station in the scene", sid);
    double sv;
    if (!number(ss, &sv) || sv != floor(sv) || sv < 1 || sv > 1e6) {
        diag(R->d, R->name, line, "step '%.60s': not a step number (1, 2, ...)", ss);
        return false;
    }
    *step = (int)sv - 1;
    if (!ok) return false;
    int p = mdl_model_order_product(m, *o);
    const char *pid = field(R, r, COL_PRODUCT);
    if (R->col[COL_PRODUCT] >= 0 && strcmp(pid, mdl_model_product_id(m, p)) != 0) {
        diag(R->d, R->name, line, "order '%.60s': product '%.60s', but the order is of '%.60s'", oid, pid,
             mdl_model_product_id(m, p));
        return false;
    }
    int len = mdl_model_route_length(m, p);
    if (*step >= len) {
        diag(R->d, R->name, line, "order '%.60s' step %d: the route of '%.60s' has %d step%s", oid, *step + 1,
             mdl_model_product_id(m, p), len, len == 1 ? "" : "s");
        return false;
    }
    if (!mdl_model_step_allows(m, p, *step, *st)) { /* the route's station, an alternative or a branch */
        int want = mdl_model_route_station(m, p, *step);
        diag(R->d, R->name, line, "order '%.60s' step %d: at station '%.60s', but the route of '%.60s' has '%.60s'%s there",
             oid, *step + 1, sid, mdl_model_product_id(m, p), mdl_model_station(m, want)->id,
             mdl_model_step_station_count(m, p, *step) > 1 ? " (or its alternatives)" : "");
        return false;
    }
    return true;
}

/* The 0-based server of a row (-1: no server column); false after a message. */
static bool row_server(reader *R, const row *r, long line, int st, int *server) {
    *server = -1;
    if (R->col[COL_SERVER] < 0) return true;
    const char *s = field(R, r, COL_SERVER);
    double v;
    if (!number(s, &v) || v != floor(v) || v < 1 || v > 1e6) {
        diag(R->d, R->name, line, "server '%.60s': not a server number (1, 2, ...)", s);
        return false;
    }
    int n = mdl_model_station(R->m, st)->servers;
    if (v > n) {
        diag(R->d, R->name, line, "server %d: station '%.60s' has %d server%s", (int)v, mdl_model_station(R->m, st)->id,
             n, n == 1 ? "" : "s");
        return false;
    }
    *server = (int)v - 1;
    return true;
}

static void read_row(reader *R, const row *r, long line) {
    if (r->open_quote) {
        diag(R->d, R->name, line, "a quoted field is not closed on its line");
        return;
    }
    int o, step = -1, st, server = -1;
    bool where = row_where(R, r, line, &o, &step, &st);
    if (where && !row_server(R, r, line, st, &server)) where = false;
    double a, b;
    const char *sa = field(R, r, COL_START), *sb = field(R, r, COL_END);
    bool times = true;
    if (!number(sa, &a) || a < 0) times = false, diag(R->d, R->name, line, "start_s '%.60s': not a time >= 0", sa);
    if (!number(sb, &b) || b < 0) times = false, diag(R->d, R->name, line, "end_s '%.60s': not a time >= 0", sb);
    if (times && b < a) times = false, diag(R->d, R->name, line, "end_s %s: before start_s %s", sb, sa);
    if (where && !on_variant_route(R, o, step)) {
        diag(R->d, R->name, line, "order '%.60s' step %d: not on the route of its variant (its options skip the step)",
             mdl_model_order_id(R->m, o), step + 1);
        where = false;
    }
    if (!where) return;
    long *first = &R->line_of[R->off[o] + step];
    if (*first) {
        diag(R->d, R->name, line, "order '%.60s' step %d: planned twice (first on line %ld)", mdl_model_order_id(R->m, o),
             step + 1, *first);
        return;
    }
    *first = line;
    if (!times || R->d->count) return;
    if (R->n == R->cap) {
        size_t cap = R->cap ? R->cap * 2 : 256;
        mdl_plan_op *t = realloc(R->ops, cap * sizeof *t);
        if (!t) {
            R->d->oom = true;
            R->d->count++;
            return;
        }
        R->ops = t;
        R->cap = cap;
    }
    R->ops[R->n++] = (mdl_plan_op){o, step, st, server, a, b};
}

/* Every step of every order planned, each step no earlier than the step
 * before it (start and end). */
static void check_complete(reader *R) {
    const mdl_model *m = R->m;
    int no = mdl_model_order_count(m);
    double *start = NULL, *end = NULL;
    if (R->d->count == 0) { /* times by slot, to compare consecutive steps */
        size_t total = (size_t)R->off[no] + 1;
        start = malloc(total * sizeof *start);
        end = malloc(total * sizeof *end);
        if (start && end)
            for (size_t i = 0; i < R->n; i++) {
                size_t k = (size_t)R->off[R->ops[i].order] + (size_t)R->ops[i].step;
                start[k] = R->ops[i].start;
                end[k] = R->ops[i].end;
            }
    }
    for (int o = 0; o < no; o++) { /* the steps of its variant (slots of the others stay empty) */
        const char *oid = mdl_model_order_id(m, o);
        int len = variant_steps(R, o), missing = 0;
        for (int i = 0; i < len; i++) missing += R->line_of[R->off[o] + R->vs[i]] == 0;
        if (missing == len) {
            diag(R->d, R->name, R->last_line, "order '%.60s': not in the plan (every order of the scene is planned)", oid);
            continue;
        }
        for (int i = 0; i < len; i++)
            if (R->line_of[R->off[o] + R->vs[i]] == 0)
                diag(R->d, R->name, R->last_line, "order '%.60s' step %d: not in the plan", oid, R->vs[i] + 1);
        if (missing || !start || !end) continue;
        for (int i = 1; i < len; i++) {
            int a = R->off[o] + R->vs[i - 1], b = R->off[o] + R->vs[i];
            if (start[b] < start[a] || end[b] < end[a])
                diag(R->d, R->name, R->line_of[b],
                     "order '%.60s' step %d: planned before step %d (line %ld): the plan contradicts the route", oid,
                     R->vs[i] + 1, R->vs[i - 1] + 1, R->line_of[a]);
        }
    }
    free(start);
    free(end);
}

static bool reader_init(reader *R) {
    const mdl_model *m = R->m;
    int no = mdl_model_order_count(m);
    R->keys = malloc(((size_t)no + 1) * sizeof *R->keys);
    R->off = malloc(((size_t)no + 1) * sizeof *R->off);
    if (!R->keys || !R->off) return false;
    R->off[0] = 0;
    for (int o = 0; o < no; o++) {
        R->keys[o] = (order_key){mdl_model_order_id(m, o), o};
        int len = mdl_model_route_length(m, mdl_model_order_product(m, o));
        R->off[o + 1] = R->off[o] + len;
        if (len > R->vs_cap) R->vs_cap = len;
    }
    R->vs = malloc(((size_t)R->vs_cap + 1) * sizeof *R->vs);
    if (!R->vs) return false;
    qsort(R->keys, (size_t)no, sizeof *R->keys, key_cmp);
    R->line_of = calloc((size_t)R->off[no] + 1, sizeof *R->line_of);
    return R->line_of != NULL;
}

bool pln_read_csv(const mdl_model *m, const char *name, const char *text, size_t len, mdl_plan_op **ops,
                  size_t *n, pln_diags *d) {
    memset(d, 0, sizeof *d);
    *ops = NULL;
    *n = 0;
    reader R = {.m = m, .name = name, .d = d};
    row *r = malloc(sizeof *r);
    if (!r || !reader_init(&R)) {
        diag(d, name, 0, "out of memory");
        d->oom = true;
    }
    const char *p = text, *end = text + len;
    long line = 0;
    bool have_header = false, header_ok = false;
    while (!d->oom && p < end) {
        line++;
        if (blank_line(p, end)) {
            while (p < end && *p++ != '\n') {}
            continue;
        }
        split_line(&p, end, r);
        R.last_line = line;
        if (!have_header) {
            have_header = true;
            header_ok = header(&R, r, line);
            if (!header_ok) break;
            continue;
        }
        read_row(&R, r, line);
    }
    if (!have_header && !d->oom) diag(d, name, line ? line : 1, "empty: no header line");
    else if (header_ok && !d->oom) check_complete(&R);
    if (d->count > PLN_READ_MAX_DIAGS) { /* written past the cap: a count of the rest */
        int total = d->count, more = total - PLN_READ_MAX_DIAGS;
        d->count = 0;
        diag(d, name, R.last_line, "... and %d more problem%s", more, more == 1 ? "" : "s");
        d->count = total;
    }
    free(r);
    free(R.keys);
    free(R.off);
    free(R.vs);
    free(R.line_of);
    if (d->count) {
        free(R.ops);
        return false;
    }
    *ops = R.ops;
    *n = R.n;
    return true;
}
