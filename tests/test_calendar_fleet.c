/*
 * test_calendar_fleet.c - robots and AGV fleets on a shift calendar
 * (issue 20): off shift they end the task in hand and start none; their
 * time then is `off` in the ledger, and their shares count over the shift
 * hours, as stations' do. Hand-worked cases with deterministic times.
 *
 * Both use a two-shift calendar, 06:00-14:00 and 14:00-22:00, every day:
 * 960 min on, 480 min off a day. Horizon 11 days, warm-up 1 day: 10 days
 * counted, each the same from the second day on.
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

#include "test_helpers.h"
#include "test_scene_text.h"
#include "test_main.h"

#define TWO_SHIFTS                                                                                                     \
    "shifts = { calendars = ( { id = \"two-shift\"; days = [ \"mon-sun\" ];\n"                                      \
    "  shifts = ( { name = \"early\"; from = \"06:00\"; to = \"14:00\"; },\n"                                          \
    "             { name = \"late\"; from = \"14:00\"; to = \"22:00\"; } ); } ); };\n"

/* ---- a robot ------------------------------------------------------------------------
 *
 * One machine (always on: neither it nor the line has a calendar) with
 * operations of 10 min, tended by a robot that loads in 2 min and unloads
 * in 1 min. Off shift the robot starts no task: a unit that ends after
 * 22:00 waits on the machine for its unload until 06:00. From 06:00 the
 * cycle unload [0, 1), load [1, 3), operation [3, 13) min repeats every
 * 13 min; 22:00 (960 = 73 x 13 + 11) falls in an operation, which ends at
 * 22:02 and waits (on the first day, from a load at 06:00, in one that
 * ends at 22:01: the same state at midnight). Unloads end at 13 k + 1,
 * k = 0 .. 73: 74 units a day, 148 tasks, 74 x 3 = 222 min of work in
 * the 960 on shift. Over 10 days: 740 units, 1480 tasks, an off-shift
 * share of 8 h / 24 h and a utilisation of 222 / 960. */
static const char robot_plant[] =
    "stations = ( { id = \"m\"; cycle = \"const(10min)\"; } );\n"
    "products = ( { id = \"job\"; route = [ \"m\" ]; } );\n"
    "release = ( { product = \"job\"; unlimited = true; } );\n"
    "robots = ( { id = \"r1\"; tends = [ \"m\" ]; load = \"const(2min)\"; unload = \"const(1min)\";\n"
    "  power = { busy = 2.0; idle = 0.5; off = 0.1; }; ";

/* The scene of a plant (robot_plant, fleet_plant) on TWO_SHIFTS over 11
 * days after a day's warm-up: the plant, then keys of its last entry (the
 * robot's or the fleet's), which this closes; into buf. */
static const char *shift_text(char *buf, size_t size, const char *plant, const char *keys) {
    snprintf(buf, size, "run = { horizon = \"11d\"; warmup = \"1d\"; replications = 1; seed = 1; };\n" TWO_SHIFTS
             "%s%s } );\n", plant, keys);
    return buf;
}

/* The model of shift_text (refused: the test fails). */
static mdl_model *shift_scene(const char *plant, const char *keys) {
    char text[4096];
    return test_scene_text("calendar.cfg", shift_text(text, sizeof text, plant, keys));
}

/* Replication 0 of shift_scene(plant, keys), run as a batch of one;
 * shift_run_free frees it. */
typedef struct shift_run {
    mdl_model *model;
    mdl_batch *batch;
    const mdl_rep_result *rep;
} shift_run;

static shift_run shift_run_new(const char *plant, const char *keys) {
    shift_run s = {shift_scene(plant, keys), NULL, NULL};
    s.batch = test_batch(s.model, 1);
    s.rep = mdl_batch_rep(s.batch, 0);
    return s;
}

static void shift_run_free(shift_run *s) {
    mdl_batch_free(s->batch);
    mdl_model_free(s->model);
}

static void robot_two_shifts(void **state) {
    (void)state;
    shift_run s = shift_run_new(robot_plant, "calendar = \"two-shift\";");
    const mdl_rep_result *r = s.rep;
    double off = mdl_rep_robot_kpi(r, 0, MDL_RKPI_OFF_SHIFT), util = mdl_rep_robot_kpi(r, 0, MDL_RKPI_UTILIZATION);
    double busy = mdl_rep_robot_kpi(r, 0, MDL_RKPI_BUSY), idle = mdl_rep_robot_kpi(r, 0, MDL_RKPI_IDLE);
    print_message("robot: units %g, tasks %g, off %.12g, util %.12g\n", r->kpi[MDL_KPI_UNITS_OUT],
                  mdl_rep_robot_kpi(r, 0, MDL_RKPI_TASKS), off, util);
    assert_true(r->kpi[MDL_KPI_UNITS_OUT] == 740.0);
    assert_true(mdl_rep_robot_kpi(r, 0, MDL_RKPI_TASKS) == 1480.0);
    assert_true(fabs(off - 1.0 / 3.0) < 1e-12);
    assert_true(fabs(util - 222.0 / 960.0) < 1e-12);
    assert_true(fabs(busy + idle - 1.0) < 1e-12); /* the shares of the shift hours */
    /* energy a day: 222 min busy at 2 kW, 738 idle at 0.5 kW, 480 off at 0.1 kW */
    double kwh = 10.0 * (222.0 * 2.0 + 738.0 * 0.5 + 480.0 * 0.1) / 60.0;
    assert_true(fabs(mdl_rep_robot_kpi(r, 0, MDL_RKPI_ENERGY_KWH) - kwh) < 1e-9);
    shift_run_free(&s);
}

