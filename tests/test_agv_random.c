/*
 * test_agv_random.c - two to four vehicles on small layouts of the random probe
 * of issue 20 (strongly connected, a parking place, no `check` warning
 * but for clear), which deadlocked with only two vehicles before session
 * 22. Most were swaps - two vehicles, each waiting for the other's node
 * (mdl_agv_traffic.c, swap_out):
 *
 *   reroute:  done at its drop, a vehicle was sent to park by the shortest
 *             route, through the node where the loaded one waited for its
 *             place (80 deadlocks in 2 x 3 days); there is a way round;
 *   parking:  sent to park on the parking place of one that the other was
 *             leaving for its node (19);
 *   trade:    two empty vehicles, each sent to pick up where the other
 *             stood (2);
 *   aside:    on a star of dead ends, a loaded vehicle bound for the dead
 *             end an empty one was leaving to fetch its load (9): one
 *             steps aside, with its task, to the parking spur;
 *   behind:   the parking place reached only through the node where the
 *             loaded vehicle waited (67): the loaded one steps aside;
 *   clear:    done at the dead end n4, sent to park on the parking place
 *             of one that the other was leaving for n4, with no parking
 *             place or place aside to go to instead (470 deadlocks, 460
 *             forced): it drives to a free node off the other's way (a
 *             station's) and stays there idle. `check` warns of this one
 *             (the swap behind the gate n1), and rightly for what a
 *             second vehicle adds: two carry about as much as one there
 *             (less by a few per cent; before, a fifth of it), so only
 *             the deadlocks are looked at.
 *
 * and one a shuttle (nudge_target):
 *
 *   ahead:    the only parking place n2 lies on the only way out of
 *             station s1's node n7; the idle vehicle parked there, in the
 *             loaded one's way, was sent one node on along its route (n5),
 *             in its way again, and from there back round the loop to n2,
 *             for ten minutes, until the watchdog forced a pass (13 in
 *             2 x 3 days). It now goes to n6, off the loaded one's route.
 *             A second vehicle adds nothing here (every trip out of n7
 *             moves the parked one off n2 first: 1.5 % less than one
 *             vehicle, before 3 %), so again only the deadlocks count.
 *
 * Now: no deadlock, no forced pass, and (but for clear and ahead) two
 * vehicles carry at least as much as one (both replications' units,
 * summed). The scenes are the probe's (/work/probe/keep/randlayout.py:
 * seeds 2 and 3, clear and ahead seed 1), with their run seeds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "scn_diag.h"
#include "scn_scene.h"

#include "test_main.h"
#include "test_scene_text.h"
#include "fleet_fixtures.h"

#define FLEET "fleets = ( { id = \"agv\"; count = 2; speed = 1.0; accel = 0.5; load = \"10s\"; unload = \"10s\"; } );\n"

typedef struct swap_scene {
    const char *name, *text;
    bool more; /* two vehicles carry at least as much as one */
} swap_scene;

