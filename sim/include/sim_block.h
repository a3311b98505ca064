/*
 * sim_block.h - arrays that live and die together, made as one block.
 *
 * A layout function places each array of an object with SIM_BLOCK_PART.
 * Called with a sim_block whose base is NULL, it only measures (b.size);
 * called again with the block made (b.size bytes, for instance through
 * sim_world_realloc, so that a failing allocator reaches it), it sets
 * every pointer. One free of the block frees every array: there is no list
 * of frees to keep in step with the list of allocations. Each part is
 * aligned for any type. Pure arithmetic: no allocation, no state.
 */
#ifndef SIM_BLOCK_H
#define SIM_BLOCK_H

#include <stddef.h>

typedef struct sim_block {
    char *base;  /* the block, or NULL while measuring */
    size_t size; /* bytes laid out so far */
} sim_block;

/* The place of `count` elements of `size` bytes each (NULL while
 * measuring); the block grows by them. */
static inline void *sim_block_part(sim_block *b, size_t count, size_t size) {
    const size_t align = _Alignof(max_align_t);
    b->size = (b->size + align - 1) / align * align;
    void *at = b->base ? b->base + b->size : NULL;
    b->size += count * size;
    return at;
}

/* ptr = the place of `count` elements of its type. */
#define SIM_BLOCK_PART(b, ptr, count) ((ptr) = sim_block_part((b), (size_t)(count), sizeof *(ptr)))

#endif
