/*
 * scn_build_calendar.c - shifts and calendars of a scene: `shifts = { calendars = ( ... );
 * line = "..."; }`, checked and added to the model.
 * Part of the scene builder (scn_build_internal.h).
 */
#include "scn_build_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- shifts ---------------------------------------------------------------- */

typedef struct span {
    double from, to;    /* seconds into the week; to may pass the week's end */
    const char *name;
    size_t shift;         /* a break: the shift (index into the shifts) it lies in */
    const scn_node *line; /* a break: its entry, for messages */
} span;

static bool node_days(bctx *b, const scn_node *n, const char *subject, const char *key, unsigned *mask) {
    char err[300], got[80];
    *mask = 0;
    if (n->kind == SCN_STRING) {
        if (!scn_parse_weekdays(n->s, mask, err, sizeof err)) {
            problem(b, n, subject, "%s: %s", key, err);
            return false;
        }
        return true;
    }
    if (n->kind != SCN_ARRAY && n->kind != SCN_LIST) {
        problem(b, n, subject, "%s: expected weekdays like [\"mon-fri\"] or [\"mon\", \"wed\"], got %s", key,
                show(n, got, sizeof got));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->nkids; i++) {
        const scn_node *k = n->kids[i];
        unsigned m;
        if (k->kind != SCN_STRING) {
            problem(b, k, subject, "%s: expected weekday names like \"mon\", got %s", key, show(k, got, sizeof got));
            ok = false;
        } else if (!scn_parse_weekdays(k->s, &m, err, sizeof err)) {
            problem(b, k, subject, "%s: %s", key, err);
            ok = false;
        } else {
            *mask |= m;
        }
    }
    if (ok && *mask == 0) {
        problem(b, n, subject, "%s: names no day", key);
        ok = false;
    }
    return ok;
}

static bool node_clock(bctx *b, const scn_node *g, const char *key, const char *subject, double *out) {
    const scn_node *n = member(g, key);
    char err[300], got[80];
    if (!n) {
        problem(b, g, subject, "missing '%s' (a time of day like \"06:00\")", key);
        return false;
    }
    if (n->kind != SCN_STRING) {
        problem(b, n, subject, "%s: expected a time of day like \"06:00\", got %s", key, show(n, got, sizeof got));
        return false;
    }
    if (!scn_parse_clock(n->s, out, err, sizeof err)) {
        problem(b, n, subject, "%s: %s", key, err);
        return false;
    }
    return true;
}

static const char *day_abbrev(int d) {
    static const char *const names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    return names[((d % 7) + 7) % 7];
}

/* A shift whose breaks take all of it never works: surely a mistake (a
 * shift's `days` leave a day out), so it is refused at the break that
 * completes the cover, once per break entry. The breaks are already clipped
 * to their shift. */
static bool breaks_cover_a_shift(bctx *b, const char *subj, const span *shifts, size_t nshifts, const span *breaks,
                                 size_t nbreaks) {
    bool ok = true;
    const scn_node *said = NULL;
    for (size_t s = 0; s < nshifts; s++) {
        /* The union of the shift's breaks, swept from its start. */
        double reach = shifts[s].from;
        const span *last = NULL;
        bool grew = true;
        while (grew && reach < shifts[s].to) {
            grew = false;
            for (size_t k = 0; k < nbreaks; k++) {
                const span *x = &breaks[k];
                if (x->shift != s || x->from > reach || x->to <= reach) continue;
                reach = x->to;
                last = x;
                grew = true;
            }
        }
        if (reach < shifts[s].to || !last || last->line == said) continue;
        said = last->line;
        const scn_node *fn = member(last->line, "from");
        problem(b, fn ? fn : last->line, subj,
                "breaks take all of shift '%s' on %s: the calendar would never work in it; "
                "leave the day out of the shift's days instead", shifts[s].name,
                day_abbrev((int)floor(shifts[s].from / SIM_DAY)));
        ok = false;
    }
    return ok;
}

/* One entry of a calendar's `shifts` (number i): its spans of the week,
 * one per day it starts on, appended to shifts. False when refused. */
