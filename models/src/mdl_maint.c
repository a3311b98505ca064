/*
 * mdl_maint.c - failure modes and maintenance strategies: the description's
 * defaults and checks, and the engine of one server (mdl_maint_internal.h).
 *
 * The engine keeps, per failure mode, the age run since its last renewal
 * on the mode's clock and the age at which it fails (drawn at the renewal,
 * conditional on the mode's virtual age), and from it the age of a warning
 * (PdM: with probability recall, a lead time before the failure; CBM: the
 * first inspection whose reading reaches the maintenance threshold). One
 * kernel event per server stands for the earliest of those, the PM, the
 * next false alarm, or the end of the stop under way; every change of what
 * the server does brings the clocks up to date and moves that event.
 *
 * Order of things due at one instant: the end of a stop, a grid PM, a
 * failure (the lowest mode index first), warnings, the PM counter, false
 * alarms; then a maintenance starts if one is due and its moment has come.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_internal.h"
#include "mdl_maint.h"
#include "mdl_maint_internal.h"
#include "mdl_model.h"
#include "mdl_run.h"
#include "sim_dist.h"
#include "sim_units.h"

#define MT_MAX_MODES 64
/* Sensor readings more than this many sd below the maintenance threshold
 * are taken as below it without a draw (the chance is < 1e-9). */
#define MT_NOISE_SD_SKIP 6.0

void mdl_failure_mode_default(mdl_failure_mode *f) {
    *f = (mdl_failure_mode){0};
    f->ttf = sim_dist_exp(SIM_HOUR);
    f->repair = sim_dist_const(0.0);
    f->planned = sim_dist_const(0.0);
    f->lead = sim_dist_const(0.0);
    f->clock = MDL_MCLOCK_CALENDAR;
}

void mdl_maint_spec_default(mdl_maint_spec *s) {
    *s = (mdl_maint_spec){0};
    s->pm_duration = sim_dist_const(0.0);
    s->pm_when = MDL_MWHEN_END_OF_UNIT;
    s->pdm_when = MDL_MWHEN_END_OF_UNIT;
    s->window_calendar = -1;
}

static const char *const clock_names[MDL_MCLOCK_COUNT] = {"calendar", "operating", "cycles"};
static const char *const when_names[MDL_MWHEN_COUNT] = {"immediately", "end_of_unit", "window"};
static const char *const cond_names[MDL_MCOND_COUNT] = {"none", "linear", "gamma"};

const char *mdl_mclock_name(mdl_mclock c) { return (unsigned)c < MDL_MCLOCK_COUNT ? clock_names[c] : "?"; }
const char *mdl_mwhen_name(mdl_mwhen w) { return (unsigned)w < MDL_MWHEN_COUNT ? when_names[w] : "?"; }
const char *mdl_mcondition_name(mdl_mcondition c) { return (unsigned)c < MDL_MCOND_COUNT ? cond_names[c] : "?"; }

static bool law_ok(const sim_dist *d, const char *what, char *msg, size_t size) {
    char why[160];
    if (!sim_dist_check(d, why, sizeof why)) {
        snprintf(msg, size, "%s: %s", what, why);
        return false;
    }
    if (sim_dist_min(d) < 0.0) {
        snprintf(msg, size, "%s: can be negative; a time must be >= 0", what);
        return false;
    }
    return true;
}

static bool factor_ok(double x) { return x >= 0.0 && x <= 1.0; }

