/*
 * scn_text.c - reading one scene file into the loader's tree.
 *
 * The syntax is libconfig 1.5's (docs/scene-format.md), read here by our own
 * tokeniser and recursive-descent parser rather than by libconfig, because
 * libconfig 1.5 reports a syntax error at the line of the token *after* the
 * mistake, silently wraps integers that do not fit in 32 bits, refuses
 * arrays that mix 4 and 6.5, accepts a comment or an @include left open at
 * the end of the file (dropping the rest), counts only '\n' as a line end,
 * refuses UTF-8 in keys and byte-order marks, and looks up every new key
 * among all the keys of its group (a group of 100,000 keys takes minutes).
 * This pass follows libconfig's lexical rules, says precisely what is wrong
 * and where, and is linear in the size of the file: keys are checked for
 * duplicates through an index. tests/test_hardening_load.c checks that it
 * reads every example scene into the same tree as libconfig does.
 *
 * Beyond libconfig 1.5: a leading UTF-8 byte-order mark is skipped; lines
 * end in "\n", "\r\n" or a lone "\r"; a key may contain UTF-8 characters
 * (so that a group can be keyed by a station id in any language); every
 * string and key must be well-formed UTF-8.
 */
#include "scn_internal.h"
#include "scn_scene.h"
#include "scn_text_internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Deepest nesting of groups, lists and arrays accepted. */
#define SCN_MAX_DEPTH 64

typedef struct parser {
    lexer lx;
    tok t;              /* lookahead */
    scn_arena *a;
    const char *file;
    scn_diags *d;
    scn_text *out;
    size_t *budget;     /* values this load may still make */
    char *buf;          /* scratch for decoding strings (scn__mem) */
    size_t buflen, bufcap;
    bool failed;        /* a syntax error has been recorded */
    int multiline_string_line;  /* start of the last string spanning lines */
} parser;

/* ---- parser ------------------------------------------------------------ */

static void advance(parser *p) { scn__lex_next(&p->lx, &p->t); }

/* How a token reads in a message. */
static void describe(const parser *p, const tok *t, char *buf, size_t size) {
    const char *s = p->lx.s + t->pos;
    int len = (int)(t->end - t->pos);
    switch (t->kind) {
    case TK_EOF: snprintf(buf, size, "the end of the file"); return;
    case TK_NAME: snprintf(buf, size, "the name '%.*s'", scn__utf8_cut(s, (size_t)len, 40), s); return;
    case TK_BOOL: snprintf(buf, size, "'%.*s'", len, s); return;
    case TK_STRING:
        if (len > 32) snprintf(buf, size, "the string %.*s...\"", scn__utf8_cut(s, (size_t)len, 28), s);
        else snprintf(buf, size, "the string %.*s", len, s);
        return;
    case TK_INT: case TK_INT64: case TK_HEX: case TK_HEX64: case TK_FLOAT:
        snprintf(buf, size, "the number %.*s", len > 30 ? 30 : len, s);
        return;
    case TK_INCLUDE: snprintf(buf, size, "@include"); return;
    default: snprintf(buf, size, "'%.*s'", len > 8 ? 8 : len, s); return;
    }
}

/* Records the first syntax error. When the offending token starts a line
 * and the token before it does not end a setting, the mistake is nearly
 * always at the end of the previous line (a missing ',' or ')' or value):
 * we then point there and say what was found on which line. */
static void syntax_error(parser *p, const char *expected, bool blame_previous_line) {
    if (p->failed) return;
    p->failed = true;
    scn_text *o = p->out;
    o->syntax_ok = false;
    if (p->t.kind == TK_ERROR) {
        o->error_line = p->t.line;
        snprintf(o->error, sizeof o->error, "%s", p->lx.err);
        return;
    }
    char found[96];
    describe(p, &p->t, found, sizeof found);
    if (p->t.kind == TK_EOF && p->t.prev_line > 0) {
        /* The end of the file is reported on the last line with a token. */
        o->error_line = p->t.prev_line;
        snprintf(o->error, sizeof o->error, "expected %s, found %s", expected, found);
    } else if (blame_previous_line && p->t.first && p->t.prev_line > 0) {
        o->error_line = p->t.prev_line;
        snprintf(o->error, sizeof o->error, "expected %s at the end of this line, found %s on line %d",
                 expected, found, p->t.line);
    } else {
        o->error_line = p->t.line;
        snprintf(o->error, sizeof o->error, "expected %s, found %s", expected, found);
    }
    if (p->multiline_string_line > 0 && p->multiline_string_line <= o->error_line) {
        size_t l = strlen(o->error);
        snprintf(o->error + l, sizeof o->error - l,
                 " (the string opened on line %d runs over several lines: is a closing '\"' missing?)",
                 p->multiline_string_line);
    }
}

