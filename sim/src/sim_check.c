/*
 * sim_check.c - the report of a failed SIM_CHECK, kept out of line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sim_internal.h"

void sim__check_failed(const char *file, int line, const char *func, const char *what) {
    fprintf(stderr, "%s:%d: %s: %s\n", file, line, func, what);
    abort();
}
