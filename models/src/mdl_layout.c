/*
 * mdl_layout.c - the layout check (`linetwin check`), with chipmunk2d.
 *
 * Station footprints become chipmunk boxes; a uniform grid (below) finds
 * the candidates near each footprint or path, and chipmunk decides:
 * overlaps with cpShapesCollide, edges crossing a footprint with
 * cpShapeSegmentQuery (the stations attached to the edge's own end nodes
 * are allowed: their pick-up point lies at or in them). Nodes and
 * footprints outside the floor, and stations a fleet has to serve but
 * cannot reach along the directed edges, are found without chipmunk (a
 * search only between nodes of different strongly connected components:
 * none at all in a network where every node reaches every other). Every
 * problem is passed to the caller's function with the scene line of the
 * object concerned; nothing is printed.
 */
#include <chipmunk/chipmunk.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "mdl_internal.h"
#include "mdl_transport_internal.h"
#include "mdl_conveyor_net_internal.h"

typedef struct lctx {
    const mdl_model *m;
    mdl_layout_fn *fn;
    void *ctx;
    int count;
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

/* ---- a uniform grid over the footprints ---------------------------------
 * Each footprint is listed in every cell its bounding box covers; a query
 * visits the cells of its own box (or of a path's segment) and collects
 * each station once. The cells are about as large as a typical footprint,
 * and never more than about 4 n of them: a huge footprint costs O(n) once,
 * not a pass over every station for each query (which made `check` of a
 * 10,000-station layout take half a minute). Chipmunk decides each
 * candidate exactly as its space queries did before. */
typedef struct grid {
    double x0, y0, cell;
    int nx, ny;
    int *start; /* nx * ny + 1 offsets into items */
    int *items; /* station indices, in increasing order within a cell */
} grid;

/* Cell index of coordinate v along an axis of n cells; clamped as a double
 * before the conversion (a coordinate of 1e300 must not overflow an int). */
static int cell_of(double v, double origin, double cell, int n) {
    double k = floor((v - origin) / cell);
    if (!(k >= 0.0)) return 0; /* also NaN */
    if (k >= (double)(n - 1)) return n - 1;
    return (int)k;
}

/* The grid of the footprints of stations reps[0 .. ns). */
static bool grid_build(grid *g, const mdl_model *m, const int *reps, int ns) {
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, dim = 0.0;
    for (int r = 0; r < ns; r++) {
        const mdl_station_spec *s = &m->stations[reps[r]];
        x0 = fmin(x0, s->x - s->w / 2), x1 = fmax(x1, s->x + s->w / 2);
        y0 = fmin(y0, s->y - s->h / 2), y1 = fmax(y1, s->y + s->h / 2);
        dim += fmax(s->w, s->h) / ns;
    }
    double W = x1 - x0, H = y1 - y0, n4 = 4.0 * ns + 1.0;
    double cell = fmax(dim, fmax(sqrt(W * H / n4), fmax(W, H) / n4));
    if (!(cell > 0.0) || !isfinite(cell)) cell = isfinite(W) && isfinite(H) && fmax(W, H) > 0 ? fmax(W, H) : 1.0;
    g->x0 = isfinite(x0) ? x0 : 0.0;
    g->y0 = isfinite(y0) ? y0 : 0.0;
    g->cell = cell;
    double fx = isfinite(W) ? floor(W / cell) + 1.0 : 1.0, fy = isfinite(H) ? floor(H / cell) + 1.0 : 1.0;
    g->nx = (int)fmin(fx, n4);
    g->ny = (int)fmin(fy, n4);
    size_t ncells = (size_t)g->nx * (size_t)g->ny;
    g->start = calloc(ncells + 1, sizeof *g->start);
    g->items = NULL;
    if (!g->start) return false;
    /* Counting sort: count, prefix sums, fill (stations in index order). */
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int r = 0; r < ns; r++) {
            int i = reps[r];
            const mdl_station_spec *s = &m->stations[i];
            int cx0 = cell_of(s->x - s->w / 2, g->x0, cell, g->nx), cx1 = cell_of(s->x + s->w / 2, g->x0, cell, g->nx);
            int cy0 = cell_of(s->y - s->h / 2, g->y0, cell, g->ny), cy1 = cell_of(s->y + s->h / 2, g->y0, cell, g->ny);
            for (int cy = cy0; cy <= cy1; cy++)
                for (int cx = cx0; cx <= cx1; cx++) {
                    size_t k = (size_t)cy * (size_t)g->nx + (size_t)cx;
                    if (pass == 0) {
                        g->start[k + 1]++;
                        total++;
                    } else {
                        g->items[g->start[k]++] = i;
                    }
                }
        }
        if (pass == 0) {
            if (total > (size_t)INT32_MAX) return false;
            for (size_t k = 0; k < ncells; k++) g->start[k + 1] += g->start[k];
            g->items = malloc((total ? total : 1) * sizeof *g->items);
            if (!g->items) return false;
        } else {
            /* The fill moved each start to the next cell's: shift back. */
            for (size_t k = ncells; k > 0; k--) g->start[k] = g->start[k - 1];
            g->start[0] = 0;
        }
    }
    return true;
}

