/*
 * cmd_view.c - `linetwin view` (the SDL2 window) and `linetwin snapshot`
 * (the same drawing offscreen, saved as PNG).
 *
 *   linetwin view SCENE [RETROFIT] [--seed S] [--set P=V]... [--speed X]
 *                 [--paused] [--size WxH] [--software] [--quit-after N[f]]
 *   linetwin snapshot SCENE [RETROFIT] --at DUR -o FILE.png [--size WxH]
 *                 [--seed S] [--set P=V]...
 *
 * Thin: parses the arguments, loads the scenes and hands them to render/.
 * Exit codes: 0 done, 1 the window or the image could not be made, 2 bad
 * usage or an invalid scene.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "cli.h"
#include "mdl_model.h"
#include "rnd_snapshot.h"
#include "rnd_view.h"
#include "rnd_viewer.h"
#include "scn_scene.h"

#define MAX_SETS 256

static const char view_usage[] =
    "usage: linetwin view SCENE [RETROFIT] [options]\n"
    "\n"
    "Opens a window and runs the line live (two scenes: side by side on one clock).\n"
    "\n"
    "options:\n"
    "  --seed S           master seed (default: the scene's run.seed)\n"
    "  --set PATH=VALUE   override a scene value, e.g. --set stations.cnc.servers=2\n"
    "                     (repeatable; applies to both scenes)\n"
    "  --speed X          initial speed factor: 1, 10, 60 (default), 600, 3600, max, or any X > 0\n"
    "  --paused           start paused\n"
    "  --size WxH         window size in pixels (default 1280x720)\n"
    "  --software         use the software renderer\n"
    "  --quit-after N     close after N seconds of wall time (N f: after N frames)\n"
    "  -h, --help         this text\n"
    "\n"
    "Keys: Space pause, . step, +/- speed, R restart, Ctrl+R reload, S screenshot,\n"
    "Tab base/retrofit, F fit, B/U break/repair the selected station, ]/[ servers,\n"
    "H or F1 help, Q quit. See docs/viewer.md.\n";

static const char snapshot_usage[] =
    "usage: linetwin snapshot SCENE [RETROFIT] --at DUR -o FILE.png [options]\n"
    "\n"
    "Runs the scene headless to DUR and draws one frame of the viewer into a PNG\n"
    "(no display needed).\n"
    "\n"
    "options:\n"
    "  --at DUR           simulated time of the picture, e.g. 8h, 2d, 90min\n"
    "  -o, --out FILE     output PNG (written to a temporary file, then renamed)\n"
    "  --size WxH         image size in pixels (default 1280x720)\n"
    "  --seed S           master seed (default: the scene's run.seed)\n"
    "  --set PATH=VALUE   override a scene value (repeatable)\n"
    "  -h, --help         this text\n";

typedef struct view_args {
    const char *scenes[RND_MAX_PANES];
    int nscenes;
    const char *sets[MAX_SETS];
    size_t nsets;
    bool has_seed;
    uint64_t seed;
    double speed;
    bool paused;
    int width, height;
    bool software;
    double quit_after_s;
    long quit_after_frames;
    bool has_at;
    double at;
    const char *out;
    bool help;
} view_args;

/* The value of an option given as "--opt VALUE" or "--opt=VALUE"; NULL when
 * argv[*i] is not this option. Sets *missing when the value is absent. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing) {
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static bool parse_size(const char *s, int *w, int *h) {
    char *end;
    errno = 0;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X'))
        return false;
    const char *s2 = end + 1;
    long b = strtol(s2, &end, 10);
    if (end == s2 || *end != '\0' || errno)
        return false;
    if (a < 16 || b < 16 || a > 16384 || b > 16384)
        return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "linetwin %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see `linetwin %s --help`)\n", cmd);
    return 2;
}

/* Parses the arguments of `view` (snapshot = false) or `snapshot`; returns
 * 0 on success, else the exit code (2) after printing the problem. */
