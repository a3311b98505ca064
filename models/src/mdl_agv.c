/*
 * mdl_agv.c - AGV fleets: path network, transport requests and
 * dispatching, zone control, deadlock detection and resolution, battery,
 * kinematic motion. (Physics motion: mdl_agv_physics.c drives the same
 * state machine through xr_agv_pass.)
 *
 * A vehicle is always in exactly one of: standing on a node (holding that
 * node's zone), waiting there for a zone (wait_zone), or driving a reserved
 * stretch path[ppos..res_end] (holding every node and edge zone of it not
 * yet left behind). Its ledger state is derived from these facts and its
 * task in one place, veh_refresh, like server_refresh in mdl_run.c.
 *
 * Routing uses per-fleet tables of free-flow travel time (edge length over
 * min(fleet speed, edge limit)), built by one reverse Dijkstra per target
 * node; "nearest" means least free-flow travel time (= least distance when
 * no edge has a limit). Routes avoid running through parking and charging
 * nodes (no_through). Ties always go to the lower index.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_xport.h"

/* A vehicle waiting for one zone this many deadlock_timeouts is let
 * through even when no deadlock among vehicles was detected. */
#define WATCHDOG 10.0

static void advance(mdl_xrun *x, xr_vehicle *v);
static void veh_free(mdl_xrun *x, xr_vehicle *v);
static void handled(mdl_xrun *x, xr_vehicle *v);
static void charged(mdl_xrun *x, xr_vehicle *v);
static void on_force(sim_world *w, void *subject, void *object);
static void on_low(sim_world *w, void *subject, void *object);
static bool available(const xr_vehicle *v);
static void dispatch_request(mdl_xrun *x, int req);
static void serve_outpoint(mdl_xrun *x, int station);

/* ---- zones ---------------------------------------------------------------- */

static inline int node_zone(int n) { return n; }
static inline int edge_zone(const mdl_xrun *x, int arc) { return x->nn + x->arcs[arc].edge; }
static inline bool is_two_way(const mdl_xrun *x, int z) { return z >= x->nn && x->xm->edges[z - x->nn].two_way; }

static inline bool zone_room(const mdl_xrun *x, int z, int dir) {
    const xr_zone *zn = &x->zones[z];
    if (zn->count >= zn->cap) return false;
    return !(zn->two_way && zn->count > 0 && zn->dir != dir);
}

static void zone_take(mdl_xrun *x, int z, int dir) {
    x->zones[z].count++;
    x->zones[z].dir = dir;
}

static void zone_unwait(mdl_xrun *x, xr_vehicle *v) {
    if (v->wait_zone < 0) return;
    xr_zone *zn = &x->zones[v->wait_zone];
    for (int i = 0; i < zn->nwait; i++)
        if (zn->wait[i] == v->gid) {
            xr_remove_int(zn->wait, &zn->nwait, i);
            break;
        }
    v->wait_zone = -1;
}

/* Lets the waiters of zone z try again, in order. */
static __attribute__((noinline)) void zone_wake(mdl_xrun *x, int z) {
    xr_zone *zn = &x->zones[z];
    /* A copy: advancing a waiter changes the list, and may wake the
     * waiters of another zone in turn. The copies are stacked in one
     * buffer of the run, read by index (a nested call may move it), which
     * grows only past the deepest stack seen: no malloc per pass. */
    int n = zn->nwait, base = x->wake_top;
    if (base + n > x->wake_cap) {
        int cap = 2 * (base + n) + 16;
        int *p = realloc(x->wake, (size_t)cap * sizeof *p);
        if (!p) mdl__xrun_oom(x);
        x->wake = p;
        x->wake_cap = cap;
    }
    memcpy(&x->wake[base], zn->wait, (size_t)n * sizeof *x->wake);
    x->wake_top = base + n;
    for (int i = 0; i < n; i++) {
        xr_vehicle *v = &x->veh[x->wake[base + i]];
        if (v->wait_zone != z || v->moving) continue;
        zone_unwait(x, v);
        advance(x, v);
    }
    x->wake_top = base;
}

/* Frees one place of a zone (its waiters try again after: zone_wake). */
static inline void zone_free(mdl_xrun *x, int z) {
    xr_zone *zn = &x->zones[z];
    zn->count--;
    if (zn->count <= 0) zn->dir = 0;
}

/* Does v hold zone z now? */
static bool holds(const mdl_xrun *x, const xr_vehicle *v, int z) {
    if (!v->moving) return z == node_zone(v->node);
    for (int j = v->ppos; j <= v->res_end; j++) {
        if (z == node_zone(v->path[j])) return true;
        if (j < v->res_end && z == edge_zone(x, v->parc[j])) return true;
    }
    return false;
}

/* ---- ledger and battery ----------------------------------------------------- */

static double bat_cap(const xr_vehicle *v) { return v->spec->battery.enabled ? v->spec->battery.capacity_kwh : 0.0; }

double xr_battery_now(const xr_vehicle *v, double now) {
    if (!v->spec->battery.enabled) return 1.0;
    double l = v->level;
    if (v->charging)
        l += v->charge_kws * (now - v->bt);
    else
        l -= v->idle_kws * (now - v->bt);
    if (l > bat_cap(v)) l = bat_cap(v);
    if (l < 0.0) l = 0.0;
    return l / bat_cap(v);
}

/* The lowest battery share *bmin, given a level of cap. A level clearly
 * above *bmin x cap cannot make a new minimum, and skips the division
 * (the factor covers the two roundings of the product). */
static inline void note_share(double level, double cap, double *bmin) {
    if (level > *bmin * cap * (1.0 + 1e-9)) return;
    double share = level / cap;
    if (!(share >= *bmin)) *bmin = share;
}

static void bat_note(xr_vehicle *v) {
    if (!v->spec->battery.enabled) return;
    note_share(v->level, bat_cap(v), &v->bmin);
}

/* Books the battery from bt to now: the charge coming in, or the idle
 * draw (noting the lowest level when `note`; a pass notes once, after its
 * arc's energy, which leaves the lower level). */
static inline __attribute__((always_inline)) void bat_book(mdl_xrun *x, xr_vehicle *v, bool note) {
    double now = xr_now(x), dt = now - v->bt;
    v->bt = now;
    if (dt <= 0.0) return;
    if (v->charging) {
        v->level += v->charge_kws * dt;
        if (v->level > bat_cap(v)) v->level = bat_cap(v);
    } else {
        double e = v->idle_kws * dt;
        v->e_idle += e;
        if (v->spec->battery.enabled) {
            v->level -= e;
            if (v->level < 0.0) v->level = 0.0;
            if (note) bat_note(v);
        }
    }
}

static inline __attribute__((always_inline)) void bat_update(mdl_xrun *x, xr_vehicle *v) { bat_book(x, v, true); }

/* An idle vehicle (parked, staying, or on its way to park) is sent
 * charging when its idle draw takes it below the threshold: one event at
 * that time, re-aimed whenever its state changes (veh_refresh), cancelled
 * when it gets a task. Battery only checked at dispatch or after a task
 * would let a parked vehicle run down to nothing over a quiet weekend. */
static __attribute__((noinline)) void arm_low_aim(mdl_xrun *x, xr_vehicle *v);

static inline void arm_low(mdl_xrun *x, xr_vehicle *v) {
    /* Not (or no longer) a candidate: t would be infinite, which leaves a
     * pending event alone (on_low looks again) and schedules none. */
    if (!(available(v) & (v->charge_node < 0) & (x->ncharging > 0) & v->spec->battery.enabled)) return;
    arm_low_aim(x, v);
}

