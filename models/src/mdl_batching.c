/*
 * mdl_batching.c - process batching: a station (an oven, a washer, a
 * curing rack) whose server takes up to `batch` units at once.
 *
 * (The file is not mdl_batch.c: that name holds the replication runner.)
 *
 * A server of such a station starts an operation when it is free and
 * either `batch` units wait in the buffer, or the first of them has waited
 * `batch_timeout` (when one is given): then it takes all that wait, up to
 * `batch`, first come first. One cycle time is drawn per batch, whatever
 * its size. The first unit of the batch is the server's unit, so that
 * every step of an operation (setups, breakdowns, shifts, people, the
 * ledger) is the one of a single unit; the others ride along, and when the
 * operation completes they move on to their next steps first, then the
 * first unit does (with its quality draw, blocking and all). Each goes
 * on as the server's unit does: the station its next step chooses, its
 * shipping dock at the route's end, by the product's transport from the
 * station (a request per unit; while the transport has no room the server
 * stays blocked, and the transport's retry goes on where it stopped:
 * mdl__bt_resume). Units never go straight to a free server: they queue,
 * and the rule above decides.
 *
 * Restrictions (mdl__batching_validate): the stations after a batching
 * station have unlimited buffers and neither assemble, batch nor start a
 * kanban loop, so that a batch never has to wait to leave as a whole (by
 * transport it waits on the server, as one unit would); not at inspection
 * or assembly stations. A kanban loop through a batching station without
 * a batch_timeout has at least a batch of cards (a card per unit).
 *
 * Records: one "batched" record per unit at the start (detail: the batch
 * size). KPI: the mean batch size over the window (mdl_run_batch_kpi).
 */
#include "mdl_run_internal.h"

#include "mdl_assembly.h"

/* ---- the model --------------------------------------------------------------- */

static bool starts_loop(const mdl_model *m, int si) {
    for (int i = 0; i < m->nkanbans; i++)
        if (m->kanbans[i].from == si) return true;
    return false;
}

/* A loop holds a card per unit (docs/scene-format.md, kanban): with fewer
 * cards than a batch and no batch_timeout, a batching station inside the
 * loop never gathers a batch, and the loop stands still for good. */
static bool kanban_fits(mdl_model *m, int si) {
    const mdl_station_spec *sp = &m->stations[si];
    if (sp->batch_timeout > 0.0) return true;
    for (int i = 0; i < m->nkanbans; i++) {
        const mdl_kanban *kb = &m->kanbans[i];
        if (kb->cards < sp->batch && mdl__kanban_covers(m, kb, si))
            return mdl__fail(m, "kanban '%s': cards: %d cards cannot fill a batch of %d at station '%s' (a card per "
                                "unit; give more cards or a batch_timeout): the loop would stand still",
                             kb->id, kb->cards, sp->batch, sp->id);
    }
    return true;
}

bool mdl__batching_validate(mdl_model *m) {
    for (int si = 0; si < m->nstations; si++) {
        const mdl_station_spec *sp = &m->stations[si];
        if (sp->batch <= 1) continue;
        if (sp->batch > MDL_MAX_BATCH)
            return mdl__fail(m, "station '%s': batch: expected 2 .. %d units", sp->id, MDL_MAX_BATCH);
        if (sp->kind == MDL_STATION_INSPECTION || sp->kind == MDL_STATION_ASSEMBLY)
            return mdl__fail(m, "station '%s': batch: not at an %s station", sp->id,
                             mdl_station_kind_name(sp->kind));
        if (!kanban_fits(m, si)) return false;
        for (int p = 0; p < m->nproducts; p++) {
            const mdl_product *pr = &m->products[p];
            for (int i = 0; i + 1 < pr->nsteps; i++) {
                if (pr->route[i] != si) continue;
                /* Every step a variant may go on to: up to the first without a condition. */
                for (int j = i + 1; j < pr->nsteps; j++) {
                    /* every station of the step: a flexible step's too */
                    const mdl_step *st = pr->steps ? pr->steps[j] : NULL;
                    for (int k = 0; k < (st ? st->n : 1); k++) {
                        int nxi = st ? st->st[k] : pr->route[j];
                        const mdl_station_spec *nx = &m->stations[nxi];
                        if (nx->buffer >= 0 || nx->kind == MDL_STATION_ASSEMBLY || nx->batch > 1 || starts_loop(m, nxi))
                            return mdl__fail(m, "station '%s': batch: product '%s' goes on to '%s', which must have an "
                                                "unlimited buffer (and not assemble, batch or start a kanban loop): a "
                                                "batch leaves as a whole",
                                             sp->id, pr->id, nx->id);
                    }
                    if (!mdl__step_conditional(pr, j)) break;
                }
            }
        }
    }
    return true;
}

