/*
 * bench_fleet.c - AGV traffic at scale: the cost of a simulated day as
 * the fleet grows, with the same work per vehicle, and a week of 50 AGVs
 * on a 200-node network (target < 2 s, kinematic). Prints figures and the
 * fitted exponent of CPU time in vehicles (target <= 1.1: deadlock
 * detection follows the waits-for graph from the vehicle that begins to
 * wait, not a sweep over the fleet); asserts nothing.
 *
 * The plant for N vehicles: a ladder of two rows of 2N nodes, 6 m apart
 * (4N nodes), two-way edges of capacity 1 along the rows and across every
 * rung; station nodes hold 2 vehicles. N stations on the bottom row, each
 * sending units by the one fleet to the station one column on, on the
 * top row, a unit every 10 min on average (exponential): the work per
 * vehicle is the same for every N, and head-on meetings on the rows make
 * the deadlocks that detection must find.
 *
 * `bench_fleet N DAYS` runs one size only (for callgrind).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"

#include "model_specs.h" /* tests/: the fixtures the tests build with */
#include "bench_clock.h"

static mdl_model *plant(int vehicles) {
    mdl_model *m = mdl_model_new();
    int cols = 2 * vehicles, *row0 = malloc((size_t)cols * sizeof *row0), *row1 = malloc((size_t)cols * sizeof *row1);
    if (!m || !row0 || !row1) abort();
    if (!fx_ladder(m, cols, row0, row1)) abort();
    mdl_fleet_spec f = fx_fleet("agv", vehicles, 1.0, 0.5, 15.0, 15.0);
    f.idle = MDL_IDLE_STAY;
    if (mdl_model_add_fleet(m, &f) != 0) abort();
    if (!fx_ladder_line(m, vehicles, row0, row1, 600.0)) abort();
    free(row0);
    free(row1);
    if (!mdl_model_validate(m)) abort();
    return m;
}

/* CPU seconds of `days` simulated days with N vehicles; the fleet's
 * deadlocks and forced passes into *dl, *forced. */
static double run_days(int vehicles, double days, double *dl, double *forced, double *units) {
    mdl_model *m = plant(vehicles);
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = days * 86400.0;
    rs.warmup = 0.0;
    rs.seed = 7;
    /* the simulated days only: the routing tables' rows are built when a
     * run first needs them and kept on the model for the next (bench_route
     * times that), so an untimed day of replication 1 builds them first, as
     * the first replication of a batch does for the others */
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
    double t0 = bench_cpu_s();
    mdl_run_to_end(r, &res);
    double t = bench_cpu_s() - t0;
    *dl = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCKS);
    *forced = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCK_FORCED);
    *units = mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_UNITS);
    mdl_rep_result_fini(&res);
    mdl_run_free(r);
    mdl_model_free(m);
    return t;
}

int main(int argc, char **argv) {
    double dl, forced, units;
    if (argc == 3) {
        int n = atoi(argv[1]);
        double t = run_days(n, atof(argv[2]), &dl, &forced, &units);
        printf("%d vehicles, %s days: %.3f s (units %.0f, deadlocks %.0f, forced %.0f)\n", n, argv[2], t, units, dl, forced);
        return 0;
    }
    const int sizes[] = {10, 20, 50, 100, 200};
    enum { NS = sizeof sizes / sizeof sizes[0] };
    const double days = 5.0;
    double lx[NS], ly[NS];
    printf("AGV fleet scaling, one fleet, the same work per vehicle, %.0f simulated days each\n", days);
    printf("%9s %7s %10s %12s %10s %9s\n", "vehicles", "nodes", "CPU s", "s/veh/day", "deadlocks", "forced");
    for (int i = 0; i < NS; i++) {
        double t = run_days(sizes[i], days, &dl, &forced, &units);
        lx[i] = log((double)sizes[i]);
        ly[i] = log(t);
        printf("%9d %7d %10.3f %12.2e %10.0f %9.0f\n", sizes[i], 4 * sizes[i], t, t / sizes[i] / days, dl, forced);
    }
    double mx = 0.0, my = 0.0, sxy = 0.0, sxx = 0.0;
    for (int i = 0; i < NS; i++) mx += lx[i] / NS, my += ly[i] / NS;
    for (int i = 0; i < NS; i++) sxy += (lx[i] - mx) * (ly[i] - my), sxx += (lx[i] - mx) * (lx[i] - mx);
    printf("fitted exponent of CPU time in vehicles (10..200): %.2f (target <= 1.1)\n", sxy / sxx);
    double t = run_days(50, 7.0, &dl, &forced, &units);
    printf("a week of 50 AGVs on a 200-node network (kinematic): %.3f s (target < 2 s; units %.0f, deadlocks %.0f, "
           "forced %.0f)\n",
           t, units, dl, forced);
    return 0;
}
