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
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"

#include "test_main.h"
#include "test_scene_text.h"
#include "fleet_fixtures.h"

typedef struct branch_scene {
    const char *name;
    const char *nodes, *edges, *stations, *products, *release;
} branch_scene;

static const branch_scene scenes[] = {
    {"three deep",
     "{ id = \"nB1\"; at = [25.0, 0.0]; }, { id = \"nB2\"; at = [40.0, 0.0]; }, { id = \"nB\"; at = [60.0, 0.0]; }",
     "{ from = \"nS\"; to = \"nB1\"; }, { from = \"nB1\"; to = \"nB2\"; }, { from = \"nB2\"; to = \"nB\"; }",
     "{ id = \"B\"; cycle = \"exp(10s)\"; node = \"nB\"; }",
     "{ id = \"p\"; route = [\"A\", \"S\", \"B\"]; transport = { A = \"agv\"; S = \"agv\"; }; }",
     "{ product = \"p\"; interarrival = \"exp(60s)\"; }"},
    {"station in the middle",
     "{ id = \"nM\"; at = [25.0, 0.0]; }, { id = \"nB1\"; at = [40.0, 0.0]; }, { id = \"nB\"; at = [60.0, 0.0]; }",
     "{ from = \"nS\"; to = \"nM\"; }, { from = \"nM\"; to = \"nB1\"; }, { from = \"nB1\"; to = \"nB\"; }",
     "{ id = \"M\"; cycle = \"exp(15s)\"; node = \"nM\"; buffer = 1; }, { id = \"B\"; cycle = \"exp(10s)\"; node = \"nB\"; }",
     "{ id = \"p\"; route = [\"A\", \"S\", \"M\", \"B\"]; transport = { A = \"agv\"; S = \"agv\"; M = \"agv\"; }; }",
     "{ product = \"p\"; interarrival = \"exp(70s)\"; }"},
    {"two branches behind a junction",
     "{ id = \"nG\"; at = [20.0, 0.0]; }, { id = \"nB1\"; at = [35.0, 5.0]; }, { id = \"nB\"; at = [55.0, 5.0]; }, "
     "{ id = \"nC1\"; at = [35.0, -5.0]; }, { id = \"nC\"; at = [55.0, -5.0]; }",
     "{ from = \"nS\"; to = \"nG\"; }, { from = \"nG\"; to = \"nB1\"; }, { from = \"nB1\"; to = \"nB\"; }, "
     "{ from = \"nG\"; to = \"nC1\"; }, { from = \"nC1\"; to = \"nC\"; }",
     "{ id = \"B\"; cycle = \"exp(15s)\"; node = \"nB\"; }, { id = \"C\"; cycle = \"exp(15s)\"; node = \"nC\"; }",
     "{ id = \"p\"; route = [\"A\", \"S\", \"B\"]; transport = { A = \"agv\"; S = \"agv\"; }; }, "
     "{ id = \"q\"; route = [\"A\", \"S\", \"C\"]; transport = { A = \"agv\"; S = \"agv\"; }; }",
     "{ product = \"p\"; interarrival = \"exp(120s)\"; }, { product = \"q\"; interarrival = \"exp(120s)\"; }"},
    {"two branches off the gate",
     "{ id = \"nB1\"; at = [25.0, 5.0]; }, { id = \"nB\"; at = [45.0, 5.0]; }, "
     "{ id = \"nC1\"; at = [25.0, -5.0]; }, { id = \"nC\"; at = [45.0, -5.0]; }",
     "{ from = \"nS\"; to = \"nB1\"; }, { from = \"nB1\"; to = \"nB\"; }, { from = \"nS\"; to = \"nC1\"; }, "
     "{ from = \"nC1\"; to = \"nC\"; }",
     "{ id = \"B\"; cycle = \"exp(15s)\"; node = \"nB\"; }, { id = \"C\"; cycle = \"exp(15s)\"; node = \"nC\"; }",
     "{ id = \"p\"; route = [\"A\", \"S\", \"B\"]; transport = { A = \"agv\"; S = \"agv\"; }; }, "
     "{ id = \"q\"; route = [\"A\", \"S\", \"C\"]; transport = { A = \"agv\"; S = \"agv\"; }; }",
     "{ product = \"p\"; interarrival = \"exp(120s)\"; }, { product = \"q\"; interarrival = \"exp(120s)\"; }"},
};

enum { NSCENES = sizeof scenes / sizeof scenes[0], SEEDS = 3 };

/* One replication of scene b with n vehicles under `rule`. */
static fleet_out branch_run(const branch_scene *b, const char *rule, int n, uint32_t rep) {
    char text[4096], set_rule[64], set_count[64];
    int len = snprintf(text, sizeof text,
                       "run = { horizon = \"5d\"; warmup = \"1h\"; replications = 1; seed = 1; };\n"
                       "paths = {\n"
                       "  nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nS\"; at = [10.0, 0.0]; },\n"
                       "            { id = \"nP\"; at = [10.0, 8.0]; kind = \"parking\"; capacity = 2; }, %s );\n"
                       "  edges = ( { from = \"nA\"; to = \"nS\"; }, { from = \"nS\"; to = \"nP\"; }, %s );\n"
                       "};\n"
                       "fleets = ( { id = \"agv\"; count = 1; speed = 1.0; load = \"5s\"; unload = \"5s\"; } );\n"
                       "stations = ( { id = \"A\"; cycle = \"exp(20s)\"; node = \"nA\"; },\n"
                       "             { id = \"S\"; cycle = \"exp(25s)\"; node = \"nS\"; buffer = 1; }, %s );\n"
                       "products = ( %s );\n"
                       "release = ( %s );\n",
                       b->nodes, b->edges, b->stations, b->products, b->release);
    assert_true(len > 0 && (size_t)len < sizeof text);
    snprintf(set_rule, sizeof set_rule, "fleets.agv.dispatch=\"%s\"", rule);
    snprintf(set_count, sizeof set_count, "fleets.agv.count=%d", n);
    const char *sets[2] = {set_rule, set_count};
    mdl_model *m = test_scene_must_load(text, (size_t)len, sets, 2);
    fleet_out o = fleet_run_once(m, mdl_model_run(m), rep);
    mdl_model_free(m);
    return o;
}

/* Every scene, every rule, 1..3 vehicles, 3 seeds: no deadlock (none
 * resolved, none forced), and two vehicles carry at least as much as one
 * (summed over the seeds). */
static void branches_never_lock(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    for (int s = 0; s < NSCENES; s++)
        for (int k = 0; k < 3; k++) {
            double units[4] = {0};
            for (int n = 1; n <= 3; n++)
                for (uint32_t rep = 0; rep < SEEDS; rep++) {
                    fleet_out o = branch_run(&scenes[s], rules[k], n, rep);
                    units[n] += o.units;
                    if (o.deadlocks != 0.0 || o.forced != 0.0 || !(o.units > 0.0))
                        fail_msg("%s, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g units", scenes[s].name, rules[k], n,
                                 rep, o.deadlocks, o.forced, o.units);
                }
            print_message("%s, %s: units by 1, 2, 3 vehicles %g %g %g\n", scenes[s].name, rules[k], units[1], units[2], units[3]);
            if (!(units[2] >= units[1])) fail_msg("%s, %s: 2 vehicles carry %g, 1 carries %g", scenes[s].name, rules[k], units[2], units[1]);
        }
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(branches_never_lock),
)
