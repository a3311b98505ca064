/*
 * mdl_family.c - product families: options with values, variants as one
 * small number (mixed radix), a cycle time of base + additions by option
 * value, and setups by option change (mdl_routing.h). A family of 200
 * variants is one product with a few tables, and a unit carries its
 * variant in 24 bits: lot size 1 costs nothing per unit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_routing_internal.h"
#include "mdl_run_internal.h"

static mdl_family *family_of(mdl_model *m, int product, const char *what) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "family: %s: no product %d", what, product), NULL;
    mdl_family *f = m->products[product].fam;
    if (!f) mdl__fail(m, "product '%s': %s: the product has no options", m->products[product].id, what);
    return f;
}

/* Copies the option names and values; false when out of memory. */
static bool family_copy(mdl_model *m, mdl_family *f, const char *const *names, const int *nvalues,
                        const char *const *const *values) {
    int n = f->noptions, total = 0;
    f->names = mdl__alloc(m, (size_t)n * sizeof *f->names);
    f->nvalues = mdl__alloc(m, (size_t)n * sizeof *f->nvalues);
    f->values = mdl__alloc(m, (size_t)n * sizeof *f->values);
    f->radix = mdl__alloc(m, (size_t)n * sizeof *f->radix);
    f->first = mdl__alloc(m, (size_t)n * sizeof *f->first);
    if (!f->names || !f->nvalues || !f->values || !f->radix || !f->first) return false;
    uint32_t radix = 1;
    for (int k = n - 1; k >= 0; k--) {
        f->radix[k] = radix;
        radix *= (uint32_t)nvalues[k];
    }
    for (int k = 0; k < n; k++) {
        f->names[k] = mdl__strdup(m, names[k]);
        f->nvalues[k] = nvalues[k];
        f->first[k] = total;
        total += nvalues[k];
        f->values[k] = mdl__alloc(m, (size_t)nvalues[k] * sizeof(char *));
        if (!f->names[k] || !f->values[k]) return false;
        for (int v = 0; v < nvalues[k]; v++)
            if (!(f->values[k][v] = mdl__strdup(m, values[k][v]))) return false;
    }
    f->nst = m->nstations;
    size_t ns = (size_t)(f->nst ? f->nst : 1);
    f->add = mdl__alloc(m, (size_t)total * ns * sizeof *f->add);
    f->adds_at = mdl__alloc(m, ns * sizeof *f->adds_at);
    f->setup = mdl__alloc(m, (size_t)n * ns * sizeof *f->setup);
    f->has_setup = mdl__alloc(m, (size_t)n * ns * sizeof *f->has_setup);
    f->setup_at = mdl__alloc(m, ns * sizeof *f->setup_at);
    if (!f->add || !f->adds_at || !f->setup || !f->has_setup || !f->setup_at) return false;
    memset(f->add, 0, (size_t)total * ns * sizeof *f->add);
    memset(f->adds_at, 0, ns * sizeof *f->adds_at);
    memset(f->has_setup, 0, (size_t)n * ns * sizeof *f->has_setup);
    memset(f->setup_at, 0, ns * sizeof *f->setup_at);
    f->nvariants = radix;
    return true;
}

/* The options' names and values: present, distinct, and few enough. */
static bool family_check(mdl_model *m, const char *pid, int n, const char *const *names, const int *nvalues,
                         const char *const *const *values) {
    if (n < 1 || n > MDL_FAMILY_MAX_OPTIONS || !names || !nvalues || !values)
        return mdl__fail(m, "product '%s': options: give 1 to %d options", pid, MDL_FAMILY_MAX_OPTIONS);
    double variants = 1.0;
    for (int k = 0; k < n; k++) {
        if (!names[k] || !*names[k] || strpbrk(names[k], "=;"))
            return mdl__fail(m, "product '%s': options: option %d needs a name without '=' or ';'", pid, k + 1);
        for (int j = 0; j < k; j++)
            if (strcmp(names[j], names[k]) == 0)
                return mdl__fail(m, "product '%s': options: option '%s' is given twice", pid, names[k]);
        if (nvalues[k] < 1 || nvalues[k] > MDL_FAMILY_MAX_VALUES || !values[k])
            return mdl__fail(m, "product '%s': options: %s: give 1 to %d values", pid, names[k],
                             MDL_FAMILY_MAX_VALUES);
        for (int v = 0; v < nvalues[k]; v++) {
            if (!values[k][v] || !*values[k][v] || strpbrk(values[k][v], "=;"))
                return mdl__fail(m, "product '%s': options: %s: a value needs a name without '=' or ';'", pid,
                                 names[k]);
            for (int j = 0; j < v; j++)
                if (strcmp(values[k][j], values[k][v]) == 0)
                    return mdl__fail(m, "product '%s': options: %s: value '%s' is given twice", pid, names[k],
                                     values[k][v]);
        }
        variants *= nvalues[k];
    }
    if (variants > MDL_FAMILY_MAX_VARIANTS)
        return mdl__fail(m, "product '%s': options: %.0f variants, at most %u", pid, variants,
                         MDL_FAMILY_MAX_VARIANTS);
    return true;
}

