/*
 * mdl_transport.h - material handling: AGV fleets on a path network, robots
 * tending machines, conveyors, the layout check, and their KPIs.
 *
 * Building. Like mdl_model.h: zero-initialise a spec (or call its _default
 * function), set what applies, add it; the adding function returns the new
 * index or -1 and mdl_model_error() names the object and the field
 * ("fleet 'agv': speed: must be > 0 m/s, got 0"). Strings and arrays are
 * copied into the model. A model with none of these objects runs exactly as
 * before (same events, same random numbers, same results).
 *
 * How units move. By default a finished unit goes straight into the next
 * station's buffer (or blocks its server: blocking after service). A route
 * step can instead name a transport (mdl_model_set_transport):
 * - a fleet: the unit is put on its station's out-point (a small place next
 *   to the station, `out_capacity` units, default 1); the server is free
 *   again at once, but blocks while the out-point is full. Each unit on the
 *   out-point is a transport request. A vehicle drives empty to the
 *   station's node, loads (load time per unit; a vehicle of capacity c takes
 *   up to c waiting units that go to the same station), drives loaded to the
 *   next station's node, and unloads into its buffer. The room in the
 *   buffer is reserved when unloading begins, so nobody takes it during the
 *   unload; when the buffer is full the vehicle waits there, loaded
 *   (vehicle state `blocked`), in line with blocked servers, first come
 *   first served.
 * - a conveyor: the unit is put on the belt's entry when the last unit on
 *   it has moved `spacing` away (otherwise the server blocks), rides
 *   `length / speed`, and enters the next buffer at the end. If that buffer
 *   is full, an accumulating belt queues units at its end (the belt keeps
 *   moving the others up to them), a non-accumulating belt stops as a whole.
 *   So the belt carries at most speed / spacing units per second.
 *
 * Traffic (zone control). Every node and every edge is a zone holding at
 * most `capacity` vehicles (a two-way edge is one zone, and vehicles on it
 * must all go the same way). A vehicle reserves the zones ahead of it along
 * its route as far as they are free, drives through the reserved stretch
 * without stopping and frees each edge and node behind it when it reaches
 * the next node; at a zone it cannot get it stops and waits (state
 * `traffic`). Routes are shortest by free-flow time but do not run through
 * parking or charging nodes unless there is no other way. An idle vehicle that stands on a node another vehicle waits
 * for is sent to park, or to a free neighbouring node.
 *
 * Deadlock. When every holder of the zone a waiting vehicle wants is itself
 * waiting, directly or through others, for a zone held inside the same set,
 * nobody can ever move: a deadlock. It is detected the moment it forms
 * (counted in MDL_FKPI_DEADLOCKS once per episode: a set that forms again
 * before one of its vehicles reaches its pick-up or drop or is forced
 * through is the same deadlock) and resolved by this policy: the vehicle
 * of the set that began waiting last (the youngest) (1) re-routes around
 * the zone it waits for if another route exists, else (2) backs off to a
 * free neighbouring node, else (3) after `deadlock_timeout` seconds is let
 * through the zone in excess of its capacity (an operator's intervention,
 * counted in MDL_FKPI_DEADLOCK_FORCED); when the fleet has reached or
 * ended no pick-up or drop for 10 x `deadlock_timeout`, (1) and (2) are
 * skipped (they only let the set form again). A vehicle waiting for a node that
 * an idle vehicle holds with nowhere to go is counted and let through the
 * same way after `deadlock_timeout`. A run therefore never stalls.
 *
 * Motion. Kinematic: travel times are exact for the trapezoidal (or
 * triangular) speed profile with acceleration `accel`, top speed `speed`
 * and per-edge speed limits, from rest to rest over each reserved stretch;
 * pure events. Physics: every vehicle is a chipmunk2d body, driven by
 * velocity control along the same profile and stepped at a fixed `dt`
 * only while some vehicle of the run moves (one kernel event per step; no
 * events while all stand still). A segment query ahead of each vehicle
 * slows and stops it behind another (a near-miss is counted when the gap
 * falls below `near_miss` metres); contacts between vehicles are counted as
 * collisions. Both modes give the same trip time without traffic, to within
 * one step.
 *
 * Battery. Consumption per metre driven and per hour (all the time except
 * while charging); when the level falls below `threshold` x capacity after a
 * task, or while the vehicle is idle (at the moment its idle draw reaches
 * the threshold), the vehicle drives to the nearest charging node with a
 * free slot (or waits for one) and charges at `charge_kw` until full.
 *
 * Robots. A robot tends one or more stations: before processing it loads
 * the unit into the machine, after processing it unloads it, first come
 * first served over all the stations it tends, moving between them in
 * `move` when the next task is at another station. While a server waits for
 * the robot or is being loaded or unloaded, its ledger state is `blocked`.
 * A robot has its own failures (MTBF / MTTR, calendar clock; or failure
 * modes and maintenance, mdl_maint.h, with clocks calendar, operating =
 * moving or loading, cycles = loads and unloads done; a failure or a
 * maintenance pre-empts its task, which resumes after it) and power per
 * state. A robot's repairs start at once (no crews).
 * (A robot cell that processes by itself is a station of kind
 * MDL_STATION_ROBOT with its own cycle time; it needs nothing from here.)
 *
 * Determinism. Every random draw of a fleet, robot or conveyor comes from
 * its own streams, named after its id; ties (two vehicles equally near) go
 * to the lower index. Same seed => identical results.
 */
