/*
 * cmd_schedule.c - `linetwin schedule`: the planner (plan/, pln_plan.h)
 * on a scene's order book; a summary on stdout and the plan as CSV.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "atomic.h"
#include "cli.h"
#include "gantt.h"
#include "mdl_orders.h"
#include "mdl_routing.h"
#include "options.h"
#include "output.h"
#include "pln_plan.h"
#include "report_chart.h"
#include "scn_scene.h"

static const char schedule_usage[] =
    "usage: linetwin schedule SCENE [options]\n"
    "\n"
    "Plans the scene's order book on finite capacity before any run: every\n"
    "order's steps on the stations' servers with planned start and end, by\n"
    "list scheduling with a dispatching rule (orders as lots, mean times,\n"
    "routes, variants, alternative stations, servers, release dates, setups\n"
    "and shift calendars respected). Prints the makespan, the planned\n"
    "tardiness and each station's planned utilisation; writes the plan with\n"
    "-o and a Gantt chart of it with --gantt.\n"
    "\n"
    "options:\n"
    "  --rule R           the rule that picks among competing orders: fifo,\n"
    "                     edd (default), spt, priority, cr, slack, atc, setup\n"
    "  -o FILE, --out FILE  write the plan as CSV (order,product,quantity,step,\n"
    "                     station,server,start_s,setup_s,end_s,due_s,options)\n"
    "  --gantt FILE.png   draw the plan as a Gantt chart (a row per station\n"
    "                     server; needs cairo, libcairo2)\n"
    "  --set PATH=VALUE   override a scene value (repeatable)\n"
    "  -h, --help         this text\n"
    "\n"
    "exit status: 0 ok, 1 the plan could not be made or written, 2 invalid\n"
    "scene or bad usage\n"
    "See docs/planning.md for the method.\n";

typedef struct plan_ctx {
    const mdl_model *m;
    const pln_plan *p;
} plan_ctx;

static void csv_time(FILE *f, double v) {
    if (isfinite(v)) fprintf(f, "%.12g", v == 0 ? 0.0 : v);
}

static bool write_plan(FILE *f, const plan_ctx *c) {
    fputs("order,product,quantity,step,station,server,start_s,setup_s,end_s,due_s,options\n", f);
    for (size_t i = 0; i < pln_plan_op_count(c->p); i++) {
        const pln_op *op = pln_plan_op(c->p, i);
        const char *oid = mdl_model_order_id(c->m, op->order);
        output_csv_text(f, oid);
        fprintf(f, ",%s,%ld,%d,%s,%d,", mdl_model_product_id(c->m, mdl_model_order_product(c->m, op->order)),
                mdl_model_order_quantity(c->m, op->order), op->step + 1, mdl_model_station(c->m, op->station)->id,
                op->server + 1);
        csv_time(f, op->start);
        fputc(',', f);
        csv_time(f, op->setup);
        fputc(',', f);
        csv_time(f, op->end);
        fputc(',', f);
        double due = mdl_model_order_due(c->m, op->order);
        if (due >= 0) csv_time(f, due);
        fputc(',', f);
        char v[400];
        int p = mdl_model_order_product(c->m, op->order);
        output_csv_text(f, mdl_model_variant_name(c->m, p, mdl_model_order_variant(c->m, op->order), v, sizeof v));
        fputc('\n', f);
    }
    return !ferror(f);
}

static void print_summary(const char *path, const mdl_model *m, const pln_plan *p, mdl_dispatch rule) {
    char d[40];
    printf("%s\n", mdl_model_name(m));
    printf("  %s: %d orders, %zu operations planned by rule %s\n", path, mdl_model_order_count(m),
           pln_plan_op_count(p), mdl_dispatch_name(rule));
    scn_format_duration(pln_plan_makespan(p), d, sizeof d);
    printf("  Makespan                 %12.0f s   (%s)\n", pln_plan_makespan(p), d);
    scn_format_duration(pln_plan_tardiness_sum(p), d, sizeof d);
    printf("  Planned tardiness, sum   %12.0f s   (%s)\n", pln_plan_tardiness_sum(p), d);
    scn_format_duration(pln_plan_tardiness_max(p), d, sizeof d);
    printf("  Planned tardiness, max   %12.0f s   (%s)\n", pln_plan_tardiness_max(p), d);
    printf("  Orders planned late      %12d\n", pln_plan_late_orders(p));
    printf("\n  %-24s %s\n", "Station", "planned utilisation");
    for (int s = 0; s < mdl_model_station_count(m); s++)
        printf("  %-24s %6.1f%%\n", mdl_model_station(m, s)->id, 100.0 * pln_plan_utilization(p, s));
}

/* Writes the plan's CSV into the open temporary af and commits it; false
 * after a message. */
static bool commit_plan(atomic_file *af, const plan_ctx *c, const char *file) {
    if (!write_plan(af->f, c)) {
        atomic_file_abort(af);
        fprintf(stderr, "linetwin schedule: %s: cannot write\n", file);
        return false;
    }
    return atomic_file_commit(af);
}

/* Draws the Gantt chart into the open temporary af and commits it; false
 * after a message. */
static bool commit_gantt(atomic_file *af, const plan_ctx *c, mdl_dispatch rule, const char *file) {
    char err[400];
    if (!gantt_write_png(af->f, c->m, c->p, mdl_dispatch_name(rule), err, sizeof err)) {
        atomic_file_abort(af);
        fprintf(stderr, "linetwin schedule: %s: %s\n", file, err);
        return false;
    }
    return atomic_file_commit(af);
}

static int schedule_command(app_opts *o) {
    int rc;
    if (o->gantt_file && !chart_available()) {
        fprintf(stderr, "linetwin schedule: --gantt: %s\n", chart_unavailable_reason());
        return 1;
    }
    const char *path = o->scenes[0];
    mdl_model *m = app_load_scene(o, path, false, &rc, NULL, 0);
    if (!m) return rc;
    /* The outputs' temporaries first: a path that cannot be written fails
     * before the planning. */
    atomic_file out, gantt;
    bool has_out = false, has_gantt = false;
    if ((o->out_file && !(has_out = atomic_file_begin(&out, "schedule", o->out_file))) ||
        (o->gantt_file && !(has_gantt = atomic_file_begin(&gantt, "schedule", o->gantt_file)))) {
        if (has_out) atomic_file_abort(&out);
        mdl_model_free(m);
        return 1;
    }
    mdl_dispatch rule = o->has_rule ? o->rule : MDL_DISPATCH_EDD;
    char err[300];
    pln_plan *p = pln_schedule(m, rule, err, sizeof err);
    int status = 0;
    if (!p) {
        fprintf(stderr, "linetwin schedule: %s: %s\n", path, err);
        if (has_out) atomic_file_abort(&out);
        if (has_gantt) atomic_file_abort(&gantt);
        status = 1;
    } else {
        print_summary(path, m, p, rule);
        plan_ctx c = {m, p};
        if (has_out && !commit_plan(&out, &c, o->out_file)) status = 1;
        if (has_gantt && !commit_gantt(&gantt, &c, rule, o->gantt_file)) status = 1;
    }
    pln_plan_free(p);
    mdl_model_free(m);
    return status;
}

int cmd_schedule(int argc, char **argv) {
    return app_command(APP_CMD_SCHEDULE, argc, argv, schedule_usage, schedule_command);
}
