/*
 * options.c - the option parser of every command, and scene loading.
 */
#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eventlog.h"
#include "scn_scene.h"
#include "sim_units.h"

/* ---- numbers ------------------------------------------------------------ */

bool app_parse_uint(const char *s, uint64_t max, uint64_t *out) {
    if (!s || !*s) return false;
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        unsigned d = (unsigned)(*p - '0');
        if (v > (max - d) / 10) return false;   /* overflow, or beyond max */
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

bool app_parse_decimal(const char *s, double *out, const char **rest) {
    if (!s || !((*s >= '0' && *s <= '9') || *s == '.')) return false;   /* no sign, space, "inf" */
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !isfinite(v)) return false;
    for (const char *p = s; p < end; p++)
        if (*p == 'x' || *p == 'X') return false;   /* no hexadecimal */
    if (rest) *rest = end;
    else if (*end) return false;
    *out = v;
    return true;
}

bool app_parse_change(const char *s, double *out) {
    const char *p = s + (*s == '+' || *s == '-');
    if (!((*p >= '0' && *p <= '9') || *p == '.')) return false;   /* no space, "inf", "nan" */
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno) return false;
    for (const char *q = s; q < end; q++)
        if (*q == 'x' || *q == 'X') return false;
    char *q = end;
    while (*q == ' ') q++;
    if (*q == '%') {   /* "30%", "-30 %" */
        v /= 100.0;
        end = q + 1;
    }
    if (*end != '\0' || !isfinite(v) || v < -1 || v > 100) return false;
    *out = v;
    return true;
}

static bool has_outer_space(const char *s) {
    size_t n = strlen(s);
    return n > 0 && (isspace((unsigned char)s[0]) || isspace((unsigned char)s[n - 1]));
}

/* A duration option: the scene format's durations, without spaces around. */
static bool parse_duration_opt(const char *val, double *out, char *err, size_t err_size) {
    if (has_outer_space(val)) {
        snprintf(err, err_size, "expected a duration like \"45s\", \"3min\" or \"1.5h\" without spaces around it, "
                                "got \"%s\"", val);
        return false;
    }
    if (!scn_parse_duration(val, out, err, err_size)) return false;
    if (!isfinite(*out)) {
        snprintf(err, err_size, "the duration \"%s\" is too long", val);
        return false;
    }
    return true;
}

/* "WxH", each from 16 to 16384. */
static bool parse_size(const char *s, int *w, int *h) {
    const char *x = strpbrk(s, "xX");
    if (!x || x == s || (size_t)(x - s) > 10) return false;
    char a[12];
    memcpy(a, s, (size_t)(x - s));
    a[x - s] = '\0';
    uint64_t ww, hh;
    if (!app_parse_uint(a, 16384, &ww) || !app_parse_uint(x + 1, 16384, &hh) || ww < 16 || hh < 16) return false;
    *w = (int)ww;
    *h = (int)hh;
    return true;
}

/* ---- the option table -------------------------------------------------------- */

enum {
    CMD_CHECK = 1u << APP_CMD_CHECK,
    CMD_RUN = 1u << APP_CMD_RUN,
    CMD_COMPARE = 1u << APP_CMD_COMPARE,
    CMD_VIEW = 1u << APP_CMD_VIEW,
    CMD_SNAPSHOT = 1u << APP_CMD_SNAPSHOT,
    CMD_SWEEP = 1u << APP_CMD_SWEEP,
    CMD_OPTIMIZE = 1u << APP_CMD_OPTIMIZE,
    CMD_EXP = CMD_SWEEP | CMD_OPTIMIZE,
    CMD_TRACE = 1u << APP_CMD_TRACE,
    CMD_SCHEDULE = 1u << APP_CMD_SCHEDULE,
    CMD_BATCH = CMD_RUN | CMD_COMPARE | CMD_EXP,
    CMD_ALL = CMD_CHECK | CMD_RUN | CMD_COMPARE | CMD_VIEW | CMD_SNAPSHOT | CMD_EXP | CMD_SCHEDULE,
    CMD_SCENES = CMD_ALL, /* the commands that load scenes (--set) */
};

