/*
 * router.c: matching a request path against an app's route table (see router.h).
 * Pure string work: no allocation, no I/O.
 */
#include "router.h"

#include <stdio.h>
#include <string.h>

/* Matches one pattern against a path; fills params on success. */
static int
match_pattern(const char *pat, const char *path, yw_path_params *pp)
{
	yw_path_params tmp;

	tmp.n = 0;
	while (*pat != '\0' && *path != '\0') {
		if (*pat == '{') {
			const char *end = strchr(pat, '}');
			size_t vlen = strcspn(path, "/");
			if (end == NULL || tmp.n == YW_MAX_PATH_PARAMS)
				return 0;
			/* A literal suffix within the segment ("{code}.json") is not the value. */
			size_t slen = strcspn(end + 1, "/{");
			if (slen > 0) {
				if (vlen <= slen || strncmp(path + vlen - slen, end + 1, slen) != 0)
					return 0;
				vlen -= slen;
			}
			if (vlen == 0)
				return 0;
			tmp.p[tmp.n].name = pat + 1;
			tmp.p[tmp.n].name_len = (size_t)(end - pat - 1);
			tmp.p[tmp.n].value = path;
			tmp.p[tmp.n].value_len = vlen;
			tmp.n++;
			pat = end + 1;
			path += vlen;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	if (*pat != '\0' || *path != '\0')
		return 0;
	if (pp != NULL)
		*pp = tmp;
	return 1;
}

static void
allow_add(char *allow, size_t len, const char *m)
{
	size_t used = strlen(allow);

	if (strstr(allow, m) != NULL) {
		/* "GET" must not hide "GETX"; methods here are distinct words, check exactly. */
		const char *p = allow;
		size_t ml = strlen(m);
		while ((p = strstr(p, m)) != NULL) {
			if ((p == allow || p[-1] == ' ') && (p[ml] == '\0' || p[ml] == ','))
				return;
			p += ml;
		}
	}
	snprintf(allow + used, len - used, "%s%s", used ? ", " : "", m);
}

int
yw_route_match(const yw_route *routes, size_t n, const char *method, const char *path,
    yw_path_params *params, char *allow, size_t allowlen)
{
	int path_known = 0;
	int is_head = strcmp(method, "HEAD") == 0;

	if (allow != NULL && allowlen > 0)
		allow[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!match_pattern(routes[i].pattern, path, NULL))
			continue;
		path_known = 1;
		if (strcmp(routes[i].method, method) == 0 ||
		    (is_head && strcmp(routes[i].method, "GET") == 0)) {
			match_pattern(routes[i].pattern, path, params);
			return (int)i;
		}
	}
	if (!path_known)
		return YW_ROUTE_NOT_FOUND;
	if (allow != NULL && allowlen > 0) {
		for (size_t i = 0; i < n; i++) {
			if (!match_pattern(routes[i].pattern, path, NULL))
				continue;
			allow_add(allow, allowlen, routes[i].method);
			if (strcmp(routes[i].method, "GET") == 0)
				allow_add(allow, allowlen, "HEAD");
		}
	}
	return YW_ROUTE_METHOD_NOT_ALLOWED;
}

int
yw_routes_check(const yw_route *routes, size_t n, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = routes[i].pattern;
		int depth = 0;

		if (p == NULL || p[0] != '/' || routes[i].handler == NULL ||
		    routes[i].method == NULL) {
			snprintf(err, errlen, "route %zu: incomplete", i);
			return -1;
		}
		for (; *p; p++) {
			if (*p == '{') {
				if (depth++ || p[-1] != '/' || p[1] == '}') {
					snprintf(err, errlen, "route %zu: bad parameter", i);
					return -1;
				}
			} else if (*p == '}') {
				if (!depth-- || (p[1] != '\0' && p[1] != '/' && p[1] != '.')) {
					snprintf(err, errlen, "route %zu: bad parameter", i);
					return -1;
				}
			}
		}
		if (depth) {
			snprintf(err, errlen, "route %zu: unclosed parameter", i);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(routes[i].method, routes[j].method) == 0 &&
			    strcmp(routes[i].pattern, routes[j].pattern) == 0) {
				snprintf(err, errlen, "route %zu duplicates route %zu", i, j);
				return -1;
			}
		}
	}
	return 0;
}
