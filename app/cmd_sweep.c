/*
 * cmd_sweep.c - `linetwin sweep` and `linetwin optimize`: many scenarios
 * of one scene (docs/experiments.md).
 *
 * Both commands check everything before the first replication: the
 * factors (--vary) and the design, every scenario's scene with its
 * overrides (an unknown path or a value of the wrong type is blamed on
 * the --vary that gave it), the KPI names of --precision, --kpi,
 * --objective and --constraint. Then the replications run on threads
 * (and MPI ranks) through experiment.c, with common random numbers across
 * scenarios, journaled in --out DIR so that --resume continues an
 * interrupted run. Everything printed or written is a function of the
 * replications' values, so a resumed run gives the same bytes; those
 * tables and files are in sweep_output.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "report.h"
#include "scn_scene.h"
#include "sweep.h"

static const char sweep_usage[] =
    "usage: linetwin sweep SCENE --vary PATH=VALUES... [options]\n"
    "       linetwin sweep SCENE --scenarios FILE [options]\n"
    "\n"
    "Runs the scene's scenarios - each a set of --set overrides - with the same\n"
    "seeds (common random numbers) and prints each scenario's KPIs with 95 %\n"
    "intervals and, per KPI, the best scenario and its paired difference to the\n"
    "runner-up.\n"
    "\n"
    "options:\n"
    "  --vary PATH=VALUES  a factor: PATH as for --set; VALUES a list 2,3,4, a\n"
    "                     range of whole numbers 2..6, or N points 10min..30min:5\n"
    "                     (repeatable, up to 16 factors)\n"
    "  --design D         grid (every combination, default), oat (one factor at a\n"
    "                     time from the first values) or lhs:N (Latin hypercube)\n"
    "  --scenarios FILE   one scenario per line: PATH=VALUE; PATH=VALUE ...\n"
    "  --kpi LIST         KPIs shown in the table (JSON names, comma-separated;\n"
    "                     CSV and JSON have all)\n"
    "  --precision KPI=X  add replications until the 95 % half-width is within X\n"
    "                     (2% or 0.02) of the mean (Law's sequential procedure;\n"
    "                     repeatable; at most --max-reps, default 1000)\n"
    "  --warmup auto      the warm-up by MSER-5 from pilot replications\n"
    "  --out DIR          write DIR/sweep.csv, DIR/sweep.json, and the journal\n"
    "                     DIR/sweep.journal as replications end\n"
    "  --resume           continue the interrupted sweep journaled in --out DIR\n"
    "  --report FILE.html a report for people: tables, intervals, response curves\n"
    "                     and a heat map in one self-contained HTML page\n"
    "  --reps N, --seed S, --horizon DUR, --warmup DUR, -j N, --json, --set P=V\n"
    "                     as for `linetwin run` (--set applies to every scenario)\n"
    "  -h, --help         this text\n"
    "\n"
    "Under MPI: mpirun -np N linetwin sweep ... spreads the replications over the\n"
    "ranks and their -j threads; the results are the same bytes as -j 1.\n"
    "Ctrl-C stops after the running replications; what finished stays in the\n"
    "journal (exit status 130).\n"
    "\n"
    "exit status: 0 ok, 1 a run failed, 2 invalid scene or bad usage, 130 interrupted\n";

static const char optimize_usage[] =
    "usage: linetwin optimize SCENE --vary PATH=VALUES... --objective KPI [min|max]\n"
    "                         --delta D [options]\n"
    "\n"
    "Selects the best scenario by Kim & Nelson's fully sequential procedure\n"
    "(KN): with probability at least 1 - alpha the selected scenario is the best\n"
    "when the best is at least D better than every other (the indifference zone,\n"
    "in the KPI's unit). Replications are added one at a time to the scenarios\n"
    "still in contention, with common random numbers.\n"
    "\n"
    "options:\n"
    "  --vary, --design, --scenarios, --out, --resume, --warmup auto, --report\n"
    "                     as for `linetwin sweep`\n"
    "  --objective KPI [min|max]  the KPI to optimise (default sense: the KPI's\n"
    "                     better direction); also KPI:min, KPI:max\n"
    "  --delta D          the indifference zone (required)\n"
    "  --alpha A          1 - the probability of correct selection (default 0.05)\n"
    "  --constraint KPI<=X, KPI>=X  scenarios whose first-stage 95 % interval lies\n"
    "                     wholly beyond X are dropped (repeatable)\n"
    "  --finalists F      for large spaces: only the F best scenarios of the first\n"
    "                     stage go on to KN (a heuristic screen; with --design lhs:N)\n"
    "  --reps N           the first stage n0 (default the scene's replications)\n"
    "  --max-reps N       at most N replications of a scenario (default 1000)\n"
    "  --seed S, --horizon DUR, --warmup DUR, -j N, --json, --set P=V\n"
    "  -h, --help         this text\n"
    "\n"
    "exit status: 0 ok, 1 a run failed, 2 invalid scene or bad usage, 130 interrupted\n";

#define DEFAULT_MAX_REPS 1000

static const int default_kpis[] = {MDL_KPI_THROUGHPUT_PER_H, MDL_KPI_LEAD_TIME_S, MDL_KPI_WIP, MDL_KPI_OEE,
                                   MDL_KPI_COST_PER_UNIT, MDL_KPI_ENERGY_KWH_PER_UNIT};

/* A KPI by name, with the closest name as a hint; -1 after a message. */
static int kpi_arg(const char *cmd, const char *flag, const char *arg, const char *name) {
    int k = xp_kpi_find(name);
    if (k >= 0) return k;
    const char *names[MDL_KPI_COUNT];
    for (int i = 0; i < MDL_KPI_COUNT; i++) names[i] = mdl_kpis_name(MDL_KPIS_LINE, i);
    int c = scn_closest(name, names, MDL_KPI_COUNT);
    char hint[120] = "";
    if (c >= 0) snprintf(hint, sizeof hint, " (did you mean %s?)", names[c]);
    fprintf(stderr, "linetwin %s: %s %s: unknown KPI '%s'%s; the KPIs are the keys of `run --json`'s \"kpi\", see "
                    "docs/kpis.md\n(see: linetwin %s --help)\n", cmd, flag, arg, name, hint, cmd);
    return -1;
}

