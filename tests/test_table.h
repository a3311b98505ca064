/*
 * test_table.h - tests written as tables: each entry one case, checked in
 * one loop that names the entry that failed. Include after cmocka.h (and
 * its prerequisites) and test_scene_text.h.
 *
 *   test_refusal, test_expect_refusals   scenes that must be refused, each
 *                                        with the problems it must report
 *   test_route, test_add_routes          a model's products, each with its
 *                                        route
 */
#ifndef LINETWIN_TESTS_TABLE_H
#define LINETWIN_TESTS_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "mdl_model.h"
#include "test_scene_text.h"

/// A scene that must be refused: what it checks (printed when it fails),
/// its text, and the problems it must report (each a part of one problem;
/// at most 8, the list ends at the first NULL).
typedef struct test_refusal {
    const char *what;
    const char *text;
    const char *want[8];
} test_refusal;

/// Each of the n scenes is refused with each of its problems
/// (test_expect_problems); a miss names the entry.
static inline void test_expect_refusals(const test_refusal *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < sizeof cases[i].want / sizeof cases[i].want[0] && cases[i].want[k]) k++;
        print_message("refusal %zu: %s\n", i, cases[i].what);
        test_expect_problems(cases[i].text, cases[i].want, k);
    }
}

/// A product and its route: station ids (at most 8, the list ends at the
/// first NULL).
typedef struct test_route {
    const char *product;
    const char *steps[8];
} test_route;

/// Adds the n products of the table to m, which has none yet: product k
/// of the table is the model's product k (the test fails, with the
/// model's message, where it refuses one).
static inline void test_add_routes(mdl_model *m, const test_route *routes, int n) {
    for (int k = 0; k < n; k++) {
        int len = 0;
        while (len < (int)(sizeof routes[k].steps / sizeof routes[k].steps[0]) && routes[k].steps[len]) len++;
        int p = mdl_model_add_product(m, routes[k].product, routes[k].steps, len, 0);
        if (p != k) fail_msg("product %s: index %d, wanted %d: %s", routes[k].product, p, k, mdl_model_error(m));
    }
}

#endif
