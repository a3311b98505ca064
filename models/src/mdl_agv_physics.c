/*
 * mdl_agv_physics.c - physics motion of AGVs with chipmunk2d.
 *
 * Each vehicle of a physics fleet is a dynamic chipmunk body (infinite
 * moment: it does not spin) with a box shape. The body is driven by
 * velocity control along its reserved stretch: every step its speed is the
 * least of the edge's limit, the last speed plus accel x dt, the speed from
 * which it can still brake to the next node's profile speed, and the speed
 * at which it stops short of whatever the segment query ahead of it hits;
 * a small lateral term keeps it on the edge's line. Contacts are detected
 * and counted (collisions, a safety KPI) by a begin callback that only
 * records and returns cpFalse, so they are never pushed apart - the solver
 * must not move a vehicle off its path behind the model's back. (Shapes are
 * not sensors: segment queries do not see sensors.)
 *
 * Stepping: one kernel event per step of the run's smallest fleet dt, and
 * only while some physics vehicle moves; when all stand still, no event is
 * pending. After each cpSpaceStep the bodies are projected onto their
 * edges; reaching a node calls tr_agv_pass, exactly as the kinematic
 * events do, so traffic rules and KPIs are the same in both modes.
 *
 * Debian's chipmunk is a debug build that prints a banner on stdout at the
 * first space of a process. This library does not hide it: a library must
 * not redirect the process's file descriptors (another thread's output, or
 * the program's own redirections, would be lost). mdl_physics_warm_up lets
 * the program make the first space when it chooses, with its stdout pointed
 * elsewhere; the `linetwin` command does that at start-up (app/main.c).
 */
#include <chipmunk/chipmunk.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "mdl_transport_internal.h"

#define VEHICLE_TYPE 1

/* chipmunk remembers in an unguarded static that it printed its banner:
 * replications on several threads making their first spaces at once would
 * race on it. The first space is therefore made once per process, under
 * pthread_once, before any other (the one process-wide state here, and it
 * is chipmunk's, not a run's). */
static pthread_once_t first_space_once = PTHREAD_ONCE_INIT;

static void make_first_space(void) {
    cpSpaceFree(cpSpaceNew());
}

void mdl_physics_warm_up(void) {
    pthread_once(&first_space_once, make_first_space);
}

void *mdl__cp_space_new(void) {
    mdl_physics_warm_up();
    return cpSpaceNew();
}

typedef struct tr_phys {
    cpSpace *space;
    double dt;
    uint64_t step_ev;
} tr_phys;

/* Zone control already keeps standing vehicles out of a moving vehicle's
 * reserved stretch, except on nodes of capacity > 1, which hold their
 * vehicles at one point: a standing vehicle on a node of the stretch
 * shares it by the rules, and is neither an obstacle nor a collision. */
static bool shares_node(const tr_run *tr, const tr_vehicle *mover, const tr_vehicle *stander) {
    if (!mover->motion.moving || stander->motion.moving) return false;
    /* sharing only where zone control let them: a node with room for both
     * (a forced pass over a full node is a contact like any other) */
    int n = stander->node;
    if (tr->zones[n].cap < 2 || tr->zones[n].count > tr->zones[n].cap) return false;
    for (int j = mover->motion.ppos; j <= mover->motion.res_end; j++)
        if (mover->motion.path[j] == n) return true;
    return false;
}

/* Is `o` in the way of `m` along m's own route? The segment query only
 * finds candidates; a vehicle it touches stops `m` only if `m` would drive
 * into it by following its route: `o` drives on m's arc further on, on a
 * later arc of m's reserved stretch, is leaving a node of the stretch that
 * `m` has yet to reach, or heads for such a node over another edge and is
 * nearer to it than `m` (ties: the lower index goes first). Near a
 * junction the query also touches vehicles that are not in the way in
 * this sense: one arriving over another edge at the node `m` is leaving
 * (the two edges meet at a narrow angle), one further from a node both
 * head for, one standing where zone control lets it share a node, one
 * oncoming after a forced pass. If `m` stopped for those, two vehicles
 * could each stop for the other: neither would ever move again, zone
 * control (which sees only zones) would not notice, and the vehicles
 * queuing behind them would be let through one by one by the watchdog
 * only to queue again - a permanent stall. "In the way" is an order along
 * routes, so no two vehicles can wait for each other this way. Bodies
 * that touch anyway are counted as a collision. */
