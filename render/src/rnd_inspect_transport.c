/*
 * rnd_inspect_transport.c - the inspector card and the tooltip of a
 * vehicle, a robot or a conveyor, and the trainer action that changes the
 * speed of an AGV fleet.
 *
 * The card shows what the run reports now (state, battery, load, the robot's
 * task and queue) and the KPIs of the last rnd_view_sync (mdl_transport.h:
 * a vehicle's card shows its own split, trips, distance and energy, and its
 * fleet's request waits and deadlocks, which belong to the fleet).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_people.h"
#include "mdl_transport.h"
#include "mdl_trial.h"
#include "rnd_chart.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

static const SDL_Color WHITE = {255, 255, 255, 255};

typedef double kpi_fn(const mdl_rep_result *r, int i, int k);
static double fleet_kpi(const mdl_rep_result *r, int i, int k) {
    return mdl_rep_fleet_kpi(r, i, (mdl_fkpi)k);
}
static double robot_kpi(const mdl_rep_result *r, int i, int k) {
    return mdl_rep_robot_kpi(r, i, (mdl_rkpi)k);
}

/* KPIs 0 .. n - 1 of fleet or robot i (get) in the pane's last result, into
 * buf; NULL before the first result. */
static const double *kpis_of(const rnd_pane *pn, kpi_fn *get, int i, int n, double *buf) {
    if (!pn->result)
        return NULL;
    for (int k = 0; k < n; k++)
        buf[k] = get(pn->result, i, k);
    return buf;
}

/* A vehicle's own KPIs, with its fleet's request waits and deadlocks. */
static const double *vehicle_kpis(const rnd_pane *pn, int fleet, int i, double *buf) {
    if (!kpis_of(pn, fleet_kpi, fleet, MDL_FKPI_COUNT, buf))
        return NULL;
    int g = mdl_model_vehicle_index(pn->model, fleet, i);
    for (int k = 0; k < MDL_FKPI_COUNT; k++)
        if (k != MDL_FKPI_REQUEST_WAIT_S && k != MDL_FKPI_REQUEST_WAIT_P95_S && k != MDL_FKPI_DEADLOCKS &&
            k != MDL_FKPI_DEADLOCK_FORCED)
            buf[k] = mdl_rep_vehicle_kpi(pn->result, g, (mdl_fkpi)k);
    return buf;
}

static const char *station_name(const mdl_model *m, int s) {
    const mdl_station_spec *sp = s >= 0 ? mdl_model_station(m, s) : NULL;
    return sp && sp->id ? sp->id : "\xE2\x80\x93";
}

float rnd__transport_card_height(const rnd_view *v) {
    if (v->sel.kind == RND_PICK_VEHICLE)
        return 10.0f + 26.0f + 22.0f + 16.0f * 4.0f + 6.0f + RND_CARD_HEADING_H + 16.0f + 66.0f + 16.0f * 8.0f +
               6.0f + 20.0f;
    return 10.0f + 26.0f + 22.0f + 16.0f * 4.0f + 6.0f + RND_CARD_HEADING_H + 16.0f + 36.0f + 16.0f * 4.0f +
           10.0f;
}

#define MAX_STATES 8
_Static_assert((int)MDL_V_IDLE + 1 <= MAX_STATES && (int)MDL_ROBOT_STATE_COUNT <= MAX_STATES &&
                   (int)MDL_PERSON_STATE_COUNT <= MAX_STATES,
               "state_split's arrays are too short");

/* The time split of a vehicle, robot or pool: a share bar at y and, below it, a
 * legend of n states, per_row to a row. k holds the shares from k[first]
 * on, or is NULL (not yet measured). */