/* Records a syntax error at line with the message; the first one wins. */
static void fail_at(parser *p, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void fail_at(parser *p, int line, const char *fmt, ...) {
    if (p->failed) return;
    p->failed = true;
    p->out->syntax_ok = false;
    p->out->error_line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->out->error, sizeof p->out->error, fmt, ap);
    va_end(ap);
}

/* A node of this file, counted against the load's budget of values. */
static scn_node *new_node(parser *p, scn_kind kind, const char *name, int line) {
    if (*p->budget == 0) {
        if (!p->failed) {
            p->out->over_limit = true;
            fail_at(p, line, "more than %d values in the scene and its includes",
                    SCN_MAX_VALUES);
        }
        return NULL;
    }
    (*p->budget)--;
    scn_node *n = scn__node_new(p->a, kind, name, p->file, line);
    if (!n) p->failed = true;
    return n;
}

static void add_kid(parser *p, scn_node *parent, scn_node *kid) {
    if (!scn__node_append(p->a, parent, kid)) p->failed = true;
}

/* Integers without L must fit in 32 bits (libconfig 1.5 wraps them
 * silently); with L in 64 bits. Reports, and returns the value meant. */
static long long integer_value(parser *p, const tok *t) {
    const char *s = p->lx.s + t->pos;
    size_t len = t->end - t->pos;
    bool hex = (t->kind == TK_HEX || t->kind == TK_HEX64);
    bool wide = (t->kind == TK_INT64 || t->kind == TK_HEX64);
    while (len > 0 && s[len - 1] == 'L') len--;
    /* A copy without leading zeros, so that the length cap loses nothing. */
    char buf[80];
    size_t k = 0, i = 0;
    if (!hex && (s[0] == '+' || s[0] == '-')) buf[k++] = s[i++];
    if (hex) {
        buf[k++] = '0';
        buf[k++] = 'x';
        i = 2;
    }
    while (i + 1 < len && s[i] == '0') i++;
    bool too_long = len - i >= sizeof buf - k;
    size_t m = too_long ? sizeof buf - k - 1 : len - i;
    memcpy(buf + k, s + i, m);
    buf[k + m] = '\0';
    errno = 0;
    long long v;
    bool out_of_range = too_long;
    if (hex) {
        unsigned long long u = strtoull(buf, NULL, 16);
        if (errno == ERANGE || u > (unsigned long long)LLONG_MAX) out_of_range = true;
        v = (long long)(u > (unsigned long long)LLONG_MAX ? (unsigned long long)LLONG_MAX : u);
    } else {
        v = strtoll(buf, NULL, 10);
        if (errno == ERANGE) out_of_range = true;
    }
    int shown = (int)(len > 40 ? 40 : len);
    if (out_of_range) {
        scn_diags_add(p->d, p->file, t->line, "number", "%.*s is out of range for a 64-bit integer", shown,
                      p->lx.s + t->pos);
    } else if (!wide && (v > INT_MAX || (!hex && v < INT_MIN))) {
        /* Would fit in 64 bits: report, and let the value through so that
         * the rest of the scene is checked against the intended number. */
        scn_diags_add(p->d, p->file, t->line, "number",
                      "%s does not fit in a 32-bit integer and libconfig would silently wrap it; "
                      "write %sL for a 64-bit integer (or %s.0 for a number)",
                      buf, buf, hex ? "a decimal" : buf);
    }
    return v;
}

