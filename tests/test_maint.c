/*
 * test_maint.c - failure modes and maintenance strategies (mdl_maint.c):
 * what happens when, read off the run's event log and its ledger.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_maint.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "scn_scene.h"
#include "sim_units.h"

#include "test_helpers.h"
#include "test_scene_text.h"
#include "test_main.h"
#include "model_fixtures.h"
#include "maint_log.h"

static mdl_model *load(const char *stations, const char *extra) {
    char before[2048];
    snprintf(before, sizeof before, "%s\n", extra);
    return test_job_line("maint.cfg", (test_run){"20d", NULL, 1, 7}, before, stations, "");
}

/* load() of station m, a constant 10-minute cycle with these keys, and
 * the keys `extra`. */
static mdl_model *load_machine(const char *keys, const char *extra) {
    char st[2048];
    snprintf(st, sizeof st, "{ id = \"m\"; cycle = \"const(10min)\"; %s }", keys);
    return load(st, extra);
}

/* The mtbf/mttr pair next to `maintenance = {}` is one calendar mode: the
 * same draws in the same order, so the same breakdowns as without. */
static void mtbf_is_one_mode(void **state) {
    (void)state;
    mdl_model *a = load("{ id = \"m\"; cycle = \"const(2min)\"; mtbf = \"exp(4h)\"; mttr = \"exp(20min)\"; }", "");
    mdl_model *b = load("{ id = \"m\"; cycle = \"const(2min)\"; mtbf = \"exp(4h)\"; mttr = \"exp(20min)\";"
                        "  maintenance = { }; }",
                        "");
    assert_null(mdl_model_station(a, 0)->maint);
    assert_non_null(mdl_model_station(b, 0)->maint);
    assert_int_equal(mdl_model_station(b, 0)->maint->nmodes, 1);
    assert_string_equal(mdl_model_station(b, 0)->maint->modes[0].id, "mtbf");
    evlog la, lb;
    mdl_rep_result ra = run_logged(a, &la), rb = run_logged(b, &lb);
    assert_true(count(&la, MDL_LOG_DOWN) > 50);
    assert_int_equal(count(&la, MDL_LOG_DOWN), count(&lb, MDL_LOG_DOWN));
    assert_near(ra.station[0][MDL_SKPI_STATE_DOWN], rb.station[0][MDL_SKPI_STATE_DOWN], 1e-9);
    assert_near(ra.station[0][MDL_SKPI_FAILURES], rb.station[0][MDL_SKPI_FAILURES], 0);
    mdl_rep_result_fini(&ra);
    fx_run_done(&rb, NULL, a);
    mdl_model_free(b);
}

/* PM at the end of the unit starts when an operation finishes; an
 * immediate one at the due time, in the middle of an operation. */
static void pm_end_of_unit_and_immediately(void **state) {
    (void)state;
    for (int imm = 0; imm < 2; imm++) {
        char keys[256];
        snprintf(keys, sizeof keys, "maintenance = { pm_interval = \"95min\"; pm_duration = \"const(7min)\"; pm_when = \"%s\"; };",
                 imm ? "immediately" : "end_of_unit");
        mdl_model *m = load_machine(keys, "");
        evlog l;
        mdl_rep_result res = run_logged(m, &l);
        int starts = count(&l, MDL_LOG_MAINT_START);
        if (imm) {
            assert_int_equal(l.maint_on_grid, starts);       /* on the calendar grid of 95 min */
            assert_true(l.maint_after_finish < starts / 2); /* mostly in the middle of a unit */
        } else {
            assert_int_equal(l.maint_after_finish, starts);
        }
        assert_true(starts > 100);
        assert_int_equal(starts, count(&l, MDL_LOG_MAINT_END) + (count(&l, MDL_LOG_MAINT_END) < starts));
        assert_true(res.station[0][MDL_SKPI_STATE_MAINT] > 0.05);
        assert_near(res.station[0][MDL_SKPI_PM], (double)starts, 0);
        fx_run_done(&res, NULL, m);
    }
}

