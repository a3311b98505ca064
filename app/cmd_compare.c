/*
 * cmd_compare.c - `linetwin compare BASE RETROFIT`: the same replications of
 * two scenes, their differences with paired confidence intervals, a verdict
 * against retrofit targets, and the payback period.
 *
 * Both scenes run with the base scene's run settings (after the flags), so
 * replication r of both uses the same seeds: stations with the same id draw
 * the same random numbers (common random numbers), and differences are
 * measured far more precisely than by two independent runs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "cli.h"
#include "compare.h"
#include "mdl_asrs.h"
#include "mdl_batch.h"
#include "mdl_people.h"
#include "mdl_transport.h"
#include "options.h"
#include "output.h"
#include "progress.h"
#include "report.h"
#include "scn_scene.h"

static const char compare_usage[] =
    "usage: linetwin compare BASE RETROFIT [options]\n"
    "\n"
    "Runs both scenes with the same seeds and replications (common random\n"
    "numbers) and prints each KPI of both, the difference and the relative\n"
    "change with a paired-t 95 % confidence interval, a verdict against the\n"
    "retrofit targets and, when the retrofit scene has an `investment`, the\n"
    "payback period. Run settings come from BASE (after the flags).\n"
    "\n"
    "options:\n"
    "  --reps N, --seed S, --horizon DUR, --warmup DUR, -j N, --json\n"
    "                     as for `linetwin run` (--set applies to both scenes)\n"
    "  --set PATH=VALUE   override a value in both scenes (repeatable)\n"
    "  --out DIR          write DIR/base/... and DIR/retrofit/... as `run --out`\n"
    "                     does, and DIR/compare.json; all three from this run\n"
    "  --report FILE.html a report for people: verdicts, KPI tables and charts in\n"
    "                     one self-contained HTML page (docs/report.md)\n"
    "  --target-productivity X    throughput change to reach (default +30%)\n"
    "  --target-cost-per-unit X   operating cost per unit change (default -30%)\n"
    "  --target-defect-rate X     defect rate change (default -20%)\n"
    "  --target-units-per-kwh X   good units per kWh change (default +20%)\n"
    "                     X is a fraction (0.3) or a percentage (\"+30%\"); flags\n"
    "                     win over a `targets` group in the retrofit scene\n"
    "  -h, --help         this text\n"
    "\n"
    "A target is met when the whole 95 % interval of the relative change lies\n"
    "beyond it, not met when the whole interval falls short, uncertain otherwise.\n"
    "Payback = capex / annual saving, annual saving = (base cost per unit -\n"
    "retrofit cost per unit) x base throughput per hour x 8766 h: the saving\n"
    "on today's volume (extra output is not counted as a saving).\n"
    "\n"
    "exit status: 0 ok, 1 a run failed, 2 invalid scene or bad usage\n";

/* Hours in an average year (365.25 days). */
#define HOURS_PER_YEAR 8766.0

const compare_target compare_targets[APP_TARGET_COUNT] = {
    {"productivity", "Productivity (throughput)", MDL_KPI_THROUGHPUT_PER_H},
    {"cost_per_unit", "Operating cost per unit", MDL_KPI_COST_PER_UNIT},
    {"defect_rate", "Defect rate", MDL_KPI_DEFECT_RATE},
    {"units_per_kwh", "Energy: good units per kWh", MDL_KPI_UNITS_PER_KWH},
};

change compare_change(const mdl_batch *base, const mdl_batch *retro, mdl_kpi k) {
    change c;
    c.base = mdl_batch_kpi(base, k);
    c.retro = mdl_batch_kpi(retro, k);
    c.diff = mdl_batch_diff(base, retro, k);
    /* The base mean is treated as known: the interval of the relative change
     * is the paired interval of the difference scaled by it. */
    if (c.base.mean != 0 && isfinite(c.base.mean)) {
        c.rel = c.diff.mean / fabs(c.base.mean);
        c.rel_ci = c.diff.ci95 / fabs(c.base.mean);
    } else {
        c.rel = NAN;
        c.rel_ci = NAN;
    }
    return c;
}

/* ---- people (mdl_people.h): headcount, labour productivity, automation rate ---- */

/* The paired change of a people KPI (replication r of both runs shares its seed). */
static change people_change(const mdl_batch *base, const mdl_batch *retro, mdl_peoplekpi k) {
    change c;
    c.base = mdl_batch_people_kpi(base, (int)k);
    c.retro = mdl_batch_people_kpi(retro, (int)k);
    int n = mdl_batch_reps(base) < mdl_batch_reps(retro) ? mdl_batch_reps(base) : mdl_batch_reps(retro);
    double *d = malloc((size_t)(n > 0 ? n : 1) * sizeof *d);
    if (d) {
        for (int r = 0; r < n; r++)
            d[r] = mdl_rep_people_kpi(mdl_batch_rep(retro, r), k) - mdl_rep_people_kpi(mdl_batch_rep(base, r), k);
        c.diff = mdl_summarize(d, (size_t)n);
        free(d);
    } else {
        c.diff = (mdl_summary){NAN, NAN, NAN, NAN};
    }
    bool known = c.base.mean != 0 && isfinite(c.base.mean);
    c.rel = known ? c.diff.mean / fabs(c.base.mean) : NAN;
    c.rel_ci = known ? c.diff.ci95 / fabs(c.base.mean) : NAN;
    return c;
}

