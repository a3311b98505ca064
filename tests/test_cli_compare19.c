/*
 * test_cli_compare19.c - `compare`'s sections of docks, conveyors,
 * batching, assembly and disassembly (docs/cli.md, compare): each entity
 * by id with both scenes' means and the paired difference, in the table
 * and in the JSON's `dock_diff`, `conveyor_diff`, `batching_diff`,
 * `assembly_diff` and `disassembly_diff`; only the rows an entity has (a
 * shipping dock has no wait), an entity of the section on one side only
 * (null on the other), and no section for a scene without such entities.
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

/* text from `from` on, cut where `to` starts (the caller frees it). */
static char *between(const char *from, const char *to) {
    const char *end = strstr(from, to);
    size_t n = end ? (size_t)(end - from) : strlen(from);
    char *s = malloc(n + 1);
    assert_non_null(s);
    memcpy(s, from, n);
    s[n] = '\0';
    return s;
}

/* The paired difference's mean is the difference of the means (both
 * scenes run the same replications). */
static void diff_is_paired(const char *d, const char *key) {
    double b = diff_value(d, key, "base"), r = diff_value(d, key, "retrofit"), m = diff_value(d, key, "diff");
    if (!(fabs(m - (r - b)) <= 1e-9 * (fabs(b) + fabs(r) + 1.0)))
        fail_msg("%s: diff %.12g, retrofit - base %.12g", key, m, r - b);
}

/* docks.cfg with a third vehicle and its output belt twice as fast
 * (0.6 m/s): the receiving dock's units wait less for a vehicle; the
 * belt's 6 m take 10 s instead of 20 s (it never stops: the packing
 * station keeps up). The receiving dock has three rows, the shipping dock
 * only its units (no wait, no queue: it has none). */
static void docks_and_conveyors(void **state) {
    (void)state;
    static const char lines[] = "fleets = ( { id = \"agv\"; count = 3; } );\n"
                                "conveyors = ( { id = \"out\"; speed = 0.6; } );\n";
    asrs_compare c = compare_section("scenes/docks.cfg", "faster.cfg", lines, "3d", "Docks", "dock_diff");
    char *sec = between(c.sec, "\nConveyors ");
    expect_contains(sec, "  Dock 'receiving' (receiving)\n    units ");
    expect_contains(sec, "    wait at the dock ");
    expect_contains(sec, "    units waiting ");
    const char *ship = expect_from(sec, "  Dock 'shipping' (shipping)\n    units ");
    const char *end = strchr(strchr(ship, '\n') + 1, '\n'); /* the units row's end: the section's */
    assert_true(end && end[1] == '\0');
    free(sec);

    char *docks = between(c.diff, "\"conveyor_diff\"");
    const char *rec = expect_from(docks, "\"id\": \"receiving\"");
    expect_contains(rec, "\"kind\": \"receiving\"");
    double wb = diff_value(rec, "wait_s", "base"), wr = diff_value(rec, "wait_s", "retrofit");
    print_message("receiving dock wait %g s -> %g s\n", wb, wr);
    assert_true(wb > 0.0 && wr < wb);
    diff_is_paired(rec, "wait_s");
    diff_is_paired(rec, "queue");
    const char *shp = expect_from(docks, "\"id\": \"shipping\"");
    expect_contains(shp, "\"kind\": \"shipping\"");
    assert_true(diff_value(shp, "units", "base") > 0.0);
    assert_null(strstr(shp, "\"wait_s\""));
    assert_null(strstr(shp, "\"queue\""));
    free(docks);

    const char *belt = expect_from(c.diff, "\"conveyor_diff\": [");
    expect_contains(belt, "\"id\": \"out\"");
    double tb = diff_value(belt, "transit_s", "base"), tr = diff_value(belt, "transit_s", "retrofit");
    assert_true(fabs(tb - 20.0) < 1e-9 && fabs(tr - 10.0) < 1e-9);
    assert_true(fabs(diff_value(belt, "transit_s", "diff") + 10.0) < 1e-9);
    assert_true(diff_value(belt, "stopped", "base") == 0.0);
    diff_is_paired(belt, "units");
    char *bt = between(expect_from(c.table.out, "\nConveyors "), "\nRetrofit target");
    expect_contains(bt, "  Conveyor 'out'\n");
    static const char *const rows[] = {"units on the belt", "stopped share", "units delivered", "transit time",
                                       "energy [kWh]"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) expect_contains(bt, rows[i]);
    free(bt);
    asrs_compare_free(&c);
}

/* assembly.cfg with the cure oven's batch halved (4) and the saw batching
 * pairs (before cnc, its buffer made unlimited): cure's batches are at most 4 (the base's at most 8), each started
 * full or at the timeout; saw batches in the retrofit only: one entry (it
 * is in both scenes) whose batch size changes 1 -> 2, its base figures
 * null. The assembly joins a housing and 2 shafts a kit, with a row set
 * per component. */