bool mdl_model_set_family(mdl_model *m, int product, int noptions, const char *const *names, const int *nvalues,
                          const char *const *const *values) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "family: no product %d", product);
    mdl_product *p = &m->products[product];
    if (p->fam) return mdl__fail(m, "product '%s': options: given twice", p->id);
    if (!family_check(m, p->id, noptions, names, nvalues, values)) return false;
    mdl_family *f = mdl__alloc(m, sizeof *f);
    if (!f) return mdl__fail(m, "out of memory");
    memset(f, 0, sizeof *f);
    f->noptions = noptions;
    if (!family_copy(m, f, names, nvalues, values)) return mdl__fail(m, "out of memory");
    p->fam = f;
    m->routing = true;
    return true;
}

static bool option_ok(mdl_model *m, const mdl_family *f, int product, int si, int option) {
    const char *pid = m->products[product].id;
    if (si < 0 || si >= f->nst) return mdl__fail(m, "product '%s': options: no si %d", pid, si);
    if (option < 0 || option >= f->noptions)
        return mdl__fail(m, "product '%s': options: no option %d", pid, option);
    return true;
}

bool mdl_model_family_cycle_add(mdl_model *m, int product, int si, int option, int value, double seconds) {
    mdl_family *f = family_of(m, product, "options");
    if (!f || !option_ok(m, f, product, si, option)) return false;
    const char *pid = m->products[product].id;
    if (value < 0 || value >= f->nvalues[option])
        return mdl__fail(m, "product '%s': options: %s: no value %d", pid, f->names[option], value);
    if (!(seconds >= 0.0) || !isfinite(seconds))
        return mdl__fail(m, "product '%s': options: %s: a cycle time addition must be a time >= 0", pid,
                         f->names[option]);
    f->add[(size_t)(f->first[option] + value) * (size_t)f->nst + (size_t)si] = seconds;
    f->extra_tab = NULL; /* a table made before is out of date */
    if (seconds > 0.0) f->adds_at[si] = true;
    return true;
}

bool mdl_model_family_setup(mdl_model *m, int product, int si, int option, sim_dist d) {
    mdl_family *f = family_of(m, product, "options");
    if (!f || !option_ok(m, f, product, si, option)) return false;
    if (!mdl__check_duration(m, "product", m->products[product].id, "options.setup", &d)) return false;
    size_t at = (size_t)option * (size_t)f->nst + (size_t)si;
    f->setup[at] = d;
    f->has_setup[at] = true;
    f->setup_at[si] = true;
    return true;
}

/* Option k named by text [s, s + n): its index, or -1. */
static int find_option(const mdl_family *f, const char *s, size_t n) {
    for (int k = 0; k < f->noptions; k++)
        if (strlen(f->names[k]) == n && strncmp(f->names[k], s, n) == 0) return k;
    return -1;
}

static int find_value(const mdl_family *f, int k, const char *s, size_t n) {
    for (int v = 0; v < f->nvalues[k]; v++)
        if (strlen(f->values[k][v]) == n && strncmp(f->values[k][v], s, n) == 0) return v;
    return -1;
}

/* "bore=A;color=red": one "name=value" per option, separated by ';' (or
 * ','), spaces around names ignored. */
long mdl_model_family_variant(const mdl_model *m, int product, const char *options, char *err, size_t errlen) {
    if (product < 0 || product >= m->nproducts || !options) return snprintf(err, errlen, "no product"), -1;
    const mdl_family *f = m->products[product].fam;
    if (!f) return snprintf(err, errlen, "product '%s' has no options", m->products[product].id), -1;
    int seen[MDL_FAMILY_MAX_OPTIONS];
    for (int k = 0; k < f->noptions; k++) seen[k] = -1;
    const char *p = options;
    while (*p) {
        while (*p == ' ' || *p == ';' || *p == ',') p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ';' && *e != ',') e++;
        const char *eq = memchr(p, '=', (size_t)(e - p));
        if (!eq) return snprintf(err, errlen, "expected name=value, got \"%.*s\"", (int)(e - p), p), -1;
        const char *ne = eq, *vs = eq + 1, *ve = e;
        while (ne > p && ne[-1] == ' ') ne--;
        while (vs < ve && *vs == ' ') vs++;
        while (ve > vs && ve[-1] == ' ') ve--;
        int k = find_option(f, p, (size_t)(ne - p));
        if (k < 0) return snprintf(err, errlen, "no option '%.*s' in product '%s'", (int)(ne - p), p,
                                   m->products[product].id), -1;
        int v = find_value(f, k, vs, (size_t)(ve - vs));
        if (v < 0) return snprintf(err, errlen, "option '%s' has no value '%.*s'", f->names[k], (int)(ve - vs), vs), -1;
        if (seen[k] >= 0) return snprintf(err, errlen, "option '%s' is given twice", f->names[k]), -1;
        seen[k] = v;
        p = e;
    }
    long variant = 0;
    for (int k = 0; k < f->noptions; k++) {
        if (seen[k] < 0) return snprintf(err, errlen, "missing option '%s'", f->names[k]), -1;
        variant += (long)seen[k] * (long)f->radix[k];
    }
    return variant;
}

