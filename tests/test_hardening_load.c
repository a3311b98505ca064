/*
 * test_hardening_load.c - the scene reader against hostile or unusual
 * files: comments and @include left open at the end, byte-order marks,
 * UTF-8 keys and invalid UTF-8, old Mac line ends, NUL bytes, deep nesting,
 * huge groups, include fan-out and the files an @include must refuse
 * (directories, devices, FIFOs, itself through a symlink). Every problem
 * is a `file:line: ...` message; the work of a load is bounded.
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
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>
#include <libconfig.h>

#include "mdl_model.h"
#include "scn_internal.h"
#include "scn_scene.h"

#include "scene_files.h"
#include "test_expect.h"
#include "test_tmpdir.h"
#include "test_scene_text.h"
#include "test_main.h"

/* ---- helpers -------------------------------------------------------------- */

static const char scene_tail[] =
    "stations = ( { id = \"saw\"; cycle = \"3min\"; }, { id = \"wash\"; cycle = \"1min\"; } );\n"
    "products = ( { id = \"p\"; route = [\"saw\", \"wash\"]; } );\n"
    "release = ( { product = \"p\"; interarrival = \"exp(8min)\"; } );\n";

static mdl_model *load_n(const char *text, size_t len, scn_diags *d) { return test_scene_load(text, len, NULL, 0, d); }

static void expect_ok_n(const char *text, size_t len) {
    scn_diags *d = scn_diags_new();
    mdl_model *m = load_n(text, len, d);
    if (!m) scn_diags_print(d, stderr);
    assert_non_null(m);
    assert_int_equal(scn_diags_count(d), 0);
    mdl_model_free(m);
    scn_diags_free(d);
}

static void expect_problem(const char *text, const char *part) { test_expect_problem(text, strlen(text), part); }

/* Loads tmpdir/name; returns the model (or NULL) and leaves the messages in d. */
static mdl_model *load_file(const char *name, scn_diags *d) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return scn_load_file(path, NULL, 0, d);
}

/* The model of tmpdir/name, which must load (else its problems are printed
 * and the test fails). */
static mdl_model *must_load_file(const char *name) {
    scn_diags *d = scn_diags_new();
    return test_loaded(load_file(name, d), d);
}

static void expect_file_problem(const char *name, const char *part) {
    scn_diags *d = scn_diags_new();
    mdl_model *m = load_file(name, d);
    assert_null(m);
    assert_true(test_has_diag(d, part));
    scn_diags_free(d);
}

/* ---- comments and @include left open -------------------------------------- */

static void test_unclosed_comment(void **state) {
    (void)state;
    /* libconfig 1.5 took the rest of the file as the comment and loaded
     * what came before it. */
    char text[1024];
    snprintf(text, sizeof text, "%s/* a note\nname = \"x\";\n", scene_tail);
    expect_problem(text, "t.cfg:4: syntax error: unterminated comment: the '/*' on line 4 is never closed by '*/'");
    snprintf(text, sizeof text, "%s/*", scene_tail);
    expect_problem(text, "t.cfg:4: syntax error: unterminated comment");
    snprintf(text, sizeof text, "%s/* closed */ /*/", scene_tail);
    expect_problem(text, "t.cfg:4: syntax error: unterminated comment");
    snprintf(text, sizeof text, "%s/* closed\n*/ # and a comment at the end without a newline", scene_tail);
    expect_ok_n(text, strlen(text));
}

static void test_unclosed_include(void **state) {
    (void)state;
    /* On the last line, without a newline: it used to read as "the scene is empty". */
    expect_problem("@include \"x.cfg", "t.cfg:1: syntax error: @include: the file name is not closed by '\"' on this line");
    expect_problem("a = 1;\n\n@include \"x.cfg\n", "t.cfg:3: syntax error: @include: the file name is not closed");
    expect_problem("a = 1;\r@include \"x.cfg\rb = 2;\r", "t.cfg:2: syntax error: @include: the file name is not closed");
    expect_problem("@include", "t.cfg:1: syntax error: @include must be followed by a file name in double quotes");
    expect_problem("name = \"x", "t.cfg:1: syntax error: unterminated string: the '\"' on line 1 is never closed");
}