static bool mode_check(const mdl_failure_mode *f, char *msg, size_t size) {
    char what[96];
    const char *id = f->id ? f->id : "?";
#define WHAT(k) (snprintf(what, sizeof what, "failure mode '%s': %s", id, k), what)
    if (!f->id || !f->id[0]) return snprintf(msg, size, "failure mode: id: must be a non-empty name"), false;
    if ((unsigned)f->clock >= MDL_MCLOCK_COUNT) return snprintf(msg, size, "%s unknown", WHAT("clock:")), false;
    if (!law_ok(&f->ttf, WHAT("ttf"), msg, size) || !law_ok(&f->repair, WHAT("repair"), msg, size) ||
        !law_ok(&f->planned, WHAT("planned"), msg, size) || !law_ok(&f->lead, WHAT("lead"), msg, size))
        return false;
    if (!(sim_dist_mean(&f->ttf) > 0.0))
        return snprintf(msg, size, "%s: the mean time to failure must be > 0", WHAT("ttf")), false;
    if (!(f->parts >= 0.0 && isfinite(f->parts)) || !(f->planned_parts >= 0.0 && isfinite(f->planned_parts)))
        return snprintf(msg, size, "%s: must be a cost >= 0", WHAT("parts")), false;
    if (!factor_ok(f->repair_age) || !factor_ok(f->pm_age))
        return snprintf(msg, size, "%s: must be between 0 and 1", WHAT("repair_age/pm_age")), false;
    if ((unsigned)f->condition >= MDL_MCOND_COUNT)
        return snprintf(msg, size, "%s unknown", WHAT("condition:")), false;
    if (f->condition != MDL_MCOND_NONE) {
        if (!(f->maint_threshold > 0.0 && f->maint_threshold < 1.0))
            return snprintf(msg, size, "%s: must be between 0 and the failure threshold 1, got %g",
                            WHAT("maint_threshold"), f->maint_threshold), false;
        if (!(f->inspect >= 0.0 && isfinite(f->inspect)) || !(f->noise >= 0.0 && isfinite(f->noise)))
            return snprintf(msg, size, "%s: must be >= 0", WHAT("inspect/noise")), false;
        if (f->condition == MDL_MCOND_GAMMA &&
            !(f->gamma_shape > 0.0 && isfinite(f->gamma_shape) && f->gamma_scale > 0.0 && isfinite(f->gamma_scale)))
            return snprintf(msg, size, "%s: shape and scale must be > 0", WHAT("gamma")), false;
        if (f->predicted)
            return snprintf(msg, size, "%s: a mode is watched by a sensor (condition) or by the predictor, not both",
                            WHAT("recall")), false;
    }
    if (!factor_ok(f->recall)) return snprintf(msg, size, "%s: must be between 0 and 1, got %g", WHAT("recall"), f->recall), false;
#undef WHAT
    return true;
}

bool mdl_maint_check(const mdl_maint_spec *s, char *msg, size_t size) {
    if (s->nmodes < 0 || s->nmodes > MT_MAX_MODES || (s->nmodes > 0 && !s->modes))
        return snprintf(msg, size, "failure_modes: at most %d modes", MT_MAX_MODES), false;
    bool predicted = false;
    for (int i = 0; i < s->nmodes; i++) {
        if (!mode_check(&s->modes[i], msg, size)) return false;
        predicted |= s->modes[i].predicted;
    }
    if (s->has_pm) {
        if ((unsigned)s->pm_clock >= MDL_MCLOCK_COUNT) return snprintf(msg, size, "maintenance: pm_clock: unknown"), false;
        if (!(s->pm_interval > 0.0) || !isfinite(s->pm_interval))
            return snprintf(msg, size, "maintenance: pm_interval: must be > 0"), false;
        if (!law_ok(&s->pm_duration, "maintenance: pm_duration", msg, size)) return false;
        if (s->pm_clock != MDL_MCLOCK_CYCLES && sim_dist_mean(&s->pm_duration) >= s->pm_interval)
            return snprintf(msg, size, "maintenance: pm_interval: %g s is not longer than the PM's mean duration %g s",
                            s->pm_interval, sim_dist_mean(&s->pm_duration)), false;
    }
    if ((unsigned)s->pm_when >= MDL_MWHEN_COUNT || (unsigned)s->pdm_when >= MDL_MWHEN_COUNT)
        return snprintf(msg, size, "maintenance: when: unknown"), false;
    if (s->window_calendar < -1) return snprintf(msg, size, "maintenance: window: no such calendar"), false;
    if (!(s->false_alarm_rate >= 0.0) || !isfinite(s->false_alarm_rate))
        return snprintf(msg, size, "maintenance: false_alarms: must be a rate >= 0"), false;
    if (s->false_alarm_rate > 0.0 && !predicted)
        return snprintf(msg, size, "maintenance: false_alarms: no failure mode has a `recall` (no predictor)"), false;
    if (!(s->pm_parts >= 0.0 && isfinite(s->pm_parts)) || !(s->cost_per_hour >= 0.0 && isfinite(s->cost_per_hour)) ||
        !(s->cost_per_intervention >= 0.0 && isfinite(s->cost_per_intervention)))
        return snprintf(msg, size, "maintenance: costs must be >= 0"), false;
    return true;
}

bool mdl__maint_check_model(const mdl_model *m, const mdl_maint_spec *s, char *msg, size_t size) {
    if (!mdl_maint_check(s, msg, size)) return false;
    if (s->window_calendar >= m->ncalendars)
        return snprintf(msg, size, "maintenance: window: no calendar with index %d", s->window_calendar), false;
    return true;
}

mdl_maint_spec *mdl__maint_copy(mdl_model *m, const mdl_maint_spec *s) {
    mdl_maint_spec *c = mdl__alloc(m, sizeof *c);
    if (!c) return NULL;
    *c = *s;
    if (s->pm_skill && !(c->pm_skill = mdl__strdup(m, s->pm_skill))) return NULL;
    if (s->nmodes > 0) {
        c->modes = mdl__alloc(m, (size_t)s->nmodes * sizeof *c->modes);
        if (!c->modes) return NULL;
        memcpy(c->modes, s->modes, (size_t)s->nmodes * sizeof *c->modes);
        for (int i = 0; i < s->nmodes; i++) {
            mdl_failure_mode *f = &c->modes[i];
            if (!(f->id = mdl__strdup(m, s->modes[i].id))) return NULL;
            if (s->modes[i].skill && !(f->skill = mdl__strdup(m, s->modes[i].skill))) return NULL;
        }
    }
    return c;
}

