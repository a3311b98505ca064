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
 * nearest, fcfs and starvation, over several seeds: no deadlock at all
 * (none resolved, none forced), and two vehicles carry at least as much
 * as one. Deeper branches, a station in the middle of a branch and
 * several branches behind one gate: test_agv_branch.c.
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

/* One replication of the scene with the --set overrides: the fleet's
 * units, deadlocks and forced passes. */
static fleet_out gap_run(bool deep, const char *const *sets, size_t nsets, uint32_t rep) {
    char text[4096];
    fx_gap_text(text, sizeof text, deep, true);
    mdl_model *m = test_scene_must_load(text, strlen(text), sets, nsets);
    fleet_out o = fleet_run_once(m, mdl_model_run(m), rep);
    mdl_model_free(m);
    return o;
}

typedef struct variant {
    const char *name;
    bool deep;
    const char *set; /* an override, or NULL */
    int max_count;   /* fleets of 1 .. max_count vehicles */
} variant;

/* The branch two deep with 3 vehicles formed 2-5 deadlocks a replication
 * before session 19 (each resolved by stepping aside): a loaded vehicle
 * on the gate could not step aside because the only free parking place
 * was promised to the idle vehicle that had to come out through it. */
static const variant variants[] = {
    {"gap", false, NULL, 3},
    {"B of 2 places", false, "paths.nodes.nB.capacity=2", 3},
    {"branch two deep", true, NULL, 3},
};

/* Every variant, every rule, 1..3 vehicles, 3 seeds: no deadlock at all,
 * no forced pass, units carried. */
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
                    fleet_out o = gap_run(variants[v].deep, sets, variants[v].set ? 3u : 2u, rep);
                    if (o.deadlocks != 0.0 || o.forced != 0.0 || !(o.units > 0.0))
                        fail_msg("%s, %s, %d vehicles, replication %u: %g deadlocks, %g forced, %g units", variants[v].name, rules[k],
                                 n, rep, o.deadlocks, o.forced, o.units);
                }
}

/* Two vehicles carry at least as much as one (summed over 3 seeds), for
 * the rules that choose by place (nearest), by time (fcfs) and by the
 * destination's stock (starvation). */
static void two_carry_more(void **state) {
    (void)state;
    const char *rules[] = {"nearest", "fcfs", "starvation"};
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++)
        for (int k = 0; k < 3; k++) {
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
