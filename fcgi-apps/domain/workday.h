/*
 * workday.h: China's working-day calendar and the statutory deadline rules of API.md
 * section 4. Pure: no I/O.
 *
 * Days are counted since 1970-01-01 in Asia/Shanghai dates. Monday to Friday are working
 * days and weekends are not, unless the calendar says otherwise: public holidays on
 * weekdays, and the weekend days the State Council makes working days (调休).
 */
#ifndef YW_WORKDAY_H
#define YW_WORKDAY_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	int64_t day;
	int workday; /* 1: a working day (调休), 0: a holiday */
} yw_day_override;

typedef struct {
	const yw_day_override *days; /* sorted by day, no duplicates */
	size_t n;
} yw_calendar;

typedef enum { YW_LIGHT_NONE, YW_LIGHT_GREEN, YW_LIGHT_YELLOW, YW_LIGHT_RED } yw_light;

/* The Asia/Shanghai date (days since 1970-01-01) of a time in microseconds. */
int64_t yw_shanghai_day(int64_t us);
/* 23:59:59+08:00 of a day, in microseconds. */
int64_t yw_day_end_us(int64_t day);
/* 0 = Sunday ... 6 = Saturday. */
int yw_weekday(int64_t day);

/* 00:00:00+08:00 of a day, in microseconds. */
int64_t yw_day_start_us(int64_t day);

int yw_is_workday(const yw_calendar *c, int64_t day);
/* The n-th working day before `day` (n >= 1); `day` itself for n <= 0. */
int64_t yw_sub_workdays(const yw_calendar *c, int64_t day, int n);
/* The n-th working day after `day` (n >= 1); `day` itself for n <= 0. */
int64_t yw_add_workdays(const yw_calendar *c, int64_t day, int n);
/* The number of working days d with a < d <= b (0 when b <= a). */
int yw_workdays_between(const yw_calendar *c, int64_t a, int64_t b);

/* due_at: the end of the promised_days-th working day after the acceptance date. */
int64_t yw_due_at(const yw_calendar *c, int64_t accepted_us, int promised_days);
/* Suspension stops the clock: the due date moves later by the working days d with
 * suspension date < d <= resume date. */
int64_t yw_due_after_resume(
    const yw_calendar *c, int64_t due_us, int64_t suspended_us, int64_t resumed_us);
/* Working days left until due_at (0 on the due date), negative once past it. */
int yw_working_days_left(const yw_calendar *c, int64_t now_us, int64_t due_us);
/* red past due_at; yellow when left <= max(1, ceil(promised / 5)); else green. */
yw_light yw_deadline_light(int64_t now_us, int64_t due_us, int left, int promised_days);
const char *yw_light_name(yw_light l);
/* The yellow threshold in working days: max(1, ceil(promised_days / 5)). */
int yw_yellow_threshold(int promised_days);
/*
 * From when the light of a clock due at due_us is yellow (unless red): the start of the
 * threshold-th working day before the due date, the first day on which at most threshold
 * working days are left. Stored with the clock so that queues and the supervision filter
 * lights with an index instead of a calendar walk.
 */
int64_t yw_yellow_at(const yw_calendar *c, int64_t due_us, int promised_days);
/* Parses "YYYY-MM-DD" into days since 1970-01-01; 0 on success. */
int yw_parse_date(const char *s, int64_t *day);

#endif
