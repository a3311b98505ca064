/*
 * scn_maint.c - a station's `failure_modes` and `maintenance` (the keys of
 * scn__failure_mode_keys and scn__maintenance_keys, read through the one
 * key reader) into its mdl_maint_spec.
 *
 * A station with either key runs its breakdowns through the modes: its
 * `mtbf`/`mttr` pair, if written, becomes the first mode, named "mtbf",
 * on `failure_clock`, repaired as good as new (the meaning it always had).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mdl_maint.h"
#include "mdl_model.h"
#include "scn_keys.h"
#include "scn_maint.h"
#include "sim_units.h"

static const char *const clocks[] = {"calendar", "operating", "cycles"};
static const char *const whens[] = {"immediately", "end_of_unit", "window"};
static const char *const conditions[] = {"none", "linear", "gamma"};
static const char *const bases[] = {"interval", "age"};

/* A number (cycles clock) or a duration (the others) >= 0. */
static bool read_amount(scn_keyreader *r, const char *key, mdl_mclock clock, double *out) {
    const scn_node *n = scn__key_node(r, key);
    if (!n) return false;
    bool ok = clock == MDL_MCLOCK_CYCLES ? scn__read_number(r->env, n, r->subject, key, 0, 1e300, out)
                                         : scn__read_duration(r->env, n, r->subject, key, out);
    if (!ok) r->failed = true;
    return ok;
}

/* A gamma mode's `gamma_shape` (per hour of its clock; per cycle) and
 * `gamma_scale`; `ttf` has no meaning there. */
static void read_gamma(scn_keyreader *r, const scn_node *g, mdl_failure_mode *f) {
    static const char *const need[] = {"gamma_shape", "gamma_scale"};
    for (int k = 0; k < 2; k++)
        if (!scn__key_node(r, need[k]))
            scn__key_problem(r, g, "%s: condition = \"gamma\" needs `gamma_shape` (per hour of the mode's clock) and "
                                   "`gamma_scale` (a share of the failure level 1)", need[k]);
    if (scn__key_node(r, "ttf"))
        scn__key_problem(r, scn__key_node(r, "ttf"),
                         "ttf: a gamma mode fails when its degradation reaches 1; it has no time-to-failure law");
    double a = 0.0, b = 0.0;
    if (scn__key_number(r, "gamma_shape", &a) && !(a > 0.0))
        scn__key_problem(r, scn__key_node(r, "gamma_shape"), "gamma_shape: must be > 0");
    if (scn__key_number(r, "gamma_scale", &b) && !(b > 0.0))
        scn__key_problem(r, scn__key_node(r, "gamma_scale"), "gamma_scale: must be > 0");
    f->gamma_shape = f->clock == MDL_MCLOCK_CYCLES ? a : a / SIM_HOUR;
    f->gamma_scale = b;
}

static void read_mode(scn_build_env *env, mdl_model *m, const scn_node *g, const char *station, mdl_failure_mode *f,
                      bool *failed) {
    mdl_failure_mode_default(f);
    f->source_line = g->line;
    const char *id = scn__node_id(g);
    f->id = id ? id : "?";
    const char *subject = scn__printf(env->arena, "%s: failure mode '%s'", station, f->id);
    scn_keyreader r;
    if (scn__keys_begin(&r, env, m, &scn__failure_mode_keys, g, subject ? subject : station) > 0) *failed = true;
    if (!id) scn__key_problem(&r, g, "id: a failure mode needs an `id`");
    int v;
    if (scn__key_choice(&r, "clock", clocks, MDL_MCLOCK_COUNT, &v)) f->clock = (mdl_mclock)v;
    if (scn__key_choice(&r, "condition", conditions, MDL_MCOND_COUNT, &v)) f->condition = (mdl_mcondition)v;
    if (f->condition == MDL_MCOND_GAMMA) {
        read_gamma(&r, g, f);
    } else if (!scn__key_dist(&r, "ttf", &f->ttf) && !scn__key_node(&r, "ttf")) {
        scn__key_problem(&r, g, "ttf: a failure mode needs its time (or cycles) to failure, e.g. ttf = \"weibull(2, 400h)\"");
    }
    if (!scn__key_dist(&r, "repair", &f->repair) && !scn__key_node(&r, "repair"))
        scn__key_problem(&r, g, "repair: a failure mode needs its repair time, e.g. repair = \"exp(1h)\"");
    f->has_planned = scn__key_dist(&r, "planned", &f->planned);
    scn__key_string(&r, "skill", &f->skill);
    scn__key_number(&r, "parts", &f->parts);
    scn__key_number(&r, "planned_parts", &f->planned_parts);
    scn__key_share(&r, "repair_age", &f->repair_age);
    scn__key_share(&r, "pm_age", &f->pm_age);
    const scn_node *mt = scn__key_node(&r, "maint_threshold");
    if (scn__key_number(&r, "maint_threshold", &f->maint_threshold) && f->maint_threshold >= 1.0)
        scn__key_problem(&r, mt,
                         "maint_threshold: %g is not below the failure threshold 1 (the degradation at failure)",
                         f->maint_threshold);
    if (f->condition != MDL_MCOND_NONE && !mt)
        scn__key_problem(&r, g, "condition: needs `maint_threshold`, the level (below 1) that calls maintenance");
    if (mt && f->condition == MDL_MCOND_NONE)
        scn__key_problem(&r, mt, "maint_threshold: only meaningful with condition = \"linear\" or \"gamma\"");
    read_amount(&r, "inspect", f->clock, &f->inspect);
    scn__key_number(&r, "noise", &f->noise);
    const scn_node *rc = scn__key_node(&r, "recall");
    f->predicted = scn__key_share(&r, "recall", &f->recall);
    if (rc && f->condition != MDL_MCOND_NONE)
        scn__key_problem(&r, rc, "recall: a mode is watched by a sensor (condition) or by the predictor, not both");
    const scn_node *ld = scn__key_node(&r, "lead");
    scn__key_dist(&r, "lead", &f->lead);
    if (ld && !rc) scn__key_problem(&r, ld, "lead: only meaningful with `recall` (the predictor)");
    if (r.failed) *failed = true;
}

