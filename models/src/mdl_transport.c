/*
 * mdl_transport.c - material handling in a run: set-up, the hand-off of a
 * finished unit to its route step's transport, results, viewer accessors,
 * and the names of the KPIs.
 *
 * mdl_run_lean.c calls in here only when the model has transport (r->x); the
 * fleet, robot and belt machinery lives in mdl_agv.c, mdl_robot.c and
 * mdl_conveyor.c.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "mdl_conveyor_net_internal.h"
#include "mdl_kpi_at.h"
#include "sim_block.h"

/* The run fails ("out of memory", mdl_run_error) and the call jumps back
 * to the run's public entry; it does not return. */
void mdl__transport_oom(const tr_run *tr) { mdl__run_oom(tr->r); }

bool tr_push_int(const tr_run *tr, int **a, int *n, int *cap, int v) {
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        int *p = realloc(*a, (size_t)nc * sizeof *p);
        if (!p) mdl__transport_oom(tr);
        *a = p;
        *cap = nc;
    }
    (*a)[(*n)++] = v;
    return true;
}

void tr_remove_int(int *a, int *n, int at) {
    for (int i = at; i + 1 < *n; i++) a[i] = a[i + 1];
    (*n)--;
}

void tr_insert_int(const tr_run *tr, int **a, int *n, int *cap, int at, int v) {
    tr_push_int(tr, a, n, cap, v);
    for (int k = *n - 1; k > at; k--) (*a)[k] = (*a)[k - 1];
    (*a)[at] = v;
}

void *tr_ring_tail(const tr_run *tr, void **a, int *head, int n, int *cap, size_t elem) {
    if (n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        char *p = malloc((size_t)nc * elem);
        if (!p) mdl__transport_oom(tr);
        for (int i = 0; i < n; i++)
            memcpy(p + (size_t)i * elem, (const char *)*a + (size_t)((*head + i) % *cap) * elem, elem);
        free(*a);
        *a = p;
        *head = 0;
        *cap = nc;
    }
    return (char *)*a + (size_t)((*head + n) % *cap) * elem;
}

void tr_hist_add(tr_hist *h, double x) {
    /* Clamped before the conversion: a huge (or infinite) value would not
     * fit in an int. */
    double fb = x > 0.0 ? floor((log10(x) + 3.0) * 100.0) : 0.0;
    int b = fb < 0.0 ? 0 : fb >= 999.0 ? 999 : (int)fb;
    h->bins[b]++;
    if (h->n == 0 || x < h->min) h->min = x;
    if (h->n == 0 || x > h->max) h->max = x;
    h->n++;
}

double tr_hist_quantile(const tr_hist *h, double q) {
    if (!h->n) return NAN;
    double target = q * (double)h->n, cum = 0.0;
    for (int b = 0; b < 1000; b++) {
        double c = h->bins[b];
        if (c > 0 && cum + c >= target) {
            double x = pow(10.0, ((double)b + (target - cum) / c) / 100.0 - 3.0);
            return x < h->min ? h->min : x > h->max ? h->max : x;
        }
        cum += c;
    }
    return h->max;
}

/* ---- lifecycle ----------------------------------------------------------------- */

void mdl__transport_free(tr_run *tr) {
    if (!tr) return;
    tr_agv_free(tr);
    tr_robot_free(tr);
    tr_net_free(tr);
    tr_conv_free(tr);
    tr_asrs_free(tr);
    tr_dock_free(tr);
    if (tr->out)
        for (int i = 0; i < tr->nplaces; i++) free(tr->out[i].wait);
    free(tr->kind); /* the tables' block */
    free(tr);
}

/* The tables by (product, place) and by place live and die together: one
 * block (sim_block.h), `kind` first. */
static void tables_layout(tr_run *tr, sim_block *b) {
    int ps = mdl_model_product_count(tr->m) * tr->nplaces + 1;
    SIM_BLOCK_PART(b, tr->kind, ps);
    SIM_BLOCK_PART(b, tr->which, ps);
    SIM_BLOCK_PART(b, tr->tender, tr->nst + 1);
    SIM_BLOCK_PART(b, tr->out, tr->nplaces + 1);
}