static bool buf_put(parser *p, const char *s, size_t n) {
    if (p->buflen + n + 1 > p->bufcap) {
        size_t cap = p->bufcap ? p->bufcap : 256;
        while (cap < p->buflen + n + 1) cap *= 2;
        char *b = scn__mem(p->a, p->buf, cap);
        if (!b) {
            p->failed = true;
            p->a->failed = true;
            return false;
        }
        p->buf = b;
        p->bufcap = cap;
    }
    memcpy(p->buf + p->buflen, s, n);
    p->buflen += n;
    return true;
}

/* Appends the value of string token t (libconfig's escapes: \n \r \t \f
 * \\ \" \xHH; any other backslash stays as it is) to p->buf. */
static void decode_string(parser *p, const tok *t) {
    const char *s = p->lx.s;
    size_t i = t->pos + 1, end = t->end - 1;
    int line = t->line;
    while (i < end && !p->failed) {
        size_t run = i;
        while (run < end && s[run] != '\\') run++;
        if (run > i && !buf_put(p, s + i, run - i)) return;
        i = run;
        if (i >= end) break;
        char c = i + 1 < end ? s[i + 1] : '\0';
        char one;
        if ((c == 'x' || c == 'X') && i + 3 < end && isxdigit((unsigned char)s[i + 2]) &&
            isxdigit((unsigned char)s[i + 3])) {
            char hex[3] = {s[i + 2], s[i + 3], '\0'};
            one = (char)strtol(hex, NULL, 16);
            if (one == '\0') {
                for (size_t k = t->pos; k < i; k++)
                    if (scn__ends_line(s, p->lx.n, k)) line++;
                fail_at(p, line, "\\x00 in a string: a string cannot hold a NUL character");
                return;
            }
            buf_put(p, &one, 1);
            i += 4;
            continue;
        }
        switch (c) {
        case 'n': one = '\n'; break;
        case 'r': one = '\r'; break;
        case 't': one = '\t'; break;
        case 'f': one = '\f'; break;
        case '\\': one = '\\'; break;
        case '"': one = '"'; break;
        default:
            buf_put(p, "\\", 1);
            i += 1;
            continue;
        }
        buf_put(p, &one, 1);
        i += 2;
    }
}

static void parse_value(parser *p, int depth, const char *key, size_t keylen, scn_node *into,
                        const char *name);

static bool is_scalar(int k) {
    return k == TK_BOOL || k == TK_INT || k == TK_INT64 || k == TK_HEX || k == TK_HEX64 ||
           k == TK_FLOAT || k == TK_STRING;
}

/* Records an @include seen at the top level; elsewhere it is refused. */
static void take_include(parser *p, int depth) {
    tok t = p->t;
    const char *s = p->lx.s;
    if (depth > 0) {
        scn_diags_add(p->d, p->file, t.line, "@include",
                      "@include is only allowed at the top level of a scene file (it layers a whole "
                      "scene under this one), not inside a group or list");
    } else {
        size_t q = t.pos;
        while (q < t.end && s[q] != '"') q++;
        q++;
        char *path = scn__alloc(p->a, t.end - q + 1);
        scn_text *o = p->out;
        if (o->nincludes == o->capincludes) {
            size_t cap = o->capincludes ? 2 * o->capincludes : 8;
            scn_include *inc = scn__alloc(p->a, cap * sizeof(*inc));
            if (inc && o->nincludes) memcpy(inc, o->includes, o->nincludes * sizeof(*inc));
            if (inc) {
                o->includes = inc;
                o->capincludes = cap;
            }
        }
        if (path && o->nincludes < o->capincludes) {
            size_t k = 0;
            for (size_t j = q; j + 1 < t.end; j++) {
                if (s[j] == '\\' && j + 2 < t.end && (s[j + 1] == '"' || s[j + 1] == '\\')) j++;
                path[k++] = s[j];
            }
            path[k] = '\0';
            if (scn__utf8_bad_at(path, k) < k) {
                fail_at(p, t.line, "@include: invalid UTF-8 in the file name");
                return;
            }
            o->includes[o->nincludes].path = path;
            o->includes[o->nincludes].line = t.line;
            o->nincludes++;
        } else {
            p->failed = true;
        }
    }
    advance(p);
}

