/*
 * scn_text.c - our own pass over a scene file before libconfig sees it.
 *
 * libconfig 1.5 reports a syntax error at the line of the token *after* the
 * mistake ("syntax error" on line 13 for a ',' missing at the end of line
 * 12), silently wraps integers that do not fit in 32 bits, refuses arrays
 * that mix 4 and 6.5, resolves @include against the working directory, and
 * fails on a comment in the last line when the file does not end in a
 * newline. This pass tokenises the file with libconfig's own lexical rules,
 * checks the grammar with a small recursive-descent recogniser and so can
 * say precisely what is wrong and where. libconfig still has the last word
 * on whether the file parses: the loader reports our message only when
 * libconfig also fails (see scn_load.c).
 */
#include "scn_internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Deepest nesting of groups, lists and arrays accepted. */
#define SCN_MAX_DEPTH 64

enum {
    TK_EOF = 0, TK_NAME, TK_BOOL, TK_INT, TK_INT64, TK_HEX, TK_HEX64, TK_FLOAT,
    TK_STRING, TK_EQ, TK_COMMA, TK_SEMI, TK_LBRACE, TK_RBRACE, TK_LBRACK,
    TK_RBRACK, TK_LPAREN, TK_RPAREN, TK_INCLUDE, TK_ERROR
};

typedef struct tok {
    int kind;
    size_t pos, end;    /* byte range in the source */
    int line;           /* line where the token starts */
    int end_line;       /* line where it ends (strings may span lines) */
    bool first;         /* first token on its line */
    int prev_line;      /* line where the previous token ended (0: none) */
} tok;

typedef struct edit {
    size_t pos;         /* insert before this byte */
    const char *ins;
} edit;

typedef struct lexer {
    const char *s;
    size_t n, i;
    int line;
    int last_line;      /* line where the last token ended */
    char err[256];      /* lexical error of a TK_ERROR token */
} lexer;

typedef struct parser {
    lexer lx;
    tok t;              /* lookahead */
    scn_arena *a;
    const char *file;
    scn_diags *d;
    scn_text *out;
    edit *edits;
    size_t nedits, capedits;
    bool failed;        /* a syntax error has been recorded */
    int multiline_string_line;  /* start of the last string spanning lines */
} parser;

/* ---- lexer ----------------------------------------------------------- */

static bool is_name_start(int c) { return isalpha(c) || c == '*'; }
static bool is_name_char(int c) {
    return isalnum(c) || c == '-' || c == '_' || c == '*';
}

/* Length of the longest match of libconfig's float rule at s (0: none):
 * ([-+]?[0-9]*\.[0-9]*([eE][-+]?[0-9]+)?) | ([-+]?[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+) */
static size_t match_exponent(const char *s, size_t n, size_t i) {
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-')) j++;
        size_t k = j;
        while (k < n && isdigit((unsigned char)s[k])) k++;
        if (k > j) return k - i;
    }
    return 0;
}

static size_t match_float(const char *s, size_t n, size_t i0) {
    size_t best = 0;
    size_t i = i0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    size_t d0 = i;
    while (i < n && isdigit((unsigned char)s[i])) i++;
    size_t digits = i - d0;
    /* first alternative: needs the dot */
    if (i < n && s[i] == '.') {
        size_t j = i + 1;
        while (j < n && isdigit((unsigned char)s[j])) j++;
        j += match_exponent(s, n, j);
        best = j - i0;
    }
    /* second alternative: digits, optional fraction, mandatory exponent */
    if (digits > 0) {
        size_t j = i;
        if (j < n && s[j] == '.') {
            j++;
            while (j < n && isdigit((unsigned char)s[j])) j++;
        }
        size_t e = match_exponent(s, n, j);
        if (e > 0 && j + e - i0 > best) best = j + e - i0;
    }
    return best;
}

static size_t match_suffix_l(const char *s, size_t n, size_t i) {
    if (i < n && s[i] == 'L') return (i + 1 < n && s[i + 1] == 'L') ? 2 : 1;
    return 0;
}

static void lex_error(lexer *lx, tok *t, const char *msg) {
    t->kind = TK_ERROR;
    snprintf(lx->err, sizeof lx->err, "%s", msg);
}

