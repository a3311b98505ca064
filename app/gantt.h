/*
 * gantt.h - `schedule --gantt FILE.png`: a picture of a plan (internal to
 * app/). A row per station server, a bar per planned operation coloured by
 * product (by order when the book has one product), its setup in grey,
 * the bars of orders planned late outlined in red, each order's release
 * and due date marked on the rows of its first and last operation, a time
 * axis in the scene's clock (weekday and time from the run's start), and
 * a title with the makespan and the planned tardiness. Drawn through
 * report_chart.h's canvas (cairo, opened on demand).
 */
#ifndef LINETWIN_GANTT_H
#define LINETWIN_GANTT_H

#include <stdbool.h>
#include <stdio.h>

#include "mdl_model.h"
#include "pln_plan.h"

/// Width of the picture, pixels; its height grows with the rows.
#define GANTT_WIDTH 1400
/// The picture's height for a model (rows of all its stations' servers).
int gantt_height(const mdl_model *m);
/// Draws the plan as PNG into f. False with the reason in err (cairo
/// missing, out of memory, a write error).
bool gantt_write_png(FILE *f, const mdl_model *m, const pln_plan *p, const char *rule, char *err, size_t errlen);

#endif
