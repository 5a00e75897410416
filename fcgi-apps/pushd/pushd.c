/*
 * pushd.c: the push daemon. Drains the outbox (API.md sections 6 and 11): every status
 * change of an application reaches its citizen at least once, in order per application and
 * channel, on the app push gateway (Standard Webhooks), WeChat subscribe messages and SMS.
 *
 * A round is one transaction, held open through the sends:
 *   1. claim: SELECT ... FOR UPDATE SKIP LOCKED up to `batch` due rows whose application has
 *      no earlier undelivered row on the same channel. The row locks are the claim: several
 *      pushd processes, on one host or many, never hold one row at once, and nothing is
 *      written to take it. A pushd that dies (kill -9, a crash, a lost host) loses its
 *      connection and the server rolls its transaction back: the rows are pending again at
 *      once, or, for a host that vanished without closing its connection, once the session
 *      has been idle `lease_seconds` (its wait_timeout). A WeChat message takes its one-time
 *      grant before its first send.
 *   2. send: every claimed row concurrently through one libcurl multi handle (kept-alive
 *      connections, connect and total timeouts).
 *   3. record and commit: each row sent, skipped (no device, no grant, no openid), retried
 *      later with exponential backoff and jitter, or dead-lettered after `max_attempts` or a
 *      refusal that no retry can fix; every attempt is a row of outbox_attempts.
 * During the sends the held transaction has written nothing but holds its outbox rows. What
 * other requests also write (the WeChat access token, the grant a send takes, device tokens a
 * gateway reports gone) goes through a second connection and is committed at once, so that no
 * citizen's request waits for a send; the outcome (outbox rows, attempts, a grant WeChat says
 * is gone) is written just before the commit. Under READ COMMITTED (every yiwang session) the claim
 * locks the rows it takes, not the gaps between them: new outbox rows are written meanwhile.
 * What an answer means (judge()): on the webhooks (app push, provincial platform, Standard
 * Webhooks, tech-contracts 3.1) and the SMS gateway, only a 2xx is a delivery; 400, 413 and
 * 422 refuse the body itself and 410 gives up on the endpoint (dead letters: no retry can
 * fix them), except that an app push 410 naming device tokens of this citizen that are then
 * removed goes again at once to the devices left; every other answer (3xx, not followed; 401
 * or 403 while a secret rotates; 404 while a receiver deploys; 408, 429, 5xx) and every
 * transport error is retried, a Retry-After honoured when longer than the backoff. WeChat
 * answers by errcode (section 1.3 there).
 * The retries: the n-th failed attempt waits a uniform random time between d/2 and d, where
 * d = min(retry_base_ms * 2^(n-1), retry_cap_ms); after `max_attempts` attempts, a dead
 * letter. With the defaults (5 s doubling to a 24 h cap, 18 attempts: 17 waits of 5 s, 10 s,
 * ..., 81 920 s, 86 400 s, 86 400 s, 336 635 s in all at most) a message is tried for 1.95 to
 * 3.90 days after its first attempt, 2.92 days on average: the "about 3 days" of Standard
 * Webhooks (tech-contracts 0.20 and 3.1).
 * SIGTERM or SIGINT: no new claims; the sends in flight finish (bounded by their timeouts)
 * and are recorded; then it exits.
 *
 * Configuration (yiwang.conf, key `pushd.<key>` or `<key>`, environment YIWANG_<KEY>):
 * push_url, push_secret (whsec_<base64 of 24-64 bytes>), sms_url, wechat_template,
 * wechat_api_base, upstream_url, upstream_secret (the provincial platform, whsec_<base64 of
 * 24-64 bytes>), wechat_appid, wechat_secret; batch (500), concurrency (64), max_attempts
 * (18), retry_base_ms (5000), retry_cap_ms (86400000: 24 h), lease_seconds (60), poll_ms (200).
 */
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../domain/status.h"
#include "../domain/utf8.h"
#include "../lib/arena.h"
#include "../lib/clock.h"
#include "../lib/config.h"
#include "../lib/crypto.h"
#include "../lib/db.h"
#include "../lib/http.h"
#include "../lib/itemguide.h"
#include "../lib/json.h"
#include "../lib/log.h"
#include "../lib/metrics.h"
#include "../lib/wechat.h"

static const char SQL_BACKLOG[] =
    "SELECT channel, COUNT(*), MIN(created_at) FROM outbox WHERE state IN ('pending', "
    "'sending') GROUP BY channel";
/* Through the state index (a few batches of rows), never a scan of the whole outbox, which
 * keeps every row ever sent. */
static const char SQL_RELEASE_EXPIRED[] = /* rows an earlier pushd version leased */
    "UPDATE outbox FORCE INDEX (ix_outbox_due) SET state = 'pending', claimed_by = NULL, "
    "claimed_until = NULL WHERE state = 'sending' AND claimed_until < ?";
static const char SQL_CLAIMABLE[] =
    "SELECT o.id FROM outbox o FORCE INDEX (ix_outbox_due) WHERE o.state = 'pending' AND "
    "o.next_at <= ? AND NOT EXISTS "
    "(SELECT 1 FROM outbox p FORCE INDEX (ix_outbox_application) WHERE p.application_id = "
    "o.application_id AND p.channel = o.channel AND p.id < o.id AND p.state IN ('pending', "
    "'sending')) AND NOT EXISTS (SELECT 1 FROM outbox p FORCE INDEX (ix_outbox_consultation) "
    "WHERE p.consultation_id = o.consultation_id AND p.channel = "
    "o.channel AND p.id < o.id AND p.state IN ('pending', 'sending')) "
    "ORDER BY o.next_at, o.id LIMIT ? FOR UPDATE SKIP LOCKED";
/* A row is about an application or a consultation (the other's columns are NULL). Read by
 * the ids just claimed, a primary-key lookup each: the optimizer must not start from another
 * table. */
static const char SQL_CLAIMED[] =
    "SELECT o.id, o.channel, o.status, o.attempts, o.application_id, o.citizen_id, n.title, "
    "n.body, n.at, a.number, a.item_code, i.name, a.dept_id, c.phone, c.wechat_openid, "
    "i.region_code, o.grant_taken, o.consultation_id, k.title "
    "FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) j "
    "STRAIGHT_JOIN outbox o ON o.id = j.id "
    "JOIN notifications n ON n.id = o.notification_id "
    "LEFT JOIN applications a ON a.id = o.application_id "
    "LEFT JOIN items i ON i.code = a.item_code "
    "LEFT JOIN consultations k ON k.id = o.consultation_id "
    "JOIN citizens c ON c.id = o.citizen_id ORDER BY o.id";
