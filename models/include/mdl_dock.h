/*
 * mdl_dock.h - the ends of a route: receiving and shipping docks
 * (docs/material-handling.md, "Route ends: docks").
 *
 * A dock is a *place* where transport picks units up or drops them, like a
 * station's out-point and buffer: a receiving dock holds the units released
 * into the line until a transport takes them to the route's first station;
 * a shipping dock takes finished units off the line. A product with
 * `from` (mdl_model_set_product_ends) is released at its receiving dock
 * (it counts in the WIP from then on) and leaves it the way
 * mdl_model_set_dock_transport says (a fleet, a belt, or directly into
 * the first station's buffer when it has room). A product with `to` leaves
 * its last station by the transport mdl_model_set_transport gives that
 * station (required then) and is finished (throughput, lead time, the
 * `exit` record) when it is dropped at the shipping dock. Without either,
 * a product runs as before (same events, same numbers).
 *
 * A fleet that serves a dock drives to the dock's `node`; a shipping
 * dock's `capacity` is how many units may be unloaded there at once (dock
 * doors; 0: any number): a vehicle that finds them all taken waits,
 * loaded, in line (state `blocked`), first come first served.
 */
#ifndef MDL_DOCK_H
#define MDL_DOCK_H

#include <stdbool.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"

typedef enum mdl_dock_kind {
    MDL_DOCK_RECEIVING = 0,
    MDL_DOCK_SHIPPING,
    MDL_DOCK_KIND_COUNT
} mdl_dock_kind;

const char *mdl_dock_kind_name(mdl_dock_kind k); ///< "receiving", "shipping"

typedef struct mdl_dock_spec {
    const char *id;
    mdl_dock_kind kind;
    int node;          ///< path-network node (-1: none; needed when a fleet serves the dock)
    bool has_at;       ///< x, y given (else the node's position, else none)
    double x, y;       ///< metres, for the viewer
    int capacity;      ///< shipping: units unloaded at once, 0 = any number
    int source_line;
} mdl_dock_spec;

/// mdl_dock_spec_default, mdl_model_add_dock, mdl_model_dock_count,
/// mdl_model_find_dock, mdl_model_dock (MDL_ENTITY_API, mdl_model.h).
MDL_ENTITY_API(dock);
/// The dock's position (its `at`, else its node's); false when it has none.
bool mdl_model_dock_position(const mdl_model *m, int dock, double *x, double *y);

/// Where units of `product` come from (a receiving dock, -1: released
/// straight into the first station) and go to (a shipping dock, -1: they
/// leave the line at the end of their last operation). Set before the
/// transport of the product's last station. A product with `from` needs a
/// plain first step (not flexible) and releases by `push`, `conwip` or orders.
bool mdl_model_set_product_ends(mdl_model *m, int product, int from, int to);
/// The product's ends (-1: none).
int mdl_model_product_from(const mdl_model *m, int product);
int mdl_model_product_to(const mdl_model *m, int product);
/// How units of `product` leave its receiving dock `dock` for the first
/// station: MDL_TRANSPORT_FLEET (which: fleet), _CONVEYOR (which: belt) or
/// _DIRECT (default).
bool mdl_model_set_dock_transport(mdl_model *m, int product, int dock, mdl_transport_kind kind, int which);
mdl_transport_kind mdl_model_dock_transport(const mdl_model *m, int product, int dock, int *which);

/// Units waiting at receiving dock `dock` now (0 for a shipping dock), for the viewer.
int mdl_run_dock_units(const mdl_run *r, int dock);
/// The k-th unit waiting at a receiving dock (0 = the first: its line to
/// a belt or straight to the first station, then the ones waiting for a
/// vehicle that none is loading yet); false when fewer (mdl_held_view.c).
bool mdl_run_dock_unit(const mdl_run *r, int dock, size_t k, mdl_unit_view *u);

/// Dock KPIs over the window (mdl_rep_dock_kpi).
typedef enum mdl_dkpi {
    MDL_DKPI_UNITS = 0, ///< units that left a receiving dock / were dropped at a shipping dock
    MDL_DKPI_WAIT_S,    ///< receiving: mean time from release to leaving the dock (loading start, belt entry)
    MDL_DKPI_QUEUE,     ///< receiving: time-average units waiting at the dock
    MDL_DKPI_COUNT
} mdl_dkpi;

/// A dock's KPI in one replication's result (NaN when out of range).
double mdl_rep_dock_kpi(const mdl_rep_result *r, int dock, mdl_dkpi k);

#endif
