/*
 * request.c: reading what the client sent (query string, path parameters, headers) and
 * recording the response a handler chooses. Writing bytes to FastCGI is app.c's job.
 */
#include "request.h"

#include <fcgiapp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/utf8.h"

typedef struct yw_owned {
	struct yw_owned *next;
	json_t *j;
} yw_owned;

const char *
yw_req_env(const yw_req *r, const char *name)
{
	if (r->envp == NULL)
		return NULL;
	return FCGX_GetParam(name, r->envp);
}

const char *
yw_req_param(const yw_req *r, const char *name)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].key, name) == 0)
			return r->params[i].value;
	return NULL;
}

int
yw_parse_id(const char *s, long long *out)
{
	char *end;
	long long v;

	if (s == NULL || *s < '1' || *s > '9' || strlen(s) > 18)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		return -1;
	*out = v;
	return 0;
}

int
yw_req_id_param(const yw_req *r, const char *name, long long *out)
{
	return yw_parse_id(yw_req_param(r, name), out);
}

const char *
yw_req_query(const yw_req *r, const char *name)
{
	for (size_t i = 0; i < r->nqs; i++)
		if (strcmp(r->qs[i].key, name) == 0)
			return r->qs[i].value;
	return NULL;
}

yw_if_match
yw_req_if_match(const yw_req *r, long long version)
{
	const char *p = yw_req_env(r, "HTTP_IF_MATCH");
	char want[24];
	size_t wlen;
	int seen = 0;

	if (p == NULL)
		return YW_IF_MATCH_ABSENT;
	wlen = (size_t)snprintf(want, sizeof(want), "%lld", version);
	while (*p) {
		const char *t;
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		t = p;
		len = strcspn(p, ",");
		p += len;
		while (len > 0 && (t[len - 1] == ' ' || t[len - 1] == '\t'))
			len--;
		seen = 1;
		if (len == 1 && t[0] == '*')
			return YW_IF_MATCH_OK;
		if (len >= 2 && t[0] == 'W' && t[1] == '/') {
			t += 2;
			len -= 2;
		}
		if (len >= 2 && t[0] == '"' && t[len - 1] == '"') {
			t++;
			len -= 2;
		}
		if (len == wlen && memcmp(t, want, wlen) == 0)
			return YW_IF_MATCH_OK;
	}
	return seen ? YW_IF_MATCH_FAILED : YW_IF_MATCH_ABSENT;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
yw_url_decode(yw_arena *a, const char *s, size_t n, int plus_is_space, char **out)
{
	char *d = yw_arena_alloc(a, n + 1);
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= n)
				return -1;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			d[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space) {
			d[j++] = ' ';
		} else {
			d[j++] = s[i];
		}
	}
	d[j] = '\0';
	if (memchr(d, '\0', j) != NULL || !yw_utf8_valid(d, j))
		return -1;
	*out = d;
	return 0;
}

yw_err
yw_req_parse_query(yw_req *r)
{
	const char *q = r->query;
	size_t count = 1;

	r->nqs = 0;
	if (q == NULL || *q == '\0')
		return YW_OK;
	for (const char *p = q; *p; p++)
		if (*p == '&')
			count++;
	if (count > 64)
		return YW_E_BAD_REQUEST;
	r->qs = yw_arena_calloc(&r->arena, count, sizeof(*r->qs));
	while (*q) {
		size_t len = strcspn(q, "&");
		const char *eq = memchr(q, '=', len);
		size_t klen = eq ? (size_t)(eq - q) : len;
		char *k, *v;

		if (len > 0) {
			if (yw_url_decode(&r->arena, q, klen, 1, &k) != 0)
				return YW_E_BAD_REQUEST;
			if (eq != NULL) {
				if (yw_url_decode(&r->arena, eq + 1, len - klen - 1, 1, &v) != 0)
					return YW_E_BAD_REQUEST;
			} else {
				v = yw_arena_strdup(&r->arena, "");
			}
			r->qs[r->nqs].key = k;
			r->qs[r->nqs].value = v;
			r->nqs++;
		}
		q += len;
		if (*q == '&')
			q++;
	}
	return YW_OK;
}

void
yw_reply(yw_req *r, int status, json_t *body)
{
	if (r->out_json != NULL)
		json_decref(r->out_json);
	r->status = status;
	r->out_json = body;
	r->out_raw = NULL;
	r->out_raw_len = 0;
}