static void grid_free(grid *g) {
    free(g->start);
    free(g->items);
}

/* Stations with the very same footprint (scenes without `at` put every
 * station at the origin) form a group, checked once through its first
 * station: chipmunk finds no overlap between identical boxes, and each
 * pair of groups stands for all the pairs of their members. */
typedef struct footprint {
    double x, y, w, h;
    int station;
} footprint;

static int cmp_footprint(const void *pa, const void *pb) {
    const footprint *a = pa, *b = pb;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    if (a->y != b->y) return a->y < b->y ? -1 : 1;
    if (a->w != b->w) return a->w < b->w ? -1 : 1;
    if (a->h != b->h) return a->h < b->h ? -1 : 1;
    return (a->station > b->station) - (a->station < b->station);
}

static bool same_footprint(const footprint *a, const footprint *b) {
    return a->x == b->x && a->y == b->y && a->w == b->w && a->h == b->h;
}

/* A growable list of ints (pairs: two per entry). */
typedef struct ints {
    int *a;
    size_t n, cap;
    bool failed;
} ints;

static void ints_push(ints *l, int v) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        int *a = l->failed ? NULL : realloc(l->a, cap * sizeof *a);
        if (!a) {
            l->failed = true;
            return;
        }
        l->a = a;
        l->cap = cap;
    }
    l->a[l->n++] = v;
}

static int cmp_pair(const void *pa, const void *pb) {
    const int *a = pa, *b = pb;
    if (a[0] != b[0]) return (a[0] > b[0]) - (a[0] < b[0]);
    return (a[1] > b[1]) - (a[1] < b[1]);
}

/* Candidates of one query, each station once (a stamp per station). */
typedef struct cands {
    int *list;
    int n;
    int *stamp;
    int query;
} cands;