/* ---- checking the arguments ------------------------------------------------------ */

static int check_kpi_args(experiment *e) {
    app_opts *o = &e->o;
    const char *cmd = o->cmd;
    if (o->kpis) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s", o->kpis);
        for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
            int k = kpi_arg(cmd, "--kpi", o->kpis, t);
            if (k < 0) return 2;
            if (e->nshow < MDL_KPI_COUNT) e->show[e->nshow++] = k;
        }
        if (e->nshow == 0) return app_usage_error(cmd, "--kpi %s: no KPI named", o->kpis);
    } else {
        for (size_t i = 0; i < sizeof default_kpis / sizeof default_kpis[0]; i++) e->show[e->nshow++] = default_kpis[i];
    }
    for (int i = 0; i < o->nprecision; i++) {
        const char *arg = o->precision[i], *eq = strchr(arg, '=');
        if (!eq) return app_usage_error(cmd, "--precision %s: expected KPI=X, like throughput_per_h=2%%", arg);
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
        int k = kpi_arg(cmd, "--precision", arg, name);
        if (k < 0) return 2;
        const char *rest;
        double g;
        if (!app_parse_decimal(eq + 1, &g, &rest) || (*rest && strcmp(rest, "%") != 0))
            return app_usage_error(cmd, "--precision %s: expected a relative half-width like 2%% or 0.02 after '='", arg);
        if (*rest) g /= 100.0;
        if (!(g > 0 && g < 1))
            return app_usage_error(cmd, "--precision %s: the relative half-width must be above 0 and below 100%%", arg);
        e->prec_kpi[e->nprec] = k;
        e->prec_gamma[e->nprec++] = g;
    }
    if (strcmp(cmd, "optimize") == 0) {
        if (!o->objective) return app_usage_error(cmd, "missing --objective KPI [min|max]");
        char name[64];
        snprintf(name, sizeof name, "%s", o->objective);
        const char *sense = o->objective_sense;
        char *sep = strpbrk(name, ": ");
        if (sep) {
            *sep = '\0';
            sense = sep + 1;
        }
        e->objective = kpi_arg(cmd, "--objective", o->objective, name);
        if (e->objective < 0) return 2;
        if (sense && strcmp(sense, "min") != 0 && strcmp(sense, "max") != 0)
            return app_usage_error(cmd, "--objective %s: the sense must be min or max, got \"%s\"", o->objective, sense);
        e->maximize = sense ? strcmp(sense, "max") == 0 : xp_kpi_higher_is_better(e->objective);
        if (!o->has_delta)
            return app_usage_error(cmd, "missing --delta D: the indifference zone, the smallest difference in %s worth "
                                      "detecting%s", mdl_kpis_name(MDL_KPIS_LINE, e->objective), "");
        for (int i = 0; i < o->nconstraint; i++) {
            const char *arg = o->constraint[i];
            const char *op = strstr(arg, "<=");
            bool upper = true;
            if (!op) {
                op = strstr(arg, ">=");
                upper = false;
            }
            if (!op) return app_usage_error(cmd, "--constraint %s: expected KPI<=X or KPI>=X", arg);
            snprintf(name, sizeof name, "%.*s", (int)(op - arg), arg);
            int k = kpi_arg(cmd, "--constraint", arg, name);
            if (k < 0) return 2;
            char *end;
            double b = strtod(op + 2, &end);
            if (end == op + 2 || *end || !isfinite(b))
                return app_usage_error(cmd, "--constraint %s: expected a number after the comparison, got \"%s\"", arg,
                                     op + 2);
            e->cons[e->ncons++] = (constraint){k, upper, b};
        }
    }
    return 0;
}