tr_run *mdl__transport_new(mdl_run *r, const mdl_model *m, sim_world *w, uint64_t master) {
    tr_run *tr = calloc(1, sizeof *tr);
    if (!tr) return NULL;
    tr->r = r;
    tr->w = w;
    tr->m = m;
    tr->model = mdl__transport_model_of(m);
    tr->master = master;
    tr->nst = mdl_model_station_count(m);
    tr->nplaces = tr->nst; /* and the docks (tr_dock_init) */
    if (!tr_dock_init(tr)) goto fail;
    sim_block tables = {0};
    tables_layout(tr, &tables);
    if (!(tables.base = calloc(1, tables.size))) goto fail;
    tables.size = 0;
    tables_layout(tr, &tables);
    for (int i = 0; i < tr->model->nsteps; i++) {
        const tr_step *s = &tr->model->steps[i];
        int place = s->station >= 0 ? s->station : tr->nst - 1 - s->station; /* -1 - dock: a dock's */
        tr->kind[s->product * tr->nplaces + place] = (uint8_t)s->kind;
        tr->which[s->product * tr->nplaces + place] = s->which;
    }
    for (int i = 0; i < tr->nst; i++) {
        tr->tender[i] = -1;
        tr->out[i].cap = i < tr->model->cap_st ? tr->model->st_out[i] : 1;
    }
    for (int i = tr->nst; i < tr->nplaces; i++) tr->out[i].cap = INT_MAX; /* a dock holds all its units */
    for (int k = 0; k < tr->model->nrobots; k++)
        for (int j = 0; j < tr->model->robots[k].ntends; j++) tr->tender[tr->model->robots[k].tends[j]] = k;
    if (!tr_conv_init(tr) || !tr_net_init(tr) || !tr_asrs_init(tr) || !tr_robot_init(tr) || !tr_agv_init(tr)) goto fail;
    return tr;
fail:
    mdl__transport_free(tr);
    return NULL;
}

void mdl__transport_warmup(tr_run *tr, double now) {
    tr->win_start = now;
    tr_agv_warmup(tr, now);
    tr_robot_warmup(tr, now);
    tr_conv_warmup(tr, now);
    tr_asrs_warmup(tr, now);
    tr_dock_warmup(tr, now);
}

bool mdl__transport_rep_init(mdl_rep_result *res, const mdl_model *m) {
    res->nfleets = mdl_model_fleet_count(m);
    res->nrobots = mdl_model_robot_count(m);
    res->nconveyors = mdl_model_conveyor_count(m);
    res->fleet = calloc((size_t)res->nfleets * MDL_FKPI_COUNT + 1, sizeof(double));
    res->robot = calloc((size_t)res->nrobots * MDL_RKPI_COUNT + 1, sizeof(double));
    res->conveyor = calloc((size_t)res->nconveyors * MDL_CKPI_COUNT + 1, sizeof(double));
    res->nvehicles = 0;
    for (int f = 0; f < res->nfleets; f++) res->nvehicles += mdl_model_fleet(m, f)->count;
    res->vehicle = calloc((size_t)res->nvehicles * MDL_FKPI_COUNT + 1, sizeof(double));
    res->nasrs = mdl_model_asrs_count(m);
    res->asrs = calloc((size_t)res->nasrs * MDL_WKPI_COUNT + 1, sizeof(double));
    res->ndocks = mdl_model_dock_count(m);
    res->dock = calloc((size_t)res->ndocks * MDL_DKPI_COUNT + 1, sizeof(double));
    return res->fleet && res->robot && res->conveyor && res->vehicle && res->asrs && res->dock;
}

double mdl__transport_result(const tr_run *tr, double now, mdl_rep_result *out) {
    double e = 0.0;
    e += tr_agv_result(tr, now, out);
    e += tr_robot_result(tr, now, out);
    e += tr_conv_result(tr, now, out);
    e += tr_asrs_result(tr, now, out);
    tr_dock_result(tr, now, out);
    return e;
}

