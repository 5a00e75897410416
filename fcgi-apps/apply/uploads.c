/*
 * uploads.c: the materials citizens upload (API.md section 4), two ways: tus 1.0.0
 * resumable uploads (creation, termination, expiration, checksum with sha1) for the app,
 * and one-shot multipart/form-data uploads for wx.uploadFile.
 *
 * Storage: <upload_dir>/<id>.part while bytes arrive, renamed to <id> once complete and
 * checked. The database row is the truth; a file without a row is garbage (a crash
 * between a commit and an unlink), never the other way round:
 *  - a PATCH locks the row (SELECT ... FOR UPDATE), cuts the file back to the stored
 *    offset (a crash may have left bytes the row does not count), appends, fsyncs, and only
 *    then moves the offset in the same transaction, so a retry after a lost answer resumes
 *    exactly where the server says;
 *  - a complete upload is checked on content (PDF, JPEG, PNG magic bytes; the file name
 *    and the client's filetype count for nothing), hashed (SHA-256), fsynced and renamed
 *    into place, its directory fsynced, before the row says complete;
 *  - a file shorter than its row's offset (lost by the file system) sets the offset back
 *    to 0 and answers 409, so a tus client asks HEAD and starts over rather than store
 *    a hole.
 * Uploads belong to one citizen: anyone else's id is 404, as an unknown one is. Ids are
 * 128 random bits. Incomplete uploads expire 24 h after creation; each worker sweeps
 * expired ones (row, then file) at most once a minute, 100 at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"

#include "../domain/utf8.h"
#include "../lib/clock.h"
#include "../lib/crypto.h"
#include "../lib/db.h"
#include "../lib/log.h"
#include "../lib/multipart.h"
#include "../lib/tus.h"

static const char SQL_UPLOAD_INSERT[] =
    "INSERT INTO uploads (id, citizen_id, filename, filetype, upload_length, upload_offset, "
    "sha256, detected_type, complete, created_at, updated_at, expires_at, upload_metadata) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* Someone else's upload and an expired incomplete one are not there. */
#define UPLOAD_COLUMNS                                                                         \
	"SELECT id, filename, upload_length, upload_offset, sha256, detected_type, complete, " \
	"expires_at, upload_metadata FROM uploads "                                            \
	"WHERE id = ? AND citizen_id = ? AND (complete = 1 OR expires_at > ?)"
static const char SQL_UPLOAD_GET[] = UPLOAD_COLUMNS;
static const char SQL_UPLOAD_LOCK[] = UPLOAD_COLUMNS " FOR UPDATE";
static const char SQL_UPLOAD_SHARE[] = UPLOAD_COLUMNS " LOCK IN SHARE MODE";
static const char SQL_UPLOAD_OFFSET[] =
    "UPDATE uploads SET upload_offset = ?, updated_at = ? WHERE id = ?";
static const char SQL_UPLOAD_COMPLETE[] =
    "UPDATE uploads SET upload_offset = ?, complete = 1, sha256 = ?, detected_type = ?, "
    "updated_at = ?, expires_at = ? WHERE id = ?";
static const char SQL_UPLOAD_ATTACHED[] =
    "SELECT 1 FROM application_materials WHERE upload_id = ? LIMIT 1 LOCK IN SHARE MODE";
static const char SQL_UPLOAD_DELETE[] = "DELETE FROM uploads WHERE id = ?";
/* An incomplete upload expires a day after its creation; a complete one that no application
 * uses, KEEP_UNATTACHED_US after its completion; an attached one never. */
static const char SQL_UPLOAD_EXPIRED[] =
    "SELECT id FROM uploads u WHERE complete IN (0, 1) AND expires_at < ? AND NOT EXISTS "
    "(SELECT 1 FROM application_materials m WHERE m.upload_id = u.id) "
    "ORDER BY expires_at LIMIT 100 FOR UPDATE SKIP LOCKED";
/* What a citizen keeps that no application uses yet: the quota's count and bytes. */
static const char SQL_UPLOAD_QUOTA[] =
    "SELECT COUNT(*), COALESCE(SUM(u.upload_length), 0) FROM uploads u WHERE u.citizen_id = ? "
    "AND u.expires_at > ? AND NOT EXISTS "
    "(SELECT 1 FROM application_materials m WHERE m.upload_id = u.id)";

/* Columns of UPLOAD_COLUMNS. */
enum { C_ID, C_FILENAME, C_LENGTH, C_OFFSET, C_SHA256, C_TYPE, C_COMPLETE, C_EXPIRES, C_METADATA };

#define ID_LEN 32
#define EXPIRY_US (24LL * 3600 * 1000000)
#define KEEP_UNATTACHED_US (30LL * 24 * 3600 * 1000000)
/* Per citizen, of uploads no application uses yet: enough for any application's materials
 * several times over, and a bound on the disk one account can take. */
