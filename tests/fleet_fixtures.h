/*
 * fleet_fixtures.h - shared pieces of the AGV traffic tests. Include after
 * cmocka.h (and its prerequisites), mdl_model.h, mdl_run.h and
 * mdl_transport.h.
 *
 *   fleet_run_once(m, rs, rep)   one replication: the first fleet's units,
 *                                deadlocks and forced passes
 *   fx_gap_text(out, size, deep, parking)
 *                                the line A -> S -> B of the avoidance gap
 */
#ifndef LINETWIN_TESTS_FLEET_FIXTURES_H
#define LINETWIN_TESTS_FLEET_FIXTURES_H

#include <stdbool.h>
#include <stdio.h>

typedef struct fleet_out {
    double units, deadlocks, forced;
} fleet_out;

/* One replication of m: the first fleet's units, deadlocks and forced passes. */
static inline fleet_out fleet_run_once(const mdl_model *m, const mdl_run_settings *rs, uint32_t rep) {
    mdl_run *r = mdl_run_new(m, rs, rep);
    assert_non_null(r);
    mdl_rep_result res;
    assert_true(mdl_rep_result_init(&res, m));
    mdl_run_to_end(r, &res);
    fleet_out o = {mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_UNITS), mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCKS),
                   mdl_rep_fleet_kpi(&res, 0, MDL_FKPI_DEADLOCK_FORCED)};
    mdl_rep_result_fini(&res);
    mdl_run_free(r);
    return o;
}

/* The line A -> S -> B of two vehicles (the "avoidance gap" of session
 * 17's note): nA and nB dead ends, S's node of one place with a buffer of
 * 1; `parking`: a parking place of 2 (nP) beside nS; `deep`: B's branch two
 * nodes deep (nS - nB1 - nB). A loaded vehicle on S's node and one on B's
 * waited for each other: 8 forced passes in 5 days a replication. */
static inline void fx_gap_text(char *out, size_t size, bool deep, bool parking) {
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

#endif