/* The devices of every citizen of a batch, in one statement. */
static const char SQL_DEVICES[] =
    "SELECT d.citizen_id, d.platform, d.token FROM devices d JOIN JSON_TABLE(?, '$[*]' "
    "COLUMNS (cid BIGINT UNSIGNED PATH '$')) j ON j.cid = d.citizen_id ORDER BY d.id";
/* A grant (one row changed), or none left; the outbox row notes it with its outcome. */
static const char SQL_GRANT_TAKE[] =
    "UPDATE wechat_grants SET remaining = remaining - 1, updated_at = ? WHERE citizen_id = ? "
    "AND template_id = ? AND remaining > 0";
static const char SQL_GRANT_GONE[] =
    "UPDATE wechat_grants SET remaining = 0, updated_at = ? WHERE citizen_id = ? AND "
    "template_id = ?";
static const char SQL_DEVICE_GONE[] = "DELETE FROM devices WHERE token = ? AND citizen_id = ?";
/* The outcome of a whole batch in two statements: a JSON array of
 * {id, state, next_at, error?, done_at?, grant, outcome, http?, detail, us}. */
static const char SQL_RESULTS[] =
    "UPDATE outbox o JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$.id', "
    "state VARCHAR(16) PATH '$.state', next_at VARCHAR(32) PATH '$.next_at', "
    "err VARCHAR(500) PATH '$.error', done VARCHAR(32) PATH '$.done_at', "
    "grant_taken TINYINT PATH '$.grant')) j ON j.id = o.id "
    "SET o.state = j.state, o.next_at = j.next_at, o.last_error = j.err, o.done_at = j.done, "
    "o.attempts = o.attempts + 1, o.grant_taken = j.grant_taken";
static const char SQL_ATTEMPTS[] =
    "INSERT INTO outbox_attempts (outbox_id, at, worker, outcome, http_status, detail, "
    "duration_us) SELECT j.id, ?, ?, j.outcome, j.http, j.detail, j.us FROM JSON_TABLE(?, "
    "'$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$.id', outcome VARCHAR(16) PATH '$.outcome', "
    "http SMALLINT UNSIGNED PATH '$.http', detail VARCHAR(500) PATH '$.detail', "
    "us INT UNSIGNED PATH '$.us')) j";

static volatile sig_atomic_t stopping;

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

typedef struct {
	const yw_config *cfg;
	yw_db *db; /* the round's transaction */
	yw_db *side; /* what must not wait for the round: token, grants, device tokens */
	const char *push_url, *sms_url, *wechat_template, *wechat_base, *upstream_url;
	unsigned char push_key[64], upstream_key[64];
	size_t push_key_len, upstream_key_len;
	long batch, concurrency, max_attempts, retry_base_ms, retry_cap_ms, lease_s, poll_ms;
	long connect_ms, total_ms;
	char worker[80];
	const char *wechat_token; /* in `arena`, valid for one round */
	int wechat_stale; /* a send said the token was refused */
	char stale_token[600];
	CURL *pool[1024]; /* finished easy handles, used again (concurrency is at most 1024) */
	size_t pooled;
} pushd;

typedef enum { OUT_SENT, OUT_RETRY, OUT_RETRY_NOW, OUT_DEAD, OUT_SKIPPED } outcome;

static const char *outcome_state[] = { "sent", "pending", "pending", "dead", "skipped" };
static const char *outcome_name[] = { "sent", "retry", "retry", "dead", "skipped" };

/* One claimed row and its send. */
typedef struct {
	long long id, application_id, citizen_id, consultation_id;
	const char *channel, *status;
	int attempts;
	int grant_taken; /* WeChat: this message has its one-time grant already */
	int has_openid; /* WeChat: the citizen can receive one */
	long retry_after_s; /* the gateway's Retry-After, 0 when none */
	char *payload; /* request body, in the arena */
	const char *url;
	struct curl_slist *headers;
	CURL *easy;
	char *resp;
	size_t resp_len, resp_cap;
	long http_status;
	int64_t started_us, done_us;
	json_t *devices; /* app: the citizen's devices (owned) */
	outcome result;
	const char *detail;
	int decided; /* result known without sending */
} job;

/* --- sending ------------------------------------------------------------------------- */

static size_t
on_data(char *p, size_t size, size_t n, void *ctx)
{
	job *j = ctx;
	size_t len = size * n;

	if (j->resp_len + len + 1 > j->resp_cap) {
		size_t cap = (j->resp_len + len + 1) * 2;
		char *np;
		if (cap > 1 << 20)
			return 0; /* an answer over 1 MiB is not an answer */
		np = realloc(j->resp, cap);
		if (np == NULL)
			return 0;
		j->resp = np;
		j->resp_cap = cap;
	}
	memcpy(j->resp + j->resp_len, p, len);
	j->resp_len += len;
	j->resp[j->resp_len] = '\0';
	return len;
}

static void
decide(job *j, outcome o, const char *detail)
{
	j->result = o;
	j->detail = detail;
	j->decided = 1;
}

/* Standard Webhooks v1: webhook-signature = v1,base64(HMAC-SHA256(key, id.timestamp.body)). */
static struct curl_slist *
webhook_headers(
    const unsigned char *key, size_t keylen, yw_arena *a, long long id, const char *body)
{
	struct curl_slist *h = NULL;
	unsigned char mac[32];
	unsigned int maclen = 0;
	char b64[64];
	long long ts = yw_wall_us() / 1000000;
	const char *msg_id = yw_arena_printf(a, "msg_yw%lld", id);
	const char *signed_content = yw_arena_printf(a, "%s.%lld.%s", msg_id, ts, body);

	HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)signed_content,
	    strlen(signed_content), mac, &maclen);
	yw_b64_encode(mac, maclen, b64);
	h = curl_slist_append(h, "Content-Type: application/json; charset=utf-8");
	h = curl_slist_append(h, yw_arena_printf(a, "webhook-id: %s", msg_id));
	h = curl_slist_append(h, yw_arena_printf(a, "webhook-timestamp: %lld", ts));
	h = curl_slist_append(h, yw_arena_printf(a, "webhook-signature: v1,%s", b64));
	return h;
}