#define QUOTA_UPLOADS 100
#define QUOTA_BYTES (1024LL * 1024 * 1024)
#define SWEEP_EVERY_US (60LL * 1000000)
#define MAX_FILENAME_CHARS 255
#define MAX_FILETYPE_CHARS 100
#define MAX_METADATA_BYTES 65535 /* the TEXT column; nginx passes far less by default */
#define HASH_CHUNK (256 * 1024)
#define TUS_EXTENSIONS "creation,termination,expiration,checksum"

static char upload_dir[PATH_MAX - 64];
static long long max_bytes;
static int64_t last_sweep_us = -1;

/* --- small pieces ------------------------------------------------------------------ */

static int
valid_id(const char *id)
{
	if (id == NULL || strlen(id) != ID_LEN)
		return 0;
	for (size_t i = 0; i < ID_LEN; i++)
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
			return 0;
	return 1;
}

static void
path_of(char *buf, size_t len, const char *id, int part)
{
	snprintf(buf, len, "%s/%s%s", upload_dir, id, part ? ".part" : "");
}

static const char *
db_time(yw_req *r, int64_t us)
{
	char buf[32];

	yw_time_format_db(us, buf, sizeof(buf));
	return yw_arena_strdup(&r->arena, buf);
}

/* An HTTP date (RFC 7231 IMF-fixdate), without the locale strftime would consult. */
static const char *
http_date(yw_req *r, int64_t us)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
		"Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)(us / 1000000);
	struct tm tm;

	gmtime_r(&t, &tm);
	return yw_arena_printf(&r->arena, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *
num(yw_req *r, long long v)
{
	return yw_arena_printf(&r->arena, "%lld", v);
}

/* The one place an errno becomes an error kind: a full disk is 503, anything else a bug. */
static yw_err
io_err(const char *what, const char *id, int e)
{
	yw_log_error("upload %s: %s: %s", id, what, strerror(e));
	if (e == ENOSPC || e == EDQUOT)
		return YW_E_UNAVAILABLE;
	return YW_E_INTERNAL;
}

static int
sync_dir(void)
{
	int fd = open(upload_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
write_all(int fd, const char *p, size_t n, off_t at)
{
	while (n > 0) {
		ssize_t w = pwrite(fd, p, n, at);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
		at += w;
	}
	return 0;
}

/* Removes both names of an upload's file; a missing one is fine. */
static void
unlink_files(const char *id)
{
	char path[PATH_MAX];

	path_of(path, sizeof(path), id, 1);
	if (unlink(path) != 0 && errno != ENOENT)
		yw_log_error("upload %s: unlink: %s", id, strerror(errno));
	path_of(path, sizeof(path), id, 0);
	if (unlink(path) != 0 && errno != ENOENT)
		yw_log_error("upload %s: unlink: %s", id, strerror(errno));
}

/* --- content checks ---------------------------------------------------------------- */

static const struct {
	const char *type;
	const char *magic;
	size_t len;
} magics[] = {
	{ "pdf", "%PDF-", 5 },
	{ "jpg", "\xff\xd8\xff", 3 },
	{ "png", "\x89PNG\r\n\x1a\n", 8 },
};

/* The type of complete content by its first bytes, or NULL. */
static const char *
magic_type(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n >= magics[i].len && memcmp(p, magics[i].magic, magics[i].len) == 0)
			return magics[i].type;
	return NULL;
}

/* Can content starting with these n bytes still turn out to be of a supported type? */
static int
magic_possible(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		size_t m = n < magics[i].len ? n : magics[i].len;
		if (memcmp(p, magics[i].magic, m) == 0)
			return 1;
	}
	return 0;
}

/*
 * The last path segment of a client's file name s[0..*n) ("C:\x\a.pdf", "wxfile://tmp_a.jpg",
 * "dir/a.pdf"), for tus and multipart alike; *n becomes its length. A suffix of s.
 */
static const char *
base_name(const char *s, size_t *n)
{
	const char *b = s;

	for (size_t i = 0; i < *n; i++)
		if (s[i] == '/' || s[i] == '\\')
			b = s + i + 1;
	*n -= (size_t)(b - s);
	return b;
}

/* NULL when s[0..n) is an acceptable file name (a base name), else the field error code. */
static const char *
filename_problem(const char *s, size_t n)
{
	if (n == 0)
		return "required";
	if (!yw_utf8_valid(s, n))
		return "invalid";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '/')
			return "invalid";
	if (yw_utf8_chars(s, n) > MAX_FILENAME_CHARS)
		return "too_long";
	return NULL;
}

static const char *
filetype_problem(const char *s, size_t n)
{
	if (!yw_utf8_valid(s, n))
		return "invalid";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "invalid";
	if (yw_utf8_chars(s, n) > MAX_FILETYPE_CHARS)
		return "too_long";
	return NULL;
}

static int
sha1_of(const void *p, size_t n, unsigned char out[20])
{
	unsigned int len = 0;

	return EVP_Digest(p, n, out, &len, EVP_sha1(), NULL) == 1 && len == 20 ? 0 : -1;
}

/*
 * Reads a complete file once: its first bytes (for the magic check) and its SHA-256 in
 * hex. The file is exactly len bytes long (the caller truncated and wrote it).
 */
