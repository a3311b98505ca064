/*
 * mdl_dispatch.c - the keys of the dispatching rules (mdl_dispatch.h).
 * docs/kpis.md "Dispatching rules" gives the same definitions for users.
 */
#include <math.h>
#include <stdlib.h>

#include "mdl_dispatch.h"

bool mdl__dispatch_env_init(mdl_dispatch_env *e, const mdl_model *m, const double *mean_tab, int nst) {
    e->m = m;
    e->mean_tab = mean_tab;
    e->nst = nst;
    size_t total = 0;
    for (int p = 0; p < m->nproducts; p++) total += (size_t)m->products[p].nsteps + 1;
    e->remoff = malloc((size_t)(m->nproducts ? m->nproducts : 1) * sizeof *e->remoff);
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

double mdl__dispatch_key(const mdl_dispatch_env *e, mdl_dispatch rule, int station, const mdl_dispatch_job *j,
                         double now, int last_product, double pbar) {
    double p = e->mean_tab[j->product * e->nst + station];
    if (!isfinite(p) || p < 0.0) p = 0.0;
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
        double rem = e->remwork[e->remoff[j->product] + j->step];
        return rem > 0.0 ? (j->due - now) / rem : j->due - now;
    }
    case MDL_DISPATCH_SLACK:
        /* Slack: time left to the due date less the mean work left. */
        return has_due ? (j->due - now) - e->remwork[e->remoff[j->product] + j->step] : INFINITY;
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
        /* Setup-avoiding: units of the product the server made last first
         * (no setup), FIFO otherwise. */
        return j->product == last_product ? 0.0 : 1.0;
    case MDL_DISPATCH_COUNT: break;
    }
    return 0.0;
}
