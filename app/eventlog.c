/*
 * eventlog.c - the event log writers (CSV, OCEL 2.0 JSON), streamed.
 *
 * Speed. A year of a line writes tens of millions of records, so a record
 * is formatted by hand into a buffer (no printf): names are escaped once
 * at the start, numbers are written digit by digit, and the date part of
 * a timestamp is kept for the day it was last made.
 */
#include "eventlog.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mdl_transport.h"

#define BUF_SIZE (1u << 20)

/* A name as it appears in the output, escaped for it. Its storage has at
 * least NAME_PAD bytes after s readable (put_name copies that many at once
 * for a short name: one move instead of a call to memcpy). */
typedef struct name {
    char *s;
    size_t n;
} name;

#define NAME_PAD 16
#define CONST_SLOT 48 /* a constant name's padded copy (the longest kind name is 19) */

/* The names of one kind of entity, raw (as in the scene) and escaped. */
typedef struct names {
    int count;
    name *raw, *esc;
} names;

enum { N_STATION, N_PRODUCT, N_ORDER, N_VEHICLE, N_CONVEYOR, N_ROBOT, N_CALENDAR, N_COUNT };

struct eventlog {
    const mdl_model *m;
    eventlog_format fmt;
    FILE *out;
    FILE *objects; /* OCEL: the unit objects until the end */
    bool failed;
    int err;
    uint64_t count;
    double t0_epoch;
    long long t0_ms;      /* t0_epoch in milliseconds */
    long long ms_cached;  /* the record time (ms) of time_cached: records come in bursts at one instant */
    char time_cached[64]; /* CSV: "S.mmm,TIMESTAMP"; OCEL: "TIMESTAMP" */
    size_t time_len;
    uint64_t unit_cached; /* the unit of serial_cached: a unit's records often follow each other */
    int product_cached;
    char serial_cached[512];
    size_t serial_len;
    long long day_cached; /* days since the epoch of date_cached */
    char date_cached[40]; /* "YYYY-MM-DDT" (room for what the compiler cannot bound) */
    char *buf;
    size_t len, cap, reserve;
    char *obuf; /* OCEL objects' buffer */
    size_t olen;
    names nm[N_COUNT];
    size_t longest;
    name kind_name[MDL_LOG_KIND_COUNT]; /* mdl_log_kind_name and its length */
    name detail_nm[MDL_LOG_KIND_COUNT]; /* detail_name (OCEL), "" for none */
    name res_nm[MDL_RES_KIND_COUNT];    /* mdl_resource_kind_name */
    char const_buf[2 * MDL_LOG_KIND_COUNT + MDL_RES_KIND_COUNT][CONST_SLOT]; /* their padded copies */
};

/* ---- output ----------------------------------------------------------------- */

static void sink(eventlog *e, FILE *f, const char *p, size_t n) {
    if (e->failed || n == 0) return;
    if (fwrite(p, 1, n, f) != n) {
        e->failed = true;
        e->err = errno;
    }
}

static inline void flush_if_full(eventlog *e) {
    if (e->len + e->reserve > e->cap) {
        sink(e, e->out, e->buf, e->len);
        e->len = 0;
    }
}

static inline char *put(char *p, const char *s, size_t n) {
    memcpy(p, s, n);
    return p + n;
}

#define PUTS(p, lit) put((p), (lit), sizeof(lit) - 1)

static inline char *put_u64(char *p, uint64_t v) {
    char t[24];
    int n = 0;
    do {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) *p++ = t[--n];
    return p;
}

static inline char *put_i64(char *p, long long v) {
    if (v < 0) {
        *p++ = '-';
        return put_u64(p, (uint64_t)(-(v + 1)) + 1);
    }
    return put_u64(p, (uint64_t)v);
}

static inline char *put2(char *p, unsigned v) {
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(long long z, int *y, unsigned *mo, unsigned *d) {
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long yy = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *mo = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*mo <= 2));
}

static long long days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

bool eventlog_parse_date(const char *s, double *epoch) {
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    int y = atoi(s);
    unsigned mo = (unsigned)atoi(s + 5), d = (unsigned)atoi(s + 8);
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap) return false;
    *epoch = (double)days_from_civil(y, mo, d) * 86400.0;
    return true;
}

