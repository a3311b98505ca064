/*
 * cmd_view_exec.c - `linetwin view` and `linetwin snapshot` in the headless
 * command: they exec the viewer's program, `linetwin-view`, from the
 * directory `linetwin` itself runs from (the build's app/ folder, or the
 * install's bin/), with the same arguments. The headless command thus
 * never links or loads SDL2 (check, run and compare start in about a
 * millisecond); only these two commands pay for the viewer's libraries.
 *
 * Without the viewer (a build with -DLINETWIN_RENDER=OFF, or an install
 * without linetwin-view) both say so and exit 2.
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

/* The viewer's path: next to this program (/proc/self/exe); where that
 * cannot be read, the bare name, which execvp looks for on PATH. False
 * when the path does not fit. */
static bool viewer_path(char *out, size_t size) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        if (strlen(APP_VIEWER_NAME) + 1 > size) return false;
        strcpy(out, APP_VIEWER_NAME);
        return true;
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (slash) slash[1] = '\0';
    else self[0] = '\0';
    int w = snprintf(out, size, "%s%s", self, APP_VIEWER_NAME);
    return w > 0 && (size_t)w < size;
}

static int exec_viewer(const char *cmd, int argc, char **argv) {
    char path[PATH_MAX + sizeof APP_VIEWER_NAME];
    if (!viewer_path(path, sizeof path)) {
        fprintf(stderr, "linetwin %s: the viewer's path is too long\n", cmd);
        return 2;
    }
    char **args = malloc(((size_t)argc + 3) * sizeof *args);
    if (!args) {
        fprintf(stderr, "linetwin %s: out of memory\n", cmd);
        return 1;
    }
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
