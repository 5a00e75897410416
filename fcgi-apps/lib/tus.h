/*
 * tus.h: parsing the request headers of the tus 1.0.0 resumable upload protocol
 * (https://tus.io/protocols/resumable-upload): Upload-Offset and Upload-Length numbers,
 * Upload-Metadata pairs and Upload-Checksum.
 *
 * Pure parsers of untrusted bytes: no I/O, no database; every result lives in the caller's
 * arena. Each returns YW_OK or YW_E_BAD_REQUEST (what tus prescribes for a malformed
 * header), and is fuzzed by tests/fuzz/fuzz_tus.c.
 */
#ifndef YW_TUS_H
#define YW_TUS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "errors.h"

#define YW_TUS_VERSION "1.0.0"
/* At most this many Upload-Metadata pairs (tus sets no limit; we need two). */
#define YW_TUS_MAX_META 32
/* The longest digest Upload-Checksum may carry (SHA-512). */
#define YW_TUS_MAX_DIGEST 64

/*
 * A strict unsigned decimal number, as Upload-Offset and Upload-Length are: one or more
 * ASCII digits and nothing else (no sign, no spaces, no "0x"), at most INT64_MAX so that
 * it fits a file offset and a BIGINT.
 */
yw_err yw_tus_parse_uint(const char *s, int64_t *out);

typedef struct {
	const char *key; /* NUL-terminated */
	const char *value; /* decoded bytes plus a NUL; NULL when the pair had no value */
	size_t value_len;
} yw_tus_meta;

/*
 * Upload-Metadata: comma-separated pairs "key base64value" or a lone "key" (optional
 * spaces around each pair). Keys are 1..128 printable ASCII characters without spaces
 * or commas, and unique. Values are standard base64 (padding optional). An empty header
 * gives zero pairs.
 */
yw_err yw_tus_parse_metadata(yw_arena *a, const char *header, yw_tus_meta **out, size_t *n);

/* The pair with this key, or NULL. */
const yw_tus_meta *yw_tus_meta_get(const yw_tus_meta *m, size_t n, const char *key);

typedef struct {
	char algorithm[16]; /* lower case, as sent: "sha1" */
	unsigned char digest[YW_TUS_MAX_DIGEST];
	size_t digest_len;
} yw_tus_checksum;

/*
 * Upload-Checksum: "<algorithm> <base64 digest>" with a single space. The algorithm is
 * 1..15 of [a-z0-9-]; whether it is supported is the caller's decision (tus: 400).
 */
yw_err yw_tus_parse_checksum(const char *header, yw_tus_checksum *out);

#endif
