/*
 * mdl_run.h - one replication of a model, its KPIs, read-only accessors for
 * the viewer, and trainer actions.
 *
 * A mdl_run owns a sim_world and the state of every station, buffer and
 * unit. It reads its mdl_model and never writes to it, so many runs of one
 * model can live side by side (one per thread).
 *
 * Randomness. Each run seeds its streams from (seed, replication, stable
 * stream id): a station's streams are named after the station's id and the
 * purpose (cycle, setup, failures of server k, quality), an arrival stream
 * after its product and source index. The same seed and replication give
 * bit-identical results; changing one station leaves every other station's
 * random numbers unchanged; two scenes that share station ids share those
 * stations' streams (common random numbers for compare).
 *
 * Statistics cover the window [warm-up, now]; at the warm-up time every
 * ledger and tally is reset (warm-up deletion). Before the warm-up, results
 * cover [0, now].
 *
 * Semantics written down (docs/kpis.md explains them for users):
 * - Blocking after service: a finished unit stays on its server (state
 *   `blocked`) until the next station of its route can take it; the last
 *   station hands to the sink and never blocks. Blocked servers are
 *   released in the order they blocked.
 * - A station can take a unit when its buffer holds fewer units than its
 *   capacity, or when the buffer is empty and a server is idle.
 * - Off shift, a started operation pauses and resumes at the next shift
 *   start with its remaining work; nothing starts, nothing is handed on.
 * - A breakdown pre-empts the operation (setup or processing): the remaining
 *   work is kept and resumes after the repair.
 * - Precedence of ledger states: off > down > blocked / setup / busy / idle.
 */
#ifndef MDL_RUN_H
#define MDL_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_kpis.h"
#include "mdl_model.h"
#include "sim_world.h"

typedef struct mdl_run mdl_run;

/// Line KPIs. The first eleven are the JSON contract's names; the rest
/// extend it.
typedef enum mdl_kpi {
    MDL_KPI_THROUGHPUT_PER_H = 0, ///< good units out per hour
    MDL_KPI_UNITS_OUT,            ///< good units out
    MDL_KPI_LEAD_TIME_S,          ///< mean release -> exit of good units out
    MDL_KPI_WIP,                  ///< time-average units released, not yet out
    MDL_KPI_SCRAP_RATE,           ///< scrapped / (scrapped + good out)
    MDL_KPI_DEFECT_RATE,          ///< ever defective / (finished + scrapped)
    MDL_KPI_FIRST_PASS_YIELD,     ///< good out without rework / good out
    MDL_KPI_OEE,                  ///< line OEE (see docs/kpis.md)
    MDL_KPI_ENERGY_KWH,           ///< energy of all stations in the window
    MDL_KPI_ENERGY_KWH_PER_UNIT,  ///< energy / good units out
    MDL_KPI_COST_PER_UNIT,        ///< operating cost / good units out
    MDL_KPI_UNITS_RELEASED,       ///< units released in the window
    MDL_KPI_UNITS_SCRAPPED,       ///< units scrapped in the window
    MDL_KPI_DEFECTIVE_OUT,        ///< defective units that left undetected
    MDL_KPI_LEAD_TIME_P95_S,      ///< 95th percentile of lead time
    MDL_KPI_ON_TIME_SHARE,        ///< order units out by their due date / with a due date
    MDL_KPI_UNITS_PER_KWH,        ///< good units per kWh
    MDL_KPI_OPERATING_COST,       ///< energy + labor + material + scrap + overhead + repair
    MDL_KPI_ENERGY_COST,
    MDL_KPI_LABOR_COST,
    MDL_KPI_MATERIAL_COST,
    MDL_KPI_REWORK_CAPPED,        ///< units scrapped because they reached an inspection's max_rework
    MDL_KPI_PLANNED_DOWN,         ///< planned maintenance share of the servers' scheduled time (kpis.md)
    MDL_KPI_UNPLANNED_DOWN,       ///< breakdown share of the servers' scheduled time
    MDL_KPI_FAILURES_PER_1000H,   ///< breakdowns per 1,000 operating hours of all servers
    MDL_KPI_MAINT_COST,           ///< repair and maintenance cost (mdl_maint.h), in operating_cost
    MDL_KPI_COUNT
} mdl_kpi;

