/*
 * rnd_trace.c - units in the viewer (issue 18): click a unit to see its
 * card (serial, order, product and variant, where it is or how it ended,
 * rework passes, components, and its station visits so far), hover it for
 * a tooltip, and search a serial with the search field.
 *
 * Everything a card says comes from the session's trace (lv_trace.h), the
 * reader of the run's record stream; the drawing reads it and changes
 * nothing.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_routing.h"
#include "rnd_draw.h"
#include "rnd_internal.h"
#include "sim_units.h"

#define CARD_W 320.0f
#define MAX_VISIT_LINES 12
#define MAX_PART_LINES 4

static const SDL_Color WHITE = {255, 255, 255, 255};

static double week_offset(const rnd_view *v) {
    return mdl_model_run(lv_session_model(v->session, 0))->start;
}

bool rnd_view_unit_at(const rnd_view *v, int w, int h, float x, float y, int *pane, uint64_t *unit) {
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    for (int p = 0; p < v->npanes; p++) {
        SDL_FRect a = L.pane[p];
        if (a.w <= 0.0f || x < a.x || x >= a.x + a.w || y < a.y || y >= a.y + a.h)
            continue;
        rnd_xform xf;
        rnd__xform(v, &L, p, &xf);
        rnd_pane pn = rnd__pane(v, p);
        if (rnd__unit_at(&xf, &pn, x, y, unit)) {
            if (pane)
                *pane = p;
            return true;
        }
    }
    return false;
}

static void serial_of(const rnd_view *v, int pane, uint64_t unit, char *b, size_t n) {
    const lv_trace *tr = lv_session_trace(v->session, pane);
    lv_unit_info u;
    int product = tr && lv_trace_unit(tr, unit, &u) ? u.product : -1;
    mdl_unit_serial_format(lv_session_model(v->session, pane), product, unit, b, n);
}

/* "at cnc_op10", "shipped at Day 1 Mon 10:22:05" ... */
static void where_text(const rnd_view *v, int pane, const lv_unit_info *u, char *b, size_t n) {
    const mdl_model *m = lv_session_model(v->session, pane);
    const mdl_station_spec *sp = u->station >= 0 ? mdl_model_station(m, u->station) : NULL;
    char clock[48], parent[64];
    rnd_format_clock(clock, sizeof clock, u->ended, week_offset(v));
    switch (u->fate) {
    case LV_UNIT_SHIPPED:
        snprintf(b, n, "shipped at %s", clock);
        break;
    case LV_UNIT_SCRAPPED:
        snprintf(b, n, "scrapped at %s%s%s", clock, sp ? " at " : "", sp ? sp->id : "");
        break;
    case LV_UNIT_JOINED:
        serial_of(v, pane, u->parent, parent, sizeof parent);
        snprintf(b, n, "joined into %s at %s", parent, clock);
        break;
    default: {
        rnd_pane pn = rnd__pane(v, pane);
        if (rnd__unit_riding(&pn, u->number, b, n)) /* on a belt or a vehicle (rnd_carried.c) */
            break;
        if (sp)
            snprintf(b, n, "at %s", sp->id);
        else
            snprintf(b, n, "waiting to enter the line");
        break;
    }
    }
}

static const char *fate_name(lv_unit_fate f) {
    static const char *const names[] = {"in the line", "shipped", "scrapped", "joined"};
    return names[f];
}

static SDL_Color fate_color(lv_unit_fate f) {
    static const SDL_Color cols[] = {{46, 160, 90, 255}, {60, 110, 200, 255}, {205, 60, 60, 255},
                                     {130, 100, 190, 255}};
    return cols[f];
}

/* ---- search --------------------------------------------------------------- */

void rnd_view_search_open(rnd_view *v, bool open) {
    v->search_open = open;
    v->search[0] = '\0';
}

bool rnd_view_search_active(const rnd_view *v) {
    return v->search_open;
}

const char *rnd_view_search_text(const rnd_view *v) {
    return v->search;
}

const char *rnd_view_search_message(const rnd_view *v) {
    return v->search_msg;
}

void rnd_view_search_type(rnd_view *v, const char *text) {
    size_t n = strlen(v->search);
    for (; text && *text && n + 1 < sizeof v->search; text++)
        if (*text != '/' && (unsigned char)*text >= 0x20)
            v->search[n++] = *text;
    v->search[n] = '\0';
}

void rnd_view_search_backspace(rnd_view *v) {
    size_t n = strlen(v->search);
    while (n > 0 && ((unsigned char)v->search[n - 1] & 0xC0) == 0x80) /* UTF-8 continuation */
        n--;
    if (n > 0)
        n--;
    v->search[n] = '\0';
}

