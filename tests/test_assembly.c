/*
 * test_assembly.c - assembly with a bill of materials (mdl_assembly.c):
 * a deterministic case worked out by hand, the event log's counts against
 * the run's, and the model's refusals (unknown product, cycle, no feeder).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_assembly.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "sim_dist.h"
#include "test_helpers.h"
#include "model_fixtures.h"
#include "test_table.h"
#include "test_main.h"

#define MIN 60.0
#define HOUR 3600.0

/* The line of the hand-worked case:
 *   ma (const 5 min) -> A --\
 *                            asm (const 3 min; bom A x 1, B x 2; component_buffer 2) -> out
 *   mb (const 3 min) -> B --/
 * ma and mb have an unlimited supply. Steady state (reached within 2 h):
 * B arrives at 3, 6, 9 ... min, two per assembly, so an assembly starts at
 * every multiple of 6 min (the second B finds an A waiting) and ends 3
 * min later: 10 per hour, the station busy half the time. A comes every
 * 5 min, faster than used: its buffer fills (2 places) and ma blocks; an
 * A enters the buffer at an assembly start (when one leaves it) and is
 * used two assemblies later: it waits 12 min. Of the two B of an
 * assembly, the first waits 3 min and the second none: 1.5 min mean. The
 * station can start but lacks B from 6k+3 to 6k+6 (half the time) and
 * never lacks A. */
static mdl_model *hand_model(long cap, double warmup, double horizon) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    mdl_station_spec s;
    const char *ids[] = {"ma", "mb", "asm"};
    const double cyc[] = {5 * MIN, 3 * MIN, 3 * MIN};
    for (int i = 0; i < 3; i++) {
        s = fx_station(ids[i], sim_dist_const(cyc[i]));
        if (i == 2) {
            s.kind = MDL_STATION_ASSEMBLY;
            s.component_buffer = cap;
        }
        assert_true(mdl_model_add_station(m, &s) >= 0);
    }
    /* A and B, made at ma and mb, are assembled into P. */
    static const test_route routes[] = {{"A", {"ma", "asm"}}, {"B", {"mb", "asm"}}, {"P", {"asm"}}};
    enum { a, b, p };
    test_add_routes(m, routes, 3);
    assert_true(mdl_model_add_unlimited(m, a) >= 0);
    assert_true(mdl_model_add_unlimited(m, b) >= 0);
    assert_true(mdl_model_add_bom_line(m, p, a, 1));
    assert_true(mdl_model_add_bom_line(m, p, b, 2));
    fx_set_window(m, warmup, horizon);
    return m;
}

static void test_hand_worked(void **state) {
    (void)state;
    /* Window [10 h, 110 h): assemblies end at 6k + 3 min, 1000 of them. */
    mdl_model *m = hand_model(2, 10 * HOUR, 110 * HOUR);
    fx_ran x;
    fx_run_kept(m, &x, NULL, NULL);
    assert_near(x.res.kpi[MDL_KPI_UNITS_OUT], 1000.0, 0.0);
    assert_near(x.res.kpi[MDL_KPI_THROUGHPUT_PER_H], 10.0, 1e-9);
    assert_near(x.res.station[2][MDL_SKPI_STATE_BUSY], 0.5, 1e-9);
    /* A lead time: from the release of its earliest component (an A that
     * entered ma 5 min before it entered the buffer ... see above): the
     * A was released when ma took it, 5 min of ma, blocked until the next
     * multiple of 6, 12 min in the buffer, 3 min of assembly. Its release
     * is the earliest: B's are released at most 6 min before the end of
     * their operation. */
    mdl_bom_kpi ka, kb;
    assert_true(mdl_run_bom_kpi(x.run, 2, 0, &ka));
    assert_true(mdl_run_bom_kpi(x.run, 2, 1, &kb));
    assert_false(mdl_run_bom_kpi(x.run, 2, 2, &kb));
    assert_int_equal(ka.component, 0);
    assert_int_equal(kb.component, 1);
    assert_int_equal(kb.quantity, 2);
    assert_near(ka.wait_mean_s, 12 * MIN, 1e-6);
    assert_near(kb.wait_mean_s, 1.5 * MIN, 1e-6);
    assert_near(ka.starved_share, 0.0, 1e-9);
    assert_near(kb.starved_share, 0.5, 1e-6);
    /* Joins in the window: at 600, 606 ... 6594 min (and maybe the
     * horizon's instant). */
    assert_true(ka.assembled >= 1000 && ka.assembled <= 1001);
    assert_int_equal(kb.taken, 2 * ka.assembled);
    assert_int_equal(ka.taken, ka.assembled);
    assert_int_equal(ka.waiting, 2);
    /* The same in the replication's results (run's JSON and table): A's
     * buffer is full all along (an A enters as one leaves); B's holds one
     * from 6k + 3 to 6k + 6 min, none otherwise. */
    assert_near(mdl_rep_flow_kpi(&x.res, 2, MDL_XKPI_KITS), (double)ka.assembled, 0.0);
    assert_near(mdl_rep_bomline_kpi(&x.res, 0, MDL_LKPI_BUFFER_LEVEL), 2.0, 1e-9);
    assert_near(mdl_rep_bomline_kpi(&x.res, 1, MDL_LKPI_BUFFER_LEVEL), 0.5, 1e-6);
    assert_near(mdl_rep_bomline_kpi(&x.res, 1, MDL_LKPI_WAIT_S), kb.wait_mean_s, 0.0);
    assert_near(mdl_rep_bomline_kpi(&x.res, 1, MDL_LKPI_STARVED_SHARE), kb.starved_share, 0.0);
    /* The station's blocked feeder: ma blocked 1 - 5/6 of the time. */
    assert_near(x.res.station[0][MDL_SKPI_STATE_BUSY], 5.0 / 6.0, 1e-9);
    assert_near(x.res.station[0][MDL_SKPI_STATE_BLOCKED], 1.0 / 6.0, 1e-9);
    assert_near(x.res.station[1][MDL_SKPI_STATE_BLOCKED], 0.0, 1e-12);
    fx_ran_fini(&x);
    mdl_model_free(m);
}

