/*
 * test_agv_branch.c - deadlock avoidance for dead-end branches behind a
 * gate (issue 20), beyond the two-deep branch of test_agv_avoid3.c.
 *
 * Every scene is the line of the avoidance gap: station A on a dead end
 * nA, station S on the gate nS (one place, a buffer of 1) with a parking
 * place of 2 (nP) hanging off it, and behind nS a branch of single lanes:
 *
 *   deep:    nS - nB1 - nB2 - nB              (B at the end, three deep)
 *   middle:  nS - nM - nB1 - nB               (M in the middle, B at the end)
 *   two:     nS - nG - nB1 - nB               (two branches behind the
 *                  \- nC1 - nC                 junction nG, B and C)
 *   off:     nS - nB1 - nB, nS - nC1 - nC     (two branches off the gate)
 *
 * What broke before session 19, over 1-3 vehicles and the three rules:
 * - deep (and the two-deep branch): a vehicle loaded on nS could not step
 *   aside, the only free parking place being promised to the idle vehicle
 *   that had to come out of the branch through nS (up to 17 deadlocks in
 *   5 days, each resolved);
 * - two: a vehicle coming out of one branch stopped on nG for nS while
 *   the vehicle on nS waited for nG; the one on nS could have stepped
 *   aside (a place had freed since its wait began) but nothing asked it
 *   to until the cycle had closed (up to 357 deadlocks in 5 days);
 * - middle: M's node was taken for a lane inside one corridor nS..nB, so
 *   a vehicle handling at M stood inside a corridor another held: a stall
 *   with no deadlock counted (0 units with 2 and 3 vehicles).
 * ("off" ran clean before too: a guard for several branches on one gate.)
 * Now: no deadlock, no forced pass, and two vehicles carry at least as
 * much as one.
 *
 * The T (session 22): a centre node C with three two-way arms of two
 * nodes, a station at each arm's end and a parking node P of 2 off C.
 * With 3 vehicles (3 forced passes in 3 replications of 3 days) an idle
 * vehicle on the station a loaded one waited on P to reach was sent to
 * park on P, full with that one and an idle one; it stopped on the arm,
 * was sent back onto the station, and so on until the watchdog. With 4
 * (409 deadlocks a replication, half the throughput) also: a loaded
 * vehicle stopped on C, its arm's exit, for its drop station, where an
 * idle vehicle stood whose only way out was C; none of the ways to take
 * a swap apart moved the loaded one off C for an idle one.
 *
 * Session 23: the 3 x 3 grid with the T's rule, a parking node between
 * stations (a guard for that rule), and a 2 x 5 grid where an idle
 * vehicle on a station had nowhere to go but a crossing; 2 x 4, 3 x 4
 * and 2 x 5 grids where taking a swap apart closed a new knot at once.
 * Sessions 24-25: combs of dead-end station spurs with 2 and 3 vehicles,
 * a single-lane corridor with a passing place with 2-4, a ladder (a
 * two-way ring of single lanes) with 2, and a line with the parking
 * place in the middle with 3.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"

#include "test_main.h"
#include "test_scene_text.h"
#include "fleet_fixtures.h"
#include "branch_fixtures.h"

enum { SEEDS = 3 };

/* One replication `rep` of the scene `text` with its fleet dispatching by
 * `rule` and n vehicles (n <= 0: the scene's count). */
static fleet_out text_run(const char *text, size_t len, const char *rule, int n, uint32_t rep) {
    char set_rule[64], set_count[64];
    int kr = snprintf(set_rule, sizeof set_rule, "fleets.agv.dispatch=\"%s\"", rule);
    int kc = snprintf(set_count, sizeof set_count, "fleets.agv.count=%d", n);
    assert_true(kr > 0 && (size_t)kr < sizeof set_rule && kc > 0 && (size_t)kc < sizeof set_count);
    const char *sets[2] = {set_rule, set_count};
    mdl_model *m = test_scene_must_load(text, len, sets, n > 0 ? 2 : 1);
    fleet_out o = fleet_run_once(m, mdl_model_run(m), rep);
    mdl_model_free(m);
    return o;
}

/* One replication of scene b with n vehicles under `rule`. */
static fleet_out branch_run(const fx_branch *b, const char *rule, int n, uint32_t rep) {
    char text[4096];
    int len = fx_branch_text(text, sizeof text, b);
    return text_run(text, (size_t)len, rule, n, rep);
}

/* Every scene, every rule, 1..3 vehicles, 3 seeds: no deadlock (none
 * resolved, none forced), and two vehicles carry at least as much as one
 * (summed over the seeds). */
static void branches_never_lock(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    for (int s = 0; s < FX_NBRANCHES; s++)
        for (int k = 0; k < 3; k++) {
            double units[4] = {0};
            for (int n = 1; n <= 3; n++)
                for (uint32_t rep = 0; rep < SEEDS; rep++) {
                    fleet_out o = branch_run(&fx_branches[s], rules[k], n, rep);
                    units[n] += o.units;
                    if (o.deadlocks != 0.0 || o.forced != 0.0 || !(o.units > 0.0))
                        fail_msg("%s, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g units", fx_branches[s].name, rules[k], n,
                                 rep, o.deadlocks, o.forced, o.units);
                }
            print_message("%s, %s: units by 1, 2, 3 vehicles %g %g %g\n", fx_branches[s].name, rules[k], units[1], units[2], units[3]);
            if (!(units[2] >= units[1])) fail_msg("%s, %s: 2 vehicles carry %g, 1 carries %g", fx_branches[s].name, rules[k], units[2], units[1]);
        }
}