static yw_err
hash_file(yw_req *r, int fd, const char *id, int64_t len, unsigned char head[8], size_t *headn,
    char hex[65])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *buf = yw_arena_alloc(&r->arena, HASH_CHUNK), md[32];
	unsigned int mdlen = 0;
	int64_t at = 0;
	yw_err err = YW_OK;

	*headn = 0;
	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		yw_log_error("upload %s: SHA-256 unavailable", id);
		return YW_E_INTERNAL;
	}
	while (at < len) {
		size_t want = len - at < HASH_CHUNK ? (size_t)(len - at) : HASH_CHUNK;
		ssize_t got = pread(fd, buf, want, (off_t)at);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			err = io_err("read", id, got < 0 ? errno : EIO);
			break;
		}
		if (at == 0) {
			*headn = (size_t)got < 8 ? (size_t)got : 8;
			memcpy(head, buf, *headn);
		}
		EVP_DigestUpdate(ctx, buf, (size_t)got);
		at += got;
	}
	if (err == YW_OK && (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32)) {
		yw_log_error("upload %s: SHA-256 failed", id);
		err = YW_E_INTERNAL;
	}
	EVP_MD_CTX_free(ctx);
	if (err == YW_OK)
		yw_hex(md, 32, hex);
	return err;
}

/* --- the tus protocol frame -------------------------------------------------------- */

/*
 * Every tus answer carries Tus-Resumable; a request that does not speak 1.0.0 is 412
 * with the versions we do (tus 1.0.0, "Tus-Resumable").
 */
static yw_err
tus_check(yw_req *r)
{
	const char *v = yw_req_env(r, "HTTP_TUS_RESUMABLE");

	yw_reply_header(r, "Tus-Resumable", YW_TUS_VERSION);
	if (v == NULL || strcmp(v, YW_TUS_VERSION) != 0) {
		yw_reply_header(r, "Tus-Version", YW_TUS_VERSION);
		return YW_E_TUS_VERSION;
	}
	return YW_OK;
}

/* Deletes expired incomplete uploads: at most once a minute per worker, 100 at a time. */
struct sweep_tx {
	yw_req *r;
	yw_rows rows;
};

static yw_err
sweep_tx(void *ctx)
{
	struct sweep_tx *t = ctx;
	yw_req *r = t->r;
	yw_arg now = yw_str(db_time(r, yw_now_us()));
	yw_err err;

	t->rows.nrows = 0;
	if ((err = yw_db_exec(r->db, &r->arena, SQL_UPLOAD_EXPIRED, &now, 1, &t->rows)) != YW_OK)
		return err;
	for (size_t i = 0; i < t->rows.nrows; i++) {
		yw_arg id = yw_str(YW_CELL(&t->rows, i, 0));
		if ((err = yw_db_exec(r->db, &r->arena, SQL_UPLOAD_DELETE, &id, 1, NULL)) != YW_OK)
			return err;
	}
	return YW_OK;
}

static void
sweep_expired(yw_req *r)
{
	struct sweep_tx t = { r, { 0, 0, NULL, NULL } };
	int64_t now = yw_mono_us();

	if (last_sweep_us >= 0 && now - last_sweep_us < SWEEP_EVERY_US)
		return;
	last_sweep_us = now;
	if (yw_db_tx(r->db, sweep_tx, &t) != YW_OK) {
		yw_log_error("expired uploads: sweep failed, next try in a minute");
		return;
	}
	for (size_t i = 0; i < t.rows.nrows; i++)
		unlink_files(YW_CELL(&t.rows, i, 0));
	if (t.rows.nrows > 0)
		yw_log_info("expired uploads: %zu removed", t.rows.nrows);
}

/* --- rows and answers -------------------------------------------------------------- */

typedef struct {
	const char *id, *filename, *sha256, *detected_type;
	const char *metadata; /* Upload-Metadata as sent at creation (tus), or NULL */
	int64_t length, offset, expires_us;
	int complete;
} upload_row;

/* Reads the caller's upload with sql (one of the UPLOAD_COLUMNS statements). */
static yw_err
load_row(yw_req *r, const char *sql, const char *id, upload_row *u)
{
	yw_rows rows;
	yw_err err;

	if (!valid_id(id))
		return YW_E_NOT_FOUND;
	yw_arg a[] = { yw_str(id), YW_INT(r->who.id), yw_str(db_time(r, yw_now_us())) };
	if ((err = yw_db_exec(r->db, &r->arena, sql, a, 3, &rows)) != YW_OK)
		return err;
	if (rows.nrows == 0)
		return YW_E_NOT_FOUND;
	u->id = YW_CELL(&rows, 0, C_ID);
	u->filename = YW_CELL(&rows, 0, C_FILENAME);
	u->length = strtoll(YW_CELL(&rows, 0, C_LENGTH), NULL, 10);
	u->offset = strtoll(YW_CELL(&rows, 0, C_OFFSET), NULL, 10);
	u->sha256 = YW_CELL(&rows, 0, C_SHA256);
	u->detected_type = YW_CELL(&rows, 0, C_TYPE);
	u->complete = strcmp(YW_CELL(&rows, 0, C_COMPLETE), "1") == 0;
	u->metadata = YW_CELL(&rows, 0, C_METADATA);
	if (yw_time_parse_db(YW_CELL(&rows, 0, C_EXPIRES), &u->expires_us) != 0)
		u->expires_us = 0;
	return YW_OK;
}

