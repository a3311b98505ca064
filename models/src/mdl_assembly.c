/*
 * mdl_assembly.c - bills of materials and the assembly stations of a run.
 *
 * The model. A product with a BOM (mdl_model_add_bom_line) is made at the
 * assembly station its route starts at, from `quantity` units of each
 * component; each component's route ends at that station, where it waits
 * in a buffer of its own (`component_buffer` places per component; a full
 * one blocks the server that brings the next, as a full input buffer
 * does). mdl_model_check_bom refuses what cannot run.
 *
 * The run. A station that assembles a product (`station.assembly`) keeps
 * one ring per BOM line instead of its input buffer. The core (mdl_run_lean.c)
 * sends it its newcomers (mdl__asm_enter), its dispatching and its pulling
 * of blocked feeders through four hooks on the general path; a model with
 * an assembly is never run lean. An operation starts when a server can
 * start and every line holds its quantity: the components are taken in
 * the order they came (one "assembled" record each, naming the component)
 * and one new unit of the product begins there. Its lead time counts from
 * the earliest release among its components; it is defective when one of
 * them is. The components leave the line (a CONWIP loop of a component
 * releases its next unit then).
 *
 * KPIs by BOM line (mdl_run_bom_kpi): the mean wait of a component in its
 * buffer, and the share of the window in which the station had a server
 * able to start while this line was short (starvation by component),
 * sampled at the station's own events: a server that breaks down while
 * idle counts as able to start until the station's next event.
 */
#include "mdl_run_internal.h"

#include "mdl_assembly.h"
#include "mdl_kpi_at.h"

/* ---- the model ------------------------------------------------------------- */

/* The lists of lines: a BOM (product -> component) and a parts list
 * (product -> part, mdl_disassembly.c) are the same table. */
bool mdl__lines_add(mdl_model *m, mdl_bom_line **lines, int *n, int *cap, const char *key, int product, int other,
                    int quantity) {
    if (product < 0 || product >= m->nproducts || other < 0 || other >= m->nproducts)
        return mdl__fail(m, "%s: no such product", key);
    const char *pid = m->products[product].id;
    if (quantity < 1 || quantity > MDL_MAX_BOM_QTY)
        return mdl__fail(m, "product '%s': %s: the quantity of '%s' must be 1 .. %d", pid, key, m->products[other].id,
                         MDL_MAX_BOM_QTY);
    for (int i = 0; i < *n; i++)
        if ((*lines)[i].product == product && (*lines)[i].component == other)
            return mdl__fail(m, "product '%s': %s: '%s' is given twice", pid, key, m->products[other].id);
    if (!mdl__grow((void **)lines, cap, *n, sizeof **lines)) return mdl__fail(m, "out of memory");
    (*lines)[(*n)++] = (mdl_bom_line){product, other, quantity};
    return true;
}

int mdl__lines_count(const mdl_bom_line *lines, int n, int product) {
    int c = 0;
    for (int i = 0; i < n; i++) c += lines[i].product == product;
    return c;
}

bool mdl__lines_get(const mdl_bom_line *lines, int n, int product, int line, int *other, int *quantity) {
    for (int i = 0; i < n; i++) {
        if (lines[i].product != product) continue;
        if (line-- == 0) {
            *other = lines[i].component;
            *quantity = lines[i].quantity;
            return true;
        }
    }
    return false;
}

bool mdl_model_add_bom_line(mdl_model *m, int product, int component, int quantity) {
    return mdl__lines_add(m, &m->bom, &m->nbom, &m->cap_bom, "bom", product, component, quantity);
}

int mdl_model_bom_count(const mdl_model *m, int product) { return mdl__lines_count(m->bom, m->nbom, product); }

bool mdl_model_bom_line(const mdl_model *m, int product, int line, int *component, int *quantity) {
    return mdl__lines_get(m->bom, m->nbom, product, line, component, quantity);
}

int mdl__lines_product_at(const mdl_model *m, const mdl_bom_line *lines, int n, int si, bool route_end) {
    for (int i = 0; i < n; i++) {
        const mdl_product *p = &m->products[lines[i].product];
        if (p->route[route_end ? p->nsteps - 1 : 0] == si) return lines[i].product;
    }
    return -1;
}

