/*
 * scn_maint.h - a station's failure modes and maintenance (scn_maint.c).
 */
#ifndef SCN_MAINT_H
#define SCN_MAINT_H

#include <stdbool.h>

#include "mdl_maint.h"
#include "mdl_model.h"
#include "scn_internal.h"
#include "scn_keys.h"

/* Reads `failure_modes` and `maintenance` of the station being read by sr
 * into spec->maint (memory of env's arena; the mtbf/mttr pair becomes the
 * first mode); false (problems reported, sr->failed set) when refused. */
bool scn__station_maint(scn_build_env *env, mdl_model *m, scn_keyreader *sr, mdl_station_spec *spec);
/* The same for any resource with failures (robots): its mtbf / mttr pair
 * (*has_failures, cleared when it becomes the first mode, on `clock`) and
 * the description into *out (NULL stays when neither key is there).
 * has_failures NULL: the resource has no such pair (fleets, AS/RS). */
bool scn__maint_read(scn_build_env *env, mdl_model *m, scn_keyreader *sr, bool *has_failures, const sim_dist *mtbf,
                     const sim_dist *mttr, mdl_mclock clock, const mdl_maint_spec **out);
/* After the products: a cycles clock on station si that no route visits
 * is refused at its line (station: the station's group). */
bool scn__maint_check_cycles(scn_build_env *env, const mdl_model *m, int si, const scn_node *station,
                             const char *subject);

#endif
