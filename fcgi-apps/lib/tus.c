/*
 * tus.c: the tus 1.0.0 request headers (see tus.h).
 *
 * Header values reach us as NUL-terminated strings from the FastCGI parameters; nothing
 * here trusts their length or content. Base64 goes through crypto.c's strict decoder
 * (canonical trailing bits), after restoring padding that some clients leave out.
 */
#include "tus.h"

#include <string.h>

#include "crypto.h"

#define MAX_KEY 128

yw_err
yw_tus_parse_uint(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (s == NULL || *s == '\0')
		return YW_E_BAD_REQUEST;
	for (; *s; s++) {
		int d;
		if (*s < '0' || *s > '9')
			return YW_E_BAD_REQUEST;
		d = *s - '0';
		if (v > (INT64_MAX - d) / 10)
			return YW_E_BAD_REQUEST;
		v = v * 10 + d;
	}
	*out = v;
	return YW_OK;
}

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Decodes standard base64, padded or not, into the arena (plus a NUL); -1 when invalid. */
static long
b64_decode(yw_arena *a, const char *in, size_t n, unsigned char **out)
{
	size_t padded = (n + 3) / 4 * 4;
	char *copy;
	unsigned char *dec;
	long len;

	if (n % 4 != 0 && memchr(in, '=', n) != NULL)
		return -1; /* padding, but not enough of it */
	copy = yw_arena_alloc(a, padded + 1);
	memcpy(copy, in, n);
	memset(copy + n, '=', padded - n);
	dec = yw_arena_alloc(a, padded / 4 * 3 + 1);
	len = yw_b64_decode(copy, padded, dec, padded / 4 * 3);
	if (len < 0)
		return -1;
	dec[len] = '\0';
	*out = dec;
	return len;
}

/* One "key [value]" pair, already trimmed, not empty. */
static yw_err
parse_pair(yw_arena *a, const char *p, size_t n, yw_tus_meta *m)
{
	size_t klen = 0, vstart;
	unsigned char *val;
	long vlen;

	while (klen < n && p[klen] != ' ' && p[klen] != '\t')
		klen++;
	if (klen == 0 || klen > MAX_KEY)
		return YW_E_BAD_REQUEST;
	for (size_t i = 0; i < klen; i++)
		if ((unsigned char)p[i] <= 0x20 || (unsigned char)p[i] >= 0x7f)
			return YW_E_BAD_REQUEST;
	m->key = yw_arena_strndup(a, p, klen);
	m->value = NULL;
	m->value_len = 0;
	vstart = klen;
	while (vstart < n && is_ows(p[vstart]))
		vstart++;
	if (vstart == n)
		return YW_OK; /* a key without a value */
	for (size_t i = vstart; i < n; i++)
		if (is_ows(p[i]))
			return YW_E_BAD_REQUEST;
	vlen = b64_decode(a, p + vstart, n - vstart, &val);
	if (vlen < 0)
		return YW_E_BAD_REQUEST;
	m->value = (const char *)val;
	m->value_len = (size_t)vlen;
	return YW_OK;
}

yw_err
yw_tus_parse_metadata(yw_arena *a, const char *header, yw_tus_meta **out, size_t *n)
{
	yw_tus_meta *m;
	size_t count = 0;
	const char *p = header;

	*out = NULL;
	*n = 0;
	if (header == NULL)
		return YW_OK;
	while (is_ows(*p))
		p++;
	if (*p == '\0')
		return YW_OK;
	m = yw_arena_calloc(a, YW_TUS_MAX_META, sizeof(*m));
	for (;;) {
		size_t len = strcspn(p, ",");
		const char *end = p + len;
		const char *s = p, *e = end;

		while (s < e && is_ows(*s))
			s++;
		while (e > s && is_ows(e[-1]))
			e--;
		if (s == e || count == YW_TUS_MAX_META)
			return YW_E_BAD_REQUEST;
		if (parse_pair(a, s, (size_t)(e - s), &m[count]) != YW_OK)
			return YW_E_BAD_REQUEST;
		for (size_t i = 0; i < count; i++)
			if (strcmp(m[i].key, m[count].key) == 0)
				return YW_E_BAD_REQUEST;
		count++;
		if (*end == '\0')
			break;
		p = end + 1;
	}
	*out = m;
	*n = count;
	return YW_OK;
}

const yw_tus_meta *
yw_tus_meta_get(const yw_tus_meta *m, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].key, key) == 0)
			return &m[i];
	return NULL;
}

yw_err
yw_tus_parse_checksum(const char *header, yw_tus_checksum *out)
{
	const char *sp;
	size_t alen, dlen, padded;
	char copy[((YW_TUS_MAX_DIGEST + 2) / 3) * 4 + 1];
	long len;

	memset(out, 0, sizeof(*out));
	if (header == NULL || (sp = strchr(header, ' ')) == NULL)
		return YW_E_BAD_REQUEST;
	alen = (size_t)(sp - header);
	if (alen == 0 || alen >= sizeof(out->algorithm))
		return YW_E_BAD_REQUEST;
	for (size_t i = 0; i < alen; i++) {
		char c = header[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return YW_E_BAD_REQUEST;
	}
	memcpy(out->algorithm, header, alen);
	out->algorithm[alen] = '\0';
	dlen = strlen(sp + 1);
	padded = (dlen + 3) / 4 * 4;
	if (dlen == 0 || padded >= sizeof(copy))
		return YW_E_BAD_REQUEST;
	if (dlen % 4 != 0 && memchr(sp + 1, '=', dlen) != NULL)
		return YW_E_BAD_REQUEST;
	memcpy(copy, sp + 1, dlen);
	memset(copy + dlen, '=', padded - dlen);
	len = yw_b64_decode(copy, padded, out->digest, sizeof(out->digest));
	if (len <= 0)
		return YW_E_BAD_REQUEST;
	out->digest_len = (size_t)len;
	return YW_OK;
}
