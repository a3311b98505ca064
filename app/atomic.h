/*
 * atomic.h - outputs that appear whole or not at all.
 *
 * A result folder (`run --out DIR`, `compare --out DIR`) is built in a
 * fresh temporary folder next to DIR and switched in with one rename (an
 * atomic exchange with an earlier DIR, so readers see the old result or the
 * new one, never a mix). A single file (the PNG of `snapshot`) is written to
 * a temporary file next to it and renamed over it. Every write, flush, sync
 * and close is checked; on any failure the temporary is removed, a message
 * is printed and the caller exits with 1.
 *
 * Temporary names carry the writer's process id,
 * `.NAME.linetwin-PID-XXXXXX`. They are removed on failure, on SIGINT,
 * SIGTERM, SIGHUP and SIGPIPE (an async-signal-safe list of paths, unlinked
 * before the signal is raised again) and, after a kill that no handler
 * sees, by the next linetwin that writes into the same folder, once no
 * process with that id exists.
 *
 * The temporary is made before the run starts, so that an output that
 * cannot be written fails at once instead of after an hour of simulation.
 * Only app/ uses this: the libraries never touch signals or the file system
 * beyond what they are handed.
 */
#ifndef LINETWIN_ATOMIC_H
#define LINETWIN_ATOMIC_H

#include <stdbool.h>
#include <stdio.h>

#include "output.h"

/// A result folder being built.
typedef struct atomic_dir {
    char target[OUTPUT_PATH_MAX];   ///< the folder as it is named when done
    char tmp[OUTPUT_PATH_MAX];      ///< the temporary folder being filled
    int slot;                       ///< its entry in the signal list, or -1
} atomic_dir;

/// Prepares the result folder `target` for command `cmd`: target must be a
/// new path, an empty folder or the folder of an earlier result (holding
/// only files linetwin writes); its parents are created; stale temporaries
/// beside it are removed and the temporary folder made. False with a
/// message printed (exit code 1).
bool atomic_dir_begin(atomic_dir *d, const char *cmd, const char *target);
/// The path of `name` in the temporary folder into out (OUTPUT_PATH_MAX
/// bytes); false with a message when it does not fit.
bool atomic_dir_path(const atomic_dir *d, const char *name, char *out);
/// Makes sub-folder `name` of the temporary folder (compare's base/ and
/// retrofit/); its path in out (OUTPUT_PATH_MAX bytes). False with a message.
bool atomic_dir_sub(atomic_dir *d, const char *name, char *out);
/// Writes the new file `path` (inside a temporary folder) by calling fn;
/// every write, the flush, fsync and close checked. False with a message
/// printed and nothing left behind.
bool atomic_write_new(const char *path, output_write_fn *fn, void *ctx);
/// Switches the finished folder in (replacing an earlier result) and
/// removes the earlier one. False with a message; then nothing changed.
bool atomic_dir_commit(atomic_dir *d);
/// Removes the temporary folder and everything in it.
void atomic_dir_abort(atomic_dir *d);

/// A single output file being written.
typedef struct atomic_file {
    char target[OUTPUT_PATH_MAX];
    char tmp[OUTPUT_PATH_MAX];      ///< empty when writing to a device directly
    FILE *f;                        ///< the stream to write to
    int slot;
} atomic_file;

/// Opens a temporary file next to `path` (or `path` itself when it is a
/// device such as /dev/stdout, which cannot be replaced by a rename). False
/// with a message printed (exit code 1).
bool atomic_file_begin(atomic_file *a, const char *cmd, const char *path);
/// Checks the stream, flushes, syncs and closes it and renames the
/// temporary into place. False with a message; then the target is as before.
bool atomic_file_commit(atomic_file *a);
/// Closes and removes the temporary file.
void atomic_file_abort(atomic_file *a);

#endif
