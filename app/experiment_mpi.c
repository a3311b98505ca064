/*
 * experiment_mpi.c - moving replications' values between MPI ranks (built
 * with LINETWIN_MPI), or a single process without it. MPI appears nowhere
 * else in the tree (ARCHITECTURE.md).
 *
 * MPI is started only when the process was launched by mpirun (OpenMPI
 * sets OMPI_COMM_WORLD_SIZE, PMIx launchers PMIX_RANK): a plain
 * `linetwin sweep` never initialises it. This file is built with MPI only
 * into linetwin-mpi, which `linetwin` execs under mpirun (sibling.c).
 */
#include "experiment.h"
#include "startup.h"

#include <stdlib.h>
#include <string.h>

#ifdef LINETWIN_MPI
#include <mpi.h>

static int started;

void xp_mpi_start(int *argc, char ***argv, int *rank, int *size) {
    *rank = 0;
    *size = 1;
    if (!app_launched_by_mpi()) return;
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) return;
    started = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
}

void xp_mpi_stop(void) {
    if (started) MPI_Finalize();
    started = 0;
}

/* Rank p owns items p, p + size, ...: its rows are packed in that order,
 * gathered to everyone (MPI_Allgatherv) and put back in item order. */
bool xp_mpi_gather(double *vals, unsigned char *ok, int nitems, int width, int rank, int size) {
    int *counts = calloc((size_t)size, sizeof *counts), *displs = calloc((size_t)size, sizeof *displs);
    int mine = 0;
    for (int i = rank; i < nitems; i += size) mine++;
    double *send = malloc((size_t)(mine > 0 ? mine : 1) * (size_t)(width + 1) * sizeof *send);
    double *all = malloc((size_t)(nitems > 0 ? nitems : 1) * (size_t)(width + 1) * sizeof *all);
    bool good = counts && displs && send && all;
    if (good) {
        int k = 0;
        for (int i = rank; i < nitems; i += size, k++) {
            memcpy(&send[(size_t)k * (size_t)(width + 1)], &vals[(size_t)i * (size_t)width], (size_t)width * sizeof *send);
            send[(size_t)k * (size_t)(width + 1) + (size_t)width] = ok[i] ? 1.0 : 0.0;
        }
        int off = 0;
        for (int p = 0; p < size; p++) {
            int c = 0;
            for (int i = p; i < nitems; i += size) c++;
            counts[p] = c * (width + 1);
            displs[p] = off;
            off += counts[p];
        }
        good = MPI_Allgatherv(send, mine * (width + 1), MPI_DOUBLE, all, counts, displs, MPI_DOUBLE,
                              MPI_COMM_WORLD) == MPI_SUCCESS;
    }
    if (good) {
        for (int p = 0; p < size; p++) {
            int k = 0;
            for (int i = p; i < nitems; i += size, k++) {
                const double *row = &all[(size_t)displs[p] + (size_t)k * (size_t)(width + 1)];
                memcpy(&vals[(size_t)i * (size_t)width], row, (size_t)width * sizeof *row);
                ok[i] = row[width] != 0.0;
                if (!ok[i]) good = false;
            }
        }
    }
    free(counts);
    free(displs);
    free(send);
    free(all);
    return good;
}

int xp_mpi_any(int flag) {
    if (!started) return flag;
    int out = 0;
    MPI_Allreduce(&flag, &out, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
    return out;
}

int xp_mpi_max(int v) {
    if (!started) return v;
    int out = v;
    MPI_Allreduce(&v, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out;
}

bool xp_mpi_bcast(double *buf, long n) {
    if (!started) return true;
    /* in pieces: counts are ints */
    for (long off = 0; off < n; off += 1L << 24) {
        long k = n - off < (1L << 24) ? n - off : 1L << 24;
        if (MPI_Bcast(buf + off, (int)k, MPI_DOUBLE, 0, MPI_COMM_WORLD) != MPI_SUCCESS) return false;
    }
    return true;
}

long xp_mpi_bcast_count(long n) {
    if (!started) return n;
    long v = n;
    MPI_Bcast(&v, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    return v;
}

#else

int xp_mpi_max(int v) { return v; }

bool xp_mpi_bcast(double *buf, long n) {
    (void)buf;
    (void)n;
    return true;
}

long xp_mpi_bcast_count(long n) { return n; }

void xp_mpi_start(int *argc, char ***argv, int *rank, int *size) {
    (void)argc;
    (void)argv;
    *rank = 0;
    *size = 1;
}

void xp_mpi_stop(void) {}

bool xp_mpi_gather(double *vals, unsigned char *ok, int nitems, int width, int rank, int size) {
    (void)vals;
    (void)ok;
    (void)nitems;
    (void)width;
    (void)rank;
    (void)size;
    return true;
}

int xp_mpi_any(int flag) { return flag; }

#endif