static int parse_args(int argc, char **argv, bool snapshot, view_args *a) {
    const char *cmd = snapshot ? "snapshot" : "view";
    memset(a, 0, sizeof *a);
    a->width = 1280;
    a->height = 720;
    /* argv holds the arguments after the subcommand's name (main.c). */
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val;
        bool missing = false;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            a->help = true;
            return 0;
        }
        if ((val = opt_value(argc, argv, &i, "--set", &missing))) {
            char err[256];
            if (!scn_check_set(val, err, sizeof err)) {
                fprintf(stderr, "linetwin %s: --set %s: %s\n", cmd, val, err);
                return 2;
            }
            if (a->nsets == MAX_SETS)
                return usage_error(cmd, "too many --set options (at most %d)", MAX_SETS);
            a->sets[a->nsets++] = val;
        } else if ((val = opt_value(argc, argv, &i, "--seed", &missing))) {
            char *end;
            errno = 0;
            unsigned long long s = strtoull(val, &end, 10);
            if (end == val || *end != '\0' || errno || val[0] == '-')
                return usage_error(cmd, "--seed: expected a non-negative integer, got \"%s\"", val);
            a->has_seed = true;
            a->seed = (uint64_t)s;
        } else if ((val = opt_value(argc, argv, &i, "--size", &missing))) {
            if (!parse_size(val, &a->width, &a->height))
                return usage_error(cmd, "--size: expected WxH between 16x16 and 16384x16384, got \"%s\"", val);
        } else if (!snapshot && (val = opt_value(argc, argv, &i, "--speed", &missing))) {
            if (strcmp(val, "max") == 0) {
                a->speed = INFINITY;
            } else {
                char *end;
                double s = strtod(val, &end);
                if (end == val || *end != '\0' || !(s > 0.0) || !isfinite(s))
                    return usage_error(cmd, "--speed: expected a factor > 0 or \"max\", got \"%s\"", val);
                a->speed = s;
            }
        } else if (!snapshot && (val = opt_value(argc, argv, &i, "--quit-after", &missing))) {
            char *end;
            double n = strtod(val, &end);
            /* Bounded so that a count of frames fits a long and a time in
             * seconds means something (a year at most, 1e9 frames: the
             * conversion of 1e19 to an integer is undefined). */
            bool frames = *end == 'f' && end[1] == '\0';
            if (end == val || !(n > 0.0) || (*end != '\0' && !frames) || !(n <= (frames ? 1e9 : 366.0 * 86400.0)))
                return usage_error(cmd, "--quit-after: expected seconds (2, 0.5; at most a year, 31622400) or frames "
                                        "(300f; at most 1e9f), got \"%s\"", val);
            if (*end == 'f')
                a->quit_after_frames = (long)ceil(n);
            else
                a->quit_after_s = n;
        } else if (!snapshot && strcmp(arg, "--paused") == 0) {
            a->paused = true;
        } else if (!snapshot && strcmp(arg, "--software") == 0) {
            a->software = true;
        } else if (snapshot && (val = opt_value(argc, argv, &i, "--at", &missing))) {
            char err[256];
            if (!scn_parse_duration(val, &a->at, err, sizeof err)) {
                fprintf(stderr, "linetwin snapshot: --at: %s\n", err);
                return 2;
            }
            a->has_at = true;
        } else if (snapshot && ((val = opt_value(argc, argv, &i, "-o", &missing)) ||
                                (!missing && (val = opt_value(argc, argv, &i, "--out", &missing))))) {
            a->out = val;
        } else if (missing) {
            return usage_error(cmd, "%s needs a value", arg);
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error(cmd, "unknown option %s", arg);
        } else {
            if (a->nscenes == RND_MAX_PANES)
                return usage_error(cmd, "too many scenes: %s (give BASE and at most one RETROFIT)", arg);
            a->scenes[a->nscenes++] = arg;
        }
        if (missing)
            return usage_error(cmd, "%s needs a value", arg);
    }
    if (a->nscenes == 0)
        return usage_error(cmd, "%s", "missing SCENE");
    if (snapshot && !a->has_at)
        return usage_error(cmd, "%s", "missing --at DUR (the simulated time of the picture)");
    if (snapshot && !a->out)
        return usage_error(cmd, "%s", "missing -o FILE.png");
    return 0;
}

/* Loads one scene; prints every problem on stderr. When summary is given,
 * the first problem is also written there (for the viewer's event log). */
static mdl_model *load_scene(const char *path, const view_args *a, char *summary,
                             size_t summary_size) {
    scn_diags *d = scn_diags_new();
    if (!d) {
        fprintf(stderr, "linetwin: out of memory\n");
        return NULL;
    }
    mdl_model *m = scn_load_file(path, a->sets, a->nsets, d);
    scn_diags_print(d, stderr);
    if (!m && summary && summary_size) {
        size_t n = scn_diags_count(d);
        if (n == 0)
            snprintf(summary, summary_size, "%s: cannot load the scene", path);
        else if (n == 1)
            snprintf(summary, summary_size, "%s", scn_diags_get(d, 0));
        else
            snprintf(summary, summary_size, "%s (and %zu more)", scn_diags_get(d, 0), n - 1);
    }
    scn_diags_free(d);
    return m;
}

