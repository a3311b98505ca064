/*
 * sim_lane.c - a lane's items: three short arrays, the pending items in
 * slots [0, n) in no order, `first` the first-due one by (time, sequence).
 * The world fires them (sim_world.c, fire_lane; sim_lane_run inline);
 * sim_lane.h says why a lane exists and what it keeps.
 */
#include "sim_lane.h"

#include <string.h>

#include "sim_internal.h"

/* Every slot empty: +infinity and the largest sequence number. */
static void lane_clear(sim_lane *l) {
    for (size_t k = 0; k < l->cap; k++) {
        l->time[k] = INFINITY;
        l->seqs[k] = UINT64_MAX;
        l->subject[k] = NULL;
    }
    l->n = l->first = 0;
    l->high = 1;
}

sim_lane *sim_lane_new(sim_world *w, size_t cap, int priority, sim_event_fn *fn) {
    SIM_CHECK(fn != NULL, "lane without an action");
    if (cap == 0) cap = 1;
    sim_lane *l = sim_world_realloc(w, NULL, sizeof *l);
    if (!l) return NULL;
    /* One block: the times, the sequence numbers, the subjects. */
    l->time = sim_world_realloc(w, NULL, cap * (sizeof(double) + sizeof(uint64_t) + sizeof(void *)));
    if (!l->time || !sim__world_add_lane(w, l)) {
        if (l->time) sim_world_realloc(w, l->time, 0);
        sim_world_realloc(w, l, 0);
        return NULL;
    }
    l->seqs = (uint64_t *)(void *)(l->time + cap);
    l->subject = (void **)(void *)(l->seqs + cap);
    l->w = w;
    l->seq = &w->seq;
    l->cap = cap;
    l->priority = priority;
    l->fn = fn;
    lane_clear(l);
    return l;
}

void sim__lane_reset(sim_lane *l) { lane_clear(l); }

/* Out of line and cold, so that the inline insertion stays short. */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
void sim__lane_schedule_rare(sim_lane *l, double time) {
    SIM_CHECK(time >= sim_world_now(l->w), "lane item scheduled in the past or at NaN time");
    SIM_CHECK(l->n < l->cap, "lane item scheduled beyond the lane's capacity");
    if (l->n >= l->high) l->high = l->n + 1;
}

/* The first-due slot by (time, seq) of a non-empty lane. */
size_t sim__lane_first_tied(const sim_lane *l) {
    size_t best = 0;
    for (size_t k = 1; k < l->n; k++)
        if (l->time[k] < l->time[best] || (l->time[k] == l->time[best] && l->seqs[k] < l->seqs[best])) best = k;
    return best;
}

bool sim_lane_cancel(sim_lane *l, const void *subject) {
    /* The first-due item of subject. */
    size_t at = l->n;
    for (size_t k = 0; k < l->n; k++) {
        if (l->subject[k] != subject) continue;
        if (at == l->n || l->time[k] < l->time[at] || (l->time[k] == l->time[at] && l->seqs[k] < l->seqs[at]))
            at = k;
    }
    if (at == l->n) return false;
    size_t last = --l->n;
    l->time[at] = l->time[last];
    l->seqs[at] = l->seqs[last];
    l->subject[at] = l->subject[last];
    l->time[last] = INFINITY;
    l->seqs[last] = UINT64_MAX;
    l->subject[last] = NULL;
    l->first = l->n ? sim__lane_first_tied(l) : 0;
    return true;
}

size_t sim_lane_pending(const sim_lane *l) { return l->n; }
