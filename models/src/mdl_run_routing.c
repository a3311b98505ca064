/*
 * mdl_run_routing.c - the run's side of families, flexible route steps and
 * kanban loops (mdl_routing.h): which station a unit goes to, the cycle
 * and setup of a variant or a visit, and the kanban cards. The hand-over
 * (mdl_run_lean.c) calls these only when the model uses them (r->routing),
 * never in lean runs.
 */
#include "mdl_run_internal.h"

/* Streams of the probabilistic steps: named after the product and the step,
 * so that two scenes with the same product share their draws. */
#define STEP_STREAM ((uint64_t)5 << 40)

bool mdl__rt_init(mdl_run *r) {
    const mdl_model *m = r->m;
    r->routing = true;
    r->rt.step_rng = calloc((size_t)m->nshare_steps + 1, sizeof *r->rt.step_rng);
    r->rt.cards_free = calloc((size_t)m->nkanbans + 1, sizeof *r->rt.cards_free);
    r->rt.reentries = calloc((size_t)m->nkanbans + 1, sizeof *r->rt.reentries);
    if (!r->rt.step_rng || !r->rt.cards_free || !r->rt.reentries) return false;
    for (int p = 0; p < m->nproducts; p++) {
        const mdl_product *pp = &m->products[p];
        for (int k = 0; pp->steps && k < pp->nsteps; k++) {
            const mdl_step *st = pp->steps[k];
            if (st && st->rule == MDL_STEP_SHARE)
                sim_rng_seed(&r->rt.step_rng[st->rng], r->master, sim_rng_stream_id(pp->id, STEP_STREAM | (uint64_t)k));
        }
    }
    for (int i = 0; i < m->nkanbans; i++) {
        const mdl_kanban *kb = &m->kanbans[i];
        r->rt.cards_free[i] = kb->cards;
        r->st[kb->from].kanban_in = i;
        r->st[kb->to].kanban_out = i;
    }
    return true;
}

void mdl__rt_fini(mdl_run *r) {
    free(r->rt.step_rng);
    free(r->rt.cards_free);
    free(r->rt.reentries);
    r->rt.step_rng = NULL;
    r->rt.cards_free = NULL;
    r->rt.reentries = NULL;
}

/* ---- families and visits: setup and cycle ------------------------------------ */

/* The cycle time drawn for unit ui at s, its variant's additions `extra` included. */
static double rt_cycle(station *s, uint32_t ui, const sim_dist *vc, double extra) {
    mdl_run *r = s->run;
    double d = vc ? checked(r, sim_dist_sample(vc, &s->cycle_rng), "station", s->spec->id, "cycle")
                  : mdl__cycle_draw(s, U(r, ui)->product);
    return d + extra;
}

double mdl__rt_cycle(station *s, uint32_t ui) {
    mdl_run *r = s->run;
    const unit *u = U(r, ui);
    int p = u->product;
    return rt_cycle(s, ui, mdl__visit_cycle(r->m, p, u->step),
                    r->products[p].fam ? mdl__family_extra(r->m, p, u->variant, s->index) : 0.0);
}

double mdl__rt_begin(server *sv, uint32_t ui, bool *setup) {
    station *s = sv->st;
    mdl_run *r = s->run;
    const unit *u = U(r, ui);
    int p = u->product;
    uint32_t v = u->variant;
    const sim_dist *vc = mdl__visit_cycle(r->m, p, u->step);
    double extra = r->products[p].fam ? mdl__family_extra(r->m, p, v, s->index) : 0.0;
    double d = 0.0;
    bool any = false;
    if (sv->last_product >= 0 && sv->last_product != p) {
        const sim_dist *su = mdl__setup(r->m, s->index, sv->last_product, p);
        if (su) {
            d = checked(r, sim_dist_sample(su, &s->setup_rng), "station", s->spec->id, "setup");
            any = true;
        }
    } else if (sv->last_product == p && sv->last_variant != v && r->products[p].fam) {
        d = mdl__family_setup(r, s, p, sv->last_variant, v, &any);
    }
    sv->last_product = p;
    sv->last_variant = v;
    *setup = any;
    return any ? d : rt_cycle(s, ui, vc, extra);
}