#ifndef MDL_TRANSPORT_H
#define MDL_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "sim_dist.h"

/* ---- path network ------------------------------------------------------- */

/// What a node is for.
typedef enum mdl_node_kind {
    MDL_NODE_POINT = 0,   ///< a waypoint or a station's pick-up / drop-off point
    MDL_NODE_PARKING,     ///< idle vehicles park here (at most `capacity`)
    MDL_NODE_CHARGING,    ///< `slots` chargers
    MDL_NODE_KIND_COUNT
} mdl_node_kind;

const char *mdl_node_kind_name(mdl_node_kind k); ///< "point", "parking", "charging"

/// A node of the path network.
typedef struct mdl_node_spec {
    const char *id;        ///< unique name
    double x, y;           ///< position, metres
    mdl_node_kind kind;
    int capacity;          ///< vehicles on the node at once, >= 1 (default 1)
    int slots;             ///< charging node: chargers (default 1, <= capacity)
    int source_line;
} mdl_node_spec;

/// mdl_node_spec_default, mdl_model_add_node, mdl_model_node_count,
/// mdl_model_find_node, mdl_model_node (MDL_ENTITY_API, mdl_model.h).
MDL_ENTITY_API(node);

/// An edge between two nodes (straight line).
typedef struct mdl_edge_spec {
    int from, to;          ///< node indices
    bool two_way;          ///< default true
    double speed_limit;    ///< m/s; <= 0 = none (default)
    int capacity;          ///< vehicles on the edge at once (default 1)
    int source_line;
} mdl_edge_spec;

void mdl_edge_spec_default(mdl_edge_spec *s);
int mdl_model_add_edge(mdl_model *m, const mdl_edge_spec *spec);
int mdl_model_edge_count(const mdl_model *m);
const mdl_edge_spec *mdl_model_edge(const mdl_model *m, int edge);
double mdl_model_edge_length(const mdl_model *m, int edge);

/// Attaches a station to a node (its pick-up and drop-off point) with an
/// out-point of `out_capacity` units (>= 1).
bool mdl_model_set_station_node(mdl_model *m, int station, int node, int out_capacity);
/// The station's node, or -1.
int mdl_model_station_node(const mdl_model *m, int station);

/// The floor (for the layout check): a rectangle [x0, x1] x [y0, y1].
bool mdl_model_set_floor(mdl_model *m, double x0, double y0, double x1, double y1);

/* ---- fleets --------------------------------------------------------------- */

typedef enum mdl_motion {
    MDL_MOTION_KINEMATIC = 0, ///< exact event-driven travel times
    MDL_MOTION_PHYSICS,       ///< chipmunk2d bodies at a fixed time step
    MDL_MOTION_COUNT
} mdl_motion;

typedef enum mdl_fleet_dispatch {
    MDL_FLEET_NEAREST = 0,  ///< a request takes the nearest idle vehicle; a freed vehicle the nearest request
    MDL_FLEET_FCFS,         ///< requests in order of arrival; the longest-idle vehicle
    MDL_FLEET_STARVATION,   ///< a freed vehicle serves the request whose destination has the fewest units
    MDL_FLEET_DISPATCH_COUNT
} mdl_fleet_dispatch;

