/*
 * mdl_run_lean.c - the hand-over of a run: a completion, the next station,
 * the next start, and the release of a unit into the line.
 *
 * These steps run for nearly every event. They are small functions for
 * reading, inlined into the event actions (HOT, mdl_run_internal.h), and
 * compiled twice: a lean copy for runs that use no shifts, breakdowns,
 * setups, quality draws, rules, transport or log (`lean` below), and the
 * general one, which the other files of the run reach through the mdl__
 * entry points at the end. Orders and the time-zero start are in
 * mdl_run.c. bench/bench_line measures this path (bench/README.md); every
 * optimisation here keeps every number the same.
 */
#include "mdl_run_internal.h"

HOT uint32_t unit_alloc(mdl_run *r) {
    if (r->ufree == NO_UNIT) {
        uint32_t old = r->ucap, ncap = old ? old * 2 : 256;
        /* Indices stay below the token bits (XFER_BIT, BACKLOG_BIT). */
        unit *u = ncap <= XFER_BIT ? sim_world_realloc(r->w, r->units, (size_t)ncap * sizeof *u) : NULL;
        if (!u) mdl__run_oom(r);
        for (uint32_t i = old; i < ncap; i++) {
            u[i].next_free = i + 1 < ncap ? i + 1 : NO_UNIT;
            u[i].live = 0;
        }
        r->units = u;
        r->ucap = ncap;
        r->ufree = old;
    }
    uint32_t i = r->ufree;
    r->ufree = r->units[i].next_free;
    return i;
}

/* A new live unit with the next serial: of `product`, from release source
 * `src` and of order `order` (-1: none), all else zero. */
HOT uint32_t unit_new(mdl_run *r, int product, int src, int order) {
    uint32_t ui = unit_alloc(r);
    unit *u = U(r, ui);
    memset(u, 0, sizeof *u);
    u->live = 1;
    u->serial = ++r->next_serial;
    u->product = product;
    u->source = src;
    u->order = order;
    return ui;
}

HOT void unit_free(mdl_run *r, uint32_t i) {
    r->units[i].live = 0;
    r->units[i].next_free = r->ufree;
    r->ufree = i;
}

/* ---- forward declarations ------------------------------------------------ */

HOT void station_dispatch(station *s, bool lean);
HOT void station_pull(station *s, bool lean);
HOT void server_refresh(server *sv, bool lean);
HOT void server_after_op(server *sv, bool lean);
HOT void release_unit(mdl_run *r, int src, double due, bool lean);
static void on_done(sim_world *w, void *subject, void *object);
static void on_standby(sim_world *w, void *subject, void *object);
HOT void op_complete(server *sv, bool lean);

/* ---- ledger ---------------------------------------------------------------- */

static inline bool server_can_start(const server *sv, bool lean) {
    return sv->phase == PH_IDLE && (lean || (sv->active && !sv->retiring && !server_stopped(sv)));
}

/* Ledger state of a working server by phase (not off, down or broken). */
static const uint8_t phase_state[] = {
    [PH_IDLE] = MDL_STATE_IDLE,       [PH_SETUP] = MDL_STATE_SETUP, [PH_BUSY] = MDL_STATE_BUSY,
    [PH_BLOCKED] = MDL_STATE_BLOCKED, [PH_ROBOT] = MDL_STATE_BLOCKED, [PH_LOAD] = MDL_STATE_BUSY,
};

/* The completion event exists exactly while the operation progresses: it
 * is scheduled for the remaining work, or cancelled keeping what is left. */
HOT void sync_done_event(server *sv, sim_world *w, double now, bool progressing) {
    if (progressing) {
        if (!sv->done_ev) {
            sim_lane *lane = sv->run->done_lane;
            sv->phase_end = now + sv->remaining;
            if (lane) {
                sim_lane_schedule(lane, sv->phase_end, sv);
                sv->done_ev = 1;
            } else {
                sv->done_ev = sim_event_schedule(w, sv->phase_end, 0, on_done, sv, NULL);
            }
        }
    } else if (sv->done_ev) {
        mdl__done_cancel(sv);
        sv->remaining = sv->phase_end - now;
        if (sv->remaining < 0.0) sv->remaining = 0.0;
    }
}