/* Simulated time as milliseconds (the resolution of both formats): llround
 * (halves away from zero) without its call. x - trunc(x) is exact, so the
 * result is llround's for every x. */
static inline long long millis(double t) {
    double x = t * 1000.0;
    if (!(fabs(x) < 9.0e18)) return llround(x);
    long long i = (long long)x;
    double f = x - (double)i;
    if (f >= 0.5) i++;
    else if (f <= -0.5) i--;
    return i;
}

/* "S.mmm" seconds from milliseconds. */
static inline char *put_seconds(char *p, long long ms) {
    if (ms < 0) {
        *p++ = '-';
        ms = -ms;
    }
    p = put_u64(p, (uint64_t)(ms / 1000));
    *p++ = '.';
    unsigned f = (unsigned)(ms % 1000);
    *p++ = (char)('0' + f / 100);
    return put2(p, f % 100);
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ" of simulated time t. */
static char *put_timestamp(eventlog *e, char *p, double t) {
    long long ms = e->t0_ms + millis(t);
    long long day = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    long long in_day = ms - day * 86400000;
    if (day != e->day_cached) {
        int y;
        unsigned mo, d;
        civil_from_days(day, &y, &mo, &d);
        if (y < 0 || y > 9999) y = y < 0 ? 0 : 9999;
        snprintf(e->date_cached, sizeof e->date_cached, "%04d-%02u-%02uT", y, mo, d);
        e->day_cached = day;
    }
    p = put(p, e->date_cached, 11);
    unsigned s = (unsigned)(in_day / 1000), f = (unsigned)(in_day % 1000);
    p = put2(p, s / 3600);
    *p++ = ':';
    p = put2(p, s / 60 % 60);
    *p++ = ':';
    p = put2(p, s % 60);
    *p++ = '.';
    *p++ = (char)('0' + f / 100);
    p = put2(p, f % 100);
    *p++ = 'Z';
    return p;
}

/* ---- names -------------------------------------------------------------------- */

static char *dup_n(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* s escaped for a CSV field (quoted when it holds a comma, quote or line
 * break) or for a JSON string (without the quotes). */
static char *escape(const char *s, eventlog_format fmt, size_t *len) {
    size_t n = strlen(s);
    char *d = calloc(6 * n + 3 + NAME_PAD, 1);
    if (!d) return NULL;
    size_t k = 0;
    if (fmt == EVENTLOG_CSV) {
        bool quote = strpbrk(s, ",\"\r\n") != NULL;
        if (quote) d[k++] = '"';
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '"') d[k++] = '"';
            d[k++] = s[i];
        }
        if (quote) d[k++] = '"';
    } else {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c == '"' || c == '\\') {
                d[k++] = '\\';
                d[k++] = (char)c;
            } else if (c < 0x20) {
                k += (size_t)snprintf(d + k, 7, "\\u%04x", c);
            } else {
                d[k++] = (char)c;
            }
        }
    }
    d[k] = '\0';
    *len = k;
    return d;
}

static bool names_set(eventlog *e, int which, int i, const char *raw) {
    names *nm = &e->nm[which];
    if (!raw) raw = "?";
    nm->raw[i].n = strlen(raw);
    nm->raw[i].s = dup_n(raw, nm->raw[i].n);
    nm->esc[i].s = escape(raw, e->fmt, &nm->esc[i].n);
    if (nm->esc[i].n > e->longest) e->longest = nm->esc[i].n;
    return nm->raw[i].s && nm->esc[i].s;
}

