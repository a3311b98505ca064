/*
 * mdl_model.h - the plant description: products, routes, stations, release,
 * shift calendars, costs and run settings.
 *
 * A mdl_model is an immutable-once-built description of a line. It is built
 * through this API (the scene loader calls it; tests and programs may too),
 * then any number of runs (mdl_run.h) are instantiated from it, on as many
 * threads as wanted: a run never writes to its model.
 *
 * Ownership. mdl_model_new allocates; mdl_model_free frees the model and
 * everything it holds. Every string and table passed in is copied into the
 * model's arena, so callers may free theirs right after the call.
 *
 * Errors. Bad input (a negative time, a probability outside [0, 1], a route
 * naming no station, zero servers...) is refused: the adding function
 * returns -1 (or false) and mdl_model_error() holds a message that names the
 * object and the field, e.g. "station 'cnc': servers: must be >= 1, got 0".
 * Nothing aborts on bad input. Entities are referred to by their index, in
 * the order they were added.
 *
 * Time is in seconds. Time 0 of a run is the model's `start` offset into
 * the week (0 = Monday 00:00).
 */
#ifndef MDL_MODEL_H
#define MDL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_dist.h"

typedef struct mdl_model mdl_model;

/// The functions of a kind of entity T that is added from a spec struct
/// mdl_T_spec with an `id` (path nodes, fleets, robots and conveyors in
/// mdl_transport.h, the AS/RS in mdl_asrs.h, docks in mdl_dock.h).
/// `MDL_ENTITY_API(T);` declares
///   void mdl_T_spec_default(mdl_T_spec *s);   fills *s with the documented defaults
///   int mdl_model_add_T(mdl_model *m, const mdl_T_spec *spec);
///                     the new entity's index (0, 1, ... in the order added),
///                     or -1: refused, mdl_model_error names the field
///   int mdl_model_T_count(const mdl_model *m);
///   int mdl_model_find_T(const mdl_model *m, const char *id);  its index, -1: none
///   const mdl_T_spec *mdl_model_T(const mdl_model *m, int index);
///                     what the model keeps (strings and tables copied into
///                     it), NULL when out of range
/// Every use names the five functions in a comment, so that a search finds them.
#define MDL_ENTITY_API(T)                                            \
    void mdl_##T##_spec_default(mdl_##T##_spec *s);                  \
    int mdl_model_add_##T(mdl_model *m, const mdl_##T##_spec *spec); \
    int mdl_model_##T##_count(const mdl_model *m);                   \
    int mdl_model_find_##T(const mdl_model *m, const char *id);      \
    const mdl_##T##_spec *mdl_model_##T(const mdl_model *m, int index)

/// The states of the time ledger every server keeps (plus standby, an
/// idle server's low-power sub-state that is reported inside `idle`, and
/// waiting for an operator, a state of its own).
typedef enum mdl_state {
    MDL_STATE_BUSY = 0,
    MDL_STATE_SETUP,
    MDL_STATE_IDLE,
    MDL_STATE_BLOCKED,
    MDL_STATE_DOWN,
    MDL_STATE_OFF,
    MDL_STATE_STANDBY,
    MDL_STATE_WAIT_OPERATOR, ///< needs people (mdl_people.h) and has none yet; draws `idle` power
    MDL_STATE_MAINT,   ///< planned maintenance (planned downtime; mdl_maint.h)
    MDL_STATE_COUNT
} mdl_state;

/// Ledger state names as in the JSON contract ("busy", "setup", ...).
const char *mdl_state_name(mdl_state s);

/// Kinds of station.
typedef enum mdl_station_kind {
    MDL_STATION_MACHINE = 0, ///< processes units (also manual stations)
    MDL_STATION_INSPECTION,  ///< decides pass / reject on defective units
    MDL_STATION_ASSEMBLY,    ///< joins the components of a bill of materials (mdl_model_add_bom_line);
                             ///< without one, processes like a machine
    MDL_STATION_ROBOT,       ///< a robot cell (pick-and-place, welding)
    MDL_STATION_KIND_COUNT
} mdl_station_kind;

/// Kind names as written in scenes ("machine", "inspection", ...).
const char *mdl_station_kind_name(mdl_station_kind k);

/// What a failure clock counts.
typedef enum mdl_failure_clock {
    MDL_FAIL_CALENDAR = 0,  ///< time to failure runs in simulated time
    MDL_FAIL_OPERATING      ///< time to failure runs only while busy or in setup
} mdl_failure_clock;

