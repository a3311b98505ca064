/*
 * trial_fixtures.h - the layout of `check`'s trial tests (test_cli_trial.c,
 * test_trial.c): case 48 of the random-layout probe's seed 2 (7 nodes,
 * some one-way edges, a parking place of one, 2 vehicles). The layout
 * check finds nothing in it, and in replication 1 of 3 days its vehicles
 * locked hundreds of times with avoidance (none since the allocation
 * keeps a wait from closing a swap, test_agv_random.c), dozens (all
 * forced) with traffic = "detect".
 */
#ifndef LINETWIN_TESTS_TRIAL_FIXTURES_H
#define LINETWIN_TESTS_TRIAL_FIXTURES_H

/* The fleet is on line 24. */
static const char probe_case[] =
    "run = { horizon = \"3d\"; warmup = \"1h\"; replications = 2; seed = 48; };\n"
    "stations = ( { id = \"s0\"; cycle = \"exp(4min)\"; node = \"n1\"; buffer = 1; },\n"
    "             { id = \"s1\"; cycle = \"exp(5min)\"; node = \"n4\"; buffer = 2; } );\n"
    "products = ( { id = \"p\"; route = [ \"s0\", \"s1\" ]; transport = { s0 = \"agv\"; }; } );\n"
    "release = ( { product = \"p\"; interarrival = \"exp(3min)\"; } );\n"
    "paths = { nodes = ( { id = \"n0\"; at = [ 10.6, 19.7 ]; kind = \"parking\"; capacity = 1; },\n"
    "                    { id = \"n1\"; at = [ 7.5, 19.8 ]; }, { id = \"n2\"; at = [ 17.3, 13.7 ]; },\n"
    "                    { id = \"n3\"; at = [ 15.2, 6.6 ]; }, { id = \"n4\"; at = [ 12.8, 18.2 ]; },\n"
    "                    { id = \"n5\"; at = [ 12.8, 6.1 ]; }, { id = \"n6\"; at = [ 0.6, 17.3 ]; } );\n"
    "          edges = ( { from = \"n0\"; to = \"n1\"; two_way = false; capacity = 1; },\n"
    "                    { from = \"n1\"; to = \"n2\"; two_way = false; capacity = 2; },\n"
    "                    { from = \"n2\"; to = \"n3\"; two_way = true; capacity = 1; },\n"
    "                    { from = \"n0\"; to = \"n4\"; two_way = false; capacity = 1; },\n"
    "                    { from = \"n2\"; to = \"n5\"; two_way = true; capacity = 1; },\n"
    "                    { from = \"n5\"; to = \"n6\"; two_way = true; capacity = 1; },\n"
    "                    { from = \"n3\"; to = \"n6\"; two_way = false; capacity = 1; },\n"
    "                    { from = \"n5\"; to = \"n3\"; two_way = false; capacity = 2; },\n"
    "                    { from = \"n0\"; to = \"n2\"; two_way = true; capacity = 1; },\n"
    "                    { from = \"n6\"; to = \"n2\"; two_way = true; capacity = 1; },\n"
    "                    { from = \"n4\"; to = \"n5\"; two_way = true; capacity = 1; },\n"
    "                    { from = \"n4\"; to = \"n1\"; two_way = false; capacity = 1; } ); };\n"
    "\n"
    "\n"
    "fleets = ( { id = \"agv\"; count = 2; speed = 1.0; accel = 0.5; load = \"10s\"; unload = \"10s\";\n"
    "             traffic = \"avoid\"; } );\n";

#endif
