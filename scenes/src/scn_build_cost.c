/*
 * scn_build_cost.c - the money side of a scene: costs, targets and investment.
 * Part of the scene builder (scn_build_internal.h).
 */
#include "scn_build_internal.h"

/* ---- costs, targets, investment -------------------------------------------- */

/* A group of numbers (costs) or relative changes (targets) read into
 * fields, one per key of table t, in the table's order. */
static void read_fields(bctx *b, scn_keyreader *r, const scn_node *g, const scn_key_table *t, double *const *fields) {
    if (scn__keys_begin(r, b->env, b->m, t, g, t->entity) > 0) b->failed = true;
    for (size_t i = 0; i < t->n; i++) {
        if (t->keys[i].type == SCN_KEY_STRING) continue;   /* costs.currency (the last key): read by the caller */
        if (t->keys[i].type == SCN_KEY_CHANGE) scn__key_change(r, t->keys[i].name, fields[i]);
        else scn__key_number(r, t->keys[i].name, fields[i]);
    }
}

void scn__build_costs(bctx *b, const scn_node *c) {
    if (!c) return;
    if (!scn__want_group(b, c, "costs", "{ energy_per_kwh = 0.2; labor_per_hour = 40.0; }")) return;
    mdl_costs k = *mdl_model_costs(b->m);
    double *const fields[] = {&k.energy_per_kwh, &k.labor_per_hour, &k.material_per_unit, &k.scrap_per_unit,
                              &k.overhead_per_hour, &k.repair_per_hour};
    scn_keyreader r;
    read_fields(b, &r, c, &scn__cost_keys, fields);
    const char *cur;
    if (scn__key_string(&r, "currency", &cur)) {
        if (strlen(cur) >= sizeof k.currency)
            scn__key_problem(&r, scn__key_node(&r, "currency"), "currency: at most 15 bytes (e.g. \"EUR\")");
        else
            snprintf(k.currency, sizeof k.currency, "%s", cur);
    }
    if (r.failed) b->failed = true;
    mdl_model_set_costs(b->m, &k);
}

void scn__build_targets(bctx *b, const scn_node *t) {
    if (!t) return;
    if (!scn__want_group(b, t, "targets", "{ productivity = \"+30%\"; }")) return;
    mdl_targets k = *mdl_model_targets(b->m);
    double *const fields[] = {&k.productivity, &k.cost_per_unit, &k.defect_rate, &k.units_per_kwh};
    scn_keyreader r;
    read_fields(b, &r, t, &scn__target_keys, fields);
    if (r.failed) b->failed = true;
    mdl_model_set_targets(b->m, &k);
}

void scn__build_investment(bctx *b, const scn_node *inv) {
    if (!inv) return;
    if (!scn__want_group(b, inv, "investment", "{ capex = 450000.0; years = 8; }")) return;
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__investment_keys, inv, "investment") > 0) b->failed = true;
    double capex = 0, years = 0;
    if (!scn__key_node(&r, "capex")) scn__key_problem(&r, inv, "missing 'capex' (the capital expense)");
    else scn__key_number(&r, "capex", &capex);
    if (!scn__key_node(&r, "years")) scn__key_problem(&r, inv, "missing 'years' (the write-off period)");
    else if (scn__key_number(&r, "years", &years) && years <= 0)
        scn__key_problem(&r, scn__key_node(&r, "years"), "years: must be greater than 0");
    if (r.failed) b->failed = true;
    else mdl_model_set_investment(b->m, capex, years);
}