/* The settings of `group` up to `closer` (TK_RBRACE inside a group, TK_EOF
 * at the top). A duplicate key is found by scanning a small group, by an
 * index once the group is larger. */
static void parse_settings(parser *p, int depth, int closer, int open_line, scn_node *group) {
    scn_index ix = {0};
    ix.a = p->a;
    bool indexed = false;
    while (!p->failed) {
        if (p->t.kind == TK_INCLUDE) {
            take_include(p, depth);
            continue;
        }
        if (p->t.kind == closer) break;
        if (p->t.kind != TK_NAME) {
            if (p->t.kind == TK_EOF && closer == TK_RBRACE) {
                char what[96];
                snprintf(what, sizeof what, "'}' to close the group opened on line %d", open_line);
                syntax_error(p, what, false);
            } else if (closer == TK_RBRACE) {
                syntax_error(p, "a key name or '}'", false);
            } else if (p->t.kind == TK_RBRACE || p->t.kind == TK_RPAREN || p->t.kind == TK_RBRACK) {
                syntax_error(p, "a key name (this closing bracket has no opening one)", false);
            } else {
                syntax_error(p, "a key name", false);
            }
            break;
        }
        tok name = p->t;
        const char *key = p->lx.s + name.pos;
        size_t keylen = name.end - name.pos;
        char *kname = scn__strndup(p->a, key, keylen);
        if (!kname) {
            p->failed = true;
            break;
        }
        /* duplicate keys */
        const scn_node *dup = NULL;
        if (!indexed && group->nkids >= 16) {
            indexed = true;
            for (size_t i = 0; i < group->nkids && !p->failed; i++)
                if (!scn__index_put(&ix, group->kids[i]->name, i)) p->failed = true;
        }
        if (indexed) {
            size_t at;
            if (scn__index_get(&ix, kname, &at)) dup = group->kids[at];
        } else {
            for (size_t i = 0; i < group->nkids; i++)
                if (strcmp(group->kids[i]->name, kname) == 0) dup = group->kids[i];
        }
        if (dup) {
            fail_at(p, name.line,
                    "duplicate key '%.*s' (already set on line %d); a key may appear once per group "
                    "(to change an included scene, set the key in the including file)",
                    scn__utf8_cut(key, keylen, 60), key, dup->line);
            break;
        }
        advance(p);
        if (p->t.kind != TK_EQ) {
            char what[96];
            snprintf(what, sizeof what, "'=' after '%.*s'", scn__utf8_cut(key, keylen, 40), key);
            syntax_error(p, what, true);
            break;
        }
        advance(p);
        size_t before = group->nkids;
        parse_value(p, depth, key, keylen, group, kname);
        if (p->failed) break;
        /* The member takes the line of its key, as in libconfig. */
        if (group->nkids > before) {
            group->kids[before]->line = name.line;
            if (indexed && !scn__index_put(&ix, kname, before)) p->failed = true;
        }
        if (p->t.kind == TK_SEMI || p->t.kind == TK_COMMA) advance(p);
    }
    scn__index_fini(&ix);
}

static int type_class(int k) {
    switch (k) {
    case TK_INT: case TK_HEX: return 1;
    case TK_INT64: case TK_HEX64: return 2;
    case TK_FLOAT: return 3;
    case TK_STRING: return 4;
    case TK_BOOL: return 5;
    default: return 0;
    }
}

static const char *class_phrase(int c) {
    switch (c) {
    case 1: return "an integer";
    case 2: return "a 64-bit integer";
    case 3: return "a number with a fraction";
    case 4: return "a string";
    default: return "a boolean";
    }
}

/* A scalar value into `into` (strings next to each other are joined, as
 * in libconfig). */