static bool calendar_shift(bctx *b, const scn_node *s, size_t i, const char *subj, unsigned days, span *shifts,
                           size_t *nshifts) {
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__shift_entry_keys, s, subj) > 0) b->failed = true;
    const char *name = NULL;
    if (!scn__key_string(&r, "name", &name)) name = scn__printf(b->a, "shift %zu", i + 1);
    if (r.failed) b->failed = true;
    double from = 0, to = 0;
    bool sok = node_clock(b, s, "from", subj, &from);
    sok = node_clock(b, s, "to", subj, &to) && sok;
    unsigned sdays = days;
    const scn_node *sd = scn__key_node(&r, "days");
    if (sd && !node_days(b, sd, subj, "days", &sdays)) sok = false;
    if (sok && to == from) {
        problem(b, member(s, "to"), subj, "shift '%s': from and to are equal; for a 24-hour day write "
                                          "from = \"00:00\"; to = \"24:00\"", name);
        sok = false;
    }
    if (!sok) return false;
    double len = to > from ? to - from : to + SIM_DAY - from;  /* to <= from: crosses midnight */
    for (int d = 0; d < 7; d++) {
        if (!(sdays & (1u << d))) continue;
        shifts[*nshifts].from = d * SIM_DAY + from;
        shifts[*nshifts].to = d * SIM_DAY + from + len;
        shifts[*nshifts].name = name;
        (*nshifts)++;
    }
    return true;
}

/* Shifts of one calendar must not overlap (also across the week's end):
 * false, said once, when two do. */
static bool shifts_apart(bctx *b, const scn_node *sl, const char *subj, const span *shifts, size_t nshifts) {
    for (size_t i = 0; i < nshifts; i++)
        for (size_t j = i + 1; j < nshifts; j++) {
            const span *x = &shifts[i], *y = &shifts[j];
            for (int w = -1; w <= 1; w++) {
                double yf = y->from + w * SIM_WEEK, yt = y->to + w * SIM_WEEK;
                if (x->from < yt && yf < x->to) {
                    problem(b, sl, subj, "shift '%s' overlaps shift '%s' on %s", y->name, x->name,
                            day_abbrev((int)floor(fmax(x->from, yf) / SIM_DAY)));
                    return false;
                }
            }
        }
    return true;
}

/* A calendar's `shifts` into *shifts (arena); false when refused.
 * `days_ok`: the calendar's days were read (else overlaps are not looked
 * for: the days they would be on are not known). */
static bool calendar_shifts(bctx *b, const scn_node *c, const char *subj, unsigned days, bool days_ok,
                            span **shifts, size_t *nshifts) {
    const scn_node *sl = member(c, "shifts");
    if (!sl) {
        problem(b, c, subj, "missing 'shifts', e.g. shifts = ( { name = \"early\"; from = \"06:00\"; to = \"14:00\"; } )");
        return false;
    }
    if (!scn__want_list_of_groups(b, sl, subj, "( { name = \"early\"; from = \"06:00\"; to = \"14:00\"; } )")) return true;
    bool ok = true;
    if (sl->nkids == 0) {
        problem(b, sl, subj, "shifts: the list is empty (a calendar without shifts is never on)");
        ok = false;
    }
    *shifts = scn__alloc(b->a, (sl->nkids * 7 + 1) * sizeof(span));
    if (!*shifts) return false;
    for (size_t i = 0; i < sl->nkids; i++)
        if (!calendar_shift(b, sl->kids[i], i, subj, days, *shifts, nshifts)) ok = false;
    return ok && (!days_ok || shifts_apart(b, sl, subj, *shifts, *nshifts));
}

/* One entry k of a calendar's `breaks`: its spans inside the shifts,
 * appended to breaks. False when refused. */
