/*
 * output.c - tables, JSON and CSV for run (compare uses the pieces).
 */
#include "mdl_asrs.h"
#include "mdl_dock.h"
#include "output.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "mdl_people.h"
#include "mdl_plan.h"
#include "cli.h"
#include "mdl_transport.h"
#include "scn_scene.h"
#include "sim_units.h"

/* ---- JSON -------------------------------------------------------------------- */

void json_write_string(FILE *f, const char *s) {
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    fputc('"', f);
    while (*p) {
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc((int)c, f);
            p++;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': fputs("\\n", f); break;
            case '\t': fputs("\\t", f); break;
            case '\r': fputs("\\r", f); break;
            default: fprintf(f, "\\u%04x", c); break;
            }
            p++;
        } else if (c < 0x80) {
            fputc((int)c, f);
            p++;
        } else {
            /* Copy a well-formed UTF-8 sequence, replace anything else. */
            int len = (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
            bool ok = len > 0;
            for (int k = 1; ok && k < len; k++)
                if ((p[k] & 0xC0) != 0x80) ok = false;
            if (ok && len == 3 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))) ok = false;
            if (ok && len == 4 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))) ok = false;
            if (ok) {
                fwrite(p, 1, (size_t)len, f);
                p += len;
            } else {
                fputs("\\ufffd", f);
                p++;
            }
        }
    }
    fputc('"', f);
}

void jw_init(jw *w, FILE *f) {
    memset(w, 0, sizeof *w);
    w->f = f;
    w->first[0] = true;
}

static void jw_prefix(jw *w, const char *key) {
    if (w->depth > 0) {
        if (!w->first[w->depth]) fputc(',', w->f);
        fputc('\n', w->f);
        for (int i = 0; i < w->depth; i++) fputs("  ", w->f);
    }
    w->first[w->depth] = false;
    if (key && w->depth > 0) {
        json_write_string(w->f, key);
        fputs(": ", w->f);
    }
}

static void jw_open(jw *w, const char *key, char c) {
    jw_prefix(w, key);
    fputc(c, w->f);
    if (w->depth < 63) w->depth++;
    w->first[w->depth] = true;
}

static void jw_close(jw *w, char c) {
    bool empty = w->first[w->depth];
    if (w->depth > 0) w->depth--;
    if (!empty) {
        fputc('\n', w->f);
        for (int i = 0; i < w->depth; i++) fputs("  ", w->f);
    }
    fputc(c, w->f);
    if (w->depth == 0) fputc('\n', w->f);
}

void jw_object_begin(jw *w, const char *key) { jw_open(w, key, '{'); }
void jw_object_end(jw *w) { jw_close(w, '}'); }
void jw_array_begin(jw *w, const char *key) { jw_open(w, key, '['); }
void jw_array_end(jw *w) { jw_close(w, ']'); }

void jw_number(jw *w, const char *key, double v) {
    jw_prefix(w, key);
    if (!isfinite(v)) {
        fputs("null", w->f);
        return;
    }
    if (v == 0) v = 0;  /* no "-0" */
    fprintf(w->f, "%.12g", v);
}

void jw_int(jw *w, const char *key, long long v) {
    jw_prefix(w, key);
    fprintf(w->f, "%lld", v);
}

void jw_uint(jw *w, const char *key, unsigned long long v) {
    jw_prefix(w, key);
    fprintf(w->f, "%llu", v);
}

void jw_string(jw *w, const char *key, const char *s) {
    jw_prefix(w, key);
    json_write_string(w->f, s);
}

void jw_bool(jw *w, const char *key, bool v) {
    jw_prefix(w, key);
    fputs(v ? "true" : "false", w->f);
}

void jw_null(jw *w, const char *key) {
    jw_prefix(w, key);
    fputs("null", w->f);
}

void jw_summary(jw *w, const char *key, mdl_summary s) {
    jw_object_begin(w, key);
    jw_number(w, "mean", s.mean);
    jw_number(w, "ci95", s.ci95);
    jw_number(w, "min", s.min);
    jw_number(w, "max", s.max);
    jw_object_end(w);
}

/* The ledger states of the contract (the six, then waiting for an
 * operator: mdl_people.h, and planned maintenance: mdl_maint.h), and where
 * their shares are. */
#define NLEDGER OUTPUT_NLEDGER
const mdl_state output_ledger_states[NLEDGER] = {MDL_STATE_BUSY, MDL_STATE_SETUP, MDL_STATE_IDLE,
                                                 MDL_STATE_BLOCKED, MDL_STATE_DOWN, MDL_STATE_OFF,
                                                 MDL_STATE_WAIT_OPERATOR, MDL_STATE_MAINT};
const mdl_skpi output_ledger_skpi[NLEDGER] = {MDL_SKPI_STATE_BUSY,    MDL_SKPI_STATE_SETUP, MDL_SKPI_STATE_IDLE,
                                              MDL_SKPI_STATE_BLOCKED, MDL_SKPI_STATE_DOWN,  MDL_SKPI_STATE_OFF,
                                              MDL_SKPI_STATE_WAIT_OPERATOR, MDL_SKPI_STATE_MAINT};

static bool is_state_skpi(mdl_skpi k) {
    for (int i = 0; i < NLEDGER; i++)
        if (output_ledger_skpi[i] == k) return true;
    return false;
}

/* ---- maintenance (issue 16): the station's "maintenance" block ---- */
static bool is_maint_skpi(mdl_skpi k) { return k >= MDL_SKPI_FAILURES_PER_1000H && k < MDL_SKPI_COUNT; }

static void maint_members(jw *w, const mdl_batch *b, int s) {
    jw_object_begin(w, "maintenance");
    for (int k = MDL_SKPI_FAILURES_PER_1000H; k < MDL_SKPI_COUNT; k++)
        jw_summary(w, mdl_kpis_name(MDL_KPIS_STATION, k), mdl_batch_station_kpi(b, s, (mdl_skpi)k));
    jw_object_end(w);
}


