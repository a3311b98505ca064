/*
 * mdl_conveyor_net_model.c - adding and checking merges and diverters
 * (mdl_conveyor_net.h). The run side is mdl_conveyor_net.c.
 *
 * Each belt knows the junction at its end and the junction that feeds it
 * (tr_netmodel.end_of / fed_by: 0 none, j + 1 merge j, -(d + 1) diverter
 * d), so the run and the reachability check never scan the junctions.
 */
#include <stdlib.h>
#include <string.h>

#include "mdl_conveyor_net.h"
#include "mdl_internal.h"
#include "mdl_conveyor_net_internal.h"
#include "mdl_transport_build.h"

static const tr_kind MERGES = TR_KIND(struct tr_netmodel, merges, nmerges, cap_merges, merge_ids,
                                      mdl_merge_spec);
static const tr_kind DIVERTERS = TR_KIND(struct tr_netmodel, divs, ndivs, cap_divs, div_ids,
                                         mdl_diverter_spec);

static struct tr_netmodel *net_mut(mdl_model *m) {
    struct tr_model *tm = mdl__transport_model_mut(m);
    if (!tm) return NULL;
    if (!tm->net) tm->net = calloc(1, sizeof *tm->net);
    return tm->net;
}

void tr_net_model_free(struct tr_model *tm) {
    struct tr_netmodel *n = tm->net;
    if (!n) return;
    tr_kind_free(n, &MERGES);
    tr_kind_free(n, &DIVERTERS);
    free(n->end_of);
    free(n->fed_by);
    free(n);
}

/* end_of and fed_by cover every conveyor; false when out of memory. */
static bool ends_room(struct tr_netmodel *n, int nconvs) {
    if (n->nends >= nconvs) return true;
    int *e = realloc(n->end_of, (size_t)nconvs * sizeof *e);
    if (e) n->end_of = e;
    int *f = e ? realloc(n->fed_by, (size_t)nconvs * sizeof *f) : NULL;
    if (!f) return false;
    n->fed_by = f;
    for (int i = n->nends; i < nconvs; i++) n->end_of[i] = n->fed_by[i] = 0;
    n->nends = nconvs;
    return true;
}

static const char *conv_id(const mdl_model *m, int c) { return mdl_model_conveyor(m, c)->id; }

/* A conveyor index of the model, not already taken at that end. */
static bool check_belt(mdl_model *m, const struct tr_netmodel *n, const char *what, const char *id, const char *key,
                       int c, bool as_input) {
    if (c < 0 || c >= mdl_model_conveyor_count(m))
        return mdl__fail(m, "%s '%s': %s: no conveyor with index %d", what, id, key, c);
    int taken = c < n->nends ? (as_input ? n->end_of[c] : n->fed_by[c]) : 0;
    if (taken != 0)
        return mdl__fail(m, "%s '%s': %s: conveyor '%s' already %s %s '%s' (a belt %s one junction)", what, id,
                         key, conv_id(m, c), as_input ? "ends at" : "is fed by", taken > 0 ? "merge" : "diverter",
                         taken > 0 ? n->merges[taken - 1].id : n->divs[-taken - 1].id,
                         as_input ? "ends at most at" : "is fed by at most");
    return true;
}

/* The network for a new merge or diverter `id`: room for the ends of
 * every belt, and the id new among merges and diverters. NULL after
 * mdl__fail. */
static struct tr_netmodel *net_for(mdl_model *m, const char *what, const char *id) {
    struct tr_netmodel *n = net_mut(m);
    if (!n || !ends_room(n, mdl_model_conveyor_count(m))) return mdl__fail(m, "out of memory"), NULL;
    if (!id || !*id) return mdl__fail(m, "%s: id: must be a non-empty name", what), NULL;
    if (tr_kind_find(n, &MERGES, id) >= 0 || tr_kind_find(n, &DIVERTERS, id) >= 0)
        return mdl__fail(m, "%s '%s': id: another merge or diverter already has this id", what, id), NULL;
    return n;
}

