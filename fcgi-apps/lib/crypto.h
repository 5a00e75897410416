/*
 * crypto.h: randomness, hashes and encodings used for tokens, request ids and cursors.
 * Random bytes come from the kernel CSPRNG (getrandom); hashes from OpenSSL.
 */
#ifndef YW_CRYPTO_H
#define YW_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf with n random bytes; aborts if the kernel cannot (it never should). */
void yw_random_bytes(void *buf, size_t n);
void yw_sha256(const void *data, size_t n, unsigned char out[32]);
/* Lower-case hex; out holds 2n+1 bytes. */
void yw_hex(const unsigned char *in, size_t n, char *out);
/* Constant-time comparison of n bytes. */
int yw_ct_equal(const void *a, const void *b, size_t n);

/* Base64url without padding (RFC 4648 section 5). out holds ((n+2)/3)*4+1 bytes. */
size_t yw_b64url_encode(const unsigned char *in, size_t n, char *out);
/* Decodes into out (capacity cap); returns the length or -1 on bad input. */
long yw_b64url_decode(const char *in, size_t n, unsigned char *out, size_t cap);
/* Standard base64 with padding. */
size_t yw_b64_encode(const unsigned char *in, size_t n, char *out);
long yw_b64_decode(const char *in, size_t n, unsigned char *out, size_t cap);

#endif