static bool has_people(const mdl_batch *base, const mdl_batch *retro) {
    return mdl_model_has_people(mdl_batch_model(base)) || mdl_model_has_people(mdl_batch_model(retro));
}

const char *compare_verdict_name(verdict v) {
    switch (v) {
    case VERDICT_MET: return "met";
    case VERDICT_UNCERTAIN: return "uncertain";
    case VERDICT_NOT_MET: return "not met";
    default: return "unknown";
    }
}

verdict compare_judge(const change *c, double goal) {
    if (!isfinite(c->rel)) return VERDICT_UNKNOWN;
    double ci = isfinite(c->rel_ci) ? c->rel_ci : 0;
    double lo = c->rel - ci, hi = c->rel + ci;
    if (goal >= 0) {
        if (lo >= goal) return VERDICT_MET;
        if (hi < goal) return VERDICT_NOT_MET;
    } else {
        if (hi <= goal) return VERDICT_MET;
        if (lo > goal) return VERDICT_NOT_MET;
    }
    return VERDICT_UNCERTAIN;
}


/* Headcount per named shift of both lines (the union of their shift
 * names, base's first); n rows into names, base and retro counts. */
static int shift_headcounts(const mdl_batch *base, const mdl_batch *retro, const char **names, int *nb, int *nr) {
    const char *bn[OUTPUT_MAX_SHIFT_NAMES], *rn[OUTPUT_MAX_SHIFT_NAMES];
    int bc[OUTPUT_MAX_SHIFT_NAMES], rc[OUTPUT_MAX_SHIFT_NAMES];
    int b = mdl_model_headcount_by_shift(mdl_batch_model(base), bn, bc, OUTPUT_MAX_SHIFT_NAMES);
    int r = mdl_model_headcount_by_shift(mdl_batch_model(retro), rn, rc, OUTPUT_MAX_SHIFT_NAMES);
    b = b < OUTPUT_MAX_SHIFT_NAMES ? b : OUTPUT_MAX_SHIFT_NAMES;
    r = r < OUTPUT_MAX_SHIFT_NAMES ? r : OUTPUT_MAX_SHIFT_NAMES;
    int n = 0;
    for (int i = 0; i < b; i++) {
        names[n] = bn[i];
        nb[n] = bc[i];
        nr[n++] = 0;
    }
    for (int j = 0; j < r; j++) {
        int i = 0;
        while (i < n && strcmp(names[i], rn[j]) != 0) i++;
        if (i == n) {
            if (n == OUTPUT_MAX_SHIFT_NAMES) continue;
            names[n] = rn[j];
            nb[n++] = 0;
        }
        nr[i] = rc[j];
    }
    return n;
}

static void put_shift_headcounts(const compare_sink *out, const mdl_batch *base, const mdl_batch *retro) {
    const char *names[OUTPUT_MAX_SHIFT_NAMES];
    int nb[OUTPUT_MAX_SHIFT_NAMES], nr[OUTPUT_MAX_SHIFT_NAMES];
    int n = shift_headcounts(base, retro, names, nb, nr);
    for (int i = 0; i < n; i++) {
        char label[64];
        snprintf(label, sizeof label, "Headcount, shift %s", names[i]);
        compare_row r = {label, "headcount_by_shift", COMPARE_COUNT, 0, nb[i], nr[i],
                         {nr[i] - nb[i], NAN, NAN, NAN}, true, nb[i] > 0 ? (double)(nr[i] - nb[i]) / nb[i] : NAN};
        out->row(out->ctx, &r);
    }
}

static void write_shift_headcounts(jw *w, const mdl_batch *base, const mdl_batch *retro) {
    const char *names[OUTPUT_MAX_SHIFT_NAMES];
    int nb[OUTPUT_MAX_SHIFT_NAMES], nr[OUTPUT_MAX_SHIFT_NAMES];
    int n = shift_headcounts(base, retro, names, nb, nr);
    jw_object_begin(w, "headcount_by_shift");
    for (int i = 0; i < n; i++) {
        jw_object_begin(w, names[i]);
        jw_int(w, "base", nb[i]);
        jw_int(w, "retrofit", nr[i]);
        jw_int(w, "diff", nr[i] - nb[i]);
        jw_object_end(w);
    }
    jw_object_end(w);
}

