/*
 * mdl_route_flex.c - flexible route steps (mdl_routing.h): a step that
 * any of several stations can do, chosen by a rule (first free, shortest
 * queue, fastest, or a random share: a probabilistic branch), and a cycle
 * time of its own for one visit of a station. The model's side and the
 * run's choice of a station.
 *
 * Ties go to the station listed first. A unit of a first-free step that
 * no station can take waits at all of them (in each one's waiters ring, in
 * arrival order) and goes to whichever lets it in first; it then leaves
 * the other rings (mdl__flex_unwait). With identical machines this is one
 * shared queue in front of them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_plan_internal.h"
#include "mdl_routing_internal.h"
#include "mdl_run_internal.h"

#define MAX_ALTERNATIVES 64

static bool step_check(mdl_model *m, const mdl_product *p, int step, const mdl_step_spec *sp) {
    if (sp->nstations < 1 || sp->nstations > MAX_ALTERNATIVES || !sp->stations)
        return mdl__fail(m, "product '%s': route: step %d: give 1 to %d stations", p->id, step + 1, MAX_ALTERNATIVES);
    if (sp->stations[0] != p->route[step])
        return mdl__fail(m, "product '%s': route: step %d: its first station must be the route's", p->id, step + 1);
    if ((int)sp->rule < 0 || sp->rule > MDL_STEP_SHARE)
        return mdl__fail(m, "product '%s': route: step %d: unknown rule", p->id, step + 1);
    double sum = 0.0;
    for (int k = 0; k < sp->nstations; k++) {
        int s = sp->stations[k];
        if (s < 0 || s >= m->nstations)
            return mdl__fail(m, "product '%s': route: step %d: no station %d", p->id, step + 1, s);
        for (int j = 0; j < k; j++)
            if (sp->stations[j] == s)
                return mdl__fail(m, "product '%s': route: step %d: station '%s' is listed twice", p->id, step + 1,
                                 m->stations[s].id);
        if (sp->rule == MDL_STEP_SHARE) {
            double q = sp->shares ? sp->shares[k] : -1.0;
            if (!(q >= 0.0 && q <= 1.0))
                return mdl__fail(m, "product '%s': route: step %d: a probability must lie between 0 and 1", p->id,
                                 step + 1);
            sum += q;
        }
    }
    if (sp->rule == MDL_STEP_SHARE && fabs(sum - 1.0) > 1e-9)
        return mdl__fail(m, "product '%s': route: step %d: the probabilities add up to %g, not 1", p->id, step + 1,
                         sum);
    if (sp->has_cycle && !mdl__check_duration(m, "product", p->id, "route: cycle", &sp->cycle)) return false;
    return true;
}

bool mdl_model_set_step(mdl_model *m, int product, int step, const mdl_step_spec *sp) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "route: no product %d", product);
    mdl_product *p = &m->products[product];
    if (step < 0 || step >= p->nsteps || !sp)
        return mdl__fail(m, "product '%s': route: no step %d", p->id, step + 1);
    if (!step_check(m, p, step, sp)) return false;
    if (!p->steps) {
        p->steps = mdl__alloc(m, (size_t)p->nsteps * sizeof *p->steps);
        if (!p->steps) return mdl__fail(m, "out of memory");
        memset(p->steps, 0, (size_t)p->nsteps * sizeof *p->steps);
    }
    mdl_step *st = mdl__alloc(m, sizeof *st);
    int *ss = mdl__alloc(m, (size_t)sp->nstations * sizeof *ss);
    double *cum = mdl__alloc(m, (size_t)sp->nstations * sizeof *cum);
    if (!st || !ss || !cum) return mdl__fail(m, "out of memory");
    double c = 0.0;
    for (int k = 0; k < sp->nstations; k++) {
        ss[k] = sp->stations[k];
        c += sp->rule == MDL_STEP_SHARE ? sp->shares[k] : 0.0;
        cum[k] = c;
    }
    *st = (mdl_step){sp->rule, sp->nstations, ss, cum, -1, sp->has_cycle, sp->cycle, 0.0};
    if (sp->has_cycle) st->cycle_mean = sim_dist_mean(&sp->cycle);
    if (sp->rule == MDL_STEP_SHARE && sp->nstations > 1) st->rng = m->nshare_steps++;
    else if (sp->rule == MDL_STEP_SHARE) st->rule = MDL_STEP_FIRST_FREE; /* one station: no draw */
    p->steps[step] = st;
    m->routing = true;
    return true;
}

const sim_dist *mdl__visit_cycle(const mdl_model *m, int product, int step) {
    const mdl_product *p = &m->products[product];
    if (!p->steps || step < 0 || step >= p->nsteps || !p->steps[step] || !p->steps[step]->has_cycle) return NULL;
    return &p->steps[step]->cycle;
}

bool mdl__routing_validate(mdl_model *m) {
    for (int p = 0; p < m->nproducts; p++) {
        const mdl_product *pr = &m->products[p];
        for (int i = 0; pr->steps && i < pr->nsteps; i++) {
            const mdl_step *st = pr->steps[i];
            for (int k = 0; st && !st->has_cycle && k < st->n; k++)
                if (!mdl__cycle(m, p, st->st[k]))
                    return mdl__fail(m, "product '%s': route: step %d: station '%s' has no cycle time for it", pr->id,
                                     i + 1, m->stations[st->st[k]].id);
        }
    }
    for (int p = 0; p < m->nproducts; p++)
        if (!mdl__family_table(m, p)) return false;
    if (!mdl__kanban_validate(m)) return false; /* a card per unit */
    return mdl__route_when_validate(m); /* steps that depend on the options */
}

