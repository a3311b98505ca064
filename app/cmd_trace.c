/*
 * cmd_trace.c - `linetwin trace LOG --unit SERIAL | --order ID`: a unit's
 * or an order's history from an event log (CSV, docs/event-log.md), as an
 * MES operator looks it up. Reads the log line by line: memory does not
 * grow with its size.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"

static const char trace_usage[] =
    "usage: linetwin trace LOG (--unit SERIAL | --order ID)\n"
    "\n"
    "Prints the history of one unit or one order from an event log written by\n"
    "`linetwin run SCENE --events LOG.csv`: every record of the unit (released,\n"
    "queued, started, ended, blocked, moved, inspected, reworked, scrapped,\n"
    "shipped) in time order with its station, server, resource and detail, and\n"
    "its genealogy both ways: the components it was assembled from or the parts\n"
    "it was taken apart into (their histories, recursively), and the unit it was\n"
    "assembled into or taken apart from; for an order, the records of all its units.\n"
    "\n"
    "options:\n"
    "  --unit SERIAL      a unit's serial, e.g. housing-17 (or its number, 17)\n"
    "  --order ID         an order's id\n"
    "  -h, --help         this text\n"
    "\n"
    "exit status: 0 found, 1 not in the log or the log cannot be read,\n"
    "2 bad usage or LOG is not a CSV event log\n"
    "See docs/event-log.md for the columns.\n";

enum { C_TIME, C_STAMP, C_EVENT, C_UNIT, C_PRODUCT, C_ORDER, C_STATION, C_SERVER, C_RESOURCE, C_FROM, C_TO, C_DETAIL,
       C_COUNT };
static const char *const columns[C_COUNT] = {"time_s", "timestamp", "event",  "unit",     "product", "order",
                                             "station", "server",   "resource", "from",    "to",      "detail"};

#define MAX_FIELDS 64

/* Splits a CSV line in place (quotes removed, "" made "); the number of
 * fields, or -1 when malformed. */
static int split_csv(char *line, char **f, int max) {
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == max) return -1;
        if (*p == '"') {
            char *w = ++p;
            f[n++] = w;
            for (;;) {
                if (*p == '\0') return -1;
                if (*p == '"') {
                    if (p[1] == '"') {
                        *w++ = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                *w++ = *p++;
            }
            *w = '\0';
            if (*p == ',') {
                p++;
                continue;
            }
            if (*p == '\0') return n;
            return -1;
        }
        f[n++] = p;
        char *c = strchr(p, ',');
        if (!c) return n;
        *c = '\0';
        p = c + 1;
    }
}

/* Reads one line of any length into *buf; false at the end. */
static bool read_line(FILE *in, char **buf, size_t *cap) {
    size_t n = 0;
    int c;
    while ((c = getc(in)) != EOF) {
        if (n + 2 > *cap) {
            size_t nc = *cap ? *cap * 2 : 256;
            char *b = realloc(*buf, nc);
            if (!b) return false;
            *buf = b;
            *cap = nc;
        }
        if (c == '\n') break;
        (*buf)[n++] = (char)c;
    }
    if (n == 0 && c == EOF) return false;
    if (n > 0 && (*buf)[n - 1] == '\r') n--;
    (*buf)[n] = '\0';
    return true;
}

/* Does the log's serial s name the unit the user asked for (the serial,
 * or its number alone)? */
static bool unit_matches(const char *s, const char *want, bool number_only) {
    if (!number_only) return strcmp(s, want) == 0;
    const char *dash = strrchr(s, '-');
    return dash && strcmp(dash + 1, want) == 0;
}

