/*
 * test_agv_avoid3.c - deadlock avoidance at gates (issue 20): a node that
 * is the only way into and out of a part of the network (a dead-end
 * branch, a station at the end of a spur, a parking place hanging off a
 * node) is no place to wait for that part when the vehicle fills it: the
 * vehicles there could only leave through it.
 *
 * The sample (the line A -> S -> B of session 17): B a dead end of one
 * place, S's node one place with a parking place hanging off it, two
 * vehicles. A vehicle that had picked up at S (loaded, bound for B) and
 * one on B's node (wanting out through S) waited for each other: 7-8
 * forced passes in 5 days, while `check` said ok. Now a vehicle does not
 * stop on a full gate on its way into a part unless it can go on (block
 * signalling: it waits before the gate), and one that stands on a gate
 * it fills (its task ended there) steps aside - to a parking place or a
 * place aside off the stations, keeping its task - instead of waiting
 * there. The variants: B with 2 places and 3 vehicles, the branch two
 * nodes deep (a corridor behind the gate), and the dispatching rules
 * nearest, fcfs and starvation, over several seeds: no deadlock and no
 * forced pass, and two vehicles carry at least as much as one.
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

typedef struct gap_out {
    double units, deadlocks, forced;
} gap_out;

/* The line A -> S -> B: nA and nB dead ends, nP a parking place of 2
 * beside nS. `deep`: B's branch two nodes deep (nS - nB1 - nB). */
static void gap_text(char *out, size_t size, bool deep, bool parking) {
    snprintf(out, size,
             "run = { horizon = \"5d\"; warmup = \"1h\"; replications = 1; seed = 1; };\n"
             "paths = {\n"
             "  nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nS\"; at = [10.0, 0.0]; },\n"
             "            { id = \"nB\"; at = [60.0, 0.0]; } %s %s );\n"
             "  edges = ( { from = \"nA\"; to = \"nS\"; }, %s %s );\n"
             "};\n"
             "fleets = ( { id = \"agv\"; count = 2; speed = 1.0; load = \"5s\"; unload = \"5s\"; } );\n"
             "stations = ( { id = \"A\"; cycle = \"exp(20s)\"; node = \"nA\"; },\n"
             "             { id = \"S\"; cycle = \"exp(25s)\"; node = \"nS\"; buffer = 1; },\n"
             "             { id = \"B\"; cycle = \"exp(10s)\"; node = \"nB\"; } );\n"
             "products = ( { id = \"p\"; route = [\"A\", \"S\", \"B\"]; transport = { A = \"agv\"; S = \"agv\"; }; } );\n"
             "release = ( { product = \"p\"; interarrival = \"exp(60s)\"; } );\n",
             deep ? ", { id = \"nB1\"; at = [35.0, 0.0]; }" : "",
             parking ? ", { id = \"nP\"; at = [10.0, 8.0]; kind = \"parking\"; capacity = 2; }" : "",
             deep ? "{ from = \"nS\"; to = \"nB1\"; }, { from = \"nB1\"; to = \"nB\"; }" : "{ from = \"nS\"; to = \"nB\"; }",
             parking ? ", { from = \"nS\"; to = \"nP\"; }" : "");
}

/* One replication of the scene with the --set overrides: the fleet's
 * units, deadlocks and forced passes. */
static gap_out gap_run(bool deep, const char *const *sets, size_t nsets, uint32_t rep) {
    char text[4096];
    gap_text(text, sizeof text, deep, true);
    mdl_model *m = test_scene_must_load(text, strlen(text), sets, nsets);
    mdl_run *r = mdl_run_new(m, mdl_model_run(m), rep);
    assert_non_null(r);
    mdl_rep_result res;
    assert_true(mdl_rep_result_init(&res, m));
    mdl_run_to_end(r, &res);
    gap_out o = {mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_UNITS), mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCKS),
                 mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCK_FORCED)};
    mdl_rep_result_fini(&res);
    mdl_run_free(r);
    mdl_model_free(m);
    return o;
}

typedef struct variant {
    const char *name;
    bool deep;
    const char *set; /* an override, or NULL */
    int max_count;   /* fleets of 1 .. max_count vehicles */
} variant;

static const variant variants[] = {
    {"gap", false, NULL, 3},
    {"B of 2 places", false, "paths.nodes.nB.capacity=2", 3},
    {"branch two deep", true, NULL, 3},
};

/* Every variant, every rule, 1..3 vehicles, 3 seeds: no deadlock, no
 * forced pass. */
static void no_deadlock_at_gates(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++)
        for (int k = 0; k < 3; k++)
            for (int n = 1; n <= variants[v].max_count; n++)
                for (uint32_t rep = 0; rep < 3; rep++) {
                    char rule[64], count[64];
                    snprintf(rule, sizeof rule, "fleets.agv.dispatch=\"%s\"", rules[k]);
                    snprintf(count, sizeof count, "fleets.agv.count=%d", n);
                    const char *sets[3] = {rule, count, variants[v].set};
                    gap_out o = gap_run(variants[v].deep, sets, variants[v].set ? 3u : 2u, rep);
                    if (o.deadlocks != 0.0 || o.forced != 0.0 || !(o.units > 0.0))
                        fail_msg("%s, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g units", variants[v].name, rules[k],
                                 n, rep, o.deadlocks, o.forced, o.units);
                }
}

/* Two vehicles carry at least as much as one (summed over 3 seeds), for
 * the rules that choose by place (nearest) and by time (fcfs). */
static void two_carry_more(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs"};
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++)
        for (int k = 0; k < 2; k++) {
            double units[3] = {0};
            for (int n = 1; n <= 2; n++)
                for (uint32_t rep = 0; rep < 3; rep++) {
                    char rule[64], count[64];
                    snprintf(rule, sizeof rule, "fleets.agv.dispatch=\"%s\"", rules[k]);
                    snprintf(count, sizeof count, "fleets.agv.count=%d", n);
                    const char *sets[3] = {rule, count, variants[v].set};
                    units[n] += gap_run(variants[v].deep, sets, variants[v].set ? 3u : 2u, rep).units;
                }
            print_message("%s, %s: 1 vehicle %g units, 2 vehicles %g\n", variants[v].name, rules[k], units[1], units[2]);
            if (!(units[2] >= units[1])) fail_msg("%s, %s: 2 vehicles carry %g, 1 carries %g", variants[v].name, rules[k], units[2], units[1]);
        }
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(no_deadlock_at_gates),
        cmocka_unit_test(two_carry_more),
)
