/*
 * crypto.c: CSPRNG, SHA-256, hex, base64 and base64url (see crypto.h).
 */
#include "crypto.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

void
yw_random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			fputs("getrandom failed\n", stderr);
			abort();
		}
		p += r;
		n -= (size_t)r;
	}
}

void
yw_sha256(const void *data, size_t n, unsigned char out[32])
{
	SHA256(data, n, out);
}

void
yw_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

int
yw_ct_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

static size_t
encode(const unsigned char *in, size_t n, char *out, const char *alpha, int pad)
{
	size_t j = 0, i;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		out[j++] = alpha[v >> 18 & 63];
		out[j++] = alpha[v >> 12 & 63];
		out[j++] = alpha[v >> 6 & 63];
		out[j++] = alpha[v & 63];
	}
	if (i < n) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0);
		out[j++] = alpha[v >> 18 & 63];
		out[j++] = alpha[v >> 12 & 63];
		if (i + 1 < n)
			out[j++] = alpha[v >> 6 & 63];
		else if (pad)
			out[j++] = '=';
		if (pad)
			out[j++] = '=';
	}
	out[j] = '\0';
	return j;
}

static int
decval(int c, int url)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == (url ? '-' : '+'))
		return 62;
	if (c == (url ? '_' : '/'))
		return 63;
	return -1;
}

static long
decode(const char *in, size_t n, unsigned char *out, size_t cap, int url)
{
	size_t j = 0;
	unsigned acc = 0;
	int bits = 0;

	if (!url) {
		/* Padding only at the end, and the padded length is a multiple of 4. */
		if (n % 4 != 0)
			return -1;
		while (n > 0 && in[n - 1] == '=')
			n--;
	}
	if (n % 4 == 1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int v = decval((unsigned char)in[i], url);
		if (v < 0)
			return -1;
		acc = acc << 6 | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (j >= cap)
				return -1;
			out[j++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	/* Non-canonical trailing bits are rejected, so each value has one encoding. */
	if (acc != 0)
		return -1;
	return (long)j;
}

static const char url_alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char std_alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
yw_b64url_encode(const unsigned char *in, size_t n, char *out)
{
	return encode(in, n, out, url_alpha, 0);
}

long
yw_b64url_decode(const char *in, size_t n, unsigned char *out, size_t cap)
{
	return decode(in, n, out, cap, 1);
}

size_t
yw_b64_encode(const unsigned char *in, size_t n, char *out)
{
	return encode(in, n, out, std_alpha, 1);
}

long
yw_b64_decode(const char *in, size_t n, unsigned char *out, size_t cap)
{
	return decode(in, n, out, cap, 0);
}
