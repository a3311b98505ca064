/*
 * test_people.c - people on the line (mdl_people.h, scn_people.c): a model
 * with a people part but no task draws the same numbers as without; a
 * deterministic walking case whose throughput is worked out by hand; load
 * and process tasks; work that waits for ever says so; the scene's bad
 * input (a skill nobody has, a headcount of 0, a pool never on shift).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_people.h"
#include "mdl_run.h"
#include "scn_scene.h"
#include "sim_dist.h"

#include "model_fixtures.h"
#include "test_main.h"

static mdl_model *stochastic_line(bool key) {
    mdl_model *m = mdl_model_new();
    fx_add_machine(m, "a", sim_dist_exp(300.0), 2, -1, 0.0);
    mdl_station_spec s = fx_station("b", sim_dist_lognormal(240.0, 60.0));
    s.has_failures = true;
    s.mtbf = sim_dist_exp(7200.0);
    s.mttr = sim_dist_exp(600.0);
    s.scrap = 0.02;
    fx_add_station(m, &s);
    const char *route[] = {"a", "b"};
    int p = mdl_model_add_product(m, "p", route, 2, 0);
    assert_true(mdl_model_add_push(m, p, sim_dist_exp(420.0), 0.0, 0) >= 0);
    if (key) assert_true(mdl_model_set_key_station(m, 1, true));
    return m;
}

/* A key station makes a people part (and takes the run off the lean
 * path) but needs nobody: every number of the line is the same, bit for
 * bit, and the automation rate is 1 (nobody was ever held). */
static void people_part_without_tasks_changes_nothing(void **state) {
    (void)state;
    mdl_model *a = stochastic_line(false), *b = stochastic_line(true);
    assert_false(mdl_model_has_people(a));
    assert_true(mdl_model_has_people(b));
    mdl_rep_result ra, rb;
    fx_run_one(a, 3600.0, 20 * 86400.0, 42, &ra);
    fx_run_one(b, 3600.0, 20 * 86400.0, 42, &rb);
    assert_true(ra.events == rb.events);
    for (int k = 0; k < MDL_KPI_COUNT; k++)
        assert_memory_equal(&ra.kpi[k], &rb.kpi[k], sizeof(double));
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < MDL_SKPI_COUNT; k++)
            assert_memory_equal(&ra.station[s][k], &rb.station[s][k], sizeof(double));
    assert_null(ra.people);
    assert_non_null(rb.people);
    assert_true(mdl_rep_people_kpi(&rb, MDL_PEOPLEKPI_AUTOMATION_RATE) == 1.0);
    mdl_rep_result_fini(&ra);
    fx_run_done(&rb, NULL, a);
    mdl_model_free(b);
}

/* The walking case (model_fixtures.h, fx_walking_line), worked out by hand there. */
static void walking_by_hand(void **state) {
    (void)state;
    double window = 140.0 * 1000; /* whole cycles, starting at a cycle's start (1400 s in) */
    mdl_model *m = fx_walking_line(1.0);
    mdl_rep_result r;
    fx_run_one(m, 1400.0, 1400.0 + window, 42, &r);
    double per_h = r.kpi[MDL_KPI_THROUGHPUT_PER_H];
    assert_true(fabs(per_h - 3600.0 / 140.0) <= 3600.0 / window); /* within one unit of the window */
    assert_true(fabs(mdl_rep_pool_kpi(&r, 0, MDL_POOLKPI_WALKING) - 20.0 / 140.0) < 1e-3);
    assert_true(fabs(mdl_rep_pool_kpi(&r, 0, MDL_POOLKPI_WORKING) - 120.0 / 140.0) < 1e-3);
    assert_true(fabs(r.station[0][MDL_SKPI_STATE_WAIT_OPERATOR] - 80.0 / 140.0) < 1e-3);
    assert_true(fabs(r.station[1][MDL_SKPI_STATE_WAIT_OPERATOR] - 10.0 / 140.0) < 1e-3);
    /* One person on the roll the whole window, at 30 per hour. */
    assert_true(fabs(mdl_rep_pool_kpi(&r, 0, MDL_POOLKPI_HOURS) - window / 3600.0) < 1e-9);
    assert_true(fabs(r.kpi[MDL_KPI_LABOR_COST] - 30.0 * window / 3600.0) < 1e-6);
    assert_true(fabs(mdl_rep_people_kpi(&r, MDL_PEOPLEKPI_LABOUR_PRODUCTIVITY) - r.kpi[MDL_KPI_UNITS_OUT] /
                                                                                   (window / 3600.0)) < 1e-9);
    fx_run_done(&r, NULL, m);

    m = fx_walking_line(0.0);
    fx_run_one(m, 1200.0, 1200.0 + 120.0 * 1000, 42, &r);
    assert_true(fabs(r.kpi[MDL_KPI_THROUGHPUT_PER_H] - 30.0) <= 3600.0 / (120.0 * 1000));
    assert_true(mdl_rep_pool_kpi(&r, 0, MDL_POOLKPI_WALKING) == 0.0);
    fx_run_done(&r, NULL, m);
}