void rnd__state_split(SDL_Renderer *r, rnd_text *t, float x, float y, float iw, const double *k,
                        int first, int n, SDL_Color (*color)(int), const char *(*name)(int),
                        int per_row) {
    double shares[MAX_STATES] = {0};
    SDL_Color cols[MAX_STATES] = {{0, 0, 0, 0}};
    n = n < 0 ? 0 : n > MAX_STATES ? MAX_STATES : n; /* a caller outside this file may pass any n */
    for (int s = 0; s < n; s++) {
        shares[s] = k ? k[first + s] : 0.0;
        if (!isfinite(shares[s]))
            shares[s] = 0.0;
        cols[s] = color(s);
    }
    rnd_share_bar(r, (SDL_FRect){x, y, iw, 12.0f}, shares, cols, n);
    y += 16.0f;
    char b[64], c2[32];
    for (int i = 0; i < n; i++) {
        float cx = x + (float)(i % per_row) * iw / (float)per_row, cy = y + (float)(i / per_row) * 15.0f;
        rnd_fill_round_rect(r, (SDL_FRect){cx, cy + 3.0f, 8.0f, 8.0f}, 2.0f, cols[i]);
        rnd__fmt_pct(c2, sizeof c2, k ? shares[i] : NAN);
        snprintf(b, sizeof b, "%s %s", name(i), c2);
        rnd_text_draw_fit(t, b, cx + 11.0f, cy, (rnd_font_style){10, false}, RND_COL_TEXT,
                          RND_ALIGN_LEFT, iw / (float)per_row - 12.0f);
    }
}

static const char *vstate_name(int s) { return mdl_vstate_name((mdl_vstate)s); }
static const char *robot_state_name(int s) { return mdl_robot_state_name((mdl_robot_state)s); }

/* Vehicle card header: fleet and number, motion mode, the state chip and where
 * the vehicle is; returns the y below it. */
static float vehicle_header(const rnd_view *v, const rnd_pane *pn, const mdl_fleet_spec *fs, int i,
                            const mdl_vehicle_view *vv, SDL_Renderer *r, rnd_text *t, float x,
                            float y, float iw) {
    char b[160], c2[64];
    snprintf(b, sizeof b, "%s #%d", fs->id, i + 1);
    rnd_text_draw_fit(t, b, x, y, (rnd_font_style){17, true}, RND_COL_TEXT, RND_ALIGN_LEFT,
                      iw * 0.6f);
    snprintf(b, sizeof b, "AGV \xC2\xB7 %s", mdl_motion_name(fs->mode));
    rnd__chip(r, t, x + iw, y + 2.0f, b, RND_FONT_SMALL, (SDL_Color){232, 236, 242, 255},
              RND_COL_TEXT_DIM, RND_ALIGN_RIGHT, NULL);
    y += 26.0f;
    SDL_FRect sc;
    SDL_Color stc = rnd_vstate_color((int)vv->state);
    rnd__chip(r, t, x, y, mdl_vstate_name(vv->state), (rnd_font_style){11, true}, stc,
              vv->state == MDL_V_IDLE ? RND_COL_TEXT : WHITE, RND_ALIGN_LEFT, &sc);
    if (vv->node >= 0)
        snprintf(b, sizeof b, "at %s", mdl_model_node(pn->model, vv->node)->id);
    else
        snprintf(b, sizeof b, "driving %.1f m/s", vv->speed);
    if (v->npanes > 1) {
        snprintf(c2, sizeof c2, " \xC2\xB7 %s", pn->label);
        snprintf(b + strlen(b), sizeof b - strlen(b), "%s", c2);
    }
    rnd_text_draw(t, b, sc.x + sc.w + 8.0f, y + 1.0f, RND_FONT_SMALL, RND_COL_TEXT_DIM,
                  RND_ALIGN_LEFT);
    return y + 22.0f;
}

/* A figure on a vehicle card: KPI kpi formatted as rnd_kv_row's fmt
 * ('%', 't', 'n' with decimals), divided by per (0: as it is), of the
 * vehicle or of its whole fleet. */
typedef struct card_fig {
    int kpi;
    char fmt;
    int decimals;
    double per;
    bool of_fleet;
} card_fig;

