/*
 * rnd_carried.c - units held by material handling, for picking: riding a
 * vehicle or a belt, waiting on a station's out-point tray or at a
 * receiving dock, on an AS/RS's input or output point or on a crane. The one under a point (a click opens its
 * card, as for a unit at a station), where one is drawn now (the card's
 * anchor, the search's centring) and where the card says it is. The
 * places are the drawing's own (rnd__cargo_spots, rnd__belt_unit_place,
 * rnd__tray_spots, rnd__asrs_tray_spots, rnd__dock_unit_spots,
 * rnd__crane_unit_spot), so what is
 * clicked is what is seen.
 */
#include <math.h>
#include <stdio.h>

#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "mdl_transport.h"
#include "rnd_internal.h"

/* Visits every riding unit drawn in a pane: fn(ctx, serial, x, y, half)
 * returns true to stop; true when it stopped. */
typedef bool carried_fn(void *ctx, uint64_t serial, float x, float y, float half);

static bool each_on_vehicles(const rnd_xform *x, const rnd_pane *pn, carried_fn *fn, void *ctx) {
    const mdl_model *m = pn->model;
    for (int fl = 0; fl < mdl_model_fleet_count(m); fl++) {
        float len, wid;
        rnd__vehicle_size(x, m, fl, &len, &wid);
        const mdl_fleet_spec *fs = mdl_model_fleet(m, fl);
        for (int i = 0; i < mdl_run_vehicle_count(pn->run, fl); i++) {
            mdl_vehicle_view vv;
            float cx[4], cy[4], bs;
            int n = mdl_run_vehicle(pn->run, fl, i, &vv) ? rnd__cargo_spots(x, fs, &vv, len, wid, cx, cy, &bs) : 0;
            for (int k = 0; k < n; k++) {
                mdl_unit_view u;
                if (mdl_run_vehicle_unit(pn->run, fl, i, k, &u) && fn(ctx, u.serial, cx[k], cy[k], bs * 0.5f + 1.0f))
                    return true;
            }
        }
    }
    return false;
}

static bool each_on_belts(const rnd_xform *x, const rnd_pane *pn, carried_fn *fn, void *ctx) {
    const mdl_model *m = pn->model;
    for (int c = 0; c < mdl_model_conveyor_count(m); c++) {
        double wx0, wy0, wx1, wy1;
        if (!rnd__conveyor_ends(m, c, &wx0, &wy0, &wx1, &wy1))
            continue;
        float x0 = rnd__sx(x, wx0), y0 = rnd__sy(x, wy0), x1 = rnd__sx(x, wx1), y1 = rnd__sy(x, wy1);
        float len = hypotf(x1 - x0, y1 - y0);
        if (len < 2.0f)
            continue;
        float ux = (x1 - x0) / len, uy = (y1 - y0) / len;
        size_t n = mdl_run_conveyor_len(pn->run, c);
        for (size_t i = 0; i < n; i++) {
            double s;
            mdl_unit_view u;
            if (!mdl_run_conveyor_unit(pn->run, c, i, &s, NULL, NULL, &u))
                break;
            float along, us;
            rnd__belt_unit_place(x, mdl_model_conveyor(m, c), len, s, &along, &us);
            if (fn(ctx, u.serial, x0 + ux * along, y0 + uy * along, us * 0.5f + 1.0f))
                return true;
        }
    }
    return false;
}

/* The squares of a tray of held units: fn for each known unit shown. */
static bool each_in_tray(const rnd_pane *pn, int shown, const float *cx, const float *cy, float us,
                         rnd_held_fn *unit_at, int which, carried_fn *fn, void *ctx) {
    for (int i = 0; i < shown; i++) {
        mdl_unit_view u;
        if (unit_at(pn->run, which, (size_t)i, &u) && fn(ctx, u.serial, cx[i], cy[i], us * 0.5f + 1.0f))
            return true;
    }
    return false;
}

