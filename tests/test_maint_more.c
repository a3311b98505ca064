/*
 * test_maint_more.c - the gamma degradation process (CBM), the maintenance
 * calendar, and failure modes of robots.
 *
 * Gamma process. A mode's degradation X(t) on its (operating) clock is a
 * stationary gamma process: X(t) ~ Gamma(shape a t, scale b). Its first
 * passage T_L of a level L has P(T_L > t) = P(X(t) < L) = P(a t, L / b),
 * the regularised lower incomplete gamma function, so
 *     E[T_L] = int_0^inf P(a t, L / b) dt = (1 / a) int_0^inf P(s, L / b) ds,
 * computed here (series and continued fraction for P, Simpson's rule in
 * s); the integral is L / b + 1/2, so E[T_L] = (L / b + 1/2) / a (checked
 * against the quadrature). One saturated machine (busy whenever up):
 * - no action on warnings (on_warning "window" and no off-shift period):
 *   every life ends in a failure at T_1, so the observed MTBF (operating
 *   hours / failures) estimates E[T_1];
 * - a continuous sensor at threshold m acted on at once: every life ends
 *   in a planned replacement at T_m, never a failure, so operating hours /
 *   replacements estimates E[T_m].
 *
 * Robots. A robot's failure mode on the calendar clock with exponential
 * time to failure and repair (the clock stops while it is down): its down
 * share is r / (m + r) (the two-state chain). A mode on the cycles clock
 * with a constant life of 50 loads and unloads fails exactly every 50.
 *
 * Maintenance calendar. A PM that waits for a window of its own calendar
 * (Saturdays) starts only in it, at the end of the unit in process.
 *
 * Family-wise intervals (ci_family.h) over K_CHECKS checks; the seed was
 * fixed before the first run.
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
#include "mdl_transport.h"
#include "scn_scene.h"
#include "sim_units.h"

#include "test_helpers.h"
#include "test_scene_text.h"
#include "validation/ci_family.h"
#include "test_main.h"
#include "model_fixtures.h"
#include "maint_log.h"

#define REPS 20
#define THREADS 2
#define SEED UINT64_C(16316) /* fixed before the first run; never tuned */
#define K_CHECKS 3

static ci_family family = {K_CHECKS, 0};


static mdl_model *machine(const char *station_keys, const char *extra, const char *horizon, int reps) {
    char st[2048];
    snprintf(st, sizeof st, "{ id = \"m\"; cycle = \"const(10min)\"; %s }", station_keys);
    return test_job_line("more.cfg", (test_run){horizon, "10d", reps, ci_family_seed(SEED)}, "", st, extra);
}

/* ---- the regularised lower incomplete gamma function P(s, x) ---- */

static double gamma_p(double s, double x) {
    if (x <= 0.0) return 0.0;
    if (s <= 0.0) return 1.0;
    double lead = s * log(x) - x - lgamma(s);
    if (x < s + 1.0) { /* series */
        double term = 1.0 / s, sum = term;
        for (int n = 1; n < 100000 && term > sum * 1e-17; n++) {
            term *= x / (s + n);
            sum += term;
        }
        return exp(lead) * sum;
    }
    /* continued fraction for Q (Lentz) */
    double b = x + 1.0 - s, c = 1.0 / 1e-300, d = 1.0 / b, h = d;
    for (int i = 1; i < 100000; i++) {
        double an = -i * (i - s);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < 1e-300) d = 1e-300;
        c = b + an / c;
        if (fabs(c) < 1e-300) c = 1e-300;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-16) break;
    }
    return 1.0 - exp(lead) * h;
}

/* E[T_L] in hours for shape rate a (per hour) and scale b. */
static double gamma_passage_h(double a, double b, double L) {
    double x = L / b, S = x + 40.0 * sqrt(x) + 60.0;
    const int N = 200000;
    double sum = gamma_p(0.0, x) + gamma_p(S, x);
    for (int i = 1; i < N; i++) sum += (i % 2 ? 4.0 : 2.0) * gamma_p(S * i / N, x);
    return sum * S / N / 3.0 / a;
}

static void gamma_math_sanity(void **state) {
    (void)state;
    /* P(1, x) = 1 - e^-x; P(s, x) over the series / fraction boundary. */
    assert_true(fabs(gamma_p(1.0, 2.0) - (1.0 - exp(-2.0))) < 1e-13);
    assert_true(fabs(gamma_p(3.0, 3.9999) - gamma_p(3.0, 4.0001)) < 1e-4);
    /* P(s, x) falls from 1 to 0 in s around x, and its integral over s is
     * x + 1/2 (so E[T_L] = (L / b + 1/2) / a): the quadrature finds it. */
    assert_true(gamma_p(1e-9, 25.0) > 1.0 - 1e-9 && gamma_p(200.0, 25.0) < 1e-12);
    double e = gamma_passage_h(0.5, 0.01, 1.0);
    print_message("E[T] = %.9f h ((L / b + 1/2) / a = %.9f h)\n", e, (100.0 + 0.5) / 0.5);
    assert_true(fabs(e - (100.0 + 0.5) / 0.5) < 1e-6);
}

