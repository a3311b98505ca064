/*
 * bench_render_plant.c - bench_render at the plant of issue 21: 2,000
 * stations (100 lines of 20) and 400 AGVs in 4 fleets; the same cases and
 * output as bench_render (issue 21's target: the view built in under 2 s,
 * >= 30 fps at 3600x).
 * Usage: bench_render_plant [FRAMES [PNG]]
 */
#define LINES 100
#define AGVS 400
#include "bench_render.c"
