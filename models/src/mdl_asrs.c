/*
 * mdl_asrs.c - automated storage and retrieval systems in a run: the input
 * point, the racks, the stacker cranes and their cycles, retrieval by
 * destination, KPIs and the viewer's accessor (mdl_asrs.h). The model side
 * (adding and checking an AS/RS) is mdl_asrs_model.c.
 *
 * A crane's cycle is a short list of steps (handling at the I/O point or a
 * cell, a move), one kernel event each; what a step does to the racks
 * (the unit leaves the input point, is deposited, is picked from its cell,
 * is delivered) happens at the step's end. Stored units ask for room at
 * their next station (mdl__run_reserve) one at a time per destination; a
 * grant starts that unit's retrieval.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_asrs_internal.h"
#include "mdl_transport_internal.h"
#include "mdl_kpi_at.h"


/* ---- queues ------------------------------------------------------------------ */

static void ring_push(const tr_run *tr, asrs_ring *q, asrs_req v) {
    *(asrs_req *)tr_ring_tail(tr, (void **)&q->a, &q->head, q->n, &q->cap, sizeof *q->a) = v;
    q->n++;
}

static asrs_req ring_pop(asrs_ring *q) {
    asrs_req v = q->a[q->head];
    q->head = (q->head + 1) % q->cap;
    q->n--;
    return v;
}

/* ---- cells ------------------------------------------------------------------- */

static void open_add(const tr_asrs *a, tr_aisle *ai, int c) {
    int k = a->cls[c], at = ai->kstart[k] + ai->kopen[k]++;
    ai->open[at] = c;
    ai->open_pos[c] = at;
    ai->cell[c].state = CELL_OPEN;
}

static void open_remove(const tr_asrs *a, tr_aisle *ai, int c) {
    int k = a->cls[c], at = ai->open_pos[c], last = ai->kstart[k] + --ai->kopen[k];
    ai->open[at] = ai->open[last];
    ai->open_pos[ai->open[at]] = at;
    ai->open_pos[c] = -1;
}

/* The class of a product: products ranked by units stored so far (ties to
 * the lower index), split evenly into the classes. */
static int product_class(const tr_asrs *a, int product) {
    int np = mdl_model_product_count(a->tr->m), rank = 0;
    uint64_t mine = a->turnover[product];
    for (int p = 0; p < np; p++)
        if (a->turnover[p] > mine || (a->turnover[p] == mine && p < product)) rank++;
    int k = (int)((long)rank * a->nk / (np > 0 ? np : 1));
    return k < a->nk ? k : a->nk - 1;
}

/* The cell a store goes to (the aisle has an open cell). */
static int choose_cell(tr_asrs *a, tr_aisle *ai, int product) {
    const mdl_asrs_spec *s = a->spec;
    if (s->assign == MDL_ASRS_CLOSEST) {
        int best = -1;
        for (int c = 0; c < a->ncells; c++) /* cells are numbered by travel time (tr_asrs_init) */
            if (ai->cell[c].state == CELL_OPEN) {
                best = c;
                break;
            }
        return best;
    }
    int k0 = a->nk > 1 ? product_class(a, product) : 0;
    int order[MDL_ASRS_MAX_CLASSES], n = 0;
    for (int k = k0; k < a->nk; k++) order[n++] = k;
    for (int k = k0 - 1; k >= 0; k--) order[n++] = k;
    for (int i = 0; i < n; i++) {
        int k = order[i];
        if (ai->kopen[k] > 0)
            return ai->open[ai->kstart[k] + (int)sim_rng_below(&ai->rng, (uint64_t)ai->kopen[k])];
    }
    return -1;
}

/* ---- the crane ----------------------------------------------------------------- */

static void crane_dispatch(tr_asrs *a, tr_aisle *ai);
static void serve_wait(tr_asrs *a);
static void pull(tr_asrs *a, int dest);
static void pull_out(tr_asrs *a);
static void send_out(tr_asrs *a);

static double handling(tr_asrs *a, tr_aisle *ai) {
    double h = sim_dist_sample(&a->spec->handling, &ai->rng);
    h = mdl__run_checked(a->tr->r, h, "asrs", a->spec->id, "handling");
    return h > 0.0 ? h : 0.0;
}

static void add_step(tr_aisle *ai, double dt, int state, int act, double x, double y) {
    ai->steps[ai->nsteps++] = (asrs_step){dt, state, act, x, y};
}

