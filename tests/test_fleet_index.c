/*
 * test_fleet_index.c - the look-ups that keep a fleet's cost per event
 * flat as the plant grows (issue 21, models/src/mdl_agv_index.c), each
 * against a brute-force answer over many random operations in a row on
 * one run, so that a look-up left stale by an earlier one fails:
 *
 * - the search that keeps out of a zone (tr_agv_plan with a zone to
 *   avoid) reuses the run's scratch, stamped by epoch: its route must be
 *   the route of a fresh search by a scan of every node (settled in the
 *   order passes through parking, time, index; arcs relaxed in the
 *   network's order; only strictly better labels), for every search of a
 *   long random sequence, on networks below and above 256 nodes;
 * - the fleet's kept routes, found by a hash of (from, to): each plan by
 *   the table must be the walk of the table's row, the first time and
 *   every time after (the same kept copy), mixed with searches that
 *   write the vehicle's own buffers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_dist.h"

#include "../models/src/mdl_agv_internal.h"
#include "model_specs.h"
#include "test_main.h"

static uint64_t rng_state;
static int pick(int n) {
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((rng_state >> 33) % (uint64_t)n);
}

/* A ladder of `cols` columns (fx_ladder), a parking node of 2 places
 * beside every fifth column of row 1 (routes avoid running through it),
 * and a few longer one-way diagonals between nearby columns (other ways
 * of equal or near length: ties). One fleet of 3, one product line. */
static mdl_model *network(int cols) {
    mdl_model *m = mdl_model_new();
    int *row0 = malloc((size_t)cols * sizeof *row0), *row1 = malloc((size_t)cols * sizeof *row1);
    assert_non_null(row0);
    assert_non_null(row1);
    assert_true(fx_ladder(m, cols, row0, row1));
    for (int c = 2; c < cols; c += 5) {
        char id[32];
        snprintf(id, sizeof id, "park%d", c);
        mdl_node_spec n = fx_node(id, 6.0 * c, 12.0, 2, MDL_NODE_PARKING);
        int p = mdl_model_add_node(m, &n);
        assert_true(p >= 0);
        mdl_edge_spec e = fx_edge(row1[c], p);
        assert_true(mdl_model_add_edge(m, &e) >= 0);
        if (c + 1 < cols) { /* a way through the parking node too */
            e = fx_edge(p, row1[c + 1]);
            assert_true(mdl_model_add_edge(m, &e) >= 0);
        }
    }
    for (int c = 0; c + 2 < cols; c += 3) {
        mdl_edge_spec e = fx_edge(row0[c], row1[c + 2]);
        e.two_way = false;
        assert_true(mdl_model_add_edge(m, &e) >= 0);
    }
    mdl_fleet_spec f = fx_fleet("agv", 3, 1.0, 0.5, 15.0, 15.0);
    assert_int_equal(mdl_model_add_fleet(m, &f), 0);
    assert_true(fx_ladder_line(m, 1, row0, row1, 600.0));
    assert_true(mdl_model_validate(m));
    free(row0);
    free(row1);
    return m;
}

static bool better(int c, double d, int c0, double d0) { return c < c0 || (c == c0 && d < d0); }

/* The reference: a search from s to goal keeping out of zone `avoid`,
 * settling by a scan of every node, fresh arrays each time. Its route
 * into path / parc; its arcs, -1 when there is none. */
static int reference(const tr_run *tr, double speed, int s, int goal, int avoid, int *path, int *parc) {
    int nn = tr->nn;
    double *d = malloc((size_t)nn * sizeof *d);
    int *cnt = malloc((size_t)nn * sizeof *cnt), *via = malloc((size_t)nn * sizeof *via);
    bool *done = calloc((size_t)nn, sizeof *done);
    assert_true(d && cnt && via && done);
    for (int u = 0; u < nn; u++) d[u] = INFINITY, cnt[u] = INT_MAX, via[u] = -1;
    d[s] = 0.0, cnt[s] = 0;
    for (;;) {
        int best = -1;
        for (int u = 0; u < nn; u++)
            if (!done[u] && isfinite(d[u]) && (best < 0 || better(cnt[u], d[u], cnt[best], d[best])))
                best = u;
        if (best < 0 || best == goal) break;
        done[best] = true;
        mdl_node_kind k = tr->model->nodes[best].kind;
        int bc = cnt[best] + (best != s && (k == MDL_NODE_PARKING || k == MDL_NODE_CHARGING));
        for (int j = tr->adj_start[best]; j < tr->adj_start[best + 1]; j++) {
            int a = tr->adj[j], to = tr->arcs[a].to;
            if (tr->nn + tr->arcs[a].edge == avoid || to == avoid) continue;
            double w = speed < tr->arcs[a].vmax ? speed : tr->arcs[a].vmax,
                   nd = d[best] + tr->arcs[a].len / w;
            if (!done[to] && better(bc, nd, cnt[to], d[to])) d[to] = nd, cnt[to] = bc, via[to] = a;
        }
    }
    int n = -1;
    if (isfinite(d[goal])) {
        n = 0;
        for (int u = goal; u != s; u = tr->arcs[via[u]].from) n++;
        int u = goal;
        for (int i = n; i > 0; i--) {
            path[i] = u;
            parc[i - 1] = via[u];
            u = tr->arcs[via[u]].from;
        }
        path[0] = s;
    }
    free(d);
    free(cnt);
    free(via);
    free(done);
    return n;
}