bool mdl__lines_reach(const mdl_bom_line *lines, int n, int nproducts, int from, int to, int depth) {
    if (depth > nproducts) return true;
    for (int i = 0; i < n; i++) {
        if (lines[i].product != from) continue;
        int c = lines[i].component;
        if (c == to || mdl__lines_reach(lines, n, nproducts, c, to, depth + 1)) return true;
    }
    return false;
}

/* The product assembled at station si, or -1. */
static int assembled_at(const mdl_model *m, int si) { return mdl__lines_product_at(m, m->bom, m->nbom, si, false); }

int mdl_model_assembled_at(const mdl_model *m, int si) { return assembled_at(m, si); }

/* Is anything feeding product p: a release, an order, or a BOM of its own? */
static bool product_fed(const mdl_model *m, int p, bool *unlimited) {
    bool fed = mdl_model_bom_count(m, p) > 0;
    for (int i = 0; i < m->nparts; i++) fed = fed || m->parts[i].component == p; /* made by disassembly */
    for (int i = 0; i < m->nreleases; i++)
        if (m->releases[i].product == p) {
            fed = true;
            if (m->releases[i].kind == MDL_RELEASE_UNLIMITED) *unlimited = true;
        }
    for (int i = 0; i < m->norders; i++) fed = fed || m->orders[i].product == p;
    return fed;
}

/* Every product that visits the assembly station `a` (which makes
 * `product`) is its product at step 0 or one of its components at the
 * route's end. */
static bool station_visitors_ok(mdl_model *m, int product, int a) {
    for (int q = 0; q < m->nproducts; q++) {
        const mdl_product *pr = &m->products[q];
        int line = -1, qty = 0;
        for (int k = 0; mdl_model_bom_line(m, product, k, &line, &qty); k++)
            if (line == q) break;
        bool component = line == q;
        for (int i = 0; i < pr->nsteps; i++) {
            if (pr->route[i] != a) continue;
            if (q == product && i == 0) continue;
            if (component && i == pr->nsteps - 1) continue;
            return mdl__fail(m, "product '%s': route: station '%s' assembles '%s' and takes only its components, "
                                "as the last step of their routes",
                             pr->id, m->stations[a].id, m->products[product].id);
        }
    }
    return true;
}

bool mdl_model_check_bom(mdl_model *m, int product) {
    if (product < 0 || product >= m->nproducts) return mdl__fail(m, "bom: no such product");
    const mdl_product *p = &m->products[product];
    int a = p->route[0];
    const char *aid = m->stations[a].id;
    if (m->stations[a].kind != MDL_STATION_ASSEMBLY)
        return mdl__fail(m, "product '%s': bom: its route must start at the station that assembles it, a station "
                            "with kind = \"assembly\" ('%s' is not one)", p->id, aid);
    if (assembled_at(m, a) != product)
        return mdl__fail(m, "product '%s': bom: station '%s' assembles '%s' already (one product per assembly "
                            "station)", p->id, aid, m->products[assembled_at(m, a)].id);
    if (mdl__lines_reach(m->bom, m->nbom, m->nproducts, product, product, 0))
        return mdl__fail(m, "product '%s': bom: a cycle: '%s' is (through its components) a component of itself",
                         p->id, p->id);
    for (int i = 0; i < m->nreleases; i++)
        if (m->releases[i].product == product)
            return mdl__fail(m, "product '%s': release: it is made from its bill of materials at '%s'; it cannot "
                                "also be released", p->id, aid);
    for (int i = 0; i < m->norders; i++)
        if (m->orders[i].product == product)
            return mdl__fail(m, "product '%s': orders: it is made from its bill of materials at '%s'; order its "
                                "components instead", p->id, aid);
    int c, qty;
    for (int k = 0; mdl_model_bom_line(m, product, k, &c, &qty); k++) {
        const mdl_product *cp = &m->products[c];
        if (cp->route[cp->nsteps - 1] != a)
            return mdl__fail(m, "product '%s': bom: no feeder for component '%s': its route must end at the "
                                "assembly station '%s'", p->id, cp->id, aid);
        bool unlimited = false;
        if (!product_fed(m, c, &unlimited))
            return mdl__fail(m, "product '%s': bom: no feeder for component '%s': no release, order or bill of "
                                "materials makes it", p->id, cp->id);
        if (unlimited && cp->nsteps == 1)
            return mdl__fail(m, "product '%s': bom: component '%s' goes straight to '%s': give it a push or "
                                "conwip release, not an unlimited one", p->id, cp->id, aid);
    }
    return station_visitors_ok(m, product, a);
}

