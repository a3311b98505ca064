/*
 * test_session_trace.c - a unit's history in the live session (live/
 * lv_trace.h), headless: the session listens to its runs' record stream
 * from before time zero, so a unit released at time 0 (CONWIP) has its
 * whole history; each unit's records equal those of the event log of a
 * headless run of the same seed; fates, assemblies, the search's serial
 * syntax, restart, and the memory limit dropping units gone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv_session.h"
#include "lv_trace.h"
#include "scn_diag.h"
#include "scn_scene.h"
#include "model_fixtures.h"
#include "test_main.h"

#define DEMO LINETWIN_SOURCE_DIR "/scenes/demo.cfg"
#define ASSEMBLY LINETWIN_SOURCE_DIR "/scenes/assembly.cfg"

/* A session of the scene at path, advanced to time t (0: new). */
static lv_session *session_at(const char *path, double t) {
    lv_session_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.models[0] = fx_load_file(path);
    char err[256];
    lv_session *s = lv_session_new(&cfg, err, sizeof err);
    if (!s)
        fail_msg("lv_session_new: %s", err);
    if (t > 0.0) lv_session_advance_to(s, t);
    return s;
}

/* The event log of a headless run: every record with a unit. */
typedef struct reclog {
    mdl_record *r;
    size_t n, cap;
} reclog;

static void on_rec(void *ctx, const mdl_record *rec) {
    reclog *l = ctx;
    if (!rec->unit)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 1024;
        l->r = realloc(l->r, l->cap * sizeof *l->r);
        assert_non_null(l->r);
    }
    l->r[l->n++] = *rec;
}

static reclog headless_log(const mdl_model *m, double t) {
    reclog l = {NULL, 0, 0};
    mdl_run *run = mdl_run_new_recorded(m, NULL, 0, on_rec, &l);
    assert_non_null(run);
    mdl_run_until(run, t);
    mdl_run_free(run);
    return l;
}

/* A session of a scene advanced to a time, its trace, and the log of a
 * headless run to that time (traced_at); traced_free frees them. */
typedef struct traced {
    lv_session *s;
    const lv_trace *tr;
    reclog log;
} traced;

static traced traced_at(const char *path, double t) {
    traced x;
    x.s = session_at(path, t);
    x.tr = lv_session_trace(x.s, 0);
    x.log = headless_log(lv_session_model(x.s, 0), t);
    return x;
}

static void traced_free(traced *x) {
    free(x->log.r);
    lv_session_free(x->s);
}

/* Unit `unit`'s records in the trace equal its records in the log, field by
 * field, in order; returns how many. */
static size_t assert_same_history(const lv_trace *tr, const reclog *l, uint64_t unit) {
    uint32_t i = lv_trace_first(tr, unit);
    size_t n = 0;
    for (size_t k = 0; k < l->n; k++) {
        const mdl_record *e = &l->r[k];
        if (e->unit != unit)
            continue;
        const lv_trace_rec *r = lv_trace_record(tr, i);
        if (!r)
            fail_msg("unit %llu: record %zu (%s at %.3f) missing from the trace", (unsigned long long)unit,
                     n, mdl_log_kind_name(e->kind), e->time);
        assert_true(r->time == e->time);
        assert_int_equal(r->kind, e->kind);
        assert_int_equal(r->station, e->station);
        assert_int_equal(r->server, e->server);
        assert_int_equal(r->from, e->from);
        assert_int_equal(r->to, e->to);
        assert_int_equal(r->detail, e->detail);
        assert_int_equal(r->resource_kind, e->resource_kind);
        assert_int_equal(r->resource, e->resource);
        assert_true(r->part == e->part);
        i = r->next;
        n++;
    }
    assert_true(i == UINT32_MAX); /* nothing more in the trace */
    return n;
}

/* The demo's CONWIP puts 45 units in the line at time 0: unit 1's history
 * starts with its creation at time 0, as in the event log. */