static void server_refresh_general(server *sv) {
    station *s = sv->st;
    sim_world *w = s->run->w;
    double now = sim_world_now(w);
    if (s->people) mdl__run_crew_sync(sv); /* people hook */
    bool stopped = server_stopped(sv);
    bool working = sv->phase == PH_SETUP || sv->phase == PH_BUSY || sv->phase == PH_LOAD;
    bool waiting = sv->crew && !sv->crew_held; /* for people */
    bool progressing = working && !stopped && !waiting;

    sync_done_event(sv, w, now, progressing);
    if (sv->mt) mdl__run_maint_refresh(sv, working, progressing); /* maintenance hook */

    if (s->operating_failures) {
        if (progressing && !sv->fail_ev && !sv->down) {
            sv->run_since = now;
            sv->fail_ev = sim_event_schedule(w, now + sv->ttf_left, 0, mdl__on_fail, sv, NULL);
        } else if (!progressing && sv->fail_ev) {
            sim_event_cancel(w, sv->fail_ev);
            sv->fail_ev = 0;
            sv->ttf_left -= now - sv->run_since;
            if (sv->ttf_left < 0.0) sv->ttf_left = 0.0;
        }
    }

    int st;
    if (!sv->active)
        st = STATE_NONE;
    else if (sv->mt && sv->mt->state == MT_MAINT) /* planned work goes on off shift too */
        st = MDL_STATE_MAINT;
    else if (s->off)
        st = MDL_STATE_OFF;
    else if (sv->down || sv->hand_down || (sv->mt && sv->mt->state == MT_DOWN))
        st = MDL_STATE_DOWN;
    else if (waiting)
        st = MDL_STATE_WAIT_OPERATOR;
    else
        st = phase_state[sv->phase];

    /* Standby exists only where the station asks for it: elsewhere no
     * standby event is ever pending and sv->standby stays false. */
    if (s->has_standby) {
        if (st == MDL_STATE_IDLE && sv->standby) st = MDL_STATE_STANDBY;
        if (st == MDL_STATE_IDLE && !sv->standby_ev)
            sv->standby_ev = sim_event_schedule(w, now + s->spec->standby_after, 0, on_standby, sv, NULL);
        if (st != MDL_STATE_IDLE && st != MDL_STATE_STANDBY) {
            if (sv->standby_ev) {
                sim_event_cancel(w, sv->standby_ev);
                sv->standby_ev = 0;
            }
            sv->standby = false;
        }
    }

    sim_ledger_set(&sv->ledger, now, st);
}

/* Most calls find the server active and not stopped, at a station
 * without an operating-time failure clock or standby: then only the
 * completion event and the ledger state can change, and this inline copy
 * of the general case does exactly that (the caller usually knows the
 * phase, so it folds further). Everything else takes the general path. */
HOT void server_refresh(server *sv, bool lean) {
    station *s = sv->st;
    if (!lean && (!s->plain_refresh || !sv->active || s->off || sv->down || sv->hand_down)) {
        server_refresh_general(sv);
        return;
    }
    sim_world *w = s->run->w;
    double now = sim_world_now(w);
    int phase = sv->phase;
    sync_done_event(sv, w, now, phase == PH_SETUP || phase == PH_BUSY);
    int st = phase_state[phase];
    sim_ledger_set(&sv->ledger, now, st);
}

static void on_standby(sim_world *w, void *subject, void *object) {
    (void)w, (void)object;
    server *sv = subject;
    sv->standby_ev = 0;
    if (sv->active && sv->phase == PH_IDLE && !server_stopped(sv)) {
        sv->standby = true;
        server_refresh(sv, false);
    }
}

/* ---- buffers ------------------------------------------------------------- */

static inline bool station_has_idle(const station *s, bool lean) {
    for (int i = 0; i < s->nslots; i++)
        if (server_can_start(&s->sv[i], lean)) return true;
    return false;
}

/* Space for one more unit (buffer or an idle server), ignoring anyone
 * already waiting and the kanban cards. Room promised to an unloading
 * vehicle (reserved, transport hook) counts as taken. */
HOT bool station_has_space(const station *s, bool lean) {
    long reserved = lean ? 0 : s->reserved; /* only transport reserves */
    if (s->buffer < 0) return true;
    long queued = (long)s->queue.len + (lean ? 0 : s->qextra); /* order batches: never in lean runs */
    if (queued + reserved < s->buffer) return true;
    return s->queue.len == 0 && reserved == 0 && station_has_idle(s, lean);
}

/* Room for one more unit that needs a card where a kanban loop starts. */
HOT bool station_has_room(const station *s, bool lean) {
    if (!lean && s->kanban_in >= 0 && s->run->rt.cards_free[s->kanban_in] == 0) return false; /* routing hook */
    return station_has_space(s, lean);
}

/* Routing hook: a unit that comes back to the first station of the loop
 * whose card it holds needs no new card; with every card out it passes
 * the units that wait for one (they cannot move, it can: without this a
 * re-entrant route deadlocks its loop). */
static bool carded_reentry(const station *s, uint32_t ui) {
    return s->kanban_in >= 0 && ui != NO_UNIT && s->run->units[ui].card == (uint32_t)s->kanban_in + 1 &&
           s->run->rt.cards_free[s->kanban_in] == 0 && !s->assembly && station_has_space(s, false);
}

/* May a newcomer enter now? Not while others wait: they go first. */
HOT bool station_accepts_new(const station *s, bool lean) {
    return s->waiters.len == 0 && station_has_room(s, lean);
}

/* The same for a newcomer of `product`: at an assembly station (never in
 * lean runs) the question is about that component's own buffer. */
HOT bool station_accepts_unit(const station *s, int product, bool lean) {
    if (!lean && s->assembly) return mdl__asm_accepts(s, product); /* assembly hook */
    return station_accepts_new(s, lean);
}

/* The next cycle time at station s for product p. Where the law does not
 * depend on the product, the draw is made one operation ahead: the value
 * an operation uses is the same (the same stream, drawn in the same
 * order), but its logarithm is no longer on the path from a completion to
 * the scheduling of the next one. */
