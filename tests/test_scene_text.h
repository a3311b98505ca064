/*
 * test_scene_text.h - a scene from a string for the tests. Include after
 * cmocka.h (and its prerequisites).
 *
 *   test_scene_text(name, text)           the model; the test fails, with the
 *                                         loader's messages, when it refuses it
 *   test_scene_load(text, len, sets, n, d) the model or NULL, problems in d
 *                                         (the file is named "t.cfg")
 *   test_scene_must_load(text, len, sets, n)  the model, or the test fails
 *   test_has_diag(d, part)                some problem contains part (else all
 *                                         are printed)
 *   test_expect_problem(text, len, part)  refused, with a problem containing part
 *   test_expect_problems(text, parts, n)  refused, with each of the n parts in a
 *                                         problem (_n: of len bytes)
 *   test_job_line(name, run, before, stations, after)
 *                                         the one-station line of the maintenance
 *                                         tests (station "m", product "job")
 *   test_src_sink_line(name, run, src, sink, carrier, after)
 *                                         units made at "src", carried to "sink"
 */
#ifndef LINETWIN_TESTS_SCENE_TEXT_H
#define LINETWIN_TESTS_SCENE_TEXT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "mdl_model.h"
#include "scn_scene.h"

static inline mdl_model *test_scene_text(const char *name, const char *text) {
    scn_diags *d = scn_diags_new();
    mdl_model *m = scn_load_buffer(name, text, strlen(text), NULL, NULL, 0, d);
    if (!m) {
        for (size_t i = 0; i < scn_diags_count(d); i++) print_message("%s\n", scn_diags_get(d, i));
        fail_msg("scene refused");
    }
    scn_diags_free(d);
    return m;
}

/* A `run` group: horizon, warm-up (NULL: none), replications, seed. */
typedef struct test_run {
    const char *horizon, *warmup;
    int reps;
    uint64_t seed;
} test_run;

/* The scene (refused: the test fails)
 *   run = { <run> };
 *   <before>stations = ( <stations> );
 *   products = ( { id = "job"; route = [ "m" ]; } );
 *   release = ( { product = "job"; unlimited = true; } );
 *   <after>
 * : station "m" (one of `stations`), fed without limit. */
/* The `run` group of run, a line of scene text, into out. */
static inline void test_run_line(test_run run, char *out, size_t size) {
    char warmup[64] = "";
    if (run.warmup) snprintf(warmup, sizeof warmup, " warmup = \"%s\";", run.warmup);
    int n = snprintf(out, size, "run = { horizon = \"%s\";%s replications = %d; seed = %llu; };\n", run.horizon,
                     warmup, run.reps, (unsigned long long)run.seed);
    assert_true(n > 0 && (size_t)n < size);
}

static inline mdl_model *test_job_line(const char *name, test_run run, const char *before, const char *stations,
                                       const char *after) {
    char head[256], text[8192];
    test_run_line(run, head, sizeof head);
    int n = snprintf(text, sizeof text,
                     "%s%sstations = ( %s );\n"
                     "products = ( { id = \"job\"; route = [ \"m\" ]; } );\n"
                     "release = ( { product = \"job\"; unlimited = true; } );\n%s",
                     head, before, stations, after);
    assert_true(n > 0 && (size_t)n < sizeof text);
    return test_scene_text(name, text);
}

/* The scene (refused: the test fails)
 *   run = { <run> };
 *   stations = ( { id = "src"; <src> }, { id = "sink"; cycle = "const(1s)"; <sink> } );
 *   products = ( { id = "u"; route = [ "src", "sink" ]; transport = { src = "<carrier>"; }; } );
 *   release = ( { product = "u"; unlimited = true; } );
 *   <after>
 * : units made at src without limit, carried to sink by `carrier`. */
static inline mdl_model *test_src_sink_line(const char *name, test_run run, const char *src, const char *sink,
                                            const char *carrier, const char *after) {
    char head[256], text[8192];
    test_run_line(run, head, sizeof head);
    int n = snprintf(text, sizeof text,
                     "%sstations = ( { id = \"src\"; %s },\n"
                     "             { id = \"sink\"; cycle = \"const(1s)\"; %s } );\n"
                     "products = ( { id = \"u\"; route = [ \"src\", \"sink\" ]; transport = { src = \"%s\"; }; } );\n"
                     "release = ( { product = \"u\"; unlimited = true; } );\n%s",
                     head, src, sink, carrier, after);
    assert_true(n > 0 && (size_t)n < sizeof text);
    return test_scene_text(name, text);
}

static inline mdl_model *test_scene_load(const char *text, size_t len, const char *const *sets, size_t nsets,
                                         scn_diags *d) {
    return scn_load_buffer("t.cfg", text, len, NULL, sets, nsets, d);
}

/* test_scene_load that must succeed: the model (the test fails, with the
 * loader's messages, when it is refused). */
static inline mdl_model *test_scene_must_load(const char *text, size_t len, const char *const *sets, size_t nsets) {
    scn_diags *d = scn_diags_new();
    assert_non_null(d);
    mdl_model *m = test_scene_load(text, len, sets, nsets, d);
    if (!m) scn_diags_print(d, stderr);
    assert_non_null(m);
    scn_diags_free(d);
    return m;
}

static inline bool test_has_diag(const scn_diags *d, const char *part) {
    for (size_t i = 0; i < scn_diags_count(d); i++)
        if (strstr(scn_diags_get(d, i), part)) return true;
    fprintf(stderr, "no diagnostic contains \"%s\"; got:\n", part);
    scn_diags_print(d, stderr);
    return false;
}

/* The scene (len bytes) is refused, and each of the n parts is in some
 * problem (a miss prints them all and fails). */
static inline void test_expect_problems_n(const char *text, size_t len, const char *const *parts, size_t n) {
    scn_diags *d = scn_diags_new();
    assert_non_null(d);
    mdl_model *m = test_scene_load(text, len, NULL, 0, d);
    if (m) {
        fprintf(stderr, "scene was accepted, expected \"%s\":\n%.*s\n", parts[0], (int)len, text);
        mdl_model_free(m);
    }
    assert_null(m);
    for (size_t k = 0; k < n; k++)
        if (!test_has_diag(d, parts[k])) fail_msg("expected a problem containing \"%s\"", parts[k]);
    scn_diags_free(d);
}

static inline void test_expect_problem(const char *text, size_t len, const char *part) {
    test_expect_problems_n(text, len, &part, 1);
}

/* test_expect_problems_n of a string. */
static inline void test_expect_problems(const char *text, const char *const *parts, size_t n) {
    test_expect_problems_n(text, strlen(text), parts, n);
}

#endif
