/*
 * multipart.c: multipart/form-data over a body in memory (see multipart.h).
 *
 * The body is a sequence of lines only where the grammar says so: the delimiters
 * ("--" boundary, after a CRLF except at the very start) and each part's header lines
 * end in CRLF, while a part's data is whatever lies between its blank line and the next
 * CRLF "--" boundary, binary included. Every scan is bounded by the end pointer, so the
 * body needs no terminating NUL and nothing outside it is ever read.
 *
 * Header values take the HTTP parameter syntax (`type; key=token; key="quoted"`) that
 * Content-Type and Content-Disposition share; `filename*=UTF-8''%xx` (RFC 8187) wins over
 * `filename=` when both are there and it decodes to clean UTF-8.
 */
#include "multipart.h"

#include <string.h>
#include <strings.h>

#include "../domain/utf8.h"

#define MAX_PARAMS 16

typedef struct {
	const char *key;
	size_t klen;
	char *value; /* unquoted, NUL-terminated, in the arena */
	size_t vlen;
} param;

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* RFC 7230 tchar: the characters of a header name or a parameter key. */
static int
is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Bytes of an unquoted parameter value: anything visible but the separators we split on. */
static int
is_value_char(unsigned char c)
{
	return c > 0x20 && c != 0x7f && c != ';' && c != '"';
}

