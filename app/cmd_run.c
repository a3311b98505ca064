/*
 * cmd_run.c - `linetwin check` and `linetwin run`.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "cli.h"
#include "eventlog.h"
#include "mdl_batch.h"
#include "mdl_asrs.h"
#include "mdl_transport.h"
#include "options.h"
#include "output.h"
#include "progress.h"
#include "report.h"
#include "scn_scene.h"
#include "sim_units.h"

static const char check_usage[] =
    "usage: linetwin check SCENE... [--set PATH=VALUE]... [--no-trial]\n"
    "\n"
    "Validates scene files. Prints a one-paragraph summary of each line on\n"
    "stdout, or every problem on stderr as `file:line: subject: message`.\n"
    "Warnings (layout, run size) go to stderr as `file:line: subject: warning:\n"
    "...` and do not change the exit status. A scene with AGV fleets also gets a\n"
    "trial run of its traffic: its replications as `run` runs them (same seeds\n"
    "and warm-up), each to the horizon, until 7 simulated days in all and about\n"
    "10 million events, on a path network of at most 2,000 nodes; a fleet that\n"
    "met a deadlock in it is warned about at its line, with the deadlocks and\n"
    "forced passes counted from time 0.\n"
    "\n"
    "options:\n"
    "  --set PATH=VALUE   override a scene value before validation, e.g.\n"
    "                     --set stations.cnc.servers=3 --set run.seed=7 (repeatable)\n"
    "  --no-trial         no trial run of the traffic (the static checks only)\n"
    "  -h, --help         this text\n"
    "\n"
    "exit status: 0 valid, 1 out of memory or stdout could not be written,\n"
    "2 invalid scene or bad usage\n";

static const char run_usage[] =
    "usage: linetwin run SCENE [options]\n"
    "\n"
    "Runs replications of a scene and prints the KPIs with 95 % confidence\n"
    "intervals over the replications.\n"
    "\n"
    "options:\n"
    "  --reps N           replications (default: the scene's run.replications)\n"
    "  --seed S           master seed (default: run.seed); replication r uses (S, r)\n"
    "  --horizon DUR      end of each run, e.g. 5d, 4w (default: run.horizon)\n"
    "  --warmup DUR       statistics start here (default: run.warmup)\n"
    "  --set PATH=VALUE   override a scene value, e.g. --set stations.cnc.servers=3\n"
    "                     (repeatable; applied before validation)\n"
    "  --json             print the result as one JSON document on stdout\n"
    "  --out DIR          also write the folder DIR: kpis.csv, stations.csv,\n"
    "                     products.csv, replications.csv, result.json and, when\n"
    "                     the scene has them, orders.csv, fleets.csv, vehicles.csv,\n"
    "                     robots.csv, conveyors.csv, pools.csv, people.csv;\n"
    "                     DIR is replaced whole or not at all (an existing DIR\n"
    "                     must be empty or an earlier result)\n"
    "  -j N, --jobs N     worker threads (default: one per processor); results\n"
    "                     are identical for any N\n"
    "  --events FILE      write the MES event log of one replication: every unit\n"
    "                     released, queued, started, ended, blocked, moved,\n"
    "                     inspected, reworked, scrapped, shipped, and every\n"
    "                     breakdown, repair and shift change; FILE.csv is CSV,\n"
    "                     FILE.json or FILE.jsonocel OCEL 2.0 JSON; written whole\n"
    "                     or not at all (see docs/event-log.md)\n"
    "  --events-rep R     the replication --events logs (default 0)\n"
    "  --plan FILE        execute a plan (the CSV of `linetwin schedule -o`):\n"
    "                     every station follows its planned sequence; adds the\n"
    "                     schedule adherence (table, JSON \"plan\", adherence.csv\n"
    "                     with --out); see docs/planning.md\n"
    "  --plan-policy P    when a station's next planned job is not there yet:\n"
    "                     wait (default) for it, or next: take the waiting job\n"
    "                     planned first\n"
    "  --plan-tolerance DUR  a start within DUR of the plan counts as on time\n"
    "                     (default 15min)\n"
    "  --report FILE.html write a report for people: one self-contained HTML page\n"
    "                     with the KPI tables, charts, the scene's summary and how\n"
    "                     the numbers were obtained (see docs/report.md)\n"
    "  -h, --help         this text\n"
    "\n"
    "exit status: 0 ok, 1 the run failed, 2 invalid scene or bad usage\n"
    "See docs/cli.md for the JSON and CSV formats.\n";

/* Hours per week a calendar is on, sampled by the minute. */
static double calendar_hours(const mdl_model *m, int cal) {
    int on = 0;
    for (int i = 0; i < (int)(SIM_WEEK / SIM_MINUTE); i++)
        if (mdl_model_calendar_on(m, cal, i * SIM_MINUTE + 30.0)) on++;
    return on / SIM_MINUTE;
}

