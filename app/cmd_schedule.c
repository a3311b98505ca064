/*
 * cmd_schedule.c - `linetwin schedule`: the planner (plan/, pln_plan.h)
 * on a scene's order book; a summary on stdout and the plan as CSV.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "atomic.h"
#include "cli.h"
#include "mdl_orders.h"
#include "options.h"
#include "output.h"
#include "pln_plan.h"
#include "scn_scene.h"

static const char schedule_usage[] =
    "usage: linetwin schedule SCENE [options]\n"
    "\n"
    "Plans the scene's order book on finite capacity before any run: every\n"
    "order's steps on the stations' servers with planned start and end, by\n"
    "list scheduling with a dispatching rule (orders as lots, mean times,\n"
    "routes, servers, release dates, setups and shift calendars respected).\n"
    "Prints the makespan, the planned tardiness and each station's planned\n"
    "utilisation; writes the plan with -o.\n"
    "\n"
    "options:\n"
    "  --rule R           the rule that picks among competing orders: fifo,\n"
    "                     edd (default), spt, priority, cr, slack, atc, setup\n"
    "  -o FILE, --out FILE  write the plan as CSV (order,product,quantity,step,\n"
    "                     station,server,start_s,setup_s,end_s,due_s)\n"
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
    fputs("order,product,quantity,step,station,server,start_s,setup_s,end_s,due_s\n", f);
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
        fputc('\n', f);
    }
    return !ferror(f);
}

int cmd_schedule(int argc, char **argv) {
    app_opts o;
    int rc;
    if (!app_opts_start(&o, APP_CMD_SCHEDULE, argc, argv, schedule_usage, &rc)) return rc;
    const char *path = o.scenes[0];
    mdl_model *m = app_load_scene(&o, path, false, &rc, NULL, 0);
    if (!m) return rc;
    mdl_dispatch rule = o.has_rule ? o.rule : MDL_DISPATCH_EDD;
    char err[300];
    pln_plan *p = pln_schedule(m, rule, err, sizeof err);
    if (!p) {
        fprintf(stderr, "linetwin schedule: %s: %s\n", path, err);
        mdl_model_free(m);
        return 1;
    }
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
    int status = 0;
    if (o.out_file) {
        atomic_file af;
        plan_ctx c = {m, p};
        if (!atomic_file_begin(&af, "schedule", o.out_file)) {
            status = 1;
        } else if (!write_plan(af.f, &c)) {
            atomic_file_abort(&af);
            fprintf(stderr, "linetwin schedule: %s: cannot write\n", o.out_file);
            status = 1;
        } else if (!atomic_file_commit(&af)) {
            status = 1;
        }
    }
    pln_plan_free(p);
    mdl_model_free(m);
    return status;
}