/* Appends to buf (cap bytes, *len used) what fmt makes, checked first:
 * nothing cut, no error. */
__attribute__((format(printf, 4, 5))) static void append(char *buf, size_t cap, int *len, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *len, cap - (size_t)*len, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)k < cap - (size_t)*len);
    *len += k;
}

/* A station of a scene made here. */
typedef struct st_def {
    const char *id, *cycle, *node;
    int buffer;
} st_def;

/* Appends the line of a scene: its run (3 days, a 1 h warm-up, one
 * replication of `seed`), stations st[0..n-1], a product through them
 * in order (each move by the fleet `agv`) released every `every`. */
static void line_text(char *buf, size_t cap, int *len, uint32_t seed, const st_def *st, int n, const char *every) {
    append(buf, cap, len, "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 1; seed = %u; };\nstations = ( ", seed);
    for (int i = 0; i < n; i++)
        append(buf, cap, len, "%s{ id = \"%s\"; cycle = \"%s\"; node = \"%s\"; buffer = %d; }", i ? ", " : "", st[i].id, st[i].cycle,
               st[i].node, st[i].buffer);
    append(buf, cap, len, " );\nproducts = ( { id = \"p\"; route = [ ");
    for (int i = 0; i < n; i++) append(buf, cap, len, "%s\"%s\"", i ? ", " : "", st[i].id);
    append(buf, cap, len, " ]; transport = { ");
    for (int i = 0; i + 1 < n; i++) append(buf, cap, len, "%s = \"agv\"; ", st[i].id);
    append(buf, cap, len, "}; } );\nrelease = ( { product = \"p\"; interarrival = \"%s\"; } );\n", every);
}

/* Appends the fleet: `count` AGVs of 1 m/s, 10 s to load and to unload. */
static void fleet_text(char *buf, size_t cap, int *len, int count) {
    append(buf, cap, len,
           "fleets = ( { id = \"agv\"; count = %d; speed = 1.0; accel = 0.5; load = \"10s\"; unload = \"10s\"; } );\n", count);
}

/* Appends the fleet (fleet_text) to the scene text[0..len) and runs it
 * (text_run). */
static fleet_out fleet_run(char *text, size_t cap, int len, int count, const char *rule, int n, uint32_t rep) {
    fleet_text(text, cap, &len, count);
    return text_run(text, (size_t)len, rule, n, rep);
}

/* Appends the path network (its node and edge lists) and a fleet of 2
 * to the scene text[0..len) and runs it. */
static fleet_out paths_run(char *text, size_t cap, int len, const char *nodes, const char *edges, const char *rule, int n, uint32_t rep) {
    append(text, cap, &len, "paths = { nodes = ( %s );\n edges = ( %s ); };\n", nodes, edges);
    return fleet_run(text, cap, len, 2, rule, n, rep);
}

/* A two-way grid of rows x cols point nodes g<row><col> 10 m apart, a
 * parking node P of park_cap at (park_x, park_y) off node park_at, the
 * line on it and `count` vehicles. */
typedef struct grid_def {
    int rows, cols;
    uint32_t seed;
    st_def st[4];
    int nst;
    const char *every, *park_at;
    int park_cap;
    double park_x, park_y;
    int count;
} grid_def;

/* One replication `rep` of grid g under `rule` with n vehicles (0: g's). */
static fleet_out grid_def_run(const grid_def *g, const char *rule, int n, uint32_t rep) {
    char text[8192];
    int len = 0;
    line_text(text, sizeof text, &len, g->seed, g->st, g->nst, g->every);
    append(text, sizeof text, &len, "paths = { nodes = ( ");
    for (int i = 0; i < g->rows; i++)
        for (int j = 0; j < g->cols; j++) append(text, sizeof text, &len, "{ id = \"g%d%d\"; at = [ %d.0, %d.0 ]; }, ", i, j, 10 * j, 10 * i);
    append(text, sizeof text, &len, "{ id = \"P\"; at = [ %.1f, %.1f ]; kind = \"parking\"; capacity = %d; } );\n edges = ( ", g->park_x,
           g->park_y, g->park_cap);
    for (int i = 0; i < g->rows; i++)
        for (int j = 0; j < g->cols; j++) {
            if (j + 1 < g->cols) append(text, sizeof text, &len, "{ from = \"g%d%d\"; to = \"g%d%d\"; two_way = true; }, ", i, j, i, j + 1);
            if (i + 1 < g->rows) append(text, sizeof text, &len, "{ from = \"g%d%d\"; to = \"g%d%d\"; two_way = true; }, ", i, j, i + 1, j);
        }
    append(text, sizeof text, &len, "{ from = \"%s\"; to = \"P\"; two_way = true; } ); };\n", g->park_at);
    return fleet_run(text, sizeof text, len, g->count, rule, n, rep);
}