typedef enum mdl_fleet_idle {
    MDL_IDLE_PARK = 0,      ///< drive to the nearest parking node with room
    MDL_IDLE_STAY,          ///< stay where the last task ended
    MDL_IDLE_COUNT
} mdl_fleet_idle;

const char *mdl_motion_name(mdl_motion k);            ///< "kinematic", "physics"
const char *mdl_fleet_dispatch_name(mdl_fleet_dispatch k); ///< "nearest", "fcfs", "starvation"
const char *mdl_fleet_idle_name(mdl_fleet_idle k);    ///< "park", "stay"

/// Battery of every vehicle of a fleet.
typedef struct mdl_battery_spec {
    bool enabled;
    double capacity_kwh;   ///< > 0
    double threshold;      ///< share of capacity below which it goes charging, [0, 1)
    double charge_kw;      ///< > 0
    double initial;        ///< share of capacity at time 0 (default 1)
} mdl_battery_spec;

/// How a fleet's vehicles reserve the path network (docs/material-handling.md,
/// "Zone control" and "Deadlock avoidance"). AVOID (the default): a two-way
/// corridor (a chain of two-way edges through capacity-1 point nodes with
/// two neighbours) is taken as a whole in one direction, together with a
/// place at its exit, before a vehicle enters it; chargers are left free;
/// deadlocks that still form are detected and resolved. DETECT: zones as far
/// ahead as they are free, deadlocks detected and resolved (the old
/// default). LANES: the old name of AVOID.
typedef enum mdl_fleet_traffic { MDL_TRAFFIC_DETECT = 0, MDL_TRAFFIC_LANES, MDL_TRAFFIC_AVOID } mdl_fleet_traffic;

typedef struct mdl_fleet_spec {
    const char *id;
    int count;             ///< vehicles, >= 1
    double speed;          ///< top speed, m/s (default 1)
    double accel;          ///< m/s^2; <= 0 = instant (default 0.5)
    int capacity;          ///< units per trip, 1..64 (default 1)
    sim_dist load;         ///< per unit (default const 0)
    sim_dist unload;       ///< per unit (default const 0)
    mdl_motion mode;
    mdl_fleet_dispatch dispatch;
    mdl_fleet_idle idle;
    double per_m_kwh;      ///< energy per metre driven
    double idle_kw;        ///< draw while not charging
    mdl_battery_spec battery;
    double length, width;  ///< body size, m (default 1.0 x 0.7)
    double dt;             ///< physics step, s (default 0.05)
    double near_miss;      ///< physics: gap counted as a near-miss, m (default 0.3)
    double deadlock_timeout; ///< s before a forced pass (default 60)
    mdl_fleet_traffic traffic; ///< MDL_TRAFFIC_AVOID (default) or MDL_TRAFFIC_DETECT
    bool surplus_drive;    ///< with avoidance, vehicles beyond what the layout holds (the layout check's
                           ///< fleet-size warning) drive too; false (default): kept out of the traffic
    int home;              ///< start node (-1: parking nodes in turn, else any node)
    int operators;         ///< people per vehicle (a manual cart: 1), >= 0 (default 0); labor cost,
                           ///< over the hours the line's calendar is on
    const struct mdl_maint_spec *maint; ///< failure modes and maintenance of each vehicle (mdl_maint.h;
                                        ///< copied); NULL: none. Each vehicle has its own clocks.
    int calendar;          ///< shift calendar index; -1 (default): always on. Off shift a vehicle ends the
                           ///< task in hand, parks (idle policy) and takes no task: MDL_V_OFF
    int source_line;
} mdl_fleet_spec;

/// mdl_fleet_spec_default, mdl_model_add_fleet, mdl_model_fleet_count,
/// mdl_model_find_fleet, mdl_model_fleet (MDL_ENTITY_API, mdl_model.h).
MDL_ENTITY_API(fleet);
/// Vehicle i of a fleet among the vehicles of all fleets in fleet order
/// (the index of mdl_rep_vehicle_kpi); -1 when out of range.
int mdl_model_vehicle_index(const mdl_model *m, int fleet, int i);
/// The vehicles of a fleet the run puts on the path network: its count,
/// or with `traffic = "avoid"` and surplus held (the default) no more than
/// its layout holds (the layout check's fleet-size warning); the others
/// stand switched off, out of the traffic, all run. -1 when out of range
/// or out of memory.
int mdl_model_fleet_in_traffic(const mdl_model *m, int fleet);