/// Order in which a station takes units from its input buffer. Among units
/// with equal keys the one that has waited longest goes first (FIFO).
typedef enum mdl_dispatch {
    MDL_DISPATCH_FIFO = 0, ///< first in, first out
    MDL_DISPATCH_EDD,      ///< earliest due date first (FIFO among equals)
    MDL_DISPATCH_SPT,      ///< shortest mean cycle time here first
    MDL_DISPATCH_PRIORITY, ///< highest product priority first
    MDL_DISPATCH_CR,       ///< smallest critical ratio (time to due / mean work left) first
    MDL_DISPATCH_SLACK,    ///< smallest slack (time to due - mean work left) first
    MDL_DISPATCH_ATC,      ///< largest apparent tardiness cost index first (K = 2)
    MDL_DISPATCH_SETUP,    ///< the product the server made last first (no setup), then FIFO
    MDL_DISPATCH_COUNT
} mdl_dispatch;

const char *mdl_dispatch_name(mdl_dispatch d);

/// What an inspection station does with a rejected unit.
typedef enum mdl_reject {
    MDL_REJECT_SCRAP = 0, ///< the unit is scrapped
    MDL_REJECT_REWORK     ///< the unit goes back to `rework_to` (defect removed there)
} mdl_reject;

/// A station, as given to mdl_model_add_station. Zero-initialise, then set
/// what applies (mdl_station_spec_default gives the documented defaults).
typedef struct mdl_station_spec {
    const char *id;            ///< unique name, used in routes and output
    mdl_station_kind kind;
    int servers;               ///< identical parallel servers, >= 1 (default 1)
    long buffer;               ///< input buffer capacity; < 0 = unlimited (default)
    bool has_cycle;            ///< default cycle time for products without an override
    sim_dist cycle;
    bool has_setup;            ///< setup when the product changes (default law)
    sim_dist setup;
    bool has_failures;         ///< breakdowns
    sim_dist mtbf;             ///< time to failure
    sim_dist mttr;             ///< time to repair
    mdl_failure_clock failure_clock;
    const struct mdl_maint_spec *maint; ///< failure modes and maintenance (mdl_maint.h); NULL: mtbf/mttr only
    double scrap;              ///< share of units scrapped here, [0, 1]
    double defect;             ///< share of units made (latently) defective here
    double detect;             ///< inspection: P(reject | defective)
    double false_reject;       ///< inspection: P(reject | good)
    mdl_reject reject;         ///< inspection: what happens to a rejected unit
    const char *rework_to;     ///< inspection with MDL_REJECT_REWORK: station id
    int max_rework;            ///< inspection with rework: a unit already sent back this often is scrapped
                               ///< at its next reject (0 .. MDL_MAX_REWORK, default 3)
    int operators;             ///< people at this station (labor cost), >= 0
    double power[MDL_STATE_COUNT]; ///< kW per server in each state
    double standby_after;      ///< idle this long (s) => standby power; < 0 = never (default)
    mdl_dispatch dispatch;
    int calendar;              ///< shift calendar index; -1 = the line's (default)
    double x, y;               ///< layout: centre of the footprint, metres
    double w, h;               ///< layout: footprint size, metres (default 3 x 2)
    bool unplaced;             ///< layout: not placed on the floor (a scene's station without `at`): x, y are
                               ///< the default [0, 0] and the layout check sees no footprint (default false)
    int source_line;           ///< line in the scene file, for messages (0 = none)
    long component_buffer;     ///< assembly: capacity of each component's own buffer; < 0 = unlimited (default)
    int batch;                 ///< process batching (mdl_batching.c): up to this many units per operation
                               ///< (2 .. MDL_MAX_BATCH); 0 or 1 = one unit (default)
    double batch_timeout;      ///< batching: start a smaller batch once the first unit waited this long
                               ///< (s); <= 0 = never, only full batches (default)
} mdl_station_spec;

/// The largest process batch (mdl_station_spec.batch).
#define MDL_MAX_BATCH 10000

/// The most rework passes an inspection may allow a unit (max_rework).
#define MDL_MAX_REWORK 100

/// Fills *s with the defaults: 1 server, unlimited buffer, no failures,
/// power 0, standby never, FIFO, the line's calendar, 3 m x 2 m footprint.
void mdl_station_spec_default(mdl_station_spec *s);

