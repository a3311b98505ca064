/*
 * mdl_asrs_internal.h - an AS/RS in a run (mdl_asrs.c), shared with the
 * failure modes of its cranes (mdl_maint_crane.c).
 */
#ifndef MDL_ASRS_INTERNAL_H
#define MDL_ASRS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_asrs.h"
#include "mdl_transport_internal.h"
#include "sim_ledger.h"
#include "sim_rng.h"
#include "sim_stats.h"

enum { CELL_OPEN = 0, CELL_COMING, CELL_STORED, CELL_LEAVING };
enum { ACT_NONE = 0, ACT_PICK_INPUT, ACT_DEPOSIT, ACT_PICK_CELL, ACT_DROP };

typedef struct asrs_req {
    uint32_t unit;
    int to, cell;
    double t;
} asrs_req;

typedef struct asrs_ring {
    asrs_req *a;
    int head, n, cap;
} asrs_ring;

typedef struct asrs_step {
    double dt;
    int state, act;
    double x, y; /* where the crane is at the step's end */
} asrs_step;

/* What a cell of an aisle holds. */
typedef struct asrs_cell {
    uint32_t unit;     /* stored, or coming, or leaving */
    signed char state; /* CELL_* */
    double t;          /* when it was stored */
} asrs_cell;

typedef struct tr_aisle {
    int index;
    asrs_cell *cell;
    int *open, *open_pos; /* open cells, grouped by class: class k at [kstart[k], kstart[k] + kopen[k]) */
    int kstart[MDL_ASRS_MAX_CLASSES], kopen[MDL_ASRS_MAX_CLASSES];
    int stored, committed; /* units in the racks; + promised to it (queued or being stored) */
    asrs_ring sq, rq;      /* stores and retrievals waiting for the crane */
    /* the crane */
    sim_ledger led;
    sim_rng rng;
    uint64_t ev;
    bool busy, dual, loaded;
    asrs_step steps[8];
    int nsteps, step;
    asrs_req st, rt; /* the cycle's store and retrieval */
    double cyc_start, leg_t0, leg_t1, x0, y0, x1, y1;
    /* failure modes and maintenance (mdl_maint_crane.c; NULL: none) */
    struct mt_server *mt;
    uint8_t mt_seen; /* the engine's state last recorded */
    bool down;       /* stopped by the engine (a failure or a maintenance) */
    bool paused;     /* the step in hand waits for the end of the stop */
    double left;     /* paused: the step's time left */
} tr_aisle;

typedef struct asrs_list {
    int *a; /* aisle * cells + cell, in order of storing */
    int n, cap;
} asrs_list;

struct tr_asrs {
    int index;
    int first_crane; /* its aisle 0's crane among all the AS/RS' cranes (crew slots) */
    const mdl_asrs_spec *spec;
    tr_run *tr;
    int ncells; /* per aisle */
    double *cx, *cy;
    int *cls;   /* class of each cell */
    int nk;     /* classes: the spec's for CLASS, else 1 */
    int cal;    /* the line's calendar, -1: none */
    bool off;   /* it is off: no cycle starts */
    tr_aisle *aisle;
    int input;  /* units on the input point */
    int *wait;  /* blocked servers, FIFO (fed by a fleet: the vehicles' tokens) */
    int nwait, capwait;
    /* Served by fleets (spec feed / deliver): the AS/RS is place `place`
     * (mdl_dock.c); input-point room reserved for vehicles on their way
     * in, the units on their way in with their next station, and the
     * retrievals under way to the output point. */
    int place;
    int reserved;
    int *in;        /* pairs (unit, next station) */
    int nin, capin; /* ints in it */
    int retrieving;
    int *out;         /* delivering by belt: the output point's line, pairs (unit, next station) */
    int nout, capout; /* ints in it */
    bool sending;     /* send_out runs: a retry must not start it again */
    bool serving;
    asrs_list *bydest; /* stored units per destination station */
    bool *pending;     /* per destination: a reservation is asked for */
    uint64_t *turnover; /* per product: units stored */
    sim_tally cyc, sc, dc, rwait, swait;
    uint64_t stores, retrievals;
    sim_timeavg stored_avg;
    /* Route ends (mdl_asrs_ends.c): units released here from outside that
     * wait for the input point (pairs unit, first station; each has an
     * ASRS_EXT in `wait`), the finished goods in the racks and their
     * retrievals for shipping, the dwell draws (a stream per product). */
    int *ext;
    int next, capext; /* ints in it */
    int fg_now, fg_max;
    sim_timeavg fg_avg;
    uint64_t shipped;
    sim_rng *dwell_rng;
};

/* In an AS/RS's `wait`: the head of its line of units from outside. */
#define ASRS_EXT (-1)

typedef struct tr_asrs tr_asrs;

/* mdl_asrs.c: the crane's ledger state now (what it does, or down /
 * maintenance), and the step in hand scheduled again. */
void tr_crane_ledger(tr_asrs *a, tr_aisle *ai, int st);
void tr_crane_step_event(tr_asrs *a, tr_aisle *ai, double dt);
void tr_crane_dispatch(tr_asrs *a, tr_aisle *ai);

/* mdl_asrs.c: cell c of aisle ai is retrieved for dest (a station, or
 * tr->nst: shipping) - its request queued at the crane. */
void tr_asrs_retrieve_cell(tr_asrs *a, tr_aisle *ai, int c, int dest);

/* mdl_asrs.c, for the initial stock (mdl_asrs_stock.c): a unit put in a
 * cell of aisle ai at time 0, bound for station `to`; then the retrievals
 * for `to` asked for. */
void tr_asrs_stock_place(tr_asrs *a, tr_aisle *ai, uint32_t unit, int to);
void tr_asrs_stock_pull(tr_asrs *a, int to);

/* mdl_asrs_ends.c: finished goods (dest tr->nst) - set-up, the unit in
 * cell c stored (finished; its retrieval for shipping timed), picked from
 * its cell, warm-up and KPIs. */
bool tr_asrs_ends_init(tr_asrs *a);
void tr_asrs_ends_free(tr_asrs *a);
void tr_asrs_fg_stored(tr_asrs *a, tr_aisle *ai, int c);
void tr_asrs_fg_picked(tr_asrs *a);
void tr_asrs_ends_warmup(tr_asrs *a, double now);
void tr_asrs_ends_result(const tr_asrs *a, double now, double *o);

/* mdl_maint_crane.c */
bool tr_maint_crane_init(tr_asrs *a, tr_aisle *ai);
void tr_maint_crane_free(tr_aisle *ai);
void tr_maint_crane_warmup(tr_aisle *ai);
void tr_maint_crane_shift(tr_aisle *ai, bool off);
int tr_maint_crane_state(tr_asrs *a, tr_aisle *ai, int st);
void tr_maint_crane_cycle(tr_asrs *a, tr_aisle *ai);
void tr_maint_crane_result(const tr_asrs *a, const double *acc, double *o);
void tr_maint_crane_crew_arrived(tr_run *tr, int crane, double dur);

#endif
