/*
 * rnd_internal.h - the view's insides, shared by rnd_view*.c and the layers.
 */
#ifndef RND_INTERNAL_H
#define RND_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "lv_session.h"
#include "mdl_asrs.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "rnd_text.h"
#include "rnd_view.h"

#define RND_PI 3.14159265358979323846

/* What the drawing reads of one pane of the session (rnd__pane): a value
 * made afresh on each call, so it never outlives a restart or a reload. */
typedef struct rnd_pane {
    const mdl_model *model;
    const mdl_run *run;
    const lv_history *hist;
    const mdl_rep_result *result; /* KPI cache; NULL before the first sync */
    const char *label;
    int index;
    const lv_session *session; /* for the trace (lv_session_trace) and the time */
} rnd_pane;

typedef struct rnd_camera {
    double cx, cy;  /* world point at the centre of each pane, m */
    double ppm;     /* pixels per metre */
} rnd_camera;

/* A safety flash: where, in which pane, since when (wall seconds). */
typedef struct rnd_flash {
    int pane;
    double wx, wy;
    double since;
} rnd_flash;

/* The view: the session it draws (owned) and what only the screen has. */
struct rnd_view {
    lv_session *session;
    int npanes;               /* the session's, fixed for its life */
    rnd_camera cam;
    rnd_pane_mode mode;
    int sel_pane, sel_station;
    rnd_pick sel;             /* the selection; sel_station mirrors a station */
    float mouse_x, mouse_y;
    bool mouse_in;
    bool help;
    /* The unit search field (rnd_trace.c). */
    bool search_open;
    char search[64];
    char search_msg[256];
    /* Safety flashes (rnd_safety.c): events seen per pane, of which run. */
    uint64_t safety_seen[RND_MAX_PANES];
    unsigned safety_gen;
    /* Per pane, the fleets (bit f; the first 64) whose stall the log has
     * said and that have not moved on since (rnd_safety.c). */
    uint64_t stall_said[RND_MAX_PANES];
    rnd_flash flash[RND_MAX_FLASHES];
    int nflash;
    double wall_now;
};

static inline rnd_pane rnd__pane(const rnd_view *v, int p) {
    rnd_pane pn = {lv_session_model(v->session, p), lv_session_run_const(v->session, p),
                   lv_session_history(v->session, p), lv_session_result(v->session, p),
                   lv_session_label(v->session, p), p, v->session};
    return pn;
}

/* Where a pane's world maps on screen. */
typedef struct rnd_xform {
    SDL_FRect area;   /* the pane's screen rectangle */
    double cx, cy;    /* world point at the centre of area */
    double ppm;
} rnd_xform;

static inline float rnd__sx(const rnd_xform *x, double wx) {
    return (float)((double)x->area.x + (double)x->area.w * 0.5 + (wx - x->cx) * x->ppm);
}
static inline float rnd__sy(const rnd_xform *x, double wy) {
    return (float)((double)x->area.y + (double)x->area.h * 0.5 + (wy - x->cy) * x->ppm);
}

void rnd__xform(const rnd_view *v, const rnd_layout *L, int pane, rnd_xform *out);
/* A station's footprint on screen. */
SDL_FRect rnd__station_rect(const rnd_xform *x, const mdl_station_spec *s);
/* Where the segment from the centre (cx, cy) of a box with half sizes hw, hh
 * towards (tx, ty) leaves the box (any unit: metres or pixels). */
void rnd__box_exit(double cx, double cy, double hw, double hh, double tx, double ty, double *ox, double *oy);
/* Screen rectangle of the inspector card in a fw x fh frame; false when no
 * station is selected (or the floor is too small for the card). */
bool rnd__inspector_rect(const rnd_view *v, int fw, int fh, SDL_FRect *out);
/* Is pane p visible in the view's mode? */
bool rnd__pane_visible(const rnd_view *v, int p);

/* ---- material handling geometry (rnd_layer_transport.c) ---------------- */

/* Where conveyor c is drawn, metres: its spec's geometry, else from the
 * station that feeds it to the station it feeds (footprint edge to edge).
 * False when it has neither. */
bool rnd__conveyor_ends(const mdl_model *m, int c, double *x0, double *y0, double *x1,
                        double *y1);
/* Where robot r's base stands, metres: below the stations it tends, in
 * the middle of them. */
void rnd__robot_base(const mdl_model *m, int r, double *x, double *y);
/* Screen size of a vehicle of fleet f: length and width in pixels. */
void rnd__vehicle_size(const rnd_xform *x, const mdl_model *m, int fleet, float *len,
                       float *wid);
