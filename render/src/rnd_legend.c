/*
 * rnd_legend.c - the states of the viewer's resources and their colours as
 * one table (stations, AGVs, robots, AS/RS cranes), and the legend drawn
 * from it: the drawing asks the table for a state's colour
 * (rnd_state_color, rnd_vstate_color, rnd_robot_state_color,
 * rnd_crane_color), the legend lists its rows for the resources a line has,
 * and docs/viewer.md's colour tables are its Markdown
 * (rnd_states_markdown; tests/test_render_trace.c compares them).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdl_asrs.h"
#include "mdl_conveyor_net.h"
#include "mdl_transport.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

#define GREEN {46, 170, 84, 255}
#define BLUE {66, 133, 220, 255}
#define LIGHT_GREY {196, 202, 210, 255}
#define AMBER {240, 169, 46, 255}
#define RED {214, 61, 61, 255}
#define SLATE {92, 100, 112, 255}
#define VIOLET {132, 84, 196, 255}
#define TEAL {0, 128, 128, 255}
#define PLUM {142, 46, 112, 255}
#define BELT_GREY {84, 92, 106, 255}

/* Close to the conventions of commercial line simulators (working green,
 * failed red, blocked yellow, waiting grey) so trainees who saw one of them
 * read this one without the legend; vehicles and robots use the same
 * families. Rows of a resource in legend order. */
