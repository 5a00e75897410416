/*
 * wechat_token_probe.c: asks for the shared WeChat access token from many processes at
 * once, as the workers of several apps would, and checks that they all got the same one.
 * Used by wechat-token.test.js, which counts the fake WeChat's stable_token calls.
 *
 * usage: wechat_token_probe -c yiwang.conf [-n processes] [-k calls] [-s stale-token]
 * Prints the token it saw on success (for the test), exits 1 on any disagreement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../fcgi-apps/lib/clock.h"
#include "../../fcgi-apps/lib/http.h"
#include "../../fcgi-apps/lib/wechat.h"

static int
child(const yw_config *cfg, int calls, const char *stale, int fd)
{
	yw_db *db = yw_db_new(cfg);
	yw_arena a;
	const char *tok = NULL;
	char first[1100] = "";
	int rc = 0;

	yw_arena_init(&a);
	yw_http_init(1000, 5000);
	for (int i = 0; i < calls; i++) {
		if (yw_wechat_access_token(db, &a, cfg, i == 0 ? stale : NULL, &tok) != YW_OK) {
			rc = 1;
			break;
		}
		if (first[0] == '\0')
			snprintf(first, sizeof(first), "%s", tok);
		else if (strcmp(first, tok) != 0)
			rc = 1;
		yw_arena_reset(&a);
	}
	if (rc == 0 && write(fd, first, strlen(first) + 1) < 0)
		rc = 1;
	yw_arena_free(&a);
	yw_db_free(db);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *conf = NULL, *stale = NULL;
	int n = 8, k = 10, opt, fds[2], failed = 0;
	char err[256], buf[1100 * 64], *p;
	ssize_t got, total = 0;
	yw_config *cfg;

	while ((opt = getopt(argc, argv, "c:n:k:s:")) != -1) {
		switch (opt) {
		case 'c': conf = optarg; break;
		case 'n': n = atoi(optarg); break;
		case 'k': k = atoi(optarg); break;
		case 's': stale = optarg; break;
		default: return 2;
		}
	}
	if (n < 1 || n > 64 || k < 1)
		return 2;
	if ((cfg = yw_config_load(conf, "account", err, sizeof(err))) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	yw_clock_set_file(yw_config_str(cfg, "clock_file", NULL));
	if (pipe(fds) != 0)
		return 2;
	for (int i = 0; i < n; i++) {
		if (fork() == 0) {
			close(fds[0]);
			exit(child(cfg, k, stale, fds[1]));
		}
	}
	close(fds[1]);
	while ((got = read(fds[0], buf + total, sizeof(buf) - 1 - (size_t)total)) > 0)
		total += got;
	buf[total] = '\0';
	for (int i = 0; i < n; i++) {
		int st;
		wait(&st);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
	}
	/* Every child wrote its token, NUL-terminated: all must be the same. */
	for (p = buf; p < buf + total; p += strlen(p) + 1)
		if (strcmp(p, buf) != 0)
			failed++;
	yw_config_free(cfg);
	if (failed || total == 0) {
		fprintf(stderr, "%d processes failed or disagreed\n", failed);
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}
