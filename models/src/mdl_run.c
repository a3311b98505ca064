/*
 * mdl_run.c - one replication: units flowing through stations on the kernel.
 *
 * Structure. Every server is a small state machine (phase: idle, setup,
 * busy, blocked) with three overriding conditions (its station off shift,
 * down after a breakdown, broken by hand). server_refresh() (mdl_run_lean.c) is the single
 * place that turns phase and conditions into (a) the ledger state, charging
 * the time spent in the previous one, (b) the pending completion event,
 * pausing or resuming the remaining work, and (c) the operating-time failure
 * clock. Everything else changes a phase or a condition and calls it, so the
 * ledger cannot drift from what the server is doing.
 *
 * Units are referred to by index into a pool that may move when it grows:
 * never keep a unit pointer across a call that can release a unit.
 *
 * This file holds orders (their units made as they move) and the
 * time-zero start; the hand-over (completion, next station, next start,
 * release), compiled in a lean and a general copy, is mdl_run_lean.c.
 */
#include "mdl_run_internal.h"

/* Makes the next unit of order oi, which entered the line at `entered`. */
uint32_t mdl__order_unit(mdl_run *r, int oi, double entered) {
    const mdl_order *o = &r->m->orders[oi];
    /* source: the order pseudo-source of its product */
    uint32_t ui = mdl__unit_new(r, o->product, r->m->nreleases + o->product, oi);
    unit *u = U(r, ui);
    u->due = o->due;
    u->variant = o->variant & 0xFFFFFFu; /* routing: of a family */
    u->step = route_next(r, o->product, u->variant, -1);
    u->released = u->enq = entered;
    u->in_line = 1;
    logev(r, MDL_LOG_CREATE, -1, ui);
    return ui;
}

/* ---- orders ------------------------------------------------------------------ */

/* The units of order oi not yet made (r->order_left) enter the buffer of s
 * as one entry, made into units one by one as servers take them. */
void mdl__order_batch(mdl_run *r, station *s, int oi) {
    double now = NOW(r);
    long n = r->order_left[oi];
    r->order_entered[oi] = now;
    r->released += (uint64_t)n;
    mdl__book_released(&r->book, r->m->orders[oi].product, (uint64_t)n);
    r->wip_now += n;
    sim_timeavg_set(&r->wip, now, (double)r->wip_now);
    ring_push(r, &s->queue, BATCH_BIT | (uint32_t)oi);
    s->qextra += n - 1;
    sim_timeavg_set(&s->qlen, now, (double)s->queue.len + (double)s->qextra);
    /* What unit_enter does after queueing a unit no server can take. */
    if (s->waiters.len) mdl__station_pull(s);
}

/* One unit of order oi enters the line at s (its first station), now; or,
 * with `dock`, is released at its receiving dock, bound for s. */
void mdl__order_enter(mdl_run *r, station *s, int oi, bool dock) {
    uint32_t ui = mdl__order_unit(r, oi, NOW(r));
    mdl__count_release(r, ui, dock ? -1 : s->index);
    if (dock) mdl__transport_receive(r->transport, ui, U(r, ui)->product, s->index); /* route ends */
    else mdl__unit_enter(s, ui);
}

/* An order releases its quantity at once: the units enter the first
 * station while it takes them, the rest wait in its backlog as one entry
 * (ORDER_TOKEN), and where they would all wait in an unlimited buffer they
 * enter it as one batch (BATCH_BIT). Either way a unit object is made only
 * when the unit moves, so memory does not grow with the quantity; the
 * order of events and every number are those of releasing the units one
 * by one. Orders release through a pseudo-source per product (index >=
 * nreleases). */
static void on_order(sim_world *w, void *subject, void *object) {
    (void)w;
    mdl_run *r = subject;
    int oi = (int)(intptr_t)object;
    const mdl_order *o = &r->m->orders[oi];
    int step = route_next(r, o->product, o->variant, -1); /* routing: the first step of its variant */
    station *first = r->products[o->product].steps ? mdl__flex_station_for(r, NO_UNIT, oi, o->product, step, NULL)
                                                   : &r->st[r->products[o->product].route[step]];
    if (r->logging) mdl__run_log_order(r, oi, first->index);
    r->order_left[oi] = o->quantity;
    mdl__book_order_released(&r->book, r->m, oi, sim_world_now(w));
    if (r->transport && mdl__transport_dock_of(r->transport, o->product) >= 0) { /* route ends: all to the dock */
        for (; r->order_left[oi] > 0; r->order_left[oi]--) mdl__order_enter(r, first, oi, true);
        return;
    }
    while (r->order_left[oi] > 0 && mdl__station_accepts_unit(first, o->product)) {
        if (mdl__order_batchable(first)) {
            mdl__order_batch(r, first, oi);
            return;
        }
        r->order_left[oi]--;
        mdl__order_enter(r, first, oi, false);
    }
    if (r->order_left[oi] > 0) ring_push(r, &first->waiters, ORDER_TOKEN | (uint32_t)oi);
}

/* Unlimited source i feeds station first: it joins the ring of the
 * station's unlimited sources, last (they take turns, unlimited_turn). */