static void cells_collect(const grid *g, cands *c, int cx0, int cx1, int cy, int min_station) {
    for (int cx = cx0; cx <= cx1; cx++) {
        size_t k = (size_t)cy * (size_t)g->nx + (size_t)cx;
        for (int j = g->start[k]; j < g->start[k + 1]; j++) {
            int o = g->items[j];
            if (o < min_station || c->stamp[o] == c->query) continue;
            c->stamp[o] = c->query;
            c->list[c->n++] = o;
        }
    }
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Stations whose cells the box [x0, x1] x [y0, y1] touches, index > min. */
static void query_box(const grid *g, cands *c, double x0, double y0, double x1, double y1, int min_station) {
    c->query++;
    c->n = 0;
    int cx0 = cell_of(x0, g->x0, g->cell, g->nx), cx1 = cell_of(x1, g->x0, g->cell, g->nx);
    int cy0 = cell_of(y0, g->y0, g->cell, g->ny), cy1 = cell_of(y1, g->y0, g->cell, g->ny);
    for (int cy = cy0; cy <= cy1; cy++) cells_collect(g, c, cx0, cx1, cy, min_station);
    if (c->n > 1) qsort(c->list, (size_t)c->n, sizeof *c->list, cmp_int);
}

/* Stations in the cells that the segment a-b passes through: row by row,
 * the x-range the segment covers within the row (one cell of margin for
 * rounding). */
static void query_segment(const grid *g, cands *c, double ax, double ay, double bx, double by) {
    c->query++;
    c->n = 0;
    double ylo = fmin(ay, by), yhi = fmax(ay, by);
    int cy0 = cell_of(ylo, g->y0, g->cell, g->ny), cy1 = cell_of(yhi, g->y0, g->cell, g->ny);
    for (int cy = cy0; cy <= cy1; cy++) {
        double r0 = fmax(ylo, g->y0 + cy * g->cell), r1 = fmin(yhi, g->y0 + (cy + 1) * g->cell);
        if (cy == cy0) r0 = ylo;
        if (cy == cy1) r1 = yhi;
        double xa, xb;
        if (ay == by) {
            xa = ax, xb = bx;
        } else {
            xa = ax + (bx - ax) * ((r0 - ay) / (by - ay));
            xb = ax + (bx - ax) * ((r1 - ay) / (by - ay));
        }
        int cx0 = cell_of(fmin(xa, xb), g->x0, g->cell, g->nx), cx1 = cell_of(fmax(xa, xb), g->x0, g->cell, g->nx);
        cells_collect(g, c, cx0 > 0 ? cx0 - 1 : 0, cx1 + 1 < g->nx ? cx1 + 1 : cx1, cy, 0);
        if (cy > cy0) cells_collect(g, c, cx0 > 0 ? cx0 - 1 : 0, cx1 + 1 < g->nx ? cx1 + 1 : cx1, cy - 1, 0);
    }
    if (c->n > 1) qsort(c->list, (size_t)c->n, sizeof *c->list, cmp_int);
}

/* Directed reachability from node s over the edges (adjacency in CSR form:
 * the neighbours of u are adj[off[u] .. off[u + 1])). */
static void reach(int nnodes, const int *off, const int *adj, int s, char *seen, int *stack) {
    int top = 0;
    memset(seen, 0, (size_t)nnodes);
    seen[s] = 1;
    stack[top++] = s;
    while (top) {
        int u = stack[--top];
        for (int k = off[u]; k < off[u + 1]; k++) {
            int v = adj[k];
            if (!seen[v]) seen[v] = 1, stack[top++] = v;
        }
    }
}

/* Builds the CSR adjacency of the directed edges (two-way edges both ways). */
static bool adjacency(const struct tr_model *tm, int **off_out, int **adj_out) {
    int *off = calloc((size_t)tm->nnodes + 2, sizeof *off);
    int *adj = malloc(((size_t)tm->nedges * 2 + 1) * sizeof *adj);
    if (!off || !adj) {
        free(off);
        free(adj);
        return false;
    }
    for (int e = 0; e < tm->nedges; e++) {
        off[tm->edges[e].from + 2]++;
        if (tm->edges[e].two_way) off[tm->edges[e].to + 2]++;
    }
    for (int u = 0; u < tm->nnodes; u++) off[u + 2] += off[u + 1];
    /* off[u + 1] is now where u's list starts; fill moves it to its end. */
    for (int e = 0; e < tm->nedges; e++) {
        const mdl_edge_spec *es = &tm->edges[e];
        adj[off[es->from + 1]++] = es->to;
        if (es->two_way) adj[off[es->to + 1]++] = es->from;
    }
    *off_out = off;
    *adj_out = adj;
    return true;
}

/* The check's working state: the footprint groups, their grid and chipmunk
 * shapes, and the lists of findings. */
typedef struct layout {
    lctx c;
    const mdl_model *m;
    const struct tr_model *tm;
    int ns, ng;
    grid g;
    cands cs;
    ints pairs, hits;
    cpShape **shapes;  /* per station: its group's box (first member only) */
    footprint *fp;     /* the footprints, sorted */
    int *group;        /* per station: its group */
    int *reps;         /* per group: its first station */
    int *gstart;       /* per group: its members in fp[] */
    cpBody *ground;
    int *by_node;      /* per node: the last station attached to it, or -1 */
} layout;

/* Groups of identical footprints, their grid and boxes. False when memory
 * ran out. */
static bool layout_init(layout *L) {
    const mdl_model *m = L->m;
    int ns = L->ns;
    L->cs.list = malloc(((size_t)ns + 1) * sizeof *L->cs.list);
    L->cs.stamp = calloc((size_t)ns + 1, sizeof *L->cs.stamp);
    L->shapes = calloc((size_t)ns + 1, sizeof *L->shapes);
    L->fp = malloc(((size_t)ns + 1) * sizeof *L->fp);
    L->group = malloc(((size_t)ns + 1) * sizeof *L->group);
    L->reps = malloc(((size_t)ns + 1) * sizeof *L->reps);
    L->gstart = malloc(((size_t)ns + 2) * sizeof *L->gstart);
    L->ground = cpBodyNewStatic();
    if (!L->cs.list || !L->cs.stamp || !L->shapes || !L->fp || !L->group || !L->reps || !L->gstart || !L->ground)
        return false;
    for (int i = 0; i < ns; i++) {
        const mdl_station_spec *s = &m->stations[i];
        L->fp[i] = (footprint){s->x, s->y, s->w, s->h, i};
    }
    if (ns > 1) qsort(L->fp, (size_t)ns, sizeof *L->fp, cmp_footprint);
    for (int k = 0; k < ns; k++) {
        if (k == 0 || !same_footprint(&L->fp[k - 1], &L->fp[k])) {
            L->reps[L->ng] = L->fp[k].station;
            L->gstart[L->ng++] = k;
        }
        L->group[L->fp[k].station] = L->ng - 1;
    }
    L->gstart[L->ng] = ns;
    if (!grid_build(&L->g, m, L->reps, L->ng)) return false;
    for (int r = 0; r < L->ng; r++) {
        const mdl_station_spec *s = &m->stations[L->reps[r]];
        cpBB bb = cpBBNew(s->x - s->w / 2, s->y - s->h / 2, s->x + s->w / 2, s->y + s->h / 2);
        cpShape *sh = cpBoxShapeNew2(L->ground, bb, 0.0);
        if (!sh) return false;
        cpShapeCacheBB(L->shapes[L->reps[r]] = sh);
    }
    const struct tr_model *tm = L->tm;
    if (!tm) return true;
    L->by_node = malloc(((size_t)tm->nnodes + 1) * sizeof *L->by_node);
    if (!L->by_node) return false;
    for (int n = 0; n < tm->nnodes; n++) L->by_node[n] = -1;
    for (int i = 0; i < ns && i < tm->cap_st; i++)
        if (tm->st_node[i] >= 0 && tm->st_node[i] < tm->nnodes) L->by_node[tm->st_node[i]] = i;
    return true;
}

static void layout_fini(layout *L) {
    for (int i = 0; L->shapes && i < L->ns; i++)
        if (L->shapes[i]) cpShapeFree(L->shapes[i]);
    if (L->ground) cpBodyFree(L->ground);
    free(L->shapes);
    free(L->by_node);
    free(L->fp);
    free(L->group);
    free(L->reps);
    free(L->gstart);
    free(L->pairs.a);
    free(L->hits.a);
    free(L->cs.list);
    free(L->cs.stamp);
    grid_free(&L->g);
}

/* Do the footprints of group ga's first station a and of station o (of
 * another group) overlap deeper than touching? */
static bool deep_overlap(const layout *L, const mdl_station_spec *a, int ga, int o) {
    const mdl_station_spec *b = &L->m->stations[o];
    /* Boxes overlapping by no more than 1e-6 along an axis cannot be deep
     * in chipmunk's contact either: spare the call. */
    double ox = fmin(a->x + a->w / 2, b->x + b->w / 2) - fmax(a->x - a->w / 2, b->x - b->w / 2);
    double oy = fmin(a->y + a->h / 2, b->y + b->h / 2) - fmax(a->y - a->h / 2, b->y - b->h / 2);
    if (!(ox > 1e-6 && oy > 1e-6)) return false;
    cpContactPointSet pts = cpShapesCollide(L->shapes[o], L->shapes[L->reps[ga]]);
    for (int p = 0; p < pts.count; p++)
        if (pts.points[p].distance < -1e-6) return true;
    return false; /* touching edges is fine */
}

/* Overlapping footprints: each pair of groups once; every pair of their
 * members is reported from its first station, in station order (a
 * station not placed on the floor has no footprint). */
static void check_overlaps(layout *L) {
    const mdl_model *m = L->m;
    for (int ga = 0; ga < L->ng; ga++) {
        const mdl_station_spec *a = &m->stations[L->reps[ga]];
        query_box(&L->g, &L->cs, a->x - a->w / 2, a->y - a->h / 2, a->x + a->w / 2, a->y + a->h / 2, 0);
        for (int k = 0; k < L->cs.n; k++) {
            int o = L->cs.list[k], gb = L->group[o];
            if (gb <= ga || !deep_overlap(L, a, ga, o)) continue;
            for (int u = L->gstart[ga]; u < L->gstart[ga + 1]; u++)
                for (int v = L->gstart[gb]; v < L->gstart[gb + 1]; v++) {
                    int i = L->fp[u].station, j = L->fp[v].station;
                    if (m->stations[i].unplaced || m->stations[j].unplaced) continue;
                    ints_push(&L->pairs, i < j ? i : j);
                    ints_push(&L->pairs, i < j ? j : i);
                }
        }
    }
    ints *pairs = &L->pairs;
    if (pairs->n > 2) qsort(pairs->a, pairs->n / 2, 2 * sizeof *pairs->a, cmp_pair);
    for (size_t k = 0; k + 1 < pairs->n; k += 2) {
        const mdl_station_spec *a = &m->stations[pairs->a[k]], *b = &m->stations[pairs->a[k + 1]];
        char subj[200];
        snprintf(subj, sizeof subj, "station '%s'", a->id);
        report(&L->c, a->source_line, subj, "layout: its footprint overlaps station '%s' (line %d)", b->id,
               b->source_line);
    }
}

/* Paths through footprints; the stations attached to the edge's own end
 * nodes are allowed (their pick-up point lies at or in them), and a
 * station not placed on the floor (no `at`) has no footprint to cross. */
static void check_edges(layout *L) {
    const struct tr_model *tm = L->tm;
    for (int e = 0; e < tm->nedges; e++) {
        const mdl_edge_spec *es = &tm->edges[e];
        int skip_a = L->by_node[es->from], skip_b = L->by_node[es->to];
        const mdl_node_spec *a = &tm->nodes[es->from], *b = &tm->nodes[es->to];
        query_segment(&L->g, &L->cs, a->x, a->y, b->x, b->y);
        L->hits.n = 0;
        for (int k = 0; k < L->cs.n; k++) {
            int o = L->cs.list[k], go = L->group[o];
            cpSegmentQueryInfo info;
            if (!cpShapeSegmentQuery(L->shapes[o], cpv(a->x, a->y), cpv(b->x, b->y), 0.0, &info)) continue;
            for (int u = L->gstart[go]; u < L->gstart[go + 1]; u++) {
                int st = L->fp[u].station;
                if (st != skip_a && st != skip_b && !L->m->stations[st].unplaced) ints_push(&L->hits, st);
            }
        }
        if (L->hits.n > 1) qsort(L->hits.a, L->hits.n, sizeof *L->hits.a, cmp_int);
        for (size_t k = 0; k < L->hits.n; k++) {
            char subj[200];
            snprintf(subj, sizeof subj, "edge %s-%s", a->id, b->id);
            report(&L->c, es->source_line, subj, "layout: the path crosses the footprint of station '%s'",
                   L->m->stations[L->hits.a[k]].id);
        }
    }
}

/* Nodes outside the floor. */
static void check_floor(layout *L) {
    const struct tr_model *tm = L->tm;
    if (!tm->has_floor) return;
    for (int n = 0; n < tm->nnodes; n++) {
        const mdl_node_spec *nd = &tm->nodes[n];
        if (nd->x < tm->fx0 || nd->x > tm->fx1 || nd->y < tm->fy0 || nd->y > tm->fy1) {
            char subj[200];
            snprintf(subj, sizeof subj, "node '%s'", nd->id);
            report(&L->c, nd->source_line, subj, "layout: at [%g, %g], outside the floor [%g, %g] - [%g, %g]",
                   nd->x, nd->y, tm->fx0, tm->fy0, tm->fx1, tm->fy1);
        }
    }
}

/* Strongly connected components of the directed network (Tarjan's, with
 * an explicit stack): comp[u] for every node. Nodes of one component reach
 * each other, so a move between them needs no search. False when memory
 * ran out. */
static bool components(int n, const int *off, const int *adj, int *comp) {
    int *index = malloc(((size_t)n + 1) * sizeof *index), *low = malloc(((size_t)n + 1) * sizeof *low);
    int *stack = malloc(((size_t)n + 1) * sizeof *stack), *calls = malloc(((size_t)n + 1) * sizeof *calls);
    int *next = malloc(((size_t)n + 1) * sizeof *next);
    bool ok = index && low && stack && calls && next;
    int counter = 0, sp = 0, ncomp = 0;
    for (int u = 0; ok && u < n; u++) index[u] = -1, comp[u] = -1;
    for (int s = 0; ok && s < n; s++) {
        if (index[s] >= 0) continue;
        int top = 0;
        index[s] = low[s] = counter++, stack[sp++] = s, next[s] = off[s], calls[top++] = s;
        while (top) {
            int u = calls[top - 1];
            if (next[u] < off[u + 1]) {
                int v = adj[next[u]++];
                if (index[v] < 0)
                    index[v] = low[v] = counter++, stack[sp++] = v, next[v] = off[v], calls[top++] = v;
                else if (comp[v] < 0 && index[v] < low[u])
                    low[u] = index[v]; /* v is on the stack */
                continue;
            }
            top--;
            if (top && low[u] < low[calls[top - 1]]) low[calls[top - 1]] = low[u];
            if (low[u] != index[u]) continue;
            int w;
            do comp[w = stack[--sp]] = ncomp;
            while (w != u);
            ncomp++;
        }
    }
    free(index);
    free(low);
    free(stack);
    free(calls);
    free(next);
    return ok;
}

typedef struct reach_state {
    int nnodes;
    int *off, *adj, *comp, *stack;
    char *seen;
    int seen_from; /* the node `seen` was computed from, or -1 */
} reach_state;

/* Can the fleet go from node a to node b? */
static bool reaches(reach_state *r, int a, int b) {
    if (r->comp[a] == r->comp[b]) return true;
    if (r->seen_from != a) reach(r->nnodes, r->off, r->adj, r->seen_from = a, r->seen, r->stack);
    return r->seen[b] != 0;
}

/* One end of a fleet's move: its node, and who is told (subject, line). */
typedef struct move_end {
    int node;
    const char *kind, *id; /* "station", "dock", "asrs" and its id */
    int line;
} move_end;

static move_end station_end(const layout *L, int s) {
    return (move_end){s < L->tm->cap_st ? L->tm->st_node[s] : -1, "station", L->m->stations[s].id, L->m->stations[s].source_line};
}

/* A move of fleet f from end a to end b, both ways (a missing node is
 * validation's). */
static void check_ends(layout *L, reach_state *r, int f, move_end a, move_end b) {
    const struct tr_model *tm = L->tm;
    if (a.node < 0 || b.node < 0) return;
    char subj[200];
    snprintf(subj, sizeof subj, "%s '%s'", b.kind, b.id);
    if (!reaches(r, a.node, b.node))
        report(&L->c, b.line, subj, "layout: fleet '%s' cannot reach its node '%s' from %s '%s' (node '%s')",
               tm->fleets[f].id, tm->nodes[b.node].id, a.kind, a.id, tm->nodes[a.node].id);
    snprintf(subj, sizeof subj, "%s '%s'", a.kind, a.id);
    if (!reaches(r, b.node, a.node))
        report(&L->c, a.line, subj, "layout: fleet '%s' cannot return to it from %s '%s' (node '%s')", tm->fleets[f].id,
               b.kind, b.id, tm->nodes[b.node].id);
}

/* The move of fleet step st from station sa to station sb, both ways. */
static void check_move(layout *L, reach_state *r, const tr_step *st, int sa, int sb) {
    check_ends(L, r, st->which, station_end(L, sa), station_end(L, sb));
}

static move_end dock_end(const layout *L, int d) {
    const mdl_dock_spec *ds = &L->tm->docks[d];
    return (move_end){ds->node, "dock", ds->id, ds->source_line};
}

/* The route ends a fleet serves: from a receiving dock to the product's
 * first station, from its last station to a shipping dock. */
static void check_dock_moves(layout *L, reach_state *r) {
    const struct tr_model *tm = L->tm;
    const mdl_model *m = L->m;
    for (int p = 0; p < tm->cap_prod && p < m->nproducts; p++) {
        const mdl_product *pr = &m->products[p];
        int from = tm->prod_from[p], to = tm->prod_to[p], which;
        if (pr->nsteps == 0) continue;
        if (from >= 0 && mdl_model_transport(m, p, -1 - from, &which) == MDL_TRANSPORT_FLEET)
            check_ends(L, r, which, dock_end(L, from), station_end(L, pr->route[0]));
        int last = pr->route[pr->nsteps - 1];
        if (to >= 0 && mdl_model_transport(m, p, last, &which) == MDL_TRANSPORT_FLEET)
            check_ends(L, r, which, station_end(L, last), dock_end(L, to));
    }
}

/* An AS/RS served by fleets: from the station that sends units to it
 * (feed), from it to every next station (deliver). */
static void check_asrs_moves(layout *L, reach_state *r) {
    const struct tr_model *tm = L->tm;
    for (int k = 0; k < tm->nsteps; k++) {
        const tr_step *st = &tm->steps[k];
        if (st->kind != MDL_TRANSPORT_ASRS || st->station < 0) continue;
        const mdl_asrs_spec *as = &tm->asrs[st->which];
        move_end io = {as->node, "asrs", as->id, as->source_line};
        if (as->feed >= 0) check_ends(L, r, as->feed, station_end(L, st->station), io);
        const mdl_product *p = &L->m->products[st->product];
        for (int i = 0; as->deliver >= 0 && i + 1 < p->nsteps; i++)
            for (int j = i + 1; p->route[i] == st->station && j < p->nsteps; j++) {
                check_ends(L, r, as->deliver, io, station_end(L, p->route[j]));
                if (!mdl__step_conditional(p, j)) break;
            }
    }
}

/* A fleet with a battery must reach a charger from every station it
 * serves (on a network of islands, its own island's). */
static void check_chargers(layout *L, reach_state *r) {
    const struct tr_model *tm = L->tm;
    for (int f = 0; f < tm->nfleets; f++) {
        const mdl_fleet_spec *fs = &tm->fleets[f];
        if (!fs->battery.enabled) continue;
        for (int k = 0; k < tm->nsteps; k++) {
            const tr_step *st = &tm->steps[k];
            if (st->kind != MDL_TRANSPORT_FLEET || st->which != f) continue;
            int na = st->station < tm->cap_st ? tm->st_node[st->station] : -1;
            if (na < 0) continue;
            bool charger = false;
            for (int n = 0; n < tm->nnodes && !charger; n++)
                charger = tm->nodes[n].kind == MDL_NODE_CHARGING && reaches(r, na, n);
            if (charger) continue;
            char subj[200];
            snprintf(subj, sizeof subj, "fleet '%s'", fs->id);
            report(&L->c, fs->source_line, subj,
                   "layout: no charger can be reached from station '%s' (node '%s'): its vehicles will run flat",
                   L->m->stations[st->station].id, tm->nodes[na].id);
            break;
        }
    }
}

/* Reachability of what the fleets must serve: a search only between nodes
 * of different components (none in a network where every node reaches
 * every other). */
static void check_reach(layout *L) {
    const struct tr_model *tm = L->tm;
    reach_state r = {tm->nnodes, NULL, NULL, NULL, NULL, NULL, -1};
    r.seen = calloc((size_t)tm->nnodes + 1, 1);
    r.stack = calloc((size_t)tm->nnodes + 1, sizeof *r.stack);
    r.comp = malloc(((size_t)tm->nnodes + 1) * sizeof *r.comp);
    bool have = r.seen && r.stack && r.comp && adjacency(tm, &r.off, &r.adj) &&
                components(tm->nnodes, r.off, r.adj, r.comp);
    for (int k = 0; have && k < tm->nsteps; k++) {
        const tr_step *st = &tm->steps[k];
        if (st->kind != MDL_TRANSPORT_FLEET) continue;
        const mdl_product *p = &L->m->products[st->product];
        for (int i = 0; i + 1 < p->nsteps; i++)
            for (int j = i + 1; p->route[i] == st->station && j < p->nsteps; j++) { /* every next step of a variant */
                check_move(L, &r, st, p->route[i], p->route[j]);
                if (!mdl__step_conditional(p, j)) break;
            }
    }
    if (have) {
        check_dock_moves(L, &r);
        check_asrs_moves(L, &r);
        check_chargers(L, &r);
    }
    if (!have) report(&L->c, 0, "layout", "out of memory");
    free(r.seen);
    free(r.stack);
    free(r.comp);
    free(r.off);
    free(r.adj);
}

static void report_traffic(void *c, int line, const char *subject, const char *message) {
    report(c, line, subject, "%s", message);
}

int mdl_model_layout_check(const mdl_model *m, mdl_layout_fn *fn, void *ctx) {
    layout L;
    memset(&L, 0, sizeof L);
    L.c = (lctx){m, fn, ctx, 0};
    L.m = m;
    L.tm = m->transport;
    L.ns = m->nstations;
    if (!layout_init(&L)) {
        report(&L.c, 0, "layout", "out of memory");
    } else {
        check_overlaps(&L);
        if (L.tm) {
            check_edges(&L);
            check_floor(&L);
            check_reach(&L);
            tr_layout_traffic(m, L.tm, report_traffic, &L.c);
            tr_net_loop_check(m, report_traffic, &L.c);
            tr_asrs_layout_check(m, report_traffic, &L.c); /* an AS/RS's node no fleet uses */
            tr_layout_room(m, L.tm, report_traffic, &L.c);
        }
        tr_layout_station_loops(m, report_traffic, &L.c);
        if (L.pairs.failed || L.hits.failed) report(&L.c, 0, "layout", "out of memory");
    }
    layout_fini(&L);
    return L.c.count;
}
