/*
 * account.c: unified identity (统一身份认证, API.md section 3): one citizen account across
 * the WeChat mini-program, SMS codes and real-name verification; staff sign-in; token
 * refresh with rotation and replay detection; sign-out.
 *
 * What never leaves this file: WeChat's session_key (not even stored), SMS codes (stored as
 * an HMAC), full ID numbers (stored encrypted, shown masked). None of them reach a log line.
 * Unknown users and wrong passwords get the same answer after the same work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/identity.h"
#include "../lib/app.h"
#include "../lib/auth.h"
#include "../lib/clock.h"
#include "../lib/crypto.h"
#include "../lib/http.h"
#include "../lib/json.h"
#include "../lib/log.h"
#include "../lib/password.h"
#include "../lib/pii.h"
#include "../lib/request.h"

static const char SQL_STAFF_BY_USERNAME[] =
    "SELECT s.id, s.password_hash, s.name, s.dept_id, d.name, s.roles, s.active "
    "FROM staff s LEFT JOIN departments d ON d.id = s.dept_id WHERE s.username = ?";
/* Failed sign-ins per username (migration 018). */
static const char SQL_LOGIN_FAILURES[] =
    "SELECT failures, last_at, locked_until FROM staff_login_failures WHERE username = ?";
/* One more failure, counted in the statement itself (parallel guesses each count): 1 again
 * after 15 minutes without one (or without a lock: the window runs from a lock's end, so the
 * locks keep doubling); from the 5th a lock of a minute, doubling up to an hour. The
 * assignments run left to right, each seeing the ones before. */
static const char SQL_LOGIN_FAILED[] =
    "INSERT INTO staff_login_failures (username, failures, last_at, locked_until) "
    "VALUES (?, 1, CAST(? AS DATETIME(6)), NULL) ON DUPLICATE KEY UPDATE "
    "failures = IF(COALESCE(locked_until, last_at) < VALUES(last_at) - INTERVAL 15 MINUTE, "
    "1, failures + 1), "
    "locked_until = IF(failures >= 5, VALUES(last_at) + INTERVAL "
    "LEAST(60 << LEAST(CAST(failures AS SIGNED) - 5, 6), 3600) SECOND, NULL), "
    "last_at = VALUES(last_at)";
static const char SQL_LOGIN_CLEAR[] = "DELETE FROM staff_login_failures WHERE username = ?";
static const char SQL_ME[] =
    "SELECT id, phone, wechat_openid IS NOT NULL, real_name_verified, name_masked, "
    "id_number_masked FROM citizens WHERE id = ?";
static const char SQL_CITIZEN_BY_OPENID[] =
    "SELECT id FROM citizens WHERE wechat_openid = ? FOR UPDATE";
static const char SQL_CITIZEN_BY_PHONE[] =
    "SELECT id, wechat_openid, wechat_unionid, real_name_verified, id_number_hmac "
    "FROM citizens WHERE phone = ? FOR UPDATE";
static const char SQL_CITIZEN_LOCK[] =
    "SELECT id, phone, wechat_openid, wechat_unionid, real_name_verified, id_number_hmac, "
    "name_masked, name_enc, id_number_masked, id_number_enc, verified_at "
    "FROM citizens WHERE id = ? FOR UPDATE";
static const char SQL_CITIZEN_NEW_WECHAT[] =
    "INSERT INTO citizens (wechat_openid, wechat_unionid, created_at, updated_at) "
    "VALUES (?, ?, ?, ?)";
static const char SQL_CITIZEN_NEW_PHONE[] =
    "INSERT INTO citizens (phone, created_at, updated_at) VALUES (?, ?, ?)";
static const char SQL_CITIZEN_SET_PHONE[] =
    "UPDATE citizens SET phone = ?, updated_at = ? WHERE id = ?";
static const char SQL_CITIZEN_RETIRE[] =
    "UPDATE citizens SET wechat_openid = NULL, wechat_unionid = NULL, id_number_hmac = NULL, "
    "merged_into = ?, updated_at = ? WHERE id = ?";
static const char SQL_CITIZEN_TAKE_WECHAT[] =
    "UPDATE citizens SET wechat_openid = ?, wechat_unionid = ?, updated_at = ? WHERE id = ?";
static const char SQL_CITIZEN_SET_REAL_NAME[] =
    "UPDATE citizens SET real_name_verified = 1, name_masked = ?, name_enc = ?, "
    "id_number_masked = ?, id_number_enc = ?, id_number_hmac = ?, verified_at = ?, "
    "updated_at = ? WHERE id = ?";
static const char SQL_REAL_NAME_TRIES[] =
    "SELECT real_name_tries, real_name_day FROM citizens WHERE id = ? FOR UPDATE";
static const char SQL_REAL_NAME_TRY[] =
    "UPDATE citizens SET real_name_tries = ?, real_name_day = ? WHERE id = ?";
static const char SQL_CITIZEN_BY_ID_NUMBER[] = "SELECT id FROM citizens WHERE id_number_hmac = ?";
static const char SQL_LIMIT_ENSURE[] =
    "INSERT INTO sms_limits (phone, day_count) VALUES (?, 0) ON DUPLICATE KEY UPDATE phone = phone";
static const char SQL_LIMIT_LOCK[] =
    "SELECT last_sent_at, day, day_count FROM sms_limits WHERE phone = ? FOR UPDATE";
static const char SQL_LIMIT_UPDATE[] =
    "UPDATE sms_limits SET last_sent_at = ?, day = ?, day_count = ? WHERE phone = ?";
static const char SQL_CODE_SUPERSEDE[] =
    "UPDATE sms_codes SET consumed_at = ? WHERE phone = ? AND consumed_at IS NULL";
static const char SQL_CODE_PURGE[] = "DELETE FROM sms_codes WHERE phone = ? AND created_at < ?";
static const char SQL_CODE_INSERT[] =
    "INSERT INTO sms_codes (phone, code_hmac, created_at, expires_at) VALUES (?, ?, ?, ?)";