static bool in_the_way(const tr_run *tr, const tr_vehicle *m, const tr_vehicle *o) {
    if (!o->motion.moving || !m->motion.moving) return false;
    int oa = o->motion.parc[o->motion.ppos];
    if (oa == m->motion.parc[m->motion.ppos]) return o->physics.progress > m->physics.progress;
    for (int j = m->motion.ppos + 1; j < m->motion.res_end; j++)
        if (m->motion.parc[j] == oa) return true;
    const tr_arc *oar = &tr->arcs[oa];
    for (int j = m->motion.ppos; j < m->motion.res_end; j++)
        if (tr->arcs[m->motion.parc[j]].edge == oar->edge) return false; /* oncoming */
    double dm = tr->arcs[m->motion.parc[m->motion.ppos]].len - m->physics.progress; /* m's distance to path[j] */
    for (int j = m->motion.ppos + 1; j <= m->motion.res_end; j++) {
        if (m->motion.path[j] == oar->from) return true;
        if (m->motion.path[j] == oar->to) {
            /* Both head for one node: who is nearer goes first. */
            double d = oar->len - o->physics.progress;
            return d < dm || (d == dm && o->index < m->index);
        }
        if (j < m->motion.res_end) dm += tr->arcs[m->motion.parc[j]].len;
    }
    return false;
}

typedef struct ahead {
    const tr_run *tr;
    const tr_vehicle *self;
    double alpha;           /* nearest obstacle, share of the query */
} ahead;

static void ahead_cb(cpShape *shape, cpVect point, cpVect normal, cpFloat alpha, void *data) {
    (void)point, (void)normal;
    ahead *a = data;
    const tr_vehicle *o = cpShapeGetUserData(shape);
    if (!o || o == a->self || !in_the_way(a->tr, a->self, o)) return;
    if (alpha < a->alpha) a->alpha = alpha;
}

static cpBool on_contact(cpArbiter *arb, cpSpace *space, cpDataPointer data) {
    (void)space;
    tr_run *tr = data;
    cpShape *a, *b;
    cpArbiterGetShapes(arb, &a, &b);
    tr_vehicle *va = cpShapeGetUserData(a), *vb = cpShapeGetUserData(b);
    /* Vehicles sharing a parking node stand on one spot: only contacts with
     * a vehicle that drives count. */
    if (va && vb && (va->motion.moving || vb->motion.moving) && !shares_node(tr, va, vb) && !shares_node(tr, vb, va)) {
        tr->fleets[va->fleet].collisions++;
        if (vb->fleet != va->fleet) tr->fleets[vb->fleet].collisions++;
        va->stats.collisions++;
        vb->stats.collisions++;
        /* touching a standing vehicle: a safety event of the one driving */
        if (!vb->motion.moving) tr_agv_safety(tr, va, vb->index);
        else if (!va->motion.moving) tr_agv_safety(tr, vb, va->index);
    }
    /* Recorded, not resolved: cpFalse tells chipmunk to ignore this pair
     * until they separate, so the solver never moves a vehicle. */
    return cpFalse;
}

bool tr_phys_init(tr_run *tr) {
    tr_phys *p = calloc(1, sizeof *p);
    if (!p) return false;
    tr->phys = p;
    p->space = mdl__cp_space_new();
    if (!p->space) return false;
    cpSpaceSetGravity(p->space, cpvzero);
    cpCollisionHandler *h = cpSpaceAddCollisionHandler(p->space, VEHICLE_TYPE, VEHICLE_TYPE);
    h->beginFunc = on_contact;
    h->userData = tr;
    p->dt = INFINITY;
    for (int i = 0; i < tr->nveh; i++) {
        tr_vehicle *v = &tr->veh[i];
        if (v->spec->mode != MDL_MOTION_PHYSICS || v->task.held) continue; /* (held: off the floor) */
        if (v->spec->dt < p->dt) p->dt = v->spec->dt;
        cpBody *b = cpSpaceAddBody(p->space, cpBodyNew(500.0, INFINITY));
        cpShape *s = cpSpaceAddShape(p->space, cpCircleShapeNew(b, 0.5 * v->spec->length, cpvzero));
        cpShapeSetCollisionType(s, VEHICLE_TYPE);
        cpShapeSetFilter(s, cpShapeFilterNew((cpGroup)(v->index + 1), CP_ALL_CATEGORIES, CP_ALL_CATEGORIES));
        cpShapeSetUserData(s, v);
        v->physics.body = b;
        v->physics.shape = s;
        tr_phys_place(tr, v);
    }
    return true;
}

