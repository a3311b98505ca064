/*
 * rnd_snapshot.c - offscreen frames through the software renderer.
 */
#include "rnd_snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <SDL_image.h>

#include "rnd_text.h"

SDL_Surface *rnd_snapshot_surface(const rnd_view *v, int w, int h, char *err,
                                  size_t err_size) {
    if (w < 16 || h < 16 || w > 16384 || h > 16384) {
        snprintf(err, err_size, "snapshot: size %dx%d out of range (16..16384)", w, h);
        return NULL;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    if (!s) {
        snprintf(err, err_size, "snapshot: cannot create a %dx%d image: %s", w, h, SDL_GetError());
        return NULL;
    }
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    if (!r) {
        snprintf(err, err_size, "snapshot: no software renderer: %s", SDL_GetError());
        SDL_FreeSurface(s);
        return NULL;
    }
    rnd_text *t = rnd_text_new(r);
    if (!t) {
        snprintf(err, err_size, "snapshot: cannot initialise fonts: %s", SDL_GetError());
        SDL_DestroyRenderer(r);
        SDL_FreeSurface(s);
        return NULL;
    }
    rnd_view_draw(v, r, t, w, h);
    SDL_RenderPresent(r);
    rnd_text_free(t);
    SDL_DestroyRenderer(r);
    return s;
}

bool rnd_snapshot_save_png(SDL_Surface *s, const char *path, char *err, size_t err_size) {
    char tmp[4096];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp) {
        snprintf(err, err_size, "%s: path too long", path);
        return false;
    }
    if (IMG_SavePNG(s, tmp) != 0) {
        snprintf(err, err_size, "%s: cannot write PNG: %s", path, IMG_GetError());
        remove(tmp);
        return false;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
        remove(tmp);
        return false;
    }
    return true;
}

bool rnd_snapshot_png(rnd_view *v, double at, int w, int h, const char *path, char *err,
                      size_t err_size) {
    rnd_view_advance_to(v, at);
    rnd_view_sync(v);
    rnd_view_set_status(v, 60.0, false);
    rnd_view_fit(v, w, h);
    SDL_Surface *s = rnd_snapshot_surface(v, w, h, err, err_size);
    if (!s)
        return false;
    bool ok = rnd_snapshot_save_png(s, path, err, err_size);
    SDL_FreeSurface(s);
    return ok;
}
