/*
 * reference.c: the benchmark's yardstick for the catalog (tests/bench/run.sh). A plain
 * libfcgi + MariaDB Connector/C + Jansson program with no framework that answers
 *
 *   GET /api/v1/items/{code}  with the same two queries as yw_itemguide_load
 *   GET /api/v1/items?q=...   with the same query as the catalog's SQL_ITEMS
 *
 * with the same JSON bytes (Jansson, same key order, compact) and the same headers
 * (Status, Content-Type, Content-Length, X-Request-Id, ETag, Cache-Control). Nothing else:
 * no cache, no logging, no metrics, no routing table. Prepared statements are prepared once
 * per worker; rows are fetched unbuffered into buffers that grow to fit and are kept.
 *
 * usage: reference -c yiwang.conf -s socket [-w workers]
 * The database credentials are the catalog's (catalog.db_user, catalog.db_password,
 * db_socket, db_name in the stack's yiwang.conf). Benchmark code only; not the product.
 */
#define _GNU_SOURCE
#include <jansson.h>
#include <mysql.h>
#include <stdint.h>
#include <time.h>

#include "common.h"

/* Copied verbatim from fcgi-apps/lib/itemguide.c. */
static const char SQL_ITEM[] =
    "SELECT i.code, i.name, i.kind, i.dept_id, d.name, i.region_code, i.depth, i.legal_days, "
    "i.promised_days, i.visits_required, i.fee, i.legal_basis, i.conditions, i.materials, "
    "i.form, i.windows, i.version, i.updated_at "
    "FROM items i JOIN departments d ON d.id = i.dept_id WHERE i.code = ?";

static const char SQL_PARALLEL[] =
    "SELECT d.id, d.name FROM item_parallel_depts p JOIN departments d ON d.id = p.dept_id "
    "WHERE p.item_code = ? ORDER BY d.id";

/* Copied verbatim from fcgi-apps/catalog/catalog.c. */
static const char SQL_ITEMS[] =
    "SELECT i.code, i.name, i.dept_id, d.name, i.depth, i.promised_days, i.visits_required "
    "FROM items i JOIN departments d ON d.id = i.dept_id "
    "WHERE (? IS NULL OR i.name LIKE ? OR i.code LIKE ?) "
    "AND (? IS NULL OR i.dept_id = ?) AND (? IS NULL OR i.region_code = ?) "
    "AND (? IS NULL OR i.depth = ?) AND i.code > ? "
    "ORDER BY i.code LIMIT ?";

#define MAX_COLS 20

/* A prepared statement with its result buffers (every column fetched as a string). */
struct stmt {
	const char *sql;
	MYSQL_STMT *st;
	unsigned ncols;
	MYSQL_BIND bind[MAX_COLS];
	char *buf[MAX_COLS];
	unsigned long cap[MAX_COLS], len[MAX_COLS];
	my_bool null[MAX_COLS], err[MAX_COLS];
};

static struct {
	char *db_socket, *db_name, *db_user, *db_password;
} conf;

static MYSQL *db;
static struct stmt st_item = {.sql = SQL_ITEM}, st_par = {.sql = SQL_PARALLEL},
                   st_items = {.sql = SQL_ITEMS};

/* --- configuration: `key = value` lines; `catalog.key` wins over `key` ------------------- */

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int
read_conf(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int scoped_user = 0, scoped_pass = 0;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *eq, *k, *v, *l = trim(line);
		if (*l == '#' || (eq = strchr(l, '=')) == NULL)
			continue;
		*eq = '\0';
		k = trim(l);
		v = strdup(trim(eq + 1));
		if (strcmp(k, "db_socket") == 0 || strcmp(k, "catalog.db_socket") == 0)
			conf.db_socket = v;
		else if (strcmp(k, "db_name") == 0 || strcmp(k, "catalog.db_name") == 0)
			conf.db_name = v;
		else if (strcmp(k, "catalog.db_user") == 0 && (scoped_user = 1))
			conf.db_user = v;
		else if (strcmp(k, "db_user") == 0 && !scoped_user)
			conf.db_user = v;
		else if (strcmp(k, "catalog.db_password") == 0 && (scoped_pass = 1))
			conf.db_password = v;
		else if (strcmp(k, "db_password") == 0 && !scoped_pass)
			conf.db_password = v;
		else
			free(v);
	}
	fclose(f);
	return conf.db_socket && conf.db_user ? 0 : -1;
}

