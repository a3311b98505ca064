/*
 * mdl_routing.h - routing beyond a fixed list of stations: product families
 * with options (variants), flexible route steps (alternative stations,
 * probabilistic branches, a cycle time per visit) and kanban card loops.
 *
 * Each adds to a model built with mdl_model.h and, like it, checks its
 * input and refuses it with a message (mdl_model_error). A model that uses
 * none of them runs exactly as before (same events, same numbers).
 */
#ifndef MDL_ROUTING_H
#define MDL_ROUTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_model.h"
#include "sim_dist.h"

/* ---- product families ------------------------------------------------------ */

/// Most options (attributes) of a family, values of one option, and variants.
#define MDL_FAMILY_MAX_OPTIONS 16
#define MDL_FAMILY_MAX_VALUES 256
#define MDL_FAMILY_MAX_VARIANTS (1u << 24)

/// Makes product `product` a family: option k is named names[k] and takes
/// one of nvalues[k] values, values[k][0 .. nvalues[k]). A variant is one
/// value per option, numbered in mixed radix (the first option varies
/// slowest); variant 0 takes the first value of each.
bool mdl_model_set_family(mdl_model *m, int product, int noptions, const char *const *names, const int *nvalues,
                          const char *const *const *values);
/// The cycle time of the family at `station` grows by `seconds` (>= 0) for
/// the variants whose option `option` has value `value`.
bool mdl_model_family_cycle_add(mdl_model *m, int product, int station, int option, int value, double seconds);
/// A setup of law `d` at `station` when consecutive units of the family on
/// one server differ in option `option` (the setups of all the options that
/// change are added).
bool mdl_model_family_setup(mdl_model *m, int product, int station, int option, sim_dist d);
/// The variant that options text like "bore=A;color=red" names (every
/// option once), or -1 with the reason in err.
long mdl_model_family_variant(const mdl_model *m, int product, const char *options, char *err, size_t errlen);
/// Whether the product is a family (has options).
bool mdl_model_is_family(const mdl_model *m, int product);
/// The options text of variant 0 ("bore=A;color=red") into buf, for messages.
const char *mdl_model_family_example(const mdl_model *m, int product, char *buf, size_t n);
/// The options text of `variant` into buf ("" for a product that is not a family).
const char *mdl_model_variant_name(const mdl_model *m, int product, long variant, char *buf, size_t n);
/// The names of a family's options (option -1) or of option `option`'s
/// values, owned by the model; *n their number (0 and NULL: no such family
/// or option).
const char *const *mdl_model_family_names(const mdl_model *m, int product, int option, int *n);
/// Number of variants of a product (1 for a product that is not a family).
long mdl_model_variant_count(const mdl_model *m, int product);
/// Sets the variant of an order (of a family); false when out of range.
bool mdl_model_set_order_variant(mdl_model *m, int order, long variant);
/// The variant of an order (0 for a product that is not a family, -1 for no such order).
long mdl_model_order_variant(const mdl_model *m, int order);

/* ---- flexible route steps --------------------------------------------------- */

/// How a step with several stations picks one; ties go to the first listed.
typedef enum mdl_step_rule {
    MDL_STEP_FIRST_FREE = 0,   ///< the first that can take the unit now; else wait for whichever can first
    MDL_STEP_SHORTEST_QUEUE,   ///< the fewest units there (buffer, servers, blocked arrivals)
    MDL_STEP_FASTEST,          ///< among those that can take it now, the shortest mean cycle time for the product; else the fastest
    MDL_STEP_SHARE             ///< a random draw: station k with probability share[k]
} mdl_step_rule;

typedef struct mdl_step_spec {
    int nstations;          ///< 1 .. 64
    const int *stations;    ///< station indexes
    const double *shares;   ///< MDL_STEP_SHARE: probabilities, summing to 1
    mdl_step_rule rule;
    bool has_cycle;         ///< a cycle time for this visit (wins over the product's and the stations')
    sim_dist cycle;
} mdl_step_spec;

