/*
 * mdl_agv_internal.h - what the AGV files share (mdl_agv.c set-up and
 * results, mdl_agv_route.c, mdl_agv_traffic.c, mdl_agv_untangle.c, mdl_agv_motion.c,
 * mdl_agv_task.c): the zone counters, the battery book, the vehicles'
 * own event tree, and the calls from one concern to another. The small
 * helpers are inline here: the kinematic pass uses them.
 */
#ifndef MDL_AGV_INTERNAL_H
#define MDL_AGV_INTERNAL_H

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "mdl_transport_internal.h"

/* ---- zones (node zone n, edge zone nn + edge) --------------------------------- */

static inline int node_zone(int n) { return n; }
static inline int edge_zone(const tr_run *tr, int arc) { return tr->nn + tr->arcs[arc].edge; }
static inline bool is_two_way(const tr_run *tr, int z) { return z >= tr->nn && tr->model->edges[z - tr->nn].two_way; }

static inline bool zone_room(const tr_run *tr, int z, int dir) {
    const tr_zone *zn = &tr->zones[z];
    if (zn->count >= zn->cap) return false;
    return !(zn->two_way && zn->count > 0 && zn->dir != dir);
}

static inline void zone_take(tr_run *tr, int z, int dir) {
    tr->zones[z].count++;
    tr->zones[z].dir = (int16_t)dir;
}

/* Frees one place of a zone (its waiters try again after: zone_wake). */
static inline void zone_free(tr_run *tr, int z) {
    tr_zone *zn = &tr->zones[z];
    zn->count--;
    if (zn->count <= 0) zn->dir = 0;
}

/* tr->gate's flags (mdl_agv_zone.c) */
enum { TR_GATE = 1, TR_SERVED = 2, TR_POCKET = 4 };

/* ---- battery ---------------------------------------------------------------- */

static inline double bat_cap(const tr_vehicle *v) { return v->spec->battery.enabled ? v->spec->battery.capacity_kwh : 0.0; }

/* The lowest battery share *bmin, given a level of cap. A level clearly
 * above *bmin x cap cannot make a new minimum, and skips the division
 * (the factor covers the two roundings of the product). */
static inline void note_share(double level, double cap, double *bmin) {
    if (level > *bmin * cap * (1.0 + 1e-9)) return;
    double share = level / cap;
    if (!(share >= *bmin)) *bmin = share;
}

static inline void bat_note(tr_vehicle *v) {
    if (!v->spec->battery.enabled) return;
    note_share(v->battery.level, bat_cap(v), &v->stats.bmin);
}

/* Books the battery from bt to now: the charge coming in, or the idle
 * draw (noting the lowest level when `note`; a pass notes once, after its
 * arc's energy, which leaves the lower level). */
static inline __attribute__((always_inline)) void bat_book(tr_run *tr, tr_vehicle *v, bool note) {
    double now = tr_now(tr), dt = now - v->battery.bt;
    v->battery.bt = now;
    if (dt <= 0.0) return;
    if (v->battery.charging) {
        v->battery.level += v->battery.charge_kws * dt;
        if (v->battery.level > bat_cap(v)) v->battery.level = bat_cap(v);
    } else {
        double e = v->battery.idle_kws * dt;
        v->stats.e_idle += e;
        if (v->spec->battery.enabled) {
            v->battery.level -= e;
            if (v->battery.level < 0.0) v->battery.level = 0.0;
            if (note) bat_note(v);
        }
    }
}

static inline __attribute__((always_inline)) void bat_update(tr_run *tr, tr_vehicle *v) { bat_book(tr, v, true); }

static inline bool available(const tr_vehicle *v) {
    return ((v->task.kind == VT_NONE) | (v->task.kind == VT_PARK)) &
           !(v->battery.charging | v->battery.waiting_charger | v->task.handling | v->down | v->task.held);
}


/* An idle vehicle (parked, staying, or on its way to park) is sent
 * charging when its idle draw takes it below the threshold: one event at
 * that time, re-aimed whenever its state changes (tr_agv_refresh), cancelled
 * when it gets a task. Battery only checked at dispatch or after a task
 * would let a parked vehicle run down to nothing over a quiet weekend. */