static bool names_init(eventlog *e) {
    const mdl_model *m = e->m;
    int nveh = 0;
    for (int f = 0; f < mdl_model_fleet_count(m); f++) nveh += mdl_model_fleet(m, f)->count;
    int counts[N_COUNT] = {mdl_model_station_count(m), mdl_model_product_count(m), mdl_model_order_count(m), nveh,
                           mdl_model_conveyor_count(m), mdl_model_robot_count(m), mdl_model_calendar_count(m)};
    for (int k = 0; k < N_COUNT; k++) {
        e->nm[k].count = counts[k];
        e->nm[k].raw = calloc((size_t)counts[k] + 1, sizeof(name));
        e->nm[k].esc = calloc((size_t)counts[k] + 1, sizeof(name));
        if (!e->nm[k].raw || !e->nm[k].esc) return false;
    }
    bool ok = true;
    for (int i = 0; i < counts[N_STATION]; i++) ok = ok && names_set(e, N_STATION, i, mdl_model_station(m, i)->id);
    for (int i = 0; i < counts[N_PRODUCT]; i++) ok = ok && names_set(e, N_PRODUCT, i, mdl_model_product_id(m, i));
    for (int i = 0; i < counts[N_ORDER]; i++) ok = ok && names_set(e, N_ORDER, i, mdl_model_order_id(m, i));
    for (int f = 0; f < mdl_model_fleet_count(m); f++) {
        const mdl_fleet_spec *fs = mdl_model_fleet(m, f);
        for (int k = 0; k < fs->count; k++) {
            char v[300];
            snprintf(v, sizeof v, "%s-%d", fs->id, k + 1);
            int vi = mdl_model_vehicle_index(m, f, k);
            if (vi >= 0 && vi < nveh) ok = ok && names_set(e, N_VEHICLE, vi, v);
        }
    }
    for (int i = 0; i < nveh; i++)
        if (!e->nm[N_VEHICLE].raw[i].s) ok = ok && names_set(e, N_VEHICLE, i, "?");
    for (int i = 0; i < counts[N_CONVEYOR]; i++) ok = ok && names_set(e, N_CONVEYOR, i, mdl_model_conveyor(m, i)->id);
    for (int i = 0; i < counts[N_ROBOT]; i++) ok = ok && names_set(e, N_ROBOT, i, mdl_model_robot(m, i)->id);
    for (int i = 0; i < counts[N_CALENDAR]; i++) ok = ok && names_set(e, N_CALENDAR, i, mdl_model_calendar_id(m, i));
    return ok;
}

static const name *name_of(const eventlog *e, int which, int i) {
    static char pad[NAME_PAD + 1];
    static const name none = {pad, 0};
    const names *nm = &e->nm[which];
    return i >= 0 && i < nm->count ? &nm->esc[i] : &none;
}

/* The names table of a resource kind, or -1. */
static int resource_table(mdl_resource_kind k) {
    switch (k) {
    case MDL_RES_VEHICLE: return N_VEHICLE;
    case MDL_RES_CONVEYOR: return N_CONVEYOR;
    case MDL_RES_ROBOT: return N_ROBOT;
    case MDL_RES_CALENDAR: return N_CALENDAR;
    default: return -1;
    }
}

/* ---- the kinds' details ------------------------------------------------------ */

/* The name of the detail attribute of a kind (OCEL), or NULL: the CSV's
 * `detail` column holds its value. */
static const char *detail_name(mdl_log_kind k) {
    switch (k) {
    case MDL_LOG_START: return "setup";
    case MDL_LOG_INSPECT: return "result";
    case MDL_LOG_SCRAP: return "reason";
    case MDL_LOG_EXIT: return "quality";
    case MDL_LOG_REWORK: return "pass";
    case MDL_LOG_ORDER_RELEASE: return "quantity";
    case MDL_LOG_ASSEMBLE: return "component";
    case MDL_LOG_BATCH: return "size";
    case MDL_LOG_DISASSEMBLE: return "part";
    default: return NULL;
    }
}

static bool detail_is_integer(mdl_log_kind k) {
    return k == MDL_LOG_REWORK || k == MDL_LOG_ORDER_RELEASE || k == MDL_LOG_BATCH;
}

