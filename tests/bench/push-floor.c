/*
 * push-floor.c: the floor of tests/bench/push.sh. The least a durable outbox drainer can do
 * with this stack (libcurl, MariaDB Connector/C): in one transaction, claim a batch of pending
 * rows (SELECT ... FOR UPDATE SKIP LOCKED, in id order, no ordering check, no join), send the
 * same ready-made request for each through one libcurl multi handle (kept-alive connections,
 * easy handles used again), mark the batch sent with one UPDATE and commit. Nothing is read
 * besides the ids, nothing rendered or signed, no attempt recorded, no retry: every answer but
 * a 2xx is counted as an error. A benchmark tool, not part of yiwang.
 *
 *   push-floor SOCKET USER DATABASE URL HEADERS-FILE BODY-FILE BATCH CONCURRENCY
 *
 * The table: floor_outbox (id BIGINT UNSIGNED PRIMARY KEY, state TINYINT, KEY (state, id)).
 * Prints "FLOOR sent=N errors=E rounds=R cpu_us=C" when no row is left to claim (C: its own
 * CPU time, user and system).
 */
#include <curl/curl.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static void
die(MYSQL *db, const char *what)
{
	fprintf(stderr, "push-floor: %s: %s\n", what, db ? mysql_error(db) : "failed");
	exit(1);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		die(NULL, path);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die(NULL, path);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static size_t
discard(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

int
main(int argc, char **argv)
{
	MYSQL *db;
	CURLM *multi;
	CURL **pool;
	struct curl_slist *headers = NULL;
	char *body, *hdrs, *line, *save = NULL, *sql;
	size_t body_len, hdrs_len, pooled = 0;
	long batch, conc;
	unsigned long long sent = 0, errors = 0, rounds = 0;
	unsigned long long *ids;

	if (argc != 9) {
		fprintf(stderr, "usage: push-floor SOCKET USER DATABASE URL HEADERS-FILE BODY-FILE "
		                "BATCH CONCURRENCY\n");
		return 2;
	}
	batch = atol(argv[7]);
	conc = atol(argv[8]);
	if (batch < 1 || batch > 100000 || conc < 1 || conc > 1024)
		die(NULL, "BATCH must be 1-100000 and CONCURRENCY 1-1024");
	body = slurp(argv[6], &body_len);
	hdrs = slurp(argv[5], &hdrs_len);
	for (line = strtok_r(hdrs, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		headers = curl_slist_append(headers, line);
	ids = calloc((size_t)batch, sizeof(*ids));
	sql = malloc((size_t)batch * 24 + 128);
	pool = calloc((size_t)conc, sizeof(*pool));
	if (ids == NULL || sql == NULL || pool == NULL)
		die(NULL, "out of memory");

	curl_global_init(CURL_GLOBAL_DEFAULT);
	multi = curl_multi_init();
	curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, conc);
	db = mysql_init(NULL);
	if (mysql_real_connect(db, NULL, argv[2], NULL, argv[3], 0, argv[1], 0) == NULL)
		die(db, "connect");
	if (mysql_query(db, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED") != 0)
		die(db, "isolation");

	for (;;) {
		MYSQL_RES *res;
		MYSQL_ROW row;
		size_t n = 0, next = 0, running = 0, len;

		if (mysql_query(db, "START TRANSACTION") != 0)
			die(db, "start");
		snprintf(sql, 128,
		    "SELECT id FROM floor_outbox WHERE state = 0 ORDER BY id LIMIT %ld FOR UPDATE "
		    "SKIP LOCKED",
		    batch);
		if (mysql_query(db, sql) != 0 || (res = mysql_store_result(db)) == NULL)
			die(db, "claim");
		while ((row = mysql_fetch_row(res)) != NULL)
			ids[n++] = strtoull(row[0], NULL, 10);
		mysql_free_result(res);
		if (n == 0) {
			mysql_query(db, "COMMIT");
			break;
		}
		rounds++;
		for (;;) {
			int still;
			CURLMsg *m;
			while (next < n && running < (size_t)conc) {
				CURL *e = pooled > 0 ? pool[--pooled] : curl_easy_init();
				if (e == NULL)
					die(NULL, "curl_easy_init");
				curl_easy_setopt(e, CURLOPT_URL, argv[4]);
				curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
				curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
				curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)body_len);
				curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
				curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
				curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 8000L);
				curl_multi_add_handle(multi, e);
				next++;
				running++;
			}
			if (running == 0)
				break;
			curl_multi_perform(multi, &still);
			while ((m = curl_multi_info_read(multi, &still)) != NULL) {
				long status = 0;
				if (m->msg != CURLMSG_DONE)
					continue;
				curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &status);
				if (m->data.result == CURLE_OK && status >= 200 && status < 300)
					sent++;
				else
					errors++;
				curl_multi_remove_handle(multi, m->easy_handle);
				pool[pooled++] = m->easy_handle;
				running--;
			}
			if (running > 0)
				curl_multi_poll(multi, NULL, 0, 100, NULL);
		}
		len = (size_t)snprintf(sql, 64, "UPDATE floor_outbox SET state = 1 WHERE id IN (");
		for (size_t i = 0; i < n; i++)
			len += (size_t)sprintf(sql + len, "%s%llu", i ? "," : "", ids[i]);
		sql[len++] = ')';
		if (mysql_real_query(db, sql, (unsigned long)len) != 0)
			die(db, "mark sent");
		if (mysql_query(db, "COMMIT") != 0)
			die(db, "commit");
	}
	{
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		printf("FLOOR sent=%llu errors=%llu rounds=%llu cpu_us=%lld\n", sent, errors,
		    rounds,
		    (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL +
		        ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	}
	while (pooled > 0)
		curl_easy_cleanup(pool[--pooled]);
	curl_multi_cleanup(multi);
	curl_slist_free_all(headers);
	mysql_close(db);
	free(pool);
	free(sql);
	free(ids);
	free(hdrs);
	free(body);
	return 0;
}
