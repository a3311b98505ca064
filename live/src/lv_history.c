/*
 * lv_history.c - the samples behind the live charts and the Gantt strip.
 */
#include "lv_history.h"
#include "sim_block.h"
#include "sim_units.h"

#include <stdlib.h>
#include <string.h>

/* The arrays in one block (sim_block.h), t first: freeing t frees them all. */
static void history_layout(lv_history *h, sim_block *b) {
    size_t c = (size_t)h->cap;
    SIM_BLOCK_PART(b, h->t, c);
    SIM_BLOCK_PART(b, h->exits, c);
    SIM_BLOCK_PART(b, h->tput, c);
    SIM_BLOCK_PART(b, h->wip, c);
    SIM_BLOCK_PART(b, h->power, c);
    SIM_BLOCK_PART(b, h->state, c * (size_t)(h->nst > 0 ? h->nst : 1));
}

bool lv_history_init(lv_history *h, int nst) {
    memset(h, 0, sizeof *h);
    h->nst = nst;
    h->cap = 2 * ((int)(LV_HISTORY_SPAN_S / LV_SAMPLE_S) + 2);
    sim_block b = {NULL, 0};
    history_layout(h, &b); /* measure */
    b.base = malloc(b.size);
    if (!b.base) {
        memset(h, 0, sizeof *h);
        return false;
    }
    b.size = 0;
    history_layout(h, &b); /* place */
    return true;
}

void lv_history_fini(lv_history *h) {
    free(h->t);
    memset(h, 0, sizeof *h);
}

void lv_history_clear(lv_history *h) {
    h->count = 0;
    h->next_k = 0;
}

static void drop_older_half(lv_history *h) {
    int drop = h->count / 2, keep = h->count - drop;
    memmove(h->t, h->t + drop, sizeof *h->t * (size_t)keep);
    memmove(h->exits, h->exits + drop, sizeof *h->exits * (size_t)keep);
    memmove(h->tput, h->tput + drop, sizeof *h->tput * (size_t)keep);
    memmove(h->wip, h->wip + drop, sizeof *h->wip * (size_t)keep);
    memmove(h->power, h->power + drop, sizeof *h->power * (size_t)keep);
    memmove(h->state, h->state + (size_t)drop * (size_t)h->nst,
            (size_t)keep * (size_t)h->nst);
    h->count = keep;
}

void lv_history_record(lv_history *h, const mdl_run *run, double exits) {
    if (h->count == h->cap)
        drop_older_half(h);
    int i = h->count;
    double now = mdl_run_now(run);
    h->t[i] = now;
    h->exits[i] = exits;
    /* Throughput over the last hour: a rate the eye can follow, unlike the
     * cumulative average of the KPI panel, which settles within hours. */
    const int per_hour = (int)(SIM_HOUR / LV_SAMPLE_S + 0.5);
    if (i >= per_hour)
        h->tput[i] = (float)((exits - h->exits[i - per_hour]) * SIM_HOUR /
                             (now - h->t[i - per_hour]));
    else if (now > 0.0)
        h->tput[i] = (float)((exits - (i > 0 ? h->exits[0] : exits)) * SIM_HOUR /
                             (i > 0 ? now - h->t[0] : now));
    else
        h->tput[i] = 0.0f;
    h->wip[i] = (float)mdl_run_wip_now(run);
    h->power[i] = (float)mdl_run_power_now(run);
    uint8_t *row = h->state + (size_t)i * (size_t)h->nst;
    for (int s = 0; s < h->nst; s++)
        row[s] = (uint8_t)lv_station_state(run, s);
    h->count++;
    h->next_k++;
}

mdl_state lv_station_state(const mdl_run *run, int station) {
    int n = mdl_run_servers(run, station);
    if (n <= 0)
        return MDL_STATE_IDLE;
    if (n == 1)
        return mdl_run_server_state(run, station, 0);
    int count[MDL_STATE_COUNT] = {0};
    for (int k = 0; k < n; k++) {
        mdl_state s = mdl_run_server_state(run, station, k);
        if ((int)s >= 0 && s < MDL_STATE_COUNT)
            count[s]++;
    }
    static const mdl_state urgency[MDL_STATE_COUNT] = {
        MDL_STATE_DOWN, MDL_STATE_MAINT, MDL_STATE_BLOCKED, MDL_STATE_WAIT_OPERATOR, MDL_STATE_SETUP,
        MDL_STATE_BUSY, MDL_STATE_IDLE, MDL_STATE_STANDBY, MDL_STATE_OFF};
    mdl_state best = urgency[0];
    for (int i = 1; i < MDL_STATE_COUNT; i++)
        if (count[urgency[i]] > count[best])
            best = urgency[i];
    return best;
}
