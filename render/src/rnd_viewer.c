/*
 * rnd_viewer.c - the window, its events and the frame loop.
 *
 * The loop only decides how far to advance the clock before each frame
 * (wall time x speed, or as much as fits a time budget at "max"); the runs
 * compute exactly what they would compute headless.
 */
#include "rnd_viewer.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mdl_transport.h"
#include "rnd_internal.h"
#include "rnd_snapshot.h"
#include "rnd_text.h"

static const double speed_steps[] = {1.0, 10.0, 60.0, 600.0, 3600.0, INFINITY};
#define NSPEEDS ((int)(sizeof speed_steps / sizeof speed_steps[0]))

/* Longest wall time one frame may account for: after a stall (a window
 * drag, a debugger) the clock resumes instead of leaping ahead. */
#define MAX_FRAME_DT 0.25
/* Real time a frame may spend advancing at "max" speed. */
#define MAX_SPEED_BUDGET_S 0.014

struct rnd_viewer {
    rnd_view *view;
    SDL_Window *win;
    SDL_Renderer *ren;
    rnd_text *text;
    rnd_viewer_config cfg;
    char driver[32];
    bool vsync;
    double speed;
    bool paused;
    double start_wall, last_wall;
    long frames;
    bool quit;
    bool button_down, dragging, auto_fit;
    float down_x, down_y, mouse_x, mouse_y;
    bool want_screenshot;
    double max_chunk; /* simulated seconds per slice at "max" */
    int last_w, last_h;
};

const double *rnd_viewer_speed_steps(int *count) {
    if (count)
        *count = NSPEEDS;
    return speed_steps;
}

