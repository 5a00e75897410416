/* test_clock.c: RFC 3339 and database time formats, the test clock file. */
#include <stdio.h>
#include <unistd.h>

#include "../../fcgi-apps/lib/clock.h"
#include "check_main.h"

START_TEST(test_rfc3339_round_trip_in_shanghai_time)
{
	int64_t us;
	char buf[40];
	ck_assert_int_eq(yw_time_parse_rfc3339("2026-11-29T03:39:35Z", &us), 0);
	yw_time_format_rfc3339(us, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2026-11-29T11:39:35+08:00");
	ck_assert_int_eq(yw_time_parse_rfc3339("2026-11-29T11:39:35+08:00", &us), 0);
	yw_time_format_db(us, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2026-11-29 03:39:35.000000");
}
END_TEST

START_TEST(test_day_boundary_crosses_in_utc)
{
	int64_t us;
	char buf[40];
	ck_assert_int_eq(yw_time_parse_rfc3339("2025-12-31T23:59:59+08:00", &us), 0);
	yw_time_format_db(us, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2025-12-31 15:59:59.000000");
	ck_assert_int_eq(yw_time_parse_rfc3339("2026-01-01T00:30:00+08:00", &us), 0);
	yw_time_format_db(us, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2025-12-31 16:30:00.000000");
}
END_TEST

START_TEST(test_invalid_times_are_refused)
{
	int64_t us;
	ck_assert_int_ne(yw_time_parse_rfc3339("2026-02-30T00:00:00Z", &us), 0);
	ck_assert_int_ne(yw_time_parse_rfc3339("2026-13-01T00:00:00Z", &us), 0);
	ck_assert_int_ne(yw_time_parse_rfc3339("2026-01-01 00:00:00", &us), 0);
	ck_assert_int_ne(yw_time_parse_rfc3339("2026-01-01T00:00:00+8:00", &us), 0);
	ck_assert_int_ne(yw_time_parse_rfc3339("", &us), 0);
	ck_assert_int_eq(yw_time_parse_rfc3339("2024-02-29T00:00:00.123456Z", &us), 0);
	ck_assert_int_eq(us % 1000000, 123456);
}
END_TEST

START_TEST(test_db_time_with_and_without_fraction)
{
	int64_t a, b;
	ck_assert_int_eq(yw_time_parse_db("2026-01-05 09:00:00", &a), 0);
	ck_assert_int_eq(yw_time_parse_db("2026-01-05 09:00:00.500000", &b), 0);
	ck_assert_int_eq(b - a, 500000);
	ck_assert_int_ne(yw_time_parse_db("2026-01-05", &a), 0);
}
END_TEST

START_TEST(test_civil_days_round_trip)
{
	for (int64_t d = -800000; d < 800000; d += 97) {
		int y;
		unsigned m, dd;
		yw_civil_from_days(d, &y, &m, &dd);
		ck_assert_int_eq(yw_days_from_civil(y, m, dd), d);
	}
	ck_assert_int_eq(yw_days_from_civil(1970, 1, 1), 0);
}
END_TEST

START_TEST(test_clock_file_sets_now_and_absent_file_is_real_time)
{
	char path[] = "/tmp/yw-clock-XXXXXX";
	int fd = mkstemp(path);
	char buf[40];
	FILE *f = fdopen(fd, "w");
	fputs("2030-06-01T08:00:00+08:00\n", f);
	fclose(f);
	yw_clock_set_file(path);
	yw_time_format_rfc3339(yw_now_us(), buf, sizeof(buf));
	ck_assert_str_eq(buf, "2030-06-01T08:00:00+08:00");
	unlink(path);
	ck_assert(yw_now_us() < (int64_t)1900000000 * 1000000);
	yw_clock_set_file(NULL);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("clock");
	TCase *t = tcase_create("core");
	tcase_add_test(t, test_rfc3339_round_trip_in_shanghai_time);
	tcase_add_test(t, test_day_boundary_crosses_in_utc);
	tcase_add_test(t, test_invalid_times_are_refused);
	tcase_add_test(t, test_db_time_with_and_without_fraction);
	tcase_add_test(t, test_civil_days_round_trip);
	tcase_add_test(t, test_clock_file_sets_now_and_absent_file_is_real_time);
	suite_add_tcase(s, t);
	return s;
}
