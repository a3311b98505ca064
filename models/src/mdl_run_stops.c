/*
 * mdl_run_stops.c - what stops and restarts servers: breakdowns and
 * repairs, shift changes, and the trainer's actions (break, repair, change
 * the number of servers). server_refresh (mdl_run_lean.c) turns each change
 * into the ledger state and the pending events.
 */
#include "mdl_run_internal.h"

/* ---- breakdowns and shifts --------------------------------------------------- */

void mdl__on_fail(sim_world *w, void *subject, void *object) {
    (void)object;
    server *sv = subject;
    station *s = sv->st;
    sv->fail_ev = 0;
    sv->down = true;
    s->failures_win++;
    s->failures_total++;
    LOGX(s->run, MDL_LOG_DOWN, s->index, sv->index, NO_UNIT, -1, -1, 0, MDL_RES_NONE, -1);
    double ttr = checked(s->run, sim_dist_sample(&s->spec->mttr, &sv->fail_rng), "station", s->spec->id, "mttr");
    if (s->spec->failure_clock == MDL_FAIL_OPERATING)
        sv->ttf_left = checked(s->run, sim_dist_sample(&s->spec->mtbf, &sv->fail_rng), "station", s->spec->id, "mtbf");
    (void)w;
    mdl__repair_start(sv, ttr);
    mdl__server_refresh(sv);
}

void mdl__repair_start(server *sv, double ttr) {
    mdl_run *r = sv->run;
    /* People hook: a repair crew comes first (mdl__run_repair_begin). */
    if (r->people && mdl__people_repair(r->people, sv->gid, sv->st->index, ttr)) return;
    sv->repair_ev = sim_event_after(r->w, ttr > 0.0 ? ttr : 0.0, 0, mdl__on_repair, sv, NULL);
}

void mdl__run_repair_begin(mdl_run *r, int gid, double ttr) {
    if (gid >= r->nall) { /* a robot's or vehicle's technician came (mdl_maint_res.c) */
        mdl__transport_crew_arrived(r->transport, gid - r->nall, ttr);
        return;
    }
    server *sv = r->all[gid];
    if (sv->mt) { /* maintenance hook: the failure mode's technician came */
        mdl__maint_crew_arrived(sv->mt, ttr);
        return;
    }
    sv->repair_ev = sim_event_after(r->w, ttr > 0.0 ? ttr : 0.0, 0, mdl__on_repair, sv, NULL);
}

/* A server can work again: start, or hand on a blocked unit. */
void mdl__server_resume(server *sv) {
    station *s = sv->st;
    if (server_stopped(sv)) return;
    if (sv->phase == PH_ROBOT && sv->robot_unloaded) { /* transport hook */
        sv->robot_unloaded = false;
        mdl__op_complete(sv);
    } else if (sv->phase == PH_IDLE || (sv->phase == PH_BLOCKED && sv->unit == NO_UNIT)) {
        mdl__station_dispatch(s); /* (blocked with no unit: parts to hand on, mdl_disassembly.c) */
    } else if (sv->phase == PH_BLOCKED && sv->in_waiters) {
        const mdl_product *p = &s->run->m->products[s->run->units[sv->unit].product];
        const mdl_step *fs = p->steps ? p->steps[sv->next_step] : NULL; /* routing: any station of the step */
        for (int k = 0; k < (fs ? fs->n : 1); k++) mdl__station_pull(&s->run->st[fs ? fs->st[k] : p->route[sv->next_step]]);
    } else if (sv->phase == PH_BLOCKED && sv->transport_wait) { /* transport hook */
        mdl__transport_poke(s->run->transport, s->run->units[sv->unit].product, s->index);
    }
}

void mdl__on_repair(sim_world *w, void *subject, void *object) {
    (void)object;
    server *sv = subject;
    station *s = sv->st;
    sv->repair_ev = 0;
    sv->down = false;
    if (s->run->people) mdl__people_repair_end(s->run->people, sv->gid); /* people hook: the technicians go */
    LOGX(s->run, MDL_LOG_UP, s->index, sv->index, NO_UNIT, -1, -1, 0, MDL_RES_NONE, -1);
    if (s->spec->failure_clock == MDL_FAIL_CALENDAR) {
        double ttf = checked(s->run, sim_dist_sample(&s->spec->mtbf, &sv->fail_rng), "station", s->spec->id, "mtbf");
        sv->fail_ev = sim_event_after(w, ttf > 0.0 ? ttf : 0.0, 0, mdl__on_fail, sv, NULL);
    }
    mdl__server_refresh(sv);
    mdl__server_resume(sv);
}

static void station_set_off(station *s, bool off) {
    if (s->off == off) return;
    mdl_run *r = s->run;
    s->off = off;
    if (s->mts) /* maintenance hook: windows open off shift */
        for (int i = 0; i < s->nmax; i++) mdl__maint_offshift(&s->mts[i], off);
    sim_timeavg_set(&s->offta, NOW(r), off ? 1.0 : 0.0);
    for (int i = 0; i < s->nmax; i++) mdl__server_refresh(&s->sv[i]);
    if (!off)
        for (int i = 0; i < s->nmax; i++) mdl__server_resume(&s->sv[i]);
}

