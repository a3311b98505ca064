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

/* The same figures in a replication's results (mdl_rep_result: `bomline`,
 * `flow`), summarised over replications by mdl_batch_bomline_kpi and
 * mdl_batch_flow_kpi; `run` shows them (docs/kpis.md, "Assembly,
 * batching and disassembly"). */

/// KPIs of one BOM line (mdl_rep_bomline_kpi): lines are numbered over the
/// whole model, product by product in the order of mdl_model_bom_line.
typedef enum mdl_lkpi {
    MDL_LKPI_WAIT_S = 0,      ///< mean wait of a component in its buffer (0: none taken)
    MDL_LKPI_STARVED_SHARE,   ///< share of the window a server could start but this line was short
    MDL_LKPI_TAKEN,           ///< components joined in the window
    MDL_LKPI_BUFFER_LEVEL,    ///< time-average number of components in its buffer
    MDL_LKPI_COUNT
} mdl_lkpi;

/// KPIs of an assembly, batching or disassembly station (mdl_rep_flow_kpi);
/// NAN where the station is not of that kind.
typedef enum mdl_xkpi {
    MDL_XKPI_KITS = 0,        ///< assembly: operations begun (kits assembled)
    MDL_XKPI_BATCHES,         ///< batching: batches started
    MDL_XKPI_BATCH_SIZE,      ///< batching: mean batch size
    MDL_XKPI_BATCHES_FULL,    ///< batching: batches started full
    MDL_XKPI_BATCHES_TIMEOUT, ///< batching: batches started smaller, at the timeout
    MDL_XKPI_BATCH_WAIT_S,    ///< batching: mean wait of a unit for its batch to start
    MDL_XKPI_TAKEN_APART,     ///< disassembly: units taken apart
    MDL_XKPI_PARTS,           ///< disassembly: parts made
    MDL_XKPI_PART_WAIT_S,     ///< disassembly: mean wait of a part on the server for its next station
    MDL_XKPI_COUNT
} mdl_xkpi;

/// Number of BOM lines of the model (all products), and the global index
/// of line `line` of `product` (-1: none).
int mdl_model_bomline_count(const mdl_model *m);
int mdl_model_bomline_index(const mdl_model *m, int product, int line);
/// NAN when out of range or the model has none.
double mdl_rep_bomline_kpi(const mdl_rep_result *r, int line, mdl_lkpi k);
double mdl_rep_flow_kpi(const mdl_rep_result *r, int station, mdl_xkpi k);

/// Disassembly and lot splitting (mdl_disassembly.c): a station that takes
/// units apart, over the run's window.
typedef struct mdl_ds_kpi {
    int product;             ///< the product taken apart
    uint64_t taken_apart;    ///< units taken apart
    uint64_t parts;          ///< parts made
    double part_wait_mean_s; ///< mean time a part waited on the server for room at its next station
} mdl_ds_kpi;

/// False when the station takes nothing apart.
bool mdl_run_ds_kpi(const mdl_run *r, int station, mdl_ds_kpi *out);

#endif
