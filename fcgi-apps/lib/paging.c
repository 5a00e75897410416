/*
 * paging.c: keyset cursors (see paging.h).
 */
#include "paging.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/utf8.h"
#include "crypto.h"

yw_err
yw_page_parse(yw_req *r, char kind, yw_page *p)
{
	const char *l = yw_req_query(r, "limit"), *c = yw_req_query(r, "cursor");
	yw_err err = YW_OK;

	p->limit = 20;
	p->after = NULL;
	/* An empty limit= is absent, as every other empty query parameter is. */
	if (l != NULL && *l != '\0') {
		char *end;
		errno = 0;
		long v = strtol(l, &end, 10);
		if (*end != '\0' || errno != 0 || v < 1 || v > 100) {
			yw_field_error(r, "limit", "out_of_range");
			err = YW_E_BAD_REQUEST;
		} else {
			p->limit = v;
		}
	}
	if (c != NULL && *c != '\0') {
		size_t n = strlen(c);
		unsigned char *buf = yw_arena_alloc(&r->arena, n + 1);
		long got = n <= 400 ? yw_b64url_decode(c, n, buf, n) : -1;
		if (got < 2 || buf[0] != (unsigned char)kind || buf[1] != ':' ||
		    !yw_utf8_valid((const char *)buf + 2, (size_t)got - 2) ||
		    memchr(buf + 2, '\0', (size_t)got - 2) != NULL) {
			yw_field_error(r, "cursor", "invalid");
			err = YW_E_BAD_REQUEST;
		} else {
			p->after =
			    yw_arena_strndup(&r->arena, (const char *)buf + 2, (size_t)got - 2);
		}
	}
	return err;
}

const char *
yw_page_cursor(yw_req *r, char kind, const char *key)
{
	size_t n = strlen(key) + 2;
	char *raw = yw_arena_alloc(&r->arena, n + 1);
	char *out = yw_arena_alloc(&r->arena, (n + 2) / 3 * 4 + 1);

	raw[0] = kind;
	raw[1] = ':';
	memcpy(raw + 2, key, n - 2);
	yw_b64url_encode((const unsigned char *)raw, n, out);
	return out;
}

json_t *
yw_page_body(json_t *data, const char *next_cursor)
{
	json_t *o = json_object();

	json_object_set_new(o, "data", data);
	json_object_set_new(o, "next_cursor", next_cursor ? json_string(next_cursor) : json_null());
	return o;
}
