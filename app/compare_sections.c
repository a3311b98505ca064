/*
 * compare_sections.c - `compare`'s sections of the plant's entities, each
 * matched by id across the two scenes (the base's first, then the ones
 * only the retrofit has): stations, AS/RS, docks, conveyors, batching,
 * assembly and disassembly stations. One table of rows per kind of entity
 * drives the text table, the HTML report (both through a compare_sink)
 * and the JSON's `<kind>_diff` array (docs/cli.md, compare), with the
 * paired difference over the replications when the entity is in both
 * scenes. Also the text sink, the row maker and the paired difference
 * that the material-handling and people tables (cmd_compare.c) share.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "mdl_asrs.h"
#include "mdl_assembly.h"
#include "mdl_dock.h"
#include "mdl_transport.h"
#include "output.h"
#include "scn_scene.h"

mdl_summary compare_xdiff(const mdl_batch *base, const mdl_batch *retro, int ib, int ir, int k, compare_rep_fn *rep) {
    mdl_summary d = {NAN, NAN, NAN, NAN};
    if (ib >= 0 && ir >= 0) {
        int n = mdl_batch_reps(base) < mdl_batch_reps(retro) ? mdl_batch_reps(base) : mdl_batch_reps(retro);
        double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
        if (v) {
            for (int r = 0; r < n; r++) v[r] = rep(retro, r, ir, k) - rep(base, r, ib, k);
            d = mdl_summarize(v, (size_t)n);
            free(v);
        }
    }
    return d;
}

/* v as a share ("12.3%"; signed: "+12.3%"), or "-". */
static void format_share(double v, bool sign, char *buf, size_t size) {
    snprintf(buf, size, !isfinite(v) ? "-" : sign ? "%+.1f%%" : "%.1f%%", 100 * v);
}

/* v as a duration (an absolute value: "2m 5s"; a difference: "125s"), or "-". */
static void format_duration(double v, bool difference, char *buf, size_t size) {
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
    } else if (!difference) {
        scn_format_duration(v, buf, size);
    } else {
        output_format_value(v, buf, size);
        strncat(buf, "s", size - strlen(buf) - 1);
    }
}

/* ---- the text sink ------------------------------------------------------------ */

static void text_table(void *ctx, const char *title, const char *json, bool with_change) {
    (void)ctx, (void)json;
    printf("\n%-36s %10s %10s %11s %9s", title, "base", "retrofit", "difference", "+/-95%");
    if (with_change) printf(" %9s", "change");
    printf("\n");
}

static void text_head(void *ctx, int depth, const char *text, const char *json_id) {
    (void)ctx, (void)json_id;
    printf("%*s%s\n", 2 * depth, "", text);
}

static void text_row(void *ctx, const compare_row *r) {
    (void)ctx;
    double all[4] = {r->base, r->retro, r->diff.mean, r->diff.ci95};
    char s[4][32], label[80], rel[32];
    for (int i = 0; i < 4; i++) {
        if (r->fmt == COMPARE_SHARE) format_share(all[i], i == 2, s[i], sizeof s[i]);
        else if (r->fmt == COMPARE_DURATION) format_duration(all[i], i >= 2, s[i], sizeof s[i]);
        else if (r->fmt == COMPARE_COUNT && isfinite(all[i])) snprintf(s[i], sizeof s[i], "%.0f", all[i]);
        else output_format_value(all[i], s[i], sizeof s[i]);
    }
    snprintf(label, sizeof label, "%*s%s", 2 * r->depth, "", r->label);
    printf("  %-34s %10s %10s %11s %9s", label, s[0], s[1], s[2], s[3]);
    if (r->has_rel) {
        compare_signed_pct(r->rel, rel, sizeof rel);
        printf(" %9s", rel);
    }
    printf("\n");
}

static void text_note(void *ctx, const char *text) {
    (void)ctx;
    printf("  %s\n", text);
}

static void text_end(void *ctx) { (void)ctx; }

const compare_sink compare_text_sink = {text_table, text_head, text_row, text_note, text_end, NULL};

