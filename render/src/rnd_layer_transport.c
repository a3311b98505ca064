/*
 * rnd_layer_transport.c - material handling on the floor: the AGV path
 * network (lanes, one-way arrows, parking and charging nodes), conveyors
 * with their moving units, out-points with the units waiting for a
 * vehicle, robots with an arm reaching for the machine they work at, and
 * the vehicles themselves.
 *
 * Everything is read through mdl_transport.h's viewer accessors at the
 * run's current time: a vehicle's position is interpolated between events
 * by the model in kinematic mode and is the chipmunk body's position in
 * physics mode, so the picture moves smoothly at any speed and never
 * changes what the run computes. Animation (belt slats, a robot's arm)
 * is a function of the run's clock and the task's progress, not of wall
 * time, so a snapshot at T always looks the same.
 *
 * Level of detail, as for stations: below a few pixels per metre lanes are
 * thin lines, vehicles small oriented blocks, and icons, arrows, slats and
 * battery bars are left out.
 */
#include <math.h>
#include <stdio.h>

#include "mdl_transport.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

static const SDL_Color WHITE = {255, 255, 255, 255};
static const SDL_Color LANE = {228, 232, 238, 255};
static const SDL_Color LANE_EDGE = {196, 203, 214, 255};
static const SDL_Color ROBOT_ORANGE = {236, 124, 32, 255};
static const SDL_Color CARGO = {201, 150, 86, 255};

