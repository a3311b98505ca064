/*
 * exp_stats.c - MSER, the sequential precision rule, KN.
 */
#include "exp_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_block.h"

size_t exp_mser(const double *y, size_t n, size_t batch, double *stat) {
    if (batch < 1) batch = 1;
    size_t nb = n / batch;
    if (stat) *stat = NAN;
    if (nb < 2) return 0;
    double *z = malloc(nb * sizeof *z);
    if (!z) return 0;
    for (size_t j = 0; j < nb; j++) {
        double s = 0;
        for (size_t i = 0; i < batch; i++) s += y[j * batch + i];
        z[j] = s / (double)batch;
    }
    /* Suffix sums, from the end, so that every truncation point costs O(1). */
    double best = INFINITY;
    size_t best_d = 0;
    double sum = 0, sum2 = 0;
    double *mser = malloc(nb * sizeof *mser);
    if (!mser) {
        free(z);
        return 0;
    }
    for (size_t j = nb; j-- > 0;) {
        sum += z[j];
        sum2 += z[j] * z[j];
        double m = (double)(nb - j);
        double ss = sum2 - sum * sum / m;
        if (ss < 0) ss = 0;
        mser[j] = ss / (m * m);
    }
    for (size_t d = 0; d <= nb / 2; d++)
        if (mser[d] < best) {
            best = mser[d];
            best_d = d;
        }
    free(mser);
    free(z);
    if (stat) *stat = best;
    return best_d * batch;
}

bool exp_precision_met(double mean, double ci95, double gamma) {
    if (!isfinite(ci95)) return false;
    if (ci95 == 0.0) return true;
    return ci95 <= gamma / (1.0 + gamma) * fabs(mean);
}

int exp_precision_next(int n, double mean, double ci95, double gamma, int max_n) {
    double target = gamma / (1.0 + gamma) * fabs(mean);
    double want = target > 0 && isfinite(ci95) ? (double)n * (ci95 / target) * (ci95 / target) : 2.0 * n;
    int next = want > (double)max_n ? max_n : (int)ceil(want);
    if (next <= n) next = n + 1;
    return next > max_n ? max_n : next;
}

/* The per-system arrays live and die together: one block (sim_block.h),
 * sum first, so that freeing it frees them all. */
static void kn_layout(exp_kn *kn, sim_block *b) {
    size_t k = (size_t)kn->k;
    SIM_BLOCK_PART(b, kn->sum, k);
    SIM_BLOCK_PART(b, kn->s2, k * k);
    SIM_BLOCK_PART(b, kn->alive, k);
    SIM_BLOCK_PART(b, kn->out_at, k);
}

bool exp_kn_init(exp_kn *kn, int k, int n0, double alpha, double delta, bool maximize, const bool *feasible) {
    memset(kn, 0, sizeof *kn);
    if (k < 2 || n0 < 2 || !(alpha > 0 && alpha < 1) || !(delta > 0)) return false;
    kn->k = k;
    kn->n0 = n0;
    kn->alpha = alpha;
    kn->delta = delta;
    kn->maximize = maximize;
    /* eta = 1/2 [(2 alpha / (k - 1))^(-2 / (n0 - 1)) - 1], h^2 = 2 eta (n0 - 1) */
    double eta = 0.5 * (pow(2.0 * alpha / (k - 1), -2.0 / (n0 - 1)) - 1.0);
    kn->h2 = 2.0 * eta * (n0 - 1);
    sim_block b = {NULL, 0};
    kn_layout(kn, &b);
    if (!(b.base = calloc(1, b.size))) return false;
    b.size = 0;
    kn_layout(kn, &b);
    for (int i = 0; i < k; i++) {
        kn->alive[i] = !feasible || feasible[i];
        if (kn->alive[i]) kn->nalive++;
    }
    return true;
}

void exp_kn_fini(exp_kn *kn) {
    free(kn->sum); /* the block (kn_layout) */
    memset(kn, 0, sizeof *kn);
}

void exp_kn_first_stage(exp_kn *kn, exp_kn_value_fn *get, void *ctx) {
    int k = kn->k, n0 = kn->n0;
    double smax = 0;
    for (int i = 0; i < k; i++) {
        if (!kn->alive[i]) continue;
        for (int l = i + 1; l < k; l++) {
            if (!kn->alive[l]) continue;
            double mean = 0;
            for (int r = 0; r < n0; r++) mean += get(ctx, i, r) - get(ctx, l, r);
            mean /= n0;
            double ss = 0;
            for (int r = 0; r < n0; r++) {
                double dv = get(ctx, i, r) - get(ctx, l, r) - mean;
                ss += dv * dv;
            }
            double s2 = ss / (n0 - 1);
            kn->s2[i * k + l] = kn->s2[l * k + i] = s2;
            if (s2 > smax) smax = s2;
        }
    }
    kn->nmax = (int)floor(kn->h2 * smax / (kn->delta * kn->delta)) + 1;
    if (kn->nmax < n0) kn->nmax = n0;
    kn->r = 0;
    /* The first stage's values enter the sums; elimination starts at n0. */
    for (int i = 0; i < k; i++) {
        kn->sum[i] = 0;
        if (kn->alive[i])
            for (int r = 0; r < n0; r++) kn->sum[i] += get(ctx, i, r);
    }
    kn->r = n0;
}

/* One screening at r replications. */
static void screen(exp_kn *kn) {
    int k = kn->k;
    double r = kn->r, d = kn->delta;
    bool *drop = calloc((size_t)k, sizeof *drop);
    if (!drop) return;   /* screening resumes at the next replication */
    for (int i = 0; i < k; i++) {
        if (!kn->alive[i]) continue;
        double xi = kn->sum[i] / r;
        for (int l = 0; l < k && !drop[i]; l++) {
            if (l == i || !kn->alive[l]) continue;
            double xl = kn->sum[l] / r;
            double w = d / (2.0 * r) * (kn->h2 * kn->s2[i * k + l] / (d * d) - r);
            if (w < 0) w = 0;
            if (kn->maximize ? xi < xl - w : xi > xl + w) drop[i] = true;
        }
    }
    for (int i = 0; i < k; i++)
        if (drop[i] && kn->nalive > 1) {
            kn->alive[i] = false;
            kn->out_at[i] = kn->r;
            kn->nalive--;
        }
    free(drop);
}

bool exp_kn_advance(exp_kn *kn, exp_kn_value_fn *get, void *ctx, int upto) {
    if (kn->r == kn->n0 && kn->nalive > 1) screen(kn);   /* once after the first stage */
    while (kn->nalive > 1 && kn->r < kn->nmax && kn->r < upto) {
        for (int i = 0; i < kn->k; i++)
            if (kn->alive[i]) kn->sum[i] += get(ctx, i, kn->r);
        kn->r++;
        screen(kn);
    }
    return kn->nalive <= 1 || kn->r >= kn->nmax;
}

int exp_kn_selected(const exp_kn *kn) {
    int best = -1;
    for (int i = 0; i < kn->k; i++) {
        if (!kn->alive[i]) continue;
        if (best < 0) {
            best = i;
            continue;
        }
        double a = kn->sum[i], b = kn->sum[best];
        if (kn->maximize ? a > b : a < b) best = i;
    }
    return best;
}
