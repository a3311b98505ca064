/*
 * scn_schema.c - the keys of each scene entity: one table per entity
 * (scn_keys.h), which the builder reads by, refuses unknown keys by, and
 * which docs/scene-format.md's key tables are checked against
 * (tests/test_scene_keys.c). A key's documentation changes here and in
 * the doc, together.
 */
#include "scn_keys.h"

#include "mdl_model.h"

#define ROWS(a) (a), sizeof(a) / sizeof((a)[0])
/* A key without a row of its own in the doc (another row describes it). */
#define UNDOC(name, type) {name, type, 0, 0, NULL, NULL, NULL, NULL, NULL}
#define UNDOC_WHOLE(name, lo, hi) {name, SCN_KEY_WHOLE, lo, hi, NULL, NULL, NULL, NULL, NULL}

/* Whole numbers: {name, SCN_KEY_WHOLE, lo, hi, ...}; the doc's type column
 * is "lo .. hi" unless it says more. */
static const scn_key station[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "unique name, used in routes and output"},
    {"kind", SCN_KEY_CHOICE, 0, 0, "\"machine\"", "station kind",
     "`\"machine\"`, `\"inspection\"`, `\"assembly\"`, `\"robot\"`", "`\"machine\"`",
     "inspection stations decide pass/reject; an assembly station where a product's route starts joins that "
     "product's `bom` (see [assembly](#assembly-bills-of-materials)); the others process (they are drawn "
     "differently)"},
    {"servers", SCN_KEY_WHOLE, 1, 1000, NULL, NULL, NULL, "`1`",
     "identical parallel servers (machines, benches, people)"},
    {"component_buffer", SCN_KEY_WHOLE, 1, 1e9, NULL, NULL, NULL, "unlimited",
     "assembly: places in each component's own buffer; a component that finds its buffer full stays on the server "
     "that brought it (blocked)"},
    {"batch", SCN_KEY_WHOLE, 1, MDL_MAX_BATCH, NULL, NULL, NULL, "`1`",
     "process batching: a server takes up to this many units at once, one cycle time for all (see "
     "[process batching](#process-batching))"},
    {"batch_timeout", SCN_KEY_DURATION, 0, 0, NULL, NULL, "duration", "never",
     "batching: start with fewer units once the first has waited this long"},
    {"buffer", SCN_KEY_WHOLE, 0, 1e9, NULL, NULL, "integer >= 0, or `\"unlimited\"` (also `\"infinite\"`)",
     "unlimited",
     "capacity of the input buffer; a finished unit that finds the next buffer full stays on its server (blocked)"},
    {"cycle", SCN_KEY_PACE, 0, 0, NULL, NULL, "distribution", "—",
     "processing time per unit for products without their own (see products)"},
    {"setup", SCN_KEY_DIST, 0, 0, NULL, NULL, "distribution", "none", "changeover time when the product changes"},
    {"setups", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "none",
     "changeovers by product pair: `( { from = \"a\"; to = \"b\"; time = \"20min\"; } )`; `from`/`to` may be left "
     "out (any); each pair once, and not the pair a product's `setup` gives already"},
    {"mtbf", SCN_KEY_PACE, 0, 0, NULL, NULL, "distribution", "no breakdowns",
     "time between failures (needs `mttr`)"},
    {"mttr", SCN_KEY_DIST, 0, 0, NULL, NULL, "distribution", "—", "time to repair (needs `mtbf`)"},
    {"failure_clock", SCN_KEY_CHOICE, 0, 0, "\"operating\"", "failure clock", "`\"calendar\"` or `\"operating\"`",
     "`\"calendar\"`", "whether time to failure runs all the time or only while working"},
    {"failure_modes", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "none",
     "several failure modes, each with its clock, ageing, repair and costs (see failure modes and maintenance); "
     "`mtbf`/`mttr` then become the first mode, named `\"mtbf\"`"},
    {"maintenance", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group", "none",
     "preventive maintenance, the predictor's false alarms, when warnings are acted on, maintenance costs (see "
     "failure modes and maintenance)"},
    {"scrap", SCN_KEY_SHARE, 0, 0, NULL, NULL, "share", "`0`", "units scrapped here at once"},
    {"defect", SCN_KEY_SHARE, 0, 0, NULL, NULL, "share", "`0`",
     "units made defective here (latent: found only by an inspection)"},
    {"detect", SCN_KEY_SHARE, 0, 0, NULL, NULL, "share", "required for inspection",
     "inspection: share of defective units it rejects"},
    {"false_reject", SCN_KEY_SHARE, 0, 0, NULL, NULL, "share", "`0`",
     "inspection: share of good units it rejects by mistake"},
    {"reject", SCN_KEY_OTHER, 0, 0, NULL, NULL, "`\"scrap\"` or `\"rework:STATION\"`", "`\"scrap\"`",
     "inspection: a rejected unit is scrapped, or goes back to STATION, where its defect is removed"},
    {"max_rework", SCN_KEY_WHOLE, 0, MDL_MAX_REWORK, NULL, NULL, NULL, "`3`",
     "inspection with rework: a unit that has already been sent back this many times is scrapped at its next "
     "reject (counted as `rework_capped`, see kpis.md)"},
    {"operators", SCN_KEY_WHOLE, 0, 10000, NULL, NULL, NULL, "`0`",
     "people at the station while it is on shift (labour cost)"},
    {"power", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group, kW", "all 0",
     "power per server in each state: `off`, `idle`, `busy`, `down`, `setup` (default: `busy`), `blocked` "
     "(default: `idle`), `standby` (default: `idle`), `maintenance` (default: `down`)"},
    {"standby_after", SCN_KEY_OTHER, 0, 0, NULL, NULL, "duration or `\"never\"`", "`\"never\"`",
     "idle this long, a server draws `power.standby`"},
    {"dispatch", SCN_KEY_CHOICE, 0, 0, "\"fifo\"", "dispatch rule",
     "`\"fifo\"`, `\"edd\"`, `\"spt\"`, `\"priority\"`, `\"cr\"`, `\"slack\"`, `\"atc\"`, `\"setup\"`",
     "`\"fifo\"`",
     "order in which the buffer is served: first in, earliest due date, shortest processing time, highest "
     "product priority, critical ratio, least slack, apparent tardiness cost, same product (same variant, then "
     "same family) first "
     "(docs/kpis.md, Dispatching rules); ties first in, first out"},
    {"calendar", SCN_KEY_OTHER, 0, 0, NULL, NULL, "calendar id", "the line's",
     "shift calendar of this station (see shifts)"},
    {"at", SCN_KEY_POINT, 0, 0, NULL, NULL, "`[x, y]` metres", "`[0, 0]`",
     "layout: centre of the footprint, for the viewer"},
    {"size", SCN_KEY_SIZE, 0, 0, NULL, NULL, "`[w, h]` metres", "`[3, 2]`", "layout: footprint"},
    {"node", SCN_KEY_OTHER, 0, 0, NULL, NULL, "node id", "none",
     "its pick-up and drop-off point on the path network (needed when a fleet collects or delivers units here; "
     "see [material handling](#material-handling-paths-fleets-robots-conveyors))"},
    {"out_capacity", SCN_KEY_WHOLE, 1, 100000, NULL, NULL, NULL, "`1`",
     "with `node`: places on the station's out-point, where finished units wait for a vehicle; the server blocks "
     "while it is full"},
    /* people (scn_people.c) */
    {"people", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "nobody",
     "what needs a person here and whose: `( { task = \"process\"; pool = \"assemblers\"; } )` (see "
     "[people](#people))"},
    {"key", SCN_KEY_BOOL, 0, 0, NULL, NULL, "boolean", "`false`",
     "a key process: counted in the automation rate (see kpis.md)"},
    {"remove", SCN_KEY_BOOL, 0, 0, NULL, NULL, "`true`", "—",
     "in a scene that includes another: delete this station (see @include)"},
};