/* ---- scenarios ------------------------------------------------------------------------ */

static char *dup_str(const char *s) {
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c) memcpy(c, s, n);
    return c;
}

static bool scenario_add_set(xp_scenario *s, const char *set) {
    char **g = realloc(s->sets, (size_t)(s->nsets + 1) * sizeof *g);
    if (!g) return false;
    s->sets = g;
    if (!(s->sets[s->nsets] = dup_str(set))) return false;
    s->nsets++;
    return true;
}

/* Splits a scenario file's line at its top-level ';'. */
static int split_semicolons(char *line, char **out, int max) {
    int n = 0, depth = 0;
    bool quoted = false;
    char *start = line;
    for (char *p = line;; p++) {
        if (quoted) {
            if (*p == '\\' && p[1]) p++;
            else if (*p == '"') quoted = false;
            else if (!*p) break;
            continue;
        }
        if (*p == '"') quoted = true;
        else if (*p == '(' || *p == '[' || *p == '{') depth++;
        else if (*p == ')' || *p == ']' || *p == '}') depth--;
        else if ((*p == ';' && depth == 0) || !*p) {
            char end = *p;
            *p = '\0';
            while (isspace((unsigned char)*start)) start++;
            char *e = start + strlen(start);
            while (e > start && isspace((unsigned char)e[-1])) *--e = '\0';
            if (*start && n < max) out[n++] = start;
            if (!end) break;
            start = p + 1;
        }
    }
    return n;
}