/* Centres the camera of pane p on the world point under screen (sx, sy). */
static void centre_on(rnd_view *v, int w, int h, int p, float sx, float sy) {
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    float cx = L.pane[p].x + L.pane[p].w * 0.5f, cy = L.pane[p].y + L.pane[p].h * 0.5f;
    rnd_view_pan(v, cx - sx, cy - sy);
}

bool rnd_view_search_submit(rnd_view *v, int w, int h) {
    for (int p = 0; p < v->npanes; p++) {
        if (!rnd__pane_visible(v, p))
            continue;
        const lv_trace *tr = lv_session_trace(v->session, p);
        uint64_t unit = lv_trace_find(tr, lv_session_model(v->session, p), v->search);
        lv_unit_info u;
        if (!unit || !lv_trace_unit(tr, unit, &u))
            continue;
        rnd_pick pk = {RND_PICK_UNIT, p, -1, (int)unit};
        rnd_view_select_pick(v, &pk);
        char serial[96], where[128];
        serial_of(v, p, unit, serial, sizeof serial);
        where_text(v, p, &u, where, sizeof where);
        snprintf(v->search_msg, sizeof v->search_msg, "%s %s", serial, where);
        SDL_FRect a;
        if (u.fate == LV_UNIT_IN_LINE && rnd__unit_anchor(v, w, h, &a))
            centre_on(v, w, h, p, a.x + a.w * 0.5f, a.y + a.h * 0.5f);
        v->search_open = false;
        return true;
    }
    uint64_t made = lv_trace_units(lv_session_trace(v->session, 0));
    snprintf(v->search_msg, sizeof v->search_msg, "no unit \"%s\" (units 1 \xE2\x80\xA6 %llu so far)", v->search,
             (unsigned long long)made);
    return false;
}

void rnd__draw_search(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect floor) {
    if (!v->search_open)
        return;
    float w = 420.0f, x = floor.x + (floor.w - w) * 0.5f, y = floor.y + 40.0f;
    SDL_FRect box = {x, y, w, v->search_msg[0] ? 56.0f : 36.0f};
    rnd_shadow(r, box, 6.0f, 5.0f);
    rnd_fill_round_rect(r, box, 6.0f, (SDL_Color){33, 38, 48, 240});
    rnd_text_draw(t, "Find unit:", x + 10.0f, y + 9.0f, RND_FONT_BOLD, WHITE, RND_ALIGN_LEFT);
    SDL_FRect field = {x + 92.0f, y + 6.0f, w - 102.0f, 24.0f};
    rnd_fill_round_rect(r, field, 4.0f, WHITE);
    char b[80];
    snprintf(b, sizeof b, "%s_", v->search);
    rnd_text_draw_fit(t, b, field.x + 6.0f, field.y + 4.0f, RND_FONT_NORMAL, RND_COL_TEXT, RND_ALIGN_LEFT,
                      field.w - 12.0f);
    if (v->search_msg[0])
        rnd_text_draw_fit(t, v->search_msg, x + 10.0f, y + 36.0f, RND_FONT_SMALL, (SDL_Color){230, 190, 120, 255},
                          RND_ALIGN_LEFT, w - 20.0f);
}

/* ---- the card ---------------------------------------------------------------- */

static bool selected_unit(const rnd_view *v, const lv_trace **tr, lv_unit_info *u) {
    if (v->sel.kind != RND_PICK_UNIT)
        return false;
    *tr = lv_session_trace(v->session, v->sel.pane);
    return *tr && lv_trace_unit(*tr, (uint64_t)v->sel.index, u);
}

static int visit_lines(const lv_trace *tr, uint64_t unit) {
    int n = lv_trace_visits(tr, unit, 0, NULL, 0);
    return n > MAX_VISIT_LINES ? MAX_VISIT_LINES + 1 : n;
}

float rnd__unit_card_height(const rnd_view *v) {
    const lv_trace *tr;
    lv_unit_info u;
    if (!selected_unit(v, &tr, &u))
        return 120.0f;
    int parts = u.components > MAX_PART_LINES ? MAX_PART_LINES + 1 : u.components;
    return 12.0f + 26.0f + 20.0f + 5.0f * 16.0f + (parts ? 18.0f + 15.0f * (float)parts : 0.0f) + 24.0f +
           15.0f * (float)(u.dropped ? 1 : visit_lines(tr, u.number)) + 12.0f;
}

