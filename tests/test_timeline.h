/*
 * test_timeline.h - a run's records of some kinds as text, a line each in
 * the order they came: "<kind> <time> s at <station>" (mdl_log_kind_name;
 * the time to 12 significant digits), for a hand-worked case to check as
 * one string. Header only; include after <cmocka.h> (and its
 * prerequisites).
 *
 *   test_timeline t = {.kinds = TEST_KIND(MDL_LOG_CREATE) | TEST_KIND(MDL_LOG_EXIT)};
 *   test_run_recorded(m, until, test_timeline_record, &t);   (test_expect.h)
 *   assert_string_equal(t.text, "created 0 s at -1\n...");
 */
#ifndef LINETWIN_TESTS_TIMELINE_H
#define LINETWIN_TESTS_TIMELINE_H

#include <stdint.h>
#include <stdio.h>

#include "mdl_run.h"

#define TEST_KIND(k) ((uint64_t)1 << (k))
_Static_assert(MDL_LOG_KIND_COUNT <= 64, "test_timeline keeps its kinds in 64 bits");

/* The kinds to keep (TEST_KIND bits) and the text so far. */
typedef struct test_timeline {
    uint64_t kinds;
    char text[1024];
    size_t n;
} test_timeline;

/* The record listener (ctx: a test_timeline); the test fails where the
 * text would not fit. */
static inline void test_timeline_record(void *ctx, const mdl_record *rec) {
    test_timeline *t = ctx;
    if (!(t->kinds & TEST_KIND(rec->kind))) return;
    int k = snprintf(t->text + t->n, sizeof t->text - t->n, "%s %.12g s at %d\n",
                     mdl_log_kind_name(rec->kind), rec->time, rec->station);
    if (k < 0 || (size_t)k >= sizeof t->text - t->n) fail_msg("timeline too long:\n%s", t->text);
    t->n += (size_t)k;
}

#endif
