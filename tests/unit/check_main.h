/*
 * check_main.h: the main() every unit test program shares: run one suite, exit non-zero
 * when any check failed. Each test file defines `static Suite *suite(void)`.
 */
#ifndef YW_CHECK_MAIN_H
#define YW_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

static Suite *suite(void);

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
