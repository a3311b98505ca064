/*
 * mdl_asrs_model.c - adding and checking an AS/RS (mdl_asrs.h), the
 * crane's travel time, and the names of its states and KPIs. The run side
 * is mdl_asrs.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_conveyor_net.h"
#include "mdl_internal.h"
#include "mdl_transport_internal.h"
#include "mdl_transport_build.h"

static const tr_kind ASRS = TR_KIND(struct tr_model, asrs, nasrs, cap_asrs, asrs_ids, mdl_asrs_spec);
TR_KIND_ACCESSORS(asrs, ASRS) /* mdl_model_asrs_count, mdl_model_find_asrs, mdl_model_asrs */

void mdl_asrs_spec_default(mdl_asrs_spec *s) {
    memset(s, 0, sizeof *s);
    s->aisles = 1;
    s->cell_width = 1.0;
    s->cell_height = 1.0;
    s->speed_x = 2.0;
    s->speed_y = 0.5;
    s->accel_x = INFINITY;
    s->accel_y = INFINITY;
    s->handling = sim_dist_const(0.0);
    s->dual_command = true;
    s->assign = MDL_ASRS_RANDOM;
    s->retrieve = MDL_ASRS_FIFO;
    s->node = s->feed = s->deliver = s->feed_conveyor = s->deliver_conveyor = -1;
    s->nclasses = 3;
    s->class_share[0] = 0.2;
    s->class_share[1] = 0.3;
    s->class_share[2] = 0.5;
}

/* One axis from rest to rest: trapezoidal, or triangular when d < v^2 / a. */
static double axis_time(double d, double v, double a) {
    if (!(d > 0.0)) return 0.0;
    if (!isfinite(a)) return d / v;
    return d >= v * v / a ? d / v + v / a : 2.0 * sqrt(d / a);
}

double mdl_asrs_travel_time(const mdl_asrs_spec *s, double dx, double dy) {
    double tx = axis_time(dx, s->speed_x, s->accel_x), ty = axis_time(dy, s->speed_y, s->accel_y);
    return tx > ty ? tx : ty;
}

static bool pos_or_inf(double v) { return v > 0.0 && !isnan(v); }

/* Each value in turn: every problem is reported (mdl__collect). */
static bool check_motion(mdl_model *m, const mdl_asrs_spec *s) {
    const char *id = s->id;
    bool ok = true;
    if (!(s->cell_width > 0.0) || !isfinite(s->cell_width) || !(s->cell_height > 0.0) || !isfinite(s->cell_height))
        ok = mdl__fail(m, "asrs '%s': cell: the cell's width and height must be > 0 m, got %g x %g", id,
                       s->cell_width, s->cell_height);
    if (!(s->speed_x > 0.0) || !isfinite(s->speed_x))
        ok = mdl__fail(m, "asrs '%s': speed_x: must be > 0 m/s, got %g", id, s->speed_x);
    if (!(s->speed_y > 0.0) || !isfinite(s->speed_y))
        ok = mdl__fail(m, "asrs '%s': speed_y: must be > 0 m/s, got %g", id, s->speed_y);
    if (!pos_or_inf(s->accel_x))
        ok = mdl__fail(m, "asrs '%s': accel_x: must be > 0 m/s^2 (a crane cannot reach its speed without "
                          "accelerating), got %g", id, s->accel_x);
    if (!pos_or_inf(s->accel_y))
        ok = mdl__fail(m, "asrs '%s': accel_y: must be > 0 m/s^2 (a crane cannot reach its speed without "
                          "accelerating), got %g", id, s->accel_y);
    return tr_check_dur(m, "asrs", id, "handling", &s->handling) && ok;
}

static bool check_rules(mdl_model *m, const mdl_asrs_spec *s) {
    const char *id = s->id;
    if ((unsigned)s->assign >= MDL_ASRS_ASSIGN_COUNT) return mdl__fail(m, "asrs '%s': assign: unknown rule", id);
    if ((unsigned)s->retrieve >= MDL_ASRS_RETRIEVE_COUNT) return mdl__fail(m, "asrs '%s': retrieve: unknown rule", id);
    if (s->assign == MDL_ASRS_CLASS) {
        if (s->nclasses < 1 || s->nclasses > MDL_ASRS_MAX_CLASSES)
            return mdl__fail(m, "asrs '%s': classes: 1 to %d classes, got %d", id, MDL_ASRS_MAX_CLASSES, s->nclasses);
        double sum = 0.0;
        for (int k = 0; k < s->nclasses; k++) {
            if (!(s->class_share[k] > 0.0) || !isfinite(s->class_share[k]))
                return mdl__fail(m, "asrs '%s': classes: every class needs a share > 0, class %d has %g", id, k + 1,
                                 s->class_share[k]);
            sum += s->class_share[k];
        }
        if (fabs(sum - 1.0) > 1e-6)
            return mdl__fail(m, "asrs '%s': classes: the shares must add up to 1, they add up to %g", id, sum);
    }
    if (s->input_capacity < 0)
        return mdl__fail(m, "asrs '%s': input_capacity: must be >= 1 unit, got %d", id, s->input_capacity);
    for (int k = 0; k < MDL_CRANE_STATE_COUNT; k++)
        if (!(s->power[k] >= 0.0) || !isfinite(s->power[k]))
            return mdl__fail(m, "asrs '%s': power: must be >= 0 kW", id);
    if (!isfinite(s->x) || !isfinite(s->y)) return mdl__fail(m, "asrs '%s': at: the position must be finite", id);
    return true;
}

