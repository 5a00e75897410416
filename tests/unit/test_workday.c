/* test_workday.c: working days, due dates, suspension and lights (domain, pure), with the
 * State Council's 2025 and 2026 holiday and adjusted-working-day schedules. */
#include <string.h>

#include "../../fcgi-apps/domain/workday.h"
#include "check_main.h"

/* Generated from shared/data/cn-workday-calendar.json. */
static const yw_day_override days[] = {
	{ 20089, 0 }, /* 2025-01-01 */
	{ 20114, 1 }, /* 2025-01-26 */
	{ 20116, 0 }, /* 2025-01-28 */
	{ 20117, 0 }, /* 2025-01-29 */
	{ 20118, 0 }, /* 2025-01-30 */
	{ 20119, 0 }, /* 2025-01-31 */
	{ 20120, 0 }, /* 2025-02-01 */
	{ 20121, 0 }, /* 2025-02-02 */
	{ 20122, 0 }, /* 2025-02-03 */
	{ 20123, 0 }, /* 2025-02-04 */
	{ 20127, 1 }, /* 2025-02-08 */
	{ 20182, 0 }, /* 2025-04-04 */
	{ 20183, 0 }, /* 2025-04-05 */
	{ 20184, 0 }, /* 2025-04-06 */
	{ 20205, 1 }, /* 2025-04-27 */
	{ 20209, 0 }, /* 2025-05-01 */
	{ 20210, 0 }, /* 2025-05-02 */
	{ 20211, 0 }, /* 2025-05-03 */
	{ 20212, 0 }, /* 2025-05-04 */
	{ 20213, 0 }, /* 2025-05-05 */
	{ 20239, 0 }, /* 2025-05-31 */
	{ 20240, 0 }, /* 2025-06-01 */
	{ 20241, 0 }, /* 2025-06-02 */
	{ 20359, 1 }, /* 2025-09-28 */
	{ 20362, 0 }, /* 2025-10-01 */
	{ 20363, 0 }, /* 2025-10-02 */
	{ 20364, 0 }, /* 2025-10-03 */
	{ 20365, 0 }, /* 2025-10-04 */
	{ 20366, 0 }, /* 2025-10-05 */
	{ 20367, 0 }, /* 2025-10-06 */
	{ 20368, 0 }, /* 2025-10-07 */
	{ 20369, 0 }, /* 2025-10-08 */
	{ 20372, 1 }, /* 2025-10-11 */
	{ 20454, 0 }, /* 2026-01-01 */
	{ 20455, 0 }, /* 2026-01-02 */
	{ 20456, 0 }, /* 2026-01-03 */
	{ 20457, 1 }, /* 2026-01-04 */
	{ 20498, 1 }, /* 2026-02-14 */
	{ 20499, 0 }, /* 2026-02-15 */
	{ 20500, 0 }, /* 2026-02-16 */
	{ 20501, 0 }, /* 2026-02-17 */
	{ 20502, 0 }, /* 2026-02-18 */
	{ 20503, 0 }, /* 2026-02-19 */
	{ 20504, 0 }, /* 2026-02-20 */
	{ 20505, 0 }, /* 2026-02-21 */
	{ 20506, 0 }, /* 2026-02-22 */
	{ 20507, 0 }, /* 2026-02-23 */
	{ 20512, 1 }, /* 2026-02-28 */
	{ 20547, 0 }, /* 2026-04-04 */
	{ 20548, 0 }, /* 2026-04-05 */
	{ 20549, 0 }, /* 2026-04-06 */
	{ 20574, 0 }, /* 2026-05-01 */
	{ 20575, 0 }, /* 2026-05-02 */
	{ 20576, 0 }, /* 2026-05-03 */
	{ 20577, 0 }, /* 2026-05-04 */
	{ 20578, 0 }, /* 2026-05-05 */
	{ 20582, 1 }, /* 2026-05-09 */
	{ 20623, 0 }, /* 2026-06-19 */
	{ 20624, 0 }, /* 2026-06-20 */
	{ 20625, 0 }, /* 2026-06-21 */
	{ 20716, 1 }, /* 2026-09-20 */
	{ 20721, 0 }, /* 2026-09-25 */
	{ 20722, 0 }, /* 2026-09-26 */
	{ 20723, 0 }, /* 2026-09-27 */
	{ 20727, 0 }, /* 2026-10-01 */
	{ 20728, 0 }, /* 2026-10-02 */
	{ 20729, 0 }, /* 2026-10-03 */
	{ 20730, 0 }, /* 2026-10-04 */
	{ 20731, 0 }, /* 2026-10-05 */
	{ 20732, 0 }, /* 2026-10-06 */
	{ 20733, 0 }, /* 2026-10-07 */
	{ 20736, 1 }, /* 2026-10-10 */
};
static const yw_calendar cal = { days, sizeof(days) / sizeof(days[0]) };

