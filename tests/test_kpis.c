/*
 * test_kpis.c - the KPI sets' names (mdl_kpis.h): each set is as long as
 * its enum, keys are unique within a set, keys-only sets label by key,
 * and anything out of range is "?".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_assembly.h"
#include "mdl_dock.h"
#include "mdl_kpis.h"
#include "mdl_orders.h"
#include "mdl_people.h"
#include "mdl_plan.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "test_main.h"

static const struct {
    mdl_kpi_set set;
    int count;
    bool keys_only;
    const char *first, *last; /* keys of the first and the last KPI */
} sets[] = {
    {MDL_KPIS_LINE, MDL_KPI_COUNT, false, "throughput_per_h", "maintenance_cost"},
    {MDL_KPIS_STATION, MDL_SKPI_COUNT, false, "utilization", "response_s"},
    {MDL_KPIS_ORDER, MDL_OKPI_COUNT, true, "completion_s", "units_late"},
    {MDL_KPIS_BOOK, MDL_BKPI_COUNT, false, "orders", "backlog_end_units"},
    {MDL_KPIS_PRODUCT, MDL_PKPI_COUNT, false, "throughput_per_h", "defective_out"},
    {MDL_KPIS_FLEET, MDL_FKPI_COUNT, false, "utilization", "stalled"},
    {MDL_KPIS_ROBOT, MDL_RKPI_COUNT, false, "utilization", "off_shift"},
    {MDL_KPIS_CONVEYOR, MDL_CKPI_COUNT, false, "occupancy", "energy_kwh"},
    {MDL_KPIS_POOL, MDL_POOLKPI_COUNT, false, "headcount", "exposure_h"},
    {MDL_KPIS_PEOPLE, MDL_PEOPLEKPI_COUNT, false, "headcount", "safety_exposure_h"},
    {MDL_KPIS_ASRS, MDL_WKPI_COUNT, false, "utilization", "shipped"},
    {MDL_KPIS_DOCK, MDL_DKPI_COUNT, false, "units", "queue"},
    {MDL_KPIS_PLAN, MDL_AKPI_COUNT, false, "ops_planned", "ops_rerouted"},
    {MDL_KPIS_PLAN_ORDER, MDL_AOKPI_COUNT, true, "planned_start_s", "ops_within_tolerance"},
    {MDL_KPIS_BOM_LINE, MDL_LKPI_COUNT, true, "wait_s", "buffer_level"},
    {MDL_KPIS_FLOW, MDL_XKPI_COUNT, true, "kits", "part_wait_s"},
};

static void every_set_is_its_enum(void **state) {
    (void)state;
    assert_int_equal(sizeof sets / sizeof sets[0], MDL_KPIS_COUNT);
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        mdl_kpi_set s = sets[i].set;
        assert_int_equal(s, (int)i);
        assert_int_equal(mdl_kpis_count(s), sets[i].count);
        assert_string_equal(mdl_kpis_name(s, 0), sets[i].first);
        assert_string_equal(mdl_kpis_name(s, sets[i].count - 1), sets[i].last);
        for (int k = 0; k < sets[i].count; k++) {
            const char *key = mdl_kpis_name(s, k), *label = mdl_kpis_label(s, k);
            assert_true(key[0] != '\0' && strcmp(key, "?") != 0);
            assert_true(label[0] != '\0' && strcmp(label, "?") != 0);
            if (sets[i].keys_only) assert_string_equal(label, key);
            for (int j = 0; j < k; j++) assert_string_not_equal(mdl_kpis_name(s, j), key);
        }
    }
}

static void labels_are_for_people(void **state) {
    (void)state;
    assert_string_equal(mdl_kpis_label(MDL_KPIS_LINE, MDL_KPI_THROUGHPUT_PER_H), "Throughput [good units/h]");
    assert_string_equal(mdl_kpis_label(MDL_KPIS_CONVEYOR, MDL_CKPI_OCCUPANCY), "Mean units on the belt");
    assert_string_equal(mdl_kpis_label(MDL_KPIS_PLAN, MDL_AKPI_OPS_STARTED), "Operations begun");
    assert_string_equal(mdl_kpis_name(MDL_KPIS_PLAN, MDL_AKPI_OPS_STARTED), "ops_started");
}

static void out_of_range_is_a_question_mark(void **state) {
    (void)state;
    for (int s = 0; s < MDL_KPIS_COUNT; s++) {
        int n = mdl_kpis_count((mdl_kpi_set)s);
        assert_string_equal(mdl_kpis_name((mdl_kpi_set)s, -1), "?");
        assert_string_equal(mdl_kpis_name((mdl_kpi_set)s, n), "?");
        assert_string_equal(mdl_kpis_label((mdl_kpi_set)s, n), "?");
    }
    assert_int_equal(mdl_kpis_count(MDL_KPIS_COUNT), 0);
    assert_int_equal(mdl_kpis_count((mdl_kpi_set)-1), 0);
    assert_string_equal(mdl_kpis_name(MDL_KPIS_COUNT, 0), "?");
    assert_string_equal(mdl_kpis_label((mdl_kpi_set)-1, 0), "?");
}

TEST_MAIN(NULL, NULL,
          cmocka_unit_test(every_set_is_its_enum),
          cmocka_unit_test(labels_are_for_people),
          cmocka_unit_test(out_of_range_is_a_question_mark),
)
