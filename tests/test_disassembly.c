/*
 * test_disassembly.c - disassembly and lot splitting (mdl_disassembly.c):
 * deterministic cases worked out by hand (with and without blocking, a lot
 * split into pieces), the record stream's genealogy, and the model's
 * refusals (unknown part, no route onward, cycles, a part made twice).
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
#include "model_fixtures.h"
#include "test_table.h"
#include "test_helpers.h"
#include "test_main.h"

#define MIN 60.0
#define HOUR 3600.0

enum { ST_SRC, ST_DIS, ST_MA, ST_MB };

/* n stations with constant cycle times (minutes) and buffers (NULL: unlimited). */
static void add_stations(mdl_model *m, const char *const *ids, const double *cyc_min, const long *buf, int n) {
    for (int i = 0; i < n; i++)
        fx_add_machine(m, ids[i], sim_dist_const(cyc_min[i] * MIN), 1, buf ? buf[i] : -1, 0.0);
}
enum { P_KIT, P_A, P_B };

/* The line of the hand-worked cases:
 *   src (const `src_min`, unlimited supply of kits) -> dis (const 2 min,
 *   buffer `dis_buf`) takes a kit apart into A x 1 and B x 2;
 *   A -> ma (const 4 min), B -> mb (const 3 min, buffer `mb_buf`). */
static mdl_model *kit_model(double src_min, long dis_buf, long mb_buf, double warmup, double horizon) {
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    const char *ids[] = {"src", "dis", "ma", "mb"};
    const double cyc[] = {src_min, 2, 4, 3};
    const long buf[] = {-1, dis_buf, -1, mb_buf};
    add_stations(m, ids, cyc, buf, 4);
    /* In the order of P_KIT, P_A, P_B. */
    static const test_route routes[] = {{"kit", {"src", "dis"}}, {"A", {"dis", "ma"}}, {"B", {"dis", "mb"}}};
    test_add_routes(m, routes, 3);
    assert_true(mdl_model_add_unlimited(m, P_KIT) >= 0);
    assert_true(mdl_model_add_part_line(m, P_KIT, P_A, 1));
    assert_true(mdl_model_add_part_line(m, P_KIT, P_B, 2));
    fx_set_window(m, warmup, horizon);
    return m;
}

/* No blocking. A kit reaches dis every 10 min (src is the bottleneck) and
 * is taken apart in 2 min: its A goes to the idle ma, its first B to the
 * idle mb, its second B waits 3 min in mb's buffer. Per hour: 6 kits, 18
 * units out (6 A, 12 B); dis busy 1/5 of the time and never blocked; mb
 * busy 6/10; a B waits 1.5 min on average at mb; no part waits on dis's
 * server. In a window of 100 h: 600 kits (the horizon's instant aside). */
static void test_no_blocking(void **state) {
    (void)state;
    mdl_model *m = kit_model(10, -1, -1, 10 * HOUR, 110 * HOUR);
    fx_ran x;
    fx_run_kept(m, &x, NULL, NULL);
    assert_near(x.res.kpi[MDL_KPI_THROUGHPUT_PER_H], 18.0, 0.03);
    assert_near(x.res.kpi[MDL_KPI_UNITS_OUT], 1800.0, 3.0);
    assert_near(x.res.station[ST_DIS][MDL_SKPI_STATE_BUSY], 0.2, 1e-3);
    assert_near(x.res.station[ST_DIS][MDL_SKPI_STATE_BLOCKED], 0.0, 1e-12);
    assert_near(x.res.station[ST_MB][MDL_SKPI_STATE_BUSY], 0.6, 1e-3);
    assert_near(x.res.station[ST_MB][MDL_SKPI_WAIT_S], 1.5 * MIN, 1e-6);
    mdl_ds_kpi k;
    assert_true(mdl_run_ds_kpi(x.run, ST_DIS, &k));
    assert_int_equal(k.product, P_KIT);
    assert_true(k.taken_apart >= 599 && k.taken_apart <= 601);
    assert_int_equal(k.parts, 3 * k.taken_apart);
    assert_near(k.part_wait_mean_s, 0.0, 1e-9);
    assert_false(mdl_run_ds_kpi(x.run, ST_MA, &k));
    fx_ran_fini(&x);
    mdl_model_free(m);
}