/* People rows: headcount, labour productivity (judged against the
 * productivity target: the programmes' productivity is output per worker),
 * automation rate of key processes before and after. */
void compare_put_people(const compare_sink *out, const mdl_batch *base, const mdl_batch *retro, double goal) {
    if (!has_people(base, retro)) return;
    out->table(out->ctx, "People", "people_diff", true);
    /* Headcount per named shift of the pools' calendars (the roll of each
     * shift), then the rows of the runs. */
    put_shift_headcounts(out, base, retro);
    static const mdl_peoplekpi rows[] = {MDL_PEOPLEKPI_OPERATOR_HOURS, MDL_PEOPLEKPI_LABOUR_PRODUCTIVITY,
                                         MDL_PEOPLEKPI_AUTOMATION_RATE, MDL_PEOPLEKPI_SAFETY_EXPOSURE_H};
    bool zones = mdl_model_zone_count(mdl_batch_model(base)) + mdl_model_zone_count(mdl_batch_model(retro)) > 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (rows[i] == MDL_PEOPLEKPI_SAFETY_EXPOSURE_H && !zones) continue;
        change c = people_change(base, retro, rows[i]);
        compare_row r = {mdl_kpis_label(MDL_KPIS_PEOPLE, (int)rows[i]), mdl_kpis_name(MDL_KPIS_PEOPLE, (int)rows[i]),
                         COMPARE_NUM, 0, c.base.mean, c.retro.mean, c.diff, true, c.rel};
        out->row(out->ctx, &r);
    }
    change c = people_change(base, retro, MDL_PEOPLEKPI_LABOUR_PRODUCTIVITY);
    verdict v = compare_judge(&c, goal);
    char g[32], rel[32], note[200];
    compare_signed_pct(goal, g, sizeof g);
    compare_signed_pct(c.rel, rel, sizeof rel);
    snprintf(note, sizeof note, "labour productivity %s against the productivity target %s: %s", rel, g,
             v == VERDICT_MET ? "MET" : v == VERDICT_NOT_MET ? "NOT MET" : v == VERDICT_UNCERTAIN ? "UNCERTAIN" : "-");
    out->note(out->ctx, note);
    out->end(out->ctx);
}

static void write_people_json(jw *w, const mdl_batch *base, const mdl_batch *retro, double goal) {
    if (!has_people(base, retro)) return;
    jw_object_begin(w, "people_diff");
    for (int k = 0; k < MDL_PEOPLEKPI_COUNT; k++) {
        change c = people_change(base, retro, (mdl_peoplekpi)k);
        jw_object_begin(w, mdl_kpis_name(MDL_KPIS_PEOPLE, k));
        jw_number(w, "base", c.base.mean);
        jw_number(w, "retrofit", c.retro.mean);
        jw_summary(w, "diff", c.diff);
        jw_number(w, "rel", c.rel);
        jw_number(w, "rel_ci95", c.rel_ci);
        if (k == MDL_PEOPLEKPI_LABOUR_PRODUCTIVITY) {
            jw_number(w, "goal", goal);
            jw_string(w, "verdict", compare_verdict_name(compare_judge(&c, goal)));
        }
        jw_object_end(w);
    }
    write_shift_headcounts(w, base, retro);
    jw_object_end(w);
}


payback compare_payback(const mdl_batch *base, const mdl_batch *retro) {
    payback p;
    memset(&p, 0, sizeof p);
    p.has = mdl_model_investment(mdl_batch_model(retro), &p.capex, &p.years);
    if (!p.has) return p;
    mdl_summary d = mdl_batch_diff(base, retro, MDL_KPI_COST_PER_UNIT);
    p.saving_per_unit = -d.mean;
    p.saving_ci = d.ci95;
    /* Today's volume: a retrofit that also raises output does not get
     * credited with savings on units the plant did not make before. */
    p.annual_units = mdl_batch_kpi(base, MDL_KPI_THROUGHPUT_PER_H).mean * HOURS_PER_YEAR;
    p.annual_saving = p.saving_per_unit * p.annual_units;
    p.years_to_pay = p.annual_saving > 0 && isfinite(p.annual_saving) ? p.capex / p.annual_saving : INFINITY;
    double ci = isfinite(p.saving_ci) ? p.saving_ci : 0;
    double s_hi = (p.saving_per_unit + ci) * p.annual_units, s_lo = (p.saving_per_unit - ci) * p.annual_units;
    p.years_lo = s_hi > 0 ? p.capex / s_hi : INFINITY;
    p.years_hi = s_lo > 0 ? p.capex / s_lo : INFINITY;
    return p;
}

void compare_signed_pct(double v, char *buf, size_t size) {
    if (!isfinite(v)) snprintf(buf, size, "-");
    else snprintf(buf, size, "%+.1f%%", 100 * v);
}

/* ---- material handling ---------------------------------------------------- */

/* A fleet's (or robot's) KPI in both scenes, matched by id; the difference
 * is paired over replications when the object is in both. */
