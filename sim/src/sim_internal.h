/*
 * sim_internal.h - the kernel's invariant check.
 *
 * SIM_CHECK guards invariants whose violation is a bug in the caller or in
 * linetwin (never bad user input, which is reported with a return code). It
 * stays on in release builds: it costs one predictable branch (the report
 * is out of line), and a silent wrong answer is worse than a stop with
 * file:line and a sentence.
 */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

/* Prints "file:line: function: what" to stderr and aborts. */
_Noreturn void sim__check_failed(const char *file, int line, const char *func, const char *what);

#define SIM_CHECK(cond, what)                                                  \
    do {                                                                       \
        if (!(cond)) sim__check_failed(__FILE__, __LINE__, __func__, what);    \
    } while (0)

#endif
