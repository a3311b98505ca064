/*
 * cmd_view_stub.c - `view` and `snapshot` in a build without the SDL2
 * viewer (-DLINETWIN_RENDER=OFF).
 */
#include <stdio.h>

#include "cli.h"

static int no_viewer(const char *cmd) {
    fprintf(stderr, "linetwin %s: built without the viewer (configure with -DLINETWIN_RENDER=ON and SDL2)\n", cmd);
    return 2;
}

int cmd_view(int argc, char **argv) {
    (void)argc;
    (void)argv;
    return no_viewer("view");
}

int cmd_snapshot(int argc, char **argv) {
    (void)argc;
    (void)argv;
    return no_viewer("snapshot");
}