/* ---- robots ---------------------------------------------------------------- */

/// Robot ledger states.
typedef enum mdl_robot_state {
    MDL_ROBOT_BUSY = 0,   ///< loading or unloading a machine
    MDL_ROBOT_MOVING,     ///< moving between the stations it tends
    MDL_ROBOT_IDLE,
    MDL_ROBOT_DOWN,
    MDL_ROBOT_MAINT,      ///< planned maintenance (failure modes and maintenance, mdl_maint.h)
    MDL_ROBOT_OFF,        ///< off shift (its calendar): ended the task in hand, starts none
    MDL_ROBOT_STATE_COUNT
} mdl_robot_state;

const char *mdl_robot_state_name(mdl_robot_state s); ///< "busy", "moving", "idle", "down", "maintenance", "off"

typedef struct mdl_robot_spec {
    const char *id;
    const int *tends;      ///< station indices
    int ntends;            ///< >= 1; a station is tended by at most one robot
    sim_dist load;         ///< load a machine (default const 0)
    sim_dist unload;       ///< unload a machine (default const 0)
    sim_dist move;         ///< move to another tended station (default const 0)
    bool has_failures;
    sim_dist mtbf, mttr;
    const struct mdl_maint_spec *maint; ///< failure modes and maintenance (mdl_maint.h; copied); NULL: mtbf/mttr
    double power[MDL_ROBOT_STATE_COUNT]; ///< kW
    int calendar;          ///< shift calendar index; -1 (default): always on
    int source_line;
} mdl_robot_spec;

/// mdl_robot_spec_default, mdl_model_add_robot, mdl_model_robot_count,
/// mdl_model_find_robot, mdl_model_robot (MDL_ENTITY_API, mdl_model.h).
MDL_ENTITY_API(robot);

/* ---- conveyors -------------------------------------------------------------- */

/// The most units a belt can hold (length / spacing): longer belts are refused.
#define MDL_CONVEYOR_MAX_PLACES 1000000

typedef struct mdl_conveyor_spec {
    const char *id;
    double length;         ///< m, > 0
    double speed;          ///< m/s, > 0
    double spacing;        ///< minimum gap between unit fronts, m, > 0; a unit enters while fewer than length / spacing are on it
                           ///< (capacity = ceil(length / spacing), at most MDL_CONVEYOR_MAX_PLACES)
    bool accumulating;     ///< default true
    double power_kw;       ///< while the belt runs
    double x0, y0, x1, y1; ///< drawn from (x0, y0) to (x1, y1) (all 0: the viewer decides)
    int source_line;
} mdl_conveyor_spec;

/// mdl_conveyor_spec_default, mdl_model_add_conveyor, mdl_model_conveyor_count,
/// mdl_model_find_conveyor, mdl_model_conveyor (MDL_ENTITY_API, mdl_model.h).
MDL_ENTITY_API(conveyor);

/* ---- route steps ------------------------------------------------------------ */

typedef enum mdl_transport_kind {
    MDL_TRANSPORT_DIRECT = 0, ///< straight into the next buffer (default)
    MDL_TRANSPORT_FLEET,      ///< by a vehicle of fleet `which`
    MDL_TRANSPORT_CONVEYOR,   ///< on conveyor `which`
    MDL_TRANSPORT_ASRS        ///< stored in and retrieved from AS/RS `which` (mdl_asrs.h)
} mdl_transport_kind;

/// How units of `product` leave `station` for the next step of their route
/// (every step of the route at that station). Fleet transport needs both
/// stations attached to nodes; the last step (to the sink) is always direct.
bool mdl_model_set_transport(mdl_model *m, int product, int station,
                             mdl_transport_kind kind, int which);
mdl_transport_kind mdl_model_transport(const mdl_model *m, int product, int station, int *which);
/// True when the model has any fleet, robot or conveyor.
bool mdl_model_has_transport(const mdl_model *m);

/* ---- layout check ------------------------------------------------------------ */

