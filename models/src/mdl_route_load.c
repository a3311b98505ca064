/*
 * mdl_route_load.c - what a released unit asks of each station, as a
 * value: the release mix (mdl_model_release_mix), the expected visits of a
 * unit (mdl_model_expected_visits, mdl_model_variant_visits) and the work
 * one unit of the mix brings to each station (mdl_model_mix_work), which
 * `check`'s capacity line and the people model's load read.
 *
 * A unit's visits are read through the tables the run and the planner use
 * (mdl_routing.h): the steps its variant visits (mdl_model_variant_steps),
 * the stations of a flexible step and a branch's shares
 * (mdl_model_step_station, mdl_model_step_share) and an operation's mean
 * cycle (mdl_model_op_mean_cycle: a visit's own cycle, the variant's
 * option additions), so that the capacity estimate, the plan and the run
 * have one source for what a unit takes.
 */
#include <math.h>
#include <stdlib.h>

#include "mdl_internal.h"
#include "mdl_routing.h"

/* ---- the release mix ------------------------------------------------------ */

/* The release weights: base[p] of push sources and closed releases (CONWIP
 * loops by their WIP, unlimited supplies as 1, scaled so that closed
 * releases next to open ones weigh together as much as the open ones) and
 * orders[p] of the orders released before the horizon, by quantity.
 * Returns the sum of both over the products (0: nothing released; -1: out
 * of memory). */
static double release_weights(const mdl_model *m, double *base, double *orders) {
    int np = m->nproducts;
    double *closed = calloc((size_t)(np ? np : 1), sizeof *closed);
    if (!closed) return -1.0;
    double open_total = 0.0, closed_total = 0.0, horizon = m->run.horizon;
    for (int p = 0; p < np; p++) base[p] = orders[p] = 0.0;
    for (int i = 0; i < m->nreleases; i++) {
        const mdl_release *r = &m->releases[i];
        if (r->kind == MDL_RELEASE_PUSH) {
            double mean = sim_dist_mean(&r->interarrival);
            double w = horizon > r->start && mean > 0.0 ? (horizon - r->start) / mean : 0.0;
            if (r->limit > 0 && w > (double)r->limit) w = (double)r->limit;
            base[r->product] += w;
            open_total += w;
        } else {
            double w = r->kind == MDL_RELEASE_CONWIP ? (double)r->wip : 1.0;
            closed[r->product] += w;
            closed_total += w;
        }
    }
    for (int i = 0; i < m->norders; i++) {
        const mdl_order *o = &m->orders[i];
        if (o->release >= horizon) continue;
        orders[o->product] += (double)o->quantity;
        open_total += (double)o->quantity;
    }
    double scale = open_total > 0.0 && closed_total > 0.0 ? open_total / closed_total : 1.0;
    double total = 0.0;
    for (int p = 0; p < np; p++) {
        base[p] += closed[p] * scale;
        total += base[p] + orders[p];
    }
    free(closed);
    return total;
}

bool mdl_model_release_mix(const mdl_model *m, double *share) {
    int np = m->nproducts;
    double *orders = calloc((size_t)(np ? np : 1), sizeof *orders);
    double total = orders ? release_weights(m, share, orders) : -1.0;
    for (int p = 0; p < np; p++) share[p] = total > 0.0 ? (share[p] + orders[p]) / total : 0.0;
    free(orders);
    return total > 0.0;
}

/* ---- the visits of one unit ------------------------------------------------ */

/* A step's stations with the share of its visits each gets and the mean
 * cycle of the operation there: a fixed step its station; a branch by its
 * probabilities; alternatives (first free, shortest queue, fastest) in
 * proportion to each station's rate, servers / mean cycle, which loads
 * them alike: the split a pool of parallel machines settles to when it is
 * busy, where capacity matters. Returns how many (at most 64). */
#define STEP_MAX 64
typedef struct step_split {
    int n;
    int st[STEP_MAX];
    double share[STEP_MAX], cycle[STEP_MAX];
} step_split;

static void split_step(const mdl_model *m, int p, long variant, int step, step_split *sp) {
    int n = mdl_model_step_station_count(m, p, step);
    sp->n = n > STEP_MAX ? STEP_MAX : n;
    double rate_sum = 0.0;
    bool rates = mdl_model_step_rule(m, p, step) != MDL_STEP_SHARE;
    for (int k = 0; k < sp->n; k++) {
        int s = mdl_model_step_station(m, p, step, k);
        double c = mdl_model_op_mean_cycle(m, p, variant, step, s);
        sp->st[k] = s;
        sp->cycle[k] = isfinite(c) ? c : 0.0;
        sp->share[k] = rates ? (sp->cycle[k] > 0.0 ? (double)m->stations[s].servers / sp->cycle[k] : INFINITY)
                             : mdl_model_step_share(m, p, step, k);
        rate_sum += sp->share[k];
    }
    if (!rates) return;
    /* Operations that take no time would take every unit: share alike. */
    for (int k = 0; k < sp->n; k++) sp->share[k] = isfinite(rate_sum) ? sp->share[k] / rate_sum : 1.0 / sp->n;
}

/* The position among the variant's steps that an inspection at `pos`
 * sends a rejected unit back to: the last earlier step whose station (the
 * route's, for a flexible step) is the rework station, as the run does
 * (mdl_run_quality.c); -1 for none. */
static int rework_pos(const mdl_model *m, const mdl_product *pr, const int *steps, int pos, int station) {
    int to = mdl_model_find_station(m, m->stations[station].rework_to);
    for (int i = pos - 1; i >= 0; i--)
        if (pr->route[steps[i]] == to) return i;
    return -1;
}

