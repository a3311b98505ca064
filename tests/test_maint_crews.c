/*
 * test_maint_crews.c - technicians for failure-mode repairs and PM (the
 * people part's crews joined to the maintenance engine).
 *
 * Validation: the machine-repairman model. N machines (the N servers of a
 * saturated station), each failing on its calendar clock after exp(1/la)
 * of time up (the clock stops while it is down), repaired in exp(1/mu) by
 * one of c technicians (a pool with the mode's `skill`); a machine waits
 * for a free technician (the response time) and is down meanwhile. The
 * number k of machines down is the finite-source birth-death chain with
 * birth rate (N - k) la and death rate min(k, c) mu; its stationary law
 * pi is computed here, and from it
 *   down share of a machine      E[k] / N
 *   mean response time           E[max(k - c, 0)] / (la E[N - k])   (Little)
 *   observed MTTR                (E[k] / (la E[N - k]))             (Little)
 * (all technicians are at the one station: no walking).
 *
 * Hand-worked cases: without a pool with the skill the repair starts at
 * once (response 0, the run draws what it drew without crews); a PM with
 * `pm_skill` waits for the technician busy with a repair.
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
#include "mdl_maint.h"
#include "mdl_model.h"
#include "mdl_people.h"
#include "mdl_run.h"
#include "scn_scene.h"
#include "sim_units.h"

#include "test_helpers.h"
#include "test_scene_text.h"
#include "validation/ci_family.h"
#include "test_main.h"

#define REPS 20
#define THREADS 2
#define SEED UINT64_C(16216) /* fixed before the first run; never tuned */
#define K_CHECKS 6

static ci_family family = {K_CHECKS, 0};

static mdl_model *load(const char *text) { return test_scene_text("crews.cfg", text); }

/* A saturated station of n servers whose one mode needs skill "mech", and
 * `pools` (may be empty). */
static mdl_model *repairman(int n, const char *pools, const char *horizon, int reps) {
    char st[400];
    snprintf(st, sizeof st,
             "{ id = \"m\"; servers = %d; cycle = \"const(1h)\";\n"
             "  failure_modes = ( { id = \"x\"; ttf = \"exp(10h)\"; repair = \"exp(2h)\"; skill = \"mech\"; } ); }",
             n);
    return test_job_line("crews.cfg", (test_run){horizon, "10d", reps, ci_family_seed(SEED)}, "", st, pools);
}
/* The stationary law of the machines down: N machines, c technicians. */
static void chain(int N, int c, double la, double mu, double *Ek, double *Eq, double *Eup) {
    double p[64], sum = 0.0;
    p[0] = 1.0;
    for (int k = 1; k <= N; k++) p[k] = p[k - 1] * (N - k + 1) * la / ((k < c ? k : c) * mu);
    for (int k = 0; k <= N; k++) sum += p[k];
    *Ek = *Eq = *Eup = 0.0;
    for (int k = 0; k <= N; k++) {
        p[k] /= sum;
        *Ek += k * p[k];
        *Eq += (k > c ? k - c : 0) * p[k];
        *Eup += (N - k) * p[k];
    }
}

static void check_repairman(int N, int c) {
    const double la = 1.0 / 10.0, mu = 1.0 / 2.0; /* per hour */
    double Ek, Eq, Eup;
    chain(N, c, la, mu, &Ek, &Eq, &Eup);
    double down = Ek / N, resp_h = Eq / (la * Eup), mttr_h = Ek / (la * Eup);
    char pools[256];
    snprintf(pools, sizeof pools, "pools = ( { id = \"techs\"; headcount = %d; skills = [ \"mech\" ]; } );\n", c);
    mdl_model *m = repairman(N, pools, "2010d", REPS);
    mdl_batch *b = test_batch(m, THREADS);
    ci_checks k = {0, 0};
    print_message("repairman N=%d c=%d: down share %.6f, response %.6f h, MTTR %.6f h\n", N, c, down, resp_h, mttr_h);
    ci_check_covers(&family, &k, "down share", mdl_batch_station_kpi(b, 0, MDL_SKPI_STATE_DOWN), down, 0.015 * down,
                    REPS);
    ci_check_covers(&family, &k, "response time", mdl_batch_station_kpi(b, 0, MDL_SKPI_RESPONSE_S), resp_h * SIM_HOUR,
                    0.03 * resp_h * SIM_HOUR, REPS);
    ci_check_covers(&family, &k, "observed MTTR", mdl_batch_station_kpi(b, 0, MDL_SKPI_MTTR_H), mttr_h, 0.015 * mttr_h,
                    REPS);
    mdl_batch_free(b);
    mdl_model_free(m);
    assert_int_equal(k.failed, 0);
}

static void repairman_one_technician(void **state) {
    (void)state;
    check_repairman(4, 1);
}

static void repairman_two_technicians(void **state) {
    (void)state;
    check_repairman(6, 2);
}

/* A skill no pool has (the scene has no pools): repairs start at once,
 * response 0, and the run is the run without the skill. */
static void no_crew_starts_at_once(void **state) {
    (void)state;
    mdl_model *a = repairman(2, "", "60d", 2);
    /* the same without the skill: the same seed, the same draws */
    mdl_model *b = repairman(2, "", "60d", 2);
    mdl_station_spec *sp = (mdl_station_spec *)mdl_model_station(b, 0);
    ((mdl_failure_mode *)sp->maint->modes)[0].skill = NULL;
    mdl_batch *x = test_batch(a, 1), *y = test_batch(b, 1);
    assert_true(mdl_batch_station_kpi(x, 0, MDL_SKPI_RESPONSE_S).max == 0.0);
    assert_true(mdl_batch_station_kpi(x, 0, MDL_SKPI_FAILURES).mean > 10.0);
    assert_true(mdl_batch_kpi(x, MDL_KPI_UNITS_OUT).mean == mdl_batch_kpi(y, MDL_KPI_UNITS_OUT).mean);
    assert_true(mdl_batch_station_kpi(x, 0, MDL_SKPI_STATE_DOWN).mean ==
                mdl_batch_station_kpi(y, 0, MDL_SKPI_STATE_DOWN).mean);
    mdl_batch_free(x);
    mdl_batch_free(y);
    mdl_model_free(a);
    mdl_model_free(b);
}

