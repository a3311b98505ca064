/*
 * mdl_orders.h - results by order, by order book and by product.
 *
 * An MES runs a plant by orders. Besides the line's KPIs (mdl_run.h) a run
 * reports, for every order of the model (mdl_model_add_order), when it was
 * complete, how late, how many of its units are good, scrapped, shipped
 * defective or still open at the end; for the order book as a whole the
 * on-time shares, tardiness, flow time, backlog and service level; and for
 * every product its throughput, lead time and yield.
 *
 * Windows. Order and order-book results cover the whole run (time 0 to the
 * end), whatever the warm-up: an order is one story from its release on.
 * Product results cover the window after the warm-up like the line's, so
 * the products' units add up to the line's (units out, scrapped, released).
 * With warm-up 0 the orders' units add up to the line's too.
 *
 * Definitions (docs/kpis.md "Orders and products" explains them for users):
 * - An order is complete when none of its units is open: each left the
 *   line good, left it defective (undetected) or was scrapped. Its
 *   completion is the time its last unit left; scrapped units are not
 *   replaced (a short shipment shows as units_scrapped > 0).
 * - lateness = completion - due (negative: early); tardiness =
 *   max(0, lateness). An order still open at the end and already past due
 *   has tardiness end - due (a lower bound: it is late at least that much)
 *   and counts as late; one still open and not yet due is undecided and left
 *   out of the shares and means (as are orders without a due date).
 * - A unit is on time when it left the line good by its order's due date;
 *   a unit still open at the end past its due date is late.
 *
 * Storage. mdl_rep_result (mdl_run.h) holds the arrays: per order
 * [norders][MDL_OKPI_COUNT], per product [nproducts][MDL_PKPI_COUNT], and
 * the order book's [MDL_BKPI_COUNT]; read them with the accessors below.
 */
#ifndef MDL_ORDERS_H
#define MDL_ORDERS_H

#include "mdl_batch.h"
#include "mdl_run.h"

/// Results of one order.
typedef enum mdl_okpi {
    MDL_OKPI_COMPLETION_S = 0, ///< when its last unit left; NaN while open
    MDL_OKPI_FLOW_TIME_S,      ///< completion - release; NaN while open
    MDL_OKPI_LATENESS_S,       ///< completion - due; NaN while open or without due date
    MDL_OKPI_TARDINESS_S,      ///< max(0, lateness); open past due: end - due; NaN when undecided
    MDL_OKPI_ON_TIME,          ///< 1 complete by its due date, 0 late, NaN undecided or no due date
    MDL_OKPI_UNITS_GOOD,       ///< units that left the line good
    MDL_OKPI_UNITS_ON_TIME,    ///< of those, by the due date
    MDL_OKPI_UNITS_SCRAPPED,   ///< units scrapped
    MDL_OKPI_UNITS_DEFECTIVE,  ///< units that left the line defective (undetected)
    MDL_OKPI_UNITS_OPEN,       ///< units not out at the end (in the line, waiting, not yet released)
    MDL_OKPI_UNITS_LATE,       ///< good units out after the due date + open units past it
    MDL_OKPI_COUNT
} mdl_okpi;

/// Results of the order book (all orders of the model).
typedef enum mdl_bkpi {
    MDL_BKPI_ORDERS = 0,            ///< orders released by the end
    MDL_BKPI_ORDERS_COMPLETE,       ///< orders complete at the end
    MDL_BKPI_ORDERS_LATE,           ///< orders complete after their due date or open past it
    MDL_BKPI_ORDERS_ON_TIME_SHARE,  ///< orders complete by their due date / decided orders
    MDL_BKPI_UNITS_ON_TIME_SHARE,   ///< good units out by due / (good units out with due + open past due)
    MDL_BKPI_SERVICE_LEVEL,         ///< good units out by due / units ordered that were due by the end
    MDL_BKPI_MEAN_TARDINESS_S,      ///< mean tardiness over decided orders
    MDL_BKPI_MAX_TARDINESS_S,       ///< largest tardiness
    MDL_BKPI_MEAN_LATENESS_S,       ///< mean lateness over complete orders with a due date
    MDL_BKPI_MEAN_FLOW_TIME_S,      ///< mean flow time over complete orders
    MDL_BKPI_BACKLOG_UNITS,         ///< time-average units of released orders not yet out
    MDL_BKPI_BACKLOG_END_UNITS,     ///< units of released orders not out at the end
    MDL_BKPI_COUNT
} mdl_bkpi;

/// Results of one product over the window.
typedef enum mdl_pkpi {
    MDL_PKPI_THROUGHPUT_PER_H = 0, ///< good units out per hour
    MDL_PKPI_UNITS_OUT,            ///< good units out
    MDL_PKPI_LEAD_TIME_S,          ///< mean release -> exit of its good units
    MDL_PKPI_YIELD,                ///< good out / (good out + defective out + scrapped)
    MDL_PKPI_UNITS_RELEASED,       ///< units released
    MDL_PKPI_UNITS_SCRAPPED,       ///< units scrapped
    MDL_PKPI_DEFECTIVE_OUT,        ///< units that left defective
    MDL_PKPI_COUNT
} mdl_pkpi;

/// Keys and labels: mdl_kpis_name / mdl_kpis_label (mdl_kpis.h), sets
/// MDL_KPIS_ORDER, MDL_KPIS_BOOK and MDL_KPIS_PRODUCT.

/// One replication's values (NaN when out of range).
double mdl_rep_order_kpi(const mdl_rep_result *r, int order, mdl_okpi k);
double mdl_rep_book_kpi(const mdl_rep_result *r, mdl_bkpi k);
double mdl_rep_product_kpi(const mdl_rep_result *r, int product, mdl_pkpi k);

/// Summaries over a batch's replications (NaN values skipped).
mdl_summary mdl_batch_order_kpi(const mdl_batch *b, int order, mdl_okpi k);
mdl_summary mdl_batch_book_kpi(const mdl_batch *b, mdl_bkpi k);
mdl_summary mdl_batch_product_kpi(const mdl_batch *b, int product, mdl_pkpi k);

/// Backlog over time (units of released orders not yet out) at 101 points,
/// 0, 1 %, ..., 100 % of the horizon: the number of points (0 without
/// orders), the time of point i, and its summary over replications.
int mdl_batch_backlog_points(const mdl_batch *b);
double mdl_batch_backlog_time(const mdl_batch *b, int i);
mdl_summary mdl_batch_backlog(const mdl_batch *b, int i);

/* The order book as the model holds it (read-only). */

/// Id, product index, quantity, release and due (-1: none) of order i.
const char *mdl_model_order_id(const mdl_model *m, int order);
int mdl_model_order_product(const mdl_model *m, int order);
long mdl_model_order_quantity(const mdl_model *m, int order);
double mdl_model_order_release(const mdl_model *m, int order);
double mdl_model_order_due(const mdl_model *m, int order);

#endif