/* ---- byte-order marks, line ends -------------------------------------------- */

static void test_byte_order_mark(void **state) {
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "\xEF\xBB\xBF%s", scene_tail);
    expect_ok_n(text, strlen(text));
    /* Only at the start: elsewhere it is an invisible character. */
    snprintf(text, sizeof text, "%s\xEF\xBB\xBFname = \"x\";\n", scene_tail);
    expect_problem(text, "t.cfg:4: syntax error: the invisible or non-ASCII blank U+FEFF");
    /* In an included file too. */
    snprintf(text, sizeof text, "\xEF\xBB\xBF%s", scene_tail);
    tmpdir_write("bom_base.cfg", text, strlen(text));
    static const char top[] = "\xEF\xBB\xBF@include \"bom_base.cfg\"\nname = \"with BOMs\";\n";
    tmpdir_write("bom_top.cfg", top, strlen(top));
    mdl_model *m = must_load_file("bom_top.cfg");
    assert_int_equal(mdl_model_station_count(m), 2);
    mdl_model_free(m);
}

static void test_line_ends(void **state) {
    (void)state;
    /* The unknown key is on line 5 whichever line end the file uses. */
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    for (size_t e = 0; e < 3; e++) {
        const char *nl = ends[e];
        char text[2048];
        snprintf(text, sizeof text,
                 "# a comment%s"
                 "stations = ( { id = \"saw\"; cycle = \"3min\"; } );%s"
                 "products = ( { id = \"p\"; route = [\"saw\"]; } );%s"
                 "release = ( { product = \"p\"; interarrival = \"exp(8min)\"; } );%s"
                 "stattions = 1;%s",
                 nl, nl, nl, nl, nl);
        expect_problem(text, "t.cfg:5: scene: unknown key 'stattions'");
        /* A string running over lines counts them the same way. */
        snprintf(text, sizeof text, "name = \"a%sb\";%s}%s", nl, nl, nl);
        expect_problem(text, "t.cfg:3: syntax error");
        /* A syntax error after a block comment over lines. */
        snprintf(text, sizeof text, "/*%s%s*/%sa = ;%s", nl, nl, nl, nl);
        expect_problem(text, "t.cfg:4: syntax error: expected a value after 'a ='");
        /* A NUL byte is reported on its line. */
        snprintf(text, sizeof text, "a = 1;%sb = 2;%sc", nl, nl);
        size_t len = strlen(text);
        text[len] = '\0';
        test_expect_problem(text, len + 1, "t.cfg:3: scene: binary data");
    }
}

/* ---- UTF-8 -------------------------------------------------------------------- */

