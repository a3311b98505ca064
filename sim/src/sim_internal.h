/*
 * sim_internal.h - the kernel's invariant check: SIM_CHECK, which every
 * library shares (sim_check.h).
 */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#include "sim_check.h"

#endif
