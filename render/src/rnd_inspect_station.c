/*
 * rnd_inspect_station.c - the inspector card of a station: its state and
 * servers now, the time-in-state split and KPIs of the last rnd_view_sync,
 * and what the scene says about it (cycle, failures, quality, power).
 *
 * Everything here reads the view; nothing advances or changes a run.
 */
#include <math.h>
#include <stdio.h>

#include "mdl_maint.h"
#include "rnd_chart.h"
#include "rnd_draw.h"
#include "rnd_internal.h"

static const SDL_Color WHITE = {255, 255, 255, 255};

/* Inspector header: the station's name, kind, state chip and server count;
 * returns the y below it. */
static float inspector_header(const rnd_view *v, const rnd_pane *pn, SDL_Renderer *r, rnd_text *t,
                              float x, float y, float iw) {
    int s = v->sel_station;
    const mdl_station_spec *sp = mdl_model_station(pn->model, s);
    const mdl_run *run = pn->run;
    int nserv = mdl_run_servers(run, s);
    mdl_state st = lv_station_state(run, s);
    rnd_text_draw_fit(t, sp->id, x, y, (rnd_font_style){17, true}, RND_COL_TEXT, RND_ALIGN_LEFT,
                      iw * 0.6f);
    rnd__chip(r, t, x + iw, y + 2.0f, mdl_station_kind_name(sp->kind), RND_FONT_SMALL,
         (SDL_Color){232, 236, 242, 255}, RND_COL_TEXT_DIM, RND_ALIGN_RIGHT, NULL);
    y += 26.0f;
    SDL_FRect sc;
    rnd__chip(r, t, x, y, rnd_state_label(st), (rnd_font_style){11, true}, rnd_state_color(st),
         st == MDL_STATE_IDLE || st == MDL_STATE_STANDBY ? RND_COL_TEXT : WHITE,
         RND_ALIGN_LEFT, &sc);
    char b[160];
    if (v->npanes > 1)
        snprintf(b, sizeof b, "%d of max %d servers \xC2\xB7 %s", nserv,
                 mdl_run_max_servers(run, s), pn->label);
    else
        snprintf(b, sizeof b, "%d of max %d servers", nserv, mdl_run_max_servers(run, s));
    rnd_text_draw(t, b, sc.x + sc.w + 8.0f, y + 1.0f, RND_FONT_SMALL, RND_COL_TEXT_DIM,
                  RND_ALIGN_LEFT);
    return y + 22.0f;
}

/* Inspector servers: one line per server (state, unit, progress), or the
 * first server only when there are more than six; returns the y below. */
static float inspector_servers(const rnd_pane *pn, int s, SDL_Renderer *r, rnd_text *t, float x,
                               float y, float iw) {
    const mdl_run *run = pn->run;
    int nserv = mdl_run_servers(run, s);
    int server_lines = nserv <= 6 ? nserv : 1;
    char b[160];
    for (int k = 0; k < server_lines; k++) {
        mdl_state ks = mdl_run_server_state(run, s, k);
        rnd_fill_round_rect(r, (SDL_FRect){x, y + 2.0f, 10.0f, 10.0f}, 2.0f, rnd_state_color(ks));
        mdl_unit_view u;
        if (mdl_run_server_unit(run, s, k, &u)) {
            char serial[96]; /* the event log's serial (mdl_unit_serial_format) */
            mdl_unit_serial_format(pn->model, u.product, u.serial, serial, sizeof serial);
            snprintf(b, sizeof b, "%d  %s \xC2\xB7 %s%s \xC2\xB7 %.0f %%", k + 1, mdl_state_name(ks), serial,
                     u.defective ? " (defective)" : "", mdl_run_server_progress(run, s, k) * 100.0);
        } else {
            snprintf(b, sizeof b, "%d  %s", k + 1, mdl_state_name(ks));
        }
        rnd_text_draw_fit(t, b, x + 16.0f, y, RND_FONT_SMALL, RND_COL_TEXT, RND_ALIGN_LEFT,
                          iw - 16.0f);
        y += 15.0f;
    }
    return y + 6.0f;
}

/* Inspector "Time in state": the share bar and its numbers beneath, two rows
 * of three; kp is the station's KPI row or NULL; returns the y below. */
