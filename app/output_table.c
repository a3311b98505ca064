/*
 * output_table.c - the terminal's tables of entities (AS/RS, conveyors,
 * products ...): one row an entity, one column a KPI, each column read by
 * its kind (a number, a share, a duration). A table is its columns, so
 * that every table formats its numbers alike (output_format_value).
 */
#include <stdio.h>

#include "output.h"

void output_cell_text(output_cell kind, double v, char *buf, size_t size) {
    switch (kind) {
    case OUTPUT_CELL_PCT: output_pct(v, buf, size); break;
    case OUTPUT_CELL_DURATION: output_duration(v, buf, size); break;
    case OUTPUT_CELL_DURATION_SIGNED: output_duration_signed(v, buf, size); break;
    default: output_format_value(v, buf, size); break;
    }
}

void output_entity_table(FILE *f, const output_table *t, const mdl_batch *b, int n) {
    const mdl_model *m = mdl_batch_model(b);
    fprintf(f, "\n%-*s", t->id_width + 2, t->title);
    for (size_t c = 0; c < t->ncolumns; c++) fprintf(f, " %*s", t->columns[c].width, t->columns[c].head);
    fputc('\n', f);
    for (int i = 0; i < n; i++) {
        if (t->shown && !t->shown(m, i)) continue;
        fprintf(f, "  %-*.*s", t->id_width, t->id_width, t->id(m, i));
        for (size_t c = 0; c < t->ncolumns; c++) {
            char cell[48];
            output_cell_text(t->columns[c].cell, t->kpi(b, i, t->columns[c].kpi).mean, cell, sizeof cell);
            fprintf(f, " %*s", t->columns[c].width, cell);
        }
        fputc('\n', f);
    }
}

void output_json_entities(jw *w, const char *key, const output_table *t, const mdl_batch *b, int n, int nkpis,
                          const char *(*kpi_name)(int k)) {
    const mdl_model *m = mdl_batch_model(b);
    jw_array_begin(w, key);
    for (int i = 0; i < n; i++) {
        jw_object_begin(w, NULL);
        jw_string(w, "id", t->id(m, i));
        for (int k = 0; k < nkpis; k++) jw_summary(w, kpi_name(k), t->kpi(b, i, k));
        jw_object_end(w);
    }
    jw_array_end(w);
}

bool output_entity_csv(FILE *f, const mdl_batch *b, const char *what, int n, int nk,
                       const char *(*id)(const mdl_model *, int), const char *(*name)(int),
                       mdl_summary (*get)(const mdl_batch *, int, int)) {
    const mdl_model *m = mdl_batch_model(b);
    fprintf(f, "%s,metric,mean,ci95,min,max\n", what);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < nk; k++) {
            output_csv_text(f, id(m, i));
            fputc(',', f);
            output_csv_text(f, name(k));
            output_csv_summary(f, get(b, i, k));
        }
    return !ferror(f);
}