double mdl_rep_fleet_kpi(const mdl_rep_result *r, int f, mdl_fkpi k) {
    return r ? mdl__kpi_at(r->fleet, r->nfleets, f, MDL_FKPI_COUNT, (int)k) : NAN;
}
double mdl_rep_vehicle_kpi(const mdl_rep_result *r, int vehicle, mdl_fkpi k) {
    return r ? mdl__kpi_at(r->vehicle, r->nvehicles, vehicle, MDL_FKPI_COUNT, (int)k) : NAN;
}
double mdl_rep_robot_kpi(const mdl_rep_result *r, int i, mdl_rkpi k) {
    return r ? mdl__kpi_at(r->robot, r->nrobots, i, MDL_RKPI_COUNT, (int)k) : NAN;
}
double mdl_rep_conveyor_kpi(const mdl_rep_result *r, int i, mdl_ckpi k) {
    return r ? mdl__kpi_at(r->conveyor, r->nconveyors, i, MDL_CKPI_COUNT, (int)k) : NAN;
}

/* ---- hand-off ------------------------------------------------------------------- */

double mdl__transport_power_now(const tr_run *tr) {
    double p = 0.0, now = tr_now(tr);
    for (int i = 0; i < tr->nrobots; i++) {
        const tr_robot *b = &tr->robots[i];
        if (b->led.state >= 0 && b->led.state < MDL_ROBOT_STATE_COUNT) p += b->spec->power[b->led.state];
    }
    for (int i = 0; i < tr->nveh; i++) { /* as the energy KPI: driving per metre, idle draw unless charging */
        const tr_vehicle *v = &tr->veh[i];
        mdl_vehicle_view vv;
        tr_vehicle_position(tr, v, now, &vv);
        p += v->spec->per_m_kwh * vv.speed * 3600.0;
        if (!v->battery.charging && !v->task.held) p += v->spec->idle_kw; /* (held: switched off) */
    }
    for (int i = 0; i < tr->nconvs; i++) {
        const tr_conveyor *c = &tr->convs[i];
        if (!(c->stopped && !c->spec->accumulating)) p += c->spec->power_kw;
    }
    return p + tr_asrs_power_now(tr);
}

int mdl__transport_mode(const tr_run *tr, int product, int station) { return tr->kind[product * tr->nplaces + station]; }

bool mdl__transport_offer(tr_run *tr, int server_gid, uint32_t unit, int product, int from, int to) {
    int k = tr->kind[product * tr->nplaces + from], which = tr->which[product * tr->nplaces + from];
    if (k == MDL_TRANSPORT_FLEET) return tr_agv_offer(tr, server_gid, unit, which, from, to);
    if (k == MDL_TRANSPORT_ASRS) return tr_asrs_offer(tr, server_gid, unit, which, from, to);
    return tr_conv_offer(tr, server_gid, unit, which, to);
}

void mdl__transport_poke(tr_run *tr, int product, int station) {
    int k = tr->kind[product * tr->nplaces + station], which = tr->which[product * tr->nplaces + station];
    if (k == MDL_TRANSPORT_FLEET)
        tr_agv_poke(tr, station);
    else if (k == MDL_TRANSPORT_CONVEYOR)
        tr_conv_poke(tr, which);
    else if (k == MDL_TRANSPORT_ASRS && tr->model->asrs[which].feed >= 0)
        tr_agv_poke(tr, station); /* fed by a fleet: the station's out-point */
    else if (k == MDL_TRANSPORT_ASRS && tr->model->asrs[which].feed_conveyor >= 0)
        tr_conv_poke(tr, tr->model->asrs[which].feed_conveyor); /* fed by a belt: its entry */
    else if (k == MDL_TRANSPORT_ASRS)
        tr_asrs_poke(tr, which);
}

void mdl__transport_shift(tr_run *tr, int cal, bool on) {
    tr_asrs_shift(tr, cal, on);
    tr_robot_shift(tr, cal, on);
    tr_agv_shift(tr, cal, on);
}

