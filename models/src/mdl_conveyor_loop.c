/*
 * mdl_conveyor_loop.c - the layout check's warning about belt loops that
 * can lock (docs/material-handling.md, "Conveyor networks").
 *
 * A loop is a set of belts that reach each other through merges and
 * diverters (a strongly connected component of the belt graph: belt c
 * leads to belt d when the junction at c's end puts units on d). A loop
 * locks when the entry of every one of its belts is taken and no unit at
 * a belt's end can leave: each belt waits for the next. An accumulating
 * belt's entry is taken only when it holds its capacity (ceil(length /
 * spacing) units: its units close up behind a stopped front); a
 * non-accumulating belt stops as a whole, so one unit at its entry can
 * take it. A lock therefore needs at least
 *     need = sum over the loop's belts of (accumulating ? capacity : 1)
 * units on the loop. Nothing in the network guarantees an exit - a
 * diverter sends a unit off the loop only when its station or spur has
 * room, and a merge that favours the loop only makes a full loop rarer
 * (a feed unit still takes a gap that a loop unit has not yet reached).
 * The only bound on the units a loop holds is the units the line can hold
 * at once: the sum of the CONWIP limits when every release is CONWIP and
 * no product is taken apart (a part is a new unit); otherwise (push
 * release, orders, unlimited supply) there is none. So the check warns
 * for every loop that units can enter (a merge input from outside the
 * loop, or a route step that puts units on one of its belts) unless that
 * bound is below `need`. Without the warning a lock is impossible; with
 * it, possible (not certain: it depends on the rates).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_conveyor_net_internal.h"
#include "mdl_internal.h"

/* The belts belt c leads to (at most the outputs of its junction); their number. */
static int next_belts(const struct tr_netmodel *n, int c, int *out, int room) {
    int j = c < n->nends ? n->end_of[c] : 0, k = 0;
    if (j > 0)
        out[k++] = n->merges[j - 1].output;
    else if (j < 0)
        for (int i = 0; i < n->divs[-j - 1].noutputs && k < room; i++)
            if (n->divs[-j - 1].outputs[i].conveyor >= 0) out[k++] = n->divs[-j - 1].outputs[i].conveyor;
    return k;
}

/* Strongly connected components of the belt graph (Tarjan's algorithm,
 * iterative): comp[c] is c's component, numbered from 0. False when out
 * of memory. */
typedef struct scc_state {
    int *index, *low, *stack, *comp, *call, *edge;
    bool *on;
    int next_index, sp, ncomp;
} scc_state;

static int max_outputs(const struct tr_netmodel *n) {
    int k = 1;
    for (int d = 0; d < n->ndivs; d++)
        if (n->divs[d].noutputs > k) k = n->divs[d].noutputs;
    return k;
}

static void scc_from(const struct tr_netmodel *n, scc_state *s, int root, int *nb, int room) {
    int depth = 0;
    s->call[0] = root;
    s->edge[0] = 0;
    s->index[root] = s->low[root] = s->next_index++;
    s->stack[s->sp++] = root;
    s->on[root] = true;
    while (depth >= 0) {
        int c = s->call[depth];
        int k = next_belts(n, c, nb, room);
        if (s->edge[depth] < k) {
            int d = nb[s->edge[depth]++];
            if (s->index[d] < 0) {
                s->index[d] = s->low[d] = s->next_index++;
                s->stack[s->sp++] = d;
                s->on[d] = true;
                depth++;
                s->call[depth] = d;
                s->edge[depth] = 0;
            } else if (s->on[d] && s->index[d] < s->low[c]) {
                s->low[c] = s->index[d];
            }
            continue;
        }
        if (s->low[c] == s->index[c]) {
            int d;
            do {
                d = s->stack[--s->sp];
                s->on[d] = false;
                s->comp[d] = s->ncomp;
            } while (d != c);
            s->ncomp++;
        }
        depth--;
        if (depth >= 0 && s->low[c] < s->low[s->call[depth]]) s->low[s->call[depth]] = s->low[c];
    }
}

/* The most units the line can hold at once, or -1: no bound. */
long tr_line_wip_bound(const mdl_model *m) {
    if (m->norders > 0) return -1;
    for (int p = 0; p < m->nproducts; p++)
        if (mdl_model_parts_count(m, p) > 0) return -1;
    long b = 0;
    for (int i = 0; i < m->nreleases; i++) {
        if (m->releases[i].kind != MDL_RELEASE_CONWIP) return -1;
        b += m->releases[i].wip;
    }
    return b;
}

/* Appends "what 'id'" to the feeders' list (the first three; the count after). */
static void add_feeder(char *buf, size_t size, int *count, const char *what, const char *id) {
    size_t l = strlen(buf);
    if (*count < 3 && l < size)
        snprintf(buf + l, size - l, "%s%s '%s'", *count ? ", " : "", what, id);
    else if (*count == 3 && l < size)
        snprintf(buf + l, size - l, ", ...");
    (*count)++;
}

/* The ways units enter loop `comp`: merge inputs from outside it, and
 * route steps that put units on one of its belts. */