/* PM in the window: only off shift; the time shows as maintenance. */
static void pm_waits_for_the_window(void **state) {
    (void)state;
    mdl_model *m = load_machine("maintenance = { pm_interval = \"1d\"; pm_duration = \"const(2h)\"; pm_when = \"window\"; };",
                                "shifts = { calendars = ( { id = \"day\"; days = [ \"daily\" ];"
                                "  shifts = ( { from = \"06:00\"; to = \"22:00\"; } ); } ); line = \"day\"; };");
    evlog l;
    mdl_rep_result res = run_logged(m, &l);
    assert_true(count(&l, MDL_LOG_MAINT_START) >= 19);
    assert_int_equal(l.off_at_maint_start, 0);
    assert_true(res.station[0][MDL_SKPI_STATE_MAINT] > 0.0);
    /* planned time is out of the planned production time: availability 1 */
    assert_near(res.station[0][MDL_SKPI_AVAILABILITY], 1.0, 1e-12);
    fx_run_done(&res, NULL, m);
}

/* A cycles clock: a failure every 100 operations, at the end of one. */
static void cycles_clock(void **state) {
    (void)state;
    mdl_model *m = load("{ id = \"m\"; cycle = \"const(6min)\";"
                        "  failure_modes = ( { id = \"wear\"; ttf = \"const(100)\"; clock = \"cycles\";"
                        "                      repair = \"const(1h)\"; } ); }",
                        "");
    evlog l;
    mdl_rep_result res = run_logged(m, &l);
    /* up 600 min, down 60 min */
    assert_near(res.station[0][MDL_SKPI_STATE_DOWN], 60.0 / 660.0, 0.003);
    assert_true(count(&l, MDL_LOG_DOWN) > 40);
    assert_int_equal(l.down_after_finish, count(&l, MDL_LOG_DOWN));
    assert_int_equal(l.down_at_hundreds, count(&l, MDL_LOG_DOWN));
    fx_run_done(&res, NULL, m);
}

/* CBM with a continuous sensor on a deterministic life: maintenance at
 * the threshold, never a failure. With inspections too sparse to catch
 * it, every life ends in a failure. */
static void cbm_threshold(void **state) {
    (void)state;
    for (int sparse = 0; sparse < 2; sparse++) {
        char keys[512];
        snprintf(keys, sizeof keys,
                 "failure_modes = ( { id = \"wear\"; ttf = \"const(10h)\"; clock = \"operating\"; repair = \"const(3h)\";"
                 "                    planned = \"const(1h)\"; condition = \"linear\"; maint_threshold = 0.6;"
                 "                    inspect = \"%s\"; } );"
                 "maintenance = { on_warning = \"immediately\"; };",
                 sparse ? "7h" : "0");
        mdl_model *m = load_machine(keys, "");
        evlog l;
        mdl_rep_result res = run_logged(m, &l);
        double *o = res.station[0];
        if (!sparse) {
            assert_near(o[MDL_SKPI_FAILURES], 0, 0);
            assert_true(o[MDL_SKPI_CBM] > 60); /* every 6 h + 1 h over 20 d */
            assert_near(o[MDL_SKPI_STATE_MAINT], 1.0 / 7.0, 0.01);
        } else {
            /* inspections at 7 h read 0.7 >= 0.6: maintenance at 7 h */
            assert_near(o[MDL_SKPI_FAILURES], 0, 0);
            assert_near(o[MDL_SKPI_STATE_MAINT], 1.0 / 8.0, 0.01);
        }
        assert_true(count(&l, MDL_LOG_WARNING) > 0);
        fx_run_done(&res, NULL, m);
    }
}

/* Kijima type I: as bad as old (factor 1) keeps the virtual age, so a
 * wearing mode fails more and more often; as good as new does not. */
static void imperfect_repair_ages(void **state) {
    (void)state;
    double fails[2];
    for (int q = 0; q < 2; q++) {
        char keys[256];
        snprintf(keys, sizeof keys,
                 "failure_modes = ( { id = \"wear\"; ttf = \"weibull(3, 40h)\"; clock = \"operating\";"
                 "                    repair = \"const(1min)\"; repair_age = %d; } );",
                 q);
        mdl_model *m = load_machine(keys, "");
        evlog l;
        mdl_rep_result res = run_logged(m, &l);
        fails[q] = res.station[0][MDL_SKPI_FAILURES];
        fx_run_done(&res, NULL, m);
    }
    /* new: ~480 h / 35.7 h = 13; old: N(t) = (t / 40)^3, about 1400 over the ~450 h up */
    assert_true(fails[0] > 8 && fails[0] < 20);
    assert_true(fails[1] > 1000);
}