void output_run_members(jw *w, const mdl_batch *b, const char *scene) {
    const mdl_model *m = mdl_batch_model(b);
    const mdl_run_settings *rs = mdl_batch_settings(b);
    jw_string(w, "linetwin", LINETWIN_VERSION);
    jw_string(w, "scene", scene);
    jw_string(w, "name", mdl_model_name(m));
    jw_uint(w, "seed", (unsigned long long)rs->seed);
    jw_int(w, "replications", mdl_batch_reps(b));
    jw_number(w, "horizon_s", rs->horizon);
    jw_number(w, "warmup_s", rs->warmup);
    jw_number(w, "start_s", rs->start);
    jw_uint(w, "events", (unsigned long long)mdl_batch_events(b));
    jw_object_begin(w, "kpi");
    for (int k = 0; k < MDL_KPI_COUNT; k++)
        jw_summary(w, mdl_kpis_name(MDL_KPIS_LINE, k), mdl_batch_kpi(b, (mdl_kpi)k));
    jw_object_end(w);
    jw_array_begin(w, "stations");
    int ns = mdl_model_station_count(m);
    for (int s = 0; s < ns; s++) {
        const mdl_station_spec *spec = mdl_model_station(m, s);
        jw_object_begin(w, NULL);
        jw_string(w, "id", spec->id);
        jw_string(w, "kind", mdl_station_kind_name(spec->kind));
        jw_int(w, "servers", spec->servers);
        for (int k = 0; k < MDL_SKPI_COUNT; k++) {
            if (is_state_skpi((mdl_skpi)k) || is_maint_skpi((mdl_skpi)k)) continue;
            jw_summary(w, mdl_kpis_name(MDL_KPIS_STATION, k), mdl_batch_station_kpi(b, s, (mdl_skpi)k));
        }
        jw_object_begin(w, "states");
        for (int i = 0; i < NLEDGER; i++)
            jw_summary(w, mdl_state_name(output_ledger_states[i]), mdl_batch_station_kpi(b, s, output_ledger_skpi[i]));
        jw_object_end(w);
        maint_members(w, b, s);
        output_flow_station_members(w, b, s); /* assembly, batching, disassembly (output_flow.c) */
        jw_object_end(w);
    }
    jw_array_end(w);
    output_transport_members(w, b);
    output_asrs_members(w, b);
    output_dock_members(w, b); /* route ends (output_dock.c) */
    output_people_members(w, b);
    output_orders_members(w, b);
    output_plan_members(w, b);
}

/* The fleet KPIs a vehicle has of its own (mdl_rep_vehicle_kpi). */
static bool vehicle_kpi(mdl_fkpi k) {
    return k != MDL_FKPI_REQUEST_WAIT_S && k != MDL_FKPI_REQUEST_WAIT_P95_S && k != MDL_FKPI_DEADLOCKS &&
           k != MDL_FKPI_DEADLOCK_FORCED && k != MDL_FKPI_STALLED;
}

/* KPIs 0 .. n - 1 of the set (those `keep` keeps; NULL: all) of object
 * i, then KPI `off_shift` when the object has a shift calendar (a key
 * added later, so left out without one). */
static void json_object_kpis(jw *w, const mdl_batch *b, int i, mdl_kpi_set kpis, int n, int off_shift,
                             bool calendar, mdl_summary (*get)(const mdl_batch *b, int i, int k),
                             bool (*keep)(mdl_fkpi k)) {
    for (int k = 0; k < n; k++)
        if (!keep || keep((mdl_fkpi)k)) jw_summary(w, mdl_kpis_name(kpis, k), get(b, i, k));
    if (calendar) jw_summary(w, mdl_kpis_name(kpis, off_shift), get(b, i, off_shift));
}

static const char *conveyor_id(const mdl_model *m, int i) { return mdl_model_conveyor(m, i)->id; }

/* Material handling: always the three arrays (empty without fleets, robots
 * or conveyors), so that scripts need not test for the keys. */
void output_transport_members(jw *w, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    jw_array_begin(w, "fleets");
    for (int f = 0; f < mdl_model_fleet_count(m); f++) {
        const mdl_fleet_spec *fs = mdl_model_fleet(m, f);
        jw_object_begin(w, NULL);
        jw_string(w, "id", fs->id);
        jw_int(w, "count", fs->count);
        jw_int(w, "in_traffic", mdl_model_fleet_in_traffic(m, f));
        jw_int(w, "capacity", fs->capacity);
        jw_string(w, "mode", mdl_motion_name(fs->mode));
        int nk = fs->maint ? MDL_FKPI_OFF_SHIFT : MDL_FKPI_DOWN; /* maintenance KPIs: with failure modes */
        bool shifts = fs->calendar >= 0;
        json_object_kpis(w, b, f, MDL_KPIS_FLEET, nk, MDL_FKPI_OFF_SHIFT, shifts, mdl_batch_fleet_kpi, NULL);
        jw_summary(w, mdl_kpis_name(MDL_KPIS_FLEET, MDL_FKPI_STALLED), mdl_batch_fleet_kpi(b, f, MDL_FKPI_STALLED));
        /* each vehicle's own KPIs (the fleet-only request waits and
         * deadlocks left out) */
        jw_array_begin(w, "vehicles");
        for (int i = 0; i < fs->count; i++) {
            int g = mdl_model_vehicle_index(m, f, i);
            jw_object_begin(w, NULL);
            jw_int(w, "index", i);
            json_object_kpis(w, b, g, MDL_KPIS_FLEET, nk, MDL_FKPI_OFF_SHIFT, shifts, mdl_batch_vehicle_kpi,
                             vehicle_kpi);
            jw_object_end(w);
        }
        jw_array_end(w);
        jw_object_end(w);
    }
    jw_array_end(w);
    jw_array_begin(w, "robots");
    for (int r = 0; r < mdl_model_robot_count(m); r++) {
        const mdl_robot_spec *rs = mdl_model_robot(m, r);
        jw_object_begin(w, NULL);
        jw_string(w, "id", rs->id);
        jw_array_begin(w, "tends");
        for (int i = 0; i < rs->ntends; i++) jw_string(w, NULL, mdl_model_station(m, rs->tends[i])->id);
        jw_array_end(w);
        json_object_kpis(w, b, r, MDL_KPIS_ROBOT, rs->maint ? MDL_RKPI_OFF_SHIFT : MDL_RKPI_RESPONSE_S,
                         MDL_RKPI_OFF_SHIFT, rs->calendar >= 0, mdl_batch_robot_kpi, NULL);
        jw_object_end(w);
    }
    jw_array_end(w);
    output_table t = {NULL, 0, conveyor_id, mdl_batch_conveyor_kpi, NULL, 0, NULL};
    output_json_entities(w, "conveyors", &t, b, mdl_model_conveyor_count(m), MDL_KPIS_CONVEYOR);
}

/* ---- people (mdl_people.h): present when the scene has pools or key stations ---- */

static void pct(double v, char *buf, size_t size);
static void duration_or_dash(double v, char *buf, size_t size);

