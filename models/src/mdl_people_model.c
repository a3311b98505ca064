/*
 * mdl_people_model.c - pools, people's skills, tasks and key stations in
 * the model (mdl_people.h); the run's side is mdl_people.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_internal.h"
#include "mdl_maint.h"
#include "mdl_people_internal.h"

/* The people part and its arrays live as long as the model: all in its
 * arena (mdl__arena_grow), nothing to free. */
pp_model *mdl__people_of(mdl_model *m) {
    if (!m->people) m->people = mdl__alloc(m, sizeof *m->people);
    return m->people;
}

/* Room for one more entry of the people part's array ARR (mdl__arena_grow). */
#define PP_GROW(m, pm, arr, n, cap) mdl__arena_grow((m), (void **)&(pm)->arr, &(pm)->cap, (pm)->n, sizeof *(pm)->arr)

static const char *const task_names[MDL_TASK_KIND_COUNT] = {"process", "setup", "load", "inspection", "repair"};
const char *mdl_task_kind_name(mdl_task_kind k) { return (unsigned)k < MDL_TASK_KIND_COUNT ? task_names[k] : "?"; }

static const char *const rule_names[MDL_PEOPLE_RULE_COUNT] = {"longest_waiting", "nearest", "priority", "bottleneck"};
const char *mdl_people_rule_name(mdl_people_rule r) {
    return (unsigned)r < MDL_PEOPLE_RULE_COUNT ? rule_names[r] : "?";
}

const char *mdl_break_policy_name(mdl_break_policy b) {
    return b == MDL_BREAK_INTERRUPT ? "interrupt" : b == MDL_BREAK_HAND_OVER ? "hand_over" : "?";
}

static const char *const person_state_names[MDL_PERSON_STATE_COUNT] = {"working", "setup", "loading", "repairing",
                                                                        "walking", "idle",  "off"};
const char *mdl_person_state_name(mdl_person_state s) {
    return (unsigned)s < MDL_PERSON_STATE_COUNT ? person_state_names[s] : "?";
}

void mdl_pool_spec_default(mdl_pool_spec *p) {
    memset(p, 0, sizeof *p);
    p->headcount = 1;
    p->calendar = -1;
    p->cost_per_hour = -1.0;
    p->efficiency = 1.0;
    p->walk_speed = 1.0;
}

int mdl_model_add_pool(mdl_model *m, const mdl_pool_spec *spec) {
    if (!spec || !spec->id || !spec->id[0]) return mdl__fail(m, "pool: id: must be a non-empty name"), -1;
    const char *id = spec->id;
    if (mdl_model_find_pool(m, id) >= 0) return mdl__fail(m, "pool '%s': id: another pool has this id", id), -1;
    if (spec->headcount < 0 || spec->headcount > 10000)
        return mdl__fail(m, "pool '%s': headcount: must be between 0 and 10000, got %d", id, spec->headcount), -1;
    if (spec->calendar < -1 || spec->calendar >= m->ncalendars)
        return mdl__fail(m, "pool '%s': calendar: no calendar %d", id, spec->calendar), -1;
    if (!(spec->efficiency > 0.0) || !isfinite(spec->efficiency) || spec->efficiency > 100.0)
        return mdl__fail(m, "pool '%s': efficiency: must be > 0 and at most 100, got %g", id, spec->efficiency), -1;
    if (!(spec->walk_speed >= 0.0) || !isfinite(spec->walk_speed))
        return mdl__fail(m, "pool '%s': walk_speed: must be >= 0 m/s, got %g", id, spec->walk_speed), -1;
    if (!isfinite(spec->cost_per_hour))
        return mdl__fail(m, "pool '%s': cost_per_hour: must be a finite amount", id), -1;
    if ((unsigned)spec->rule >= MDL_PEOPLE_RULE_COUNT || (unsigned)spec->breaks > MDL_BREAK_HAND_OVER)
        return mdl__fail(m, "pool '%s': rule or breaks: unknown", id), -1;
    if (spec->nskills < 0 || (spec->nskills > 0 && !spec->skills))
        return mdl__fail(m, "pool '%s': skills: bad list", id), -1;
    pp_model *pm = mdl__people_of(m);
    int cap = pm ? pm->cap_pools : 0; /* first_person grows with pools */
    if (!pm || !PP_GROW(m, pm, pools, npools, cap_pools) ||
        !mdl__arena_grow(m, (void **)&pm->first_person, &cap, pm->npools, sizeof *pm->first_person))
        return mdl__fail(m, "out of memory"), -1;
    mdl_pool_spec *p = &pm->pools[pm->npools];
    *p = *spec;
    p->id = mdl__strdup(m, spec->id);
    const char **sk = spec->nskills ? mdl__alloc(m, (size_t)spec->nskills * sizeof *sk) : NULL;
    if (!p->id || (spec->nskills && !sk)) return mdl__fail(m, "out of memory"), -1;
    for (int i = 0; i < spec->nskills; i++) {
        sk[i] = mdl__strdup(m, spec->skills[i]);
        if (!sk[i]) return mdl__fail(m, "out of memory"), -1;
    }
    p->skills = sk;
    pm->first_person[pm->npools] = pm->npersons;
    pm->npersons += spec->headcount;
    return pm->npools++;
}

