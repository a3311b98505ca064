/*
 * scn_text_lex.c - the tokeniser of scene files: UTF-8 checks and
 * libconfig 1.5's lexical rules (scn_text.c says why we read scenes
 * ourselves). Its tokens feed the parser in scn_text.c.
 */
#include "scn_internal.h"
#include "scn_text_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- UTF-8 ------------------------------------------------------------ */

/* Length of the well-formed UTF-8 sequence at s (n bytes available) and
 * its code point; 0 when the bytes are not UTF-8 (stray continuation
 * bytes, overlong forms, surrogates, beyond U+10FFFF, cut short). */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp) {
    if (n == 0) return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) len = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, v = c & 0x07, min = 0x10000;
    else return 0;
    if (n < len) return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[k] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

size_t scn__utf8_bad_at(const char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t l = utf8_seq((const unsigned char *)s + i, n - i, &cp);
        if (l == 0) return i;
        i += l;
    }
    return n;
}

/* The longest prefix of s[0..len) of at most max bytes that does not cut
 * a UTF-8 character in two, for quoting in messages. */
int scn__utf8_cut(const char *s, size_t len, size_t max) {
    if (len <= max) return (int)len;
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    return (int)k;
}

/* Characters that look like a blank or like punctuation of the syntax
 * but are not ASCII (an input method's full-width '=' or ideographic
 * space), and invisible ones (zero-width and direction marks): they must
 * not become part of a key. The ASCII character meant,
 * or 0 for the other ones. */
