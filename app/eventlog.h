/*
 * eventlog.h - the MES event log writers: one replication's record stream
 * (mdl_record, mdl_run.h) as CSV or as OCEL 2.0 JSON, streamed.
 *
 * The writer formats each record as it comes and writes it to the stream
 * it was handed through a buffer of fixed size: memory does not grow with
 * the number of events. The OCEL document lists its objects after its
 * events; the unit objects, known only as units are created, go to an
 * anonymous scratch file (tmpfile) meanwhile and are copied in at the end.
 * The caller owns the stream and makes it appear whole or not at all
 * (atomic.h); this file knows nothing of file names beyond the extension.
 * docs/event-log.md defines both formats.
 *
 * Determinism: the output is a function of the records and the model.
 */
#ifndef LINETWIN_EVENTLOG_H
#define LINETWIN_EVENTLOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mdl_model.h"
#include "mdl_run.h"

typedef enum eventlog_format { EVENTLOG_CSV, EVENTLOG_OCEL } eventlog_format;

/// The format named by a file's extension: ".csv" CSV, ".json" or
/// ".jsonocel" OCEL 2.0 JSON (case-insensitive); false for anything else.
bool eventlog_format_of(const char *path, eventlog_format *f);

typedef struct eventlog eventlog;

/// A writer of the records of runs of model m into out (not closed here).
/// t0_epoch is the calendar time of simulated time 0, in seconds since
/// 1970-01-01 00:00 UTC (ISO timestamps). NULL when out of memory or, for
/// OCEL, when the scratch file cannot be made. Free with eventlog_free.
eventlog *eventlog_new(const mdl_model *m, eventlog_format fmt, FILE *out, double t0_epoch);
/// The mdl_record_fn to install with mdl_run_set_records (ctx: the writer).
void eventlog_record(void *ctx, const mdl_record *rec);
/// Writes what is left (the OCEL objects and closing brackets) and
/// flushes; false when any write failed (errno kept).
bool eventlog_finish(eventlog *e);
/// Records written so far.
uint64_t eventlog_count(const eventlog *e);
void eventlog_free(eventlog *e);

/// Seconds since the epoch of midnight UTC of an ISO date "YYYY-MM-DD";
/// false when malformed or out of range (years 1970 to 9999).
bool eventlog_parse_date(const char *s, double *epoch);

#endif
