/*
 * bench_orders.c - an order book of 100,000 lot-size-1 orders (issue 17):
 * the planner's time to schedule it, a month's run of it, and the same run
 * executing the plan (run --plan, policy next).
 *
 * The line: 5 stations in series, cycle times of mean 14-18 s (triangular
 * in the run, their means in the plan), buffers of 10. The product is a
 * family of 200 variants (options a = 5 values, b = 5, c = 8): option a
 * adds 0-4 s at s2, b 0-4 s at s3, c 0-3.5 s at s4, and a change of a at
 * s2 or of b at s3 between two units on a server costs a setup of 1 s
 * (triangular 0.5-1.5 s in the run). One lot-size-1 order every 25 s
 * (100,000 orders over 29 days) of a variant drawn from a fixed sequence,
 * each due 4 h after its release. Targets: schedule < 2 s, a month's run
 * < 5 s on one core. Prints the figures; asserts nothing.
 * Usage: bench_orders [orders]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mdl_orders.h"
#include "mdl_plan.h"
#include "mdl_routing.h"
#include "mdl_run.h"
#include "pln_plan.h"
#include "sim_dist.h"
#include "sim_units.h"
#include "model_specs.h"
#include "bench_clock.h"

/* The family's three options: 5 x 5 x 8 = 200 variants. */
static bool family(mdl_model *m) {
    static const char *const a[5] = {"a1", "a2", "a3", "a4", "a5"}, *const b[5] = {"b1", "b2", "b3", "b4", "b5"};
    static const char *const c[8] = {"c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"};
    const char *names[3] = {"a", "b", "c"};
    const char *const *values[3] = {a, b, c};
    const int nvalues[3] = {5, 5, 8};
    if (!mdl_model_set_family(m, 0, 3, names, nvalues, values)) return false;
    for (int k = 0; k < 3; k++)
        for (int v = 0; v < nvalues[k]; v++)
            if (!mdl_model_family_cycle_add(m, 0, k + 1, k, v, (double)v * (k == 2 ? 0.5 : 1.0))) return false;
    return mdl_model_family_setup(m, 0, 1, 0, sim_dist_tri(0.5, 1, 1.5)) &&
           mdl_model_family_setup(m, 0, 2, 1, sim_dist_tri(0.5, 1, 1.5));
}

static mdl_model *book(int norders) {
    mdl_model *m = mdl_model_new();
    const char *ids[5] = {"s1", "s2", "s3", "s4", "s5"};
    const double mean[5] = {18, 15, 16, 14, 17};
    for (int i = 0; i < 5; i++) {
        mdl_station_spec s = fx_station(ids[i], sim_dist_tri(mean[i] - 4, mean[i], mean[i] + 4));
        s.buffer = i == 0 ? -1 : 10;
        if (mdl_model_add_station(m, &s) < 0) return NULL;
    }
    if (mdl_model_add_product(m, "housing", ids, 5, 0) < 0 || !family(m)) return NULL;
    long nv = mdl_model_variant_count(m, 0);
    for (int o = 0; o < norders; o++) {
        char id[24];
        snprintf(id, sizeof id, "O%06d", o + 1);
        double rel = 25.0 * o;
        if (mdl_model_add_order(m, id, 0, 1, rel, rel + 4 * SIM_HOUR) < 0) return NULL;
        /* A fixed scramble of the variants (Knuth's multiplicative hash). */
        if (!mdl_model_set_order_variant(m, o, (long)((uint32_t)o * 2654435761u % (uint32_t)nv))) return NULL;
    }
    return bench_set_run(m, 30 * SIM_DAY) ? m : NULL;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    mdl_model *m = book(n);
    if (!m) {
        fprintf(stderr, "bench_orders: could not build the model\n");
        return 1;
    }
    char err[200];
    double t0 = bench_wall_s();
    pln_plan *p = pln_schedule(m, MDL_DISPATCH_EDD, err, sizeof err);
    double t_plan = bench_wall_s() - t0;
    if (!p) {
        fprintf(stderr, "bench_orders: %s\n", err);
        return 1;
    }
    printf("%d lot-size-1 orders of a family of %ld variants, 5 stations\n", n, mdl_model_variant_count(m, 0));
    printf("  schedule (EDD)           %8.3f s   makespan %.1f d, %d planned late\n", t_plan,
           pln_plan_makespan(p) / SIM_DAY, pln_plan_late_orders(p));
    bench_figures f = bench_run_figures(m, bench_wall_s);
    printf("  run, 30 days             %8.3f s   on-time share of orders %.4f\n", f.seconds,
           f.orders_on_time);
    size_t nops = pln_plan_op_count(p);
    mdl_plan_op *ops = malloc(nops * sizeof *ops);
    for (size_t i = 0; ops && i < nops; i++) {
        const pln_op *o = pln_plan_op(p, i);
        ops[i] = (mdl_plan_op){o->order, o->step, o->station, o->server, o->start, o->end};
    }
    if (ops && mdl_model_set_plan(m, ops, nops, MDL_PLAN_NEXT, 15 * SIM_MINUTE)) {
        f = bench_run_figures(m, bench_wall_s);
        printf("  run --plan (next), 30 d  %8.3f s   on-time share of orders %.4f\n", f.seconds,
               f.orders_on_time);
    }
    free(ops);
    pln_plan_free(p);
    mdl_model_free(m);
    return 0;
}