static double rep_fleet(const mdl_batch *b, int r, int i, int k) {
    return mdl_rep_fleet_kpi(mdl_batch_rep(b, r), i, (mdl_fkpi)k);
}
static double rep_robot(const mdl_batch *b, int r, int i, int k) {
    return mdl_rep_robot_kpi(mdl_batch_rep(b, r), i, (mdl_rkpi)k);
}

/* All fleets of a scene as one, in replication r: shares weighted by
 * vehicles, waits by units carried, counts and energy summed, stalled
 * when any fleet stalled. NaN without fleets. */
static double all_fleets(const mdl_batch *b, int r, mdl_fkpi k) {
    const mdl_model *m = mdl_batch_model(b);
    const mdl_rep_result *rr = mdl_batch_rep(b, r);
    double num = 0, den = 0;
    for (int f = 0; f < mdl_model_fleet_count(m); f++) {
        double v = mdl_rep_fleet_kpi(rr, f, k), w;
        if (!isfinite(v)) continue;
        if (k == MDL_FKPI_STALLED) { /* (the replication stalled when any fleet did) */
            num = fmax(num, v);
            den = 1;
            continue;
        }
        switch (k) {
        case MDL_FKPI_REQUEST_WAIT_S:
        case MDL_FKPI_REQUEST_WAIT_P95_S: w = mdl_rep_fleet_kpi(rr, f, MDL_FKPI_UNITS); break;
        case MDL_FKPI_UTILIZATION: case MDL_FKPI_LOADED: case MDL_FKPI_EMPTY: case MDL_FKPI_HANDLING:
        case MDL_FKPI_TRAFFIC: case MDL_FKPI_BLOCKED: case MDL_FKPI_CHARGING: case MDL_FKPI_IDLE:
        case MDL_FKPI_DOWN: case MDL_FKPI_MAINT:
            w = mdl_model_fleet(m, f)->count;
            break;
        default: /* counts, distance, energy: summed */
            num += v;
            den = 1;
            continue;
        }
        if (w > 0) num += w * v, den += w;
    }
    return den > 0 ? num / den : NAN;
}

static mdl_summary all_fleets_summary(const mdl_batch *b, mdl_fkpi k) {
    int n = mdl_batch_reps(b);
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    mdl_summary s = {NAN, NAN, NAN, NAN};
    if (!v) return s;
    for (int r = 0; r < n; r++) v[r] = all_fleets(b, r, k);
    s = mdl_summarize(v, (size_t)n);
    free(v);
    return s;
}

/* Adapters to the row printer's signatures (index unused: one "fleet"). */
static mdl_summary all_get(const mdl_batch *b, int i, int k) {
    (void)i;
    return all_fleets_summary(b, (mdl_fkpi)k);
}
static double all_rep(const mdl_batch *b, int r, int i, int k) {
    (void)i;
    return all_fleets(b, r, (mdl_fkpi)k);
}

/* The robots of both scenes (matched by id): utilisation, and the down
 * share of those with failure modes. */
static void put_robots(const compare_sink *out, const mdl_batch *base, const mdl_batch *retro) {
    const mdl_model *mb = mdl_batch_model(base), *mr = mdl_batch_model(retro);
    int nrb = mdl_model_robot_count(mb), nrr = mdl_model_robot_count(mr);
    for (int pass = 0; pass < 2; pass++) {
        int n = pass == 0 ? nrb : nrr;
        for (int i = 0; i < n; i++) {
            const char *id = mdl_model_robot(pass == 0 ? mb : mr, i)->id;
            int ib = -1, ir = -1;
            for (int j = 0; j < nrb; j++)
                if (strcmp(mdl_model_robot(mb, j)->id, id) == 0) ib = j;
            for (int j = 0; j < nrr; j++)
                if (strcmp(mdl_model_robot(mr, j)->id, id) == 0) ir = j;
            if (pass == 1 && ib >= 0) continue;
            char label[120];
            snprintf(label, sizeof label, "Robot '%s' utilisation", id);
            compare_xrow(out, base, retro, ib, ir, MDL_RKPI_UTILIZATION, label, "utilization", 0, COMPARE_SHARE,
                         mdl_batch_robot_kpi, rep_robot);
            if ((ib >= 0 && mdl_model_robot(mb, ib)->maint) || (ir >= 0 && mdl_model_robot(mr, ir)->maint)) {
                snprintf(label, sizeof label, "Robot '%s' down share", id); /* failure modes (issue 16) */
                compare_xrow(out, base, retro, ib, ir, MDL_RKPI_DOWN, label, "down", 0, COMPARE_SHARE,
                             mdl_batch_robot_kpi, rep_robot);
            }
        }
    }
}