bool mdl_model_set_person_skill(mdl_model *m, int pool, int person, const char *skill, double efficiency) {
    pp_model *pm = m->people;
    if (!pm || pool < 0 || pool >= pm->npools) return mdl__fail(m, "person: no pool %d", pool);
    const mdl_pool_spec *p = &pm->pools[pool];
    if (person < 0 || person >= p->headcount)
        return mdl__fail(m, "pool '%s': people: person %d of %d", p->id, person + 1, p->headcount);
    if (!skill || !skill[0]) return mdl__fail(m, "pool '%s': people: a skill must be a non-empty name", p->id);
    if (!(efficiency > 0.0) || efficiency > 100.0)
        return mdl__fail(m, "pool '%s': people: efficiency must be > 0 and at most 100, got %g", p->id, efficiency);
    if (!PP_GROW(m, pm, pskills, npskills, cap_pskills))
        return mdl__fail(m, "out of memory");
    pp_person_skill *s = &pm->pskills[pm->npskills];
    s->person = pm->first_person[pool] + person;
    s->skill = mdl__strdup(m, skill);
    s->efficiency = efficiency;
    if (!s->skill) return mdl__fail(m, "out of memory");
    pm->npskills++;
    return true;
}

/* Does person g (of pool `pool`) have `skill` (NULL: any)? */
static bool has_skill(const pp_model *pm, int pool, int g, const char *skill) {
    if (!skill) return true;
    bool own = false;
    for (int i = 0; i < pm->npskills; i++)
        if (pm->pskills[i].person == g) {
            own = true;
            if (strcmp(pm->pskills[i].skill, skill) == 0) return true;
        }
    if (own) return false;
    const mdl_pool_spec *p = &pm->pools[pool];
    for (int i = 0; i < p->nskills; i++)
        if (strcmp(p->skills[i], skill) == 0) return true;
    return false;
}

/* People of a pool with the skill. */
static int skilled_count(const pp_model *pm, int pool, const char *skill) {
    int n = 0;
    for (int k = 0; k < pm->pools[pool].headcount; k++)
        if (has_skill(pm, pool, pm->first_person[pool] + k, skill)) n++;
    return n;
}