void mdl__transport_granted(tr_run *tr, uint32_t token) {
    if (token & TR_TOKEN_ASRS)
        tr_asrs_granted(tr, token);
    else if (token & TR_TOKEN_CONVEYOR)
        tr_conv_granted(tr, (int)(token & ~TR_TOKEN_CONVEYOR));
    else if (token & TR_TOKEN_DOCK)
        tr_dock_granted(tr, (int)(token & ~TR_TOKEN_DOCK));
    else if (token & TR_TOKEN_REQ)
        tr_agv_req_granted(tr, (int)(token & ~TR_TOKEN_REQ));
    else
        tr_agv_granted(tr, (int)token);
}

uint32_t mdl__transport_token_unit(const tr_run *tr, uint32_t token) {
    if (token & TR_TOKEN_ASRS) return tr_asrs_token_unit(tr, token);
    if (token & TR_TOKEN_CONVEYOR) {
        const tr_conveyor *c = &tr->convs[token & ~TR_TOKEN_CONVEYOR];
        return c->len > 0 ? c->u[c->head] : UINT32_MAX;
    }
    if (token & TR_TOKEN_DOCK) {
        int d = (int)(token & ~TR_TOKEN_DOCK);
        return tr_dock_line_len(tr, d) > 0 ? tr_dock_line_unit(tr, d, 0) : UINT32_MAX;
    }
    if (token & TR_TOKEN_REQ) return tr->reqs[token & ~TR_TOKEN_REQ].unit;
    const tr_vehicle *v = &tr->veh[token]; /* unloading: its next unit */
    return v->task.unloaded < v->task.nunits ? v->task.units[v->task.unloaded] : UINT32_MAX;
}

bool mdl__transport_tended(const tr_run *tr, int station) { return tr->tender[station] >= 0; }

void mdl__transport_robot_request(tr_run *tr, int station, int server_gid, bool load) {
    tr_robot_request(tr, tr->tender[station], station, server_gid, load);
}

/* ---- views ------------------------------------------------------------------------ */

int mdl_run_vehicle_count(const mdl_run *r, int fleet) {
    const tr_run *tr = mdl__run_transport(r);
    return tr && fleet >= 0 && fleet < tr->nfleets ? tr->fleets[fleet].count : 0;
}

bool mdl_run_vehicle(const mdl_run *r, int fleet, int i, mdl_vehicle_view *v) {
    const tr_run *tr = mdl__run_transport(r);
    if (!tr || fleet < 0 || fleet >= tr->nfleets || i < 0 || i >= tr->fleets[fleet].count) return false;
    if (v) {
        const tr_vehicle *veh = &tr->veh[tr->fleets[fleet].first + i];
        tr_vehicle_position(tr, veh, tr_now(tr), v);
        v->held = veh->task.held;
        if (v->held) v->node = -1;
    }
    return true;
}

double mdl_run_fleet_task_age(const mdl_run *r, int fleet) {
    const tr_run *tr = mdl__run_transport(r);
    if (!tr || fleet < 0 || fleet >= tr->nfleets) return 0.0;
    double age = 0.0, now = tr_now(tr);
    const tr_fleet *f = &tr->fleets[fleet];
    for (int g = f->first; g < f->first + f->count; g++) {
        const tr_vehicle *v = &tr->veh[g];
        if ((v->task.kind == VT_PICKUP || v->task.kind == VT_DROP) && !v->down && !v->task.held && now - v->task.task_since > age)
            age = now - v->task.task_since;
    }
    return age;
}

bool mdl_run_vehicle_unit(const mdl_run *r, int fleet, int i, int k, mdl_unit_view *u) {
    const tr_run *tr = mdl__run_transport(r);
    if (!tr || fleet < 0 || fleet >= tr->nfleets || i < 0 || i >= tr->fleets[fleet].count || k < 0) return false;
    const tr_vehicle *v = &tr->veh[tr->fleets[fleet].first + i];
    if (k >= v->task.nunits - v->task.unloaded) return false;
    if (u) mdl__run_unit_view(r, v->task.units[v->task.unloaded + k], u);
    return true;
}