/* The vehicle card's rows: a figure, or two with text between and after. */
static const struct vehicle_row {
    const char *label;
    enum { ANY_MOTION, PHYSICS_ONLY, KINEMATIC_ONLY } when;
    card_fig first;
    const char *mid; /* NULL: one figure */
    card_fig second;
    const char *end;
} vehicle_rows[] = {
    {"Utilisation", ANY_MOTION, {MDL_FKPI_UTILIZATION, '%', 0, 0, false}, NULL, {0, 0, 0, 0, false}, ""},
    {"Delivered", ANY_MOTION, {MDL_FKPI_TRIPS, 'n', 0, 0, false}, " trips, ", {MDL_FKPI_UNITS, 'n', 0, 0, false},
     " units"},
    {"Distance", ANY_MOTION, {MDL_FKPI_DISTANCE_M, 'n', 2, 1000.0, false}, NULL, {0, 0, 0, 0, false}, " km"},
    {"Fleet req. wait", ANY_MOTION, {MDL_FKPI_REQUEST_WAIT_S, 't', 0, 0, false}, " (p95 ",
     {MDL_FKPI_REQUEST_WAIT_P95_S, 't', 0, 0, false}, ")"},
    {"Energy", ANY_MOTION, {MDL_FKPI_ENERGY_KWH, 'n', 1, 0, false}, NULL, {0, 0, 0, 0, false}, " kWh"},
    {"Collisions / near-misses", PHYSICS_ONLY, {MDL_FKPI_COLLISIONS, 'n', 0, 0, false}, " / ",
     {MDL_FKPI_NEAR_MISSES, 'n', 0, 0, false}, ""},
    {"Fleet deadlocks", KINEMATIC_ONLY, {MDL_FKPI_DEADLOCKS, 'n', 0, 0, false}, NULL, {0, 0, 0, 0, false}, ""},
    /* Safety events (forced passes, physics contacts with a standing
     * vehicle): this vehicle's and its fleet's; each flashes red on the
     * floor when it happens (rnd_safety.c). */
    {"Safety events", ANY_MOTION, {MDL_FKPI_SAFETY_EVENTS, 'n', 0, 0, false}, " / fleet ",
     {MDL_FKPI_SAFETY_EVENTS, 'n', 0, 0, true}, ""},
    {"Charging sessions", ANY_MOTION, {MDL_FKPI_CHARGES, 'n', 0, 0, false}, NULL, {0, 0, 0, 0, false}, ""},
};

static void card_fig_format(char *b, size_t n, const card_fig *g, const double *k, const double *fk) {
    const double *src = g->of_fleet ? fk : k;
    double v = src ? src[g->kpi] : NAN;
    rnd__fmt_kpi(b, n, g->per > 0.0 ? v / g->per : v, g->fmt, g->decimals);
}

/* Vehicle card figures of the run so far (utilisation ... charging sessions);
 * k is the vehicle's KPI row or NULL, fk its fleet's; returns the y below them. */
static float vehicle_kpi_rows(const mdl_fleet_spec *fs, const double *k, const double *fk, rnd_text *t,
                              float x, float y, float iw) {
    const float lh = 16.0f;
    bool physics = fs->mode == MDL_MOTION_PHYSICS;
    for (size_t i = 0; i < sizeof vehicle_rows / sizeof vehicle_rows[0]; i++) {
        const struct vehicle_row *row = &vehicle_rows[i];
        if ((row->when == PHYSICS_ONLY && !physics) || (row->when == KINEMATIC_ONLY && physics))
            continue;
        char b[160], c2[64] = "";
        card_fig_format(b, sizeof b, &row->first, k, fk);
        if (row->mid)
            card_fig_format(c2, sizeof c2, &row->second, k, fk);
        snprintf(b + strlen(b), sizeof b - strlen(b), "%s%s%s", row->mid ? row->mid : "", c2, row->end);
        rnd__kv(t, x, y, iw, row->label, b);
        y += lh;
    }
    return y + 6.0f;
}