/// Costs used for cost per unit and payback.
typedef struct mdl_costs {
    double energy_per_kwh;     ///< currency per kWh
    double labor_per_hour;     ///< currency per operator-hour on shift
    double material_per_unit;  ///< currency per unit released (consumed material)
    double scrap_per_unit;     ///< extra cost per scrapped unit (disposal)
    double overhead_per_hour;  ///< fixed cost per hour of the window
    double repair_per_hour;    ///< maintenance cost per hour a server is down
    char currency[16];         ///< how money is named in reports ("EUR"); "" when the scene names none
} mdl_costs;

/// Retrofit targets for compare (relative changes, e.g. +0.30 = +30 %).
typedef struct mdl_targets {
    double productivity;       ///< throughput change, default +0.30
    double cost_per_unit;      ///< operating cost per unit change, default -0.30
    double defect_rate;        ///< defect rate change, default -0.20
    double units_per_kwh;      ///< good units per kWh change, default +0.20
} mdl_targets;

/// Run settings (the scene's `run` group).
typedef struct mdl_run_settings {
    double horizon;            ///< end of the run, s (default 5 d)
    double warmup;             ///< statistics start here, s (default 0)
    int replications;          ///< default 10
    uint64_t seed;             ///< master seed, default 1
    double start;              ///< time 0 as an offset into the week, s (default 0 = Mon 00:00)
} mdl_run_settings;

/// The calendar date of the Monday of time 0's week (run.start_date), in
/// seconds since 1970-01-01 00:00 UTC; only the event log's timestamps
/// use it. Default 2026-01-05 (MDL_DEFAULT_START_EPOCH); refused unless a
/// Monday at midnight from 1970 to 9999.
#define MDL_DEFAULT_START_EPOCH 1767571200.0
bool mdl_model_set_start_epoch(mdl_model *m, double epoch);
double mdl_model_start_epoch(const mdl_model *m);

/// Creates an empty model (the defaults above); NULL when out of memory.
mdl_model *mdl_model_new(void);
/// Frees the model and all it holds; NULL is a no-op. No run may outlive it.
void mdl_model_free(mdl_model *m);
/// The message of the last refused call ("" if none).
const char *mdl_model_error(const mdl_model *m);
/// How many problems the last refused call found (0 if none): calls that
/// check every value of an object (an AS/RS, a conveyor) name them all;
/// mdl_model_error_at(m, 0) is mdl_model_error, then the others in order.
int mdl_model_error_count(const mdl_model *m);
const char *mdl_model_error_at(const mdl_model *m, int i);

/// Sets the line's display name (copied).
bool mdl_model_set_name(mdl_model *m, const char *name);
const char *mdl_model_name(const mdl_model *m);

/// Adds a station; returns its index or -1 (see mdl_model_error).
int mdl_model_add_station(mdl_model *m, const mdl_station_spec *spec);
/// Adds a product with its route of station ids (all stations added
/// before); returns its index or -1. priority is used by MDL_DISPATCH_PRIORITY.
int mdl_model_add_product(mdl_model *m, const char *id, const char *const *route,
                          int nsteps, int priority);
/// Product-specific cycle time at a station (overrides the station's default).
bool mdl_model_set_cycle(mdl_model *m, int product, int station, sim_dist cycle);
/// Setup time at a station when changing from product `from` to `to`
/// (-1 = any); the most specific rule wins, then the station's default.
bool mdl_model_set_setup(mdl_model *m, int station, int from, int to, sim_dist setup);
/* Bills of materials (mdl_assembly.c, docs/scene-format.md "Assembly").
 * A product with a BOM is made at the assembly station its route starts
 * at, from `quantity` units of each component, whose routes end there. */
/// Adds a BOM line: one `product` takes `quantity` (1 .. MDL_MAX_BOM_QTY)
/// units of `component`; false with a message (a line given twice).
bool mdl_model_add_bom_line(mdl_model *m, int product, int component, int quantity);
#define MDL_MAX_BOM_QTY 10000
/// Number of BOM lines of a product (0: not assembled), and line i.
int mdl_model_bom_count(const mdl_model *m, int product);
bool mdl_model_bom_line(const mdl_model *m, int product, int line, int *component, int *quantity);
/// Checks the BOM of one product against the rest of the model: its route
/// starts at an assembly station that makes only it, every component's
/// route ends there and something feeds it, no cycle through BOMs, the
/// product is not released itself, no other product visits the station.
/// False with a message (mdl_model_error); mdl_model_validate calls it.
bool mdl_model_check_bom(mdl_model *m, int product);
/* Disassembly and lot splitting (mdl_disassembly.c, docs/scene-format.md
 * "Disassembly and lot splitting"). A product with parts is taken apart at
 * the station its route ends at into `quantity` units of each part, whose
 * routes start there and go on. */