static const swap_scene scenes[] = {
    {"reroute",
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 108; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(3min)\"; node = \"n1\"; buffer = 1; },"
     " { id = \"s1\"; cycle = \"exp(5min)\"; node = \"n3\"; buffer = 1; },"
     " { id = \"s2\"; cycle = \"exp(4min)\"; node = \"n4\"; buffer = 1; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(4min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 13.6, 13.5 ]; kind = \"parking\"; capacity = 1; },"
     " { id = \"n1\"; at = [ 9.7, 0.5 ]; }, { id = \"n2\"; at = [ 18.0, 8.9 ]; capacity = 2; },"
     " { id = \"n3\"; at = [ 5.3, 14.1 ]; }, { id = \"n4\"; at = [ 8.9, 6.2 ]; } );\n"
     " edges = ( { from = \"n0\"; to = \"n1\"; two_way = true; }, { from = \"n0\"; to = \"n2\"; two_way = true; },"
     " { from = \"n1\"; to = \"n3\"; two_way = true; }, { from = \"n0\"; to = \"n4\"; two_way = true; },"
     " { from = \"n3\"; to = \"n4\"; two_way = true; } ); };\n" FLEET, true},
    {"parking",
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 28; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(2min)\"; node = \"n3\"; buffer = 2; },"
     " { id = \"s1\"; cycle = \"exp(5min)\"; node = \"n4\"; buffer = 1; },"
     " { id = \"s2\"; cycle = \"exp(5min)\"; node = \"n2\"; buffer = 2; },"
     " { id = \"s3\"; cycle = \"exp(3min)\"; node = \"n6\"; buffer = 2; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\", \"s3\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; s2 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(9min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 25.5, 15.0 ]; }, { id = \"n1\"; at = [ 22.1, 18.4 ]; capacity = 2; },"
     " { id = \"n2\"; at = [ 12.2, 8.5 ]; }, { id = \"n3\"; at = [ 18.4, 17.4 ]; }, { id = \"n4\"; at = [ 8.4, 15.2 ]; },"
     " { id = \"n5\"; at = [ 28.7, 5.1 ]; }, { id = \"n6\"; at = [ 0.5, 3.2 ]; },"
     " { id = \"n7\"; at = [ 19.4, 4.3 ]; kind = \"parking\"; capacity = 1; } );\n"
     " edges = ( { from = \"n0\"; to = \"n1\"; two_way = true; capacity = 2; }, { from = \"n1\"; to = \"n2\"; two_way = true; },"
     " { from = \"n1\"; to = \"n3\"; two_way = true; }, { from = \"n2\"; to = \"n4\"; two_way = true; },"
     " { from = \"n0\"; to = \"n5\"; two_way = true; capacity = 2; }, { from = \"n0\"; to = \"n6\"; two_way = true; },"
     " { from = \"n2\"; to = \"n7\"; two_way = true; }, { from = \"n2\"; to = \"n5\"; two_way = true; },"
     " { from = \"n4\"; to = \"n3\"; two_way = true; } ); };\n" FLEET, true},
    {"trade",
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 44; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(5min)\"; node = \"n1\"; buffer = 1; },"
     " { id = \"s1\"; cycle = \"exp(6min)\"; node = \"n0\"; buffer = 2; },"
     " { id = \"s2\"; cycle = \"exp(4min)\"; node = \"n5\"; buffer = 2; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(6min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 2.4, 18.8 ]; }, { id = \"n1\"; at = [ 5.3, 4.7 ]; },"
     " { id = \"n2\"; at = [ 29.7, 2.0 ]; kind = \"parking\"; capacity = 2; }, { id = \"n3\"; at = [ 25.4, 0.8 ]; },"
     " { id = \"n4\"; at = [ 6.1, 19.7 ]; }, { id = \"n5\"; at = [ 13.3, 14.2 ]; } );\n"
     " edges = ( { from = \"n0\"; to = \"n1\"; two_way = true; }, { from = \"n0\"; to = \"n2\"; two_way = true; },"
     " { from = \"n2\"; to = \"n3\"; two_way = true; }, { from = \"n1\"; to = \"n4\"; two_way = true; },"
     " { from = \"n2\"; to = \"n5\"; two_way = true; }, { from = \"n5\"; to = \"n3\"; two_way = false; },"
     " { from = \"n3\"; to = \"n1\"; two_way = false; capacity = 2; }, { from = \"n2\"; to = \"n4\"; two_way = true; } ); };\n" FLEET, true},
    {"aside",
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 112; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(3min)\"; node = \"n4\"; buffer = 0; },"
     " { id = \"s1\"; cycle = \"exp(4min)\"; node = \"n1\"; buffer = 2; },"
     " { id = \"s2\"; cycle = \"exp(4min)\"; node = \"n5\"; buffer = 1; },"
     " { id = \"s3\"; cycle = \"exp(3min)\"; node = \"n2\"; buffer = 2; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\", \"s3\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; s2 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(8min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 14.3, 19.0 ]; }, { id = \"n1\"; at = [ 0.6, 14.8 ]; },"
     " { id = \"n2\"; at = [ 4.7, 10.8 ]; capacity = 2; }, { id = \"n3\"; at = [ 21.0, 10.3 ]; kind = \"parking\"; capacity = 1; },"
     " { id = \"n4\"; at = [ 24.9, 16.0 ]; }, { id = \"n5\"; at = [ 0.7, 4.8 ]; } );\n"
     " edges = ( { from = \"n0\"; to = \"n1\"; two_way = true; }, { from = \"n0\"; to = \"n2\"; two_way = true; },"
     " { from = \"n2\"; to = \"n3\"; two_way = true; }, { from = \"n0\"; to = \"n4\"; two_way = true; },"
     " { from = \"n0\"; to = \"n5\"; two_way = true; } ); };\n" FLEET, true},
    {"behind",
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 17; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(2min)\"; node = \"n8\"; buffer = 0; },"
     " { id = \"s1\"; cycle = \"exp(5min)\"; node = \"n7\"; buffer = 2; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\" ]; transport = { s0 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(8min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 19.4, 5.6 ]; }, { id = \"n1\"; at = [ 29.0, 9.1 ]; capacity = 2; },"
     " { id = \"n2\"; at = [ 14.3, 10.6 ]; }, { id = \"n3\"; at = [ 26.2, 19.7 ]; }, { id = \"n4\"; at = [ 15.9, 8.8 ]; },"
     " { id = \"n5\"; at = [ 18.5, 1.4 ]; kind = \"parking\"; capacity = 2; }, { id = \"n6\"; at = [ 12.8, 16.9 ]; },"
     " { id = \"n7\"; at = [ 23.3, 1.2 ]; }, { id = \"n8\"; at = [ 25.6, 7.7 ]; } );\n"
     " edges = ( { from = \"n0\"; to = \"n1\"; two_way = false; }, { from = \"n1\"; to = \"n2\"; two_way = false; },"
     " { from = \"n2\"; to = \"n3\"; two_way = false; }, { from = \"n1\"; to = \"n4\"; two_way = false; },"
     " { from = \"n0\"; to = \"n5\"; two_way = true; }, { from = \"n4\"; to = \"n6\"; two_way = false; },"
     " { from = \"n3\"; to = \"n7\"; two_way = true; }, { from = \"n1\"; to = \"n8\"; two_way = false; capacity = 2; },"
     " { from = \"n6\"; to = \"n5\"; two_way = false; }, { from = \"n0\"; to = \"n4\"; two_way = true; },"
     " { from = \"n5\"; to = \"n8\"; two_way = true; capacity = 2; }, { from = \"n6\"; to = \"n7\"; two_way = true; capacity = 2; },"
     " { from = \"n5\"; to = \"n1\"; two_way = false; }, { from = \"n7\"; to = \"n2\"; two_way = true; } ); };\n" FLEET, true},
    {"clear",
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 108; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(5min)\"; node = \"n1\"; buffer = 2; },"
     " { id = \"s1\"; cycle = \"exp(3min)\"; node = \"n2\"; buffer = 1; },"
     " { id = \"s2\"; cycle = \"exp(5min)\"; node = \"n4\"; buffer = 0; },"
     " { id = \"s3\"; cycle = \"exp(6min)\"; node = \"n3\"; buffer = 1; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\", \"s3\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; s2 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(7min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 17.7, 10.8 ]; kind = \"parking\"; capacity = 1; },"
     " { id = \"n1\"; at = [ 4.0, 19.0 ]; }, { id = \"n2\"; at = [ 22.0, 15.3 ]; }, { id = \"n3\"; at = [ 29.7, 19.3 ]; },"
     " { id = \"n4\"; at = [ 5.3, 5.8 ]; } );\n"
     " edges = ( { from = \"n0\"; to = \"n1\"; two_way = false; }, { from = \"n0\"; to = \"n2\"; two_way = true; capacity = 2; },"
     " { from = \"n0\"; to = \"n3\"; two_way = true; }, { from = \"n1\"; to = \"n4\"; two_way = true; },"
     " { from = \"n1\"; to = \"n3\"; two_way = true; capacity = 2; }, { from = \"n3\"; to = \"n2\"; two_way = true; } ); };\n" FLEET, false},
    {"ahead",
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 124; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(5min)\"; node = \"n0\"; buffer = 2; },"
     " { id = \"s1\"; cycle = \"exp(3min)\"; node = \"n7\"; buffer = 1; },"
     " { id = \"s2\"; cycle = \"exp(6min)\"; node = \"n3\"; buffer = 0; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(6min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 11.6, 10.1 ]; capacity = 2; }, { id = \"n1\"; at = [ 9.9, 17.0 ]; },"
     " { id = \"n2\"; at = [ 22.9, 10.1 ]; kind = \"parking\"; capacity = 1; }, { id = \"n3\"; at = [ 0.0, 15.0 ]; },"
     " { id = \"n4\"; at = [ 25.7, 3.5 ]; }, { id = \"n5\"; at = [ 9.1, 8.1 ]; }, { id = \"n6\"; at = [ 15.2, 12.3 ]; capacity = 2; },"
     " { id = \"n7\"; at = [ 6.1, 6.4 ]; }, { id = \"n8\"; at = [ 23.3, 12.9 ]; } );\n"
     " edges = ( { from = \"n0\"; to = \"n1\"; two_way = true; }, { from = \"n0\"; to = \"n2\"; two_way = false; },"
     " { from = \"n0\"; to = \"n3\"; two_way = false; }, { from = \"n3\"; to = \"n4\"; two_way = false; },"
     " { from = \"n4\"; to = \"n5\"; two_way = true; }, { from = \"n1\"; to = \"n6\"; two_way = false; },"
     " { from = \"n2\"; to = \"n7\"; two_way = true; }, { from = \"n3\"; to = \"n8\"; two_way = true; },"
     " { from = \"n2\"; to = \"n5\"; two_way = false; }, { from = \"n8\"; to = \"n1\"; two_way = false; capacity = 2; },"
     " { from = \"n0\"; to = \"n4\"; two_way = true; }, { from = \"n4\"; to = \"n7\"; two_way = false; },"
     " { from = \"n2\"; to = \"n6\"; two_way = true; } ); };\n" FLEET, false},
};

