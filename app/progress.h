/*
 * progress.h - a progress bar on stderr for batches of replications.
 *
 * Drawn only when stderr is a terminal and the batch has been running for
 * more than a second; otherwise silent (pipes, CI logs and --json runs in
 * scripts see nothing). Inside a long replication it shows the simulated
 * time reached, so that a year-long run of a big scene shows it is moving.
 */
#ifndef LINETWIN_PROGRESS_H
#define LINETWIN_PROGRESS_H

#include <stdbool.h>

typedef struct progress {
    const char *label;
    bool tty;
    bool shown;
    double t0;
    double last_draw; /* wall time of the last redraw */
    int done, total;  /* replications finished, in all */
    int rep;          /* the replication last heard from inside (-1: none) */
    double now, horizon; /* its simulated time and horizon */
    char note[64];    /* shown after the count ("3/24 scenarios"), or "" */
} progress;

/// Starts the clock; `label` names the batch ("run", "base", "retrofit") of
/// `total` replications.
void progress_start(progress *p, const char *label, int total);
/// mdl_progress_fn: redraws the bar (called under the batch's lock).
void progress_update(void *ctx, int done, int total);
/// mdl_rep_progress_fn: notes how far a running replication has come in
/// simulated time ("rep 1/3: 12.4 d of 365 d"); redraws at most 4 times a
/// second (called under the batch's lock).
void progress_rep(void *ctx, int rep, double now, double horizon);
/// Sets a short note drawn after the count (a sweep's scenarios done).
void progress_note(progress *p, const char *note);
/// Prints why a batch failed: "linetwin: out of memory" when it ran out of
/// memory, else "linetwin CMD: SCENE: the run failed: WHY".
void progress_report_failure(const char *cmd, const char *scene, const char *why);
/// Clears the bar if it was drawn.
void progress_finish(progress *p);

#endif
