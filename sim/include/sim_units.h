/*
 * sim_units.h - units of simulated time, in seconds (the kernel's clock).
 *
 * Whole numbers of seconds written as doubles: `t / SIM_HOUR` is the same
 * double as `t / 3600.0`. For clock arithmetic on whole seconds (a `long`)
 * cast: `sec / (long)SIM_HOUR`.
 * Dependencies: none.
 */
#ifndef SIM_UNITS_H
#define SIM_UNITS_H

#define SIM_MINUTE 60.0     ///< s in a minute
#define SIM_HOUR 3600.0     ///< s in an hour
#define SIM_DAY 86400.0     ///< s in a day
#define SIM_WEEK 604800.0   ///< s in a week (7 days)

#endif
