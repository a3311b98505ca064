/*
 * rnd_text.c - font search, SDL_ttf fonts per size, and the texture cache.
 *
 * Strings are rendered once in white (TTF_RenderUTF8_Blended) and tinted at
 * draw time with the texture colour modulation, so one cached texture serves
 * every colour a string is drawn in.
 */
#include "rnd_text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL_ttf.h>

#ifndef LINETWIN_ASSETS_DIR
#define LINETWIN_ASSETS_DIR "assets"
#endif

#define RND_MAX_FONTS 32
#define RND_CACHE_CAP 4096
#define RND_INDEX_CAP 16384 /* power of two, > 2 x RND_CACHE_CAP */
#define RND_KEEP_FRAMES 3

typedef struct font_slot {
    int px;
    bool bold;
    bool cjk;
    TTF_Font *font;
} font_slot;

typedef struct text_entry {
    uint64_t hash;
    char *s;
    int px;
    bool bold;
    SDL_Texture *tex;
    int w, h;
    uint32_t last_frame;
} text_entry;

struct rnd_text {
    SDL_Renderer *ren;
    char path[1024];
    char bold_path[1024];
    char cjk_path[1024];
    bool have_font, have_bold, have_cjk;
    font_slot fonts[RND_MAX_FONTS];
    int nfonts;
    text_entry cache[RND_CACHE_CAP];
    int ncache;
    int index[RND_INDEX_CAP]; /* cache slot + 1, 0 = empty */
    uint32_t frame;
    rnd_text_drawn_fn *drawn; /* told every line drawn (rnd_text_set_listener) */
    void *drawn_ctx;
};

static bool file_readable(const char *p) {
    return p && p[0] && access(p, R_OK) == 0;
}

