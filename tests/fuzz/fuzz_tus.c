/*
 * fuzz_tus.c: libFuzzer harness for lib/tus.c, the parsers of the tus request headers
 * (Upload-Offset, Upload-Length, Upload-Metadata, Upload-Checksum).
 *
 * The input, cut at its first NUL (a FastCGI parameter cannot hold one), is given to each
 * parser in turn. Checks beyond memory errors: an accepted number is all digits and prints
 * back to itself (leading zeros aside); metadata keys are unique, non-empty and printable
 * ASCII, and a value is never longer than the header; a checksum digest fits its buffer.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fcgi-apps/lib/tus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static yw_arena arena;
	static int ready;
	char *s = malloc(size + 1);
	int64_t v;
	yw_tus_meta *m;
	yw_tus_checksum ck;
	size_t n, len;

	if (!ready) {
		yw_arena_init(&arena);
		ready = 1;
	}
	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	len = strlen(s);

	if (yw_tus_parse_uint(s, &v) == YW_OK) {
		char back[32];
		const char *digits = s;
		if (v < 0 || strspn(s, "0123456789") != len)
			__builtin_trap();
		while (digits[0] == '0' && digits[1] != '\0')
			digits++;
		snprintf(back, sizeof(back), "%" PRId64, v);
		if (strcmp(back, digits) != 0)
			__builtin_trap();
	}

	if (yw_tus_parse_metadata(&arena, s, &m, &n) == YW_OK) {
		if (n > YW_TUS_MAX_META || (n > 0 && m == NULL))
			__builtin_trap();
		for (size_t i = 0; i < n; i++) {
			size_t kl = strlen(m[i].key);
			if (kl == 0 || kl > len || m[i].value_len > len)
				__builtin_trap();
			for (size_t k = 0; k < kl; k++)
				if ((unsigned char)m[i].key[k] <= 0x20 ||
				    (unsigned char)m[i].key[k] >= 0x7f || m[i].key[k] == ',')
					__builtin_trap();
			if (m[i].value != NULL && m[i].value[m[i].value_len] != '\0')
				__builtin_trap();
			for (size_t j = 0; j < i; j++)
				if (strcmp(m[i].key, m[j].key) == 0)
					__builtin_trap();
			if (yw_tus_meta_get(m, n, m[i].key) != &m[i])
				__builtin_trap();
		}
	}

	if (yw_tus_parse_checksum(s, &ck) == YW_OK) {
		if (ck.digest_len == 0 || ck.digest_len > sizeof(ck.digest) ||
		    strlen(ck.algorithm) == 0 || strlen(ck.algorithm) >= sizeof(ck.algorithm))
			__builtin_trap();
	}

	free(s);
	yw_arena_reset(&arena);
	return 0;
}