static const rnd_state_row rows[] = {
    {RND_RES_STATION, MDL_STATE_BUSY, "busy", "green", "processing a unit", GREEN},
    {RND_RES_STATION, MDL_STATE_SETUP, "setup", "blue", "changing over to another product", BLUE},
    {RND_RES_STATION, MDL_STATE_IDLE, "idle (starved)", "light grey", "waiting for work", LIGHT_GREY},
    {RND_RES_STATION, MDL_STATE_STANDBY, "standby", "pale blue-grey",
     "idle long enough to drop to standby power (part of idle in the KPIs)", {170, 190, 214, 255}},
    {RND_RES_STATION, MDL_STATE_WAIT_OPERATOR, "waiting for operator", "rose",
     "its operation needs people of a pool and they have not come yet (`wait_operator`)", {214, 112, 166, 255}},
    {RND_RES_STATION, MDL_STATE_BLOCKED, "blocked", "amber",
     "holding a finished unit the next station cannot take yet", AMBER},
    {RND_RES_STATION, MDL_STATE_DOWN, "down", "red", "broken (by its failure law or by the trainer)", RED},
    {RND_RES_STATION, MDL_STATE_MAINT, "maintenance", "violet",
     "planned maintenance (preventive, predictive or condition-based), not the red of broken", VIOLET},
    {RND_RES_STATION, MDL_STATE_OFF, "off shift", "slate", "outside the station's shift calendar", SLATE},

    {RND_RES_VEHICLE, MDL_V_LOADED, "loaded", "green", "driving with units on board", GREEN},
    {RND_RES_VEHICLE, MDL_V_EMPTY, "empty", "blue", "driving empty (to a pick-up, to park, to charge)",
     {96, 150, 230, 255}},
    {RND_RES_VEHICLE, MDL_V_HANDLING, "loading/unloading", "cyan", "loading or unloading at a station",
     {20, 170, 190, 255}},
    {RND_RES_VEHICLE, MDL_V_TRAFFIC, "waiting for traffic", "amber",
     "waiting for a zone or lane another vehicle holds (with an amber halo)", AMBER},
    {RND_RES_VEHICLE, MDL_V_BLOCKED, "blocked", "orange",
     "loaded, waiting for room at a full destination (with an amber halo)", {226, 120, 30, 255}},
    {RND_RES_VEHICLE, MDL_V_CHARGING, "charging", "violet", "charging or waiting for a charger (with a bolt)",
     {160, 90, 230, 255}},
    {RND_RES_VEHICLE, MDL_V_IDLE, "idle", "light grey", "no task: parked or standing", LIGHT_GREY},
    {RND_RES_VEHICLE, MDL_V_DOWN, "down", "red",
     "broken down (its failure modes): standing where it stopped, holding its zones", RED},
    {RND_RES_VEHICLE, MDL_V_MAINT, "maintenance", "violet",
     "planned maintenance (preventive, predictive or condition-based)", VIOLET},
    {RND_RES_VEHICLE, MDL_V_OFF, "off shift", "slate", "outside its fleet's shift calendar: parked, takes no task",
     SLATE},

    {RND_RES_ROBOT, MDL_ROBOT_BUSY, "busy", "green", "loading or unloading a machine", GREEN},
    {RND_RES_ROBOT, MDL_ROBOT_MOVING, "moving", "blue", "moving between the machines it tends", BLUE},
    {RND_RES_ROBOT, MDL_ROBOT_IDLE, "idle", "light grey", "no request waiting", LIGHT_GREY},
    {RND_RES_ROBOT, MDL_ROBOT_DOWN, "down", "red", "broken (with a red dot)", RED},
    {RND_RES_ROBOT, MDL_ROBOT_MAINT, "maintenance", "violet", "planned maintenance", VIOLET},
    {RND_RES_ROBOT, MDL_ROBOT_OFF, "off shift", "slate", "outside its shift calendar: starts no task", SLATE},

    {RND_RES_CRANE, RND_CRANE_LOADED, "loaded", "amber", "carrying a unit to its cell or out of it",
     {232, 160, 40, 255}},
    {RND_RES_CRANE, MDL_CRANE_MOVING, "moving", "blue", "travelling empty", {52, 120, 200, 255}},
    {RND_RES_CRANE, MDL_CRANE_HANDLING, "handling", "cyan", "picking up or setting down", {20, 170, 190, 255}},
    {RND_RES_CRANE, MDL_CRANE_IDLE, "idle", "grey", "resting at the aisle's input/output point",
     {150, 156, 166, 255}},
    {RND_RES_CRANE, MDL_CRANE_OFF, "off shift", "slate", "the line's calendar is off", SLATE},
    {RND_RES_CRANE, MDL_CRANE_DOWN, "down", "red", "broken (its failure modes): stands where it failed", RED},
    {RND_RES_CRANE, MDL_CRANE_MAINT, "maintenance", "violet", "planned maintenance", VIOLET},

    /* Conveyor networks: not states but marks, in colours no state uses. */
    {RND_RES_JUNCTION, RND_MARK_MERGE, "merge", "teal",
     "a triangle where two or more belts join, pointing along the output belt; its rule (`alternate`, "
     "`priority`) beside it",
     TEAL},
    {RND_RES_JUNCTION, RND_MARK_FAVOURED, "favoured input", "teal",
     "a bar across the end of the input a `priority` merge takes first (the first listed)", TEAL},
    {RND_RES_JUNCTION, RND_MARK_DIVERTER, "diverter", "plum",
     "a diamond where a belt splits, at the end of its input belt; its rule (`product`, `destination`, "
     "`shortest_queue`) beside it",
     PLUM},
    {RND_RES_JUNCTION, RND_MARK_OUTPUT, "outputs 1 2 3", "plum",
     "a numbered tag at the start of each output of a diverter, in the order of its `outputs` (the rule's "
     "order); an output straight into a station is a dashed arrow to it, and the through way of "
     "`destination` (no station) is tagged `~`",
     PLUM},
    {RND_RES_JUNCTION, RND_MARK_DIRECTION, "direction", "dark grey",
     "chevrons along a belt point the way its units ride, an arrowhead at its delivering end", BELT_GREY},
};
#define NROWS ((int)(sizeof rows / sizeof rows[0]))

static const SDL_Color MAGENTA = {255, 0, 255, 255};

const rnd_state_row *rnd_states(int *count) {
    if (count)
        *count = NROWS;
    return rows;
}

static const rnd_state_row *row_of(rnd_resource res, int state) {
    for (int i = 0; i < NROWS; i++)
        if (rows[i].res == res && rows[i].state == state)
            return &rows[i];
    return NULL;
}

SDL_Color rnd_resource_color(rnd_resource res, int state) {
    const rnd_state_row *r = row_of(res, state);
    return r ? r->color : MAGENTA;
}

const char *rnd_resource_label(rnd_resource res, int state) {
    const rnd_state_row *r = row_of(res, state);
    return r ? r->label : "?";
}

SDL_Color rnd_state_color(mdl_state s) {
    return rnd_resource_color(RND_RES_STATION, (int)s);
}

const char *rnd_state_label(mdl_state s) {
    return rnd_resource_label(RND_RES_STATION, (int)s);
}

SDL_Color rnd_vstate_color(int vstate) {
    return rnd_resource_color(RND_RES_VEHICLE, vstate);
}

SDL_Color rnd_robot_state_color(int rstate) {
    return rnd_resource_color(RND_RES_ROBOT, rstate);
}

