/*
 * mdl_transport_build.h - what the files that build the model side of
 * material handling share (internal): mdl_transport_model.c (nodes, edges,
 * fleets, robots, conveyors), mdl_asrs_model.c, mdl_dock_model.c,
 * mdl_asrs_ends_model.c and mdl_conveyor_net_model.c.
 *
 * The kinds of entity with an id: path nodes, fleets, robots, conveyors,
 * the AS/RS and docks in struct tr_model, merges and diverters in its belt
 * network (struct tr_netmodel). A tr_kind says where a kind's array, count,
 * capacity and id map are in the record that holds them, and the size of
 * an entry. The tr_kind_ functions (mdl_transport_model.c) are the one
 * implementation of adding, counting, finding, getting and freeing them;
 * each kind's typed public functions (mdl_model_add_node,
 * mdl_model_node_count, mdl_model_find_node, mdl_model_node ...) check
 * their spec and call them in one line. `rec` is the record (NULL: none
 * yet, so no entity; for tr_kind_add: it could not be made, out of memory).
 */
#ifndef MDL_TRANSPORT_BUILD_H
#define MDL_TRANSPORT_BUILD_H

#include <stddef.h>

#include "mdl_model.h"

typedef struct tr_kind {
    size_t arr, n, cap, ids; /* offsets of the array, its count and capacity, and the id map in the record */
    size_t elem, id_offset;  /* an entry's size and the offset of its `id` */
} tr_kind;

/* The kind whose entries (of type T, with an `id`) are the array R.arr,
 * counted in R.n, with capacity R.cap and the id map R.ids. */
#define TR_KIND(R, arr, n, cap, ids, T) \
    { offsetof(R, arr), offsetof(R, n), offsetof(R, cap), offsetof(R, ids), sizeof(T), offsetof(T, id) }

/* Defines the typed accessors of entity T (declared by MDL_ENTITY_API,
 * mdl_model.h) over kind K of the transport model: mdl_model_T_count,
 * mdl_model_find_T and mdl_model_T. */
#define TR_KIND_ACCESSORS(T, K)                                                                             \
    int mdl_model_##T##_count(const mdl_model *m) { return tr_kind_count(mdl__transport_model_of(m), &K); } \
    int mdl_model_find_##T(const mdl_model *m, const char *id) {                                            \
        return tr_kind_find(mdl__transport_model_of(m), &K, id);                                            \
    }                                                                                                       \
    const mdl_##T##_spec *mdl_model_##T(const mdl_model *m, int i) {                                        \
        return tr_kind_get(mdl__transport_model_of(m), &K, i);                                              \
    }

/* Appends a copy of *spec (its id copied into the model, the id map told):
 * the new index, or -1 after mdl__fail("out of memory"). The caller has
 * checked the spec (mdl__new_id first) and made it what the model keeps
 * (its own tables copied into the arena). */
int tr_kind_add(mdl_model *m, void *rec, const tr_kind *k, const void *spec);
int tr_kind_count(const void *rec, const tr_kind *k);
/* Entry i, or NULL when out of range. */
const void *tr_kind_get(const void *rec, const tr_kind *k, int i);
/* The index of `id`, or -1. */
int tr_kind_find(const void *rec, const tr_kind *k, const char *id);
/* Frees the array and the id map (the record stays). */
void tr_kind_free(void *rec, const tr_kind *k);

/* Checks a spec's failure modes and maintenance (NULL: none) and replaces
 * *maint with the model's copy; false after mdl__fail ("fleet 'agv': ..."). */
bool tr_maint_take(mdl_model *m, const char *what, const char *id, const struct mdl_maint_spec **maint);

/* A product's route end (mdl_dock_model.c): its `from` (from) or its `to`,
 * a dock (store false: mdl_model_product_from / _to) or an AS/RS (store
 * true: mdl_model_product_store_from / _to); -1: none. */
int tr_product_end(const mdl_model *m, int product, bool store, bool from);

#endif
