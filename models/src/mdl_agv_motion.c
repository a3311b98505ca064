/*
 * mdl_agv_motion.c - AGV kinematic motion: the speed profile of a reserved
 * stretch, its pass times (kept per stretch), reserving and starting a
 * stretch, the node pass, the vehicles' event source, and the position
 * a view draws. (Physics motion: mdl_agv_physics.c drives the same
 * state machine through tr_agv_pass.)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"

/* ---- kinematic profile -------------------------------------------------------- */

/* Time to cover L starting at speed u, ending at u2, top speed w, accel a. */
static double seg_time(double L, double u, double u2, double w, double a) {
    if (!(a > 0.0)) return L / w;
    double vp = sqrt((2.0 * a * L + u * u + u2 * u2) / 2.0);
    if (vp > w) vp = w;
    double d1 = (vp * vp - u * u) / (2.0 * a), d3 = (vp * vp - u2 * u2) / (2.0 * a);
    double cruise = L - d1 - d3;
    if (cruise < 0.0) cruise = 0.0;
    return (vp - u) / a + (vp - u2) / a + cruise / vp;
}

/* Distance covered after tau on such a segment (clamped to L). */
static double seg_pos(double L, double u, double u2, double w, double a, double tau, double *speed) {
    if (!(a > 0.0)) {
        if (speed) *speed = w;
        double s = w * tau;
        return s > L ? L : s;
    }
    double vp = sqrt((2.0 * a * L + u * u + u2 * u2) / 2.0);
    if (vp > w) vp = w;
    double t1 = (vp - u) / a, d1 = (vp * vp - u * u) / (2.0 * a);
    double d3 = (vp * vp - u2 * u2) / (2.0 * a), d2 = L - d1 - d3;
    if (d2 < 0.0) d2 = 0.0;
    double t2 = d2 / vp, s, sp;
    if (tau <= t1) {
        s = u * tau + 0.5 * a * tau * tau;
        sp = u + a * tau;
    } else if (tau <= t1 + t2) {
        s = d1 + vp * (tau - t1);
        sp = vp;
    } else {
        double t = tau - t1 - t2;
        s = d1 + d2 + vp * t - 0.5 * a * t * t;
        sp = vp - a * t;
    }
    if (speed) *speed = sp > 0.0 ? sp : 0.0;
    return s > L ? L : s < 0.0 ? 0.0 : s;
}

/* Boundary speeds of the stretch path[p..e] (rest to rest): the speed at
 * path[j] into u[j - off]. Forward and backward passes of the
 * acceleration limit. */
static void stretch_speeds(const tr_run *tr, const tr_vehicle *v, int p, int e, double *u, int off) {
    double a = v->motion.acc;
    u[p - off] = 0.0;
    for (int j = p + 1; j < e; j++) {
        double cap = tr_arc_vmax(tr, v, v->motion.parc[j - 1]);
        double c2 = tr_arc_vmax(tr, v, v->motion.parc[j]);
        if (c2 < cap) cap = c2;
        if (a > 0.0) {
            double r = sqrt(u[j - 1 - off] * u[j - 1 - off] + 2.0 * a * tr->arcs[v->motion.parc[j - 1]].len);
            if (r < cap) cap = r;
        }
        u[j - off] = cap;
    }
    u[e - off] = 0.0;
    if (a > 0.0)
        for (int j = e - 1; j > p; j--) {
            double r = sqrt(u[j + 1 - off] * u[j + 1 - off] + 2.0 * a * tr->arcs[v->motion.parc[j]].len);
            if (r < u[j - off]) u[j - off] = r;
        }
}

/* The stretch path[ppos..res_end], into unode (physics mode). */
void tr_agv_stretch_speeds(const tr_run *tr, tr_vehicle *v) { stretch_speeds(tr, v, v->motion.ppos, v->motion.res_end, v->motion.unode, 0); }


/* The fleet's speed factor applies from the start of a stretch: a
 * vehicle never changes its profile halfway (the kinematic pass times and
 * the physics braking points are planned for the whole stretch). */
void tr_agv_latch_speed(const tr_run *tr, tr_vehicle *v) {
    double k = tr->fleets[v->fleet].speed_factor;
    v->motion.vtop = v->spec->speed * k;
    v->motion.acc = v->spec->accel * k;
}