const scn_key_table scn__station_keys = {"stations", "## stations", "", ROWS(station)};

static const scn_key product[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "unique name"},
    {"route", SCN_KEY_OTHER, 0, 0, NULL, NULL, "array of station ids (a list with groups for flexible steps)",
     "required",
     "the stations a unit visits, in order (a station may appear twice); a step may be a group (see flexible "
     "routes)"},
    {"cycle", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group station = distribution", "—",
     "this product's cycle time at those stations (wins over the station's `cycle`)"},
    {"setup", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group station = distribution", "—",
     "changeover at those stations when they switch *to* this product"},
    {"priority", SCN_KEY_WHOLE, -1000000, 1000000, NULL, NULL, NULL, "`0`", "for `dispatch = \"priority\"`"},
    {"bom", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group product = quantity", "none",
     "bill of materials: the product is made at the assembly station its route starts at, from these components "
     "(see [assembly](#assembly-bills-of-materials))"},
    {"parts", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group product = quantity", "none",
     "disassembly or lot splitting: the product is taken apart at the station its route ends at, into these parts, "
     "whose routes start there (see [disassembly](#disassembly-and-lot-splitting))"},
    {"transport", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group station = `\"FLEET\"`, `\"conveyor:ID\"`, `\"asrs:ID\"` or `\"direct\"`",
     "direct",
     "how units of this product *leave* that station for the next step of the route (see material handling); `transport.DOCK` for its receiving dock, and the last station's with a `to`"},
    {"from", SCN_KEY_OTHER, 0, 0, NULL, NULL, "dock id", "none",
     "a receiving dock: units are released there and a transport (`transport.DOCK`) takes them to the first station "
     "(see [docks](#docks))"},
    {"to", SCN_KEY_OTHER, 0, 0, NULL, NULL, "dock id", "none",
     "a shipping dock: finished units go there by the last station's `transport` and are finished when dropped "
     "(see [docks](#docks))"},
    {"remove", SCN_KEY_BOOL, 0, 0, NULL, NULL, "`true`", "—",
     "in a scene that includes another: delete this product"},
    {"options", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "none",
     "makes the product a family of variants (see product families)"},
};

const scn_key_table scn__product_keys = {"products", "## products", "", ROWS(product)};

/* ---- families, flexible routes, kanban (scn_family.c, scn_route_step.c, scn_kanban.c) ---- */

static const scn_key option[] = {
    {"name", SCN_KEY_STRING, 0, 0, "\"bore\"", NULL, "string", "required", "the option (attribute)"},
    {"values", SCN_KEY_OTHER, 0, 0, NULL, NULL, "array of strings", "required", "the values it can take"},
    {"cycle", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group station = array of durations", "none",
     "time added to the cycle time at that station, one entry per value"},
    {"setup", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group station = distribution", "none",
     "setup at that station when this option changes between consecutive units of the family on a server"},
};

const scn_key_table scn__option_keys = {"options", "### product families", "options[].", ROWS(option)};

static const scn_key route_step[] = {
    {"station", SCN_KEY_OTHER, 0, 0, NULL, NULL, "station id", "—", "one station (with its own `cycle` for this visit)"},
    {"any", SCN_KEY_OTHER, 0, 0, NULL, NULL, "array of station ids", "—",
     "any of these stations can do the step; `rule` picks one"},
    {"rule", SCN_KEY_CHOICE, 0, 0, "\"first_free\"", "step rule",
     "`\"first_free\"`, `\"shortest_queue\"`, `\"fastest\"`", "`\"first_free\"`",
     "with `any`: how the station is chosen (ties: the first listed)"},
    {"branch", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group station = probability", "—",
     "a probabilistic branch: the step goes to each station with its probability (they add up to 1)"},
    {"cycle", SCN_KEY_PACE, 0, 0, NULL, NULL, "distribution", "the product's or station's",
     "the cycle time of this visit"},
    {"when", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group option = array of values", "every variant",
     "of a family: only the variants whose options take one of the listed values (each option named) visit this "
     "step; the others skip it (see routes that depend on the options)"},
};

const scn_key_table scn__route_step_keys = {"route", "### flexible routes", "route[].", ROWS(route_step)};

static const scn_key kanban[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "the loop's name"},
    {"from", SCN_KEY_OTHER, 0, 0, NULL, NULL, "station id", "required",
     "the loop's first station: a unit enters it only with a free card"},
    {"to", SCN_KEY_OTHER, 0, 0, NULL, NULL, "station id", "required",
     "the loop's last station: the card comes back when the unit leaves it for the last time on its route (or leaves "
     "the line)"},
    {"cards", SCN_KEY_WHOLE, 1, 1000000, NULL, NULL, NULL, "required", "cards in the loop"},
};

const scn_key_table scn__kanban_keys = {"kanban", "## kanban", "kanban[].", ROWS(kanban)};

/* An entry of a station's `setups`, described by the station's row. */
static const scn_key setup_rule[] = {
    UNDOC("from", SCN_KEY_OTHER),
    UNDOC("to", SCN_KEY_OTHER),
    UNDOC("time", SCN_KEY_DIST),
};

const scn_key_table scn__setup_rule_keys = {"setups", NULL, "setups[].", ROWS(setup_rule)};

