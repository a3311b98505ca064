/*
 * options.c - shared option parsing for check, run and compare.
 */
#include "options.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scn_scene.h"

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int usage_error(const char *cmd, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "linetwin %s: %s\n(see: linetwin %s --help)\n", cmd, msg, cmd);
    return 2;
}

/* The value of option `name` at argv[*i], written "--name VALUE" or
 * "--name=VALUE" (short options also "-jVALUE"); NULL when argv[*i] is not
 * this option; *missing when the value is absent. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing) {
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return NULL;
    if (arg[n] == '=') return arg + n + 1;
    if (arg[n] == '\0') {
        if (*i + 1 >= argc) {
            *missing = true;
            return NULL;
        }
        (*i)++;
        return argv[*i];
    }
    if (name[1] != '-' && n == 2) return arg + n;   /* -j4 */
    return NULL;
}

bool app_parse_change(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno) return false;
    while (*end == ' ') end++;
    if (*end == '%') {
        v /= 100.0;
        end++;
    }
    while (*end == ' ') end++;
    if (*end != '\0' || !isfinite(v) || v < -1 || v > 100) return false;
    *out = v;
    return true;
}

int app_opts_parse(app_opts *o, const char *cmd, int argc, char **argv, unsigned allow) {
    memset(o, 0, sizeof *o);
    o->cmd = cmd;
    static const char *const target_flags[APP_TARGET_COUNT] = {
        "--target-productivity", "--target-cost-per-unit", "--target-defect-rate", "--target-units-per-kwh"};
    bool only_positional = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char *val;
        bool missing = false;
        if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (o->nscenes == APP_MAX_SCENES) return usage_error(cmd, "too many scene files");
            o->scenes[o->nscenes++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            o->help = true;
            return 0;
        }
        if ((val = opt_value(argc, argv, &i, "--set", &missing))) {
            char err[300];
            if (!scn_check_set(val, err, sizeof err)) return usage_error(cmd, "--set %s: %s", val, err);
            if (o->nsets == APP_MAX_SETS) return usage_error(cmd, "too many --set options (at most %d)", APP_MAX_SETS);
            o->sets[o->nsets++] = val;
            continue;
        }
        if (missing) return usage_error(cmd, "%s needs a value", arg);
        if (allow & APP_OPTS_RUN) {
            if ((val = opt_value(argc, argv, &i, "--reps", &missing))) {
                char *end;
                errno = 0;
                long v = strtol(val, &end, 10);
                if (end == val || *end || errno || v < 1 || v > 100000)
                    return usage_error(cmd, "--reps: expected a number of replications from 1 to 100000, got \"%s\"", val);
                o->has_reps = true;
                o->reps = (int)v;
                continue;
            }
            if ((val = opt_value(argc, argv, &i, "--seed", &missing))) {
                char *end;
                errno = 0;
                unsigned long long v = strtoull(val, &end, 10);
                if (end == val || *end || errno || val[0] == '-' || val[0] == '+')
                    return usage_error(cmd, "--seed: expected a non-negative integer, got \"%s\"", val);
                o->has_seed = true;
                o->seed = (uint64_t)v;
                continue;
            }
            if ((val = opt_value(argc, argv, &i, "--horizon", &missing))) {
                char err[300];
                if (!scn_parse_duration(val, &o->horizon, err, sizeof err))
                    return usage_error(cmd, "--horizon: %s", err);
                if (o->horizon <= 0) return usage_error(cmd, "--horizon: must be longer than 0");
                if (o->horizon > SCN_MAX_HORIZON) return usage_error(cmd, "--horizon: at most 100 years (5218w)");
                o->has_horizon = true;
                continue;
            }
            if ((val = opt_value(argc, argv, &i, "--warmup", &missing))) {
                char err[300];
                if (!scn_parse_duration(val, &o->warmup, err, sizeof err))
                    return usage_error(cmd, "--warmup: %s", err);
                o->has_warmup = true;
                continue;
            }
            if ((val = opt_value(argc, argv, &i, "-j", &missing)) ||
                (!missing && (val = opt_value(argc, argv, &i, "--jobs", &missing)))) {
                char *end;
                errno = 0;
                long v = strtol(val, &end, 10);
                if (end == val || *end || errno || v < 0 || v > 1024)
                    return usage_error(cmd, "-j: expected a number of threads from 1 to 1024 (0: one per "
                                            "processor), got \"%s\"", val);
                o->threads = (int)v;
                continue;
            }
            if ((val = opt_value(argc, argv, &i, "--out", &missing))) {
                if (!*val) return usage_error(cmd, "--out: the directory name is empty");
                o->out_dir = val;
                continue;
            }
            if (strcmp(arg, "--json") == 0) {
                o->json = true;
                continue;
            }
            if (missing) return usage_error(cmd, "%s needs a value", arg);
        }
        if (allow & APP_OPTS_TARGETS) {
            bool matched = false;
            for (int t = 0; t < APP_TARGET_COUNT && !matched; t++) {
                if ((val = opt_value(argc, argv, &i, target_flags[t], &missing))) {
                    if (!app_parse_change(val, &o->target[t]))
                        return usage_error(cmd, "%s: expected a relative change like 0.3 or \"+30%%\", got \"%s\"",
                                           target_flags[t], val);
                    o->has_target[t] = true;
                    matched = true;
                }
            }
            if (matched) continue;
            if (missing) return usage_error(cmd, "%s needs a value", arg);
        }
        /* An unknown option: suggest the closest known one. */
        static const char *const known[] = {"--set", "--reps", "--seed", "--horizon", "--warmup", "--json",
                                            "--out", "--jobs", "--help", "--target-productivity",
                                            "--target-cost-per-unit", "--target-defect-rate",
                                            "--target-units-per-kwh"};
        char name[64];
        snprintf(name, sizeof name, "%s", arg);
        char *eq = strchr(name, '=');
        if (eq) *eq = '\0';
        int c = scn_closest(name, known, sizeof known / sizeof known[0]);
        if (c >= 0) return usage_error(cmd, "unknown option %s (did you mean %s?)", name, known[c]);
        return usage_error(cmd, "unknown option %s", name);
    }
    return 0;
}