/* Blocking. mb holds one B and no buffer (buffer 0), src is fast (4 min)
 * and dis's buffer holds one kit, so a kit always waits for dis. mb is
 * the bottleneck: two B per kit, 3 min each, so one kit per 6 min. In
 * steady state (from the first minutes on), with mb starting a B at 6k
 * and 6k + 3: dis is freed at 6k + 3 (its last B entered mb), takes the
 * next kit apart until 6k + 5, hands A on at once, its first B waits on
 * the server until mb frees at 6k + 6 and its second until 6k + 9. So
 * per 6 min dis is busy 2 and blocked 4; the parts wait 0, 1 and 4 min
 * on the server (mean 5/3 min = 100 s); 10 kits, 30 units out per hour;
 * ma is busy 4/6 of the time, mb all of it. */
static void test_blocking(void **state) {
    (void)state;
    mdl_model *m = kit_model(4, 1, 0, 10 * HOUR, 110 * HOUR);
    fx_ran x;
    fx_run_kept(m, &x, NULL, NULL);
    assert_near(x.res.kpi[MDL_KPI_THROUGHPUT_PER_H], 30.0, 0.03);
    assert_near(x.res.station[ST_DIS][MDL_SKPI_STATE_BUSY], 1.0 / 3.0, 1e-3);
    assert_near(x.res.station[ST_DIS][MDL_SKPI_STATE_BLOCKED], 2.0 / 3.0, 1e-3);
    assert_near(x.res.station[ST_MB][MDL_SKPI_STATE_BUSY], 1.0, 1e-9);
    assert_near(x.res.station[ST_MA][MDL_SKPI_STATE_BUSY], 2.0 / 3.0, 1e-3);
    mdl_ds_kpi k;
    assert_true(mdl_run_ds_kpi(x.run, ST_DIS, &k));
    assert_true(k.taken_apart >= 999 && k.taken_apart <= 1001);
    assert_near(k.part_wait_mean_s, 100.0, 0.3);
    fx_ran_fini(&x);
    mdl_model_free(m);
}

/* A lot split into pieces: a lot of 5 reaches `split` every 10 min (1 min
 * to split), its pieces queue at `pc` (const 1.5 min): 5 pieces take 7.5
 * min, before the next lot comes. Per hour 30 pieces; the k-th piece of a
 * lot waits 1.5 (k - 1) min at pc: mean 3 min. */
static void test_lot_split(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    const char *ids[] = {"src", "split", "pc"};
    const double cyc[] = {10, 1, 1.5};
    add_stations(m, ids, cyc, NULL, 3);
    static const test_route routes[] = {{"lot", {"src", "split"}}, {"piece", {"split", "pc"}}};
    enum { lot, piece };
    test_add_routes(m, routes, 2);
    assert_true(mdl_model_add_unlimited(m, lot) >= 0);
    assert_true(mdl_model_add_part_line(m, lot, piece, 5));
    fx_set_window(m, 10 * HOUR, 110 * HOUR);
    fx_ran x;
    fx_run_kept(m, &x, NULL, NULL);
    assert_near(x.res.kpi[MDL_KPI_THROUGHPUT_PER_H], 30.0, 0.05);
    assert_near(x.res.station[2][MDL_SKPI_WAIT_S], 3 * MIN, 1e-3);
    assert_near(x.res.station[2][MDL_SKPI_STATE_BUSY], 0.75, 1e-3);
    fx_ran_fini(&x);
    mdl_model_free(m);
}

/* The record stream: per kit, three "created" and three "disassembled"
 * records (unit: the kit, part: the new part, A first then two B), each
 * part created before its "disassembled" record, and every part shipped
 * with a serial the stream named as a part. */
typedef struct genealogy {
    long disassembled, shipped_parts, kits_done, bad;
    uint64_t last_kit, last_created;
    int parts_of_last;
    uint64_t *part_of; /* part serial -> kit serial */
    size_t cap;
} genealogy;