static int lookalike(uint32_t cp) {
    switch (cp) {
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
    case 0x2028: case 0x2029:
        return ' ';
    case 0xFF1D: return '=';
    case 0xFF1A: return ':';
    case 0xFF1B: return ';';
    case 0xFF0C: case 0x3001: return ',';
    case 0xFF08: return '(';
    case 0xFF09: return ')';
    case 0xFF3B: return '[';
    case 0xFF3D: return ']';
    case 0xFF5B: return '{';
    case 0xFF5D: return '}';
    case 0x201C: case 0x201D: case 0xFF02: return '"';
    default:
        /* blanks, zero-width and direction marks, C1 controls, soft hyphen */
        if ((cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
            (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD)
            return ' ';
        return 0;
    }
}

/* ---- lexer ----------------------------------------------------------- */

/* A line ends at "\n", "\r\n" (counted at its '\n') or a lone "\r". */
bool scn__ends_line(const char *s, size_t n, size_t i) {
    return s[i] == '\n' || (s[i] == '\r' && !(i + 1 < n && s[i + 1] == '\n'));
}

static bool is_name_start(int c) { return isalpha(c) || c == '*'; }
static bool is_name_char(int c) {
    return isalnum(c) || c == '-' || c == '_' || c == '*';
}

/* Length of the non-ASCII character at s[i] if it may be part of a key
 * (well-formed UTF-8, no look-alike of a blank or of punctuation); else 0. */
static size_t name_utf8(const char *s, size_t n, size_t i) {
    uint32_t cp;
    size_t l = utf8_seq((const unsigned char *)s + i, n - i, &cp);
    return (l > 1 && !lookalike(cp)) ? l : 0;
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

/* Ends the token t at byte `end` as the lexical error msg. */
static void lex_fail(lexer *lx, tok *t, size_t end, const char *msg) {
    t->end = end;
    t->end_line = lx->line;
    lex_error(lx, t, msg);
    lx->i = end;
    lx->last_line = lx->line;
}

/* A byte that starts no token: say what it is. */
static void lex_stray(lexer *lx, tok *t) {
    const char *s = lx->s;
    size_t n = lx->n, i = lx->i;
    int c = (unsigned char)s[i];
    char msg[160];
    uint32_t cp = 0;
    size_t l = c >= 0x80 ? utf8_seq((const unsigned char *)s + i, n - i, &cp) : 0;
    if (c >= 0x20 && c < 0x7f) {
        snprintf(msg, sizeof msg, "unexpected character '%c'", c);
    } else if (c >= 0x80 && l == 0) {
        snprintf(msg, sizeof msg, "invalid UTF-8 (byte 0x%02X): a scene is a UTF-8 text file", (unsigned)c);
        l = 1;
    } else if (c >= 0x80) {
        int ascii = lookalike(cp);
        if (ascii == ' ')
            snprintf(msg, sizeof msg, "the invisible or non-ASCII blank U+%04X between tokens: write an ASCII space",
                     (unsigned)cp);
        else if (ascii)
            snprintf(msg, sizeof msg, "'%.*s' (U+%04X) is not part of the syntax: write the ASCII '%c'", (int)l,
                     s + i, (unsigned)cp, ascii);
        else
            snprintf(msg, sizeof msg, "unexpected character '%.*s' (U+%04X)", (int)l, s + i, (unsigned)cp);
    } else {
        snprintf(msg, sizeof msg, "unexpected byte 0x%02X (a scene is a text file)", (unsigned)c);
        l = 1;
    }
    lex_fail(lx, t, i + (l ? l : 1), msg);
}

/* Skips blanks and comments. False when a comment is left open: t is then
 * its error token. */
static bool lex_skip(lexer *lx, tok *t) {
    const char *s = lx->s;
    size_t n = lx->n;
    for (;;) {
        while (lx->i < n && (s[lx->i] == ' ' || s[lx->i] == '\t' || s[lx->i] == '\r' ||
                             s[lx->i] == '\f' || s[lx->i] == '\n')) {
            if (scn__ends_line(s, n, lx->i)) lx->line++;
            lx->i++;
        }
        if (lx->i < n && (s[lx->i] == '#' || (s[lx->i] == '/' && lx->i + 1 < n && s[lx->i + 1] == '/'))) {
            while (lx->i < n && s[lx->i] != '\n' && s[lx->i] != '\r') lx->i++;
            continue;
        }
        if (lx->i + 1 < n && s[lx->i] == '/' && s[lx->i + 1] == '*') {
            int start = lx->line;
            size_t j = lx->i + 2;
            while (j < n && !(s[j] == '*' && j + 1 < n && s[j + 1] == '/')) {
                if (scn__ends_line(s, n, j)) lx->line++;
                j++;
            }
            if (j >= n) {
                /* libconfig 1.5 takes the rest of the file as the comment
                 * and reads on without a word. */
                t->pos = lx->i;
                t->line = start;
                t->prev_line = lx->last_line;
                t->first = lx->last_line != start;
                char msg[96];
                snprintf(msg, sizeof msg, "unterminated comment: the '/*' on line %d is never closed by '*/'", start);
                lex_fail(lx, t, n, msg);
                return false;
            }
            lx->i = j + 2;
            continue;
        }
        return true;
    }
}

/* The string starting at lx->i: its length with the quotes, 0 when
 * refused (t is then the error token). */
static size_t lex_string(lexer *lx, tok *t) {
    const char *s = lx->s;
    size_t n = lx->n;
    size_t j = lx->i + 1;
    int start = lx->line;
    while (j < n && s[j] != '"') {
        if (s[j] == '\\' && j + 1 < n && (s[j + 1] == '"' || s[j + 1] == '\\')) {
            j += 2;
            continue;
        }
        if ((unsigned char)s[j] >= 0x80) {
            uint32_t cp;
            size_t l = utf8_seq((const unsigned char *)s + j, n - j, &cp);
            if (l == 0) {
                char msg[128];
                snprintf(msg, sizeof msg,
                         "invalid UTF-8 in the string opened on line %d (byte 0x%02X): a scene is a UTF-8 text file",
                         start, (unsigned char)s[j]);
                t->line = lx->line;
                lex_fail(lx, t, j + 1, msg);
                return 0;
            }
            j += l;
            continue;
        }
        if (scn__ends_line(s, n, j)) lx->line++;
        j++;
    }
    if (j >= n) {
        char msg[96];
        snprintf(msg, sizeof msg, "unterminated string: the '\"' on line %d is never closed", start);
        lex_fail(lx, t, n, msg);
        return 0;
    }
    return j + 1 - lx->i;
}

/* `@include "file"` at lx->i: its length, 0 when refused (t is then the
 * error token). */
static size_t lex_include(lexer *lx, tok *t) {
    const char *s = lx->s;
    size_t n = lx->n;
    static const char kw[] = "@include";
    size_t k = sizeof kw - 1;
    if (n - lx->i >= k && memcmp(s + lx->i, kw, k) == 0) {
        size_t j = lx->i + k;
        size_t ws = j;
        while (j < n && (s[j] == ' ' || s[j] == '\t')) j++;
        if (j > ws && j < n && s[j] == '"') {
            j++;
            while (j < n && s[j] != '"' && s[j] != '\n' && s[j] != '\r') {
                if (s[j] == '\\' && j + 1 < n && (s[j + 1] == '"' || s[j + 1] == '\\')) j++;
                j++;
            }
            if (j < n && s[j] == '"') return j + 1 - lx->i;
            lex_fail(lx, t, j, "@include: the file name is not closed by '\"' on this line");
            return 0;
        }
        lex_fail(lx, t, lx->i + k, "@include must be followed by a file name in double quotes");
        return 0;
    }
    lex_fail(lx, t, lx->i + 1, "unexpected character '@' (only '@include \"file\"' starts with '@')");
    return 0;
}

/* The name (or true/false) starting at lx->i: its length, with t->kind
 * set; 0 when refused (t is then the error token). */
static size_t lex_name(lexer *lx, tok *t) {
    const char *s = lx->s;
    size_t n = lx->n;
    size_t j = lx->i;
    bool ascii = true;
    while (j < n) {
        if (is_name_char((unsigned char)s[j])) {
            j++;
        } else if ((unsigned char)s[j] >= 0x80) {
            size_t l = name_utf8(s, n, j);
            if (l == 0) {
                uint32_t cp;
                if (utf8_seq((const unsigned char *)s + j, n - j, &cp) == 0) {
                    char msg[128];
                    snprintf(msg, sizeof msg, "invalid UTF-8 in the name '%.*s' (byte 0x%02X)",
                             scn__utf8_cut(s + lx->i, j - lx->i, 40), s + lx->i, (unsigned char)s[j]);
                    lex_fail(lx, t, j + 1, msg);
                    return 0;
                }
                break;  /* a look-alike ends the name; reported next */
            }
            ascii = false;
            j += l;
        } else {
            break;
        }
    }
    size_t len = j - lx->i;
    t->kind = TK_NAME;
    if (ascii && ((len == 4 && strncasecmp(s + lx->i, "true", 4) == 0) ||
                  (len == 5 && strncasecmp(s + lx->i, "false", 5) == 0)))
        t->kind = TK_BOOL;
    return len;
}

/* The longest number of libconfig's rules (float, int, int64, hex, hex64)
 * starting at lx->i: its length, with t->kind set; 0 when none matches. */
static size_t lex_number(lexer *lx, tok *t) {
    const char *s = lx->s;
    size_t n = lx->n;
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
    if (best > 0) t->kind = kind;
    return best;
}

void scn__lex_next(lexer *lx, tok *t) {
    const char *s = lx->s;
    size_t n = lx->n;
    if (!lex_skip(lx, t)) return;
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
    case '"':
        if (!(len = lex_string(lx, t))) return;
        t->kind = TK_STRING;
        break;
    case '@':
        if (!(len = lex_include(lx, t))) return;
        t->kind = TK_INCLUDE;
        break;
    default:
        if (is_name_start(c) || (c >= 0x80 && name_utf8(s, n, lx->i))) {
            if (!(len = lex_name(lx, t))) return;
            break;
        }
        if ((isdigit(c) || c == '+' || c == '-' || c == '.') && (len = lex_number(lx, t)) > 0) break;
        lex_stray(lx, t);
        return;
    }
    lx->i += len;
    t->end = lx->i;
    t->end_line = lx->line;
    lx->last_line = lx->line;
}
