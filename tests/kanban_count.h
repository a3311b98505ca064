/*
 * kanban_count.h - the units inside a kanban loop, counted from a run's
 * record stream (test_kanban_leak.c, test_kanban_reentry_transport.c):
 * a unit is in from its first arrival (queued) at the loop's first station
 * until it leaves the line (the loops of these tests end at the route's
 * last station). Also the starts at that station. Include after
 * <cmocka.h> and test_helpers.h.
 */
#ifndef LINETWIN_TESTS_KANBAN_COUNT_H
#define LINETWIN_TESTS_KANBAN_COUNT_H

#include <stdlib.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "scn_diag.h"
#include "scn_scene.h"

#define KANBAN_COUNT_UNITS (1u << 20)

typedef struct loop_count {
    int from;          /* the loop's first station */
    unsigned char *in; /* per unit number: inside the loop */
    int now, max, entered;
    int k_starts;               /* operations begun at `from` */
    double last_start, min_gap; /* between two starts at `from` */
} loop_count;

static void loop_count_record(void *ctx, const mdl_record *rec) {
    loop_count *c = ctx;
    if (rec->unit == 0 || rec->unit >= KANBAN_COUNT_UNITS) return;
    unsigned char *in = &c->in[rec->unit];
    if (rec->kind == MDL_LOG_QUEUE && rec->station == c->from && !*in) {
        *in = 1;
        c->entered++;
        if (++c->now > c->max) c->max = c->now;
    } else if ((rec->kind == MDL_LOG_EXIT || rec->kind == MDL_LOG_SCRAP) && *in) {
        *in = 0;
        c->now--;
    } else if (rec->kind == MDL_LOG_START && rec->station == c->from) {
        if (c->k_starts++ && rec->time - c->last_start < c->min_gap) c->min_gap = rec->time - c->last_start;
        c->last_start = rec->time;
    }
}

static mdl_model *loop_count_load(const char *text) {
    scn_diags *d = scn_diags_new();
    mdl_model *m = scn_load_buffer("t.cfg", text, strlen(text), NULL, NULL, 0, d);
    for (size_t i = 0; !m && i < scn_diags_count(d); i++) print_message("%s\n", scn_diags_get(d, i));
    scn_diags_free(d);
    assert_non_null(m);
    return m;
}

/* One replication of scene `text` with the loop starting at station
 * `from`, counted into c; returns the units out. */
static long loop_count_run(const char *text, int from, uint32_t rep, loop_count *c) {
    mdl_model *m = loop_count_load(text);
    memset(c, 0, sizeof *c);
    c->from = from;
    c->min_gap = 1e300;
    c->in = calloc(KANBAN_COUNT_UNITS, 1);
    assert_non_null(c->in);
    mdl_run *r = mdl_run_new_recorded(m, mdl_model_run(m), rep, loop_count_record, c);
    assert_non_null(r);
    mdl_rep_result res;
    assert_true(mdl_rep_result_init(&res, m));
    bool ok = mdl_run_to_end(r, &res);
    if (!ok) print_message("%s\n", mdl_run_error(r));
    assert_true(ok);
    long out = (long)res.kpi[MDL_KPI_UNITS_OUT];
    mdl_rep_result_fini(&res);
    mdl_run_free(r);
    mdl_model_free(m);
    free(c->in);
    c->in = NULL;
    return out;
}

#endif