static void test_utf8_keys(void **state) {
    (void)state;
    /* A product's per-station cycle group keyed by Chinese station ids. */
    static const char text[] =
        "stations = ( { id = \"铣床\"; cycle = \"3min\"; }, { id = \"清洗机\"; cycle = \"1min\"; } );\n"
        "products = ( { id = \"壳体\"; route = [\"铣床\", \"清洗机\"]; cycle = { 铣床 = \"2min\"; 清洗机 = 30; }; } );\n"
        "release = ( { product = \"壳体\"; interarrival = \"exp(8min)\"; } );\n";
    mdl_model *m = test_scene_must_load(text, strlen(text), NULL, 0);
    assert_true(fabs(mdl_model_mean_cycle(m, 0, 0) - 120.0) < 1e-9);
    assert_true(fabs(mdl_model_mean_cycle(m, 0, 1) - 30.0) < 1e-9);
    mdl_model_free(m);

    /* A key that names no station still gets the meaning-level message. */
    char bad[1024];
    snprintf(bad, sizeof bad, "%s", text);
    char *k = strstr(bad, "清洗机 = 30");
    assert_non_null(k);
    memcpy(k, "车床", strlen("车床"));   /* same length as 清洗 */
    expect_problem(bad, "t.cfg:2:");
    expect_problem(bad, "车床机");

    /* Ids and keys must be well-formed UTF-8 (the lone byte 0xE9 is Latin-1 é). */
    expect_problem("a = 1;\nstations = ( { id = \"caf\xE9\"; cycle = \"3min\"; } );\n",
                   "t.cfg:2: syntax error: invalid UTF-8 in the string opened on line 2 (byte 0xE9)");
    expect_problem("a = \"x\ny\n\xC0\xAF\";\n", "t.cfg:3: syntax error: invalid UTF-8 in the string opened on line 1");
    expect_problem("a = 1;\ng = { caf\xE9 = 1; };\n", "t.cfg:2: syntax error: invalid UTF-8 in the name 'caf' (byte 0xE9)");
    expect_problem("\xE9t\xE9 = 1;\n", "t.cfg:1: syntax error: invalid UTF-8 (byte 0xE9)");
    expect_problem("a = \"\\xE9\";\n", "t.cfg:1: syntax error: the string is not valid UTF-8");
    expect_problem("a = \"x\\x00y\";\n", "t.cfg:1: syntax error: \\x00 in a string");
    /* surrogates and overlong forms */
    expect_problem("a = \"\xED\xA0\x80\";\n", "invalid UTF-8");
    expect_problem("a = \"\xE0\x80\xAF\";\n", "invalid UTF-8");
    /* An input method's full-width punctuation and blanks are named. */
    expect_problem("铣床＝1;\n", "t.cfg:1: syntax error: '＝' (U+FF1D) is not part of the syntax: write the ASCII '='");
    expect_problem("a =\xE3\x80\x80" "1;\n", "t.cfg:1: syntax error: the invisible or non-ASCII blank U+3000");
    /* a right-to-left override inside a key */
    expect_problem("ab\xE2\x80\xAE" "cd = 1;\n", "t.cfg:1: syntax error: the invisible or non-ASCII blank U+202E");
    /* Well-formed UTF-8 in strings and comments is fine. */
    char ok[1024];
    snprintf(ok, sizeof ok, "# Größe, 尺寸\nname = \"Linie 1 – Gehäuse\";\n%s", scene_tail);
    expect_ok_n(ok, strlen(ok));
}

/* ---- nesting, sizes ------------------------------------------------------------ */

static void test_deep_and_long(void **state) {
    (void)state;
    size_t depth = 100000;
    char *deep = malloc(depth * 4 + 16);
    assert_non_null(deep);
    size_t n = (size_t)sprintf(deep, "a = ");
    for (size_t i = 0; i < depth; i++) deep[n++] = '(';
    deep[n] = '\0';
    test_expect_problem(deep, n, "t.cfg:1: syntax error: groups, lists and arrays are nested more than 64 deep");
    free(deep);

    /* A line of 4 MB: one string. */
    size_t big = 4u * 1024u * 1024u;
    char *line = malloc(big + 1024);
    assert_non_null(line);
    n = (size_t)sprintf(line, "%sdescription = \"", scene_tail);
    memset(line + n, 'x', big);
    n += big;
    n += (size_t)sprintf(line + n, "\";\n");
    expect_ok_n(line, n);
    /* The same, never closed. */
    line[n - 3] = ' ';
    test_expect_problem(line, n, "t.cfg:4: syntax error: unterminated string: the '\"' on line 4 is never closed");
    free(line);
}

/* A group of 100,000 keys is read in linear time: each key gets its
 * message (200 kept, the rest counted), and a duplicate at its end is
 * found through the index. */
static void test_huge_group(void **state) {
    (void)state;
    size_t keys = 100000;
    size_t cap = keys * 24 + 1024;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t n = (size_t)snprintf(text, cap, "%scosts = {\n", scene_tail);
    for (size_t i = 0; i < keys; i++) n += (size_t)snprintf(text + n, cap - n, "k%zu = %zu;\n", i, i);
    size_t body = n;
    n += (size_t)snprintf(text + n, cap - n, "};\n");
    scn_diags *d = scn_diags_new();
    mdl_model *m = load_n(text, n, d);
    assert_null(m);
    /* every key was read, and reported as unknown */
    assert_int_equal(scn_diags_count(d), SCN_DIAGS_MAX + 1);
    assert_true(test_has_diag(d, "t.cfg:5: costs: unknown key 'k0'"));
    char more[64];
    snprintf(more, sizeof more, "... and %zu more problems", keys - SCN_DIAGS_MAX);
    assert_true(test_has_diag(d, more));
    scn_diags_free(d);

    /* a duplicate of the first key at the end */
    n = body + (size_t)snprintf(text + body, cap - body, "k0 = 1;\n};\n");
    d = scn_diags_new();
    m = load_n(text, n, d);
    assert_null(m);
    char want[160];
    snprintf(want, sizeof want, "t.cfg:%zu: syntax error: duplicate key 'k0' (already set on line 5)", keys + 5);
    assert_true(test_has_diag(d, want));
    assert_int_equal(scn_diags_count(d), 1);
    scn_diags_free(d);
    free(text);
}

