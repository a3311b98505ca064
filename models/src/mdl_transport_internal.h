/*
 * mdl_transport_internal.h - material handling, shared by its sources
 * (internal). One prefix for all of it: tr_ (types tr_run, tr_model,
 * tr_vehicle ...; the run's pointer is named tr, the model's tm), and
 * mdl__transport_ for the calls mdl_run_lean.c and mdl_model.c make.
 *
 *   mdl_transport_model.c  building and checking (the model side)
 *   mdl_transport.c        the run side: set-up, route-step hand-off, results, views
 *   mdl_agv.c              fleets: set-up, warm-up, results (mdl_agv_internal.h:
 *   mdl_agv_route.c          what the AGV files share); route planning,
 *   mdl_agv_traffic.c        zones and deadlock, kinematic motion,
 *   mdl_agv_motion.c         tasks and battery
 *   mdl_agv_task.c
 *   mdl_agv_physics.c      physics motion with chipmunk2d (the only chipmunk user
 *   mdl_layout.c           besides the layout check)
 *   mdl_robot.c            robots tending machines
 *   mdl_conveyor.c         belts
 */
#ifndef MDL_TRANSPORT_INTERNAL_H
#define MDL_TRANSPORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_idmap.h"
#include "mdl_transport_seam.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_rng.h"
#include "sim_ledger.h"
#include "sim_stats.h"
#include "sim_world.h"

/* Tokens a transport puts in a station's waiters (mdl__run_reserve):
 * vehicles by global index, belts with this bit. */
/* A receiving dock waiting for room (a station's waiters) or for a belt's
 * entry (its wait list, in place of a server): this bit | dock (mdl_dock.c). */
#define TR_TOKEN_DOCK 0x08000000u
#define TR_TOKEN_CONVEYOR 0x20000000u
/* AS/RS: this bit | (asrs x stations + destination station) (mdl_asrs.c). */
#define TR_TOKEN_ASRS 0x10000000u
/* A fleet's transport request waiting for room at its destination (the
 * allocation of mdl_agv_task.c): this bit | request index. */
#define TR_TOKEN_REQ 0x04000000u

/* ---- model side --------------------------------------------------------- */

typedef struct tr_step {
    int product, station;
    int kind, which;
} tr_step;

struct tr_model {
    mdl_node_spec *nodes;
    int nnodes, cap_nodes;
    mdl_edge_spec *edges;
    double *edge_len;
    int nedges, cap_edges, cap_len;
    mdl_fleet_spec *fleets;
    int nfleets, cap_fleets;
    mdl_robot_spec *robots;
    int nrobots, cap_robots;
    mdl_conveyor_spec *convs;
    int nconvs, cap_convs;
    int *st_node;   /* per station, -1 = none (sized cap_st) */
    int *st_out;    /* out-point capacity per station */
    int cap_st;
    tr_step *steps;
    int nsteps, cap_steps;
    bool has_floor;
    double fx0, fy0, fx1, fy1;
    mdl_idmap node_ids, fleet_ids, robot_ids, conv_ids; /* id -> index (mdl_idmap.h) */
    struct mdl_asrs_spec *asrs;                         /* AS/RS (mdl_asrs.c) */
    int nasrs, cap_asrs;
    mdl_idmap asrs_ids;
    mdl_pairmap edge_ids;                               /* (from, to) -> edge */
    struct tr_netmodel *net;                            /* merges and diverters (mdl_conveyor_net_model.c) */
    struct tr_tables *tables;                           /* AGV routing tables, shared by the runs (mdl_agv_tables.c) */
    /* Route ends (mdl_dock_model.c): docks, and per product its receiving
     * (from) and shipping (to) dock, -1: none. A route step's `station`
     * is -1 - dock for the transport leaving a receiving dock. */
    struct mdl_dock_spec *docks;
    int ndocks, cap_docks;
    mdl_idmap dock_ids;
    int *prod_from, *prod_to;
    int cap_prod, nends;                                /* nends: products with an end */
    /* Route ends at an AS/RS (mdl_asrs_ends.c): per product its `from` and
     * `to` AS/RS (-1: none) and the finished goods' dwell (sized cap_store). */
    int *store_from, *store_to;
    struct sim_dist *dwell;
    int *stock; /* per product: units in its `from` AS/RS at time 0 (mdl_asrs_stock.c) */
    int cap_store;
};