/* The detail of rec as text into p (nothing when it has none). */
static char *put_detail(char *p, const mdl_record *rec) {
    long d = rec->detail;
    switch (rec->kind) {
    case MDL_LOG_START: return d ? PUTS(p, "setup") : p;
    case MDL_LOG_INSPECT: return d ? PUTS(p, "fail") : PUTS(p, "pass");
    case MDL_LOG_SCRAP:
        return d == MDL_SCRAP_REJECTED ? PUTS(p, "rejected")
               : d == MDL_SCRAP_REWORK_CAP ? PUTS(p, "rework_cap")
                                           : PUTS(p, "operation");
    case MDL_LOG_EXIT: return d ? PUTS(p, "defective") : PUTS(p, "good");
    case MDL_LOG_REWORK:
    case MDL_LOG_BATCH:
    case MDL_LOG_ORDER_RELEASE: return put_i64(p, d);
    default: return d ? put_i64(p, d) : p;
    }
}

static inline char *put_name(char *p, const name *n) {
    if (n->n <= NAME_PAD) { /* the output buffer has room past the record (reserve) */
        memcpy(p, n->s, NAME_PAD);
        return p + n->n;
    }
    return put(p, n->s, n->n);
}

static char *put_serial(eventlog *e, char *p, const mdl_record *rec) {
    if (rec->unit != e->unit_cached || rec->product != e->product_cached) {
        const name *pn = name_of(e, N_PRODUCT, rec->product);
        char *q = e->serial_cached;
        if (pn->n + 24 < sizeof e->serial_cached) q = put_name(q, pn);
        if (rec->product < 0) q = PUTS(q, "unit");
        *q++ = '-';
        q = put_u64(q, rec->unit);
        e->serial_len = (size_t)(q - e->serial_cached);
        e->unit_cached = rec->unit;
        e->product_cached = rec->product;
    }
    if (e->serial_len <= NAME_PAD) { /* serial_cached is larger: one move */
        memcpy(p, e->serial_cached, NAME_PAD);
        return p + e->serial_len;
    }
    return put(p, e->serial_cached, e->serial_len);
}

/* The serial of an "assembled" record's component, a "disassembled" one's part (rec->part). */
static char *put_part(eventlog *e, char *p, const mdl_record *rec) {
    const name *pn = name_of(e, N_PRODUCT, rec->part_product);
    p = pn->n ? put_name(p, pn) : PUTS(p, "unit");
    *p++ = '-';
    return put_u64(p, rec->part);
}

/* The detail column (CSV) or attribute value (OCEL) of rec. */
static char *put_value(eventlog *e, char *p, const mdl_record *rec) {
    return rec->part ? put_part(e, p, rec) : put_detail(p, rec);
}

/* The record's time as the format writes it, made once per instant. */
static char *put_time(eventlog *e, char *p, double t) {
    long long ms = millis(t);
    if (ms != e->ms_cached || e->time_len == 0) {
        char *q = e->time_cached;
        if (e->fmt == EVENTLOG_CSV) {
            q = put_seconds(q, ms);
            *q++ = ',';
        }
        q = put_timestamp(e, q, t);
        e->time_len = (size_t)(q - e->time_cached);
        e->ms_cached = ms;
    }
    if (e->time_len <= 48) { /* time_cached has 64 bytes: one fixed move */
        memcpy(p, e->time_cached, 48);
        return p + e->time_len;
    }
    return put(p, e->time_cached, e->time_len);
}

/* ---- CSV ------------------------------------------------------------------------ */

static const char csv_header[] = "time_s,timestamp,event,unit,product,order,station,server,resource,from,to,detail\n";

static void csv_record(eventlog *e, const mdl_record *rec) {
    char *p = e->buf + e->len;
    p = put_time(e, p, rec->time);
    *p++ = ',';
    p = put_name(p, &e->kind_name[rec->kind]);
    *p++ = ',';
    if (rec->unit) p = put_serial(e, p, rec);
    *p++ = ',';
    p = put_name(p, name_of(e, N_PRODUCT, rec->product));
    *p++ = ',';
    p = put_name(p, name_of(e, N_ORDER, rec->order));
    *p++ = ',';
    p = put_name(p, name_of(e, N_STATION, rec->station));
    *p++ = ',';
    if (rec->server >= 0) p = put_u64(p, (uint64_t)rec->server + 1);
    *p++ = ',';
    int rt = resource_table(rec->resource_kind);
    if (rec->resource_kind != MDL_RES_NONE && rec->resource >= 0) {
        p = put_name(p, &e->res_nm[(unsigned)rec->resource_kind < MDL_RES_KIND_COUNT ? rec->resource_kind : 0]);
        *p++ = ':';
        if (rt >= 0) p = put_name(p, name_of(e, rt, rec->resource));
        else p = put_u64(p, (uint64_t)rec->resource + 1);
    }
    *p++ = ',';
    p = put_name(p, name_of(e, N_STATION, rec->from));
    *p++ = ',';
    p = put_name(p, name_of(e, N_STATION, rec->to));
    *p++ = ',';
    p = put_value(e, p, rec);
    *p++ = '\n';
    e->len = (size_t)(p - e->buf);
}

