/*
 * test_tmpdir.h - a program's scratch directory: made by the group setup,
 * removed with everything in it by the group teardown
 * (cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown)), files
 * written into it by name (tmpdir_write: bytes, tmpdir_put: a string,
 * tmpdir_file: a string, and its path). Header only; include after <cmocka.h> (and its
 * prerequisites).
 */
#ifndef LINETWIN_TESTS_TMPDIR_H
#define LINETWIN_TESTS_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char tmpdir[256];

/* Group setup: a new /tmp/linetwin-test.XXXXXX in tmpdir. */
static inline int tmpdir_setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/linetwin-test.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

/* Group teardown: rm -rf tmpdir. */
static inline int tmpdir_teardown(void **state) {
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* tmpdir/name into buf. */
static inline const char *tmpdir_path(char *buf, size_t size, const char *name) {
    snprintf(buf, size, "%s/%s", tmpdir, name);
    return buf;
}

/* Writes the len bytes of text to tmpdir/name (its folder must exist). */
static inline void tmpdir_write(const char *name, const char *text, size_t len) {
    char path[4096]; /* names may be long (test_hardening_load's deep @include) */
    FILE *f = fopen(tmpdir_path(path, sizeof path, name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* Writes the string text to tmpdir/name (its folder must exist). */
static inline void tmpdir_put(const char *name, const char *text) { tmpdir_write(name, text, strlen(text)); }

/* tmpdir_put, and the file's path into buf. */
static inline const char *tmpdir_file(char *buf, size_t size, const char *name, const char *text) {
    tmpdir_put(name, text);
    return tmpdir_path(buf, size, name);
}

#endif
