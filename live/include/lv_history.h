/*
 * lv_history.h - the recent history of one run: the samples behind the
 * viewer's live charts and Gantt strip.
 *
 * One sample every LV_SAMPLE_S of simulated time, at the instants
 * k * LV_SAMPLE_S; the arrays hold the last LV_HISTORY_SPAN_S at least.
 * Arrays are linear (index 0 = oldest held) with room for twice the span;
 * when full, the older half is dropped with one memmove, so readers see
 * contiguous arrays and recording stays O(1) amortised. A session
 * (lv_session.h) owns one per pane and records it as its clock passes the
 * sampling instants; readers get it read-only (lv_session_history).
 * Recording reads the run and changes nothing in it.
 */
#ifndef LV_HISTORY_H
#define LV_HISTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "mdl_run.h"
#include "sim_units.h"

/// Simulated seconds between two history samples (charts, Gantt strip).
#define LV_SAMPLE_S 30.0
/// Simulated time the history holds at least.
#define LV_HISTORY_SPAN_S (8.0 * SIM_HOUR)

/// The samples of one run; caller-owned storage (lv_history_init/_fini).
typedef struct lv_history {
    int nst;        ///< stations
    int cap;        ///< samples the arrays hold
    int count;      ///< samples held
    long next_k;    ///< index of the next sample: its time is next_k * LV_SAMPLE_S
    double *t;      ///< sample times
    double *exits;  ///< good units out since time 0, cumulative
    float *tput;    ///< throughput over the last hour, units/h
    float *wip;     ///< units in the line
    float *power;   ///< line power draw, kW
    uint8_t *state; ///< count x nst station display states (lv_station_state)
} lv_history;

/// Allocates the arrays for nst stations; false when out of memory (then
/// nothing is held and lv_history_fini is still safe).
bool lv_history_init(lv_history *h, int nst);
/// Frees the arrays.
void lv_history_fini(lv_history *h);
/// Forgets every sample; the next one is at time 0.
void lv_history_clear(lv_history *h);
/// Records the state of run at its current time (a sampling instant);
/// exits = good units out since time 0.
void lv_history_record(lv_history *h, const mdl_run *run, double exits);

/// The display state of a station: the state most of its servers are in,
/// ties going to the more urgent state (down, blocked, setup, busy ...).
mdl_state lv_station_state(const mdl_run *run, int station);

#endif
