/*
 * rnd_viewer.c - the window, its events and the frame loop.
 *
 * The loop hands the wall time since the last frame to the session
 * (lv_session_tick: wall time x speed, or as much as fits a time budget at
 * "max"), draws it, and maps keys (rnd_keys.h) and clicks to the session
 * and the view; the runs compute exactly what they would compute headless.
 */
#include "rnd_viewer.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mdl_people.h"
#include "mdl_transport.h"
#include "rnd_internal.h"
#include "rnd_keys.h"
#include "rnd_snapshot.h"
#include "rnd_text.h"
#include "sim_units.h"

struct rnd_viewer {
    rnd_view *view;
    SDL_Window *win;
    SDL_Renderer *ren;
    rnd_text *text;
    rnd_viewer_config cfg;
    char driver[32];
    bool vsync;
    bool software_gl; /* the accelerated renderer was a software OpenGL: replaced */
    double start_wall, last_wall;
    long frames;
    bool quit;
    bool button_down, dragging, auto_fit;
    float down_x, down_y, mouse_x, mouse_y;
    bool want_screenshot;
    int last_w, last_h;
    const char *warning; /* for the caller to tell (rnd_viewer_warning) */
};

const char *rnd_viewer_warning(const rnd_viewer *vw) {
    return vw ? vw->warning : NULL;
}

const double *rnd_viewer_speed_steps(int *count) {
    return lv_session_speed_steps(count);
}

