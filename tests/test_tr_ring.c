/*
 * test_tr_ring.c - the transport's ring buffers (tr_ring_tail: the
 * robots' request queues, the AS/RS request rings) keep their order when
 * they grow, also when the ring has wrapped round its end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "../models/src/mdl_transport_internal.h"
#include "test_main.h"

/* A script of pushes (the value) and pops (POP: the value expected
 * next), with the capacity and head after each step. */
#define POP(v) (-1 - (v))
static const struct {
    int op, cap, head;
} script[] = {
    {0, 8, 0},  {1, 8, 0},  {2, 8, 0},  {3, 8, 0},  {4, 8, 0},  {5, 8, 0},  {6, 8, 0}, {7, 8, 0},
    {POP(0), 8, 1}, {POP(1), 8, 2}, {POP(2), 8, 3},
    {8, 8, 3},  {9, 8, 3},  {10, 8, 3}, /* wrapped round: in slots 0 .. 2 */
    {11, 16, 0},                        /* full: moved, in order, into 16 slots */
    {12, 16, 0}, {13, 16, 0}, {14, 16, 0}, {15, 16, 0}, {16, 16, 0}, {17, 16, 0}, {18, 16, 0},
    {19, 32, 0},
};

static void keeps_its_order_when_it_grows(void **state) {
    (void)state;
    int *a = NULL, head = 0, n = 0, cap = 0;
    for (size_t i = 0; i < sizeof script / sizeof script[0]; i++) {
        if (script[i].op >= 0) { /* (the run is only used when memory runs out) */
            *(int *)tr_ring_tail(NULL, (void **)&a, &head, n++, &cap, sizeof *a) = script[i].op;
        } else {
            assert_int_equal(a[head], -1 - script[i].op);
            head = (head + 1) % cap;
            n--;
        }
        assert_int_equal(cap, script[i].cap);
        assert_int_equal(head, script[i].head);
    }
    for (int v = 3; v < 20; v++, n--) {
        assert_int_equal(a[head], v);
        head = (head + 1) % cap;
    }
    assert_int_equal(n, 0);
    free(a);
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(keeps_its_order_when_it_grows),
)