/* ---- run side ------------------------------------------------------------ */

typedef struct tr_hist { /* log-binned: 100 bins per decade from 1 ms */
    uint32_t bins[1000];
    uint64_t n;
    double min, max;
} tr_hist;

void tr_hist_add(tr_hist *h, double x);
double tr_hist_quantile(const tr_hist *h, double q);

/* A vehicle's or robot's time in its states: the kernel's ledger. */
typedef sim_ledger tr_ledger;
_Static_assert(SIM_LEDGER_MAX >= 8, "vehicle and robot states fit the ledger");

/* A transport request: one unit waiting on an out-point. With
 * allocation (a fleet not on traffic = "detect") it is *ready*, open to
 * vehicles, only once room at its destination is reserved for it. */
typedef struct tr_req {
    uint32_t unit;
    int from, to;        /* stations */
    int fleet;
    int vehicle;         /* assigned vehicle, -1 */
    double t;            /* when it came */
    double tready;       /* when it became ready (the wait for a vehicle counts from here) */
    bool ready;          /* room at `to` reserved (always, without allocation): in the waiting list */
    int prev, next;      /* the fleet's list in arrival order */
    int next_free;
    int wprev, wnext;    /* unassigned: the fleet's waiting list, in arrival order */
} tr_req;

typedef struct tr_outpoint {
    int count;           /* units on it (until their vehicle has loaded them) */
    int cap;
    int *wait;           /* blocked server gids, FIFO */
    int nwait, capwait;
    bool serving;
} tr_outpoint;

struct tr_phys;
struct tr_vehicle;
typedef struct tr_row tr_row;

typedef struct tr_fleet {
    int index;
    const mdl_fleet_spec *spec;
    int first, count;    /* vehicles [first, first + count) of the run's array */
    struct tr_row **rows; /* per target node: its row of the model's routing table for the fleet's
                           * speed, NULL until fetched (mdl_agv_tables.c) */
    int table;            /* that table's index in the model's list */
    int req_head, req_tail;
    int wait_head, wait_tail; /* requests with no vehicle yet, in arrival order */
    int nreq;
    sim_tally wait;
    tr_hist wait_hist;
    uint64_t trips, units, collisions, near_misses, deadlocks, forced, charges, safety;
    double speed_factor; /* mdl_run_set_fleet_speed: scales speed and accel (1 as built) */
    double progress_t;   /* the last pick-up or delivery begun or done by a vehicle (the stall watchdog, mdl_agv_traffic.c) */
    /* Routes by the table, kept once made (mdl_agv_route.c: route_get,
     * mdl_agv_index.c): (from, to) -> the place of {arcs n, nodes[n + 1],
     * arcs[n]} in chunks (block x TR_ROUTE_CHUNK + offset). */
    mdl_pairmap routes;
    int **chunks;        /* where they are kept: blocks that never move */
    int nchunks, chunk_used, chunk_cap;
} tr_fleet;

typedef struct tr_arc {
    int from, to, edge;
    int dir;             /* +1 along the edge, -1 against it */
    double len, vmax;    /* vmax: edge limit (INFINITY when none) */
} tr_arc;

/* The times on the arcs of a kinematic stretch (mdl_agv.c: stretch_times). */
#define TR_SMEMO_K 16    /* arcs at most */
#define TR_SMEMO_N 4096  /* entries at most, a power of two */
typedef struct tr_smemo {
    int k;               /* arcs; 0: empty */
    int arc[TR_SMEMO_K];
    uint64_t vtop, acc;  /* the vehicle's, as bits */
    double dt[TR_SMEMO_K];
} tr_smemo;

/* The time on one arc from rest to rest, for a vtop and acc (bits; vtop
 * all ones, a NaN: empty). */
typedef struct tr_rest {
    uint64_t vtop, acc;
    double dt;
} tr_rest;

/* The vehicles standing on a node (mdl_agv_zone.c). */
typedef struct tr_stand {
    int *v;
    int n, cap;
} tr_stand;

/* A zone: 16 bytes, what a pass and a reservation read (issue 21: the
 * zones of a large plant are read cold, one or two per arc; at 32 bytes
 * with the waiting list inline, 2,080 zones were 66 KB). The waiting
 * list itself is in tr_zone_waiters, read only when nwait > 0. */
