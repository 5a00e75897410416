/*
 * workday.c: working-day arithmetic and deadline lights (see workday.h).
 * Periods are short (weeks), so walking day by day is simple and fast enough; a lookup in
 * the sorted overrides is a binary search.
 */
#include "workday.h"

#include <stdlib.h>
#include <string.h>

#include "civil.h"

#define DAY_US (86400LL * 1000000)
#define TZ_US (8LL * 3600 * 1000000)

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t
yw_shanghai_day(int64_t us)
{
	return floor_div(us + TZ_US, DAY_US);
}

int64_t
yw_day_end_us(int64_t day)
{
	return day * DAY_US + (86399LL * 1000000) - TZ_US;
}

int64_t
yw_day_start_us(int64_t day)
{
	return day * DAY_US - TZ_US;
}

int
yw_weekday(int64_t day)
{
	/* 1970-01-01 was a Thursday. */
	int64_t w = (day + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int
yw_is_workday(const yw_calendar *c, int64_t day)
{
	size_t lo = 0, hi = c ? c->n : 0;
	int w;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->days[mid].day == day)
			return c->days[mid].workday != 0;
		if (c->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	w = yw_weekday(day);
	return w != 0 && w != 6;
}

int64_t
yw_add_workdays(const yw_calendar *c, int64_t day, int n)
{
	while (n > 0) {
		day++;
		if (yw_is_workday(c, day))
			n--;
	}
	return day;
}

int64_t
yw_sub_workdays(const yw_calendar *c, int64_t day, int n)
{
	while (n > 0) {
		day--;
		if (yw_is_workday(c, day))
			n--;
	}
	return day;
}

int
yw_workdays_between(const yw_calendar *c, int64_t a, int64_t b)
{
	int n = 0;

	for (int64_t d = a + 1; d <= b; d++)
		n += yw_is_workday(c, d);
	return n;
}

int64_t
yw_due_at(const yw_calendar *c, int64_t accepted_us, int promised_days)
{
	return yw_day_end_us(yw_add_workdays(c, yw_shanghai_day(accepted_us), promised_days));
}

int64_t
yw_due_after_resume(const yw_calendar *c, int64_t due_us, int64_t suspended_us, int64_t resumed_us)
{
	int k = yw_workdays_between(c, yw_shanghai_day(suspended_us), yw_shanghai_day(resumed_us));

	return yw_day_end_us(yw_add_workdays(c, yw_shanghai_day(due_us), k));
}

int
yw_working_days_left(const yw_calendar *c, int64_t now_us, int64_t due_us)
{
	int64_t today = yw_shanghai_day(now_us), due = yw_shanghai_day(due_us);

	if (today <= due)
		return yw_workdays_between(c, today, due);
	return -yw_workdays_between(c, due, today);
}

int
yw_yellow_threshold(int promised_days)
{
	int threshold = promised_days > 0 ? (promised_days + 4) / 5 : 1;

	return threshold < 1 ? 1 : threshold;
}

yw_light
yw_deadline_light(int64_t now_us, int64_t due_us, int left, int promised_days)
{
	if (now_us > due_us)
		return YW_LIGHT_RED;
	return left <= yw_yellow_threshold(promised_days) ? YW_LIGHT_YELLOW : YW_LIGHT_GREEN;
}

int64_t
yw_yellow_at(const yw_calendar *c, int64_t due_us, int promised_days)
{
	return yw_day_start_us(
	    yw_sub_workdays(c, yw_shanghai_day(due_us), yw_yellow_threshold(promised_days)));
}

int
yw_parse_date(const char *s, int64_t *day)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*day = yw_days_from_civil(y, (unsigned)m, (unsigned)d);
	/* Round trip: 2026-02-30 is not a date. */
	{
		int yy;
		unsigned mm, dd;
		yw_civil_from_days(*day, &yy, &mm, &dd);
		if (yy != y || (int)mm != m || (int)dd != d)
			return -1;
	}
	return 0;
}

const char *
yw_light_name(yw_light l)
{
	switch (l) {
	case YW_LIGHT_GREEN: return "green";
	case YW_LIGHT_YELLOW: return "yellow";
	case YW_LIGHT_RED: return "red";
	default: return NULL;
	}
}