static void vehicle_card(const rnd_view *v, SDL_Renderer *r, rnd_text *t, float x, float y,
                         float iw) {
    const rnd_pane pn_ = rnd__pane(v, v->sel.pane), *pn = &pn_;
    int fl = v->sel.fleet, i = v->sel.index;
    const mdl_fleet_spec *fs = mdl_model_fleet(pn->model, fl);
    mdl_vehicle_view vv;
    if (!fs || !mdl_run_vehicle(pn->run, fl, i, &vv))
        return;
    y = vehicle_header(v, pn, fs, i, &vv, r, t, x, y, iw);
    const float lh = 16.0f;
    char b[160];
    if (fs->battery.enabled) {
        /* The level as a bar beside its number. */
        rnd__kv(t, x, y, iw, "Battery", "");
        snprintf(b, sizeof b, "%.0f %%", vv.battery * 100.0);
        float bw = iw * 0.45f;
        SDL_FRect bar = {x + iw - bw, y + 3.0f, bw - 44.0f, 9.0f};
        double lvl = fmin(fmax(vv.battery, 0.0), 1.0);
        rnd_fill_rect(r, bar, (SDL_Color){232, 236, 242, 255});
        rnd_fill_rect(r, (SDL_FRect){bar.x, bar.y, bar.w * (float)lvl, bar.h},
                      lvl <= fs->battery.threshold ? RND_COL_BAD
                      : lvl < 0.5                  ? rnd_state_color(MDL_STATE_BLOCKED)
                                                   : RND_COL_GOOD);
        rnd_text_draw(t, b, x + iw, y, (rnd_font_style){11, true}, RND_COL_TEXT, RND_ALIGN_RIGHT);
    } else {
        rnd__kv(t, x, y, iw, "Battery", "none");
    }
    y += lh;
    snprintf(b, sizeof b, "%d of %d unit%s", vv.units, fs->capacity, fs->capacity == 1 ? "" : "s");
    rnd__kv(t, x, y, iw, "On board", b);
    y += lh;
    /* How long it has held its task: minutes where traffic flows; past
     * the stall limit the traffic stopped (the run's `stalled`). */
    if (vv.task_s > 0.0) {
        char d[48];
        rnd_format_duration(d, sizeof d, vv.task_s);
        snprintf(b, sizeof b, "%s, for %s%s", vv.units > 0 ? "drop" : "pick-up", d,
                 vv.task_s > mdl_stall_limit(mdl_run_horizon(pn->run)) ? " (stalled)" : "");
    } else {
        snprintf(b, sizeof b, "none");
    }
    rnd__kv(t, x, y, iw, "Task", b);
    y += lh;
    double factor = mdl_run_fleet_speed(pn->run, fl);
    snprintf(b, sizeof b, "%.2g m/s \xC3\x97 %.2g = %.2g m/s", fs->speed, factor, fs->speed * factor);
    rnd__kv(t, x, y, iw, "Top speed", b);
    y += lh + 6.0f;

    double kb[MDL_FKPI_COUNT];
    const double *k = vehicle_kpis(pn, fl, i, kb);
    y = rnd__card_heading(v, t, x, y, iw, "Time split of this vehicle");
    /* Two to a row: three cut "charging 80.4 %" short. */
    /* (the seven shares from `loaded` to `idle` are contiguous in the KPIs) */
    rnd__state_split(r, t, x, y, iw, k, MDL_FKPI_LOADED, MDL_V_IDLE + 1, rnd_vstate_color, vstate_name, 2);
    y += 16.0f + 66.0f;
    double fb[MDL_FKPI_COUNT];
    y = vehicle_kpi_rows(fs, k, kpis_of(pn, fleet_kpi, fl, MDL_FKPI_COUNT, fb), t, x, y, iw);
    rnd_text_draw_fit(t, "A faster \xC2\xB7 Z slower: this fleet's speed", x, y,
                      (rnd_font_style){10, false}, RND_COL_ACCENT, RND_ALIGN_LEFT, iw);
}

