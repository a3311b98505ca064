/*
 * mdl_route_plan.c - an operation as the planner sees it (mdl_routing.h):
 * the stations of a route step, an order's variant, and the mean cycle and
 * setup of an operation, read from the tables the run draws from
 * (mdl_run_routing.c, mdl_family.c), so that the plan and the run have one
 * source for what an operation takes.
 */
#include <math.h>

#include "mdl_routing_internal.h"

/* The flexible step `step` of product p, or NULL (a fixed step). */
static const mdl_step *flex_step(const mdl_model *m, int p, int step) {
    const mdl_product *pp = &m->products[p];
    return pp->steps ? pp->steps[step] : NULL;
}

static bool step_ok(const mdl_model *m, int p, int step) {
    return p >= 0 && p < m->nproducts && step >= 0 && step < m->products[p].nsteps;
}

int mdl_model_step_station_count(const mdl_model *m, int p, int step) {
    if (!step_ok(m, p, step)) return 0;
    const mdl_step *st = flex_step(m, p, step);
    return st ? st->n : 1;
}

int mdl_model_step_station(const mdl_model *m, int p, int step, int k) {
    if (k < 0 || k >= mdl_model_step_station_count(m, p, step)) return -1;
    const mdl_step *st = flex_step(m, p, step);
    return st ? st->st[k] : m->products[p].route[step];
}

bool mdl_model_step_allows(const mdl_model *m, int p, int step, int station) {
    int n = mdl_model_step_station_count(m, p, step);
    for (int k = 0; k < n; k++)
        if (mdl_model_step_station(m, p, step, k) == station) return true;
    return false;
}

mdl_step_rule mdl_model_step_rule(const mdl_model *m, int p, int step) {
    const mdl_step *st = step_ok(m, p, step) ? flex_step(m, p, step) : NULL;
    return st ? st->rule : MDL_STEP_FIRST_FREE;
}

double mdl_model_step_share(const mdl_model *m, int p, int step, int k) {
    int n = mdl_model_step_station_count(m, p, step);
    if (k < 0 || k >= n) return NAN;
    const mdl_step *st = flex_step(m, p, step);
    if (!st) return 1.0;
    if (st->rule != MDL_STEP_SHARE) return n == 1 ? 1.0 : NAN;
    return st->cum[k] - (k > 0 ? st->cum[k - 1] : 0.0);
}

double mdl_model_op_mean_cycle(const mdl_model *m, int p, long variant, int step, int station) {
    if (!step_ok(m, p, step) || station < 0 || station >= m->nstations) return NAN;
    const sim_dist *vc = mdl__visit_cycle(m, p, step);
    double c = vc ? sim_dist_mean(vc) : mdl_model_mean_cycle(m, p, station);
    if (m->products[p].fam && variant >= 0) c += mdl__family_extra(m, p, (uint32_t)variant, station);
    return c;
}

/* The mean of the family's setups at station s for the options that
 * differ between variants a and b (mdl__family_setup draws them). */
static double family_setup_mean(const mdl_family *f, int s, uint32_t a, uint32_t b) {
    if (!f->setup_at[s]) return 0.0;
    double d = 0.0;
    for (int k = 0; k < f->noptions; k++) {
        size_t at = (size_t)k * (size_t)f->nst + (size_t)s;
        if (f->has_setup[at] && a / f->radix[k] % (uint32_t)f->nvalues[k] != b / f->radix[k] % (uint32_t)f->nvalues[k])
            d += sim_dist_mean(&f->setup[at]);
    }
    return d;
}

double mdl_model_op_mean_setup(const mdl_model *m, int s, int from, long from_variant, int to, long to_variant) {
    if (from < 0 || to < 0 || to >= m->nproducts || s < 0 || s >= m->nstations) return 0.0;
    if (from != to) return mdl_model_mean_setup(m, s, from, to);
    const mdl_family *f = m->products[to].fam;
    if (!f || from_variant == to_variant || from_variant < 0 || to_variant < 0) return 0.0;
    return family_setup_mean(f, s, (uint32_t)from_variant, (uint32_t)to_variant);
}

int mdl_model_step_next_stations(const mdl_model *m, int p, int step, int *st, int cap) {
    if (!step_ok(m, p, step)) return 0;
    const mdl_product *pp = &m->products[p];
    int n = 0;
    for (int j = step + 1; j < pp->nsteps; j++) {
        for (int k = 0; k < mdl_model_step_station_count(m, p, j); k++) {
            int s = mdl_model_step_station(m, p, j, k);
            bool seen = false;
            for (int i = 0; i < n && i < cap; i++) seen |= st[i] == s;
            if (seen) continue;
            if (n < cap) st[n] = s;
            n++;
        }
        if (!mdl__step_conditional(pp, j)) break; /* every variant goes on to it */
    }
    return n;
}
