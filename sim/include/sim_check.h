/*
 * sim_check.h - the one invariant check of every library (the "bug stop").
 *
 * SIM_CHECK guards invariants whose violation is a bug in the caller or in
 * linetwin, never bad user input (reported with a return code) nor a
 * resource running out (out of memory is an error the caller gets back).
 * It stays on in release builds: it costs one predictable branch (the
 * report is out of line), and a silent wrong answer is worse than a stop
 * with file:line and a sentence. It is the only place in the libraries
 * that writes to stderr and aborts (tests/layering.sh holds this).
 */
#ifndef SIM_CHECK_H
#define SIM_CHECK_H

/// Prints "file:line: function: what" to stderr and aborts.
_Noreturn void sim__check_failed(const char *file, int line, const char *func, const char *what);

/// Stops with file:line and `what` (a sentence) when `cond` is false.
#define SIM_CHECK(cond, what)                                                  \
    do {                                                                       \
        if (!(cond)) sim__check_failed(__FILE__, __LINE__, __func__, what);    \
    } while (0)

#endif