/* "headcount_by_shift": people on the roll per named shift (mdl_model_headcount_by_shift). */
void output_headcount_by_shift(jw *w, const mdl_model *m) {
    const char *names[OUTPUT_MAX_SHIFT_NAMES];
    int counts[OUTPUT_MAX_SHIFT_NAMES];
    int n = mdl_model_headcount_by_shift(m, names, counts, OUTPUT_MAX_SHIFT_NAMES);
    jw_object_begin(w, "headcount_by_shift");
    for (int i = 0; i < n && i < OUTPUT_MAX_SHIFT_NAMES; i++) jw_int(w, names[i], counts[i]);
    jw_object_end(w);
}

void output_people_members(jw *w, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    if (!mdl_model_has_people(m)) return;
    jw_object_begin(w, "people");
    for (int k = 0; k < MDL_PEOPLEKPI_COUNT; k++)
        jw_summary(w, mdl_kpis_name(MDL_KPIS_PEOPLE, k), mdl_batch_people_kpi(b, k));
    jw_object_end(w);
    output_headcount_by_shift(w, m);
    jw_array_begin(w, "pools");
    for (int q = 0; q < mdl_model_pool_count(m); q++) {
        const mdl_pool_spec *ps = mdl_model_pool(m, q);
        jw_object_begin(w, NULL);
        jw_string(w, "id", ps->id);
        jw_string(w, "rule", mdl_people_rule_name(ps->rule));
        jw_string(w, "breaks", mdl_break_policy_name(ps->breaks));
        for (int k = 0; k < MDL_POOLKPI_COUNT; k++)
            jw_summary(w, mdl_kpis_name(MDL_KPIS_POOL, k), mdl_batch_pool_kpi(b, q, k));
        jw_array_begin(w, "persons");
        for (int i = 0; i < ps->headcount; i++) {
            int g = mdl_model_person_index(m, q, i);
            jw_object_begin(w, NULL);
            jw_int(w, "index", i);
            for (int k = MDL_POOLKPI_UTILIZATION; k <= MDL_POOLKPI_TASKS; k++)
                jw_summary(w, mdl_kpis_name(MDL_KPIS_POOL, k), mdl_batch_person_kpi(b, g, k));
            jw_object_end(w);
        }
        jw_array_end(w);
        jw_object_end(w);
    }
    jw_array_end(w);
}

void output_people_text(FILE *f, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    if (!mdl_model_has_people(m)) return;
    int np = mdl_model_pool_count(m);
    if (np > 0) {
        size_t w = 8;
        for (int q = 0; q < np; q++)
            if (strlen(mdl_model_pool(m, q)->id) > w) w = strlen(mdl_model_pool(m, q)->id);
        if (w > 24) w = 24;
        fprintf(f, "\n%-*s %5s %6s | %6s %6s %6s %6s %6s %6s %6s | %7s %9s %9s %10s\n", (int)w + 2, "Pool", "people",
                "util", "work", "setup", "load", "repair", "walk", "idle", "off", "tasks", "wait", "p95", "cost");
        static const mdl_poolkpi sh[8] = {MDL_POOLKPI_UTILIZATION, MDL_POOLKPI_WORKING,   MDL_POOLKPI_SETUP,
                                          MDL_POOLKPI_LOADING,     MDL_POOLKPI_REPAIRING, MDL_POOLKPI_WALKING,
                                          MDL_POOLKPI_IDLE,        MDL_POOLKPI_OFF};
        for (int q = 0; q < np; q++) {
            char s[8][16], t[32], wt[32], p95[32], c[32];
            for (int k = 0; k < 8; k++) pct(mdl_batch_pool_kpi(b, q, (int)sh[k]).mean, s[k], sizeof s[k]);
            output_format_value(mdl_batch_pool_kpi(b, q, MDL_POOLKPI_TASKS).mean, t, sizeof t);
            duration_or_dash(mdl_batch_pool_kpi(b, q, MDL_POOLKPI_WAIT_S).mean, wt, sizeof wt);
            duration_or_dash(mdl_batch_pool_kpi(b, q, MDL_POOLKPI_WAIT_P95_S).mean, p95, sizeof p95);
            output_format_value(mdl_batch_pool_kpi(b, q, MDL_POOLKPI_COST).mean, c, sizeof c);
            fprintf(f, "  %-*.*s %5d %6s | %6s %6s %6s %6s %6s %6s %6s | %7s %9s %9s %10s\n", (int)w, (int)w,
                    mdl_model_pool(m, q)->id, mdl_model_pool(m, q)->headcount, s[0], s[1], s[2], s[3], s[4], s[5],
                    s[6], s[7], t, wt, p95, c);
        }
    }
    const char *names[OUTPUT_MAX_SHIFT_NAMES];
    int counts[OUTPUT_MAX_SHIFT_NAMES];
    int nsh = mdl_model_headcount_by_shift(m, names, counts, OUTPUT_MAX_SHIFT_NAMES);
    if (nsh > 0) {
        fprintf(f, "\n  Headcount by shift:");
        for (int i = 0; i < nsh && i < OUTPUT_MAX_SHIFT_NAMES; i++)
            fprintf(f, "%s %s %d", i ? "," : "", names[i], counts[i]);
        fprintf(f, "\n");
    }
    mdl_summary ps[MDL_PEOPLEKPI_COUNT];
    for (int k = 0; k < MDL_PEOPLEKPI_COUNT; k++) ps[k] = mdl_batch_people_kpi(b, k);
    int pw = output_summary_width(ps, MDL_PEOPLEKPI_COUNT, 10);
    fprintf(f, "\n%-38s %*s %*s\n", "People", pw, "mean", pw, "+/-95% CI");
    for (int k = 0; k < MDL_PEOPLEKPI_COUNT; k++) {
        char a[32], c[32];
        output_format_value(ps[k].mean, a, sizeof a);
        output_format_value(ps[k].ci95, c, sizeof c);
        fprintf(f, "  %-36s %*s %*s\n", mdl_kpis_label(MDL_KPIS_PEOPLE, k), pw, a, pw, c);
    }
    /* Stations that waited for people, and work that waits still. */
    for (int s = 0; s < mdl_model_station_count(m); s++) {
        double v = mdl_batch_station_kpi(b, s, MDL_SKPI_STATE_WAIT_OPERATOR).mean;
        char p[16];
        pct(v, p, sizeof p);
        if (v >= 0.0005) fprintf(f, "  %s waits for an operator %s of the time\n", mdl_model_station(m, s)->id, p);
    }
    mdl_summary open = mdl_batch_people_kpi(b, MDL_PEOPLEKPI_LONGEST_OPEN_S);
    const mdl_run_settings *rs = mdl_batch_settings(b);
    if (open.max > 0.5 * (rs->horizon - rs->warmup)) {
        char d[40];
        scn_format_duration(open.max, d, sizeof d);
        fprintf(f, "  warning: a task waited %s for people and still waits at the end: no one able to do it may "
                   "ever come (check the pools' skills, headcounts and calendars)\n", d);
    }
}