bool mdl_run_set_fleet_speed(mdl_run *r, int fleet, double factor) {
    tr_run *tr = mdl__run_transport(r);
    return tr && tr_agv_set_speed(tr, fleet, factor);
}

double mdl_run_fleet_speed(const mdl_run *r, int fleet) {
    const tr_run *tr = mdl__run_transport(r);
    return tr && fleet >= 0 && fleet < tr->nfleets ? tr->fleets[fleet].speed_factor : NAN;
}

bool mdl_run_robot(const mdl_run *r, int robot, mdl_robot_view *v) {
    const tr_run *tr = mdl__run_transport(r);
    if (!tr || robot < 0 || robot >= tr->nrobots) return false;
    const tr_robot *b = &tr->robots[robot];
    if (v) {
        v->state = (mdl_robot_state)b->led.state;
        v->at_station = b->at;
        v->target_station = b->qlen ? b->q[b->qhead].station : -1;
        v->queue = (size_t)b->qlen;
        double now = tr_now(tr), left = b->ev ? b->end - now : b->remaining;
        v->progress = b->cur && b->total > 0.0 ? 1.0 - left / b->total : 0.0;
        if (v->progress < 0.0) v->progress = 0.0;
        if (v->progress > 1.0) v->progress = 1.0;
    }
    return true;
}

size_t mdl_run_conveyor_len(const mdl_run *r, int c) {
    const tr_run *tr = mdl__run_transport(r);
    return tr && c >= 0 && c < tr->nconvs ? (size_t)tr->convs[c].len : 0;
}

bool mdl_run_conveyor_unit(const mdl_run *r, int c, size_t i, double *s, double *px, double *py, mdl_unit_view *u) {
    const tr_run *tr = mdl__run_transport(r);
    if (!tr || c < 0 || c >= tr->nconvs || i >= (size_t)tr->convs[c].len) return false;
    const tr_conveyor *cv = &tr->convs[c];
    double pos = tr_conv_pos(tr, cv, (int)i, tr_now(tr));
    const mdl_conveyor_spec *sp = cv->spec;
    double f = pos / sp->length;
    if (s) *s = pos;
    if (px) *px = sp->x0 + f * (sp->x1 - sp->x0);
    if (py) *py = sp->y0 + f * (sp->y1 - sp->y0);
    if (u) mdl__run_unit_view(r, cv->u[(cv->head + (int)i) % cv->cap], u);
    return true;
}

bool mdl_run_conveyor_stopped(const mdl_run *r, int c) {
    const tr_run *tr = mdl__run_transport(r);
    return tr && c >= 0 && c < tr->nconvs && tr->convs[c].stopped;
}

size_t mdl_run_outpoint_len(const mdl_run *r, int station) {
    const tr_run *tr = mdl__run_transport(r);
    return tr && station >= 0 && station < tr->nst ? (size_t)tr->out[station].count : 0;
}

/* ---- names (public contract: extend, never rename) ------------------------------- */

static const char *const node_kind_names[MDL_NODE_KIND_COUNT] = {"point", "parking", "charging"};
const char *mdl_node_kind_name(mdl_node_kind k) { return (unsigned)k < MDL_NODE_KIND_COUNT ? node_kind_names[k] : "?"; }
static const char *const motion_names[MDL_MOTION_COUNT] = {"kinematic", "physics"};
const char *mdl_motion_name(mdl_motion k) { return (unsigned)k < MDL_MOTION_COUNT ? motion_names[k] : "?"; }
static const char *const fdisp_names[MDL_FLEET_DISPATCH_COUNT] = {"nearest", "fcfs", "starvation"};
const char *mdl_fleet_dispatch_name(mdl_fleet_dispatch k) {
    return (unsigned)k < MDL_FLEET_DISPATCH_COUNT ? fdisp_names[k] : "?";
}
static const char *const idle_names[MDL_IDLE_COUNT] = {"park", "stay"};
const char *mdl_fleet_idle_name(mdl_fleet_idle k) { return (unsigned)k < MDL_IDLE_COUNT ? idle_names[k] : "?"; }
static const char *const rstate_names[MDL_ROBOT_STATE_COUNT] = {"busy", "moving", "idle", "down", "maintenance", "off"};
const char *mdl_robot_state_name(mdl_robot_state s) {
    return (unsigned)s < MDL_ROBOT_STATE_COUNT ? rstate_names[s] : "?";
}
static const char *const vstate_names[MDL_V_STATE_COUNT] = {"loaded", "empty", "handling", "traffic",
                                                            "blocked", "charging", "idle", "down",
                                                            "maintenance", "off"};
