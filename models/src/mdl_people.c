/*
 * mdl_people.c - people in a run: each person a resource with a ledger, one
 * waiting mechanism per pool, walking, shifts and breaks, repair crews, and
 * the people KPIs (mdl_people.h). The line calls in through
 * mdl_people_internal.h only when its model has a people part.
 *
 * Slots. Every server has two slots that hold people: its operation's crew
 * (slot 2 gid) and its repair crew (slot 2 gid + 1). A slot is empty,
 * pending (waiting in its pool's request list), walking (people chosen and
 * on their way) or held (people there).
 *
 * The waiting mechanism. A pool keeps its pending requests in the order
 * they were made. When people become free (a release, a shift start) the
 * pool serves, again and again, the request its rule puts first among
 * those it can serve with the people free now (a request for two people
 * lets a request for one pass while only one is free); ties go to the
 * earlier request. A new request is served at once when it can be. The
 * people chosen for a request are the nearest free ones with the skill
 * (walking distance), then the one free longest, then the lowest number.
 * A person stays where the task was (no walking back).
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_internal.h"
#include "mdl_maint.h"
#include "mdl_people_internal.h"
#include "mdl_people_run.h"
#include "sim_block.h"
#include "mdl_kpi_at.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "sim_ledger.h"
#include "sim_rng.h"
#include "sim_stats.h"
#include "sim_units.h"
#include "sim_world.h"

/* ---- small helpers ---- */

static double now_of(const pp_run *pp) { return sim_world_now(pp->w); }

static int slot_gid(int sl) { return sl / 2; }
static bool slot_is_repair(int sl) { return sl % 2 == 1; }

/* The square of the walking distance, for comparing distances (no square
 * root); station centres from the compact copy (the specs are large: one
 * cache line each would be read per person compared). */
static double dist2(const pp_run *pp, int a, int b) {
    if (a < 0 || b < 0 || a == b) return 0.0;
    double dx = pp->sxy[2 * a] - pp->sxy[2 * b], dy = pp->sxy[2 * a + 1] - pp->sxy[2 * b + 1];
    return dx * dx + dy * dy;
}

static double dist(const pp_run *pp, int a, int b) { return sqrt(dist2(pp, a, b)); }

/* Person g's own skills (the skill matrix): [own_first[g], own_first[g + 1])
 * of own_skill; spares (g >= nps) have none. */
static int own_begin(const pp_run *pp, int g) { return g < pp->nps ? pp->own_first[g] : 0; }
static int own_end(const pp_run *pp, int g) { return g < pp->nps ? pp->own_first[g + 1] : 0; }

static double efficiency(const pp_run *pp, int g, const char *skill) {
    const pp_model *pm = pp->pm;
    int a = own_begin(pp, g), b = own_end(pp, g);
    double best = 0.0;
    for (int i = a; i < b; i++) {
        const pp_person_skill *ps = &pm->pskills[pp->own_skill[i]];
        if (!skill || strcmp(ps->skill, skill) == 0)
            if (ps->efficiency > best) best = ps->efficiency;
    }
    if (b > a) return best > 0.0 ? best : 1.0;
    return pp->pools[pp->ps[g].pool].spec->efficiency;
}

static bool eligible(const pp_run *pp, int g, const char *skill) {
    if (!skill) return true;
    const pp_model *pm = pp->pm;
    int a = own_begin(pp, g), b = own_end(pp, g);
    for (int i = a; i < b; i++)
        if (strcmp(pm->pskills[pp->own_skill[i]].skill, skill) == 0) return true;
    if (b > a) return false;
    const mdl_pool_spec *p = pp->pools[pp->ps[g].pool].spec;
    for (int i = 0; i < p->nskills; i++)
        if (strcmp(p->skills[i], skill) == 0) return true;
    return false;
}

void pp__person_set(pp_run *pp, person *p, mdl_person_state st) {
    if (pp->zoned) pp__zone_charge(pp, p);
    sim_ledger_set(&p->ledger, now_of(pp), (int)st);
}

static mdl_person_state task_state(const mdl_task_spec *t) {
    switch (t->kind) {
    case MDL_TASK_SETUP: return MDL_PERSON_SETUP;
    case MDL_TASK_LOAD: return MDL_PERSON_LOADING;
    case MDL_TASK_REPAIR: return MDL_PERSON_REPAIRING;
    default: return MDL_PERSON_WORKING;
    }
}

static bool is_free(const person *p) { return p->slot < 0 && p->on_shift; }

/* ---- granting ---- */

static void on_arrive(sim_world *w, void *subject, void *object);

/* The people of slot sl are at its station: it works from now on. */
static void arrive(pp_run *pp, int sl, bool call_run) {
    slot *s = &pp->slots[sl];
    const mdl_task_spec *t = &pp->tasks[s->task];
    pool_run *pr = &pp->pools[t->pool];
    double now = now_of(pp);
    s->walking = false;
    s->held = true;
    s->arrive_ev = 0;
    s->first_t = -1.0;
    for (int i = 0; i < s->nheld; i++) {
        person *p = &pp->ps[s->people[i]];
        if (pp->zoned) pp__zone_charge(pp, p); /* where it was until now */
        p->loc = t->station;
        p->tasks++;
        pp__person_set(pp, p, task_state(t));
    }
    double wait = now - s->req_t;
    pr->tasks++;
    sim_tally_add(&pr->wait, wait);
    sim_loghist_add(&pr->wait_hist, wait);
    sim_tally_add(&pp->wait_all, wait);
    if (slot_is_repair(sl)) {
        sim_tally_add(&pp->repair_wait, wait);
        mdl__run_repair_begin(pp->run, slot_gid(sl), s->ttr * s->factor);
        return;
    }
    s->manned = true;
    if (call_run) mdl__run_crew_arrived(pp->run, slot_gid(sl), s->factor);
}