/// Called once per layout problem: the scene line of the object concerned
/// (0 = unknown), the subject ("station 'cnc'", "edge n1-n2") and a message.
typedef void mdl_layout_fn(void *ctx, int source_line, const char *subject, const char *message);
/// Checks the layout with chipmunk2d shape queries: overlapping station
/// footprints, edges crossing a footprint (other than of the stations
/// attached to its end nodes), nodes outside the floor, stations that
/// their fleets cannot reach, belt loops that their feeders can fill to a
/// lock (mdl_conveyor_net.h). Returns the number of problems reported.
int mdl_model_layout_check(const mdl_model *m, mdl_layout_fn *fn, void *ctx);

/* ---- the physics backend's start-up banner ----------------------------------- */

/// Creates and frees one chipmunk space. Debian's chipmunk is a debug build
/// that prints a banner ("Initializing cpSpace - Chipmunk v7.0.3 (Debug
/// Enabled)") with printf on stdout when the first space of a process is
/// made; this function makes that happen now, at a moment the program
/// chooses, instead of in the middle of its output at the first physics
/// run or layout check. The library never redirects the process's output:
/// a program whose stdout must carry only its own output (`linetwin run
/// --json`) calls this once at start-up, before it starts threads, with
/// stdout pointed elsewhere (app/main.c does). Prints nothing with a
/// release build of chipmunk; later calls print nothing either.
void mdl_physics_warm_up(void);

/* ---- KPIs ------------------------------------------------------------------- */

/// Vehicle ledger states (shares add up to 1).
typedef enum mdl_vstate {
    MDL_V_LOADED = 0,   ///< travelling loaded
    MDL_V_EMPTY,        ///< travelling empty (to a pick-up, to park, to charge)
    MDL_V_HANDLING,     ///< loading or unloading
    MDL_V_TRAFFIC,      ///< waiting for a zone
    MDL_V_BLOCKED,      ///< loaded, waiting for room at the destination
    MDL_V_CHARGING,     ///< charging or waiting for a charger
    MDL_V_IDLE,
    MDL_V_DOWN,         ///< broken down (failure modes, mdl_maint.h): from the failure to the end of the repair
    MDL_V_MAINT,        ///< planned maintenance (failure modes and maintenance)
    MDL_V_OFF,          ///< off shift (the fleet's calendar): parked or standing, takes no task
    MDL_V_STATE_COUNT
} mdl_vstate;

const char *mdl_vstate_name(mdl_vstate s); ///< "loaded", "empty", "handling", ...

/// Fleet KPIs over the window (shares averaged over the fleet's vehicles).
typedef enum mdl_fkpi {
    MDL_FKPI_UTILIZATION = 0,   ///< loaded + empty travel + handling share
    MDL_FKPI_LOADED,            ///< the seven state shares
    MDL_FKPI_EMPTY,
    MDL_FKPI_HANDLING,
    MDL_FKPI_TRAFFIC,
    MDL_FKPI_BLOCKED,
    MDL_FKPI_CHARGING,
    MDL_FKPI_IDLE,
    MDL_FKPI_TRIPS,             ///< loaded trips completed
    MDL_FKPI_UNITS,             ///< units delivered
    MDL_FKPI_DISTANCE_M,        ///< metres driven
    MDL_FKPI_ENERGY_KWH,        ///< energy used (driving + idle draw)
    MDL_FKPI_REQUEST_WAIT_S,    ///< mean time from ready (room reserved) to loading start
    MDL_FKPI_REQUEST_WAIT_P95_S,
    MDL_FKPI_COLLISIONS,        ///< physics: vehicle-vehicle contacts begun
    MDL_FKPI_NEAR_MISSES,       ///< physics: gaps below near_miss
    MDL_FKPI_DEADLOCKS,         ///< deadlocks detected, one per episode (see Deadlock above)
    MDL_FKPI_DEADLOCK_FORCED,   ///< resolved by a forced pass
    MDL_FKPI_CHARGES,           ///< charging sessions begun
    MDL_FKPI_BATTERY_MIN,       ///< lowest battery share seen (NaN without battery)
    MDL_FKPI_TRAFFIC_STRETCH,   ///< part of traffic: waiting for a zone of the route (a stretch)
    MDL_FKPI_TRAFFIC_PASSING,   ///< part of traffic: waiting at a passing place for a corridor
    MDL_FKPI_SAFETY_EVENTS,     ///< forced passes and, in physics, contacts with a standing vehicle
    /* failure modes and maintenance of the vehicles (mdl_maint.h; written
     * to JSON only for a fleet that has them) */
    MDL_FKPI_DOWN,              ///< down share (unplanned)
    MDL_FKPI_MAINT,             ///< planned maintenance share
    MDL_FKPI_FAILURES,          ///< failures
    MDL_FKPI_MTBF_H,            ///< observed: operating (driving + handling) hours / failures (0: none)
    MDL_FKPI_MTTR_H,            ///< observed: down hours / failures (0: none)
    MDL_FKPI_RESPONSE_S,        ///< mean wait for a technician of the repairs that had one (0: none)
    MDL_FKPI_PM,                ///< preventive maintenances begun
    MDL_FKPI_PDM,               ///< planned replacements called by the predictor
    MDL_FKPI_CBM,               ///< planned replacements called by a condition sensor
    MDL_FKPI_MAINT_COST,        ///< repair and maintenance cost of the failure modes
    MDL_FKPI_OFF_SHIFT,         ///< off-shift share of the time (the other shares are of the shift hours;
                                ///< written to JSON only for a fleet with a calendar)
    MDL_FKPI_STALLED,           ///< 1 when at the end (of the replication, or now) a vehicle has held one
                                ///< transport task longer than mdl_stall_limit (the traffic stalled: the
                                ///< line stops with no deadlock counted), else 0; fleet only (NaN for a
                                ///< vehicle); its mean over replications is the share that stalled
    MDL_FKPI_COUNT
} mdl_fkpi;