/* The route the fleet's table gives: the walk of the goal's row. */
static int table_walk(const tr_run *tr, const tr_vehicle *v, int s, int goal, int *path, int *parc) {
    const int *next_arc = tr_agv_row(tr, &tr->fleets[v->fleet], goal)->next_arc;
    int n = 0;
    path[0] = s;
    for (int u = s; u != goal; u = tr->arcs[next_arc[u]].to) {
        assert_true(next_arc[u] >= 0);
        parc[n++] = next_arc[u];
        path[n] = tr->arcs[next_arc[u]].to;
    }
    return n;
}

static void assert_route(const tr_vehicle *v, int n, const int *path, const int *parc) {
    assert_int_equal(v->motion.plen, n + 1);
    assert_int_equal(v->motion.ppos, 0);
    assert_memory_equal(v->motion.path, path, (size_t)(n + 1) * sizeof *path);
    if (n > 0) assert_memory_equal(v->motion.parc, parc, (size_t)n * sizeof *parc);
}

enum { NPAIRS = 16 }; /* the nodes plans by the table go between */

/* `ops` random plans on one run of a network of `cols` columns: searches
 * around a random zone (node or edge; some with no way round) and plans
 * by the table over a small set of pairs (so that most are kept ones). */
static void random_plans(int cols, int ops) {
    mdl_model *m = network(cols);
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = 3600.0;
    mdl_run *r = mdl_run_new(m, &rs, 0);
    assert_non_null(r);
    tr_run *tr = mdl__run_transport(r);
    assert_non_null(tr);
    int nn = tr->nn, zones = nn + tr->model->nedges; /* node zones, then edge zones */
    int *path = malloc((size_t)(nn + 1) * sizeof *path), *parc = malloc((size_t)(nn + 1) * sizeof *parc);
    const int **kept = calloc((size_t)NPAIRS * NPAIRS, sizeof *kept);
    assert_true(path && parc && kept);
    int pairs[NPAIRS];
    for (int i = 0; i < NPAIRS; i++) pairs[i] = pick(nn);
    int found = 0, none = 0, reused = 0;
    for (int op = 0; op < ops; op++) {
        tr_vehicle *v = &tr->veh[pick(tr->nveh)];
        if (pick(2)) { /* around a zone */
            int s = pick(nn), goal = pick(nn), avoid = pick(zones);
            v->node = s;
            int n = reference(tr, v->spec->speed, s, goal, avoid, path, parc);
            bool ok = tr_agv_plan(tr, v, goal, avoid);
            assert_int_equal(ok, n >= 0);
            if (ok)
                assert_route(v, n, path, parc), found++;
            else
                none++;
        } else { /* by the table, a pair of the set */
            int i = pick(NPAIRS), j = pick(NPAIRS), s = pairs[i], goal = pairs[j];
            v->node = s;
            assert_true(tr_agv_plan(tr, v, goal, -1));
            int n = table_walk(tr, v, s, goal, path, parc);
            assert_route(v, n, path, parc);
            const int **k = &kept[i * NPAIRS + j];
            if (*k) assert_ptr_equal(*k, v->motion.path), reused++; /* the same kept copy */
            *k = v->motion.path;
        }
    }
    assert_true(found > ops / 4);  /* the searches found routes, */
    assert_true(none > 0);         /* some had no way round, */
    assert_true(reused > ops / 4); /* and kept routes were found again */
    free(path);
    free(parc);
    free(kept);
    mdl_run_free(r);
    mdl_model_free(m);
}

/* 102 nodes: kept routes were an index of nn x nn before; 342 nodes:
 * beyond 256, where routes were walked for every task. */
static void plans_small_network(void **state) {
    (void)state;
    rng_state = 1;
    random_plans(40, 3000);
}

static void plans_large_network(void **state) {
    (void)state;
    rng_state = 2;
    random_plans(140, 3000);
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(plans_small_network), cmocka_unit_test(plans_large_network), )
