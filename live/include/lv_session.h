/*
 * lv_session.h - a live session: one or two runs on one clock, as the
 * viewer shows them, with no window.
 *
 * A session holds up to two panes (a base line and a retrofit), each a
 * model and a run of it (mdl_run.h) seeded alike, so both see the same
 * random streams where their stations share ids. Everything the viewer
 * lets a trainer do to the simulation lives here, and the viewer (render/)
 * only draws a session and maps keys and clicks to these calls; tests drive
 * the same calls headless (tests/test_session.c):
 *
 *   - the clock: lv_session_tick advances by wall time x speed (a tick
 *     accounts for at most LV_MAX_TICK_S of wall time, so a stalled caller
 *     does not make the clock leap); at speed INFINITY it advances as far as
 *     a budget of real time allows; pause, one step to the next event, the
 *     speed steps of the viewer's + and - keys;
 *   - trainer actions (break, repair, add or remove a server, step an AGV
 *     fleet's speed), logged with their simulated time;
 *   - the recent history of each pane (lv_history.h) and the event log
 *     (breakdowns, shifts, actions, errors; at most LV_LOG_CAP lines);
 *   - restart (fresh runs, same seeds) and reload (new models from a
 *     caller's loader, all panes restarted so both stay on one clock).
 *
 * Determinism. lv_session_advance_to moves every run to the same time with
 * mdl_run_until, in slices that end on the history's sampling instants.
 * Slicing does not change what a run computes (mdl_run_until's contract),
 * so a session advanced to T, by any ticks at any speed, holds the same
 * state as a headless run to T, as long as no trainer action was taken.
 * Only how far a tick at speed INFINITY goes depends on the real-time
 * clock, never what the runs compute.
 *
 * Ownership. lv_session_new takes ownership of the models it is given
 * (also on failure) and frees them with mdl_model_free;
 * lv_session_replace_model takes ownership of the new model, also on
 * failure. Runs, histories and the log belong to the session; pointers
 * returned by the accessors are valid until the next restart, reload or
 * lv_session_free. lv_session_free(NULL) is a no-op.
 */
#ifndef LV_SESSION_H
#define LV_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lv_history.h"
#include "lv_trace.h"
#include "mdl_run.h"

/// At most two panes: base and retrofit.
#define LV_MAX_PANES 2
/// Event-log lines held (older ones are dropped).
#define LV_LOG_CAP 64
/// Speed factor of a new session (simulated seconds per wall second).
#define LV_DEFAULT_SPEED 60.0
/// Longest wall time one tick may account for, seconds.
#define LV_MAX_TICK_S 0.25
/// Real time a tick at speed INFINITY may spend advancing, seconds.
#define LV_MAX_SPEED_BUDGET_S 0.014
/// The speed factors the fleet actions step through (1 = the scene's speed).
#define LV_FLEET_SPEED_STEPS {0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0}

typedef struct lv_session lv_session;

/// Real-time seconds (any origin, non-decreasing): the budget of speed INFINITY.
typedef double lv_clock_fn(void *ctx);
/// Loads pane `pane`'s scene again (from disk, with the caller's overrides).
/// Returns a new model (the session takes it over) or NULL after writing a
/// one-line reason into err.
typedef mdl_model *lv_reload_fn(void *ctx, int pane, char *err, size_t err_size);

/// How to create a session.
typedef struct lv_session_config {
    mdl_model *models[LV_MAX_PANES]; ///< base (required), retrofit (or NULL); owned by the session
    const char *labels[LV_MAX_PANES]; ///< pane tags (NULL: "BASE" / "RETROFIT")
    bool has_seed;                    ///< override the models' master seed
    uint64_t seed;
    uint32_t replication;             ///< replication number of the runs (default 0)
} lv_session_config;