static const char SQL_CODE_LATEST[] =
    "SELECT id, code_hmac, attempts FROM sms_codes WHERE phone = ? AND consumed_at IS NULL "
    "AND expires_at > ? ORDER BY id DESC LIMIT 1 FOR UPDATE";
static const char SQL_CODE_ATTEMPT[] = "UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ?";
static const char SQL_CODE_CONSUME[] = "UPDATE sms_codes SET consumed_at = ? WHERE id = ?";
static const char SQL_TOKENS_PURGE[] = "DELETE FROM auth_tokens WHERE expires_at < ? LIMIT 1000";

#define CODE_TTL_S 300
#define CODE_MAX_TRIES 5
#define SMS_INTERVAL_S 60
#define SMS_PER_DAY 10
#define REAL_NAME_TRIES_PER_DAY 10

static long access_ttl, refresh_ttl;
static const char *wechat_base, *wechat_appid, *wechat_secret, *sms_url, *idp_url;

/* --- shared pieces ----------------------------------------------------------------- */

/* Expired tokens are deleted a day after their expiry, a batch now and then. */
static void
purge_tokens(yw_req *r)
{
	static unsigned long calls;
	char cutoff[32];

	if (++calls % 200 != 0)
		return;
	yw_time_format_db(yw_now_us() - 86400LL * 1000000, cutoff, sizeof(cutoff));
	yw_arg a = yw_str(cutoff);
	if (yw_db_exec(r->db, &r->arena, SQL_TOKENS_PURGE, &a, 1, NULL) != YW_OK)
		yw_log_error("could not purge expired tokens");
}