static void robot_card(const rnd_view *v, SDL_Renderer *r, rnd_text *t, float x, float y,
                       float iw) {
    const rnd_pane pn_ = rnd__pane(v, v->sel.pane), *pn = &pn_;
    int ri = v->sel.index;
    const mdl_robot_spec *rs = mdl_model_robot(pn->model, ri);
    mdl_robot_view rv;
    if (!rs || !mdl_run_robot(pn->run, ri, &rv))
        return;
    char b[200], c2[64];
    rnd_text_draw_fit(t, rs->id, x, y, (rnd_font_style){17, true}, RND_COL_TEXT, RND_ALIGN_LEFT,
                      iw * 0.6f);
    rnd__chip(r, t, x + iw, y + 2.0f, "robot", RND_FONT_SMALL, (SDL_Color){232, 236, 242, 255},
              RND_COL_TEXT_DIM, RND_ALIGN_RIGHT, NULL);
    y += 26.0f;
    SDL_FRect sc;
    rnd__chip(r, t, x, y, mdl_robot_state_name(rv.state), (rnd_font_style){11, true},
              rnd_robot_state_color((int)rv.state),
              rv.state == MDL_ROBOT_IDLE ? RND_COL_TEXT : WHITE, RND_ALIGN_LEFT, &sc);
    if (rv.state == MDL_ROBOT_BUSY || rv.state == MDL_ROBOT_MOVING)
        snprintf(b, sizeof b, "%s %s \xC2\xB7 %.0f %%",
                 rv.state == MDL_ROBOT_MOVING ? "to" : "at",
                 station_name(pn->model, rv.state == MDL_ROBOT_MOVING ? rv.at_station : rv.target_station),
                 rv.progress * 100.0);
    else
        snprintf(b, sizeof b, "at %s", station_name(pn->model, rv.at_station));
    rnd_text_draw(t, b, sc.x + sc.w + 8.0f, y + 1.0f, RND_FONT_SMALL, RND_COL_TEXT_DIM,
                  RND_ALIGN_LEFT);
    y += 22.0f;
    const float lh = 16.0f;
    size_t waiting = rv.queue > 0 && (rv.state == MDL_ROBOT_BUSY || rv.state == MDL_ROBOT_MOVING)
                         ? rv.queue - 1
                         : rv.queue;
    snprintf(b, sizeof b, "%zu request%s waiting", waiting, waiting == 1 ? "" : "s");
    rnd__kv(t, x, y, iw, "Queue", b);
    y += lh;
    b[0] = '\0';
    for (int i = 0; i < rs->ntends; i++)
        snprintf(b + strlen(b), sizeof b - strlen(b), "%s%s", i ? ", " : "",
                 station_name(pn->model, rs->tends[i]));
    rnd__kv(t, x, y, iw, "Tends", b);
    y += lh;
    rnd_format_duration(b, sizeof b, sim_dist_mean(&rs->load));
    rnd_format_duration(c2, sizeof c2, sim_dist_mean(&rs->unload));
    snprintf(b + strlen(b), sizeof b - strlen(b), " / %s", c2);
    rnd__kv(t, x, y, iw, "Load / unload (mean)", b);
    y += lh;
    snprintf(b, sizeof b, "%.1f busy / %.1f idle kW", rs->power[MDL_ROBOT_BUSY],
             rs->power[MDL_ROBOT_IDLE]);
    rnd__kv(t, x, y, iw, "Power", b);
    y += lh + 6.0f;
    double kb[MDL_RKPI_COUNT];
    const double *k = kpis_of(pn, robot_kpi, ri, MDL_RKPI_COUNT, kb);
    y = rnd__card_heading(v, t, x, y, iw, "Time in state");
    /* the ledger's order: busy, moving, idle, down, maintenance (shares of the shift hours; off shift left out) */
    double ks[MDL_ROBOT_OFF];
    static const mdl_rkpi share_of[MDL_ROBOT_OFF] = {MDL_RKPI_BUSY, MDL_RKPI_MOVING, MDL_RKPI_IDLE, MDL_RKPI_DOWN,
                                                     MDL_RKPI_MAINT};
    for (int i = 0; k && i < MDL_ROBOT_OFF; i++) ks[i] = k[share_of[i]];
    rnd__state_split(r, t, x, y, iw, k ? ks : NULL, 0, MDL_ROBOT_OFF, rnd_robot_state_color, robot_state_name, 2);
    y += 16.0f + 36.0f;
    static const rnd_kv_row rows[] = {
        {"Utilisation", MDL_RKPI_UTILIZATION, '%', 0},
        {"Loads and unloads", MDL_RKPI_TASKS, 'n', 0},
        {"Mean wait for it", MDL_RKPI_WAIT_S, 't', 0},
    };
    y = rnd__kv_rows(t, x, y, lh, iw, k, rows, 3);
    rnd__fmt_num(b, sizeof b, k ? k[MDL_RKPI_ENERGY_KWH] : NAN, 1);
    rnd__fmt_num(c2, sizeof c2, k ? k[MDL_RKPI_FAILURES] : NAN, 0);
    snprintf(b + strlen(b), sizeof b - strlen(b), " kWh \xC2\xB7 %s failures", c2);
    rnd__kv(t, x, y, iw, "Energy \xC2\xB7 failures", b);
}

