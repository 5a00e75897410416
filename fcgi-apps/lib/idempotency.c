/*
 * idempotency.c: claiming, storing and replaying Idempotency-Keys (see idempotency.h).
 */
#include "idempotency.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "crypto.h"

static const char SQL_IDEM_CLAIM[] =
    "INSERT INTO idempotency_keys (citizen_id, idem_key, request_hash, status, response, "
    "created_at) VALUES (?, ?, ?, 0, '', ?)";
static const char SQL_IDEM_GET[] = "SELECT request_hash, status, response FROM idempotency_keys "
                                   "WHERE citizen_id = ? AND idem_key = ?";
static const char SQL_IDEM_STORE[] =
    "UPDATE idempotency_keys SET status = ?, response = ? WHERE citizen_id = ? AND idem_key = ?";
static const char SQL_IDEM_PURGE[] = "DELETE FROM idempotency_keys WHERE created_at < ? LIMIT 500";

int
yw_idem_key_valid(const char *key)
{
	size_t n = 0;

	if (key == NULL)
		return 0;
	for (; key[n]; n++)
		if (key[n] <= ' ' || key[n] > '~' || n >= 64)
			return 0;
	return n > 0;
}

void
yw_idem_hash(const yw_req *r, unsigned char out[32])
{
	size_t ml = strlen(r->method), pl = strlen(r->path), bl = r->body_len;
	unsigned char *buf;
	yw_arena *a = (yw_arena *)&r->arena;
	const char *body = r->body;
	char *canon = NULL;

	/* A JSON body by its content, not its bytes: the same object with its keys in another
	 * order or other white space (another client library's retry) is the same request. */
	if (r->json != NULL &&
	    (canon = json_dumps(r->json, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY)) != NULL) {
		body = canon;
		bl = strlen(canon);
	}
	buf = yw_arena_alloc(a, ml + pl + bl + 2);
	memcpy(buf, r->method, ml);
	buf[ml] = ' ';
	memcpy(buf + ml + 1, r->path, pl);
	buf[ml + 1 + pl] = '\n';
	if (bl)
		memcpy(buf + ml + pl + 2, body, bl);
	yw_sha256(buf, ml + pl + 2 + bl, out);
	free(canon);
}

yw_err
yw_idem_lookup(yw_db *db, yw_arena *a, long long citizen, const char *key,
    const unsigned char hash[32], yw_idem *out)
{
	yw_rows rows;
	yw_err err;
	yw_arg get[] = { YW_INT(citizen), yw_str(key) };

	memset(out, 0, sizeof(*out));
	if ((err = yw_db_exec(db, a, SQL_IDEM_GET, get, 2, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0 || atoi(YW_CELL(&rows, 0, 1)) == 0)
		return YW_OK;
	if (YW_CELL_LEN(&rows, 0, 0) != 32 || !yw_ct_equal(YW_CELL(&rows, 0, 0), hash, 32))
		return YW_E_IDEMPOTENCY_KEY_REUSED;
	out->replay = 1;
	out->status = atoi(YW_CELL(&rows, 0, 1));
	out->response = YW_CELL(&rows, 0, 2);
	return YW_OK;
}

yw_err
yw_idem_claim(yw_db *db, yw_arena *a, long long citizen, const char *key,
    const unsigned char hash[32], yw_idem *out)
{
	char now[32];
	yw_rows rows;
	yw_err err;

	memset(out, 0, sizeof(*out));
	yw_time_format_db(yw_now_us(), now, sizeof(now));
	yw_arg ins[] = { YW_INT(citizen), yw_str(key), YW_BLOB(hash, 32), yw_str(now) };
	/* Waits here while another request holds the key, until it commits or rolls back. */
	err = yw_db_exec(db, a, SQL_IDEM_CLAIM, ins, 4, NULL);
	if (err != YW_E_CONFLICT)
		return err;
	yw_arg get[] = { YW_INT(citizen), yw_str(key) };
	if ((err = yw_db_exec(db, a, SQL_IDEM_GET, get, 2, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_E_CONFLICT; /* purged in between: the client may simply retry */
	if (YW_CELL_LEN(&rows, 0, 0) != 32 || !yw_ct_equal(YW_CELL(&rows, 0, 0), hash, 32))
		return YW_E_IDEMPOTENCY_KEY_REUSED;
	out->replay = 1;
	out->status = atoi(YW_CELL(&rows, 0, 1));
	out->response = YW_CELL(&rows, 0, 2);
	return YW_OK;
}

yw_err
yw_idem_store(
    yw_db *db, yw_arena *a, long long citizen, const char *key, int status, const char *response)
{
	yw_arg args[] = { YW_INT(status), yw_str(response), YW_INT(citizen), yw_str(key) };

	return yw_db_exec(db, a, SQL_IDEM_STORE, args, 4, NULL);
}

void
yw_idem_replay(yw_req *r, const yw_idem *idem)
{
	json_t *j;
	json_error_t je;

	/* As the first answer was: never cached (it is one citizen's), with its ETag. */
	yw_reply_header(r, "Idempotent-Replayed", "true");
	yw_reply_header(r, "Cache-Control", "no-store");
	j = json_loads(idem->response, 0, &je);
	if (j != NULL && json_is_integer(json_object_get(j, "version")))
		yw_reply_header(r, "ETag",
		    yw_arena_printf(&r->arena, "\"%lld\"",
		        (long long)json_integer_value(json_object_get(j, "version"))));
	json_decref(j);
	yw_reply_raw(r, idem->status, "application/json; charset=utf-8", idem->response,
	    strlen(idem->response));
}

yw_err
yw_idem_purge(yw_db *db, yw_arena *a)
{
	char cutoff[32];

	yw_time_format_db(yw_now_us() - 48LL * 3600 * 1000000, cutoff, sizeof(cutoff));
	yw_arg arg = yw_str(cutoff);
	return yw_db_exec(db, a, SQL_IDEM_PURGE, &arg, 1, NULL);
}
