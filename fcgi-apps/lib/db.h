/*
 * db.h: the database layer. Prepared statements only.
 *
 * One connection per worker process, opened lazily (never before fork), in utf8mb4 with
 * connect/read/write timeouts and MYSQL_OPT_RECONNECT off. A lost connection is closed and
 * opened again on the next use; every cached statement is then prepared again. Statements
 * are named by their SQL text (a static string in the app), prepared once per connection.
 * User data travels only as bound parameters: there is no function here that takes a
 * finished SQL string with values in it.
 *
 * Results come back as text cells (NULL for SQL NULL) allocated in the caller's arena.
 * MariaDB errors become error kinds here and nowhere else: duplicate key -> YW_E_CONFLICT,
 * lost or refused connection -> YW_E_UNAVAILABLE, deadlock or lock wait timeout ->
 * retried by yw_db_tx(), anything else -> YW_E_INTERNAL (logged).
 */
#ifndef YW_DB_H
#define YW_DB_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "config.h"
#include "errors.h"

typedef struct yw_db yw_db;

enum { YW_ARG_NULL, YW_ARG_STR, YW_ARG_INT, YW_ARG_BLOB };

typedef struct {
	int type;
	const void *p;
	size_t len;
	long long i;
} yw_arg;

#define YW_NULLARG ((yw_arg){ YW_ARG_NULL, NULL, 0, 0 })
#define YW_INT(v) ((yw_arg){ YW_ARG_INT, NULL, 0, (long long)(v) })
#define YW_STRN(s, n) ((yw_arg){ YW_ARG_STR, (s), (n), 0 })
#define YW_BLOB(b, n) ((yw_arg){ YW_ARG_BLOB, (b), (n), 0 })
/* A string, or SQL NULL when s is NULL. */
yw_arg yw_str(const char *s);

typedef struct {
	size_t nrows, ncols;
	char **cells; /* row-major; NULL for SQL NULL */
	unsigned long *lens;
} yw_rows;

#define YW_CELL(rows, r, c) ((rows)->cells[(r) * (rows)->ncols + (c)])
#define YW_CELL_LEN(rows, r, c) ((rows)->lens[(r) * (rows)->ncols + (c)])

yw_db *yw_db_new(const yw_config *cfg);
void yw_db_free(yw_db *db);
/* The session's wait_timeout from the next connect on: the server closes a connection idle
 * that long, and rolls back its transaction (0: the server's default). */
void yw_db_set_idle_timeout(yw_db *db, unsigned seconds);

/* Connects when needed; YW_E_UNAVAILABLE when the server does not answer. */
yw_err yw_db_ready(yw_db *db);

/*
 * Executes a prepared statement. out may be NULL for statements without a result set.
 * Outside a transaction, a connection found dead is reopened and the statement retried once.
 */
yw_err yw_db_exec(
    yw_db *db, yw_arena *a, const char *sql, const yw_arg *args, size_t nargs, yw_rows *out);
unsigned long long yw_db_affected(const yw_db *db);
unsigned long long yw_db_insert_id(const yw_db *db);
/* The MariaDB error number of the last failure (0 when none), for logging only. */
unsigned yw_db_last_errno(const yw_db *db);
/* For a duplicate key: the name of the violated key, else "". */
const char *yw_db_dup_key(const yw_db *db);

/*
 * Runs fn(ctx) inside a transaction: commit when it returns YW_OK, roll back otherwise.
 * A deadlock or lock wait timeout re-runs the whole function (at most 3 attempts).
 */
typedef yw_err (*yw_tx_fn)(void *ctx);
yw_err yw_db_tx(yw_db *db, yw_tx_fn fn, void *ctx);

#endif