static double real_seconds(void) {
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static double budget_seconds(void *ctx) {
    (void)ctx;
    return real_seconds();
}

static double wall(const rnd_viewer *vw) {
    return vw->cfg.clock ? vw->cfg.clock(vw->cfg.clock_ctx) : real_seconds();
}

/* Is renderer r OpenGL drawn by the CPU? Asks the context's GL_RENDERER
 * string (the renderer made its context current). False when the user
 * named a driver (SDL_RENDER_DRIVER / SDL_HINT_RENDER_DRIVER): their choice
 * stands. */
static bool gl_is_software(SDL_Renderer *r) {
    const char *hint = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    SDL_RendererInfo info;
    if ((hint && *hint) || SDL_GetRendererInfo(r, &info) != 0 || strncmp(info.name, "opengl", 6) != 0)
        return false;
    typedef const unsigned char *gl_get_string_fn(unsigned int name);
    gl_get_string_fn *get = NULL;
    void *p = SDL_GL_GetProcAddress("glGetString");
    memcpy(&get, &p, sizeof get); /* a data pointer to a function pointer, without a cast ISO C forbids */
    const unsigned char *name = get ? get(0x1F01u /* GL_RENDERER */) : NULL;
    return name && (strstr((const char *)name, "llvmpipe") || strstr((const char *)name, "softpipe") ||
                    strstr((const char *)name, "Software Rasterizer"));
}

rnd_viewer *rnd_viewer_new(rnd_view *view, const rnd_viewer_config *cfg, char *err,
                           size_t err_size) {
    if (!view) {
        snprintf(err, err_size, "viewer: no view");
        return NULL;
    }
    rnd_viewer *vw = calloc(1, sizeof *vw);
    if (!vw) {
        rnd_view_free(view);
        snprintf(err, err_size, "viewer: out of memory");
        return NULL;
    }
    vw->view = view;
    if (cfg)
        vw->cfg = *cfg;
    int w = vw->cfg.width > 0 ? vw->cfg.width : 1280;
    int h = vw->cfg.height > 0 ? vw->cfg.height : 720;
    vw->win = SDL_CreateWindow(vw->cfg.title ? vw->cfg.title : "linetwin",
                               SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                               SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!vw->win) {
        snprintf(err, err_size, "viewer: cannot open a window: %s", SDL_GetError());
        rnd_viewer_free(vw);
        return NULL;
    }
    if (!vw->cfg.software)
        vw->ren = SDL_CreateRenderer(vw->win, -1,
                                     SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (vw->ren && gl_is_software(vw->ren)) {
        /* OpenGL rasterised on the CPU (Mesa's llvmpipe, e.g. under Xvfb or
         * without a GPU driver) costs more than SDL's own software
         * renderer for our many small shapes, and takes a second core:
         * use that one, unless the user asked for a driver. */
        SDL_DestroyRenderer(vw->ren);
        vw->ren = NULL;
        vw->software_gl = true;
    }
    if (!vw->ren) {
        /* SDL presents a software window through a texture of an
         * accelerated renderer when it can (on X11: OpenGL, so llvmpipe
         * again); plain XShm is cheaper. The environment's
         * SDL_FRAMEBUFFER_ACCELERATION still wins. */
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
        vw->ren = SDL_CreateRenderer(vw->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!vw->ren) {
        snprintf(err, err_size, "viewer: no renderer for the window: %s", SDL_GetError());
        rnd_viewer_free(vw);
        return NULL;
    }
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(vw->ren, &info) == 0) {
        snprintf(vw->driver, sizeof vw->driver, "%s", info.name);
        vw->vsync = (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
    }
    vw->text = rnd_text_new(vw->ren);
    if (!vw->text) {
        snprintf(err, err_size, "viewer: cannot initialise fonts: %s", SDL_GetError());
        rnd_viewer_free(vw);
        return NULL;
    }
    if (!rnd_text_font_path(vw->text))
        vw->warning = "no font found (see docs/viewer.md, Fonts); drawing without text";
    lv_session *s = rnd_view_session(view);
    lv_session_set_speed(s, vw->cfg.speed > 0.0 ? vw->cfg.speed : LV_DEFAULT_SPEED);
    lv_session_set_paused(s, vw->cfg.start_paused);
    lv_session_set_budget_clock(s, budget_seconds, NULL);
    vw->auto_fit = true;
    SDL_GetRendererOutputSize(vw->ren, &vw->last_w, &vw->last_h);
    rnd_view_fit(vw->view, vw->last_w, vw->last_h);
    vw->start_wall = vw->last_wall = wall(vw);
    return vw;
}

void rnd_viewer_free(rnd_viewer *vw) {
    if (!vw)
        return;
    rnd_text_free(vw->text);
    if (vw->ren)
        SDL_DestroyRenderer(vw->ren);
    if (vw->win)
        SDL_DestroyWindow(vw->win);
    rnd_view_free(vw->view);
    free(vw);
}

rnd_view *rnd_viewer_view(rnd_viewer *vw) {
    return vw->view;
}

SDL_Renderer *rnd_viewer_renderer(rnd_viewer *vw) {
    return vw->ren;
}

const char *rnd_viewer_driver(const rnd_viewer *vw) {
    return vw->driver;
}

bool rnd_viewer_paused(const rnd_viewer *vw) {
    return lv_session_paused(rnd_view_session_const(vw->view));
}

double rnd_viewer_speed(const rnd_viewer *vw) {
    return lv_session_speed(rnd_view_session_const(vw->view));
}

long rnd_viewer_frames(const rnd_viewer *vw) {
    return vw->frames;
}

bool rnd_viewer_replaced_software_gl(const rnd_viewer *vw) {
    return vw->software_gl;
}

/* ---- actions ------------------------------------------------------------- */

static void reload(rnd_viewer *vw) {
    /* The session loads all panes or none, restarts and logs the outcome;
     * a failed reload leaves the old line running. */
    if (rnd_view_reload(vw->view, vw->cfg.reload, vw->cfg.reload_ctx) && vw->auto_fit)
        rnd_view_fit(vw->view, vw->last_w, vw->last_h);
}

static void slug(char *out, size_t n, const char *s) {
    size_t k = 0;
    for (; s && *s && k + 1 < n && k < 40; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c))
            out[k++] = (char)tolower(c);
        else if (k > 0 && out[k - 1] != '-')
            out[k++] = '-';
    }
    while (k > 0 && out[k - 1] == '-')
        k--;
    out[k] = '\0';
    if (k == 0)
        snprintf(out, n, "line");
}

static void screenshot(rnd_viewer *vw, int w, int h) {
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    if (!s || SDL_RenderReadPixels(vw->ren, NULL, SDL_PIXELFORMAT_RGBA32, s->pixels, s->pitch) != 0) {
        rnd_view_log(vw->view, -1, RND_LOG_ERROR, "screenshot failed: %s", SDL_GetError());
        SDL_FreeSurface(s);
        return;
    }
    char name[64], path[1024], err[512];
    slug(name, sizeof name, mdl_model_name(rnd_view_model(vw->view, 0)));
    double t = lv_session_now(vw->view->session);
    long sec = (long)t;
    const char *dir = vw->cfg.screenshot_dir ? vw->cfg.screenshot_dir : ".";
    for (int i = 1; i < 1000; i++) {
        if (i == 1)
            snprintf(path, sizeof path, "%s/linetwin-%s-d%ld-%02ld%02ld%02ld.png", dir, name,
                     sec / (long)SIM_DAY + 1, (sec / (long)SIM_HOUR) % 24, (sec / (long)SIM_MINUTE) % 60, sec % 60);
        else
            snprintf(path, sizeof path, "%s/linetwin-%s-d%ld-%02ld%02ld%02ld-%d.png", dir, name,
                     sec / (long)SIM_DAY + 1, (sec / (long)SIM_HOUR) % 24, (sec / (long)SIM_MINUTE) % 60, sec % 60, i);
        if (access(path, F_OK) != 0)
            break;
    }
    if (rnd_snapshot_save_png(s, path, err, sizeof err))
        rnd_view_log(vw->view, -1, RND_LOG_INFO, "screenshot saved: %s", path);
    else
        rnd_view_log(vw->view, -1, RND_LOG_ERROR, "screenshot failed: %s", err);
    SDL_FreeSurface(s);
}

static void click(rnd_viewer *vw, float x, float y) {
    rnd_layout L;
    rnd_view_layout(vw->view, vw->last_w, vw->last_h, &L);
    if (!(x >= L.floor.x && x < L.floor.x + L.floor.w && y >= L.floor.y &&
          y < L.floor.y + L.floor.h))
        return; /* clicks on the panels do not change the selection */
    SDL_FRect card;
    if (rnd__inspector_rect(vw->view, vw->last_w, vw->last_h, &card) &&
        x >= card.x && x < card.x + card.w && y >= card.y && y < card.y + card.h)
        return; /* nor do clicks on the inspector */
    rnd_pick p;
    if (rnd_view_pick_at(vw->view, vw->last_w, vw->last_h, x, y, &p) &&
        p.kind != RND_PICK_CONVEYOR)
        rnd_view_select_pick(vw->view, &p);
    else
        rnd_view_select(vw->view, 0, -1);
}

/* ---- events -------------------------------------------------------------- */

/* Mouse coordinates are in window points; the renderer's output may have
 * more pixels (HiDPI). */
static void to_pixels(const rnd_viewer *vw, float *x, float *y) {
    int ww = 0, wh = 0;
    SDL_GetWindowSize(vw->win, &ww, &wh);
    if (ww > 0 && wh > 0 && vw->last_w > 0) {
        *x *= (float)vw->last_w / (float)ww;
        *y *= (float)vw->last_h / (float)wh;
    }
}

/* The session's clock: pause, step, speed, restart, reload.
 * True when the key was one of these. */
static bool clock_key(rnd_viewer *vw, const SDL_KeyboardEvent *k, rnd_command cmd, int arg) {
    bool repeat = k->repeat != 0;
    rnd_view *v = vw->view;
    lv_session *s = rnd_view_session(v);
    switch (cmd) {
    case RND_CMD_PAUSE:
        if (!repeat)
            lv_session_set_paused(s, !lv_session_paused(s));
        break;
    case RND_CMD_STEP:
        lv_session_step_paused(s);
        break;
    case RND_CMD_FASTER:
        lv_session_speed_step(s, +1);
        break;
    case RND_CMD_SLOWER:
        lv_session_speed_step(s, -1);
        break;
    case RND_CMD_SPEED: {
        int n = 0;
        const double *steps = lv_session_speed_steps(&n);
        if (arg >= 0 && arg < n)
            lv_session_set_speed(s, steps[arg]);
        break;
    }
    case RND_CMD_RESTART:
        if (!repeat)
            rnd_view_restart(v);
        break;
    case RND_CMD_RELOAD:
        if (!repeat)
            reload(vw);
        break;
    default:
        return false;
    }
    return true;
}

/* The trainer's actions on the selected station or fleet.
 * True when the key was one of these. */
static bool trainer_key(rnd_viewer *vw, const SDL_KeyboardEvent *k, rnd_command cmd, int arg) {
    bool shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    bool repeat = k->repeat != 0;
    rnd_view *v = vw->view;
    (void)arg;
    switch (cmd) {
    case RND_CMD_BREAK:
        if (!repeat && !rnd_view_action(v, RND_ACT_BREAK, shift) && rnd_view_selected(v, NULL) < 0)
            rnd_view_log(v, -1, RND_LOG_INFO, "click a station first, then B breaks it");
        break;
    case RND_CMD_REPAIR:
        if (!repeat)
            rnd_view_action(v, RND_ACT_REPAIR, shift);
        break;
    case RND_CMD_ADD_SERVER:
        rnd_view_action(v, RND_ACT_ADD_SERVER, shift);
        break;
    case RND_CMD_FAIL_MODE:
    case RND_CMD_START_PM:
    case RND_CMD_NEXT_MODE: {
        rnd_command c = rnd_key_lookup(k->keysym.sym, k->keysym.mod, NULL);
        rnd_action a = c == RND_CMD_FAIL_MODE ? RND_ACT_FAIL_MODE : c == RND_CMD_START_PM ? RND_ACT_START_PM
                                                                                         : RND_ACT_NEXT_MODE;
        if (!repeat && !rnd_view_action(v, a, shift))
            rnd_view_log(v, -1, RND_LOG_INFO, "click a station with failure_modes or maintenance first");
        break;
    }
    case RND_CMD_REMOVE_SERVER:
        rnd_view_action(v, RND_ACT_REMOVE_SERVER, shift);
        break;
    case RND_CMD_ADD_PERSON:
    case RND_CMD_REMOVE_PERSON: {
        bool add = rnd_key_lookup(k->keysym.sym, k->keysym.mod, NULL) == RND_CMD_ADD_PERSON;
        if (!rnd_view_action(v, add ? RND_ACT_ADD_PERSON : RND_ACT_REMOVE_PERSON, shift) && !repeat)
            rnd_view_log(v, -1, RND_LOG_INFO, "%s", mdl_model_pool_count(rnd_view_model(v, 0)) == 0
                                                      ? "no operator pool in this line"
                                                      : "the pool is at its limit");
        break;
    }
    case RND_CMD_FLEET_FASTER:
    case RND_CMD_FLEET_SLOWER: {
        bool faster = rnd_key_lookup(k->keysym.sym, k->keysym.mod, NULL) == RND_CMD_FLEET_FASTER;
        if (!rnd_view_action(v, faster ? RND_ACT_FLEET_FASTER : RND_ACT_FLEET_SLOWER, shift) &&
            !repeat && mdl_model_fleet_count(rnd_view_model(v, 0)) == 0)
            rnd_view_log(v, -1, RND_LOG_INFO, "no AGV fleet in this line");
        break;
    }
    default:
        return false;
    }
    return true;
}

/* The window: screenshot, help, camera, panes, back and quit.
 * True when the key was one of these. */
static bool window_key(rnd_viewer *vw, const SDL_KeyboardEvent *k, rnd_command cmd, int arg) {
    bool repeat = k->repeat != 0;
    rnd_view *v = vw->view;
    switch (cmd) {
    case RND_CMD_SCREENSHOT:
        if (!repeat)
            vw->want_screenshot = true;
        break;
    case RND_CMD_HELP:
        if (!repeat)
            rnd_view_set_help(v, !rnd_view_help(v));
        break;
    case RND_CMD_SEARCH:
        if (!repeat)
            rnd_view_search_open(v, true);
        break;
    case RND_CMD_FIT:
        rnd_view_fit(v, vw->last_w, vw->last_h);
        vw->auto_fit = true;
        break;
    case RND_CMD_PANES:
        if (repeat)
            break;
        if (rnd_view_pane_count(v) < 2)
            rnd_view_log(v, -1, RND_LOG_INFO, "one line only: run `linetwin view BASE RETROFIT`");
        rnd_view_cycle_mode(v);
        rnd_view_fit(v, vw->last_w, vw->last_h);
        break;
    case RND_CMD_PAN: {
        static const float pan[4][2] = {{60.0f, 0.0f}, {-60.0f, 0.0f}, {0.0f, 60.0f}, {0.0f, -60.0f}};
        if (arg >= 0 && arg < 4) {
            rnd_view_pan(v, pan[arg][0], pan[arg][1]);
            vw->auto_fit = false;
        }
        break;
    }
    case RND_CMD_BACK:
        if (rnd_view_help(v))
            rnd_view_set_help(v, false);
        else if (rnd_view_selection(v).kind != RND_PICK_NONE)
            rnd_view_select(v, 0, -1);
        else
            vw->quit = true;
        break;
    case RND_CMD_QUIT:
        vw->quit = true;
        break;
    default:
        return false;
    }
    return true;
}

/* The open search field: Enter looks the serial up, Backspace deletes, Esc
 * closes; other keys type (their text comes as SDL_TEXTINPUT). */
static void search_key(rnd_viewer *vw, const SDL_KeyboardEvent *k) {
    rnd_view *v = vw->view;
    switch (k->keysym.sym) {
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        if (rnd_view_search_submit(v, vw->last_w, vw->last_h))
            vw->auto_fit = false;
        break;
    case SDLK_BACKSPACE:
        rnd_view_search_backspace(v);
        break;
    case SDLK_ESCAPE:
        rnd_view_search_open(v, false);
        break;
    default:
        break;
    }
}

/* Maps a key to the session (the simulation) or to the window (camera,
 * panes, help, screenshot); the bindings are rnd_keys.h's table. */
static void on_key(rnd_viewer *vw, const SDL_KeyboardEvent *k) {
    int arg = 0;
    if (rnd_view_search_active(vw->view)) { /* the field takes the keys (text: SDL_TEXTINPUT) */
        search_key(vw, k);
        return;
    }
    rnd_command cmd = rnd_key_lookup(k->keysym.sym, k->keysym.mod, &arg);
    if (cmd == RND_CMD_NONE || clock_key(vw, k, cmd, arg) || trainer_key(vw, k, cmd, arg))
        return;
    window_key(vw, k, cmd, arg);
}

static void on_event(rnd_viewer *vw, const SDL_Event *e) {
    rnd_view *v = vw->view;
    switch (e->type) {
    case SDL_QUIT:
        vw->quit = true;
        break;
    case SDL_KEYDOWN:
        on_key(vw, &e->key);
        break;
    case SDL_TEXTINPUT:
        if (rnd_view_search_active(v))
            rnd_view_search_type(v, e->text.text);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT) {
            float x = (float)e->button.x, y = (float)e->button.y;
            to_pixels(vw, &x, &y);
            vw->button_down = true;
            vw->dragging = false;
            vw->down_x = vw->mouse_x = x;
            vw->down_y = vw->mouse_y = y;
        }
        break;
    case SDL_MOUSEMOTION: {
        float x = (float)e->motion.x, y = (float)e->motion.y;
        to_pixels(vw, &x, &y);
        if (vw->button_down) {
            if (!vw->dragging && fabsf(x - vw->down_x) + fabsf(y - vw->down_y) > 4.0f)
                vw->dragging = true;
            if (vw->dragging) {
                rnd_view_pan(v, x - vw->mouse_x, y - vw->mouse_y);
                vw->auto_fit = false;
            }
        }
        vw->mouse_x = x;
        vw->mouse_y = y;
        rnd_view_hover(v, x, y, !vw->dragging);
        break;
    }
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT && vw->button_down) {
            float x = (float)e->button.x, y = (float)e->button.y;
            to_pixels(vw, &x, &y);
            if (!vw->dragging)
                click(vw, x, y);
            vw->button_down = vw->dragging = false;
            rnd_view_hover(v, x, y, true);
        }
        break;
    case SDL_MOUSEWHEEL: {
        float dy = e->wheel.preciseY != 0.0f ? e->wheel.preciseY : (float)e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
            dy = -dy;
        if (dy != 0.0f) {
            rnd_view_zoom_at(v, vw->last_w, vw->last_h, powf(1.15f, dy), vw->mouse_x,
                             vw->mouse_y);
            vw->auto_fit = false;
        }
        break;
    }
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_LEAVE)
            rnd_view_hover(v, vw->mouse_x, vw->mouse_y, false);
        break;
    default:
        break;
    }
}