/* A semi-automatic machine: a person loads for 20 s, then the machine
 * runs 100 s alone. With one machine, unlimited supply and a free person,
 * a unit per 120 s; the person loads 20 of every 120 s. Two such
 * machines tended by one person: still 2 units per 120 s (loads never
 * overlap for long), and the machine is `busy` while loading. */
static void load_task(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int st = fx_add_machine(m, "cnc", sim_dist_const(100.0), 1, -1, 0.0);
    const char *route[] = {"cnc"};
    fx_add_unlimited(m, "p", route, 1);
    mdl_pool_spec ps = fx_pool("tenders", 1);
    mdl_task_spec t = fx_task(st, fx_add_pool(m, &ps), MDL_TASK_LOAD);
    t.has_load = true;
    t.load = sim_dist_const(20.0);
    fx_add_task(m, &t);
    assert_true(mdl_model_set_key_station(m, st, true));
    mdl_rep_result r;
    fx_run_one(m, 1200.0, 1200.0 + 120.0 * 1000, 42, &r);
    assert_true(fabs(r.kpi[MDL_KPI_THROUGHPUT_PER_H] - 30.0) <= 3600.0 / (120.0 * 1000));
    assert_true(fabs(mdl_rep_pool_kpi(&r, 0, MDL_POOLKPI_LOADING) - 20.0 / 120.0) < 1e-3);
    assert_true(fabs(r.station[0][MDL_SKPI_STATE_BUSY] - 1.0) < 1e-9);
    /* Every operation had a person: automation rate 0. */
    assert_true(mdl_rep_people_kpi(&r, MDL_PEOPLEKPI_AUTOMATION_RATE) == 0.0);
    fx_run_done(&r, NULL, m);
}

/* Breaks and shift ends, by hand: one station (always on) whose 50-min
 * operations need the one person of a pool on shift 06:00-14:00, Monday to
 * Friday; unlimited supply; 4 weeks. `interrupt`: the operation in hand at
 * 14:00 pauses until 06:00, so only on-shift time works: 20 days x 8 h /
 * 50 min = 192 units. `hand_over`: the person finishes it (the tenth
 * operation of a day starts at 13:30 and ends at 14:20, overtime counted
 * as working), and the next waits for the morning: 10 units a day, 200. */
static double shift_units(mdl_break_policy policy, double *working_h) {
    mdl_model *m = mdl_model_new();
    int st = fx_add_machine(m, "bench", sim_dist_const(50 * 60.0), 1, -1, 0.0);
    const char *route[] = {"bench"};
    fx_add_unlimited(m, "p", route, 1);
    int cal = mdl_model_add_calendar(m, "day");
    for (int d = 0; d < 5; d++) assert_true(mdl_calendar_add_shift(m, cal, "day", d * 86400.0 + 6 * 3600.0, d * 86400.0 + 14 * 3600.0));
    mdl_pool_spec ps = fx_pool("ops", 1);
    ps.calendar = cal;
    ps.breaks = policy;
    mdl_task_spec t = fx_task(st, fx_add_pool(m, &ps), MDL_TASK_PROCESS);
    fx_add_task(m, &t);
    mdl_rep_result r;
    fx_run_one(m, 0.0, 28 * 86400.0, 42, &r);
    double units = r.kpi[MDL_KPI_UNITS_OUT];
    *working_h = mdl_rep_pool_kpi(&r, 0, MDL_POOLKPI_WORKING) * 28 * 24;
    fx_run_done(&r, NULL, m);
    return units;
}

static void breaks_interrupt_or_hand_over(void **state) {
    (void)state;
    double wh;
    assert_true(shift_units(MDL_BREAK_INTERRUPT, &wh) == 192.0);
    assert_true(fabs(wh - 160.0) < 1e-6);
    assert_true(shift_units(MDL_BREAK_HAND_OVER, &wh) == 200.0);
    assert_true(fabs(wh - 200.0 * 50.0 / 60.0) < 1e-6);
}

/* ---- scenes ---- */