/* An entry of a station's `failure_modes`. */
static const scn_key failure_mode[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "name of the mode, unique in the station"},
    {"ttf", SCN_KEY_PACE, 0, 0, NULL, NULL, "distribution", "required (not with `condition = \"gamma\"`)",
     "time to failure from a renewal, on the mode's `clock` (cycles: a number of operations, no unit)"},
    {"clock", SCN_KEY_CHOICE, 0, 0, "\"operating\"", "clock", "`\"calendar\"`, `\"operating\"`, `\"cycles\"`",
     "`\"calendar\"`", "what the mode's age counts: time up, time busy or in setup, or operations completed"},
    {"repair", SCN_KEY_DIST, 0, 0, NULL, NULL, "distribution", "required", "time to repair after a failure"},
    {"planned", SCN_KEY_DIST, 0, 0, NULL, NULL, "distribution", "`repair`",
     "duration of the planned replacement when a warning (PdM, CBM) calls it"},
    {"skill", SCN_KEY_STRING, 0, 0, "\"mechanic\"", NULL, "string", "any",
     "technician skill the repair (and a planned replacement) needs: one technician of the station's `repair` "
     "task's pool when it has the skill, else of the first pool that has it; the wait is the response time; "
     "without pools repairs start at once"},
    {"parts", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "`0`", "parts cost of a repair"},
    {"planned_parts", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "`0`",
     "parts cost of a planned replacement (a part replaced early)"},
    {"repair_age", SCN_KEY_SHARE, 0, 0, NULL, NULL, "share", "`0`",
     "imperfect repair (Kijima type I): the virtual age after a repair is v + repair_age x (age run since the "
     "last renewal); 0 as good as new, 1 as bad as old; only `weibull` laws age"},
    {"pm_age", SCN_KEY_SHARE, 0, 0, NULL, NULL, "share", "`0`", "the same factor after a maintenance"},
    {"condition", SCN_KEY_CHOICE, 0, 0, "\"linear\"", "condition model", "`\"none\"`, `\"linear\"`, `\"gamma\"`",
     "`\"none\"`",
     "condition-based maintenance: `linear`: the degradation grows linearly with the mode's age from 0 to the "
     "failure threshold 1, reached at the drawn failure age; `gamma`: a stationary gamma process on the mode's "
     "clock (`gamma_shape`, `gamma_scale`), the mode fails when it reaches 1"},
    {"gamma_shape", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "number > 0", "—",
     "with `condition = \"gamma\"`: shape of the increments per hour of the mode's clock (per cycle on a cycles "
     "clock): an increment over d hours is Gamma(shape gamma_shape x d, scale gamma_scale)"},
    {"gamma_scale", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "number > 0", "—",
     "with `condition = \"gamma\"`: scale of the increments, as a share of the failure level 1"},
    {"maint_threshold", SCN_KEY_NUMBER, 0, 1e9, NULL, NULL, "number in (0, 1)", "—",
     "with `condition`: a reading at or above it calls maintenance (`maintenance.on_warning`)"},
    {"inspect", SCN_KEY_OTHER, 0, 0, NULL, NULL, "duration (cycles clock: number)", "`0` (continuous sensor)",
     "with `condition`: interval between inspections on the mode's clock"},
    {"noise", SCN_KEY_NUMBER, 0, 1e9, NULL, NULL, "number >= 0", "`0`",
     "with `condition` and `inspect`: standard deviation of a reading's normal error"},
    {"recall", SCN_KEY_SHARE, 0, 0, NULL, NULL, "share", "not predicted",
     "predictive maintenance: the share of this mode's failures the predictor warns about"},
    {"lead", SCN_KEY_DIST, 0, 0, NULL, NULL, "distribution", "`0`",
     "with `recall`: how long before the failure the warning comes (on the mode's clock)"},
};

const scn_key_table scn__failure_mode_keys = {"failure_modes", "## failure modes and maintenance",
                                              "stations[].failure_modes[].", ROWS(failure_mode)};

/* A station's `maintenance`. */
static const scn_key maintenance[] = {
    {"pm_interval", SCN_KEY_OTHER, 0, 0, NULL, NULL, "duration (cycles clock: number)", "no PM",
     "preventive maintenance every this much of `pm_clock`"},
    {"pm_clock", SCN_KEY_CHOICE, 0, 0, "\"calendar\"", "clock", "`\"calendar\"`, `\"operating\"`, `\"cycles\"`",
     "`\"calendar\"`", "what the PM interval counts"},
    {"pm_basis", SCN_KEY_CHOICE, 0, 0, "\"age\"", "PM basis", "`\"interval\"`, `\"age\"`", "`\"interval\"`",
     "`interval`: from the last PM (by calendar: a fixed grid, block replacement); `age`: from the last PM or "
     "repair (age replacement)"},
    {"pm_duration", SCN_KEY_DIST, 0, 0, NULL, NULL, "distribution", "`0`",
     "planned duration of a PM; must be shorter than `pm_interval`"},
    {"pm_when", SCN_KEY_CHOICE, 0, 0, "\"end_of_unit\"", "moment",
     "`\"immediately\"`, `\"end_of_unit\"`, `\"window\"`", "`\"end_of_unit\"`",
     "when a PM that is due starts: at once (the unit in process waits), after the unit in process, or at the "
     "next off-shift period"},
    {"pm_parts", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "`0`", "parts cost of one PM"},
    {"pm_skill", SCN_KEY_STRING, 0, 0, "\"mechanic\"", NULL, "string", "none",
     "a PM needs a technician with this skill (chosen like a failure mode's `skill`); the PM waits for one"},
    {"window", SCN_KEY_STRING, 0, 0, "\"weekends\"", NULL, "calendar id", "off shift",
     "the maintenance windows of `window` moments are the on periods of this calendar (not the line's "
     "off-shift periods); a unit in process is finished first"},
    {"false_alarms", SCN_KEY_NUMBER, 0, 1e9, NULL, NULL, "number >= 0", "`0`",
     "the predictor's false warnings per 1,000 operating hours; each calls the planned replacement of a "
     "predicted mode (in turn)"},
    {"on_warning", SCN_KEY_CHOICE, 0, 0, "\"end_of_unit\"", "moment",
     "`\"immediately\"`, `\"end_of_unit\"`, `\"window\"`", "`\"end_of_unit\"`",
     "when a warning (PdM or CBM) is acted on"},
    {"cost_per_hour", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "`0`",
     "labour per hour of repair or maintenance"},
    {"cost_per_intervention", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "`0`",
     "fixed cost of each repair or maintenance"},
};

