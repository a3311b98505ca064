/*
 * test_scale_share.c - AGVs at plant scale (issue 21): the routing tables
 * live on the model, a row built when a run first needs it and shared by
 * every later run, fleet of the same speed and thread, with the results
 * the same bits as on a model no run has touched; and dispatching by
 * "nearest" walks out from the pick-up over the available vehicles
 * (mdl_agv_idle.c) with and without a battery, the same choices both
 * ways (fleets on a battery used to scan the fleet).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"

#include "../models/src/mdl_agv_internal.h"
#include "model_specs.h"
#include "test_main.h"
#include "model_fixtures.h"

typedef struct ladder_opts {
    int vehicles;    /* of fleet "agv" */
    bool battery;    /* a battery that never runs low (capacity 1e9 kWh, threshold 0) */
    double speed2;   /* > 0: a second fleet of 2 vehicles at this speed */
} ladder_opts;

/* bench_fleet's plant, small: a ladder of two rows of 2N nodes, 6 m apart,
 * two-way edges (fx_ladder); N stations on the bottom row each sending
 * units to the station one column on, on the top row, by the fleet. Equal
 * distances abound (the ties of "nearest"). */
static mdl_model *ladder(ladder_opts o) {
    mdl_model *m = mdl_model_new();
    int n = o.vehicles, cols = 2 * n, row0[64], row1[64];
    assert_true(cols <= 64);
    assert_true(fx_ladder(m, cols, row0, row1));
    mdl_fleet_spec f;
    mdl_fleet_spec_default(&f);
    f.id = "agv";
    f.count = n;
    f.load = sim_dist_const(15.0);
    f.unload = sim_dist_const(15.0);
    f.idle = MDL_IDLE_STAY;
    if (o.battery) {
        f.battery.enabled = true;
        f.battery.capacity_kwh = 1e9;
        f.battery.threshold = 0.0;
        f.battery.charge_kw = 1.0;
    }
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    if (o.speed2 > 0.0) {
        mdl_fleet_spec g;
        mdl_fleet_spec_default(&g);
        g.id = "other";
        g.count = 2;
        g.speed = o.speed2;
        g.idle = MDL_IDLE_STAY;
        assert_int_equal(mdl_model_add_fleet(m, &g), 1);
    }
    assert_true(fx_ladder_line(m, n, row0, row1, 120.0));
    assert_true(mdl_model_validate(m));
    return m;
}

/* Every fleet and vehicle KPI of replication `rep` over `days`, into out
 * (returns how many). */
static int run_kpis(const mdl_model *m, uint32_t rep, double days, double *out) {
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = days * 86400.0;
    rs.warmup = 3600.0;
    rs.seed = 5;
    mdl_run *r = mdl_run_new(m, &rs, rep);
    assert_non_null(r);
    mdl_rep_result res = fx_result_at_end(r, m);
    int k = 0;
    for (int f = 0; f < mdl_model_fleet_count(m); f++)
        for (int i = 0; i < MDL_FKPI_COUNT; i++) out[k++] = mdl_rep_fleet_kpi(&res, f, (mdl_fkpi)i);
    for (int v = 0; v < res.nvehicles; v++)
        for (int i = 0; i < MDL_FKPI_COUNT; i++) out[k++] = mdl_rep_vehicle_kpi(&res, v, (mdl_fkpi)i);
    fx_run_done(&res, r, NULL);
    return k;
}

static void counts(const mdl_model *m, int *tables, int *rows) {
    tr_tables_counts(mdl__transport_model_of(m)->tables, tables, rows);
}

/* Bit for bit, NaN equal to NaN. */
static void assert_same(const double *a, const double *b, int n) {
    for (int i = 0; i < n; i++) assert_memory_equal(&a[i], &b[i], sizeof a[i]);
}

enum { MAXK = 64 * MDL_FKPI_COUNT };

/* A run builds the rows it needs (not all of them); a second run of the
 * same model builds none for the same work, and every run gives the bits
 * it gives on a model no run has touched. Fleets of one speed share a
 * table, another speed has its own. */