HOT double cycle_draw(station *s, int p) {
    mdl_run *r = s->run;
    if (!s->cycle)
        return checked(r, sim_dist_sample(r->cycle_tab[p * r->nst + s->index], &s->cycle_rng), "station",
                       s->spec->id, "cycle");
    double d = s->cycle_next;
    s->cycle_next = checked(r, sim_dist_sample(s->cycle, &s->cycle_rng), "station", s->spec->id, "cycle");
    return d;
}

/* Begins the operation on unit ui, which has just left the buffer (or
 * gone straight to the machine). */
HOT void server_begin(server *sv, uint32_t ui, bool lean) {
    station *s = sv->st;
    mdl_run *r = sv->run;
    sv->unit = ui;
    int p = U(r, ui)->product;
    /* Where the unit goes next: read now, so that the completion starts
     * from the server's own fields rather than from a chain of loads
     * (unit, product, route, station). */
    const mdl_product *pp = &r->products[p];
    /* next_st is read in lean runs only, whose routes have no steps that
     * depend on the options (a run may turn lean while this operation
     * runs, so it is set whatever the mode). */
    if (lean) { /* the run's table by route step (step_tab_start) */
        const step_info *e = &r->step_tab[r->step_base[p] + U(r, ui)->step];
        sv->next_st = e->next;
    } else {
        int next_step = U(r, ui)->step + 1;
        sv->next_st = next_step < pp->nsteps ? &r->st[pp->route[next_step]] : NULL;
    }
    const sim_dist *setup = NULL;
    /* Routing hook: families, visit cycles (a variant at a station where
     * its options change nothing takes the plain path). */
    bool set_up = false, routing = !lean && r->routing && rt_needed(r, p, s->index);
    if (!lean && !routing && sv->last_product >= 0 && sv->last_product != p)
        setup = mdl__setup(r->m, s->index, sv->last_product, p);
    sv->last_product = routing ? sv->last_product : p;
    if (!lean && !routing) sv->last_variant = U(r, ui)->variant; /* the setup rule's "same variant" */
    double d = routing ? mdl__rt_begin(sv, ui, &set_up)
               : setup ? checked(r, sim_dist_sample(setup, &s->setup_rng), "station", s->spec->id, "setup")
                       : cycle_draw(s, p);
    setup = set_up ? &s->spec->setup : setup; /* non-NULL: the operation begins with a setup */
    sv->phase = setup ? PH_SETUP : PH_BUSY;
    sv->remaining = d < 0.0 ? 0.0 : d;
    sv->op_total = sv->remaining;
    sv->ideal_op = sv->remaining; /* the cycle's own time (a setup's: set again when the cycle begins) */
    if (!lean && s->people) { /* people hook: a person loads first */
        sv->crew_scaled = false;
        if (!setup) mdl__run_begin_load(sv, p);
    }
    if (!lean && r->transport && mdl__transport_tended(r->transport, s->index)) { /* transport hook: robot loads first */
        sv->robot_next = sv->phase;
        sv->phase = PH_ROBOT;
        sv->robot_unload = false;
        mdl__transport_robot_request(r->transport, s->index, sv->gid, true);
    }
    if (!lean) LOGX(r, MDL_LOG_START, s->index, sv->index, ui, -1, -1, setup != NULL, MDL_RES_NONE, -1);
    server_refresh(sv, lean);
    /* A unit left the buffer: top up an unlimited supply, then let blocked
     * upstream servers and waiting releases in. */
    if (s->unlimited >= 0 && s->queue.len == 0 && (lean || !s->batching || !mdl__bt_top_up(s))) /* batching hook */
        release_unit(r, unlimited_turn(r, s), -1.0, lean);
    if (s->waiters.len) station_pull(s, lean);
}

/* Takes the next unit out of the buffer and begins its operation; false
 * when none may start (a plan's policy wait, mdl_plan.h). */
HOT bool server_start(server *sv, bool lean) {
    station *s = sv->st;
    mdl_run *r = s->run;
    double now = NOW(r);
    uint32_t ui;
    if (lean) {
        ui = ring_remove(&s->queue, 0);
    } else {
        uint32_t at = pick_from_queue(s, sv->index, (mdl_dispatch_last){sv->last_product, sv->last_variant});
        if (at == NO_UNIT) return false;
        ui = ring_at(&s->queue, at);
        if (ui & BATCH_BIT) { /* the next unit of an order batch is made now */
            int oi = (int)(ui & ~BATCH_BIT);
            ui = mdl__order_unit(r, oi, r->order_entered[oi]);
            if (--r->order_left[oi] == 0)
                ring_remove(&s->queue, at);
            else
                s->qextra--;
        } else {
            ring_remove(&s->queue, at);
        }
    }
    sim_timeavg_set(&s->qlen, now, (double)s->queue.len + (double)(lean ? 0 : s->qextra));
    sim_mean_add(&s->wait, now - U(r, ui)->enq);
    server_begin(sv, ui, lean);
    return true;
}

