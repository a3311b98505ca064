/*
 * mdl_model.c - building and checking the plant description.
 *
 * Every adding function checks its input completely and refuses it with a
 * message naming the object and the field, so a model that was built
 * without an error is runnable.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_plan_internal.h"

#include "mdl_internal.h"
#include "mdl_routing_internal.h"
#include "mdl_people_internal.h"
#include "mdl_maint.h"
#include "sim_units.h"

/* ---- arena and helpers ------------------------------------------------ */

void *mdl__alloc(mdl_model *m, size_t size) {
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    mdl_arena_block *b = m->arena;
    if (!b || b->size - b->used < size) {
        size_t bs = size > 16384 ? size : 16384;
        mdl_arena_block *nb = malloc(sizeof *nb + bs);
        if (!nb) return NULL;
        nb->next = b;
        nb->used = 0;
        nb->size = bs;
        m->arena = nb;
        b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

const char *mdl__strdup(mdl_model *m, const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *p = mdl__alloc(m, n);
    if (p) memcpy(p, s, n);
    return p;
}

void mdl__collect(mdl_model *m, bool on) {
    if (on) {
        m->error[0] = '\0';
        m->nmore_errors = 0;
    }
    m->collecting = on;
}

bool mdl__fail(mdl_model *m, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (m->collecting && m->error[0]) {
        char more[sizeof m->error];
        vsnprintf(more, sizeof more, fmt, ap);
        const char *kept = m->nmore_errors < MDL_MORE_ERRORS ? mdl__strdup(m, more) : NULL;
        if (kept) m->more_errors[m->nmore_errors++] = kept;
    } else {
        vsnprintf(m->error, sizeof m->error, fmt, ap);
        m->nmore_errors = 0;
    }
    va_end(ap);
    return false;
}

bool mdl__grow(void **ptr, int *cap, int len, size_t elem) {
    if (len < *cap) return true;
    int ncap = *cap ? *cap * 2 : 8;
    void *p = realloc(*ptr, (size_t)ncap * elem);
    if (!p) return false;
    *ptr = p;
    *cap = ncap;
    return true;
}

bool mdl__arena_grow(mdl_model *m, void **ptr, int *cap, int len, size_t elem) {
    if (len < *cap) return true;
    int ncap = *cap ? *cap * 2 : 8;
    void *p = mdl__alloc(m, (size_t)ncap * elem);
    if (!p) return false;
    if (len > 0) memcpy(p, *ptr, (size_t)len * elem);
    *ptr = p;
    *cap = ncap;
    return true;
}

const char *mdl__grow_id(mdl_model *m, void **ptr, int *cap, int len, size_t elem, const char *id) {
    const char *copy = mdl__grow(ptr, cap, len, elem) ? mdl__strdup(m, id) : NULL;
    if (!copy) mdl__fail(m, "out of memory");
    return copy;
}

/* The id field of each entity, for its mdl_idmap. */
#define STATION_IDS(m) ((mdl_idview){(m)->stations, sizeof(mdl_station_spec), offsetof(mdl_station_spec, id)})
#define PRODUCT_IDS(m) ((mdl_idview){(m)->products, sizeof(mdl_product), offsetof(mdl_product, id)})
#define CALENDAR_IDS(m) ((mdl_idview){(m)->calendars, sizeof(mdl_calendar), offsetof(mdl_calendar, id)})

#define GROW(m, arr, n, cap)                                                   \
    mdl__grow((void **)&(m)->arr, &(m)->cap, (m)->n, sizeof *(m)->arr)

/* ---- lifecycle ---------------------------------------------------------- */

mdl_model *mdl_model_new(void) {
    mdl_model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->line_calendar = -1;
    m->name = "";
    m->targets.productivity = 0.30;
    m->targets.cost_per_unit = -0.30;
    m->targets.defect_rate = -0.20;
    m->targets.units_per_kwh = 0.20;
    m->run.horizon = 5 * SIM_DAY;
    m->run.warmup = 0.0;
    m->run.replications = 10;
    m->run.seed = 1;
    m->run.start = 0.0;
    m->start_epoch = MDL_DEFAULT_START_EPOCH;
    return m;
}

bool mdl_model_set_start_epoch(mdl_model *m, double epoch) {
    /* A Monday (1970-01-01 was a Thursday: day 4 of the week from Monday
     * 1969-12-29), at midnight, from 1970 to 9999. */
    if (!(epoch >= 0 && epoch <= 253402214400.0) || fmod(epoch, 86400.0) != 0 ||
        fmod(epoch / 86400.0 + 3.0, 7.0) != 0) {
        snprintf(m->error, sizeof m->error, "the start date must be a Monday from 1970 to 9999");
        return false;
    }
    m->start_epoch = epoch;
    return true;
}

double mdl_model_start_epoch(const mdl_model *m) { return m->start_epoch; }

void mdl_model_free(mdl_model *m) {
    if (!m) return;
    for (int i = 0; i < m->ncalendars; i++) {
        free(m->calendars[i].shifts);
        free(m->calendars[i].breaks);
        free(m->calendars[i].on);
    }
    free(m->calendars);
    free(m->stations);
    free(m->products);
    free(m->releases);
    free(m->orders);
    mdl__plan_free(m->plan);
    free(m->cycles);
    free(m->setups);
    free(m->bom); /* bills of materials (mdl_assembly.c) */
    free(m->parts); /* disassembly (mdl_disassembly.c) */
    free(m->kanbans); /* kanban loops (mdl_kanban.c) */
    mdl__idmap_free(&m->station_ids);
    mdl__idmap_free(&m->product_ids);
    mdl__idmap_free(&m->calendar_ids);
    mdl__transport_model_free(m->transport);
    mdl_arena_block *b = m->arena;
    while (b) {
        mdl_arena_block *n = b->next;
        free(b);
        b = n;
    }
    free(m);
}

const char *mdl_model_error(const mdl_model *m) { return m->error; }
int mdl_model_error_count(const mdl_model *m) { return m->error[0] ? 1 + m->nmore_errors : 0; }
const char *mdl_model_error_at(const mdl_model *m, int i) {
    return i == 0 ? m->error : i > 0 && i <= m->nmore_errors ? m->more_errors[i - 1] : "";
}

bool mdl_model_set_name(mdl_model *m, const char *name) {
    const char *s = mdl__strdup(m, name ? name : "");
    if (!s) return mdl__fail(m, "out of memory");
    m->name = s;
    return true;
}

const char *mdl_model_name(const mdl_model *m) { return m->name; }

/* ---- stations ----------------------------------------------------------- */

void mdl_station_spec_default(mdl_station_spec *s) {
    memset(s, 0, sizeof *s);
    s->kind = MDL_STATION_MACHINE;
    s->servers = 1;
    s->buffer = -1;
    s->standby_after = -1.0;
    s->dispatch = MDL_DISPATCH_FIFO;
    s->calendar = -1;
    s->w = 3.0;
    s->h = 2.0;
    s->reject = MDL_REJECT_SCRAP;
    s->max_rework = 3;
    s->failure_clock = MDL_FAIL_CALENDAR;
    s->component_buffer = -1;
    s->batch_timeout = -1.0;
}

static bool check_prob(mdl_model *m, const char *sid, const char *field, double p) {
    if (!(p >= 0.0 && p <= 1.0))
        return mdl__fail(m, "station '%s': %s: must be a share between 0 and 1, got %g", sid, field, p);
    return true;
}

static bool check_duration(mdl_model *m, const char *what, const char *id,
                           const char *field, const sim_dist *d) {
    char msg[200];
    if (!sim_dist_check(d, msg, sizeof msg))
        return mdl__fail(m, "%s '%s': %s: %s", what, id, field, msg);
    if (sim_dist_min(d) < 0.0)
        return mdl__fail(m, "%s '%s': %s: a duration cannot be negative, but %s can be",
                         what, id, field, sim_dist_name(d->kind));
    if (!(sim_dist_mean(d) >= 0.0) || !isfinite(sim_dist_mean(d)))
        return mdl__fail(m, "%s '%s': %s: the mean must be a finite non-negative time", what, id, field);
    return true;
}

bool mdl__check_duration(mdl_model *m, const char *what, const char *id, const char *field, const sim_dist *d) {
    return check_duration(m, what, id, field, d);
}

static bool valid_id(const char *id) { return id && *id; }

int mdl_model_add_station(mdl_model *m, const mdl_station_spec *spec) {
    if (!spec) return mdl__fail(m, "station: no specification given"), -1;
    if (!mdl__new_id(m, "station", "station", spec->id, mdl_model_find_station)) return -1;
    const char *sid = spec->id;
    if ((unsigned)spec->kind >= MDL_STATION_KIND_COUNT)
        return mdl__fail(m, "station '%s': kind: unknown kind %d", sid, (int)spec->kind), -1;
    if (spec->servers < 1 || spec->servers > 10000)
        return mdl__fail(m, "station '%s': servers: must be between 1 and 10000, got %d", sid, spec->servers), -1;
    if (spec->has_cycle && !check_duration(m, "station", sid, "cycle", &spec->cycle)) return -1;
    if (spec->has_setup && !check_duration(m, "station", sid, "setup", &spec->setup)) return -1;
    if (spec->has_failures) {
        if (!check_duration(m, "station", sid, "mtbf", &spec->mtbf)) return -1;
        if (!check_duration(m, "station", sid, "mttr", &spec->mttr)) return -1;
        if (!(sim_dist_mean(&spec->mtbf) > 0.0))
            return mdl__fail(m, "station '%s': mtbf: the mean time between failures must be > 0", sid), -1;
        if ((unsigned)spec->failure_clock > MDL_FAIL_OPERATING)
            return mdl__fail(m, "station '%s': failure clock: unknown", sid), -1;
    }
    if (!check_prob(m, sid, "scrap", spec->scrap) || !check_prob(m, sid, "defect", spec->defect) ||
        !check_prob(m, sid, "detect", spec->detect) ||
        !check_prob(m, sid, "false_reject", spec->false_reject))
        return -1;
    if (spec->scrap + spec->defect > 1.0 + 1e-12)
        return mdl__fail(m, "station '%s': scrap + defect: the two shares add up to %g, more than 1", sid, spec->scrap + spec->defect), -1;
    if ((unsigned)spec->reject > MDL_REJECT_REWORK)
        return mdl__fail(m, "station '%s': reject: unknown action", sid), -1;
    if (spec->max_rework < 0 || spec->max_rework > MDL_MAX_REWORK)
        return mdl__fail(m, "station '%s': max_rework: must be between 0 and %d, got %d", sid, MDL_MAX_REWORK,
                         spec->max_rework), -1;
    if (spec->reject == MDL_REJECT_REWORK && !valid_id(spec->rework_to))
        return mdl__fail(m, "station '%s': reject: rework needs the station to send units back to", sid), -1;
    if (spec->operators < 0 || spec->operators > 100000)
        return mdl__fail(m, "station '%s': operators: must be >= 0, got %d", sid, spec->operators), -1;
    for (int s = 0; s < MDL_STATE_COUNT; s++)
        if (!(spec->power[s] >= 0.0) || !isfinite(spec->power[s]))
            return mdl__fail(m, "station '%s': power.%s: must be a power >= 0 kW, got %g", sid,
                             mdl_state_name((mdl_state)s), spec->power[s]), -1;
    if (!(spec->standby_after < 0.0 || isfinite(spec->standby_after)))
        return mdl__fail(m, "station '%s': standby_after: must be a finite duration", sid), -1;
    if ((unsigned)spec->dispatch >= MDL_DISPATCH_COUNT)
        return mdl__fail(m, "station '%s': dispatch: unknown rule", sid), -1;
    if (spec->calendar < -1 || spec->calendar >= m->ncalendars)
        return mdl__fail(m, "station '%s': calendar: no calendar with index %d", sid, spec->calendar), -1;
    if (!isfinite(spec->x) || !isfinite(spec->y) || !(spec->w > 0) || !(spec->h > 0) ||
        !isfinite(spec->w) || !isfinite(spec->h))
        return mdl__fail(m, "station '%s': at/size: position must be finite and the size > 0", sid), -1;
    if (spec->maint) {
        char why[256];
        if (!mdl__maint_check_model(m, spec->maint, why, sizeof why))
            return mdl__fail(m, "station '%s': %s", sid, why), -1;
    }
    if (!GROW(m, stations, nstations, cap_stations)) return mdl__fail(m, "out of memory"), -1;
    mdl_station_spec *s = &m->stations[m->nstations];
    *s = *spec;
    s->id = mdl__strdup(m, spec->id);
    s->rework_to = spec->rework_to ? mdl__strdup(m, spec->rework_to) : NULL;
    if (!s->id || (spec->rework_to && !s->rework_to)) return mdl__fail(m, "out of memory"), -1;
    if (spec->maint && !(s->maint = mdl__maint_copy(m, spec->maint))) return mdl__fail(m, "out of memory"), -1;
    if (spec->buffer < 0) s->buffer = -1;
    if (!mdl__idmap_add(&m->station_ids, STATION_IDS(m), s->id, m->nstations))
        return mdl__fail(m, "out of memory"), -1;
    /* Waiting for an operator, a server draws what it draws idle. */
    s->power[MDL_STATE_WAIT_OPERATOR] = spec->power[MDL_STATE_IDLE];
    return m->nstations++;
}

int mdl_model_find_station(const mdl_model *m, const char *id) {
    return mdl__idmap_find(&m->station_ids, STATION_IDS(m), id);
}

/* ---- products and routes ------------------------------------------------ */

int mdl_model_add_product(mdl_model *m, const char *id, const char *const *route,
                          int nsteps, int priority) {
    if (!mdl__new_id(m, "product", "product", id, mdl_model_find_product)) return -1;
    if (nsteps < 1 || !route)
        return mdl__fail(m, "product '%s': route: must name at least one station", id), -1;
    int *r = mdl__alloc(m, (size_t)nsteps * sizeof *r);
    if (!r) return mdl__fail(m, "out of memory"), -1;
    for (int i = 0; i < nsteps; i++) {
        r[i] = mdl_model_find_station(m, route[i]);
        if (r[i] < 0)
            return mdl__fail(m, "product '%s': route: step %d names no station: '%s'", id, i + 1,
                             route[i] ? route[i] : "(null)"), -1;
    }
    /* A rejecting inspection step must find its rework station earlier in
     * the route: that is where the unit goes back to. */
    for (int i = 0; i < nsteps; i++) {
        const mdl_station_spec *s = &m->stations[r[i]];
        if (s->kind == MDL_STATION_INSPECTION && s->reject == MDL_REJECT_REWORK) {
            bool found = false;
            int to = mdl_model_find_station(m, s->rework_to);
            for (int j = 0; j < i; j++)
                if (r[j] == to) found = true;
            if (!found)
                return mdl__fail(m, "product '%s': route: inspection '%s' sends rejects to '%s', "
                                    "which is not an earlier step of this route", id, s->id, s->rework_to), -1;
        }
    }
    const char *pid = MDL_GROW_ID(m, products, nproducts, cap_products, id);
    if (!pid) return -1;
    mdl_product *p = &m->products[m->nproducts];
    p->id = pid;
    p->route = r;
    p->nsteps = nsteps;
    p->fam = NULL;   /* mdl_model_set_family */
    p->steps = NULL; /* mdl_model_set_step */
    p->when = NULL;  /* mdl_model_step_when */
    p->priority = priority;
    if (!mdl__idmap_add(&m->product_ids, PRODUCT_IDS(m), p->id, m->nproducts))
        return mdl__fail(m, "out of memory"), -1;
    return m->nproducts++;
}

int mdl_model_find_product(const mdl_model *m, const char *id) {
    return mdl__idmap_find(&m->product_ids, PRODUCT_IDS(m), id);
}

static bool check_product(mdl_model *m, int product, const char *what) {
    if (product < 0 || product >= m->nproducts)
        return mdl__fail(m, "%s: no product with index %d", what, product);
    return true;
}

static bool check_station(mdl_model *m, int station, const char *what) {
    if (station < 0 || station >= m->nstations)
        return mdl__fail(m, "%s: no station with index %d", what, station);
    return true;
}

bool mdl_model_set_cycle(mdl_model *m, int product, int station, sim_dist cycle) {
    if (!check_product(m, product, "cycle") || !check_station(m, station, "cycle")) return false;
    char field[300];
    snprintf(field, sizeof field, "cycle.%s", m->stations[station].id);
    if (!check_duration(m, "product", m->products[product].id, field, &cycle)) return false;
    for (int i = 0; i < m->ncycles; i++)
        if (m->cycles[i].product == product && m->cycles[i].station == station) {
            m->cycles[i].d = cycle;
            return true;
        }
    if (!GROW(m, cycles, ncycles, cap_cycles)) return mdl__fail(m, "out of memory");
    m->cycles[m->ncycles++] = (mdl_cycle_rule){product, station, cycle};
    return true;
}

bool mdl_model_set_setup(mdl_model *m, int station, int from, int to, sim_dist setup) {
    if (!check_station(m, station, "setup")) return false;
    if (from < -1 || from >= m->nproducts || to < -1 || to >= m->nproducts)
        return mdl__fail(m, "station '%s': setup: unknown product", m->stations[station].id);
    if (!check_duration(m, "station", m->stations[station].id, "setup", &setup)) return false;
    for (int i = 0; i < m->nsetups; i++)
        if (m->setups[i].station == station && m->setups[i].from == from && m->setups[i].to == to) {
            m->setups[i].d = setup;
            return true;
        }
    if (!GROW(m, setups, nsetups, cap_setups)) return mdl__fail(m, "out of memory");
    m->setups[m->nsetups++] = (mdl_setup_rule){station, from, to, setup};
    return true;
}

const double *mdl_model_keep_table(mdl_model *m, const double *values, size_t n) {
    if (!values || n == 0 || n > ((size_t)1 << 28)) return NULL;
    double *t = mdl__alloc(m, n * sizeof *t);
    if (t) memcpy(t, values, n * sizeof *t);
    return t;
}

const sim_dist *mdl__cycle(const mdl_model *m, int product, int station) {
    for (int i = 0; i < m->ncycles; i++)
        if (m->cycles[i].product == product && m->cycles[i].station == station)
            return &m->cycles[i].d;
    const mdl_station_spec *s = &m->stations[station];
    return s->has_cycle ? &s->cycle : NULL;
}

const sim_dist *mdl__setup(const mdl_model *m, int station, int from, int to) {
    const sim_dist *best = NULL;
    int best_score = -1;
    for (int i = 0; i < m->nsetups; i++) {
        const mdl_setup_rule *r = &m->setups[i];
        if (r->station != station) continue;
        if (r->from != -1 && r->from != from) continue;
        if (r->to != -1 && r->to != to) continue;
        int score = (r->from != -1) * 2 + (r->to != -1);
        if (score > best_score) {
            best_score = score;
            best = &r->d;
        }
    }
    if (best) return best;
    const mdl_station_spec *s = &m->stations[station];
    return s->has_setup ? &s->setup : NULL;
}

double mdl_model_mean_cycle(const mdl_model *m, int product, int station) {
    if (product < 0 || product >= m->nproducts || station < 0 || station >= m->nstations) return NAN;
    const sim_dist *d = mdl__cycle(m, product, station);
    return d ? sim_dist_mean(d) : NAN;
}

/* ---- release ------------------------------------------------------------ */

static mdl_release *new_release(mdl_model *m, mdl_release_kind kind, int product) {
    if (!GROW(m, releases, nreleases, cap_releases)) {
        mdl__fail(m, "out of memory");
        return NULL;
    }
    int k = 0;
    for (int i = 0; i < m->nreleases; i++)
        if (m->releases[i].product == product) k++;
    mdl_release *r = &m->releases[m->nreleases];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->product = product;
    r->index_for_product = k;
    return r;
}

int mdl_model_add_push(mdl_model *m, int product, sim_dist interarrival, double start, long limit) {
    if (!check_product(m, product, "release")) return -1;
    const char *pid = m->products[product].id;
    char msg[200];
    if (!sim_dist_check(&interarrival, msg, sizeof msg))
        return mdl__fail(m, "release of '%s': interarrival: %s", pid, msg), -1;
    if (sim_dist_min(&interarrival) < 0.0)
        return mdl__fail(m, "release of '%s': interarrival: a time between arrivals cannot be negative", pid), -1;
    if (!(sim_dist_mean(&interarrival) > 0.0))
        return mdl__fail(m, "release of '%s': interarrival: the mean time between arrivals must be > 0", pid), -1;
    if (!(start >= 0.0) || !isfinite(start))
        return mdl__fail(m, "release of '%s': start: must be a time >= 0", pid), -1;
    if (limit < 0) return mdl__fail(m, "release of '%s': limit: must be >= 0, got %ld", pid, limit), -1;
    mdl_release *r = new_release(m, MDL_RELEASE_PUSH, product);
    if (!r) return -1;
    r->interarrival = interarrival;
    r->start = start;
    r->limit = limit;
    return m->nreleases++;
}

int mdl_model_add_conwip(mdl_model *m, int product, int wip) {
    if (!check_product(m, product, "release")) return -1;
    if (wip < 1 || wip > 10000000)
        return mdl__fail(m, "release of '%s': conwip: must be between 1 and 10000000 units, got %d",
                         m->products[product].id, wip), -1;
    mdl_release *r = new_release(m, MDL_RELEASE_CONWIP, product);
    if (!r) return -1;
    r->wip = wip;
    return m->nreleases++;
}

int mdl_model_add_unlimited(mdl_model *m, int product) {
    if (!check_product(m, product, "release")) return -1;
    mdl_release *r = new_release(m, MDL_RELEASE_UNLIMITED, product);
    if (!r) return -1;
    return m->nreleases++;
}

int mdl_model_add_order(mdl_model *m, const char *order_id, int product, long quantity,
                        double release, double due) {
    const char *oid = order_id && *order_id ? order_id : "(unnamed)";
    if (!check_product(m, product, "order")) return -1;
    if (quantity < 1 || quantity > 100000000)
        return mdl__fail(m, "order '%s': quantity: must be between 1 and 1e8, got %ld", oid, quantity), -1;
    if (!(release >= 0.0) || !isfinite(release))
        return mdl__fail(m, "order '%s': release: must be a time >= 0", oid), -1;
    if (!isfinite(due) || (due >= 0.0 && due < release))
        return mdl__fail(m, "order '%s': due: the due date lies before the release", oid), -1;
    const char *copy = MDL_GROW_ID(m, orders, norders, cap_orders, oid);
    if (!copy) return -1;
    m->orders[m->norders] = (mdl_order){.id = copy, .product = product, .quantity = quantity, .release = release,
                                        .due = due < 0.0 ? -1.0 : due, .variant = 0 /* mdl_model_set_order_variant */};
    return m->norders++;
}

/* ---- shift calendars ---------------------------------------------------- */

int mdl_model_add_calendar(mdl_model *m, const char *id) {
    if (!mdl__new_id(m, "calendar", "calendar", id, mdl_model_find_calendar)) return -1;
    const char *cid = MDL_GROW_ID(m, calendars, ncalendars, cap_calendars, id);
    if (!cid) return -1;
    m->calendars[m->ncalendars] = (mdl_calendar){.id = cid};
    if (!mdl__idmap_add(&m->calendar_ids, CALENDAR_IDS(m), cid, m->ncalendars))
        return mdl__fail(m, "out of memory"), -1;
    return m->ncalendars++;
}

int mdl_model_find_calendar(const mdl_model *m, const char *id) {
    return mdl__idmap_find(&m->calendar_ids, CALENDAR_IDS(m), id);
}

static int cmp_interval(const void *a, const void *b) {
    const mdl_interval *x = a, *y = b;
    return (x->a > y->a) - (x->a < y->a);
}

/* Appends [a, b) to a list, splitting at the end of the week. */
static bool push_interval(mdl_interval **list, int *n, int *cap, double a, double b, const char *name) {
    double pieces[2][2];
    int np = 0;
    if (b <= SIM_WEEK) {
        pieces[np][0] = a, pieces[np][1] = b, np++;
    } else {
        pieces[np][0] = a, pieces[np][1] = SIM_WEEK, np++;
        pieces[np][0] = 0.0, pieces[np][1] = b - SIM_WEEK, np++;
    }
    for (int i = 0; i < np; i++) {
        if (!mdl__grow((void **)list, cap, *n, sizeof **list)) return false;
        (*list)[(*n)++] = (mdl_interval){pieces[i][0], pieces[i][1], name};
    }
    return true;
}

/* Recomputes the on-intervals: union of shifts minus union of breaks. */
static bool rebuild_calendar(mdl_calendar *c) {
    int n = c->nshifts;
    mdl_interval *s = malloc((size_t)(n ? n : 1) * sizeof *s);
    if (!s) return false;
    memcpy(s, c->shifts, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_interval);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k && s[i].a <= s[k - 1].b) {
            if (s[i].b > s[k - 1].b) s[k - 1].b = s[i].b;
        } else {
            s[k++] = s[i];
        }
    }
    /* Subtract each break from the merged shifts. */
    for (int j = 0; j < c->nbreaks; j++) {
        double ba = c->breaks[j].a, bb = c->breaks[j].b;
        mdl_interval *out = malloc((size_t)(2 * k + 1) * sizeof *out);
        if (!out) {
            free(s);
            return false;
        }
        int o = 0;
        for (int i = 0; i < k; i++) {
            if (bb <= s[i].a || ba >= s[i].b) {
                out[o++] = s[i];
                continue;
            }
            if (ba > s[i].a) out[o++] = (mdl_interval){s[i].a, ba, NULL};
            if (bb < s[i].b) out[o++] = (mdl_interval){bb, s[i].b, NULL};
        }
        free(s);
        s = out;
        k = o;
    }
    free(c->on);
    c->on = s;
    c->non = k;
    return true;
}