static void batching_and_assembly(void **state) {
    (void)state;
    static const char lines[] = "stations = ( { id = \"cure\"; batch = 4; },\n"
                                "             { id = \"saw\"; batch = 2; batch_timeout = \"10min\"; },\n"
                                "             { id = \"cnc\"; buffer = \"unlimited\"; } );\n";
    asrs_compare c = compare_section("scenes/assembly.cfg", "smaller.cfg", lines, "3d", "Batching", "batching_diff");
    expect_contains(c.sec, "  Station 'cure'\n    batch size (scene)  ");
    expect_contains(c.sec, "\n    batches ");
    /* saw is in both scenes: one entry matched by id, its batch size a
     * change (1 -> 2), not a station the retrofit alone has */
    expect_contains(c.sec, "  Station 'saw'\n    batch size (scene)  ");
    assert_null(strstr(c.sec, "(retrofit only)"));
    char *sawrow = between(expect_from(c.sec, "  Station 'saw'\n") + strlen("  Station 'saw'\n"), "\n");
    assert_non_null(strstr(sawrow, " 1 "));
    assert_non_null(strstr(sawrow, " 2 "));
    free(sawrow);
    const char *cure = expect_from(c.diff, "\"id\": \"cure\"");
    double sb = diff_value(cure, "mean_size", "base"), sr = diff_value(cure, "mean_size", "retrofit");
    print_message("cure: mean batch %g -> %g\n", sb, sr);
    assert_true(sb > 4.0 && sb <= 8.0 && sr > 1.0 && sr <= 4.0);
    for (int side = 0; side < 2; side++) {
        const char *s = side ? "retrofit" : "base";
        double n = diff_value(cure, "batches", s), full = diff_value(cure, "full", s);
        assert_true(n > 0.0 && fabs(full + diff_value(cure, "timeout", s) - n) < 1e-9);
    }
    diff_is_paired(cure, "wait_s");
    const char *saw = expect_from(c.diff, "\"id\": \"saw\"");
    expect_contains(saw, "\"batches\": {\n        \"base\": null,");
    expect_contains(saw, "\"batch\": {\n        \"base\": 1,\n        \"retrofit\": 2\n      }");
    assert_true(diff_value(saw, "mean_size", "retrofit") > 1.0);

    const char *as = expect_from(c.table.out, "\nAssembly ");
    expect_contains(as, "  Station 'assemble'\n    kits assembled ");
    expect_contains(as, "    component 'housing'\n      quantity per kit (scene) ");
    expect_contains(as, "\n      wait in its buffer ");
    expect_contains(as, "    component 'shaft'\n");
    const char *aj = expect_from(c.json.out, "\"assembly_diff\": [");
    double kits = diff_value(aj, "kits", "base");
    const char *shaft = expect_from(aj, "\"product\": \"shaft\"");
    assert_true(kits > 0.0 && fabs(diff_value(shaft, "taken", "base") - 2.0 * kits) <= 2.0);
    diff_is_paired(shaft, "starved_share");
    asrs_compare_free(&c);
}

/* assembly.cfg with three shafts a gearbox (the base: two): the assembly
 * station is one entry and each component shows its quantity per kit as
 * a change of the scene (2 -> 3 for the shaft, 1 -> 1 for the housing). */
static void bill_of_materials_change(void **state) {
    (void)state;
    static const char lines[] = "products = ( { id = \"gearbox\"; bom = { housing = 1; shaft = 3; }; } );\n";
    asrs_compare c = compare_section("scenes/assembly.cfg", "three.cfg", lines, "2d", "Assembly", "assembly_diff");
    expect_contains(c.sec, "  Station 'assemble'\n    kits assembled ");
    char *shaft = between(expect_from(c.sec, "    component 'shaft'\n      quantity per kit (scene) "), "\n      wait");
    assert_non_null(strstr(shaft, " 2 "));
    assert_non_null(strstr(shaft, " 3 "));
    free(shaft);
    assert_null(strstr(c.sec, "only"));
    const char *sj = expect_from(c.diff, "\"product\": \"shaft\"");
    expect_contains(sj, "\"quantity\": {\n            \"base\": 2,\n            \"retrofit\": 3\n          }");
    const char *hj = expect_from(c.diff, "\"product\": \"housing\"");
    expect_contains(hj, "\"quantity\": {\n            \"base\": 1,\n            \"retrofit\": 1\n          }");
    asrs_compare_free(&c);
}

/* remanufacture.cfg against itself: its strip station's disassembly
 * section, with no difference. */
static void disassembly(void **state) {
    (void)state;
    asrs_compare c =
        compare_section("scenes/remanufacture.cfg", NULL, NULL, "2d", "Disassembly", "disassembly_diff");
    static const char *const rows[] = {"units taken apart", "parts made", "part wait"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) expect_contains(c.sec, rows[i]);
    assert_true(diff_value(c.diff, "taken_apart", "base") > 0.0);
    assert_true(diff_value(c.diff, "parts", "diff") == 0.0);
    asrs_compare_free(&c);
}

/* The stockroom has an AS/RS and none of the others: no such section in
 * the table, no such array in the JSON. */
static void none_without_them(void **state) {
    (void)state;
    asrs_compare c = compare_asrs("scenes/stockroom.cfg", NULL, NULL, "2d");
    static const char *const titles[] = {"\nDocks ", "\nConveyors ", "\nBatching ", "\nAssembly ", "\nDisassembly "};
    static const char *const keys[] = {"dock_diff", "conveyor_diff", "batching_diff", "assembly_diff",
                                       "disassembly_diff"};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        assert_null(strstr(c.table.out, titles[i]));
        assert_null(strstr(c.json.out, keys[i]));
    }
    asrs_compare_free(&c);
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown,
          cmocka_unit_test(docks_and_conveyors),
          cmocka_unit_test(batching_and_assembly),
          cmocka_unit_test(bill_of_materials_change),
          cmocka_unit_test(disassembly),
          cmocka_unit_test(none_without_them),
)