typedef enum opt_id {
    OPT_HELP, OPT_SET, OPT_REPS, OPT_SEED, OPT_HORIZON, OPT_WARMUP, OPT_JSON, OPT_OUT_DIR, OPT_JOBS,
    OPT_TARGET_PRODUCTIVITY, OPT_TARGET_COST, OPT_TARGET_DEFECTS, OPT_TARGET_ENERGY,
    OPT_SPEED, OPT_PAUSED, OPT_SIZE, OPT_SOFTWARE, OPT_QUIT_AFTER, OPT_AT, OPT_OUT_FILE,
    OPT_VARY, OPT_DESIGN, OPT_SCENARIOS, OPT_RESUME, OPT_PRECISION, OPT_MAX_REPS, OPT_KPI, OPT_OBJECTIVE,
    OPT_CONSTRAINT, OPT_DELTA, OPT_ALPHA, OPT_EVENTS, OPT_EVENTS_REP, OPT_UNIT, OPT_ORDER, OPT_RULE, OPT_FINALISTS,
    OPT_PLAN, OPT_PLAN_POLICY, OPT_PLAN_TOLERANCE, OPT_REPORT, OPT_GANTT, OPT_COUNT
} opt_id;

/* Every option of every command: its long name, short name, whether it
 * takes a value, whether it may be repeated, and the commands that take it. */
static const struct opt_def {
    const char *name, *short_name;
    bool value, repeatable;
    unsigned cmds;
} opt_defs[OPT_COUNT] = {
    [OPT_HELP] = {"--help", "-h", false, false, CMD_ALL | CMD_TRACE},
    [OPT_SET] = {"--set", NULL, true, true, CMD_SCENES},
    [OPT_REPS] = {"--reps", NULL, true, false, CMD_BATCH},
    [OPT_SEED] = {"--seed", NULL, true, false, CMD_BATCH | CMD_VIEW | CMD_SNAPSHOT},
    [OPT_HORIZON] = {"--horizon", NULL, true, false, CMD_BATCH},
    [OPT_WARMUP] = {"--warmup", NULL, true, false, CMD_BATCH},
    [OPT_JSON] = {"--json", NULL, false, false, CMD_BATCH},
    [OPT_OUT_DIR] = {"--out", NULL, true, false, CMD_BATCH},
    [OPT_JOBS] = {"--jobs", "-j", true, false, CMD_BATCH},
    [OPT_TARGET_PRODUCTIVITY] = {"--target-productivity", NULL, true, false, CMD_COMPARE},
    [OPT_TARGET_COST] = {"--target-cost-per-unit", NULL, true, false, CMD_COMPARE},
    [OPT_TARGET_DEFECTS] = {"--target-defect-rate", NULL, true, false, CMD_COMPARE},
    [OPT_TARGET_ENERGY] = {"--target-units-per-kwh", NULL, true, false, CMD_COMPARE},
    [OPT_SPEED] = {"--speed", NULL, true, false, CMD_VIEW},
    [OPT_PAUSED] = {"--paused", NULL, false, false, CMD_VIEW},
    [OPT_SIZE] = {"--size", NULL, true, false, CMD_VIEW | CMD_SNAPSHOT},
    [OPT_SOFTWARE] = {"--software", NULL, false, false, CMD_VIEW},
    [OPT_QUIT_AFTER] = {"--quit-after", NULL, true, false, CMD_VIEW},
    [OPT_AT] = {"--at", NULL, true, false, CMD_SNAPSHOT},
    [OPT_OUT_FILE] = {"--out", "-o", true, false, CMD_SNAPSHOT | CMD_SCHEDULE},
    [OPT_VARY] = {"--vary", NULL, true, true, CMD_EXP},
    [OPT_DESIGN] = {"--design", NULL, true, false, CMD_EXP},
    [OPT_SCENARIOS] = {"--scenarios", NULL, true, false, CMD_EXP},
    [OPT_RESUME] = {"--resume", NULL, false, false, CMD_EXP},
    [OPT_PRECISION] = {"--precision", NULL, true, true, CMD_SWEEP},
    [OPT_MAX_REPS] = {"--max-reps", NULL, true, false, CMD_EXP},
    [OPT_KPI] = {"--kpi", NULL, true, false, CMD_SWEEP},
    [OPT_OBJECTIVE] = {"--objective", NULL, true, false, CMD_OPTIMIZE},
    [OPT_CONSTRAINT] = {"--constraint", NULL, true, true, CMD_OPTIMIZE},
    [OPT_DELTA] = {"--delta", NULL, true, false, CMD_OPTIMIZE},
    [OPT_ALPHA] = {"--alpha", NULL, true, false, CMD_OPTIMIZE},
    [OPT_EVENTS] = {"--events", NULL, true, false, CMD_RUN},
    [OPT_EVENTS_REP] = {"--events-rep", NULL, true, false, CMD_RUN},
    [OPT_UNIT] = {"--unit", NULL, true, false, CMD_TRACE},
    [OPT_ORDER] = {"--order", NULL, true, false, CMD_TRACE},
    [OPT_RULE] = {"--rule", NULL, true, false, CMD_SCHEDULE},
    [OPT_FINALISTS] = {"--finalists", NULL, true, false, CMD_OPTIMIZE},
    [OPT_PLAN] = {"--plan", NULL, true, false, CMD_RUN | CMD_VIEW | CMD_SNAPSHOT},
    [OPT_PLAN_POLICY] = {"--plan-policy", NULL, true, false, CMD_RUN | CMD_VIEW | CMD_SNAPSHOT},
    [OPT_PLAN_TOLERANCE] = {"--plan-tolerance", NULL, true, false, CMD_RUN | CMD_VIEW | CMD_SNAPSHOT},
    [OPT_REPORT] = {"--report", NULL, true, false, CMD_BATCH},
    [OPT_GANTT] = {"--gantt", NULL, true, false, CMD_SCHEDULE},
};