static void parse_scalar(parser *p, scn_node *into, const char *name) {
    tok t = p->t;
    scn_node *n = NULL;
    switch (t.kind) {
    case TK_STRING: {
        p->buflen = 0;
        while (p->t.kind == TK_STRING && !p->failed) {
            if (p->t.end_line != p->t.line && p->multiline_string_line == 0)
                p->multiline_string_line = p->t.line;
            decode_string(p, &p->t);
            advance(p);
        }
        if (p->failed) return;
        if (scn__utf8_bad_at(p->buf ? p->buf : "", p->buflen) < p->buflen) {
            fail_at(p, t.line, "the string is not valid UTF-8 (a \\x escape makes a byte of its own)");
            return;
        }
        n = new_node(p, SCN_STRING, name, t.line);
        if (!n) return;
        n->s = scn__strndup(p->a, p->buf ? p->buf : "", p->buflen);
        if (!n->s) p->failed = true;
        break;
    }
    case TK_INT: case TK_INT64: case TK_HEX: case TK_HEX64:
        n = new_node(p, SCN_INT, name, t.line);
        if (!n) return;
        n->i = integer_value(p, &t);
        advance(p);
        break;
    case TK_FLOAT: {
        n = new_node(p, SCN_FLOAT, name, t.line);
        if (!n) return;
        char buf[128];
        size_t len = t.end - t.pos;
        if (len < sizeof buf) {
            memcpy(buf, p->lx.s + t.pos, len);
            buf[len] = '\0';
            n->f = strtod(buf, NULL);
        } else {
            char *big = scn__strndup(p->a, p->lx.s + t.pos, len);
            n->f = big ? strtod(big, NULL) : 0.0;
        }
        advance(p);
        break;
    }
    default: /* TK_BOOL */
        n = new_node(p, SCN_BOOL, name, t.line);
        if (!n) return;
        n->i = (t.end - t.pos == 4);
        advance(p);
        break;
    }
    if (!p->failed) add_kid(p, into, n);
}

/* After an item of an array or a list opened on open_line: 1 at the
 * closing bracket `close` (left for the caller), 0 after a ',' with another
 * item to come, -1 after reporting a syntax error. */
static int after_item(parser *p, int close, char close_ch, const char *noun, int open_line) {
    if (p->t.kind == close) return 1;
    char what[96];
    if (p->t.kind != TK_COMMA) {
        if (p->t.kind == TK_EOF) {
            snprintf(what, sizeof what, "',' or '%c' to close the %s opened on line %d", close_ch, noun,
                     open_line);
            syntax_error(p, what, false);
        } else {
            snprintf(what, sizeof what, "',' or '%c' in the %s", close_ch, noun);
            syntax_error(p, what, true);
        }
        return -1;
    }
    advance(p);
    if (p->t.kind == close) {
        syntax_error(p, "a value after ',' (libconfig does not allow a trailing comma)", false);
        return -1;
    }
    return 0;
}

static void parse_array(parser *p, int open_line, scn_node *arr) {
    bool seen[6] = {false};
    bool hex = false;
    int first_class = 0;
    int mismatch_line = 0, mismatch_class = 0;
    advance(p); /* '[' */
    if (p->t.kind == TK_RBRACK) {
        advance(p);
        return;
    }
    for (;;) {
        if (p->t.kind == TK_INCLUDE) {
            take_include(p, 1);
            if (p->failed) return;
            if (p->t.kind == TK_RBRACK && arr->nkids == 0) break;
            continue;
        }
        if (!is_scalar(p->t.kind)) {
            if (p->t.kind == TK_LBRACE || p->t.kind == TK_LPAREN || p->t.kind == TK_LBRACK)
                syntax_error(p, "a plain value (an array [ ] holds numbers, strings or booleans; "
                                "use a list ( ) for groups and lists)", false);
            else if (p->t.kind == TK_EOF) {
                char what[96];
                snprintf(what, sizeof what, "a value or ']' to close the array opened on line %d", open_line);
                syntax_error(p, what, false);
            } else
                syntax_error(p, "a value in the array", true);
            return;
        }
        int c = type_class(p->t.kind);
        if (!first_class) first_class = c;
        seen[c] = true;
        if (p->t.kind == TK_HEX) hex = true;
        if (c != first_class && !mismatch_line) {
            mismatch_line = p->t.line;
            mismatch_class = c;
        }
        parse_scalar(p, arr, NULL);
        if (p->failed) return;
        int at = after_item(p, TK_RBRACK, ']', "array", open_line);
        if (at < 0) return;
        if (at > 0) break;
    }
    advance(p); /* ']' */
    if (!mismatch_line) return;
    /* Mixed integers and fractions ([4, 6.5]) are what a planner writes for
     * coordinates: make the integers numbers with a fraction. Mixed 32- and
     * 64-bit integers are all integers here. Anything else is an error. */
    bool numbers_only = !seen[4] && !seen[5];
    if (numbers_only && seen[1] && seen[3] && !seen[2] && !hex) {
        for (size_t i = 0; i < arr->nkids; i++) {
            scn_node *k = arr->kids[i];
            if (k->kind == SCN_INT) {
                k->kind = SCN_FLOAT;
                k->f = (double)k->i;
                k->i = 0;
            }
        }
        return;
    }
    if (numbers_only && seen[1] && seen[2] && !seen[3]) return;
    fail_at(p, mismatch_line,
            "array elements must all be of one type: found %s after %s (use a list ( ) to mix types)",
            class_phrase(mismatch_class), class_phrase(first_class));
}

