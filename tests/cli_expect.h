/*
 * cli_expect.h - what the command-line tests check beside cli_run.h's
 * EXPECT_OUT / EXPECT_ERR. Header only; include after cli_run.h.
 *
 *   expect_lacks(text, part)   part stands nowhere in text (else text is
 *                              printed and the test fails)
 */
#ifndef LINETWIN_TESTS_CLI_EXPECT_H
#define LINETWIN_TESTS_CLI_EXPECT_H

#include <stdio.h>
#include <string.h>

/* The mirror of expect_contains: part must not stand in text. */
static inline void expect_lacks(const char *text, const char *part) {
    if (strstr(text, part)) fail_msg("\"%s\" unexpected in:\n%.4000s", part, text);
}

#endif
