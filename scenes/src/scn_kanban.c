/*
 * scn_kanban.c - the scene's kanban card loops: `kanban = ( { id; from;
 * to; cards; } )`. Part of the scene builder (scn_build_internal.h); the
 * model's side is models/src/mdl_kanban.c, the run's mdl_run_routing.c.
 */
#include "scn_build_internal.h"

#include "mdl_routing.h"

static const char *const kanban_example = "( { id = \"k1\"; from = \"cnc\"; to = \"wash\"; cards = 5; } )";

/* `from` or `to`: the station's model index, -1 when refused (reported) or failed. */
static int loop_end(bctx *b, scn_keyreader *r, const char *key, bool *ok) {
    const scn_node *n = scn__key_node(r, key);
    if (!n) {
        scn__key_problem(r, r->g, "missing '%s' (a station id)", key);
        *ok = false;
        return -1;
    }
    if (!want_kind(b, n, SCN_STRING, r->subject, key, "\"cnc\"")) {
        *ok = false;
        return -1;
    }
    int si = find_station(b, n->s);
    if (si < 0) {
        unknown_name(b, n, r->subject, key, "station", n->s, b->st_ids, b->nst);
        *ok = false;
        return -1;
    }
    if (!b->st[si].ok) *ok = false;
    return b->st[si].index;
}

static void build_loop(bctx *b, const scn_node *g, size_t i) {
    const char *subj = subject_of(b, "kanban", NULL, i);
    const scn_node *idn = member(g, "id");
    bool ok = true;
    if (!idn) {
        problem(b, g, subj, "missing 'id' (the loop's name, e.g. id = \"k1\")");
        ok = false;
    } else if (!scn__check_id(b, idn, subj)) {
        ok = false;
    } else {
        subj = subject_of(b, "kanban", idn->s, i);
    }
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__kanban_keys, g, subj) > 0) b->failed = true;
    int from = loop_end(b, &r, "from", &ok), to = loop_end(b, &r, "to", &ok);
    long long cards = 0;
    if (!scn__key_node(&r, "cards")) scn__key_problem(&r, g, "missing 'cards' (the number of cards, e.g. cards = 5)");
    else scn__key_whole(&r, "cards", &cards);
    if (r.failed) b->failed = true;
    if (ok && !r.failed && !b->failed && mdl_model_add_kanban(b->m, idn->s, from, to, (int)cards) < 0)
        model_problem(b, g, subj);
}

void scn__build_kanban(bctx *b, const scn_node *kl) {
    if (!kl) return;
    if (!scn__want_list_of_groups(b, kl, "kanban", kanban_example)) return;
    for (size_t i = 0; i < kl->nkids; i++) build_loop(b, kl->kids[i], i);
}
