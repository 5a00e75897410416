/*
 * metrics.h: Prometheus counters shared by every worker of every app.
 *
 * Each app's master maps one file, <metrics_dir>/<app>.shm, before it forks, and its
 * workers add to the counters there with atomic operations. /metrics (served by any app)
 * reads every app's file in the directory and renders them all, so one scrape shows the
 * whole installation on this host: requests by route and status, a latency histogram per
 * route, database errors and worker restarts.
 */
#ifndef YW_METRICS_H
#define YW_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "router.h"

/* Maps the counters; dir NULL keeps them in anonymous shared memory. 0 on success. */
int yw_metrics_init(const char *dir, const char *app, const yw_route *routes, size_t n);
/* route is an index into the table given to init; n + k for the core's own routes. */
void yw_metrics_observe(size_t route, int status, int64_t micros);
void yw_metrics_db_error(void);
void yw_metrics_worker_restart(void);
/* The working-day calendar this app has loaded covers up to this instant (unix seconds: the
 * end of the last year with holidays or adjusted working days in calendar_days, Beijing
 * time); /metrics shows the largest as yiwang_calendar_covered_until_seconds. */
void yw_metrics_calendar_until(int64_t unix_seconds);
/* The core's own routes, numbered after the app's. */
enum {
	YW_METRICS_HEALTHZ,
	YW_METRICS_READYZ,
	YW_METRICS_METRICS,
	YW_METRICS_UNMATCHED,
	YW_METRICS_BUILTINS
};
size_t yw_metrics_builtin(int which);
/* Renders every app's counters found in the directory (malloc'd; caller frees). */
char *yw_metrics_render(size_t *len);

/*
 * The outbox (pushd): <metrics_dir>/outbox.gauge, shared by the pushd processes of a host
 * and rendered by every app's /metrics: deliveries by channel and outcome (counters), and
 * the backlog per channel (rows not yet delivered, the age of the oldest), as last measured.
 */
enum { YW_OUTBOX_SENT, YW_OUTBOX_RETRY, YW_OUTBOX_DEAD, YW_OUTBOX_SKIPPED, YW_OUTBOX__OUTCOMES };
/* 0 on success; without a directory the counters stay in this process. */
int yw_outbox_metrics_open(const char *dir);
/* channel: "wechat", "app", "sms" or "upstream". */
void yw_outbox_metrics_count(const char *channel, int outcome);
void yw_outbox_metrics_backlog(const char *channel, long long pending, long long oldest_seconds);

#endif