static void lex_next(lexer *lx, tok *t) {
    const char *s = lx->s;
    size_t n = lx->n;
    /* skip blanks and comments */
    for (;;) {
        while (lx->i < n && (s[lx->i] == ' ' || s[lx->i] == '\t' || s[lx->i] == '\r' ||
                             s[lx->i] == '\f' || s[lx->i] == '\n')) {
            if (s[lx->i] == '\n') lx->line++;
            lx->i++;
        }
        if (lx->i < n && (s[lx->i] == '#' || (s[lx->i] == '/' && lx->i + 1 < n && s[lx->i + 1] == '/'))) {
            while (lx->i < n && s[lx->i] != '\n') lx->i++;
            continue;
        }
        if (lx->i + 1 < n && s[lx->i] == '/' && s[lx->i + 1] == '*') {
            int start = lx->line;
            size_t j = lx->i + 2;
            while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/')) {
                if (s[j] == '\n') lx->line++;
                j++;
            }
            if (j + 1 >= n) {
                if (j < n && s[j] == '\n') lx->line++;
                t->pos = lx->i;
                t->line = start;
                t->end = n;
                t->end_line = lx->line;
                char msg[96];
                snprintf(msg, sizeof msg, "unterminated comment: the '/*' on line %d is never closed by '*/'", start);
                lex_error(lx, t, msg);
                lx->i = n;
                return;
            }
            lx->i = j + 2;
            continue;
        }
        break;
    }
    t->prev_line = lx->last_line;
    t->first = (lx->last_line != lx->line);
    t->pos = lx->i;
    t->line = lx->line;
    if (lx->i >= n) {
        t->kind = TK_EOF;
        t->end = n;
        t->end_line = lx->line;
        return;
    }
    int c = (unsigned char)s[lx->i];
    size_t len = 1;
    switch (c) {
    case '=': case ':': t->kind = TK_EQ; break;
    case ',': t->kind = TK_COMMA; break;
    case ';': t->kind = TK_SEMI; break;
    case '{': t->kind = TK_LBRACE; break;
    case '}': t->kind = TK_RBRACE; break;
    case '[': t->kind = TK_LBRACK; break;
    case ']': t->kind = TK_RBRACK; break;
    case '(': t->kind = TK_LPAREN; break;
    case ')': t->kind = TK_RPAREN; break;
    case '"': {
        size_t j = lx->i + 1;
        int start = lx->line;
        while (j < n && s[j] != '"') {
            if (s[j] == '\\' && j + 1 < n && (s[j + 1] == '"' || s[j + 1] == '\\')) {
                j += 2;
                continue;
            }
            if (s[j] == '\n') lx->line++;
            j++;
        }
        if (j >= n) {
            t->end = n;
            t->end_line = lx->line;
            char msg[96];
            snprintf(msg, sizeof msg, "unterminated string: the '\"' on line %d is never closed", start);
            lex_error(lx, t, msg);
            lx->i = n;
            lx->last_line = lx->line;
            return;
        }
        t->kind = TK_STRING;
        len = j + 1 - lx->i;
        break;
    }
    case '@': {
        static const char kw[] = "@include";
        size_t k = sizeof kw - 1;
        if (n - lx->i >= k && memcmp(s + lx->i, kw, k) == 0) {
            size_t j = lx->i + k;
            size_t ws = j;
            while (j < n && (s[j] == ' ' || s[j] == '\t')) j++;
            if (j > ws && j < n && s[j] == '"') {
                j++;
                while (j < n && s[j] != '"' && s[j] != '\n') {
                    if (s[j] == '\\' && j + 1 < n && (s[j + 1] == '"' || s[j + 1] == '\\')) j++;
                    j++;
                }
                if (j < n && s[j] == '"') {
                    t->kind = TK_INCLUDE;
                    len = j + 1 - lx->i;
                    break;
                }
                t->end = j;
                t->end_line = lx->line;
                lex_error(lx, t, "@include: the file name is not closed by '\"' on this line");
                lx->i = j;
                lx->last_line = lx->line;
                return;
            }
            t->end = lx->i + k;
            t->end_line = lx->line;
            lex_error(lx, t, "@include must be followed by a file name in double quotes");
            lx->i += k;
            lx->last_line = lx->line;
            return;
        }
        t->end = lx->i + 1;
        t->end_line = lx->line;
        lex_error(lx, t, "unexpected character '@' (only '@include \"file\"' starts with '@')");
        lx->i++;
        lx->last_line = lx->line;
        return;
    }
    default:
        if (is_name_start(c)) {
            size_t j = lx->i + 1;
            while (j < n && is_name_char((unsigned char)s[j])) j++;
            len = j - lx->i;
            t->kind = TK_NAME;
            if ((len == 4 && strncasecmp(s + lx->i, "true", 4) == 0) ||
                (len == 5 && strncasecmp(s + lx->i, "false", 5) == 0))
                t->kind = TK_BOOL;
            break;
        }
        if (isdigit(c) || c == '+' || c == '-' || c == '.') {
            size_t best = 0;
            int kind = TK_ERROR;
            size_t fl = match_float(s, n, lx->i);
            if (fl > best) { best = fl; kind = TK_FLOAT; }
            size_t j = lx->i;
            if (s[j] == '+' || s[j] == '-') j++;
            size_t d = j;
            while (j < n && isdigit((unsigned char)s[j])) j++;
            if (j > d) {
                size_t il = j - lx->i;
                if (il > best) { best = il; kind = TK_INT; }
                size_t l = match_suffix_l(s, n, j);
                if (l && il + l > best) { best = il + l; kind = TK_INT64; }
            }
            if (s[lx->i] == '0' && lx->i + 1 < n && (s[lx->i + 1] == 'x' || s[lx->i + 1] == 'X')) {
                size_t h = lx->i + 2;
                while (h < n && isxdigit((unsigned char)s[h])) h++;
                if (h > lx->i + 2) {
                    size_t hl = h - lx->i;
                    if (hl > best) { best = hl; kind = TK_HEX; }
                    size_t l = match_suffix_l(s, n, h);
                    if (l && hl + l > best) { best = hl + l; kind = TK_HEX64; }
                }
            }
            if (best > 0) {
                t->kind = kind;
                len = best;
                break;
            }
        }
        {
            char msg[64];
            if (c >= 0x20 && c < 0x7f)
                snprintf(msg, sizeof msg, "unexpected character '%c'", c);
            else
                snprintf(msg, sizeof msg, "unexpected byte 0x%02X (a scene is a text file)", (unsigned)c);
            t->end = lx->i + 1;
            t->end_line = lx->line;
            lex_error(lx, t, msg);
            lx->i++;
            lx->last_line = lx->line;
            return;
        }
    }
    lx->i += len;
    t->end = lx->i;
    t->end_line = lx->line;
    lx->last_line = lx->line;
}

