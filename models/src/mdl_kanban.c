/*
 * mdl_kanban.c - kanban card loops (mdl_routing.h), the model's side: a
 * loop from one station to another with a number of cards. The run's side
 * (take a card on entering the first station, give it back on leaving the
 * last one or the line) is in mdl_run_routing.c; the room check in
 * station_has_room (mdl_run_lean.c).
 */
#include <string.h>

#include "mdl_routing_internal.h"

#define MAX_LOOPS 255   /* a unit keeps its card's loop in 8 bits */
#define MAX_CARDS 1000000


int mdl_model_add_kanban(mdl_model *m, const char *id, int from, int to, int cards) {
    const char *kid = id && *id ? id : "(unnamed)";
    if (from < 0 || from >= m->nstations || to < 0 || to >= m->nstations)
        return mdl__fail(m, "kanban '%s': from/to: no such station", kid), -1;
    if (m->stations[from].kind == MDL_STATION_ASSEMBLY) /* its components wait in buffers of their own */
        return mdl__fail(m, "kanban '%s': from: station '%s' is an assembly station: not supported (a loop may end "
                            "there)", kid, m->stations[from].id), -1;
    if (cards < 1 || cards > MAX_CARDS)
        return mdl__fail(m, "kanban '%s': cards: must be between 1 and %d, got %d", kid, MAX_CARDS, cards), -1;
    if (m->nkanbans >= MAX_LOOPS) return mdl__fail(m, "kanban '%s': more than %d loops", kid, MAX_LOOPS), -1;
    for (int i = 0; i < m->nkanbans; i++) {
        const mdl_kanban *k = &m->kanbans[i];
        if (strcmp(k->id, kid) == 0) return mdl__fail(m, "kanban '%s': id: another loop has this id", kid), -1;
        if (k->from == from || k->to == to)
            return mdl__fail(m, "kanban '%s': loop '%s' already %s at station '%s'", kid, k->id,
                             k->from == from ? "starts" : "ends", m->stations[k->from == from ? from : to].id), -1;
    }
    const char *copy = MDL_GROW_ID(m, kanbans, nkanbans, cap_kanbans, kid);
    if (!copy) return -1;
    m->kanbans[m->nkanbans] = (mdl_kanban){.id = copy, .from = from, .to = to, .cards = cards};
    m->routing = true;
    return m->nkanbans++;
}

int mdl_model_kanban_count(const mdl_model *m) { return m->nkanbans; }

bool mdl__kanban_covers(const mdl_model *m, const mdl_kanban *kb, int si) {
    if (kb->from == si || kb->to == si) return true;
    for (int p = 0; p < m->nproducts; p++) {
        const mdl_product *pr = &m->products[p];
        bool inside = false;
        for (int i = 0; i < pr->nsteps; i++) {
            const mdl_step *st = pr->steps ? pr->steps[i] : NULL;
            for (int k = 0; k < (st ? st->n : 1); k++) {
                int at = st ? st->st[k] : pr->route[i];
                if (at == kb->from) inside = true;
                else if (inside && at == si) return true;
            }
            for (int k = 0; k < (st ? st->n : 1); k++)
                if ((st ? st->st[k] : pr->route[i]) == kb->to) inside = false;
        }
    }
    return false;
}

/* A card per unit: a station inside a loop that joins units (assembly)
 * or makes new ones (disassembly, lot splitting) would let units into the
 * loop without a card (the components' or the taken-apart unit's cards
 * come back there). Such a station may only be the loop's last one. */
bool mdl__kanban_validate(mdl_model *m) {
    for (int i = 0; i < m->nkanbans; i++) {
        const mdl_kanban *kb = &m->kanbans[i];
        for (int si = 0; si < m->nstations; si++) {
            bool joins = m->stations[si].kind == MDL_STATION_ASSEMBLY;
            bool splits = mdl__lines_product_at(m, m->parts, m->nparts, si, true) >= 0;
            if (si == kb->to || !(joins || splits) || !mdl__kanban_covers(m, kb, si)) continue;
            return mdl__fail(m, "kanban '%s': station '%s' inside the loop %s: its units would be in the loop "
                                "without a card (the loop may end there)",
                             kb->id, m->stations[si].id, joins ? "assembles" : "takes units apart");
        }
    }
    return true;
}