static bool check_week_interval(mdl_model *m, const char *cid, const char *what, double start, double end) {
    if (!isfinite(start) || !isfinite(end) || start < 0.0 || start >= SIM_WEEK)
        return mdl__fail(m, "calendar '%s': %s: start must lie within the week", cid, what);
    if (!(end > start) || end - start > SIM_WEEK)
        return mdl__fail(m, "calendar '%s': %s: must end after it starts and last at most a week", cid, what);
    return true;
}

bool mdl_calendar_add_shift(mdl_model *m, int calendar, const char *name, double start, double end) {
    if (calendar < 0 || calendar >= m->ncalendars) return mdl__fail(m, "shift: no calendar with index %d", calendar);
    mdl_calendar *c = &m->calendars[calendar];
    if (!check_week_interval(m, c->id, "shift", start, end)) return false;
    const char *nm = mdl__strdup(m, name && *name ? name : "shift");
    if (!nm || !push_interval(&c->shifts, &c->nshifts, &c->cap_shifts, start, end, nm) ||
        !rebuild_calendar(c))
        return mdl__fail(m, "out of memory");
    return true;
}

bool mdl_calendar_add_break(mdl_model *m, int calendar, double start, double end) {
    if (calendar < 0 || calendar >= m->ncalendars) return mdl__fail(m, "break: no calendar with index %d", calendar);
    mdl_calendar *c = &m->calendars[calendar];
    if (!check_week_interval(m, c->id, "break", start, end)) return false;
    if (!push_interval(&c->breaks, &c->nbreaks, &c->cap_breaks, start, end, NULL) || !rebuild_calendar(c))
        return mdl__fail(m, "out of memory");
    return true;
}