void output_run_json(FILE *f, const mdl_batch *b, const char *scene) {
    jw w;
    jw_init(&w, f);
    jw_object_begin(&w, NULL);
    output_run_members(&w, b, scene);
    jw_object_end(&w);
}

/* ---- text ------------------------------------------------------------------------ */

void output_format_value(double v, char *buf, size_t size) {
    if (isnan(v)) {
        snprintf(buf, size, "-");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, size, "%s", v > 0 ? "inf" : "-inf");
        return;
    }
    /* Fixed notation always (people misread 1.2e-05), at least 3
     * significant digits; the HTML report prints the same digits. */
    double a = fabs(v);
    if (a < 1e-9) snprintf(buf, size, "0"); /* rounding noise such as 1.02e-13 is zero */
    else if (a >= 1000) snprintf(buf, size, "%.0f", v);
    else if (a >= 100) snprintf(buf, size, "%.1f", v);
    else if (a >= 10) snprintf(buf, size, "%.2f", v);
    else if (a >= 0.01) snprintf(buf, size, "%.3f", v);
    else snprintf(buf, size, "%.*f", 2 - (int)floor(log10(a)), v); /* 3 significant digits */
}

static void pct(double v, char *buf, size_t size) {
    if (isnan(v)) snprintf(buf, size, "-");
    else snprintf(buf, size, "%.1f%%", 100 * v);
}

/* ---- maintenance of robots and vehicles (issue 16): their failure modes' table ---- */

/* The header, or (id non-NULL) a row of v[]: down and planned shares,
 * failures, MTBF h, MTTR h, response, PM, PdM, CBM, cost. */
static void res_maint_row(FILE *f, int w, const char *title, const char *id, const double *v) {
    if (!id) {
        fprintf(f, "\n%-*s %7s %7s %8s %8s %8s %9s %5s %5s %5s %10s\n", w + 2, title, "unpl.", "planned", "failures",
                "MTBF h", "MTTR h", "response", "PM", "PdM", "CBM", "cost");
        return;
    }
    char dn[16], pl[16], x[8][32];
    pct(v[0], dn, sizeof dn);
    pct(v[1], pl, sizeof pl);
    for (int k = 0; k < 8; k++) output_format_value(v[k + 2], x[k], sizeof x[k]);
    duration_or_dash(v[5] > 0.0 ? v[5] : NAN, x[3], sizeof x[3]);
    fprintf(f, "  %-*.*s %7s %7s %8s %8s %8s %9s %5s %5s %5s %10s\n", w, w, id, dn, pl, x[0], x[1], x[2], x[3], x[4],
            x[5], x[6], x[7]);
}

/* A kind of resource with failure modes, for res_maint_text. */
typedef struct res_maint_kind {
    const char *title; /* "Robot maintenance" */
    int (*count)(const mdl_model *m);
    bool (*has_maint)(const mdl_model *m, int i);
    const char *(*id)(const mdl_model *m, int i);
    mdl_summary (*kpi)(const mdl_batch *b, int i, int k);
    int cols[10];      /* its KPIs in res_maint_row's order */
    /* rows after resource i's (a small fleet's vehicles), or NULL */
    void (*parts)(FILE *f, const mdl_batch *b, int w, int i, const int *cols);
} res_maint_kind;

/* The table of the resources of a kind that have failure modes. */
static void res_maint_text(FILE *f, const mdl_batch *b, int w, const res_maint_kind *rk) {
    const mdl_model *m = mdl_batch_model(b);
    int n = rk->count(m);
    bool any = false;
    for (int i = 0; i < n; i++) any |= rk->has_maint(m, i);
    if (!any) return;
    res_maint_row(f, w, rk->title, NULL, NULL);
    for (int i = 0; i < n; i++) {
        if (!rk->has_maint(m, i)) continue;
        double v[10];
        for (int k = 0; k < 10; k++) v[k] = rk->kpi(b, i, rk->cols[k]).mean;
        res_maint_row(f, w, NULL, rk->id(m, i), v);
        if (rk->parts) rk->parts(f, b, w, i, rk->cols);
    }
}

static bool robot_has_maint(const mdl_model *m, int i) { return mdl_model_robot(m, i)->maint != NULL; }
static bool fleet_has_maint(const mdl_model *m, int i) { return mdl_model_fleet(m, i)->maint != NULL; }
static const char *fleet_id(const mdl_model *m, int i) { return mdl_model_fleet(m, i)->id; }
static const char *robot_id(const mdl_model *m, int i) { return mdl_model_robot(m, i)->id; }

/* A small fleet's vehicles, after the fleet's row. */
static void fleet_vehicle_rows(FILE *f, const mdl_batch *b, int w, int i, const int *cols) {
    const mdl_model *m = mdl_batch_model(b);
    const mdl_fleet_spec *fs = mdl_model_fleet(m, i);
    for (int n = 0; fs->count > 1 && fs->count <= 12 && n < fs->count; n++) {
        char label[32];
        double v[10];
        snprintf(label, sizeof label, "  #%d", n + 1);
        for (int k = 0; k < 10; k++) v[k] = mdl_batch_vehicle_kpi(b, mdl_model_vehicle_index(m, i, n), cols[k]).mean;
        res_maint_row(f, w, NULL, label, v);
    }
}

static const res_maint_kind robot_maint = {
    "Robot maintenance", mdl_model_robot_count, robot_has_maint, robot_id, mdl_batch_robot_kpi,
    {MDL_RKPI_DOWN, MDL_RKPI_MAINT, MDL_RKPI_FAILURES, MDL_RKPI_MTBF_H, MDL_RKPI_MTTR_H, MDL_RKPI_RESPONSE_S,
     MDL_RKPI_PM, MDL_RKPI_PDM, MDL_RKPI_CBM, MDL_RKPI_MAINT_COST},
    NULL};

/* The fleets with failure modes: each fleet, and a small fleet's vehicles. */
static const res_maint_kind fleet_maint = {
    "Fleet maintenance", mdl_model_fleet_count, fleet_has_maint, fleet_id, mdl_batch_fleet_kpi,
    {MDL_FKPI_DOWN, MDL_FKPI_MAINT, MDL_FKPI_FAILURES, MDL_FKPI_MTBF_H, MDL_FKPI_MTTR_H, MDL_FKPI_RESPONSE_S,
     MDL_FKPI_PM, MDL_FKPI_PDM, MDL_FKPI_CBM, MDL_FKPI_MAINT_COST},
    fleet_vehicle_rows};

