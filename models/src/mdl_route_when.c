/*
 * mdl_route_when.c - route steps that depend on a family's options
 * (mdl_routing.h): a step with a condition ("when coating is yes") is
 * visited only by the variants that meet it; the others go on to their
 * next step. The model's side (conditions, the check that every variant
 * keeps a step, a variant's steps) and the run's next step.
 *
 * A condition is a table of allowed values over all the family's values
 * (first[k] + value, as the cycle additions) and the list of the options
 * it names: testing a unit costs one division per option named, never a
 * string or an allocation.
 */
#include <string.h>

#include "mdl_routing_internal.h"

static mdl_when *when_of(mdl_model *m, mdl_product *p, int step) {
    if (!p->when) {
        mdl_route_when *rw = mdl__alloc(m, sizeof *rw);
        mdl_when **st = mdl__alloc(m, (size_t)p->nsteps * sizeof *st);
        if (!rw || !st) return NULL;
        memset(st, 0, (size_t)p->nsteps * sizeof *st);
        *rw = (mdl_route_when){st, NULL};
        p->when = rw;
    }
    p->when->next_tab = NULL; /* the conditions change: a table made before is out of date */
    if (p->when->step[step]) return p->when->step[step];
    const mdl_family *f = p->fam;
    int total = f->first[f->noptions - 1] + f->nvalues[f->noptions - 1];
    mdl_when *w = mdl__alloc(m, sizeof *w);
    bool *allow = mdl__alloc(m, (size_t)total * sizeof *allow);
    if (!w || !allow) return NULL;
    for (int i = 0; i < total; i++) allow[i] = true;
    memset(w, 0, sizeof *w);
    w->allow = allow;
    p->when->step[step] = w;
    return w;
}

bool mdl_model_step_when(mdl_model *m, int product, int step, int option, int nvalues, const int *values) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "route: when: no product %d", product);
    mdl_product *p = &m->products[product];
    const mdl_family *f = p->fam;
    if (step < 0 || step >= p->nsteps) return mdl__fail(m, "product '%s': route: no step %d", p->id, step + 1);
    if (!f) return mdl__fail(m, "product '%s': route: step %d: when: the product has no options", p->id, step + 1);
    if (option < 0 || option >= f->noptions)
        return mdl__fail(m, "product '%s': route: step %d: when: no option %d", p->id, step + 1, option);
    if (nvalues < 1 || nvalues > f->nvalues[option] || !values)
        return mdl__fail(m, "product '%s': route: step %d: when: %s: give 1 to %d values", p->id, step + 1,
                         f->names[option], f->nvalues[option]);
    for (int i = 0; i < nvalues; i++)
        if (values[i] < 0 || values[i] >= f->nvalues[option])
            return mdl__fail(m, "product '%s': route: step %d: when: %s: no value %d", p->id, step + 1,
                             f->names[option], values[i]);
    mdl_when *w = when_of(m, p, step);
    if (!w) return mdl__fail(m, "out of memory");
    for (int i = 0; i < w->nopt; i++)
        if (w->opt[i] == option)
            return mdl__fail(m, "product '%s': route: step %d: when: option '%s' is given twice", p->id, step + 1,
                             f->names[option]);
    w->opt[w->nopt++] = option;
    bool *allow = w->allow + f->first[option];
    for (int v = 0; v < f->nvalues[option]; v++) allow[v] = false;
    for (int i = 0; i < nvalues; i++) allow[values[i]] = true;
    m->routing = true;
    return true;
}

bool mdl__step_conditional(const mdl_product *p, int step) { return p->when && p->when->step[step]; }

/* Does step `step` of p apply to `variant`? */
static bool applies(const mdl_product *p, uint32_t variant, int step) {
    const mdl_when *w = p->when ? p->when->step[step] : NULL;
    if (!w) return true;
    const mdl_family *f = p->fam;
    for (int i = 0; i < w->nopt; i++) {
        int k = w->opt[i];
        uint32_t v = variant / f->radix[k] % (uint32_t)f->nvalues[k];
        if (!w->allow[f->first[k] + (int)v]) return false;
    }
    return true;
}

int mdl__route_next(const mdl_model *m, int product, uint32_t variant, int step) {
    const mdl_product *p = &m->products[product];
    if (p->when && p->when->next_tab) return p->when->next_tab[(size_t)variant * (size_t)(p->nsteps + 1) + (size_t)(step + 1)];
    int k = step + 1;
    while (k < p->nsteps && !applies(p, variant, k)) k++;
    return k;
}

int mdl_model_variant_steps(const mdl_model *m, int product, long variant, int *steps, int cap) {
    if (product < 0 || product >= m->nproducts || variant < 0 || variant >= mdl_model_variant_count(m, product))
        return -1;
    const mdl_product *p = &m->products[product];
    int n = 0;
    for (int k = 0; k < p->nsteps; k++)
        if (applies(p, (uint32_t)variant, k)) {
            if (n < cap && steps) steps[n] = k;
            n++;
        }
    return n;
}

