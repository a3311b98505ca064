/*
 * rnd_view.h - what the viewer shows: a live session (live/lv_session.h:
 * one or two runs on one clock, history, event log, trainer actions), the
 * camera, the UI state (panes shown, selection, hover, help), and the
 * frame drawing.
 *
 * The view owns a lv_session and draws it; everything that changes a run
 * (the clock, restart, reload, trainer actions) is the session's. The
 * clock is called on the session itself (lv_session_advance_to(
 * rnd_view_session(v), t)); the few rnd_view_* calls that touch the
 * simulation do something of the view's besides (restart and reload keep
 * or clear the selection, the trainer actions resolve the view's selection
 * to a station or fleet first). A view advanced to T therefore holds the same state as a
 * headless run to T; tests/test_session.c and tests/test_render_loop.c
 * hold this.
 *
 * Drawing. rnd_view_draw is a function of the view (session, camera, UI
 * state) that draws one frame into any SDL_Renderer: a window's or a
 * software renderer over a surface (rnd_snapshot.h). It never advances,
 * schedules or changes anything in a run. The floor is drawn as a stack of
 * layers, one per entity kind (floor grid, material flows, stations ...;
 * AGVs, robots and conveyors add theirs), then the HUD.
 *
 * Material handling (mdl_transport.h) is drawn as layers too: the AGV path
 * network, conveyors with their units, out-points, robots with an arm that
 * reaches for the machine they work at, and the vehicles (interpolated
 * between events in kinematic mode, body positions in physics mode, as the
 * run reports them). Vehicles and robots can be picked and inspected like
 * stations (rnd_view_pick_at, rnd_view_select_pick).
 *
 * Ownership. rnd_view_new takes ownership of the models it is given (also
 * on failure) and hands them to its session; rnd_view_replace_model takes
 * ownership of the new model. rnd_view_free(NULL) is a no-op.
 */
#ifndef RND_VIEW_H
#define RND_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "lv_session.h"
#include "mdl_run.h"
#include "rnd_text.h"

/// Simulated seconds between two history samples (charts, Gantt strip).
#define RND_SAMPLE_S LV_SAMPLE_S
/// Simulated time the charts and the Gantt strip show at most.
#define RND_HISTORY_SPAN_S LV_HISTORY_SPAN_S
/// At most two panes: base and retrofit.
#define RND_MAX_PANES LV_MAX_PANES

typedef struct rnd_view rnd_view;

/// How to create a view: its session's configuration (models, labels,
/// seed, replication; the models are owned by the view's session).
typedef lv_session_config rnd_view_config;

/// Which panes are visible.
typedef enum rnd_pane_mode {
    RND_MODE_SPLIT = 0, ///< both side by side (only with two panes)
    RND_MODE_FIRST,     ///< the base only
    RND_MODE_SECOND     ///< the retrofit only
} rnd_pane_mode;

/// Trainer actions (lv_action): on the selected station (the first four)
/// or AGV fleet.
typedef lv_action rnd_action;
#define RND_ACT_BREAK LV_ACT_BREAK
#define RND_ACT_REPAIR LV_ACT_REPAIR
#define RND_ACT_ADD_SERVER LV_ACT_ADD_SERVER
#define RND_ACT_REMOVE_SERVER LV_ACT_REMOVE_SERVER
#define RND_ACT_FLEET_FASTER LV_ACT_FLEET_FASTER
#define RND_ACT_FLEET_SLOWER LV_ACT_FLEET_SLOWER
#define RND_ACT_FAIL_MODE LV_ACT_FAIL_MODE
#define RND_ACT_START_PM LV_ACT_START_PM
#define RND_ACT_NEXT_MODE LV_ACT_NEXT_MODE
#define RND_ACT_ADD_PERSON LV_ACT_ADD_PERSON
#define RND_ACT_REMOVE_PERSON LV_ACT_REMOVE_PERSON
/// The speed factors the fleet actions step through (1 = the scene's speed).
#define RND_FLEET_SPEED_STEPS LV_FLEET_SPEED_STEPS