/* A value cut to at most max code points, on a code point boundary. */
static const char *
cut(yw_arena *a, const char *s, size_t max)
{
	size_t n = strlen(s);

	return yw_arena_strndup(a, s, yw_utf8_prefix(s, n, max));
}

/* "2026年11月29日 16:05" of a DATETIME cell (UTC), in Asia/Shanghai. */
static const char *
wechat_time(yw_arena *a, const char *cell)
{
	int64_t us = 0;
	int y;
	unsigned m, d;
	int64_t local;

	yw_time_parse_db(cell, &us);
	local = us / 1000000 + YW_TZ_OFFSET_S;
	yw_civil_from_days(local / 86400, &y, &m, &d);
	return yw_arena_printf(a, "%d年%u月%u日 %02d:%02d", y, m, d, (int)(local % 86400 / 3600),
	    (int)(local % 3600 / 60));
}

/*
 * A reply to a consultation or complaint (咨询投诉): app push as
 * {type: "consultation.replied", consultation_id, status, title, body, devices, at}, and
 * SMS {phone, template: "consultation_replied", params: {title, status}}. WeChat's
 * subscribe template is the application progress one: not used for consultations.
 */
static void
prepare_consultation(pushd *d, yw_arena *a, job *j, yw_rows *rows, size_t i)
{
	const char *title = YW_CELL(rows, i, 6), *body = YW_CELL(rows, i, 7);
	const char *at = YW_CELL(rows, i, 8), *phone = YW_CELL(rows, i, 13);
	const char *subject = YW_CELL(rows, i, 18) ? YW_CELL(rows, i, 18) : "";
	json_t *msg;

	if (strcmp(j->channel, "app") == 0) {
		json_t *devices = j->devices;
		if (d->push_url == NULL || devices == NULL || json_array_size(devices) == 0) {
			decide(j, OUT_SKIPPED,
			    d->push_url == NULL ? "no push gateway configured"
			                        : "no registered device");
			return;
		}
		j->devices = NULL;
		msg = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "type",
		    "consultation.replied", "consultation_id",
		    yw_arena_printf(a, "%lld", j->consultation_id), "status", j->status, "title",
		    title, "body", body, "devices", devices, "at", yw_db_time_rfc3339(a, at));
		j->payload = yw_json_dump(a, msg, NULL);
		json_decref(msg);
		j->url = d->push_url;
		j->headers = webhook_headers(d->push_key, d->push_key_len, a, j->id, j->payload);
	} else if (strcmp(j->channel, "sms") == 0) {
		if (d->sms_url == NULL || phone == NULL) {
			decide(j, OUT_SKIPPED,
			    d->sms_url == NULL ? "no SMS gateway configured" : "no phone");
			return;
		}
		msg = json_pack("{s:s, s:s, s:{s:s, s:s}}", "phone", phone, "template",
		    "consultation_replied", "params", "title", cut(a, subject, 20), "status",
		    j->status);
		j->payload = yw_json_dump(a, msg, NULL);
		json_decref(msg);
		j->url = d->sms_url;
		j->headers =
		    curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	} else {
		decide(j, OUT_SKIPPED, "channel not used for consultations");
	}
}

/* Builds the request of one claimed row, or decides it without a send. */
static void
prepare(pushd *d, yw_arena *a, job *j, yw_rows *rows, size_t i)
{
	const char *title = YW_CELL(rows, i, 6), *body = YW_CELL(rows, i, 7);
	const char *at = YW_CELL(rows, i, 8), *number = YW_CELL(rows, i, 9);
	const char *item = YW_CELL(rows, i, 11), *phone = YW_CELL(rows, i, 13);
	const char *openid = YW_CELL(rows, i, 14);
	yw_status st;
	json_t *msg;

	if (j->consultation_id != 0) {
		prepare_consultation(d, a, j, rows, i);
		return;
	}
	if (yw_status_parse(j->status, &st) != 0) {
		decide(j, OUT_DEAD, "unknown status");
		return;
	}
	if (strcmp(j->channel, "app") == 0) {
		json_t *devices = j->devices;
		if (d->push_url == NULL) {
			decide(j, OUT_SKIPPED, "no push gateway configured");
			return;
		}
		if (devices == NULL || json_array_size(devices) == 0) {
			decide(j, OUT_SKIPPED, "no registered device");
			return;
		}
		j->devices = NULL; /* the message takes it */
		msg = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "type",
		    "application.status_changed", "application_id",
		    yw_arena_printf(a, "%lld", j->application_id), "number", number, "status",
		    j->status, "title", title, "body", body, "devices", devices, "at",
		    yw_db_time_rfc3339(a, at));
		j->payload = yw_json_dump(a, msg, NULL);
		json_decref(msg);
		j->url = d->push_url;
		j->headers = webhook_headers(d->push_key, d->push_key_len, a, j->id, j->payload);
	} else if (strcmp(j->channel, "sms") == 0) {
		if (d->sms_url == NULL) {
			decide(j, OUT_SKIPPED, "no SMS gateway configured");
			return;
		}
		if (phone == NULL) {
			decide(j, OUT_SKIPPED, "no phone");
			return;
		}
		msg = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "phone", phone, "template",
		    "status_changed", "params", "number", number, "status", j->status,
		    "status_label", yw_status_label(st, 0));
		j->payload = yw_json_dump(a, msg, NULL);
		json_decref(msg);
		j->url = d->sms_url;
		j->headers =
		    curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	} else if (strcmp(j->channel, "wechat") == 0) {
		if (d->wechat_template == NULL) {
			decide(j, OUT_SKIPPED, "no WeChat template configured");
			return;
		}
		if (openid == NULL) {
			decide(j, OUT_SKIPPED, "no WeChat openid");
			return;
		}
		if (d->wechat_token == NULL) {
			decide(j, OUT_RETRY, "no WeChat access token");
			return;
		}
		/* WeChat's limits: thing 20 characters, phrase 5, character_string 32. */
		msg = json_pack("{s:s, s:s, s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}}", "touser",
		    openid, "template_id", d->wechat_template, "page",
		    yw_arena_printf(a, "pages/applications/detail?id=%lld", j->application_id),
		    "data", "character_string1", "value", cut(a, number, 32), "thing2", "value",
		    cut(a, item, 20), "phrase3", "value", cut(a, yw_status_label(st, 0), 5),
		    "time4", "value", wechat_time(a, at));
		j->payload = yw_json_dump(a, msg, NULL);
		json_decref(msg);
		j->url = yw_arena_printf(a, "%s/cgi-bin/message/subscribe/send?access_token=%s",
		    d->wechat_base, yw_http_escape(a, d->wechat_token));
		j->headers =
		    curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	} else if (strcmp(j->channel, "upstream") == 0) {
		/* The provincial exchange: no personal data beyond what it needs. */
		if (d->upstream_url == NULL) {
			decide(j, OUT_SKIPPED, "no provincial platform configured");
			return;
		}
		msg = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "type",
		    "application.status_changed", "item_code", YW_CELL(rows, i, 10), "number",
		    number, "status", j->status, "at", yw_db_time_rfc3339(a, at), "dept_id",
		    YW_CELL(rows, i, 12), "region_code", YW_CELL(rows, i, 15));
		j->payload = yw_json_dump(a, msg, NULL);
		json_decref(msg);
		j->url = d->upstream_url;
		j->headers =
		    webhook_headers(d->upstream_key, d->upstream_key_len, a, j->id, j->payload);
	} else {
		decide(j, OUT_SKIPPED, "channel not served");
	}
}