int mdl__variant_step_pos(const mdl_model *m, int product, uint32_t variant, int step) {
    const mdl_product *p = &m->products[product];
    if (step < 0 || step >= p->nsteps) return -1;
    if (!p->when) return step;
    if (!applies(p, variant, step)) return -1;
    int pos = 0;
    for (int k = 0; k < step; k++) pos += applies(p, variant, k);
    return pos;
}

bool mdl__route_when_table(mdl_model *m, int product) {
    mdl_product *p = &m->products[product];
    if (!p->when || p->when->next_tab) return true;
    size_t w = (size_t)p->nsteps + 1, n = (size_t)p->fam->nvariants * w;
    if (n > MDL_ROUTING_TABLE_MAX) return true; /* computed per call */
    int32_t *t = mdl__alloc(m, n * sizeof *t);
    if (!t) return mdl__fail(m, "out of memory");
    for (uint32_t v = 0; v < p->fam->nvariants; v++)
        for (int k = -1; k < p->nsteps; k++) {
            int j = k + 1;
            while (j < p->nsteps && !applies(p, v, j)) j++;
            t[v * w + (size_t)(k + 1)] = j;
        }
    p->when->next_tab = t;
    return true;
}

/* ---- the check: no variant loses every step ----------------------------------- */

typedef struct empty_search {
    const mdl_product *p;
    int value[MDL_FAMILY_MAX_OPTIONS]; /* -1: not chosen yet */
} empty_search;

/* Is step k met by the values chosen so far, whatever the others are? */
static bool step_surely_met(const empty_search *s, int k) {
    const mdl_when *w = s->p->when->step[k];
    if (!w) return true;
    for (int i = 0; i < w->nopt; i++) {
        int o = w->opt[i];
        if (s->value[o] < 0 || !w->allow[s->p->fam->first[o] + s->value[o]]) return false;
    }
    return true;
}

/* Chooses the values of options o.. so that every step fails: a variant
 * whose route is empty. Pruned as soon as some step is met. */
static bool find_empty(empty_search *s, int o) {
    const mdl_product *p = s->p;
    for (int k = 0; k < p->nsteps; k++)
        if (step_surely_met(s, k)) return false;
    if (o == p->fam->noptions) return true;
    for (int v = 0; v < p->fam->nvalues[o]; v++) {
        s->value[o] = v;
        if (find_empty(s, o + 1)) return true;
    }
    s->value[o] = -1;
    return false;
}

bool mdl_model_route_when_check(mdl_model *m, int product) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "route: no product %d", product);
    const mdl_product *p = &m->products[product];
    if (!p->when) return true;
    for (int k = 0; k < p->nsteps; k++)
        if (!p->when->step[k]) return true;
    empty_search s = {p, {0}};
    for (int o = 0; o < MDL_FAMILY_MAX_OPTIONS; o++) s.value[o] = -1;
    if (!find_empty(&s, 0)) return true;
    long variant = 0;
    for (int o = 0; o < p->fam->noptions; o++) variant += (long)s.value[o] * (long)p->fam->radix[o];
    char name[256];
    return mdl__fail(m, "product '%s': route: when: variant \"%s\" meets no step's condition, so its route is empty",
                     p->id, mdl_model_variant_name(m, product, variant, name, sizeof name));
}

/* Rejects sent back to an earlier step must find it whatever the variant,
 * and an assembly's routes are fixed: both are checked with the model. */
bool mdl__route_when_validate(mdl_model *m) {
    for (int pi = 0; pi < m->nproducts; pi++) {
        const mdl_product *p = &m->products[pi];
        if (!p->when) continue;
        if (!mdl_model_route_when_check(m, pi) || !mdl__route_when_table(m, pi)) return false;
        if (mdl_model_bom_count(m, pi) > 0)
            return mdl__fail(m, "product '%s': route: when: not for an assembled product", p->id);
        for (int i = 0; i < m->nbom; i++)
            if (m->bom[i].component == pi)
                return mdl__fail(m, "product '%s': route: when: not for a component of a bill of materials", p->id);
        for (int k = 0; k < p->nsteps; k++) {
            const mdl_station_spec *sp = &m->stations[p->route[k]];
            if (sp->kind != MDL_STATION_INSPECTION || sp->reject != MDL_REJECT_REWORK) continue;
            int to = mdl_model_find_station(m, sp->rework_to);
            bool fixed = false;
            for (int j = 0; j < k; j++)
                if (p->route[j] == to && !p->when->step[j]) fixed = true;
            if (!fixed)
                return mdl__fail(m, "product '%s': route: step %d: inspection '%s' sends rejects back to '%s': "
                                    "an earlier step there needs no `when`", p->id, k + 1, sp->id, sp->rework_to);
        }
    }
    return true;
}
