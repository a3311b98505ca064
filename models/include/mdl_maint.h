/*
 * mdl_maint.h - failure modes and maintenance strategies of a station:
 * breakdowns by several modes, ageing, preventive (PM), condition-based
 * (CBM) and predictive (PdM) maintenance.
 *
 * A station whose spec has `maint` (non-NULL) runs its breakdowns and
 * maintenance through this description; the station's single `mtbf` /
 * `mttr` pair (has_failures) is then unused (the scene loader turns it into
 * the first mode). A station without `maint` runs exactly as before.
 *
 * Clocks. Each failure mode counts its age on its own clock: calendar time,
 * operating time (busy or in setup) or cycles (operations completed). All
 * clocks of a server stop while it is down or under maintenance (a stopped
 * machine does not fail again), except the calendar clock of a PM by
 * calendar interval, which is a fixed grid (block replacement).
 *
 * Ageing (Kijima type I virtual age). A mode's time to failure is drawn
 * from its law conditional on having survived its virtual age v (only
 * exp and weibull laws age; for the others v is always 0). After a
 * repair of the mode, v becomes v + repair_age * x, after a maintenance
 * v + pm_age * x, where x is the age run since the previous renewal:
 * factor 0 is "as good as new", 1 "as bad as old" (minimal repair).
 *
 * Windows. `window` waits for a maintenance window: by default the
 * station's off-shift periods; with a maintenance calendar
 * (window_calendar) its on periods, which may fall in a shift: the work
 * then starts at the end of the unit in process (the unit is finished
 * first), and once begun it runs to its end even past the window's end.
 *
 * Crews. A mode's `skill` (and the PM's pm_skill) asks the people part for
 * a technician (mdl_people.h); the wait for one (response time) is
 * downtime (or planned downtime for a PM) before the repair begins.
 *
 * Ownership: mdl_model_add_station copies the description (modes, strings)
 * into the model; the caller's may be freed after the call.
 */
#ifndef MDL_MAINT_H
#define MDL_MAINT_H

#include <stdbool.h>
#include <stddef.h>

#include "sim_dist.h"

/// The clock a failure mode or a PM counts on.
typedef enum mdl_mclock {
    MDL_MCLOCK_CALENDAR = 0, ///< simulated time (while the server is up)
    MDL_MCLOCK_OPERATING,    ///< time busy or in setup
    MDL_MCLOCK_CYCLES,       ///< operations completed (laws give a number of cycles)
    MDL_MCLOCK_COUNT
} mdl_mclock;

/// When a maintenance that is due starts.
typedef enum mdl_mwhen {
    MDL_MWHEN_NOW = 0,    ///< at once; a unit in process waits (paused) until the end
    MDL_MWHEN_END_OF_UNIT,///< when the unit in process is finished (at once if none)
    MDL_MWHEN_WINDOW,     ///< at the next start of an off-shift period (at once when off shift)
    MDL_MWHEN_COUNT
} mdl_mwhen;

/// Condition monitoring of a mode (CBM).
typedef enum mdl_mcondition {
    MDL_MCOND_NONE = 0,
    MDL_MCOND_LINEAR,     ///< degradation grows linearly with age up to the failure threshold 1
                          ///< at the failure age (a random rate); sensor readings add normal noise
    MDL_MCOND_GAMMA,      ///< a stationary gamma process on the mode's clock: increments over an age
                          ///< step d are Gamma(shape gamma_shape x d, scale gamma_scale); the mode
                          ///< fails when the level first reaches 1 (ttf is not used)
    MDL_MCOND_COUNT
} mdl_mcondition;

/// One failure mode.
typedef struct mdl_failure_mode {
    const char *id;          ///< name (unique within the station)
    sim_dist ttf;            ///< time (or cycles) to failure from a renewal
    mdl_mclock clock;
    sim_dist repair;         ///< time to repair
    sim_dist planned;        ///< duration of a planned replacement on a PdM/CBM call (default: repair)
    bool has_planned;
    const char *skill;       ///< technician skill the repair needs (NULL: the station's repair task, if any)
    double parts;            ///< parts cost of a repair (currency)
    double planned_parts;    ///< parts cost of a planned replacement on a PdM/CBM call
    double repair_age;       ///< Kijima factor after a repair, [0, 1] (0: as good as new)
    double pm_age;           ///< Kijima factor after a maintenance, [0, 1]
    /* CBM */
    mdl_mcondition condition;
    double maint_threshold;  ///< degradation level (failure = 1) that calls maintenance, (0, 1)
    double inspect;          ///< inspection interval on the mode's clock; 0 = continuous sensor
    double noise;            ///< sd of a sensor reading (share of the failure threshold), >= 0
    double gamma_shape;      ///< MDL_MCOND_GAMMA: shape per second (per cycle on a cycles clock), > 0
    double gamma_scale;      ///< MDL_MCOND_GAMMA: scale (a share of the failure threshold 1), > 0
    /* PdM */
    bool predicted;          ///< the station's predictor watches this mode
    double recall;           ///< share of this mode's failures the predictor warns about, [0, 1]
    sim_dist lead;           ///< warning lead time before the failure (on the mode's clock)
    int source_line;
} mdl_failure_mode;

/// A station's maintenance description.
typedef struct mdl_maint_spec {
    mdl_failure_mode *modes;
    int nmodes;
    /* preventive maintenance */
    bool has_pm;
    mdl_mclock pm_clock;
    double pm_interval;      ///< on pm_clock (seconds or cycles)
    bool pm_by_age;          ///< the interval counts from the last renewal of every mode (age
                             ///< replacement) instead of from the last PM (block replacement)
    sim_dist pm_duration;
    mdl_mwhen pm_when;
    int window_calendar;     ///< calendar whose on periods are the maintenance windows (MDL_MWHEN_WINDOW);
                             ///< -1: the windows are the station's off-shift periods
    double pm_parts;         ///< parts cost of one PM
    const char *pm_skill;
    /* predictive maintenance */
    double false_alarm_rate; ///< false warnings per operating second (>= 0); each names one of the
                             ///< predicted modes (in turn) and calls its planned replacement
    mdl_mwhen pdm_when;      ///< when a warning (PdM or CBM) is acted on
    /* costs */
    double cost_per_hour;    ///< labour per hour of repair or maintenance
    double cost_per_intervention; ///< fixed cost per repair or maintenance
    int source_line;
} mdl_maint_spec;

/// Fills *s with the defaults: no modes, no PM, no predictor, act on
/// warnings at the end of the unit, PM at the end of the unit, windows
/// off shift (window_calendar -1).
void mdl_maint_spec_default(mdl_maint_spec *s);
/// Fills *f with the defaults: calendar clock, as good as new, no CBM/PdM.
void mdl_failure_mode_default(mdl_failure_mode *f);

/// Clock, `when` and condition names as written in scenes.
const char *mdl_mclock_name(mdl_mclock c);
const char *mdl_mwhen_name(mdl_mwhen w);
const char *mdl_mcondition_name(mdl_mcondition c);

/// Checks a description; false with a message "field: reason" in msg.
bool mdl_maint_check(const mdl_maint_spec *s, char *msg, size_t size);

#endif