/* ---- the engine ------------------------------------------------------------------ */

static void on_event(sim_world *w, void *subject, void *object);

/* Has a clock at `have` reached `at`? Also when what is left is too small
 * to move the calendar's time from now (an event there would fire at now
 * again and again). */
static inline bool due(double now, double have, double at) {
    return have >= at - 1e-12 * fabs(at) || now + (at - have) <= now;
}

static bool grid_pm(const mdl_maint_spec *s) {
    return s->has_pm && s->pm_clock == MDL_MCLOCK_CALENDAR && !s->pm_by_age;
}

static double draw(mt_server *mt, const sim_dist *d, sim_rng *r, const char *key) {
    double x = mt->hooks->checked(mt->owner, sim_dist_sample(d, r), key);
    return x > 0.0 ? x : 0.0;
}

/* Age to failure of a mode of virtual age v: its law conditional on
 * surviving v (weibull; exp forgets; the other laws do not age). */
static double draw_life(mt_server *mt, const mdl_failure_mode *f, double v) {
    if (f->ttf.kind == SIM_DIST_WEIBULL && v > 0.0) {
        double k = f->ttf.p[0], lam = f->ttf.p[1];
        double e = -log(sim_rng_u01_pos(&mt->fail_rng));
        double x = lam * pow(pow(v / lam, k) + e, 1.0 / k) - v;
        return mt->hooks->checked(mt->owner, x, "ttf") > 0.0 ? x : 0.0;
    }
    return draw(mt, &f->ttf, &mt->fail_rng, "ttf");
}

/* The age at which the sensor's reading first reaches the maintenance
 * threshold, for a linear degradation that reaches 1 at age T. */
static double cbm_trigger(mt_server *mt, const mdl_failure_mode *f, double T) {
    double m = f->maint_threshold;
    if (f->inspect <= 0.0) return m * T; /* continuous sensor (readings exact) */
    double tau = f->inspect;
    if (f->noise <= 0.0) {
        double k = ceil(m * T / tau);
        if (k < 1.0) k = 1.0;
        return k * tau < T ? k * tau : INFINITY;
    }
    double k0 = floor((m - MT_NOISE_SD_SKIP * f->noise) * T / tau);
    if (k0 < 1.0) k0 = 1.0;
    for (double k = k0; k * tau < T; k += 1.0) {
        double reading = k * tau / T + f->noise * sim_rng_std_normal(&mt->pred_rng);
        if (reading >= m) return k * tau;
    }
    return INFINITY;
}

/* ---- gamma degradation ---- */

/* The grid of a continuously watched gamma path: a step's mean increment
 * is this share of the failure threshold; a step holding a crossing is
 * halved MT_GAMMA_HALVINGS times (or to 1e-9 of the age). */
#define MT_GAMMA_STEP 0.05
#define MT_GAMMA_HALVINGS 48
#define MT_GAMMA_MAX_STEPS 10000000.0

/* br = {t0, x0, t1, x1} brackets the first passage of `level` by a gamma
 * path of shape rate a (x0 < level <= x1): halves it by the gamma bridge
 * (X(tm) - x0 = (x1 - x0) B, B ~ Beta(a (tm - t0), a (t1 - tm)), drawn as
 * a ratio of gammas), keeping the values drawn, so later crossings of the
 * same path stay consistent. Returns the age of the crossing (t1). */
static double gamma_cross(sim_rng *r, double a, double br[4], double level) {
    for (int k = 0; k < MT_GAMMA_HALVINGS && br[2] - br[0] > 1e-9 * br[2]; k++) {
        double tm = 0.5 * (br[0] + br[2]);
        double g1 = sim_rng_gamma_shape(r, a * (tm - br[0])), g2 = sim_rng_gamma_shape(r, a * (br[2] - tm));
        double xm = br[1] + (br[3] - br[1]) * (g1 + g2 > 0.0 ? g1 / (g1 + g2) : 0.5);
        if (xm >= level) {
            br[2] = tm;
            br[3] = xm;
        } else {
            br[0] = tm;
            br[1] = xm;
        }
    }
    return br[2];
}

/* Does the sensor read at least the maintenance threshold at level x? */
static bool reads_high(mt_server *mt, const mdl_failure_mode *f, double x) {
    if (f->noise <= 0.0) return x >= f->maint_threshold;
    if (x < f->maint_threshold - MT_NOISE_SD_SKIP * f->noise) return false;
    return x + f->noise * sim_rng_std_normal(&mt->pred_rng) >= f->maint_threshold;
}