static void unlimited_join(mdl_run *r, station *first, int i) {
    r->src[i].next_unlimited = i;
    if (first->unlimited < 0) {
        first->unlimited = i;
        return;
    }
    int j = first->unlimited;
    while (r->src[j].next_unlimited != first->unlimited) j = r->src[j].next_unlimited;
    r->src[j].next_unlimited = i;
    r->src[i].next_unlimited = first->unlimited;
}

/* People hook: pools and tasks, before the servers' first states. */
static void start_people(mdl_run *r) {
    const mdl_model *m = r->m;
    if (!mdl_model_has_people(m)) return;
    r->people = mdl__people_new(r, m, r->w, r->master, r->nall);
    if (!r->people) mdl__run_oom(r);
    for (int i = 0; i < r->nst; i++) {
        station *s = &r->st[i];
        s->people = mdl__people_station_has(r->people, i);
        if (s->people) s->plain_refresh = false;
    }
}

/* The time-zero part of mdl_run_new: first failures, calendars,
 * transport, sources and time-zero releases. */
void mdl__run_start(mdl_run *r, void *unused) {
    (void)unused;
    const mdl_model *m = r->m;
    start_people(r);
    mdl__handover_start(r); /* before any completion is pending */
    /* Initial ledger states, and the first failures. */
    for (int i = 0; i < r->nall; i++) {
        server *sv = r->all[i];
        const mdl_station_spec *sp = sv->st->spec;
        if (sp->has_failures) {
            double ttf = checked(r, sim_dist_sample(&sp->mtbf, &sv->fail_rng), "station", sp->id, "mtbf");
            if (ttf < 0.0) ttf = 0.0;
            if (sp->failure_clock == MDL_FAIL_CALENDAR) {
                if (sv->active) sv->fail_ev = sim_event_schedule(r->w, ttf, 0, mdl__on_fail, sv, NULL);
            } else {
                sv->ttf_left = ttf;
            }
        }
        mdl__server_refresh(sv);
    }

    /* Calendars: the first change of each calendar in use. */
    for (int c = 0; c < m->ncalendars; c++) {
        bool after;
        double next = mdl__calendar_next(m, c, 0.0, r->cal_on[c], &after);
        if (isfinite(next)) sim_event_schedule(r->w, next, shift_priority(after), mdl__on_shift, r, (void *)(intptr_t)c);
        /* The record stream starts with the calendars on at time 0. */
        if (r->cal_on[c]) LOGX(r, MDL_LOG_SHIFT_ON, -1, -1, NO_UNIT, -1, -1, 0, MDL_RES_CALENDAR, c);
    }

    /* People hook: the pools' shift changes, after the stations'. */
    if (r->people) mdl__people_start(r->people);

    /* Transport hook: fleets, robots and conveyors, before anything is
     * released (a time-zero start may already call a robot). */
    if (mdl_model_has_transport(m)) {
        r->transport = mdl__transport_new(r, m, r->w, r->master);
        if (!r->transport) mdl__run_oom(r);
    }

    bool assembly = mdl__asm_start(r); /* assembly hook: the stations that join a BOM */
    assembly = mdl__bt_start(r) || assembly; /* batching hook: never lean either */
    assembly = mdl__ds_start(r) || assembly; /* disassembly hook: nor this */
    mdl__start_sources(r);
    if (r->set.warmup > 0.0)
        sim_event_schedule(r->w, r->set.warmup, PRIO_WARMUP, mdl__on_warmup, r, NULL);
    for (int i = 0; i < m->norders; i++)
        sim_event_schedule(r->w, m->orders[i].release, 0, on_order, r, (void *)(intptr_t)i);
    for (int i = 0; i < m->nreleases; i++) {
        source *so = &r->src[i];
        const mdl_release *rel = so->rel;
        if (rel->kind == MDL_RELEASE_PUSH) {
            double dt = checked(r, sim_dist_sample(&rel->interarrival, &so->rng), "release of",
                                m->products[rel->product].id, "interarrival");
            sim_event_schedule(r->w, rel->start + (dt > 0.0 ? dt : 0.0), 0, mdl__on_arrival, so, NULL);
        } else if (rel->kind == MDL_RELEASE_UNLIMITED) {
            unlimited_join(r, &r->st[m->products[rel->product].route[route_next(r, rel->product, 0, -1)]], i);
        }
    }
    r->lean_model = !assembly && mdl__model_is_lean(r);
    run_update_lean(r); /* never trained; a listener only from mdl_run_new_recorded */
    /* AS/RS initial stock (transport hook, mdl_asrs_stock.c): in the racks before the releases. */
    if (r->transport) mdl__transport_stock(r->transport);
    /* Time-zero releases happen in model order, after everything is set. */
    for (int i = 0; i < m->nreleases; i++) {
        const mdl_release *rel = r->src[i].rel;
        if (rel->kind == MDL_RELEASE_CONWIP) {
            for (int k = 0; k < rel->wip; k++) mdl__release_unit(r, i);
        } else if (rel->kind == MDL_RELEASE_UNLIMITED) {
            station *first = &r->st[m->products[rel->product].route[route_next(r, rel->product, 0, -1)]];
            if (first->unlimited == i && first->queue.len == 0 && !mdl__bt_top_up(first))
                mdl__release_unit(r, unlimited_turn(r, first));
        }
    }
}
