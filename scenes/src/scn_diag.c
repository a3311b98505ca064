/*
 * scn_diag.c - the collection of diagnostics.
 */
#include "scn_diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct scn_diag {
    char *text;     /* "file:line: subject: message" */
    char *file;     /* for sorting */
    int line;
    size_t seq;     /* order of arrival, keeps sorting stable */
} scn_diag;

struct scn_diags {
    scn_diag *items;
    size_t n, cap;
    size_t dropped;     /* diagnostics beyond SCN_DIAGS_MAX */
    char **files;       /* files in the order they were first named */
    size_t nfiles, capfiles;
    char *summary;      /* "... and N more problems" when some were dropped */
};

scn_diags *scn_diags_new(void) {
    return calloc(1, sizeof(scn_diags));
}

void scn_diags_clear(scn_diags *d) {
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].text);
        free(d->items[i].file);
    }
    for (size_t i = 0; i < d->nfiles; i++) free(d->files[i]);
    d->n = 0;
    d->nfiles = 0;
    d->dropped = 0;
    free(d->summary);
    d->summary = NULL;
}

void scn_diags_free(scn_diags *d) {
    if (!d) return;
    scn_diags_clear(d);
    free(d->items);
    free(d->files);
    free(d);
}

size_t scn_diags_count(const scn_diags *d) {
    if (!d) return 0;
    return d->n + (d->dropped ? 1 : 0);
}

const char *scn_diags_get(const scn_diags *d, size_t i) {
    if (!d) return "";
    if (i < d->n) return d->items[i].text;
    if (i == d->n && d->dropped && d->summary) return d->summary;
    return "";
}

void scn_diags_print(const scn_diags *d, FILE *f) {
    size_t n = scn_diags_count(d);
    for (size_t i = 0; i < n; i++) fprintf(f, "%s\n", scn_diags_get(d, i));
}

static char *dup_str(const char *s) {
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

/* The rank of a file in the order files were first named; unknown files
 * are registered. Out of memory gives a large rank (sorted last). */
static size_t file_rank(scn_diags *d, const char *file) {
    for (size_t i = 0; i < d->nfiles; i++)
        if (strcmp(d->files[i], file) == 0) return i;
    if (d->nfiles == d->capfiles) {
        size_t cap = d->capfiles ? 2 * d->capfiles : 8;
        char **p = realloc(d->files, cap * sizeof(*p));
        if (!p) return (size_t)-1;
        d->files = p;
        d->capfiles = cap;
    }
    char *copy = dup_str(file);
    if (!copy) return (size_t)-1;
    d->files[d->nfiles] = copy;
    return d->nfiles++;
}

void scn_diags_add(scn_diags *d, const char *file, int line, const char *subject,
                   const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    scn_diags_vadd(d, file, line, subject, fmt, ap);
    va_end(ap);
}

void scn_diags_vadd(scn_diags *d, const char *file, int line, const char *subject, const char *fmt, va_list ap) {
    if (!d) return;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);

    char text[1400];
    const char *f = file && *file ? file : "scene";
    if (line > 0 && subject && *subject)
        snprintf(text, sizeof text, "%s:%d: %s: %s", f, line, subject, msg);
    else if (line > 0)
        snprintf(text, sizeof text, "%s:%d: %s", f, line, msg);
    else if (subject && *subject)
        snprintf(text, sizeof text, "%s: %s: %s", f, subject, msg);
    else
        snprintf(text, sizeof text, "%s: %s", f, msg);

    /* Messages must stay one printable line each: a scene may put control
     * characters or newlines into a string that a message quotes. */
    for (unsigned char *p = (unsigned char *)text; *p;) {
        if (*p < 0x20 || *p == 0x7f) {
            *p++ = '?';
        } else if (*p < 0x80) {
            p++;
        } else {
            /* Keep well-formed UTF-8 (names in any language); replace
             * stray bytes so that a terminal or a log shows one line. */
            int len = (*p >= 0xC2 && *p <= 0xDF) ? 2 : (*p >= 0xE0 && *p <= 0xEF) ? 3 : (*p >= 0xF0 && *p <= 0xF4) ? 4 : 0;
            bool ok = len > 0;
            for (int k = 1; ok && k < len; k++)
                if ((p[k] & 0xC0) != 0x80) ok = false;
            if (ok) p += len;
            else *p++ = '?';
        }
    }

    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i].text, text) == 0) return;
    if (d->n >= SCN_DIAGS_MAX) {
        d->dropped++;
        char s[96];
        snprintf(s, sizeof s, "%s: ... and %zu more problem%s", f, d->dropped,
                 d->dropped == 1 ? "" : "s");
        free(d->summary);
        d->summary = dup_str(s);
        return;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        scn_diag *p = realloc(d->items, cap * sizeof(*p));
        if (!p) return;
        d->items = p;
        d->cap = cap;
    }
    scn_diag *it = &d->items[d->n];
    it->text = dup_str(text);
    it->file = dup_str(f);
    if (!it->text || !it->file) {
        free(it->text);
        free(it->file);
        return;
    }
    it->line = line;
    it->seq = d->n;
    file_rank(d, f);
    d->n++;
}

void scn_diags_sort(scn_diags *d) {
    if (!d || d->n < 2) return;
    /* Insertion sort: stable, and collections are small (<= SCN_DIAGS_MAX). */
    size_t *rank = malloc(d->n * sizeof(size_t));
    if (!rank) return;
    for (size_t i = 0; i < d->n; i++) rank[i] = file_rank(d, d->items[i].file);
    for (size_t i = 1; i < d->n; i++) {
        scn_diag it = d->items[i];
        size_t r = rank[i];
        size_t j = i;
        while (j > 0 && (rank[j - 1] > r || (rank[j - 1] == r && d->items[j - 1].line > it.line))) {
            d->items[j] = d->items[j - 1];
            rank[j] = rank[j - 1];
            j--;
        }
        d->items[j] = it;
        rank[j] = r;
    }
    free(rank);
}