/* A list of 5,000 stations laid over a baseline of 5,000: merged by id in
 * one pass (the build's own checks are quadratic in the number of
 * stations, hence not more). */
static void test_huge_list_merge(void **state) {
    (void)state;
    size_t count = 5000;
    size_t cap = count * 80 + 1024;
    char *base = malloc(cap), *top = malloc(cap);
    assert_non_null(base);
    assert_non_null(top);
    size_t n = (size_t)snprintf(base, cap, "stations = (\n");
    for (size_t i = 0; i < count; i++)
        n += (size_t)snprintf(base + n, cap - n, "{ id = \"s%zu\"; cycle = \"1min\"; }%s\n", i, i + 1 < count ? "," : "");
    n += (size_t)snprintf(base + n, cap - n, ");\nproducts = ( { id = \"p\"; route = [\"s0\", \"s%zu\"]; } );\n"
                                             "release = ( { product = \"p\"; interarrival = \"exp(8min)\"; } );\n",
                          count - 1);
    tmpdir_write("many_base.cfg", base, n);
    /* Every station changed, every other one removed, a new one after each kept one. */
    n = (size_t)snprintf(top, cap, "@include \"many_base.cfg\"\nstations = (\n");
    for (size_t i = 0; i < count; i++) {
        if (i % 2 == 1 && i + 1 < count)
            n += (size_t)snprintf(top + n, cap - n, "{ id = \"s%zu\"; remove = true; },\n", i);
        else
            n += (size_t)snprintf(top + n, cap - n, "{ id = \"s%zu\"; servers = 2; }, { id = \"n%zu\"; cycle = \"2min\"; },\n", i, i);
    }
    n += (size_t)snprintf(top + n, cap - n, "{ id = \"last\"; cycle = \"1min\"; }\n);\n");
    tmpdir_write("many_top.cfg", top, n);
    mdl_model *m = must_load_file("many_top.cfg");
    /* kept: the even ones and the last one (count/2 + 1), each with a new one after it, and "last" */
    size_t kept = count / 2 + 1;
    assert_int_equal(mdl_model_station_count(m), (int)(2 * kept + 1));
    assert_string_equal(mdl_model_station(m, 0)->id, "s0");
    assert_string_equal(mdl_model_station(m, 1)->id, "n0");
    assert_string_equal(mdl_model_station(m, 2)->id, "s2");
    assert_int_equal(mdl_model_station(m, 2)->servers, 2);
    assert_string_equal(mdl_model_station(m, (int)(2 * kept))->id, "last");
    mdl_model_free(m);
    free(base);
    free(top);
}

/* An entry removed and added again in one layer, then changed: one entry,
 * where the removed one was. */
static void test_merge_remove_then_add(void **state) {
    (void)state;
    tmpdir_write("rm_base.cfg", scene_tail, strlen(scene_tail));
    static const char top[] =
        "@include \"rm_base.cfg\"\n"
        "stations = ( { id = \"saw\"; remove = true; }, { id = \"saw\"; cycle = \"2min\"; },\n"
        "             { id = \"saw\"; servers = 2; } );\n";
    tmpdir_write("rm_top.cfg", top, strlen(top));
    mdl_model *m = must_load_file("rm_top.cfg");
    assert_int_equal(mdl_model_station_count(m), 2);
    assert_string_equal(mdl_model_station(m, 0)->id, "saw");
    assert_int_equal(mdl_model_station(m, 0)->servers, 2);
    assert_true(fabs(mdl_model_mean_cycle(m, 0, 0) - 120.0) < 1e-9);
    mdl_model_free(m);
}

/* ---- @include: fan-out and files it must refuse -------------------------------- */