typedef struct tr_zone {
    int cap;
    int count;
    int nwait;           /* vehicles waiting for it (the list: tr->zone_wait[z]) */
    int16_t dir;         /* two-way edges: direction of the vehicles on it, 0 when empty */
    bool two_way;        /* a two-way edge */
} tr_zone;
_Static_assert(sizeof(tr_zone) == 16, "a zone is 16 bytes: four to a cache line");

typedef struct tr_zone_waiters {
    int *wait;           /* vehicles waiting for the zone, FIFO (nwait of them: tr_zone) */
    int capwait;
} tr_zone_waiters;

enum { VT_NONE = 0, VT_PICKUP, VT_DROP, VT_PARK, VT_CHARGE, VT_BACKOFF };
enum { VE_PASS = 0, VE_HANDLED, VE_CHARGED };

/* A vehicle's route and the stretch of it in hand. */
typedef struct tr_vehicle_motion {
    /* route: nodes path[0..plen), arcs parc[i] from path[i] to path[i+1];
     * the fleet's kept route (read only), or path_buf and parc_buf */
    const int *path, *parc;
    int *path_buf, *parc_buf;
    int plen, ppos, res_end; /* standing at path[ppos]; moving: reserved up to path[res_end] */
    bool moving, replan, rerouted;
    double *tnode, *unode;   /* arrival time / speed at path[i] within the stretch (unode: physics; scratch in kinematic mode) */
    int s0;              /* kinematic: the stretch in hand started at path[s0] */
    int next_kind;       /* VE_*: what its pending own event is (the run's tree of own events holds its time) */
    double vtop, acc;    /* top speed and acceleration of the stretch in hand (fleet's x its speed factor) */
} tr_vehicle_motion;

/* A vehicle's task: what it does (VT_*), where to, with what, and the
 * places it has reserved. */
typedef struct tr_vehicle_task {
    int kind, goal;      /* VT_*; the node it heads for */
    int req;             /* request being fetched */
    int pick, drop;      /* stations */
    uint32_t *units;
    int nunits, unloaded;
    bool handling;       /* loading or unloading */
    bool blocked;        /* loaded, waiting for room at the destination */
    bool held;           /* surplus of a fleet larger than its layout holds: off the network, no task, all run (mdl_agv.c) */
    int park_node;       /* parking place reserved, -1 */
    int charge_node;     /* charger reserved, -1 */
    double idle_since;
    double task_since;   /* when it took the pick-up and drop in hand (mdl_run_fleet_task_age) */
} tr_vehicle_task;

/* A vehicle's battery: its level, and the event of its idle draw
 * crossing the charging threshold. */
typedef struct tr_vehicle_battery {
    double level, bt;    /* battery kWh at time bt */
    double idle_kws, charge_kws; /* the fleet's idle draw and charging rate, kWh per second */
    uint64_t low_ev;     /* idle: when the idle draw crosses the charging threshold */
    double low_t;        /* its time */
    bool charging;
    bool waiting_charger;
} tr_vehicle_battery;

/* A vehicle's wait for a zone, and what it tried to get out of one. */
typedef struct tr_vehicle_traffic {
    int wait_zone, wait_dir;
    double wait_since;
    bool was_waiting;    /* keeps wait_since across retries of one wait */
    bool in_deadlock, tried_reroute, tried_backoff;
    uint32_t episode;    /* the deadlock it is counted in, until one of its vehicles reaches a goal or is forced through (mdl_agv_traffic.c); 0: none */
    int backoff_goal;    /* after backing off: the goal to plan for, -1 */
    int aside_node;      /* place reserved (park_used) while it steps aside with its task, -1 */
    uint64_t force_ev;   /* pending forced-pass check, at force_t <= force_due */
    double force_t, force_due;
    int corr, cdir;      /* corridor zone held (-1) and its direction (mdl_agv_zone.c) */
    int claim;           /* node zone held ahead as the corridor's exit, -1 */
    double pass_since;   /* waiting at a passing place (for a corridor) since, NaN: not */
    bool at_passing;     /* the zone it is about to wait for is a corridor's (or its exit's) */
} tr_vehicle_traffic;

/* The vehicle's own KPIs since warm-up (the fleet's are their sums and
 * the lowest bmin, except collisions: a contact of two vehicles is one
 * for their fleet and one for each vehicle). */