/* Free people of pool pr eligible for task t: how many (at most `enough`). */
static int free_eligible(const pp_run *pp, const pool_run *pr, const mdl_task_spec *t, int enough) {
    if (!t->skill) return pr->nfree;
    int n = 0;
    for (int k = 0; k < pr->n && n < enough; k++) {
        int g = pr->members[k];
        if (is_free(&pp->ps[g]) && eligible(pp, g, t->skill)) n++;
    }
    return n;
}

/* Chooses the people of slot sl among the free ones (there are enough) and
 * sends them; true when they are there at once (no walk). */
static bool grant(pp_run *pp, int sl) {
    slot *s = &pp->slots[sl];
    const mdl_task_spec *t = &pp->tasks[s->task];
    pool_run *pr = &pp->pools[t->pool];
    double walk = 0.0, factor = 1.0;
    double speed = pr->spec->walk_speed;
    s->nheld = 0;
    for (int k = 0; k < t->people; k++) {
        int best = -1;
        double bd = 0.0;
        const bool at = t->station >= 0; /* (a vehicle's crew task is at no station: no walk) */
        const double tx = at ? pp->sxy[2 * t->station] : 0.0, ty = at ? pp->sxy[2 * t->station + 1] : 0.0;
        for (int j = 0; j < pr->n; j++) {
            int g = pr->members[j];
            const person *p = &pp->ps[g];
            if (!is_free(p) || !eligible(pp, g, t->skill)) continue;
            /* dist2 with the task's centre read once (the loop's cost). */
            double d = 0.0;
            if (at && p->loc >= 0 && p->loc != t->station) {
                double dx = pp->sxy[2 * p->loc] - tx, dy = pp->sxy[2 * p->loc + 1] - ty;
                d = dx * dx + dy * dy;
            }
            if (best < 0 || d < bd || (d == bd && p->free_since < pp->ps[best].free_since)) {
                best = g;
                bd = d;
            }
        }
        person *p = &pp->ps[best];
        bd = bd > 0.0 ? dist(pp, p->loc, t->station) : 0.0;
        p->slot = sl;
        pr->nfree--;
        s->people[s->nheld++] = best;
        double f = 1.0 / efficiency(pp, best, t->skill);
        if (k == 0 || f > factor) factor = f;
        double wt = speed > 0.0 ? bd / speed : 0.0;
        if (wt > walk) walk = wt;
        p->dest = t->station;
    }
    s->factor = factor;
    if (walk > 0.0) {
        s->walking = true;
        double now = now_of(pp);
        for (int i = 0; i < s->nheld; i++) {
            person *p = &pp->ps[s->people[i]];
            pp__person_set(pp, p, MDL_PERSON_WALKING);
            int from = p->loc >= 0 ? p->loc : p->dest; /* nowhere yet: appears at the task */
            p->walk_t0 = now;
            p->walk_x0 = pp->sxy[2 * from];
            p->walk_y0 = pp->sxy[2 * from + 1];
        }
        s->arrive_ev = sim_event_after(pp->w, walk, 0, on_arrive, pp, (void *)(intptr_t)sl);
        return false;
    }
    return true;
}

static void on_arrive(sim_world *w, void *subject, void *object) {
    (void)w;
    arrive(subject, (int)(intptr_t)object, true);
}

/* The key of request sl under the pool's rule (smaller first). */
static double rule_key(const pp_run *pp, const pool_run *pr, int sl) {
    const mdl_task_spec *t = &pp->tasks[pp->slots[sl].task];
    switch (pr->spec->rule) {
    case MDL_PEOPLE_NEAREST: {
        double best = INFINITY;
        for (int k = 0; k < pr->n; k++) {
            int g = pr->members[k];
            if (!is_free(&pp->ps[g]) || !eligible(pp, g, t->skill)) continue;
            double d = dist(pp, pp->ps[g].loc, t->station);
            if (d < best) best = d;
        }
        return best;
    }
    case MDL_PEOPLE_PRIORITY: return -(double)t->priority;
    case MDL_PEOPLE_BOTTLENECK: return t->station >= 0 ? -pp->load[t->station] : 0.0;
    default: return 0.0;
    }
}

/* Serves pending requests of pool pr while some can be served. */
void pp__dispatch(pp_run *pp, pool_run *pr) {
    while (pr->npending > 0 && pr->nfree > 0) {
        int best = -1;
        double bk = INFINITY;
        for (int i = 0; i < pr->npending; i++) {
            int sl = pr->pending[i];
            const mdl_task_spec *t = &pp->tasks[pp->slots[sl].task];
            if (free_eligible(pp, pr, t, t->people) < t->people) continue;
            double k = rule_key(pp, pr, sl);
            if (best < 0 || k < bk) {
                best = i;
                bk = k;
            }
            if (pr->spec->rule == MDL_PEOPLE_LONGEST_WAITING) break;
        }
        if (best < 0) return;
        int sl = pr->pending[best];
        memmove(&pr->pending[best], &pr->pending[best + 1], (size_t)(pr->npending - best - 1) * sizeof(int));
        pr->npending--;
        pp->slots[sl].pending = false;
        if (grant(pp, sl)) arrive(pp, sl, true);
    }
}

/* A request of slot sl for task `task`: served now (true: the people are
 * there) or queued. */