mdl_model *app_load_scene(const app_opts *o, const char *path) {
    scn_diags *d = scn_diags_new();
    if (!d) {
        fprintf(stderr, "linetwin %s: out of memory\n", o->cmd);
        return NULL;
    }
    mdl_model *m = scn_load_file(path, o->sets, o->nsets, d);
    scn_diags_print(d, stderr);
    if (!m && scn_diags_count(d) == 0) fprintf(stderr, "%s: cannot load the scene\n", path);
    scn_diags_free(d);
    return m;
}

bool app_run_settings(const app_opts *o, const mdl_model *m, mdl_run_settings *out) {
    *out = *mdl_model_run(m);
    if (o->has_reps) out->replications = o->reps;
    if (o->has_seed) out->seed = o->seed;
    if (o->has_horizon) out->horizon = o->horizon;
    if (o->has_warmup) out->warmup = o->warmup;
    if (out->warmup >= out->horizon) {
        char w[40], h[40];
        scn_format_duration(out->warmup, w, sizeof w);
        scn_format_duration(out->horizon, h, sizeof h);
        fprintf(stderr, "linetwin %s: the warm-up (%s) must be shorter than the horizon (%s)%s\n", o->cmd, w, h,
                o->has_horizon && !o->has_warmup ? "; give a shorter --warmup too" : "");
        return false;
    }
    return true;
}

int app_threads(const app_opts *o, int reps) {
    int t = o->threads;
    if (t <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        t = n > 0 ? (int)(n > 64 ? 64 : n) : 1;
    }
    if (t > reps) t = reps;
    return t < 1 ? 1 : t;
}