typedef struct tr_vehicle_stats {
    uint64_t trips, delivered, charges, collisions, near_misses, safety;
    double distance, e_drive, e_idle, bmin;
    double pass_wait;    /* seconds waiting at a passing place (part of the traffic state) */
} tr_vehicle_stats;

/* A vehicle's body in the physics backend (mdl_agv_physics.c only). */
typedef struct tr_vehicle_physics {
    void *body, *shape;  /* its chipmunk body and shape */
    double speed;        /* speed now */
    double progress;     /* along the current arc */
    bool near;           /* inside the near-miss gap (counts rising edges) */
} tr_vehicle_physics;

/* The order of the parts is the order a node pass reads them (issue 21:
 * at 200 vehicles every vehicle's record is cold when its event comes):
 * the head, motion, battery, stats and traffic in the first five cache
 * lines, then the ledger (a stretch's start and end), the task, and what
 * a pass never reads. */
typedef struct tr_vehicle {
    int index, fleet;
    const mdl_fleet_spec *spec;
    int node;            /* standing: where; moving: the last node passed */
    bool down;           /* broken or under maintenance: takes no task, does not start a stretch */
    bool off;            /* off shift (the fleet's calendar): takes no task; free, it parks (mdl_agv_shift.c) */
    bool paused;         /* its loading / unloading waits for the end of the stop (paused_left to go) */
    uint8_t mt_seen;     /* the engine's state last recorded */
    tr_vehicle_motion motion;
    tr_vehicle_battery battery;
    tr_vehicle_stats stats;
    tr_vehicle_traffic traffic;
    tr_ledger led;
    tr_vehicle_task task;
    sim_rng rng;
    tr_vehicle_physics physics;
    /* Failure modes and maintenance (mdl_maint_vehicle.c); mt NULL: none. */
    struct mt_server *mt;
    double paused_left;
} tr_vehicle;

typedef struct tr_robot_req {
    int station, server_gid;
    bool load;
    double t;
} tr_robot_req;

typedef struct tr_robot {
    int index;
    const mdl_robot_spec *spec;
    tr_robot_req *q;
    int qhead, qlen, qcap;
    int at;              /* station it is at */
    int cur;             /* serving q[qhead]: 1 moving, 2 working, 0 none */
    double remaining, end, total;
    uint64_t ev, fail_ev;
    bool down;
    bool off;            /* off shift (its calendar): starts no task (ends the one in hand) */
    struct mt_server *mt; /* failure modes and maintenance (mdl_maint_res.c); NULL: mtbf/mttr only */
    uint8_t mt_seen;     /* the engine's state last recorded */
    struct tr_run *tr;
    tr_ledger led;
    sim_rng rng, fail_rng;
    uint64_t tasks, failures;
    sim_tally wait;
} tr_robot;

typedef struct tr_conveyor {
    int index;
    const mdl_conveyor_spec *spec;
    uint32_t *u;         /* units, front first */
    double *b;           /* belt odometer at entry (non-accumulating) or entry time (accumulating) */
    int *to;             /* destination station per unit */
    double *entered;     /* entry time */
    int head, len, cap;
    double odo, odo_t;   /* non-accumulating: belt odometer at time odo_t */
    bool stopped;        /* the front unit waits at the end */
    bool granted;        /* the front unit's room is reserved */
    uint64_t end_ev, free_ev;
    int *wait;           /* blocked server gids at the entry */
    int nwait, capwait;
    bool serving;        /* a waiting server is being let on: skip the FIFO check */
    sim_timeavg occ, stop;
    sim_tally transit;
    uint64_t units;
} tr_conveyor;

#define TR_KNOTS_LATER 4 /* knots put off while one is taken apart (tr_run.knot_later) */
#define TR_PLAN_ALSO 4   /* nodes a way round a knot keeps off besides the one waited for (tr_run.plan_also) */

