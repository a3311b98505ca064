/*
 * mdl_conveyor_net.c - merges and diverters in a run (mdl_conveyor_net.h;
 * docs/material-handling.md, "Conveyor networks").
 *
 * A front unit that reaches a junction either leaves at once (onto a free
 * belt entry, or into a station with room) or waits at the end of its belt
 * (tr_conv_stop_front), flagged `waiting` with the belt it wants (-1: any
 * output of its diverter). A belt whose entry a waiting unit wants says so
 * to its belt code (tr_net_entry_claimed): stations feeding that belt wait
 * behind, and when the entry is free a decision event runs after every
 * other event of that instant, so that units that arrived at the same
 * time are judged by the junction's rule and not by the order of their
 * events. A unit waiting for a station (a destination diverter without a
 * through way) waits in the station's line of deliveries like a belt end.
 */
#include <stdint.h>
#include <stdlib.h>

#include "mdl_conveyor_net_internal.h"
#include "sim_block.h"

struct tr_net {
    const struct tr_netmodel *nm;
    bool *waiting;       /* per belt: its front waits at its junction for a belt entry */
    int *want;           /* per belt: the belt it waits for, -1 any output */
    uint64_t *decide_ev; /* per belt: the pending decision on its entry */
    int *last;           /* per merge: the input served last */
};

/* The arrays live and die together: one block (sim_block.h), `waiting`
 * first. */
static void net_layout(struct tr_net *n, sim_block *blk, size_t nc, size_t nmg) {
    SIM_BLOCK_PART(blk, n->waiting, nc);
    SIM_BLOCK_PART(blk, n->want, nc);
    SIM_BLOCK_PART(blk, n->decide_ev, nc);
    SIM_BLOCK_PART(blk, n->last, nmg);
}

bool tr_net_init(tr_run *tr) {
    const struct tr_netmodel *nm = tr->model->net;
    if (!nm || (nm->nmerges == 0 && nm->ndivs == 0)) return true;
    struct tr_net *n = calloc(1, sizeof *n);
    if (!n) return false;
    tr->net = n;
    n->nm = nm;
    size_t nc = (size_t)tr->nconvs + 1, nmg = (size_t)nm->nmerges + 1;
    sim_block blk = {0};
    net_layout(n, &blk, nc, nmg);
    if (!(blk.base = calloc(1, blk.size))) return false;
    blk.size = 0;
    net_layout(n, &blk, nc, nmg);
    for (int j = 0; j < nm->nmerges; j++) n->last[j] = nm->merges[j].ninputs - 1;
    return true;
}

void tr_net_free(tr_run *tr) {
    struct tr_net *n = tr->net;
    if (!n) return;
    free(n->waiting); /* the block */
    free(n);
    tr->net = NULL;
}

static int end_of(const struct tr_net *n, int c) { return c < n->nm->nends ? n->nm->end_of[c] : 0; }
static int fed_by(const struct tr_net *n, int c) { return c < n->nm->nends ? n->nm->fed_by[c] : 0; }

static void move(tr_run *tr, int from, int to) {
    tr->net->waiting[from] = false;
    tr_conv_transfer(tr, from, to);
}

/* The front of belt c waits at its diverter or merge for belt `want`
 * (-1: any output); the belts it may go onto are told, so that each wakes
 * it when its entry frees. */
static void wait_belt(tr_run *tr, int c, int want, const mdl_diverter_spec *d) {
    struct tr_net *n = tr->net;
    tr_conv_stop_front(tr, c);
    n->waiting[c] = true;
    n->want[c] = want;
    if (want >= 0) {
        tr_conv_poke(tr, want);
        return;
    }
    for (int k = 0; k < d->noutputs; k++)
        if (d->outputs[k].conveyor >= 0) tr_conv_poke(tr, d->outputs[k].conveyor);
}

static bool belt_free(const tr_run *tr, int c) { return c >= 0 && tr_conv_entry_free(tr, c); }

/* DESTINATION: the unit's own output first (its spur, or straight into
 * the station when it has room), else the through way (recirculation),
 * else it waits for its own output. */
