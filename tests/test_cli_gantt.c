/*
 * test_cli_gantt.c - `linetwin schedule --gantt FILE.png` through the
 * built command: the picture exists, is a PNG of the expected size, and is
 * not blank (decoded by cairo, opened here as linetwin opens it); a path
 * that cannot be written is a clear error, exit 1. And the numbers of
 * docs/planning.md's comparison are what `schedule` prints.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_run.h"
#include "test_main.h"

/* A temporary path (the file made and removed: only its name is used). */
static void temp_path(char *buf, size_t n, const char *suffix) {
    char t[] = "/tmp/test_cli_gantt_XXXXXX";
    int fd = mkstemp(t);
    assert_true(fd >= 0);
    close(fd);
    remove(t);
    snprintf(buf, n, "%s%s", t, suffix);
}

/* The PNG's width and height from its IHDR chunk; false when the file is
 * not a PNG. */
static bool png_size(const char *path, unsigned *w, unsigned *h) {
    unsigned char b[24];
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n < 24 || memcmp(b, sig, 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0) return false;
    *w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
    *h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
    return true;
}

/* Pixels that are not white, and saturated ones (the bars' palette), by
 * decoding the PNG with cairo; false when libcairo.so.2 is missing. */
static bool png_ink(const char *path, long *ink, long *colour) {
    void *lib = dlopen("libcairo.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return false;
    void *(*from_png)(const char *);
    unsigned char *(*data)(void *);
    int (*width)(void *), (*height)(void *), (*stride)(void *);
    void (*destroy)(void *);
    void *sym[6] = {dlsym(lib, "cairo_image_surface_create_from_png"), dlsym(lib, "cairo_image_surface_get_data"),
                    dlsym(lib, "cairo_image_surface_get_width"), dlsym(lib, "cairo_image_surface_get_height"),
                    dlsym(lib, "cairo_image_surface_get_stride"), dlsym(lib, "cairo_surface_destroy")};
    for (int i = 0; i < 6; i++) assert_non_null(sym[i]);
    memcpy(&from_png, &sym[0], sizeof from_png);
    memcpy(&data, &sym[1], sizeof data);
    memcpy(&width, &sym[2], sizeof width);
    memcpy(&height, &sym[3], sizeof height);
    memcpy(&stride, &sym[4], sizeof stride);
    memcpy(&destroy, &sym[5], sizeof destroy);
    void *s = from_png(path);
    const unsigned char *px = data(s);
    assert_non_null(px);
    *ink = *colour = 0;
    for (int y = 0; y < height(s); y++)
        for (int x = 0; x < width(s); x++) {
            const unsigned char *p = px + (size_t)y * (size_t)stride(s) + (size_t)x * 4; /* B, G, R, X */
            int lo = p[0], hi = p[0];
            for (int c = 1; c < 3; c++) lo = p[c] < lo ? p[c] : lo, hi = p[c] > hi ? p[c] : hi;
            *ink += lo < 250;
            *colour += hi - lo > 80;
        }
    destroy(s);
    /* libcairo stays open, as in linetwin: its process-wide caches are
     * kept until exit (tests/lsan.supp). */
    return true;
}

static void gantt_png(void **state) {
    (void)state;
    char png[300];
    temp_path(png, sizeof png, ".png");
    result r = RUN("schedule", scene(0, "scenes/orders.cfg"), "--gantt", png);
    if (r.status == 1 && strstr(r.err, "cairo")) { /* built or run without cairo: refused with the reason */
        result_free(&r);
        skip();
    }
    expect_status(&r, 0);
    expect_contains(r.out, "Makespan");
    result_free(&r);
    unsigned w = 0, h = 0;
    assert_true(png_size(png, &w, &h));
    /* 1400 wide; 56 (title, axis) + 20 per server row + 64 (legend): the
     * scene's stations have 18 servers. */
    assert_int_equal(w, 1400);
    assert_int_equal(h, 56 + 20 * 18 + 64);
    long ink, colour;
    if (png_ink(png, &ink, &colour)) {
        /* 360 bars on each of 9 stations' rows: far more than text alone. */
        assert_true(ink > (long)(w * h) / 20);
        assert_true(colour > (long)(w * h) / 50);
    }
    remove(png);
}

static void gantt_bad_path(void **state) {
    (void)state;
    result r = RUN("schedule", scene(0, "scenes/orders.cfg"), "--gantt", "/nonexistent/dir/plan.png");
    expect_status(&r, 1);
    expect_contains(r.err, "/nonexistent/dir/plan.png");
    assert_null(strstr(r.out, "Makespan")); /* refused before planning */
    result_free(&r);
    EXPECT_STATUS(RUN("schedule", scene(0, "scenes/orders.cfg"), "--gantt", ""), 2);
}

/* docs/planning.md quotes the plan's summary of scenes/orders.cfg: the
 * lines printed now are those of the docs. */
static void docs_quote_schedule(void **state) {
    (void)state;
    result r = RUN("schedule", scene(0, "scenes/orders.cfg"), "--rule", "edd");
    expect_status(&r, 0);
    char path[600];
    snprintf(path, sizeof path, "%s/docs/planning.md", LINETWIN_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char doc[1 << 17];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    const char *keys[] = {"  Makespan ", "  Planned tardiness, sum", "  Orders planned late"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const char *a = strstr(r.out, keys[k]);
        assert_non_null(a);
        const char *e = strchr(a, '\n');
        char line[200];
        snprintf(line, sizeof line, "%.*s", (int)(e - a), a);
        if (!strstr(doc, line)) fail_msg("docs/planning.md does not quote \"%s\"", line);
    }
    result_free(&r);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(gantt_png),
        cmocka_unit_test(gantt_bad_path),
        cmocka_unit_test(docs_quote_schedule),
)
