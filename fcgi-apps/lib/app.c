/*
 * app.c: the request loop shared by every app (see app.h).
 *
 * One request, start to end: read the FastCGI parameters and the body, answer the core's
 * own routes, match the app's route table, check authentication and the JSON body, run
 * the handler, write exactly one response, count it and log it, release its memory.
 * This file is the only writer of response bytes.
 */
#include "app.h"

#include <errno.h>
#include <fcgiapp.h>
#include <getopt.h>
#include <jansson.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "clock.h"
#include "crypto.h"
#include "json.h"
#include "log.h"
#include "metrics.h"
#include "prefork.h"
#include "request.h"

static const yw_app *the_app;
static yw_config *the_cfg;
static int listen_fd = -1;
static size_t max_body;
static int the_workers;

const yw_config *
yw_app_config(void)
{
	return the_cfg;
}

/* A client's X-Request-Id is echoed when it is 1-64 of [A-Za-z0-9._-]. */
static int
valid_request_id(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		        c == '.' || c == '_' || c == '-'))
			return 0;
		if (n >= 64)
			return 0;
	}
	return n > 0;
}

/* An HTTP method token as nginx passes it through: 1-16 upper-case letters. */
static int
valid_method(const char *m)
{
	size_t n = 0;

	for (; m[n]; n++)
		if (m[n] < 'A' || m[n] > 'Z' || n >= 16)
			return 0;
	return n > 0;
}

static void
put(FCGX_Request *f, const char *s, size_t n)
{
	if (n > 0)
		FCGX_PutStr(s, (int)n, f->out);
}

static struct {
	const char *prefix, *name, *value;
} error_headers[4];
static size_t nerror_headers;

int
yw_app_error_header(const char *prefix, const char *name, const char *value)
{
	if (nerror_headers == sizeof(error_headers) / sizeof(error_headers[0]))
		return -1;
	error_headers[nerror_headers].prefix = prefix;
	error_headers[nerror_headers].name = name;
	error_headers[nerror_headers].value = value;
	nerror_headers++;
	return 0;
}

/* Builds the error body of API.md section 1 into the response. */
static void
set_error(yw_req *r, yw_err e)
{
	json_t *err = json_object(), *body = json_object();

	json_object_set_new(err, "code", json_string(yw_err_code(e)));
	json_object_set_new(err, "message", json_string(yw_err_message(e, r->en)));
	if (r->err_fields != NULL && json_array_size(r->err_fields) > 0) {
		json_object_set(err, "fields", r->err_fields);
	}
	json_object_set_new(body, "error", err);
	json_object_set_new(body, "request_id", json_string(r->request_id));
	r->out_raw = NULL;
	r->not_modified = 0;
	yw_reply(r, yw_err_status(e), body);
	if (e == YW_E_METHOD_NOT_ALLOWED && r->allow != NULL)
		yw_reply_header(r, "Allow", r->allow);
	if (e == YW_E_UNAVAILABLE || e == YW_E_UPSTREAM_UNAVAILABLE)
		yw_reply_header(r, "Retry-After", "5");
	if (e == YW_E_RATE_LIMITED &&
	    strstr(r->out_headers ? r->out_headers : "", "Retry-After") == NULL)
		yw_reply_header(r, "Retry-After", "60");
	if (yw_err_status(e) >= 400)
		yw_reply_header(r, "Cache-Control", "no-store");
	for (size_t i = 0; i < nerror_headers; i++)
		if (r->path != NULL &&
		    strncmp(r->path, error_headers[i].prefix, strlen(error_headers[i].prefix)) == 0 &&
		    strstr(r->out_headers ? r->out_headers : "", error_headers[i].name) == NULL)
			yw_reply_header(r, error_headers[i].name, error_headers[i].value);
}

