/*
 * test_identities.c - relations every run must satisfy whatever its
 * randomness: Little's law, the energy identity, the time ledger, OEE and
 * the KPI definitions of docs/kpis.md and the JSON contract of docs/cli.md.
 *
 * Three lines exercise most of the model: (1) a push line with finite
 * buffers (blocking), a two-server station, calendar- and operating-time
 * breakdowns and standby power; (2) two products with setups on product
 * change, a shift calendar with breaks, and inspection with rework; (3) a
 * line that scraps at a station and at inspection.
 *
 * Exact to rounding, in every replication (tolerance 1e-9 relative):
 * - the six ledger shares of each station add to 1; standby <= idle;
 * - utilization = busy share; availability = 1 - down / (1 - off);
 * - OEE = availability x performance x quality;
 * - line OEE (docs/kpis.md) = availability x performance of the station
 *   with the largest busy + setup share x the line's quality, good units
 *   out / (good out + defective out + scrapped);
 * - energy_kwh of a station = sum over states of power(state) x share x
 *   window x servers / 3600 (idle power on idle minus standby, standby
 *   power on standby); line energy = sum of the stations';
 * - throughput_per_h = units_out / window_h; energy_kwh_per_unit,
 *   units_per_kwh, energy, material and operating cost and cost per unit
 *   from their definitions (mdl_model.h, mdl_run.h); scrap_rate =
 *   scrapped / (scrapped + out).
 * Statistical (Little's law, L = lambda W): the window-edge term
 * d = L - (N / T) W has expectation zero in steady state (and over whole
 * weeks of a weekly calendar); it must be within the family-wise
 * half-width of L (40 replications, Bonferroni over the K_CHECKS = 11
 * checks of this file: t(1 - 0.05 / 22, 39) = 3.012; ci_family.h) plus
 * 0.5 % of L. Checked for the line (no scrap: lead time covers every unit
 * that leaves) and for each station's buffer (arrival rate = units done
 * here / window; wait_s over the same units). Four times the replications
 * of the 95 %-era file (10) make the half-widths 2/3 of what they were
 * (3.012 / sqrt(40) against 2.262 / sqrt(10)).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "sim_dist.h"

#include "ci_family.h"
#include "test_helpers.h"
#include "model_fixtures.h"
#include "test_main.h"

#define HOUR 3600.0
#define DAY (24.0 * HOUR)
#define WEEK (7.0 * DAY)
#define REPS 40
#define THREADS 2
#define SEED UINT64_C(30005) /* fixed before the first run; never tuned */

/*
 * The interval checks of this file, for the Bonferroni level (ci_family.h):
 * Little's law for the line and each of its 3 buffers in the blocking line
 * (4) and the shift line (4), for the 3 buffers of the scrap line (3).
 */
#define K_CHECKS (4 + 4 + 3)
/* Busy + setup share of a station's scheduled (on-shift) time. */
static double sched_load(const double *k) {
    double sched = 1.0 - k[MDL_SKPI_STATE_OFF];
    return sched > 0.0 ? (k[MDL_SKPI_STATE_BUSY] + k[MDL_SKPI_STATE_SETUP]) / sched : 0.0;
}

static ci_family family = {K_CHECKS, 0};

/* |a - b| <= 1e-9 relative (1e-12 absolute near zero), with a message. */
#define assert_same(a, b) same_at((a), (b), #a, __FILE__, __LINE__)
static void same_at(double a, double b, const char *expr, const char *file, int line) {
    double tol = 1e-9 * fmax(fabs(a), fabs(b)) + 1e-12;
    if (!(fabs(a - b) <= tol)) {
        print_error("%s = %.17g, expected %.17g\n", expr, a, b);
        _fail(file, line);
    }
}

static const mdl_costs costs = {
    .energy_per_kwh = 0.25,
    .labor_per_hour = 40.0,
    .material_per_unit = 12.0,
    .scrap_per_unit = 3.0,
    .overhead_per_hour = 55.0,
    .repair_per_hour = 80.0,
};

/* A line of the three stations s[0 .. 2] (stations 0 .. 2), each with
 * its power (kW per server) busy, in setup, idle, blocked, down, off shift
 * and in standby, and the product `first` (and `second`, when not NULL)
 * over them in that order, each pushed at exp(ia_s). */