void
yw_reply_raw(yw_req *r, int status, const char *type, const char *body, size_t len)
{
	if (r->out_json != NULL) {
		json_decref(r->out_json);
		r->out_json = NULL;
	}
	r->status = status;
	r->out_type = type;
	r->out_raw = body;
	r->out_raw_len = len;
}

void
yw_reply_header(yw_req *r, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	char *h, *p;

	/* Header values never carry CR or LF: they are built by the code, but be certain. */
	if (strpbrk(value, "\r\n") != NULL)
		return;
	h = yw_arena_alloc(&r->arena, r->out_headers_len + nl + vl + 5);
	if (r->out_headers_len)
		memcpy(h, r->out_headers, r->out_headers_len);
	p = h + r->out_headers_len;
	memcpy(p, name, nl);
	p += nl;
	memcpy(p, ": ", 2);
	p += 2;
	memcpy(p, value, vl);
	p += vl;
	memcpy(p, "\r\n", 3);
	r->out_headers = h;
	r->out_headers_len += nl + vl + 4;
}

/* Does an If-None-Match list contain etag (or "*")? Weak prefixes compare equal. */
static int
etag_listed(const char *list, const char *etag)
{
	size_t elen = strlen(etag);

	if (strncmp(etag, "W/", 2) == 0) {
		etag += 2;
		elen -= 2;
	}
	while (*list) {
		size_t len;
		while (*list == ' ' || *list == ',' || *list == '\t')
			list++;
		if (*list == '*')
			return 1;
		if (strncmp(list, "W/", 2) == 0)
			list += 2;
		len = strcspn(list, ",");
		while (len > 0 && (list[len - 1] == ' ' || list[len - 1] == '\t'))
			len--;
		if (len == elen && memcmp(list, etag, elen) == 0)
			return 1;
		list += strcspn(list, ",");
	}
	return 0;
}

static int
cache_headers(yw_req *r, const char *etag, const char *cache_control)
{
	const char *inm = yw_req_env(r, "HTTP_IF_NONE_MATCH");

	yw_reply_header(r, "ETag", etag);
	if (cache_control != NULL)
		yw_reply_header(r, "Cache-Control", cache_control);
	if (inm != NULL && etag_listed(inm, etag)) {
		r->not_modified = 1;
		r->status = 304;
		return 1;
	}
	return 0;
}

void
yw_reply_cacheable(yw_req *r, json_t *body, const char *etag, const char *cache_control)
{
	if (cache_headers(r, etag, cache_control)) {
		json_decref(body);
		return;
	}
	yw_reply(r, 200, body);
}

void
yw_reply_cacheable_raw(
    yw_req *r, const char *json, size_t len, const char *etag, const char *cache_control)
{
	if (cache_headers(r, etag, cache_control))
		return;
	/* The caller keeps json alive until the response is written (arena or cache). */
	yw_reply_raw(r, 200, "application/json; charset=utf-8", json, len);
}

yw_err
yw_field_error(yw_req *r, const char *field, const char *code)
{
	json_t *e;

	if (r->err_fields == NULL)
		r->err_fields = json_array();
	/* A field name that is no UTF-8 string still counts as a problem: a request with one
	 * must never pass as valid. */
	if ((e = json_pack("{s:s, s:s}", "field", field, "code", code)) == NULL)
		e = json_pack("{s:s, s:s}", "field", "?", "code", code);
	json_array_append_new(r->err_fields, e);
	return YW_E_VALIDATION;
}

void
yw_field_errors_clear(yw_req *r)
{
	if (r->err_fields != NULL) {
		json_decref(r->err_fields);
		r->err_fields = NULL;
	}
}

size_t
yw_field_error_count(const yw_req *r)
{
	return r->err_fields ? json_array_size(r->err_fields) : 0;
}

json_t *
yw_req_own(yw_req *r, json_t *j)
{
	yw_owned *o;

	if (j == NULL)
		return NULL;
	o = yw_arena_alloc(&r->arena, sizeof(*o));
	o->j = j;
	o->next = r->owned;
	r->owned = o;
	return j;
}

void
yw_req_release(yw_req *r)
{
	for (yw_owned *o = r->owned; o != NULL; o = o->next)
		json_decref(o->j);
	r->owned = NULL;
	if (r->json != NULL)
		json_decref(r->json);
	if (r->out_json != NULL)
		json_decref(r->out_json);
	if (r->err_fields != NULL)
		json_decref(r->err_fields);
	r->json = r->out_json = r->err_fields = NULL;
}
