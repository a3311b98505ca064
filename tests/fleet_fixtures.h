/*
 * fleet_fixtures.h - shared pieces of the AGV traffic tests. Include after
 * cmocka.h (and its prerequisites), mdl_model.h, mdl_run.h and
 * mdl_transport.h.
 *
 *   fleet_run_once(m, rs, rep)   one replication: the first fleet's units,
 *                                deadlocks and forced passes
 *   fx_gap_scene(out, size, (fx_gap){deep, parking, floor, spare})
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
 * 1 (nS on the scene's line 3); `parking`: a parking place of 2 (nP)
 * beside nS; `deep`: B's branch two nodes deep (nS - nB1 - nB); `floor`:
 * the stations placed on the floor 5 m below their nodes (for the layout
 * check); `spare`: a dead end nX beyond nA that no station uses. A loaded
 * vehicle on S's node and one on B's waited for each other: 8 forced
 * passes in 5 days a replication. */
typedef struct fx_gap {
    bool deep, parking, floor, spare;
} fx_gap;

static inline void fx_gap_scene(char *out, size_t size, fx_gap g) {
    static const char *const st[] = {"A", "S", "B"};
    static const double x[] = {0.0, 10.0, 60.0};
    static const char *const cyc[] = {"exp(20s)", "exp(25s)", "exp(10s)"};
    char stations[600], at[40] = "";
    int n = 0;
    for (int i = 0; i < 3; i++) {
        if (g.floor) snprintf(at, sizeof at, " at = [%.1f, -5.0];", x[i]);
        n += snprintf(stations + n, sizeof stations - (size_t)n, "%s{ id = \"%s\"; cycle = \"%s\"; node = \"n%s\";%s%s }",
                      i ? ",\n             " : "", st[i], cyc[i], st[i], i == 1 ? " buffer = 1;" : "", at);
    }
    int k = snprintf(out, size,
             "run = { horizon = \"5d\"; warmup = \"1h\"; replications = 1; seed = 1; };\n"
             "paths = {\n"
             "  nodes = ( { id = \"nA\"; at = [0.0, 0.0]; }, { id = \"nS\"; at = [10.0, 0.0]; },\n"
             "            { id = \"nB\"; at = [60.0, 0.0]; } %s %s %s );\n"
             "  edges = ( { from = \"nA\"; to = \"nS\"; }, %s %s %s );\n"
             "};\n"
             "fleets = ( { id = \"agv\"; count = 2; speed = 1.0; load = \"5s\"; unload = \"5s\"; } );\n"
             "stations = ( %s );\n"
             "products = ( { id = \"p\"; route = [\"A\", \"S\", \"B\"]; transport = { A = \"agv\"; S = \"agv\"; }; } );\n"
             "release = ( { product = \"p\"; interarrival = \"exp(60s)\"; } );\n",
             g.deep ? ", { id = \"nB1\"; at = [35.0, 0.0]; }" : "",
             g.parking ? ", { id = \"nP\"; at = [10.0, 8.0]; kind = \"parking\"; capacity = 2; }" : "",
             g.spare ? ", { id = \"nX\"; at = [-10.0, 0.0]; }" : "",
             g.deep ? "{ from = \"nS\"; to = \"nB1\"; }, { from = \"nB1\"; to = \"nB\"; }" : "{ from = \"nS\"; to = \"nB\"; }",
             g.parking ? ", { from = \"nS\"; to = \"nP\"; }" : "", g.spare ? ", { from = \"nA\"; to = \"nX\"; }" : "",
             stations);
    assert_true(k > 0 && (size_t)k < size);
}

/* fx_gap_scene with the stations off the floor and no spare dead end. */
static inline void fx_gap_text(char *out, size_t size, bool deep, bool parking) {
    fx_gap_scene(out, size, (fx_gap){deep, parking, false, false});
}

#endif
