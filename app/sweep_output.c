/*
 * sweep_output.c - what `linetwin sweep` and `linetwin optimize` print and
 * write (docs/experiments.md): the sweep's table and best per KPI, its CSV
 * and JSON; optimize's selection, runners-up and JSON. Everything here is
 * a function of the replications' values, so a resumed run gives the same
 * bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "cli.h"
#include "scn_scene.h"
#include "sweep.h"

/* ---- sweep --------------------------------------------------------------------------- */

sweep_best sweep_best_of(const experiment *e, int k) {
    sweep_best b = {-1, -1, {NAN, NAN, NAN, NAN}, 0};
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

/* Half a unit of the last digit output_format_value prints for v
 * (0 for 0 and for what is not finite). */
static double printed_half_unit(double v) {
    double a = fabs(v);
    if (!(a > 0) || !isfinite(a)) return 0;
    if (a >= 1e7) return 0.5 * pow(10, floor(log10(a)) - 3);
    if (a >= 1000) return 0.5;
    if (a >= 100) return 0.05;
    if (a >= 10) return 0.005;
    if (a >= 0.01) return 0.0005;
    return 0.5 * pow(10, floor(log10(a)) - 2);
}

/* A difference or a half-width v of a KPI printed as ref is: "0" when it
 * is below that precision (floating-point noise such as 2e-14 would
 * otherwise come out in e-notation), else as output_format_value. */
static void format_at_precision_of(double ref, double v, char *buf, size_t size) {
    if (isfinite(v) && fabs(v) < printed_half_unit(ref)) snprintf(buf, size, "0");
    else output_format_value(v, buf, size);
}

/* Scenario s's cell of shown KPI i: "mean +/- half-width". */
static void kpi_cell(const experiment *e, int s, int i, char *cell, size_t size) {
    mdl_summary m = xp_summary(&e->x, s, e->used[s], e->show[i]);
    char a[32], c[32];
    output_format_value(m.mean, a, sizeof a);
    format_at_precision_of(m.mean, m.ci95, c, sizeof c);
    snprintf(cell, size, "%s +/- %s", a, c);
}

void sweep_print_text(const experiment *e) {
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
    /* The KPI columns fit their widest cell (output_summary_width's rule). */
    int kw[MDL_KPI_COUNT];
    for (int i = 0; i < e->nshow; i++) {
        kw[i] = 22;
        for (int s = 0; s < x->n; s++) {
            char cell[72];
            kpi_cell(e, s, i, cell, sizeof cell);
            kw[i] = output_text_width(cell, kw[i]);
        }
    }
    printf("\n%4s", "#");
    for (int f = 0; f < nf; f++) printf("  %-*.*s", width[f], width[f], e->from_file ? "scenario" : e->d.factors[f].path);
    if (fixed <= 0) printf(" %5s", "n");
    for (int i = 0; i < e->nshow; i++)
        printf(" %*.*s", kw[i], kw[i], mdl_kpis_name(MDL_KPIS_LINE, e->show[i]));
    printf("\n");
    for (int s = 0; s < x->n; s++) {
        printf("%4d", s + 1);
        for (int f = 0; f < nf; f++)
            printf("  %-*.*s", width[f], width[f], e->from_file ? x->s[s].label : exp_design_value(&e->d, s, f));
        if (fixed <= 0) printf(" %4d%s", e->used[s], e->met[s] ? " " : "!");
        for (int i = 0; i < e->nshow; i++) {
            char cell[72];
            kpi_cell(e, s, i, cell, sizeof cell);
            printf(" %*s", kw[i], cell);
        }
        printf("\n");
    }
    bool any_unmet = false;
    for (int s = 0; s < x->n; s++) any_unmet |= !e->met[s];
    if (any_unmet) printf("  ! the --precision target was not reached within --max-reps %d\n", e->max_reps);
    printf("\nBest per KPI (paired difference to the runner-up, 95 %% CI)\n");
    for (int i = 0; i < e->nshow; i++) {
        int k = e->show[i];
        sweep_best b = sweep_best_of(e, k);
        printf("  %-22s ", mdl_kpis_name(MDL_KPIS_LINE, k));
        if (b.s < 0) {
            printf("-\n");
            continue;
        }
        char a[32], d[32], c[32];
        double mean = xp_summary(x, b.s, e->used[b.s], k).mean;
        output_format_value(mean, a, sizeof a);
        printf("%s #%d %s", xp_kpi_higher_is_better(k) ? "max" : "min", b.s + 1, a);
        if (b.runner >= 0 && b.diff.mean == 0 && b.diff.ci95 == 0) {
            printf("; vs #%d: tie", b.runner + 1);
        } else if (b.runner >= 0) {
            format_at_precision_of(mean, b.diff.mean, d, sizeof d);
            format_at_precision_of(mean, b.diff.ci95, c, sizeof c);
            printf("; vs #%d: %s%s +/- %s", b.runner + 1, b.diff.mean >= 0 && strcmp(d, "0") != 0 ? "+" : "", d, c);
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

bool sweep_write_csv(FILE *f, void *ctx) {
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
            fprintf(f, ",%s", mdl_kpis_name(MDL_KPIS_LINE, k));
            output_csv_summary_cells(f, m, 17);
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
            jw_summary(w, mdl_kpis_name(MDL_KPIS_LINE, k), xp_summary(x, s, e->used[s], k));
        jw_object_end(w);
        jw_object_end(w);
    }
    jw_array_end(w);
}

void sweep_write_json(FILE *f, const experiment *e) {
    jw w;
    jw_init(&w, f);
    jw_object_begin(&w, NULL);
    json_common(&w, e);
    if (e->nprec) {
        jw_array_begin(&w, "precision");
        for (int i = 0; i < e->nprec; i++) {
            jw_object_begin(&w, NULL);
            jw_string(&w, "kpi", mdl_kpis_name(MDL_KPIS_LINE, e->prec_kpi[i]));
            jw_number(&w, "relative_half_width", e->prec_gamma[i]);
            jw_object_end(&w);
        }
        jw_array_end(&w);
        jw_int(&w, "max_replications", e->max_reps);
    }
    json_scenarios(&w, e);
    jw_array_begin(&w, "best");
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        sweep_best b = sweep_best_of(e, k);
        jw_object_begin(&w, NULL);
        jw_string(&w, "kpi", mdl_kpis_name(MDL_KPIS_LINE, k));
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

bool sweep_write_json_file(FILE *f, void *ctx) {
    sweep_write_json(f, ctx);
    return !ferror(f);
}

bool sweep_write_file(const experiment *e, const char *name, output_write_fn *fn, void *ctx) {
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

/* Scenarios in order of their objective mean (best first), feasible only. */
int optimize_rank(const experiment *e, const kn_outcome *o, int *order) {
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

void optimize_print_text(const experiment *e, const kn_outcome *o) {
    const xp *x = &e->x;
    print_header(e);
    double alpha = e->o.has_alpha ? e->o.alpha : 0.05;
    char d[32];
    output_format_value(e->o.delta, d, sizeof d);
    printf("  KN (Kim & Nelson 2001): %s %s, indifference zone %s, probability of correct selection >= %.3g, "
           "first stage %d replications\n", e->maximize ? "maximise" : "minimise",
           mdl_kpis_name(MDL_KPIS_LINE, e->objective), d, 1 - alpha, e->n0);
    printf("  replications spent: %ld\n\n", total_reps(e));
    if (o->selected < 0) {
        printf("No scenario meets the constraints.\n");
        return;
    }
    mdl_summary m = xp_summary(x, o->selected, e->used[o->selected], e->objective);
    char a[32], c[32];
    output_format_value(m.mean, a, sizeof a);
    format_at_precision_of(m.mean, m.ci95, c, sizeof c);
    printf("Selected: #%d %s\n  %s = %s +/- %s (95 %% CI, %d replications)%s%s\n", o->selected + 1,
           x->s[o->selected].label, mdl_kpis_name(MDL_KPIS_LINE, e->objective), a, c, e->used[o->selected],
           o->guaranteed ? "" : "\n  note: --max-reps reached before KN ended: the best sample mean, without the guarantee",
           o->uncertain[o->selected] ? "\n  note: a constraint's first-stage interval straddles its bound" : "");
    int *order = malloc((size_t)x->n * sizeof *order);
    if (!order) return;
    int n = optimize_rank(e, o, order);
    if (n > 1)
        printf("\nRunners-up (%s, replications, eliminated after)\n",
               mdl_kpis_name(MDL_KPIS_LINE, e->objective));
    for (int i = 1; i < n && i <= 5; i++) {
        int s = order[i];
        mdl_summary r = xp_summary(x, s, e->used[s], e->objective);
        output_format_value(r.mean, a, sizeof a);
        format_at_precision_of(r.mean, r.ci95, c, sizeof c);
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

void optimize_write_json(FILE *f, const experiment *e, const kn_outcome *o) {
    jw w;
    jw_init(&w, f);
    jw_object_begin(&w, NULL);
    json_common(&w, e);
    jw_object_begin(&w, "procedure");
    jw_string(&w, "method", "KN");
    jw_string(&w, "reference", "Kim & Nelson (2001), ACM TOMACS 11(3):251-273");
    jw_string(&w, "objective", mdl_kpis_name(MDL_KPIS_LINE, e->objective));
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
        jw_string(&w, "kpi", mdl_kpis_name(MDL_KPIS_LINE, e->cons[c].kpi));
        jw_string(&w, "op", e->cons[c].upper ? "<=" : ">=");
        jw_number(&w, "bound", e->cons[c].bound);
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_object_end(&w);
    if (o->selected >= 0) jw_int(&w, "selected", o->selected + 1);
    else jw_null(&w, "selected");
    int *order = malloc((size_t)e->x.n * sizeof *order);
    int n = order ? optimize_rank(e, o, order) : 0;
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
        jw_summary(&w, mdl_kpis_name(MDL_KPIS_LINE, e->objective),
                   xp_summary(&e->x, s, e->used[s], e->objective));
        for (int c = 0; c < e->ncons; c++)
            if (e->cons[c].kpi != e->objective)
                jw_summary(&w, mdl_kpis_name(MDL_KPIS_LINE, e->cons[c].kpi),
                           xp_summary(&e->x, s, e->used[s], e->cons[c].kpi));
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_object_end(&w);
}

bool optimize_write_json_file(FILE *f, void *ctx) {
    optimize_json_ctx *c = ctx;
    optimize_write_json(f, c->e, c->o);
    return !ferror(f);
}