/* Where the unit `s` metres along belt cs (drawn len pixels long) is drawn:
 * pixels along the belt from its entry, and the marker's size. */
void rnd__belt_unit_place(const rnd_xform *x, const mdl_conveyor_spec *cs, float len, double s, float *along,
                          float *size);
/* The load boxes drawn on a vehicle of fleet spec fs (len x wid pixels):
 * their centres (up to 4) and size; their number (0 when none is drawn). */
int rnd__cargo_spots(const rnd_xform *x, const mdl_fleet_spec *fs, const mdl_vehicle_view *vv, float len, float wid,
                     float *cx, float *cy, float *bs);
/* rnd_carried.c: a unit held by material handling (riding a vehicle or a
 * belt, on an out-point tray, at a receiving dock, on an AS/RS's points or
 * crane) under (px, py), and where such a unit is drawn now. */
bool rnd__carried_unit_at(const rnd_xform *x, const rnd_pane *pn, float px, float py, uint64_t *unit);
bool rnd__carried_unit_spot(const rnd_xform *x, const rnd_pane *pn, uint64_t unit, float *cx, float *cy);
/* "on belt loop_a", "on cart #2", "waiting for pick-up at saw", "on crane
 * of aisle 1 of store" ... when material handling holds the unit now;
 * false otherwise. */
bool rnd__unit_riding(const rnd_pane *pn, uint64_t unit, char *b, size_t n);
/* Extends [x0, x1] x [y0, y1] by the nodes, conveyors and robots of m. */
void rnd__transport_bounds(const mdl_model *m, double *x0, double *y0, double *x1,
                           double *y1);

/* Everything a layer needs to draw one pane. */
typedef struct rnd_frame {
    const rnd_view *view;
    const rnd_pane *pane;
    SDL_Renderer *r;
    rnd_text *text;
    rnd_xform x;
    int selected;   /* selected station in this pane, or -1 */
    int hovered;    /* station under the mouse in this pane, or -1 */
    rnd_pick sel;   /* selection in this pane (kind NONE otherwise) */
    rnd_pick hover; /* entity under the mouse in this pane (kind NONE otherwise) */
} rnd_frame;

/* The floor is drawn bottom-up as layers, one per entity kind. AGV paths and
 * vehicles, robot arms between machines and conveyors (issue 5) each add a
 * function here and an entry in rnd_view_draw.c's layer table. */
typedef void rnd_layer_fn(const rnd_frame *f);

void rnd__layer_floor(const rnd_frame *f);    /* background, grid */
void rnd__layer_flows(const rnd_frame *f);    /* route arrows between stations */
void rnd__layer_stations(const rnd_frame *f); /* footprints, servers, buffers, units */
void rnd__layer_labels(const rnd_frame *f);   /* station names, queue counts */
void rnd__layer_paths(const rnd_frame *f);    /* AGV lanes, one-way arrows, nodes */
void rnd__layer_conveyors(const rnd_frame *f); /* belts and the units on them */
void rnd__layer_junctions(const rnd_frame *f); /* merges and diverters (rnd_junctions.c) */
/* rnd_junctions.c: mark (an rnd_belt_mark) of half-size s at (cx, cy),
 * pointing along (ux, uy); the legend draws them too. Chevrons along a
 * belt of screen width bw from (x0, y0) in direction (ux, uy). */
void rnd__belt_mark(SDL_Renderer *r, rnd_text *t, int mark, float cx, float cy, float s, float ux, float uy);
void rnd__belt_chevrons(const rnd_frame *f, float x0, float y0, float ux, float uy, float len, float bw);
void rnd__layer_asrs(const rnd_frame *f);     /* AS/RS racks and cranes (rnd_asrs.c) */
void rnd__asrs_bounds(const mdl_model *m, double *x0, double *y0, double *x1, double *y1);
void rnd__layer_docks(const rnd_frame *f);    /* receiving and shipping docks (rnd_dock.c) */
void rnd__dock_bounds(const mdl_model *m, double *x0, double *y0, double *x1, double *y1);
void rnd__layer_outpoints(const rnd_frame *f); /* units waiting for a vehicle */
void rnd__layer_robots(const rnd_frame *f);   /* base and arm of each robot */
void rnd__layer_vehicles(const rnd_frame *f); /* AGVs: body, load, battery, state */
void rnd__layer_people(const rnd_frame *f);   /* people: figures coloured by what they do */

/* ---- units held by material handling (rnd_layer_transport.c, rnd_asrs.c,
 * picked in rnd_carried.c) ------------------------------------------------ */

/* A unit's marker as on belts and vehicles (its product's colour, a white
 * rim, red when defective, the selection ring); u NULL: a plain load box. */