/* The Upload object of the API (api-spec/openapi.yaml). */
static json_t *
upload_json(const upload_row *u)
{
	char expires[40];

	if (!u->complete)
		yw_time_format_rfc3339(u->expires_us, expires, sizeof(expires));
	return json_pack("{s:s, s:s, s:I, s:I, s:b, s:s?, s:s?, s:s?}", "upload_id", u->id,
	    "filename", u->filename, "bytes", (json_int_t)u->length, "offset",
	    (json_int_t)u->offset, "complete", u->complete, "sha256", u->sha256, "detected_type",
	    u->detected_type, "expires_at", u->complete ? NULL : expires);
}

/* --- OPTIONS, POST: discovery and creation ----------------------------------------- */

yw_err
upload_options(yw_req *r)
{
	yw_reply_header(r, "Tus-Resumable", YW_TUS_VERSION);
	yw_reply_header(r, "Tus-Version", YW_TUS_VERSION);
	yw_reply_header(r, "Tus-Extension", TUS_EXTENSIONS);
	yw_reply_header(r, "Tus-Max-Size", num(r, max_bytes));
	yw_reply_header(r, "Tus-Checksum-Algorithm", "sha1");
	yw_reply(r, 204, NULL);
	return YW_OK;
}

/* A new, empty <id>.part, durable with its directory entry before the row exists. */
static yw_err
create_part_file(const char *id)
{
	char path[PATH_MAX];
	int fd;

	path_of(path, sizeof(path), id, 1);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return io_err("create", id, errno);
	if (fsync(fd) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		return io_err("fsync", id, e);
	}
	close(fd);
	if (sync_dir() != 0) {
		int e = errno;
		unlink(path);
		return io_err("fsync directory", id, e);
	}
	return YW_OK;
}

static void
new_id(char out[ID_LEN + 1])
{
	unsigned char raw[ID_LEN / 2];

	yw_random_bytes(raw, sizeof(raw));
	yw_hex(raw, sizeof(raw), out);
}

/* Locks the citizen's row: one upload insert of a citizen at a time, so that the quota holds
 * under parallel requests. */
static const char SQL_QUOTA_LOCK[] = "SELECT id FROM citizens WHERE id = ? FOR UPDATE";

struct quota_insert_tx {
	yw_req *r;
	yw_arg *row; /* SQL_UPLOAD_INSERT's 13 arguments */
	int64_t length;
};

/* The quota's check and the upload's row in one transaction. */
static yw_err
quota_insert_tx(void *ctx)
{
	struct quota_insert_tx *t = ctx;
	yw_req *r = t->r;
	yw_rows rows;
	yw_err err;
	yw_arg me = YW_INT(r->who.id);
	yw_arg a[] = { YW_INT(r->who.id), yw_str(db_time(r, yw_now_us())) };

	if ((err = yw_db_exec(r->db, &r->arena, SQL_QUOTA_LOCK, &me, 1, NULL)) != YW_OK ||
	    (err = yw_db_exec(r->db, &r->arena, SQL_UPLOAD_QUOTA, a, 2, &rows)) != YW_OK)
		return err;
	if (atoll(YW_CELL(&rows, 0, 0)) >= QUOTA_UPLOADS ||
	    atoll(YW_CELL(&rows, 0, 1)) + t->length > QUOTA_BYTES)
		return YW_E_RATE_LIMITED;
	return yw_db_exec(r->db, &r->arena, SQL_UPLOAD_INSERT, t->row, 13, NULL);
}

/* Stores the upload's row if the citizen's quota has room for `length` more bytes (429 when
 * not: the room comes back as uploads are attached, deleted or expire). */
static yw_err
insert_within_quota(yw_req *r, yw_arg *row, int64_t length)
{
	struct quota_insert_tx t = { r, row, length };
	yw_err err = yw_db_tx(r->db, quota_insert_tx, &t);

	if (err == YW_E_RATE_LIMITED)
		yw_reply_header(r, "Retry-After", "3600");
	return err;
}

