/*
 * mdl_agv_refuge.h - refuges for the layout check (mdl_agv_layout.c): the
 * nodes a vehicle on a gate can clear the way to when two vehicles would
 * swap places through it (mdl_agv_traffic.c, swap_out).
 */
#ifndef MDL_AGV_REFUGE_H
#define MDL_AGV_REFUGE_H

#include <stdbool.h>
#include <stdint.h>

struct tr_model;

/* The arcs of the network as vehicles drive them (a two-way edge both
 * ways), by node, and the scratch of one search. */
typedef struct tr_refuge {
    int *start, *adj, *seen, *queue, *par, epoch;
    uint8_t *way;
} tr_refuge;

bool tr_refuge_init(const struct tr_model *tm, tr_refuge *r);

/* The nodes a vehicle can clear the way to, ok[n] = 1 (zeroed by the
 * caller): a point node outside lanes (lane[]) or a parking place of 2
 * or more, with a way off it other than through a parking place of one
 * (where the swap it clears would only come back). */
void tr_refuge_places(const struct tr_model *tm, const bool *lane, uint8_t *ok);
void tr_refuge_free(tr_refuge *r);

/* The refuges of gate g (at most `need`): the nodes with ok[n] set
 * reached from g by the arcs without passing g, a node with skip[n] set
 * (the part waited for) or a parking place of one (the one contended),
 * and off the way from g to the places vehicles drive to (goal[n]: the
 * nodes the search passes to reach one, a place of 2 or more excepted);
 * with no_goal those places themselves neither (the vehicle coming out
 * of the part may be bound for any). Looks at no more than 256 nodes. */
int tr_refuge_count(const struct tr_model *tm, tr_refuge *r, int g, const uint8_t *skip, const uint8_t *ok, const uint8_t *goal,
                    bool no_goal, int need);

#endif
