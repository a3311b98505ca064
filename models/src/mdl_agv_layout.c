/*
 * mdl_agv_layout.c - the layout check of AGV traffic (`linetwin check`,
 * docs/material-handling.md "Layout check"): where deadlock avoidance
 * cannot promise that no deadlock forms (gates where vehicles stop with
 * no place aside, swaps behind a station's gate, fleets larger than the
 * places off the through traffic), and how many of a fleet's vehicles a
 * run puts on the network (tr_layout_fleet_on, mdl_model_fleet_in_traffic).
 * The network's lanes and cut nodes are found as the run finds them
 * (mdl_agv_zone.c).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_agv_internal.h"
#include "mdl_agv_refuge.h"
#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "mdl_internal.h"

/* Counts node n as a place of fleet f (once: served[n] = f + 1). */
static int serve(int *served, int n, int f) {
    if (n < 0 || served[n] == f + 1) return 0;
    served[n] = f + 1;
    return 1;
}

/* The nodes fleet f picks up at or drops at, each once: stations, docks
 * and AS/RS I/O nodes (a vehicle handling there waits off the through
 * traffic as at a station). */
static int served_places(const mdl_model *m, const struct tr_model *tm, int f, int *served) {
    int count = 0;
    for (int k = 0; k < tm->nsteps; k++) {
        const tr_step *st = &tm->steps[k];
        const mdl_product *p = &m->products[st->product];
        if (st->kind == MDL_TRANSPORT_FLEET && st->which == f && st->station < 0 && p->nsteps > 0) { /* from a dock */
            count += serve(served, tm->docks[-1 - st->station].node, f);
            count += serve(served, tm->st_node[p->route[0]], f);
        }
        const mdl_asrs_spec *as = st->kind == MDL_TRANSPORT_ASRS ? &tm->asrs[st->which] : NULL;
        bool by_f = (st->kind == MDL_TRANSPORT_FLEET && st->which == f) || (as && (as->feed == f || as->deliver == f));
        if (!by_f || st->station < 0) continue;
        if (as) count += serve(served, as->node, f);
        if (!as || as->feed == f) count += serve(served, tm->st_node[st->station], f);
        int to = st->product < tm->cap_prod ? tm->prod_to[st->product] : -1;
        if (!as && to >= 0 && p->nsteps > 0 && p->route[p->nsteps - 1] == st->station) count += serve(served, tm->docks[to].node, f);
        for (int i = 0; (!as || as->deliver == f) && i + 1 < p->nsteps; i++)
            if (p->route[i] == st->station) count += serve(served, tm->st_node[p->route[i + 1]], f);
    }
    return count;
}

/* Can a vehicle waiting on gate x for one of its parts get on? For each
 * part with a place vehicles drive to with a task (want bit 2), the
 * vehicle on x can step aside into another part that has a place aside
 * (bit 1; tr_agv_step_aside), or the part itself has a parking place
 * (p: the same search with bit 1 for parking nodes only), where the
 * vehicle it waits for steps aside from the gate in front of it (a
 * station in the middle of a branch, a junction of two branches behind
 * such a station: tests/test_agv_branch.c). A dead end of one place
 * there is not enough (a spare node beyond A on the line A -> S -> B:
 * tests/test_cli_avoid3.c). The parts where it cannot go into parts[]
 * (a child of x in the search, or -1: the part above x); their count. */
static int gate_parts(const struct tr_model *tm, const tr_cut_scan *c, const tr_cut_scan *p, const uint8_t *want, int x, int *parts) {
    int r = c->top[x], ownA = want[x] & 1, ownS = (want[x] >> 1) & 1, ownP = tm->nodes[x].kind == MDL_NODE_PARKING, np = 0;
    int totA = c->sub[2 * r], totS = c->sub[2 * r + 1];
    for (int k = c->start[x]; k < c->start[x + 1]; k++) {
        int e = c->adj[k], w = tm->edges[e].from == x ? tm->edges[e].to : tm->edges[e].from;
        if (c->par[w] != x || c->up[w] != e || c->low[w] < c->disc[x]) continue; /* not a part below x */
        if (c->sub[2 * w + 1] > 0 && p->sub[2 * w] == 0 && totA - ownA - c->sub[2 * w] == 0) parts[np++] = w;
    }
    int parked_above = p->sub[2 * r] - ownP - p->sep[2 * x]; /* the part above x */
    if (x != r && totS - ownS - c->sep[2 * x + 1] > 0 && c->sep[2 * x] == 0 && parked_above == 0) parts[np++] = -1;
    return np;
}