/* The positional arguments each command takes. */
static const struct cmd_def {
    const char *name;
    int min_scenes, max_scenes;
    const char *scenes;   /* how the usage names them */
} cmd_defs[] = {
    [APP_CMD_CHECK] = {"check", 1, APP_MAX_SCENES, "one to 64 scenes"},
    [APP_CMD_RUN] = {"run", 1, 1, "one scene"},
    [APP_CMD_COMPARE] = {"compare", 2, 2, "two scenes, BASE and RETROFIT"},
    [APP_CMD_VIEW] = {"view", 1, 2, "a scene and at most one RETROFIT"},
    [APP_CMD_SNAPSHOT] = {"snapshot", 1, 2, "a scene and at most one RETROFIT"},
    [APP_CMD_SWEEP] = {"sweep", 1, 1, "one scene"},
    [APP_CMD_OPTIMIZE] = {"optimize", 1, 1, "one scene"},
    [APP_CMD_TRACE] = {"trace", 1, 1, "one event log (CSV)"},
    [APP_CMD_SCHEDULE] = {"schedule", 1, 1, "one scene"},
};

int app_usage_error(const char *cmd, const char *fmt, ...) {
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "linetwin %s: %s\n(see: linetwin %s --help)\n", cmd, msg, cmd);
    return 2;
}

/* The option argv[i] names for command bit `cmd`, its value in *val (NULL
 * when it takes none or it is missing) and whether the value was attached
 * ("--opt=V", "-jV"). OPT_COUNT when no option of cmd matches. */