/* A 3 x 3 grid of point nodes 10 m apart, every edge two-way, S1 on g00,
 * S2 on g02, S3 on g22 (S1 -> S2 -> S3 by AGV) and a parking place of 2
 * (P) off g21 (issue 20). No crossing is a node to wait on (one place,
 * three or four ways), so a vehicle reserves from station to station. A
 * vehicle done at S2 was sent to park on P, whose place had been given
 * back when the vehicle parked there took the pick-up at S2 - the very
 * node the first stood on - while P's other place held an idle vehicle:
 * each needed the other's node, and the waits-for knot did not close on
 * P (the idle vehicle might still be sent away), so the watchdog forced
 * them through, node by node: 697 forced passes per 3 days with 3
 * vehicles and 1.45 units/h, 346 with 4 (1 carried the demand, 12/h). */
static const grid_def grid33 = {3, 3, 1, {{"S1", "exp(3min)", "g00", 1}, {"S2", "exp(3min)", "g02", 1}, {"S3", "exp(3min)", "g22", 1}},
                                3, "exp(5min)", "g21", 2, 10.0, 30.0, 2};

static fleet_out grid_run(const char *rule, int n, uint32_t rep) { return grid_def_run(&grid33, rule, n, rep); }

/* The grid, 2-4 vehicles, 3 seeds, three rules: no deadlock, no forced
 * pass; and 3 or 4 vehicles carry the demand as 2 do (the release, 12
 * units/h, bounds every fleet size from 1: within 10 % of what 2 carry,
 * where the old code carried an eighth of it). With fcfs and starvation,
 * 4 vehicles met in a swap about twice in 3 days (resolved by a
 * re-route) while an idle vehicle was sent back and forth between two
 * crossings on their way; with the full parking node kept from idle
 * vehicles (the T), fcfs locked for good (817 forced passes, 3 units). */
static void grid_never_locks(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    for (int k = 0; k < 3; k++) {
        double units[5] = {0};
        for (int n = 2; n <= 4; n++)
            for (uint32_t rep = 0; rep < SEEDS; rep++) {
                fleet_out o = grid_run(rules[k], n, rep);
                units[n] += o.units;
                bool locked = o.forced != 0.0 || o.deadlocks != 0.0;
                if (locked || !(o.units > 0.0))
                    fail_msg("grid, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g units", rules[k], n, rep, o.deadlocks,
                             o.forced, o.units);
            }
        print_message("grid, %s: units by 2, 3, 4 vehicles %g %g %g\n", rules[k], units[2], units[3], units[4]);
        for (int n = 3; n <= 4; n++)
            if (!(units[n] >= 0.9 * units[2])) fail_msg("grid, %s: %d vehicles carry %g, 2 carry %g", rules[k], n, units[n], units[2]);
    }
}

/* The T, arms `deep` nodes long (1 to 3: none to two lane nodes, then
 * the station's), a parking node of `park` places, n vehicles, one
 * replication of 3 days. */
static fleet_out tee_run(const char *rule, int deep, int park, int n, uint32_t rep) {
    char nodes[1200], edges[1200], text[4096];
    int kn = 0, ke = 0;
    append(nodes, sizeof nodes, &kn, "{ id = \"C\"; at = [ 30.0, 30.0 ]; }, "
                                     "{ id = \"P\"; at = [ 30.0, 40.0 ]; kind = \"parking\"; capacity = %d; }", park);
    append(edges, sizeof edges, &ke, "{ from = \"C\"; to = \"P\"; }");
    static const double dx[] = {-10.0, 10.0, 0.0}, dy[] = {0.0, 0.0, -10.0};
    for (int arm = 1; arm <= 3; arm++)
        for (int d = 1; d <= deep; d++) {
            char id[16], prev[16];
            int ki = snprintf(id, sizeof id, d == deep ? "e%d" : "a%d_%d", arm, d);
            int kp = snprintf(prev, sizeof prev, d == 1 ? "C" : "a%d_%d", arm, d - 1);
            assert_true(ki > 0 && (size_t)ki < sizeof id && kp > 0 && (size_t)kp < sizeof prev);
            append(nodes, sizeof nodes, &kn, ", { id = \"%s\"; at = [ %.1f, %.1f ]; }", id, 30.0 + d * dx[arm - 1],
                   30.0 + d * dy[arm - 1]);
            append(edges, sizeof edges, &ke, ", { from = \"%s\"; to = \"%s\"; }", prev, id);
        }
    static const st_def st[3] = {{"S1", "exp(3min)", "e1", 1}, {"S2", "exp(3min)", "e2", 1}, {"S3", "exp(3min)", "e3", 1}};
    int len = 0;
    line_text(text, sizeof text, &len, 1, st, 3, "exp(5min)");
    return paths_run(text, sizeof text, len, nodes, edges, rule, n, rep);
}