static void rows_shared_by_runs(void **state) {
    (void)state;
    ladder_opts o = {8, false, 1.25};
    mdl_model *m = ladder(o);
    int t0, r0, t1, r1, t2, r2;
    counts(m, &t0, &r0);
    assert_int_equal(t0, 0);
    assert_int_equal(r0, 0);
    static double a[MAXK], b[MAXK], c[MAXK], d[MAXK];
    int n = run_kpis(m, 0, 2.0, a);
    counts(m, &t1, &r1);
    assert_int_equal(t1, 2); /* two speeds */
    assert_true(r1 > 0 && r1 < 2 * mdl_model_node_count(m));
    assert_int_equal(run_kpis(m, 0, 2.0, b), n);
    counts(m, &t2, &r2);
    assert_int_equal(t2, 2);
    assert_int_equal(r2, r1); /* the same work: every row was there */
    assert_same(a, b, n);
    run_kpis(m, 1, 2.0, c); /* replication 1 after 0 ... */
    mdl_model *fresh = ladder(o);
    assert_int_equal(run_kpis(fresh, 1, 2.0, d), n); /* ... and on its own */
    assert_same(c, d, n);
    assert_true(a[MDL_FKPI_UNITS] > 100.0);
    mdl_model_free(fresh);
    mdl_model_free(m);
    /* one speed: one table for both fleets */
    o.speed2 = 1.0;
    m = ladder(o);
    run_kpis(m, 0, 0.5, a);
    counts(m, &t1, &r1);
    assert_int_equal(t1, 1);
    mdl_model_free(m);
}

/* The replications of a batch on 1 and on 3 threads (rows built by
 * whichever thread asks first) give the same bits. */
static void batch_threads(void **state) {
    (void)state;
    ladder_opts o = {10, false, 0.0};
    mdl_model *m1 = ladder(o), *m3 = ladder(o);
    mdl_batch_options bo = {0};
    bo.run = *mdl_model_run(m1);
    bo.run.horizon = 86400.0;
    bo.run.warmup = 0.0;
    bo.run.replications = 6;
    bo.threads = 1;
    char err[256];
    mdl_batch *b1 = mdl_batch_run(m1, &bo, err, sizeof err);
    bo.threads = 3;
    mdl_batch *b3 = mdl_batch_run(m3, &bo, err, sizeof err);
    assert_non_null(b1);
    assert_non_null(b3);
    for (int r = 0; r < 6; r++)
        for (int k = 0; k < MDL_FKPI_COUNT; k++) {
            double x = mdl_rep_fleet_kpi(mdl_batch_rep(b1, r), 0, (mdl_fkpi)k), y = mdl_rep_fleet_kpi(mdl_batch_rep(b3, r), 0, (mdl_fkpi)k);
            assert_memory_equal(&x, &y, sizeof x);
        }
    mdl_batch_free(b1);
    mdl_batch_free(b3);
    mdl_model_free(m1);
    mdl_model_free(m3);
}

/* "nearest" walks out from the pick-up over the available vehicles; with
 * a battery (one that never runs low here) it also looks at each
 * candidate's level (the fleet was scanned for that before). Both must
 * choose the same vehicle for every request
 * (least free-flow time, ties to the lowest index): the same trips, units
 * and metres for every vehicle. */
static void walk_chooses_as_scan(void **state) {
    (void)state;
    for (int nv = 6; nv <= 24; nv += 9) {
        ladder_opts o = {nv, false, 0.0};
        mdl_model *walk = ladder(o);
        o.battery = true;
        mdl_model *scan = ladder(o);
        static double a[MAXK], b[MAXK];
        int n = run_kpis(walk, 0, 3.0, a);
        assert_int_equal(run_kpis(scan, 0, 3.0, b), n);
        const mdl_fkpi same[] = {MDL_FKPI_TRIPS, MDL_FKPI_UNITS, MDL_FKPI_DISTANCE_M, MDL_FKPI_REQUEST_WAIT_S, MDL_FKPI_DEADLOCKS};
        for (int v = 0; v <= nv; v++) /* the fleet, then each vehicle */
            for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
                int at = v * MDL_FKPI_COUNT + (int)same[i];
                assert_memory_equal(&a[at], &b[at], sizeof a[at]);
            }
        print_message("%d vehicles: %g units, %g trips of vehicle 0, %g of vehicle %d\n", nv, a[MDL_FKPI_UNITS],
                      a[MDL_FKPI_COUNT + MDL_FKPI_TRIPS], a[nv * MDL_FKPI_COUNT + MDL_FKPI_TRIPS], nv - 1);
        mdl_model_free(walk);
        mdl_model_free(scan);
    }
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(rows_shared_by_runs),
        cmocka_unit_test(batch_threads),
        cmocka_unit_test(walk_chooses_as_scan),
)
