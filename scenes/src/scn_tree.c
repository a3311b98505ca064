/*
 * scn_tree.c - the loader's tree: arena, nodes, layering of included
 * scenes, and --set overrides.
 */
#include "scn_internal.h"
#include "scn_scene.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- arena ------------------------------------------------------------ */

struct scn_chunk {
    scn_chunk *next;
    size_t used, size;
    max_align_t data[];
};

#define SCN_CHUNK_SIZE ((size_t)64 * 1024)

void scn__arena_init(scn_arena *a, sim_alloc_fn *fn, void *ctx) {
    a->head = NULL;
    a->failed = false;
    a->alloc = fn;
    a->alloc_ctx = ctx;
}

void *scn__mem(scn_arena *a, void *p, size_t size) {
    if (a && a->alloc) {
        void *q = a->alloc(a->alloc_ctx, p, size);
        if (!q && size) a->failed = true;
        return q;
    }
    if (size == 0) {
        free(p);
        return NULL;
    }
    void *q = realloc(p, size);
    if (!q && a) a->failed = true;
    return q;
}

void scn__arena_fini(scn_arena *a) {
    scn_chunk *c = a->head;
    while (c) {
        scn_chunk *next = c->next;
        scn__mem(a, c, 0);
        c = next;
    }
    a->head = NULL;
}

