/*
 * rnd_viewer.h - the interactive window: event handling and the frame loop.
 *
 * A rnd_viewer owns a rnd_view (rnd_view.h), a window and its renderer.
 * Each frame it handles the pending SDL events (keys, mouse), hands the
 * wall time elapsed to the view's live session (lv_session_tick: simulated
 * time = wall time x speed, capped per frame, so a stalled frame does not
 * jump the clock), draws the frame with rnd_view_draw and presents it. The
 * speed and the pause state are the session's. Key bindings are one table
 * (rnd_keys.h), which the key handler, the help overlay (H or F1) and the
 * key table of docs/viewer.md follow.
 *
 * Testability. The wall clock is a function the caller may replace (a fake
 * clock makes a test deterministic); events can be injected with
 * SDL_PushEvent between calls of rnd_viewer_frame; the viewer can exit by
 * itself after a number of frames or seconds (--quit-after). With
 * SDL_VIDEODRIVER=dummy the window is a memory framebuffer and the software
 * renderer draws into it.
 *
 * Ownership. rnd_viewer_new takes ownership of the view (also on failure);
 * rnd_viewer_free frees it, the renderer and the window. The caller
 * initialises SDL's video subsystem before and quits it after.
 */
#ifndef RND_VIEWER_H
#define RND_VIEWER_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "mdl_model.h"
#include "rnd_view.h"

typedef struct rnd_viewer rnd_viewer;

/// True when the accelerated renderer the window got was OpenGL drawn by
/// the CPU (Mesa's llvmpipe or softpipe) and the viewer took SDL's software
/// renderer instead (not when SDL_RENDER_DRIVER names a driver).
bool rnd_viewer_replaced_software_gl(const rnd_viewer *vw);

/// Wall seconds between two KPI refreshes while the clock runs
/// (lv_session_sync_due): the panel, cards and tooltips, not every frame.
#define RND_KPI_REFRESH_S 0.25

/// Wall-clock seconds (any origin, non-decreasing).
typedef double rnd_clock_fn(void *ctx);
/// Loads pane `pane`'s scene again from disk (Ctrl+R): lv_reload_fn. Returns
/// a new model (the session takes it over) or NULL after writing a one-line
/// reason into err (shown in the event log).
typedef lv_reload_fn rnd_reload_fn;

/// Viewer settings; zero-initialise, then set what applies.
typedef struct rnd_viewer_config {
    const char *title;        ///< window title (NULL: "linetwin")
    int width, height;        ///< window size (0: 1280 x 720)
    double speed;             ///< initial speed factor of the session; 0 = 60x; INFINITY = max
    bool start_paused;        ///< pause the session at the start
    double quit_after_s;      ///< > 0: quit after this much wall time
    long quit_after_frames;   ///< > 0: quit after this many frames
    rnd_clock_fn *clock;      ///< NULL: SDL's performance counter
    void *clock_ctx;
    bool no_throttle;         ///< do not sleep between frames (tests, benchmarks)
    bool software;            ///< force the software renderer
    rnd_reload_fn *reload;    ///< NULL: Ctrl+R only logs that it is unavailable
    void *reload_ctx;
    const char *screenshot_dir; ///< where S saves (NULL: current directory)
} rnd_viewer_config;

/// Opens a window and a renderer (accelerated with vsync when available,
/// else software) for the view. NULL with a message in err on failure.
rnd_viewer *rnd_viewer_new(rnd_view *view, const rnd_viewer_config *cfg, char *err,
                           size_t err_size);
void rnd_viewer_free(rnd_viewer *vw);
/// A warning for the user about the window just made (no font found: the
/// viewer draws without text), or NULL. The library never prints: the
/// caller tells it once (app/cmd_view.c). Static text.
const char *rnd_viewer_warning(const rnd_viewer *vw);

/// Runs one frame: events, clock, drawing, present. False once the viewer
/// should close (window closed, Q or Esc, --quit-after reached).
bool rnd_viewer_frame(rnd_viewer *vw);
/// Runs frames until the viewer closes; returns the number of frames drawn.
long rnd_viewer_run(rnd_viewer *vw);

rnd_view *rnd_viewer_view(rnd_viewer *vw);
SDL_Renderer *rnd_viewer_renderer(rnd_viewer *vw);
/// Name of the SDL render driver in use ("software", "opengl" ...).
const char *rnd_viewer_driver(const rnd_viewer *vw);
bool rnd_viewer_paused(const rnd_viewer *vw);
/// Current speed factor (INFINITY = as fast as possible).
double rnd_viewer_speed(const rnd_viewer *vw);
long rnd_viewer_frames(const rnd_viewer *vw);
/// The speed steps of + and - (INFINITY last), and how many there are.
const double *rnd_viewer_speed_steps(int *count);

#endif