/* Each AS/RS with its mean single-command cycle under random storage
 * (the mean over its cells of the round trip, plus two handlings): the
 * capacity one crane offers. */
static const char *print_asrs_summary(FILE *f, const mdl_model *m, const char *sep) {
    for (int a = 0; a < mdl_model_asrs_count(m); a++) {
        const mdl_asrs_spec *s = mdl_model_asrs(m, a);
        double sum = 0.0;
        for (int b = 0; b < s->bays; b++)
            for (int l = 0; l < s->levels; l++)
                sum += 2.0 * mdl_asrs_travel_time(s, (b + 0.5) * s->cell_width, (l + 0.5) * s->cell_height);
        double sc = sum / ((double)s->bays * s->levels) + 2.0 * sim_dist_mean(&s->handling);
        fprintf(f, "%sAS/RS %s (%d aisle%s x %ld cells, %s storage, single-command cycle %.1f s on average)", sep,
               s->id, s->aisles, s->aisles == 1 ? "" : "s", 2L * s->bays * s->levels,
               mdl_asrs_assign_name(s->assign), sc);
        sep = "; ";
    }
    return sep;
}

/* The material-handling sentence of the summary (nothing without it). */
static void print_transport_summary(FILE *f, const mdl_model *m) {
    int nf = mdl_model_fleet_count(m), nr = mdl_model_robot_count(m), nc = mdl_model_conveyor_count(m);
    int nn = mdl_model_node_count(m), ne = mdl_model_edge_count(m);
    if (nf + nr + nc + nn + mdl_model_asrs_count(m) == 0) return;
    fprintf(f, " Material handling:");
    const char *sep = " ";
    if (nn > 0) {
        double len = 0;
        for (int e = 0; e < ne; e++) len += mdl_model_edge_length(m, e);
        fprintf(f, "%spath network of %d node%s and %d edge%s (%.0f m)", sep, nn, nn == 1 ? "" : "s", ne,
               ne == 1 ? "" : "s", len);
        sep = "; ";
    }
    for (int k = 0; k < nf; k++) {
        const mdl_fleet_spec *fs = mdl_model_fleet(m, k);
        fprintf(f, "%sfleet %s (%d x %s, %g m/s, capacity %d%s)", sep, fs->id, fs->count, mdl_motion_name(fs->mode),
               fs->speed, fs->capacity, fs->battery.enabled ? ", battery" : "");
        sep = "; ";
    }
    for (int r = 0; r < nr; r++) {
        const mdl_robot_spec *rs = mdl_model_robot(m, r);
        fprintf(f, "%srobot %s tending ", sep, rs->id);
        for (int i = 0; i < rs->ntends; i++)
            fprintf(f, "%s%s", i ? (i + 1 == rs->ntends ? " and " : ", ") : "", mdl_model_station(m, rs->tends[i])->id);
        sep = "; ";
    }
    for (int c = 0; c < nc; c++) {
        const mdl_conveyor_spec *cs = mdl_model_conveyor(m, c);
        fprintf(f, "%sconveyor %s (%g m at %g m/s, up to %.0f units/h)", sep, cs->id, cs->length, cs->speed,
               SIM_HOUR * cs->speed / cs->spacing);
        sep = "; ";
    }
    print_asrs_summary(f, m, sep);
    fprintf(f, ".");
}