/* A header line's bytes: no control characters but HTAB (no bare CR or LF, no NUL). */
static int
line_clean(const char *p, const char *end)
{
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

/*
 * Parses `; key=value` pairs from p to end (p just after the header's first token).
 * Quoted values lose their quotes and the backslash of \" and \\ (a backslash before any
 * other character stays, as in the Windows paths old browsers send). -1 when malformed.
 */
static int
parse_params(yw_arena *a, const char *p, const char *end, param *out, size_t *n)
{
	*n = 0;
	for (;;) {
		const char *k;
		param *pp;

		while (p < end && is_ows(*p))
			p++;
		if (p == end)
			return 0;
		if (*p++ != ';')
			return -1;
		while (p < end && is_ows(*p))
			p++;
		if (p == end)
			return 0; /* a trailing ';' */
		k = p;
		while (p < end && is_tchar((unsigned char)*p))
			p++;
		if (p == k || *n == MAX_PARAMS)
			return -1;
		pp = &out[*n];
		pp->key = k;
		pp->klen = (size_t)(p - k);
		while (p < end && is_ows(*p))
			p++;
		if (p == end || *p++ != '=')
			return -1;
		while (p < end && is_ows(*p))
			p++;
		if (p < end && *p == '"') {
			char *v = yw_arena_alloc(a, (size_t)(end - p));
			size_t j = 0;
			p++;
			for (;;) {
				if (p == end)
					return -1; /* unterminated */
				if (*p == '"') {
					p++;
					break;
				}
				if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\'))
					p++;
				v[j++] = *p++;
			}
			v[j] = '\0';
			pp->value = v;
			pp->vlen = j;
		} else {
			const char *v = p;
			while (p < end && is_value_char((unsigned char)*p))
				p++;
			pp->value = yw_arena_strndup(a, v, (size_t)(p - v));
			pp->vlen = (size_t)(p - v);
		}
		for (size_t i = 0; i < *n; i++)
			if (out[i].klen == pp->klen && strncasecmp(out[i].key, k, pp->klen) == 0)
				return -1; /* a parameter twice: ambiguous */
		(*n)++;
	}
}

static const param *
find_param(const param *ps, size_t n, const char *key)
{
	size_t kl = strlen(key);

	for (size_t i = 0; i < n; i++)
		if (ps[i].klen == kl && strncasecmp(ps[i].key, key, kl) == 0)
			return &ps[i];
	return NULL;
}

/* Does [p, end) start with the token tok (case-insensitive), followed by OWS, ';' or end? */
static const char *
leading_token(const char *p, const char *end, const char *tok)
{
	size_t tl = strlen(tok);

	while (p < end && is_ows(*p))
		p++;
	if ((size_t)(end - p) < tl || strncasecmp(p, tok, tl) != 0)
		return NULL;
	p += tl;
	if (p < end && !is_ows(*p) && *p != ';')
		return NULL;
	return p;
}

static int
is_bchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

yw_err
yw_multipart_boundary(yw_arena *a, const char *content_type, const char **boundary)
{
	const char *end, *p;
	param ps[MAX_PARAMS];
	const param *b;
	size_t n;

	*boundary = NULL;
	if (content_type == NULL)
		return YW_E_UNSUPPORTED_MEDIA_TYPE;
	end = content_type + strlen(content_type);
	if ((p = leading_token(content_type, end, "multipart/form-data")) == NULL)
		return YW_E_UNSUPPORTED_MEDIA_TYPE;
	if (!line_clean(p, end) || parse_params(a, p, end, ps, &n) != 0)
		return YW_E_BAD_REQUEST;
	if ((b = find_param(ps, n, "boundary")) == NULL || b->vlen == 0 ||
	    b->vlen > YW_MP_MAX_BOUNDARY || b->value[b->vlen - 1] == ' ')
		return YW_E_BAD_REQUEST;
	for (size_t i = 0; i < b->vlen; i++)
		if (!is_bchar((unsigned char)b->value[i]))
			return YW_E_BAD_REQUEST;
	*boundary = b->value;
	return YW_OK;
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A name or file name we accept: UTF-8 without NUL or control characters. */
static int
text_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return yw_utf8_valid(s, n);
}

/* RFC 8187 ext-value "UTF-8'lang'pct-encoded" into the arena; NULL unless clean UTF-8. */
static const char *
ext_value(yw_arena *a, const char *v, size_t n)
{
	const char *q1, *q2, *p, *end = v + n;
	char *out;
	size_t j = 0;

	if (n < 7 || strncasecmp(v, "UTF-8'", 6) != 0)
		return NULL;
	q1 = v + 5;
	q2 = memchr(q1 + 1, '\'', (size_t)(end - q1 - 1));
	if (q2 == NULL)
		return NULL;
	out = yw_arena_alloc(a, (size_t)(end - q2));
	for (p = q2 + 1; p < end; p++) {
		if (*p == '%') {
			int hi, lo;
			if (end - p < 3 || (hi = hexval((unsigned char)p[1])) < 0 ||
			    (lo = hexval((unsigned char)p[2])) < 0)
				return NULL;
			out[j++] = (char)(hi << 4 | lo);
			p += 2;
		} else {
			out[j++] = *p;
		}
	}
	out[j] = '\0';
	if (j == 0 || !text_ok(out, j))
		return NULL;
	return out;
}

/* Content-Disposition: form-data; name="..."[; filename="..."][; filename*=...]. */
static yw_err
disposition(yw_arena *a, const char *p, const char *end, yw_mpart *part)
{
	param ps[MAX_PARAMS];
	const param *name, *fn, *fnx;
	size_t n;

	if ((p = leading_token(p, end, "form-data")) == NULL)
		return YW_E_BAD_REQUEST;
	if (parse_params(a, p, end, ps, &n) != 0)
		return YW_E_BAD_REQUEST;
	if ((name = find_param(ps, n, "name")) == NULL || !text_ok(name->value, name->vlen))
		return YW_E_BAD_REQUEST;
	part->name = name->value;
	part->filename = NULL;
	if ((fnx = find_param(ps, n, "filename*")) != NULL)
		part->filename = ext_value(a, fnx->value, fnx->vlen);
	if (part->filename == NULL && (fn = find_param(ps, n, "filename")) != NULL) {
		if (!text_ok(fn->value, fn->vlen))
			return YW_E_BAD_REQUEST;
		part->filename = fn->value;
	}
	return YW_OK;
}

/*
 * The header lines of one part, from p; on success *data is where its data starts (after
 * the blank line).
 */
static yw_err
part_headers(yw_arena *a, const char *p, const char *end, yw_mpart *part, const char **data)
{
	int have_cd = 0;

	for (int count = 0;; count++) {
		const char *eol = NULL, *colon, *v, *ve;

		for (const char *q = p; q + 1 < end; q++)
			if (q[0] == '\r' && q[1] == '\n') {
				eol = q;
				break;
			}
		if (eol == NULL)
			return YW_E_BAD_REQUEST;
		if (eol == p) { /* the blank line */
			if (!have_cd)
				return YW_E_BAD_REQUEST;
			*data = eol + 2;
			return YW_OK;
		}
		if (count == YW_MP_MAX_HEADERS || !line_clean(p, eol))
			return YW_E_BAD_REQUEST;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (colon == NULL || colon == p)
			return YW_E_BAD_REQUEST;
		for (const char *q = p; q < colon; q++)
			if (!is_tchar((unsigned char)*q))
				return YW_E_BAD_REQUEST;
		v = colon + 1;
		ve = eol;
		while (v < ve && is_ows(*v))
			v++;
		while (ve > v && is_ows(ve[-1]))
			ve--;
		if (colon - p == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			if (have_cd || disposition(a, v, ve, part) != YW_OK)
				return YW_E_BAD_REQUEST;
			have_cd = 1;
		} else if (colon - p == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
			if (part->content_type != NULL)
				return YW_E_BAD_REQUEST;
			part->content_type = yw_arena_strndup(a, v, (size_t)(ve - v));
		}
		p = eol + 2;
	}
}

/*
 * At a delimiter ("--" boundary) at p: 1 for the closing one, 0 for one that opens a part
 * (*next after its CRLF), -1 when what follows is neither.
 */
static int
after_delimiter(const char *p, const char *end, size_t dlen, const char **next)
{
	p += dlen;
	if (end - p >= 2 && p[0] == '-' && p[1] == '-')
		return 1; /* the epilogue, if any, is ignored */
	while (p < end && is_ows(*p))
		p++; /* transport padding */
	if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
		return -1;
	*next = p + 2;
	return 0;
}

yw_err
yw_multipart_parse(yw_arena *a, const char *body, size_t len, const char *boundary,
    yw_mpart **parts, size_t *nparts)
{
	const char *end = body + len, *p, *found;
	size_t blen = strlen(boundary), dlen = blen + 2;
	char *delim; /* "\r\n--" boundary */
	yw_mpart *out;
	size_t n = 0;

	*parts = NULL;
	*nparts = 0;
	if (blen == 0 || blen > YW_MP_MAX_BOUNDARY)
		return YW_E_BAD_REQUEST;
	delim = yw_arena_alloc(a, blen + 5);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen + 1);
	out = yw_arena_calloc(a, YW_MP_MAX_PARTS, sizeof(*out));

	/* The first delimiter: at the very start, or after a preamble and a CRLF. */
	if (len >= dlen && memcmp(body, delim + 2, dlen) == 0) {
		p = body;
	} else {
		found = memmem(body, len, delim, dlen + 2);
		if (found == NULL)
			return YW_E_BAD_REQUEST;
		p = found + 2;
	}
	for (;;) {
		const char *next = NULL, *data;
		int r = after_delimiter(p, end, dlen, &next);

		if (r < 0)
			return YW_E_BAD_REQUEST;
		if (r == 1)
			break;
		if (n == YW_MP_MAX_PARTS)
			return YW_E_BAD_REQUEST;
		memset(&out[n], 0, sizeof(out[n]));
		if (part_headers(a, next, end, &out[n], &data) != YW_OK)
			return YW_E_BAD_REQUEST;
		found = memmem(data, (size_t)(end - data), delim, dlen + 2);
		if (found == NULL)
			return YW_E_BAD_REQUEST; /* no closing delimiter: cut off */
		out[n].data = data;
		out[n].len = (size_t)(found - data);
		n++;
		p = found + 2;
	}
	*parts = out;
	*nparts = n;
	return YW_OK;
}