int mdl_model_add_merge(mdl_model *m, const mdl_merge_spec *s) {
    struct tr_netmodel *n = net_for(m, "merge", s ? s->id : NULL);
    if (!n) return -1;
    const char *id = s->id;
    if (s->ninputs < 2 || !s->inputs)
        return mdl__fail(m, "merge '%s': inputs: a merge joins two or more belts, got %d", id, s->ninputs), -1;
    if ((unsigned)s->rule >= MDL_MERGE_RULE_COUNT) return mdl__fail(m, "merge '%s': rule: unknown rule", id), -1;
    if (!check_belt(m, n, "merge", id, "output", s->output, false)) return -1;
    for (int i = 0; i < s->ninputs; i++) {
        if (!check_belt(m, n, "merge", id, "inputs", s->inputs[i], true)) return -1;
        if (s->inputs[i] == s->output)
            return mdl__fail(m, "merge '%s': inputs: conveyor '%s' is also the output", id, conv_id(m, s->output)), -1;
        for (int k = 0; k < i; k++)
            if (s->inputs[k] == s->inputs[i])
                return mdl__fail(m, "merge '%s': inputs: conveyor '%s' is named twice", id,
                                 conv_id(m, s->inputs[i])), -1;
    }
    int *in = mdl__alloc(m, (size_t)s->ninputs * sizeof *in);
    if (!in) return mdl__fail(m, "out of memory"), -1;
    memcpy(in, s->inputs, (size_t)s->ninputs * sizeof *in);
    mdl_merge_spec c = *s;
    c.inputs = in;
    int merge = tr_kind_add(m, n, &MERGES, &c);
    if (merge < 0) return -1;
    for (int i = 0; i < s->ninputs; i++) n->end_of[s->inputs[i]] = merge + 1;
    n->fed_by[s->output] = merge + 1;
    return merge;
}

/* Output k of a diverter: what its rule needs. */
static bool check_output(mdl_model *m, const struct tr_netmodel *n, const mdl_diverter_spec *s, int k,
                         bool *through) {
    const mdl_divert_output *o = &s->outputs[k];
    const char *id = s->id;
    if (o->conveyor == s->input)
        return mdl__fail(m, "diverter '%s': outputs: output %d leads back onto its own input '%s'", id, k + 1,
                         conv_id(m, s->input));
    if (o->conveyor >= 0 && !check_belt(m, n, "diverter", id, "outputs", o->conveyor, false)) return false;
    for (int j = 0; j < k; j++)
        if (o->conveyor >= 0 && s->outputs[j].conveyor == o->conveyor)
            return mdl__fail(m, "diverter '%s': outputs: conveyor '%s' is named twice", id, conv_id(m, o->conveyor));
    if (o->station >= mdl_model_station_count(m))
        return mdl__fail(m, "diverter '%s': outputs: output %d: no station with index %d", id, k + 1, o->station);
    for (int j = 0; j < o->nproducts; j++)
        if (!o->products || o->products[j] < 0 || o->products[j] >= mdl_model_product_count(m))
            return mdl__fail(m, "diverter '%s': outputs: output %d: no product with index %d", id, k + 1,
                             o->products ? o->products[j] : -1);
    if (s->rule != MDL_DIVERT_DESTINATION && (o->conveyor < 0 || o->station >= 0))
        return mdl__fail(m, "diverter '%s': outputs: output %d: rule \"%s\" sends units onto belts: give a "
                            "conveyor and no station", id, k + 1, mdl_divert_rule_name(s->rule));
    if (s->rule != MDL_DIVERT_PRODUCT && o->nproducts > 0)
        return mdl__fail(m, "diverter '%s': outputs: output %d: products are for rule \"product\"", id, k + 1);
    if (s->rule == MDL_DIVERT_DESTINATION && o->station < 0) {
        if (o->conveyor < 0)
            return mdl__fail(m, "diverter '%s': outputs: output %d leads nowhere: give a conveyor, a station or "
                                "both", id, k + 1);
        if (*through)
            return mdl__fail(m, "diverter '%s': outputs: output %d: a second way without a station (one through "
                                "way at most)", id, k + 1);
        *through = true;
    }
    return true;
}