void compare_xrow(const compare_sink *out, const mdl_batch *base, const mdl_batch *retro, int ib, int ir, int k,
                  const char *label, const char *key, int depth, compare_fmt fmt, compare_kpi_fn *get,
                  compare_rep_fn *rep) {
    compare_row r = {label, key, fmt, depth, ib >= 0 ? get(base, ib, k).mean : NAN,
                     ir >= 0 ? get(retro, ir, k).mean : NAN, compare_xdiff(base, retro, ib, ir, k, rep), false, NAN};
    out->row(out->ctx, &r);
}

/* ---- the sections ------------------------------------------------------------ */

enum { NUM = COMPARE_NUM, SHARE = COMPARE_SHARE, DURATION = COMPARE_DURATION };

/* A row: KPI k of the section's set, its label and how it is written,
 * and which entities have it (`only`: a kind of the section's `kind`
 * words, -1: all). */
typedef struct section_row {
    int k;
    const char *label;
    int fmt;
    int only;
} section_row;

/* A setting of the scene that makes an entity one of the section's (a
 * station's batch size): its label, JSON key and value. */
typedef struct section_setting {
    const char *label, *key;
    double (*value)(const mdl_model *m, int i);
} section_setting;

/* A kind of entity: its heads, its JSON array, the model's entities of
 * the kind (`in`: those of the section, NULL: all; `kind`: the entity's
 * kind for the rows' `only`, NULL: none), its KPIs and its rows. */
typedef struct section {
    const char *title, *noun, *json;
    int (*count)(const mdl_model *m);
    int (*find)(const mdl_model *m, const char *id);
    const char *(*id)(const mdl_model *m, int i);
    bool (*in)(const mdl_model *m, int i);
    int (*kind)(const mdl_model *m, int i);
    const char *const *kinds; /* the kinds' words */
    mdl_kpi_set set;
    compare_kpi_fn *get;
    compare_rep_fn *rep;
    const section_row *rows;
    size_t nrows;
    const section_setting *setting; /* NULL: none */
    /* more rows after the section's, for the pair (NULL: none) */
    void (*more)(const compare_sink *out, jw *w, const mdl_batch *base, const mdl_batch *retro, int ib, int ir);
} section;

static bool in_section(const section *s, const mdl_model *m, int i) { return i >= 0 && (!s->in || s->in(m, i)); }

/* Entity `i` of pass 0 (base) or 1 (retrofit), if it is of the section,
 * and its index in each scene (-1: not there). An entity both scenes
 * have is one pair, matched by id, also when it is of the section on one
 * side only (a station that batches in the retrofit only): false for one
 * of the retrofit's that the base lists already. */
static bool section_pair(const section *s, const mdl_model *mb, const mdl_model *mr, int pass, int i, const char **id,
                         int *ib, int *ir) {
    const mdl_model *m = pass == 0 ? mb : mr;
    if (!in_section(s, m, i)) return false;
    *id = s->id(m, i);
    *ib = pass == 0 ? i : s->find(mb, *id);
    *ir = pass == 0 ? s->find(mr, *id) : i;
    return pass == 0 || !in_section(s, mb, *ib);
}

static bool any_in(const section *s, const mdl_model *m) {
    for (int i = 0; i < s->count(m); i++)
        if (in_section(s, m, i)) return true;
    return false;
}

/* Is row r written for the pair: for all, or either side is of its kind. */
static bool row_on(const section *s, const mdl_model *mb, const mdl_model *mr, int ib, int ir, const section_row *r) {
    if (r->only < 0) return true;
    return (ib >= 0 && s->kind(mb, ib) == r->only) || (ir >= 0 && s->kind(mr, ir) == r->only);
}

/* The entity's head: its noun, id, kind ("receiving -> shipping" when
 * the sides differ) and the side it is on when only one has it. */