/* Starts queued units on the servers [from, nslots) that can take one. */
HOT void start_queued(station *s, int from, bool lean) {
    for (int i = from; i < s->nslots && s->queue.len > 0; i++)
        if (server_can_start(&s->sv[i], lean)) server_start(&s->sv[i], lean); /* false: this server waits (a plan) */
}

/* The general copy stays out of line (the recursion of a hand-over goes
 * through a call here, and through station_pull and release_unit); the
 * lean copy, whose recursion goes through those two, is inlined into the
 * completion event. */
NOINLINE static void start_queued_all(station *s, int from) { start_queued(s, from, false); }

HOT void station_start_queued(station *s, int from, bool lean) {
    if (lean)
        start_queued(s, from, true);
    else
        start_queued_all(s, from);
}

/* Called after every change at a station, and mostly finds nothing to
 * do: the checks stay inline, the work out of line. */
HOT void station_dispatch(station *s, bool lean) {
    if (!lean && s->assembly) { /* assembly hook */
        mdl__asm_dispatch(s);
        return;
    }
    if (!lean && s->batching) { /* batching hook */
        mdl__bt_dispatch(s);
        return;
    }
    if (!lean && s->disassembly) mdl__ds_dispatch(s); /* disassembly hook: parts to hand on first */
    if (s->queue.len && station_has_idle(s, lean)) station_start_queued(s, 0, lean);
    /* An idle server with an empty buffer is room too (buffer = 0 means
     * "only the machine"): let a blocked upstream unit in. */
    if (s->waiters.len) station_pull(s, lean);
}

/* A unit arrives in the buffer. If the buffer is empty and a server can
 * start, the unit goes straight to the machine: this is what pushing it,
 * dispatching and popping it again would do, without touching the buffer.
 * Its wait is exactly 0, and the queue length stays 0, so its time
 * average adds 0 x (time since the last change) either way. */
HOT void unit_enter(station *s, uint32_t ui, bool lean) {
    mdl_run *r = s->run;
    double now = NOW(r);
    if (!lean) logev(r, MDL_LOG_QUEUE, s->index, ui);
    if (!lean && s->kanban_in >= 0) mdl__kanban_enter(r, s, ui); /* routing hook: a batching station's too */
    if (!lean && s->assembly) { /* assembly hook: into its component's buffer */
        mdl__asm_enter(s, ui);
        return;
    }
    if (!lean && s->batching) { /* batching hook: always through the buffer */
        mdl__bt_enter(s, ui);
        return;
    }
    /* The servers first: on a busy line the answer is mostly "none free",
     * and that branch predicts better than "is the buffer empty". */
    bool none_free = true;
    for (int i = 0; i < s->nslots; i++) {
        if (!server_can_start(&s->sv[i], lean)) continue;
        none_free = false;
        if (s->queue.len || (!lean && r->plan && !mdl__plan_may_start(s, i, ui))) break;
        sim_mean_add(&s->wait, 0.0);
        server_begin(&s->sv[i], ui, lean);
        if (s->queue.len) station_start_queued(s, i + 1, lean);
        if (s->waiters.len) station_pull(s, lean);
        return;
    }
    U(r, ui)->enq = now;
    ring_push(s->run, &s->queue, ui);
    sim_timeavg_set(&s->qlen, now, (double)s->queue.len + (double)(lean ? 0 : s->qextra));
    if (none_free) { /* station_dispatch, knowing that no server can start */
        if (s->waiters.len) station_pull(s, lean);
    } else {
        station_dispatch(s, lean);
    }
}

/* ---- leaving the line -------------------------------------------------------- */

HOT void line_unit_out(mdl_run *r, uint32_t ui, bool lean) {
    double now = NOW(r);
    r->wip_now--;
    sim_timeavg_set(&r->wip, now, (double)r->wip_now);
    int src = U(r, ui)->source, card = lean ? 0 : U(r, ui)->card;
    unit_free(r, ui);
    if (card) mdl__kanban_return(r, card - 1); /* routing hook */
    if (src >= 0 && r->src[src].kind == MDL_RELEASE_CONWIP) release_unit(r, src, -1.0, lean);
}

HOT void unit_exit(mdl_run *r, uint32_t ui, bool lean) {
    double now = NOW(r);
    unit *u = U(r, ui);
    r->finished++;
    if (u->ever_defective) r->defect_num++;
    if (!u->defective) {
        double lt = now - u->released;
        r->out_good++;
        sim_tally_add(&r->lead, lt);
        sim_loghist_add(&r->lead_hist, lt);
        if (!u->reworked) r->out_fpy++;
        if (u->due >= 0.0) {
            r->due_units++;
            if (now <= u->due) r->on_time++;
        }
        mdl__book_out(&r->book, u->order, u->product, MDL_BOOK_GOOD, now, lt, u->due);
    } else {
        r->out_defective++;
        mdl__book_out(&r->book, u->order, u->product, MDL_BOOK_DEFECTIVE, now, 0.0, u->due);
    }
    if (!lean) LOGX(r, MDL_LOG_EXIT, -1, -1, ui, -1, -1, u->defective, MDL_RES_NONE, -1);
    line_unit_out(r, ui, lean);
}

/* ---- moving on --------------------------------------------------------------- */

/* Takes an idle server out of service (trainer action): it no longer
 * fails, and a repair under way is dropped with the breakdown. */