/* A handle for one send: one of the round's finished ones when there is (an easy handle is a
 * few kilobytes set up and torn down; the connections themselves stay in the multi handle's
 * cache either way), else a new one with the options every send shares. */
static CURL *
easy_for(pushd *d, job *j)
{
	CURL *e;

	if (d->pooled > 0) {
		e = d->pool[--d->pooled];
	} else {
		if ((e = curl_easy_init()) == NULL)
			return NULL;
		curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, d->connect_ms);
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, d->total_ms);
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(e, CURLOPT_USERAGENT, "yiwang-pushd/0.1");
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	}
	curl_easy_setopt(e, CURLOPT_URL, j->url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, j->payload);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(j->payload));
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	return e;
}

/* A finished handle back to the pool (at most `concurrency` kept). */
static void
easy_done(pushd *d, CURL *e)
{
	if (d->pooled < sizeof(d->pool) / sizeof(d->pool[0]) && d->pooled < (size_t)d->concurrency)
		d->pool[d->pooled++] = e;
	else
		curl_easy_cleanup(e);
}

/* WeChat's answer: by errcode (tech-contracts 1.3). */
static void
judge_wechat(pushd *d, yw_arena *a, job *j)
{
	json_error_t je;
	json_t *body, *ec;
	long long code;

	if (j->http_status >= 500 || j->http_status == 429 || j->http_status == 408) {
		j->result = OUT_RETRY;
		j->detail = yw_arena_printf(a, "HTTP %ld", j->http_status);
		return;
	}
	body = j->resp ? json_loads(j->resp, 0, &je) : NULL;
	if (!json_is_object(body)) {
		/* Not an answer of WeChat's (a proxy's page, a cut body): busy, as errcode -1. */
		json_decref(body);
		j->result = OUT_RETRY;
		j->detail = j->http_status == 200
		                ? "HTTP 200 with a body that is not a JSON object (as errcode -1)"
		                : yw_arena_printf(a, "HTTP %ld", j->http_status);
		return;
	}
	ec = json_object_get(body, "errcode");
	/* A success may leave errcode out (tech-contracts 0.3). */
	code = json_is_integer(ec) ? (long long)json_integer_value(ec)
	                           : (j->http_status == 200 ? 0 : -2);
	json_decref(body);
	if (code == -2) {
		j->result = OUT_RETRY;
		j->detail = yw_arena_printf(a, "HTTP %ld", j->http_status);
	} else if (code == 0) {
		j->result = OUT_SENT;
	} else if (code == 40001 || code == 42001) {
		/* The token was refused: a fresh one, and this message again at once. */
		d->wechat_stale = 1;
		j->result = OUT_RETRY_NOW;
		j->detail = yw_arena_printf(a, "errcode %lld: access token refused", code);
	} else if (code == 43101) {
		j->result = OUT_SKIPPED;
		j->detail = "errcode 43101: the user refused the subscription (grant gone)";
	} else if (code == 45009 || code == -1) {
		j->result = OUT_RETRY;
		j->detail = yw_arena_printf(a, "errcode %lld", code);
	} else {
		j->result = OUT_DEAD;
		j->detail = yw_arena_printf(a, "errcode %lld", code);
	}
}

/* An app push 410: the device tokens it names that are this citizen's are removed (a gateway
 * cannot remove anyone else's); answers how many. */
static int
remove_gone_tokens(pushd *d, yw_arena *a, job *j)
{
	json_error_t je;
	json_t *body = j->resp ? json_loads(j->resp, 0, &je) : NULL, *t;
	size_t k;
	int removed = 0;

	json_array_foreach(json_object_get(body, "gone_tokens"), k, t)
	{
		yw_arg gone[] = { yw_str(json_string_value(t)), YW_INT(j->citizen_id) };
		if (json_is_string(t) &&
		    yw_db_exec(d->side, a, SQL_DEVICE_GONE, gone, 2, NULL) == YW_OK)
			removed += (int)yw_db_affected(d->side);
	}
	json_decref(body);
	return removed;
}

/*
 * What an answer means, per channel. The webhooks and the SMS gateway, as Standard Webhooks
 * say (tech-contracts 3.1): a 2xx is a delivery; 400, 413 and 422 refuse the body and 410
 * gives up on the endpoint: dead letters; anything else is retried with backoff.
 */