SDL_Color rnd_belt_mark_color(int mark) {
    return rnd_resource_color(RND_RES_JUNCTION, mark);
}

SDL_Color rnd_crane_color(int state, bool loaded) {
    bool stopped = state == MDL_CRANE_DOWN || state == MDL_CRANE_MAINT; /* (not the loaded colour) */
    return rnd_resource_color(RND_RES_CRANE, loaded && !stopped ? RND_CRANE_LOADED : state);
}

size_t rnd_states_markdown(rnd_resource res, char *buf, size_t size) {
    size_t n = 0;
    int w = snprintf(buf, size, "| %s | colour | meaning |\n| --- | --- | --- |\n",
                     res == RND_RES_JUNCTION ? "mark" : "state");
    n += (size_t)(w > 0 ? w : 0);
    for (int i = 0; i < NROWS; i++) {
        if (rows[i].res != res)
            continue;
        w = snprintf(n < size ? buf + n : NULL, n < size ? size - n : 0, "| %s | %s | %s |\n", rows[i].label,
                     rows[i].colour, rows[i].meaning);
        n += (size_t)(w > 0 ? w : 0);
    }
    return n;
}

/* ---- the legend ------------------------------------------------------------ */

/* A text's width; without a text cache (rnd_view_fit has none) an
 * estimate on the high side (7 px a byte at the legend's 11 px), so the
 * room kept for the legend is never too small. */
static float text_w(rnd_text *t, const char *s, rnd_font_style st) {
    return t ? (float)rnd_text_width(t, s, st) : 7.0f * (float)strlen(s);
}

/* The units' part of the legend (products when few, the defective mark)
 * from x at centre height cy; draw false: only its width. */
static float legend_units(SDL_Renderer *r, rnd_text *t, const mdl_model *m, int shown_products, float x, float cy,
                          bool draw) {
    rnd_font_style st = RND_FONT_SMALL;
    float x0 = x;
    for (int p = 0; p < shown_products; p++) {
        if (draw)
            rnd_fill_circle(r, x + 5.0f, cy, 5.0f, rnd_product_color(p));
        x += 15.0f;
        x += (draw ? (float)rnd_text_draw(t, mdl_model_product_id(m, p), x, cy - 7.0f, st, RND_COL_TEXT,
                                          RND_ALIGN_LEFT)
                   : text_w(t, mdl_model_product_id(m, p), st)) + 10.0f;
    }
    if (draw) {
        rnd_fill_circle(r, x + 5.0f, cy, 6.0f, RND_COL_BAD);
        rnd_fill_circle(r, x + 5.0f, cy, 4.0f, rnd_product_color(0));
        rnd_text_draw(t, "defective", x + 15.0f, cy - 7.0f, st, RND_COL_TEXT, RND_ALIGN_LEFT);
    }
    x += 15.0f + text_w(t, "defective", st) + 10.0f;
    bool maint = false; /* the PdM / CBM warning's amber triangle */
    for (int i = 0; i < mdl_model_station_count(m); i++) maint |= mdl_model_station(m, i)->maint != NULL;
    if (maint) {
        if (draw) {
            rnd_fill_triangle(r, x + 6.0f, cy - 6.0f, x, cy + 6.0f, x + 12.0f, cy + 6.0f, (SDL_Color){240, 169, 46, 255});
            rnd_text_draw(t, "warned", x + 17.0f, cy - 7.0f, st, RND_COL_TEXT, RND_ALIGN_LEFT);
        }
        x += 17.0f + text_w(t, "warned", st) + 10.0f;
    }
    return x - x0;
}

/* A row of a resource's states: "AGVs:" then a swatch and word per state,
 * from x at centre height cy; draw false: only its width. */
/* Whether the legend shows row i for line m: the `off shift` of vehicles
 * and robots only when a fleet or robot of the line has a calendar. */
static bool row_shown(const mdl_model *m, int i) {
    if (rows[i].res == RND_RES_VEHICLE && rows[i].state == MDL_V_OFF) {
        for (int f = 0; f < mdl_model_fleet_count(m); f++)
            if (mdl_model_fleet(m, f)->calendar >= 0)
                return true;
        return false;
    }
    if (rows[i].res == RND_RES_ROBOT && rows[i].state == MDL_ROBOT_OFF) {
        for (int k = 0; k < mdl_model_robot_count(m); k++)
            if (mdl_model_robot(m, k)->calendar >= 0)
                return true;
        return false;
    }
    return true;
}

