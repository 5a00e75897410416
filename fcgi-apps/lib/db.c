/*
 * db.c: MariaDB Connector/C behind a small prepared-statement API (see db.h).
 *
 * Never enables MYSQL_OPT_RECONNECT: Connector/C would silently drop session state and
 * leave every prepared statement unusable. We close and reconnect ourselves, between
 * statements that are not inside a transaction, and re-prepare lazily.
 */
#include "db.h"

#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "metrics.h"

#define YW_DB_MAX_STMTS 128
#define YW_DB_MAX_ARGS 32

struct yw_stmt_slot {
	const char *sql;
	MYSQL_STMT *stmt;
	MYSQL_RES *meta; /* result metadata, NULL for statements without rows */
	unsigned ncols;
	int text[64]; /* per column: a text type (buffer sized by max_length)? */
};

struct yw_db {
	MYSQL *conn;
	const yw_config *cfg;
	struct yw_stmt_slot stmts[YW_DB_MAX_STMTS];
	size_t nstmts;
	int in_tx;
	int retryable; /* the last error was a deadlock or lock wait timeout */
	unsigned last_errno;
	char dup_key[96];
	unsigned long long affected, insert_id;
	unsigned idle_timeout; /* the session's wait_timeout, 0: the server's */
};

yw_arg
yw_str(const char *s)
{
	if (s == NULL)
		return YW_NULLARG;
	return YW_STRN(s, strlen(s));
}

yw_db *
yw_db_new(const yw_config *cfg)
{
	yw_db *db = calloc(1, sizeof(*db));

	if (db == NULL)
		abort();
	db->cfg = cfg;
	return db;
}

static void
db_close(yw_db *db)
{
	for (size_t i = 0; i < db->nstmts; i++) {
		if (db->stmts[i].meta != NULL)
			mysql_free_result(db->stmts[i].meta);
		if (db->stmts[i].stmt != NULL)
			mysql_stmt_close(db->stmts[i].stmt);
	}
	db->nstmts = 0;
	if (db->conn != NULL)
		mysql_close(db->conn);
	db->conn = NULL;
	/* in_tx stays set: the transaction's remaining statements must fail, not reconnect. */
}

void
yw_db_free(yw_db *db)
{
	if (db == NULL)
		return;
	db_close(db);
	free(db);
}

static int
is_connection_error(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST || e == CR_CONNECTION_ERROR ||
	       e == CR_CONN_HOST_ERROR || e == CR_SERVER_LOST_EXTENDED ||
	       e == ER_CONNECTION_KILLED || e == CR_COMMANDS_OUT_OF_SYNC || e == ER_SERVER_SHUTDOWN;
}

/* The one place where a MariaDB error number becomes an error kind. */
static yw_err
translate(yw_db *db, unsigned e, const char *msg)
{
	db->last_errno = e;
	db->retryable = 0;
	if (e == ER_DUP_ENTRY) {
		const char *k = msg ? strstr(msg, "for key '") : NULL;
		db->dup_key[0] = '\0';
		if (k != NULL) {
			size_t n;
			k += strlen("for key '");
			n = strcspn(k, "'");
			if (n >= sizeof(db->dup_key))
				n = sizeof(db->dup_key) - 1;
			memcpy(db->dup_key, k, n);
			db->dup_key[n] = '\0';
		}
		return YW_E_CONFLICT;
	}
	yw_metrics_db_error();
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT) {
		db->retryable = 1;
		return YW_E_UNAVAILABLE;
	}
	if (is_connection_error(e)) {
		yw_log_error("database connection lost (%u): %s", e, msg ? msg : "");
		db_close(db);
		return YW_E_UNAVAILABLE;
	}
	if (e == ER_NO_REFERENCED_ROW_2 || e == ER_ROW_IS_REFERENCED_2)
		return YW_E_CONFLICT;
	yw_log_error("database error %u: %s", e, msg ? msg : "");
	return YW_E_INTERNAL;
}

void
yw_db_set_idle_timeout(yw_db *db, unsigned seconds)
{
	db->idle_timeout = seconds;
}