/* The citizen as GET /me shows it: masked, never the full phone or ID number. */
static yw_err
load_me(yw_req *r, long long id, json_t **out)
{
	yw_rows rows;
	yw_err err;
	yw_arg a = YW_INT(id);
	char phone[16] = "";

	if ((err = yw_db_exec(r->db, &r->arena, SQL_ME, &a, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_E_NOT_FOUND;
	if (YW_CELL(&rows, 0, 1) != NULL)
		yw_mask_phone(YW_CELL(&rows, 0, 1), phone, sizeof(phone));
	*out = json_pack("{s:s, s:s?, s:b, s:b, s:s?, s:s?}", "id", YW_CELL(&rows, 0, 0),
	    "phone_masked", phone[0] ? phone : NULL, "wechat_bound",
	    strcmp(YW_CELL(&rows, 0, 2), "1") == 0, "real_name_verified",
	    strcmp(YW_CELL(&rows, 0, 3), "1") == 0, "name_masked", YW_CELL(&rows, 0, 4),
	    "id_number_masked", YW_CELL(&rows, 0, 5));
	return YW_OK;
}

static json_t *
tokens_json(const yw_token_pair *t)
{
	return json_pack("{s:s, s:s, s:I, s:s}", "access_token", t->access, "refresh_token",
	    t->refresh, "expires_in", (json_int_t)t->expires_in, "token_type", "Bearer");
}

/* Answers a sign-in: the token pair and the citizen. */
static yw_err
reply_signed_in(yw_req *r, long long id, const yw_token_pair *t)
{
	json_t *me, *body;
	yw_err err = load_me(r, id, &me);

	if (err != YW_OK)
		return err;
	body = tokens_json(t);
	json_object_set_new(body, "user", me);
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, body);
	purge_tokens(r);
	return YW_OK;
}

/* The phone field: a mainland mobile number. */
static int
phone_field(yw_req *r, const char **phone)
{
	*phone = yw_json_str(r->json, "phone");
	if (!yw_phone_valid(*phone)) {
		yw_field_error(r, "phone", "invalid");
		return -1;
	}
	return 0;
}

static void
code_mac(const char *phone, const char *code, unsigned char out[32])
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%s:%s", phone, code);

	yw_pii_mac(YW_PII_MAC_SMS_CODE, buf, (size_t)n, out);
}

/*
 * Checks a code against the phone's latest live code, inside the caller's transaction.
 * A wrong code counts a try (the caller must commit even then); the fifth kills the code.
 */
static yw_err
verify_code(yw_req *r, const char *phone, const char *code, int *ok)
{
	unsigned char mac[32];
	yw_rows rows;
	yw_err err;
	yw_arg a[] = { yw_str(phone), yw_str(yw_now_db(&r->arena)) };

	*ok = 0;
	if ((err = yw_db_exec(r->db, &r->arena, SQL_CODE_LATEST, a, 2, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0 || atoi(YW_CELL(&rows, 0, 2)) >= CODE_MAX_TRIES)
		return YW_OK;
	yw_arg id = yw_str(YW_CELL(&rows, 0, 0));
	code_mac(phone, code, mac);
	if (YW_CELL_LEN(&rows, 0, 1) != 32 || !yw_ct_equal(mac, YW_CELL(&rows, 0, 1), 32))
		return yw_db_exec(r->db, &r->arena, SQL_CODE_ATTEMPT, &id, 1, NULL);
	yw_arg c[] = { yw_str(yw_now_db(&r->arena)), id };
	*ok = 1;
	return yw_db_exec(r->db, &r->arena, SQL_CODE_CONSUME, c, 2, NULL);
}

static int
code_format_ok(const char *code)
{
	if (code == NULL || strlen(code) != 6)
		return 0;
	for (int i = 0; i < 6; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	return 1;
}

/* --- staff sign-in ----------------------------------------------------------------- */

static const yw_jfield login_fields[] = {
	{ "username", YW_J_STRING, YW_J_REQUIRED, 1, 64 },
	{ "password", YW_J_STRING, YW_J_REQUIRED, 1, 128 },
};

struct issue_tx {
	yw_req *r;
	const char *principal;
	long long id;
	yw_token_pair tokens;
};

static yw_err
issue_tx(void *ctx)
{
	struct issue_tx *t = ctx;

	return yw_auth_issue(
	    t->r->db, &t->r->arena, t->principal, t->id, access_ttl, refresh_ttl, NULL, &t->tokens);
}

/* Failed sign-ins per username (SQL_LOGIN_FAILED): 5 in a row, each within 15 minutes of the
 * last, lock it for a minute, doubling with every further failure up to an hour. */
struct login_failures {
	long long n;
	int64_t last_us, locked_us;
};

static yw_err
login_failures_get(yw_req *r, const char *username, struct login_failures *f)
{
	yw_rows rows;
	yw_err err;
	yw_arg arg = yw_str(username);

	memset(f, 0, sizeof(*f));
	if ((err = yw_db_exec(r->db, &r->arena, SQL_LOGIN_FAILURES, &arg, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 1) {
		f->n = atoll(YW_CELL(&rows, 0, 0));
		if (yw_time_parse_db(YW_CELL(&rows, 0, 1), &f->last_us) != 0)
			f->last_us = 0;
		if (YW_CELL(&rows, 0, 2) == NULL ||
		    yw_time_parse_db(YW_CELL(&rows, 0, 2), &f->locked_us) != 0)
			f->locked_us = 0;
	}
	return YW_OK;
}

/* One more failure of this username: counted, and the lock it earns. */
struct failed_tx {
	yw_req *r;
	yw_arg *a;
};

static yw_err
failed_tx(void *ctx)
{
	struct failed_tx *t = ctx;

	return yw_db_exec(t->r->db, &t->r->arena, SQL_LOGIN_FAILED, t->a, 2, NULL);
}

static void
login_failed(yw_req *r, const char *username, int64_t now)
{
	char at[40];

	yw_time_format_db(now, at, sizeof(at));
	yw_arg a[] = { yw_str(username), yw_str(at) };
	struct failed_tx t = { r, a };
	/* A transaction of its own, so that a deadlock between parallel first failures of one
	 * name is run again rather than left uncounted. */
	if (yw_db_tx(r->db, failed_tx, &t) != YW_OK)
		yw_log_error("staff sign-in: a failure could not be counted");
}

static yw_err
staff_login(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", login_fields, 2);
	const char *username, *password;
	struct issue_tx t;
	struct login_failures failures;
	int64_t now;
	yw_rows rows;
	yw_err err;
	json_t *staff, *dept, *body;

	if (bits)
		return yw_json_check_err(bits);
	username = yw_json_str(r->json, "username");
	password = yw_json_str(r->json, "password");
	now = yw_now_us();
	if ((err = login_failures_get(r, username, &failures)) != YW_OK)
		return err;
	if (failures.locked_us > now) {
		/* Locked: not even the right password opens it before the time. */
		yw_reply_header(r, "Retry-After",
		    yw_arena_printf(&r->arena, "%lld",
		        (long long)((failures.locked_us - now + 999999) / 1000000)));
		return YW_E_RATE_LIMITED;
	}
	yw_arg arg = yw_str(username);
	if ((err = yw_db_exec(r->db, &r->arena, SQL_STAFF_BY_USERNAME, &arg, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0) {
		yw_password_dummy_verify(password);
		login_failed(r, username, now);
		return YW_E_UNAUTHENTICATED;
	}
	if (!yw_password_verify(YW_CELL(&rows, 0, 1), password) ||
	    strcmp(YW_CELL(&rows, 0, 6), "1") != 0) {
		login_failed(r, username, now);
		return YW_E_UNAUTHENTICATED;
	}
	if (failures.n > 0 && yw_db_exec(r->db, &r->arena, SQL_LOGIN_CLEAR, &arg, 1, NULL) != YW_OK)
		yw_log_error("staff sign-in: the failures of a username could not be cleared");
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.principal = "staff";
	t.id = atoll(YW_CELL(&rows, 0, 0));
	if ((err = yw_db_tx(r->db, issue_tx, &t)) != YW_OK)
		return err;
	dept = YW_CELL(&rows, 0, 3) ? json_pack("{s:s, s:s}", "id", YW_CELL(&rows, 0, 3), "name",
	                                  YW_CELL(&rows, 0, 4))
	                            : json_null();
	staff = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", YW_CELL(&rows, 0, 0), "username",
	    username, "name", YW_CELL(&rows, 0, 2), "dept", dept, "roles",
	    yw_roles_json(yw_roles_parse(YW_CELL(&rows, 0, 5))));
	body = tokens_json(&t.tokens);
	json_object_set_new(body, "staff", staff);
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, body);
	purge_tokens(r);
	return YW_OK;
}

/* --- WeChat sign-in ---------------------------------------------------------------- */

static const yw_jfield wechat_fields[] = {
	{ "code", YW_J_STRING, YW_J_REQUIRED, 1, 128 },
};

struct wechat_tx {
	yw_req *r;
	const char *openid, *unionid;
	long long id;
	yw_token_pair tokens;
};

static yw_err
wechat_tx(void *ctx)
{
	struct wechat_tx *t = ctx;
	yw_req *r = t->r;
	const char *now = yw_now_db(&r->arena);
	yw_rows rows;
	yw_err err;
	yw_arg o = yw_str(t->openid);

	for (int attempt = 0; attempt < 2; attempt++) {
		if ((err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_BY_OPENID, &o, 1, &rows)) !=
		    YW_OK)
			return err;
		if (rows.nrows == 1) {
			t->id = atoll(YW_CELL(&rows, 0, 0));
			break;
		}
		yw_arg ins[] = { yw_str(t->openid), yw_str(t->unionid), yw_str(now), yw_str(now) };
		err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_NEW_WECHAT, ins, 4, NULL);
		if (err == YW_OK) {
			t->id = (long long)yw_db_insert_id(r->db);
			break;
		}
		/* Another sign-in of the same person created it a moment ago: read it. */
		if (err != YW_E_CONFLICT)
			return err;
	}
	if (t->id == 0)
		return YW_E_CONFLICT;
	return yw_auth_issue(
	    r->db, &r->arena, "citizen", t->id, access_ttl, refresh_ttl, NULL, &t->tokens);
}

/* WeChat's errcode may be absent (success), a number or a numeric string. */
static long
wechat_errcode(const json_t *j)
{
	json_t *e = json_object_get(j, "errcode");

	if (e == NULL || json_is_null(e))
		return 0;
	if (json_is_integer(e))
		return (long)json_integer_value(e);
	if (json_is_string(e))
		return strtol(json_string_value(e), NULL, 10);
	return -1;
}

static yw_err
wechat_login(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", wechat_fields, 1);
	struct wechat_tx t;
	yw_http_response res;
	const char *url;
	yw_err err;
	long ec;

	if (bits)
		return yw_json_check_err(bits);
	if (wechat_appid == NULL || wechat_secret == NULL) {
		yw_log_error("wechat_appid / wechat_secret are not configured");
		return YW_E_UPSTREAM_UNAVAILABLE;
	}
	/* A login code is single-use: one call, never retried blindly. */
	url = yw_arena_printf(&r->arena,
	    "%s/sns/jscode2session?appid=%s&secret=%s&js_code=%s&grant_type=authorization_code",
	    wechat_base, yw_http_escape(&r->arena, wechat_appid),
	    yw_http_escape(&r->arena, wechat_secret),
	    yw_http_escape(&r->arena, yw_json_str(r->json, "code")));
	if ((err = yw_http_json(&r->arena, "GET", url, NULL, &res)) != YW_OK)
		return err;
	yw_req_own(r, res.json);
	if (res.status != 200 || !json_is_object(res.json)) {
		yw_log_error("jscode2session answered HTTP %ld", res.status);
		return YW_E_UPSTREAM_UNAVAILABLE;
	}
	ec = wechat_errcode(res.json);
	if (ec == 40029 || ec == 40163 || ec == 40226)
		return YW_E_WECHAT_CODE_INVALID;
	if (ec == 45011) {
		yw_reply_header(r, "Retry-After", "60");
		return YW_E_RATE_LIMITED;
	}
	if (ec != 0 || yw_json_str(res.json, "openid") == NULL) {
		yw_log_error("jscode2session errcode %ld", ec);
		return YW_E_UPSTREAM_UNAVAILABLE;
	}
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.openid = yw_json_str(res.json, "openid");
	t.unionid = yw_json_str(res.json, "unionid");
	if (strlen(t.openid) > 128 || (t.unionid && strlen(t.unionid) > 128))
		return YW_E_UPSTREAM_UNAVAILABLE;
	if ((err = yw_db_tx(r->db, wechat_tx, &t)) != YW_OK)
		return err;
	return reply_signed_in(r, t.id, &t.tokens);
}

/* --- SMS codes --------------------------------------------------------------------- */

static const yw_jfield sms_code_fields[] = {
	{ "phone", YW_J_STRING, YW_J_REQUIRED, 1, 20 },
};

struct sms_code_tx {
	yw_req *r;
	const char *phone;
	long retry_after;
};

static yw_err
sms_code_tx(void *ctx)
{
	struct sms_code_tx *t = ctx;
	yw_req *r = t->r;
	int64_t now = yw_now_us(), last = 0;
	char today[16], nowb[32], expires[32], dayago[32], code[8], body_code[8];
	unsigned char raw[4], mac[32];
	yw_rows rows;
	yw_err err;
	long count = 0;
	yw_arg p = yw_str(t->phone);
	yw_http_response res;
	json_t *body;
	char *payload;
	size_t plen;

	if ((err = yw_db_exec(r->db, &r->arena, SQL_LIMIT_ENSURE, &p, 1, NULL)) != YW_OK)
		return err;
	/* This row's lock serialises every request for the phone, on every worker and host. */
	if ((err = yw_db_exec(r->db, &r->arena, SQL_LIMIT_LOCK, &p, 1, &rows)) != YW_OK)
		return err;
	yw_shanghai_date(now, today, sizeof(today));
	if (rows.nrows == 1 && YW_CELL(&rows, 0, 0) != NULL &&
	    yw_time_parse_db(YW_CELL(&rows, 0, 0), &last) == 0 &&
	    now - last < (int64_t)SMS_INTERVAL_S * 1000000) {
		t->retry_after = (long)((SMS_INTERVAL_S * 1000000LL - (now - last)) / 1000000) + 1;
		return YW_E_RATE_LIMITED;
	}
	if (rows.nrows == 1 && YW_CELL(&rows, 0, 1) != NULL &&
	    strcmp(YW_CELL(&rows, 0, 1), today) == 0)
		count = atol(YW_CELL(&rows, 0, 2));
	if (count >= SMS_PER_DAY) {
		/* Until the next midnight in Shanghai. */
		int64_t local = now / 1000000 + YW_TZ_OFFSET_S;
		t->retry_after = (long)(86400 - local % 86400);
		return YW_E_RATE_LIMITED;
	}
	/* A uniform six-digit code: rejection sampling over 32 random bits. */
	uint32_t v;
	do {
		yw_random_bytes(raw, sizeof(raw));
		v = (uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 | (uint32_t)raw[2] << 8 |
		    raw[3];
	} while (v >= 4294000000u);
	snprintf(code, sizeof(code), "%06u", (unsigned)(v % 1000000u));
	code_mac(t->phone, code, mac);
	yw_time_format_db(now, nowb, sizeof(nowb));
	yw_time_format_db(now + (int64_t)CODE_TTL_S * 1000000, expires, sizeof(expires));
	yw_time_format_db(now - 86400LL * 1000000, dayago, sizeof(dayago));
	yw_arg sup[] = { yw_str(nowb), p };
	yw_arg purge[] = { p, yw_str(dayago) };
	yw_arg ins[] = { p, YW_BLOB(mac, 32), yw_str(nowb), yw_str(expires) };
	yw_arg lim[] = { yw_str(nowb), yw_str(today), YW_INT(count + 1), p };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_CODE_SUPERSEDE, sup, 2, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_CODE_PURGE, purge, 2, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_CODE_INSERT, ins, 4, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_LIMIT_UPDATE, lim, 4, NULL)) != YW_OK)
		return err;
	/*
	 * Sent inside the transaction: when the gateway fails, the code and the counters roll
	 * back, so no code is left usable and the citizen's quota is untouched.
	 */
	snprintf(body_code, sizeof(body_code), "%s", code);
	body = json_pack("{s:s, s:s, s:{s:s}}", "phone", t->phone, "template", "login_code",
	    "params", "code", body_code);
	payload = yw_json_dump(&r->arena, body, &plen);
	json_decref(body);
	memset(code, 0, sizeof(code));
	memset(body_code, 0, sizeof(body_code));
	if ((err = yw_http_json(&r->arena, "POST", sms_url, payload, &res)) != YW_OK)
		return err;
	if (res.json != NULL)
		json_decref(res.json);
	memset(payload, 0, plen);
	if (res.status < 200 || res.status > 299) {
		yw_log_error("SMS gateway answered HTTP %ld", res.status);
		return YW_E_UPSTREAM_UNAVAILABLE;
	}
	return YW_OK;
}

static yw_err
sms_code(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", sms_code_fields, 1);
	struct sms_code_tx t = { r, NULL, 0 };
	yw_err err;

	if (bits)
		return yw_json_check_err(bits);
	if (phone_field(r, &t.phone) != 0)
		return YW_E_VALIDATION;
	if (sms_url == NULL) {
		yw_log_error("sms_url is not configured");
		return YW_E_UPSTREAM_UNAVAILABLE;
	}
	err = yw_db_tx(r->db, sms_code_tx, &t);
	if (err == YW_E_RATE_LIMITED)
		yw_reply_header(r, "Retry-After", yw_arena_printf(&r->arena, "%ld", t.retry_after));
	if (err != YW_OK)
		return err;
	yw_reply(r, 202,
	    json_pack("{s:i, s:i}", "expires_in", CODE_TTL_S, "resend_after", SMS_INTERVAL_S));
	return YW_OK;
}

/* --- SMS sign-in ------------------------------------------------------------------- */

static const yw_jfield sms_login_fields[] = {
	{ "phone", YW_J_STRING, YW_J_REQUIRED, 1, 20 },
	{ "code", YW_J_STRING, YW_J_REQUIRED, 1, 12 },
};

/* The {phone, code} of an SMS sign-in or a phone binding, checked. */
static yw_err
phone_and_code(yw_req *r, const char **phone, const char **code)
{
	int bits = yw_json_check(r, r->json, "", sms_login_fields, 2);

	if (bits)
		return yw_json_check_err(bits);
	if (phone_field(r, phone) != 0)
		return YW_E_VALIDATION;
	*code = yw_json_str(r->json, "code");
	if (!code_format_ok(*code))
		return YW_E_SMS_CODE_INVALID;
	return YW_OK;
}

struct sms_login_tx {
	yw_req *r;
	const char *phone, *code;
	int ok;
	long long id;
	yw_token_pair tokens;
};

static yw_err
sms_login_tx(void *ctx)
{
	struct sms_login_tx *t = ctx;
	yw_req *r = t->r;
	const char *now;
	yw_rows rows;
	yw_err err;
	yw_arg p = yw_str(t->phone);

	if ((err = verify_code(r, t->phone, t->code, &t->ok)) != YW_OK || !t->ok)
		return err; /* a wrong code commits its counted try */
	now = yw_now_db(&r->arena);
	for (int attempt = 0; attempt < 2 && t->id == 0; attempt++) {
		if ((err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_BY_PHONE, &p, 1, &rows)) !=
		    YW_OK)
			return err;
		if (rows.nrows == 1) {
			t->id = atoll(YW_CELL(&rows, 0, 0));
			break;
		}
		yw_arg ins[] = { p, yw_str(now), yw_str(now) };
		err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_NEW_PHONE, ins, 3, NULL);
		if (err == YW_OK)
			t->id = (long long)yw_db_insert_id(r->db);
		else if (err != YW_E_CONFLICT)
			return err;
	}
	if (t->id == 0)
		return YW_E_CONFLICT;
	return yw_auth_issue(
	    r->db, &r->arena, "citizen", t->id, access_ttl, refresh_ttl, NULL, &t->tokens);
}