static void read_modes(scn_build_env *env, mdl_model *m, const scn_node *list, const char *station,
                       mdl_maint_spec *ms, bool *failed) {
    if (list->kind != SCN_LIST) {
        scn__problem(env, list, station, "failure_modes: expected a list like ( { id = \"spindle\"; ttf = "
                                             "\"weibull(2, 400h)\"; repair = \"exp(2h)\"; } )");
        *failed = true;
        return;
    }
    for (size_t i = 0; i < list->nkids; i++) {
        const scn_node *g = list->kids[i];
        if (g->kind != SCN_GROUP) {
            scn__problem(env, g, station, "failure_modes: each entry is a group { id = ...; ttf = ...; }");
            *failed = true;
            continue;
        }
        mdl_failure_mode *f = &ms->modes[ms->nmodes];
        read_mode(env, m, g, station, f, failed);
        for (int k = 0; k < ms->nmodes; k++)
            if (strcmp(ms->modes[k].id, f->id) == 0) {
                scn__problem(env, g, station, "failure mode '%s': another mode of this station has this id", f->id);
                *failed = true;
            }
        ms->nmodes++;
    }
}

static void read_maintenance(scn_build_env *env, mdl_model *m, const scn_node *g, const char *station,
                             mdl_maint_spec *ms, bool *failed) {
    scn_keyreader r;
    if (scn__keys_begin(&r, env, m, &scn__maintenance_keys, g, station) > 0) *failed = true;
    if (g->kind != SCN_GROUP) return; /* said by scn__keys_begin */
    int v;
    if (scn__key_choice(&r, "pm_clock", clocks, MDL_MCLOCK_COUNT, &v)) ms->pm_clock = (mdl_mclock)v;
    if (scn__key_choice(&r, "pm_basis", bases, 2, &v)) ms->pm_by_age = v == 1;
    const scn_node *pi = scn__key_node(&r, "pm_interval");
    ms->has_pm = read_amount(&r, "pm_interval", ms->pm_clock, &ms->pm_interval);
    if (ms->has_pm && !(ms->pm_interval > 0.0)) scn__key_problem(&r, pi, "pm_interval: must be > 0");
    const scn_node *pd = scn__key_node(&r, "pm_duration");
    scn__key_dist(&r, "pm_duration", &ms->pm_duration);
    if (pd && !pi) scn__key_problem(&r, pd, "pm_duration: only meaningful with `pm_interval`");
    if (ms->has_pm && ms->pm_clock != MDL_MCLOCK_CYCLES && sim_dist_mean(&ms->pm_duration) >= ms->pm_interval)
        scn__key_problem(&r, pi, "pm_interval: %g h is not longer than the PM's duration (mean %g h)",
                         ms->pm_interval / SIM_HOUR, sim_dist_mean(&ms->pm_duration) / SIM_HOUR);
    if (scn__key_choice(&r, "pm_when", whens, MDL_MWHEN_COUNT, &v)) ms->pm_when = (mdl_mwhen)v;
    scn__key_number(&r, "pm_parts", &ms->pm_parts);
    scn__key_string(&r, "pm_skill", &ms->pm_skill);
    const char *win = NULL;
    if (scn__key_string(&r, "window", &win)) {
        ms->window_calendar = mdl_model_find_calendar(m, win);
        if (ms->window_calendar < 0)
            scn__key_problem(&r, scn__key_node(&r, "window"), "window: no calendar '%s' (the maintenance windows "
                                                               "are the on periods of a calendar of `calendars`)", win);
    }
    double fa;
    if (scn__key_number(&r, "false_alarms", &fa)) ms->false_alarm_rate = fa / (1000.0 * SIM_HOUR);
    if (scn__key_choice(&r, "on_warning", whens, MDL_MWHEN_COUNT, &v)) ms->pdm_when = (mdl_mwhen)v;
    scn__key_number(&r, "cost_per_hour", &ms->cost_per_hour);
    scn__key_number(&r, "cost_per_intervention", &ms->cost_per_intervention);
    if (r.failed) *failed = true;
}

