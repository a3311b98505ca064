/*
 * mdl_conveyor_net_internal.h - merges and diverters between belts
 * (internal): the model's part (mdl_conveyor_net_model.c), the run's part
 * (mdl_conveyor_net.c), and what they need from the belts (mdl_conveyor.c).
 */
#ifndef MDL_CONVEYOR_NET_INTERNAL_H
#define MDL_CONVEYOR_NET_INTERNAL_H

#include "mdl_conveyor_net.h"
#include "mdl_transport_internal.h"

/* The model's junctions. end_of[c] / fed_by[c] per conveyor (nends of
 * them; conveyors added later have none): 0 none, j + 1 merge j, -(d + 1)
 * diverter d. */
struct tr_netmodel {
    mdl_merge_spec *merges;
    int nmerges, cap_merges;
    mdl_diverter_spec *divs;
    int ndivs, cap_divs;
    int *end_of, *fed_by;
    int nends;
    mdl_idmap merge_ids, div_ids;
};

void tr_net_model_free(struct tr_model *tm);
bool tr_net_model_validate(mdl_model *m);
int tr_net_product_output(const mdl_diverter_spec *d, int product);
void tr_net_destination_outputs(const mdl_diverter_spec *d, int to, int *match, int *through);

/* The run's junctions (mdl_conveyor_net.c); tr->net is NULL without any. */
bool tr_net_init(tr_run *tr);
void tr_net_free(tr_run *tr);
/* The front unit of belt c reached its end: true when a junction takes
 * it in charge (it leaves, or waits there with the belt stopped). */
bool tr_net_at_end(tr_run *tr, int c);
/* Does a unit of a junction wait for belt c's entry? Then stations that
 * put units on c directly wait behind it, and a decision is scheduled for
 * when the entry is free. */
bool tr_net_entry_claimed(tr_run *tr, int c);

/* mdl_conveyor_loop.c: the layout check's warning about belt loops that
 * can be filled to a lock (mdl_layout.c calls it). */
void tr_net_loop_check(const mdl_model *m, tr_layout_report_fn *fn, void *c);
/* The most units the line can hold at once, or -1: no bound (mdl_conveyor_loop.c). */
long tr_line_wip_bound(const mdl_model *m);
/* mdl_layout_loops.c: room for the vehicles on the network, loops of stations */
void tr_layout_room(const mdl_model *m, const struct tr_model *tm, tr_layout_report_fn *fn, void *c);
void tr_layout_station_loops(const mdl_model *m, tr_layout_report_fn *fn, void *c);

/* What the junctions need from the belts (mdl_conveyor.c). */
/* The places of a belt: ceil(length / spacing), at least 1. */
int tr_conv_capacity(const mdl_conveyor_spec *sp);
bool tr_conv_entry_free(const tr_run *tr, int c);
/* The front waits at the end (an accumulating belt runs on; the others stop). */
void tr_conv_stop_front(tr_run *tr, int c);
/* The front of belt `from` goes onto belt `to`'s entry (free). */
void tr_conv_transfer(tr_run *tr, int from, int to);

#endif
