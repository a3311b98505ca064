/*
 * output_dock.c - the docks' results (docs/kpis.md, "Docks"): the JSON
 * array "docks", the text report's Docks table and docks.csv; each only
 * when the scene has docks.
 */
#include <stdio.h>
#include <string.h>

#include "mdl_dock.h"
#include "output.h"

const char *output_dock_id(const mdl_model *m, int d) { return mdl_model_dock(m, d)->id; }

static const output_column cols[] = {
    {"units", 9, MDL_DKPI_UNITS, OUTPUT_CELL_NUMBER},
    {"wait", 9, MDL_DKPI_WAIT_S, OUTPUT_CELL_DURATION},
    {"queue", 8, MDL_DKPI_QUEUE, OUTPUT_CELL_NUMBER},
};

static output_table dock_table(const mdl_model *m) {
    int w = 8;
    for (int d = 0; d < mdl_model_dock_count(m); d++)
        if ((int)strlen(output_dock_id(m, d)) > w) w = (int)strlen(output_dock_id(m, d));
    return (output_table){"Docks", w, output_dock_id, mdl_batch_dock_kpi, cols, sizeof cols / sizeof cols[0], NULL};
}

void output_dock_members(jw *w, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    int n = mdl_model_dock_count(m);
    if (n == 0) return;
    output_table t = dock_table(m);
    output_json_entities(w, "docks", &t, b, n, MDL_KPIS_DOCK);
}

void output_dock_text(FILE *f, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    int n = mdl_model_dock_count(m);
    if (n == 0) return;
    output_table t = dock_table(m);
    output_entity_table(f, &t, b, n);
}
