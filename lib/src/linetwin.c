/*
 * linetwin.c - the embeddable interface (linetwin.h) over the scenes and
 * models libraries: what app/cmd_run.c does for `linetwin run`, without
 * the printing. Everything here is a thin wrapper; the numbers come from
 * mdl_batch_run exactly as for the command.
 */
#include "linetwin.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linetwin_version.h"
#include "mdl_batch.h"
#include "mdl_transport.h"
#include "scn_scene.h"

struct linetwin_scene {
    mdl_model *model; /* NULL when the scene is invalid */
    char *diagnostics;
};

struct linetwin_result {
    mdl_batch *batch; /* refers to the scene's model */
};

const char *linetwin_version(void) {
    return LINETWIN_VERSION;
}

/* Appends every diagnostic of d, one per line, to the heap string *text
 * (size *len); false when out of memory. */
static bool append_diags(char **text, size_t *len, const scn_diags *d) {
    for (size_t i = 0; i < scn_diags_count(d); i++) {
        const char *line = scn_diags_get(d, i);
        size_t n = strlen(line);
        char *grown = realloc(*text, *len + n + 2);
        if (!grown) return false;
        memcpy(grown + *len, line, n);
        grown[*len + n] = '\n';
        grown[*len + n + 1] = '\0';
        *text = grown;
        *len += n + 1;
    }
    return true;
}

linetwin_scene *linetwin_scene_load(const char *path, const char *const *sets, size_t nsets) {
    linetwin_scene *s = calloc(1, sizeof *s);
    scn_diags *problems = scn_diags_new();
    if (!s || !problems) goto out_of_memory;
    /* As `linetwin run` loads it (app_load_scene): without the layout
     * check, which is `linetwin check`'s and needs chipmunk. */
    s->model = scn_load_file(path, sets, nsets, problems);
    size_t len = 0;
    s->diagnostics = calloc(1, 1);
    if (!s->diagnostics || !append_diags(&s->diagnostics, &len, problems)) goto out_of_memory;
    /* scn_load_file names every problem; none named and no model means
     * memory ran out. */
    if (!s->model && len == 0) goto out_of_memory;
    scn_diags_free(problems);
    return s;
out_of_memory:
    scn_diags_free(problems);
    linetwin_scene_free(s);
    return NULL;
}

int linetwin_scene_ok(const linetwin_scene *s) {
    return s && s->model ? 1 : 0;
}

const char *linetwin_scene_diagnostics(const linetwin_scene *s) {
    return s && s->diagnostics ? s->diagnostics : "";
}

const char *linetwin_scene_name(const linetwin_scene *s) {
    return linetwin_scene_ok(s) ? mdl_model_name(s->model) : NULL;
}

int linetwin_scene_replications(const linetwin_scene *s) {
    return linetwin_scene_ok(s) ? mdl_model_run(s->model)->replications : 0;
}

uint64_t linetwin_scene_seed(const linetwin_scene *s) {
    return linetwin_scene_ok(s) ? mdl_model_run(s->model)->seed : 0;
}

void linetwin_scene_free(linetwin_scene *s) {
    if (!s) return;
    mdl_model_free(s->model);
    free(s->diagnostics);
    free(s);
}

linetwin_result *linetwin_run(const linetwin_scene *s, int replications, uint64_t seed, int threads,
                              char *err, size_t err_size) {
    if (err && err_size > 0) err[0] = '\0';
    if (!linetwin_scene_ok(s)) {
        if (err && err_size > 0) snprintf(err, err_size, "the scene is invalid (see its diagnostics)");
        return NULL;
    }
    if (replications < 1) {
        if (err && err_size > 0) snprintf(err, err_size, "replications: expected 1 or more, got %d", replications);
        return NULL;
    }
    linetwin_result *r = calloc(1, sizeof *r);
    if (!r) {
        if (err && err_size > 0) snprintf(err, err_size, "out of memory");
        return NULL;
    }
    mdl_batch_options bo;
    memset(&bo, 0, sizeof bo);
    bo.run = *mdl_model_run(s->model);
    bo.run.replications = replications;
    bo.run.seed = seed;
    bo.threads = threads < 1 ? 1 : threads;
    char why[512] = "";
    r->batch = mdl_batch_run(s->model, &bo, why, sizeof why);
    if (!r->batch) {
        if (err && err_size > 0) snprintf(err, err_size, "%s", why[0] ? why : "the run failed");
        free(r);
        return NULL;
    }
    return r;
}

int linetwin_result_replications(const linetwin_result *r) {
    return r ? mdl_batch_reps(r->batch) : 0;
}

/* "ID.KEY" after a collection's prefix: the index of the object whose id
 * is ID (-1 if none) and KEY in *key. */
