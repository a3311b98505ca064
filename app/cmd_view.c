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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "atomic.h"
#include "cli.h"
#include "mdl_model.h"
#include "options.h"
#include "rnd_snapshot.h"
#include "rnd_view.h"
#include "rnd_viewer.h"
#include "scn_scene.h"

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
    "  --quit-after N     close after N seconds of wall time (Nf, e.g. 300f: after N frames)\n"
    "  --plan FILE        execute a plan (schedule -o's CSV): the Gantt outlines the\n"
    "                     planned operations over what the run did, and a panel lists\n"
    "                     the open orders by due date (late ones marked); with\n"
    "                     --plan-policy wait|next and --plan-tolerance DUR as for run\n"
    "  -h, --help         this text\n"
    "\n"
    "Keys: Space pause, . step, +/- speed, R restart, Ctrl+R reload, S screenshot,\n"
    "Tab base/retrofit, F fit, B/U break/repair the selected station, ]/[ servers,\n"
    "H or F1 help, Q quit. See docs/viewer.md.\n"
    "\n"
    "exit status: 0 closed, 1 no window could be opened, 2 invalid scene or bad usage\n";

static const char snapshot_usage[] =
    "usage: linetwin snapshot SCENE [RETROFIT] --at DUR -o FILE.png [options]\n"
    "\n"
    "Runs the scene headless to DUR and draws one frame of the viewer into a PNG\n"
    "(no display needed).\n"
    "\n"
    "options:\n"
    "  --at DUR           simulated time of the picture, e.g. 8h, 2d, 90min\n"
    "  -o, --out FILE     output PNG (written to a temporary file, then renamed)\n"
    "  --size WxH         image size in pixels (default: 1280x720 grown to the plant's shape,\n"
    "                     at most 2560x1440)\n"
    "  --seed S           master seed (default: the scene's run.seed)\n"
    "  --set PATH=VALUE   override a scene value (repeatable)\n"
    "  --plan FILE        execute a plan and draw it against reality (as for view);\n"
    "                     --plan-policy, --plan-tolerance as for run\n"
    "  -h, --help         this text\n"
    "\n"
    "exit status: 0 ok, 1 the image could not be made or written (FILE is then\n"
    "left as it was), 2 invalid scene or bad usage\n";

/* The options are parsed by options.c, one parser for every command. */
_Static_assert(RND_MAX_PANES >= 2, "view and snapshot take SCENE and RETROFIT");

/* The command's options parsed into *a, its scenes loaded and the view made
 * of them; NULL with the exit status in *code (0 after --help). */