/* The most passes a unit of these steps can make (rework loops). */
static int rework_passes(const mdl_model *m, int p, const int *steps, int n) {
    int passes = 1;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < mdl_model_step_station_count(m, p, steps[i]); k++) {
            const mdl_station_spec *sp = &m->stations[mdl_model_step_station(m, p, steps[i], k)];
            if (sp->kind == MDL_STATION_INSPECTION && sp->reject == MDL_REJECT_REWORK && sp->max_rework + 1 > passes)
                passes = sp->max_rework + 1;
        }
    return passes;
}

typedef struct mass_grid {
    double *cell; /* [(pass * (n + 1) + pos) * 2 + defective] */
    int n, passes;
} mass_grid;

#define MASS(g, r, i, d) (g)->cell[((size_t)(r) * (size_t)((g)->n + 1) + (size_t)(i)) * 2 + (d)]

/* Moves the good and defective mass that station s handles at position
 * `pos` of pass r on: to the next position, or back to the rework step in
 * the next pass. */
static void pass_on(const mdl_model *m, const mdl_product *pr, const int *steps, mass_grid *g, int r, int pos, int s,
                    double good, double bad) {
    const mdl_station_spec *sp = &m->stations[s];
    if (sp->kind != MDL_STATION_INSPECTION) {
        MASS(g, r, pos + 1, 0) += good * (1.0 - sp->scrap - sp->defect);
        MASS(g, r, pos + 1, 1) += good * sp->defect + bad * (1.0 - sp->scrap);
        return;
    }
    double rej_good = good * sp->false_reject, rej_bad = bad * sp->detect;
    MASS(g, r, pos + 1, 0) += good - rej_good;
    MASS(g, r, pos + 1, 1) += bad - rej_bad;
    int back = sp->reject == MDL_REJECT_REWORK ? rework_pos(m, pr, steps, pos, s) : -1;
    if (back >= 0 && r < sp->max_rework && r + 1 < g->passes) MASS(g, r + 1, back, 0) += rej_good + rej_bad;
}

/* Adds weight x the expected visits of one unit of (p, variant) to out[s],
 * or with `work` its visits x their mean cycles. The probability mass of
 * the unit over (rework pass, position, defective) is pushed through its
 * steps in order: a rework only ever sends mass to a higher pass, so one
 * sweep per pass settles everything. False: out of memory. */
static bool unit_load(const mdl_model *m, int p, long variant, double weight, bool work, double *out) {
    int n = mdl_model_variant_steps(m, p, variant, NULL, 0);
    if (n <= 0) return true;
    int *steps = malloc((size_t)n * sizeof *steps);
    if (!steps) return false;
    mdl_model_variant_steps(m, p, variant, steps, n);
    mass_grid g = {NULL, n, rework_passes(m, p, steps, n)};
    g.cell = calloc((size_t)g.passes * (size_t)(n + 1) * 2, sizeof *g.cell);
    if (!g.cell) {
        free(steps);
        return false;
    }
    const mdl_product *pr = &m->products[p];
    step_split sp;
    MASS(&g, 0, 0, 0) = 1.0;
    for (int r = 0; r < g.passes; r++)
        for (int i = 0; i < n; i++) {
            double good = MASS(&g, r, i, 0), bad = MASS(&g, r, i, 1);
            if (good + bad <= 0.0) continue;
            split_step(m, p, variant, steps[i], &sp);
            for (int k = 0; k < sp.n; k++) {
                double f = sp.share[k];
                out[sp.st[k]] += weight * (good + bad) * f * (work ? sp.cycle[k] : 1.0);
                pass_on(m, pr, steps, &g, r, i, sp.st[k], good * f, bad * f);
            }
        }
    free(g.cell);
    free(steps);
    return true;
}

#undef MASS

bool mdl_model_variant_visits(const mdl_model *m, int product, long variant, double *visits) {
    for (int s = 0; s < m->nstations; s++) visits[s] = 0.0;
    if (product < 0 || product >= m->nproducts || variant < 0 || variant >= mdl_model_variant_count(m, product))
        return false;
    return unit_load(m, product, variant, 1.0, false, visits);
}

void mdl_model_expected_visits(const mdl_model *m, int product, double *visits) {
    mdl_model_variant_visits(m, product, 0, visits);
}

/* ---- the work of the mix ------------------------------------------------------ */

bool mdl_model_mix_work(const mdl_model *m, double *work) {
    int ns = m->nstations, np = m->nproducts;
    for (int s = 0; s < ns; s++) work[s] = 0.0;
    double *base = calloc((size_t)(np ? np : 1), sizeof *base);
    double *orders = calloc((size_t)(np ? np : 1), sizeof *orders);
    double total = base && orders ? release_weights(m, base, orders) : -1.0;
    bool ok = total > 0.0;
    /* Sources and loops release variant 0 (docs/scene-format.md, families);
     * an order its own variant. Orders in a row of one variant are summed. */
    for (int p = 0; ok && p < np; p++)
        if (base[p] > 0.0) ok = unit_load(m, p, 0, base[p] / total, true, work);
    int gp = -1;
    long gv = 0;
    double q = 0.0;
    for (int i = 0; ok && i <= m->norders; i++) {
        const mdl_order *o = i < m->norders ? &m->orders[i] : NULL;
        if (o && o->release >= m->run.horizon) continue;
        if (q > 0.0 && (!o || o->product != gp || (long)o->variant != gv)) {
            ok = unit_load(m, gp, gv, q / total, true, work);
            q = 0.0;
        }
        if (!o) break;
        gp = o->product;
        gv = (long)o->variant;
        q += (double)o->quantity;
    }
    free(base);
    free(orders);
    return ok;
}