/* ---- OCEL 2.0 ---------------------------------------------------------------- */

/* Object types, in this order (docs/event-log.md). */
static const char *const object_types[] = {"order", "unit", "station", "vehicle", "operator", "conveyor", "robot",
                                           "calendar"};

static char *put_rel(char *p, bool *first, const char *type, size_t tn, const name *id, const char *qual, size_t qn) {
    if (!*first) *p++ = ',';
    *first = false;
    p = PUTS(p, "{\"objectId\":\"");
    p = put(p, type, tn);
    *p++ = ':';
    p = put_name(p, id);
    p = PUTS(p, "\",\"qualifier\":\"");
    p = put(p, qual, qn);
    return PUTS(p, "\"}");
}

static void ocel_record(eventlog *e, const mdl_record *rec) {
    char *p = e->buf + e->len;
    if (e->count > 1) *p++ = ',';
    p = PUTS(p, "\n{\"id\":\"e");
    p = put_u64(p, e->count);
    p = PUTS(p, "\",\"type\":\"");
    p = put_name(p, &e->kind_name[rec->kind]);
    p = PUTS(p, "\",\"time\":\"");
    p = put_time(e, p, rec->time);
    p = PUTS(p, "\",\"attributes\":[");
    bool first = true;
    if (rec->server >= 0) {
        p = PUTS(p, "{\"name\":\"server\",\"value\":\"");
        p = put_u64(p, (uint64_t)rec->server + 1);
        p = PUTS(p, "\"}");
        first = false;
    }
    const name *dn = &e->detail_nm[rec->kind];
    char *before = p;
    if (dn->n) {
        if (!first) *p++ = ',';
        p = PUTS(p, "{\"name\":\"");
        p = put_name(p, dn);
        p = PUTS(p, "\",\"value\":\"");
        char *v = p;
        p = put_value(e, p, rec);
        if (p == v) p = before; /* no value: no attribute */
        else p = PUTS(p, "\"}");
    }
    p = PUTS(p, "],\"relationships\":[");
    first = true;
    if (rec->unit) {
        if (!first) *p++ = ',';
        first = false;
        p = PUTS(p, "{\"objectId\":\"unit:");
        p = put_serial(e, p, rec);
        p = PUTS(p, "\",\"qualifier\":\"unit\"}");
    }
    if (rec->part) { /* "assembled": the assembly's relation to its component; "disassembled": to its part */
        if (!first) *p++ = ',';
        first = false;
        p = PUTS(p, "{\"objectId\":\"unit:");
        p = put_part(e, p, rec);
        p = rec->kind == MDL_LOG_DISASSEMBLE ? PUTS(p, "\",\"qualifier\":\"part\"}")
                                             : PUTS(p, "\",\"qualifier\":\"component\"}");
    }
    if (rec->order >= 0) p = put_rel(p, &first, "order", 5, name_of(e, N_ORDER, rec->order), "order", 5);
    if (rec->station >= 0) p = put_rel(p, &first, "station", 7, name_of(e, N_STATION, rec->station), "station", 7);
    int rt = resource_table(rec->resource_kind);
    if (rt >= 0 && rec->resource >= 0) {
        const name *rk = &e->res_nm[rec->resource_kind];
        p = put_rel(p, &first, rk->s, rk->n, name_of(e, rt, rec->resource), rk->s, rk->n);
    }
    if (rec->from >= 0) p = put_rel(p, &first, "station", 7, name_of(e, N_STATION, rec->from), "from", 4);
    if (rec->to >= 0) p = put_rel(p, &first, "station", 7, name_of(e, N_STATION, rec->to), "to", 2);
    p = PUTS(p, "]}");
    e->len = (size_t)(p - e->buf);

    if (rec->kind == MDL_LOG_CREATE && rec->unit) { /* the unit object, kept for the end */
        if (e->olen + e->reserve > e->cap) {
            sink(e, e->objects, e->obuf, e->olen);
            e->olen = 0;
        }
        char *q = e->obuf + e->olen;
        q = PUTS(q, ",\n{\"id\":\"unit:");
        q = put_serial(e, q, rec);
        q = PUTS(q, "\",\"type\":\"unit\",\"attributes\":[{\"name\":\"product\",\"value\":\"");
        q = put_name(q, name_of(e, N_PRODUCT, rec->product));
        q = PUTS(q, "\",\"time\":\"");
        q = put_timestamp(e, q, rec->time);
        q = PUTS(q, "\"}]");
        if (rec->order >= 0) {
            q = PUTS(q, ",\"relationships\":[{\"objectId\":\"order:");
            q = put_name(q, name_of(e, N_ORDER, rec->order));
            q = PUTS(q, "\",\"qualifier\":\"part of\"}]");
        }
        q = PUTS(q, "}");
        e->olen = (size_t)(q - e->obuf);
    }
}