/* ---- recogniser -------------------------------------------------------- */

static void advance(parser *p) { lex_next(&p->lx, &p->t); }

/* How a token reads in a message. */
static void describe(const parser *p, const tok *t, char *buf, size_t size) {
    const char *s = p->lx.s + t->pos;
    int len = (int)(t->end - t->pos);
    switch (t->kind) {
    case TK_EOF: snprintf(buf, size, "the end of the file"); return;
    case TK_NAME: snprintf(buf, size, "the name '%.*s'", len > 40 ? 40 : len, s); return;
    case TK_BOOL: snprintf(buf, size, "'%.*s'", len, s); return;
    case TK_STRING:
        if (len > 32) snprintf(buf, size, "the string %.*s...\"", 28, s);
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

static bool add_edit(parser *p, size_t pos, const char *ins) {
    if (p->nedits == p->capedits) {
        size_t cap = p->capedits ? 2 * p->capedits : 16;
        edit *e = scn__alloc(p->a, cap * sizeof(edit));
        if (!e) return false;
        if (p->nedits) memcpy(e, p->edits, p->nedits * sizeof(edit));
        p->edits = e;
        p->capedits = cap;
    }
    p->edits[p->nedits].pos = pos;
    p->edits[p->nedits].ins = ins;
    p->nedits++;
    return true;
}

/* Integers without L must fit in 32 bits (libconfig 1.5 wraps them
 * silently); with L in 64 bits. Reports and widens. */
static void check_integer(parser *p, const tok *t) {
    const char *s = p->lx.s + t->pos;
    size_t len = t->end - t->pos;
    char buf[80];
    if (len >= sizeof buf) len = sizeof buf - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    size_t digits_end = len;
    while (digits_end > 0 && buf[digits_end - 1] == 'L') digits_end--;
    buf[digits_end] = '\0';
    errno = 0;
    bool hex = (t->kind == TK_HEX || t->kind == TK_HEX64);
    bool wide = (t->kind == TK_INT64 || t->kind == TK_HEX64);
    bool out_of_range = false;
    if (hex) {
        unsigned long long v = strtoull(buf, NULL, 16);
        if (errno == ERANGE || (!wide && v > (unsigned long long)INT_MAX) ||
            (wide && v > (unsigned long long)LLONG_MAX))
            out_of_range = true;
    } else {
        long long v = strtoll(buf, NULL, 10);
        if (errno == ERANGE || (!wide && (v < INT_MIN || v > INT_MAX))) out_of_range = true;
    }
    if (!out_of_range) return;
    if (!wide && digits_end == len && len < 20) {
        /* Would fit in 64 bits: report, and let the value through widened so
         * that the rest of the scene is checked against the intended number. */
        long long v = hex ? (long long)strtoull(buf, NULL, 16) : strtoll(buf, NULL, 10);
        if (errno != ERANGE && !(hex && (unsigned long long)v > (unsigned long long)LLONG_MAX)) {
            scn_diags_add(p->d, p->file, t->line, "number",
                          "%s does not fit in a 32-bit integer and libconfig would silently wrap it; "
                          "write %sL for a 64-bit integer (or %s.0 for a number)",
                          buf, buf, hex ? "a decimal" : buf);
            add_edit(p, t->end, "L");
            return;
        }
    }
    scn_diags_add(p->d, p->file, t->line, "number", "%s is out of range for a 64-bit integer", buf);
}

typedef struct names {
    const char **name;
    int *line;
    size_t n, cap;
} names;

static void names_add(parser *p, names *ns, const char *name, size_t len, int line) {
    for (size_t i = 0; i < ns->n; i++) {
        if (strlen(ns->name[i]) == len && memcmp(ns->name[i], name, len) == 0) {
            if (!p->failed) {
                p->failed = true;
                p->out->syntax_ok = false;
                p->out->error_line = line;
                snprintf(p->out->error, sizeof p->out->error,
                         "duplicate key '%.*s' (already set on line %d); a key may appear once per group "
                         "(to change an included scene, set the key in the including file)",
                         (int)(len > 60 ? 60 : len), name, ns->line[i]);
            }
            return;
        }
    }
    if (ns->n == ns->cap) {
        size_t cap = ns->cap ? 2 * ns->cap : 16;
        const char **nn = scn__alloc(p->a, cap * sizeof(*nn));
        int *nl = scn__alloc(p->a, cap * sizeof(*nl));
        if (!nn || !nl) return;
        if (ns->n) {
            memcpy(nn, ns->name, ns->n * sizeof(*nn));
            memcpy(nl, ns->line, ns->n * sizeof(*nl));
        }
        ns->name = nn;
        ns->line = nl;
        ns->cap = cap;
    }
    ns->name[ns->n] = scn__strndup(p->a, name, len);
    ns->line[ns->n] = line;
    if (ns->name[ns->n]) ns->n++;
}

static void parse_value(parser *p, int depth, const char *key, size_t keylen);

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
        if (path) {
            size_t k = 0;
            for (size_t j = q; j + 1 < t.end; j++) {
                if (s[j] == '\\' && j + 2 < t.end && (s[j + 1] == '"' || s[j + 1] == '\\')) j++;
                path[k++] = s[j];
            }
            path[k] = '\0';
            scn_text *o = p->out;
            scn_include *inc = scn__alloc(p->a, (o->nincludes + 1) * sizeof(*inc));
            if (inc) {
                if (o->nincludes) memcpy(inc, o->includes, o->nincludes * sizeof(*inc));
                inc[o->nincludes].path = path;
                inc[o->nincludes].line = t.line;
                o->includes = inc;
                o->nincludes++;
            }
        }
    }
    advance(p);
}

