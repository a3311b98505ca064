/*
 * startup.h - what both programs of the command do at start and at the end:
 * `linetwin` (headless: check, run, compare; no SDL) and `linetwin-view`
 * (view and snapshot, the SDL2 viewer), which `linetwin view` and
 * `linetwin snapshot` exec (cmd_view_exec.c).
 */
#ifndef LINETWIN_STARTUP_H
#define LINETWIN_STARTUP_H

/// Lets chipmunk's debug banner out once with stdout on /dev/null (see
/// startup.c); call before any thread exists.
void app_swallow_physics_banner(void);

/// Flushes stdout: a full disk or a closed pipe turns `status` 0 into 1
/// (message on stderr). Returns the exit status.
int app_finish(int status);

/// The file name of the viewer program, next to `linetwin`.
#define APP_VIEWER_NAME "linetwin-view"

#endif