/* ---- kanban ------------------------------------------------------------------- */

/* Takes a card of loop k: the room checks let no unit in without one, so
 * none free here is a bug (the run fails with it, app/ reports it). */
static void take_card(mdl_run *r, int k) {
    if (r->rt.cards_free[k] <= 0)
        mdl__run_fail(r, "internal error (%s:%d): kanban '%s': a unit enters without a free card", __FILE__, __LINE__,
                      r->m->kanbans[k].id);
    r->rt.cards_free[k]--;
}

void mdl__kanban_enter(mdl_run *r, station *s, uint32_t ui) {
    unit *u = U(r, ui);
    if (u->card) return; /* inside its loop already */
    int k = s->kanban_in; /* the room check (station_has_room) found a free card */
    take_card(r, k);
    u->card = (uint32_t)(k + 1) & 0xFFu;
}

/* Does unit ui (NO_UNIT: not known) hold the card of the loop that
 * starts at s? Coming back into it, it needs no second one. */
bool mdl__kanban_holds(const station *s, uint32_t ui) {
    return ui != NO_UNIT && s->kanban_in >= 0 && s->run->units[ui].card == (uint32_t)s->kanban_in + 1;
}

/* Room reserved at s for unit ui (NO_UNIT: not known yet): a card with it,
 * unless ui comes back into the loop whose card it holds. */
void mdl__kanban_reserve(mdl_run *r, const station *s, uint32_t ui) {
    if (s->kanban_in < 0) return;
    if (mdl__kanban_holds(s, ui))
        r->rt.reentries[s->kanban_in]++;
    else
        take_card(r, s->kanban_in);
}

int mdl__kanban_delivered(mdl_run *r, const station *s, uint32_t ui) {
    unit *u = U(r, ui);
    int k = s->kanban_in;
    if (k < 0) return -1;
    if (mdl__kanban_holds(s, ui) && r->rt.reentries[k] > 0) { /* its room took no card */
        r->rt.reentries[k]--;
        return -1;
    }
    if (u->card) return k; /* inside a loop already: one card at a time */
    u->card = (uint32_t)(k + 1) & 0xFFu;
    return -1;
}

void mdl__kanban_return(mdl_run *r, int loop) {
    r->rt.cards_free[loop]++;
    station *from = &r->st[r->m->kanbans[loop].from];
    if (from->waiters.len) mdl__station_pull(from);
    /* An unlimited supply in front of the loop (a supermarket) sends the
     * next unit the moment a card is free. */
    else if (from->unlimited >= 0) mdl__release_unit(r, unlimited_turn(r, from));
}

/* Does the rest of u's route, from the step it has just entered on,
 * visit station a or b (any station of a flexible step counts)? */
static bool route_visits(mdl_run *r, const unit *u, int a, int b) {
    const mdl_product *p = &r->products[u->product];
    for (int k = u->step; k < p->nsteps; k = route_next(r, u->product, u->variant, k)) {
        const mdl_step *st = p->steps ? p->steps[k] : NULL;
        for (int i = 0; i < (st ? st->n : 1); i++) {
            int s = st ? st->st[i] : p->route[k];
            if (s == a || s == b) return true;
        }
    }
    return false;
}

void mdl__kanban_leave(mdl_run *r, int s, uint32_t ui, bool out_of_line) {
    unit *u = U(r, ui);
    int loop = (int)u->card - 1;
    if (loop < 0) return;
    const mdl_kanban *kb = &r->m->kanbans[loop];
    /* The card comes back when the unit leaves the loop's last station for
     * the last time: a route that comes back into the loop keeps it, so
     * that its re-entry never waits for a card (a deadlock when all are out). */
    if (!out_of_line && (kb->to != s || route_visits(r, u, kb->from, kb->to))) return;
    u->card = 0;
    mdl__kanban_return(r, loop);
}
