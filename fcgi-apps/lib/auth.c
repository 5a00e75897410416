/*
 * auth.c: bearer token authentication and issuing (see auth.h).
 * Tokens never reach a log line: only their hashes are handled after the first lines.
 */
#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "config.h"
#include "crypto.h"

static const char SQL_TOKEN_LOOKUP[] =
    "SELECT t.principal, t.principal_id, s.roles, s.dept_id, t.family_id "
    "FROM auth_tokens t "
    "LEFT JOIN staff s ON t.principal = 'staff' AND s.id = t.principal_id AND s.active = 1 "
    "WHERE t.token_hash = ? AND t.kind = 'access' AND t.revoked_at IS NULL AND t.expires_at > ?";

static const char SQL_TOKEN_INSERT[] =
    "INSERT INTO auth_tokens (token_hash, kind, principal, principal_id, family_id, created_at, "
    "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

static const struct {
	const char *name;
	unsigned bit;
} roles[] = {
	{ "clerk", YW_ROLE_CLERK },
	{ "reviewer", YW_ROLE_REVIEWER },
	{ "supervisor", YW_ROLE_SUPERVISOR },
	{ "admin", YW_ROLE_ADMIN },
};

unsigned
yw_role_bit(const char *name)
{
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].bit;
	return 0;
}

unsigned
yw_roles_parse(const char *set)
{
	unsigned bits = 0;
	char word[32];

	while (set != NULL && *set) {
		size_t len = strcspn(set, ",");
		if (len < sizeof(word)) {
			memcpy(word, set, len);
			word[len] = '\0';
			bits |= yw_role_bit(word);
		}
		set += len;
		if (*set == ',')
			set++;
	}
	return bits;
}

json_t *
yw_roles_json(unsigned bits)
{
	json_t *a = json_array();

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (bits & roles[i].bit)
			json_array_append_new(a, json_string(roles[i].name));
	return a;
}

const char *
yw_roles_set(yw_arena *a, unsigned bits)
{
	char buf[64] = "";
	size_t used = 0;

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (bits & roles[i].bit)
			used += (size_t)snprintf(
			    buf + used, sizeof(buf) - used, "%s%s", used ? "," : "", roles[i].name);
	return yw_arena_strdup(a, buf);
}

yw_err
yw_auth_bearer(yw_req *r)
{
	const char *h = yw_req_env(r, "HTTP_AUTHORIZATION");
	unsigned char hash[32];
	char now[32];
	yw_rows rows;
	yw_err err;
	const char *tok;

	memset(&r->who, 0, sizeof(r->who));
	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return YW_E_UNAUTHENTICATED;
	tok = h + 7;
	while (*tok == ' ')
		tok++;
	if (strlen(tok) != YW_TOKEN_CHARS)
		return YW_E_UNAUTHENTICATED;
	yw_sha256(tok, YW_TOKEN_CHARS, hash);
	yw_time_format_db(yw_now_us(), now, sizeof(now));
	yw_arg args[] = { YW_BLOB(hash, 32), yw_str(now) };
	err = yw_db_exec(r->db, &r->arena, SQL_TOKEN_LOOKUP, args, 2, &rows);
	if (err != YW_OK)
		return err;
	if (rows.nrows != 1)
		return YW_E_UNAUTHENTICATED;
	if (strcmp(YW_CELL(&rows, 0, 0), "staff") == 0) {
		if (YW_CELL(&rows, 0, 2) == NULL)
			return YW_E_UNAUTHENTICATED; /* deactivated staff */
		r->who.kind = YW_AUTH_STAFF;
		r->who.roles = yw_roles_parse(YW_CELL(&rows, 0, 2));
		r->who.dept_id = YW_CELL(&rows, 0, 3) ? strtoll(YW_CELL(&rows, 0, 3), NULL, 10) : 0;
	} else {
		r->who.kind = YW_AUTH_CITIZEN;
	}
	r->who.id = strtoll(YW_CELL(&rows, 0, 1), NULL, 10);
	r->who.token_hash = yw_arena_strndup(&r->arena, (const char *)hash, 32);
	r->who.family = YW_CELL(&rows, 0, 4);
	return YW_OK;
}

yw_err
yw_auth_require(yw_req *r)
{
	const yw_route *rt = r->route;
	yw_err err;

	if (rt == NULL || rt->auth == YW_AUTH_NONE)
		return YW_OK;
	if ((err = yw_auth_bearer(r)) != YW_OK)
		return err;
	if (rt->auth != YW_AUTH_ANY && r->who.kind != rt->auth)
		return YW_E_FORBIDDEN;
	if (rt->auth == YW_AUTH_STAFF && rt->roles != 0 && (r->who.roles & rt->roles) == 0)
		return YW_E_FORBIDDEN;
	return YW_OK;
}

