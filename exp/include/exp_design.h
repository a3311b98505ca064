/*
 * exp_design.h - the scenarios of a sweep: factors and designs.
 *
 * A scenario is (scene, overrides): the scene file with a list of `--set
 * PATH=VALUE` overrides. A factor is one PATH and the values it takes,
 * written on the command line as `PATH=VALUES`:
 *
 *   stations.wash.buffer=8,16,32      a list (commas inside ( ) [ ] " "
 *                                     belong to the value)
 *   fleets.agv.count=2..6             whole numbers from 2 to 6
 *   run.warmup=10min..30min:5         5 evenly spaced values, ends included
 *                                     (numbers or durations; a duration is
 *                                     written in the unit of the first end)
 *
 * A design chooses which combinations of the factors' levels are run:
 * `grid` every combination (the last factor changes fastest), `oat` one
 * factor at a time (the base scenario has every factor at its first value,
 * then each other value of each factor alone), `lhs:N` a Latin hypercube
 * of N points over the levels (each factor's N strata in a random order
 * drawn from the seed; a repeated combination is run once).
 *
 * The texts are copied; exp_design owns them. Nothing here loads a scene:
 * whether a value suits its PATH is checked by loading each scenario.
 */
#ifndef EXP_DESIGN_H
#define EXP_DESIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Limits: factors of one sweep, values of one factor, scenarios of a design.
#define EXP_MAX_FACTORS 16
#define EXP_MAX_LEVELS 1000
#define EXP_MAX_SCENARIOS 100000

typedef struct exp_factor {
    char *path;     ///< the --set path, e.g. "fleets.agv.count"
    int nlevels;
    char **levels;  ///< the values as --set texts, e.g. "3", "15min"
} exp_factor;

typedef enum exp_design_kind { EXP_DESIGN_GRID, EXP_DESIGN_OAT, EXP_DESIGN_LHS } exp_design_kind;

typedef struct exp_design {
    exp_design_kind kind;
    int lhs_points;          ///< N of lhs:N
    int nfactors;
    exp_factor factors[EXP_MAX_FACTORS];
    int nscenarios;
    int *level;              ///< [nscenarios][nfactors] level indices
} exp_design;

/// Parses "grid", "oat" or "lhs:N" (N from 1 to EXP_MAX_SCENARIOS); false
/// with a reason in err.
bool exp_design_parse_kind(const char *text, exp_design_kind *kind, int *lhs_points, char *err, size_t err_size);

/// An empty design of the given kind; add factors, then exp_design_build.
void exp_design_init(exp_design *d, exp_design_kind kind, int lhs_points);
/// Adds the factor "PATH=VALUES"; false with a reason in err (no PATH, no
/// values, an empty or malformed range, a value listed twice, a PATH given
/// twice, too many factors or values, out of memory).
bool exp_design_add_factor(exp_design *d, const char *arg, char *err, size_t err_size);
/// Lays out the scenarios; `seed` drives the order of lhs strata. False
/// with a reason when there are too many scenarios or memory ran out.
bool exp_design_build(exp_design *d, uint64_t seed, char *err, size_t err_size);
void exp_design_fini(exp_design *d);

/// The level of factor f in scenario s, and its value text.
int exp_design_level(const exp_design *d, int s, int f);
const char *exp_design_value(const exp_design *d, int s, int f);

/// Splits a list of values at its top-level commas (not inside ( ), [ ],
/// { } or double quotes). Calls fn for each item (start, length); false
/// when an item is empty or the brackets do not match.
typedef bool exp_item_fn(void *ctx, const char *start, size_t len);
bool exp_split_list(const char *text, exp_item_fn *fn, void *ctx);

#endif
