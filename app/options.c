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
    OPT_PLAN, OPT_PLAN_POLICY, OPT_PLAN_TOLERANCE, OPT_REPORT, OPT_GANTT, OPT_NO_TRIAL, OPT_COUNT
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
    [OPT_NO_TRIAL] = {"--no-trial", NULL, false, false, CMD_CHECK},
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

/* ---- option values ------------------------------------------------------------ */

/* The types of option value one parser reads (take_typed); OV_OTHER: an
 * option with its own reading (take_choice_value, take_time_value). */
typedef enum opt_kind {
    OV_OTHER,    /* below */
    OV_FLAG,     /* no value: the bool is set */
    OV_TEXT,     /* any text, checked by the command */
    OV_NAME,     /* a file or folder name: not empty */
    OV_INT,      /* digits only, from lo to hi */
    OV_DECIMAL,  /* app_parse_decimal, above lo and below hi */
    OV_CHANGE,   /* app_parse_change: a relative change */
    OV_DURATION, /* a duration without spaces around it */
    OV_LIST,     /* repeatable text, hi at most, in order */
} opt_kind;

/* How each option's value is read and where it goes: the offsets in
 * app_opts of the value and of its has_ flag (OV_LIST: of its count;
 * 0: no flag), the range, and the words of the usage error: `what` names
 * the thing ("replications", "file"; OV_NAME without it: "empty"), `expect`
 * is the whole "expected ..." (OV_INT without it: "a number of WHAT from LO
 * to HI"). */