static yw_err
sms_login(yw_req *r)
{
	struct sms_login_tx t;
	yw_err err;

	memset(&t, 0, sizeof(t));
	t.r = r;
	if ((err = phone_and_code(r, &t.phone, &t.code)) != YW_OK)
		return err;
	if ((err = yw_db_tx(r->db, sms_login_tx, &t)) != YW_OK)
		return err;
	if (!t.ok)
		return YW_E_SMS_CODE_INVALID;
	return reply_signed_in(r, t.id, &t.tokens);
}

/* --- refresh and sign-out ---------------------------------------------------------- */

static const yw_jfield refresh_fields[] = {
	{ "refresh_token", YW_J_STRING, YW_J_REQUIRED, 1, 128 },
};

struct refresh_tx {
	yw_req *r;
	const char *token;
	int replayed;
	yw_token_pair tokens;
};

static yw_err
refresh_tx(void *ctx)
{
	struct refresh_tx *t = ctx;

	return yw_auth_rotate(
	    t->r->db, &t->r->arena, t->token, access_ttl, refresh_ttl, &t->tokens, &t->replayed);
}

static yw_err
refresh(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", refresh_fields, 1);
	struct refresh_tx t;
	yw_err err;

	if (bits)
		return yw_json_check_err(bits);
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.token = yw_json_str(r->json, "refresh_token");
	if ((err = yw_db_tx(r->db, refresh_tx, &t)) != YW_OK)
		return err;
	if (t.replayed) {
		yw_log_info("a used refresh token was presented again: its sign-in is revoked");
		return YW_E_UNAUTHENTICATED;
	}
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, tokens_json(&t.tokens));
	return YW_OK;
}