int mdl_model_add_task(mdl_model *m, const mdl_task_spec *spec) {
    if (!spec || spec->station < 0 || spec->station >= m->nstations) return mdl__fail(m, "task: no station"), -1;
    const char *sid = m->stations[spec->station].id;
    const char *kind = mdl_task_kind_name(spec->kind);
    if ((unsigned)spec->kind >= MDL_TASK_KIND_COUNT) return mdl__fail(m, "station '%s': people: unknown task", sid), -1;
    if (spec->product < -1 || spec->product >= m->nproducts)
        return mdl__fail(m, "station '%s': people.%s: no product %d", sid, kind, spec->product), -1;
    pp_model *pm = mdl__people_of(m);
    if (!pm) return mdl__fail(m, "out of memory"), -1;
    if (spec->people < 0 || spec->people > 10000)
        return mdl__fail(m, "station '%s': people.%s: people must be between 0 and 10000, got %d", sid, kind,
                         spec->people), -1;
    if (spec->people > 0) {
        if (spec->pool < 0 || spec->pool >= pm->npools)
            return mdl__fail(m, "station '%s': people.%s: no pool", sid, kind), -1;
        const mdl_pool_spec *p = &pm->pools[spec->pool];
        int n = skilled_count(pm, spec->pool, spec->skill);
        if (n == 0 && spec->skill)
            return mdl__fail(m, "station '%s': people.%s: no person of pool '%s' has skill '%s'", sid, kind, p->id,
                             spec->skill), -1;
        if (n < spec->people)
            return mdl__fail(m, "station '%s': people.%s: needs %d people%s%s%s but pool '%s' has %d", sid, kind,
                             spec->people, spec->skill ? " with skill '" : "", spec->skill ? spec->skill : "",
                             spec->skill ? "'" : "", p->id, n), -1;
    }
    if (spec->kind == MDL_TASK_INSPECTION && m->stations[spec->station].kind != MDL_STATION_INSPECTION)
        return mdl__fail(m, "station '%s': people.inspection: only at inspection stations (use process)", sid), -1;
    if (spec->kind == MDL_TASK_LOAD && spec->people > 0) {
        if (!spec->has_load)
            return mdl__fail(m, "station '%s': people.load: needs the load time (time = \"1min\")", sid), -1;
        if (!sim_dist_check(&spec->load, NULL, 0) || !(sim_dist_mean(&spec->load) >= 0.0))
            return mdl__fail(m, "station '%s': people.load: time: not a valid duration law", sid), -1;
    }
    if (spec->kind == MDL_TASK_REPAIR && !m->stations[spec->station].has_failures &&
        !(m->stations[spec->station].maint && m->stations[spec->station].maint->nmodes > 0))
        return mdl__fail(m, "station '%s': people.repair: the station has no breakdowns (mtbf, mttr or failure_modes)",
                         sid), -1;
    for (int i = 0; i < pm->ntasks; i++) {
        const mdl_task_spec *t = &pm->tasks[i];
        if (t->station == spec->station && t->product == spec->product && t->kind == spec->kind)
            return mdl__fail(m, "station '%s': people.%s: given twice%s", sid, kind,
                             spec->product >= 0 ? " for this product" : ""), -1;
    }
    if (!PP_GROW(m, pm, tasks, ntasks, cap_tasks))
        return mdl__fail(m, "out of memory"), -1;
    mdl_task_spec *t = &pm->tasks[pm->ntasks];
    *t = *spec;
    if (spec->skill) {
        t->skill = mdl__strdup(m, spec->skill);
        if (!t->skill) return mdl__fail(m, "out of memory"), -1;
    }
    if (spec->people == 0) t->pool = -1;
    return pm->ntasks++;
}

bool mdl_model_set_key_station(mdl_model *m, int station, bool key) {
    if (station < 0 || station >= m->nstations) return mdl__fail(m, "key station: no station %d", station);
    pp_model *pm = mdl__people_of(m);
    if (!pm) return mdl__fail(m, "out of memory");
    for (int i = 0; i < pm->nkey; i++)
        if (pm->key_stations[i] == station) {
            if (!key) pm->key_stations[i] = pm->key_stations[--pm->nkey];
            return true;
        }
    if (!key) return true;
    if (!PP_GROW(m, pm, key_stations, nkey, cap_key))
        return mdl__fail(m, "out of memory");
    pm->key_stations[pm->nkey++] = station;
    return true;
}

int mdl_model_pool_count(const mdl_model *m) { return m->people ? m->people->npools : 0; }

int mdl_model_find_pool(const mdl_model *m, const char *id) {
    if (!m->people || !id) return -1;
    for (int i = 0; i < m->people->npools; i++)
        if (strcmp(m->people->pools[i].id, id) == 0) return i;
    return -1;
}

const mdl_pool_spec *mdl_model_pool(const mdl_model *m, int pool) {
    return m->people && pool >= 0 && pool < m->people->npools ? &m->people->pools[pool] : NULL;
}

int mdl_model_task_count(const mdl_model *m) { return m->people ? m->people->ntasks : 0; }

const mdl_task_spec *mdl_model_task(const mdl_model *m, int task) {
    return m->people && task >= 0 && task < m->people->ntasks ? &m->people->tasks[task] : NULL;
}

bool mdl_model_key_station(const mdl_model *m, int station) {
    if (!m->people) return false;
    for (int i = 0; i < m->people->nkey; i++)
        if (m->people->key_stations[i] == station) return true;
    return false;
}

int mdl_model_person_count(const mdl_model *m) { return m->people ? m->people->npersons : 0; }