static float clampf(float v, float lo, float hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

/* Is a screen point (with a margin) inside the pane? */
static bool visible(const rnd_frame *f, float x, float y, float margin) {
    const SDL_FRect a = f->x.area;
    return x >= a.x - margin && x <= a.x + a.w + margin && y >= a.y - margin &&
           y <= a.y + a.h + margin;
}

/* ---- geometry shared with picking and fitting --------------------------- */

void rnd__box_exit(double cx, double cy, double hw, double hh, double tx, double ty, double *ox, double *oy) {
    double dx = tx - cx, dy = ty - cy, k = 1.0;
    if (dx != 0.0)
        k = hw / fabs(dx);
    if (dy != 0.0 && hh / fabs(dy) < k)
        k = hh / fabs(dy);
    if (k > 1.0)
        k = 1.0;
    *ox = cx + dx * k;
    *oy = cy + dy * k;
}

/* Where the segment from a footprint's centre towards (tx, ty) leaves it,
 * in metres. */
static void footprint_exit(const mdl_station_spec *s, double tx, double ty, double gap,
                           double *ox, double *oy) {
    rnd__box_exit(s->x, s->y, s->w * 0.5 + gap, s->h * 0.5 + gap, tx, ty, ox, oy);
}

bool rnd__conveyor_ends(const mdl_model *m, int c, double *x0, double *y0, double *x1,
                        double *y1) {
    const mdl_conveyor_spec *cs = mdl_model_conveyor(m, c);
    if (!cs)
        return false;
    if (cs->x0 != 0.0 || cs->y0 != 0.0 || cs->x1 != 0.0 || cs->y1 != 0.0) {
        *x0 = cs->x0;
        *y0 = cs->y0;
        *x1 = cs->x1;
        *y1 = cs->y1;
        return true;
    }
    /* No drawn geometry: the first route step that rides this belt says
     * which stations it links. */
    for (int p = 0; p < mdl_model_product_count(m); p++) {
        int n = mdl_model_route_length(m, p);
        for (int i = 0; i + 1 < n; i++) {
            int a = mdl_model_route_station(m, p, i), which = -1;
            if (a < 0 || mdl_model_transport(m, p, a, &which) != MDL_TRANSPORT_CONVEYOR ||
                which != c)
                continue;
            int b = mdl_model_route_station(m, p, i + 1);
            const mdl_station_spec *sa = mdl_model_station(m, a), *sb = mdl_model_station(m, b);
            if (!sa || !sb || a == b)
                continue;
            footprint_exit(sa, sb->x, sb->y, 0.1, x0, y0);
            footprint_exit(sb, sa->x, sa->y, 0.1, x1, y1);
            return true;
        }
    }
    return false;
}

void rnd__robot_base(const mdl_model *m, int r, double *x, double *y) {
    const mdl_robot_spec *rs = mdl_model_robot(m, r);
    double sx = 0.0, bottom = -INFINITY;
    int n = 0;
    for (int i = 0; rs && i < rs->ntends; i++) {
        const mdl_station_spec *s = mdl_model_station(m, rs->tends[i]);
        if (!s)
            continue;
        sx += s->x;
        bottom = fmax(bottom, s->y + s->h * 0.5);
        n++;
    }
    if (n == 0) {
        *x = *y = 0.0;
        return;
    }
    /* Below the buffer bars and their counts, between the machines. */
    *x = sx / n;
    *y = bottom + 2.3;
}

void rnd__vehicle_size(const rnd_xform *x, const mdl_model *m, int fleet, float *len,
                       float *wid) {
    const mdl_fleet_spec *fs = mdl_model_fleet(m, fleet);
    double l = fs && fs->length > 0.0 ? fs->length : 1.0;
    double w = fs && fs->width > 0.0 ? fs->width : 0.7;
    *len = (float)(l * x->ppm);
    *wid = (float)(w * x->ppm);
    /* Never smaller than a readable block, keeping the proportions. */
    if (*len < 10.0f) {
        *wid *= 10.0f / *len;
        *len = 10.0f;
    }
    if (*wid < 6.0f)
        *wid = 6.0f;
}

void rnd__transport_bounds(const mdl_model *m, double *x0, double *y0, double *x1,
                           double *y1) {
    for (int i = 0; i < mdl_model_node_count(m); i++) {
        const mdl_node_spec *n = mdl_model_node(m, i);
        *x0 = fmin(*x0, n->x - 0.8);
        *x1 = fmax(*x1, n->x + 0.8);
        *y0 = fmin(*y0, n->y - 0.8);
        *y1 = fmax(*y1, n->y + 0.8);
    }
    for (int c = 0; c < mdl_model_conveyor_count(m); c++) {
        double a, b, cc, d;
        if (!rnd__conveyor_ends(m, c, &a, &b, &cc, &d))
            continue;
        *x0 = fmin(*x0, fmin(a, cc) - 0.5);
        *x1 = fmax(*x1, fmax(a, cc) + 0.5);
        *y0 = fmin(*y0, fmin(b, d) - 0.5);
        *y1 = fmax(*y1, fmax(b, d) + 0.5);
    }
    for (int r = 0; r < mdl_model_robot_count(m); r++) {
        double bx, by;
        rnd__robot_base(m, r, &bx, &by);
        *x0 = fmin(*x0, bx - 0.8);
        *x1 = fmax(*x1, bx + 0.8);
        *y1 = fmax(*y1, by + 1.0); /* the robot's name under it */
    }
    rnd__asrs_bounds(m, x0, y0, x1, y1);
    rnd__dock_bounds(m, x0, y0, x1, y1); /* route ends (rnd_dock.c) */
}

/* ---- path network --------------------------------------------------------- */

static float lane_width(const rnd_frame *f) {
    /* As wide as the widest vehicle and a little more, like the floor
     * markings of a real AGV lane. */
    double w = 0.7;
    const mdl_model *m = f->pane->model;
    for (int i = 0; i < mdl_model_fleet_count(m); i++)
        w = fmax(w, mdl_model_fleet(m, i)->width);
    return clampf((float)((w + 0.15) * f->x.ppm), 2.0f, 36.0f);
}

static void charging_bolt(const rnd_frame *f, float cx, float cy, float s, SDL_Color c) {
    rnd_fill_triangle(f->r, cx + s * 0.15f, cy - s * 0.5f, cx - s * 0.3f, cy + s * 0.08f,
                      cx + s * 0.05f, cy + s * 0.08f, c);
    rnd_fill_triangle(f->r, cx - s * 0.15f, cy + s * 0.5f, cx + s * 0.3f, cy - s * 0.08f,
                      cx - s * 0.05f, cy - s * 0.08f, c);
}

/* Lanes: a border, the lane, a dashed centre line when wide enough, and
 * chevrons on one-way lanes; lw is the lane width in pixels. */
static void paths_lanes(const rnd_frame *f, float lw) {
    const mdl_model *m = f->pane->model;
    int ne = mdl_model_edge_count(m);
    float margin = lw + 20.0f;
    for (int pass = 0; pass < 2; pass++)
        for (int e = 0; e < ne; e++) {
            const mdl_edge_spec *es = mdl_model_edge(m, e);
            const mdl_node_spec *a = mdl_model_node(m, es->from), *b = mdl_model_node(m, es->to);
            float ax = rnd__sx(&f->x, a->x), ay = rnd__sy(&f->x, a->y);
            float bx = rnd__sx(&f->x, b->x), by = rnd__sy(&f->x, b->y);
            if (!visible(f, ax, ay, margin) && !visible(f, bx, by, margin) &&
                !visible(f, (ax + bx) * 0.5f, (ay + by) * 0.5f, fabsf(bx - ax) + fabsf(by - ay)))
                continue;
            if (pass == 0) {
                if (lw >= 4.0f) /* far out the edge is not seen: one pass */
                    rnd_line(f->r, ax, ay, bx, by, lw + 1.5f, LANE_EDGE);
                continue;
            }
            rnd_line(f->r, ax, ay, bx, by, lw, lw >= 4.0f ? LANE : LANE_EDGE);
            float dx = bx - ax, dy = by - ay, len = sqrtf(dx * dx + dy * dy);
            if (len < 1.0f)
                continue;
            float ux = dx / len, uy = dy / len;
            if (lw >= 8.0f && es->two_way)
                rnd_dashed_line(f->r, ax, ay, bx, by, 1.0f, 6.0f, 6.0f, rnd_alpha(WHITE, 230));
            if (!es->two_way && lw >= 4.0f) {
                /* Chevrons every few metres point the one way. */
                float step = (float)fmax(2.5 * f->x.ppm, 26.0);
                float s = clampf(lw * 0.22f, 2.5f, 7.0f);
                SDL_Color cc = {160, 169, 183, 255};
                int k = (int)(len / step);
                if (k < 1)
                    k = 1;
                for (int i = 0; i < k; i++) {
                    float t = ((float)i + 0.5f) * len / (float)k;
                    float cx = ax + ux * t, cy = ay + uy * t;
                    rnd_fill_triangle(f->r, cx + ux * s, cy + uy * s, cx - ux * s - uy * s,
                                      cy - uy * s + ux * s, cx - ux * s + uy * s,
                                      cy - uy * s - ux * s, cc);
                }
            }
        }
}

/* A station's pick-up point: a dotted tie from its footprint (left out when
 * zoomed far out, like the nodes on the way). */
static void paths_station_ties(const rnd_frame *f) {
    const mdl_model *m = f->pane->model;
    for (int st = 0; st < mdl_model_station_count(m) && f->x.ppm >= 8.0; st++) {
        int nd = mdl_model_station_node(m, st);
        if (nd < 0)
            continue;
        const mdl_station_spec *sp = mdl_model_station(m, st);
        const mdl_node_spec *n = mdl_model_node(m, nd);
        double ex, ey;
        footprint_exit(sp, n->x, n->y, 0.05, &ex, &ey);
        float x0 = rnd__sx(&f->x, ex), y0 = rnd__sy(&f->x, ey);
        float x1 = rnd__sx(&f->x, n->x), y1 = rnd__sy(&f->x, n->y);
        if (visible(f, x0, y0, 40.0f) || visible(f, x1, y1, 40.0f))
            rnd_dashed_line(f->r, x0, y0, x1, y1, 1.5f, 3.0f, 3.0f, LANE_EDGE);
    }
}

/* Nodes: a disc for points, a blue P for parking, a violet bolt for
 * charging; lw is the lane width in pixels. */
static void paths_nodes(const rnd_frame *f, float lw) {
    const mdl_model *m = f->pane->model;
    int nn = mdl_model_node_count(m);
    for (int i = 0; i < nn; i++) {
        const mdl_node_spec *n = mdl_model_node(m, i);
        float x = rnd__sx(&f->x, n->x), y = rnd__sy(&f->x, n->y);
        if (!visible(f, x, y, lw + 10.0f))
            continue;
        float s = clampf(lw * 1.15f, 7.0f, 34.0f);
        if (n->kind == MDL_NODE_POINT) {
            if (lw < 5.0f)
                continue;
            rnd_fill_circle(f->r, x, y, lw * 0.5f + 1.0f, LANE_EDGE);
            rnd_fill_circle(f->r, x, y, lw * 0.5f, LANE);
            if (lw >= 6.0f)
                rnd_stroke_circle(f->r, x, y, clampf(lw * 0.22f, 2.0f, 6.0f), 1.2f,
                                  (SDL_Color){160, 169, 183, 255});
            continue;
        }
        bool charging = n->kind == MDL_NODE_CHARGING;
        SDL_Color c = charging ? rnd_vstate_color(MDL_V_CHARGING) : (SDL_Color){66, 110, 190, 255};
        SDL_FRect rc = {x - s * 0.5f, y - s * 0.5f, s, s};
        if (s < 10.0f) { /* far out: a plain square */
            rnd_fill_rect(f->r, rc, c);
            continue;
        }
        rnd_fill_round_rect(f->r, (SDL_FRect){rc.x - 1.5f, rc.y - 1.5f, rc.w + 3.0f, rc.h + 3.0f},
                            s * 0.22f, WHITE);
        rnd_fill_round_rect(f->r, rc, s * 0.2f, rnd_mix(c, WHITE, 0.78f));
        rnd_stroke_rect(f->r, rc, s >= 14.0f ? 1.5f : 1.0f, c);
        if (charging)
            charging_bolt(f, x, y, s * 0.7f, c);
        else if (f->text && s >= 12.0f)
            rnd_text_draw(f->text, "P", x, y - (float)rnd_text_height(f->text, (rnd_font_style){(int)clampf(s * 0.62f, 8.0f, 18.0f), true}) * 0.5f,
                          (rnd_font_style){(int)clampf(s * 0.62f, 8.0f, 18.0f), true}, c,
                          RND_ALIGN_CENTER);
        else
            rnd_fill_rect(f->r, (SDL_FRect){x - s * 0.15f, y - s * 0.3f, s * 0.3f, s * 0.6f}, c);
    }
}

void rnd__layer_paths(const rnd_frame *f) {
    const mdl_model *m = f->pane->model;
    if (mdl_model_node_count(m) == 0)
        return;
    float lw = lane_width(f);
    paths_lanes(f, lw);
    paths_station_ties(f);
    paths_nodes(f, lw);
}

/* ---- conveyors ------------------------------------------------------------- */

/* A blue ring round a unit whose card is open (as on a station's disc). */
static void selected_ring(const rnd_frame *f, float cx, float cy, float s, const mdl_unit_view *u) {
    if (u && f->sel.kind == RND_PICK_UNIT && (uint64_t)f->sel.index == u->serial)
        rnd_stroke_circle(f->r, cx, cy, s * 0.75f + 4.0f, 2.5f, RND_COL_ACCENT);
}

void rnd__unit_square(const rnd_frame *f, float cx, float cy, float s, const mdl_unit_view *u) {
    SDL_Color c = u ? rnd_product_color(u->product) : CARGO;
    bool bad = u && u->defective;
    selected_ring(f, cx, cy, s, u);
    rnd_fill_round_rect(f->r, (SDL_FRect){cx - s * 0.5f - 1.0f, cy - s * 0.5f - 1.0f, s + 2.0f, s + 2.0f},
                        s * 0.2f, bad ? RND_COL_BAD : WHITE);
    rnd_fill_round_rect(f->r, (SDL_FRect){cx - s * 0.5f, cy - s * 0.5f, s, s}, s * 0.15f, c);
}

void rnd__belt_unit_place(const rnd_xform *x, const mdl_conveyor_spec *cs, float len, double s, float *along,
                          float *size) {
    float bw = clampf((float)(0.6 * x->ppm), 4.0f, 26.0f);
    float us = clampf((float)(0.42 * x->ppm), 3.0f, bw - 2.0f);
    double L = cs->length > 0.0 ? cs->length : 1.0;
    float t = clampf((float)(s / L), 0.0f, 1.0f);
    /* Keep the whole marker on the belt. */
    *along = us * 0.5f + t * (len - us);
    *size = us;
}

void rnd__layer_conveyors(const rnd_frame *f) {
    const mdl_model *m = f->pane->model;
    const mdl_run *run = f->pane->run;
    double now = mdl_run_now(run);
    for (int c = 0; c < mdl_model_conveyor_count(m); c++) {
        const mdl_conveyor_spec *cs = mdl_model_conveyor(m, c);
        double wx0, wy0, wx1, wy1;
        if (!rnd__conveyor_ends(m, c, &wx0, &wy0, &wx1, &wy1))
            continue;
        float x0 = rnd__sx(&f->x, wx0), y0 = rnd__sy(&f->x, wy0);
        float x1 = rnd__sx(&f->x, wx1), y1 = rnd__sy(&f->x, wy1);
        float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
        if (len < 2.0f)
            continue;
        if (!visible(f, (x0 + x1) * 0.5f, (y0 + y1) * 0.5f, len * 0.5f + 20.0f))
            continue;
        float ux = dx / len, uy = dy / len;
        float bw = clampf((float)(0.6 * f->x.ppm), 4.0f, 26.0f);
        bool stopped = mdl_run_conveyor_stopped(run, c);
        bool hot = (f->sel.kind == RND_PICK_CONVEYOR && f->sel.index == c) ||
                   (f->hover.kind == RND_PICK_CONVEYOR && f->hover.index == c);
        float cx = (x0 + x1) * 0.5f, cy = (y0 + y1) * 0.5f;
        if (hot)
            rnd_fill_oriented_rect(f->r, cx, cy, ux, uy, len + 8.0f, bw + 10.0f,
                                   rnd_alpha(RND_COL_ACCENT, 110));
        /* Frame, belt, and slats that travel with the belt (frozen while
         * it stands), so the eye sees the belt run. */
        rnd_fill_oriented_rect(f->r, cx, cy, ux, uy, len + 2.0f, bw + 4.0f,
                               stopped ? RND_COL_BAD : (SDL_Color){104, 112, 126, 255});
        rnd_fill_oriented_rect(f->r, cx, cy, ux, uy, len, bw, (SDL_Color){176, 182, 192, 255});
        double pitch = 0.5;
        if (pitch * f->x.ppm >= 6.0) {
            double phase = fmod(now * cs->speed, pitch);
            if (stopped)
                phase = 0.0;
            float pp = (float)(pitch * f->x.ppm);
            for (float s = (float)(phase * f->x.ppm); s < len; s += pp) {
                float px = x0 + ux * s, py = y0 + uy * s;
                rnd_line(f->r, px - uy * bw * 0.45f, py + ux * bw * 0.45f, px + uy * bw * 0.45f,
                         py - ux * bw * 0.45f, 1.0f, (SDL_Color){150, 157, 168, 255});
            }
        }
        /* Direction: chevrons along it (rnd_junctions.c), an arrowhead at the delivering end. */
        rnd__belt_chevrons(f, x0, y0, ux, uy, len, bw);
        float hs = bw * 0.55f;
        rnd_fill_triangle(f->r, x1 + ux * (hs + 2.0f), y1 + uy * (hs + 2.0f), x1 - uy * hs,
                          y1 + ux * hs, x1 + uy * hs, y1 - ux * hs,
                          stopped ? RND_COL_BAD : (SDL_Color){104, 112, 126, 255});
        size_t n = mdl_run_conveyor_len(run, c);
        for (size_t i = 0; i < n; i++) {
            double s;
            mdl_unit_view u;
            if (!mdl_run_conveyor_unit(run, c, i, &s, NULL, NULL, &u))
                break;
            float along, us;
            rnd__belt_unit_place(&f->x, cs, len, s, &along, &us);
            rnd__unit_square(f, x0 + ux * along, y0 + uy * along, us, &u);
        }
        if (stopped && f->text && bw >= 8.0f)
            rnd__chip(f->r, f->text, cx, cy + bw * 0.5f + 4.0f, "stopped", (rnd_font_style){10, true},
                      RND_COL_BAD, WHITE, RND_ALIGN_CENTER, NULL);
    }
}

/* ---- out-points ------------------------------------------------------------ */

/* A station's out-point tray holding n units: a tray at the footprint's
 * right edge, bottom-aligned (the station's hand-over point to the
 * vehicles), with up to 3 unit squares stacked up from its bottom: their
 * centres and size. Returns how many squares are shown, -1 when the tray
 * is not drawn at this zoom (far out: a dot when it holds something). The
 * drawing and the picking (rnd_carried.c) both use it. */
int rnd__tray_spots(const rnd_xform *x, const mdl_station_spec *sp, size_t n, SDL_FRect *tray, float *cx, float *cy,
                    float *us) {
    SDL_FRect rc = rnd__station_rect(x, sp);
    if (rc.w < 24.0f)
        return -1;
    *us = clampf(rc.h * 0.2f, 4.0f, 11.0f);
    float tw = *us + 5.0f;
    int shown = n > 3 ? 3 : (int)n;
    float th = (float)(shown > 1 ? shown : 1) * (*us + 2.0f) + 4.0f;
    *tray = (SDL_FRect){rc.x + rc.w + 2.0f, rc.y + rc.h - th, tw, th};
    for (int i = 0; i < shown; i++) {
        cx[i] = tray->x + tw * 0.5f;
        cy[i] = tray->y + th - 2.0f - (*us + 2.0f) * ((float)i + 0.5f);
    }
    return shown;
}

/* A tray of held units (a station's out-point, an AS/RS's output point):
 * the units that wait drawn as on belts and vehicles (unit_at gives the
 * k-th; a unit being loaded has none and is drawn plain), the count above
 * when more wait than are shown. */
void rnd__held_tray(const rnd_frame *f, SDL_FRect tray, size_t n, int shown, const float *cx, const float *cy,
                    float us, rnd_held_fn *unit_at, int which) {
    rnd_fill_round_rect(f->r, tray, 3.0f, n > 0 ? (SDL_Color){255, 244, 214, 255} : (SDL_Color){246, 247, 250, 255});
    rnd_stroke_rect(f->r, tray, 1.0f, n > 0 ? rnd_state_color(MDL_STATE_BLOCKED) : LANE_EDGE);
    for (int i = 0; i < shown; i++) {
        mdl_unit_view u;
        bool known = unit_at(f->pane->run, which, (size_t)i, &u);
        rnd__unit_square(f, cx[i], cy[i], us, known ? &u : NULL);
    }
    if (n > 3 && f->text) {
        char b[24];
        snprintf(b, sizeof b, "%zu", n);
        rnd_text_draw(f->text, b, tray.x + tray.w + 2.0f, tray.y - 2.0f, (rnd_font_style){10, true}, RND_COL_TEXT,
                      RND_ALIGN_LEFT);
    }
}

void rnd__layer_outpoints(const rnd_frame *f) {
    const mdl_model *m = f->pane->model;
    if (mdl_model_node_count(m) == 0)
        return;
    for (int s = 0; s < mdl_model_station_count(m); s++) {
        if (mdl_model_station_node(m, s) < 0)
            continue;
        const mdl_station_spec *sp = mdl_model_station(m, s);
        SDL_FRect rc = rnd__station_rect(&f->x, sp);
        if (rc.w < 14.0f || !visible(f, rc.x + rc.w, rc.y, rc.w))
            continue;
        size_t n = mdl_run_outpoint_len(f->pane->run, s);
        SDL_FRect tray;
        float cx[3], cy[3], us;
        int shown = rnd__tray_spots(&f->x, sp, n, &tray, cx, cy, &us);
        if (shown < 0) {
            /* Far out: only trays that hold something, as a dot. */
            if (n > 0)
                rnd_fill_rect(f->r, (SDL_FRect){rc.x + rc.w + 1.0f, rc.y + rc.h - 4.0f, 4.0f, 4.0f},
                              CARGO);
            continue;
        }
        rnd__held_tray(f, tray, n, shown, cx, cy, us, mdl_run_outpoint_unit, s);
    }
}

/* ---- robots ---------------------------------------------------------------- */

/* Where the gripper works at station s: the footprint's edge facing the
 * robot, a little inside. */
static void station_reach(const rnd_frame *f, int s, float bx, float by, float *hx, float *hy) {
    const mdl_station_spec *sp = mdl_model_station(f->pane->model, s);
    SDL_FRect rc = rnd__station_rect(&f->x, sp);
    float cx = rc.x + rc.w * 0.5f;
    *hx = cx + clampf(bx - cx, -rc.w * 0.3f, rc.w * 0.3f);
    *hy = by > rc.y + rc.h ? rc.y + rc.h - rc.h * 0.12f : rc.y + rc.h * 0.12f;
}

/* Where a robot's hand is (screen): at the machine while loading or
 * unloading (pushing in and out with the task's progress), on its way there
 * while moving, folded above the base (bx, by) when idle or down. */
static void robot_hand(const rnd_frame *f, const mdl_robot_view *rv, float bx, float by, float reach,
                       float bs, float *hx, float *hy) {
    const mdl_model *m = f->pane->model;
    int at = rv->state == MDL_ROBOT_BUSY && rv->target_station >= 0 ? rv->target_station
                                                                   : rv->at_station;
    float tx = bx, ty = by - reach * 0.45f;
    float rest_x = bx, rest_y = by - reach * 0.55f;
    if (at >= 0 && at < mdl_model_station_count(m)) {
        station_reach(f, at, bx, by, &tx, &ty);
        float k = 0.55f;
        rest_x = bx + (tx - bx) * k;
        rest_y = by + (ty - by) * k;
    }
    *hx = rest_x;
    *hy = rest_y;
    double p = rv->progress;
    if (rv->state == MDL_ROBOT_BUSY) {
        float push = (float)sin(p * RND_PI) * bs * 0.6f;
        float dl = hypotf(tx - bx, ty - by);
        *hx = tx + (dl > 0.0f ? (tx - bx) / dl * push : 0.0f);
        *hy = ty + (dl > 0.0f ? (ty - by) / dl * push : 0.0f);
    } else if (rv->state == MDL_ROBOT_MOVING) {
        *hx = rest_x + (tx - rest_x) * (float)p;
        *hy = rest_y + (ty - rest_y) * (float)p;
    }
}

/* A robot's base plate with its state ring, its two-segment arm and gripper
 * reaching the hand at (hx, hy); bs is the base's half size. */
static void robot_body(const rnd_frame *f, const mdl_robot_view *rv, float bx, float by, float hx,
                       float hy, float reach, float bs) {
    SDL_Color sc = rnd_robot_state_color((int)rv->state);
    /* Two equal segments, elbow on the side away from the line. */
    float l1 = reach * 0.56f + 2.0f, d = hypotf(hx - bx, hy - by);
    if (d > 2.0f * l1 - 0.5f)
        d = 2.0f * l1 - 0.5f;
    float phi = atan2f(hy - by, hx - bx);
    float a = acosf(clampf(d / (2.0f * l1), -1.0f, 1.0f));
    float e1x = bx + l1 * cosf(phi + a), e1y = by + l1 * sinf(phi + a);
    float e2x = bx + l1 * cosf(phi - a), e2y = by + l1 * sinf(phi - a);
    float ex = e1y > e2y ? e1x : e2x, ey = e1y > e2y ? e1y : e2y;
    float aw = clampf(bs * 0.42f, 2.5f, 8.0f);
    SDL_Color arm = rv->state == MDL_ROBOT_DOWN ? (SDL_Color){170, 120, 110, 255} : ROBOT_ORANGE;
    /* Base plate with the state ring. */
    rnd_fill_round_rect(f->r, (SDL_FRect){bx - bs, by - bs * 0.8f, bs * 2.0f, bs * 1.6f},
                        bs * 0.3f, (SDL_Color){70, 78, 92, 255});
    rnd_fill_circle(f->r, bx, by, bs * 0.72f, sc);
    rnd_fill_circle(f->r, bx, by, bs * 0.45f, rnd_darken(arm, 0.3f));
    rnd_line(f->r, bx, by, ex, ey, aw, arm);
    rnd_line(f->r, ex, ey, hx, hy, aw * 0.8f, arm);
    rnd_fill_circle(f->r, ex, ey, aw * 0.75f, rnd_darken(arm, 0.35f));
    /* Gripper: two fingers across the forearm. */
    float fl = hypotf(hx - ex, hy - ey);
    float fx = fl > 0.0f ? (hx - ex) / fl : 0.0f, fy = fl > 0.0f ? (hy - ey) / fl : -1.0f;
    float g = aw * 0.9f;
    rnd_line(f->r, hx - fy * g, hy + fx * g, hx + fy * g, hy - fx * g, aw * 0.45f, (SDL_Color){50, 56, 66, 255});
    rnd_line(f->r, hx - fy * g, hy + fx * g, hx - fy * g + fx * g, hy + fx * g + fy * g, aw * 0.4f, (SDL_Color){50, 56, 66, 255});
    rnd_line(f->r, hx + fy * g, hy - fx * g, hx + fy * g + fx * g, hy - fx * g + fy * g, aw * 0.4f, (SDL_Color){50, 56, 66, 255});
}

void rnd__layer_robots(const rnd_frame *f) {
    const mdl_model *m = f->pane->model;
    int nr = mdl_model_robot_count(m);
    for (int r = 0; r < nr; r++) {
        const mdl_robot_spec *rs = mdl_model_robot(m, r);
        mdl_robot_view rv;
        if (!mdl_run_robot(f->pane->run, r, &rv))
            continue;
        double wbx, wby;
        rnd__robot_base(m, r, &wbx, &wby);
        float bx = rnd__sx(&f->x, wbx), by = rnd__sy(&f->x, wby);
        /* The arm's segments reach the farthest machine it tends. */
        float reach = 0.0f;
        for (int i = 0; i < rs->ntends; i++) {
            float hx, hy;
            station_reach(f, rs->tends[i], bx, by, &hx, &hy);
            reach = fmaxf(reach, hypotf(hx - bx, hy - by));
        }
        if (!visible(f, bx, by, reach + 20.0f))
            continue;
        float bs = clampf((float)(0.55 * f->x.ppm), 6.0f, 22.0f);
        bool selected = f->sel.kind == RND_PICK_ROBOT && f->sel.index == r;
        bool hovered = f->hover.kind == RND_PICK_ROBOT && f->hover.index == r;
        /* Its work area: a faint line to each machine it tends. */
        for (int i = 0; i < rs->ntends; i++) {
            float hx, hy;
            station_reach(f, rs->tends[i], bx, by, &hx, &hy);
            rnd_dashed_line(f->r, bx, by, hx, hy, 1.0f, 3.0f, 4.0f,
                            rnd_alpha(ROBOT_ORANGE, selected ? 200 : 90));
        }
        if (selected || hovered)
            rnd_stroke_circle(f->r, bx, by, bs + 7.0f, 3.0f, rnd_alpha(RND_COL_ACCENT, selected ? 255 : 120));
        float hx, hy;
        robot_hand(f, &rv, bx, by, reach, bs, &hx, &hy);
        robot_body(f, &rv, bx, by, hx, hy, reach, bs);
        if (rv.state == MDL_ROBOT_DOWN || rv.state == MDL_ROBOT_MAINT) { /* broken: red; planned: violet */
            rnd_fill_circle(f->r, bx + bs, by - bs * 0.8f, 5.0f, WHITE);
            rnd_fill_circle(f->r, bx + bs, by - bs * 0.8f, 4.0f,
                            rv.state == MDL_ROBOT_DOWN ? RND_COL_BAD : rnd_robot_state_color(MDL_ROBOT_MAINT));
        }
        if (f->text && f->x.ppm >= 10.0) {
            char b[96];
            if (rv.queue > 1)
                snprintf(b, sizeof b, "%s \xC2\xB7 %zu waiting", rs->id, rv.queue - 1);
            else
                snprintf(b, sizeof b, "%s", rs->id);
            rnd_text_draw(f->text, b, bx, by + bs * 0.8f + 2.0f, (rnd_font_style){10, true},
                          selected ? RND_COL_ACCENT : RND_COL_TEXT_DIM, RND_ALIGN_CENTER);
        }
    }
}

/* ---- vehicles ---------------------------------------------------------------- */

/* A vehicle far out (drawn at the minimum block size): the body as one
 * rectangle along its main axis and the state lamp at the rear, a halo
 * while it waits; no shadow, bumper, load or battery (issue 21: 400 AGVs
 * of plain rectangles cost a tenth of the full drawing). */
static void draw_vehicle_block(const rnd_frame *f, const mdl_vehicle_view *vv, int fleet, float x, float y,
                               float len, float wid, bool ring) {
    float ux = (float)cos(vv->heading), uy = (float)sin(vv->heading);
    bool along_x = fabsf(ux) >= fabsf(uy);
    float w = along_x ? len : wid, h = along_x ? wid : len;
    SDL_Color st = rnd_vstate_color((int)vv->state);
    if (ring)
        rnd_stroke_rect(f->r, (SDL_FRect){x - w * 0.5f - 4.0f, y - h * 0.5f - 4.0f, w + 8.0f, h + 8.0f}, 2.0f,
                        RND_COL_ACCENT);
    if (vv->state == MDL_V_TRAFFIC || vv->state == MDL_V_BLOCKED)
        rnd_fill_rect(f->r, (SDL_FRect){x - w * 0.5f - 3.0f, y - h * 0.5f - 3.0f, w + 6.0f, h + 6.0f}, rnd_alpha(st, 170));
    rnd_fill_rect(f->r, (SDL_FRect){x - w * 0.5f, y - h * 0.5f, w, h}, rnd_fleet_color(fleet));
    float lamp = 3.0f, back = len * 0.5f - lamp;
    float lx = along_x ? x - (ux >= 0.0f ? back : -back) : x, ly = along_x ? y : y - (uy >= 0.0f ? back : -back);
    rnd_fill_rect(f->r, (SDL_FRect){lx - lamp * 0.5f - 0.5f, ly - lamp * 0.5f, lamp + 1.0f, lamp}, st);
}

/* The front bumper's and the rear lamp's size on a vehicle drawn len x wid. */
static float bumper_of(float len) {
    return len * 0.14f < 2.0f ? 2.0f : len * 0.14f;
}
static float lamp_of(float wid) {
    return clampf(wid * 0.2f, 1.5f, 5.0f);
}

int rnd__cargo_spots(const rnd_xform *x, const mdl_fleet_spec *fs, const mdl_vehicle_view *vv, float len, float wid,
                     float *cx, float *cy, float *bs) {
    double true_len = (fs && fs->length > 0.0 ? fs->length : 1.0) * x->ppm;
    if (vv->units <= 0 || true_len < 10.0)
        return 0; /* far out a vehicle is a block: no load drawn */
    float px = rnd__sx(x, vv->x), py = rnd__sy(x, vv->y);
    float ux = (float)cos(vv->heading), uy = (float)sin(vv->heading);
    float bump = bumper_of(len), lamp = lamp_of(wid);
    int shown = vv->units > 4 ? 4 : vv->units;
    float deck = len - bump - lamp * 2.0f - 4.0f;
    *bs = clampf(fminf(wid * 0.62f, deck / (float)shown - 1.0f), 3.0f, 16.0f);
    float start = -((float)shown - 1.0f) * (*bs + 1.0f) * 0.5f - lamp * 0.5f + bump * 0.3f;
    for (int k = 0; k < shown; k++) {
        float o = start + (float)k * (*bs + 1.0f);
        cx[k] = px + ux * o;
        cy[k] = py + uy * o;
    }
    return shown;
}

static void draw_vehicle(const rnd_frame *f, int fleet, int i, const mdl_fleet_spec *fs,
                         const mdl_vehicle_view *vv, float len, float wid) {
    float x = rnd__sx(&f->x, vv->x), y = rnd__sy(&f->x, vv->y);
    if (!visible(f, x, y, len + 30.0f))
        return;
    double true_len = (fs && fs->length > 0.0 ? fs->length : 1.0) * f->x.ppm;
    if (true_len < 10.0) {
        bool ring = (f->sel.kind == RND_PICK_VEHICLE && f->sel.fleet == fleet && f->sel.index == i) ||
                    (f->hover.kind == RND_PICK_VEHICLE && f->hover.fleet == fleet && f->hover.index == i);
        draw_vehicle_block(f, vv, fleet, x, y, len, wid, ring);
        return;
    }
    float ux = (float)cos(vv->heading), uy = (float)sin(vv->heading);
    bool selected = f->sel.kind == RND_PICK_VEHICLE && f->sel.fleet == fleet && f->sel.index == i;
    bool hovered = f->hover.kind == RND_PICK_VEHICLE && f->hover.fleet == fleet && f->hover.index == i;
    SDL_Color body = rnd_fleet_color(fleet);
    SDL_Color st = rnd_vstate_color((int)vv->state);
    if (selected || hovered)
        rnd_stroke_circle(f->r, x, y, len * 0.5f + 8.0f, 3.0f,
                          rnd_alpha(RND_COL_ACCENT, selected ? 255 : 120));
    /* Waiting for a zone or for room at the drop-off: an amber halo, so a
     * traffic jam is seen from afar. */
    if (vv->state == MDL_V_TRAFFIC || vv->state == MDL_V_BLOCKED)
        rnd_fill_circle(f->r, x, y, len * 0.5f + 4.0f, rnd_alpha(st, 170));
    rnd_fill_oriented_rect(f->r, x + 1.2f, y + 1.8f, ux, uy, len, wid, (SDL_Color){0, 0, 0, 50});
    rnd_fill_oriented_rect(f->r, x, y, ux, uy, len + 2.0f, wid + 2.0f, WHITE);
    rnd_fill_oriented_rect(f->r, x, y, ux, uy, len, wid, body);
    /* The front: a light bumper strip, so the heading reads at a glance. */
    float bump = bumper_of(len);
    rnd_fill_oriented_rect(f->r, x + ux * (len * 0.5f - bump * 0.5f), y + uy * (len * 0.5f - bump * 0.5f),
                           ux, uy, bump, wid, rnd_mix(body, WHITE, 0.55f));
    /* The state lamp at the rear. */
    float lamp = lamp_of(wid);
    float lx = x - ux * (len * 0.5f - lamp - 1.5f), ly = y - uy * (len * 0.5f - lamp - 1.5f);
    rnd_fill_circle(f->r, lx, ly, lamp + 1.0f, rnd_darken(body, 0.4f));
    rnd_fill_circle(f->r, lx, ly, lamp, st);
    /* The load: one box per unit on board, side by side on the deck. */
    float cx[4], cy[4], bs;
    int shown = rnd__cargo_spots(&f->x, fs, vv, len, wid, cx, cy, &bs);
    for (int k = 0; k < shown; k++) {
        /* Coloured by product; the outline turns red for a defective unit. */
        mdl_unit_view u;
        bool has = mdl_run_vehicle_unit(f->pane->run, fleet, i, k, &u);
        selected_ring(f, cx[k], cy[k], bs, has ? &u : NULL);
        rnd_fill_oriented_rect(f->r, cx[k], cy[k], ux, uy, bs + 1.6f, bs + 1.6f,
                               has && u.defective ? RND_COL_BAD : WHITE);
        rnd_fill_oriented_rect(f->r, cx[k], cy[k], ux, uy, bs, bs, has ? rnd_product_color(u.product) : CARGO);
    }
    if (vv->state == MDL_V_CHARGING)
        charging_bolt(f, x + wid * 0.5f + 5.0f, y - len * 0.5f - 2.0f, 11.0f, st);
    /* Battery: a small bar above the vehicle, green, amber below half,
     * red below the fleet's threshold. */
    if (fs && fs->battery.enabled && len >= 12.0f) {
        float bw = fmaxf(len, 16.0f), bh = 4.0f;
        float top = y - fmaxf(len, wid) * 0.5f - bh - 5.0f;
        SDL_FRect bar = {x - bw * 0.5f, top, bw, bh};
        double lvl = vv->battery < 0.0 ? 0.0 : vv->battery > 1.0 ? 1.0 : vv->battery;
        SDL_Color bc = lvl <= fs->battery.threshold ? RND_COL_BAD
                       : lvl < 0.5                  ? rnd_state_color(MDL_STATE_BLOCKED)
                                                    : RND_COL_GOOD;
        rnd_fill_rect(f->r, (SDL_FRect){bar.x - 1.0f, bar.y - 1.0f, bar.w + 2.0f, bar.h + 2.0f},
                      (SDL_Color){60, 66, 78, 255});
        rnd_fill_rect(f->r, bar, WHITE);
        rnd_fill_rect(f->r, (SDL_FRect){bar.x, bar.y, bar.w * (float)lvl, bar.h}, bc);
    }
}

void rnd__layer_vehicles(const rnd_frame *f) {
    const mdl_model *m = f->pane->model;
    for (int fl = 0; fl < mdl_model_fleet_count(m); fl++) {
        const mdl_fleet_spec *fs = mdl_model_fleet(m, fl);
        float len, wid;
        rnd__vehicle_size(&f->x, m, fl, &len, &wid);
        int n = mdl_run_vehicle_count(f->pane->run, fl);
        for (int i = 0; i < n; i++) {
            mdl_vehicle_view vv;
            if (mdl_run_vehicle(f->pane->run, fl, i, &vv) && !vv.held) /* (held: off the floor) */
                draw_vehicle(f, fl, i, fs, &vv, len, wid);
        }
    }
}