static bool request(pp_run *pp, int sl, int task) {
    slot *s = &pp->slots[sl];
    const mdl_task_spec *t = &pp->tasks[task];
    pool_run *pr = &pp->pools[t->pool];
    s->task = task;
    s->req_t = now_of(pp);
    if (s->first_t < 0.0) s->first_t = s->req_t;
    s->held = s->walking = s->pending = false;
    s->nheld = 0;
    s->factor = 1.0;
    if (pr->npending == 0 && free_eligible(pp, pr, t, t->people) >= t->people) {
        if (grant(pp, sl)) {
            arrive(pp, sl, false);
            return true;
        }
        return false;
    }
    if (pr->npending == pr->cap_pending) {
        int cap = pr->cap_pending ? pr->cap_pending * 2 : 8;
        int *a = realloc(pr->pending, (size_t)cap * sizeof *a);
        if (!a) mdl__run_oom(pp->run);
        pr->pending = a;
        pr->cap_pending = cap;
    }
    pr->pending[pr->npending++] = sl;
    s->pending = true;
    return false;
}

/* A person no longer held: free, or off when the shift is over. */
static void person_release(pp_run *pp, person *p) {
    pool_run *pr = &pp->pools[p->pool];
    p->slot = -1;
    if (p->quitting) {
        /* Taken off the roll live while busy (mdl_run_remove_person): the
         * task in hand is done, the person goes. */
        p->quitting = p->leaving = false;
        p->on_roll = false;
        pp__person_set(pp, p, MDL_PERSON_OFF);
    } else if (p->on_shift && !p->leaving) {
        p->free_since = now_of(pp);
        pr->nfree++;
        pp__person_set(pp, p, MDL_PERSON_IDLE);
    } else {
        p->leaving = false;
        pp__person_set(pp, p, MDL_PERSON_OFF);
    }
}

/* Empties slot sl (its people go free); the pool then serves others. */
static void slot_clear(pp_run *pp, int sl, bool serve) {
    slot *s = &pp->slots[sl];
    if (s->task < 0) return;
    pool_run *pr = &pp->pools[pp->tasks[s->task].pool];
    if (s->pending) {
        for (int i = 0; i < pr->npending; i++)
            if (pr->pending[i] == sl) {
                memmove(&pr->pending[i], &pr->pending[i + 1], (size_t)(pr->npending - i - 1) * sizeof(int));
                pr->npending--;
                break;
            }
    }
    if (s->arrive_ev) {
        sim_event_cancel(pp->w, s->arrive_ev);
        s->arrive_ev = 0;
    }
    for (int i = 0; i < s->nheld; i++) {
        person *p = &pp->ps[s->people[i]];
        if (pp->zoned) pp__zone_charge(pp, p);
        if (s->walking) p->loc = p->dest; /* called off on the way: counted as there */
        person_release(pp, p);
    }
    s->task = -1;
    s->nheld = 0;
    s->pending = s->walking = s->held = false;
    if (serve) pp__dispatch(pp, pr);
}

/* ---- shifts ---- */

static int shift_priority(bool on_after) { return on_after ? 1 : -1; }

/* The people on shift changed (pp->n_on): the time averages follow. */
void pp__timeavg_on(pp_run *pp) {
    double now = now_of(pp);
    sim_timeavg_set(&pp->on_shift, now, (double)pp->n_on);
    sim_timeavg_set(&pp->any_on, now, pp->n_on > 0 ? 1.0 : 0.0);
}

static void on_pool_shift(sim_world *w, void *subject, void *object) {
    pp_run *pp = subject;
    pool_run *pr = &pp->pools[(int)(intptr_t)object];
    double now = sim_world_now(w);
    bool on = !pr->on;
    pr->on = on;
    for (int k = 0; k < pr->n; k++) {
        person *p = &pp->ps[pr->members[k]];
        if (on) {
            p->on_shift = true;
            p->leaving = false;
            if (p->slot < 0) {
                p->free_since = now;
                pr->nfree++;
                pp__person_set(pp, p, MDL_PERSON_IDLE);
            }
        } else {
            p->on_shift = false;
            if (p->slot < 0) {
                pr->nfree--;
                pp__person_set(pp, p, MDL_PERSON_OFF);
            } else {
                p->leaving = true;
            }
        }
    }
    pp->n_on += on ? pr->n : -pr->n;
    pp__timeavg_on(pp);
    if (!on && pr->spec->breaks == MDL_BREAK_INTERRUPT) {
        /* The operations in hand pause: their people leave, and each asks
         * for people again (those still on shift, of other pools, or
         * after the break). Repairs are always finished. */
        for (int k = 0; k < pr->n; k++) {
            person *p = &pp->ps[pr->members[k]];
            int sl = p->slot;
            if (sl < 0 || slot_is_repair(sl) || p->on_shift) continue;
            slot_clear(pp, sl, false);
            mdl__run_crew_lost(pp->run, slot_gid(sl));
        }
    }
    pp__dispatch(pp, pr);
    bool after;
    double next = mdl__calendar_next(pp->m, pr->calendar, now, on, &after);
    if (isfinite(next)) sim_event_schedule(w, next, shift_priority(after), on_pool_shift, pp, object);
}

/* ---- the run's calls ---- */

static void people_tasks(pp_run *pp, const pp_model *pm);
static void people_pools(pp_run *pp, const mdl_model *m, int npool);
static bool crew_tasks(pp_run *pp);

/* The run's arrays; false when out of memory. */
/* The run's fixed arrays in the block b (sim_block.h: measured when
 * b->base is NULL). */