static float legend_states(const mdl_model *m, SDL_Renderer *r, rnd_text *t, rnd_resource res, const char *title,
                           float x, float cy, bool draw) {
    rnd_font_style st = RND_FONT_SMALL;
    float x0 = x;
    if (title) {
        x += (draw ? (float)rnd_text_draw(t, title, x, cy - 7.0f, st, RND_COL_TEXT_DIM, RND_ALIGN_LEFT)
                   : text_w(t, title, st)) + 8.0f;
    }
    for (int i = 0; i < NROWS; i++) {
        if (rows[i].res != res || !row_shown(m, i))
            continue;
        if (draw && res == RND_RES_JUNCTION)
            rnd__belt_mark(r, t, rows[i].state, x + 6.0f, cy, 6.0f, 1.0f, 0.0f);
        else if (draw)
            rnd_fill_round_rect(r, (SDL_FRect){x, cy - 6.0f, 12.0f, 12.0f}, 3.0f, rows[i].color);
        x += 17.0f;
        x += (draw ? (float)rnd_text_draw(t, rows[i].label, x, cy - 7.0f, st, RND_COL_TEXT, RND_ALIGN_LEFT)
                   : text_w(t, rows[i].label, st)) + 10.0f;
    }
    return x - x0;
}

/* The legend's boxes, bottom-up: the main box (the station states, then
 * the units, in one row when it fits, else in two), above it a row per
 * kind of material handling the line has (AGVs, robots, cranes, the marks
 * of conveyor networks) and the people's, each when it fits: beside the
 * scale bar (rnd__scale) left of it, above it the floor's width, so that
 * no box of the legend ever covers it. Without a text cache (t NULL: fitting) every row
 * is counted, so the room kept is never short. */
enum { LEGEND_KINDS = 4 };
static const struct {
    rnd_resource res;
    const char *title;
} legend_kinds[LEGEND_KINDS] = {
    {RND_RES_VEHICLE, "AGVs:"}, {RND_RES_ROBOT, "robots:"}, {RND_RES_CRANE, "cranes:"}, {RND_RES_JUNCTION, "belts:"}};

typedef struct legend_place {
    SDL_FRect box; /* the main box */
    bool two_rows;
    int shown_products;
    int nrows, kind[LEGEND_KINDS]; /* the rows above it, bottom-up, and their kinds */
    SDL_FRect row[LEGEND_KINDS];
    SDL_FRect people; /* w 0: none */
    float top;        /* the top of the highest box */
} legend_place;

static int kind_count(const mdl_model *m, int k) {
    switch (k) {
    case 0: return mdl_model_fleet_count(m);
    case 1: return mdl_model_robot_count(m);
    case 2: return mdl_model_asrs_count(m);
    default: return mdl_model_merge_count(m) + mdl_model_diverter_count(m);
    }
}

/* The main box at the floor's bottom-left, no wider than room; false
 * when it does not fit even in two rows without the products. */
static bool legend_main(const mdl_model *m, rnd_text *t, SDL_FRect floor, float room, legend_place *p) {
    float ws = 16.0f + legend_states(m, NULL, t, RND_RES_STATION, NULL, 0.0f, 0.0f, false);
    int np = mdl_model_product_count(m);
    for (p->shown_products = np > 1 && np <= 6 ? np : 0;; p->shown_products = 0) {
        float wu = legend_units(NULL, t, m, p->shown_products, 0.0f, 0.0f, false) + 4.0f;
        p->two_rows = ws + wu > room;
        float w = p->two_rows ? (ws > wu + 16.0f ? ws : wu + 16.0f) : ws + wu, hgt = p->two_rows ? 48.0f : 24.0f;
        p->box = (SDL_FRect){floor.x + 10.0f, floor.y + floor.h - hgt - 10.0f, w, hgt};
        if (w <= room || !t)
            return true;
        if (p->shown_products == 0)
            return false; /* too narrow: the help overlay still explains the colours (measured, not estimated) */
    }
}

/* The width a box of the legend may take from the floor's left edge when
 * its top is at y, h high: up to the scale bar when it is beside it, the
 * floor's width above it. */
static float legend_room(SDL_FRect floor, const rnd_scale *sc, float y, float h) {
    bool beside = y < sc->box.y + sc->box.h && y + h > sc->box.y;
    return (beside ? sc->box.x - 10.0f : floor.x + floor.w - 10.0f) - (floor.x + 10.0f);
}

