/*
 * test_dupsrc_block.c - sim_block.h: arrays laid out once to measure and
 * once to place, in one block. The sizes and offsets are checked against
 * the alignment rule computed here, the parts against each other (inside
 * the block, aligned, not overlapping), and a block filled to its last
 * byte (AddressSanitizer sees any overflow).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "sim_block.h"
#include "test_main.h"

typedef struct pair {
    double x;
    char tag;
} pair;

/* An object with arrays of several types, one of them empty. */
typedef struct object {
    double *d;
    char *c;
    int *empty;
    pair *p;
    uint32_t *u;
} object;

enum { ND = 3, NC = 5, NP = 2, NU = 7 };

static void layout(object *o, sim_block *b) {
    SIM_BLOCK_PART(b, o->d, ND);
    SIM_BLOCK_PART(b, o->c, NC);
    SIM_BLOCK_PART(b, o->empty, 0);
    SIM_BLOCK_PART(b, o->p, NP);
    SIM_BLOCK_PART(b, o->u, NU);
}

static size_t round_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

static void test_block_measures_then_places(void **state) {
    (void)state;
    const size_t a = _Alignof(max_align_t);
    object o;
    memset(&o, 0xff, sizeof o);
    sim_block b = {NULL, 0};
    layout(&o, &b);
    /* Measuring places nothing. */
    assert_null(o.d);
    assert_null(o.c);
    assert_null(o.empty);
    assert_null(o.p);
    assert_null(o.u);
    /* Each part starts at the next multiple of the alignment. */
    size_t off_c = round_up(ND * sizeof(double), a);
    size_t off_empty = round_up(off_c + NC, a);
    size_t off_p = round_up(off_empty, a);
    size_t off_u = round_up(off_p + NP * sizeof(pair), a);
    assert_int_equal(b.size, off_u + NU * sizeof(uint32_t));

    size_t size = b.size;
    b.base = malloc(size);
    assert_non_null(b.base);
    b.size = 0;
    layout(&o, &b);
    assert_int_equal(b.size, size);
    assert_ptr_equal(o.d, b.base);
    assert_ptr_equal(o.c, b.base + off_c);
    assert_ptr_equal(o.empty, b.base + off_empty);
    assert_ptr_equal(o.p, b.base + off_p);
    assert_ptr_equal(o.u, b.base + off_u);
    assert_int_equal((uintptr_t)o.p % _Alignof(pair), 0);
    assert_int_equal((uintptr_t)o.u % _Alignof(uint32_t), 0);
    /* Every element written and read back: the parts do not overlap. */
    for (int i = 0; i < ND; i++) o.d[i] = 0.5 + i;
    memset(o.c, 'c', NC);
    for (int i = 0; i < NP; i++) o.p[i] = (pair){-1.0 - i, (char)('a' + i)};
    for (int i = 0; i < NU; i++) o.u[i] = 1000u + (uint32_t)i;
    for (int i = 0; i < ND; i++) assert_true(o.d[i] == 0.5 + i);
    for (int i = 0; i < NC; i++) assert_int_equal(o.c[i], 'c');
    for (int i = 0; i < NP; i++) assert_true(o.p[i].x == -1.0 - i && o.p[i].tag == 'a' + i);
    for (int i = 0; i < NU; i++) assert_int_equal(o.u[i], 1000u + (uint32_t)i);
    free(b.base);
}

/* A layout of nothing but empty parts measures 0 bytes. */
static void test_block_of_empty_parts(void **state) {
    (void)state;
    int *x = NULL;
    double *y = NULL;
    sim_block b = {NULL, 0};
    SIM_BLOCK_PART(&b, x, 0);
    SIM_BLOCK_PART(&b, y, 0);
    assert_int_equal(b.size, 0);
    assert_null(x);
    assert_null(y);
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(test_block_measures_then_places),
          cmocka_unit_test(test_block_of_empty_parts),
)