static unsigned long
write_response(yw_req *r, FCGX_Request *f)
{
	char head[512];
	const char *body = NULL;
	size_t blen = 0;
	int n, is_head = strcmp(r->method, "HEAD") == 0;
	const char *type = r->out_type ? r->out_type : "application/json; charset=utf-8";

	if (r->not_modified) {
		n = snprintf(head, sizeof(head), "Status: 304 Not Modified\r\nX-Request-Id: %s\r\n",
		    r->request_id);
		put(f, head, (size_t)n);
		put(f, r->out_headers, r->out_headers_len);
		put(f, "\r\n", 2);
		return 0;
	}
	if (r->out_json != NULL) {
		body = yw_json_dump(&r->arena, r->out_json, &blen);
		if (body == NULL) {
			/* Cannot happen with valid values; never send a half response. */
			yw_log_error("response serialisation failed");
			body = "{\"error\":{\"code\":\"internal\",\"message\":\"internal\"}}";
			blen = strlen(body);
			r->status = 500;
		}
	} else if (r->out_raw != NULL) {
		body = r->out_raw;
		blen = r->out_raw_len;
	}
	if (r->status == 204 || r->status == 304) {
		n = snprintf(head, sizeof(head), "Status: %d %s\r\nX-Request-Id: %s\r\n", r->status,
		    yw_http_reason(r->status), r->request_id);
		blen = 0;
	} else {
		n = snprintf(head, sizeof(head),
		    "Status: %d %s\r\nContent-Type: %s\r\nContent-Length: %lu\r\nX-Request-Id: "
		    "%s\r\n",
		    r->status, yw_http_reason(r->status), type, (unsigned long)blen, r->request_id);
	}
	put(f, head, (size_t)n);
	put(f, r->out_headers, r->out_headers_len);
	put(f, "\r\n", 2);
	if (!is_head && body != NULL)
		put(f, body, blen);
	return (unsigned long)blen;
}

/* Reads CONTENT_LENGTH bytes (up to max_body); always drains what the client sent. */
static yw_err
read_body(yw_req *r, FCGX_Request *f)
{
	const char *cl = yw_req_env(r, "CONTENT_LENGTH");
	char *end;
	unsigned long long len;
	char sink[8192];

	r->body = yw_arena_strdup(&r->arena, "");
	r->body_len = 0;
	if (cl == NULL || *cl == '\0')
		return YW_OK;
	errno = 0;
	len = strtoull(cl, &end, 10);
	if (errno != 0 || *end != '\0' || cl[0] == '-')
		return YW_E_BAD_REQUEST;
	if (len > max_body) {
		while (FCGX_GetStr(sink, sizeof(sink), f->in) > 0)
			;
		return YW_E_PAYLOAD_TOO_LARGE;
	}
	r->body = yw_arena_alloc(&r->arena, (size_t)len + 1);
	while (r->body_len < len) {
		int got = FCGX_GetStr(r->body + r->body_len, (int)(len - r->body_len), f->in);
		if (got <= 0)
			break;
		r->body_len += (size_t)got;
	}
	r->body[r->body_len] = '\0';
	if (r->body_len < len)
		return YW_E_BAD_REQUEST; /* the client went away mid-body */
	return YW_OK;
}

static yw_err
parse_json_body(yw_req *r)
{
	const char *ct = yw_req_env(r, "CONTENT_TYPE");
	json_error_t je;

	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' '))
		return YW_E_UNSUPPORTED_MEDIA_TYPE;
	if (r->body_len == 0)
		return YW_E_INVALID_JSON;
	r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (r->json == NULL)
		return YW_E_INVALID_JSON;
	if (!json_is_object(r->json)) {
		yw_field_error(r, "body", "invalid_type");
		return YW_E_BAD_REQUEST;
	}
	return YW_OK;
}

static yw_err
decode_params(yw_req *r, const yw_path_params *pp)
{
	r->nparams = pp->n;
	r->params = yw_arena_calloc(&r->arena, pp->n + 1, sizeof(*r->params));
	for (size_t i = 0; i < pp->n; i++) {
		char *v;
		r->params[i].key = yw_arena_strndup(&r->arena, pp->p[i].name, pp->p[i].name_len);
		if (yw_url_decode(&r->arena, pp->p[i].value, pp->p[i].value_len, 0, &v) != 0)
			return YW_E_BAD_REQUEST;
		r->params[i].value = v;
	}
	return YW_OK;
}

static yw_err
builtin(yw_req *r, int which)
{
	yw_err err;

	switch (which) {
	case YW_METRICS_HEALTHZ: yw_reply(r, 200, json_pack("{s:s}", "status", "ok")); return YW_OK;
	case YW_METRICS_READYZ: {
		static const char SQL_PING[] = "SELECT 1";
		yw_rows rows;
		if ((err = yw_db_exec(r->db, &r->arena, SQL_PING, NULL, 0, &rows)) != YW_OK)
			return YW_E_UNAVAILABLE;
		yw_reply(r, 200, json_pack("{s:s}", "status", "ok"));
		return YW_OK;
	}
	case YW_METRICS_METRICS: {
		size_t len;
		char *text = yw_metrics_render(&len);
		char *copy = yw_arena_strndup(&r->arena, text, len);
		free(text);
		yw_reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", copy, len);
		yw_reply_header(r, "Cache-Control", "no-store");
		return YW_OK;
	}
	}
	return YW_E_NOT_FOUND;
}

