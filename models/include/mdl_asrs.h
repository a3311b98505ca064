/*
 * mdl_asrs.h - automated storage and retrieval systems (AS/RS): aisles of
 * racks, a stacker crane in each, between two steps of a route.
 *
 * The plant. An AS/RS has `aisles` aisles; each aisle has a rack on both
 * sides of `bays` x `levels` cells of `cell_width` x `cell_height` metres
 * and one stacker crane. The crane rests at the aisle's input/output point
 * (the foot of bay 0, level 0) and travels horizontally and vertically at
 * once: a move takes max(tx, ty) (Chebyshev time), each axis from rest to
 * rest with its own top speed and acceleration (trapezoidal profile;
 * triangular when the distance is too short to reach top speed; an
 * acceleration of +inf, the default, is constant speed). Cell (bay b,
 * level l) is at x = (b + 1/2) cell_width, y = (l + 1/2) cell_height from
 * the I/O point.
 *
 * Units in and out. A route step can name the AS/RS as its transport
 * (mdl_model_set_transport, MDL_TRANSPORT_ASRS): a finished unit goes onto
 * the AS/RS's input point (at most `input_capacity` units waiting to be
 * stored; otherwise the server blocks, first come first served) and is
 * given to the aisle with the fewest requests waiting that has an open
 * cell (ties: the lower aisle). A stored unit asks for room in the next
 * station's buffer; when it gets it (the room is reserved), it is
 * retrieved and delivered into that buffer at the I/O point.
 *
 * Served by a fleet. With `feed` (a fleet), a unit leaving the station for
 * the AS/RS is a transport request on the station's out-point: a vehicle
 * carries it to the AS/RS's `node` and, once the input point has room
 * (it is reserved like a station's buffer; the vehicle waits loaded),
 * unloads it there. With `deliver` (a fleet), the AS/RS is a place with
 * an output point holding `input_capacity` units (retrievals under way
 * count): a stored unit is retrieved when the output point has room, put
 * there as a request, and a vehicle carries it to its next station.
 * `feed_conveyor` and `deliver_conveyor` do the same with a belt: the
 * station's unit goes onto the belt's entry (a busy entry blocks the
 * server) and at its end waits for room on the input point; a retrieved
 * unit waits on the output point for the belt's entry, in order. Stored units
 * bound for one station are retrieved by the AS/RS's rule: FIFO (first
 * stored first) or ORDER (the unit of the order listed first in the order
 * book first, units without an order last, then FIFO).
 *
 * Cycles. An idle crane serves a retrieval before a store (retrievals
 * serve demand), each kind first come first served. With `dual_command`
 * (the default) and both a store and a retrieval waiting, it makes one
 * dual-command cycle: pick up at the I/O point, travel to the store cell,
 * deposit, travel to the retrieval cell, pick up, travel back, drop; else
 * a single-command cycle (to one cell and back). Each pick-up or deposit
 * takes `handling` (default 0). The store cell is chosen when the cycle
 * starts, by the storage assignment:
 * - RANDOM: uniformly among the aisle's open cells;
 * - CLOSEST: the open cell of the shortest single-command travel time
 *   (ties: the lower cell);
 * - CLASS: the cells, by single-command travel time, form classes A, B,
 *   C... of `class_share[k]` of the cells (default 20 / 30 / 50 %); the
 *   products are ranked by turnover (units stored so far in the run, ties
 *   to the lower product index) and split evenly into the classes, the
 *   fastest movers into A; a unit goes to a random open cell of its class,
 *   else of the next slower class, else of the next faster one.
 *
 * Resources. Each crane is a resource with a state ledger (moving,
 * handling, idle, off) and power per state. Cranes follow the line's shift
 * calendar: while it is off a crane starts no cycle (it ends the one in
 * hand) and is `off`; utilisation is over the time it is not off.
 *
 * Determinism. Every random draw comes from the AS/RS's streams named
 * after its id (one per aisle); ties go to the lower index.
 */
#ifndef MDL_ASRS_H
#define MDL_ASRS_H

#include <stdbool.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "sim_dist.h"

typedef enum mdl_asrs_assign {
    MDL_ASRS_RANDOM = 0,
    MDL_ASRS_CLOSEST,
    MDL_ASRS_CLASS,
    MDL_ASRS_ASSIGN_COUNT
} mdl_asrs_assign;

typedef enum mdl_asrs_retrieve {
    MDL_ASRS_FIFO = 0,
    MDL_ASRS_ORDER,
    MDL_ASRS_RETRIEVE_COUNT
} mdl_asrs_retrieve;

