/*
 * clock.h: the one source of "now", and the time formats of the API and the database.
 *
 * Nothing else in yiwang calls time() or clock_gettime(CLOCK_REALTIME). When a clock file
 * is configured (YIWANG_CLOCK_FILE, for tests) and exists, "now" is the RFC 3339 time
 * written in it, re-read on every call; an absent file means real time.
 * Times travel as microseconds since the Unix epoch (int64_t). The database stores UTC;
 * the API speaks RFC 3339 with the +08:00 offset (Asia/Shanghai, no DST).
 */
#ifndef YW_CLOCK_H
#define YW_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "../domain/civil.h"
#include "arena.h"

#define YW_TZ_OFFSET_S (8 * 3600)

void yw_clock_set_file(const char *path);
int64_t yw_now_us(void);
/* The real time whatever the clock file says: only for protocol timestamps that a peer
 * checks against its own clock (a webhook's signature timestamp). */
int64_t yw_wall_us(void);
/* Monotonic microseconds, for measuring durations only. */
int64_t yw_mono_us(void);

/* "2026-11-29T11:39:35+08:00" (seconds precision); buf >= 32 bytes. */
void yw_time_format_rfc3339(int64_t us, char *buf, size_t len);
/* Accepts YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM); returns 0 on success. */
int yw_time_parse_rfc3339(const char *s, int64_t *us);
/* "YYYY-MM-DD HH:MM:SS.ffffff" in UTC for DATETIME(6) parameters; buf >= 32 bytes. */
void yw_time_format_db(int64_t us, char *buf, size_t len);
/* Parses what MariaDB returns for DATETIME / DATETIME(6) (UTC); returns 0 on success. */
int yw_time_parse_db(const char *s, int64_t *us);

/* "now" as a DATETIME(6) parameter (UTC), in the arena. */
const char *yw_now_db(yw_arena *a);
/* The Asia/Shanghai date of a time as YYYY-MM-DD; buf >= 11 bytes. */
void yw_shanghai_date(int64_t us, char *buf, size_t len);

#endif