bool mdl_model_is_family(const mdl_model *m, int product) {
    return product >= 0 && product < m->nproducts && m->products[product].fam != NULL;
}

const char *mdl_model_variant_name(const mdl_model *m, int product, long variant, char *buf, size_t n) {
    if (n) buf[0] = '\0';
    if (!mdl_model_is_family(m, product) || variant < 0) return buf;
    const mdl_family *f = m->products[product].fam;
    size_t at = 0;
    for (int k = 0; k < f->noptions && at < n; k++) {
        uint32_t v = (uint32_t)variant / f->radix[k] % (uint32_t)f->nvalues[k];
        int w = snprintf(buf + at, n - at, "%s%s=%s", k ? ";" : "", f->names[k], f->values[k][v]);
        if (w < 0) break;
        at += (size_t)w;
    }
    return buf;
}

const char *mdl_model_family_example(const mdl_model *m, int product, char *buf, size_t n) {
    return mdl_model_variant_name(m, product, 0, buf, n);
}

const char *const *mdl_model_family_names(const mdl_model *m, int product, int option, int *n) {
    *n = 0;
    if (!mdl_model_is_family(m, product)) return NULL;
    const mdl_family *f = m->products[product].fam;
    if (option < -1 || option >= f->noptions) return NULL;
    *n = option < 0 ? f->noptions : f->nvalues[option];
    return option < 0 ? f->names : f->values[option];
}

long mdl_model_variant_count(const mdl_model *m, int product) {
    if (product < 0 || product >= m->nproducts) return 0;
    return m->products[product].fam ? (long)m->products[product].fam->nvariants : 1;
}

bool mdl_model_set_order_variant(mdl_model *m, int order, long variant) {
    if (order < 0 || order >= m->norders) return mdl__fail(m, "order: no order %d", order);
    mdl_order *o = &m->orders[order];
    if (variant < 0 || variant >= mdl_model_variant_count(m, o->product))
        return mdl__fail(m, "order '%s': options: no variant %ld of product '%s'", o->id, variant,
                         m->products[o->product].id);
    o->variant = (uint32_t)variant;
    return true;
}

long mdl_model_order_variant(const mdl_model *m, int order) {
    return order >= 0 && order < m->norders ? (long)m->orders[order].variant : -1;
}

/* ---- the run ------------------------------------------------------------------ */

/* The additions of `variant` at station s, summed over its options. */
static double extra_sum(const mdl_family *f, uint32_t variant, int s) {
    double d = 0.0;
    for (int k = 0; k < f->noptions; k++) {
        uint32_t v = variant / f->radix[k] % (uint32_t)f->nvalues[k];
        d += f->add[(size_t)(f->first[k] + (int)v) * (size_t)f->nst + (size_t)s];
    }
    return d;
}

bool mdl__family_table(mdl_model *m, int product) {
    mdl_family *f = m->products[product].fam;
    if (!f || f->extra_tab) return true;
    size_t n = (size_t)f->nvariants * (size_t)f->nst;
    if (n > MDL_ROUTING_TABLE_MAX || n == 0) return true; /* summed per call */
    double *t = mdl__alloc(m, n * sizeof *t);
    if (!t) return mdl__fail(m, "out of memory");
    for (uint32_t v = 0; v < f->nvariants; v++)
        for (int s = 0; s < f->nst; s++) t[(size_t)v * (size_t)f->nst + (size_t)s] = extra_sum(f, v, s);
    f->extra_tab = t;
    return true;
}

double mdl__family_extra(const mdl_model *m, int product, uint32_t variant, int s) {
    const mdl_family *f = m->products[product].fam;
    if (!f || !f->adds_at[s]) return 0.0;
    return f->extra_tab ? f->extra_tab[(size_t)variant * (size_t)f->nst + (size_t)s] : extra_sum(f, variant, s);
}

double mdl__family_setup(mdl_run *r, station *s, int product, uint32_t from, uint32_t to, bool *any) {
    const mdl_family *f = r->m->products[product].fam;
    *any = false;
    if (!f || !f->setup_at[s->index]) return 0.0;
    double d = 0.0;
    for (int k = 0; k < f->noptions; k++) {
        size_t at = (size_t)k * (size_t)f->nst + (size_t)s->index;
        if (!f->has_setup[at]) continue;
        uint32_t a = from / f->radix[k] % (uint32_t)f->nvalues[k], b = to / f->radix[k] % (uint32_t)f->nvalues[k];
        if (a == b) continue;
        d += checked(r, sim_dist_sample(&f->setup[at], &s->setup_rng), "station", s->spec->id, "setup");
        *any = true;
    }
    return d;
}