/// Crane ledger states.
typedef enum mdl_crane_state {
    MDL_CRANE_MOVING = 0,
    MDL_CRANE_HANDLING,
    MDL_CRANE_IDLE,
    MDL_CRANE_OFF,        ///< the line's calendar is off (no power drawn)
    MDL_CRANE_DOWN,       ///< broken down (failure modes, mdl_maint.h): from the failure to the end of the repair
    MDL_CRANE_MAINT,      ///< planned maintenance (failure modes and maintenance)
    MDL_CRANE_STATE_COUNT
} mdl_crane_state;

#define MDL_ASRS_MAX_CLASSES 8
/// The most cells an AS/RS may have (aisles x 2 x bays x levels).
#define MDL_ASRS_MAX_CELLS 4000000L

const char *mdl_asrs_assign_name(mdl_asrs_assign k);     ///< "random", "closest", "class"
const char *mdl_asrs_retrieve_name(mdl_asrs_retrieve k); ///< "fifo", "order"
const char *mdl_crane_state_name(mdl_crane_state s);     ///< "moving", "handling", "idle", "off", "down", "maintenance"

typedef struct mdl_asrs_spec {
    const char *id;
    int aisles;              ///< >= 1 (default 1)
    int bays, levels;        ///< cells along and up each rack face, >= 1
    double cell_width;       ///< m, > 0 (default 1)
    double cell_height;      ///< m, > 0 (default 1)
    double speed_x, speed_y; ///< crane top speeds, m/s, > 0 (default 2 and 0.5)
    double accel_x, accel_y; ///< m/s^2, > 0; +inf (the default) = constant speed
    sim_dist handling;       ///< per pick-up or deposit (default const 0)
    bool dual_command;       ///< default true
    mdl_asrs_assign assign;
    mdl_asrs_retrieve retrieve;
    int nclasses;            ///< CLASS: classes (default 3)
    double class_share[MDL_ASRS_MAX_CLASSES]; ///< shares of the cells, adding up to 1
    int input_capacity;      ///< units waiting to be stored, >= 1 (default 1 per aisle)
    double power[MDL_CRANE_STATE_COUNT]; ///< kW per crane state
    double x, y;             ///< drawn at (the I/O point of aisle 0), metres
    const struct mdl_maint_spec *maint; ///< failure modes and maintenance of each crane (mdl_maint.h; copied); NULL: none
    int node;                ///< the I/O point's path-network node, -1: none (needed by `feed` and `deliver`)
    int feed;                ///< fleet carrying units from the station to the input point; -1: direct
    int deliver;             ///< fleet carrying retrieved units from the output point to the next station; -1: direct
    int feed_conveyor;       ///< belt carrying units from the station to the input point; -1: none (not with feed)
    int deliver_conveyor;    ///< belt carrying retrieved units to the next station; -1: none (not with deliver)
    int source_line;
} mdl_asrs_spec;

/// mdl_asrs_spec_default, mdl_model_add_asrs, mdl_model_asrs_count,
/// mdl_model_find_asrs, mdl_model_asrs (MDL_ENTITY_API, mdl_model.h).
MDL_ENTITY_API(asrs);

/// The crane's time to move `dx` metres along and `dy` up (both >= 0),
/// from rest to rest: max of the two axes' times.
double mdl_asrs_travel_time(const mdl_asrs_spec *s, double dx, double dy);

/// AS/RS KPIs over the window (all aisles together; w: warehouse).
typedef enum mdl_wkpi {
    MDL_WKPI_UTILIZATION = 0, ///< cranes' moving + handling share (mean over cranes)
    MDL_WKPI_CYCLES_PER_H,    ///< cycles completed per hour (all cranes)
    MDL_WKPI_CYCLE_S,         ///< mean cycle time, single and dual
    MDL_WKPI_SINGLE_S,        ///< mean single-command cycle time
    MDL_WKPI_DUAL_S,          ///< mean dual-command cycle time
    MDL_WKPI_SINGLE,          ///< single-command cycles
    MDL_WKPI_DUAL,            ///< dual-command cycles
    MDL_WKPI_STORES,          ///< units stored
    MDL_WKPI_RETRIEVALS,      ///< units retrieved (delivered)
    MDL_WKPI_OCCUPANCY,       ///< time-average share of the cells holding a unit
    MDL_WKPI_STORED,          ///< time-average units in the racks
    MDL_WKPI_RETRIEVAL_WAIT_S, ///< mean time from room granted at the next station to delivery
    MDL_WKPI_STORE_WAIT_S,    ///< mean time on the input point before the crane picks the unit up
    MDL_WKPI_ENERGY_KWH,
    /* failure modes and maintenance of the cranes (mdl_maint.h; written
     * only for an AS/RS with failure modes): */
    MDL_WKPI_DOWN,            ///< cranes' broken-down share (summed time over summed time)
    MDL_WKPI_MAINT,           ///< cranes' planned maintenance share
    MDL_WKPI_FAILURES,        ///< failures of all its cranes
    MDL_WKPI_MTBF_H,          ///< operating (moving + handling) hours per failure
    MDL_WKPI_MTTR_H,          ///< down hours per failure (response included)
    MDL_WKPI_RESPONSE_S,      ///< mean wait for a technician of the repairs that had one
    MDL_WKPI_PM,              ///< preventive maintenances begun
    MDL_WKPI_PDM,             ///< predictive maintenances begun
    MDL_WKPI_CBM,             ///< condition-based maintenances begun
    MDL_WKPI_MAINT_COST,      ///< parts, labour and per-intervention cost
    /* finished goods (route ends at the AS/RS, written only for an AS/RS
     * that stores them): */
    MDL_WKPI_STOCK_FG,        ///< time-average finished units in the racks (part of `stored`)
    MDL_WKPI_STOCK_FG_MAX,    ///< most finished units in the racks at once
    MDL_WKPI_SHIPPED,         ///< finished units retrieved for shipping (part of `retrievals`)
    MDL_WKPI_COUNT
} mdl_wkpi;