static void add_move(const tr_asrs *a, tr_aisle *ai, double x, double y) {
    const asrs_step *prev = ai->nsteps ? &ai->steps[ai->nsteps - 1] : NULL;
    double px = prev ? prev->x : 0.0, py = prev ? prev->y : 0.0;
    add_step(ai, mdl_asrs_travel_time(a->spec, fabs(x - px), fabs(y - py)), MDL_CRANE_MOVING, ACT_NONE, x, y);
}

static void step_start(tr_asrs *a, tr_aisle *ai) {
    const asrs_step *s = &ai->steps[ai->step];
    double now = tr_now(a->tr);
    tr_crane_ledger(a, ai, s->state);
    ai->x0 = ai->x1;
    ai->y0 = ai->y1;
    ai->x1 = s->x;
    ai->y1 = s->y;
    ai->leg_t0 = now;
    ai->leg_t1 = now + s->dt;
}

static void on_step(sim_world *w, void *subject, void *object);

void tr_crane_step_event(tr_asrs *a, tr_aisle *ai, double dt) {
    ai->ev = sim_event_after(a->tr->w, dt, 0, on_step, a, ai);
}

/* The ledger's state st, or down / maintenance while the engine stops the crane. */
void tr_crane_ledger(tr_asrs *a, tr_aisle *ai, int st) {
    if (ai->mt) st = tr_maint_crane_state(a, ai, st); /* maintenance hook */
    sim_ledger_set(&ai->led, tr_now(a->tr), st);
}

static void schedule_step(tr_asrs *a, tr_aisle *ai) {
    step_start(a, ai);
    if (ai->down) { /* a maintenance due at the end of the cycle began: the step waits */
        ai->paused = true;
        ai->left = ai->steps[ai->step].dt;
        return;
    }
    tr_crane_step_event(a, ai, ai->steps[ai->step].dt);
}

static void store_steps(tr_asrs *a, tr_aisle *ai) {
    int product = mdl__run_unit_product(a->tr->r, ai->st.unit);
    int c = choose_cell(a, ai, product);
    a->turnover[product]++;
    open_remove(a, ai, c);
    ai->cell[c].state = CELL_COMING;
    ai->st.cell = c;
    add_step(ai, handling(a, ai), MDL_CRANE_HANDLING, ACT_PICK_INPUT, 0.0, 0.0);
    add_move(a, ai, a->cx[c], a->cy[c]);
    add_step(ai, handling(a, ai), MDL_CRANE_HANDLING, ACT_DEPOSIT, a->cx[c], a->cy[c]);
}

static void retrieve_steps(tr_asrs *a, tr_aisle *ai) {
    int c = ai->rt.cell;
    add_move(a, ai, a->cx[c], a->cy[c]);
    add_step(ai, handling(a, ai), MDL_CRANE_HANDLING, ACT_PICK_CELL, a->cx[c], a->cy[c]);
}

/* An idle crane starts its next cycle: retrievals before stores; both
 * waiting and dual command: one dual cycle. */
static void crane_dispatch(tr_asrs *a, tr_aisle *ai) {
    if (ai->busy || ai->down || a->off || (ai->sq.n == 0 && ai->rq.n == 0)) return;
    bool store = ai->sq.n > 0, retrieve = ai->rq.n > 0;
    if (retrieve && store && !a->spec->dual_command) store = false;
    ai->busy = true;
    ai->dual = store && retrieve;
    ai->nsteps = ai->step = 0;
    ai->cyc_start = tr_now(a->tr);
    if (store) {
        ai->st = ring_pop(&ai->sq);
        store_steps(a, ai);
    }
    if (retrieve) {
        ai->rt = ring_pop(&ai->rq);
        retrieve_steps(a, ai);
    }
    add_move(a, ai, 0.0, 0.0);
    if (retrieve) add_step(ai, handling(a, ai), MDL_CRANE_HANDLING, ACT_DROP, 0.0, 0.0);
    schedule_step(a, ai);
}

static void act_deposit(tr_asrs *a, tr_aisle *ai) {
    double now = tr_now(a->tr);
    int c = ai->st.cell;
    ai->cell[c] = (asrs_cell){ai->st.unit, CELL_STORED, now};
    ai->stored++;
    ai->loaded = false;
    a->stores++;
    sim_timeavg_add(&a->stored_avg, now, 1.0);
    if (ai->st.to == a->tr->nst) { /* route ends: finished goods */
        tr_asrs_fg_stored(a, ai, c);
        return;
    }
    asrs_list *l = &a->bydest[ai->st.to];
    tr_push_int(a->tr, &l->a, &l->n, &l->cap, ai->index * a->ncells + c);
    pull(a, ai->st.to);
}

/* ---- initial stock (mdl_asrs_stock.c) ---- */

