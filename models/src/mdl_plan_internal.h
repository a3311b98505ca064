/*
 * mdl_plan_internal.h - a plan in the model and in a run (mdl_plan.h): the
 * hooks the run calls (mdl_plan_exec.c). A run without a plan has
 * r->plan == NULL and never calls them.
 */
#ifndef MDL_PLAN_INTERNAL_H
#define MDL_PLAN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_run.h"

typedef struct mdl_plan_spec mdl_plan_spec;
typedef struct mdl_plan_run mdl_plan_run;
struct mdl_run;
struct station;

void mdl__plan_free(mdl_plan_spec *p);
/* Sets up r->plan when the model has a plan; false when out of memory. */
bool mdl__plan_run_new(struct mdl_run *r);
void mdl__plan_run_free(mdl_plan_run *x);
/* A record of the run's stream (started, ended, scrapped) for the plan. */
void mdl__plan_record(struct mdl_run *r, mdl_log_kind k, int si, uint32_t ui);
/* The queue position a free server of s takes under the planned sequence,
 * NO_UNIT when it waits (policy wait). */
uint32_t mdl__plan_pick(const struct station *s, int svi);
/* May unit ui, arriving at s with server svi idle, start at once? */
bool mdl__plan_may_start(const struct station *s, int svi, uint32_t ui);
/* The planned station of order o's step (-1: none planned); the run sends
 * an operation at a step of alternatives there (mdl_route_flex.c). */
int mdl__plan_station(const struct mdl_run *r, int order, int step);
/* Order o's unit took another branch than planned at `step`: the
 * operation is rerouted (its planned station no longer waits for it). */
void mdl__plan_rerouted(struct mdl_run *r, int order, int step);
/* Result arrays and their filling. */
bool mdl__plan_rep_init(mdl_rep_result *res, const mdl_model *m);
void mdl__plan_rep_fini(mdl_rep_result *res);
void mdl__plan_result(const struct mdl_run *r, mdl_rep_result *out);

#endif