/// An AS/RS's KPI in one replication's result (NaN when out of range).
double mdl_rep_asrs_kpi(const mdl_rep_result *r, int asrs, mdl_wkpi k);

/// A crane as the viewer sees it.
typedef struct mdl_crane_view {
    mdl_crane_state state;
    double x, y;     ///< position along and up the aisle now, metres from the I/O point
    bool loaded;
    int stored;      ///< units in the aisle's racks
    int cells;       ///< cells of the aisle
} mdl_crane_view;

bool mdl_run_crane(const mdl_run *r, int asrs, int aisle, mdl_crane_view *v);

/* Units held by the AS/RS, for the viewer (mdl_held_view.c). */
/// Units on the output point: retrieved, waiting for the `deliver` fleet
/// (the ones a vehicle is loading included) or for the `deliver` belt; 0
/// when it delivers straight to the stations.
size_t mdl_run_asrs_out_len(const mdl_run *r, int asrs);
/// The k-th of them (0 = the first) not being loaded; false when fewer.
bool mdl_run_asrs_out_unit(const mdl_run *r, int asrs, size_t k, mdl_unit_view *u);
/// Units on the input point waiting for a crane (not the room held for
/// vehicles on their way), and the k-th of them (aisle by aisle).
size_t mdl_run_asrs_in_len(const mdl_run *r, int asrs);
bool mdl_run_asrs_in_unit(const mdl_run *r, int asrs, size_t k, mdl_unit_view *u);
/// The unit the crane of `aisle` carries now; false when it carries none.
bool mdl_run_crane_unit(const mdl_run *r, int asrs, int aisle, mdl_unit_view *u);
/* Route ends at an AS/RS (mdl_asrs_ends.c, docs/material-handling.md "Route
 * ends: the AS/RS"). With `from` (an AS/RS, -1: none) the units of the
 * product are released at the AS/RS's input point from outside (in the WIP
 * from their release, as at a receiving dock), stored, and retrieved for
 * the first station when it has room, as stored units bound for a station
 * are (the AS/RS's `deliver`). With `to` the unit leaving the last station
 * goes to the AS/RS as `transport.<last> = "asrs:ID"` sends it (its
 * `feed`) and is finished when the crane has stored it; it is retrieved
 * for shipping at its order's due time (at once when stored late) or, with
 * no order, `dwell` after it was stored (NULL: 0), and leaves at the output
 * point. A product has at most one `from` (dock or AS/RS) and one `to`; the
 * first step is plain (not flexible) with a `from`; no unlimited release.
 * false: refused (mdl_model_error). */
bool mdl_model_set_product_store(mdl_model *m, int product, int from, int to, const sim_dist *dwell);
int mdl_model_product_store_from(const mdl_model *m, int product); ///< its `from` AS/RS, -1: none
int mdl_model_product_store_to(const mdl_model *m, int product);   ///< its `to` AS/RS, -1: none
/// Does some product store its finished goods in the AS/RS (its FG KPIs are written)?
bool mdl_model_asrs_stores_goods(const mdl_model *m, int asrs);
/// Initial stock (mdl_asrs_stock.c): `count` units of `product` in its
/// `from` AS/RS at time 0, made and released then, placed by the storage
/// assignment rule (set after mdl_model_set_product_store). False with a
/// message: the product has no `from` AS/RS, or the AS/RS's initial stock
/// would not fit its cells (2 x aisles x bays x levels).
bool mdl_model_set_product_stock(mdl_model *m, int product, int count);
int mdl_model_product_stock(const mdl_model *m, int product); ///< its initial stock, 0: none

#endif