static int
builtin_for(const char *path)
{
	if (strcmp(path, "/healthz") == 0)
		return YW_METRICS_HEALTHZ;
	if (strcmp(path, "/readyz") == 0)
		return YW_METRICS_READYZ;
	if (strcmp(path, "/metrics") == 0)
		return YW_METRICS_METRICS;
	return -1;
}

static void
handle(yw_req *r, FCGX_Request *f)
{
	const char *uri, *rid, *lang;
	char allow[128];
	yw_path_params pp;
	yw_err err;
	int idx, b;
	size_t metric_route;
	unsigned long bytes;
	const char *route_name = "(unmatched)";

	r->t_start_us = yw_mono_us();
	r->envp = f->envp;
	metric_route = yw_metrics_builtin(YW_METRICS_UNMATCHED);
	r->method = yw_req_env(r, "REQUEST_METHOD");
	if (r->method == NULL)
		r->method = "GET";
	uri = yw_req_env(r, "REQUEST_URI");
	if (uri == NULL)
		uri = "/";
	r->path = yw_arena_strndup(&r->arena, uri, strcspn(uri, "?"));
	r->query = yw_req_env(r, "QUERY_STRING");
	if (r->query == NULL)
		r->query = "";
	rid = yw_req_env(r, "HTTP_X_REQUEST_ID");
	if (valid_request_id(rid)) {
		snprintf(r->request_id, sizeof(r->request_id), "%s", rid);
	} else {
		unsigned char raw[16];
		yw_random_bytes(raw, sizeof(raw));
		yw_hex(raw, sizeof(raw), r->request_id);
	}
	yw_log_set_request_id(r->request_id);
	lang = yw_req_env(r, "HTTP_ACCEPT_LANGUAGE");
	r->en = lang != NULL && strncasecmp(lang, "en", 2) == 0;
	r->status = 200;
	metric_route = yw_metrics_builtin(YW_METRICS_UNMATCHED);

	if ((err = read_body(r, f)) != YW_OK)
		goto done;
	if (!valid_method(r->method)) {
		r->method = "(invalid)";
		err = YW_E_BAD_REQUEST;
		goto done;
	}

	if ((b = builtin_for(r->path)) >= 0) {
		metric_route = yw_metrics_builtin(b);
		route_name = r->path;
		if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
			r->allow = "GET, HEAD";
			err = YW_E_METHOD_NOT_ALLOWED;
			goto done;
		}
		err = builtin(r, b);
		goto done;
	}
	idx = yw_route_match(
	    the_app->routes, the_app->nroutes, r->method, r->path, &pp, allow, sizeof(allow));
	if (idx == YW_ROUTE_NOT_FOUND) {
		err = YW_E_NOT_FOUND;
		goto done;
	}
	if (idx == YW_ROUTE_METHOD_NOT_ALLOWED) {
		r->allow = yw_arena_strdup(&r->arena, allow);
		err = YW_E_METHOD_NOT_ALLOWED;
		goto done;
	}
	r->route_index = idx;
	r->route = &the_app->routes[idx];
	metric_route = (size_t)idx;
	route_name = r->route->pattern;
	if ((err = decode_params(r, &pp)) != YW_OK)
		goto done;
	if ((err = yw_req_parse_query(r)) != YW_OK)
		goto done;
	if ((err = yw_auth_require(r)) != YW_OK)
		goto done;
	if ((r->route->flags & YW_ROUTE_JSON_OPTIONAL) && r->body_len == 0)
		r->json = json_object();
	else if ((r->route->flags & (YW_ROUTE_JSON | YW_ROUTE_JSON_OPTIONAL)) &&
	         (err = parse_json_body(r)) != YW_OK)
		goto done;
	err = r->route->handler(r);
done:
	if (err != YW_OK) {
		if (yw_err_status(err) >= 500)
			yw_log_error("%s %s failed: %s", r->method, route_name, yw_err_code(err));
		set_error(r, err);
	}
	bytes = write_response(r, f);
	yw_metrics_observe(metric_route, r->status, yw_mono_us() - r->t_start_us);
	yw_log_access(
	    r->request_id, r->method, route_name, r->status, yw_mono_us() - r->t_start_us, bytes);
	yw_log_set_request_id(NULL);
}

/* The extra process of an app with background work. */
static void
background(void)
{
	yw_db *db = yw_db_new(the_cfg);
	int every = the_app->background_seconds > 0 ? the_app->background_seconds : 30;

	yw_log_info("background work every %d s", every);
	while (!yw_prefork_stopping()) {
		the_app->background(the_cfg, db);
		for (int i = 0; i < every * 10 && !yw_prefork_stopping(); i++) {
			struct timespec ts = { 0, 100000000L };
			nanosleep(&ts, NULL);
		}
	}
	yw_db_free(db);
	mysql_library_end();
}