static void test_history_starts_at_creation(void **state) {
    (void)state;
    traced x = traced_at(DEMO, 16.0 * 3600.0);
    assert_non_null(x.tr);
    assert_true(x.log.n > 100);
    assert_true(x.log.r[0].time == 0.0 && x.log.r[0].unit == 1);
    uint32_t first = lv_trace_first(x.tr, 1);
    const lv_trace_rec *r = lv_trace_record(x.tr, first);
    assert_non_null(r);
    assert_true(r->time == 0.0);
    assert_int_equal(r->kind, x.log.r[0].kind);
    lv_unit_info u;
    assert_true(lv_trace_unit(x.tr, 1, &u));
    assert_true(u.created == 0.0);
    assert_string_equal(mdl_model_product_id(lv_session_model(x.s, 0), u.product), "housing");
    /* Every unit of the log, field by field. */
    uint64_t max = 0;
    size_t total = 0;
    for (size_t k = 0; k < x.log.n; k++)
        max = x.log.r[k].unit > max ? x.log.r[k].unit : max;
    assert_true(lv_trace_units(x.tr) == max);
    for (uint64_t n = 1; n <= max; n++)
        total += assert_same_history(x.tr, &x.log, n);
    assert_int_equal(total, x.log.n);
    assert_int_equal(lv_trace_record_count(x.tr), x.log.n);
    assert_false(lv_trace_incomplete(x.tr));
    traced_free(&x);
}

/* Fates and visits: a shipped unit's visits follow the records; the count
 * of shipped units is the session's exits. */
static void test_fates_and_visits(void **state) {
    (void)state;
    traced x = traced_at(DEMO, 20.0 * 3600.0);
    double shipped = 0.0;
    uint64_t one_shipped = 0, one_scrapped = 0;
    for (uint64_t n = 1; n <= lv_trace_units(x.tr); n++) {
        lv_unit_info u;
        assert_true(lv_trace_unit(x.tr, n, &u));
        /* The fate against the log's last record of the unit. */
        const mdl_record *last = NULL;
        size_t starts = 0;
        for (size_t k = 0; k < x.log.n; k++)
            if (x.log.r[k].unit == n) {
                last = &x.log.r[k];
                starts += x.log.r[k].kind == MDL_LOG_START;
            }
        assert_non_null(last);
        if (last->kind == MDL_LOG_EXIT) {
            assert_int_equal(u.fate, LV_UNIT_SHIPPED);
            assert_true(u.ended == last->time);
            shipped += last->detail == 0 ? 1.0 : 0.0;
            one_shipped = one_shipped ? one_shipped : n;
        } else if (last->kind == MDL_LOG_SCRAP) {
            assert_int_equal(u.fate, LV_UNIT_SCRAPPED);
            one_scrapped = one_scrapped ? one_scrapped : n;
        } else {
            assert_int_equal(u.fate, LV_UNIT_IN_LINE);
        }
        lv_visit v[64];
        int nv = lv_trace_visits(x.tr, n, 0, v, 64);
        assert_true(nv <= 64);
        size_t started = 0;
        for (int k = 0; k < nv; k++) {
            started += v[k].started >= 0.0;
            assert_true(v[k].queued <= (v[k].started >= 0.0 ? v[k].started : INFINITY));
            if (k > 0)
                assert_true(v[k].queued >= v[k - 1].queued);
        }
        assert_int_equal(started, starts);
    }
    assert_true(one_shipped > 0);
    /* Good units out: the session's counter comes from the same stream. */
    assert_true(lv_session_exits(x.s, 0) >= shipped);
    (void)one_scrapped;
    traced_free(&x);
}

/* An assembly's components: joined, with the assembly as parent; the
 * assembly counts them. */