static opt_id find_option(const char *arg, unsigned cmd, const char **val, bool *attached) {
    *val = NULL;
    *attached = false;
    for (int k = 0; k < OPT_COUNT; k++) {
        const struct opt_def *d = &opt_defs[k];
        if (!(d->cmds & cmd)) continue;
        size_t n = strlen(d->name);
        if (strncmp(arg, d->name, n) == 0 && (arg[n] == '\0' || arg[n] == '=')) {
            if (arg[n] == '=') *val = arg + n + 1, *attached = true;
            return (opt_id)k;
        }
        if (d->short_name && strncmp(arg, d->short_name, 2) == 0) {
            if (arg[2] == '\0') return (opt_id)k;
            if (d->value) {
                *val = arg + 2 + (arg[2] == '=');
                *attached = true;
                return (opt_id)k;
            }
        }
    }
    return OPT_COUNT;
}

/* An option this command does not know: the closest of its own as a hint,
 * or the command that has it. */
static int unknown_option(const char *cmd_name, unsigned cmd, const char *arg) {
    char name[64];
    snprintf(name, sizeof name, "%s", arg);
    char *eq = strchr(name, '=');
    if (eq) *eq = '\0';
    for (int k = 0; k < OPT_COUNT; k++)
        if (strcmp(name, opt_defs[k].name) == 0 ||
            (opt_defs[k].short_name && strcmp(name, opt_defs[k].short_name) == 0)) {
            for (int c = 0; c < (int)(sizeof cmd_defs / sizeof cmd_defs[0]); c++)
                if (opt_defs[k].cmds & (1u << c))
                    return app_usage_error(cmd_name, "%s is not an option of %s (it is one of `linetwin %s`)", name,
                                       cmd_name, cmd_defs[c].name);
        }
    /* Compared without the dashes, which every option shares. */
    const char *known[OPT_COUNT];
    size_t n = 0;
    for (int k = 0; k < OPT_COUNT; k++)
        if (opt_defs[k].cmds & cmd) known[n++] = opt_defs[k].name + 2;
    const char *word = name;
    while (*word == '-') word++;
    int c = scn_closest(word, known, n);
    if (c >= 0) return app_usage_error(cmd_name, "unknown option %s (did you mean --%s?)", name, known[c]);
    return app_usage_error(cmd_name, "unknown option %s", name);
}

/* What a take_*_value helper returns for an option of another group. */
enum { OPT_NOT_MINE = -1 };

/* A number of `what` from lo to hi into *out (0), or the usage error. */
static int take_count(const app_opts *o, const char *flag, const char *val, const char *what, int lo, int hi,
                      int *out) {
    uint64_t u;
    if (!app_parse_uint(val, (uint64_t)hi, &u) || u < (uint64_t)lo)
        return app_usage_error(o->cmd, "%s: expected a number of %s from %d to %d, got \"%s\"", flag, what, lo, hi,
                               val);
    *out = (int)u;
    return 0;
}