static void
judge(pushd *d, yw_arena *a, job *j, CURLcode rc)
{
	long s = j->http_status;

	if (rc != CURLE_OK) {
		j->result = OUT_RETRY;
		j->detail = yw_arena_strdup(a, curl_easy_strerror(rc));
		return;
	}
	if (strcmp(j->channel, "wechat") == 0) {
		judge_wechat(d, a, j);
		return;
	}
	if (s >= 200 && s < 300) {
		j->result = OUT_SENT;
		return;
	}
	if (s == 410) {
		/* Device tokens gone (the app gateway names them): removed, and the message goes
		 * again at once to the devices left, if any. A 410 that removes nothing is the
		 * receiver giving up on this endpoint: no retry. */
		int removed = strcmp(j->channel, "app") == 0 ? remove_gone_tokens(d, a, j) : 0;
		if (removed > 0) {
			j->result = OUT_RETRY_NOW;
			j->detail = yw_arena_printf(
			    a, "HTTP 410: %d device token(s) gone, removed", removed);
		} else {
			j->result = OUT_DEAD;
			j->detail = "HTTP 410: the gateway gave up on this endpoint";
		}
		return;
	}
	if (s == 400 || s == 413 || s == 422) {
		j->result = OUT_DEAD;
		j->detail = yw_arena_printf(a, "HTTP %ld: the body was refused", s);
		return;
	}
	/* 3xx (not followed), 401 or 403 (a secret being rotated), 404 (a receiver being
	 * deployed), 408, 409, 429, 5xx ...: a later attempt may succeed. */
	j->result = OUT_RETRY;
	j->detail = yw_arena_printf(a, "HTTP %ld", s);
}

/* Sends every undecided job at once (at most `concurrency` in flight). */
static void
send_all(pushd *d, CURLM *multi, yw_arena *a, job *jobs, size_t n)
{
	size_t next = 0, running = 0;
	int still = 0;

	for (;;) {
		while (next < n && running < (size_t)d->concurrency) {
			job *j = &jobs[next++];
			if (j->decided)
				continue;
			j->easy = easy_for(d, j);
			if (j->easy == NULL) {
				decide(j, OUT_RETRY, "out of memory");
				continue;
			}
			j->started_us = yw_mono_us();
			curl_multi_add_handle(multi, j->easy);
			running++;
		}
		if (running == 0)
			break;
		curl_multi_perform(multi, &still);
		CURLMsg *m;
		int left;
		while ((m = curl_multi_info_read(multi, &left)) != NULL) {
			job *j = NULL;
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &j->http_status);
			{
				curl_off_t ra = 0;
				if (curl_easy_getinfo(m->easy_handle, CURLINFO_RETRY_AFTER, &ra) ==
				        CURLE_OK &&
				    ra > 0)
					j->retry_after_s = ra > 86400 ? 86400 : (long)ra;
			}
			j->done_us = yw_mono_us();
			judge(d, a, j, m->data.result);
			curl_multi_remove_handle(multi, m->easy_handle);
			easy_done(d, m->easy_handle);
			j->easy = NULL;
			running--;
		}
		if (running > 0)
			curl_multi_poll(multi, NULL, 0, 100, NULL);
	}
}

/* --- claiming and recording ------------------------------------------------------------ */

/* WeChat one-time grants: a message takes one once (its row remembers it with the outcome,
 * so neither a retry nor a requeued dead letter takes another); none left, no WeChat message.
 * On the side connection, committed at once: a citizen granting more meanwhile does not wait
 * for the round. A pushd that dies before its commit has spent the grant and sends again:
 * WeChat, too, counts a grant per send. */
static void
take_grants(pushd *d, yw_arena *a, job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		job *j = &jobs[i];
		/* Without a template or an openid prepare() skips the message: no grant to spend. */
		if (j->decided || strcmp(j->channel, "wechat") != 0 || j->grant_taken ||
		    d->wechat_template == NULL || !j->has_openid)
			continue;
		yw_arg g[] = { yw_str(yw_now_db(a)), YW_INT(j->citizen_id),
			yw_str(d->wechat_template) };
		if (yw_db_exec(d->side, a, SQL_GRANT_TAKE, g, 3, NULL) != YW_OK)
			decide(j, OUT_RETRY, "database");
		else if (yw_db_affected(d->side) != 1)
			decide(j, OUT_SKIPPED, "no subscription grant");
		else
			j->grant_taken = 1;
	}
}

static int64_t
backoff_us(pushd *d, int attempts)
{
	int64_t base = d->retry_base_ms * 1000LL, cap = d->retry_cap_ms * 1000LL, delay = base;
	unsigned r;

	for (int i = 1; i < attempts && delay < cap; i++)
		delay *= 2;
	if (delay > cap)
		delay = cap;
	/* Full jitter on the upper half: spread the retries of an outage. */
	yw_random_bytes(&r, sizeof(r));
	return delay / 2 + (int64_t)((double)r / 4294967296.0 * (double)(delay / 2));
}

/* The longest time from a message's first attempt to its last: the sum of the longest waits
 * of backoff_us() (each wait is between half of that and all of it). */
static int64_t
retry_window_ms(const pushd *d)
{
	int64_t delay = d->retry_base_ms, total = 0;

	for (long n = 1; n < d->max_attempts; n++) {
		total += delay < d->retry_cap_ms ? delay : d->retry_cap_ms;
		if (delay < d->retry_cap_ms)
			delay *= 2;
	}
	return total;
}

struct round_tx {
	pushd *d;
	CURLM *multi;
	yw_arena *a;
	job *jobs;
	size_t n;
};

/* The outcome of every row of the round, in the round's transaction. */
static yw_err
record(struct round_tx *t)
{
	pushd *d = t->d;
	const char *now = yw_now_db(t->a);
	json_t *results = json_array();
	const char *doc;
	yw_err err = YW_OK;