/* The trainer's machine: modes a and b, both rare; b's warning comes
 * with a lead longer than any life and waits for a window that never
 * comes; PM rarely due. */
static const char trainer_keys[] =
    "failure_modes = ( { id = \"a\"; ttf = \"exp(1000h)\"; repair = \"const(1h)\"; },"
    "                  { id = \"b\"; ttf = \"exp(1000h)\"; repair = \"const(2h)\";"
    "                    recall = 1.0; lead = \"const(1000h)\"; } );"
    "maintenance = { pm_interval = \"10000h\"; pm_duration = \"const(30min)\"; on_warning = \"window\"; };";

/* Trainer: fail a chosen mode, start a PM; the warning accessor. */
static void trainer_actions(void **state) {
    (void)state;
    mdl_model *m = load_machine(trainer_keys, "");
    mdl_run *r = mdl_run_new(m, NULL, 0);
    assert_non_null(r);
    mdl_run_until(r, 3600.0);
    /* lead longer than any life: warned at once, waiting for a window that never comes */
    assert_true(mdl_run_station_warned(r, 0));
    assert_false(mdl_run_fail_mode(r, 0, 2));
    assert_true(mdl_run_fail_mode(r, 0, 1));
    assert_int_equal(mdl_run_server_state(r, 0, 0), MDL_STATE_DOWN);
    assert_false(mdl_run_start_pm(r, 0)); /* no server up */
    assert_int_equal(mdl_run_station_failures(r, 0), 1);
    mdl_run_until(r, 3600.0 + 2 * 3600.0 + 1.0); /* repaired: mode b renewed, warned again */
    assert_int_equal(mdl_run_server_state(r, 0, 0), MDL_STATE_BUSY);
    assert_true(mdl_run_start_pm(r, 0));
    assert_int_equal(mdl_run_server_state(r, 0, 0), MDL_STATE_MAINT);
    mdl_run_until(r, 3 * 3600.0 + 31 * 60.0);
    assert_int_equal(mdl_run_server_state(r, 0, 0), MDL_STATE_BUSY);
    mdl_run_free(r);
    mdl_model_free(m);
}

static void names(void **state) {
    (void)state;
    assert_string_equal(mdl_state_name(MDL_STATE_MAINT), "maintenance");
    assert_string_equal(mdl_log_kind_name(MDL_LOG_MAINT_START), "maintenance_started");
    assert_string_equal(mdl_log_kind_name(MDL_LOG_WARNING), "warned");
    assert_string_equal(mdl_kpis_name(MDL_KPIS_STATION, MDL_SKPI_STATE_MAINT), "maintenance");
    assert_string_equal(mdl_kpis_name(MDL_KPIS_LINE, MDL_KPI_MAINT_COST), "maintenance_cost");
    assert_string_equal(mdl_mclock_name(MDL_MCLOCK_CYCLES), "cycles");
    assert_string_equal(mdl_mwhen_name(MDL_MWHEN_WINDOW), "window");
    mdl_maint_spec s;
    mdl_maint_spec_default(&s);
    mdl_failure_mode f;
    mdl_failure_mode_default(&f);
    f.id = "x";
    f.recall = 1.5;
    s.modes = &f;
    s.nmodes = 1;
    char msg[256];
    assert_false(mdl_maint_check(&s, msg, sizeof msg));
    assert_non_null(strstr(msg, "recall"));
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(mtbf_is_one_mode),
        cmocka_unit_test(pm_end_of_unit_and_immediately),
        cmocka_unit_test(pm_waits_for_the_window),
        cmocka_unit_test(cycles_clock),
        cmocka_unit_test(cbm_threshold),
        cmocka_unit_test(imperfect_repair_ages),
        cmocka_unit_test(trainer_actions),
        cmocka_unit_test(names),
)