/* The attributes an event type declares: server (any kind may carry one;
 * kinds added later included), and its detail. */
static bool kind_has_server(mdl_log_kind k) {
    return k != MDL_LOG_SHIFT_ON && k != MDL_LOG_SHIFT_OFF && k != MDL_LOG_ORDER_RELEASE && k != MDL_LOG_CREATE &&
           k != MDL_LOG_RELEASE && k != MDL_LOG_MOVE && k != MDL_LOG_EXIT && k != MDL_LOG_QUEUE;
}

static void ocel_head(eventlog *e) {
    FILE *f = e->out;
    if (e->failed) return;
    fputs("{\"objectTypes\":[", f);
    for (size_t i = 0; i < sizeof object_types / sizeof object_types[0]; i++) {
        const char *t = object_types[i];
        fprintf(f, "%s\n{\"name\":\"%s\",\"attributes\":[", i ? "," : "", t);
        if (strcmp(t, "order") == 0)
            fputs("{\"name\":\"product\",\"type\":\"string\"},{\"name\":\"quantity\",\"type\":\"integer\"},"
                  "{\"name\":\"release\",\"type\":\"time\"},{\"name\":\"due\",\"type\":\"time\"}",
                  f);
        else if (strcmp(t, "unit") == 0)
            fputs("{\"name\":\"product\",\"type\":\"string\"}", f);
        else if (strcmp(t, "station") == 0)
            fputs("{\"name\":\"kind\",\"type\":\"string\"},{\"name\":\"servers\",\"type\":\"integer\"}", f);
        else if (strcmp(t, "vehicle") == 0)
            fputs("{\"name\":\"fleet\",\"type\":\"string\"}", f);
        fputs("]}", f);
    }
    fputs("],\n\"eventTypes\":[", f);
    for (int k = 0; k < MDL_LOG_KIND_COUNT; k++) {
        fprintf(f, "%s\n{\"name\":\"%s\",\"attributes\":[", k ? "," : "", mdl_log_kind_name((mdl_log_kind)k));
        const char *sep = "";
        if (kind_has_server((mdl_log_kind)k)) {
            fputs("{\"name\":\"server\",\"type\":\"integer\"}", f);
            sep = ",";
        }
        const char *dn = detail_name((mdl_log_kind)k);
        if (dn)
            fprintf(f, "%s{\"name\":\"%s\",\"type\":\"%s\"}", sep, dn,
                    detail_is_integer((mdl_log_kind)k) ? "integer" : "string");
        fputs("]}", f);
    }
    fputs("],\n\"events\":[", f);
    if (ferror(f)) {
        e->failed = true;
        e->err = errno;
    }
}