/* Kinematic pass times. The time on each arc of a stretch is a pure
 * function of its arcs and the vehicle's vtop and acc (arcs do not change
 * in a run), so the run keeps those of recent stretches: single arcs (rest
 * to rest) in a slot per arc, longer stretches in a slot per first arc and
 * length (a table hashed on them when that would pass TR_SMEMO_N slots;
 * 512 hashed slots lost two fifths of the lookups of the AGV benchmark to
 * collisions). The boundary speeds are not kept (only the view needs them,
 * and works them out again). */

/* The times of the stretch path[ppos..res_end] into m (v->motion.unode: scratch). */
static __attribute__((noinline)) void stretch_fill(const tr_run *tr, tr_vehicle *v, tr_smemo *m) {
    int p = v->motion.ppos, k = v->motion.res_end - p;
    stretch_speeds(tr, v, p, v->motion.res_end, v->motion.unode, 0);
    m->k = k;
    m->vtop = dbits(v->motion.vtop);
    m->acc = dbits(v->motion.acc);
    for (int i = 0; i < k; i++) {
        int j = p + i, a = v->motion.parc[j];
        m->arc[i] = a;
        m->dt[i] = seg_time(tr->arcs[a].len, v->motion.unode[j], v->motion.unode[j + 1], tr_arc_vmax(tr, v, a), v->motion.acc);
    }
}

static __attribute__((noinline)) void rest_fill(const tr_run *tr, const tr_vehicle *v, tr_rest *r, int a) {
    r->vtop = dbits(v->motion.vtop);
    r->acc = dbits(v->motion.acc);
    r->dt = seg_time(tr->arcs[a].len, 0.0, 0.0, tr_arc_vmax(tr, v, a), v->motion.acc);
}

/* tnode[ppos..res_end]: now plus the times of the arcs, one by one. */
static void stretch_times(tr_run *tr, tr_vehicle *v) {
    int p = v->motion.ppos, e = v->motion.res_end, k = e - p;
    const int *arc = v->motion.parc + p;
    double *tn = v->motion.tnode + p;
    double t = tr_now(tr);
    tn[0] = t;
    uint64_t vt = dbits(v->motion.vtop), ac = dbits(v->motion.acc);
    if (k == 1) {
        tr_rest *r = &tr->rest[arc[0]];
        if (r->vtop != vt || r->acc != ac) rest_fill(tr, v, r, arc[0]);
        tn[1] = t + r->dt;
        return;
    }
    if (k > 1 && k <= TR_SMEMO_K) {
        tr_smemo *m;
        if (tr->smemo_direct) {
            m = &tr->smemo[arc[0] * (TR_SMEMO_K - 1) + k - 2];
        } else {
            uint32_t h = ((uint32_t)arc[0] * 0x9E3779B1u) ^ ((uint32_t)arc[k - 1] * 0x85EBCA77u) ^ (uint32_t)k;
            m = &tr->smemo[(h >> 7) & (TR_SMEMO_N - 1)];
        }
        if (m->k == k && m->vtop == vt && m->acc == ac) {
            /* the times in step with the check of the arcs (overwritten on a miss) */
            int diff = 0;
            for (int i = 0; i < k; i++) {
                diff |= m->arc[i] ^ arc[i];
                t += m->dt[i];
                tn[i + 1] = t;
            }
            if (!diff) return;
            t = tn[0];
        }
        stretch_fill(tr, v, m);
        for (int i = 0; i < k; i++) {
            t += m->dt[i];
            tn[i + 1] = t;
        }
        return;
    }
    stretch_speeds(tr, v, p, e, v->motion.unode, 0);
    for (int j = p; j < e; j++) {
        int a = v->motion.parc[j];
        t += seg_time(tr->arcs[a].len, v->motion.unode[j], v->motion.unode[j + 1], tr_arc_vmax(tr, v, a), v->motion.acc);
        v->motion.tnode[j + 1] = t;
    }
}

void tr_agv_start_stretch(tr_run *tr, tr_vehicle *v, int end) {
    tr_agv_latch_speed(tr, v);
    v->motion.res_end = end;
    if (!v->motion.moving) tr_agv_unstand(tr, v);
    v->motion.moving = true;
    v->traffic.tried_reroute = v->traffic.tried_backoff = false;
    v->traffic.in_deadlock = false;
    v->traffic.was_waiting = false;
    v->traffic.force_due = INFINITY; /* a pending check finds nothing to do */
    if (v->traffic.aside_node >= 0 && v->traffic.backoff_goal < 0) { /* leaving the place it stepped aside to */
        tr->park_used[v->traffic.aside_node]--;
        v->traffic.aside_node = -1;
    }
    if (v->spec->mode == MDL_MOTION_PHYSICS) {
        tr_agv_stretch_speeds(tr, v);
        tr_agv_refresh(tr, v);
        tr_phys_start(tr, v);
        return;
    }
    v->motion.s0 = v->motion.ppos;
    tr_agv_refresh(tr, v);
    stretch_times(tr, v);
    schedule_pass(tr, v);
}