/* Days since 1970-01-01 of a date. */
static int64_t
D(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* 10:00+08:00 of a date, in microseconds. */
static int64_t
at10(int y, int m, int d)
{
	return (D(y, m, d) * 86400 + 2 * 3600) * 1000000LL;
}

START_TEST(test_plain_weeks)
{
	ck_assert_int_eq(yw_weekday(D(2026, 11, 29)), 0); /* a Sunday */
	ck_assert(yw_is_workday(&cal, D(2026, 11, 30)));
	ck_assert(!yw_is_workday(&cal, D(2026, 11, 28)));
	/* accepted on a Friday, 3 working days: Mon, Tue, Wed */
	ck_assert_int_eq(yw_add_workdays(&cal, D(2026, 11, 27), 3), D(2026, 12, 2));
}
END_TEST

START_TEST(test_holidays_and_adjusted_working_days)
{
	/* National Day 2026: Oct 1-7 off; Sat Oct 10 is a working day. */
	ck_assert(!yw_is_workday(&cal, D(2026, 10, 1)));
	ck_assert(yw_is_workday(&cal, D(2026, 10, 10)));
	ck_assert(yw_is_workday(&cal, D(2026, 9, 20))); /* a Sunday worked */
	ck_assert_int_eq(yw_add_workdays(&cal, D(2026, 9, 30), 5), D(2026, 10, 13));
	/* Spring Festival 2026: Sat Feb 14 worked, Feb 15-23 off. */
	ck_assert_int_eq(yw_add_workdays(&cal, D(2026, 2, 12), 3), D(2026, 2, 24));
	/* 2025: Jan 28 - Feb 4 off, Sun Jan 26 and Sat Feb 8 worked. */
	ck_assert_int_eq(yw_add_workdays(&cal, D(2025, 1, 24), 1), D(2025, 1, 26));
	ck_assert_int_eq(yw_add_workdays(&cal, D(2025, 1, 27), 1), D(2025, 2, 5));
}
END_TEST

START_TEST(test_year_boundary)
{
	/* 2026-01-01..03 off, Sun Jan 4 worked. */
	ck_assert_int_eq(yw_add_workdays(&cal, D(2025, 12, 31), 1), D(2026, 1, 4));
	ck_assert_int_eq(yw_add_workdays(&cal, D(2025, 12, 31), 2), D(2026, 1, 5));
	ck_assert_int_eq(yw_workdays_between(&cal, D(2025, 12, 30), D(2026, 1, 5)), 3);
}
END_TEST

START_TEST(test_due_at_is_end_of_day_shanghai)
{
	int64_t due = yw_due_at(&cal, at10(2026, 11, 27), 3);
	ck_assert_int_eq(yw_shanghai_day(due), D(2026, 12, 2));
	/* 23:59:59+08:00 is 15:59:59Z */
	ck_assert_int_eq(due, (D(2026, 12, 2) * 86400 + 15 * 3600 + 59 * 60 + 59) * 1000000LL);
	/* accepted late in the evening Shanghai time still counts from that Shanghai date */
	int64_t late = (D(2026, 11, 27) * 86400 + 15 * 3600 + 30 * 60) * 1000000LL; /* 23:30+08 */
	ck_assert_int_eq(yw_shanghai_day(yw_due_at(&cal, late, 1)), D(2026, 11, 30));
	int64_t after_midnight = (D(2026, 11, 27) * 86400 + 16 * 3600 + 30 * 60) * 1000000LL;
	ck_assert_int_eq(yw_shanghai_day(after_midnight), D(2026, 11, 28));
}
END_TEST

START_TEST(test_working_days_left_and_after)
{
	int64_t due = yw_due_at(&cal, at10(2026, 11, 27), 3); /* Wed Dec 2 */
	ck_assert_int_eq(yw_working_days_left(&cal, at10(2026, 11, 27), due), 3);
	ck_assert_int_eq(yw_working_days_left(&cal, at10(2026, 11, 29), due), 3);
	ck_assert_int_eq(yw_working_days_left(&cal, at10(2026, 12, 1), due), 1);
	ck_assert_int_eq(yw_working_days_left(&cal, at10(2026, 12, 2), due), 0);
	ck_assert_int_eq(yw_working_days_left(&cal, at10(2026, 12, 3), due), -1);
	ck_assert_int_eq(yw_working_days_left(&cal, at10(2026, 12, 7), due), -3);
}
END_TEST

START_TEST(test_lights)
{
	int64_t due = yw_due_at(&cal, at10(2026, 11, 2), 10); /* Mon Nov 16 */
	ck_assert_int_eq(yw_shanghai_day(due), D(2026, 11, 16));
	/* threshold: max(1, ceil(10 / 5)) = 2 */
	int left = yw_working_days_left(&cal, at10(2026, 11, 11), due);
	ck_assert_int_eq(left, 3);
	ck_assert_int_eq(yw_deadline_light(at10(2026, 11, 11), due, left, 10), YW_LIGHT_GREEN);
	left = yw_working_days_left(&cal, at10(2026, 11, 12), due);
	ck_assert_int_eq(yw_deadline_light(at10(2026, 11, 12), due, left, 10), YW_LIGHT_YELLOW);
	left = yw_working_days_left(&cal, at10(2026, 11, 16), due);
	ck_assert_int_eq(left, 0);
	ck_assert_int_eq(yw_deadline_light(at10(2026, 11, 16), due, left, 10), YW_LIGHT_YELLOW);
	ck_assert_int_eq(yw_deadline_light(due + 1000000, due, 0, 10), YW_LIGHT_RED);
	/* promised 1 day: threshold max(1, ceil(1/5)) = 1 */
	ck_assert_int_eq(yw_deadline_light(0, 100, 1, 1), YW_LIGHT_YELLOW);
	ck_assert_int_eq(yw_deadline_light(0, 100, 2, 1), YW_LIGHT_GREEN);
	ck_assert_str_eq(yw_light_name(YW_LIGHT_RED), "red");
	ck_assert_ptr_null(yw_light_name(YW_LIGHT_NONE));
}
END_TEST

/* The stored yellow_at agrees with the light rule for every promised period of 1..30
 * working days accepted on any day of 2025-2026, at 10:00 of every day until the due
 * date: yellow exactly from yellow_at on. */
START_TEST(test_yellow_at_agrees_with_the_rule)
{
	for (int64_t acc = D(2025, 1, 1); acc <= D(2026, 12, 31); acc += 3) {
		for (int promised = 1; promised <= 30; promised += 7) {
			int64_t accepted = yw_day_start_us(acc) + 2 * 3600 * 1000000LL;
			int64_t due = yw_due_at(&cal, accepted, promised);
			int64_t ya = yw_yellow_at(&cal, due, promised);
			for (int64_t d = acc; d <= yw_shanghai_day(due); d++) {
				int64_t now = yw_day_start_us(d) + 10 * 3600 * 1000000LL;
				int left = yw_working_days_left(&cal, now, due);
				yw_light l = yw_deadline_light(now, due, left, promised);
				ck_assert_int_eq(l == YW_LIGHT_YELLOW, now >= ya);
			}
		}
	}
}
END_TEST

START_TEST(test_sub_workdays_and_dates)
{
	int64_t day;
	/* the working day before Thu 2026-10-08 is Wed 2026-09-30 (Oct 1-7 off) */
	ck_assert_int_eq(yw_sub_workdays(&cal, D(2026, 10, 8), 1), D(2026, 9, 30));
	/* Sun 2026-10-11 back 1: Sat Oct 10 was worked (调休) */
	ck_assert_int_eq(yw_sub_workdays(&cal, D(2026, 10, 11), 1), D(2026, 10, 10));
	ck_assert_int_eq(yw_sub_workdays(&cal, D(2026, 10, 11), 0), D(2026, 10, 11));
	ck_assert_int_eq(yw_day_start_us(D(2026, 1, 1)) + 86400LL * 1000000 - 1000000,
	    yw_day_end_us(D(2026, 1, 1)));
	ck_assert_int_eq(yw_parse_date("2026-02-28", &day), 0);
	ck_assert_int_eq(day, D(2026, 2, 28));
	ck_assert_int_eq(yw_parse_date("2024-02-29", &day), 0);
	ck_assert_int_eq(yw_parse_date("2026-02-29", &day), -1);
	ck_assert_int_eq(yw_parse_date("2026-13-01", &day), -1);
	ck_assert_int_eq(yw_parse_date("2026-1-01", &day), -1);
	ck_assert_int_eq(yw_parse_date("2026-01-0x", &day), -1);
	ck_assert_int_eq(yw_parse_date(NULL, &day), -1);
	ck_assert_int_eq(yw_yellow_threshold(0), 1);
	ck_assert_int_eq(yw_yellow_threshold(5), 1);
	ck_assert_int_eq(yw_yellow_threshold(6), 2);
	ck_assert_int_eq(yw_yellow_threshold(20), 4);
}
END_TEST

START_TEST(test_suspension_across_a_holiday_moves_the_due_date)
{
	int64_t due =
	    yw_due_at(&cal, at10(2026, 9, 21), 10); /* Mon Oct 12 (Oct 1-7 off, Oct 10 worked) */
	ck_assert_int_eq(yw_shanghai_day(due), D(2026, 10, 12));
	/* suspended Mon Sep 28, resumed Thu Oct 8: working days d with Sep 28 < d <= Oct 8 are
	 * Sep 29, Sep 30, Oct 8 = 3, so the due date moves 3 working days: Oct 13, 14, 15. */
	int64_t moved = yw_due_after_resume(&cal, due, at10(2026, 9, 28), at10(2026, 10, 8));
	ck_assert_int_eq(yw_shanghai_day(moved), D(2026, 10, 15));
	/* suspended and resumed on the same day: no move */
	ck_assert_int_eq(yw_due_after_resume(&cal, due, at10(2026, 9, 28), at10(2026, 9, 28)), due);
}
END_TEST

START_TEST(test_zero_promised_days_is_due_the_same_day)
{
	ck_assert_int_eq(yw_shanghai_day(yw_due_at(&cal, at10(2026, 11, 27), 0)), D(2026, 11, 27));
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("workday");
	TCase *t = tcase_create("domain");
	tcase_add_test(t, test_plain_weeks);
	tcase_add_test(t, test_holidays_and_adjusted_working_days);
	tcase_add_test(t, test_year_boundary);
	tcase_add_test(t, test_due_at_is_end_of_day_shanghai);
	tcase_add_test(t, test_working_days_left_and_after);
	tcase_add_test(t, test_lights);
	tcase_add_test(t, test_suspension_across_a_holiday_moves_the_due_date);
	tcase_add_test(t, test_zero_promised_days_is_due_the_same_day);
	tcase_add_test(t, test_yellow_at_agrees_with_the_rule);
	tcase_add_test(t, test_sub_workdays_and_dates);
	suite_add_tcase(s, t);
	return s;
}
