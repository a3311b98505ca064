/*
 * scn_scene.h - scene files (libconfig syntax) to models.
 *
 * A scene file describes a production line in words a planner uses: stations
 * with their cycle times, breakdowns and power draw, products and their
 * routes, how work is released, shift calendars, costs and the run settings.
 * docs/scene-format.md is the reference for every key; this module reads a
 * scene, checks every value and builds a mdl_model through the models API.
 *
 * Loading goes in three steps:
 *   1. read each file (libconfig 1.5 syntax, read by our own parser) into a
 *      tree, with its `@include` lines (precise `file:line` messages;
 *      every file of the scene is checked; the work of one load is bounded
 *      by the limits below);
 *   2. layer the trees: an included file is the base, the including file is
 *      merged over it key by key (lists of entries with an `id` merge entry
 *      by entry), then apply the `--set PATH=VALUE` overrides;
 *   3. check the meaning of every key and build the model.
 * Every problem found is reported in the scn_diags; nothing aborts and
 * nothing is printed.
 *
 * Ownership: the returned model is the caller's (mdl_model_free). diags is
 * the caller's; problems are appended to it.
 *
 * Value syntax shared by scenes and the command line:
 *   durations      "45s", "3min", "1.5h", "2d", "1w", "1h 30min", or a plain
 *                  number of seconds; units ms, s, min, h, d, w
 *   distributions  "exp(4min)", "normal(6min, 30s)", "lognormal(3min, 20s)",
 *                  "tri(2min, 3min, 5min)", "erlang(3, 12min)", ... (see
 *                  scn_parse_dist); a plain duration means const(duration)
 *   times of day   "06:00", "6:30", "22:15:30", "24:00"
 *   weekdays       "mon" .. "sun" (or full names), ranges "mon-fri"
 *   times of week  "tue 06:00" (Monday 00:00 = 0)
 *   shares         0.02 or "2%"
 *
 * Deterministic: the same files and overrides give the same model and the
 * same diagnostics, in the same order. Thread-safe: loads on different
 * threads share nothing.
 */
#ifndef SCN_SCENE_H
#define SCN_SCENE_H

#include <stdbool.h>
#include <stddef.h>

#include "mdl_model.h"
#include "scn_diag.h"
#include "sim_dist.h"
#include "sim_units.h"
#include "sim_world.h"

/// Largest scene (or included, or CSV) file read, bytes.
#define SCN_MAX_FILE_SIZE (16u * 1024u * 1024u)
/// Deepest chain of @include.
#define SCN_MAX_INCLUDE_DEPTH 16
/// Most files one load reads through @include (all levels together).
#define SCN_MAX_INCLUDES 100000
/// Most bytes one load reads: the scene and all its included files.
#define SCN_MAX_LOAD_SIZE (64u * 1024u * 1024u)
/// Most values (keys, list and array entries) one load makes, all files
/// together.
#define SCN_MAX_VALUES 1000000

/* Bounds of what a plant can mean (docs/scene-format.md, "Limits"): values
 * beyond them are refused, not run for ever. */
/// Longest run horizon (and warm-up): 100 years of 365.25 days, seconds.
#define SCN_MAX_HORIZON (100.0 * 365.25 * SIM_DAY)
/// Shortest mean of a time that paces the line (a cycle, an interarrival
/// time, a time between failures): 1 ms, seconds.
#define SCN_MIN_PACE 0.001
/// Shortest physics step of a fleet (`dt`): 1 ms, seconds.
#define SCN_MIN_STEP 0.001
/// Largest power draw of one server, robot, vehicle or conveyor, kW.
#define SCN_MAX_KW 1e6
/// Largest coordinate or length on the floor, metres.
#define SCN_MAX_METRES 1e6
/// A run expected to handle more events than this is warned about by
/// `check` (it will take minutes or more).
#define SCN_WARN_EVENTS 1e9

/// Loads the scene file at `path`, applies the overrides sets[0..nsets)
/// (each "PATH=VALUE", e.g. "stations.cnc.servers=3"), checks it and builds
/// the model. Returns the model, or NULL when the scene has any problem
/// (each one appended to diags) or memory ran out. diags must not be NULL.
mdl_model *scn_load_file(const char *path, const char *const *sets, size_t nsets,
                         scn_diags *diags);

/// scn_load_file, and when the scene is valid also its layout check
/// (mdl_model_layout_check: overlapping station footprints, paths through
/// stations, nodes outside the floor, stations a fleet cannot reach). Each
/// finding is appended to `warnings` as `file:line: subject: warning:
/// layout: ...`; warnings never make the load fail. NULL warnings: no check.
mdl_model *scn_load_file_checked(const char *path, const char *const *sets, size_t nsets,
                                 scn_diags *diags, scn_diags *warnings);

