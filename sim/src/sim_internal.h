/*
 * sim_internal.h - the kernel's invariant check.
 *
 * SIM_CHECK guards invariants whose violation is a bug in the caller or in
 * linetwin (never bad user input, which is reported with a return code). It
 * stays on in release builds: it costs one predictable branch, and a silent
 * wrong answer is worse than a stop with file:line and a sentence.
 */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#include <stdio.h>
#include <stdlib.h>

#define SIM_CHECK(cond, what)                                                  \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, __func__,   \
                    what);                                                     \
            abort();                                                           \
        }                                                                      \
    } while (0)

#endif
