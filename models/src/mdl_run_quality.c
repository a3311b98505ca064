/*
 * mdl_run_quality.c - what an operation's quality draw does to its unit
 * (scrap, defects, inspection, rework with its cap), moved out of
 * mdl_run_lean.c's event core; the general path only (a lean run draws no
 * quality).
 */
#include <stdint.h>

#include "mdl_run_internal.h"

static void unit_scrap(mdl_run *r, uint32_t ui, int si, int svi, mdl_scrap_reason why) {
    r->scrapped++;
    r->finished++;
    if (U(r, ui)->ever_defective) r->defect_num++;
    mdl__book_out(&r->book, U(r, ui)->order, U(r, ui)->product, MDL_BOOK_SCRAPPED, NOW(r), 0.0, U(r, ui)->due);
    LOGX(r, MDL_LOG_SCRAP, si, svi, ui, -1, -1, (long)why, MDL_RES_NONE, -1);
    mdl__line_unit_out(r, ui);
}

/* Judges a finished unit by the quality draw q: scrap, defects and
 * inspection. False when the unit left the line (scrapped here). */
bool mdl__op_judge(server *sv, double q) {
    station *s = sv->st;
    mdl_run *r = s->run;
    uint32_t ui = sv->unit;
    const mdl_station_spec *sp = s->spec;
    unit *u = U(r, ui);
    if (sp->kind == MDL_STATION_INSPECTION) {
        bool reject = u->defective ? q < sp->detect : q < sp->false_reject;
        LOGX(r, MDL_LOG_INSPECT, s->index, sv->index, ui, reject && u->defective ? (int)u->defect_from - 1 : -1, -1,
             reject, MDL_RES_NONE, -1);
        if (reject) {
            /* The operation that made the defect was not good after all:
             * it counts against its station's quality from now on. */
            if (u->defective && u->defect_from) r->st[u->defect_from - 1].defects_found++;
            /* A unit sent back max_rework times already is scrapped: with
             * defects made at every pass it would loop for ever. */
            bool capped = sp->reject == MDL_REJECT_REWORK && u->reworks >= sp->max_rework;
            if (capped) r->rework_capped++;
            if (sp->reject == MDL_REJECT_SCRAP || capped) {
                mdl__server_free(sv);
                unit_scrap(r, ui, s->index, sv->index, capped ? MDL_SCRAP_REWORK_CAP : MDL_SCRAP_REJECTED);
                mdl__station_dispatch(s);
                return false;
            }
            /* Rework: back to the last earlier step at the rework station,
             * where the defect is repaired. */
            const mdl_product *p = &r->m->products[u->product];
            int back = -1, to = mdl_model_find_station(r->m, sp->rework_to);
            for (int i = u->step - 1; i >= 0; i--)
                if (p->route[i] == to && (!p->when || mdl__route_next(r->m, u->product, u->variant, i - 1) == i)) {
                    back = i;
                    break;
                }
            u->defective = 0;
            u->defect_from = 0;
            u->reworked = 1;
            u->reworks++;
            sv->next_step = back;
            LOGX(r, MDL_LOG_REWORK, s->index, sv->index, ui, -1, back >= 0 ? p->route[back] : -1, u->reworks,
                 MDL_RES_NONE, -1);
        } else {
            s->good_done++;
        }
    } else if (q < sp->scrap) {
        u->ever_defective = 1;
        mdl__server_free(sv);
        unit_scrap(r, ui, s->index, sv->index, MDL_SCRAP_OPERATION);
        mdl__station_dispatch(s);
        return false;
    } else {
        if (q < sp->scrap + sp->defect) {
            if (!u->defective && s->index < UINT16_MAX) u->defect_from = (uint16_t)(s->index + 1);
            u->defective = 1;
            u->ever_defective = 1;
        }
        s->good_done++;
    }
    return true;
}

/* The unit of a complete operation is judged and handed on (op_complete,
 * and mdl__bt_resume once a batch's other units have gone). The quality
 * draw is one draw, always, so that the stream stays aligned whatever the
 * outcome. Where neither scrap, defects nor inspection can follow from the
 * draw (q < 0 is never true) the stream is never read: skipping it changes
 * no number, here or at any other station. */
void mdl__op_leave(server *sv) {
    station *s = sv->st;
    mdl_run *r = s->run;
    LOGX(r, MDL_LOG_FINISH, s->index, sv->index, sv->unit, -1, -1, 0, MDL_RES_NONE, -1);
    s->judged++;
    if (s->quality_draws) {
        if (!mdl__op_judge(sv, sim_rng_u01(&s->quality_rng))) return;
    } else {
        s->good_done++;
    }
    mdl__server_after_op(sv);
}
