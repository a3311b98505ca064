/*
 * mdl_run_records.c - the run's record stream (mdl_record, mdl_run.h): the
 * one place where the MES events of a run leave it. The event paths test
 * one flag (r->logging, see logev and LOGX in mdl_run_internal.h) and call
 * here only when someone listens; a run without a listener takes its lean
 * path and never reaches this file.
 */
#include "mdl_run_internal.h"

void mdl__run_log_emit(mdl_run *r, mdl_log_kind k, int si, int svi, uint32_t u, int from, int to, long detail,
                       mdl_resource_kind rk, int res) {
    mdl_record rec = {.time = NOW(r), .kind = k, .unit = 0, .product = -1, .order = -1, .station = si,
                      .server = svi, .resource_kind = rk, .resource = res, .from = from, .to = to,
                      .detail = detail};
    if (u != NO_UNIT) {
        const unit *x = &r->units[u];
        rec.unit = x->serial;
        rec.product = x->product;
        rec.order = x->order;
    }
    if (r->plan) mdl__plan_record(r, k, si, u);
    if (r->rec) r->rec(r->rec_ctx, &rec);
    if (r->log) r->log(r->log_ctx, rec.time, k, si, rec.unit);
}

/* An "assembled" record: unit ui (the assembly) took component unit part. */
void mdl__run_log_part(mdl_run *r, mdl_log_kind k, int si, int svi, uint32_t ui, uint32_t part) {
    mdl_record rec = {.time = NOW(r), .kind = k, .unit = r->units[ui].serial, .product = r->units[ui].product,
                      .order = r->units[ui].order, .station = si, .server = svi, .resource_kind = MDL_RES_NONE,
                      .resource = -1, .from = -1, .to = -1, .detail = 0, .part = r->units[part].serial,
                      .part_product = r->units[part].product};
    if (r->rec) r->rec(r->rec_ctx, &rec);
    if (r->log) r->log(r->log_ctx, rec.time, k, si, rec.unit);
}

void mdl__run_log_order(mdl_run *r, int oi, int first_station) {
    const mdl_order *o = &r->m->orders[oi];
    mdl_record rec = {.time = NOW(r), .kind = MDL_LOG_ORDER_RELEASE, .unit = 0, .product = o->product, .order = oi,
                      .station = first_station, .server = -1, .resource_kind = MDL_RES_NONE, .resource = -1,
                      .from = -1, .to = -1, .detail = o->quantity};
    if (r->rec) r->rec(r->rec_ctx, &rec);
    if (r->log) r->log(r->log_ctx, rec.time, rec.kind, rec.station, 0);
}

void mdl__run_log_move(mdl_run *r, uint32_t ui, mdl_resource_kind rk, int resource, int from, int to) {
    LOGX(r, MDL_LOG_MOVE, -1, -1, ui, from, to, 0, rk, resource);
}

void mdl__run_log_safety(mdl_run *r, int vehicle, int other) {
    LOGX(r, MDL_LOG_SAFETY, -1, -1, NO_UNIT, -1, -1, other, MDL_RES_VEHICLE, vehicle);
}

void mdl__run_log_resource(mdl_run *r, mdl_log_kind k, mdl_resource_kind rk, int resource) {
    LOGX(r, k, -1, -1, NO_UNIT, -1, -1, 0, rk, resource);
}

void mdl__run_log_crane(mdl_run *r, mdl_log_kind k, int asrs, int aisle) {
    LOGX(r, k, -1, -1, NO_UNIT, -1, -1, aisle + 1, MDL_RES_CRANE, asrs); /* (the aisle from 1: the detail) */
}

void mdl_run_set_records(mdl_run *r, mdl_record_fn *fn, void *ctx) {
    r->rec = fn;
    r->rec_ctx = ctx;
    run_update_lean(r);
}