static const struct {
    mdl_fkpi k;
    const char *label;
    compare_fmt fmt;
} fleet_rows[] = {{MDL_FKPI_UTILIZATION, "utilisation", COMPARE_SHARE},
                  {MDL_FKPI_HANDLING, "loading/unloading share", COMPARE_SHARE},
                  {MDL_FKPI_REQUEST_WAIT_S, "request wait", COMPARE_DURATION},
                  {MDL_FKPI_REQUEST_WAIT_P95_S, "request wait p95", COMPARE_DURATION},
                  {MDL_FKPI_TRIPS, "loaded trips", COMPARE_NUM},
                  {MDL_FKPI_ENERGY_KWH, "energy [kWh]", COMPARE_NUM},
                  {MDL_FKPI_DEADLOCKS, "deadlocks", COMPARE_NUM},
                  {MDL_FKPI_STALLED, "stalled (share of replications)", COMPARE_SHARE}},
  fleet_maint_rows[] = {{MDL_FKPI_DOWN, "down share (unplanned)", COMPARE_SHARE},
                        {MDL_FKPI_MAINT, "maintenance share (planned)", COMPARE_SHARE},
                        {MDL_FKPI_FAILURES, "failures", COMPARE_NUM},
                        {MDL_FKPI_MTTR_H, "MTTR [h]", COMPARE_NUM}};

/* "All fleets (carts -> agv)": every fleet of each scene together. */
static void all_fleets_head(const compare_sink *out, const mdl_model *mb, const mdl_model *mr) {
    char head[300] = "All fleets (";
    for (int pass = 0; pass < 2; pass++) {
        const mdl_model *m = pass == 0 ? mb : mr;
        int n = mdl_model_fleet_count(m);
        if (pass == 1) strncat(head, " -> ", sizeof head - strlen(head) - 1);
        if (n == 0) strncat(head, "none", sizeof head - strlen(head) - 1);
        for (int i = 0; i < n; i++) {
            if (i) strncat(head, ", ", sizeof head - strlen(head) - 1);
            strncat(head, mdl_model_fleet(m, i)->id, sizeof head - strlen(head) - 1);
        }
    }
    strncat(head, ")", sizeof head - strlen(head) - 1);
    out->head(out->ctx, 1, head, NULL);
}

void compare_put_transport(const compare_sink *out, const mdl_batch *base, const mdl_batch *retro) {
    const mdl_model *mb = mdl_batch_model(base), *mr = mdl_batch_model(retro);
    int nfb = mdl_model_fleet_count(mb), nfr = mdl_model_fleet_count(mr);
    int nrb = mdl_model_robot_count(mb), nrr = mdl_model_robot_count(mr);
    if (nfb + nfr + nrb + nrr == 0) return;
    out->table(out->ctx, "Material handling", NULL, false);
    const size_t nf = sizeof fleet_rows / sizeof fleet_rows[0], nm = sizeof fleet_maint_rows / sizeof fleet_maint_rows[0];
    /* All fleets together first: a retrofit usually replaces one fleet
     * (carts) by another (AGVs) with another id. */
    if (nfb + nfr > 0) {
        all_fleets_head(out, mb, mr);
        for (size_t k = 0; k < nf; k++)
            compare_xrow(out, base, retro, nfb > 0 ? 0 : -1, nfr > 0 ? 0 : -1, (int)fleet_rows[k].k,
                         fleet_rows[k].label, mdl_kpis_name(MDL_KPIS_FLEET, (int)fleet_rows[k].k), 1,
                         fleet_rows[k].fmt, all_get, all_rep);
    }
    /* Then each fleet, when there is more to say than the total: fleets of
     * the base (matched in the retrofit by id), then the retrofit's own. */
    bool shared = false;
    for (int i = 0; i < nfb; i++)
        if (mdl_model_find_fleet(mr, mdl_model_fleet(mb, i)->id) >= 0) shared = true;
    for (int pass = 0; pass < 2 && (nfb > 1 || nfr > 1 || shared); pass++) {
        int n = pass == 0 ? nfb : nfr;
        for (int i = 0; i < n; i++) {
            const char *id = mdl_model_fleet(pass == 0 ? mb : mr, i)->id;
            int ib = pass == 0 ? i : mdl_model_find_fleet(mb, id);
            int ir = pass == 0 ? mdl_model_find_fleet(mr, id) : i;
            if (pass == 1 && ib >= 0) continue;
            char head[120];
            snprintf(head, sizeof head, "Fleet '%s'%s", id, ib < 0 ? " (retrofit only)" : ir < 0 ? " (base only)" : "");
            out->head(out->ctx, 1, head, id);
            for (size_t k = 0; k < nf; k++)
                compare_xrow(out, base, retro, ib, ir, (int)fleet_rows[k].k, fleet_rows[k].label,
                             mdl_kpis_name(MDL_KPIS_FLEET, (int)fleet_rows[k].k), 1, fleet_rows[k].fmt,
                             mdl_batch_fleet_kpi, rep_fleet);
            /* failure modes of its vehicles (issue 16), when either side has them */
            bool mb_ = ib >= 0 && mdl_model_fleet(mb, ib)->maint, mr_ = ir >= 0 && mdl_model_fleet(mr, ir)->maint;
            for (size_t k = 0; k < nm && (mb_ || mr_); k++)
                compare_xrow(out, base, retro, ib, ir, (int)fleet_maint_rows[k].k, fleet_maint_rows[k].label,
                             mdl_kpis_name(MDL_KPIS_FLEET, (int)fleet_maint_rows[k].k), 1, fleet_maint_rows[k].fmt,
                             mdl_batch_fleet_kpi, rep_fleet);
        }
    }
    put_robots(out, base, retro);
    out->end(out->ctx);
}

