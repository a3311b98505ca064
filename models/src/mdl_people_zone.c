/*
 * mdl_people_zone.c - safety zones (rectangles of the floor shared by people
 * with robots or AGV paths, given in the scene) and the time people spend
 * inside them: the safety exposure of mdl_people.h.
 *
 * Where a person is follows the people model exactly: standing at the
 * centre (`at`) of the station of the last task while on shift (working,
 * idle or waiting there), walking on the straight line between two
 * centres at the pool's walk_speed from the moment the walk starts (a
 * person whose walk is shorter than the walk of the task's slowest
 * colleague stands at the task until the others come), and nowhere while
 * off shift or before the first task (the first walk is free). The time a
 * person is inside at least one zone is charged whenever the person's
 * state or place changes (pp__zone_charge, called by mdl_people.c before
 * it changes them), so the cost is one flag test without zones.
 *
 * Exposure is time inside the union of the zones (a person inside two
 * overlapping zones counts once). People are not bodies of the physics
 * mode: there are no person contacts (docs/kpis.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_people_run.h"

/* ---- the model's zones ---- */

int mdl_model_add_zone(mdl_model *m, const mdl_zone_spec *z) {
    if (!z || !z->id || !z->id[0]) return mdl__fail(m, "zone: id: must be a non-empty name"), -1;
    if (!isfinite(z->x0) || !isfinite(z->y0) || !isfinite(z->x1) || !isfinite(z->y1))
        return mdl__fail(m, "zone '%s': corners must be finite", z->id), -1;
    if (z->x0 == z->x1 || z->y0 == z->y1)
        return mdl__fail(m, "zone '%s': the rectangle is empty (from and to must differ in x and in y)", z->id), -1;
    if (mdl_model_zone_count(m) >= MDL_MAX_ZONES)
        return mdl__fail(m, "zone '%s': at most %d zones", z->id, MDL_MAX_ZONES), -1;
    for (int i = 0; i < mdl_model_zone_count(m); i++)
        if (strcmp(mdl_model_zone(m, i)->id, z->id) == 0)
            return mdl__fail(m, "zone '%s': id: another zone has this id", z->id), -1;
    pp_model *pm = mdl__people_of(m);
    if (!pm || !mdl__arena_grow(m, (void **)&pm->zones, &pm->cap_zones, pm->nzones, sizeof *pm->zones))
        return mdl__fail(m, "out of memory"), -1;
    mdl_zone_spec *o = &pm->zones[pm->nzones];
    *o = *z;
    o->id = mdl__strdup(m, z->id);
    if (!o->id) return mdl__fail(m, "out of memory"), -1;
    o->x0 = fmin(z->x0, z->x1);
    o->x1 = fmax(z->x0, z->x1);
    o->y0 = fmin(z->y0, z->y1);
    o->y1 = fmax(z->y0, z->y1);
    return pm->nzones++;
}

int mdl_model_zone_count(const mdl_model *m) { return m->people ? m->people->nzones : 0; }

const mdl_zone_spec *mdl_model_zone(const mdl_model *m, int i) {
    return m->people && i >= 0 && i < m->people->nzones ? &m->people->zones[i] : NULL;
}

/* ---- geometry ---- */

static bool inside(const mdl_zone_spec *z, double x, double y) {
    return x >= z->x0 && x <= z->x1 && y >= z->y0 && y <= z->y1;
}

/* The part [*a, *b] (fractions 0..1) of the segment (x, y) + u (dx, dy) inside
 * zone z (Liang-Barsky); false when none of it is. */
static bool clip(const mdl_zone_spec *z, double x, double y, double dx, double dy, double *a, double *b) {
    double p[4] = {-dx, dx, -dy, dy}, q[4] = {x - z->x0, z->x1 - x, y - z->y0, z->y1 - y};
    double lo = 0.0, hi = 1.0;
    for (int k = 0; k < 4; k++) {
        if (p[k] == 0.0) {
            if (q[k] < 0.0) return false;
            continue;
        }
        double r = q[k] / p[k];
        if (p[k] < 0.0) lo = fmax(lo, r);
        else hi = fmin(hi, r);
    }
    *a = lo;
    *b = hi;
    return lo <= hi;
}

static int by_start(const void *a, const void *b) {
    double x = ((const double *)a)[0], y = ((const double *)b)[0];
    return (x > y) - (x < y);
}

/* Length (fraction of the segment) inside the union of the zones. */
static double segment_inside(const pp_model *pm, double x, double y, double dx, double dy) {
    double iv[MDL_MAX_ZONES][2];
    int n = 0;
    for (int i = 0; i < pm->nzones; i++)
        if (clip(&pm->zones[i], x, y, dx, dy, &iv[n][0], &iv[n][1])) n++;
    if (n > 1) qsort(iv, (size_t)n, sizeof iv[0], by_start);
    double len = 0.0, end = -1.0;
    for (int i = 0; i < n; i++) {
        double a = fmax(iv[i][0], end), b = iv[i][1];
        if (b > a) len += b - a;
        if (b > end) end = b;
    }
    return len;
}

static bool point_inside(const pp_model *pm, double x, double y) {
    for (int i = 0; i < pm->nzones; i++)
        if (inside(&pm->zones[i], x, y)) return true;
    return false;
}

/* Time person p spends inside zones over [t0, t1], as it is placed now. */
static double time_inside(const pp_run *pp, const person *p, double t0, double t1) {
    if (!(t1 > t0)) return 0.0;
    const pp_model *pm = pp->pm;
    int st = p->ledger.state;
    if (st == MDL_PERSON_OFF) return 0.0;
    if (st != MDL_PERSON_WALKING) return p->loc >= 0 && point_inside(pm, pp->sxy[2 * p->loc], pp->sxy[2 * p->loc + 1])
                                             ? t1 - t0 : 0.0;
    double tx = pp->sxy[2 * p->dest], ty = pp->sxy[2 * p->dest + 1];
    double dx = tx - p->walk_x0, dy = ty - p->walk_y0, len = hypot(dx, dy);
    double v = pp->pools[p->pool].spec->walk_speed;
    double walk_end = len > 0.0 && v > 0.0 ? p->walk_t0 + len / v : p->walk_t0;
    double in = 0.0;
    /* The stretch walked in [t0, t1], then standing at the destination. */
    double a = fmax(t0, p->walk_t0), b = fmin(t1, walk_end);
    if (b > a) {
        double fa = (a - p->walk_t0) / (walk_end - p->walk_t0), fb = (b - p->walk_t0) / (walk_end - p->walk_t0);
        double frac = segment_inside(pm, p->walk_x0 + fa * dx, p->walk_y0 + fa * dy, (fb - fa) * dx, (fb - fa) * dy);
        in += frac * (b - a);
    }
    double stand = t1 - fmax(t0, walk_end);
    if (stand > 0.0 && point_inside(pm, tx, ty)) in += stand;
    return in;
}

/* ---- the run's accounting ---- */

void pp__zone_charge(pp_run *pp, person *p) {
    double now = sim_world_now(pp->w);
    p->zone_s += time_inside(pp, p, p->zone_t, now);
    p->zone_t = now;
}

double pp__zone_time(const pp_run *pp, const person *p, double now) {
    return p->zone_s + time_inside(pp, p, p->zone_t, now);
}

void pp__zone_restart(pp_run *pp, double now) {
    for (int g = 0; g < pp->nall; g++) {
        pp->ps[g].zone_s = 0.0;
        pp->ps[g].zone_t = now;
    }
}