struct tr_run {
    mdl_run *r;
    sim_world *w;
    const mdl_model *m;
    const struct tr_model *model;
    uint64_t master;
    double win_start;
    int nst;
    /* per (product, station): kind and which */
    uint8_t *kind;
    int *which;
    int *tender;         /* per station: robot index or -1 */
    tr_outpoint *out;    /* per station */
    /* network */
    int nn, na;
    tr_arc *arcs;
    int *adj, *adj_start; /* CSR: arcs leaving node i are adj[adj_start[i] .. adj_start[i+1]) */
    tr_zone *zones;      /* nn node zones, then ne edge zones */
    tr_zone_waiters *zone_wait; /* per zone: its waiting list (mdl_agv_zone.c) */
    bool *lane;          /* per node: inside a two-way single lane (mdl_agv_zone.c) */
    uint8_t *hold_ok;    /* per node: vehicles waiting on it, even filling it, block no one passing:
                          * 1 a dead end (idle ones too), 2 a link of a one-way chain (those behind
                          * queue; not for idle ones) (mdl_agv_zone.c) */
    uint8_t *gate;       /* per node: TR_GATE a cut node, the only way into and out of the parts it joins;
                          * TR_POCKET one counting one-way edges too (a spur off a one-way loop);
                          * TR_SERVED a station's, dock's or AS/RS's node (mdl_agv_zone.c) */
    int *aside_q, *aside_seen; /* per node: the search for a place aside (tr_agv_aside), marks by aside_epoch */
    int aside_epoch;
    bool swap_busy;      /* a swap is being taken apart (mdl_agv_traffic.c, swap_out): no second one inside it */
    int knot_later[TR_KNOTS_LATER]; /* the vehicles whose waits closed a knot while one was taken apart (nknot_later of them):
                          * looked at once that is done (mdl_agv_traffic.c, detect) */
    int nknot_later;
    bool knot_again;     /* that look is under way: a knot closed in it is not put off again */
    int knot_moved;      /* 1 + the vehicle the first knot sent another way round: not sent another way again in that look; 0 none */
    int plan_also[TR_PLAN_ALSO]; /* node zones tr_agv_plan keeps off besides its `avoid` (nplan_also of them;
                          * mdl_agv_untangle.c, swap_reroute) */
    int nplan_also;
    int *corr_node;      /* per node: its corridor, -1 */
    int *corr_dead;      /* per corridor: the dead end it leads to (one end a node of one neighbour), -1 (mdl_agv_zone.c) */
    int *arc_corr;       /* per arc: the corridor it runs in, into or out of, -1 */
    int *arc_cdir;       /* per arc: +1 / -1, its direction in that corridor */
    int ncorr;           /* corridors: zones nn + nedges + c */
    tr_stand *stand;     /* per node: the vehicles standing on it */
    tr_stand *corr_hold; /* per corridor: the vehicles holding it */
    int *park_places;    /* per node: places to stand idle or in the charger line (mdl_agv_zone.c) */
    tr_smemo *smemo;     /* kinematic stretches of 2..TR_SMEMO_K arcs: times on their arcs */
    bool smemo_direct;   /* one entry per first arc and length (else TR_SMEMO_N, hashed) */
    tr_rest *rest;       /* per arc: its time from rest to rest */
    int *park_used, *slots_used;
    int ncharging;       /* charging nodes: charging[0 .. ncharging), in node order */
    int *charging;
    int nparking;        /* parking nodes: parking[0 .. nparking), in node order */
    int *parking;
    int *charger_wait;   /* vehicles waiting for any charger, FIFO */
    int ncharger_wait, capcharger_wait;
    /* fleets */
    tr_fleet *fleets;
    int nfleets;
    tr_vehicle *veh;
    int nveh;
    int nveh_on;         /* of them in the traffic: not held (a fleet larger than its layout holds, mdl_agv.c) */
    tr_req *reqs;
    int nreqs_cap, req_free;
    struct tr_phys *phys; /* NULL when no fleet uses physics */
    struct tr_idle *idle; /* the available vehicles by fleet and node (mdl_agv_idle.c) */
    bool *scratch;       /* nveh flags for deadlock detection */
    int *wlist;          /* nveh + 1: the waiting vehicles, for deadlock detection */
    int *wake;           /* zone_wake's stack of waiter lists */
    struct tr_plan_scratch *plan; /* the search that keeps out of a zone (mdl_agv_index.c) */
    int wake_top, wake_cap;
    uint32_t episodes;   /* deadlocks opened so far in the run, warm-up included: the last episode's id */
    /* The vehicles' own events (a kinematic node pass, the end of handling
     * or charging): each vehicle's next one's time (+inf: none) in a
     * tournament tree (node i: the earliest of its subtree, ties to the
     * lower vehicle; leaves own_n + vehicle, root 1); the root's time,
     * own_next, is the world's event source. */
    uint64_t *own_key;   /* 2 x own_n: the times' bits */
    int *own_who;        /* 2 x own_n */
    int own_n;           /* leaves: nveh rounded up to a power of two */
    int own_running;     /* on_vehicle: the vehicle whose event runs, until it has a next one; -1 */
    double own_next;
    tr_robot *robots;
    int nrobots;
    tr_conveyor *convs;
    int nconvs;
    struct tr_asrs *asrs; /* mdl_asrs.c */
    int nasrs;
    struct tr_net *net;   /* merges and diverters (mdl_conveyor_net.c), NULL when none */
    /* Places (mdl_dock.c): where transport picks up and drops. Stations
     * are places 0 .. nst - 1, docks nst .. nplaces - 1; kind and which
     * are per (product, place), out per place. */
    struct tr_dock *docks;
    int ndocks, nplaces;
};

