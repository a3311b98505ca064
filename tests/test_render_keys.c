/*
 * test_render_keys.c - the viewer's key bindings are one table
 * (render/include/rnd_keys.h): the key handler looks keys up in it, the help
 * overlay lists it, and docs/viewer.md's key table is the table's Markdown,
 * line for line (this test fails when they differ: regenerate the docs'
 * table from rnd_keys_markdown, or change the table).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv_session.h"
#include "rnd_keys.h"
#include "test_helpers.h"
#include "test_main.h"

/* The docs' key table: from its header line to the first blank line. */
static void test_docs_key_table_is_the_table(void **state) {
    (void)state;
    char *doc = test_read_file(LINETWIN_SOURCE_DIR "/docs/viewer.md");
    assert_non_null(doc);
    const char *start = strstr(doc, "\n| key | action |\n");
    assert_non_null(start);
    start++;
    const char *end = strstr(start, "\n\n");
    assert_non_null(end);
    size_t len = (size_t)(end - start) + 1;
    size_t need = rnd_keys_markdown(NULL, 0);
    char *want = malloc(need + 1);
    assert_non_null(want);
    assert_int_equal(rnd_keys_markdown(want, need + 1), need);
    if (len != need || memcmp(start, want, len) != 0) {
        /* Point at the first line that differs. */
        const char *a = start, *b = want;
        while (*a && *b && *a == *b && a < start + len) {
            a++;
            b++;
        }
        while (a > start && a[-1] != '\n')
            a--, b--;
        fail_msg("docs/viewer.md's key table differs from rnd_keys.h's table at\n"
                 "  docs:  %.*s\n  table: %.*s",
                 (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
    }
    free(want);
    free(doc);
}

/* Every binding is what the key handler finds for its key, and no key with
 * its modifiers is bound twice. */
static void test_every_binding_is_looked_up(void **state) {
    (void)state;
    int n = 0;
    const rnd_key_row *rows = rnd_keys(&n);
    assert_true(n > 10);
    int bindings = 0, overlay = 0;
    for (int i = 0; i < n; i++) {
        overlay += rows[i].help_keys != NULL;
        assert_true(rows[i].doc_keys || rows[i].help_keys);
        assert_true(!rows[i].doc_keys || rows[i].doc);
        assert_true(!rows[i].help_keys || rows[i].help);
        for (int k = 0; k < RND_KEY_ROW_BINDINGS && rows[i].keys[k].key; k++) {
            const rnd_key_binding *b = &rows[i].keys[k];
            Uint16 mods = b->mods == RND_MODS_CTRL ? KMOD_LCTRL : KMOD_NONE;
            int arg = -1;
            assert_int_equal(rnd_key_lookup(b->key, mods, &arg), b->cmd);
            assert_int_equal(arg, b->arg);
            /* Shift never changes the command (it means "both lines"). */
            assert_int_equal(rnd_key_lookup(b->key, (Uint16)(mods | KMOD_LSHIFT), NULL), b->cmd);
            bindings++;
        }
    }
    assert_true(bindings >= 25);
    assert_true(overlay >= 10);
    /* Ctrl tells R (restart) from Ctrl+R (reload). */
    assert_int_equal(rnd_key_lookup(SDLK_r, KMOD_NONE, NULL), RND_CMD_RESTART);
    assert_int_equal(rnd_key_lookup(SDLK_r, KMOD_RCTRL, NULL), RND_CMD_RELOAD);
    assert_int_equal(rnd_key_lookup(SDLK_x, KMOD_NONE, NULL), RND_CMD_NONE);
    assert_int_equal(rnd_key_lookup(0, KMOD_NONE, NULL), RND_CMD_NONE);
    /* Every command a key can give is bound to some key. */
    for (int c = RND_CMD_PAUSE; c <= RND_CMD_QUIT; c++) {
        bool found = false;
        for (int i = 0; i < n && !found; i++)
            for (int k = 0; k < RND_KEY_ROW_BINDINGS && rows[i].keys[k].key; k++)
                found |= rows[i].keys[k].cmd == (rnd_command)c;
        if (!found)
            fail_msg("command %d has no key", c);
    }
}

/* The rows that name the speed steps name the session's steps. */
static const rnd_key_row *row_of(rnd_command cmd) {
    int n = 0;
    const rnd_key_row *rows = rnd_keys(&n);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < RND_KEY_ROW_BINDINGS && rows[i].keys[k].key; k++)
            if (rows[i].keys[k].cmd == cmd)
                return &rows[i];
    return NULL;
}

static void test_rows_name_the_steps(void **state) {
    (void)state;
    int n = 0;
    const double *speeds = lv_session_speed_steps(&n);
    const rnd_key_row *faster = row_of(RND_CMD_FASTER), *speed = row_of(RND_CMD_SPEED);
    assert_non_null(faster);
    assert_non_null(speed);
    char want[32];
    for (int i = 0; i < n; i++) {
        if (isinf(speeds[i]))
            snprintf(want, sizeof want, "max");
        else
            snprintf(want, sizeof want, "%g", speeds[i]);
        assert_non_null(strstr(faster->doc, want));
        assert_non_null(strstr(faster->help, want));
    }
    /* `1` ... `6`: one key per step. */
    int keys = 0;
    while (keys < RND_KEY_ROW_BINDINGS && speed->keys[keys].key)
        keys++;
    assert_int_equal(keys, n);
    static const double fleet[] = LV_FLEET_SPEED_STEPS;
    const rnd_key_row *agv = row_of(RND_CMD_FLEET_FASTER);
    assert_non_null(agv);
    for (size_t i = 0; i < sizeof fleet / sizeof fleet[0]; i++) {
        snprintf(want, sizeof want, "%g", fleet[i]);
        assert_non_null(strstr(agv->doc, want));
    }
}

static void test_markdown_truncates_safely(void **state) {
    (void)state;
    size_t need = rnd_keys_markdown(NULL, 0);
    char small[40];
    assert_int_equal(rnd_keys_markdown(small, sizeof small), need);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_memory_equal(small, "| key | action |\n| --- | --- |\n", 31);
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_docs_key_table_is_the_table),
        cmocka_unit_test(test_every_binding_is_looked_up),
        cmocka_unit_test(test_rows_name_the_steps),
        cmocka_unit_test(test_markdown_truncates_safely),
)