/* A unit in the racks at time 0, bound for station `to`: put in aisle ai
 * where a crane's store would put it (the storage assignment rule; it
 * counts for its product's turnover class), without a cycle, so not a
 * store of the KPIs; it is retrieved as any stored unit once
 * tr_asrs_stock_pull asks. */
void tr_asrs_stock_place(tr_asrs *a, tr_aisle *ai, uint32_t unit, int to) {
    double now = tr_now(a->tr);
    int product = mdl__run_unit_product(a->tr->r, unit), c = choose_cell(a, ai, product);
    a->turnover[product]++;
    open_remove(a, ai, c);
    ai->committed++;
    ai->cell[c] = (asrs_cell){unit, CELL_STORED, now};
    ai->stored++;
    sim_timeavg_add(&a->stored_avg, now, 1.0);
    asrs_list *l = &a->bydest[to];
    tr_push_int(a->tr, &l->a, &l->n, &l->cap, ai->index * a->ncells + c);
}

void tr_asrs_stock_pull(tr_asrs *a, int to) { pull(a, to); }

static void act_pick_cell(tr_asrs *a, tr_aisle *ai) {
    int c = ai->rt.cell;
    ai->stored--;
    ai->committed--;
    ai->loaded = true;
    open_add(a, ai, c);
    sim_timeavg_add(&a->stored_avg, tr_now(a->tr), -1.0);
    if (ai->rt.to == a->tr->nst) tr_asrs_fg_picked(a); /* route ends: finished goods */
    serve_wait(a);
}

static void act_drop(tr_asrs *a, tr_aisle *ai) {
    ai->loaded = false;
    a->retrievals++;
    sim_tally_add(&a->rwait, tr_now(a->tr) - ai->rt.t);
    if (ai->rt.to == a->tr->nst) { /* route ends: a finished unit shipped, it leaves at the output point */
        a->shipped++;
        return;
    }
    if (a->spec->deliver >= 0 || a->spec->deliver_conveyor >= 0) /* onto the output point: the crane's move */
        mdl__run_log_move(a->tr->r, ai->rt.unit, MDL_RES_CRANE, a->index, -1, -1);
    if (a->spec->deliver >= 0) { /* onto the output point: a request for the fleet */
        a->retrieving--;
        tr_agv_offer(a->tr, -1, ai->rt.unit, a->spec->deliver, a->place, ai->rt.to);
        return;
    }
    if (a->spec->deliver_conveyor >= 0) { /* onto the output point, in line for the belt */
        a->retrieving--;
        tr_push_int(a->tr, &a->out, &a->nout, &a->capout, (int)ai->rt.unit);
        tr_push_int(a->tr, &a->out, &a->nout, &a->capout, ai->rt.to);
        if (!a->sending) send_out(a);
        return;
    }
    tr_place_deliver(a->tr, ai->rt.to, ai->rt.unit, MDL_RES_CRANE, a->index, -1); /* (a place: mdl_dock.c) */
}

static void on_step(sim_world *w, void *subject, void *object) {
    (void)w;
    tr_asrs *a = subject;
    tr_aisle *ai = object;
    ai->ev = 0;
    switch (ai->steps[ai->step].act) {
    case ACT_PICK_INPUT:
        a->input--;
        ai->loaded = true;
        sim_tally_add(&a->swait, ai->cyc_start - ai->st.t);
        serve_wait(a);
        break;
    case ACT_DEPOSIT: act_deposit(a, ai); break;
    case ACT_PICK_CELL: act_pick_cell(a, ai); break;
    case ACT_DROP: act_drop(a, ai); break;
    default: break;
    }
    if (++ai->step < ai->nsteps) {
        schedule_step(a, ai);
        return;
    }
    double t = tr_now(a->tr) - ai->cyc_start;
    sim_tally_add(&a->cyc, t);
    sim_tally_add(ai->dual ? &a->dc : &a->sc, t);
    ai->busy = false;
    tr_crane_ledger(a, ai, a->off ? MDL_CRANE_OFF : MDL_CRANE_IDLE);
    if (ai->mt) tr_maint_crane_cycle(a, ai); /* maintenance hook: a cycle done (may stop the crane) */
    crane_dispatch(a, ai);
}

void tr_crane_dispatch(tr_asrs *a, tr_aisle *ai) { crane_dispatch(a, ai); }

/* ---- in and out ------------------------------------------------------------------ */

/* The aisle a new unit goes to: the fewest requests waiting among those
 * with an open cell not yet promised (ties: the lower aisle); -1: none. */
