/*
 * app.h: the main loop every yiwang app shares.
 *
 * An app is a name, a route table and optional start-up hooks. yw_app_main() loads the
 * configuration (-c FILE), checks the route table, opens the FastCGI unix socket, maps the
 * metrics, and hands over to the prefork supervisor; each worker runs the accept loop:
 * read the request, match the route, authenticate, parse the JSON body, call the handler,
 * write one response, log one access line, release the request's memory.
 * Every app also answers GET /healthz, /readyz and /metrics.
 */
#ifndef YW_APP_H
#define YW_APP_H

#include <stddef.h>

#include "config.h"
#include "db.h"
#include "router.h"

typedef struct yw_app {
	const char *name;
	const yw_route *routes;
	size_t nroutes;
	/* Runs once in the master before the workers start (may use its own db handle). */
	int (*master_init)(const yw_config *cfg, yw_db *db);
	/* Runs in each worker after fork. */
	int (*worker_init)(const yw_config *cfg);
	/*
	 * Optional background work (e.g. deemed acceptance): when set, one extra supervised
	 * process calls it every background_seconds until the app stops. It serves no
	 * requests; several hosts may run it at once, so it must be safe to run concurrently.
	 */
	void (*background)(const yw_config *cfg, yw_db *db);
	int background_seconds;
} yw_app;

int yw_app_main(const yw_app *app, int argc, char **argv);

/* For a worker's handlers: the configuration. */
const yw_config *yw_app_config(void);

/*
 * A header every error answer on paths starting with `prefix` carries, including the ones
 * the core makes before a handler runs (401, 403, 405, 429, 503): a protocol's, e.g. tus's
 * Tus-Resumable. The strings must outlive the worker. At most 4; -1 beyond.
 */
int yw_app_error_header(const char *prefix, const char *name, const char *value);

#endif
