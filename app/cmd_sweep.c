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
 * replications' values, so a resumed run gives the same bytes.
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
#include "exp_design.h"
#include "exp_stats.h"
#include "experiment.h"
#include "options.h"
#include "output.h"
#include "scn_scene.h"

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
    "  --vary, --design, --scenarios, --out, --resume, --warmup auto\n"
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
#define PILOTS 5
#define PILOT_SAMPLES 500

static const int default_kpis[] = {MDL_KPI_THROUGHPUT_PER_H, MDL_KPI_LEAD_TIME_S, MDL_KPI_WIP, MDL_KPI_OEE,
                                   MDL_KPI_COST_PER_UNIT, MDL_KPI_ENERGY_KWH_PER_UNIT};

typedef struct constraint {
    int kpi;
    bool upper;   /* KPI <= bound */
    double bound;
} constraint;

/* Everything a sweep or an optimisation is. */
typedef struct experiment {
    app_opts o;
    const char *scene;
    exp_design d;
    bool from_file;
    xp x;
    int nshow, show[MDL_KPI_COUNT];
    int nprec, prec_kpi[APP_MAX_KPI_ARGS];
    double prec_gamma[APP_MAX_KPI_ARGS];
    int max_reps;
    int n0;
    int *used;            /* replications in each scenario's statistics */
    bool *met;            /* --precision reached */
    bool warmup_auto;
    double warmup_s;
    size_t warmup_dropped;
    /* optimize */
    int objective;
    bool maximize;
    int ncons;
    constraint cons[APP_MAX_KPI_ARGS];
} experiment;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int usage_problem(const char *cmd, const char *fmt, ...) {
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "linetwin %s: %s\n(see: linetwin %s --help)\n", cmd, msg, cmd);
    return 2;
}