/* With unlimited component buffers nothing blocks: A piles up (one more
 * every 30 min) and the throughput is still B's, 10 per hour. */
static void test_unlimited_buffers(void **state) {
    (void)state;
    mdl_model *m = hand_model(-1, 10 * HOUR, 110 * HOUR);
    fx_ran x;
    fx_run_kept(m, &x, NULL, NULL);
    assert_near(x.res.kpi[MDL_KPI_THROUGHPUT_PER_H], 10.0, 1e-9);
    assert_near(x.res.station[0][MDL_SKPI_STATE_BLOCKED], 0.0, 1e-12);
    mdl_bom_kpi ka;
    assert_true(mdl_run_bom_kpi(x.run, 2, 0, &ka));
    /* 110 h: 1320 A made, 1100 used (one per 6 min from 6 min on, the
     * horizon's instant aside). */
    assert_true(ka.waiting >= 219 && ka.waiting <= 221);
    fx_ran_fini(&x);
    mdl_model_free(m);
}

/* The record stream: one "assembled" record per component joined, each
 * naming the assembly and a component serial seen before; their count
 * agrees with the run's, and with the station's completed operations. */
typedef struct counts {
    long assembled, created, shipped, started_asm, ended_asm;
    uint64_t last_unit;
    int parts_of_last;
    bool part_product_ok;
} counts;

static void on_record(void *ctx, const mdl_record *rec) {
    counts *c = ctx;
    if (rec->kind == MDL_LOG_CREATE) c->created++;
    if (rec->kind == MDL_LOG_EXIT) c->shipped++;
    if (rec->kind == MDL_LOG_START && rec->station == 2) c->started_asm++;
    if (rec->kind == MDL_LOG_FINISH && rec->station == 2) c->ended_asm++;
    if (rec->kind == MDL_LOG_ASSEMBLE) {
        c->assembled++;
        if (rec->unit != c->last_unit) {
            if (c->last_unit) assert_int_equal(c->parts_of_last, 3);
            c->last_unit = rec->unit;
            c->parts_of_last = 0;
        }
        c->parts_of_last++;
        assert_true(rec->part != 0 && rec->part < rec->unit);
        /* one A first, then two B (BOM order) */
        if (rec->part_product != (c->parts_of_last == 1 ? 0 : 1)) c->part_product_ok = false;
    }
}

