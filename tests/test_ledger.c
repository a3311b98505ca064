/*
 * test_ledger.c - the time-in-state ledger (sim_ledger.h): time charged to
 * each state on a hand-written schedule, the state that charges nothing,
 * the warm-up restart, and shares that add up to 1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "sim_ledger.h"
#include "sim_rng.h"
#include "test_main.h"

enum { BUSY, IDLE, DOWN, NSTATES };

/* IDLE on [0, 3), BUSY on [3, 10), DOWN on [10, 12), BUSY from 12. */
static void test_ledger_schedule(void **state) {
    (void)state;
    sim_ledger l;
    sim_ledger_init(&l, 0.0, IDLE);
    sim_ledger_set(&l, 3.0, BUSY);
    sim_ledger_set(&l, 5.0, BUSY); /* same state: nothing happens */
    sim_ledger_set(&l, 10.0, DOWN);
    sim_ledger_set(&l, 12.0, BUSY);
    assert_true(sim_ledger_time(&l, 20.0, IDLE) == 3.0);
    assert_true(sim_ledger_time(&l, 20.0, BUSY) == 7.0 + 8.0);
    assert_true(sim_ledger_time(&l, 20.0, DOWN) == 2.0);
    /* What was charged, then the open stretch in BUSY. */
    double sum[NSTATES] = {0};
    sim_ledger_sum(&l, 20.0, sum, NSTATES);
    assert_true(sum[BUSY] == 15.0 && sum[IDLE] == 3.0 && sum[DOWN] == 2.0);
    /* Summing adds to what is there (several servers, one station). */
    sim_ledger_sum(&l, 20.0, sum, NSTATES);
    assert_true(sum[BUSY] == 30.0 && sum[IDLE] == 6.0 && sum[DOWN] == 4.0);
}

/* SIM_LEDGER_NONE charges nothing: an inactive stretch is in no state. */
static void test_ledger_none(void **state) {
    (void)state;
    sim_ledger l;
    sim_ledger_init(&l, 0.0, SIM_LEDGER_NONE);
    sim_ledger_charge(&l, 5.0);
    sim_ledger_set(&l, 7.0, IDLE); /* [0, 7) charged nowhere */
    sim_ledger_set(&l, 9.0, SIM_LEDGER_NONE);
    double sum[NSTATES] = {0};
    sim_ledger_sum(&l, 100.0, sum, NSTATES);
    assert_true(sum[IDLE] == 2.0 && sum[BUSY] == 0.0 && sum[DOWN] == 0.0);
    for (int k = 0; k < SIM_LEDGER_MAX; k++) assert_true(l.acc[k] == (k == IDLE ? 2.0 : 0.0));
}

/* Warm-up: restart at 6 forgets [0, 6) and keeps the state. */
static void test_ledger_restart(void **state) {
    (void)state;
    sim_ledger l;
    sim_ledger_init(&l, 0.0, BUSY);
    sim_ledger_set(&l, 4.0, DOWN);
    sim_ledger_restart(&l, 6.0);
    assert_int_equal(l.state, DOWN);
    assert_true(sim_ledger_time(&l, 6.0, BUSY) == 0.0);
    assert_true(sim_ledger_time(&l, 6.0, DOWN) == 0.0);
    sim_ledger_set(&l, 9.0, IDLE);
    assert_true(sim_ledger_time(&l, 10.0, DOWN) == 3.0);
    assert_true(sim_ledger_time(&l, 10.0, IDLE) == 1.0);
}

/* A random walk through the states: the shares of the window add up to 1
 * and the times to the window (up to rounding). */
static void test_ledger_shares(void **state) {
    (void)state;
    sim_rng r;
    sim_rng_seed(&r, 11, 12);
    sim_ledger l;
    double t = 100.0;
    sim_ledger_init(&l, t, IDLE);
    for (int i = 0; i < 10000; i++) {
        t += sim_rng_u01(&r) * 10.0;
        sim_ledger_set(&l, t, (int)sim_rng_below(&r, NSTATES));
    }
    double end = t + 1.0, total = 0.0, share = 0.0;
    double sum[NSTATES] = {0};
    sim_ledger_sum(&l, end, sum, NSTATES);
    for (int k = 0; k < NSTATES; k++) total += sum[k];
    for (int k = 0; k < NSTATES; k++) share += sum[k] / total;
    assert_true(fabs(share - 1.0) < 1e-12);
    assert_true(fabs(total - (end - 100.0)) < 1e-9 * (end - 100.0));
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_ledger_schedule),
        cmocka_unit_test(test_ledger_none),
        cmocka_unit_test(test_ledger_restart),
        cmocka_unit_test(test_ledger_shares),
)
