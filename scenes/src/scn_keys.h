/*
 * scn_keys.h - one typed reader for the keys of a scene, and the tables
 * that describe each entity's keys.
 *
 * Every key of an entity is described once, in a scn_key_table (key,
 * type, range, default, one line of documentation). The table drives the
 * reading (scn__key_whole(r, "servers", &n) takes its range from the
 * table), the unknown-key hints (a key not in the table is refused, with
 * "did you mean"), and the key tables of docs/scene-format.md
 * (scn__key_row writes a table's rows; tests/test_scene_keys.c compares
 * them with the doc's).
 *
 * The node readers (scn__read_*) report each problem at the node as
 * "file:line: subject: key: message" to env->diags and return false; every
 * entity reads its values through them, so that all entities accept the
 * same values and say the same about the ones they refuse.
 */
#ifndef SCN_KEYS_H
#define SCN_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "scn_internal.h"

/* ---- node readers ---------------------------------------------------------- */

/* A value that must be of one kind ("expected a string like \"fifo\""). */
bool scn__want_kind(scn_build_env *env, const scn_node *n, scn_kind kind, const char *subject, const char *key,
                    const char *example);
/* A whole number between lo and hi (hi == LLONG_MAX: no upper bound). */
bool scn__read_whole(scn_build_env *env, const scn_node *n, const char *subject, const char *key, long long lo,
                     long long hi, long long *out);
/* A finite number between lo and hi (hi >= 1e300: no upper bound). */
bool scn__read_number(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double lo,
                      double hi, double *out);
/* A duration: seconds >= 0, or "45s", "3min", "1.5h". */
bool scn__read_duration(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double *out);
/* A distribution of a duration; `positive` demands a mean of at least
 * SCN_MIN_PACE (a cycle or interarrival time of zero would make time stand
 * still). Empirical distributions are kept in m. */
bool scn__read_dist(scn_build_env *env, mdl_model *m, const scn_node *n, const char *subject, const char *key,
                    bool positive, sim_dist *out);
/* A share: 0.02 or "2%". */
bool scn__read_share(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double *out);
/* A relative change: 0.3, -0.3, "+30%", "-30%". */
bool scn__read_change(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double *out);
/* A power draw in kW: a number from 0 to SCN_MAX_KW. */
bool scn__read_power(scn_build_env *env, const scn_node *n, const char *subject, const char *key, double *out);
/* `count` numbers [a, b, ...] in metres into v; `positive`: all > 0;
 * `expected` says what was expected ("two numbers like [4.0, 6.5]"). */
bool scn__read_coords(scn_build_env *env, const scn_node *n, const char *subject, const char *key, size_t count,
                      bool positive, const char *expected, double *v);
/* Two numbers [x, y] in metres; `positive`: both > 0. */
bool scn__read_pair(scn_build_env *env, const scn_node *n, const char *subject, const char *key, bool positive,
                    double *x, double *y);
/* One of `names` (a string): its index, or -1 when refused ("key: no
 * `what` 'x' (did you mean 'y'?)"). */
int scn__read_choice(scn_build_env *env, const scn_node *n, const char *subject, const char *key,
                     const char *example, const char *what, const char *const *names, size_t count);
/* A list of groups like `example`: a single group is refused with a hint,
 * and so is an entry that is not a group. */
bool scn__read_list_of_groups(scn_build_env *env, const scn_node *n, const char *subject, const char *example);
/* "key: no `what` 'id'" with a hint: the closest of names, or all of them
 * when there are few (NULL names are skipped). */
void scn__unknown_name(scn_build_env *env, const scn_node *at, const char *subject, const char *key,
                       const char *what, const char *id, const char *const *names, size_t n);
/* Refuses each member of group g not in the NULL-ended `known`, with a
 * hint (or `where_hint` when no name is close); the number refused. */
size_t scn__check_keys(scn_build_env *env, const scn_node *g, const char *subject, const char *const *known,
                       const char *where_hint);

/* ---- key tables ---------------------------------------------------------------- */

