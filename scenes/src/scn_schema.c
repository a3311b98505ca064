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

/* Whole numbers: {name, SCN_KEY_WHOLE, lo, hi, ...}; the doc's type column
 * is "lo .. hi" unless it says more. */
static const scn_key station[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "unique name, used in routes and output"},
    {"kind", SCN_KEY_CHOICE, 0, 0, "\"machine\"", "station kind",
     "`\"machine\"`, `\"inspection\"`, `\"assembly\"`, `\"robot\"`", "`\"machine\"`",
     "inspection stations decide pass/reject; the others process (they are drawn differently)"},
    {"servers", SCN_KEY_WHOLE, 1, 1000, NULL, NULL, NULL, "`1`",
     "identical parallel servers (machines, benches, people)"},
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
     "(default: `idle`), `standby` (default: `idle`)"},
    {"standby_after", SCN_KEY_OTHER, 0, 0, NULL, NULL, "duration or `\"never\"`", "`\"never\"`",
     "idle this long, a server draws `power.standby`"},
    {"dispatch", SCN_KEY_CHOICE, 0, 0, "\"fifo\"", "dispatch rule",
     "`\"fifo\"`, `\"edd\"`, `\"spt\"`, `\"priority\"`, `\"cr\"`, `\"slack\"`, `\"atc\"`, `\"setup\"`",
     "`\"fifo\"`",
     "order in which the buffer is served: first in, earliest due date, shortest processing time, highest "
     "product priority, critical ratio, least slack, apparent tardiness cost, same product first "
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
    {"remove", SCN_KEY_BOOL, 0, 0, NULL, NULL, "`true`", "—",
     "in a scene that includes another: delete this station (see @include)"},
};

const scn_key_table scn__station_keys = {"stations", "## stations", "", ROWS(station)};

static const scn_key product[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, "string", "required", "unique name"},
    {"route", SCN_KEY_OTHER, 0, 0, NULL, NULL, "array of station ids", "required",
     "the stations a unit visits, in order (a station may appear twice)"},
    {"cycle", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group station = distribution", "—",
     "this product's cycle time at those stations (wins over the station's `cycle`)"},
    {"setup", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group station = distribution", "—",
     "changeover at those stations when they switch *to* this product"},
    {"priority", SCN_KEY_WHOLE, -1000000, 1000000, NULL, NULL, NULL, "`0`", "for `dispatch = \"priority\"`"},
    {"transport", SCN_KEY_OTHER, 0, 0, NULL, NULL, "group station = `\"FLEET\"`, `\"conveyor:ID\"` or `\"direct\"`",
     "direct",
     "how units of this product *leave* that station for the next step of the route (see material handling)"},
    {"remove", SCN_KEY_BOOL, 0, 0, NULL, NULL, "`true`", "—",
     "in a scene that includes another: delete this product"},
};

const scn_key_table scn__product_keys = {"products", "## products", "", ROWS(product)};

/* An entry of a station's `setups`, described by the station's row. */
static const scn_key setup_rule[] = {
    {"from", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"to", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"time", SCN_KEY_DIST, 0, 0, NULL, NULL, NULL, NULL, NULL},
};

const scn_key_table scn__setup_rule_keys = {"setups", NULL, "setups[].", ROWS(setup_rule)};

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
    {"name", SCN_KEY_STRING, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"from", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"to", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"days", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
};

const scn_key_table scn__shift_entry_keys = {"shifts", NULL, "calendars[].shifts[].", ROWS(shift_entry)};
const scn_key_table scn__break_entry_keys = {"breaks", NULL, "calendars[].breaks[].", ROWS(shift_entry)};

/* An entry of `release` and an order of an inline list: the doc describes
 * them by example rows (release). */
static const scn_key release[] = {
    {"product", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"interarrival", SCN_KEY_PACE, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"start", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"limit", SCN_KEY_WHOLE, 0, 9.3e18, NULL, NULL, NULL, NULL, NULL},
    {"conwip", SCN_KEY_WHOLE, 1, 1000000, NULL, NULL, NULL, NULL, NULL},
    {"unlimited", SCN_KEY_BOOL, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"orders", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
};

const scn_key_table scn__release_keys = {"release", NULL, "release[].", ROWS(release)};

static const scn_key order[] = {
    {"id", SCN_KEY_ID, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"product", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"quantity", SCN_KEY_WHOLE, 1, 100000000, NULL, NULL, NULL, NULL, NULL},
    {"release", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"due", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
};

const scn_key_table scn__order_keys = {"orders", NULL, "release[].orders[].", ROWS(order)};

/* The top level: only `name` and `description` have a row of their own;
 * each of the others has its section. */
static const scn_key scene[] = {
    {"name", SCN_KEY_STRING, 0, 0, "\"Gearbox housing line\"", NULL, "string", "file name without extension",
     "the line's name in reports"},
    {"description", SCN_KEY_STRING, 0, 0, NULL, NULL, "string", "—", "free text, for people"},
    {"run", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"products", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"release", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"stations", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"costs", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"shifts", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"targets", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"investment", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"paths", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"fleets", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"robots", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
    {"conveyors", SCN_KEY_OTHER, 0, 0, NULL, NULL, NULL, NULL, NULL},
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

static const scn_key_table *const all[] = {
    &scn__scene_keys,      &scn__run_keys,  &scn__station_keys, &scn__setup_rule_keys, &scn__product_keys,
    &scn__shifts_keys,     &scn__calendar_keys, &scn__shift_entry_keys, &scn__break_entry_keys,
    &scn__release_keys,    &scn__order_keys,
    &scn__cost_keys,       &scn__target_keys, &scn__investment_keys,
};

const scn_key_table *const *scn__key_tables(size_t *n) {
    *n = sizeof all / sizeof all[0];
    return all;
}
