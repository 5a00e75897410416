/*
 * wechat.c: the shared WeChat access token (see wechat.h). Needs yw_http_init() first.
 */
#include "wechat.h"

#include <jansson.h>
#include <string.h>

#include "clock.h"
#include "http.h"
#include "json.h"
#include "log.h"

static const char SQL_TOKEN_LOCK[] =
    "SELECT access_token, expires_at FROM wechat_access_token WHERE id = 1 FOR UPDATE";
static const char SQL_TOKEN_STORE[] =
    "UPDATE wechat_access_token SET access_token = ?, expires_at = ?, fetched_at = ? WHERE id = 1";

#define MARGIN_US (300LL * 1000000)

struct token_tx {
	yw_db *db;
	yw_arena *a;
	const yw_config *cfg;
	const char *stale;
	const char *token;
};

static yw_err
fetch(struct token_tx *t, int force, const char **token, long *expires_in)
{
	const char *base = yw_config_str(t->cfg, "wechat_api_base", "https://api.weixin.qq.com");
	const char *appid = yw_config_str(t->cfg, "wechat_appid", NULL);
	const char *secret = yw_config_str(t->cfg, "wechat_secret", NULL);
	yw_http_response res;
	json_t *body;
	char *payload;
	size_t len;
	yw_err err;

	if (appid == NULL || secret == NULL)
		return YW_E_UPSTREAM_UNAVAILABLE;
	body = json_pack("{s:s, s:s, s:s, s:b}", "grant_type", "client_credential", "appid", appid,
	    "secret", secret, "force_refresh", force);
	payload = yw_json_dump(t->a, body, &len);
	json_decref(body);
	err = yw_http_json(
	    t->a, "POST", yw_arena_printf(t->a, "%s/cgi-bin/stable_token", base), payload, &res);
	memset(payload, 0, len);
	if (err != YW_OK)
		return err;
	if (res.status != 200 || !json_is_string(json_object_get(res.json, "access_token")) ||
	    !json_is_integer(json_object_get(res.json, "expires_in"))) {
		json_t *ec = json_object_get(res.json, "errcode");
		yw_log_error("stable_token failed: HTTP %ld, errcode %lld", res.status,
		    json_is_integer(ec) ? (long long)json_integer_value(ec) : 0LL);
		json_decref(res.json);
		return YW_E_UPSTREAM_UNAVAILABLE;
	}
	*token =
	    yw_arena_strdup(t->a, json_string_value(json_object_get(res.json, "access_token")));
	*expires_in = (long)json_integer_value(json_object_get(res.json, "expires_in"));
	json_decref(res.json);
	return YW_OK;
}

static yw_err
token_tx(void *ctx)
{
	struct token_tx *t = ctx;
	int64_t now = yw_now_us(), exp = 0;
	char nowb[32], expb[32];
	const char *stored = NULL, *fresh;
	long expires_in;
	yw_rows rows;
	yw_err err;

	if ((err = yw_db_exec(t->db, t->a, SQL_TOKEN_LOCK, NULL, 0, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 1 && YW_CELL(&rows, 0, 0) != NULL && YW_CELL(&rows, 0, 1) != NULL &&
	    yw_time_parse_db(YW_CELL(&rows, 0, 1), &exp) == 0) {
		stored = YW_CELL(&rows, 0, 0);
		if (exp - now > MARGIN_US && (t->stale == NULL || strcmp(stored, t->stale) != 0)) {
			t->token = stored;
			return YW_OK;
		}
	}
	/* We own the refresh now: the row stays locked until we commit. */
	if ((err = fetch(t, 0, &fresh, &expires_in)) != YW_OK)
		return err;
	if (t->stale != NULL && strcmp(fresh, t->stale) == 0) {
		/* WeChat refused this very token, and normal mode gives it again: force a new one. */
		if ((err = fetch(t, 1, &fresh, &expires_in)) != YW_OK)
			return err;
	}
	yw_time_format_db(now, nowb, sizeof(nowb));
	yw_time_format_db(now + (int64_t)expires_in * 1000000, expb, sizeof(expb));
	yw_arg args[] = { yw_str(fresh), yw_str(expb), yw_str(nowb) };
	if ((err = yw_db_exec(t->db, t->a, SQL_TOKEN_STORE, args, 3, NULL)) != YW_OK)
		return err;
	t->token = fresh;
	return YW_OK;
}

yw_err
yw_wechat_access_token(
    yw_db *db, yw_arena *a, const yw_config *cfg, const char *stale, const char **token)
{
	struct token_tx t = { db, a, cfg, stale, NULL };
	yw_err err = yw_db_tx(db, token_tx, &t);

	if (err == YW_OK)
		*token = t.token;
	return err;
}
