/*
 * options.h - one command-line parser for every command (check, run,
 * compare, view, snapshot, sweep, optimize, trace, schedule), and loading a
 * scene with its options.
 *
 * Options are written `--opt VALUE` or `--opt=VALUE` (`-j 4` or `-j4`).
 * One table says which command takes which option and how its value is
 * read; every option but --set, --vary, --precision and --constraint may
 * be given once. Numbers are read strictly: digits only (no
 * sign, no spaces, no overflow) for counts and seeds. Problems with the
 * command line are printed as `linetwin CMD: message` (with the closest
 * option as a hint for an unknown one) and give exit code 2, like problems
 * in a scene.
 */
#ifndef LINETWIN_OPTIONS_H
#define LINETWIN_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_model.h"
#include "mdl_plan.h"

#define APP_MAX_SETS 256
#define APP_MAX_SCENES 64

/// The commands, for app_opts_parse.
typedef enum app_cmd {
    APP_CMD_CHECK, APP_CMD_RUN, APP_CMD_COMPARE, APP_CMD_VIEW, APP_CMD_SNAPSHOT, APP_CMD_SWEEP, APP_CMD_OPTIMIZE,
    APP_CMD_TRACE, APP_CMD_SCHEDULE
} app_cmd;

#define APP_MAX_VARY 16
#define APP_MAX_KPI_ARGS 32

/// Retrofit targets, in the order of mdl_targets.
enum { APP_TARGET_PRODUCTIVITY, APP_TARGET_COST, APP_TARGET_DEFECTS, APP_TARGET_ENERGY, APP_TARGET_COUNT };

typedef struct app_opts {
    const char *cmd;                    ///< "run", "check", "compare", "view", "snapshot", "trace"
    const char *scenes[APP_MAX_SCENES]; ///< positional arguments
    int nscenes;
    const char *sets[APP_MAX_SETS];     ///< --set PATH=VALUE, in order
    size_t nsets;
    bool has_reps, has_seed, has_horizon, has_warmup;
    int reps;
    uint64_t seed;
    double horizon, warmup;
    bool json;
    const char *out_dir;                ///< run/compare --out DIR, or NULL
    const char *report_file;            ///< --report FILE.html (run, compare, sweep, optimize), or NULL
    int threads;                        ///< -j N; 0 = one per processor
    bool has_target[APP_TARGET_COUNT];
    double target[APP_TARGET_COUNT];
    /* view and snapshot */
    double speed;                       ///< --speed; 0: the viewer's default, INFINITY: max
    bool paused, software;
    int width, height;                  ///< --size; 0 without it (view: 1280x720, snapshot: fitted)
    double quit_after_s;                ///< --quit-after N (0: never)
    long quit_after_frames;             ///< --quit-after Nf (0: never)
    bool has_at;
    double at;                          ///< snapshot --at
    const char *out_file;               ///< snapshot / schedule -o FILE
    const char *gantt_file;             ///< schedule --gantt FILE.png
    /* sweep and optimize (docs/experiments.md) */
    const char *vary[APP_MAX_VARY];     ///< --vary PATH=VALUES, in order
    int nvary;
    const char *design;                 ///< --design grid|oat|lhs:N (NULL: grid)
    const char *scenario_file;          ///< --scenarios FILE
    bool resume;                        ///< --resume
    bool warmup_auto;                   ///< --warmup auto
    const char *precision[APP_MAX_KPI_ARGS]; ///< --precision KPI=X%
    int nprecision;
    int max_reps;                       ///< --max-reps N (0: the default)
    const char *kpis;                   ///< --kpi LIST (the table's columns)
    const char *objective;              ///< --objective KPI (min|max)
    const char *objective_sense;        ///< "min", "max" or NULL
    const char *constraint[APP_MAX_KPI_ARGS]; ///< --constraint KPI<=X
    int nconstraint;
    int finalists;                      ///< --finalists N (0: all scenarios go to KN)
    bool has_delta, has_alpha;
    double delta, alpha;                ///< --delta, --alpha
    /* the event log (run) and trace */
    const char *events_file;            ///< run --events FILE, or NULL
    bool has_events_rep;
    int events_rep;                     ///< run --events-rep R (default 0)
    const char *trace_unit;             ///< trace --unit SERIAL
    const char *trace_order;            ///< trace --order ID
    bool has_rule;
    mdl_dispatch rule;                  ///< schedule --rule (default edd)
    /* run --plan (cmd_run_plan.c) */
    const char *plan_file;              ///< run --plan FILE, or NULL
    bool has_plan_policy, has_plan_tolerance;
    mdl_plan_policy plan_policy;        ///< --plan-policy (default wait)
    double plan_tolerance;              ///< --plan-tolerance, s (default 15 min)
    bool no_trial;                      ///< check --no-trial: no trial run of the traffic
    bool help;
} app_opts;

/// run --plan-tolerance's default, s.
#define APP_PLAN_TOLERANCE_DEFAULT (15.0 * 60.0)
/// run --plan FILE: reads and checks the plan and attaches it to m (0), or
/// prints every problem (2: a bad plan; 1: it cannot be read).
int app_plan_attach(const app_opts *o, mdl_model *m);

/// Parses argv[0..argc) (the arguments after the command's name) for
/// command `cmd`, the positional arguments' count included. Returns 0
/// (o->help set for -h/--help), or 2 after printing the problem and a
/// pointer to --help on stderr.
int app_opts_parse(app_opts *o, app_cmd cmd, int argc, char **argv);

/// A command's start: app_opts_parse, and `usage` on stdout for --help.
/// True when the command goes on; false with *status its exit status (0
/// after --help, 2 after a usage error).
bool app_opts_start(app_opts *o, app_cmd cmd, int argc, char **argv, const char *usage, int *status);
/// A command's run: app_opts_start, then body(o), whose result is the exit
/// status (0 after --help).
int app_command(app_cmd cmd, int argc, char **argv, const char *usage, int (*body)(app_opts *o));

/// Strict unsigned integer: digits only, at most max; false otherwise.
bool app_parse_uint(const char *s, uint64_t max, uint64_t *out);
/// Strict positive or zero decimal number ("2", "0.5", "1e3"): no sign, no
/// spaces, finite; the rest of the text after the number in *rest (must be
/// "" when rest is NULL). False when malformed.
bool app_parse_decimal(const char *s, double *out, const char **rest);

/// Loads a scene with the options' --set overrides (and, with check_layout,
/// the layout check and, unless --no-trial, the trial run of the traffic,
/// whose warnings are printed but do not fail); prints
/// every problem on stderr, and the first into summary when given. NULL
/// when the scene is invalid (*status = 2) or memory ran out (*status = 1).
mdl_model *app_load_scene(const app_opts *o, const char *path, bool check_layout, int *status, char *summary,
                          size_t summary_size);

/// The run settings: the model's, with --reps/--seed/--horizon/--warmup
/// applied. False (message printed) when the result is inconsistent.
bool app_run_settings(const app_opts *o, const mdl_model *m, mdl_run_settings *out);

/// Worker threads for a batch of `reps` replications.
int app_threads(const app_opts *o, int reps);

/// Parses a relative change "0.3", "+30%", "-30 %" (no leading or
/// trailing spaces); false when malformed.
bool app_parse_change(const char *s, double *out);

/// Prints "linetwin CMD: message" and the --help hint on stderr; returns 2.
int app_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
