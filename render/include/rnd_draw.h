/*
 * rnd_draw.h - drawing primitives and the viewer's palette.
 *
 * Thin helpers over an SDL_Renderer: filled and stroked rectangles with
 * rounded corners, circles, thick and dashed lines, arrows, soft shadows.
 * Everything is drawn with alpha blending through SDL_RenderGeometry, which
 * the software renderer implements too, so the window and offscreen
 * snapshots produce the same picture. No state is kept between calls except
 * the renderer's draw colour and blend mode, which every helper sets itself.
 *
 * The palette is part of the product's look and is documented in
 * docs/viewer.md: one colour per ledger state (the legend), a cycle of
 * product colours for unit markers, and the UI colours.
 *
 * Dependencies: SDL2, models (for mdl_state).
 */
#ifndef RND_DRAW_H
#define RND_DRAW_H

#include <stdbool.h>

#include <SDL.h>

#include "mdl_model.h"

/// Colour of a server or station state (busy green, setup blue, idle grey,
/// blocked amber, down red, off slate, standby pale blue-grey).
SDL_Color rnd_state_color(mdl_state s);
/// Colour of product p's unit markers (a cycle of 8 colours that avoids the
/// state colours red and green).
SDL_Color rnd_product_color(int product);
/// Short label of a state for the legend ("busy", "setup", "idle" ...).
const char *rnd_state_label(mdl_state s);
/// Body colour of fleet f's vehicles (a cycle of 4 dark colours, none of
/// them a state or product colour, so a vehicle reads as a vehicle).
SDL_Color rnd_fleet_color(int fleet);
/// Colour of a vehicle state (int: an mdl_vstate): loaded green, empty
/// blue, handling cyan, traffic and blocked amber, charging violet, idle grey.
SDL_Color rnd_vstate_color(int vstate);
/// Colour of a robot state (int: an mdl_robot_state): busy green, moving
/// blue, idle grey, down red, maintenance violet.
SDL_Color rnd_robot_state_color(int rstate);

/* The states of every resource and their colours: one table (rnd_legend.c)
 * that the drawing, the legend and docs/viewer.md's colour tables all come
 * from (tests/test_render_trace.c compares the docs with
 * rnd_states_markdown). */

/// The resources whose states the viewer colours.
typedef enum rnd_resource {
    RND_RES_STATION = 0, ///< state: mdl_state
    RND_RES_VEHICLE,     ///< state: mdl_vstate
    RND_RES_ROBOT,       ///< state: mdl_robot_state
    RND_RES_CRANE,       ///< state: mdl_crane_state, or RND_CRANE_LOADED
    RND_RES_JUNCTION,    ///< state: rnd_belt_mark (the marks of conveyor networks)
    RND_RES_COUNT
} rnd_resource;
/// The marks of conveyor networks (rows of RND_RES_JUNCTION): drawn on the
/// belts (rnd_junctions.c) and in the legend's "belts:" row.
typedef enum rnd_belt_mark {
    RND_MARK_MERGE = 0, ///< a merge: a triangle pointing along its output belt
    RND_MARK_FAVOURED,  ///< a priority merge's first input: a bar across its end
    RND_MARK_DIVERTER,  ///< a diverter: a diamond at the end of its input belt
    RND_MARK_OUTPUT,    ///< a diverter's output: a numbered tag in its listed order
    RND_MARK_DIRECTION, ///< chevrons along a belt: the way its units ride
    RND_MARK_COUNT
} rnd_belt_mark;
/// A crane carrying a unit (drawn as a state of its own).
#define RND_CRANE_LOADED 100
/// One row: a state of a resource, its legend word, colour and meaning.
typedef struct rnd_state_row {
    rnd_resource res;
    int state;
    const char *label;   ///< the legend's and the docs' word
    const char *colour;  ///< the colour's name in the docs
    const char *meaning; ///< the docs' explanation (Markdown)
    SDL_Color color;
} rnd_state_row;
/// The table (static storage) and its number of rows.
const rnd_state_row *rnd_states(int *count);
/// The colour of a state of a resource (magenta: not in the table).
SDL_Color rnd_resource_color(rnd_resource res, int state);
/// Its legend word ("?" when not in the table).
const char *rnd_resource_label(rnd_resource res, int state);
/// A conveyor network mark's colour (int: an rnd_belt_mark).
SDL_Color rnd_belt_mark_color(int mark);
/// A crane's colour as drawn: loaded, else its state's.
SDL_Color rnd_crane_color(int state, bool loaded);
/// docs/viewer.md's table of a resource's states ("| state | colour |
/// meaning |" with a row each); returns the length as snprintf does.
size_t rnd_states_markdown(rnd_resource res, char *buf, size_t size);
/// Colour of a person's state (mdl_person_state): the figures and the pool card.
SDL_Color rnd_person_color(int state);