bool rnd__unit_anchor(const rnd_view *v, int fw, int fh, SDL_FRect *out) {
    const lv_trace *tr;
    lv_unit_info u;
    if (!selected_unit(v, &tr, &u) || !rnd__pane_visible(v, v->sel.pane))
        return false;
    rnd_layout L;
    rnd_view_layout(v, fw, fh, &L);
    rnd_xform xf;
    rnd__xform(v, &L, v->sel.pane, &xf);
    rnd_pane pn = rnd__pane(v, v->sel.pane);
    float cx, cy;
    if (u.fate == LV_UNIT_IN_LINE && rnd__unit_spot(&xf, &pn, u.number, &cx, &cy)) {
        *out = (SDL_FRect){cx - 6.0f, cy - 6.0f, 12.0f, 12.0f};
        return true;
    }
    if (u.station >= 0 && rnd_view_station_rect(v, fw, fh, v->sel.pane, u.station, out))
        return true;
    *out = (SDL_FRect){L.floor.x + 12.0f, L.floor.y + 12.0f, 1.0f, 1.0f};
    return true;
}

static void short_clock(char *b, size_t n, double t) {
    long s = (long)floor(t);
    snprintf(b, n, "d%ld %02ld:%02ld:%02ld", s / (long)SIM_DAY + 1, (s / (long)SIM_HOUR) % 24,
             (s / (long)SIM_MINUTE) % 60, s % 60);
}

/* Header: serial, fate chip, product (variant) and order; returns y below. */
static float card_header(const rnd_view *v, SDL_Renderer *r, rnd_text *t, const lv_unit_info *u, float x, float y,
                         float iw) {
    int p = v->sel.pane;
    const mdl_model *m = lv_session_model(v->session, p);
    char b[200], serial[96], var[96] = "";
    serial_of(v, p, u->number, serial, sizeof serial);
    rnd_text_draw_fit(t, serial, x, y, (rnd_font_style){17, true}, RND_COL_TEXT, RND_ALIGN_LEFT, iw * 0.62f);
    rnd__chip(r, t, x + iw, y + 2.0f, fate_name(u->fate), (rnd_font_style){11, true}, fate_color(u->fate), WHITE,
              RND_ALIGN_RIGHT, NULL);
    y += 26.0f;
    if (u->order >= 0 && mdl_model_is_family(m, u->product))
        mdl_model_variant_name(m, u->product, mdl_model_order_variant(m, u->order), var, sizeof var);
    const char *order = u->order >= 0 ? mdl_model_order_id(m, u->order) : NULL;
    snprintf(b, sizeof b, "%s%s%s%s \xC2\xB7 %s%s", mdl_model_product_id(m, u->product), var[0] ? " (" : "", var,
             var[0] ? ")" : "", order ? "order " : "no order (", order ? order : "released by the line)");
    rnd_text_draw_fit(t, b, x, y, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT, iw);
    return y + 20.0f;
}

