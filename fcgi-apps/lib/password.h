/*
 * password.h: Argon2id password hashes in the PHC string format ($argon2id$v=19$...).
 * Parameters follow OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
 */
#ifndef YW_PASSWORD_H
#define YW_PASSWORD_H

#include <stddef.h>

/* Writes the encoded hash into out (>= 128 bytes); 0 on success. */
int yw_password_hash(const char *password, char *out, size_t len);
/* 1 when password matches encoded, 0 otherwise (also for a malformed hash). */
int yw_password_verify(const char *encoded, const char *password);
/* Spends the time of one verification, for unknown users (no timing oracle). */
void yw_password_dummy_verify(const char *password);

#endif