static void test_assembly_components(void **state) {
    (void)state;
    traced x = traced_at(ASSEMBLY, 8.0 * 3600.0);
    size_t joined = 0;
    for (size_t k = 0; k < x.log.n; k++) {
        if (x.log.r[k].kind != MDL_LOG_ASSEMBLE)
            continue;
        lv_unit_info a, c;
        assert_true(lv_trace_unit(x.tr, x.log.r[k].unit, &a));
        assert_true(lv_trace_unit(x.tr, x.log.r[k].part, &c));
        assert_int_equal(c.fate, LV_UNIT_JOINED);
        assert_true(c.parent == x.log.r[k].unit);
        assert_true(c.ended == x.log.r[k].time);
        assert_true(a.components >= 1);
        joined++;
    }
    assert_true(joined > 10);
    for (uint64_t n = 1; n <= lv_trace_units(x.tr); n++)
        assert_same_history(x.tr, &x.log, n);
    traced_free(&x);
}

/* The search field's syntax. */
static void test_find_serial(void **state) {
    (void)state;
    lv_session *s = session_at(DEMO, 16.0 * 3600.0);
    const lv_trace *tr = lv_session_trace(s, 0);
    const mdl_model *m = lv_session_model(s, 0);
    assert_true(lv_trace_find(tr, m, "housing-17") == 17);
    assert_true(lv_trace_find(tr, m, " 17 ") == 17);
    assert_true(lv_trace_find(tr, m, "#17") == 17);
    assert_true(lv_trace_find(tr, m, "cover-17") == 0);  /* not its product */
    assert_true(lv_trace_find(tr, m, "housing17") == 0); /* no dash */
    assert_true(lv_trace_find(tr, m, "") == 0);
    assert_true(lv_trace_find(tr, m, "housing-") == 0);
    assert_true(lv_trace_find(tr, m, "99999999") == 0);  /* not made yet */
    assert_true(lv_trace_find(tr, m, "99999999999999999999999") == 0);
    lv_session_free(s);
}

/* A restart starts the trace afresh, time-0 records included. */
static void test_restart(void **state) {
    (void)state;
    lv_session *s = session_at(DEMO, 16.0 * 3600.0);
    uint64_t before = lv_trace_units(lv_session_trace(s, 0));
    assert_true(before > 45);
    assert_true(lv_session_restart(s));
    const lv_trace *tr = lv_session_trace(s, 0);
    assert_int_equal(lv_trace_units(tr), 45); /* the CONWIP's units at time 0 */
    lv_unit_info u;
    assert_true(lv_trace_unit(tr, 45, &u));
    assert_true(u.created == 0.0);
    lv_session_free(s);
}

/* With a small limit, units gone lose their records (not their summary);
 * units in the line keep theirs whole. */
static void test_limit_drops_units_gone(void **state) {
    (void)state;
    lv_session *s = session_at(DEMO, 0.0);
    const mdl_model *m = lv_session_model(s, 0);
    lv_trace *tr = lv_trace_new();
    assert_non_null(tr);
    lv_trace_set_limit(tr, 4000);
    reclog l = headless_log(m, 72.0 * 3600.0);
    for (size_t k = 0; k < l.n; k++)
        lv_trace_add(tr, &l.r[k]);
    assert_true(l.n > 8000);
    assert_true(lv_trace_record_count(tr) <= 4000);
    size_t in_line = 0, dropped = 0;
    for (uint64_t n = 1; n <= lv_trace_units(tr); n++) {
        lv_unit_info u;
        assert_true(lv_trace_unit(tr, n, &u));
        if (u.fate == LV_UNIT_IN_LINE) {
            assert_false(u.dropped);
            assert_same_history(tr, &l, n);
            in_line++;
        } else if (u.dropped) {
            assert_true(lv_trace_first(tr, n) == UINT32_MAX);
            assert_true(u.ended > 0.0);
            dropped++;
        }
    }
    assert_true(in_line > 0 && dropped > 0);
    free(l.r);
    lv_trace_free(tr);
    lv_session_free(s);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_history_starts_at_creation),
        cmocka_unit_test(test_fates_and_visits),
        cmocka_unit_test(test_assembly_components),
        cmocka_unit_test(test_find_serial),
        cmocka_unit_test(test_restart),
        cmocka_unit_test(test_limit_drops_units_gone),
)
