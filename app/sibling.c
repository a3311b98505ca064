/*
 * sibling.c - the programs `linetwin` hands a command to, from the
 * directory it runs from (the build's app/ folder, or the install's bin/),
 * with the same arguments:
 *   - `linetwin view` and `linetwin snapshot` exec the viewer's program,
 *     `linetwin-view`: the headless command never links or loads SDL2
 *     (check, run and compare start in about a millisecond); only these two
 *     commands pay for the viewer's libraries. Without the viewer (a build
 *     with -DLINETWIN_RENDER=OFF, or an install without linetwin-view) both
 *     say so and exit 2.
 *   - `sweep` and `optimize` started by mpirun exec `linetwin-mpi`, the same
 *     commands with MPI linked in (libmpi is loaded by no other command).
 *     Without it they say so and exit 2 (rather than every rank running the
 *     whole sweep into the same folder).
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "startup.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* The path of `program`: next to this one (/proc/self/exe); where that
 * cannot be read, the bare name, which execvp looks for on PATH. False
 * when the path does not fit. */
static bool sibling_path(const char *program, char *out, size_t size) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        if (strlen(program) + 1 > size) return false;
        strcpy(out, program);
        return true;
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (slash) slash[1] = '\0';
    else self[0] = '\0';
    int w = snprintf(out, size, "%s%s", self, program);
    return w > 0 && (size_t)w < size;
}

/* Execs `program` with `cmd` and argv[0..argc): returns only on failure,
 * with errno's value (ENOENT: the program is not there), after printing
 * nothing; `path` gets the path tried. */
static int exec_sibling(const char *program, const char *cmd, int argc, char **argv, char *path, size_t size) {
    if (!sibling_path(program, path, size)) return ENAMETOOLONG;
    char **args = malloc(((size_t)argc + 3) * sizeof *args);
    if (!args) return ENOMEM;
    args[0] = path;
    args[1] = (char *)(uintptr_t)cmd;
    for (int i = 0; i < argc; i++) args[i + 2] = argv[i];
    args[argc + 2] = NULL;
    fflush(stdout);
    fflush(stderr);
    if (strchr(path, '/'))
        execv(path, args);
    else
        execvp(path, args);
    int e = errno;
    free(args);
    return e;
}

static int exec_viewer(const char *cmd, int argc, char **argv) {
    char path[PATH_MAX + sizeof APP_VIEWER_NAME];
    int e = exec_sibling(APP_VIEWER_NAME, cmd, argc, argv, path, sizeof path);
    if (e == ENOENT)
        fprintf(stderr,
                "linetwin %s: built without the viewer (no %s next to linetwin; configure with "
                "-DLINETWIN_RENDER=ON and SDL2)\n",
                cmd, path);
    else
        fprintf(stderr, "linetwin %s: cannot start the viewer %s: %s\n", cmd, path, strerror(e));
    return 2;
}

int cmd_view(int argc, char **argv) { return exec_viewer("view", argc, argv); }

int cmd_snapshot(int argc, char **argv) { return exec_viewer("snapshot", argc, argv); }

bool app_launched_by_mpi(void) {
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

int app_exec_mpi(const char *cmd, int argc, char **argv) {
#ifdef LINETWIN_HAS_MPI_SIBLING
    char path[PATH_MAX + sizeof APP_MPI_NAME];
    int e = exec_sibling(APP_MPI_NAME, cmd, argc, argv, path, sizeof path);
    if (e == ENOENT)
        fprintf(stderr, "linetwin %s: started by mpirun, but there is no %s next to linetwin\n", cmd, path);
    else
        fprintf(stderr, "linetwin %s: cannot start %s: %s\n", cmd, path, strerror(e));
#else
    (void)argc;
    (void)argv;
    fprintf(stderr,
            "linetwin %s: started by mpirun, but built without MPI (install libopenmpi-dev and configure "
            "with -DLINETWIN_MPI=ON); run it without mpirun\n",
            cmd);
#endif
    return 2;
}
