/*
 * startup.h - what both programs of the command do at start and at the end:
 * `linetwin` (headless: check, run, compare; no SDL) and `linetwin-view`
 * (view and snapshot, the SDL2 viewer), which `linetwin view` and
 * `linetwin snapshot` exec (sibling.c).
 */
#ifndef LINETWIN_STARTUP_H
#define LINETWIN_STARTUP_H

/// Lets chipmunk's debug banner out once with stdout on /dev/null (see
/// startup.c); call before any thread exists.
void app_swallow_physics_banner(void);

/// Flushes stdout: a full disk or a closed pipe turns `status` 0 into 1
/// (message on stderr). Returns the exit status.
int app_finish(int status);

/// The file name of the viewer program, next to `linetwin`.
#define APP_VIEWER_NAME "linetwin-view"

/// The file name of the MPI program, next to `linetwin` (sibling.c).
#define APP_MPI_NAME "linetwin-mpi"

#include <stdbool.h>

/// True when mpirun (OpenMPI, or a PMI/PMIx launcher) started this process.
bool app_launched_by_mpi(void);

/// `sweep` or `optimize` under mpirun in the command without MPI: execs
/// linetwin-mpi with the same arguments; returns 2 (with a message) only
/// when that cannot be done.
int app_exec_mpi(const char *cmd, int argc, char **argv);

#endif
