/*
 * pln_read.h - a plan read from CSV (the format `linetwin schedule -o`
 * writes, docs/cli.md) and checked against a model, for `run --plan`.
 *
 * Columns are found by name in the header line: order, step (1-based),
 * station, start_s and end_s are needed; product, if present, must be the
 * order's product; server (1-based), if present, gives each server its
 * own sequence (mdl_plan.h); others (quantity, setup_s, due_s) are ignored.
 * Every problem is reported, each as `NAME:LINE: subject: message` (NAME
 * as given; at most PLN_READ_MAX_DIAGS, then a count of the rest): unknown
 * orders or stations, steps a route does not have, a station that is not
 * one of the step's stations (the route's, an alternative or a branch),
 * an operation planned twice, times that are not
 * numbers, negative or end before start, a step planned to start before
 * the step before it (the plan contradicts the route), and orders or steps
 * of the scene that the plan leaves out (at the last line).
 *
 * No I/O: the caller reads the file. Ownership: *ops is malloc'ed for the
 * caller (free), pln_diags_fini frees the messages.
 */
#ifndef PLN_READ_H
#define PLN_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "mdl_model.h"
#include "mdl_plan.h"

#define PLN_READ_MAX_DIAGS 50

typedef struct pln_diags {
    char *text;  ///< the messages, one a line ("" when none)
    size_t len, cap;
    int count;   ///< problems found (also those not written out)
    bool oom;
} pln_diags;

void pln_diags_fini(pln_diags *d);

/// Reads the plan text[0..len) named `name`. True with every operation in
/// *ops (*n of them, in file order); false with the problems in *d.
bool pln_read_csv(const mdl_model *m, const char *name, const char *text, size_t len, mdl_plan_op **ops,
                  size_t *n, pln_diags *d);

#endif
