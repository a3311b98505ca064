/*
 * mdl_conveyor.c - belts between stations.
 *
 * Positions are exact and event-free: every unit keeps its position b at
 * the last rebase time t_ref; in between, a unit moves at the belt speed
 * unless it is stopped. On an accumulating belt only the front unit stops
 * (at the end, when the next buffer is full) and the others close up to
 * `spacing` behind the one ahead: pos_i = min(b_i + v (t - t_ref),
 * pos_{i-1} - spacing). On a non-accumulating belt the whole belt stops.
 * All units are rebased whenever the front stops or leaves, or a unit
 * enters, so the formula holds between events. Events: the front reaching
 * the end, and the entry becoming free while servers wait for it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_conveyor_net_internal.h"
#include "sim_block.h"

static bool belt_moving(const tr_conveyor *c) { return !(c->stopped && !c->spec->accumulating); }

static int at(const tr_conveyor *c, int i) { return (c->head + i) % c->cap; }

double tr_conv_pos(const tr_run *tr, const tr_conveyor *c, int i, double now) {
    (void)tr;
    const mdl_conveyor_spec *sp = c->spec;
    double adv = belt_moving(c) ? sp->speed * (now - c->odo_t) : 0.0;
    double prev = INFINITY;
    double p = 0.0;
    for (int k = 0; k <= i; k++) {
        p = c->b[at(c, k)] + adv;
        double lim = k == 0 ? sp->length : prev - sp->spacing;
        if (p > lim) p = lim;
        prev = p;
    }
    return p;
}

static void rebase(tr_run *tr, tr_conveyor *c) {
    double now = tr_now(tr);
    const mdl_conveyor_spec *sp = c->spec;
    double adv = belt_moving(c) ? sp->speed * (now - c->odo_t) : 0.0;
    double prev = INFINITY;
    for (int k = 0; k < c->len; k++) {
        double *b = &c->b[at(c, k)];
        double p = *b + adv;
        double lim = k == 0 ? sp->length : prev - sp->spacing;
        if (p > lim) p = lim;
        *b = p;
        prev = p;
    }
    c->odo_t = now;
}

static void on_end(sim_world *w, void *subject, void *object);
static void on_free(sim_world *w, void *subject, void *object);

/* A unit may enter while fewer than length / spacing units are on the
 * belt, so the belt holds ceil(length / spacing) of them (a ratio within
 * rounding of a whole number counts as that number). The ratio is bounded
 * when the conveyor is added (MDL_CONVEYOR_MAX_PLACES); it is clamped here
 * in double all the same, so the conversion to int can never overflow. */
int tr_conv_capacity(const mdl_conveyor_spec *sp) {
    double n = ceil(sp->length / sp->spacing - 1e-9);
    if (!(n >= 1.0)) return 1;
    if (n > MDL_CONVEYOR_MAX_PLACES) return MDL_CONVEYOR_MAX_PLACES;
    return (int)n;
}

static void schedule_end(tr_run *tr, tr_conveyor *c) {
    if (c->end_ev) sim_event_cancel(tr->w, c->end_ev);
    c->end_ev = 0;
    if (c->len == 0 || c->stopped) return;
    double p = tr_conv_pos(tr, c, 0, tr_now(tr));
    double dt = (c->spec->length - p) / c->spec->speed;
    c->end_ev = sim_event_after(tr->w, dt > 0.0 ? dt : 0.0, 0, on_end, tr, c);
}

static bool entry_free(const tr_run *tr, const tr_conveyor *c) {
    if (c->len == 0) return true;
    if (c->len >= tr_conv_capacity(c->spec)) return false;
    return tr_conv_pos(tr, c, c->len - 1, tr_now(tr)) >= c->spec->spacing - 1e-9;
}

/* Lets waiting servers put their units on, first come first served; if the
 * entry is not free yet, wakes up when the last unit will have moved on. */