static bool each_on_trays(const rnd_xform *x, const rnd_pane *pn, carried_fn *fn, void *ctx) {
    const mdl_model *m = pn->model;
    if (mdl_model_node_count(m) == 0)
        return false;
    for (int s = 0; s < mdl_model_station_count(m); s++) {
        size_t n = mdl_model_station_node(m, s) >= 0 ? mdl_run_outpoint_len(pn->run, s) : 0;
        SDL_FRect tray;
        float cx[3], cy[3], us;
        int shown = n > 0 ? rnd__tray_spots(x, mdl_model_station(m, s), n, &tray, cx, cy, &us) : -1;
        if (shown > 0 && each_in_tray(pn, shown, cx, cy, us, mdl_run_outpoint_unit, s, fn, ctx))
            return true;
    }
    return false;
}

static bool each_in_asrs(const rnd_xform *x, const rnd_pane *pn, carried_fn *fn, void *ctx) {
    const mdl_model *m = pn->model;
    for (int a = 0; a < mdl_model_asrs_count(m); a++) {
        const mdl_asrs_spec *s = mdl_model_asrs(m, a);
        for (int k = 0; k < s->aisles; k++) {
            mdl_crane_view cv;
            mdl_unit_view u;
            float cx, cy, us;
            if (!mdl_run_crane(pn->run, a, k, &cv) || !mdl_run_crane_unit(pn->run, a, k, &u))
                continue;
            rnd__crane_unit_spot(x, s, k, &cv, &cx, &cy, &us);
            if (fn(ctx, u.serial, cx, cy, us * 0.5f + 1.0f))
                return true;
        }
        for (int input = 0; input < 2; input++) {
            size_t n = input ? mdl_run_asrs_in_len(pn->run, a) : mdl_run_asrs_out_len(pn->run, a);
            SDL_FRect tray;
            float cx[3], cy[3], us;
            int shown = n > 0 ? rnd__asrs_tray_spots(x, s, input, n, &tray, cx, cy, &us) : -1;
            if (shown > 0 && each_in_tray(pn, shown, cx, cy, us, input ? mdl_run_asrs_in_unit : mdl_run_asrs_out_unit,
                                          a, fn, ctx))
                return true;
        }
    }
    return false;
}

static bool each_at_docks(const rnd_xform *x, const rnd_pane *pn, carried_fn *fn, void *ctx) {
    const mdl_model *m = pn->model;
    for (int d = 0; d < mdl_model_dock_count(m); d++) {
        int n = mdl_run_dock_units(pn->run, d);
        float cx[4], cy[4], us;
        int shown = n > 0 ? rnd__dock_unit_spots(x, m, d, (size_t)n, cx, cy, &us) : -1;
        if (shown > 0 && each_in_tray(pn, shown, cx, cy, us, mdl_run_dock_unit, d, fn, ctx))
            return true;
    }
    return false;
}

/* Every held unit drawn in a pane, the ones drawn on top first: on
 * vehicles, on belts, on trays, in the AS/RS, at receiving docks. */
static bool each_held(const rnd_xform *x, const rnd_pane *pn, carried_fn *fn, void *ctx) {
    return each_on_vehicles(x, pn, fn, ctx) || each_on_belts(x, pn, fn, ctx) || each_on_trays(x, pn, fn, ctx) ||
           each_in_asrs(x, pn, fn, ctx) || each_at_docks(x, pn, fn, ctx);
}

typedef struct at_ctx {
    float px, py;
    uint64_t serial;
} at_ctx;

static bool hit(void *ctx, uint64_t serial, float x, float y, float half) {
    at_ctx *c = ctx;
    half = half < 4.0f ? 4.0f : half; /* small markers stay clickable */
    if (fabsf(c->px - x) > half || fabsf(c->py - y) > half)
        return false;
    c->serial = serial;
    return true;
}

