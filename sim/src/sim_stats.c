/*
 * sim_stats.c - tallies, time averages, log histograms, batch means, Student t.
 */
#include "sim_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sim_tally_reset(sim_tally *t) {
    t->n = 0;
    t->mean = 0.0;
    t->m2 = 0.0;
    t->min = INFINITY;
    t->max = -INFINITY;
}

void sim_tally_add(sim_tally *t, double x) {
    t->n++;
    double d = x - t->mean;
    t->mean += d / (double)t->n;
    t->m2 += d * (x - t->mean);
    if (x < t->min) t->min = x;
    if (x > t->max) t->max = x;
}

double sim_tally_mean(const sim_tally *t) { return t->n ? t->mean : NAN; }

double sim_tally_var(const sim_tally *t) {
    return t->n > 1 ? t->m2 / (double)(t->n - 1) : NAN;
}

double sim_tally_sd(const sim_tally *t) { return sqrt(sim_tally_var(t)); }

double sim_tally_ci95(const sim_tally *t) {
    return t->n > 1 ? sim_ci95_halfwidth(sim_tally_sd(t), t->n) : NAN;
}

void sim_tally_merge(sim_tally *a, const sim_tally *b) {
    if (!b->n) return;
    if (!a->n) {
        *a = *b;
        return;
    }
    double na = (double)a->n, nb = (double)b->n, n = na + nb;
    double d = b->mean - a->mean;
    a->mean += d * nb / n;
    a->m2 += b->m2 + d * d * na * nb / n;
    a->n += b->n;
    if (b->min < a->min) a->min = b->min;
    if (b->max > a->max) a->max = b->max;
}

double sim_timeavg_area(const sim_timeavg *a, double t) {
    return a->area + (t > a->last ? a->value * (t - a->last) : 0.0);
}

double sim_timeavg_mean(const sim_timeavg *a, double t) {
    double span = t - a->start;
    return span > 0.0 ? sim_timeavg_area(a, t) / span : a->value;
}

void sim_loghist_reset(sim_loghist *h) { memset(h->counts, 0, sizeof h->counts); }

double sim_loghist_quantile(const sim_loghist *h, double q, double min, double max) {
    uint64_t n = 0;
    for (int b = 0; b < SIM_LOGHIST_BINS; b++) n += h->counts[b];
    if (!n) return NAN;
    double target = q * (double)n, cum = 0.0;
    for (int b = 0; b < SIM_LOGHIST_BINS; b++) {
        double c = (double)h->counts[b];
        if (c > 0 && cum + c >= target) {
            /* Bin b covers 2^e (1 + m/SUB) .. 2^e (1 + (m+1)/SUB); interpolate. */
            double f = (target - cum) / c;
            int e = b / SIM_LOGHIST_SUB + SIM_LOGHIST_EMIN, m = b % SIM_LOGHIST_SUB;
            double x = ldexp(1.0 + ((double)m + f) / SIM_LOGHIST_SUB, e);
            if (x < min) x = min;
            if (x > max) x = max;
            return x;
        }
        cum += c;
    }
    return max;
}

void sim_batchmeans_init(sim_batchmeans *b, uint64_t batch_size) {
    memset(b, 0, sizeof *b);
    b->batch_size = batch_size ? batch_size : 1;
}

void sim_batchmeans_add(sim_batchmeans *b, double x) {
    b->cur_sum += x;
    b->cur_n++;
    b->total++;
    if (b->cur_n < b->batch_size) return;
    if (b->nbatches == SIM_BATCH_MAX) {
        /* Merge neighbours: the batch size doubles, the count halves. */
        for (size_t i = 0; i < SIM_BATCH_MAX / 2; i++)
            b->means[i] = 0.5 * (b->means[2 * i] + b->means[2 * i + 1]);
        b->nbatches = SIM_BATCH_MAX / 2;
        b->batch_size *= 2;
        /* The batch just filled has the old size: it becomes half of a new
         * batch, so keep accumulating. */
        if (b->cur_n < b->batch_size) return;
    }
    b->means[b->nbatches++] = b->cur_sum / (double)b->cur_n;
    b->cur_sum = 0.0;
    b->cur_n = 0;
}

double sim_batchmeans_mean(const sim_batchmeans *b) {
    if (!b->nbatches) return NAN;
    double s = 0.0;
    for (size_t i = 0; i < b->nbatches; i++) s += b->means[i];
    return s / (double)b->nbatches;
}

double sim_batchmeans_ci95(const sim_batchmeans *b) {
    sim_tally t;
    sim_tally_reset(&t);
    for (size_t i = 0; i < b->nbatches; i++) sim_tally_add(&t, b->means[i]);
    return sim_tally_ci95(&t);
}

/* Continued fraction for the incomplete beta function (modified Lentz). */
static double betacf(double a, double b, double x) {
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap;
    if (fabs(d) < tiny) d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 300; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-15) break;
    }
    return h;
}

double sim_betainc(double a, double b, double x) {
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    double bt = exp(lbt);
    if (x < (a + 1.0) / (a + b + 2.0)) return bt * betacf(a, b, x) / a;
    return 1.0 - bt * betacf(b, a, 1.0 - x) / b;
}

double sim_t_cdf(double t, double df) {
    double x = df / (df + t * t);
    double tail = 0.5 * sim_betainc(0.5 * df, 0.5, x);
    return t >= 0.0 ? 1.0 - tail : tail;
}

double sim_t_quantile(double p, double df) {
    if (!(p > 0.0 && p < 1.0) || !(df > 0.0)) return NAN;
    if (p == 0.5) return 0.0;
    if (p < 0.5) return -sim_t_quantile(1.0 - p, df);
    /* Bracket, then bisect: the CDF is monotone and cheap enough here. */
    double lo = 0.0, hi = 1.0;
    while (sim_t_cdf(hi, df) < p) {
        lo = hi;
        hi *= 2.0;
        if (hi > 1e300) return INFINITY;
    }
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (sim_t_cdf(mid, df) < p)
            lo = mid;
        else
            hi = mid;
        if (hi - lo <= 1e-13 * hi) break;
    }
    return 0.5 * (lo + hi);
}

double sim_ci95_halfwidth(double sd, uint64_t n) {
    if (n < 2) return NAN;
    return sim_t_quantile(0.975, (double)(n - 1)) * sd / sqrt((double)n);
}