static const struct opt_value {
    opt_kind kind;
    size_t at, has;
    double lo, hi;
    const char *what, *expect;
} opt_values[OPT_COUNT] = {
    [OPT_JSON] = {OV_FLAG, offsetof(app_opts, json), 0, 0, 0, NULL, NULL},
    [OPT_PAUSED] = {OV_FLAG, offsetof(app_opts, paused), 0, 0, 0, NULL, NULL},
    [OPT_SOFTWARE] = {OV_FLAG, offsetof(app_opts, software), 0, 0, 0, NULL, NULL},
    [OPT_RESUME] = {OV_FLAG, offsetof(app_opts, resume), 0, 0, 0, NULL, NULL},
    [OPT_NO_TRIAL] = {OV_FLAG, offsetof(app_opts, no_trial), 0, 0, 0, NULL, NULL},
    [OPT_DESIGN] = {OV_TEXT, offsetof(app_opts, design), 0, 0, 0, NULL, NULL},
    [OPT_KPI] = {OV_TEXT, offsetof(app_opts, kpis), 0, 0, 0, NULL, NULL},
    [OPT_OBJECTIVE] = {OV_TEXT, offsetof(app_opts, objective), 0, 0, 0, NULL, NULL},
    [OPT_OUT_DIR] = {OV_NAME, offsetof(app_opts, out_dir), 0, 0, 0, "folder", NULL},
    [OPT_OUT_FILE] = {OV_NAME, offsetof(app_opts, out_file), 0, 0, 0, "file", NULL},
    [OPT_REPORT] = {OV_NAME, offsetof(app_opts, report_file), 0, 0, 0, "file", NULL},
    [OPT_GANTT] = {OV_NAME, offsetof(app_opts, gantt_file), 0, 0, 0, "file", NULL},
    [OPT_SCENARIOS] = {OV_NAME, offsetof(app_opts, scenario_file), 0, 0, 0, "file", NULL},
    [OPT_PLAN] = {OV_NAME, offsetof(app_opts, plan_file), 0, 0, 0, "file", NULL},
    [OPT_UNIT] = {OV_NAME, offsetof(app_opts, trace_unit), 0, 0, 0, NULL, NULL},
    [OPT_ORDER] = {OV_NAME, offsetof(app_opts, trace_order), 0, 0, 0, NULL, NULL},
    [OPT_REPS] = {OV_INT, offsetof(app_opts, reps), offsetof(app_opts, has_reps), 1, 100000, "replications", NULL},
    [OPT_MAX_REPS] = {OV_INT, offsetof(app_opts, max_reps), 0, 2, 100000, "replications", NULL},
    [OPT_FINALISTS] = {OV_INT, offsetof(app_opts, finalists), 0, 2, 100000, "finalists", NULL},
    [OPT_JOBS] = {OV_INT, offsetof(app_opts, threads), 0, 0, 1024, NULL,
                  "expected a number of threads from 1 to 1024 (0: one per processor)"},
    [OPT_EVENTS_REP] = {OV_INT, offsetof(app_opts, events_rep), offsetof(app_opts, has_events_rep), 0, 99999, NULL,
                        "expected a replication from 0 to 99999"},
    [OPT_DELTA] = {OV_DECIMAL, offsetof(app_opts, delta), offsetof(app_opts, has_delta), 0, INFINITY, NULL,
                   "expected the indifference zone, a number > 0 in the KPI's unit"},
    [OPT_ALPHA] = {OV_DECIMAL, offsetof(app_opts, alpha), offsetof(app_opts, has_alpha), 0, 0.5, NULL,
                   "expected 1 - the probability of correct selection, between 0 and 0.5 (0.05 for 95 %)"},
    [OPT_TARGET_PRODUCTIVITY] = {OV_CHANGE, offsetof(app_opts, target[APP_TARGET_PRODUCTIVITY]),
                                 offsetof(app_opts, has_target[APP_TARGET_PRODUCTIVITY]), 0, 0, NULL, NULL},
    [OPT_TARGET_COST] = {OV_CHANGE, offsetof(app_opts, target[APP_TARGET_COST]),
                         offsetof(app_opts, has_target[APP_TARGET_COST]), 0, 0, NULL, NULL},
    [OPT_TARGET_DEFECTS] = {OV_CHANGE, offsetof(app_opts, target[APP_TARGET_DEFECTS]),
                            offsetof(app_opts, has_target[APP_TARGET_DEFECTS]), 0, 0, NULL, NULL},
    [OPT_TARGET_ENERGY] = {OV_CHANGE, offsetof(app_opts, target[APP_TARGET_ENERGY]),
                           offsetof(app_opts, has_target[APP_TARGET_ENERGY]), 0, 0, NULL, NULL},
    [OPT_AT] = {OV_DURATION, offsetof(app_opts, at), offsetof(app_opts, has_at), 0, 0, NULL, NULL},
    [OPT_PLAN_TOLERANCE] = {OV_DURATION, offsetof(app_opts, plan_tolerance), offsetof(app_opts, has_plan_tolerance),
                            0, 0, NULL, NULL},
    [OPT_VARY] = {OV_LIST, offsetof(app_opts, vary), offsetof(app_opts, nvary), 0, APP_MAX_VARY, NULL, NULL},
    [OPT_PRECISION] = {OV_LIST, offsetof(app_opts, precision), offsetof(app_opts, nprecision), 0, APP_MAX_KPI_ARGS,
                       NULL, NULL},
    [OPT_CONSTRAINT] = {OV_LIST, offsetof(app_opts, constraint), offsetof(app_opts, nconstraint), 0,
                        APP_MAX_KPI_ARGS, NULL, NULL},
};

/* What take_choice_value returns for an option it does not read. */
enum { OPT_NOT_MINE = -1 };

/* Reads val as option d's type into o (0), or prints the usage error (2). */
static int take_typed(app_opts *o, const struct opt_value *d, const char *flag, const char *val) {
    char *at = (char *)o + d->at;
    char err[300];
    uint64_t u;
    double x;
    switch (d->kind) {
    case OV_OTHER: return OPT_NOT_MINE;
    case OV_FLAG: *(bool *)at = true; return 0;
    case OV_TEXT: *(const char **)at = val; return 0;
    case OV_NAME:
        if (!*val && d->what) return app_usage_error(o->cmd, "%s: the %s name is empty", flag, d->what);
        if (!*val) return app_usage_error(o->cmd, "%s: empty", flag);
        *(const char **)at = val;
        return 0;
    case OV_INT:
        if (!app_parse_uint(val, (uint64_t)d->hi, &u) || (double)u < d->lo) {
            if (d->expect) return app_usage_error(o->cmd, "%s: %s, got \"%s\"", flag, d->expect, val);
            return app_usage_error(o->cmd, "%s: expected a number of %s from %.0f to %.0f, got \"%s\"", flag, d->what,
                                   d->lo, d->hi, val);
        }
        *(int *)at = (int)u;
        break;
    case OV_DECIMAL:
        if (!app_parse_decimal(val, &x, NULL) || !(x > d->lo && x < d->hi))
            return app_usage_error(o->cmd, "%s: %s, got \"%s\"", flag, d->expect, val);
        *(double *)at = x;
        break;
    case OV_CHANGE:
        if (!app_parse_change(val, (double *)at))
            return app_usage_error(o->cmd, "%s: expected a relative change like 0.3 or \"+30%%\", got \"%s\"", flag,
                                   val);
        break;
    case OV_DURATION:
        if (!parse_duration_opt(val, (double *)at, err, sizeof err)) return app_usage_error(o->cmd, "%s: %s", flag, err);
        break;
    case OV_LIST: {
        int *n = (int *)((char *)o + d->has);
        if (*n == (int)d->hi) return app_usage_error(o->cmd, "too many %s options (at most %d)", flag, *n);
        ((const char **)at)[(*n)++] = val;
        return 0;
    }
    }
    if (d->has) *(bool *)((char *)o + d->has) = true;
    return 0;
}

