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
/* A table: its entity, the doc's heading and key prefix, then its rows. */
#define TABLE(entity, heading, prefix, ...) \
    {entity, heading, prefix, (const scn_key[]){__VA_ARGS__}, sizeof((const scn_key[]){__VA_ARGS__}) / sizeof(scn_key)}

/* Row macros: a row says only what differs from the other rows of its type
 * (scn_key: name, type, lo, hi, example, what, type_doc, default_doc,
 * doc). */
#define KEY(name, type, type_doc, default_doc, doc) {name, SCN_KEY_##type, 0, 0, NULL, NULL, type_doc, default_doc, doc}
/* A whole number in lo .. hi: the doc's type column is "lo .. hi". */
#define WHOLE(name, lo, hi, default_doc, doc) {name, SCN_KEY_WHOLE, lo, hi, NULL, NULL, NULL, default_doc, doc}
/* A whole number or a number in lo .. hi, with its own type column. */
#define RANGED(name, type, lo, hi, type_doc, default_doc, doc) \
    {name, SCN_KEY_##type, lo, hi, NULL, NULL, type_doc, default_doc, doc}
#define MONEY(name, default_doc, doc) RANGED(name, NUMBER, 0, 1e12, "money >= 0", default_doc, doc)
#define METRIC(name, type_doc, default_doc, doc) RANGED(name, NUMBER, 0, 1e300, type_doc, default_doc, doc)
#define SHARE(name, default_doc, doc) KEY(name, SHARE, "share", default_doc, doc)
#define CHANGE(name, default_doc, doc) KEY(name, CHANGE, "relative change", default_doc, doc)
#define DIST(name, default_doc, doc) KEY(name, DIST, "distribution", default_doc, doc)
#define DIST0(name, doc) DIST(name, "`0`", doc)
#define PACE(name, default_doc, doc) KEY(name, PACE, "distribution", default_doc, doc)
#define KW(name, doc) KEY(name, POWER, "kW, 0 .. 1000000", "`0`", doc)
#define STRING(name, example, type_doc, default_doc, doc) \
    {name, SCN_KEY_STRING, 0, 0, example, NULL, type_doc, default_doc, doc}
#define CHOICE(name, example, what, type_doc, default_doc, doc) \
    {name, SCN_KEY_CHOICE, 0, 0, example, what, type_doc, default_doc, doc}
/* A key naming another entity by its id: REF("calendar", "calendar", ...). */
#define REF(name, what, default_doc, doc) KEY(name, OTHER, what " id", default_doc, doc)
#define ID(doc) KEY("id", ID, "string", "required", doc)
/* A product's route end (`from`, `to`): a dock or an AS/RS, none by default. */
#define ROUTE_END(name, doc) KEY(name, OTHER, "dock id or `\"asrs:ID\"`", "none", doc)
#define REMOVE(what) KEY("remove", BOOL, "`true`", "—", "in a scene that includes another: delete this " what)
/* Rows that every resource with failure modes has (stations, fleets,
 * robots, AS/RS), each with its own doc lines. */
#define FAILURE_ROWS(modes_doc, maintenance_doc) \
    KEY("failure_modes", OTHER, "list", "none", modes_doc), KEY("maintenance", OTHER, "group", "none", maintenance_doc)
/* One failure mode in short (stations and robots). */
#define MTBF_ROWS \
    PACE("mtbf", "no breakdowns", "time between failures (needs `mttr`)"), \
        DIST("mttr", "—", "time to repair (needs `mtbf`)")
#define OFF_SHIFT_ROW(doc) REF("calendar", "calendar", "always on", doc)
#define KW_DOWN_ROWS \
    KW("down", "broken down"), KEY("maintenance", POWER, "kW, 0 .. 1000000", "`down`", "under planned maintenance")
/* A key without a row of its own in the doc (another row describes it). */
#define UNDOC(name, type) {name, type, 0, 0, NULL, NULL, NULL, NULL, NULL}
#define UNDOC_RANGED(name, type, lo, hi) {name, SCN_KEY_##type, lo, hi, NULL, NULL, NULL, NULL, NULL}

const scn_key_table scn__station_keys = TABLE("stations", "## stations", "",
    ID("unique name, used in routes and output"),
    CHOICE("kind", "\"machine\"", "station kind", "`\"machine\"`, `\"inspection\"`, `\"assembly\"`, `\"robot\"`",
     "`\"machine\"`",
     "inspection stations decide pass/reject; an assembly station where a product's route starts joins that "
     "product's `bom` (see [assembly](#assembly-bills-of-materials)); the others process (they are drawn "
     "differently)"),
    WHOLE("servers", 1, 1000, "`1`", "identical parallel servers (machines, benches, people)"),
    WHOLE("component_buffer", 1, 1e9, "unlimited",
     "assembly: places in each component's own buffer; a component that finds its buffer full stays on the server "
     "that brought it (blocked)"),
    WHOLE("batch", 1, MDL_MAX_BATCH, "`1`",
     "process batching: a server takes up to this many units at once, one cycle time for all (see "
     "[process batching](#process-batching))"),
    KEY("batch_timeout", DURATION, "duration", "never",
     "batching: start with fewer units once the first has waited this long"),
    RANGED("buffer", WHOLE, 0, 1e9, "integer >= 0, or `\"unlimited\"` (also `\"infinite\"`)", "unlimited",
     "capacity of the input buffer; a finished unit that finds the next buffer full stays on its server (blocked)"),
    PACE("cycle", "—", "processing time per unit for products without their own (see products)"),
    DIST("setup", "none", "changeover time when the product changes"),
    KEY("setups", OTHER, "list", "none",
     "changeovers by product pair: `( { from = \"a\"; to = \"b\"; time = \"20min\"; } )`; `from`/`to` may be left "
     "out (any); each pair once, and not the pair a product's `setup` gives already"),
    MTBF_ROWS,
    CHOICE("failure_clock", "\"operating\"", "failure clock", "`\"calendar\"` or `\"operating\"`", "`\"calendar\"`",
     "whether time to failure runs all the time or only while working"),
    FAILURE_ROWS(
        "several failure modes, each with its clock, ageing, repair and costs (see failure modes and maintenance); "
        "`mtbf`/`mttr` then become the first mode, named `\"mtbf\"`",
        "preventive maintenance, the predictor's false alarms, when warnings are acted on, maintenance costs (see "
        "failure modes and maintenance)"),
    SHARE("scrap", "`0`", "units scrapped here at once"),
    SHARE("defect", "`0`", "units made defective here (latent: found only by an inspection)"),
    SHARE("detect", "required for inspection", "inspection: share of defective units it rejects"),
    SHARE("false_reject", "`0`", "inspection: share of good units it rejects by mistake"),
    KEY("reject", OTHER, "`\"scrap\"` or `\"rework:STATION\"`", "`\"scrap\"`",
     "inspection: a rejected unit is scrapped, or goes back to STATION, where its defect is removed"),
    WHOLE("max_rework", 0, MDL_MAX_REWORK, "`3`",
     "inspection with rework: a unit that has already been sent back this many times is scrapped at its next "
     "reject (counted as `rework_capped`, see kpis.md)"),
    WHOLE("operators", 0, 10000, "`0`", "people at the station while it is on shift (labour cost)"),
    KEY("power", OTHER, "group, kW", "all 0",
     "power per server in each state: `off`, `idle`, `busy`, `down`, `setup` (default: `busy`), `blocked` "
     "(default: `idle`), `standby` (default: `idle`), `maintenance` (default: `down`)"),
    KEY("standby_after", OTHER, "duration or `\"never\"`", "`\"never\"`",
     "idle this long, a server draws `power.standby`"),
    CHOICE("dispatch", "\"fifo\"", "dispatch rule",
     "`\"fifo\"`, `\"edd\"`, `\"spt\"`, `\"priority\"`, `\"cr\"`, `\"slack\"`, `\"atc\"`, `\"setup\"`", "`\"fifo\"`",
     "order in which the buffer is served: first in, earliest due date, shortest processing time, highest "
     "product priority, critical ratio, least slack, apparent tardiness cost, same product (same variant, then "
     "same family) first " "(docs/kpis.md, Dispatching rules); ties first in, first out"),
    REF("calendar", "calendar", "the line's", "shift calendar of this station (see shifts)"),
    KEY("at", POINT, "`[x, y]` metres", "`[0, 0]`", "layout: centre of the footprint, for the viewer and the layout check (without it: none)"),
    KEY("size", SIZE, "`[w, h]` metres", "`[3, 2]`", "layout: footprint"),
    REF("node", "node", "none",
     "its pick-up and drop-off point on the path network (needed when a fleet collects or delivers units here; "
     "see [material handling](#material-handling-paths-fleets-robots-conveyors))"),
    WHOLE("out_capacity", 1, 100000, "`1`",
     "with `node`: places on the station's out-point, where finished units wait for a vehicle; the server blocks "
     "while it is full"),
    /* people (scn_people.c) */
    KEY("people", OTHER, "list", "nobody",
     "what needs a person here and whose: `( { task = \"process\"; pool = \"assemblers\"; } )` (see "
     "[people](#people))"),
    KEY("key", BOOL, "boolean", "`false`", "a key process: counted in the automation rate (see kpis.md)"),
    REMOVE("station (see @include)"),
);

const scn_key_table scn__product_keys = TABLE("products", "## products", "",
    ID("unique name"),
    KEY("route", OTHER, "array of station ids (a list with groups for flexible steps)", "required",
     "the stations a unit visits, in order (a station may appear twice); a step may be a group (see flexible "
     "routes)"),
    KEY("cycle", OTHER, "group station = distribution", "—",
     "this product's cycle time at those stations (wins over the station's `cycle`)"),
    KEY("setup", OTHER, "group station = distribution", "—",
     "changeover at those stations when they switch *to* this product"),
    WHOLE("priority", -1000000, 1000000, "`0`", "for `dispatch = \"priority\"`"),
    KEY("bom", OTHER, "group product = quantity", "none",
     "bill of materials: the product is made at the assembly station its route starts at, from these components "
     "(see [assembly](#assembly-bills-of-materials))"),
    KEY("parts", OTHER, "group product = quantity", "none",
     "disassembly or lot splitting: the product is taken apart at the station its route ends at, into these parts, "
     "whose routes start there (see [disassembly](#disassembly-and-lot-splitting))"),
    KEY("transport", OTHER, "group station = `\"FLEET\"`, `\"conveyor:ID\"`, `\"asrs:ID\"` or `\"direct\"`", "direct",
     "how units of this product *leave* that station for the next step of the route (see material handling); "
     "`transport.DOCK` for its receiving dock, and the last station's with a `to`"),
    ROUTE_END("from",
        "a receiving dock: units are released there and a transport (`transport.DOCK`) takes them to the first station "
        "(see [docks](#docks)); or `\"asrs:ID\"`: units are released into that AS/RS and retrieved for the first "
        "station (see [asrs](#asrs))"),
    ROUTE_END("to",
        "a shipping dock: finished units go there by the last station's `transport` and are finished when dropped "
        "(see [docks](#docks)); or `\"asrs:ID\"`: finished units are stored there (finished when stored) and "
        "shipped later (see [asrs](#asrs))"),
    DIST("dwell", "`0`",
         "with `to = \"asrs:ID\"`: how long a finished unit without an order stays stored before it is shipped "
         "(units of an order: until its due time)"),
    REMOVE("product"),
    KEY("options", OTHER, "list", "none", "makes the product a family of variants (see product families)"),
);

/* ---- families, flexible routes, kanban (scn_family.c, scn_route_step.c, scn_kanban.c) ---- */

const scn_key_table scn__option_keys = TABLE("options", "### product families", "options[].",
    STRING("name", "\"bore\"", "string", "required", "the option (attribute)"),
    KEY("values", OTHER, "array of strings", "required", "the values it can take"),
    KEY("cycle", OTHER, "group station = array of durations", "none",
     "time added to the cycle time at that station, one entry per value"),
    KEY("setup", OTHER, "group station = distribution", "none",
     "setup at that station when this option changes between consecutive units of the family on a server"),
);

const scn_key_table scn__route_step_keys = TABLE("route", "### flexible routes", "route[].",
    REF("station", "station", "—", "one station (with its own `cycle` for this visit)"),
    KEY("any", OTHER, "array of station ids", "—", "any of these stations can do the step; `rule` picks one"),
    CHOICE("rule", "\"first_free\"", "step rule", "`\"first_free\"`, `\"shortest_queue\"`, `\"fastest\"`",
     "`\"first_free\"`", "with `any`: how the station is chosen (ties: the first listed)"),
    KEY("branch", OTHER, "group station = probability", "—",
     "a probabilistic branch: the step goes to each station with its probability (they add up to 1)"),
    PACE("cycle", "the product's or station's", "the cycle time of this visit"),
    KEY("when", OTHER, "group option = array of values", "every variant",
     "of a family: only the variants whose options take one of the listed values (each option named) visit this "
     "step; the others skip it (see routes that depend on the options)"),
);

const scn_key_table scn__kanban_keys = TABLE("kanban", "## kanban", "kanban[].",
    ID("the loop's name"),
    REF("from", "station", "required", "the loop's first station: a unit enters it only with a free card"),
    REF("to", "station", "required",
     "the loop's last station: the card comes back when the unit leaves it for the last time on its route (or leaves "
     "the line)"),
    WHOLE("cards", 1, 1000000, "required", "cards in the loop"),
);

/* An entry of a station's `setups`, described by the station's row. */
const scn_key_table scn__setup_rule_keys = TABLE("setups", NULL, "setups[].",
    UNDOC("from", SCN_KEY_OTHER),
    UNDOC("to", SCN_KEY_OTHER),
    UNDOC("time", SCN_KEY_DIST),
);

/* An entry of a station's `failure_modes`. */
const scn_key_table scn__failure_mode_keys = TABLE("failure_modes", "## failure modes and maintenance",
                                                   "stations[].failure_modes[].",
    ID("name of the mode, unique in the station"),
    PACE("ttf", "required (not with `condition = \"gamma\"`)",
     "time to failure from a renewal, on the mode's `clock` (cycles: a number of operations, no unit)"),
    CHOICE("clock", "\"operating\"", "clock", "`\"calendar\"`, `\"operating\"`, `\"cycles\"`", "`\"calendar\"`",
     "what the mode's age counts: time up, time busy or in setup, or operations completed"),
    DIST("repair", "required", "time to repair after a failure"),
    DIST("planned", "`repair`", "duration of the planned replacement when a warning (PdM, CBM) calls it"),
    STRING("skill", "\"mechanic\"", "string", "any",
     "technician skill the repair (and a planned replacement) needs: one technician of the station's `repair` "
     "task's pool when it has the skill, else of the first pool that has it; the wait is the response time; "
     "without pools repairs start at once"),
    MONEY("parts", "`0`", "parts cost of a repair"),
    MONEY("planned_parts", "`0`", "parts cost of a planned replacement (a part replaced early)"),
    SHARE("repair_age", "`0`",
     "imperfect repair (Kijima type I): the virtual age after a repair is v + repair_age x (age run since the "
     "last renewal); 0 as good as new, 1 as bad as old; only `weibull` laws age"),
    SHARE("pm_age", "`0`", "the same factor after a maintenance"),
    CHOICE("condition", "\"linear\"", "condition model", "`\"none\"`, `\"linear\"`, `\"gamma\"`", "`\"none\"`",
     "condition-based maintenance: `linear`: the degradation grows linearly with the mode's age from 0 to the "
     "failure threshold 1, reached at the drawn failure age; `gamma`: a stationary gamma process on the mode's "
     "clock (`gamma_shape`, `gamma_scale`), the mode fails when it reaches 1"),
    RANGED("gamma_shape", NUMBER, 0, 1e12, "number > 0", "—",
     "with `condition = \"gamma\"`: shape of the increments per hour of the mode's clock (per cycle on a cycles "
     "clock): an increment over d hours is Gamma(shape gamma_shape x d, scale gamma_scale)"),
    RANGED("gamma_scale", NUMBER, 0, 1e12, "number > 0", "—",
     "with `condition = \"gamma\"`: scale of the increments, as a share of the failure level 1"),
    RANGED("maint_threshold", NUMBER, 0, 1e9, "number in (0, 1)", "—",
     "with `condition`: a reading at or above it calls maintenance (`maintenance.on_warning`)"),
    KEY("inspect", OTHER, "duration (cycles clock: number)", "`0` (continuous sensor)",
     "with `condition`: interval between inspections on the mode's clock"),
    RANGED("noise", NUMBER, 0, 1e9, "number >= 0", "`0`",
     "with `condition` and `inspect`: standard deviation of a reading's normal error"),
    SHARE("recall", "not predicted",
     "predictive maintenance: the share of this mode's failures the predictor warns about"),
    DIST("lead", "`0`", "with `recall`: how long before the failure the warning comes (on the mode's clock)"),
);

/* A station's `maintenance`. */
const scn_key_table scn__maintenance_keys = TABLE("maintenance", "## failure modes and maintenance",
                                                 "stations[].maintenance.",
    KEY("pm_interval", OTHER, "duration (cycles clock: number)", "no PM",
     "preventive maintenance every this much of `pm_clock`"),
    CHOICE("pm_clock", "\"calendar\"", "clock", "`\"calendar\"`, `\"operating\"`, `\"cycles\"`", "`\"calendar\"`",
     "what the PM interval counts"),
    CHOICE("pm_basis", "\"age\"", "PM basis", "`\"interval\"`, `\"age\"`", "`\"interval\"`",
     "`interval`: from the last PM (by calendar: a fixed grid, block replacement); `age`: from the last PM or "
     "repair (age replacement)"),
    DIST("pm_duration", "`0`", "planned duration of a PM; must be shorter than `pm_interval`"),
    CHOICE("pm_when", "\"end_of_unit\"", "moment", "`\"immediately\"`, `\"end_of_unit\"`, `\"window\"`",
     "`\"end_of_unit\"`",
     "when a PM that is due starts: at once (the unit in process waits), after the unit in process, or at the "
     "next off-shift period"),
    MONEY("pm_parts", "`0`", "parts cost of one PM"),
    STRING("pm_skill", "\"mechanic\"", "string", "none",
     "a PM needs a technician with this skill (chosen like a failure mode's `skill`); the PM waits for one"),
    STRING("window", "\"weekends\"", "calendar id", "off shift",
     "the maintenance windows of `window` moments are the on periods of this calendar (not the line's "
     "off-shift periods); a unit in process is finished first"),
    RANGED("false_alarms", NUMBER, 0, 1e9, "number >= 0", "`0`",
     "the predictor's false warnings per 1,000 operating hours; each calls the planned replacement of a "
     "predicted mode (in turn)"),
    CHOICE("on_warning", "\"end_of_unit\"", "moment", "`\"immediately\"`, `\"end_of_unit\"`, `\"window\"`",
     "`\"end_of_unit\"`", "when a warning (PdM or CBM) is acted on"),
    MONEY("cost_per_hour", "`0`", "labour per hour of repair or maintenance"),
    MONEY("cost_per_intervention", "`0`", "fixed cost of each repair or maintenance"),
);

const scn_key_table scn__shifts_keys = TABLE("shifts", "## shifts", "",
    KEY("calendars", OTHER, "list", "none", "the shift calendars"),
    REF("line", "calendar", "always on", "the line's calendar; stations without a `calendar` follow it"),
);

const scn_key_table scn__calendar_keys = TABLE("calendars", "## shifts", "calendars[].",
    ID("name used by `line` and stations' `calendar`"),
    KEY("days", OTHER, "weekdays (array or one string)", "`[\"mon-fri\"]`", "days on which the shifts start"),
    KEY("shifts", OTHER, "list", "required",
     "`{ name; from; to; days; }`: on from `from` to `to` (times of day); `to` at or before `from` means the shift "
     "ends the next day; `days` overrides the calendar's"),
    KEY("breaks", OTHER, "list", "none",
     "`{ name; from; to; days; }`: off inside the shifts; a break applies to every shift it falls into (a night "
     "shift's break after midnight included); `days` limits it to shifts *starting* on those days (a `days = "
     "\"mon\"` break at `00:30` belongs to Monday's night shift, i.e. Tuesday 00:30)"),
);

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
const scn_key_table scn__release_keys = TABLE("release", NULL, "release[].",
    UNDOC("product", SCN_KEY_OTHER),
    UNDOC("interarrival", SCN_KEY_PACE),
    UNDOC("start", SCN_KEY_OTHER),
    UNDOC_RANGED("limit", WHOLE, 0, 9.3e18),
    UNDOC_RANGED("conwip", WHOLE, 1, 1000000),
    UNDOC("unlimited", SCN_KEY_BOOL),
    UNDOC("orders", SCN_KEY_OTHER),
);

const scn_key_table scn__order_keys = TABLE("orders", NULL, "release[].orders[].",
    UNDOC("id", SCN_KEY_ID),
    UNDOC("product", SCN_KEY_OTHER),
    UNDOC_RANGED("quantity", WHOLE, 1, 100000000),
    UNDOC("release", SCN_KEY_OTHER),
    UNDOC("due", SCN_KEY_OTHER),
    UNDOC("options", SCN_KEY_OTHER), /* a family's variant (scn_family.c) */
);

/* The top level: only `name` and `description` have a row of their own;
 * each of the others has its section. */
const scn_key_table scn__scene_keys = TABLE("scene", "## name and run", "",
    STRING("name", "\"Gearbox housing line\"", "string", "file name without extension", "the line's name in reports"),
    STRING("description", NULL, "string", "—", "free text, for people"),
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
);

const scn_key_table scn__run_keys = TABLE("run", "## name and run", "run.",
    KEY("horizon", DURATION, "duration > 0, at most 100 years", "`\"5d\"`", "end of each replication"),
    KEY("warmup", DURATION, "duration < horizon", "`0`", "statistics start here (warm-up deletion)"),
    WHOLE("replications", 1, 100000, "`10`", "independent replications"),
    RANGED("seed", WHOLE, 0, 9.3e18, "integer >= 0", "`1`", "master seed; replication r uses (seed, r)"),
    KEY("start", OTHER, "time of week or duration", "`\"mon 00:00\"`",
     "where in the week time 0 falls (for shift calendars)"),
    KEY("start_date", OTHER, "date of a Monday, `\"YYYY-MM-DD\"`", "`\"2026-01-05\"`",
     "the calendar date of the week `start` is in; time 0 is `start_date` + `start` (UTC): the event log's timestamps"),
);

const scn_key_table scn__cost_keys = TABLE("costs", "## costs, targets, investment", "costs.",
    MONEY("energy_per_kwh", "0", "currency per kWh"),
    MONEY("labor_per_hour", "0", "per operator-hour on shift (`operators` of each station)"),
    MONEY("material_per_unit", "0", "per unit released"),
    MONEY("scrap_per_unit", "0",
     "extra per unit scrapped (disposal, or the material lost when material is not in `material_per_unit`)"),
    MONEY("overhead_per_hour", "0", "fixed cost per hour of the window (space, supervision)"),
    MONEY("repair_per_hour", "0", "per hour a server is down"),
    STRING("currency", "\"EUR\"", "text, at most 15 bytes", "none",
     "how money is named in reports (`--report`): a code or a sign, e.g. \"EUR\", \"$\""),
);

const scn_key_table scn__target_keys = TABLE("targets", "## costs, targets, investment", "targets.",
    CHANGE("productivity", "`+30%`", "throughput change a retrofit should reach"),
    CHANGE("cost_per_unit", "`-30%`", "operating cost per good unit change"),
    CHANGE("defect_rate", "`-20%`", "defect rate change"),
    CHANGE("units_per_kwh", "`+20%`", "good units per kWh change"),
);

const scn_key_table scn__investment_keys = TABLE("investment", "## costs, targets, investment", "investment.",
    RANGED("capex", NUMBER, 0, 1e15, "money >= 0", "—", "capital expense of a retrofit"),
    RANGED("years", NUMBER, 0, 200, "years, at most 200", "—", "write-off period, > 0"),
);

/* ---- material handling (scn_transport.c) ------------------------------------ */

const scn_key_table scn__paths_keys = TABLE("paths", "### paths", "paths.",
    KEY("floor", OTHER, "`[w, h]` or `[x0, y0, x1, y1]`", "none", "the floor; `check` warns about nodes outside it"),
    KEY("nodes", OTHER, "list of groups", "—", "the places vehicles drive to (keys below)"),
    KEY("edges", OTHER, "list of groups", "—", "the ways between them (keys below)"),
);

const scn_key_table scn__path_node_keys = TABLE("nodes", "### paths", "paths.nodes[].",
    ID("named by edges, stations' `node` and fleets' `home`"),
    KEY("at", POINT, "`[x, y]` metres", "required", "its position"),
    CHOICE("kind", "\"parking\"", "node kind", "`\"point\"`, `\"parking\"`, `\"charging\"`", "`\"point\"`",
     "routes do not run through parking and charging nodes when there is another way"),
    WHOLE("capacity", 1, 10000, "`1`", "vehicles on the node at once"),
    WHOLE("slots", 1, 10000, "`1`", "chargers of a charging node, at most `capacity`"),
    REMOVE("node"),
);

const scn_key_table scn__path_edge_keys = TABLE("edges", "### paths", "paths.edges[].",
    STRING("from", "\"n1\"", "node id", "required", "one end"),
    STRING("to", "\"n2\"", "node id", "required", "the other end"),
    KEY("two_way", BOOL, "`true` or `false`", "`true`",
     "driven both ways (one direction at a time when `capacity` is 1)"),
    METRIC("speed", "m/s, >= 0", "none", "speed limit on the edge"),
    WHOLE("capacity", 1, 10000, "`1`", "vehicles on the edge at once; a two-way edge carries one direction at a time"),
);

const scn_key_table scn__fleet_keys = TABLE("fleets", "### fleets", "",
    ID("named by products' `transport`"),
    WHOLE("count", 1, 100000, "`1`",
          "vehicles; they must fit on the nodes' capacities; with `traffic = \"avoid\"` those beyond what the "
          "layout holds are kept out of the traffic (material-handling.md)"),
    METRIC("speed", "m/s, > 0", "`1.0`", "top speed"),
    METRIC("accel", "m/s², >= 0", "`0.5`", "acceleration and braking; `0` = instant"),
    DIST0("load", "loading, per unit"),
    DIST0("unload", "unloading, per unit"),
    WHOLE("capacity", 1, 64, "`1`", "units per trip"),
    CHOICE("mode", "\"kinematic\"", "motion mode", "`\"kinematic\"`, `\"physics\"`", "`\"kinematic\"`",
     "exact event-driven travel times, or chipmunk2d bodies (traffic studies, collisions, near-misses; much slower)"),
    CHOICE("dispatch", "\"nearest\"", "fleet dispatch rule", "`\"nearest\"`, `\"fcfs\"`, `\"starvation\"`",
     "`\"nearest\"`", "which vehicle takes which request"),
    CHOICE("idle", "\"park\"", "idle rule", "`\"park\"`, `\"stay\"`", "`\"park\"`", "where an idle vehicle waits"),
    STRING("home", "\"p1\"", "node id", "parking nodes", "start node"),
    METRIC("per_m_kwh", "kWh, >= 0", "`0`",
     "energy per metre driven (counted in the line's energy)"),
    KW("idle_kw", "draw at all times but charging"),
    KEY("battery", OTHER, "group", "none", "the vehicles run on a battery (keys below)"),
    KEY("size", SIZE, "`[length, width]` m", "`[1.0, 0.7]`", "physics body"),
    KEY("dt", DURATION, "duration, at least 1ms", "`50ms`", "physics step"),
    METRIC("near_miss", "m, >= 0", "`0.3`", "gap counted as a near-miss (physics)"),
    KEY("deadlock_timeout", DURATION, "duration", "`60s`",
     "wait before a deadlock is resolved by a forced pass (physics)"),
    CHOICE("traffic", "\"avoid\"", "traffic mode", "`\"avoid\"`, `\"detect\"`", "`\"avoid\"`",
     "deadlock avoidance (corridors taken whole, one way at a time), or detection and resolution only"),
    CHOICE("surplus", "\"hold\"", "surplus rule", "`\"hold\"`, `\"drive\"`", "`\"hold\"`",
     "with `traffic = \"avoid\"`, the vehicles beyond what the layout holds (`check`'s fleet-size warning): kept "
     "switched off, out of the traffic, or put on the network like the others (deadlocks then left to detection "
     "and forced passes: to show what too many vehicles do)"),
    WHOLE("operators", 0, 10000, "`0`",
     "people per vehicle (a manual cart: `1`); in the labor cost over the hours the line's calendar is on"),
    FAILURE_ROWS(
        "each vehicle's failure modes, as for stations (clock `operating`: driving or loading / unloading; `cycles`: "
        "trips done)",
        "each vehicle's preventive and predictive maintenance, as for stations (`window` needs a `window` calendar)"),
    OFF_SHIFT_ROW(
        "the vehicles' shift calendar: off shift a vehicle ends the task in hand, parks and takes no task (`off`)"),
    REMOVE("fleet"),
);

const scn_key_table scn__battery_keys = TABLE("battery", "### fleets", "battery.",
    METRIC("capacity_kwh", "kWh, > 0", "required", "energy of a full battery"),
    SHARE("threshold", "`0`",
     "below it a vehicle goes charging: after a task, or while idle when its idle draw reaches it"),
    METRIC("charge_kw", "kW, > 0", "required", "charging power"),
    SHARE("initial", "`1`", "charge at the start"),
    METRIC("per_m_kwh", "kWh, >= 0", "`0`", "as the fleet's `per_m_kwh`"),
    KW("idle_kw", "as the fleet's `idle_kw`"),
);

const scn_key_table scn__robot_keys = TABLE("robots", "### robots", "",
    ID("its name"),
    KEY("tends", OTHER, "array of station ids", "required",
     "the machines it loads and unloads (a station has at most one robot); an array `[...]` or a list `(...)`"),
    DIST0("load", "loading a machine"),
    DIST0("unload", "unloading a machine"),
    DIST0("move", "paid when the next task is at another station"),
    MTBF_ROWS,
    KEY("power", OTHER, "group, kW", "all 0", "power in each state (keys below)"),
    FAILURE_ROWS(
        "failure modes as for stations (clock `operating`: moving or loading; `cycles`: loads and unloads done)",
        "preventive and predictive maintenance as for stations (`window` needs a `window` calendar)"),
    OFF_SHIFT_ROW("the robot's shift calendar: off shift it ends the task in hand and starts none (`off`)"),
    REMOVE("robot"),
);

const scn_key_table scn__robot_power_keys = TABLE("power", "### robots", "power.",
    KW("busy", "loading or unloading a machine"),
    KW("moving", "moving between its stations"),
    KW("idle", "waiting for a task"),
    KW_DOWN_ROWS,
    KW("off", "off shift (its `calendar`)"),
);

const scn_key_table scn__conveyor_keys = TABLE("conveyors", "### conveyors", "",
    ID("named by products' `transport` as `\"conveyor:ID\"`"),
    METRIC("length", "m, > 0, at most 1000000", "required", "belt length"),
    METRIC("speed", "m/s, > 0", "required", "belt speed"),
    METRIC("spacing", "m, > 0", "required",
     "gap per unit: at most the length, and length / spacing at most 1,000,000"),
    KEY("accumulating", BOOL, "`true` or `false`", "`true`",
     "at a full next buffer the front unit stops and the others close up behind it while the belt runs on; "
     "`false`: the belt stops as a whole"),
    KW("power", "draw while running"),
    KEY("from", POINT, "`[x, y]` metres", "none", "start, for the viewer"),
    KEY("to", POINT, "`[x, y]` metres", "none", "end, for the viewer"),
    REMOVE("conveyor"),
);

/* ---- conveyor networks (scn_conveyor.c) ---- */

const scn_key_table scn__merge_keys = TABLE("merges", "### merges and diverters", "merges[].",
    ID("its name (messages)"),
    KEY("inputs", OTHER, "array of conveyor ids", "required", "the belts it joins, two or more, in priority order"),
    REF("output", "conveyor", "required", "the belt they join into"),
    CHOICE("rule", "\"alternate\"", "merge rule", "`\"alternate\"` or `\"priority\"`", "`\"alternate\"`",
     "which waiting input goes next: round robin after the input served last, or the first input listed"),
    REMOVE("merge"),
);

const scn_key_table scn__diverter_keys = TABLE("diverters", "### merges and diverters", "diverters[].",
    ID("its name (messages)"),
    REF("input", "conveyor", "required", "the belt whose end it is"),
    CHOICE("rule", "\"product\"", "diverter rule", "`\"product\"`, `\"destination\"`, `\"shortest_queue\"`", "required",
     "by the unit's product, by its next station (others and overflow take the through way), or onto the free "
     "output belt holding the fewest units"),
    KEY("outputs", OTHER, "list of groups", "required", "two or more ways out (keys below)"),
    REMOVE("diverter"),
);

const scn_key_table scn__divert_output_keys = TABLE("outputs", "### merges and diverters", "diverters[].outputs[].",
    REF("conveyor", "conveyor", "none",
     "the belt the unit goes onto (required for rules `product` and `shortest_queue`)"),
    REF("station", "station", "none (the through way)",
     "rule `destination`: units whose next station this is take this output (onto its conveyor, else straight "
     "into the station); at most one output has no station"),
    KEY("products", OTHER, "array of product ids", "none (every other product)",
     "rule `product`: the products it takes"),
);

/* ---- AS/RS (scn_asrs.c) ---- */

const scn_key_table scn__asrs_keys = TABLE("asrs", "### asrs", "",
    ID("named by products' `transport` as `\"asrs:ID\"`"),
    WHOLE("aisles", 1, 1000, "`1`", "aisles, each with a rack on both sides and a crane"),
    WHOLE("bays", 0, 1000000, "required", "cells along each rack face, >= 1"),
    WHOLE("levels", 0, 1000000, "required", "cells up each rack face, >= 1"),
    KEY("cell", SIZE, "`[width, height]` m", "`[1, 1]`", "size of a cell"),
    METRIC("speed_x", "m/s, > 0", "`2`", "crane's top speed along the aisle"),
    METRIC("speed_y", "m/s, > 0", "`0.5`", "crane's top speed up (the lift)"),
    METRIC("accel_x", "m/s², > 0", "none (constant speed)", "acceleration and braking along the aisle"),
    METRIC("accel_y", "m/s², > 0", "none (constant speed)", "acceleration and braking of the lift"),
    DIST0("handling", "each pick-up or deposit (at the I/O point or a cell)"),
    KEY("dual_command", BOOL, "`true` or `false`", "`true`", "a store and a retrieval in one cycle when both wait"),
    CHOICE("assign", "\"random\"", "storage assignment", "`\"random\"`, `\"closest\"`, `\"class\"`", "`\"random\"`",
     "where a unit is stored: any open cell, the open cell nearest in travel time, or a cell of its "
     "product's turnover class"),
    KEY("classes", OTHER, "array of shares", "`[0.2, 0.3, 0.5]`",
     "`assign = \"class\"`: shares of the cells (nearest first) of classes A, B, C...; add up to 1"),
    CHOICE("retrieve", "\"fifo\"", "retrieval rule", "`\"fifo\"` or `\"order\"`", "`\"fifo\"`",
     "which stored unit goes first when the next station has room: the first stored, or the unit of the order "
     "listed first in the order book"),
    WHOLE("input_capacity", 1, 1000000, "one per aisle",
     "units waiting at the input point to be stored (a full input point blocks the station)"),
    KEY("power", OTHER, "group, kW", "all 0", "each crane's power by state (keys below)"),
    KEY("at", POINT, "`[x, y]` metres", "none", "the I/O point of aisle 1, for the viewer"),
    KEY("initial_stock", OTHER, "group product = units", "none (empty)",
     "raw material in the racks at time 0: units of each product released into this AS/RS (`from`), placed by "
     "`assign`, released at time 0 (see [asrs](#asrs))"),
    STRING("node", "\"n1\"", "node id", "none",
     "the I/O point on the path network (required with a fleet as `feed` or `deliver`)"),
    STRING("feed", "\"agv\"", "fleet id, `\"conveyor:ID\"` or `\"direct\"`", "`\"direct\"`",
     "who brings units to the input point: the fleet carries them from the station's node to `node`, or the belt "
     "from the station to its end; direct: straight from the station"),
    STRING("deliver", "\"agv\"", "fleet id, `\"conveyor:ID\"` or `\"direct\"`", "`\"direct\"`",
     "who takes retrieved units on: put on the output point (room for `input_capacity`, "
     "retrievals under way count), the fleet or the belt carries them to the next station; direct: into the next "
     "station's buffer"),
    FAILURE_ROWS(
        "each crane's failure modes, as for stations (clock `operating`: moving or handling; `cycles`: storage and "
        "retrieval cycles done)",
        "each crane's preventive and predictive maintenance, as for stations (`window`: the line's off-shift periods, "
        "or a `window` calendar)"),
    REMOVE("AS/RS"),
);

const scn_key_table scn__dock_keys = TABLE("docks", "### docks", "",
    ID("named by products' `from`, `to` and `transport`"),
    CHOICE("kind", "\"receiving\"", "dock kind", "`\"receiving\"` or `\"shipping\"`", "required",
           "units are released at a receiving dock; finished units leave at a shipping dock"),
    STRING("node", "\"n1\"", "node id", "none", "where vehicles load and unload (required when a fleet serves the dock)"),
    KEY("at", POINT, "`[x, y]` metres", "the node's position", "where the viewer draws it"),
    WHOLE("capacity", 0, 1000000, "`0` (any number)",
          "shipping: units unloaded at once (dock doors); a vehicle that finds them all taken waits, loaded"),
    REMOVE("dock"),
);

const scn_key_table scn__crane_power_keys = TABLE("power", "### asrs", "power.",
    KW("moving", "travelling"),
    KW("handling", "picking up or depositing"),
    KW("idle", "waiting at the I/O point"),
    KW_DOWN_ROWS,
);

/* ---- people (scn_people.c) ---- */

const scn_key_table scn__pool_keys = TABLE("pools", "## people", "pools[].",
    ID("unique name, used by the stations' `people`"),
    WHOLE("headcount", 0, 10000, "`1`", "people on the roll"),
    REF("calendar", "calendar", "the line's",
     "the pool's shift calendar; its breaks are the people's breaks"),
    MONEY("cost_per_hour", "`costs.labor_per_hour`", "per person on shift (labour cost)"),
    KEY("skills", OTHER, "array of strings", "none", "what every person of the pool can do (a task's `skill`)"),
    RANGED("efficiency", NUMBER, 0, 100, "number > 0", "`1`",
     "the pool's task times (process, setup, load, repair) are divided by it"),
    CHOICE("rule", "\"nearest\"", "people rule",
     "`\"longest_waiting\"`, `\"nearest\"`, `\"priority\"`, `\"bottleneck\"`", "`\"longest_waiting\"`",
     "which waiting task a free person takes: the oldest, the nearest (walking distance), the highest task "
     "`priority`, the station with the most planned work per server; ties go to the older request"),
    CHOICE("breaks", "\"hand_over\"", "break policy", "`\"interrupt\"` or `\"hand_over\"`", "`\"interrupt\"`",
     "at a break or shift end the person leaves the task (it pauses until someone takes it over), or finishes it "
     "first (overtime); repairs are always finished"),
    RANGED("walk_speed", NUMBER, 0, 100, "m/s >= 0", "`1`",
     "walking between station centres (`at`) takes distance / speed; `0`: no walking time"),
    KEY("people", OTHER, "list", "none",
     "the skill matrix, one group per person in order: `{ skills = [\"weld\"]; efficiency = 1.2; }` (that "
     "person's skills instead of the pool's)"),
    REMOVE("pool (see @include)"),
);

const scn_key_table scn__person_keys = TABLE("people", NULL, "pools[].people[].",
    UNDOC("skills", SCN_KEY_OTHER),
    UNDOC_RANGED("efficiency", NUMBER, 0, 100),
);

const scn_key_table scn__task_keys = TABLE("people", "## people", "stations[].people[].",
    CHOICE("task", "\"process\"", "task", "`\"process\"`, `\"setup\"`, `\"load\"`, `\"inspection\"`, `\"repair\"`",
     "required", "the whole operation (a manual station; `inspection` at an inspection station), only its setup, only "
     "loading before it (the machine then runs alone), or repairing its breakdowns"),
    REF("pool", "pool", "required (unless `count = 0`)", "whose people"),
    WHOLE("count", 0, 10000, "`1`",
     "people needed at once; `0` with `product`: this product needs nobody for this task"),
    STRING("skill", "\"weld\"", "string", "any person of the pool", "the skill they need"),
    REF("product", "product", "every product",
     "only for this product (wins over the station's task of the same kind)"),
    DIST("time", "required for `load`", "`load`: the load time (the person's part; the cycle follows)"),
    WHOLE("priority", -1000000, 1000000, "`0`", "for `rule = \"priority\"`"),
);

const scn_key_table scn__zone_keys = TABLE("zones", "## people", "zones[].",
    ID("unique name of a safety zone"),
    KEY("from", POINT, "`[x, y]` metres", "required",
     "one corner of the zone's rectangle (the floor's coordinates, like the stations' `at`)"),
    KEY("to", POINT, "`[x, y]` metres", "required",
     "the opposite corner; people's time inside any zone is the safety exposure (kpis.md)"),
);

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