static const char *try_path(char *buf, size_t size, const char *dir, const char *name) {
    if (!dir || !dir[0])
        return NULL;
    int n = snprintf(buf, size, "%s%s%s", dir,
                     dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    if (n < 0 || (size_t)n >= size)
        return NULL;
    return file_readable(buf) ? buf : NULL;
}

/* The first of the n paths that is readable and fits buf, copied into buf;
 * NULL (and buf empty) when none is. */
static const char *first_readable(char *buf, size_t size, const char *const *paths, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (file_readable(paths[i]) && strlen(paths[i]) < size) {
            memcpy(buf, paths[i], strlen(paths[i]) + 1);
            return buf;
        }
    buf[0] = '\0';
    return NULL;
}

const char *rnd_font_find(char *buf, size_t size) {
    if (!buf || size == 0)
        return NULL;
    const char *env = getenv("LINETWIN_FONT");
    if (first_readable(buf, size, &env, 1))
        return buf;
    if (try_path(buf, size, LINETWIN_ASSETS_DIR "/fonts", "DejaVuSans.ttf"))
        return buf;
    /* An installed or copied binary finds the assets next to itself. */
    char *base = SDL_GetBasePath();
    if (base) {
        const char *hit = try_path(buf, size, base, "assets/fonts/DejaVuSans.ttf");
        if (!hit)
            hit = try_path(buf, size, base, "../assets/fonts/DejaVuSans.ttf");
        if (!hit)
            hit = try_path(buf, size, base, "../share/linetwin/fonts/DejaVuSans.ttf");
        SDL_free(base);
        if (hit)
            return buf;
    }
    static const char *const system_fonts[] = {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
        "/usr/local/share/fonts/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    };
    return first_readable(buf, size, system_fonts, sizeof system_fonts / sizeof system_fonts[0]);
}

const char *rnd_font_find_cjk(char *buf, size_t size) {
    if (!buf || size == 0)
        return NULL;
    const char *env = getenv("LINETWIN_CJK_FONT");
    static const char *const cjk_fonts[] = {
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    };
    if (first_readable(buf, size, &env, 1))
        return buf;
    return first_readable(buf, size, cjk_fonts, sizeof cjk_fonts / sizeof cjk_fonts[0]);
}

rnd_text *rnd_text_new(SDL_Renderer *r) {
    /* SDL_ttf counts its initialisations; rnd_text_free undoes this one. */
    if (TTF_Init() != 0)
        return NULL;
    rnd_text *t = calloc(1, sizeof *t);
    if (!t) {
        TTF_Quit();
        return NULL;
    }
    t->ren = r;
    t->have_font = rnd_font_find(t->path, sizeof t->path) != NULL;
    if (t->have_font) {
        /* A real bold face beside the regular one looks better than
         * SDL_ttf's synthetic emboldening. */
        size_t n = strlen(t->path);
        if (n > 4 && strcmp(t->path + n - 4, ".ttf") == 0 &&
            n + 6 < sizeof t->bold_path) {
            memcpy(t->bold_path, t->path, n - 4);
            memcpy(t->bold_path + n - 4, "-Bold.ttf", 10);
            t->have_bold = file_readable(t->bold_path);
        }
    }
    t->have_cjk = rnd_font_find_cjk(t->cjk_path, sizeof t->cjk_path) != NULL;
    return t;
}

void rnd_text_free(rnd_text *t) {
    if (!t)
        return;
    for (int i = 0; i < t->ncache; i++) {
        if (t->cache[i].tex)
            SDL_DestroyTexture(t->cache[i].tex);
        free(t->cache[i].s);
    }
    for (int i = 0; i < t->nfonts; i++)
        TTF_CloseFont(t->fonts[i].font);
    free(t);
    TTF_Quit();
}

const char *rnd_text_font_path(const rnd_text *t) {
    return t && t->have_font ? t->path : NULL;
}

const char *rnd_text_cjk_path(const rnd_text *t) {
    return t && t->have_cjk ? t->cjk_path : NULL;
}

static int clamp_px(int px) {
    return px < 6 ? 6 : px > 96 ? 96 : px;
}

static TTF_Font *get_font(rnd_text *t, int px, bool bold, bool cjk) {
    if (!t->have_font || (cjk && !t->have_cjk))
        return NULL;
    for (int i = 0; i < t->nfonts; i++)
        if (t->fonts[i].px == px && t->fonts[i].bold == bold && t->fonts[i].cjk == cjk)
            return t->fonts[i].font;
    if (t->nfonts == RND_MAX_FONTS) {
        /* Sizes come from a handful of styles and the zoom-dependent label
         * size; when they run out, reuse the oldest slot. */
        TTF_CloseFont(t->fonts[0].font);
        memmove(&t->fonts[0], &t->fonts[1], sizeof t->fonts[0] * (RND_MAX_FONTS - 1));
        t->nfonts--;
    }
    const char *path = cjk ? t->cjk_path : (bold && t->have_bold) ? t->bold_path : t->path;
    TTF_Font *f = TTF_OpenFont(path, px);
    if (!f)
        return NULL;
    if (bold && (cjk || !t->have_bold))
        TTF_SetFontStyle(f, TTF_STYLE_BOLD);
    TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
    t->fonts[t->nfonts++] = (font_slot){px, bold, cjk, f};
    return f;
}

/* Decodes one UTF-8 sequence; returns its length (>= 1) and the code point
 * (U+FFFD for malformed input). */
static int utf8_next(const unsigned char *s, Uint32 *cp) {
    unsigned char c = s[0];
    int n;
    Uint32 v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        n = 2;
        v = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        v = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        v = c & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return i;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return n;
}

/* The main font for text it can show entirely, else the CJK font when there
 * is one (CJK fonts carry Latin glyphs too, so mixed names stay whole). */
static TTF_Font *font_for(rnd_text *t, const char *s, rnd_font_style st) {
    int px = clamp_px(st.px);
    TTF_Font *f = get_font(t, px, st.bold, false);
    if (!f || !t->have_cjk)
        return f;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        Uint32 cp;
        p += utf8_next(p, &cp);
        if (cp >= 0x2E80 && !TTF_GlyphIsProvided32(f, cp)) {
            TTF_Font *g = get_font(t, px, st.bold, true);
            return g ? g : f;
        }
    }
    return f;
}

static uint64_t hash_key(const char *s, int px, bool bold) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    h ^= (uint64_t)(px * 2 + (bold ? 1 : 0)) * UINT64_C(0x9E3779B97F4A7C15);
    return h ? h : 1;
}

static void index_rebuild(rnd_text *t) {
    memset(t->index, 0, sizeof t->index);
    for (int i = 0; i < t->ncache; i++) {
        size_t k = (size_t)t->cache[i].hash & (RND_INDEX_CAP - 1);
        while (t->index[k])
            k = (k + 1) & (RND_INDEX_CAP - 1);
        t->index[k] = i + 1;
    }
}

static void cache_evict(rnd_text *t) {
    /* Drop what the last few frames did not draw; if that frees too little
     * (a frame drew more strings than the cache holds), drop everything. */
    int keep = 0;
    for (int i = 0; i < t->ncache; i++) {
        text_entry *e = &t->cache[i];
        if (t->frame - e->last_frame <= RND_KEEP_FRAMES) {
            t->cache[keep++] = *e;
        } else {
            if (e->tex)
                SDL_DestroyTexture(e->tex);
            free(e->s);
        }
    }
    t->ncache = keep;
    if (t->ncache > RND_CACHE_CAP * 3 / 4) {
        for (int i = 0; i < t->ncache; i++) {
            if (t->cache[i].tex)
                SDL_DestroyTexture(t->cache[i].tex);
            free(t->cache[i].s);
        }
        t->ncache = 0;
    }
    index_rebuild(t);
}

