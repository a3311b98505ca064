/*
 * sim_rng.h - random number streams.
 *
 * One stream per purpose and entity (a station's cycle times, its failures,
 * an arrival source...). A stream is a xoshiro256++ generator whose 256-bit
 * state is derived with splitmix64 from (master seed, stable stream id), so
 * that adding or changing one entity never shifts the numbers another entity
 * draws (common random numbers across scenarios). Streams are not jumped:
 * with a period of 2^256 - 1 and states drawn from a 64-bit mix of two
 * 64-bit keys, the chance that two of even millions of streams overlap
 * within 2^64 draws is negligible.
 *
 * sim_rng is a plain value owned by the caller; no allocation, no globals.
 * Dependencies: libc only.
 */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdint.h>

/// A random stream: plain value, caller-owned.
typedef struct sim_rng {
    uint64_t s[4];
} sim_rng;

/// Seeds the stream for (master seed, stream id).
void sim_rng_seed(sim_rng *r, uint64_t master, uint64_t stream_id);

/// A stable 64-bit stream id from a name and an index (FNV-1a, then mixed):
/// the same name and index give the same id on every run and machine.
uint64_t sim_rng_stream_id(const char *name, uint64_t index);

static inline uint64_t sim__rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

/// Next 64 random bits.
static inline uint64_t sim_rng_next(sim_rng *r) {
    uint64_t *s = r->s;
    uint64_t result = sim__rotl(s[0] + s[3], 23) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = sim__rotl(s[3], 45);
    return result;
}

/// Uniform double in [0, 1) with 53 random bits.
static inline double sim_rng_u01(sim_rng *r) {
    return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

/// Uniform double in (0, 1]: safe to take the logarithm of.
static inline double sim_rng_u01_pos(sim_rng *r) {
    return (double)((sim_rng_next(r) >> 11) + 1) * 0x1.0p-53;
}

/// Uniform integer in [0, n) without modulo bias (n > 0).
uint64_t sim_rng_below(sim_rng *r, uint64_t n);

#endif