static void on_record(void *ctx, const mdl_record *rec) {
    genealogy *g = ctx;
    if (rec->kind == MDL_LOG_CREATE) g->last_created = rec->unit;
    if (rec->kind == MDL_LOG_FINISH && rec->station == ST_DIS) g->kits_done++;
    if (rec->kind == MDL_LOG_DISASSEMBLE) {
        g->disassembled++;
        if (rec->unit != g->last_kit) {
            if (g->last_kit && g->parts_of_last != 3) g->bad++;
            g->last_kit = rec->unit;
            g->parts_of_last = 0;
        }
        g->parts_of_last++;
        if (rec->product != P_KIT || rec->station != ST_DIS || rec->part != g->last_created || rec->part <= rec->unit)
            g->bad++;
        if (rec->part_product != (g->parts_of_last == 1 ? P_A : P_B)) g->bad++;
        if (rec->part < g->cap) g->part_of[rec->part] = rec->unit;
    }
    if (rec->kind == MDL_LOG_EXIT) {
        if (rec->product == P_KIT) g->bad++; /* a kit never ships: it is taken apart */
        else if (rec->unit < g->cap && g->part_of[rec->unit] != 0) g->shipped_parts++;
        else g->bad++;
    }
}

static void test_records_genealogy(void **state) {
    (void)state;
    mdl_model *m = kit_model(4, 1, 0, 0.0, 10 * HOUR);
    genealogy g = {0};
    g.cap = 100000;
    g.part_of = calloc(g.cap, sizeof *g.part_of);
    mdl_run *r = mdl_run_new_recorded(m, NULL, 0, on_record, &g);
    mdl_rep_result res = fx_result_at_end(r, m);
    assert_int_equal(g.bad, 0);
    mdl_ds_kpi k;
    assert_true(mdl_run_ds_kpi(r, ST_DIS, &k));
    assert_int_equal(g.disassembled, 3 * (long)k.taken_apart);
    assert_int_equal(g.kits_done, (long)k.taken_apart);
    assert_int_equal(g.shipped_parts, (long)res.kpi[MDL_KPI_UNITS_OUT]);
    /* A log changes no number. */
    mdl_run *plain = mdl_run_new(m, NULL, 0);
    mdl_rep_result res2 = fx_result_at_end(plain, m);
    for (int i = 0; i < MDL_KPI_COUNT; i++) same_bits(res.kpi[i], res2.kpi[i]);
    fx_run_done(&res2, plain, NULL);
    fx_run_done(&res, r, m);
    free(g.part_of);
}

/* The same figures in a replication's results (mdl_rep_flow_kpi), which
 * `run` prints: the blocking case's disassembly station (above). */
static void test_rep_results(void **state) {
    (void)state;
    mdl_model *m = kit_model(4, 1, 0, 10 * HOUR, 110 * HOUR);
    fx_ran x;
    fx_run_kept(m, &x, NULL, NULL);
    mdl_ds_kpi k;
    assert_true(mdl_run_ds_kpi(x.run, ST_DIS, &k));
    assert_near(mdl_rep_flow_kpi(&x.res, ST_DIS, MDL_XKPI_TAKEN_APART), (double)k.taken_apart, 0.0);
    assert_near(mdl_rep_flow_kpi(&x.res, ST_DIS, MDL_XKPI_PARTS), 3.0 * (double)k.taken_apart, 0.0);
    assert_near(mdl_rep_flow_kpi(&x.res, ST_DIS, MDL_XKPI_PART_WAIT_S), 100.0, 0.3);
    assert_true(isnan(mdl_rep_flow_kpi(&x.res, ST_MA, MDL_XKPI_TAKEN_APART)));
    assert_true(isnan(mdl_rep_flow_kpi(&x.res, ST_DIS, MDL_XKPI_KITS)));
    assert_true(isnan(mdl_rep_flow_kpi(&x.res, ST_DIS, MDL_XKPI_BATCHES)));
    fx_ran_fini(&x);
    mdl_model_free(m);
}

/* Batching KPIs by hand: units reach the oven every 10 min (src, const
 * 10 min, unlimited supply); the oven takes up to 3 (5 min), or fewer when
 * the first has waited 15 min. A unit comes at 10k; the timeout of the
 * one at 0 starts a batch of 2 at 15 (waits 15 and 5 min), done at 20,
 * when the next arrives: every batch starts at the timeout with 2 units,
 * one per 20 min, mean wait 10 min. 300 batches in a window of 100 h. */