/* Reads --scenarios FILE into the experiment's scenarios. */
static int read_scenario_file(experiment *e) {
    const char *cmd = e->o.cmd, *path = e->o.scenario_file;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "linetwin %s: --scenarios %s: cannot read it\n", cmd, path);
        return 2;
    }
    char line[4096];
    int n = 0, lineno = 0, status = 0;
    /* two passes: count, then fill */
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        while (isspace((unsigned char)*p)) p++;
        if (*p && *p != '#') n++;
    }
    if (n == 0) {
        fclose(f);
        fprintf(stderr, "linetwin %s: --scenarios %s: the file lists no scenario\n", cmd, path);
        return 2;
    }
    if (!xp_init(&e->x, cmd, n, 1)) {
        fclose(f);
        fputs("linetwin: out of memory\n", stderr);
        return 1;
    }
    rewind(f);
    int s = 0;
    while (fgets(line, sizeof line, f) && s < n) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line;
        while (isspace((unsigned char)*p)) p++;
        if (!*p || *p == '#') continue;
        char *items[64];
        int k = split_semicolons(p, items, 64);
        char label[1024] = "";
        for (int i = 0; i < k; i++) {
            char err[300];
            if (!scn_check_set(items[i], err, sizeof err)) {
                fprintf(stderr, "%s:%d: scenario %d: %s: %s\n", path, lineno, s + 1, items[i], err);
                status = 2;
            }
            if (!scenario_add_set(&e->x.s[s], items[i])) status = 1;
            snprintf(label + strlen(label), sizeof label - strlen(label), "%s%s", i ? ", " : "", items[i]);
        }
        e->x.s[s].label = dup_str(k ? label : "(the scene)");
        s++;
    }
    fclose(f);
    e->from_file = true;
    return status;
}

/* The scenarios of the design; 0 or an exit code. */
static int make_scenarios(experiment *e) {
    app_opts *o = &e->o;
    const char *cmd = o->cmd;
    char err[400];
    exp_design_kind kind = EXP_DESIGN_GRID;
    int lhs = 0;
    if (o->design && !exp_design_parse_kind(o->design, &kind, &lhs, err, sizeof err))
        return app_usage_error(cmd, "--design %s: %s", o->design, err);
    if (o->scenario_file) {
        if (o->nvary || o->design)
            return app_usage_error(cmd, "--scenarios lists the scenarios itself: give it without --vary and --design");
        return read_scenario_file(e);
    }
    if (o->nvary == 0)
        return app_usage_error(cmd, "give the factors to vary (--vary PATH=VALUES) or a file of scenarios "
                                  "(--scenarios FILE)");
    exp_design_init(&e->d, kind, lhs);
    for (int i = 0; i < o->nvary; i++)
        if (!exp_design_add_factor(&e->d, o->vary[i], err, sizeof err))
            return app_usage_error(cmd, "--vary %s: %s", o->vary[i], err);
    for (int i = 0; i < e->d.nfactors; i++)
        for (int l = 0; l < e->d.factors[i].nlevels; l++) {
            char set[1200];
            snprintf(set, sizeof set, "%s=%s", e->d.factors[i].path, e->d.factors[i].levels[l]);
            if (!scn_check_set(set, err, sizeof err)) {
                fprintf(stderr, "linetwin %s: --vary %s: %s: %s\n(see: linetwin %s --help)\n", cmd, o->vary[i], set,
                        err, cmd);
                return 2;
            }
        }
    return 0;
}

/* The design's scenarios with their sets; needs the seed (lhs). */
static int lay_out(experiment *e, uint64_t seed) {
    char err[400];
    const char *cmd = e->o.cmd;
    if (!exp_design_build(&e->d, seed, err, sizeof err)) return app_usage_error(cmd, "--design: %s", err);
    if (!xp_init(&e->x, cmd, e->d.nscenarios, 1)) {
        fputs("linetwin: out of memory\n", stderr);
        return 1;
    }
    for (int s = 0; s < e->d.nscenarios; s++) {
        char label[2048] = "";
        for (int f = 0; f < e->d.nfactors; f++) {
            char set[1200];
            snprintf(set, sizeof set, "%s=%s", e->d.factors[f].path, exp_design_value(&e->d, s, f));
            if (!scenario_add_set(&e->x.s[s], set)) return 1;
            snprintf(label + strlen(label), sizeof label - strlen(label), "%s%s", f ? ", " : "", set);
        }
        if (!(e->x.s[s].label = dup_str(label))) return 1;
    }
    return 0;
}