	for (size_t i = 0; i < t->n; i++) {
		job *j = &t->jobs[i];
		outcome o = j->result;
		char next[40];
		json_t *e;
		if ((o == OUT_RETRY || o == OUT_RETRY_NOW) && j->attempts >= d->max_attempts) {
			o = OUT_DEAD;
			j->detail = yw_arena_printf(t->a, "%s (after %d attempts)",
			    j->detail ? j->detail : "failed", j->attempts);
		}
		{
			/* A gateway's Retry-After (429, 503) wins over a shorter backoff. */
			int64_t wait = o == OUT_RETRY ? backoff_us(d, j->attempts) : 0;
			if (o == OUT_RETRY && j->retry_after_s * 1000000LL > wait)
				wait = j->retry_after_s * 1000000LL;
			yw_time_format_db(yw_now_us() + wait, next, sizeof(next));
		}
		e = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:i}", "id", (json_int_t)j->id,
		    "state", outcome_state[o], "next_at", next, "outcome", outcome_name[o],
		    "detail", j->detail ? j->detail : "", "us",
		    (json_int_t)(j->started_us && j->done_us ? j->done_us - j->started_us : 0),
		    "grant", j->grant_taken);
		if (j->detail != NULL)
			json_object_set_new(e, "error", json_string(j->detail));
		if (o == OUT_SENT || o == OUT_DEAD || o == OUT_SKIPPED)
			json_object_set_new(e, "done_at", json_string(now));
		if (j->http_status > 0)
			json_object_set_new(e, "http", json_integer(j->http_status));
		json_array_append_new(results, e);
		yw_outbox_metrics_count(j->channel, o == OUT_SENT      ? YW_OUTBOX_SENT
		                                    : o == OUT_DEAD    ? YW_OUTBOX_DEAD
		                                    : o == OUT_SKIPPED ? YW_OUTBOX_SKIPPED
		                                                       : YW_OUTBOX_RETRY);
		if (j->result == OUT_SKIPPED && j->detail != NULL &&
		    strncmp(j->detail, "errcode 43101", 13) == 0) {
			yw_arg g[] = { yw_str(now), YW_INT(j->citizen_id),
				yw_str(d->wechat_template) };
			if ((err = yw_db_exec(d->db, t->a, SQL_GRANT_GONE, g, 3, NULL)) != YW_OK)
				break;
		}
	}
	doc = yw_json_dump(t->a, results, NULL);
	json_decref(results);
	if (err != YW_OK)
		return err;
	yw_arg res[] = { yw_str(doc) };
	if ((err = yw_db_exec(d->db, t->a, SQL_RESULTS, res, 1, NULL)) != YW_OK)
		return err;
	yw_arg at[] = { yw_str(now), yw_str(d->worker), yw_str(doc) };
	return yw_db_exec(d->db, t->a, SQL_ATTEMPTS, at, 3, NULL);
}

typedef struct {
	long long citizen_id;
	size_t row;
} device_ref;

static int
device_ref_cmp(const void *x, const void *y)
{
	const device_ref *a = x, *b = y;
	if (a->citizen_id != b->citizen_id)
		return a->citizen_id < b->citizen_id ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;
}

static int
cmp_ll(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;
	return (a > b) - (a < b);
}

/* The devices of the batch's app messages, in one statement. */
static void
load_devices(pushd *d, yw_arena *a, job *jobs, size_t n)
{
	json_t *ids = json_array();
	yw_rows dev;
	long long *cids = yw_arena_calloc(a, n ? n : 1, sizeof(*cids));
	size_t ncids = 0;

	/* Each citizen once: a citizen with several messages in the batch would otherwise have
	 * each device joined once per message, and listed that many times in every one. */
	for (size_t i = 0; i < n; i++)
		if (!jobs[i].decided && strcmp(jobs[i].channel, "app") == 0)
			cids[ncids++] = jobs[i].citizen_id;
	qsort(cids, ncids, sizeof(*cids), cmp_ll);
	for (size_t i = 0; i < ncids; i++)
		if (i == 0 || cids[i] != cids[i - 1])
			json_array_append_new(ids, json_integer(cids[i]));
	if (ncids > 0) {
		yw_arg arg = yw_str(yw_json_dump(a, ids, NULL));
		if (yw_db_exec(d->db, a, SQL_DEVICES, &arg, 1, &dev) != YW_OK) {
			for (size_t i = 0; i < n; i++)
				if (!jobs[i].decided && strcmp(jobs[i].channel, "app") == 0)
					decide(&jobs[i], OUT_RETRY, "database");
		} else {
			/* by citizen, each citizen's devices in the statement's order: one pass
			 * over the batch with a binary search each, not batch x devices */
			device_ref *by = yw_arena_calloc(a, dev.nrows ? dev.nrows : 1, sizeof *by);
			for (size_t k = 0; k < dev.nrows; k++) {
				by[k].citizen_id = atoll(YW_CELL(&dev, k, 0));
				by[k].row = k;
			}
			qsort(by, dev.nrows, sizeof *by, device_ref_cmp);
			for (size_t i = 0; i < n; i++) {
				job *j = &jobs[i];
				if (j->decided || strcmp(j->channel, "app") != 0)
					continue;
				j->devices = json_array();
				size_t lo = 0, hi = dev.nrows;
				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					if (by[mid].citizen_id < j->citizen_id)
						lo = mid + 1;
					else
						hi = mid;
				}
				for (; lo < dev.nrows && by[lo].citizen_id == j->citizen_id; lo++)
					json_array_append_new(
					    j->devices, json_pack("{s:s, s:s}", "platform",
					                    YW_CELL(&dev, by[lo].row, 1), "token",
					                    YW_CELL(&dev, by[lo].row, 2)));
			}
		}
	}
	json_decref(ids);
}

/* The round's transaction: claim, read, send, record. A deadlock makes yw_db_tx() run it again
 * from the claim (its rows, rolled back, are claimed again and sent again: at least once). */
