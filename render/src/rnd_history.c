/*
 * rnd_history.c - the samples behind the live charts and the Gantt strip.
 */
#include <stdlib.h>
#include <string.h>

#include "rnd_internal.h"

bool rnd__history_init(rnd_history *h, int nst) {
    memset(h, 0, sizeof *h);
    h->nst = nst;
    h->cap = 2 * ((int)(RND_HISTORY_SPAN_S / RND_SAMPLE_S) + 2);
    size_t c = (size_t)h->cap;
    h->t = malloc(sizeof *h->t * c);
    h->exits = malloc(sizeof *h->exits * c);
    h->tput = malloc(sizeof *h->tput * c);
    h->wip = malloc(sizeof *h->wip * c);
    h->power = malloc(sizeof *h->power * c);
    h->state = malloc(c * (size_t)(nst > 0 ? nst : 1));
    if (!h->t || !h->exits || !h->tput || !h->wip || !h->power || !h->state) {
        rnd__history_fini(h);
        return false;
    }
    return true;
}

void rnd__history_fini(rnd_history *h) {
    free(h->t);
    free(h->exits);
    free(h->tput);
    free(h->wip);
    free(h->power);
    free(h->state);
    memset(h, 0, sizeof *h);
}

void rnd__history_clear(rnd_history *h) {
    h->count = 0;
    h->next_k = 0;
}

static void drop_older_half(rnd_history *h) {
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

void rnd__history_record(rnd_history *h, const mdl_run *run, double exits) {
    if (h->count == h->cap)
        drop_older_half(h);
    int i = h->count;
    double now = mdl_run_now(run);
    h->t[i] = now;
    h->exits[i] = exits;
    /* Throughput over the last hour: a rate the eye can follow, unlike the
     * cumulative average of the KPI panel, which settles within hours. */
    const int per_hour = (int)(3600.0 / RND_SAMPLE_S + 0.5);
    if (i >= per_hour)
        h->tput[i] = (float)((exits - h->exits[i - per_hour]) * 3600.0 /
                             (now - h->t[i - per_hour]));
    else if (now > 0.0)
        h->tput[i] = (float)((exits - (i > 0 ? h->exits[0] : exits)) * 3600.0 /
                             (i > 0 ? now - h->t[0] : now));
    else
        h->tput[i] = 0.0f;
    h->wip[i] = (float)mdl_run_wip_now(run);
    h->power[i] = (float)mdl_run_power_now(run);
    uint8_t *row = h->state + (size_t)i * (size_t)h->nst;
    for (int s = 0; s < h->nst; s++)
        row[s] = (uint8_t)rnd__station_state(run, s);
    h->count++;
    h->next_k++;
}