/// Station KPIs. Shares are over the window and averaged over servers.
typedef enum mdl_skpi {
    MDL_SKPI_UTILIZATION = 0,     ///< busy share
    MDL_SKPI_AVAILABILITY,        ///< 1 - down / scheduled (not off)
    MDL_SKPI_OEE,                 ///< availability x performance x quality
    MDL_SKPI_QUEUE_LEN,           ///< time-average units waiting in the buffer
    MDL_SKPI_WAIT_S,              ///< mean wait in the buffer
    MDL_SKPI_ENERGY_KWH,          ///< sum of power x time in state
    MDL_SKPI_STATE_BUSY,          ///< the six ledger shares (idle includes standby)
    MDL_SKPI_STATE_SETUP,
    MDL_SKPI_STATE_IDLE,
    MDL_SKPI_STATE_BLOCKED,
    MDL_SKPI_STATE_DOWN,
    MDL_SKPI_STATE_OFF,
    MDL_SKPI_STATE_STANDBY,       ///< share of time in standby (part of idle)
    MDL_SKPI_PERFORMANCE,         ///< ideal time of the processing in the window / operating time (docs/kpis.md)
    MDL_SKPI_QUALITY,             ///< good operations / operations whose unit was judged here in the window (docs/kpis.md)
    MDL_SKPI_UNITS_DONE,          ///< operations completed in the window
    MDL_SKPI_FAILURES,            ///< breakdowns begun in the window
    MDL_SKPI_STATE_WAIT_OPERATOR, ///< share of time waiting for people (mdl_people.h)
    MDL_SKPI_STATE_MAINT,         ///< share of time in planned maintenance (a ledger share)
    /* The maintenance block (JSON "maintenance", kpis.md). */
    MDL_SKPI_FAILURES_PER_1000H,  ///< breakdowns per 1,000 operating (busy + setup) hours
    MDL_SKPI_MTBF_H,              ///< observed: operating hours / breakdowns (0: none)
    MDL_SKPI_MTTR_H,              ///< observed: down hours / breakdowns (0: none)
    MDL_SKPI_PM,                  ///< preventive maintenances begun
    MDL_SKPI_PDM,                 ///< planned replacements called by the predictor (true and false alarms)
    MDL_SKPI_CBM,                 ///< planned replacements called by a condition sensor
    MDL_SKPI_FALSE_ALARMS,        ///< the predictor's false alarms
    MDL_SKPI_MAINT_COST,          ///< repair and maintenance cost
    MDL_SKPI_OPERATIONAL_AVAILABILITY, ///< 1 - (down + maintenance) / scheduled
    MDL_SKPI_RESPONSE_S,          ///< mean wait of a failure-mode repair for its technician (0: no crews)
    MDL_SKPI_COUNT
} mdl_skpi;

/// Keys (JSON, CSV: "throughput_per_h") and labels with units ("Throughput
/// [good units/h]"): mdl_kpis_name / mdl_kpis_label (mdl_kpis.h), sets
/// MDL_KPIS_LINE and MDL_KPIS_STATION.

/// KPIs of one run over its window. Caller-owned; mdl_rep_result_init sizes
/// it for a model, mdl_rep_result_fini frees it.
typedef struct mdl_rep_result {
    double window_s;
    double kpi[MDL_KPI_COUNT];
    int nstations;
    double (*station)[MDL_SKPI_COUNT];
    uint64_t events;
    /* Material handling (mdl_transport.h): row-major [n][MDL_*KPI_COUNT],
     * NULL and 0 when the model has none; read them with mdl_rep_fleet_kpi
     * and friends. */
    int nfleets, nrobots, nconveyors;
    double *fleet;
    double *robot;
    double *conveyor;
    /* Each vehicle's own fleet KPIs, [nvehicles][MDL_FKPI_COUNT], the
     * vehicles of fleet 0 first (mdl_rep_vehicle_kpi). */
    int nvehicles;
    double *vehicle;
    /* AS/RS (mdl_asrs.h): [nasrs][MDL_WKPI_COUNT]; mdl_rep_asrs_kpi. */
    int nasrs;
    double *asrs;
    /* Docks (mdl_dock.h): [ndocks][MDL_DKPI_COUNT]; mdl_rep_dock_kpi. */
    int ndocks;
    double *dock;
    /* People (mdl_people.h): the line's people KPIs [MDL_PEOPLEKPI_COUNT],
     * each pool's and each person's [n][MDL_POOLKPI_COUNT]; NULL and 0
     * when the model has no people part. Read them with mdl_rep_people_kpi
     * and friends. */
    double *people;
    int npools, npersons;
    double *pool;
    double *person;
    /* Results by order, by order book and by product (mdl_orders.h):
     * order [norders][MDL_OKPI_COUNT], product [nproducts][MDL_PKPI_COUNT],
     * book [MDL_BKPI_COUNT]; read them with mdl_rep_order_kpi and friends. */
    int norders, nproducts;
    double *order;
    double *product;
    double *book;
    int nbacklog;       /* backlog over time: nbacklog points, backlog_dt apart */
    double backlog_dt;
    double *backlog;
    /* Schedule adherence (mdl_plan.h): [MDL_AKPI_COUNT] and
     * [norders][MDL_AOKPI_COUNT]; NULL when the model has no plan. */
    double *plan;
    double *plan_order;
    /* Assembly, batching and disassembly (mdl_assembly.h): [nbomlines]
     * [MDL_LKPI_COUNT] and [nstations][MDL_XKPI_COUNT]; NULL when the model
     * has none of them. Read them with mdl_rep_bomline_kpi and friends. */
    int nbomlines;
    double *bomline;
    double *flow;
} mdl_rep_result;