static double real_seconds(void) {
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static double wall(const rnd_viewer *vw) {
    return vw->cfg.clock ? vw->cfg.clock(vw->cfg.clock_ctx) : real_seconds();
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
    if (!vw->ren)
        vw->ren = SDL_CreateRenderer(vw->win, -1, SDL_RENDERER_SOFTWARE);
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
        fprintf(stderr, "linetwin: no font found (see docs/viewer.md, Fonts); "
                        "drawing without text\n");
    vw->speed = vw->cfg.speed > 0.0 ? vw->cfg.speed : 60.0;
    vw->paused = vw->cfg.start_paused;
    vw->max_chunk = 60.0;
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
    return vw->paused;
}

double rnd_viewer_speed(const rnd_viewer *vw) {
    return vw->speed;
}

long rnd_viewer_frames(const rnd_viewer *vw) {
    return vw->frames;
}

/* ---- actions ------------------------------------------------------------- */

static void change_speed(rnd_viewer *vw, int dir) {
    if (dir > 0) {
        for (int i = 0; i < NSPEEDS; i++)
            if (speed_steps[i] > vw->speed) {
                vw->speed = speed_steps[i];
                return;
            }
    } else {
        for (int i = NSPEEDS - 1; i >= 0; i--)
            if (speed_steps[i] < vw->speed) {
                vw->speed = speed_steps[i];
                return;
            }
    }
}

static void reload(rnd_viewer *vw) {
    if (!vw->cfg.reload) {
        rnd_view_log(vw->view, -1, RND_LOG_ERROR, "reload: no scene file to reload");
        return;
    }
    int n = rnd_view_pane_count(vw->view);
    mdl_model *fresh[RND_MAX_PANES] = {NULL, NULL};
    for (int p = 0; p < n; p++) {
        char err[512] = "";
        fresh[p] = vw->cfg.reload(vw->cfg.reload_ctx, p, err, sizeof err);
        if (!fresh[p]) {
            for (int q = 0; q < p; q++)
                mdl_model_free(fresh[q]);
            /* The old line keeps running: a typo in the file must not end
             * the session in front of an audience. */
            rnd_view_log(vw->view, p, RND_LOG_ERROR, "reload failed: %s",
                         err[0] ? err : "invalid scene");
            return;
        }
    }
    for (int p = 0; p < n; p++)
        if (!rnd_view_replace_model(vw->view, p, fresh[p])) {
            for (int q = p + 1; q < n; q++)
                mdl_model_free(fresh[q]);
            rnd_view_log(vw->view, p, RND_LOG_ERROR, "reload failed: out of memory");
            return;
        }
    rnd_view_log(vw->view, -1, RND_LOG_INFO, "scene reloaded from disk");
    if (vw->auto_fit)
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
    double t = rnd_view_now(vw->view);
    long sec = (long)t;
    const char *dir = vw->cfg.screenshot_dir ? vw->cfg.screenshot_dir : ".";
    for (int i = 1; i < 1000; i++) {
        if (i == 1)
            snprintf(path, sizeof path, "%s/linetwin-%s-d%ld-%02ld%02ld%02ld.png", dir, name,
                     sec / 86400 + 1, (sec / 3600) % 24, (sec / 60) % 60, sec % 60);
        else
            snprintf(path, sizeof path, "%s/linetwin-%s-d%ld-%02ld%02ld%02ld-%d.png", dir, name,
                     sec / 86400 + 1, (sec / 3600) % 24, (sec / 60) % 60, sec % 60, i);
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

static void on_key(rnd_viewer *vw, const SDL_KeyboardEvent *k) {
    bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0;
    bool shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    bool repeat = k->repeat != 0;
    rnd_view *v = vw->view;
    switch (k->keysym.sym) {
    case SDLK_SPACE:
        if (!repeat)
            vw->paused = !vw->paused;
        break;
    case SDLK_PERIOD:
    case SDLK_KP_PERIOD:
        vw->paused = true;
        rnd_view_step(v);
        break;
    case SDLK_PLUS:
    case SDLK_KP_PLUS:
    case SDLK_EQUALS:
        change_speed(vw, +1);
        break;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        change_speed(vw, -1);
        break;
    case SDLK_1: case SDLK_2: case SDLK_3: case SDLK_4: case SDLK_5: case SDLK_6:
        vw->speed = speed_steps[k->keysym.sym - SDLK_1];
        break;
    case SDLK_r:
        if (repeat)
            break;
        if (ctrl)
            reload(vw);
        else if (rnd_view_restart(v))
            rnd_view_log(v, -1, RND_LOG_INFO, "restarted at time 0");
        break;
    case SDLK_s:
        if (!repeat)
            vw->want_screenshot = true;
        break;
    case SDLK_h:
    case SDLK_F1:
        if (!repeat)
            rnd_view_set_help(v, !rnd_view_help(v));
        break;
    case SDLK_f:
        rnd_view_fit(v, vw->last_w, vw->last_h);
        vw->auto_fit = true;
        break;
    case SDLK_TAB:
        if (repeat)
            break;
        if (rnd_view_pane_count(v) < 2)
            rnd_view_log(v, -1, RND_LOG_INFO, "one line only: run `linetwin view BASE RETROFIT`");
        rnd_view_cycle_mode(v);
        rnd_view_fit(v, vw->last_w, vw->last_h);
        break;
    case SDLK_b:
        if (!repeat && !rnd_view_action(v, RND_ACT_BREAK, shift) && rnd_view_selected(v, NULL) < 0)
            rnd_view_log(v, -1, RND_LOG_INFO, "click a station first, then B breaks it");
        break;
    case SDLK_u:
        if (!repeat)
            rnd_view_action(v, RND_ACT_REPAIR, shift);
        break;
    case SDLK_RIGHTBRACKET:
        rnd_view_action(v, RND_ACT_ADD_SERVER, shift);
        break;
    case SDLK_LEFTBRACKET:
        rnd_view_action(v, RND_ACT_REMOVE_SERVER, shift);
        break;
    case SDLK_a:
    case SDLK_z:
        if (!rnd_view_action(v, k->keysym.sym == SDLK_a ? RND_ACT_FLEET_FASTER : RND_ACT_FLEET_SLOWER,
                             shift) &&
            !repeat && mdl_model_fleet_count(rnd_view_model(v, 0)) == 0)
            rnd_view_log(v, -1, RND_LOG_INFO, "no AGV fleet in this line");
        break;
    case SDLK_LEFT: rnd_view_pan(v, 60.0f, 0.0f); vw->auto_fit = false; break;
    case SDLK_RIGHT: rnd_view_pan(v, -60.0f, 0.0f); vw->auto_fit = false; break;
    case SDLK_UP: rnd_view_pan(v, 0.0f, 60.0f); vw->auto_fit = false; break;
    case SDLK_DOWN: rnd_view_pan(v, 0.0f, -60.0f); vw->auto_fit = false; break;
    case SDLK_ESCAPE:
        if (rnd_view_help(v))
            rnd_view_set_help(v, false);
        else if (rnd_view_selection(v).kind != RND_PICK_NONE)
            rnd_view_select(v, 0, -1);
        else
            vw->quit = true;
        break;
    case SDLK_q:
        vw->quit = true;
        break;
    default:
        break;
    }
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

static void advance_max(rnd_viewer *vw) {
    /* As fast as possible, but still drawing: advance in slices until the
     * frame's budget of real time is used, growing or shrinking the slice
     * so that a slice costs a fraction of the budget. */
    double t0 = real_seconds();
    for (;;) {
        double s0 = real_seconds();
        rnd_view_advance_to(vw->view, rnd_view_now(vw->view) + vw->max_chunk);
        double took = real_seconds() - s0;
        if (took < MAX_SPEED_BUDGET_S / 8.0 && vw->max_chunk < 86400.0)
            vw->max_chunk *= 2.0;
        else if (took > MAX_SPEED_BUDGET_S / 2.0 && vw->max_chunk > 1.0)
            vw->max_chunk *= 0.5;
        if (rnd_view_finished(vw->view) || real_seconds() - t0 >= MAX_SPEED_BUDGET_S)
            break;
    }
}

bool rnd_viewer_frame(rnd_viewer *vw) {
    double frame_start = real_seconds();
    SDL_Event e;
    while (SDL_PollEvent(&e))
        on_event(vw, &e);

    double now = wall(vw);
    double dt = now - vw->last_wall;
    vw->last_wall = now;
    dt = dt < 0.0 ? 0.0 : dt > MAX_FRAME_DT ? MAX_FRAME_DT : dt;
    if (!vw->paused && !rnd_view_finished(vw->view)) {
        if (isinf(vw->speed))
            advance_max(vw);
        else
            rnd_view_advance_to(vw->view, rnd_view_now(vw->view) + dt * vw->speed);
    }
    rnd_view_set_status(vw->view, vw->speed, vw->paused);
    rnd_view_sync(vw->view);

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
