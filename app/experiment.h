/*
 * experiment.h - the replications of many scenarios (a sweep, an
 * optimisation), spread over threads and, built with MPI, over ranks;
 * journaled so that an interrupted experiment resumes.
 *
 * A scenario is (scene, overrides) with its own model. Replication r of
 * every scenario is seeded from (seed, r) alone, so scenarios share their
 * random numbers (common random numbers, as `compare` does) and a
 * replication's KPIs do not depend on which thread, rank or run of the
 * command computed it. Every result is a pure function of the values
 * stored per (scenario, replication); the journal stores those values bit
 * for bit, so a resumed experiment prints and writes the same bytes as an
 * uninterrupted one.
 *
 * The journal (DIR/sweep.journal) is a header line with a key of what the
 * experiment is (the scene's bytes, every scenario's overrides, seed,
 * horizon, warm-up) and one line per finished replication, appended with
 * one write and synced as the replication ends, each with its own
 * checksum: a line cut short by a kill is recognised and dropped.
 *
 * Under MPI (`mpirun -np N`), every rank runs the same driver on the same
 * data; xp_execute deals the missing replications round robin to the
 * ranks, each rank runs its own on its threads, and the values are
 * gathered to every rank in a fixed order. Rank 0 alone prints, journals
 * and writes files.
 */
#ifndef LINETWIN_EXPERIMENT_H
#define LINETWIN_EXPERIMENT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mdl_batch.h"
#include "output.h"

typedef struct xp_scenario {
    char *label;              ///< "fleets.agv.count=3, stations.wash.buffer=8" ("(the scene)" when none)
    char **sets;              ///< its own overrides (the factors' PATH=VALUE)
    int nsets;
    mdl_model *m;
    mdl_run_settings run;     ///< its run settings (after the flags)
    int cap;                  ///< replications with room
    double *val;              ///< [cap][MDL_KPI_COUNT]
    unsigned char *have;      ///< [cap]
    int want;                 ///< replications wanted (0..want-1)
} xp_scenario;

typedef struct xp {
    const char *cmd;          ///< "sweep", "optimize"
    int n;
    xp_scenario *s;
    int threads;
    int journal_fd;           ///< -1: no journal
    char journal_path[OUTPUT_PATH_MAX];
    uint64_t key;
    int rank, size;           ///< MPI rank and ranks (0, 1 without MPI)
    long ran;                 ///< replications computed by this command (all ranks)
    long resumed;             ///< replications read back from the journal
} xp;

/// An experiment of n scenarios (labels and models filled by the caller).
bool xp_init(xp *x, const char *cmd, int n, int threads);
void xp_fini(xp *x);

/// The journal key of the experiment: the scene file's bytes and the
/// scenarios' overrides and run settings.
uint64_t xp_key(const xp *x, const char *scene_path);
/// Opens DIR/sweep.journal. resume: reads what an earlier run of the same
/// experiment finished (a different experiment's journal is refused,
/// exit code 2); without it an existing journal is refused (2) rather than
/// overwritten. Returns 0, or the exit code after a message.
int xp_journal_open(xp *x, const char *dir, bool resume);

/// Makes sure replications 0..n-1 of scenario s are wanted.
bool xp_want(xp *x, int s, int n);
/// Runs every wanted replication not yet done. 0 when all are done, 1
/// when one failed (message printed), 130 when interrupted (SIGINT or
/// SIGTERM; what finished is kept in the journal).
int xp_execute(xp *x);
/// Replications of scenario s done from 0 without a gap.
int xp_done(const xp *x, int s);

double xp_value(const xp *x, int s, int r, int kpi);
/// Summary of a line KPI over replications 0..n-1 of scenario s.
mdl_summary xp_summary(const xp *x, int s, int n, int kpi);
/// Paired difference a - b over replications 0..n-1.
mdl_summary xp_diff(const xp *x, int a, int b, int n, int kpi);

/// Whether larger values of the KPI are better (throughput, OEE, yield ...).
bool xp_kpi_higher_is_better(int kpi);
/// The KPI named name (the JSON keys), or -1.
int xp_kpi_find(const char *name);

/// The warm-up by MSER-5 from `pilots` replications of scenario s run with
/// no warm-up: the WIP sampled `samples` times over the horizon, averaged
/// over the pilots. 0 on success (*warmup set), else an exit code.
int xp_warmup_mser5(xp *x, int s, int pilots, int samples, double *warmup, size_t *dropped);

/// Set by SIGINT/SIGTERM once xp_catch_interrupt was called.
extern volatile sig_atomic_t xp_interrupted;
void xp_catch_interrupt(void);

/// MPI (experiment_mpi.c, or its stub): starts MPI when the process was
/// started by mpirun; rank and size in *rank, *size.
void xp_mpi_start(int *argc, char ***argv, int *rank, int *size);
void xp_mpi_stop(void);
/// Gathers: each rank has filled the rows of items i with i % size == rank
/// of vals[nitems][width] and ok[nitems]; afterwards every rank has all.
bool xp_mpi_gather(double *vals, unsigned char *ok, int nitems, int width, int rank, int size);
/// The logical OR of flag over all ranks.
int xp_mpi_any(int flag);
/// The largest of v over all ranks.
int xp_mpi_max(int v);
/// Rank 0's n doubles to every rank (buf holds them on rank 0).
bool xp_mpi_bcast(double *buf, long n);
/// Rank 0's count to every rank.
long xp_mpi_bcast_count(long n);
/// After rank 0 read the journal: every rank gets its values. False when
/// memory ran out.
bool xp_share_journal(xp *x);

#endif