yw_err
upload_create(yw_req *r)
{
	const char *hl = yw_req_env(r, "HTTP_UPLOAD_LENGTH"), *problem, *filename = NULL;
	const char *hm = yw_req_env(r, "HTTP_UPLOAD_METADATA");
	const yw_tus_meta *fn, *ft;
	yw_tus_meta *meta;
	size_t nmeta, namelen;
	int64_t length, now = yw_now_us();
	upload_row u;
	char id[ID_LEN + 1];
	yw_err err;

	if ((err = tus_check(r)) != YW_OK)
		return err;
	sweep_expired(r);
	/* Neither creation-with-upload nor creation-defer-length is offered. */
	if (r->body_len > 0 || hl == NULL || yw_tus_parse_uint(hl, &length) != YW_OK)
		return YW_E_BAD_REQUEST;
	if (yw_tus_parse_metadata(&r->arena, hm, &meta, &nmeta) != YW_OK ||
	    (hm != NULL && strlen(hm) > MAX_METADATA_BYTES))
		return YW_E_BAD_REQUEST;
	if (length > max_bytes)
		return YW_E_PAYLOAD_TOO_LARGE;
	fn = yw_tus_meta_get(meta, nmeta, "filename");
	if (fn == NULL || fn->value == NULL) {
		yw_field_error(r, "filename", "required");
	} else {
		/* A directory in the name is dropped, as for multipart ("dir/a.pdf" is "a.pdf"). */
		namelen = fn->value_len;
		filename = base_name(fn->value, &namelen);
		if ((problem = filename_problem(filename, namelen)) != NULL)
			yw_field_error(r, "filename", problem);
	}
	ft = yw_tus_meta_get(meta, nmeta, "filetype");
	if (ft != NULL && ft->value != NULL &&
	    (problem = filetype_problem(ft->value, ft->value_len)) != NULL)
		yw_field_error(r, "filetype", problem);
	if (yw_field_error_count(r) > 0)
		return YW_E_VALIDATION;
	/* Nothing can be of a supported type in zero bytes. */
	if (length == 0)
		return YW_E_UNSUPPORTED_MEDIA_TYPE;

	new_id(id);
	if ((err = create_part_file(id)) != YW_OK)
		return err;
	/* The header verbatim: HEAD must send it back as the client specified it (tus 1.0.0). */
	yw_arg a[] = { yw_str(id), YW_INT(r->who.id), yw_str(filename),
		ft ? yw_str(ft->value) : YW_NULLARG, YW_INT(length), YW_INT(0), YW_NULLARG,
		YW_NULLARG, YW_INT(0), yw_str(db_time(r, now)), yw_str(db_time(r, now)),
		yw_str(db_time(r, now + EXPIRY_US)), yw_str(hm) };
	if ((err = insert_within_quota(r, a, length)) != YW_OK) {
		unlink_files(id);
		return err;
	}
	memset(&u, 0, sizeof(u));
	u.id = id;
	u.filename = filename;
	u.length = length;
	u.expires_us = now + EXPIRY_US;
	yw_reply_header(r, "Location", yw_arena_printf(&r->arena, "/api/v1/uploads/%s", id));
	yw_reply_header(r, "Upload-Offset", "0");
	yw_reply_header(r, "Upload-Expires", http_date(r, u.expires_us));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 201, upload_json(&u));
	return YW_OK;
}

/* --- HEAD, GET ----------------------------------------------------------------------- */

yw_err
upload_head(yw_req *r)
{
	upload_row u;
	yw_err err;

	if ((err = tus_check(r)) != YW_OK)
		return err;
	sweep_expired(r);
	if ((err = load_row(r, SQL_UPLOAD_GET, yw_req_param(r, "id"), &u)) != YW_OK)
		return err;
	yw_reply_header(r, "Upload-Offset", num(r, u.offset));
	yw_reply_header(r, "Upload-Length", num(r, u.length));
	if (u.metadata != NULL && u.metadata[0] != '\0')
		yw_reply_header(r, "Upload-Metadata", u.metadata);
	if (!u.complete)
		yw_reply_header(r, "Upload-Expires", http_date(r, u.expires_us));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, NULL);
	return YW_OK;
}

yw_err
upload_get(yw_req *r)
{
	upload_row u;
	yw_err err;

	sweep_expired(r);
	if ((err = load_row(r, SQL_UPLOAD_GET, yw_req_param(r, "id"), &u)) != YW_OK)
		return err;
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 200, upload_json(&u));
	return YW_OK;
}

/* --- PATCH: appending bytes ---------------------------------------------------------- */

struct patch_tx {
	yw_req *r;
	const char *id;
	int64_t client_offset;
	const char *data;
	size_t len;
	/* results, reset on every attempt */
	upload_row u;
	yw_err answer; /* an error answer decided inside a transaction that must commit */
	int deleted; /* the row went: unlink the files after the commit */
};

/* The part file, opened for writing; recovers the name a failed commit left renamed. */
static yw_err
open_part(const char *id, int *fd)
{
	char part[PATH_MAX], done[PATH_MAX];

	path_of(part, sizeof(part), id, 1);
	path_of(done, sizeof(done), id, 0);
	*fd = open(part, O_RDWR | O_CLOEXEC);
	if (*fd < 0 && errno == ENOENT && rename(done, part) == 0)
		*fd = open(part, O_RDWR | O_CLOEXEC);
	if (*fd < 0 && errno == ENOENT)
		*fd = open(part, O_RDWR | O_CREAT | O_CLOEXEC, 0600); /* lost: checked below */
	if (*fd < 0)
		return io_err("open", id, errno);
	return YW_OK;
}