static void print_text(const mdl_batch *base, const mdl_batch *retro, const char *bpath, const char *rpath,
                       const double goals[APP_TARGET_COUNT], int threads) {
    const mdl_run_settings *rs = mdl_batch_settings(base);
    char h[40], w[40];
    scn_format_duration(rs->horizon, h, sizeof h);
    scn_format_duration(rs->warmup, w, sizeof w);
    printf("Base:     %s (%s)\nRetrofit: %s (%s)\n", mdl_model_name(mdl_batch_model(base)), bpath,
           mdl_model_name(mdl_batch_model(retro)), rpath);
    printf("  %d replications each with common random numbers, seed %llu, statistics from %s to %s; %d thread%s, "
           "%.2f s\n\n", mdl_batch_reps(base), (unsigned long long)rs->seed, w, h, threads, threads == 1 ? "" : "s",
           mdl_batch_wall_s(base) + mdl_batch_wall_s(retro));
    /* The number columns fit the widest value (output_summary_width). */
    change cs[MDL_KPI_COUNT];
    mdl_summary cells[MDL_KPI_COUNT];
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        cs[k] = compare_change(base, retro, (mdl_kpi)k);
        cells[k] = (mdl_summary){.mean = cs[k].base.mean, .ci95 = cs[k].diff.ci95, .min = cs[k].retro.mean,
                                 .max = cs[k].diff.mean};
    }
    int wv = output_summary_width(cells, MDL_KPI_COUNT, 10), wd = wv + 1, wc = wv > 10 ? wv : 9, wl = 34;
    for (int k = 0; k < MDL_KPI_COUNT; k++) wl = output_text_width(mdl_kpis_label(MDL_KPIS_LINE, k), wl);
    printf("%-*s %*s %*s %*s %*s %9s  %s\n", wl + 2, "KPI", wv, "base", wv, "retrofit", wd, "difference", wc, "+/-95%",
           "change", "95% CI of change");
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        change c = cs[k];
        char a[32], b[32], d[32], ci[32], rel[32], lo[32], hi[32];
        output_format_value(c.base.mean, a, sizeof a);
        output_format_value(c.retro.mean, b, sizeof b);
        output_format_value(c.diff.mean, d, sizeof d);
        output_format_value(c.diff.ci95, ci, sizeof ci);
        compare_signed_pct(c.rel, rel, sizeof rel);
        compare_signed_pct(c.rel - c.rel_ci, lo, sizeof lo);
        compare_signed_pct(c.rel + c.rel_ci, hi, sizeof hi);
        printf("  %-*s %*s %*s %*s %*s %9s  ", wl, mdl_kpis_label(MDL_KPIS_LINE, k), wv, a, wv, b, wd, d, wc,
               ci, rel);
        if (isfinite(c.rel_ci)) printf("%s .. %s\n", lo, hi);
        else printf("-\n");
    }

    compare_put_transport(&compare_text_sink, base, retro);
    compare_put_sections(&compare_text_sink, base, retro);
    compare_put_people(&compare_text_sink, base, retro, goals[0]);

    printf("\n%-30s %9s %9s  %-22s %s\n", "Retrofit target", "target", "change", "95% CI", "verdict");
    for (int t = 0; t < APP_TARGET_COUNT; t++) {
        change c = compare_change(base, retro, compare_targets[t].kpi);
        char g[32], rel[32], lo[32], hi[32], range[80];
        compare_signed_pct(goals[t], g, sizeof g);
        compare_signed_pct(c.rel, rel, sizeof rel);
        compare_signed_pct(c.rel - c.rel_ci, lo, sizeof lo);
        compare_signed_pct(c.rel + c.rel_ci, hi, sizeof hi);
        if (isfinite(c.rel_ci)) snprintf(range, sizeof range, "%s .. %s", lo, hi);
        else snprintf(range, sizeof range, "-");
        verdict v = compare_judge(&c, goals[t]);
        printf("  %-28s %9s %9s  %-22s %s\n", compare_targets[t].label, g, rel, range,
               v == VERDICT_MET ? "MET" : v == VERDICT_NOT_MET ? "NOT MET" : v == VERDICT_UNCERTAIN ? "UNCERTAIN" : "-");
    }

    payback p = compare_payback(base, retro);
    printf("\n");
    if (!p.has) {
        printf("Payback: the retrofit scene names no investment (investment = { capex = ...; years = ...; }).\n");
        return;
    }
    char cap[32], sav[32], units[32], ann[32];
    output_format_value(p.capex, cap, sizeof cap);
    output_format_value(p.saving_per_unit, sav, sizeof sav);
    output_format_value(p.annual_units, units, sizeof units);
    output_format_value(p.annual_saving, ann, sizeof ann);
    printf("Payback: investment %s, written off over %g years.\n", cap, p.years);
    printf("  cost per unit saved %s (base - retrofit) x %s units a year = %s a year\n", sav, units, ann);
    if (!isfinite(p.years_to_pay)) {
        printf("  payback: never (the retrofit does not lower the operating cost per unit)\n");
        return;
    }
    int dp = p.years_to_pay < 10 ? 2 : 1;   /* short paybacks need the second digit */
    printf("  payback: %.*f years", dp, p.years_to_pay);
    if (isfinite(p.years_lo) && isfinite(p.years_hi))
        printf(" (95%% CI %.*f .. %.*f years)", dp, p.years_lo, dp, p.years_hi);
    else if (isfinite(p.years_lo))
        printf(" (95%% CI %.*f years .. never)", dp, p.years_lo);
    printf(", %s the %g-year write-off\n", p.years_to_pay <= p.years ? "within" : "beyond", p.years);
}