/* A new life of a gamma mode: the path is drawn on a grid (the inspection
 * interval, or steps of mean increment MT_GAMMA_STEP) from the fail
 * stream until it reaches 1; the crossing ages are found by bisection.
 * The warning: a continuous sensor at the first passage of the
 * maintenance threshold; inspections at the first one reading it. */
static void gamma_life(mt_server *mt, const mdl_failure_mode *f, mt_mode *m) {
    double a = f->gamma_shape, b = f->gamma_scale;
    double h = f->inspect > 0.0 ? f->inspect : MT_GAMMA_STEP / (a * b);
    double t = 0.0, x = 0.0;
    m->warn_at = INFINITY;
    for (double n = 0.0; n < MT_GAMMA_MAX_STEPS; n += 1.0) {
        double t1 = t + h, x1 = x + b * sim_rng_gamma_shape(&mt->fail_rng, a * h);
        double br[4] = {t, x, t1, x1};
        if (m->warn_at == INFINITY) {
            if (f->inspect > 0.0) {
                if (x1 < 1.0 && reads_high(mt, f, x1)) m->warn_at = t1;
            } else if (x1 >= f->maint_threshold) {
                m->warn_at = gamma_cross(&mt->fail_rng, a, br, f->maint_threshold);
                if (br[3] < 1.0) br[0] = br[2], br[1] = br[3], br[2] = t1, br[3] = x1;
            }
        }
        if (x1 >= 1.0) {
            m->fail_at = gamma_cross(&mt->fail_rng, a, br, 1.0);
            return;
        }
        t = t1;
        x = x1;
    }
    m->fail_at = t; /* a path that never gets there (not reached for a > 0, b > 0) */
}

/* Renews mode i with Kijima factor q: a new life and warning. */
static void renew(mt_server *mt, int i, double q) {
    const mdl_failure_mode *f = &mt->spec->modes[i];
    mt_mode *m = &mt->modes[i];
    m->vage = f->ttf.kind == SIM_DIST_WEIBULL ? m->vage + q * m->since : 0.0;
    m->since = 0.0;
    m->requested = 0;
    if (f->condition == MDL_MCOND_GAMMA) {
        m->vage = 0.0;
        m->warn_kind = MT_CBM;
        gamma_life(mt, f, m);
        return;
    }
    m->fail_at = draw_life(mt, f, m->vage);
    m->warn_at = INFINITY;
    if (f->condition == MDL_MCOND_LINEAR) {
        m->warn_at = cbm_trigger(mt, f, m->fail_at);
        m->warn_kind = MT_CBM;
    } else if (f->predicted) {
        m->warn_kind = MT_PDM;
        if (sim_rng_u01(&mt->pred_rng) < f->recall) {
            double lead = draw(mt, &f->lead, &mt->pred_rng, "lead");
            m->warn_at = m->fail_at > lead ? m->fail_at - lead : 0.0;
        }
    }
}

static void draw_false_alarm(mt_server *mt) {
    double rate = mt->spec->false_alarm_rate;
    mt->fa_left = rate > 0.0 ? -log(sim_rng_u01_pos(&mt->pred_rng)) / rate : INFINITY;
}

/* Brings every clock up to now, with what the server did since `last`. */
static void advance(mt_server *mt, double now) {
    double dt = now - mt->last;
    mt->last = now;
    if (!(dt > 0.0) || !mt->active) return;
    const mdl_maint_spec *s = mt->spec;
    double cal = mt->state == MT_UP ? dt : 0.0;
    double op = mt->state == MT_UP && mt->progressing ? dt : 0.0;
    for (int i = 0; i < s->nmodes; i++) {
        mdl_mclock c = s->modes[i].clock;
        mt->modes[i].since += c == MDL_MCLOCK_CALENDAR ? cal : c == MDL_MCLOCK_OPERATING ? op : 0.0;
    }
    if (s->has_pm && !grid_pm(s))
        mt->pm_left -= s->pm_clock == MDL_MCLOCK_CALENDAR ? cal : s->pm_clock == MDL_MCLOCK_OPERATING ? op : 0.0;
    mt->fa_left -= op;
}

static bool warned(const mt_server *mt) {
    for (int i = 0; i < mt->spec->nmodes; i++)
        if (mt->modes[i].requested) return true;
    return false;
}

/* A window: off shift, or (with a maintenance calendar) in one of its
 * on periods once the unit in process is finished. */
static bool moment(const mt_server *mt, mdl_mwhen when) {
    return when == MDL_MWHEN_NOW || (when == MDL_MWHEN_END_OF_UNIT && !mt->working) ||
           (when == MDL_MWHEN_WINDOW && mt->off && (mt->spec->window_calendar < 0 || !mt->working));
}