static void people_layout(pp_run *pp, const pp_model *pm, int npool, int maxneed, sim_block *b) {
    size_t nall = (size_t)pp->nall, nst = (size_t)pp->nst;
    SIM_BLOCK_PART(b, pp->ps, nall + 1);
    SIM_BLOCK_PART(b, pp->pools, (size_t)npool + 1);
    SIM_BLOCK_PART(b, pp->members, nall + 1);
    SIM_BLOCK_PART(b, pp->slots, (size_t)pp->nslots + 1);
    SIM_BLOCK_PART(b, pp->task_of, nst * (size_t)pp->np * PP_PHASE_COUNT + 1);
    SIM_BLOCK_PART(b, pp->repair_of, nst + 1);
    SIM_BLOCK_PART(b, pp->has, nst + 1);
    SIM_BLOCK_PART(b, pp->key, nst + 1);
    SIM_BLOCK_PART(b, pp->load, nst + 1);
    SIM_BLOCK_PART(b, pp->load_rng, nst + 1);
    SIM_BLOCK_PART(b, pp->sxy, 2 * nst + 1);
    SIM_BLOCK_PART(b, pp->own_first, (size_t)pp->nps + 2);
    SIM_BLOCK_PART(b, pp->own_skill, (size_t)(pm ? pm->npskills : 0) + 1);
    SIM_BLOCK_PART(b, pp->slot_people, (size_t)pp->nslots * (size_t)maxneed + 1);
}

/* The fixed arrays, zeroed, in one block made through the world's
 * allocator; false when out of memory. */
static bool people_alloc(pp_run *pp, const pp_model *pm, int npool, int maxneed) {
    sim_block b = {NULL, 0};
    people_layout(pp, pm, npool, maxneed, &b);
    b.base = pp->block = sim_world_realloc(pp->w, NULL, b.size);
    if (!b.base) return false;
    memset(b.base, 0, b.size);
    b.size = 0;
    people_layout(pp, pm, npool, maxneed, &b);
    return true;
}

/* The skill matrix grouped by person (a counting sort of pm->pskills), so
 * a person's own skills are found without a scan of everybody's. */
static void people_own_skills(pp_run *pp, const pp_model *pm) {
    int n = pm ? pm->npskills : 0;
    int *f = pp->own_first;
    for (int i = 0; i < n; i++) f[pm->pskills[i].person + 1]++;
    for (int g = 0; g < pp->nps; g++) f[g + 1] += f[g];
    for (int i = 0; i < n; i++) pp->own_skill[f[pm->pskills[i].person]++] = i; /* f[g]: end of g after */
    for (int g = pp->nps; g > 0; g--) f[g] = f[g - 1];
    f[0] = 0;
}

pp_run *mdl__people_new(struct mdl_run *r, const mdl_model *m, sim_world *w, uint64_t master, int nservers) {
    const pp_model *pm = m->people;
    pp_run *pp = calloc(1, sizeof *pp);
    if (!pp) return NULL;
    pp->run = r;
    pp->m = m;
    pp->pm = pm;
    pp->w = w;
    pp->nst = m->nstations;
    pp->np = m->nproducts;
    int npool = pm ? pm->npools : 0;
    pp->nps = pm ? pm->npersons : 0;
    pp->nall = pp->nps + PP_SPARE * npool;
    pp->nslots = 2 * (nservers + mdl__resource_crew_count(m)); /* the servers', then robots' and vehicles' */
    int maxneed = 1;
    for (int i = 0; pm && i < pm->ntasks; i++)
        if (pm->tasks[i].people > maxneed) maxneed = pm->tasks[i].people;
    if (!people_alloc(pp, pm, npool, maxneed)) {
        mdl__people_free(pp);
        return NULL;
    }
    for (int i = 0; i < pp->nslots; i++) {
        pp->slots[i].task = -1;
        pp->slots[i].first_t = -1.0;
        pp->slots[i].people = pp->slot_people + (size_t)i * (size_t)maxneed;
    }
    for (int s = 0; s < pp->nst; s++) {
        pp->sxy[2 * s] = m->stations[s].x;
        pp->sxy[2 * s + 1] = m->stations[s].y;
    }
    people_own_skills(pp, pm);
    people_tasks(pp, pm);
    double *work = calloc((size_t)pp->nst + 1, sizeof *work);
    if (work && mdl_model_mix_work(m, work))
        for (int s = 0; s < pp->nst; s++) pp->load[s] = work[s] / m->stations[s].servers;
    free(work);
    for (int s = 0; s < pp->nst; s++)
        sim_rng_seed(&pp->load_rng[s], master,
                     sim_rng_stream_id(m->stations[s].id, ((uint64_t)1 << 40) | ((uint64_t)PP_STREAM_LOAD << 24)));
    people_pools(pp, m, npool);
    if (!crew_tasks(pp)) {
        mdl__people_free(pp);
        return NULL;
    }
    pp->zoned = mdl_model_zone_count(m) > 0;
    sim_tally_reset(&pp->wait_all);
    sim_tally_reset(&pp->repair_wait);
    sim_timeavg_init(&pp->on_shift, 0.0, (double)pp->n_on);
    sim_timeavg_init(&pp->any_on, 0.0, pp->n_on > 0 ? 1.0 : 0.0);
    return pp;
}

/* Tasks by (station, product, phase): the product's own, else the
 * station's; `process` (or `inspection`) covers setup too. Also the repair
 * task of each station and the key stations. */