yw_err
yw_db_ready(yw_db *db)
{
	unsigned int ct, rt, wt;
	const char *user, *pass, *name, *sock;
	char init[256], idle[16] = "DEFAULT"; /* DEFAULT: the server's wait_timeout */

	if (db->conn != NULL)
		return YW_OK;
	db->conn = mysql_init(NULL);
	if (db->conn == NULL)
		return YW_E_UNAVAILABLE;
	ct = (unsigned)yw_config_long(db->cfg, "db_connect_timeout", 3, 1, 60, NULL);
	rt = (unsigned)yw_config_long(db->cfg, "db_read_timeout", 15, 1, 600, NULL);
	wt = (unsigned)yw_config_long(db->cfg, "db_write_timeout", 15, 1, 600, NULL);
	mysql_optionsv(db->conn, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_optionsv(db->conn, MYSQL_OPT_READ_TIMEOUT, &rt);
	mysql_optionsv(db->conn, MYSQL_OPT_WRITE_TIMEOUT, &wt);
	mysql_optionsv(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (db->idle_timeout > 0)
		snprintf(idle, sizeof(idle), "%u", db->idle_timeout);
	snprintf(init, sizeof(init),
	    "SET SESSION time_zone = '+00:00', SESSION tx_isolation = 'READ-COMMITTED', "
	    "SESSION innodb_lock_wait_timeout = 5, SESSION wait_timeout = %s",
	    idle);
	mysql_optionsv(db->conn, MYSQL_INIT_COMMAND, init);
	user = yw_config_str(db->cfg, "db_user", NULL);
	pass = yw_config_str(db->cfg, "db_password", NULL);
	name = yw_config_str(db->cfg, "db_name", "yiwang");
	sock = yw_config_str(db->cfg, "db_socket", NULL);
	if (mysql_real_connect(db->conn, yw_config_str(db->cfg, "db_host", NULL), user, pass, name,
	        (unsigned)yw_config_long(db->cfg, "db_port", 0, 0, 65535, NULL), sock, 0) == NULL) {
		yw_log_error("database connect failed (%u): %s", mysql_errno(db->conn),
		    mysql_error(db->conn));
		yw_metrics_db_error();
		mysql_close(db->conn);
		db->conn = NULL;
		return YW_E_UNAVAILABLE;
	}
	return YW_OK;
}

static int is_text_type(enum enum_field_types t);

static struct yw_stmt_slot *
get_stmt(yw_db *db, const char *sql, yw_err *err)
{
	struct yw_stmt_slot *slot;
	MYSQL_STMT *st;

	for (size_t i = 0; i < db->nstmts; i++)
		if (db->stmts[i].sql == sql)
			return &db->stmts[i];
	if (db->nstmts == YW_DB_MAX_STMTS) {
		/* An app has far fewer statements; refuse rather than leak. */
		yw_log_error("statement cache full");
		*err = YW_E_INTERNAL;
		return NULL;
	}
	st = mysql_stmt_init(db->conn);
	if (st == NULL) {
		*err = translate(db, mysql_errno(db->conn), mysql_error(db->conn));
		return NULL;
	}
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		unsigned e = mysql_stmt_errno(st);
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", mysql_stmt_error(st));
		mysql_stmt_close(st);
		*err = translate(db, e, msg);
		return NULL;
	}
	slot = &db->stmts[db->nstmts];
	memset(slot, 0, sizeof(*slot));
	slot->sql = sql;
	slot->stmt = st;
	slot->meta = mysql_stmt_result_metadata(st);
	if (slot->meta != NULL) {
		MYSQL_FIELD *f = mysql_fetch_fields(slot->meta);
		my_bool one = 1;
		slot->ncols = mysql_num_fields(slot->meta);
		if (slot->ncols > 64) {
			yw_log_error("statement returns more than 64 columns");
			mysql_free_result(slot->meta);
			mysql_stmt_close(st);
			*err = YW_E_INTERNAL;
			return NULL;
		}
		for (unsigned c = 0; c < slot->ncols; c++)
			slot->text[c] = is_text_type(f[c].type);
		mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &one);
	}
	db->nstmts++;
	return slot;
}

static int
is_text_type(enum enum_field_types t)
{
	switch (t) {
	case MYSQL_TYPE_STRING:
	case MYSQL_TYPE_VAR_STRING:
	case MYSQL_TYPE_VARCHAR:
	case MYSQL_TYPE_BLOB:
	case MYSQL_TYPE_TINY_BLOB:
	case MYSQL_TYPE_MEDIUM_BLOB:
	case MYSQL_TYPE_LONG_BLOB:
	case MYSQL_TYPE_JSON:
	case MYSQL_TYPE_ENUM:
	case MYSQL_TYPE_SET:
	case MYSQL_TYPE_GEOMETRY:
	case MYSQL_TYPE_BIT: return 1;
	default: return 0;
	}
}

