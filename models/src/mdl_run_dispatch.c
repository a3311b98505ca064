/*
 * mdl_run_dispatch.c - dispatching rules: which unit of a station's queue
 * its next free server takes.
 */
#include "mdl_run_internal.h"

/* The queue position to serve next under a rule other than FIFO, with at
 * least two waiting (pick_from_queue in mdl_run_internal.h). */
uint32_t mdl__pick_ruled(const station *s) {
    mdl_dispatch rule = s->spec->dispatch;
    const mdl_run *r = s->run;
    uint32_t best = 0;
    double best_key = INFINITY;
    for (uint32_t i = 0; i < s->queue.len; i++) {
        uint32_t v = ring_at(&s->queue, i);
        int product;
        double due;
        if (v & BATCH_BIT) {
            const mdl_order *o = &r->m->orders[v & ~BATCH_BIT];
            product = o->product;
            due = o->due;
        } else {
            product = r->units[v].product;
            due = r->units[v].due;
        }
        double key;
        if (rule == MDL_DISPATCH_EDD)
            key = due >= 0.0 ? due : INFINITY;
        else if (rule == MDL_DISPATCH_SPT)
            key = r->mean_tab[product * r->nst + s->index];
        else
            key = -(double)r->m->products[product].priority;
        if (key < best_key) { /* strict: FIFO among equals */
            best_key = key;
            best = i;
        }
    }
    return best;
}
