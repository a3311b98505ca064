/*
 * mdl_run_result.c - the measured window of a run: the warm-up reset, and
 * the KPIs of the window (mdl_run_result) read off the ledgers.
 */
#include "mdl_run_internal.h"

/* ---- the ideal time of an operation in the window ------------------------------ */

/* The ideal time of the processing sv has done so far of the operation in
 * hand and not yet credited (performance, docs/kpis.md): what of ideal_op
 * is not the ideal time of the processing left. Nothing before the cycle
 * begins (setup, load, a robot's load); all of it once the cycle is over
 * and the unit waits to be unloaded. Read at the window's start (the part
 * before it is not credited) and end (the part in it is). In the units
 * of ideal_op: a batch's share is the caller's. */
static double ideal_in_hand(const server *sv, double now) {
    if (sv->unit == NO_UNIT) return 0.0;
    if (sv->phase == PH_ROBOT && sv->robot_unload) return sv->ideal_op;
    if (sv->phase != PH_BUSY) return 0.0;
    double left = sv->done_ev ? sv->phase_end - now : sv->remaining;
    if (left < 0.0) left = 0.0;
    /* Scaled by people: left is their time; its ideal time is the time of
     * the cycle left, or theirs if they are faster (mdl_run_hooks.c). */
    if (sv->crew_scaled && sv->crew_factor > 1.0) left /= sv->crew_factor;
    double done = sv->ideal_op - left;
    return done > 0.0 ? done : 0.0;
}

/* ---- warm-up ------------------------------------------------------------------ */

void mdl__on_warmup(sim_world *w, void *subject, void *object) {
    (void)object;
    mdl_run *r = subject;
    double now = sim_world_now(w);
    r->win_start = now;
    for (int i = 0; i < r->nall; i++) {
        server *sv = r->all[i];
        sim_ledger_restart(&sv->ledger, now);
        sv->ideal_op -= ideal_in_hand(sv, now); /* the part of it inside the window only */
    }
    for (int i = 0; i < r->nst; i++) {
        station *s = &r->st[i];
        sim_timeavg_init(&s->qlen, now, s->qlen.value);
        sim_timeavg_reset(&s->offta, now);
        sim_mean_reset(&s->wait);
        s->done = s->good_done = s->judged = s->failures_win = s->defects_found = 0;
        if (s->mts)
            for (int j = 0; j < s->nmax; j++) mdl__maint_window(&s->mts[j]);
        s->ideal_done = 0.0;
    }
    sim_timeavg_init(&r->wip, now, r->wip.value);
    sim_tally_reset(&r->lead);
    sim_loghist_reset(&r->lead_hist);
    r->released = r->out_good = r->out_fpy = r->out_defective = 0;
    r->scrapped = r->defect_num = r->finished = r->due_units = r->on_time = r->rework_capped = 0;
    mdl__book_warmup(&r->book);
    if (r->transport) mdl__transport_warmup(r->transport, now); /* transport hook */
    if (r->people) mdl__people_warmup(r->people, now);          /* people hook */
    mdl__asm_warmup(r, now);                                    /* assembly hook */
    mdl__bt_warmup(r);                                          /* batching hook */
    mdl__ds_warmup(r);                                          /* disassembly hook */
}

/* ---- results ---------------------------------------------------------------- */

bool mdl_rep_result_init(mdl_rep_result *res, const mdl_model *m) {
    memset(res, 0, sizeof *res);
    res->nstations = m->nstations;
    res->station = calloc((size_t)(m->nstations ? m->nstations : 1), sizeof *res->station);
    /* Each part in turn; the first that fails stops the rest, and one fini frees what was made. */
    bool ok = res->station && mdl__book_rep_init(res, m) && mdl__plan_rep_init(res, m) &&
              (!mdl_model_has_transport(m) || mdl__transport_rep_init(res, m)) &&
              (!mdl_model_has_people(m) || mdl__people_rep_init(res, m)) &&
              mdl__flow_rep_init(res, m); /* assembly, batching, disassembly (mdl_assembly.c) */
    if (!ok) mdl_rep_result_fini(res);
    return ok;
}

