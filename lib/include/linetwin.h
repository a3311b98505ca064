/*
 * linetwin.h - linetwin embedded in a C program: load a scene, run
 * replications, read the KPIs.
 *
 * The whole public interface of liblinetwin (build with
 * `pkg-config --cflags --libs linetwin`). It wraps the scenes and models
 * libraries that the `linetwin` command uses, so a program gets the same
 * numbers as `linetwin run --json` for the same scene, overrides, seed and
 * replication count, whatever the number of threads.
 *
 *     linetwin_scene *s = linetwin_scene_load("line.cfg", NULL, 0);
 *     if (!linetwin_scene_ok(s)) { fputs(linetwin_scene_diagnostics(s), stderr); ... }
 *     linetwin_result *r = linetwin_run(s, 10, 1, 4, err, sizeof err);
 *     double mean, ci95;
 *     linetwin_result_kpi(r, "throughput_per_h", &mean, &ci95);
 *     linetwin_result_free(r);
 *     linetwin_scene_free(s);
 *
 * Ownership: every object is opaque; the function that returns it
 * allocates it and the matching _free frees it (_free(NULL) is a no-op).
 * Strings returned live as long as the object they come from. A result
 * reads its scene's model: free the results of a scene before the scene.
 *
 * Threads: objects are not shared between threads by the library; two
 * threads may load and run different scenes at once. linetwin_run starts
 * its own worker threads and joins them before it returns.
 *
 * Output: the library prints nothing and never touches the process's file
 * descriptors. One exception is not the library's: Debian's chipmunk (the
 * physics backend) is a debug build that prints a banner on stdout when
 * the process makes its first physics space (a fleet with mode
 * "physics"). A program whose stdout must stay clean calls
 * linetwin_physics_warm_up() once at start-up with its stdout pointed
 * elsewhere, as the `linetwin` command does.
 *
 * KPI names are the keys of `linetwin run --json` (docs/cli.md,
 * docs/kpis.md): a line KPI by its key ("throughput_per_h", "lead_time_s",
 * "wip", "oee", ...), a station's as "stations.ID.KEY"
 * ("stations.cnc.utilization", "stations.cnc.states.busy"), a fleet's,
 * robot's or conveyor's as "fleets.ID.KEY", "robots.ID.KEY",
 * "conveyors.ID.KEY".
 */
#ifndef LINETWIN_H
#define LINETWIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LINETWIN_API __attribute__((visibility("default")))
#else
#define LINETWIN_API
#endif

/// A loaded scene: a valid model, or the problems that made it invalid.
typedef struct linetwin_scene linetwin_scene;
/// The replications of a scene and their summaries.
typedef struct linetwin_result linetwin_result;

/// The library's version, "MAJOR.MINOR.PATCH" (static storage).
LINETWIN_API const char *linetwin_version(void);

/// Loads the scene file at `path` and applies the overrides sets[0..nsets)
/// ("PATH=VALUE", as `linetwin run --set`: "stations.cnc.servers=3"), then
/// checks it. Returns a scene in every case but out of memory (NULL): test
/// it with linetwin_scene_ok and read its problems with
/// linetwin_scene_diagnostics. Free with linetwin_scene_free.
LINETWIN_API linetwin_scene *linetwin_scene_load(const char *path, const char *const *sets,
                                                 size_t nsets);
/// 1 when the scene is valid and can run, 0 otherwise (also for NULL).
LINETWIN_API int linetwin_scene_ok(const linetwin_scene *s);
/// Every problem found in an invalid scene, one per line as
/// `file:line: subject: message\n` (as `linetwin run` prints them); ""
/// for a valid scene.
LINETWIN_API const char *linetwin_scene_diagnostics(const linetwin_scene *s);
/// The scene's name and its run settings (replications, seed), the
/// defaults of linetwin_run; NULL / 0 for an invalid scene.
LINETWIN_API const char *linetwin_scene_name(const linetwin_scene *s);
LINETWIN_API int linetwin_scene_replications(const linetwin_scene *s);
LINETWIN_API uint64_t linetwin_scene_seed(const linetwin_scene *s);
/// Frees the scene; NULL is a no-op. Free its results first.
LINETWIN_API void linetwin_scene_free(linetwin_scene *s);

/// Runs `replications` replications of a valid scene with the master seed
/// `seed` (replication r uses (seed, r), as `linetwin run --seed`) on
/// `threads` worker threads (< 1: one). Horizon and warm-up are the
/// scene's. The result is the same for any number of threads. Returns NULL
/// with a message in err (when err_size > 0) for an invalid scene, a
/// replication count below 1, or out of memory. Free with
/// linetwin_result_free.
LINETWIN_API linetwin_result *linetwin_run(const linetwin_scene *s, int replications, uint64_t seed,
                                           int threads, char *err, size_t err_size);
/// Number of replications in the result.
LINETWIN_API int linetwin_result_replications(const linetwin_result *r);
/// The KPI `name` (see the top of this file) over the replications: its
/// mean and the half-width of its Student-t 95 % interval (NaN with one
/// replication, or for a KPI without value, e.g. cost per unit with no
/// unit out). Returns 1, or 0 when no KPI has that name (then *mean and
/// *ci95 are untouched). Either pointer may be NULL.
LINETWIN_API int linetwin_result_kpi(const linetwin_result *r, const char *name, double *mean,
                                     double *ci95);
/// Frees the result; NULL is a no-op.
LINETWIN_API void linetwin_result_free(linetwin_result *r);

/// Makes the process's first physics space now (see "Output" above), so
/// that a debug chipmunk's banner is printed at a moment the program
/// chooses. Call it before starting threads. Prints nothing with a release
/// chipmunk, and later calls print nothing.
LINETWIN_API void linetwin_physics_warm_up(void);

#ifdef __cplusplus
}
#endif

#endif