/// What scn_load_file_checks looks at in a valid scene (bits); each
/// finding is a warning, never a reason to refuse the scene.
typedef enum scn_checks {
    /// The layout check (scn_load_file_checked) and the people check.
    SCN_CHECK_LAYOUT = 1u,
    /// A trial run of the traffic when the scene has fleets (mdl_trial.h:
    /// the replications in order, each to the horizon, until 7 simulated
    /// days in all and about 10 million events, on a path network of at
    /// most 2,000 nodes): a fleet that met a deadlock is warned about at
    /// its line (`warning: layout: a trial run of the traffic ...`).
    SCN_CHECK_TRIAL = 2u,
} scn_checks;

/// scn_load_file_checked with the checks named by `checks` (scn_checks
/// bits; 0: none), for `linetwin check`.
mdl_model *scn_load_file_checks(const char *path, const char *const *sets, size_t nsets,
                                scn_diags *diags, scn_diags *warnings, unsigned checks);

/// Same as scn_load_file for a scene held in memory (len bytes, need not
/// end in NUL). `name` is used in diagnostics. `include_dir` is where
/// relative @include paths are resolved; NULL forbids @include (used by the
/// fuzzer, which must not touch the file system).
mdl_model *scn_load_buffer(const char *name, const char *text, size_t len,
                           const char *include_dir, const char *const *sets,
                           size_t nsets, scn_diags *diags);

/// scn_load_file_checked and scn_load_buffer with every allocation of the
/// load (its tree, strings and scratch tables) taken through `alloc`
/// (sim_alloc_fn's contract, as sim_world_set_alloc; NULL: the C library),
/// for tests that watch or fail allocations. An allocation refused ends the
/// load: NULL, with "out of memory while loading the scene" in diags, and
/// all the load took given back. Not routed through `alloc`: the model's
/// own memory (mdl_model_new) and the caller's diags.
mdl_model *scn_load_file_alloc(const char *path, const char *const *sets, size_t nsets, scn_diags *diags,
                               scn_diags *warnings, sim_alloc_fn *alloc, void *alloc_ctx);
mdl_model *scn_load_buffer_alloc(const char *name, const char *text, size_t len, const char *include_dir,
                                 const char *const *sets, size_t nsets, scn_diags *diags, sim_alloc_fn *alloc,
                                 void *alloc_ctx);

/// Checks the form of one override "PATH=VALUE" without loading a scene;
/// false with a reason in err.
bool scn_check_set(const char *set, char *err, size_t err_size);

/// Parses a duration ("1.5h", "3min 20s", "90"); false with a reason in err.
/// Negative durations are refused.
bool scn_parse_duration(const char *text, double *seconds, char *err, size_t err_size);

/// Parses the distribution of a duration: const(v), uniform(a, b),
/// exp(mean), normal(mean, sd) (truncated at 0), lognormal(mean, sd),
/// tri(min, mode, max), erlang(k, mean), gamma(mean, sd),
/// weibull(shape, scale), beta(alpha, beta, lo, hi),
/// discrete(v1: w1, v2: w2, ...) (weights, normalised),
/// empirical(x1: F1, x2: F2, ...) (cumulative, piecewise linear), or a plain
/// duration (= const). Durations inside take units; k, shape, alpha, beta
/// and weights do not. Tables are copied into m (mdl_model_keep_table), so m
/// is needed for discrete and empirical (NULL refuses them). False with a
/// reason in err (which quotes the offending part).
bool scn_parse_dist(const char *text, mdl_model *m, sim_dist *out, char *err,
                    size_t err_size);

/// Parses a time of day "06:00" / "6:30:15" / "24:00" into seconds after
/// midnight; false with a reason in err.
bool scn_parse_clock(const char *text, double *seconds, char *err, size_t err_size);

/// Parses a weekday ("mon", "Monday"...) into 0 (Monday) .. 6 (Sunday).
bool scn_parse_weekday(const char *text, int *day);

/// Parses a set of weekdays "mon-fri", "sat", "fri-mon" into a bit mask
/// (bit 0 = Monday); false with a reason in err.
bool scn_parse_weekdays(const char *text, unsigned *mask, char *err, size_t err_size);

/// Parses a time of week "tue 06:00" (or "tue") into seconds after Monday
/// 00:00; false with a reason in err.
bool scn_parse_time_of_week(const char *text, double *seconds, char *err,
                            size_t err_size);

/// Parses a share "0.02", "2%", "2.5 %" into [0, 1]; false with a reason.
bool scn_parse_share(const char *text, double *share, char *err, size_t err_size);

/// Writes a duration for people ("4d 16h", "2h 30min", "45s"); returns
/// snprintf's count.
int scn_format_duration(double seconds, char *buf, size_t size);

/// Index of the candidate closest to word (case-insensitive Levenshtein),
/// or -1 when none is close enough to be a useful hint.
int scn_closest(const char *word, const char *const *candidates, size_t n);

#endif