/// What a point on the floor can show.
typedef enum rnd_pick_kind {
    RND_PICK_NONE = 0,
    RND_PICK_STATION,  ///< index = station
    RND_PICK_VEHICLE,  ///< fleet, index = vehicle within the fleet
    RND_PICK_ROBOT,    ///< index = robot
    RND_PICK_CONVEYOR, ///< index = conveyor (hover only: no inspector)
    RND_PICK_PERSON,   ///< fleet = the person's pool, index = person place (mdl_run_person_count); the pool card
    RND_PICK_UNIT      ///< index = the unit's number (its serial's number, lv_trace.h); the unit's card
} rnd_pick_kind;

/// A picked or selected entity of a pane.
typedef struct rnd_pick {
    rnd_pick_kind kind;
    int pane;
    int fleet;  ///< vehicles only, else -1
    int index;
} rnd_pick;

/// Severity of an event-log line (lv_log_level).
typedef lv_log_level rnd_log_level;
#define RND_LOG_INFO LV_LOG_INFO
#define RND_LOG_ACTION LV_LOG_ACTION
#define RND_LOG_ALARM LV_LOG_ALARM
#define RND_LOG_ERROR LV_LOG_ERROR

/// Screen rectangles of a frame of size w x h.
typedef struct rnd_layout {
    SDL_FRect top;     ///< top bar: clock, shift, speed
    SDL_FRect floor;   ///< the floor (both panes)
    SDL_FRect pane[RND_MAX_PANES]; ///< each pane's floor area (w = 0 when hidden)
    SDL_FRect side;    ///< right panel: KPIs, charts, log (w = 0 when too narrow)
    SDL_FRect gantt;   ///< bottom Gantt strip (h = 0 when too low)
} rnd_layout;

/// Creates a view and its session (runs at time 0); NULL with a message in
/// err when a run cannot be created (out of memory) or no base model is given.
rnd_view *rnd_view_new(const rnd_view_config *cfg, char *err, size_t err_size);
void rnd_view_free(rnd_view *v);
/// The session the view draws (owned by the view).
lv_session *rnd_view_session(rnd_view *v);
const lv_session *rnd_view_session_const(const rnd_view *v);

int rnd_view_pane_count(const rnd_view *v);
const mdl_model *rnd_view_model(const rnd_view *v, int pane);
/// The run of a pane (tests and the loop read it; only trainer actions write).
mdl_run *rnd_view_run(rnd_view *v, int pane);
/// The KPI cache of a pane as of the last rnd_view_sync.
const mdl_rep_result *rnd_view_result(const rnd_view *v, int pane);
/// The clock (now, horizon, finished, advance_to, step) is the session's:
/// lv_session_now(rnd_view_session(v)) and so on.
/// Restarts every run at time 0 with the same seeds; clears history and log
/// (lv_session_restart). False when out of memory (then the old runs are kept).
bool rnd_view_restart(rnd_view *v);
/// Replaces a pane's model (scene reloaded from disk) and restarts all runs
/// so both panes stay on one clock; a selected station stays selected when
/// the new model has one of that id. Takes ownership of m, also on failure.
bool rnd_view_replace_model(rnd_view *v, int pane, mdl_model *m);
/// Reloads every pane through load (lv_session_reload), keeping the
/// selected station as rnd_view_replace_model does.
bool rnd_view_reload(rnd_view *v, lv_reload_fn *load, void *ctx);
/// Refreshes the KPI caches the HUD shows (mdl_run_result of each run).
void rnd_view_sync(rnd_view *v);

/// Layout of a w x h frame.
void rnd_view_layout(const rnd_view *v, int w, int h, rnd_layout *out);
/// The boxes the floor's overlays take in a w x h frame, text measured by
/// t: the scale bar's (*scale), and the legend's (up to max into legend:
/// its main box, then the rows of material handling and people above it).
/// Returns how many legend boxes, 0 when the legend does not fit, -1 when
/// the floor is too small for either. The legend keeps left of the scale
/// bar at every size (tests/test_render_legend.c).
int rnd_view_overlay_boxes(const rnd_view *v, rnd_text *t, int w, int h, SDL_FRect *scale, SDL_FRect *legend,
                           int max);
