/*
 * branch_fixtures.h - the dead-end branches behind a gate of the AGV
 * traffic tests (test_agv_branch.c, test_layout_warn.c). Include after
 * cmocka.h (and its prerequisites).
 *
 * Every scene is the line of the avoidance gap: station A on a dead end
 * nA, station S on the gate nS (one place, a buffer of 1) with a parking
 * place of 2 (nP) hanging off it, and behind nS a branch of single lanes:
 *
 *   fx_branches[FX_BRANCH_DEEP]    nS - nB1 - nB2 - nB   (B three deep)
 *   fx_branches[FX_BRANCH_MIDDLE]  nS - nM - nB1 - nB    (M in the middle)
 *   fx_branches[FX_BRANCH_TWO]     nS - nG - nB1 - nB, nG - nC1 - nC
 *   fx_branches[FX_BRANCH_OFF]     nS - nB1 - nB, nS - nC1 - nC
 *   fx_branch_text(out, size, b)   the scene text (one vehicle, 5 days)
 */
#ifndef LINETWIN_TESTS_BRANCH_FIXTURES_H
#define LINETWIN_TESTS_BRANCH_FIXTURES_H

#include <stdio.h>

typedef struct fx_branch {
    const char *name;
    const char *nodes, *edges, *stations, *products, *release;
} fx_branch;

static const fx_branch fx_branches[] = {
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

enum { FX_BRANCH_DEEP, FX_BRANCH_MIDDLE, FX_BRANCH_TWO, FX_BRANCH_OFF, FX_NBRANCHES };

/* The scene text of branch b into out (size bytes): its length. */
static inline int fx_branch_text(char *out, size_t size, const fx_branch *b) {
    int len = snprintf(out, size,
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
    assert_true(len > 0 && (size_t)len < size);
    return len;
}

#endif
