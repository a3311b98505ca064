/*
 * rnd_text.h - UTF-8 text through SDL2_ttf, with a texture cache.
 *
 * A rnd_text belongs to one SDL_Renderer (its textures live there). It opens
 * the fonts found by rnd_font_find at each pixel size it is asked for, and
 * keeps the textures of recently drawn strings so that a frame full of
 * station names costs texture copies, not glyph rendering. Entries unused
 * for a few frames are dropped when the cache fills (call rnd_text_frame_end
 * once per frame).
 *
 * Fonts. The search order (first hit wins) is documented in docs/viewer.md:
 * $LINETWIN_FONT, the source tree's assets/fonts/, assets/fonts/ beside the
 * executable, then Debian's fonts-dejavu-core. A CJK font (fonts-wqy-microhei,
 * fonts-wqy-zenhei, Noto Sans CJK, or $LINETWIN_CJK_FONT) is picked up when
 * installed and used for strings that the main font cannot show. When no
 * font is found text is silently not drawn (the floor and charts still are);
 * rnd_text_font_path then returns NULL.
 *
 * Ownership: rnd_text_new allocates, rnd_text_free frees (NULL is a no-op);
 * free it before its renderer. Not thread-safe (neither is a renderer).
 *
 * Dependencies: SDL2, SDL2_ttf.
 */
#ifndef RND_TEXT_H
#define RND_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

typedef struct rnd_text rnd_text;

/// Horizontal alignment of rnd_text_draw: x is the left edge, centre or right edge.
typedef enum rnd_align { RND_ALIGN_LEFT = 0, RND_ALIGN_CENTER, RND_ALIGN_RIGHT } rnd_align;

/// Text style: pixel size and weight.
typedef struct rnd_font_style {
    int px;     ///< font size in pixels (clamped to 6..96)
    bool bold;
} rnd_font_style;

/// Finds the main font file; writes its path into buf and returns buf, or
/// returns NULL when none of the searched places has one.
const char *rnd_font_find(char *buf, size_t size);
/// Finds a CJK font file (NULL when none is installed).
const char *rnd_font_find_cjk(char *buf, size_t size);

/// Creates the text renderer for r. Initialises SDL_ttf (reference-counted).
/// NULL only when out of memory or SDL_ttf fails to initialise.
rnd_text *rnd_text_new(SDL_Renderer *r);
void rnd_text_free(rnd_text *t);
/// Path of the main font in use, or NULL when no font was found.
const char *rnd_text_font_path(const rnd_text *t);
/// Path of the CJK fallback font, or NULL.
const char *rnd_text_cjk_path(const rnd_text *t);

/// Draws one line of UTF-8 text with its top at y; returns its width in
/// pixels (0 when nothing was drawn).
int rnd_text_draw(rnd_text *t, const char *utf8, float x, float y, rnd_font_style st,
                  SDL_Color c, rnd_align align);
/// Like rnd_text_draw, but cuts the text with an ellipsis to fit max_w pixels.
int rnd_text_draw_fit(rnd_text *t, const char *utf8, float x, float y, rnd_font_style st,
                      SDL_Color c, rnd_align align, float max_w);
/// Told each line of text the renderer is asked to draw (x, y as passed
/// to rnd_text_draw): what a frame says, for tests and accessibility
/// tools. fn NULL: nobody is told (the default).
typedef void rnd_text_drawn_fn(void *ctx, const char *utf8, float x, float y);
void rnd_text_set_listener(rnd_text *t, rnd_text_drawn_fn *fn, void *ctx);
/// Width of the text in pixels (0 without font).
int rnd_text_width(rnd_text *t, const char *utf8, rnd_font_style st);
/// Height of a line of text at this style.
int rnd_text_height(rnd_text *t, rnd_font_style st);
/// Marks the end of a frame (cache ageing).
void rnd_text_frame_end(rnd_text *t);

/// Common styles.
#define RND_FONT_SMALL ((rnd_font_style){11, false})
#define RND_FONT_NORMAL ((rnd_font_style){13, false})
#define RND_FONT_BOLD ((rnd_font_style){13, true})
#define RND_FONT_LARGE ((rnd_font_style){16, true})

#endif
