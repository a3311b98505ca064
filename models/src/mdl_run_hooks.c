/*
 * mdl_run_hooks.c - the people and maintenance hooks of a server's refresh
 * (server_refresh_general, mdl_run_lean.c): the crew a phase needs and the
 * people's efficiency on its work, the load by a person, and what the
 * maintenance engine is told and logs. Neither runs in the lean copies.
 */
#include "mdl_run_internal.h"

/* ---- people: a phase that needs people has them, or waits ------------------ */

/* People faster than nominal (efficiency > 1: crew_factor < 1) process
 * an operation in less than its cycle time: the ideal time of the
 * processing they do is the time it takes them (docs/kpis.md, OEE
 * convention), so that performance never credits more than the station
 * was processing. The processing left (its own time, not scaled) is
 * credited at crew_factor while they do it: `sign` -1 when they take it
 * on, +1 when they leave it. */
static void crew_ideal(server *sv, double left, double sign) {
    if (sv->phase == PH_BUSY && sv->crew_factor < 1.0) sv->ideal_op += sign * left * (1.0 - sv->crew_factor);
}

/* The work left of the phase is its own again (not scaled by the people's
 * efficiency), the completion event cancelled. */
static void crew_unscale(server *sv) {
    if (!sv->crew_scaled) return;
    if (sv->done_ev) {
        mdl__done_cancel(sv);
        sv->remaining = sv->phase_end - sim_world_now(sv->run->w);
        if (sv->remaining < 0.0) sv->remaining = 0.0;
    }
    sv->remaining /= sv->crew_factor;
    sv->crew_scaled = false;
    crew_ideal(sv, sv->remaining, 1.0);
}

/* Asks for the people the current phase needs and lets go of those it no
 * longer needs (a stopped server needs nobody: off shift or down, its
 * operation's people go). */
void mdl__run_crew_sync(server *sv) {
    mdl_run *r = sv->run;
    int need = 0;
    if (sv->active && !server_stopped(sv) && sv->unit != NO_UNIT) {
        int ph = sv->phase == PH_SETUP ? PP_PHASE_SETUP
                 : sv->phase == PH_LOAD ? PP_PHASE_LOAD
                 : sv->phase == PH_BUSY ? PP_PHASE_BUSY
                                        : -1;
        if (ph >= 0) need = 1 + mdl__people_task(r->people, sv->st->index, U(r, sv->unit)->product, ph);
    }
    if (need != sv->crew) {
        if (sv->crew) {
            crew_unscale(sv);
            sv->crew = 0;
            sv->crew_held = false;
            mdl__people_release(r->people, sv->gid);
        }
        if (need) {
            sv->crew = need;
            double f = 1.0;
            if (mdl__people_request(r->people, sv->gid, sv->st->index, need - 1, &f)) {
                sv->crew_held = true;
                sv->crew_factor = f;
            }
        }
    }
    if (sv->crew && sv->crew_held && !sv->crew_scaled) {
        crew_ideal(sv, sv->remaining, -1.0);
        sv->remaining *= sv->crew_factor;
        sv->crew_scaled = true;
    }
}

void mdl__run_crew_arrived(mdl_run *r, int gid, double factor) {
    server *sv = r->all[gid];
    sv->crew_held = true;
    sv->crew_factor = factor;
    mdl__server_refresh(sv); /* people: never the plain path */
}

void mdl__run_crew_lost(mdl_run *r, int gid) {
    server *sv = r->all[gid];
    crew_unscale(sv);
    sv->crew = 0; /* asks again in crew_sync */
    sv->crew_held = false;
    mdl__server_refresh(sv); /* people: never the plain path */
}

/* The cycle of a unit of product p begins (sv->remaining): first a load by
 * a person where a `load` task says so. */
void mdl__run_begin_load(server *sv, int p) {
    mdl_run *r = sv->run;
    int task = mdl__people_task(r->people, sv->st->index, p, PP_PHASE_LOAD);
    if (task < 0) return;
    sv->busy_rest = sv->remaining;
    sv->phase = PH_LOAD;
    sv->remaining = mdl__people_load_time(r->people, task);
}

/* ---- maintenance (mdl_maint.c) --------------------------------------------- */

/* Crews of robots and vehicles: their slots follow the servers' (gid
 * r->nall + k); only with a skill (a resource has no repair task). */
bool mdl__run_resource_crew(mdl_run *r, int k, int at, const char *skill, bool repair, double dur) {
    return r->people && skill && mdl__people_crew(r->people, r->nall + k, at, skill, repair, dur);
}

void mdl__run_resource_crew_done(mdl_run *r, int k) {
    if (r->people) mdl__people_repair_end(r->people, r->nall + k);
}

/* Tells the server's maintenance engine what the server does, and logs
 * the engine's changes of state (down, up, maintenance) and warnings. */
void mdl__run_maint_refresh(server *sv, bool working, bool progressing) {
    mt_server *mt = sv->mt;
    mdl__maint_sync(mt, working, progressing);
    mdl_run *r = sv->run;
    if (mt->state != sv->mt_seen) {
        /* Each server's own records (docs/event-log.md: station, server),
         * so that the servers' downs and repairs pair up one by one. */
        int si = sv->st->index, k = sv->index;
        if (sv->mt_seen == MT_DOWN) LOGX(r, MDL_LOG_UP, si, k, NO_UNIT, -1, -1, 0, MDL_RES_NONE, -1);
        if (sv->mt_seen == MT_MAINT) LOGX(r, MDL_LOG_MAINT_END, si, k, NO_UNIT, -1, -1, 0, MDL_RES_NONE, -1);
        if (mt->state == MT_DOWN) LOGX(r, MDL_LOG_DOWN, si, k, NO_UNIT, -1, -1, 0, MDL_RES_NONE, -1);
        if (mt->state == MT_MAINT) LOGX(r, MDL_LOG_MAINT_START, si, k, NO_UNIT, -1, -1, 0, MDL_RES_NONE, -1);
        sv->mt_seen = mt->state;
    }
    bool warned = mdl__maint_warned(mt);
    if (warned && !sv->mt_warned) logev(r, MDL_LOG_WARNING, sv->st->index, NO_UNIT);
    sv->mt_warned = warned;
}