static void people_tasks(pp_run *pp, const pp_model *pm) {
    for (size_t i = 0; i < (size_t)pp->nst * (size_t)pp->np * PP_PHASE_COUNT; i++) pp->task_of[i] = -1;
    for (int s = 0; s < pp->nst; s++) pp->repair_of[s] = -1;
    for (int s = 0; s < pp->nst; s++)
        for (int p = 0; p < pp->np; p++) {
            int found[MDL_TASK_KIND_COUNT];
            for (int k = 0; k < MDL_TASK_KIND_COUNT; k++) found[k] = -1;
            for (int pass = 0; pass < 2 && pm; pass++)
                for (int i = 0; i < pm->ntasks; i++) {
                    const mdl_task_spec *t = &pm->tasks[i];
                    if (t->station != s || found[t->kind] >= 0) continue;
                    if ((pass == 0 && t->product == p) || (pass == 1 && t->product < 0)) found[t->kind] = i;
                }
            for (int k = 0; k < MDL_TASK_KIND_COUNT; k++)
                if (found[k] >= 0 && pm->tasks[found[k]].people == 0) found[k] = -1;
            int whole = found[MDL_TASK_PROCESS] >= 0 ? found[MDL_TASK_PROCESS] : found[MDL_TASK_INSPECTION];
            int *row = &pp->task_of[((size_t)s * (size_t)pp->np + (size_t)p) * PP_PHASE_COUNT];
            row[PP_PHASE_SETUP] = whole >= 0 ? whole : found[MDL_TASK_SETUP];
            row[PP_PHASE_LOAD] = whole >= 0 ? -1 : found[MDL_TASK_LOAD];
            row[PP_PHASE_BUSY] = whole;
            for (int ph = 0; ph < PP_PHASE_COUNT; ph++)
                if (row[ph] >= 0) pp->has[s] = true;
        }
    for (int i = 0; pm && i < pm->ntasks; i++)
        if (pm->tasks[i].kind == MDL_TASK_REPAIR && pm->tasks[i].people > 0) {
            pp->repair_of[pm->tasks[i].station] = i;
            pp->has[pm->tasks[i].station] = true;
        }
    for (int i = 0; pm && i < pm->nkey; i++) pp->key[pm->key_stations[i]] = true;
}

/* The pools and their people: on shift when their calendar is on at
 * time 0. */
static void people_pools(pp_run *pp, const mdl_model *m, int npool) {
    const pp_model *pm = pp->pm;
    double costdef = m->costs.labor_per_hour;
    for (int q = 0; q < npool; q++) {
        pool_run *pr = &pp->pools[q];
        pr->spec = &pm->pools[q];
        pr->members = pp->members + pm->first_person[q] + PP_SPARE * q;
        pr->n = pr->spec->headcount;
        pr->spare_first = pp->nps + PP_SPARE * q;
        pr->calendar = pr->spec->calendar >= 0 ? pr->spec->calendar : m->line_calendar;
        pr->on = mdl_model_calendar_on(m, pr->calendar, 0.0);
        pr->cost_per_hour = pr->spec->cost_per_hour >= 0.0 ? pr->spec->cost_per_hour : costdef;
        sim_tally_reset(&pr->wait);
        sim_loghist_reset(&pr->wait_hist);
        for (int k = 0; k < pr->n + PP_SPARE; k++) {
            int g = k < pr->n ? pm->first_person[q] + k : pr->spare_first + k - pr->n;
            person *p = &pp->ps[g];
            if (k < pr->n) pr->members[k] = g;
            p->pool = q;
            p->loc = p->dest = -1;
            p->slot = -1;
            p->on_roll = p->ever = k < pr->n;
            p->on_shift = pr->on && p->on_roll;
            sim_ledger_init(&p->ledger, 0.0, p->on_shift ? MDL_PERSON_IDLE : MDL_PERSON_OFF);
        }
        if (pr->on) {
            pr->nfree = pr->n;
            pp->n_on += pr->n;
        }
    }
}

void mdl__people_free(pp_run *pp) {
    if (!pp) return;
    if (pp->pools)
        for (int q = 0; pp->pm && q < pp->pm->npools; q++) free(pp->pools[q].pending);
    free(pp->tasks);
    sim_world_realloc(pp->w, pp->block, 0); /* the fixed arrays (people_alloc) */
    free(pp);
}

void mdl__people_start(pp_run *pp) {
    for (int q = 0; pp->pm && q < pp->pm->npools; q++) {
        pool_run *pr = &pp->pools[q];
        bool after;
        double next = mdl__calendar_next(pp->m, pr->calendar, 0.0, pr->on, &after);
        if (isfinite(next))
            sim_event_schedule(pp->w, next, shift_priority(after), on_pool_shift, pp, (void *)(intptr_t)q);
    }
}

bool mdl__people_station_has(const pp_run *pp, int station) { return pp->has[station]; }

/* ---- crews of failure modes and maintenance (mdl_maint.c) ---- */

/* Does some person of pool q have the skill? */
static bool pool_has(const pp_run *pp, int q, const char *skill) {
    const pool_run *pr = &pp->pools[q];
    for (int k = 0; k < pr->n; k++)
        if (eligible(pp, pr->members[k], skill)) return true;
    return false;
}

/* Adds the crew task of (station s, skill) unless there is one: the
 * station's repair task's pool and headcount when that pool has the
 * skill, else one person of the first pool that has it. */