/* The text table of the stations with failures or maintenance. */
static void maint_text(FILE *f, const mdl_batch *b, int idw) {
    const mdl_model *m = mdl_batch_model(b);
    int ns = mdl_model_station_count(m);
    bool any = false;
    for (int s = 0; s < ns; s++) any |= mdl_model_station(m, s)->has_failures || mdl_model_station(m, s)->maint;
    if (!any) return;
    fprintf(f, "\n%-*s %7s %7s %7s %8s %8s %8s %9s %5s %5s %5s %6s %10s\n", idw + 2, "Maintenance", "unpl.",
            "planned", "op.av.", "fail/kh", "MTBF h", "MTTR h", "response", "PM", "PdM", "CBM", "false", "cost");
    for (int s = 0; s < ns; s++) {
        const mdl_station_spec *sp = mdl_model_station(m, s);
        if (!sp->has_failures && !sp->maint) continue;
        char dn[16], pl[16], oa[16], v[6][32], cost[32];
        pct(mdl_batch_station_kpi(b, s, MDL_SKPI_STATE_DOWN).mean, dn, sizeof dn);
        pct(mdl_batch_station_kpi(b, s, MDL_SKPI_STATE_MAINT).mean, pl, sizeof pl);
        pct(mdl_batch_station_kpi(b, s, MDL_SKPI_OPERATIONAL_AVAILABILITY).mean, oa, sizeof oa);
        static const mdl_skpi cols[6] = {MDL_SKPI_FAILURES_PER_1000H, MDL_SKPI_MTBF_H, MDL_SKPI_MTTR_H,
                                         MDL_SKPI_PM,                 MDL_SKPI_PDM,    MDL_SKPI_CBM};
        for (int i = 0; i < 6; i++) output_format_value(mdl_batch_station_kpi(b, s, cols[i]).mean, v[i], sizeof v[i]);
        char fa[32];
        output_format_value(mdl_batch_station_kpi(b, s, MDL_SKPI_FALSE_ALARMS).mean, fa, sizeof fa);
        output_format_value(mdl_batch_station_kpi(b, s, MDL_SKPI_MAINT_COST).mean, cost, sizeof cost);
        char resp[32]; /* the wait for a technician, inside MTTR ("-": no crews) */
        double rs = mdl_batch_station_kpi(b, s, MDL_SKPI_RESPONSE_S).mean;
        duration_or_dash(rs > 0.0 ? rs : NAN, resp, sizeof resp);
        fprintf(f, "  %-*.*s %7s %7s %7s %8s %8s %8s %9s %5s %5s %5s %6s %10s\n", idw, idw, sp->id, dn, pl, oa, v[0],
                v[1], v[2], resp, v[3], v[4], v[5], fa, cost);
    }
}

void output_duration_signed(double v, char *buf, size_t size) {
    if (!isfinite(v)) snprintf(buf, size, "-");
    else if (v < 0) {
        buf[0] = '-';
        scn_format_duration(-v, buf + 1, size - 1);
    } else {
        scn_format_duration(v, buf, size);
    }
}

/* A KPI table's row: label, mean, 95 % interval, min, max, each in a
 * column of `width`; a KPI whose key ends in `_s` also shows its mean as
 * a duration. */
static void kpi_row(FILE *f, const char *label, const char *name, mdl_summary s, int width) {
    char a[32], c[32], lo[32], hi[32];
    output_format_value(s.mean, a, sizeof a);
    output_format_value(s.ci95, c, sizeof c);
    output_format_value(s.min, lo, sizeof lo);
    output_format_value(s.max, hi, sizeof hi);
    fprintf(f, "  %-36s %*s %*s %*s %*s", label, width, a, width, c, width, lo, width, hi);
    /* Times in seconds are hard to read: add the mean as a duration. */
    size_t nl = strlen(name);
    if (nl > 2 && strcmp(name + nl - 2, "_s") == 0 && isfinite(s.mean) && fabs(s.mean) >= SIM_MINUTE) {
        char d[40];
        output_duration_signed(s.mean, d, sizeof d);
        fprintf(f, "   (%s)", d);
    }
    fputc('\n', f);
}

void output_kpi_table(FILE *f, const char *head, mdl_kpi_set kpis, const mdl_summary *s) {
    int n = mdl_kpis_count(kpis), w = output_summary_width(s, (size_t)n, 10);
    fprintf(f, "%-38s %*s %*s %*s %*s\n", head, w, "mean", w, "+/-95% CI", w, "min", w, "max");
    for (int k = 0; k < n; k++) kpi_row(f, mdl_kpis_label(kpis, k), mdl_kpis_name(kpis, k), s[k], w);
}

/* The line KPI table: mean, interval, min and max of every KPI; times in
 * seconds also as a duration. */
static void line_kpi_table(FILE *f, const mdl_batch *b) {
    mdl_summary s[MDL_KPI_COUNT];
    for (int k = 0; k < MDL_KPI_COUNT; k++) s[k] = mdl_batch_kpi(b, (mdl_kpi)k);
    output_kpi_table(f, "Line KPI", MDL_KPIS_LINE, s);
}