void rnd__unit_square(const rnd_frame *f, float cx, float cy, float s, const mdl_unit_view *u);
/* The k-th unit held at `which` (a station's out-point, an AS/RS's output
 * point): mdl_run_outpoint_unit, mdl_run_asrs_out_unit. */
typedef bool rnd_held_fn(const mdl_run *r, int which, size_t k, mdl_unit_view *u);
/* A station's out-point tray for n units: its box, the centres and size of
 * the squares shown (at most 3; their number), -1 when not drawn. */
int rnd__tray_spots(const rnd_xform *x, const mdl_station_spec *sp, size_t n, SDL_FRect *tray, float *cx, float *cy,
                    float *us);
/* Draws a tray of n held units with `shown` squares at (cx, cy). */
void rnd__held_tray(const rnd_frame *f, SDL_FRect tray, size_t n, int shown, const float *cx, const float *cy,
                    float us, rnd_held_fn *unit_at, int which);
/* An AS/RS's input (input true) or output point, left of aisle 1's I/O
 * point, for n units, as rnd__tray_spots; -1 when it has none (an output
 * point of an AS/RS delivering straight to the stations). */
int rnd__asrs_tray_spots(const rnd_xform *x, const mdl_asrs_spec *s, bool input, size_t n, SDL_FRect *tray, float *cx,
                         float *cy, float *us);
/* The units waiting at receiving dock d (n of them) drawn in a row inside
 * it: their centres and size (at most 4; their number), -1 when not. */
int rnd__dock_unit_spots(const rnd_xform *x, const mdl_model *m, int d, size_t n, float *cx, float *cy, float *us);
/* Where the unit a crane carries is drawn: on its mast (cv: the crane now). */
void rnd__crane_unit_spot(const rnd_xform *x, const mdl_asrs_spec *s, int aisle, const mdl_crane_view *cv, float *cx,
                          float *cy, float *us);

/* ---- people (rnd_people.c) ---------------------------------------------- */

/* The screen box of person place g in pane `pane`; false when not on the floor. */
bool rnd__person_rect(const rnd_view *v, const rnd_xform *x, int pane, int g, SDL_FRect *out);
/* The person under (px, py), or -1. */
int rnd__person_at(const rnd_view *v, const rnd_xform *x, int pane, float px, float py);
float rnd__pool_card_height(void);
/* The pool card of the selected person's pool into box. */
void rnd__draw_pool_inspector(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect box);
/* The legend's people row (0 wide: the scene has no pools). */
float rnd__people_legend_width(const rnd_view *v, rnd_text *t);
void rnd__people_legend(const rnd_view *v, SDL_Renderer *r, rnd_text *t, float x, float y);
/* A share bar of n states at y with a legend below, per_row to a row; k
 * holds the shares from k[first] on, or is NULL (not yet measured). */
void rnd__state_split(SDL_Renderer *r, rnd_text *t, float x, float y, float iw, const double *k, int first,
                      int n, SDL_Color (*color)(int), const char *(*name)(int), int per_row);

/* ---- units (rnd_layer_station.c, rnd_trace.c) --------------------------- */

/* The input buffer's bar under a station's footprint rc. */
SDL_FRect rnd__buffer_rect(const rnd_xform *x, SDL_FRect rc);
/* The unit drawn at (px, py) in a pane (buffers and server tiles). */
bool rnd__unit_at(const rnd_xform *x, const rnd_pane *pn, float px, float py, uint64_t *unit);
/* Where unit `unit` is drawn now, when at a station (buffer or server). */
bool rnd__unit_spot(const rnd_xform *x, const rnd_pane *pn, uint64_t unit, float *cx, float *cy);
/* rnd_buffers.c: an assembly station's component buffers in place of its
 * input buffer (false: not an assembly station with a BOM here), their
 * labels, and a batching station's gathering batch. */
bool rnd__draw_components(const rnd_frame *f, int s, const mdl_station_spec *sp, SDL_FRect rc);
void rnd__label_components(const rnd_frame *f, int s, const mdl_station_spec *sp, SDL_FRect rc,
                           rnd_font_style st);
void rnd__draw_batch(const rnd_frame *f, int s, const mdl_station_spec *sp, SDL_FRect rc);
/* The unit card's height, and the card of the selected unit into box. */
float rnd__unit_card_height(const rnd_view *v);
void rnd__draw_unit_inspector(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect box);
/* Where the selected unit's card anchors: the unit, else its last station. */
bool rnd__unit_anchor(const rnd_view *v, int fw, int fh, SDL_FRect *out);
/* Two tooltip lines for a unit. */
void rnd__unit_tooltip(const rnd_view *v, const rnd_pick *p, char *l1, size_t n1, char *l2, size_t n2,
                       SDL_Color *accent);
