/*
 * rnd_internal.h - the view's insides, shared by rnd_view*.c and the layers.
 */
#ifndef RND_INTERNAL_H
#define RND_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "mdl_run.h"
#include "rnd_text.h"
#include "rnd_view.h"

#define RND_PI 3.14159265358979323846
#define RND_LOG_CAP 64

/* Recent history of one pane, one sample every RND_SAMPLE_S of simulated
 * time. Arrays are linear (index 0 = oldest held) with room for twice the
 * span; when full, the older half is dropped with one memmove, so the
 * charts read contiguous arrays and recording stays O(1) amortised. */
typedef struct rnd_history {
    int nst;        /* stations */
    int cap;        /* samples the arrays hold */
    int count;      /* samples held */
    long next_k;    /* index of the next sample: its time is next_k * RND_SAMPLE_S */
    double *t;      /* sample times */
    double *exits;  /* good units out since time 0, cumulative */
    float *tput;    /* throughput over the last hour, units/h */
    float *wip;     /* units in the line */
    float *power;   /* line power draw, kW */
    uint8_t *state; /* count x nst station display states */
} rnd_history;

bool rnd__history_init(rnd_history *h, int nst);
void rnd__history_fini(rnd_history *h);
void rnd__history_clear(rnd_history *h);
/* Records the state of run at its current time (a sampling instant). */
void rnd__history_record(rnd_history *h, const mdl_run *run, double exits);

typedef struct rnd_log_entry {
    double t;
    int pane;
    rnd_log_level level;
    char text[120];
} rnd_log_entry;

typedef struct rnd_pane {
    mdl_model *model;       /* owned */
    mdl_run *run;           /* owned */
    mdl_run_settings settings;
    mdl_rep_result result;  /* KPI cache (rnd_view_sync) */
    bool have_result;
    rnd_history hist;
    char label[32];
    double exits;           /* good units out since time 0 (from the MES log) */
    bool failure_logged;    /* the run failed (mdl_run_error) and the log says so */
    struct rnd_view *view;  /* for the log callback */
    int index;
} rnd_pane;

typedef struct rnd_camera {
    double cx, cy;  /* world point at the centre of each pane, m */
    double ppm;     /* pixels per metre */
} rnd_camera;

struct rnd_view {
    rnd_pane pane[RND_MAX_PANES];
    int npanes;
    uint32_t replication;
    double now;
    rnd_camera cam;
    rnd_pane_mode mode;
    int sel_pane, sel_station;
    rnd_pick sel;             /* the selection; sel_station mirrors a station */
    float mouse_x, mouse_y;
    bool mouse_in;
    bool help;
    bool paused;
    double speed;
    rnd_log_entry log[RND_LOG_CAP];
    int log_first, log_count;
};

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
/* The display state of a station: the state most of its servers are in,
 * ties going to the more urgent state (down, blocked, setup, busy ...). */
mdl_state rnd__station_state(const mdl_run *run, int station);
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
void rnd__layer_outpoints(const rnd_frame *f); /* units waiting for a vehicle */
void rnd__layer_robots(const rnd_frame *f);   /* base and arm of each robot */
void rnd__layer_vehicles(const rnd_frame *f); /* AGVs: body, load, battery, state */

/* ---- shared by the HUD and the transport inspector ---------------------- */

void rnd__card(SDL_Renderer *r, SDL_FRect rc);
void rnd__chip(SDL_Renderer *r, rnd_text *t, float x, float y, const char *s,
               rnd_font_style st, SDL_Color bg, SDL_Color fg, rnd_align align, SDL_FRect *out);
void rnd__kv(rnd_text *t, float x, float y, float w, const char *k, const char *val);
void rnd__fmt_pct(char *b, size_t n, double v);
void rnd__fmt_num(char *b, size_t n, double v, int decimals);
/* The selected vehicle's or robot's screen anchor (a small rectangle). */
bool rnd__pick_rect(const rnd_view *v, int fw, int fh, const rnd_pick *p, SDL_FRect *out);
/* Height of the inspector card of a vehicle or robot selection. */
float rnd__transport_card_height(const rnd_view *v);
/* Draws the inspector of a vehicle or robot into box. */
void rnd__draw_transport_inspector(const rnd_view *v, SDL_Renderer *r, rnd_text *t,
                                   SDL_FRect box);
/* Two tooltip lines for a vehicle, robot or conveyor, and its accent colour. */
void rnd__transport_tooltip(const rnd_view *v, const rnd_pick *p, char *l1, size_t n1,
                            char *l2, size_t n2, SDL_Color *accent);
/* One fleet speed step of pane p's fleet f; logs it. */
bool rnd__fleet_speed_step(rnd_view *v, int p, int fleet, int dir);

#endif