static void arm_low_aim(mdl_xrun *x, xr_vehicle *v) {
    double t = INFINITY, now = xr_now(x), thr = v->spec->battery.threshold * bat_cap(v);
    double level = v->level - v->idle_kws * (now - v->bt);
    if (level < thr)
        t = now;
    else if (v->spec->idle_kw > 0.0)
        t = now + (level - thr) / v->idle_kws;
    /* low_ev is pending while non-zero (on_low clears it), at low_t. */
    if (v->low_ev) {
        if (fabs(v->low_t - t) <= 1e-9 * (1.0 + fabs(t))) return;
        if (isfinite(t)) { /* (moved: the same order as a new event, no record freed and taken) */
            sim_event_reschedule(x->w, v->low_ev, t);
            v->low_t = t;
            return;
        }
        sim_event_cancel(x->w, v->low_ev);
        v->low_ev = 0;
    }
    if (isfinite(t)) {
        v->low_ev = sim_event_schedule(x->w, t, 0, on_low, x, v);
        v->low_t = t;
    }
}

static void veh_refresh(mdl_xrun *x, xr_vehicle *v) {
    bat_update(x, v);
    /* by priority, lowest first (selects, no branches) */
    int st = v->nunits > 0 ? MDL_V_LOADED : MDL_V_EMPTY;
    st = (v->moving | (v->task != VT_NONE)) ? st : MDL_V_IDLE;
    st = v->wait_zone >= 0 ? MDL_V_TRAFFIC : st;
    st = v->blocked ? MDL_V_BLOCKED : st;
    st = v->handling ? MDL_V_HANDLING : st;
    st = (v->charging | v->waiting_charger) ? MDL_V_CHARGING : st;
    xr_ledger_set(&v->led, xr_now(x), st);
    arm_low(x, v);
}

/* ---- routing ------------------------------------------------------------------ */

double xr_arc_vmax(const mdl_xrun *x, const xr_vehicle *v, int arc) {
    double w = v->vtop, lim = x->arcs[arc].vmax;
    return lim < w ? lim : w;
}

/* Charging and parking nodes are places to stop, not to pass: a route
 * may start or end on one but runs through one only when there is no
 * other way (lexicographic cost: such passes first, then free-flow time).
 * Otherwise vehicles shortcut through a charger and wait there behind the
 * vehicles charging on it. */
static bool no_through(const mdl_xrun *x, int n) {
    mdl_node_kind k = x->xm->nodes[n].kind;
    return k == MDL_NODE_CHARGING || k == MDL_NODE_PARKING;
}

static bool better(int c, double d, int c0, double d0) { return c < c0 || (c == c0 && d < d0); }

/* Reverse Dijkstra to every target: dist[u * nn + t] and the first arc. */
static bool fleet_tables(mdl_xrun *x, xr_fleet *f) {
    int nn = x->nn;
    f->dist = malloc((size_t)nn * (size_t)nn * sizeof *f->dist);
    f->next_arc = malloc((size_t)nn * (size_t)nn * sizeof *f->next_arc);
    bool *done = malloc((size_t)nn * sizeof *done);
    int *cnt = malloc((size_t)nn * sizeof *cnt); /* passes through charging / parking nodes */
    if (!f->dist || !f->next_arc || !done || !cnt) {
        free(done);
        free(cnt);
        return false;
    }
    for (int t = 0; t < nn; t++) {
        for (int u = 0; u < nn; u++) {
            f->dist[u * nn + t] = INFINITY;
            f->next_arc[u * nn + t] = -1;
            done[u] = false;
            cnt[u] = 0;
        }
        f->dist[t * nn + t] = 0.0;
        for (;;) {
            int best = -1;
            for (int u = 0; u < nn; u++)
                if (!done[u] && isfinite(f->dist[u * nn + t]) &&
                    (best < 0 || better(cnt[u], f->dist[u * nn + t], cnt[best], f->dist[best * nn + t])))
                    best = u;
            if (best < 0) break;
            done[best] = true;
            double bd = f->dist[best * nn + t];
            int bc = cnt[best] + (best != t && no_through(x, best));
            /* arcs entering `best`: scan all arcs (reverse graph) */
            for (int a = 0; a < x->na; a++) {
                const xr_arc *ar = &x->arcs[a];
                if (ar->to != best) continue;
                double w = f->spec->speed < ar->vmax ? f->spec->speed : ar->vmax;
                double d = bd + ar->len / w;
                int u = ar->from;
                if (!done[u] && better(bc, d, isfinite(f->dist[u * nn + t]) ? cnt[u] : INT_MAX, f->dist[u * nn + t])) {
                    f->dist[u * nn + t] = d;
                    cnt[u] = bc;
                    f->next_arc[u * nn + t] = a;
                }
            }
        }
    }
    free(done);
    free(cnt);
    return true;
}

static double travel(const mdl_xrun *x, const xr_vehicle *v, int from, int to) {
    return x->fleets[v->fleet].dist[from * x->nn + to];
}

/* The route from s to goal by the fleet's table into path and parc;
 * its arcs. */
static int route_walk(const mdl_xrun *x, const xr_fleet *f, int s, int goal, int *path, int *parc) {
    int nn = x->nn, n = 0, u = s;
    path[n] = u;
    while (u != goal && n < nn) {
        int a = f->next_arc[u * nn + goal];
        parc[n++] = a;
        u = x->arcs[a].to;
        path[n] = u;
    }
    return n;
}

/* The fleet's route from s to goal (s reaches goal), made once: a vehicle
 * points to it instead of copying it (a route is planned at every task).
 * NULL when it is not kept and the fleet's blocks are full (64 of 64 KB:
 * plan then copies it). */
#define ROUTE_CHUNK 16384
#define ROUTE_CHUNKS 64
static const int *route_get(mdl_xrun *x, xr_fleet *f, int s, int goal) {
    int **slot = &f->route[s * x->nn + goal];
    if (*slot) return *slot;
    int need = 2 * x->nn + 2; /* at most (nn <= 256: within a block) */
    if (f->chunk_used + need > f->chunk_cap) {
        if (f->nchunks >= ROUTE_CHUNKS) return NULL;
        int **c = realloc(f->chunks, (size_t)(f->nchunks + 1) * sizeof *c);
        if (!c) mdl__xrun_oom(x);
        f->chunks = c;
        if (!(c[f->nchunks] = malloc(ROUTE_CHUNK * sizeof **c))) mdl__xrun_oom(x);
        f->nchunks++;
        f->chunk_used = 0;
        f->chunk_cap = ROUTE_CHUNK;
    }
    int *e = f->chunks[f->nchunks - 1] + f->chunk_used;
    int n = route_walk(x, f, s, goal, e + 1, e + 1 + x->nn + 1);
    /* arcs right after the nodes */
    memmove(e + 2 + n, e + 1 + x->nn + 1, (size_t)n * sizeof *e);
    e[0] = n;
    f->chunk_used += 2 * n + 2;
    return *slot = e;
}

/* Makes v's route its own buffers, to write one into. */
static void route_own(xr_vehicle *v) {
    v->path = v->path_buf;
    v->parc = v->parc_buf;
}

/* Route from v->node to goal into v->path, by the fleet's table, or (avoid
 * >= 0) by a Dijkstra that keeps out of zone `avoid`. False if none. */