static yw_err
logout(yw_req *r)
{
	yw_err err = yw_auth_revoke_family(r->db, &r->arena, r->who.family);

	if (err != YW_OK)
		return err;
	yw_reply(r, 204, NULL);
	return YW_OK;
}

/* --- me ---------------------------------------------------------------------------- */

static yw_err
get_me(yw_req *r)
{
	json_t *me;
	yw_err err = load_me(r, r->who.id, &me);

	if (err == YW_E_NOT_FOUND)
		return YW_E_UNAUTHENTICATED;
	if (err != YW_OK)
		return err;
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, me);
	return YW_OK;
}

/* --- phone binding and the merge of one person's two accounts ---------------------- */

struct bind_tx {
	yw_req *r;
	const char *phone, *code;
	int ok, merged;
	long long survivor;
	yw_token_pair tokens;
};

/*
 * Moves everything the retiring account owns to the survivor. Later capabilities
 * (applications, notifications, devices) add their statements here, in this transaction.
 */
static const char SQL_MOVE_APPLICATIONS[] =
    "UPDATE applications SET citizen_id = ? WHERE citizen_id = ?";
static const char SQL_MOVE_UPLOADS[] = "UPDATE uploads SET citizen_id = ? WHERE citizen_id = ?";
static const char SQL_MOVE_NOTIFICATIONS[] =
    "UPDATE notifications SET citizen_id = ? WHERE citizen_id = ?";
