/*
 * mdl_robot.c - robots tending machines.
 *
 * A robot is a single server over the load and unload requests of the
 * stations it tends, first come first served. A request at another station
 * than where the robot is first costs a move. The server that asked stays
 * in phase PH_ROBOT (ledger `blocked`) until mdl__run_robot_done. A failure
 * pre-empts the task in hand; the remaining time resumes after the repair.
 * Random draws come from the robot's own streams (task times; failures).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_transport_internal.h"

enum { CUR_NONE = 0, CUR_MOVING, CUR_WORKING };

static void on_task(sim_world *w, void *subject, void *object);

static double draw(tr_run *tr, tr_robot *b, const sim_dist *d, const char *key) {
    double v = mdl__run_checked(tr->r, sim_dist_sample(d, &b->rng), "robot", b->spec->id, key);
    return v > 0.0 ? v : 0.0;
}

static void refresh_state(tr_run *tr, tr_robot *b) {
    if (b->mt) tr_maint_robot_sync(b); /* maintenance hook: what the robot does */
    int st = b->down ? (b->mt && tr_maint_robot_maint(b) ? MDL_ROBOT_MAINT : MDL_ROBOT_DOWN)
             : b->cur == CUR_MOVING ? MDL_ROBOT_MOVING
             : b->cur == CUR_WORKING ? MDL_ROBOT_BUSY
             : b->off                ? MDL_ROBOT_OFF
                                     : MDL_ROBOT_IDLE;
    sim_ledger_set(&b->led, tr_now(tr), st);
}

static void arm(tr_run *tr, tr_robot *b) {
    b->end = tr_now(tr) + b->remaining;
    b->ev = sim_event_schedule(tr->w, b->end, 0, on_task, tr, b);
}

/* Starts the next request, if any and if the robot can work. */
static void robot_next(tr_run *tr, tr_robot *b) {
    if (b->cur != CUR_NONE || b->down || b->off || b->qlen == 0) {
        refresh_state(tr, b);
        return;
    }
    const tr_robot_req *q = &b->q[b->qhead];
    sim_tally_add(&b->wait, tr_now(tr) - q->t);
    if (q->station != b->at) {
        b->cur = CUR_MOVING;
        b->remaining = draw(tr, b, &b->spec->move, "move");
    } else {
        b->cur = CUR_WORKING;
        b->remaining = draw(tr, b, q->load ? &b->spec->load : &b->spec->unload, q->load ? "load" : "unload");
    }
    b->total = b->remaining;
    arm(tr, b);
    refresh_state(tr, b);
}

static void on_task(sim_world *w, void *subject, void *object) {
    (void)w;
    tr_run *tr = subject;
    tr_robot *b = object;
    b->ev = 0;
    tr_robot_req q = b->q[b->qhead];
    if (b->cur == CUR_MOVING) {
        b->at = q.station;
        b->cur = CUR_WORKING;
        b->remaining = draw(tr, b, q.load ? &b->spec->load : &b->spec->unload, q.load ? "load" : "unload");
        b->total = b->remaining;
        arm(tr, b);
        refresh_state(tr, b);
        return;
    }
    b->qhead = (b->qhead + 1) % b->qcap;
    b->qlen--;
    b->tasks++;
    b->cur = CUR_NONE;
    if (b->mt) tr_maint_robot_cycle(b); /* maintenance hook: cycles, end of the task (may stop the robot) */
    refresh_state(tr, b);
    /* The server may at once ask again (an unload frees it, it starts the
     * next unit, which needs a load): that request queues behind the others. */
    mdl__run_robot_done(tr->r, q.server_gid, q.load);
    robot_next(tr, b);
}

void tr_robot_request(tr_run *tr, int robot, int station, int server_gid, bool load) {
    tr_robot *b = &tr->robots[robot];
    tr_robot_req *tail = tr_ring_tail(tr, (void **)&b->q, &b->qhead, b->qlen, &b->qcap, sizeof *b->q);
    *tail = (tr_robot_req){station, server_gid, load, tr_now(tr)};
    b->qlen++;
    robot_next(tr, b);
}

static void on_repair(sim_world *w, void *subject, void *object);

void tr_robot_stop(tr_run *tr, tr_robot *b, bool stop) {
    if (stop) {
        b->down = true;
        if (b->ev) {
            sim_event_cancel(tr->w, b->ev);
            b->ev = 0;
            b->remaining = b->end - tr_now(tr);
            if (b->remaining < 0.0) b->remaining = 0.0;
        }
        refresh_state(tr, b);
        return;
    }
    b->down = false;
    if (b->cur != CUR_NONE) {
        if (!b->ev) arm(tr, b);
        refresh_state(tr, b);
    } else {
        robot_next(tr, b);
    }
}

static void on_fail(sim_world *w, void *subject, void *object) {
    tr_run *tr = subject;
    tr_robot *b = object;
    b->fail_ev = 0;
    b->failures++;
    double ttr = mdl__run_checked(tr->r, sim_dist_sample(&b->spec->mttr, &b->fail_rng), "robot", b->spec->id, "mttr");
    sim_event_after(w, ttr > 0.0 ? ttr : 0.0, 0, on_repair, tr, b);
    mdl__run_log_resource(tr->r, MDL_LOG_DOWN, MDL_RES_ROBOT, b->index); /* (mtbf / mttr) */
    tr_robot_stop(tr, b, true);
}