/* Completes the upload in fd: content check, hash, fsync, rename, then the row. */
static yw_err
complete_upload(struct patch_tx *t, int fd)
{
	yw_req *r = t->r;
	unsigned char head[8];
	size_t headn;
	char hex[65], part[PATH_MAX], done[PATH_MAX];
	const char *type;
	yw_err err;

	if ((err = hash_file(r, fd, t->id, t->u.length, head, &headn, hex)) != YW_OK)
		return err;
	if ((type = magic_type(head, headn)) == NULL) {
		yw_arg id = yw_str(t->id);
		if ((err = yw_db_exec(r->db, &r->arena, SQL_UPLOAD_DELETE, &id, 1, NULL)) != YW_OK)
			return err;
		t->deleted = 1;
		t->answer = YW_E_UNSUPPORTED_MEDIA_TYPE;
		return YW_OK;
	}
	path_of(part, sizeof(part), t->id, 1);
	path_of(done, sizeof(done), t->id, 0);
	if (rename(part, done) != 0)
		return io_err("rename", t->id, errno);
	if (sync_dir() != 0)
		return io_err("fsync directory", t->id, errno);
	int64_t now = yw_now_us();
	yw_arg a[] = { YW_INT(t->u.length), yw_str(hex), yw_str(type), yw_str(db_time(r, now)),
		yw_str(db_time(r, now + KEEP_UNATTACHED_US)), yw_str(t->id) };
	if ((err = yw_db_exec(r->db, &r->arena, SQL_UPLOAD_COMPLETE, a, 6, NULL)) != YW_OK)
		return err;
	t->u.offset = t->u.length;
	t->u.complete = 1;
	return YW_OK;
}

/* Sets the stored offset back to 0 after the file lost bytes; the client starts over. */
static yw_err
restart_upload(struct patch_tx *t, int fd)
{
	yw_req *r = t->r;

	yw_log_error("upload %s: the file is shorter than its offset; restarting at 0", t->id);
	if (ftruncate(fd, 0) != 0 || fsync(fd) != 0)
		return io_err("truncate", t->id, errno);
	yw_arg a[] = { YW_INT(0), yw_str(db_time(r, yw_now_us())), yw_str(t->id) };
	t->answer = YW_E_UPLOAD_OFFSET_MISMATCH;
	t->u.offset = 0;
	return yw_db_exec(r->db, &r->arena, SQL_UPLOAD_OFFSET, a, 3, NULL);
}

static yw_err
patch_tx(void *ctx)
{
	struct patch_tx *t = ctx;
	yw_req *r = t->r;
	struct stat st;
	int fd = -1;
	yw_err err;

	t->answer = YW_OK;
	t->deleted = 0;
	if ((err = load_row(r, SQL_UPLOAD_LOCK, t->id, &t->u)) != YW_OK)
		return err;
	t->id = t->u.id;
	if (t->client_offset != t->u.offset)
		return YW_E_UPLOAD_OFFSET_MISMATCH;
	if ((int64_t)t->len > t->u.length - t->u.offset)
		return YW_E_PAYLOAD_TOO_LARGE;
	if (t->u.complete)
		return YW_OK; /* an empty PATCH at the end: nothing to do */
	if (t->u.offset == 0 && t->len > 0 &&
	    !magic_possible((const unsigned char *)t->data, t->len)) {
		yw_arg id = yw_str(t->id);
		if ((err = yw_db_exec(r->db, &r->arena, SQL_UPLOAD_DELETE, &id, 1, NULL)) != YW_OK)
			return err;
		t->deleted = 1;
		t->answer = YW_E_UNSUPPORTED_MEDIA_TYPE;
		return YW_OK;
	}
	if ((err = open_part(t->id, &fd)) != YW_OK)
		return err;
	if (fstat(fd, &st) != 0) {
		err = io_err("stat", t->id, errno);
	} else if (st.st_size < t->u.offset) {
		err = restart_upload(t, fd);
	} else if (ftruncate(fd, (off_t)t->u.offset) != 0) {
		err = io_err("truncate", t->id, errno);
	} else if (write_all(fd, t->data, t->len, (off_t)t->u.offset) != 0 || fsync(fd) != 0) {
		err = io_err("write", t->id, errno);
	} else if (t->u.offset + (int64_t)t->len == t->u.length) {
		err = complete_upload(t, fd);
	} else {
		t->u.offset += (int64_t)t->len;
		yw_arg a[] = { YW_INT(t->u.offset), yw_str(db_time(r, yw_now_us())),
			yw_str(t->id) };
		err = yw_db_exec(r->db, &r->arena, SQL_UPLOAD_OFFSET, a, 3, NULL);
	}
	close(fd);
	return err;
}