static void test_records_agree(void **state) {
    (void)state;
    mdl_model *m = hand_model(2, 0.0, 10 * HOUR);
    counts c = {0};
    c.part_product_ok = true;
    mdl_run *r = mdl_run_new_recorded(m, NULL, 0, on_record, &c);
    mdl_rep_result res = fx_result_at_end(r, m);
    mdl_bom_kpi ka;
    assert_true(mdl_run_bom_kpi(r, 2, 0, &ka));
    assert_true(c.part_product_ok);
    assert_int_equal(c.assembled, 3 * (long)ka.assembled);
    assert_int_equal(c.started_asm, (long)ka.assembled);
    assert_int_equal(c.ended_asm, (long)res.station[2][MDL_SKPI_UNITS_DONE]);
    assert_int_equal(c.shipped, (long)res.kpi[MDL_KPI_UNITS_OUT]);
    /* The first assembly starts at 6 min, then one every 6 min: 100 in 10 h
     * (the one at the horizon's instant may or may not run). */
    assert_true(ka.assembled >= 99 && ka.assembled <= 100);
    /* A log makes no difference to the numbers. */
    mdl_run *plain = mdl_run_new(m, NULL, 0);
    mdl_rep_result res2 = fx_result_at_end(plain, m);
    for (int k = 0; k < MDL_KPI_COUNT; k++) same_bits(res.kpi[k], res2.kpi[k]);
    fx_run_done(&res2, plain, NULL);
    fx_run_done(&res, r, m);
}

/* The model refuses what cannot run, with a message naming the problem. */
static void expect_refused(mdl_model *m, int product, const char *needle) {
    assert_false(mdl_model_check_bom(m, product));
    if (!strstr(mdl_model_error(m), needle)) fail_msg("expected '%s' in: %s", needle, mdl_model_error(m));
    assert_false(mdl_model_validate(m));
}

static void test_refusals(void **state) {
    (void)state;
    mdl_model *m = hand_model(2, 0.0, HOUR);
    /* no BOM line for an unknown product or a bad quantity */
    assert_false(mdl_model_add_bom_line(m, 2, 7, 1));
    assert_false(mdl_model_add_bom_line(m, 2, 0, 0));
    assert_false(mdl_model_add_bom_line(m, 2, 0, 1)); /* given twice */
    assert_true(strstr(mdl_model_error(m), "twice") != NULL);
    assert_true(mdl_model_validate(m));
    /* a cycle: A is made of P, which is made of A */
    assert_true(mdl_model_add_bom_line(m, 0, 2, 1));
    expect_refused(m, 0, "must start at the station that assembles it");
    expect_refused(m, 2, "cycle");
    mdl_model_free(m);

    /* a component whose route does not end at the assembly station */
    m = hand_model(2, 0.0, HOUR);
    const char *rc[] = {"ma"};
    int c = mdl_model_add_product(m, "C", rc, 1, 0);
    assert_true(mdl_model_add_push(m, c, sim_dist_exp(MIN), 0.0, 0) >= 0);
    assert_true(mdl_model_add_bom_line(m, 2, c, 1));
    expect_refused(m, 2, "no feeder for component 'C'");
    mdl_model_free(m);

    /* a component nothing releases */
    m = hand_model(2, 0.0, HOUR);
    const char *rd[] = {"mb", "asm"};
    int d = mdl_model_add_product(m, "D", rd, 2, 0);
    assert_true(mdl_model_add_bom_line(m, 2, d, 1));
    expect_refused(m, 2, "no release, order or bill of materials");
    mdl_model_free(m);

    /* the assembled product released itself */
    m = hand_model(2, 0.0, HOUR);
    assert_true(mdl_model_add_push(m, 2, sim_dist_exp(MIN), 0.0, 0) >= 0);
    expect_refused(m, 2, "cannot also be released");
    mdl_model_free(m);
}

/* ---- process batching (mdl_batching.c) ---------------------------------------- */

/* src (push, const ia) -> oven (batch, timeout, const cycle) -> out. */
static mdl_model *oven_model(double ia, int batch, double timeout, double cycle) {
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("oven", sim_dist_const(cycle));
    s.batch = batch;
    s.batch_timeout = timeout;
    assert_true(mdl_model_add_station(m, &s) >= 0);
    s = fx_station("out", sim_dist_const(0.0));
    assert_true(mdl_model_add_station(m, &s) >= 0);
    const char *route[] = {"oven", "out"};
    int p = mdl_model_add_product(m, "part", route, 2, 0);
    assert_true(mdl_model_add_push(m, p, sim_dist_const(ia), 0.0, 0) >= 0);
    fx_set_window(m, 120 * MIN, 2520 * MIN);
    return m;
}

typedef struct batch_counts {
    long batched, shipped;
} batch_counts;

static void on_batch_record(void *ctx, const mdl_record *rec) {
    batch_counts *c = ctx;
    if (rec->kind == MDL_LOG_BATCH && rec->time >= 120 * MIN) c->batched++;
    if (rec->kind == MDL_LOG_EXIT && rec->time >= 120 * MIN) c->shipped++;
}

