/*
 * mdl_kpis.h - the names of every set of KPIs: a key (JSON, CSV) and a
 * label (tables, with its unit) per KPI.
 *
 * Each entity's KPIs are an enum in its own header (mdl_kpi for the line,
 * mdl_skpi for a station, mdl_fkpi for a fleet ...); its KPI set names
 * them, so one accessor serves every entity and a writer can take the set
 * as data. The keys are the public contract: extend, never rename. Static
 * strings: nothing to free.
 */
#ifndef MDL_KPIS_H
#define MDL_KPIS_H

/// The KPI sets, each with the enum that indexes it.
typedef enum mdl_kpi_set {
    MDL_KPIS_LINE = 0,   ///< mdl_kpi (mdl_run.h)
    MDL_KPIS_STATION,    ///< mdl_skpi (mdl_run.h)
    MDL_KPIS_ORDER,      ///< mdl_okpi (mdl_orders.h), keys only
    MDL_KPIS_BOOK,       ///< mdl_bkpi (mdl_orders.h)
    MDL_KPIS_PRODUCT,    ///< mdl_pkpi (mdl_orders.h)
    MDL_KPIS_FLEET,      ///< mdl_fkpi (mdl_transport.h), also a vehicle's
    MDL_KPIS_ROBOT,      ///< mdl_rkpi (mdl_transport.h)
    MDL_KPIS_CONVEYOR,   ///< mdl_ckpi (mdl_transport.h)
    MDL_KPIS_POOL,       ///< mdl_poolkpi (mdl_people.h), also a person's
    MDL_KPIS_PEOPLE,     ///< mdl_peoplekpi (mdl_people.h)
    MDL_KPIS_ASRS,       ///< mdl_wkpi (mdl_asrs.h)
    MDL_KPIS_DOCK,       ///< mdl_dkpi (mdl_dock.h)
    MDL_KPIS_PLAN,       ///< mdl_akpi (mdl_plan.h)
    MDL_KPIS_PLAN_ORDER, ///< mdl_aokpi (mdl_plan.h), keys only
    MDL_KPIS_BOM_LINE,   ///< mdl_lkpi (mdl_assembly.h), keys only
    MDL_KPIS_FLOW,       ///< mdl_xkpi (mdl_assembly.h), keys only
    MDL_KPIS_COUNT
} mdl_kpi_set;

/// How many KPIs the set has (its enum's _COUNT); 0 for an unknown set.
int mdl_kpis_count(mdl_kpi_set set);
/// KPI k's key ("throughput_per_h"); "?" when out of range.
const char *mdl_kpis_name(mdl_kpi_set set, int k);
/// KPI k's label ("Throughput [good units/h]"); the key in a set marked
/// "keys only"; "?" when out of range.
const char *mdl_kpis_label(mdl_kpi_set set, int k);

#endif
