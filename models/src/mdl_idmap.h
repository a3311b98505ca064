/*
 * mdl_idmap.h - ids to indices in O(1): the model's lookups by id
 * (stations, products, calendars, path nodes, fleets, robots, conveyors)
 * without a scan over every entity (a plant of 10,000 stations made
 * loading quadratic). Internal to models/.
 *
 * An open-addressing table of (hash, index) pairs; the key strings are not
 * copied: the caller's id (in the model's arena) must outlive the map, and
 * `ids` with the stride of its records is how the map reads the id of an
 * index back (so that a record array that grows and moves is fine). The map
 * is written while the model is built and only read afterwards (any number
 * of threads). Out of memory is reported by mdl__idmap_add's result.
 */
#ifndef MDL_IDMAP_H
#define MDL_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mdl_idmap {
    uint64_t *slot; /* (hash << 32) | (index + 1); 0 = empty */
    size_t cap;     /* a power of two, or 0 */
    size_t n;
} mdl_idmap;

/// The id of record `index`: *(const char **)((const char *)base + index * stride + offset).
typedef struct mdl_idview {
    const void *base;
    size_t stride, offset;
} mdl_idview;

/// Index of `id`, or -1 (also for NULL).
int mdl__idmap_find(const mdl_idmap *h, mdl_idview v, const char *id);
/// Adds `id` as `index` (the caller has checked it is not there). False
/// when memory ran out (the map is unchanged).
bool mdl__idmap_add(mdl_idmap *h, mdl_idview v, const char *id, int index);
/// Frees the map's memory and leaves it empty (a map again).
void mdl__idmap_free(mdl_idmap *h);

/// Pairs of indices (a, b) to an index: the edges of the path network by
/// their directed (from, to), so that a duplicate edge is found in O(1).
typedef struct mdl_pairmap {
    uint64_t *key; /* (a << 32) | b */
    int *val;      /* index + 1; 0 = empty */
    size_t cap, n;
} mdl_pairmap;

/// The index stored for (a, b), or -1.
int mdl__pairmap_find(const mdl_pairmap *h, int a, int b);
/// Stores (a, b) -> index (a, b, index >= 0; not already there). False
/// when memory ran out (the map is unchanged).
bool mdl__pairmap_add(mdl_pairmap *h, int a, int b, int index);
/// Frees the map's memory and leaves it empty (a map again).
void mdl__pairmap_free(mdl_pairmap *h);

#endif
