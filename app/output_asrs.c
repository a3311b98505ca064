/*
 * output_asrs.c - the AS/RS results (JSON "asrs", the report's AS/RS
 * table) and the report's "Bottleneck" line over every resource: stations,
 * robots, fleets, AS/RS cranes and belts (docs/kpis.md, "Bottleneck").
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_transport.h"
#include "output.h"

void output_asrs_members(jw *w, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    int n = mdl_model_asrs_count(m);
    if (n == 0) return;
    jw_array_begin(w, "asrs");
    for (int a = 0; a < n; a++) {
        const mdl_asrs_spec *s = mdl_model_asrs(m, a);
        jw_object_begin(w, NULL);
        jw_string(w, "id", s->id);
        jw_int(w, "aisles", s->aisles);
        jw_int(w, "cells", 2LL * s->aisles * s->bays * s->levels);
        jw_string(w, "assign", mdl_asrs_assign_name(s->assign));
        int nk = s->maint ? MDL_WKPI_STOCK_FG : MDL_WKPI_DOWN; /* maintenance KPIs: with failure modes */
        for (int k = 0; k < nk; k++) jw_summary(w, mdl_kpis_name(MDL_KPIS_ASRS, k), mdl_batch_asrs_kpi(b, a, k));
        for (int k = MDL_WKPI_STOCK_FG; mdl_model_asrs_stores_goods(m, a) && k < MDL_WKPI_COUNT; k++)
            jw_summary(w, mdl_kpis_name(MDL_KPIS_ASRS, k), mdl_batch_asrs_kpi(b, a, k)); /* finished goods: with a `to` */
        jw_object_end(w);
    }
    jw_array_end(w);
}

static const char *asrs_id(const mdl_model *m, int a) { return mdl_model_asrs(m, a)->id; }
const char *output_asrs_id(const mdl_model *m, int a) { return asrs_id(m, a); }
static mdl_summary asrs_kpi(const mdl_batch *b, int a, int k) { return mdl_batch_asrs_kpi(b, a, k); }

void output_asrs_text(FILE *f, const mdl_batch *b) {
    static const output_column cols[] = {
        OUTPUT_PCT("util", 7, MDL_WKPI_UTILIZATION), OUTPUT_NUM("cycles/h", 8, MDL_WKPI_CYCLES_PER_H),
        OUTPUT_DUR("cycle", 9, MDL_WKPI_CYCLE_S), OUTPUT_DUR("single", 9, MDL_WKPI_SINGLE_S),
        OUTPUT_DUR("dual", 9, MDL_WKPI_DUAL_S), OUTPUT_PCT("occupied", 9, MDL_WKPI_OCCUPANCY),
        OUTPUT_DUR("retr.wait", 9, MDL_WKPI_RETRIEVAL_WAIT_S), OUTPUT_NUM("kWh", 8, MDL_WKPI_ENERGY_KWH),
    };
    const mdl_model *m = mdl_batch_model(b);
    int n = mdl_model_asrs_count(m);
    if (n == 0) return;
    int w = 8;
    for (int a = 0; a < n; a++)
        if ((int)strlen(asrs_id(m, a)) > w) w = (int)strlen(asrs_id(m, a));
    output_table t = {"AS/RS", w, asrs_id, asrs_kpi, cols, sizeof cols / sizeof cols[0], NULL};
    output_entity_table(f, &t, b, n);
    /* the cranes' failure modes (issue 16): a row per AS/RS when one has them */
    static const output_column mcols[] = {
        {"down", 7, MDL_WKPI_DOWN, OUTPUT_CELL_PCT},          {"maint", 7, MDL_WKPI_MAINT, OUTPUT_CELL_PCT},
        {"failures", 8, MDL_WKPI_FAILURES, OUTPUT_CELL_NUMBER}, {"MTBF h", 8, MDL_WKPI_MTBF_H, OUTPUT_CELL_NUMBER},
        {"MTTR h", 8, MDL_WKPI_MTTR_H, OUTPUT_CELL_NUMBER},    {"response", 9, MDL_WKPI_RESPONSE_S, OUTPUT_CELL_DURATION},
    };
    /* finished goods (route ends at the AS/RS): a row per AS/RS when one stores them */
    static const output_column fcols[] = {
        {"FG stock", 9, MDL_WKPI_STOCK_FG, OUTPUT_CELL_NUMBER}, {"FG max", 8, MDL_WKPI_STOCK_FG_MAX, OUTPUT_CELL_NUMBER},
        {"shipped", 9, MDL_WKPI_SHIPPED, OUTPUT_CELL_NUMBER},
    };
    bool any = false;
    for (int a = 0; a < n; a++) any |= mdl_model_asrs_stores_goods(m, a);
    int fw = w > 25 ? w : 25; /* (the title's width) */
    output_table ft = {"AS/RS finished goods", fw, asrs_id, asrs_kpi, fcols, sizeof fcols / sizeof fcols[0], NULL};
    if (any) output_entity_table(f, &ft, b, n);
    any = false;
    for (int a = 0; a < n; a++) any |= mdl_model_asrs(m, a)->maint != NULL;
    if (!any) return;
    int mw = w > 23 ? w : 23; /* (the title's width) */
    output_table mt = {"AS/RS crane maintenance", mw, asrs_id, asrs_kpi, mcols, sizeof mcols / sizeof mcols[0], NULL};
    output_entity_table(f, &mt, b, n);
}