static const char *const base_scene =
    "shifts = { calendars = ( { id = \"day\"; days = \"mon-fri\"; shifts = ( { name = \"d\"; from = \"06:00\"; to = "
    "\"14:00\"; } ); },\n"
    "                         { id = \"night\"; days = \"mon-fri\"; shifts = ( { name = \"n\"; from = \"22:00\"; to = "
    "\"05:00\"; } ); } ); };\n"
    "products = ( { id = \"p\"; route = [\"a\"]; } );\n"
    "release = ( { product = \"p\"; interarrival = \"5min\"; } );\n";

/* Loads base_scene + extra; the messages (errors, then warnings) into all. */
static mdl_model *load(const char *extra, char *all, size_t size, bool *ok) {
    char text[4096];
    snprintf(text, sizeof text, "%s%s", base_scene, extra);
    const char *path = "/tmp/linetwin_test_people.cfg";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    scn_diags *d = scn_diags_new(), *w = scn_diags_new();
    mdl_model *m = scn_load_file_checked(path, NULL, 0, d, w);
    all[0] = '\0';
    for (size_t i = 0; i < scn_diags_count(d); i++)
        snprintf(all + strlen(all), size - strlen(all), "%s\n", scn_diags_get(d, i));
    for (size_t i = 0; i < scn_diags_count(w); i++)
        snprintf(all + strlen(all), size - strlen(all), "%s\n", scn_diags_get(w, i));
    *ok = m != NULL;
    scn_diags_free(d);
    scn_diags_free(w);
    remove(path);
    return m;
}

static void bad_input(void **state) {
    (void)state;
    char all[4096];
    bool ok;
    static const struct {
        const char *what, *scene, *message;
    } refused[] = {
        {"a task needing a skill nobody of the pool has",
         "pools = ( { id = \"ops\"; headcount = 2; skills = [\"weld\"]; } );\n"
         "stations = ( { id = \"a\"; cycle = \"1min\";\n"
         "  people = ( { task = \"process\"; pool = \"ops\"; skill = \"paint\"; } ); } );\n",
         "linetwin_test_people.cfg:7: station 'a': people.process: no person of pool 'ops' has skill "
         "'paint'"},
        {"a headcount of 0 for a needed task",
         "pools = ( { id = \"ops\"; headcount = 0; } );\n"
         "stations = ( { id = \"a\"; cycle = \"1min\";\n"
         "  people = ( { task = \"process\"; pool = \"ops\"; } ); } );\n",
         "people.process: needs 1 people but pool 'ops' has 0"},
        {"an unknown pool, with a hint",
         "pools = ( { id = \"ops\"; } );\n"
         "stations = ( { id = \"a\"; cycle = \"1min\";\n"
         "  people = ( { task = \"process\"; pool = \"opps\"; } ); } );\n",
         "pool: no pool 'opps'"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        mdl_model_free(load(refused[i].scene, all, sizeof all, &ok));
        if (ok || !strstr(all, refused[i].message))
            fail_msg("%s: %s, expected \"%s\" in:\n%s", refused[i].what, ok ? "loaded" : "refused",
                     refused[i].message, all);
    }
    /* A pool never on shift while its station is: a warning, and a run
     * whose work waits to the end says so. */
    mdl_model *m = load("pools = ( { id = \"ops\"; calendar = \"night\"; } );\n"
                        "stations = ( { id = \"a\"; cycle = \"1min\"; calendar = \"day\";\n"
                        "  people = ( { task = \"process\"; pool = \"ops\"; } ); } );\n",
                        all, sizeof all, &ok);
    assert_true(ok);
    assert_non_null(strstr(all, "linetwin_test_people.cfg:7: station 'a': warning: people.process: pool 'ops' is never "
                                "on shift while this station is"));
    mdl_rep_result r;
    fx_run_one(m, 0.0, 3 * 86400.0, 42, &r);
    assert_true(r.kpi[MDL_KPI_UNITS_OUT] == 0.0);
    assert_true(mdl_rep_people_kpi(&r, MDL_PEOPLEKPI_OPEN_TASKS) >= 1.0);
    assert_true(mdl_rep_people_kpi(&r, MDL_PEOPLEKPI_LONGEST_OPEN_S) > 86400.0);
    fx_run_done(&r, NULL, m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(people_part_without_tasks_changes_nothing),
        cmocka_unit_test(walking_by_hand),
        cmocka_unit_test(load_task),
        cmocka_unit_test(breaks_interrupt_or_hand_over),
        cmocka_unit_test(bad_input),
)