/* ---- the frame ----------------------------------------------------------- */

bool rnd_viewer_frame(rnd_viewer *vw) {
    double frame_start = real_seconds();
    SDL_Event e;
    while (SDL_PollEvent(&e))
        on_event(vw, &e);

    double now = wall(vw);
    double dt = now - vw->last_wall;
    vw->last_wall = now;
    /* The session advances by dt x speed (dt capped, so a stalled frame
     * does not jump the clock) or, at max, as far as its budget allows. */
    lv_session_tick(rnd_view_session(vw->view), dt);
    /* KPIs a few times a second, not every frame (lv_session_sync_due). */
    lv_session_sync_due(rnd_view_session(vw->view), now, RND_KPI_REFRESH_S);
    rnd_view_flash_update(vw->view, now);

    int w = 0, h = 0;
    SDL_GetRendererOutputSize(vw->ren, &w, &h);
    if ((w != vw->last_w || h != vw->last_h) && w > 0 && h > 0) {
        vw->last_w = w;
        vw->last_h = h;
        if (vw->auto_fit)
            rnd_view_fit(vw->view, w, h);
    }
    rnd_view_draw(vw->view, vw->ren, vw->text, w, h);
    if (vw->want_screenshot) {
        vw->want_screenshot = false;
        screenshot(vw, w, h);
    }
    SDL_RenderPresent(vw->ren);
    vw->frames++;

    if (vw->cfg.quit_after_frames > 0 && vw->frames >= vw->cfg.quit_after_frames)
        vw->quit = true;
    if (vw->cfg.quit_after_s > 0.0 && now - vw->start_wall >= vw->cfg.quit_after_s)
        vw->quit = true;
    if (!vw->cfg.no_throttle && !vw->vsync) {
        /* Without vsync, cap at about 60 frames per second. */
        double spent = real_seconds() - frame_start;
        if (spent < 1.0 / 60.0)
            SDL_Delay((Uint32)((1.0 / 60.0 - spent) * 1000.0));
    }
    return !vw->quit;
}

long rnd_viewer_run(rnd_viewer *vw) {
    while (rnd_viewer_frame(vw)) {
    }
    return vw->frames;
}