/* A maintenance due whose moment has come (the server is up). */
static bool can_start(const mt_server *mt) {
    return (mt->pm_pending && moment(mt, mt->spec->pm_when)) || (warned(mt) && moment(mt, mt->spec->pdm_when));
}

static void charge(mt_server *mt, double dur, double parts) {
    double c = parts + mt->spec->cost_per_intervention + mt->spec->cost_per_hour * dur / SIM_HOUR;
    mt->win.cost += c;
    mt->total.cost += c;
}

static void count(mt_server *mt, int kind) {
    mt->win.n[kind]++;
    mt->total.n[kind]++;
}

/* The work of a stop (repair or maintenance, `dur` long) begins now, or
 * when its technician comes (the owner's crew hook; stop_end waits at
 * INFINITY until mdl__maint_crew_arrived, which may come from inside the
 * hook when a technician is free and there). */
static void begin_work(mt_server *mt, double now, double dur, const char *skill, bool repair) {
    mt->crew_held = false;
    mt->crew_wait = false;
    mt->stop_end = now + dur;
    if (!mt->hooks->crew) return;
    mt->crew_wait = true;
    mt->crew_t = now;
    mt->stop_end = INFINITY;
    if (mt->hooks->crew(mt->owner, skill, repair, dur)) {
        mt->crew_held = true;
        return;
    }
    mt->crew_wait = false;
    mt->stop_end = now + dur;
}

static void crew_go(mt_server *mt) {
    if (mt->crew_held && mt->hooks->crew_done) mt->hooks->crew_done(mt->owner);
    mt->crew_held = mt->crew_wait = false;
}

/* Starts the maintenance of everything due: a PM (renews every mode; its
 * crew: pm_skill), or the planned replacement of each warned mode (one
 * after the other; the crew of the first one's repair). */
static void start_maint(mt_server *mt, double now) {
    const mdl_maint_spec *s = mt->spec;
    double dur = 0.0, parts = 0.0;
    const char *skill = NULL;
    bool first = true;
    mt->doing_pm = mt->pm_pending;
    if (mt->pm_pending) {
        dur = draw(mt, &s->pm_duration, &mt->fail_rng, "pm_duration");
        parts = s->pm_parts;
        skill = s->pm_skill;
        count(mt, MT_PM);
        mt->pm_pending = false;
    } else {
        for (int i = 0; i < s->nmodes; i++) {
            const mdl_failure_mode *f = &s->modes[i];
            if (!mt->modes[i].requested) continue;
            dur += draw(mt, f->has_planned ? &f->planned : &f->repair, &mt->fail_rng, "planned");
            parts += f->planned_parts;
            count(mt, mt->modes[i].requested);
            if (first) skill = f->skill;
            first = false;
        }
    }
    charge(mt, dur, parts);
    mt->state = MT_MAINT;
    begin_work(mt, now, dur, skill, !mt->doing_pm);
}

static void end_stop(mt_server *mt) {
    const mdl_maint_spec *s = mt->spec;
    crew_go(mt);
    if (mt->state == MT_DOWN) {
        int i = mt->down_mode;
        renew(mt, i, s->modes[i].repair_age);
        if (s->has_pm && s->pm_by_age) mt->pm_left = s->pm_interval;
    } else if (mt->doing_pm) {
        for (int i = 0; i < s->nmodes; i++) renew(mt, i, s->modes[i].pm_age);
        if (s->has_pm && !grid_pm(s)) mt->pm_left = s->pm_interval;
    } else {
        for (int i = 0; i < s->nmodes; i++)
            if (mt->modes[i].requested) renew(mt, i, s->modes[i].pm_age);
    }
    mt->doing_pm = false;
    mt->state = MT_UP;
}

static void fail(mt_server *mt, int i, double now) {
    const mdl_failure_mode *f = &mt->spec->modes[i];
    double dur = draw(mt, &f->repair, &mt->fail_rng, "repair");
    count(mt, MT_REPAIR);
    charge(mt, dur, f->parts);
    mt->state = MT_DOWN;
    mt->down_mode = i;
    begin_work(mt, now, dur, f->skill, true);
}

/* Everything due now on a server that is up, in the documented order. */
static void up_dues(mt_server *mt, double now) {
    const mdl_maint_spec *s = mt->spec;
    for (int i = 0; i < s->nmodes && mt->state == MT_UP; i++)
        if (due(now, mt->modes[i].since, mt->modes[i].fail_at)) fail(mt, i, now);
    if (mt->state != MT_UP) return;
    for (int i = 0; i < s->nmodes; i++) {
        mt_mode *m = &mt->modes[i];
        if (m->warn_at < INFINITY && due(now, m->since, m->warn_at)) {
            m->warn_at = INFINITY;
            m->requested = m->warn_kind;
        }
    }
    if (s->has_pm && !grid_pm(s) && !mt->pm_pending && due(now, 0.0, mt->pm_left)) {
        mt->pm_pending = true;
        mt->pm_left = INFINITY;
    }
    if (due(now, 0.0, mt->fa_left)) {
        count(mt, MT_FALSE_ALARM);
        for (int k = 0; k < s->nmodes; k++) {
            int i = (mt->next_false + k) % s->nmodes;
            if (!s->modes[i].predicted) continue;
            if (!mt->modes[i].requested) mt->modes[i].requested = MT_PDM;
            mt->next_false = (i + 1) % s->nmodes;
            break;
        }
        draw_false_alarm(mt);
    }
}

