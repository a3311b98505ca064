/*
 * test_dup_m1.c - the model side of material handling after its entity
 * kinds became one implementation (mdl_transport_build.h): every kind's
 * add, count, find and get, with and without a transport part, ids copied
 * and found through the growth of the arrays, failure modes checked and
 * copied for fleets, robots and the AS/RS; and the replication accessors,
 * which answer NaN out of range (the dock's answered -1) and without a
 * result.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_assembly.h"
#include "mdl_conveyor_net.h"
#include "mdl_dock.h"
#include "mdl_maint.h"
#include "mdl_orders.h"
#include "mdl_people.h"
#include "mdl_plan.h"
#include "model_fixtures.h"

#include "test_main.h"

/* ---- every kind through one table -------------------------------------------------- */

/* The typed getters return their own spec types: one signature for the table. */
static const void *get_node(const mdl_model *m, int i) { return mdl_model_node(m, i); }
static const void *get_fleet(const mdl_model *m, int i) { return mdl_model_fleet(m, i); }
static const void *get_robot(const mdl_model *m, int i) { return mdl_model_robot(m, i); }
static const void *get_conveyor(const mdl_model *m, int i) { return mdl_model_conveyor(m, i); }
static const void *get_asrs(const mdl_model *m, int i) { return mdl_model_asrs(m, i); }
static const void *get_dock(const mdl_model *m, int i) { return mdl_model_dock(m, i); }
static const void *get_merge(const mdl_model *m, int i) { return mdl_model_merge(m, i); }
static const void *get_diverter(const mdl_model *m, int i) { return mdl_model_diverter(m, i); }

typedef struct kind_api {
    const char *name;
    int (*count)(const mdl_model *m);
    int (*find)(const mdl_model *m, const char *id); /* NULL: merges and diverters have no public finder */
    const void *(*get)(const mdl_model *m, int i);
} kind_api;

static const kind_api kinds[] = {
    {"node", mdl_model_node_count, mdl_model_find_node, get_node},
    {"fleet", mdl_model_fleet_count, mdl_model_find_fleet, get_fleet},
    {"robot", mdl_model_robot_count, mdl_model_find_robot, get_robot},
    {"conveyor", mdl_model_conveyor_count, mdl_model_find_conveyor, get_conveyor},
    {"asrs", mdl_model_asrs_count, mdl_model_find_asrs, get_asrs},
    {"dock", mdl_model_dock_count, mdl_model_find_dock, get_dock},
    {"merge", mdl_model_merge_count, NULL, get_merge},
    {"diverter", mdl_model_diverter_count, NULL, get_diverter},
};
enum { NKINDS = sizeof kinds / sizeof *kinds };

/* Kind k of m has `n` entities, entity i with the id ids[i] (found by it),
 * and none out of range. */
static void expect_kind(const mdl_model *m, int k, int n, const char *const *ids) {
    const kind_api *a = &kinds[k];
    if (a->count(m) != n) fail_msg("%s: %d entities, expected %d", a->name, a->count(m), n);
    for (int i = 0; i < n; i++) {
        const char *id = *(const char *const *)a->get(m, i); /* every spec begins with its id */
        if (strcmp(id, ids[i]) != 0) fail_msg("%s %d: id '%s', expected '%s'", a->name, i, id, ids[i]);
        if (a->find && a->find(m, ids[i]) != i)
            fail_msg("%s '%s': found at %d, expected %d", a->name, ids[i], a->find(m, ids[i]), i);
    }
    if (a->get(m, -1) || a->get(m, n) || a->get(m, n + 1000)) fail_msg("%s: an entity out of range", a->name);
    if (a->find && (a->find(m, "none of them") != -1 || a->find(m, NULL) != -1 || a->find(m, "") != -1))
        fail_msg("%s: found an id it does not have", a->name);
}

static void kinds_without_transport(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    fx_add_machine(m, "a", sim_dist_const(1.0), 1, 10, 0.0);
    for (int k = 0; k < NKINDS; k++) expect_kind(m, k, 0, NULL);
    assert_false(mdl_model_has_transport(m));
    fx_add_node(m, "n", 0.0, 0.0, 1, MDL_NODE_POINT); /* a transport part, no belt network */
    for (int k = 1; k < NKINDS; k++) expect_kind(m, k, 0, NULL);
    mdl_model_free(m);
}

/* Two of every kind, the nodes many (their array and id map grow while
 * they are added); the ids are the model's copies. */
