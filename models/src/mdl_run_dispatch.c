/*
 * mdl_run_dispatch.c - dispatching rules: which unit of a station's queue
 * its next free server takes. The keys of the rules (mdl_dispatch.h) and
 * the pick; docs/kpis.md "Dispatching rules" gives the definitions.
 */
#include <math.h>
#include <stdlib.h>

#include "mdl_run_internal.h"

bool mdl__dispatch_env_init(mdl_dispatch_env *e, const mdl_model *m, const double *mean_tab, int nst) {
    e->m = m;
    e->mean_tab = mean_tab;
    e->nst = nst;
    size_t total = 0, np = m->nproducts > 0 ? (size_t)m->nproducts : 0;
    for (size_t p = 0; p < np; p++) total += (size_t)(unsigned)m->products[p].nsteps + 1;
    e->remoff = malloc((np ? np : 1) * sizeof *e->remoff);
    e->remwork = malloc((total ? total : 1) * sizeof *e->remwork);
    if (!e->remoff || !e->remwork) {
        mdl__dispatch_env_fini(e);
        return false;
    }
    int off = 0;
    for (int p = 0; p < m->nproducts; p++) {
        const mdl_product *pp = &m->products[p];
        e->remoff[p] = off;
        double sum = 0.0;
        e->remwork[off + pp->nsteps] = 0.0;
        for (int k = pp->nsteps - 1; k >= 0; k--) {
            double c = mean_tab[p * nst + pp->route[k]];
            if (isfinite(c) && c > 0.0) sum += c;
            e->remwork[off + k] = sum;
        }
        off += pp->nsteps + 1;
    }
    return true;
}

void mdl__dispatch_env_fini(mdl_dispatch_env *e) {
    free(e->remwork);
    free(e->remoff);
    e->remwork = NULL;
    e->remoff = NULL;
}

static double mean_at(const mdl_dispatch_env *e, const mdl_dispatch_job *j, int si) {
    double p = e->mean_tab[j->product * e->nst + si];
    if (!isfinite(p) || p < 0.0) return 0.0;
    if (e->m->products[j->product].fam) p += mdl__family_extra(e->m, j->product, j->variant, si);
    return p;
}

double mdl__dispatch_p(const mdl_dispatch_env *e, int si, const mdl_dispatch_job *j) { return mean_at(e, j, si); }

/* The mean work left on the job's route from its step on: from the table,
 * or for a family (cycle additions, steps by option) summed over the steps
 * its variant visits. */
static double work_left(const mdl_dispatch_env *e, const mdl_dispatch_job *j) {
    const mdl_product *pp = &e->m->products[j->product];
    if (!pp->fam) return e->remwork[e->remoff[j->product] + j->step];
    double sum = 0.0;
    for (int k = j->step; k < pp->nsteps; k = pp->when ? mdl__route_next(e->m, j->product, j->variant, k) : k + 1)
        sum += mean_at(e, j, pp->route[k]);
    return sum;
}

double mdl__dispatch_key(const mdl_dispatch_env *e, mdl_dispatch rule, int si, const mdl_dispatch_job *j,
                         double now, mdl_dispatch_last last, double pbar) {
    double p = mean_at(e, j, si);
    bool has_due = j->due >= 0.0;
    switch (rule) {
    case MDL_DISPATCH_FIFO: return 0.0;
    case MDL_DISPATCH_EDD: return has_due ? j->due : INFINITY;
    case MDL_DISPATCH_SPT: return p;
    case MDL_DISPATCH_PRIORITY: return -(double)e->m->products[j->product].priority;
    case MDL_DISPATCH_CR: {
        /* Critical ratio: time left to the due date over the mean work
         * left on the route (this operation included); smallest first, so
         * an overdue unit (negative ratio) goes before all others. */
        if (!has_due) return INFINITY;
        double rem = work_left(e, j);
        return rem > 0.0 ? (j->due - now) / rem : j->due - now;
    }
    case MDL_DISPATCH_SLACK:
        /* Slack: time left to the due date less the mean work left. */
        return has_due ? (j->due - now) - work_left(e, j) : INFINITY;
    case MDL_DISPATCH_ATC: {
        /* Apparent tardiness cost (Vepsalainen and Morton), unit weights:
         * index = (1 / p) exp(-max(0, d - p - now) / (K pbar)); largest
         * first, so the key is its negative. Without a due date the index
         * is 0 (after every unit with one). */
        if (!has_due) return 0.0;
        double slack = j->due - p - now;
        double scale = MDL_ATC_K * (pbar > 0.0 ? pbar : 1.0);
        double idx = exp(-(slack > 0.0 ? slack : 0.0) / scale) / (p > 0.0 ? p : 1e-9);
        return -idx;
    }
    case MDL_DISPATCH_SETUP:
        /* Setup-avoiding: units of the variant the server made last first
         * (no setup), then of its family (a setup by option at most), then
         * FIFO. A product that is not a family has one variant. */
        return j->product != last.product ? 1.0 : j->variant == last.variant ? 0.0 : 0.5;
    case MDL_DISPATCH_COUNT: break;
    }
    return 0.0;
}

/* Queue entry v as a rule sees it. */
static mdl_dispatch_job job_of(const mdl_run *r, uint32_t v) {
    if (v & BATCH_BIT) { /* an order batch waits at its first station */
        const mdl_order *o = &r->m->orders[v & ~BATCH_BIT];
        return (mdl_dispatch_job){o->product, route_next(r, o->product, o->variant, -1), o->due, o->variant};
    }
    const unit *u = &r->units[v];
    return (mdl_dispatch_job){u->product, u->step, u->due, u->variant};
}

/* The queue position to serve next under a rule other than FIFO, with at
 * least two waiting (pick_from_queue in mdl_run_internal.h): the smallest
 * key, the first in the queue among equals. */
uint32_t mdl__pick_ruled(const station *s, mdl_dispatch_last last) {
    mdl_dispatch rule = s->spec->dispatch;
    const mdl_run *r = s->run;
    double now = sim_world_now(r->w);
    double pbar = 0.0;
    if (mdl__dispatch_needs_pbar(rule)) {
        for (uint32_t i = 0; i < s->queue.len; i++) {
            mdl_dispatch_job j = job_of(r, ring_at(&s->queue, i));
            pbar += mdl__dispatch_p(&r->disp, s->index, &j);
        }
        pbar /= (double)s->queue.len;
    }
    uint32_t best = 0;
    double best_key = INFINITY;
    for (uint32_t i = 0; i < s->queue.len; i++) {
        mdl_dispatch_job j = job_of(r, ring_at(&s->queue, i));
        double key = mdl__dispatch_key(&r->disp, rule, s->index, &j, now, last, pbar);
        if (key < best_key) { /* strict: FIFO among equals */
            best_key = key;
            best = i;
        }
    }
    return best;
}