static void serve_entry(tr_run *tr, tr_conveyor *c) {
    /* A unit waiting at a merge or diverter for this entry goes first
     * (mdl_conveyor_net.c decides when the entry is free). */
    bool claimed = tr->net && tr_net_entry_claimed(tr, c->index);
    int i = 0;
    while (!claimed && i < c->nwait && entry_free(tr, c)) {
        int server_gid = c->wait[i];
        tr_remove_int(c->wait, &c->nwait, i);
        c->serving = true;
        bool moved = tr_entry_retry(tr, server_gid); /* a server, or a receiving dock (mdl_dock.c) */
        c->serving = false;
        if (!moved) { /* cannot move now (down, off): keeps its place */
            tr_insert_int(tr, &c->wait, &c->nwait, &c->capwait, i, server_gid);
            i++;
        }
    }
    if ((c->nwait > 0 || (claimed && !entry_free(tr, c))) && !c->free_ev && belt_moving(c) && c->len > 0 && c->len < tr_conv_capacity(c->spec)) {
        double p = tr_conv_pos(tr, c, c->len - 1, tr_now(tr));
        double dt = (c->spec->spacing - p) / c->spec->speed;
        c->free_ev = sim_event_after(tr->w, dt > 0.0 ? dt : 0.0, 0, on_free, tr, c);
    }
}

static void on_free(sim_world *w, void *subject, void *object) {
    (void)w;
    tr_conveyor *c = object;
    c->free_ev = 0;
    serve_entry(subject, c);
}

/* Unit u for station `to` enters belt c at its entry (free). */
static void push_unit(tr_run *tr, tr_conveyor *c, uint32_t unit, int to) {
    double now = tr_now(tr);
    rebase(tr, c);
    int k = at(c, c->len);
    c->u[k] = unit;
    c->b[k] = 0.0;
    c->to[k] = to;
    c->entered[k] = now;
    c->len++;
    sim_timeavg_set(&c->occ, now, (double)c->len);
    if (c->len == 1) schedule_end(tr, c);
}

bool tr_conv_offer(tr_run *tr, int server_gid, uint32_t unit, int ci, int to) {
    tr_conveyor *c = &tr->convs[ci];
    if ((c->nwait > 0 && !c->serving) || !entry_free(tr, c) || (tr->net && tr_net_entry_claimed(tr, ci))) {
        tr_push_int(tr, &c->wait, &c->nwait, &c->capwait, server_gid);
        serve_entry(tr, c);
        return false;
    }
    push_unit(tr, c, unit, to);
    return true;
}

void tr_conv_poke(tr_run *tr, int ci) { serve_entry(tr, &tr->convs[ci]); }

/* The front unit leaves the belt: its unit, and its station in *to. */
static uint32_t pop_front(tr_run *tr, tr_conveyor *c, int *to) {
    double now = tr_now(tr);
    rebase(tr, c);
    int k = c->head;
    uint32_t u = c->u[k];
    *to = c->to[k];
    sim_tally_add(&c->transit, now - c->entered[k]);
    c->head = (c->head + 1) % c->cap;
    c->len--;
    c->units++;
    if (c->stopped) {
        c->stopped = false;
        sim_timeavg_set(&c->stop, now, 0.0);
    }
    sim_timeavg_set(&c->occ, now, (double)c->len);
    schedule_end(tr, c);
    return u;
}

/* The front unit leaves into its reserved room. */
static void front_leaves(tr_run *tr, tr_conveyor *c) {
    int to;
    uint32_t u = pop_front(tr, c, &to);
    tr_place_deliver(tr, to, u, MDL_RES_CONVEYOR, c->index, -1); /* a station, or a shipping dock */
    serve_entry(tr, c);
}

void tr_conv_transfer(tr_run *tr, int from, int to) {
    tr_conveyor *a = &tr->convs[from], *b = &tr->convs[to];
    int dest;
    uint32_t u = pop_front(tr, a, &dest);
    push_unit(tr, b, u, dest);
    serve_entry(tr, a);
}

bool tr_conv_entry_free(const tr_run *tr, int ci) { return entry_free(tr, &tr->convs[ci]); }