void mdl_rep_result_fini(mdl_rep_result *res) {
    free(res->fleet);
    free(res->robot);
    free(res->conveyor);
    free(res->vehicle);
    free(res->asrs);
    res->asrs = NULL;
    res->nasrs = 0;
    free(res->dock);
    res->dock = NULL;
    res->ndocks = 0;
    res->fleet = res->robot = res->conveyor = res->vehicle = NULL;
    res->nfleets = res->nrobots = res->nconveyors = res->nvehicles = 0;
    free(res->people);
    free(res->pool);
    free(res->person);
    res->people = res->pool = res->person = NULL;
    res->npools = res->npersons = 0;
    free(res->station);
    res->station = NULL;
    res->nstations = 0;
    mdl__book_rep_fini(res);
    mdl__plan_rep_fini(res);
    free(res->bomline);
    free(res->flow);
    res->bomline = res->flow = NULL;
    res->nbomlines = 0;
}

static double ratio(double a, double b) { return b > 0.0 ? a / b : NAN; }

/* The station KPIs of the window; adds each station's energy (kWh),
 * operator hours on shift and down hours to sums[0], [1] and [2]. */
static void station_results(const mdl_run *r, mdl_rep_result *out, double sums[3], mt_line *maint_line) {
    double now = sim_world_now(r->w);
    double hours = (now - r->win_start) / SIM_HOUR;
    int n = out->nstations < r->nst ? out->nstations : r->nst;
    for (int i = 0; i < r->nst; i++) {
        const station *s = &r->st[i];
        const mdl_station_spec *sp = s->spec;
        double acc[MDL_STATE_COUNT] = {0};
        double ideal = s->ideal_done; /* and the part in the window of the operations in hand */
        for (int j = 0; j < s->nmax; j++) {
            const server *sv = &s->sv[j];
            sim_ledger_sum(&sv->ledger, now, acc, MDL_STATE_COUNT);
            ideal += ideal_in_hand(sv, now) * sv->batch_share;
        }
        double total = 0.0, e = 0.0;
        for (int k = 0; k < MDL_STATE_COUNT; k++) {
            total += acc[k];
            e += sp->power[k] * acc[k];
        }
        e /= SIM_HOUR;
        sums[0] += e;
        double off_share = sim_timeavg_mean(&s->offta, now);
        sums[1] += sp->operators * hours * (1.0 - off_share);
        sums[2] += acc[MDL_STATE_DOWN] / SIM_HOUR;
        double maint_o[MDL_SKPI_COUNT]; /* maintenance hook */
        mdl__maint_station_kpis(s->mts, s->nmax, s->failures_win,
                                acc[MDL_STATE_DOWN] / SIM_HOUR * r->m->costs.repair_per_hour, acc, maint_o, maint_line);
        if (i >= n) continue;
        double *o = out->station[i];
        /* Planned maintenance is taken out of the planned production time
         * (kpis.md): availability counts breakdowns only. */
        double scheduled = total - acc[MDL_STATE_OFF] - acc[MDL_STATE_MAINT];
        double operating = scheduled - acc[MDL_STATE_DOWN];
        double avail = ratio(operating, scheduled);
        double perf = ratio(ideal, operating);
        /* Defects found later count against the station that made them (in
         * the window they are found: never below 0). */
        double good_ops = s->good_done > s->defects_found ? (double)(s->good_done - s->defects_found) : 0.0;
        double qual = s->judged ? good_ops / (double)s->judged : 1.0;
        o[MDL_SKPI_UTILIZATION] = ratio(acc[MDL_STATE_BUSY], total);
        o[MDL_SKPI_AVAILABILITY] = avail;
        o[MDL_SKPI_PERFORMANCE] = perf;
        o[MDL_SKPI_QUALITY] = qual;
        o[MDL_SKPI_OEE] = avail * perf * qual;
        o[MDL_SKPI_QUEUE_LEN] = sim_timeavg_mean(&s->qlen, now);
        o[MDL_SKPI_WAIT_S] = sim_mean_value(&s->wait);
        o[MDL_SKPI_ENERGY_KWH] = e;
        o[MDL_SKPI_STATE_BUSY] = ratio(acc[MDL_STATE_BUSY], total);
        o[MDL_SKPI_STATE_SETUP] = ratio(acc[MDL_STATE_SETUP], total);
        o[MDL_SKPI_STATE_IDLE] = ratio(acc[MDL_STATE_IDLE] + acc[MDL_STATE_STANDBY], total);
        o[MDL_SKPI_STATE_BLOCKED] = ratio(acc[MDL_STATE_BLOCKED], total);
        o[MDL_SKPI_STATE_DOWN] = ratio(acc[MDL_STATE_DOWN], total);
        o[MDL_SKPI_STATE_OFF] = ratio(acc[MDL_STATE_OFF], total);
        o[MDL_SKPI_STATE_STANDBY] = ratio(acc[MDL_STATE_STANDBY], total);
        o[MDL_SKPI_STATE_WAIT_OPERATOR] = ratio(acc[MDL_STATE_WAIT_OPERATOR], total);
        o[MDL_SKPI_UNITS_DONE] = (double)s->done;
        o[MDL_SKPI_FAILURES] = (double)s->failures_win;
        /* The maintenance block (and its count of breakdowns). */
        o[MDL_SKPI_FAILURES] = maint_o[MDL_SKPI_FAILURES];
        for (int k = MDL_SKPI_STATE_MAINT; k < MDL_SKPI_COUNT; k++) o[k] = maint_o[k];
    }
}