typedef enum scn_key_type {
    SCN_KEY_ID = 0,     /* the entity's name (read by the entity's list) */
    SCN_KEY_WHOLE,      /* whole number in [lo, hi] */
    SCN_KEY_NUMBER,     /* number in [lo, hi] */
    SCN_KEY_SHARE,      /* 0 .. 1 or "0%" .. "100%" */
    SCN_KEY_CHANGE,     /* relative change */
    SCN_KEY_DURATION,
    SCN_KEY_DIST,       /* distribution of a duration, mean >= 0 */
    SCN_KEY_PACE,       /* distribution of a duration that paces the line, mean >= 1ms */
    SCN_KEY_BOOL,
    SCN_KEY_STRING,
    SCN_KEY_CHOICE,     /* one of a list of names */
    SCN_KEY_POINT,      /* [x, y] metres */
    SCN_KEY_SIZE,       /* [w, h] metres, both > 0 */
    SCN_KEY_POWER,      /* kW, 0 .. SCN_MAX_KW */
    SCN_KEY_OTHER       /* read by the entity's own code */
} scn_key_type;

typedef struct scn_key {
    const char *name;
    scn_key_type type;
    double lo, hi;          /* SCN_KEY_WHOLE, SCN_KEY_NUMBER */
    const char *example;    /* SCN_KEY_CHOICE, SCN_KEY_STRING: the example of a wrong kind ("\"fifo\"") */
    const char *what;       /* SCN_KEY_CHOICE: the name of the choices ("dispatch rule") */
    /* The documentation's columns. type_doc NULL: "lo .. hi" of a whole
     * number. doc NULL: the key has no row in this table's section (a
     * scene's `stations` is documented by the stations' own table). */
    const char *type_doc;
    const char *default_doc;
    const char *doc;
} scn_key;

typedef struct scn_key_table {
    const char *entity;     /* "stations" */
    const char *heading;    /* the doc's section with the table: "## stations"; the
                               tables of one section follow each other there.
                               NULL: no table in the doc (a row of another
                               table describes these keys) */
    const char *prefix;     /* of the keys in the doc: "run.", "calendars[]." */
    const scn_key *keys;
    size_t n;
} scn_key_table;

extern const scn_key_table scn__scene_keys;        /* the top level */
extern const scn_key_table scn__run_keys;
extern const scn_key_table scn__station_keys;
extern const scn_key_table scn__failure_mode_keys;  /* an entry of a station's `failure_modes` */
extern const scn_key_table scn__maintenance_keys;   /* a station's `maintenance` */
extern const scn_key_table scn__product_keys;
extern const scn_key_table scn__setup_rule_keys;   /* an entry of a station's `setups` */
extern const scn_key_table scn__option_keys;       /* an entry of a product's `options` (scn_family.c) */
extern const scn_key_table scn__route_step_keys;   /* a route step written as a group (scn_route_step.c) */
extern const scn_key_table scn__kanban_keys;       /* an entry of `kanban` (scn_kanban.c) */
extern const scn_key_table scn__shifts_keys;
extern const scn_key_table scn__calendar_keys;
extern const scn_key_table scn__shift_entry_keys;  /* an entry of a calendar's `shifts` */
extern const scn_key_table scn__break_entry_keys;  /* an entry of a calendar's `breaks` */
extern const scn_key_table scn__release_keys;      /* an entry of `release` */
extern const scn_key_table scn__order_keys;        /* an order written in the scene */
extern const scn_key_table scn__cost_keys;
extern const scn_key_table scn__target_keys;
extern const scn_key_table scn__investment_keys;
/* Material handling (scn_transport.c). */
extern const scn_key_table scn__paths_keys;
extern const scn_key_table scn__path_node_keys;    /* an entry of paths.nodes */
extern const scn_key_table scn__path_edge_keys;    /* an entry of paths.edges */
extern const scn_key_table scn__fleet_keys;
extern const scn_key_table scn__battery_keys;      /* a fleet's `battery` */
extern const scn_key_table scn__robot_keys;
extern const scn_key_table scn__robot_power_keys;  /* a robot's `power`, in the order of mdl_robot_state */
extern const scn_key_table scn__conveyor_keys;
extern const scn_key_table scn__merge_keys;         /* an entry of `merges` (scn_conveyor.c) */
extern const scn_key_table scn__diverter_keys;      /* an entry of `diverters` */
extern const scn_key_table scn__divert_output_keys; /* an entry of a diverter's `outputs` */
extern const scn_key_table scn__asrs_keys;         /* scn_asrs.c */
extern const scn_key_table scn__dock_keys;         /* scn_dock.c */
extern const scn_key_table scn__crane_power_keys;  /* an AS/RS's `power`, in the order of mdl_crane_state */
extern const scn_key_table scn__pool_keys;         /* an entry of `pools` (scn_people.c) */
extern const scn_key_table scn__person_keys;       /* an entry of a pool's `people` */
extern const scn_key_table scn__task_keys;         /* an entry of a station's `people` */
extern const scn_key_table scn__zone_keys;         /* an entry of `zones` (safety zones) */