/* Three and four vehicles (session 22, second round), from the same
 * probe at 150 cases a seed, with no `check` warning:
 *
 *   cycle3:    a cycle of three waits (mdl_agv_traffic.c, cycle_out): two
 *              loaded vehicles, stepped aside onto the parking place n0
 *              of two, wait for the dead-end station node n3 where an
 *              empty one stands, waiting for n0 to get out (1 deadlock
 *              in 2 x 3 days). The empty one drives to the free node n2,
 *              off their way, and plans again from there;
 *   cycle:     two idle vehicles on n3 bound for the parking place n1,
 *              waiting for n2, where a loaded one waits for n3 (4
 *              vehicles, 44 deadlocks): one of them takes another way;
 *   dead_end:  an idle vehicle parked (aside) on the dead-end station
 *              node n3, the loaded one bound there waiting on the full
 *              parking place n0 on the only way in (3 vehicles, 446
 *              deadlocks, all forced by the watchdog): with no parking
 *              place nor neighbour to step to, the idle one drives to
 *              the nearest free node off the loaded one's way (nudge);
 *   dead_end4: the same with 4 vehicles: an idle one on the dead-end
 *              station node n4, the loaded one bound there waiting aside
 *              on n5 (179 deadlocks, all forced).
 *
 * Now none deadlocks, and the fleet carries at least as much as one
 * vehicle (scenes from /work/probe/keep/rl_overwarn.py: cycle3 seed 1
 * c130, cycle seed 3 c140, dead_end seed 2 c126, dead_end4 seed 3 c96). The idle vehicle is sent so only for a vehicle with a task:
 * for one bound to park it only moved the lock elsewhere (the probe's
 * seed 1 c93: 17 % fewer units). */