typedef enum mdl_rkpi {
    MDL_RKPI_UTILIZATION = 0,   ///< busy + moving share
    MDL_RKPI_BUSY,
    MDL_RKPI_MOVING,
    MDL_RKPI_IDLE,
    MDL_RKPI_DOWN,
    MDL_RKPI_TASKS,             ///< loads + unloads completed
    MDL_RKPI_WAIT_S,            ///< mean time a request waited for the robot to start it
    MDL_RKPI_ENERGY_KWH,
    MDL_RKPI_FAILURES,
    MDL_RKPI_MAINT,             ///< planned maintenance share (the down share is unplanned)
    MDL_RKPI_MTBF_H,            ///< observed: operating (busy + moving) hours / failures (0: none)
    MDL_RKPI_MTTR_H,            ///< observed: down hours / failures (0: none)
    MDL_RKPI_PM,                ///< preventive maintenances begun
    MDL_RKPI_PDM,               ///< planned replacements called by the predictor
    MDL_RKPI_CBM,               ///< planned replacements called by a condition sensor
    MDL_RKPI_MAINT_COST,        ///< repair and maintenance cost of the failure modes
    MDL_RKPI_RESPONSE_S,        ///< mean wait for a technician of the repairs that had one (0: none;
                                ///< written to JSON only for a robot with failure modes)
    MDL_RKPI_OFF_SHIFT,         ///< off-shift share of the time (the other shares are of the shift hours;
                                ///< written to JSON only for a robot with a calendar)
    MDL_RKPI_COUNT
} mdl_rkpi;

typedef enum mdl_ckpi {
    MDL_CKPI_OCCUPANCY = 0,     ///< time-average units on the belt
    MDL_CKPI_STOPPED,           ///< share of time the end is blocked (non-accumulating: the belt stands)
    MDL_CKPI_UNITS,             ///< units delivered at the end
    MDL_CKPI_TRANSIT_S,         ///< mean time entry -> delivered
    MDL_CKPI_ENERGY_KWH,
    MDL_CKPI_COUNT
} mdl_ckpi;

/// Keys and labels: mdl_kpis_name / mdl_kpis_label (mdl_kpis.h), sets
/// MDL_KPIS_FLEET, MDL_KPIS_ROBOT and MDL_KPIS_CONVEYOR.

/// A fleet's, robot's or conveyor's KPI in one replication's result (NaN
/// when out of range).
double mdl_rep_fleet_kpi(const mdl_rep_result *r, int fleet, mdl_fkpi k);
/// One vehicle's own KPIs: `vehicle` counts the vehicles of all fleets in
/// fleet order (mdl_model_vehicle_index). The shares, trips, units,
/// distance, energy, charges, collisions, near-misses and battery minimum
/// are the vehicle's (a contact of two vehicles is a collision of each; the
/// fleet counts it once); the request waits and deadlocks belong to the
/// fleet only and are NaN here.
double mdl_rep_vehicle_kpi(const mdl_rep_result *r, int vehicle, mdl_fkpi k);
double mdl_rep_robot_kpi(const mdl_rep_result *r, int robot, mdl_rkpi k);
double mdl_rep_conveyor_kpi(const mdl_rep_result *r, int conveyor, mdl_ckpi k);