/* All tables, for the documentation test. */
const scn_key_table *const *scn__key_tables(size_t *n);

/* The entry of `key`, or NULL. */
const scn_key *scn__key_find(const scn_key_table *t, const char *key);
/* The table's key names, NULL-ended, into names (room for t->n + 1). */
void scn__key_names(const scn_key_table *t, const char **names);
/* The doc's row of k of table t: "| `prefix.key` | type | default | meaning |". */
void scn__key_row(const scn_key_table *t, const scn_key *k, char *buf, size_t size);

/* ---- reading one entity's group through its table ---------------------------------- */

typedef struct scn_keyreader {
    scn_build_env *env;
    mdl_model *m;               /* for distributions (empirical tables) */
    const scn_key_table *t;
    const scn_node *g;          /* the entity's group */
    const char *subject;
    bool failed;                /* some key was refused */
    const char *in;             /* a group inside the entity ("battery"): messages name its
                                   keys "battery.threshold"; NULL: the entity's own keys */
} scn_keyreader;

/* Starts reading group g: refuses the keys the table does not name (the
 * number refused; they do not set r->failed: the entity is still built,
 * so that what refers to it is checked). */
size_t scn__keys_begin(scn_keyreader *r, scn_build_env *env, mdl_model *m, const scn_key_table *t, const scn_node *g,
                     const char *subject);
/* The member `key` (a key of the table), or NULL when not written. */
const scn_node *scn__key_node(const scn_keyreader *r, const char *key);
/* Each reads the key by its table entry: true when it is written and
 * valid; a problem is reported and sets r->failed. */
bool scn__key_whole(scn_keyreader *r, const char *key, long long *out);
/* scn__key_whole into an int (the table's range fits one). */
bool scn__key_int(scn_keyreader *r, const char *key, int *out);
bool scn__key_number(scn_keyreader *r, const char *key, double *out);
bool scn__key_share(scn_keyreader *r, const char *key, double *out);
bool scn__key_change(scn_keyreader *r, const char *key, double *out);
bool scn__key_duration(scn_keyreader *r, const char *key, double *out);
bool scn__key_dist(scn_keyreader *r, const char *key, sim_dist *out);
bool scn__key_bool(scn_keyreader *r, const char *key, bool *out);
bool scn__key_string(scn_keyreader *r, const char *key, const char **out);
/* The index of the value among names (count of them). */
bool scn__key_choice(scn_keyreader *r, const char *key, const char *const *names, size_t count, int *out);
bool scn__key_pair(scn_keyreader *r, const char *key, double *x, double *y);
bool scn__key_power(scn_keyreader *r, const char *key, double *out);
/* Keys read straight into the members of the same name of a spec: the
 * member's C type picks the reader (an int: a whole number; a double: by
 * the key's type, a number, share, duration or power; a bool; a sim_dist),
 * and the table the range. */
typedef enum scn_field_kind { SCN_FIELD_INT, SCN_FIELD_DOUBLE, SCN_FIELD_BOOL, SCN_FIELD_DIST } scn_field_kind;
typedef struct scn_key_field {
    const char *key;        /* the key, named like the member */
    size_t offset;          /* of the member in the spec */
    scn_field_kind kind;    /* of the member's C type */
} scn_key_field;
/* The field of member `member` of spec type T. */
#define SCN_FIELD(T, member)                                                                                          \
    {#member, offsetof(T, member),                                                                                    \
     _Generic(((T *)0)->member, int: SCN_FIELD_INT, double: SCN_FIELD_DOUBLE, bool: SCN_FIELD_BOOL,                   \
              sim_dist: SCN_FIELD_DIST)}
/* Reads the n fields' keys, in order, into the spec at `spec`. */
void scn__key_fields(scn_keyreader *r, void *spec, const scn_key_field *fields, size_t n);
/* A problem of the entity at node `at` (sets r->failed). */
void scn__key_problem(scn_keyreader *r, const scn_node *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
