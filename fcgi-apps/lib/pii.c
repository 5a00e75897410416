/*
 * pii.c: encryption and keyed hashes of personal data (see pii.h), with OpenSSL.
 */
#include "pii.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

#include "crypto.h"

static unsigned char k_enc[32], k_mac_id[32], k_mac_code[32];
static int ready;

static void
derive(const unsigned char *master, const char *label, unsigned char out[32])
{
	unsigned int n = 32;

	HMAC(EVP_sha256(), master, 32, (const unsigned char *)label, strlen(label), out, &n);
}

int
yw_pii_init(const char *key_b64)
{
	unsigned char master[48];
	long n;

	ready = 0;
	if (key_b64 == NULL)
		return -1;
	n = yw_b64_decode(key_b64, strlen(key_b64), master, sizeof(master));
	if (n != 32)
		return -1;
	derive(master, "yiwang pii encryption v1", k_enc);
	derive(master, "yiwang id number mac v1", k_mac_id);
	derive(master, "yiwang sms code mac v1", k_mac_code);
	memset(master, 0, sizeof(master));
	ready = 1;
	return 0;
}

int
yw_pii_encrypt(yw_arena *a, const char *plain, unsigned char **out, size_t *outlen)
{
	size_t n = strlen(plain);
	unsigned char *buf;
	EVP_CIPHER_CTX *c;
	int len = 0, fin = 0, ok;

	if (!ready)
		return -1;
	buf = yw_arena_alloc(a, 12 + n + 16);
	yw_random_bytes(buf, 12);
	c = EVP_CIPHER_CTX_new();
	if (c == NULL)
		return -1;
	ok = EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, k_enc, buf) == 1 &&
	     EVP_EncryptUpdate(c, buf + 12, &len, (const unsigned char *)plain, (int)n) == 1 &&
	     EVP_EncryptFinal_ex(c, buf + 12 + len, &fin) == 1 &&
	     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, buf + 12 + n) == 1;
	EVP_CIPHER_CTX_free(c);
	if (!ok)
		return -1;
	*out = buf;
	*outlen = 12 + n + 16;
	return 0;
}

char *
yw_pii_decrypt(yw_arena *a, const unsigned char *in, size_t len)
{
	EVP_CIPHER_CTX *c;
	char *out;
	int n = 0, fin = 0, ok;

	if (!ready || len < 28)
		return NULL;
	out = yw_arena_alloc(a, len - 28 + 1);
	c = EVP_CIPHER_CTX_new();
	if (c == NULL)
		return NULL;
	ok = EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, k_enc, in) == 1 &&
	     EVP_DecryptUpdate(c, (unsigned char *)out, &n, in + 12, (int)(len - 28)) == 1 &&
	     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, (void *)(in + len - 16)) == 1 &&
	     EVP_DecryptFinal_ex(c, (unsigned char *)out + n, &fin) == 1;
	EVP_CIPHER_CTX_free(c);
	if (!ok)
		return NULL;
	out[len - 28] = '\0';
	return out;
}

void
yw_pii_mac(int purpose, const void *data, size_t len, unsigned char out[32])
{
	unsigned int n = 32;
	const unsigned char *k = purpose == YW_PII_MAC_ID_NUMBER ? k_mac_id : k_mac_code;

	HMAC(EVP_sha256(), k, 32, data, len, out, &n);
}
