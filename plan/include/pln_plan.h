/*
 * pln_plan.h - the planner (APS): a finite-capacity schedule of a model's
 * order book, before any run.
 *
 * The planner reads a mdl_model (its stations, routes, mean cycle and setup
 * times, shift calendars and orders) and writes a plan: for every order and
 * every step of its route, the station, the server, the planned start and
 * end. It lives above models/ (DESIGN: "planning above running"); a run
 * never calls it.
 *
 * Method: event-driven list scheduling (a non-delay schedule: no server is
 * left idle while a lot it could work on is waiting). An order is one lot:
 * all its units go through a step together on one server (the lot's time is
 * quantity x the mean cycle time there, plus the mean setup time when the
 * server last made another product); units pass on one by one, so the next
 * step may start when the first unit is done, and ends no earlier than one
 * unit's time after the last unit arrived. Time advances from event to
 * event (a lot becomes ready at a station, a server becomes free); at each
 * time, once every event of that time is in, each station touched gives its
 * free servers (the one free first, ties: the lowest index) the lots ready
 * there, in the order of the dispatching rule (ties: the order first in the
 * order book). Cost: O(operations x log) with a heap per station for the
 * rules whose key is fixed (fifo, edd, spt, priority); cr, slack, atc and
 * setup depend on the time or the server and scan the lots ready there.
 * Operations start no earlier than the order's release and the end of its
 * previous step, and work only while the station's calendar is on (off
 * shift, an operation pauses, as in a run).
 *
 * Routes as a run follows them (mdl_routing.h): an order's variant plans
 * its cycle time additions and its setups by option change, a visit with
 * its own cycle time plans that, a step of alternatives goes to the station
 * where the lot would end first when it becomes ready (its first free
 * server, after the lot time already waiting there shared over its
 * servers; ties: the first listed), and a probabilistic branch is planned
 * on its most likely station (ties: the first listed). An operation's
 * times come from the model (mdl_model_op_mean_cycle / _setup), the tables
 * a run draws from.
 *
 * Random times are planned at their means (sim_dist_mean): the plan is a
 * deterministic schedule, and a run under the scene's randomness deviates
 * from it.
 *
 * Ownership: pln_schedule allocates the plan, pln_plan_free frees it.
 * Deterministic: the same model and rule give the same plan.
 */
#ifndef PLN_PLAN_H
#define PLN_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "mdl_model.h"

/// One planned operation: step `step` of order `order` at `station`.
typedef struct pln_op {
    int order;
    int step;
    int station;
    int server;    ///< 0-based server of the station
    double start;  ///< planned start, s (setup included from here)
    double setup;  ///< planned setup time at the start, s
    double end;    ///< planned end, s
} pln_op;

typedef struct pln_plan pln_plan;

/// Schedules the model's orders under `rule` (the dispatching rules of
/// mdl_model.h). NULL with a message in err when the model has no orders,
/// a station is never on shift, or memory runs out.
pln_plan *pln_schedule(const mdl_model *m, mdl_dispatch rule, char *err, size_t err_size);
void pln_plan_free(pln_plan *p);

/// The operations, in the order they were scheduled.
size_t pln_plan_op_count(const pln_plan *p);
const pln_op *pln_plan_op(const pln_plan *p, size_t i);
/// Latest planned end (time 0 = the run's start).
double pln_plan_makespan(const pln_plan *p);
/// Planned completion of an order (end of its last step).
double pln_plan_completion(const pln_plan *p, int order);
/// Planned tardiness: sum and max over orders with a due date, and the
/// number of orders planned late.
double pln_plan_tardiness_sum(const pln_plan *p);
double pln_plan_tardiness_max(const pln_plan *p);
int pln_plan_late_orders(const pln_plan *p);
/// Planned utilisation of a station: its planned busy time (setups
/// included) / (servers x makespan).
double pln_plan_utilization(const pln_plan *p, int station);

#endif
