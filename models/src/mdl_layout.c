/*
 * mdl_layout.c - the layout check (`linetwin check`), with chipmunk2d.
 *
 * Station footprints become static boxes in a scratch space; overlaps are
 * found with cpSpaceShapeQuery, edges crossing a footprint with
 * cpSpaceSegmentQuery (the stations attached to the edge's own end nodes
 * are allowed: their pick-up point lies at or in them). Nodes and
 * footprints outside the floor, and stations a fleet has to serve but
 * cannot reach along the directed edges, are found without chipmunk. Every
 * problem is passed to the caller's function with the scene line of the
 * object concerned; nothing is printed.
 */
#include <chipmunk/chipmunk.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_xport.h"

typedef struct lctx {
    const mdl_model *m;
    mdl_layout_fn *fn;
    void *ctx;
    int count;
    int self;           /* station being queried */
    int skip_a, skip_b; /* stations allowed on the edge being queried */
    const mdl_edge_spec *edge;
    char *hit;          /* per station: already reported for this query */
} lctx;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void report(lctx *c, int line, const char *subject, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->count++;
    if (c->fn) c->fn(c->ctx, line, subject, msg);
}

static int shape_station(const cpShape *s) { return (int)(intptr_t)cpShapeGetUserData(s) - 1; }

static void overlap_cb(cpShape *shape, cpContactPointSet *points, void *data) {
    lctx *c = data;
    int o = shape_station(shape);
    if (o <= c->self || c->hit[o]) return;
    bool deep = false;
    for (int i = 0; i < points->count; i++)
        if (points->points[i].distance < -1e-6) deep = true;
    if (!deep) return; /* touching edges is fine */
    c->hit[o] = 1;
    const mdl_station_spec *a = &c->m->stations[c->self], *b = &c->m->stations[o];
    char subj[200];
    snprintf(subj, sizeof subj, "station '%s'", a->id);
    report(c, a->source_line, subj, "layout: its footprint overlaps station '%s' (line %d)", b->id, b->source_line);
}

static void segment_cb(cpShape *shape, cpVect point, cpVect normal, cpFloat alpha, void *data) {
    (void)point, (void)normal, (void)alpha;
    lctx *c = data;
    int o = shape_station(shape);
    if (o < 0 || o == c->skip_a || o == c->skip_b || c->hit[o]) return;
    c->hit[o] = 1;
    const struct mdl_xmodel *x = c->m->xm;
    char subj[200];
    snprintf(subj, sizeof subj, "edge %s-%s", x->nodes[c->edge->from].id, x->nodes[c->edge->to].id);
    report(c, c->edge->source_line, subj, "layout: the path crosses the footprint of station '%s'",
           c->m->stations[o].id);
}

/* Directed reachability from node s over the edges. */
static void reach(const struct mdl_xmodel *x, int s, char *seen, int *stack) {
    int top = 0;
    memset(seen, 0, (size_t)x->nnodes);
    seen[s] = 1;
    stack[top++] = s;
    while (top) {
        int u = stack[--top];
        for (int e = 0; e < x->nedges; e++) {
            const mdl_edge_spec *es = &x->edges[e];
            int v = es->from == u ? es->to : (es->two_way && es->to == u ? es->from : -1);
            if (v >= 0 && !seen[v]) seen[v] = 1, stack[top++] = v;
        }
    }
}