static mdl_model *two_of_each(void) {
    mdl_model *m = mdl_model_new();
    int a = fx_add_machine(m, "a", sim_dist_const(1.0), 1, 10, 0.0);
    int b = fx_add_machine(m, "b", sim_dist_const(1.0), 1, 10, 5.0);
    char id[16];
    for (int i = 0; i < 40; i++) {
        snprintf(id, sizeof id, "n%d", i);
        fx_add_node(m, id, (double)i, 0.0, 1, MDL_NODE_POINT);
        strcpy(id, "spoilt"); /* the model keeps its own copy */
    }
    for (int i = 0; i < 2; i++) {
        mdl_fleet_spec f;
        mdl_fleet_spec_default(&f);
        f.id = i ? "f1" : "f0";
        assert_int_equal(mdl_model_add_fleet(m, &f), i);
        int tends[1] = {i ? b : a};
        mdl_robot_spec r;
        mdl_robot_spec_default(&r);
        r.id = i ? "r1" : "r0";
        r.tends = tends;
        r.ntends = 1;
        assert_int_equal(mdl_model_add_robot(m, &r), i);
        mdl_asrs_spec s;
        mdl_asrs_spec_default(&s);
        s.id = i ? "s1" : "s0";
        s.bays = s.levels = 2;
        assert_int_equal(mdl_model_add_asrs(m, &s), i);
        mdl_dock_spec d;
        mdl_dock_spec_default(&d);
        d.id = i ? "d1" : "d0";
        d.kind = i ? MDL_DOCK_SHIPPING : MDL_DOCK_RECEIVING;
        assert_int_equal(mdl_model_add_dock(m, &d), i);
    }
    const char *const belts[] = {"c0", "c1", "c2", "c3", "c4", "c5", "c6"};
    for (int i = 0; i < 7; i++) {
        mdl_conveyor_spec c = fx_conveyor(belts[i], 10.0, 1.0, 1.0);
        assert_int_equal(mdl_model_add_conveyor(m, &c), i);
    }
    const int in0[] = {0, 1}, in1[] = {2, 3};
    mdl_merge_spec g = {.id = "g0", .inputs = in0, .ninputs = 2, .output = 4};
    assert_int_equal(mdl_model_add_merge(m, &g), 0);
    g = (mdl_merge_spec){.id = "g1", .inputs = in1, .ninputs = 2, .output = 5};
    assert_int_equal(mdl_model_add_merge(m, &g), 1);
    mdl_divert_output out0[] = {{.conveyor = 0, .station = -1}, {.conveyor = 1, .station = -1}};
    mdl_divert_output out1[] = {{.conveyor = 2, .station = -1}, {.conveyor = 3, .station = -1}};
    mdl_diverter_spec v = {
        .id = "v0", .input = 4, .rule = MDL_DIVERT_SHORTEST, .outputs = out0, .noutputs = 2};
    assert_int_equal(mdl_model_add_diverter(m, &v), 0);
    v = (mdl_diverter_spec){
        .id = "v1", .input = 5, .rule = MDL_DIVERT_SHORTEST, .outputs = out1, .noutputs = 2};
    if (mdl_model_add_diverter(m, &v) != 1) fail_msg("diverter v1: %s", mdl_model_error(m));
    return m;
}

static void kinds_added_and_found(void **state) {
    (void)state;
    mdl_model *m = two_of_each();
    char node_ids[40][8];
    const char *nodes[40];
    for (int i = 0; i < 40; i++) snprintf(node_ids[i], sizeof node_ids[i], "n%d", i), nodes[i] = node_ids[i];
    const char *const fleets[] = {"f0", "f1"}, *const robots[] = {"r0", "r1"};
    const char *const belts[] = {"c0", "c1", "c2", "c3", "c4", "c5", "c6"};
    const char *const stores[] = {"s0", "s1"}, *const docks[] = {"d0", "d1"};
    const char *const merges[] = {"g0", "g1"}, *const diverters[] = {"v0", "v1"};
    const struct {
        int n;
        const char *const *ids;
    } want[NKINDS] = {{40, nodes}, {2, fleets}, {2, robots}, {7, belts},
                      {2, stores}, {2, docks},  {2, merges}, {2, diverters}};
    for (int k = 0; k < NKINDS; k++) expect_kind(m, k, want[k].n, want[k].ids);
    assert_true(mdl_model_has_transport(m));
    /* what the adding functions make of the spec */
    assert_int_equal(mdl_model_node(m, 3)->slots, 0);          /* not a charging node */
    assert_int_equal(mdl_model_asrs(m, 1)->input_capacity, 1); /* one per aisle */
    assert_int_equal(mdl_model_robot(m, 1)->tends[0], 1);
    assert_int_equal(mdl_model_merge(m, 1)->inputs[1], 3);
    assert_int_equal(mdl_model_diverter(m, 1)->outputs[1].conveyor, 3);
    mdl_model_free(m);
}

