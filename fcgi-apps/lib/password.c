/*
 * password.c: Argon2id through libargon2 (see password.h).
 */
#include "password.h"

#include <argon2.h>
#include <string.h>

#include "crypto.h"

#define T_COST 2
#define M_COST 19456
#define PARALLELISM 1
#define SALT_LEN 16
#define HASH_LEN 32

int
yw_password_hash(const char *password, char *out, size_t len)
{
	unsigned char salt[SALT_LEN];

	yw_random_bytes(salt, sizeof(salt));
	return argon2id_hash_encoded(T_COST, M_COST, PARALLELISM, password, strlen(password), salt,
	           sizeof(salt), HASH_LEN, out, len) == ARGON2_OK
	           ? 0
	           : -1;
}

int
yw_password_verify(const char *encoded, const char *password)
{
	if (encoded == NULL || strncmp(encoded, "$argon2id$", 10) != 0)
		return 0;
	return argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
}

void
yw_password_dummy_verify(const char *password)
{
	/* A valid hash of a random value nobody knows, with the same parameters. */
	static char dummy[128];

	if (dummy[0] == '\0') {
		char pw[33];
		unsigned char raw[16];
		yw_random_bytes(raw, sizeof(raw));
		yw_hex(raw, sizeof(raw), pw);
		if (yw_password_hash(pw, dummy, sizeof(dummy)) != 0)
			return;
	}
	(void)yw_password_verify(dummy, password);
}