static bool all_digits(const char *s) {
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

static void print_row(char **f, const int *col, bool with_unit) {
    const char *v[C_COUNT];
    for (int k = 0; k < C_COUNT; k++) v[k] = col[k] >= 0 ? f[col[k]] : "";
    char where[200] = "", line[1200];
    if (strcmp(v[C_EVENT], "inspected") == 0 && *v[C_FROM])
        snprintf(where, sizeof where, "defect made at %s", v[C_FROM]);
    else if (*v[C_FROM] && *v[C_TO])
        snprintf(where, sizeof where, "%s -> %s", v[C_FROM], v[C_TO]);
    else if (*v[C_FROM] || *v[C_TO])
        snprintf(where, sizeof where, "%s %s", *v[C_FROM] ? "from" : "to", *v[C_FROM] ? v[C_FROM] : v[C_TO]);
    int n = 0;
    if (with_unit) n = snprintf(line, sizeof line, "%-16s ", v[C_UNIT]);
    if (n >= 0 && (size_t)n < sizeof line)
        snprintf(line + n, sizeof line - (size_t)n, "%-24s %12s  %-15s %-14s %-6s %-18s %-24s %s", v[C_STAMP],
                 v[C_TIME], v[C_EVENT], v[C_STATION], v[C_SERVER], v[C_RESOURCE], where, v[C_DETAIL]);
    size_t len = strlen(line);
    while (len > 0 && line[len - 1] == ' ') line[--len] = '\0';
    puts(line);
}

static void print_head(bool with_unit) {
    if (with_unit) printf("%-16s ", "unit");
    printf("%-24s %12s  %-15s %-14s %-6s %-18s %-24s %s\n", "timestamp", "time_s", "event", "station", "server",
           "resource", "from -> to", "detail");
}

/* Finds the log's columns in its header (nf fields, < 0 when malformed);
 * false when a column trace needs is missing. */
static bool map_columns(char **f, int nf, int *col) {
    for (int k = 0; k < C_COUNT; k++) {
        col[k] = -1;
        for (int i = 0; i < nf; i++)
            if (strcmp(f[i], columns[k]) == 0) col[k] = i;
    }
    return !(nf < 0 || col[C_EVENT] < 0 || col[C_UNIT] < 0 || col[C_ORDER] < 0 || col[C_TIME] < 0);
}

/* The counts and the fate of the traced unit or order, for the summary,
 * and the components its "assembled" records name or the parts its
 * "disassembled" ones do (its genealogy down), and the unit it was taken
 * apart from (up). */
typedef struct trace_tally {
    long created, shipped, scrapped, reworked;
    bool taken_apart;  /* the parts are what it was taken apart into */
    char fate[200];
    char origin[200];  /* the serial of the unit it was taken apart from, or "" */
    char **parts;
    size_t nparts, cap_parts;
    bool oom;
} trace_tally;

static void tally_part(trace_tally *t, const char *serial) {
    if (t->nparts == t->cap_parts) {
        size_t nc = t->cap_parts ? t->cap_parts * 2 : 8;
        char **p = realloc(t->parts, nc * sizeof *p);
        if (!p) {
            t->oom = true;
            return;
        }
        t->parts = p;
        t->cap_parts = nc;
    }
    char *c = malloc(strlen(serial) + 1);
    if (!c) {
        t->oom = true;
        return;
    }
    strcpy(c, serial);
    t->parts[t->nparts++] = c;
}

static void tally_fini(trace_tally *t) {
    for (size_t i = 0; i < t->nparts; i++) free(t->parts[i]);
    free(t->parts);
}

/* Counts one traced record ev (fields f); a unit's fate is where it left. */
static void tally_event(trace_tally *t, char **f, const int *col, const char *ev, bool by_unit) {
    const char *stamp = col[C_STAMP] >= 0 ? f[col[C_STAMP]] : f[col[C_TIME]];
    const char *detail = col[C_DETAIL] >= 0 ? f[col[C_DETAIL]] : "";
    if (strcmp(ev, "created") == 0) t->created++;
    else if (strcmp(ev, "shipped") == 0) t->shipped++;
    else if (strcmp(ev, "scrapped") == 0) t->scrapped++;
    else if (strcmp(ev, "reworked") == 0) t->reworked++;
    else if (by_unit && strcmp(ev, "assembled") == 0 && *detail) tally_part(t, detail);
    else if (by_unit && strcmp(ev, "disassembled") == 0 && *detail) {
        tally_part(t, detail);
        t->taken_apart = true;
        snprintf(t->fate, sizeof t->fate, "taken apart at %s", stamp);
    }
    if (by_unit && (strcmp(ev, "shipped") == 0 || strcmp(ev, "scrapped") == 0))
        snprintf(t->fate, sizeof t->fate, "%s at %s%s%s", ev, stamp, *detail ? ", " : "", detail);
}

/* The summary under the history: a unit's status, an order's counts;
 * dir as trace_query's (what is printed below: up, down or both). */
static void print_tally(const trace_tally *t, bool by_unit, int dir) {
    printf("\n");
    if (by_unit) {
        const char *below = dir >= 0 ? ", their histories below" : "";
        printf("status: %s\n", *t->fate ? t->fate : "in the line at the end of the run");
        printf("rework passes: %ld\n", t->reworked);
        if (*t->origin) printf("origin: taken apart from %s%s\n", t->origin, dir <= 0 ? ", its history below" : "");
        if (t->taken_apart) printf("genealogy: taken apart into %zu parts%s\n", t->nparts, below);
        else if (t->nparts == 0) printf("genealogy: no components (the unit was not assembled from other units)\n");
        else printf("genealogy: %zu components%s\n", t->nparts, below);
    } else {
        printf("units: %ld created, %ld shipped, %ld scrapped, %ld in the line at the end\n", t->created,
               t->shipped, t->scrapped, t->created - t->shipped - t->scrapped);
    }
}

/* What one pass over the log looks for. */
typedef struct trace_query {
    const char *path;
    const char *want;
    bool by_unit, number_only;
    int depth; /* 0: the unit asked for; > 0: a component or part of it, or the unit it came from, so deep */
    int dir;   /* 0: the unit asked for (both ways), 1: down (components, parts), -1: up (taken apart from) */
    const char *label; /* what the unit is to the one asked for: "unit", "component", "part" ... */
} trace_query;

/* One pass over the log's records (after its header) for q: prints the
 * history and fills *t. 0, or the exit status of a problem (printed). */
static int trace_pass(FILE *in, const trace_query *q, const int *col, trace_tally *t, long *found) {
    char *line = NULL, *f[MAX_FIELDS];
    size_t cap = 0;
    long lineno = 1;
    int status = 0;
    *found = 0;
    while (read_line(in, &line, &cap)) {
        lineno++;
        int n = split_csv(line, f, MAX_FIELDS);
        if (n <= col[C_EVENT] || n <= col[C_UNIT] || n <= col[C_ORDER] || n <= col[C_DETAIL] || n < 0) {
            fprintf(stderr, "linetwin trace: %s:%ld: malformed record (%d fields)\n", q->path, lineno, n);
            status = 2;
            break;
        }
        const char *u = f[col[C_UNIT]], *ord = f[col[C_ORDER]], *ev = f[col[C_EVENT]];
        bool hit = q->by_unit ? *u && unit_matches(u, q->want, q->number_only) : strcmp(ord, q->want) == 0;
        if (!hit && q->by_unit && col[C_DETAIL] >= 0 && strcmp(ev, "assembled") == 0 &&
            unit_matches(f[col[C_DETAIL]], q->want, q->number_only)) /* the unit became part of another */
            snprintf(t->fate, sizeof t->fate, "assembled into %s at %s", u,
                     col[C_STAMP] >= 0 ? f[col[C_STAMP]] : f[col[C_TIME]]);
        if (!hit && q->by_unit && col[C_DETAIL] >= 0 && strcmp(ev, "disassembled") == 0 &&
            unit_matches(f[col[C_DETAIL]], q->want, q->number_only)) /* the unit is a part of another */
            snprintf(t->origin, sizeof t->origin, "%s", u);
        if (!hit) continue;
        if (*found == 0) {
            const char *product = col[C_PRODUCT] >= 0 && *f[col[C_PRODUCT]] ? f[col[C_PRODUCT]] : "?";
            if (q->depth) printf("\n%*s", 2 * q->depth - 2, "");
            if (q->by_unit)
                printf("%s %s: product %s, order %s\n\n", q->label, u, product, *ord ? ord : "none");
            else
                printf("order %s: product %s\n\n", q->want, product);
            print_head(!q->by_unit);
        }
        (*found)++;
        print_row(f, col, !q->by_unit);
        tally_event(t, f, col, ev, q->by_unit);
    }
    if (!status && ferror(in)) {
        fprintf(stderr, "linetwin trace: cannot read %s: %s\n", q->path, strerror(errno));
        status = 1;
    }
    free(line);
    return status;
}

/* A unit's history, then its components' (a second pass over the log for
 * each, recursively: the log is a file, never held in memory). */
static int trace_unit(FILE *in, long body, const trace_query *q, const int *col) {
    trace_tally t = {0};
    long found = 0;
    int status = trace_pass(in, q, col, &t, &found);
    if (!status && found == 0) {
        fprintf(stderr, "linetwin trace: %s: no %s %s in the log\n", q->path, q->by_unit ? "unit" : "order", q->want);
        status = 1;
    }
    if (!status && t.oom) {
        fprintf(stderr, "linetwin trace: out of memory\n");
        status = 1;
    }
    if (!status) print_tally(&t, q->by_unit, q->dir);
    size_t down = q->dir >= 0 ? t.nparts : 0;
    for (size_t i = 0; !status && i <= down && q->depth < 64; i++) {
        const char *next = i < down ? t.parts[i] : q->dir <= 0 && *t.origin ? t.origin : NULL;
        if (!next) break;
        if (fseek(in, body, SEEK_SET) != 0) {
            fprintf(stderr, "linetwin trace: %s: cannot read it again for the genealogy (a pipe?)\n", q->path);
            status = 1;
            break;
        }
        trace_query sub = {q->path, next, true, false, q->depth + 1, i < down ? 1 : -1,
                           i == down ? "taken apart from" : t.taken_apart ? "part" : "component"};
        status = trace_unit(in, body, &sub, col);
    }
    tally_fini(&t);
    return status;
}

static int trace_command(app_opts *o) {
    const char *path = o->scenes[0];
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!in) {
        fprintf(stderr, "linetwin trace: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    char *f[MAX_FIELDS];
    int col[C_COUNT];
    int status = 0;
    if (!read_line(in, &line, &cap)) {
        fprintf(stderr, "linetwin trace: %s: empty, not an event log\n", path);
        status = 2;
    } else if (!map_columns(f, split_csv(line, f, MAX_FIELDS), col)) {
        fprintf(stderr,
                "linetwin trace: %s:1: not a CSV event log (expected the columns time_s, event, unit, order ...; "
                "see docs/event-log.md)\n",
                path);
        status = 2;
    } else {
        const char *want = o->trace_unit ? o->trace_unit : o->trace_order;
        trace_query q = {path, want, o->trace_unit != NULL, o->trace_unit != NULL && all_digits(want), 0, 0, "unit"};
        status = trace_unit(in, ftell(in), &q, col);
    }
    free(line);
    if (in != stdin) fclose(in);
    return status;
}

int cmd_trace(int argc, char **argv) { return app_command(APP_CMD_TRACE, argc, argv, trace_usage, trace_command); }