static void head_text(const section *s, const mdl_model *mb, const mdl_model *mr, const char *id, int ib, int ir,
                      char *buf, size_t size) {
    char kind[80] = "";
    if (s->kind && s->kinds[ib >= 0 ? s->kind(mb, ib) : s->kind(mr, ir)]) {
        const char *kb = ib >= 0 ? s->kinds[s->kind(mb, ib)] : NULL, *kr = ir >= 0 ? s->kinds[s->kind(mr, ir)] : NULL;
        if (kb && kr && strcmp(kb, kr) != 0) snprintf(kind, sizeof kind, " (%s -> %s)", kb, kr);
        else if ((kb = kb ? kb : kr) != NULL) snprintf(kind, sizeof kind, " (%s)", kb);
    }
    snprintf(buf, size, "%s '%s'%s%s", s->noun, id, kind,
             ib < 0 ? " (retrofit only)" : ir < 0 ? " (base only)" : "");
}

/* One row for the pair (ib, ir): to the sink (w NULL), or the KPI's JSON
 * object. */
static void put_row(const compare_sink *out, jw *w, const mdl_batch *base, const mdl_batch *retro, int ib, int ir,
                    const section_row *r, int depth, mdl_kpi_set set, compare_kpi_fn *get, compare_rep_fn *rep) {
    if (!w) {
        compare_xrow(out, base, retro, ib, ir, r->k, r->label, mdl_kpis_name(set, r->k), depth, (compare_fmt)r->fmt,
                     get, rep);
        return;
    }
    jw_object_begin(w, mdl_kpis_name(set, r->k));
    jw_number(w, "base", ib >= 0 ? get(base, ib, r->k).mean : NAN);
    jw_number(w, "retrofit", ir >= 0 ? get(retro, ir, r->k).mean : NAN);
    jw_summary(w, "diff", compare_xdiff(base, retro, ib, ir, r->k, rep));
    jw_object_end(w);
}

/* The section's setting of entity ib / ir (-1: not in that scene): a row
 * with the change and no interval (a scene's value, not a measured one). */
static void put_setting(const compare_sink *out, jw *w, const section_setting *st, const mdl_model *mb,
                        const mdl_model *mr, int ib, int ir) {
    double b = ib >= 0 ? st->value(mb, ib) : NAN, r = ir >= 0 ? st->value(mr, ir) : NAN;
    if (w) {
        jw_object_begin(w, st->key);
        jw_number(w, "base", b);
        jw_number(w, "retrofit", r);
        jw_object_end(w);
        return;
    }
    compare_row row = {st->label, st->key, COMPARE_COUNT, 1, b, r, {r - b, NAN, NAN, NAN}, false, NAN};
    out->row(out->ctx, &row);
}

/* The section to the sink (w NULL) or its JSON array: each entity of
 * either scene, its head (id, kind, on one side only), its setting and
 * its rows (of the sides where it is of the section). */
static void put_section(const compare_sink *out, jw *w, const section *s, const mdl_batch *base,
                        const mdl_batch *retro) {
    const mdl_model *mb = mdl_batch_model(base), *mr = mdl_batch_model(retro);
    if (!any_in(s, mb) && !any_in(s, mr)) return;
    if (w) jw_array_begin(w, s->json);
    else out->table(out->ctx, s->title, s->json, false);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < s->count(pass == 0 ? mb : mr); i++) {
            const char *id;
            int ib, ir;
            if (!section_pair(s, mb, mr, pass, i, &id, &ib, &ir)) continue;
            int fb = in_section(s, mb, ib) ? ib : -1, fr = in_section(s, mr, ir) ? ir : -1;
            if (w) {
                jw_object_begin(w, NULL);
                jw_string(w, "id", id);
                if (s->kind && s->kinds[fb >= 0 ? s->kind(mb, fb) : s->kind(mr, fr)])
                    jw_string(w, "kind", s->kinds[fb >= 0 ? s->kind(mb, fb) : s->kind(mr, fr)]);
            } else {
                char head[300];
                head_text(s, mb, mr, id, ib, ir, head, sizeof head);
                out->head(out->ctx, 1, head, id);
            }
            if (s->setting) put_setting(out, w, s->setting, mb, mr, ib, ir);
            for (size_t k = 0; k < s->nrows; k++)
                if (row_on(s, mb, mr, fb, fr, &s->rows[k]))
                    put_row(out, w, base, retro, fb, fr, &s->rows[k], 1, s->set, s->get, s->rep);
            if (s->more) s->more(out, w, base, retro, fb, fr);
            if (w) jw_object_end(w);
        }
    if (w) jw_array_end(w);
    else out->end(out->ctx);
}

