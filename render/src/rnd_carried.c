/*
 * rnd_carried.c - units riding a vehicle or a belt, for picking: the one
 * under a point (a click opens its card, as for a unit at a station) and
 * where one is drawn now (the card's anchor, the search's centring). The
 * places are the drawing's own (rnd__cargo_spots, rnd__belt_unit_place),
 * so what is clicked is what is seen.
 */
#include <math.h>
#include <stdio.h>

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
    /* Vehicles are drawn above the belts: their load first. */
    if (each_on_vehicles(x, pn, hit, &c) || each_on_belts(x, pn, hit, &c)) {
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
    if (each_on_vehicles(x, pn, found, &c) || each_on_belts(x, pn, found, &c)) {
        *cx = c.x;
        *cy = c.y;
        return true;
    }
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
    return false;
}