static inline double tr_now(const tr_run *tr) { return sim_world_now(tr->w); }
_Noreturn void mdl__transport_oom(const tr_run *tr);
/* Model side (mdl_transport_model.c): the model's transport part, made on
 * first use (NULL when out of memory); a duration law's check for "WHAT
 * 'ID': FIELD: ..." messages. */
struct tr_model *mdl__transport_model_mut(mdl_model *m);
bool tr_check_dur(mdl_model *m, const char *what, const char *id, const char *field, const sim_dist *d);
bool tr_push_int(const tr_run *tr, int **a, int *n, int *cap, int v);
void tr_remove_int(int *a, int *n, int at);
void tr_insert_int(const tr_run *tr, int **a, int *n, int *cap, int at, int v);
/* The free slot at the tail of a ring of n elements of `elem` bytes from
 * (*a)[*head]; a full ring first moves, in order, into an array twice the
 * size with its head at 0. Out of memory fails the run. */
void *tr_ring_tail(const tr_run *tr, void **a, int *head, int n, int *cap, size_t elem);

/* mdl_agv.c */
bool tr_agv_init(tr_run *tr);
void tr_agv_free(tr_run *tr);
bool tr_agv_offer(tr_run *tr, int server_gid, uint32_t unit, int fleet, int from, int to);
void tr_agv_poke(tr_run *tr, int station);
void tr_agv_granted(tr_run *tr, int vehicle);
/* mdl_agv_task.c: room at request req's destination is reserved (TR_TOKEN_REQ). */
void tr_agv_req_granted(tr_run *tr, int req);
void tr_agv_warmup(tr_run *tr, double now);
double tr_agv_result(const tr_run *tr, double now, mdl_rep_result *out);
void tr_vehicle_position(const tr_run *tr, const tr_vehicle *v, double now, mdl_vehicle_view *out);
double tr_battery_now(const tr_vehicle *v, double now);
/* Called by the physics stepper. */
void tr_agv_pass(tr_run *tr, tr_vehicle *v);      /* reached path[ppos + 1] */
void tr_agv_safety(tr_run *tr, tr_vehicle *v, int other); /* a safety event (mdl_agv_traffic.c) */
void tr_agv_stretch_speeds(const tr_run *tr, tr_vehicle *v);
double tr_arc_vmax(const tr_run *tr, const tr_vehicle *v, int arc);
bool tr_agv_set_speed(tr_run *tr, int fleet, double factor);

/* mdl_agv_layout.c: the traffic part of the layout check (mdl_layout.c) */
typedef void tr_layout_report_fn(void *c, int line, const char *subject, const char *message);
void tr_layout_traffic(const struct mdl_model *m, const struct tr_model *tm, tr_layout_report_fn *fn, void *c);
/* The vehicles of each fleet the run puts on the network (on[f]): with
 * avoidance no more than its layout holds, the rest kept out of the
 * traffic. false: out of memory. */
bool tr_layout_fleet_on(const struct mdl_model *m, const struct tr_model *tm, int *on);
/* mdl_asrs_model.c: an AS/RS's node no fleet uses (the layout check) */
void tr_asrs_layout_check(const struct mdl_model *m, tr_layout_report_fn *fn, void *c);

/* mdl_agv_physics.c */
bool tr_phys_init(tr_run *tr);
void tr_phys_free(tr_run *tr);
void tr_phys_start(tr_run *tr, tr_vehicle *v);     /* a stretch begins */
void tr_phys_place(tr_run *tr, tr_vehicle *v);     /* body onto its node */
void tr_phys_view(const tr_run *tr, const tr_vehicle *v, mdl_vehicle_view *o);
void *mdl__cp_space_new(void);                      /* cpSpaceNew (see mdl_physics_warm_up) */