/* setting_list up to `closer` (TK_RBRACE inside a group, TK_EOF at the top). */
static void parse_settings(parser *p, int depth, int closer, int open_line) {
    names ns = {0};
    while (!p->failed) {
        if (p->t.kind == TK_INCLUDE) {
            take_include(p, depth);
            continue;
        }
        if (p->t.kind == closer) return;
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
            return;
        }
        tok name = p->t;
        names_add(p, &ns, p->lx.s + name.pos, name.end - name.pos, name.line);
        if (p->failed) return;
        advance(p);
        if (p->t.kind != TK_EQ) {
            char what[96];
            snprintf(what, sizeof what, "'=' after '%.*s'", (int)(name.end - name.pos > 40 ? 40 : name.end - name.pos),
                     p->lx.s + name.pos);
            syntax_error(p, what, true);
            return;
        }
        advance(p);
        parse_value(p, depth, p->lx.s + name.pos, name.end - name.pos);
        if (p->failed) return;
        if (p->t.kind == TK_SEMI || p->t.kind == TK_COMMA) advance(p);
    }
}

typedef struct elem {
    int kind;
    size_t pos, end;
    int line;
} elem;

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

/* A scalar value (strings next to each other are joined, as in libconfig). */
static void parse_scalar(parser *p) {
    if (p->t.kind == TK_STRING) {
        while (p->t.kind == TK_STRING) {
            if (p->t.end_line != p->t.line && p->multiline_string_line == 0)
                p->multiline_string_line = p->t.line;
            advance(p);
        }
        return;
    }
    if (p->t.kind == TK_INT || p->t.kind == TK_INT64 || p->t.kind == TK_HEX || p->t.kind == TK_HEX64)
        check_integer(p, &p->t);
    advance(p);
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

static void parse_array(parser *p, int open_line) {
    elem *el = NULL;
    size_t n = 0, cap = 0;
    bool seen[6] = {false};
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
            if (p->t.kind == TK_RBRACK && n == 0) break;
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
        if (c != first_class && !mismatch_line) {
            mismatch_line = p->t.line;
            mismatch_class = c;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            elem *e = scn__alloc(p->a, cap * sizeof(elem));
            if (!e) return;
            if (n) memcpy(e, el, n * sizeof(elem));
            el = e;
        }
        el[n].kind = p->t.kind;
        el[n].pos = p->t.pos;
        el[n].end = p->t.end;
        el[n].line = p->t.line;
        n++;
        parse_scalar(p);
        if (p->failed) return;
        int at = after_item(p, TK_RBRACK, ']', "array", open_line);
        if (at < 0) return;
        if (at > 0) break;
    }
    advance(p); /* ']' */
    if (!mismatch_line) return;
    /* Mixed integers and fractions ([4, 6.5]) are what a planner writes for
     * coordinates: make the integers floats. Mixed 32/64-bit integers: make
     * them all 64-bit. Anything else is an error. */
    bool numbers_only = !seen[4] && !seen[5];
    if (numbers_only && seen[1] && seen[3] && !seen[2]) {
        bool ok = true;
        for (size_t i = 0; i < n; i++)
            if (el[i].kind == TK_HEX) ok = false;
        if (ok) {
            for (size_t i = 0; i < n; i++)
                if (el[i].kind == TK_INT) add_edit(p, el[i].end, ".0");
            return;
        }
    }
    if (numbers_only && seen[1] && seen[2] && !seen[3]) {
        for (size_t i = 0; i < n; i++)
            if (el[i].kind == TK_INT || el[i].kind == TK_HEX) add_edit(p, el[i].end, "L");
        return;
    }
    if (!p->failed) {
        p->failed = true;
        p->out->syntax_ok = false;
        p->out->error_line = mismatch_line;
        snprintf(p->out->error, sizeof p->out->error,
                 "array elements must all be of one type: found %s after %s (use a list ( ) to mix types)",
                 class_phrase(mismatch_class), class_phrase(first_class));
    }
}

