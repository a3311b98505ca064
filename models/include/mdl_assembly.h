/*
 * mdl_assembly.h - what a run reports about its assembly stations.
 *
 * The model side (bills of materials) is in mdl_model.h
 * (mdl_model_add_bom_line and friends); docs/scene-format.md ("Assembly")
 * and docs/kpis.md describe both for users. The figures are over the
 * run's window (after the warm-up), read at any time; deterministic like
 * every result of a run.
 */
#ifndef MDL_ASSEMBLY_H
#define MDL_ASSEMBLY_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_run.h"

/// One BOM line of an assembled product, as a run saw it.
typedef struct mdl_bom_kpi {
    int component;        ///< product index of the component
    int quantity;         ///< per assembled unit
    int station;          ///< the assembly station
    double wait_mean_s;   ///< mean wait of a component in its own buffer (0: none taken)
    double starved_share; ///< share of the window a server could start but this line was short
    uint64_t taken;       ///< components joined in the window
    uint32_t waiting;     ///< components in its buffer now
    uint64_t assembled;   ///< assembly operations begun at the station in the window
} mdl_bom_kpi;

/// Line `line` (0 .. mdl_model_bom_count - 1) of `product`'s BOM; false
/// when the product is not assembled in this run or the line is out of range.
bool mdl_run_bom_kpi(const mdl_run *r, int product, int line, mdl_bom_kpi *out);

/// Process batching (station key `batch`): the mean size of the batches
/// started at `station` in the window and their number; false when the
/// station does not batch.
bool mdl_run_batch_kpi(const mdl_run *r, int station, double *mean_size, uint64_t *batches);

#endif