/// The open inspector card's box in a w x h window (false: no card). A
/// card keeps above the legend and the scale bar at every size
/// (tests/test_render_cards.c).
bool rnd_view_card_rect(const rnd_view *v, int w, int h, SDL_FRect *out);
/// The key-figure panel's note (the inspector cards say it too): what its figures count (the run's window,
/// docs/viewer.md): "since start" (no warm-up), "since start, warming up
/// to 2 d", "warm-up just ended: 12 s counted" (the first minute, when the
/// figures are still "-" or 0), "3 h counted after the 2 d warm-up".
void rnd_view_kpi_note(const rnd_view *v, char *buf, size_t size);
/// The same note for pane `pane`'s run (its own warm-up): what the
/// inspector card of an entity of that pane says (pane 0 when out of range).
void rnd_view_pane_kpi_note(const rnd_view *v, int pane, char *buf, size_t size);
/// Fits the camera so every visible pane shows its whole layout.
void rnd_view_fit(rnd_view *v, int w, int h);
/// The frame size, from min_w x min_h up to max_w x max_h, at which the
/// fitted layout (rnd_view_fit) fills its pane both ways: wider for a wide
/// plant, higher for a deep one (`snapshot` without `--size`).
void rnd_view_fit_size(const rnd_view *v, int min_w, int min_h, int max_w, int max_h, int *w, int *h);
/// Moves the camera by a screen offset in pixels.
void rnd_view_pan(rnd_view *v, float dx, float dy);
/// Zooms by factor about the screen point (x, y), which stays put.
void rnd_view_zoom_at(rnd_view *v, int w, int h, float factor, float x, float y);
/// Pixels per metre of the camera.
double rnd_view_zoom(const rnd_view *v);
/// Screen rectangle of a station's footprint; false when its pane is hidden.
bool rnd_view_station_rect(const rnd_view *v, int w, int h, int pane, int station,
                           SDL_FRect *out);
/// The station under the screen point (footprint, name or buffer bar);
/// false when none.
bool rnd_view_pick(const rnd_view *v, int w, int h, float x, float y, int *pane,
                   int *station);

/// What is under the screen point, topmost first: a vehicle, a robot, a
/// station (as rnd_view_pick), a conveyor. False (kind NONE) when nothing.
bool rnd_view_pick_at(const rnd_view *v, int w, int h, float x, float y, rnd_pick *out);
/// Screen point of a world point (metres) in a pane; false when hidden.
bool rnd_view_world_to_screen(const rnd_view *v, int w, int h, int pane, double wx,
                              double wy, float *sx, float *sy);

/// The unit drawn under the screen point (a disc in a buffer or on a
/// server); false when none. rnd_view_pick_at returns it as RND_PICK_UNIT.
bool rnd_view_unit_at(const rnd_view *v, int w, int h, float x, float y, int *pane, uint64_t *unit);

/* The unit search (issue 18): a text field over the floor. */

/// Opens (clearing its text) or closes the search field.
void rnd_view_search_open(rnd_view *v, bool open);
bool rnd_view_search_active(const rnd_view *v);
/// Appends UTF-8 text typed into the open field ('/' is ignored: it opens it).
void rnd_view_search_type(rnd_view *v, const char *text);
/// Deletes the field's last character.
void rnd_view_search_backspace(rnd_view *v);
/// The field's text.
const char *rnd_view_search_text(const rnd_view *v);
/// Looks the field's serial up ("housing-17", "17" or "#17", lv_trace_find)
/// in the visible panes and closes the field: a unit found is selected (its
/// card opens) and, while in the line, the camera centres on it; the
/// message says where it is or went ("housing-17 shipped at Day 1 Mon
/// 10:22:05"). False when no unit has that serial (the field stays open).
bool rnd_view_search_submit(rnd_view *v, int w, int h);
/// The last search's message ("" before any).
const char *rnd_view_search_message(const rnd_view *v);

