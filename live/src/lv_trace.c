/*
 * lv_trace.c - the units of a live run and their records (lv_trace.h).
 */
#include "lv_trace.h"
#include "mdl_model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

typedef struct unit_slot {
    lv_unit_info info;
    uint32_t first, last; /* the unit's record chain (NONE: empty) */
} unit_slot;

struct lv_trace {
    lv_trace_rec *rec;
    uint32_t nrec, caprec;
    unit_slot *unit;   /* unit number n at unit[n - 1] */
    uint64_t nunit, capunit;
    uint32_t limit;
    bool incomplete;
};

lv_trace *lv_trace_new(void) {
    lv_trace *t = calloc(1, sizeof(lv_trace));
    if (t)
        t->limit = LV_TRACE_MAX_RECORDS;
    return t;
}

void lv_trace_set_limit(lv_trace *t, uint32_t records) {
    t->limit = records < 16 ? 16 : records;
}

void lv_trace_free(lv_trace *t) {
    if (!t)
        return;
    free(t->rec);
    free(t->unit);
    free(t);
}

void lv_trace_clear(lv_trace *t) {
    t->nrec = 0;
    t->nunit = 0;
    t->incomplete = false;
}

bool lv_trace_incomplete(const lv_trace *t) {
    return t->incomplete;
}

uint64_t lv_trace_units(const lv_trace *t) {
    return t->nunit;
}

size_t lv_trace_record_count(const lv_trace *t) {
    return t->nrec;
}

static unit_slot *slot_of(const lv_trace *t, uint64_t number) {
    return number >= 1 && number <= t->nunit && t->unit[number - 1].info.number ? &t->unit[number - 1] : NULL;
}

/* The slot of unit `number`, made (with the ones before it) when new. */
static unit_slot *slot_make(lv_trace *t, uint64_t number) {
    if (number > t->capunit) {
        uint64_t cap = t->capunit ? t->capunit : 256;
        while (cap < number)
            cap *= 2;
        unit_slot *u = realloc(t->unit, (size_t)cap * sizeof *u);
        if (!u)
            return NULL;
        t->unit = u;
        t->capunit = cap;
    }
    for (; t->nunit < number; t->nunit++) {
        unit_slot *u = &t->unit[t->nunit];
        memset(u, 0, sizeof *u);
        u->first = u->last = NONE;
        u->info.station = -1;
        u->info.order = -1;
        u->info.product = -1;
    }
    return &t->unit[number - 1];
}

/* Drops the records of the units that have left the line, keeping every
 * unit's summary; chains stay in time order. */
static void compact(lv_trace *t) {
    uint32_t w = 0;
    lv_trace_rec *r = t->rec;
    /* Records of live units move down in index order, so a chain's order
     * (index order within one unit) is kept; first mark each record by
     * whether its unit stays. A record's unit is not stored: walk chains. */
    uint8_t *keep = calloc(t->nrec ? t->nrec : 1, 1);
    if (!keep)
        return;
    for (uint64_t n = 0; n < t->nunit; n++) {
        unit_slot *u = &t->unit[n];
        if (u->info.fate == LV_UNIT_IN_LINE) {
            for (uint32_t i = u->first; i != NONE; i = r[i].next)
                keep[i] = 1;
        } else if (u->first != NONE) {
            u->first = u->last = NONE;
            u->info.dropped = true;
        }
    }
    uint32_t *moved = (uint32_t *)malloc((size_t)t->nrec * sizeof *moved);
    if (!moved) {
        free(keep);
        return;
    }
    for (uint32_t i = 0; i < t->nrec; i++) {
        moved[i] = keep[i] ? w : NONE;
        if (keep[i])
            r[w++] = r[i];
    }
    for (uint32_t i = 0; i < w; i++)
        if (r[i].next != NONE)
            r[i].next = moved[r[i].next];
    for (uint64_t n = 0; n < t->nunit; n++) {
        unit_slot *u = &t->unit[n];
        if (u->first != NONE) {
            u->first = moved[u->first];
            u->last = moved[u->last];
        }
    }
    t->nrec = w;
    free(moved);
    free(keep);
}

static bool room_for_one(lv_trace *t) {
    if (t->nrec >= t->limit)
        compact(t);
    if (t->nrec >= t->limit)
        return false;
    if (t->nrec == t->caprec) {
        uint32_t cap = t->caprec ? t->caprec * 2 : 4096;
        if (cap > t->limit)
            cap = t->limit;
        lv_trace_rec *r = realloc(t->rec, (size_t)cap * sizeof *r);
        if (!r)
            return false;
        t->rec = r;
        t->caprec = cap;
    }
    return true;
}

/* What a record says about the unit's summary. */
static void note(lv_unit_info *u, const mdl_record *rec) {
    switch (rec->kind) {
    case MDL_LOG_QUEUE:
    case MDL_LOG_START:
    case MDL_LOG_RELEASE:
        if (rec->station >= 0)
            u->station = rec->station;
        break;
    case MDL_LOG_EXIT:
        u->fate = LV_UNIT_SHIPPED;
        u->ended = rec->time;
        u->defective = u->defective || rec->detail != 0;
        break;
    case MDL_LOG_SCRAP:
        u->fate = LV_UNIT_SCRAPPED;
        u->ended = rec->time;
        break;
    case MDL_LOG_INSPECT:
        u->defective = rec->detail != 0;
        break;
    case MDL_LOG_REWORK:
        u->rework_passes++;
        break;
    case MDL_LOG_ASSEMBLE:
        u->components++;
        if (rec->station >= 0)
            u->station = rec->station;
        break;
    default:
        break;
    }
}