/* mdl_robot.c */
bool tr_robot_init(tr_run *tr);
void tr_robot_free(tr_run *tr);
void tr_robot_request(tr_run *tr, int robot, int station, int server_gid, bool load);
/* Calendar cal turned on or off: robots (mdl_robot.c) and vehicles
 * (mdl_agv_shift.c) that follow it. */
void tr_robot_shift(tr_run *tr, int cal, bool on);
void tr_agv_shift(tr_run *tr, int cal, bool on);
void tr_robot_warmup(tr_run *tr, double now);
double tr_robot_result(const tr_run *tr, double now, mdl_rep_result *out);
/* A robot stops (a failure, a maintenance: the task in hand is pre-empted)
 * or works again (mdl_robot.c). */
void tr_robot_stop(tr_run *tr, tr_robot *b, bool stop);
/* Failure modes and maintenance of robots (mdl_maint_res.c): set up the
 * engine (false: out of memory), tell it what the robot does (from its
 * state refresh), a load or unload done (cycles), the warm-up, the KPIs
 * (acc: the robot's ledger sums, o: its row of mdl_rkpi). */
bool tr_maint_robot_init(tr_run *tr, tr_robot *b);
void tr_maint_robot_free(tr_robot *b);
void tr_maint_robot_sync(tr_robot *b);
void tr_maint_robot_cycle(tr_robot *b);
void tr_maint_robot_warmup(tr_robot *b);
void tr_maint_robot_result(const tr_robot *b, const double *acc, double *o);
bool tr_maint_robot_maint(const tr_robot *b); /* under planned maintenance (not broken) */

/* Failure modes and maintenance of vehicles (mdl_maint_vehicle.c): set up
 * the engines (false: out of memory), tell one what its vehicle does (from
 * tr_agv_refresh), a trip done (cycles), the warm-up, the KPIs (acc: the
 * vehicle's ledger sums; o: its row of mdl_fkpi), a fleet's (acc: its
 * vehicles' summed ledgers). tr_maint_vehicle_handle starts a loading or
 * unloading of dur seconds, or keeps it for the end of the stop. */
bool tr_maint_vehicle_init(tr_run *tr);
void tr_maint_vehicle_free(tr_run *tr);
int tr_maint_vehicle_state(tr_run *tr, tr_vehicle *v, int st); /* syncs; the ledger state (st when up) */
void tr_maint_vehicle_cycle(tr_run *tr, tr_vehicle *v);
bool tr_maint_any_down(const tr_run *tr); /* a vehicle of the run is stopped (the traffic watchdog waits) */
void tr_agv_free_vehicle(tr_run *tr, tr_vehicle *v); /* mdl_agv_task.c: a vehicle is free: next request or park */
/* mdl_agv_task.c: the fleet's requests no vehicle has taken, to the available vehicles (in order of arrival). */
void tr_agv_dispatch_waiting(tr_run *tr, const struct tr_fleet *f);
void tr_maint_vehicle_warmup(tr_run *tr);
void tr_maint_vehicle_result(const tr_vehicle *v, const double *acc, double *o);
void tr_maint_fleet_result(const tr_run *tr, const tr_fleet *f, const double *acc, double *o);
void tr_maint_vehicle_handle(tr_run *tr, tr_vehicle *v, double dur);

/* mdl_conveyor.c */
bool tr_conv_init(tr_run *tr);
void tr_conv_free(tr_run *tr);
bool tr_conv_offer(tr_run *tr, int server_gid, uint32_t unit, int conv, int to);
void tr_conv_poke(tr_run *tr, int conv);
void tr_conv_granted(tr_run *tr, int conv);
void tr_conv_warmup(tr_run *tr, double now);
double tr_conv_result(const tr_run *tr, double now, mdl_rep_result *out);
double tr_conv_pos(const tr_run *tr, const tr_conveyor *c, int i, double now);

/* mdl_agv_tables.c: the model's routing tables (made with it, dropped
 * when its material handling changes, freed with it) */
struct tr_tables *tr_tables_new(void);
void tr_tables_reset(struct tr_tables *c);
void tr_tables_free(struct tr_tables *c);
void tr_tables_counts(struct tr_tables *c, int *tables, int *rows);