static mdl_model *line_of(mdl_station_spec *s, const double (*power)[7], double ia_s, const char *first,
                          const char *second) {
    static const mdl_state states[7] = {MDL_STATE_BUSY, MDL_STATE_SETUP, MDL_STATE_IDLE,   MDL_STATE_BLOCKED,
                                        MDL_STATE_DOWN, MDL_STATE_OFF,   MDL_STATE_STANDBY};
    mdl_model *m = mdl_model_new();
    assert_non_null(m);
    const char *route[3];
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 7; k++) s[i].power[states[k]] = power[i][k];
        assert_int_equal(mdl_model_add_station(m, &s[i]), i);
        route[i] = s[i].id;
    }
    const char *ids[2] = {first, second};
    for (int j = 0; j < 2 && ids[j]; j++) {
        assert_int_equal(mdl_model_add_product(m, ids[j], route, 3, 0), j);
        assert_true(mdl_model_add_push(m, j, sim_dist_exp(ia_s), 0.0, 0) >= 0);
    }
    return m;
}

/* ---- the three lines ---------------------------------------------------- */

/* (1) push exp(70 s) -> s1 (exp 50 s) -> [3] s2 (2 servers, exp 100 s,
 * calendar breakdowns) -> [2] s3 (lognormal 50 s, operating-time
 * breakdowns). Standby after 2 min idle at s1 and s3. */
static mdl_model *blocking_line(void) {
    mdl_station_spec s[3] = {fx_station("s1", sim_dist_exp(50.0)), fx_station("s2", sim_dist_exp(100.0)),
                             fx_station("s3", sim_dist_lognormal(50.0, 20.0))};
    s[0].operators = 1;
    s[0].standby_after = 120.0;
    s[1].servers = 2;
    s[1].buffer = 3;
    fx_failures(&s[1], sim_dist_exp(2.0 * HOUR), sim_dist_exp(600.0), MDL_FAIL_CALENDAR);
    s[1].operators = 2;
    s[2].buffer = 2;
    fx_failures(&s[2], sim_dist_exp(HOUR), sim_dist_const(300.0), MDL_FAIL_OPERATING);
    s[2].standby_after = 120.0;
    const double power[3][7] = {{5.0, 3.0, 1.0, 2.0, 0.5, 0.1, 0.2},
                                {7.5, 4.0, 1.5, 2.5, 0.3, 0.05, 0.4},
                                {3.0, 2.0, 0.8, 1.0, 0.2, 0.0, 0.1}};
    return line_of(s, power, 70.0, "p", NULL);
}

/* (2) products A and B, each push exp(600 s) -> cnc (setup 60 s on
 * product change, exp 100 s, B lognormal 120 s, latent defects 5 %,
 * operating-time breakdowns) -> [5] wash (2 servers, const 150 s) ->
 * insp (const 30 s, detect 0.9, false reject 0.02, rework at cnc). A
 * two-shift calendar, every day 06-14 and 14-22 with two breaks. */
static mdl_model *shift_line(void) {
    mdl_station_spec s[3] = {fx_station("cnc", sim_dist_exp(100.0)),
                             fx_station("wash", sim_dist_const(150.0)),
                             fx_station("insp", sim_dist_const(30.0))};
    s[0].has_setup = true;
    s[0].setup = sim_dist_const(60.0);
    s[0].defect = 0.05;
    fx_failures(&s[0], sim_dist_exp(4.0 * HOUR), sim_dist_exp(900.0), MDL_FAIL_OPERATING);
    s[0].operators = 1;
    s[1].servers = 2;
    s[1].buffer = 5;
    s[1].standby_after = 300.0;
    fx_inspection(&s[2], 0.9, 0.02, MDL_REJECT_REWORK, "cnc");
    s[2].operators = 1;
    const double power[3][7] = {{11.0, 6.0, 2.0, 2.0, 0.5, 0.2, 0.0},
                                {4.0, 0.0, 1.0, 1.0, 0.0, 0.3, 0.25},
                                {0.6, 0.0, 0.3, 0.3, 0.0, 0.05, 0.0}};
    mdl_model *m = line_of(s, power, 600.0, "A", "B");
    assert_true(mdl_model_set_cycle(m, 1, 0, sim_dist_lognormal(120.0, 40.0)));
    assert_true(mdl_model_set_line_calendar(m, fx_two_shift(m, 7)));
    return m;
}