static bool calendar_break(bctx *b, const scn_node *k, const char *subj, const span *shifts, size_t nshifts,
                           span *breaks, size_t *nbreaks) {
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__break_entry_keys, k, subj) > 0) b->failed = true;
    const char *name = NULL;
    scn__key_string(&r, "name", &name);
    if (r.failed) b->failed = true;
    double from = 0, to = 0;
    bool bok = node_clock(b, k, "from", subj, &from);
    bok = node_clock(b, k, "to", subj, &to) && bok;
    unsigned bdays = 0x7f;
    const scn_node *bd = scn__key_node(&r, "days");
    if (bd && !node_days(b, bd, subj, "days", &bdays)) bok = false;
    if (bok && to == from) {
        problem(b, member(k, "to"), subj, "break %s: from and to are equal", name ? name : "");
        bok = false;
    }
    if (!bok) return false;
    double len = to > from ? to - from : to + SIM_DAY - from;
    /* A break applies inside every shift it falls into, on the day the
     * shift starts or the next (a night shift's break after midnight).
     * Its `days` are the days its shifts *start* on: a "mon" 00:30 break
     * belongs to Monday's night shift (Tuesday 00:30), not to Sunday's. */
    size_t added = 0;
    for (size_t s = 0; s < nshifts; s++) {
        int sday = (int)floor(shifts[s].from / SIM_DAY);
        if (!(bdays & (1u << (sday % 7)))) continue;
        for (int dd = 0; dd <= 1; dd++) {
            double bf = (sday + dd) * SIM_DAY + from, bt = bf + len;
            double lo = fmax(bf, shifts[s].from), hi = fmin(bt, shifts[s].to);
            if (hi > lo) {
                breaks[*nbreaks] = (span){lo, hi, shifts[s].name, s, k};
                (*nbreaks)++;
                added++;
            }
        }
    }
    if (added == 0 && nshifts > 0) {
        const scn_node *fn = member(k, "from");
        char f1[16], t1[16];
        snprintf(f1, sizeof f1, "%02d:%02d", (int)(from / SIM_HOUR), (int)fmod(from / SIM_MINUTE, 60));
        snprintf(t1, sizeof t1, "%02d:%02d", (int)(to / SIM_HOUR) % 25, (int)fmod(to / SIM_MINUTE, 60));
        problem(b, fn ? fn : k, subj, "break %s-%s lies outside every shift of the calendar", f1, t1);
        return false;
    }
    return true;
}

/* A calendar's `breaks` into *breaks (arena); false when refused. */
static bool calendar_breaks(bctx *b, const scn_node *c, const char *subj, const span *shifts, size_t nshifts,
                            span **breaks, size_t *nbreaks) {
    const scn_node *bl = member(c, "breaks");
    if (!bl || !scn__want_list_of_groups(b, bl, subj, "( { from = \"09:00\"; to = \"09:15\"; } )")) return true;
    *breaks = scn__alloc(b->a, (bl->nkids * 7 * (nshifts + 1) + 1) * sizeof(span));
    if (!*breaks) return false;
    bool ok = true;
    for (size_t i = 0; i < bl->nkids; i++)
        if (!calendar_break(b, bl->kids[i], subj, shifts, nshifts, *breaks, nbreaks)) ok = false;
    return breaks_cover_a_shift(b, subj, shifts, nshifts, *breaks, *nbreaks) && ok;
}

/* Adds calendar number ci, with its shifts and breaks, to the model. */
static void calendar_add(bctx *b, const scn_node *c, size_t ci, const char *subj, const span *shifts, size_t nshifts,
                         const span *breaks, size_t nbreaks) {
    int idx = mdl_model_add_calendar(b->m, b->cal_ids[ci]);
    if (idx < 0) {
        model_problem(b, c, subj);
        return;
    }
    b->cal_index[ci] = idx;
    for (size_t s = 0; s < nshifts; s++)
        if (!mdl_calendar_add_shift(b->m, idx, shifts[s].name, shifts[s].from, shifts[s].to)) {
            model_problem(b, member(c, "shifts"), subj);
            return;
        }
    for (size_t k = 0; k < nbreaks; k++) {
        double f = breaks[k].from, t = breaks[k].to;
        if (f >= SIM_WEEK) {
            f -= SIM_WEEK;
            t -= SIM_WEEK;
        }
        if (!mdl_calendar_add_break(b->m, idx, f, t)) {
            model_problem(b, member(c, "breaks"), subj);
            return;
        }
    }
}