/* The scene and run options: --set, replications, seed, times, threads, outputs. */
static int take_run_value(app_opts *o, opt_id id, const char *flag, const char *val) {
    const char *cmd = o->cmd;
    char err[300];
    uint64_t u;
    switch (id) {
    case OPT_SET:
        if (!scn_check_set(val, err, sizeof err)) return app_usage_error(cmd, "--set %s: %s", val, err);
        if (o->nsets == APP_MAX_SETS) return app_usage_error(cmd, "too many --set options (at most %d)", APP_MAX_SETS);
        o->sets[o->nsets++] = val;
        return 0;
    case OPT_REPS:
        o->has_reps = true;
        return take_count(o, flag, val, "replications", 1, 100000, &o->reps);
    case OPT_SEED:
        if (!app_parse_uint(val, UINT64_MAX, &u))
            return app_usage_error(cmd, "%s: expected an integer from 0 to %llu (digits only), got \"%s\"", flag,
                               (unsigned long long)UINT64_MAX, val);
        o->has_seed = true;
        o->seed = u;
        return 0;
    case OPT_HORIZON:
        if (!parse_duration_opt(val, &o->horizon, err, sizeof err)) return app_usage_error(cmd, "%s: %s", flag, err);
        if (o->horizon <= 0) return app_usage_error(cmd, "%s: must be longer than 0", flag);
        if (o->horizon > SCN_MAX_HORIZON) return app_usage_error(cmd, "%s: at most 100 years (5218w)", flag);
        o->has_horizon = true;
        return 0;
    case OPT_WARMUP:
        if (strcmp(val, "auto") == 0 && (strcmp(cmd, "sweep") == 0 || strcmp(cmd, "optimize") == 0)) {
            o->warmup_auto = true;
            return 0;
        }
        if (!parse_duration_opt(val, &o->warmup, err, sizeof err)) return app_usage_error(cmd, "%s: %s", flag, err);
        o->has_warmup = true;
        return 0;
    case OPT_AT:
        if (!parse_duration_opt(val, &o->at, err, sizeof err)) return app_usage_error(cmd, "%s: %s", flag, err);
        o->has_at = true;
        return 0;
    case OPT_JOBS:
        if (!app_parse_uint(val, 1024, &u))
            return app_usage_error(cmd, "%s: expected a number of threads from 1 to 1024 (0: one per processor), "
                                    "got \"%s\"", flag, val);
        o->threads = (int)u;
        return 0;
    case OPT_REPORT:
        if (!*val) return app_usage_error(cmd, "%s: the file name is empty", flag);
        o->report_file = val;
        return 0;
    case OPT_GANTT:
        if (!*val) return app_usage_error(cmd, "%s: the file name is empty", flag);
        o->gantt_file = val;
        return 0;
    case OPT_OUT_DIR:
    case OPT_OUT_FILE:
        if (!*val) return app_usage_error(cmd, "%s: the %s name is empty", flag, id == OPT_OUT_DIR ? "folder" : "file");
        if (id == OPT_OUT_DIR) o->out_dir = val;
        else o->out_file = val;
        return 0;
    default:
        return OPT_NOT_MINE;
    }
}

/* The event log options and the trace command's unit and order. */
static int take_log_value(app_opts *o, opt_id id, const char *flag, const char *val) {
    const char *cmd = o->cmd;
    uint64_t u;
    switch (id) {
    case OPT_EVENTS:
        if (!*val) return app_usage_error(cmd, "%s: the file name is empty", flag);
        eventlog_format fmt;
        if (!eventlog_format_of(val, &fmt))
            return app_usage_error(cmd, "%s %s: the format is named by the extension: .csv (CSV) or .json, .jsonocel "
                                    "(OCEL 2.0 JSON)", flag, val);
        o->events_file = val;
        return 0;
    case OPT_EVENTS_REP:
        if (!app_parse_uint(val, 99999, &u))
            return app_usage_error(cmd, "%s: expected a replication from 0 to 99999, got \"%s\"", flag, val);
        o->has_events_rep = true;
        o->events_rep = (int)u;
        return 0;
    case OPT_PLAN: /* run --plan (cmd_run_plan.c) */
        if (!*val) return app_usage_error(cmd, "%s: the file name is empty", flag);
        o->plan_file = val;
        return 0;
    case OPT_PLAN_POLICY:
        o->plan_policy = mdl_plan_policy_parse(val);
        if (o->plan_policy == MDL_PLAN_POLICY_COUNT)
            return app_usage_error(cmd, "%s: no policy \"%s\" (policies: wait, next)", flag, val);
        o->has_plan_policy = true;
        return 0;
    case OPT_PLAN_TOLERANCE: {
        char err[200];
        if (!parse_duration_opt(val, &o->plan_tolerance, err, sizeof err))
            return app_usage_error(cmd, "%s: %s", flag, err);
        o->has_plan_tolerance = true;
        return 0;
    }
    case OPT_UNIT:
    case OPT_ORDER:
        if (!*val) return app_usage_error(cmd, "%s: empty", flag);
        if (id == OPT_UNIT) o->trace_unit = val;
        else o->trace_order = val;
        return 0;
    default:
        return OPT_NOT_MINE;
    }
}