static const char SQL_MOVE_OUTBOX[] =
    "UPDATE outbox SET citizen_id = ? WHERE citizen_id = ? AND state IN ('pending', 'sending')";
static const char SQL_MOVE_CONSULTATIONS[] =
    "UPDATE consultations SET citizen_id = ? WHERE citizen_id = ?";
static const char SQL_MOVE_EVALUATIONS[] =
    "UPDATE evaluations SET citizen_id = ? WHERE citizen_id = ?";
static const char SQL_MOVE_DEVICES[] = "UPDATE devices SET citizen_id = ? WHERE citizen_id = ?";
/* Grants add up on the survivor (capped as the notify app caps them), then go. */
static const char SQL_MERGE_GRANTS[] =
    "INSERT INTO wechat_grants (citizen_id, template_id, remaining, updated_at) "
    "SELECT g.cid, g.tid, g.rem, g.upd FROM (SELECT ? AS cid, template_id AS tid, remaining "
    "AS rem, updated_at AS upd FROM wechat_grants WHERE citizen_id = ?) g "
    "ON DUPLICATE KEY UPDATE remaining = LEAST(wechat_grants.remaining + g.rem, 1000)";
static const char SQL_DROP_GRANTS[] = "DELETE FROM wechat_grants WHERE citizen_id = ?";

/*
 * Moves everything the retiring account owns to the survivor, in the merge's transaction.
 * With them go the inbox, the deliveries not yet made, the devices, the WeChat grants, the
 * consultations and complaints, and the evaluations.
 */
static yw_err
move_owned_data(yw_req *r, long long from, long long to)
{
	yw_arg args[] = { YW_INT(to), YW_INT(from) };
	yw_err err;

	yw_arg retired = YW_INT(from);

	if ((err = yw_db_exec(r->db, &r->arena, SQL_MOVE_APPLICATIONS, args, 2, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_MOVE_UPLOADS, args, 2, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_MOVE_NOTIFICATIONS, args, 2, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_MOVE_OUTBOX, args, 2, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_MOVE_DEVICES, args, 2, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_MOVE_CONSULTATIONS, args, 2, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_MOVE_EVALUATIONS, args, 2, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_MERGE_GRANTS, args, 2, NULL)) != YW_OK)
		return err;
	return yw_db_exec(r->db, &r->arena, SQL_DROP_GRANTS, &retired, 1, NULL);
}

static yw_err
bind_tx(void *ctx)
{
	struct bind_tx *t = ctx;
	yw_req *r = t->r;
	const char *now;
	yw_rows me, other;
	yw_err err;
	long long me_id = r->who.id, other_id;
	yw_arg mid = YW_INT(me_id), p = yw_str(t->phone);

	if ((err = verify_code(r, t->phone, t->code, &t->ok)) != YW_OK || !t->ok)
		return err;
	now = yw_now_db(&r->arena);
	/* Lock both rows, the caller's first. */
	if ((err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_LOCK, &mid, 1, &me)) != YW_OK)
		return err;
	if (me.nrows == 0)
		return YW_E_UNAUTHENTICATED;
	if ((err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_BY_PHONE, &p, 1, &other)) != YW_OK)
		return err;
	t->survivor = me_id;
	if (other.nrows == 0) {
		if (YW_CELL(&me, 0, 1) != NULL && strcmp(YW_CELL(&me, 0, 1), t->phone) != 0)
			return yw_field_error(r, "phone", "already_bound");
		yw_arg set[] = { p, yw_str(now), mid };
		return yw_db_exec(r->db, &r->arena, SQL_CITIZEN_SET_PHONE, set, 3, NULL);
	}
	other_id = atoll(YW_CELL(&other, 0, 0));
	if (other_id == me_id)
		return YW_OK;
	/*
	 * The phone belongs to another account of the same person (a code sent to that phone
	 * proves it): the caller's WeChat-created account merges into the phone's account.
	 */
	if (YW_CELL(&me, 0, 1) != NULL)
		return YW_E_CONFLICT; /* the caller already has another phone */
	if (YW_CELL(&me, 0, 2) != NULL && YW_CELL(&other, 0, 1) != NULL)
		return YW_E_CONFLICT; /* two WeChat identities */
	int me_verified = strcmp(YW_CELL(&me, 0, 4), "1") == 0;
	int other_verified = strcmp(YW_CELL(&other, 0, 3), "1") == 0;
	if (me_verified && other_verified &&
	    (YW_CELL_LEN(&me, 0, 5) != 32 || YW_CELL_LEN(&other, 0, 4) != 32 ||
	        memcmp(YW_CELL(&me, 0, 5), YW_CELL(&other, 0, 4), 32) != 0))
		return YW_E_CONFLICT; /* two different people */
	yw_arg retire[] = { YW_INT(other_id), yw_str(now), mid };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_RETIRE, retire, 3, NULL)) != YW_OK)
		return err;
	if (YW_CELL(&me, 0, 2) != NULL) {
		yw_arg take[] = { yw_str(YW_CELL(&me, 0, 2)), yw_str(YW_CELL(&me, 0, 3)),
			yw_str(now), YW_INT(other_id) };
		if ((err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_TAKE_WECHAT, take, 4, NULL)) !=
		    YW_OK)
			return err;
	}
	if (me_verified && !other_verified) {
		yw_arg rn[] = { yw_str(YW_CELL(&me, 0, 6)),
			YW_BLOB(YW_CELL(&me, 0, 7), YW_CELL_LEN(&me, 0, 7)),
			yw_str(YW_CELL(&me, 0, 8)),
			YW_BLOB(YW_CELL(&me, 0, 9), YW_CELL_LEN(&me, 0, 9)),
			YW_BLOB(YW_CELL(&me, 0, 5), YW_CELL_LEN(&me, 0, 5)),
			yw_str(YW_CELL(&me, 0, 10)), yw_str(now), YW_INT(other_id) };
		if ((err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_SET_REAL_NAME, rn, 8, NULL)) !=
		    YW_OK)
			return err;
	}
	if ((err = move_owned_data(r, me_id, other_id)) != YW_OK)
		return err;
	/* The retired account's tokens die; the caller gets the survivor's. */
	if ((err = yw_auth_revoke_principal(r->db, &r->arena, "citizen", me_id)) != YW_OK)
		return err;
	t->merged = 1;
	t->survivor = other_id;
	return yw_auth_issue(
	    r->db, &r->arena, "citizen", other_id, access_ttl, refresh_ttl, NULL, &t->tokens);
}

