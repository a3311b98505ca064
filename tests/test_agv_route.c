/*
 * test_agv_route.c - the AGV routing tables (issue 21): the heap Dijkstra
 * over reverse adjacency lists (tr_route_tables) gives bit for bit the
 * tables of the former all-nodes scan (kept here as the reference) on
 * random small networks with parking / charging nodes, speed limits,
 * parallel arcs, self loops, unreachable parts and many ties (integer
 * lengths on few distinct values); and its costs are the least
 * lexicographic (passes through stop nodes, time) by a Bellman-Ford
 * fixpoint, with next_arc a first arc of such a route.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"

#include "../models/src/mdl_agv_internal.h"
#include "model_specs.h"
#include "test_main.h"

static bool better(int c, double d, int c0, double d0) { return c < c0 || (c == c0 && d < d0); }

/* The former builder: settles by a scan of all nodes, relaxes by a scan of
 * all arcs (O(nn^2 (nn + na))). */
static void reference(int nn, int na, const tr_arc *arcs, const bool *stop, double speed, double *dist, int *next_arc) {
    bool *done = malloc((size_t)nn * sizeof *done);
    int *cnt = malloc((size_t)nn * sizeof *cnt);
    assert_non_null(done);
    assert_non_null(cnt);
    for (int t = 0; t < nn; t++) {
        for (int u = 0; u < nn; u++) {
            dist[u * nn + t] = INFINITY;
            next_arc[u * nn + t] = -1;
            done[u] = false;
            cnt[u] = 0;
        }
        dist[t * nn + t] = 0.0;
        for (;;) {
            int best = -1;
            for (int u = 0; u < nn; u++)
                if (!done[u] && isfinite(dist[u * nn + t]) &&
                    (best < 0 || better(cnt[u], dist[u * nn + t], cnt[best], dist[best * nn + t])))
                    best = u;
            if (best < 0) break;
            done[best] = true;
            double bd = dist[best * nn + t];
            int bc = cnt[best] + (best != t && stop[best]);
            for (int a = 0; a < na; a++) {
                const tr_arc *ar = &arcs[a];
                if (ar->to != best) continue;
                double w = speed < ar->vmax ? speed : ar->vmax;
                double d = bd + ar->len / w;
                int u = ar->from;
                if (!done[u] && better(bc, d, isfinite(dist[u * nn + t]) ? cnt[u] : INT_MAX, dist[u * nn + t])) {
                    dist[u * nn + t] = d;
                    cnt[u] = bc;
                    next_arc[u * nn + t] = a;
                }
            }
        }
    }
    free(done);
    free(cnt);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static int rnd(int n) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (int)(rng_state % (uint64_t)n);
}

/* A random network: nn nodes, na arcs (two-way pairs and one-way arcs),
 * lengths 1..3 (ties), some limits, about a quarter stop nodes. */
static int random_net(int nn, int na_max, tr_arc *arcs, bool *stop) {
    int na = 0;
    while (na < na_max) {
        tr_arc a = {rnd(nn), rnd(nn), na, 1, (double)(1 + rnd(3)), INFINITY};
        int lim = rnd(6);
        if (lim == 0) a.vmax = 0.5;
        if (lim == 1) a.vmax = 1.0;
        arcs[na++] = a;
        if (na < na_max && rnd(2)) { /* the other way of a two-way edge */
            tr_arc b = a;
            b.from = a.to, b.to = a.from, b.dir = -1;
            arcs[na++] = b;
        }
    }
    for (int u = 0; u < nn; u++) stop[u] = rnd(4) == 0;
    return na;
}

static void test_same_as_the_scan(void **state) {
    (void)state;
    enum { NMAX = 40, AMAX = 160 };
    static tr_arc arcs[AMAX];
    static bool stop[NMAX];
    static double d1[NMAX * NMAX], d2[NMAX * NMAX];
    static int a1[NMAX * NMAX], a2[NMAX * NMAX];
    const double speeds[] = {1.0, 1.5, 0.75};
    int ties = 0, stopped = 0, unreachable = 0;
    for (int k = 0; k < 300; k++) {
        int nn = 1 + rnd(NMAX), na = rnd(4 * nn + 1);
        if (na > AMAX) na = AMAX;
        na = random_net(nn, na, arcs, stop);
        double speed = speeds[k % 3];
        reference(nn, na, arcs, stop, speed, d1, a1);
        assert_true(tr_route_tables(nn, na, arcs, stop, speed, d2, a2));
        /* the tables are a row per target: d2[t * nn + u] is d1[u * nn + t] */
        for (int u = 0; u < nn; u++)
            for (int t = 0; t < nn; t++) {
                assert_memory_equal(&d1[u * nn + t], &d2[t * nn + u], sizeof *d1);
                assert_int_equal(a1[u * nn + t], a2[t * nn + u]);
            }
        /* the cases the tie rule and the passes decide are there */
        for (int u = 0; u < nn; u++)
            for (int t = 0; t < nn; t++) {
                if (!isfinite(d1[u * nn + t])) {
                    unreachable++;
                    continue;
                }
                int n = 0;
                for (int a = 0; a < na; a++)
                    if (arcs[a].from == u && u != t && d1[arcs[a].to * nn + t] + arcs[a].len / fmin(speed, arcs[a].vmax) == d1[u * nn + t])
                        n++;
                ties += n > 1;
                stopped += u != t && stop[arcs[a1[u * nn + t]].to] && arcs[a1[u * nn + t]].to != t;
            }
    }
    assert_true(ties > 100);
    assert_true(stopped > 10);
    assert_true(unreachable > 100);
}