int mdl_model_person_index(const mdl_model *m, int pool, int person) {
    const mdl_pool_spec *p = mdl_model_pool(m, pool);
    if (!p || person < 0 || person >= p->headcount) return -1;
    return m->people->first_person[pool] + person;
}

bool mdl_model_has_people(const mdl_model *m) {
    return m->people && (m->people->npools > 0 || m->people->nkey > 0);
}

bool mdl__people_model_validate(mdl_model *m) {
    const pp_model *pm = m->people;
    if (!pm) return true;
    /* A task of one product may say "nobody" only where a station task
     * for every product exists; a product-specific task must name a
     * product on whose route the station is. */
    for (int i = 0; i < pm->ntasks; i++) {
        const mdl_task_spec *t = &pm->tasks[i];
        if (t->product < 0) continue;
        bool visits = false;
        for (int k = 0; k < m->products[t->product].nsteps; k++)
            if (m->products[t->product].route[k] == t->station) visits = true;
        if (!visits)
            return mdl__fail(m, "station '%s': people.%s: product '%s' does not visit this station",
                             m->stations[t->station].id, mdl_task_kind_name(t->kind), m->products[t->product].id);
    }
    return true;
}

/* Is calendar c (of the run; -1 always on) ever on while calendar d is? */
static bool calendars_meet(const mdl_model *m, int c, int d) {
    if (c < 0 || d < 0) return c < 0 ? (d < 0 || m->calendars[d].non > 0) : m->calendars[c].non > 0;
    const mdl_calendar *a = &m->calendars[c], *b = &m->calendars[d];
    for (int i = 0; i < a->non; i++)
        for (int j = 0; j < b->non; j++)
            if (a->on[i].a < b->on[j].b && b->on[j].a < a->on[i].b) return true;
    return false;
}

int mdl_model_people_check(const mdl_model *m, mdl_people_warn_fn *fn, void *ctx) {
    const pp_model *pm = m->people;
    if (!pm) return 0;
    int n = 0;
    char subj[160], msg[400];
    for (int i = 0; i < pm->ntasks; i++) {
        const mdl_task_spec *t = &pm->tasks[i];
        if (t->people == 0 || t->pool < 0) continue;
        const mdl_pool_spec *p = &pm->pools[t->pool];
        const mdl_station_spec *s = &m->stations[t->station];
        int pc = p->calendar >= 0 ? p->calendar : m->line_calendar;
        int sc = s->calendar >= 0 ? s->calendar : m->line_calendar;
        if (!calendars_meet(m, pc, sc)) {
            snprintf(subj, sizeof subj, "station '%s'", s->id);
            snprintf(msg, sizeof msg,
                     "warning: people.%s: pool '%s' is never on shift while this station is: its work will wait "
                     "for ever", mdl_task_kind_name(t->kind), p->id);
            if (fn) fn(ctx, t->source_line, subj, msg);
            n++;
        }
    }
    return n;
}

/* Adds n people under shift `name` (names and counts hold *k entries). */
static void add_shift_count(const char *name, int n, const char **names, int *counts, int cap, int *k) {
    for (int i = 0; i < *k && i < cap; i++)
        if (strcmp(names[i], name) == 0) {
            counts[i] += n;
            return;
        }
    if (*k < cap) {
        names[*k] = name;
        counts[*k] = n;
    }
    (*k)++;
}

int mdl_model_headcount_by_shift(const mdl_model *m, const char **names, int *counts, int cap) {
    const pp_model *pm = m->people;
    int k = 0;
    for (int q = 0; pm && q < pm->npools; q++) {
        const mdl_pool_spec *p = &pm->pools[q];
        int c = p->calendar >= 0 ? p->calendar : m->line_calendar;
        if (c < 0 || m->calendars[c].nshifts == 0) {
            add_shift_count("all day", p->headcount, names, counts, cap, &k);
            continue;
        }
        const mdl_calendar *cal = &m->calendars[c];
        for (int i = 0; i < cal->nshifts; i++) {
            bool seen = false; /* a shift is one span per day: count its name once per pool */
            for (int j = 0; j < i && !seen; j++) seen = strcmp(cal->shifts[j].name, cal->shifts[i].name) == 0;
            if (!seen) add_shift_count(cal->shifts[i].name, p->headcount, names, counts, cap, &k);
        }
    }
    return k;
}