/* Fleet operators (people per vehicle, e.g. a manual cart's runner):
 * operators x vehicles over the hours of the window the line's calendar
 * is on (the whole window without a line calendar). */
static double fleet_crew_hours(const mdl_run *r, double window, double now) {
    const mdl_model *m = r->m;
    double crew = 0.0;
    for (int f = 0; f < mdl_model_fleet_count(m); f++)
        crew += (double)mdl_model_fleet(m, f)->operators * mdl_model_fleet(m, f)->count;
    if (crew > 0.0) {
        double on_s = window;
        int lc = m->line_calendar;
        if (lc >= 0) {
            on_s = 0.0;
            double t = r->win_start;
            bool on = mdl_model_calendar_on(m, lc, t), after = on;
            while (t < now) {
                double next = mdl__calendar_next(m, lc, t, on, &after);
                double end = next < now ? next : now;
                if (on) on_s += end - t;
                t = end;
                on = after;
            }
        }
        return crew * on_s / SIM_HOUR;
    }
    return 0.0;
}

/* Line OEE is measured at the constraint: availability and performance
 * of the bottleneck station (the one busy or in setup for the largest
 * share of its scheduled, on-shift time), times the line's quality (good units out over all units that
 * finished or were scrapped). Bounded by 1 whatever the routing. */
static double line_oee(const mdl_run *r, const mdl_rep_result *out, double good) {
    int n = out->nstations < r->nst ? out->nstations : r->nst;
    int b = -1;
    double best = -1.0;
    for (int i = 0; i < n; i++) {
        const double *o = out->station[i];
        double sched = 1.0 - o[MDL_SKPI_STATE_OFF];
        double load = sched > 0.0 ? (o[MDL_SKPI_STATE_BUSY] + o[MDL_SKPI_STATE_SETUP]) / sched : 0.0;
        if (load > best) {
            best = load;
            b = i;
        }
    }
    double qline = ratio(good, (double)r->finished);
    return b >= 0 ? out->station[b][MDL_SKPI_AVAILABILITY] *
                                  out->station[b][MDL_SKPI_PERFORMANCE] * qline
                            : NAN;
}

/* Units with a due date still open at the end (in the line, in a
 * backlog, or not yet made) and already past due: late too. */
static uint64_t late_open_units(const mdl_run *r, double now) {
    const mdl_model *m = r->m;
    uint64_t late_open = 0;
    for (uint32_t i = 0; i < r->ucap; i++) {
        const unit *u = &r->units[i];
        if (u->live && u->due >= 0.0 && u->due < now) late_open++;
    }
    for (int o = 0; o < m->norders; o++)
        if (r->order_left[o] > 0 && m->orders[o].due >= 0.0 && m->orders[o].due < now)
            late_open += (uint64_t)r->order_left[o];
    return late_open;
}

