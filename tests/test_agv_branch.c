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
#include "branch_fixtures.h"

enum { SEEDS = 3 };

/* One replication of scene b with n vehicles under `rule`. */
static fleet_out branch_run(const fx_branch *b, const char *rule, int n, uint32_t rep) {
    char text[4096], set_rule[64], set_count[64];
    int len = fx_branch_text(text, sizeof text, b);
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

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(branches_never_lock),
)