/* ---- the run ------------------------------------------------------------------ */

typedef struct asm_line {
    int component;
    int quantity;
    ring buf;          /* the component's own buffer, first come first */
    sim_mean wait;     /* of the components taken, in the window */
    sim_timeavg short_; /* 1 while a server could start and this line is short */
    sim_timeavg level;  /* components in buf */
    uint64_t taken;    /* components joined in the window */
} asm_line;

typedef struct asm_station {
    int product;
    long cap;          /* places per component; <= 0: unlimited */
    int nlines;
    asm_line *line;
    int *line_of;      /* product -> its line here, or -1 */
    uint32_t *taken;   /* scratch: the components of one operation */
    int ntaken;
    uint64_t assembled; /* operations begun in the window */
} asm_station;

void *mdl__flow_state(mdl_run *r, station *s, size_t size) {
    void *state = calloc(1, size);
    if (!state) mdl__run_oom(r);
    s->plain_refresh = false; /* the station takes the general path */
    return state;
}

bool mdl__asm_start(mdl_run *r) {
    const mdl_model *m = r->m;
    bool any = false;
    for (int si = 0; si < r->nst; si++) {
        int p = assembled_at(m, si);
        if (p < 0) continue;
        station *s = &r->st[si];
        asm_station *a = s->assembly = mdl__flow_state(r, s, sizeof *a); /* before anything that may fail */
        a->product = p;
        a->cap = s->spec->component_buffer;
        a->nlines = mdl_model_bom_count(m, p);
        a->line = calloc((size_t)a->nlines, sizeof *a->line);
        a->line_of = malloc((size_t)m->nproducts * sizeof *a->line_of);
        if (!a->line || !a->line_of) mdl__run_oom(r);
        for (int q = 0; q < m->nproducts; q++) a->line_of[q] = -1;
        int total = 0;
        for (int k = 0; k < a->nlines; k++) {
            asm_line *l = &a->line[k];
            mdl_model_bom_line(m, p, k, &l->component, &l->quantity);
            a->line_of[l->component] = k;
            total += l->quantity;
            sim_timeavg_init(&l->short_, 0.0, 0.0);
            sim_timeavg_init(&l->level, 0.0, 0.0);
        }
        a->taken = malloc((size_t)total * sizeof *a->taken);
        if (!a->taken) mdl__run_oom(r);
        any = true;
    }
    return any;
}

void mdl__flow_free(mdl_run *r) {
    for (int si = 0; r->st && si < r->nst; si++) {
        station *s = &r->st[si];
        asm_station *a = s->assembly;
        for (int k = 0; a && a->line && k < a->nlines; k++) sim_world_realloc(r->w, a->line[k].buf.a, 0);
        if (a) {
            free(a->line);
            free(a->line_of);
            free(a->taken);
        }
        free(a);
        free(s->batching);    /* one block each, with their arrays (mdl__bt_start, mdl__ds_start) */
        free(s->disassembly);
        s->assembly = NULL;
        s->batching = NULL;
        s->disassembly = NULL;
    }
}

void mdl__asm_warmup(mdl_run *r, double now) {
    for (int si = 0; si < r->nst; si++) {
        asm_station *a = r->st[si].assembly;
        if (!a) continue;
        a->assembled = 0;
        for (int k = 0; k < a->nlines; k++) {
            sim_mean_reset(&a->line[k].wait);
            sim_timeavg_reset(&a->line[k].short_, now);
            sim_timeavg_reset(&a->line[k].level, now);
            a->line[k].taken = 0;
        }
    }
}

static bool line_has_room(const asm_station *a, const asm_line *l) {
    return a->cap <= 0 || (long)l->buf.len < a->cap;
}

/* The product of a waiter of the station's ring, and whether it can move
 * now (a blocked server that is stopped keeps its place). */
static int waiter_product(const mdl_run *r, uint32_t v, bool *movable) {
    *movable = true;
    if ((v & ORDER_TOKEN) == ORDER_TOKEN) return r->m->orders[v & ~ORDER_TOKEN].product;
    if (v & BACKLOG_BIT) return r->units[v & ~BACKLOG_BIT].product;
    if (v & XFER_BIT) {
        *movable = false; /* material handling into an assembly station: not supported (docs) */
        return -1;
    }
    const server *up = r->all[v];
    *movable = !server_stopped(up);
    return r->units[up->unit].product;
}