/* ---- the run ------------------------------------------------------------------ */

/* Units at station s: in its buffer, on its servers, and blocked on the way in. */
static long station_load(const station *s) {
    long n = (long)s->queue.len + s->qextra + (long)s->waiters.len;
    for (int i = 0; i < s->nslots; i++)
        if (s->sv[i].active && s->sv[i].phase != PH_IDLE) n++;
    return n;
}

static station *pick_fastest(mdl_run *r, const mdl_step *st, uint32_t ui, int product) {
    int best = -1;
    double best_t = INFINITY;
    for (int pass = 0; pass < 2 && best < 0; pass++)
        for (int k = 0; k < st->n; k++) {
            station *s = &r->st[st->st[k]];
            if (pass == 0 && !mdl__station_accepts(s)) continue;
            double t = r->mean_tab[product * r->nst + s->index];
            if (ui != NO_UNIT && r->products[product].fam) t += mdl__family_extra(r->m, product, U(r, ui)->variant, s->index);
            if (t < best_t) best_t = t, best = k;
        }
    return &r->st[st->st[best < 0 ? 0 : best]];
}

/* The station the step's rule chooses (a flexible step of n > 1). */
static station *choose(mdl_run *r, const mdl_step *st, uint32_t ui, int product, bool *wait_all) {
    switch (st->rule) {
    case MDL_STEP_FIRST_FREE:
        for (int k = 0; k < st->n; k++)
            if (mdl__station_accepts(&r->st[st->st[k]])) return &r->st[st->st[k]];
        if (wait_all) *wait_all = true;
        return &r->st[st->st[0]];
    case MDL_STEP_SHORTEST_QUEUE: {
        int best = 0;
        long best_n = station_load(&r->st[st->st[0]]);
        for (int k = 1; k < st->n; k++) {
            long n = station_load(&r->st[st->st[k]]);
            if (n < best_n) best_n = n, best = k;
        }
        return &r->st[st->st[best]];
    }
    case MDL_STEP_FASTEST:
        return pick_fastest(r, st, ui, product);
    case MDL_STEP_SHARE:
    default: {
        double u = sim_rng_u01(&r->rt.step_rng[st->rng]);
        for (int k = 0; k < st->n - 1; k++)
            if (u < st->cum[k]) return &r->st[st->st[k]];
        return &r->st[st->st[st->n - 1]];
    }
    }
}

/* With a plan (run --plan), an order's operation at a step of alternatives
 * goes to its planned station; a branch is drawn as always, and a unit
 * that takes another branch than planned is rerouted (mdl_plan_exec.c). */
station *mdl__flex_station_for(mdl_run *r, uint32_t ui, int order, int product, int step, bool *wait_all) {
    const mdl_product *pp = &r->products[product];
    const mdl_step *st = pp->steps ? pp->steps[step] : NULL;
    if (!st || st->n == 1) return &r->st[pp->route[step]];
    int planned = r->plan && order >= 0 ? mdl__plan_station(r, order, step) : -1;
    if (planned >= 0 && st->rule != MDL_STEP_SHARE) return &r->st[planned];
    station *s = choose(r, st, ui, product, wait_all);
    if (planned >= 0 && s->index != planned) mdl__plan_rerouted(r, order, step);
    return s;
}

station *mdl__flex_station(mdl_run *r, uint32_t ui, int product, int step, bool *wait_all) {
    return mdl__flex_station_for(r, ui, ui != NO_UNIT ? U(r, ui)->order : -1, product, step, wait_all);
}

void mdl__flex_wait_all(mdl_run *r, int product, int step, uint32_t waiter) {
    const mdl_step *st = r->products[product].steps[step];
    for (int k = 0; k < st->n; k++) ring_push(r, &r->st[st->st[k]].waiters, waiter);
}

void mdl__flex_unwait(mdl_run *r, const station *s, uint32_t v) {
    if ((v & XFER_BIT) || (v & ORDER_TOKEN) == ORDER_TOKEN) return; /* transport and order tokens: never flexible */
    int product, step;
    if (v & BACKLOG_BIT) {
        const unit *u = U(r, v & ~BACKLOG_BIT);
        product = u->product;
        step = u->step;
    } else {
        const server *up = r->all[v];
        product = U(r, up->unit)->product;
        step = up->next_step;
    }
    const mdl_product *pp = &r->products[product];
    const mdl_step *st = pp->steps && step >= 0 && step < pp->nsteps ? pp->steps[step] : NULL;
    if (!st || st->rule != MDL_STEP_FIRST_FREE || st->n == 1) return;
    for (int k = 0; k < st->n; k++) {
        station *o = &r->st[st->st[k]];
        if (o == s) continue;
        for (uint32_t i = 0; i < o->waiters.len; i++)
            if (ring_at(&o->waiters, i) == v) {
                ring_remove(&o->waiters, i);
                break;
            }
    }
}