/*
 * Buffers the result on the client (store_result, which also computes each column's
 * longest value), binds arena buffers of exactly that size, and copies each row's cells
 * into the arena. Numbers and dates arrive as text.
 */
static yw_err
fetch_all(yw_db *db, struct yw_stmt_slot *slot, yw_arena *a, yw_rows *out)
{
	MYSQL_STMT *st = slot->stmt;
	MYSQL_FIELD *fields;
	MYSQL_BIND *b;
	unsigned long *lens, *caps;
	my_bool *nulls, *errs;
	unsigned ncols = slot->ncols;
	size_t cap_rows, n = 0;
	yw_err err = YW_OK;
	int rc;

	memset(out, 0, sizeof(*out));
	if (slot->meta == NULL) {
		mysql_stmt_free_result(st);
		return YW_OK;
	}
	if (mysql_stmt_store_result(st) != 0)
		return translate(db, mysql_stmt_errno(st), mysql_stmt_error(st));
	/* store_result updated max_length in the statement's own field descriptions. */
	fields = st->fields;
	cap_rows = (size_t)mysql_stmt_num_rows(st);
	out->ncols = ncols;
	out->cells = yw_arena_calloc(a, cap_rows * ncols + 1, sizeof(char *));
	out->lens = yw_arena_calloc(a, cap_rows * ncols + 1, sizeof(unsigned long));
	b = yw_arena_calloc(a, ncols, sizeof(*b));
	lens = yw_arena_calloc(a, ncols, sizeof(*lens));
	caps = yw_arena_calloc(a, ncols, sizeof(*caps));
	nulls = yw_arena_calloc(a, ncols, sizeof(*nulls));
	errs = yw_arena_calloc(a, ncols, sizeof(*errs));
	for (unsigned c = 0; c < ncols; c++) {
		caps[c] = slot->text[c] ? fields[c].max_length + 1 : 64;
		b[c].buffer_type = MYSQL_TYPE_STRING;
		b[c].buffer = yw_arena_alloc(a, caps[c]);
		b[c].buffer_length = caps[c];
		b[c].length = &lens[c];
		b[c].is_null = &nulls[c];
		b[c].error = &errs[c];
	}
	if (mysql_stmt_bind_result(st, b) != 0) {
		err = translate(db, mysql_stmt_errno(st), mysql_stmt_error(st));
		goto done;
	}
	while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
		if (n >= cap_rows)
			break;
		for (unsigned c = 0; c < ncols; c++) {
			size_t idx = n * ncols + c;
			if (nulls[c]) {
				out->cells[idx] = NULL;
				out->lens[idx] = 0;
				continue;
			}
			if (lens[c] >= caps[c]) {
				/* Truncated: fetch this column again into a buffer of its real size. */
				MYSQL_BIND one_col;
				char *big = yw_arena_alloc(a, lens[c] + 1);
				unsigned long l2 = 0;
				memset(&one_col, 0, sizeof(one_col));
				one_col.buffer_type = MYSQL_TYPE_STRING;
				one_col.buffer = big;
				one_col.buffer_length = lens[c] + 1;
				one_col.length = &l2;
				if (mysql_stmt_fetch_column(st, &one_col, c, 0) != 0) {
					err = translate(
					    db, mysql_stmt_errno(st), mysql_stmt_error(st));
					goto done;
				}
				big[l2] = '\0';
				out->cells[idx] = big;
				out->lens[idx] = l2;
				continue;
			}
			out->cells[idx] = yw_arena_strndup(a, b[c].buffer, lens[c]);
			out->lens[idx] = lens[c];
		}
		n++;
	}
	if (rc == 1)
		err = translate(db, mysql_stmt_errno(st), mysql_stmt_error(st));
	out->nrows = n;
done:
	/* A lost connection closed every statement already (translate -> db_close). */
	if (db->conn != NULL)
		mysql_stmt_free_result(st);
	return err;
}

