/*
 * mdl_names.c - the names of states, kinds and KPIs as they appear in scene
 * files, JSON and CSV output (public contract: extend, never rename).
 */
#include <stdio.h>

#include "mdl_asrs.h"
#include "mdl_assembly.h"
#include "mdl_batch.h"
#include "mdl_dock.h"
#include "mdl_internal.h"
#include "mdl_kpis.h"
#include "mdl_model.h"
#include "mdl_orders.h"
#include "mdl_people.h"
#include "mdl_plan.h"
#include "mdl_run.h"
#include "mdl_transport.h"

MDL_NAMES(mdl_state_name, mdl_state, MDL_STATE_COUNT, "busy", "setup", "idle", "blocked", "down", "off",
          "standby", "wait_operator", "maintenance");
MDL_NAMES(mdl_station_kind_name, mdl_station_kind, MDL_STATION_KIND_COUNT, "machine", "inspection",
          "assembly", "robot");
MDL_NAMES(mdl_dispatch_name, mdl_dispatch, MDL_DISPATCH_COUNT, "fifo", "edd", "spt", "priority", "cr",
          "slack", "atc", "setup");

const char *const mdl__kpi_names[MDL_KPI_COUNT][2] = {
    {"throughput_per_h", "Throughput [good units/h]"},
    {"units_out", "Good units out"},
    {"lead_time_s", "Lead time [s]"},
    {"wip", "WIP [units]"},
    {"scrap_rate", "Scrap rate"},
    {"defect_rate", "Defect rate"},
    {"first_pass_yield", "First-pass yield"},
    {"oee", "OEE (line)"},
    {"energy_kwh", "Energy [kWh]"},
    {"energy_kwh_per_unit", "Energy per good unit [kWh]"},
    {"cost_per_unit", "Cost per good unit"},
    {"units_released", "Units released"},
    {"units_scrapped", "Units scrapped"},
    {"defective_out", "Defective units shipped"},
    {"lead_time_p95_s", "Lead time p95 [s]"},
    {"on_time_share", "On-time share (units of orders)"},
    {"units_per_kwh", "Good units per kWh"},
    {"operating_cost", "Operating cost"},
    {"energy_cost", "Energy cost"},
    {"labor_cost", "Labor cost"},
    {"material_cost", "Material cost"},
    {"rework_capped", "Units scrapped at the rework cap"},
    {"planned_down_share", "Planned downtime (maintenance) share"},
    {"unplanned_down_share", "Unplanned downtime (breakdown) share"},
    {"failures_per_1000h", "Breakdowns per 1,000 operating h"},
    {"maintenance_cost", "Repair and maintenance cost"},
};

const char *const mdl__skpi_names[MDL_SKPI_COUNT][2] = {
    {"utilization", "Utilisation"},
    {"availability", "Availability"},
    {"oee", "OEE"},
    {"queue_len", "Queue length [units]"},
    {"wait_s", "Wait in buffer [s]"},
    {"energy_kwh", "Energy [kWh]"},
    {"busy", "Busy share"},
    {"setup", "Setup share"},
    {"idle", "Idle (starved) share"},
    {"blocked", "Blocked share"},
    {"down", "Down share"},
    {"off", "Off-shift share"},
    {"standby", "Standby share (part of idle)"},
    {"performance", "Performance"},
    {"quality", "Quality"},
    {"units_done", "Operations done"},
    {"failures", "Breakdowns"},
    {"wait_operator", "Waiting for operator share"},
    {"maintenance", "Planned maintenance share"},
    {"failures_per_1000h", "Breakdowns per 1,000 operating h"},
    {"mtbf_h", "Observed MTBF [operating h]"},
    {"mttr_h", "Observed MTTR [h]"},
    {"pm", "Preventive maintenances"},
    {"pdm", "Predictive maintenances"},
    {"cbm", "Condition-based maintenances"},
    {"false_alarms", "False alarms"},
    {"maintenance_cost", "Repair and maintenance cost"},
    {"operational_availability", "Operational availability"},
    {"response_s", "Repair response time [s]"},
};

/* The event log's `event` column (docs/event-log.md). They were never
 * printed before the event log existed; from it on they are contract. */
