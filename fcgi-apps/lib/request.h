/*
 * request.h: one HTTP request and its response, as a handler sees them.
 *
 * The core (app.c) fills a yw_req from the FastCGI parameters and the body (read by
 * CONTENT_LENGTH up to the configured limit), runs the route's checks (authentication,
 * JSON body), calls the handler, and writes exactly one response. A handler either sets
 * the response with yw_reply*() and returns YW_OK, or returns an error kind (with field
 * problems added by yw_field_error()); the core turns an error kind into the JSON error
 * body of API.md section 1. Memory comes from r->arena and dies after the response.
 */
#ifndef YW_REQUEST_H
#define YW_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "errors.h"
#include "router.h"

struct yw_db;
struct yw_config;
struct yw_app;

typedef struct {
	int kind; /* YW_AUTH_NONE, YW_AUTH_STAFF or YW_AUTH_CITIZEN */
	long long id; /* staff or citizen id */
	unsigned roles; /* staff roles (YW_ROLE_*) */
	long long dept_id; /* staff department, 0 when none */
	const char *token_hash; /* 32 raw bytes of the presented token's hash */
	const char *family; /* 16 raw bytes: the sign-in the token belongs to */
} yw_principal;

typedef struct {
	const char *key;
	const char *value;
} yw_kv;

typedef struct yw_req {
	yw_arena arena;
	const struct yw_app *app;
	const struct yw_config *cfg;
	struct yw_db *db;
	void *fcgx; /* FCGX_Request* (opaque to handlers) */
	char **envp;

	/* input */
	const char *method;
	const char *path; /* raw path, without the query string */
	const char *query; /* raw query string, "" when none */
	char *body;
	size_t body_len;
	json_t *json; /* the parsed body for YW_ROUTE_JSON routes */
	yw_kv *qs; /* decoded query parameters */
	size_t nqs;
	yw_kv *params; /* decoded path parameters */
	size_t nparams;
	char request_id[72];
	int en; /* Accept-Language asks for English */
	int route_index;
	const yw_route *route;
	yw_principal who;
	int64_t t_start_us;

	/* output */
	int status;
	json_t *out_json;
	const char *out_raw;
	size_t out_raw_len;
	const char *out_type;
	char *out_headers; /* "Name: value\r\n"... */
	size_t out_headers_len;
	json_t *err_fields; /* [{field, code}] */
	const char *allow; /* for 405 */
	int not_modified;
	struct yw_owned *owned; /* JSON values released with the request */
} yw_req;

/* A FastCGI parameter such as "HTTP_IF_MATCH", or NULL. */
const char *yw_req_env(const yw_req *r, const char *name);
/* A decoded path parameter by name, or NULL. */
const char *yw_req_param(const yw_req *r, const char *name);
/* A numeric id path parameter (1..18 digits, no leading zero); 0 on success. */
int yw_req_id_param(const yw_req *r, const char *name, long long *out);
/* The same rule for any string (a query parameter, a cursor's part): 1..18 digits, no leading
 * zero; 0 and *out set on success, -1 (out untouched) otherwise. */
int yw_parse_id(const char *s, long long *out);
/* A decoded query parameter by name (first occurrence), or NULL. */
const char *yw_req_query(const yw_req *r, const char *name);

/*
 * If-Match against the current version of a resource whose ETag is "<version>". Tags
 * compare weakly (nginx turns "4" into W/"4" when it gzips an answer, and the client sends
 * back what it got), a comma-separated list matches when one of its tags does, "*" matches
 * any current version, and a bare 4 is taken as "4". YW_IF_MATCH_ABSENT when the header is
 * missing or empty, whatever the version.
 */
typedef enum { YW_IF_MATCH_ABSENT, YW_IF_MATCH_OK, YW_IF_MATCH_FAILED } yw_if_match;
yw_if_match yw_req_if_match(const yw_req *r, long long version);

/* Parses the query string into r->qs; YW_E_BAD_REQUEST on bad encoding or UTF-8. */
yw_err yw_req_parse_query(yw_req *r);
/* Percent-decodes s[0..n) into the arena; -1 on a bad escape, NUL or invalid UTF-8. */
int yw_url_decode(yw_arena *a, const char *s, size_t n, int plus_is_space, char **out);

/* Responses. yw_reply() steals body (may be NULL for 204). */
void yw_reply(yw_req *r, int status, json_t *body);
void yw_reply_raw(yw_req *r, int status, const char *type, const char *body, size_t len);
void yw_reply_header(yw_req *r, const char *name, const char *value);
/*
 * A cacheable GET: sends ETag and Cache-Control; when If-None-Match matches the etag the
 * response becomes 304 with no body. etag is the full quoted value ("\"3\"").
 */
void yw_reply_cacheable(yw_req *r, json_t *body, const char *etag, const char *cache_control);
/* Same for a body already serialised; the bytes must live until the response is written. */
void yw_reply_cacheable_raw(
    yw_req *r, const char *json, size_t len, const char *etag, const char *cache_control);

/* Adds {field, code} to the error's fields; returns YW_E_VALIDATION for convenience. */
yw_err yw_field_error(yw_req *r, const char *field, const char *code);
size_t yw_field_error_count(const yw_req *r);
/* Forgets the field problems found so far (a transaction run again after a deadlock). */
void yw_field_errors_clear(yw_req *r);

/* A JSON value released with the request (for values a handler builds and may drop). */
json_t *yw_req_own(yw_req *r, json_t *j);
/* Releases every JSON value the request holds (the core calls it after the response). */
void yw_req_release(yw_req *r);

#endif