/* A KPI by name, with the closest name as a hint; -1 after a message. */
static int kpi_arg(const char *cmd, const char *flag, const char *arg, const char *name) {
    int k = xp_kpi_find(name);
    if (k >= 0) return k;
    const char *names[MDL_KPI_COUNT];
    for (int i = 0; i < MDL_KPI_COUNT; i++) names[i] = mdl_kpi_name((mdl_kpi)i);
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
        if (e->nshow == 0) return usage_problem(cmd, "--kpi %s: no KPI named", o->kpis);
    } else {
        for (size_t i = 0; i < sizeof default_kpis / sizeof default_kpis[0]; i++) e->show[e->nshow++] = default_kpis[i];
    }
    for (int i = 0; i < o->nprecision; i++) {
        const char *arg = o->precision[i], *eq = strchr(arg, '=');
        if (!eq) return usage_problem(cmd, "--precision %s: expected KPI=X, like throughput_per_h=2%%", arg);
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
        int k = kpi_arg(cmd, "--precision", arg, name);
        if (k < 0) return 2;
        const char *rest;
        double g;
        if (!app_parse_decimal(eq + 1, &g, &rest) || (*rest && strcmp(rest, "%") != 0))
            return usage_problem(cmd, "--precision %s: expected a relative half-width like 2%% or 0.02 after '='", arg);
        if (*rest) g /= 100.0;
        if (!(g > 0 && g < 1))
            return usage_problem(cmd, "--precision %s: the relative half-width must be above 0 and below 100%%", arg);
        e->prec_kpi[e->nprec] = k;
        e->prec_gamma[e->nprec++] = g;
    }
    if (strcmp(cmd, "optimize") == 0) {
        if (!o->objective) return usage_problem(cmd, "missing --objective KPI [min|max]");
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
            return usage_problem(cmd, "--objective %s: the sense must be min or max, got \"%s\"", o->objective, sense);
        e->maximize = sense ? strcmp(sense, "max") == 0 : xp_kpi_higher_is_better(e->objective);
        if (!o->has_delta)
            return usage_problem(cmd, "missing --delta D: the indifference zone, the smallest difference in %s worth "
                                      "detecting%s", mdl_kpi_name((mdl_kpi)e->objective), "");
        for (int i = 0; i < o->nconstraint; i++) {
            const char *arg = o->constraint[i];
            const char *op = strstr(arg, "<=");
            bool upper = true;
            if (!op) {
                op = strstr(arg, ">=");
                upper = false;
            }
            if (!op) return usage_problem(cmd, "--constraint %s: expected KPI<=X or KPI>=X", arg);
            snprintf(name, sizeof name, "%.*s", (int)(op - arg), arg);
            int k = kpi_arg(cmd, "--constraint", arg, name);
            if (k < 0) return 2;
            char *end;
            double b = strtod(op + 2, &end);
            if (end == op + 2 || *end || !isfinite(b))
                return usage_problem(cmd, "--constraint %s: expected a number after the comparison, got \"%s\"", arg,
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
        return usage_problem(cmd, "--design %s: %s", o->design, err);
    if (o->scenario_file) {
        if (o->nvary || o->design)
            return usage_problem(cmd, "--scenarios lists the scenarios itself: give it without --vary and --design");
        return read_scenario_file(e);
    }
    if (o->nvary == 0)
        return usage_problem(cmd, "give the factors to vary (--vary PATH=VALUES) or a file of scenarios "
                                  "(--scenarios FILE)");
    exp_design_init(&e->d, kind, lhs);
    for (int i = 0; i < o->nvary; i++)
        if (!exp_design_add_factor(&e->d, o->vary[i], err, sizeof err))
            return usage_problem(cmd, "--vary %s: %s", o->vary[i], err);
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
    if (!exp_design_build(&e->d, seed, err, sizeof err)) return usage_problem(cmd, "--design: %s", err);
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

/* ---- output --------------------------------------------------------------------------- */

typedef struct best {
    int s, runner;          /* -1 when none */
    mdl_summary diff;       /* best - runner-up, paired */
    int n;                  /* replications paired */
} best;

static best best_of(const experiment *e, int k) {
    best b = {-1, -1, {NAN, NAN, NAN, NAN}, 0};
    bool hi = xp_kpi_higher_is_better(k);
    double bm = NAN, rm = NAN;
    for (int s = 0; s < e->x.n; s++) {
        double m = xp_summary(&e->x, s, e->used[s], k).mean;
        if (!isfinite(m)) continue;
        if (b.s < 0 || (hi ? m > bm : m < bm)) {
            b.runner = b.s;
            rm = bm;
            b.s = s;
            bm = m;
        } else if (b.runner < 0 || (hi ? m > rm : m < rm)) {
            b.runner = s;
            rm = m;
        }
    }
    if (b.s >= 0 && b.runner >= 0) {
        b.n = e->used[b.s] < e->used[b.runner] ? e->used[b.s] : e->used[b.runner];
        b.diff = xp_diff(&e->x, b.s, b.runner, b.n, k);
    }
    return b;
}

static const mdl_run_settings *run0(const experiment *e) { return &e->x.s[0].run; }

static void print_header(const experiment *e) {
    const mdl_run_settings *rs = run0(e);
    char h[40], w[40];
    scn_format_duration(rs->horizon, h, sizeof h);
    scn_format_duration(rs->warmup, w, sizeof w);
    const char *kind = e->from_file ? "from the scenario file" : e->d.kind == EXP_DESIGN_GRID ? "grid"
                                                           : e->d.kind == EXP_DESIGN_OAT ? "one factor at a time"
                                                                                         : "Latin hypercube";
    printf("%s %s (%s)\n", strcmp(e->o.cmd, "sweep") == 0 ? "Sweep:" : "Optimize:", mdl_model_name(e->x.s[0].m),
           e->scene);
    printf("  %d scenario%s (%s), common random numbers, seed %llu, statistics from %s to %s\n", e->x.n,
           e->x.n == 1 ? "" : "s", kind, (unsigned long long)rs->seed, w, h);
    if (e->warmup_auto)
        printf("  warm-up by MSER-5: %s (WIP of %d pilot replications of scenario 1 sampled %d times; the first %zu "
               "samples dropped)\n", w, PILOTS, PILOT_SAMPLES, e->warmup_dropped);
}

static void print_sweep_text(const experiment *e) {
    const xp *x = &e->x;
    print_header(e);
    int fixed = -1;
    for (int s = 0; s < x->n; s++)
        if (fixed < 0) fixed = e->used[s];
        else if (fixed != e->used[s]) fixed = 0;
    if (fixed > 0) printf("  %d replications each\n", fixed);
    else printf("  replications per scenario by --precision (column n)\n");
    /* One column per factor (a scenario file: its label), then the KPIs. */
    int nf = e->from_file ? 1 : e->d.nfactors;
    int width[EXP_MAX_FACTORS];
    for (int f = 0; f < nf; f++) {
        width[f] = e->from_file ? 8 : (int)strlen(e->d.factors[f].path);
        for (int s = 0; s < x->n; s++) {
            int l = (int)strlen(e->from_file ? x->s[s].label : exp_design_value(&e->d, s, f));
            if (l > width[f]) width[f] = l;
        }
        if (width[f] > 40) width[f] = 40;
    }
    printf("\n%4s", "#");
    for (int f = 0; f < nf; f++) printf("  %-*.*s", width[f], width[f], e->from_file ? "scenario" : e->d.factors[f].path);
    if (fixed <= 0) printf(" %5s", "n");
    for (int i = 0; i < e->nshow; i++) printf(" %22.22s", mdl_kpi_name((mdl_kpi)e->show[i]));
    printf("\n");
    for (int s = 0; s < x->n; s++) {
        printf("%4d", s + 1);
        for (int f = 0; f < nf; f++)
            printf("  %-*.*s", width[f], width[f], e->from_file ? x->s[s].label : exp_design_value(&e->d, s, f));
        if (fixed <= 0) printf(" %4d%s", e->used[s], e->met[s] ? " " : "!");
        for (int i = 0; i < e->nshow; i++) {
            mdl_summary m = xp_summary(x, s, e->used[s], e->show[i]);
            char a[32], c[32], cell[72];
            output_format_value(m.mean, a, sizeof a);
            output_format_value(m.ci95, c, sizeof c);
            snprintf(cell, sizeof cell, "%s +/- %s", a, c);
            printf(" %22s", cell);
        }
        printf("\n");
    }
    bool any_unmet = false;
    for (int s = 0; s < x->n; s++) any_unmet |= !e->met[s];
    if (any_unmet) printf("  ! the --precision target was not reached within --max-reps %d\n", e->max_reps);
    printf("\nBest per KPI (paired difference to the runner-up, 95 %% CI)\n");
    for (int i = 0; i < e->nshow; i++) {
        int k = e->show[i];
        best b = best_of(e, k);
        printf("  %-22s ", mdl_kpi_name((mdl_kpi)k));
        if (b.s < 0) {
            printf("-\n");
            continue;
        }
        char a[32], d[32], c[32];
        output_format_value(xp_summary(x, b.s, e->used[b.s], k).mean, a, sizeof a);
        printf("%s #%d %s", xp_kpi_higher_is_better(k) ? "max" : "min", b.s + 1, a);
        if (b.runner >= 0) {
            output_format_value(b.diff.mean, d, sizeof d);
            output_format_value(b.diff.ci95, c, sizeof c);
            printf("; vs #%d: %s%s +/- %s", b.runner + 1, b.diff.mean >= 0 ? "+" : "", d, c);
        }
        printf("  (%s)\n", x->s[b.s].label);
    }
}

static void csv_string(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_number(FILE *f, double v) {
    if (isfinite(v)) fprintf(f, "%.17g", v);
}

static bool write_sweep_csv(FILE *f, void *ctx) {
    const experiment *e = ctx;
    const xp *x = &e->x;
    int nf = e->from_file ? 0 : e->d.nfactors;
    fprintf(f, "scenario,label");
    for (int i = 0; i < nf; i++) {
        fputc(',', f);
        csv_string(f, e->d.factors[i].path);
    }
    fprintf(f, ",kpi,mean,ci95,min,max,replications\n");
    for (int s = 0; s < x->n; s++)
        for (int k = 0; k < MDL_KPI_COUNT; k++) {
            mdl_summary m = xp_summary(x, s, e->used[s], k);
            fprintf(f, "%d,", s + 1);
            csv_string(f, x->s[s].label);
            for (int i = 0; i < nf; i++) {
                fputc(',', f);
                csv_string(f, exp_design_value(&e->d, s, i));
            }
            fprintf(f, ",%s,", mdl_kpi_name((mdl_kpi)k));
            csv_number(f, m.mean);
            fputc(',', f);
            csv_number(f, m.ci95);
            fputc(',', f);
            csv_number(f, m.min);
            fputc(',', f);
            csv_number(f, m.max);
            fprintf(f, ",%d\n", e->used[s]);
        }
    return !ferror(f);
}

static void json_common(jw *w, const experiment *e) {
    const mdl_run_settings *rs = run0(e);
    jw_string(w, "linetwin", LINETWIN_VERSION);
    jw_string(w, "scene", e->scene);
    jw_uint(w, "seed", (unsigned long long)rs->seed);
    jw_int(w, "replications", e->n0);
    jw_number(w, "horizon_s", rs->horizon);
    jw_number(w, "warmup_s", rs->warmup);
    if (e->warmup_auto) {
        jw_object_begin(w, "warmup_auto");
        jw_string(w, "method", "MSER-5");
        jw_int(w, "pilot_replications", PILOTS);
        jw_int(w, "samples", PILOT_SAMPLES);
        jw_int(w, "dropped", (long long)e->warmup_dropped);
        jw_number(w, "warmup_s", rs->warmup);
        jw_object_end(w);
    }
    jw_string(w, "design", e->from_file ? "file" : e->d.kind == EXP_DESIGN_GRID ? "grid"
                                           : e->d.kind == EXP_DESIGN_OAT ? "oat" : "lhs");
    jw_array_begin(w, "factors");
    for (int i = 0; !e->from_file && i < e->d.nfactors; i++) {
        jw_object_begin(w, NULL);
        jw_string(w, "path", e->d.factors[i].path);
        jw_array_begin(w, "values");
        for (int l = 0; l < e->d.factors[i].nlevels; l++) jw_string(w, NULL, e->d.factors[i].levels[l]);
        jw_array_end(w);
        jw_object_end(w);
    }
    jw_array_end(w);
}

static void json_scenarios(jw *w, const experiment *e) {
    const xp *x = &e->x;
    jw_array_begin(w, "scenarios");
    for (int s = 0; s < x->n; s++) {
        jw_object_begin(w, NULL);
        jw_int(w, "scenario", s + 1);
        jw_string(w, "label", x->s[s].label);
        jw_array_begin(w, "set");
        for (int i = 0; i < x->s[s].nsets; i++) jw_string(w, NULL, x->s[s].sets[i]);
        jw_array_end(w);
        jw_int(w, "replications", e->used[s]);
        if (e->nprec) jw_bool(w, "precision_met", e->met[s]);
        jw_object_begin(w, "kpi");
        for (int k = 0; k < MDL_KPI_COUNT; k++)
            jw_summary(w, mdl_kpi_name((mdl_kpi)k), xp_summary(x, s, e->used[s], k));
        jw_object_end(w);
        jw_object_end(w);
    }
    jw_array_end(w);
}

static void write_sweep_json(FILE *f, const experiment *e) {
    jw w;
    jw_init(&w, f);
    jw_object_begin(&w, NULL);
    json_common(&w, e);
    if (e->nprec) {
        jw_array_begin(&w, "precision");
        for (int i = 0; i < e->nprec; i++) {
            jw_object_begin(&w, NULL);
            jw_string(&w, "kpi", mdl_kpi_name((mdl_kpi)e->prec_kpi[i]));
            jw_number(&w, "relative_half_width", e->prec_gamma[i]);
            jw_object_end(&w);
        }
        jw_array_end(&w);
        jw_int(&w, "max_replications", e->max_reps);
    }
    json_scenarios(&w, e);
    jw_array_begin(&w, "best");
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        best b = best_of(e, k);
        jw_object_begin(&w, NULL);
        jw_string(&w, "kpi", mdl_kpi_name((mdl_kpi)k));
        jw_string(&w, "sense", xp_kpi_higher_is_better(k) ? "max" : "min");
        if (b.s >= 0) jw_int(&w, "scenario", b.s + 1);
        else jw_null(&w, "scenario");
        if (b.runner >= 0) {
            jw_int(&w, "runner_up", b.runner + 1);
            jw_summary(&w, "diff", b.diff);
            jw_int(&w, "paired_replications", b.n);
        } else {
            jw_null(&w, "runner_up");
        }
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_object_end(&w);
}

static bool write_sweep_json_file(FILE *f, void *ctx) {
    write_sweep_json(f, ctx);
    return !ferror(f);
}

/* One file of the result folder, written whole (temporary + rename). */
static bool write_file(const experiment *e, const char *name, output_write_fn *fn, void *ctx) {
    char path[OUTPUT_PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", e->o.out_dir, name) >= (int)sizeof path) {
        fprintf(stderr, "linetwin %s: --out: the path is too long\n", e->o.cmd);
        return false;
    }
    atomic_file a;
    if (!atomic_file_begin(&a, e->o.cmd, path)) return false;
    bool ok = fn(a.f, ctx);
    if (!ok) {
        atomic_file_abort(&a);
        fprintf(stderr, "linetwin %s: cannot write %s\n", e->o.cmd, path);
        return false;
    }
    return atomic_file_commit(&a);
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

typedef struct kn_outcome {
    int selected;
    bool guaranteed;          /* ended by KN, not by --max-reps */
    bool *feasible;
    bool *uncertain;          /* a constraint's interval straddles its bound */
    int screened;             /* feasible scenarios left out by --finalists */
    exp_kn kn;
} kn_outcome;

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

/* Scenarios in order of their objective mean (best first), feasible only. */
static int rank_scenarios(const experiment *e, const kn_outcome *o, int *order) {
    int n = 0;
    for (int s = 0; s < e->x.n; s++)
        if (o->feasible[s]) order[n++] = s;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            double a = xp_summary(&e->x, order[j], e->used[order[j]], e->objective).mean;
            double b = xp_summary(&e->x, order[j - 1], e->used[order[j - 1]], e->objective).mean;
            if (order[j] == o->selected || (order[j - 1] != o->selected && (e->maximize ? a > b : a < b))) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        }
    return n;
}

static long total_reps(const experiment *e) {
    long t = 0;
    for (int s = 0; s < e->x.n; s++) t += e->x.s[s].want;
    return t;
}

static void print_optimize_text(const experiment *e, const kn_outcome *o) {
    const xp *x = &e->x;
    print_header(e);
    double alpha = e->o.has_alpha ? e->o.alpha : 0.05;
    char d[32];
    output_format_value(e->o.delta, d, sizeof d);
    printf("  KN (Kim & Nelson 2001): %s %s, indifference zone %s, probability of correct selection >= %.3g, "
           "first stage %d replications\n", e->maximize ? "maximise" : "minimise", mdl_kpi_name((mdl_kpi)e->objective),
           d, 1 - alpha, e->n0);
    printf("  replications spent: %ld\n\n", total_reps(e));
    if (o->selected < 0) {
        printf("No scenario meets the constraints.\n");
        return;
    }
    mdl_summary m = xp_summary(x, o->selected, e->used[o->selected], e->objective);
    char a[32], c[32];
    output_format_value(m.mean, a, sizeof a);
    output_format_value(m.ci95, c, sizeof c);
    printf("Selected: #%d %s\n  %s = %s +/- %s (95 %% CI, %d replications)%s%s\n", o->selected + 1,
           x->s[o->selected].label, mdl_kpi_name((mdl_kpi)e->objective), a, c, e->used[o->selected],
           o->guaranteed ? "" : "\n  note: --max-reps reached before KN ended: the best sample mean, without the guarantee",
           o->uncertain[o->selected] ? "\n  note: a constraint's first-stage interval straddles its bound" : "");
    int *order = malloc((size_t)x->n * sizeof *order);
    if (!order) return;
    int n = rank_scenarios(e, o, order);
    if (n > 1) printf("\nRunners-up (%s, replications, eliminated after)\n", mdl_kpi_name((mdl_kpi)e->objective));
    for (int i = 1; i < n && i <= 5; i++) {
        int s = order[i];
        mdl_summary r = xp_summary(x, s, e->used[s], e->objective);
        output_format_value(r.mean, a, sizeof a);
        output_format_value(r.ci95, c, sizeof c);
        char when[48] = " (not eliminated)";
        if (o->kn.out_at && o->kn.out_at[s]) snprintf(when, sizeof when, ", eliminated after %d", o->kn.out_at[s]);
        printf("  #%-3d %-40s %s +/- %s, n %d%s\n", s + 1, x->s[s].label, a, c, e->used[s], when);
    }
    int infeasible = 0;
    for (int s = 0; s < x->n; s++) infeasible += !o->feasible[s];
    infeasible -= o->screened;
    if (infeasible) printf("  %d scenario%s dropped by the constraints\n", infeasible, infeasible == 1 ? "" : "s");
    if (o->screened)
        printf("  %d scenario%s screened out after the first stage (--finalists %d)\n", o->screened,
               o->screened == 1 ? "" : "s", e->o.finalists);
    free(order);
}

static void write_optimize_json(FILE *f, const experiment *e, const kn_outcome *o) {
    jw w;
    jw_init(&w, f);
    jw_object_begin(&w, NULL);
    json_common(&w, e);
    jw_object_begin(&w, "procedure");
    jw_string(&w, "method", "KN");
    jw_string(&w, "reference", "Kim & Nelson (2001), ACM TOMACS 11(3):251-273");
    jw_string(&w, "objective", mdl_kpi_name((mdl_kpi)e->objective));
    jw_string(&w, "sense", e->maximize ? "max" : "min");
    jw_number(&w, "delta", e->o.delta);
    jw_number(&w, "alpha", e->o.has_alpha ? e->o.alpha : 0.05);
    jw_int(&w, "first_stage", e->n0);
    jw_bool(&w, "guaranteed", o->guaranteed);
    jw_int(&w, "replications_spent", total_reps(e));
    if (e->o.finalists) jw_int(&w, "finalists", e->o.finalists);
    jw_int(&w, "screened", o->screened);
    jw_array_begin(&w, "constraints");
    for (int c = 0; c < e->ncons; c++) {
        jw_object_begin(&w, NULL);
        jw_string(&w, "kpi", mdl_kpi_name((mdl_kpi)e->cons[c].kpi));
        jw_string(&w, "op", e->cons[c].upper ? "<=" : ">=");
        jw_number(&w, "bound", e->cons[c].bound);
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_object_end(&w);
    if (o->selected >= 0) jw_int(&w, "selected", o->selected + 1);
    else jw_null(&w, "selected");
    int *order = malloc((size_t)e->x.n * sizeof *order);
    int n = order ? rank_scenarios(e, o, order) : 0;
    jw_array_begin(&w, "ranking");
    for (int i = 0; i < n; i++) jw_int(&w, NULL, order[i] + 1);
    jw_array_end(&w);
    free(order);
    jw_array_begin(&w, "scenarios");
    for (int s = 0; s < e->x.n; s++) {
        jw_object_begin(&w, NULL);
        jw_int(&w, "scenario", s + 1);
        jw_string(&w, "label", e->x.s[s].label);
        jw_int(&w, "replications", e->used[s]);
        jw_bool(&w, "feasible", o->feasible[s]);
        if (o->feasible[s] && o->kn.out_at && o->kn.out_at[s]) jw_int(&w, "eliminated_after", o->kn.out_at[s]);
        else jw_null(&w, "eliminated_after");
        jw_summary(&w, mdl_kpi_name((mdl_kpi)e->objective), xp_summary(&e->x, s, e->used[s], e->objective));
        for (int c = 0; c < e->ncons; c++)
            if (e->cons[c].kpi != e->objective)
                jw_summary(&w, mdl_kpi_name((mdl_kpi)e->cons[c].kpi), xp_summary(&e->x, s, e->used[s], e->cons[c].kpi));
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_object_end(&w);
}

typedef struct opt_json_ctx {
    const experiment *e;
    const kn_outcome *o;
} opt_json_ctx;

static bool write_optimize_json_file(FILE *f, void *ctx) {
    opt_json_ctx *c = ctx;
    write_optimize_json(f, c->e, c->o);
    return !ferror(f);
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
    if (o->resume && !o->out_dir)
        return usage_problem(o->cmd, "--resume continues the sweep journaled in --out DIR: give --out DIR");
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
        return usage_problem(o->cmd, "KN needs a first stage of at least 2 replications (--reps 2 or more)");
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
            if (e->o.json) write_sweep_json(stdout, e);
            else print_sweep_text(e);
            if (e->o.out_dir && !(write_file(e, "sweep.csv", write_sweep_csv, e) &&
                                  write_file(e, "sweep.json", write_sweep_json_file, e)))
                rc = 1;
        } else {
            opt_json_ctx c = {e, &ko};
            if (e->o.json) write_optimize_json(stdout, e, &ko);
            else print_optimize_text(e, &ko);
            if (e->o.out_dir && !write_file(e, "optimize.json", write_optimize_json_file, &c)) rc = 1;
        }
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
