/*
 * mdl_idmap.c - ids to indices (mdl_idmap.h): open addressing with linear
 * probing, at most half full, FNV-1a hashes kept in the slots so that
 * growing needs no key. Also the model's entities found by id: adding one
 * with its id (mdl__entity_add, mdl__new_id in mdl_internal.h).
 */
#include "mdl_idmap.h"
#include "mdl_internal.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash_id(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return (uint32_t)(h ^ (h >> 32));
}

static const char *id_at(mdl_idview v, int index) {
    const char *rec = (const char *)v.base + (size_t)index * v.stride + v.offset;
    const char *id;
    memcpy(&id, rec, sizeof id);
    return id;
}

int mdl__idmap_find(const mdl_idmap *h, mdl_idview v, const char *id) {
    if (!id || !h->cap) return -1;
    uint32_t hv = hash_id(id);
    size_t mask = h->cap - 1;
    for (size_t i = hv & mask;; i = (i + 1) & mask) {
        uint64_t s = h->slot[i];
        if (!s) return -1;
        if ((uint32_t)(s >> 32) == hv) {
            int index = (int)(uint32_t)s - 1;
            const char *other = id_at(v, index);
            if (other && strcmp(other, id) == 0) return index;
        }
    }
}

static void put(uint64_t *slot, size_t cap, uint64_t s) {
    size_t mask = cap - 1;
    size_t i = (size_t)(s >> 32) & mask;
    while (slot[i]) i = (i + 1) & mask;
    slot[i] = s;
}

bool mdl__idmap_add(mdl_idmap *h, mdl_idview v, const char *id, int index) {
    (void)v;
    if (!id || index < 0) return false;
    if (2 * (h->n + 1) > h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 16;
        uint64_t *slot = calloc(cap, sizeof *slot);
        if (!slot) return false;
        for (size_t i = 0; i < h->cap; i++)
            if (h->slot[i]) put(slot, cap, h->slot[i]);
        free(h->slot);
        h->slot = slot;
        h->cap = cap;
    }
    put(h->slot, h->cap, (uint64_t)hash_id(id) << 32 | (uint64_t)((uint32_t)index + 1u));
    h->n++;
    return true;
}

void mdl__idmap_free(mdl_idmap *h) {
    free(h->slot);
    *h = (mdl_idmap){0};
}

/* ---- pairs ------------------------------------------------------------------ */

static size_t hash_pair(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return (size_t)k;
}

static uint64_t pair_key(int a, int b) { return (uint64_t)(uint32_t)a << 32 | (uint64_t)(uint32_t)b; }

int mdl__pairmap_find(const mdl_pairmap *h, int a, int b) {
    if (!h->cap || a < 0 || b < 0) return -1;
    uint64_t k = pair_key(a, b);
    size_t mask = h->cap - 1;
    for (size_t i = hash_pair(k) & mask; h->val[i]; i = (i + 1) & mask)
        if (h->key[i] == k) return h->val[i] - 1;
    return -1;
}

static void pair_put(uint64_t *key, int *val, size_t cap, uint64_t k, int v) {
    size_t mask = cap - 1, i = hash_pair(k) & mask;
    while (val[i]) i = (i + 1) & mask;
    key[i] = k;
    val[i] = v;
}

bool mdl__pairmap_add(mdl_pairmap *h, int a, int b, int index) {
    if (a < 0 || b < 0 || index < 0 || index == INT32_MAX) return false;
    if (2 * (h->n + 1) > h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 16;
        uint64_t *key = malloc(cap * sizeof *key);
        int *val = calloc(cap, sizeof *val);
        if (!key || !val) {
            free(key);
            free(val);
            return false;
        }
        for (size_t i = 0; i < h->cap; i++)
            if (h->val[i]) pair_put(key, val, cap, h->key[i], h->val[i]);
        free(h->key);
        free(h->val);
        h->key = key;
        h->val = val;
        h->cap = cap;
    }
    pair_put(h->key, h->val, h->cap, pair_key(a, b), index + 1);
    h->n++;
    return true;
}

void mdl__pairmap_free(mdl_pairmap *h) {
    free(h->key);
    free(h->val);
    *h = (mdl_pairmap){0};
}

/* ---- a model's entities by id (mdl_internal.h) ------------------------------ */

static mdl_idview entities_view(const mdl_entities *e) {
    return (mdl_idview){*e->arr, e->elem, e->id_offset};
}

bool mdl__new_id(mdl_model *m, const char *what, const char *noun, const char *id,
                 int (*find)(const mdl_model *, const char *)) {
    if (!id || !*id) return mdl__fail(m, "%s: id: must be a non-empty name", what);
    if (find(m, id) >= 0)
        return mdl__fail(m, "%s '%s': id: another %s already has this id", what, id, noun);
    return true;
}

void *mdl__entity_add(mdl_model *m, const mdl_entities *e, const void *spec) {
    const char *id;
    memcpy(&id, (const char *)spec + e->id_offset, sizeof id);
    if (!mdl__grow(e->arr, e->cap, *e->n, e->elem) || !(id = mdl__strdup(m, id))) {
        mdl__fail(m, "out of memory");
        return NULL;
    }
    char *entry = (char *)*e->arr + (size_t)*e->n * e->elem;
    memcpy(entry, spec, e->elem);
    memcpy(entry + e->id_offset, &id, sizeof id);
    if (!mdl__idmap_add(e->ids, entities_view(e), id, *e->n)) {
        mdl__fail(m, "out of memory");
        return NULL;
    }
    return entry;
}
