/*
 * scn_text_internal.h - the scene tokeniser (scn_text_lex.c), shared with
 * the parser (scn_text.c). Private to scenes/src.
 *
 * The tokens follow libconfig 1.5's lexical rules (see scn_text.c); a
 * token that breaks them is a TK_ERROR whose message is in lexer.err.
 */
#ifndef SCN_TEXT_INTERNAL_H
#define SCN_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

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

typedef struct lexer {
    const char *s;
    size_t n, i;
    int line;
    int last_line;      /* line where the last token ended */
    char err[256];      /* lexical error of a TK_ERROR token */
} lexer;

/* The next token of lx into t. */
void scn__lex_next(lexer *lx, tok *t);
/* A line ends at "\n", "\r\n" (counted at its '\n') or a lone "\r". */
bool scn__ends_line(const char *s, size_t n, size_t i);
/* The longest prefix of s[0..len) of at most max bytes that does not cut
 * a UTF-8 character in two, for quoting in messages. */
int scn__utf8_cut(const char *s, size_t len, size_t max);

#endif
