/*
 * mdl_transport_seam.h - the one interface between the line and the
 * transport (internal). The line (mdl_run_lean.c, mdl_model.c) sees the
 * transport only through the mdl__transport_ calls below; the transport
 * (mdl_transport*.c, mdl_agv*.c, mdl_robot.c, mdl_conveyor.c) sees the
 * line's run only through the mdl__run_ calls. Neither side includes the
 * other's internal header: the line includes this one (through
 * mdl_internal.h), the transport's run side includes this one (through
 * mdl_transport_internal.h); only the transport's model side
 * (mdl_transport_model.c, which adds to the model's storage) and the
 * layout check read mdl_internal.h as well.
 */
#ifndef MDL_TRANSPORT_SEAM_H
#define MDL_TRANSPORT_SEAM_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_model.h"
#include "mdl_run.h"

struct sim_world;
struct tr_model;
typedef struct tr_run tr_run;
struct mdl_run;
struct mdl_rep_result;

/* Model side: frees the transport part; checks it in mdl_model_validate. */
void mdl__transport_model_free(struct tr_model *tm);
bool mdl__transport_model_validate(mdl_model *m);
/* The model's transport part (NULL when none), for the run side. */
const struct tr_model *mdl__transport_model_of(const mdl_model *m);

/* Out of memory inside a run: the run fails (mdl_run_error) and the call
 * does not return; it jumps back to the public entry that runs the event. */
_Noreturn void mdl__run_oom(struct mdl_run *r);
/* x itself when it is a finite number; otherwise the run fails ("WHAT 'ID':
 * KEY: drew ...") and the call jumps out (or, while the run is being set
 * up, returns 0). */
double mdl__run_checked(struct mdl_run *r, double x, const char *what, const char *id, const char *key);

/* Called by mdl_run_lean.c (only when the run has transport, r->transport != NULL). */
tr_run *mdl__transport_new(struct mdl_run *r, const mdl_model *m, struct sim_world *w, uint64_t master);
void mdl__transport_free(tr_run *tr);                  /* NULL is a no-op */
void mdl__transport_warmup(tr_run *tr, double now);
/* Fills the transport KPIs of out; returns their energy (kWh) for the line total. */
double mdl__transport_result(const tr_run *tr, double now, struct mdl_rep_result *out);
bool mdl__transport_rep_init(struct mdl_rep_result *res, const mdl_model *m);
/* The power drawn now (kW) by robots, vehicles, belts and AS/RS cranes,
 * as their energy KPIs count it. */
double mdl__transport_power_now(const tr_run *tr);
/* mdl_transport_kind of units of `product` leaving `station`. */
int mdl__transport_mode(const tr_run *tr, int product, int station);
/* Offers a finished unit to the transport from `from` to `to`: true when it
 * was taken; else server server_gid waits and mdl__run_entry_retry is called later. */
bool mdl__transport_offer(tr_run *tr, int server_gid, uint32_t unit, int product, int from, int to);
/* Route ends (mdl_dock.c): the place units of `product` are released at
 * (a receiving dock or an AS/RS; -1: none, they enter the first station);
 * a released unit put there, bound for station `first`; the place a
 * finished unit of `product` goes to from its last station (a shipping
 * dock or an AS/RS, -1: none, it leaves the line). */
int mdl__transport_dock_of(const tr_run *tr, int product);
void mdl__transport_receive(tr_run *tr, uint32_t unit, int product, int first);
/* Puts every AS/RS's initial stock in its racks (mdl_asrs_stock.c): at
 * time 0, before the releases. */
void mdl__transport_stock(tr_run *tr);
int mdl__transport_ship_place(const tr_run *tr, int product);
/* A blocked server waiting on that entry may move again: re-check. */
void mdl__transport_poke(tr_run *tr, int product, int station);
/* Calendar cal has just turned on or off (mdl__on_shift). */
void mdl__transport_shift(tr_run *tr, int cal, bool on);
/* station_pull granted (and reserved) room for a transport token. */
void mdl__transport_granted(tr_run *tr, uint32_t token);
/* The unit a transport token reserves room for: the one it will deliver
 * next (NO unit, UINT32_MAX, if not known). */