/* (3) push exp(80 s) -> s1 (exp 60 s, scrap 5 %) -> s2 (exp 50 s, defect
 * 10 %) -> insp (const 40 s, detect 0.95, false reject 0.01, scrap). */
static mdl_model *scrap_line(void) {
    mdl_station_spec s[3] = {fx_station("s1", sim_dist_exp(60.0)), fx_station("s2", sim_dist_exp(50.0)),
                             fx_station("insp", sim_dist_const(40.0))};
    s[0].scrap = 0.05;
    s[1].defect = 0.10;
    s[1].buffer = 4;
    fx_inspection(&s[2], 0.95, 0.01, MDL_REJECT_SCRAP, NULL);
    s[2].operators = 1;
    const double power[3][7] = {{6.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0},
                                {4.0, 0.0, 0.5, 0.7, 0.0, 0.0, 0.0},
                                {0.5, 0.0, 0.2, 0.2, 0.0, 0.0, 0.0}};
    return line_of(s, power, 80.0, "p", NULL);
}

static mdl_batch *run_batch(mdl_model *m, double warmup, double horizon) {
    mdl_model_set_costs(m, &costs);
    return test_run_batch(m, warmup, horizon, REPS, ci_family_seed(SEED), THREADS);
}

/* ---- the identities ----------------------------------------------------- */

/* Ledger, OEE and energy of every station, line energy and the cost and
 * rate definitions, in every replication. */