void mdl__on_shift(sim_world *w, void *subject, void *object) {
    mdl_run *r = subject;
    int cal = (int)(intptr_t)object;
    double now = sim_world_now(w);
    bool on = !r->cal_on[cal];
    r->cal_on[cal] = on;
    LOGX(r, on ? MDL_LOG_SHIFT_ON : MDL_LOG_SHIFT_OFF, -1, -1, NO_UNIT, -1, -1, 0, MDL_RES_CALENDAR, cal);
    for (int i = 0; i < r->nst; i++)
        if (r->st[i].calendar == cal) station_set_off(&r->st[i], !on);
    if (r->transport) mdl__transport_shift(r->transport, cal, on); /* transport hook */
    bool after;
    double next = mdl__calendar_next(r->m, cal, now, on, &after);
    if (isfinite(next)) sim_event_schedule(w, next, shift_priority(after), mdl__on_shift, r, object);
}

/* ---- trainer actions --------------------------------------------------------- */

/* The trainer actions change the run outside mdl_run_until, so they run
 * protected too (run_protected): each checks its arguments, then calls
 * its body. */
typedef struct trainer_args {
    int station;
    int servers;
} trainer_args;

static void break_body(mdl_run *r, void *arg);
static void repair_body(mdl_run *r, void *arg);
static void set_servers_body(mdl_run *r, void *arg);

bool mdl_run_break_station(mdl_run *r, int station_i) {
    if (r->failed || station_i < 0 || station_i >= r->nst || r->st[station_i].hand_broken) return false;
    trainer_args a = {station_i, 0};
    return mdl__run_protected(r, break_body, &a);
}

bool mdl_run_repair_station(mdl_run *r, int station_i) {
    if (r->failed || station_i < 0 || station_i >= r->nst || !r->st[station_i].hand_broken) return false;
    trainer_args a = {station_i, 0};
    return mdl__run_protected(r, repair_body, &a);
}

bool mdl_run_set_servers(mdl_run *r, int station_i, int servers) {
    if (r->failed || station_i < 0 || station_i >= r->nst) return false;
    if (servers < 1 || servers > r->st[station_i].nmax) return false;
    trainer_args a = {station_i, servers};
    return mdl__run_protected(r, set_servers_body, &a);
}

static void break_body(mdl_run *r, void *arg) {
    station *s = &r->st[((const trainer_args *)arg)->station];
    r->trained = true;
    run_update_lean(r);
    s->hand_broken = true;
    s->failures_win++;
    s->failures_total++;
    logev(r, MDL_LOG_DOWN, s->index, NO_UNIT);
    for (int i = 0; i < s->nmax; i++) {
        s->sv[i].hand_down = true;
        mdl__server_refresh(&s->sv[i]);
    }
}

static void repair_body(mdl_run *r, void *arg) {
    station *s = &r->st[((const trainer_args *)arg)->station];
    r->trained = true;
    run_update_lean(r);
    s->hand_broken = false;
    logev(r, MDL_LOG_UP, s->index, NO_UNIT);
    for (int i = 0; i < s->nmax; i++) {
        s->sv[i].hand_down = false;
        mdl__server_refresh(&s->sv[i]);
    }
    for (int i = 0; i < s->nmax; i++) mdl__server_resume(&s->sv[i]);
}

static void set_servers_body(mdl_run *r, void *arg) {
    const trainer_args *a = arg;
    int station_i = a->station, servers = a->servers;
    station *s = &r->st[station_i];
    r->trained = true;
    run_update_lean(r);
    int cur = mdl_run_servers(r, station_i);
    double now = NOW(r);
    for (int i = 0; i < s->nmax && cur < servers; i++) {
        server *sv = &s->sv[i];
        if (sv->retiring) {
            sv->retiring = false;
            cur++;
        } else if (!sv->active) {
            sv->active = true;
            if (i + 1 > s->nslots) s->nslots = i + 1;
            sim_ledger_charge(&sv->ledger, now); /* inactive: charges nothing, restarts the clock */
            sv->hand_down = s->hand_broken;
            if (sv->mt) mdl__maint_set_active(sv->mt, true);
            if (s->spec->has_failures && s->spec->failure_clock == MDL_FAIL_CALENDAR && !sv->fail_ev && !sv->down) {
                double ttf = checked(r, sim_dist_sample(&s->spec->mtbf, &sv->fail_rng), "station", s->spec->id, "mtbf");
                sv->fail_ev = sim_event_after(r->w, ttf > 0.0 ? ttf : 0.0, 0, mdl__on_fail, sv, NULL);
            }
            mdl__server_refresh(sv);
            cur++;
        }
    }
    for (int i = s->nmax - 1; i >= 0 && cur > servers; i--) {
        server *sv = &s->sv[i];
        if (!sv->active || sv->retiring) continue;
        if (sv->phase == PH_IDLE) {
            mdl__server_deactivate(sv);
            mdl__server_refresh(sv);
        } else {
            sv->retiring = true;
        }
        cur--;
    }
    mdl__station_dispatch(s);
    mdl__station_pull(s);
}
