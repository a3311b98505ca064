/*
 * test_trial.c - the trial run of the traffic (mdl_trial.h) that `check`
 * runs: it is replication 0 of mdl_batch_run, bit for bit, counted from
 * time 0 (the warm-up's reset undone), bounded in simulated time and in
 * events, and runs nothing for a model without fleets. The layout is
 * trial_fixtures.h's; the CLI's warning is test_cli_trial.c's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "mdl_batch.h"
#include "mdl_transport.h"
#include "mdl_trial.h"
#include "test_main.h"
#include "test_scene_text.h"
#include "trial_fixtures.h"

#define DAY 86400.0

static mdl_model *probe(const char *horizon_set) {
    const char *sets[] = {"fleets.agv.traffic=detect", horizon_set};
    return test_scene_must_load(probe_case, strlen(probe_case), sets, horizon_set ? 2 : 1);
}

/* Replications 0 .. reps - 1 of a batch with the model's seed, `horizon`
 * and no warm-up: the fleet's deadlocks and forced passes from time 0, in
 * all (the mean times reps: counts). */
static void batch_counts(const mdl_model *m, double horizon, int reps, double *deadlocks, double *forced) {
    mdl_batch_options o;
    memset(&o, 0, sizeof o);
    o.run = *mdl_model_run(m);
    o.run.horizon = horizon;
    o.run.warmup = 0;
    o.run.replications = reps;
    o.threads = 1;
    char err[300];
    mdl_batch *b = mdl_batch_run(m, &o, err, sizeof err);
    assert_non_null(b);
    *deadlocks = round(reps * mdl_batch_fleet_kpi(b, 0, MDL_FKPI_DEADLOCKS).mean);
    *forced = round(reps * mdl_batch_fleet_kpi(b, 0, MDL_FKPI_DEADLOCK_FORCED).mean);
    mdl_batch_free(b);
}

/* The scene's two replications of 3 days (a warm-up of 1 h), 6 days of the
 * 7: the counts of replications 0 and 1 run from time 0, although the run
 * resets its counters at the warm-up. */
static void test_trial_is_the_replications_from_time_zero(void **state) {
    (void)state;
    mdl_model *m = probe(NULL);
    assert_true(mdl_model_run(m)->warmup == 3600.0 && mdl_model_run(m)->replications == 2);
    mdl_trial t;
    assert_true(mdl_trial_run(m, NULL, &t));
    assert_true(t.ran && !t.budget_hit && t.error[0] == '\0');
    assert_true(t.reps == 2 && t.end == 3 * DAY && t.reached == 3 * DAY && t.total == 6 * DAY);
    assert_true(t.horizon == 3 * DAY);
    assert_int_equal(t.nfleets, 1);
    double d, f, d0, f0;
    batch_counts(m, 3 * DAY, 2, &d, &f);
    batch_counts(m, 3 * DAY, 1, &d0, &f0);
    assert_true(d > d0); /* the second replication adds some */
    assert_true(d >= 1);
    assert_true(t.fleet[0].deadlocks == d);
    assert_true(t.fleet[0].forced == f);
    mdl_trial_fini(&t);
    mdl_model_free(m);
}

/* A bound on simulated time: the first day, as a run of one day counts it. */
static void test_time_bound(void **state) {
    (void)state;
    mdl_model *m = probe(NULL);
    mdl_trial_limits day = {DAY, 0, 0};
    mdl_trial t;
    assert_true(mdl_trial_run(m, &day, &t));
    assert_true(!t.budget_hit && t.reps == 1 && t.end == DAY && t.reached == DAY && t.total == DAY);
    assert_true(t.horizon == 3 * DAY);
    double d, f;
    batch_counts(m, DAY, 1, &d, &f);
    assert_true(t.fleet[0].deadlocks == d);
    assert_true(t.fleet[0].forced == f);
    mdl_trial_fini(&t);
    mdl_model_free(m);
}

/* The event budget (checked after every 2^18 events of a call to advance
 * the run: the trial makes two, up to the warm-up and on): a horizon of
 * 1000 days stops after the first check past the warm-up, short of its
 * end, with fewer deadlocks than the whole 1000 days meet. */
static void test_event_budget(void **state) {
    (void)state;
    mdl_model *m = probe("run.horizon=1000d");
    mdl_trial_limits one = {1000 * DAY, 1, 0}, all = {1000 * DAY, 0, 0};
    mdl_trial cut, whole;
    assert_true(mdl_trial_run(m, &one, &cut));
    assert_true(mdl_trial_run(m, &all, &whole));
    assert_true(cut.ran && cut.budget_hit && !whole.budget_hit);
    assert_true(cut.reached < cut.end && whole.reached == 1000 * DAY);
    assert_true(cut.events >= (uint64_t)1 << 18 && cut.events < (uint64_t)2 << 18);
    assert_true(cut.fleet[0].deadlocks < whole.fleet[0].deadlocks);
    mdl_trial_fini(&cut);
    mdl_trial_fini(&whole);
    mdl_model_free(m);
}

/* No fleet: nothing is run. */
static void test_no_fleet_no_trial(void **state) {
    (void)state;
    static const char line[] = "run = { horizon = \"1d\"; };\n"
                               "stations = ( { id = \"a\"; cycle = \"exp(1min)\"; } );\n"
                               "products = ( { id = \"p\"; route = [ \"a\" ]; } );\n"
                               "release = ( { product = \"p\"; interarrival = \"exp(2min)\"; } );\n";
    mdl_model *m = test_scene_must_load(line, strlen(line), NULL, 0);
    mdl_trial t;
    assert_true(mdl_trial_run(m, NULL, &t));
    assert_false(t.ran);
    assert_int_equal(t.nfleets, 0);
    assert_true(t.events == 0);
    mdl_trial_fini(&t);
    mdl_model_free(m);
}

/* A path network larger than the bound is not tried (its routes would
 * take seconds to build); one of the bound's size is. */
static void test_network_bound(void **state) {
    (void)state;
    mdl_model *m = probe(NULL);
    int nodes = mdl_model_node_count(m);
    assert_true(nodes > 1 && nodes <= MDL_TRIAL_MAX_NODES);
    mdl_trial_limits less = {DAY, 0, nodes - 1}, just = {DAY, 0, nodes};
    mdl_trial t;
    assert_true(mdl_trial_run(m, &less, &t));
    assert_false(t.ran);
    assert_true(t.nodes == nodes && t.max_nodes == nodes - 1 && t.nfleets == 0 && t.events == 0);
    mdl_trial_fini(&t);
    assert_true(mdl_trial_run(m, &just, &t));
    assert_true(t.ran && t.nfleets == 1 && t.events > 0 && t.reached == DAY);
    mdl_trial_fini(&t);
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(test_trial_is_the_replications_from_time_zero),
          cmocka_unit_test(test_time_bound),
          cmocka_unit_test(test_event_budget),
          cmocka_unit_test(test_no_fleet_no_trial),
          cmocka_unit_test(test_network_bound),
)