void mdl_run_result(const mdl_run *r, mdl_rep_result *out) {
    const mdl_model *m = r->m;
    double now = sim_world_now(r->w);
    double window = now - r->win_start;
    double hours = window / SIM_HOUR;
    out->window_s = window;
    out->events = sim_world_fired(r->w);
    mdl__book_result(&r->book, m, now, window, out);
    mdl__plan_result(r, out); /* plan hook: schedule adherence */
    if (out->flow) { /* assembly, batching and disassembly hooks */
        mdl__asm_result(r, out);
        mdl__bt_result(r, out);
        mdl__ds_result(r, out);
    }
    double sums[3] = {0.0, 0.0, 0.0};
    mt_line maint_line = {0}; /* maintenance hook */
    station_results(r, out, sums, &maint_line);
    double energy = sums[0], labor_h = sums[1], down_h = sums[2];
    if (r->transport) energy += mdl__transport_result(r->transport, now, out); /* transport hook: vehicles, robots, belts */
    labor_h += fleet_crew_hours(r, window, now);
    const mdl_costs *c = &m->costs;
    double *k = out->kpi;
    double good = (double)r->out_good;
    k[MDL_KPI_THROUGHPUT_PER_H] = ratio(good, hours);
    k[MDL_KPI_UNITS_OUT] = good;
    k[MDL_KPI_LEAD_TIME_S] = sim_tally_mean(&r->lead);
    k[MDL_KPI_WIP] = sim_timeavg_mean(&r->wip, now);
    k[MDL_KPI_SCRAP_RATE] = ratio((double)r->scrapped, (double)r->scrapped + good);
    k[MDL_KPI_DEFECT_RATE] = ratio((double)r->defect_num, (double)r->finished);
    k[MDL_KPI_FIRST_PASS_YIELD] = ratio((double)r->out_fpy, good);
    k[MDL_KPI_OEE] = line_oee(r, out, good);
    k[MDL_KPI_ENERGY_KWH] = energy;
    k[MDL_KPI_ENERGY_KWH_PER_UNIT] = ratio(energy, good);
    k[MDL_KPI_UNITS_RELEASED] = (double)r->released;
    k[MDL_KPI_UNITS_SCRAPPED] = (double)r->scrapped;
    k[MDL_KPI_DEFECTIVE_OUT] = (double)r->out_defective;
    k[MDL_KPI_LEAD_TIME_P95_S] = sim_loghist_quantile(&r->lead_hist, 0.95, r->lead.min, r->lead.max);
    k[MDL_KPI_ON_TIME_SHARE] = ratio((double)r->on_time, (double)(r->due_units + late_open_units(r, now)));
    k[MDL_KPI_UNITS_PER_KWH] = ratio(good, energy);
    k[MDL_KPI_REWORK_CAPPED] = (double)r->rework_capped;
    double ecost = energy * c->energy_per_kwh;
    double lcost = labor_h * c->labor_per_hour;
    /* People hook: the pools' rostered hours at their own cost. */
    if (r->people) lcost += mdl__people_result(r->people, now, r->win_start, good, labor_h, out);
    double mcost = (double)r->released * c->material_per_unit;
    double total_cost = ecost + lcost + mcost + (double)r->scrapped * c->scrap_per_unit +
                        hours * c->overhead_per_hour + down_h * c->repair_per_hour +
                        maint_line.engine_cost; /* maintenance hook: the engines' costs */
    mdl__maint_line_kpis(&maint_line, k);
    k[MDL_KPI_ENERGY_COST] = ecost;
    k[MDL_KPI_LABOR_COST] = lcost;
    k[MDL_KPI_MATERIAL_COST] = mcost;
    k[MDL_KPI_OPERATING_COST] = total_cost;
    k[MDL_KPI_COST_PER_UNIT] = ratio(total_cost, good);
}

/* ---- views ------------------------------------------------------------------ */

/* ---- transport hooks: the run as the material-handling code sees it ---- */