void rnd__draw_transport_inspector(const rnd_view *v, SDL_Renderer *r, rnd_text *t,
                                   SDL_FRect box) {
    rnd__card(r, box);
    SDL_Rect ci = {(int)box.x, (int)box.y, (int)box.w, (int)box.h};
    SDL_RenderSetClipRect(r, &ci);
    float x = box.x + 14.0f, y = box.y + 10.0f, iw = box.w - 28.0f;
    if (v->sel.kind == RND_PICK_VEHICLE)
        vehicle_card(v, r, t, x, y, iw);
    else if (v->sel.kind == RND_PICK_ROBOT)
        robot_card(v, r, t, x, y, iw);
    SDL_RenderSetClipRect(r, NULL);
}

void rnd__transport_tooltip(const rnd_view *v, const rnd_pick *p, char *l1, size_t n1,
                            char *l2, size_t n2, SDL_Color *accent) {
    const rnd_pane pn_ = rnd__pane(v, p->pane), *pn = &pn_;
    l1[0] = l2[0] = '\0';
    *accent = RND_COL_TEXT_DIM;
    if (p->kind == RND_PICK_VEHICLE) {
        const mdl_fleet_spec *fs = mdl_model_fleet(pn->model, p->fleet);
        mdl_vehicle_view vv;
        if (!fs || !mdl_run_vehicle(pn->run, p->fleet, p->index, &vv))
            return;
        snprintf(l1, n1, "%s #%d \xC2\xB7 %s", fs->id, p->index + 1, mdl_vstate_name(vv.state));
        char bat[32] = "";
        if (fs->battery.enabled)
            snprintf(bat, sizeof bat, " \xC2\xB7 battery %.0f %%", vv.battery * 100.0);
        snprintf(l2, n2, "%d/%d on board \xC2\xB7 %.1f m/s%s", vv.units, fs->capacity, vv.speed, bat);
        *accent = rnd_vstate_color((int)vv.state);
    } else if (p->kind == RND_PICK_ROBOT) {
        const mdl_robot_spec *rs = mdl_model_robot(pn->model, p->index);
        mdl_robot_view rv;
        if (!rs || !mdl_run_robot(pn->run, p->index, &rv))
            return;
        snprintf(l1, n1, "%s \xC2\xB7 robot \xC2\xB7 %s", rs->id, mdl_robot_state_name(rv.state));
        char u[32];
        rnd__fmt_pct(u, sizeof u,
                     pn->result ? mdl_rep_robot_kpi(pn->result, p->index, MDL_RKPI_UTILIZATION) : NAN);
        snprintf(l2, n2, "at %s \xC2\xB7 queue %zu \xC2\xB7 util %s",
                 station_name(pn->model, rv.at_station), rv.queue, u);
        *accent = rnd_robot_state_color((int)rv.state);
    } else if (p->kind == RND_PICK_CONVEYOR) {
        const mdl_conveyor_spec *cs = mdl_model_conveyor(pn->model, p->index);
        if (!cs)
            return;
        bool stopped = mdl_run_conveyor_stopped(pn->run, p->index);
        snprintf(l1, n1, "%s \xC2\xB7 conveyor \xC2\xB7 %s", cs->id, stopped ? "stopped" : "running");
        long cap = cs->spacing > 0.0 ? (long)floor(cs->length / cs->spacing + 1e-9) : 0;
        snprintf(l2, n2, "%zu / %ld units \xC2\xB7 %.1f m at %.2g m/s \xC2\xB7 %s",
                 mdl_run_conveyor_len(pn->run, p->index), cap, cs->length, cs->speed,
                 cs->accumulating ? "accumulating" : "non-accumulating");
        *accent = stopped ? RND_COL_BAD : RND_COL_GOOD;
    }
}