/* The compare targets and the dispatching rule. */
static int take_compare_value(app_opts *o, opt_id id, const char *flag, const char *val) {
    const char *cmd = o->cmd;
    switch (id) {
    case OPT_TARGET_PRODUCTIVITY:
    case OPT_TARGET_COST:
    case OPT_TARGET_DEFECTS:
    case OPT_TARGET_ENERGY: {
        int t = (int)id - (int)OPT_TARGET_PRODUCTIVITY;
        if (!app_parse_change(val, &o->target[t]))
            return app_usage_error(cmd, "%s: expected a relative change like 0.3 or \"+30%%\", got \"%s\"", flag, val);
        o->has_target[t] = true;
        return 0;
    }
    case OPT_RULE: {
        const char *names[MDL_DISPATCH_COUNT];
        for (int k = 0; k < MDL_DISPATCH_COUNT; k++) {
            names[k] = mdl_dispatch_name((mdl_dispatch)k);
            if (strcmp(val, names[k]) == 0) {
                o->rule = (mdl_dispatch)k;
                o->has_rule = true;
                return 0;
            }
        }
        int c = scn_closest(val, names, MDL_DISPATCH_COUNT);
        return app_usage_error(cmd, "%s: no rule \"%s\"%s%s%s (rules: fifo, edd, spt, priority, cr, slack, atc, setup)",
                           flag, val, c >= 0 ? " (did you mean " : "", c >= 0 ? names[c] : "", c >= 0 ? "?)" : "");
    }
    default:
        return OPT_NOT_MINE;
    }
}

/* The viewer options: speed, window size, quit after. */
static int take_view_value(app_opts *o, opt_id id, const char *flag, const char *val) {
    const char *cmd = o->cmd;
    switch (id) {
    case OPT_SPEED:
        if (strcmp(val, "max") == 0) {
            o->speed = INFINITY;
            return 0;
        }
        if (!app_parse_decimal(val, &o->speed, NULL) || !(o->speed > 0))
            return app_usage_error(cmd, "%s: expected a factor > 0 or \"max\", got \"%s\"", flag, val);
        return 0;
    case OPT_SIZE:
        if (!parse_size(val, &o->width, &o->height))
            return app_usage_error(cmd, "%s: expected WxH between 16x16 and 16384x16384, got \"%s\"", flag, val);
        return 0;
    case OPT_QUIT_AFTER: {
        const char *rest;
        double n;
        /* Bounded so that a count of frames fits a long and a time in
         * seconds means something (a year at most, 1e9 frames: converting
         * 1e19 to an integer is undefined). */
        if (!app_parse_decimal(val, &n, &rest) || !(n > 0) || (*rest && strcmp(rest, "f") != 0) ||
            !(n <= (*rest ? 1e9 : 366.0 * SIM_DAY)))
            return app_usage_error(cmd, "%s: expected seconds (2, 0.5; at most a year, 31622400) or frames "
                                    "(300f; at most 1e9f), got \"%s\"", flag, val);
        if (*rest == 'f') o->quit_after_frames = (long)ceil(n);
        else o->quit_after_s = n;
        return 0;
    }
    default:
        return OPT_NOT_MINE;
    }
}