/// Adds a part line: one `product` gives `quantity` (1 .. MDL_MAX_BOM_QTY)
/// units of `part`; false with a message (a line given twice).
bool mdl_model_add_part_line(mdl_model *m, int product, int part, int quantity);
/// Number of part lines of a product (0: not taken apart), and line i.
int mdl_model_parts_count(const mdl_model *m, int product);
bool mdl_model_part_line(const mdl_model *m, int product, int line, int *part, int *quantity);
/// Checks the parts of one product against the rest of the model: the
/// last station of its route takes only it apart and is not an inspection,
/// assembly or batching station; every part's route starts there and goes
/// on; a part is made by nothing else; no cycle through parts. False with a
/// message (mdl_model_error); mdl_model_validate calls it.
bool mdl_model_check_parts(mdl_model *m, int product);
/// The product assembled at station s (mdl_model_check_bom), the product
/// taken apart there; -1 for none.
int mdl_model_assembled_at(const mdl_model *m, int station);
int mdl_model_taken_apart_at(const mdl_model *m, int station);

/// Tables (discrete / empirical distributions) must live as long as the
/// model: copy them in with this and use the returned pointer.
const double *mdl_model_keep_table(mdl_model *m, const double *values, size_t n);

/// Push release: units of `product` arrive with the given interarrival law
/// from time `start` on; `limit` > 0 caps the number released (0 = no cap).
int mdl_model_add_push(mdl_model *m, int product, sim_dist interarrival,
                       double start, long limit);
/// CONWIP: keeps `wip` units of `product` in the line; a new one is released
/// the instant one leaves (done or scrapped).
int mdl_model_add_conwip(mdl_model *m, int product, int wip);
/// Unlimited supply: the first station of the product's route never starves
/// (one unit always waits in its buffer).
int mdl_model_add_unlimited(mdl_model *m, int product);
/// An order: `quantity` units of `product` released at `release`, due at `due`
/// (due < 0: no due date).
int mdl_model_add_order(mdl_model *m, const char *order_id, int product,
                        long quantity, double release, double due);

/// Adds an empty shift calendar (always off until shifts are added).
int mdl_model_add_calendar(mdl_model *m, const char *id);
/// Adds a shift to a calendar: on from `start` to `end`, seconds into the
/// week (0 = Monday 00:00; end may exceed a week to wrap into Monday).
bool mdl_calendar_add_shift(mdl_model *m, int calendar, const char *name,
                            double start, double end);
/// Adds a break (off) inside a calendar's shifts, seconds into the week.
bool mdl_calendar_add_break(mdl_model *m, int calendar, double start, double end);
/// The line's calendar (-1: always on, the default).
bool mdl_model_set_line_calendar(mdl_model *m, int calendar);

void mdl_model_set_costs(mdl_model *m, const mdl_costs *c);
void mdl_model_set_targets(mdl_model *m, const mdl_targets *t);
/// Investment of a retrofit: capital expense and the years to write it off.
void mdl_model_set_investment(mdl_model *m, double capex, double years);
/// Sets the run settings; false (with a message) when invalid.
bool mdl_model_set_run(mdl_model *m, const mdl_run_settings *r);
/// Checks the whole model (routes, rework targets, warm-up < horizon...);
/// false with a message for the first problem found.
bool mdl_model_validate(mdl_model *m);

/* Read-only accessors (for scenes, the viewer and the command). */
int mdl_model_station_count(const mdl_model *m);
int mdl_model_product_count(const mdl_model *m);
int mdl_model_release_count(const mdl_model *m);
int mdl_model_order_count(const mdl_model *m);
/// Order `order`'s id (NULL when out of range), and its product, quantity,
/// release and due time (due < 0: none); false when out of range.
const char *mdl_model_order_id(const mdl_model *m, int order);
bool mdl_model_order_info(const mdl_model *m, int order, int *product, long *quantity, double *release,
                          double *due);