/* ---- the run ----------------------------------------------------------------- */

#define NO_BLOCK (-2) /* bt_station.block_to: no open record */

typedef struct bt_station {
    int size;          /* units per batch at most */
    double timeout;    /* <= 0: none */
    uint32_t *riders;  /* [server][size - 1]: the batch's other units */
    int *nriders;      /* per server */
    int *sent;         /* per server: riders handed on, of a batch that leaves by transport */
    int *to;           /* per server: where riders[sent] goes (a place), -1: not chosen yet */
    int *block_to;     /* per server: the `to` of the open "blocked" record of riders[sent], NO_BLOCK: none */
    uint64_t timer;    /* the pending timeout event, 0: none */
    sim_mean batch_mean; /* batch sizes started in the window */
    uint64_t full, timed_out; /* batches started full, and smaller at the timeout, in the window */
    sim_mean wait;       /* of the units of the batches started in the window */
} bt_station;

bool mdl__bt_start(mdl_run *r) {
    bool any = false;
    for (int si = 0; si < r->nst; si++) {
        station *s = &r->st[si];
        if (s->spec->batch <= 1) continue;
        /* the state and its arrays in one block: riders [server][size - 1], nriders, sent, to, block_to [server] */
        size_t nsv = (size_t)s->nmax, nr = nsv * (size_t)(s->spec->batch - 1);
        bt_station *b = s->batching = mdl__flow_state(r, s, sizeof *b + nr * sizeof(uint32_t) + 4 * nsv * sizeof(int));
        b->riders = (uint32_t *)(void *)(b + 1);
        b->nriders = (int *)(void *)(b->riders + nr);
        b->sent = b->nriders + nsv;
        b->to = b->sent + nsv;
        b->block_to = b->to + nsv;
        for (size_t i = 0; i < nsv; i++) b->to[i] = -1, b->block_to[i] = NO_BLOCK;
        b->size = s->spec->batch;
        b->timeout = s->spec->batch_timeout;
        any = true;
    }
    return any;
}

void mdl__bt_warmup(mdl_run *r) {
    for (int si = 0; si < r->nst; si++)
        if (r->st[si].batching) {
            bt_station *b = r->st[si].batching;
            sim_mean_reset(&b->batch_mean);
            sim_mean_reset(&b->wait);
            b->full = b->timed_out = 0;
        }
}

void mdl__bt_enter(station *s, uint32_t ui) {
    mdl_run *r = s->run;
    double now = NOW(r);
    U(r, ui)->enq = now;
    ring_push(r, &s->queue, ui);
    sim_timeavg_set(&s->qlen, now, (double)s->queue.len);
    mdl__bt_dispatch(s);
}

static void on_timeout(sim_world *w, void *subject, void *object) {
    (void)w, (void)object;
    station *s = subject;
    s->batching->timer = 0;
    mdl__bt_dispatch(s);
}