MDL_NAMES(mdl_log_kind_name, mdl_log_kind, MDL_LOG_KIND_COUNT, "released", "started", "ended", "scrapped",
          "inspected", "shipped", "down", "repaired", "shift_on", "shift_off", "order_released", "created",
          "queued", "blocked", "unblocked", "moved", "reworked", "maintenance_started", "maintenance_ended",
          "warned", "assembled", "batched", "safety_event", "disassembled");

MDL_NAMES(mdl_resource_kind_name, mdl_resource_kind, MDL_RES_KIND_COUNT, "", "vehicle", "conveyor", "robot",
          "calendar", "operator", "crane");

int mdl_unit_serial_format(const mdl_model *m, int product, uint64_t number, char *buf, size_t size) {
    const char *p = product >= 0 && product < mdl_model_product_count(m) ? mdl_model_product_id(m, product) : "unit";
    return snprintf(buf, size, "%s-%llu", p, (unsigned long long)number);
}

/* ---- the KPI sets (mdl_kpis.h) ------------------------------------------------------ */

typedef struct kpi_set {
    const char *const (*pairs)[2]; /* {key, label} per KPI, or NULL */
    const char *const *keys;       /* keys only, or NULL */
    int count;
} kpi_set;

static const kpi_set kpi_sets[MDL_KPIS_COUNT] = {
    [MDL_KPIS_LINE] = {mdl__kpi_names, NULL, MDL_KPI_COUNT},
    [MDL_KPIS_STATION] = {mdl__skpi_names, NULL, MDL_SKPI_COUNT},
    [MDL_KPIS_ORDER] = {NULL, mdl__okpi_names, MDL_OKPI_COUNT},
    [MDL_KPIS_BOOK] = {mdl__bkpi_names, NULL, MDL_BKPI_COUNT},
    [MDL_KPIS_PRODUCT] = {mdl__pkpi_names, NULL, MDL_PKPI_COUNT},
    [MDL_KPIS_FLEET] = {mdl__fkpi_names, NULL, MDL_FKPI_COUNT},
    [MDL_KPIS_ROBOT] = {mdl__rkpi_names, NULL, MDL_RKPI_COUNT},
    [MDL_KPIS_CONVEYOR] = {mdl__ckpi_names, NULL, MDL_CKPI_COUNT},
    [MDL_KPIS_POOL] = {mdl__poolkpi_names, NULL, MDL_POOLKPI_COUNT},
    [MDL_KPIS_PEOPLE] = {mdl__peoplekpi_names, NULL, MDL_PEOPLEKPI_COUNT},
    [MDL_KPIS_ASRS] = {mdl__wkpi_names, NULL, MDL_WKPI_COUNT},
    [MDL_KPIS_DOCK] = {mdl__dkpi_names, NULL, MDL_DKPI_COUNT},
    [MDL_KPIS_PLAN] = {mdl__akpi_names, NULL, MDL_AKPI_COUNT},
    [MDL_KPIS_PLAN_ORDER] = {NULL, mdl__aokpi_names, MDL_AOKPI_COUNT},
    [MDL_KPIS_BOM_LINE] = {NULL, mdl__lkpi_names, MDL_LKPI_COUNT},
    [MDL_KPIS_FLOW] = {NULL, mdl__xkpi_names, MDL_XKPI_COUNT},
};

int mdl_kpis_count(mdl_kpi_set set) { return (unsigned)set < MDL_KPIS_COUNT ? kpi_sets[set].count : 0; }

/* Column 0 (key) or 1 (label) of KPI k of the set; a set of keys only
 * has the key in both. */
static const char *kpis_text(mdl_kpi_set set, int k, int column) {
    if ((unsigned)k >= (unsigned)mdl_kpis_count(set)) return "?";
    const kpi_set *s = &kpi_sets[set];
    return s->pairs ? s->pairs[k][column] : s->keys[k];
}

const char *mdl_kpis_name(mdl_kpi_set set, int k) { return kpis_text(set, k, 0); }
const char *mdl_kpis_label(mdl_kpi_set set, int k) { return kpis_text(set, k, 1); }