/* The experiment options of sweep and optimize. */
static int take_experiment_value(app_opts *o, opt_id id, const char *flag, const char *val) {
    const char *cmd = o->cmd;
    switch (id) {
    case OPT_VARY:
        if (o->nvary == APP_MAX_VARY) return app_usage_error(cmd, "too many --vary options (at most %d)", APP_MAX_VARY);
        o->vary[o->nvary++] = val;
        return 0;
    case OPT_DESIGN: o->design = val; return 0;
    case OPT_SCENARIOS:
        if (!*val) return app_usage_error(cmd, "%s: the file name is empty", flag);
        o->scenario_file = val;
        return 0;
    case OPT_PRECISION:
        if (o->nprecision == APP_MAX_KPI_ARGS) return app_usage_error(cmd, "too many %s options", flag);
        o->precision[o->nprecision++] = val;
        return 0;
    case OPT_CONSTRAINT:
        if (o->nconstraint == APP_MAX_KPI_ARGS) return app_usage_error(cmd, "too many %s options", flag);
        o->constraint[o->nconstraint++] = val;
        return 0;
    case OPT_MAX_REPS:
        return take_count(o, flag, val, "replications", 2, 100000, &o->max_reps);
    case OPT_KPI: o->kpis = val; return 0;
    case OPT_FINALISTS:
        return take_count(o, flag, val, "finalists", 2, 100000, &o->finalists);
    case OPT_OBJECTIVE: o->objective = val; return 0;
    case OPT_DELTA:
        if (!app_parse_decimal(val, &o->delta, NULL) || !(o->delta > 0))
            return app_usage_error(cmd, "%s: expected the indifference zone, a number > 0 in the KPI's unit, got \"%s\"",
                               flag, val);
        o->has_delta = true;
        return 0;
    case OPT_ALPHA:
        if (!app_parse_decimal(val, &o->alpha, NULL) || !(o->alpha > 0 && o->alpha < 0.5))
            return app_usage_error(cmd, "%s: expected 1 - the probability of correct selection, between 0 and 0.5 "
                                    "(0.05 for 95 %%), got \"%s\"", flag, val);
        o->has_alpha = true;
        return 0;
    default:
        return OPT_NOT_MINE;
    }
}

/* Stores the value of option id; 0 or the exit code after a message. */
static int take_value(app_opts *o, opt_id id, const char *flag, const char *val) {
    int rc = take_run_value(o, id, flag, val);
    if (rc == OPT_NOT_MINE) rc = take_log_value(o, id, flag, val);
    if (rc == OPT_NOT_MINE) rc = take_compare_value(o, id, flag, val);
    if (rc == OPT_NOT_MINE) rc = take_view_value(o, id, flag, val);
    if (rc == OPT_NOT_MINE) rc = take_experiment_value(o, id, flag, val);
    return rc == OPT_NOT_MINE ? 0 : rc;
}

