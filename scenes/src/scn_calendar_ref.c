/*
 * scn_calendar_ref.c - an entity's `calendar = "id"` read against the
 * calendars already in the model (people pools, fleets, robots; stations
 * resolve theirs while the calendars are built, scn_build_calendar.c).
 */
#include "mdl_model.h"
#include "scn_internal.h"
#include "scn_keys.h"

bool scn__key_calendar(scn_keyreader *r, const scn_node *root, int *cal) {
    const scn_node *cn = scn__key_node(r, "calendar");
    if (!cn) return true;
    if (!scn__want_kind(r->env, cn, SCN_STRING, r->subject, "calendar", "\"two-shift\"")) {
        r->failed = true;
        return false;
    }
    int c = mdl_model_find_calendar(r->m, cn->s);
    if (c >= 0) {
        *cal = c;
        return true;
    }
    /* a calendar written but refused has had its message */
    const scn_node *sh = root ? scn__node_member(root, "shifts") : NULL;
    if (!scn__written(sh ? scn__node_member(sh, "calendars") : NULL, cn->s)) {
        const char *names[64];
        size_t n = 0;
        for (int k = 0; k < mdl_model_calendar_count(r->m) && n < 64; k++) names[n++] = mdl_model_calendar_id(r->m, k);
        scn__unknown_name(r->env, cn, r->subject, "calendar", "calendar", cn->s, names, n);
    }
    r->failed = true;
    return false;
}
