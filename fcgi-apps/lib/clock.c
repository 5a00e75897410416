/*
 * clock.c: "now" (honouring the test clock file) and time formatting (see clock.h).
 * Calendar arithmetic uses Howard Hinnant's days-from-civil algorithms, so no time zone
 * database or locale is consulted.
 */
#include "clock.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char clock_file[4096];

void
yw_clock_set_file(const char *path)
{
	if (path == NULL || *path == '\0') {
		clock_file[0] = '\0';
		return;
	}
	snprintf(clock_file, sizeof(clock_file), "%s", path);
}

static int64_t
real_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
yw_now_us(void)
{
	char buf[128];
	FILE *f;
	size_t n;
	int64_t us;

	if (clock_file[0] == '\0')
		return real_now_us();
	f = fopen(clock_file, "r");
	if (f == NULL)
		return real_now_us();
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	if (yw_time_parse_rfc3339(buf, &us) != 0)
		return real_now_us();
	return us;
}

int64_t
yw_wall_us(void)
{
	return real_now_us();
}

int64_t
yw_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static void
split(int64_t us, int *y, unsigned *mo, unsigned *d, int *h, int *mi, int *s, long *frac)
{
	int64_t secs = floor_div(us, 1000000);
	int64_t days = floor_div(secs, 86400);
	int64_t rem = secs - days * 86400;

	*frac = (long)(us - secs * 1000000);
	yw_civil_from_days(days, y, mo, d);
	*h = (int)(rem / 3600);
	*mi = (int)(rem % 3600 / 60);
	*s = (int)(rem % 60);
}

void
yw_time_format_rfc3339(int64_t us, char *buf, size_t len)
{
	int y, h, mi, s;
	unsigned mo, d;
	long frac;

	split(us + (int64_t)YW_TZ_OFFSET_S * 1000000, &y, &mo, &d, &h, &mi, &s, &frac);
	snprintf(buf, len, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", y, mo, d, h, mi, s);
}

void
yw_time_format_db(int64_t us, char *buf, size_t len)
{
	int y, h, mi, s;
	unsigned mo, d;
	long frac;

	split(us, &y, &mo, &d, &h, &mi, &s, &frac);
	snprintf(buf, len, "%04d-%02u-%02u %02d:%02d:%02d.%06ld", y, mo, d, h, mi, s, frac);
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* Parses "YYYY-MM-DD?HH:MM:SS[.f]" where ? is sep; returns characters consumed or -1. */
static int
parse_base(const char *s, char sep1, char sep2, int64_t *us)
{
	int y, mo, d, h, mi, sec, i = 19;
	long frac = 0, scale = 100000;

	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != sep1 && s[10] != sep2) ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
	    digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &sec))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59)
		return -1;
	if (s[i] == '.') {
		i++;
		if (!isdigit((unsigned char)s[i]))
			return -1;
		for (; isdigit((unsigned char)s[i]); i++) {
			frac += (s[i] - '0') * scale;
			scale /= 10;
		}
	}
	*us =
	    ((yw_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec) *
	        1000000) +
	    frac;
	return i;
}

int
yw_time_parse_rfc3339(const char *s, int64_t *us)
{
	int64_t t;
	int i = parse_base(s, 'T', 't', &t), oh, om;

	if (i < 0)
		return -1;
	if ((s[i] == 'Z' || s[i] == 'z') && s[i + 1] == '\0') {
		*us = t;
		return 0;
	}
	if ((s[i] != '+' && s[i] != '-') || strlen(s + i) != 6 || s[i + 3] != ':' ||
	    digits(s + i + 1, 2, &oh) || digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
		return -1;
	t -= (int64_t)(s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60) * 1000000;
	*us = t;
	return 0;
}

int
yw_time_parse_db(const char *s, int64_t *us)
{
	int64_t t;
	int i = parse_base(s, ' ', 'T', &t);

	if (i < 0 || s[i] != '\0')
		return -1;
	*us = t;
	return 0;
}

const char *
yw_now_db(yw_arena *a)
{
	char buf[32];

	yw_time_format_db(yw_now_us(), buf, sizeof(buf));
	return yw_arena_strdup(a, buf);
}

void
yw_shanghai_date(int64_t us, char *buf, size_t len)
{
	char full[40];

	yw_time_format_rfc3339(us, full, sizeof(full));
	snprintf(buf, len, "%.10s", full);
}
