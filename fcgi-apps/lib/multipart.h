/*
 * multipart.h: multipart/form-data (RFC 7578 over RFC 2046) parsed from a body in memory.
 *
 * The core has already read the whole body (up to max_body); this parser only indexes it:
 * each part's data points into the caller's buffer, its names are copied into the arena.
 * It never reads outside [body, body + len), needs no NUL at the end, accepts a preamble
 * and an epilogue, and insists on CRLF line ends. A pure parser of untrusted bytes: no
 * I/O, fuzzed by tests/fuzz/fuzz_multipart.c.
 */
#ifndef YW_MULTIPART_H
#define YW_MULTIPART_H

#include <stddef.h>

#include "arena.h"
#include "errors.h"

/* Limits: more parts or headers than this is a malformed request, not a bigger table. */
#define YW_MP_MAX_PARTS 64
#define YW_MP_MAX_HEADERS 16
#define YW_MP_MAX_BOUNDARY 70

typedef struct {
	const char *name; /* the form field name (UTF-8, NUL-terminated) */
	const char *filename; /* the file name as sent (filename*= preferred), or NULL */
	const char *content_type; /* the part's Content-Type, or NULL */
	const char *data; /* into the body; not NUL-terminated */
	size_t len;
} yw_mpart;

/*
 * The boundary of a Content-Type header: YW_E_UNSUPPORTED_MEDIA_TYPE unless the type is
 * multipart/form-data; YW_E_BAD_REQUEST when the boundary parameter is missing or is not
 * 1..70 characters of RFC 2046's bchars (quoted or not).
 */
yw_err yw_multipart_boundary(yw_arena *a, const char *content_type, const char **boundary);

/*
 * Splits body into its parts. YW_E_BAD_REQUEST when it is not well formed: no opening or
 * closing delimiter, a header line without CRLF or ':', a part without
 * `Content-Disposition: form-data; name=...`, names or file names that are not UTF-8 or
 * hold NUL or control characters, more than YW_MP_MAX_PARTS parts.
 */
yw_err yw_multipart_parse(yw_arena *a, const char *body, size_t len, const char *boundary,
    yw_mpart **parts, size_t *nparts);

#endif