const scn_key_table scn__maintenance_keys = {"maintenance", "## failure modes and maintenance",
                                             "stations[].maintenance.", ROWS(maintenance)};

static const scn_key shifts[] = {
    {"calendars", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "none", "the shift calendars"},
    {"line", SCN_KEY_OTHER, 0, 0, NULL, NULL, "calendar id", "always on",
     "the line's calendar; stations without a `calendar` follow it"},
};

const scn_key_table scn__shifts_keys = {"shifts", "## shifts", "", ROWS(shifts)};

static const scn_key calendar[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "name used by `line` and stations' `calendar`"},
    {"days", SCN_KEY_OTHER, 0, 0, NULL, NULL, "weekdays (array or one string)", "`[\"mon-fri\"]`",
     "days on which the shifts start"},
    {"shifts", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "required",
     "`{ name; from; to; days; }`: on from `from` to `to` (times of day); `to` at or before `from` means the shift "
     "ends the next day; `days` overrides the calendar's"},
    {"breaks", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "none",
     "`{ name; from; to; days; }`: off inside the shifts; a break applies to every shift it falls into (a night "
     "shift's break after midnight included); `days` limits it to shifts *starting* on those days (a `days = "
     "\"mon\"` break at `00:30` belongs to Monday's night shift, i.e. Tuesday 00:30)"},
};

const scn_key_table scn__calendar_keys = {"calendars", "## shifts", "calendars[].", ROWS(calendar)};

/* Entries of a calendar's `shifts` and `breaks`, described by its rows. */
static const scn_key shift_entry[] = {
    UNDOC("name", SCN_KEY_STRING),
    UNDOC("from", SCN_KEY_OTHER),
    UNDOC("to", SCN_KEY_OTHER),
    UNDOC("days", SCN_KEY_OTHER),
};

const scn_key_table scn__shift_entry_keys = {"shifts", NULL, "calendars[].shifts[].", ROWS(shift_entry)};
const scn_key_table scn__break_entry_keys = {"breaks", NULL, "calendars[].breaks[].", ROWS(shift_entry)};

/* An entry of `release` and an order of an inline list: the doc describes
 * them by example rows (release). */
static const scn_key release[] = {
    UNDOC("product", SCN_KEY_OTHER),
    UNDOC("interarrival", SCN_KEY_PACE),
    UNDOC("start", SCN_KEY_OTHER),
    UNDOC_WHOLE("limit", 0, 9.3e18),
    UNDOC_WHOLE("conwip", 1, 1000000),
    UNDOC("unlimited", SCN_KEY_BOOL),
    UNDOC("orders", SCN_KEY_OTHER),
};

const scn_key_table scn__release_keys = {"release", NULL, "release[].", ROWS(release)};

static const scn_key order[] = {
    UNDOC("id", SCN_KEY_ID),
    UNDOC("product", SCN_KEY_OTHER),
    UNDOC_WHOLE("quantity", 1, 100000000),
    UNDOC("release", SCN_KEY_OTHER),
    UNDOC("due", SCN_KEY_OTHER),
    UNDOC("options", SCN_KEY_OTHER), /* a family's variant (scn_family.c) */
};

const scn_key_table scn__order_keys = {"orders", NULL, "release[].orders[].", ROWS(order)};

/* The top level: only `name` and `description` have a row of their own;
 * each of the others has its section. */
static const scn_key scene[] = {
    {"name", SCN_KEY_STRING, 0, 0, "\"Gearbox housing line\"", NULL, "string", "file name without extension",
     "the line's name in reports"},
    {"description", SCN_KEY_STRING, 0, 0, NULL, NULL, "string", "—", "free text, for people"},
    UNDOC("run", SCN_KEY_OTHER),
    UNDOC("products", SCN_KEY_OTHER),
    UNDOC("release", SCN_KEY_OTHER),
    UNDOC("stations", SCN_KEY_OTHER),
    UNDOC("costs", SCN_KEY_OTHER),
    UNDOC("shifts", SCN_KEY_OTHER),
    UNDOC("targets", SCN_KEY_OTHER),
    UNDOC("investment", SCN_KEY_OTHER),
    UNDOC("paths", SCN_KEY_OTHER),
    UNDOC("fleets", SCN_KEY_OTHER),
    UNDOC("robots", SCN_KEY_OTHER),
    UNDOC("conveyors", SCN_KEY_OTHER),
    UNDOC("asrs", SCN_KEY_OTHER),
    UNDOC("docks", SCN_KEY_OTHER),
    UNDOC("merges", SCN_KEY_OTHER),
    UNDOC("diverters", SCN_KEY_OTHER),
    UNDOC("pools", SCN_KEY_OTHER),
    UNDOC("zones", SCN_KEY_OTHER),
    UNDOC("kanban", SCN_KEY_OTHER),
};

const scn_key_table scn__scene_keys = {"scene", "## name and run", "", ROWS(scene)};

static const scn_key run[] = {
    {"horizon", SCN_KEY_DURATION, 0, 0, NULL, NULL, "duration > 0, at most 100 years", "`\"5d\"`",
     "end of each replication"},
    {"warmup", SCN_KEY_DURATION, 0, 0, NULL, NULL, "duration < horizon", "`0`",
     "statistics start here (warm-up deletion)"},
    {"replications", SCN_KEY_WHOLE, 1, 100000, NULL, NULL, NULL, "`10`", "independent replications"},
    {"seed", SCN_KEY_WHOLE, 0, 9.3e18, NULL, NULL, "integer >= 0", "`1`", "master seed; replication r uses (seed, r)"},
    {"start", SCN_KEY_OTHER, 0, 0, NULL, NULL, "time of week or duration", "`\"mon 00:00\"`",
     "where in the week time 0 falls (for shift calendars)"},
    {"start_date", SCN_KEY_OTHER, 0, 0, NULL, NULL, "date of a Monday, `\"YYYY-MM-DD\"`", "`\"2026-01-05\"`",
     "the calendar date of the week `start` is in; time 0 is `start_date` + `start` (UTC): the event log's timestamps"},
};

const scn_key_table scn__run_keys = {"run", "## name and run", "run.", ROWS(run)};