/* Marks in skip[] the nodes of gate x's part: the subtree of its child
 * w in the search, or (w < 0) the rest of x's network above x. */
static void part_mark(const struct tr_model *tm, const tr_cut_scan *c, int x, int w, uint8_t *skip) {
    for (int n = 0; n < tm->nnodes; n++) {
        bool below_x = c->disc[n] >= c->disc[x] && c->disc[n] <= c->last[x];
        skip[n] = (uint8_t)(w >= 0 ? c->disc[n] >= c->disc[w] && c->disc[n] <= c->last[w] : c->top[n] == c->top[x] && !below_x);
    }
}

/* The network as the run sees it (tr_agv_zones_init), for the check:
 * lanes (a node vehicles handle at is none: it ends the corridors on
 * either side), corridor ends, the gates and what their parts hold. */
typedef struct net_view {
    int *nb, *deg, *served, *mark, *parts;
    bool *lane;
    uint8_t *want, *gate, *cend, *park, *skip, *said, *refuge, *goal;
    tr_cut_scan c, p; /* p: the same search, bit 1 for parking nodes only */
    tr_refuge r;   /* the refuges of a gate (check_gates, check_gate_swaps) */
    bool tight;    /* a node of one place all pass: a gate or a lane */
} net_view;

static void view_free(net_view *v) {
    free(v->nb), free(v->deg), free(v->served), free(v->mark), free(v->lane), free(v->want), free(v->gate), free(v->cend);
    free(v->park), free(v->parts), free(v->skip), free(v->said), free(v->refuge), free(v->goal);
    tr_refuge_free(&v->r);
    tr_agv_cut_free(&v->c);
    tr_agv_cut_free(&v->p);
}

static bool view_build(const mdl_model *m, const struct tr_model *tm, net_view *v) {
    size_t n1 = (size_t)tm->nnodes + 1;
    v->nb = malloc(2 * n1 * sizeof *v->nb), v->deg = calloc(n1, sizeof *v->deg), v->served = calloc(n1, sizeof *v->served);
    v->mark = calloc(n1, sizeof *v->mark), v->lane = calloc(n1, sizeof *v->lane);
    v->want = calloc(n1, 1), v->gate = calloc(n1, 1), v->cend = calloc(n1, 1), v->park = calloc(2 * n1, 1);
    v->parts = malloc(n1 * sizeof *v->parts), v->skip = calloc(n1, 1), v->said = calloc(n1, 1), v->refuge = calloc(n1, 1);
    v->goal = calloc(n1, 1);
    if (!v->nb || !v->deg || !v->served || !v->mark || !v->lane || !v->want || !v->gate || !v->cend || !v->park || !v->parts || !v->skip ||
        !v->said || !v->refuge || !v->goal || !tr_refuge_init(tm, &v->r))
        return false;
    v->c.mark = v->p.mark = TR_GATE; /* (two-way cut nodes, as the run's gates) */
    tr_agv_lanes_mark(tm, v->lane, v->nb, v->deg);
    for (int s = 0; s < m->nstations && s < tm->cap_st; s++)
        if (tm->st_node[s] >= 0) v->lane[tm->st_node[s]] = false;
    for (int d = 0; d < tm->ndocks; d++)
        if (tm->docks[d].node >= 0) v->lane[tm->docks[d].node] = false;
    for (int a = 0; a < tm->nasrs; a++)
        if (tm->asrs[a].node >= 0) v->lane[tm->asrs[a].node] = false;
    for (int e = 0; e < tm->nedges; e++) {
        int a = tm->edges[e].from, b = tm->edges[e].to;
        if (v->lane[a] != v->lane[b]) v->cend[v->lane[a] ? b : a] = 1;
    }
    for (int f = 0; f < tm->nfleets; f++) served_places(m, tm, f, v->served); /* (nonzero: served by a fleet) */
    for (int n = 0; n < tm->nnodes; n++) {
        const mdl_node_spec *ns = &tm->nodes[n];
        bool task = v->served[n] || ns->kind == MDL_NODE_CHARGING;
        bool aside = ns->kind == MDL_NODE_PARKING ||
                     (ns->kind == MDL_NODE_POINT && !v->served[n] && !v->lane[n] && (v->deg[n] == 1 || ns->capacity >= 2));
        v->want[n] = (uint8_t)((aside ? 1 : 0) | (task ? 2 : 0));
        v->park[n] = (uint8_t)((ns->kind == MDL_NODE_PARKING ? 1 : 0) | (task ? 2 : 0));
        v->goal[n] = task || ns->kind == MDL_NODE_PARKING;
    }
    tr_refuge_places(tm, v->lane, v->refuge);
    if (!tr_agv_cut_nodes(tm, v->gate, v->want, &v->c) || !tr_agv_cut_nodes(tm, v->park + n1, v->park, &v->p)) return false;
    for (int n = 0; n < tm->nnodes; n++) v->tight |= v->lane[n] || ((v->gate[n] & TR_GATE) && tm->nodes[n].capacity == 1);
    return true;
}