static void test_many_includes(void **state) {
    (void)state;
    tmpdir_write("small.cfg", scene_tail, strlen(scene_tail));
    /* 20,000 includes of one small file: each read and layered once (this
     * took 3 GB when the list of includes was copied at each one). */
    size_t count = 20000;
    size_t cap = count * 24 + 64;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t n = 0;
    for (size_t i = 0; i < count; i++) n += (size_t)snprintf(text + n, cap - n, "@include \"small.cfg\"\n");
    n += (size_t)snprintf(text + n, cap - n, "name = \"many\";\n");
    tmpdir_write("many.cfg", text, n);
    free(text);
    mdl_model *m = must_load_file("many.cfg");
    assert_int_equal(mdl_model_station_count(m), 2);
    mdl_model_free(m);

    /* 8 includes on each of 8 levels would read 16.7 million files: the
     * load stops at one of its limits with one message. */
    for (int level = 0; level < 8; level++) {
        char name[32], body[512];
        snprintf(name, sizeof name, "fan%d.cfg", level);
        size_t k = 0;
        for (int i = 0; i < 8; i++) k += (size_t)snprintf(body + k, sizeof body - k, "@include \"fan%d.cfg\"\n", level + 1);
        tmpdir_write(name, body, k);
    }
    tmpdir_write("fan8.cfg", scene_tail, strlen(scene_tail));
    scn_diags *d = scn_diags_new();
    m = load_file("fan0.cfg", d);
    assert_null(m);
    assert_int_equal(scn_diags_count(d), 1);
    assert_true(test_has_diag(d, "(the limit of one load)"));
    scn_diags_free(d);
}

static void test_include_refusals(void **state) {
    (void)state;
    /* What the includes below name: a directory, a FIFO nobody writes to
     * (refused at once, no hang), a link to the including file, a file
     * with invalid UTF-8. */
    char path[512];
    assert_int_equal(mkdir(tmpdir_path(path, sizeof path, "adir"), 0755), 0);
    assert_int_equal(mkfifo(tmpdir_path(path, sizeof path, "pipe.cfg"), 0644), 0);
    assert_int_equal(symlink("self.cfg", tmpdir_path(path, sizeof path, "self_link.cfg")), 0);
    tmpdir_put("bad_utf8.cfg", "a = 1;\r\rb = \"\xFF\";\r");
    /* file: its first lines, then scene_tail; the problems its load has */
    static const struct {
        const char *file, *head, *problem[2];
    } cases[] = {
        {"inc_dir.cfg", "@include \"adir\"\n",
         {"inc_dir.cfg:1: @include \"adir\": cannot open", "it is a directory"}},
        /* a device that never ends */
        {"inc_zero.cfg", "a = 1;\n@include \"/dev/zero\"\n",
         {"inc_zero.cfg:2: @include \"/dev/zero\": cannot open /dev/zero: not a regular file", NULL}},
        {"inc_fifo.cfg", "@include \"pipe.cfg\"\n",
         {"inc_fifo.cfg:1: @include \"pipe.cfg\": cannot open", "not a regular file"}},
        /* itself, through the link */
        {"self.cfg", "@include \"self_link.cfg\"\n",
         {"self.cfg:1: @include \"self_link.cfg\": include loop", NULL}},
        {"inc_empty.cfg", "@include \"\"\n",
         {"inc_empty.cfg:1: @include \"\": the file name is empty", NULL}},
        /* invalid UTF-8 in the included file is reported there */
        {"inc_bad.cfg", "@include \"bad_utf8.cfg\"\n",
         {"/bad_utf8.cfg:3: syntax error: invalid UTF-8", NULL}},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s", cases[k].head, scene_tail);
        tmpdir_put(cases[k].file, text);
        for (int i = 0; i < 2 && cases[k].problem[i]; i++)
            expect_file_problem(cases[k].file, cases[k].problem[i]);
    }
}

/* An include path longer than 1,024 bytes once joined to its directory
 * used to be cut short (and name another file). */