static int choose_aisle(const tr_asrs *a) {
    int best = -1, best_n = 0;
    for (int i = 0; i < a->spec->aisles; i++) {
        const tr_aisle *ai = &a->aisle[i];
        if (ai->committed >= a->ncells) continue;
        int n = ai->sq.n + ai->rq.n + (ai->busy ? 1 : 0);
        if (best < 0 || n < best_n) {
            best = i;
            best_n = n;
        }
    }
    return best;
}

/* Room on the input point and an open cell not yet promised, counting
 * the room reserved for vehicles on their way in. */
static bool has_room(const tr_asrs *a) {
    if (a->input >= a->spec->input_capacity) return false;
    if (a->reserved == 0) return choose_aisle(a) >= 0;
    long open = 0;
    for (int i = 0; i < a->spec->aisles; i++) open += a->ncells - a->aisle[i].committed;
    return open > a->reserved;
}

/* Units come by a fleet or a belt (else straight from the station). */
static bool fed(const tr_asrs *a) { return a->spec->feed >= 0 || a->spec->feed_conveyor >= 0; }

/* A unit put on the input point, bound for station to. */
static void put_input(tr_asrs *a, uint32_t unit, int to) {
    tr_aisle *ai = &a->aisle[choose_aisle(a)];
    a->input++;
    ai->committed++;
    ring_push(a->tr, &ai->sq, (asrs_req){unit, to, -1, tr_now(a->tr)});
    crane_dispatch(a, ai);
}

/* The head of the line of units from outside goes onto the input point. */
static void ext_next(tr_asrs *a) {
    uint32_t unit = (uint32_t)a->ext[0];
    int to = a->ext[1];
    tr_remove_int(a->ext, &a->next, 1);
    tr_remove_int(a->ext, &a->next, 0);
    put_input(a, unit, to);
}

static void serve_wait(tr_asrs *a) {
    int i = 0;
    while (fed(a) && a->nwait > 0 && has_room(a)) { /* vehicles or belts waiting, loaded, in order */
        uint32_t token = (uint32_t)a->wait[0];
        tr_remove_int(a->wait, &a->nwait, 0);
        if ((int)token == ASRS_EXT) {
            ext_next(a);
            continue;
        }
        a->input++;
        a->reserved++;
        mdl__transport_granted(a->tr, token);
    }
    while (!fed(a) && i < a->nwait && has_room(a)) {
        int gid = a->wait[i];
        tr_remove_int(a->wait, &a->nwait, i);
        if (gid == ASRS_EXT) {
            ext_next(a);
            continue;
        }
        a->serving = true;
        bool moved = mdl__run_entry_retry(a->tr->r, gid);
        a->serving = false;
        if (!moved) {
            tr_insert_int(a->tr, &a->wait, &a->nwait, &a->capwait, i, gid);
            i++;
        }
    }
}

/* Route ends: a unit released at the AS/RS from outside, bound for its
 * first station, goes onto the input point, or waits in line for it. */
void tr_asrs_receive(tr_run *tr, int i, uint32_t unit, int first) {
    tr_asrs *a = &tr->asrs[i];
    if (a->nwait == 0 && has_room(a)) {
        put_input(a, unit, first);
        return;
    }
    tr_push_int(tr, &a->ext, &a->next, &a->capext, (int)unit);
    tr_push_int(tr, &a->ext, &a->next, &a->capext, first);
    tr_push_int(tr, &a->wait, &a->nwait, &a->capwait, ASRS_EXT);
}

bool tr_asrs_offer(tr_run *tr, int server_gid, uint32_t unit, int ai_index, int from, int to) {
    tr_asrs *a = &tr->asrs[ai_index];
    if (to >= tr->nst) to = tr->nst; /* route ends: a finished unit stored */
    if (fed(a)) { /* to the station's out-point or the belt; the unit's next station kept till it arrives */
        bool on = a->spec->feed >= 0 ? tr_agv_offer(tr, server_gid, unit, a->spec->feed, from, a->place)
                                     : tr_conv_offer(tr, server_gid, unit, a->spec->feed_conveyor, a->place);
        if (!on) return false;
        tr_push_int(tr, &a->in, &a->nin, &a->capin, (int)unit);
        tr_push_int(tr, &a->in, &a->nin, &a->capin, to);
        return true;
    }
    if ((a->nwait > 0 && !a->serving) || !has_room(a)) {
        tr_push_int(tr, &a->wait, &a->nwait, &a->capwait, server_gid);
        return false;
    }
    put_input(a, unit, to);
    return true;
}

/* ---- the AS/RS as a place (served by fleets or belts; mdl_dock.c) ------------------ */