bool mdl_model_set_line_calendar(mdl_model *m, int calendar) {
    if (calendar < -1 || calendar >= m->ncalendars) return mdl__fail(m, "line calendar: no calendar with index %d", calendar);
    m->line_calendar = calendar;
    return true;
}

static double week_time(const mdl_model *m, double t) {
    double x = fmod(m->run.start + t, SIM_WEEK);
    if (x < 0) x += SIM_WEEK;
    return x;
}

static bool on_at(const mdl_calendar *c, double tw) {
    for (int i = 0; i < c->non; i++)
        if (tw >= c->on[i].a && tw < c->on[i].b) return true;
    return false;
}

bool mdl_model_calendar_on(const mdl_model *m, int calendar, double t) {
    if (calendar < 0 || calendar >= m->ncalendars) return true;
    return on_at(&m->calendars[calendar], week_time(m, t));
}

double mdl_model_calendar_next(const mdl_model *m, int calendar, double t, bool *on_after) {
    bool on = mdl_model_calendar_on(m, calendar, t);
    *on_after = on;
    if (calendar < 0 || calendar >= m->ncalendars) return INFINITY;
    return mdl__calendar_next(m, calendar, t, on, on_after);
}

double mdl_model_mean_setup(const mdl_model *m, int station, int from, int to) {
    if (from < 0 || from == to || station < 0 || station >= m->nstations) return 0.0;
    const sim_dist *d = mdl__setup(m, station, from, to);
    return d ? sim_dist_mean(d) : 0.0;
}