static void crew_task(pp_run *pp, int s, const char *skill) {
    for (int i = pp->pm->ntasks; i < pp->ntasks; i++)
        if (pp->tasks[i].station == s && strcmp(pp->tasks[i].skill, skill) == 0) return;
    /* (s -1: a vehicle's, at no station: no walking, one person) */
    const mdl_task_spec *rt = s >= 0 && pp->repair_of[s] >= 0 ? &pp->tasks[pp->repair_of[s]] : NULL;
    int pool = -1;
    if (rt && pool_has(pp, rt->pool, skill)) pool = rt->pool;
    for (int q = 0; pool < 0 && q < pp->pm->npools; q++)
        if (pool_has(pp, q, skill)) pool = q;
    if (pool < 0) return; /* nobody has it: the work starts at once */
    int need = rt && pool == rt->pool ? rt->people : 1, have = 0;
    for (int k = 0; k < pp->pools[pool].n; k++) have += eligible(pp, pp->pools[pool].members[k], skill);
    mdl_task_spec *t = &pp->tasks[pp->ntasks++];
    *t = (mdl_task_spec){.station = s, .product = -1, .kind = MDL_TASK_REPAIR, .pool = pool, .skill = skill,
                         .people = need < have ? need : have, .priority = rt ? rt->priority : 0, .source_line = 0};
    if (s >= 0) pp->has[s] = true;
}

/* The crew tasks of a maintenance description at station s (-1: none). */
static void crew_tasks_of(pp_run *pp, int s, const mdl_maint_spec *ms) {
    for (int i = 0; ms && i < ms->nmodes; i++)
        if (ms->modes[i].skill) crew_task(pp, s, ms->modes[i].skill);
    if (ms && ms->pm_skill) crew_task(pp, s, ms->pm_skill);
}

/* The run's task table: the model's, then a crew task per (station,
 * skill) of the failure modes' `skill` and the PM's `pm_skill`: the
 * stations', the robots' (at the first station each tends) and the
 * fleets' (at no station). */
static bool crew_tasks(pp_run *pp) {
    const mdl_model *m = pp->m;
    int n = pp->pm ? pp->pm->ntasks : 0, extra = 0;
    for (int s = 0; s < pp->nst; s++)
        if (m->stations[s].maint) extra += m->stations[s].maint->nmodes + 1;
    for (int i = 0; i < mdl_model_robot_count(m); i++)
        if (mdl_model_robot(m, i)->maint) extra += mdl_model_robot(m, i)->maint->nmodes + 1;
    for (int f = 0; f < mdl_model_fleet_count(m); f++)
        if (mdl_model_fleet(m, f)->maint) extra += mdl_model_fleet(m, f)->maint->nmodes + 1;
    for (int a = 0; a < mdl_model_asrs_count(m); a++)
        if (mdl_model_asrs(m, a)->maint) extra += mdl_model_asrs(m, a)->maint->nmodes + 1;
    pp->tasks = malloc(((size_t)n + (size_t)extra + 1) * sizeof *pp->tasks);
    if (!pp->tasks) return false;
    if (n > 0) memcpy(pp->tasks, pp->pm->tasks, (size_t)n * sizeof *pp->tasks);
    pp->ntasks = n;
    if (!pp->pm) return true;
    for (int s = 0; s < pp->nst; s++) crew_tasks_of(pp, s, m->stations[s].maint);
    for (int i = 0; i < mdl_model_robot_count(m); i++)
        crew_tasks_of(pp, mdl_model_robot(m, i)->tends[0], mdl_model_robot(m, i)->maint);
    for (int f = 0; f < mdl_model_fleet_count(m); f++) crew_tasks_of(pp, -1, mdl_model_fleet(m, f)->maint);
    for (int a = 0; a < mdl_model_asrs_count(m); a++) crew_tasks_of(pp, -1, mdl_model_asrs(m, a)->maint);
    return true;
}

bool mdl__people_crew(pp_run *pp, int gid, int station, const char *skill, bool repair, double dur) {
    int task = -1;
    if (!skill) {
        task = repair ? pp->repair_of[station] : -1;
    } else {
        for (int i = pp->pm ? pp->pm->ntasks : 0; i < pp->ntasks && task < 0; i++)
            if (pp->tasks[i].station == station && strcmp(pp->tasks[i].skill, skill) == 0) task = i;
    }
    if (task < 0 || pp->tasks[task].people <= 0) return false;
    int sl = 2 * gid + 1;
    pp->slots[sl].ttr = dur;
    request(pp, sl, task); /* arrive() begins the work, now or later */
    return true;
}

int mdl__people_task(const pp_run *pp, int station, int product, int phase) {
    return pp->task_of[((size_t)station * (size_t)pp->np + (size_t)product) * PP_PHASE_COUNT + (size_t)phase];
}

double mdl__people_load_time(pp_run *pp, int task) {
    const mdl_task_spec *t = &pp->tasks[task];
    double d = mdl__run_checked(pp->run, sim_dist_sample(&t->load, &pp->load_rng[t->station]), "station",
                                pp->m->stations[t->station].id, "people.load");
    return d > 0.0 ? d : 0.0;
}

bool mdl__people_request(pp_run *pp, int gid, int station, int task, double *factor) {
    (void)station;
    int sl = 2 * gid;
    bool there = request(pp, sl, task);
    *factor = pp->slots[sl].factor;
    return there;
}

void mdl__people_release(pp_run *pp, int gid) { slot_clear(pp, 2 * gid, true); }

void mdl__people_op_done(pp_run *pp, int gid, int station) {
    slot *s = &pp->slots[2 * gid];
    if (pp->key[station]) {
        pp->key_ops++;
        if (s->manned) pp->key_manned++;
    }
    s->manned = false;
    s->first_t = -1.0;
}

bool mdl__people_repair(pp_run *pp, int gid, int station, double ttr) {
    int task = pp->repair_of[station];
    if (task < 0) return false;
    int sl = 2 * gid + 1;
    pp->slots[sl].ttr = ttr;
    if (request(pp, sl, task)) return true; /* arrive() began the repair */
    return true;
}