/* One model object ("order", "station" ...) with its attributes at time 0. */
static void ocel_object(FILE *f, bool *first, const char *type, const name *id, const char *attrs) {
    fprintf(f, "%s\n{\"id\":\"%s:%s\",\"type\":\"%s\",\"attributes\":[%s]}", *first ? "" : ",", type, id->s, type,
            attrs);
    *first = false;
}

static void ocel_tail(eventlog *e) {
    FILE *f = e->out;
    char t0[40], a[1200];
    char *p = put_timestamp(e, t0, 0.0);
    *p = '\0';
    fputs("\n],\n\"objects\":[", f);
    bool first = true;
    const mdl_model *m = e->m;
    for (int o = 0; o < e->nm[N_ORDER].count; o++) {
        int prod;
        long qty;
        double rel, due;
        if (!mdl_model_order_info(m, o, &prod, &qty, &rel, &due)) continue;
        char tr[40], td[40];
        *put_timestamp(e, tr, rel) = '\0';
        *put_timestamp(e, td, due) = '\0';
        int n = snprintf(a, sizeof a,
                         "{\"name\":\"product\",\"value\":\"%s\",\"time\":\"%s\"},"
                         "{\"name\":\"quantity\",\"value\":\"%ld\",\"time\":\"%s\"},"
                         "{\"name\":\"release\",\"value\":\"%s\",\"time\":\"%s\"}",
                         name_of(e, N_PRODUCT, prod)->s, t0, qty, t0, tr, t0);
        if (due >= 0 && n > 0 && (size_t)n < sizeof a)
            snprintf(a + n, sizeof a - (size_t)n, ",{\"name\":\"due\",\"value\":\"%s\",\"time\":\"%s\"}", td, t0);
        ocel_object(f, &first, "order", name_of(e, N_ORDER, o), a);
    }
    for (int s = 0; s < e->nm[N_STATION].count; s++) {
        const mdl_station_spec *sp = mdl_model_station(m, s);
        snprintf(a, sizeof a,
                 "{\"name\":\"kind\",\"value\":\"%s\",\"time\":\"%s\"},"
                 "{\"name\":\"servers\",\"value\":\"%d\",\"time\":\"%s\"}",
                 mdl_station_kind_name(sp->kind), t0, sp->servers, t0);
        ocel_object(f, &first, "station", name_of(e, N_STATION, s), a);
    }
    for (int fl = 0; fl < mdl_model_fleet_count(m); fl++) {
        const mdl_fleet_spec *fs = mdl_model_fleet(m, fl);
        size_t n;
        char *fid = escape(fs->id, EVENTLOG_OCEL, &n);
        for (int k = 0; k < fs->count; k++) {
            snprintf(a, sizeof a, "{\"name\":\"fleet\",\"value\":\"%s\",\"time\":\"%s\"}", fid ? fid : "?", t0);
            ocel_object(f, &first, "vehicle", name_of(e, N_VEHICLE, mdl_model_vehicle_index(m, fl, k)), a);
        }
        free(fid);
    }
    for (int c = 0; c < e->nm[N_CONVEYOR].count; c++) ocel_object(f, &first, "conveyor", name_of(e, N_CONVEYOR, c), "");
    for (int r = 0; r < e->nm[N_ROBOT].count; r++) ocel_object(f, &first, "robot", name_of(e, N_ROBOT, r), "");
    for (int c = 0; c < e->nm[N_CALENDAR].count; c++) ocel_object(f, &first, "calendar", name_of(e, N_CALENDAR, c), "");
    if (ferror(f)) {
        e->failed = true;
        e->err = errno;
    }
    /* The unit objects: each began with ",\n"; the first drops its comma
     * when no model object came before it. */
    sink(e, e->objects, e->obuf, e->olen);
    e->olen = 0;
    if (!e->failed && (fflush(e->objects) != 0 || fseek(e->objects, 0, SEEK_SET) != 0)) {
        e->failed = true;
        e->err = errno;
    }
    size_t n;
    bool skip = first;
    while (!e->failed && (n = fread(e->buf, 1, e->cap, e->objects)) > 0) {
        size_t off = skip ? 1 : 0;
        skip = false;
        sink(e, f, e->buf + off, n - off);
    }
    if (!e->failed && ferror(e->objects)) {
        e->failed = true;
        e->err = errno;
    }
    if (!e->failed) fputs("\n]}\n", f);
}