void output_run_text(FILE *f, const mdl_batch *b, const char *scene, int threads) {
    const mdl_model *m = mdl_batch_model(b);
    const mdl_run_settings *rs = mdl_batch_settings(b);
    char h[40], wu[40], win[40];
    scn_format_duration(rs->horizon, h, sizeof h);
    scn_format_duration(rs->warmup, wu, sizeof wu);
    scn_format_duration(rs->horizon - rs->warmup, win, sizeof win);
    int reps = mdl_batch_reps(b);
    fprintf(f, "%s\n", mdl_model_name(m));
    fprintf(f, "  %s: %d replication%s, seed %llu, statistics from %s to %s (%s); %d thread%s, %.2f s\n\n", scene,
            reps, reps == 1 ? "" : "s", (unsigned long long)rs->seed, wu, h, win, threads, threads == 1 ? "" : "s",
            mdl_batch_wall_s(b));

    line_kpi_table(f, b);
    if (reps == 1) fprintf(f, "  (one replication: no confidence interval; use --reps 2 or more)\n");

    int ns = mdl_model_station_count(m);
    size_t idw = 8;
    for (int s = 0; s < ns; s++) {
        size_t l = strlen(mdl_model_station(m, s)->id);
        if (l > idw) idw = l;
    }
    if (idw > 24) idw = 24;
    fprintf(f, "\n%-*s %7s %7s %7s %7s %9s %9s | %6s %6s %6s %7s %6s %6s %7s %6s\n", (int)idw + 2, "Station",
            "util", "avail", "OEE", "queue", "wait", "kWh", "busy", "setup", "idle", "blocked", "down", "off", "wait op",
            "maint");
    int bottleneck = -1;
    double best = -1;
    for (int s = 0; s < ns; s++) {
        char u[16], av[16], oee[16], q[32], wt[32], e[32], st[NLEDGER][16];
        pct(mdl_batch_station_kpi(b, s, MDL_SKPI_UTILIZATION).mean, u, sizeof u);
        pct(mdl_batch_station_kpi(b, s, MDL_SKPI_AVAILABILITY).mean, av, sizeof av);
        pct(mdl_batch_station_kpi(b, s, MDL_SKPI_OEE).mean, oee, sizeof oee);
        output_format_value(mdl_batch_station_kpi(b, s, MDL_SKPI_QUEUE_LEN).mean, q, sizeof q);
        double wait = mdl_batch_station_kpi(b, s, MDL_SKPI_WAIT_S).mean;
        if (isnan(wait)) snprintf(wt, sizeof wt, "-");
        else scn_format_duration(wait, wt, sizeof wt);
        output_format_value(mdl_batch_station_kpi(b, s, MDL_SKPI_ENERGY_KWH).mean, e, sizeof e);
        for (int i = 0; i < NLEDGER; i++) pct(mdl_batch_station_kpi(b, s, output_ledger_skpi[i]).mean, st[i], sizeof st[i]);
        fprintf(f, "  %-*.*s %7s %7s %7s %7s %9s %9s | %6s %6s %6s %7s %6s %6s %7s %6s\n", (int)idw, (int)idw,
                mdl_model_station(m, s)->id, u, av, oee, q, wt, e, st[0], st[1], st[2], st[3], st[4], st[5], st[6],
                st[7]);
        /* The bottleneck by the active-period idea (Roser et al.): the
         * station that is least often waiting, i.e. the largest share of its
         * scheduled time spent active (busy, in setup or down) rather than
         * idle (starved) or blocked. */
        double active = mdl_batch_station_kpi(b, s, MDL_SKPI_STATE_BUSY).mean +
                        mdl_batch_station_kpi(b, s, MDL_SKPI_STATE_SETUP).mean +
                        mdl_batch_station_kpi(b, s, MDL_SKPI_STATE_DOWN).mean +
                        mdl_batch_station_kpi(b, s, MDL_SKPI_STATE_MAINT).mean;
        double scheduled = 1 - mdl_batch_station_kpi(b, s, MDL_SKPI_STATE_OFF).mean;
        double load = scheduled > 1e-9 ? active / scheduled : 0;
        if (isfinite(load) && load > best) {
            best = load;
            bottleneck = s;
        }
    }
    maint_text(f, b, (int)idw);
    output_flow_text(f, b, (int)idw); /* assembly, batching, disassembly (output_flow.c) */
    output_transport_text(f, b);
    output_asrs_text(f, b);
    output_dock_text(f, b); /* route ends (output_dock.c) */
    output_people_text(f, b);
    output_orders_text(f, b);
    output_plan_text(f, b);
    output_bottleneck_text(f, b, bottleneck, best);
}

static void duration_or_dash(double v, char *buf, size_t size) {
    if (!isfinite(v)) snprintf(buf, size, "-");
    else scn_format_duration(v, buf, size);
}

void output_pct(double v, char *buf, size_t size) { pct(v, buf, size); }
void output_duration(double v, char *buf, size_t size) { duration_or_dash(v, buf, size); }

static int id_width(const char *(*id)(const mdl_model *, int), const mdl_model *m, int n) {
    size_t w = 8;
    for (int i = 0; i < n; i++)
        if (strlen(id(m, i)) > w) w = strlen(id(m, i));
    return (int)(w > 24 ? 24 : w);
}


/* One row of the fleet table: a fleet (get = mdl_batch_fleet_kpi) or a
 * vehicle (mdl_batch_vehicle_kpi; its request waits are the fleet's: -). */
static void fleet_row(FILE *f, int w, const char *label, const mdl_batch *b,
                      mdl_summary (*get)(const mdl_batch *, int, int), int i) {
    static const mdl_fkpi shares[] = {MDL_FKPI_UTILIZATION, MDL_FKPI_LOADED,  MDL_FKPI_EMPTY,
                                      MDL_FKPI_HANDLING,    MDL_FKPI_TRAFFIC, MDL_FKPI_BLOCKED,
                                      MDL_FKPI_CHARGING,    MDL_FKPI_IDLE};
    char sh[8][16], trips[32], km[32], kwh[32], wt[32], p95[32];
    for (int k = 0; k < 8; k++) pct(get(b, i, (int)shares[k]).mean, sh[k], sizeof sh[k]);
    output_format_value(get(b, i, MDL_FKPI_TRIPS).mean, trips, sizeof trips);
    output_format_value(get(b, i, MDL_FKPI_DISTANCE_M).mean / 1000.0, km, sizeof km);
    output_format_value(get(b, i, MDL_FKPI_ENERGY_KWH).mean, kwh, sizeof kwh);
    duration_or_dash(get(b, i, MDL_FKPI_REQUEST_WAIT_S).mean, wt, sizeof wt);
    duration_or_dash(get(b, i, MDL_FKPI_REQUEST_WAIT_P95_S).mean, p95, sizeof p95);
    fprintf(f, "  %-*.*s %6s | %6s %6s %6s %7s %7s %6s %6s | %6s %8s %8s %9s %9s\n", w, w, label, sh[0], sh[1],
            sh[2], sh[3], sh[4], sh[5], sh[6], sh[7], trips, km, kwh, wt, p95);
}

/* The fleets' table, their vehicles one by one, and their safety line. */
static void fleets_text(FILE *f, const mdl_batch *b, const mdl_model *m, int nf) {
    int w = id_width(fleet_id, m, nf);
    if (w < 5) w = 5; /* room for the vehicles' "  #k" */
    /* Shares of the vehicles' time (they add up to 1), then what they did. */
    fprintf(f, "\n%-*s %6s | %6s %6s %6s %7s %7s %6s %6s | %6s %8s %8s %9s %9s\n", w + 2, "Fleet", "util",
            "loaded", "empty", "load", "traffic", "blocked", "charge", "idle", "trips", "km", "kWh",
            "req.wait", "p95");
    for (int i = 0; i < nf; i++) {
        fleet_row(f, w, fleet_id(m, i), b, mdl_batch_fleet_kpi, i);
        /* A small fleet's vehicles one by one: uneven use shows. */
        const mdl_fleet_spec *fs = mdl_model_fleet(m, i);
        if (fs->count > 1 && fs->count <= 12)
            for (int k = 0; k < fs->count; k++) {
                char label[32];
                snprintf(label, sizeof label, "  #%d", k + 1); /* as in the viewer; index k in JSON */
                fleet_row(f, w, label, b, mdl_batch_vehicle_kpi, mdl_model_vehicle_index(m, i, k));
            }
    }
    /* Safety and traffic problems (output_fleet.c) */
    for (int i = 0; i < nf; i++) output_fleet_traffic(f, b, i, w);
    res_maint_text(f, b, w, &fleet_maint);
}

