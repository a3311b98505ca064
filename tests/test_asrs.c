/*
 * test_asrs.c - the AS/RS (mdl_asrs.h): crane cycle times against Bozer &
 * White's continuous-rack expectations (single and dual command, random
 * storage, simultaneous axes), a saturated AS/RS's throughput against
 * 1 / mean cycle time, travel with acceleration against the exact mean over
 * the rack's cells, closest-open and class-based storage, and bad input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"
#include "sim_stats.h"
#include "model_specs.h"
#include "test_expect.h"
#include "test_main.h"
#include "model_fixtures.h"

enum { BAYS = 60, LEVELS = 20, REPS = 10 };
#define SPEED_X 2.0 /* 60 m at 2 m/s: th = 30 s */
#define SPEED_Y 1.0 /* 20 m at 1 m/s: tv = 20 s */
#define HORIZON (100.0 * 3600.0)

static int station(mdl_model *m, const char *id, double cycle, long buffer) {
    mdl_station_spec s = fx_station(id, sim_dist_const(cycle));
    s.buffer = buffer;
    s.servers = 1;
    int i = mdl_model_add_station(m, &s);
    assert_true(i >= 0);
    return i;
}

static void rack(mdl_asrs_spec *s) {
    mdl_asrs_spec_default(s);
    s->id = "hbw";
    s->bays = BAYS;
    s->levels = LEVELS;
    s->speed_x = SPEED_X;
    s->speed_y = SPEED_Y;
}

/* A (1 s) -> AS/RS -> B (1 s), unlimited supply: the crane is the
 * bottleneck. `np` products alternate in the release (1 or 2). Built into
 * m (new, or with a calendar already), validated. */
static mdl_model *line_into(mdl_model *m, const mdl_asrs_spec *s, int np) {
    int A = station(m, "A", 1.0, -1);
    station(m, "B", 1.0, 2);
    assert_int_equal(mdl_model_add_asrs(m, s), 0);
    const char *route[] = {"A", "B"};
    const char *names[] = {"p", "q"};
    for (int k = 0; k < np; k++) {
        int p = mdl_model_add_product(m, names[k], route, 2, 0);
        assert_true(mdl_model_set_transport(m, p, A, MDL_TRANSPORT_ASRS, 0));
        mdl_model_add_unlimited(m, p);
    }
    assert_true(mdl_model_validate(m));
    return m;
}

static mdl_model *line(const mdl_asrs_spec *s, int np) { return line_into(mdl_model_new(), s, np); }

/* A rack drawing `moving`, `handling` and `idle` kW in those states. */
static void powered_rack(mdl_asrs_spec *s, double moving, double handling, double idle) {
    rack(s);
    s->power[MDL_CRANE_MOVING] = moving;
    s->power[MDL_CRANE_HANDLING] = handling;
    s->power[MDL_CRANE_IDLE] = idle;
}

/* A single-command rack (dual_command off) that assigns locations by `assign`. */
static void single_rack(mdl_asrs_spec *s, mdl_asrs_assign assign) {
    rack(s);
    s->dual_command = false;
    s->assign = assign;
}

/* The line of one product through a single-command rack that assigns by `assign`. */
static mdl_model *single_line(mdl_asrs_assign assign) {
    mdl_asrs_spec s;
    single_rack(&s, assign);
    return line(&s, 1);
}

typedef struct ci {
    double mean, half;
} ci;

/* REPS replications: the Student-t 95 % interval of the replication
 * means of KPI k, and the mean of KPI k2 (throughput etc.). */
static ci run_reps(mdl_model *m, mdl_wkpi k, double *line_th, double *util) {
    sim_tally t, th, u;
    sim_tally_reset(&t);
    sim_tally_reset(&th);
    sim_tally_reset(&u);
    for (uint32_t rep = 0; rep < REPS; rep++) {
        mdl_run_settings rs = *mdl_model_run(m);
        rs.horizon = HORIZON;
        rs.warmup = 3600.0;
        mdl_run *r = mdl_run_new(m, &rs, rep);
        assert_non_null(r);
        mdl_rep_result res = fx_result_at_end(r, m);
        sim_tally_add(&t, mdl_rep_asrs_kpi(&res, 0, k));
        sim_tally_add(&th, res.kpi[MDL_KPI_THROUGHPUT_PER_H]);
        sim_tally_add(&u, mdl_rep_asrs_kpi(&res, 0, MDL_WKPI_UTILIZATION));
        fx_run_done(&res, r, NULL);
    }
    if (line_th) *line_th = sim_tally_mean(&th);
    if (util) *util = sim_tally_mean(&u);
    return (ci){sim_tally_mean(&t), sim_t_quantile(0.975, REPS - 1) * sim_tally_sd(&t) / sqrt(REPS)};
}