/* The options read by name or by choice: --set, the event log's format, the
 * plan policy, the dispatching rule. */
static int take_choice_value(app_opts *o, opt_id id, const char *flag, const char *val) {
    const char *cmd = o->cmd;
    char err[300];
    switch (id) {
    case OPT_SET:
        if (!scn_check_set(val, err, sizeof err)) return app_usage_error(cmd, "--set %s: %s", val, err);
        if (o->nsets == APP_MAX_SETS) return app_usage_error(cmd, "too many --set options (at most %d)", APP_MAX_SETS);
        o->sets[o->nsets++] = val;
        return 0;
    case OPT_EVENTS:
        if (!*val) return app_usage_error(cmd, "%s: the file name is empty", flag);
        eventlog_format fmt;
        if (!eventlog_format_of(val, &fmt))
            return app_usage_error(cmd, "%s %s: the format is named by the extension: .csv (CSV) or .json, .jsonocel "
                                    "(OCEL 2.0 JSON)", flag, val);
        o->events_file = val;
        return 0;
    case OPT_PLAN_POLICY:
        o->plan_policy = mdl_plan_policy_parse(val);
        if (o->plan_policy == MDL_PLAN_POLICY_COUNT)
            return app_usage_error(cmd, "%s: no policy \"%s\" (policies: wait, next)", flag, val);
        o->has_plan_policy = true;
        return 0;
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

/* The options with a value of their own shape: the seed, the horizon and
 * warm-up, the viewer's speed, window size and quit-after. */
static int take_time_value(app_opts *o, opt_id id, const char *flag, const char *val) {
    const char *cmd = o->cmd;
    char err[300];
    switch (id) {
    case OPT_SEED:
        if (!app_parse_uint(val, UINT64_MAX, &o->seed))
            return app_usage_error(cmd, "%s: expected an integer from 0 to %llu (digits only), got \"%s\"", flag,
                               (unsigned long long)UINT64_MAX, val);
        o->has_seed = true;
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
        return 0;
    }
}

/* Stores the value of option id; 0 or the exit code after a message. */
static int take_value(app_opts *o, opt_id id, const char *flag, const char *val) {
    int rc = take_typed(o, &opt_values[id], flag, val);
    if (rc == OPT_NOT_MINE) rc = take_choice_value(o, id, flag, val);
    if (rc == OPT_NOT_MINE) rc = take_time_value(o, id, flag, val);
    return rc;
}

int app_opts_parse(app_opts *o, app_cmd cmd, int argc, char **argv) {
    memset(o, 0, sizeof *o);
    const struct cmd_def *cd = &cmd_defs[cmd];
    const char *name = cd->name;
    unsigned bit = 1u << cmd;
    o->cmd = name;
    o->width = o->height = 0; /* no --size: the viewer's window 1280x720; snapshot sizes to the plant */
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
        int rc = take_value(o, id, flag, val);
        if (rc) return rc;
        /* `--objective KPI max`: the sense may follow as its own word */
        if (id == OPT_OBJECTIVE && i + 1 < argc && (strcmp(argv[i + 1], "min") == 0 || strcmp(argv[i + 1], "max") == 0))
            o->objective_sense = argv[++i];
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
    unsigned checks = SCN_CHECK_LAYOUT | (o->no_trial ? 0u : SCN_CHECK_TRIAL);
    mdl_model *m = check_layout ? scn_load_file_checks(path, o->sets, o->nsets, d, w, checks)
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