/* The robots' table and their maintenance. */
static void robots_text(FILE *f, const mdl_batch *b, const mdl_model *m, int nr) {
    int w = id_width(robot_id, m, nr);
    fprintf(f, "\n%-*s %6s | %6s %6s %6s %6s | %8s %9s %8s %8s\n", w + 2, "Robot", "util", "busy", "moving",
            "idle", "down", "tasks", "wait", "kWh", "failures");
    for (int i = 0; i < nr; i++) {
        char sh[5][16], tasks[32], wt[32], kwh[32], fl[32];
        static const mdl_rkpi rs[5] = {MDL_RKPI_UTILIZATION, MDL_RKPI_BUSY, MDL_RKPI_MOVING, MDL_RKPI_IDLE,
                                       MDL_RKPI_DOWN};
        for (int k = 0; k < 5; k++) pct(mdl_batch_robot_kpi(b, i, (int)rs[k]).mean, sh[k], sizeof sh[k]);
        output_format_value(mdl_batch_robot_kpi(b, i, MDL_RKPI_TASKS).mean, tasks, sizeof tasks);
        duration_or_dash(mdl_batch_robot_kpi(b, i, MDL_RKPI_WAIT_S).mean, wt, sizeof wt);
        output_format_value(mdl_batch_robot_kpi(b, i, MDL_RKPI_ENERGY_KWH).mean, kwh, sizeof kwh);
        output_format_value(mdl_batch_robot_kpi(b, i, MDL_RKPI_FAILURES).mean, fl, sizeof fl);
        fprintf(f, "  %-*.*s %6s | %6s %6s %6s %6s | %8s %9s %8s %8s\n", w, w, robot_id(m, i), sh[0], sh[1],
                sh[2], sh[3], sh[4], tasks, wt, kwh, fl);
    }
    res_maint_text(f, b, w, &robot_maint);
}

/* The conveyors' table. */
static void conveyors_text(FILE *f, const mdl_batch *b, const mdl_model *m, int nc) {
    static const output_column cols[] = {
        OUTPUT_NUM("occupancy", 9, MDL_CKPI_OCCUPANCY), OUTPUT_PCT("stopped", 8, MDL_CKPI_STOPPED),
        OUTPUT_NUM("units", 8, MDL_CKPI_UNITS), OUTPUT_DUR("transit", 9, MDL_CKPI_TRANSIT_S),
        OUTPUT_NUM("kWh", 8, MDL_CKPI_ENERGY_KWH),
    };
    output_table t = {"Conveyor", id_width(conveyor_id, m, nc), conveyor_id, mdl_batch_conveyor_kpi,
                      cols, sizeof cols / sizeof cols[0], NULL};
    output_entity_table(f, &t, b, nc);
}

void output_transport_text(FILE *f, const mdl_batch *b) {
    const mdl_model *m = mdl_batch_model(b);
    int nf = mdl_model_fleet_count(m), nr = mdl_model_robot_count(m), nc = mdl_model_conveyor_count(m);
    if (nf > 0) fleets_text(f, b, m, nf);
    if (nr > 0) robots_text(f, b, m, nr);
    if (nc > 0) conveyors_text(f, b, m, nc);
}

/* ---- files --------------------------------------------------------------------------- */

bool output_make_dir(const char *dir) {
    char path[OUTPUT_DIR_MAX];
    if (strlen(dir) >= sizeof path) {
        fprintf(stderr, "linetwin: --out: the path is too long\n");
        return false;
    }
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            struct stat st;
            if (mkdir(path, 0777) != 0 && (errno != EEXIST || (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)))) {
                fprintf(stderr, "linetwin: cannot create directory %s: %s\n", path,
                        errno == EEXIST ? "a file of that name exists" : strerror(errno));
                return false;
            }
            *p = c;
            if (c == '\0') break;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "linetwin: %s is not a directory\n", dir);
        return false;
    }
    return true;
}

void output_csv_number(FILE *f, double v) { output_csv_number_digits(f, v, 12); }

void output_csv_number_digits(FILE *f, double v, int digits) {
    if (isfinite(v)) fprintf(f, "%.*g", digits, v == 0 ? 0.0 : v);
}