/* Bozer & White (1984): rack time T = max(th, tv), shape Q = min / T. */
static void shape(double *T, double *Q) {
    double th = BAYS / SPEED_X, tv = LEVELS / SPEED_Y;
    *T = th > tv ? th : tv;
    *Q = (th > tv ? tv : th) / *T;
}

static void single_command(void **state) {
    (void)state;
    mdl_model *m = single_line(MDL_ASRS_RANDOM);
    double T, Q, th, util;
    shape(&T, &Q);
    double exact = T * (1.0 + Q * Q / 3.0); /* E[SC] = T (1 + Q^2 / 3) = 34.44 s */
    ci c = run_reps(m, MDL_WKPI_SINGLE_S, &th, &util);
    printf("single command: %.4f +- %.4f s, closed form %.4f s\n", c.mean, c.half, exact);
    assert_true(fabs(c.mean - exact) <= c.half);
    assert_true(c.half < 0.005 * exact);
    /* Saturated: the crane never rests; a unit takes two single cycles
     * (store, retrieve), so the line makes 3600 / (2 E[SC]) units an hour. */
    assert_true(util > 0.999);
    double want = 3600.0 / (2.0 * exact);
    printf("saturated single-command throughput %.3f /h, 1 / (2 E[SC]) = %.3f /h\n", th, want);
    assert_true(fabs(th - want) < 0.005 * want);
    mdl_model_free(m);
}

static void dual_command(void **state) {
    (void)state;
    mdl_asrs_spec s;
    rack(&s);
    mdl_model *m = line(&s, 1);
    double T, Q, th, util;
    shape(&T, &Q);
    double exact = T / 30.0 * (40.0 + 15.0 * Q * Q - Q * Q * Q); /* E[DC] = 46.37 s */
    ci c = run_reps(m, MDL_WKPI_DUAL_S, &th, &util);
    printf("dual command: %.4f +- %.4f s, closed form %.4f s\n", c.mean, c.half, exact);
    assert_true(fabs(c.mean - exact) <= c.half);
    assert_true(c.half < 0.005 * exact);
    /* Saturated dual command: one unit in and one out per cycle. */
    double want = 3600.0 / exact;
    printf("saturated dual-command throughput %.3f /h, 1 / E[DC] = %.3f /h\n", th, want);
    assert_true(util > 0.999);
    assert_true(fabs(th - want) < 0.005 * want);
    mdl_model_free(m);
}

/* One axis from rest to rest, written out here: accelerate at a to v,
 * cruise, brake; or accelerate to the midpoint and brake. */
static double axis(double d, double v, double a) {
    double d_ramp = v * v / (2.0 * a); /* distance to reach v */
    if (d >= 2.0 * d_ramp) return 2.0 * v / a + (d - 2.0 * d_ramp) / v;
    return 2.0 * sqrt(d / a);
}

static void acceleration(void **state) {
    (void)state;
    mdl_asrs_spec s;
    single_rack(&s, MDL_ASRS_RANDOM);
    s.accel_x = 0.5; /* 4 s and 4 m to reach 2 m/s */
    s.accel_y = 0.25;
    mdl_model *m = line(&s, 1);
    double sum = 0.0; /* exact mean over the (equally likely) cells */
    for (int b = 0; b < BAYS; b++)
        for (int l = 0; l < LEVELS; l++) {
            double tx = axis(b + 0.5, SPEED_X, 0.5), ty = axis(l + 0.5, SPEED_Y, 0.25);
            sum += 2.0 * (tx > ty ? tx : ty);
        }
    double exact = sum / (BAYS * LEVELS);
    assert_true(fabs(mdl_asrs_travel_time(&s, 1.0, 0.0) - 2.0 * sqrt(1.0 / 0.5)) < 1e-12);
    assert_true(fabs(mdl_asrs_travel_time(&s, 30.0, 3.0) - (30.0 / 2.0 + 2.0 / 0.5)) < 1e-12);
    ci c = run_reps(m, MDL_WKPI_SINGLE_S, NULL, NULL);
    printf("single command with acceleration: %.4f +- %.4f s, exact %.4f s\n", c.mean, c.half, exact);
    assert_true(fabs(c.mean - exact) <= c.half);
    assert_true(c.half < 0.005 * exact);
    mdl_model_free(m);
}

