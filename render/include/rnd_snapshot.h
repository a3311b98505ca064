/*
 * rnd_snapshot.h - one frame drawn offscreen, saved as PNG.
 *
 * The same drawing as the window (rnd_view_draw), through SDL's software
 * renderer into a surface: no display, no window, no video driver needed.
 * `linetwin snapshot` and the README's screenshot use it; tests probe its
 * pixels.
 *
 * Ownership: returned surfaces belong to the caller (SDL_FreeSurface).
 */
#ifndef RND_SNAPSHOT_H
#define RND_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <SDL.h>

#include "rnd_view.h"

/// Draws the view as it is into a new w x h RGBA surface (camera as set;
/// call rnd_view_fit first for a framed picture). NULL with a message in
/// err on failure.
SDL_Surface *rnd_snapshot_surface(const rnd_view *v, int w, int h, char *err,
                                  size_t err_size);
/// Writes a surface as PNG on f (the caller's, left open and flushed);
/// false with a message in err when anything failed, the stream's error
/// flag and the flush included.
bool rnd_snapshot_write_png(SDL_Surface *s, FILE *f, char *err, size_t err_size);
/// Saves a surface as PNG: written to a temporary file beside `path`
/// (.NAME.linetwin-PID-XXXXXX), synced, then renamed, so an interrupted or
/// failed save never leaves a half-written image; on failure the
/// temporary is removed and err says why.
bool rnd_snapshot_save_png(SDL_Surface *s, const char *path, char *err, size_t err_size);
/// Advances the view to `at` (clamped to the horizon), fits the camera and
/// draws w x h: the snapshot command's picture as a new surface (the
/// caller's), or NULL with a message in err.
SDL_Surface *rnd_snapshot_frame(rnd_view *v, double at, int w, int h, char *err, size_t err_size);
/// The whole snapshot command: advances the view to `at` (clamped to the
/// horizon), fits the camera, draws w x h and saves it as PNG.
bool rnd_snapshot_png(rnd_view *v, double at, int w, int h, const char *path, char *err,
                      size_t err_size);

#endif