int mdl_model_calendar_count(const mdl_model *m);
/// The line's calendar index (-1: always on).
int mdl_model_line_calendar(const mdl_model *m);
/// Id of a calendar (NULL when out of range).
const char *mdl_model_calendar_id(const mdl_model *m, int calendar);
/// Index of the station with this id, or -1.
int mdl_model_find_station(const mdl_model *m, const char *id);
int mdl_model_find_product(const mdl_model *m, const char *id);
int mdl_model_find_calendar(const mdl_model *m, const char *id);
/// The spec a station was added with (strings point into the model).
const mdl_station_spec *mdl_model_station(const mdl_model *m, int station);
const char *mdl_model_product_id(const mdl_model *m, int product);
/// Route of a product: number of steps, and the station index of step i.
int mdl_model_route_length(const mdl_model *m, int product);
int mdl_model_route_station(const mdl_model *m, int product, int step);
/// Mean cycle time of a product at a station (NaN when it has none).
double mdl_model_mean_cycle(const mdl_model *m, int product, int station);

/// The release mix: share[p] of the units released that are of product p
/// (caller's array of mdl_model_product_count entries, adding up to 1).
/// Push sources weigh by their expected units over the horizon (capped by
/// `limit`), orders by their quantity (those released before the horizon),
/// CONWIP loops by their WIP and unlimited supplies as 1; closed releases
/// (CONWIP, unlimited) next to open ones (push, orders) weigh together as
/// much as the open ones. False (shares 0) when nothing is released.
bool mdl_model_release_mix(const mdl_model *m, double *share);

/// Expected visits to each station by one unit of `product`, variant 0
/// (caller's array of mdl_model_station_count entries): as
/// mdl_model_variant_visits.
void mdl_model_expected_visits(const mdl_model *m, int product, double *visits);
/// Expected visits to each station by one unit of `variant` of `product`
/// (mdl_route_load.c): every step the variant visits (mdl_routing.h),
/// repeated steps counted, a flexible step split over its stations (a
/// branch by its probabilities, alternatives in proportion to servers /
/// mean cycle, which loads them alike), less the units scrapped before the
/// step, plus the rework loops of inspections by their expected rejects
/// (defects made on the way, detect, false_reject, max_rework). A value,
/// not a simulation. False (visits 0) for no such product or variant, or
/// out of memory.
bool mdl_model_variant_visits(const mdl_model *m, int product, long variant, double *visits);

/// Expected processing time (s) at each station per unit of the release
/// mix: Σ over products and variants (orders their own, other releases
/// variant 0, as the run releases them: release() makes variant 0) of
/// share × Σ over visits of the operation's mean cycle time
/// (a visit's own cycle, the variant's option additions:
/// mdl_model_op_mean_cycle). Products made on the line count too: an
/// assembled product as many units as its scarcest component allows (the
/// component's arrivals at the assembly / its BOM quantity), a part
/// `quantity` per unit taken apart; a component brings no work to its
/// assembly station (the assembled product does) and a part none to the
/// station that makes it. A process batch of up to N units counts cycle /
/// N per unit. A station's capacity in units of the mix per
/// hour while on shift is servers × 3600 × availability / work[s]. False
/// when nothing is released (or out of memory).
bool mdl_model_mix_work(const mdl_model *m, double *work);
const mdl_costs *mdl_model_costs(const mdl_model *m);
const mdl_targets *mdl_model_targets(const mdl_model *m);
const mdl_run_settings *mdl_model_run(const mdl_model *m);
/// Investment; false when the model names none.
bool mdl_model_investment(const mdl_model *m, double *capex, double *years);
/// Is the calendar on at time t of a run (t = 0 at the model's start)?
/// calendar -1 is always on.
bool mdl_model_calendar_on(const mdl_model *m, int calendar, double t);
/// Next change of a calendar strictly after run time t (INFINITY: none);
/// *on_after receives whether it is on from then. calendar -1: never.
double mdl_model_calendar_next(const mdl_model *m, int calendar, double t, bool *on_after);
/// Mean setup time at a station when changing from product `from` to `to`
/// (0 when no setup applies; from -1: the first unit, no setup).
double mdl_model_mean_setup(const mdl_model *m, int station, int from, int to);
/// Name of the shift active at run time t, or NULL (off, or no calendar).
const char *mdl_model_shift_name(const mdl_model *m, int calendar, double t);

#endif
