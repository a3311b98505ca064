/*
 * mdl_conveyor_net.h - conveyor networks: merges and diverters between
 * belts (docs/material-handling.md, "Conveyor networks").
 *
 * A belt (mdl_conveyor_spec) ends either at a station - the unit enters
 * the buffer of its next station, as before - or at a junction:
 * - a merge joins two or more input belts into one output belt. A unit
 *   that reaches the end of an input waits there (its belt stopped as at a
 *   full buffer) until the merge lets it onto the output's entry, which is
 *   free when the last unit on the output has moved `spacing` away. Rule
 *   ALTERNATE: round robin over the inputs, starting after the input
 *   served last and skipping inputs with nothing waiting; PRIORITY: the
 *   first input in the merge's order that has a unit waiting. Units that
 *   arrive at the same instant are judged together by the rule (the
 *   decision is an event after every other event of that instant).
 *   Waiting inputs go before stations that put units on the output belt
 *   directly (side feeds wait for a gap).
 * - a diverter sends the unit at the end of its input belt onto one of
 *   its outputs (a belt, or straight into a station's buffer). Rule
 *   PRODUCT: the first output that lists the unit's product, else the
 *   first output that lists none. DESTINATION: the output whose station is
 *   the unit's next station (onto its belt, a spur leading there, or into
 *   the station when the output has no belt); any other unit, and a unit
 *   whose output cannot take it now (a full spur or station), goes on the
 *   output without a station (the through way: that is recirculation on a
 *   loop); without a through way it waits. SHORTEST_QUEUE: among the
 *   output belts whose entry is free, the one holding the fewest units
 *   (ties: the first listed). While the chosen output cannot take the unit
 *   it waits at the end of the input belt, which stops like at a full
 *   buffer.
 *
 * A unit keeps its destination (its next station) from the belt it was put
 * on to the plain belt end or diverter output that delivers it. A belt is
 * the input of at most one junction and fed by at most one. The model
 * checks (mdl_model_validate, and the scene loader with file:line) that
 * units of every route step that leaves on a belt reach their next
 * station through the network.
 *
 * Building: like mdl_transport.h; the adding functions copy their arrays
 * and return the new index or -1 with mdl_model_error() set.
 */
#ifndef MDL_CONVEYOR_NET_H
#define MDL_CONVEYOR_NET_H

#include <stdbool.h>

#include "mdl_model.h"

typedef enum mdl_merge_rule {
    MDL_MERGE_ALTERNATE = 0, ///< round robin over the inputs with a unit waiting
    MDL_MERGE_PRIORITY,      ///< the first input (in order) with a unit waiting
    MDL_MERGE_RULE_COUNT
} mdl_merge_rule;

typedef struct mdl_merge_spec {
    const char *id;
    const int *inputs;     ///< conveyor indices, >= 2, distinct
    int ninputs;
    int output;            ///< conveyor index, not an input
    mdl_merge_rule rule;
    int source_line;
} mdl_merge_spec;

typedef enum mdl_divert_rule {
    MDL_DIVERT_PRODUCT = 0,  ///< by the unit's product
    MDL_DIVERT_DESTINATION,  ///< by the unit's next station; others (and overflow) on the through way
    MDL_DIVERT_SHORTEST,     ///< the free output belt holding the fewest units
    MDL_DIVERT_RULE_COUNT
} mdl_divert_rule;

/// One way out of a diverter.
typedef struct mdl_divert_output {
    int conveyor;          ///< belt the unit goes onto, -1: none (DESTINATION: straight into `station`)
    int station;           ///< DESTINATION: the station this output leads to, -1: the through way
    const int *products;   ///< PRODUCT: the products it takes (none: every other product)
    int nproducts;
} mdl_divert_output;

typedef struct mdl_diverter_spec {
    const char *id;
    int input;             ///< conveyor index
    mdl_divert_rule rule;
    const mdl_divert_output *outputs; ///< >= 2
    int noutputs;
    int source_line;
} mdl_diverter_spec;

const char *mdl_merge_rule_name(mdl_merge_rule r);   ///< "alternate", "priority"
const char *mdl_divert_rule_name(mdl_divert_rule r); ///< "product", "destination", "shortest_queue"

/// Adds a merge / a diverter (after its conveyors); the new index or -1.
int mdl_model_add_merge(mdl_model *m, const mdl_merge_spec *spec);
int mdl_model_add_diverter(mdl_model *m, const mdl_diverter_spec *spec);
int mdl_model_merge_count(const mdl_model *m);
int mdl_model_diverter_count(const mdl_model *m);
const mdl_merge_spec *mdl_model_merge(const mdl_model *m, int merge);
const mdl_diverter_spec *mdl_model_diverter(const mdl_model *m, int diverter);

/// Do units of `product` put on belt `conveyor` for station `to` reach it
/// through the network? False with mdl_model_error() saying where they are
/// lost (a diverter with no way for them, or a loop they never leave).
bool mdl_model_conveyor_reaches(mdl_model *m, int product, int conveyor, int to);

#endif
