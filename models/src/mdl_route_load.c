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

/* How a unit's route begins and ends when it is made or consumed at a
 * station rather than worked there (mix work only; NULL for plain
 * visits): a part of a disassembly is made at its first step, which does
 * no work on it and draws no quality for it; a component of a BOM waits at
 * its last step, the assembly, where the work is the assembled product's.
 * Out: the mass per unit that arrives at the last step and that leaves it. */
typedef struct unit_ends {
    bool made_at_first, joined_at_last;
    double reached_last, done;
} unit_ends;

/* The work a visit of one unit brings to station s: a process batch of up
 * to `batch` units takes one cycle, so a unit brings its share of a full
 * batch (the batch's capacity). */
static double visit_work(const mdl_model *m, int s, double cycle) {
    int b = m->stations[s].batch;
    return b > 1 ? cycle / b : cycle;
}

/* Adds weight x the expected visits of one unit of (p, variant) to out[s],
 * or with `ends` (the mix's work) its visits x their work. The probability
 * mass of the unit over (rework pass, position, defective) is pushed
 * through its steps in order: a rework only ever sends mass to a higher
 * pass, so one sweep per pass settles everything. False: out of memory. */
static bool unit_load(const mdl_model *m, int p, long variant, double weight, unit_ends *ends, double *out) {
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
    int first = ends && ends->made_at_first && n > 1 ? 1 : 0, joined = ends && ends->joined_at_last ? n - 1 : n;
    MASS(&g, 0, first, 0) = 1.0;
    for (int r = 0; r < g.passes; r++)
        for (int i = first; i < n; i++) {
            double good = MASS(&g, r, i, 0), bad = MASS(&g, r, i, 1);
            if (good + bad <= 0.0) continue;
            if (ends && i == n - 1) ends->reached_last += good + bad;
            if (i == joined) continue;
            split_step(m, p, variant, steps[i], &sp);
            for (int k = 0; k < sp.n; k++) {
                double f = sp.share[k];
                out[sp.st[k]] += weight * (good + bad) * f * (ends ? visit_work(m, sp.st[k], sp.cycle[k]) : 1.0);
                pass_on(m, pr, steps, &g, r, i, sp.st[k], good * f, bad * f);
            }
        }
    for (int r = 0; ends && r < g.passes; r++) ends->done += MASS(&g, r, n, 0) + MASS(&g, r, n, 1);
    free(g.cell);
    free(steps);
    return true;
}

#undef MASS

bool mdl_model_variant_visits(const mdl_model *m, int product, long variant, double *visits) {
    for (int s = 0; s < m->nstations; s++) visits[s] = 0.0;
    if (product < 0 || product >= m->nproducts || variant < 0 || variant >= mdl_model_variant_count(m, product))
        return false;
    return unit_load(m, product, variant, 1.0, NULL, visits);
}

void mdl_model_expected_visits(const mdl_model *m, int product, double *visits) {
    mdl_model_variant_visits(m, product, 0, visits);
}

/* ---- the work of the mix ------------------------------------------------------ */

/* What the mix's work keeps per product: the units of it per unit of the
 * mix that reach its last step (a component's arrivals at its assembly)
 * and that leave it (a unit taken apart there), and whether they are
 * known yet. */
typedef struct mix_flow {
    double *reached, *done;
    bool *known;
} mix_flow;

/* The product whose parts lines name `part` (-1: none) and how many of it
 * one unit gives. */
static int part_parent(const mdl_model *m, int part, int *quantity) {
    for (int i = 0; i < m->nparts; i++)
        if (m->parts[i].component == part) {
            *quantity = m->parts[i].quantity;
            return m->parts[i].product;
        }
    return -1;
}

/* Is p a component of the product assembled at its route's last station? */
static bool joined_at_last(const mdl_model *m, int p) {
    const mdl_product *pr = &m->products[p];
    int g = pr->nsteps > 0 ? mdl_model_assembled_at(m, pr->route[pr->nsteps - 1]) : -1;
    for (int i = 0; g >= 0 && i < m->nbom; i++)
        if (m->bom[i].product == g && m->bom[i].component == p) return true;
    return false;
}