static void parse_list(parser *p, int depth, int open_line) {
    advance(p); /* '(' */
    if (p->t.kind == TK_RPAREN) {
        advance(p);
        return;
    }
    for (;;) {
        parse_value(p, depth, NULL, 0);
        if (p->failed) return;
        int at = after_item(p, TK_RPAREN, ')', "list", open_line);
        if (at < 0) return;
        if (at > 0) break;
    }
    advance(p); /* ')' */
}

static void parse_value(parser *p, int depth, const char *key, size_t keylen) {
    if (depth >= SCN_MAX_DEPTH) {
        if (!p->failed) {
            p->failed = true;
            p->out->syntax_ok = false;
            p->out->fatal = true;
            p->out->error_line = p->t.line;
            snprintf(p->out->error, sizeof p->out->error,
                     "groups, lists and arrays are nested more than %d deep", SCN_MAX_DEPTH);
        }
        return;
    }
    int line = p->t.line;
    switch (p->t.kind) {
    case TK_LBRACE:
        advance(p);
        parse_settings(p, depth + 1, TK_RBRACE, line);
        if (!p->failed) advance(p); /* '}' */
        return;
    case TK_LPAREN:
        parse_list(p, depth + 1, line);
        return;
    case TK_LBRACK:
        parse_array(p, line);
        return;
    case TK_INCLUDE:
        take_include(p, depth + 1);
        parse_value(p, depth, key, keylen);
        return;
    default:
        if (is_scalar(p->t.kind)) {
            parse_scalar(p);
            return;
        }
        if (key) {
            char what[96];
            snprintf(what, sizeof what, "a value after '%.*s ='", (int)(keylen > 40 ? 40 : keylen), key);
            syntax_error(p, what, true);
        } else {
            syntax_error(p, "a value", true);
        }
    }
}