/* The T (arms of one, two and three nodes, a parking node of 1 and of
 * 2) with 2-4 vehicles, three rules, 3 seeds: no deadlock, no forced
 * pass, and the fleet carries what a planner would expect. A unit is two
 * moves (S1 -> S2, S2 -> S3) and one is released every 5 min on average:
 * 2 x 12 x 71 h = 1,704 moves a replication. One vehicle alone, never
 * held up, needs at most 2 x (d + 2 s) + 20 s a move (an empty trip and
 * a loaded one of d = 2 x 10 m x arm length at 1 m/s, 2 s more for
 * speeding up and slowing down, 10 s to load and 10 to unload): 104 s
 * with arms of two, 25 moves/h over 71 h - more than the line releases
 * even then. So the fleet, with arms of one or two, carries nearly every
 * move (at least 85 %; the runs: 1,530-1,813; before, 4 vehicles on the
 * probe's T carried about 1,200). With arms of three a move takes up to
 * 144 s alone (1,775 moves in 71 h, just above the release) and the
 * corridors are taken one way at a time: one vehicle carries 95 % of
 * the release, more of them with fcfs less (3 and 4 vehicles down to
 * 1,364 moves, 80 %): at least three quarters here. (That more vehicles
 * carry less than one is a shortfall of its own, not fixed: they wait at
 * the corridors' ends longer than one alone takes for the whole move.)
 * The stations next to the centre (arms of one node) need the last
 * resort of nudge: an idle vehicle with nowhere else to go sent to the
 * full dead-end parking node after all (without it, parking of 1 with 3
 * vehicles: a forced pass; parking of 2 with 4 vehicles and fcfs: 22 in
 * 3 replications). */
static void tee_never_locks(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    double lo[4] = {INFINITY, INFINITY, INFINITY, INFINITY};
    for (int deep = 1; deep <= 3; deep++)
        for (int park = 1; park <= 2; park++)
            for (int k = 0; k < 3; k++)
                for (int n = 2; n <= 4; n++)
                    for (uint32_t rep = 0; rep < SEEDS; rep++) {
                        fleet_out o = tee_run(rules[k], deep, park, n, rep);
                        double least = (deep <= 2 ? 0.85 : 0.75) * 1704.0;
                        if (o.deadlocks != 0.0 || o.forced != 0.0 || !(o.units >= least))
                            fail_msg("the T, arms of %d, parking of %d, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g units",
                                     deep, park, rules[k], n, rep, o.deadlocks, o.forced, o.units);
                        lo[deep] = o.units < lo[deep] ? o.units : lo[deep];
                    }
    print_message("the T, the least moves a replication, arms of 1, 2, 3: %g %g %g\n", lo[1], lo[2], lo[3]);
}

/* A parking node of 3 between stations (randlayout seed 3, case 113):
 * s1 - s0 on one side of it, s2 on the other, two-way edges, and every
 * vehicle bound from one station to another passes the parking node. With
 * the parking node kept from idle vehicles whenever it is full with one
 * waiting there (the T's rule, for any parking node), 4 vehicles locked
 * for good: an idle vehicle on s0, the dead end, was sent round to s2
 * through the full parking node and the idle ones there were sent to s2
 * and back in turn (1,196 forced passes in 3 x 3 days, 0.4 units/h where
 * the line carries 8.7). Now, as before that rule: none. */
static const char mid_park_text[] =
    "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 1; seed = 113; };\n"
    "stations = ( { id = \"s0\"; cycle = \"exp(6min)\"; node = \"n2\"; buffer = 2; },\n"
    "             { id = \"s1\"; cycle = \"exp(3min)\"; node = \"n1\"; buffer = 1; },\n"
    "             { id = \"s2\"; cycle = \"exp(6min)\"; node = \"n3\"; buffer = 2; } );\n"
    "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; }; } );\n"
    "release = ( { product = \"p\"; interarrival = \"exp(4min)\"; } );\n"
    "paths = { nodes = ( { id = \"n0\"; at = [ 10.1, 12.5 ]; kind = \"parking\"; capacity = 3; }, { id = \"n1\"; at = [ 12.7, 13.8 ]; },\n"
    "                    { id = \"n2\"; at = [ 16.2, 9.6 ]; }, { id = \"n3\"; at = [ 26.4, 0.8 ]; } );\n"
    "          edges = ( { from = \"n0\"; to = \"n1\"; two_way = true; }, { from = \"n1\"; to = \"n2\"; two_way = true; capacity = 2; },\n"
    "                    { from = \"n0\"; to = \"n3\"; two_way = true; capacity = 2; } ); };\n"
    "fleets = ( { id = \"agv\"; count = 2; speed = 1.0; accel = 0.5; load = \"10s\"; unload = \"10s\"; } );\n";

static fleet_out mid_park_run(const char *rule, int n, uint32_t rep) {
    return text_run(mid_park_text, sizeof mid_park_text - 1, rule, n, rep);
}

/* The parking node between stations, 2-5 vehicles, three rules, 3 seeds:
 * no deadlock, no forced pass, and 4 or 5 vehicles carry (within 10 %)
 * what 2 carry: the stations, not the fleet, bound the line (s0 and s2,
 * 6 min a unit on average, 10 units/h at most). */
static void mid_park_never_locks(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    for (int k = 0; k < 3; k++) {
        double units[6] = {0};
        for (int n = 2; n <= 5; n++)
            for (uint32_t rep = 0; rep < SEEDS; rep++) {
                fleet_out o = mid_park_run(rules[k], n, rep);
                units[n] += o.units;
                if (o.deadlocks != 0.0 || o.forced != 0.0 || !(o.units > 0.0))
                    fail_msg("parking between stations, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g units", rules[k], n, rep,
                             o.deadlocks, o.forced, o.units);
            }
        print_message("parking between stations, %s: units by 2-5 vehicles %g %g %g %g\n", rules[k], units[2], units[3], units[4], units[5]);
        for (int n = 3; n <= 5; n++)
            if (!(units[n] >= 0.9 * units[2]))
                fail_msg("parking between stations, %s: %d vehicles carry %g, 2 carry %g", rules[k], n, units[n], units[2]);
    }
}