static void act(mt_server *mt, double now) {
    if (mt->state == MT_DOWN && mt->pm_pending && mt->spec->pm_when == MDL_MWHEN_NOW) {
        /* A PM due during a repair takes the repair over (it renews
         * every mode, the failed one with it; the repair's technician
         * goes, the PM's is asked for). */
        crew_go(mt);
        mt->state = MT_UP;
        start_maint(mt, now);
    } else if (mt->state == MT_UP && can_start(mt)) {
        start_maint(mt, now);
    }
}

/* Moves the server's event to the earliest thing that can happen next. */
static void reschedule(mt_server *mt, double now) {
    const mdl_maint_spec *s = mt->spec;
    double t = INFINITY;
    if (!mt->active) {
        t = INFINITY;
    } else if (mt->state != MT_UP) {
        t = mt->stop_end;
        if (grid_pm(s) && !mt->pm_pending && mt->pm_left < t) t = mt->pm_left;
    } else if (can_start(mt)) {
        t = now;
    } else {
        for (int i = 0; i < s->nmodes; i++) {
            const mt_mode *m = &mt->modes[i];
            mdl_mclock c = s->modes[i].clock;
            if (c == MDL_MCLOCK_CYCLES || (c == MDL_MCLOCK_OPERATING && !mt->progressing)) continue;
            double at = m->fail_at < m->warn_at ? m->fail_at : m->warn_at;
            double ti = now + (at - m->since);
            if (ti < t) t = ti;
        }
        if (grid_pm(s)) {
            if (!mt->pm_pending && mt->pm_left < t) t = mt->pm_left;
        } else if (s->has_pm && !mt->pm_pending &&
                   (s->pm_clock == MDL_MCLOCK_CALENDAR || (s->pm_clock == MDL_MCLOCK_OPERATING && mt->progressing))) {
            if (now + mt->pm_left < t) t = now + mt->pm_left;
        }
        if (mt->progressing && now + mt->fa_left < t) t = now + mt->fa_left;
    }
    if (t < now) t = now;
    if (mt->ev) {
        sim_event_cancel(mt->w, mt->ev);
        mt->ev = 0;
    }
    if (t < INFINITY) mt->ev = sim_event_schedule(mt->w, t, 0, on_event, mt, NULL);
}

static void on_event(sim_world *w, void *subject, void *object) {
    (void)object;
    mt_server *mt = subject;
    double now = sim_world_now(w);
    mt->ev = 0;
    advance(mt, now);
    uint8_t before = mt->state;
    if (mt->state != MT_UP && !mt->crew_wait && due(now, now, mt->stop_end)) end_stop(mt);
    if (grid_pm(mt->spec) && due(now, now, mt->pm_left)) {
        mt->pm_pending = true;
        while (due(now, now, mt->pm_left)) mt->pm_left += mt->spec->pm_interval;
    }
    if (mt->state == MT_UP) up_dues(mt, now);
    act(mt, now);
    reschedule(mt, now);
    /* A stop that ends and another that starts at once still changes the
     * ledger's state (down -> maintenance): tell the run every time. */
    if (before != mt->state || before != MT_UP) mt->hooks->changed(mt->owner);
}

/* The maintenance calendar: a window opens (on) or closes. */
static void on_window(sim_world *w, void *subject, void *object) {
    mt_server *mt = subject;
    double now = sim_world_now(w);
    bool after;
    mt->win_ev = 0;
    advance(mt, now);
    mt->off = object != NULL;
    double next = mdl__calendar_next(mt->model, mt->spec->window_calendar, now, mt->off, &after);
    if (isfinite(next)) mt->win_ev = sim_event_schedule(w, next, 0, on_window, mt, after ? mt : NULL);
    reschedule(mt, now);
}