static void server_deactivate(server *sv) {
    sim_world *w = sv->st->run->w;
    sv->active = false;
    sv->retiring = false;
    if (sv->mt) mdl__maint_set_active(sv->mt, false);
    if (sv->fail_ev) {
        sim_event_cancel(w, sv->fail_ev);
        sv->fail_ev = 0;
    }
    if (sv->repair_ev) {
        sim_event_cancel(w, sv->repair_ev);
        sv->repair_ev = 0;
        sv->down = false;
    }
    if (sv->run->people && sv->down) { /* people hook: a technician on the way is called off */
        mdl__people_repair_end(sv->run->people, sv->gid);
        sv->down = false;
    }
}

/* The server gives up its unit and becomes idle (or retires). */
HOT void server_free(server *sv, bool lean) {
    if (!lean && sv->st->disassembly && mdl__ds_server_free(sv)) return; /* disassembly hook: parts remain */
    sv->unit = NO_UNIT;
    sv->phase = PH_IDLE;
    if (!lean && sv->retiring) server_deactivate(sv);
    server_refresh(sv, lean);
}

/* Hands the finished unit of a server to its next station (or the sink). */
HOT void server_handoff(server *sv, station *next, bool lean) {
    mdl_run *r = sv->st->run;
    uint32_t ui = sv->unit;
    U(r, ui)->step = sv->next_step;
    server_free(sv, lean);
    unit_enter(next, ui, lean);
    if (!lean && U(r, ui)->card) mdl__kanban_leave(r, sv->st->index, ui, false); /* routing hook */
    station_dispatch(sv->st, lean);
}

HOT void server_after_op(server *sv, bool lean) {
    station *s = sv->st;
    mdl_run *r = sv->run;
    if (!lean && s->disassembly) mdl__ds_after_op(sv); /* disassembly hook: the unit becomes its first part */
    uint32_t ui = sv->unit;
    station *next;
    bool all = false; /* routing hook: first free, none can take it: wait at every station of the step */
    if (lean) {
        next = sv->next_st;
    } else {
        const mdl_product *p = &r->products[U(r, ui)->product];
        next = sv->next_step >= p->nsteps ? NULL
               : p->steps ? mdl__flex_station(r, ui, U(r, ui)->product, sv->next_step, &all)
                          : &r->st[p->route[sv->next_step]];
    }
    int ship = !next && !lean && r->transport ? mdl__transport_ship_place(r->transport, U(r, ui)->product) : -1;
    if (!next && ship < 0) {
        server_free(sv, lean);
        unit_exit(r, ui, lean);
        station_dispatch(s, lean);
        return;
    }
    if (!lean && r->transport && mdl__transport_mode(r->transport, U(r, ui)->product, s->index) != MDL_TRANSPORT_DIRECT) {
        int to = next ? next->index : ship, logto = next ? next->index : -1; /* route ends: to a shipping dock */
        /* Transport hook: the unit leaves by vehicle or belt when its entry
         * (out-point, belt entry) has room; else the server blocks until the
         * transport calls mdl__run_entry_retry. */
        U(r, ui)->step = sv->next_step;
        /* Blocked and waiting before the offer: if the entry serves others
         * first, a stopped one among them lets this server pass inside the
         * offer (mdl__run_entry_retry), which then frees it itself. */
        bool was_blocked = sv->phase == PH_BLOCKED; /* again, from mdl__run_entry_retry */
        sv->phase = PH_BLOCKED;
        sv->transport_wait = true;
        server_refresh(sv, false);
        if (mdl__transport_offer(r->transport, sv->gid, ui, U(r, ui)->product, s->index, to)) {
            if (was_blocked) LOGX(r, MDL_LOG_UNBLOCK, s->index, sv->index, ui, s->index, logto, 0, MDL_RES_NONE, -1);
            sv->transport_wait = false;
            server_free(sv, false);
            if (U(r, ui)->card) mdl__kanban_leave(r, s->index, ui, false); /* routing hook: as server_handoff */
            station_dispatch(s, false);
        } else if (!was_blocked) {
            LOGX(r, MDL_LOG_BLOCK, s->index, sv->index, ui, s->index, logto, 0, MDL_RES_NONE, -1);
        }
        return;
    }
    if (!all && (station_accepts_unit(next, U(r, ui)->product, lean) || (!lean && carded_reentry(next, ui)))) {
        server_handoff(sv, next, lean);
    } else {
        sv->phase = PH_BLOCKED;
        sv->in_waiters = true;
        if (all) mdl__flex_wait_all(r, U(r, ui)->product, sv->next_step, (uint32_t)sv->gid);
        else ring_push(next->run, &next->waiters, (uint32_t)sv->gid);
        if (!lean) LOGX(r, MDL_LOG_BLOCK, s->index, sv->index, ui, s->index, next->index, 0, MDL_RES_NONE, -1);
        server_refresh(sv, lean);
    }
}

HOT void admit(station *s, uint32_t pick, bool lean);

/* Lets in the first waiting server whose unit holds the card of the loop
 * that starts at s (carded_reentry); false when there is none. */