void tr_conv_stop_front(tr_run *tr, int ci) {
    tr_conveyor *c = &tr->convs[ci];
    if (c->stopped) return;
    rebase(tr, c);
    c->stopped = true;
    sim_timeavg_set(&c->stop, tr_now(tr), 1.0);
    if (c->free_ev && !c->spec->accumulating) {
        sim_event_cancel(tr->w, c->free_ev);
        c->free_ev = 0;
    }
}

static void on_end(sim_world *w, void *subject, void *object) {
    (void)w;
    tr_run *tr = subject;
    tr_conveyor *c = object;
    c->end_ev = 0;
    if (tr->net && tr_net_at_end(tr, c->index)) return;
    int token = (int)((uint32_t)c->index | TR_TOKEN_CONVEYOR);
    if (tr_place_reserve(tr, c->to[c->head], (uint32_t)token)) {
        front_leaves(tr, c);
        return;
    }
    tr_conv_stop_front(tr, c->index);
}

void tr_conv_granted(tr_run *tr, int ci) { front_leaves(tr, &tr->convs[ci]); }

/* A belt's places live and die together: one block (sim_block.h), `u`
 * first. */
static void places_layout(tr_conveyor *c, sim_block *blk) {
    SIM_BLOCK_PART(blk, c->u, c->cap);
    SIM_BLOCK_PART(blk, c->b, c->cap);
    SIM_BLOCK_PART(blk, c->to, c->cap);
    SIM_BLOCK_PART(blk, c->entered, c->cap);
}

bool tr_conv_init(tr_run *tr) {
    tr->nconvs = tr->model->nconvs;
    if (!tr->nconvs) return true;
    tr->convs = calloc((size_t)tr->nconvs, sizeof *tr->convs);
    if (!tr->convs) return false;
    for (int i = 0; i < tr->nconvs; i++) {
        tr_conveyor *c = &tr->convs[i];
        c->index = i;
        c->spec = &tr->model->convs[i];
        c->cap = tr_conv_capacity(c->spec) + 1;
        sim_block blk = {0};
        places_layout(c, &blk);
        if (!(blk.base = calloc(1, blk.size))) return false;
        blk.size = 0;
        places_layout(c, &blk);
        sim_timeavg_init(&c->occ, 0.0, 0.0);
        sim_timeavg_init(&c->stop, 0.0, 0.0);
        sim_tally_reset(&c->transit);
    }
    return true;
}

void tr_conv_free(tr_run *tr) {
    for (int i = 0; i < tr->nconvs && tr->convs; i++) {
        tr_conveyor *c = &tr->convs[i];
        free(c->u); /* the block */
        free(c->wait);
    }
    free(tr->convs);
}

void tr_conv_warmup(tr_run *tr, double now) {
    for (int i = 0; i < tr->nconvs; i++) {
        tr_conveyor *c = &tr->convs[i];
        sim_timeavg_reset(&c->occ, now);
        sim_timeavg_reset(&c->stop, now);
        sim_tally_reset(&c->transit);
        c->units = 0;
    }
}

double tr_conv_result(const tr_run *tr, double now, mdl_rep_result *out) {
    double total = 0.0, window = now - tr->win_start;
    for (int i = 0; i < tr->nconvs; i++) {
        const tr_conveyor *c = &tr->convs[i];
        double stopped = sim_timeavg_mean(&c->stop, now);
        double running = c->spec->accumulating ? 1.0 : 1.0 - stopped;
        double e = c->spec->power_kw * running * window / 3600.0;
        total += e;
        if (!out->conveyor || i >= out->nconveyors) continue;
        double *o = &out->conveyor[i * MDL_CKPI_COUNT];
        o[MDL_CKPI_OCCUPANCY] = sim_timeavg_mean(&c->occ, now);
        o[MDL_CKPI_STOPPED] = stopped;
        o[MDL_CKPI_UNITS] = (double)c->units;
        o[MDL_CKPI_TRANSIT_S] = sim_tally_mean(&c->transit);
        o[MDL_CKPI_ENERGY_KWH] = e;
    }
    return total;
}
