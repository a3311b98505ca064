/*
 * rnd_buffers.c - the buffers a station has beyond its input buffer
 * (issue 18): an assembly station's component buffers, one bar per line
 * of the bill of materials (the housings and shafts waiting for their
 * partners, which its input buffer never holds), and a batching station's
 * batch: how many units of the next batch have gathered, how long the
 * first has waited toward the timeout, and the size of the batch in the
 * oven.
 *
 * Levels come from the run (mdl_run_bom_kpi, mdl_run_queue_len), waiting
 * times and batch sizes from the session's trace (the record stream).
 */
#include <math.h>
#include <stdio.h>

#include "mdl_assembly.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

#define MAX_LINES 8

/* The BOM lines joined at station s: (product, line) pairs, up to max. */
static int component_lines(const rnd_pane *pn, int s, mdl_bom_kpi *out, int max) {
    int n = 0;
    for (int p = 0; p < mdl_model_product_count(pn->model) && n < max; p++)
        for (int l = 0; l < mdl_model_bom_count(pn->model, p) && n < max; l++) {
            mdl_bom_kpi k;
            if (mdl_run_bom_kpi(pn->run, p, l, &k) && k.station == s)
                out[n++] = k;
        }
    return n;
}

/* The rows' rectangles: under the footprint, where the input buffer's bar
 * would be, one row per line. */
static SDL_FRect line_rect(const rnd_xform *x, SDL_FRect rc, int i) {
    SDL_FRect b = rnd__buffer_rect(x, rc);
    float h = b.h * 0.8f < 5.0f ? 5.0f : b.h * 0.8f;
    return (SDL_FRect){b.x, b.y + (float)i * (h + 2.0f), b.w, h};
}

bool rnd__draw_components(const rnd_frame *f, int s, const mdl_station_spec *sp, SDL_FRect rc) {
    if (sp->kind != MDL_STATION_ASSEMBLY)
        return false;
    mdl_bom_kpi k[MAX_LINES];
    int n = component_lines(f->pane, s, k, MAX_LINES);
    if (n == 0)
        return false;
    double cap = sp->component_buffer >= 0 ? (double)sp->component_buffer : -1.0;
    for (int i = 0; i < n; i++) {
        SDL_FRect b = line_rect(&f->x, rc, i);
        double share = cap > 0.0 ? fmin((double)k[i].waiting / cap, 1.0) : fmin((double)k[i].waiting / 20.0, 1.0);
        SDL_Color pc = rnd_product_color(k[i].component);
        rnd_fill_rect(f->r, b, (SDL_Color){255, 255, 255, 255});
        /* A disc per part waiting, in the part's colour, while they fit. */
        float d = b.h - 2.0f;
        int fit = d >= 4.0f ? (int)((b.w - 2.0f) / (d + 1.0f)) : 0;
        int show = (int)k[i].waiting < fit ? (int)k[i].waiting : fit;
        for (int j = 0; j < show; j++)
            rnd_fill_circle(f->r, b.x + 1.5f + d * 0.5f + (float)j * (d + 1.0f), b.y + b.h * 0.5f, d * 0.5f, pc);
        if (show == 0 || show < (int)k[i].waiting)
            rnd_fill_rect(f->r, (SDL_FRect){b.x, b.y + b.h - 2.0f, b.w * (float)share, 2.0f},
                          cap > 0.0 && share >= 0.999 ? RND_COL_BAD : pc);
        rnd_stroke_rect(f->r, b, 1.0f, cap > 0.0 && share >= 0.999 ? RND_COL_BAD : rnd_darken(pc, 0.1f));
    }
    return true;
}

void rnd__label_components(const rnd_frame *f, int s, const mdl_station_spec *sp, SDL_FRect rc,
                           rnd_font_style st) {
    mdl_bom_kpi k[MAX_LINES];
    int n = sp->kind == MDL_STATION_ASSEMBLY ? component_lines(f->pane, s, k, MAX_LINES) : 0;
    for (int i = 0; i < n; i++) {
        SDL_FRect b = line_rect(&f->x, rc, i);
        char buf[96];
        const char *id = mdl_model_product_id(f->pane->model, k[i].component);
        if (sp->component_buffer >= 0)
            snprintf(buf, sizeof buf, "%s %u / %ld (%d per unit)", id, k[i].waiting, sp->component_buffer,
                     k[i].quantity);
        else
            snprintf(buf, sizeof buf, "%s %u (%d per unit)", id, k[i].waiting, k[i].quantity);
        rnd_text_draw(f->text, buf, b.x + b.w + 4.0f, b.y + b.h * 0.5f - (float)st.px * 0.65f, st,
                      RND_COL_TEXT_DIM, RND_ALIGN_LEFT);
    }
}

/* When the first unit waiting at a batching station came (its "queued"
 * record in the trace); false when not known. */
static bool first_waiting_since(const rnd_pane *pn, int s, double *since) {
    mdl_unit_view u;
    if (!mdl_run_queue_unit(pn->run, s, 0, &u))
        return false;
    const lv_trace *tr = lv_session_trace(pn->session, pn->index);
    bool found = false;
    for (uint32_t i = tr ? lv_trace_first(tr, u.serial) : UINT32_MAX; i != UINT32_MAX;
         i = lv_trace_record(tr, i)->next) {
        const lv_trace_rec *r = lv_trace_record(tr, i);
        if (r->kind == MDL_LOG_QUEUE && r->station == s) {
            *since = r->time;
            found = true;
        }
    }
    return found;
}

void rnd__draw_batch(const rnd_frame *f, int s, const mdl_station_spec *sp, SDL_FRect rc) {
    if (sp->batch <= 1)
        return;
    /* Under the buffer bar: one tick per place of the next batch, filled
     * for each unit gathered, and the first unit's wait toward the timeout. */
    SDL_FRect b = rnd__buffer_rect(&f->x, rc);
    size_t q = mdl_run_queue_len(f->pane->run, s);
    int have = q < (size_t)sp->batch ? (int)q : sp->batch;
    float y = b.y + b.h + 2.0f, cell = (b.w - (float)(sp->batch - 1)) / (float)sp->batch;
    if (cell < 1.5f)
        return;
    for (int i = 0; i < sp->batch; i++)
        rnd_fill_rect(f->r, (SDL_FRect){b.x + (float)i * (cell + 1.0f), y, cell, 4.0f},
                      i < have ? rnd_state_color(MDL_STATE_SETUP) : (SDL_Color){220, 224, 230, 255});
    double since;
    if (sp->batch_timeout > 0.0 && have > 0 && first_waiting_since(f->pane, s, &since)) {
        double share = fmin((lv_session_now(f->pane->session) - since) / sp->batch_timeout, 1.0);
        rnd_fill_rect(f->r, (SDL_FRect){b.x, y + 5.0f, b.w * (float)share, 2.0f}, rnd_state_color(MDL_STATE_BLOCKED));
    }
}