typedef struct crowd_scene {
    const char *name;
    int count;
    const char *text;
    bool more; /* count vehicles carry at least as much as one */
} crowd_scene;

static const crowd_scene crowds[] = {
    {"cycle3", 3,
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 130; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(5min)\"; node = \"n1\"; buffer = 2; }, "
     "{ id = \"s1\"; cycle = \"exp(3min)\"; node = \"n2\"; buffer = 0; }, "
     "{ id = \"s2\"; cycle = \"exp(5min)\"; node = \"n3\"; buffer = 2; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(8min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 27.7, 18.1 ]; kind = \"parking\"; capacity = 2; }, "
     "{ id = \"n1\"; at = [ 19.1, 0.4 ]; capacity = 2; }, { id = \"n2\"; at = [ 13.6, 16.5 ]; }, "
     "{ id = \"n3\"; at = [ 2.2, 7.2 ]; } ); edges = ( { from = \"n0\"; to = \"n1\"; two_way = true; capacity = 1; }, "
     "{ from = \"n0\"; to = \"n2\"; two_way = true; capacity = 1; }, "
     "{ from = \"n2\"; to = \"n3\"; two_way = true; capacity = 1; }, "
     "{ from = \"n0\"; to = \"n3\"; two_way = false; capacity = 1; } ); };\n" FLEET, true},
    {"cycle", 4,
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 140; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(4min)\"; node = \"n4\"; buffer = 1; }, "
     "{ id = \"s1\"; cycle = \"exp(3min)\"; node = \"n3\"; buffer = 2; }, "
     "{ id = \"s2\"; cycle = \"exp(6min)\"; node = \"n2\"; buffer = 0; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(8min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 1.6, 8.4 ]; }, "
     "{ id = \"n1\"; at = [ 19.8, 16.3 ]; kind = \"parking\"; capacity = 3; }, { id = \"n2\"; at = [ 11.1, 7.5 ]; }, "
     "{ id = \"n3\"; at = [ 18.3, 14.0 ]; capacity = 2; }, { id = \"n4\"; at = [ 22.8, 6.8 ]; }, "
     "{ id = \"n5\"; at = [ 19.0, 1.5 ]; } ); edges = ( { from = \"n0\"; to = \"n1\"; two_way = true; capacity = 1; }, "
     "{ from = \"n0\"; to = \"n2\"; two_way = true; capacity = 1; }, "
     "{ from = \"n0\"; to = \"n3\"; two_way = true; capacity = 1; }, "
     "{ from = \"n2\"; to = \"n4\"; two_way = true; capacity = 1; }, "
     "{ from = \"n0\"; to = \"n5\"; two_way = true; capacity = 1; }, "
     "{ from = \"n4\"; to = \"n1\"; two_way = true; capacity = 1; }, "
     "{ from = \"n3\"; to = \"n2\"; two_way = false; capacity = 2; }, "
     "{ from = \"n2\"; to = \"n1\"; two_way = false; capacity = 2; } ); };\n" FLEET, true},
    {"dead_end", 3,
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 126; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(6min)\"; node = \"n2\"; buffer = 2; }, "
     "{ id = \"s1\"; cycle = \"exp(5min)\"; node = \"n1\"; buffer = 1; }, "
     "{ id = \"s2\"; cycle = \"exp(2min)\"; node = \"n3\"; buffer = 0; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(8min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 27.0, 18.3 ]; kind = \"parking\"; capacity = 2; }, "
     "{ id = \"n1\"; at = [ 18.8, 9.3 ]; }, { id = \"n2\"; at = [ 28.7, 5.9 ]; }, "
     "{ id = \"n3\"; at = [ 19.6, 12.8 ]; } ); edges = ( { from = \"n0\"; to = \"n1\"; two_way = true; capacity = 1; }, "
     "{ from = \"n1\"; to = \"n2\"; two_way = true; capacity = 1; }, "
     "{ from = \"n1\"; to = \"n3\"; two_way = true; capacity = 1; }, "
     "{ from = \"n2\"; to = \"n0\"; two_way = true; capacity = 1; } ); };\n" FLEET, true},
    {"dead_end4", 4,
     "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 96; };\n"
     "stations = ( { id = \"s0\"; cycle = \"exp(6min)\"; node = \"n0\"; buffer = 0; }, "
     "{ id = \"s1\"; cycle = \"exp(2min)\"; node = \"n1\"; buffer = 2; }, "
     "{ id = \"s2\"; cycle = \"exp(3min)\"; node = \"n4\"; buffer = 2; } );\n"
     "products = ( { id = \"p\"; route = [ \"s0\", \"s1\", \"s2\" ]; transport = { s0 = \"agv\"; s1 = \"agv\"; }; } );\n"
     "release = ( { product = \"p\"; interarrival = \"exp(7min)\"; } );\n"
     "paths = { nodes = ( { id = \"n0\"; at = [ 0.3, 7.7 ]; }, { id = \"n1\"; at = [ 23.8, 16.3 ]; }, "
     "{ id = \"n2\"; at = [ 5.3, 2.4 ]; }, { id = \"n3\"; at = [ 4.5, 6.1 ]; kind = \"parking\"; capacity = 2; }, "
     "{ id = \"n4\"; at = [ 10.0, 10.2 ]; }, "
     "{ id = \"n5\"; at = [ 11.7, 15.7 ]; capacity = 2; } ); edges = ( { from = \"n0\"; to = \"n1\"; two_way = true; capacity = 1; }, "
     "{ from = \"n1\"; to = \"n2\"; two_way = false; capacity = 1; }, "
     "{ from = \"n2\"; to = \"n3\"; two_way = false; capacity = 1; }, "
     "{ from = \"n1\"; to = \"n4\"; two_way = true; capacity = 1; }, "
     "{ from = \"n0\"; to = \"n5\"; two_way = false; capacity = 2; }, "
     "{ from = \"n5\"; to = \"n1\"; two_way = true; capacity = 1; }, "
     "{ from = \"n3\"; to = \"n1\"; two_way = false; capacity = 2; } ); };\n" FLEET, true},
};

