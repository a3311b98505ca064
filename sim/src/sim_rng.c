/*
 * sim_rng.c - stream seeding for xoshiro256++.
 */
#include "sim_rng.h"

#include <stddef.h>

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCDull;
    z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53ull;
    return z ^ (z >> 33);
}

void sim_rng_seed(sim_rng *r, uint64_t master, uint64_t stream_id) {
    /* Mix the two keys asymmetrically so that (a, b) and (b, a) differ,
     * then expand with splitmix64, which never yields an all-zero state
     * from four consecutive outputs. */
    uint64_t x = mix64(master ^ 0x6A09E667F3BCC908ull) ^
                 mix64(stream_id + 0xBB67AE8584CAA73Bull) * 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3])) r->s[0] = 1;
}

uint64_t sim_rng_stream_id(const char *name, uint64_t index) {
    uint64_t h = 0xCBF29CE484222325ull;
    for (const unsigned char *p = (const unsigned char *)name; p && *p; p++) {
        h ^= *p;
        h *= 0x100000001B3ull;
    }
    return mix64(h ^ mix64(index + 0x3C6EF372FE94F82Bull));
}

uint64_t sim_rng_below(sim_rng *r, uint64_t n) {
    /* Lemire's nearly divisionless method would need 128-bit products;
     * rejection on the top of the range is simple and exact. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
        x = sim_rng_next(r);
    } while (x >= limit);
    return x % n;
}
