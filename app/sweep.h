/*
 * sweep.h - what `linetwin sweep` and `linetwin optimize` share between
 * the commands (cmd_sweep.c) and their tables and files (sweep_output.c).
 * Internal to app/.
 */
#ifndef LINETWIN_SWEEP_H
#define LINETWIN_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "exp_design.h"
#include "exp_stats.h"
#include "experiment.h"
#include "options.h"
#include "output.h"

/* The pilot of --warmup auto: replications of scenario 1, WIP samples. */
#define PILOTS 5
#define PILOT_SAMPLES 500

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

/* What KN (optimize) ended with. */
typedef struct kn_outcome {
    int selected;
    bool guaranteed;          /* ended by KN, not by --max-reps */
    bool *feasible;
    bool *uncertain;          /* a constraint's interval straddles its bound */
    int screened;             /* feasible scenarios left out by --finalists */
    exp_kn kn;
} kn_outcome;

/* The best scenario of a KPI and its paired difference to the runner-up. */
typedef struct sweep_best {
    int s, runner;          /* -1 when none */
    mdl_summary diff;       /* best - runner-up, paired */
    int n;                  /* replications paired */
} sweep_best;
sweep_best sweep_best_of(const experiment *e, int k);

/* sweep: the table and "Best per KPI" on stdout; the JSON; the CSV and the
 * JSON as output_write_fn (ctx: the experiment). */
void sweep_print_text(const experiment *e);
void sweep_write_json(FILE *f, const experiment *e);
bool sweep_write_csv(FILE *f, void *ctx);
bool sweep_write_json_file(FILE *f, void *ctx);

/* optimize: the selection and the runners-up on stdout; the JSON; the JSON
 * as output_write_fn (ctx: an optimize_json_ctx). */
typedef struct optimize_json_ctx {
    const experiment *e;
    const kn_outcome *o;
} optimize_json_ctx;
/* The feasible scenarios into order (the selected first, then by the
 * objective's mean); their count. */
int optimize_rank(const experiment *e, const kn_outcome *o, int *order);
void optimize_print_text(const experiment *e, const kn_outcome *o);
void optimize_write_json(FILE *f, const experiment *e, const kn_outcome *o);
bool optimize_write_json_file(FILE *f, void *ctx);

/* One file of the --out folder, written whole (temporary + rename). */
bool sweep_write_file(const experiment *e, const char *name, output_write_fn *fn, void *ctx);

#endif