/// Trainer actions on a station (the first four) or an AGV fleet.
typedef enum lv_action {
    LV_ACT_BREAK = 0,     ///< break every server now (stays down until repaired)
    LV_ACT_REPAIR,        ///< end a hand-made breakdown
    LV_ACT_ADD_SERVER,    ///< one more parallel server (up to the run's maximum)
    LV_ACT_REMOVE_SERVER, ///< one server fewer (at least one)
    LV_ACT_FLEET_FASTER,  ///< the fleet one speed step faster (LV_FLEET_SPEED_STEPS)
    LV_ACT_FLEET_SLOWER,  ///< ... one step slower
    LV_ACT_FAIL_MODE,     ///< station: the chosen failure mode fails now (lv_session_chosen_mode)
    LV_ACT_START_PM,      ///< station: a preventive maintenance starts now
    LV_ACT_NEXT_MODE,     ///< station: choose its next failure mode for LV_ACT_FAIL_MODE (in turn)
    LV_ACT_ADD_PERSON,    ///< pool: one more person on the roll (mdl_run_add_person)
    LV_ACT_REMOVE_PERSON  ///< pool: one person fewer; a busy one finishes the task in hand first (mdl_run_remove_person)
} lv_action;

/// Severity of an event-log line.
typedef enum lv_log_level {
    LV_LOG_INFO = 0, ///< shift changes, restarts
    LV_LOG_ACTION,   ///< trainer actions
    LV_LOG_ALARM,    ///< breakdowns
    LV_LOG_ERROR     ///< a reload, a screenshot or a run failed
} lv_log_level;

/// Creates a session and its runs at time 0, running at LV_DEFAULT_SPEED,
/// not paused.
/// NULL with a message in err when a run cannot be created (out of memory)
/// or no base model is given.
lv_session *lv_session_new(const lv_session_config *cfg, char *err, size_t err_size);
/// Frees the session, its runs and models.
void lv_session_free(lv_session *s);

int lv_session_pane_count(const lv_session *s);
const mdl_model *lv_session_model(const lv_session *s, int pane);
/// The run of a pane: read it freely; change it only through trainer actions.
mdl_run *lv_session_run(lv_session *s, int pane);
const mdl_run *lv_session_run_const(const lv_session *s, int pane);
/// The pane's tag ("BASE", "RETROFIT" or the config's label).
const char *lv_session_label(const lv_session *s, int pane);
/// The KPI cache of a pane as of the last lv_session_sync; NULL before.
const mdl_rep_result *lv_session_result(const lv_session *s, int pane);
/// The recent history of a pane.
const lv_history *lv_session_history(const lv_session *s, int pane);
/// Good units out of a pane since time 0.
double lv_session_exits(const lv_session *s, int pane);
/// Counts restarts and reloads: changes whenever the runs are replaced.
unsigned lv_session_generation(const lv_session *s);

/// The units of a pane's run and their history so far (lv_trace.h), from
/// the run's record stream, which the session listens to from before time
/// zero; replaced by a restart or reload.
const lv_trace *lv_session_trace(const lv_session *s, int pane);

/// Safety events (forced passes, physics contacts with a standing vehicle:
/// MDL_LOG_SAFETY) of a pane's run since time 0; the last LV_SAFETY_RING
/// are held, for the viewer's flash.
#define LV_SAFETY_RING 32
typedef struct lv_safety_event {
    double time;  ///< simulated time
    int vehicle;  ///< mdl_model_vehicle_index of the vehicle, -1 when not a vehicle
    int other;    ///< the vehicle it touched (physics), -1 for a forced pass
} lv_safety_event;
uint64_t lv_session_safety_count(const lv_session *s, int pane);
/// Safety event k (0 = the run's first); false when k is not among the
/// last LV_SAFETY_RING.
bool lv_session_safety_event(const lv_session *s, int pane, uint64_t k, lv_safety_event *out);

/// Common simulated time of all panes.
double lv_session_now(const lv_session *s);
/// Latest horizon of the panes: the clock never goes past it.
double lv_session_horizon(const lv_session *s);
/// Has the clock reached the horizon?
bool lv_session_finished(const lv_session *s);