/* ---- viewer accessors ------------------------------------------------------- */

/// A vehicle as the viewer sees it.
typedef struct mdl_vehicle_view {
    double x, y;           ///< position now (interpolated / body position)
    double heading;        ///< radians
    double speed;          ///< m/s
    bool loaded;
    int units;             ///< units on board
    mdl_vstate state;
    double battery;        ///< share of capacity (1 without battery)
    int node;              ///< node it stands on, or -1 while driving
    bool held;             ///< kept out of the traffic all run (a fleet larger than its layout
                           ///< holds, surplus = "hold"): switched off, on no node; the viewer
                           ///< does not draw it (x, y: where the fleet's first vehicle started)
    double task_s;         ///< how long it has held the transport task in hand (a pick-up and its
                           ///< drop; as mdl_run_fleet_task_age), s; 0: none
} mdl_vehicle_view;

int mdl_run_vehicle_count(const mdl_run *r, int fleet);
bool mdl_run_vehicle(const mdl_run *r, int fleet, int vehicle, mdl_vehicle_view *v);
/// The k-th unit still on a vehicle (0 = the next to unload); false when
/// the vehicle carries fewer than k + 1 units.
bool mdl_run_vehicle_unit(const mdl_run *r, int fleet, int vehicle, int k, mdl_unit_view *u);
/// The longest any vehicle of fleet `fleet` now in the traffic (not held,
/// not stopped for a repair or maintenance) has held the transport task in
/// hand, a pick-up and its drop, in simulated seconds: a few minutes where
/// the traffic flows, the time since it stopped where vehicles go back and
/// forth without arriving and no deadlock is counted (check's trial warns,
/// mdl_trial.h). 0 when none has a task.
double mdl_run_fleet_task_age(const mdl_run *r, int fleet);

/// Trainer action: scales fleet `fleet`'s top speed and acceleration by
/// `factor` (in (0, 10]; 1 = as built) from now on. A vehicle takes the
/// new factor at the start of its next stretch (the next leg it reserves);
/// one driving keeps its current profile to the end of the stretch. Routes
/// and dispatching keep the free-flow times of the built speed; edge speed
/// limits still cap the scaled speed. Deterministic: the same calls at the
/// same simulated times give the same results. False (and nothing changes)
/// when the run has no such fleet or factor is out of range.
bool mdl_run_set_fleet_speed(mdl_run *r, int fleet, double factor);
/// The fleet's current speed factor (1 until set), NaN when there is no such fleet.
double mdl_run_fleet_speed(const mdl_run *r, int fleet);

typedef struct mdl_robot_view {
    mdl_robot_state state;
    int at_station;        ///< station it is at (or moving to)
    int target_station;    ///< station of its current task, -1 when idle
    double progress;       ///< share of the current task done
    size_t queue;          ///< requests waiting
} mdl_robot_view;

bool mdl_run_robot(const mdl_run *r, int robot, mdl_robot_view *v);

/// Units on a conveyor now, and the i-th from the end (0 = the front):
/// its distance from the entry (metres) and, when the conveyor has a
/// drawn geometry, its point.
size_t mdl_run_conveyor_len(const mdl_run *r, int conveyor);
bool mdl_run_conveyor_unit(const mdl_run *r, int conveyor, size_t i, double *s,
                           double *x, double *y, mdl_unit_view *u);
bool mdl_run_conveyor_stopped(const mdl_run *r, int conveyor);
/// Units waiting on a station's out-point for a vehicle.
size_t mdl_run_outpoint_len(const mdl_run *r, int station);
/// The k-th unit waiting on a station's out-point (0 = the first; fleet by
/// fleet, each in order of arrival) that no vehicle is loading yet (those
/// are the vehicle's units: mdl_run_vehicle_unit); false when fewer wait
/// (mdl_held_view.c).
bool mdl_run_outpoint_unit(const mdl_run *r, int station, size_t k, mdl_unit_view *u);

#endif
