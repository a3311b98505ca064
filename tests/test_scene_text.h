/*
 * test_scene_text.h - a scene from a string for the tests: the loader's
 * messages are printed and the test fails when it refuses the scene.
 * Include after cmocka.h (and its prerequisites).
 */
#ifndef LINETWIN_TESTS_SCENE_TEXT_H
#define LINETWIN_TESTS_SCENE_TEXT_H

#include <string.h>

#include "mdl_model.h"
#include "scn_scene.h"

static inline mdl_model *test_scene_text(const char *name, const char *text) {
    scn_diags *d = scn_diags_new();
    mdl_model *m = scn_load_buffer(name, text, strlen(text), NULL, NULL, 0, d);
    if (!m) {
        for (size_t i = 0; i < scn_diags_count(d); i++) print_message("%s\n", scn_diags_get(d, i));
        fail_msg("scene refused");
    }
    scn_diags_free(d);
    return m;
}

#endif
