/*
 * calendar.c: the cached working-day calendar (see calendar.h).
 */
#include "calendar.h"

#include <stdlib.h>
#include <string.h>

#include "../domain/civil.h"
#include "app.h"
#include "clock.h"
#include "log.h"
#include "metrics.h"
#include "notice.h"

static const char SQL_GENERATION[] = "SELECT generation FROM calendar_generation WHERE id = 1";
static const char SQL_DAYS[] = "SELECT day, workday FROM calendar_days ORDER BY day";

static yw_day_override *days;
static yw_calendar cal;
static long long generation = -1;
static int64_t checked_us;
static yw_notice *notice;
static int notice_opened;
static uint64_t notice_seen;

static yw_notice *
the_notice(void)
{
	if (!notice_opened) {
		const yw_config *cfg = yw_app_config();
		notice_opened = 1;
		if (cfg != NULL)
			notice =
			    yw_notice_open(yw_config_str(cfg, "metrics_dir", NULL), "calendar");
	}
	return notice;
}

static yw_err
reload(yw_db *db, yw_arena *a)
{
	yw_rows rows;
	yw_err err = yw_db_exec(db, a, SQL_DAYS, NULL, 0, &rows);
	yw_day_override *fresh;
	size_t n = 0;

	if (err != YW_OK)
		return err;
	fresh = calloc(rows.nrows + 1, sizeof(*fresh));
	if (fresh == NULL)
		return YW_E_INTERNAL;
	for (size_t i = 0; i < rows.nrows; i++) {
		if (yw_parse_date(YW_CELL(&rows, i, 0), &fresh[n].day) != 0) {
			yw_log_error("calendar_days holds a day that is not a date");
			continue;
		}
		fresh[n++].workday = atoi(YW_CELL(&rows, i, 1)) != 0;
	}
	free(days);
	days = fresh;
	cal.days = days;
	cal.n = n;
	if (n > 0) {
		/* A year's notice lists its holidays and adjusted days: it covers to its end. */
		int y;
		unsigned m, d;
		yw_civil_from_days(days[n - 1].day, &y, &m, &d);
		yw_metrics_calendar_until(yw_days_from_civil(y + 1, 1, 1) * 86400 - 8 * 3600);
	}
	return YW_OK;
}

yw_err
yw_calendar_get(yw_db *db, yw_arena *a, const yw_calendar **out)
{
	int64_t now = yw_mono_us();
	uint64_t seen = yw_notice_read(the_notice());
	yw_rows rows;
	yw_err err;
	long long gen;

	if (generation < 0 || now - checked_us >= 500000 || seen != notice_seen) {
		if ((err = yw_db_exec(db, a, SQL_GENERATION, NULL, 0, &rows)) != YW_OK)
			return err;
		gen = rows.nrows ? atoll(YW_CELL(&rows, 0, 0)) : 0;
		if (gen != generation) {
			if ((err = reload(db, a)) != YW_OK)
				return err;
			generation = gen;
		}
		checked_us = now;
		notice_seen = seen;
	}
	*out = &cal;
	return YW_OK;
}

void
yw_calendar_changed(void)
{
	yw_notice_bump(the_notice());
}