/* Loads every scenario's model. A problem that comes from a factor's
 * value is reported once per (factor, value), naming the --vary. */
static int load_scenarios(experiment *e) {
    app_opts *o = &e->o;
    const char *cmd = o->cmd;
    int status = 0;
    const char **sets = malloc((o->nsets + 64) * sizeof *sets);
    unsigned char *reported = NULL;
    int nf = e->from_file ? 0 : e->d.nfactors;
    char *whys[64];
    int why_factor[64], nwhy = 0;
    if (nf) reported = calloc((size_t)nf * EXP_MAX_LEVELS, 1);
    if (!sets || (nf && !reported)) {
        free(sets);
        fputs("linetwin: out of memory\n", stderr);
        return 1;
    }
    for (int s = 0; s < e->x.n; s++) {
        xp_scenario *sc = &e->x.s[s];
        size_t n = 0;
        for (size_t i = 0; i < o->nsets; i++) sets[n++] = o->sets[i];
        for (int i = 0; i < sc->nsets && i < 64; i++) sets[n++] = sc->sets[i];
        scn_diags *dg = scn_diags_new();
        if (!dg) {
            status = 1;
            break;
        }
        sc->m = scn_load_file(e->scene, sets, n, dg);
        for (size_t i = 0; i < scn_diags_count(dg); i++) {
            const char *msg = scn_diags_get(dg, i);
            int pos = 0, len = 0;
            if (strstr(msg, "out of memory")) status = 1;
            if (sscanf(msg, "--set:%d:%n", &pos, &len) == 1 && len > 0 && pos > (int)o->nsets) {
                int k = pos - (int)o->nsets - 1;   /* the scenario's k-th set */
                const char *why = msg + len;
                while (*why == ' ') why++;
                if (!e->from_file && k < nf) {
                    int lvl = exp_design_level(&e->d, s, k);
                    if (reported[k * EXP_MAX_LEVELS + lvl]) continue;
                    reported[k * EXP_MAX_LEVELS + lvl] = 1;
                    /* the same reason for every value (an unknown path): once */
                    bool seen = false;
                    for (int j = 0; j < nwhy && !seen; j++) seen = why_factor[j] == k && strcmp(whys[j], why) == 0;
                    if (seen) continue;
                    if (nwhy < 64 && (whys[nwhy] = dup_str(why))) why_factor[nwhy++] = k;
                    fprintf(stderr, "linetwin %s: --vary %s: value %s: %s\n", cmd, o->vary[k], e->d.factors[k].levels[lvl],
                            why);
                } else {
                    fprintf(stderr, "%s: scenario %d: %s: %s\n", e->from_file ? o->scenario_file : "--scenarios", s + 1,
                            k < sc->nsets ? sc->sets[k] : "?", why);
                }
            } else if (s == 0 || e->from_file) {
                fprintf(stderr, "%s\n", msg);   /* the scene's own problem: once */
            }
        }
        if (!sc->m && status == 0) status = 2;
        scn_diags_free(dg);
        if (!sc->m && status == 2 && !e->from_file && nf == 0) break;
    }
    free(sets);
    free(reported);
    for (int j = 0; j < nwhy; j++) free(whys[j]);
    return status;
}

/* ---- statistics per scenario ------------------------------------------------------- */

/* The smallest n >= n0 at which every --precision target is met (Law's
 * rule applied one replication at a time), or 0 when not yet reached
 * within the replications done. */
static int precision_n(const experiment *e, int s, int done) {
    for (int n = e->n0; n <= done; n++) {
        bool all = true;
        for (int i = 0; i < e->nprec && all; i++) {
            mdl_summary m = xp_summary(&e->x, s, n, e->prec_kpi[i]);
            all = exp_precision_met(m.mean, m.ci95, e->prec_gamma[i]);
        }
        if (all) return n;
    }
    return 0;
}