static yw_err
round_tx(void *ctx)
{
	struct round_tx *t = ctx;
	pushd *d = t->d;
	yw_arena *a = t->a;
	yw_rows rows;
	json_t *ids;
	job *jobs;
	yw_err err;

	t->n = 0;
	yw_arg q[] = { yw_str(yw_now_db(a)), YW_INT(d->batch) };
	if ((err = yw_db_exec(d->db, a, SQL_CLAIMABLE, q, 2, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_OK;
	ids = json_array();
	for (size_t i = 0; i < rows.nrows; i++)
		json_array_append_new(ids, json_integer(atoll(YW_CELL(&rows, i, 0))));
	yw_arg claimed = yw_str(yw_json_dump(a, ids, NULL));
	json_decref(ids);
	if ((err = yw_db_exec(d->db, a, SQL_CLAIMED, &claimed, 1, &rows)) != YW_OK)
		return err;
	jobs = yw_arena_calloc(a, rows.nrows + 1, sizeof(*jobs));
	t->jobs = jobs;
	t->n = rows.nrows;
	d->wechat_token = NULL;
	for (size_t i = 0; i < rows.nrows; i++) {
		job *j = &jobs[i];
		j->id = atoll(YW_CELL(&rows, i, 0));
		j->channel = YW_CELL(&rows, i, 1);
		j->status = YW_CELL(&rows, i, 2);
		j->attempts = atoi(YW_CELL(&rows, i, 3)) + 1; /* this one included */
		j->application_id = YW_CELL(&rows, i, 4) ? atoll(YW_CELL(&rows, i, 4)) : 0;
		j->citizen_id = atoll(YW_CELL(&rows, i, 5));
		j->grant_taken = atoi(YW_CELL(&rows, i, 16)) != 0;
		j->has_openid = YW_CELL(&rows, i, 14) != NULL;
		j->consultation_id = YW_CELL(&rows, i, 17) ? atoll(YW_CELL(&rows, i, 17)) : 0;
		if (strcmp(j->channel, "wechat") == 0 && d->wechat_template != NULL &&
		    d->wechat_token == NULL && YW_CELL(&rows, i, 14) != NULL) {
			const char *tok = NULL;
			if (yw_wechat_access_token(d->side, a, d->cfg,
			        d->wechat_stale ? d->stale_token : NULL, &tok) == YW_OK)
				d->wechat_token = tok;
			d->wechat_stale = 0;
		}
	}
	take_grants(d, a, jobs, rows.nrows);
	load_devices(d, a, jobs, rows.nrows);
	for (size_t i = 0; i < rows.nrows; i++)
		if (!jobs[i].decided)
			prepare(d, a, &jobs[i], &rows, i);
	send_all(d, t->multi, a, jobs, rows.nrows);
	if (d->wechat_stale && d->wechat_token != NULL)
		snprintf(d->stale_token, sizeof(d->stale_token), "%s", d->wechat_token);
	err = record(t);
	for (size_t i = 0; i < rows.nrows; i++) {
		curl_slist_free_all(jobs[i].headers);
		free(jobs[i].resp);
		json_decref(jobs[i].devices);
		jobs[i].headers = NULL;
		jobs[i].resp = NULL;
		jobs[i].devices = NULL;
	}
	return err;
}

/* One round; returns the number of rows handled (0: nothing was due). */
static size_t
round_once(pushd *d, CURLM *multi, yw_arena *a)
{
	struct round_tx t = { d, multi, a, NULL, 0 };
	yw_err err = yw_db_tx(d->db, round_tx, &t);

	if (err != YW_OK) {
		if (t.n > 0)
			yw_log_error("a round of %zu outbox rows failed: %s (rolled back: they are "
			             "pending and will be sent again)",
			    t.n, yw_err_code(err));
		else
			yw_log_error("claiming outbox rows failed: %s", yw_err_code(err));
		return 0;
	}
	return t.n;
}

/* The backlog per channel for /metrics (every few seconds: an index range over the rows
 * not yet delivered). */
static void
measure_backlog(pushd *d, yw_arena *a)
{
	static const char *const channels[] = { "wechat", "app", "sms", "upstream" };
	int64_t now = yw_now_us();
	yw_rows rows;

	if (yw_db_exec(d->db, a, SQL_BACKLOG, NULL, 0, &rows) != YW_OK)
		return;
	for (size_t c = 0; c < sizeof(channels) / sizeof(channels[0]); c++) {
		long long pending = 0, oldest = 0;
		for (size_t i = 0; i < rows.nrows; i++) {
			int64_t at;
			if (strcmp(YW_CELL(&rows, i, 0), channels[c]) != 0)
				continue;
			pending = atoll(YW_CELL(&rows, i, 1));
			if (YW_CELL(&rows, i, 2) != NULL &&
			    yw_time_parse_db(YW_CELL(&rows, i, 2), &at) == 0)
				oldest = now > at ? (now - at) / 1000000 : 0;
		}
		yw_outbox_metrics_backlog(channels[c], pending, oldest);
	}
}

/* --- main ------------------------------------------------------------------------------- */

/* A Standard Webhooks secret (tech-contracts 3.1): whsec_<base64 of 24-64 random bytes>; the
 * key is the decoded bytes. Else a log line that says what is wrong (never the secret). */
static int
webhook_key(
    const yw_config *cfg, const char *name, const char *url_name, unsigned char *key, size_t *len)
{
	const char *secret = yw_config_str(cfg, name, NULL);
	unsigned char buf[256];
	long n = -1;

	if (secret != NULL && strncmp(secret, "whsec_", 6) == 0)
		n = yw_b64_decode(secret + 6, strlen(secret + 6), buf, sizeof(buf));
	if (n < 24 || n > 64) {
		const char *why = "its key is longer than 64 bytes";
		if (secret == NULL || *secret == '\0')
			why = "it is not set";
		else if (n < 0)
			why = "it is not whsec_ and standard base64";
		else if (n < 24)
			why = "its key is shorter than 24 bytes";
		yw_log_error("%s must be whsec_<base64 of 24-64 bytes> (Standard Webhooks) when %s "
		             "is set: %s",
		    name, url_name, why);
		OPENSSL_cleanse(buf, sizeof(buf));
		return -1;
	}
	memcpy(key, buf, (size_t)n);
	*len = (size_t)n;
	OPENSSL_cleanse(buf, sizeof(buf));
	return 0;
}

static int
load(pushd *d, const yw_config *cfg)
{
	char host[64] = "host";

	memset(d, 0, sizeof(*d));
	d->cfg = cfg;
	d->push_url = yw_config_str(cfg, "push_url", NULL);
	d->sms_url = yw_config_str(cfg, "sms_url", NULL);
	d->wechat_template = yw_config_str(cfg, "wechat_template", NULL);
	d->wechat_base = yw_config_str(cfg, "wechat_api_base", "https://api.weixin.qq.com");
	if (d->push_url != NULL && *d->push_url == '\0')
		d->push_url = NULL;
	if (d->sms_url != NULL && *d->sms_url == '\0')
		d->sms_url = NULL;
	if (d->wechat_template != NULL && *d->wechat_template == '\0')
		d->wechat_template = NULL;
	d->upstream_url = yw_config_str(cfg, "upstream_url", NULL);
	if (d->upstream_url != NULL && *d->upstream_url == '\0')
		d->upstream_url = NULL;
	if (d->upstream_url != NULL && webhook_key(cfg, "upstream_secret", "upstream_url",
	                                   d->upstream_key, &d->upstream_key_len) != 0)
		return -1;
	if (d->push_url != NULL &&
	    webhook_key(cfg, "push_secret", "push_url", d->push_key, &d->push_key_len) != 0)
		return -1;
	/* 500: a round's fixed cost (claim, read, record: about seven statements) spread over
	 * more rows; measured +25 % deliveries/s over 100 (tests/bench/push.sh). */
	d->batch = yw_config_long(cfg, "batch", 500, 1, 2000, NULL);
	d->concurrency = yw_config_long(cfg, "concurrency", 64, 1, 1024, NULL);
	/* About 3 days of retries (see the top of this file). */
	d->max_attempts = yw_config_long(cfg, "max_attempts", 18, 1, 100, NULL);
	d->retry_base_ms = yw_config_long(cfg, "retry_base_ms", 5000, 1, 3600000, NULL);
	d->retry_cap_ms = yw_config_long(cfg, "retry_cap_ms", 86400000, 1, 86400000, NULL);
	d->lease_s = yw_config_long(cfg, "lease_seconds", 60, 2, 3600, NULL);
	d->poll_ms = yw_config_long(cfg, "poll_ms", 200, 10, 60000, NULL);
	d->connect_ms = yw_config_long(cfg, "upstream_connect_timeout_ms", 3000, 100, 60000, NULL);
	d->total_ms = yw_config_long(cfg, "upstream_timeout_ms", 8000, 100, 120000, NULL);
	if (d->total_ms / 1000 + 2 > d->lease_s) {
		yw_log_error("lease_seconds must exceed upstream_timeout_ms by 2 s");
		return -1;
	}
	if (d->poll_ms * 2 > d->lease_s * 1000) {
		/* the idle connection between two polls must outlive them */
		yw_log_error("poll_ms must be at most half of lease_seconds");
		return -1;
	}
	{
		/* A round must end within its lease, or its rows are claimed again while it still
		 * sends them: at most as many waves of `concurrency` sends as timeouts fit. */
		long waves = (d->lease_s - 2) * 1000 / d->total_ms;
		if (waves < 1)
			waves = 1;
		if (d->batch > waves * d->concurrency) {
			yw_log_info(
			    "batch %ld cut to %ld: %ld wave(s) of %ld sends fit a %ld s lease",
			    d->batch, waves * d->concurrency, waves, d->concurrency, d->lease_s);
			d->batch = waves * d->concurrency;
		}
	}
	gethostname(host, sizeof(host) - 1);
	{
		unsigned r;
		yw_random_bytes(&r, sizeof(r));
		snprintf(d->worker, sizeof(d->worker), "%.40s:%ld:%08x", host, (long)getpid(), r);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *conf = NULL;
	char err[256];
	yw_config *cfg;
	struct sigaction sa;
	pushd d;
	CURLM *multi;
	yw_arena a;
	int opt;
	int64_t released_us = 0, measured_us = 0;

	while ((opt = getopt(argc, argv, "c:h")) != -1) {
		if (opt == 'c')
			conf = optarg;
		else {
			fprintf(stderr, "usage: yiwang-pushd -c CONFIG\n");
			return 2;
		}
	}
	yw_log_set_app("pushd");
	cfg = yw_config_load(conf, "pushd", err, sizeof(err));
	if (cfg == NULL) {
		yw_log_error("configuration: %s", err);
		return 1;
	}
	yw_clock_set_file(yw_config_str(cfg, "clock_file", NULL));
	if (load(&d, cfg) != 0) {
		yw_config_free(cfg);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	yw_http_init(d.connect_ms, d.total_ms);
	multi = curl_multi_init();
	curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, d.concurrency);
	d.db = yw_db_new(cfg);
	/* A host that vanishes mid-round gives its rows back after this long. */
	yw_db_set_idle_timeout(d.db, (unsigned)d.lease_s);
	d.side = yw_db_new(cfg);
	yw_arena_init(&a);
	if (yw_outbox_metrics_open(yw_config_str(cfg, "metrics_dir", NULL)) != 0)
		yw_log_error("metrics: cannot map the outbox counters");
	yw_log_info("pushd %s: push %s, SMS %s, WeChat %s, provincial platform %s; batch %ld, %ld "
	            "at once",
	    d.worker, d.push_url ? "on" : "off", d.sms_url ? "on" : "off",
	    d.wechat_template ? "on" : "off", d.upstream_url ? "on" : "off", d.batch,
	    d.concurrency);
	{
		double most = (double)retry_window_ms(&d) / 1000.0;
		yw_log_info(
		    "retries: max_attempts %ld, retry_base_ms %ld, retry_cap_ms %ld: a message "
		    "is retried for %.0f to %.0f s (%.2f to %.2f days, %.2f on average), then "
		    "dead-lettered",
		    d.max_attempts, d.retry_base_ms, d.retry_cap_ms, most / 2, most,
		    most / 2 / 86400, most / 86400, most * 3 / 4 / 86400);
	}
	while (!stopping) {
		size_t n;
		/* Leases of a pushd that died are given back every few seconds. */
		if (yw_mono_us() - released_us > 2000000) {
			yw_arg now = yw_str(yw_now_db(&a));
			if (yw_db_exec(d.db, &a, SQL_RELEASE_EXPIRED, &now, 1, NULL) == YW_OK &&
			    yw_db_affected(d.db) > 0)
				yw_log_info("took back %llu outbox row(s) whose lease ran out",
				    yw_db_affected(d.db));
			released_us = yw_mono_us();
		}
		/* The backlog for /metrics: an index range over the undelivered rows, so not in
		 * every round (a scrape every 15-60 s sees it at most 10 s old). */
		if (yw_mono_us() - measured_us > 10000000) {
			measure_backlog(&d, &a);
			measured_us = yw_mono_us();
		}
		n = round_once(&d, multi, &a);
		yw_arena_reset(&a);
		if (n == 0 && !stopping) {
			struct timespec ts = { d.poll_ms / 1000, (d.poll_ms % 1000) * 1000000L };
			nanosleep(&ts, NULL);
		}
	}
	yw_log_info("stopped");
	yw_arena_free(&a);
	yw_db_free(d.db);
	yw_db_free(d.side);
	while (d.pooled > 0)
		curl_easy_cleanup(d.pool[--d.pooled]);
	curl_multi_cleanup(multi);
	yw_config_free(cfg);
	return 0;
}