static yw_err
insert_token(yw_db *db, yw_arena *a, const char *kind, const char *principal, long long id,
    const unsigned char *family, int64_t now, long ttl, char *out)
{
	unsigned char raw[32], hash[32];
	char created[32], expires[32];

	yw_random_bytes(raw, sizeof(raw));
	yw_b64url_encode(raw, sizeof(raw), out);
	yw_sha256(out, YW_TOKEN_CHARS, hash);
	yw_time_format_db(now, created, sizeof(created));
	yw_time_format_db(now + (int64_t)ttl * 1000000, expires, sizeof(expires));
	yw_arg args[] = { YW_BLOB(hash, 32), yw_str(kind), yw_str(principal), YW_INT(id),
		YW_BLOB(family, 16), yw_str(created), yw_str(expires) };
	return yw_db_exec(db, a, SQL_TOKEN_INSERT, args, 7, NULL);
}

yw_err
yw_auth_issue(yw_db *db, yw_arena *a, const char *principal, long long id, long access_ttl,
    long refresh_ttl, const unsigned char *family, yw_token_pair *out)
{
	unsigned char fam[16];
	int64_t now = yw_now_us();
	yw_err err;

	if (family != NULL)
		memcpy(fam, family, 16);
	else
		yw_random_bytes(fam, sizeof(fam));
	if ((err = insert_token(db, a, "access", principal, id, fam, now, access_ttl, out->access)))
		return err;
	if ((err = insert_token(
	         db, a, "refresh", principal, id, fam, now, refresh_ttl, out->refresh)))
		return err;
	out->expires_in = access_ttl;
	return YW_OK;
}

static const char SQL_REFRESH_LOCK[] =
    "SELECT principal, principal_id, family_id, expires_at, used_at, revoked_at "
    "FROM auth_tokens WHERE token_hash = ? AND kind = 'refresh' FOR UPDATE";
static const char SQL_REFRESH_USE[] = "UPDATE auth_tokens SET used_at = ? WHERE token_hash = ?";
static const char SQL_FAMILY_REVOKE[] =
    "UPDATE auth_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL";
static const char SQL_PRINCIPAL_REVOKE[] =
    "UPDATE auth_tokens SET revoked_at = ? WHERE principal = ? AND principal_id = ? "
    "AND revoked_at IS NULL";
static const char SQL_STAFF_ACTIVE[] = "SELECT active FROM staff WHERE id = ?";

yw_err
yw_auth_revoke_family(yw_db *db, yw_arena *a, const char *family)
{
	char now[32];

	yw_time_format_db(yw_now_us(), now, sizeof(now));
	yw_arg args[] = { yw_str(now), YW_BLOB(family, 16) };
	return yw_db_exec(db, a, SQL_FAMILY_REVOKE, args, 2, NULL);
}

yw_err
yw_auth_revoke_principal(yw_db *db, yw_arena *a, const char *principal, long long id)
{
	char now[32];

	yw_time_format_db(yw_now_us(), now, sizeof(now));
	yw_arg args[] = { yw_str(now), yw_str(principal), YW_INT(id) };
	return yw_db_exec(db, a, SQL_PRINCIPAL_REVOKE, args, 3, NULL);
}

yw_err
yw_auth_rotate(yw_db *db, yw_arena *a, const char *refresh, long access_ttl, long refresh_ttl,
    yw_token_pair *out, int *replayed)
{
	unsigned char hash[32];
	char now[32];
	int64_t now_us = yw_now_us(), exp;
	yw_rows rows;
	yw_err err;
	const char *principal, *family;
	long long id;

	*replayed = 0;
	if (refresh == NULL || strlen(refresh) != YW_TOKEN_CHARS)
		return YW_E_UNAUTHENTICATED;
	yw_sha256(refresh, YW_TOKEN_CHARS, hash);
	yw_arg h = YW_BLOB(hash, 32);
	if ((err = yw_db_exec(db, a, SQL_REFRESH_LOCK, &h, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0 || YW_CELL(&rows, 0, 5) != NULL)
		return YW_E_UNAUTHENTICATED;
	principal = YW_CELL(&rows, 0, 0);
	id = strtoll(YW_CELL(&rows, 0, 1), NULL, 10);
	family = YW_CELL(&rows, 0, 2);
	if (YW_CELL(&rows, 0, 4) != NULL) {
		/* A used refresh token came back: someone holds a copy. End the whole sign-in. */
		*replayed = 1;
		return yw_auth_revoke_family(db, a, family);
	}
	if (yw_time_parse_db(YW_CELL(&rows, 0, 3), &exp) != 0 || exp <= now_us)
		return YW_E_UNAUTHENTICATED;
	if (strcmp(principal, "staff") == 0) {
		yw_arg sid = YW_INT(id);
		if ((err = yw_db_exec(db, a, SQL_STAFF_ACTIVE, &sid, 1, &rows)) != YW_OK)
			return err;
		if (rows.nrows == 0 || strcmp(YW_CELL(&rows, 0, 0), "1") != 0)
			return YW_E_UNAUTHENTICATED;
	}
	yw_time_format_db(now_us, now, sizeof(now));
	yw_arg use[] = { yw_str(now), YW_BLOB(hash, 32) };
	if ((err = yw_db_exec(db, a, SQL_REFRESH_USE, use, 2, NULL)) != YW_OK)
		return err;
	return yw_auth_issue(
	    db, a, principal, id, access_ttl, refresh_ttl, (const unsigned char *)family, out);
}
