/*
 * mdl_kpi_at.h - reading one replication's KPI table of a kind of entity:
 * n entities x nkpis values, entity by entity (mdl_rep_result's fleet,
 * robot, order ... arrays; a single row for the line-wide ones).
 */
#ifndef MDL_KPI_AT_H
#define MDL_KPI_AT_H

#include <math.h>
#include <stddef.h>

/* Value k of entity i, or NaN when the table is missing or i or k is out
 * of range. */
static inline double mdl__kpi_at(const double *table, int n, int i, int nkpis, int k) {
    if (!table || i < 0 || i >= n || k < 0 || k >= nkpis) return NAN;
    return table[(size_t)i * (size_t)nkpis + (size_t)k];
}

#endif