static void test_long_include_path(void **state) {
    (void)state;
    char rel[1400] = "", dir[2000];
    for (int i = 0; i < 6; i++) {
        char part[220];
        memset(part, 'a' + i, 200);
        part[200] = '\0';
        strcat(rel, part);
        snprintf(dir, sizeof dir, "%s/%s", tmpdir, rel);
        assert_int_equal(mkdir(dir, 0755), 0);
        strcat(rel, "/");
    }
    strcat(rel, "base.cfg");
    assert_true(strlen(rel) > 1024);
    tmpdir_write(rel, scene_tail, strlen(scene_tail));
    char text[2000];
    snprintf(text, sizeof text, "@include \"%s\"\nname = \"deep\";\n", rel);
    tmpdir_write("long_path.cfg", text, strlen(text));
    mdl_model *m = must_load_file("long_path.cfg");
    mdl_model_free(m);
}

/* A line of one station (3 min), `station`, and a product p through it,
 * released by the release entry `release` (its keys), into text. */
static void one_station_scene(char *text, size_t size, const char *station, const char *release) {
    int n = snprintf(text, size,
                     "stations = ( { id = \"%s\"; cycle = \"3min\"; } );\n"
                     "products = ( { id = \"p\"; route = [\"%s\"]; } );\n"
                     "release = ( { %s } );\n",
                     station, station, release);
    assert_true(n > 0 && (size_t)n < size);
}

/* Overrides are UTF-8 too. */
static void test_set_utf8(void **state) {
    (void)state;
    char text[512];
    one_station_scene(text, sizeof text, "铣床", "product = \"p\"; interarrival = \"exp(8min)\";");
    const char *good[] = {"stations.铣床.servers=3"};
    mdl_model *m = test_scene_must_load(text, strlen(text), good, 1);
    assert_int_equal(mdl_model_station(m, 0)->servers, 3);
    mdl_model_free(m);
    const char *bad[] = {"stations.\xE9.servers=3"};
    scn_diags *d = scn_diags_new();
    m = scn_load_buffer("t.cfg", text, strlen(text), NULL, bad, 1, d);
    assert_null(m);
    assert_true(test_has_diag(d, "--set:1: not valid UTF-8 (byte 10)"));
    scn_diags_free(d);
}

/* The orders CSV counts lines as scenes do, and is UTF-8 too. */
static void test_orders_csv_lines(void **state) {
    (void)state;
    char scene[512];
    one_station_scene(scene, sizeof scene, "saw", "orders = \"orders_cr.csv\";");
    tmpdir_write("orders_cr.cfg", scene, strlen(scene));
    static const char csv[] = "id,product,quantity,release\rA-1,p,2,0\r\rA-2,p,two,1h\r";
    tmpdir_write("orders_cr.csv", csv, strlen(csv));
    expect_file_problem("orders_cr.cfg", "/orders_cr.csv:4: order 'A-2': quantity: expected a whole number");
    static const char latin1[] = "id,product,quantity,release\r\nA-1,p,2,0\r\nA-\xE9,p,1,0\r\n";
    tmpdir_write("orders_cr.csv", latin1, strlen(latin1));
    expect_file_problem("orders_cr.cfg", "/orders_cr.csv:3: orders: not valid UTF-8 (byte 0xE9)");
}

/* ---- the same trees as libconfig 1.5 --------------------------------------------- */

static int mismatches;

static void differ(const char *file, const scn_node *n, const char *what) {
    fprintf(stderr, "%s:%d: %s differs from libconfig\n", file, n->line, what);
    mismatches++;
}