static int run_sweep(experiment *e) {
    xp *x = &e->x;
    for (int s = 0; s < x->n; s++)
        if (!xp_want(x, s, e->n0)) return 1;
    int rc = xp_execute(x);
    if (rc) return rc;
    for (int s = 0; s < x->n; s++) {
        e->used[s] = e->n0;
        e->met[s] = true;
    }
    if (e->nprec == 0) return 0;
    for (;;) {
        bool more = false;
        for (int s = 0; s < x->n; s++) {
            int done = xp_done(x, s);
            int n = precision_n(e, s, done);
            if (n) {
                e->used[s] = n;
                e->met[s] = true;
                continue;
            }
            if (done >= e->max_reps) {
                e->used[s] = e->max_reps;
                e->met[s] = false;
                continue;
            }
            int next = done + 1;
            for (int i = 0; i < e->nprec; i++) {
                mdl_summary m = xp_summary(x, s, done, e->prec_kpi[i]);
                if (exp_precision_met(m.mean, m.ci95, e->prec_gamma[i])) continue;
                int want = exp_precision_next(done, m.mean, m.ci95, e->prec_gamma[i], e->max_reps);
                if (want > next) next = want;
            }
            if (!xp_want(x, s, next)) return 1;
            more = true;
        }
        if (!more) return 0;
        rc = xp_execute(x);
        if (rc) return rc;
    }
}

/* ---- optimize -------------------------------------------------------------------------- */

typedef struct kn_ctx {
    const xp *x;
    int kpi;
} kn_ctx;

static double kn_get(void *ctx, int i, int r) {
    kn_ctx *c = ctx;
    return xp_value(c->x, i, r, c->kpi);
}

static int run_optimize(experiment *e, kn_outcome *out) {
    xp *x = &e->x;
    int k = x->n;
    memset(out, 0, sizeof *out);
    out->selected = -1;
    out->feasible = calloc((size_t)k, sizeof *out->feasible);
    out->uncertain = calloc((size_t)k, sizeof *out->uncertain);
    if (!out->feasible || !out->uncertain) return 1;
    for (int s = 0; s < k; s++)
        if (!xp_want(x, s, e->n0)) return 1;
    int rc = xp_execute(x);
    if (rc) return rc;
    int nfeas = 0;
    for (int s = 0; s < k; s++) {
        e->used[s] = e->n0;
        out->feasible[s] = true;
        for (int c = 0; c < e->ncons; c++) {
            mdl_summary m = xp_summary(x, s, e->n0, e->cons[c].kpi);
            double ci = isfinite(m.ci95) ? m.ci95 : 0;
            double lo = m.mean - ci, hi = m.mean + ci;
            bool out_ = e->cons[c].upper ? lo > e->cons[c].bound : hi < e->cons[c].bound;
            bool in = e->cons[c].upper ? hi <= e->cons[c].bound : lo >= e->cons[c].bound;
            if (!isfinite(m.mean) || out_) out->feasible[s] = false;
            else if (!in) out->uncertain[s] = true;
        }
        if (out->feasible[s]) nfeas++;
    }
    if (nfeas == 0) return 0;
    /* --finalists F: the F best first-stage means go on (a heuristic
     * screen for large spaces; the guarantee is KN's among them) */
    if (e->o.finalists > 0 && nfeas > e->o.finalists) {
        int *order = malloc((size_t)k * sizeof *order);
        if (!order) return 1;
        int n = 0;
        for (int s = 0; s < k; s++)
            if (out->feasible[s]) order[n++] = s;
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0; j--) {
                double a = xp_summary(x, order[j], e->n0, e->objective).mean;
                double b = xp_summary(x, order[j - 1], e->n0, e->objective).mean;
                if (!(e->maximize ? a > b : a < b)) break;
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        for (int i = e->o.finalists; i < n; i++) out->feasible[order[i]] = false;
        out->screened = n - e->o.finalists;
        nfeas = e->o.finalists;
        free(order);
    }
    if (nfeas == 1 || k == 1) {
        for (int s = 0; s < k; s++)
            if (out->feasible[s]) out->selected = s;
        out->guaranteed = true;
        return 0;
    }
    if (!exp_kn_init(&out->kn, k, e->n0, e->o.has_alpha ? e->o.alpha : 0.05, e->o.delta, e->maximize, out->feasible))
        return 1;
    kn_ctx c = {x, e->objective};
    exp_kn_first_stage(&out->kn, kn_get, &c);
    bool done = exp_kn_advance(&out->kn, kn_get, &c, e->n0);
    while (!done) {
        int next = out->kn.r + 1;
        if (next > e->max_reps) break;
        for (int s = 0; s < k; s++)
            if (out->kn.alive[s] && !xp_want(x, s, next)) return 1;
        rc = xp_execute(x);
        if (rc) return rc;
        done = exp_kn_advance(&out->kn, kn_get, &c, next);
    }
    out->guaranteed = done;
    for (int s = 0; s < k; s++)
        if (out->feasible[s]) e->used[s] = out->kn.alive[s] ? out->kn.r : out->kn.out_at[s];
    out->selected = exp_kn_selected(&out->kn);
    return 0;
}