/* ---- motion ------------------------------------------------------------------------ */


/* Reserves the arcs of v's route from path[ppos] on, as far as their
 * zones are free: returns the node index where the stretch ends (ppos:
 * none), the zone to wait for in *wz (-1) and its direction in *wdir.
 * With traffic = AVOID (and LANES) a corridor and its exit place are taken
 * first (mdl_agv_zone.c); the zones they free go to wake[]. */
static int reserve(tr_run *tr, tr_vehicle *v, int *wz, int *wdir, int *wake, int *nwake) {
    bool avoid = v->spec->traffic != MDL_TRAFFIC_DETECT;
    int k = v->motion.ppos, last_ok = k;
    *wz = -1;
    while (k < v->motion.plen - 1) {
        int a = v->motion.parc[k];
        if (avoid) {
            /* a stretch ends at the exit of one corridor before it takes the
             * next, and enters one only from a place it may stop at */
            if (v->traffic.corr >= 0 && tr->arc_corr[a] >= 0 && k > v->motion.ppos &&
                v->traffic.corr != tr->nn + tr->model->nedges + tr->arc_corr[a])
                break;
            if (tr->arc_corr[a] >= 0 && last_ok < k && v->traffic.corr != tr->nn + tr->model->nedges + tr->arc_corr[a]) {
                /* from a node it may not stop at, v enters a corridor only
                 * when it drives straight in (inside, it may stop) */
                int ez = edge_zone(tr, a), nz = node_zone(tr->arcs[a].to);
                if (!zone_room(tr, ez, tr->arcs[a].dir)) *wz = ez, *wdir = tr->arcs[a].dir;
                else if (!zone_room(tr, nz, 0)) *wz = nz, *wdir = 0;
                if (*wz >= 0) break;
            }
            *wz = tr_agv_corridor_enter(tr, v, k, wdir, wake, nwake);
            v->traffic.at_passing = *wz >= 0;
            if (*wz >= 0) break;
        }
        int ez = edge_zone(tr, a), nz = node_zone(tr->arcs[a].to);
        bool claimed = nz == v->traffic.claim;
        if (!zone_room(tr, ez, tr->arcs[a].dir)) {
            *wz = ez, *wdir = tr->arcs[a].dir;
            break;
        }
        if (!claimed && !zone_room(tr, nz, 0)) {
            *wz = nz, *wdir = 0;
            break;
        }
        zone_take(tr, ez, tr->arcs[a].dir);
        if (claimed) v->traffic.claim = -1;
        else zone_take(tr, nz, 0);
        k++;
        if (!avoid || claimed || tr_agv_stop_ok(tr, v, k)) last_ok = k;
    }
    /* Avoidance: the stretch ends where v can wait without blocking
     * others; the places beyond the last such node are given back (taken
     * and freed at one instant: nobody waits for them meanwhile). */
    for (; k > last_ok; k--) {
        int a = v->motion.parc[k - 1];
        zone_free(tr, edge_zone(tr, a));
        zone_free(tr, node_zone(tr->arcs[a].to));
    }
    if (k == v->motion.ppos && *wz < 0) *wz = node_zone(v->motion.path[k + 1]), *wdir = 0;
    return k;
}

/* Standing on a node: arrive, or reserve as far ahead as possible and go,
 * or wait for the first zone that is not free. */
