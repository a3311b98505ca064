/*
 * scene_files.h - every scene file (*.cfg) of a folder of the source tree,
 * for the tests that go over all of them (test_cli.c, test_hardening_load.c).
 * Header only; include after <cmocka.h> (and its prerequisites) in a test
 * that gets LINETWIN_SOURCE_DIR.
 */
#ifndef LINETWIN_TESTS_SCENE_FILES_H
#define LINETWIN_TESTS_SCENE_FILES_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>

/// What scene_files_each calls with a scene: its path from the source
/// tree's top ("scenes/demo.cfg"), its full path and its file name.
typedef void scene_file_fn(void *ctx, const char *rel, const char *path, const char *name);

/// Calls fn for every file "*.cfg" in the folder `folder` of the source
/// tree (a path from its top), in the folder's order; fails the test when
/// the folder cannot be read.
static inline void scene_files_each(const char *folder, scene_file_fn *fn, void *ctx) {
    char dir[600];
    snprintf(dir, sizeof dir, "%s/%s", LINETWIN_SOURCE_DIR, folder);
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".cfg") != 0) continue;
        char rel[600], path[1200];
        snprintf(rel, sizeof rel, "%s/%s", folder, e->d_name);
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        fn(ctx, rel, path, e->d_name);
    }
    closedir(dh);
}

#endif