static void kn_outcome_fini(kn_outcome *o) {
    free(o->feasible);
    free(o->uncertain);
    exp_kn_fini(&o->kn);
}

/* ---- the commands -------------------------------------------------------------------------- */

static void experiment_fini(experiment *e) {
    xp_fini(&e->x);
    exp_design_fini(&e->d);
    free(e->used);
    free(e->met);
}

static int prepare(experiment *e, app_cmd which, int argc, char **argv) {
    app_opts *o = &e->o;
    int rc = app_opts_parse(o, which, argc, argv);
    if (rc) return rc;
    if (o->help) return 0;
    e->scene = o->scenes[0];
    rc = report_check(o->cmd, o->report_file);
    if (rc) return rc;
    if (o->resume && !o->out_dir)
        return app_usage_error(o->cmd, "--resume continues the sweep journaled in --out DIR: give --out DIR");
    rc = check_kpi_args(e);
    if (rc) return rc;
    rc = make_scenarios(e);
    if (rc) return rc;
    /* The scene with the common --set overrides: its seed lays out lhs. */
    int status;
    mdl_model *base = app_load_scene(o, e->scene, false, &status, NULL, 0);
    if (!base) return status;
    mdl_run_settings rs;
    bool ok = app_run_settings(o, base, &rs);
    mdl_model_free(base);
    if (!ok) return 2;
    if (!e->from_file) {
        rc = lay_out(e, rs.seed);
        if (rc) return rc;
    }
    rc = load_scenarios(e);
    if (rc) return rc;
    for (int s = 0; s < e->x.n; s++)
        if (!app_run_settings(o, e->x.s[s].m, &e->x.s[s].run)) return 2;
    e->n0 = e->x.s[0].run.replications;
    e->max_reps = o->max_reps ? o->max_reps : DEFAULT_MAX_REPS;
    if (e->max_reps < e->n0) e->max_reps = e->n0;
    if (which == APP_CMD_OPTIMIZE && e->n0 < 2)
        return app_usage_error(o->cmd, "KN needs a first stage of at least 2 replications (--reps 2 or more)");
    e->used = calloc((size_t)e->x.n, sizeof *e->used);
    e->met = calloc((size_t)e->x.n, sizeof *e->met);
    if (!e->used || !e->met) {
        fputs("linetwin: out of memory\n", stderr);
        return 1;
    }
    return 0;
}

