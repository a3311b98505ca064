/*
 * output_table.c - the terminal's tables of entities (AS/RS, conveyors,
 * products ...): one row an entity, one column a KPI, each column read by
 * its kind (a number, a share, a duration). A table is its columns, so
 * that every table formats its numbers alike (output_format_value).
 */
#include <stdio.h>
#include <string.h>

#include "output.h"

void output_cell_text(output_cell kind, double v, char *buf, size_t size) {
    switch (kind) {
    case OUTPUT_CELL_PCT: output_pct(v, buf, size); break;
    case OUTPUT_CELL_DURATION: output_duration(v, buf, size); break;
    case OUTPUT_CELL_DURATION_SIGNED: output_duration_signed(v, buf, size); break;
    default: output_format_value(v, buf, size); break;
    }
}

/* The most columns a table has (its cells are formatted once, into a
 * row's buffer, before the widths are known). */
#define OUTPUT_MAX_COLUMNS 32

int output_text_width(const char *cell, int min) {
    int w = (int)strlen(cell);
    return w > min ? w : min;
}

int output_summary_width(const mdl_summary *s, size_t n, int min) {
    int w = min;
    for (size_t i = 0; i < n; i++) {
        const double v[4] = {s[i].mean, s[i].ci95, s[i].min, s[i].max};
        for (int k = 0; k < 4; k++) {
            char cell[48];
            output_format_value(v[k], cell, sizeof cell);
            w = output_text_width(cell, w);
        }
    }
    return w;
}

/* Each column is as wide as its head, its declared width and its widest
 * cell: a value never pushes the columns after it out of line. */
void output_entity_table(FILE *f, const output_table *t, const mdl_batch *b, int n) {
    const mdl_model *m = mdl_batch_model(b);
    size_t nc = t->ncolumns < OUTPUT_MAX_COLUMNS ? t->ncolumns : OUTPUT_MAX_COLUMNS;
    int width[OUTPUT_MAX_COLUMNS];
    for (size_t c = 0; c < nc; c++) {
        width[c] = output_text_width(t->columns[c].head, t->columns[c].width);
        for (int i = 0; i < n; i++) {
            char cell[48];
            output_cell_text(t->columns[c].cell, t->kpi(b, i, t->columns[c].kpi).mean, cell, sizeof cell);
            width[c] = output_text_width(cell, width[c]);
        }
    }
    fprintf(f, "\n%-*s", t->id_width + 2, t->title);
    for (size_t c = 0; c < nc; c++) fprintf(f, " %*s", width[c], t->columns[c].head);
    fputc('\n', f);
    for (int i = 0; i < n; i++) {
        if (t->shown && !t->shown(m, i)) continue;
        fprintf(f, "  %-*.*s", t->id_width, t->id_width, t->id(m, i));
        for (size_t c = 0; c < nc; c++) {
            char cell[48];
            output_cell_text(t->columns[c].cell, t->kpi(b, i, t->columns[c].kpi).mean, cell, sizeof cell);
            fprintf(f, " %*s", width[c], cell);
        }
        fputc('\n', f);
    }
}

void output_json_entities(jw *w, const char *key, const output_table *t, const mdl_batch *b, int n,
                          mdl_kpi_set kpis) {
    const mdl_model *m = mdl_batch_model(b);
    jw_array_begin(w, key);
    for (int i = 0; i < n; i++) {
        jw_object_begin(w, NULL);
        jw_string(w, "id", t->id(m, i));
        for (int k = 0; k < mdl_kpis_count(kpis); k++) jw_summary(w, mdl_kpis_name(kpis, k), t->kpi(b, i, k));
        jw_object_end(w);
    }
    jw_array_end(w);
}

bool output_entity_csv(FILE *f, const mdl_batch *b, const char *what, int n, mdl_kpi_set kpis,
                       const char *(*id)(const mdl_model *, int),
                       mdl_summary (*get)(const mdl_batch *, int, int)) {
    const mdl_model *m = mdl_batch_model(b);
    fprintf(f, "%s,metric,mean,ci95,min,max\n", what);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < mdl_kpis_count(kpis); k++) {
            output_csv_text(f, id(m, i));
            fputc(',', f);
            output_csv_text(f, mdl_kpis_name(kpis, k));
            output_csv_summary(f, get(b, i, k));
        }
    return !ferror(f);
}