static void
worker(void *ctx)
{
	FCGX_Request f;
	yw_req r;
	yw_db *db;
	long served = 0, recycle = yw_config_long(the_cfg, "max_requests", 0, 0, 100000000, NULL);

	(void)ctx;
	if (the_app->background != NULL && yw_prefork_slot() == the_workers) {
		background();
		return;
	}
	if (the_app->worker_init != NULL && the_app->worker_init(the_cfg) != 0) {
		yw_log_error("worker initialisation failed");
		_exit(1);
	}
	db = yw_db_new(the_cfg);
	memset(&r, 0, sizeof(r));
	yw_arena_init(&r.arena);
	if (FCGX_InitRequest(&f, listen_fd, 0) != 0)
		_exit(1);
	while (!yw_prefork_stopping() && FCGX_Accept_r(&f) >= 0) {
		yw_arena saved = r.arena;
		memset(&r, 0, sizeof(r));
		r.arena = saved;
		r.app = the_app;
		r.cfg = the_cfg;
		r.db = db;
		r.fcgx = &f;
		handle(&r, &f);
		FCGX_Finish_r(&f);
		yw_req_release(&r);
		yw_arena_reset(&r.arena);
		if (recycle > 0 && ++served >= recycle)
			break;
	}
	yw_arena_free(&r.arena);
	yw_db_free(db);
	FCGX_Free(&f, 1);
	mysql_library_end();
}

static void
usage(const char *name)
{
	fprintf(stderr, "usage: yiwang-%s -c CONFIG\n", name);
}

int
yw_app_main(const yw_app *app, int argc, char **argv)
{
	const char *conf = NULL, *sock, *mdir, *clock_file;
	char err[256];
	int opt, workers, rc;

	while ((opt = getopt(argc, argv, "c:h")) != -1) {
		switch (opt) {
		case 'c': conf = optarg; break;
		default: usage(app->name); return 2;
		}
	}
	the_app = app;
	yw_log_set_app(app->name);
	json_object_seed(0);
	if (yw_routes_check(app->routes, app->nroutes, err, sizeof(err)) != 0) {
		yw_log_error("route table: %s", err);
		return 1;
	}
	the_cfg = yw_config_load(conf, app->name, err, sizeof(err));
	if (the_cfg == NULL) {
		yw_log_error("configuration: %s", err);
		return 1;
	}
	clock_file = yw_config_str(the_cfg, "clock_file", NULL);
	yw_clock_set_file(clock_file);
	max_body = (size_t)yw_config_long(the_cfg, "max_body", 1048576, 1024, 1L << 30, NULL);
	workers = (int)yw_config_long(the_cfg, "workers", 2, 1, 256, NULL);
	sock = yw_config_str(the_cfg, "socket", NULL);
	if (sock == NULL) {
		yw_log_error("configuration: %s.socket is not set", app->name);
		return 1;
	}
	if (FCGX_Init() != 0) {
		yw_log_error("FCGX_Init failed");
		return 1;
	}
	mdir = yw_config_str(the_cfg, "metrics_dir", NULL);
	if (yw_metrics_init(mdir, app->name, app->routes, app->nroutes) != 0) {
		yw_log_error("metrics: cannot map counters");
		return 1;
	}
	/* Before the socket exists: nginx must not queue requests for an app still starting. */
	if (app->master_init != NULL) {
		yw_db *db = yw_db_new(the_cfg);
		rc = app->master_init(the_cfg, db);
		yw_db_free(db); /* never share a connection across fork */
		if (rc != 0) {
			yw_log_error("start-up failed");
			return 1;
		}
	}
	unlink(sock);
	listen_fd = FCGX_OpenSocket(sock, 1024);
	if (listen_fd < 0) {
		yw_log_error("cannot listen on %s", sock);
		return 1;
	}
	/* Only the owner and the group (nginx's) may connect; the directory narrows it further. */
	chmod(sock, 0660);
	yw_log_info("listening on %s with %d workers", sock, workers);
	the_workers = workers;
	rc = yw_prefork_run(workers + (app->background != NULL),
	    (int)yw_config_long(the_cfg, "grace", 10, 1, 300, NULL), worker, NULL);
	close(listen_fd);
	unlink(sock);
	yw_config_free(the_cfg);
	yw_log_info("stopped");
	return rc;
}