void output_csv_text(FILE *f, const char *s) {
    if (strpbrk(s, ",\"\n\r")) {
        fputc('"', f);
        for (const char *p = s; *p; p++) {
            if (*p == '"') fputc('"', f);
            fputc(*p, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

void output_csv_summary_cells(FILE *f, mdl_summary s, int digits) {
    const double v[] = {s.mean, s.ci95, s.min, s.max};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        fputc(',', f);
        output_csv_number_digits(f, v[i], digits);
    }
}

void output_csv_summary(FILE *f, mdl_summary s) {
    output_csv_summary_cells(f, s, 12);
    fputc('\n', f);
}

typedef struct files_ctx {
    const mdl_batch *b;
    const char *scene;
} files_ctx;

/* The head "kpi,label,mean,ci95,min,max" and a row for each KPI of the set. */
static void labelled_kpis(FILE *f, const mdl_batch *b, mdl_kpi_set kpis,
                          mdl_summary (*get)(const mdl_batch *b, int k)) {
    fputs("kpi,label,mean,ci95,min,max\n", f);
    for (int k = 0; k < mdl_kpis_count(kpis); k++) {
        output_csv_text(f, mdl_kpis_name(kpis, k));
        fputc(',', f);
        output_csv_text(f, mdl_kpis_label(kpis, k));
        output_csv_summary(f, get(b, k));
    }
}

static mdl_summary line_kpi(const mdl_batch *b, int k) { return mdl_batch_kpi(b, (mdl_kpi)k); }

static bool write_kpis(FILE *f, void *ctx) {
    const mdl_batch *b = ((files_ctx *)ctx)->b;
    labelled_kpis(f, b, MDL_KPIS_LINE, line_kpi);
    output_book_csv_rows(f, b);
    return !ferror(f);
}

/* The objects' ids, KPI names and KPIs of entity_files (below). */
static const char *station_id(const mdl_model *m, int s) { return mdl_model_station(m, s)->id; }
static mdl_summary station_kpi(const mdl_batch *b, int s, int k) { return mdl_batch_station_kpi(b, s, (mdl_skpi)k); }
static const char *pool_id(const mdl_model *m, int i) { return mdl_model_pool(m, i)->id; }

/* vehicles.csv: one row per vehicle and metric. */
static bool write_vehicles(FILE *f, void *ctx) {
    const mdl_batch *b = ((files_ctx *)ctx)->b;
    const mdl_model *m = mdl_batch_model(b);
    fputs("fleet,vehicle,metric,mean,ci95,min,max\n", f);
    for (int fl = 0; fl < mdl_model_fleet_count(m); fl++)
        for (int i = 0; i < mdl_model_fleet(m, fl)->count; i++)
            for (int k = 0; k < MDL_FKPI_COUNT; k++) {
                if (!vehicle_kpi((mdl_fkpi)k)) continue;
                output_csv_text(f, fleet_id(m, fl));
                fprintf(f, ",%d,", i);
                output_csv_text(f, mdl_kpis_name(MDL_KPIS_FLEET, k));
                output_csv_summary(f, mdl_batch_vehicle_kpi(b, mdl_model_vehicle_index(m, fl, i), k));
            }
    return !ferror(f);
}

/* people.csv (people): the line's people KPIs. */

static bool write_people(FILE *f, void *ctx) {
    labelled_kpis(f, ((files_ctx *)ctx)->b, MDL_KPIS_PEOPLE, mdl_batch_people_kpi);
    return !ferror(f);
}

static bool write_replications(FILE *f, void *ctx) {
    const mdl_batch *b = ((files_ctx *)ctx)->b;
    const mdl_run_settings *rs = mdl_batch_settings(b);
    fputs("replication,seed,window_s,events", f);
    for (int k = 0; k < MDL_KPI_COUNT; k++) {
        fputc(',', f);
        output_csv_text(f, mdl_kpis_name(MDL_KPIS_LINE, k));
    }
    fputc('\n', f);
    for (int r = 0; r < mdl_batch_reps(b); r++) {
        const mdl_rep_result *rr = mdl_batch_rep(b, r);
        fprintf(f, "%d,%llu,", r, (unsigned long long)rs->seed);
        output_csv_number(f, rr->window_s);
        fprintf(f, ",%llu", (unsigned long long)rr->events);
        for (int k = 0; k < MDL_KPI_COUNT; k++) {
            fputc(',', f);
            output_csv_number(f, rr->kpi[k]);
        }
        fputc('\n', f);
    }
    return !ferror(f);
}

static bool write_orders(FILE *f, void *ctx) { return output_orders_csv(f, ((files_ctx *)ctx)->b); }
static bool write_plan(FILE *f, void *ctx) { return output_plan_csv(f, ((files_ctx *)ctx)->b); }
static bool write_products(FILE *f, void *ctx) { return output_products_csv(f, ((files_ctx *)ctx)->b); }

static bool write_json(FILE *f, void *ctx) {
    files_ctx *c = ctx;
    output_run_json(f, c->b, c->scene);
    return !ferror(f);
}

/* stations.csv, fleets.csv, robots.csv, conveyors.csv, pools.csv, docks.csv, asrs.csv: one row
 * per object and metric (output_entity_csv), each when the scene has such
 * objects. */
typedef struct entity_file {
    const char *name, *what;
    int (*count)(const mdl_model *m);
    mdl_kpi_set kpis;
    const char *(*id)(const mdl_model *m, int i);
    mdl_summary (*kpi)(const mdl_batch *b, int i, int k);
} entity_file;

static const entity_file entity_files[] = {
    {"stations.csv", "station", mdl_model_station_count, MDL_KPIS_STATION, station_id, station_kpi},
    {"fleets.csv", "fleet", mdl_model_fleet_count, MDL_KPIS_FLEET, fleet_id, mdl_batch_fleet_kpi},
    {"robots.csv", "robot", mdl_model_robot_count, MDL_KPIS_ROBOT, robot_id, mdl_batch_robot_kpi},
    {"conveyors.csv", "conveyor", mdl_model_conveyor_count, MDL_KPIS_CONVEYOR, conveyor_id,
     mdl_batch_conveyor_kpi},
    {"pools.csv", "pool", mdl_model_pool_count, MDL_KPIS_POOL, pool_id, mdl_batch_pool_kpi},
    {"docks.csv", "dock", mdl_model_dock_count, MDL_KPIS_DOCK, output_dock_id, mdl_batch_dock_kpi},
    {"asrs.csv", "asrs", mdl_model_asrs_count, MDL_KPIS_ASRS, output_asrs_id, mdl_batch_asrs_kpi},
};

typedef struct entity_ctx {
    const mdl_batch *b;
    const entity_file *e;
} entity_ctx;

static bool write_entities(FILE *f, void *ctx) {
    const entity_ctx *c = ctx;
    const entity_file *e = c->e;
    return output_entity_csv(f, c->b, e->what, e->count(mdl_batch_model(c->b)), e->kpis, e->id, e->kpi);
}

bool output_run_files(const char *dir, const mdl_batch *b, const char *scene) {
    files_ctx ctx = {b, scene};
    const mdl_model *m = mdl_batch_model(b);
    /* The material-handling files only when the scene has such objects. */
    const struct { const char *name; output_write_fn *fn; bool wanted; } files[] = {
        {"kpis.csv", write_kpis, true},
        {"vehicles.csv", write_vehicles, mdl_model_fleet_count(m) > 0},
        {"people.csv", write_people, mdl_model_has_people(m)},
        {"orders.csv", write_orders, mdl_model_order_count(m) > 0},
        {"adherence.csv", write_plan, mdl_model_plan_op_count(m) > 0},
        {"products.csv", write_products, true},
        {"replications.csv", write_replications, true},
        {"result.json", write_json, true}};
    /* dir is a fresh temporary folder (atomic.h): the files are written in
     * place there, and the folder is switched in when all of them are. */
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (!files[i].wanted) continue;
        char path[OUTPUT_PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
        if (!atomic_write_new(path, files[i].fn, &ctx)) return false;
    }
    for (size_t i = 0; i < sizeof entity_files / sizeof entity_files[0]; i++) {
        entity_ctx ec = {b, &entity_files[i]};
        if (entity_files[i].count(m) == 0) continue;
        char path[OUTPUT_PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, entity_files[i].name);
        if (!atomic_write_new(path, write_entities, &ec)) return false;
    }
    return true;
}
