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

/* Everything a layer needs to draw one pane. */
typedef struct rnd_frame {
    const rnd_view *view;
    const rnd_pane *pane;
    SDL_Renderer *r;
    rnd_text *text;
    rnd_xform x;
    int selected;   /* selected station in this pane, or -1 */
    int hovered;    /* station under the mouse in this pane, or -1 */
} rnd_frame;

/* The floor is drawn bottom-up as layers, one per entity kind. AGV paths and
 * vehicles, robot arms between machines and conveyors (issue 5) each add a
 * function here and an entry in rnd_view_draw.c's layer table. */
typedef void rnd_layer_fn(const rnd_frame *f);

void rnd__layer_floor(const rnd_frame *f);    /* background, grid */
void rnd__layer_flows(const rnd_frame *f);    /* route arrows between stations */
void rnd__layer_stations(const rnd_frame *f); /* footprints, servers, buffers, units */
void rnd__layer_labels(const rnd_frame *f);   /* station names, queue counts */

#endif