/// Advances every run to time t (clamped to the horizon), recording history
/// samples on the way. t <= now does nothing.
void lv_session_advance_to(lv_session *s, double t);
/// Advances to the time of the next pending event of any pane; returns the
/// new time. Does not change the pause state (see lv_session_step_paused).
double lv_session_step(lv_session *s);
/// The viewer's step key: pauses, then steps.
double lv_session_step_paused(lv_session *s);
/// One tick of the live clock: unless paused or finished, advances by
/// wall_dt (clamped to [0, LV_MAX_TICK_S]) x speed; at speed INFINITY as
/// far as LV_MAX_SPEED_BUDGET_S of real time allows. Returns the new time.
double lv_session_tick(lv_session *s, double wall_dt);
/// The real-time clock of speed INFINITY's budget (NULL: CLOCK_MONOTONIC).
void lv_session_set_budget_clock(lv_session *s, lv_clock_fn *fn, void *ctx);

/// Speed factor: simulated seconds per wall second (INFINITY = max).
double lv_session_speed(const lv_session *s);
/// Sets the speed factor; values <= 0 (and NaN) are ignored.
void lv_session_set_speed(lv_session *s, double speed);
/// The viewer's speed steps, INFINITY last, and how many there are.
const double *lv_session_speed_steps(int *count);
/// The next speed step above (dir > 0) or below (dir < 0) the current
/// speed; false when there is none.
bool lv_session_speed_step(lv_session *s, int dir);
bool lv_session_paused(const lv_session *s);
void lv_session_set_paused(lv_session *s, bool paused);

/// Restarts every run at time 0 with the same seeds; clears history and
/// log, then logs "restarted at time 0". False when out of memory (the old
/// runs are kept, the failure logged).
bool lv_session_restart(lv_session *s);
/// Replaces a pane's model and restarts all runs so both panes stay on one
/// clock (clears history and log). The seed the pane was started with is
/// kept. Takes ownership of m, also on failure.
bool lv_session_replace_model(lv_session *s, int pane, mdl_model *m);
/// Reloads every pane through load (all or nothing): on success the new
/// models replace the old ones, all runs restart at time 0 and the log says
/// "scene reloaded from disk"; on a failure the old line keeps running and
/// the reason is logged as an error. load NULL: logs that there is no scene
/// file to reload.
bool lv_session_reload(lv_session *s, lv_reload_fn *load, void *ctx);
/// Refreshes the KPI caches (mdl_run_result of each run).
void lv_session_sync(lv_session *s);
/// Refreshes the KPI caches when they are due, for a window's frame loop:
/// never when nothing changed since the last refresh; at once after a
/// restart, reload or trainer action, and when the clock stands (paused,
/// stepped, at the horizon); while the clock runs, at most once per
/// `min_interval` seconds of the caller's wall clock `wall`. True when it
/// refreshed. Results do not depend on it (the refresh only reads the runs).
bool lv_session_sync_due(lv_session *s, double wall, double min_interval);

/// Applies a trainer action to station `target` of pane `pane` (the
/// station actions), to fleet `target` of that pane (the fleet actions) or
/// to pool `target` (the person actions); with all_panes, also to the
/// station, fleet or pool of the same id in the other pane. Logs each change. False when nothing changed (no such station or
/// fleet, already broken, at the server or speed limit ...).
bool lv_session_act(lv_session *s, lv_action a, int pane, int target, bool all_panes);
/// The failure mode LV_ACT_FAIL_MODE fails at station `station` of pane
/// p (the trainer's choice, LV_ACT_NEXT_MODE; the first at first); -1 when
/// the station has no failure modes.
int lv_session_chosen_mode(const lv_session *s, int pane, int station);

/// Adds a line to the event log at pane's simulated time (pane -1: the
/// session's time). The same line logged again at the same instant (by
/// several calendars switching at once) is kept once.
void lv_session_log(lv_session *s, int pane, lv_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/// Number of log lines held (at most LV_LOG_CAP).
int lv_session_log_count(const lv_session *s);
/// Log line i (0 = oldest held) with its time, level and pane (-1: the
/// session); NULL when out of range.
const char *lv_session_log_line(const lv_session *s, int i, double *time, lv_log_level *level,
                                int *pane);

#endif