static void run_oven(mdl_model *m, double tput, double wait, double busy, double size) {
    batch_counts c = {0};
    fx_ran x;
    fx_run_kept(m, &x, on_batch_record, &c);
    assert_near(x.res.kpi[MDL_KPI_THROUGHPUT_PER_H], tput, 1e-9);
    assert_near(x.res.station[0][MDL_SKPI_WAIT_S], wait, 1e-6);
    assert_near(x.res.station[0][MDL_SKPI_STATE_BUSY], busy, 1e-9);
    double mean;
    uint64_t n;
    assert_true(mdl_run_batch_kpi(x.run, 0, &mean, &n));
    assert_near(mean, size, 1e-12);
    assert_false(mdl_run_batch_kpi(x.run, 1, &mean, &n));
    /* one "batched" record per unit in a batch; as many as shipped here */
    assert_int_equal(c.shipped, (long)x.res.kpi[MDL_KPI_UNITS_OUT]);
    assert_true(labs(c.batched - c.shipped) <= (long)size);
    fx_ran_fini(&x);
}

/* Full batches: a part every 2 min, batches of 3, 5 min in the oven. The
 * third part of a batch arrives at 6j min and the batch starts at once
 * (the oven is free from 6j - 1): 30 parts/h, the oven busy 5/6 of the
 * time, the parts wait 4, 2 and 0 min (mean 2 min). */
static void test_batch_full(void **state) {
    (void)state;
    mdl_model *m = oven_model(2 * MIN, 3, -1.0, 5 * MIN);
    run_oven(m, 30.0, 2 * MIN, 5.0 / 6.0, 3.0);
    mdl_model_free(m);
}

/* The timeout: a part every 4 min, batches of up to 3, a timeout of 5
 * min, 3 min in the oven. The part of 8j + 4 waits 5 min, the one of
 * 8j + 8 has come by then: batches of 2 every 8 min, starting at 8j + 9:
 * 15 parts/h, busy 3/8, waits 5 and 1 min (mean 3 min). */
static void test_batch_timeout(void **state) {
    (void)state;
    mdl_model *m = oven_model(4 * MIN, 3, 5 * MIN, 3 * MIN);
    run_oven(m, 15.0, 3 * MIN, 3.0 / 8.0, 2.0);
    mdl_model_free(m);
}

/* An order at a batching station: its units enter the buffer one by one
 * (elsewhere an order's units may wait in an unlimited buffer as one
 * entry, made into units as servers take them; a batch takes several at
 * once, and it took that entry for a unit and crashed). 7 parts at 0,
 * batches of 3, a timeout of 1 min, 5 min in the oven: batches of 3, 3
 * and 1 start at 0, 5 and 10 min, 7 parts out by 15 min. */
static void test_batch_order(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("oven", sim_dist_const(5 * MIN));
    s.batch = 3;
    s.batch_timeout = MIN;
    assert_true(mdl_model_add_station(m, &s) >= 0);
    const char *route[] = {"oven"};
    int p = mdl_model_add_product(m, "part", route, 1, 0);
    assert_true(mdl_model_add_order(m, "o1", p, 7, 0.0, -1.0) >= 0);
    fx_set_window(m, 0.0, HOUR);
    mdl_run *r = fx_run_new(m, 0.0, HOUR);
    mdl_rep_result res = fx_result_at_end(r, m);
    assert_near(res.kpi[MDL_KPI_UNITS_OUT], 7.0, 0.0);
    assert_near(res.station[0][MDL_SKPI_STATE_BUSY], 15.0 / 60.0, 1e-12);
    double mean;
    uint64_t n;
    assert_true(mdl_run_batch_kpi(r, 0, &mean, &n));
    assert_int_equal(n, 3);
    assert_near(mean, 7.0 / 3.0, 1e-12);
    fx_run_done(&res, r, m);
}

/* A batch station before a finite buffer is refused: a batch leaves whole. */
static void test_batch_refused(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_station_spec s = fx_station("oven", sim_dist_const(MIN));
    s.batch = 4;
    assert_true(mdl_model_add_station(m, &s) >= 0);
    s.id = "out";
    s.batch = 0;
    s.buffer = 2;
    assert_true(mdl_model_add_station(m, &s) >= 0);
    const char *route[] = {"oven", "out"};
    int p = mdl_model_add_product(m, "part", route, 2, 0);
    assert_true(mdl_model_add_push(m, p, sim_dist_exp(MIN), 0.0, 0) >= 0);
    assert_false(mdl_model_validate(m));
    assert_non_null(strstr(mdl_model_error(m), "unlimited buffer"));
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_unlimited_buffers),
        cmocka_unit_test(test_records_agree),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_batch_full),
        cmocka_unit_test(test_batch_timeout),
        cmocka_unit_test(test_batch_order),
        cmocka_unit_test(test_batch_refused),
)
