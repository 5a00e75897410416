/*
 * account.c: sign-in (API.md section 3). For now: staff sign-in with username and
 * password (Argon2id), answering an access and a refresh token.
 * Unknown users and wrong passwords get the same answer after the same work, so the
 * endpoint does not tell which usernames exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/app.h"
#include "../lib/auth.h"
#include "../lib/json.h"
#include "../lib/password.h"
#include "../lib/request.h"

static const char SQL_STAFF_BY_USERNAME[] =
    "SELECT s.id, s.password_hash, s.name, s.dept_id, d.name, s.roles, s.active "
    "FROM staff s LEFT JOIN departments d ON d.id = s.dept_id WHERE s.username = ?";

static long access_ttl, refresh_ttl;

static const yw_jfield login_fields[] = {
	{ "username", YW_J_STRING, YW_J_REQUIRED, 1, 64 },
	{ "password", YW_J_STRING, YW_J_REQUIRED, 1, 128 },
};

struct login_tx {
	yw_req *r;
	long long id;
	yw_token_pair tokens;
};

static yw_err
login_tx(void *ctx)
{
	struct login_tx *t = ctx;

	return yw_auth_issue(
	    t->r->db, &t->r->arena, "staff", t->id, access_ttl, refresh_ttl, NULL, &t->tokens);
}

static yw_err
staff_login(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", login_fields, 2);
	const char *username, *password;
	struct login_tx t;
	yw_rows rows;
	yw_err err;
	json_t *staff, *dept;

	if (bits)
		return yw_json_check_err(bits);
	username = yw_json_str(r->json, "username");
	password = yw_json_str(r->json, "password");
	yw_arg arg = yw_str(username);
	if ((err = yw_db_exec(r->db, &r->arena, SQL_STAFF_BY_USERNAME, &arg, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0) {
		yw_password_dummy_verify(password);
		return YW_E_UNAUTHENTICATED;
	}
	if (!yw_password_verify(YW_CELL(&rows, 0, 1), password) ||
	    strcmp(YW_CELL(&rows, 0, 6), "1") != 0)
		return YW_E_UNAUTHENTICATED;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.id = atoll(YW_CELL(&rows, 0, 0));
	if ((err = yw_db_tx(r->db, login_tx, &t)) != YW_OK)
		return err;
	dept = YW_CELL(&rows, 0, 3) ? json_pack("{s:s, s:s}", "id", YW_CELL(&rows, 0, 3), "name",
	                                  YW_CELL(&rows, 0, 4))
	                            : json_null();
	staff = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", YW_CELL(&rows, 0, 0), "username",
	    username, "name", YW_CELL(&rows, 0, 2), "dept", dept, "roles",
	    yw_roles_json(yw_roles_parse(YW_CELL(&rows, 0, 5))));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200,
	    json_pack("{s:s, s:s, s:I, s:s, s:o}", "access_token", t.tokens.access, "refresh_token",
	        t.tokens.refresh, "expires_in", (json_int_t)t.tokens.expires_in, "token_type",
	        "Bearer", "staff", staff));
	return YW_OK;
}

static int
worker_init(const yw_config *cfg)
{
	access_ttl = yw_config_long(cfg, "access_ttl", 1800, 60, 86400, NULL);
	refresh_ttl = yw_config_long(cfg, "refresh_ttl", 30L * 86400, 3600, 365L * 86400, NULL);
	return 0;
}

static const yw_route routes[] = {
	{ "POST", "/api/v1/staff/auth/login", staff_login, YW_AUTH_NONE, 0, YW_ROUTE_JSON },
};

static const yw_app app = {
	"account",
	routes,
	sizeof(routes) / sizeof(routes[0]),
	NULL,
	worker_init,
};

int
main(int argc, char **argv)
{
	return yw_app_main(&app, argc, argv);
}