const char *mdl_model_shift_name(const mdl_model *m, int calendar, double t) {
    if (calendar < 0 || calendar >= m->ncalendars) return NULL;
    const mdl_calendar *c = &m->calendars[calendar];
    double tw = week_time(m, t);
    if (!on_at(c, tw)) return NULL;
    for (int i = 0; i < c->nshifts; i++)
        if (tw >= c->shifts[i].a && tw < c->shifts[i].b) return c->shifts[i].name;
    return NULL;
}

double mdl__calendar_next(const mdl_model *m, int calendar, double t, bool current, bool *on_after) {
    if (calendar < 0 || calendar >= m->ncalendars) return INFINITY;
    const mdl_calendar *c = &m->calendars[calendar];
    if (c->non == 0) return INFINITY;
    /* Candidate boundaries are the interval ends of this week and the next
     * two, in absolute run time; a boundary counts only when it changes the
     * state (an interval ending at the week's end that continues at the next
     * week's start is no boundary). Computed afresh each time from the week
     * number, so no rounding error accumulates over a long run. */
    double abs0 = m->run.start + t;
    double week0 = floor(abs0 / SIM_WEEK);
    double best = INFINITY;
    bool best_on = current;
    for (int wk = -1; wk <= 2; wk++) {
        double base = (week0 + wk) * SIM_WEEK - m->run.start;
        for (int i = 0; i < c->non; i++) {
            for (int e = 0; e < 2; e++) {
                double b = e == 0 ? c->on[i].a : c->on[i].b;
                double at = base + b;
                if (!(at > t + 1e-7) || at >= best) continue;
                bool after = on_at(c, fmod(b, SIM_WEEK));
                if (after == current) continue;
                best = at;
                best_on = after;
            }
        }
    }
    *on_after = best_on;
    return best;
}