int app_opts_parse(app_opts *o, app_cmd cmd, int argc, char **argv) {
    memset(o, 0, sizeof *o);
    const struct cmd_def *cd = &cmd_defs[cmd];
    const char *name = cd->name;
    unsigned bit = 1u << cmd;
    o->cmd = name;
    o->width = 1280;
    o->height = 720;
    int seen[OPT_COUNT] = {0};
    bool only_positional = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (o->nscenes == cd->max_scenes)
                return app_usage_error(name, "expected %s, got more: %s", cd->scenes, arg);
            o->scenes[o->nscenes++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = true;
            continue;
        }
        const char *val;
        bool attached;
        opt_id id = find_option(arg, bit, &val, &attached);
        if (id == OPT_COUNT) return unknown_option(name, bit, arg);
        const struct opt_def *d = &opt_defs[id];
        if (id == OPT_HELP && !attached) {
            o->help = true;
            return 0;
        }
        char flag[64];
        snprintf(flag, sizeof flag, "%s", arg);
        char *eq = strchr(flag, '=');
        if (eq) *eq = '\0';
        if (d->short_name && strncmp(flag, d->short_name, 2) == 0) flag[2] = '\0';
        if (!d->value) {
            if (attached) return app_usage_error(name, "%s takes no value", flag);
        } else if (!attached) {
            if (i + 1 >= argc) return app_usage_error(name, "%s needs a value", flag);
            val = argv[++i];
        }
        if (seen[id]++ && !d->repeatable) return app_usage_error(name, "%s is given twice (give it once)", flag);
        switch (id) {
        case OPT_JSON: o->json = true; break;
        case OPT_PAUSED: o->paused = true; break;
        case OPT_SOFTWARE: o->software = true; break;
        case OPT_RESUME: o->resume = true; break;
        default: {
            int rc = take_value(o, id, flag, val);
            if (rc) return rc;
            /* `--objective KPI max`: the sense may follow as its own word */
            if (id == OPT_OBJECTIVE && i + 1 < argc && (strcmp(argv[i + 1], "min") == 0 || strcmp(argv[i + 1], "max") == 0))
                o->objective_sense = argv[++i];
        }
        }
    }
    if (o->nscenes < cd->min_scenes)
        return app_usage_error(name, "expected %s, got %d", cd->scenes, o->nscenes);
    if (cmd == APP_CMD_SNAPSHOT && !o->has_at)
        return app_usage_error(name, "missing --at DUR (the simulated time of the picture)");
    if (cmd == APP_CMD_SNAPSHOT && !o->out_file) return app_usage_error(name, "missing -o FILE.png");
    if (o->has_events_rep && !o->events_file) return app_usage_error(name, "--events-rep needs --events FILE");
    if ((o->has_plan_policy || o->has_plan_tolerance) && !o->plan_file)
        return app_usage_error(name, "--plan-policy and --plan-tolerance need --plan FILE");
    if (cmd == APP_CMD_TRACE && !!o->trace_unit == !!o->trace_order)
        return app_usage_error(name, "give one of --unit SERIAL or --order ID");
    return 0;
}

bool app_opts_start(app_opts *o, app_cmd cmd, int argc, char **argv, const char *usage, int *status) {
    *status = app_opts_parse(o, cmd, argc, argv);
    if (*status == 0 && o->help) fputs(usage, stdout);
    return *status == 0 && !o->help;
}

int app_command(app_cmd cmd, int argc, char **argv, const char *usage, int (*body)(app_opts *o)) {
    app_opts o;
    int status;
    return app_opts_start(&o, cmd, argc, argv, usage, &status) ? body(&o) : status;
}

/* A problem the loader reports for memory, not for the scene: a run
 * failure (exit code 1), not bad input. */
static bool out_of_memory(const scn_diags *d) {
    for (size_t i = 0; i < scn_diags_count(d); i++)
        if (strstr(scn_diags_get(d, i), "out of memory")) return true;
    return false;
}

mdl_model *app_load_scene(const app_opts *o, const char *path, bool check_layout, int *status, char *summary,
                          size_t summary_size) {
    scn_diags *d = scn_diags_new(), *w = check_layout ? scn_diags_new() : NULL;
    if (!d || (check_layout && !w)) {
        fprintf(stderr, "linetwin %s: %s: out of memory\n", o->cmd, path);
        if (summary && summary_size) snprintf(summary, summary_size, "%s: out of memory", path);
        scn_diags_free(d);
        scn_diags_free(w);
        *status = 1;
        return NULL;
    }
    mdl_model *m = check_layout ? scn_load_file_checked(path, o->sets, o->nsets, d, w)
                                : scn_load_file(path, o->sets, o->nsets, d);
    scn_diags_print(d, stderr);
    if (w) scn_diags_print(w, stderr);
    size_t n = scn_diags_count(d);
    if (!m && n == 0) fprintf(stderr, "%s: cannot load the scene\n", path);
    if (!m && summary && summary_size) {
        if (n == 0) snprintf(summary, summary_size, "%s: cannot load the scene", path);
        else if (n == 1) snprintf(summary, summary_size, "%s", scn_diags_get(d, 0));
        else snprintf(summary, summary_size, "%s (and %zu more)", scn_diags_get(d, 0), n - 1);
    }
    *status = m ? 0 : out_of_memory(d) ? 1 : 2;
    scn_diags_free(d);
    scn_diags_free(w);
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