int mdl_model_add_diverter(mdl_model *m, const mdl_diverter_spec *s) {
    struct tr_netmodel *n = net_for(m, "diverter", s ? s->id : NULL);
    if (!n) return -1;
    const char *id = s->id;
    if ((unsigned)s->rule >= MDL_DIVERT_RULE_COUNT) return mdl__fail(m, "diverter '%s': rule: unknown rule", id), -1;
    if (!check_belt(m, n, "diverter", id, "input", s->input, true)) return -1;
    if (s->noutputs < 2 || !s->outputs)
        return mdl__fail(m, "diverter '%s': outputs: a diverter has two or more outputs, got %d", id, s->noutputs), -1;
    bool through = false;
    for (int k = 0; k < s->noutputs; k++)
        if (!check_output(m, n, s, k, &through)) return -1;
    mdl_divert_output *out = mdl__alloc(m, (size_t)s->noutputs * sizeof *out);
    if (!out) return mdl__fail(m, "out of memory"), -1;
    for (int k = 0; k < s->noutputs; k++) {
        out[k] = s->outputs[k];
        int *p = out[k].nproducts ? mdl__alloc(m, (size_t)out[k].nproducts * sizeof *p) : NULL;
        if (out[k].nproducts && !p) return mdl__fail(m, "out of memory"), -1;
        if (p) memcpy(p, s->outputs[k].products, (size_t)out[k].nproducts * sizeof *p);
        out[k].products = p;
    }
    mdl_diverter_spec c = *s;
    c.outputs = out;
    int diverter = tr_kind_add(m, n, &DIVERTERS, &c);
    if (diverter < 0) return -1;
    n->end_of[s->input] = -(diverter + 1);
    for (int k = 0; k < s->noutputs; k++)
        if (out[k].conveyor >= 0) n->fed_by[out[k].conveyor] = -(diverter + 1);
    return diverter;
}

static const struct tr_netmodel *net_of(const mdl_model *m) {
    const struct tr_model *tm = mdl__transport_model_of(m);
    return tm ? tm->net : NULL;
}

int mdl_model_merge_count(const mdl_model *m) { return tr_kind_count(net_of(m), &MERGES); }
int mdl_model_diverter_count(const mdl_model *m) { return tr_kind_count(net_of(m), &DIVERTERS); }
const mdl_merge_spec *mdl_model_merge(const mdl_model *m, int i) {
    return tr_kind_get(net_of(m), &MERGES, i);
}
const mdl_diverter_spec *mdl_model_diverter(const mdl_model *m, int i) {
    return tr_kind_get(net_of(m), &DIVERTERS, i);
}

/* The output a PRODUCT diverter gives units of product p, or -1. */
int tr_net_product_output(const mdl_diverter_spec *d, int p) {
    int fallback = -1;
    for (int k = 0; k < d->noutputs; k++) {
        const mdl_divert_output *o = &d->outputs[k];
        if (o->nproducts == 0 && fallback < 0) fallback = k;
        for (int j = 0; j < o->nproducts; j++)
            if (o->products[j] == p) return k;
    }
    return fallback;
}

/* The first output of a DESTINATION diverter leading to station `to`, and
 * its through way (-1 each when none). */
void tr_net_destination_outputs(const mdl_diverter_spec *d, int to, int *match, int *through) {
    *match = *through = -1;
    for (int k = 0; k < d->noutputs; k++) {
        if (d->outputs[k].station == to && *match < 0) *match = k;
        if (d->outputs[k].station < 0 && *through < 0) *through = k;
    }
}

typedef struct reach_ctx {
    mdl_model *m;
    const struct tr_netmodel *n;
    int product, to;
    char *on_path; /* per conveyor */
    int depth;
} reach_ctx;

static bool reach(reach_ctx *c, int belt);