void run_scene_summary(FILE *f, const mdl_model *m) {
    const mdl_run_settings *rs = mdl_model_run(m);
    int ns = mdl_model_station_count(m), np = mdl_model_product_count(m);
    fprintf(f, "%s: %d station%s (", mdl_model_name(m), ns, ns == 1 ? "" : "s");
    for (int s = 0; s < ns; s++) {
        const mdl_station_spec *sp = mdl_model_station(m, s);
        fprintf(f, "%s%s", s ? ", " : "", sp->id);
        if (sp->servers > 1) fprintf(f, " x%d", sp->servers);
    }
    fprintf(f, "); %d product%s (", np, np == 1 ? "" : "s");
    for (int p = 0; p < np; p++)
        fprintf(f, "%s%s: %d steps", p ? ", " : "", mdl_model_product_id(m, p), mdl_model_route_length(m, p));
    int nr = mdl_model_release_count(m), no = mdl_model_order_count(m);
    fprintf(f, ");\n%d release source%s", nr, nr == 1 ? "" : "s");
    if (no > 0) fprintf(f, " and %d order%s", no, no == 1 ? "" : "s");
    int nc = mdl_model_calendar_count(m);
    if (nc > 0) {
        fprintf(f, "; %d shift calendar%s (", nc, nc == 1 ? "" : "s");
        for (int c = 0; c < nc; c++) fprintf(f, "%s%.1f h/week", c ? ", " : "", calendar_hours(m, c));
        fprintf(f, ")");
    } else {
        fprintf(f, "; no shift calendar (always on)");
    }
    char h[40], w[40];
    scn_format_duration(rs->horizon, h, sizeof h);
    scn_format_duration(rs->warmup, w, sizeof w);
    fprintf(f, ";\nrun %s with %s warm-up, %d replication%s, seed %llu.", h, w, rs->replications,
           rs->replications == 1 ? "" : "s", (unsigned long long)rs->seed);

    /* Capacity while on, in units of the release mix per hour: servers x
     * 3600 x availability / the work one unit of the mix brings to the
     * station (its products' shares x expected visits x mean cycles). */
    int bottleneck = -1;
    double least = INFINITY, least_work = 0, least_avail = 1;
    double *work = calloc((size_t)ns + 1, sizeof *work);
    if (work && mdl_model_mix_work(m, work)) {
        for (int s = 0; s < ns; s++) {
            const mdl_station_spec *sp = mdl_model_station(m, s);
            if (!(work[s] > 0)) continue;
            double avail = 1;
            if (sp->has_failures) {
                double up = sim_dist_mean(&sp->mtbf), down = sim_dist_mean(&sp->mttr);
                if (up + down > 0) avail = up / (up + down);
            }
            double cap = sp->servers * SIM_HOUR * avail / work[s];
            if (cap < least) {
                least = cap;
                bottleneck = s;
                least_work = work[s];
                least_avail = avail;
            }
        }
    }
    free(work);
    if (bottleneck >= 0) {
        const mdl_station_spec *sp = mdl_model_station(m, bottleneck);
        char c[40];
        scn_format_duration(least_work, c, sizeof c);
        fprintf(f, " Capacity bottleneck: %s, %.1f units/h while on shift (%d server%s x %s%s", sp->id, least,
               sp->servers, sp->servers == 1 ? "" : "s", c, np > 1 ? " per unit of the mix" : "");
        if (least_avail < 1) fprintf(f, ", availability %.1f%%", 100 * least_avail);
        fprintf(f, ").");
    }
    print_transport_summary(f, m);
    double capex, years;
    if (mdl_model_investment(m, &capex, &years)) fprintf(f, " Investment %.0f over %g years.", capex, years);
    fprintf(f, "\n");
}

static int check_command(app_opts *o) {
    int status = 0;
    for (int i = 0; i < o->nscenes; i++) {
        int load_status;
        mdl_model *m = app_load_scene(o, o->scenes[i], true, &load_status, NULL, 0);
        if (!m) {
            if (status != 1) status = load_status;   /* a failure (1) wins over bad input (2) */
            continue;
        }
        if (i > 0) printf("\n");
        printf("%s: ok\n", o->scenes[i]);
        run_scene_summary(stdout, m);
        mdl_model_free(m);
    }
    return status;
}

