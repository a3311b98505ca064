/*
 * cli.h - the `linetwin` command's subcommands.
 *
 * main.c parses the subcommand name and hands the remaining arguments to one
 * of these. Each returns the process exit code: 0 success, 1 the run failed,
 * 2 bad usage or an invalid scene (every problem printed on stderr as
 * `file:line: subject: message`). stdout carries only the requested output
 * (with --json exactly one JSON document); progress and messages go to stderr.
 */
#ifndef LINETWIN_CLI_H
#define LINETWIN_CLI_H

#include <stdio.h>

#include "linetwin_version.h" /* LINETWIN_VERSION, generated from project(VERSION) */
#include "mdl_model.h"

int cmd_check(int argc, char **argv);    /* cmd_run.c */
int cmd_run(int argc, char **argv);      /* cmd_run.c */
/* The scene's summary paragraph of `check` (cmd_run.c; also in --report). */
void run_scene_summary(FILE *f, const mdl_model *m);
int cmd_compare(int argc, char **argv);  /* cmd_compare.c */
int cmd_view(int argc, char **argv);     /* cmd_view.c (linetwin-view); sibling.c (linetwin) */
int cmd_snapshot(int argc, char **argv); /* cmd_view.c (linetwin-view); sibling.c (linetwin) */
int cmd_sweep(int argc, char **argv);    /* cmd_sweep.c */
int cmd_optimize(int argc, char **argv); /* cmd_sweep.c */
int cmd_trace(int argc, char **argv);    /* cmd_trace.c */
int cmd_schedule(int argc, char **argv); /* cmd_schedule.c: the planner (plan/) */

#endif