/* A 2 x 5 grid of two-way aisles 10 m apart, S1 on g03, S2 on g02, S3 on
 * g04 (the top row's end), a parking place of 1 (P) off g14 below S3
 * (gridprobe seed 1, case 41). An idle vehicle on S3 stood between a
 * vehicle bound for P, on S1 beside it, and g14, the crossing in front of
 * P (a gate on that one's route): no parking place (P promised to the
 * other), no neighbour to step to, and a crossing is no place aside, so
 * it stayed until the watchdog forced the other through (17-18 forced
 * passes in 3 replications of 3 days with 2 vehicles). It now drives to
 * the nearest free node off the other's way that is no station's. */
static const grid_def grid25 = {2, 5, 41, {{"S1", "exp(6min)", "g03", 0}, {"S2", "exp(4min)", "g02", 1}, {"S3", "exp(6min)", "g04", 1}},
                                3, "exp(10min)", "g14", 1, -5.0, -5.0, 2};

/* The 2 x 5 grid with 2 vehicles, three rules, 3 seeds: no deadlock, no
 * forced pass, and the two carry what one carries (the release, 6 units/h
 * on average, bounds the line; summed over the seeds). With 3 vehicles
 * some deadlocks remain (3 with nearest, 46 with fcfs in 3 replications,
 * 6 of them forced; 9 and 192 before): not asserted. */
static void grid25_two_never_lock(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    for (int k = 0; k < 3; k++) {
        double units[3] = {0};
        for (int n = 1; n <= 2; n++)
            for (uint32_t rep = 0; rep < SEEDS; rep++) {
                fleet_out o = grid_def_run(&grid25, rules[k], n, rep);
                units[n] += o.units;
                if (o.deadlocks != 0.0 || o.forced != 0.0 || !(o.units > 0.0))
                    fail_msg("2 x 5 grid, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g units", rules[k], n, rep, o.deadlocks,
                             o.forced, o.units);
            }
        print_message("2 x 5 grid, %s: units by 1, 2 vehicles %g %g\n", rules[k], units[1], units[2]);
        if (!(units[2] >= units[1])) fail_msg("2 x 5 grid, %s: 2 vehicles carry %g, 1 carries %g", rules[k], units[2], units[1]);
    }
}

/* Two-way grids where taking a swap apart closed a new knot at once
 * (gridprobe seed 1, cases 25 and 89; 3 vehicles, a parking place of 1).
 * 2 x 4, P off g13: an idle vehicle on g11 bound for P and a loaded one
 * on g12 bound for g10 each needed the other's node; the idle one took
 * the other way round, through g03, where a third vehicle waited for
 * g12 - a cycle of three, counted at once (no knot was taken apart
 * inside another), and taken apart later it sent the idle one back the
 * first way, through the loaded one's node. 3 x 4, P off g00: the idle
 * vehicle sent round out of a swap reached for P, where a vehicle stood
 * waiting to leave by the node the idle one had left. Now the new knot
 * is taken apart once the first is done, and a vehicle sent another way
 * round never goes through a full node where one waits for its own. Before,
 * in 3 replications of 3 days: 2 x 4 15 deadlocks with `nearest` (112
 * with `fcfs`, 5 now: not asserted), 3 x 4 36, 28 and 28 with `nearest`,
 * `fcfs` and `starvation`; now none. */
static const grid_def grid24 = {2, 4, 25, {{"s0", "exp(5min)", "g03", 2}, {"s1", "exp(4min)", "g12", 1}, {"s2", "exp(3min)", "g10", 2}},
                                3, "exp(6min)", "g13", 1, -5.0, -5.0, 3};

static const grid_def grid34 = {3, 4, 89, {{"s0", "exp(3min)", "g21", 1}, {"s1", "exp(4min)", "g03", 1}, {"s2", "exp(6min)", "g01", 2}},
                                3, "exp(9min)", "g00", 1, -5.0, -5.0, 3};

/* A 2 x 5 grid, stations on g00, g02, g04 and g12, a parking place of 2
 * off g04 (gridprobe seed 2, case 31; 3 vehicles). An idle vehicle on
 * g00 bound for P and a loaded one on g02 bound for g00 each needed the
 * other's node; the idle one went round by g11 - g12, where a third
 * vehicle waited for g02, and out of that cycle it stepped aside to the
 * parking place by the way it had left, through g02 again: the way round
 * kept off the waiting vehicles' nodes, the way aside did not. Now a
 * vehicle sent out of a swap or cycle, another way round, aside or to a
 * free node, goes through no full node where one waits for its own.
 * Before: 81, 95 and 92 deadlocks in 3 replications of 3 days with
 * `nearest`, `fcfs` and `starvation`; 27, 40 and 36 with the way round
 * alone; now none. */
static const grid_def grid25w = {2, 5, 31,
                                 {{"s0", "exp(4min)", "g02", 1}, {"s1", "exp(4min)", "g12", 2}, {"s2", "exp(4min)", "g04", 2}, {"s3", "exp(5min)", "g00", 2}},
                                 4, "exp(4min)", "g04", 2, -5.0, -5.0, 3};