bool mdl_rep_result_init(mdl_rep_result *r, const mdl_model *m);
void mdl_rep_result_fini(mdl_rep_result *r);

/// Creates run `replication` of model m with the given settings (NULL: the
/// model's). Streams are seeded from (settings->seed, replication).
/// NULL when out of memory; a run whose time-zero set-up failed comes back
/// failed (mdl_run_error). Free with mdl_run_free.
mdl_run *mdl_run_new(const mdl_model *m, const mdl_run_settings *settings,
                     uint32_t replication);
void mdl_run_free(mdl_run *r);

/// Advances the run to time t (clamped to the horizon); can be called in
/// slices: the state after slices equals the state after one call.
/// Does nothing once the run has failed (mdl_run_error).
void mdl_run_until(mdl_run *r, double t);
/// Runs to the horizon and fills *out (sized by mdl_rep_result_init);
/// false (and *out untouched) when the run failed (mdl_run_error).
bool mdl_run_to_end(mdl_run *r, mdl_rep_result *out);

/// Why the run failed, or NULL while it has not. A run fails, instead of
/// aborting the process, when memory runs out ("out of memory"), when a
/// sample is not a finite number (a law out of its range that validation
/// let through), or when simulated time stands still (an event loop at one
/// instant: millions of events without the clock moving). A failed run
/// advances no more; its results mean nothing; free it.
const char *mdl_run_error(const mdl_run *r);

/// Called from mdl_run_until about every 262,000 events (never more often):
/// the time reached and the horizon. For progress displays; it must not
/// call back into the run. Returning false makes mdl_run_until return at
/// once, before `now` has reached its target (a bound on the work of one
/// call, as the fuzzer uses); the run stays valid and can go on.
typedef bool mdl_run_progress_fn(void *ctx, double now, double horizon);
void mdl_run_set_progress(mdl_run *r, mdl_run_progress_fn *fn, void *ctx);
/// Routes the run's growing pools (units, queues, the event calendar)
/// through fn (sim_world_set_alloc); for tests that make allocations fail.
void mdl_run_set_alloc(mdl_run *r, sim_alloc_fn *fn, void *ctx);
/// KPIs over the window so far (until now).
void mdl_run_result(const mdl_run *r, mdl_rep_result *out);

const mdl_model *mdl_run_model(const mdl_run *r);
double mdl_run_now(const mdl_run *r);
double mdl_run_horizon(const mdl_run *r);
double mdl_run_warmup(const mdl_run *r);
/// Time of the next pending event (INFINITY when none).
double mdl_run_next_event(const mdl_run *r);
uint64_t mdl_run_events(const mdl_run *r);

/* Read-only views for the viewer. */

/// A unit as the viewer sees it.
typedef struct mdl_unit_view {
    uint64_t serial;     ///< 1, 2, ... in order of release
    int product;
    bool defective;
    bool reworked;
    double released;     ///< release time
} mdl_unit_view;