void *scn__alloc(scn_arena *a, size_t n) {
    const size_t align = sizeof(max_align_t);
    if (n == 0) n = 1;
    if (n > SIZE_MAX / 2) {
        a->failed = true;
        return NULL;
    }
    n = (n + align - 1) / align * align;
    scn_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > SCN_CHUNK_SIZE ? n : SCN_CHUNK_SIZE;
        c = scn__mem(a, NULL, sizeof(scn_chunk) + size);
        if (!c) {
            a->failed = true;
            return NULL;
        }
        c->used = 0;
        c->size = size;
        /* A big one-off block goes behind the current chunk so that the
         * current chunk's free space stays in use. */
        if (a->head && n > SCN_CHUNK_SIZE) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *scn__strndup(scn_arena *a, const char *s, size_t n) {
    char *p = scn__alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *scn__strdup(scn_arena *a, const char *s) {
    return s ? scn__strndup(a, s, strlen(s)) : NULL;
}

char *scn__printf(scn_arena *a, const char *fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return scn__strdup(a, buf);
}

/* ---- nodes ------------------------------------------------------------ */

scn_node *scn__node_new(scn_arena *a, scn_kind kind, const char *name, const char *file,
                        int line) {
    scn_node *n = scn__alloc(a, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->name = name;
    n->file = file;
    n->line = line;
    return n;
}

bool scn__node_insert(scn_arena *a, scn_node *parent, size_t at, scn_node *kid) {
    if (!parent || !kid) return false;
    if (parent->nkids == parent->capkids) {
        size_t cap = parent->capkids ? 2 * parent->capkids : 4;
        scn_node **k = scn__alloc(a, cap * sizeof(*k));
        if (!k) return false;
        if (parent->nkids) memcpy(k, parent->kids, parent->nkids * sizeof(*k));
        parent->kids = k;
        parent->capkids = cap;
    }
    if (at > parent->nkids) at = parent->nkids;
    memmove(parent->kids + at + 1, parent->kids + at, (parent->nkids - at) * sizeof(*parent->kids));
    parent->kids[at] = kid;
    parent->nkids++;
    return true;
}

bool scn__node_append(scn_arena *a, scn_node *parent, scn_node *kid) {
    return scn__node_insert(a, parent, parent ? parent->nkids : 0, kid);
}

void scn__node_remove(scn_node *parent, size_t at) {
    if (at >= parent->nkids) return;
    memmove(parent->kids + at, parent->kids + at + 1,
            (parent->nkids - at - 1) * sizeof(*parent->kids));
    parent->nkids--;
}

scn_node *scn__node_member(const scn_node *g, const char *name) {
    if (!g || g->kind != SCN_GROUP) return NULL;
    for (size_t i = 0; i < g->nkids; i++)
        if (g->kids[i]->name && strcmp(g->kids[i]->name, name) == 0) return g->kids[i];
    return NULL;
}

/* ---- index ------------------------------------------------------------ */

static size_t hash_name(const char *s) {
    /* FNV-1a, 64 bits. */
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)h;
}

static bool index_store(scn_index *ix, const char *key, size_t val, bool replace);

bool scn__index_put(scn_index *ix, const char *key, size_t val) { return index_store(ix, key, val, false); }

bool scn__index_set(scn_index *ix, const char *key, size_t val) { return index_store(ix, key, val, true); }

static bool index_store(scn_index *ix, const char *key, size_t val, bool replace) {
    if (!key) return true;
    if (2 * (ix->n + 1) > ix->cap) {
        size_t cap = ix->cap ? 2 * ix->cap : 64;
        const char **keys = scn__mem(ix->a, NULL, cap * sizeof(*keys));
        size_t *vals = keys ? scn__mem(ix->a, NULL, cap * sizeof(*vals)) : NULL;
        if (!keys || !vals) {
            scn__mem(ix->a, keys, 0);
            return false;
        }
        memset(keys, 0, cap * sizeof(*keys));
        for (size_t i = 0; i < ix->cap; i++) {
            if (!ix->key[i]) continue;
            size_t h = hash_name(ix->key[i]) & (cap - 1);
            while (keys[h]) h = (h + 1) & (cap - 1);
            keys[h] = ix->key[i];
            vals[h] = ix->val[i];
        }
        scn__mem(ix->a, ix->key, 0);
        scn__mem(ix->a, ix->val, 0);
        ix->key = keys;
        ix->val = vals;
        ix->cap = cap;
    }
    size_t h = hash_name(key) & (ix->cap - 1);
    while (ix->key[h]) {
        if (strcmp(ix->key[h], key) == 0) {
            if (replace) ix->val[h] = val;
            return true;
        }
        h = (h + 1) & (ix->cap - 1);
    }
    ix->key[h] = key;
    ix->val[h] = val;
    ix->n++;
    return true;
}

bool scn__index_get(const scn_index *ix, const char *key, size_t *val) {
    if (!key || ix->cap == 0) return false;
    size_t h = hash_name(key) & (ix->cap - 1);
    while (ix->key[h]) {
        if (strcmp(ix->key[h], key) == 0) {
            *val = ix->val[h];
            return true;
        }
        h = (h + 1) & (ix->cap - 1);
    }
    return false;
}

void scn__index_fini(scn_index *ix) {
    scn__mem(ix->a, ix->key, 0);
    scn__mem(ix->a, ix->val, 0);
    memset(ix, 0, sizeof *ix);
}

const char *scn__node_id(const scn_node *n) {
    const scn_node *id = scn__node_member(n, "id");
    return id && id->kind == SCN_STRING ? id->s : NULL;
}

bool scn__node_is_aggregate(const scn_node *n) {
    return n->kind == SCN_GROUP || n->kind == SCN_LIST || n->kind == SCN_ARRAY;
}

const char *scn__kind_phrase(scn_kind k) {
    switch (k) {
    case SCN_GROUP: return "a group { ... }";
    case SCN_LIST: return "a list ( ... )";
    case SCN_ARRAY: return "an array [ ... ]";
    case SCN_INT: return "an integer";
    case SCN_FLOAT: return "a number";
    case SCN_STRING: return "a string";
    case SCN_BOOL: return "a boolean";
    }
    return "a value";
}

void scn__node_show(const scn_node *n, char *buf, size_t size) {
    switch (n->kind) {
    case SCN_INT: snprintf(buf, size, "%lld", n->i); return;
    case SCN_FLOAT: snprintf(buf, size, "%g", n->f); return;
    case SCN_BOOL: snprintf(buf, size, "%s", n->i ? "true" : "false"); return;
    case SCN_STRING:
        if (strlen(n->s) > 48) {
            /* cut at a character boundary: the string is UTF-8 */
            int cut = 44;
            while (cut > 0 && ((unsigned char)n->s[cut] & 0xC0) == 0x80) cut--;
            snprintf(buf, size, "\"%.*s...\"", cut, n->s);
        } else {
            snprintf(buf, size, "\"%s\"", n->s);
        }
        return;
    default: snprintf(buf, size, "%s", scn__kind_phrase(n->kind)); return;
    }
}

/* ---- layering ---------------------------------------------------------- */

static void merge_group(scn_arena *a, scn_node *base, scn_node *over);

static bool all_have_ids(const scn_node *list) {
    for (size_t i = 0; i < list->nkids; i++)
        if (list->kids[i]->kind != SCN_GROUP || !scn__node_id(list->kids[i])) return false;
    return true;
}

static bool wants_removal(const scn_node *entry) {
    const scn_node *r = scn__node_member(entry, "remove");
    return r && r->kind == SCN_BOOL && r->i;
}

/* Entries of `over` merge into the entry of `base` with the same id; a new
 * entry goes right after the entry that precedes it in `over` (or at the
 * end), so a retrofit can add a station "after cnc2" by listing it after
 * cnc2. `remove = true` deletes the base entry. The entries are threaded
 * on a linked list while merging and written back once, and found by id
 * through an index, so that the merge is linear in the lengths of the
 * lists. */
static void merge_list_by_id(scn_arena *a, scn_node *base, scn_node *over) {
    size_t nb = base->nkids, total = nb + over->nkids;
    size_t head = total;    /* sentinel of the ring */
    size_t *next = scn__mem(a, NULL, (total + 1) * sizeof(*next));
    size_t *prev = scn__mem(a, NULL, (total + 1) * sizeof(*prev));
    scn_node **slot = scn__mem(a, NULL, (total + 1) * sizeof(*slot));
    bool *alive = scn__mem(a, NULL, (total + 1) * sizeof(*alive));
    if (alive) memset(alive, 0, (total + 1) * sizeof(*alive));
    scn_index ix = {0};
    ix.a = a;
    bool ok = next && prev && slot && alive;
    for (size_t i = 0; ok && i < nb; i++) {
        slot[i] = base->kids[i];
        alive[i] = true;
        next[i] = i + 1 < nb ? i + 1 : head;
        prev[i] = i > 0 ? i - 1 : head;
        ok = scn__index_put(&ix, scn__node_id(slot[i]), i);
    }
    if (ok) {
        next[head] = nb ? 0 : head;
        prev[head] = nb ? nb - 1 : head;
    }
    size_t after = head, used = nb;
    bool have_after = false;
    for (size_t i = 0; ok && i < over->nkids; i++) {
        scn_node *e = over->kids[i];
        const char *id = scn__node_id(e);
        size_t at;
        if (scn__index_get(&ix, id, &at) && alive[at]) {
            if (wants_removal(e)) {
                after = prev[at];
                next[prev[at]] = next[at];
                prev[next[at]] = prev[at];
                alive[at] = false;
            } else {
                merge_group(a, slot[at], e);
                after = at;
            }
            have_after = true;
            continue;
        }
        size_t k = used++;
        size_t left = have_after ? after : prev[head];
        slot[k] = e;
        alive[k] = true;
        next[k] = next[left];
        prev[k] = left;
        prev[next[left]] = k;
        next[left] = k;
        /* A later entry with this id merges into this one (an entry removed
         * before it is no longer found). */
        ok = scn__index_set(&ix, id, k);
        after = k;
        have_after = true;
    }
    if (ok) {
        size_t count = 0;
        for (size_t k = next[head]; k != head; k = next[k]) count++;
        scn_node **kids = base->kids;
        if (count > base->capkids) {
            kids = scn__alloc(a, count * sizeof(*kids));
            if (kids) base->capkids = count;
        }
        if (kids) {
            size_t n = 0;
            for (size_t k = next[head]; k != head; k = next[k]) kids[n++] = slot[k];
            base->kids = kids;
            base->nkids = n;
        } else {
            ok = false;
        }
    }
    if (!ok) a->failed = true;
    scn__index_fini(&ix);
    scn__mem(a, next, 0);
    scn__mem(a, prev, 0);
    scn__mem(a, slot, 0);
    scn__mem(a, alive, 0);
}

static scn_node *merge_value(scn_arena *a, scn_node *base, scn_node *over) {
    if (base->kind == SCN_GROUP && over->kind == SCN_GROUP) {
        merge_group(a, base, over);
        return base;
    }
    if (base->kind == SCN_LIST && over->kind == SCN_LIST && over->nkids > 0 &&
        all_have_ids(base) && all_have_ids(over)) {
        merge_list_by_id(a, base, over);
        return base;
    }
    return over;
}

static void merge_group(scn_arena *a, scn_node *base, scn_node *over) {
    /* Keys are unique in both groups (the parser refuses duplicates), so
     * the keys appended here never need to be found again. Small groups
     * are scanned; large ones indexed. */
    scn_index ix = {0};
    ix.a = a;
    bool indexed = base->nkids > 16 && over->nkids > 16;
    for (size_t j = 0; indexed && j < base->nkids; j++) {
        if (!scn__index_put(&ix, base->kids[j]->name, j)) {
            a->failed = true;
            scn__index_fini(&ix);
            return;
        }
    }
    size_t nbase = base->nkids;
    for (size_t i = 0; i < over->nkids; i++) {
        scn_node *k = over->kids[i];
        size_t at = nbase;
        if (indexed) {
            if (!scn__index_get(&ix, k->name, &at)) at = nbase;
        } else {
            for (size_t j = 0; j < nbase; j++)
                if (base->kids[j]->name && strcmp(base->kids[j]->name, k->name) == 0) {
                    at = j;
                    break;
                }
        }
        if (at < nbase) base->kids[at] = merge_value(a, base->kids[at], k);
        else scn__node_append(a, base, k);
    }
    scn__index_fini(&ix);
}

void scn__tree_merge(scn_arena *a, scn_node *base, scn_node *over) {
    merge_group(a, base, over);
}

/* ---- --set ------------------------------------------------------------- */

static const char *trim(scn_arena *a, const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    return scn__strndup(a, s, n);
}

/* A value written on the command line: true/false, an integer (L for 64
 * bits is optional here), a number, "a quoted string", [a, b, ...], or
 * anything else taken as a string as is (exp(5min), two-shift). */
static scn_node *parse_set_scalar(scn_arena *a, const char *v, int index, bool *is_bad,
                                  char *err, size_t err_size) {
    scn_node *n = scn__node_new(a, SCN_STRING, NULL, "--set", index);
    if (!n) return NULL;
    size_t len = strlen(v);
    if (strcasecmp(v, "true") == 0 || strcasecmp(v, "false") == 0) {
        n->kind = SCN_BOOL;
        n->i = strcasecmp(v, "true") == 0;
        return n;
    }
    if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
        char *s = scn__alloc(a, len);
        if (!s) return NULL;
        size_t k = 0;
        for (size_t i = 1; i + 1 < len; i++) {
            if (v[i] == '\\' && i + 2 < len) i++;
            s[k++] = v[i];
        }
        s[k] = '\0';
        n->s = s;
        return n;
    }
    if (len > 0 && (isdigit((unsigned char)v[0]) || v[0] == '-' || v[0] == '+' || v[0] == '.')) {
        char *end;
        errno = 0;
        long long iv = strtoll(v, &end, 0);
        if (end != v && (*end == '\0' || (end[0] == 'L' && (end[1] == '\0' || (end[1] == 'L' && end[2] == '\0'))))) {
            if (errno == ERANGE) {
                *is_bad = true;
                snprintf(err, err_size, "%s is out of range for a 64-bit integer", v);
                return n;
            }
            n->kind = SCN_INT;
            n->i = iv;
            return n;
        }
        errno = 0;
        double fv = strtod(v, &end);
        if (end != v && *end == '\0') {
            if (!isfinite(fv)) {
                *is_bad = true;
                snprintf(err, err_size, "%s is not a finite number", v);
                return n;
            }
            n->kind = SCN_FLOAT;
            n->f = fv;
            return n;
        }
    }
    n->s = scn__strdup(a, v);
    return n;
}

static scn_node *parse_set_value(scn_arena *a, const char *v, int index, bool *is_bad,
                                 char *err, size_t err_size) {
    size_t len = strlen(v);
    if (len >= 2 && v[0] == '[' && v[len - 1] == ']') {
        scn_node *arr = scn__node_new(a, SCN_ARRAY, NULL, "--set", index);
        if (!arr) return NULL;
        const char *s = v + 1;
        const char *end = v + len - 1;
        const char *p = s;
        while (p < end) {
            while (p < end && isspace((unsigned char)*p)) p++;
            if (p >= end) break;
            const char *q = p;
            if (*q == '"') {
                q++;
                while (q < end && *q != '"') q += (*q == '\\' && q + 1 < end) ? 2 : 1;
                if (q < end) q++;
            }
            while (q < end && *q != ',') q++;
            const char *item = trim(a, p, (size_t)(q - p));
            if (!item) return NULL;
            scn_node *k = parse_set_scalar(a, item, index, is_bad, err, err_size);
            if (!k) return NULL;
            scn__node_append(a, arr, k);
            p = q < end ? q + 1 : q;
        }
        return arr;
    }
    return parse_set_scalar(a, v, index, is_bad, err, err_size);
}

bool scn__set_split(const char *set, char *err, size_t err_size) {
    const char *eq = strchr(set, '=');
    if (!eq) {
        snprintf(err, err_size, "expected PATH=VALUE (e.g. stations.cnc.servers=3), got \"%s\"", set);
        return false;
    }
    if (eq == set) {
        snprintf(err, err_size, "the path before '=' is empty");
        return false;
    }
    for (const char *p = set; p < eq; p++) {
        if (*p == '.' && (p == set || p[-1] == '.' || p + 1 == eq)) {
            snprintf(err, err_size, "the path \"%.*s\" has an empty part", (int)(eq - set), set);
            return false;
        }
        if (isspace((unsigned char)*p)) {
            snprintf(err, err_size, "the path \"%.*s\" contains a space", (int)(eq - set), set);
            return false;
        }
    }
    return true;
}

bool scn_check_set(const char *set, char *err, size_t err_size) {
    return scn__set_split(set, err, err_size);
}

/* Index written as 3 or [3]; -1 when seg is not an index. */
static long parse_index(const char *seg) {
    const char *p = seg;
    bool br = false;
    if (*p == '[') {
        br = true;
        p++;
    }
    if (!isdigit((unsigned char)*p)) return -1;
    char *end;
    errno = 0;
    long v = strtol(p, &end, 10);
    if (errno || v < 0) return -1;
    if (br) {
        if (*end != ']') return -1;
        end++;
    }
    return *end ? -1 : v;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void set_error(scn_diags *d, int index, const char *path, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    scn_diags_vadd(d, "--set", index, path, fmt, ap);
    va_end(ap);
}

/* A --set being walked down its path. */
typedef struct set_walk {
    scn_arena *a;
    scn_diags *d;
    int index;          /* of the --set, for messages */
    const char *path;   /* the whole path, for messages */
    const char *where;  /* the part walked so far ("the scene" at first) */
    scn_node *v;        /* the value to set */
} set_walk;

/* One step into group `node` by key `seg`: the member to walk on, or
 * NULL when the walk ends here (the value set, or refused). */
static scn_node *set_in_group(const set_walk *w, scn_node *node, const char *seg, bool last) {
    scn_node *m = NULL;
    size_t at = 0;
    for (; at < node->nkids; at++)
        if (strcmp(node->kids[at]->name, seg) == 0) {
            m = node->kids[at];
            break;
        }
    if (!m) {
        scn_node *k = last ? w->v : scn__node_new(w->a, SCN_GROUP, NULL, "--set", w->index);
        if (!k) return NULL;
        k->name = scn__strdup(w->a, seg);
        scn__node_append(w->a, node, k);
        return last ? NULL : k;
    }
    if (!last) return m;
    if ((m->kind == SCN_GROUP || m->kind == SCN_LIST) || (m->kind == SCN_ARRAY && w->v->kind != SCN_ARRAY)) {
        char what[64];
        snprintf(what, sizeof what, "%s", scn__kind_phrase(m->kind));
        set_error(w->d, w->index, w->path, "'%s' is %s; --set changes single values (name one of its keys)", seg,
                  what);
        return NULL;
    }
    w->v->name = m->name;
    node->kids[at] = w->v;
    return NULL;
}

/* One step into list `node` by an entry's id or index `seg`: the entry
 * to walk on, or NULL when the walk ends here (refused). */
static scn_node *set_in_list(const set_walk *w, scn_node *node, const char *seg, bool last) {
    scn_node *m = NULL;
    for (size_t i = 0; i < node->nkids; i++) {
        const char *id = scn__node_id(node->kids[i]);
        if (id && strcmp(id, seg) == 0) {
            m = node->kids[i];
            break;
        }
    }
    long idx = m ? -1 : parse_index(seg);
    if (!m && idx >= 0 && (size_t)idx < node->nkids) m = node->kids[idx];
    if (!m) {
        const char **ids = scn__alloc(w->a, (node->nkids + 1) * sizeof(*ids));
        size_t nids = 0;
        for (size_t i = 0; ids && i < node->nkids; i++) {
            const char *id = scn__node_id(node->kids[i]);
            if (id) ids[nids++] = id;
        }
        char hint[160] = "";
        if (ids) scn__hint(seg, ids, nids, hint, sizeof hint);
        char msg[400];
        if (idx >= 0)
            snprintf(msg, sizeof msg, "'%s' has %zu entries; there is no entry %ld (entries count from 0)", w->where,
                     node->nkids, idx);
        else
            snprintf(msg, sizeof msg, "'%s' has no entry with id '%s'%s", w->where, seg, hint);
        scn_diags_add(w->d, "--set", w->index, w->path, "%s", msg);
        return NULL;
    }
    if (last) {
        set_error(w->d, w->index, w->path, "'%s' is an entry of a list; name one of its keys (e.g. %s.servers)", seg,
                  w->path);
        return NULL;
    }
    return m;
}

/* The last step, into array `node` at index `seg`; `rest` is the path
 * after it (NULL: none). */
static void set_in_array(const set_walk *w, scn_node *node, const char *seg, const char *rest) {
    long idx = parse_index(seg);
    if (idx < 0 || (size_t)idx >= node->nkids) {
        char msg[300];
        snprintf(msg, sizeof msg, "'%s' is an array of %zu values; '%s' is not one of its indexes (from 0)", w->where,
                 node->nkids, seg);
        scn_diags_add(w->d, "--set", w->index, w->path, "%s", msg);
        return;
    }
    if (rest) {
        set_error(w->d, w->index, w->path, "'%s' is a single value; it has no part '%s'", seg, rest);
        return;
    }
    if (w->v->kind == SCN_ARRAY) {
        set_error(w->d, w->index, w->path, "an array element takes a single value, not an array");
        return;
    }
    node->kids[idx] = w->v;
}

void scn__tree_set(scn_arena *a, scn_node *root, const char *set, int index, scn_diags *d) {
    char err[256];
    size_t setlen = strlen(set);
    if (scn__utf8_bad_at(set, setlen) < setlen) {
        scn_diags_add(d, "--set", index, NULL, "not valid UTF-8 (byte %zu); ids and strings are UTF-8",
                      scn__utf8_bad_at(set, setlen) + 1);
        return;
    }
    if (!scn__set_split(set, err, sizeof err)) {
        scn_diags_add(d, "--set", index, NULL, "%s", err);
        return;
    }
    const char *eq = strchr(set, '=');
    char *path = scn__strndup(a, set, (size_t)(eq - set));
    const char *value = trim(a, eq + 1, strlen(eq + 1));
    if (!path || !value) return;
    bool bad = false;
    scn_node *v = parse_set_value(a, value, index, &bad, err, sizeof err);
    if (!v) return;
    if (bad) {
        scn_diags_add(d, "--set", index, path, "%s", err);
        return;
    }

    /* Walk the path; `so_far` is the part walked, for messages. */
    char *so_far = scn__alloc(a, strlen(path) + 1);
    if (!so_far) return;
    scn_node *node = root;
    char *seg = scn__strdup(a, path);
    if (!seg) return;
    set_walk w = {a, d, index, path, "the scene", v};
    for (;;) {
        char *dot = strchr(seg, '.');
        bool last = dot == NULL;
        if (dot) *dot = '\0';
        w.where = *so_far ? so_far : "the scene";
        if (node->kind == SCN_GROUP) {
            node = set_in_group(&w, node, seg, last);
        } else if (node->kind == SCN_LIST) {
            node = set_in_list(&w, node, seg, last);
        } else if (node->kind == SCN_ARRAY) {
            set_in_array(&w, node, seg, last ? NULL : dot + 1);
            return;
        } else {
            set_error(d, index, path, "'%s' is a single value; it has no key '%s'", w.where, seg);
            return;
        }
        if (!node) return;
        if (*so_far) strcat(so_far, ".");
        strcat(so_far, seg);
        seg = dot + 1;
    }
}