static bool plan(mdl_xrun *x, xr_vehicle *v, int goal, int avoid) {
    int nn = x->nn, s = v->node;
    v->ppos = 0;
    v->replan = false;
    if (avoid < 0) {
        xr_fleet *f = &x->fleets[v->fleet];
        if (s != goal && f->next_arc[s * nn + goal] < 0) return false;
        const int *e = f->route ? route_get(x, f, s, goal) : NULL;
        if (e) {
            v->plen = e[0] + 1;
            v->path = e + 1;
            v->parc = e + 1 + v->plen;
            return true;
        }
        route_own(v);
        v->plen = route_walk(x, f, s, goal, v->path_buf, v->parc_buf) + 1;
        return true;
    }
    double *d = malloc((size_t)nn * sizeof *d);
    int *via = malloc((size_t)nn * sizeof *via);
    int *cnt = malloc((size_t)nn * sizeof *cnt);
    bool *done = calloc((size_t)nn, sizeof *done);
    if (!d || !via || !cnt || !done) {
        free(d), free(via), free(cnt), free(done);
        mdl__xrun_oom(x);
    }
    for (int u = 0; u < nn; u++) d[u] = INFINITY, via[u] = -1, cnt[u] = INT_MAX;
    d[s] = 0.0;
    cnt[s] = 0;
    for (;;) {
        int best = -1;
        for (int u = 0; u < nn; u++)
            if (!done[u] && isfinite(d[u]) && (best < 0 || better(cnt[u], d[u], cnt[best], d[best]))) best = u;
        if (best < 0 || best == goal) break;
        done[best] = true;
        double bd = d[best];
        int bc = cnt[best] + (best != s && no_through(x, best)); /* like the fleet's tables */
        for (int k = x->adj_start[best]; k < x->adj_start[best + 1]; k++) {
            int a = x->adj[k];
            const xr_arc *ar = &x->arcs[a];
            if (edge_zone(x, a) == avoid || node_zone(ar->to) == avoid) continue;
            /* free-flow time at the built speed, like the fleet's tables */
            double w = v->spec->speed < ar->vmax ? v->spec->speed : ar->vmax;
            double nd = bd + ar->len / w;
            if (!done[ar->to] && better(bc, nd, cnt[ar->to], d[ar->to])) d[ar->to] = nd, cnt[ar->to] = bc, via[ar->to] = a;
        }
    }
    bool ok = isfinite(d[goal]);
    if (ok) {
        int n = 0;
        for (int u = goal; u != s; u = x->arcs[via[u]].from) n++;
        v->plen = n + 1;
        route_own(v);
        int u = goal;
        for (int i = n; i > 0; i--) {
            v->path_buf[i] = u;
            v->parc_buf[i - 1] = via[u];
            u = x->arcs[via[u]].from;
        }
        v->path_buf[0] = s;
    }
    free(d);
    free(via);
    free(cnt);
    free(done);
    return ok;
}

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