/* Starts a batch of k units from the front of the buffer on sv. */
static void bt_begin(station *s, server *sv, int k) {
    mdl_run *r = s->run;
    bt_station *b = s->batching;
    double now = NOW(r);
    uint32_t first = ring_remove(&s->queue, 0);
    sim_mean_add(&s->wait, now - U(r, first)->enq);
    sim_mean_add(&b->wait, now - U(r, first)->enq);
    uint32_t *rd = &b->riders[(size_t)sv->index * (size_t)(b->size - 1)];
    for (int i = 1; i < k; i++) {
        rd[i - 1] = ring_remove(&s->queue, 0);
        sim_mean_add(&s->wait, now - U(r, rd[i - 1])->enq);
        sim_mean_add(&b->wait, now - U(r, rd[i - 1])->enq);
    }
    if (k == b->size) b->full++;
    else b->timed_out++;
    b->nriders[sv->index] = k - 1;
    sv->batch_share = (double)k / b->size; /* a smaller batch: a slower rate (performance) */
    sim_timeavg_set(&s->qlen, now, (double)s->queue.len);
    sim_mean_add(&b->batch_mean, (double)k);
    if (r->logging) {
        mdl__run_log_emit(r, MDL_LOG_BATCH, s->index, sv->index, first, -1, -1, k, MDL_RES_NONE, -1);
        for (int i = 0; i < k - 1; i++)
            mdl__run_log_emit(r, MDL_LOG_BATCH, s->index, sv->index, rd[i], -1, -1, k, MDL_RES_NONE, -1);
    }
    mdl__server_begin(sv, first);
}

void mdl__bt_dispatch(station *s) {
    mdl_run *r = s->run;
    bt_station *b = s->batching;
    for (;;) {
        if (s->queue.len == 0) break;
        double waited = NOW(r) - U(r, ring_at(&s->queue, 0))->enq;
        bool due = b->timeout > 0.0 && waited >= b->timeout;
        if ((int)s->queue.len < b->size && !due) break;
        server *sv = NULL;
        for (int i = 0; i < s->nslots && !sv; i++)
            if (mdl__server_can_start(&s->sv[i])) sv = &s->sv[i];
        if (!sv) break;
        bt_begin(s, sv, (int)s->queue.len < b->size ? (int)s->queue.len : b->size);
    }
    /* The next timeout: the first waiting unit's, unless one is pending. */
    if (b->timeout > 0.0 && s->queue.len && !b->timer) {
        double at = U(r, ring_at(&s->queue, 0))->enq + b->timeout;
        if (at > NOW(r)) b->timer = sim_event_schedule(r->w, at, 0, on_timeout, s, NULL);
    }
    if (s->waiters.len) mdl__station_pull(s);
}

/* A unit of a batch whose operation is over goes on as the server's own
 * unit does (server_after_op): to the station its next step chooses, or at
 * its route's end out of the line or to its shipping dock; by the
 * product's transport from this station when it has one, else straight
 * into the next buffer (mdl__batching_validate wants it unlimited). Its
 * destination is chosen once, also when it has to wait (b->to). False:
 * the transport cannot take it now; the server waits for it, blocked
 * (transport_wait: mdl__run_entry_retry, then mdl__bt_resume). */
static bool rider_leave(server *sv, uint32_t ui) {
    station *s = sv->st;
    mdl_run *r = s->run;
    bt_station *b = s->batching;
    unit *u = U(r, ui);
    const mdl_product *p = &r->products[u->product];
    bool carried = r->transport && mdl__transport_mode(r->transport, u->product, s->index) != MDL_TRANSPORT_DIRECT;
    station *next = NULL;
    if (b->to[sv->index] < 0) {
        u->step = route_next(r, u->product, u->variant, u->step);
        next = u->step >= p->nsteps ? NULL
               : p->steps           ? mdl__flex_station(r, ui, u->product, u->step, NULL)
                                    : &r->st[p->route[u->step]];
        int ship = !next && r->transport ? mdl__transport_ship_place(r->transport, u->product) : -1;
        if (carried && (next || ship >= 0)) b->to[sv->index] = next ? next->index : ship;
    }
    if (b->to[sv->index] >= 0) { /* transport hook: onto the out-point, belt or dock line, or wait */
        sv->transport_wait = true;
        if (!mdl__transport_offer(r->transport, sv->gid, ui, u->product, s->index, b->to[sv->index])) return false;
        sv->transport_wait = false;
        b->to[sv->index] = -1;
    } else if (!next) {
        mdl__unit_exit(r, ui);
        return true;
    } else {
        mdl__unit_enter(next, ui);
    }
    if (u->card) mdl__kanban_leave(r, s->index, ui, false); /* routing hook: a loop that ends here */
    return true;
}

/* Hands on the riders not sent yet, in their order; false when one waits.
 * A rider that waits opens a "blocked" record, closed by "unblocked" when
 * it goes (docs/event-log.md: the records come in pairs). */
