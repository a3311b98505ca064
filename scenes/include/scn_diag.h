/*
 * scn_diag.h - diagnostics: the problems found in a scene, for the planner.
 *
 * A scene loader never stops at the first problem: it collects every one it
 * can find in a scn_diags and the caller prints them all. Each diagnostic is
 * one line of the form
 *
 *     file:line: subject: message
 *
 * e.g. `line.cfg:14: station 'cnc': cycle: expected a distribution like
 * exp(5min), got "fast"`. `file` is the scene file as the user named it (or
 * the included file, named relative to the including one), `--set` for a
 * command-line override (`line` is then the override's position, 1 for the
 * first --set), and the subject names the object concerned (`station 'cnc'`,
 * `product 'housing'`, `run`, `syntax error` ...). With no line (0) the form is
 * `file: subject: message`.
 *
 * Ownership: scn_diags_new allocates, scn_diags_free frees (NULL is a no-op).
 * Strings returned point into the collection and live until it is freed or
 * cleared. Not thread-safe; use one collection per thread.
 */
#ifndef SCN_DIAG_H
#define SCN_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef struct scn_diags scn_diags;

/// Creates an empty collection; NULL when out of memory.
scn_diags *scn_diags_new(void);
/// Frees the collection; NULL is a no-op.
void scn_diags_free(scn_diags *d);
/// Removes every diagnostic.
void scn_diags_clear(scn_diags *d);
/// Number of diagnostics collected.
size_t scn_diags_count(const scn_diags *d);
/// The i-th diagnostic, formatted `file:line: subject: message`.
const char *scn_diags_get(const scn_diags *d, size_t i);
/// Prints every diagnostic, one per line, to f.
void scn_diags_print(const scn_diags *d, FILE *f);

/// Adds a diagnostic (file may be NULL, subject NULL or ""; line 0 = none).
/// Identical diagnostics are kept once. At most SCN_DIAGS_MAX are kept; the
/// rest are counted and summarised in one last line.
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
void scn_diags_add(scn_diags *d, const char *file, int line, const char *subject,
                   const char *fmt, ...);
/// scn_diags_add with the arguments in a va_list.
#if defined(__GNUC__)
__attribute__((format(printf, 5, 0)))
#endif
void scn_diags_vadd(scn_diags *d, const char *file, int line, const char *subject, const char *fmt, va_list ap);

/// Orders the diagnostics by file (in the order the files were first named)
/// and then by line; diagnostics of one line keep their order.
void scn_diags_sort(scn_diags *d);

/// Most diagnostics kept in one collection.
#define SCN_DIAGS_MAX 200

#endif