bool mdl__asm_accepts(const station *s, int product) {
    const asm_station *a = s->assembly;
    int k = a->line_of[product];
    if (k < 0 || !line_has_room(a, &a->line[k])) return false;
    for (uint32_t i = 0; i < s->waiters.len; i++) { /* not past an earlier one of the same component */
        bool movable;
        if (waiter_product(s->run, ring_at(&s->waiters, i), &movable) == product) return false;
    }
    return true;
}

void mdl__asm_pull(station *s) {
    mdl_run *r = s->run;
    asm_station *a = s->assembly;
    bool moved = true;
    while (moved) {
        moved = false;
        for (uint32_t i = 0; i < s->waiters.len; i++) {
            bool movable;
            int p = waiter_product(r, ring_at(&s->waiters, i), &movable);
            int k = p >= 0 ? a->line_of[p] : -1;
            if (!movable || k < 0 || !line_has_room(a, &a->line[k])) continue;
            mdl__waiter_admit(s, i);
            moved = true;
            break;
        }
    }
}

void mdl__asm_enter(station *s, uint32_t ui) {
    mdl_run *r = s->run;
    asm_station *a = s->assembly;
    int k = a->line_of[U(r, ui)->product];
    if (k < 0) {
        mdl__run_fail(r, "station '%s': a unit of '%s' arrived, which is not a component here", s->spec->id,
                      r->products[U(r, ui)->product].id);
        return;
    }
    U(r, ui)->enq = NOW(r);
    ring_push(r, &a->line[k].buf, ui);
    sim_timeavg_set(&a->line[k].level, NOW(r), (double)a->line[k].buf.len);
    mdl__asm_dispatch(s);
}

/* Takes the components of one operation and begins it on sv. */
static void asm_join(station *s, server *sv) {
    mdl_run *r = s->run;
    asm_station *a = s->assembly;
    double now = NOW(r);
    uint32_t ui = mdl__unit_new(r, a->product, -1, -1);
    unit *u = U(r, ui);
    u->due = -1.0;
    u->in_line = 1;
    u->released = now;
    logev(r, MDL_LOG_CREATE, -1, ui);
    a->ntaken = 0;
    for (int k = 0; k < a->nlines; k++) {
        asm_line *l = &a->line[k];
        for (int q = 0; q < l->quantity; q++) {
            uint32_t c = ring_remove(&l->buf, 0);
            sim_timeavg_set(&l->level, now, (double)l->buf.len);
            const unit *cu = U(r, c);
            sim_mean_add(&l->wait, now - cu->enq);
            l->taken++;
            if (cu->released < U(r, ui)->released) U(r, ui)->released = cu->released;
            if (cu->defective && !U(r, ui)->defective) {
                U(r, ui)->defective = 1;
                U(r, ui)->defect_from = cu->defect_from;
            }
            U(r, ui)->ever_defective |= cu->ever_defective;
            U(r, ui)->reworked |= cu->reworked;
            if (r->logging) mdl__run_log_part(r, MDL_LOG_ASSEMBLE, s->index, sv->index, ui, c);
            a->taken[a->ntaken++] = c;
        }
    }
    a->assembled++;
    mdl__book_released(&r->book, a->product, 1);
    r->wip_now++;
    sim_timeavg_set(&r->wip, now, (double)r->wip_now);
    /* The server is busy before the components leave: a CONWIP loop that
     * releases into this station again finds it so. */
    int n = a->ntaken;
    mdl__server_begin(sv, ui);
    for (int i = 0; i < n; i++) mdl__line_unit_out(r, a->taken[i]);
}

static bool asm_complete(const asm_station *a) {
    for (int k = 0; k < a->nlines; k++)
        if (a->line[k].buf.len < (uint32_t)a->line[k].quantity) return false;
    return true;
}

static server *asm_free_server(station *s) {
    for (int i = 0; i < s->nslots; i++)
        if (mdl__server_can_start(&s->sv[i])) return &s->sv[i];
    return NULL;
}

void mdl__asm_dispatch(station *s) {
    asm_station *a = s->assembly;
    server *sv;
    while ((sv = asm_free_server(s)) != NULL && asm_complete(a)) asm_join(s, sv);
    if (s->waiters.len) mdl__asm_pull(s);
    double now = NOW(s->run);
    bool can_start = asm_free_server(s) != NULL;
    for (int k = 0; k < a->nlines; k++) {
        asm_line *l = &a->line[k];
        double v = can_start && l->buf.len < (uint32_t)l->quantity ? 1.0 : 0.0;
        if (v != l->short_.value) sim_timeavg_set(&l->short_, now, v);
    }
}

