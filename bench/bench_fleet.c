/*
 * bench_fleet.c - AGV traffic at scale: the cost of a simulated day as
 * one fleet grows, with the same work per vehicle, and a week of 50 AGVs
 * on a 200-node network (target < 2 s, kinematic). Prints the work per
 * vehicle-day (events, trips, edge passes, mean trip length) beside the
 * CPU time, and the fitted exponent of CPU time in vehicles (target <=
 * 1.1); asserts nothing. CPU time is noisy on a shared machine: the
 * reliable figure is instructions (`bench_fleet N DAYS VARIANT` under
 * callgrind, bench/README.md).
 *
 * The plant for N vehicles: a ladder of two rows of 2N nodes, 6 m apart
 * (4N nodes), two-way edges of capacity 1 along the rows and across every
 * rung. N stations on the bottom row, each sending units by the one fleet
 * to the station one column on, on the top row, a unit every 10 min on
 * average (exponential). Variants:
 *   ladder      idle vehicles stay where they are, dispatching `nearest`
 *               (the benchmark of sessions 15-16): as the ladder grows an
 *               idle vehicle drifts further from the next request, so the
 *               empty trips (the work per vehicle) grow with N.
 *   cells       the ladder cut into cells of 5 stations (10 columns), each
 *               with a parking node of 5 places beside its middle rung;
 *               idle vehicles park (the nearest parking with room): a
 *               request is served from its own cell's parking, the same
 *               mean trip at every N.
 *   battery     cells, with batteries and a charging node (2 slots) beside
 *               each parking node.
 *   fcfs, starvation   cells, with those dispatching rules. Their choice
 *               is the longest-idle vehicle (and, for a freed vehicle, the
 *               oldest request or the emptiest destination) anywhere on the
 *               ladder, so a trip's mean length grows as N: each station
 *               sends a unit every 600 x N / 10 s on average, so that the
 *               metres driven per vehicle-day stay the same (fewer, longer
 *               trips; with 600 s the fleet saturates and jams at N = 200).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"

#include "model_specs.h" /* tests/: the fixtures the tests build with */
#include "bench_clock.h"

#define CELL 5 /* stations (and vehicles) per cell */
/* Each size is run this many times and its least CPU time kept: the runs
 * are identical (same seed), and one preemption in one of them would move
 * the fitted exponent. */
#define BEST_OF 3
#define GAP 60.0 /* metres between cells, beyond the 6 m of a column */

typedef struct variant {
    const char *name;
    bool cells, battery;
    mdl_fleet_dispatch dispatch;
    bool global; /* the rule's trips cross the plant: demand per station scaled by 10 / N */
} variant;

static const variant variants[] = {
    {"cells", true, false, MDL_FLEET_NEAREST, false},  {"ladder", false, false, MDL_FLEET_NEAREST, false},
    {"battery", true, true, MDL_FLEET_NEAREST, false}, {"fcfs", true, false, MDL_FLEET_FCFS, true},
    {"starvation", true, false, MDL_FLEET_STARVATION, true},
};
enum { NVARIANTS = sizeof variants / sizeof variants[0] };

/* A node hanging off `at` (a dead end, 6 m away). */
static int side_node(mdl_model *m, const char *id, int at, double x, double y, int capacity, mdl_node_kind kind) {
    mdl_node_spec n = fx_node(id, x, y, capacity, kind);
    if (kind == MDL_NODE_CHARGING) n.slots = 2;
    int i = mdl_model_add_node(m, &n);
    mdl_edge_spec e = fx_edge(at, i);
    if (i < 0 || mdl_model_add_edge(m, &e) < 0) abort();
    return i;
}

/* Parking (and a charger) per cell, beside the cell's middle rung. */
static void cells(mdl_model *m, const variant *v, int vehicles, const int *row0, const int *row1) {
    for (int c = 0; c < vehicles / CELL; c++) {
        int col = 2 * CELL * c + CELL;
        char id[32];
        snprintf(id, sizeof id, "park%d", c);
        side_node(m, id, row1[col], 6.0 * col + GAP * c, 12.0, CELL, MDL_NODE_PARKING);
        if (!v->battery) continue;
        snprintf(id, sizeof id, "charge%d", c);
        side_node(m, id, row0[col], 6.0 * col + GAP * c, -6.0, 2, MDL_NODE_CHARGING);
    }
}

/* fx_ladder's ladder with a gap of `gap` metres more between cells (the
 * row edges between them are longer): the node "n<row>_<col>" at x = 6 col
 * + gap x (its cell). */