static void write_json(FILE *f, const mdl_batch *base, const mdl_batch *retro, const char *bpath,
                       const char *rpath, const double goals[APP_TARGET_COUNT]) {
    const mdl_run_settings *rs = mdl_batch_settings(base);
    jw w;
    jw_init(&w, f);
    jw_object_begin(&w, NULL);
    jw_string(&w, "linetwin", LINETWIN_VERSION);
    jw_uint(&w, "seed", (unsigned long long)rs->seed);
    jw_int(&w, "replications", mdl_batch_reps(base));
    jw_number(&w, "horizon_s", rs->horizon);
    jw_number(&w, "warmup_s", rs->warmup);
    jw_object_begin(&w, "base");
    output_run_members(&w, base, bpath);
    jw_object_end(&w);
    jw_object_begin(&w, "retrofit");
    output_run_members(&w, retro, rpath);
    jw_object_end(&w);
    jw_object_begin(&w, "diff");
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        change c = compare_change(base, retro, (mdl_kpi)k);
        jw_object_begin(&w, mdl_kpis_name(MDL_KPIS_LINE, k));
        jw_number(&w, "base", c.base.mean);
        jw_number(&w, "retrofit", c.retro.mean);
        jw_summary(&w, "diff", c.diff);
        jw_number(&w, "rel", c.rel);
        jw_number(&w, "rel_ci95", c.rel_ci);
        jw_object_end(&w);
    }
    jw_object_end(&w);
    jw_array_begin(&w, "targets");
    for (int t = 0; t < APP_TARGET_COUNT; t++) {
        change c = compare_change(base, retro, compare_targets[t].kpi);
        jw_object_begin(&w, NULL);
        jw_string(&w, "target", compare_targets[t].name);
        jw_string(&w, "kpi", mdl_kpis_name(MDL_KPIS_LINE, (int)compare_targets[t].kpi));
        jw_number(&w, "goal", goals[t]);
        jw_number(&w, "change", c.rel);
        jw_number(&w, "ci95", c.rel_ci);
        jw_string(&w, "verdict", compare_verdict_name(compare_judge(&c, goals[t])));
        jw_object_end(&w);
    }
    jw_array_end(&w);
    compare_write_sections(&w, base, retro);
    write_people_json(&w, base, retro, goals[0]);
    payback p = compare_payback(base, retro);
    if (!p.has) {
        jw_null(&w, "payback");
    } else {
        jw_object_begin(&w, "payback");
        jw_number(&w, "capex", p.capex);
        jw_number(&w, "years", p.years);
        jw_number(&w, "saving_per_unit", p.saving_per_unit);
        jw_number(&w, "saving_per_unit_ci95", p.saving_ci);
        jw_number(&w, "annual_units", p.annual_units);
        jw_number(&w, "annual_saving", p.annual_saving);
        if (isfinite(p.years_to_pay)) jw_number(&w, "payback_years", p.years_to_pay);
        else jw_string(&w, "payback_years", "never");
        jw_array_begin(&w, "payback_years_ci95");
        jw_number(&w, NULL, p.years_lo);   /* null: never */
        jw_number(&w, NULL, p.years_hi);
        jw_array_end(&w);
        jw_bool(&w, "within_write_off", isfinite(p.years_to_pay) && p.years_to_pay <= p.years);
        jw_object_end(&w);
    }
    jw_object_end(&w);
}