static void divert_destination(tr_run *tr, int c, const mdl_diverter_spec *d) {
    const tr_conveyor *cv = &tr->convs[c];
    int to = cv->to[cv->head], match, through;
    tr_net_destination_outputs(d, to, &match, &through);
    int spur = match >= 0 ? d->outputs[match].conveyor : -1;
    if (match >= 0 && spur >= 0 && belt_free(tr, spur)) {
        move(tr, c, spur);
        return;
    }
    if (match >= 0 && spur < 0 && mdl__run_try_reserve(tr->r, to, (uint32_t)c | TR_TOKEN_CONVEYOR)) {
        tr->net->waiting[c] = false;
        tr_conv_granted(tr, c);
        return;
    }
    if (through >= 0) {
        int way = d->outputs[through].conveyor;
        if (belt_free(tr, way))
            move(tr, c, way);
        else
            wait_belt(tr, c, way, d);
        return;
    }
    if (spur >= 0) {
        wait_belt(tr, c, spur, d);
        return;
    }
    /* No through way: wait in the station's line of deliveries. */
    tr_conv_stop_front(tr, c);
    tr->net->waiting[c] = false;
    if (tr_place_reserve(tr, to, (uint32_t)c | TR_TOKEN_CONVEYOR)) tr_conv_granted(tr, c);
}

/* The front of belt c at diverter d: it leaves or waits. */
static void divert(tr_run *tr, int c, const mdl_diverter_spec *d) {
    if (d->rule == MDL_DIVERT_DESTINATION) {
        divert_destination(tr, c, d);
        return;
    }
    if (d->rule == MDL_DIVERT_PRODUCT) {
        const tr_conveyor *cv = &tr->convs[c];
        int k = tr_net_product_output(d, mdl__run_unit_product(tr->r, cv->u[cv->head]));
        int out = k >= 0 ? d->outputs[k].conveyor : -1;
        if (out < 0) { /* the model's check makes this a bug */
            tr_conv_stop_front(tr, c);
            return;
        }
        if (belt_free(tr, out))
            move(tr, c, out);
        else
            wait_belt(tr, c, out, d);
        return;
    }
    int best = -1; /* SHORTEST: the free output holding the fewest units, ties to the first */
    for (int k = 0; k < d->noutputs; k++) {
        int out = d->outputs[k].conveyor;
        if (belt_free(tr, out) && (best < 0 || tr->convs[out].len < tr->convs[best].len)) best = out;
    }
    if (best >= 0)
        move(tr, c, best);
    else
        wait_belt(tr, c, -1, d);
}

bool tr_net_at_end(tr_run *tr, int c) {
    struct tr_net *n = tr->net;
    int j = end_of(n, c);
    if (j == 0) return false;
    if (j < 0) {
        divert(tr, c, &n->nm->divs[-j - 1]);
        return true;
    }
    tr_conv_stop_front(tr, c);
    n->waiting[c] = true;
    n->want[c] = n->nm->merges[j - 1].output;
    tr_conv_poke(tr, n->want[c]);
    return true;
}

/* The input of merge j whose unit goes next onto its output, -1 when none waits. */
static int merge_pick(const struct tr_net *n, int j) {
    const mdl_merge_spec *mg = &n->nm->merges[j];
    bool alternate = mg->rule == MDL_MERGE_ALTERNATE;
    for (int s = 0; s < mg->ninputs; s++) {
        int k = alternate ? (n->last[j] + 1 + s) % mg->ninputs : s;
        if (n->waiting[mg->inputs[k]]) return k;
    }
    return -1;
}

static void on_decide(sim_world *w, void *subject, void *object) {
    (void)w;
    tr_run *tr = subject;
    struct tr_net *n = tr->net;
    int c = ((tr_conveyor *)object)->index, j = fed_by(n, c);
    n->decide_ev[c] = 0;
    if (tr_conv_entry_free(tr, c)) {
        if (j > 0) {
            int k = merge_pick(n, j - 1);
            if (k >= 0) {
                n->last[j - 1] = k;
                move(tr, n->nm->merges[j - 1].inputs[k], c);
            }
        } else if (j < 0) {
            const mdl_diverter_spec *d = &n->nm->divs[-j - 1];
            if (n->waiting[d->input]) divert(tr, d->input, d);
        }
    }
    tr_conv_poke(tr, c);
}

bool tr_net_entry_claimed(tr_run *tr, int c) {
    struct tr_net *n = tr->net;
    if (!n) return false;
    int j = fed_by(n, c);
    bool claimed = false;
    if (j > 0) {
        claimed = merge_pick(n, j - 1) >= 0;
    } else if (j < 0) {
        int in = n->nm->divs[-j - 1].input;
        claimed = n->waiting[in] && (n->want[in] == c || n->want[in] < 0);
    }
    if (claimed && !n->decide_ev[c] && tr_conv_entry_free(tr, c))
        n->decide_ev[c] = sim_event_after(tr->w, 0.0, -1, on_decide, tr, &tr->convs[c]);
    return claimed;
}