/* The component of an "assembled" record has joined the assembly. */
static void note_part(lv_trace *t, const mdl_record *rec) {
    unit_slot *c = slot_make(t, rec->part);
    if (!c)
        return;
    if (!c->info.number) {
        c->info.number = rec->part;
        c->info.product = rec->part_product;
        c->info.created = rec->time;
    }
    c->info.fate = LV_UNIT_JOINED;
    c->info.ended = rec->time;
    c->info.parent = rec->unit;
    c->info.station = rec->station;
}

static int32_t clamp_i32(long v) {
    return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

bool lv_trace_add(lv_trace *t, const mdl_record *rec) {
    if (!rec->unit)
        return true;
    unit_slot *u = slot_make(t, rec->unit);
    if (!u) {
        t->incomplete = true;
        return false;
    }
    if (!u->info.number) {
        u->info.number = rec->unit;
        u->info.product = rec->product;
        u->info.order = rec->order;
        u->info.created = rec->time;
    }
    /* The summary follows every record, held or not. */
    note(&u->info, rec);
    if (rec->kind == MDL_LOG_ASSEMBLE && rec->part)
        note_part(t, rec);
    u = &t->unit[rec->unit - 1]; /* note_part may have moved the table */
    if (!room_for_one(t)) {
        t->incomplete = true;
        return false;
    }
    if (u->info.dropped) /* compacted just now: it has left the line */
        return true;
    lv_trace_rec *r = &t->rec[t->nrec];
    *r = (lv_trace_rec){.time = rec->time, .next = NONE, .station = rec->station, .server = rec->server,
                        .from = rec->from, .to = rec->to, .resource = rec->resource,
                        .detail = clamp_i32(rec->detail), .kind = (uint8_t)rec->kind,
                        .resource_kind = (uint8_t)rec->resource_kind, .part = rec->part};
    if (u->last != NONE)
        t->rec[u->last].next = t->nrec;
    else
        u->first = t->nrec;
    u->last = t->nrec++;
    return true;
}

bool lv_trace_unit(const lv_trace *t, uint64_t number, lv_unit_info *out) {
    const unit_slot *u = slot_of(t, number);
    if (!u)
        return false;
    *out = u->info;
    return true;
}

uint32_t lv_trace_first(const lv_trace *t, uint64_t number) {
    const unit_slot *u = slot_of(t, number);
    return u ? u->first : NONE;
}

const lv_trace_rec *lv_trace_record(const lv_trace *t, uint32_t index) {
    return index < t->nrec ? &t->rec[index] : NULL;
}

static lv_visit visit_at(int station, double t) {
    lv_visit v = {station, -1, t, -1.0, -1.0, -1, 0};
    return v;
}

/* Visit k goes to out[k - skip] when it is in [skip, skip + max). */
static void put_visit(lv_visit *out, int skip, int max, int k, const lv_visit *v) {
    if (k >= skip && k - skip < max)
        out[k - skip] = *v;
}

int lv_trace_visits(const lv_trace *t, uint64_t number, int skip, lv_visit *out, int max) {
    int n = 0, pass = 0;
    lv_visit cur = visit_at(-1, 0.0);
    bool open = false;
    for (uint32_t i = lv_trace_first(t, number); i != NONE; i = t->rec[i].next) {
        const lv_trace_rec *r = &t->rec[i];
        switch ((mdl_log_kind)r->kind) {
        case MDL_LOG_QUEUE:
        case MDL_LOG_START:
            if (!open || cur.station != r->station || cur.ended >= 0.0) {
                if (open)
                    put_visit(out, skip, max, n++, &cur);
                cur = visit_at(r->station, r->time);
                cur.rework_pass = pass;
                pass = 0;
                open = true;
            }
            if (r->kind == MDL_LOG_START) {
                cur.started = r->time;
                cur.server = r->server;
            }
            break;
        case MDL_LOG_FINISH:
            if (open && cur.station == r->station)
                cur.ended = r->time;
            break;
        case MDL_LOG_INSPECT:
            if (open && cur.station == r->station)
                cur.inspected = r->detail != 0;
            break;
        case MDL_LOG_REWORK:
            pass = r->detail > 0 ? r->detail : 1;
            break;
        default:
            break;
        }
    }
    if (open)
        put_visit(out, skip, max, n++, &cur);
    return n;
}

uint64_t lv_trace_find(const lv_trace *t, const mdl_model *m, const char *text) {
    if (!text)
        return 0;
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '#')
        text++;
    size_t len = strlen(text);
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    size_t digits = 0;
    while (digits < len && isdigit((unsigned char)text[len - 1 - digits]))
        digits++;
    if (!digits || digits > 19)
        return 0;
    uint64_t number = strtoull(text + len - digits, NULL, 10);
    const unit_slot *u = slot_of(t, number);
    if (!u)
        return 0;
    size_t prefix = len - digits;
    if (prefix == 0)
        return number;
    /* "product-17": the product id must be the unit's. */
    if (text[prefix - 1] != '-')
        return 0;
    const char *id = mdl_model_product_id(m, u->info.product);
    if (!id || strlen(id) != prefix - 1 || strncmp(id, text, prefix - 1) != 0)
        return 0;
    return number;
}
