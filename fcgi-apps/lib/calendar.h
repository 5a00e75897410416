/*
 * calendar.h: the working-day calendar of the database (calendar_days), cached per worker.
 *
 * The cache is checked against calendar_generation at most every 500 ms, and at once when
 * an admin change on this host bumped the "calendar" notice (notice.h), so that a change
 * made through PUT /api/v1/admin/calendar counts from the next request on this host and
 * within half a second on others.
 */
#ifndef YW_CALENDAR_H
#define YW_CALENDAR_H

#include "../domain/workday.h"
#include "db.h"

/* The current calendar; valid until the next call. YW_E_UNAVAILABLE when the db is down. */
yw_err yw_calendar_get(yw_db *db, yw_arena *a, const yw_calendar **out);
/* After committing a calendar change: tells the other processes of this host. */
void yw_calendar_changed(void);

#endif