static bool legend_place_at(const rnd_view *v, rnd_text *t, SDL_FRect floor, legend_place *p) {
    const mdl_model *m = rnd__pane(v, 0).model;
    rnd_scale sc = rnd__scale(v, floor);
    if (!t) /* fitting: the camera's scale is not settled; the widest bar (under 2.5 x 70 px) */
        sc.box.x = fminf(sc.box.x, floor.x + floor.w - 24.0f - 175.0f);
    memset(p, 0, sizeof *p);
    if (!legend_main(m, t, floor, legend_room(floor, &sc, floor.y + floor.h - 58.0f, 48.0f), p))
        return false;
    float y = p->box.y;
    for (int k = 0; k < LEGEND_KINDS; k++) {
        if (!kind_count(m, k))
            continue;
        float w = legend_states(m, NULL, t, legend_kinds[k].res, legend_kinds[k].title, 0.0f, 0.0f, false) + 20.0f;
        if (t && w > legend_room(floor, &sc, y - 26.0f, 22.0f))
            continue;
        y -= 26.0f;
        p->kind[p->nrows] = k;
        p->row[p->nrows++] = (SDL_FRect){p->box.x, y, w, 22.0f};
    }
    float wp = rnd__people_legend_width(v, t);
    if (wp > 0.0f && (wp <= legend_room(floor, &sc, y - 26.0f, 22.0f) || !t)) {
        y -= 26.0f;
        p->people = (SDL_FRect){p->box.x, y, wp, 22.0f};
    }
    p->top = y;
    return true;
}

float rnd__overlay_top(const rnd_view *v, SDL_FRect floor) {
    legend_place p;
    float top = rnd__scale(v, floor).box.y;
    if (legend_place_at(v, NULL, floor, &p) && p.top < top) /* fitting: every row counted, never short */
        top = p.top;
    return top;
}

float rnd__legend_height(const rnd_view *v, rnd_text *t, float floor_w) {
    legend_place p;
    if (!legend_place_at(v, t, (SDL_FRect){0.0f, 0.0f, floor_w, 0.0f}, &p))
        return 0.0f;
    return -p.top;
}

/* The legend: the bottom box, and above it the material handling's states
 * and the people's when the line has them. */
void rnd__draw_legend(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect floor) {
    const mdl_model *m = rnd__pane(v, 0).model;
    legend_place p;
    if (!legend_place_at(v, t, floor, &p))
        return;
    for (int i = 0; i < p.nrows; i++) {
        SDL_FRect rc = p.row[i];
        rnd_fill_round_rect(r, rc, 6.0f, (SDL_Color){255, 255, 255, 225});
        legend_states(m, r, t, legend_kinds[p.kind[i]].res, legend_kinds[p.kind[i]].title, rc.x + 10.0f,
                      rc.y + 11.0f, true);
    }
    if (p.people.w > 0.0f)
        rnd__people_legend(v, r, t, p.people.x, p.people.y);
    SDL_FRect box = p.box;
    rnd_fill_round_rect(r, box, 6.0f, (SDL_Color){255, 255, 255, 225});
    float row = 24.0f, x = box.x + 10.0f, cy = box.y + row * 0.5f;
    x += legend_states(m, r, t, RND_RES_STATION, NULL, x, cy, true);
    if (p.two_rows) {
        x = box.x + 10.0f;
        cy += row;
    } else {
        rnd_fill_rect(r, (SDL_FRect){x - 4.0f, cy - 7.0f, 1.0f, 14.0f}, RND_COL_PANEL_EDGE);
        x += 4.0f;
    }
    legend_units(r, t, m, p.shown_products, x, cy, true);
}

int rnd_view_overlay_boxes(const rnd_view *v, rnd_text *t, int w, int h, SDL_FRect *scale, SDL_FRect *legend,
                           int max) {
    rnd_layout L;
    rnd_view_layout(v, w, h, &L);
    legend_place p;
    if (!(L.floor.w > 0.0f && L.floor.h > 60.0f))
        return -1; /* neither is drawn */
    *scale = rnd__scale(v, L.floor).box;
    if (!legend_place_at(v, t, L.floor, &p))
        return 0;
    int n = 0;
    if (n < max)
        legend[n++] = p.box;
    for (int i = 0; i < p.nrows && n < max; i++)
        legend[n++] = p.row[i];
    if (p.people.w > 0.0f && n < max)
        legend[n++] = p.people;
    return n;
}