/* Both replications of scene s with n vehicles: units, deadlocks and
 * forced passes, summed. */
static fleet_out swap_run(const swap_scene *s, int n) {
    char set_count[64];
    snprintf(set_count, sizeof set_count, "fleets.agv.count=%d", n);
    const char *sets[1] = {set_count};
    mdl_model *m = test_scene_must_load(s->text, strlen(s->text), sets, 1);
    fleet_out sum = {0};
    for (uint32_t rep = 0; rep < 2; rep++) {
        fleet_out o = fleet_run_once(m, mdl_model_run(m), rep);
        sum.units += o.units, sum.deadlocks += o.deadlocks, sum.forced += o.forced;
    }
    mdl_model_free(m);
    return sum;
}

static void two_vehicles_never_lock(void **state) {
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof scenes / sizeof scenes[0]; i++) {
        fleet_out one = swap_run(&scenes[i], 1), two = swap_run(&scenes[i], 2);
        print_message("%s: units by 1, 2 vehicles %g %g; 2 vehicles: %g deadlocks, %g forced\n", scenes[i].name, one.units, two.units,
                      two.deadlocks, two.forced);
        if (two.deadlocks != 0.0 || two.forced != 0.0 || !(two.units > 0.0)) print_error("%s: %g deadlocks, %g forced\n", scenes[i].name, two.deadlocks, two.forced), bad++;
        if (scenes[i].more && !(two.units >= one.units)) print_error("%s: 2 vehicles carry %g, 1 carries %g\n", scenes[i].name, two.units, one.units), bad++;
    }
    if (bad) fail_msg("%d failures (above)", bad);
}

static void small_fleets_never_lock(void **state) {
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof crowds / sizeof crowds[0]; i++) {
        const crowd_scene *c = &crowds[i];
        swap_scene s = {c->name, c->text, c->more};
        fleet_out one = swap_run(&s, 1), all = swap_run(&s, c->count);
        print_message("%s: units by 1, %d vehicles %g %g; %d vehicles: %g deadlocks, %g forced\n", c->name, c->count, one.units, all.units,
                      c->count, all.deadlocks, all.forced);
        if (all.deadlocks != 0.0 || all.forced != 0.0 || !(all.units > 0.0))
            print_error("%s: %g deadlocks, %g forced\n", c->name, all.deadlocks, all.forced), bad++;
        if (c->more && !(all.units >= one.units))
            print_error("%s: %d vehicles carry %g, 1 carries %g\n", c->name, c->count, all.units, one.units), bad++;
    }
    if (bad) fail_msg("%d failures (above)", bad);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(two_vehicles_never_lock),
        cmocka_unit_test(small_fleets_never_lock),
)