/* Fleets and belts that exist, one of them a side; a fleet feeding or
 * delivering needs the I/O point's node. */
static bool check_fleets(mdl_model *m, const mdl_asrs_spec *s) {
    int nf = mdl_model_fleet_count(m);
    if (s->feed < -1 || s->feed >= nf) return mdl__fail(m, "asrs '%s': feed: no fleet with index %d", s->id, s->feed);
    if (s->deliver < -1 || s->deliver >= nf)
        return mdl__fail(m, "asrs '%s': deliver: no fleet with index %d", s->id, s->deliver);
    int nc = mdl_model_conveyor_count(m);
    if (s->feed_conveyor < -1 || s->feed_conveyor >= nc || s->deliver_conveyor < -1 || s->deliver_conveyor >= nc)
        return mdl__fail(m, "asrs '%s': %s: no conveyor with that index", s->id,
                         s->feed_conveyor < -1 || s->feed_conveyor >= nc ? "feed" : "deliver");
    if ((s->feed >= 0 && s->feed_conveyor >= 0) || (s->deliver >= 0 && s->deliver_conveyor >= 0))
        return mdl__fail(m, "asrs '%s': %s: a fleet or a conveyor, not both", s->id,
                         s->feed >= 0 && s->feed_conveyor >= 0 ? "feed" : "deliver");
    if (s->node < -1 || s->node >= mdl_model_node_count(m))
        return mdl__fail(m, "asrs '%s': node: no node with index %d", s->id, s->node);
    if ((s->feed >= 0 || s->deliver >= 0) && s->node < 0)
        return mdl__fail(m, "asrs '%s': node: fleet '%s' serves its I/O point, so it needs a node on the path network",
                         s->id, mdl_model_fleet(m, s->feed >= 0 ? s->feed : s->deliver)->id);
    return true;
}

/* Stations a fleet serves for an AS/RS need nodes: the station units leave
 * for it (feed), every next station (deliver). */
bool tr_asrs_model_validate(mdl_model *m) {
    const struct tr_model *tm = m->transport;
    for (int i = 0; i < tm->nsteps; i++) {
        const tr_step *st = &tm->steps[i];
        if (st->kind != MDL_TRANSPORT_ASRS || st->station < 0) continue;
        const mdl_asrs_spec *s = &tm->asrs[st->which];
        const mdl_product *p = &m->products[st->product];
        if (s->feed_conveyor >= 0 && !tr_net_plain_end(m, s->feed_conveyor))
            return mdl__fail(m, "asrs '%s': feed: conveyor '%s' ends at a merge or a diverter; the belt feeding an "
                                "AS/RS ends at its input point", s->id, mdl_model_conveyor(m, s->feed_conveyor)->id);
        for (int k = 0; s->deliver_conveyor >= 0 && k + 1 < p->nsteps; k++)
            if (p->route[k] == st->station &&
                !mdl_model_conveyor_reaches(m, st->product, s->deliver_conveyor, p->route[k + 1]))
                return false;
        if (s->feed >= 0 && (st->station >= tm->cap_st || tm->st_node[st->station] < 0))
            return mdl__fail(m, "station '%s': node: units of '%s' leave it for AS/RS '%s' by fleet '%s', so it needs a "
                                "node", m->stations[st->station].id, p->id, s->id, tm->fleets[s->feed].id);
        for (int k = 0; s->deliver >= 0 && k + 1 < p->nsteps; k++) {
            if (p->route[k] != st->station) continue;
            for (int j = k + 1; j < p->nsteps; j++) {
                int b = p->route[j];
                if (b >= tm->cap_st || tm->st_node[b] < 0)
                    return mdl__fail(m, "station '%s': node: units of '%s' arrive from AS/RS '%s' by fleet '%s', so it "
                                        "needs a node", m->stations[b].id, p->id, s->id, tm->fleets[s->deliver].id);
                if (!mdl__step_conditional(p, j)) break;
            }
        }
    }
    return true;
}