/* ---- costs, targets, run settings --------------------------------------- */

void mdl_model_set_costs(mdl_model *m, const mdl_costs *c) { m->costs = *c; }
void mdl_model_set_targets(mdl_model *m, const mdl_targets *t) { m->targets = *t; }

void mdl_model_set_investment(mdl_model *m, double capex, double years) {
    m->has_investment = true;
    m->capex = capex;
    m->years = years;
}

bool mdl_model_set_run(mdl_model *m, const mdl_run_settings *r) {
    if (!(r->horizon > 0.0) || !isfinite(r->horizon))
        return mdl__fail(m, "run: horizon: must be a duration > 0, got %g s", r->horizon);
    if (!(r->warmup >= 0.0) || !(r->warmup < r->horizon))
        return mdl__fail(m, "run: warmup: must be >= 0 and shorter than the horizon (%g s), got %g s",
                         r->horizon, r->warmup);
    if (r->replications < 1 || r->replications > 1000000)
        return mdl__fail(m, "run: replications: must be between 1 and 1000000, got %d", r->replications);
    if (!(r->start >= 0.0) || !(r->start < SIM_WEEK))
        return mdl__fail(m, "run: start: must lie within the week");
    m->run = *r;
    return true;
}

static int by_id(const void *a, const void *b) {
    return strcmp((*(const mdl_order *const *)a)->id, (*(const mdl_order *const *)b)->id);
}