static void parse_list(parser *p, int depth, int open_line, scn_node *list) {
    advance(p); /* '(' */
    if (p->t.kind == TK_RPAREN) {
        advance(p);
        return;
    }
    for (;;) {
        parse_value(p, depth, NULL, 0, list, NULL);
        if (p->failed) return;
        int at = after_item(p, TK_RPAREN, ')', "list", open_line);
        if (at < 0) return;
        if (at > 0) break;
    }
    advance(p); /* ')' */
}

/* A value, added to `into` under `name` (NULL in lists and arrays). */
static void parse_value(parser *p, int depth, const char *key, size_t keylen, scn_node *into,
                        const char *name) {
    if (depth >= SCN_MAX_DEPTH) {
        fail_at(p, p->t.line, "groups, lists and arrays are nested more than %d deep", SCN_MAX_DEPTH);
        return;
    }
    int line = p->t.line;
    scn_node *n;
    switch (p->t.kind) {
    case TK_LBRACE:
        if (!(n = new_node(p, SCN_GROUP, name, line))) return;
        add_kid(p, into, n);
        advance(p);
        parse_settings(p, depth + 1, TK_RBRACE, line, n);
        if (!p->failed) advance(p); /* '}' */
        return;
    case TK_LPAREN:
        if (!(n = new_node(p, SCN_LIST, name, line))) return;
        add_kid(p, into, n);
        parse_list(p, depth + 1, line, n);
        return;
    case TK_LBRACK:
        if (!(n = new_node(p, SCN_ARRAY, name, line))) return;
        add_kid(p, into, n);
        parse_array(p, line, n);
        return;
    case TK_INCLUDE:
        take_include(p, depth + 1);
        if (!p->failed) parse_value(p, depth, key, keylen, into, name);
        return;
    default:
        if (is_scalar(p->t.kind)) {
            parse_scalar(p, into, name);
            return;
        }
        if (key) {
            char what[96];
            snprintf(what, sizeof what, "a value after '%.*s ='", scn__utf8_cut(key, keylen, 40), key);
            syntax_error(p, what, true);
        } else {
            syntax_error(p, "a value", true);
        }
    }
}

void scn__text_parse(scn_arena *a, const char *file, const char *src, size_t len, size_t *budget,
                     scn_text *out, scn_diags *d) {
    memset(out, 0, sizeof *out);
    out->syntax_ok = true;
    parser p;
    memset(&p, 0, sizeof p);
    p.lx.s = src;
    p.lx.n = len;
    p.lx.line = 1;
    p.lx.last_line = 0;
    /* A UTF-8 byte-order mark, as some editors write. */
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) p.lx.i = 3;
    p.a = a;
    p.file = file;
    p.d = d;
    p.out = out;
    p.budget = budget;
    scn_node *root = scn__node_new(a, SCN_GROUP, NULL, file, 1);
    if (!root) {
        out->syntax_ok = false;
        return;
    }
    advance(&p);
    parse_settings(&p, 0, TK_EOF, 0, root);
    scn__mem(p.a, p.buf, 0);
    if (p.failed && out->syntax_ok) {
        /* out of memory, not a syntax error */
        a->failed = true;
        return;
    }
    if (out->syntax_ok) out->root = root;
}