int tr_asrs_node(const tr_run *tr, int i) { return tr->asrs[i].spec->node; }

long tr_asrs_content(const tr_run *tr, int i) { return tr->asrs[i].input + tr->asrs[i].nwait; }

bool tr_asrs_reserve(tr_run *tr, int i, uint32_t token) {
    tr_asrs *a = &tr->asrs[i];
    if (a->nwait == 0 && has_room(a)) {
        a->input++;
        a->reserved++;
        return true;
    }
    tr_push_int(tr, &a->wait, &a->nwait, &a->capwait, (int)token);
    return false;
}

void tr_asrs_deliver(tr_run *tr, int i, uint32_t unit) {
    tr_asrs *a = &tr->asrs[i];
    int k = 0;
    while (k < a->nin && (uint32_t)a->in[k] != unit) k += 2;
    if (k >= a->nin) { /* a bug (every unit brought was offered here, tr_asrs_offer): the run fails, said */
        mdl__run_checked(tr->r, NAN, "asrs", a->spec->id, "feed (internal error: a unit not sent to it arrived)");
        return;
    }
    int to = a->in[k + 1];
    tr_remove_int(a->in, &a->nin, k + 1);
    tr_remove_int(a->in, &a->nin, k);
    a->input--;
    a->reserved--;
    put_input(a, unit, to);
}

void tr_asrs_picked(tr_run *tr, int i) { pull_out(&tr->asrs[i]); }

/* Delivering by belt: the output point's units go onto the belt's entry
 * in order while it takes them; else the AS/RS waits there (as a token,
 * as a blocked server would) and the next retrieval may start. */
static void send_out(tr_asrs *a) {
    uint32_t token = TR_TOKEN_ASRS | (uint32_t)a->index;
    int sent = 0;
    a->sending = true;
    while (a->nout > 0 && tr_conv_offer(a->tr, (int)token, (uint32_t)a->out[0], a->spec->deliver_conveyor, a->out[1])) {
        tr_remove_int(a->out, &a->nout, 1);
        tr_remove_int(a->out, &a->nout, 0);
        sent++;
    }
    a->sending = false;
    if (sent > 0) pull_out(a);
}

bool tr_asrs_entry_retry(tr_run *tr, int i) {
    tr_asrs *a = &tr->asrs[i];
    if (a->nout == 0 || a->sending) return a->nout == 0;
    send_out(a); /* (the belt lets the head on; the next may wait again) */
    return true;
}

void tr_asrs_poke(tr_run *tr, int i) { serve_wait(&tr->asrs[i]); }

/* The stored unit bound for dest to retrieve next, by the AS/RS's rule. */
static int pick_stored(const tr_asrs *a, const asrs_list *l) {
    if (a->spec->retrieve == MDL_ASRS_FIFO) return 0;
    int best = 0;
    long best_key = 0;
    for (int i = 0; i < l->n; i++) {
        const tr_aisle *ai = &a->aisle[l->a[i] / a->ncells];
        int order = mdl__run_unit_order(a->tr->r, ai->cell[l->a[i] % a->ncells].unit);
        long key = order >= 0 ? order : 0x7fffffffL;
        if (i == 0 || key < best_key) {
            best = i;
            best_key = key;
        }
    }
    return best;
}

void tr_asrs_retrieve_cell(tr_asrs *a, tr_aisle *ai, int c, int dest) {
    ai->cell[c].state = CELL_LEAVING;
    ring_push(a->tr, &ai->rq, (asrs_req){ai->cell[c].unit, dest, c, tr_now(a->tr)});
    crane_dispatch(a, ai);
}

static void start_retrieval(tr_asrs *a, int dest) {
    asrs_list *l = &a->bydest[dest];
    int at = pick_stored(a, l), code = l->a[at];
    tr_remove_int(l->a, &l->n, at);
    tr_asrs_retrieve_cell(a, &a->aisle[code / a->ncells], code % a->ncells, dest);
}

/* Delivering by fleet: stored units are retrieved while the output point
 * has room (retrievals under way count), the one stored first among the
 * destinations' next units first (ties: the lower station). */
static void pull_out(tr_asrs *a) {
    const tr_outpoint *o = &a->tr->out[a->place];
    while ((a->spec->deliver >= 0 ? o->count : a->nout / 2) + a->retrieving < a->spec->input_capacity) {
        int best = -1;
        double best_t = 0.0;
        for (int d = 0; d < a->tr->nst; d++) {
            const asrs_list *l = &a->bydest[d];
            if (l->n == 0) continue;
            int code = l->a[pick_stored(a, l)];
            double t = a->aisle[code / a->ncells].cell[code % a->ncells].t;
            if (best < 0 || t < best_t) best = d, best_t = t;
        }
        if (best < 0) return;
        a->retrieving++;
        start_retrieval(a, best);
    }
}

