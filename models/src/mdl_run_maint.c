/*
 * mdl_run_maint.c - the run's side of failure modes and maintenance that
 * is not a hook in the event core: trainer actions and viewer accessors.
 */
#include "mdl_run_internal.h"

typedef struct maint_args {
    int si, mode;
    bool ok;
} maint_args;

/* The first active server of the station that is up. */
static mt_server *up_server(station *s) {
    for (int j = 0; j < s->nmax; j++)
        if (s->sv[j].active && s->mts && s->mts[j].state == MT_UP) return &s->mts[j];
    return NULL;
}

static void fail_body(mdl_run *r, void *arg) {
    maint_args *a = arg;
    mt_server *mt = up_server(&r->st[a->si]);
    r->trained = true;
    run_update_lean(r);
    a->ok = mt && mdl__maint_force_failure(mt, a->mode);
}

static void pm_body(mdl_run *r, void *arg) {
    maint_args *a = arg;
    mt_server *mt = up_server(&r->st[a->si]);
    r->trained = true;
    run_update_lean(r);
    a->ok = mt && mdl__maint_force_pm(mt);
}

bool mdl_run_fail_mode(mdl_run *r, int si, int mode) {
    if (r->failed || si < 0 || si >= r->nst || !r->st[si].mts) return false;
    if (mode < 0 || mode >= r->st[si].spec->maint->nmodes) return false;
    maint_args a = {si, mode, false};
    return mdl__run_protected(r, fail_body, &a) && a.ok;
}

bool mdl_run_start_pm(mdl_run *r, int si) {
    if (r->failed || si < 0 || si >= r->nst || !r->st[si].mts) return false;
    maint_args a = {si, 0, false};
    return mdl__run_protected(r, pm_body, &a) && a.ok;
}

bool mdl_run_station_warned(const mdl_run *r, int si) {
    if (si < 0 || si >= r->nst || !r->st[si].mts) return false;
    const station *s = &r->st[si];
    for (int j = 0; j < s->nmax; j++)
        if (s->sv[j].active && mdl__maint_warned(&s->mts[j])) return true;
    return false;
}
