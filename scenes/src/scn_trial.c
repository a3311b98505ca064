/*
 * scn_trial.c - `check`'s trial run of the traffic (mdl_trial.h) in the
 * planner's words: one warning per fleet that met a deadlock, and one per
 * fleet that stalled (a vehicle on one task for a day, with no deadlock
 * counted), at the fleet's entry in the layered tree, in the form of the
 * layout check's warnings. A fleet whose trial met neither is not
 * mentioned.
 */
#include <stdio.h>
#include <string.h>

#include "mdl_transport.h"
#include "mdl_trial.h"
#include "scn_internal.h"
#include "scn_scene.h"

/* Appends `file:line: fleet 'id': warning: layout: <text>` for fleet f. */
static void fleet_warning(scn_build_env *env, const scn_node *root, const mdl_model *m, int f, scn_diags *warnings,
                          const char *text) {
    const mdl_fleet_spec *fs = mdl_model_fleet(m, f);
    char subject[160];
    snprintf(subject, sizeof subject, "fleet '%s'", fs->id);
    const scn_node *at = scn__subject_node(root, subject, fs->source_line);
    scn_diags_add(warnings, at ? at->file : env->top_file, fs->source_line > 0 ? fs->source_line : at ? at->line : 0,
                  subject, "warning: layout: %s", text);
}

/* What was run: "replication 1, 3d", "replication 1, its first 1w of
 * 5w", "replications 1-2, 3d each", "replications 1-3, 3d each, the last
 * its first 1d", and ": the trial stops after 10 million events" when the
 * budget cut it short. */
static void what_ran(const mdl_trial *t, char *buf, size_t size) {
    char reached[40], horizon[40], cut[80] = "";
    scn_format_duration(t->reached, reached, sizeof reached);
    scn_format_duration(t->horizon, horizon, sizeof horizon);
    if (t->budget_hit) snprintf(cut, sizeof cut, ": the trial stops after %g million events", MDL_TRIAL_MAX_EVENTS / 1e6);
    bool whole = t->reached >= t->horizon;
    if (t->reps <= 1 && whole) snprintf(buf, size, "replication 1, %s", horizon);
    else if (t->reps <= 1) snprintf(buf, size, "replication 1, its first %s of %s%s", reached, horizon, cut);
    else if (whole) snprintf(buf, size, "replications 1-%d, %s each", t->reps, horizon);
    else snprintf(buf, size, "replications 1-%d, %s each, the last its first %s%s", t->reps, horizon, reached, cut);
}

/* Who does not cover the layout: "deadlock avoidance does not cover this
 * layout with 2 vehicles" (in the traffic, when the fleet holds some out),
 * or, without avoidance, "with traffic = "detect" the fleet's 2 vehicles
 * do not avoid deadlock on this layout". */
static void fleet_who(const mdl_model *m, int f, char *buf, size_t size) {
    const mdl_fleet_spec *fs = mdl_model_fleet(m, f);
    int on = mdl_model_fleet_in_traffic(m, f);
    if (on < 0) on = fs->count;
    if (fs->traffic == MDL_TRAFFIC_DETECT)
        snprintf(buf, size, "with traffic = \"detect\" the fleet's %d vehicles do not avoid deadlock on this layout", on);
    else
        snprintf(buf, size, "deadlock avoidance does not cover this layout with %d vehicle%s%s", on, on == 1 ? "" : "s",
                 on < fs->count ? " in the traffic" : "");
}

/* The fleet's deadlocks as a sentence. */
static void fleet_finding(const mdl_model *m, int f, const mdl_trial_fleet *tf, const char *ran, char *buf,
                          size_t size) {
    char forced[80], who[160];
    if (tf->forced <= 0) snprintf(forced, sizeof forced, "none resolved by a forced pass");
    else snprintf(forced, sizeof forced, "%.0f resolved by a forced pass", tf->forced);
    fleet_who(m, f, who, sizeof who);
    snprintf(buf, size,
             "a trial run of the traffic (%s) met %.0f deadlock%s, %s: %s; the run falls back on re-routing, backing "
             "off and forced passes, which costs throughput",
             ran, tf->deadlocks, tf->deadlocks == 1 ? "" : "s", forced, who);
}

/* The fleet's stall (a vehicle on one task for `stalled` s at the end of
 * replication `stalled_rep`) as a sentence. */
static void stall_finding(const mdl_model *m, int f, const mdl_trial_fleet *tf, const char *ran, char *buf, size_t size) {
    char age[40], who[160];
    scn_format_duration(tf->stalled, age, sizeof age);
    fleet_who(m, f, who, sizeof who);
    snprintf(buf, size,
             "a trial run of the traffic (%s) stalled: at the end of replication %d a vehicle had held one transport "
             "task for %s without finishing it, going back and forth or waiting with no deadlock counted, and the "
             "line stops behind it; %s",
             ran, tf->stalled_rep, age, who);
}

void scn__trial_warnings(scn_build_env *env, const scn_node *root, const mdl_model *m, scn_diags *warnings) {
    if (!warnings || mdl_model_fleet_count(m) == 0) return;
    mdl_trial t;
    if (!mdl_trial_run(m, NULL, &t)) {
        fleet_warning(env, root, m, 0, warnings, "no trial run of the traffic: out of memory");
        return;
    }
    char ran[200], text[900];
    if (!t.ran) { /* (fleets, but too large a path network) */
        snprintf(text, sizeof text,
                 "no trial run of the traffic: the path network has %d nodes, more than the %d a check tries (its "
                 "vehicles' routes would take seconds to build); `run` counts the deadlocks",
                 t.nodes, t.max_nodes);
        fleet_warning(env, root, m, 0, warnings, text);
        mdl_trial_fini(&t);
        scn_diags_sort(warnings);
        return;
    }
    what_ran(&t, ran, sizeof ran);
    if (t.error[0]) {
        char at[40];
        scn_format_duration(t.reached, at, sizeof at);
        snprintf(text, sizeof text, "a trial run of the traffic (%s) failed at %s: %s", ran, at, t.error);
        fleet_warning(env, root, m, 0, warnings, text);
    }
    for (int f = 0; f < t.nfleets; f++) {
        if (t.fleet[f].deadlocks > 0) {
            fleet_finding(m, f, &t.fleet[f], ran, text, sizeof text);
            fleet_warning(env, root, m, f, warnings, text);
        }
        if (t.fleet[f].stalled > t.stall_limit) {
            stall_finding(m, f, &t.fleet[f], ran, text, sizeof text);
            fleet_warning(env, root, m, f, warnings, text);
        }
    }
    mdl_trial_fini(&t);
    scn_diags_sort(warnings);
}