static void on_repair(sim_world *w, void *subject, void *object) {
    tr_run *tr = subject;
    tr_robot *b = object;
    double ttf = mdl__run_checked(tr->r, sim_dist_sample(&b->spec->mtbf, &b->fail_rng), "robot", b->spec->id, "mtbf");
    b->fail_ev = sim_event_after(w, ttf > 0.0 ? ttf : 0.0, 0, on_fail, tr, b);
    mdl__run_log_resource(tr->r, MDL_LOG_UP, MDL_RES_ROBOT, b->index);
    tr_robot_stop(tr, b, false);
}

bool tr_robot_init(tr_run *tr) {
    tr->nrobots = tr->model->nrobots;
    if (!tr->nrobots) return true;
    tr->robots = calloc((size_t)tr->nrobots, sizeof *tr->robots);
    if (!tr->robots) return false;
    for (int i = 0; i < tr->nrobots; i++) {
        tr_robot *b = &tr->robots[i];
        b->index = i;
        b->spec = &tr->model->robots[i];
        b->at = b->spec->tends[0];
        b->tr = tr;
        b->off = b->spec->calendar >= 0 && !mdl__run_calendar_on(tr->r, b->spec->calendar);
        b->led.state = b->off ? MDL_ROBOT_OFF : MDL_ROBOT_IDLE;
        sim_tally_reset(&b->wait);
        sim_rng_seed(&b->rng, tr->master, sim_rng_stream_id(b->spec->id, (uint64_t)3 << 40 | 1));
        sim_rng_seed(&b->fail_rng, tr->master, sim_rng_stream_id(b->spec->id, (uint64_t)3 << 40 | 2));
        if (b->spec->has_failures) {
            double ttf =
                mdl__run_checked(tr->r, sim_dist_sample(&b->spec->mtbf, &b->fail_rng), "robot", b->spec->id, "mtbf");
            b->fail_ev = sim_event_schedule(tr->w, ttf > 0.0 ? ttf : 0.0, 0, on_fail, tr, b);
        }
        if (b->spec->maint && !tr_maint_robot_init(tr, b)) return false; /* maintenance hook */
    }
    return true;
}

/* Off shift a robot ends the task in hand (the move and the load or unload
 * it is for) and starts none; on again, it starts what waits. */
void tr_robot_shift(tr_run *tr, int cal, bool on) {
    for (int i = 0; i < tr->nrobots; i++) {
        tr_robot *b = &tr->robots[i];
        if (b->spec->calendar != cal) continue;
        b->off = !on;
        robot_next(tr, b);
    }
}

void tr_robot_free(tr_run *tr) {
    for (int i = 0; i < tr->nrobots && tr->robots; i++) {
        free(tr->robots[i].q);
        tr_maint_robot_free(&tr->robots[i]);
    }
    free(tr->robots);
}

void tr_robot_warmup(tr_run *tr, double now) {
    for (int i = 0; i < tr->nrobots; i++) {
        tr_robot *b = &tr->robots[i];
        sim_ledger_restart(&b->led, now);
        b->tasks = b->failures = 0;
        sim_tally_reset(&b->wait);
        if (b->mt) tr_maint_robot_warmup(b);
    }
}

double tr_robot_result(const tr_run *tr, double now, mdl_rep_result *out) {
    double total_e = 0.0;
    for (int i = 0; i < tr->nrobots; i++) {
        const tr_robot *b = &tr->robots[i];
        double acc[MDL_ROBOT_STATE_COUNT] = {0}, tot = 0.0, e = 0.0;
        sim_ledger_sum(&b->led, now, acc, MDL_ROBOT_STATE_COUNT);
        for (int k = 0; k < MDL_ROBOT_STATE_COUNT; k++) {
            tot += acc[k];
            e += acc[k] * b->spec->power[k] / 3600.0;
        }
        total_e += e;
        if (!out->robot || i >= out->nrobots) continue;
        double *o = &out->robot[i * MDL_RKPI_COUNT];
        /* the shares are of the shift hours, as stations' (off_shift: of all) */
        double on = tot - acc[MDL_ROBOT_OFF];
        double t = on > 0.0 ? on : NAN;
        o[MDL_RKPI_BUSY] = acc[MDL_ROBOT_BUSY] / t;
        o[MDL_RKPI_MOVING] = acc[MDL_ROBOT_MOVING] / t;
        o[MDL_RKPI_IDLE] = acc[MDL_ROBOT_IDLE] / t;
        o[MDL_RKPI_DOWN] = acc[MDL_ROBOT_DOWN] / t;
        o[MDL_RKPI_UTILIZATION] = (acc[MDL_ROBOT_BUSY] + acc[MDL_ROBOT_MOVING]) / t;
        o[MDL_RKPI_TASKS] = (double)b->tasks;
        o[MDL_RKPI_WAIT_S] = sim_tally_mean(&b->wait);
        o[MDL_RKPI_ENERGY_KWH] = e;
        o[MDL_RKPI_FAILURES] = (double)b->failures;
        for (int k = MDL_RKPI_MAINT; k < MDL_RKPI_COUNT; k++) o[k] = 0.0;
        o[MDL_RKPI_MAINT] = acc[MDL_ROBOT_MAINT] / t;
        o[MDL_RKPI_OFF_SHIFT] = tot > 0.0 ? acc[MDL_ROBOT_OFF] / tot : NAN;
        if (b->mt) tr_maint_robot_result(b, acc, o); /* maintenance hook */
    }
    return total_e;
}