/* Closest open location: with one unit in the rack at a time, every store
 * goes to the closest cell (0.5 m along, 0.5 m up): 2 x max(0.25, 0.5) s. */
static void closest(void **state) {
    (void)state;
    mdl_model *m = single_line(MDL_ASRS_CLOSEST);
    ci c = run_reps(m, MDL_WKPI_SINGLE_S, NULL, NULL);
    assert_true(fabs(c.mean - 1.0) < 1e-9);
    mdl_model_free(m);
}

/* Class-based: one product is the fastest mover, so it goes to class A,
 * the 20 % of the cells nearest by travel time. With random storage in
 * class A the mean single-command time is the mean over those cells. */
static void class_based(void **state) {
    (void)state;
    mdl_model *m = single_line(MDL_ASRS_CLASS);
    /* The 20 % fastest of the 2 x 1200 cells (the two faces alike): the
     * 240 fastest of one face's 1200 single-command times. */
    double t[BAYS * LEVELS];
    int n = 0;
    for (int b = 0; b < BAYS; b++)
        for (int l = 0; l < LEVELS; l++) {
            double tx = (b + 0.5) / SPEED_X, ty = (l + 0.5) / SPEED_Y;
            t[n++] = 2.0 * (tx > ty ? tx : ty);
        }
    for (int i = 0; i < n; i++) /* partial selection sort: the 240 smallest first */
        for (int j = i + 1; j < n && i < 240; j++)
            if (t[j] < t[i]) {
                double x = t[i];
                t[i] = t[j];
                t[j] = x;
            }
    double sum = 0.0;
    for (int i = 0; i < 240; i++) sum += t[i];
    double exact = sum / 240.0;
    ci c = run_reps(m, MDL_WKPI_SINGLE_S, NULL, NULL);
    printf("class A: %.4f +- %.4f s, exact %.4f s\n", c.mean, c.half, exact);
    assert_true(fabs(c.mean - exact) <= c.half + 1e-9);
    assert_true(c.half < 0.01 * exact);
    mdl_model_free(m);
}

/* The line's power now (the viewer's power chart) includes the cranes:
 * with stations that draw nothing it is the crane's power in its state. */
static void power_now(void **state) {
    (void)state;
    mdl_asrs_spec s;
    powered_rack(&s, 10.0, 4.0, 1.0);
    s.handling = sim_dist_const(3.0);
    mdl_model *m = line(&s, 1);
    mdl_run *r = fx_run_new(m, 0.0, 3600.0);
    int seen[MDL_CRANE_STATE_COUNT] = {0};
    for (int i = 1; i <= 400; i++) {
        mdl_run_until(r, i * 7.3);
        mdl_crane_view cv;
        assert_true(mdl_run_crane(r, 0, 0, &cv));
        seen[cv.state]++;
        assert_true(fabs(mdl_run_power_now(r) - s.power[cv.state]) < 1e-12);
    }
    assert_true(seen[MDL_CRANE_MOVING] > 0 && seen[MDL_CRANE_HANDLING] > 0);
    mdl_run_free(r);
    mdl_model_free(m);
}

/* FIFO retrieval: with one aisle units reach B in the order they left A
 * (dual command, random storage); two aisles keep the line running. */
typedef struct order_log {
    uint64_t last;
    int starts, out_of_order;
} order_log;

static void watch_b(void *ctx, double time, mdl_log_kind kind, int station, uint64_t unit) {
    (void)time;
    order_log *l = ctx;
    if (station != 1) return;
    if (kind != MDL_LOG_START) return;
    if (unit < l->last) l->out_of_order++;
    l->last = unit;
    l->starts++;
}

