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

#endif