static void pull(tr_asrs *a, int dest) {
    if (a->spec->deliver >= 0 || a->spec->deliver_conveyor >= 0) {
        pull_out(a);
        return;
    }
    uint32_t token = TR_TOKEN_ASRS | (uint32_t)(a->index * a->tr->nst + dest);
    while (!a->pending[dest] && a->bydest[dest].n > 0) {
        if (!tr_place_reserve(a->tr, dest, token)) {
            a->pending[dest] = true;
            return;
        }
        start_retrieval(a, dest);
    }
}

/* The unit a retrieval for token's destination would bring now
 * (start_retrieval picks it the moment its room is reserved). */
uint32_t tr_asrs_token_unit(const tr_run *tr, uint32_t token) {
    int code = (int)(token & ~TR_TOKEN_ASRS), dest = code % tr->nst;
    const tr_asrs *a = &tr->asrs[code / tr->nst];
    const asrs_list *l = &a->bydest[dest];
    if (l->n == 0) return UINT32_MAX;
    int cell = l->a[pick_stored(a, l)];
    return a->aisle[cell / a->ncells].cell[cell % a->ncells].unit;
}

void tr_asrs_granted(tr_run *tr, uint32_t token) {
    int code = (int)(token & ~TR_TOKEN_ASRS), dest = code % tr->nst;
    tr_asrs *a = &tr->asrs[code / tr->nst];
    a->pending[dest] = false;
    start_retrieval(a, dest);
    pull(a, dest);
}

/* ---- set-up, results, view ------------------------------------------------------- */

typedef struct cell_key {
    double t;
    int face, bay, level;
} cell_key;

static int cmp_cell(const void *pa, const void *pb) {
    const cell_key *x = pa, *y = pb;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    if (x->face != y->face) return x->face - y->face;
    if (x->level != y->level) return x->level - y->level;
    return x->bay - y->bay;
}

/* Cells numbered by single-command travel time (then face, level, bay), so
 * that CLOSEST takes the lowest open number and the classes are ranges. */
static bool cells_init(tr_asrs *a) {
    const mdl_asrs_spec *s = a->spec;
    int per_face = s->bays * s->levels;
    a->ncells = 2 * per_face;
    cell_key *k = malloc((size_t)a->ncells * sizeof *k);
    a->cx = malloc((size_t)a->ncells * sizeof *a->cx);
    a->cy = malloc((size_t)a->ncells * sizeof *a->cy);
    a->cls = malloc((size_t)a->ncells * sizeof *a->cls);
    if (!k || !a->cx || !a->cy || !a->cls) {
        free(k);
        return false;
    }
    for (int c = 0; c < a->ncells; c++) {
        int face = c / per_face, bay = c % per_face % s->bays, level = c % per_face / s->bays;
        double x = (bay + 0.5) * s->cell_width, y = (level + 0.5) * s->cell_height;
        k[c] = (cell_key){mdl_asrs_travel_time(s, x, y), face, bay, level};
    }
    qsort(k, (size_t)a->ncells, sizeof *k, cmp_cell);
    double cum = 0.0;
    a->nk = s->assign == MDL_ASRS_CLASS ? s->nclasses : 1;
    int cls = 0, end = a->nk > 1 ? (int)lround(s->class_share[0] * a->ncells) : a->ncells;
    for (int c = 0; c < a->ncells; c++) {
        a->cx[c] = (k[c].bay + 0.5) * s->cell_width;
        a->cy[c] = (k[c].level + 0.5) * s->cell_height;
        while (c >= end && cls + 1 < a->nk) {
            cum += s->class_share[cls++];
            end = cls + 1 < a->nk ? (int)lround((cum + s->class_share[cls]) * a->ncells) : a->ncells;
        }
        a->cls[c] = cls;
    }
    free(k);
    return true;
}

static bool aisle_init(tr_asrs *a, tr_aisle *ai, int i) {
    int n = a->ncells;
    ai->index = i;
    ai->cell = calloc((size_t)n, sizeof *ai->cell);
    ai->open = malloc((size_t)n * sizeof *ai->open);
    ai->open_pos = malloc((size_t)n * sizeof *ai->open_pos);
    if (!ai->cell || !ai->open || !ai->open_pos) return false;
    for (int c = n - 1; c >= 0; c--) ai->kstart[a->cls[c]] = c; /* classes are ranges of cells */
    for (int c = 0; c < n; c++) open_add(a, ai, c);
    sim_ledger_init(&ai->led, 0.0, a->off ? MDL_CRANE_OFF : MDL_CRANE_IDLE);
    sim_rng_seed(&ai->rng, a->tr->master, sim_rng_stream_id(a->spec->id, (uint64_t)6 << 40 | (uint64_t)i));
    return !a->spec->maint || tr_maint_crane_init(a, ai); /* maintenance hook */
}