bool mdl__maint_init(mt_server *mt, const mdl_maint_spec *spec, const mt_hooks *hooks, const mdl_model *model,
                     sim_world *w, void *owner, uint64_t master, uint64_t fail_stream, uint64_t pred_stream,
                     bool active) {
    *mt = (mt_server){.spec = spec, .hooks = hooks, .model = model, .w = w, .owner = owner, .active = active};
    sim_rng_seed(&mt->fail_rng, master, fail_stream);
    sim_rng_seed(&mt->pred_rng, master, pred_stream);
    if (spec->nmodes > 0) {
        mt->modes = calloc((size_t)spec->nmodes, sizeof *mt->modes);
        if (!mt->modes) return false;
    }
    double now = sim_world_now(w);
    mt->last = now;
    for (int i = 0; i < spec->nmodes; i++) renew(mt, i, 0.0);
    mt->pm_left = INFINITY;
    if (spec->has_pm) mt->pm_left = grid_pm(spec) ? now + spec->pm_interval : spec->pm_interval;
    draw_false_alarm(mt);
    if (spec->window_calendar >= 0) {
        bool after;
        mt->off = mdl_model_calendar_on(model, spec->window_calendar, now);
        double next = mdl__calendar_next(model, spec->window_calendar, now, mt->off, &after);
        if (isfinite(next)) mt->win_ev = sim_event_schedule(w, next, 0, on_window, mt, after ? mt : NULL);
    }
    reschedule(mt, now);
    return true;
}

void mdl__maint_fini(mt_server *mt) {
    free(mt->modes);
    mt->modes = NULL;
}

void mdl__maint_sync(mt_server *mt, bool working, bool progressing) {
    if (mt->working == working && mt->progressing == progressing) return;
    double now = sim_world_now(mt->w);
    advance(mt, now);
    mt->working = working;
    mt->progressing = progressing;
    reschedule(mt, now);
}

void mdl__maint_cycle(mt_server *mt) {
    if (!mt->active || mt->state != MT_UP) return;
    const mdl_maint_spec *s = mt->spec;
    double now = sim_world_now(mt->w);
    advance(mt, now);
    mt->working = false;
    for (int i = 0; i < s->nmodes; i++)
        if (s->modes[i].clock == MDL_MCLOCK_CYCLES) mt->modes[i].since += 1.0;
    if (s->has_pm && s->pm_clock == MDL_MCLOCK_CYCLES) mt->pm_left -= 1.0;
    up_dues(mt, now);
    act(mt, now);
    reschedule(mt, now);
}

void mdl__maint_offshift(mt_server *mt, bool off) {
    if (mt->off == off || mt->spec->window_calendar >= 0) return;
    double now = sim_world_now(mt->w);
    advance(mt, now);
    mt->off = off;
    reschedule(mt, now);
}

void mdl__maint_set_active(mt_server *mt, bool active) {
    if (mt->active == active) return;
    double now = sim_world_now(mt->w);
    advance(mt, now);
    if (!active && mt->state != MT_UP) end_stop(mt); /* the stop is dropped with the server */
    mt->active = active;
    mt->last = now;
    reschedule(mt, now);
}

void mdl__maint_window(mt_server *mt) { mt->win = (mt_counts){0}; }

void mdl__maint_crew_arrived(mt_server *mt, double dur) {
    if (!mt->crew_wait) return;
    double now = sim_world_now(mt->w);
    mt->crew_wait = false;
    mt->crew_held = true;
    mt->stop_end = now + (dur > 0.0 ? dur : 0.0);
    if (mt->state == MT_DOWN) {
        mt->win.response_s += now - mt->crew_t;
        mt->win.responses++;
        mt->total.response_s += now - mt->crew_t;
        mt->total.responses++;
    }
    reschedule(mt, now);
}

bool mdl__maint_force_failure(mt_server *mt, int i) {
    if (!mt->active || mt->state != MT_UP || i < 0 || i >= mt->spec->nmodes) return false;
    double now = sim_world_now(mt->w);
    advance(mt, now);
    fail(mt, i, now);
    reschedule(mt, now);
    mt->hooks->changed(mt->owner);
    return true;
}

bool mdl__maint_force_pm(mt_server *mt) {
    if (!mt->active || mt->state != MT_UP) return false;
    double now = sim_world_now(mt->w);
    advance(mt, now);
    mt->pm_pending = true;
    start_maint(mt, now);
    reschedule(mt, now);
    mt->hooks->changed(mt->owner);
    return true;
}

bool mdl__maint_warned(const mt_server *mt) { return warned(mt); }

/* ---- KPIs ---------------------------------------------------------------------- */