typedef struct busiest {
    double load;
    const char *kind, *id, *what;
} busiest;

static void consider(busiest *bn, double load, const char *kind, const char *id, const char *what) {
    if (isfinite(load) && load > bn->load) *bn = (busiest){load, kind, id, what};
}

/* The transport resources: the share of their time each is at work (the
 * active-period idea, as for stations). */
static void transport_loads(const mdl_batch *b, busiest *bn) {
    const mdl_model *m = mdl_batch_model(b);
    for (int i = 0; i < mdl_model_robot_count(m); i++)
        consider(bn, 1.0 - mdl_batch_robot_kpi(b, i, MDL_RKPI_IDLE).mean, "robot", mdl_model_robot(m, i)->id,
                 "busy, moving or down");
    for (int i = 0; i < mdl_model_fleet_count(m); i++)
        consider(bn, 1.0 - mdl_batch_fleet_kpi(b, i, MDL_FKPI_IDLE).mean - mdl_batch_fleet_kpi(b, i, MDL_FKPI_BLOCKED).mean,
                 "fleet", mdl_model_fleet(m, i)->id, "its vehicles travelling, handling, in traffic or charging");
    for (int i = 0; i < mdl_model_asrs_count(m); i++)
        consider(bn, mdl_batch_asrs_kpi(b, i, MDL_WKPI_UTILIZATION).mean, "AS/RS", mdl_model_asrs(m, i)->id,
                 "its cranes moving or handling");
    for (int i = 0; i < mdl_model_conveyor_count(m); i++) {
        const mdl_conveyor_spec *c = mdl_model_conveyor(m, i);
        /* mean units on the belt over the units it holds: the share of its
         * capacity (speed / spacing) its flow uses while it runs freely */
        consider(bn, mdl_batch_conveyor_kpi(b, i, MDL_CKPI_OCCUPANCY).mean * c->spacing / c->length, "conveyor",
                 c->id, "its places filled");
    }
}

void output_bottleneck_text(FILE *f, const mdl_batch *b, int station, double load) {
    busiest bn = {0.0, NULL, NULL, NULL};
    if (station >= 0) bn = (busiest){load, "station", mdl_model_station(mdl_batch_model(b), station)->id, NULL};
    transport_loads(b, &bn);
    if (!bn.kind || !(bn.load > 0)) return;
    if (!bn.what)
        fprintf(f, "\nBottleneck: %s (active - busy, in setup or down - %.1f%% of its scheduled time)\n", bn.id,
                100 * bn.load);
    else
        fprintf(f, "\nBottleneck: %s %s (%s %.1f%% of the time)\n", bn.kind, bn.id, bn.what, 100 * bn.load);
}