static uint64_t dbits(double d) {
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

/* A vehicle's own events: its next kinematic node pass, or the end of its
 * loading, unloading or charging (one at a time). Its time is a key in the
 * run's tournament tree, not a calendar event: the tree is the world's
 * event source (sim_world_set_source), whose first item is the earliest.
 * Events at one time run in vehicle order, after the calendar's events at
 * that time.
 *
 * Times are >= 0 (or +inf), so their bit patterns order as they do: the
 * tree compares integers, with selects, not branches. The siblings on
 * the way up do not depend on the way: the chain per level is one
 * comparison and two selects. */
static inline void own_set(mdl_xrun *x, int gid, double time) {
    uint64_t *key = x->own_key, t = dbits(time);
    int *who = x->own_who;
    int i = x->own_n + gid, w = gid;
    key[i] = t;
    while (i > 1) {
        int s = i ^ 1;
        uint64_t ks = key[s];
        int ws = who[s];
        /* the sibling wins when earlier, or equal and on the left (i odd) */
        bool sib = ks < t + (uint64_t)(i & 1);
        t = sib ? ks : t;
        w = sib ? ws : w;
        i >>= 1;
        key[i] = t;
        who[i] = w;
    }
    memcpy(&x->own_next, &t, sizeof t);
}

static void vehicle_at(mdl_xrun *x, xr_vehicle *v, double t, int kind) {
    if (x->own_running == v->gid) x->own_running = -1;
    v->next_kind = kind;
    own_set(x, v->gid, t);
}

static inline __attribute__((always_inline)) void schedule_pass(mdl_xrun *x, xr_vehicle *v) { vehicle_at(x, v, v->tnode[v->ppos + 1], VE_PASS); }

/* The fleet's speed factor applies from the start of a stretch: a
 * vehicle never changes its profile halfway (the kinematic pass times and
 * the physics braking points are planned for the whole stretch). */
static void latch_speed(const mdl_xrun *x, xr_vehicle *v) {
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

static void start_stretch(mdl_xrun *x, xr_vehicle *v, int end) {
    latch_speed(x, v);
    v->res_end = end;
    v->moving = true;
    v->tried_reroute = v->tried_backoff = false;
    v->in_deadlock = false;
    v->was_waiting = false;
    v->force_due = INFINITY; /* a pending check finds nothing to do */
    if (v->spec->mode == MDL_MOTION_PHYSICS) {
        xr_agv_stretch_speeds(x, v);
        veh_refresh(x, v);
        xr_phys_start(x, v);
        return;
    }
    v->s0 = v->ppos;
    veh_refresh(x, v);
    stretch_times(x, v);
    schedule_pass(x, v);
}

/* ---- deadlock ------------------------------------------------------------------- */

static void resolve(mdl_xrun *x, xr_vehicle *v);

/* The set of waiting vehicles none of whose zones' holders can move. */
static void detect(mdl_xrun *x) {
    int n = x->nveh;
    /* The usual case first: every waiting vehicle has room or a holder of
     * its zone that does not wait (never in the set), so the first sweep
     * below would take them all out and find nothing. */
    int *wl = x->wlist, nw = 0;
    for (int i = 0; i < n; i++) { /* the waiting vehicles, without a branch */
        wl[nw] = i;
        nw += x->veh[i].wait_zone >= 0;
    }
    bool maybe = false;
    for (int a = 0; a < nw && !maybe; a++) {
        const xr_vehicle *v = &x->veh[wl[a]];
        int z = v->wait_zone;
        if (zone_room(x, z, v->wait_dir)) continue;
        /* A zone's count is the number of its holders, and a waiting
         * vehicle holds only the node it stands on: some holder of z does
         * not wait when z counts more than the vehicles waiting on it. */
        int waiting_on = 0;
        for (int b = 0; b < nw; b++) waiting_on += x->veh[wl[b]].node == z;
        maybe = x->zones[z].count <= waiting_on;
    }
    if (!maybe) return;
    bool *in = x->scratch;
    int count = 0;
    for (int i = 0; i < n; i++) {
        in[i] = x->veh[i].wait_zone >= 0;
        count += in[i];
    }
    bool changed = true;
    while (changed && count > 0) {
        changed = false;
        for (int i = 0; i < n; i++) {
            if (!in[i]) continue;
            const xr_vehicle *v = &x->veh[i];
            int z = v->wait_zone;
            bool stuck = !zone_room(x, z, v->wait_dir);
            for (int h = 0; h < n && stuck; h++)
                if (h != i && !in[h] && holds(x, &x->veh[h], z)) stuck = false;
            if (!stuck) {
                in[i] = false;
                count--;
                changed = true;
            }
        }
    }
    if (count > 0) {
        int victim = -1;
        bool fresh = false;
        for (int i = 0; i < n; i++) {
            if (!in[i]) continue;
            xr_vehicle *v = &x->veh[i];
            if (!v->in_deadlock) fresh = true;
            v->in_deadlock = true;
            if (victim < 0 || v->wait_since >= x->veh[victim].wait_since) victim = i;
        }
        if (fresh) x->fleets[x->veh[victim].fleet].deadlocks++;
        resolve(x, &x->veh[victim]);
    }
}

/* The forced-pass check (on_force) of a waiting vehicle is due at
 * force_due (+inf: none). Its event may be earlier, left from a wait that
 * ended (a stretch start sets no event aside, it only clears the due
 * time): it then moves on to the due time. So most waits schedule
 * nothing and no stretch start cancels anything. */
static void force_at(mdl_xrun *x, xr_vehicle *v, double due) {
    v->force_due = due;
    if (v->force_ev && v->force_t > due) {
        sim_event_cancel(x->w, v->force_ev);
        v->force_ev = 0;
    }
    if (!v->force_ev) {
        v->force_ev = sim_event_schedule(x->w, due, 0, on_force, x, v);
        v->force_t = due;
    }
}

/* Policy: re-route around the zone, else back off to a free neighbour,
 * else a forced pass after the fleet's deadlock_timeout. */
static void resolve(mdl_xrun *x, xr_vehicle *v) {
    int z = v->wait_zone, goal = v->path[v->plen - 1];
    if (!v->tried_reroute) {
        v->tried_reroute = true;
        zone_unwait(x, v);
        if (plan(x, v, goal, z)) {
            v->replan = false;
            advance(x, v);
            return;
        }
        plan(x, v, goal, -1);
        v->wait_zone = -1;
        advance(x, v);
        return;
    }
    if (!v->tried_backoff) {
        v->tried_backoff = true;
        for (int k = x->adj_start[v->node]; k < x->adj_start[v->node + 1]; k++) {
            int a = x->adj[k];
            const xr_arc *ar = &x->arcs[a];
            if (node_zone(ar->to) == z || edge_zone(x, a) == z) continue;
            if (!zone_room(x, edge_zone(x, a), ar->dir) || !zone_room(x, node_zone(ar->to), 0)) continue;
            zone_unwait(x, v);
            route_own(v);
            v->path_buf[0] = v->node;
            v->parc_buf[0] = a;
            v->path_buf[1] = ar->to;
            v->plen = 2;
            v->ppos = 0;
            v->replan = true; /* from there, the route to the goal anew */
            v->backoff_goal = goal;
            advance(x, v);
            return;
        }
    }
    double at = xr_now(x) + v->spec->deadlock_timeout;
    if (v->force_due <= at) return;
    force_at(x, v, at);
}

static void nudge(mdl_xrun *x, int z, const xr_vehicle *asker);

/* Is node zone z held by an idle vehicle (standing, no task, not waiting,
 * not charging) other than `asker`? Nothing wakes such a vehicle when a
 * place frees up, and the wait-for graph of detect() does not contain it:
 * a vehicle waiting for its node waits until the idle one gets a task. */
static bool idle_holder(const mdl_xrun *x, int z, const xr_vehicle *asker) {
    if (z >= x->nn) return false;
    for (int i = 0; i < x->nveh; i++) {
        const xr_vehicle *h = &x->veh[i];
        if (h->node == z && h != asker && !h->moving && h->task == VT_NONE && h->wait_zone < 0 && !h->charging &&
            !h->waiting_charger)
            return true;
    }
    return false;
}

static void on_force(sim_world *w, void *subject, void *object) {
    (void)w;
    mdl_xrun *x = subject;
    xr_vehicle *v = object;
    v->force_ev = 0;
    double due = v->force_due;
    if (xr_now(x) < due) {
        /* left from a wait that ended: on to the check of this one, if any */
        if (due < INFINITY) force_at(x, v, due);
        return;
    }
    v->force_due = INFINITY;
    if (v->wait_zone < 0 || v->moving) return;
    if (!v->in_deadlock && idle_holder(x, v->wait_zone, v)) {
        /* Blocked by an idle vehicle for deadlock_timeout: ask it to move
         * again (a place may have freed up); if it still cannot, this is a
         * gridlock like any other, counted and resolved by a forced pass. */
        int z = v->wait_zone;
        nudge(x, z, v);
        if (!idle_holder(x, z, v)) { /* it left: back to the watchdog */
            double watch = v->wait_since + WATCHDOG * v->spec->deadlock_timeout;
            force_at(x, v, watch > xr_now(x) ? watch : xr_now(x) + v->spec->deadlock_timeout);
            return;
        }
        x->fleets[v->fleet].deadlocks++;
    } else if (!v->in_deadlock) {
        /* The watchdog: a wait this long is a gridlock the vehicles' wait-for
         * graph cannot see (it runs through a station or a charger). */
        if (xr_now(x) - v->wait_since < WATCHDOG * v->spec->deadlock_timeout - 1e-9) {
            force_at(x, v, v->wait_since + WATCHDOG * v->spec->deadlock_timeout);
            return;
        }
        x->fleets[v->fleet].deadlocks++;
    }
    x->fleets[v->fleet].forced++;
    zone_unwait(x, v);
    int a = v->parc[v->ppos];
    zone_take(x, edge_zone(x, a), x->arcs[a].dir);
    zone_take(x, node_zone(x->arcs[a].to), 0);
    start_stretch(x, v, v->ppos + 1);
}

/* An idle vehicle standing where another must pass is sent away. */
static void nudge(mdl_xrun *x, int z, const xr_vehicle *asker) {
    if (z >= x->nn) return;
    for (int i = 0; i < x->nveh; i++) {
        xr_vehicle *h = &x->veh[i];
        /* (the test that fails for almost every vehicle first) */
        if (h->node != z || h == asker || h->moving || h->task != VT_NONE || h->wait_zone >= 0 || h->charging ||
            h->waiting_charger)
            continue;
        /* the nearest other parking node with room, else a free neighbour */
        int best = -1;
        double bd = INFINITY;
        for (int j = 0; j < x->nparking; j++) {
            int n = x->parking[j];
            if (n == z || x->park_used[n] >= x->xm->nodes[n].capacity) continue;
            double d = travel(x, h, h->node, n);
            if (d < bd) bd = d, best = n;
        }
        if (best < 0)
            for (int k = x->adj_start[z]; k < x->adj_start[z + 1] && best < 0; k++) {
                const xr_arc *ar = &x->arcs[x->adj[k]];
                if (zone_room(x, node_zone(ar->to), 0) && (!asker->moving && ar->to != asker->node)) best = ar->to;
            }
        if (best < 0) continue;
        if (h->park_node >= 0) x->park_used[h->park_node]--;
        h->park_node = -1;
        if (x->xm->nodes[best].kind == MDL_NODE_PARKING) {
            x->park_used[best]++;
            h->park_node = best;
        }
        h->task = VT_PARK;
        h->goal = best;
        if (plan(x, h, best, -1)) advance(x, h);
    }
}

static void wait_for(mdl_xrun *x, xr_vehicle *v, int z, int dir) {
    if (!v->was_waiting) v->wait_since = xr_now(x);
    v->was_waiting = true;
    v->wait_zone = z;
    v->wait_dir = dir;
    xr_zone *zn = &x->zones[z];
    xr_push_int(x, &zn->wait, &zn->nwait, &zn->capwait, v->gid);
    if (v->force_due == INFINITY) force_at(x, v, v->wait_since + WATCHDOG * v->spec->deadlock_timeout);
    veh_refresh(x, v);
    nudge(x, z, v);
    if (v->wait_zone != z) return;
    /* An idle vehicle that could not be sent away: check again (and else
     * pass) after deadlock_timeout, not the watchdog's ten. */
    if (idle_holder(x, z, v) && v->force_due > xr_now(x) + v->spec->deadlock_timeout)
        force_at(x, v, xr_now(x) + v->spec->deadlock_timeout);
    detect(x);
}

/* ---- motion ------------------------------------------------------------------------ */

static void arrived(mdl_xrun *x, xr_vehicle *v);

/* Standing on a node: arrive, or reserve as far ahead as possible and go,
 * or wait for the first zone that is not free. */
static void advance(mdl_xrun *x, xr_vehicle *v) {
    if (v->moving || v->wait_zone >= 0) return;
    if (v->replan) {
        int goal = v->backoff_goal >= 0 ? v->backoff_goal : v->goal;
        v->backoff_goal = -1;
        if (!plan(x, v, goal, -1)) {
            route_own(v);
            v->plen = 1;
            v->path_buf[0] = v->node;
        }
    }
    if (v->path[v->ppos] != v->node) plan(x, v, v->goal, -1);
    if (v->ppos >= v->plen - 1) {
        arrived(x, v);
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
            wait_for(x, v, ez, x->arcs[a].dir);
        else
            wait_for(x, v, node_zone(x->arcs[a].to), 0);
        return;
    }
    start_stretch(x, v, k);
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
    if (x->zones[ez].nwait) zone_wake(x, ez);
    if (x->zones[nz].nwait) zone_wake(x, nz);
    /* Every way out of advance (a new stretch, a wait, an arrival) books
     * the vehicle's new state. */
    if (end) advance(x, v);
}

void xr_agv_pass(mdl_xrun *x, xr_vehicle *v) { pass(x, v); }

/* The event source: the earliest vehicle event, now. The vehicle keeps
 * its key while its event runs: most set their next one there (a pass
 * its next pass), which is then the one update of the tree. */
static void on_vehicle(sim_world *w, void *ctx) {
    (void)w;
    mdl_xrun *x = ctx;
    int g = x->own_who[1];
    xr_vehicle *v = &x->veh[g];
    x->own_running = g;
    if (v->next_kind == VE_PASS)
        pass(x, v);
    else if (v->next_kind == VE_HANDLED)
        handled(x, v);
    else
        charged(x, v);
    if (x->own_running == g) own_set(x, g, INFINITY);
    x->own_running = -1;
}

static void go(mdl_xrun *x, xr_vehicle *v, int goal, int task) {
    v->task = task;
    v->goal = goal;
    v->backoff_goal = -1;
    if (v->moving) {
        v->replan = true; /* from the end of the stretch in hand */
        veh_refresh(x, v);
        return;
    }
    zone_unwait(x, v);
    v->was_waiting = false;
    if (!plan(x, v, goal, -1)) {
        /* Unreachable (the layout check reports it): stay. */
        route_own(v);
        v->plen = 1;
        v->path_buf[0] = v->node;
        v->ppos = 0;
        v->task = VT_NONE;
        veh_refresh(x, v);
        return;
    }
    advance(x, v); /* which books the new state, whichever way it goes */
}

/* ---- requests and tasks ---------------------------------------------------------------- */

static int station_node(const mdl_xrun *x, int st) { return x->xm->st_node[st]; }

static int req_new(mdl_xrun *x) {
    if (x->req_free < 0) {
        int old = x->nreqs_cap, nc = old ? old * 2 : 64;
        xr_req *p = realloc(x->reqs, (size_t)nc * sizeof *p);
        if (!p) mdl__xrun_oom(x);
        x->reqs = p;
        for (int i = old; i < nc; i++) p[i].next_free = i + 1 < nc ? i + 1 : -1;
        x->nreqs_cap = nc;
        x->req_free = old;
    }
    int i = x->req_free;
    x->req_free = x->reqs[i].next_free;
    return i;
}

static void req_unlink(mdl_xrun *x, int i) {
    xr_req *q = &x->reqs[i];
    xr_fleet *f = &x->fleets[q->fleet];
    if (q->prev >= 0) x->reqs[q->prev].next = q->next; else f->req_head = q->next;
    if (q->next >= 0) x->reqs[q->next].prev = q->prev; else f->req_tail = q->prev;
    f->nreq--;
    q->next_free = x->req_free;
    x->req_free = i;
}

static bool available(const xr_vehicle *v) {
    return ((v->task == VT_NONE) | (v->task == VT_PARK)) & !(v->charging | v->waiting_charger | v->handling);
}

static bool battery_low(mdl_xrun *x, xr_vehicle *v) {
    if (!v->spec->battery.enabled) return false;
    bat_update(x, v);
    return v->level < v->spec->battery.threshold * bat_cap(v);
}

static void assign(mdl_xrun *x, xr_vehicle *v, int req) {
    if (v->park_node >= 0) x->park_used[v->park_node]--;
    v->park_node = -1;
    x->reqs[req].vehicle = v->gid;
    v->req = req;
    v->pick = x->reqs[req].from;
    v->drop = x->reqs[req].to;
    go(x, v, station_node(x, v->pick), VT_PICKUP);
}

static void go_charge(mdl_xrun *x, xr_vehicle *v);

static void dispatch_request(mdl_xrun *x, int req) {
    xr_fleet *f = &x->fleets[x->reqs[req].fleet];
    int pick = station_node(x, x->reqs[req].from);
    xr_vehicle *best = NULL;
    double bk = INFINITY;
    for (int i = f->first; i < f->first + f->count; i++) {
        xr_vehicle *v = &x->veh[i];
        if (!available(v)) continue;
        if (battery_low(x, v)) {
            if (v->task == VT_NONE) go_charge(x, v);
            continue;
        }
        double k = f->spec->dispatch == MDL_FLEET_NEAREST ? travel(x, v, v->node, pick) : v->idle_since;
        if (k < bk) bk = k, best = v;
    }
    if (best) assign(x, best, req);
}

/* The request a freed vehicle takes under its fleet's rule, or -1. */
static int pick_request(mdl_xrun *x, xr_vehicle *v) {
    xr_fleet *f = &x->fleets[v->fleet];
    int best = -1;
    double bk = INFINITY;
    for (int i = f->req_head; i >= 0; i = x->reqs[i].next) {
        const xr_req *q = &x->reqs[i];
        if (q->vehicle >= 0) continue;
        if (f->spec->dispatch == MDL_FLEET_FCFS) return i;
        double k = f->spec->dispatch == MDL_FLEET_NEAREST ? travel(x, v, v->node, station_node(x, q->from))
                                                          : (double)mdl__run_station_content(x->r, q->to);
        if (k < bk) bk = k, best = i;
    }
    return best;
}

static void go_charge(mdl_xrun *x, xr_vehicle *v) {
    if (v->park_node >= 0) x->park_used[v->park_node]--;
    v->park_node = -1;
    int best = -1;
    double bd = INFINITY;
    for (int j = 0; j < x->ncharging; j++) {
        int n = x->charging[j];
        if (x->slots_used[n] >= x->xm->nodes[n].slots) continue;
        double d = travel(x, v, v->node, n);
        if (d < bd) bd = d, best = n;
    }
    if (best < 0) {
        /* Every charger busy: wait in line, on a parking place if there is
         * one (standing on a through node would block the traffic that
         * frees the chargers). */
        v->waiting_charger = true;
        xr_push_int(x, &x->charger_wait, &x->ncharger_wait, &x->capcharger_wait, v->gid);
        int park = -1;
        double pd = INFINITY;
        for (int j = 0; j < x->nparking; j++) {
            int n = x->parking[j];
            if (x->park_used[n] >= x->xm->nodes[n].capacity) continue;
            double d = travel(x, v, v->node, n);
            if (d < pd) pd = d, park = n;
        }
        if (park >= 0) {
            x->park_used[park]++;
            v->park_node = park;
            go(x, v, park, VT_PARK);
            return;
        }
        v->task = VT_CHARGE;
        veh_refresh(x, v);
        return;
    }
    x->slots_used[best]++;
    v->charge_node = best;
    go(x, v, best, VT_CHARGE);
}

/* The idle draw has taken an idle vehicle down to the threshold. */
static void on_low(sim_world *w, void *subject, void *object) {
    (void)w;
    mdl_xrun *x = subject;
    xr_vehicle *v = object;
    v->low_ev = 0;
    if (!available(v) || v->charge_node >= 0) return;
    bat_update(x, v);
    if (v->level <= v->spec->battery.threshold * bat_cap(v) + 1e-9 * bat_cap(v)) {
        go_charge(x, v);
        return;
    }
    arm_low(x, v); /* not there yet (rounding): aim again */
}

static void veh_free(mdl_xrun *x, xr_vehicle *v) {
    v->task = VT_NONE;
    v->nunits = 0;
    v->req = -1;
    v->idle_since = xr_now(x);
    if (battery_low(x, v) && x->ncharging > 0) {
        go_charge(x, v);
        return;
    }
    int q = pick_request(x, v);
    if (q >= 0) {
        assign(x, v, q);
        return;
    }
    if (v->spec->idle == MDL_IDLE_PARK && !(v->park_node >= 0 && v->park_node == v->node)) {
        int best = -1;
        double bd = INFINITY;
        for (int j = 0; j < x->nparking; j++) {
            int n = x->parking[j];
            if (x->park_used[n] >= x->xm->nodes[n].capacity) continue;
            double d = travel(x, v, v->node, n);
            if (d < bd) bd = d, best = n;
        }
        if (best >= 0) {
            x->park_used[best]++;
            v->park_node = best;
            go(x, v, best, VT_PARK);
            return;
        }
    }
    veh_refresh(x, v);
}

static void start_unload(mdl_xrun *x, xr_vehicle *v) {
    v->blocked = false;
    v->handling = true;
    double t = mdl__run_checked(x->r, sim_dist_sample(&v->spec->unload, &v->rng), "fleet", v->spec->id, "unload");
    vehicle_at(x, v, xr_now(x) + (t > 0.0 ? t : 0.0), VE_HANDLED);
    veh_refresh(x, v);
}

static void try_unload(mdl_xrun *x, xr_vehicle *v) {
    if (mdl__run_reserve(x->r, v->drop, (uint32_t)v->gid)) {
        start_unload(x, v);
    } else {
        v->blocked = true;
        veh_refresh(x, v);
    }
}

void xr_agv_granted(mdl_xrun *x, int gid) { start_unload(x, &x->veh[gid]); }

static void arrived(mdl_xrun *x, xr_vehicle *v) {
    xr_fleet *f = &x->fleets[v->fleet];
    double now = xr_now(x);
    switch (v->task) {
    case VT_PICKUP: {
        /* Take the request's unit and others at this out-point bound for the
         * same station, up to the capacity, in order of arrival. */
        int n = 0;
        double t = 0.0;
        int i = f->req_head;
        while (i >= 0 && n < v->spec->capacity) {
            int nx = x->reqs[i].next;
            xr_req *q = &x->reqs[i];
            if (i == v->req || (q->vehicle < 0 && q->from == v->pick && q->to == v->drop)) {
                v->units[n++] = q->unit;
                sim_tally_add(&f->wait, now - q->t);
                xr_hist_add(&f->wait_hist, now - q->t);
                double d =
                    mdl__run_checked(x->r, sim_dist_sample(&v->spec->load, &v->rng), "fleet", v->spec->id, "load");
                t += d > 0.0 ? d : 0.0;
                req_unlink(x, i);
            }
            i = nx;
        }
        v->nunits = n;
        v->req = -1;
        v->handling = true;
        vehicle_at(x, v, xr_now(x) + t, VE_HANDLED);
        veh_refresh(x, v);
        break;
    }
    case VT_DROP:
        v->unloaded = 0;
        try_unload(x, v);
        break;
    case VT_PARK:
        v->task = VT_NONE;
        v->idle_since = now;
        veh_refresh(x, v);
        break;
    case VT_CHARGE:
        bat_update(x, v);
        v->charging = true;
        f->charges++;
        v->charges++;
        vehicle_at(x, v, xr_now(x) + (bat_cap(v) - v->level) / v->charge_kws, VE_CHARGED);
        veh_refresh(x, v);
        break;
    default:
        v->task = VT_NONE;
        veh_refresh(x, v);
        break;
    }
}

static void handled(mdl_xrun *x, xr_vehicle *v) {
    v->handling = false;
    if (v->task == VT_PICKUP) {
        x->out[v->pick].count -= v->nunits;
        go(x, v, station_node(x, v->drop), VT_DROP);
        serve_outpoint(x, v->pick);
        return;
    }
    /* One unit unloaded into its reserved room. */
    uint32_t u = v->units[v->unloaded++];
    xr_fleet *f = &x->fleets[v->fleet];
    f->units++;
    v->delivered++;
    /* (try_unload and veh_free book the vehicle's new state) */
    if (v->unloaded < v->nunits) {
        mdl__run_deliver(x->r, v->drop, u);
        try_unload(x, v);
        return;
    }
    f->trips++;
    v->trips++;
    v->nunits = 0;
    mdl__run_deliver(x->r, v->drop, u);
    veh_free(x, v);
}

static void charged(mdl_xrun *x, xr_vehicle *v) {
    bat_update(x, v);
    v->level = bat_cap(v);
    v->charging = false;
    int node = v->charge_node;
    x->slots_used[node]--;
    v->charge_node = -1;
    if (x->ncharger_wait > 0) {
        xr_vehicle *u = &x->veh[x->charger_wait[0]];
        xr_remove_int(x->charger_wait, &x->ncharger_wait, 0);
        u->waiting_charger = false;
        if (u->park_node >= 0) x->park_used[u->park_node]--;
        u->park_node = -1;
        x->slots_used[node]++;
        u->charge_node = node;
        go(x, u, node, VT_CHARGE);
    }
    veh_free(x, v);
}

/* ---- out-points --------------------------------------------------------------------- */

static void serve_outpoint(mdl_xrun *x, int station);

bool xr_agv_offer(mdl_xrun *x, int gid, uint32_t unit, int fleet, int from, int to) {
    xr_outpoint *o = &x->out[from];
    if ((o->nwait > 0 && !o->serving) || o->count >= o->cap) {
        xr_push_int(x, &o->wait, &o->nwait, &o->capwait, gid);
        /* Room, but others wait: serve them in order now; a stopped one
         * keeps its place and lets this one pass. */
        if (o->count < o->cap) serve_outpoint(x, from);
        return false;
    }
    o->count++;
    int i = req_new(x);
    xr_fleet *f = &x->fleets[fleet];
    x->reqs[i] = (xr_req){unit, from, to, fleet, -1, xr_now(x), f->req_tail, -1, -1};
    if (f->req_tail >= 0) x->reqs[f->req_tail].next = i; else f->req_head = i;
    f->req_tail = i;
    f->nreq++;
    dispatch_request(x, i);
    return true;
}

static void serve_outpoint(mdl_xrun *x, int station) {
    xr_outpoint *o = &x->out[station];
    int i = 0;
    while (i < o->nwait && o->count < o->cap) {
        int gid = o->wait[i];
        xr_remove_int(o->wait, &o->nwait, i);
        o->serving = true;
        bool moved = mdl__run_entry_retry(x->r, gid);
        o->serving = false;
        if (!moved) {
            xr_insert_int(x, &o->wait, &o->nwait, &o->capwait, i, gid);
            i++;
        }
    }
}

void xr_agv_poke(mdl_xrun *x, int station) { serve_outpoint(x, station); }

/* ---- set-up, results, views ------------------------------------------------------------ */

bool xr_agv_init(mdl_xrun *x) {
    const struct mdl_xmodel *xm = x->xm;
    x->nfleets = xm->nfleets;
    x->req_free = -1;
    if (!x->nfleets) return true;
    x->nn = xm->nnodes;
    int ne = xm->nedges;
    x->arcs = calloc((size_t)(2 * ne + 1), sizeof *x->arcs);
    x->adj_start = calloc((size_t)(x->nn + 2), sizeof *x->adj_start);
    x->adj = calloc((size_t)(2 * ne + 1), sizeof *x->adj);
    x->zones = calloc((size_t)(x->nn + ne + 1), sizeof *x->zones);
    x->park_used = calloc((size_t)(x->nn + 1), sizeof *x->park_used);
    x->slots_used = calloc((size_t)(x->nn + 1), sizeof *x->slots_used);
    x->fleets = calloc((size_t)x->nfleets, sizeof *x->fleets);
    if (!x->arcs || !x->adj_start || !x->adj || !x->zones || !x->park_used || !x->slots_used || !x->fleets) return false;
    for (int e = 0; e < ne; e++) {
        const mdl_edge_spec *es = &xm->edges[e];
        double vmax = es->speed_limit > 0.0 ? es->speed_limit : INFINITY;
        x->arcs[x->na++] = (xr_arc){es->from, es->to, e, 1, xm->edge_len[e], vmax};
        if (es->two_way) x->arcs[x->na++] = (xr_arc){es->to, es->from, e, -1, xm->edge_len[e], vmax};
    }
    for (int a = 0; a < x->na; a++) x->adj_start[x->arcs[a].from + 1]++;
    for (int n = 0; n < x->nn; n++) x->adj_start[n + 1] += x->adj_start[n];
    int *fill = calloc((size_t)(x->nn + 1), sizeof *fill);
    if (!fill) return false;
    for (int a = 0; a < x->na; a++) {
        int n = x->arcs[a].from;
        x->adj[x->adj_start[n] + fill[n]++] = a;
    }
    free(fill);
    for (int n = 0; n < x->nn; n++) x->zones[n].cap = xm->nodes[n].capacity;
    for (int e = 0; e < ne; e++) {
        x->zones[x->nn + e].cap = xm->edges[e].capacity;
        x->zones[x->nn + e].two_way = is_two_way(x, x->nn + e);
    }
    int nveh = 0;
    for (int f = 0; f < x->nfleets; f++) nveh += xm->fleets[f].count;
    x->veh = calloc((size_t)nveh, sizeof *x->veh);
    x->scratch = calloc((size_t)nveh + 1, sizeof *x->scratch);
    x->wlist = calloc((size_t)nveh + 1, sizeof *x->wlist);
    if (!x->veh || !x->scratch || !x->wlist) return false;
    x->nveh = nveh;
    bool physics = false;
    int g = 0;
    for (int fi = 0; fi < x->nfleets; fi++) {
        xr_fleet *f = &x->fleets[fi];
        f->index = fi;
        f->spec = &xm->fleets[fi];
        f->first = g;
        f->count = f->spec->count;
        f->req_head = f->req_tail = -1;
        f->speed_factor = 1.0;
        sim_tally_reset(&f->wait);
        if (!fleet_tables(x, f)) return false;
        /* routes kept for networks up to 256 nodes (an index of at most
         * 512 KB and 4 MB of routes per fleet) */
        if (x->nn <= 256 && !(f->route = calloc((size_t)x->nn * (size_t)x->nn, sizeof *f->route))) return false;
        if (f->spec->mode == MDL_MOTION_PHYSICS) physics = true;
        for (int k = 0; k < f->count; k++, g++) {
            xr_vehicle *v = &x->veh[g];
            v->gid = g;
            v->fleet = fi;
            v->spec = f->spec;
            v->req = -1;
            v->park_node = v->charge_node = -1;
            v->wait_zone = -1;
            v->backoff_goal = -1;
            v->units = calloc((size_t)f->spec->capacity, sizeof *v->units);
            v->path_buf = calloc((size_t)(x->nn + 1), sizeof *v->path_buf);
            v->parc_buf = calloc((size_t)(x->nn + 1), sizeof *v->parc_buf);
            route_own(v);
            v->tnode = calloc((size_t)(x->nn + 1), sizeof *v->tnode);
            v->unode = calloc((size_t)(x->nn + 1), sizeof *v->unode);
            if (!v->units || !v->path_buf || !v->parc_buf || !v->tnode || !v->unode) return false;
            v->led.state = MDL_V_IDLE;
            v->force_due = INFINITY;
            v->idle_kws = f->spec->idle_kw / 3600.0;
            v->charge_kws = f->spec->battery.charge_kw / 3600.0;
            latch_speed(x, v);
            if (f->spec->battery.enabled) v->level = f->spec->battery.initial * f->spec->battery.capacity_kwh;
            v->bmin = f->spec->battery.enabled ? INFINITY : NAN;
            sim_rng_seed(&v->rng, x->master, sim_rng_stream_id(f->spec->id, (uint64_t)4 << 40 | (uint64_t)k));
            /* Start node: home, else parking, then charging, then any node, with room. */
            int start = -1;
            if (f->spec->home >= 0 && x->zones[f->spec->home].count < x->zones[f->spec->home].cap) start = f->spec->home;
            for (int round = 0; round < 3 && start < 0; round++)
                for (int n = 0; n < x->nn && start < 0; n++) {
                    mdl_node_kind kd = xm->nodes[n].kind;
                    bool want = round == 0 ? kd == MDL_NODE_PARKING : round == 1 ? kd == MDL_NODE_CHARGING : true;
                    if (want && x->zones[n].count < x->zones[n].cap) start = n;
                }
            if (start < 0) return false; /* validation refuses this */
            v->node = start;
            v->path_buf[0] = start;
            v->plen = 1;
            x->zones[start].count++;
            if (xm->nodes[start].kind == MDL_NODE_PARKING) {
                x->park_used[start]++;
                v->park_node = start;
            }
        }
    }
    if (physics && !xr_phys_init(x)) return false;
    x->parking = malloc((size_t)(x->nn + 1) * sizeof *x->parking);
    x->charging = malloc((size_t)(x->nn + 1) * sizeof *x->charging);
    if (!x->parking || !x->charging) return false;
    for (int n = 0; n < x->nn; n++) {
        if (xm->nodes[n].kind == MDL_NODE_CHARGING) x->charging[x->ncharging++] = n;
        if (xm->nodes[n].kind == MDL_NODE_PARKING) x->parking[x->nparking++] = n;
    }
    for (int i = 0; i < x->nveh; i++) arm_low(x, &x->veh[i]);
    x->own_n = 2;
    while (x->own_n < x->nveh) x->own_n *= 2;
    x->own_key = malloc((size_t)(2 * x->own_n) * sizeof *x->own_key);
    x->own_who = malloc((size_t)(2 * x->own_n) * sizeof *x->own_who);
    if (!x->own_key || !x->own_who) return false;
    for (int i = 0; i < 2 * x->own_n; i++) x->own_key[i] = dbits(INFINITY);
    for (int i = 2 * x->own_n; i-- > 1;) x->own_who[i] = i >= x->own_n ? i - x->own_n : x->own_who[2 * i];
    x->own_running = -1;
    x->own_next = INFINITY;
    sim_world_set_source(x->w, on_vehicle, x, &x->own_next);
    x->smemo_direct = x->na <= XR_SMEMO_N / (XR_SMEMO_K - 1);
    x->smemo = calloc(x->smemo_direct ? (size_t)(x->na * (XR_SMEMO_K - 1) + 1) : XR_SMEMO_N, sizeof *x->smemo);
    x->rest = malloc((size_t)(x->na + 1) * sizeof *x->rest);
    if (!x->smemo || !x->rest) return false;
    for (int a = 0; a <= x->na; a++) x->rest[a].vtop = UINT64_MAX; /* a NaN: no vtop */
    return true;
}

void xr_agv_free(mdl_xrun *x) {
    if (x->own_key) sim_world_set_source(x->w, NULL, NULL, NULL);
    xr_phys_free(x);
    for (int i = 0; i < x->nveh && x->veh; i++) {
        xr_vehicle *v = &x->veh[i];
        free(v->units);
        free(v->path_buf);
        free(v->parc_buf);
        free(v->tnode);
        free(v->unode);
    }
    free(x->veh);
    free(x->scratch);
    free(x->wlist);
    free(x->wake);
    for (int f = 0; f < x->nfleets && x->fleets; f++) {
        xr_fleet *fl = &x->fleets[f];
        free(fl->dist);
        free(fl->next_arc);
        free(fl->route);
        for (int c = 0; c < fl->nchunks; c++) free(fl->chunks[c]);
        free(fl->chunks);
    }
    free(x->fleets);
    if (x->zones)
        for (int z = 0; z < x->nn + x->xm->nedges; z++) free(x->zones[z].wait);
    free(x->zones);
    free(x->smemo);
    free(x->rest);
    free(x->own_key);
    free(x->own_who);
    free(x->parking);
    free(x->charging);
    free(x->arcs);
    free(x->adj);
    free(x->adj_start);
    free(x->park_used);
    free(x->slots_used);
    free(x->charger_wait);
    free(x->reqs);
}

void xr_agv_warmup(mdl_xrun *x, double now) {
    for (int i = 0; i < x->nveh; i++) {
        xr_vehicle *v = &x->veh[i];
        bat_update(x, v);
        xr_ledger_set(&v->led, now, v->led.state);
        memset(v->led.acc, 0, sizeof v->led.acc);
        v->led.since = now;
        v->trips = v->delivered = v->charges = v->collisions = v->near_misses = 0;
        v->distance = v->e_drive = v->e_idle = 0.0;
        v->bmin = v->spec->battery.enabled ? INFINITY : NAN;
    }
    for (int f = 0; f < x->nfleets; f++) {
        xr_fleet *fl = &x->fleets[f];
        sim_tally_reset(&fl->wait);
        memset(&fl->wait_hist, 0, sizeof fl->wait_hist);
        fl->trips = fl->units = fl->collisions = fl->near_misses = fl->deadlocks = fl->forced = fl->charges = 0;
        for (int k = fl->first; k < fl->first + fl->count; k++) bat_note(&x->veh[k]);
    }
}

/* The time shares (and utilisation) of the seconds acc[] spent per state. */
static void put_shares(const double *acc, double *o) {
    double tot = 0.0;
    for (int k = 0; k < MDL_V_STATE_COUNT; k++) tot += acc[k];
    double t = tot > 0.0 ? tot : NAN;
    o[MDL_FKPI_LOADED] = acc[MDL_V_LOADED] / t;
    o[MDL_FKPI_EMPTY] = acc[MDL_V_EMPTY] / t;
    o[MDL_FKPI_HANDLING] = acc[MDL_V_HANDLING] / t;
    o[MDL_FKPI_TRAFFIC] = acc[MDL_V_TRAFFIC] / t;
    o[MDL_FKPI_BLOCKED] = acc[MDL_V_BLOCKED] / t;
    o[MDL_FKPI_CHARGING] = acc[MDL_V_CHARGING] / t;
    o[MDL_FKPI_IDLE] = acc[MDL_V_IDLE] / t;
    o[MDL_FKPI_UTILIZATION] = (acc[MDL_V_LOADED] + acc[MDL_V_EMPTY] + acc[MDL_V_HANDLING]) / t;
}

/* One vehicle's own KPIs into o[MDL_FKPI_COUNT]. */
static void vehicle_result(const xr_vehicle *v, double now, double *o) {
    double acc[MDL_V_STATE_COUNT];
    for (int k = 0; k < MDL_V_STATE_COUNT; k++) acc[k] = v->led.acc[k];
    acc[v->led.state] += now - v->led.since;
    double e_idle = v->e_idle;
    if (!v->charging) e_idle += v->idle_kws * (now - v->bt);
    for (int k = 0; k < MDL_FKPI_COUNT; k++) o[k] = NAN;
    put_shares(acc, o);
    o[MDL_FKPI_TRIPS] = (double)v->trips;
    o[MDL_FKPI_UNITS] = (double)v->delivered;
    o[MDL_FKPI_DISTANCE_M] = v->distance;
    o[MDL_FKPI_ENERGY_KWH] = v->e_drive + e_idle;
    o[MDL_FKPI_COLLISIONS] = (double)v->collisions;
    o[MDL_FKPI_NEAR_MISSES] = (double)v->near_misses;
    o[MDL_FKPI_CHARGES] = (double)v->charges;
    if (v->spec->battery.enabled) {
        double b = xr_battery_now(v, now);
        o[MDL_FKPI_BATTERY_MIN] = b >= v->bmin ? v->bmin : b;
    }
}

double xr_agv_result(const mdl_xrun *x, double now, mdl_rep_result *out) {
    if (out->vehicle)
        for (int i = 0; i < x->nveh && i < out->nvehicles; i++)
            vehicle_result(&x->veh[i], now, &out->vehicle[i * MDL_FKPI_COUNT]);
    double total = 0.0;
    for (int fi = 0; fi < x->nfleets; fi++) {
        const xr_fleet *f = &x->fleets[fi];
        /* The fleet's sums are its vehicles' (which keep their own). */
        double acc[MDL_V_STATE_COUNT] = {0}, distance = 0.0, e_drive = 0.0, e_idle = 0.0;
        double bmin = INFINITY;
        for (int i = f->first; i < f->first + f->count; i++) {
            const xr_vehicle *v = &x->veh[i];
            for (int k = 0; k < MDL_V_STATE_COUNT; k++) acc[k] += v->led.acc[k];
            acc[v->led.state] += now - v->led.since;
            distance += v->distance;
            e_drive += v->e_drive;
            e_idle += v->e_idle;
            if (!v->charging) e_idle += v->idle_kws * (now - v->bt);
            if (!(v->bmin >= bmin)) bmin = v->bmin;
        }
        double e = e_drive + e_idle;
        total += e;
        if (!out->fleet || fi >= out->nfleets) continue;
        double *o = &out->fleet[fi * MDL_FKPI_COUNT];
        put_shares(acc, o);
        o[MDL_FKPI_TRIPS] = (double)f->trips;
        o[MDL_FKPI_UNITS] = (double)f->units;
        o[MDL_FKPI_DISTANCE_M] = distance;
        o[MDL_FKPI_ENERGY_KWH] = e;
        o[MDL_FKPI_REQUEST_WAIT_S] = sim_tally_mean(&f->wait);
        o[MDL_FKPI_REQUEST_WAIT_P95_S] = xr_hist_quantile(&f->wait_hist, 0.95);
        o[MDL_FKPI_COLLISIONS] = (double)f->collisions;
        o[MDL_FKPI_NEAR_MISSES] = (double)f->near_misses;
        o[MDL_FKPI_DEADLOCKS] = (double)f->deadlocks;
        o[MDL_FKPI_DEADLOCK_FORCED] = (double)f->forced;
        o[MDL_FKPI_CHARGES] = (double)f->charges;
        if (f->spec->battery.enabled)
            for (int i = f->first; i < f->first + f->count; i++) {
                double b = xr_battery_now(&x->veh[i], now);
                if (!(b >= bmin)) bmin = b;
            }
        o[MDL_FKPI_BATTERY_MIN] = f->spec->battery.enabled ? bmin : NAN;
    }
    return total;
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

bool xr_agv_set_speed(mdl_xrun *x, int fleet, double factor) {
    if (fleet < 0 || fleet >= x->nfleets || !(factor > 0.0 && factor <= 10.0)) return false;
    x->fleets[fleet].speed_factor = factor;
    return true;
}
