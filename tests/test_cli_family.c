/*
 * test_cli_family.c - a family's order book through the built command:
 * each order's variant in the JSON (`options`) and in orders.csv, the
 * family rolled up into one products row, and a route that depends on the
 * options in `check`.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_helpers.h"
#include "cli_run.h"
#include "test_main.h"

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char scene_text[] =
    "run = { horizon = \"1d\"; warmup = \"0s\"; replications = 2; };\n"
    "stations = ( { id = \"saw\"; cycle = \"tri(1min, 2min, 3min)\"; dispatch = \"cr\"; },\n"
    "  { id = \"paint\"; cycle = \"exp(2min)\"; dispatch = \"setup\"; },\n"
    "  { id = \"pack\"; cycle = \"const(1min)\"; dispatch = \"slack\"; } );\n"
    "products = ( { id = \"housing\";\n"
    "    route = ( \"saw\", { station = \"paint\"; when = { coating = [ \"yes\" ]; }; }, \"pack\" );\n"
    "    options = ( { name = \"coating\"; values = [ \"no\", \"yes\" ]; setup = { paint = \"5min\"; }; },\n"
    "                { name = \"bore\"; values = [ \"A\", \"B\" ]; cycle = { pack = [ \"0s\", \"30s\" ]; }; } ); },\n"
    "  { id = \"cover\"; route = [ \"saw\", \"pack\" ]; } );\n"
    "release = ( { orders = \"orders.csv\"; } );\n";

static const char orders_text[] = "id,product,quantity,release,due,options\n"
                                  "H-1,housing,1,0,2h,coating=yes;bore=A\n"
                                  "H-2,housing,1,10min,2h,coating=no;bore=B\n"
                                  "C-3,cover,2,20min,3h,\n";

static void family_orders_in_outputs(void **state) {
    (void)state;
    char dir[] = "/tmp/test_cli_family_XXXXXX", path[600], out[600];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/orders.csv", dir);
    write_file(path, orders_text);
    snprintf(path, sizeof path, "%s/family.cfg", dir);
    write_file(path, scene_text);
    result r = RUN("run", path, "--json");
    expect_status(&r, 0);
    expect_contains(r.out, "\"id\": \"H-1\",\n      \"product\": \"housing\",\n      \"options\": \"coating=yes;bore=A\",");
    expect_contains(r.out, "\"id\": \"H-2\",\n      \"product\": \"housing\",\n      \"options\": \"coating=no;bore=B\",");
    expect_contains(r.out, "\"id\": \"C-3\",\n      \"product\": \"cover\",\n      \"quantity\": 2,"); /* no options */
    result_free(&r);
    snprintf(out, sizeof out, "%s/out", dir);
    EXPECT_STATUS(RUN("run", path, "--out", out), 0);
    char *csv = read_in(dir, "out/orders.csv");
    expect_contains(csv, "order,product,quantity,release_s,due_s,options,metric,mean,ci95,min,max\n");
    expect_contains(csv, "\nH-1,housing,1,0,7200,coating=yes;bore=A,units_good,1,");
    expect_contains(csv, "\nC-3,cover,2,1200,10800,,units_good,2,");
    free(csv);
    csv = read_in(dir, "out/products.csv");
    expect_contains(csv, "\nhousing,units_out,2,"); /* both variants in the family's row */
    expect_contains(csv, "\ncover,units_out,2,");
    free(csv);
    remove_dir(dir);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(family_orders_in_outputs),
)
