/*
 * scn_build_release.c - how work enters the line: push sources, CONWIP loops,
 * unlimited sources and orders, written in the scene or in an order file (CSV).
 * Part of the scene builder (scn_build_internal.h).
 */
#include "scn_build_internal.h"
#include "mdl_routing.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ORDERS 1000000

typedef struct order_seen {
    const char *id;     /* NULL: free slot */
    const char *file;
    int line;
} order_seen;

static bool node_duration(bctx *b, const scn_node *n, const char *subject, const char *key,
                          double *out) {
    return checked(b, scn__read_duration(b->env, n, subject, key, out));
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

/* ---- release ----------------------------------------------------------------- */

static int resolve_product(bctx *b, const scn_node *n, const char *subject, const char *key, bool *known) {
    *known = false;
    if (!want_kind(b, n, SCN_STRING, subject, key, "\"housing\"")) return -1;
    int p = find_product(b, n->s);
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
        order_seen *t = scn__mem(b->a, NULL, cap * sizeof *t);
        if (!t) return true;    /* out of memory (the load fails): the check is skipped */
        memset(t, 0, cap * sizeof *t);
        for (size_t i = 0; i < b->cap_orders_seen; i++) {
            if (!b->orders_seen[i].id) continue;
            size_t k = hash_id(b->orders_seen[i].id) & (cap - 1);
            while (t[k].id) k = (k + 1) & (cap - 1);
            t[k] = b->orders_seen[i];
        }
        scn__mem(b->a, b->orders_seen, 0);
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
                      long long qty, double release, double due, long variant) {
    if (product < 0 || b->failed) return;
    int oi = mdl_model_add_order(b->m, id, product, (long)qty, release, due);
    if (oi < 0 || (variant > 0 && !mdl_model_set_order_variant(b->m, oi, variant))) model_problem(b, at, subj);
}

/* One entry g (number i) of an order list written in the scene. */
static void build_order(bctx *b, const scn_node *g, size_t i) {
    const char *id = NULL;
    const char *subj = subject_of(b, "order", NULL, i);
    const scn_node *idn = member(g, "id");
    if (idn && scn__check_id(b, idn, subj)) {
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
    long variant = 0; /* a family's variant (scn_family.c) */
    const scn_node *on = scn__key_node(&r, "options");
    if (known && !scn__order_variant(b, on ? on : g, subj, product, on, on && on->kind == SCN_STRING ? on->s : NULL,
                                     &variant))
        ok = false;
    if (r.failed) b->failed = true;
    if (ok && !r.failed) add_order(b, g, subj, id, product, qty, rel, due, variant);
}

static void build_inline_orders(bctx *b, const scn_node *ol) {
    if (!scn__want_list_of_groups(b, ol, "orders", "( { id = \"A-1001\"; product = \"housing\"; quantity = 20; "
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
enum { C_ID, C_PRODUCT, C_QTY, C_RELEASE, C_DUE, C_OPTIONS, C_N };

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
    long variant = 0; /* a family's variant (scn_family.c) */
    if (known && !scn__order_variant(b, at_line, osubj, product, NULL, cell[C_OPTIONS], &variant)) ok = false;
    if (ok) add_order(b, at_line, osubj, id, product, qty, rel, due, variant);
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
    int colidx[C_N] = {-1, -1, -1, -1, -1, -1};
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
        const char *cell[C_N] = {NULL};
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

/* What is said when the scene's `release` is missing, not a list, or empty. */
static const scn_required release_list = {"say how work enters the line",
                                          "( { product = \"housing\"; interarrival = \"exp(4min)\"; } )",
                                          "nothing would ever enter the line", " or conwip = 20"};

void scn__build_release(bctx *b, const scn_node *rl) {
    if (!scn__required_list(b, rl, "release", &release_list)) return;
    for (size_t i = 0; i < rl->nkids; i++) build_release_entry(b, rl->kids[i], i);
}