/* Every order has its own id: results name orders by it (mdl_orders.h). */
static bool orders_unique(mdl_model *m) {
    if (m->norders < 2) return true;
    const mdl_order **v = malloc((size_t)m->norders * sizeof *v);
    if (!v) return mdl__fail(m, "out of memory");
    for (int i = 0; i < m->norders; i++) v[i] = &m->orders[i];
    qsort(v, (size_t)m->norders, sizeof *v, by_id);
    const char *dup = NULL;
    for (int i = 1; i < m->norders && !dup; i++)
        if (strcmp(v[i - 1]->id, v[i]->id) == 0) dup = v[i]->id;
    free(v);
    if (dup) return mdl__fail(m, "order '%s': id: two orders have this id (each order needs its own)", dup);
    return true;
}

bool mdl_model_validate(mdl_model *m) {
    if (m->nstations == 0) return mdl__fail(m, "line: stations: the line has no station");
    if (m->nproducts == 0) return mdl__fail(m, "line: products: the line has no product");
    if (m->nreleases == 0 && m->norders == 0)
        return mdl__fail(m, "line: release: nothing releases units into the line (push, conwip, unlimited or orders)");
    for (int p = 0; p < m->nproducts; p++) {
        const mdl_product *pr = &m->products[p];
        for (int i = 0; i < pr->nsteps; i++)
            if (!mdl__cycle(m, p, pr->route[i]) && !mdl__visit_cycle(m, p, i))
                return mdl__fail(m, "product '%s': cycle: station '%s' has no cycle time for it "
                                    "(give the station a cycle or the product an override)",
                                 pr->id, m->stations[pr->route[i]].id);
    }
    if (!orders_unique(m)) return false;
    if (m->routing && !mdl__routing_validate(m)) return false; /* families, flexible steps, kanban */
    const double c[] = {m->costs.energy_per_kwh, m->costs.labor_per_hour, m->costs.material_per_unit,
                        m->costs.scrap_per_unit, m->costs.overhead_per_hour, m->costs.repair_per_hour};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        if (!(c[i] >= 0.0) || !isfinite(c[i])) return mdl__fail(m, "costs: every cost must be a number >= 0");
    if (m->has_investment && (!(m->capex >= 0) || !isfinite(m->capex) || !(m->years > 0) || !isfinite(m->years)))
        return mdl__fail(m, "investment: capex must be >= 0 and years > 0");
    if (m->transport && !mdl__transport_model_validate(m)) return false; /* material handling */
    if (m->people && !mdl__people_model_validate(m)) return false;       /* people */
    if (!mdl__batching_validate(m)) return false; /* process batches (mdl_batching.c) */
    for (int p = 0; p < m->nproducts; p++) /* bills of materials (mdl_assembly.c) */
        if (mdl_model_bom_count(m, p) && !mdl_model_check_bom(m, p)) return false;
    for (int p = 0; p < m->nproducts; p++) /* disassembly and lot splitting (mdl_disassembly.c) */
        if (mdl_model_parts_count(m, p) && !mdl_model_check_parts(m, p)) return false;
    return mdl_model_set_run(m, &m->run);
}