static bool reentry_waiter(station *s) {
    mdl_run *r = s->run;
    for (uint32_t i = 0; i < s->waiters.len; i++) {
        uint32_t v = ring_at(&s->waiters, i);
        if (v & BACKLOG_BIT) continue; /* releases; order tokens have both bits */
        /* transport hook: a vehicle, belt or AS/RS that brings a unit back */
        if (v & XFER_BIT) {
            if (!mdl__station_reentry(s, mdl__transport_token_unit(r->transport, v & ~XFER_BIT))) continue;
            admit(s, i, false);
            return true;
        }
        const server *up = r->all[v];
        if (!server_stopped(up) && carded_reentry(s, up->unit)) {
            admit(s, i, false);
            return true;
        }
    }
    return false;
}

/* Lets waiting upstream servers and backlog releases in, first come first. */
HOT void pull(station *s, bool lean) {
    mdl_run *r = s->run;
    if (!lean && s->assembly) { /* assembly hook: by component */
        mdl__asm_pull(s);
        return;
    }
    for (;;) {
        if (s->waiters.len == 0) return;
        if (!station_has_room(s, lean)) {
            if (lean || s->kanban_in < 0 || !reentry_waiter(s)) return; /* routing hook */
            continue;
        }
        /* The first waiter able to move goes: a blocked server that is down
         * or off shift keeps its place but lets the next one pass. */
        uint32_t pick = UINT32_MAX;
        for (uint32_t i = 0; i < s->waiters.len; i++) {
            uint32_t v = ring_at(&s->waiters, i);
            if (v & (BACKLOG_BIT | XFER_BIT)) {
                pick = i;
                break;
            }
            const server *up = r->all[v];
            if (lean || !server_stopped(up)) {
                pick = i;
                break;
            }
        }
        if (pick == UINT32_MAX) return;
        admit(s, pick, lean);
    }
}

/* Unit ui is released now (into station si; -1: at a receiving dock). */
HOT void count_release(mdl_run *r, uint32_t ui, int si, bool lean) {
    double now = NOW(r);
    unit *u = U(r, ui);
    u->released = now;
    u->in_line = 1;
    r->released++;
    mdl__book_released(&r->book, u->product, 1);
    r->wip_now++;
    sim_timeavg_set(&r->wip, now, (double)r->wip_now);
    if (!lean) logev(r, MDL_LOG_RELEASE, si, ui);
}

/* Lets waiter number `pick` of s in (there is room for it). */
HOT void admit(station *s, uint32_t pick, bool lean) {
    mdl_run *r = s->run;
    uint32_t v = ring_at(&s->waiters, pick);
    if (!lean && (v & ORDER_TOKEN) == ORDER_TOKEN) { /* the backlog of an order: its next unit */
        int oi = (int)(v & ~ORDER_TOKEN);
        if (mdl__order_batchable(s)) { /* all of it goes to the buffer at once */
            ring_remove(&s->waiters, pick);
            mdl__order_batch(r, s, oi);
            return;
        }
        if (--r->order_left[oi] == 0) ring_remove(&s->waiters, pick);
        mdl__order_enter(r, s, oi, false);
        return;
    }
    ring_remove(&s->waiters, pick);
    if (!lean && r->routing) mdl__flex_unwait(r, s, v); /* routing hook */
    if (v & BACKLOG_BIT) {
        uint32_t ui = v & ~BACKLOG_BIT;
        count_release(r, ui, s->index, lean);
        unit_enter(s, ui, lean);
    } else if (!lean && (v & XFER_BIT)) { /* transport hook: a vehicle or belt end gets the room */
        mdl__station_reserve(s, v & ~XFER_BIT);
        mdl__transport_granted(r->transport, v & ~XFER_BIT);
    } else {
        server *up = r->all[v];
        up->in_waiters = false;
        if (!lean)
            LOGX(r, MDL_LOG_UNBLOCK, up->st->index, up->index, up->unit, up->st->index, s->index, 0, MDL_RES_NONE,
                 -1);
        server_handoff(up, s, lean);
    }
}

/* Would the next unit entering s go to its buffer (not straight to a server),
 * with room for any number of units there? Then an order's units may enter
 * as one batch. Not with a log, which names each unit as it is released,
 * nor at a batching station, whose batches take units from the buffer
 * themselves (mdl_batching.c). */
bool mdl__order_batchable(const station *s) {
    return s->buffer < 0 && !s->run->logging && !s->reserved && s->kanban_in < 0 && !s->assembly && !s->batching &&
           (s->queue.len > 0 || !station_has_idle(s, false));
}

NOINLINE static void pull_lean(station *s) { pull(s, true); }
NOINLINE static void pull_all(station *s) { pull(s, false); }

HOT void station_pull(station *s, bool lean) {
    if (lean)
        pull_lean(s);
    else
        pull_all(s);
}

/* ---- events ------------------------------------------------------------------ */