static void ladder(mdl_model *m, int cols, double gap, int *row0, int *row1) {
    int *row[2] = {row0, row1};
    for (int c = 0; c < cols; c++) {
        for (int k = 0; k < 2; k++) {
            char id[32];
            snprintf(id, sizeof id, "n%d_%d", k, c);
            mdl_node_spec n = fx_node(id, 6.0 * c + gap * (c / (2 * CELL)), 6.0 * k, c % 2 == k ? 2 : 1, MDL_NODE_POINT);
            if ((row[k][c] = mdl_model_add_node(m, &n)) < 0) abort();
        }
        mdl_edge_spec e = fx_edge(row0[c], row1[c]);
        if (mdl_model_add_edge(m, &e) < 0) abort();
        for (int k = 0; k < 2 && c > 0; k++) {
            e = fx_edge(row[k][c - 1], row[k][c]);
            if (mdl_model_add_edge(m, &e) < 0) abort();
        }
    }
}

static mdl_model *plant(const variant *v, int vehicles) {
    mdl_model *m = mdl_model_new();
    int cols = 2 * vehicles, *row0 = malloc((size_t)cols * sizeof *row0), *row1 = malloc((size_t)cols * sizeof *row1);
    if (!m || !row0 || !row1) abort();
    ladder(m, cols, v->cells ? GAP : 0.0, row0, row1);
    if (v->cells) cells(m, v, vehicles, row0, row1);
    mdl_fleet_spec f = fx_fleet("agv", vehicles, 1.0, 0.5, 15.0, 15.0);
    f.idle = v->cells ? MDL_IDLE_PARK : MDL_IDLE_STAY;
    f.dispatch = v->dispatch;
    if (v->battery) {
        /* about 3 charges a vehicle-day of 40 min each: a cell's 2 chargers
         * are busy a quarter of the time, and a vehicle seldom waits */
        f.per_m_kwh = 0.0005;
        f.idle_kw = 0.01;
        f.battery = (mdl_battery_spec){true, 2.0, 0.3, 2.0, 1.0};
    }
    if (mdl_model_add_fleet(m, &f) != 0) abort();
    if (!fx_ladder_line(m, vehicles, row0, row1, v->global ? 600.0 * vehicles / 10.0 : 600.0)) abort();
    free(row0);
    free(row1);
    if (!mdl_model_validate(m)) abort();
    return m;
}

/* What a run of `days` did: CPU s and the work of the fleet. */
typedef struct figures {
    double cpu, events, trips, metres, units, deadlocks, forced, charges;
} figures;

static double fleet(const mdl_rep_result *res, mdl_fkpi k) { return mdl_rep_fleet_kpi(res, 0, k); }

/* The simulated days only: the routing tables' rows are built when a run
 * first needs them and kept on the model for the next (bench_route times
 * that), so an untimed day of replication 1 builds them first, as the
 * first replication of a batch does for the others. */
/* The timed run (its own function: callgrind's --toggle-collect=timed_run
 * counts it alone). */
static __attribute__((noinline)) void timed_run(mdl_run *r, mdl_rep_result *res) { mdl_run_to_end(r, res); }

static figures run_days(const variant *v, int vehicles, double days) {
    mdl_model *m = plant(v, vehicles);
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = days * 86400.0;
    rs.warmup = 0.0;
    rs.seed = 7;
    mdl_rep_result res;
    if (!mdl_rep_result_init(&res, m)) abort();
    mdl_run_settings warm = rs;
    warm.horizon = 86400.0;
    mdl_run *r = mdl_run_new(m, &warm, 1);
    if (!r) abort();
    mdl_run_to_end(r, &res);
    mdl_run_free(r);
    r = mdl_run_new(m, &rs, 0);
    if (!r) abort();
    figures f;
    double t0 = bench_cpu_s();
    timed_run(r, &res);
    f.cpu = bench_cpu_s() - t0;
    f.events = (double)mdl_run_events(r);
    f.trips = fleet(&res, MDL_FKPI_TRIPS);
    f.metres = fleet(&res, MDL_FKPI_DISTANCE_M);
    f.units = fleet(&res, MDL_FKPI_UNITS);
    f.deadlocks = fleet(&res, MDL_FKPI_DEADLOCKS);
    f.forced = fleet(&res, MDL_FKPI_DEADLOCK_FORCED);
    f.charges = fleet(&res, MDL_FKPI_CHARGES);
    mdl_rep_result_fini(&res);
    mdl_run_free(r);
    mdl_model_free(m);
    return f;
}

