/* test_utf8.c: UTF-8 validation and code-point counting. */
#include <string.h>

#include "../../fcgi-apps/domain/utf8.h"
#include "check_main.h"

START_TEST(test_valid_text)
{
	const char *s = "东营 Dongying 🏛";
	ck_assert(yw_utf8_valid(s, strlen(s)));
	ck_assert_uint_eq(yw_utf8_chars(s, strlen(s)), 13);
}
END_TEST

START_TEST(test_invalid_sequences)
{
	static const char *bad[] = { "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xff", "\xe4\xb8", "\x80", "a\xc3" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!yw_utf8_valid(bad[i], strlen(bad[i])), "case %zu", i);
}
END_TEST

START_TEST(test_prefix_cuts_on_code_points)
{
	const char *s = "东营市民中心";
	ck_assert_uint_eq(yw_utf8_prefix(s, strlen(s), 2), 6);
	ck_assert_uint_eq(yw_utf8_prefix(s, strlen(s), 100), strlen(s));
	ck_assert_uint_eq(yw_utf8_prefix(s, strlen(s), 0), 0);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *t = tcase_create("core");
	tcase_add_test(t, test_valid_text);
	tcase_add_test(t, test_invalid_sequences);
	tcase_add_test(t, test_prefix_cuts_on_code_points);
	suite_add_tcase(s, t);
	return s;
}
