/*
 * sim_lane.c - a lane's items: a short array sorted by (time, sequence),
 * the first-due item at its head. The world fires them (sim_world.c,
 * fire_lane); sim_lane.h says why a lane exists and what it keeps.
 */
#include "sim_lane.h"

#include <string.h>

#include "sim_internal.h"

sim_lane *sim_lane_new(sim_world *w, size_t cap, int priority, sim_event_fn *fn) {
    SIM_CHECK(fn != NULL, "lane without an action");
    size_t room = cap < 32 ? 64 : 2 * cap;
    sim_lane *l = sim_world_realloc(w, NULL, sizeof *l);
    if (!l) return NULL;
    l->item = sim_world_realloc(w, NULL, room * sizeof *l->item);
    if (!l->item || !sim__world_add_lane(w, l)) {
        if (l->item) sim_world_realloc(w, l->item, 0);
        sim_world_realloc(w, l, 0);
        return NULL;
    }
    l->w = w;
    l->seq = &w->seq;
    l->head = l->end = 0;
    l->room = room;
    l->cap = cap;
    l->priority = priority;
    l->fn = fn;
    return l;
}

/* Out of line and cold, so that the inline insertion stays short. */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
void sim__lane_schedule_rare(sim_lane *l, double time) {
    SIM_CHECK(time >= sim_world_now(l->w), "lane item scheduled in the past or at NaN time");
    size_t n = l->end - l->head;
    SIM_CHECK(n < l->cap, "lane item scheduled beyond the lane's capacity");
    if (l->end < l->room) return;
    /* The live part back to the front of the storage. */
    memmove(l->item, &l->item[l->head], n * sizeof *l->item);
    l->head = 0;
    l->end = n;
}

bool sim_lane_cancel(sim_lane *l, const void *subject) {
    for (size_t i = l->head; i < l->end; i++) {
        if (l->item[i].subject != subject) continue;
        memmove(&l->item[i], &l->item[i + 1], (l->end - i - 1) * sizeof *l->item);
        l->end--;
        return true;
    }
    return false;
}

size_t sim_lane_pending(const sim_lane *l) { return l->end - l->head; }