void tr_phys_free(tr_run *tr) {
    tr_phys *p = tr->phys;
    if (!p) return;
    /* cpSpaceFree frees no bodies or shapes: remove and free them first. */
    for (int i = 0; i < tr->nveh; i++) {
        tr_vehicle *v = &tr->veh[i];
        if (v->physics.shape) {
            cpSpaceRemoveShape(p->space, v->physics.shape);
            cpShapeFree(v->physics.shape);
        }
        if (v->physics.body) {
            cpSpaceRemoveBody(p->space, v->physics.body);
            cpBodyFree(v->physics.body);
        }
        v->physics.shape = v->physics.body = NULL;
    }
    if (p->space) cpSpaceFree(p->space);
    free(p);
    tr->phys = NULL;
}

void tr_phys_place(tr_run *tr, tr_vehicle *v) {
    const mdl_node_spec *n = &tr->model->nodes[v->node];
    cpBodySetPosition(v->physics.body, cpv(n->x, n->y));
    cpBodySetVelocity(v->physics.body, cpvzero);
    v->physics.speed = 0.0;
    v->physics.progress = 0.0;
}

void tr_phys_view(const tr_run *tr, const tr_vehicle *v, mdl_vehicle_view *o) {
    (void)tr;
    cpVect p = cpBodyGetPosition(v->physics.body);
    o->x = p.x;
    o->y = p.y;
    o->speed = v->motion.moving ? v->physics.speed : 0.0;
}

static void on_step(sim_world *w, void *subject, void *object);

void tr_phys_start(tr_run *tr, tr_vehicle *v) {
    tr_phys *p = tr->phys;
    v->physics.progress = 0.0;
    v->physics.speed = 0.0;
    if (!p->step_ev) p->step_ev = sim_event_after(tr->w, p->dt, 0, on_step, tr, p);
}

/* Speed of v's body over the coming step (sets v->physics.speed, the speed at its
 * end), and the edge's direction and start point. */
