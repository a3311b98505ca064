/*
 * test_main.h - a cmocka program's main: its tests, run as one group with
 * the group's setup and teardown (NULL: none). Include after <cmocka.h>
 * (and its prerequisites); end the program with
 *
 *   TEST_MAIN(NULL, NULL,
 *             cmocka_unit_test(first),
 *             cmocka_unit_test(second),
 *   )
 */
#ifndef LINETWIN_TESTS_MAIN_H
#define LINETWIN_TESTS_MAIN_H

#define TEST_MAIN(setup, teardown, ...)                         \
    int main(void) {                                           \
        const struct CMUnitTest tests[] = {__VA_ARGS__};       \
        return cmocka_run_group_tests(tests, setup, teardown); \
    }

#endif