__attribute__((noinline)) void tr_agv_arm_low_aim(tr_run *tr, tr_vehicle *v);

static inline void arm_low(tr_run *tr, tr_vehicle *v) {
    /* Not (or no longer) a candidate: t would be infinite, which leaves a
     * pending event alone (on_low looks again) and schedules none. */
    if (!(available(v) & (v->task.charge_node < 0) & (tr->ncharging > 0) & v->spec->battery.enabled)) return;
    tr_agv_arm_low_aim(tr, v);
}

/* ---- the vehicles' own events -------------------------------------------------- */

static inline uint64_t dbits(double d) {
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
static inline void own_set(tr_run *tr, int vehicle_index, double time) {
    uint64_t *key = tr->own_key, t = dbits(time);
    int *who = tr->own_who;
    int i = tr->own_n + vehicle_index, w = vehicle_index;
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
    memcpy(&tr->own_next, &t, sizeof t);
}

static inline void vehicle_at(tr_run *tr, tr_vehicle *v, double t, int kind) {
    if (tr->own_running == v->index) tr->own_running = -1;
    v->motion.next_kind = kind;
    own_set(tr, v->index, t);
}

static inline __attribute__((always_inline)) void schedule_pass(tr_run *tr, tr_vehicle *v) { vehicle_at(tr, v, v->motion.tnode[v->motion.ppos + 1], VE_PASS); }

/* A transport task progressed: a vehicle of the fleet reached its pick-up
 * or drop, or ended a loading or unloading. The stall watchdog
 * (mdl_agv_traffic.c) looks at this, not at vehicles moving. */
static inline void tr_agv_progress(tr_run *tr, const tr_vehicle *v) { tr->fleets[v->fleet].progress_t = tr_now(tr); }

/* ---- calls between the concerns ------------------------------------------------ */

/* ---- routing tables (mdl_agv_tables.c), shared by the runs of a model ----------- */

/* Row `target` of a table: read only once built, but for `near`, made on
 * first use and published once. */
struct tr_row {
    double *dist;              /* [from] free-flow time from -> target, INFINITY: unreachable */
    int *next_arc;             /* [from] first arc of that route, -1 */
    _Atomic(const int *) near; /* {k, nodes[k]}: the nodes that reach the target by (time, index); NULL until asked */
};

bool tr_agv_fleet_tables(tr_run *tr, tr_fleet *f);
tr_row *tr_agv_row_fetch(const tr_run *tr, const tr_fleet *f, int target);
const int *tr_agv_near(const tr_run *tr, const tr_fleet *f, int target);
/* Something by free-flow time, then index (qsort with tr_time_item_cmp). */
typedef struct tr_time_item {
    double d;
    int i;
} tr_time_item;
int tr_time_item_cmp(const void *a, const void *b);

/* The fleet's row for `target` (built on first use by any run). */
static inline tr_row *tr_agv_row(const tr_run *tr, const tr_fleet *f, int target) {
    tr_row *r = f->rows[target];
    return __builtin_expect(r != NULL, 1) ? r : tr_agv_row_fetch(tr, f, target);
}

/* Free-flow travel time of v's fleet from `from` to `to`. */
static inline double tr_agv_travel(const tr_run *tr, const tr_vehicle *v, int from, int to) {
    return tr_agv_row(tr, &tr->fleets[v->fleet], to)->dist[from];
}

/* mdl_agv_index.c: the scratch of a search that keeps out of a zone
 * (labels valid where mark == epoch, settled where done == epoch), and
 * the fleet's kept routes by (from, to) */
typedef struct tr_route_he {
    int c;
    double d;
    int u;
} tr_route_he;
typedef struct tr_plan_scratch {
    double *d;
    int *via, *cnt;
    uint32_t *mark, *done, epoch;
    tr_route_he *heap;
} tr_plan_scratch;
bool tr_plan_scratch_init(tr_run *tr);
void tr_plan_scratch_free(tr_run *tr);
void tr_plan_scratch_begin(tr_run *tr);
#define TR_ROUTE_CHUNK 16384 /* ints per block of kept routes */
#define TR_ROUTE_CHUNKS 64   /* blocks per fleet (4 MB): then routes are copied */
const int *tr_route_kept(const tr_fleet *f, int from, int to);
int *tr_route_room(tr_run *tr, tr_fleet *f, int need, int *at);
void tr_route_keep(tr_run *tr, tr_fleet *f, int from, int to, int at, int len);
void tr_routes_free(tr_fleet *f);
/* mdl_agv_idle.c */
bool tr_agv_idle_init(tr_run *tr);
void tr_agv_idle_free(tr_run *tr);
void tr_agv_idle_sync(tr_run *tr, const tr_vehicle *v);
void tr_agv_idle_moved(tr_run *tr, const tr_vehicle *v);
tr_vehicle *tr_agv_idle_nearest(tr_run *tr, const tr_fleet *f, int to);
tr_vehicle *tr_agv_idle_longest(tr_run *tr, const tr_fleet *f);
enum { TR_PLACES_PARKING = 0, TR_PLACES_CHARGING, TR_PLACE_SETS };
const int *tr_agv_places_by_time(const tr_run *tr, const tr_fleet *f, int set, int from);
/* mdl_agv_route.c */
bool tr_route_reverse(int nn, int na, const tr_arc *arcs, int **rstart, int **radj);
bool tr_route_row(int nn, const int *rstart, const int *radj, const tr_arc *arcs, const bool *stop, double speed, int t, double *dist,
                  int *next_arc);
bool tr_route_tables(int nn, int na, const tr_arc *arcs, const bool *stop, double speed, double *dist, int *next_arc);
void tr_agv_route_own(tr_vehicle *v);
bool tr_agv_plan(tr_run *tr, tr_vehicle *v, int goal, int avoid);
int tr_agv_nearest_parking(const tr_run *tr, const tr_vehicle *v, int except);
bool tr_agv_on_route(const tr_vehicle *v, int n);
/* mdl_agv_zone.c */
bool tr_agv_zones_init(tr_run *tr);
void tr_agv_zones_free(tr_run *tr);
void tr_agv_stand(tr_run *tr, tr_vehicle *v);
void tr_agv_unstand(tr_run *tr, tr_vehicle *v);
int tr_agv_off_charger(const tr_run *tr, const tr_vehicle *v);
bool tr_agv_stop_ok(const tr_run *tr, const tr_vehicle *v, int k);
int tr_agv_aside(tr_run *tr, int from, int except);
enum { TR_ASIDE_PARKING = 1, TR_ASIDE_UNSERVED = 2, TR_ASIDE_BORROW = 4, TR_ASIDE_NOGOAL = 8, TR_ASIDE_POCKET = 16 };
int tr_agv_aside_by(tr_run *tr, int from, int except, int avoid, int kinds, const tr_vehicle *clear);
bool tr_agv_task_goal(const tr_run *tr, int n);
bool tr_agv_aside_ok(const tr_run *tr, int n);
int tr_agv_promised_past(const tr_run *tr, int n, int g);
bool tr_agv_in_the_way(const tr_run *tr, const tr_vehicle *v);
int tr_agv_corridor_check(tr_run *tr, tr_vehicle *v, int *wake);
int tr_agv_corridor_enter(tr_run *tr, tr_vehicle *v, int k, int *dir, int *wake, int *nwake);
void tr_agv_corridor_left(tr_run *tr, tr_vehicle *v);
/* mdl_agv_traffic.c */
void tr_agv_episode_end(tr_run *tr, uint32_t episode);
void tr_agv_became_idle(tr_run *tr, tr_vehicle *v);
int tr_agv_nudge_ahead(tr_run *tr, const tr_vehicle *v, int z);
bool tr_agv_holds_node(const tr_vehicle *u, int z);
void tr_agv_zone_unwait(tr_run *tr, tr_vehicle *v);
void tr_agv_zone_wake(tr_run *tr, int z);
void tr_agv_wait_for(tr_run *tr, tr_vehicle *v, int z, int dir);
bool tr_agv_step_aside(tr_run *tr, tr_vehicle *v, int z);
bool tr_agv_step_aside_off(tr_run *tr, tr_vehicle *v, int z, const tr_vehicle *clear);
bool tr_agv_move_on(tr_run *tr, tr_vehicle *v);
bool tr_agv_share_ok(const tr_run *tr, const tr_vehicle *v, int k);
/* mdl_agv_zone.c: the network's lanes and cut nodes, for the run and the layout check (mdl_agv_layout.c) */
/* Gates: the cut nodes of the network of its two-way edges, each
 * the only way into and out of the parts it joins (a dead-end branch, a
 * station at the end of a spur, a parking place hanging off a node). A
 * vehicle standing on a full gate and waiting for the part ahead blocks
 * the vehicles there, which can leave only through it. Found by one
 * depth-first search (Tarjan's low points), iterative: node u is a gate
 * when a child w of the search cannot reach above u (low[w] >= disc[u]):
 * w's subtree is one of u's parts; a root with two children or more is
 * one too.
 *
 * Pockets (TR_POCKET): the same search over every edge, taken either way,
 * where a part counts only when vehicles drive both into it and out of
 * it through the cut node (an arc each way between them: w's subtree,
 * the nodes discovered from disc[w] to last[w], is a pocket of u). That
 * finds the node of a one-way loop that is the only way into and out of
 * a spur hanging off it (scenes/demo.cfg's gate_m, in front of the
 * parking place): the two-way search sees only the spur's edge there, and
 * the rule that a node of one-way traffic is a place to wait (those
 * behind only queue) does not hold on it - the vehicles in the spur leave
 * only through it. On a one-way chain the part behind a node is only
 * left and the part ahead only entered: no pockets.
 *
 * For the layout check the search also adds up, per subtree, the nodes
 * marked in want[] (bit 1: a place to step aside to, bit 2: a place
 * vehicles drive to with a task), into sub[2n] and sub[2n + 1]; sep[2n],
 * sep[2n + 1] are the sums over n's parts below it, top[n] is the root. */
typedef struct tr_cut_scan {
    int *start, *adj, *disc, *low, *stack, *it, *up, *par, *sub, *sep, *top, *last;
    bool all;         /* every edge (pockets), else the two-way edges (gates) */
    uint8_t mark;     /* the flag a cut node gets: TR_GATE or TR_POCKET */
    bool root_pocket; /* a child subtree of the search's root is a pocket */
} tr_cut_scan;
void tr_agv_cut_free(tr_cut_scan *c);
bool tr_agv_cut_nodes(const struct tr_model *tm, uint8_t *gate, const uint8_t *want, tr_cut_scan *c);
void tr_agv_lanes_mark(const struct tr_model *tm, bool *lane, int *nb, int *deg);
/* mdl_agv_untangle.c */
bool tr_agv_untangle(tr_run *tr, tr_vehicle *v, int n);
bool tr_agv_untangle_idle(tr_run *tr, tr_vehicle *v, int n);
bool tr_agv_idle_rest(const tr_run *tr, int n);
int tr_agv_free_node(tr_run *tr, const tr_vehicle *x, int avoid, const tr_vehicle *other, bool unserved);
/* mdl_agv_motion.c */
void tr_agv_latch_speed(const tr_run *tr, tr_vehicle *v);
void tr_agv_start_stretch(tr_run *tr, tr_vehicle *v, int end);
void tr_agv_advance(tr_run *tr, tr_vehicle *v);
void tr_agv_go(tr_run *tr, tr_vehicle *v, int goal, int task);
void tr_agv_on_vehicle(sim_world *w, void *ctx);
/* mdl_agv_task.c */
void tr_agv_refresh(tr_run *tr, tr_vehicle *v);
void tr_agv_arrived(tr_run *tr, tr_vehicle *v);
void tr_agv_handled(tr_run *tr, tr_vehicle *v);
void tr_agv_charged(tr_run *tr, tr_vehicle *v);

#endif
