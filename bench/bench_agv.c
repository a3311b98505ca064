/*
 * bench_agv.c - AGV fleets: a year of a 20-station line served by 10
 * kinematic AGVs (target < 1 s wall), then one week of the same line in
 * physics mode with its real-time factor (simulated seconds per wall
 * second). Prints figures; asserts nothing.
 *
 * The line: 20 stations round a 60 m x 24 m loop, each at its own node,
 * every route step by AGV (19 trips per unit), a one-way loop (edges of
 * capacity 1; station nodes hold 2 vehicles, so a vehicle waiting to
 * unload does not lock out the one that comes to collect), two parking
 * spurs, one two-slot charger; exponential cycles, push release.
 *
 * `bench_agv DAYS` runs only the kinematic line for DAYS days (a size for
 * callgrind).
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

static mdl_model *line(mdl_motion mode) {
    mdl_model *m = mdl_model_new();
    enum { N = 20 };
    char ids[N][8];
    const char *route[N];
    int node_of[N];
    for (int i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "s%02d", i);
        route[i] = ids[i];
        /* around the loop: 10 along the bottom, 10 back along the top */
        double x = i < 10 ? 6.0 * i : 6.0 * (19 - i), y = i < 10 ? 0.0 : 24.0;
        mdl_node_spec n;
        mdl_node_spec_default(&n);
        char nid[8];
        snprintf(nid, sizeof nid, "n%02d", i);
        n.id = nid;
        n.x = x;
        n.y = y;
        n.capacity = 2;
        node_of[i] = mdl_model_add_node(m, &n);
        mdl_station_spec s = fx_station(ids[i], sim_dist_exp(100.0));
        fx_place(&s, x, i < 10 ? -3.0 : 27.0);
        s.buffer = 3;
        int st = mdl_model_add_station(m, &s);
        mdl_model_set_station_node(m, st, node_of[i], 2);
    }
    mdl_edge_spec e;
    mdl_edge_spec_default(&e);
    e.two_way = false;
    for (int i = 0; i < N; i++) {
        e.from = node_of[i];
        e.to = node_of[(i + 1) % N];
        mdl_model_add_edge(m, &e);
    }
    mdl_node_spec n;
    mdl_node_spec_default(&n);
    n.id = "p1", n.x = 18.0, n.y = 8.0, n.kind = MDL_NODE_PARKING, n.capacity = 5;
    int p1 = mdl_model_add_node(m, &n);
    n.id = "p2", n.x = 36.0, n.y = 16.0, n.capacity = 5;
    int p2 = mdl_model_add_node(m, &n);
    n.id = "ch", n.x = 60.0, n.y = 12.0, n.kind = MDL_NODE_CHARGING, n.capacity = 2, n.slots = 2;
    int ch = mdl_model_add_node(m, &n);
    e.two_way = true;
    e.from = p1, e.to = node_of[3], mdl_model_add_edge(m, &e);
    e.from = p2, e.to = node_of[13], mdl_model_add_edge(m, &e);
    e.from = ch, e.to = node_of[9], mdl_model_add_edge(m, &e);
    e.from = ch, e.to = node_of[10], mdl_model_add_edge(m, &e);
    mdl_fleet_spec f = fx_fleet("agv", 10, 1.5, 0.5, 10.0, 10.0);
    f.mode = mode;
    f.per_m_kwh = 0.0005;
    f.idle_kw = 0.05;
    fx_battery(&f, 2.0, 0.2, 3.0, 1.0);
    mdl_model_add_fleet(m, &f);
    int p = mdl_model_add_product(m, "p", route, N, 0);
    for (int i = 0; i + 1 < N; i++) mdl_model_set_transport(m, p, i, MDL_TRANSPORT_FLEET, 0);
    mdl_model_add_push(m, p, sim_dist_exp(600.0), 0, 0);
    if (!mdl_model_validate(m)) fprintf(stderr, "bench_agv: %s\n", mdl_model_error(m));
    return m;
}

static void run(const char *what, mdl_motion mode, double horizon) {
    mdl_model *m = line(mode);
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = horizon;
    rs.warmup = 0.0;
    mdl_rep_result res;
    double dt = bench_run_timed(m, &rs, &res);
    printf("%-28s wall %7.3f s  events %10llu (%5.1f M/s)  real-time x%9.0f\n", what, dt,
           (unsigned long long)res.events, (double)res.events / dt / 1e6, horizon / dt);
    printf("  units out %.0f  throughput %.2f /h  trips %.0f  util %.3f  traffic %.3f  charging %.3f  "
           "deadlocks %.0f  collisions %.0f  near-misses %.0f  request wait %.1f s (p95 %.1f s)\n",
           res.kpi[MDL_KPI_UNITS_OUT], res.kpi[MDL_KPI_THROUGHPUT_PER_H], mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_TRIPS),
           mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_UTILIZATION), mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_TRAFFIC),
           mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_CHARGING), mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCKS),
           mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_COLLISIONS), mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_NEAR_MISSES),
           mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_REQUEST_WAIT_S), mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_REQUEST_WAIT_P95_S));
    mdl_rep_result_fini(&res);
    mdl_model_free(m);
}

int main(int argc, char **argv) {
    if (argc > 1) {
        double days = atof(argv[1]);
        if (!(days > 0.0)) {
            fprintf(stderr, "usage: bench_agv [DAYS]\n");
            return 2;
        }
        run("days, 10 kinematic AGVs", MDL_MOTION_KINEMATIC, days * 86400.0);
        return 0;
    }
    run("year, 10 kinematic AGVs", MDL_MOTION_KINEMATIC, 365.0 * 86400.0);
    run("week, 10 kinematic AGVs", MDL_MOTION_KINEMATIC, 7.0 * 86400.0);
    run("week, 10 physics AGVs", MDL_MOTION_PHYSICS, 7.0 * 86400.0);
    return 0;
}