void tr_agv_advance(tr_run *tr, tr_vehicle *v) {
    if (v->motion.moving || v->traffic.wait_zone >= 0) return;
    if (v->down) { /* maintenance hook: a stopped vehicle stands (mdl_maint_vehicle.c) */
        tr_agv_refresh(tr, v);
        return;
    }
    /* (after backing off or stepping aside: planned again at the end of that route) */
    if (v->motion.replan && (v->traffic.backoff_goal < 0 || v->motion.ppos >= v->motion.plen - 1)) {
        int goal = v->traffic.backoff_goal >= 0 ? v->traffic.backoff_goal : v->task.goal;
        v->traffic.backoff_goal = -1;
        if (!tr_agv_plan(tr, v, goal, -1)) {
            tr_agv_route_own(v);
            v->motion.plen = 1;
            v->motion.path_buf[0] = v->node;
        }
    }
    if (v->motion.path[v->motion.ppos] != v->node) tr_agv_plan(tr, v, v->task.goal, -1);
    int wake[8], nwake = 0;
    if (v->traffic.corr >= 0 || v->traffic.claim >= 0) nwake = tr_agv_corridor_check(tr, v, wake);
    if (v->motion.ppos >= v->motion.plen - 1) {
        tr_agv_arrived(tr, v);
    } else {
        int wz, wdir = 0, k = reserve(tr, v, &wz, &wdir, wake, &nwake);
        /* Avoidance: no waiting on a gate it fills (the vehicles of the
         * part ahead leave only through it): it steps aside first. */
        bool on_gate = k == v->motion.ppos && v->spec->traffic != MDL_TRAFFIC_DETECT && (tr->gate[v->node] & TR_GATE) &&
                       tr->zones[v->node].count >= tr->zones[v->node].cap;
        /* (an idle vehicle ahead is sent away first; sent from a gate of
         * two places or more it can come in beside v - off its way - and v
         * waits for it: stepping aside from the parking place of 2 in the
         * middle of a line to the dead end beyond, the loaded vehicle made
         * the idle ones rotate back, and 3 vehicles stood for good) */
        if (on_gate && tr_agv_nudge_ahead(tr, v, wz) > 0 && tr->zones[v->node].cap >= 2) on_gate = false;
        if (on_gate && tr_agv_step_aside(tr, v, wz)) {
            if (v->traffic.corr >= 0 || v->traffic.claim >= 0) nwake += tr_agv_corridor_check(tr, v, wake + nwake);
            k = reserve(tr, v, &wz, &wdir, wake, &nwake);
        } else if (k == v->motion.ppos && tr_agv_move_on(tr, v)) { /* (nor on a pocket's cut node: it moves on) */
            if (v->traffic.corr >= 0 || v->traffic.claim >= 0) nwake += tr_agv_corridor_check(tr, v, wake + nwake);
            k = reserve(tr, v, &wz, &wdir, wake, &nwake);
        }
        if (k == v->motion.ppos)
            tr_agv_wait_for(tr, v, wz, wdir);
        else
            tr_agv_start_stretch(tr, v, k);
    }
    for (int i = 0; i < nwake; i++)
        if (tr->zones[wake[i]].nwait) tr_agv_zone_wake(tr, wake[i]);
}

/* v reached path[ppos + 1]: frees what it left behind. (Inline in the
 * event source, which runs the kinematic passes.) */
static inline __attribute__((always_inline)) void pass(tr_run *tr, tr_vehicle *v) {
    int a = v->motion.parc[v->motion.ppos];
    int left_node = v->motion.path[v->motion.ppos];
    const mdl_fleet_spec *sp = v->spec;
    double len = tr->arcs[a].len, ed = sp->per_m_kwh * len;
    v->stats.distance += len;
    v->stats.e_drive += ed;
    bat_book(tr, v, false);
    if (sp->battery.enabled) {
        v->battery.level -= ed;
        if (v->battery.level < 0.0) v->battery.level = 0.0;
        note_share(v->battery.level, sp->battery.capacity_kwh, &v->stats.bmin);
    }
    v->motion.ppos++;
    v->node = v->motion.path[v->motion.ppos];
    tr_agv_idle_moved(tr, v);
    bool end = v->motion.ppos >= v->motion.res_end;
    if (end) {
        v->motion.moving = false;
        tr_agv_stand(tr, v);
        if (v->spec->mode == MDL_MOTION_PHYSICS) tr_phys_place(tr, v);
    } else if (v->spec->mode == MDL_MOTION_KINEMATIC) {
        schedule_pass(tr, v);
    }
    /* Both places are free before any waiter tries again: a waiter of
     * the edge must not find the node it has left still counted (the
     * deadlock check would see a full zone nobody holds). */
    int ez = edge_zone(tr, a), nz = node_zone(left_node);
    zone_free(tr, ez);
    zone_free(tr, nz);
    if (v->traffic.corr >= 0) tr_agv_corridor_left(tr, v);
    if (tr->zones[ez].nwait) tr_agv_zone_wake(tr, ez);
    if (tr->zones[nz].nwait) tr_agv_zone_wake(tr, nz);
    /* Every way out of advance (a new stretch, a wait, an arrival) books
     * the vehicle's new state. */
    if (end) tr_agv_advance(tr, v);
}