uint32_t mdl__transport_token_unit(const tr_run *tr, uint32_t token);
bool mdl__transport_tended(const tr_run *tr, int station);
void mdl__transport_robot_request(tr_run *tr, int station, int server_gid, bool load);

/* Called by the transport code, implemented in mdl_run_lean.c. */
struct sim_world *mdl__run_world(struct mdl_run *r);
tr_run *mdl__run_transport(const struct mdl_run *r);
/* Reserves room in a station's buffer for a delivery: true at once, or
 * false and `token` waits in line until mdl__transport_granted(token). */
bool mdl__run_reserve(struct mdl_run *r, int station, uint32_t token);
/* Reserves room as mdl__run_reserve when there is some now; false (and no
 * place in line) otherwise: a diverter sends the unit round the loop. */
bool mdl__run_try_reserve(struct mdl_run *r, int station, uint32_t token);
/* The record stream: a vehicle (resource kind MDL_RES_VEHICLE, its index
 * over all fleets) or belt delivers unit from station `from` (-1: not
 * known) to station `to`; called just before mdl__run_deliver. */
void mdl__run_log_move(struct mdl_run *r, uint32_t unit, mdl_resource_kind rk, int resource, int from, int to);
/* A safety event of vehicle `vehicle` (other: the vehicle it touched, -1 for a forced pass). */
void mdl__run_log_safety(struct mdl_run *r, int vehicle, int other);
/* Crews for robots and vehicles (mdl_maint_res.c, mdl_run_hooks.c): the
 * crew slot k (robots first, then vehicles: mdl__resource_crew_count) asks
 * for a technician with `skill` for a repair or a maintenance at `station`
 * (-1: none, no walk): true when one comes (mdl__transport_crew_arrived
 * then begins the work of dur seconds, its efficiency applied); false (no
 * people, no skill, nobody has it): the work starts at once. _done: the
 * technicians go. */
bool mdl__run_resource_crew(struct mdl_run *r, int k, int station, const char *skill, bool repair, double dur);
void mdl__run_resource_crew_done(struct mdl_run *r, int k);
void mdl__transport_crew_arrived(tr_run *tr, int k, double dur);
/* A resource's own record (down, repaired, maintenance started / ended):
 * no unit, no station. */
void mdl__run_log_resource(struct mdl_run *r, mdl_log_kind k, mdl_resource_kind rk, int resource);
/* An AS/RS crane's own record: resource MDL_RES_CRANE (the AS/RS), the
 * aisle + 1 as the record's `other` (the event log's detail). */
void mdl__run_log_crane(struct mdl_run *r, mdl_log_kind k, int asrs, int aisle);
/* The unit is finished (dropped at a shipping dock): throughput, lead
 * time, the `exit` record, as at the end of its last operation. */
void mdl__run_finish(struct mdl_run *r, uint32_t unit);
/* A unit of `product` in an AS/RS's initial stock (mdl_asrs_stock.c):
 * made and released now, at its first step (its station in *first), of
 * no release source; the caller puts it in the racks. */
uint32_t mdl__run_stock_unit(struct mdl_run *r, int product, int *first);
/* The unit enters the station, using the reservation. */
void mdl__run_deliver(struct mdl_run *r, int station, uint32_t unit);
/* The entry server server_gid waits on has room: false if the server cannot move
 * now (down, off); else it hands its unit on (calling mdl__transport_offer). */
bool mdl__run_entry_retry(struct mdl_run *r, int server_gid);
void mdl__run_robot_done(struct mdl_run *r, int server_gid, bool load);
int mdl__run_unit_product(const struct mdl_run *r, uint32_t unit);
/* The unit's order (index in the order book), -1 for none. */
int mdl__run_unit_order(const struct mdl_run *r, uint32_t unit);
/* Is calendar cal on now? */
bool mdl__run_calendar_on(const struct mdl_run *r, int cal);
/* Units in the buffer, promised to it, and on its servers. */
long mdl__run_station_content(const struct mdl_run *r, int station);
struct mdl_unit_view;
void mdl__run_unit_view(const struct mdl_run *r, uint32_t unit, struct mdl_unit_view *v);

#endif
