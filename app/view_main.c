/*
 * view_main.c - `linetwin-view`, the viewer's program: `linetwin view` and
 * `linetwin snapshot` exec it (sibling.c) with the same arguments,
 * so that the headless command never loads SDL2 and its ~70 libraries.
 *
 *   linetwin-view view SCENE [RETROFIT] [options]
 *   linetwin-view snapshot SCENE [RETROFIT] --at DUR -o FILE.png [options]
 *
 * Not meant to be called by hand (it is an implementation detail of the
 * command), but works when it is.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "startup.h"

int main(int argc, char **argv) {
    if (argc >= 2) {
        if (strcmp(argv[1], "view") == 0) {
            app_swallow_physics_banner();
            return app_finish(cmd_view(argc - 2, argv + 2));
        }
        if (strcmp(argv[1], "snapshot") == 0) {
            app_swallow_physics_banner();
            return app_finish(cmd_snapshot(argc - 2, argv + 2));
        }
    }
    fputs("usage: " APP_VIEWER_NAME " view|snapshot ARGS (the viewer of `linetwin view` and "
          "`linetwin snapshot`; see: linetwin --help)\n",
          stderr);
    return 2;
}