/// Current number of servers of a station (trainer actions may change it).
int mdl_run_servers(const mdl_run *r, int station);
mdl_state mdl_run_server_state(const mdl_run *r, int station, int server);
/// The unit on a server (processing, in setup or blocked); false if none.
bool mdl_run_server_unit(const mdl_run *r, int station, int server, mdl_unit_view *u);
/// Share of the current operation done, in [0, 1] (0 when none).
double mdl_run_server_progress(const mdl_run *r, int station, int server);
/// Number of units waiting in a station's buffer, and the i-th (0 = next).
size_t mdl_run_queue_len(const mdl_run *r, int station);
bool mdl_run_queue_unit(const mdl_run *r, int station, size_t i, mdl_unit_view *u);
/// Unit objects alive in the run's pool (in the line or waiting in front of
/// it). Units of an order not yet moved are counted, not made: this stays
/// small for an order of any quantity.
size_t mdl_run_units_live(const mdl_run *r);
/// Is the station's calendar off now?
bool mdl_run_station_off(const mdl_run *r, int station);
/// Name of the line's current shift, or NULL.
const char *mdl_run_shift_name(const mdl_run *r);
/// Current units in the line (released, not yet out or scrapped).
long mdl_run_wip_now(const mdl_run *r);
/// Current total power draw of the line, kW.
double mdl_run_power_now(const mdl_run *r);
/// Breakdowns of a station since time 0.
uint64_t mdl_run_station_failures(const mdl_run *r, int station);

/* Trainer actions: they change the run (and its future random numbers). */

/// Breaks every server of a station now; it stays down until repaired by
/// mdl_run_repair_station. False if the station is already broken by hand.
bool mdl_run_break_station(mdl_run *r, int station);
/// Ends a hand-made breakdown now. False if there is none.
bool mdl_run_repair_station(mdl_run *r, int station);
/// Sets the number of servers (1 .. mdl_run_max_servers); a removed server
/// finishes its unit first. False when out of range.
bool mdl_run_set_servers(mdl_run *r, int station, int servers);
int mdl_run_max_servers(const mdl_run *r, int station);
/// Failure mode `mode` (index in the station's maint->modes) of the
/// station's first server that is up fails now (repaired by its law).
/// False when the station has no maintenance description or no server up.
bool mdl_run_fail_mode(mdl_run *r, int station, int mode);
/// A PM starts now on the station's first server that is up (renews
/// every mode). False as above.
bool mdl_run_start_pm(mdl_run *r, int station);
/// Does a predictor's or sensor's warning wait for maintenance at the
/// station (the viewer's warning icon)?
bool mdl_run_station_warned(const mdl_run *r, int station);

/* MES event log: one typed record stream (off by default; with no
 * listener it costs one flag test per event). docs/event-log.md defines
 * every kind and field for users. */

/// Kinds of record. New kinds are appended before MDL_LOG_KIND_COUNT (the
/// numbers are stable) and named in mdl_log_kind_name.
typedef enum mdl_log_kind {
    MDL_LOG_RELEASE = 0, ///< "released": a unit enters the line (its first station)
    MDL_LOG_START,       ///< "started": an operation begins on a server (detail 1: a setup first)
    MDL_LOG_FINISH,      ///< "ended": an operation is complete on a server
    MDL_LOG_SCRAP,       ///< "scrapped" (detail: mdl_scrap_reason)
    MDL_LOG_INSPECT,     ///< "inspected" (detail: 0 pass, 1 fail; from: station that made the defect)
    MDL_LOG_EXIT,        ///< "shipped": a unit leaves the line (detail 1: defective, undetected)
    MDL_LOG_DOWN,        ///< "down": a server breaks down (by failure or by hand)
    MDL_LOG_UP,          ///< "repaired"
    MDL_LOG_SHIFT_ON,    ///< "shift_on": a calendar switches on (resource: the calendar)
    MDL_LOG_SHIFT_OFF,   ///< "shift_off"
    MDL_LOG_ORDER_RELEASE, ///< "order_released": an order's release time (detail: quantity)
    MDL_LOG_CREATE,      ///< "created": a unit gets its serial (before it may wait for the line)
    MDL_LOG_QUEUE,       ///< "queued": a unit arrives at a station (buffer or straight to a server)
    MDL_LOG_BLOCK,       ///< "blocked": a finished unit cannot move on (to: where it waits to go)
    MDL_LOG_UNBLOCK,     ///< "unblocked": it moves on
    MDL_LOG_MOVE,        ///< "moved": a vehicle or belt delivers a unit (resource, from, to)
    MDL_LOG_REWORK,      ///< "reworked": sent back (to: the rework station, detail: pass number)
    MDL_LOG_MAINT_START, ///< "maintenance_started": planned maintenance begins on a server (mdl_maint.h)
    MDL_LOG_MAINT_END,   ///< "maintenance_ended"
    MDL_LOG_WARNING,     ///< "warned": a predictor or a condition sensor flags a server
    MDL_LOG_ASSEMBLE,    ///< "assembled": one record per component joined (unit: the assembly, part: the component)
    MDL_LOG_BATCH,       ///< "batched": a unit starts in a process batch (detail: the batch's size)
    MDL_LOG_SAFETY,      ///< "safety_event": a vehicle forced through a zone, or (physics) touching
                         ///< a standing vehicle (resource: the vehicle; detail: the other vehicle's
                         ///< index, -1 for a forced pass)
    MDL_LOG_DISASSEMBLE, ///< "disassembled": one record per part made (unit: the unit taken apart, part: the
                         ///< new part; mdl_disassembly.c)
    MDL_LOG_KIND_COUNT
} mdl_log_kind;
/// The old name of MDL_LOG_INSPECT (it was logged for rejects only).
#define MDL_LOG_REJECT MDL_LOG_INSPECT