/* The search field and its message over the floor. */
void rnd__draw_search(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect floor);
/* The safety flashes of a pane (rnd_safety.c). */
void rnd__layer_flashes(const rnd_frame *f);

/* ---- the legend (rnd_legend.c) ------------------------------------------ */

void rnd__draw_legend(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect floor);
/* The scale bar in the floor's bottom-right corner (rnd_view_draw.c): its
 * length in metres, the bar from x0 to x1 at height y, and the box behind
 * it, which the legend keeps clear of. */
typedef struct rnd_scale {
    double len;
    float x0, x1, y;
    SDL_FRect box;
} rnd_scale;
rnd_scale rnd__scale(const rnd_view *v, SDL_FRect floor);
/* Pixels the legend takes above the floor's bottom edge in a floor
 * floor_w wide; t NULL: an estimate never below what is drawn (fitting). */
/* The top of the floor's bottom band that the legend and the scale bar
 * may take (the legend measured as when fitting: never short); the
 * inspector cards keep above it. */
float rnd__overlay_top(const rnd_view *v, SDL_FRect floor);
float rnd__legend_height(const rnd_view *v, rnd_text *t, float floor_w);

/* ---- shared by the HUD and the transport inspector ---------------------- */

void rnd__card(SDL_Renderer *r, SDL_FRect rc);
void rnd__chip(SDL_Renderer *r, rnd_text *t, float x, float y, const char *s,
               rnd_font_style st, SDL_Color bg, SDL_Color fg, rnd_align align, SDL_FRect *out);
void rnd__kv(rnd_text *t, float x, float y, float w, const char *k, const char *val);
/* A card's heading of measured figures and, beneath it, what they count
 * (rnd_view_kpi_note, as the key-figure panel says it); returns the y
 * below both (RND_CARD_HEADING_H further down). */
#define RND_CARD_HEADING_H 30.0f
float rnd__card_heading(const rnd_view *v, rnd_text *t, float x, float y, float iw, const char *title);
void rnd__fmt_pct(char *b, size_t n, double v);
void rnd__fmt_num(char *b, size_t n, double v, int decimals);
/* An inspector row: a label and the KPI k[kpi] as a share ('%'), a
 * duration ('t') or a number of `decimals` ('n'). */
typedef struct rnd_kv_row {
    const char *label;
    int kpi;
    char fmt;
    int decimals;
} rnd_kv_row;
/* v formatted as a row's fmt and decimals. */
void rnd__fmt_kpi(char *b, size_t n, double v, char fmt, int decimals);
/* Draws the rows one under the other from y, lh apart (a dash for each
 * value where k is NULL); the y below them. */
float rnd__kv_rows(rnd_text *t, float x, float y, float lh, float w, const double *k, const rnd_kv_row *rows,
                   int n);
/* The selected vehicle's or robot's screen anchor (a small rectangle). */
bool rnd__pick_rect(const rnd_view *v, int fw, int fh, const rnd_pick *p, SDL_FRect *out);
/* Height of the inspector card of a vehicle or robot selection. */
float rnd__transport_card_height(const rnd_view *v);
/* Draws the inspector of the selected station into box. */
void rnd__draw_station_inspector(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect box);
/* Draws the inspector of a vehicle or robot into box. */
void rnd__draw_transport_inspector(const rnd_view *v, SDL_Renderer *r, rnd_text *t,
                                   SDL_FRect box);
/* Two tooltip lines for a vehicle, robot or conveyor, and its accent colour. */
void rnd__transport_tooltip(const rnd_view *v, const rnd_pick *p, char *l1, size_t n1,
                            char *l2, size_t n2, SDL_Color *accent);

/* rnd_orders.c: the plan against reality (a view with --plan). Planned
 * operations outlined over the Gantt's rows (station rows[i]) for the
 * window [t0, t1], the run's actual ones filled; and the open orders by
 * due date, late ones marked, in a box at the top left of area. */
void rnd__plan_gantt(const rnd_pane *pn, SDL_Renderer *r, SDL_FRect bars, float label_w, const int *rows,
                     int nrows, double t0, double t1);
void rnd__orders_panel(const rnd_pane *pn, SDL_Renderer *r, rnd_text *t, SDL_FRect area);
/* The room the panel takes from the top-left corner of a pane `area`
 * (pixels, at its tallest: every order open); false when it has none. */
bool rnd__orders_panel_size(const mdl_model *m, SDL_FRect area, float *w, float *h);

#endif