static const scn_key costs[] = {
    {"energy_per_kwh", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "0", "currency per kWh"},
    {"labor_per_hour", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "0",
     "per operator-hour on shift (`operators` of each station)"},
    {"material_per_unit", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "0", "per unit released"},
    {"scrap_per_unit", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "0",
     "extra per unit scrapped (disposal, or the material lost when material is not in `material_per_unit`)"},
    {"overhead_per_hour", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "0",
     "fixed cost per hour of the window (space, supervision)"},
    {"repair_per_hour", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "0", "per hour a server is down"},
    {"currency", SCN_KEY_STRING, 0, 0, "\"EUR\"", NULL, "text, at most 15 bytes", "none",
     "how money is named in reports (`--report`): a code or a sign, e.g. \"EUR\", \"$\""},
};

const scn_key_table scn__cost_keys = {"costs", "## costs, targets, investment", "costs.", ROWS(costs)};

static const scn_key targets[] = {
    {"productivity", SCN_KEY_CHANGE, 0, 0, NULL, NULL, "relative change", "`+30%`",
     "throughput change a retrofit should reach"},
    {"cost_per_unit", SCN_KEY_CHANGE, 0, 0, NULL, NULL, "relative change", "`-30%`",
     "operating cost per good unit change"},
    {"defect_rate", SCN_KEY_CHANGE, 0, 0, NULL, NULL, "relative change", "`-20%`", "defect rate change"},
    {"units_per_kwh", SCN_KEY_CHANGE, 0, 0, NULL, NULL, "relative change", "`+20%`", "good units per kWh change"},
};

const scn_key_table scn__target_keys = {"targets", "## costs, targets, investment", "targets.", ROWS(targets)};

static const scn_key investment[] = {
    {"capex", SCN_KEY_NUMBER, 0, 1e15, NULL, NULL, "money >= 0", "—", "capital expense of a retrofit"},
    {"years", SCN_KEY_NUMBER, 0, 200, NULL, NULL, "years, at most 200", "—", "write-off period, > 0"},
};

const scn_key_table scn__investment_keys = {"investment", "## costs, targets, investment", "investment.",
                                            ROWS(investment)};

/* ---- material handling (scn_transport.c) ------------------------------------ */

/* Rows that many transport keys share. */
#define KW(name, doc) {name, SCN_KEY_POWER, 0, 0, NULL, NULL, "kW, 0 .. 1000000", "`0`", doc}
#define METRIC(name, type_doc, default_doc, doc) {name, SCN_KEY_NUMBER, 0, 1e300, NULL, NULL, type_doc, default_doc, doc}
#define DIST0(name, doc) {name, SCN_KEY_DIST, 0, 0, NULL, NULL, "distribution", "`0`", doc}
#define REMOVE(what) {"remove", SCN_KEY_BOOL, 0, 0, NULL, NULL, "`true`", "—", "in a scene that includes another: delete this " what}