/* One line per size: the work per vehicle-day beside the CPU time. */
static void print_figures(int vehicles, double days, const figures *f) {
    double vd = vehicles * days;
    printf("%9d %9.3f %10.2e %9.0f %8.1f %9.1f %8.1f %7.1f %6.0f %6.0f\n", vehicles, f->cpu, f->cpu / vd, f->events / vd,
           f->trips / vd, f->metres / 6.0 / vd, f->trips > 0 ? f->metres / f->trips : 0.0, f->charges / vd, f->deadlocks,
           f->forced);
}

static double slope(const double *lx, const double *ly, int n) {
    double mx = 0.0, my = 0.0, sxy = 0.0, sxx = 0.0;
    for (int i = 0; i < n; i++) mx += lx[i] / n, my += ly[i] / n;
    for (int i = 0; i < n; i++) sxy += (lx[i] - mx) * (ly[i] - my), sxx += (lx[i] - mx) * (lx[i] - mx);
    return sxy / sxx;
}

/* Every size runs the same number of vehicle-days (a small fleet more
 * days): each timed run is then long enough (about 0.1 s) that a
 * preemption or a cold cache does not move the fit, and the cost per
 * simulated day is CPU time / days. */
static void scaling(const variant *v, double vdays) {
    const int sizes[] = {10, 20, 50, 100, 200};
    enum { NS = sizeof sizes / sizeof sizes[0] };
    double lx[NS], ly[NS], le[NS], lp[NS];
    printf("\n%s: one fleet, %.0f vehicle-days per size (N = 10 runs %.0f days, N = 200 %.0f); per vehicle-day: events, "
           "trips, edge passes, charges\n",
           v->name, vdays, vdays / sizes[0], vdays / sizes[NS - 1]);
    printf("%9s %9s %10s %9s %8s %9s %8s %7s %6s %6s\n", "vehicles", "CPU s", "s/veh/day", "events", "trips", "edges",
           "m/trip", "charges", "dlock", "forced");
    for (int i = 0; i < NS; i++) {
        double days = vdays / sizes[i];
        figures f = run_days(v, sizes[i], days);
        for (int k = 1; k < BEST_OF; k++) { /* the same run again: its CPU time is the least of BEST_OF */
            figures g = run_days(v, sizes[i], days);
            if (g.cpu < f.cpu) f.cpu = g.cpu;
        }
        lx[i] = log((double)sizes[i]);
        ly[i] = log(f.cpu / days); /* cost per simulated day */
        le[i] = log(f.events / days);
        lp[i] = log(f.cpu / f.events);
        print_figures(sizes[i], days, &f);
    }
    printf("%s: fitted exponent in vehicles (10..200), per simulated day: CPU time %.2f (target <= 1.1), events %.2f, "
           "CPU per event %.2f\n",
           v->name, slope(lx, ly, NS), slope(lx, le, NS), slope(lx, lp, NS));
}

static const variant *find_variant(const char *name) {
    for (int i = 0; i < NVARIANTS; i++)
        if (strcmp(variants[i].name, name) == 0) return &variants[i];
    fprintf(stderr, "bench_fleet: unknown variant '%s' (cells, ladder, battery, fcfs, starvation)\n", name);
    exit(2);
}

int main(int argc, char **argv) {
    if (argc >= 3) { /* one size alone (for callgrind): N DAYS [VARIANT] */
        const variant *v = find_variant(argc >= 4 ? argv[3] : "cells");
        int n = atoi(argv[1]);
        double days = atof(argv[2]);
        figures f = run_days(v, n, days);
        printf("%s, %d vehicles, %g days: %.0f events\n", v->name, n, days, f.events);
        printf("%9s %9s %10s %9s %8s %9s %8s %7s %6s %6s\n", "vehicles", "CPU s", "s/veh/day", "events", "trips", "edges",
               "m/trip", "charges", "dlock", "forced");
        print_figures(n, days, &f);
        return 0;
    }
    if (argc == 2) {
        scaling(find_variant(argv[1]), 1000.0);
        return 0;
    }
    printf("AGV fleet scaling (issue 21): the same work per vehicle at every size in every variant but `ladder`\n");
    for (int i = 0; i < NVARIANTS; i++) scaling(&variants[i], 1000.0);
    figures f = run_days(&variants[1], 50, 7.0);
    printf("\na week of 50 AGVs on a 200-node network (kinematic, ladder): %.3f s (target < 2 s; units %.0f, deadlocks "
           "%.0f, forced %.0f)\n",
           f.cpu, f.units, f.deadlocks, f.forced);
    return 0;
}