/* Is some part of gate x that a vehicle on it cannot go into (gate_parts)
 * left to the fallback? With two vehicles on the network, the deadlocks
 * there are swaps of the two through x, and the run takes a swap apart
 * before it closes (mdl_agv_traffic.c, swap_out) when the one on x can
 * clear the way to a refuge outside the part that is no place the other
 * drives to (tr_refuge_count): not left then. With three or more, a knot
 * of three is not taken apart; on a parking place of one (a vehicle
 * parked there waits for no one) neither: both are left. */
static bool gate_left(const struct tr_model *tm, net_view *v, int x, int on) {
    int np = gate_parts(tm, &v->c, &v->p, v->want, x, v->parts);
    bool left = np > 0 && (on != 2 || tm->nodes[x].kind == MDL_NODE_PARKING);
    for (int i = 0; i < np && !left; i++) {
        part_mark(tm, &v->c, x, v->parts[i], v->skip);
        left = tr_refuge_count(tm, &v->r, x, v->skip, v->refuge, v->goal, true, 1) < 1;
    }
    memset(v->skip, 0, (size_t)tm->nnodes);
    return left;
}

/* Places off the through traffic of node n for fleet f (mine: n is a
 * place f serves): a parking node's places (one less when it is the only
 * way onto a charger) and a charger's; a node f serves counts one (a
 * vehicle handling there), a dead end all its places, a gate of one
 * place none (all pass it); a point node no fleet serves outside lanes:
 * a dead end all its places, else all but one kept for passing. */
static int places_off(const struct tr_model *tm, const net_view *v, int n, bool mine) {
    const mdl_node_spec *ns = &tm->nodes[n];
    if (ns->kind == MDL_NODE_CHARGING) return ns->capacity;
    if (ns->kind == MDL_NODE_PARKING) {
        for (int o = 0; o < tm->nnodes; o++) /* a charger beyond it: a place kept for passing */
            if (tm->nodes[o].kind == MDL_NODE_CHARGING && v->deg[o] == 1 && v->nb[2 * o] == n && ns->capacity >= 2)
                return ns->capacity - 1 + (mine ? 1 : 0);
        return ns->capacity + (mine ? 1 : 0);
    }
    if (ns->kind != MDL_NODE_POINT || v->lane[n] || (v->served[n] && !mine)) return mine ? 1 : 0;
    if ((v->gate[n] & TR_GATE) && ns->capacity == 1) return 0;
    if (v->deg[n] == 1) return ns->capacity;
    return mine ? 1 : ns->capacity - 1;
}

/* A fleet with more vehicles than places off the through traffic, or as
 * many where vehicles pass each other through a node of one place (a
 * gate or a lane): two cannot trade places there with none free. */
/* A gate of one place that fleet f serves (a vehicle handles there and
 * is left idle on the only way through), or -1. */
static int served_gate(const struct tr_model *tm, const net_view *v, int f) {
    for (int n = 0; n < tm->nnodes; n++)
        if (v->mark[n] == f + 1 && (v->gate[n] & TR_GATE) && tm->nodes[n].capacity == 1) return n;
    return -1;
}

/* Fleet f's places off the through traffic, and in *own those the nodes
 * it serves add (marks them in v->mark, as served_gate reads them). */
static int fleet_places(const mdl_model *m, const struct tr_model *tm, net_view *v, int f, int *own) {
    served_places(m, tm, f, v->mark);
    int places = 0;
    *own = 0;
    for (int n = 0; n < tm->nnodes; n++) {
        int k = places_off(tm, v, n, v->mark[n] == f + 1);
        if (v->mark[n] == f + 1) *own += k - places_off(tm, v, n, false);
        places += k;
    }
    return places;
}