static void build_calendar(bctx *b, const scn_node *c, size_t ci) {
    const char *id = b->cal_ids[ci];
    const char *subj = subject_of(b, "calendar", id, ci);
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__calendar_keys, c, subj) > 0) b->failed = true;
    bool ok = id != NULL;
    unsigned days = 0x1f;
    const scn_node *dn = scn__key_node(&r, "days");
    if (dn && !node_days(b, dn, subj, "days", &days)) ok = false;
    span *shifts = NULL, *breaks = NULL;
    size_t nshifts = 0, nbreaks = 0;
    if (!calendar_shifts(b, c, subj, days, ok, &shifts, &nshifts)) ok = false;
    if (!calendar_breaks(b, c, subj, shifts, nshifts, &breaks, &nbreaks)) ok = false;
    if (ok) calendar_add(b, c, ci, subj, shifts, nshifts, breaks, nbreaks);
}

void scn__build_shifts(bctx *b, const scn_node *sh) {
    if (!sh) return;
    const char *subj = "shifts";
    if (!scn__want_group(b, sh, subj, "{ calendars = ( ... ); line = \"two-shift\"; }")) return;
    scn_keyreader r;
    if (scn__keys_begin(&r, b->env, b->m, &scn__shifts_keys, sh, subj) > 0) b->failed = true;
    const scn_node *cl = scn__key_node(&r, "calendars");
    if (cl && scn__want_list_of_groups(b, cl, subj, "( { id = \"two-shift\"; shifts = ( ... ); } )")) {
        b->cal_ids = scn__alloc(b->a, (cl->nkids + 1) * sizeof(char *));
        b->cal_index = scn__alloc(b->a, (cl->nkids + 1) * sizeof(int));
        if (!b->cal_ids || !b->cal_index) return;
        b->ncal = cl->nkids;
        for (size_t i = 0; i < cl->nkids; i++) {
            const scn_node *c = cl->kids[i];
            b->cal_index[i] = -1;
            const scn_node *idn = member(c, "id");
            if (!idn) {
                problem(b, c, subject_of(b, "calendar", NULL, i), "missing 'id'");
                continue;
            }
            if (!scn__check_id(b, idn, subject_of(b, "calendar", NULL, i))) continue;
            int dup = find_calendar(b, idn->s); /* among the calendars before this one */
            if (dup >= 0) {
                problem(b, idn, subject_of(b, "calendar", idn->s, i), "id: duplicate (already used by calendar #%d)",
                        dup + 1);
                continue;
            }
            record_indexed(&b->cal_ix, &b->cal_ix_failed, b->cal_ids, i, idn->s);
        }
        for (size_t i = 0; i < cl->nkids; i++)
            if (b->cal_ids[i]) build_calendar(b, cl->kids[i], i);
    }
    const scn_node *line = scn__key_node(&r, "line");
    if (line) {
        if (!want_kind(b, line, SCN_STRING, subj, "line", "\"two-shift\"")) return;
        int c = find_calendar(b, line->s);
        if (c < 0) {
            unknown_name(b, line, subj, "line", "calendar", line->s, b->cal_ids, b->ncal);
            return;
        }
        if (b->cal_index[c] >= 0 && !mdl_model_set_line_calendar(b->m, b->cal_index[c]))
            model_problem(b, line, subj);
    }
}

int scn__resolve_calendar(bctx *b, const scn_node *n, const char *subject) {
    if (!want_kind(b, n, SCN_STRING, subject, "calendar", "\"one-shift\"")) return -2;
    int c = find_calendar(b, n->s);
    if (c < 0) {
        unknown_name(b, n, subject, "calendar", "calendar", n->s, b->cal_ids, b->ncal);
        return -2;
    }
    return b->cal_index[c] >= 0 ? b->cal_index[c] : -2;
}