static rnd_view *make_view(app_opts *a, app_cmd cmd, int argc, char **argv, const char *usage, int *code) {
    if (!app_opts_start(a, cmd, argc, argv, usage, code)) return NULL;
    rnd_view_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.has_seed = a->has_seed;
    cfg.seed = a->seed;
    for (int i = 0; i < a->nscenes; i++) {
        cfg.models[i] = app_load_scene(a, a->scenes[i], false, code, NULL, 0);
        if (cfg.models[i] && (*code = app_plan_attach(a, cfg.models[i])) != 0) { /* --plan */
            mdl_model_free(cfg.models[i]);
            cfg.models[i] = NULL;
        }
        if (!cfg.models[i]) {
            for (int j = 0; j < i; j++)
                mdl_model_free(cfg.models[j]);
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
    const app_opts *args;
} reload_ctx;

static mdl_model *reload_scene(void *ctx, int pane, char *err, size_t err_size) {
    const reload_ctx *rc = ctx;
    if (pane < 0 || pane >= rc->args->nscenes) {
        snprintf(err, err_size, "no scene file for pane %d", pane);
        return NULL;
    }
    int status;
    mdl_model *m = app_load_scene(rc->args, rc->args->scenes[pane], false, &status, err, err_size);
    if (m && app_plan_attach(rc->args, m) != 0) { /* --plan: the same plan on the reloaded scene */
        snprintf(err, err_size, "--plan %s does not fit the reloaded scene", rc->args->plan_file);
        mdl_model_free(m);
        return NULL;
    }
    return m;
}

/* view: the window, until it is closed. */
static int view_body(app_opts *a, rnd_view *v) {
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
    if (a->nscenes > 1)
        snprintf(title, sizeof title, "linetwin \xE2\x80\x94 %s vs %s", name,
                 mdl_model_name(rnd_view_model(v, 1)));
    else
        snprintf(title, sizeof title, "linetwin \xE2\x80\x94 %s", name);
    reload_ctx rc = {a};
    rnd_viewer_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.title = title;
    cfg.width = a->width;
    cfg.height = a->height;
    cfg.speed = a->speed;
    cfg.start_paused = a->paused;
    cfg.quit_after_s = a->quit_after_s;
    cfg.quit_after_frames = a->quit_after_frames;
    cfg.software = a->software;
    cfg.reload = reload_scene;
    cfg.reload_ctx = &rc;
    char err[512];
    rnd_viewer *vw = rnd_viewer_new(v, &cfg, err, sizeof err);
    if (!vw) {
        fprintf(stderr, "linetwin view: %s\n", err);
        SDL_Quit();
        return 1;
    }
    if (rnd_viewer_warning(vw))
        fprintf(stderr, "linetwin view: %s\n", rnd_viewer_warning(vw));
    long frames = rnd_viewer_run(vw);
    if (a->quit_after_s > 0.0 || a->quit_after_frames > 0)
        fprintf(stderr, "linetwin view: %ld frames, renderer %s, simulated to %.0f s\n", frames,
                rnd_viewer_driver(vw), lv_session_now(rnd_view_session_const(rnd_viewer_view(vw))));
    rnd_viewer_free(vw);
    SDL_Quit();
    return 0;
}

/* snapshot: the frame at --at into a PNG. */
static int snapshot_body(app_opts *a, rnd_view *v) {
    /* The temporary file is made before the (possibly long) run to --at:
     * an unwritable destination fails at once, and a Ctrl-C removes it. */
    atomic_file out;
    if (!atomic_file_begin(&out, "snapshot", a->out_file)) {
        rnd_view_free(v);
        return 1;
    }
    char err[512];
    /* Without --size: the viewer's window, widened for a wide plant or
     * heightened for a deep one until the layout fills the floor, at most
     * twice as large each way (docs/viewer.md). */
    int w = a->width, h = a->height;
    if (w <= 0 || h <= 0) rnd_view_fit_size(v, 1280, 720, 2560, 1440, &w, &h);
    SDL_Surface *s = rnd_snapshot_frame(v, a->at, w, h, err, sizeof err);
    bool ok = s && rnd_snapshot_write_png(s, out.f, err, sizeof err);
    SDL_FreeSurface(s);
    if (!ok) {
        fprintf(stderr, "linetwin snapshot: %s: %s\n", a->out_file, err);
        atomic_file_abort(&out);
    } else {
        ok = atomic_file_commit(&out);
    }
    if (ok && a->at > lv_session_horizon(rnd_view_session_const(v)))
        fprintf(stderr, "linetwin snapshot: note: --at is past the horizon; drawn at the horizon\n");
    rnd_view_free(v);
    return ok ? 0 : 1;
}

/* A viewer command: its options parsed, its scenes loaded and the view
 * made (make_view), then its body. */
static int view_command(int argc, char **argv, app_cmd cmd, const char *usage,
                        int (*body)(app_opts *a, rnd_view *v)) {
    app_opts a;
    int code;
    rnd_view *v = make_view(&a, cmd, argc, argv, usage, &code);
    return v ? body(&a, v) : code;
}

int cmd_view(int argc, char **argv) { return view_command(argc, argv, APP_CMD_VIEW, view_usage, view_body); }

int cmd_snapshot(int argc, char **argv) {
    return view_command(argc, argv, APP_CMD_SNAPSHOT, snapshot_usage, snapshot_body);
}