/* A server's setup or operation ends. */
HOT void done(server *sv, bool lean) {
    station *s = sv->st;
    mdl_run *r = sv->run;
    sv->done_ev = 0;
    uint32_t ui = sv->unit;
    int prod = U(r, ui)->product;
    if (!lean && sv->phase == PH_SETUP) {
        sv->phase = PH_BUSY;
        sv->remaining = r->routing && rt_needed(r, prod, s->index) ? mdl__rt_cycle(s, ui) : cycle_draw(s, prod);
        if (sv->remaining < 0.0) sv->remaining = 0.0;
        sv->op_total = sv->remaining;
        sv->ideal_op = sv->remaining;
        if (s->people) { /* people hook: a person loads first */
            sv->crew_scaled = false;
            mdl__run_begin_load(sv, prod);
        }
        server_refresh(sv, false);
        return;
    }
    if (!lean && sv->phase == PH_LOAD) { /* people hook: loaded, the machine runs alone */
        sv->phase = PH_BUSY;
        sv->remaining = sv->busy_rest;
        sv->crew_scaled = false;
        server_refresh(sv, false);
        return;
    }
    if (!lean && r->transport && mdl__transport_tended(r->transport, s->index)) { /* transport hook: the robot unloads first */
        sv->phase = PH_ROBOT;
        sv->robot_unload = true;
        server_refresh(sv, false);
        mdl__transport_robot_request(r->transport, s->index, sv->gid, false);
        return;
    }
    op_complete(sv, lean);
}

static void on_done(sim_world *w, void *subject, void *object) {
    (void)w, (void)object;
    server *sv = subject;
    if (sv->run->lean)
        done(sv, true);
    else
        done(sv, false);
}

/* A lean run's completions fired straight from their lane (sim_lane_run):
 * the same events in the same order, with the hand-over inlined into the
 * loop instead of called through the world's. */
static inline void done_lean(sim_world *w, void *subject) {
    (void)w;
    done(subject, true);
}

NOINLINE sim_run_status mdl__run_slice(mdl_run *r, double t, uint64_t max_fired) {
    if (r->lean && r->done_lane) {
        sim_run_status st = sim_lane_run(r->done_lane, t, max_fired, done_lean);
        if (st != SIM_RUN_REACHED) return st;
    }
    return sim_world_run_until_max(r->w, t, max_fired);
}

/* The operation of a server is complete (and its unit unloaded). */
HOT void op_complete(server *sv, bool lean) {
    station *s = sv->st;
    mdl_run *r = sv->run;
    uint32_t ui = sv->unit;
    s->done++;
    if (!lean && sv->mt) mdl__maint_cycle(sv->mt); /* maintenance hook: cycles, end of unit */
    s->ideal_done += lean ? sv->ideal_op : sv->ideal_op * sv->batch_share;
    sv->next_step = lean ? U(r, ui)->step + 1 : route_next(r, U(r, ui)->product, U(r, ui)->variant, U(r, ui)->step);
    if (!lean && r->people) mdl__people_op_done(r->people, sv->gid, s->index); /* people hook */
    if (lean) {
        s->good_done++;
        s->judged++;
        server_after_op(sv, true);
    } else if (!s->batching || mdl__bt_complete(sv)) { /* batching hook: the rest of the batch moves on first */
        mdl__op_leave(sv); /* judged, handed on (mdl_run_quality.c); after a batch's wait: mdl__bt_resume */
    }
}

/* ---- release ----------------------------------------------------------------- */

HOT void release(mdl_run *r, int src, double due, bool lean) {
    int prod = r->src[src].product;
    uint32_t ui = unit_new(r, prod, src, -1);
    unit *u = U(r, ui);
    u->step = lean ? 0 : route_next(r, prod, 0, -1); /* variant 0 */
    u->due = due;
    if (!lean) logev(r, MDL_LOG_CREATE, -1, ui);
    bool all = false; /* routing hook: a flexible first step */
    station *first = !lean && r->products[prod].steps ? mdl__flex_station(r, ui, prod, u->step, &all)
                                                     : &r->st[r->products[prod].route[u->step]];
    bool dock = !lean && !all && r->transport && mdl__transport_dock_of(r->transport, prod) >= 0; /* route ends */
    if (dock || (!all && station_accepts_unit(first, prod, lean))) {
        count_release(r, ui, dock ? -1 : first->index, lean);
        if (dock) mdl__transport_receive(r->transport, ui, prod, first->index); /* at its receiving dock */
        else unit_enter(first, ui, lean);
    } else if (all) {
        mdl__flex_wait_all(r, prod, u->step, BACKLOG_BIT | ui);
    } else {
        ring_push(r, &first->waiters, BACKLOG_BIT | ui);
    }
}

NOINLINE static void release_lean(mdl_run *r, int src, double due) { release(r, src, due, true); }
NOINLINE static void release_all(mdl_run *r, int src, double due) { release(r, src, due, false); }

/* Releases a unit of source src into the line (or its backlog). */
HOT void release_unit(mdl_run *r, int src, double due, bool lean) {
    if (lean)
        release_lean(r, src, due);
    else
        release_all(r, src, due);
}