/* The most vehicles fleet f holds (places, own: fleet_places): fewer
 * than its places off the through traffic, as many where no node of one
 * place is passed through (two cannot trade places there), and one over
 * the parking, charger and aside places when it serves a gate of one
 * place (a vehicle done there is left idle on the only way through); at
 * least 1. */
static int fleet_most(const struct tr_model *tm, const net_view *v, int f, int places, int own) {
    int most = v->tight ? places - 1 : places;
    if (served_gate(tm, v, f) >= 0 && most > places - own + 1) most = places - own + 1;
    return most > 1 ? most : 1;
}

/* The vehicles of a fleet the run puts on the network (most: fleet_most):
 * with avoidance no more than its layout holds (mdl_agv.c, fleets_init). */
static int fleet_on(const mdl_fleet_spec *fs, int most) {
    return fs->traffic != MDL_TRAFFIC_DETECT && !fs->surplus_drive && fs->count > most ? most : fs->count;
}

/* What too many vehicles lead to: with avoidance the run keeps the
 * surplus out of the traffic (mdl_agv.c, fleets_init); with detection
 * deadlocks form. */
static void surplus_said(const mdl_fleet_spec *fs, int most, char *out, size_t size) {
    if (fs->traffic == MDL_TRAFFIC_DETECT || fs->surplus_drive)
        snprintf(out, size, "deadlocks may form, and are left to detection and forced passes");
    else
        snprintf(out, size,
                 "the run keeps %d of them switched off, out of the traffic, and the fleet carries what a fleet of %d "
                 "carries",
                 fs->count - most, most);
}

static void check_fleet_size(const mdl_model *m, const struct tr_model *tm, net_view *v, tr_layout_report_fn *fn, void *c) {
    for (int f = 0; f < tm->nfleets; f++) {
        const mdl_fleet_spec *fs = &tm->fleets[f];
        int own, places = fleet_places(m, tm, v, f, &own), most = fleet_most(tm, v, f, places, own);
        if (fs->count <= most) continue;
        char subj[200], msg[1024], then[200];
        snprintf(subj, sizeof subj, "fleet '%s'", fs->id);
        surplus_said(fs, most, then, sizeof then);
        int hub = served_gate(tm, v, f);
        if (fs->count < places || (fs->count == places && !v->tight))
            snprintf(msg, sizeof msg,
                     "layout: %d vehicles, but a vehicle done at node '%s' (one place, the only way through) must make "
                     "room at one of the places off the through traffic an idle vehicle is sent to (parking, chargers "
                     "and places aside %d), and the others can fill them all: %s",
                     fs->count, tm->nodes[hub].id, places - own, then);
        else
            snprintf(msg, sizeof msg,
                     "layout: %d vehicles, but the network has places off the through traffic for %d (parking, chargers and "
                     "places aside %d, stations, docks and AS/RS served %d)%s: %s",
                     fs->count, places, places - own, own,
                     fs->count == places ? ", and they pass each other through a node of one place (a gate or a single "
                                           "lane), where two cannot trade places with no place off it free"
                                         : "",
                     then);
        fn(c, fs->source_line, subj, msg);
    }
}

/* The vehicles the run puts on the network, of every fleet. */
static int network_on(const mdl_model *m, const struct tr_model *tm, net_view *v) {
    int on = 0;
    for (int f = 0; f < tm->nfleets; f++) {
        int own, places = fleet_places(m, tm, v, f, &own);
        on += fleet_on(&tm->fleets[f], fleet_most(tm, v, f, places, own));
    }
    return on;
}

/* The gates of one place where vehicles wait (served places and corridor
 * ends) with no place to step aside to outside the part they wait for,
 * whose swaps the run cannot take apart (gate_left). Not with one vehicle
 * on the network (those the run keeps out of the traffic not counted):
 * it waits for no one. */