int cmd_check(int argc, char **argv) { return app_command(APP_CMD_CHECK, argc, argv, check_usage, check_command); }

/* Opens --events (written whole or not at all) and hooks its writer to the
 * batch's record stream; false after a message. */
static bool open_event_log(const app_opts *o, mdl_model *m, mdl_batch_options *bo, atomic_file *ef,
                           eventlog **el) {
    eventlog_format fmt = EVENTLOG_CSV;
    eventlog_format_of(o->events_file, &fmt);
    if (!atomic_file_begin(ef, "run", o->events_file)) return false;
    *el = eventlog_new(m, fmt, ef->f, mdl_model_start_epoch(m) + bo->run.start);
    if (!*el) {
        fprintf(stderr, "linetwin run: %s: out of memory or no scratch file\n", o->events_file);
        atomic_file_abort(ef);
        return false;
    }
    bo->records = eventlog_record;
    bo->records_ctx = *el;
    bo->records_rep = o->events_rep;
    return true;
}

/* Finishes the event log, frees its writer and commits the file; false
 * when it could not be written. */
static bool close_event_log(const app_opts *o, eventlog *el, atomic_file *ef) {
    bool ok = eventlog_finish(el);
    if (!ok) fprintf(stderr, "linetwin run: cannot write %s: %s\n", o->events_file, strerror(errno));
    eventlog_free(el);
    if (ok && atomic_file_commit(ef)) return true;
    if (!ok) atomic_file_abort(ef);
    return false;
}

static int run_command(app_opts *o) {
    int rc = report_check(o->cmd, o->report_file);
    if (rc) return rc;
    const char *path = o->scenes[0];
    mdl_model *m = app_load_scene(o, path, false, &rc, NULL, 0);
    if (!m) return rc;
    mdl_batch_options bo;
    memset(&bo, 0, sizeof bo);
    if (!app_run_settings(o, m, &bo.run)) {
        mdl_model_free(m);
        return 2;
    }
    if ((rc = app_plan_attach(o, m)) != 0) { /* --plan: checked before any run */
        mdl_model_free(m);
        return rc;
    }
    bo.threads = app_threads(o, bo.run.replications);
    if (o->events_file && o->events_rep >= bo.run.replications) {
        fprintf(stderr, "linetwin run: --events-rep %d: the run has replications 0 to %d\n", o->events_rep,
                bo.run.replications - 1);
        mdl_model_free(m);
        return 2;
    }
    /* The result folder and the event log are prepared before the run: a
     * destination that cannot be written fails now, not after the
     * simulation. */
    atomic_dir od;
    if (o->out_dir && !atomic_dir_begin(&od, "run", o->out_dir)) {
        mdl_model_free(m);
        return 1;
    }
    atomic_file ef;
    eventlog *el = NULL;
    if (o->events_file && !open_event_log(o, m, &bo, &ef, &el)) {
        if (o->out_dir) atomic_dir_abort(&od);
        mdl_model_free(m);
        return 1;
    }
    progress pr;
    progress_start(&pr, "run", bo.run.replications);
    bo.progress = progress_update;
    bo.rep_progress = progress_rep;
    bo.progress_ctx = &pr;
    char err[512] = "";
    mdl_batch *b = mdl_batch_run(m, &bo, err, sizeof err);
    progress_finish(&pr);
    if (!b) {
        progress_report_failure("run", path, err);
        if (o->out_dir) atomic_dir_abort(&od);
        if (el) {
            eventlog_free(el);
            atomic_file_abort(&ef);
        }
        mdl_model_free(m);
        return 1;
    }
    int status = 0;
    if (el && !close_event_log(o, el, &ef)) status = 1;
    if (o->json) output_run_json(stdout, b, path);
    else output_run_text(stdout, b, path, bo.threads);
    if (o->out_dir && !(output_run_files(od.tmp, b, path) && atomic_dir_commit(&od))) {
        atomic_dir_abort(&od);
        status = 1;
    }
    if (o->report_file && !report_run(o->report_file, b, path)) status = 1;
    mdl_batch_free(b);
    mdl_model_free(m);
    return status;
}

int cmd_run(int argc, char **argv) { return app_command(APP_CMD_RUN, argc, argv, run_usage, run_command); }
