/*
 * bench_route.c - AGV routing tables (issue 21): the set-up of a run on a
 * grid path network of about 2,000 nodes with 16 fleets, and the peak
 * resident set size. Prints figures; asserts nothing.
 *
 * The network: a W x H grid (5 m spacing, two-way edges, every fifth
 * column limited to 0.8 m/s), a parking node every 97th node and a
 * charger every 211th; two stations at opposite corners, one product
 * carried by fleet 0. Fleets of 2 vehicles each; `distinct` different
 * top speeds among them (fleets of the same speed share their tables).
 *
 *   bench_route [nodes [fleets [distinct [reps]]]]   default 2000 16 1 3
 *
 * The tables live on the model and a row is built when a run first needs
 * it (mdl_agv_tables.c), so the cost is set-up (mdl_run_new) plus the
 * rows the run asks for: the bench times both, in CPU time, for `reps`
 * runs one after the other, as replications do (the first builds the
 * rows, the others find them), and prints the peak RSS.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"
#include "model_specs.h"
#include "bench_clock.h"

static mdl_model *grid(int nodes, int fleets, int distinct) {
    mdl_model *m = mdl_model_new();
    int w = (int)ceil(sqrt((double)nodes * 1.25)), h = (nodes + w - 1) / w;
    int *id = malloc((size_t)(w * h) * sizeof *id);
    char name[32];
    int n = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++, n++) {
            id[n] = -1;
            if (n >= nodes) continue;
            mdl_node_spec ns;
            mdl_node_spec_default(&ns);
            snprintf(name, sizeof name, "n%d", n);
            ns.id = name;
            ns.x = 5.0 * x;
            ns.y = 5.0 * y;
            if (n % 97 == 50) ns.kind = MDL_NODE_PARKING, ns.capacity = 8;
            else if (n % 211 == 100) ns.kind = MDL_NODE_CHARGING, ns.capacity = 2, ns.slots = 2;
            id[n] = mdl_model_add_node(m, &ns);
        }
    mdl_edge_spec e;
    mdl_edge_spec_default(&e);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int a = id[y * w + x];
            if (a < 0) continue;
            e.speed_limit = x % 5 == 0 ? 0.8 : 0.0;
            if (x + 1 < w && id[y * w + x + 1] >= 0) e.from = a, e.to = id[y * w + x + 1], mdl_model_add_edge(m, &e);
            if (y + 1 < h && id[(y + 1) * w + x] >= 0) e.from = a, e.to = id[(y + 1) * w + x], mdl_model_add_edge(m, &e);
        }
    const char *route[2] = {"s0", "s1"};
    for (int i = 0; i < 2; i++) {
        mdl_station_spec s = fx_station(route[i], sim_dist_exp(60.0));
        int st = mdl_model_add_station(m, &s);
        mdl_model_set_station_node(m, st, i == 0 ? id[0] : id[nodes - 1], 2);
    }
    char fid[64][16];
    for (int f = 0; f < fleets && f < 64; f++) {
        mdl_fleet_spec fs;
        mdl_fleet_spec_default(&fs);
        snprintf(fid[f], sizeof fid[f], "agv%d", f);
        fs.id = fid[f];
        fs.count = 2;
        fs.speed = 1.0 + 0.25 * (f % distinct);
        mdl_model_add_fleet(m, &fs);
    }
    int p = mdl_model_add_product(m, "p", route, 2, 0);
    mdl_model_set_transport(m, p, 0, MDL_TRANSPORT_FLEET, 0);
    mdl_model_add_push(m, p, sim_dist_exp(120.0), 0, 0);
    if (!mdl_model_validate(m)) fprintf(stderr, "bench_route: %s\n", mdl_model_error(m));
    free(id);
    return m;
}

int main(int argc, char **argv) {
    int nodes = argc > 1 ? atoi(argv[1]) : 2000, fleets = argc > 2 ? atoi(argv[2]) : 16;
    int distinct = argc > 3 ? atoi(argv[3]) : 1, reps = argc > 4 ? atoi(argv[4]) : 3;
    if (nodes < 2 || fleets < 1 || fleets > 64 || distinct < 1 || reps < 1) {
        fprintf(stderr, "usage: bench_route [nodes [fleets (<= 64) [distinct speeds [reps]]]]\n");
        return 2;
    }
    if (distinct > fleets) distinct = fleets;
    mdl_model *m = grid(nodes, fleets, distinct);
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = 3600.0;
    rs.warmup = 0.0;
    double first_setup = 0.0, first_run = 0.0, later_setup = 0.0, later_run = 0.0;
    for (int r = 0; r < reps; r++) {
        mdl_rep_result res;
        mdl_rep_result_init(&res, m);
        double t0 = bench_cpu_s();
        mdl_run *run = mdl_run_new(m, &rs, (uint32_t)r);
        double dt = bench_cpu_s() - t0;
        if (!run) {
            fprintf(stderr, "bench_route: run set-up failed\n");
            return 1;
        }
        t0 = bench_cpu_s();
        mdl_run_to_end(run, &res);
        double dr = bench_cpu_s() - t0;
        if (r == 0) first_setup = dt, first_run = dr;
        else later_setup += dt / (reps - 1), later_run += dr / (reps - 1);
        mdl_run_free(run);
        mdl_rep_result_fini(&res);
    }
    printf("routing: %d nodes, %d edges, %d fleets (%d speeds), CPU s: first run set-up %.3f + an hour %.3f = %.3f; "
           "later runs (mean of %d) set-up %.3f + an hour %.3f; peak RSS %.1f MB\n",
           mdl_model_node_count(m), mdl_model_edge_count(m), fleets, distinct, first_setup, first_run, first_setup + first_run,
           reps - 1, later_setup, later_run, ((double)bench_peak_rss_kib() / 1024.0));
    mdl_model_free(m);
    return 0;
}