/* --- database ---------------------------------------------------------------------- */

static void
die_db(const char *what, const char *msg)
{
	fprintf(stderr, "reference: %s: %s\n", what, msg);
	_exit(1);
}

static void
prepare(struct stmt *s)
{
	s->st = mysql_stmt_init(db);
	if (s->st == NULL || mysql_stmt_prepare(s->st, s->sql, strlen(s->sql)) != 0)
		die_db("prepare", mysql_error(db));
	s->ncols = mysql_stmt_field_count(s->st);
	if (s->ncols > MAX_COLS)
		die_db("prepare", "too many columns");
	for (unsigned c = 0; c < s->ncols; c++) {
		s->cap[c] = 256;
		s->buf[c] = malloc(s->cap[c]);
		s->bind[c].buffer_type = MYSQL_TYPE_STRING;
		s->bind[c].buffer = s->buf[c];
		s->bind[c].buffer_length = s->cap[c] - 1; /* room for a NUL */
		s->bind[c].length = &s->len[c];
		s->bind[c].is_null = &s->null[c];
		s->bind[c].error = &s->err[c];
	}
	if (mysql_stmt_bind_result(s->st, s->bind) != 0)
		die_db("bind", mysql_stmt_error(s->st));
}

static void
db_connect(void)
{
	unsigned timeout = 15;
	const char *init = "SET SESSION time_zone = '+00:00', SESSION tx_isolation = 'READ-COMMITTED', "
	    "SESSION innodb_lock_wait_timeout = 5";

	db = mysql_init(NULL);
	mysql_optionsv(db, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_optionsv(db, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	mysql_optionsv(db, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(db, MYSQL_INIT_COMMAND, init);
	if (mysql_real_connect(db, NULL, conf.db_user, conf.db_password,
	        conf.db_name ? conf.db_name : "yiwang", 0, conf.db_socket, 0) == NULL)
		die_db("connect", mysql_error(db));
	prepare(&st_item);
	prepare(&st_par);
	prepare(&st_items);
}

/*
 * Fetches the next row: 1 = a row (NUL-terminated cells in s->buf, NULL in s->null),
 * 0 = no more rows. A column longer than its buffer grows it and is fetched again.
 */
static int
fetch(struct stmt *s)
{
	int rc = mysql_stmt_fetch(s->st), grown = 0;

	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1)
		die_db("fetch", mysql_stmt_error(s->st));
	for (unsigned c = 0; c < s->ncols; c++) {
		if (s->null[c])
			continue;
		if (s->len[c] > s->bind[c].buffer_length) {
			MYSQL_BIND one;
			s->cap[c] = s->len[c] + 1;
			s->buf[c] = realloc(s->buf[c], s->cap[c]);
			s->bind[c].buffer = s->buf[c];
			s->bind[c].buffer_length = s->cap[c] - 1;
			memset(&one, 0, sizeof(one));
			one.buffer_type = MYSQL_TYPE_STRING;
			one.buffer = s->buf[c];
			one.buffer_length = s->cap[c] - 1;
			one.length = &s->len[c];
			if (mysql_stmt_fetch_column(s->st, &one, c, 0) != 0)
				die_db("fetch_column", mysql_stmt_error(s->st));
			grown = 1;
		}
		s->buf[c][s->len[c]] = '\0';
	}
	if (grown && mysql_stmt_bind_result(s->st, s->bind) != 0)
		die_db("bind", mysql_stmt_error(s->st));
	return 1;
}

static const char *
cell(struct stmt *s, unsigned c)
{
	return s->null[c] ? NULL : s->buf[c];
}

/* Drains what is left of the result set so the connection can run the next statement. */
static void
finish(struct stmt *s)
{
	while (fetch(s))
		;
	mysql_stmt_free_result(s->st);
}

static void
execute(struct stmt *s, MYSQL_BIND *params)
{
	if (params != NULL && mysql_stmt_bind_param(s->st, params) != 0)
		die_db("bind_param", mysql_stmt_error(s->st));
	if (mysql_stmt_execute(s->st) != 0)
		die_db("execute", mysql_stmt_error(s->st));
}

/* --- responses --------------------------------------------------------------------- */

static void
respond(FCGX_Request *f, int status, const char *body, size_t len, const char *etag)
{
	char head[512], rid[33];
	int n;

	bench_request_id(rid);
	if (etag != NULL)
		n = snprintf(head, sizeof(head),
		    "Status: %d %s\r\nContent-Type: application/json; charset=utf-8\r\n"
		    "Content-Length: %lu\r\nX-Request-Id: %s\r\nETag: %s\r\n"
		    "Cache-Control: public, max-age=60\r\n\r\n",
		    status, status == 200 ? "OK" : "Not Found", (unsigned long)len, rid, etag);
	else
		n = snprintf(head, sizeof(head),
		    "Status: %d %s\r\nContent-Type: application/json; charset=utf-8\r\n"
		    "Content-Length: %lu\r\nX-Request-Id: %s\r\nCache-Control: no-store\r\n\r\n",
		    status, status == 200 ? "OK" : "Not Found", (unsigned long)len, rid);
	FCGX_PutStr(head, n, f->out);
	FCGX_PutStr(body, (int)len, f->out);
}

static void
not_found(FCGX_Request *f)
{
	static const char body[] = "{\"error\":{\"code\":\"not_found\",\"message\":\"not found\"}}";

	respond(f, 404, body, sizeof(body) - 1, NULL);
}

/* Dumps j compactly in key order (as the catalog does), sends it, frees both. */
static void
send_json(FCGX_Request *f, json_t *j, const char *etag)
{
	char tag[48];
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	size_t len;

	json_decref(j);
	if (s == NULL) {
		not_found(f);
		return;
	}
	len = strlen(s);
	if (etag == NULL) {
		/* The catalog's content ETag: FNV-1a 64 of the body. */
		uint64_t h = 1469598103934665603ULL;
		for (size_t i = 0; i < len; i++)
			h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
		snprintf(tag, sizeof(tag), "\"h%016llx\"", (unsigned long long)h);
		etag = tag;
	}
	respond(f, 200, s, len, etag);
	free(s);
}

/* --- GET /api/v1/items/{code} -------------------------------------------------------- */

static const char *
depth_label(int depth)
{
	switch (depth) {
	case 1: return "办事指南公开，须到现场办理";
	case 2: return "网上预审，最多跑一次";
	case 3: return "全程网办，零跑腿";
	default: return "";
	}
}

static json_t *
load_doc(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text ? text : "[]", 0, &je);

	return j ? j : json_array();
}

/* "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC) as "YYYY-MM-DDTHH:MM:SS+08:00". */
static void
rfc3339(const char *cell_text, char *out, size_t len)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	out[0] = '\0';
	if (cell_text == NULL || sscanf(cell_text, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon,
	                             &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) + 8 * 3600;
	gmtime_r(&t, &tm);
	snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
get_item(FCGX_Request *f, const char *code)
{
	MYSQL_BIND p;
	unsigned long clen = strlen(code);
	json_t *o, *pd;
	char etag[32], updated[80];
	int depth;

	memset(&p, 0, sizeof(p));
	p.buffer_type = MYSQL_TYPE_STRING;
	p.buffer = (void *)code;
	p.buffer_length = clen;
	p.length = &clen;

	execute(&st_item, &p);
	if (!fetch(&st_item)) {
		mysql_stmt_free_result(st_item.st);
		not_found(f);
		return;
	}
	/* Build the item from the first statement's buffers before running the second. */
	struct stmt *s = &st_item;
	depth = atoi(cell(s, 6));
	o = json_object();
	json_object_set_new(o, "code", json_string(cell(s, 0)));
	json_object_set_new(o, "name", json_string(cell(s, 1)));
	json_object_set_new(o, "kind", json_string(cell(s, 2)));
	json_object_set_new(o, "dept",
	    json_pack("{s:s, s:s}", "id", cell(s, 3), "name", cell(s, 4)));
	json_object_set_new(o, "region_code", json_string(cell(s, 5)));
	json_object_set_new(o, "depth", json_integer(depth));
	json_object_set_new(o, "depth_label", json_string(depth_label(depth)));
	json_object_set_new(o, "legal_days", json_integer(atoll(cell(s, 7))));
	json_object_set_new(o, "promised_days", json_integer(atoll(cell(s, 8))));
	json_object_set_new(o, "visits_required", json_integer(atoll(cell(s, 9))));
	json_object_set_new(o, "fee", json_string(cell(s, 10)));
	json_object_set_new(o, "legal_basis", json_string(cell(s, 11)));
	json_object_set_new(o, "conditions", json_string(cell(s, 12)));
	json_object_set_new(o, "materials", load_doc(cell(s, 13)));
	json_object_set_new(o, "form", load_doc(cell(s, 14)));
	pd = json_array();
	json_object_set_new(o, "parallel_depts", pd);
	json_object_set_new(o, "windows", load_doc(cell(s, 15)));
	json_object_set_new(o, "version", json_integer(atoll(cell(s, 16))));
	rfc3339(cell(s, 17), updated, sizeof(updated));
	json_object_set_new(o, "updated_at", json_string(updated));
	snprintf(etag, sizeof(etag), "\"%lld\"", atoll(cell(s, 16)));
	finish(&st_item);

	execute(&st_par, &p);
	while (fetch(&st_par))
		json_array_append_new(pd, json_pack("{s:s, s:s}", "id", cell(&st_par, 0), "name",
		                              cell(&st_par, 1)));
	mysql_stmt_free_result(st_par.st);
	send_json(f, o, etag);
}

/* --- GET /api/v1/items?q= ------------------------------------------------------------ */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of q in a query string, URL-decoded ('+' is a space) into out; 0 if absent. */
static int
query_q(const char *qs, char *out, size_t cap)
{
	while (qs != NULL && *qs) {
		size_t len = strcspn(qs, "&");
		if (len > 2 && qs[0] == 'q' && qs[1] == '=') {
			size_t j = 0;
			for (size_t i = 2; i < len && j + 1 < cap; i++) {
				if (qs[i] == '%' && i + 2 < len && hexval(qs[i + 1]) >= 0 &&
				    hexval(qs[i + 2]) >= 0) {
					out[j++] = (char)(hexval(qs[i + 1]) << 4 | hexval(qs[i + 2]));
					i += 2;
				} else {
					out[j++] = qs[i] == '+' ? ' ' : qs[i];
				}
			}
			out[j] = '\0';
			return 1;
		}
		qs += len;
		if (*qs == '&')
			qs++;
	}
	return 0;
}

static void
b64url(const unsigned char *in, size_t n, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t i, j = 0;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		out[j++] = a[v >> 18 & 63];
		out[j++] = a[v >> 12 & 63];
		out[j++] = a[v >> 6 & 63];
		out[j++] = a[v & 63];
	}
	if (i < n) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0);
		out[j++] = a[v >> 18 & 63];
		out[j++] = a[v >> 12 & 63];
		if (i + 1 < n)
			out[j++] = a[v >> 6 & 63];
	}
	out[j] = '\0';
}