/* ---- a fleet ------------------------------------------------------------------------
 *
 * A source at node a, a sink at node b 70 m away, one vehicle at 1 m/s
 * without acceleration, loading and unloading at once, staying where it
 * is when idle. On shift a unit always waits at a: the vehicle drives
 * 70 s empty to a and 70 s loaded to b, a delivery every 140 s from 06:00.
 * At 22:00 (57600 s = 411 x 140 + 60) it is on its way to a pick-up: it
 * ends that task, the 412th delivery at 57680 s, then stands off shift at
 * b until 06:00 (on the first day it starts at a and also delivers 412:
 * the same state at midnight). A day: 412 units, 412 x 140 s driven,
 * never idle on shift, off 86400 - 57680 s. */
static const char fleet_plant[] =
    "stations = ( { id = \"src\"; cycle = \"const(10s)\"; node = \"a\"; out_capacity = 1; },\n"
    "             { id = \"sink\"; cycle = \"const(1s)\"; node = \"b\"; } );\n"
    "products = ( { id = \"u\"; route = [ \"src\", \"sink\" ]; transport = { src = \"agv\"; }; } );\n"
    "release = ( { product = \"u\"; unlimited = true; } );\n"
    "paths = { nodes = ( { id = \"a\"; at = [ 0.0, 0.0 ]; }, { id = \"b\"; at = [ 70.0, 0.0 ]; } );\n"
    "          edges = ( { from = \"a\"; to = \"b\"; } ); };\n"
    "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; accel = 0; home = \"a\"; idle = \"stay\"; ";

static void fleet_two_shifts(void **state) {
    (void)state;
    shift_run s = shift_run_new(fleet_plant, "calendar = \"two-shift\";");
    const mdl_rep_result *r = s.rep;
    double off = mdl_rep_fleet_kpi(r, 0, MDL_FKPI_OFF_SHIFT), util = mdl_rep_fleet_kpi(r, 0, MDL_FKPI_UTILIZATION);
    double units = mdl_rep_fleet_kpi(r, 0, MDL_FKPI_UNITS);
    print_message("fleet: units %g, out %g, off %.12g, util %.12g, idle %.12g\n", units, r->kpi[MDL_KPI_UNITS_OUT],
                  off, util, mdl_rep_fleet_kpi(r, 0, MDL_FKPI_IDLE));
    assert_true(units == 4120.0);
    assert_true(r->kpi[MDL_KPI_UNITS_OUT] == 4120.0);
    assert_true(fabs(off - (86400.0 - 57680.0) / 86400.0) < 1e-12);
    assert_true(fabs(util - 1.0) < 1e-12); /* over the shift hours: never idle */
    assert_true(fabs(mdl_rep_fleet_kpi(r, 0, MDL_FKPI_LOADED) - 0.5) < 1e-12);
    assert_true(mdl_rep_fleet_kpi(r, 0, MDL_FKPI_IDLE) == 0.0);
    assert_true(fabs(mdl_rep_vehicle_kpi(r, 0, MDL_FKPI_OFF_SHIFT) - off) < 1e-15);
    assert_true(fabs(mdl_rep_fleet_kpi(r, 0, MDL_FKPI_DISTANCE_M) - 10.0 * 412.0 * 140.0) < 1e-6);
    shift_run_free(&s);
}

/* Without a calendar the robot and the fleet work at all hours, as
 * before: no time off shift; a unit every 13 min at the robot, a delivery
 * every 140 s by the fleet. */
static void no_calendar_no_off_shift(void **state) {
    (void)state;
    shift_run robot = shift_run_new(robot_plant, ""), fleet = shift_run_new(fleet_plant, "");
    assert_true(mdl_rep_robot_kpi(robot.rep, 0, MDL_RKPI_OFF_SHIFT) == 0.0);
    assert_true(fabs(robot.rep->kpi[MDL_KPI_UNITS_OUT] - 10.0 * 1440.0 / 13.0) <= 1.0);
    assert_true(mdl_rep_fleet_kpi(fleet.rep, 0, MDL_FKPI_OFF_SHIFT) == 0.0);
    assert_true(fabs(mdl_rep_fleet_kpi(fleet.rep, 0, MDL_FKPI_UNITS) - 864000.0 / 140.0) <= 1.0);
    shift_run_free(&robot);
    shift_run_free(&fleet);
}

/* An unknown calendar, or one given as a number, is a `file:line` problem
 * (at the robot's keys, line 9, and the fleets line, 11). */
static void calendar_refused(void **state) {
    (void)state;
    char text[4096];
    shift_text(text, sizeof text, robot_plant, "calendar = \"three-shift\";");
    test_expect_problem(text, strlen(text), "t.cfg:9: robot 'r1': calendar");
    shift_text(text, sizeof text, fleet_plant, "calendar = 3;");
    test_expect_problem(text, strlen(text), "t.cfg:11: fleet 'agv': calendar");
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(robot_two_shifts),
        cmocka_unit_test(fleet_two_shifts),
        cmocka_unit_test(no_calendar_no_off_shift),
        cmocka_unit_test(calendar_refused),
)
