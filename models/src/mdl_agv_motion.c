/*
 * mdl_agv_motion.c - AGV kinematic motion: the speed profile of a reserved
 * stretch, its pass times (kept per stretch), reserving and starting a
 * stretch, the node pass, the vehicles' event source, and the position
 * a view draws. (Physics motion: mdl_agv_physics.c drives the same
 * state machine through xr_agv_pass.)
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
static void stretch_speeds(const mdl_xrun *x, const xr_vehicle *v, int p, int e, double *u, int off) {
    double a = v->acc;
    u[p - off] = 0.0;
    for (int j = p + 1; j < e; j++) {
        double cap = xr_arc_vmax(x, v, v->parc[j - 1]);
        double c2 = xr_arc_vmax(x, v, v->parc[j]);
        if (c2 < cap) cap = c2;
        if (a > 0.0) {
            double r = sqrt(u[j - 1 - off] * u[j - 1 - off] + 2.0 * a * x->arcs[v->parc[j - 1]].len);
            if (r < cap) cap = r;
        }
        u[j - off] = cap;
    }
    u[e - off] = 0.0;
    if (a > 0.0)
        for (int j = e - 1; j > p; j--) {
            double r = sqrt(u[j + 1 - off] * u[j + 1 - off] + 2.0 * a * x->arcs[v->parc[j]].len);
            if (r < u[j - off]) u[j - off] = r;
        }
}

/* The stretch path[ppos..res_end], into unode (physics mode). */
void xr_agv_stretch_speeds(const mdl_xrun *x, xr_vehicle *v) { stretch_speeds(x, v, v->ppos, v->res_end, v->unode, 0); }


/* The fleet's speed factor applies from the start of a stretch: a
 * vehicle never changes its profile halfway (the kinematic pass times and
 * the physics braking points are planned for the whole stretch). */
void xr_agv_latch_speed(const mdl_xrun *x, xr_vehicle *v) {
    double k = x->fleets[v->fleet].speed_factor;
    v->vtop = v->spec->speed * k;
    v->acc = v->spec->accel * k;
}

/* Kinematic pass times. The time on each arc of a stretch is a pure
 * function of its arcs and the vehicle's vtop and acc (arcs do not change
 * in a run), so the run keeps those of recent stretches: single arcs (rest
 * to rest) in a slot per arc, longer stretches in a slot per first arc and
 * length (a table hashed on them when that would pass XR_SMEMO_N slots;
 * 512 hashed slots lost two fifths of the lookups of the AGV benchmark to
 * collisions). The boundary speeds are not kept (only the view needs them,
 * and works them out again). */

/* The times of the stretch path[ppos..res_end] into m (v->unode: scratch). */
static __attribute__((noinline)) void stretch_fill(const mdl_xrun *x, xr_vehicle *v, xr_smemo *m) {
    int p = v->ppos, k = v->res_end - p;
    stretch_speeds(x, v, p, v->res_end, v->unode, 0);
    m->k = k;
    m->vtop = dbits(v->vtop);
    m->acc = dbits(v->acc);
    for (int i = 0; i < k; i++) {
        int j = p + i, a = v->parc[j];
        m->arc[i] = a;
        m->dt[i] = seg_time(x->arcs[a].len, v->unode[j], v->unode[j + 1], xr_arc_vmax(x, v, a), v->acc);
    }
}

static __attribute__((noinline)) void rest_fill(const mdl_xrun *x, const xr_vehicle *v, xr_rest *r, int a) {
    r->vtop = dbits(v->vtop);
    r->acc = dbits(v->acc);
    r->dt = seg_time(x->arcs[a].len, 0.0, 0.0, xr_arc_vmax(x, v, a), v->acc);
}