static bool riders_leave(server *sv) {
    station *s = sv->st;
    bt_station *b = s->batching;
    const uint32_t *rd = &b->riders[(size_t)sv->index * (size_t)(b->size - 1)];
    int i = sv->index;
    while (b->sent[i] < b->nriders[i]) {
        uint32_t ui = rd[b->sent[i]];
        if (!rider_leave(sv, ui)) {
            /* Unless the offer let it pass already (a nested retry). */
            if (sv->transport_wait && b->block_to[i] == NO_BLOCK) {
                int to = U(s->run, ui)->step < s->run->products[U(s->run, ui)->product].nsteps ? b->to[i] : -1;
                if (sv->phase != PH_BLOCKED) {
                    sv->phase = PH_BLOCKED;
                    mdl__server_refresh(sv);
                }
                b->block_to[i] = to;
                LOGX(s->run, MDL_LOG_BLOCK, s->index, i, ui, s->index, to, 0, MDL_RES_NONE, -1);
            }
            return false;
        }
        if (b->block_to[i] != NO_BLOCK) {
            LOGX(s->run, MDL_LOG_UNBLOCK, s->index, i, ui, s->index, b->block_to[i], 0, MDL_RES_NONE, -1);
            b->block_to[i] = NO_BLOCK;
        }
        b->sent[i]++;
    }
    b->nriders[i] = b->sent[i] = 0;
    return true;
}

bool mdl__bt_complete(server *sv) {
    sv->st->batching->sent[sv->index] = 0;
    return riders_leave(sv);
}

bool mdl__bt_resume(server *sv) {
    if (sv->st->batching->nriders[sv->index] == 0) return false; /* the server's own unit waits */
    if (riders_leave(sv)) {
        /* The riders have gone: the server's own unit goes on as from a
         * finished operation, blocked only if it has to wait itself (and
         * then with a record of its own). Every path of mdl__op_leave sets
         * the phase again and refreshes the server. */
        if (sv->phase == PH_BLOCKED) sv->phase = PH_BUSY;
        mdl__op_leave(sv);
    }
    return true;
}

bool mdl_run_batch_kpi(const mdl_run *r, int si, double *mean_size, uint64_t *batches) {
    if (si < 0 || si >= r->nst || !r->st[si].batching) return false;
    const sim_mean *m = &r->st[si].batching->batch_mean;
    *mean_size = m->n ? sim_mean_value(m) : 0.0;
    *batches = m->n;
    return true;
}

void mdl__bt_result(const mdl_run *r, mdl_rep_result *out) {
    for (int si = 0; si < r->nst && si < out->nstations; si++) {
        const bt_station *b = r->st[si].batching;
        if (!b) continue;
        double *o = &out->flow[(size_t)si * MDL_XKPI_COUNT];
        o[MDL_XKPI_BATCHES] = (double)b->batch_mean.n;
        o[MDL_XKPI_BATCH_SIZE] = b->batch_mean.n ? sim_mean_value(&b->batch_mean) : 0.0;
        o[MDL_XKPI_BATCHES_FULL] = (double)b->full;
        o[MDL_XKPI_BATCHES_TIMEOUT] = (double)b->timed_out;
        o[MDL_XKPI_BATCH_WAIT_S] = b->wait.n ? sim_mean_value(&b->wait) : 0.0;
    }
}

/* An unlimited supply in front of a batching station keeps a whole batch
 * in its buffer, not one unit: the server starts only with a full batch
 * (or after batch_timeout), so one unit at a time would wait for ever.
 * The supply's sources take turns unit by unit (unlimited_turn). No more
 * once a unit has to wait outside (a full buffer) or went to another
 * station of a flexible first step. False: s does not batch (the caller
 * releases one unit). */
bool mdl__bt_top_up(station *s) {
    if (!s->batching) return false;
    mdl_run *r = s->run;
    uint32_t need = (uint32_t)s->batching->size;
    for (uint32_t k = 0; k < need && s->unlimited >= 0 && s->queue.len < need && (k == 0 || s->waiters.len == 0); k++)
        mdl__release_unit(r, unlimited_turn(r, s));
    return true;
}
