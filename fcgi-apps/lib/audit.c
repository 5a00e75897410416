/*
 * audit.c: the hash-chained audit trail (see audit.h).
 */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "crypto.h"

static const char SQL_HEAD_LOCK[] = "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";
static const char SQL_INSERT[] =
    "INSERT INTO audit_log (seq, at, actor, action, application_id, detail, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_HEAD_SET[] = "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1";
static const char SQL_BATCH[] =
    "SELECT seq, at, actor, action, application_id, detail, prev_hash, hash FROM audit_log "
    "WHERE seq > ? ORDER BY seq LIMIT 1000";
static const char SQL_HEAD[] = "SELECT seq, hash FROM audit_head WHERE id = 1";

static const char ZERO_HASH[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void
field(EVP_MD_CTX *md, const char *s)
{
	char len[24];
	size_t n = s ? strlen(s) : 0;
	int k = snprintf(len, sizeof(len), "%zu:", n);

	EVP_DigestUpdate(md, len, (size_t)k);
	if (n > 0)
		EVP_DigestUpdate(md, s, n);
	EVP_DigestUpdate(md, "\n", 1);
}

void
yw_audit_hash(const char *seq, const char *at, const char *actor, const char *action,
    const char *application_id, const char *detail, const char *prev_hash, char out[65])
{
	static const char tag[] = "yiwang-audit-v1\n";
	unsigned char digest[32];
	unsigned int n = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md == NULL)
		abort();
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	EVP_DigestUpdate(md, tag, sizeof(tag) - 1);
	field(md, seq);
	field(md, at);
	field(md, actor);
	field(md, action);
	field(md, application_id);
	field(md, detail);
	field(md, prev_hash);
	EVP_DigestFinal_ex(md, digest, &n);
	EVP_MD_CTX_free(md);
	yw_hex(digest, 32, out);
}

yw_err
yw_audit_append(yw_db *db, yw_arena *a, const char *at, const char *actor, const char *action,
    long long application_id, const char *detail)
{
	yw_rows head;
	yw_err err;
	char seq[24], app[24], hash[65];
	long long next;

	if ((err = yw_db_exec(db, a, SQL_HEAD_LOCK, NULL, 0, &head)) != YW_OK)
		return err;
	if (head.nrows != 1)
		return YW_E_INTERNAL;
	next = atoll(YW_CELL(&head, 0, 0)) + 1;
	snprintf(seq, sizeof(seq), "%lld", next);
	app[0] = '\0';
	if (application_id > 0)
		snprintf(app, sizeof(app), "%lld", application_id);
	/* `at` is a DATETIME(6) parameter in the canonical "YYYY-MM-DD HH:MM:SS.ffffff" form,
	 * which is what the database returns for it: the hash covers the stored text. */
	yw_audit_hash(seq, at, actor, action, app, detail, YW_CELL(&head, 0, 1), hash);
	yw_arg row[] = { YW_INT(next), yw_str(at), yw_str(actor), yw_str(action),
		application_id > 0 ? YW_INT(application_id) : YW_NULLARG, yw_str(detail),
		yw_str(YW_CELL(&head, 0, 1)), yw_str(hash) };
	if ((err = yw_db_exec(db, a, SQL_INSERT, row, 8, NULL)) != YW_OK)
		return err;
	yw_arg set[] = { YW_INT(next), yw_str(hash) };
	return yw_db_exec(db, a, SQL_HEAD_SET, set, 2, NULL);
}

static json_t *
id_or_null(long long id)
{
	char buf[24];

	if (id == 0)
		return json_null();
	snprintf(buf, sizeof(buf), "%lld", id);
	return json_string(buf);
}

/* Compact, keys sorted: the canonical text the hash covers. */
static const char *
canonical(yw_arena *a, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	const char *out;

	if (s == NULL)
		abort();
	out = yw_arena_strdup(a, s);
	free(s);
	return out;
}

yw_err
yw_audit_append_staff(yw_db *db, yw_arena *a, const char *at, const char *role, long long staff_id,
    long long dept_id, long long on_behalf_of, const char *action, long long application_id,
    json_t *detail)
{
	json_t *actor = json_object();
	const char *as, *ds;

	json_object_set_new(actor, "role", json_string(role));
	json_object_set_new(actor, "staff_id", id_or_null(staff_id));
	json_object_set_new(actor, "dept_id", id_or_null(dept_id));
	json_object_set_new(actor, "on_behalf_of", id_or_null(on_behalf_of));
	if (detail == NULL)
		detail = json_object();
	as = canonical(a, actor);
	ds = canonical(a, detail);
	json_decref(actor);
	json_decref(detail);
	return yw_audit_append(db, a, at, as, action, application_id, ds);
}

yw_err
yw_audit_verify(yw_db *db, yw_arena *a, yw_audit_check *out)
{
	char prev[65], hash[65];
	long long last = 0, head_seq;
	yw_rows rows, head;
	yw_arena batch; /* one batch at a time: the trail may be millions of entries */
	yw_err err = YW_OK;

	memset(out, 0, sizeof(*out));
	/* The head first: entries appended while we walk (each commits with the head) are past
	 * it and not looked at, so an append in between is never taken for tampering. */
	if ((err = yw_db_exec(db, a, SQL_HEAD, NULL, 0, &head)) != YW_OK)
		return err;
	if (head.nrows != 1)
		return YW_E_INTERNAL;
	head_seq = atoll(YW_CELL(&head, 0, 0));
	yw_arena_init(&batch);
	memcpy(prev, ZERO_HASH, sizeof(prev));
	out->ok = 1;
	while (last < head_seq) {
		yw_arg after = YW_INT(last);
		yw_arena_reset(&batch);
		if ((err = yw_db_exec(db, &batch, SQL_BATCH, &after, 1, &rows)) != YW_OK)
			break;
		for (size_t i = 0; i < rows.nrows && last < head_seq; i++) {
			long long seq = atoll(YW_CELL(&rows, i, 0));
			const char *app = YW_CELL(&rows, i, 4) ? YW_CELL(&rows, i, 4) : "";
			out->entries++;
			yw_audit_hash(YW_CELL(&rows, i, 0), YW_CELL(&rows, i, 1),
			    YW_CELL(&rows, i, 2), YW_CELL(&rows, i, 3), app, YW_CELL(&rows, i, 5),
			    YW_CELL(&rows, i, 6), hash);
			if (seq != last + 1 || strcmp(YW_CELL(&rows, i, 6), prev) != 0 ||
			    strcmp(YW_CELL(&rows, i, 7), hash) != 0) {
				out->ok = 0;
				out->first_bad_seq = seq != last + 1 ? last + 1 : seq;
				yw_arena_free(&batch);
				return YW_OK;
			}
			memcpy(prev, hash, sizeof(prev));
			last = seq;
		}
		if (rows.nrows < 1000)
			break;
	}
	yw_arena_free(&batch);
	if (err != YW_OK)
		return err;
	/* The head names the last entry: entries removed from the end are found here. */
	if (last != head_seq || strcmp(YW_CELL(&head, 0, 1), prev) != 0) {
		out->ok = 0;
		out->first_bad_seq = last + 1;
	}
	return YW_OK;
}