void tr_agv_pass(tr_run *tr, tr_vehicle *v) { pass(tr, v); }

/* The event source: the earliest vehicle event, now. The vehicle keeps
 * its key while its event runs: most set their next one there (a pass
 * its next pass), which is then the one update of the tree. */
void tr_agv_on_vehicle(sim_world *w, void *ctx) {
    (void)w;
    tr_run *tr = ctx;
    int g = tr->own_who[1];
    tr_vehicle *v = &tr->veh[g];
    tr->own_running = g;
    if (v->motion.next_kind == VE_PASS)
        pass(tr, v);
    else if (v->motion.next_kind == VE_HANDLED)
        tr_agv_handled(tr, v);
    else
        tr_agv_charged(tr, v);
    if (tr->own_running == g) own_set(tr, g, INFINITY);
    tr->own_running = -1;
}

void tr_agv_go(tr_run *tr, tr_vehicle *v, int goal, int task) {
    v->task.kind = task;
    v->task.goal = goal;
    v->traffic.backoff_goal = -1;
    if (v->motion.moving) {
        v->motion.replan = true; /* from the end of the stretch in hand */
        tr_agv_refresh(tr, v);
        return;
    }
    tr_agv_zone_unwait(tr, v);
    v->traffic.was_waiting = false;
    if (!tr_agv_plan(tr, v, goal, -1)) {
        /* Unreachable (the layout check reports it): stay. */
        tr_agv_route_own(v);
        v->motion.plen = 1;
        v->motion.path_buf[0] = v->node;
        v->motion.ppos = 0;
        v->task.kind = VT_NONE;
        tr_agv_refresh(tr, v);
        return;
    }
    tr_agv_advance(tr, v); /* which books the new state, whichever way it goes */
}

void tr_vehicle_position(const tr_run *tr, const tr_vehicle *v, double now, mdl_vehicle_view *o) {
    memset(o, 0, sizeof *o);
    const mdl_node_spec *n = &tr->model->nodes[v->node];
    o->x = n->x;
    o->y = n->y;
    o->node = v->motion.moving ? -1 : v->node;
    o->loaded = v->task.nunits > 0;
    o->units = v->task.nunits;
    o->state = (mdl_vstate)v->led.state;
    o->battery = tr_battery_now(v, now);
    o->task_s = v->task.kind == VT_PICKUP || v->task.kind == VT_DROP ? now - v->task.task_since : 0.0;
    int a = v->motion.moving ? v->motion.parc[v->motion.ppos] : -1;
    if (a >= 0) {
        const mdl_node_spec *p = &tr->model->nodes[tr->arcs[a].from], *q = &tr->model->nodes[tr->arcs[a].to];
        o->heading = atan2(q->y - p->y, q->x - p->x);
    }
    if (v->spec->mode == MDL_MOTION_PHYSICS && v->physics.body) { /* (held: no body, at its node) */
        tr_phys_view(tr, v, o);
        return;
    }
    if (a < 0) return;
    const mdl_node_spec *p = &tr->model->nodes[tr->arcs[a].from], *q = &tr->model->nodes[tr->arcs[a].to];
    /* the boundary speeds of the stretch in hand (started at path[s0]);
     * on the stack unless the stretch is very long (a frame draws every
     * vehicle) */
    int nu = v->motion.res_end - v->motion.s0 + 1;
    double local[64], *u = local;
    if (nu > 64 && !(u = malloc((size_t)nu * sizeof *u))) {
        /* A read-only accessor of the viewer, outside any protected call:
         * with no memory for a very long stretch's speeds, the vehicle is
         * drawn at the start of its arc, standing, instead of failing. */
        o->x = p->x;
        o->y = p->y;
        o->speed = 0.0;
        return;
    }
    stretch_speeds(tr, v, v->motion.s0, v->motion.res_end, u, v->motion.s0);
    double L = tr->arcs[a].len, sp;
    double s = seg_pos(L, u[v->motion.ppos - v->motion.s0], u[v->motion.ppos + 1 - v->motion.s0], tr_arc_vmax(tr, v, a), v->motion.acc,
                       now - v->motion.tnode[v->motion.ppos], &sp);
    if (u != local) free(u);
    o->x = p->x + (q->x - p->x) * s / L;
    o->y = p->y + (q->y - p->y) * s / L;
    o->speed = sp;
}
