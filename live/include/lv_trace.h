/*
 * lv_trace.h - the units of a live run and their history so far, as the
 * record stream (mdl_record, mdl_run.h) tells it: what the viewer shows
 * when a unit is clicked or its serial searched.
 *
 * A session (lv_session.h) installs one record listener per run, before
 * time zero (mdl_run_new_recorded), and hands every record to the pane's
 * trace: the trace is a reader of the one record stream, not a second
 * copy of the run's bookkeeping. It keeps, per unit number (numbers count
 * from 1 in order of creation, mdl_unit_serial_format):
 *   - the unit's product, order, where it is and how it ended (shipped,
 *     scrapped, joined into an assembly) and when;
 *   - its records (created, released, queued, started, ended, inspected,
 *     reworked, moved, blocked, assembled ...) chained per unit, in time
 *     order.
 *
 * Memory. Records are compact (40 bytes) in one growing array (no
 * allocation per record: amortised doubling). When LV_TRACE_MAX_RECORDS
 * are held, the records of units that have left the line are dropped
 * (their summary stays: "shipped at t"); the unit's card then says its
 * history is no longer held. A unit still in the line keeps its records.
 *
 * Deterministic: a trace fed the records of a run holds exactly the
 * records of that run's units (tests/test_session_trace.c checks it
 * against the event log of a headless run of the same seed).
 */
#ifndef LV_TRACE_H
#define LV_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_run.h"

/// Records held before the records of units gone are dropped.
#define LV_TRACE_MAX_RECORDS (1u << 21)

/// Where a unit is in its life.
typedef enum lv_unit_fate {
    LV_UNIT_IN_LINE = 0, ///< created, not yet gone (waiting, working, moving)
    LV_UNIT_SHIPPED,     ///< left the line at its end (good or undetected defective)
    LV_UNIT_SCRAPPED,    ///< scrapped
    LV_UNIT_JOINED       ///< joined into an assembly (parent: the assembly's number)
} lv_unit_fate;

/// One record of a unit, compact.
typedef struct lv_trace_rec {
    double time;
    uint32_t next;     ///< the unit's next record (index), UINT32_MAX: none
    int32_t station;
    int32_t server;
    int32_t from, to;
    int32_t resource;  ///< vehicle, conveyor, robot ... (resource_kind)
    int32_t detail;
    uint8_t kind;      ///< mdl_log_kind
    uint8_t resource_kind; ///< mdl_resource_kind
    uint64_t part;     ///< "assembled": the component's number
} lv_trace_rec;

/// What the trace knows of one unit.
typedef struct lv_unit_info {
    uint64_t number;     ///< 0: no such unit (yet)
    int product;
    int order;           ///< -1: push, CONWIP or unlimited release
    lv_unit_fate fate;
    double created;      ///< time of its first record
    double ended;        ///< time it shipped, was scrapped or joined (fate != IN_LINE)
    uint64_t parent;     ///< fate JOINED: the assembly's number
    int station;         ///< the last station it was queued or worked at (-1: none yet)
    int rework_passes;   ///< reworked records
    int components;      ///< assembled records (its components)
    bool defective;      ///< an inspection failed it, or it shipped defective
    bool dropped;        ///< its records are no longer held (LV_TRACE_MAX_RECORDS)
} lv_unit_info;

/// One visit of a unit at a station, gathered from its records.
typedef struct lv_visit {
    int station;
    int server;          ///< -1: not (yet) started
    double queued;       ///< arrival (queued), or the start when it did not queue
    double started;      ///< -1: not yet
    double ended;        ///< -1: not yet
    int inspected;       ///< -1: no inspection, 0 pass, 1 fail
    int rework_pass;     ///< 0, or the pass number it was reworked in before this visit
} lv_visit;

typedef struct lv_trace lv_trace;

/// A new empty trace; NULL when out of memory. lv_trace_free(NULL) is a no-op.
lv_trace *lv_trace_new(void);
void lv_trace_free(lv_trace *t);
/// Records held before the records of units gone are dropped (default
/// LV_TRACE_MAX_RECORDS; at least 16); for tests.
void lv_trace_set_limit(lv_trace *t, uint32_t records);
/// Forgets everything (a restarted run).
void lv_trace_clear(lv_trace *t);
/// Takes in one record of the stream (the listener's work). Records
/// without a unit are ignored. False when out of memory (the record is lost
/// and lv_trace_incomplete says so from then on).
bool lv_trace_add(lv_trace *t, const mdl_record *rec);
/// True when a record could not be held (out of memory).
bool lv_trace_incomplete(const lv_trace *t);

/// The highest unit number seen (units 1 .. this have been created).
uint64_t lv_trace_units(const lv_trace *t);
/// The unit's summary; false when no record of it was seen.
bool lv_trace_unit(const lv_trace *t, uint64_t number, lv_unit_info *out);
/// The unit's records in time order: the first record's index
/// (UINT32_MAX: none, or no longer held), then lv_trace_record(...)->next.
uint32_t lv_trace_first(const lv_trace *t, uint64_t number);
const lv_trace_rec *lv_trace_record(const lv_trace *t, uint32_t index);
/// Records held now (all units).
size_t lv_trace_record_count(const lv_trace *t);
/// The unit's station visits in time order: visits skip, skip + 1 ... into
/// out[0 .. max); returns how many visits there are in all (the ones
/// written are min(max, that - skip)).
int lv_trace_visits(const lv_trace *t, uint64_t number, int skip, lv_visit *out, int max);
/// Parses a serial as the viewer's search field takes it: "housing-17",
/// "17" or "#17" (the number alone is unique in a run); the product id, when
/// given, must match the unit's. 0 when it names no unit seen.
uint64_t lv_trace_find(const lv_trace *t, const mdl_model *m, const char *text);

#endif