/* ---- results ------------------------------------------------------------------ */

bool mdl_run_bom_kpi(const mdl_run *r, int product, int line, mdl_bom_kpi *out) {
    for (int si = 0; si < r->nst; si++) {
        const asm_station *a = r->st[si].assembly;
        if (!a || a->product != product || line < 0 || line >= a->nlines) continue;
        const asm_line *l = &a->line[line];
        double now = NOW(r), window = now - r->win_start;
        out->component = l->component;
        out->quantity = l->quantity;
        out->station = si;
        out->wait_mean_s = l->taken ? sim_mean_value(&l->wait) : 0.0;
        out->starved_share = window > 0.0 ? sim_timeavg_area(&l->short_, now) / window : 0.0;
        out->taken = l->taken;
        out->waiting = l->buf.len;
        out->assembled = a->assembled;
        return true;
    }
    return false;
}

/* ---- results in mdl_rep_result ----------------------------------------------- */

const char *const mdl__lkpi_names[MDL_LKPI_COUNT] = {"wait_s", "starved_share", "taken", "buffer_level"};
const char *const mdl__xkpi_names[MDL_XKPI_COUNT] = {"kits", "batches", "mean_size", "full", "timeout",
                                                     "wait_s", "taken_apart", "parts", "part_wait_s"};

int mdl_model_bomline_count(const mdl_model *m) { return m->nbom; }

int mdl_model_bomline_index(const mdl_model *m, int product, int line) {
    if (line < 0 || line >= mdl_model_bom_count(m, product)) return -1;
    int n = 0;
    for (int p = 0; p < product; p++) n += mdl_model_bom_count(m, p);
    return n + line;
}

bool mdl__flow_rep_init(mdl_rep_result *res, const mdl_model *m) {
    bool any = m->nbom > 0 || m->nparts > 0;
    for (int si = 0; si < m->nstations && !any; si++) any = m->stations[si].batch > 1;
    if (!any) return true;
    res->nbomlines = m->nbom;
    res->bomline = malloc(((size_t)m->nbom * MDL_LKPI_COUNT + 1) * sizeof(double));
    res->flow = malloc(((size_t)m->nstations * MDL_XKPI_COUNT + 1) * sizeof(double));
    if (!res->bomline || !res->flow) return false;
    for (size_t i = 0; i < (size_t)m->nbom * MDL_LKPI_COUNT; i++) res->bomline[i] = NAN;
    for (size_t i = 0; i < (size_t)m->nstations * MDL_XKPI_COUNT; i++) res->flow[i] = NAN;
    return true;
}

double mdl_rep_bomline_kpi(const mdl_rep_result *r, int line, mdl_lkpi k) {
    return r ? mdl__kpi_at(r->bomline, r->nbomlines, line, MDL_LKPI_COUNT, (int)k) : NAN;
}

double mdl_rep_flow_kpi(const mdl_rep_result *r, int si, mdl_xkpi k) {
    return r ? mdl__kpi_at(r->flow, r->nstations, si, MDL_XKPI_COUNT, (int)k) : NAN;
}

void mdl__asm_result(const mdl_run *r, mdl_rep_result *out) {
    double now = NOW(r);
    for (int si = 0; si < r->nst && si < out->nstations; si++) {
        const asm_station *a = r->st[si].assembly;
        if (!a) continue;
        out->flow[(size_t)si * MDL_XKPI_COUNT + MDL_XKPI_KITS] = (double)a->assembled;
        for (int k = 0; k < a->nlines; k++) {
            int line = mdl_model_bomline_index(r->m, a->product, k);
            mdl_bom_kpi b;
            if (line < 0 || line >= out->nbomlines || !mdl_run_bom_kpi(r, a->product, k, &b)) continue;
            double *o = &out->bomline[(size_t)line * MDL_LKPI_COUNT];
            o[MDL_LKPI_WAIT_S] = b.wait_mean_s;
            o[MDL_LKPI_STARVED_SHARE] = b.starved_share;
            o[MDL_LKPI_TAKEN] = (double)b.taken;
            o[MDL_LKPI_BUFFER_LEVEL] = sim_timeavg_mean(&a->line[k].level, now);
        }
    }
}
