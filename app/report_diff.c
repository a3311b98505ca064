/*
 * report_diff.c - the per-entity tables of `compare --report`: material
 * handling, stations, AS/RS, docks, conveyors, batching, assembly (each
 * component), disassembly and people, as HTML tables with both means, the
 * paired difference and its 95 % interval.
 *
 * The rows are not worked out here: the producers that write compare's
 * text table (compare_put_transport, compare_put_sections,
 * compare_put_people) write them to this page's compare_sink, so the page
 * and the table carry the same rows and numbers. This file only says how
 * a row looks for people: shares as percentages and their differences in
 * percentage points, durations in h / min / s, thousands separated. Each
 * table names the JSON member that holds the same numbers (data-json),
 * each entity its id (data-id) and each row its KPI's key (data-key), so
 * that a reader of the page (tests/report_check.py) finds them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare.h"
#include "report.h"

typedef struct diff_page {
    report *r;
    int columns; /* of the open table */
} diff_page;

/* v with a sign: "+3", "-1,250", "0" (plain numbers and counts). */
static void signed_num(double v, bool count, char *buf, size_t size) {
    char n[48]; /* (a sign more fits the caller's 64) */
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
        return;
    }
    if (count) snprintf(n, sizeof n, "%.0f", fabs(v));
    else report_num(fabs(v), n, sizeof n);
    snprintf(buf, size, "%s%s", strcmp(n, "0") == 0 ? "" : v < 0 ? "-" : "+", n);
}

/* A cell of a row: which = 0 base, 1 retrofit, 2 difference, 3 its
 * 95 % half-width. */
static void cell(const compare_row *row, int which, char *buf, size_t size) {
    double v = which == 0 ? row->base : which == 1 ? row->retro : which == 2 ? row->diff.mean : row->diff.ci95;
    bool diff = which >= 2;
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
        return;
    }
    switch (row->fmt) {
    case COMPARE_SHARE:
        if (!diff) report_pct(v, buf, size);
        else if (fabs(v) < 5e-4) snprintf(buf, size, "0 pp");
        else snprintf(buf, size, which == 2 ? "%+.1f pp" : "%.1f pp", 100 * v);
        break;
    case COMPARE_DURATION: {
        char d[48];
        report_duration(fabs(v), d, sizeof d);
        snprintf(buf, size, "%s%s", which == 2 && strcmp(d, "0s") != 0 ? (v < 0 ? "-" : "+") : "", d);
        break;
    }
    case COMPARE_COUNT:
        if (which == 2) signed_num(v, true, buf, size);
        else snprintf(buf, size, "%.0f", v);
        break;
    default:
        if (which == 2) signed_num(v, false, buf, size);
        else report_num(v, buf, size);
    }
}

static void page_table(void *ctx, const char *title, const char *json, bool with_change) {
    diff_page *p = ctx;
    FILE *f = p->r->f;
    p->columns = with_change ? 6 : 5;
    fputs("<h3>", f);
    report_html_text(f, title);
    fputs("</h3>\n<table class=\"diff\"", f);
    if (json) fprintf(f, " data-json=\"%s\"", json);
    fputs(">\n<tr><th></th><th>base</th><th>retrofit</th><th>difference</th><th>&plusmn; 95 %</th>", f);
    fputs(with_change ? "<th>change</th></tr>\n" : "</tr>\n", f);
}

static void page_head(void *ctx, int depth, const char *text, const char *json_id) {
    diff_page *p = ctx;
    FILE *f = p->r->f;
    fprintf(f, "<tr class=\"head\"><td class=\"d%d\" colspan=\"%d\"", depth, p->columns);
    if (json_id) {
        fputs(" data-id=\"", f);
        report_html_text(f, json_id);
        fputs("\"", f);
    }
    fputs(">", f);
    report_html_text(f, text);
    fputs("</td></tr>\n", f);
}

static void page_row(void *ctx, const compare_row *row) {
    diff_page *p = ctx;
    FILE *f = p->r->f;
    fputs("<tr", f);
    if (row->key) fprintf(f, " data-key=\"%s\"", row->key);
    fprintf(f, "><td class=\"d%d\">", row->depth);
    report_html_text(f, row->label);
    fputs("</td>", f);
    for (int i = 0; i < 4; i++) {
        char c[64];
        cell(row, i, c, sizeof c);
        fprintf(f, "<td class=\"n\">%s</td>", c);
    }
    if (row->has_rel) {
        char rel[32];
        compare_signed_pct(row->rel, rel, sizeof rel);
        fprintf(f, "<td class=\"n\">%s</td>", rel);
    }
    fputs("</tr>\n", f);
}

static void page_note(void *ctx, const char *text) {
    diff_page *p = ctx;
    fprintf(p->r->f, "<tr><td class=\"note\" colspan=\"%d\">", p->columns);
    report_html_text(p->r->f, text);
    fputs("</td></tr>\n", p->r->f);
}

static void page_end(void *ctx) {
    diff_page *p = ctx;
    fputs("</table>\n", p->r->f);
}

void report_compare_tables(report *r, const mdl_batch *base, const mdl_batch *retro, double productivity_goal) {
    diff_page p = {r, 5};
    compare_sink out = {page_table, page_head, page_row, page_note, page_end, &p};
    report_section(r, "Plant entities, both scenes");
    fputs("<p class=\"note\">Each entity is matched by its id in both scenes. <i>difference</i> is retrofit "
          "minus base, paired over the replications (common random numbers), with the half-width of its 95 % "
          "interval; \"-\" where a scene has no such entity or figure; shares differ in percentage points "
          "(pp).</p>\n", r->f);
    compare_put_transport(&out, base, retro);
    compare_put_sections(&out, base, retro);
    compare_put_people(&out, base, retro, productivity_goal);
}