/* Costs: the least (passes, time) over all routes, by a Bellman-Ford
 * fixpoint from the target (times summed from the target back, as the
 * tables do); next_arc starts a route of that cost. */
static void test_least_cost(void **state) {
    (void)state;
    enum { NMAX = 30, AMAX = 120 };
    static tr_arc arcs[AMAX];
    static bool stop[NMAX];
    static double d[NMAX * NMAX], bd[NMAX];
    static int nx[NMAX * NMAX], bc[NMAX];
    for (int k = 0; k < 200; k++) {
        int nn = 1 + rnd(NMAX), na = rnd(4 * nn + 1);
        if (na > AMAX) na = AMAX;
        na = random_net(nn, na, arcs, stop);
        double speed = 1.25;
        assert_true(tr_route_tables(nn, na, arcs, stop, speed, d, nx));
        for (int t = 0; t < nn; t++) {
            for (int u = 0; u < nn; u++) bd[u] = INFINITY, bc[u] = INT_MAX;
            bd[t] = 0.0, bc[t] = 0;
            for (bool changed = true; changed;) {
                changed = false;
                for (int a = 0; a < na; a++) {
                    int u = arcs[a].from, v = arcs[a].to;
                    if (u == t || !isfinite(bd[v])) continue;
                    int c = bc[v] + (v != t && stop[v]);
                    double x = bd[v] + arcs[a].len / fmin(speed, arcs[a].vmax);
                    if (better(c, x, bc[u], bd[u])) bd[u] = x, bc[u] = c, changed = true;
                }
            }
            for (int u = 0; u < nn; u++) {
                assert_true(d[t * nn + u] == bd[u] || (isinf(bd[u]) && isinf(d[t * nn + u])));
                int a = nx[t * nn + u];
                if (u == t || !isfinite(bd[u])) {
                    assert_int_equal(a, -1);
                    continue;
                }
                assert_int_equal(arcs[a].from, u);
                int v = arcs[a].to;
                assert_true(d[t * nn + v] + arcs[a].len / fmin(speed, arcs[a].vmax) == d[t * nn + u]);
            }
        }
    }
}

/* Fleets of the same speed share one table (freed once: the sanitizer
 * build checks), a fleet of another speed has its own; every fleet moves
 * units and the run ends cleanly, replication after replication. */
static void test_shared_tables(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    int node[6];
    char nid[6][8];
    for (int i = 0; i < 6; i++) {
        mdl_node_spec n;
        mdl_node_spec_default(&n);
        snprintf(nid[i], sizeof nid[i], "n%d", i);
        n.id = nid[i];
        n.x = 10.0 * i;
        n.capacity = 4;
        if (i == 5) n.kind = MDL_NODE_PARKING, n.capacity = 8;
        node[i] = mdl_model_add_node(m, &n);
    }
    mdl_edge_spec e;
    mdl_edge_spec_default(&e);
    e.capacity = 4;
    for (int i = 0; i + 1 < 6; i++) e.from = node[i], e.to = node[i + 1], mdl_model_add_edge(m, &e);
    const char *route[3] = {"a", "b", "c"};
    int at[3] = {0, 2, 4};
    for (int i = 0; i < 3; i++) {
        mdl_station_spec s = fx_station(route[i], sim_dist_exp(30.0));
        int st = mdl_model_add_station(m, &s);
        mdl_model_set_station_node(m, st, node[at[i]], 2);
    }
    const char *fid[3] = {"f0", "f1", "f2"};
    const double speed[3] = {1.0, 1.0, 2.0};
    for (int f = 0; f < 3; f++) {
        mdl_fleet_spec fs;
        mdl_fleet_spec_default(&fs);
        fs.id = fid[f];
        fs.count = 1;
        fs.speed = speed[f];
        mdl_model_add_fleet(m, &fs);
    }
    int p = mdl_model_add_product(m, "p", route, 3, 0);
    mdl_model_set_transport(m, p, 0, MDL_TRANSPORT_FLEET, 0);
    mdl_model_set_transport(m, p, 1, MDL_TRANSPORT_FLEET, 1);
    int q = mdl_model_add_product(m, "q", route, 3, 0);
    mdl_model_set_transport(m, q, 0, MDL_TRANSPORT_FLEET, 2);
    mdl_model_add_push(m, p, sim_dist_exp(300.0), 0, 0);
    mdl_model_add_push(m, q, sim_dist_exp(300.0), 0, 0);
    assert_true(mdl_model_validate(m));
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = 8.0 * 3600.0;
    rs.warmup = 0.0;
    for (uint32_t rep = 0; rep < 2; rep++) {
        mdl_rep_result res;
        mdl_rep_result_init(&res, m);
        mdl_run *r = mdl_run_new(m, &rs, rep);
        assert_non_null(r);
        mdl_run_to_end(r, &res);
        for (int f = 0; f < 3; f++) assert_true(mdl_rep_fleet_kpi(&res, f, MDL_FKPI_TRIPS) > 10.0);
        mdl_run_free(r);
        mdl_rep_result_fini(&res);
    }
    mdl_model_free(m);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_same_as_the_scan),
        cmocka_unit_test(test_least_cost),
        cmocka_unit_test(test_shared_tables),
)
