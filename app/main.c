/*
 * main.c - the `linetwin` command: picks the subcommand and hands it the
 * remaining arguments.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "scn_scene.h"
#include "startup.h"

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
    "  sweep SCENE --vary P=V...  many scenarios with common random numbers;\n"
    "                             table, sweep.csv, JSON, best per KPI\n"
    "  optimize SCENE --vary P=V... --objective KPI --delta D\n"
    "                             select the best scenario (KN, stated guarantee)\n"
    "  trace LOG --unit SERIAL    a unit's (or --order ID's) history from the\n"
    "                             event log of `run --events LOG.csv`\n"
    "  schedule SCENE [--rule R] [-o PLAN.csv]\n"
    "                             plan the order book on finite capacity (APS)\n"
    "\n"
    "  linetwin COMMAND --help    options of a command\n"
    "  linetwin --version         print the version\n"
    "\n"
    "exit status: 0 ok, 1 a run failed, 2 bad usage or an invalid scene\n"
    "Docs: docs/cli.md, docs/scene-format.md, docs/experiments.md\n";

typedef int command_fn(int argc, char **argv);

static const struct {
    const char *name;
    command_fn *fn;
} commands[] = {
    {"check", cmd_check}, {"run", cmd_run}, {"compare", cmd_compare},
    {"view", cmd_view},   {"snapshot", cmd_snapshot}, {"sweep", cmd_sweep}, {"optimize", cmd_optimize},
    {"trace", cmd_trace},
    {"schedule", cmd_schedule},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* --version, --help and `help COMMAND` take nothing more. */
static int extra_arguments(int argc, char **argv, int expected) {
    if (argc <= expected) return 0;
    fprintf(stderr, "linetwin: %s takes no more arguments, got '%s'\n(see: linetwin --help)\n", argv[1],
            argv[expected]);
    return 2;
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
        return app_finish(0);
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        if (extra_arguments(argc, argv, 2)) return 2;
        fputs(usage, stdout);
        return app_finish(0);
    }
    app_swallow_physics_banner();
    if (strcmp(cmd, "help") == 0) {
        if (extra_arguments(argc, argv, 3)) return 2;
        if (argc < 3) {
            fputs(usage, stdout);
            return app_finish(0);
        }
        char help[] = "--help";
        char *args[] = {help, NULL};
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (strcmp(argv[2], commands[i].name) == 0) return app_finish(commands[i].fn(1, args));
        cmd = argv[2];
    } else {
#ifndef LINETWIN_MPI
        if ((strcmp(cmd, "sweep") == 0 || strcmp(cmd, "optimize") == 0) && app_launched_by_mpi())
            return app_exec_mpi(cmd, argc - 2, argv + 2);
#endif
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (strcmp(cmd, commands[i].name) == 0) return app_finish(commands[i].fn(argc - 2, argv + 2));
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