static const scn_key paths[] = {
    {"floor", SCN_KEY_OTHER, 0, 0, NULL, NULL, "`[w, h]` or `[x0, y0, x1, y1]`", "none",
     "the floor; `check` warns about nodes outside it"},
    {"nodes", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list of groups", "—", "the places vehicles drive to (keys below)"},
    {"edges", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list of groups", "—", "the ways between them (keys below)"},
};

const scn_key_table scn__paths_keys = {"paths", "### paths", "paths.", ROWS(paths)};

static const scn_key path_node[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "named by edges, stations' `node` and fleets' `home`"},
    {"at", SCN_KEY_POINT, 0, 0, NULL, NULL, "`[x, y]` metres", "required", "its position"},
    {"kind", SCN_KEY_CHOICE, 0, 0, "\"parking\"", "node kind", "`\"point\"`, `\"parking\"`, `\"charging\"`",
     "`\"point\"`", "routes do not run through parking and charging nodes when there is another way"},
    {"capacity", SCN_KEY_WHOLE, 1, 10000, NULL, NULL, NULL, "`1`", "vehicles on the node at once"},
    {"slots", SCN_KEY_WHOLE, 1, 10000, NULL, NULL, NULL, "`1`", "chargers of a charging node, at most `capacity`"},
    REMOVE("node"),
};

const scn_key_table scn__path_node_keys = {"nodes", "### paths", "paths.nodes[].", ROWS(path_node)};

static const scn_key path_edge[] = {
    {"from", SCN_KEY_STRING, 0, 0, "\"n1\"", NULL, "node id", "required", "one end"},
    {"to", SCN_KEY_STRING, 0, 0, "\"n2\"", NULL, "node id", "required", "the other end"},
    {"two_way", SCN_KEY_BOOL, 0, 0, NULL, NULL, "`true` or `false`", "`true`",
     "driven both ways (one direction at a time when `capacity` is 1)"},
    METRIC("speed", "m/s, >= 0", "none", "speed limit on the edge"),
    {"capacity", SCN_KEY_WHOLE, 1, 10000, NULL, NULL, NULL, "`1`",
     "vehicles on the edge at once; a two-way edge carries one direction at a time"},
};

const scn_key_table scn__path_edge_keys = {"edges", "### paths", "paths.edges[].", ROWS(path_edge)};

static const scn_key fleet[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "named by products' `transport`"},
    {"count", SCN_KEY_WHOLE, 1, 100000, NULL, NULL, NULL, "`1`", "vehicles; they must fit on the nodes' capacities"},
    METRIC("speed", "m/s, > 0", "`1.0`", "top speed"),
    METRIC("accel", "m/s², >= 0", "`0.5`", "acceleration and braking; `0` = instant"),
    DIST0("load", "loading, per unit"),
    DIST0("unload", "unloading, per unit"),
    {"capacity", SCN_KEY_WHOLE, 1, 64, NULL, NULL, NULL, "`1`", "units per trip"},
    {"mode", SCN_KEY_CHOICE, 0, 0, "\"kinematic\"", "motion mode", "`\"kinematic\"`, `\"physics\"`", "`\"kinematic\"`",
     "exact event-driven travel times, or chipmunk2d bodies (traffic studies, collisions, near-misses; much slower)"},
    {"dispatch", SCN_KEY_CHOICE, 0, 0, "\"nearest\"", "fleet dispatch rule",
     "`\"nearest\"`, `\"fcfs\"`, `\"starvation\"`", "`\"nearest\"`", "which vehicle takes which request"},
    {"idle", SCN_KEY_CHOICE, 0, 0, "\"park\"", "idle rule", "`\"park\"`, `\"stay\"`", "`\"park\"`",
     "where an idle vehicle waits"},
    {"home", SCN_KEY_STRING, 0, 0, "\"p1\"", NULL, "node id", "parking nodes", "start node"},
    METRIC("per_m_kwh", "kWh, >= 0", "`0`",
     "energy per metre driven (counted in the line's energy)"),
    KW("idle_kw", "draw at all times but charging"),
    {"battery", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group", "none", "the vehicles run on a battery (keys below)"},
    {"size", SCN_KEY_SIZE, 0, 0, NULL, NULL, "`[length, width]` m", "`[1.0, 0.7]`", "physics body"},
    {"dt", SCN_KEY_DURATION, 0, 0, NULL, NULL, "duration, at least 1ms", "`50ms`", "physics step"},
    METRIC("near_miss", "m, >= 0", "`0.3`", "gap counted as a near-miss (physics)"),
    {"deadlock_timeout", SCN_KEY_DURATION, 0, 0, NULL, NULL, "duration", "`60s`",
     "wait before a deadlock is resolved by a forced pass (physics)"},
    {"traffic", SCN_KEY_CHOICE, 0, 0, "\"avoid\"", "traffic mode", "`\"avoid\"`, `\"detect\"`", "`\"avoid\"`",
     "deadlock avoidance (corridors taken whole, one way at a time), or detection and resolution only"},
    {"operators", SCN_KEY_WHOLE, 0, 10000, NULL, NULL, NULL, "`0`",
     "people per vehicle (a manual cart: `1`); in the labor cost over the hours the line's calendar is on"},
    {"failure_modes", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "none",
     "each vehicle's failure modes, as for stations (clock `operating`: driving or loading / unloading; `cycles`: "
     "trips done)"},
    {"maintenance", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group", "none",
     "each vehicle's preventive and predictive maintenance, as for stations (`window` needs a `window` calendar)"},
    {"calendar", SCN_KEY_OTHER, 0, 0, NULL, NULL, "calendar id", "always on",
     "the vehicles' shift calendar: off shift a vehicle ends the task in hand, parks and takes no task (`off`)"},
    REMOVE("fleet"),
};

const scn_key_table scn__fleet_keys = {"fleets", "### fleets", "", ROWS(fleet)};

static const scn_key battery[] = {
    METRIC("capacity_kwh", "kWh, > 0", "required", "energy of a full battery"),
    {"threshold", SCN_KEY_SHARE, 0, 0, NULL, NULL, "share", "`0`",
     "below it a vehicle goes charging: after a task, or while idle when its idle draw reaches it"},
    METRIC("charge_kw", "kW, > 0", "required", "charging power"),
    {"initial", SCN_KEY_SHARE, 0, 0, NULL, NULL, "share", "`1`", "charge at the start"},
    METRIC("per_m_kwh", "kWh, >= 0", "`0`", "as the fleet's `per_m_kwh`"),
    KW("idle_kw", "as the fleet's `idle_kw`"),
};

const scn_key_table scn__battery_keys = {"battery", "### fleets", "battery.", ROWS(battery)};

static const scn_key robot[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "its name"},
    {"tends", SCN_KEY_OTHER, 0, 0, NULL, NULL, "array of station ids", "required",
     "the machines it loads and unloads (a station has at most one robot); an array `[...]` or a list `(...)`"},
    DIST0("load", "loading a machine"),
    DIST0("unload", "unloading a machine"),
    DIST0("move", "paid when the next task is at another station"),
    {"mtbf", SCN_KEY_PACE, 0, 0, NULL, NULL, "distribution", "no breakdowns", "time between failures (needs `mttr`)"},
    {"mttr", SCN_KEY_DIST, 0, 0, NULL, NULL, "distribution", "—", "time to repair (needs `mtbf`)"},
    {"power", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group, kW", "all 0", "power in each state (keys below)"},
    {"failure_modes", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "none",
     "failure modes as for stations (clock `operating`: moving or loading; `cycles`: loads and unloads done)"},
    {"maintenance", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group", "none",
     "preventive and predictive maintenance as for stations (`window` needs a `window` calendar)"},
    {"calendar", SCN_KEY_OTHER, 0, 0, NULL, NULL, "calendar id", "always on",
     "the robot's shift calendar: off shift it ends the task in hand and starts none (`off`)"},
    REMOVE("robot"),
};

const scn_key_table scn__robot_keys = {"robots", "### robots", "", ROWS(robot)};

static const scn_key robot_power[] = {
    KW("busy", "loading or unloading a machine"),
    KW("moving", "moving between its stations"),
    KW("idle", "waiting for a task"),
    KW("down", "broken down"),
    {"maintenance", SCN_KEY_POWER, 0, 0, NULL, NULL, "kW, 0 .. 1000000", "`down`", "under planned maintenance"},
    KW("off", "off shift (its `calendar`)"),
};

const scn_key_table scn__robot_power_keys = {"power", "### robots", "power.", ROWS(robot_power)};

static const scn_key conveyor[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "named by products' `transport` as `\"conveyor:ID\"`"},
    METRIC("length", "m, > 0, at most 1000000", "required", "belt length"),
    METRIC("speed", "m/s, > 0", "required", "belt speed"),
    METRIC("spacing", "m, > 0", "required",
     "gap per unit: at most the length, and length / spacing at most 1,000,000"),
    {"accumulating", SCN_KEY_BOOL, 0, 0, NULL, NULL, "`true` or `false`", "`true`",
     "at a full next buffer the front unit stops and the others close up behind it while the belt runs on; "
     "`false`: the belt stops as a whole"},
    KW("power", "draw while running"),
    {"from", SCN_KEY_POINT, 0, 0, NULL, NULL, "`[x, y]` metres", "none", "start, for the viewer"},
    {"to", SCN_KEY_POINT, 0, 0, NULL, NULL, "`[x, y]` metres", "none", "end, for the viewer"},
    REMOVE("conveyor"),
};

const scn_key_table scn__conveyor_keys = {"conveyors", "### conveyors", "", ROWS(conveyor)};

/* ---- conveyor networks (scn_conveyor.c) ---- */

static const scn_key merge[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "its name (messages)"},
    {"inputs", SCN_KEY_OTHER, 0, 0, NULL, NULL, "array of conveyor ids", "required",
     "the belts it joins, two or more, in priority order"},
    {"output", SCN_KEY_OTHER, 0, 0, NULL, NULL, "conveyor id", "required", "the belt they join into"},
    {"rule", SCN_KEY_CHOICE, 0, 0, "\"alternate\"", "merge rule", "`\"alternate\"` or `\"priority\"`",
     "`\"alternate\"`",
     "which waiting input goes next: round robin after the input served last, or the first input listed"},
    REMOVE("merge"),
};

const scn_key_table scn__merge_keys = {"merges", "### merges and diverters", "merges[].", ROWS(merge)};