/* The 2 x 4 grid (`nearest`), the 3 x 4 and the 2 x 5 grid (the three
 * rules) with 3 vehicles, 3 seeds: no deadlock, no forced pass, units
 * carried. */
static void grid_knots_come_apart(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    const struct {
        const char *name;
        const grid_def *grid;
        int nrules;
    } grids[] = {{"2 x 4", &grid24, 1}, {"3 x 4", &grid34, 3}, {"2 x 5", &grid25w, 3}};
    for (size_t g = 0; g < sizeof grids / sizeof grids[0]; g++)
        for (int k = 0; k < grids[g].nrules; k++)
            for (uint32_t rep = 0; rep < SEEDS; rep++) {
                fleet_out o = grid_def_run(grids[g].grid, rules[k], 0, rep);
                if (o.deadlocks != 0.0 || o.forced != 0.0 || !(o.units > 0.0))
                    fail_msg("%s grid, %s, 3 vehicles, replication %u: %g deadlocks, %g forced, %g units", grids[g].name, rules[k], rep,
                             o.deadlocks, o.forced, o.units);
            }
}

/* A comb: an aisle c0 - c1 - ... - c<nb> with a dead-end spur of `bl`
 * nodes off each of c1..c<nb>, a station at each spur's end (the route
 * runs through them in order, each move carried by the fleet) and a
 * parking node of `park` off c0. One replication of 3 days, n vehicles. */
static fleet_out comb_run(const char *rule, int nb, int bl, int park, int n, uint32_t rep) {
    char nodes[4096], edges[4096], ids[8][8], at[8][16], text[12288];
    st_def st[8];
    int kn = 0, ke = 0, len = 0;
    assert_true(nb <= 8);
    append(nodes, sizeof nodes, &kn, "{ id = \"P\"; at = [ 0.0, -6.0 ]; kind = \"parking\"; capacity = %d; }", park);
    append(edges, sizeof edges, &ke, "{ from = \"c0\"; to = \"P\"; two_way = true; }");
    for (int i = 0; i <= nb; i++) {
        append(nodes, sizeof nodes, &kn, ", { id = \"c%d\"; at = [ %d.0, 0.0 ]; }", i, 10 * i);
        if (i > 0) append(edges, sizeof edges, &ke, ", { from = \"c%d\"; to = \"c%d\"; two_way = true; }", i - 1, i);
    }
    for (int b = 0; b < nb; b++) {
        for (int j = 0; j < bl; j++) {
            append(nodes, sizeof nodes, &kn, ", { id = \"b%d_%d\"; at = [ %d.0, %d.0 ]; }", b, j, 10 * (b + 1), 10 * (j + 1));
            if (j == 0) append(edges, sizeof edges, &ke, ", { from = \"c%d\"; to = \"b%d_0\"; two_way = true; }", b + 1, b);
            else append(edges, sizeof edges, &ke, ", { from = \"b%d_%d\"; to = \"b%d_%d\"; two_way = true; }", b, j - 1, b, j);
        }
        int ki = 0, ka = 0;
        append(ids[b], sizeof ids[b], &ki, "s%d", b);
        append(at[b], sizeof at[b], &ka, "b%d_%d", b, bl - 1);
        st[b] = (st_def){ids[b], "exp(3min)", at[b], 2};
    }
    line_text(text, sizeof text, &len, 5, st, nb, "exp(6min)");
    return paths_run(text, sizeof text, len, nodes, edges, rule, n, rep);
}

/* Combs of 3 spurs 3 deep and of 4 spurs 2 deep, a parking node of 1 and
 * of 2, 2 vehicles - and 3 on the comb of 3 spurs, and on the other with
 * the parking node of 2 - three rules, 3 seeds: no deadlock, no forced
 * pass, and the fleet carries nearly every move the line releases (one
 * unit every 6 min, nb - 1 moves a unit: 10 x 71 h x (nb - 1) moves,
 * 1,420 and 2,130; one vehicle alone carries about 99 % of them here):
 * at least 90 %.
 * Session 23's probe, 2 vehicles: an idle vehicle stood on the station at
 * the end of the spur the other had to pick up at. The other drove to the
 * gate in front of the spur and, as a vehicle may not wait on a gate,
 * back to the parking place, and again, and nothing ever asked the idle
 * one to move; meeting the other on its way to park, an idle vehicle
 * stepped aside onto that one's goal. The line carried 1.1 units/h of 10,
 * with no deadlock counted. Session 25's, 3 vehicles: the loaded one in
 * the aisle, the idle one sent out of the spur it was bound for could
 * pass it nowhere but on the parking place the idle one was sent to; it
 * stepped aside there, the idle one turned back onto the station, and so
 * on: 0.08 units/h with a parking place of 1, 2.1 with 2 (the one with a
 * task now waits in an empty spur, and the idle one, its way ahead only
 * being passed through, waits for it instead of turning back). */