void mdl__on_arrival(sim_world *w, void *subject, void *object) {
    (void)object;
    source *so = subject;
    mdl_run *r = so->run;
    so->count++;
    if (so->rel->limit == 0 || so->count < so->rel->limit) {
        double dt = checked(r, sim_dist_sample(&so->rel->interarrival, &so->rng), "release of",
                            r->products[so->product].id, "interarrival");
        sim_event_after(w, dt > 0.0 ? dt : 0.0, 0, mdl__on_arrival, so, NULL);
    }
    release_unit(r, so->index, -1.0, r->lean);
}

/* ---- entry points for the other files of the run (mdl_run_internal.h) ------- */

/* The general (not lean) copies of the hand-over steps, for the event
 * actions in the other files: stops (mdl_run_stops.c) and the transport
 * seam (mdl_run_seam.c). */
bool mdl__station_accepts(const station *s) { return station_accepts_new(s, false); }
bool mdl__station_reentry(const station *s, uint32_t ui) { return carded_reentry(s, ui); }
void mdl__unit_enter(station *s, uint32_t ui) { unit_enter(s, ui, false); }
void mdl__station_pull(station *s) { station_pull(s, false); }
void mdl__station_dispatch(station *s) { station_dispatch(s, false); }
void mdl__server_free(server *sv) { server_free(sv, false); }
void mdl__server_refresh(server *sv) { server_refresh(sv, false); }
void mdl__server_after_op(server *sv) { server_after_op(sv, false); }
void mdl__op_complete(server *sv) { op_complete(sv, false); }
void mdl__server_deactivate(server *sv) { server_deactivate(sv); }
double mdl__cycle_draw(station *s, int product) { return cycle_draw(s, product); }
void mdl__release_unit(mdl_run *r, int src) { release_unit(r, src, -1.0, false); }
uint32_t mdl__unit_new(mdl_run *r, int product, int src, int order) {
    return unit_new(r, product, src, order);
}
void mdl__server_begin(server *sv, uint32_t ui) { server_begin(sv, ui, false); }
bool mdl__server_can_start(const server *sv) { return server_can_start(sv, false); }
void mdl__line_unit_out(mdl_run *r, uint32_t ui) { line_unit_out(r, ui, false); }
void mdl__waiter_admit(station *s, uint32_t at) { admit(s, at, false); }
bool mdl__station_accepts_unit(const station *s, int product) { return station_accepts_unit(s, product, false); }
void mdl__count_release(mdl_run *r, uint32_t ui, int si) { count_release(r, ui, si, false); }

void mdl__unit_exit(mdl_run *r, uint32_t ui) { unit_exit(r, ui, false); }

/* The table of route steps of a lean run's hand-over: for each product's
 * step, the station of the step after it. A lean run's units follow their
 * plain routes, so this is what server_begin would otherwise look up
 * through the unit's product and route. */
static void step_tab_start(mdl_run *r) {
    int np = r->m->nproducts, n = 0;
    for (int p = 0; p < np; p++) n += r->products[p].nsteps;
    r->step_tab = sim_world_realloc(r->w, NULL, (size_t)(n + 1) * sizeof *r->step_tab + (size_t)(np + 1) * sizeof(int));
    if (!r->step_tab) mdl__run_oom(r);
    r->step_base = (int *)(void *)(r->step_tab + n + 1);
    for (int p = 0, k = 0; p < np; p++) {
        const mdl_product *pp = &r->products[p];
        r->step_base[p] = k;
        for (int i = 0; i < pp->nsteps; i++, k++) {
            r->step_tab[k].next = i + 1 < pp->nsteps ? &r->st[pp->route[i + 1]] : NULL;
        }
    }
}

/* A short line's completions wait in a lane of their own (sim_lane.h):
 * the same order of events as in the calendar, for fewer instructions.
 * A lane's insertion moves the items due later, so a line of more
 * servers keeps them in the calendar. */
#define DONE_LANE_SERVERS 16

static void done_lane_start(mdl_run *r) {
    int active = 0;
    for (int i = 0; i < r->nall; i++) active += r->all[i]->active;
    if (active <= DONE_LANE_SERVERS) r->done_lane = sim_lane_new(r->w, (size_t)r->nall, 0, on_done);
}

void mdl__handover_start(mdl_run *r) {
    done_lane_start(r);
    step_tab_start(r);
}

void mdl__done_cancel(server *sv) {
    mdl_run *r = sv->run;
    if (r->done_lane)
        sim_lane_cancel(r->done_lane, sv);
    else
        sim_event_cancel(r->w, sv->done_ev);
    sv->done_ev = 0;
}

/* Who fires an event of this file's actions, for the message of a run
 * whose clock stands still (mdl_run_life.c). */
void mdl__run_event_who(const mdl_run *r, sim_event_fn *fn, void *subject, char *who, size_t n) {
    if (fn == mdl__on_arrival) {
        const source *so = subject;
        snprintf(who, n, "release of '%s': interarrival: arrivals", r->products[so->product].id);
    } else if (fn == on_done || fn == mdl__on_fail || fn == mdl__on_repair || fn == on_standby) {
        const server *sv = subject;
        snprintf(who, n, "station '%s': %s", sv->st->spec->id,
                 fn == on_done ? "operations" : fn == on_standby ? "standby" : "breakdowns and repairs");
    } else {
        snprintf(who, n, "%s", r->transport ? "material handling: moves" : "events");
    }
}
