/*
 * mdl_people_live.c - people as the viewer and the trainer see them
 * (mdl_people.h, "live"): where a person is, what a pool does now, and
 * adding or removing a person from a pool's roll while the run goes on.
 *
 * A person removed while busy is never torn from the task in hand: it
 * finishes the task (its slot keeps it) and leaves the roll when the task
 * ends (mdl_people.c's person_release). A person added takes waiting work
 * at once through the pool's one waiting mechanism (pp__dispatch).
 */
#include <math.h>
#include <string.h>

#include "mdl_people_run.h"
#include "mdl_run_internal.h"

static pp_run *pp_of(const mdl_run *r) { return r ? r->people : NULL; }

int mdl_run_person_count(const mdl_run *r) {
    const pp_run *pp = pp_of(r);
    return pp ? pp->nall : 0;
}

int mdl_run_person_pool(const mdl_run *r, int g) {
    const pp_run *pp = pp_of(r);
    return pp && g >= 0 && g < pp->nall ? pp->ps[g].pool : -1;
}

bool pp__person_where(const pp_run *pp, const person *p, double t, double *x, double *y) {
    int st = p->ledger.state;
    if (st == MDL_PERSON_OFF && !p->on_shift && p->slot < 0) return false;
    if (st == MDL_PERSON_WALKING) {
        double tx = pp->sxy[2 * p->dest], ty = pp->sxy[2 * p->dest + 1];
        double dx = tx - p->walk_x0, dy = ty - p->walk_y0, len = hypot(dx, dy);
        double v = pp->pools[p->pool].spec->walk_speed;
        double f = len > 0.0 && v > 0.0 ? (t - p->walk_t0) * v / len : 1.0;
        f = f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
        *x = p->walk_x0 + f * dx;
        *y = p->walk_y0 + f * dy;
        return true;
    }
    if (st == MDL_PERSON_OFF || p->loc < 0) return false;
    *x = pp->sxy[2 * p->loc];
    *y = pp->sxy[2 * p->loc + 1];
    return true;
}

bool mdl_run_person_where(const mdl_run *r, int g, double *x, double *y) {
    const pp_run *pp = pp_of(r);
    if (!pp || g < 0 || g >= pp->nall) return false;
    double px, py;
    if (!pp__person_where(pp, &pp->ps[g], sim_world_now(pp->w), &px, &py)) return false;
    if (x) *x = px;
    if (y) *y = py;
    return true;
}

bool mdl_run_pool_now(const mdl_run *r, int pool, mdl_pool_now *out) {
    const pp_run *pp = pp_of(r);
    if (!pp || !pp->pm || pool < 0 || pool >= pp->pm->npools || !out) return false;
    const pool_run *pr = &pp->pools[pool];
    memset(out, 0, sizeof *out);
    out->roll = pr->n;
    out->max_roll = pr->spec->headcount + PP_SPARE;
    out->waiting = pr->npending;
    for (int k = 0; k < pr->n; k++) {
        const person *p = &pp->ps[pr->members[k]];
        if (p->on_shift) out->on_shift++;
        if (p->slot >= 0) out->busy++;
        else if (p->on_shift) out->idle++;
        if (p->ledger.state == MDL_PERSON_WALKING) out->walking++;
    }
    for (int k = 0; k < PP_SPARE + pr->spec->headcount; k++) {
        int g = k < pr->spec->headcount ? pp->pm->first_person[pool] + k : pr->spare_first + k - pr->spec->headcount;
        if (pp->ps[g].quitting) out->leaving++;
    }
    return true;
}

/* ---- the trainer's changes of the roll ---- */

static void roll_insert(pool_run *pr, int g) {
    int k = pr->n;
    while (k > 0 && pr->members[k - 1] > g) {
        pr->members[k] = pr->members[k - 1];
        k--;
    }
    pr->members[k] = g;
    pr->n++;
}

static void roll_remove(pool_run *pr, int k) {
    memmove(&pr->members[k], &pr->members[k + 1], (size_t)(pr->n - k - 1) * sizeof pr->members[0]);
    pr->n--;
}

static bool add_person(mdl_run *r, int pool) {
    pp_run *pp = pp_of(r);
    if (!pp || !pp->pm || pool < 0 || pool >= pp->pm->npools) return false;
    pool_run *pr = &pp->pools[pool];
    int head = pr->spec->headcount, g = -1;
    if (pr->n >= head + PP_SPARE) return false;
    /* A person taken off before comes back first (the lowest number). */
    for (int k = 0; k < head + pr->spare_used && g < 0; k++) {
        int c = k < head ? pp->pm->first_person[pool] + k : pr->spare_first + k - head;
        if (pp->ps[c].ever && !pp->ps[c].on_roll && !pp->ps[c].quitting) g = c;
    }
    if (g < 0) {
        if (pr->spare_used >= PP_SPARE) return false;
        g = pr->spare_first + pr->spare_used++;
    }
    person *p = &pp->ps[g];
    p->on_roll = p->ever = true;
    p->on_shift = pr->on;
    p->leaving = false;
    roll_insert(pr, g);
    if (pr->on) {
        p->free_since = sim_world_now(pp->w);
        pr->nfree++;
        pp->n_on++;
        pp__timeavg_on(pp);
        pp__person_set(pp, p, MDL_PERSON_IDLE);
        pp__dispatch(pp, pr);
    }
    return true;
}

static int pick_leaver(const pp_run *pp, const pool_run *pr);
static bool remove_person(mdl_run *r, int pool);

/* The trainer's calls run protected, as the station actions do
 * (mdl_run_stops.c): a person added may start work, which can allocate;
 * out of memory there fails the run instead of stopping the process. */
typedef struct roll_call {
    int pool;
    bool add, ok;
} roll_call;

static void roll_body(mdl_run *r, void *arg) {
    roll_call *a = arg;
    a->ok = a->add ? add_person(r, a->pool) : remove_person(r, a->pool);
}

bool mdl_run_add_person(mdl_run *r, int pool) {
    roll_call a = {pool, true, false};
    return r && mdl__run_protected(r, roll_body, &a) && a.ok;
}

bool mdl_run_remove_person(mdl_run *r, int pool) {
    roll_call a = {pool, false, false};
    return r && mdl__run_protected(r, roll_body, &a) && a.ok;
}

/* The member to take off: free and on shift, else off shift, else busy;
 * among them the highest number. */
static int pick_leaver(const pp_run *pp, const pool_run *pr) {
    for (int pass = 0; pass < 3; pass++)
        for (int k = pr->n - 1; k >= 0; k--) {
            const person *p = &pp->ps[pr->members[k]];
            bool take = pass == 0 ? p->slot < 0 && p->on_shift : pass == 1 ? p->slot < 0 : true;
            if (take) return k;
        }
    return -1;
}

static bool remove_person(mdl_run *r, int pool) {
    pp_run *pp = pp_of(r);
    if (!pp || !pp->pm || pool < 0 || pool >= pp->pm->npools) return false;
    pool_run *pr = &pp->pools[pool];
    int k = pick_leaver(pp, pr);
    if (k < 0) return false;
    person *p = &pp->ps[pr->members[k]];
    roll_remove(pr, k);
    if (p->on_shift) {
        pp->n_on--;
        pp__timeavg_on(pp);
    }
    if (p->slot >= 0) {
        p->quitting = true; /* finishes the task in hand (person_release) */
        p->on_shift = false;
        return true;
    }
    if (p->on_shift) pr->nfree--;
    p->on_shift = p->leaving = false;
    p->on_roll = false;
    pp__person_set(pp, p, MDL_PERSON_OFF);
    return true;
}