static int object_index(const char *rest, int n, const char *(*id_of)(const mdl_model *, int),
                        const mdl_model *m, const char **key) {
    for (int i = 0; i < n; i++) {
        const char *id = id_of(m, i);
        size_t len = strlen(id);
        if (strncmp(rest, id, len) == 0 && rest[len] == '.') {
            *key = rest + len + 1;
            return i;
        }
    }
    return -1;
}

static const char *station_id(const mdl_model *m, int i) {
    return mdl_model_station(m, i)->id;
}
static const char *fleet_id(const mdl_model *m, int i) {
    return mdl_model_fleet(m, i)->id;
}
static const char *robot_id(const mdl_model *m, int i) {
    return mdl_model_robot(m, i)->id;
}
static const char *conveyor_id(const mdl_model *m, int i) {
    return mdl_model_conveyor(m, i)->id;
}

/* The collections whose objects' KPIs are named "PREFIX.ID.KEY" as in the
 * JSON (stations: find_kpi, with their ledger states). */
typedef struct collection {
    const char *prefix;
    int (*count)(const mdl_model *m);
    const char *(*id)(const mdl_model *m, int i);
    mdl_kpi_set kpis;
    mdl_summary (*kpi)(const mdl_batch *b, int i, int k);
} collection;
static const collection collections[] = {
    {"fleets.", mdl_model_fleet_count, fleet_id, MDL_KPIS_FLEET, mdl_batch_fleet_kpi},
    {"robots.", mdl_model_robot_count, robot_id, MDL_KPIS_ROBOT, mdl_batch_robot_kpi},
    {"conveyors.", mdl_model_conveyor_count, conveyor_id, MDL_KPIS_CONVEYOR, mdl_batch_conveyor_kpi},
};

/* The station ledger states under "states." in the JSON (app/output.c). */
static const struct {
    mdl_state state;
    mdl_skpi kpi;
} ledger[] = {
    {MDL_STATE_BUSY, MDL_SKPI_STATE_BUSY},       {MDL_STATE_SETUP, MDL_SKPI_STATE_SETUP},
    {MDL_STATE_IDLE, MDL_SKPI_STATE_IDLE},       {MDL_STATE_BLOCKED, MDL_SKPI_STATE_BLOCKED},
    {MDL_STATE_DOWN, MDL_SKPI_STATE_DOWN},       {MDL_STATE_OFF, MDL_SKPI_STATE_OFF},
    {MDL_STATE_WAIT_OPERATOR, MDL_SKPI_STATE_WAIT_OPERATOR},
};

static bool find_kpi(const mdl_batch *b, const char *name, mdl_summary *out) {
    const mdl_model *m = mdl_batch_model(b);
    const char *key = NULL;
    int i;
    for (int k = 0; k < MDL_KPI_COUNT; k++)
        if (strcmp(name, mdl_kpis_name(MDL_KPIS_LINE, k)) == 0) {
            *out = mdl_batch_kpi(b, (mdl_kpi)k);
            return true;
        }
    if (strncmp(name, "stations.", 9) == 0 &&
        (i = object_index(name + 9, mdl_model_station_count(m), station_id, m, &key)) >= 0) {
        for (size_t j = 0; j < sizeof ledger / sizeof ledger[0]; j++)
            if (strncmp(key, "states.", 7) == 0 && strcmp(key + 7, mdl_state_name(ledger[j].state)) == 0) {
                *out = mdl_batch_station_kpi(b, i, ledger[j].kpi);
                return true;
            }
        for (int k = 0; k < MDL_SKPI_COUNT; k++)
            if (strcmp(key, mdl_kpis_name(MDL_KPIS_STATION, k)) == 0) {
                *out = mdl_batch_station_kpi(b, i, (mdl_skpi)k);
                return true;
            }
        return false;
    }
    for (size_t c = 0; c < sizeof collections / sizeof collections[0]; c++) {
        const collection *co = &collections[c];
        size_t len = strlen(co->prefix);
        if (strncmp(name, co->prefix, len) != 0) continue;
        if ((i = object_index(name + len, co->count(m), co->id, m, &key)) < 0) return false;
        for (int k = 0; k < mdl_kpis_count(co->kpis); k++)
            if (strcmp(key, mdl_kpis_name(co->kpis, k)) == 0) {
                *out = co->kpi(b, i, k);
                return true;
            }
        return false;
    }
    return false;
}

int linetwin_result_kpi(const linetwin_result *r, const char *name, double *mean, double *ci95) {
    mdl_summary s;
    if (!r || !name || !find_kpi(r->batch, name, &s)) return 0;
    if (mean) *mean = s.mean;
    if (ci95) *ci95 = s.ci95;
    return 1;
}

void linetwin_result_free(linetwin_result *r) {
    if (!r) return;
    mdl_batch_free(r->batch);
    free(r);
}

void linetwin_physics_warm_up(void) {
    mdl_physics_warm_up();
}