void mdl__people_repair_end(pp_run *pp, int gid) {
    slot_clear(pp, 2 * gid + 1, true);
    pp->slots[2 * gid + 1].first_t = -1.0;
}

void mdl__people_warmup(pp_run *pp, double now) {
    if (pp->zoned) pp__zone_restart(pp, now);
    for (int g = 0; g < pp->nall; g++) {
        sim_ledger_restart(&pp->ps[g].ledger, now);
        pp->ps[g].tasks = 0;
    }
    for (int q = 0; pp->pm && q < pp->pm->npools; q++) {
        pool_run *pr = &pp->pools[q];
        pr->tasks = 0;
        sim_tally_reset(&pr->wait);
        sim_loghist_reset(&pr->wait_hist);
    }
    pp->key_ops = pp->key_manned = 0;
    sim_tally_reset(&pp->wait_all);
    sim_tally_reset(&pp->repair_wait);
    sim_timeavg_init(&pp->on_shift, now, (double)pp->n_on);
    sim_timeavg_init(&pp->any_on, now, pp->n_on > 0 ? 1.0 : 0.0);
}

/* ---- results ---- */

bool mdl__people_rep_init(mdl_rep_result *res, const mdl_model *m) {
    res->npools = mdl_model_pool_count(m);
    res->npersons = mdl_model_person_count(m);
    res->people = calloc(MDL_PEOPLEKPI_COUNT, sizeof(double));
    res->pool = calloc((size_t)res->npools * MDL_POOLKPI_COUNT + 1, sizeof(double));
    res->person = calloc((size_t)res->npersons * MDL_POOLKPI_COUNT + 1, sizeof(double));
    return res->people && res->pool && res->person;
}

static double ratio(double a, double b) { return b > 0.0 ? a / b : NAN; }

/* Shares of a ledger sum into o[MDL_POOLKPI_WORKING ..]; returns on-shift time. */
static double shares(const double *acc, double total, double *o) {
    static const mdl_poolkpi at[MDL_PERSON_STATE_COUNT] = {MDL_POOLKPI_WORKING, MDL_POOLKPI_SETUP,
                                                           MDL_POOLKPI_LOADING, MDL_POOLKPI_REPAIRING,
                                                           MDL_POOLKPI_WALKING, MDL_POOLKPI_IDLE, MDL_POOLKPI_OFF};
    for (int k = 0; k < MDL_PERSON_STATE_COUNT; k++) o[at[k]] = ratio(acc[k], total);
    double on = total - acc[MDL_PERSON_OFF];
    double busy = acc[MDL_PERSON_WORKING] + acc[MDL_PERSON_SETUP] + acc[MDL_PERSON_LOADING] +
                  acc[MDL_PERSON_REPAIRING] + acc[MDL_PERSON_WALKING];
    o[MDL_POOLKPI_UTILIZATION] = ratio(busy, on);
    return on;
}

/* The people of pool q who were ever on its roll, g by g: the model's, then
 * the spares the trainer added; -1 after the last. */
static int pool_person(const pp_run *pp, int q, int k) {
    const pool_run *pr = &pp->pools[q];
    int base = pr->spec->headcount;
    if (k < base) return pp->pm->first_person[q] + k;
    return k - base < pr->spare_used ? pr->spare_first + k - base : -1;
}

/* Pool q's KPIs into o (and its people's into out->person); returns its
 * person-hours on shift and adds its cost and zone time to *cost, *zone_s. */
static double pool_result(const pp_run *pp, int q, double now, double *o, mdl_rep_result *out, double *cost,
                          double *zone_s) {
    const pool_run *pr = &pp->pools[q];
    double acc[MDL_PERSON_STATE_COUNT] = {0}, zs = 0.0;
    for (int k = 0, g; (g = pool_person(pp, q, k)) >= 0; k++) {
        const person *p = &pp->ps[g];
        double a[MDL_PERSON_STATE_COUNT] = {0};
        sim_ledger_sum(&p->ledger, now, a, MDL_PERSON_STATE_COUNT);
        double tot = 0.0;
        for (int s = 0; s < MDL_PERSON_STATE_COUNT; s++) {
            acc[s] += a[s];
            tot += a[s];
        }
        double z = pp->zoned ? pp__zone_time(pp, p, now) : 0.0;
        zs += z;
        if (out->person && g < out->npersons) {
            double *po = &out->person[(size_t)g * MDL_POOLKPI_COUNT];
            double on = shares(a, tot, po);
            po[MDL_POOLKPI_HEADCOUNT] = p->on_roll ? 1.0 : 0.0;
            po[MDL_POOLKPI_TASKS] = (double)p->tasks;
            po[MDL_POOLKPI_WAIT_S] = po[MDL_POOLKPI_WAIT_P95_S] = NAN;
            po[MDL_POOLKPI_HOURS] = on / SIM_HOUR;
            po[MDL_POOLKPI_COST] = on / SIM_HOUR * pr->cost_per_hour;
            po[MDL_POOLKPI_EXPOSURE_H] = pp->zoned ? z / SIM_HOUR : NAN;
        }
    }
    double total = 0.0;
    for (int s = 0; s < MDL_PERSON_STATE_COUNT; s++) total += acc[s];
    double on = shares(acc, total, o);
    o[MDL_POOLKPI_HEADCOUNT] = pr->n;
    o[MDL_POOLKPI_TASKS] = (double)pr->tasks;
    o[MDL_POOLKPI_WAIT_S] = sim_tally_mean(&pr->wait);
    o[MDL_POOLKPI_WAIT_P95_S] = sim_loghist_quantile(&pr->wait_hist, 0.95, pr->wait.min, pr->wait.max);
    o[MDL_POOLKPI_HOURS] = on / SIM_HOUR;
    o[MDL_POOLKPI_COST] = on / SIM_HOUR * pr->cost_per_hour;
    o[MDL_POOLKPI_EXPOSURE_H] = pp->zoned ? zs / SIM_HOUR : NAN;
    *cost += o[MDL_POOLKPI_COST];
    *zone_s += zs;
    return on / SIM_HOUR;
}