/* ---- stations: the ledger's shares, the queue and the energy ---------------- */

static double rep_station(const mdl_batch *b, int r, int i, int k) {
    const mdl_rep_result *rr = mdl_batch_rep(b, r);
    return i < rr->nstations ? rr->station[i][k] : NAN;
}
static mdl_summary station_kpi(const mdl_batch *b, int i, int k) { return mdl_batch_station_kpi(b, i, (mdl_skpi)k); }

static const section_row station_rows[] = {
    {MDL_SKPI_UTILIZATION, "utilisation", SHARE, -1},
    {MDL_SKPI_AVAILABILITY, "availability", SHARE, -1},
    {MDL_SKPI_OEE, "OEE", SHARE, -1},
    {MDL_SKPI_QUEUE_LEN, "units waiting in the buffer", NUM, -1},
    {MDL_SKPI_WAIT_S, "wait in the buffer", DURATION, -1},
    {MDL_SKPI_ENERGY_KWH, "energy [kWh]", NUM, -1},
};

/* ---- AS/RS: its cranes, and finished goods when either side stores them -- */

enum { ASRS_ANY = 0, ASRS_GOODS };
static const char *const asrs_kinds[] = {NULL, NULL};

static double rep_asrs(const mdl_batch *b, int r, int i, int k) {
    return mdl_rep_asrs_kpi(mdl_batch_rep(b, r), i, (mdl_wkpi)k);
}
static const char *asrs_id(const mdl_model *m, int i) { return mdl_model_asrs(m, i)->id; }
static int asrs_goods(const mdl_model *m, int i) { return mdl_model_asrs_stores_goods(m, i) ? ASRS_GOODS : ASRS_ANY; }

static const section_row asrs_rows[] = {
    {MDL_WKPI_UTILIZATION, "crane utilisation", SHARE, -1},
    {MDL_WKPI_CYCLES_PER_H, "cycles per hour", NUM, -1},
    {MDL_WKPI_CYCLE_S, "mean cycle time", DURATION, -1},
    {MDL_WKPI_OCCUPANCY, "occupancy", SHARE, -1},
    {MDL_WKPI_RETRIEVAL_WAIT_S, "retrieval wait", DURATION, -1},
    {MDL_WKPI_STOCK_FG, "finished goods in stock", NUM, ASRS_GOODS},
    {MDL_WKPI_STOCK_FG_MAX, "finished goods in stock, most", NUM, ASRS_GOODS},
    {MDL_WKPI_SHIPPED, "finished goods shipped", NUM, ASRS_GOODS},
};

/* ---- docks: units through both kinds; a receiving dock's wait and queue -- */

static double rep_dock(const mdl_batch *b, int r, int i, int k) {
    return mdl_rep_dock_kpi(mdl_batch_rep(b, r), i, (mdl_dkpi)k);
}
static const char *dock_id(const mdl_model *m, int i) { return mdl_model_dock(m, i)->id; }
static int dock_kind(const mdl_model *m, int i) { return (int)mdl_model_dock(m, i)->kind; }
static const char *const dock_kinds[] = {"receiving", "shipping"};

static const section_row dock_rows[] = {
    {MDL_DKPI_UNITS, "units", NUM, -1},
    {MDL_DKPI_WAIT_S, "wait at the dock", DURATION, MDL_DOCK_RECEIVING},
    {MDL_DKPI_QUEUE, "units waiting", NUM, MDL_DOCK_RECEIVING},
};

/* ---- conveyors --------------------------------------------------------------- */

static double rep_conveyor(const mdl_batch *b, int r, int i, int k) {
    return mdl_rep_conveyor_kpi(mdl_batch_rep(b, r), i, (mdl_ckpi)k);
}
static const char *conveyor_id(const mdl_model *m, int i) { return mdl_model_conveyor(m, i)->id; }

static const section_row conveyor_rows[] = {
    {MDL_CKPI_OCCUPANCY, "units on the belt", NUM, -1},
    {MDL_CKPI_STOPPED, "stopped share", SHARE, -1},
    {MDL_CKPI_UNITS, "units delivered", NUM, -1},
    {MDL_CKPI_TRANSIT_S, "transit time", DURATION, -1},
    {MDL_CKPI_ENERGY_KWH, "energy [kWh]", NUM, -1},
};