static double control(tr_run *tr, tr_phys *p, tr_vehicle *v, cpVect *dir, cpVect *from) {
    int a = v->motion.parc[v->motion.ppos];
    const tr_arc *ar = &tr->arcs[a];
    const mdl_node_spec *n0 = &tr->model->nodes[ar->from], *n1 = &tr->model->nodes[ar->to];
    *from = cpv(n0->x, n0->y);
    *dir = cpvmult(cpvsub(cpv(n1->x, n1->y), *from), 1.0 / ar->len);
    double acc = v->motion.acc, dt = p->dt;
    double left = ar->len - v->physics.progress;
    if (left < 0.0) left = 0.0;
    double vmax = tr_arc_vmax(tr, v, a);
    /* The speed at the end of the step (u) and the speed over the step
     * (mean of start and end: constant acceleration within a step), so that
     * the body follows the kinematic profile to well within a step. */
    double u = vmax;
    if (acc > 0.0) {
        double up = v->physics.speed + acc * dt;
        if (up < u) u = up;
        double un = v->motion.unode[v->motion.ppos + 1];
        double disp = 0.5 * (v->physics.speed + u) * dt;
        if (u * u > un * un + 2.0 * acc * (left - disp)) {
            /* brake: u^2 - un^2 = 2 a (left - (v + u) dt / 2) */
            double c = un * un + 2.0 * acc * left - acc * v->physics.speed * dt;
            double q = acc * acc * dt * dt + 4.0 * c;
            u = q > 0.0 ? 0.5 * (-acc * dt + sqrt(q)) : 0.0;
            if (u < 0.0) u = 0.0;
        }
    }
    double body = acc > 0.0 ? 0.5 * (v->physics.speed + u) : u;
    if (v->motion.ppos + 1 == v->motion.res_end && body * dt > left) body = left / dt;
    /* Look ahead: stop short of whatever is in front. */
    double look = (acc > 0.0 ? u * u / (2.0 * acc) : u * dt) + v->spec->near_miss + 0.5;
    cpVect pos = cpBodyGetPosition(v->physics.body);
    cpVect front = cpvadd(pos, cpvmult(*dir, v->spec->length * 0.5 + 0.01));
    cpShapeFilter filt = cpShapeFilterNew((cpGroup)(v->index + 1), CP_ALL_CATEGORIES, CP_ALL_CATEGORIES);
    ahead hit = {tr, v, INFINITY};
    cpSpaceSegmentQuery(p->space, front, cpvadd(front, cpvmult(*dir, look)), 0.0, filt, ahead_cb, &hit);
    if (isfinite(hit.alpha)) {
        double gap = hit.alpha * look;
        bool near = gap < v->spec->near_miss;
        if (near && !v->physics.near) {
            tr->fleets[v->fleet].near_misses++;
            v->stats.near_misses++;
        }
        v->physics.near = near;
        double room = gap - 0.1;
        double safe = room > 0.0 ? (acc > 0.0 ? sqrt(2.0 * acc * room) : room / dt) : 0.0;
        if (safe < u) u = safe;
        if (safe < body) body = safe;
    } else {
        v->physics.near = false;
    }
    v->physics.speed = u > 0.0 ? u : 0.0;
    return body > 0.0 ? body : 0.0;
}

static void on_step(sim_world *w, void *subject, void *object) {
    tr_run *tr = subject;
    tr_phys *p = object;
    p->step_ev = 0;
    for (int i = 0; i < tr->nveh; i++) {
        tr_vehicle *v = &tr->veh[i];
        if (!v->physics.body) continue;
        if (!v->motion.moving) {
            cpBodySetVelocity(v->physics.body, cpvzero);
            continue;
        }
        cpVect dir, from;
        double u = control(tr, p, v, &dir, &from);
        /* Lateral correction back onto the edge's line. */
        cpVect off = cpvsub(cpBodyGetPosition(v->physics.body), from);
        double lat = cpvcross(dir, off);
        cpVect normal = cpvperp(dir);
        cpBodySetVelocity(v->physics.body, cpvsub(cpvmult(dir, u), cpvmult(normal, lat / p->dt)));
        cpBodySetAngle(v->physics.body, cpvtoangle(dir));
    }
    cpSpaceStep(p->space, p->dt);
    for (int i = 0; i < tr->nveh; i++) {
        tr_vehicle *v = &tr->veh[i];
        if (!v->physics.body || !v->motion.moving) continue;
        const tr_arc *ar = &tr->arcs[v->motion.parc[v->motion.ppos]];
        const mdl_node_spec *n0 = &tr->model->nodes[ar->from];
        cpVect dir = cpvmult(cpvsub(cpv(tr->model->nodes[ar->to].x, tr->model->nodes[ar->to].y), cpv(n0->x, n0->y)),
                             1.0 / ar->len);
        v->physics.progress = cpvdot(cpvsub(cpBodyGetPosition(v->physics.body), cpv(n0->x, n0->y)), dir);
        while (v->motion.moving && v->physics.progress >= ar->len - 1e-9) {
            double over = v->physics.progress - ar->len;
            bool last = v->motion.ppos + 1 >= v->motion.res_end;
            tr_agv_pass(tr, v); /* may end the stretch, and start the next one at rest */
            if (last || !v->motion.moving) break;
            ar = &tr->arcs[v->motion.parc[v->motion.ppos]];
            v->physics.progress = over > 0.0 ? over : 0.0;
        }
    }
    bool any = false;
    for (int i = 0; i < tr->nveh && !any; i++)
        if (tr->veh[i].physics.body && tr->veh[i].motion.moving) any = true;
    if (any && !p->step_ev) p->step_ev = sim_event_after(w, p->dt, 0, on_step, tr, p);
}