static void comb_never_stalls(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    const int shape[2][2] = {{3, 3}, {4, 2}};
    double lo[2] = {INFINITY, INFINITY};
    for (int n = 2; n <= 3; n++)
        for (int c = 0; c < 2; c++)
            for (int park = 1; park <= 2; park++)
                for (int k = 0; k < 3; k++)
                    for (uint32_t rep = 0; rep < SEEDS && !(n == 3 && c == 1 && park == 1); rep++) {
                        int nb = shape[c][0], bl = shape[c][1];
                        fleet_out o = comb_run(rules[k], nb, bl, park, n, rep);
                        double moves = 10.0 * 71.0 * (nb - 1), share = o.units / moves;
                        if (o.deadlocks != 0.0 || o.forced != 0.0 || !(share >= 0.9))
                            fail_msg("comb of %d spurs %d deep, parking of %d, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g moves",
                                     nb, bl, park, rules[k], n, rep, o.deadlocks, o.forced, o.units);
                        lo[n - 2] = share < lo[n - 2] ? share : lo[n - 2];
                    }
    print_message("combs: the least share of the moves released carried, 2 vehicles %.3f, 3 vehicles %.3f\n", lo[0], lo[1]);
}

/* Runs `run` (a line of 4 stations, 3 moves a unit, one released every
 * 6 min) with nlo..nhi vehicles, a parking node of 1 and of 2, three
 * rules and 3 seeds: fails unless each has no deadlock, no forced pass
 * and carries at least 90 % of the 10 x 71 h x 3 = 2,130 moves released;
 * returns the least share. */
typedef fleet_out layout_run(const char *rule, int park, int n, uint32_t rep);

static double never_lock(const char *what, layout_run *run, int nlo, int nhi) {
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    double lo = INFINITY;
    for (int n = nlo; n <= nhi; n++)
        for (int park = 1; park <= 2; park++)
            for (int k = 0; k < 3; k++)
                for (uint32_t rep = 0; rep < SEEDS; rep++) {
                    fleet_out o = run(rules[k], park, n, rep);
                    double share = o.units / (10.0 * 71.0 * 3);
                    if (o.deadlocks != 0.0 || o.forced != 0.0 || !(share >= 0.9))
                        fail_msg("%s, parking of %d, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g moves", what, park, rules[k], n,
                                 rep, o.deadlocks, o.forced, o.units);
                    lo = share < lo ? share : lo;
                }
    return lo;
}

/* A single-lane corridor c0 - c5 with a passing place pp (a dead end)
 * and a parking node of `park` off c2, stations at c0, c5, c1 and c4
 * and a route through them in that order, so that every move crosses
 * c2 and the vehicles bound for the dead end c5 meet the one coming out
 * of it. One replication of 3 days, n vehicles. */
static fleet_out passing_run(const char *rule, int park, int n, uint32_t rep) {
    char text[8192];
    int len = 0;
    static const st_def st[4] = {{"s0", "exp(3min)", "c0", 2}, {"s1", "exp(3min)", "c5", 2}, {"s2", "exp(3min)", "c1", 2}, {"s3", "exp(3min)", "c4", 2}};
    line_text(text, sizeof text, &len, 5, st, 4, "exp(6min)");
    append(text, sizeof text, &len, "paths = { nodes = ( ");
    for (int i = 0; i < 6; i++) append(text, sizeof text, &len, "{ id = \"c%d\"; at = [ %d.0, 0.0 ]; }, ", i, 10 * i);
    append(text, sizeof text, &len, "{ id = \"pp\"; at = [ 25.0, 8.0 ]; }, { id = \"P\"; at = [ 20.0, -6.0 ]; kind = \"parking\"; capacity = %d; } );\n edges = ( ", park);
    for (int i = 0; i < 5; i++) append(text, sizeof text, &len, "{ from = \"c%d\"; to = \"c%d\"; two_way = true; }, ", i, i + 1);
    append(text, sizeof text, &len, "{ from = \"c2\"; to = \"pp\"; two_way = true; }, { from = \"c2\"; to = \"P\"; two_way = true; } ); };\n");
    return fleet_run(text, sizeof text, len, 2, rule, n, rep);
}

/* The corridor with a passing place, a parking node of 1 and of 2, 2-4
 * vehicles, three rules, 3 seeds: no deadlock, no forced pass, and the
 * fleet carries nearly every move the line releases (10 x 71 h x 3 =
 * 2,130). Session 25's probe, 3 vehicles: the two loaded for c5 took the
 * corridor to c4, the gate in front of c5, in turn, where the one loaded
 * at c5 waited to come out; each stepped aside to the passing place or
 * the parking place as it met it there, and came again, so that the
 * corridor was never free for the other way: 115-137 forced passes a
 * replication and 1.4-1.6 units/h of 10 (with 4, a stall). Now a vehicle
 * with a task does not take a corridor whose exit is a gate of one place
 * when the node beyond is held by a vehicle that must come out through
 * that gate. */
static void passing_place_never_locks(void **state) {
    (void)state;
    print_message("corridor with a passing place: the least share of the moves released carried %.3f\n",
                  never_lock("corridor with a passing place", passing_run, 2, 4));
}

/* A ladder without rungs: two single lanes a0 - a4 and b0 - b4 joined
 * at both ends, a two-way ring of ten nodes, a parking node of `park`
 * off a0, stations at a1, b3, a3 and b1 and a route through them in that
 * order. One replication of 3 days, n vehicles. */