/* A second entity with a taken id is refused with the kind's noun, and
 * counts nothing. */
static void taken_ids_refused(void **state) {
    (void)state;
    mdl_model *m = two_of_each();
    mdl_robot_spec r;
    mdl_robot_spec_default(&r);
    int tends[1] = {0};
    r.id = "r1", r.tends = tends, r.ntends = 1;
    assert_int_equal(mdl_model_add_robot(m, &r), -1);
    assert_string_equal(mdl_model_error(m), "robot 'r1': id: another robot already has this id");
    mdl_asrs_spec s;
    mdl_asrs_spec_default(&s);
    s.id = "s0", s.bays = s.levels = 1;
    assert_int_equal(mdl_model_add_asrs(m, &s), -1);
    assert_string_equal(mdl_model_error(m), "asrs 's0': id: another AS/RS already has this id");
    const int in[] = {5, 6};
    mdl_merge_spec g = {.id = "v0", .inputs = in, .ninputs = 2, .output = 0};
    assert_int_equal(mdl_model_add_merge(m, &g), -1);
    assert_string_equal(mdl_model_error(m), "merge 'v0': id: another merge or diverter already has this id");
    assert_int_equal(mdl_model_robot_count(m), 2);
    assert_int_equal(mdl_model_asrs_count(m), 2);
    assert_int_equal(mdl_model_merge_count(m), 2);
    mdl_model_free(m);
}

/* ---- failure modes of fleets, robots and the AS/RS ------------------------------------ */

/* Adds entity `kind` (1 fleet, 2 robot, 4 AS/RS: rows of `kinds`) with
 * this maintenance; its index or -1. */
static int add_with_maint(mdl_model *m, int kind, const mdl_maint_spec *maint) {
    static const int tends[1] = {0};
    if (kind == 1) {
        mdl_fleet_spec f;
        mdl_fleet_spec_default(&f);
        f.id = "f", f.maint = maint;
        return mdl_model_add_fleet(m, &f);
    }
    if (kind == 2) {
        mdl_robot_spec r;
        mdl_robot_spec_default(&r);
        r.id = "r", r.tends = tends, r.ntends = 1, r.maint = maint;
        return mdl_model_add_robot(m, &r);
    }
    mdl_asrs_spec s;
    mdl_asrs_spec_default(&s);
    s.id = "s", s.bays = s.levels = 1, s.maint = maint;
    return mdl_model_add_asrs(m, &s);
}

static const struct mdl_maint_spec *maint_of(const mdl_model *m, int kind) {
    return kind == 1   ? mdl_model_fleet(m, 0)->maint
           : kind == 2 ? mdl_model_robot(m, 0)->maint
                       : mdl_model_asrs(m, 0)->maint;
}