static void fifo_order(void **state) {
    (void)state;
    /* 2 aisles: a unit stored later in the other aisle may be retrieved
     * sooner, so order holds per aisle only; with one aisle it is strict. */
    for (int aisles = 2; aisles >= 1; aisles--) {
        mdl_asrs_spec s;
        rack(&s);
        s.aisles = aisles;
        mdl_model *m = line(&s, 1);
        double horizon = 20.0 * 3600.0;
        mdl_run *r = fx_run_new(m, 0.0, horizon);
        order_log l = {0, 0, 0};
        mdl_run_set_log(r, watch_b, &l);
        mdl_run_until(r, horizon);
        assert_true(l.starts > 1000);
        if (aisles == 1) assert_int_equal(l.out_of_order, 0);
        mdl_run_free(r);
        mdl_model_free(m);
    }
}

/* Cranes follow the line's calendar: on 8 h a day, the crane works only
 * then (ending the cycle in hand), is `off` and draws nothing otherwise,
 * and its utilisation is over the hours on. */
static void crane_calendar(void **state) {
    (void)state;
    mdl_asrs_spec s;
    powered_rack(&s, 10.0, 0.0, 1.0);
    mdl_model *m = mdl_model_new();
    int cal = mdl_model_add_calendar(m, "day");
    assert_true(cal >= 0);
    for (int d = 0; d < 7; d++) assert_true(mdl_calendar_add_shift(m, cal, "day", d * 86400.0 + 8 * 3600.0, d * 86400.0 + 16 * 3600.0));
    assert_true(mdl_model_set_line_calendar(m, cal));
    line_into(m, &s, 1);
    mdl_run *r = fx_run_new(m, 0.0, 7 * 86400.0);
    mdl_crane_view cv;
    mdl_run_until(r, 4 * 3600.0); /* before the first shift */
    assert_true(mdl_run_crane(r, 0, 0, &cv));
    assert_int_equal(cv.state, MDL_CRANE_OFF);
    assert_true(mdl_run_power_now(r) == 0.0);
    mdl_run_until(r, 12 * 3600.0);
    assert_true(mdl_run_crane(r, 0, 0, &cv));
    assert_int_not_equal(cv.state, MDL_CRANE_OFF);
    mdl_run_until(r, 17 * 3600.0); /* an hour after the shift: the last cycle has ended */
    assert_true(mdl_run_crane(r, 0, 0, &cv));
    assert_int_equal(cv.state, MDL_CRANE_OFF);
    mdl_rep_result res = fx_result_at_end(r, m);
    assert_true(mdl_rep_asrs_kpi(&res, 0, MDL_WKPI_UTILIZATION) > 0.99); /* saturated while on */
    fx_run_done(&res, r, m);
}

static void bad_input(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    mdl_asrs_spec s;
    rack(&s);
    s.levels = 0;
    TEST_EXPECT_REFUSED(m, mdl_model_add_asrs(m, &s), "asrs 'hbw': levels: the racks have no locations");
    rack(&s);
    s.accel_x = 0.0;
    TEST_EXPECT_REFUSED(m, mdl_model_add_asrs(m, &s), "asrs 'hbw': accel_x: must be > 0");
    rack(&s);
    s.accel_y = -1.0;
    TEST_EXPECT_REFUSED(m, mdl_model_add_asrs(m, &s), "accel_y");
    rack(&s);
    s.assign = MDL_ASRS_CLASS;
    s.class_share[2] = 0.4;
    TEST_EXPECT_REFUSED(m, mdl_model_add_asrs(m, &s), "add up to 1");
    rack(&s);
    assert_int_equal(mdl_model_add_asrs(m, &s), 0);
    assert_int_equal(mdl_model_add_asrs(m, &s), -1);
    assert_int_equal(mdl_model_find_asrs(m, "hbw"), 0);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(single_command),
        cmocka_unit_test(dual_command),
        cmocka_unit_test(acceleration),
        cmocka_unit_test(closest),
        cmocka_unit_test(class_based),
        cmocka_unit_test(power_now),
        cmocka_unit_test(fifo_order),
        cmocka_unit_test(crane_calendar),
        cmocka_unit_test(bad_input),
)