static void check_exact_identities(const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    int nst = mdl_model_station_count(m);
    for (int r = 0; r < mdl_batch_reps(b); r++) {
        const mdl_rep_result *x = mdl_batch_rep(b, r);
        assert_int_equal(x->nstations, nst);
        double window_h = x->window_s / HOUR;
        double energy = 0.0, down_server_h = 0.0, labor_h = 0.0;
        double max_load = -1.0;
        for (int s = 0; s < nst; s++) {
            const double *k = x->station[s];
            const mdl_station_spec *spec = mdl_model_station(m, s);
            const mdl_skpi share_kpi[6] = {MDL_SKPI_STATE_BUSY, MDL_SKPI_STATE_SETUP,
                                           MDL_SKPI_STATE_IDLE, MDL_SKPI_STATE_BLOCKED,
                                           MDL_SKPI_STATE_DOWN, MDL_SKPI_STATE_OFF};
            double sum = 0.0;
            for (int i = 0; i < 6; i++) {
                assert_true(k[share_kpi[i]] >= -1e-12 && k[share_kpi[i]] <= 1.0 + 1e-12);
                sum += k[share_kpi[i]];
            }
            assert_same(sum, 1.0);
            assert_true(k[MDL_SKPI_STATE_STANDBY] >= 0.0);
            assert_true(k[MDL_SKPI_STATE_STANDBY] <= k[MDL_SKPI_STATE_IDLE] + 1e-12);
            assert_same(k[MDL_SKPI_UTILIZATION], k[MDL_SKPI_STATE_BUSY]);
            double off = k[MDL_SKPI_STATE_OFF];
            if (off < 1.0)
                assert_same(k[MDL_SKPI_AVAILABILITY], 1.0 - k[MDL_SKPI_STATE_DOWN] / (1.0 - off));
            assert_same(k[MDL_SKPI_OEE], k[MDL_SKPI_AVAILABILITY] * k[MDL_SKPI_PERFORMANCE] *
                                              k[MDL_SKPI_QUALITY]);
            const double *p = spec->power;
            double kw = p[MDL_STATE_BUSY] * k[MDL_SKPI_STATE_BUSY] +
                        p[MDL_STATE_SETUP] * k[MDL_SKPI_STATE_SETUP] +
                        p[MDL_STATE_IDLE] * (k[MDL_SKPI_STATE_IDLE] - k[MDL_SKPI_STATE_STANDBY]) +
                        p[MDL_STATE_STANDBY] * k[MDL_SKPI_STATE_STANDBY] +
                        p[MDL_STATE_BLOCKED] * k[MDL_SKPI_STATE_BLOCKED] +
                        p[MDL_STATE_DOWN] * k[MDL_SKPI_STATE_DOWN] +
                        p[MDL_STATE_OFF] * k[MDL_SKPI_STATE_OFF];
            assert_same(k[MDL_SKPI_ENERGY_KWH], kw * x->window_s * spec->servers / HOUR);
            energy += k[MDL_SKPI_ENERGY_KWH];
            down_server_h += k[MDL_SKPI_STATE_DOWN] * spec->servers * window_h;
            labor_h += spec->operators * window_h * (1.0 - off);
            max_load = fmax(max_load, sched_load(k));
        }
        const double *kpi = x->kpi;
        double out = kpi[MDL_KPI_UNITS_OUT];
        assert_true(out > 0.0);
        assert_same(kpi[MDL_KPI_ENERGY_KWH], energy);
        assert_same(kpi[MDL_KPI_THROUGHPUT_PER_H], out / window_h);
        assert_same(kpi[MDL_KPI_ENERGY_KWH_PER_UNIT], energy / out);
        assert_same(kpi[MDL_KPI_UNITS_PER_KWH], out / energy);
        assert_same(kpi[MDL_KPI_SCRAP_RATE],
                    kpi[MDL_KPI_UNITS_SCRAPPED] / (kpi[MDL_KPI_UNITS_SCRAPPED] + out));
        assert_same(kpi[MDL_KPI_ENERGY_COST], energy * costs.energy_per_kwh);
        assert_same(kpi[MDL_KPI_MATERIAL_COST],
                    kpi[MDL_KPI_UNITS_RELEASED] * costs.material_per_unit);
        /* Operators are paid for the hours their station is on shift. */
        assert_same(kpi[MDL_KPI_LABOR_COST], labor_h * costs.labor_per_hour);
        assert_same(kpi[MDL_KPI_OPERATING_COST],
                    kpi[MDL_KPI_ENERGY_COST] + kpi[MDL_KPI_LABOR_COST] +
                        kpi[MDL_KPI_MATERIAL_COST] +
                        kpi[MDL_KPI_UNITS_SCRAPPED] * costs.scrap_per_unit +
                        costs.overhead_per_hour * window_h +
                        costs.repair_per_hour * down_server_h);
        assert_same(kpi[MDL_KPI_COST_PER_UNIT], kpi[MDL_KPI_OPERATING_COST] / out);
        /* Line OEE at the constraint: the station busy or in setup for the
         * largest share of its on-shift time (any of them on a tie), times
         * the line's quality. */
        double line_quality =
            out / (out + kpi[MDL_KPI_DEFECTIVE_OUT] + kpi[MDL_KPI_UNITS_SCRAPPED]);
        bool oee_ok = false;
        for (int s = 0; s < nst; s++) {
            const double *k = x->station[s];
            if (sched_load(k) < max_load - 1e-12)
                continue;
            double oee = k[MDL_SKPI_AVAILABILITY] * k[MDL_SKPI_PERFORMANCE] * line_quality;
            oee_ok = oee_ok || fabs(kpi[MDL_KPI_OEE] - oee) <= 1e-9 * fabs(oee) + 1e-12;
        }
        if (!oee_ok)
            fail_msg("replication %d: line oee = %.17g is not availability x performance "
                     "of the most loaded station x line quality %.17g",
                     r, kpi[MDL_KPI_OEE], line_quality);
        assert_true(kpi[MDL_KPI_OEE] > 0.0 && kpi[MDL_KPI_OEE] <= 1.0);
    }
}

