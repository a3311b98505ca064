/*
 * startup.c - start-up and exit of both programs (startup.h).
 */
#include "startup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mdl_transport.h"

/* stdout must have reached its destination: a full disk or a closed pipe
 * is a failed run, not a silent success. */
int app_finish(int status) {
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "linetwin: cannot write the output: %s\n", errno ? strerror(errno) : "write error");
        return status ? status : 1;
    }
    return status;
}

/* Debian's chipmunk is a debug build that prints a banner on stdout when
 * the first physics space of a process is made, which would break `run
 * --json` (stdout is one JSON document) and every other output on stdout.
 * The libraries never touch the process's file descriptors: the program
 * owns them. So the command lets the banner out here, once, at start-up,
 * before any thread exists, with stdout pointed at /dev/null for that
 * instant; the spaces of the runs are then silent. When stdout is closed
 * there is nothing to protect. */
void app_swallow_physics_banner(void) {
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    if (saved < 0) return;
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0 && dup2(null, STDOUT_FILENO) >= 0) {
        mdl_physics_warm_up();
        fflush(stdout);
        dup2(saved, STDOUT_FILENO);
    }
    if (null >= 0) close(null);
    close(saved);
}
