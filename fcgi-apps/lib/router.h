/*
 * router.h: an app is a table of routes.
 *
 * Each row names a method, a path pattern with {parameters} (each matches one non-empty
 * path segment), the handler, who may call it, and flags. yw_route_match() finds the row
 * for a request: an unknown path is 404; a known path with another method is 405 with the
 * Allow list. GET routes also answer HEAD.
 */
#ifndef YW_ROUTER_H
#define YW_ROUTER_H

#include <stddef.h>

#include "errors.h"

struct yw_req;
typedef yw_err (*yw_handler)(struct yw_req *r);

/* Who may call a route. */
enum {
	YW_AUTH_NONE = 0, /* public */
	YW_AUTH_STAFF, /* a staff token, with one of `roles` when roles != 0 */
	YW_AUTH_CITIZEN, /* a citizen token */
	YW_AUTH_ANY, /* any valid token, staff or citizen */
};

/* Staff roles (a bit set). */
enum {
	YW_ROLE_CLERK = 1 << 0,
	YW_ROLE_REVIEWER = 1 << 1,
	YW_ROLE_SUPERVISOR = 1 << 2,
	YW_ROLE_ADMIN = 1 << 3,
};

/* Route flags. */
enum {
	YW_ROUTE_JSON = 1 << 0, /* expects a JSON object body (415/400 otherwise) */
	YW_ROUTE_JSON_OPTIONAL = 1 << 1, /* a JSON object body, or none at all ({}) */
};

typedef struct {
	const char *method;
	const char *pattern;
	yw_handler handler;
	int auth;
	unsigned roles;
	unsigned flags;
} yw_route;

#define YW_MAX_PATH_PARAMS 4

typedef struct {
	const char *name; /* points into the pattern, not NUL-terminated at '}' */
	size_t name_len;
	const char *value; /* points into the path, not NUL-terminated */
	size_t value_len;
} yw_path_param;

typedef struct {
	yw_path_param p[YW_MAX_PATH_PARAMS];
	size_t n;
} yw_path_params;

#define YW_ROUTE_NOT_FOUND (-1)
#define YW_ROUTE_METHOD_NOT_ALLOWED (-2)

/*
 * Returns the index of the matching route, YW_ROUTE_NOT_FOUND, or
 * YW_ROUTE_METHOD_NOT_ALLOWED with the allowed methods written to allow ("GET, HEAD").
 */
int yw_route_match(const yw_route *routes, size_t n, const char *method, const char *path,
    yw_path_params *params, char *allow, size_t allowlen);

/* Checks a table at start-up: patterns well formed, no duplicate method + pattern. */
int yw_routes_check(const yw_route *routes, size_t n, char *err, size_t errlen);

#endif
