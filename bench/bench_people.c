/*
 * bench_people.c - people at scale: 200 stations in 20 parallel lines of
 * 10, each station a manual one (`process`: one person) or machine-tended
 * (`load`: 30 s of a person, then the machine alone), served by 10 pools
 * of 10 operators (100 people; each pool serves two lines, walking 1 m/s
 * between stations 5 m apart; about half busy), breakdowns (every 40 h)
 * repaired by a pool of 12 technicians.
 * One replication of a year (365 d) on one thread. Prints the wall time,
 * events and events per second; asserts nothing (issue 15 asks for under
 * 3 s on one core). Usage: bench_people [days]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mdl_model.h"
#include "mdl_people.h"
#include "mdl_run.h"
#include "model_specs.h"
#include "bench_clock.h"

static mdl_model *plant(void) {
    mdl_model *m = mdl_model_new();
    static char ids[200][16];
    int tech;
    mdl_pool_spec ps;
    mdl_pool_spec_default(&ps);
    for (int q = 0; q < 10; q++) {
        char *id = malloc(16);
        snprintf(id, 16, "pool%d", q);
        ps.id = id;
        ps.headcount = 10;
        if (mdl_model_add_pool(m, &ps) < 0) return NULL;
        free(id);
    }
    ps.id = "technicians";
    ps.headcount = 12;
    tech = mdl_model_add_pool(m, &ps);
    for (int l = 0; l < 20; l++) {
        const char *route[10];
        for (int k = 0; k < 10; k++) {
            int i = l * 10 + k;
            snprintf(ids[i], sizeof ids[i], "s%d_%d", l, k);
            mdl_station_spec s = fx_station(ids[i], sim_dist_lognormal(240.0, 40.0));
            fx_place(&s, 5.0 * k, 5.0 * l);
            s.servers = 2;
            s.buffer = 4;
            s.has_failures = true;
            s.mtbf = sim_dist_exp(40 * 3600.0);
            s.mttr = sim_dist_exp(1800.0);
            if (mdl_model_add_station(m, &s) < 0) return NULL;
            route[k] = ids[i];
        }
        char pid[16];
        snprintf(pid, sizeof pid, "p%d", l);
        int p = mdl_model_add_product(m, pid, route, 10, 0);
        if (p < 0 || mdl_model_add_push(m, p, sim_dist_exp(600.0), 0.0, 0) < 0) return NULL;
    }
    for (int i = 0; i < 200; i++) {
        mdl_task_spec t;
        memset(&t, 0, sizeof t);
        t.station = i;
        t.product = -1;
        t.pool = (i / 10) / 2;
        t.people = 1;
        t.kind = i % 2 ? MDL_TASK_LOAD : MDL_TASK_PROCESS;
        t.has_load = true;
        t.load = sim_dist_const(30.0);
        if (mdl_model_add_task(m, &t) < 0) return NULL;
        memset(&t, 0, sizeof t);
        t.station = i;
        t.product = -1;
        t.pool = tech;
        t.people = 1;
        t.kind = MDL_TASK_REPAIR;
        if (mdl_model_add_task(m, &t) < 0) return NULL;
    }
    return m;
}

int main(int argc, char **argv) {
    double days = argc > 1 ? atof(argv[1]) : 365.0;
    mdl_model *m = plant();
    if (!m || !mdl_model_validate(m)) {
        fprintf(stderr, "bench_people: %s\n", m ? mdl_model_error(m) : "out of memory");
        return 1;
    }
    mdl_run_settings rs = *mdl_model_run(m);
    rs.horizon = days * 86400.0;
    rs.warmup = 0.0;
    mdl_rep_result res;
    if (!mdl_rep_result_init(&res, m)) return 1;
    double t0 = bench_wall_s();
    mdl_run *r = mdl_run_new(m, &rs, 0);
    if (!r || !mdl_run_to_end(r, &res)) {
        fprintf(stderr, "bench_people: the run failed\n");
        return 1;
    }
    double wall = bench_wall_s() - t0;
    printf("people: 100 operators + 12 technicians, 200 stations, %g days, 1 thread\n", days);
    printf("  wall %.2f s, %llu events, %.2f M events/s, %.0f units out, operators' utilisation %.1f%%\n", wall,
           (unsigned long long)res.events, (double)res.events / wall / 1e6, res.kpi[MDL_KPI_UNITS_OUT],
           100.0 * mdl_rep_pool_kpi(&res, 0, MDL_POOLKPI_UTILIZATION));
    if (getenv("BENCH_PEOPLE_DEBUG")) {
        for (int i = 0; i < 20; i++)
            printf("  %s busy %.3f wait_op %.3f down %.3f blocked %.3f idle %.3f\n", mdl_model_station(m, i)->id,
                   res.station[i][MDL_SKPI_STATE_BUSY], res.station[i][MDL_SKPI_STATE_WAIT_OPERATOR],
                   res.station[i][MDL_SKPI_STATE_DOWN], res.station[i][MDL_SKPI_STATE_BLOCKED],
                   res.station[i][MDL_SKPI_STATE_IDLE]);
        printf("  open %g longest %g\n", mdl_rep_people_kpi(&res, MDL_PEOPLEKPI_OPEN_TASKS),
               mdl_rep_people_kpi(&res, MDL_PEOPLEKPI_LONGEST_OPEN_S));
    }
    mdl_run_free(r);
    mdl_rep_result_fini(&res);
    mdl_model_free(m);
    return 0;
}
