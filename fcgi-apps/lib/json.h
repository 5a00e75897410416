/*
 * json.h: declaring the JSON fields a handler accepts, and checking a body against them.
 *
 * A handler lists its fields (name, type, required, nullable, bounds) in a static table;
 * yw_json_check() reports every problem at once into the request's error fields before
 * the handler touches a value: unknown fields, wrong types, missing required fields,
 * string lengths in characters, integer ranges. Values are then read with Jansson's
 * getters, already known to have the declared type.
 */
#ifndef YW_JSON_H
#define YW_JSON_H

#include <jansson.h>

#include "request.h"

enum { YW_J_STRING, YW_J_INT, YW_J_BOOL, YW_J_ARRAY, YW_J_OBJECT, YW_J_ANY };
enum { YW_J_REQUIRED = 1 << 0, YW_J_NULLABLE = 1 << 1 };

typedef struct {
	const char *key;
	int type;
	unsigned flags;
	long long min, max; /* characters for strings, values for integers, items for arrays */
} yw_jfield;

/* Result bits of yw_json_check. */
enum { YW_JCHECK_TYPE = 1, YW_JCHECK_VALUE = 2 };

/*
 * Checks obj (which must be an object) against the table. Field names in the error list
 * are prefixed ("materials[0].name"). Returns 0 when clean, else YW_JCHECK_* bits.
 */
int yw_json_check(yw_req *r, const json_t *obj, const char *prefix, const yw_jfield *f, size_t n);

/* The error kind for a check result: 400 when any type was wrong, else 422. */
yw_err yw_json_check_err(int bits);

/* A string member, or NULL (absent, null or not a string). */
const char *yw_json_str(const json_t *obj, const char *key);
/* An integer member, or def. */
long long yw_json_int(const json_t *obj, const char *key, long long def);

/* An id sent as a JSON string of digits ("3") or a positive integer; 0 on success. */
int yw_json_id(const json_t *v, long long *out);

/* Serialises compactly; the bytes belong to the arena. len may be NULL. */
char *yw_json_dump(yw_arena *a, const json_t *j, size_t *len);

#endif