static void compare_tree(const char *file, const config_setting_t *c, const scn_node *n) {
    const char *cname = config_setting_name(c);
    if ((cname == NULL) != (n->name == NULL) || (cname && strcmp(cname, n->name) != 0)) differ(file, n, "a name");
    /* libconfig gives a member the line of its key, and an element the line
     * where it was complete (after a look-ahead): compare members only. */
    if (cname && n->kind != SCN_GROUP && n->kind != SCN_LIST && n->kind != SCN_ARRAY &&
        (int)config_setting_source_line(c) != n->line)
        differ(file, n, "a line");
    switch (config_setting_type(c)) {
    case CONFIG_TYPE_INT: case CONFIG_TYPE_INT64:
        if (n->kind != SCN_INT || n->i != config_setting_get_int64(c)) differ(file, n, "an integer");
        return;
    case CONFIG_TYPE_FLOAT: {
        double f = config_setting_get_float(c);
        if (n->kind != SCN_FLOAT || memcmp(&f, &n->f, sizeof f) != 0) differ(file, n, "a number");
        return;
    }
    case CONFIG_TYPE_BOOL:
        if (n->kind != SCN_BOOL || n->i != (config_setting_get_bool(c) != 0)) differ(file, n, "a boolean");
        return;
    case CONFIG_TYPE_STRING:
        if (n->kind != SCN_STRING || strcmp(n->s, config_setting_get_string(c)) != 0) differ(file, n, "a string");
        return;
    case CONFIG_TYPE_GROUP: if (n->kind != SCN_GROUP) differ(file, n, "a group"); break;
    case CONFIG_TYPE_LIST: if (n->kind != SCN_LIST) differ(file, n, "a list"); break;
    case CONFIG_TYPE_ARRAY: if (n->kind != SCN_ARRAY) differ(file, n, "an array"); break;
    default: differ(file, n, "a type"); return;
    }
    if ((size_t)config_setting_length(c) != n->nkids) {
        differ(file, n, "a length");
        return;
    }
    for (size_t i = 0; i < n->nkids; i++) compare_tree(file, config_setting_get_elem(c, (unsigned)i), n->kids[i]);
}

/* Compares scn_text.c's tree of the scene at path with libconfig 1.5's
 * when libconfig reads it (and it has no @include and no NUL byte);
 * counts it in *(int *)ctx. */
static void compare_with_libconfig(void *ctx, const char *rel, const char *path, const char *name) {
    (void)rel;
    scn_arena a;
    scn__arena_init(&a, NULL, NULL);
    char err[256];
    size_t len = 0;
    char *text = scn__read_file(&a, path, &len, err, sizeof err);
    assert_non_null(text);
    if (strstr(text, "@include") || memchr(text, '\0', len)) {
        scn__arena_fini(&a);
        return;
    }
    /* libconfig 1.5 fails on a comment on a last line without a newline */
    char *copy = scn__alloc(&a, len + 2);
    memcpy(copy, text, len);
    copy[len] = '\n';
    config_t cfg;
    config_init(&cfg);
    scn_diags *d = scn_diags_new();
    size_t budget = SCN_MAX_VALUES;
    scn_text tx;
    scn__text_parse(&a, path, text, len, &budget, &tx, d);
    if (config_read_string(&cfg, copy) && tx.root && scn_diags_count(d) == 0) {
        compare_tree(name, config_root_setting(&cfg), tx.root);
        ++*(int *)ctx;
    } else if (tx.root && scn_diags_count(d) == 0) {
        fprintf(stderr, "%s: libconfig refuses it (line %d: %s), we accept it\n", name,
                config_error_line(&cfg), config_error_text(&cfg));
    }
    config_destroy(&cfg);
    scn_diags_free(d);
    scn__arena_fini(&a);
}

/* Every scene file of the project that libconfig 1.5 reads without an
 * error, without @include (which libconfig would paste in) and without
 * the numbers it would wrap is read into the same tree by scn_text.c. */
static void test_same_tree_as_libconfig(void **state) {
    (void)state;
    static const char *const dirs[] = {"scenes", "scenes/validation", "tests/scenes", "tests/broken"};
    int compared = 0;
    mismatches = 0;
    for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++)
        scene_files_each(dirs[k], compare_with_libconfig, &compared);
    fprintf(stderr, "compared %d files with libconfig\n", compared);
    assert_int_equal(mismatches, 0);
    assert_true(compared >= 30);
}

TEST_MAIN(tmpdir_setup, tmpdir_teardown,
        cmocka_unit_test(test_unclosed_comment),
        cmocka_unit_test(test_unclosed_include),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_utf8_keys),
        cmocka_unit_test(test_deep_and_long),
        cmocka_unit_test(test_huge_group),
        cmocka_unit_test(test_huge_list_merge),
        cmocka_unit_test(test_merge_remove_then_add),
        cmocka_unit_test(test_many_includes),
        cmocka_unit_test(test_include_refusals),
        cmocka_unit_test(test_long_include_path),
        cmocka_unit_test(test_orders_csv_lines),
        cmocka_unit_test(test_set_utf8),
        cmocka_unit_test(test_same_tree_as_libconfig),
)