/* ---- stations that batch, assemble or take apart ----------------------------- */

static double rep_flow(const mdl_batch *b, int r, int i, int k) {
    return mdl_rep_flow_kpi(mdl_batch_rep(b, r), i, (mdl_xkpi)k);
}
static const char *station_id(const mdl_model *m, int i) { return mdl_model_station(m, i)->id; }
static bool batching(const mdl_model *m, int i) { return mdl_model_station(m, i)->batch > 1; }
static bool assembling(const mdl_model *m, int i) { return mdl_model_assembled_at(m, i) >= 0; }
static bool taking_apart(const mdl_model *m, int i) { return mdl_model_taken_apart_at(m, i) >= 0; }

/* The units a station starts at once: its `batch`, 1 when it does not batch (unset: 0). */
static double batch_size(const mdl_model *m, int i) {
    int b = mdl_model_station(m, i)->batch;
    return b > 1 ? b : 1;
}
static const section_setting batch_setting = {"batch size (scene)", "batch", batch_size};

static const section_row batching_rows[] = {
    {MDL_XKPI_BATCHES, "batches", NUM, -1},
    {MDL_XKPI_BATCH_SIZE, "mean batch size", NUM, -1},
    {MDL_XKPI_BATCHES_FULL, "batches started full", NUM, -1},
    {MDL_XKPI_BATCHES_TIMEOUT, "batches started at the timeout", NUM, -1},
    {MDL_XKPI_BATCH_WAIT_S, "wait for the batch", DURATION, -1},
};
static const section_row assembly_rows[] = {
    {MDL_XKPI_KITS, "kits assembled", NUM, -1},
};
/* An assembly's components, matched by product id (the base's BOM first,
 * then the retrofit's own): the BOM line's wait, starved share, units
 * taken and buffer, as `components` in the JSON. */
static double rep_line(const mdl_batch *b, int r, int i, int k) {
    return mdl_rep_bomline_kpi(mdl_batch_rep(b, r), i, (mdl_lkpi)k);
}

static const section_row component_rows[] = {
    {MDL_LKPI_WAIT_S, "wait in its buffer", DURATION, -1},
    {MDL_LKPI_STARVED_SHARE, "short (starved share)", SHARE, -1},
    {MDL_LKPI_TAKEN, "joined", NUM, -1},
    {MDL_LKPI_BUFFER_LEVEL, "in its buffer", NUM, -1},
};

/* The BOM line of station s's assembly (in m) whose component is `id`
 * (-1: none) and its quantity per kit (0: the BOM has no such line, NaN:
 * the station assembles nothing on this side). */
static int component_line(const mdl_model *m, int s, const char *id, double *qty) {
    int p = s >= 0 ? mdl_model_assembled_at(m, s) : -1;
    *qty = p >= 0 ? 0.0 : NAN;
    for (int k = 0; p >= 0 && k < mdl_model_bom_count(m, p); k++) {
        int c, q;
        mdl_model_bom_line(m, p, k, &c, &q);
        if (strcmp(mdl_model_product_id(m, c), id) == 0) {
            *qty = q;
            return mdl_model_bomline_index(m, p, k);
        }
    }
    return -1;
}

/* A component's quantity per kit on both sides: a setting row (JSON
 * `quantity`), so a component one bill of materials lacks shows as a
 * change (0 -> 2) of the assembly both scenes have. */
static void put_quantity(const compare_sink *out, jw *w, double qb, double qr) {
    if (w) {
        jw_object_begin(w, "quantity");
        jw_number(w, "base", qb);
        jw_number(w, "retrofit", qr);
        jw_object_end(w);
        return;
    }
    compare_row row = {"quantity per kit (scene)", "quantity", COMPARE_COUNT, 2, qb, qr, {qr - qb, NAN, NAN, NAN},
                       false, NAN};
    out->row(out->ctx, &row);
}

