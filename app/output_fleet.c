/*
 * output_fleet.c - a fleet's traffic and safety line of the KPI table:
 * vehicles held out of the traffic, collisions and near-misses (physics),
 * deadlocks and forced passes, safety events, charging, and the
 * replications whose traffic stalled (MDL_FKPI_STALLED).
 */
#include <math.h>
#include <stdio.h>

#include "mdl_transport.h"
#include "mdl_trial.h"
#include "output.h"
#include "scn_scene.h"

int output_fleet_stalls(const mdl_batch *b, int i, char *limit, size_t size) {
    scn_format_duration(mdl_stall_limit(mdl_batch_settings(b)->horizon), limit, size);
    return (int)lround(mdl_batch_fleet_kpi(b, i, MDL_FKPI_STALLED).mean * mdl_batch_reps(b));
}

void output_fleet_traffic(FILE *f, const mdl_batch *b, int i, int w) {
    const mdl_model *m = mdl_batch_model(b);
    const mdl_fleet_spec *fs = mdl_model_fleet(m, i);
    char a[32], c[32], d[32], e[32], g[32], h[32];
    output_format_value(mdl_batch_fleet_kpi(b, i, MDL_FKPI_COLLISIONS).mean, a, sizeof a);
    output_format_value(mdl_batch_fleet_kpi(b, i, MDL_FKPI_NEAR_MISSES).mean, c, sizeof c);
    output_format_value(mdl_batch_fleet_kpi(b, i, MDL_FKPI_DEADLOCKS).mean, d, sizeof d);
    output_format_value(mdl_batch_fleet_kpi(b, i, MDL_FKPI_DEADLOCK_FORCED).mean, e, sizeof e);
    output_format_value(mdl_batch_fleet_kpi(b, i, MDL_FKPI_CHARGES).mean, g, sizeof g);
    output_pct(mdl_batch_fleet_kpi(b, i, MDL_FKPI_BATTERY_MIN).min, h, sizeof h);
    double safety = mdl_batch_fleet_kpi(b, i, MDL_FKPI_SAFETY_EVENTS).mean;
    fprintf(f, "  %-*.*s %d x %s, capacity %d:", w, w, fs->id, fs->count, mdl_motion_name(fs->mode), fs->capacity);
    int on = mdl_model_fleet_in_traffic(m, i);
    if (on >= 0 && on < fs->count)
        fprintf(f, " %d held out of the traffic (the layout holds %d; surplus = \"drive\" puts them on it),", fs->count - on,
                on);
    if (fs->mode == MDL_MOTION_PHYSICS) fprintf(f, " collisions %s, near-misses %s,", a, c);
    fprintf(f, " deadlocks %s (forced %s)", d, e);
    if (safety > 0.0) {
        output_format_value(safety, e, sizeof e);
        fprintf(f, ", safety events %s", e);
    }
    if (fs->battery.enabled) fprintf(f, ", charges %s, lowest battery %s", g, h);
    fprintf(f, " (means per replication)");
    /* a stall: no deadlock counted, the line stopped (mdl_stall_limit) */
    char lim[40];
    int reps = mdl_batch_reps(b), ns = output_fleet_stalls(b, i, lim, sizeof lim);
    if (ns > 0) {
        fprintf(f,
                "; stalled in %d of %d replication%s: at the end a vehicle had held one transport task for over %s,"
                " going back and forth or waiting with no deadlock counted, and the line stopped behind it",
                ns, reps, reps == 1 ? "" : "s", lim);
    }
    fprintf(f, "\n");
}