static float inspector_shares(const rnd_view *v, const double *kp, SDL_Renderer *r, rnd_text *t, float x,
                              float y, float iw) {
    double shares[MDL_STATE_COUNT - 1] = {0};
    SDL_Color cols[MDL_STATE_COUNT - 1];
    static const mdl_skpi share_k[7] = {MDL_SKPI_STATE_BUSY, MDL_SKPI_STATE_SETUP,
                                        MDL_SKPI_STATE_IDLE, MDL_SKPI_STATE_BLOCKED,
                                        MDL_SKPI_STATE_DOWN, MDL_SKPI_STATE_OFF, MDL_SKPI_STATE_MAINT};
    static const mdl_state share_s[7] = {MDL_STATE_BUSY, MDL_STATE_SETUP, MDL_STATE_IDLE, MDL_STATE_BLOCKED,
                                         MDL_STATE_DOWN, MDL_STATE_OFF, MDL_STATE_MAINT};
    for (int i = 0; i < 7; i++) {
        shares[i] = kp ? kp[share_k[i]] : 0.0;
        cols[i] = rnd_state_color(share_s[i]);
    }
    y = rnd__card_heading(v, t, x, y, iw, "Time in state");
    rnd_share_bar(r, (SDL_FRect){x, y, iw, 12.0f}, shares, cols, 7);
    y += 16.0f;
    char b[160], c2[64];
    for (int i = 0; i < 6; i++) {
        float cx = x + (float)(i % 3) * iw / 3.0f, cy = y + (float)(i / 3) * 15.0f;
        rnd_fill_round_rect(r, (SDL_FRect){cx, cy + 3.0f, 8.0f, 8.0f}, 2.0f, cols[i]);
        rnd__fmt_pct(c2, sizeof c2, kp ? shares[i] : NAN);
        snprintf(b, sizeof b, "%s %s", mdl_state_name((mdl_state)i), c2);
        rnd_text_draw(t, b, cx + 11.0f, cy, (rnd_font_style){10, false}, RND_COL_TEXT,
                      RND_ALIGN_LEFT);
    }
    return y + 36.0f;
}

/* Inspector KPIs: the run's figures so far (utilisation ... failures); kp is
 * the station's KPI row or NULL; returns the y below. */
static float inspector_kpis(const rnd_pane *pn, int s, const double *kp, rnd_text *t, float x,
                            float y, float iw) {
    const mdl_station_spec *sp = mdl_model_station(pn->model, s);
    const float lh = 16.0f;
    char b[160], c2[64];
    static const rnd_kv_row shares[] = {
        {"Utilisation", MDL_SKPI_UTILIZATION, '%', 0},
        {"Availability", MDL_SKPI_AVAILABILITY, '%', 0},
        {"OEE", MDL_SKPI_OEE, '%', 0},
    };
    y = rnd__kv_rows(t, x, y, lh, iw, kp, shares, 3);
    size_t q = mdl_run_queue_len(pn->run, s);
    rnd__fmt_num(c2, sizeof c2, kp ? kp[MDL_SKPI_QUEUE_LEN] : NAN, 2);
    if (sp->buffer >= 0)
        snprintf(b, sizeof b, "%zu / %ld now, %s avg", q, sp->buffer, c2);
    else
        snprintf(b, sizeof b, "%zu now (unlimited), %s avg", q, c2);
    rnd__kv(t, x, y, iw, "Queue", b);
    y += lh;
    rnd_format_duration(b, sizeof b, kp ? kp[MDL_SKPI_WAIT_S] : NAN);
    rnd__kv(t, x, y, iw, "Mean wait", b);
    y += lh;
    rnd__fmt_num(c2, sizeof c2, kp ? kp[MDL_SKPI_ENERGY_KWH] : NAN, 1);
    snprintf(b, sizeof b, "%s kWh", c2);
    rnd__kv(t, x, y, iw, "Energy", b);
    y += lh;
    rnd__fmt_num(c2, sizeof c2, kp ? kp[MDL_SKPI_UNITS_DONE] : NAN, 0);
    rnd__kv(t, x, y, iw, "Operations done", c2);
    y += lh;
    snprintf(b, sizeof b, "%llu", (unsigned long long)mdl_run_station_failures(pn->run, s));
    rnd__kv(t, x, y, iw, "Failures so far", b);
    return y + lh + 6.0f;
}