int mdl_model_add_asrs(mdl_model *m, const mdl_asrs_spec *s) {
    if (!mdl__new_id(m, "asrs", "AS/RS", s ? s->id : NULL, mdl_model_find_asrs)) return -1;
    const char *id = s->id;
    mdl__collect(m, true); /* every problem of the AS/RS, not only the first */
    bool ok = true;
    if (s->aisles < 1) ok = mdl__fail(m, "asrs '%s': aisles: must be >= 1, got %d", id, s->aisles);
    if (s->bays < 1 || s->levels < 1)
        ok = mdl__fail(m, "asrs '%s': %s: the racks have no locations (%d bays x %d levels); both must be >= 1",
                       id, s->bays < 1 ? "bays" : "levels", s->bays, s->levels);
    else if ((double)s->aisles * 2.0 * s->bays * s->levels > (double)MDL_ASRS_MAX_CELLS)
        ok = mdl__fail(m, "asrs '%s': bays: %d aisles x 2 faces x %d bays x %d levels is more than %ld cells", id,
                       s->aisles, s->bays, s->levels, MDL_ASRS_MAX_CELLS);
    ok = check_motion(m, s) && ok;
    ok = check_rules(m, s) && ok;
    ok = check_fleets(m, s) && ok;
    mdl__collect(m, false);
    if (!ok) return -1;
    mdl_asrs_spec c = *s;
    if (!tr_maint_take(m, "asrs", id, &c.maint)) return -1;
    if (c.input_capacity == 0) c.input_capacity = c.aisles;
    return tr_kind_add(m, mdl__transport_model_mut(m), &ASRS, &c);
}

/* `check`: an AS/RS with a node that no fleet serves (its node is not used). */
void tr_asrs_layout_check(const mdl_model *m, tr_layout_report_fn *fn, void *c) {
    const struct tr_model *tm = m->transport;
    for (int i = 0; tm && i < tm->nasrs; i++) {
        const mdl_asrs_spec *s = &tm->asrs[i];
        if (s->node < 0 || s->feed >= 0 || s->deliver >= 0) continue;
        char subject[160], message[320];
        snprintf(subject, sizeof subject, "asrs '%s'", s->id);
        snprintf(message, sizeof message, "layout: its node '%s' is not used: no fleet serves the AS/RS (feed and "
                 "deliver are direct or belts)", tm->nodes[s->node].id);
        fn(c, s->source_line, subject, message);
    }
}

void tr_asrs_model_free(struct tr_model *tm) {
    tr_asrs_ends_model_free(tm);
    tr_kind_free(tm, &ASRS);
}

/* ---- names (public contract: extend, never rename) ------------------------------- */

MDL_NAMES(mdl_asrs_assign_name, mdl_asrs_assign, MDL_ASRS_ASSIGN_COUNT, "random", "closest", "class");
MDL_NAMES(mdl_asrs_retrieve_name, mdl_asrs_retrieve, MDL_ASRS_RETRIEVE_COUNT, "fifo", "order");
MDL_NAMES(mdl_crane_state_name, mdl_crane_state, MDL_CRANE_STATE_COUNT, "moving", "handling", "idle", "off",
          "down", "maintenance");

const char *const mdl__wkpi_names[MDL_WKPI_COUNT][2] = {
    {"utilization", "Crane utilisation (moving + handling)"},
    {"cycles_per_h", "Crane cycles per hour"},
    {"cycle_s", "Mean cycle time [s]"},
    {"single_cycle_s", "Mean single-command cycle [s]"},
    {"dual_cycle_s", "Mean dual-command cycle [s]"},
    {"single_cycles", "Single-command cycles"},
    {"dual_cycles", "Dual-command cycles"},
    {"stores", "Units stored"},
    {"retrievals", "Units retrieved"},
    {"occupancy", "Occupied share of the cells"},
    {"stored", "Mean units in the racks"},
    {"retrieval_wait_s", "Retrieval wait [s]"},
    {"store_wait_s", "Wait on the input point [s]"},
    {"energy_kwh", "Energy [kWh]"},
    {"down", "Cranes broken down (share)"},
    {"maintenance", "Cranes in planned maintenance (share)"},
    {"failures", "Crane failures"},
    {"mtbf_h", "Crane MTBF [h operating]"},
    {"mttr_h", "Crane MTTR [h]"},
    {"response_s", "Crane repair response [s]"},
    {"pm", "Crane preventive maintenances"},
    {"pdm", "Crane predictive maintenances"},
    {"cbm", "Crane condition-based maintenances"},
    {"maintenance_cost", "Crane maintenance cost"},
    {"stock_fg", "Mean finished units in the racks"},
    {"stock_fg_max", "Most finished units in the racks"},
    {"shipped", "Finished units retrieved for shipping"},
};