/* Runs the pilot for --warmup auto and applies its warm-up everywhere. */
static int auto_warmup(experiment *e) {
    if (!e->o.warmup_auto) return 0;
    e->warmup_auto = true;
    int rc = xp_warmup_mser5(&e->x, 0, PILOTS, PILOT_SAMPLES, &e->warmup_s, &e->warmup_dropped);
    if (rc) return rc;
    for (int s = 0; s < e->x.n; s++) e->x.s[s].run.warmup = e->warmup_s;
    return 0;
}

static int experiment_main(app_cmd which, int argc, char **argv) {
    experiment *e = calloc(1, sizeof *e);
    if (!e) {
        fputs("linetwin: out of memory\n", stderr);
        return 1;
    }
    int rank = 0, size = 1;
    xp_mpi_start(&argc, &argv, &rank, &size);
    if (rank != 0 && !freopen("/dev/null", "w", stderr)) { /* rank 0 speaks for all; else the messages repeat */ }
    int rc = prepare(e, which, argc, argv);
    if (rc == 0 && e->o.help) {
        fputs(which == APP_CMD_SWEEP ? sweep_usage : optimize_usage, stdout);
        experiment_fini(e);
        free(e);
        xp_mpi_stop();
        return 0;
    }
    if (rc == 0) {
        e->x.rank = rank;
        e->x.size = size;
        e->x.threads = app_threads(&e->o, 1 << 20);
        rc = auto_warmup(e);
    }
    if (rc == 0) {
        e->x.key = xp_key(&e->x, e->scene);
        if (e->o.out_dir) rc = xp_journal_open(&e->x, e->o.out_dir, e->o.resume);
        /* under MPI rank 0 alone reads the journal: the others get its
         * values, and its verdict */
        rc = xp_mpi_max(rc);
        if (rc == 0 && !xp_share_journal(&e->x)) {
            fputs("linetwin: out of memory\n", stderr);
            rc = 1;
        }
    }
    kn_outcome ko;
    memset(&ko, 0, sizeof ko);
    if (rc == 0) {
        xp_catch_interrupt();
        rc = which == APP_CMD_SWEEP ? run_sweep(e) : run_optimize(e, &ko);
        if (rc == 130)
            fprintf(stderr, "linetwin %s: interrupted; the replications that finished are kept%s%s%s\n", e->o.cmd,
                    e->o.out_dir ? " in " : "", e->o.out_dir ? e->x.journal_path : "",
                    e->o.out_dir ? " (continue with the same arguments and --resume)" : " (give --out DIR to keep them)");
    }
    if (rc == 0 && rank == 0) {
        if (which == APP_CMD_SWEEP) {
            if (e->o.json) sweep_write_json(stdout, e);
            else sweep_print_text(e);
            if (e->o.out_dir && !(sweep_write_file(e, "sweep.csv", sweep_write_csv, e) &&
                                  sweep_write_file(e, "sweep.json", sweep_write_json_file, e)))
                rc = 1;
        } else {
            optimize_json_ctx c = {e, &ko};
            if (e->o.json) optimize_write_json(stdout, e, &ko);
            else optimize_print_text(e, &ko);
            if (e->o.out_dir && !sweep_write_file(e, "optimize.json", optimize_write_json_file, &c)) rc = 1;
        }
        if (rc == 0 && e->o.report_file && !report_sweep(e->o.report_file, e, which == APP_CMD_SWEEP ? NULL : &ko))
            rc = 1;
        if (e->x.resumed > 0)
            fprintf(stderr, "linetwin %s: %ld replications from the journal, %ld run now\n", e->o.cmd, e->x.resumed,
                    e->x.ran);
    }
    kn_outcome_fini(&ko);
    experiment_fini(e);
    free(e);
    xp_mpi_stop();
    return rc;
}

int cmd_sweep(int argc, char **argv) { return experiment_main(APP_CMD_SWEEP, argc, argv); }
int cmd_optimize(int argc, char **argv) { return experiment_main(APP_CMD_OPTIMIZE, argc, argv); }
