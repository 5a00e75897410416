/* test_config.c: the configuration file and its environment overrides. */
#include <stdlib.h>

#include "../../fcgi-apps/lib/config.h"
#include "check_main.h"

START_TEST(test_file_values_and_comments)
{
	char err[128];
	yw_config *c = yw_config_parse(
	    "# comment\n db_name = yiwang \n\nworkers=3\n", "catalog", err, sizeof(err));
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(yw_config_str(c, "db_name", NULL), "yiwang");
	ck_assert_int_eq(yw_config_long(c, "workers", 1, 1, 10, NULL), 3);
	ck_assert_ptr_null(yw_config_str(c, "missing", NULL));
	ck_assert_str_eq(yw_config_str(c, "missing", "dflt"), "dflt");
	yw_config_free(c);
}
END_TEST

START_TEST(test_app_scoped_key_wins_over_global)
{
	char err[128];
	yw_config *c = yw_config_parse(
	    "workers = 2\ncatalog.workers = 5\nadmin.workers = 7\n", "catalog", err, sizeof(err));
	ck_assert_int_eq(yw_config_long(c, "workers", 1, 1, 10, NULL), 5);
	yw_config_free(c);
}
END_TEST

START_TEST(test_environment_overrides_file)
{
	char err[128];
	yw_config *c = yw_config_parse(
	    "db_name = fromfile\ncatalog.socket = /a\n", "catalog", err, sizeof(err));
	setenv("YIWANG_DB_NAME", "fromenv", 1);
	setenv("YIWANG_CATALOG_SOCKET", "/b", 1);
	ck_assert_str_eq(yw_config_str(c, "db_name", NULL), "fromenv");
	ck_assert_str_eq(yw_config_str(c, "socket", NULL), "/b");
	unsetenv("YIWANG_DB_NAME");
	unsetenv("YIWANG_CATALOG_SOCKET");
	ck_assert_str_eq(yw_config_str(c, "db_name", NULL), "fromfile");
	yw_config_free(c);
}
END_TEST

START_TEST(test_bad_lines_are_refused)
{
	char err[128];
	ck_assert_ptr_null(yw_config_parse("just words\n", "x", err, sizeof(err)));
	ck_assert_ptr_null(yw_config_parse("bad key! = 1\n", "x", err, sizeof(err)));
}
END_TEST

START_TEST(test_integer_out_of_range_falls_back)
{
	char err[128];
	int ok;
	yw_config *c = yw_config_parse("workers = 999\nmax_body = abc\n", "x", err, sizeof(err));
	ck_assert_int_eq(yw_config_long(c, "workers", 2, 1, 256, &ok), 2);
	ck_assert_int_eq(ok, -1);
	ck_assert_int_eq(yw_config_long(c, "max_body", 10, 1, 100, &ok), 10);
	ck_assert_int_eq(ok, -1);
	yw_config_free(c);
}
END_TEST

START_TEST(test_missing_file_is_an_error)
{
	char err[128];
	ck_assert_ptr_null(yw_config_load("/nonexistent/yiwang.conf", "x", err, sizeof(err)));
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("config");
	TCase *t = tcase_create("core");
	tcase_add_test(t, test_file_values_and_comments);
	tcase_add_test(t, test_app_scoped_key_wins_over_global);
	tcase_add_test(t, test_environment_overrides_file);
	tcase_add_test(t, test_bad_lines_are_refused);
	tcase_add_test(t, test_integer_out_of_range_falls_back);
	tcase_add_test(t, test_missing_file_is_an_error);
	suite_add_tcase(s, t);
	return s;
}