bool tr_asrs_init(tr_run *tr) {
    tr->nasrs = tr->model->nasrs;
    if (!tr->nasrs) return true;
    tr->asrs = calloc((size_t)tr->nasrs, sizeof *tr->asrs);
    if (!tr->asrs) return false;
    int np = mdl_model_product_count(tr->m), cranes = 0;
    for (int i = 0; i < tr->nasrs; i++) {
        tr_asrs *a = &tr->asrs[i];
        a->index = i;
        a->first_crane = cranes;
        cranes += tr->model->asrs[i].aisles;
        a->tr = tr;
        a->spec = &tr->model->asrs[i];
        a->cal = mdl_model_line_calendar(tr->m);
        a->off = a->cal >= 0 && !mdl__run_calendar_on(tr->r, a->cal);
        a->place = tr->nst + tr->ndocks + i;
        a->aisle = calloc((size_t)a->spec->aisles, sizeof *a->aisle);
        a->bydest = calloc((size_t)tr->nst + 1, sizeof *a->bydest);
        a->pending = calloc((size_t)tr->nst + 1, sizeof *a->pending);
        a->turnover = calloc((size_t)np + 1, sizeof *a->turnover);
        if (!a->aisle || !a->bydest || !a->pending || !a->turnover || !cells_init(a) || !tr_asrs_ends_init(a))
            return false;
        for (int k = 0; k < a->spec->aisles; k++)
            if (!aisle_init(a, &a->aisle[k], k)) return false;
        sim_timeavg_init(&a->stored_avg, 0.0, 0.0);
    }
    return true;
}

void tr_asrs_free(tr_run *tr) {
    for (int i = 0; i < tr->nasrs && tr->asrs; i++) {
        tr_asrs *a = &tr->asrs[i];
        for (int k = 0; a->aisle && k < a->spec->aisles; k++) {
            tr_aisle *ai = &a->aisle[k];
            free(ai->cell);
            free(ai->open);
            free(ai->open_pos);
            free(ai->sq.a);
            free(ai->rq.a);
            tr_maint_crane_free(ai);
        }
        for (int d = 0; a->bydest && d < tr->nst; d++) free(a->bydest[d].a);
        free(a->aisle);
        free(a->bydest);
        free(a->pending);
        free(a->turnover);
        free(a->cx);
        free(a->cy);
        free(a->cls);
        free(a->wait);
        free(a->in);
        free(a->out);
        tr_asrs_ends_free(a);
    }
    free(tr->asrs);
}

void tr_asrs_warmup(tr_run *tr, double now) {
    for (int i = 0; i < tr->nasrs; i++) {
        tr_asrs *a = &tr->asrs[i];
        for (int k = 0; k < a->spec->aisles; k++) {
            sim_ledger_restart(&a->aisle[k].led, now);
            if (a->aisle[k].mt) tr_maint_crane_warmup(&a->aisle[k]);
        }
        sim_tally_reset(&a->cyc);
        sim_tally_reset(&a->sc);
        sim_tally_reset(&a->dc);
        sim_tally_reset(&a->rwait);
        sim_tally_reset(&a->swait);
        sim_timeavg_reset(&a->stored_avg, now);
        a->stores = a->retrievals = 0;
        tr_asrs_ends_warmup(a, now);
    }
}