void mdl__maint_station_kpis(const mt_server *mts, int nsv, uint64_t failures, double cost, const double *acc,
                             double *o, mt_line *line) {
    double n[MT_KIND_COUNT] = {0}, engine_cost = 0.0;
    for (int j = 0; j < nsv && mts; j++) {
        for (int k = 0; k < MT_KIND_COUNT; k++) n[k] += (double)mts[j].win.n[k];
        engine_cost += mts[j].win.cost;
    }
    cost += engine_cost;
    double fails = (double)failures + n[MT_REPAIR];
    double total = 0.0;
    for (int k = 0; k < MDL_STATE_COUNT; k++) total += acc[k];
    double scheduled = total - acc[MDL_STATE_OFF];
    double op_h = (acc[MDL_STATE_BUSY] + acc[MDL_STATE_SETUP]) / SIM_HOUR;
    double down = acc[MDL_STATE_DOWN], planned = acc[MDL_STATE_MAINT];
    o[MDL_SKPI_FAILURES] = fails;
    o[MDL_SKPI_STATE_MAINT] = total > 0.0 ? planned / total : 0.0;
    o[MDL_SKPI_FAILURES_PER_1000H] = op_h > 0.0 ? 1000.0 * fails / op_h : 0.0;
    o[MDL_SKPI_MTBF_H] = fails > 0.0 ? op_h / fails : 0.0;
    o[MDL_SKPI_MTTR_H] = fails > 0.0 ? down / SIM_HOUR / fails : 0.0;
    o[MDL_SKPI_PM] = n[MT_PM];
    o[MDL_SKPI_PDM] = n[MT_PDM];
    o[MDL_SKPI_CBM] = n[MT_CBM];
    o[MDL_SKPI_FALSE_ALARMS] = n[MT_FALSE_ALARM];
    o[MDL_SKPI_MAINT_COST] = cost;
    o[MDL_SKPI_OPERATIONAL_AVAILABILITY] = scheduled > 0.0 ? (scheduled - down - planned) / scheduled : 0.0;
    double resp = mdl__maint_response(mts, nsv);
    o[MDL_SKPI_RESPONSE_S] = isnan(resp) ? 0.0 : resp;
    if (line) {
        line->scheduled_s += scheduled;
        line->down_s += down;
        line->planned_s += planned;
        line->operating_h += op_h;
        line->failures += fails;
        line->cost += cost;
        line->engine_cost += engine_cost;
    }
}

void mdl__maint_line_kpis(const mt_line *line, double *kpi) {
    kpi[MDL_KPI_PLANNED_DOWN] = line->scheduled_s > 0.0 ? line->planned_s / line->scheduled_s : 0.0;
    kpi[MDL_KPI_UNPLANNED_DOWN] = line->scheduled_s > 0.0 ? line->down_s / line->scheduled_s : 0.0;
    kpi[MDL_KPI_FAILURES_PER_1000H] = line->operating_h > 0.0 ? 1000.0 * line->failures / line->operating_h : 0.0;
    kpi[MDL_KPI_MAINT_COST] = line->cost;
}

void mdl__maint_res_put(const double *r, const int to[MT_RES_COUNT], double *o) {
    for (int k = 0; k < MT_RES_COUNT; k++)
        if (to[k] >= 0) o[to[k]] = r[k];
}

double mdl__maint_response(const mt_server *mts, int nsv) {
    double sum = 0.0, n = 0.0;
    for (int j = 0; j < nsv && mts; j++) {
        sum += mts[j].win.response_s;
        n += (double)mts[j].win.responses;
    }
    return n > 0.0 ? sum / n : NAN;
}

void mdl__maint_counts_add(mt_counts *sum, const mt_server *mt) {
    for (int k = 0; k < MT_KIND_COUNT; k++) sum->n[k] += mt->win.n[k];
    sum->cost += mt->win.cost;
    sum->response_s += mt->win.response_s;
    sum->responses += mt->win.responses;
}

void mdl__maint_counts_kpis(const mt_counts *c, double operating_s, double down_s, double planned_s, double total_s,
                            double *o) {
    double fails = (double)c->n[MT_REPAIR];
    o[MT_RES_FAILURES] = fails;
    o[MT_RES_MTBF_H] = fails > 0.0 ? operating_s / SIM_HOUR / fails : 0.0;
    o[MT_RES_MTTR_H] = fails > 0.0 ? down_s / SIM_HOUR / fails : 0.0;
    o[MT_RES_RESPONSE_S] = c->responses > 0 ? c->response_s / (double)c->responses : 0.0;
    o[MT_RES_UNPLANNED] = total_s > 0.0 ? down_s / total_s : 0.0;
    o[MT_RES_PLANNED] = total_s > 0.0 ? planned_s / total_s : 0.0;
    o[MT_RES_PM] = (double)c->n[MT_PM];
    o[MT_RES_PDM] = (double)c->n[MT_PDM];
    o[MT_RES_CBM] = (double)c->n[MT_CBM];
    o[MT_RES_FALSE_ALARMS] = (double)c->n[MT_FALSE_ALARM];
    o[MT_RES_COST] = c->cost;
}

void mdl__maint_res_kpis(const mt_server *mt, double operating_s, double down_s, double planned_s, double total_s,
                         double *o) {
    mdl__maint_counts_kpis(&mt->win, operating_s, down_s, planned_s, total_s, o);
}
