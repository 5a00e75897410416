/*
 * pii.h: personal data at rest. The one key (`pii_key`, 32 bytes in base64, from the
 * configuration or YIWANG_PII_KEY) never reaches the database; from it come three subkeys:
 * one for AES-256-GCM encryption (names, ID numbers), one for the HMAC that makes an ID
 * number unique without storing it, one for the HMAC of SMS codes.
 */
#ifndef YW_PII_H
#define YW_PII_H

#include <stddef.h>

#include "arena.h"

enum { YW_PII_MAC_ID_NUMBER, YW_PII_MAC_SMS_CODE };

/* 0 on success; -1 when the key is missing or not 32 bytes of base64. */
int yw_pii_init(const char *key_b64);
/* nonce (12) || ciphertext || tag (16), in the arena; 0 on success. */
int yw_pii_encrypt(yw_arena *a, const char *plain, unsigned char **out, size_t *outlen);
/* The plaintext, NUL-terminated in the arena, or NULL when it does not authenticate. */
char *yw_pii_decrypt(yw_arena *a, const unsigned char *in, size_t len);
/* HMAC-SHA256 under the purpose's subkey. */
void yw_pii_mac(int purpose, const void *data, size_t len, unsigned char out[32]);

#endif