/* Fills one AS/RS's KPIs; returns its energy. */
static double asrs_result(const tr_asrs *a, double now, double window, double *o) {
    const mdl_asrs_spec *s = a->spec;
    double e = 0.0, util = 0.0, all[MDL_CRANE_STATE_COUNT] = {0};
    for (int k = 0; k < s->aisles; k++) {
        double acc[MDL_CRANE_STATE_COUNT] = {0}, tot = 0.0;
        sim_ledger_sum(&a->aisle[k].led, now, acc, MDL_CRANE_STATE_COUNT);
        for (int j = 0; j < MDL_CRANE_STATE_COUNT; j++) {
            tot += acc[j];
            all[j] += acc[j];
            e += acc[j] * s->power[j] / 3600.0;
        }
        double on = tot - acc[MDL_CRANE_OFF];
        util += on > 0.0 ? (acc[MDL_CRANE_MOVING] + acc[MDL_CRANE_HANDLING]) / on : NAN;
    }
    if (!o) return e;
    double stored = sim_timeavg_mean(&a->stored_avg, now);
    o[MDL_WKPI_UTILIZATION] = util / s->aisles;
    o[MDL_WKPI_CYCLES_PER_H] = window > 0.0 ? (double)a->cyc.n * 3600.0 / window : NAN;
    o[MDL_WKPI_CYCLE_S] = sim_tally_mean(&a->cyc);
    o[MDL_WKPI_SINGLE_S] = sim_tally_mean(&a->sc);
    o[MDL_WKPI_DUAL_S] = sim_tally_mean(&a->dc);
    o[MDL_WKPI_SINGLE] = (double)a->sc.n;
    o[MDL_WKPI_DUAL] = (double)a->dc.n;
    o[MDL_WKPI_STORES] = (double)a->stores;
    o[MDL_WKPI_RETRIEVALS] = (double)a->retrievals;
    o[MDL_WKPI_OCCUPANCY] = stored / ((double)a->ncells * s->aisles);
    o[MDL_WKPI_STORED] = stored;
    o[MDL_WKPI_RETRIEVAL_WAIT_S] = sim_tally_mean(&a->rwait);
    o[MDL_WKPI_STORE_WAIT_S] = sim_tally_mean(&a->swait);
    o[MDL_WKPI_ENERGY_KWH] = e;
    if (s->maint) tr_maint_crane_result(a, all, o); /* maintenance hook */
    tr_asrs_ends_result(a, now, o);                  /* route ends: finished goods */
    return e;
}

double tr_asrs_result(const tr_run *tr, double now, mdl_rep_result *out) {
    double total = 0.0;
    for (int i = 0; i < tr->nasrs; i++) {
        double *o = out->asrs && i < out->nasrs ? &out->asrs[i * MDL_WKPI_COUNT] : NULL;
        total += asrs_result(&tr->asrs[i], now, now - tr->win_start, o);
    }
    return total;
}

bool mdl_run_crane(const mdl_run *r, int asrs, int aisle, mdl_crane_view *v) {
    const tr_run *tr = mdl__run_transport(r);
    if (!tr || asrs < 0 || asrs >= tr->nasrs || aisle < 0 || aisle >= tr->asrs[asrs].spec->aisles) return false;
    const tr_asrs *a = &tr->asrs[asrs];
    const tr_aisle *ai = &a->aisle[aisle];
    if (v) {
        double now = tr_now(tr), span = ai->leg_t1 - ai->leg_t0;
        double f = ai->down ? 0.0 : span > 0.0 ? (now - ai->leg_t0) / span : 1.0; /* (stopped: where it stands) */
        f = f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
        v->state = (mdl_crane_state)ai->led.state;
        v->x = ai->x0 + f * (ai->x1 - ai->x0);
        v->y = ai->y0 + f * (ai->y1 - ai->y0);
        v->loaded = ai->loaded;
        v->stored = ai->stored;
        v->cells = a->ncells;
    }
    return true;
}

double tr_asrs_power_now(const tr_run *tr) {
    double p = 0.0;
    for (int i = 0; i < tr->nasrs; i++)
        for (int k = 0; k < tr->asrs[i].spec->aisles; k++) {
            int st = tr->asrs[i].aisle[k].led.state;
            if (st >= 0 && st < MDL_CRANE_STATE_COUNT) p += tr->asrs[i].spec->power[st];
        }
    return p;
}

/* The line's calendar turned on or off: idle cranes change state; on, they
 * start what waits. */
void tr_asrs_shift(tr_run *tr, int cal, bool on) {
    for (int i = 0; i < tr->nasrs; i++) {
        tr_asrs *a = &tr->asrs[i];
        if (a->cal != cal) continue;
        a->off = !on;
        for (int k = 0; k < a->spec->aisles; k++) {
            tr_aisle *ai = &a->aisle[k];
            if (ai->mt) tr_maint_crane_shift(ai, !on); /* maintenance hook: off-shift windows */
            if (ai->busy) continue;
            tr_crane_ledger(a, ai, on ? MDL_CRANE_IDLE : MDL_CRANE_OFF);
            crane_dispatch(a, ai);
        }
    }
}

double mdl_rep_asrs_kpi(const mdl_rep_result *r, int i, mdl_wkpi k) {
    return r ? mdl__kpi_at(r->asrs, r->nasrs, i, MDL_WKPI_COUNT, (int)k) : NAN;
}