bool scn__station_maint(scn_build_env *env, mdl_model *m, scn_keyreader *sr, mdl_station_spec *spec) {
    mdl_mclock clock = spec->failure_clock == MDL_FAIL_OPERATING ? MDL_MCLOCK_OPERATING : MDL_MCLOCK_CALENDAR;
    bool ok = scn__maint_read(env, m, sr, &spec->has_failures, &spec->mtbf, &spec->mttr, clock, &spec->maint);
    if (!ok) sr->failed = true;
    return ok;
}

bool scn__maint_read(scn_build_env *env, mdl_model *m, scn_keyreader *sr, bool *has_failures, const sim_dist *mtbf,
                     const sim_dist *mttr, mdl_mclock clock, const mdl_maint_spec **out) {
    const scn_node *fm = scn__key_node(sr, "failure_modes");
    const scn_node *mg = scn__key_node(sr, "maintenance");
    if (!fm && !mg) return true;
    mdl_maint_spec *ms = scn__alloc(env->arena, sizeof *ms);
    if (!ms) return false;
    mdl_maint_spec_default(ms);
    ms->source_line = (fm ? fm : mg)->line;
    size_t n = (fm && fm->kind == SCN_LIST ? fm->nkids : 0) + 1;
    ms->modes = scn__alloc(env->arena, n * sizeof *ms->modes);
    if (!ms->modes) return false;
    if (has_failures && *has_failures) { /* mtbf / mttr: the first mode */
        mdl_failure_mode *f = &ms->modes[ms->nmodes++];
        mdl_failure_mode_default(f);
        f->id = "mtbf";
        f->ttf = *mtbf;
        f->repair = *mttr;
        f->clock = clock;
        *has_failures = false;
    }
    bool failed = false;
    if (fm) read_modes(env, m, fm, sr->subject, ms, &failed);
    if (mg) read_maintenance(env, m, mg, sr->subject, ms, &failed);
    if (ms->false_alarm_rate > 0.0) {
        bool predicted = false;
        for (int i = 0; i < ms->nmodes; i++) predicted |= ms->modes[i].predicted;
        if (!predicted)
            scn__problem(env, mg, sr->subject,
                             "maintenance: false_alarms: no failure mode has a `recall` (there is no predictor)"),
                failed = true;
    }
    *out = ms;
    return !failed;
}

/* Does any product's route visit station si? */
static bool visited(const mdl_model *m, int si) {
    int np = mdl_model_product_count(m);
    for (int p = 0; p < np; p++) {
        int ns = mdl_model_route_length(m, p);
        for (int k = 0; k < ns; k++)
            if (mdl_model_route_station(m, p, k) == si) return true;
    }
    return false;
}

bool scn__maint_check_cycles(scn_build_env *env, const mdl_model *m, int si, const scn_node *station,
                             const char *subject) {
    const mdl_station_spec *sp = mdl_model_station(m, si);
    if (!sp || !sp->maint || visited(m, si)) return true;
    bool ok = true;
    const scn_node *fm = scn__node_member(station, "failure_modes");
    const scn_node *mg = scn__node_member(station, "maintenance");
    for (size_t i = 0; fm && i < fm->nkids; i++) {
        const scn_node *c = scn__node_member(fm->kids[i], "clock");
        if (c && c->kind == SCN_STRING && strcmp(c->s, "cycles") == 0) {
            scn__problem(env, c, subject,
                             "failure mode '%s': clock: \"cycles\", but no product's route visits this station, so it "
                             "never completes a cycle (use \"calendar\")",
                             scn__node_id(fm->kids[i]) ? scn__node_id(fm->kids[i]) : "?");
            ok = false;
        }
    }
    const scn_node *pc = mg ? scn__node_member(mg, "pm_clock") : NULL;
    if (pc && pc->kind == SCN_STRING && strcmp(pc->s, "cycles") == 0) {
        scn__problem(env, pc, subject,
                         "maintenance: pm_clock: \"cycles\", but no product's route visits this station, so it never "
                         "completes a cycle (use \"calendar\")");
        ok = false;
    }
    return ok;
}
