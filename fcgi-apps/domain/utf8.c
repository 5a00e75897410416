/*
 * utf8.c: UTF-8 validation (RFC 3629) and code-point counting. Pure: no I/O.
 */
#include "utf8.h"

int
yw_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + n >= len)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
yw_utf8_chars(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

size_t
yw_utf8_prefix(const char *str, size_t len, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = 0, i;

	for (i = 0; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			if (n == max)
				return i;
			n++;
		}
	}
	return len;
}