int mdl_model_layout_check(const mdl_model *m, mdl_layout_fn *fn, void *ctx) {
    lctx c = {m, fn, ctx, 0, -1, -1, -1, NULL, NULL};
    const struct mdl_xmodel *x = m->xm;
    int ns = m->nstations;
    c.hit = calloc((size_t)ns + 1, 1);
    cpShape **shapes = calloc((size_t)ns + 1, sizeof *shapes);
    cpSpace *space = mdl__cp_space_new();
    if (!c.hit || !shapes || !space) {
        free(c.hit);
        free(shapes);
        if (space) cpSpaceFree(space);
        report(&c, 0, "layout", "out of memory");
        return c.count;
    }
    cpBody *ground = cpSpaceGetStaticBody(space);
    for (int i = 0; i < ns; i++) {
        const mdl_station_spec *s = &m->stations[i];
        cpBB bb = cpBBNew(s->x - s->w / 2, s->y - s->h / 2, s->x + s->w / 2, s->y + s->h / 2);
        shapes[i] = cpSpaceAddShape(space, cpBoxShapeNew2(ground, bb, 0.0));
        cpShapeSetUserData(shapes[i], (cpDataPointer)(intptr_t)(i + 1));
    }
    for (int i = 0; i < ns; i++) {
        c.self = i;
        memset(c.hit, 0, (size_t)ns);
        cpSpaceShapeQuery(space, shapes[i], overlap_cb, &c);
    }
    if (x) {
        for (int e = 0; e < x->nedges; e++) {
            const mdl_edge_spec *es = &x->edges[e];
            c.edge = es;
            c.skip_a = c.skip_b = -1;
            for (int i = 0; i < ns && i < x->cap_st; i++) {
                if (x->st_node[i] == es->from) c.skip_a = i;
                if (x->st_node[i] == es->to) c.skip_b = i;
            }
            memset(c.hit, 0, (size_t)ns);
            const mdl_node_spec *a = &x->nodes[es->from], *b = &x->nodes[es->to];
            cpSpaceSegmentQuery(space, cpv(a->x, a->y), cpv(b->x, b->y), 0.0, CP_SHAPE_FILTER_ALL, segment_cb, &c);
        }
        if (x->has_floor) {
            for (int n = 0; n < x->nnodes; n++) {
                const mdl_node_spec *nd = &x->nodes[n];
                if (nd->x < x->fx0 || nd->x > x->fx1 || nd->y < x->fy0 || nd->y > x->fy1) {
                    char subj[200];
                    snprintf(subj, sizeof subj, "node '%s'", nd->id);
                    report(&c, nd->source_line, subj, "layout: at [%g, %g], outside the floor [%g, %g] - [%g, %g]",
                           nd->x, nd->y, x->fx0, x->fy0, x->fx1, x->fy1);
                }
            }
        }
        /* Reachability of what the fleets must serve. */
        char *seen = calloc((size_t)x->nnodes + 1, 1);
        int *stack = calloc((size_t)x->nnodes + 1, sizeof *stack);
        for (int k = 0; seen && stack && k < x->nsteps; k++) {
            const xm_step *st = &x->steps[k];
            if (st->kind != MDL_TRANSPORT_FLEET) continue;
            const mdl_product *p = &m->products[st->product];
            for (int i = 0; i + 1 < p->nsteps; i++) {
                if (p->route[i] != st->station) continue;
                int sa = p->route[i], sb = p->route[i + 1];
                int na = sa < x->cap_st ? x->st_node[sa] : -1, nb = sb < x->cap_st ? x->st_node[sb] : -1;
                if (na < 0 || nb < 0) continue; /* validation reports it */
                reach(x, na, seen, stack);
                const mdl_station_spec *b = &m->stations[sb];
                char subj[200];
                snprintf(subj, sizeof subj, "station '%s'", b->id);
                if (!seen[nb])
                    report(&c, b->source_line, subj,
                           "layout: fleet '%s' cannot reach its node '%s' from station '%s' (node '%s')",
                           x->fleets[st->which].id, x->nodes[nb].id, m->stations[sa].id, x->nodes[na].id);
                reach(x, nb, seen, stack);
                snprintf(subj, sizeof subj, "station '%s'", m->stations[sa].id);
                if (!seen[na])
                    report(&c, m->stations[sa].source_line, subj,
                           "layout: fleet '%s' cannot return to it from station '%s' (node '%s')",
                           x->fleets[st->which].id, b->id, x->nodes[nb].id);
            }
        }
        free(seen);
        free(stack);
    }
    for (int i = 0; i < ns; i++) {
        cpSpaceRemoveShape(space, shapes[i]);
        cpShapeFree(shapes[i]);
    }
    cpSpaceFree(space);
    free(shapes);
    free(c.hit);
    return c.count;
}