static yw_err
exec_once(yw_db *db, yw_arena *a, const char *sql, const yw_arg *args, size_t nargs, yw_rows *out)
{
	MYSQL_BIND pb[YW_DB_MAX_ARGS];
	unsigned long plen[YW_DB_MAX_ARGS];
	my_bool pnull[YW_DB_MAX_ARGS];
	struct yw_stmt_slot *slot;
	MYSQL_STMT *st;
	yw_err err = YW_OK;

	db->retryable = 0;
	db->last_errno = 0;
	if (db->in_tx && db->conn == NULL)
		return YW_E_UNAVAILABLE;
	if ((err = yw_db_ready(db)) != YW_OK)
		return err;
	if ((slot = get_stmt(db, sql, &err)) == NULL)
		return err;
	st = slot->stmt;
	if (nargs > YW_DB_MAX_ARGS || nargs != mysql_stmt_param_count(st)) {
		yw_log_error("statement parameter count mismatch (%zu given)", nargs);
		return YW_E_INTERNAL;
	}
	memset(pb, 0, sizeof(pb));
	for (size_t i = 0; i < nargs; i++) {
		pnull[i] = 0;
		pb[i].is_null = &pnull[i];
		switch (args[i].type) {
		case YW_ARG_NULL:
			pb[i].buffer_type = MYSQL_TYPE_NULL;
			pnull[i] = 1;
			break;
		case YW_ARG_INT:
			pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
			pb[i].buffer = (void *)&args[i].i;
			break;
		case YW_ARG_STR:
		case YW_ARG_BLOB:
			pb[i].buffer_type =
			    args[i].type == YW_ARG_STR ? MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			pb[i].buffer = (void *)(args[i].p ? args[i].p : "");
			plen[i] = (unsigned long)args[i].len;
			pb[i].buffer_length = plen[i];
			pb[i].length = &plen[i];
			break;
		}
	}
	if (nargs > 0 && mysql_stmt_bind_param(st, pb) != 0)
		return translate(db, mysql_stmt_errno(st), mysql_stmt_error(st));
	if (mysql_stmt_execute(st) != 0)
		return translate(db, mysql_stmt_errno(st), mysql_stmt_error(st));
	db->affected = mysql_stmt_affected_rows(st);
	db->insert_id = mysql_stmt_insert_id(st);
	if (out != NULL) {
		err = fetch_all(db, slot, a, out);
	} else {
		/* Discard any result set so the connection stays in sync. */
		mysql_stmt_free_result(st);
	}
	return err;
}

yw_err
yw_db_exec(yw_db *db, yw_arena *a, const char *sql, const yw_arg *args, size_t nargs, yw_rows *out)
{
	int had_conn = db->conn != NULL;
	yw_err err = exec_once(db, a, sql, args, nargs, out);

	/*
	 * A connection that died while idle (server restart, wait_timeout) fails before the
	 * statement was sent (2006): once more on a fresh one. Never after 2013 or a timeout,
	 * when the statement may have run.
	 */
	if (err == YW_E_UNAVAILABLE && had_conn && !db->in_tx && db->conn == NULL &&
	    db->last_errno == CR_SERVER_GONE_ERROR)
		err = exec_once(db, a, sql, args, nargs, out);
	return err;
}

unsigned long long
yw_db_affected(const yw_db *db)
{
	return db->affected;
}

unsigned long long
yw_db_insert_id(const yw_db *db)
{
	return db->insert_id;
}

unsigned
yw_db_last_errno(const yw_db *db)
{
	return db->last_errno;
}

const char *
yw_db_dup_key(const yw_db *db)
{
	return db->dup_key;
}

enum { TX_BEGIN, TX_COMMIT };

/* The two transaction statements: fixed text, never anything built from data. */
static yw_err
tx_control(yw_db *db, int what)
{
	int rc;

	if (what == TX_BEGIN)
		rc = mysql_query(db->conn, "START TRANSACTION");
	else
		rc = mysql_query(db->conn, "COMMIT");
	if (rc != 0)
		return translate(db, mysql_errno(db->conn), mysql_error(db->conn));
	return YW_OK;
}

yw_err
yw_db_tx(yw_db *db, yw_tx_fn fn, void *ctx)
{
	yw_err err = YW_E_UNAVAILABLE;

	for (int attempt = 0; attempt < 3; attempt++) {
		db->retryable = 0;
		if ((err = yw_db_ready(db)) != YW_OK)
			return err;
		if ((err = tx_control(db, TX_BEGIN)) != YW_OK) {
			/* The connection may have died while idle: one fresh try. */
			if (db->conn == NULL && attempt == 0)
				continue;
			return err;
		}
		db->in_tx = 1;
		err = fn(ctx);
		if (err == YW_OK) {
			err = tx_control(db, TX_COMMIT);
			db->in_tx = 0;
			if (err == YW_OK)
				return YW_OK;
		} else if (db->conn != NULL) {
			int retry = db->retryable;
			if (mysql_query(db->conn, "ROLLBACK") != 0)
				db_close(db);
			db->retryable = retry;
		}
		db->in_tx = 0;
		if (!db->retryable)
			return err;
	}
	return err;
}
