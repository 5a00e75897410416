/*
 * auth.h: bearer tokens for staff and citizens.
 *
 * A token is 32 random bytes in base64url (43 characters). Only its SHA-256 is stored.
 * Access tokens are short-lived; refresh tokens belong to a family (the chain of rotations
 * that started at one sign-in). Revocation is a row update, so it takes effect on the next
 * request in every worker and on every host.
 */
#ifndef YW_AUTH_H
#define YW_AUTH_H

#include <jansson.h>

#include "db.h"
#include "request.h"

#define YW_TOKEN_CHARS 43

typedef struct {
	char access[YW_TOKEN_CHARS + 1];
	char refresh[YW_TOKEN_CHARS + 1];
	long expires_in;
} yw_token_pair;

/* Reads "Authorization: Bearer ..." and fills r->who; YW_E_UNAVAILABLE if the db is down. */
yw_err yw_auth_bearer(yw_req *r);
/* Checks r->route's auth requirement against r->who (401 / 403). */
yw_err yw_auth_require(yw_req *r);

/*
 * Issues an access + refresh pair for principal ("staff" or "citizen") and id, in the
 * caller's transaction. family is 16 bytes, or NULL to start a new family.
 */
yw_err yw_auth_issue(yw_db *db, yw_arena *a, const char *principal, long long id, long access_ttl,
    long refresh_ttl, const unsigned char *family, yw_token_pair *out);

/*
 * Rotates a refresh token inside the caller's transaction: a fresh pair in the same family,
 * the presented token marked used. A token already used is a replay: the whole family is
 * revoked, *replayed is set and YW_OK is returned so that the caller commits the revocation
 * and then answers 401. Unknown, revoked or expired tokens are YW_E_UNAUTHENTICATED.
 */
yw_err yw_auth_rotate(yw_db *db, yw_arena *a, const char *refresh, long access_ttl,
    long refresh_ttl, yw_token_pair *out, int *replayed);
/* Revokes every token of a sign-in (16-byte family id), or every token of a principal. */
yw_err yw_auth_revoke_family(yw_db *db, yw_arena *a, const char *family);
yw_err yw_auth_revoke_principal(yw_db *db, yw_arena *a, const char *principal, long long id);

unsigned yw_roles_parse(const char *set);
json_t *yw_roles_json(unsigned roles);
/* The SET literal ("clerk,reviewer") of a role bit set, in the arena. */
const char *yw_roles_set(yw_arena *a, unsigned roles);
/* The bit of one role name, 0 when unknown. */
unsigned yw_role_bit(const char *name);

#endif
