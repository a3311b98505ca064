/*
 * rnd_snapshot.c - offscreen frames through the software renderer.
 */
/* mkstemp, fsync, fchmod */
#define _XOPEN_SOURCE 700
#include "rnd_snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
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

/* SDL_image reports some write errors and misses others (a short write at
 * the end of the stream, a failed close): the stream's own error flag and
 * the flush decide. */
bool rnd_snapshot_write_png(SDL_Surface *s, FILE *f, char *err, size_t err_size) {
    SDL_RWops *rw = SDL_RWFromFP(f, SDL_FALSE);
    if (!rw) {
        snprintf(err, err_size, "cannot write PNG: %s", SDL_GetError());
        return false;
    }
    int rc = IMG_SavePNG_RW(s, rw, 0);
    SDL_RWclose(rw);   /* frees rw only: f stays open */
    if (rc != 0) {
        snprintf(err, err_size, "cannot write PNG: %s", IMG_GetError());
        return false;
    }
    if (fflush(f) != 0 || ferror(f)) {
        snprintf(err, err_size, "cannot write PNG: %s", strerror(errno ? errno : EIO));
        return false;
    }
    return true;
}

bool rnd_snapshot_save_png(SDL_Surface *s, const char *path, char *err, size_t err_size) {
    /* The temporary's name follows `linetwin`'s (.NAME.linetwin-PID-XXXXXX),
     * so that the next run removes it should this process be killed. */
    char tmp[4096];
    const char *slash = strrchr(path, '/');
    int n = slash ? snprintf(tmp, sizeof tmp, "%.*s/.%.180s.linetwin-%ld-XXXXXX", (int)(slash - path), path,
                             slash + 1, (long)getpid())
                  : snprintf(tmp, sizeof tmp, ".%.180s.linetwin-%ld-XXXXXX", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp) {
        snprintf(err, err_size, "%s: path too long", path);
        return false;
    }
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            remove(tmp);
        }
        return false;
    }
    mode_t mask = umask(022);
    umask(mask);
    fchmod(fd, 0666 & ~mask);   /* mkstemp makes 0600 */
    char why[256] = "";
    bool ok = rnd_snapshot_write_png(s, f, why, sizeof why);
    if (ok && fsync(fd) != 0 && errno != EINVAL) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        ok = false;
    }
    if (fclose(f) != 0 && ok) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        ok = false;
    }
    if (ok && rename(tmp, path) != 0) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        ok = false;
    }
    if (!ok) {
        snprintf(err, err_size, "%s: %s", path, why);
        remove(tmp);
    }
    return ok;
}

SDL_Surface *rnd_snapshot_frame(rnd_view *v, double at, int w, int h, char *err, size_t err_size) {
    lv_session_advance_to(rnd_view_session(v), at);
    rnd_view_sync(v);
    rnd_view_set_status(v, 60.0, false);
    rnd_view_fit(v, w, h);
    return rnd_snapshot_surface(v, w, h, err, err_size);
}

bool rnd_snapshot_png(rnd_view *v, double at, int w, int h, const char *path, char *err,
                      size_t err_size) {
    SDL_Surface *s = rnd_snapshot_frame(v, at, w, h, err, err_size);
    if (!s)
        return false;
    bool ok = rnd_snapshot_save_png(s, path, err, err_size);
    SDL_FreeSurface(s);
    return ok;
}