/* tnode[ppos..res_end]: now plus the times of the arcs, one by one. */
static void stretch_times(mdl_xrun *x, xr_vehicle *v) {
    int p = v->ppos, e = v->res_end, k = e - p;
    const int *arc = v->parc + p;
    double *tn = v->tnode + p;
    double t = xr_now(x);
    tn[0] = t;
    uint64_t vt = dbits(v->vtop), ac = dbits(v->acc);
    if (k == 1) {
        xr_rest *r = &x->rest[arc[0]];
        if (r->vtop != vt || r->acc != ac) rest_fill(x, v, r, arc[0]);
        tn[1] = t + r->dt;
        return;
    }
    if (k > 1 && k <= XR_SMEMO_K) {
        xr_smemo *m;
        if (x->smemo_direct) {
            m = &x->smemo[arc[0] * (XR_SMEMO_K - 1) + k - 2];
        } else {
            uint32_t h = ((uint32_t)arc[0] * 0x9E3779B1u) ^ ((uint32_t)arc[k - 1] * 0x85EBCA77u) ^ (uint32_t)k;
            m = &x->smemo[(h >> 7) & (XR_SMEMO_N - 1)];
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
        stretch_fill(x, v, m);
        for (int i = 0; i < k; i++) {
            t += m->dt[i];
            tn[i + 1] = t;
        }
        return;
    }
    stretch_speeds(x, v, p, e, v->unode, 0);
    for (int j = p; j < e; j++) {
        int a = v->parc[j];
        t += seg_time(x->arcs[a].len, v->unode[j], v->unode[j + 1], xr_arc_vmax(x, v, a), v->acc);
        v->tnode[j + 1] = t;
    }
}

void xr_agv_start_stretch(mdl_xrun *x, xr_vehicle *v, int end) {
    xr_agv_latch_speed(x, v);
    v->res_end = end;
    v->moving = true;
    v->tried_reroute = v->tried_backoff = false;
    v->in_deadlock = false;
    v->was_waiting = false;
    v->force_due = INFINITY; /* a pending check finds nothing to do */
    if (v->spec->mode == MDL_MOTION_PHYSICS) {
        xr_agv_stretch_speeds(x, v);
        xr_agv_refresh(x, v);
        xr_phys_start(x, v);
        return;
    }
    v->s0 = v->ppos;
    xr_agv_refresh(x, v);
    stretch_times(x, v);
    schedule_pass(x, v);
}

/* ---- motion ------------------------------------------------------------------------ */


/* Standing on a node: arrive, or reserve as far ahead as possible and go,
 * or wait for the first zone that is not free. */
void xr_agv_advance(mdl_xrun *x, xr_vehicle *v) {
    if (v->moving || v->wait_zone >= 0) return;
    if (v->replan) {
        int goal = v->backoff_goal >= 0 ? v->backoff_goal : v->goal;
        v->backoff_goal = -1;
        if (!xr_agv_plan(x, v, goal, -1)) {
            xr_agv_route_own(v);
            v->plen = 1;
            v->path_buf[0] = v->node;
        }
    }
    if (v->path[v->ppos] != v->node) xr_agv_plan(x, v, v->goal, -1);
    if (v->ppos >= v->plen - 1) {
        xr_agv_arrived(x, v);
        return;
    }
    int k = v->ppos;
    while (k < v->plen - 1) {
        int a = v->parc[k];
        int ez = edge_zone(x, a), nz = node_zone(x->arcs[a].to);
        if (!zone_room(x, ez, x->arcs[a].dir) || !zone_room(x, nz, 0)) break;
        zone_take(x, ez, x->arcs[a].dir);
        zone_take(x, nz, 0);
        k++;
    }
    if (k == v->ppos) {
        int a = v->parc[k];
        int ez = edge_zone(x, a);
        if (!zone_room(x, ez, x->arcs[a].dir))
            xr_agv_wait_for(x, v, ez, x->arcs[a].dir);
        else
            xr_agv_wait_for(x, v, node_zone(x->arcs[a].to), 0);
        return;
    }
    xr_agv_start_stretch(x, v, k);
}

/* v reached path[ppos + 1]: frees what it left behind. (Inline in the
 * event source, which runs the kinematic passes.) */
static inline __attribute__((always_inline)) void pass(mdl_xrun *x, xr_vehicle *v) {
    int a = v->parc[v->ppos];
    int left_node = v->path[v->ppos];
    const mdl_fleet_spec *sp = v->spec;
    double len = x->arcs[a].len, ed = sp->per_m_kwh * len;
    v->distance += len;
    v->e_drive += ed;
    bat_book(x, v, false);
    if (sp->battery.enabled) {
        v->level -= ed;
        if (v->level < 0.0) v->level = 0.0;
        note_share(v->level, sp->battery.capacity_kwh, &v->bmin);
    }
    v->ppos++;
    v->node = v->path[v->ppos];
    bool end = v->ppos >= v->res_end;
    if (end) {
        v->moving = false;
        if (v->spec->mode == MDL_MOTION_PHYSICS) xr_phys_place(x, v);
    } else if (v->spec->mode == MDL_MOTION_KINEMATIC) {
        schedule_pass(x, v);
    }
    /* Both places are free before any waiter tries again: a waiter of
     * the edge must not find the node it has left still counted (the
     * deadlock check would see a full zone nobody holds). */
    int ez = edge_zone(x, a), nz = node_zone(left_node);
    zone_free(x, ez);
    zone_free(x, nz);
    if (x->zones[ez].nwait) xr_agv_zone_wake(x, ez);
    if (x->zones[nz].nwait) xr_agv_zone_wake(x, nz);
    /* Every way out of advance (a new stretch, a wait, an arrival) books
     * the vehicle's new state. */
    if (end) xr_agv_advance(x, v);
}

void xr_agv_pass(mdl_xrun *x, xr_vehicle *v) { pass(x, v); }

/* The event source: the earliest vehicle event, now. The vehicle keeps
 * its key while its event runs: most set their next one there (a pass
 * its next pass), which is then the one update of the tree. */
void xr_agv_on_vehicle(sim_world *w, void *ctx) {
    (void)w;
    mdl_xrun *x = ctx;
    int g = x->own_who[1];
    xr_vehicle *v = &x->veh[g];
    x->own_running = g;
    if (v->next_kind == VE_PASS)
        pass(x, v);
    else if (v->next_kind == VE_HANDLED)
        xr_agv_handled(x, v);
    else
        xr_agv_charged(x, v);
    if (x->own_running == g) own_set(x, g, INFINITY);
    x->own_running = -1;
}

void xr_agv_go(mdl_xrun *x, xr_vehicle *v, int goal, int task) {
    v->task = task;
    v->goal = goal;
    v->backoff_goal = -1;
    if (v->moving) {
        v->replan = true; /* from the end of the stretch in hand */
        xr_agv_refresh(x, v);
        return;
    }
    xr_agv_zone_unwait(x, v);
    v->was_waiting = false;
    if (!xr_agv_plan(x, v, goal, -1)) {
        /* Unreachable (the layout check reports it): stay. */
        xr_agv_route_own(v);
        v->plen = 1;
        v->path_buf[0] = v->node;
        v->ppos = 0;
        v->task = VT_NONE;
        xr_agv_refresh(x, v);
        return;
    }
    xr_agv_advance(x, v); /* which books the new state, whichever way it goes */
}

void xr_vehicle_position(const mdl_xrun *x, const xr_vehicle *v, double now, mdl_vehicle_view *o) {
    memset(o, 0, sizeof *o);
    const mdl_node_spec *n = &x->xm->nodes[v->node];
    o->x = n->x;
    o->y = n->y;
    o->node = v->moving ? -1 : v->node;
    o->loaded = v->nunits > 0;
    o->units = v->nunits;
    o->state = (mdl_vstate)v->led.state;
    o->battery = xr_battery_now(v, now);
    int a = v->moving ? v->parc[v->ppos] : -1;
    if (a >= 0) {
        const mdl_node_spec *p = &x->xm->nodes[x->arcs[a].from], *q = &x->xm->nodes[x->arcs[a].to];
        o->heading = atan2(q->y - p->y, q->x - p->x);
    }
    if (v->spec->mode == MDL_MOTION_PHYSICS) {
        xr_phys_view(x, v, o);
        return;
    }
    if (a < 0) return;
    const mdl_node_spec *p = &x->xm->nodes[x->arcs[a].from], *q = &x->xm->nodes[x->arcs[a].to];
    /* the boundary speeds of the stretch in hand (started at path[s0]);
     * on the stack unless the stretch is very long (a frame draws every
     * vehicle) */
    int nu = v->res_end - v->s0 + 1;
    double local[64], *u = local;
    if (nu > 64 && !(u = malloc((size_t)nu * sizeof *u))) mdl__xrun_oom(x);
    stretch_speeds(x, v, v->s0, v->res_end, u, v->s0);
    double L = x->arcs[a].len, sp;
    double s = seg_pos(L, u[v->ppos - v->s0], u[v->ppos + 1 - v->s0], xr_arc_vmax(x, v, a), v->acc,
                       now - v->tnode[v->ppos], &sp);
    if (u != local) free(u);
    o->x = p->x + (q->x - p->x) * s / L;
    o->y = p->y + (q->y - p->y) * s / L;
    o->speed = sp;
}