static void test_batching_kpis(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_station_spec oven = fx_station("oven", sim_dist_const(5 * MIN));
    oven.batch = 3;
    oven.batch_timeout = 15 * MIN;
    fx_add_machine(m, "src", sim_dist_const(10 * MIN), 1, -1, 0.0);
    fx_add_station(m, &oven);
    fx_add_machine(m, "out", sim_dist_const(1 * MIN), 1, -1, 0.0);
    const char *rp[] = {"src", "oven", "out"};
    int p = mdl_model_add_product(m, "p", rp, 3, 0);
    assert_true(mdl_model_add_unlimited(m, p) >= 0);
    fx_set_window(m, 10 * HOUR, 110 * HOUR);
    fx_ran x;
    fx_run_kept(m, &x, NULL, NULL);
    double n = mdl_rep_flow_kpi(&x.res, 1, MDL_XKPI_BATCHES);
    assert_true(n >= 299 && n <= 301);
    assert_near(mdl_rep_flow_kpi(&x.res, 1, MDL_XKPI_BATCH_SIZE), 2.0, 1e-12);
    assert_near(mdl_rep_flow_kpi(&x.res, 1, MDL_XKPI_BATCHES_FULL), 0.0, 0.0);
    assert_near(mdl_rep_flow_kpi(&x.res, 1, MDL_XKPI_BATCHES_TIMEOUT), n, 0.0);
    assert_near(mdl_rep_flow_kpi(&x.res, 1, MDL_XKPI_BATCH_WAIT_S), 10 * MIN, 1e-6);
    assert_true(isnan(mdl_rep_flow_kpi(&x.res, 0, MDL_XKPI_BATCHES)));
    assert_int_equal(x.res.nbomlines, 0);
    fx_ran_fini(&x);
    mdl_model_free(m);
}

/* Refusals of the model (the scene's are in tests/broken/parts_*.cfg). */
static void expect_refused(mdl_model *m, const char *needle) {
    assert_false(mdl_model_validate(m));
    if (!strstr(mdl_model_error(m), needle)) fail_msg("'%s' does not say '%s'", mdl_model_error(m), needle);
    mdl_model_free(m);
}

static mdl_model *two_products(const char *const *r0, int n0, const char *const *r1, int n1) {
    mdl_model *m = mdl_model_new();
    const char *ids[] = {"src", "dis", "ma"};
    const double cyc[] = {1, 1, 1};
    add_stations(m, ids, cyc, NULL, 3);
    assert_int_equal(mdl_model_add_product(m, "kit", r0, n0, 0), 0);
    assert_int_equal(mdl_model_add_product(m, "A", r1, n1, 0), 1);
    assert_true(mdl_model_add_push(m, 0, sim_dist_const(5 * MIN), 0.0, 0) >= 0);
    return m;
}

static void test_refusals(void **state) {
    (void)state;
    const char *rk[] = {"src", "dis"}, *ra[] = {"dis", "ma"}, *ra1[] = {"dis"}, *rbad[] = {"ma", "dis"};
    mdl_model *m = two_products(rk, 2, ra1, 1);
    assert_true(mdl_model_add_part_line(m, 0, 1, 2));
    expect_refused(m, "part 'A' has no route onward");
    m = two_products(rk, 2, rbad, 2);
    assert_true(mdl_model_add_part_line(m, 0, 1, 2));
    expect_refused(m, "must start at 'dis'");
    m = two_products(rk, 2, ra, 2);
    assert_true(mdl_model_add_part_line(m, 0, 1, 2));
    assert_false(mdl_model_add_part_line(m, 0, 1, 1)); /* given twice */
    assert_false(mdl_model_add_part_line(m, 0, 1, 0)); /* quantity */
    assert_false(mdl_model_add_part_line(m, 0, 7, 1)); /* no such product */
    assert_true(mdl_model_add_push(m, 1, sim_dist_const(5 * MIN), 0.0, 0) >= 0);
    expect_refused(m, "cannot also be released");
    /* A cycle: A is taken apart into kit at ma... */
    const char *rk2[] = {"ma", "src", "dis"}, *ra2[] = {"dis", "ma"};
    m = two_products(rk2, 3, ra2, 2);
    assert_true(mdl_model_add_part_line(m, 0, 1, 1));
    assert_true(mdl_model_add_part_line(m, 1, 0, 1));
    expect_refused(m, "a cycle");
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_no_blocking),
        cmocka_unit_test(test_blocking),
        cmocka_unit_test(test_lot_split),
        cmocka_unit_test(test_records_genealogy),
        cmocka_unit_test(test_rep_results),
        cmocka_unit_test(test_batching_kpis),
        cmocka_unit_test(test_refusals),
)