static bool reach_diverter(reach_ctx *c, const mdl_diverter_spec *d) {
    const char *pid = mdl_model_product_id(c->m, c->product), *sid = mdl_model_station(c->m, c->to)->id;
    if (d->rule == MDL_DIVERT_PRODUCT) {
        int k = tr_net_product_output(d, c->product);
        if (k < 0)
            return mdl__fail(c->m, "diverter '%s': outputs: no output takes product '%s' (add its id to an "
                                   "output's products, or an output without products)", d->id, pid);
        return reach(c, d->outputs[k].conveyor);
    }
    if (d->rule == MDL_DIVERT_SHORTEST) {
        for (int k = 0; k < d->noutputs; k++)
            if (!reach(c, d->outputs[k].conveyor)) return false;
        return true;
    }
    int match, through;
    tr_net_destination_outputs(d, c->to, &match, &through);
    if (match >= 0 && (d->outputs[match].conveyor < 0 || reach(c, d->outputs[match].conveyor))) return true;
    if (through >= 0) return reach(c, d->outputs[through].conveyor);
    return match >= 0 ? false
                      : mdl__fail(c->m, "diverter '%s': outputs: units of '%s' bound for station '%s' have no way "
                                        "out (no output to '%s' and no through way)", d->id, pid, sid, sid);
}

static bool reach(reach_ctx *c, int belt) {
    int j = belt < c->n->nends ? c->n->end_of[belt] : 0;
    if (j == 0) return true; /* a plain end delivers into the unit's next station */
    if (c->on_path[belt] || ++c->depth > 100000) {
        return mdl__fail(c->m, "conveyor '%s': units of '%s' bound for station '%s' go round a loop that never "
                               "leads there (check the diverters' outputs)", conv_id(c->m, belt),
                         mdl_model_product_id(c->m, c->product), mdl_model_station(c->m, c->to)->id);
    }
    c->on_path[belt] = 1;
    bool ok = j > 0 ? reach(c, c->n->merges[j - 1].output) : reach_diverter(c, &c->n->divs[-j - 1]);
    c->on_path[belt] = 0;
    return ok;
}

bool mdl_model_conveyor_reaches(mdl_model *m, int product, int conveyor, int to) {
    const struct tr_netmodel *n = net_of(m);
    if (!n || conveyor < 0 || conveyor >= n->nends || product < 0 || product >= mdl_model_product_count(m) ||
        to < 0 || to >= mdl_model_station_count(m))
        return true;
    reach_ctx c = {m, n, product, to, calloc((size_t)n->nends, 1), 0};
    if (!c.on_path) return mdl__fail(m, "out of memory");
    bool ok = reach(&c, conveyor);
    free(c.on_path);
    return ok;
}

bool tr_net_plain_end(const mdl_model *m, int belt) {
    const struct tr_netmodel *n = net_of(m);
    return !n || belt < 0 || belt >= n->nends || n->end_of[belt] == 0;
}

/* Every route step that leaves on a belt reaches its next station. */
bool tr_net_model_validate(mdl_model *m) {
    const struct tr_model *tm = mdl__transport_model_of(m);
    if (!tm || !tm->net) return true;
    for (int i = 0; i < tm->nsteps; i++) {
        const tr_step *s = &tm->steps[i];
        if (s->kind != MDL_TRANSPORT_CONVEYOR) continue;
        int len = mdl_model_route_length(m, s->product);
        for (int k = 0; k + 1 < len; k++)
            if (mdl_model_route_station(m, s->product, k) == s->station &&
                !mdl_model_conveyor_reaches(m, s->product, s->which, mdl_model_route_station(m, s->product, k + 1)))
                return false;
    }
    return true;
}

MDL_NAMES(mdl_merge_rule_name, mdl_merge_rule, MDL_MERGE_RULE_COUNT, "alternate", "priority");
MDL_NAMES(mdl_divert_rule_name, mdl_divert_rule, MDL_DIVERT_RULE_COUNT, "product", "destination",
          "shortest_queue");