/* ---- the writer ---------------------------------------------------------------- */

bool eventlog_format_of(const char *path, eventlog_format *f) {
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return false;
    if (strcasecmp(dot, ".csv") == 0) *f = EVENTLOG_CSV;
    else if (strcasecmp(dot, ".json") == 0 || strcasecmp(dot, ".jsonocel") == 0) *f = EVENTLOG_OCEL;
    else return false;
    return true;
}

/* A constant name's padded copy in slot `slot` of e->const_buf. */
static void const_name(eventlog *e, name *n, const char *s, int slot) {
    size_t len = strlen(s);
    if (len >= CONST_SLOT) len = CONST_SLOT - 1; /* none is so long; a cut name beats an overrun */
    memcpy(e->const_buf[slot], s, len);
    e->const_buf[slot][len] = '\0';
    n->s = e->const_buf[slot];
    n->n = len;
}

eventlog *eventlog_new(const mdl_model *m, eventlog_format fmt, FILE *out, double t0_epoch) {
    eventlog *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    *e = (eventlog){.m = m, .fmt = fmt, .out = out, .t0_epoch = t0_epoch, .t0_ms = llround(t0_epoch * 1000.0),
                    .day_cached = -1000000000LL, .unit_cached = 0, .product_cached = -2};
    /* Constant names with their lengths, so that no record measures one. */
    int slot = 0;
    for (int k = 0; k < MDL_LOG_KIND_COUNT; k++) {
        const char *dn = detail_name((mdl_log_kind)k);
        const_name(e, &e->kind_name[k], mdl_log_kind_name((mdl_log_kind)k), slot++);
        const_name(e, &e->detail_nm[k], dn ? dn : "", slot++);
    }
    for (int k = 0; k < MDL_RES_KIND_COUNT; k++)
        const_name(e, &e->res_nm[k], mdl_resource_kind_name((mdl_resource_kind)k), slot++);
    if (!names_init(e)) {
        eventlog_free(e);
        return NULL;
    }
    /* The longest record: twelve fields, at most six of them names (with
     * JSON's prefixes), the rest numbers and fixed words. */
    e->reserve = 10 * e->longest + 1024; /* names in one record, an "assembled" one's component twice */
    e->cap = BUF_SIZE + e->reserve;
    e->buf = malloc(e->cap);
    if (!e->buf) {
        eventlog_free(e);
        return NULL;
    }
    if (fmt == EVENTLOG_CSV) {
        sink(e, out, csv_header, sizeof csv_header - 1);
    } else {
        e->obuf = malloc(e->cap);
        e->objects = tmpfile();
        if (!e->obuf || !e->objects) {
            eventlog_free(e);
            return NULL;
        }
        ocel_head(e);
    }
    return e;
}

void eventlog_record(void *ctx, const mdl_record *rec) {
    eventlog *e = ctx;
    e->count++;
    if (e->fmt == EVENTLOG_CSV) csv_record(e, rec);
    else ocel_record(e, rec);
    flush_if_full(e);
}

bool eventlog_finish(eventlog *e) {
    sink(e, e->out, e->buf, e->len);
    e->len = 0;
    if (e->fmt == EVENTLOG_OCEL && !e->failed) ocel_tail(e);
    if (!e->failed && (fflush(e->out) != 0 || ferror(e->out))) {
        e->failed = true;
        e->err = errno;
    }
    if (e->failed) errno = e->err;
    return !e->failed;
}

uint64_t eventlog_count(const eventlog *e) { return e->count; }

void eventlog_free(eventlog *e) {
    if (!e) return;
    for (int k = 0; k < N_COUNT; k++) {
        for (int i = 0; i < e->nm[k].count; i++) {
            if (e->nm[k].raw) free(e->nm[k].raw[i].s);
            if (e->nm[k].esc) free(e->nm[k].esc[i].s);
        }
        free(e->nm[k].raw);
        free(e->nm[k].esc);
    }
    if (e->objects) fclose(e->objects);
    free(e->obuf);
    free(e->buf);
    free(e);
}