/// Makes step `step` (0-based) of the product's route flexible, or gives it
/// a cycle time of its own. The route's station for that step must be the
/// first of spec->stations.
bool mdl_model_set_step(mdl_model *m, int product, int step, const mdl_step_spec *spec);

/* ---- an operation as the planner sees it (mdl_route_plan.c) ------------------ */
/* The run's own tables, read at their means (the planner's rule for random
 * times), so that a plan and a run agree on what an operation takes. */

/// The stations that can do step `step` of `product`: 1 for a fixed step
/// (the route's station), the alternatives or branches of a flexible step;
/// 0 when there is no such step.
int mdl_model_step_station_count(const mdl_model *m, int product, int step);
/// The k-th of them (k = 0: the route's station), -1 out of range.
int mdl_model_step_station(const mdl_model *m, int product, int step, int k);
/// Whether `station` can do step `step` of `product` (is one of them).
bool mdl_model_step_allows(const mdl_model *m, int product, int step, int station);
/// How a flexible step chooses (MDL_STEP_FIRST_FREE for a fixed step).
mdl_step_rule mdl_model_step_rule(const mdl_model *m, int product, int step);
/// The probability of branch k of a MDL_STEP_SHARE step (1 for the one
/// station of a fixed step, NaN for other rules or out of range).
double mdl_model_step_share(const mdl_model *m, int product, int step, int k);
/// The stations a unit at step `step` of `product` may go to next: every
/// station of the next step (alternatives, branches) and, where that step
/// holds only for some variants (`when`), of the steps after it up to one
/// that every variant visits. Each station once, into st[0 .. cap);
/// returns how many (more than cap: only cap written), 0 after the last
/// step or for no such step.
int mdl_model_step_next_stations(const mdl_model *m, int product, int step, int *st, int cap);
/// Mean cycle time of step `step` of a unit of `product` (variant `variant`)
/// at `station`: the visit's own cycle time, else the product's or the
/// station's, plus the variant's option additions there. NaN when the
/// station has no cycle time for it.
double mdl_model_op_mean_cycle(const mdl_model *m, int product, long variant, int step, int station);
/// Mean setup at `station` when a server that made (from_product,
/// from_variant) last takes (to_product, to_variant): the station's and
/// products' setups on a change of product, the family's option setups on
/// a change of variant (summed over the options that change), 0 when none
/// or when from_product < 0 (a server's first unit). As a run draws them.
double mdl_model_op_mean_setup(const mdl_model *m, int station, int from_product, long from_variant, int to_product,
                               long to_variant);

/* ---- steps that depend on the options --------------------------------------- */

/// Step `step` (0-based) of a family's route applies only to the variants
/// whose option `option` takes one of values[0 .. nvalues); call once per
/// option (all must hold). The other variants skip the step.
bool mdl_model_step_when(mdl_model *m, int product, int step, int option, int nvalues, const int *values);
/// Checks that every variant of the product keeps at least one step; false
/// with a message naming such a variant (also part of mdl_model_validate).
bool mdl_model_route_when_check(mdl_model *m, int product);
/// The steps a unit of `variant` visits, in route order: their 0-based
/// indexes (mdl_model_route_station gives each step's station) into
/// steps[0 .. cap); returns how many there are (more than cap: only cap
/// written), or -1 for no such product or variant. A product without
/// conditions visits every step. The planner and the run use this one
/// rule.
int mdl_model_variant_steps(const mdl_model *m, int product, long variant, int *steps, int cap);

/* ---- kanban ------------------------------------------------------------------ */

/// A card loop from station `from` to station `to` with `cards` cards: a
/// unit enters `from` only with a free card, and the card comes back when
/// the unit leaves `to` (or the line). Loops may not share their first or
/// last station. Returns the loop's index or -1.
int mdl_model_add_kanban(mdl_model *m, const char *id, int from, int to, int cards);
int mdl_model_kanban_count(const mdl_model *m);

#endif