const char *mdl_vstate_name(mdl_vstate s) { return (unsigned)s < MDL_V_STATE_COUNT ? vstate_names[s] : "?"; }

const char *const mdl__fkpi_names[MDL_FKPI_COUNT][2] = {
    {"utilization", "Utilisation (travel + handling)"},
    {"loaded", "Loaded travel share"},
    {"empty", "Empty travel share"},
    {"handling", "Loading / unloading share"},
    {"traffic", "Waiting for traffic share"},
    {"blocked", "Waiting for room at destination share"},
    {"charging", "Charging share"},
    {"idle", "Idle share"},
    {"trips", "Loaded trips"},
    {"units", "Units delivered"},
    {"distance_m", "Distance [m]"},
    {"energy_kwh", "Energy [kWh]"},
    {"request_wait_s", "Transport request wait [s]"},
    {"request_wait_p95_s", "Transport request wait p95 [s]"},
    {"collisions", "Collisions"},
    {"near_misses", "Near-misses"},
    {"deadlocks", "Deadlocks detected"},
    {"deadlock_forced", "Deadlocks resolved by a forced pass"},
    {"charges", "Charging sessions"},
    {"battery_min", "Lowest battery share"},
    {"traffic_stretch", "Waiting for a stretch share (part of traffic)"},
    {"traffic_passing", "Waiting at a passing place share (part of traffic)"},
    {"safety_events", "Safety events (forced passes, contacts with standing vehicles)"},
    {"down", "Down share (unplanned)"},
    {"maintenance", "Planned maintenance share"},
    {"failures", "Failures"},
    {"mtbf_h", "Observed MTBF [h]"},
    {"mttr_h", "Observed MTTR [h]"},
    {"response_s", "Technician response [s]"},
    {"pm", "Preventive maintenances"},
    {"pdm", "Predictive replacements"},
    {"cbm", "Condition-based replacements"},
    {"maintenance_cost", "Repair and maintenance cost"},
    {"off_shift", "Off-shift share (the other shares are of the shift hours)"},
    {"stalled", "Stalled: a vehicle on one transport task for over a day at the end (share of replications)"},
};

const char *const mdl__rkpi_names[MDL_RKPI_COUNT][2] = {
    {"utilization", "Utilisation (busy + moving)"},
    {"busy", "Busy share"},
    {"moving", "Moving share"},
    {"idle", "Idle share"},
    {"down", "Down share"},
    {"tasks", "Loads and unloads"},
    {"wait_s", "Wait for the robot [s]"},
    {"energy_kwh", "Energy [kWh]"},
    {"failures", "Breakdowns"},
    {"maintenance", "Planned maintenance share"},
    {"mtbf_h", "Observed MTBF [operating h]"},
    {"mttr_h", "Observed MTTR [h]"},
    {"pm", "Preventive maintenances"},
    {"pdm", "Predictive maintenances"},
    {"cbm", "Condition-based maintenances"},
    {"maintenance_cost", "Repair and maintenance cost"},
    {"response_s", "Technician response [s]"},
    {"off_shift", "Off-shift share (the other shares are of the shift hours)"},
};

const char *const mdl__ckpi_names[MDL_CKPI_COUNT][2] = {
    {"occupancy", "Mean units on the belt"},
    {"stopped", "Stopped share"},
    {"units", "Units conveyed"},
    {"transit_s", "Transit time [s]"},
    {"energy_kwh", "Energy [kWh]"},
};
