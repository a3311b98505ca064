/*
 * test_scene_keys.c - the key tables of docs/scene-format.md are the code's
 * (scenes/src/scn_schema.c): each entity's table in the doc has exactly the
 * rows the code's table writes, in the same order; the choices a table
 * documents are the model's names; every key the builder accepts is in
 * its table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_model.h"
#include "scn_keys.h"
#include "scn_scene.h"
#include "test_helpers.h"
#include "test_main.h"

#define DOC LINETWIN_SOURCE_DIR "/docs/scene-format.md"

/* The next line of *p (without its end) into buf; false at the end. */
static bool next_line(const char **p, char *buf, size_t size) {
    if (!**p) return false;
    size_t n = strcspn(*p, "\n");
    snprintf(buf, size, "%.*s", (int)n, *p);
    *p += (*p)[n] == '\n' ? n + 1 : n;
    return true;
}

/* The rows of the first key table after `heading` in doc: a
 * "| key | type | default | meaning |" header, its rule, and the rows up
 * to the first line that is not a row. Returns how many rows it wrote
 * (at most max) into rows. */
static size_t doc_rows(const char *doc, const char *heading, char rows[][1024], size_t max) {
    const char *p = doc;
    char line[1024];
    bool in_section = false, in_table = false;
    size_t n = 0;
    while (next_line(&p, line, sizeof line)) {
        if (!in_section) {
            in_section = strcmp(line, heading) == 0;
            continue;
        }
        if (!in_table) {
            if (strncmp(line, "## ", 3) == 0) break;
            if (strcmp(line, "| key | type | default | meaning |") == 0) {
                in_table = true;
                next_line(&p, line, sizeof line);   /* | --- | ... */
            }
            continue;
        }
        if (line[0] != '|') break;
        if (n < max) snprintf(rows[n], sizeof rows[n], "%s", line);
        n++;
    }
    return n;
}

/* The rows the code writes for the section `heading`: those of every
 * table of that section, in the order of the tables. */
static size_t code_rows(const char *heading, char rows[][1024], size_t max) {
    size_t nt, n = 0;
    const scn_key_table *const *tables = scn__key_tables(&nt);
    for (size_t t = 0; t < nt; t++) {
        if (!tables[t]->heading || strcmp(tables[t]->heading, heading) != 0) continue;
        for (size_t i = 0; i < tables[t]->n; i++) {
            if (!tables[t]->keys[i].doc) continue;
            if (n < max) scn__key_row(tables[t], &tables[t]->keys[i], rows[n], sizeof rows[n]);
            n++;
        }
    }
    return n;
}

static void doc_tables_are_the_code_tables(void **state) {
    (void)state;
    char *doc = test_read_file(DOC);
    assert_non_null(doc);
    size_t nt;
    const scn_key_table *const *tables = scn__key_tables(&nt);
    assert_true(nt > 0);
    static char have[128][1024], want[128][1024];
    int differ = 0;
    for (size_t t = 0; t < nt; t++) {
        const char *heading = tables[t]->heading;
        if (!heading) continue;
        if (t > 0 && tables[t - 1]->heading && strcmp(tables[t - 1]->heading, heading) == 0) continue;   /* compared already */
        size_t n = doc_rows(doc, heading, have, 128), w = code_rows(heading, want, 128);
        if (n != w) {
            printf("'%s': the doc's key table has %zu rows, the code's %zu\n", heading, n, w);
            differ++;
        }
        for (size_t i = 0; i < w && i < n && i < 128; i++) {
            if (strcmp(want[i], have[i]) != 0) {
                printf("'%s': row %zu differs:\n  doc:  %s\n  code: %s\n", heading, i + 1, have[i], want[i]);
                differ++;
            }
        }
    }
    free(doc);
    assert_int_equal(differ, 0);
}

/* The tables of one section follow each other (the doc's rows are theirs
 * in that order). */
static void sections_are_contiguous(void **state) {
    (void)state;
    size_t nt;
    const scn_key_table *const *tables = scn__key_tables(&nt);
    for (size_t t = 0; t < nt; t++)
        for (size_t u = t + 2; u < nt && tables[t]->heading; u++)
            if (tables[u]->heading && strcmp(tables[t]->heading, tables[u]->heading) == 0)
                assert_string_equal(tables[u - 1]->heading, tables[t]->heading);
}

