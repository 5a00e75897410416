/*
 * http.h: outbound HTTP calls through libcurl (WeChat, the SMS gateway, the identity
 * provider). One easy handle per worker, kept between calls so connections are reused.
 * Every call has a connect and a total timeout; a transport failure, a timeout or a 5xx
 * becomes YW_E_UPSTREAM_UNAVAILABLE here and nowhere else. The response body is JSON-decoded
 * when it parses. Request bodies are never logged (they hold codes and personal data).
 */
#ifndef YW_HTTP_H
#define YW_HTTP_H

#include <jansson.h>

#include "arena.h"
#include "errors.h"

typedef struct {
	long status; /* HTTP status, 0 when no response arrived */
	char *body; /* in the arena, NUL-terminated */
	size_t body_len;
	json_t *json; /* the decoded body or NULL; the caller decrefs */
} yw_http_response;

/* Call once per process before the first request (after fork). */
void yw_http_init(long connect_timeout_ms, long total_timeout_ms);
/*
 * method is "GET" or "POST"; body (JSON text) may be NULL. YW_OK whenever a response
 * arrived with a status below 500 (the caller reads status and json); otherwise
 * YW_E_UPSTREAM_UNAVAILABLE.
 */
yw_err yw_http_json(
    yw_arena *a, const char *method, const char *url, const char *body, yw_http_response *out);
/* Percent-encodes s for a query string, in the arena. */
char *yw_http_escape(yw_arena *a, const char *s);

#endif