/* Station 0's busy hours per condition-based maintenance in one
 * replication (fx_over_reps; 0 without one). */
static double hours_per_cbm(const mdl_rep_result *x) {
    const double *o = x->station[0];
    double busy_h = o[MDL_SKPI_STATE_BUSY] * x->window_s / SIM_HOUR;
    return o[MDL_SKPI_CBM] > 0 ? busy_h / o[MDL_SKPI_CBM] : 0;
}

static void gamma_first_passage(void **state) {
    (void)state;
    const double a = 0.5, b = 0.04, m = 0.6;
    double e1 = gamma_passage_h(a, b, 1.0), em = gamma_passage_h(a, b, m);
    print_message("gamma: E[T_1] = %.6f h, E[T_%.1f] = %.6f h\n", e1, m, em);
    ci_checks c = {0, 0};
    /* failures at T_1: nobody acts on the warnings */
    mdl_model *mf = machine("failure_modes = ( { id = \"wear\"; clock = \"operating\"; condition = \"gamma\";"
                            "  gamma_shape = 0.5; gamma_scale = 0.04; maint_threshold = 0.6; repair = \"const(1h)\"; } );"
                            "maintenance = { on_warning = \"window\"; };",
                            "", "1610d", REPS);
    mdl_batch *bf = test_batch(mf, THREADS);
    ci_check_covers(&family, &c, "MTBF = E[T_1]", mdl_batch_station_kpi(bf, 0, MDL_SKPI_MTBF_H), e1, 0.01 * e1, REPS);
    assert_true(mdl_batch_station_kpi(bf, 0, MDL_SKPI_CBM).max == 0.0);
    mdl_batch_free(bf);
    mdl_model_free(mf);
    /* planned replacements at T_m: a continuous sensor acted on at once */
    mdl_model *mc = machine("failure_modes = ( { id = \"wear\"; clock = \"operating\"; condition = \"gamma\";"
                            "  gamma_shape = 0.5; gamma_scale = 0.04; maint_threshold = 0.6; repair = \"const(1h)\";"
                            "  planned = \"const(30min)\"; } );"
                            "maintenance = { on_warning = \"immediately\"; };",
                            "", "1610d", REPS);
    mdl_batch *bc = test_batch(mc, THREADS);
    ci_check_covers(&family, &c, "operating h per CBM = E[T_m]", fx_over_reps(bc, hours_per_cbm), em, 0.01 * em, REPS);
    assert_true(mdl_batch_station_kpi(bc, 0, MDL_SKPI_FAILURES).max == 0.0);
    assert_int_equal(ci_checks_end(&c, bc, mc), 0);
}

/* ---- the maintenance calendar ---- */

static void pm_in_calendar_window(void **state) {
    (void)state;
    mdl_model *m = machine("failure_modes = ( { id = \"x\"; ttf = \"exp(1000h)\"; repair = \"const(1h)\"; } );"
                           "maintenance = { pm_interval = \"100h\"; pm_duration = \"const(2h)\"; pm_when = \"window\";"
                           "                window = \"sat\"; };",
                           "shifts = { calendars = ( { id = \"sat\"; days = [ \"sat\" ];"
                           "  shifts = ( { from = \"06:00\"; to = \"18:00\"; } ); } ); };\n",
                           "70d", 1);
    evlog l;
    mdl_rep_result res = run_logged(m, &l);
    int starts = count(&l, MDL_LOG_MAINT_START), in_window = 0;
    assert_true(starts <= EVLOG_MAINT_TIMES);
    for (int i = 0; i < starts; i++) {
        double tw = fmod(l.maint_at[i], SIM_WEEK); /* time 0 is Monday 00:00 */
        in_window += tw >= 5 * SIM_DAY + 6 * SIM_HOUR && tw < 5 * SIM_DAY + 18 * SIM_HOUR;
    }
    print_message("PM starts %d, in the window %d, after a finish %d\n", starts, in_window, l.maint_after_finish);
    assert_true(starts >= 9); /* one per Saturday after the first 100 h: 9 or 10 in 70 days */
    assert_int_equal(in_window, starts);
    assert_int_equal(l.maint_after_finish, starts); /* the unit in process was finished first */
    fx_run_done(&res, NULL, m);
}

/* ---- robots ---- */

