/*
 * floor.c: the benchmark's FastCGI floor (tests/bench/run.sh). A libfcgi prefork program
 * that answers every request with a fixed JSON body of a given size and the same headers
 * as the catalog's item detail (Status, Content-Type, Content-Length, X-Request-Id random
 * hex, ETag, Cache-Control): what nginx + FastCGI + libfcgi cost with no work at all.
 *
 * usage: floor -s socket -b body_bytes [-w workers]
 * The body is {"pad":"xxx...x"} padded to body_bytes (at least 12). Benchmark code only.
 */
#define _GNU_SOURCE
#include "common.h"

static char *body;
static size_t body_len;

static void
worker(int fd)
{
	FCGX_Request f;
	char head[512], rid[33];
	int n;

	if (FCGX_InitRequest(&f, fd, 0) != 0)
		_exit(1);
	while (FCGX_Accept_r(&f) >= 0) {
		bench_request_id(rid);
		n = snprintf(head, sizeof(head),
		    "Status: 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
		    "Content-Length: %lu\r\nX-Request-Id: %s\r\nETag: \"1\"\r\n"
		    "Cache-Control: public, max-age=60\r\n\r\n",
		    (unsigned long)body_len, rid);
		FCGX_PutStr(head, n, f.out);
		FCGX_PutStr(body, (int)body_len, f.out);
		FCGX_Finish_r(&f);
	}
}

int
main(int argc, char **argv)
{
	const char *sock = NULL;
	long size = 0;
	int opt, workers = 2;

	while ((opt = getopt(argc, argv, "s:b:w:")) != -1) {
		switch (opt) {
		case 's': sock = optarg; break;
		case 'b': size = atol(optarg); break;
		case 'w': workers = atoi(optarg); break;
		default: sock = NULL; optind = argc; break;
		}
	}
	if (sock == NULL || size < 12 || size > 1 << 24) {
		fprintf(stderr, "usage: floor -s socket -b body_bytes [-w workers]\n");
		return 2;
	}
	body_len = (size_t)size;
	body = malloc(body_len + 1);
	if (body == NULL)
		return 1;
	memcpy(body, "{\"pad\":\"", 8);
	memset(body + 8, 'x', body_len - 10);
	memcpy(body + body_len - 2, "\"}", 2);
	body[body_len] = '\0';
	return bench_prefork(sock, workers, worker);
}