double mdl__people_result(const pp_run *pp, double now, double win_start, double good, double station_hours,
                          mdl_rep_result *out) {
    double cost = 0.0, hours = 0.0, zone_s = 0.0;
    int npool = pp->pm ? pp->pm->npools : 0, roll = 0;
    for (int q = 0; q < npool; q++) {
        double tmp[MDL_POOLKPI_COUNT];
        double *o = out->pool && q < out->npools ? &out->pool[(size_t)q * MDL_POOLKPI_COUNT] : tmp;
        hours += pool_result(pp, q, now, o, out, &cost, &zone_s);
        roll += pp->pools[q].n;
    }
    if (out->people) {
        double *k = out->people;
        double longest = 0.0;
        int open = 0;
        /* Tasks asked for and never served: waiting now, or withdrawn
         * while their station stopped and asked for again since. */
        for (int sl = 0; sl < pp->nslots; sl++) {
            const slot *s = &pp->slots[sl];
            if (s->first_t < 0.0) continue;
            open++;
            if (now - s->first_t > longest) longest = now - s->first_t;
        }
        double op_hours = hours + station_hours;
        k[MDL_PEOPLEKPI_HEADCOUNT] = roll;
        k[MDL_PEOPLEKPI_ON_SHIFT] = ratio(sim_timeavg_mean(&pp->on_shift, now), sim_timeavg_mean(&pp->any_on, now));
        k[MDL_PEOPLEKPI_OPERATOR_HOURS] = op_hours;
        k[MDL_PEOPLEKPI_LABOUR_PRODUCTIVITY] = ratio(good, op_hours);
        k[MDL_PEOPLEKPI_LABOUR_COST] = cost;
        k[MDL_PEOPLEKPI_AUTOMATION_RATE] =
            pp->key_ops ? 1.0 - (double)pp->key_manned / (double)pp->key_ops : NAN;
        k[MDL_PEOPLEKPI_WAIT_S] = sim_tally_mean(&pp->wait_all);
        k[MDL_PEOPLEKPI_REPAIR_RESPONSE_S] = sim_tally_mean(&pp->repair_wait);
        k[MDL_PEOPLEKPI_OPEN_TASKS] = open;
        k[MDL_PEOPLEKPI_LONGEST_OPEN_S] = longest;
        k[MDL_PEOPLEKPI_SAFETY_EXPOSURE_H] = pp->zoned ? zone_s / SIM_HOUR : NAN;
    }
    (void)win_start;
    return cost;
}

mdl_person_state mdl__people_person_state(const pp_run *pp, int g, int *station) {
    if (!pp || g < 0 || g >= pp->nall) {
        if (station) *station = -1;
        return MDL_PERSON_OFF;
    }
    const person *p = &pp->ps[g];
    if (station) *station = p->slot >= 0 && pp->slots[p->slot].walking ? p->dest : p->loc;
    return (mdl_person_state)p->ledger.state;
}

/* ---- names ---- */

const char *const mdl__poolkpi_names[MDL_POOLKPI_COUNT][2] = {
    {"headcount", "Headcount [people]"},
    {"utilization", "Utilisation (of on-shift time)"},
    {"working", "Working share"},
    {"setup", "Setup share"},
    {"loading", "Loading share"},
    {"repairing", "Repairing share"},
    {"walking", "Walking share"},
    {"idle", "Idle share"},
    {"off", "Off share"},
    {"tasks", "Tasks taken"},
    {"wait_s", "Wait of a task for people [s]"},
    {"wait_p95_s", "Wait of a task, p95 [s]"},
    {"hours", "Person-hours on shift"},
    {"cost", "Labour cost"},
    {"exposure_h", "Person-hours in safety zones"},
};

const char *const mdl__peoplekpi_names[MDL_PEOPLEKPI_COUNT][2] = {
    {"headcount", "Headcount (people on the roll)"},
    {"on_shift", "People on shift (mean, while any)"},
    {"operator_hours", "Operator-hours"},
    {"labour_productivity", "Labour productivity [units/op.-h]"},
    {"labour_cost", "Labour cost of the pools"},
    {"automation_rate", "Automation rate of key processes"},
    {"wait_s", "Wait of a task for people [s]"},
    {"repair_response_s", "Repair response time [s]"},
    {"open_tasks", "Tasks still waiting at the end"},
    {"longest_open_s", "Longest wait still open [s]"},
    {"safety_exposure_h", "Person-hours in safety zones"},
};

double mdl_rep_people_kpi(const mdl_rep_result *r, mdl_peoplekpi k) {
    return r ? mdl__kpi_at(r->people, 1, 0, MDL_PEOPLEKPI_COUNT, (int)k) : NAN;
}

double mdl_rep_pool_kpi(const mdl_rep_result *r, int pool, mdl_poolkpi k) {
    return r ? mdl__kpi_at(r->pool, r->npools, pool, MDL_POOLKPI_COUNT, (int)k) : NAN;
}

double mdl_rep_person_kpi(const mdl_rep_result *r, int g, mdl_poolkpi k) {
    return r ? mdl__kpi_at(r->person, r->npersons, g, MDL_POOLKPI_COUNT, (int)k) : NAN;
}