static void maintenance_checked_and_copied(void **state) {
    (void)state;
    static const struct {
        int kind;
        const char *refused; /* the message for a window calendar that does not exist */
    } cases[] = {
        {1, "fleet 'f': maintenance: window: no calendar with index 3"},
        {2, "robot 'r': maintenance: window: no calendar with index 3"},
        {4, "asrs 's': maintenance: window: no calendar with index 3"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        mdl_model *m = mdl_model_new();
        fx_add_machine(m, "a", sim_dist_const(1.0), 1, 10, 0.0);
        mdl_failure_mode mode;
        mdl_failure_mode_default(&mode);
        char mode_id[8] = "wear";
        mode.id = mode_id;
        mode.ttf = sim_dist_exp(3600.0);
        mode.repair = sim_dist_const(60.0);
        mdl_maint_spec maint;
        mdl_maint_spec_default(&maint);
        maint.modes = &mode, maint.nmodes = 1, maint.window_calendar = 3;
        assert_int_equal(add_with_maint(m, cases[c].kind, &maint), -1);
        assert_string_equal(mdl_model_error(m), cases[c].refused);
        assert_int_equal(kinds[cases[c].kind].count(m), 0);
        maint.window_calendar = -1;
        assert_int_equal(add_with_maint(m, cases[c].kind, &maint), 0);
        strcpy(mode_id, "gone"); /* the model keeps a copy */
        const struct mdl_maint_spec *kept = maint_of(m, cases[c].kind);
        if (kept == &maint || kept->nmodes != 1 || strcmp(kept->modes[0].id, "wear") != 0)
            fail_msg("%s: the failure modes were not copied", kinds[cases[c].kind].name);
        assert_true(add_with_maint(m, cases[c].kind, NULL) == -1); /* the id is taken */
        mdl_model_free(m);
    }
}

/* ---- replication accessors: NaN out of range ------------------------------------------ */

static void dock_kpi_nan_out_of_range(void **state) {
    (void)state;
    double dock[2][MDL_DKPI_COUNT] = {{5.0, 17.0, 0.25}, {7.0, 0.0, 0.0}};
    mdl_rep_result r = {0};
    r.ndocks = 2;
    r.dock = &dock[0][0];
    assert_true(mdl_rep_dock_kpi(&r, 0, MDL_DKPI_WAIT_S) == 17.0);
    assert_true(mdl_rep_dock_kpi(&r, 1, MDL_DKPI_UNITS) == 7.0);
    assert_true(mdl_rep_dock_kpi(&r, 0, MDL_DKPI_QUEUE) == 0.25);
    assert_true(isnan(mdl_rep_dock_kpi(&r, -1, MDL_DKPI_UNITS)));
    assert_true(isnan(mdl_rep_dock_kpi(&r, 2, MDL_DKPI_UNITS)));
    assert_true(isnan(mdl_rep_dock_kpi(&r, 0, MDL_DKPI_COUNT)));
    assert_true(isnan(mdl_rep_dock_kpi(&r, 0, (mdl_dkpi)-1)));
    assert_true(isnan(mdl_rep_dock_kpi(NULL, 0, MDL_DKPI_UNITS)));
    r.dock = NULL; /* a model without docks */
    assert_true(isnan(mdl_rep_dock_kpi(&r, 0, MDL_DKPI_UNITS)));
}

/* Every accessor of a replication's KPI tables: NaN without a result and
 * out of range of an empty one. */
static void rep_accessors_nan(void **state) {
    (void)state;
    const mdl_rep_result empty = {0};
    const mdl_rep_result *rs[2] = {NULL, &empty};
    for (int i = 0; i < 2; i++) {
        const mdl_rep_result *r = rs[i];
        const struct {
            const char *name;
            double v;
        } got[] = {
            {"fleet", mdl_rep_fleet_kpi(r, 0, MDL_FKPI_TRIPS)},
            {"vehicle", mdl_rep_vehicle_kpi(r, 0, MDL_FKPI_TRIPS)},
            {"robot", mdl_rep_robot_kpi(r, 0, MDL_RKPI_TASKS)},
            {"conveyor", mdl_rep_conveyor_kpi(r, 0, MDL_CKPI_UNITS)},
            {"asrs", mdl_rep_asrs_kpi(r, 0, MDL_WKPI_STORES)},
            {"dock", mdl_rep_dock_kpi(r, 0, MDL_DKPI_UNITS)},
            {"people", mdl_rep_people_kpi(r, (mdl_peoplekpi)0)},
            {"pool", mdl_rep_pool_kpi(r, 0, (mdl_poolkpi)0)},
            {"person", mdl_rep_person_kpi(r, 0, (mdl_poolkpi)0)},
            {"order", mdl_rep_order_kpi(r, 0, (mdl_okpi)0)},
            {"book", mdl_rep_book_kpi(r, (mdl_bkpi)0)},
            {"product", mdl_rep_product_kpi(r, 0, (mdl_pkpi)0)},
            {"plan", mdl_rep_plan_kpi(r, (mdl_akpi)0)},
            {"plan order", mdl_rep_plan_order_kpi(r, 0, (mdl_aokpi)0)},
            {"bom line", mdl_rep_bomline_kpi(r, 0, (mdl_lkpi)0)},
            {"flow", mdl_rep_flow_kpi(r, 0, (mdl_xkpi)0)},
        };
        for (size_t k = 0; k < sizeof got / sizeof *got; k++)
            if (!isnan(got[k].v))
                fail_msg("%s %s: %g, expected NaN", got[k].name, r ? "(empty)" : "(NULL)", got[k].v);
    }
}

TEST_MAIN(NULL, NULL, cmocka_unit_test(kinds_without_transport), cmocka_unit_test(kinds_added_and_found),
          cmocka_unit_test(taken_ids_refused), cmocka_unit_test(maintenance_checked_and_copied),
          cmocka_unit_test(dock_kpi_nan_out_of_range), cmocka_unit_test(rep_accessors_nan))