/* Safety events (issue 20): a red flash at the vehicle for a few seconds of
 * wall time. */

/// How long a safety flash lasts, seconds of wall time.
#define RND_FLASH_S 3.0
/// Flashes shown at once at most (older ones give way).
#define RND_MAX_FLASHES 16
/// Takes in the session's new safety events (each flashes where its vehicle
/// is) and drops flashes older than RND_FLASH_S; wall_s is the caller's
/// wall clock in seconds (the window's, or a test's). A restart or reload
/// clears them. It also logs an alarm once when a fleet's traffic has
/// stalled (a vehicle has held one transport task past mdl_stall_limit:
/// the run's `stalled`), and again after it moved on and stalled anew.
void rnd_view_flash_update(rnd_view *v, double wall_s);
/// Flashes showing now.
int rnd_view_flash_count(const rnd_view *v);

/// Pane visibility (Tab cycles split -> base -> retrofit).
void rnd_view_set_mode(rnd_view *v, rnd_pane_mode mode);
rnd_pane_mode rnd_view_mode(const rnd_view *v);
void rnd_view_cycle_mode(rnd_view *v);
/// Selects a station for the inspector (station -1 clears the selection).
void rnd_view_select(rnd_view *v, int pane, int station);
/// Selected station, or -1; *pane receives its pane when pane != NULL.
int rnd_view_selected(const rnd_view *v, int *pane);
/// Selects a station, vehicle or robot (NULL or kind NONE clears; a
/// conveyor or an index out of range clears too).
void rnd_view_select_pick(rnd_view *v, const rnd_pick *p);
/// The selection (kind NONE when nothing is selected).
rnd_pick rnd_view_selection(const rnd_view *v);
/// Screen box of a picked vehicle, robot or person in a w x h frame; false
/// when it is not on screen (or not on the floor).
bool rnd_view_pick_rect(const rnd_view *v, int w, int h, const rnd_pick *p, SDL_FRect *out);
/// Mouse position for the hover tooltip (inside = false hides it).
void rnd_view_hover(rnd_view *v, float x, float y, bool inside);
void rnd_view_set_help(rnd_view *v, bool shown);
bool rnd_view_help(const rnd_view *v);
/// Sets the session's speed factor (INFINITY = as fast as possible) and
/// pause state, which the HUD shows.
void rnd_view_set_status(rnd_view *v, double speed, bool paused);

/// Applies a trainer action to the selected station (in every pane that has
/// a station of that id when all_panes is true); logs it. The fleet
/// actions apply to the selected vehicle's fleet, else to fleet 0 of the
/// selected (or first) pane, and with all_panes to the fleet of that id in
/// the other pane. False when there is nothing to apply it to or the action
/// did not apply (already at the first or last speed step).
bool rnd_view_action(rnd_view *v, rnd_action a, bool all_panes);
/// Adds a line to the event log at the current simulated time.
void rnd_view_log(rnd_view *v, int pane, rnd_log_level level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/// Number of log lines held (at most LV_LOG_CAP; older ones are dropped).
int rnd_view_log_count(const rnd_view *v);
/// Log line i (0 = oldest held); NULL when out of range.
const char *rnd_view_log_line(const rnd_view *v, int i, double *time, rnd_log_level *level);

/// Formats a run time as "Day 2 Tue 14:05:09" (day 1 = the run's first day;
/// the weekday follows the model's start offset into the week).
void rnd_format_clock(char *buf, size_t size, double t, double week_offset);
/// Formats a duration compactly: "45 s", "12 min", "3 h 20 min", "2 d 4 h".
void rnd_format_duration(char *buf, size_t size, double seconds);

/// Draws one frame of size w x h into r (normally the renderer's whole
/// output). Reads the view; changes nothing but text's texture cache.
void rnd_view_draw(const rnd_view *v, SDL_Renderer *r, rnd_text *text, int w, int h);

#endif