static int cmp_edit(const void *a, const void *b) {
    const edit *x = a, *y = b;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

void scn__text_prepare(scn_arena *a, const char *file, const char *src, size_t len,
                       scn_text *out, scn_diags *d) {
    memset(out, 0, sizeof *out);
    out->syntax_ok = true;
    parser p;
    memset(&p, 0, sizeof p);
    p.lx.s = src;
    p.lx.n = len;
    p.lx.line = 1;
    p.lx.last_line = 0;
    p.a = a;
    p.file = file;
    p.d = d;
    p.out = out;
    advance(&p);
    parse_settings(&p, 0, TK_EOF, 0);

    /* The prepared text: includes blanked (newlines kept, so every line
     * keeps its number), edits applied, a final newline added (libconfig
     * 1.5 fails on a comment in a last line without one). Includes are
     * collected only up to the first syntax error; the rest of the file is
     * still blanked by scanning for the include tokens again. */
    size_t extra = 0;
    for (size_t i = 0; i < p.nedits; i++) extra += strlen(p.edits[i].ins);
    char *t = scn__alloc(a, len + extra + 2);
    if (!t) return;
    if (p.nedits > 1) qsort(p.edits, p.nedits, sizeof(edit), cmp_edit);

    /* Find include ranges with a fresh lexer pass (cheap; files are small). */
    lexer lx;
    memset(&lx, 0, sizeof lx);
    lx.s = src;
    lx.n = len;
    lx.line = 1;
    tok k;
    size_t o = 0, e = 0, i = 0;
    for (;;) {
        lex_next(&lx, &k);
        if (k.kind == TK_EOF) break;
        if (k.kind != TK_INCLUDE) {
            if (k.kind == TK_ERROR && k.end <= k.pos) break;
            continue;
        }
        for (; i < k.pos; i++) {
            while (e < p.nedits && p.edits[e].pos == i) {
                size_t l = strlen(p.edits[e].ins);
                memcpy(t + o, p.edits[e].ins, l);
                o += l;
                e++;
            }
            t[o++] = src[i];
        }
        for (; i < k.end; i++) t[o++] = src[i] == '\n' ? '\n' : ' ';
    }
    for (; i < len; i++) {
        while (e < p.nedits && p.edits[e].pos == i) {
            size_t l = strlen(p.edits[e].ins);
            memcpy(t + o, p.edits[e].ins, l);
            o += l;
            e++;
        }
        t[o++] = src[i];
    }
    while (e < p.nedits) {
        size_t l = strlen(p.edits[e].ins);
        memcpy(t + o, p.edits[e].ins, l);
        o += l;
        e++;
    }
    t[o++] = '\n';
    t[o] = '\0';
    out->text = t;
    out->len = o;
}
