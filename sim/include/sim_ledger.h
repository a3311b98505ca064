/*
 * sim_ledger.h - time-in-state ledger: how long something spent in each of
 * a few states (a server busy, idle, down ...).
 *
 * The ledger knows its current state and since when; changing the state
 * charges the time spent in the previous one. SIM_LEDGER_NONE is a state
 * that charges nothing (an inactive server). The warm-up restart forgets the
 * time charged so far and keeps the current state.
 *
 * A plain value owned by the caller, no heap memory; every function is
 * inline (a server's state changes on nearly every event).
 * Dependencies: libc.
 */
#ifndef SIM_LEDGER_H
#define SIM_LEDGER_H

#include <string.h>

#define SIM_LEDGER_MAX 10    ///< states a ledger can hold: 0 .. SIM_LEDGER_MAX - 1
#define SIM_LEDGER_NONE (-1) ///< the state that charges nothing

typedef struct sim_ledger {
    int state;                   ///< current state, or SIM_LEDGER_NONE
    double since;                ///< when it entered the current state (or was last charged)
    double acc[SIM_LEDGER_MAX];  ///< time charged to each state
} sim_ledger;

/// Starts at time t in the given state, with nothing charged.
static inline void sim_ledger_init(sim_ledger *l, double t, int state) {
    memset(l->acc, 0, sizeof l->acc);
    l->state = state;
    l->since = t;
}

/// Charges the time since the last charge to the current state.
static inline void sim_ledger_charge(sim_ledger *l, double now) {
    if (l->state != SIM_LEDGER_NONE) l->acc[l->state] += now - l->since;
    l->since = now;
}

/// The state becomes `state` at time now (nothing happens when it is the same).
static inline void sim_ledger_set(sim_ledger *l, double now, int state) {
    if (state != l->state) {
        sim_ledger_charge(l, now);
        l->state = state;
    }
}

/// Warm-up deletion: forgets what was charged before now, keeps the state.
static inline void sim_ledger_restart(sim_ledger *l, double now) {
    sim_ledger_charge(l, now);
    memset(l->acc, 0, sizeof l->acc);
}

/// Adds the time in states [0, nstates) up to now into sum[] (what was
/// charged, then the open stretch in the current state): summing the ledgers
/// of several servers gives a station's time in each state.
static inline void sim_ledger_sum(const sim_ledger *l, double now, double *sum, int nstates) {
    for (int k = 0; k < nstates; k++) sum[k] += l->acc[k];
    if (l->state != SIM_LEDGER_NONE) sum[l->state] += now - l->since;
}

/// Time spent in state k up to now.
static inline double sim_ledger_time(const sim_ledger *l, double now, int k) {
    return l->acc[k] + (l->state == k ? now - l->since : 0.0);
}

#endif