/// UI colours.
extern const SDL_Color RND_COL_FLOOR;      ///< floor background
extern const SDL_Color RND_COL_GRID;       ///< minor grid lines
extern const SDL_Color RND_COL_GRID_MAJOR; ///< major grid lines
extern const SDL_Color RND_COL_PANEL;      ///< HUD panel background
extern const SDL_Color RND_COL_PANEL_EDGE; ///< panel separators
extern const SDL_Color RND_COL_TEXT;       ///< text on light background
extern const SDL_Color RND_COL_TEXT_DIM;   ///< secondary text
extern const SDL_Color RND_COL_ACCENT;     ///< selection, base series
extern const SDL_Color RND_COL_ACCENT2;    ///< retrofit series
extern const SDL_Color RND_COL_BAR;        ///< top bar background
extern const SDL_Color RND_COL_GOOD;       ///< improvement
extern const SDL_Color RND_COL_BAD;        ///< deterioration

/// c with its alpha replaced by a.
SDL_Color rnd_alpha(SDL_Color c, Uint8 a);
/// Linear mix of a and b (t = 0 gives a, t = 1 gives b).
SDL_Color rnd_mix(SDL_Color a, SDL_Color b, float t);
/// Darker shade of c (f in [0, 1]: share removed).
SDL_Color rnd_darken(SDL_Color c, float f);

void rnd_fill_rect(SDL_Renderer *r, SDL_FRect rc, SDL_Color c);
/// n rectangles of one colour in one call (a batch for the renderer).
void rnd_fill_rects(SDL_Renderer *r, const SDL_FRect *rc, int n, SDL_Color c);
/// Outline of thickness t drawn inside the rectangle.
void rnd_stroke_rect(SDL_Renderer *r, SDL_FRect rc, float t, SDL_Color c);
/// Rectangle with rounded corners of the given radius.
void rnd_fill_round_rect(SDL_Renderer *r, SDL_FRect rc, float radius, SDL_Color c);
/// A soft drop shadow under a rectangle (a few translucent layers).
void rnd_shadow(SDL_Renderer *r, SDL_FRect rc, float radius, float spread);
void rnd_fill_circle(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c);
/// Ring of thickness t whose outer edge has the given radius.
void rnd_stroke_circle(SDL_Renderer *r, float cx, float cy, float radius, float t,
                       SDL_Color c);
/// A line of width w with square caps.
void rnd_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w,
              SDL_Color c);
/// A dashed line: dash and gap lengths in pixels.
void rnd_dashed_line(SDL_Renderer *r, float x0, float y0, float x1, float y1,
                     float w, float dash, float gap, SDL_Color c);
/// A filled triangle.
void rnd_fill_triangle(SDL_Renderer *r, float x0, float y0, float x1, float y1,
                       float x2, float y2, SDL_Color c);
/// A filled quadrilateral (corners in order around it).
void rnd_fill_quad(SDL_Renderer *r, const SDL_FPoint q[4], SDL_Color c);
/// A rectangle of length len along the unit direction (ux, uy) and width w
/// across it, centred on (cx, cy).
void rnd_fill_oriented_rect(SDL_Renderer *r, float cx, float cy, float ux, float uy,
                            float len, float w, SDL_Color c);
/// A line from (x0, y0) to (x1, y1) ending in an arrowhead of length head.
void rnd_arrow(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w,
               float head, SDL_Color c);

/// Does rectangle a intersect rectangle b?
bool rnd_rect_overlaps(SDL_FRect a, SDL_FRect b);
/// Is the point inside the rectangle?
bool rnd_rect_contains(SDL_FRect a, float x, float y);

#endif