/* mdl_asrs.c */
void tr_asrs_model_free(struct tr_model *tm);
/* mdl_asrs_ends_model.c: route ends at an AS/RS (a product's `from`, `to`, `dwell`) */
void tr_asrs_ends_model_free(struct tr_model *tm);
bool tr_asrs_ends_validate(mdl_model *m);

/* mdl_dock_model.c, mdl_dock.c: route ends and places. A place is a
 * station (p < nst) or a dock (nst + dock): its node, the room reserved
 * there for a delivery (a station's buffer, a shipping dock's doors; false:
 * token waits until mdl__transport_granted), the delivery (the record
 * stream's `moved`, then the station's buffer or, at a shipping dock, the
 * unit is finished), and what dispatching by starvation counts there. */
void tr_dock_model_free(struct tr_model *tm);
bool tr_dock_model_validate(mdl_model *m);
bool tr_dock_init(tr_run *tr);
void tr_dock_free(tr_run *tr);
void tr_dock_warmup(tr_run *tr, double now);
void tr_dock_result(const tr_run *tr, double now, mdl_rep_result *out);
int tr_place_node(const tr_run *tr, int place);
bool tr_place_reserve(tr_run *tr, int place, uint32_t token);
/* Room at place is reserved before the pick-up (stations, AS/RS), not when unloading begins (docks). */
bool tr_place_allocated(const tr_run *tr, int place);
void tr_place_deliver(tr_run *tr, int place, uint32_t unit, mdl_resource_kind rk, int resource, int from);
long tr_place_content(const tr_run *tr, int place);
/* A vehicle loaded units off place's out-point (an AS/RS may retrieve the next). */
void tr_place_picked(tr_run *tr, int place);
/* A server (gid) or a receiving dock (TR_TOKEN_DOCK | dock) waiting for an
 * entry (out-point, belt) may move: false when it cannot now. */
bool tr_entry_retry(tr_run *tr, int gid);
/* Units of the dock at `place` leave it (loaded by a vehicle) after waiting since t0. */
void tr_dock_left(tr_run *tr, int place, double t0);
/* The viewer (mdl_held_view.c): units in a receiving dock's line (leaving
 * by belt or directly), and the k-th of them (k < the length). */
int tr_dock_line_len(const tr_run *tr, int dock);
uint32_t tr_dock_line_unit(const tr_run *tr, int dock, int k);
void tr_dock_granted(tr_run *tr, int dock);
bool tr_asrs_init(tr_run *tr);
void tr_asrs_free(tr_run *tr);
bool tr_asrs_offer(tr_run *tr, int server_gid, uint32_t unit, int asrs, int from, int to);
/* Route ends (mdl_asrs.c): a unit released at AS/RS asrs (its `from`), bound for station first. */
void tr_asrs_receive(tr_run *tr, int asrs, uint32_t unit, int first);
/* An AS/RS served by fleets as a place (mdl_dock.c): its node, room on its
 * input point, a unit put there, a vehicle loaded units off its output point. */
int tr_asrs_node(const tr_run *tr, int asrs);
/* Units on its input point (room reserved there too) and in line for it (dispatching by starvation). */
long tr_asrs_content(const tr_run *tr, int asrs);
bool tr_asrs_reserve(tr_run *tr, int asrs, uint32_t token);
void tr_asrs_deliver(tr_run *tr, int asrs, uint32_t unit);
void tr_asrs_picked(tr_run *tr, int asrs);
bool tr_asrs_model_validate(mdl_model *m);
/* mdl_conveyor_net_model.c: the belt ends plainly (at a station, a dock or an AS/RS; no junction). */
bool tr_net_plain_end(const mdl_model *m, int belt);
/* mdl_asrs.c: an AS/RS waiting for a belt's entry with a retrieved unit (TR_TOKEN_ASRS | asrs) moves it. */
bool tr_asrs_entry_retry(tr_run *tr, int asrs);
void tr_asrs_poke(tr_run *tr, int asrs);
void tr_asrs_granted(tr_run *tr, uint32_t token);
uint32_t tr_asrs_token_unit(const tr_run *tr, uint32_t token);
void tr_asrs_warmup(tr_run *tr, double now);
double tr_asrs_result(const tr_run *tr, double now, mdl_rep_result *out);
double tr_asrs_power_now(const tr_run *tr);
void tr_asrs_shift(tr_run *tr, int cal, bool on);

#endif
