/*
 * progress.h - a progress bar on stderr for batches of replications.
 *
 * Drawn only when stderr is a terminal and the batch has been running for
 * more than a second; otherwise silent (pipes, CI logs and --json runs in
 * scripts see nothing).
 */
#ifndef LINETWIN_PROGRESS_H
#define LINETWIN_PROGRESS_H

#include <stdbool.h>

typedef struct progress {
    const char *label;
    bool tty;
    bool shown;
    double t0;
} progress;

/// Starts the clock; `label` names the batch ("run", "base", "retrofit").
void progress_start(progress *p, const char *label);
/// mdl_progress_fn: redraws the bar (called under the batch's lock).
void progress_update(void *ctx, int done, int total);
/// Clears the bar if it was drawn.
void progress_finish(progress *p);

#endif