typedef struct json_ctx {
    const mdl_batch *base, *retro;
    const char *bpath, *rpath;
    const double *goals;
} json_ctx;

static bool write_compare_json(FILE *f, void *ctx) {
    json_ctx *c = ctx;
    write_json(f, c->base, c->retro, c->bpath, c->rpath, c->goals);
    return !ferror(f);
}

/* The results of both scenes: printed (text or JSON), and the folder
 * (base/, retrofit/, compare.json) committed when --out names one;
 * 0 or 1 when the folder could not be written. */
static int compare_report(const app_opts *o, atomic_dir *od, const mdl_batch *bb, const mdl_batch *rb,
                          const double *goals, int threads) {
    if (o->json) write_json(stdout, bb, rb, o->scenes[0], o->scenes[1], goals);
    else print_text(bb, rb, o->scenes[0], o->scenes[1], goals, threads);
    if (o->report_file && !report_compare(o->report_file, bb, rb, o->scenes[0], o->scenes[1], goals)) return 1;
    if (!o->out_dir) return 0;
    char path[OUTPUT_PATH_MAX];
    json_ctx jc = {bb, rb, o->scenes[0], o->scenes[1], goals};
    bool ok = atomic_dir_sub(od, "base", path) && output_run_files(path, bb, o->scenes[0]);
    ok = ok && atomic_dir_sub(od, "retrofit", path) && output_run_files(path, rb, o->scenes[1]);
    ok = ok && atomic_dir_path(od, "compare.json", path) && atomic_write_new(path, write_compare_json, &jc);
    ok = ok && atomic_dir_commit(od);
    return ok ? 0 : 1;
}

static int compare_command(app_opts *o) {
    int rc = report_check(o->cmd, o->report_file);
    if (rc) return rc;
    int base_status, retro_status;
    mdl_model *base = app_load_scene(o, o->scenes[0], false, &base_status, NULL, 0);
    mdl_model *retro = app_load_scene(o, o->scenes[1], false, &retro_status, NULL, 0);
    if (!base || !retro) {
        mdl_model_free(base);
        mdl_model_free(retro);
        return base_status == 1 || retro_status == 1 ? 1 : 2;
    }
    mdl_batch_options bo;
    memset(&bo, 0, sizeof bo);
    if (!app_run_settings(o, base, &bo.run)) {
        mdl_model_free(base);
        mdl_model_free(retro);
        return 2;
    }
    const mdl_run_settings *rr = mdl_model_run(retro);
    const mdl_run_settings *br = mdl_model_run(base);
    if (rr->horizon != br->horizon || rr->warmup != br->warmup || rr->replications != br->replications ||
        rr->seed != br->seed || rr->start != br->start)
        fprintf(stderr, "linetwin compare: note: the scenes' run settings differ; both run with the base "
                        "scene's (after the flags)\n");

    /* Targets: defaults, then the retrofit scene's `targets`, then flags. */
    const mdl_targets *tg = mdl_model_targets(retro);
    double goals[APP_TARGET_COUNT] = {tg->productivity, tg->cost_per_unit, tg->defect_rate, tg->units_per_kwh};
    for (int t = 0; t < APP_TARGET_COUNT; t++)
        if (o->has_target[t]) goals[t] = o->target[t];

    bo.threads = app_threads(o, bo.run.replications);
    /* One temporary folder for base/, retrofit/ and compare.json, switched
     * in with one rename: the three always come from the same run. */
    atomic_dir od;
    if (o->out_dir && !atomic_dir_begin(&od, "compare", o->out_dir)) {
        mdl_model_free(base);
        mdl_model_free(retro);
        return 1;
    }
    progress pr;
    bo.progress = progress_update;
    bo.rep_progress = progress_rep;
    bo.progress_ctx = &pr;
    char err[512] = "";
    progress_start(&pr, "base", bo.run.replications);
    mdl_batch *bb = mdl_batch_run(base, &bo, err, sizeof err);
    progress_finish(&pr);
    mdl_batch *rb = NULL;
    if (bb) {
        progress_start(&pr, "retrofit", bo.run.replications);
        rb = mdl_batch_run(retro, &bo, err, sizeof err);
        progress_finish(&pr);
    }
    int status = 0;
    if (!bb || !rb) {
        progress_report_failure("compare", bb ? o->scenes[1] : o->scenes[0], err);
        status = 1;
    } else {
        status = compare_report(o, &od, bb, rb, goals, bo.threads);
    }
    if (o->out_dir) atomic_dir_abort(&od);   /* nothing left when committed */
    mdl_batch_free(bb);
    mdl_batch_free(rb);
    mdl_model_free(base);
    mdl_model_free(retro);
    return status;
}

int cmd_compare(int argc, char **argv) {
    return app_command(APP_CMD_COMPARE, argc, argv, compare_usage, compare_command);
}