static const scn_key diverter[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "its name (messages)"},
    {"input", SCN_KEY_OTHER, 0, 0, NULL, NULL, "conveyor id", "required", "the belt whose end it is"},
    {"rule", SCN_KEY_CHOICE, 0, 0, "\"product\"", "diverter rule",
     "`\"product\"`, `\"destination\"`, `\"shortest_queue\"`", "required",
     "by the unit's product, by its next station (others and overflow take the through way), or onto the free "
     "output belt holding the fewest units"},
    {"outputs", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list of groups", "required",
     "two or more ways out (keys below)"},
    REMOVE("diverter"),
};

const scn_key_table scn__diverter_keys = {"diverters", "### merges and diverters", "diverters[].", ROWS(diverter)};

static const scn_key divert_output[] = {
    {"conveyor", SCN_KEY_OTHER, 0, 0, NULL, NULL, "conveyor id", "none",
     "the belt the unit goes onto (required for rules `product` and `shortest_queue`)"},
    {"station", SCN_KEY_OTHER, 0, 0, NULL, NULL, "station id", "none (the through way)",
     "rule `destination`: units whose next station this is take this output (onto its conveyor, else straight "
     "into the station); at most one output has no station"},
    {"products", SCN_KEY_OTHER, 0, 0, NULL, NULL, "array of product ids", "none (every other product)",
     "rule `product`: the products it takes"},
};

const scn_key_table scn__divert_output_keys = {"outputs", "### merges and diverters", "diverters[].outputs[].",
                                               ROWS(divert_output)};

/* ---- AS/RS (scn_asrs.c) ---- */

static const scn_key asrs[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "named by products' `transport` as `\"asrs:ID\"`"},
    {"aisles", SCN_KEY_WHOLE, 1, 1000, NULL, NULL, NULL, "`1`", "aisles, each with a rack on both sides and a crane"},
    {"bays", SCN_KEY_WHOLE, 0, 1000000, NULL, NULL, NULL, "required", "cells along each rack face, >= 1"},
    {"levels", SCN_KEY_WHOLE, 0, 1000000, NULL, NULL, NULL, "required", "cells up each rack face, >= 1"},
    {"cell", SCN_KEY_SIZE, 0, 0, NULL, NULL, "`[width, height]` m", "`[1, 1]`", "size of a cell"},
    METRIC("speed_x", "m/s, > 0", "`2`", "crane's top speed along the aisle"),
    METRIC("speed_y", "m/s, > 0", "`0.5`", "crane's top speed up (the lift)"),
    METRIC("accel_x", "m/s², > 0", "none (constant speed)", "acceleration and braking along the aisle"),
    METRIC("accel_y", "m/s², > 0", "none (constant speed)", "acceleration and braking of the lift"),
    DIST0("handling", "each pick-up or deposit (at the I/O point or a cell)"),
    {"dual_command", SCN_KEY_BOOL, 0, 0, NULL, NULL, "`true` or `false`", "`true`",
     "a store and a retrieval in one cycle when both wait"},
    {"assign", SCN_KEY_CHOICE, 0, 0, "\"random\"", "storage assignment", "`\"random\"`, `\"closest\"`, `\"class\"`",
     "`\"random\"`", "where a unit is stored: any open cell, the open cell nearest in travel time, or a cell of its "
     "product's turnover class"},
    {"classes", SCN_KEY_OTHER, 0, 0, NULL, NULL, "array of shares", "`[0.2, 0.3, 0.5]`",
     "`assign = \"class\"`: shares of the cells (nearest first) of classes A, B, C...; add up to 1"},
    {"retrieve", SCN_KEY_CHOICE, 0, 0, "\"fifo\"", "retrieval rule", "`\"fifo\"` or `\"order\"`", "`\"fifo\"`",
     "which stored unit goes first when the next station has room: the first stored, or the unit of the order "
     "listed first in the order book"},
    {"input_capacity", SCN_KEY_WHOLE, 1, 1000000, NULL, NULL, NULL, "one per aisle",
     "units waiting at the input point to be stored (a full input point blocks the station)"},
    {"power", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group, kW", "all 0", "each crane's power by state (keys below)"},
    {"at", SCN_KEY_POINT, 0, 0, NULL, NULL, "`[x, y]` metres", "none", "the I/O point of aisle 1, for the viewer"},
    {"node", SCN_KEY_STRING, 0, 0, "\"n1\"", NULL, "node id", "none",
     "the I/O point on the path network (required with a fleet as `feed` or `deliver`)"},
    {"feed", SCN_KEY_STRING, 0, 0, "\"agv\"", NULL, "fleet id, `\"conveyor:ID\"` or `\"direct\"`", "`\"direct\"`",
     "who brings units to the input point: the fleet carries them from the station's node to `node`, or the belt "
     "from the station to its end; direct: straight from the station"},
    {"deliver", SCN_KEY_STRING, 0, 0, "\"agv\"", NULL, "fleet id, `\"conveyor:ID\"` or `\"direct\"`",
     "`\"direct\"`", "who takes retrieved units on: put on the output point (room for `input_capacity`, "
     "retrievals under way count), the fleet or the belt carries them to the next station; direct: into the next "
     "station's buffer"},
    {"failure_modes", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "none",
     "each crane's failure modes, as for stations (clock `operating`: moving or handling; `cycles`: storage and "
     "retrieval cycles done)"},
    {"maintenance", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group", "none",
     "each crane's preventive and predictive maintenance, as for stations (`window`: the line's off-shift periods, "
     "or a `window` calendar)"},
    REMOVE("AS/RS"),
};

const scn_key_table scn__asrs_keys = {"asrs", "### asrs", "", ROWS(asrs)};

static const scn_key dock[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "named by products' `from`, `to` and `transport`"},
    {"kind", SCN_KEY_CHOICE, 0, 0, "\"receiving\"", "dock kind", "`\"receiving\"` or `\"shipping\"`", "required",
     "units are released at a receiving dock; finished units leave at a shipping dock"},
    {"node", SCN_KEY_STRING, 0, 0, "\"n1\"", NULL, "node id", "none",
     "where vehicles load and unload (required when a fleet serves the dock)"},
    {"at", SCN_KEY_POINT, 0, 0, NULL, NULL, "`[x, y]` metres", "the node's position", "where the viewer draws it"},
    {"capacity", SCN_KEY_WHOLE, 0, 1000000, NULL, NULL, NULL, "`0` (any number)",
     "shipping: units unloaded at once (dock doors); a vehicle that finds them all taken waits, loaded"},
    REMOVE("dock"),
};