static void check_gates(const mdl_model *m, const struct tr_model *tm, net_view *v, tr_layout_report_fn *fn, void *ctx) {
    int on = network_on(m, tm, v);
    for (int n = 0; n < tm->nnodes && on >= 2; n++) {
        bool stop = v->served[n] || v->cend[n] || tm->nodes[n].kind == MDL_NODE_PARKING; /* (a parking place of one on the only way: issue 20) */
        if (!(v->gate[n] & TR_GATE) || tm->nodes[n].capacity != 1 || !stop || !gate_left(tm, v, n, on)) continue;
        v->said[n] = 1;
        char subj[200];
        snprintf(subj, sizeof subj, "node '%s'", tm->nodes[n].id);
        fn(ctx, tm->nodes[n].source_line, subj,
           "layout: a node of one place that is the only way into and out of part of the network (a gate), where vehicles "
           "stop, with no place to step aside to outside the part they wait for (a parking place, or a point node off the "
           "through traffic that no station uses): a vehicle waiting there blocks the ones that can leave only through it, "
           "and deadlocks there are left to detection and forced passes");
    }
}

/* The nodes fleet f drives to empty, to pick up at (pick[n] = 1): the
 * stations and docks it carries from, the AS/RS it feeds. */
static void pick_places(const mdl_model *m, const struct tr_model *tm, int f, uint8_t *pick) {
    for (int k = 0; k < tm->nsteps; k++) {
        const tr_step *st = &tm->steps[k];
        const mdl_asrs_spec *as = st->kind == MDL_TRANSPORT_ASRS ? &tm->asrs[st->which] : NULL;
        bool by_f = (st->kind == MDL_TRANSPORT_FLEET && st->which == f) || (as && as->feed == f);
        if (!by_f || m->products[st->product].nsteps <= 0) continue;
        int n = st->station < 0 ? tm->docks[-1 - st->station].node : tm->st_node[st->station];
        if (n >= 0) pick[n] = 1;
    }
}

/* Does a part behind gate x (the nodes reached from a neighbour of x
 * by two-way edges without passing x: c's adjacency) hold a place the
 * fleet picks up at (pick) and no parking place, where the swap through
 * x is left to the fallback: with `on` vehicles on the network other
 * than 2 (a knot of three is not taken apart), or with no refuge outside
 * the part (tr_refuge_count: where the one on x clears the way to; the
 * one leaving the part is bound for the parking place, so a place
 * vehicles drive to is one too). The search marks what it reaches in
 * seen[] (stamp x + 1); queue: scratch. */
static bool part_picks(const struct tr_model *tm, net_view *v, const uint8_t *pick, int x, int *seen, int *queue, int on) {
    const tr_cut_scan *c = &v->c;
    for (int k = c->start[x]; k < c->start[x + 1]; k++) {
        int e = c->adj[k], w = tm->edges[e].from == x ? tm->edges[e].to : tm->edges[e].from;
        if (seen[w] == x + 1) continue;
        bool picks = false, parked = false;
        int head = 0, tail = 0;
        seen[w] = x + 1, queue[tail++] = w;
        while (head < tail) {
            int u = queue[head++];
            picks |= pick[u] != 0, parked |= tm->nodes[u].kind == MDL_NODE_PARKING;
            for (int j = c->start[u]; j < c->start[u + 1]; j++) {
                int eu = c->adj[j], o = tm->edges[eu].from == u ? tm->edges[eu].to : tm->edges[eu].from;
                if (o != x && seen[o] != x + 1) seen[o] = x + 1, queue[tail++] = o;
            }
        }
        if (!picks || parked) continue;
        if (on != 2) return true;
        for (int i = 0; i < tail; i++) v->skip[queue[i]] = 1;
        bool left = tr_refuge_count(tm, &v->r, x, v->skip, v->refuge, v->goal, false, 1) < 1;
        for (int i = 0; i < tail; i++) v->skip[queue[i]] = 0;
        if (left) return true;
    }
    return false;
}

/* A parking place of one place (the vehicle sent to park there and the
 * one leaving it cannot pass each other on it). */
static bool parking_of_one(const struct tr_model *tm) {
    for (int n = 0; n < tm->nnodes; n++)
        if (tm->nodes[n].kind == MDL_NODE_PARKING && tm->nodes[n].capacity == 1) return true;
    return false;
}

/* check_gate_swaps's warning, on node n. */
static void said_swap(const struct tr_model *tm, int f, int n, int on, int aside, tr_layout_report_fn *fn, void *c) {
    char subj[200], msg[1024];
    snprintf(subj, sizeof subj, "node '%s'", tm->nodes[n].id);
    snprintf(msg, sizeof msg,
             "layout: a node of one place where fleet '%s' handles, the only way into and out of a part of the "
             "network that holds a place its vehicles drive to empty to pick up and no parking place, with %d vehicles "
             "on the network, %d places to send idle ones to (parking, chargers and places aside) and a parking place "
             "of one: a vehicle sent into the part from the parking place meets the one done there, sent out to that "
             "parking place, on this node, and deadlocks there are left to detection and forced passes",
             tm->fleets[f].id, on, aside);
    fn(c, tm->nodes[n].source_line, subj, msg);
}