/* "application/offset+octet-stream", parameters allowed. */
static int
offset_stream(const char *ct)
{
	static const char want[] = "application/offset+octet-stream";
	size_t n = sizeof(want) - 1;

	return ct != NULL && strncasecmp(ct, want, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

yw_err
upload_patch(yw_req *r)
{
	const char *ho = yw_req_env(r, "HTTP_UPLOAD_OFFSET"), *hc;
	struct patch_tx t;
	yw_err err;

	if ((err = tus_check(r)) != YW_OK)
		return err;
	sweep_expired(r);
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.id = yw_req_param(r, "id");
	t.data = r->body;
	t.len = r->body_len;
	if (!valid_id(t.id))
		return YW_E_NOT_FOUND;
	if (!offset_stream(yw_req_env(r, "CONTENT_TYPE")))
		return YW_E_UNSUPPORTED_MEDIA_TYPE;
	if (ho == NULL || yw_tus_parse_uint(ho, &t.client_offset) != YW_OK)
		return YW_E_BAD_REQUEST;
	if ((hc = yw_req_env(r, "HTTP_UPLOAD_CHECKSUM")) != NULL) {
		yw_tus_checksum ck;
		unsigned char sum[20];
		if (yw_tus_parse_checksum(hc, &ck) != YW_OK || strcmp(ck.algorithm, "sha1") != 0 ||
		    ck.digest_len != 20)
			return YW_E_BAD_REQUEST;
		if (sha1_of(t.data, t.len, sum) != 0) {
			yw_log_error("upload %s: SHA-1 unavailable", t.id);
			return YW_E_INTERNAL;
		}
		if (!yw_ct_equal(sum, ck.digest, 20))
			return YW_E_CHECKSUM_MISMATCH;
	}
	err = yw_db_tx(r->db, patch_tx, &t);
	if (err == YW_OK && t.deleted)
		unlink_files(t.id);
	if (err == YW_OK)
		err = t.answer;
	if (err == YW_E_UPLOAD_OFFSET_MISMATCH || err == YW_E_PAYLOAD_TOO_LARGE)
		yw_reply_header(r, "Upload-Offset", num(r, t.u.offset));
	if (err != YW_OK)
		return err;
	yw_reply_header(r, "Upload-Offset", num(r, t.u.offset));
	if (!t.u.complete)
		yw_reply_header(r, "Upload-Expires", http_date(r, t.u.expires_us));
	yw_reply(r, 204, NULL);
	return YW_OK;
}

/*
 * POST with X-HTTP-Method-Override, for clients that can send only GET and POST
 * (wx.request, some proxies): PATCH, DELETE or HEAD, answered exactly as that method.
 */
yw_err
upload_post_override(yw_req *r)
{
	const char *m = yw_req_env(r, "HTTP_X_HTTP_METHOD_OVERRIDE");

	if (m != NULL && strcasecmp(m, "PATCH") == 0)
		return upload_patch(r);
	if (m != NULL && strcasecmp(m, "DELETE") == 0)
		return upload_delete(r);
	if (m != NULL && strcasecmp(m, "HEAD") == 0)
		return upload_head(r);
	yw_reply_header(r, "Tus-Resumable", YW_TUS_VERSION);
	return YW_E_BAD_REQUEST;
}

/* --- DELETE: termination ------------------------------------------------------------- */

struct delete_tx {
	yw_req *r;
	const char *id;
};

static yw_err
delete_tx(void *ctx)
{
	struct delete_tx *t = ctx;
	yw_req *r = t->r;
	upload_row u;
	yw_rows rows;
	yw_err err;
	yw_arg id = yw_str(t->id);

	if ((err = load_row(r, SQL_UPLOAD_LOCK, t->id, &u)) != YW_OK)
		return err;
	/* A material of an application stays. */
	if ((err = yw_db_exec(r->db, &r->arena, SQL_UPLOAD_ATTACHED, &id, 1, &rows)) != YW_OK)
		return err;
	if (rows.nrows > 0)
		return YW_E_CONFLICT;
	return yw_db_exec(r->db, &r->arena, SQL_UPLOAD_DELETE, &id, 1, NULL);
}

yw_err
upload_delete(yw_req *r)
{
	struct delete_tx t = { r, yw_req_param(r, "id") };
	yw_err err;

	if ((err = tus_check(r)) != YW_OK)
		return err;
	sweep_expired(r);
	if (!valid_id(t.id))
		return YW_E_NOT_FOUND;
	if ((err = yw_db_tx(r->db, delete_tx, &t)) != YW_OK)
		return err;
	unlink_files(t.id);
	yw_reply(r, 204, NULL);
	return YW_OK;
}

/* --- POST /form: one multipart/form-data request -------------------------------------- */

/* Writes a complete upload's bytes to <id>.part, fsyncs, renames to <id>, fsyncs the dir. */
static yw_err
store_file(const char *id, const char *data, size_t len)
{
	char part[PATH_MAX], done[PATH_MAX];
	int fd;

	path_of(part, sizeof(part), id, 1);
	path_of(done, sizeof(done), id, 0);
	fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return io_err("create", id, errno);
	if (write_all(fd, data, len, 0) != 0 || fsync(fd) != 0) {
		int e = errno;
		close(fd);
		unlink(part);
		return io_err("write", id, e);
	}
	close(fd);
	if (rename(part, done) != 0 || sync_dir() != 0) {
		int e = errno;
		unlink_files(id);
		return io_err("rename", id, e);
	}
	return YW_OK;
}

yw_err
upload_form(yw_req *r)
{
	const char *boundary, *filename, *type, *problem;
	const yw_mpart *file = NULL;
	yw_mpart *parts;
	size_t nparts, nfiles = 0, namelen;
	unsigned char md[32];
	char id[ID_LEN + 1], hex[65];
	int64_t now = yw_now_us();
	upload_row u;
	yw_err err;

	sweep_expired(r);
	if ((err = yw_multipart_boundary(&r->arena, yw_req_env(r, "CONTENT_TYPE"), &boundary)) !=
	    YW_OK)
		return err;
	if (yw_multipart_parse(&r->arena, r->body, r->body_len, boundary, &parts, &nparts) != YW_OK)
		return YW_E_BAD_REQUEST;
	/* wx.uploadFile sends the file as `file` and formData as plain fields: ignored. */
	for (size_t i = 0; i < nparts; i++)
		if (parts[i].filename != NULL && strcmp(parts[i].name, "file") == 0) {
			file = &parts[i];
			nfiles++;
		}
	if (nfiles != 1)
		return yw_field_error(r, "file", nfiles == 0 ? "required" : "invalid");
	namelen = strlen(file->filename);
	filename = base_name(file->filename, &namelen);
	if ((problem = filename_problem(filename, namelen)) != NULL)
		return yw_field_error(r, "filename", problem);
	if ((long long)file->len > max_bytes)
		return YW_E_PAYLOAD_TOO_LARGE;
	if ((type = magic_type((const unsigned char *)file->data, file->len)) == NULL)
		return YW_E_UNSUPPORTED_MEDIA_TYPE;

	new_id(id);
	yw_sha256(file->data, file->len, md);
	yw_hex(md, 32, hex);
	if ((err = store_file(id, file->data, file->len)) != YW_OK)
		return err;
	yw_arg a[] = { yw_str(id), YW_INT(r->who.id), yw_str(filename), yw_str(file->content_type),
		YW_INT(file->len), YW_INT(file->len), yw_str(hex), yw_str(type), YW_INT(1),
		yw_str(db_time(r, now)), yw_str(db_time(r, now)),
		yw_str(db_time(r, now + KEEP_UNATTACHED_US)), YW_NULLARG };
	if (file->content_type != NULL &&
	    filetype_problem(file->content_type, strlen(file->content_type)) != NULL)
		a[3] = YW_NULLARG; /* only informative: not worth refusing the upload */
	if ((err = insert_within_quota(r, a, (int64_t)file->len)) != YW_OK) {
		unlink_files(id);
		return err;
	}
	memset(&u, 0, sizeof(u));
	u.id = id;
	u.filename = filename;
	u.length = u.offset = (int64_t)file->len;
	u.complete = 1;
	u.sha256 = hex;
	u.detected_type = type;
	yw_reply_header(r, "Location", yw_arena_printf(&r->arena, "/api/v1/uploads/%s", id));
	yw_reply_header(r, "Cache-Control", "no-store");
	yw_reply(r, 201, upload_json(&u));
	return YW_OK;
}

/* --- for applications.c and the worker ------------------------------------------------- */

yw_err
upload_lookup(yw_req *r, const char *upload_id, yw_upload_info *out)
{
	upload_row u;
	yw_err err;

	memset(out, 0, sizeof(*out));
	/* Shared lock: inside the caller's transaction, the upload cannot be deleted under it. */
	if ((err = load_row(r, SQL_UPLOAD_SHARE, upload_id, &u)) != YW_OK)
		return err;
	out->id = u.id;
	out->filename = u.filename;
	out->bytes = u.length;
	out->sha256 = u.sha256;
	out->detected_type = u.detected_type;
	out->complete = u.complete;
	return YW_OK;
}

int
uploads_init(const yw_config *cfg)
{
	const char *dir = yw_config_str(cfg, "upload_dir", NULL);
	struct stat st;
	int ok = 0;

	max_bytes = yw_config_long(cfg, "upload_max_bytes", 20971520L, 1, 1L << 40, &ok);
	if (ok < 0) {
		yw_log_error("configuration: upload_max_bytes must be 1..2^40");
		return -1;
	}
	if (dir == NULL || dir[0] != '/' || strlen(dir) >= sizeof(upload_dir)) {
		yw_log_error("configuration: upload_dir must be set to an absolute path");
		return -1;
	}
	snprintf(upload_dir, sizeof(upload_dir), "%s", dir);
	if (mkdir(upload_dir, 0700) != 0 && errno != EEXIST) {
		yw_log_error("upload_dir %s: cannot create: %s", upload_dir, strerror(errno));
		return -1;
	}
	if (stat(upload_dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    access(upload_dir, W_OK | X_OK) != 0) {
		yw_log_error("upload_dir %s: not a writable directory", upload_dir);
		return -1;
	}
	return 0;
}
