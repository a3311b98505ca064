/*
 * main.c - the `linetwin` command: picks the subcommand and hands it the
 * remaining arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mdl_transport.h"
#include "scn_scene.h"

static const char usage[] =
    "usage: linetwin COMMAND [ARGS]\n"
    "\n"
    "MES and production-line digital-twin simulator.\n"
    "\n"
    "commands:\n"
    "  check SCENE...             validate scene files and summarise each line\n"
    "  run SCENE [options]        run replications; KPI table, --json, --out DIR\n"
    "  compare BASE RETROFIT      both with common random numbers; differences,\n"
    "                             retrofit targets and payback\n"
    "  view SCENE [RETROFIT]      watch the line (or two side by side) in a window\n"
    "  snapshot SCENE [RETROFIT] --at DUR -o FILE.png\n"
    "                             draw the line (or two) at a time into a PNG\n"
    "  schedule SCENE [--rule R] [-o PLAN.csv]\n"
    "                             plan the order book on finite capacity (APS)\n"
    "\n"
    "  linetwin COMMAND --help    options of a command\n"
    "  linetwin --version         print the version\n"
    "\n"
    "exit status: 0 ok, 1 a run failed, 2 bad usage or an invalid scene\n"
    "Docs: docs/cli.md, docs/scene-format.md\n";

typedef int command_fn(int argc, char **argv);

static const struct {
    const char *name;
    command_fn *fn;
} commands[] = {
    {"check", cmd_check}, {"run", cmd_run}, {"compare", cmd_compare},
    {"view", cmd_view},   {"snapshot", cmd_snapshot}, {"schedule", cmd_schedule},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* stdout must have reached its destination: a full disk or a closed pipe
 * is a failed run, not a silent success. */
static int finish(int status) {
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "linetwin: cannot write the output: %s\n", errno ? strerror(errno) : "write error");
        return status ? status : 1;
    }
    return status;
}

/* --version, --help and `help COMMAND` take nothing more. */
static int extra_arguments(int argc, char **argv, int expected) {
    if (argc <= expected) return 0;
    fprintf(stderr, "linetwin: %s takes no more arguments, got '%s'\n(see: linetwin --help)\n", argv[1],
            argv[expected]);
    return 2;
}

/* Debian's chipmunk is a debug build that prints a banner on stdout when
 * the first physics space of a process is made, which would break `run
 * --json` (stdout is one JSON document) and every other output on stdout.
 * The libraries never touch the process's file descriptors: the program
 * owns them. So the command lets the banner out here, once, at start-up,
 * before any thread exists, with stdout pointed at /dev/null for that
 * instant; the spaces of the runs are then silent. When stdout is closed
 * there is nothing to protect. */
static void swallow_physics_banner(void) {
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

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 || strcmp(cmd, "version") == 0) {
        if (extra_arguments(argc, argv, 2)) return 2;
        printf("linetwin %s\n", LINETWIN_VERSION);
        return finish(0);
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        if (extra_arguments(argc, argv, 2)) return 2;
        fputs(usage, stdout);
        return finish(0);
    }
    swallow_physics_banner();
    if (strcmp(cmd, "help") == 0) {
        if (extra_arguments(argc, argv, 3)) return 2;
        if (argc < 3) {
            fputs(usage, stdout);
            return finish(0);
        }
        char help[] = "--help";
        char *args[] = {help, NULL};
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (strcmp(argv[2], commands[i].name) == 0) return finish(commands[i].fn(1, args));
        cmd = argv[2];
    } else {
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (strcmp(cmd, commands[i].name) == 0) return finish(commands[i].fn(argc - 2, argv + 2));
    }
    /* The hint: the closest command, or --help / --version for an option. */
    const char *names[NCOMMANDS + 2];
    for (size_t i = 0; i < NCOMMANDS; i++) names[i] = commands[i].name;
    names[NCOMMANDS] = "--help";
    names[NCOMMANDS + 1] = "--version";
    int c = scn_closest(cmd, names, NCOMMANDS + 2);
    if (c >= 0)
        fprintf(stderr, "linetwin: unknown command '%s' (did you mean '%s'?)\n", cmd, names[c]);
    else
        fprintf(stderr, "linetwin: unknown command '%s'\n", cmd);
    fprintf(stderr, "(see: linetwin --help)\n");
    return 2;
}
