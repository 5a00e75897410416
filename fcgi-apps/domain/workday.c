/*
 * workday.c: working-day arithmetic and deadline lights (see workday.h).
 * Periods are short (weeks), so walking day by day is simple and fast enough; a lookup in
 * the sorted overrides is a binary search.
 */
#include "workday.h"

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

yw_light
yw_deadline_light(int64_t now_us, int64_t due_us, int left, int promised_days)
{
	int threshold = (promised_days + 4) / 5;

	if (now_us > due_us)
		return YW_LIGHT_RED;
	if (threshold < 1)
		threshold = 1;
	return left <= threshold ? YW_LIGHT_YELLOW : YW_LIGHT_GREEN;
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