/* Adds the work of `units` units of (p, variant) per unit of the mix and
 * books what reaches and leaves p's last step. */
static bool flow_add(const mdl_model *m, int p, long variant, double units, mix_flow *fl, double *work) {
    int q;
    unit_ends e = {part_parent(m, p, &q) >= 0, joined_at_last(m, p), 0.0, 0.0};
    if (!unit_load(m, p, variant, units, &e, work)) return false;
    fl->reached[p] += units * e.reached_last;
    fl->done[p] += units * e.done;
    return true;
}

/* The units of a product made on the line (assembled, or a part) per unit
 * of the mix, once what makes it is known: an assembly makes as many as
 * its scarcest component allows (arrivals / quantity per unit, the
 * fewest over its BOM lines); a unit taken apart gives `quantity` parts.
 * False: not known yet (or released, or fed by nothing). */
static bool made_units(const mdl_model *m, int p, const mix_flow *fl, double *units) {
    int q, parent = part_parent(m, p, &q);
    if (parent >= 0) {
        *units = fl->done[parent] * q;
        return fl->known[parent];
    }
    bool any = false;
    *units = INFINITY;
    for (int i = 0; i < m->nbom; i++) {
        const mdl_bom_line *b = &m->bom[i];
        if (b->product != p) continue;
        if (!fl->known[b->component]) return false;
        double u = fl->reached[b->component] / b->quantity;
        if (u < *units) *units = u;
        any = true;
    }
    return any;
}

/* The released units: sources and loops release variant 0
 * (docs/scene-format.md, families); an order its own variant. Orders in a
 * row of one variant are summed. */
static bool released_work(const mdl_model *m, const double *base, double total, mix_flow *fl, double *work) {
    bool ok = true;
    for (int p = 0; ok && p < m->nproducts; p++)
        if (base[p] > 0.0) ok = flow_add(m, p, 0, base[p] / total, fl, work);
    int gp = -1;
    long gv = 0;
    double q = 0.0;
    for (int i = 0; ok && i <= m->norders; i++) {
        const mdl_order *o = i < m->norders ? &m->orders[i] : NULL;
        if (o && o->release >= m->run.horizon) continue;
        if (q > 0.0 && (!o || o->product != gp || (long)o->variant != gv)) {
            ok = flow_add(m, gp, gv, q / total, fl, work);
            q = 0.0;
        }
        if (!o) break;
        gp = o->product;
        gv = (long)o->variant;
        q += (double)o->quantity;
    }
    return ok;
}

/* Products made on the line follow what makes them: each pass settles the
 * products whose makers are known (BOMs and parts have no cycles, so at
 * most one pass per product). */
static bool made_work(const mdl_model *m, mix_flow *fl, double *work) {
    bool ok = true, progress = true;
    while (ok && progress) {
        progress = false;
        for (int p = 0; ok && p < m->nproducts; p++) {
            double units;
            if (fl->known[p] || !made_units(m, p, fl, &units)) continue;
            ok = units <= 0.0 || flow_add(m, p, 0, units, fl, work);
            fl->known[p] = progress = true;
        }
    }
    return ok;
}

bool mdl_model_mix_work(const mdl_model *m, double *work) {
    int np = m->nproducts;
    size_t n = (size_t)(np ? np : 1);
    for (int s = 0; s < m->nstations; s++) work[s] = 0.0;
    double *base = calloc(4 * n, sizeof *base);
    bool *known = calloc(n, sizeof *known);
    if (!base || !known) {
        free(base);
        free(known);
        return false;
    }
    mix_flow fl = {base + 2 * n, base + 3 * n, known};
    double total = release_weights(m, base, base + n);
    for (int p = 0; p < np; p++) known[p] = part_parent(m, p, &(int){0}) < 0 && mdl_model_bom_count(m, p) == 0;
    bool ok = total > 0.0 && released_work(m, base, total, &fl, work) && made_work(m, &fl, work);
    free(base);
    free(known);
    return ok;
}