static void components(const compare_sink *out, jw *w, const mdl_batch *base, const mdl_batch *retro, int ib,
                       int ir) {
    const mdl_model *mb = mdl_batch_model(base), *mr = mdl_batch_model(retro);
    if (w) jw_array_begin(w, "components");
    for (int pass = 0; pass < 2; pass++) {
        const mdl_model *m = pass == 0 ? mb : mr;
        int s = pass == 0 ? ib : ir, p = s >= 0 ? mdl_model_assembled_at(m, s) : -1;
        for (int k = 0; p >= 0 && k < mdl_model_bom_count(m, p); k++) {
            int c, q;
            mdl_model_bom_line(m, p, k, &c, &q);
            const char *id = mdl_model_product_id(m, c);
            double qb, qr;
            int lb = component_line(mb, ib, id, &qb), lr = component_line(mr, ir, id, &qr);
            if (pass == 1 && lb >= 0) continue;
            if (w) {
                jw_object_begin(w, NULL);
                jw_string(w, "product", id);
            } else {
                char head[200];
                snprintf(head, sizeof head, "component '%s'", id);
                out->head(out->ctx, 2, head, id);
            }
            put_quantity(out, w, qb, qr);
            for (size_t i = 0; i < sizeof component_rows / sizeof component_rows[0]; i++)
                put_row(out, w, base, retro, lb, lr, &component_rows[i], 2, MDL_KPIS_BOM_LINE, mdl_batch_bomline_kpi,
                        rep_line);
            if (w) jw_object_end(w);
        }
    }
    if (w) jw_array_end(w);
}

static const section_row disassembly_rows[] = {
    {MDL_XKPI_TAKEN_APART, "units taken apart", NUM, -1},
    {MDL_XKPI_PARTS, "parts made", NUM, -1},
    {MDL_XKPI_PART_WAIT_S, "part wait", DURATION, -1},
};

#define ROWS(r) r, sizeof r / sizeof r[0]
#define STATIONS mdl_model_station_count, mdl_model_find_station, station_id

static const section sections[] = {
    {"Stations", "Station", "station_diff", STATIONS, NULL, NULL, NULL, MDL_KPIS_STATION, station_kpi, rep_station,
     ROWS(station_rows), NULL, NULL},
    {"AS/RS", "AS/RS", "asrs_diff", mdl_model_asrs_count, mdl_model_find_asrs, asrs_id, NULL, asrs_goods, asrs_kinds,
     MDL_KPIS_ASRS, mdl_batch_asrs_kpi, rep_asrs, ROWS(asrs_rows), NULL, NULL},
    {"Docks", "Dock", "dock_diff", mdl_model_dock_count, mdl_model_find_dock, dock_id, NULL, dock_kind, dock_kinds,
     MDL_KPIS_DOCK, mdl_batch_dock_kpi, rep_dock, ROWS(dock_rows), NULL, NULL},
    {"Conveyors", "Conveyor", "conveyor_diff", mdl_model_conveyor_count, mdl_model_find_conveyor, conveyor_id, NULL,
     NULL, NULL, MDL_KPIS_CONVEYOR, mdl_batch_conveyor_kpi, rep_conveyor, ROWS(conveyor_rows), NULL, NULL},
    {"Batching", "Station", "batching_diff", STATIONS, batching, NULL, NULL, MDL_KPIS_FLOW, mdl_batch_flow_kpi,
     rep_flow, ROWS(batching_rows), &batch_setting, NULL},
    {"Assembly", "Station", "assembly_diff", STATIONS, assembling, NULL, NULL, MDL_KPIS_FLOW, mdl_batch_flow_kpi,
     rep_flow, ROWS(assembly_rows), NULL, components},
    {"Disassembly", "Station", "disassembly_diff", STATIONS, taking_apart, NULL, NULL, MDL_KPIS_FLOW,
     mdl_batch_flow_kpi, rep_flow, ROWS(disassembly_rows), NULL, NULL},
};

void compare_put_sections(const compare_sink *out, const mdl_batch *base, const mdl_batch *retro) {
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        put_section(out, NULL, &sections[i], base, retro);
}

void compare_write_sections(jw *w, const mdl_batch *base, const mdl_batch *retro) {
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) put_section(NULL, w, &sections[i], base, retro);
}