/* The swap behind a gate (issue 20): fleet f handles at node n, of one
 * place, the only way into and out of a part (a gate) that holds a place
 * f picks up at and no parking place; f puts more vehicles on the network
 * than its places off the through traffic (check_fleet_size lets one more
 * pass for the vehicle done on such a gate), and the network has a
 * parking place of one. A vehicle done in the part, idle on the place it
 * unloaded at, is in the way and sent to park, to the place the parked
 * vehicle leaves for a pick-up in the part: they meet head-on. With two
 * vehicles on the network the run takes that apart when the one on n can
 * clear the way to a refuge (part_picks; the star of
 * tests/test_layout_warn.c, gate_swap, since session 22); else it is
 * left to the fallback (tests/test_layout_warn.c, swap_left). Not where
 * check_gates warns. */
static void check_gate_swaps(const mdl_model *m, const struct tr_model *tm, net_view *v, tr_layout_report_fn *fn, void *c) {
    size_t n1 = (size_t)tm->nnodes + 1;
    uint8_t *pick = calloc(n1, 1);
    int *seen = calloc(n1, sizeof *seen), *queue = malloc(n1 * sizeof *queue), all = network_on(m, tm, v);
    for (int f = 0; pick && seen && queue && f < tm->nfleets && parking_of_one(tm); f++) {
        int own, places = fleet_places(m, tm, v, f, &own), on = fleet_on(&tm->fleets[f], fleet_most(tm, v, f, places, own));
        if (on < 2 || on <= places - own) continue;
        memset(pick, 0, n1);
        pick_places(m, tm, f, pick);
        memset(seen, 0, n1 * sizeof *seen);
        for (int n = 0; n < tm->nnodes; n++) {
            if (v->mark[n] != f + 1 || tm->nodes[n].capacity != 1 || !(v->gate[n] & TR_GATE) ||
                v->said[n] || !part_picks(tm, v, pick, n, seen, queue, all))
                continue;
            said_swap(tm, f, n, on, places - own, fn, c);
        }
    }
    free(pick), free(seen), free(queue);
}

/* What `check` says about traffic (mdl_layout.c calls it): where the
 * avoidance above cannot promise that no deadlock forms, so that
 * detection and forced passes remain the fallback: a fleet with more
 * vehicles than places off the through traffic (check_fleet_size), a
 * gate where vehicles wait with no place to step aside to (check_gates),
 * the swap behind a gate (check_gate_swaps).
 * A station in the middle of a single lane is none: the run ends the
 * corridors at its node, a gate like any other. */
void tr_layout_traffic(const mdl_model *m, const struct tr_model *tm, tr_layout_report_fn *fn, void *c) {
    net_view v = {0};
    if (!view_build(m, tm, &v)) {
        fn(c, 0, "layout", "out of memory");
    } else {
        check_fleet_size(m, tm, &v, fn, c);
        check_gates(m, tm, &v, fn, c);
        check_gate_swaps(m, tm, &v, fn, c);
    }
    view_free(&v);
}

/* The vehicles of each fleet the run puts on the network (fleet_on:
 * with avoidance, no more than the largest count check_fleet_size lets
 * pass), in on[f] for every fleet; false: out of memory. */
int mdl_model_fleet_in_traffic(const mdl_model *m, int fleet) {
    const struct tr_model *tm = m->transport;
    if (!tm || fleet < 0 || fleet >= tm->nfleets) return -1;
    int *on = calloc((size_t)tm->nfleets, sizeof *on);
    int n = on && tr_layout_fleet_on(m, tm, on) ? on[fleet] : -1;
    free(on);
    return n;
}

bool tr_layout_fleet_on(const mdl_model *m, const struct tr_model *tm, int *on) {
    net_view v = {0};
    bool ok = view_build(m, tm, &v);
    for (int f = 0; ok && f < tm->nfleets; f++) {
        int own, places = fleet_places(m, tm, &v, f, &own);
        on[f] = fleet_on(&tm->fleets[f], fleet_most(tm, &v, f, places, own));
    }
    view_free(&v);
    return ok;
}