/* Machines a and b (const 1 h, each fed without limit), a's one mode
 * failing at 30 h and b's at 31 h, each repaired in 10 h, and one
 * technician who does not walk, over `horizon`; mode_keys go into both
 * modes, a_keys and b_keys into the stations, pool_keys into the pool. */
static mdl_model *two_machines(const char *horizon, const char *mode_keys, const char *a_keys, const char *b_keys,
                               const char *pool_keys) {
    char text[4096];
    int n = snprintf(
        text, sizeof text,
        "run = { horizon = \"%s\"; warmup = \"0s\"; replications = 1; seed = 3; };\n"
        "stations = ( { id = \"a\"; cycle = \"const(1h)\";\n"
        "    failure_modes = ( { id = \"x\"; ttf = \"const(30h)\"; repair = \"const(10h)\"; %s } ); %s },\n"
        "  { id = \"b\"; cycle = \"const(1h)\";\n"
        "    failure_modes = ( { id = \"y\"; ttf = \"const(31h)\"; repair = \"const(10h)\"; %s } ); %s } );\n"
        "products = ( { id = \"j1\"; route = [ \"a\" ]; }, { id = \"j2\"; route = [ \"b\" ]; } );\n"
        "release = ( { product = \"j1\"; unlimited = true; }, { product = \"j2\"; unlimited = true; } );\n"
        "pools = ( { id = \"techs\"; headcount = 1; %s walk_speed = 0.0; } );\n",
        horizon, mode_keys, a_keys, mode_keys, b_keys, pool_keys);
    assert_true(n > 0 && (size_t)n < sizeof text);
    return load(text);
}

/* One technician for two machines, deterministic laws, no walking:
 * a fails at 30 h (operating = calendar: saturated), the technician is
 * there at once (response 0) and repairs it until 40 h; b fails at 31 h
 * and waits 9 h (response 32400 s), repaired from 40 h. a's PM (35 h of
 * operation from the start, counted while up: due at 45 h, immediately)
 * needs the technician, busy with b until 50 h: at the horizon (49 h) a
 * has been 4 h in planned maintenance, waiting. */
static void pm_waits_for_technician(void **state) {
    (void)state;
    mdl_model *m = two_machines("49h", "skill = \"mech\";",
                                "maintenance = { pm_interval = \"35h\"; pm_clock = \"operating\"; pm_duration = "
                                "\"const(2h)\"; pm_skill = \"mech\"; pm_when = \"immediately\"; };",
                                "", "skills = [ \"mech\" ];");
    mdl_batch *b = test_batch(m, 1);
    const mdl_rep_result *r = mdl_batch_rep(b, 0);
    const double *a = r->station[0], *c = r->station[1];
    print_message("a: response %g s, maint %g h; b: response %g s, down %g h\n", a[MDL_SKPI_RESPONSE_S],
                  a[MDL_SKPI_STATE_MAINT] * 49.0, c[MDL_SKPI_RESPONSE_S], c[MDL_SKPI_STATE_DOWN] * 49.0);
    assert_true(a[MDL_SKPI_RESPONSE_S] == 0.0);
    assert_near(c[MDL_SKPI_RESPONSE_S], 9.0 * SIM_HOUR, 1e-6);
    assert_near(a[MDL_SKPI_STATE_MAINT] * 49.0, 4.0, 1e-9);
    assert_near(a[MDL_SKPI_STATE_DOWN] * 49.0, 10.0, 1e-9);
    assert_near(c[MDL_SKPI_STATE_DOWN] * 49.0, 18.0, 1e-9); /* 9 h waiting + 9 h of its repair so far */
    assert_true(a[MDL_SKPI_PM] == 1.0);
    mdl_batch_free(b);
    mdl_model_free(m);
}

/* A mode without `skill` at a station with a `repair` task of the people
 * part: the task's crew repairs it (the task used to be refused at a
 * station with failure modes). a fails at 30 h, b at 31 h and waits for the
 * one technician until 40 h. */
static void repair_task_serves_modes(void **state) {
    (void)state;
    const char *task = "people = ( { task = \"repair\"; pool = \"techs\"; } );";
    mdl_model *m = two_machines("45h", "", task, task, "");
    mdl_batch *b = test_batch(m, 1);
    const mdl_rep_result *r = mdl_batch_rep(b, 0);
    assert_true(r->station[0][MDL_SKPI_RESPONSE_S] == 0.0);
    assert_near(r->station[1][MDL_SKPI_RESPONSE_S], 9.0 * SIM_HOUR, 1e-6);
    assert_near(r->station[1][MDL_SKPI_STATE_DOWN] * 45.0, 14.0, 1e-9); /* 9 h waiting + 5 h of repair */
    mdl_batch_free(b);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(repairman_one_technician), cmocka_unit_test(repairman_two_technicians),
        cmocka_unit_test(no_crew_starts_at_once),   cmocka_unit_test(pm_waits_for_technician),
        cmocka_unit_test(repair_task_serves_modes), CI_FAMILY_LAST_TEST(family),
)