static float card_facts(const rnd_view *v, SDL_Renderer *r, rnd_text *t, const lv_trace *tr,
                        const lv_unit_info *u, float x, float y, float iw) {
    (void)r;
    char b[200];
    rnd_format_clock(b, sizeof b, u->created, week_offset(v));
    rnd__kv(t, x, y, iw, "Created", b);
    y += 16.0f;
    where_text(v, v->sel.pane, u, b, sizeof b);
    rnd__kv(t, x, y, iw, "Where", b);
    y += 16.0f;
    double end = u->fate == LV_UNIT_IN_LINE ? lv_session_now(v->session) : u->ended;
    rnd_format_duration(b, sizeof b, end - u->created);
    rnd__kv(t, x, y, iw, u->fate == LV_UNIT_IN_LINE ? "In the plant for" : "Time in the plant", b);
    y += 16.0f;
    snprintf(b, sizeof b, "%d", u->rework_passes);
    rnd__kv(t, x, y, iw, "Rework passes", b);
    y += 16.0f;
    rnd__kv(t, x, y, iw, "Defective (found)", u->defective ? "yes" : "no");
    y += 16.0f;
    if (u->components > 0) {
        snprintf(b, sizeof b, "Components (%d)", u->components);
        rnd_text_draw(t, b, x, y + 2.0f, RND_FONT_BOLD, RND_COL_TEXT, RND_ALIGN_LEFT);
        y += 18.0f;
        int shown = 0;
        for (uint32_t i = lv_trace_first(tr, u->number); i != UINT32_MAX; i = lv_trace_record(tr, i)->next) {
            const lv_trace_rec *rc = lv_trace_record(tr, i);
            if (rc->kind != MDL_LOG_ASSEMBLE || !rc->part)
                continue;
            if (shown == MAX_PART_LINES) {
                snprintf(b, sizeof b, "\xE2\x80\xA6 and %d more", u->components - shown);
                rnd_text_draw(t, b, x + 8.0f, y, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
                y += 15.0f;
                break;
            }
            char ser[96], when[32];
            serial_of(v, v->sel.pane, rc->part, ser, sizeof ser);
            short_clock(when, sizeof when, rc->time);
            snprintf(b, sizeof b, "%s \xC2\xB7 joined %s", ser, when);
            rnd_text_draw_fit(t, b, x + 8.0f, y, RND_FONT_SMALL, RND_COL_TEXT, RND_ALIGN_LEFT, iw - 8.0f);
            y += 15.0f;
            shown++;
        }
    }
    return y;
}

static void hms(char *b, size_t n, double t) {
    long s = (long)floor(t);
    snprintf(b, n, "%02ld:%02ld:%02ld", (s / (long)SIM_HOUR) % 24, (s / (long)SIM_MINUTE) % 60, s % 60);
}

/* "cnc_op10 · d1 10:02:11 → 10:09:40 · waited 3 min · pass" */
static void visit_line(const rnd_view *v, const lv_visit *vi, char *b, size_t n) {
    const mdl_station_spec *sp = mdl_model_station(lv_session_model(v->session, v->sel.pane), vi->station);
    char in[32], en[32] = "", wait[48] = "";
    short_clock(in, sizeof in, vi->queued);
    if (vi->started < 0.0)
        snprintf(wait, sizeof wait, " \xC2\xB7 waiting");
    else if (vi->started - vi->queued >= 1.0) {
        char d[32];
        rnd_format_duration(d, sizeof d, vi->started - vi->queued);
        snprintf(wait, sizeof wait, " \xC2\xB7 waited %s", d);
    }
    if (vi->ended >= 0.0) {
        en[0] = ' ', en[1] = '\xE2', en[2] = '\x86', en[3] = '\x92', en[4] = ' ';
        hms(en + 5, sizeof en - 5, vi->ended);
    } else if (vi->started >= 0.0) {
        snprintf(en, sizeof en, " \xC2\xB7 working");
    }
    snprintf(b, n, "%s%s \xC2\xB7 %s%s%s%s", sp ? sp->id : "?", vi->rework_pass ? " (rework)" : "", in, en, wait,
             vi->inspected == 1 ? " \xC2\xB7 FAIL" : vi->inspected == 0 ? " \xC2\xB7 pass" : "");
}

void rnd__draw_unit_inspector(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect box) {
    const lv_trace *tr;
    lv_unit_info u;
    if (!selected_unit(v, &tr, &u))
        return;
    rnd_shadow(r, box, 8.0f, 6.0f);
    rnd__card(r, box);
    float x = box.x + 14.0f, iw = box.w - 28.0f, y = box.y + 12.0f;
    y = card_header(v, r, t, &u, x, y, iw);
    y = card_facts(v, r, t, tr, &u, x, y, iw);
    rnd_text_draw(t, "Stations visited", x, y + 4.0f, RND_FONT_BOLD, RND_COL_TEXT, RND_ALIGN_LEFT);
    y += 24.0f;
    char b[240];
    if (u.dropped) {
        rnd_text_draw(t, "history no longer held (the unit has left)", x, y, RND_FONT_SMALL, RND_COL_TEXT_DIM,
                      RND_ALIGN_LEFT);
        return;
    }
    lv_visit vis[MAX_VISIT_LINES];
    int n = lv_trace_visits(tr, u.number, 0, NULL, 0), first = 0;
    if (n > MAX_VISIT_LINES) { /* the latest ones, with a line for the rest */
        first = n - MAX_VISIT_LINES;
        snprintf(b, sizeof b, "\xE2\x80\xA6 %d earlier visit%s", first, first == 1 ? "" : "s");
        rnd_text_draw(t, b, x, y, RND_FONT_SMALL, RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
        y += 15.0f;
    }
    lv_trace_visits(tr, u.number, first, vis, MAX_VISIT_LINES);
    for (int k = 0; k < n - first; k++) {
        visit_line(v, &vis[k], b, sizeof b);
        rnd_text_draw_fit(t, b, x, y, RND_FONT_SMALL, RND_COL_TEXT, RND_ALIGN_LEFT, iw);
        y += 15.0f;
    }
}

void rnd__unit_tooltip(const rnd_view *v, const rnd_pick *p, char *l1, size_t n1, char *l2, size_t n2,
                       SDL_Color *accent) {
    const lv_trace *tr = lv_session_trace(v->session, p->pane);
    lv_unit_info u;
    serial_of(v, p->pane, (uint64_t)p->index, l1, n1);
    if (!tr || !lv_trace_unit(tr, (uint64_t)p->index, &u)) {
        snprintf(l2, n2, "click for its history");
        *accent = RND_COL_ACCENT;
        return;
    }
    char where[160], age[32];
    where_text(v, p->pane, &u, where, sizeof where);
    rnd_format_duration(age, sizeof age, lv_session_now(v->session) - u.created);
    snprintf(l2, n2, "%s \xC2\xB7 in the plant %s \xC2\xB7 click for its history", where, age);
    *accent = rnd_product_color(u.product);
}