/* ---- read-only accessors ------------------------------------------------ */

int mdl_model_station_count(const mdl_model *m) { return m->nstations; }
int mdl_model_product_count(const mdl_model *m) { return m->nproducts; }
int mdl_model_release_count(const mdl_model *m) { return m->nreleases; }
int mdl_model_order_count(const mdl_model *m) { return m->norders; }
const char *mdl_model_order_id(const mdl_model *m, int order) {
    return order >= 0 && order < m->norders ? m->orders[order].id : NULL;
}
bool mdl_model_order_info(const mdl_model *m, int order, int *product, long *quantity, double *release,
                          double *due) {
    if (order < 0 || order >= m->norders) return false;
    const mdl_order *o = &m->orders[order];
    *product = o->product;
    *quantity = o->quantity;
    *release = o->release;
    *due = o->due;
    return true;
}
int mdl_model_calendar_count(const mdl_model *m) { return m->ncalendars; }
int mdl_model_line_calendar(const mdl_model *m) { return m->line_calendar; }

const char *mdl_model_calendar_id(const mdl_model *m, int calendar) {
    return calendar >= 0 && calendar < m->ncalendars ? m->calendars[calendar].id : NULL;
}

const mdl_station_spec *mdl_model_station(const mdl_model *m, int station) {
    return station >= 0 && station < m->nstations ? &m->stations[station] : NULL;
}

const char *mdl_model_product_id(const mdl_model *m, int product) {
    return product >= 0 && product < m->nproducts ? m->products[product].id : NULL;
}

int mdl_model_route_length(const mdl_model *m, int product) {
    return product >= 0 && product < m->nproducts ? m->products[product].nsteps : 0;
}

int mdl_model_route_station(const mdl_model *m, int product, int step) {
    if (product < 0 || product >= m->nproducts) return -1;
    const mdl_product *p = &m->products[product];
    return step >= 0 && step < p->nsteps ? p->route[step] : -1;
}

const mdl_costs *mdl_model_costs(const mdl_model *m) { return &m->costs; }
const mdl_targets *mdl_model_targets(const mdl_model *m) { return &m->targets; }
const mdl_run_settings *mdl_model_run(const mdl_model *m) { return &m->run; }

bool mdl_model_investment(const mdl_model *m, double *capex, double *years) {
    if (!m->has_investment) return false;
    if (capex) *capex = m->capex;
    if (years) *years = m->years;
    return true;
}