static void
get_items(FCGX_Request *f, const char *qs)
{
	enum { LIMIT = 20 };
	char q[512], like[1030], last[80] = "", cursor[120];
	MYSQL_BIND p[11];
	my_bool yes = 1, no = 0;
	unsigned long llen = 0, zero = 0;
	long long limit = LIMIT + 1;
	size_t rows = 0;
	json_t *data = json_array(), *body;
	int have_q = query_q(qs, q, sizeof(q)) && q[0] != '\0';

	if (have_q) {
		/* "%q%" with LIKE's metacharacters escaped, as the catalog does. */
		size_t j = 0;
		like[j++] = '%';
		for (size_t i = 0; q[i] && j + 3 < sizeof(like); i++) {
			if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
				like[j++] = '\\';
			like[j++] = q[i];
		}
		like[j++] = '%';
		like[j] = '\0';
		llen = j;
	}
	memset(p, 0, sizeof(p));
	for (int i = 0; i < 3; i++) {
		p[i].buffer_type = have_q ? MYSQL_TYPE_STRING : MYSQL_TYPE_NULL;
		p[i].buffer = like;
		p[i].buffer_length = llen;
		p[i].length = &llen;
		p[i].is_null = have_q ? &no : &yes;
	}
	for (int i = 3; i < 9; i++) {
		p[i].buffer_type = MYSQL_TYPE_NULL;
		p[i].is_null = &yes;
	}
	p[9].buffer_type = MYSQL_TYPE_STRING;
	p[9].buffer = (void *)"";
	p[9].length = &zero;
	p[9].is_null = &no;
	p[10].buffer_type = MYSQL_TYPE_LONGLONG;
	p[10].buffer = &limit;
	p[10].is_null = &no;

	execute(&st_items, p);
	while (fetch(&st_items)) {
		struct stmt *s = &st_items;
		if (rows++ >= LIMIT)
			continue;
		json_array_append_new(data,
		    json_pack("{s:s, s:s, s:{s:s, s:s}, s:I, s:I, s:I}", "code", cell(s, 0), "name",
		        cell(s, 1), "dept", "id", cell(s, 2), "name", cell(s, 3), "depth",
		        (json_int_t)atoll(cell(s, 4)), "promised_days", (json_int_t)atoll(cell(s, 5)),
		        "visits_required", (json_int_t)atoll(cell(s, 6))));
		if (rows == LIMIT)
			snprintf(last, sizeof(last), "%s", cell(s, 0));
	}
	mysql_stmt_free_result(st_items.st);
	body = json_object();
	json_object_set_new(body, "data", data);
	if (rows > LIMIT) {
		char raw[84];
		size_t n = (size_t)snprintf(raw, sizeof(raw), "i:%s", last);
		b64url((const unsigned char *)raw, n, cursor);
		json_object_set_new(body, "next_cursor", json_string(cursor));
	} else {
		json_object_set_new(body, "next_cursor", json_null());
	}
	send_json(f, body, NULL);
}