/// What a record's `resource` is.
typedef enum mdl_resource_kind {
    MDL_RES_NONE = 0,
    MDL_RES_VEHICLE,  ///< mdl_model_vehicle_index
    MDL_RES_CONVEYOR, ///< conveyor index
    MDL_RES_ROBOT,    ///< robot index
    MDL_RES_CALENDAR, ///< shift calendar index
    MDL_RES_OPERATOR, ///< operator (people)
    MDL_RES_CRANE,    ///< AS/RS index (its stacker cranes)
    MDL_RES_KIND_COUNT
} mdl_resource_kind;

/// Why a unit was scrapped (detail of MDL_LOG_SCRAP).
typedef enum mdl_scrap_reason {
    MDL_SCRAP_OPERATION = 0, ///< the station's scrap share
    MDL_SCRAP_REJECTED,      ///< an inspection with reject = "scrap"
    MDL_SCRAP_REWORK_CAP,    ///< an inspection's max_rework reached
} mdl_scrap_reason;

/// One MES record. Indices are the model's (-1: none); unit is the unit's
/// number (0: none), unique within the run (mdl_unit_serial_format).
typedef struct mdl_record {
    double time;             ///< simulated seconds since time 0
    mdl_log_kind kind;
    uint64_t unit;
    int product;
    int order;               ///< mdl_model order index, -1 for push/CONWIP units
    int station;
    int server;
    mdl_resource_kind resource_kind;
    int resource;
    int from, to;            ///< stations (moved, blocked, reworked, inspected)
    long detail;             ///< kind-specific (see mdl_log_kind)
    uint64_t part;           ///< "assembled": the component's number; "disassembled": the part's (0: none)
    int part_product;        ///< its product (valid when part != 0)
} mdl_record;

const char *mdl_log_kind_name(mdl_log_kind k);
const char *mdl_resource_kind_name(mdl_resource_kind k);

/// A listener of the record stream: called synchronously for every record,
/// in time order, from the thread running the run. It must not call back
/// into the run. The record is valid during the call only.
typedef void mdl_record_fn(void *ctx, const mdl_record *rec);
/// Installs (fn non-NULL) or removes the record listener. A listener makes
/// the run take its general path; results are the same bits either way.
void mdl_run_set_records(mdl_run *r, mdl_record_fn *fn, void *ctx);
/// mdl_run_new with the record listener installed before time zero, so
/// that the stream holds the set-up's records too (the units a CONWIP or
/// unlimited release puts in the line at time 0).
mdl_run *mdl_run_new_recorded(const mdl_model *m, const mdl_run_settings *settings, uint32_t replication,
                              mdl_record_fn *records, void *records_ctx);

/// The older, narrower listener of the same stream: station is -1 for line
/// events, unit 0 when no unit is concerned. Kept for its users; both may
/// be installed at once.
typedef void mdl_log_fn(void *ctx, double time, mdl_log_kind kind, int station,
                        uint64_t unit);
void mdl_run_set_log(mdl_run *r, mdl_log_fn *fn, void *ctx);

/// A unit's serial as text: the product id, '-', its number ("housing-17");
/// numbers count units of all products in order of creation from 1, so the
/// number alone is unique in a run. Returns snprintf's count.
int mdl_unit_serial_format(const mdl_model *m, int product, uint64_t number, char *buf, size_t size);

#endif