static yw_err
bind_phone(yw_req *r)
{
	struct bind_tx t;
	json_t *me, *body;
	yw_err err;

	memset(&t, 0, sizeof(t));
	t.r = r;
	if ((err = phone_and_code(r, &t.phone, &t.code)) != YW_OK)
		return err;
	if ((err = yw_db_tx(r->db, bind_tx, &t)) != YW_OK)
		return err;
	if (!t.ok)
		return YW_E_SMS_CODE_INVALID;
	if ((err = load_me(r, t.survivor, &me)) != YW_OK)
		return err;
	body = t.merged ? tokens_json(&t.tokens) : json_object();
	json_object_set_new(body, "user", me);
	json_object_set_new(body, "merged", json_boolean(t.merged));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, body);
	return YW_OK;
}

/* --- real-name verification -------------------------------------------------------- */

static const yw_jfield real_name_fields[] = {
	{ "name", YW_J_STRING, YW_J_REQUIRED, 1, 30 },
	{ "id_number", YW_J_STRING, YW_J_REQUIRED, 1, 18 },
};

struct real_name_tx {
	yw_req *r;
	const char *name, *id_number;
};

static yw_err
real_name_tx(void *ctx)
{
	struct real_name_tx *t = ctx;
	yw_req *r = t->r;
	unsigned char mac[32], *name_enc, *id_enc;
	size_t name_len, id_len;
	char name_masked[128], id_masked[24];
	const char *now = yw_now_db(&r->arena);
	yw_rows rows, me;
	yw_err err;
	yw_arg mid = YW_INT(r->who.id);

	if ((err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_LOCK, &mid, 1, &me)) != YW_OK)
		return err;
	if (me.nrows == 0)
		return YW_E_UNAUTHENTICATED;
	yw_pii_mac(YW_PII_MAC_ID_NUMBER, t->id_number, strlen(t->id_number), mac);
	if (strcmp(YW_CELL(&me, 0, 4), "1") == 0) {
		/* Verified already: the same identity again is fine, another one is not. */
		if (YW_CELL_LEN(&me, 0, 5) == 32 && memcmp(YW_CELL(&me, 0, 5), mac, 32) == 0)
			return YW_OK;
		return YW_E_CONFLICT;
	}
	yw_arg m = YW_BLOB(mac, 32);
	if ((err = yw_db_exec(r->db, &r->arena, SQL_CITIZEN_BY_ID_NUMBER, &m, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows > 0)
		return YW_E_CONFLICT; /* verified on another account */
	if (yw_pii_encrypt(&r->arena, t->name, &name_enc, &name_len) != 0 ||
	    yw_pii_encrypt(&r->arena, t->id_number, &id_enc, &id_len) != 0)
		return YW_E_INTERNAL;
	yw_mask_name(t->name, name_masked, sizeof(name_masked));
	yw_mask_id_number(t->id_number, id_masked, sizeof(id_masked));
	yw_arg set[] = { yw_str(name_masked), YW_BLOB(name_enc, name_len), yw_str(id_masked),
		YW_BLOB(id_enc, id_len), YW_BLOB(mac, 32), yw_str(now), yw_str(now), mid };
	return yw_db_exec(r->db, &r->arena, SQL_CITIZEN_SET_REAL_NAME, set, 8, NULL);
}

struct tries_tx {
	yw_req *r;
	long retry_after;
};

/*
 * Counts an attempt that will reach the identity provider: at most REAL_NAME_TRIES_PER_DAY
 * a day (Asia/Shanghai) per account, so that it cannot be used to test who holds which ID
 * number. Malformed numbers are refused before and do not count.
 */
static yw_err
tries_tx(void *ctx)
{
	struct tries_tx *t = ctx;
	yw_req *r = t->r;
	int64_t now = yw_now_us();
	char today[16];
	long tries = 0;
	yw_rows rows;
	yw_err err;
	yw_arg id = YW_INT(r->who.id);

	if ((err = yw_db_exec(r->db, &r->arena, SQL_REAL_NAME_TRIES, &id, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_E_UNAUTHENTICATED;
	yw_shanghai_date(now, today, sizeof(today));
	if (YW_CELL(&rows, 0, 1) != NULL && strcmp(YW_CELL(&rows, 0, 1), today) == 0)
		tries = atol(YW_CELL(&rows, 0, 0));
	if (tries >= REAL_NAME_TRIES_PER_DAY) {
		int64_t local = now / 1000000 + YW_TZ_OFFSET_S;
		t->retry_after = (long)(86400 - local % 86400);
		return YW_E_RATE_LIMITED;
	}
	yw_arg set[] = { YW_INT(tries + 1), yw_str(today), id };
	return yw_db_exec(r->db, &r->arena, SQL_REAL_NAME_TRY, set, 3, NULL);
}

static const char *
id_problem_code(yw_id_problem p)
{
	switch (p) {
	case YW_ID_FORMAT: return "invalid_format";
	case YW_ID_REGION: return "invalid_region";
	case YW_ID_BIRTH_DATE: return "invalid_birth_date";
	case YW_ID_CHECK_DIGIT: return "invalid_check_digit";
	default: return "invalid";
	}
}

static yw_err
real_name(yw_req *r)
{
	int bits = yw_json_check(r, r->json, "", real_name_fields, 2);
	struct real_name_tx t = { r, NULL, NULL };
	int64_t today = (yw_now_us() / 1000000 + YW_TZ_OFFSET_S) / 86400;
	yw_id_problem p;
	char *id;
	json_t *me;
	yw_err err;

	if (bits & YW_JCHECK_TYPE)
		return YW_E_BAD_REQUEST;
	t.name = yw_json_str(r->json, "name");
	id = yw_arena_strdup(
	    &r->arena, yw_json_str(r->json, "id_number") ? yw_json_str(r->json, "id_number") : "");
	if (strlen(id) == 18 && id[17] == 'x')
		id[17] = 'X';
	t.id_number = id;
	if (t.name != NULL && !yw_person_name_valid(t.name))
		yw_field_error(r, "name", "invalid");
	if (*id != '\0' && (p = yw_id_number_check(id, today)) != YW_ID_OK)
		yw_field_error(r, "id_number", id_problem_code(p));
	if (bits || yw_field_error_count(r) > 0)
		return YW_E_VALIDATION;
	struct tries_tx tt = { r, 0 };
	if ((err = yw_db_tx(r->db, tries_tx, &tt)) != YW_OK) {
		if (err == YW_E_RATE_LIMITED)
			yw_reply_header(
			    r, "Retry-After", yw_arena_printf(&r->arena, "%ld", tt.retry_after));
		return err;
	}
	if (idp_url != NULL) {
		yw_http_response res;
		json_t *q = json_pack("{s:s, s:s}", "name", t.name, "id_number", id);
		size_t len;
		char *payload = yw_json_dump(&r->arena, q, &len);
		json_decref(q);
		err = yw_http_json(&r->arena, "POST", idp_url, payload, &res);
		memset(payload, 0, len);
		if (err != YW_OK)
			return err;
		yw_req_own(r, res.json);
		if (res.status != 200 || !json_is_boolean(json_object_get(res.json, "match"))) {
			yw_log_error("identity provider answered HTTP %ld", res.status);
			return YW_E_UPSTREAM_UNAVAILABLE;
		}
		if (!json_is_true(json_object_get(res.json, "match")))
			return yw_field_error(r, "id_number", "identity_mismatch");
	}
	if ((err = yw_db_tx(r->db, real_name_tx, &t)) != YW_OK)
		return err;
	if ((err = load_me(r, r->who.id, &me)) != YW_OK)
		return err;
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, me);
	return YW_OK;
}

/* --- start-up ---------------------------------------------------------------------- */

static int
check_config(const yw_config *cfg, yw_db *db)
{
	(void)db;
	if (yw_pii_init(yw_config_str(cfg, "pii_key", NULL)) != 0) {
		yw_log_error("pii_key (YIWANG_PII_KEY) must be 32 bytes in base64");
		return -1;
	}
	return 0;
}

static int
worker_init(const yw_config *cfg)
{
	access_ttl = yw_config_long(cfg, "access_ttl", 1800, 60, 86400, NULL);
	refresh_ttl = yw_config_long(cfg, "refresh_ttl", 30L * 86400, 3600, 365L * 86400, NULL);
	wechat_base = yw_config_str(cfg, "wechat_api_base", "https://api.weixin.qq.com");
	wechat_appid = yw_config_str(cfg, "wechat_appid", NULL);
	wechat_secret = yw_config_str(cfg, "wechat_secret", NULL);
	sms_url = yw_config_str(cfg, "sms_url", NULL);
	idp_url = yw_config_str(cfg, "idp_url", NULL);
	if (idp_url != NULL && *idp_url == '\0')
		idp_url = NULL;
	if (sms_url != NULL && *sms_url == '\0')
		sms_url = NULL;
	yw_http_init(yw_config_long(cfg, "upstream_connect_timeout_ms", 3000, 100, 60000, NULL),
	    yw_config_long(cfg, "upstream_timeout_ms", 8000, 500, 120000, NULL));
	yw_password_dummy_verify(""); /* builds the dummy hash now, not on a first request */
	return yw_pii_init(yw_config_str(cfg, "pii_key", NULL));
}

static const yw_route routes[] = {
	{ "POST", "/api/v1/auth/wechat", wechat_login, YW_AUTH_NONE, 0, YW_ROUTE_JSON },
	{ "POST", "/api/v1/auth/sms-code", sms_code, YW_AUTH_NONE, 0, YW_ROUTE_JSON },
	{ "POST", "/api/v1/auth/sms", sms_login, YW_AUTH_NONE, 0, YW_ROUTE_JSON },
	{ "POST", "/api/v1/auth/refresh", refresh, YW_AUTH_NONE, 0, YW_ROUTE_JSON },
	{ "POST", "/api/v1/auth/logout", logout, YW_AUTH_ANY, 0, 0 },
	{ "GET", "/api/v1/me", get_me, YW_AUTH_CITIZEN, 0, 0 },
	{ "POST", "/api/v1/me/phone", bind_phone, YW_AUTH_CITIZEN, 0, YW_ROUTE_JSON },
	{ "POST", "/api/v1/me/real-name", real_name, YW_AUTH_CITIZEN, 0, YW_ROUTE_JSON },
	{ "POST", "/api/v1/staff/auth/login", staff_login, YW_AUTH_NONE, 0, YW_ROUTE_JSON },
};

static const yw_app app = {
	"account",
	routes,
	sizeof(routes) / sizeof(routes[0]),
	check_config,
	worker_init,
	NULL,
	0,
};

int
main(int argc, char **argv)
{
	return yw_app_main(&app, argc, argv);
}
