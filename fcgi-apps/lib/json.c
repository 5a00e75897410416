/*
 * json.c: declared-field checks for request bodies (see json.h).
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/utf8.h"

static const char *
join(yw_req *r, const char *prefix, const char *key)
{
	if (prefix == NULL || *prefix == '\0')
		return key;
	return yw_arena_printf(&r->arena, "%s.%s", prefix, key);
}

static int
type_ok(const json_t *v, int type)
{
	switch (type) {
	case YW_J_STRING: return json_is_string(v);
	case YW_J_INT: return json_is_integer(v);
	case YW_J_BOOL: return json_is_boolean(v);
	case YW_J_ARRAY: return json_is_array(v);
	case YW_J_OBJECT: return json_is_object(v);
	default: return 1;
	}
}

int
yw_json_check(yw_req *r, const json_t *obj, const char *prefix, const yw_jfield *f, size_t n)
{
	const char *key;
	json_t *v;
	int bits = 0;

	if (!json_is_object(obj)) {
		yw_field_error(r, prefix && *prefix ? prefix : "body", "invalid_type");
		return YW_JCHECK_TYPE;
	}
	json_object_foreach((json_t *)obj, key, v)
	{
		size_t i;
		for (i = 0; i < n; i++)
			if (strcmp(f[i].key, key) == 0)
				break;
		if (i == n) {
			yw_field_error(r, join(r, prefix, key), "unknown_field");
			bits |= YW_JCHECK_TYPE;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = join(r, prefix, f[i].key);

		v = json_object_get(obj, f[i].key);
		if (v == NULL || (json_is_null(v) && !(f[i].flags & YW_J_NULLABLE))) {
			if (v != NULL && json_is_null(v) && !(f[i].flags & YW_J_REQUIRED))
				continue; /* an optional field sent as null counts as absent */
			if (f[i].flags & YW_J_REQUIRED) {
				yw_field_error(r, name, "required");
				bits |= YW_JCHECK_VALUE;
			}
			continue;
		}
		if (json_is_null(v))
			continue;
		if (!type_ok(v, f[i].type)) {
			yw_field_error(r, name, "invalid_type");
			bits |= YW_JCHECK_TYPE;
			continue;
		}
		if (f[i].type == YW_J_STRING) {
			size_t chars = yw_utf8_chars(json_string_value(v), json_string_length(v));
			if (memchr(json_string_value(v), '\0', json_string_length(v)) != NULL) {
				yw_field_error(r, name, "invalid");
				bits |= YW_JCHECK_VALUE;
			} else if ((long long)chars < f[i].min) {
				yw_field_error(r, name, chars == 0 ? "required" : "too_short");
				bits |= YW_JCHECK_VALUE;
			} else if (f[i].max > 0 && (long long)chars > f[i].max) {
				yw_field_error(r, name, "too_long");
				bits |= YW_JCHECK_VALUE;
			}
		} else if (f[i].type == YW_J_INT) {
			json_int_t x = json_integer_value(v);
			if (x < f[i].min || x > f[i].max) {
				yw_field_error(r, name, "out_of_range");
				bits |= YW_JCHECK_VALUE;
			}
		} else if (f[i].type == YW_J_ARRAY) {
			long long sz = (long long)json_array_size(v);
			if (sz < f[i].min || (f[i].max > 0 && sz > f[i].max)) {
				yw_field_error(r, name, sz < f[i].min ? "too_short" : "too_long");
				bits |= YW_JCHECK_VALUE;
			}
		}
	}
	return bits;
}

yw_err
yw_json_check_err(int bits)
{
	if (bits & YW_JCHECK_TYPE)
		return YW_E_BAD_REQUEST;
	if (bits)
		return YW_E_VALIDATION;
	return YW_OK;
}

const char *
yw_json_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

long long
yw_json_int(const json_t *obj, const char *key, long long def)
{
	json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}

struct dumpbuf {
	yw_arena *a;
	char *p;
	size_t len, cap;
};

static int
dump_cb(const char *chunk, size_t n, void *data)
{
	struct dumpbuf *b = data;

	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap * 2;
		char *p;
		while (cap < b->len + n + 1)
			cap *= 2;
		p = yw_arena_alloc(b->a, cap);
		memcpy(p, b->p, b->len);
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, chunk, n);
	b->len += n;
	return 0;
}

/* One pass over the value, straight into the arena. */
char *
yw_json_dump(yw_arena *a, const json_t *j, size_t *len)
{
	struct dumpbuf b = { a, NULL, 0, 4096 };

	b.p = yw_arena_alloc(a, b.cap);
	/* 15 significant digits: 2/3 rounded to 0.6667 goes out as 0.6667, not 0.66669999999999996. */
	if (json_dump_callback(j, dump_cb, &b,
	        JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) != 0) {
		if (len != NULL)
			*len = 0;
		return NULL;
	}
	b.p[b.len] = '\0';
	if (len != NULL)
		*len = b.len;
	return b.p;
}

int
yw_json_id(const json_t *v, long long *out)
{
	if (json_is_integer(v)) {
		if (json_integer_value(v) <= 0)
			return -1;
		*out = (long long)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = strlen(s);
		char *end;
		if (n == 0 || n > 18 || s[0] < '1' || s[0] > '9')
			return -1;
		*out = strtoll(s, &end, 10);
		return *end == '\0' ? 0 : -1;
	}
	return -1;
}