bool rnd__carried_unit_at(const rnd_xform *x, const rnd_pane *pn, float px, float py, uint64_t *unit) {
    at_ctx c = {px, py, 0};
    if (each_held(x, pn, hit, &c)) {
        *unit = c.serial;
        return true;
    }
    return false;
}

typedef struct spot_ctx {
    uint64_t serial;
    float x, y;
} spot_ctx;

static bool found(void *ctx, uint64_t serial, float x, float y, float half) {
    spot_ctx *c = ctx;
    (void)half;
    if (serial != c->serial)
        return false;
    c->x = x;
    c->y = y;
    return true;
}

bool rnd__carried_unit_spot(const rnd_xform *x, const rnd_pane *pn, uint64_t unit, float *cx, float *cy) {
    spot_ctx c = {unit, 0.0f, 0.0f};
    if (each_held(x, pn, found, &c)) {
        *cx = c.x;
        *cy = c.y;
        return true;
    }
    return false;
}

/* Is `unit` among the units held at `which` (unit_at's k-th, k = 0, 1, ...)? */
static bool held_at(const rnd_pane *pn, rnd_held_fn *unit_at, int which, uint64_t unit) {
    mdl_unit_view u;
    for (size_t i = 0; unit_at(pn->run, which, i, &u); i++)
        if (u.serial == unit)
            return true;
    return false;
}

/* "waiting for pick-up at saw", "on crane of aisle 2 of store", "on the
 * output point of store", "waiting at receiving dock in" ... */
static bool unit_held(const rnd_pane *pn, uint64_t unit, char *b, size_t n) {
    const mdl_model *m = pn->model;
    for (int s = 0; s < mdl_model_station_count(m); s++)
        if (held_at(pn, mdl_run_outpoint_unit, s, unit))
            return snprintf(b, n, "waiting for pick-up at %s", mdl_model_station(m, s)->id) >= 0;
    for (int a = 0; a < mdl_model_asrs_count(m); a++) {
        const mdl_asrs_spec *s = mdl_model_asrs(m, a);
        mdl_unit_view u;
        for (int k = 0; k < s->aisles; k++)
            if (mdl_run_crane_unit(pn->run, a, k, &u) && u.serial == unit)
                return snprintf(b, n, "on crane of aisle %d of %s", k + 1, s->id) >= 0;
        if (held_at(pn, mdl_run_asrs_out_unit, a, unit))
            return snprintf(b, n, "on the output point of %s", s->id) >= 0;
        if (held_at(pn, mdl_run_asrs_in_unit, a, unit))
            return snprintf(b, n, "on the input point of %s", s->id) >= 0;
    }
    for (int d = 0; d < mdl_model_dock_count(m); d++)
        if (held_at(pn, mdl_run_dock_unit, d, unit))
            return snprintf(b, n, "waiting at receiving dock %s", mdl_model_dock(m, d)->id) >= 0;
    return false;
}

bool rnd__unit_riding(const rnd_pane *pn, uint64_t unit, char *b, size_t n) {
    const mdl_model *m = pn->model;
    mdl_unit_view u;
    for (int c = 0; c < mdl_model_conveyor_count(m); c++)
        for (size_t i = 0; mdl_run_conveyor_unit(pn->run, c, i, NULL, NULL, NULL, &u); i++)
            if (u.serial == unit) {
                snprintf(b, n, "on belt %s", mdl_model_conveyor(m, c)->id);
                return true;
            }
    for (int fl = 0; fl < mdl_model_fleet_count(m); fl++)
        for (int i = 0; i < mdl_run_vehicle_count(pn->run, fl); i++)
            for (int k = 0; mdl_run_vehicle_unit(pn->run, fl, i, k, &u); k++)
                if (u.serial == unit) {
                    snprintf(b, n, "on %s #%d", mdl_model_fleet(m, fl)->id, i + 1);
                    return true;
                }
    return unit_held(pn, unit, b, n);
}