/* A row is what the doc shows: the key in backticks and four cells. */
static void row_format(void **state) {
    (void)state;
    scn_key k = {"servers", SCN_KEY_WHOLE, 1, 1000, NULL, NULL, NULL, "`1`", "parallel servers"};
    scn_key_table t = {"stations", "## stations", "", &k, 1};
    char buf[256];
    scn__key_row(&t, &k, buf, sizeof buf);
    assert_string_equal(buf, "| `servers` | 1 .. 1000 | `1` | parallel servers |");
    k.type_doc = "integer >= 1";
    t.prefix = "run.";
    scn__key_row(&t, &k, buf, sizeof buf);
    assert_string_equal(buf, "| `run.servers` | integer >= 1 | `1` | parallel servers |");
}

/* Each table names a key once, and a choice key lists its choices. */
static void tables_are_well_formed(void **state) {
    (void)state;
    size_t nt;
    const scn_key_table *const *tables = scn__key_tables(&nt);
    for (size_t t = 0; t < nt; t++) {
        const scn_key_table *kt = tables[t];
        for (size_t i = 0; i < kt->n; i++) {
            const scn_key *k = &kt->keys[i];
            assert_ptr_equal(scn__key_find(kt, k->name), k);
            if (k->doc) assert_non_null(k->default_doc);
            if (k->type == SCN_KEY_CHOICE) {
                assert_non_null(k->example);
                assert_non_null(k->what);
            }
            if (k->type == SCN_KEY_WHOLE || k->type == SCN_KEY_NUMBER) assert_true(k->lo <= k->hi);
        }
    }
}

/* The station kinds and dispatch rules the doc lists are the model's. */
static void station_choices_are_the_models(void **state) {
    (void)state;
    const scn_key *kind = scn__key_find(&scn__station_keys, "kind");
    const scn_key *dispatch = scn__key_find(&scn__station_keys, "dispatch");
    assert_non_null(kind);
    assert_non_null(dispatch);
    char want[256] = "";
    for (int k = 0; k < MDL_STATION_KIND_COUNT; k++)
        snprintf(want + strlen(want), sizeof want - strlen(want), "%s`\"%s\"`", k ? ", " : "",
                 mdl_station_kind_name((mdl_station_kind)k));
    assert_string_equal(kind->type_doc, want);
    want[0] = '\0';
    for (int k = 0; k < MDL_DISPATCH_COUNT; k++)
        snprintf(want + strlen(want), sizeof want - strlen(want), "%s`\"%s\"`", k ? ", " : "",
                 mdl_dispatch_name((mdl_dispatch)k));
    assert_string_equal(dispatch->type_doc, want);
}

/* A key the table does not name is refused with a hint from the table. */
static void unknown_key_hint_comes_from_the_table(void **state) {
    (void)state;
    const char *scene =
        "stations = ( { id = \"a\"; cycel = \"1min\"; out_capacty = 2; } );\n"
        "products = ( { id = \"p\"; route = [\"a\"]; } );\n"
        "release = ( { product = \"p\"; interarrival = \"2min\"; } );\n";
    scn_diags *d = scn_diags_new();
    assert_non_null(d);
    mdl_model *m = scn_load_buffer("k.cfg", scene, strlen(scene), NULL, NULL, 0, d);
    assert_null(m);
    char all[2048] = "";
    for (size_t i = 0; i < scn_diags_count(d); i++)
        snprintf(all + strlen(all), sizeof all - strlen(all), "%s\n", scn_diags_get(d, i));
    assert_non_null(strstr(all, "k.cfg:1: station 'a': unknown key 'cycel' (did you mean 'cycle'?)"));
    assert_non_null(strstr(all, "k.cfg:1: station 'a': unknown key 'out_capacty' (did you mean 'out_capacity'?)"));
    scn_diags_free(d);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(doc_tables_are_the_code_tables),
        cmocka_unit_test(sections_are_contiguous),
        cmocka_unit_test(row_format),
        cmocka_unit_test(tables_are_well_formed),
        cmocka_unit_test(station_choices_are_the_models),
        cmocka_unit_test(unknown_key_hint_comes_from_the_table),
)