static text_entry *cache_get(rnd_text *t, const char *s, rnd_font_style st) {
    int px = clamp_px(st.px);
    uint64_t h = hash_key(s, px, st.bold);
    size_t k = (size_t)h & (RND_INDEX_CAP - 1);
    while (t->index[k]) {
        text_entry *e = &t->cache[t->index[k] - 1];
        if (e->hash == h && e->px == px && e->bold == st.bold && strcmp(e->s, s) == 0) {
            e->last_frame = t->frame;
            return e;
        }
        k = (k + 1) & (RND_INDEX_CAP - 1);
    }
    TTF_Font *f = font_for(t, s, st);
    if (!f)
        return NULL;
    if (t->ncache == RND_CACHE_CAP) {
        cache_evict(t);
        k = (size_t)h & (RND_INDEX_CAP - 1);
        while (t->index[k])
            k = (k + 1) & (RND_INDEX_CAP - 1);
    }
    SDL_Surface *surf = TTF_RenderUTF8_Blended(f, s, (SDL_Color){255, 255, 255, 255});
    if (!surf)
        return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(t->ren, surf);
    int w = surf->w, hgt = surf->h;
    SDL_FreeSurface(surf);
    if (!tex)
        return NULL;
    char *copy = malloc(strlen(s) + 1);
    if (!copy) {
        SDL_DestroyTexture(tex);
        return NULL;
    }
    memcpy(copy, s, strlen(s) + 1);
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    text_entry *e = &t->cache[t->ncache];
    *e = (text_entry){h, copy, px, st.bold, tex, w, hgt, t->frame};
    t->index[k] = ++t->ncache;
    return e;
}

void rnd_text_set_listener(rnd_text *t, rnd_text_drawn_fn *fn, void *ctx) {
    if (!t)
        return;
    t->drawn = fn;
    t->drawn_ctx = ctx;
}

int rnd_text_draw(rnd_text *t, const char *utf8, float x, float y, rnd_font_style st,
                  SDL_Color c, rnd_align align) {
    if (!t || !utf8 || !utf8[0])
        return 0;
    if (t->drawn)
        t->drawn(t->drawn_ctx, utf8, x, y);
    text_entry *e = cache_get(t, utf8, st);
    if (!e)
        return 0;
    float dx = align == RND_ALIGN_CENTER ? (float)e->w * 0.5f
               : align == RND_ALIGN_RIGHT ? (float)e->w : 0.0f;
    /* Whole pixels keep glyphs crisp (no sub-pixel resampling). */
    SDL_Rect dst = {(int)SDL_floorf(x - dx + 0.5f), (int)SDL_floorf(y + 0.5f), e->w, e->h};
    SDL_SetTextureColorMod(e->tex, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(e->tex, c.a);
    SDL_RenderCopy(t->ren, e->tex, NULL, &dst);
    return e->w;
}

int rnd_text_width(rnd_text *t, const char *utf8, rnd_font_style st) {
    if (!t || !utf8 || !utf8[0])
        return 0;
    text_entry *e = cache_get(t, utf8, st);
    return e ? e->w : 0;
}

int rnd_text_height(rnd_text *t, rnd_font_style st) {
    if (!t)
        return st.px;
    TTF_Font *f = get_font(t, clamp_px(st.px), st.bold, false);
    return f ? TTF_FontHeight(f) : st.px;
}

int rnd_text_draw_fit(rnd_text *t, const char *utf8, float x, float y, rnd_font_style st,
                      SDL_Color c, rnd_align align, float max_w) {
    if (!t || !utf8 || !utf8[0] || max_w <= 0.0f)
        return 0;
    text_entry *whole = cache_get(t, utf8, st);
    if (!whole)
        return 0;
    if ((float)whole->w <= max_w)
        return rnd_text_draw(t, utf8, x, y, st, c, align);
    TTF_Font *f = font_for(t, utf8, st);
    if (!f)
        return 0;
    /* The longest prefix that fits with "…", cut at a code-point boundary:
     * a binary search over the boundaries, so a long name costs a few
     * measurements per frame. */
    char buf[256];
    size_t bounds[256];
    int nb = 0;
    size_t n = strlen(utf8);
    for (size_t len = 0; len < n && nb < 256;) {
        Uint32 cp;
        size_t step = (size_t)utf8_next((const unsigned char *)utf8 + len, &cp);
        if (len + step > n || len + step > sizeof buf - 4)
            break;
        len += step;
        bounds[nb++] = len;
    }
    int lo = 0, hi = nb - 1, best = -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int w = 0, h = 0;
        memcpy(buf, utf8, bounds[mid]);
        memcpy(buf + bounds[mid], "\xE2\x80\xA6", 4);
        if (TTF_SizeUTF8(f, buf, &w, &h) == 0 && (float)w <= max_w) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (best < 0)
        return 0;
    memcpy(buf, utf8, bounds[best]);
    memcpy(buf + bounds[best], "\xE2\x80\xA6", 4);
    return rnd_text_draw(t, buf, x, y, st, c, align);
}

void rnd_text_frame_end(rnd_text *t) {
    if (t)
        t->frame++;
}