static int loop_feeders(const mdl_model *m, const struct tr_netmodel *n, const int *comp, int k, char *buf,
                        size_t size) {
    int count = 0;
    buf[0] = '\0';
    for (int j = 0; j < n->nmerges; j++) {
        const mdl_merge_spec *g = &n->merges[j];
        if (comp[g->output] != k) continue;
        for (int i = 0; i < g->ninputs; i++)
            if (comp[g->inputs[i]] != k) {
                add_feeder(buf, size, &count, "merge", g->id);
                break;
            }
    }
    for (int p = 0; p < m->nproducts; p++) {
        int len = mdl_model_route_length(m, p);
        for (int i = 0; i < len; i++) {
            int s = mdl_model_route_station(m, p, i), which = -1;
            if (s >= 0 && mdl_model_transport(m, p, s, &which) == MDL_TRANSPORT_CONVEYOR && which >= 0 &&
                comp[which] == k) {
                add_feeder(buf, size, &count, "station", m->stations[s].id);
                break;
            }
        }
    }
    return count;
}

/* Warns about loop `comp` = k (first belt `first`) when it can lock. */
static void check_loop(const mdl_model *m, const struct tr_netmodel *n, const int *comp, int k, int first,
                       long bound, tr_layout_report_fn *fn, void *c) {
    const struct tr_model *tm = m->transport;
    long need = 0;
    int nbelts = 0;
    char belts[200] = "";
    for (int b = first; b < tm->nconvs; b++) {
        if (comp[b] != k) continue;
        const mdl_conveyor_spec *cs = &tm->convs[b];
        need += cs->accumulating ? tr_conv_capacity(cs) : 1;
        size_t l = strlen(belts);
        if (nbelts < 6 && l < sizeof belts)
            snprintf(belts + l, sizeof belts - l, "%s%s", nbelts ? " -> " : "", cs->id);
        else if (nbelts == 6 && l < sizeof belts)
            snprintf(belts + l, sizeof belts - l, " ...");
        nbelts++;
    }
    char feeders[200];
    if (loop_feeders(m, n, comp, k, feeders, sizeof feeders) == 0) return; /* nothing enters it */
    if (bound >= 0 && bound < need) return;
    char subject[160], msg[1024], why[200];
    if (bound < 0)
        snprintf(why, sizeof why,
                 "nothing bounds the units in the line (push release, orders or parts): feed it less than its "
                 "stations take, or keep the line's WIP (conwip) below %ld",
                 need);
    else
        snprintf(why, sizeof why, "the line's WIP limit (conwip, %ld in all) is not below that", bound);
    snprintf(subject, sizeof subject, "conveyor '%s'", tm->convs[first].id);
    snprintf(msg, sizeof msg,
             "layout: the belt loop %s can be filled by its feeders (%s) with no guaranteed exit: %ld units on it "
             "take every belt's entry and lock it, each belt waiting for the next; %s",
             belts, feeders, need, why);
    fn(c, tm->convs[first].source_line, subject, msg);
}

void tr_net_loop_check(const mdl_model *m, tr_layout_report_fn *fn, void *c) {
    const struct tr_model *tm = m->transport;
    const struct tr_netmodel *n = tm ? tm->net : NULL;
    if (!n || n->nends < tm->nconvs || tm->nconvs == 0) return;
    int nc = tm->nconvs, room = max_outputs(n);
    scc_state s;
    memset(&s, 0, sizeof s);
    s.index = malloc((size_t)nc * sizeof *s.index);
    s.low = malloc((size_t)nc * sizeof *s.low);
    s.stack = malloc((size_t)nc * sizeof *s.stack);
    s.comp = malloc((size_t)nc * sizeof *s.comp);
    s.call = malloc((size_t)nc * sizeof *s.call);
    s.edge = malloc((size_t)nc * sizeof *s.edge);
    s.on = calloc((size_t)nc, sizeof *s.on);
    int *nb = malloc((size_t)room * sizeof *nb);
    int *size = calloc((size_t)nc, sizeof *size);
    if (s.index && s.low && s.stack && s.comp && s.call && s.edge && s.on && nb && size) {
        for (int b = 0; b < nc; b++) s.index[b] = -1;
        for (int b = 0; b < nc; b++)
            if (s.index[b] < 0) scc_from(n, &s, b, nb, room);
        for (int b = 0; b < nc; b++) size[s.comp[b]]++;
        long bound = tr_line_wip_bound(m);
        for (int b = 0; b < nc; b++) {
            int k = s.comp[b];
            if (size[k] < 0) continue; /* reported (or not a loop) at its first belt */
            bool loop = size[k] > 1;
            for (int i = 0, kk = next_belts(n, b, nb, room); !loop && i < kk; i++) loop = nb[i] == b;
            if (loop) check_loop(m, n, s.comp, k, b, bound, fn, c);
            size[k] = -1;
        }
    } else {
        fn(c, 0, "layout", "out of memory");
    }
    free(s.index);
    free(s.low);
    free(s.stack);
    free(s.comp);
    free(s.call);
    free(s.edge);
    free(s.on);
    free(nb);
    free(size);
}