static mdl_model *robot_scene(const char *robot_keys, const char *horizon, int reps) {
    char robots[2048];
    snprintf(robots, sizeof robots,
             "robots = ( { id = \"r1\"; tends = [ \"m\" ]; load = \"const(1min)\"; unload = \"const(1min)\";\n"
             "  %s } );\n",
             robot_keys);
    return test_job_line("more.cfg", (test_run){horizon, "10d", reps, ci_family_seed(SEED)}, "",
                         "{ id = \"m\"; cycle = \"const(10min)\"; }", robots);
}
static void robot_calendar_mode(void **state) {
    (void)state;
    const double mt = 20.0, rr = 2.0;
    mdl_model *m = robot_scene("failure_modes = ( { id = \"gripper\"; ttf = \"exp(20h)\"; repair = \"exp(2h)\"; } );",
                               "1010d", REPS);
    mdl_batch *b = test_batch(m, THREADS);
    ci_checks c = {0, 0};
    ci_check_covers(&family, &c, "robot down share", mdl_batch_robot_kpi(b, 0, MDL_RKPI_DOWN), rr / (mt + rr),
                    0.03 * rr / (mt + rr), REPS);
    assert_true(mdl_batch_robot_kpi(b, 0, MDL_RKPI_FAILURES).mean > 100.0);
    assert_true(mdl_batch_robot_kpi(b, 0, MDL_RKPI_MTTR_H).mean > 1.8);
    assert_int_equal(ci_checks_end(&c, b, m), 0);
}

static void robot_cycles_and_pm(void **state) {
    (void)state;
    mdl_model *m = robot_scene("failure_modes = ( { id = \"gripper\"; clock = \"cycles\"; ttf = \"const(50)\";"
                               "  repair = \"const(1h)\"; } );"
                               "maintenance = { pm_interval = \"8h\"; pm_clock = \"operating\"; pm_basis = \"age\";"
                               "                pm_duration = \"const(30min)\"; pm_when = \"end_of_unit\"; };",
                               "40d", 1);
    mdl_batch *b = test_batch(m, 1);
    const mdl_rep_result *r = mdl_batch_rep(b, 0);
    const double *o = &r->robot[0 * MDL_RKPI_COUNT];
    print_message("robot: tasks %g, failures %g, PM %g, down %g, maint %g\n", o[MDL_RKPI_TASKS], o[MDL_RKPI_FAILURES],
                  o[MDL_RKPI_PM], o[MDL_RKPI_DOWN], o[MDL_RKPI_MAINT]);
    /* a PM (by operating age, 8 h of moving and loading = 240 tasks) renews
     * the gripper too, but the gripper fails every 50 tasks first: no PM. */
    assert_true(fabs(o[MDL_RKPI_FAILURES] - o[MDL_RKPI_TASKS] / 50.0) <= 1.0);
    assert_true(o[MDL_RKPI_PM] == 0.0);
    /* each failure: 1 h down */
    assert_true(fabs(o[MDL_RKPI_DOWN] * r->window_s / SIM_HOUR - o[MDL_RKPI_FAILURES]) <= 1.0);
    assert_true(fabs(o[MDL_RKPI_MTTR_H] - 1.0) < 0.05);
    mdl_batch_free(b);
    mdl_model_free(m);
    /* now with a life longer than the PM age: only PMs, each 30 min of planned downtime */
    m = robot_scene("failure_modes = ( { id = \"gripper\"; clock = \"cycles\"; ttf = \"const(5000)\";"
                    "  repair = \"const(1h)\"; } );"
                    "maintenance = { pm_interval = \"8h\"; pm_clock = \"operating\"; pm_basis = \"age\";"
                    "                pm_duration = \"const(30min)\"; pm_when = \"end_of_unit\"; };",
                    "40d", 1);
    b = test_batch(m, 1);
    r = mdl_batch_rep(b, 0);
    o = &r->robot[0];
    print_message("robot: PM %g, maint share %g\n", o[MDL_RKPI_PM], o[MDL_RKPI_MAINT]);
    assert_true(o[MDL_RKPI_FAILURES] == 0.0);
    assert_true(o[MDL_RKPI_PM] > 10.0);
    assert_true(fabs(o[MDL_RKPI_MAINT] * r->window_s / SIM_HOUR - 0.5 * o[MDL_RKPI_PM]) <= 0.5);
    mdl_batch_free(b);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(gamma_math_sanity),
        cmocka_unit_test(gamma_first_passage),
        cmocka_unit_test(pm_in_calendar_window),
        cmocka_unit_test(robot_calendar_mode),
        cmocka_unit_test(robot_cycles_and_pm),
        CI_FAMILY_LAST_TEST(family),
)