/* --- the worker ---------------------------------------------------------------------- */

static void
worker(int fd)
{
	static const char prefix[] = "/api/v1/items";
	FCGX_Request f;

	db_connect();
	if (FCGX_InitRequest(&f, fd, 0) != 0)
		_exit(1);
	while (FCGX_Accept_r(&f) >= 0) {
		const char *uri = FCGX_GetParam("REQUEST_URI", f.envp);
		size_t plen = sizeof(prefix) - 1;

		if (uri != NULL && strncmp(uri, prefix, plen) == 0) {
			const char *rest = uri + plen;
			if (*rest == '\0' || *rest == '?') {
				get_items(&f, FCGX_GetParam("QUERY_STRING", f.envp));
			} else if (*rest == '/' && rest[1] != '\0' && strpbrk(rest + 1, "/?%") == NULL &&
			           strlen(rest + 1) <= 64) {
				get_item(&f, rest + 1);
			} else {
				not_found(&f);
			}
		} else {
			not_found(&f);
		}
		FCGX_Finish_r(&f);
	}
}

int
main(int argc, char **argv)
{
	const char *cfg = NULL, *sock = NULL;
	int opt, workers = 2;

	while ((opt = getopt(argc, argv, "c:s:w:")) != -1) {
		switch (opt) {
		case 'c': cfg = optarg; break;
		case 's': sock = optarg; break;
		case 'w': workers = atoi(optarg); break;
		default: cfg = NULL; sock = NULL; optind = argc; break;
		}
	}
	if (cfg == NULL || sock == NULL) {
		fprintf(stderr, "usage: reference -c yiwang.conf -s socket [-w workers]\n");
		return 2;
	}
	if (read_conf(cfg) != 0) {
		fprintf(stderr, "reference: cannot read the database settings from %s\n", cfg);
		return 1;
	}
	json_object_seed(0);
	return bench_prefork(sock, workers, worker);
}