/* Inspector parameters: what the scene says about the station (cycle,
 * failures, quality, power, operators); returns the y below. */
static float inspector_params(const mdl_station_spec *sp, rnd_text *t, float x, float y, float iw) {
    const float lh = 16.0f;
    char b[160];
    if (sp->has_cycle) {
        char label[64], mean[32];
        rnd_format_duration(mean, sizeof mean, sim_dist_mean(&sp->cycle));
        snprintf(label, sizeof label, "Cycle (mean %s)", mean);
        sim_dist_format(&sp->cycle, b, sizeof b);
        rnd__kv(t, x, y, iw, label, b);
        y += lh;
    }
    if (sp->has_failures) {
        char a[48], c[48];
        rnd_format_duration(a, sizeof a, sim_dist_mean(&sp->mtbf));
        rnd_format_duration(c, sizeof c, sim_dist_mean(&sp->mttr));
        snprintf(b, sizeof b, "%s / %s", a, c);
        rnd__kv(t, x, y, iw, "MTBF / MTTR", b);
        y += lh;
    }
    snprintf(b, sizeof b, "%.1f %% / %.1f %%", sp->scrap * 100.0, sp->defect * 100.0);
    rnd__kv(t, x, y, iw, "Scrap / defect", b);
    y += lh;
    if (sp->kind == MDL_STATION_INSPECTION) {
        snprintf(b, sizeof b, "%.0f %% detect, %s", sp->detect * 100.0,
                 sp->reject == MDL_REJECT_REWORK ? "rework" : "scrap");
        rnd__kv(t, x, y, iw, "Inspection", b);
        y += lh;
    }
    snprintf(b, sizeof b, "%.1f busy / %.1f idle kW", sp->power[MDL_STATE_BUSY],
             sp->power[MDL_STATE_IDLE]);
    rnd__kv(t, x, y, iw, "Power", b);
    y += lh;
    snprintf(b, sizeof b, "%d", sp->operators);
    rnd__kv(t, x, y, iw, "Operators", b);
    return y + lh + 4.0f;
}

void rnd__draw_station_inspector(const rnd_view *v, SDL_Renderer *r, rnd_text *t, SDL_FRect box) {
    const rnd_pane pn_ = rnd__pane(v, v->sel_pane), *pn = &pn_;
    int s = v->sel_station;
    rnd__card(r, box);
    SDL_Rect ci = {(int)box.x, (int)box.y, (int)box.w, (int)box.h};
    SDL_RenderSetClipRect(r, &ci);
    float x = box.x + 14.0f, y = box.y + 10.0f, iw = box.w - 28.0f;
    y = inspector_header(v, pn, r, t, x, y, iw);
    y = inspector_servers(pn, s, r, t, x, y, iw);
    const double *kp = pn->result && s < pn->result->nstations ? pn->result->station[s] : NULL;
    y = inspector_shares(v, kp, r, t, x, y, iw);
    y = inspector_kpis(pn, s, kp, t, x, y, iw);
    rnd_fill_rect(r, (SDL_FRect){x, y - 3.0f, iw, 1.0f}, RND_COL_PANEL_EDGE);
    y = inspector_params(mdl_model_station(pn->model, s), t, x, y, iw);
    const mdl_station_spec *sp = mdl_model_station(pn->model, s);
    int mode = lv_session_chosen_mode(v->session, v->sel_pane, s);
    if (mode >= 0) { /* the trainer's failure mode (N chooses, M fails) */
        char b[96];
        snprintf(b, sizeof b, "%s (%d of %d)%s", sp->maint->modes[mode].id, mode + 1, sp->maint->nmodes,
                 mdl_run_station_warned(pn->run, s) ? ", warned" : "");
        rnd__kv(t, x, y, iw, "M fails mode", b);
        y += 16.0f;
        rnd_text_draw_fit(t, "M fail \xC2\xB7 N next mode \xC2\xB7 P start a PM", x, y, (rnd_font_style){10, false},
                          RND_COL_ACCENT, RND_ALIGN_LEFT, iw);
        y += 14.0f;
    }
    rnd_text_draw_fit(t, "B break \xC2\xB7 U repair \xC2\xB7 ] add / [ remove server", x, y,
                      (rnd_font_style){10, false}, RND_COL_ACCENT, RND_ALIGN_LEFT, iw);
    SDL_RenderSetClipRect(r, NULL);
}