/* Little's law; see the file comment. Returns the number of failures. */
static int check_little(const mdl_batch *b, bool line) {
    int failed = 0;
    int n = mdl_batch_reps(b);
    double d[64];
    assert_true(n <= 64);
    if (line) {
        for (int r = 0; r < n; r++) {
            const mdl_rep_result *x = mdl_batch_rep(b, r);
            d[r] = x->kpi[MDL_KPI_WIP] -
                   x->kpi[MDL_KPI_THROUGHPUT_PER_H] / HOUR * x->kpi[MDL_KPI_LEAD_TIME_S];
        }
        mdl_summary sd = mdl_summarize(d, (size_t)n);
        mdl_summary wip = mdl_batch_kpi(b, MDL_KPI_WIP);
        double tol = ci_family_hw(&family, wip.ci95, n) + 0.005 * fabs(wip.mean);
        bool ok = fabs(sd.mean) <= tol;
        failed += !ok;
        print_message("  line: WIP %.4g, WIP - X W = %.3g (tolerance %.3g)%s\n", wip.mean,
                      sd.mean, tol, ok ? "" : "  FAIL");
    }
    const mdl_model *m = mdl_batch_model(b);
    for (int s = 0; s < mdl_model_station_count(m); s++) {
        for (int r = 0; r < n; r++) {
            const mdl_rep_result *x = mdl_batch_rep(b, r);
            d[r] = x->station[s][MDL_SKPI_QUEUE_LEN] -
                   x->station[s][MDL_SKPI_UNITS_DONE] / x->window_s *
                       x->station[s][MDL_SKPI_WAIT_S];
        }
        mdl_summary sd = mdl_summarize(d, (size_t)n);
        mdl_summary q = mdl_batch_station_kpi(b, s, MDL_SKPI_QUEUE_LEN);
        double tol = ci_family_hw(&family, q.ci95, n) + 0.005 * fabs(q.mean);
        bool ok = fabs(sd.mean) <= tol;
        failed += !ok;
        print_message("  %-5s Lq %.4g, Lq - lambda Wq = %.3g (tolerance %.3g)%s\n",
                      mdl_model_station(m, s)->id, q.mean, sd.mean, tol, ok ? "" : "  FAIL");
    }
    return failed;
}

/* Runs the line of `name` (its costs set) and checks the exact identities
 * of every replication. */
static mdl_batch *run_checked(mdl_model *m, const char *name, double warmup, double horizon) {
    mdl_batch *b = run_batch(m, warmup, horizon);
    print_message("%s: %.2f s wall, %llu events\n", name, mdl_batch_wall_s(b),
                  (unsigned long long)mdl_batch_events(b));
    check_exact_identities(b);
    return b;
}

/* Little's law (for the line too when `line`), then frees b and m; fails
 * when any check missed. */
static void end_line(mdl_batch *b, mdl_model *m, bool line) {
    int failed = check_little(b, line);
    mdl_batch_free(b);
    mdl_model_free(m);
    assert_int_equal(failed, 0);
}

static void test_blocking_line(void **state) {
    (void)state;
    mdl_model *m = blocking_line();
    mdl_batch *b = run_checked(m, "blocking line", 2.0 * HOUR, 202.0 * HOUR);
    /* The scenario does what it is meant to exercise. */
    assert_true(mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_BLOCKED).mean > 0.0);
    assert_true(mdl_batch_station_kpi(b, 1, MDL_SKPI_STATE_DOWN).mean > 0.0);
    assert_true(mdl_batch_station_kpi(b, 2, MDL_SKPI_STATE_DOWN).mean > 0.0);
    assert_true(mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_STANDBY).mean > 0.0);
    end_line(b, m, true);
}

static void test_shift_line(void **state) {
    (void)state;
    mdl_model *m = shift_line();
    /* Whole weeks from Monday 00:00, so the weekly pattern is sampled evenly. */
    mdl_batch *b = run_checked(m, "shift line", WEEK, 5.0 * WEEK);
    /* Off share is the calendar's: on 15 h of 24 every day. */
    for (int r = 0; r < REPS; r++)
        for (int s = 0; s < 3; s++)
            assert_same(mdl_batch_rep(b, r)->station[s][MDL_SKPI_STATE_OFF], 9.0 / 24.0);
    assert_true(mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_SETUP).mean > 0.0);
    assert_true(mdl_batch_kpi(b, MDL_KPI_FIRST_PASS_YIELD).mean < 1.0);
    end_line(b, m, true);
}

static void test_scrap_line(void **state) {
    (void)state;
    mdl_model *m = scrap_line();
    mdl_batch *b = run_checked(m, "scrap line", 2.0 * HOUR, 152.0 * HOUR);
    assert_true(mdl_batch_kpi(b, MDL_KPI_UNITS_SCRAPPED).mean > 0.0);
    /* Scrapped units never reach the sink: lead time covers good units
     * only, so the line form of Little's law does not apply; the buffers'
     * does. */
    end_line(b, m, false);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_blocking_line),
        cmocka_unit_test(test_shift_line),
        cmocka_unit_test(test_scrap_line),
        CI_FAMILY_LAST_TEST(family),
)
