/*
 * test_cli_misc18.c - the command's side of session 18's loose ends:
 *  - `compare`'s AS/RS section has the finished-goods rows (stock_fg,
 *    stock_fg_max, shipped; table and JSON `asrs_diff`) when either side
 *    stores finished goods, and none otherwise;
 *  - `check`'s capacity line gives the stations after an assembly their
 *    work (scenes/assembly.cfg);
 *  - `snapshot` without `--size` grows 1280x720 to the plant's shape (the
 *    sizes themselves: test_render_misc18); with `--size`, that size.
 */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_run.h"
#include "test_main.h"
#include "test_tmpdir.h"
#include "cli_compare.h"

/* The stockroom's panels stay 1 h in stock instead of tri(4h, 8h, 16h)
 * (a mean of 9 h 20 min) in the retrofit: by Little's law its stock is
 * about a ninth of the base's, with about as many panels shipped. The
 * section has the three finished-goods rows; the JSON has them with a
 * paired difference. */
static void compare_has_finished_goods_rows(void **state) {
    (void)state;
    asrs_compare c = compare_asrs("scenes/stockroom.cfg", "short_dwell.cfg",
                                  "products = ( { id = \"panel\"; dwell = \"const(1h)\"; } );\n", "4d");
    expect_contains(c.sec, "  finished goods in stock  ");
    expect_contains(c.sec, "  finished goods in stock, most");
    expect_contains(c.sec, "  finished goods shipped");
    const char *d = c.diff;
    double sb = diff_value(d, "stock_fg", "base"), sr = diff_value(d, "stock_fg", "retrofit");
    double mb = diff_value(d, "stock_fg_max", "base"), mr = diff_value(d, "stock_fg_max", "retrofit");
    double hb = diff_value(d, "shipped", "base"), hr = diff_value(d, "shipped", "retrofit");
    print_message("stock %g -> %g, most %g -> %g, shipped %g -> %g\n", sb, sr, mb, mr, hb, hr);
    /* Little's law over the 3-day window: stock = shipped per hour x the
     * mean stay (9 1/3 h, 1 h), to the few panels that straddle its ends. */
    assert_true(fabs(sb - hb / 72.0 * (28.0 / 3.0)) < 0.03 * sb);
    assert_true(fabs(sr - hr / 72.0) < 0.03 * sr);
    assert_true(fabs(diff_value(d, "stock_fg", "diff") - (sr - sb)) < 1e-9 * sb);
    assert_true(mb >= sb && mr >= sr && mr < mb);
    assert_true(hb > 0.0 && hr >= hb && hr < 1.5 * hb); /* shorter stays ship sooner, not fewer */
    asrs_compare_free(&c);
}

/* An AS/RS that stores no finished goods (the warehouse's buffer) has no
 * such rows. */
static void compare_without_goods_has_no_rows(void **state) {
    (void)state;
    asrs_compare c = compare_asrs("scenes/warehouse.cfg", NULL, NULL, "2d");
    assert_null(strstr(c.table.out, "finished goods"));
    assert_null(strstr(c.diff, "\"stock_fg\""));
    asrs_compare_free(&c);
}

/* check's capacity line with products made on the line. assembly.cfg:
 * 12 housings and 20 shafts per 32 units of the mix make min(12, 20 / 2)
 * = 10 gearboxes; cnc (2 servers, 9 min, availability 20/21) gets 12/32 x
 * 540 s = 202.5 s: 2 x 3600 x 20/21 / 202.5 = 33.9 units/h, ahead of the
 * assembly (10/32 x 240 s = 75 s: 48 units/h; it was given the
 * components' 3 x 4 min and came out at 15 units/h). remanufacture.cfg:
 * 5/6 core a unit of the mix, 2 shafts a core: grind (4 min,
 * availability 12/12.5) 5/3 x 240 s = 400 s, 8.6 units/h, ahead of
 * strip's 9.0 (its parts were left out). */
static void check_counts_assembled_and_parts(void **state) {
    (void)state;
    char a[600], d[600];
    snprintf(a, sizeof a, "%s/scenes/assembly.cfg", LINETWIN_SOURCE_DIR);
    snprintf(d, sizeof d, "%s/scenes/remanufacture.cfg", LINETWIN_SOURCE_DIR);
    EXPECT_OUT(RUN("check", a, d), 0,
               "Capacity bottleneck: cnc, 33.9 units/h while on shift (2 servers x 3min 23s per unit of the mix, "
               "availability 95.2%)",
               "Capacity bottleneck: grind, 8.6 units/h while on shift (1 server x 6min 40s per unit of the mix, "
               "availability 96.0%)");
}

/* The width and height of a PNG file (its IHDR chunk). */
static void png_size(const char *path, unsigned *w, unsigned *h) {
    unsigned char b[24];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(b, 1, sizeof b, f), sizeof b);
    fclose(f);
    assert_memory_equal(b + 12, "IHDR", 4);
    *w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
    *h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
}

/* Two stations 4 m apart: the picture is 1416x721 (test_render_misc18's
 * long line), and 1280x720 when asked for. */
static void snapshot_fits_the_plant(void **state) {
    (void)state;
    static const char text[] =
        "stations = ( { id = \"s0\"; at = [ 0.0, 0.0 ]; cycle = \"1min\"; },\n"
        "             { id = \"s1\"; at = [ 4.0, 0.0 ]; cycle = \"1min\"; } );\n"
        "products = ( { id = \"p\"; route = [ \"s0\" ]; } );\n"
        "release = ( { product = \"p\"; interarrival = \"exp(2min)\"; } );\n";
    char out[600];
    unsigned w, h;
    snprintf(out, sizeof out, "%s/fit.png", tmpdir);
    result r = RUN_TEXT(text, "snapshot", "--at", "1h", "-o", out);
    expect_status(&r, 0);
    result_free(&r);
    png_size(out, &w, &h);
    assert_int_equal(w, 1416);
    assert_int_equal(h, 721);
    r = RUN_TEXT(text, "snapshot", "--at", "1h", "-o", out, "--size", "1280x720");
    expect_status(&r, 0);
    result_free(&r);
    png_size(out, &w, &h);
    assert_int_equal(w, 1280);
    assert_int_equal(h, 720);
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown, cmocka_unit_test(compare_has_finished_goods_rows),
          cmocka_unit_test(check_counts_assembled_and_parts),
          cmocka_unit_test(compare_without_goods_has_no_rows), cmocka_unit_test(snapshot_fits_the_plant), )