static rnd_view *make_view(const view_args *a, int *code) {
    rnd_view_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.has_seed = a->has_seed;
    cfg.seed = a->seed;
    for (int i = 0; i < a->nscenes; i++) {
        cfg.models[i] = load_scene(a->scenes[i], a, NULL, 0);
        if (!cfg.models[i]) {
            for (int j = 0; j < i; j++)
                mdl_model_free(cfg.models[j]);
            *code = 2;
            return NULL;
        }
    }
    char err[256];
    rnd_view *v = rnd_view_new(&cfg, err, sizeof err);
    if (!v) {
        fprintf(stderr, "linetwin: %s\n", err);
        *code = 1;
    }
    return v;
}

typedef struct reload_ctx {
    const view_args *args;
} reload_ctx;

static mdl_model *reload_scene(void *ctx, int pane, char *err, size_t err_size) {
    const reload_ctx *rc = ctx;
    if (pane < 0 || pane >= rc->args->nscenes) {
        snprintf(err, err_size, "no scene file for pane %d", pane);
        return NULL;
    }
    return load_scene(rc->args->scenes[pane], rc->args, err, err_size);
}

int cmd_view(int argc, char **argv) {
    view_args a;
    int code = parse_args(argc, argv, false, &a);
    if (code)
        return code;
    if (a.help) {
        fputs(view_usage, stdout);
        return 0;
    }
    rnd_view *v = make_view(&a, &code);
    if (!v)
        return code;
    /* Without a display SDL falls back to its invisible "offscreen" driver:
     * a window nobody can see or close is a failure, unless the user asked
     * for such a driver (tests: SDL_VIDEODRIVER=dummy). */
    char why[256] = "";
    bool explicit_driver = getenv("SDL_VIDEODRIVER") != NULL;
#if defined(__unix__) && !defined(__APPLE__)
    if (!explicit_driver && !getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
        snprintf(why, sizeof why, "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
#endif
    if (!why[0] && SDL_Init(SDL_INIT_VIDEO) != 0)
        snprintf(why, sizeof why, "%s", SDL_GetError());
    else if (!why[0]) {
        const char *driver = SDL_GetCurrentVideoDriver();
        if (!explicit_driver && driver &&
            (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0)) {
            snprintf(why, sizeof why, "no display (SDL chose the invisible \"%s\" driver)", driver);
            SDL_Quit();
        }
    }
    if (why[0]) {
        fprintf(stderr,
                "linetwin view: cannot open a window: %s\n"
                "  (`linetwin snapshot` draws the same picture into a PNG, "
                "`linetwin run` prints the KPIs)\n",
                why);
        rnd_view_free(v);
        return 1;
    }
    char title[256];
    const char *name = mdl_model_name(rnd_view_model(v, 0));
    if (a.nscenes > 1)
        snprintf(title, sizeof title, "linetwin \xE2\x80\x94 %s vs %s", name,
                 mdl_model_name(rnd_view_model(v, 1)));
    else
        snprintf(title, sizeof title, "linetwin \xE2\x80\x94 %s", name);
    reload_ctx rc = {&a};
    rnd_viewer_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.title = title;
    cfg.width = a.width;
    cfg.height = a.height;
    cfg.speed = a.speed;
    cfg.start_paused = a.paused;
    cfg.quit_after_s = a.quit_after_s;
    cfg.quit_after_frames = a.quit_after_frames;
    cfg.software = a.software;
    cfg.reload = reload_scene;
    cfg.reload_ctx = &rc;
    char err[512];
    rnd_viewer *vw = rnd_viewer_new(v, &cfg, err, sizeof err);
    if (!vw) {
        fprintf(stderr, "linetwin view: %s\n", err);
        SDL_Quit();
        return 1;
    }
    long frames = rnd_viewer_run(vw);
    if (a.quit_after_s > 0.0 || a.quit_after_frames > 0)
        fprintf(stderr, "linetwin view: %ld frames, renderer %s, simulated to %.0f s\n", frames,
                rnd_viewer_driver(vw), rnd_view_now(rnd_viewer_view(vw)));
    rnd_viewer_free(vw);
    SDL_Quit();
    return 0;
}

int cmd_snapshot(int argc, char **argv) {
    view_args a;
    int code = parse_args(argc, argv, true, &a);
    if (code)
        return code;
    if (a.help) {
        fputs(snapshot_usage, stdout);
        return 0;
    }
    rnd_view *v = make_view(&a, &code);
    if (!v)
        return code;
    char err[512];
    bool ok = rnd_snapshot_png(v, a.at, a.width, a.height, a.out, err, sizeof err);
    if (!ok)
        fprintf(stderr, "linetwin snapshot: %s\n", err);
    else if (a.at > rnd_view_horizon(v))
        fprintf(stderr, "linetwin snapshot: note: --at is past the horizon; drawn at the horizon\n");
    rnd_view_free(v);
    return ok ? 0 : 1;
}
