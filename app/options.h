/*
 * options.h - the options that `check`, `run` and `compare` share, and
 * loading a scene with them.
 *
 * Options are written `--opt VALUE` or `--opt=VALUE` (`-j 4` or `-j4`).
 * Problems with the command line are printed as `linetwin CMD: message`
 * and give exit code 2, like problems in a scene.
 */
#ifndef LINETWIN_OPTIONS_H
#define LINETWIN_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_model.h"

#define APP_MAX_SETS 256
#define APP_MAX_SCENES 64

/// Retrofit targets, in the order of mdl_targets.
enum { APP_TARGET_PRODUCTIVITY, APP_TARGET_COST, APP_TARGET_DEFECTS, APP_TARGET_ENERGY, APP_TARGET_COUNT };

typedef struct app_opts {
    const char *cmd;                    ///< "run", "check", "compare"
    const char *scenes[APP_MAX_SCENES]; ///< positional arguments
    int nscenes;
    const char *sets[APP_MAX_SETS];     ///< --set PATH=VALUE, in order
    size_t nsets;
    bool has_reps, has_seed, has_horizon, has_warmup;
    int reps;
    uint64_t seed;
    double horizon, warmup;
    bool json;
    const char *out_dir;                ///< --out DIR, or NULL
    int threads;                        ///< -j N; 0 = one per processor
    bool has_target[APP_TARGET_COUNT];
    double target[APP_TARGET_COUNT];
    bool help;
} app_opts;

/// Parses argv[0..argc) (the arguments after the subcommand). `allow`
/// says which option groups the command takes: bit 1 run options (--reps
/// --seed --horizon --warmup --json --out -j), bit 2 targets. Returns 0, or
/// 2 after printing the problem (and a pointer to --help) on stderr.
#define APP_OPTS_RUN 1
#define APP_OPTS_TARGETS 2
int app_opts_parse(app_opts *o, const char *cmd, int argc, char **argv, unsigned allow);

/// Loads a scene with the options' --set overrides; prints every problem on
/// stderr. NULL when the scene is invalid (exit code 2).
mdl_model *app_load_scene(const app_opts *o, const char *path);

/// The run settings: the model's, with --reps/--seed/--horizon/--warmup
/// applied. False (message printed) when the result is inconsistent.
bool app_run_settings(const app_opts *o, const mdl_model *m, mdl_run_settings *out);

/// Worker threads for a batch of `reps` replications.
int app_threads(const app_opts *o, int reps);

/// Parses a relative change "0.3", "+30%", "-30 %"; false when malformed.
bool app_parse_change(const char *s, double *out);

#endif
