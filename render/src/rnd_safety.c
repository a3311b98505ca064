/*
 * rnd_safety.c - safety events in the viewer (issue 20): a forced pass or
 * (physics) a contact with a standing vehicle (MDL_LOG_SAFETY, counted by
 * the session from the record stream) flashes red where the vehicle is,
 * for RND_FLASH_S of wall time; the fleet card counts them.
 *
 * The flashes are the window's: they live in wall time, so they are taken
 * in by rnd_view_flash_update (the window loop calls it each frame) and
 * only drawn by rnd_view_draw. The same call logs a fleet whose traffic
 * stalled (no deadlock counted, the line stopped: a trainer sees it in
 * the event log without a click).
 */
#include <math.h>

#include "mdl_run.h"
#include "mdl_transport.h"
#include "mdl_trial.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

/* Where the vehicle of a safety event is now (the frame after the event:
 * at most one frame's simulated time later), metres. */
static bool vehicle_spot(const rnd_view *v, int pane, int vehicle, double *x, double *y) {
    const mdl_model *m = lv_session_model(v->session, pane);
    const mdl_run *run = lv_session_run_const(v->session, pane);
    for (int f = 0; f < mdl_model_fleet_count(m); f++) {
        int first = mdl_model_vehicle_index(m, f, 0), n = mdl_run_vehicle_count(run, f);
        if (first >= 0 && vehicle >= first && vehicle < first + n) {
            mdl_vehicle_view vv;
            if (!mdl_run_vehicle(run, f, vehicle - first, &vv))
                return false;
            *x = vv.x, *y = vv.y;
            return true;
        }
    }
    return false;
}

static void add_flash(rnd_view *v, int pane, double x, double y, double wall_s) {
    if (v->nflash == RND_MAX_FLASHES) { /* the oldest gives way */
        for (int i = 1; i < v->nflash; i++)
            v->flash[i - 1] = v->flash[i];
        v->nflash--;
    }
    v->flash[v->nflash++] = (rnd_flash){pane, x, y, wall_s};
}

/* Pane p's fleets whose traffic stalled now: said once in the log (an
 * alarm), and again only after the fleet moved on and stalled anew. */
static void note_stalls(rnd_view *v, int p) {
    const mdl_model *m = lv_session_model(v->session, p);
    const mdl_run *run = lv_session_run_const(v->session, p);
    double limit = mdl_stall_limit(mdl_run_horizon(run));
    for (int f = 0; f < mdl_model_fleet_count(m) && f < 64; f++) {
        double age = mdl_run_fleet_task_age(run, f);
        uint64_t bit = (uint64_t)1 << f;
        if (!(age > limit)) {
            v->stall_said[p] &= ~bit;
        } else if (!(v->stall_said[p] & bit)) {
            v->stall_said[p] |= bit;
            char d[48];
            rnd_format_duration(d, sizeof d, age);
            /* (short: the events panel is one line a record) */
            rnd_view_log(v, p, RND_LOG_ALARM, "fleet %s: traffic stalled, a task held %s", mdl_model_fleet(m, f)->id, d);
        }
    }
}

void rnd_view_flash_update(rnd_view *v, double wall_s) {
    unsigned gen = lv_session_generation(v->session);
    if (gen != v->safety_gen) { /* restarted or reloaded: new runs */
        v->safety_gen = gen;
        v->nflash = 0;
        for (int p = 0; p < RND_MAX_PANES; p++)
            v->safety_seen[p] = 0, v->stall_said[p] = 0;
    }
    for (int p = 0; p < v->npanes; p++)
        note_stalls(v, p);
    v->wall_now = wall_s;
    for (int p = 0; p < v->npanes; p++) {
        uint64_t n = lv_session_safety_count(v->session, p);
        for (uint64_t k = v->safety_seen[p]; k < n; k++) {
            lv_safety_event e;
            double x, y;
            if (lv_session_safety_event(v->session, p, k, &e) && vehicle_spot(v, p, e.vehicle, &x, &y))
                add_flash(v, p, x, y, wall_s);
        }
        v->safety_seen[p] = n;
    }
    int w = 0;
    for (int i = 0; i < v->nflash; i++)
        if (wall_s - v->flash[i].since < RND_FLASH_S)
            v->flash[w++] = v->flash[i];
    v->nflash = w;
}

int rnd_view_flash_count(const rnd_view *v) {
    return v->nflash;
}

/* A red burst: a filled disc that fades and a ring that grows, with a
 * warning triangle in the middle, visible at any zoom. */
void rnd__layer_flashes(const rnd_frame *f) {
    const rnd_view *v = f->view;
    for (int i = 0; i < v->nflash; i++) {
        const rnd_flash *fl = &v->flash[i];
        if (fl->pane != f->pane->index)
            continue;
        double age = (v->wall_now - fl->since) / RND_FLASH_S;
        age = age < 0.0 ? 0.0 : age > 1.0 ? 1.0 : age;
        float cx = rnd__sx(&f->x, fl->wx), cy = rnd__sy(&f->x, fl->wy);
        float base = (float)fmax(18.0, 1.2 * f->x.ppm); /* a fitted plant of many stations still shows it */
        float pulse = (float)(0.5 + 0.5 * cos(age * RND_PI * 6.0)); /* three pulses */
        Uint8 a = (Uint8)(200.0 * (1.0 - age));
        rnd_fill_circle(f->r, cx, cy, base * (0.8f + 0.4f * pulse), rnd_alpha(RND_COL_BAD, (Uint8)(a / 2)));
        rnd_stroke_circle(f->r, cx, cy, base * (1.0f + 1.2f * (float)age), 3.0f, rnd_alpha(RND_COL_BAD, a));
        float s = base * 0.8f;
        rnd_fill_triangle(f->r, cx, cy - s * 0.6f, cx - s * 0.55f, cy + s * 0.4f, cx + s * 0.55f, cy + s * 0.4f,
                          rnd_alpha((SDL_Color){255, 255, 255, 255}, (Uint8)(a + 55 > 255 ? 255 : a + 55)));
        float bw = s * 0.15f < 3.0f ? 3.0f : s * 0.15f; /* the exclamation mark: bar and dot */
        rnd_fill_rect(f->r, (SDL_FRect){cx - bw * 0.5f, cy - s * 0.32f, bw, s * 0.45f}, rnd_alpha(RND_COL_BAD, 255));
        rnd_fill_rect(f->r, (SDL_FRect){cx - bw * 0.5f, cy + s * 0.18f, bw, bw}, rnd_alpha(RND_COL_BAD, 255));
    }
}