static fleet_out ladder_run(const char *rule, int park, int n, uint32_t rep) {
    char text[8192];
    int len = 0;
    static const st_def st[4] = {{"s0", "exp(3min)", "a1", 2}, {"s1", "exp(3min)", "b3", 2}, {"s2", "exp(3min)", "a3", 2}, {"s3", "exp(3min)", "b1", 2}};
    line_text(text, sizeof text, &len, 5, st, 4, "exp(6min)");
    append(text, sizeof text, &len, "paths = { nodes = ( ");
    for (int i = 0; i < 5; i++) append(text, sizeof text, &len, "{ id = \"a%d\"; at = [ %d.0, 0.0 ]; }, { id = \"b%d\"; at = [ %d.0, 10.0 ]; }, ", i, 10 * i, i, 10 * i);
    append(text, sizeof text, &len, "{ id = \"P\"; at = [ 0.0, -6.0 ]; kind = \"parking\"; capacity = %d; } );\n edges = ( ", park);
    for (int i = 1; i < 5; i++)
        append(text, sizeof text, &len, "{ from = \"a%d\"; to = \"a%d\"; two_way = true; }, { from = \"b%d\"; to = \"b%d\"; two_way = true; }, ", i - 1, i, i - 1, i);
    append(text, sizeof text, &len, "{ from = \"a0\"; to = \"b0\"; two_way = true; }, { from = \"a4\"; to = \"b4\"; two_way = true; }, { from = \"a0\"; to = \"P\"; two_way = true; } ); };\n");
    return fleet_run(text, sizeof text, len, 2, rule, n, rep);
}

/* The ladder with 2 vehicles, a parking node of 1 and of 2, three rules,
 * 3 seeds: no deadlock, no forced pass, nearly every move carried.
 * Session 25's probe: with one parking place, the idle vehicle on a
 * station in the ring, in the way of the loaded one, could be sent
 * nowhere - every other node is a lane or a station, and no idle vehicle
 * was sent onto a station's node - and waited for the forced pass (1-2
 * deadlocks a replication under fcfs and starvation). Now it goes to a
 * station's node no vehicle is bound for. */
static void ladder_two_never_lock(void **state) {
    (void)state;
    print_message("ladder, 2 vehicles: the least share of the moves released carried %.3f\n", never_lock("ladder", ladder_run, 2, 2));
}

/* A line n1 - P - n2 - n3 with the parking node P of 2 in the middle:
 * station s0 on n2 hands its units to s1 on n1 through P, n3 is a dead
 * end behind s0; one unit every 8 min. 2 and 3 vehicles, three rules, 3
 * seeds: no deadlock, no forced pass, at least 90 % of the 7.5 x 71 h
 * moves released carried. Session 25's probe (issue 20's random
 * layouts, seed 2, case 182), 3 vehicles: the loaded one, on P for s1
 * where an idle one stood, sent that one to park on P and, as P was full
 * with it and an idle one, stepped aside to the dead end n3; the idle
 * ones rotated back, it came back, and so on: not a unit in 3 days, no
 * deadlock counted. Now, sent from a gate of two places, the idle one
 * can come in beside it, and it waits. */
static void line_never_stalls(void **state) {
    (void)state;
    static const char line[] =
        "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 1; seed = 182; };\n"
        "stations = ( { id = \"s0\"; cycle = \"exp(6min)\"; node = \"n2\"; buffer = 2; }, { id = \"s1\"; cycle = \"exp(6min)\"; node = \"n1\"; buffer = 1; } );\n"
        "products = ( { id = \"p\"; route = [ \"s0\", \"s1\" ]; transport = { s0 = \"agv\"; }; } );\n"
        "release = ( { product = \"p\"; interarrival = \"exp(8min)\"; } );\n"
        "paths = { nodes = ( { id = \"P\"; at = [ 0.5, 16.9 ]; kind = \"parking\"; capacity = 2; }, { id = \"n1\"; at = [ 13.6, 1.5 ]; },\n"
        "  { id = \"n2\"; at = [ 21.0, 8.5 ]; }, { id = \"n3\"; at = [ 22.6, 15.7 ]; } );\n"
        " edges = ( { from = \"P\"; to = \"n1\"; two_way = true; }, { from = \"P\"; to = \"n2\"; two_way = true; }, { from = \"n2\"; to = \"n3\"; two_way = true; } ); };\n"
        "fleets = ( { id = \"agv\"; count = 2; speed = 1.0; accel = 0.5; load = \"10s\"; unload = \"10s\"; } );\n";
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    double lo = INFINITY;
    for (int n = 2; n <= 3; n++)
        for (int k = 0; k < 3; k++)
            for (uint32_t rep = 0; rep < SEEDS; rep++) {
                fleet_out o = text_run(line, sizeof line - 1, rules[k], n, rep);
                double share = o.units / (7.5 * 71.0);
                if (o.deadlocks != 0.0 || o.forced != 0.0 || !(share >= 0.9))
                    fail_msg("line, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g moves", rules[k], n, rep, o.deadlocks, o.forced, o.units);
                lo = share < lo ? share : lo;
            }
    print_message("line with the parking place in the middle: the least share of the moves released carried %.3f\n", lo);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(branches_never_lock),
        cmocka_unit_test(grid_never_locks),
        cmocka_unit_test(tee_never_locks),
        cmocka_unit_test(mid_park_never_locks),
        cmocka_unit_test(grid25_two_never_lock),
        cmocka_unit_test(grid_knots_come_apart),
        cmocka_unit_test(comb_never_stalls),
        cmocka_unit_test(passing_place_never_locks),
        cmocka_unit_test(ladder_two_never_lock),
        cmocka_unit_test(line_never_stalls),
)