const scn_key_table scn__dock_keys = {"docks", "### docks", "", ROWS(dock)};

static const scn_key crane_power[] = {
    KW("moving", "travelling"),
    KW("handling", "picking up or depositing"),
    KW("idle", "waiting at the I/O point"),
    KW("down", "broken down"),
    {"maintenance", SCN_KEY_POWER, 0, 0, NULL, NULL, "kW, 0 .. 1000000", "`down`", "under planned maintenance"},
};

const scn_key_table scn__crane_power_keys = {"power", "### asrs", "power.", ROWS(crane_power)};

/* ---- people (scn_people.c) ---- */

static const scn_key pool[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "unique name, used by the stations' `people`"},
    {"headcount", SCN_KEY_WHOLE, 0, 10000, NULL, NULL, NULL, "`1`", "people on the roll"},
    {"calendar", SCN_KEY_OTHER, 0, 0, NULL, NULL, "calendar id", "the line's",
     "the pool's shift calendar; its breaks are the people's breaks"},
    {"cost_per_hour", SCN_KEY_NUMBER, 0, 1e12, NULL, NULL, "money >= 0", "`costs.labor_per_hour`",
     "per person on shift (labour cost)"},
    {"skills", SCN_KEY_OTHER, 0, 0, NULL, NULL, "array of strings", "none",
     "what every person of the pool can do (a task's `skill`)"},
    {"efficiency", SCN_KEY_NUMBER, 0, 100, NULL, NULL, "number > 0", "`1`",
     "the pool's task times (process, setup, load, repair) are divided by it"},
    {"rule", SCN_KEY_CHOICE, 0, 0, "\"nearest\"", "people rule",
     "`\"longest_waiting\"`, `\"nearest\"`, `\"priority\"`, `\"bottleneck\"`", "`\"longest_waiting\"`",
     "which waiting task a free person takes: the oldest, the nearest (walking distance), the highest task "
     "`priority`, the station with the most planned work per server; ties go to the older request"},
    {"breaks", SCN_KEY_CHOICE, 0, 0, "\"hand_over\"", "break policy", "`\"interrupt\"` or `\"hand_over\"`",
     "`\"interrupt\"`",
     "at a break or shift end the person leaves the task (it pauses until someone takes it over), or finishes it "
     "first (overtime); repairs are always finished"},
    {"walk_speed", SCN_KEY_NUMBER, 0, 100, NULL, NULL, "m/s >= 0", "`1`",
     "walking between station centres (`at`) takes distance / speed; `0`: no walking time"},
    {"people", SCN_KEY_OTHER, 0, 0, NULL, NULL, "list", "none",
     "the skill matrix, one group per person in order: `{ skills = [\"weld\"]; efficiency = 1.2; }` (that "
     "person's skills instead of the pool's)"},
    {"remove", SCN_KEY_BOOL, 0, 0, NULL, NULL, "`true`", "—",
     "in a scene that includes another: delete this pool (see @include)"},
};

const scn_key_table scn__pool_keys = {"pools", "## people", "pools[].", ROWS(pool)};

static const scn_key person[] = {
    {"skills", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"efficiency", SCN_KEY_NUMBER, 0, 100, NULL, NULL, NULL, NULL, NULL},
};

const scn_key_table scn__person_keys = {"people", NULL, "pools[].people[].", ROWS(person)};

static const scn_key task[] = {
    {"task", SCN_KEY_CHOICE, 0, 0, "\"process\"", "task",
     "`\"process\"`, `\"setup\"`, `\"load\"`, `\"inspection\"`, `\"repair\"`", "required",
     "the whole operation (a manual station; `inspection` at an inspection station), only its setup, only "
     "loading before it (the machine then runs alone), or repairing its breakdowns"},
    {"pool", SCN_KEY_OTHER, 0, 0, NULL, NULL, "pool id", "required (unless `count = 0`)", "whose people"},
    {"count", SCN_KEY_WHOLE, 0, 10000, NULL, NULL, NULL, "`1`",
     "people needed at once; `0` with `product`: this product needs nobody for this task"},
    {"skill", SCN_KEY_STRING, 0, 0, "\"weld\"", NULL, "string", "any person of the pool",
     "the skill they need"},
    {"product", SCN_KEY_OTHER, 0, 0, NULL, NULL, "product id", "every product",
     "only for this product (wins over the station's task of the same kind)"},
    {"time", SCN_KEY_DIST, 0, 0, NULL, NULL, "distribution", "required for `load`",
     "`load`: the load time (the person's part; the cycle follows)"},
    {"priority", SCN_KEY_WHOLE, -1000000, 1000000, NULL, NULL, NULL, "`0`", "for `rule = \"priority\"`"},
};

const scn_key_table scn__task_keys = {"people", "## people", "stations[].people[].", ROWS(task)};

static const scn_key zone[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "unique name of a safety zone"},
    {"from", SCN_KEY_POINT, 0, 0, NULL, NULL, "`[x, y]` metres", "required",
     "one corner of the zone's rectangle (the floor's coordinates, like the stations' `at`)"},
    {"to", SCN_KEY_POINT, 0, 0, NULL, NULL, "`[x, y]` metres", "required",
     "the opposite corner; people's time inside any zone is the safety exposure (kpis.md)"},
};

const scn_key_table scn__zone_keys = {"zones", "## people", "zones[].", ROWS(zone)};

static const scn_key_table *const all[] = {
    &scn__scene_keys,      &scn__run_keys,  &scn__station_keys, &scn__setup_rule_keys, &scn__failure_mode_keys,
    &scn__maintenance_keys, &scn__product_keys, &scn__option_keys, &scn__route_step_keys, &scn__kanban_keys,
    &scn__shifts_keys,     &scn__calendar_keys, &scn__shift_entry_keys, &scn__break_entry_keys,
    &scn__release_keys,    &scn__order_keys,
    &scn__cost_keys,       &scn__target_keys, &scn__investment_keys,
    &scn__paths_keys,      &scn__path_node_keys, &scn__path_edge_keys,
    &scn__fleet_keys,      &scn__battery_keys,
    &scn__robot_keys,      &scn__robot_power_keys,
    &scn__conveyor_keys,   &scn__merge_keys, &scn__diverter_keys, &scn__divert_output_keys,
    &scn__asrs_keys,       &scn__crane_power_keys, &scn__dock_keys,
    &scn__pool_keys,       &scn__task_keys,  &scn__zone_keys, &scn__person_keys,
};

const scn_key_table *const *scn__key_tables(size_t *n) {
    *n = sizeof all / sizeof all[0];
    return all;
}
